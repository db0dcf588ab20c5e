/*
 * What a demo day brings: a workout on most days, the small logs of the
 * habits the goals are about (water, walks, reading, meditation, push-ups),
 * three to five meals and, most evenings, a journal entry about the day.
 * A day's goal events are drawn first and applied in time order
 * (demo_day_apply), so the journal can tell what the day was.
 */
#include "datastore/demo_int.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static bool
demo_chance(struct demo *d, int percent)
{
	return demo_range(d, 0, 99) < percent;
}

#define PICK(d, a) ((a)[demo_range((d), 0, (long long)(sizeof(a) / sizeof((a)[0])) - 1)])

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
	demo_write_record(&d->w, MODEL_MEAL, r);
}

/* Three meals a day, and a snack or two on most days: 3-5 in all. */
void
demo_day_meals(struct demo *d, struct day day)
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
		goal_kind = DEMO_K_RUN;
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
		goal_kind = DEMO_K_PUSHUPS;
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
	demo_write_record(&d->w, MODEL_WORKOUT, w);
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

	if (demo_goal_open(d, DEMO_K_WATER) == NULL || !demo_chance(d, 97))
		return;
	n = (int)demo_range(d, 7, 12);
	for (int i = 0; i < n; i++) {
		int lo = from + (to - from) * i / n, hi = from + (to - from) * (i + 1) / n - 1;
		ms_t at = demo_between(d, day, lo, hi);
		long long amount = PICK(d, ml);
		demo_ev_add(d, at, DEMO_K_WATER, amount, demo_chance(d, 10) ? PICK(d, notes) : NULL, NULL, NULL);
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

	if (demo_goal_open(d, DEMO_K_WALK) == NULL || !demo_chance(d, 96))
		return;
	n = demo_windows(d, walk_windows, (int)(sizeof walk_windows / sizeof walk_windows[0]),
	    demo_weekend(day), (int)demo_range(d, 2, 5), pick);
	for (int i = 0; i < n; i++) {
		const struct demo_window *w = &walk_windows[pick[i]];
		ms_t at = demo_between(d, day, w->from, w->to);
		long long m = demo_round(demo_range(d, w->lo, w->hi), PICK(d, steps));
		demo_ev_add(d, at, DEMO_K_WALK, m, demo_chance(d, 60) ? w->note : NULL, NULL, NULL);
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

	if (demo_goal_open(d, DEMO_K_READ) == NULL || !demo_chance(d, 92))
		return;
	n = demo_windows(d, read_windows, (int)(sizeof read_windows / sizeof read_windows[0]),
	    demo_weekend(day), (int)demo_range(d, 1, 3), pick);
	for (int i = 0; i < n; i++) {
		const struct demo_window *w = &read_windows[pick[i]];
		ms_t at = demo_between(d, day, w->from, w->to);
		demo_ev_add(d, at, DEMO_K_READ, demo_range(d, w->lo, w->hi) * 1000, NULL, NULL, NULL);
	}
}

/* A session in the early morning, some days another in the evening: 5-30 minutes as hours. */
static void
demo_meditation(struct demo *d, struct day day)
{
	static const int mins[] = { 5, 10, 10, 15, 15, 20, 20, 25, 30 };

	ms_t at;
	long long hours;

	if (demo_goal_open(d, DEMO_K_MEDITATE) == NULL || !demo_chance(d, 88))
		return;
	/* One draw per statement: the order of a call's arguments is unspecified. */
	at = demo_between(d, day, 6 * 60, 6 * 60 + 40);
	hours = demo_round((long long)PICK(d, mins) * 1000 / 60, 10);
	demo_ev_add(d, at, DEMO_K_MEDITATE, hours, NULL, NULL, NULL);
	if (demo_chance(d, 45)) {
		at = demo_between(d, day, 21 * 60, 22 * 60);
		hours = demo_round((long long)PICK(d, mins) * 1000 / 60, 10);
		demo_ev_add(d, at, DEMO_K_MEDITATE, hours, "Evening sit", NULL, NULL);
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

	if (demo_goal_open(d, DEMO_K_PUSHUPS) == NULL || !demo_chance(d, 85))
		return;
	n = (int)demo_range(d, 5, 11);
	for (int i = 0; i < n; i++) {
		int lo = from + (to - from) * i / n, hi = from + (to - from) * (i + 1) / n - 1;
		ms_t at = demo_between(d, day, lo, hi);
		long long reps = demo_range(d, 8, 25);
		demo_ev_add(d, at, DEMO_K_PUSHUPS, reps * 1000, demo_chance(d, 8) ? PICK(d, notes) : NULL,
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

/* In this order: the workout first, then the habits, each drawing as it goes. */
void
demo_day_events(struct demo *d, struct day day)
{
	demo_workout(d, day);
	demo_water(d, day);
	demo_walks(d, day);
	demo_reading(d, day);
	demo_meditation(d, day);
	demo_pushups(d, day);
}

/* Applies today's events in time order: activities, their goals, workouts. */
void
demo_day_apply(struct demo *d, int day_index, struct demo_today *td)
{
	qsort(d->ev, d->nev, sizeof *d->ev, demo_ev_cmp);
	for (size_t i = 0; i < d->nev && !d->w.failed; i++) {
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
		if (e->kind == DEMO_K_READ && g != NULL)
			note = demo_read_note(d, e->amount, &finished);
		at = demo_activity(d, g, day_index, e->at, e->amount, note != NULL ? note : e->note);
		free(note);
		if (at == 0)
			g = NULL;
		if (g != NULL && e->kind == DEMO_K_READ) {
			d->book_page += (int)(e->amount / 1000);
			if (finished) {
				td->book = books[d->book].title;
				td->book_goal = (int)(g - d->goals);
				td->book_at = at;
				demo_next_book(d);
			}
		}
		if (g != NULL && e->kind == DEMO_K_PUSHUPS) {
			td->pushups += e->amount / 1000;
			td->pushups_goal = (int)(g - d->goals);
		}
		if (e->w != NULL) {
			if (g != NULL && e->kind == DEMO_K_RUN) {
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

void
demo_day_journal(struct demo *d, struct day day, const struct demo_today *td)
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
	demo_write_record(&d->w, MODEL_JOURNAL, j);
}

void
demo_day_done(struct demo *d)
{
	for (size_t i = 0; i < d->nev; i++)
		if (d->ev[i].w != NULL)
			model_free(MODEL_WORKOUT, d->ev[i].w);
	free(d->ev);
	d->ev = NULL;
	d->nev = d->ev_cap = 0;
}
