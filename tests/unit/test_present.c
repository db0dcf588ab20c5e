/*
 * Tests of datastore/present: the summary of every entity (optional parts,
 * UTF-8 text, a journal entry without a title), a goal's amount and progress,
 * number text to the thousandth, the meal of the hour at each boundary, stored
 * times in local time and weekdays in given zones, and fields as text.
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
#include "datastore/present.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define MAX_ATTRS 9

struct attr {
	const char *name, *value;
};

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

/* A record of type with the attributes given as text (as typed), each checked by the model. */
static void *
record(enum model_type type, const struct attr *attrs)
{
	const struct model_entity *e = model_entity(type);
	void *rec = model_new(type);
	char why[256];
	for (size_t i = 0; i < MAX_ATTRS && attrs[i].name != NULL; i++) {
		const struct model_field *f = model_field_by_attr(e, attrs[i].name);
		if (f == NULL)
			fail_msg("%s has no attribute %s", e->label, attrs[i].name);
		if (model_set_text(type, rec, f, attrs[i].value, why, sizeof why) != 0)
			fail_msg("%s %s: %s", e->label, attrs[i].name, why);
	}
	return rec;
}

/* ---- summaries ---- */

static const struct summary_case {
	enum model_type type;
	struct attr attrs[MAX_ATTRS];
	const char *want;
} summaries[] = {
	{ MODEL_USER, { { "name", "Ana Müller" }, { "timezone", "Europe/Berlin" }, { "units", "metric" } },
	  "Ana Müller" },
	{ MODEL_GOAL, { { "title", "Run 500 km" }, { "target", "500" }, { "unit", "km" }, { "progress", "42.5" },
	    { "status", "active" } },
	  "Run 500 km: 42.5/500 km (8%)" },
	/* The percentage is rounded down; exact thousandths on both sides. */
	{ MODEL_GOAL, { { "title", "Read" }, { "target", "3" }, { "unit", "books" }, { "progress", "2.999" },
	    { "status", "active" } },
	  "Read: 2.999/3 books (99%)" },
	{ MODEL_GOAL, { { "title", "Drink" }, { "target", "0.3" }, { "unit", "l" }, { "progress", "0.3" },
	    { "status", "completed" } },
	  "Drink: 0.3/0.3 l (100%)" },
	{ MODEL_GOAL, { { "title", "Überstunden 🏃 日本" }, { "target", "10" }, { "unit", "Std." },
	    { "progress", "25" }, { "status", "active" } },
	  "Überstunden 🏃 日本: 25/10 Std. (250%)" },
	{ MODEL_ACTIVITY, { { "goalId", "g1" }, { "amount", "5.2" }, { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "+5.2 to goal g1" },
	{ MODEL_ACTIVITY, { { "goalId", "g1" }, { "amount", "0.001" }, { "note", "easy run, Straße" },
	    { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "+0.001 to goal g1: easy run, Straße" },
	{ MODEL_JOURNAL, { { "title", "Sunday" }, { "body", "Slept well.\nLong run." }, { "mood", "4" },
	    { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "Sunday (mood 4)" },
	{ MODEL_JOURNAL, { { "body", "Slept well.\nLong run." }, { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "Slept well." },
	{ MODEL_JOURNAL, { { "body", "Ein Tag am Meer — schön" }, { "mood", "5" }, { "tags", "sea" },
	    { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "Ein Tag am Meer — schön (mood 5)" },
	{ MODEL_MEAL, { { "name", "Pasta" }, { "mealType", "lunch" }, { "calories", "650" },
	    { "occurredAt", "2026-11-26T11:30:00.000Z" } },
	  "lunch: Pasta (650 kcal)" },
	{ MODEL_MEAL, { { "name", "Müsli" }, { "mealType", "breakfast" }, { "calories", "420.5" },
	    { "protein", "12" }, { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "breakfast: Müsli (420.5 kcal)" },
	{ MODEL_WORKOUT, { { "kind", "run" }, { "minutes", "42" }, { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "run 42 min" },
	{ MODEL_WORKOUT, { { "kind", "Schwimmen" }, { "minutes", "30.5" }, { "distanceKm", "1.25" },
	    { "calories", "300" }, { "occurredAt", "2026-11-26T06:30:00.000Z" } },
	  "Schwimmen 30.5 min, 1.25 km" },
};

static void
test_summaries(void **state)
{
	for (size_t i = 0; i < sizeof summaries / sizeof summaries[0]; i++) {
		const struct summary_case *c = &summaries[i];
		void *rec = record(c->type, c->attrs);
		char *got = present_summary(c->type, rec);
		if (strcmp(got, c->want) != 0)
			fail_msg("case %zu (%s): \"%s\", expected \"%s\"", i, model_entity(c->type)->label, got, c->want);
		free(got);
		model_free(c->type, rec);
	}
}

/* Items of other clients may lack what the model requires: absent text shows as nothing. */
static void
test_summary_of_incomplete_records(void **state)
{
	struct model_journal *j = model_new(MODEL_JOURNAL);
	char *s = present_summary(MODEL_JOURNAL, j);
	assert_string_equal(s, "");
	free(s);
	j->mood.set = true;
	j->mood.v = 2;
	j->body = xstrdup("\nsecond line");
	s = present_summary(MODEL_JOURNAL, j);
	assert_string_equal(s, " (mood 2)");
	free(s);
	model_free(MODEL_JOURNAL, j);

	struct model_user *u = model_new(MODEL_USER);
	s = present_summary(MODEL_USER, u);
	assert_string_equal(s, "");
	free(s);
	model_free(MODEL_USER, u);

	/* A required number that is absent reads as 0, as the structs hold it. */
	struct model_goal *g = model_new(MODEL_GOAL);
	g->title = xstrdup("Bare");
	s = present_summary(MODEL_GOAL, g);
	assert_string_equal(s, "Bare: 0/0  (0%)");
	free(s);
	model_free(MODEL_GOAL, g);

	s = present_summary((enum model_type)MODEL_TYPE_COUNT, NULL);
	assert_string_equal(s, "");
	free(s);
}

/* ---- a goal's amount and progress, a journal entry's title ---- */

static const struct progress_case {
	const char *target, *progress, *unit;
	const char *amount, *text;
} progresses[] = {
	{ "100", "42.5", "km", "42.5/100 km", "42.5/100 km (42%)" },
	{ "100", "0", "km", "0/100 km", "0/100 km (0%)" },
	{ "0.001", "0.001", "g", "0.001/0.001 g", "0.001/0.001 g (100%)" },
	{ "1000000000", "999999999.999", "m", "999999999.999/1000000000 m", "999999999.999/1000000000 m (99%)" },
	{ "12.5", "25", "Seiten", "25/12.5 Seiten", "25/12.5 Seiten (200%)" },
	{ "8", "2", "Gläser 🥛", "2/8 Gläser 🥛", "2/8 Gläser 🥛 (25%)" },
};

static void
test_progress(void **state)
{
	for (size_t i = 0; i < sizeof progresses / sizeof progresses[0]; i++) {
		const struct progress_case *c = &progresses[i];
		const struct attr attrs[MAX_ATTRS] = { { "title", "T" }, { "target", c->target },
			{ "progress", c->progress }, { "unit", c->unit }, { "status", "active" } };
		struct model_goal *g = record(MODEL_GOAL, attrs);
		char *amount = present_amount(g), *text = present_progress(g);
		if (strcmp(amount, c->amount) != 0 || strcmp(text, c->text) != 0)
			fail_msg("case %zu: \"%s\" / \"%s\", expected \"%s\" / \"%s\"", i, amount, text, c->amount,
			    c->text);
		free(amount);
		free(text);
		model_free(MODEL_GOAL, g);
	}
	/* A goal without a unit (another client's item): nothing where the unit goes. */
	struct model_goal *g = model_new(MODEL_GOAL);
	g->target = (struct model_num){ true, 4000 };
	g->progress = (struct model_num){ true, 1000 };
	char *text = present_progress(g);
	assert_string_equal(text, "1/4  (25%)");
	free(text);
	model_free(MODEL_GOAL, g);
}

static void
test_journal_title(void **state)
{
	static const struct {
		const char *title, *body, *want;
	} cases[] = {
		{ "Sunday", "Body", "Sunday" },
		{ NULL, "First line\nsecond\nthird", "First line" },
		{ NULL, "Only one line", "Only one line" },
		{ NULL, "Zwölf Boxkämpfer\tjagen\nViktor", "Zwölf Boxkämpfer\tjagen" },
		{ "", "Body", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct model_journal *j = model_new(MODEL_JOURNAL);
		j->title = cases[i].title != NULL ? xstrdup(cases[i].title) : NULL;
		j->body = xstrdup(cases[i].body);
		char *t = present_journal_title(j);
		if (strcmp(t, cases[i].want) != 0)
			fail_msg("case %zu: \"%s\", expected \"%s\"", i, t, cases[i].want);
		free(t);
		model_free(MODEL_JOURNAL, j);
	}
}

/* ---- numbers ---- */

static void
test_numbers(void **state)
{
	static const struct {
		bool set;
		long long v;
		const char *want;
	} nums[] = {
		{ true, 0, "0" }, { true, 1, "0.001" }, { true, 10, "0.01" }, { true, 100, "0.1" },
		{ true, 1000, "1" }, { true, 12500, "12.5" }, { true, 12050, "12.05" }, { true, 300, "0.3" },
		{ true, -1500, "-1.5" }, { true, -1, "-0.001" }, { true, 999999999999999LL, "999999999999.999" },
		{ false, 12500, "" }, { false, 0, "" },
	};
	char out[PRESENT_NUM_MAX];
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		struct model_num n = { nums[i].set, nums[i].v };
		memset(out, 'x', sizeof out);
		present_num(&n, out);
		if (strcmp(out, nums[i].want) != 0)
			fail_msg("%lld (set %d): \"%s\", expected \"%s\"", nums[i].v, nums[i].set, out, nums[i].want);
	}
	static const struct {
		long long part, whole, want;
	} pcts[] = {
		{ 0, 100, 0 }, { 42500, 100000, 42 }, { 999, 1000, 99 }, { 1000, 1000, 100 }, { 2500, 1000, 250 },
		{ 5, 0, 0 }, { 5, -3, 0 }, { 1, 3, 33 },
	};
	for (size_t i = 0; i < sizeof pcts / sizeof pcts[0]; i++)
		if (present_percent(pcts[i].part, pcts[i].whole) != pcts[i].want)
			fail_msg("%lld of %lld: %lld, expected %lld", pcts[i].part, pcts[i].whole,
			    present_percent(pcts[i].part, pcts[i].whole), pcts[i].want);
}

/* ---- the meal of the hour ---- */

static const struct meal_case {
	const char *zone, *at, *want;
} meals[] = {
	/* Berlin in winter is UTC+1: local = the UTC hour + 1. */
	{ "Europe/Berlin", "2026-11-26T02:59:59.999Z", "snack" },      /* 03:59 */
	{ "Europe/Berlin", "2026-11-26T03:00:00.000Z", "breakfast" },  /* 04:00 */
	{ "Europe/Berlin", "2026-11-26T09:29:59.999Z", "breakfast" },  /* 10:29 */
	{ "Europe/Berlin", "2026-11-26T09:30:00.000Z", "snack" },      /* 10:30 */
	{ "Europe/Berlin", "2026-11-26T09:59:00.000Z", "snack" },      /* 10:59 */
	{ "Europe/Berlin", "2026-11-26T10:00:00.000Z", "lunch" },      /* 11:00 */
	{ "Europe/Berlin", "2026-11-26T13:59:59.999Z", "lunch" },      /* 14:59 */
	{ "Europe/Berlin", "2026-11-26T14:00:00.000Z", "snack" },      /* 15:00 */
	{ "Europe/Berlin", "2026-11-26T15:59:00.000Z", "snack" },      /* 16:59 */
	{ "Europe/Berlin", "2026-11-26T16:00:00.000Z", "dinner" },     /* 17:00 */
	{ "Europe/Berlin", "2026-11-26T20:59:59.999Z", "dinner" },     /* 21:59 */
	{ "Europe/Berlin", "2026-11-26T21:00:00.000Z", "snack" },      /* 22:00 */
	{ "Europe/Berlin", "2026-11-26T23:00:00.000Z", "snack" },      /* 00:00 */
	/* Summer time, UTC+2. */
	{ "Europe/Berlin", "2026-07-01T02:00:00.000Z", "breakfast" },  /* 04:00 */
	{ "Europe/Berlin", "2026-07-01T01:59:00.000Z", "snack" },      /* 03:59 */
	/* A half-hour zone, UTC+5:30: the minutes count. */
	{ "Asia/Kolkata", "2026-11-26T05:00:00.000Z", "snack" },       /* 10:30 */
	{ "Asia/Kolkata", "2026-11-26T04:59:00.000Z", "breakfast" },   /* 10:29 */
	{ "Asia/Kolkata", "2026-11-26T05:30:00.000Z", "lunch" },       /* 11:00 */
	{ "UTC", "2026-11-26T17:00:00.000Z", "dinner" },
	{ "UTC", "2026-11-26T16:59:59.999Z", "snack" },
};

static void
test_meal_type(void **state)
{
	for (size_t i = 0; i < sizeof meals / sizeof meals[0]; i++) {
		set_tz(meals[i].zone);
		const char *got = present_meal_type(at(meals[i].at));
		if (strcmp(got, meals[i].want) != 0)
			fail_msg("%s in %s: %s, expected %s", meals[i].at, meals[i].zone, got, meals[i].want);
	}
}

/* ---- local times, days and weekdays ---- */

static const struct time_case {
	const char *zone, *ts;
	const char *local, *with_zone, *day, *weekday;
} times[] = {
	{ "Europe/Berlin", "2026-11-26T04:03:04.123Z", "2026-11-26 05:03", "2026-11-26 05:03 CET", "2026-11-26", "Thu" },
	{ "Europe/Berlin", "2026-07-01T22:30:00.000Z", "2026-07-02 00:30", "2026-07-02 00:30 CEST", "2026-07-02", "Thu" },
	/* The doubled hour of October: the same wall clock, two abbreviations. */
	{ "Europe/Berlin", "2026-10-25T00:30:00.000Z", "2026-10-25 02:30", "2026-10-25 02:30 CEST", "2026-10-25", "Sun" },
	{ "Europe/Berlin", "2026-10-25T01:30:00.000Z", "2026-10-25 02:30", "2026-10-25 02:30 CET", "2026-10-25", "Sun" },
	{ "America/New_York", "2026-11-26T04:03:04.123Z", "2026-11-25 23:03", "2026-11-25 23:03 EST", "2026-11-25", "Wed" },
	{ "Asia/Kolkata", "2026-11-22T20:00:00.000Z", "2026-11-23 01:30", "2026-11-23 01:30 IST", "2026-11-23", "Mon" },
	{ "UTC", "1970-01-01T00:00:00.000Z", "1970-01-01 00:00", "1970-01-01 00:00 UTC", "1970-01-01", "Thu" },
	{ "UTC", "2028-02-29T12:00:00.000Z", "2028-02-29 12:00", "2028-02-29 12:00 UTC", "2028-02-29", "Tue" },
};

static void
test_local_times(void **state)
{
	char out[PRESENT_TIME_MAX], day[11];
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		const struct time_case *c = &times[i];
		set_tz(c->zone);
		present_time(c->ts, out, sizeof out);
		if (strcmp(out, c->local) != 0)
			fail_msg("%s in %s: %s, expected %s", c->ts, c->zone, out, c->local);
		present_time_or(c->ts, "?", out, sizeof out);
		assert_string_equal(out, c->local);
		present_time_zone(c->ts, out, sizeof out);
		if (strcmp(out, c->with_zone) != 0)
			fail_msg("%s in %s: %s, expected %s", c->ts, c->zone, out, c->with_zone);
		assert_int_equal(present_ms(c->ts), at(c->ts));
		struct day d = present_day(c->ts);
		dates_day_format(d, day);
		assert_string_equal(day, c->day);
		assert_string_equal(present_weekday(d), c->weekday);
	}
}

/* What an absent or unreadable time shows: the screens' way and the command line's mark. */
static void
test_unreadable_times(void **state)
{
	static const char *const bad[] = { "bogus", "2026-11-26", "2026-11-26T04:03:04Z", "2026-13-01T00:00:00.000Z", "" };
	char out[PRESENT_TIME_MAX];
	set_tz("Europe/Berlin");
	present_time(NULL, out, sizeof out);
	assert_string_equal(out, "");
	present_time_or(NULL, "?", out, sizeof out);
	assert_string_equal(out, "?");
	assert_int_equal(present_ms(NULL), 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(present_ms(bad[i]), 0);
		present_time(bad[i], out, sizeof out);
		assert_string_equal(out, "1970-01-01 01:00");
		present_time_or(bad[i], "?", out, sizeof out);
		assert_string_equal(out, "?");
		present_time_zone(bad[i], out, sizeof out);
		assert_string_equal(out, "1970-01-01 01:00 CET");
	}
	/* A buffer too small for the text holds nothing rather than a cut time. */
	char small[8] = "xxxxxxx";
	present_time("2026-11-26T04:03:04.123Z", small, sizeof small);
	assert_string_equal(small, "");
	present_time("2026-11-26T04:03:04.123Z", small, 0);
	assert_string_equal(small, "");
}

static void
test_weekdays(void **state)
{
	static const struct {
		struct day d;
		const char *want;
	} days[] = {
		{ { 1970, 1, 1 }, "Thu" }, { { 1969, 12, 31 }, "Wed" }, { { 1969, 12, 28 }, "Sun" },
		{ { 1900, 1, 1 }, "Mon" }, { { 2000, 2, 29 }, "Tue" }, { { 2026, 11, 23 }, "Mon" },
		{ { 2026, 11, 28 }, "Sat" }, { { 2026, 11, 27 }, "Fri" }, { { 9999, 12, 31 }, "Fri" },
		{ { 1, 1, 1 }, "Mon" },
	};
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
		if (strcmp(present_weekday(days[i].d), days[i].want) != 0)
			fail_msg("%04d-%02d-%02d: %s, expected %s", days[i].d.y, days[i].d.m, days[i].d.d,
			    present_weekday(days[i].d), days[i].want);
}

/* ---- fields ---- */

static void
test_fields(void **state)
{
	static const struct {
		const char *attr;
		const char *mark;        /* present_field's time_mark */
		const char *want;        /* NULL: absent */
	} cases[] = {
		{ "title", NULL, "Grüße" },
		{ "body", NULL, "line 1\nline 2" },
		{ "mood", NULL, "3" },
		{ "tags", NULL, "run, see, 海" },
		{ "occurredAt", NULL, "2026-11-26 05:03" },
		{ "occurredAt", "?", "2026-11-26 05:03" },
		{ "goalId", NULL, NULL },
		{ "entryId", NULL, NULL },
	};
	const struct attr attrs[MAX_ATTRS] = { { "title", "Grüße" }, { "body", "line 1\nline 2" }, { "mood", "3" },
		{ "tags", "run" }, { "tags", "see" }, { "tags", "海" }, { "occurredAt", "2026-11-26T04:03:04.123Z" } };
	set_tz("Europe/Berlin");
	struct model_journal *j = record(MODEL_JOURNAL, attrs);
	const struct model_entity *e = model_entity(MODEL_JOURNAL);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = present_field(j, model_field_by_attr(e, cases[i].attr), cases[i].mark);
		if (cases[i].want == NULL && got != NULL)
			fail_msg("%s: \"%s\", expected absent", cases[i].attr, got);
		if (cases[i].want != NULL && (got == NULL || strcmp(got, cases[i].want) != 0))
			fail_msg("%s: \"%s\", expected \"%s\"", cases[i].attr, got != NULL ? got : "(absent)", cases[i].want);
		free(got);
	}
	/* An unreadable stored time: the mark, or the screens' instant 0. */
	free(j->occurred_at);
	j->occurred_at = xstrdup("yesterday");
	const struct model_field *f = model_field_by_attr(e, "occurredAt");
	char *got = present_field(j, f, "?");
	assert_string_equal(got, "?");
	free(got);
	got = present_field(j, f, NULL);
	assert_string_equal(got, "1970-01-01 01:00");
	free(got);
	j->mood.set = false;
	assert_null(present_field(j, model_field_by_attr(e, "mood"), NULL));
	model_free(MODEL_JOURNAL, j);

	const struct attr meal[MAX_ATTRS] = { { "name", "Pasta" }, { "mealType", "dinner" }, { "calories", "650.25" },
		{ "occurredAt", "2026-11-26T18:00:00.000Z" } };
	struct model_meal *m = record(MODEL_MEAL, meal);
	const struct model_entity *me = model_entity(MODEL_MEAL);
	got = present_field(m, model_field_by_attr(me, "calories"), NULL);
	assert_string_equal(got, "650.25");
	free(got);
	assert_null(present_field(m, model_field_by_attr(me, "protein"), NULL));
	got = present_field(m, model_field_by_attr(me, "mealType"), NULL);
	assert_string_equal(got, "dinner");
	free(got);
	model_free(MODEL_MEAL, m);
}

static void
test_occurred_at(void **state)
{
	for (int t = 0; t < MODEL_TYPE_COUNT; t++) {
		void *rec = model_new((enum model_type)t);
		const struct model_field *f = model_field_by_attr(model_entity((enum model_type)t), "occurredAt");
		if (f != NULL)
			*model_str_at(rec, f) = xstrdup("2026-11-26T04:03:04.123Z");
		const char *got = present_occurred_at((enum model_type)t, rec);
		if (t == MODEL_USER || t == MODEL_GOAL)
			assert_null(got);
		else
			assert_string_equal(got, "2026-11-26T04:03:04.123Z");
		model_free((enum model_type)t, rec);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summaries),
		cmocka_unit_test(test_summary_of_incomplete_records),
		cmocka_unit_test(test_progress),
		cmocka_unit_test(test_journal_title),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_meal_type),
		cmocka_unit_test(test_local_times),
		cmocka_unit_test(test_unreadable_times),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_occurred_at),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
