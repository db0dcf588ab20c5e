/*
 * Tests of datastore/insights_load.c on the embedded store: a goal's figures
 * alone (goal_only, what the goal detail of the terminal interface asks for)
 * read the goal and its own activities only, never the period's journal,
 * meals or workouts (AP9-AP11), and give the same goal figures as the full
 * report of that goal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/insights_load.h"
#include "datastore/local/local.h"
#include "datastore/store.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

static struct table *t;
static struct table_trace trace;

/* An instant of a local "YYYY-MM-DD HH:MM" (Berlin) as a 24-character timestamp. */
static char *
at(const char *local)
{
	ms_t ms;
	char why[128], ts[TIMEFMT_LEN + 1];
	assert_int_equal(dates_parse_when(local, 0, &ms, why, sizeof why), 0);
	timefmt_format(ms, ts);
	return xstrdup(ts);
}

static void
create(enum model_type type, void *rec)
{
	struct table_err err;
	if (store_create(t, type, rec, &err) != 0)
		fail_msg("store_create %s: %s", model_entity(type)->label, err.message);
	model_free(type, rec);
}

static void
log_act(const char *local, long long amount)
{
	struct table_err err;
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	a->c.user_id = xstrdup("u1");
	a->goal_id = xstrdup("g1");
	a->amount.set = true;
	a->amount.v = amount;
	a->occurred_at = at(local);
	if (store_activity_log(t, a, NULL, &err) != 0)
		fail_msg("store_activity_log %s: %s", local, err.message);
	model_free(MODEL_ACTIVITY, a);
}

static int
setup(void **state)
{
	struct table_err err;
	bool created = false;
	assert_int_equal(dates_set_zone("Europe/Berlin"), 0);
	/* Today: Wednesday 2026-11-04, noon in Berlin. */
	clock_set_fixed(timefmt_days_from_civil(2026, 11, 4) * 86400000LL + 11 * 3600000LL);
	t = local_open(":memory:", "ailife-insights-load", &err);
	if (t == NULL)
		fail_msg("local_open: %s", err.message);
	assert_int_equal(table_create(t, &created, &err), 0);
	struct model_user *u = model_new(MODEL_USER);
	u->c.user_id = xstrdup("u1");
	u->name = xstrdup("Ada");
	u->timezone = xstrdup("Europe/Berlin");
	u->units = xstrdup("metric");
	create(MODEL_USER, u);
	struct model_goal *g = model_new(MODEL_GOAL);
	g->c.user_id = xstrdup("u1");
	g->goal_id = xstrdup("g1");
	g->title = xstrdup("Run");
	g->unit = xstrdup("km");
	g->target.set = true;
	g->target.v = 100000;
	g->due_date = xstrdup("2026-11-30");
	create(MODEL_GOAL, g);
	struct model_meal *m = model_new(MODEL_MEAL);
	m->c.user_id = xstrdup("u1");
	m->name = xstrdup("Soup");
	m->meal_type = xstrdup("lunch");
	m->calories.set = true;
	m->calories.v = 500000;
	m->occurred_at = at("2026-11-03 12:00");
	create(MODEL_MEAL, m);
	struct model_journal *j = model_new(MODEL_JOURNAL);
	j->c.user_id = xstrdup("u1");
	j->body = xstrdup("Dear diary");
	j->mood.set = true;
	j->mood.v = 4;
	j->occurred_at = at("2026-11-02 20:00");
	create(MODEL_JOURNAL, j);
	log_act("2026-10-31 08:00", 10000);
	log_act("2026-11-01 08:00", 5000);
	log_act("2026-11-02 08:00", 5000);
	log_act("2026-11-03 08:00", 5000);
	return 0;
}

static int
teardown(void **state)
{
	table_close(t);
	t = NULL;
	clock_clear_fixed();
	return 0;
}

static void
report(bool goal_only, struct insights_report *r)
{
	struct insights_request q = { .user_id = "u1", .goal_id = "g1", .goal_only = goal_only, .streaks = true };
	struct table_err err;
	assert_int_equal(insights_period_init(&q.period, (struct day){ 2026, 11, 1 }, (struct day){ 2026, 11, 30 },
	    (struct day){ 2026, 11, 4 }), 0);
	memset(&trace, 0, sizeof trace);
	table_set_trace(t, &trace);
	if (insights_load(t, &q, r, &err) != 0)
		fail_msg("insights_load: %s", err.message);
	table_set_trace(t, NULL);
}

static bool
asked(const char *pattern)
{
	for (size_t i = 0; i < trace.n && i < TABLE_TRACE_REQUESTS; i++)
		if (trace.req[i].pattern != NULL && strcmp(trace.req[i].pattern, pattern) == 0)
			return true;
	return false;
}

/* A request of another pattern than the goal's own (AP3 the goal, AP7 its period, AP6 the streak walk). */
static bool
asked_other(void)
{
	for (size_t i = 0; i < trace.n && i < TABLE_TRACE_REQUESTS; i++) {
		const char *p = trace.req[i].pattern != NULL ? trace.req[i].pattern : "";
		if (strcmp(p, "AP3") != 0 && strcmp(p, "AP7") != 0 && strcmp(p, "AP6") != 0)
			return true;
	}
	return false;
}

static void
test_goal_only(void **state)
{
	struct insights_report full, only;
	report(false, &full);
	/* The full report of one goal reads the period's journal, meals and workouts at once (AP8-AP11). */
	assert_true(asked("AP8-AP11"));
	assert_true(asked_other());
	assert_int_equal(full.meals.count, 1);
	assert_int_equal(full.journal.entries, 1);
	report(true, &only);
	/* The goal and its activities; nothing of the period's other records. */
	assert_false(asked_other());
	assert_true(asked("AP3"));
	assert_true(asked("AP7"));
	assert_int_equal(only.meals.count, 0);
	assert_int_equal(only.journal.entries, 0);
	assert_int_equal(only.workouts.count, 0);
	/* The goal's figures are the full report's. */
	assert_int_equal(only.ngoals, 1);
	assert_int_equal(full.ngoals, 1);
	const struct insights_goal *a = &full.goals[0], *b = &only.goals[0];
	assert_int_equal(b->total, 15000);
	assert_int_equal(b->total, a->total);
	assert_int_equal(b->avg, a->avg);
	assert_int_equal(b->pace, a->pace);
	assert_int_equal(b->needed, a->needed);
	assert_int_equal(b->days_off, a->days_off);
	/* Today empty, yesterday not: the streak ends yesterday and runs back into October (AP6 walk). */
	assert_int_equal(b->current_streak, 4);
	assert_int_equal(a->current_streak, 4);
	for (int i = 0; i < 30; i++)
		assert_int_equal(b->daily[i], a->daily[i]);
	insights_report_done(&full);
	insights_report_done(&only);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_goal_only, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
