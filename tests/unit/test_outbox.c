/*
 * Tests of datastore/outbox*.c: the file (scope, modes, rows in order, states, the
 * records remembered) and the sending of each kind of row on the embedded store, sent
 * twice as after a crash between the send and the row's removal (once, not twice), and
 * against a record changed or deleted meanwhile (held as a conflict with theirs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/local/local.h"
#include "datastore/model.h"
#include "datastore/outbox.h"
#include "datastore/store.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define TNAME "ai-lifestyle-app-main"

struct fx {
	char dir[64];
	char *path;
	struct outbox *ob;
	struct table *t;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct table_err err;

	snprintf(f->dir, sizeof f->dir, "/tmp/ailife-outbox-unit.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->path = outbox_path(f->dir, TNAME, "http://127.0.0.1:8000", "u1");
	assert_int_equal(outbox_open(f->path, true, TNAME, "http://127.0.0.1:8000", "u1", &f->ob, &err), 0);
	f->t = local_open(":memory:", TNAME, &err);
	assert_non_null(f->t);
	bool created = false;
	assert_int_equal(table_create(f->t, &created, &err), 0);
	clock_set_fixed(1764000000000LL);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	char *cmd = xasprintf("rm -rf '%s'", f->dir);

	outbox_close(f->ob);
	table_close(f->t);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(f->path);
	free(f);
	return 0;
}

static long long
milli(const char *s)
{
	long long v;

	assert_int_equal(decimal_parse(s, &v, NULL), 0);
	return v;
}

static void
mk_user_goal(struct table *t)
{
	struct table_err err;
	struct model_user *u = model_new(MODEL_USER);
	struct model_goal *g = model_new(MODEL_GOAL);

	u->c.user_id = xstrdup("u1");
	u->name = xstrdup("Ada");
	u->timezone = xstrdup("UTC");
	u->units = xstrdup("metric");
	assert_int_equal(store_create(t, MODEL_USER, u, &err), 0);
	g->c.user_id = xstrdup("u1");
	g->goal_id = xstrdup("g1");
	g->title = xstrdup("Run far");
	g->unit = xstrdup("km");
	g->target.set = true;
	g->target.v = milli("100");
	assert_int_equal(store_create(t, MODEL_GOAL, g, &err), 0);
	model_free(MODEL_USER, u);
	model_free(MODEL_GOAL, g);
}

/* The row of id as outbox_rows gives it (the caller frees rows). */
static struct outbox_row *
row_of(struct outbox *ob, long long id, struct outbox_row **rows, size_t *n)
{
	struct table_err err;

	assert_int_equal(outbox_rows(ob, rows, n, &err), 0);
	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].id == id)
			return &(*rows)[i];
	return NULL;
}

/* Sends row id (replay or not); returns the outcome. */
static enum outbox_outcome
send_id(struct fx *f, long long id, bool replay)
{
	struct outbox_row *rows, *r;
	struct outbox_result res;
	size_t n;

	r = row_of(f->ob, id, &rows, &n);
	assert_non_null(r);
	assert_int_equal(outbox_send(f->ob, f->t, r, replay, &res), 0);
	enum outbox_outcome o = res.outcome;
	outbox_result_done(&res);
	outbox_rows_done(rows, n);
	return o;
}

static json_t *
raw(struct table *t, const char *sk)
{
	struct table_err err;
	json_t *key = table_key("USER#u1", sk), *item = NULL;

	table_get(t, key, &item, &err);
	json_decref(key);
	return item;
}

static const char *
n_of(json_t *item, const char *attr)
{
	return json_string_value(json_object_get(json_object_get(item, attr), "N"));
}

static void
test_file(void **state)
{
	struct fx *f = *state;
	struct table_err err;
	struct outbox *other = NULL;
	struct stat st;
	char *p2 = outbox_path(f->dir, TNAME, "http://127.0.0.1:8000", "u2");
	char *p3 = outbox_path(f->dir, "other", "http://127.0.0.1:8000", "u1");
	char *p4 = outbox_path(f->dir, TNAME, "eu-west-1", "u1");
	char *again = outbox_path(f->dir, TNAME, "http://127.0.0.1:8000", "u1");

	/* One file per table, endpoint and user. */
	assert_string_equal(f->path, again);
	assert_string_not_equal(f->path, p2);
	assert_string_not_equal(f->path, p3);
	assert_string_not_equal(f->path, p4);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *folder = xasprintf("%s/outbox", f->dir);
	assert_int_equal(stat(folder, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(folder);
	/* Not made when asked not to. */
	assert_int_equal(outbox_open(p2, false, TNAME, "http://127.0.0.1:8000", "u2", &other, &err), 0);
	assert_null(other);
	assert_int_not_equal(stat(p2, &st), 0);
	/* A file of another scope is refused, naming what it belongs to. */
	assert_int_equal(outbox_open(f->path, false, TNAME, "http://127.0.0.1:8000", "u9", &other, &err), -1);
	assert_int_equal(err.status, TABLE_IO);
	assert_non_null(strstr(err.message, "belongs to user 'u1'"));
	free(p2);
	free(p3);
	free(p4);
	free(again);
}

static void
test_rows(void **state)
{
	struct fx *f = *state;
	struct table_err err;
	struct outbox_row *rows;
	size_t n, waiting, held;
	long long a, b, c;
	json_t *body = json_pack("{s:s, s:{s:{s:s}, s:{s:s}, s:{s:s}}}", "type", "MEAL", "item", "PK", "S", "USER#u1",
	    "SK", "S", "MEAL#m1", "name", "S", "Soup");

	assert_int_equal(outbox_add(f->ob, "create", "USER#u1 MEAL#m1", body, &a, &err), 0);
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m1", body, &b, &err), 0);
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m2", body, &c, &err), 0);
	assert_true(a < b && b < c);
	assert_int_equal(outbox_try(f->ob, b, &err), 0);
	json_t *theirs = json_pack("{s:{s:s}}", "name", "S", "Stew");
	assert_int_equal(outbox_mark(f->ob, c, "conflict", NULL, theirs, "changed elsewhere", &err), 0);
	json_decref(theirs);
	assert_int_equal(outbox_count(f->ob, &waiting, &held, &err), 0);
	assert_int_equal(waiting, 2);
	assert_int_equal(held, 1);
	assert_int_equal(outbox_rows(f->ob, &rows, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].id, a);
	assert_string_equal(rows[0].state, "sending");
	assert_int_equal(rows[1].tries, 1);
	assert_string_equal(rows[2].state, "conflict");
	assert_string_equal(rows[2].message, "changed elsewhere");
	assert_string_equal(json_string_value(json_object_get(json_object_get(rows[2].theirs, "name"), "S")), "Stew");
	assert_string_equal(json_string_value(json_object_get(rows[2].body, "type")), "MEAL");
	outbox_rows_done(rows, n);
	/* Edited again: a new write of m2 replaces its conflict. */
	long long d;
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m2", body, &d, &err), 0);
	assert_int_equal(outbox_count(f->ob, &waiting, &held, &err), 0);
	assert_int_equal(waiting, 3);
	assert_int_equal(held, 0);
	assert_int_equal(outbox_remove(f->ob, a, &err), 0);
	assert_int_equal(outbox_remove(f->ob, a, &err), 1);
	/* What a pending create or edit makes, then what was stored, by key and prefix. */
	json_t *k = outbox_known(f->ob, "USER#u1 MEAL#m1");
	assert_non_null(k);
	assert_string_equal(table_item_str(k, "name"), "Soup");
	json_decref(k);
	json_t *old = json_pack("{s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", "USER#u1", "SK", "S", "GOAL#g7", "title", "S", "T");
	assert_int_equal(outbox_know(f->ob, old, &err), 0);
	json_decref(old);
	k = outbox_known(f->ob, "USER#u1 GOAL#g7");
	assert_string_equal(table_item_str(k, "title"), "T");
	json_decref(k);
	assert_null(outbox_known(f->ob, "USER#u1 GOAL#nope"));
	json_t *g8 = json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "USER#u1", "SK", "S", "GOAL#g8");
	assert_int_equal(outbox_know(f->ob, g8, &err), 0);
	json_decref(g8);
	assert_int_equal(outbox_forget(f->ob, "USER#u1 GOAL#g8", &err), 0);
	assert_null(outbox_known(f->ob, "USER#u1 GOAL#g8"));
	char *keys[4];
	assert_int_equal(outbox_known_prefix(f->ob, "USER#u1 GOAL#g", keys, 4), 1);
	assert_string_equal(keys[0], "USER#u1 GOAL#g7");
	free(keys[0]);
	assert_int_equal(outbox_known_prefix(f->ob, "USER#u2 GOAL#g", keys, 4), 0);
	json_decref(body);
}

/* A create sent, then sent again as after a crash before its row went: stored once. */
static void
test_send_create_twice(void **state)
{
	struct fx *f = *state;
	struct table_err err;
	struct model_meal *m = model_new(MODEL_MEAL);
	long long id;

	mk_user_goal(f->t);
	m->c.user_id = xstrdup("u1");
	m->name = xstrdup("Soup");
	m->meal_type = xstrdup("lunch");
	m->calories.set = true;
	m->calories.v = milli("500");
	m->occurred_at = xstrdup("2025-11-24T12:00:00.000Z");
	if (store_create_prepare(MODEL_MEAL, m, &err) != 0)
		fail_msg("prepare: %s", err.message);
	json_t *item = model_to_item(MODEL_MEAL, m);
	json_t *body = json_pack("{s:s, s:O}", "type", "MEAL", "item", item);
	char *rkey = outbox_rkey(item);
	assert_int_equal(outbox_add(f->ob, "create", rkey, body, &id, &err), 0);
	/* Sent, applied, and the process died before the row went: sent again. */
	struct outbox_row *rows;
	size_t n;
	assert_int_equal(store_put_new(f->t, MODEL_MEAL, item, false, NULL, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	size_t waiting, held;
	assert_int_equal(outbox_count(f->ob, &waiting, &held, &err), 0);
	assert_int_equal(waiting + held, 0);
	/* Edited since (by another client): still this create, done. */
	json_t *edited = json_deep_copy(item);
	json_object_set_new(edited, "name", json_pack("{s:s}", "S", "Soup, edited"));
	json_object_set_new(edited, "version", json_pack("{s:s}", "N", "2"));
	json_t *ekey = table_item_key(edited, TABLE_INDEX_MAIN);
	assert_int_equal(table_put(f->t, edited, NULL, &err), 0);
	json_decref(ekey);
	json_decref(edited);
	assert_int_equal(outbox_add(f->ob, "create", rkey, body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	/* Another record under that key (another createdAt): a conflict, held with theirs. */
	json_t *other = json_deep_copy(item);
	json_object_set_new(other, "name", json_pack("{s:s}", "S", "Not soup"));
	json_object_set_new(other, "createdAt", json_pack("{s:s}", "S", "2020-01-01T00:00:00.000Z"));
	json_t *b2 = json_pack("{s:s, s:O}", "type", "MEAL", "item", other);
	assert_int_equal(outbox_add(f->ob, "create", rkey, b2, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_CONFLICT);
	struct outbox_row *rr = row_of(f->ob, id, &rows, &n);
	assert_string_equal(rr->state, "conflict");
	assert_string_equal(table_item_str(rr->theirs, "name"), "Soup, edited");
	outbox_rows_done(rows, n);
	json_decref(b2);
	json_decref(other);
	free(rkey);
	json_decref(body);
	json_decref(item);
	model_free(MODEL_MEAL, m);
}

/* A log sent twice (a crash after the send), then with its goal changed meanwhile: progress == sum. */
static void
test_send_log(void **state)
{
	struct fx *f = *state;
	struct table_err err;
	long long id;

	mk_user_goal(f->t);
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	a->c.user_id = xstrdup("u1");
	a->goal_id = xstrdup("g1");
	a->amount.set = true;
	a->amount.v = milli("2.5");
	a->note = xstrdup("once");
	a->occurred_at = xstrdup("2025-11-24T12:00:00.000Z");
	a->c.created_at = xstrdup("2025-11-24T12:00:00.007Z");
	a->c.updated_at = xstrdup("2025-11-24T12:00:00.007Z");
	a->c.version = 1;
	json_t *item = model_to_item(MODEL_ACTIVITY, a);
	json_t *body = json_pack("{s:O, s:s}", "activity", item, "token", "01JTESTTOKEN0000000000000A");
	char *rkey = outbox_rkey(item);
	assert_int_equal(outbox_add(f->ob, "log", rkey, body, &id, &err), 0);
	assert_int_equal(send_id(f, id, false), OUTBOX_DONE);
	json_t *g = raw(f->t, "GOAL#g1");
	assert_string_equal(n_of(g, "progress"), "2.5");
	assert_string_equal(n_of(g, "version"), "2");
	json_decref(g);
	/* The same row again, as a replay after a crash between the send and the row's removal. */
	assert_int_equal(outbox_add(f->ob, "log", rkey, body, &id, &err), 0);
	assert_int_equal(outbox_try(f->ob, id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	g = raw(f->t, "GOAL#g1");
	assert_string_equal(n_of(g, "progress"), "2.5");
	assert_string_equal(n_of(g, "version"), "2");
	json_decref(g);
	/* Another log, queued; the goal edited by another client meanwhile: applied to the goal as it is now. */
	void *grec;
	assert_int_equal(store_get(f->t, MODEL_GOAL, "u1", "g1", &grec, &err), 0);
	free(((struct model_goal *)grec)->title);
	((struct model_goal *)grec)->title = xstrdup("Run farther");
	assert_int_equal(store_update(f->t, MODEL_GOAL, grec, &err), 0);
	model_free(MODEL_GOAL, grec);
	json_object_set_new(item, "SK", json_pack("{s:s}", "S", "ACT#g1#2025-11-24T13:00:00.000Z"));
	json_object_set_new(item, "occurredAt", json_pack("{s:s}", "S", "2025-11-24T13:00:00.000Z"));
	json_t *gsi = json_object_get(item, "GSI3SK");
	if (gsi != NULL)
		json_object_set_new(item, "GSI3SK", json_pack("{s:s}", "S", "2025-11-24T13:00:00.000Z"));
	json_object_set(body, "activity", item);
	free(rkey);
	rkey = outbox_rkey(item);
	assert_int_equal(outbox_add(f->ob, "log", rkey, body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	g = raw(f->t, "GOAL#g1");
	assert_string_equal(n_of(g, "progress"), "5");
	assert_string_equal(json_string_value(json_object_get(json_object_get(g, "title"), "S")), "Run farther");
	json_decref(g);
	long long sum;
	size_t count;
	assert_int_equal(store_goal_activity_sum(f->t, "u1", "g1", NULL, NULL, &sum, &count, &err), 0);
	assert_int_equal(count, 2);
	assert_int_equal(sum, milli("5"));
	/* A log to a goal deleted meanwhile: a conflict (the goal is gone). */
	size_t acts, links;
	assert_int_equal(store_goal_delete(f->t, "u1", "g1", &acts, &links, &err), 0);
	json_object_set_new(item, "SK", json_pack("{s:s}", "S", "ACT#g1#2025-11-24T14:00:00.000Z"));
	json_object_set(body, "activity", item);
	assert_int_equal(outbox_add(f->ob, "log", "USER#u1 ACT#g1#2025-11-24T14:00:00.000Z", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_CONFLICT);
	free(rkey);
	json_decref(body);
	json_decref(item);
	model_free(MODEL_ACTIVITY, a);
}

/* Edits, a status change and a delete: done once, and conflicts when the record moved on or went. */
static void
test_send_edit_status_delete(void **state)
{
	struct fx *f = *state;
	struct table_err err;
	long long id, expected;
	void *rec;

	mk_user_goal(f->t);
	struct model_meal *m = model_new(MODEL_MEAL);
	m->c.user_id = xstrdup("u1");
	m->meal_id = xstrdup("m1");
	m->name = xstrdup("Soup");
	m->meal_type = xstrdup("lunch");
	m->calories.set = true;
	m->calories.v = milli("500");
	m->occurred_at = xstrdup("2025-11-24T12:00:00.000Z");
	assert_int_equal(store_create(f->t, MODEL_MEAL, m, &err), 0);
	/* An edit, sent twice (crash after the send): applied once, version 2. */
	free(m->name);
	m->name = xstrdup("Stew");
	assert_int_equal(store_update_prepare(MODEL_MEAL, m, &expected, &err), 0);
	json_t *item = model_to_item(MODEL_MEAL, m);
	json_t *body = json_pack("{s:s, s:O, s:I}", "type", "MEAL", "item", item, "expected", (json_int_t)expected);
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, false), OUTBOX_DONE);
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	json_t *st = raw(f->t, "MEAL#m1");
	assert_string_equal(n_of(st, "version"), "2");
	json_decref(st);
	json_decref(body);
	json_decref(item);
	/* Another client edits it (version 3); our edit from version 2 is held, with theirs. */
	assert_int_equal(store_get(f->t, MODEL_MEAL, "u1", "m1", &rec, &err), 0);
	free(((struct model_meal *)rec)->name);
	((struct model_meal *)rec)->name = xstrdup("Theirs");
	assert_int_equal(store_update(f->t, MODEL_MEAL, rec, &err), 0);
	model_free(MODEL_MEAL, rec);
	free(m->name);
	m->name = xstrdup("Ours");
	assert_int_equal(store_update_prepare(MODEL_MEAL, m, &expected, &err), 0);
	item = model_to_item(MODEL_MEAL, m);
	body = json_pack("{s:s, s:O, s:I}", "type", "MEAL", "item", item, "expected", (json_int_t)expected);
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_CONFLICT);
	struct outbox_row *rows;
	size_t n;
	struct outbox_row *r = row_of(f->ob, id, &rows, &n);
	assert_string_equal(r->state, "conflict");
	assert_string_equal(table_item_str(r->theirs, "name"), "Theirs");
	assert_non_null(strstr(r->message, "changed by someone else"));
	outbox_rows_done(rows, n);
	/* Not sent by a user's own command either: removed, and the failure reported. */
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, false), OUTBOX_CONFLICT);
	assert_null(row_of(f->ob, id, &rows, &n));
	outbox_rows_done(rows, n);
	json_decref(body);
	json_decref(item);
	/* A delete, twice: the record gone is done. */
	body = json_pack("{s:s, s:s, s:s}", "type", "MEAL", "user", "u1", "id", "m1");
	assert_int_equal(outbox_add(f->ob, "delete", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, false), OUTBOX_DONE);
	assert_int_equal(outbox_add(f->ob, "delete", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	assert_null(raw(f->t, "MEAL#m1"));
	json_decref(body);
	/* An edit of the deleted record: a conflict, theirs null. */
	item = model_to_item(MODEL_MEAL, m);
	body = json_pack("{s:s, s:O, s:I}", "type", "MEAL", "item", item, "expected", (json_int_t)expected);
	assert_int_equal(outbox_add(f->ob, "edit", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_CONFLICT);
	r = row_of(f->ob, id, &rows, &n);
	assert_true(json_is_null(r->theirs));
	outbox_rows_done(rows, n);
	json_decref(body);
	json_decref(item);
	/* A status change, twice: once (version 2); from a stale version: a conflict. */
	assert_int_equal(store_get(f->t, MODEL_GOAL, "u1", "g1", &rec, &err), 0);
	json_t *gitem = model_to_item(MODEL_GOAL, rec);
	body = json_pack("{s:O, s:s, s:s}", "goal", gitem, "status", "paused", "at", "2025-11-24T12:30:00.000Z");
	assert_int_equal(outbox_add(f->ob, "status", "USER#u1 GOAL#g1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, false), OUTBOX_DONE);
	assert_int_equal(outbox_add(f->ob, "status", "USER#u1 GOAL#g1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_DONE);
	json_t *g = raw(f->t, "GOAL#g1");
	assert_string_equal(n_of(g, "version"), "2");
	assert_string_equal(table_item_str(g, "status"), "paused");
	json_decref(g);
	json_object_set_new(body, "status", json_string("archived"));
	assert_int_equal(outbox_add(f->ob, "status", "USER#u1 GOAL#g1", body, &id, &err), 0);
	assert_int_equal(send_id(f, id, true), OUTBOX_CONFLICT);
	json_decref(body);
	json_decref(gitem);
	model_free(MODEL_GOAL, rec);
	/* What the rows say, for sync. */
	assert_int_equal(outbox_rows(f->ob, &rows, &n, &err), 0);
	assert_true(n >= 1);
	char *what = outbox_describe(&rows[n - 1]);
	assert_string_equal(what, "goal g1 status -> archived");
	free(what);
	outbox_rows_done(rows, n);
	model_free(MODEL_MEAL, m);
}

/* The cheap question every command asks first: nothing waits, surely? */
static void
test_maybe_waiting(void **state)
{
	struct fx *f = *state;
	struct table_err err;
	long long id;
	char *none = xasprintf("%s/outbox/none.sqlite", f->dir);
	json_t *body = json_pack("{s:s}", "type", "MEAL");

	assert_false(outbox_maybe_waiting(none));
	free(none);
	outbox_close(f->ob);
	f->ob = NULL;
	assert_false(outbox_maybe_waiting(f->path));
	assert_int_equal(outbox_open(f->path, false, TNAME, "http://127.0.0.1:8000", "u1", &f->ob, &err), 0);
	assert_int_equal(outbox_add(f->ob, "create", "USER#u1 MEAL#m1", body, &id, &err), 0);
	assert_true(outbox_maybe_waiting(f->path));
	outbox_close(f->ob);
	assert_true(outbox_maybe_waiting(f->path));
	assert_int_equal(outbox_open(f->path, false, TNAME, "http://127.0.0.1:8000", "u1", &f->ob, &err), 0);
	assert_int_equal(outbox_mark(f->ob, id, "conflict", NULL, NULL, "held", &err), 0);
	outbox_close(f->ob);
	/* Held is not waiting. */
	assert_false(outbox_maybe_waiting(f->path));
	assert_int_equal(outbox_open(f->path, false, TNAME, "http://127.0.0.1:8000", "u1", &f->ob, &err), 0);
	json_decref(body);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_maybe_waiting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_create_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_log, setup, teardown),
		cmocka_unit_test_setup_teardown(test_send_edit_status_delete, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
