/*
 * Workouts toward goals: a workout linked to a goal whose unit it measures
 * (km, mi, min/minutes, kcal) counts toward it through an activity of its own,
 * marked with the workout's id (workoutId) and keyed at the workout's
 * occurredAt (the next free millisecond when that is taken, as W3 does). The
 * workout, its activity and the goal's progress change in one transaction on
 * create, edit and delete, so progress stays the sum of the goal's activities.
 */
#include "datastore/store.h"
#include "datastore/store_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

#define WORKOUT_RETRIES 10
/* How far past the workout's moment its activity may have been moved by taken keys. */
#define WORKOUT_COLLISIONS 1000

bool
store_workout_amount(const struct model_workout *w, const char *unit, long long *amount)
{
	static const char *const km[] = { "km", "kilometre", "kilometres", "kilometer", "kilometers", NULL };
	static const char *const mi[] = { "mi", "mile", "miles", NULL };
	static const char *const min[] = { "min", "mins", "minute", "minutes", NULL };
	static const char *const kcal[] = { "kcal", "calories", NULL };
	const struct model_num *n = NULL;
	bool miles = false;

	if (unit == NULL)
		return false;
	for (size_t i = 0; km[i] != NULL; i++)
		if (strcasecmp(unit, km[i]) == 0)
			n = &w->distance_km;
	for (size_t i = 0; mi[i] != NULL; i++)
		if (strcasecmp(unit, mi[i]) == 0) {
			n = &w->distance_km;
			miles = true;
		}
	for (size_t i = 0; min[i] != NULL; i++)
		if (strcasecmp(unit, min[i]) == 0)
			n = &w->minutes;
	for (size_t i = 0; kcal[i] != NULL; i++)
		if (strcasecmp(unit, kcal[i]) == 0)
			n = &w->calories;
	if (n == NULL || !n->set || n->v <= 0)
		return false;
	/* Thousandths of a km are metres; a mile is 1609.344 m exactly: round half up to thousandths of a mile. */
	*amount = miles ? (n->v * 1000000LL + 804672LL) / 1609344LL : n->v;
	return *amount > 0;
}

static void
set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

/* The activity a stored workout counts, found by its workoutId near its moment (AP7); *out NULL if none. */
static int
find_activity(struct table *t, const struct model_workout *w, struct model_activity **out, struct table_err *err)
{
	ms_t at;
	char *cursor = NULL;
	int rc = 0;

	*out = NULL;
	if (w->goal_id == NULL || w->occurred_at == NULL || timefmt_parse_key(w->occurred_at, &at) != 0)
		return 0;
	do {
		struct store_list l;
		struct store_page_req pg = { cursor, 100, NULL, NULL };
		rc = store_goal_activities_between(t, w->c.user_id, w->goal_id, at, at + WORKOUT_COLLISIONS, pg, &l, err);
		free(cursor);
		cursor = NULL;
		if (rc != 0)
			break;
		for (size_t i = 0; i < l.count && *out == NULL; i++) {
			struct model_activity *a = l.items[i].rec;
			if (l.items[i].type == MODEL_ACTIVITY && a->workout_id != NULL &&
			    strcmp(a->workout_id, w->workout_id) == 0) {
				*out = a;
				l.items[i].rec = NULL;
				l.items[i].type = MODEL_ACTIVITY;
			}
		}
		if (*out == NULL) {
			cursor = l.cursor;
			l.cursor = NULL;
		}
		store_list_done(&l);
	} while (cursor != NULL);
	free(cursor);
	return rc;
}

/* A new activity for w of amount at at_ms. */
static struct model_activity *
new_activity(const struct model_workout *w, long long amount, ms_t at_ms, const char *now)
{
	char at[TIMEFMT_LEN + 1];
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	timefmt_format(at_ms, at);
	a->c.user_id = xstrdup(w->c.user_id);
	a->c.created_at = xstrdup(now);
	a->c.updated_at = xstrdup(now);
	a->c.version = 1;
	a->goal_id = xstrdup(w->goal_id);
	a->amount.set = true;
	a->amount.v = amount;
	a->occurred_at = xstrdup(at);
	a->workout_id = xstrdup(w->workout_id);
	return a;
}

/* The writes of one attempt and what they hold, freed by plan_done. */
struct plan {
	struct table_write w[5];
	size_t n;
	json_t *own[5];          /* items and keys */
	size_t n_own;
	json_t *vals[2][5];
	struct store_upd upd[2];
	size_t n_goal;
	int put_index;           /* the new activity's put, or -1 */
};

static void
plan_done(struct plan *p)
{
	for (size_t i = 0; i < p->n_own; i++)
		json_decref(p->own[i]);
	for (size_t i = 0; i < p->n_goal; i++)
		store_vals_done(p->vals[i]);
	memset(p, 0, sizeof *p);
}

static json_t *
plan_own(struct plan *p, json_t *j)
{
	p->own[p->n_own++] = j;
	return j;
}

static void
plan_put(struct plan *p, json_t *item, enum table_cond_kind kind, long long version)
{
	struct table_write *w = &p->w[p->n++];
	w->kind = TABLE_WRITE_PUT;
	w->item = plan_own(p, item);
	w->cond.kind = kind;
	w->cond.version = version;
}

static void
plan_delete(struct plan *p, const char *user_id, const char *sk, long long version)
{
	char *pk = keys_user_pk(user_id);
	struct table_write *w = &p->w[p->n++];
	w->kind = TABLE_WRITE_DELETE;
	w->key = plan_own(p, table_key(pk, sk));
	w->cond.kind = TABLE_COND_VERSION;
	w->cond.version = version;
	free(pk);
}

static void
plan_goal(struct plan *p, struct model_goal *g, long long progress, const char *now)
{
	char *pk = keys_user_pk(g->c.user_id);
	char *sk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, g->goal_id);
	size_t k = p->n_goal++;
	struct table_write *w = &p->w[p->n++];
	w->kind = TABLE_WRITE_UPDATE;
	w->key = plan_own(p, table_key(pk, sk));
	store_goal_progress_update(g, progress, now, p->vals[k], &p->upd[k], &w->cond);
	w->update.actions = p->upd[k].acts;
	w->update.count = p->upd[k].n;
	free(pk);
	free(sk);
}

static int
plan_run(struct table *t, struct plan *p, const char *what, struct table_err *err)
{
	char token[ULID_LEN + 1];
	ulid_new(clock_real_ms(), token);
	store_explain_set(t, "W2", "TransactWriteItems", NULL, "%s: the workout, its activity and the goal's progress (%zu writes)",
	    what, p->n);
	return table_transact(t, p->w, p->n, token, err);
}

static int
get_goal(struct table *t, const char *user_id, const char *goal_id, struct model_goal **g, struct table_err *err)
{
	void *rec;
	*g = NULL;
	if (goal_id == NULL)
		return 0;
	if (store_get(t, MODEL_GOAL, user_id, goal_id, &rec, err) != 0)
		return -1;
	*g = rec;
	return 0;
}

static int
add_progress(long long a, long long b, long long *out, struct table_err *err)
{
	if (decimal_add(a, b, out) != 0)
		return table_err_set(err, TABLE_INVALID, "the workout would take the goal's progress out of range");
	if (*out < 0)
		*out = 0;
	return 0;
}

int
store_workout_create(struct table *t, struct model_workout *w, struct table_err *err)
{
	char now[TIMEFMT_LEN + 1], why[512];
	ms_t at_ms;
	int collisions = 0;

	if (w->goal_id == NULL || timefmt_parse_key(w->occurred_at, &at_ms) != 0)
		return 1;
	for (int attempt = 0; attempt < WORKOUT_RETRIES && collisions < WORKOUT_COLLISIONS;) {
		struct model_goal *g;
		long long amount, progress;
		if (get_goal(t, w->c.user_id, w->goal_id, &g, err) != 0)
			return -1;
		if (!store_workout_amount(w, g->unit, &amount)) {
			model_free(MODEL_GOAL, g);
			return 1;
		}
		if (add_progress(g->progress.v, amount, &progress, err) != 0) {
			model_free(MODEL_GOAL, g);
			return -1;
		}
		timefmt_format(clock_now_ms(), now);
		struct model_activity *a = new_activity(w, amount, at_ms, now);
		struct plan p;
		memset(&p, 0, sizeof p);
		int rc = model_validate(MODEL_ACTIVITY, a, why, sizeof why);
		if (rc == 0) {
			plan_put(&p, model_to_item(MODEL_WORKOUT, w), TABLE_COND_NOT_EXISTS, 0);
			plan_put(&p, model_to_item(MODEL_ACTIVITY, a), TABLE_COND_NOT_EXISTS, 0);
			plan_goal(&p, g, progress, now);
			rc = plan_run(t, &p, "create", err);
		} else {
			table_err_set(err, TABLE_INVALID, "%s", why);
		}
		plan_done(&p);
		model_free(MODEL_ACTIVITY, a);
		model_free(MODEL_GOAL, g);
		if (rc == 0)
			return 0;
		if (err->status != TABLE_TXN_CANCELED)
			return -1;
		if (err->index == 0)
			return table_err_set(err, TABLE_COND_FAILED, "workout '%s' already exists", w->workout_id);
		if (err->index == 1) {
			at_ms++;
			collisions++;
		} else {
			attempt++;
		}
	}
	return table_err_set(err, TABLE_COND_FAILED, "goal '%s' kept changing under us; gave up", w->goal_id);
}

int
store_workout_update(struct table *t, struct model_workout *w, struct table_err *err)
{
	char now[TIMEFMT_LEN + 1], why[512];
	long long expected = w->c.version - 1;
	int collisions = 0;

	for (int attempt = 0; attempt < WORKOUT_RETRIES && collisions < WORKOUT_COLLISIONS;) {
		void *rec;
		struct model_activity *old_act = NULL, *new_act = NULL;
		struct model_goal *g_old = NULL, *g_new = NULL;
		long long amount = 0;
		int rc = -1;
		if (store_get(t, MODEL_WORKOUT, w->c.user_id, w->workout_id, &rec, err) != 0)
			return -1;
		struct model_workout *old = rec;
		if (old->c.version != expected) {
			model_free(MODEL_WORKOUT, old);
			return table_err_set(err, TABLE_COND_FAILED, "version");
		}
		if (find_activity(t, old, &old_act, err) != 0 ||
		    get_goal(t, w->c.user_id, old_act != NULL ? old_act->goal_id : NULL, &g_old, err) != 0 ||
		    get_goal(t, w->c.user_id, w->goal_id, &g_new, err) != 0)
			goto next;
		bool counts = g_new != NULL && store_workout_amount(w, g_new->unit, &amount);
		if (old_act == NULL && !counts) {
			rc = 1;
			goto next;
		}
		timefmt_format(clock_now_ms(), now);
		ms_t at_ms;
		timefmt_parse_key(w->occurred_at, &at_ms);
		at_ms += collisions;
		bool same_goal = old_act != NULL && counts && strcmp(g_old->goal_id, g_new->goal_id) == 0;
		bool same_key = same_goal && strcmp(old->occurred_at, w->occurred_at) == 0;
		struct plan p;
		memset(&p, 0, sizeof p);
		p.put_index = -1;
		plan_put(&p, model_to_item(MODEL_WORKOUT, w), TABLE_COND_VERSION, expected);
		if (counts) {
			new_act = new_activity(w, amount, at_ms, now);
			if (same_key) {
				/* The same key: the activity is replaced, not deleted and put again. */
				set_str(&new_act->occurred_at, old_act->occurred_at);
				set_str(&new_act->c.created_at, old_act->c.created_at);
				new_act->c.version = old_act->c.version + 1;
			}
			if (model_validate(MODEL_ACTIVITY, new_act, why, sizeof why) != 0) {
				table_err_set(err, TABLE_INVALID, "%s", why);
				plan_done(&p);
				goto next;
			}
		}
		if (old_act != NULL && !same_key) {
			char *sk = keys_activity_sk(old_act->goal_id, old_act->occurred_at);
			plan_delete(&p, w->c.user_id, sk, old_act->c.version);
			free(sk);
		}
		if (new_act != NULL) {
			p.put_index = (int)p.n;
			plan_put(&p, model_to_item(MODEL_ACTIVITY, new_act), same_key ? TABLE_COND_VERSION : TABLE_COND_NOT_EXISTS,
			    same_key ? old_act->c.version : 0);
		}
		long long progress;
		if (same_goal) {
			if (add_progress(g_new->progress.v, amount - old_act->amount.v, &progress, err) != 0) {
				plan_done(&p);
				goto next;
			}
			plan_goal(&p, g_new, progress, now);
		} else {
			if (old_act != NULL) {
				if (add_progress(g_old->progress.v, -old_act->amount.v, &progress, err) != 0) {
					plan_done(&p);
					goto next;
				}
				plan_goal(&p, g_old, progress, now);
			}
			if (new_act != NULL) {
				if (add_progress(g_new->progress.v, amount, &progress, err) != 0) {
					plan_done(&p);
					goto next;
				}
				plan_goal(&p, g_new, progress, now);
			}
		}
		rc = plan_run(t, &p, "edit", err);
		int put_index = p.put_index;
		plan_done(&p);
		if (rc != 0 && err->status == TABLE_TXN_CANCELED) {
			if (err->index == 0) {
				rc = table_err_set(err, TABLE_COND_FAILED, "version");
			} else {
				if (err->index == put_index && !same_key)
					collisions++;
				else
					attempt++;
				rc = 2;
			}
		}
next:
		model_free(MODEL_WORKOUT, old);
		model_free(MODEL_ACTIVITY, old_act);
		model_free(MODEL_ACTIVITY, new_act);
		model_free(MODEL_GOAL, g_old);
		model_free(MODEL_GOAL, g_new);
		if (rc != 2)
			return rc;
	}
	return table_err_set(err, TABLE_COND_FAILED, "the workout's goal kept changing under us; gave up");
}

int
store_workout_delete(struct table *t, const char *user_id, const char *id, struct table_err *err)
{
	char now[TIMEFMT_LEN + 1];

	for (int attempt = 0; attempt < WORKOUT_RETRIES; attempt++) {
		void *rec;
		struct model_activity *a = NULL;
		struct model_goal *g = NULL;
		long long progress;
		int rc = -1;
		if (store_get(t, MODEL_WORKOUT, user_id, id, &rec, err) != 0)
			return err->status == TABLE_NOT_FOUND ? 1 : -1;
		struct model_workout *w = rec;
		if (find_activity(t, w, &a, err) != 0)
			goto next;
		if (a == NULL) {
			rc = 1;
			goto next;
		}
		if (get_goal(t, user_id, a->goal_id, &g, err) != 0 ||
		    add_progress(g->progress.v, -a->amount.v, &progress, err) != 0)
			goto next;
		timefmt_format(clock_now_ms(), now);
		struct plan p;
		memset(&p, 0, sizeof p);
		char *wsk = keys_entity_sk(model_entity(MODEL_WORKOUT)->type_name, id);
		char *ask = keys_activity_sk(a->goal_id, a->occurred_at);
		plan_delete(&p, user_id, wsk, w->c.version);
		plan_delete(&p, user_id, ask, a->c.version);
		plan_goal(&p, g, progress, now);
		free(wsk);
		free(ask);
		rc = plan_run(t, &p, "delete", err);
		plan_done(&p);
		if (rc != 0 && err->status == TABLE_TXN_CANCELED)
			rc = 2;
next:
		model_free(MODEL_WORKOUT, w);
		model_free(MODEL_ACTIVITY, a);
		model_free(MODEL_GOAL, g);
		if (rc != 2)
			return rc;
	}
	return table_err_set(err, TABLE_COND_FAILED, "workout '%s' or its goal kept changing under us; gave up", id);
}
