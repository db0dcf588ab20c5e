/* A growable byte buffer with a ceiling (after curl's dynbuf). */
#ifndef AILIFE_BUF_H
#define AILIFE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;     /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
	size_t max;     /* 0: no ceiling */
};

void buf_init(struct buf *b, size_t max);
void buf_done(struct buf *b);
void buf_reset(struct buf *b);
/* These return 0, or -1 when the ceiling would be passed (the buffer is unchanged). */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_adds(struct buf *b, const char *s);
int buf_addc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hands the contents to the caller (never NULL) and empties the buffer. */
char *buf_steal(struct buf *b);

#endif
