/*
 * The WHEN, DAY and period forms of ailife(1) (DATES), read in the process's
 * zone. Nothing is guessed: a text that is none of the forms, or a local time
 * the clocks skip, is refused with the reason (the caller names the value).
 *
 * A text is split into words at single spaces; "am" and "pm" stick to the word
 * before them ("8 am" is "8am"). Keywords are read case-insensitively, units of
 * relative times are not ("-2m" is minutes, "-2mo" months, "-2M" nothing).
 */
#include "datastore/dates.h"
#include "datastore/dates_int.h"
#include "datastore/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xmalloc.h"

#define TEXT_MAX 64
#define WORDS_MAX 4

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* Monday first, as ISO weeks count. */
static const char *const weekday_names[7][2] = {
	{ "monday", "mon" }, { "tuesday", "tue" }, { "wednesday", "wed" }, { "thursday", "thu" },
	{ "friday", "fri" }, { "saturday", "sat" }, { "sunday", "sun" },
};

static const char when_usage[] = "not a date or time (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM', RFC 3339, "
    "now, today, yesterday, tomorrow, a weekday, 8am, 21:00, -2h, -3d or -2mo; see ailife(1), DATES)";
static const char day_usage[] = "not a day (use YYYY-MM-DD, today, yesterday, tomorrow, a weekday, "
    "-7d, -1w or -2mo)";
static const char period_usage[] = "not a day or period (use YYYY-MM-DD, YYYY-MM, YYYY-Www, today, "
    "a weekday, -7d, -2mo, this week, last week, this month or last month)";

enum unit { U_SEC, U_MIN, U_HOUR, U_DAY, U_WEEK, U_MONTH, U_YEAR };

/* The words of a text, split at single spaces; am / pm joined to the word before. */
struct words {
	char buf[TEXT_MAX + WORDS_MAX];
	char *w[WORDS_MAX];
	size_t n;
};

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* False when the text is too long, has too many words, or spaces that are not single ones. */
static bool
split_words(const char *text, struct words *ws)
{
	size_t len = strlen(text), at = 0;
	ws->n = 0;
	if (len == 0 || len > TEXT_MAX)
		return false;
	memcpy(ws->buf, text, len + 1);
	while (at <= len) {
		char *start = ws->buf + at;
		char *sp = strchr(start, ' ');
		size_t wl = sp != NULL ? (size_t)(sp - start) : strlen(start);
		if (wl == 0 || ws->n >= WORDS_MAX)
			return false;
		start[wl] = '\0';
		if (ws->n > 0 && (strcasecmp(start, "am") == 0 || strcasecmp(start, "pm") == 0)) {
			/* "8 am": the buffer has room, the word before ends where this one began. */
			char *prev = ws->w[ws->n - 1];
			memmove(prev + strlen(prev), start, wl + 1);
		} else {
			ws->w[ws->n++] = start;
		}
		at += wl + 1;
	}
	return true;
}

/* Whether text starts with the shape "YYYY-MM-DD" (not yet a real date). */
static bool
date_shape(const char *text, struct day *day)
{
	return strlen(text) >= 10 && timefmt_digits(text, 4, &day->y) && text[4] == '-' &&
	    timefmt_digits(text + 5, 2, &day->m) && text[7] == '-' && timefmt_digits(text + 8, 2, &day->d);
}

/* "YYYY-MM" exactly. */
static bool
month_shape(const char *text, struct day *day)
{
	day->d = 1;
	return strlen(text) == 7 && timefmt_digits(text, 4, &day->y) && text[4] == '-' &&
	    timefmt_digits(text + 5, 2, &day->m);
}

/* "YYYY-Www" exactly (an ISO week). */
static bool
week_shape(const char *text, int *y, int *w)
{
	return strlen(text) == 8 && timefmt_digits(text, 4, y) && text[4] == '-' &&
	    (text[5] == 'W' || text[5] == 'w') && timefmt_digits(text + 6, 2, w);
}

static int
check_month(int m, char *why, size_t why_size)
{
	if (m < 1 || m > 12) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "month %d does not exist (use 01-12)", m);
		return -1;
	}
	return 0;
}

static int
check_date(struct day day, char *why, size_t why_size)
{
	if (check_month(day.m, why, why_size) != 0)
		return -1;
	if (!timefmt_valid_date(day.y, day.m, day.d)) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "day %d does not exist in %s %04d", day.d,
			    month_names[day.m - 1], day.y);
		return -1;
	}
	return 0;
}

static int
out_of_range(char *why, size_t why_size)
{
	set_why(why, why_size, "out of range (years 0000-9999)");
	return -1;
}

static int
check_now(ms_t now, char *why, size_t why_size)
{
	if (!ms_in_range(now)) {
		set_why(why, why_size, "the clock is out of range");
		return -1;
	}
	return 0;
}

static long long
day_number(struct day day)
{
	return timefmt_days_from_civil(day.y, day.m, day.d);
}

static struct day
day_from_number(long long days)
{
	struct day r;
	timefmt_civil_from_days(days, &r.y, &r.m, &r.d);
	return r;
}

/* 0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday). */
static int
weekday_of(struct day day)
{
	return (int)(((day_number(day) + 3) % 7 + 7) % 7);
}

static int
days_in_month(int y, int m)
{
	int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
	return (int)(timefmt_days_from_civil(ny, nm, 1) - timefmt_days_from_civil(y, m, 1));
}

/*
 * day + n calendar months, the day of the month kept or, past the end of a
 * shorter month, its last day: 2026-03-31 - 1 month is 2026-02-28.
 */
static struct day
add_months(struct day day, long long n)
{
	long long idx = (long long)day.y * 12 + (day.m - 1) + n;
	struct day r;
	r.y = (int)floor_div(idx, 12);
	r.m = (int)(idx - (long long)r.y * 12) + 1;
	r.d = day.d;
	if (r.y >= 0 && r.y <= 9999 && r.d > days_in_month(r.y, r.m))
		r.d = days_in_month(r.y, r.m);
	return r;
}

static bool
day_ok(struct day day)
{
	return day.y >= 0 && day.y <= 9999 && day_in_range(day_number(day));
}

/*
 * "-<n><unit>" (text past the '-'): s, m, h, d, w, mo or y. The count is
 * bounded (at most 9 digits) so that n weeks in milliseconds cannot overflow.
 */
static int
parse_relative(const char *text, long long *n, enum unit *unit, char *why, size_t why_size, const char *usage)
{
	static const struct {
		const char *name;
		enum unit unit;
	} units[] = {
		{ "s", U_SEC }, { "m", U_MIN }, { "h", U_HOUR }, { "d", U_DAY }, { "w", U_WEEK },
		{ "mo", U_MONTH }, { "y", U_YEAR },
	};
	long long v = 0;
	int i;

	for (i = 0; is_digit(text[i]); i++) {
		if (i >= REL_DIGITS_MAX) {
			set_why(why, why_size, "number too large");
			return -1;
		}
		v = v * 10 + (text[i] - '0');
	}
	if (i > 0)
		for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
			if (strcmp(text + i, units[k].name) == 0) {
				*n = v;
				*unit = units[k].unit;
				return 0;
			}
	set_why(why, why_size, usage);
	return -1;
}

/*
 * A clock time: "21:00", "8:30", "21:00:15", "8am", "8:30pm", "12am" (midnight).
 * Returns 0; 1 when the word is not shaped as one (another form may fit); -1
 * with why when it is shaped as one that does not exist ("25:00", "13pm").
 */
static int
parse_clock(const char *w, int *h, int *mi, int *s, char *why, size_t why_size)
{
	size_t len = strlen(w), i = 0;
	int half = 0;            /* 1 am, 2 pm */
	bool colon = false;

	*h = *mi = *s = 0;
	if (len > 2 && (strcasecmp(w + len - 2, "am") == 0 || strcasecmp(w + len - 2, "pm") == 0)) {
		half = (w[len - 2] == 'a' || w[len - 2] == 'A') ? 1 : 2;
		len -= 2;
	}
	while (i < len && i < 2 && is_digit(w[i])) {
		*h = *h * 10 + (w[i] - '0');
		i++;
	}
	if (i == 0)
		return 1;
	if (i < len) {
		if (w[i] != ':' || i + 3 > len || !timefmt_digits(w + i + 1, 2, mi))
			return 1;
		colon = true;
		i += 3;
		if (i < len) {
			if (w[i] != ':' || i + 3 != len || !timefmt_digits(w + i + 1, 2, s))
				return 1;
			i += 3;
		}
	}
	if (i != len || (!colon && half == 0))
		return 1;
	if (half != 0) {
		if (*h < 1 || *h > 12) {
			if (why != NULL && why_size > 0)
				(void)xsnprintf(why, why_size,
				    "hour %d does not exist on a 12-hour clock (use 1-12 with am or pm)", *h);
			return -1;
		}
		*h = *h % 12 + (half == 2 ? 12 : 0);
	} else if (*h > 23) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "hour %d does not exist (use 00-23)", *h);
		return -1;
	}
	if (*mi > 59) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "minute %d does not exist (use 00-59)", *mi);
		return -1;
	}
	if (*s > 59) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "second %d does not exist (use 00-59)", *s);
		return -1;
	}
	return 0;
}

/* The instant a local day's wall clock reads h:mi:s; a time the clocks skip is refused. */
static int
local_instant(struct day day, int h, int mi, int s, ms_t *out, char *why, size_t why_size)
{
	time_t t;
	long long wall = day_number(day) * DAY_SECS + h * HOUR + mi * 60LL + s;
	int r = wall_to_instant(wall, &t);

	if (r == -1) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "does not exist in %s: the clocks skip it", system_zone_l());
		return -1;
	}
	if (r != 0 || !ms_in_range((ms_t)t * 1000))
		return out_of_range(why, why_size);
	*out = (ms_t)t * 1000;
	return 0;
}

static int
weekday_by_name(const char *w)
{
	for (int k = 0; k < 7; k++)
		if (strcasecmp(w, weekday_names[k][0]) == 0 || strcasecmp(w, weekday_names[k][1]) == 0)
			return k;
	return -1;
}

/*
 * A day named by words: today, yesterday, tomorrow, a weekday or "last"
 * and a weekday (both: the most recent one before today). *used: how many
 * words it took. Returns false when ws does not start with one.
 */
static bool
parse_dayword(const struct words *ws, ms_t now, struct day *out, size_t *used)
{
	struct day today = day_of_l(now);
	const char *w = ws->w[0];
	int wd;

	*used = 1;
	if (strcasecmp(w, "today") == 0) {
		*out = today;
		return true;
	}
	if (strcasecmp(w, "yesterday") == 0 || strcasecmp(w, "tomorrow") == 0) {
		*out = day_from_number(day_number(today) + (w[0] == 'y' || w[0] == 'Y' ? -1 : 1));
		return true;
	}
	if (strcasecmp(w, "last") == 0 && ws->n > 1) {
		*used = 2;
		w = ws->w[1];
	}
	if ((wd = weekday_by_name(w)) < 0)
		return false;
	int back = (weekday_of(today) - wd + 7) % 7;
	*out = day_from_number(day_number(today) - (back == 0 ? 7 : back));
	return true;
}

/* "this week", "last month", ...: true with the period's days. */
static bool
parse_named_period(const struct words *ws, ms_t now, struct day *first, struct day *last)
{
	struct day today = day_of_l(now);
	int back;

	if (ws->n != 2)
		return false;
	if (strcasecmp(ws->w[0], "this") == 0)
		back = 0;
	else if (strcasecmp(ws->w[0], "last") == 0)
		back = 1;
	else
		return false;
	if (strcasecmp(ws->w[1], "week") == 0) {
		*first = day_from_number(day_number(dates_week_start(today)) - 7LL * back);
		*last = day_from_number(day_number(*first) + 6);
	} else if (strcasecmp(ws->w[1], "month") == 0) {
		*first = add_months(dates_month_start(today), -back);
		*last = *first;
		last->d = days_in_month(first->y, first->m);
	} else if (strcasecmp(ws->w[1], "year") == 0) {
		*first = (struct day){ today.y - back, 1, 1 };
		*last = (struct day){ today.y - back, 12, 31 };
	} else {
		return false;
	}
	return true;
}

/* A day minus a relative count of whole days, weeks, months or years. */
static int
day_back(struct day today, long long n, enum unit unit, struct day *out, char *why, size_t why_size)
{
	struct day d;
	switch (unit) {
	case U_DAY:
	case U_WEEK: {
		long long days = day_number(today) - n * (unit == U_WEEK ? 7 : 1);
		if (!day_in_range(days))
			return out_of_range(why, why_size);
		d = day_from_number(days);
		break;
	}
	case U_MONTH:
	case U_YEAR:
		d = add_months(today, -n * (unit == U_YEAR ? 12 : 1));
		break;
	default:
		set_why(why, why_size, "a day counts whole days (use -7d, -1w, -2mo or -1y)");
		return -1;
	}
	if (!day_ok(d))
		return out_of_range(why, why_size);
	*out = d;
	return 0;
}

static int
day_midnight(struct day day, ms_t *out, char *why, size_t why_size)
{
	ms_t v = day_start_l(day);
	if (!day_ok(day) || !ms_in_range(v))
		return out_of_range(why, why_size);
	*out = v;
	return 0;
}

/* now minus a relative count: exact for s..w, calendar months for mo and y (the same wall clock). */
static int
when_back(ms_t now, long long n, enum unit unit, ms_t *out, char *why, size_t why_size)
{
	static const long long unit_ms[] = {
		[U_SEC] = 1000LL, [U_MIN] = 60000LL, [U_HOUR] = 3600000LL, [U_DAY] = 86400000LL,
		[U_WEEK] = 604800000LL,
	};
	ms_t v;

	if (unit == U_MONTH || unit == U_YEAR) {
		time_t t = (time_t)floor_div(now, 1000);
		struct tm tm;
		if (localtime_r(&t, &tm) == NULL)
			return out_of_range(why, why_size);
		struct day d = add_months((struct day){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday },
		    -n * (unit == U_YEAR ? 12 : 1));
		if (!day_ok(d))
			return out_of_range(why, why_size);
		if (local_instant(d, tm.tm_hour, tm.tm_min, tm.tm_sec, &v, why, why_size) != 0)
			return -1;
		*out = v + (now - floor_div(now, 1000) * 1000);
		return 0;
	}
	v = now - n * unit_ms[unit];
	if (!ms_in_range(v))
		return out_of_range(why, why_size);
	*out = v;
	return 0;
}

/* A clock word after a day: the moment; 1 when the word is no clock time. */
static int
day_at_clock(struct day day, const char *w, ms_t *out, char *why, size_t why_size)
{
	int h, mi, s, r = parse_clock(w, &h, &mi, &s, why, why_size);
	if (r != 0)
		return r;
	return local_instant(day, h, mi, s, out, why, why_size);
}

static int
parse_when_l(const char *text, ms_t now, ms_t *out, char *why, size_t why_size)
{
	struct words ws;
	struct day day, d2;
	long long n;
	enum unit unit;
	size_t used;
	const char *msg;
	ms_t v;
	int r, y, w;

	if (text == NULL || *text == '\0') {
		set_why(why, why_size, when_usage);
		return -1;
	}
	if (check_now(now, why, why_size) != 0)
		return -1;
	if (text[0] == '-') {
		if (parse_relative(text + 1, &n, &unit, why, why_size,
		    "not a relative time (use -2h, -30m, -3d, -45s, -1w, -2mo or -1y)") != 0)
			return -1;
		return when_back(now, n, unit, out, why, why_size);
	}
	if (!split_words(text, &ws)) {
		set_why(why, why_size, when_usage);
		return -1;
	}
	if (ws.n == 1 && strcasecmp(ws.w[0], "now") == 0) {
		*out = now;
		return 0;
	}
	if (date_shape(text, &day)) {
		if (check_date(day, why, why_size) != 0)
			return -1;
		if (text[10] == '\0')
			return day_midnight(day, out, why, why_size);
		if (text[10] == 'T' || text[10] == 't') {
			/* A local time without an offset, as ISO 8601 reads it; else RFC 3339. */
			if ((r = day_at_clock(day, text + 11, &v, why, why_size)) <= 0) {
				if (r == 0)
					*out = v;
				return r;
			}
		} else if (text[10] == ' ' && ws.n == 2) {
			if ((r = day_at_clock(day, ws.w[1], &v, why, why_size)) <= 0) {
				if (r == 0)
					*out = v;
				return r;
			}
		} else {
			set_why(why, why_size, when_usage);
			return -1;
		}
		/*
		 * RFC 3339 may use a space too; a spaced text that is not RFC 3339 was
		 * most likely meant as "YYYY-MM-DD HH:MM", so the usage says more.
		 */
		if (timefmt_parse_rfc3339(text, &v, &msg) != 0) {
			set_why(why, why_size, text[10] == ' ' ? when_usage : msg);
			return -1;
		}
		*out = v;
		return 0;
	}
	if (ws.n == 1 && (month_shape(text, &day) || week_shape(text, &y, &w))) {
		set_why(why, why_size, "a month or week is not a moment (use it with --from, --to, --month or --week)");
		return -1;
	}
	if (parse_named_period(&ws, now, &day, &d2)) {
		set_why(why, why_size, "a period is not a moment (use it with --from, --to, --month or --week)");
		return -1;
	}
	if (parse_dayword(&ws, now, &day, &used)) {
		if (!day_ok(day))
			return out_of_range(why, why_size);
		if (used == ws.n)
			return day_midnight(day, out, why, why_size);
		if (used + 1 == ws.n && (r = day_at_clock(day, ws.w[used], &v, why, why_size)) <= 0) {
			if (r == 0)
				*out = v;
			return r;
		}
		set_why(why, why_size, when_usage);
		return -1;
	}
	if (ws.n == 1 && (r = day_at_clock(day_of_l(now), ws.w[0], &v, why, why_size)) <= 0) {
		/* A clock time alone is today's. */
		if (r == 0)
			*out = v;
		return r;
	}
	set_why(why, why_size, when_usage);
	return -1;
}

static int
parse_day_l(const char *text, ms_t now, struct day *out, char *why, size_t why_size)
{
	struct words ws;
	struct day day, d2;
	long long n;
	enum unit unit;
	size_t used;
	int y, w;

	if (text == NULL || *text == '\0') {
		set_why(why, why_size, day_usage);
		return -1;
	}
	if (check_now(now, why, why_size) != 0)
		return -1;
	if (text[0] == '-') {
		if (parse_relative(text + 1, &n, &unit, why, why_size, "not a relative day (use -7d, -1w, -2mo or -1y)") != 0)
			return -1;
		return day_back(day_of_l(now), n, unit, out, why, why_size);
	}
	if (!split_words(text, &ws)) {
		set_why(why, why_size, day_usage);
		return -1;
	}
	if (date_shape(text, &day)) {
		if (check_date(day, why, why_size) != 0)
			return -1;
		if (text[10] != '\0') {
			set_why(why, why_size, "a day has no time (use YYYY-MM-DD)");
			return -1;
		}
		*out = day;
		return 0;
	}
	if ((ws.n == 1 && (month_shape(text, &day) || week_shape(text, &y, &w))) ||
	    parse_named_period(&ws, now, &day, &d2)) {
		set_why(why, why_size, "a month or week is not one day (use YYYY-MM-DD)");
		return -1;
	}
	if (parse_dayword(&ws, now, &day, &used)) {
		if (used != ws.n) {
			set_why(why, why_size, "a day has no time (use YYYY-MM-DD)");
			return -1;
		}
		if (!day_ok(day))
			return out_of_range(why, why_size);
		*out = day;
		return 0;
	}
	set_why(why, why_size, day_usage);
	return -1;
}

/* The ISO week y-Www: its Monday and Sunday. */
static int
iso_week(int y, int w, struct day *first, struct day *last, char *why, size_t why_size)
{
	long long week1 = day_number(dates_week_start((struct day){ y, 1, 4 }));
	long long lastweek = day_number(dates_week_start((struct day){ y, 12, 28 }));
	int weeks = (int)((lastweek - week1) / 7 + 1);

	if (w < 1 || w > weeks) {
		if (why != NULL && why_size > 0)
			(void)xsnprintf(why, why_size, "week %d does not exist in %04d (it has %d weeks)", w, y, weeks);
		return -1;
	}
	*first = day_from_number(week1 + 7LL * (w - 1));
	*last = day_from_number(day_number(*first) + 6);
	if (!day_ok(*first) || !day_ok(*last))
		return out_of_range(why, why_size);
	return 0;
}

static int
parse_period_l(const char *text, ms_t now, struct day *first, struct day *last, char *why, size_t why_size)
{
	struct words ws;
	struct day day;
	int y, w;

	if (text == NULL || *text == '\0' || !split_words(text, &ws)) {
		set_why(why, why_size, period_usage);
		return -1;
	}
	if (check_now(now, why, why_size) != 0)
		return -1;
	if (parse_named_period(&ws, now, first, last)) {
		if (!day_ok(*first) || !day_ok(*last))
			return out_of_range(why, why_size);
		return 0;
	}
	if (ws.n == 1 && month_shape(text, &day)) {
		if (check_month(day.m, why, why_size) != 0)
			return -1;
		*first = day;
		*last = day;
		last->d = days_in_month(day.y, day.m);
		return 0;
	}
	if (ws.n == 1 && week_shape(text, &y, &w))
		return iso_week(y, w, first, last, why, why_size);
	if (parse_day_l(text, now, &day, why, why_size) != 0) {
		/* The reason of a shape that is no day at all is the period's usage. */
		if (why != NULL && strncmp(why, "not a day (", 11) == 0)
			set_why(why, why_size, period_usage);
		return -1;
	}
	*first = *last = day;
	return 0;
}

int
dates_parse_when(const char *text, ms_t now, ms_t *out, char *why, size_t why_size)
{
	pthread_mutex_lock(&zone_mu);
	int rc = parse_when_l(text, now, out, why, why_size);
	pthread_mutex_unlock(&zone_mu);
	return rc;
}

int
dates_parse_day(const char *text, ms_t now, struct day *out, char *why, size_t why_size)
{
	pthread_mutex_lock(&zone_mu);
	int rc = parse_day_l(text, now, out, why, why_size);
	pthread_mutex_unlock(&zone_mu);
	return rc;
}

int
dates_parse_period(const char *text, ms_t now, struct day *first, struct day *last, char *why, size_t why_size)
{
	struct day f, l;
	pthread_mutex_lock(&zone_mu);
	int rc = parse_period_l(text, now, &f, &l, why, why_size);
	pthread_mutex_unlock(&zone_mu);
	if (rc == 0) {
		*first = f;
		*last = l;
	}
	return rc;
}

/* "this", "last", or a period: the month or ISO week holding its first day. */
static int
parse_holding(const char *text, ms_t now, bool month, struct day *first, struct day *last, char *why,
    size_t why_size)
{
	struct day f, l;
	char named[16];
	if (text != NULL && (strcasecmp(text, "this") == 0 || strcasecmp(text, "last") == 0)) {
		(void)xsnprintf(named, sizeof named, "%s %s", text, month ? "month" : "week");
		text = named;
	}
	if (dates_parse_period(text, now, &f, &l, why, why_size) != 0)
		return -1;
	if (month) {
		*first = dates_month_start(f);
		*last = *first;
		last->d = days_in_month(first->y, first->m);
	} else {
		*first = dates_week_start(f);
		*last = day_from_number(day_number(*first) + 6);
	}
	if (!day_ok(*first) || !day_ok(*last))
		return out_of_range(why, why_size);
	return 0;
}

int
dates_parse_month(const char *text, ms_t now, struct day *first, struct day *last, char *why, size_t why_size)
{
	return parse_holding(text, now, true, first, last, why, why_size);
}

int
dates_parse_week(const char *text, ms_t now, struct day *first, struct day *last, char *why, size_t why_size)
{
	return parse_holding(text, now, false, first, last, why, why_size);
}
