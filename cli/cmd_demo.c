/*
 * ailife demo: a demo user with N days of realistic data ending today. Every
 * choice comes from a seeded generator and every time from the data clock, so
 * the same --seed and --now give byte-identical items; the real clock and
 * ulid_new are never used here.
 *
 * The user logs small things as they happen (each glass of water, each walk,
 * each reading session, each set of push-ups), which is what makes ten years
 * about 100,000 items, as a real user's data would be.
 */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/model.h"
#include "datastore/ulid.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define DEMO_DAYS_DEFAULT 30
#define DEMO_DAYS_MAX 3650
#define DEMO_CHUNK 5000          /* writes per table_batch call */
#define DEMO_NAME "Alex Demo"
#define DEMO_EMAIL "alex.demo@example.com"
/* Mixed into the seed for the data choices, so ids and choices use different streams. */
#define DEMO_CHOICE_SALT 0x5eed5eedcafef00dULL
#define DEMO_PAUSE_DAY_MAX 90    /* meditation is given up by then (or half-way through a short demo) */
#define DEMO_PENDING_MAX 8

/* What an activity counts for; at most one goal of a kind takes activities at a time. */
enum demo_kind { K_WATER, K_WALK, K_READ, K_RUN, K_MEDITATE, K_PUSHUPS, K_COUNT };

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
	[T_WATER30] = { K_WATER, "Drink 30 litres of water", "health", "litres", 30000, 30,
	    END_COMPLETE, T_WATER, 1 },
	[T_WATER] = { K_WATER, "Drink 3000 litres of water", "health", "litres", 3000000, 0,
	    END_COMPLETE, T_WATER, 1 },
	[T_WALK] = { K_WALK, "Walk 5000 km", "health", "km", 5000000, 0, END_COMPLETE, T_WALK, 1 },
	[T_READ] = { K_READ, "Read 20,000 pages", "learning", "pages", 20000000, 730,
	    END_COMPLETE, T_READ, 1 },
	[T_RUN] = { K_RUN, "Run 1000 km", "fitness", "km", 1000000, 730, END_COMPLETE, T_RUN, 1 },
	[T_MEDITATE] = { K_MEDITATE, "Meditate 100 hours", "mindfulness", "hours", 100000, 0,
	    END_PAUSE, T_PUSHUPS, 1 },
	[T_PUSHUPS] = { K_PUSHUPS, "Do 100,000 push-ups", "fitness", "push-ups", 100000000, 0,
	    END_COMPLETE, T_PUSHUPS, 1 },
};

/* The goals the demo user starts with, on the first day. */
static const int demo_first_goals[] = { T_WATER30, T_WALK, T_READ, T_RUN, T_MEDITATE };

/* A goal as the generator tracks it; written once at the end, with its final state. */
struct demo_goal {
	int tpl;
	char *title;
	char id[ULID_LEN + 1];
	ms_t created, updated;
	ms_t last_at;            /* occurredAt of its latest activity: the next one is later */
	long long version, progress;
	const char *status;
	struct day start;
	bool open;               /* still takes activities */
};

/*
 * Something that happens today and may count for a goal. A day's events are
 * generated first, then applied in time order, so a goal completes on its last
 * activity and no activity follows its completion.
 */
struct demo_ev {
	ms_t at;
	size_t seq;              /* generation order, to break ties */
	int kind;                /* the goal kind it counts for, -1 none */
	long long amount;        /* thousandths of the goal's unit */
	const char *note;
	struct model_workout *w; /* a workout to write (linked if the activity counts), or NULL */
	const char *wkind;       /* its kind (static text, for the journal) */
};

struct demo {
	struct cli *c;
	struct ulid_rng ids;
	struct ulid_rng rng;
	ms_t now;
	char user_id[ULID_LEN + 1];
	json_t **items;          /* pending writes */
	size_t n;
	size_t counts[MODEL_TYPE_COUNT];
	struct demo_goal *goals;
	size_t ngoals;
	int cur[K_COUNT];        /* the goal of each kind taking activities, -1 none */
	struct {
		int tpl, day;
	} pending[DEMO_PENDING_MAX]; /* goals to set on a later day */
	size_t npending;
	struct demo_ev *ev;      /* today's events */
	size_t nev, ev_cap;
	int book;                /* the book being read (index into books) */
	int book_page;           /* pages of it read so far */
	bool failed;
	struct table_err err;
};

/* What the day brought, for the journal. */
struct demo_today {
	long long run_milli;     /* km of today's run, 0 if none */
	int run_goal;            /* goal the run counted for, -1 none */
	const char *book;        /* book finished today, NULL if none */
	int book_goal;
	ms_t book_at;
	const char *workout;     /* kind of today's workout, NULL if none */
	long long workout_milli; /* its distance, 0 if none */
	long long pushups;       /* push-ups done today */
	int pushups_goal;
};

/* ---- choices ---- */

static uint64_t
demo_next(struct demo *d)
{
	return ulid_rng_next(&d->rng);
}

/* Uniform in [lo, hi]; the modulo bias of 64 bits over small ranges does not matter here. */
static long long
demo_range(struct demo *d, long long lo, long long hi)
{
	return lo + (long long)(demo_next(d) % (uint64_t)(hi - lo + 1));
}

static bool
demo_chance(struct demo *d, int percent)
{
	return demo_range(d, 0, 99) < percent;
}

#define PICK(d, a) ((a)[demo_range((d), 0, (long long)(sizeof(a) / sizeof((a)[0])) - 1)])

/* The instant of a local time of day (mktime resolves DST; a skipped hour moves on). */
static ms_t
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
	t = mktime(&tm);
	if (t == (time_t)-1)
		return dates_day_start(day) + (ms_t)minute_of_day * 60000;
	return (ms_t)t * 1000 + milli;
}

/* A random moment between two local times of day (minutes since midnight). */
static ms_t
demo_between(struct demo *d, struct day day, int from_min, int to_min)
{
	int minute = (int)demo_range(d, from_min, to_min);
	int second = (int)demo_range(d, 0, 59);
	int milli = (int)demo_range(d, 0, 999);

	return demo_local(day, minute, second, milli);
}

/* 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
static int
demo_weekday(struct day day)
{
	long long days = timefmt_days_from_civil(day.y, day.m, day.d);

	return (int)(((days % 7) + 7 + 4) % 7);
}

/* Thousandths rounded to a multiple of step (10: two decimals, 100: one). */
static long long
demo_round(long long milli, long long step)
{
	return (milli + step / 2) / step * step;
}

/* ---- writing ---- */

static int
demo_flush(struct demo *d)
{
	struct table_write *w;
	size_t i;
	int rc = 0;

	if (d->n == 0 || d->failed)
		return d->failed ? -1 : 0;
	w = xcalloc(d->n, sizeof *w);
	for (i = 0; i < d->n; i++) {
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = d->items[i];
	}
	if (table_batch(d->c->t, w, d->n, &d->err) != 0) {
		d->failed = true;
		rc = -1;
	}
	for (i = 0; i < d->n; i++)
		json_decref(d->items[i]);
	d->n = 0;
	free(w);
	return rc;
}

/* A generated record that fails validation is a bug in this file, not bad input. */
static json_t *
demo_item(enum model_type type, void *rec)
{
	char why[512];
	json_t *item;

	if (model_validate(type, rec, why, sizeof why) != 0) {
		fprintf(stderr, "ailife: demo: bug: generated %s is invalid: %s\n",
		    model_entity(type)->label, why);
		abort();
	}
	item = model_to_item(type, rec);
	if (item == NULL) {
		fprintf(stderr, "ailife: demo: bug: generated %s cannot be made an item\n",
		    model_entity(type)->label);
		abort();
	}
	return item;
}

/* Queues the record's item (and frees the record). */
static void
demo_emit(struct demo *d, enum model_type type, void *rec)
{
	json_t *item = demo_item(type, rec);

	model_free(type, rec);
	if (d->failed) {
		json_decref(item);
		return;
	}
	d->items[d->n++] = item;
	d->counts[type]++;
	if (d->n == DEMO_CHUNK)
		demo_flush(d);
}

static void
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

static char *
demo_ts(ms_t ms)
{
	char ts[TIMEFMT_LEN + 1];

	timefmt_format(ms, ts);
	return xstrdup(ts);
}

static struct model_num
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
static struct demo_goal *
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
static ms_t
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
	demo_emit(d, MODEL_ACTIVITY, a);
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
		demo_emit(d, MODEL_GOAL, r);
	}
}

/* ---- today's events ---- */

static void
demo_ev_add(struct demo *d, ms_t at, int kind, long long amount, const char *note,
    struct model_workout *w, const char *wkind)
{
	struct demo_ev *e;

	if (d->nev == d->ev_cap) {
		d->ev_cap = d->ev_cap == 0 ? 64 : d->ev_cap * 2;
		d->ev = xreallocarray(d->ev, d->ev_cap, sizeof *d->ev);
	}
	e = &d->ev[d->nev];
	e->at = at;
	e->seq = d->nev;
	e->kind = kind;
	e->amount = amount;
	e->note = note;
	e->w = w;
	e->wkind = wkind;
	d->nev++;
}

static int
demo_ev_cmp(const void *pa, const void *pb)
{
	const struct demo_ev *a = pa, *b = pb;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A time window of the day in which something may happen. */
enum demo_when { W_ALL, W_WEEKDAY, W_WEEKEND };

struct demo_window {
	int from, to;            /* minutes since local midnight */
	enum demo_when when;
	const char *note;
	int lo, hi;              /* the amount's range, in the caller's unit */
};

/* Picks up to n different windows open today, in random order; returns how many. */
static int
demo_windows(struct demo *d, const struct demo_window *w, int nw, bool weekend, int n, int *out)
{
	int avail[16], na = 0;

	for (int i = 0; i < nw && na < 16; i++)
		if (w[i].when == W_ALL || (w[i].when == W_WEEKEND) == weekend)
			avail[na++] = i;
	if (n > na)
		n = na;
	for (int i = 0; i < n; i++) {
		int k = (int)demo_range(d, i, na - 1), t = avail[i];
		avail[i] = avail[k];
		avail[k] = t;
		out[i] = avail[i];
	}
	return n;
}

static bool
demo_weekend(struct day day)
{
	int wd = demo_weekday(day);

	return wd == 0 || wd == 6;
}

/* ---- meals ---- */

struct demo_meal_name {
	const char *name;
	int kcal;
};

static const struct demo_meal_name breakfasts[] = {
	{ "Müsli with yoghurt", 380 }, { "Porridge with berries", 350 },
	{ "Scrambled eggs on toast", 420 }, { "Croissant & café au lait", 450 },
	{ "Avocado toast", 400 }, { "Pancakes with maple syrup", 520 },
	{ "Tamagoyaki & miso soup", 330 }, { "Greek yoghurt with honey", 300 },
};
static const struct demo_meal_name lunches[] = {
	{ "寿司", 550 }, { "Caesar salad", 520 }, { "Chicken wrap", 600 },
	{ "Phở bò", 480 }, { "Falafel bowl", 650 }, { "Käsespätzle", 800 },
	{ "Bibimbap (비빔밥)", 620 }, { "Lentil soup with bread", 450 },
	{ "Spaghetti aglio e olio", 700 },
};
static const struct demo_meal_name dinners[] = {
	{ "Salmon with potatoes", 650 }, { "Chili con carne", 720 },
	{ "Margherita pizza", 850 }, { "Thai green curry", 680 }, { "Ratatouille", 420 },
	{ "Schnitzel with salad", 780 }, { "Tofu stir-fry", 520 }, { "Paella", 700 },
	{ "Ramen 🍜", 640 },
};
static const struct demo_meal_name snacks[] = {
	{ "Apple", 95 }, { "Crème brûlée", 320 }, { "Banana", 105 },
	{ "Handful of almonds", 170 }, { "Protein bar", 210 }, { "Dark chocolate", 160 },
	{ "おにぎり", 180 }, { "Carrot sticks with hummus", 150 }, { "Cappuccino", 110 },
};

static void
demo_meal(struct demo *d, struct day day, const char *type, const struct demo_meal_name *m,
    int from_min, int to_min)
{
	ms_t at = demo_between(d, day, from_min, to_min);
	long long kcal = (long long)m->kcal * demo_range(d, 85, 115) / 100;
	long long p = demo_range(d, 15, 30), cb = demo_range(d, 35, 55), f = 100 - p - cb;
	bool macros = demo_chance(d, 90);
	struct model_meal *r;
	char id[ULID_LEN + 1];

	if (at > d->now)
		return;
	ulid_new_seeded(&d->ids, at, id);
	r = model_new(MODEL_MEAL);
	demo_common(d, &r->c, at, at, 1);
	r->meal_id = xstrdup(id);
	r->name = xstrdup(m->name);
	r->meal_type = xstrdup(type);
	r->calories = demo_num(kcal * 1000);
	if (macros) {
		/* grams with one decimal: kcal * share / (4 or 9 kcal per gram) */
		r->protein = demo_num(demo_round(kcal * p * 1000 / 100 / 4, 100));
		r->carbs = demo_num(demo_round(kcal * cb * 1000 / 100 / 4, 100));
		r->fat = demo_num(demo_round(kcal * f * 1000 / 100 / 9, 100));
	}
	r->occurred_at = demo_ts(at);
	demo_emit(d, MODEL_MEAL, r);
}

/* Three meals a day, and a snack or two on most days: 3-5 in all. */
static void
demo_meals(struct demo *d, struct day day)
{
	long long r = demo_range(d, 0, 99);
	bool morning = false, afternoon = false, evening = false;

	if (r >= 35 && r < 80) {
		morning = demo_chance(d, 25);
		afternoon = !morning;
	} else if (r >= 80) {
		afternoon = true;
		morning = demo_chance(d, 60);
		evening = !morning;
	}
	demo_meal(d, day, "breakfast", &PICK(d, breakfasts), 6 * 60 + 45, 8 * 60 + 30);
	if (morning)
		demo_meal(d, day, "snack", &PICK(d, snacks), 10 * 60, 10 * 60 + 45);
	demo_meal(d, day, "lunch", &PICK(d, lunches), 12 * 60, 13 * 60 + 30);
	if (afternoon)
		demo_meal(d, day, "snack", &PICK(d, snacks), 15 * 60 + 30, 16 * 60 + 30);
	demo_meal(d, day, "dinner", &PICK(d, dinners), 18 * 60 + 30, 20 * 60 + 30);
	if (evening)
		demo_meal(d, day, "snack", &PICK(d, snacks), 21 * 60, 21 * 60 + 45);
}

/* ---- workouts ---- */

static const char *const run_notes[] = {
	"Morning run", "Easy run along the river", "Intervals 6 × 400 m", "Long run, felt strong",
	"Tempo run", "Recovery jog", "Hill repeats",
};

/* 3-5 workouts a week; a run counts for the running goal, a gym session's push-ups for theirs. */
static void
demo_workout(struct demo *d, struct day day)
{
	static const char *const kinds[] = { "run", "run", "run", "run", "run", "run", "run",
	    "cycle", "cycle", "cycle", "cycle", "swim", "swim", "swim", "yoga", "yoga", "yoga",
	    "strength", "strength", "strength" };
	const char *kind, *note = NULL;
	long long minutes, dist = -1, kcal, amount = 0;
	int goal_kind = -1;
	struct model_workout *w;
	ms_t at;

	if (!demo_chance(d, 60))
		return;
	kind = PICK(d, kinds);
	if (demo_chance(d, 50))
		at = demo_between(d, day, 6 * 60 + 30, 7 * 60 + 45);
	else
		at = demo_between(d, day, 17 * 60 + 30, 19 * 60 + 15);
	if (strcmp(kind, "run") == 0) {
		long long pace = demo_range(d, 290, 400);   /* seconds per km */
		minutes = demo_range(d, 25, 70);
		dist = demo_round(minutes * 60 * 1000 / pace, 10);
		kcal = minutes * demo_range(d, 10, 13);
		goal_kind = K_RUN;
		amount = dist;
		note = PICK(d, run_notes);
	} else if (strcmp(kind, "cycle") == 0) {
		long long kmh = demo_range(d, 18, 28);
		minutes = demo_range(d, 30, 120);
		dist = demo_round(minutes * kmh * 1000 / 60, 100);
		kcal = minutes * demo_range(d, 7, 10);
	} else if (strcmp(kind, "swim") == 0) {
		long long mph = demo_range(d, 1800, 3000);  /* metres per hour */
		minutes = demo_range(d, 20, 60);
		dist = demo_round(minutes * mph / 60, 10);
		kcal = minutes * demo_range(d, 8, 11);
	} else if (strcmp(kind, "yoga") == 0) {
		minutes = demo_range(d, 20, 60);
		kcal = minutes * demo_range(d, 3, 4);
	} else {
		minutes = demo_range(d, 30, 75);
		kcal = minutes * demo_range(d, 5, 7);
		goal_kind = K_PUSHUPS;
		amount = demo_range(d, 3, 5) * demo_range(d, 12, 25) * 1000;
		note = "Push-ups at the gym";
	}
	w = model_new(MODEL_WORKOUT);
	w->kind = xstrdup(kind);
	w->minutes = demo_num(minutes * 1000);
	if (dist > 0)
		w->distance_km = demo_num(dist);
	w->calories = demo_num(kcal * 1000);
	demo_ev_add(d, at, goal_kind, amount, note, w, kind);
}

/* Writes a workout at its time, linked to the goal its activity counted for (if any). */
static void
demo_workout_write(struct demo *d, const struct demo_ev *e, const struct demo_goal *g,
    struct demo_today *td)
{
	struct model_workout *w = e->w;
	ms_t at = e->at;
	char id[ULID_LEN + 1];

	ulid_new_seeded(&d->ids, at, id);
	demo_common(d, &w->c, at, at, 1);
	w->workout_id = xstrdup(id);
	w->occurred_at = demo_ts(at);
	if (g != NULL)
		w->goal_id = xstrdup(g->id);
	td->workout = e->wkind;
	td->workout_milli = w->distance_km.set ? w->distance_km.v : 0;
	demo_emit(d, MODEL_WORKOUT, w);
}

/* ---- habits: small logs through the day ---- */

/* Each glass or bottle as it is drunk, through the waking day. */
static void
demo_water(struct demo *d, struct day day)
{
	static const int ml[] = { 200, 250, 250, 250, 300, 330, 330, 400, 500 };
	static const char *const notes[] = { "Bottle at the desk", "Sparkling water", "Mint tea 🍵",
	    "With a slice of lemon 🍋", "Herbal tea", "Refill" };
	const int from = 7 * 60, to = 22 * 60;
	int n;

	if (demo_goal_open(d, K_WATER) == NULL || !demo_chance(d, 97))
		return;
	n = (int)demo_range(d, 7, 12);
	for (int i = 0; i < n; i++) {
		int lo = from + (to - from) * i / n, hi = from + (to - from) * (i + 1) / n - 1;
		ms_t at = demo_between(d, day, lo, hi);
		long long amount = PICK(d, ml);
		demo_ev_add(d, at, K_WATER, amount, demo_chance(d, 10) ? PICK(d, notes) : NULL, NULL, NULL);
	}
}

static const struct demo_window walk_windows[] = {
	{ 7 * 60 + 35, 8 * 60 + 10, W_WEEKDAY, "Walk to work", 1200, 2600 },
	{ 9 * 60 + 30, 11 * 60, W_WEEKEND, "Walk to the market", 800, 2500 },
	{ 12 * 60 + 10, 13 * 60, W_ALL, "Lunch walk", 600, 2500 },
	{ 15 * 60, 16 * 60 + 30, W_WEEKEND, "Walk in the park", 2000, 6500 },
	{ 17 * 60 + 10, 18 * 60, W_WEEKDAY, "Walk home", 1200, 2600 },
	{ 19 * 60 + 30, 21 * 60, W_ALL, "Evening walk with Luna 🐕", 1000, 4000 },
	{ 21 * 60 + 15, 22 * 60, W_ALL, "Round the block", 400, 1500 },
};

/* 2-5 walks a day, in km as a phone measures them (one to three decimals). */
static void
demo_walks(struct demo *d, struct day day)
{
	static const long long steps[] = { 1, 10, 10, 100 };
	int pick[8], n;

	if (demo_goal_open(d, K_WALK) == NULL || !demo_chance(d, 96))
		return;
	n = demo_windows(d, walk_windows, (int)(sizeof walk_windows / sizeof walk_windows[0]),
	    demo_weekend(day), (int)demo_range(d, 2, 5), pick);
	for (int i = 0; i < n; i++) {
		const struct demo_window *w = &walk_windows[pick[i]];
		ms_t at = demo_between(d, day, w->from, w->to);
		long long m = demo_round(demo_range(d, w->lo, w->hi), PICK(d, steps));
		demo_ev_add(d, at, K_WALK, m, demo_chance(d, 60) ? w->note : NULL, NULL, NULL);
	}
}

struct demo_book {
	const char *title;
	int pages;
};

static const struct demo_book books[] = {
	{ "Der Steppenwolf", 288 }, { "Cien años de soledad", 471 }, { "ノルウェイの森", 296 },
	{ "The Left Hand of Darkness", 304 }, { "L'Étranger", 159 }, { "Middlemarch", 880 },
	{ "Anna Karenina", 864 }, { "Project Hail Mary", 476 }, { "Kafka on the Shore", 505 },
	{ "Les Misérables", 1462 }, { "Dune", 617 }, { "Мастер и Маргарита", 480 },
	{ "The Remains of the Day", 258 }, { "Stoner", 278 },
};

static const struct demo_window read_windows[] = {
	{ 7 * 60 + 45, 8 * 60 + 20, W_WEEKDAY, NULL, 5, 25 },
	{ 10 * 60, 12 * 60, W_WEEKEND, NULL, 20, 60 },
	{ 12 * 60 + 30, 13 * 60 + 10, W_ALL, NULL, 5, 20 },
	{ 17 * 60 + 15, 18 * 60, W_WEEKDAY, NULL, 5, 25 },
	{ 20 * 60, 21 * 60 + 15, W_ALL, NULL, 10, 40 },
	{ 22 * 60, 23 * 60 + 15, W_ALL, NULL, 5, 30 },
};

/* 1-3 reading sessions a day, in pages (the note, which book, is written when it is applied). */
static void
demo_reading(struct demo *d, struct day day)
{
	int pick[8], n;

	if (demo_goal_open(d, K_READ) == NULL || !demo_chance(d, 92))
		return;
	n = demo_windows(d, read_windows, (int)(sizeof read_windows / sizeof read_windows[0]),
	    demo_weekend(day), (int)demo_range(d, 1, 3), pick);
	for (int i = 0; i < n; i++) {
		const struct demo_window *w = &read_windows[pick[i]];
		ms_t at = demo_between(d, day, w->from, w->to);
		demo_ev_add(d, at, K_READ, demo_range(d, w->lo, w->hi) * 1000, NULL, NULL, NULL);
	}
}

/* A session in the early morning, some days another in the evening: 5-30 minutes as hours. */
static void
demo_meditation(struct demo *d, struct day day)
{
	static const int mins[] = { 5, 10, 10, 15, 15, 20, 20, 25, 30 };

	ms_t at;
	long long hours;

	if (demo_goal_open(d, K_MEDITATE) == NULL || !demo_chance(d, 88))
		return;
	/* One draw per statement: the order of a call's arguments is unspecified. */
	at = demo_between(d, day, 6 * 60, 6 * 60 + 40);
	hours = demo_round((long long)PICK(d, mins) * 1000 / 60, 10);
	demo_ev_add(d, at, K_MEDITATE, hours, NULL, NULL, NULL);
	if (demo_chance(d, 45)) {
		at = demo_between(d, day, 21 * 60, 22 * 60);
		hours = demo_round((long long)PICK(d, mins) * 1000 / 60, 10);
		demo_ev_add(d, at, K_MEDITATE, hours, "Evening sit", NULL, NULL);
	}
}

/* "Greasing the groove": 5-11 small sets of push-ups spread over the day. */
static void
demo_pushups(struct demo *d, struct day day)
{
	static const char *const notes[] = { "Between meetings", "Before lunch", "While the kettle boils",
	    "Before the shower" };
	const int from = 8 * 60, to = 21 * 60 + 30;
	int n;

	if (demo_goal_open(d, K_PUSHUPS) == NULL || !demo_chance(d, 85))
		return;
	n = (int)demo_range(d, 5, 11);
	for (int i = 0; i < n; i++) {
		int lo = from + (to - from) * i / n, hi = from + (to - from) * (i + 1) / n - 1;
		ms_t at = demo_between(d, day, lo, hi);
		long long reps = demo_range(d, 8, 25);
		demo_ev_add(d, at, K_PUSHUPS, reps * 1000, demo_chance(d, 8) ? PICK(d, notes) : NULL,
		    NULL, NULL);
	}
}

/* The note of a reading session: which book, and where in it; the book changes once it is finished. */
static char *
demo_read_note(struct demo *d, long long pages_milli, bool *finished)
{
	const struct demo_book *b = &books[d->book];
	int page = d->book_page + (int)(pages_milli / 1000);

	*finished = page >= b->pages;
	if (*finished)
		return xasprintf("Finished “%s”", b->title);
	if (demo_chance(d, 40))
		return xasprintf("“%s”, up to p. %d", b->title, page);
	return NULL;
}

static void
demo_next_book(struct demo *d)
{
	int next;

	do
		next = (int)demo_range(d, 0, (long long)(sizeof books / sizeof books[0]) - 1);
	while (next == d->book);
	d->book = next;
	d->book_page = 0;
}

/* Applies today's events in time order: activities, their goals, workouts. */
static void
demo_day_apply(struct demo *d, int day_index, struct demo_today *td)
{
	qsort(d->ev, d->nev, sizeof *d->ev, demo_ev_cmp);
	for (size_t i = 0; i < d->nev && !d->failed; i++) {
		struct demo_ev *e = &d->ev[i];
		struct demo_goal *g = demo_goal_open(d, e->kind);
		char *note = NULL;
		bool finished = false;
		ms_t at;

		if (e->at > d->now) {
			if (e->w != NULL)
				model_free(MODEL_WORKOUT, e->w);
			e->w = NULL;
			continue;
		}
		if (e->kind == K_READ && g != NULL)
			note = demo_read_note(d, e->amount, &finished);
		at = demo_activity(d, g, day_index, e->at, e->amount, note != NULL ? note : e->note);
		free(note);
		if (at == 0)
			g = NULL;
		if (g != NULL && e->kind == K_READ) {
			d->book_page += (int)(e->amount / 1000);
			if (finished) {
				td->book = books[d->book].title;
				td->book_goal = (int)(g - d->goals);
				td->book_at = at;
				demo_next_book(d);
			}
		}
		if (g != NULL && e->kind == K_PUSHUPS) {
			td->pushups += e->amount / 1000;
			td->pushups_goal = (int)(g - d->goals);
		}
		if (e->w != NULL) {
			if (g != NULL && e->kind == K_RUN) {
				td->run_milli = e->amount;
				td->run_goal = (int)(g - d->goals);
			}
			demo_workout_write(d, e, g, td);
			e->w = NULL;
		}
	}
	/* Workouts not written (a failed write stops early) are freed here. */
	for (size_t i = 0; i < d->nev; i++)
		if (d->ev[i].w != NULL)
			model_free(MODEL_WORKOUT, d->ev[i].w);
	d->nev = 0;
}

/* ---- the journal ---- */

static const char *const journal_titles[] = {
	"A good day", "Long day", "Small wins", "Rainy thoughts", "Notes to self",
	"Feeling tired", "Café thoughts ☕", "Quiet evening", "Busy, but fine", "Übermüdet",
};

static const char *const journal_lines[] = {
	"Slept well and woke up before the alarm.",
	"Long day at work — three meetings back to back.",
	"Had a coffee with Zoë at the new café around the corner.",
	"Cooked dinner with music on. Simple pleasures.",
	"Walked home in the rain and didn't mind at all 🌧️",
	"Called my parents; Dad's knee is much better.",
	"Felt restless in the afternoon, a short walk helped.",
	"Grateful for a quiet morning.",
	"Read a few chapters before bed. 読書の時間が好き。",
	"Too much screen time today. Tomorrow the phone stays in the kitchen.",
	"Finally fixed the squeaky brake on the bike.",
	"Tried a new recipe: crème brûlée. Caramelising the sugar is harder than it looks.",
	"Noticed I get tense before the weekly review.",
	"The sunset over the river was unreal today.",
	"Cleared my inbox. Small victory.",
	"Lunch outside in the sun, first time in weeks.",
};

static const char *const journal_tags[] = {
	"work", "family", "sleep", "gratitude", "health", "friends", "café", "cooking",
};

static void
demo_tag(struct model_strset *t, const char *tag)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i], tag) == 0)
			return;
	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	t->v[t->n++] = xstrdup(tag);
}

static void
demo_journal(struct demo *d, struct day day, const struct demo_today *td)
{
	static const int moods[] = { 1, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 5, 5, 5 };
	struct model_journal *j;
	struct buf body;
	char id[ULID_LEN + 1];
	int used[4], nlines, wd = demo_weekday(day);
	ms_t at;

	if (!demo_chance(d, 70))
		return;
	at = demo_between(d, day, 21 * 60 + 30, 22 * 60 + 50);
	buf_init(&body, 0);
	nlines = (int)demo_range(d, 2, 4);
	for (int i = 0; i < nlines; i++) {
		int k, dup;
		do {
			k = (int)demo_range(d, 0, (long long)(sizeof journal_lines / sizeof journal_lines[0]) - 1);
			dup = 0;
			for (int m = 0; m < i; m++)
				dup |= used[m] == k;
		} while (dup);
		used[i] = k;
		if (i > 0)
			buf_addc(&body, '\n');
		buf_adds(&body, journal_lines[k]);
	}
	j = model_new(MODEL_JOURNAL);
	if (td->run_milli > 0) {
		char km[DECIMAL_TEXT_MAX];
		decimal_format(td->run_milli, km);
		buf_printf(&body, "\nRan %s km today.", km);
		demo_tag(&j->tags, "running");
		if (demo_chance(d, 50))
			j->goal_id = xstrdup(d->goals[td->run_goal].id);
	} else if (td->workout != NULL) {
		char km[DECIMAL_TEXT_MAX];
		decimal_format(td->workout_milli, km);
		if (strcmp(td->workout, "run") == 0)
			buf_printf(&body, "\nRan %s km.", km);
		else if (strcmp(td->workout, "cycle") == 0)
			buf_printf(&body, "\nRode %s km on the bike.", km);
		else if (strcmp(td->workout, "swim") == 0)
			buf_printf(&body, "\nSwam %s km.", km);
		else if (strcmp(td->workout, "yoga") == 0)
			buf_adds(&body, "\nYoga class, feeling loose.");
		else
			buf_adds(&body, "\nStrength session at the gym.");
		demo_tag(&j->tags, "training");
	}
	/* A book finished in bed, after the entry was written, waits for tomorrow's. */
	if (td->book != NULL && td->book_at < at) {
		buf_printf(&body, "\nFinished “%s” tonight.", td->book);
		demo_tag(&j->tags, "reading");
		if (j->goal_id == NULL)
			j->goal_id = xstrdup(d->goals[td->book_goal].id);
	}
	if (td->pushups >= 100 && demo_chance(d, 30)) {
		buf_printf(&body, "\n%lld push-ups today 💪", td->pushups);
		demo_tag(&j->tags, "training");
		if (j->goal_id == NULL && demo_chance(d, 50))
			j->goal_id = xstrdup(d->goals[td->pushups_goal].id);
	}
	if (wd == 0 || wd == 6)
		demo_tag(&j->tags, "weekend");
	for (long long i = demo_range(d, 0, 2); i > 0; i--)
		demo_tag(&j->tags, PICK(d, journal_tags));
	if (demo_chance(d, 85))
		j->title = xstrdup(PICK(d, journal_titles));
	if (demo_chance(d, 90))
		j->mood = demo_num(PICK(d, moods));
	if (at > d->now) {
		buf_done(&body);
		model_free(MODEL_JOURNAL, j);
		return;
	}
	ulid_new_seeded(&d->ids, at, id);
	demo_common(d, &j->c, at, at, 1);
	j->entry_id = xstrdup(id);
	j->body = buf_steal(&body);
	j->occurred_at = demo_ts(at);
	demo_emit(d, MODEL_JOURNAL, j);
}

/* ---- the command ---- */

/* Digits only, no sign or spaces, and no more than max. */
static int
demo_parse_u64(const char *text, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static void
demo_done(struct demo *d)
{
	for (size_t i = 0; i < d->n; i++)
		json_decref(d->items[i]);
	free(d->items);
	for (size_t i = 0; i < d->ngoals; i++)
		free(d->goals[i].title);
	free(d->goals);
	for (size_t i = 0; i < d->nev; i++)
		if (d->ev[i].w != NULL)
			model_free(MODEL_WORKOUT, d->ev[i].w);
	free(d->ev);
}

static void
demo_report(struct cli *c, struct demo *d, const char *name, int days, struct day last)
{
	char date[11];

	if (c->json) {
		json_t *counts = json_object();
		for (int i = 0; i < MODEL_TYPE_COUNT; i++)
			json_object_set_new(counts, model_entity((enum model_type)i)->label,
			    json_integer((json_int_t)d->counts[i]));
		cli_print_json(c, json_pack("{s:s, s:o}", "userId", d->user_id, "counts", counts));
		return;
	}
	dates_day_format(last, date);
	fprintf(c->out, "created demo user %s (%s): %d day%s of data up to %s\n", d->user_id, name,
	    days, days == 1 ? "" : "s", date);
	fprintf(c->out, "  %zu goals, %zu activities, %zu journal entries, %zu meals, %zu workouts\n",
	    d->counts[MODEL_GOAL], d->counts[MODEL_ACTIVITY], d->counts[MODEL_JOURNAL],
	    d->counts[MODEL_MEAL], d->counts[MODEL_WORKOUT]);
	fprintf(c->out, "try:\n  ailife --user %s goal list --status all\n"
	    "  ailife --user %s timeline --from -7d\n", d->user_id, d->user_id);
}

int
cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "days", true, false }, { "seed", true, false }, { "name", true, false },
		{ NULL, false, false },
	};
	struct cli_args a;
	struct demo d;
	struct model_user *u, *existing = NULL;
	struct day first, today;
	uint64_t days = DEMO_DAYS_DEFAULT, seed = 1;
	const char *v, *name, *zone;
	char why[512];
	json_t *user_item;
	ms_t created;
	int rc;

	rc = cli_parse(c, "demo", argc, argv, opts, 0, 0, "demo [--days N] [--seed S] [--name NAME]", &a);
	if (rc < 0)
		return CLI_OK;
	if (rc != CLI_OK)
		return rc;
	if ((v = cli_get(&a, "days")) != NULL && (demo_parse_u64(v, DEMO_DAYS_MAX, &days) != 0 || days < 1))
		return cli_fail(c, CLI_USAGE, "demo", "--days '%s': must be a whole number from 1 to %d",
		    v, DEMO_DAYS_MAX);
	if ((v = cli_get(&a, "seed")) != NULL && demo_parse_u64(v, UINT64_MAX, &seed) != 0)
		return cli_fail(c, CLI_USAGE, "demo",
		    "--seed '%s': must be a whole number from 0 to %" PRIu64, v, UINT64_MAX);
	name = cli_get(&a, "name") != NULL ? cli_get(&a, "name") : DEMO_NAME;

	memset(&d, 0, sizeof d);
	d.c = c;
	d.now = clock_now_ms();
	ulid_rng_seed(&d.ids, seed);
	ulid_rng_seed(&d.rng, seed ^ DEMO_CHOICE_SALT);
	for (int k = 0; k < K_COUNT; k++)
		d.cur[k] = -1;
	table_err_clear(&d.err);

	today = dates_day_of(d.now);
	first = dates_day_add(today, -(int)(days - 1));
	created = demo_local(first, 5 * 60 + 20, 0, 0);
	if (created > d.now)
		created = d.now;
	ulid_new_seeded(&d.ids, created, d.user_id);

	/* The user first, as a record: a bad --name is the caller's mistake. */
	zone = dates_system_zone();
	u = model_new(MODEL_USER);
	demo_common(&d, &u->c, created, created, 1);
	u->name = xstrdup(name);
	if (cli_get(&a, "name") == NULL)
		u->email = xstrdup(DEMO_EMAIL);
	u->timezone = xstrdup(dates_zone_valid(zone) ? zone : "UTC");
	u->units = xstrdup("metric");
	u->daily_calorie_target = demo_num(2200000);
	if (model_validate(MODEL_USER, u, why, sizeof why) != 0) {
		model_free(MODEL_USER, u);
		return cli_fail(c, CLI_USAGE, "demo", "--name: %s", why);
	}
	user_item = demo_item(MODEL_USER, u);
	model_free(MODEL_USER, u);

	if ((rc = cli_open_store(c)) != CLI_OK) {
		json_decref(user_item);
		return rc;
	}
	if (store_profile_get(c->t, d.user_id, &existing, &d.err) == 0) {
		model_free(MODEL_USER, existing);
		json_decref(user_item);
		return cli_fail(c, CLI_FAIL, "demo", "demo user %s already exists (use another --seed)",
		    d.user_id);
	}
	if (d.err.status != TABLE_NOT_FOUND) {
		json_decref(user_item);
		return cli_table_fail(c, "demo", &d.err);
	}
	table_err_clear(&d.err);

	d.items = xcalloc(DEMO_CHUNK, sizeof *d.items);
	for (size_t k = 0; k < sizeof demo_first_goals / sizeof demo_first_goals[0]; k++)
		demo_goal_new(&d, demo_first_goals[k], first, created + 60000 + (ms_t)k * 1000);
	{
		/* Meditation is given up part-way, below its target. */
		int pause_at = (int)days / 2 < DEMO_PAUSE_DAY_MAX ? (int)days / 2 : DEMO_PAUSE_DAY_MAX;

		for (int i = 0; i < (int)days && !d.failed; i++) {
			struct day day = dates_day_add(first, i);
			struct demo_today td = { 0, -1, NULL, -1, 0, NULL, 0, 0, -1 };

			demo_goals_due(&d, day, i);
			if (i == pause_at && demo_goal_open(&d, K_MEDITATE) != NULL)
				demo_goal_stop(&d, demo_goal_open(&d, K_MEDITATE), day, i);
			demo_workout(&d, day);
			demo_water(&d, day);
			demo_walks(&d, day);
			demo_reading(&d, day);
			demo_meditation(&d, day);
			demo_pushups(&d, day);
			demo_day_apply(&d, i, &td);
			demo_meals(&d, day);
			demo_journal(&d, day, &td);
		}
	}
	demo_goals_write(&d);
	demo_flush(&d);
	if (d.failed) {
		json_decref(user_item);
		demo_done(&d);
		return cli_table_fail(c, "demo", &d.err);
	}
	/* The profile last, as W1 does: a run that failed part-way can simply be run again. */
	struct table_cond cond = { TABLE_COND_NOT_EXISTS, 0 };
	if (table_put(c->t, user_item, &cond, &d.err) != 0) {
		json_decref(user_item);
		demo_done(&d);
		if (d.err.status == TABLE_COND_FAILED)
			return cli_fail(c, CLI_FAIL, "demo", "demo user %s already exists (use another --seed)",
			    d.user_id);
		return cli_table_fail(c, "demo", &d.err);
	}
	json_decref(user_item);
	d.counts[MODEL_USER]++;
	demo_report(c, &d, name, (int)days, today);
	demo_done(&d);
	return CLI_OK;
}
