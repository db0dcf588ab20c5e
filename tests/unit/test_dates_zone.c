/*
 * Tests of datastore/dates' zone handling across threads: dates_zone_init puts
 * TZ in the environment without changing what the zone is, and a thread that
 * converts local times while another switches zones back and forth always
 * gets one zone's right answer, never a mix of the two (the terminal
 * interface switches on its main thread while its worker may format times).
 * Under valgrind (tests/valgrind.sh) it runs too: the work is bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datastore/dates.h"
#include "datastore/present.h"
#include "datastore/timefmt.h"

extern char **environ;

/* Conversions the second thread makes (each about 70 localtime calls); the main thread switches meanwhile. */
#define CONVERSIONS 10000
#define MIN_SWITCHES 20
#define NZONES 2

static const char *const zones[NZONES] = { "Europe/Berlin", "America/New_York" };

/* What one zone answers: every conversion the thread makes. */
struct answers {
	char format[64];         /* dates_local_format_zone */
	ms_t day_start;          /* the Berlin DST day's first moment (a search over many localtime calls) */
	ms_t when;               /* "2026-03-29 03:30" read as a local time */
	ms_t today;              /* "today" */
	struct day day;          /* dates_day_of */
	int hour;                /* dates_local_tm */
	time_t mk;               /* dates_mktime */
	const char *meal;        /* present_meal_type */
};

static ms_t
at(const char *key)
{
	ms_t ms;
	if (timefmt_parse_key(key, &ms) != 0)
		fail_msg("bad timestamp in the test: %s", key);
	return ms;
}

static bool
convert(struct answers *a, ms_t now)
{
	struct day dst = { 2026, 3, 29 };
	struct tm tm;
	char why[200];
	memset(a, 0, sizeof *a);
	dates_local_format_zone(now, a->format, sizeof a->format);
	a->day_start = dates_day_start(dst);
	if (dates_parse_when("2026-03-29 03:30", now, &a->when, why, sizeof why) != 0)
		return false;
	if (dates_parse_when("today", now, &a->today, why, sizeof why) != 0)
		return false;
	a->day = dates_day_of(now);
	if (!dates_local_tm((time_t)(now / 1000), &tm))
		return false;
	a->hour = tm.tm_hour;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 6;
	tm.tm_mday = 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	a->mk = dates_mktime(&tm);
	a->meal = present_meal_type(now);
	return true;
}

/* Each conversion on its own (the zone may change between two of them): which answers were neither zone's. */
static int
wrong_fields(const struct answers *g, const struct answers *w0, const struct answers *w1, char *out, size_t size)
{
	int n = 0;
	out[0] = '\0';
#define CHECK(ok, name) do { if (!(ok)) { n++; snprintf(out + strlen(out), size - strlen(out), " %s", name); } } while (0)
	CHECK(strcmp(g->format, w0->format) == 0 || strcmp(g->format, w1->format) == 0, g->format);
	CHECK(g->day_start == w0->day_start || g->day_start == w1->day_start, "day_start");
	CHECK(g->when == w0->when || g->when == w1->when, "when");
	CHECK(g->today == w0->today || g->today == w1->today, "today");
	CHECK((g->day.d == w0->day.d && g->day.m == w0->day.m) || (g->day.d == w1->day.d && g->day.m == w1->day.m),
	    "day_of");
	CHECK(g->hour == w0->hour || g->hour == w1->hour, "hour");
	CHECK(g->mk == w0->mk || g->mk == w1->mk, "mktime");
	CHECK(strcmp(g->meal, w0->meal) == 0 || strcmp(g->meal, w1->meal) == 0, "meal");
#undef CHECK
	return n;
}

struct converter {
	struct answers want[NZONES];
	ms_t now;
	atomic_bool done;
	long runs, wrong;
	char first_wrong[256];
};

static void *
converter_main(void *arg)
{
	struct converter *c = arg;
	/* A fixed amount of work (valgrind runs one thread at a time; a spin until told to stop could starve the switcher). */
	for (int i = 0; i < CONVERSIONS; i++) {
		struct answers got;
		char what[200];
		bool ok = convert(&got, c->now);
		c->runs++;
		if (!ok) {
			if (c->wrong++ == 0)
				snprintf(c->first_wrong, sizeof c->first_wrong, "a date did not parse");
			continue;
		}
		int n = wrong_fields(&got, &c->want[0], &c->want[1], what, sizeof what);
		if (n > 0 && c->wrong++ == 0)
			snprintf(c->first_wrong, sizeof c->first_wrong, "%s", what);
	}
	atomic_store(&c->done, true);
	return NULL;
}

static void
test_convert_while_switching(void **state)
{
	struct converter c;
	pthread_t th;
	memset(&c, 0, sizeof c);
	/* 05:30 UTC: breakfast in Berlin, a snack in New York (00:30), and another day there. */
	c.now = at("2026-11-26T05:30:00.000Z");
	for (int i = 0; i < NZONES; i++) {
		assert_int_equal(dates_set_zone(zones[i]), 0);
		assert_true(convert(&c.want[i], c.now));
	}
	/* The two zones differ in every answer, so a mix of them cannot pass for one. */
	assert_string_equal(c.want[0].format, "2026-11-26 06:30 CET");
	assert_string_equal(c.want[1].format, "2026-11-26 00:30 EST");
	assert_int_equal(c.want[0].day_start, at("2026-03-28T23:00:00.000Z"));
	assert_int_equal(c.want[1].day_start, at("2026-03-29T04:00:00.000Z"));
	assert_int_equal(c.want[0].when, at("2026-03-29T01:30:00.000Z"));
	assert_int_equal(c.want[1].when, at("2026-03-29T07:30:00.000Z"));
	assert_string_equal(c.want[0].meal, "breakfast");
	assert_string_equal(c.want[1].meal, "snack");
	assert_int_not_equal(c.want[0].mk, c.want[1].mk);

	char **env = environ;
	long switches = 0;
	atomic_init(&c.done, false);
	assert_int_equal(pthread_create(&th, NULL, converter_main, &c), 0);
	/* Back and forth for as long as the converter runs, and a few times at least. */
	while (!atomic_load(&c.done) || switches < MIN_SWITCHES) {
		assert_int_equal(dates_set_zone(zones[switches++ % NZONES]), 0);
		/* Let the converter run a little in each zone. */
		struct timespec ts = { 0, 20000 };
		nanosleep(&ts, NULL);
	}
	assert_int_equal(pthread_join(th, NULL), 0);
	if (c.wrong > 0)
		fail_msg("%ld of %ld conversions were neither zone's answer; the first: %s", c.wrong, c.runs,
		    c.first_wrong);
	assert_int_equal(c.runs, CONVERSIONS);
	/* TZ was there from the start: the changes replaced its entry and never moved the array. */
	assert_ptr_equal(environ, env);
}

/* Without TZ: afterwards TZ is there and the zone is still the machine's, by name and by offset. */
static void
test_zone_init(void **state)
{
	char before[64], after[64], name[256];
	ms_t t = at("2026-07-01T12:00:00.000Z");
	assert_int_equal(unsetenv("TZ"), 0);
	tzset();
	snprintf(name, sizeof name, "%s", dates_system_zone());
	dates_local_format_zone(t, before, sizeof before);
	dates_zone_init();
	assert_non_null(getenv("TZ"));
	assert_string_equal(dates_system_zone(), name);
	dates_local_format_zone(t, after, sizeof after);
	assert_string_equal(after, before);
	/* A TZ of the user's stays as it is. */
	assert_int_equal(setenv("TZ", "Asia/Kolkata", 1), 0);
	dates_zone_init();
	assert_string_equal(getenv("TZ"), "Asia/Kolkata");
	dates_local_format_zone(t, after, sizeof after);
	assert_string_equal(after, "2026-07-01 17:30 IST");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zone_init),
		cmocka_unit_test(test_convert_while_switching),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
