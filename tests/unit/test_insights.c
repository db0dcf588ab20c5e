/*
 * Unit tests for datastore/insights: the figures of a report from records
 * handed in (no store): periods and local days across DST, goal totals,
 * averages, percent, pace, streaks, meals, workouts, journal, and the case
 * folding of search.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datastore/dates.h"
#include "datastore/insights.h"
#include "datastore/model.h"
#include "datastore/timefmt.h"

static struct day
D(int y, int m, int d)
{
	return (struct day){ y, m, d };
}

static int
zone_berlin(void **state)
{
	(void)state;
	return dates_set_zone("Europe/Berlin");
}

/* An activity of goal g at a local "YYYY-MM-DD HH:MM" (Berlin), amount in thousandths. */
static struct model_activity *
act_at(const char *local, long long amount)
{
	ms_t ms;
	char why[128], ts[TIMEFMT_LEN + 1];
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	assert_int_equal(dates_parse_when(local, 0, &ms, why, sizeof why), 0);
	timefmt_format(ms, ts);
	a->occurred_at = strdup(ts);
	a->goal_id = strdup("G1");
	a->amount.set = true;
	a->amount.v = amount;
	return a;
}

static void
add_act(struct insights_goal *g, const struct insights_period *p, const char *local, long long amount)
{
	struct model_activity *a = act_at(local, amount);
	insights_goal_add(g, p, a);
	model_free(MODEL_ACTIVITY, a);
}

static struct model_goal *
goal_new(long long target, long long progress, const char *status, const char *due)
{
	struct model_goal *g = model_new(MODEL_GOAL);
	g->goal_id = strdup("G1");
	g->title = strdup("Run");
	g->unit = strdup("km");
	g->status = strdup(status);
	g->target = (struct model_num){ true, target };
	g->progress = (struct model_num){ true, progress };
	if (due != NULL)
		g->due_date = strdup(due);
	return g;
}

static void
test_period(void **state)
{
	(void)state;
	struct insights_period p;
	assert_int_equal(insights_period_init(&p, D(2026, 11, 30), D(2026, 12, 6), D(2026, 12, 2)), 0);
	assert_int_equal(p.days, 7);
	assert_int_equal(p.passed, 3);
	assert_int_equal(insights_day_index(&p, D(2026, 12, 1)), 1);
	assert_int_equal(insights_day_index(&p, D(2026, 11, 29)), -1);
	assert_int_equal(insights_day_index(&p, D(2026, 12, 7)), -1);
	/* A period in the past: every day passed; in the future: none. */
	assert_int_equal(insights_period_init(&p, D(2026, 2, 1), D(2026, 2, 28), D(2026, 12, 2)), 0);
	assert_int_equal(p.days, 28);
	assert_int_equal(p.passed, 28);
	assert_int_equal(insights_period_init(&p, D(2027, 1, 1), D(2027, 1, 31), D(2026, 12, 2)), 0);
	assert_int_equal(p.passed, 0);
	/* A leap year's February, a year end. */
	assert_int_equal(insights_period_init(&p, D(2028, 2, 1), D(2028, 2, 29), D(2028, 3, 1)), 0);
	assert_int_equal(p.days, 29);
	assert_int_equal(insights_period_init(&p, D(2026, 12, 28), D(2027, 1, 3), D(2027, 1, 1)), 0);
	assert_int_equal(p.passed, 5);
	assert_int_equal(insights_period_init(&p, D(2026, 12, 2), D(2026, 12, 1), D(2026, 12, 2)), -1);
	assert_int_equal(insights_div_round(2500, 2), 1250);
	assert_int_equal(insights_div_round(1000, 3), 333);
	assert_int_equal(insights_div_round(2000, 3), 667);
	assert_int_equal(insights_div_round(-2000, 3), -667);
	assert_int_equal(insights_div_round(5, 0), 0);
}

/* Local days across the DST changes of Berlin: 2026-03-29 (23 h) and 2026-10-25 (25 h). */
static void
test_local_days_dst(void **state)
{
	(void)state;
	struct insights_period p;
	struct day d;
	assert_int_equal(insights_period_init(&p, D(2026, 10, 24), D(2026, 10, 26), D(2026, 10, 26)), 0);
	struct model_goal *g = goal_new(100000, 0, "active", NULL);
	struct insights_goal gi;
	insights_goal_init(&gi, g, &p);
	/* 23:30 local on the 25th is 22:30Z (CET again): still the 25th, not the 26th. */
	assert_true(insights_day_of_ts("2026-10-25T22:30:00.000Z", &d));
	assert_int_equal(d.d, 25);
	assert_true(insights_day_of_ts("2026-10-25T23:00:00.000Z", &d));
	assert_int_equal(d.d, 26);
	/* 00:30 local on the 25th is 22:30Z on the 24th (CEST). */
	assert_true(insights_day_of_ts("2026-10-24T22:30:00.000Z", &d));
	assert_int_equal(d.d, 25);
	add_act(&gi, &p, "2026-10-25 00:30", 1000);
	add_act(&gi, &p, "2026-10-25 23:30", 2000);
	add_act(&gi, &p, "2026-10-26 00:10", 4000);
	add_act(&gi, &p, "2026-10-23 23:59", 8000);     /* before the period */
	insights_goal_finish(&gi, &p);
	assert_int_equal(gi.daily[0], 0);
	assert_int_equal(gi.daily[1], 3000);
	assert_int_equal(gi.daily[2], 4000);
	assert_int_equal(gi.total, 7000);
	assert_int_equal(gi.count, 3);
	assert_int_equal(gi.active_days, 2);
	assert_int_equal(gi.avg, 2333);
	assert_int_equal(gi.longest_streak, 2);
	insights_goal_done(&gi);
	model_free(MODEL_GOAL, g);
	/* Spring: 2026-03-29 has 23 hours; 23:30 local is 21:30Z. */
	assert_true(insights_day_of_ts("2026-03-29T21:30:00.000Z", &d));
	assert_int_equal(d.d, 29);
	assert_true(insights_day_of_ts("2026-03-29T22:00:00.000Z", &d));
	assert_int_equal(d.d, 30);
	assert_false(insights_day_of_ts("yesterday", &d));
}

struct pace_case {
	long long target, progress;
	const char *status, *due;
	struct day today;
	long long per_day;           /* the period's activities: one a day of the week, each this much */
	enum insights_pace pace;
	int days_left;
	long long needed;
	int days_off;
};

static const struct pace_case paces[] = {
	/* No due date: no pace, whatever the average. */
	{ 100000, 10000, "active", NULL, { 2026, 12, 6 }, 1000, INSIGHTS_PACE_NO_DUE, 0, 0, 0 },
	/* Completed by status, or by progress at the target. */
	{ 100000, 10000, "completed", "2026-12-31", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_DONE, 0, 0, 0 },
	{ 100000, 100000, "active", "2026-12-31", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_DONE, 0, 0, 0 },
	{ 100000, 120000, "active", "2026-12-01", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_DONE, 0, 0, 0 },
	/* Past the due date, not reached. */
	{ 100000, 10000, "active", "2026-12-05", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_OVERDUE, 0, 0, 0 },
	/* Due today: one day left. 90 to go at 1 a day: finished on day 90, 89 days behind. */
	{ 100000, 10000, "active", "2026-12-06", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_BEHIND, 1, 90000, -89 },
	/* 26 days left (6th to 31st), 26 to go at 1 a day: on the due day. */
	{ 100000, 74000, "active", "2026-12-31", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_ON_TRACK, 26, 1000, 0 },
	/* 26 to go at 2 a day: 13 days, done on the 18th, 13 ahead. */
	{ 100000, 74000, "active", "2026-12-31", { 2026, 12, 6 }, 2000, INSIGHTS_PACE_AHEAD, 26, 1000, 13 },
	/* 30 to go in 26 days at 1 a day: the 4th of January, 4 behind; 1.154 a day needed. */
	{ 100000, 70000, "active", "2026-12-31", { 2026, 12, 6 }, 1000, INSIGHTS_PACE_BEHIND, 26, 1154, -4 },
	/* Nothing done in the period: behind, no finish day. */
	{ 100000, 70000, "active", "2026-12-31", { 2026, 12, 6 }, 0, INSIGHTS_PACE_BEHIND, 26, 1154, 0 },
	/* A paused goal with a due date has a pace too: 10 to go at 0.5 a day is 20 days, the 25th, 10 ahead. */
	{ 10000, 0, "paused", "2027-01-04", { 2026, 12, 6 }, 500, INSIGHTS_PACE_AHEAD, 30, 333, 10 },
};

static void
test_pace(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof paces / sizeof paces[0]; i++) {
		const struct pace_case *c = &paces[i];
		struct insights_period p;
		/* The week Monday 2026-11-30 to Sunday 2026-12-06, seen on its Sunday: 7 days passed. */
		assert_int_equal(insights_period_init(&p, D(2026, 11, 30), D(2026, 12, 6), c->today), 0);
		struct model_goal *g = goal_new(c->target, c->progress, c->status, c->due);
		struct insights_goal gi;
		insights_goal_init(&gi, g, &p);
		for (int d = 0; c->per_day > 0 && d < 7; d++) {
			char local[32];
			struct day day = dates_day_add(p.first, d);
			snprintf(local, sizeof local, "%04d-%02d-%02d 12:00", day.y, day.m, day.d);
			add_act(&gi, &p, local, c->per_day);
		}
		insights_goal_finish(&gi, &p);
		if (gi.pace != c->pace || gi.days_left != c->days_left || gi.needed != c->needed ||
		    (gi.finish_known && gi.days_off != c->days_off))
			fail_msg("case %zu: pace %s days_left %d needed %lld days_off %d; want %s %d %lld %d", i,
			    insights_pace_key(gi.pace), gi.days_left, gi.needed, gi.days_off, insights_pace_key(c->pace),
			    c->days_left, c->needed, c->days_off);
		assert_int_equal(gi.avg, c->per_day);
		assert_int_equal(gi.longest_streak, c->per_day > 0 ? 7 : 0);
		insights_goal_done(&gi);
		model_free(MODEL_GOAL, g);
	}
}

static void
test_percent(void **state)
{
	(void)state;
	struct insights_period p;
	assert_int_equal(insights_period_init(&p, D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 10)), 0);
	struct model_goal *g = goal_new(3000, 1000, "active", NULL);
	struct insights_goal gi;
	insights_goal_init(&gi, g, &p);
	insights_goal_finish(&gi, &p);
	assert_int_equal(gi.percent, 33333);     /* 33.333 % */
	assert_int_equal(gi.total, 0);
	assert_int_equal(gi.avg, 0);
	insights_goal_done(&gi);
	model_free(MODEL_GOAL, g);
	/* 0.1 + 0.2 is 0.3, exactly. */
	g = goal_new(1000, 300, "active", NULL);
	insights_goal_init(&gi, g, &p);
	add_act(&gi, &p, "2026-12-02 08:00", 100);
	add_act(&gi, &p, "2026-12-02 09:00", 200);
	insights_goal_finish(&gi, &p);
	assert_int_equal(gi.total, 300);
	assert_int_equal(gi.percent, 30000);
	assert_int_equal(gi.avg, 30);            /* 0.3 over 10 days */
	insights_goal_done(&gi);
	model_free(MODEL_GOAL, g);
}

/* Feeds days (newest first) to a streak seen on today; returns the count, *stopped when it stopped early. */
static int
streak_of(struct day today, const struct day *days, size_t n, size_t *fed)
{
	struct insights_streak s;
	insights_streak_init(&s, today);
	size_t i;
	for (i = 0; i < n; i++)
		if (!insights_streak_feed(&s, days[i])) {
			i++;
			break;
		}
	*fed = i;
	return s.count;
}

static void
test_streak(void **state)
{
	(void)state;
	size_t fed;
	struct day today = D(2026, 12, 3);
	/* Today, yesterday twice, the day before: 3; stops at the gap (the 28th). */
	const struct day a[] = { D(2026, 12, 3), D(2026, 12, 2), D(2026, 12, 2), D(2026, 12, 1), D(2026, 11, 28),
		D(2026, 11, 27) };
	assert_int_equal(streak_of(today, a, 6, &fed), 3);
	assert_int_equal(fed, 5);
	/* Today empty, yesterday not: the streak ends yesterday. */
	const struct day b[] = { D(2026, 12, 2), D(2026, 12, 1), D(2026, 11, 30), D(2026, 11, 29) };
	assert_int_equal(streak_of(today, b, 4, &fed), 4);
	/* Neither today nor yesterday: none, after one record. */
	const struct day c[] = { D(2026, 12, 1), D(2026, 11, 30) };
	assert_int_equal(streak_of(today, c, 2, &fed), 0);
	assert_int_equal(fed, 1);
	/* Days after today are passed over (an activity logged ahead). */
	const struct day d[] = { D(2026, 12, 5), D(2026, 12, 3), D(2026, 12, 2) };
	assert_int_equal(streak_of(today, d, 3, &fed), 2);
	/* Nothing at all. */
	assert_int_equal(streak_of(today, NULL, 0, &fed), 0);
	/* Across a month end and a year end. */
	const struct day e[] = { D(2027, 1, 1), D(2026, 12, 31), D(2026, 12, 30) };
	assert_int_equal(streak_of(D(2027, 1, 1), e, 3, &fed), 3);
	/* A gap of one day right after today. */
	const struct day f[] = { D(2026, 12, 3), D(2026, 12, 1) };
	assert_int_equal(streak_of(today, f, 2, &fed), 1);
}

static void
test_longest_in_period(void **state)
{
	(void)state;
	struct insights_period p;
	assert_int_equal(insights_period_init(&p, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 3)), 0);
	struct model_goal *g = goal_new(100000, 0, "active", NULL);
	struct insights_goal gi;
	insights_goal_init(&gi, g, &p);
	/* 2-4 (3 days), a gap on the 5th, 6-10 (5 days), and the 30th. */
	const char *days[] = { "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-06", "2026-11-07", "2026-11-08",
		"2026-11-09", "2026-11-10", "2026-11-30" };
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
		char local[32];
		snprintf(local, sizeof local, "%s 07:00", days[i]);
		add_act(&gi, &p, local, 1500);
	}
	insights_goal_finish(&gi, &p);
	assert_int_equal(gi.longest_streak, 5);
	assert_int_equal(gi.active_days, 9);
	assert_int_equal(gi.total, 13500);
	assert_int_equal(gi.avg, 450);
	insights_goal_done(&gi);
	model_free(MODEL_GOAL, g);
}

static struct model_meal *
meal_at(const char *local, long long kcal, long long p, long long c, long long f)
{
	ms_t ms;
	char why[128], ts[TIMEFMT_LEN + 1];
	struct model_meal *m = model_new(MODEL_MEAL);
	assert_int_equal(dates_parse_when(local, 0, &ms, why, sizeof why), 0);
	timefmt_format(ms, ts);
	m->occurred_at = strdup(ts);
	m->calories = (struct model_num){ true, kcal };
	if (p >= 0)
		m->protein = (struct model_num){ true, p };
	if (c >= 0)
		m->carbs = (struct model_num){ true, c };
	if (f >= 0)
		m->fat = (struct model_num){ true, f };
	return m;
}

static void
test_meals(void **state)
{
	(void)state;
	struct insights_period p;
	/* Monday to Sunday, seen on the Thursday: 4 days passed. */
	assert_int_equal(insights_period_init(&p, D(2026, 11, 30), D(2026, 12, 6), D(2026, 12, 3)), 0);
	struct model_user *u = model_new(MODEL_USER);
	u->daily_calorie_target = (struct model_num){ true, 2000000 };
	struct insights_meals m;
	insights_meals_init(&m, &p, u);
	struct model_meal *ms[] = {
		meal_at("2026-11-30 08:00", 800000, 30000, 100000, 20000),
		meal_at("2026-11-30 19:00", 1500000, 50000, 150000, 60000),   /* Monday 2300: over */
		meal_at("2026-12-01 12:00", 1200500, 40000, -1, 30000),       /* Tuesday 1200.5: under */
		meal_at("2026-12-03 12:00", 2000000, -1, -1, -1),             /* Thursday: on target */
		meal_at("2026-12-05 12:00", 900000, 10000, 10000, 10000),     /* Saturday: not passed */
	};
	for (size_t i = 0; i < sizeof ms / sizeof ms[0]; i++) {
		insights_meals_add(&m, &p, ms[i]);
		model_free(MODEL_MEAL, ms[i]);
	}
	insights_meals_finish(&m, &p);
	assert_int_equal(m.count, 5);
	assert_int_equal(m.kcal, 6400500);
	assert_int_equal(m.avg_kcal, 1600125);   /* 6400.5 / 4 */
	assert_int_equal(m.days_over, 1);
	assert_int_equal(m.days_under, 1);
	assert_int_equal(m.days_on, 1);
	assert_int_equal(m.days_empty, 1);       /* Wednesday */
	assert_int_equal(m.protein, 130000);
	assert_int_equal(m.avg_protein, 32500);
	assert_int_equal(m.avg_carbs, 65000);    /* 260 / 4 */
	assert_int_equal(m.avg_fat, 30000);
	/* Energy: protein 520, carbs 1040, fat 1080 kcal of 2640. */
	assert_true(m.has_split);
	assert_int_equal(m.split_protein, 19697);
	assert_int_equal(m.split_carbs, 39394);
	assert_int_equal(m.split_fat, 40909);
	insights_meals_done(&m);
	/* No target: no over or under, still the empty days. */
	model_free(MODEL_USER, u);
	insights_meals_init(&m, &p, NULL);
	insights_meals_finish(&m, &p);
	assert_false(m.has_target);
	assert_false(m.has_split);
	assert_int_equal(m.days_empty, 4);
	assert_int_equal(m.days_over + m.days_under + m.days_on, 0);
	insights_meals_done(&m);
}

static struct model_workout *
workout_at(const char *local, const char *kind, long long minutes, long long km)
{
	ms_t ms;
	char why[128], ts[TIMEFMT_LEN + 1];
	struct model_workout *w = model_new(MODEL_WORKOUT);
	assert_int_equal(dates_parse_when(local, 0, &ms, why, sizeof why), 0);
	timefmt_format(ms, ts);
	w->occurred_at = strdup(ts);
	w->kind = strdup(kind);
	w->minutes = (struct model_num){ true, minutes };
	if (km >= 0)
		w->distance_km = (struct model_num){ true, km };
	return w;
}

static void
test_workouts(void **state)
{
	(void)state;
	struct insights_period p;
	/* December 2026 seen on the 14th: it touches the ISO weeks of Nov 30 ... Dec 28. */
	assert_int_equal(insights_period_init(&p, D(2026, 12, 1), D(2026, 12, 31), D(2026, 12, 14)), 0);
	struct insights_workouts w;
	insights_workouts_init(&w, &p);
	assert_int_equal(w.nweeks, 5);
	assert_int_equal(w.weeks[0].monday.d, 30);
	assert_int_equal(w.weeks[4].monday.d, 28);
	struct model_workout *ws[] = {
		workout_at("2026-12-01 07:00", "run", 30000, 5000),
		workout_at("2026-12-02 07:00", "yoga", 45000, -1),
		workout_at("2026-12-08 07:00", "run", 40000, 6500),
		workout_at("2026-12-13 07:00", "ride", 45000, 20000),
		workout_at("2026-11-30 07:00", "run", 99000, 9000),   /* before the period */
	};
	for (size_t i = 0; i < sizeof ws / sizeof ws[0]; i++) {
		insights_workouts_add(&w, &p, ws[i]);
		model_free(MODEL_WORKOUT, ws[i]);
	}
	insights_workouts_finish(&w, &p);
	assert_int_equal(w.count, 4);
	assert_int_equal(w.minutes, 160000);
	assert_int_equal(w.distance, 31500);
	assert_int_equal(w.nkinds, 3);
	/* By minutes (run 70, ride 45, yoga 45), ties by name. */
	assert_string_equal(w.kinds[0].kind, "run");
	assert_int_equal(w.kinds[0].count, 2);
	assert_int_equal(w.kinds[0].distance, 11500);
	assert_string_equal(w.kinds[1].kind, "ride");
	assert_string_equal(w.kinds[2].kind, "yoga");
	assert_false(w.kinds[2].has_distance);
	assert_int_equal(w.weeks[0].minutes, 75000);
	assert_int_equal(w.weeks[1].minutes, 85000);
	assert_int_equal(w.weeks[2].minutes, 0);
	assert_int_equal(w.per_week, 80000);     /* 160 * 7 / 14 */
	insights_workouts_done(&w);
}

static struct model_journal *
entry_at(const char *local, int mood, const char *tag1, const char *tag2)
{
	ms_t ms;
	char why[128], ts[TIMEFMT_LEN + 1];
	struct model_journal *j = model_new(MODEL_JOURNAL);
	assert_int_equal(dates_parse_when(local, 0, &ms, why, sizeof why), 0);
	timefmt_format(ms, ts);
	j->occurred_at = strdup(ts);
	j->body = strdup("x");
	if (mood > 0)
		j->mood = (struct model_num){ true, mood };
	j->tags.v = calloc(2, sizeof *j->tags.v);
	if (tag1 != NULL)
		j->tags.v[j->tags.n++] = strdup(tag1);
	if (tag2 != NULL)
		j->tags.v[j->tags.n++] = strdup(tag2);
	return j;
}

static void
test_journal(void **state)
{
	(void)state;
	struct insights_period p;
	/* A week seen on its Sunday: halves are days 0-2 and 3-6. */
	assert_int_equal(insights_period_init(&p, D(2026, 11, 30), D(2026, 12, 6), D(2026, 12, 6)), 0);
	struct insights_journal j;
	insights_journal_init(&j, &p);
	struct model_journal *es[] = {
		entry_at("2026-11-30 21:00", 2, "work", NULL),
		entry_at("2026-12-01 21:00", 3, "work", "sleep"),
		entry_at("2026-12-01 22:00", 0, "health", NULL),
		entry_at("2026-12-04 21:00", 4, "sleep", "work"),
		entry_at("2026-12-06 21:00", 5, "health", NULL),
	};
	for (size_t i = 0; i < sizeof es / sizeof es[0]; i++) {
		insights_journal_add(&j, &p, es[i]);
		model_free(MODEL_JOURNAL, es[i]);
	}
	insights_journal_finish(&j, &p);
	assert_int_equal(j.entries, 5);
	assert_int_equal(j.with_mood, 4);
	assert_int_equal(j.mood_avg, 3500);
	assert_true(j.has_trend);
	assert_int_equal(j.trend, 2000);         /* 4.5 - 2.5 */
	assert_int_equal(j.daily_mood[0], 2000);
	assert_int_equal(j.daily_mood[1], 3000);
	assert_int_equal(j.daily_mood[2], -1);
	assert_int_equal(j.ntags, 3);
	assert_string_equal(j.tags[0].tag, "work");
	assert_int_equal(j.tags[0].count, 3);
	assert_string_equal(j.tags[1].tag, "health");   /* 2, before "sleep" (2) by name */
	assert_string_equal(j.tags[2].tag, "sleep");
	insights_journal_done(&j);
	/* One half without a mood: no trend. */
	insights_journal_init(&j, &p);
	struct model_journal *e = entry_at("2026-12-05 21:00", 4, NULL, NULL);
	insights_journal_add(&j, &p, e);
	model_free(MODEL_JOURNAL, e);
	insights_journal_finish(&j, &p);
	assert_false(j.has_trend);
	assert_int_equal(j.mood_avg, 4000);
	insights_journal_done(&j);
}

static void
test_text_match(void **state)
{
	(void)state;
	assert_true(insights_text_match("Slept well", "SLEPT"));
	assert_true(insights_text_match("Slept well", ""));
	assert_false(insights_text_match("Slept well", "slept badly"));
	assert_false(insights_text_match(NULL, "x"));
	assert_true(insights_text_match("Ein schöner Tag", "SCHÖNER"));
	assert_true(insights_text_match("ÉTÉ À PARIS", "été à"));
	assert_true(insights_text_match("Привет, МИР", "мир"));
	/* Final sigma, small sigma and capital sigma fold alike. */
	assert_true(insights_text_match("ΟΔΟΣ", "οδος"));
	assert_true(insights_text_match("οδος", "ΟΔΟΣ"));
	assert_true(insights_text_match("ὁδός", "ὉΔΌΣ"));
	/* Invalid bytes match nothing but themselves as U+FFFD. */
	assert_false(insights_text_match("a\xff" "b", "ab"));
	assert_true(insights_text_match("x", "X"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period),
		cmocka_unit_test(test_local_days_dst),
		cmocka_unit_test(test_pace),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_streak),
		cmocka_unit_test(test_longest_in_period),
		cmocka_unit_test(test_meals),
		cmocka_unit_test(test_workouts),
		cmocka_unit_test(test_journal),
		cmocka_unit_test(test_text_match),
	};
	return cmocka_run_group_tests(tests, zone_berlin, NULL);
}
