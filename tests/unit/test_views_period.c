/*
 * Tests of views/period: the days and instants of a day, a week, four weeks
 * and a month (ISO weeks, month ends, leap years, weeks over a DST change),
 * moving with [ ] t w m, labels, today in the process's zone, and the range
 * job over every page on the embedded store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/dates.h"
#include "datastore/local/local.h"
#include "datastore/present.h"
#include "datastore/store.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"
#include "views/period.h"

#define HOUR_MS (3600LL * 1000)
#define DAY_MS (24 * HOUR_MS)

static void
set_tz(const char *zone)
{
	assert_int_equal(setenv("TZ", zone, 1), 0);
	tzset();
}

static struct day
D(const char *s)
{
	struct day d;
	if (sscanf(s, "%d-%d-%d", &d.y, &d.m, &d.d) != 3)
		fail_msg("bad day in the test: %s", s);
	return d;
}

static ms_t
at(const char *key)
{
	ms_t ms;
	if (timefmt_parse_key(key, &ms) != 0)
		fail_msg("bad timestamp in the test: %s", key);
	return ms;
}

static void
assert_day(struct day got, const char *want, const char *what)
{
	char s[11];
	dates_day_format(got, s);
	if (strcmp(s, want) != 0)
		fail_msg("%s: %s, expected %s", what, s, want);
}

static int
teardown(void **state)
{
	clock_clear_fixed();
	set_tz("UTC");
	return 0;
}

/* ---- periods ---- */

static const struct period_case {
	const char *zone;
	const char *anchor;
	enum view_span span;
	const char *first, *end;     /* days */
	int ndays;
	const char *from, *to;       /* instants (NULL: not checked) */
	const char *label;
} periods[] = {
	/* A day; the last of a leap February; a day that is 25 and one that is 23 hours long. */
	{ "UTC", "2026-11-26", VIEW_DAY, "2026-11-26", "2026-11-27", 1,
	  "2026-11-26T00:00:00.000Z", "2026-11-27T00:00:00.000Z", "Thu 2026-11-26" },
	{ "UTC", "2028-02-29", VIEW_DAY, "2028-02-29", "2028-03-01", 1, NULL, NULL, "Tue 2028-02-29" },
	{ "UTC", "2026-12-31", VIEW_DAY, "2026-12-31", "2027-01-01", 1, NULL, NULL, "Thu 2026-12-31" },
	{ "Europe/Berlin", "2026-10-25", VIEW_DAY, "2026-10-25", "2026-10-26", 1,
	  "2026-10-24T22:00:00.000Z", "2026-10-25T23:00:00.000Z", "Sun 2026-10-25" },
	{ "Europe/Berlin", "2026-03-29", VIEW_DAY, "2026-03-29", "2026-03-30", 1,
	  "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z", "Sun 2026-03-29" },
	/* ISO weeks: Monday to Sunday, whatever day the anchor is. */
	{ "UTC", "2026-11-26", VIEW_WEEK, "2026-11-23", "2026-11-30", 7,
	  "2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z", "week 2026-11-23 .. 2026-11-29" },
	{ "UTC", "2026-11-23", VIEW_WEEK, "2026-11-23", "2026-11-30", 7, NULL, NULL, NULL },
	{ "UTC", "2026-11-29", VIEW_WEEK, "2026-11-23", "2026-11-30", 7, NULL, NULL, NULL },
	{ "UTC", "2027-01-01", VIEW_WEEK, "2026-12-28", "2027-01-04", 7, NULL, NULL,
	  "week 2026-12-28 .. 2027-01-03" },
	{ "UTC", "2028-03-01", VIEW_WEEK, "2028-02-28", "2028-03-06", 7, NULL, NULL, NULL },
	/* Weeks over the DST changes: one hour more in autumn, one less in spring; still 7 days. */
	{ "Europe/Berlin", "2026-10-22", VIEW_WEEK, "2026-10-19", "2026-10-26", 7,
	  "2026-10-18T22:00:00.000Z", "2026-10-25T23:00:00.000Z", NULL },
	{ "Europe/Berlin", "2026-03-29", VIEW_WEEK, "2026-03-23", "2026-03-30", 7,
	  "2026-03-22T23:00:00.000Z", "2026-03-29T22:00:00.000Z", NULL },
	{ "America/New_York", "2026-11-01", VIEW_WEEK, "2026-10-26", "2026-11-02", 7,
	  "2026-10-26T04:00:00.000Z", "2026-11-02T05:00:00.000Z", NULL },
	{ "Australia/Sydney", "2026-10-04", VIEW_WEEK, "2026-09-28", "2026-10-05", 7,
	  "2026-09-27T14:00:00.000Z", "2026-10-04T13:00:00.000Z", NULL },
	/* Four weeks: ending with the anchor's week. */
	{ "UTC", "2026-11-26", VIEW_WEEKS4, "2026-11-02", "2026-11-30", 28, NULL, NULL,
	  "4 weeks 2026-11-02 .. 2026-11-29" },
	{ "UTC", "2027-01-03", VIEW_WEEKS4, "2026-12-07", "2027-01-04", 28, NULL, NULL, NULL },
	/* Months: every length, year ends, leap years (2000 is one, 2100 is not). */
	{ "UTC", "2026-01-31", VIEW_MONTH, "2026-01-01", "2026-02-01", 31, NULL, NULL, "January 2026" },
	{ "UTC", "2026-02-14", VIEW_MONTH, "2026-02-01", "2026-03-01", 28, NULL, NULL, "February 2026" },
	{ "UTC", "2028-02-01", VIEW_MONTH, "2028-02-01", "2028-03-01", 29, NULL, NULL, "February 2028" },
	{ "UTC", "2000-02-29", VIEW_MONTH, "2000-02-01", "2000-03-01", 29, NULL, NULL, "February 2000" },
	{ "UTC", "2100-02-28", VIEW_MONTH, "2100-02-01", "2100-03-01", 28, NULL, NULL, "February 2100" },
	{ "UTC", "2026-04-30", VIEW_MONTH, "2026-04-01", "2026-05-01", 30, NULL, NULL, "April 2026" },
	{ "UTC", "2026-12-31", VIEW_MONTH, "2026-12-01", "2027-01-01", 31,
	  "2026-12-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "December 2026" },
	{ "Europe/Berlin", "2026-03-15", VIEW_MONTH, "2026-03-01", "2026-04-01", 31,
	  "2026-02-28T23:00:00.000Z", "2026-03-31T22:00:00.000Z", "March 2026" },
	{ "Europe/Berlin", "2026-10-01", VIEW_MONTH, "2026-10-01", "2026-11-01", 31,
	  "2026-09-30T22:00:00.000Z", "2026-10-31T23:00:00.000Z", "October 2026" },
	/* A zone east of UTC by more than half a day. */
	{ "Pacific/Kiritimati", "2026-11-26", VIEW_DAY, "2026-11-26", "2026-11-27", 1,
	  "2026-11-25T10:00:00.000Z", "2026-11-26T10:00:00.000Z", NULL },
};

static void
test_periods(void **state)
{
	for (size_t i = 0; i < sizeof periods / sizeof periods[0]; i++) {
		const struct period_case *c = &periods[i];
		char what[96];
		snprintf(what, sizeof what, "case %zu (%s %s span %d)", i, c->zone, c->anchor, c->span);
		set_tz(c->zone);
		struct view_period p = { D(c->anchor), c->span, c->span };
		struct day first, end;
		view_period_days(&p, &first, &end);
		assert_day(first, c->first, what);
		assert_day(end, c->end, what);
		if (view_period_ndays(&p) != c->ndays)
			fail_msg("%s: %d days, expected %d", what, view_period_ndays(&p), c->ndays);
		ms_t from, to;
		view_period_range(&p, &from, &to);
		assert_true(from < to);
		/* The instants are the local starts of the first and end days. */
		assert_int_equal(from, dates_day_start(first));
		assert_int_equal(to, dates_day_start(end));
		/* Within an hour of whole days (DST), and exact where given. */
		long long len = to - from;
		assert_true(len >= c->ndays * DAY_MS - HOUR_MS && len <= c->ndays * DAY_MS + HOUR_MS);
		if (c->from != NULL) {
			char got[TIMEFMT_LEN + 1];
			timefmt_format(from, got);
			if (strcmp(got, c->from) != 0)
				fail_msg("%s: from %s, expected %s", what, got, c->from);
			timefmt_format(to, got);
			if (strcmp(got, c->to) != 0)
				fail_msg("%s: to %s, expected %s", what, got, c->to);
		}
		/* The anchor is inside; the index counts the days. */
		assert_true(view_period_index(first) <= view_period_index(p.anchor));
		assert_true(view_period_index(p.anchor) < view_period_index(end));
		if (c->label != NULL) {
			char label[64];
			view_period_label(&p, label, sizeof label);
			if (strcmp(label, c->label) != 0)
				fail_msg("%s: label \"%s\", expected \"%s\"", what, label, c->label);
		}
	}
}

/* ---- moving ---- */

struct step {
	enum tui_action act;
	bool changed;
	const char *first;       /* the period's first day after the key */
	enum view_span span;
	int ndays;
};

static const struct move_case {
	const char *anchor;
	enum view_span span;
	struct step steps[8];
} move_cases[] = {
	/* Days over a year end and a leap day. */
	{ "2026-12-31", VIEW_DAY, {
		{ TUI_ACT_NEXT_PERIOD, true, "2027-01-01", VIEW_DAY, 1 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-12-31", VIEW_DAY, 1 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-12-30", VIEW_DAY, 1 },
	} },
	{ "2028-02-28", VIEW_DAY, {
		{ TUI_ACT_NEXT_PERIOD, true, "2028-02-29", VIEW_DAY, 1 },
		{ TUI_ACT_NEXT_PERIOD, true, "2028-03-01", VIEW_DAY, 1 },
		{ TUI_ACT_PREV_PERIOD, true, "2028-02-29", VIEW_DAY, 1 },
	} },
	/* Weeks over the autumn DST change and a year end. */
	{ "2026-10-22", VIEW_WEEK, {
		{ TUI_ACT_NEXT_PERIOD, true, "2026-10-26", VIEW_WEEK, 7 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-10-19", VIEW_WEEK, 7 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-10-12", VIEW_WEEK, 7 },
	} },
	{ "2026-12-24", VIEW_WEEK, {
		{ TUI_ACT_NEXT_PERIOD, true, "2026-12-28", VIEW_WEEK, 7 },
		{ TUI_ACT_NEXT_PERIOD, true, "2027-01-04", VIEW_WEEK, 7 },
	} },
	/* Months from the 31st: the next month is never skipped, the previous never repeated. */
	{ "2026-01-31", VIEW_MONTH, {
		{ TUI_ACT_NEXT_PERIOD, true, "2026-02-01", VIEW_MONTH, 28 },
		{ TUI_ACT_NEXT_PERIOD, true, "2026-03-01", VIEW_MONTH, 31 },
		{ TUI_ACT_NEXT_PERIOD, true, "2026-04-01", VIEW_MONTH, 30 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-03-01", VIEW_MONTH, 31 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-02-01", VIEW_MONTH, 28 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-01-01", VIEW_MONTH, 31 },
		{ TUI_ACT_PREV_PERIOD, true, "2025-12-01", VIEW_MONTH, 31 },
	} },
	{ "2027-12-31", VIEW_MONTH, {
		{ TUI_ACT_NEXT_PERIOD, true, "2028-01-01", VIEW_MONTH, 31 },
		{ TUI_ACT_NEXT_PERIOD, true, "2028-02-01", VIEW_MONTH, 29 },
		{ TUI_ACT_NEXT_PERIOD, true, "2028-03-01", VIEW_MONTH, 31 },
	} },
	/* Four weeks move by four weeks. */
	{ "2026-11-26", VIEW_WEEKS4, {
		{ TUI_ACT_PREV_PERIOD, true, "2026-10-05", VIEW_WEEKS4, 28 },
		{ TUI_ACT_NEXT_PERIOD, true, "2026-11-02", VIEW_WEEKS4, 28 },
		{ TUI_ACT_NEXT_PERIOD, true, "2026-11-30", VIEW_WEEKS4, 28 },
	} },
	/* w and m from a day: to a week or month and back to the day (the anchor is kept). */
	{ "2026-11-26", VIEW_DAY, {
		{ TUI_ACT_WEEK, true, "2026-11-23", VIEW_WEEK, 7 },
		{ TUI_ACT_WEEK, true, "2026-11-26", VIEW_DAY, 1 },
		{ TUI_ACT_MONTH, true, "2026-11-01", VIEW_MONTH, 30 },
		{ TUI_ACT_WEEK, true, "2026-11-23", VIEW_WEEK, 7 },
		{ TUI_ACT_MONTH, true, "2026-11-01", VIEW_MONTH, 30 },
		{ TUI_ACT_MONTH, true, "2026-11-26", VIEW_DAY, 1 },
	} },
	/* A screen whose own span is a week: w again gives a day, m again the week. */
	{ "2026-11-26", VIEW_WEEK, {
		{ TUI_ACT_WEEK, true, "2026-11-26", VIEW_DAY, 1 },
		{ TUI_ACT_WEEK, true, "2026-11-23", VIEW_WEEK, 7 },
		{ TUI_ACT_MONTH, true, "2026-11-01", VIEW_MONTH, 30 },
		{ TUI_ACT_MONTH, true, "2026-11-23", VIEW_WEEK, 7 },
	} },
	{ "2026-11-26", VIEW_WEEKS4, {
		{ TUI_ACT_WEEK, true, "2026-11-23", VIEW_WEEK, 7 },
		{ TUI_ACT_WEEK, true, "2026-11-02", VIEW_WEEKS4, 28 },
		{ TUI_ACT_MONTH, true, "2026-11-01", VIEW_MONTH, 30 },
		{ TUI_ACT_MONTH, true, "2026-11-02", VIEW_WEEKS4, 28 },
	} },
	/* A month moved from the 31st and back to a day: the day is the first of the month shown. */
	{ "2026-01-31", VIEW_DAY, {
		{ TUI_ACT_MONTH, true, "2026-01-01", VIEW_MONTH, 31 },
		{ TUI_ACT_NEXT_PERIOD, true, "2026-02-01", VIEW_MONTH, 28 },
		{ TUI_ACT_MONTH, true, "2026-02-01", VIEW_DAY, 1 },
	} },
	/* t: today (the fixed clock: 2026-11-26), keeping the span. */
	{ "2020-05-05", VIEW_WEEK, {
		{ TUI_ACT_TODAY, true, "2026-11-23", VIEW_WEEK, 7 },
		{ TUI_ACT_PREV_PERIOD, true, "2026-11-16", VIEW_WEEK, 7 },
		{ TUI_ACT_TODAY, true, "2026-11-23", VIEW_WEEK, 7 },
	} },
	/* Keys that are not the period's change nothing. */
	{ "2026-11-26", VIEW_MONTH, {
		{ TUI_ACT_UP, false, "2026-11-01", VIEW_MONTH, 30 },
		{ TUI_ACT_NONE, false, "2026-11-01", VIEW_MONTH, 30 },
		{ TUI_ACT_FILTER, false, "2026-11-01", VIEW_MONTH, 30 },
	} },
};

static void
test_moves(void **state)
{
	clock_set_fixed(at("2026-11-26T12:00:00.000Z"));
	const char *zones[] = { "UTC", "Europe/Berlin", "America/New_York" };
	for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		set_tz(zones[z]);
		for (size_t i = 0; i < sizeof move_cases / sizeof move_cases[0]; i++) {
			const struct move_case *c = &move_cases[i];
			struct view_period p = { D(c->anchor), c->span, c->span };
			for (size_t s = 0; s < 8 && c->steps[s].first != NULL; s++) {
				const struct step *st = &c->steps[s];
				char what[96];
				snprintf(what, sizeof what, "%s: case %zu step %zu", zones[z], i, s);
				struct view_period before = p;
				bool changed = view_period_key(&p, st->act);
				if (changed != st->changed)
					fail_msg("%s: changed %d", what, changed);
				if (!changed)
					assert_memory_equal(&before, &p, sizeof p);
				struct day first, end;
				view_period_days(&p, &first, &end);
				assert_day(first, st->first, what);
				if (p.span != st->span)
					fail_msg("%s: span %d, expected %d", what, p.span, st->span);
				assert_int_equal(p.base, c->span);
				assert_int_equal(view_period_ndays(&p), st->ndays);
			}
		}
	}
}

/* [ then ] (and ] then [) come back to the same period, whatever the span and start. */
static void
test_moves_undo(void **state)
{
	const enum view_span spans[] = { VIEW_DAY, VIEW_WEEK, VIEW_WEEKS4, VIEW_MONTH };
	set_tz("Europe/Berlin");
	struct day d = D("2027-12-20");
	for (int k = 0; k < 800; k += 3, d = dates_day_add(d, 3)) {
		for (size_t s = 0; s < sizeof spans / sizeof spans[0]; s++) {
			struct view_period p = { d, spans[s], spans[s] };
			struct day f0, e0, f1, e1, f2, e2;
			view_period_days(&p, &f0, &e0);
			view_period_key(&p, TUI_ACT_NEXT_PERIOD);
			view_period_days(&p, &f1, &e1);
			/* Periods tile: the next starts where this one ends. */
			assert_int_equal(view_period_index(f1), view_period_index(e0));
			view_period_key(&p, TUI_ACT_PREV_PERIOD);
			view_period_days(&p, &f2, &e2);
			assert_int_equal(view_period_index(f2), view_period_index(f0));
			assert_int_equal(view_period_index(e2), view_period_index(e0));
			view_period_key(&p, TUI_ACT_PREV_PERIOD);
			view_period_days(&p, &f1, &e1);
			assert_int_equal(view_period_index(e1), view_period_index(f0));
		}
	}
}

/* ---- today, labels, indexes, weekdays ---- */

static const struct today_case {
	const char *zone;
	const char *now;
	const char *day;
} todays[] = {
	{ "UTC", "2026-11-26T23:30:00.000Z", "2026-11-26" },
	{ "Europe/Berlin", "2026-11-26T23:30:00.000Z", "2026-11-27" },
	{ "America/Los_Angeles", "2026-11-26T05:00:00.000Z", "2026-11-25" },
	{ "Pacific/Kiritimati", "2026-12-31T10:00:00.000Z", "2027-01-01" },
	{ "Europe/Berlin", "2026-10-25T00:30:00.000Z", "2026-10-25" },   /* in the repeated hour */
};

static void
test_today(void **state)
{
	for (size_t i = 0; i < sizeof todays / sizeof todays[0]; i++) {
		set_tz(todays[i].zone);
		clock_set_fixed(at(todays[i].now));
		struct view_period p;
		memset(&p, 0xff, sizeof p);
		view_period_today(&p, VIEW_WEEKS4);
		assert_day(p.anchor, todays[i].day, todays[i].zone);
		assert_int_equal(p.span, VIEW_WEEKS4);
		assert_int_equal(p.base, VIEW_WEEKS4);
		/* t from anywhere else gives the same day. */
		p.anchor = D("1999-01-01");
		assert_true(view_period_key(&p, TUI_ACT_TODAY));
		assert_day(p.anchor, todays[i].day, todays[i].zone);
	}
}

static void
test_label_small_buffer(void **state)
{
	struct view_period p = { D("2026-11-26"), VIEW_WEEK, VIEW_WEEK };
	char s[8];
	memset(s, 'x', sizeof s);
	view_period_label(&p, s, sizeof s);
	assert_string_equal(s, "week 20");
	p.span = VIEW_MONTH;
	view_period_label(&p, s, 1);
	assert_string_equal(s, "");
}

static const struct index_case {
	const char *day;
	long long index;
	const char *weekday;
} indexes[] = {
	{ "1970-01-01", 0, "Thu" },
	{ "1970-01-02", 1, "Fri" },
	{ "1969-12-31", -1, "Wed" },
	{ "1969-12-28", -4, "Sun" },
	{ "2000-03-01", 11017, "Wed" },
	{ "2026-11-26", 20783, "Thu" },
	{ "2026-11-23", 20780, "Mon" },
	{ "2028-02-29", 21243, "Tue" },
	{ "1900-01-01", -25567, "Mon" },
};

static void
test_index_and_weekday(void **state)
{
	for (size_t i = 0; i < sizeof indexes / sizeof indexes[0]; i++) {
		struct day d = D(indexes[i].day);
		if (view_period_index(d) != indexes[i].index)
			fail_msg("%s: index %lld, expected %lld", indexes[i].day, view_period_index(d),
			    indexes[i].index);
		assert_string_equal(present_weekday(d), indexes[i].weekday);
	}
}

/* ---- the range job ---- */

#define USER "u-period"

static void
add_meal(struct table *t, const char *name, const char *when)
{
	const struct model_entity *e = model_entity(MODEL_MEAL);
	struct model_meal *m = model_new(MODEL_MEAL);
	char why[256];
	struct table_err err;
	const char *attrs[][2] = { { "name", name }, { "calories", "500" }, { "mealType", "lunch" },
		{ "occurredAt", when } };
	m->c.user_id = xstrdup(USER);
	for (size_t i = 0; i < 4; i++)
		if (model_set_text(MODEL_MEAL, m, model_field_by_attr(e, attrs[i][0]), attrs[i][1], why,
		    sizeof why) != 0)
			fail_msg("%s: %s", attrs[i][0], why);
	if (store_create(t, MODEL_MEAL, m, &err) != 0)
		fail_msg("create %s: %s", name, err.message);
	model_free(MODEL_MEAL, m);
}

static void
test_range_job(void **state)
{
	struct table_err err;
	bool created;
	set_tz("Europe/Berlin");
	clock_set_fixed(at("2026-11-26T12:00:00.000Z"));
	struct table *t = local_open(":memory:", "period-test", &err);
	assert_non_null(t);
	assert_int_equal(table_create(t, &created, &err), 0);
	/* The DST week of October 2026 in Berlin: Mon 19 00:00 CEST .. Mon 26 00:00 CET. */
	const char *const inside[] = {
		"2026-10-18T22:00:00.000Z",   /* its first instant */
		"2026-10-21T10:00:00.000Z", "2026-10-24T10:00:00.000Z",
		"2026-10-25T00:30:00.000Z",   /* the repeated hour */
		"2026-10-25T01:30:00.000Z", "2026-10-25T12:00:00.000Z",
		"2026-10-25T22:59:59.999Z",   /* its last instant */
	};
	const char *const outside[] = {
		"2026-10-18T21:59:59.999Z", "2026-10-25T23:00:00.000Z", "2026-11-02T10:00:00.000Z",
	};
	char name[32];
	for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
		snprintf(name, sizeof name, "in %zu", i);
		add_meal(t, name, inside[i]);
	}
	for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
		snprintf(name, sizeof name, "out %zu", i);
		add_meal(t, name, outside[i]);
	}
	struct view_period p = { D("2026-10-22"), VIEW_WEEK, VIEW_WEEK };
	ms_t from, to;
	view_period_range(&p, &from, &to);

	/* Everything in the week, newest first. */
	struct tui_job *j = view_range_job(USER, MODEL_MEAL, from, to, true, 100);
	struct view_range *r = j->data;
	assert_string_equal(r->user_id, USER);
	assert_int_equal(r->type, MODEL_MEAL);
	assert_int_equal(r->from, from);
	assert_int_equal(r->to, to);
	assert_true(r->newest_first);
	assert_int_equal(r->max, 100);
	tui_job_run(j, t);
	if (j->rc != 0)
		fail_msg("range: %s", j->err.message);
	assert_int_equal(r->l.count, sizeof inside / sizeof inside[0]);
	assert_false(r->cut);
	for (size_t i = 0; i < r->l.count; i++) {
		const struct model_meal *m = r->l.items[i].rec;
		assert_int_equal(r->l.items[i].type, MODEL_MEAL);
		char want[TIMEFMT_LEN + 1];
		timefmt_format(at(inside[sizeof inside / sizeof inside[0] - 1 - i]), want);
		assert_string_equal(m->occurred_at, want);
	}
	assert_int_equal(j->nexplain, 1);
	assert_string_equal(j->explain[0].pattern, "AP10");
	tui_job_free(j);

	/* At most max, over several pages, oldest first; cut says there is more. */
	j = view_range_job(USER, MODEL_MEAL, from, to, false, 3);
	r = j->data;
	assert_int_equal(j->run(j, t), 0);
	assert_int_equal(r->l.count, 3);
	assert_true(r->cut);
	assert_string_equal(((const struct model_meal *)r->l.items[0].rec)->occurred_at, inside[0]);
	tui_job_free(j);

	/* An empty period, and a bad user id (the job fails with the store's message). */
	p.anchor = D("2026-12-24");
	view_period_range(&p, &from, &to);
	j = view_range_job(USER, MODEL_MEAL, from, to, true, 100);
	r = j->data;
	assert_int_equal(j->run(j, t), 0);
	assert_int_equal(r->l.count, 0);
	assert_false(r->cut);
	tui_job_free(j);
	j = view_range_job("bad id!", MODEL_MEAL, from, to, true, 100);
	assert_int_equal(j->run(j, t), -1);
	assert_int_equal(j->err.status, TABLE_INVALID);
	tui_job_free(j);

	/* view_range_done on a range that is not a job's. */
	struct view_range own;
	memset(&own, 0, sizeof own);
	own.user_id = xstrdup(USER);
	own.type = MODEL_MEAL;
	own.from = 0;
	own.to = to;
	own.max = 1000;
	struct tui_job *outer = tui_job_new(NULL, NULL, NULL);
	assert_int_equal(view_range_run(outer, t, &own), 0);
	assert_int_equal(own.l.count, sizeof inside / sizeof inside[0] + sizeof outside / sizeof outside[0]);
	view_range_done(&own);
	assert_null(own.user_id);
	assert_int_equal(own.l.count, 0);
	tui_job_free(outer);
	table_close(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_periods, teardown),
		cmocka_unit_test_teardown(test_moves, teardown),
		cmocka_unit_test_teardown(test_moves_undo, teardown),
		cmocka_unit_test_teardown(test_today, teardown),
		cmocka_unit_test_teardown(test_label_small_buffer, teardown),
		cmocka_unit_test_teardown(test_index_and_weekday, teardown),
		cmocka_unit_test_teardown(test_range_job, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
