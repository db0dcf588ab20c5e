/*
 * Tests of views/forms_write: a form's logical write keeps its identity from
 * one C-s to the next. Each kind (goal, meal, journal, workout with and
 * without a goal, activity log, a meal and a workout edit, a profile) is sent,
 * taken as failed with its outcome unknown (it was applied), built again from
 * the same fields and sent again: done, stored once, the goal's progress ==
 * the sum of its activities, an edit at version 2. A fresh identity (what
 * the form did before) makes a second record: the test would see it.
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
#include "datastore/timefmt.h"
#include "views/forms_int.h"
#include "views/forms_write.h"

static struct table *
open_mem(void)
{
	struct table_err err;
	struct table *t = local_open(":memory:", "forms-write-test", &err);
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
	set(MODEL_GOAL, g, "title", "Run");
	set(MODEL_GOAL, g, "target", "100");
	set(MODEL_GOAL, g, "unit", "min");
	must(store_create(t, MODEL_GOAL, g, &err), &err);
	model_free(MODEL_GOAL, g);
}

/* How many items of the type (its type attribute) the user has. */
static size_t
count(struct table *t, const char *type_name)
{
	struct table_err err;
	struct table_page p;
	struct store_page_req pg = { NULL, 1000, NULL, NULL };
	must(store_user_items(t, "u1", pg, &p, &err), &err);
	size_t n = 0;
	for (size_t i = 0; i < p.count; i++) {
		const char *ty = json_string_value(json_object_get(json_object_get(p.items[i], "type"), "S"));
		if (ty != NULL && strcmp(ty, type_name) == 0)
			n++;
	}
	table_page_done(&p);
	return n;
}

static void
progress_is_sum(struct table *t, long long want)
{
	struct table_err err;
	void *rec = NULL;
	long long sum = 0;
	size_t n = 0;
	must(store_get(t, MODEL_GOAL, "u1", "g1", &rec, &err), &err);
	must(store_goal_activity_sum(t, "u1", "g1", NULL, NULL, &sum, &n, &err), &err);
	struct model_goal *g = rec;
	assert_int_equal(g->progress.v, sum);
	assert_int_equal(sum, want);
	model_free(MODEL_GOAL, g);
}

/* What the form builds from its fields at each C-s: a new record, no id, no times. */
typedef void *(*build_fn)(const void *orig);

static void *
b_goal(const void *orig)
{
	struct model_goal *g = model_new(MODEL_GOAL);
	g->c.user_id = strdup("u1");
	set(MODEL_GOAL, g, "title", "Swim");
	set(MODEL_GOAL, g, "target", "10");
	set(MODEL_GOAL, g, "unit", "km");
	return g;
}

static void *
b_meal(const void *orig)
{
	struct model_meal *m = orig != NULL ? model_copy(MODEL_MEAL, orig) : model_new(MODEL_MEAL);
	if (orig == NULL)
		m->c.user_id = strdup("u1");
	set(MODEL_MEAL, m, "name", "Soup");
	set(MODEL_MEAL, m, "calories", orig != NULL ? "400" : "300");
	set(MODEL_MEAL, m, "mealType", "lunch");
	set(MODEL_MEAL, m, "occurredAt", "2026-11-26T12:00:00.000Z");
	return m;
}

static void *
b_journal(const void *orig)
{
	struct model_journal *j = model_new(MODEL_JOURNAL);
	j->c.user_id = strdup("u1");
	set(MODEL_JOURNAL, j, "body", "a day");
	set(MODEL_JOURNAL, j, "occurredAt", "2026-11-26T12:00:00.000Z");
	return j;
}

static void *
workout(const void *orig, bool with_goal)
{
	struct model_workout *w = orig != NULL ? model_copy(MODEL_WORKOUT, orig) : model_new(MODEL_WORKOUT);
	if (orig == NULL)
		w->c.user_id = strdup("u1");
	set(MODEL_WORKOUT, w, "kind", "run");
	set(MODEL_WORKOUT, w, "minutes", orig != NULL ? "40" : "30");
	set(MODEL_WORKOUT, w, "occurredAt", "2026-11-26T07:00:00.000Z");
	if (orig == NULL)
		set(MODEL_WORKOUT, w, "calories", "200");
	if (with_goal)
		set(MODEL_WORKOUT, w, "goalId", "g1");
	return w;
}

static void *b_workout(const void *orig) { return workout(orig, true); }
static void *b_workout_alone(const void *orig) { return workout(orig, false); }

static void *
b_log(const void *orig)
{
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	a->c.user_id = strdup("u1");
	a->goal_id = strdup("g1");
	set(MODEL_ACTIVITY, a, "amount", "7");
	return a;
}

static struct save_job *
job(enum model_type type, void *rec, bool create)
{
	struct save_job *s = calloc(1, sizeof *s);
	s->type = type;
	s->rec = rec;
	s->create = create;
	return s;
}

/*
 * One C-s (the form w, fields built by b from orig): a log's "now" resolved
 * the first time, kept after; sent; then, when lost, taken as failed (the
 * answer lost after it was applied) so that the next C-s retries.
 */
static int
save(struct table *t, struct form_write *w, enum model_type type, build_fn b, const void *orig, bool lost)
{
	struct table_err err;
	static long long tick;
	/* Each C-s a second later: a time decided again would differ. */
	clock_set_fixed(1764158400000LL + ++tick * 1000);
	void *rec = b(orig);
	if (type == MODEL_ACTIVITY) {
		const char *kept = form_write_when(w, "now");
		set(MODEL_ACTIVITY, rec, "occurredAt", kept != NULL ? kept : "2026-11-26T12:00:00.000Z");
		/* A later "now" would be another millisecond: only the kept one lands on the same key. */
		if (kept == NULL && w->sent != NULL)
			fail_msg("the time of the log was not kept");
	}
	struct save_job *s = job(type, rec, orig == NULL);
	form_write_apply(w, s);
	table_err_clear(&err);
	int rc = form_write_send(t, s, &err);
	if (rc != 0)
		fail_msg("send: %s", err.message);
	if (lost)
		form_write_failed(w, s, "now");
	else
		form_write_done(w);
	view_forms_save_free(s);
	return rc;
}

static void
twice(enum model_type type, build_fn b, const char *type_name, size_t want)
{
	struct table *t = open_mem();
	seed(t);
	struct form_write w;
	memset(&w, 0, sizeof w);
	save(t, &w, type, b, NULL, true);
	assert_non_null(w.sent);
	save(t, &w, type, b, NULL, true);     /* lost again */
	save(t, &w, type, b, NULL, false);
	assert_null(w.sent);
	assert_int_equal(count(t, type_name), want);
	form_write_done(&w);
	table_close(t);
}

static void test_goal_once(void **st) { (void)st; twice(MODEL_GOAL, b_goal, "GOAL", 2); }
static void test_meal_once(void **st) { (void)st; twice(MODEL_MEAL, b_meal, "MEAL", 1); }
static void test_journal_once(void **st) { (void)st; twice(MODEL_JOURNAL, b_journal, "JOURNAL", 1); }

static void
test_workout_once(void **st)
{
	(void)st;
	twice(MODEL_WORKOUT, b_workout_alone, "WORKOUT", 1);
	struct table *t = open_mem();
	seed(t);
	struct form_write w;
	memset(&w, 0, sizeof w);
	save(t, &w, MODEL_WORKOUT, b_workout, NULL, true);
	save(t, &w, MODEL_WORKOUT, b_workout, NULL, false);
	assert_int_equal(count(t, "WORKOUT"), 1);
	assert_int_equal(count(t, "ACTIVITY"), 1);
	progress_is_sum(t, 30000);      /* 30 minutes (decimal * 1000) */
	table_close(t);
}

static void
test_log_once(void **st)
{
	(void)st;
	struct table *t = open_mem();
	seed(t);
	struct form_write w;
	memset(&w, 0, sizeof w);
	save(t, &w, MODEL_ACTIVITY, b_log, NULL, true);
	assert_non_null(form_write_when(&w, "now"));
	assert_null(form_write_when(&w, "yesterday 10:00"));
	save(t, &w, MODEL_ACTIVITY, b_log, NULL, true);
	save(t, &w, MODEL_ACTIVITY, b_log, NULL, false);
	assert_int_equal(count(t, "ACTIVITY"), 1);
	progress_is_sum(t, 7000);
	/* Without the identity kept (each C-s a new write, as before), the log is doubled. */
	struct form_write fresh1, fresh2;
	memset(&fresh1, 0, sizeof fresh1);
	memset(&fresh2, 0, sizeof fresh2);
	save(t, &fresh1, MODEL_ACTIVITY, b_log, NULL, false);
	save(t, &fresh2, MODEL_ACTIVITY, b_log, NULL, false);
	assert_int_equal(count(t, "ACTIVITY"), 3);
	progress_is_sum(t, 21000);
	table_close(t);
}

static void *
b_goal_more(const void *orig)
{
	struct model_goal *g = b_goal(orig);
	set(MODEL_GOAL, g, "title", "Swim more");
	return g;
}

/* A create lost, its fields changed, saved again: one record, with the new contents. */
static void
test_create_changed(void **st)
{
	(void)st;
	struct table *t = open_mem();
	seed(t);
	struct form_write w;
	struct table_err err;
	memset(&w, 0, sizeof w);
	save(t, &w, MODEL_GOAL, b_goal, NULL, true);
	char *id = strdup(((struct model_goal *)w.sent)->goal_id);
	save(t, &w, MODEL_GOAL, b_goal_more, NULL, false);
	assert_int_equal(count(t, "GOAL"), 2);
	void *rec = NULL;
	must(store_get(t, MODEL_GOAL, "u1", id, &rec, &err), &err);
	assert_string_equal(((struct model_goal *)rec)->title, "Swim more");
	assert_int_equal(((struct model_goal *)rec)->c.version, 2);
	model_free(MODEL_GOAL, rec);
	free(id);
	table_close(t);
}

/* An edit sent, lost, sent again: done, at version 2 (the version expected kept). */
static void
edit_twice(enum model_type type, build_fn b, const char *id, build_fn make)
{
	struct table *t = open_mem();
	seed(t);
	struct form_write w;
	struct table_err err;
	memset(&w, 0, sizeof w);
	void *rec = make(NULL);
	char **idp = (char **)(void *)((char *)rec + model_entity(type)->id_offset);
	*idp = strdup(id);
	must(store_create(t, type, rec, &err), &err);
	save(t, &w, type, b, rec, true);
	save(t, &w, type, b, rec, true);
	save(t, &w, type, b, rec, false);
	void *now = NULL;
	must(store_get(t, type, "u1", id, &now, &err), &err);
	assert_int_equal(((struct model_common *)now)->version, 2);
	/* The same edit once more, from the record as first read: the version moved on. */
	void *again = b(rec);
	set(type, again, "calories", "500");
	struct save_job *s = job(type, again, false);
	table_err_clear(&err);
	assert_int_not_equal(form_write_send(t, s, &err), 0);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	view_forms_save_free(s);
	model_free(type, now);
	model_free(type, rec);
	table_close(t);
}

static void test_meal_edit_once(void **st) { (void)st; edit_twice(MODEL_MEAL, b_meal, "m1", b_meal); }

static void
test_workout_edit_once(void **st)
{
	(void)st;
	edit_twice(MODEL_WORKOUT, b_workout, "w1", b_workout);
}

static void *
b_log_more(const void *orig)
{
	struct model_activity *a = b_log(orig);
	set(MODEL_ACTIVITY, a, "amount", "9");
	set(MODEL_ACTIVITY, a, "note", "more");
	return a;
}

/* The activity of g1 (there is one), its amount. */
static long long
the_amount(struct table *t, const char *at)
{
	struct table_err err;
	struct store_list l;
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	must(store_goal_activities(t, "u1", "g1", pg, &l, &err), &err);
	assert_int_equal(l.count, 1);
	const struct model_activity *a = l.items[0].rec;
	long long v = a->amount.v;
	if (at != NULL)
		assert_string_equal(a->occurred_at, at);
	store_list_done(&l);
	return v;
}

/* A log lost (applied), its amount and note changed, saved again: that log edited, not a second one. */
static void
test_log_changed(void **st)
{
	(void)st;
	struct table *t = open_mem();
	seed(t);
	struct form_write w;
	memset(&w, 0, sizeof w);
	save(t, &w, MODEL_ACTIVITY, b_log, NULL, true);
	save(t, &w, MODEL_ACTIVITY, b_log_more, NULL, false);
	assert_int_equal(count(t, "ACTIVITY"), 1);
	assert_int_equal(the_amount(t, NULL), 9000);
	progress_is_sum(t, 9000);
	table_close(t);

	/* Its time changed too (the When field): moved, still one. */
	t = open_mem();
	seed(t);
	memset(&w, 0, sizeof w);
	save(t, &w, MODEL_ACTIVITY, b_log, NULL, true);
	struct table_err err;
	struct model_activity *a = b_log_more(NULL);
	set(MODEL_ACTIVITY, a, "occurredAt", "2026-11-25T10:00:00.000Z");
	struct save_job *s = job(MODEL_ACTIVITY, a, true);
	form_write_apply(&w, s);
	assert_true(s->retry);
	table_err_clear(&err);
	must(form_write_send(t, s, &err), &err);
	view_forms_save_free(s);
	form_write_done(&w);
	assert_int_equal(count(t, "ACTIVITY"), 1);
	assert_int_equal(the_amount(t, "2026-11-25T10:00:00.000Z"), 9000);
	progress_is_sum(t, 9000);
	table_close(t);

	/* Not applied the first time (lost before it was sent): the changed log is logged, once. */
	t = open_mem();
	seed(t);
	memset(&w, 0, sizeof w);
	w.type = MODEL_ACTIVITY;
	w.sent = b_log(NULL);
	set(MODEL_ACTIVITY, w.sent, "occurredAt", "2026-11-26T12:00:00.000Z");
	((struct model_activity *)w.sent)->c.created_at = strdup("2026-11-26T12:00:00.000Z");
	w.when_text = strdup("now");
	save(t, &w, MODEL_ACTIVITY, b_log_more, NULL, false);
	assert_int_equal(count(t, "ACTIVITY"), 1);
	assert_int_equal(the_amount(t, NULL), 9000);
	progress_is_sum(t, 9000);
	table_close(t);
}

/* An activity's edit that moved it, applied, its answer lost, retried: found at its new time, done. */
static void
test_activity_edit_moved(void **st)
{
	(void)st;
	struct table *t = open_mem();
	struct table_err err;
	seed(t);
	struct model_activity *a = b_log(NULL);
	set(MODEL_ACTIVITY, a, "occurredAt", "2026-11-26T08:00:00.000Z");
	must(store_activity_log(t, a, NULL, &err), &err);
	struct save_job *s = job(MODEL_ACTIVITY, model_copy(MODEL_ACTIVITY, a), false);
	s->old = model_copy(MODEL_ACTIVITY, a);
	s->ch.amount_set = true;
	s->ch.amount = 9000;
	s->ch.at_set = true;
	assert_int_equal(timefmt_parse_key("2026-11-26T09:00:00.000Z", &s->ch.at), 0);
	struct model_activity *now = NULL;
	struct model_goal *g = NULL;
	/* Nothing applied yet: not found at the new time, not taken as done. */
	s->retry = true;
	assert_int_not_equal(form_write_moved(t, s, &err), 0);
	must(store_activity_edit(t, s->old, &s->ch, &now, &g, &err), &err);
	model_free(MODEL_ACTIVITY, now);
	model_free(MODEL_GOAL, g);
	/* The retry: the old time is gone. */
	table_err_clear(&err);
	assert_int_not_equal(store_activity_edit(t, s->old, &s->ch, &now, &g, &err), 0);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(form_write_moved(t, s, &err), 0);
	assert_string_equal(((struct model_activity *)s->rec)->occurred_at, "2026-11-26T09:00:00.000Z");
	assert_non_null(s->goal);
	assert_int_equal(s->goal->progress.v, 9000);
	assert_int_equal(count(t, "ACTIVITY"), 1);
	progress_is_sum(t, 9000);
	view_forms_save_free(s);
	model_free(MODEL_ACTIVITY, a);
	table_close(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goal_once),
		cmocka_unit_test(test_meal_once),
		cmocka_unit_test(test_journal_once),
		cmocka_unit_test(test_workout_once),
		cmocka_unit_test(test_log_once),
		cmocka_unit_test(test_create_changed),
		cmocka_unit_test(test_meal_edit_once),
		cmocka_unit_test(test_workout_edit_once),
		cmocka_unit_test(test_activity_edit_moved),
		cmocka_unit_test(test_log_changed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
