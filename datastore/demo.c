/*
 * The demo generator's run (demo.h): the options, the user, the day loop, and
 * the goals with their activities; what a day brings is in demo_day.c, the
 * writes in demo_write.c. Every choice comes from a seeded generator and
 * every time from the options' clock, so the same seed and now give
 * byte-identical items; the real clock and ulid_new are never used here.
 */
#include "datastore/demo_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/store.h"
#include "util/xmalloc.h"

#define DEMO_NAME "Alex Demo"
#define DEMO_EMAIL "alex.demo@example.com"
/* Mixed into the seed for the data choices, so ids and choices use different streams. */
#define DEMO_CHOICE_SALT 0x5eed5eedcafef00dULL
#define DEMO_PAUSE_DAY_MAX 90    /* meditation is given up by then (or half-way through a short demo) */

/* Every goal the demo user ever sets; a goal names the one that follows it. */
enum demo_tpl_id { T_WATER30, T_WATER, T_WALK, T_READ, T_RUN, T_MEDITATE, T_PUSHUPS, T_COUNT };

enum demo_goal_end { END_COMPLETE, END_PAUSE };

struct demo_goal_tpl {
	int kind;
	const char *title;
	const char *category;
	const char *unit;
	long long target;        /* thousandths */
	int due_days;            /* dueDate = startDate + due_days; 0: none */
	enum demo_goal_end end;  /* PAUSE: stopped early (on the pause day), below target */
	int next;                /* template of the goal set after this one ends, -1 none */
	int gap;                 /* days from the end of this goal to the start of the next */
};

/*
 * At most five goals take activities at a time: a 30-day water challenge is
 * followed the next day by a long water goal; meditation is paused and
 * push-ups take its place the next day; the others start new rounds the day
 * after they complete. So the logging rate is the same in every month, a short
 * demo's last month looks like a long one's (the benchmarks compare them). Targets are sized so that ten years make a few dozen goals.
 */
static const struct demo_goal_tpl demo_goal_tpls[T_COUNT] = {
	[T_WATER30] = { DEMO_K_WATER, "Drink 30 litres of water", "health", "litres", 30000, 30,
	    END_COMPLETE, T_WATER, 1 },
	[T_WATER] = { DEMO_K_WATER, "Drink 3000 litres of water", "health", "litres", 3000000, 0,
	    END_COMPLETE, T_WATER, 1 },
	[T_WALK] = { DEMO_K_WALK, "Walk 5000 km", "health", "km", 5000000, 0, END_COMPLETE, T_WALK, 1 },
	[T_READ] = { DEMO_K_READ, "Read 20,000 pages", "learning", "pages", 20000000, 730,
	    END_COMPLETE, T_READ, 1 },
	[T_RUN] = { DEMO_K_RUN, "Run 1000 km", "fitness", "km", 1000000, 730, END_COMPLETE, T_RUN, 1 },
	[T_MEDITATE] = { DEMO_K_MEDITATE, "Meditate 100 hours", "mindfulness", "hours", 100000, 0,
	    END_PAUSE, T_PUSHUPS, 1 },
	[T_PUSHUPS] = { DEMO_K_PUSHUPS, "Do 100,000 push-ups", "fitness", "push-ups", 100000000, 0,
	    END_COMPLETE, T_PUSHUPS, 1 },
};

/* The goals the demo user starts with, on the first day. */
static const int demo_first_goals[] = { T_WATER30, T_WALK, T_READ, T_RUN, T_MEDITATE };

/* ---- choices ---- */

static uint64_t
demo_next(struct demo *d)
{
	return ulid_rng_next(&d->rng);
}

/* Uniform in [lo, hi]; the modulo bias of 64 bits over small ranges does not matter here. */
long long
demo_range(struct demo *d, long long lo, long long hi)
{
	return lo + (long long)(demo_next(d) % (uint64_t)(hi - lo + 1));
}

/* The instant of a local time of day (mktime resolves DST; a skipped hour moves on). */
ms_t
demo_local(struct day day, int minute_of_day, int second, int milli)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = day.y - 1900;
	tm.tm_mon = day.m - 1;
	tm.tm_mday = day.d;
	tm.tm_hour = minute_of_day / 60;
	tm.tm_min = minute_of_day % 60;
	tm.tm_sec = second;
	tm.tm_isdst = -1;
	t = dates_mktime(&tm);
	if (t == (time_t)-1)
		return dates_day_start(day) + (ms_t)minute_of_day * 60000;
	return (ms_t)t * 1000 + milli;
}

/* A random moment between two local times of day (minutes since midnight). */
ms_t
demo_between(struct demo *d, struct day day, int from_min, int to_min)
{
	int minute = (int)demo_range(d, from_min, to_min);
	int second = (int)demo_range(d, 0, 59);
	int milli = (int)demo_range(d, 0, 999);

	return demo_local(day, minute, second, milli);
}

/* ---- records ---- */

void
demo_common(struct demo *d, struct model_common *c, ms_t created, ms_t updated, long long version)
{
	char ts[TIMEFMT_LEN + 1];

	c->user_id = xstrdup(d->user_id);
	timefmt_format(created, ts);
	c->created_at = xstrdup(ts);
	timefmt_format(updated, ts);
	c->updated_at = xstrdup(ts);
	c->version = version;
}

char *
demo_ts(ms_t ms)
{
	char ts[TIMEFMT_LEN + 1];

	timefmt_format(ms, ts);
	return xstrdup(ts);
}

struct model_num
demo_num(long long v)
{
	struct model_num n = { true, v };

	return n;
}

/* ---- goals and activities ---- */

static void
demo_goal_new(struct demo *d, int tpl_id, struct day day, ms_t created)
{
	const struct demo_goal_tpl *tpl = &demo_goal_tpls[tpl_id];
	struct demo_goal *g;
	int round = 1;

	if (created > d->now)
		created = d->now;
	for (size_t i = 0; i < d->ngoals; i++)
		round += d->goals[i].tpl == tpl_id;
	d->goals = xreallocarray(d->goals, d->ngoals + 1, sizeof *d->goals);
	g = &d->goals[d->ngoals];
	memset(g, 0, sizeof *g);
	g->tpl = tpl_id;
	g->title = round == 1 ? xstrdup(tpl->title) : xasprintf("%s (round %d)", tpl->title, round);
	ulid_new_seeded(&d->ids, created, g->id);
	g->created = g->updated = g->last_at = created;
	g->version = 1;
	g->progress = 0;
	g->status = "active";
	g->start = day;
	g->open = true;
	d->cur[tpl->kind] = (int)d->ngoals;
	d->ngoals++;
}

/* The goal that follows an ended one is set gap days later (if the demo reaches that day). */
static void
demo_goal_follow(struct demo *d, const struct demo_goal_tpl *tpl, int day_index)
{
	if (tpl->next < 0 || d->npending == DEMO_PENDING_MAX)
		return;
	d->pending[d->npending].tpl = tpl->next;
	d->pending[d->npending].day = day_index + tpl->gap;
	d->npending++;
}

/* Sets the goals due today, in the order they were scheduled. */
static void
demo_goals_due(struct demo *d, struct day day, int day_index)
{
	size_t i = 0;
	int made = 0;

	while (i < d->npending) {
		if (d->pending[i].day != day_index) {
			i++;
			continue;
		}
		demo_goal_new(d, d->pending[i].tpl, day,
		    demo_local(day, 5 * 60 + 30, made++, (int)demo_range(d, 0, 999)));
		memmove(&d->pending[i], &d->pending[i + 1], (d->npending - i - 1) * sizeof d->pending[0]);
		d->npending--;
	}
}

/* The goal of a kind that takes activities now, or NULL. */
struct demo_goal *
demo_goal_open(struct demo *d, int kind)
{
	if (kind < 0 || d->cur[kind] < 0 || !d->goals[d->cur[kind]].open)
		return NULL;
	return &d->goals[d->cur[kind]];
}

/*
 * Logs an activity as W3 would: progress grows by amount, the version by one,
 * and a goal that reaches its target is completed (the next goal follows). A
 * goal meant to stop early never reaches its target. Activities of a goal come
 * in time order and the key holds occurredAt, so a time already used (the same
 * millisecond) moves on by a millisecond. Returns the time used, 0 if not logged.
 */
ms_t
demo_activity(struct demo *d, struct demo_goal *g, int day_index, ms_t at, long long amount,
    const char *note)
{
	const struct demo_goal_tpl *tpl;
	struct model_activity *a;

	if (g == NULL || !g->open || amount <= 0)
		return 0;
	if (at <= g->last_at)
		at = g->last_at + 1;
	if (at > d->now)
		return 0;
	tpl = &demo_goal_tpls[g->tpl];
	if (tpl->end != END_COMPLETE && g->progress + amount >= tpl->target)
		return 0;
	g->progress += amount;
	g->version++;
	g->updated = g->last_at = at;
	a = model_new(MODEL_ACTIVITY);
	demo_common(d, &a->c, at, at, 1);
	a->goal_id = xstrdup(g->id);
	a->amount = demo_num(amount);
	a->note = note != NULL ? xstrdup(note) : NULL;
	a->occurred_at = demo_ts(at);
	demo_write_record(&d->w, MODEL_ACTIVITY, a);
	if (tpl->end == END_COMPLETE && g->progress >= tpl->target) {
		g->status = "completed";
		g->open = false;
		demo_goal_follow(d, tpl, day_index);
	}
	return at;
}

/* Pauses a goal (W6): one more version, no more activities. */
static void
demo_goal_stop(struct demo *d, struct demo_goal *g, struct day day, int day_index)
{
	ms_t at = demo_between(d, day, 8 * 60, 9 * 60);

	if (at > d->now)
		at = d->now;
	if (at < g->updated)
		at = g->updated;
	g->status = "paused";
	g->version++;
	g->updated = at;
	g->open = false;
	demo_goal_follow(d, &demo_goal_tpls[g->tpl], day_index);
}

static void
demo_goals_write(struct demo *d)
{
	for (size_t i = 0; i < d->ngoals; i++) {
		struct demo_goal *g = &d->goals[i];
		const struct demo_goal_tpl *tpl = &demo_goal_tpls[g->tpl];
		struct model_goal *r = model_new(MODEL_GOAL);
		char date[11];

		demo_common(d, &r->c, g->created, g->updated, g->version);
		r->goal_id = xstrdup(g->id);
		r->title = xstrdup(g->title);
		r->category = xstrdup(tpl->category);
		r->target = demo_num(tpl->target);
		r->unit = xstrdup(tpl->unit);
		r->progress = demo_num(g->progress);
		r->status = xstrdup(g->status);
		dates_day_format(g->start, date);
		r->start_date = xstrdup(date);
		if (tpl->due_days > 0) {
			dates_day_format(dates_day_add(g->start, tpl->due_days), date);
			r->due_date = xstrdup(date);
		}
		demo_write_record(&d->w, MODEL_GOAL, r);
	}
}


/* ---- the run ---- */

void
demo_options_init(struct demo_options *o)
{
	memset(o, 0, sizeof *o);
	o->days = DEMO_DAYS_DEFAULT;
	o->seed = DEMO_SEED_DEFAULT;
	o->now = clock_now_ms();
	o->name = NULL;
}

/*
 * The run's first steps, shared with the check so that both judge the same
 * record: the generators seeded, the days, the user's id (the first id drawn)
 * and its profile, not yet validated.
 */
static struct model_user *
demo_begin(struct demo *d, const struct demo_options *o)
{
	const char *zone;
	struct model_user *u;

	d->now = o->now;
	ulid_rng_seed(&d->ids, o->seed);
	ulid_rng_seed(&d->rng, o->seed ^ DEMO_CHOICE_SALT);
	for (int k = 0; k < DEMO_K_COUNT; k++)
		d->cur[k] = -1;
	d->today = dates_day_of(d->now);
	d->first = dates_day_add(d->today, -(o->days - 1));
	d->created = demo_local(d->first, 5 * 60 + 20, 0, 0);
	if (d->created > d->now)
		d->created = d->now;
	ulid_new_seeded(&d->ids, d->created, d->user_id);

	zone = dates_system_zone();
	u = model_new(MODEL_USER);
	demo_common(d, &u->c, d->created, d->created, 1);
	u->name = xstrdup(o->name != NULL ? o->name : DEMO_NAME);
	if (o->name == NULL)
		u->email = xstrdup(DEMO_EMAIL);
	u->timezone = xstrdup(dates_zone_valid(zone) ? zone : "UTC");
	u->units = xstrdup("metric");
	u->daily_calorie_target = demo_num(2200000);
	return u;
}

/* The days first (the record needs them), then the user as a record: its name is the caller's. */
static struct model_user *
demo_check(struct demo *d, const struct demo_options *o, struct table_err *err)
{
	struct model_user *u;
	char why[256];

	if (o->days < 1 || o->days > DEMO_DAYS_MAX) {
		table_err_set(err, TABLE_INVALID, "days: %d is not a number of days from 1 to %d", o->days,
		    DEMO_DAYS_MAX);
		return NULL;
	}
	u = demo_begin(d, o);
	if (model_validate(MODEL_USER, u, why, sizeof why) != 0) {
		table_err_set(err, TABLE_INVALID, "%s", why);
		model_free(MODEL_USER, u);
		return NULL;
	}
	return u;
}

int
demo_options_check(const struct demo_options *o, struct table_err *err)
{
	struct demo d;
	struct model_user *u;

	memset(&d, 0, sizeof d);
	table_err_clear(err);
	if ((u = demo_check(&d, o, err)) == NULL)
		return -1;
	model_free(MODEL_USER, u);
	return 0;
}

static void
demo_done(struct demo *d)
{
	demo_write_done(&d->w);
	for (size_t i = 0; i < d->ngoals; i++)
		free(d->goals[i].title);
	free(d->goals);
	demo_day_done(d);
}

/* Every day from the first: goals set and stopped, the day's events, meals and journal. */
static void
demo_days(struct demo *d, int days)
{
	/* Meditation is given up part-way, below its target. */
	int pause_at = days / 2 < DEMO_PAUSE_DAY_MAX ? days / 2 : DEMO_PAUSE_DAY_MAX;

	for (size_t k = 0; k < sizeof demo_first_goals / sizeof demo_first_goals[0]; k++)
		demo_goal_new(d, demo_first_goals[k], d->first, d->created + 60000 + (ms_t)k * 1000);
	for (int i = 0; i < days && !d->w.failed; i++) {
		struct day day = dates_day_add(d->first, i);
		struct demo_today td = { 0, -1, NULL, -1, 0, NULL, 0, 0, -1 };

		demo_goals_due(d, day, i);
		if (i == pause_at && demo_goal_open(d, DEMO_K_MEDITATE) != NULL)
			demo_goal_stop(d, demo_goal_open(d, DEMO_K_MEDITATE), day, i);
		demo_day_events(d, day);
		demo_day_apply(d, i, &td);
		demo_day_meals(d, day);
		demo_day_journal(d, day, &td);
	}
	demo_goals_write(d);
}

/* The seed's user is there already: a second run with the same seed would only collide. */
static void
demo_exists(struct demo_result *result, struct table_err *err)
{
	result->exists = true;
	table_err_set(err, TABLE_COND_FAILED, "demo user %s already exists", result->user_id);
}

int
demo_generate(struct table *t, const struct demo_options *opts, struct demo_result *result,
    struct table_err *err)
{
	struct table_cond cond = { TABLE_COND_NOT_EXISTS, 0 };
	struct demo d;
	struct model_user *u, *existing = NULL;
	json_t *user_item = NULL;
	int rc = -1;

	memset(result, 0, sizeof *result);
	memset(&d, 0, sizeof d);
	table_err_clear(err);
	if ((u = demo_check(&d, opts, err)) == NULL)
		return -1;
	memcpy(result->user_id, d.user_id, sizeof result->user_id);
	result->name = opts->name != NULL ? opts->name : DEMO_NAME;
	result->days = opts->days;
	result->first = d.first;
	result->last = d.today;
	user_item = demo_write_item(MODEL_USER, u, err);
	model_free(MODEL_USER, u);
	demo_write_init(&d.w, t, err);
	if (user_item == NULL)
		goto fail;

	if (store_profile_get(t, d.user_id, &existing, err) == 0) {
		model_free(MODEL_USER, existing);
		demo_exists(result, err);
		goto fail;
	}
	if (err->status != TABLE_NOT_FOUND)
		goto fail;
	table_err_clear(err);

	demo_days(&d, opts->days);
	if (demo_write_flush(&d.w) != 0)
		goto fail;
	/* The profile last, as W1 does: a run that failed part-way can simply be run again. */
	if (table_put(t, user_item, &cond, err) != 0) {
		if (err->status == TABLE_COND_FAILED)
			demo_exists(result, err);
		goto fail;
	}
	d.w.counts[MODEL_USER]++;
	memcpy(result->counts, d.w.counts, sizeof result->counts);
	rc = 0;
fail:
	json_decref(user_item);
	demo_done(&d);
	return rc;
}
