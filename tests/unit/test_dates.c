/* Tests of datastore/dates: WHEN and DAY in several zones, DST gaps and overlaps, day starts. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/dates.h"
#include "datastore/timefmt.h"

#define NOW "2026-11-26T04:03:04.123Z"

static void
set_tz(const char *zone)
{
	assert_int_equal(setenv("TZ", zone, 1), 0);
	tzset();
}

static ms_t
at(const char *key)
{
	ms_t ms;

	if (timefmt_parse_key(key, &ms) != 0)
		fail_msg("bad timestamp in the test: %s", key);
	return ms;
}

static struct day
mkday(int y, int m, int d)
{
	struct day r = { y, m, d };

	return r;
}

static void
assert_day(struct day got, int y, int m, int d)
{
	if (got.y != y || got.m != m || got.d != d)
		fail_msg("day %04d-%02d-%02d, expected %04d-%02d-%02d", got.y, got.m,
		    got.d, y, m, d);
}

static const struct when_case {
	const char *zone;
	const char *text;
	const char *now;
	const char *want;       /* NULL: refused */
	const char *why_has;    /* refused: the reason contains this */
} when_cases[] = {
	/* Every form, in UTC. */
	{ "UTC", "now", NOW, NOW, NULL },
	{ "UTC", "today", NOW, "2026-11-26T00:00:00.000Z", NULL },
	{ "UTC", "yesterday", NOW, "2026-11-25T00:00:00.000Z", NULL },
	{ "UTC", "-2h", NOW, "2026-11-26T02:03:04.123Z", NULL },
	{ "UTC", "-30m", NOW, "2026-11-26T03:33:04.123Z", NULL },
	{ "UTC", "-3d", NOW, "2026-11-23T04:03:04.123Z", NULL },
	{ "UTC", "-45s", NOW, "2026-11-26T04:02:19.123Z", NULL },
	{ "UTC", "-1w", NOW, "2026-11-19T04:03:04.123Z", NULL },
	{ "UTC", "-0h", NOW, NOW, NULL },
	{ "UTC", "-999999999s", NOW, "1995-03-20T02:16:25.123Z", NULL },
	{ "UTC", "2026-11-26", NOW, "2026-11-26T00:00:00.000Z", NULL },
	{ "UTC", "2026-11-26 05:03", NOW, "2026-11-26T05:03:00.000Z", NULL },
	{ "UTC", "2026-11-26 00:00", NOW, "2026-11-26T00:00:00.000Z", NULL },
	{ "UTC", "2026-11-26 23:59", NOW, "2026-11-26T23:59:00.000Z", NULL },
	{ "UTC", "2026-11-26T04:03:04Z", NOW, "2026-11-26T04:03:04.000Z", NULL },
	{ "UTC", "2026-11-26T04:03:04.5+01:00", NOW, "2026-11-26T03:03:04.500Z", NULL },
	{ "UTC", "2026-11-26 04:03:04.25Z", NOW, "2026-11-26T04:03:04.250Z", NULL },
	/* Leap days. */
	{ "UTC", "2024-02-29", NOW, "2024-02-29T00:00:00.000Z", NULL },
	{ "UTC", "2024-02-29 12:00", NOW, "2024-02-29T12:00:00.000Z", NULL },
	{ "UTC", "2000-02-29", NOW, "2000-02-29T00:00:00.000Z", NULL },
	{ "UTC", "2023-02-29", NOW, NULL, "day 29 does not exist in February 2023" },
	{ "UTC", "1900-02-29 10:00", NOW, NULL, "day 29 does not exist in February 1900" },
	{ "UTC", "-1d", "2024-03-01T10:00:00.000Z", "2024-02-29T10:00:00.000Z", NULL },
	{ "UTC", "yesterday", "2024-03-01T10:00:00.000Z", "2024-02-29T00:00:00.000Z", NULL },
	/* Europe/Berlin: spring forward 2026-03-29 02:00, fall back 2026-10-25 03:00. */
	{ "Europe/Berlin", "2026-11-26 05:03", NOW, "2026-11-26T04:03:00.000Z", NULL },
	{ "Europe/Berlin", "2026-07-01 12:00", NOW, "2026-07-01T10:00:00.000Z", NULL },
	{ "Europe/Berlin", "2026-11-26", NOW, "2026-11-25T23:00:00.000Z", NULL },
	{ "Europe/Berlin", "2026-03-29 02:30", NOW, NULL,
	    "does not exist in Europe/Berlin: the clocks skip it" },
	{ "Europe/Berlin", "2026-03-29 02:00", NOW, NULL, "the clocks skip it" },
	{ "Europe/Berlin", "2026-03-29 01:59", NOW, "2026-03-29T00:59:00.000Z", NULL },
	{ "Europe/Berlin", "2026-03-29 03:00", NOW, "2026-03-29T01:00:00.000Z", NULL },
	{ "Europe/Berlin", "2026-10-25 02:30", NOW, "2026-10-25T00:30:00.000Z", NULL },
	{ "Europe/Berlin", "2026-10-25 02:00", NOW, "2026-10-25T00:00:00.000Z", NULL },
	{ "Europe/Berlin", "2026-10-25 03:00", NOW, "2026-10-25T02:00:00.000Z", NULL },
	{ "Europe/Berlin", "today", "2026-11-25T23:30:00.000Z", "2026-11-25T23:00:00.000Z", NULL },
	{ "Europe/Berlin", "today", "2026-03-29T12:00:00.000Z", "2026-03-28T23:00:00.000Z", NULL },
	{ "Europe/Berlin", "yesterday", "2026-03-30T12:00:00.000Z", "2026-03-28T23:00:00.000Z", NULL },
	/* -3d is 72 hours, whatever the wall clock did in between. */
	{ "Europe/Berlin", "-3d", "2026-03-30T12:00:00.000Z", "2026-03-27T12:00:00.000Z", NULL },
	/* America/New_York: west of Greenwich. */
	{ "America/New_York", "2026-11-26 05:03", NOW, "2026-11-26T10:03:00.000Z", NULL },
	{ "America/New_York", "today", NOW, "2026-11-25T05:00:00.000Z", NULL },
	{ "America/New_York", "2026-03-08 02:30", NOW, NULL,
	    "does not exist in America/New_York: the clocks skip it" },
	{ "America/New_York", "2026-11-01 01:30", NOW, "2026-11-01T05:30:00.000Z", NULL },
	/* Asia/Kolkata: half-hour offset, no DST. */
	{ "Asia/Kolkata", "2026-11-26 05:03", NOW, "2026-11-25T23:33:00.000Z", NULL },
	{ "Asia/Kolkata", "today", "2026-11-25T20:00:00.000Z", "2026-11-25T18:30:00.000Z", NULL },
	{ "Asia/Kolkata", "2026-11-26", NOW, "2026-11-25T18:30:00.000Z", NULL },
	/* Pacific/Auckland: east, summer time in the southern summer. */
	{ "Pacific/Auckland", "2026-01-15 12:00", NOW, "2026-01-14T23:00:00.000Z", NULL },
	{ "Pacific/Auckland", "2026-07-15 12:00", NOW, "2026-07-15T00:00:00.000Z", NULL },
	{ "Pacific/Auckland", "2026-09-27 02:30", NOW, NULL, "the clocks skip it" },
	{ "Pacific/Auckland", "2026-04-05 02:30", NOW, "2026-04-04T13:30:00.000Z", NULL },
	{ "Pacific/Auckland", "today", "2026-11-25T11:00:00.000Z", "2026-11-25T11:00:00.000Z", NULL },
	/* A zone that skipped midnight: the day starts at 01:00. */
	{ "America/Sao_Paulo", "2018-11-04", NOW, "2018-11-04T03:00:00.000Z", NULL },
	{ "America/Sao_Paulo", "2018-11-04 00:30", NOW, NULL, "the clocks skip it" },
	{ "America/Sao_Paulo", "2018-11-04 01:00", NOW, "2018-11-04T03:00:00.000Z", NULL },
	/* Forms people say (2026-11-26 is a Thursday). */
	{ "UTC", "Today", NOW, "2026-11-26T00:00:00.000Z", NULL },
	{ "UTC", "NOW", NOW, NOW, NULL },
	{ "UTC", "tomorrow", NOW, "2026-11-27T00:00:00.000Z", NULL },
	{ "UTC", "8am", NOW, "2026-11-26T08:00:00.000Z", NULL },
	{ "UTC", "8 am", NOW, "2026-11-26T08:00:00.000Z", NULL },
	{ "UTC", "8:30pm", NOW, "2026-11-26T20:30:00.000Z", NULL },
	{ "UTC", "8:30 PM", NOW, "2026-11-26T20:30:00.000Z", NULL },
	{ "UTC", "12am", NOW, "2026-11-26T00:00:00.000Z", NULL },
	{ "UTC", "12pm", NOW, "2026-11-26T12:00:00.000Z", NULL },
	{ "UTC", "12:30am", NOW, "2026-11-26T00:30:00.000Z", NULL },
	{ "UTC", "21:00", NOW, "2026-11-26T21:00:00.000Z", NULL },
	{ "UTC", "8:05", NOW, "2026-11-26T08:05:00.000Z", NULL },
	{ "UTC", "21:00:15", NOW, "2026-11-26T21:00:15.000Z", NULL },
	{ "UTC", "00:00:00", NOW, "2026-11-26T00:00:00.000Z", NULL },
	{ "UTC", "yesterday 21:00", NOW, "2026-11-25T21:00:00.000Z", NULL },
	{ "UTC", "tomorrow 8am", NOW, "2026-11-27T08:00:00.000Z", NULL },
	{ "UTC", "mon", NOW, "2026-11-23T00:00:00.000Z", NULL },
	{ "UTC", "Monday", NOW, "2026-11-23T00:00:00.000Z", NULL },
	{ "UTC", "last monday", NOW, "2026-11-23T00:00:00.000Z", NULL },
	{ "UTC", "wed", NOW, "2026-11-25T00:00:00.000Z", NULL },
	{ "UTC", "thu", NOW, "2026-11-19T00:00:00.000Z", NULL },
	{ "UTC", "last thursday", NOW, "2026-11-19T00:00:00.000Z", NULL },
	{ "UTC", "fri", NOW, "2026-11-20T00:00:00.000Z", NULL },
	{ "UTC", "sun 18:30", NOW, "2026-11-22T18:30:00.000Z", NULL },
	{ "UTC", "last sat 9am", NOW, "2026-11-21T09:00:00.000Z", NULL },
	{ "UTC", "2026-11-26 4:03", NOW, "2026-11-26T04:03:00.000Z", NULL },
	{ "UTC", "2026-11-26 8am", NOW, "2026-11-26T08:00:00.000Z", NULL },
	{ "UTC", "2026-11-26 21:00:15", NOW, "2026-11-26T21:00:15.000Z", NULL },
	{ "UTC", "2026-11-26T04:03", NOW, "2026-11-26T04:03:00.000Z", NULL },
	{ "UTC", "2026-11-26T04:03:04", NOW, "2026-11-26T04:03:04.000Z", NULL },
	{ "Europe/Berlin", "2026-11-26T04:03", NOW, "2026-11-26T03:03:00.000Z", NULL },
	{ "Europe/Berlin", "8am", NOW, "2026-11-26T07:00:00.000Z", NULL },
	{ "Europe/Berlin", "21:00", "2026-11-25T23:30:00.000Z", "2026-11-26T20:00:00.000Z", NULL },
	/* Months are calendar months at the same wall clock; month ends clamp. */
	{ "UTC", "-2mo", NOW, "2026-09-26T04:03:04.123Z", NULL },
	{ "UTC", "-1mo", "2026-03-31T10:00:00.000Z", "2026-02-28T10:00:00.000Z", NULL },
	{ "UTC", "-1mo", "2024-03-31T10:00:00.000Z", "2024-02-29T10:00:00.000Z", NULL },
	{ "UTC", "-13mo", "2026-01-31T10:00:00.000Z", "2024-12-31T10:00:00.000Z", NULL },
	{ "UTC", "-1y", "2024-02-29T10:00:00.000Z", "2023-02-28T10:00:00.000Z", NULL },
	{ "UTC", "-0mo", NOW, NOW, NULL },
	/* Across DST: the wall clock stays, the offset changes (12:00 CET -> 12:00 CEST). */
	{ "Europe/Berlin", "-1mo", "2026-04-15T10:00:00.000Z", "2026-03-15T11:00:00.000Z", NULL },
	/* DST in the new forms: a skipped time is refused, a doubled one is the first. */
	{ "Europe/Berlin", "2:30", "2026-03-29T12:00:00.000Z", NULL, "the clocks skip it" },
	{ "Europe/Berlin", "2:30am", "2026-10-25T12:00:00.000Z", "2026-10-25T00:30:00.000Z", NULL },
	{ "Europe/Berlin", "yesterday 02:30", "2026-03-30T12:00:00.000Z", NULL, "the clocks skip it" },
	{ "America/New_York", "sun 2:30am", "2026-03-10T12:00:00.000Z", NULL, "the clocks skip it" },
	/* Refused: nothing is guessed. */
	{ "UTC", "8", NOW, NULL, "not a date or time" },
	{ "UTC", "830", NOW, NULL, "not a date or time" },
	{ "UTC", "8:5", NOW, NULL, "not a date or time" },
	{ "UTC", "13pm", NOW, NULL, "hour 13 does not exist on a 12-hour clock" },
	{ "UTC", "0am", NOW, NULL, "hour 0 does not exist on a 12-hour clock" },
	{ "UTC", "24:00", NOW, NULL, "hour 24 does not exist" },
	{ "UTC", "23:60", NOW, NULL, "minute 60 does not exist" },
	{ "UTC", "23:59:60", NOW, NULL, "second 60 does not exist" },
	{ "UTC", "2026-11-26T25:00", NOW, NULL, "hour 25 does not exist" },
	{ "UTC", "am", NOW, NULL, "not a date or time" },
	{ "UTC", "next monday", NOW, NULL, "not a date or time" },
	{ "UTC", "last", NOW, NULL, "not a date or time" },
	{ "UTC", "monday 8", NOW, NULL, "not a date or time" },
	{ "UTC", "today 8am 9am", NOW, NULL, "not a date or time" },
	{ "UTC", "today  8am", NOW, NULL, "not a date or time" },
	{ "UTC", "mondays", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-12", NOW, NULL, "a month or week is not a moment" },
	{ "UTC", "2026-W49", NOW, NULL, "a month or week is not a moment" },
	{ "UTC", "this week", NOW, NULL, "a period is not a moment" },
	{ "UTC", "last month", NOW, NULL, "a period is not a moment" },
	{ "UTC", "12/04", NOW, NULL, "not a date or time" },
	{ "UTC", "04.12.2026", NOW, NULL, "not a date or time" },
	{ "UTC", "-999999999y", NOW, NULL, "out of range" },
	/* Refused. */
	{ "UTC", "", NOW, NULL, "not a date or time (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM', RFC 3339, "
	    "now, today, yesterday, tomorrow, a weekday, 8am, 21:00, -2h, -3d or -2mo; see ailife(1), DATES)" },
	{ "UTC", "tomorrowish", NOW, NULL, "not a date or time" },
	{ "UTC", " today", NOW, NULL, "not a date or time" },
	{ "UTC", "today ", NOW, NULL, "not a date or time" },
	{ "UTC", "nowx", NOW, NULL, "not a date or time" },
	{ "UTC", "yesterday\n", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-11-26 25:00", NOW, NULL, "hour 25 does not exist" },
	{ "UTC", "2026-11-26 24:00", NOW, NULL, "hour 24 does not exist" },
	{ "UTC", "2026-11-26 23:60", NOW, NULL, "minute 60 does not exist" },
	{ "UTC", "2026-02-30", NOW, NULL, "day 30 does not exist in February 2026" },
	{ "UTC", "2026-02-30 10:00", NOW, NULL, "day 30 does not exist in February 2026" },
	{ "UTC", "2026-13-01", NOW, NULL, "month 13 does not exist" },
	{ "UTC", "2026-00-10", NOW, NULL, "month 0 does not exist" },
	{ "UTC", "2026-11-00", NOW, NULL, "day 0 does not exist in November 2026" },
	{ "UTC", "2026-11-26T04:03:04.5", NOW, NULL, "offset" },
	{ "UTC", "2026-11-26T04", NOW, NULL, "RFC 3339" },
	{ "UTC", "2026-11-26 04:03 ", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-11-26  04:03", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-11-26 04:3x", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-11-26x", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-11-26 ", NOW, NULL, "not a date or time" },
	{ "UTC", "20261126", NOW, NULL, "not a date or time" },
	{ "UTC", "2026-1-1", NOW, NULL, "not a date or time" },
	{ "UTC", "26-11-26", NOW, NULL, "not a date or time" },
	{ "UTC", "-d", NOW, NULL, "not a relative time" },
	{ "UTC", "-", NOW, NULL, "not a relative time" },
	{ "UTC", "-2", NOW, NULL, "not a relative time" },
	{ "UTC", "-2M", NOW, NULL, "not a relative time" },
	{ "UTC", "-2mon", NOW, NULL, "not a relative time" },
	{ "UTC", "-2x", NOW, NULL, "not a relative time" },
	{ "UTC", "-2H", NOW, NULL, "not a relative time" },
	{ "UTC", "-2hh", NOW, NULL, "not a relative time" },
	{ "UTC", "--2h", NOW, NULL, "not a relative time" },
	{ "UTC", "- 2h", NOW, NULL, "not a relative time" },
	{ "UTC", "-2.5h", NOW, NULL, "not a relative time" },
	{ "UTC", "-2h ", NOW, NULL, "not a relative time" },
	{ "UTC", "+2h", NOW, NULL, "not a date or time" },
	{ "UTC", "2h", NOW, NULL, "not a date or time" },
	{ "UTC", "-99999999999999999999d", NOW, NULL, "too large" },
	{ "UTC", "-1000000000s", NOW, NULL, "too large" },
	{ "UTC", "-999999999w", NOW, NULL, "out of range" },
	{ "Europe/Berlin", "0000-01-01", NOW, NULL, "out of range" },
	{ "UTC", "0000-01-01T00:00:00+01:00", NOW, NULL, "range" },
};

static void
test_when_table(void **state)
{
	char why[200], got[TIMEFMT_LEN + 1];
	size_t i;
	ms_t ms;
	int r;

	for (i = 0; i < sizeof when_cases / sizeof when_cases[0]; i++) {
		const struct when_case *c = &when_cases[i];

		set_tz(c->zone);
		ms = 42;
		why[0] = '\0';
		r = dates_parse_when(c->text, at(c->now), &ms, why, sizeof why);
		if (c->want != NULL) {
			if (r != 0)
				fail_msg("%s \"%s\": refused: %s", c->zone, c->text, why);
			timefmt_format(ms, got);
			if (strcmp(got, c->want) != 0)
				fail_msg("%s \"%s\": %s, expected %s", c->zone, c->text,
				    got, c->want);
		} else {
			if (r != -1)
				fail_msg("%s \"%s\": accepted", c->zone, c->text);
			if (strstr(why, c->why_has) == NULL)
				fail_msg("%s \"%s\": reason \"%s\" lacks \"%s\"", c->zone,
				    c->text, why, c->why_has);
			assert_int_equal(ms, 42);
		}
	}
	set_tz("UTC");
}

static const struct day_case {
	const char *zone;
	const char *text;
	const char *now;
	int y, m, d;            /* y < 0: refused */
	const char *why_has;
} day_cases[] = {
	{ "UTC", "today", NOW, 2026, 11, 26, NULL },
	{ "UTC", "yesterday", NOW, 2026, 11, 25, NULL },
	{ "UTC", "-7d", NOW, 2026, 11, 19, NULL },
	{ "UTC", "-0d", NOW, 2026, 11, 26, NULL },
	{ "UTC", "-1w", NOW, 2026, 11, 19, NULL },
	{ "UTC", "-365d", NOW, 2025, 11, 26, NULL },
	{ "UTC", "2026-11-26", NOW, 2026, 11, 26, NULL },
	{ "UTC", "2024-02-29", NOW, 2024, 2, 29, NULL },
	{ "UTC", "2000-02-29", NOW, 2000, 2, 29, NULL },
	{ "UTC", "yesterday", "2024-03-01T10:00:00.000Z", 2024, 2, 29, NULL },
	{ "UTC", "-1d", "2026-01-01T10:00:00.000Z", 2025, 12, 31, NULL },
	{ "UTC", "-366d", "2024-12-31T10:00:00.000Z", 2023, 12, 31, NULL },
	/* Local days, not UTC days. */
	{ "Europe/Berlin", "today", "2026-11-25T23:30:00.000Z", 2026, 11, 26, NULL },
	{ "Europe/Berlin", "yesterday", "2026-11-25T23:30:00.000Z", 2026, 11, 25, NULL },
	{ "Europe/Berlin", "-7d", "2026-11-25T23:30:00.000Z", 2026, 11, 19, NULL },
	{ "Europe/Berlin", "-7d", "2026-04-01T22:30:00.000Z", 2026, 3, 26, NULL },
	{ "America/New_York", "today", "2026-11-26T04:59:00.000Z", 2026, 11, 25, NULL },
	{ "America/New_York", "today", "2026-11-26T05:00:00.000Z", 2026, 11, 26, NULL },
	{ "Pacific/Auckland", "today", "2026-11-25T11:00:00.000Z", 2026, 11, 26, NULL },
	{ "Pacific/Auckland", "today", "2026-11-25T10:59:59.999Z", 2026, 11, 25, NULL },
	{ "Asia/Kolkata", "today", "2026-11-25T18:30:00.000Z", 2026, 11, 26, NULL },
	{ "Asia/Kolkata", "today", "2026-11-25T18:29:59.999Z", 2026, 11, 25, NULL },
	/* Days people say (2026-11-26 is a Thursday). */
	{ "UTC", "tomorrow", NOW, 2026, 11, 27, NULL },
	{ "UTC", "Yesterday", NOW, 2026, 11, 25, NULL },
	{ "UTC", "mon", NOW, 2026, 11, 23, NULL },
	{ "UTC", "last monday", NOW, 2026, 11, 23, NULL },
	{ "UTC", "thursday", NOW, 2026, 11, 19, NULL },
	{ "UTC", "sun", "2026-03-02T10:00:00.000Z", 2026, 3, 1, NULL },
	{ "UTC", "-2mo", NOW, 2026, 9, 26, NULL },
	{ "UTC", "-1mo", "2026-03-31T10:00:00.000Z", 2026, 2, 28, NULL },
	{ "UTC", "-1mo", "2026-05-31T10:00:00.000Z", 2026, 4, 30, NULL },
	{ "UTC", "-12mo", "2024-02-29T10:00:00.000Z", 2023, 2, 28, NULL },
	{ "UTC", "-1y", NOW, 2025, 11, 26, NULL },
	{ "UTC", "-11mo", "2026-11-30T10:00:00.000Z", 2025, 12, 30, NULL },
	{ "UTC", "2026-12", NOW, -1, 0, 0, "a month or week is not one day" },
	{ "UTC", "this week", NOW, -1, 0, 0, "a month or week is not one day" },
	{ "UTC", "monday 8am", NOW, -1, 0, 0, "a day has no time" },
	{ "UTC", "8am", NOW, -1, 0, 0, "not a day" },
	/* Refused. */
	{ "UTC", "", NOW, -1, 0, 0, "not a day (use YYYY-MM-DD, today, yesterday, tomorrow, a weekday, "
	    "-7d, -1w or -2mo)" },
	{ "UTC", "now", NOW, -1, 0, 0, "not a day" },
	{ "UTC", "tomorrowish", NOW, -1, 0, 0, "not a day" },
	{ "UTC", " today", NOW, -1, 0, 0, "not a day" },
	{ "UTC", "today ", NOW, -1, 0, 0, "not a day" },
	{ "UTC", "2023-02-29", NOW, -1, 0, 0, "day 29 does not exist in February 2023" },
	{ "UTC", "1900-02-29", NOW, -1, 0, 0, "day 29 does not exist in February 1900" },
	{ "UTC", "2026-02-30", NOW, -1, 0, 0, "day 30 does not exist in February 2026" },
	{ "UTC", "2026-13-01", NOW, -1, 0, 0, "month 13 does not exist" },
	{ "UTC", "2026-11-26 05:00", NOW, -1, 0, 0, "a day has no time" },
	{ "UTC", "2026-11-26T05:00:00Z", NOW, -1, 0, 0, "a day has no time" },
	{ "UTC", "2026-11-2", NOW, -1, 0, 0, "not a day" },
	{ "UTC", "-2h", NOW, -1, 0, 0, "whole days" },
	{ "UTC", "-30m", NOW, -1, 0, 0, "whole days" },
	{ "UTC", "-d", NOW, -1, 0, 0, "not a relative day" },
	{ "UTC", "-7", NOW, -1, 0, 0, "not a relative day" },
	{ "UTC", "-7dd", NOW, -1, 0, 0, "not a relative day" },
	{ "UTC", "-99999999999999999999d", NOW, -1, 0, 0, "too large" },
	{ "UTC", "-999999999d", NOW, -1, 0, 0, "out of range" },
};

static void
test_day_table(void **state)
{
	char why[200];
	struct day day;
	size_t i;
	int r;

	for (i = 0; i < sizeof day_cases / sizeof day_cases[0]; i++) {
		const struct day_case *c = &day_cases[i];

		set_tz(c->zone);
		day = mkday(1, 1, 1);
		why[0] = '\0';
		r = dates_parse_day(c->text, at(c->now), &day, why, sizeof why);
		if (c->y >= 0) {
			if (r != 0)
				fail_msg("%s \"%s\": refused: %s", c->zone, c->text, why);
			assert_day(day, c->y, c->m, c->d);
		} else {
			if (r != -1)
				fail_msg("%s \"%s\": accepted", c->zone, c->text);
			if (strstr(why, c->why_has) == NULL)
				fail_msg("%s \"%s\": reason \"%s\" lacks \"%s\"", c->zone,
				    c->text, why, c->why_has);
			assert_day(day, 1, 1, 1);
		}
	}
	set_tz("UTC");
}

static const struct period_case {
	const char *zone;
	const char *kind;       /* "period", "month" or "week" */
	const char *text;
	const char *now;
	const char *first, *last;       /* NULL: refused */
	const char *why_has;
} period_cases[] = {
	{ "UTC", "period", "2026-12", NOW, "2026-12-01", "2026-12-31", NULL },
	{ "UTC", "period", "2026-02", NOW, "2026-02-01", "2026-02-28", NULL },
	{ "UTC", "period", "2024-02", NOW, "2024-02-01", "2024-02-29", NULL },
	{ "UTC", "period", "2026-11-26", NOW, "2026-11-26", "2026-11-26", NULL },
	{ "UTC", "period", "today", NOW, "2026-11-26", "2026-11-26", NULL },
	{ "UTC", "period", "-2mo", NOW, "2026-09-26", "2026-09-26", NULL },
	{ "UTC", "period", "this week", NOW, "2026-11-23", "2026-11-29", NULL },
	{ "UTC", "period", "last week", NOW, "2026-11-16", "2026-11-22", NULL },
	{ "UTC", "period", "this month", NOW, "2026-11-01", "2026-11-30", NULL },
	{ "UTC", "period", "last month", NOW, "2026-10-01", "2026-10-31", NULL },
	{ "UTC", "period", "last month", "2026-03-31T10:00:00.000Z", "2026-02-01", "2026-02-28", NULL },
	{ "UTC", "period", "last month", "2026-01-15T10:00:00.000Z", "2025-12-01", "2025-12-31", NULL },
	{ "UTC", "period", "this year", NOW, "2026-01-01", "2026-12-31", NULL },
	{ "UTC", "period", "Last Year", NOW, "2025-01-01", "2025-12-31", NULL },
	{ "UTC", "period", "2026-W48", NOW, "2026-11-23", "2026-11-29", NULL },
	{ "UTC", "period", "2026-W01", NOW, "2025-12-29", "2026-01-04", NULL },
	{ "UTC", "period", "2026-W53", NOW, "2026-12-28", "2027-01-03", NULL },
	{ "UTC", "period", "2027-W53", NOW, NULL, NULL, "week 53 does not exist in 2027 (it has 52 weeks)" },
	{ "UTC", "period", "2026-W00", NOW, NULL, NULL, "week 0 does not exist" },
	{ "UTC", "period", "2026-13", NOW, NULL, NULL, "month 13 does not exist" },
	{ "UTC", "period", "next week", NOW, NULL, NULL, "not a day or period" },
	{ "UTC", "period", "2026-11-26 08:00", NOW, NULL, NULL, "a day has no time" },
	{ "UTC", "period", "", NOW, NULL, NULL, "not a day or period" },
	/* This week in Berlin is the local one: late Sunday UTC is Monday there. */
	{ "Europe/Berlin", "period", "this week", "2026-11-29T23:30:00.000Z", "2026-11-30", "2026-12-06", NULL },
	{ "UTC", "month", "this", NOW, "2026-11-01", "2026-11-30", NULL },
	{ "UTC", "month", "last", NOW, "2026-10-01", "2026-10-31", NULL },
	{ "UTC", "month", "2026-12", NOW, "2026-12-01", "2026-12-31", NULL },
	{ "UTC", "month", "2026-12-15", NOW, "2026-12-01", "2026-12-31", NULL },
	{ "UTC", "month", "-1mo", NOW, "2026-10-01", "2026-10-31", NULL },
	{ "UTC", "month", "nope", NOW, NULL, NULL, "not a day or period" },
	{ "UTC", "week", "this", NOW, "2026-11-23", "2026-11-29", NULL },
	{ "UTC", "week", "last", NOW, "2026-11-16", "2026-11-22", NULL },
	{ "UTC", "week", "2026-12-03", NOW, "2026-11-30", "2026-12-06", NULL },
	{ "UTC", "week", "2026-W49", NOW, "2026-11-30", "2026-12-06", NULL },
	{ "UTC", "week", "-1w", NOW, "2026-11-16", "2026-11-22", NULL },
};

static void
test_period_table(void **state)
{
	char why[200], f[11], l[11];
	size_t i;

	for (i = 0; i < sizeof period_cases / sizeof period_cases[0]; i++) {
		const struct period_case *c = &period_cases[i];
		struct day first = mkday(1, 1, 1), last = mkday(1, 1, 1);
		int r;

		set_tz(c->zone);
		why[0] = '\0';
		if (strcmp(c->kind, "month") == 0)
			r = dates_parse_month(c->text, at(c->now), &first, &last, why, sizeof why);
		else if (strcmp(c->kind, "week") == 0)
			r = dates_parse_week(c->text, at(c->now), &first, &last, why, sizeof why);
		else
			r = dates_parse_period(c->text, at(c->now), &first, &last, why, sizeof why);
		if (c->first != NULL) {
			if (r != 0)
				fail_msg("%s %s \"%s\": refused: %s", c->zone, c->kind, c->text, why);
			dates_day_format(first, f);
			dates_day_format(last, l);
			if (strcmp(f, c->first) != 0 || strcmp(l, c->last) != 0)
				fail_msg("%s %s \"%s\": %s..%s, expected %s..%s", c->zone, c->kind, c->text, f, l,
				    c->first, c->last);
		} else {
			if (r != -1)
				fail_msg("%s %s \"%s\": accepted", c->zone, c->kind, c->text);
			if (strstr(why, c->why_has) == NULL)
				fail_msg("%s %s \"%s\": reason \"%s\" lacks \"%s\"", c->zone, c->kind, c->text,
				    why, c->why_has);
			assert_day(first, 1, 1, 1);
		}
	}
	set_tz("UTC");
}

/* A small or absent reason buffer is fine. */
static void
test_why_buffer(void **state)
{
	char why[8];
	struct day day;
	ms_t ms;

	set_tz("UTC");
	memset(why, 'x', sizeof why);
	assert_int_equal(dates_parse_when("tomorrowish", at(NOW), &ms, why, sizeof why), -1);
	assert_int_equal(strlen(why), sizeof why - 1);
	assert_int_equal(dates_parse_when("tomorrowish", at(NOW), &ms, NULL, 0), -1);
	assert_int_equal(dates_parse_day("2026-02-30", at(NOW), &day, NULL, 0), -1);
	assert_int_equal(dates_parse_when(NULL, at(NOW), &ms, why, sizeof why), -1);
	assert_int_equal(dates_parse_day(NULL, at(NOW), &day, why, sizeof why), -1);
	/* A clock beyond what timestamps hold is refused, never used. */
	assert_int_equal(dates_parse_when("now", 1LL << 62, &ms, NULL, 0), -1);
	assert_int_equal(dates_parse_day("today", -(1LL << 62), &day, NULL, 0), -1);
}

static const struct day_len_case {
	const char *zone;
	int y, m, d;
	long long hours;
	const char *start;
} day_len_cases[] = {
	{ "Europe/Berlin", 2026, 3, 29, 23, "2026-03-28T23:00:00.000Z" },
	{ "Europe/Berlin", 2026, 10, 25, 25, "2026-10-24T22:00:00.000Z" },
	{ "Europe/Berlin", 2026, 11, 26, 24, "2026-11-25T23:00:00.000Z" },
	{ "America/New_York", 2026, 3, 8, 23, "2026-03-08T05:00:00.000Z" },
	{ "America/New_York", 2026, 11, 1, 25, "2026-11-01T04:00:00.000Z" },
	{ "Pacific/Auckland", 2026, 9, 27, 23, "2026-09-26T12:00:00.000Z" },
	{ "Pacific/Auckland", 2026, 4, 5, 25, "2026-04-04T11:00:00.000Z" },
	{ "Asia/Kolkata", 2026, 3, 29, 24, "2026-03-28T18:30:00.000Z" },
	{ "UTC", 2026, 3, 29, 24, "2026-03-29T00:00:00.000Z" },
	{ "UTC", 2024, 2, 29, 24, "2024-02-29T00:00:00.000Z" },
	/* Midnight skipped: the day starts at 01:00 and lasts 23 hours. */
	{ "America/Sao_Paulo", 2018, 11, 4, 23, "2018-11-04T03:00:00.000Z" },
	/* Samoa skipped 2011-12-30 entirely: it starts (and ends) when 12-31 starts. */
	{ "Pacific/Apia", 2011, 12, 29, 24, "2011-12-29T10:00:00.000Z" },
	{ "Pacific/Apia", 2011, 12, 30, 0, "2011-12-30T10:00:00.000Z" },
};

static void
test_day_start_lengths(void **state)
{
	char got[TIMEFMT_LEN + 1];
	struct day day, next;
	size_t i;
	ms_t start, end;

	for (i = 0; i < sizeof day_len_cases / sizeof day_len_cases[0]; i++) {
		const struct day_len_case *c = &day_len_cases[i];

		set_tz(c->zone);
		day = mkday(c->y, c->m, c->d);
		next = dates_day_add(day, 1);
		start = dates_day_start(day);
		end = dates_day_start(next);
		timefmt_format(start, got);
		if (strcmp(got, c->start) != 0)
			fail_msg("%s %04d-%02d-%02d starts %s, expected %s", c->zone,
			    c->y, c->m, c->d, got, c->start);
		if (end - start != c->hours * 3600000)
			fail_msg("%s %04d-%02d-%02d lasts %lld ms", c->zone, c->y, c->m,
			    c->d, end - start);
	}
	set_tz("UTC");
}

/*
 * Over a whole year: consecutive day starts are 23, 24 or 25 hours apart, each
 * start belongs to its day and the moment before it to the day before, and
 * there are exactly as many short and long days as the zone has changes.
 */
static void
test_day_start_year_sweep(void **state)
{
	static const struct {
		const char *zone;
		int shorter, longer;
	} zones[] = {
		{ "UTC", 0, 0 },
		{ "Europe/Berlin", 1, 1 },
		{ "America/New_York", 1, 1 },
		{ "Asia/Kolkata", 0, 0 },
		{ "Pacific/Auckland", 1, 1 },
	};
	struct day day, prev, of;
	size_t z;
	int i, shorter, longer;
	ms_t start, next, len;

	for (z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		set_tz(zones[z].zone);
		shorter = longer = 0;
		day = mkday(2026, 1, 1);
		for (i = 0; i < 365; i++) {
			start = dates_day_start(day);
			next = dates_day_start(dates_day_add(day, 1));
			len = next - start;
			if (len == 23 * 3600000LL)
				shorter++;
			else if (len == 25 * 3600000LL)
				longer++;
			else
				assert_int_equal(len, 24 * 3600000LL);
			of = dates_day_of(start);
			assert_day(of, day.y, day.m, day.d);
			prev = dates_day_add(day, -1);
			of = dates_day_of(start - 1);
			assert_day(of, prev.y, prev.m, prev.d);
			of = dates_day_of(next - 1);
			assert_day(of, day.y, day.m, day.d);
			day = dates_day_add(day, 1);
		}
		assert_day(day, 2027, 1, 1);
		assert_int_equal(shorter, zones[z].shorter);
		assert_int_equal(longer, zones[z].longer);
	}
	set_tz("UTC");
}

/*
 * Every quarter hour of 2026 shown as local "YYYY-MM-DD HH:MM" reads back as
 * the same instant, except the second pass through a doubled hour, which
 * reads back as the first (one hour earlier).
 */
static void
test_local_round_trip(void **state)
{
	static const char *const zones[] = {
		"Europe/Berlin", "America/New_York", "Asia/Kolkata", "Pacific/Auckland", "UTC",
	};
	char text[64], why[200];
	size_t z;
	ms_t t, back;
	int doubled;

	for (z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		set_tz(zones[z]);
		doubled = 0;
		for (t = at("2026-01-01T00:00:00.000Z"); t < at("2027-01-01T00:00:00.000Z");
		    t += 15 * 60000) {
			dates_local_format(t, text, sizeof text);
			assert_int_equal(strlen(text), 16);
			if (dates_parse_when(text, t, &back, why, sizeof why) != 0)
				fail_msg("%s %s: %s", zones[z], text, why);
			if (back == t - 3600000)
				doubled++;
			else if (back != t)
				fail_msg("%s %s: off by %lld ms", zones[z], text, back - t);
		}
		/* One doubled hour a year where there is DST: four quarter hours. */
		if (strcmp(zones[z], "UTC") == 0 || strcmp(zones[z], "Asia/Kolkata") == 0)
			assert_int_equal(doubled, 0);
		else
			assert_int_equal(doubled, 4);
	}
	set_tz("UTC");
}

static void
test_local_format(void **state)
{
	static const struct {
		const char *zone, *at, *plain, *zoned;
	} cases[] = {
		{ "UTC", NOW, "2026-11-26 04:03", "2026-11-26 04:03 UTC" },
		{ "Europe/Berlin", NOW, "2026-11-26 05:03", "2026-11-26 05:03 CET" },
		{ "Europe/Berlin", "2026-07-01T10:00:00.000Z", "2026-07-01 12:00", "2026-07-01 12:00 CEST" },
		{ "America/New_York", NOW, "2026-11-25 23:03", "2026-11-25 23:03 EST" },
		{ "Asia/Kolkata", NOW, "2026-11-26 09:33", "2026-11-26 09:33 IST" },
		{ "Pacific/Auckland", NOW, "2026-11-26 17:03", "2026-11-26 17:03 NZDT" },
		{ "UTC", "1969-12-31T23:59:59.999Z", "1969-12-31 23:59", "1969-12-31 23:59 UTC" },
		{ "UTC", "0033-12-31T23:59:59.999Z", "0033-12-31 23:59", "0033-12-31 23:59 UTC" },
	};
	char out[64], small[5];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set_tz(cases[i].zone);
		dates_local_format(at(cases[i].at), out, sizeof out);
		assert_string_equal(out, cases[i].plain);
		dates_local_format_zone(at(cases[i].at), out, sizeof out);
		assert_string_equal(out, cases[i].zoned);
	}
	/* Exactly 17 bytes are enough; fewer give an empty string, not a torn one. */
	set_tz("UTC");
	dates_local_format(at(NOW), out, 17);
	assert_string_equal(out, "2026-11-26 04:03");
	dates_local_format(at(NOW), small, sizeof small);
	assert_string_equal(small, "");
}

static void
test_day_arithmetic(void **state)
{
	static const struct {
		int y, m, d, n, wy, wm, wd;
	} adds[] = {
		{ 2024, 2, 28, 1, 2024, 2, 29 },
		{ 2024, 2, 28, 2, 2024, 3, 1 },
		{ 2023, 2, 28, 1, 2023, 3, 1 },
		{ 2026, 12, 31, 1, 2027, 1, 1 },
		{ 2026, 1, 1, -1, 2025, 12, 31 },
		{ 2024, 3, 1, -1, 2024, 2, 29 },
		{ 2026, 11, 26, 0, 2026, 11, 26 },
		{ 2026, 11, 26, 365, 2027, 11, 26 },
		{ 2024, 1, 1, 366, 2025, 1, 1 },
		{ 2026, 11, 26, -20783, 1970, 1, 1 },
	};
	static const struct {
		int y, m, d, wy, wm, wd;
	} weeks[] = {
		{ 2026, 11, 26, 2026, 11, 23 },     /* Thursday */
		{ 2026, 11, 23, 2026, 11, 23 },     /* Monday */
		{ 2026, 11, 29, 2026, 11, 23 },     /* Sunday */
		{ 2026, 11, 30, 2026, 11, 30 },
		{ 2026, 3, 1, 2026, 2, 23 },
		{ 2027, 1, 1, 2026, 12, 28 },
		{ 2024, 3, 3, 2024, 2, 26 },
		{ 1970, 1, 1, 1969, 12, 29 },
		{ 1969, 12, 28, 1969, 12, 22 },
	};
	char out[11];
	size_t i;

	for (i = 0; i < sizeof adds / sizeof adds[0]; i++)
		assert_day(dates_day_add(mkday(adds[i].y, adds[i].m, adds[i].d), adds[i].n),
		    adds[i].wy, adds[i].wm, adds[i].wd);
	for (i = 0; i < sizeof weeks / sizeof weeks[0]; i++)
		assert_day(dates_week_start(mkday(weeks[i].y, weeks[i].m, weeks[i].d)),
		    weeks[i].wy, weeks[i].wm, weeks[i].wd);
	assert_day(dates_month_start(mkday(2026, 11, 26)), 2026, 11, 1);
	assert_day(dates_month_start(mkday(2024, 2, 29)), 2024, 2, 1);
	assert_day(dates_month_start(mkday(2026, 1, 1)), 2026, 1, 1);
	dates_day_format(mkday(2026, 1, 5), out);
	assert_string_equal(out, "2026-01-05");
	dates_day_format(mkday(2024, 2, 29), out);
	assert_string_equal(out, "2024-02-29");
	dates_day_format(mkday(33, 12, 31), out);
	assert_string_equal(out, "0033-12-31");
}

static void
test_day_of(void **state)
{
	static const struct {
		const char *zone, *at;
		int y, m, d;
	} cases[] = {
		{ "UTC", "2026-11-25T23:30:00.000Z", 2026, 11, 25 },
		{ "Europe/Berlin", "2026-11-25T23:30:00.000Z", 2026, 11, 26 },
		{ "Europe/Berlin", "2026-11-25T22:59:59.999Z", 2026, 11, 25 },
		{ "America/New_York", "2026-11-26T04:59:00.000Z", 2026, 11, 25 },
		{ "Pacific/Auckland", "2026-11-25T11:00:00.000Z", 2026, 11, 26 },
		{ "Asia/Kolkata", "2026-11-25T18:30:00.000Z", 2026, 11, 26 },
		{ "UTC", "1969-12-31T23:59:59.999Z", 1969, 12, 31 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		set_tz(cases[i].zone);
		assert_day(dates_day_of(at(cases[i].at)), cases[i].y, cases[i].m, cases[i].d);
	}
	set_tz("UTC");
}

static void
test_zone_valid(void **state)
{
	static const struct {
		const char *name;
		bool ok;
	} cases[] = {
		{ "UTC", true },
		{ "Europe/Berlin", true },
		{ "America/New_York", true },
		{ "America/Argentina/Buenos_Aires", true },
		{ "Asia/Kolkata", true },
		{ "Etc/GMT+5", true },
		{ "Etc/GMT-14", true },
		{ "", false },
		{ "Europe", false },
		{ "Europe/", false },
		{ "Europe/Berlin/", false },
		{ "Europe/Berlin ", false },
		{ " Europe/Berlin", false },
		{ "europe/berlin\n", false },
		{ "Mars/Olympus_Mons", false },
		{ "/etc/passwd", false },
		{ "/usr/share/zoneinfo/Europe/Berlin", false },
		{ "../../../etc/passwd", false },
		{ "Europe/../Europe/Berlin", false },
		{ "zone.tab", false },
		{ "Europe/Berlin;rm", false },
		{ "CET-1CEST", false },
		{ "Europe/Berlin_Europe/Berlin_Europe/Berlin_Europe/Berlin_Europe/Be", false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (dates_zone_valid(cases[i].name) != cases[i].ok)
			fail_msg("zone \"%s\": expected %s", cases[i].name,
			    cases[i].ok ? "valid" : "invalid");
	}
	assert_false(dates_zone_valid(NULL));
}

static void
test_set_and_system_zone(void **state)
{
	char out[64];

	set_tz("Asia/Kolkata");
	assert_int_equal(dates_set_zone(NULL), 0);
	assert_string_equal(getenv("TZ"), "Asia/Kolkata");
	assert_int_equal(dates_set_zone(""), 0);
	assert_string_equal(getenv("TZ"), "Asia/Kolkata");
	assert_int_equal(dates_set_zone("Mars/Olympus_Mons"), -1);
	assert_string_equal(getenv("TZ"), "Asia/Kolkata");
	assert_string_equal(dates_system_zone(), "Asia/Kolkata");

	assert_int_equal(dates_set_zone("Europe/Berlin"), 0);
	assert_string_equal(getenv("TZ"), "Europe/Berlin");
	assert_string_equal(dates_system_zone(), "Europe/Berlin");
	/* The zone takes effect at once. */
	dates_local_format(at(NOW), out, sizeof out);
	assert_string_equal(out, "2026-11-26 05:03");

	set_tz(":America/New_York");
	assert_string_equal(dates_system_zone(), "America/New_York");
	set_tz(":/usr/share/zoneinfo/Pacific/Auckland");
	assert_string_equal(dates_system_zone(), "Pacific/Auckland");
	set_tz("");
	assert_string_equal(dates_system_zone(), "UTC");

	/* Without TZ: whatever the system says, never empty. */
	assert_int_equal(unsetenv("TZ"), 0);
	tzset();
	assert_true(strlen(dates_system_zone()) > 0);
	set_tz("UTC");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_when_table),
		cmocka_unit_test(test_day_table),
		cmocka_unit_test(test_period_table),
		cmocka_unit_test(test_why_buffer),
		cmocka_unit_test(test_day_start_lengths),
		cmocka_unit_test(test_day_start_year_sweep),
		cmocka_unit_test(test_local_round_trip),
		cmocka_unit_test(test_local_format),
		cmocka_unit_test(test_day_arithmetic),
		cmocka_unit_test(test_day_of),
		cmocka_unit_test(test_zone_valid),
		cmocka_unit_test(test_set_and_system_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
