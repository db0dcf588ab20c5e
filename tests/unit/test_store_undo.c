/*
 * Tests of datastore/store_undo: a change recorded through the recording
 * table (before and after of each item it touched) and undone in one
 * transaction on the embedded store: a log with the goal's progress, a
 * delete, an edit; a change made since is refused and nothing is written;
 * an older change rebased on a newer undo can still be undone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "datastore/local/local.h"
#include "datastore/store.h"
#include "datastore/store_undo.h"

#define TNAME "undo-test"

static struct table *
open_mem(void)
{
	struct table_err err;
	struct table *t = local_open(":memory:", TNAME, &err);
	bool created = false;
	if (t == NULL)
		fail_msg("open: %s", err.message);
	assert_int_equal(table_create(t, &created, &err), 0);
	return t;
}

static void
set(enum model_type type, void *rec, const char *attr, const char *text)
{
	char why[256];
	const struct model_field *f = model_field_by_attr(model_entity(type), attr);
	assert_non_null(f);
	if (model_set_text(type, rec, f, text, why, sizeof why) != 0)
		fail_msg("%s = %s: %s", attr, text, why);
}

static void
must(int rc, const struct table_err *err)
{
	if (rc != 0)
		fail_msg("%s", err->message);
}

/* A user "u1" with a goal "g1" (target 10). */
static void
seed(struct table *t)
{
	struct table_err err;
	struct model_user *u = model_new(MODEL_USER);
	u->c.user_id = strdup("u1");
	set(MODEL_USER, u, "name", "Una");
	set(MODEL_USER, u, "timezone", "UTC");
	set(MODEL_USER, u, "units", "metric");
	must(store_create(t, MODEL_USER, u, &err), &err);
	model_free(MODEL_USER, u);
	struct model_goal *g = model_new(MODEL_GOAL);
	g->c.user_id = strdup("u1");
	g->goal_id = strdup("g1");
	set(MODEL_GOAL, g, "title", "Read");
	set(MODEL_GOAL, g, "target", "10");
	set(MODEL_GOAL, g, "unit", "books");
	must(store_create(t, MODEL_GOAL, g, &err), &err);
	model_free(MODEL_GOAL, g);
}

static struct model_goal *
goal(struct table *t)
{
	struct table_err err;
	void *rec = NULL;
	must(store_get(t, MODEL_GOAL, "u1", "g1", &rec, &err), &err);
	return rec;
}

/* Logs amount to g1 at 'at', recorded into u. */
static void
log_recorded(struct table *t, const char *amount, const char *at, struct store_undo *u)
{
	struct table_err err;
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	a->c.user_id = strdup("u1");
	a->goal_id = strdup("g1");
	set(MODEL_ACTIVITY, a, "amount", amount);
	set(MODEL_ACTIVITY, a, "occurredAt", at);
	struct table *rec = store_undo_record(t, u);
	must(store_activity_log(rec, a, NULL, &err), &err);
	must(store_undo_finish(rec, &err), &err);
	model_free(MODEL_ACTIVITY, a);
}

static size_t
activities(struct table *t)
{
	struct table_err err;
	struct store_list l;
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	must(store_goal_activities(t, "u1", "g1", pg, &l, &err), &err);
	size_t n = l.count;
	store_list_done(&l);
	return n;
}

static void
test_undo_log(void **state)
{
	struct table *t = open_mem();
	struct table_err err;
	struct store_undo u;
	char why[256];
	seed(t);
	memset(&u, 0, sizeof u);
	log_recorded(t, "3", "2026-11-26T10:00:00.000Z", &u);
	/* The activity (new) and the goal (progress 0 -> 3). */
	assert_int_equal(u.n, 2);
	assert_true(store_undo_possible(&u, why, sizeof why));
	struct model_goal *g = goal(t);
	assert_int_equal(g->progress.v, 3000);
	long long v = g->c.version;
	model_free(MODEL_GOAL, g);
	must(store_undo_apply(t, &u, &err), &err);
	g = goal(t);
	assert_int_equal(g->progress.v, 0);
	assert_true(g->c.version > v);
	model_free(MODEL_GOAL, g);
	assert_int_equal(activities(t), 0);
	store_undo_done(&u);
	table_close(t);
}

static void
test_undo_delete_and_race(void **state)
{
	struct table *t = open_mem();
	struct table_err err;
	struct store_undo u;
	seed(t);
	struct model_meal *m = model_new(MODEL_MEAL);
	m->c.user_id = strdup("u1");
	m->meal_id = strdup("m1");
	set(MODEL_MEAL, m, "name", "Pasta");
	set(MODEL_MEAL, m, "calories", "800");
	set(MODEL_MEAL, m, "mealType", "dinner");
	set(MODEL_MEAL, m, "occurredAt", "2026-11-26T11:00:00.000Z");
	must(store_create(t, MODEL_MEAL, m, &err), &err);
	model_free(MODEL_MEAL, m);

	/* A delete, undone: the meal back with its fields. */
	memset(&u, 0, sizeof u);
	struct table *rec = store_undo_record(t, &u);
	must(store_delete(rec, MODEL_MEAL, "u1", "m1", &err), &err);
	must(store_undo_finish(rec, &err), &err);
	assert_int_equal(u.n, 1);
	assert_null(u.after[0]);
	must(store_undo_apply(t, &u, &err), &err);
	void *back = NULL;
	must(store_get(t, MODEL_MEAL, "u1", "m1", &back, &err), &err);
	assert_string_equal(((struct model_meal *)back)->name, "Pasta");
	assert_int_equal(((struct model_meal *)back)->calories.v, 800000);
	store_undo_done(&u);

	/* An edit, then a change made elsewhere: the undo is refused and writes nothing. */
	memset(&u, 0, sizeof u);
	set(MODEL_MEAL, back, "calories", "999");
	rec = store_undo_record(t, &u);
	must(store_update(rec, MODEL_MEAL, back, &err), &err);
	must(store_undo_finish(rec, &err), &err);
	set(MODEL_MEAL, back, "calories", "123");
	must(store_update(t, MODEL_MEAL, back, &err), &err);
	model_free(MODEL_MEAL, back);
	assert_int_not_equal(store_undo_apply(t, &u, &err), 0);
	assert_true(err.status == TABLE_COND_FAILED ||
	    (err.status == TABLE_TXN_CANCELED && err.reason == TABLE_COND_FAILED));
	back = NULL;
	must(store_get(t, MODEL_MEAL, "u1", "m1", &back, &err), &err);
	assert_int_equal(((struct model_meal *)back)->calories.v, 123000);
	model_free(MODEL_MEAL, back);
	store_undo_done(&u);
	table_close(t);
}

/* Two logs; the second undone, the first rebased on that undo and undone too: progress back to 0. */
static void
test_undo_walks_back(void **state)
{
	struct table *t = open_mem();
	struct table_err err;
	struct store_undo first, second;
	seed(t);
	memset(&first, 0, sizeof first);
	memset(&second, 0, sizeof second);
	log_recorded(t, "2", "2026-11-26T09:00:00.000Z", &first);
	log_recorded(t, "5", "2026-11-26T10:00:00.000Z", &second);
	must(store_undo_apply(t, &second, &err), &err);
	/* Without the rebase the goal's version no longer matches what the first log left. */
	assert_int_not_equal(store_undo_apply(t, &first, &err), 0);
	store_undo_rebase(&first, &second);
	must(store_undo_apply(t, &first, &err), &err);
	struct model_goal *g = goal(t);
	assert_int_equal(g->progress.v, 0);
	model_free(MODEL_GOAL, g);
	assert_int_equal(activities(t), 0);
	store_undo_done(&first);
	store_undo_done(&second);
	table_close(t);
}

/* A workout counted toward a goal (W8): its delete takes the activity and the progress; undo brings all three back. */
static void
test_undo_linked_workout(void **state)
{
	struct table *t = open_mem();
	struct table_err err;
	struct store_undo u;
	seed(t);
	struct model_goal *g = goal(t);
	set(MODEL_GOAL, g, "unit", "km");
	must(store_update(t, MODEL_GOAL, g, &err), &err);
	model_free(MODEL_GOAL, g);
	struct model_workout *w = model_new(MODEL_WORKOUT);
	w->c.user_id = strdup("u1");
	w->workout_id = strdup("w1");
	set(MODEL_WORKOUT, w, "kind", "run");
	set(MODEL_WORKOUT, w, "minutes", "30");
	set(MODEL_WORKOUT, w, "distanceKm", "5");
	set(MODEL_WORKOUT, w, "goalId", "g1");
	set(MODEL_WORKOUT, w, "occurredAt", "2026-11-26T08:00:00.000Z");
	must(store_create(t, MODEL_WORKOUT, w, &err), &err);
	model_free(MODEL_WORKOUT, w);
	g = goal(t);
	assert_int_equal(g->progress.v, 5000);
	model_free(MODEL_GOAL, g);
	assert_int_equal(activities(t), 1);
	memset(&u, 0, sizeof u);
	struct table *rec = store_undo_record(t, &u);
	must(store_delete(rec, MODEL_WORKOUT, "u1", "w1", &err), &err);
	must(store_undo_finish(rec, &err), &err);
	g = goal(t);
	assert_int_equal(g->progress.v, 0);
	model_free(MODEL_GOAL, g);
	assert_int_equal(activities(t), 0);
	/* The workout, its activity and the goal: one transaction back. */
	assert_int_equal(u.n, 3);
	must(store_undo_apply(t, &u, &err), &err);
	g = goal(t);
	assert_int_equal(g->progress.v, 5000);
	model_free(MODEL_GOAL, g);
	assert_int_equal(activities(t), 1);
	void *back = NULL;
	must(store_get(t, MODEL_WORKOUT, "u1", "w1", &back, &err), &err);
	assert_string_equal(((struct model_workout *)back)->goal_id, "g1");
	model_free(MODEL_WORKOUT, back);
	store_undo_done(&u);
	table_close(t);
}

/*
 * What the write tells is not read again: a create had nothing before and
 * leaves its item, an update returns the new item, a delete the old one;
 * only the item before an update and what a transaction updated are read.
 * A create that finds its key taken changed nothing: the other's record is
 * never deleted by the undo.
 */
static void
test_reads_only_what_the_write_does_not_tell(void **state)
{
	struct table *t = open_mem();
	struct table_err err;
	struct store_undo u;
	char why[256];
	seed(t);
	struct model_meal *m = model_new(MODEL_MEAL);
	m->c.user_id = strdup("u1");
	m->meal_id = strdup("m1");
	set(MODEL_MEAL, m, "name", "Soup");
	set(MODEL_MEAL, m, "calories", "300");
	set(MODEL_MEAL, m, "mealType", "lunch");
	set(MODEL_MEAL, m, "occurredAt", "2026-11-26T11:00:00.000Z");

	/* A create: no read at all; its undo deletes it. */
	memset(&u, 0, sizeof u);
	struct table *rec = store_undo_record(t, &u);
	must(store_create(rec, MODEL_MEAL, m, &err), &err);
	must(store_undo_finish(rec, &err), &err);
	assert_int_equal(u.n, 1);
	assert_int_equal(u.reads, 0);
	assert_null(u.before[0]);
	assert_non_null(u.after[0]);
	assert_true(store_undo_possible(&u, why, sizeof why));
	must(store_undo_apply(t, &u, &err), &err);
	void *back = NULL;
	assert_int_not_equal(store_get(t, MODEL_MEAL, "u1", "m1", &back, &err), 0);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	store_undo_done(&u);

	/* Created again (outside the recording); a create of the same key fails and changes nothing. */
	must(store_create(t, MODEL_MEAL, m, &err), &err);
	memset(&u, 0, sizeof u);
	rec = store_undo_record(t, &u);
	json_t *item = model_to_item(MODEL_MEAL, m);
	struct table_cond none = { .kind = TABLE_COND_NOT_EXISTS };
	assert_int_not_equal(table_put(rec, item, &none, &err), 0);
	json_decref(item);
	store_undo_finish(rec, &err);
	assert_int_equal(u.n, 1);
	assert_non_null(u.before[0]);
	assert_false(store_undo_possible(&u, why, sizeof why));
	assert_non_null(strstr(why, "changed nothing"));
	store_undo_done(&u);
	back = NULL;
	must(store_get(t, MODEL_MEAL, "u1", "m1", &back, &err), &err);

	/* An edit: the item before is read, the one after comes with the update. */
	memset(&u, 0, sizeof u);
	set(MODEL_MEAL, back, "calories", "350");
	rec = store_undo_record(t, &u);
	must(store_update(rec, MODEL_MEAL, back, &err), &err);
	must(store_undo_finish(rec, &err), &err);
	assert_int_equal(u.reads, 1);
	must(store_undo_apply(t, &u, &err), &err);
	model_free(MODEL_MEAL, back);
	back = NULL;
	must(store_get(t, MODEL_MEAL, "u1", "m1", &back, &err), &err);
	assert_int_equal(((struct model_meal *)back)->calories.v, 300000);
	model_free(MODEL_MEAL, back);
	store_undo_done(&u);

	/* A delete: the item before comes with it; its undo brings the meal back. */
	memset(&u, 0, sizeof u);
	rec = store_undo_record(t, &u);
	must(store_delete(rec, MODEL_MEAL, "u1", "m1", &err), &err);
	must(store_undo_finish(rec, &err), &err);
	assert_int_equal(u.reads, 0);
	assert_non_null(u.before[0]);
	must(store_undo_apply(t, &u, &err), &err);
	back = NULL;
	must(store_get(t, MODEL_MEAL, "u1", "m1", &back, &err), &err);
	assert_string_equal(((struct model_meal *)back)->name, "Soup");
	model_free(MODEL_MEAL, back);
	store_undo_done(&u);

	/* A log (the activity put, the goal updated, one transaction): the goal before and after. */
	memset(&u, 0, sizeof u);
	log_recorded(t, "4", "2026-11-26T10:00:00.000Z", &u);
	assert_int_equal(u.n, 2);
	assert_int_equal(u.reads, 2);
	must(store_undo_apply(t, &u, &err), &err);
	struct model_goal *g = goal(t);
	assert_int_equal(g->progress.v, 0);
	model_free(MODEL_GOAL, g);
	assert_int_equal(activities(t), 0);
	store_undo_done(&u);
	model_free(MODEL_MEAL, m);
	table_close(t);
}

/* More items than one transaction holds: no longer read, and not undoable, saying why. */
static void
test_too_many(void **state)
{
	struct table *t = open_mem();
	struct table_err err;
	struct store_undo u;
	char why[256];
	seed(t);
	memset(&u, 0, sizeof u);
	struct table *rec = store_undo_record(t, &u);
	for (int i = 0; i < TABLE_TRANSACT_MAX + 5; i++) {
		struct model_meal *m = model_new(MODEL_MEAL);
		m->c.user_id = strdup("u1");
		set(MODEL_MEAL, m, "name", "Snack");
		set(MODEL_MEAL, m, "calories", "10");
		set(MODEL_MEAL, m, "mealType", "snack");
		set(MODEL_MEAL, m, "occurredAt", "2026-11-26T11:00:00.000Z");
		must(store_create(rec, MODEL_MEAL, m, &err), &err);
		model_free(MODEL_MEAL, m);
	}
	must(store_undo_finish(rec, &err), &err);
	assert_true(u.too_many);
	assert_int_equal(u.n, TABLE_TRANSACT_MAX);
	assert_false(store_undo_possible(&u, why, sizeof why));
	assert_non_null(strstr(why, "one transaction"));
	assert_int_not_equal(store_undo_apply(t, &u, &err), 0);
	store_undo_done(&u);
	table_close(t);
}

static void
test_nothing_to_undo(void **state)
{
	struct store_undo u;
	char why[256];
	struct table_err err;
	memset(&u, 0, sizeof u);
	assert_false(store_undo_possible(&u, why, sizeof why));
	assert_non_null(strstr(why, "nothing"));
	struct table *t = open_mem();
	assert_int_not_equal(store_undo_apply(t, &u, &err), 0);
	assert_int_equal(err.status, TABLE_INVALID);
	table_close(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_undo_log),
		cmocka_unit_test(test_undo_delete_and_race),
		cmocka_unit_test(test_undo_walks_back),
		cmocka_unit_test(test_undo_linked_workout),
		cmocka_unit_test(test_reads_only_what_the_write_does_not_tell),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_nothing_to_undo),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
