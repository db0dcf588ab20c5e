/*
 * The data clock and the one timestamp form of the data model. All arithmetic
 * is plain UTC civil arithmetic, so nothing here depends on TZ.
 */
#include "datastore/timefmt.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "util/xmalloc.h"

#define MS_PER_DAY 86400000LL

static bool clock_fixed;
static ms_t clock_fixed_ms;

ms_t
clock_real_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (ms_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

ms_t
clock_now_ms(void)
{
	if (clock_fixed)
		return clock_fixed_ms;
	return clock_real_ms();
}

void
clock_set_fixed(ms_t ms)
{
	clock_fixed_ms = ms;
	clock_fixed = true;
}

void
clock_clear_fixed(void)
{
	clock_fixed = false;
	clock_fixed_ms = 0;
}

/* Howard Hinnant's days_from_civil: exact for every proleptic Gregorian date. */
long long
timefmt_days_from_civil(int y, int m, int d)
{
	long long yy = (long long)y - (m <= 2);
	long long era = (yy >= 0 ? yy : yy - 399) / 400;
	long long yoe = yy - era * 400;
	long long mp = m > 2 ? m - 3 : m + 9;
	long long doy = (153 * mp + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void
timefmt_civil_from_days(long long days, int *y, int *m, int *d)
{
	long long z = days + 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	long long dd = doy - (153 * mp + 2) / 5 + 1;
	long long mm = mp < 10 ? mp + 3 : mp - 9;

	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
	*d = (int)dd;
}

static bool
is_leap(long long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool
timefmt_valid_date(int y, int m, int d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int last;

	if (m < 1 || m > 12 || d < 1)
		return false;
	last = mdays[m - 1] + (m == 2 && is_leap(y));
	return d <= last;
}

/* Floor division: the ms before 1970 belong to the day they fall in, not the next. */
static long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* The range the 24-character form can hold. */
static ms_t
range_min(void)
{
	return timefmt_days_from_civil(0, 1, 1) * MS_PER_DAY;
}

static ms_t
range_max(void)
{
	return timefmt_days_from_civil(10000, 1, 1) * MS_PER_DAY - 1;
}

/* Out-of-range instants are clamped so the output is always 24 characters. */
void
timefmt_format(ms_t ms, char out[TIMEFMT_LEN + 1])
{
	long long days, rem;
	int y, m, d;

	if (ms < range_min())
		ms = range_min();
	if (ms > range_max())
		ms = range_max();
	days = floor_div(ms, MS_PER_DAY);
	rem = ms - days * MS_PER_DAY;
	timefmt_civil_from_days(days, &y, &m, &d);
	(void)xsnprintf(out, TIMEFMT_LEN + 1, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    y, m, d, (int)(rem / 3600000), (int)(rem / 60000 % 60),
	    (int)(rem / 1000 % 60), (int)(rem % 1000));
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool
timefmt_digits(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return false;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return true;
}

static ms_t
compose(int y, int mo, int d, int h, int mi, int s, int frac)
{
	return ((timefmt_days_from_civil(y, mo, d) * 86400LL + h * 3600LL +
	    mi * 60LL + s) * 1000) + frac;
}

int
timefmt_parse_key(const char *text, ms_t *ms)
{
	int y, mo, d, h, mi, s, f;

	if (text == NULL || strlen(text) != TIMEFMT_LEN)
		return -1;
	if (!timefmt_digits(text, 4, &y) || text[4] != '-' || !timefmt_digits(text + 5, 2, &mo) ||
	    text[7] != '-' || !timefmt_digits(text + 8, 2, &d) || text[10] != 'T' ||
	    !timefmt_digits(text + 11, 2, &h) || text[13] != ':' ||
	    !timefmt_digits(text + 14, 2, &mi) || text[16] != ':' ||
	    !timefmt_digits(text + 17, 2, &s) || text[19] != '.' ||
	    !timefmt_digits(text + 20, 3, &f) || text[23] != 'Z')
		return -1;
	if (!timefmt_valid_date(y, mo, d) || h > 23 || mi > 59 || s > 59)
		return -1;
	*ms = compose(y, mo, d, h, mi, s, f);
	return 0;
}

int
timefmt_parse_rfc3339(const char *text, ms_t *ms, const char **why)
{
	static const char *shape = "not an RFC 3339 time (use 2026-11-26T04:03:04Z)";
	const char *p;
	int y, mo, d, h, mi, s, frac = 0, n, oh, om, sign;
	ms_t v;

	if (why != NULL)
		*why = shape;
	if (text == NULL)
		return -1;
	if (!timefmt_digits(text, 4, &y) || text[4] != '-' || !timefmt_digits(text + 5, 2, &mo) ||
	    text[7] != '-' || !timefmt_digits(text + 8, 2, &d))
		return -1;
	if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
		return -1;
	if (!timefmt_digits(text + 11, 2, &h) || text[13] != ':' ||
	    !timefmt_digits(text + 14, 2, &mi))
		return -1;
	if (text[16] != ':') {
		if (why != NULL)
			*why = "needs seconds and a zone offset (2026-11-26T04:03:04Z)";
		return -1;
	}
	if (!timefmt_digits(text + 17, 2, &s))
		return -1;
	p = text + 19;
	if (*p == '.') {
		p++;
		/* Beyond milliseconds the digits are read and dropped. */
		for (n = 0; is_digit(p[n]); n++) {
			if (n < 3)
				frac = frac * 10 + (p[n] - '0');
		}
		if (n == 0 || n > 9)
			return -1;
		for (; n < 3; n++)
			frac *= 10;
		while (is_digit(*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z') {
		sign = 0;
		oh = om = 0;
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '+' ? 1 : -1;
		if (!timefmt_digits(p + 1, 2, &oh) || p[3] != ':' || !timefmt_digits(p + 4, 2, &om))
			return -1;
		p += 6;
	} else {
		if (why != NULL)
			*why = "needs a zone offset (Z or +hh:mm)";
		return -1;
	}
	if (*p != '\0')
		return -1;
	if (!timefmt_valid_date(y, mo, d)) {
		if (why != NULL)
			*why = "not a real date";
		return -1;
	}
	if (h > 23 || mi > 59 || s > 59) {
		if (why != NULL)
			*why = "not a real time of day";
		return -1;
	}
	if (oh > 23 || om > 59) {
		if (why != NULL)
			*why = "not a real zone offset";
		return -1;
	}
	v = compose(y, mo, d, h, mi, s, frac) - sign * (oh * 3600000LL + om * 60000LL);
	if (v < range_min() || v > range_max()) {
		if (why != NULL)
			*why = "out of range (years 0000-9999 in UTC)";
		return -1;
	}
	*ms = v;
	if (why != NULL)
		*why = NULL;
	return 0;
}
