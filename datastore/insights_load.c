/*
 * What a report and a status line read (insights_load.h): range queries
 * only, page by page, never a Scan.
 */
#include "datastore/insights_load.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/store_many.h"
#include "util/xmalloc.h"

/* A range pattern read page by page, each record handed to feed. */
typedef void (*feed_fn)(void *ctx, const struct store_item *it);

static int
range_rest(struct table *t, const char *user_id, enum model_type type, ms_t from, ms_t to, bool newest_first,
    struct store_list *first, feed_fn feed, void *ctx, size_t *skipped, struct table_err *err)
{
	struct store_list page = *first;
	memset(first, 0, sizeof *first);
	for (;;) {
		for (size_t i = 0; i < page.count; i++)
			feed(ctx, &page.items[i]);
		*skipped += page.skipped;
		char *cursor = page.cursor;
		page.cursor = NULL;
		store_list_done(&page);
		if (cursor == NULL)
			return 0;
		struct store_page_req pg = { cursor, INSIGHTS_PAGE, NULL, NULL };
		int rc = store_range(t, user_id, type, from, to, newest_first, pg, &page, err);
		free(cursor);
		if (rc != 0)
			return -1;
	}
}

struct feed_ctx {
	struct insights_report *r;
	const struct insights_period *p;
	/* Goals by id: the report's, sorted index for lookups. */
	size_t *order;
};

static struct insights_goal *
goal_of(struct feed_ctx *k, const char *goal_id)
{
	size_t lo = 0, hi = k->r->ngoals;
	if (goal_id == NULL)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(k->r->goals[k->order[mid]].goal_id, goal_id);
		if (c == 0)
			return &k->r->goals[k->order[mid]];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
feed_record(void *arg, const struct store_item *it)
{
	struct feed_ctx *k = arg;
	switch (it->type) {
	case MODEL_ACTIVITY: {
		const struct model_activity *a = it->rec;
		struct insights_goal *g = goal_of(k, a->goal_id);
		if (g != NULL)
			insights_goal_add(g, k->p, a);
		break;
	}
	case MODEL_MEAL:
		insights_meals_add(&k->r->meals, k->p, it->rec);
		break;
	case MODEL_WORKOUT:
		insights_workouts_add(&k->r->workouts, k->p, it->rec);
		break;
	case MODEL_JOURNAL:
		insights_journal_add(&k->r->journal, k->p, it->rec);
		break;
	default:
		break;
	}
}

static int
order_cmp(const void *pa, const void *pb, void *arg)
{
	const struct insights_report *r = arg;
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	return strcmp(r->goals[a].goal_id, r->goals[b].goal_id);
}

/* The goals' lookup order (by id). */
static size_t *
goal_order(struct insights_report *r)
{
	size_t *order = xcalloc(r->ngoals + 1, sizeof *order);
	for (size_t i = 0; i < r->ngoals; i++)
		order[i] = i;
	if (r->ngoals > 1)
		qsort_r(order, r->ngoals, sizeof *order, order_cmp, r);
	return order;
}

static void
report_add_goal(struct insights_report *r, const struct model_goal *g)
{
	r->goals = xrealloc(r->goals, (r->ngoals + 1) * sizeof *r->goals);
	insights_goal_init(&r->goals[r->ngoals], g, &r->period);
	r->ngoals++;
}

/* Every goal of the user (AP3, paged) into r. */
static int
load_goals(struct table *t, const char *user_id, struct insights_report *r, struct table_err *err)
{
	char *cursor = NULL;
	do {
		struct store_list page;
		struct store_page_req pg = { cursor, INSIGHTS_PAGE, NULL, NULL };
		int rc = store_goals_list(t, user_id, pg, &page, err);
		free(cursor);
		if (rc != 0)
			return -1;
		for (size_t i = 0; i < page.count; i++)
			if (page.items[i].type == MODEL_GOAL)
				report_add_goal(r, page.items[i].rec);
		r->skipped += page.skipped;
		cursor = page.cursor;
		page.cursor = NULL;
		store_list_done(&page);
	} while (cursor != NULL);
	return 0;
}

/* Keeps the goals shown: active ones and those with an activity in the period. */
static void
keep_shown(struct insights_report *r)
{
	size_t k = 0;
	for (size_t i = 0; i < r->ngoals; i++) {
		struct insights_goal *g = &r->goals[i];
		bool shown = g->count > 0 || (g->status != NULL && strcmp(g->status, "active") == 0);
		if (!shown) {
			insights_goal_done(g);
			continue;
		}
		if (k != i)
			r->goals[k] = *g;
		k++;
	}
	r->ngoals = k;
}

int
insights_goal_streak(struct table *t, const char *user_id, const char *goal_id, struct day today, int *days,
    struct table_err *err)
{
	struct insights_streak s;
	char *cursor = NULL;
	int limit = INSIGHTS_STREAK_PAGE;
	bool go = true;
	insights_streak_init(&s, today);
	do {
		struct store_list page;
		struct store_page_req pg = { cursor, limit, NULL, NULL };
		int rc = store_goal_activities(t, user_id, goal_id, pg, &page, err);
		free(cursor);
		if (rc != 0)
			return -1;
		for (size_t i = 0; go && i < page.count; i++) {
			struct day d;
			const struct model_activity *a = page.items[i].rec;
			if (page.items[i].type == MODEL_ACTIVITY && insights_day_of_ts(a->occurred_at, &d))
				go = insights_streak_feed(&s, d);
		}
		cursor = go ? page.cursor : NULL;
		if (!go)
			free(page.cursor);
		page.cursor = NULL;
		store_list_done(&page);
		if (limit < INSIGHTS_PAGE)
			limit *= 2;
	} while (cursor != NULL);
	*days = s.count;
	return 0;
}

/*
 * The current streak from the period's days, when the period holds today and
 * the streak ends (a day without activity) after the period's first day;
 * false when the days of the period cannot tell.
 */
static bool
streak_in_period(const struct insights_goal *g, const struct insights_period *p, int *days)
{
	int i = insights_day_index(p, p->today);
	if (i < 0)
		return false;
	if (g->daily[i] == 0)
		i--;     /* today has nothing yet: the streak may end yesterday */
	int n = 0;
	for (; i >= 0 && g->daily[i] != 0; i--)
		n++;
	if (i < 0)
		return false;     /* it reaches the period's first day: it may go on before */
	*days = n;
	return true;
}

int
insights_load(struct table *t, const struct insights_request *q, struct insights_report *r, struct table_err *err)
{
	const struct insights_period *p = &q->period;
	memset(r, 0, sizeof *r);
	r->period = *p;
	insights_meals_init(&r->meals, p, q->profile);
	insights_workouts_init(&r->workouts, p);
	insights_journal_init(&r->journal, p);
	if (q->goal_id != NULL) {
		void *g;
		if (store_get(t, MODEL_GOAL, q->user_id, q->goal_id, &g, err) != 0)
			return -1;
		report_add_goal(r, g);
		model_free(MODEL_GOAL, g);
	} else if (load_goals(t, q->user_id, r, err) != 0) {
		return -1;
	}
	ms_t from = dates_day_start(p->first), to = dates_day_start(dates_day_add(p->last, 1));
	struct feed_ctx k = { r, p, goal_order(r) };
	/* The first page of every kind at once, then each kind's next pages. */
	enum model_type types[4] = { MODEL_JOURNAL, MODEL_MEAL, MODEL_WORKOUT, MODEL_ACTIVITY };
	size_t n = q->goal_id != NULL ? (q->goal_only ? 0 : 3) : 4;
	struct store_list first[4];
	int rc = -1;
	if (n > 0 && store_ranges(t, q->user_id, types, n, from, to, false, INSIGHTS_PAGE, first, err) != 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (range_rest(t, q->user_id, types[i], from, to, false, &first[i], feed_record, &k, &r->skipped, err) != 0) {
			for (size_t j = i + 1; j < n; j++)
				store_list_done(&first[j]);
			goto done;
		}
	if (q->goal_id != NULL) {
		/* One goal: its own activities (AP7), not the whole timeline. */
		char *cursor = NULL;
		do {
			struct store_list page;
			struct store_page_req pg = { cursor, INSIGHTS_PAGE, NULL, NULL };
			int prc = store_goal_activities_between(t, q->user_id, q->goal_id, from, to, pg, &page, err);
			free(cursor);
			if (prc != 0)
				goto done;
			for (size_t i = 0; i < page.count; i++)
				feed_record(&k, &page.items[i]);
			r->skipped += page.skipped;
			cursor = page.cursor;
			page.cursor = NULL;
			store_list_done(&page);
		} while (cursor != NULL);
	} else {
		keep_shown(r);
	}
	for (size_t i = 0; i < r->ngoals; i++) {
		struct insights_goal *g = &r->goals[i];
		insights_goal_finish(g, p);
		if (!q->streaks)
			continue;
		/* The period's own days tell a streak that ends inside it; one that reaches its start is walked (AP6). */
		if (!streak_in_period(g, p, &g->current_streak) &&
		    insights_goal_streak(t, q->user_id, g->goal_id, p->today, &g->current_streak, err) != 0)
			goto done;
		g->streak_known = true;
	}
	insights_meals_finish(&r->meals, p);
	insights_workouts_finish(&r->workouts, p);
	insights_journal_finish(&r->journal, p);
	rc = 0;
done:
	free(k.order);
	return rc;
}

/* ---- the status line: one round trip ---- */

void
insights_status_data_done(struct insights_status_data *d)
{
	for (size_t i = 0; i < INSIGHTS_STATUS_LISTS; i++)
		store_list_done(&d->lists[i]);
	memset(d, 0, sizeof *d);
}

/* The pages after the first of list i (rare: a status asks for big pages). */
static int
status_more(struct table *t, const char *user_id, const struct store_many_req *rq, struct store_list *l,
    struct table_err *err)
{
	while (l->cursor != NULL) {
		struct store_list page;
		struct store_page_req pg = { l->cursor, INSIGHTS_PAGE, NULL, NULL };
		int rc = rq->kind == STORE_MANY_GOALS ? store_goals_list(t, user_id, pg, &page, err) :
		    store_range(t, user_id, rq->type, rq->from, rq->to, rq->newest_first, pg, &page, err);
		if (rc != 0)
			return -1;
		free(l->cursor);
		l->cursor = NULL;
		store_list_append(l, &page);
		l->cursor = page.cursor;
		page.cursor = NULL;
		store_list_done(&page);
	}
	return 0;
}

int
insights_status_fetch(struct table *t, const char *user_id, bool want_profile, ms_t from, ms_t to, ms_t win_from,
    struct insights_status_data *d, struct table_err *err)
{
	struct store_many_req rq[INSIGHTS_STATUS_LISTS] = {
		[INSIGHTS_S_PROFILE] = { STORE_MANY_PROFILE, MODEL_USER, 0, 0, false, 1 },
		[INSIGHTS_S_GOALS] = { STORE_MANY_GOALS, MODEL_GOAL, 0, 0, false, INSIGHTS_PAGE },
		[INSIGHTS_S_ACTIVITIES] = { STORE_MANY_RANGE, MODEL_ACTIVITY, win_from, to, true, INSIGHTS_PAGE },
		[INSIGHTS_S_MEALS] = { STORE_MANY_RANGE, MODEL_MEAL, from, to, false, INSIGHTS_PAGE },
		[INSIGHTS_S_WORKOUTS] = { STORE_MANY_RANGE, MODEL_WORKOUT, from, to, false, INSIGHTS_PAGE },
		[INSIGHTS_S_JOURNAL] = { STORE_MANY_RANGE, MODEL_JOURNAL, from, to, false, INSIGHTS_PAGE },
	};
	memset(d, 0, sizeof *d);
	d->win_from = win_from;
	size_t skip = want_profile ? 0 : 1;
	if (store_many(t, user_id, rq + skip, INSIGHTS_STATUS_LISTS - skip, d->lists + skip, err) != 0)
		return -1;
	for (size_t i = INSIGHTS_S_GOALS; i < INSIGHTS_STATUS_LISTS; i++)
		if (status_more(t, user_id, &rq[i], &d->lists[i], err) != 0) {
			insights_status_data_done(d);
			return -1;
		}
	return 0;
}

int
insights_status_compute(struct table *t, const char *user_id, struct insights_status_data *d,
    const struct model_user *profile, struct day today, bool streaks, struct insights_report *r,
    struct table_err *err)
{
	struct insights_period p;
	memset(r, 0, sizeof *r);
	insights_period_init(&p, today, today, today);
	r->period = p;
	insights_meals_init(&r->meals, &p, profile);
	insights_workouts_init(&r->workouts, &p);
	insights_journal_init(&r->journal, &p);
	const struct store_list *goals = &d->lists[INSIGHTS_S_GOALS];
	for (size_t i = 0; i < goals->count; i++)
		if (goals->items[i].type == MODEL_GOAL)
			report_add_goal(r, goals->items[i].rec);
	struct feed_ctx k = { r, &p, goal_order(r) };
	for (size_t l = INSIGHTS_S_MEALS; l < INSIGHTS_STATUS_LISTS; l++)
		for (size_t i = 0; i < d->lists[l].count; i++)
			feed_record(&k, &d->lists[l].items[i]);
	/* Streaks from the window, newest first; today's amounts too. */
	struct insights_streak *st = xcalloc(r->ngoals + 1, sizeof *st);
	for (size_t g = 0; g < r->ngoals; g++)
		insights_streak_init(&st[g], today);
	const struct store_list *acts = &d->lists[INSIGHTS_S_ACTIVITIES];
	for (size_t i = 0; i < acts->count; i++) {
		const struct model_activity *a = acts->items[i].rec;
		struct day day;
		if (acts->items[i].type != MODEL_ACTIVITY || !insights_day_of_ts(a->occurred_at, &day))
			continue;
		struct insights_goal *g = goal_of(&k, a->goal_id);
		if (g == NULL)
			continue;
		insights_goal_add(g, &p, a);
		insights_streak_feed(&st[g - r->goals], day);
	}
	/* A streak that reaches back to the window's first day may go on before it: walked exactly (AP6). */
	long long edge = insights_day_number(dates_day_of(d->win_from)) + 1;
	int rc = 0;
	for (size_t g = 0; g < r->ngoals; g++) {
		struct insights_goal *gi = &r->goals[g];
		insights_goal_finish(gi, &p);
		if (!streaks)
			continue;
		gi->streak_known = true;
		gi->current_streak = st[g].count;
		if (!st[g].done && st[g].count > 0 && st[g].last <= edge && rc == 0)
			rc = insights_goal_streak(t, user_id, gi->goal_id, today, &gi->current_streak, err);
	}
	free(st);
	free(k.order);
	insights_meals_finish(&r->meals, &p);
	insights_workouts_finish(&r->workouts, &p);
	insights_journal_finish(&r->journal, &p);
	return rc;
}
