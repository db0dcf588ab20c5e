/* UTF-8: decoding, checking, display widths and inert display of untrusted text. */
#ifndef AILIFE_UTF8_H
#define AILIFE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decodes one code point at s (n bytes available). Returns its length in bytes
 * (1-4) and *cp, or 0 for an invalid or truncated sequence (overlong forms,
 * surrogates and values past U+10FFFF are invalid).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
bool utf8_valid(const char *s, size_t n);
/* Code points in a valid string. */
size_t utf8_count(const char *s);
/* Columns a code point takes on a terminal (0, 1 or 2); control characters count 0. */
int utf8_cp_width(uint32_t cp);
/* Columns a string takes once made inert (see utf8_inert). */
size_t utf8_width(const char *s);
/* A control character: C0 (but for the allowed ones), DEL or C1. */
bool utf8_is_control(uint32_t cp);
/*
 * The text made safe to show on a terminal: control characters and escape
 * sequences become visible escapes (\x1b, \n when !keep_newlines), invalid bytes
 * become U+FFFD. A new string.
 */
char *utf8_inert(const char *s, bool keep_newlines);
/* Cuts s to at most cols columns, ending in an ellipsis when cut. A new string (inert). */
char *utf8_fit(const char *s, size_t cols);
/* Encodes cp (at most U+10FFFF) into out; returns its length in bytes (1-4). */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Appends cp to the string s (size bytes of room, NUL included); nothing when it does not fit. */
void utf8_append(char *s, size_t size, uint32_t cp);
/* Removes the last code point of the string s (a backspace). */
void utf8_drop_last(char *s);
/* Whether the terminal's locale is UTF-8 (after setlocale). */
bool utf8_locale(void);

#endif
