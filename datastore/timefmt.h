/*
 * Time: the one clock of the program and the RFC 3339 form every key and
 * attribute uses (UTC, milliseconds, "Z", always 24 characters).
 */
#ifndef AILIFE_TIMEFMT_H
#define AILIFE_TIMEFMT_H

#include <stdbool.h>

#define TIMEFMT_LEN 24

/* Milliseconds since the epoch. */
typedef long long ms_t;

/* The data clock: the real time, or the fixed --now time once set. */
ms_t clock_now_ms(void);
void clock_set_fixed(ms_t ms);
void clock_clear_fixed(void);
/* The real clock, whatever --now says (request signing must use this). */
ms_t clock_real_ms(void);

/* "2026-11-26T04:03:04.123Z" into out (25 bytes with the NUL). Years 0000-9999. */
void timefmt_format(ms_t ms, char out[TIMEFMT_LEN + 1]);

/* Strict: exactly the 24-character form above, a real date and time. Returns 0 or -1. */
int timefmt_parse_key(const char *text, ms_t *ms);

/*
 * RFC 3339 as people and other programs write it: "2026-11-26T04:03:04Z",
 * "...T04:03:04.5+01:00", "...t04:03:04z", 't' or ' ' as separator, 0-9
 * fraction digits (beyond milliseconds truncated), offset Z or +hh:mm.
 * Returns 0 or -1 with *why (static text).
 */
int timefmt_parse_rfc3339(const char *text, ms_t *ms, const char **why);

/* Days from 1970-01-01 of a civil date, and back (proleptic Gregorian). */
long long timefmt_days_from_civil(int y, int m, int d);
void timefmt_civil_from_days(long long days, int *y, int *m, int *d);
bool timefmt_valid_date(int y, int m, int d);

/* n decimal digits at s into *v; false unless all n are digits. */
bool timefmt_digits(const char *s, int n, int *v);

#endif
