/*
 * Tests of datastore/migrate (the legacy mapping both ways, rule checks, scan
 * files, the state item) and of the pieces it added elsewhere: the state
 * key, foreign-table writes in ddb's transactions and their refusal by the
 * embedded store, and the dual-writing table over a scripted transport.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb.h"
#include "datastore/keys.h"
#include "datastore/local/local.h"
#include "datastore/migrate/dualwrite.h"
#include "datastore/migrate/migrate_map.h"
#include "datastore/migrate/migrate_state.h"
#include "util/xmalloc.h"

#define GOAL_OK \
	"{\"userId\":{\"S\":\"u1\"},\"goalId\":{\"S\":\"g1\"},\"title\":{\"S\":\"Run\"}," \
	"\"targetValue\":{\"N\":\"100.50\"},\"unit\":{\"S\":\"km\"},\"currentValue\":{\"N\":\"1.25e1\"}," \
	"\"status\":{\"S\":\"PAUSED\"},\"targetDate\":{\"S\":\"2026-12-31\"},\"category\":{\"S\":\"fit\"}," \
	"\"createdAt\":{\"N\":\"1700000000000\"},\"updatedAt\":{\"N\":\"1700000000123\"}"
#define ACT_OK \
	"{\"goalId\":{\"S\":\"g1\"},\"timestamp\":{\"N\":\"1700000100000\"},\"userId\":{\"S\":\"u1\"}," \
	"\"value\":{\"N\":\"0.1\"}"

static json_t *
parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);

	if (j == NULL)
		fail_msg("bad test JSON: %s: %s", e.text, text);
	return j;
}

static void
test_map_goal(void **state)
{
	json_t *l = parse(GOAL_OK "}");
	struct model_goal *g;
	char why[256];

	assert_int_equal(migrate_map_goal(l, &g, why, sizeof why), 0);
	assert_string_equal(g->c.user_id, "u1");
	assert_string_equal(g->goal_id, "g1");
	assert_int_equal(g->target.v, 100500);
	assert_int_equal(g->progress.v, 12500);
	assert_string_equal(g->status, "paused");
	assert_string_equal(g->due_date, "2026-12-31");
	assert_null(g->start_date);
	assert_string_equal(g->category, "fit");
	assert_string_equal(g->c.created_at, "2023-11-14T22:13:20.000Z");
	assert_string_equal(g->c.updated_at, "2023-11-14T22:13:20.123Z");
	assert_int_equal(g->c.version, 1);

	/* Back to the legacy format: the same row in canonical numbers, with the version dual writes keep. */
	json_t *back = migrate_legacy_goal(g), *want = parse(GOAL_OK ",\"version\":{\"N\":\"1\"}}");
	json_object_set_new(want, "targetValue", json_pack("{s:s}", "N", "100.5"));
	json_object_set_new(want, "currentValue", json_pack("{s:s}", "N", "12.5"));
	assert_true(json_equal(back, want));
	struct model_goal *g2;
	assert_int_equal(migrate_map_goal(back, &g2, why, sizeof why), 0);
	json_t *i1 = model_to_item(MODEL_GOAL, g), *i2 = model_to_item(MODEL_GOAL, g2);
	assert_true(json_equal(i1, i2));
	assert_string_equal(table_item_str(i1, "GSI1PK"), "GOAL#paused");
	json_decref(i1);
	json_decref(i2);
	model_free(MODEL_GOAL, g2);
	json_decref(back);
	json_decref(want);
	model_free(MODEL_GOAL, g);

	/* A version from a dual write is kept: a later run never copies an older one. */
	json_object_set_new(l, "version", json_pack("{s:s}", "N", "7"));
	assert_int_equal(migrate_map_goal(l, &g, why, sizeof why), 0);
	assert_int_equal(g->c.version, 7);
	model_free(MODEL_GOAL, g);

	/* A description is left behind, said so. */
	json_object_set_new(l, "description", json_pack("{s:s}", "S", "long text"));
	assert_int_equal(migrate_map_goal(l, &g, why, sizeof why), 1);
	assert_non_null(g);
	assert_non_null(strstr(why, "description not copied"));
	model_free(MODEL_GOAL, g);
	json_decref(l);
}

/* Rows that break a rule: refused with the reason, never changed to fit. */
static const struct {
	const char *attr;        /* replaced (or removed when value is NULL) */
	const char *value;       /* an attribute value as JSON */
	const char *why;         /* a part of the reason */
} goal_bad[] = {
	{ "goalId", "{\"S\":\"g#1\"}", "goalId: 'g#1' breaks the id rule" },
	{ "userId", "{\"S\":\"\"}", "userId: '' breaks the id rule" },
	{ "userId", "{\"N\":\"1\"}", "userId: not a string" },
	{ "title", NULL, "title: missing" },
	{ "unit", NULL, "unit: missing" },
	{ "targetValue", "{\"S\":\"10\"}", "targetValue: not a number (N)" },
	{ "targetValue", "{\"N\":\"abc\"}", "targetValue: 'abc'" },
	{ "currentValue", "{\"N\":\"1.0005\"}", "currentValue: '1.0005'" },
	{ "currentValue", "{\"N\":\"-1\"}", "progress" },
	{ "status", "{\"S\":\"active\"}", "status: 'active' is none of" },
	{ "createdAt", "{\"N\":\"1.5\"}", "createdAt: '1.5' is not epoch milliseconds" },
	{ "createdAt", "{\"N\":\"-1\"}", "createdAt: '-1' is not epoch" },
	{ "updatedAt", NULL, "updatedAt: missing" },
	{ "targetDate", "{\"S\":\"31/12/2026\"}", "dueDate" },
	{ "owner", "{\"S\":\"x\"}", "attribute 'owner' is not part of the legacy goals schema" },
	{ "title", "{\"S\":\"a\\u0007b\"}", "title" },
	{ "version", "{\"N\":\"0\"}", "version" },
};

static void
test_map_goal_bad(void **state)
{
	for (size_t i = 0; i < sizeof goal_bad / sizeof goal_bad[0]; i++) {
		json_t *l = parse(GOAL_OK "}");
		struct model_goal *g = (void *)1;
		char why[256] = "";

		if (goal_bad[i].value == NULL)
			json_object_del(l, goal_bad[i].attr);
		else
			json_object_set_new(l, goal_bad[i].attr, parse(goal_bad[i].value));
		assert_int_equal(migrate_map_goal(l, &g, why, sizeof why), -1);
		assert_null(g);
		if (strstr(why, goal_bad[i].why) == NULL)
			fail_msg("row %zu: wanted '%s' in '%s'", i, goal_bad[i].why, why);
		json_decref(l);
	}
}

static void
test_map_activity(void **state)
{
	static const struct {
		const char *attr, *value, *why;
	} bad[] = {
		{ "value", "{\"N\":\"ten\"}", "value: 'ten'" },
		{ "value", "{\"S\":\"1\"}", "value: not a number" },
		{ "value", "{\"N\":\"-2\"}", "amount" },
		{ "userId", NULL, "userId: missing" },
		{ "goalId", "{\"S\":\"a b\"}", "goalId: 'a b' breaks the id rule" },
		{ "timestamp", "{\"N\":\"99999999999999999\"}", "timestamp" },
		{ "extra", "{\"S\":\"x\"}", "attribute 'extra' is not part of the legacy goal-activities schema" },
	};
	json_t *l = parse(ACT_OK ",\"note\":{\"S\":\"hi\"}}");
	struct model_activity *a;
	char why[256];

	assert_int_equal(migrate_map_activity(l, &a, why, sizeof why), 0);
	assert_string_equal(a->occurred_at, "2023-11-14T22:15:00.000Z");
	assert_string_equal(a->c.created_at, a->occurred_at);
	assert_int_equal(a->amount.v, 100);
	assert_string_equal(a->note, "hi");
	json_t *back = migrate_legacy_activity(a);
	assert_true(json_equal(back, l));
	json_t *item = model_to_item(MODEL_ACTIVITY, a);
	assert_string_equal(table_item_str(item, "SK"), "ACTIVITY#g1#2023-11-14T22:15:00.000Z");
	assert_int_equal(model_check_item(item, why, sizeof why), 0);
	json_decref(item);
	json_decref(back);
	model_free(MODEL_ACTIVITY, a);
	json_decref(l);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		l = parse(ACT_OK "}");
		if (bad[i].value == NULL)
			json_object_del(l, bad[i].attr);
		else
			json_object_set_new(l, bad[i].attr, parse(bad[i].value));
		assert_int_equal(migrate_map_activity(l, &a, why, sizeof why), -1);
		assert_null(a);
		if (strstr(why, bad[i].why) == NULL)
			fail_msg("row %zu: wanted '%s' in '%s'", i, bad[i].why, why);
		json_decref(l);
	}
}

static void
test_key_text(void **state)
{
	json_t *g = parse("{\"userId\":{\"S\":\"u\\u001b[31m\"},\"goalId\":{\"S\":\"g#1\"}}");
	json_t *a = parse("{\"goalId\":{\"S\":\"g\"},\"timestamp\":{\"N\":\"12\"}}");
	char *s = migrate_legacy_key_text(MIGRATE_GOALS, g);

	assert_null(strchr(s, '\x1b'));
	assert_non_null(strstr(s, "goalId=g#1"));
	free(s);
	s = migrate_legacy_key_text(MIGRATE_ACTIVITIES, a);
	assert_string_equal(s, "goalId=g timestamp=12");
	free(s);
	json_decref(g);
	json_decref(a);
}

static void
test_scan_files(void **state)
{
	static const struct {
		const char *text;
		int rc;
		const char *why;
		int kind;
	} cases[] = {
		{ "{\"Items\":[" ACT_OK "}],\"Count\":1,\"ScannedCount\":1,\"ConsumedCapacity\":null}", 0, NULL,
		  MIGRATE_ACTIVITIES },
		{ "{\"Items\":[" GOAL_OK "}],\"Count\":1}", 0, NULL, MIGRATE_GOALS },
		{ "{\"Items\":[],\"Count\":0}", 0, NULL, -1 },
		{ "[1,2]", -1, "no \"Items\" array", -1 },
		{ "{\"Items\":{}}", -1, "no \"Items\" array", -1 },
		{ "{\"Items\":[1]}", -1, "item 0 is not an object", -1 },
		{ "{\"Items\":[{\"a\":{\"S\":\"x\",\"N\":\"1\"}}]}", -1, "attribute 'a'", -1 },
		{ "{\"Items\":[{\"a\":1}]}", -1, "attribute 'a'", -1 },
		{ "{\"Items\":[], \"Items\":[]}", -1, "not JSON", -1 },
		{ "{\"Items\":[", -1, "not JSON", -1 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *items = NULL;
		char why[256] = "";
		int rc = migrate_parse_scan(cases[i].text, strlen(cases[i].text), &items, why, sizeof why);

		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d (%s)", i, rc, why);
		if (rc == 0) {
			assert_true(json_is_array(items));
			assert_int_equal(migrate_items_kind(items), cases[i].kind);
		} else {
			assert_null(items);
			if (strstr(why, cases[i].why) == NULL)
				fail_msg("case %zu: wanted '%s' in '%s'", i, cases[i].why, why);
		}
		json_decref(items);
	}
	json_t *items;
	char why[256];
	assert_int_equal(migrate_read_scan_file("/nonexistent/x.json", &items, why, sizeof why), -1);
	assert_non_null(strstr(why, "/nonexistent/x.json"));
}

static void
test_state_item(void **state)
{
	struct migrate_state s, r;
	char why[256];

	memset(&s, 0, sizeof s);
	s.version = 3;
	s.phase = xstrdup("copying");
	s.source = xstrdup("dynamodb");
	s.tables[0] = xstrdup("goals");
	s.tables[1] = xstrdup("goal-activities");
	s.segments = 2;
	for (int k = 0; k < MIGRATE_KINDS; k++)
		s.checkpoints[k] = xcalloc(2, sizeof *s.checkpoints[k]);
	s.checkpoints[0][0] = xstrdup("*");
	s.checkpoints[1][1] = xstrdup("{\"goalId\":{\"S\":\"g\"}}");
	s.copied[0] = 10;
	s.copied[1] = 2000;
	s.skipped = 1;
	s.last_legacy_write = xstrdup("2026-01-01T00:00:00.000Z");
	json_t *item = migrate_state_item(&s);
	assert_string_equal(table_item_str(item, "PK"), "MIGRATION#legacy-goals");
	assert_string_equal(table_item_str(item, "SK"), "STATE");
	assert_string_equal(table_item_str(item, "type"), "MIGRATION");
	assert_null(json_object_get(item, "GSI1PK"));
	assert_int_equal(migrate_state_from_item(item, &r, why, sizeof why), 0);
	assert_true(r.exists);
	assert_int_equal(r.version, 3);
	assert_string_equal(r.phase, "copying");
	assert_int_equal(r.segments, 2);
	assert_string_equal(r.checkpoints[0][0], "*");
	assert_null(r.checkpoints[0][1]);
	assert_null(r.checkpoints[1][0]);
	assert_string_equal(r.checkpoints[1][1], "{\"goalId\":{\"S\":\"g\"}}");
	assert_int_equal(r.copied[1], 2000);
	assert_int_equal(r.skipped, 1);
	assert_string_equal(r.last_legacy_write, "2026-01-01T00:00:00.000Z");
	assert_null(r.verified_at);
	migrate_state_done(&r);
	/* A damaged state is refused, not half read. */
	json_object_set_new(item, "segments", json_pack("{s:s}", "N", "3"));
	assert_int_equal(migrate_state_from_item(item, &r, why, sizeof why), -1);
	assert_non_null(strstr(why, "not 3 checkpoints"));
	json_decref(item);
	migrate_state_done(&s);

	char *pk = keys_migration_pk(MIGRATE_NAME);
	assert_string_equal(pk, "MIGRATION#legacy-goals");
	assert_string_equal(keys_migration_sk(), "STATE");
	free(pk);
}

/* A write to another table: rendered with its own TableName; the embedded store refuses it. */
static void
test_foreign_writes(void **state)
{
	json_t *mine = parse("{\"PK\":{\"S\":\"USER#u\"},\"SK\":{\"S\":\"GOAL#g\"},\"type\":{\"S\":\"GOAL\"}}");
	json_t *theirs = parse(ACT_OK "}");
	json_t *tkey = migrate_legacy_goal_key("u", "g");
	struct table_write w[3];
	struct table_err err;

	memset(w, 0, sizeof w);
	w[0].kind = TABLE_WRITE_PUT;
	w[0].item = mine;
	w[1].kind = TABLE_WRITE_PUT;
	w[1].item = theirs;
	w[1].table = "goal-activities";
	w[2].kind = TABLE_WRITE_DELETE;
	w[2].key = tkey;
	w[2].table = "goals";
	table_err_clear(&err);
	json_t *body = ddb_render_transact("main", w, 3, "tok", &err);
	assert_non_null(body);
	json_t *items = json_object_get(body, "TransactItems");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(items, 0), "Put"),
	    "TableName")), "main");
	assert_string_equal(json_string_value(json_object_get(json_object_get(json_array_get(items, 1), "Put"),
	    "TableName")), "goal-activities");
	json_t *del = json_object_get(json_array_get(items, 2), "Delete");
	assert_string_equal(json_string_value(json_object_get(del, "TableName")), "goals");
	assert_true(json_equal(json_object_get(del, "Key"), tkey));
	json_decref(body);
	/* A bad foreign table name is refused before anything is sent. */
	w[1].table = "x";
	assert_null(ddb_render_transact("main", w, 3, "tok", &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 1);
	/* Batches write their own table only. */
	w[1].table = "goal-activities";
	assert_null(ddb_render_batch("main", &w[1], 1, &err));
	assert_int_equal(err.status, TABLE_INVALID);

	struct table *t = local_open(":memory:", "main", &err);
	bool created;
	assert_non_null(t);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_int_equal(table_transact(t, w, 2, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 1);
	assert_non_null(strstr(err.message, "dual writes"));
	/* Nothing was written. */
	json_t *key = table_key("USER#u", "GOAL#g"), *got = NULL;
	assert_int_equal(table_get(t, key, &got, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	json_decref(key);
	table_close(t);
	json_decref(mine);
	json_decref(theirs);
	json_decref(tkey);
}

/* ---- the dual-writing table over a scripted DynamoDB ---- */

static struct {
	char *targets[16], *bodies[16];
	size_t n;
	const char *get_answer;  /* the answer to GetItem */
} seen;

static void
fake_send(void *ctx, const struct http_request *reqs, struct http_response *resps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *target = "";

		for (size_t h = 0; h < reqs[i].header_count; h++)
			if (strcmp(reqs[i].headers[h].name, "X-Amz-Target") == 0)
				target = reqs[i].headers[h].value;
		assert_true(seen.n < 16);
		seen.targets[seen.n] = xstrdup(target);
		seen.bodies[seen.n] = xstrndup(reqs[i].body, reqs[i].body_len);
		seen.n++;
		memset(&resps[i], 0, sizeof resps[i]);
		resps[i].result = HTTP_OK;
		resps[i].status = 200;
		resps[i].body = xstrdup(strstr(target, "GetItem") != NULL ? seen.get_answer : "{}");
		resps[i].body_len = strlen(resps[i].body);
	}
}

static const struct ddb_transport transport = { fake_send, NULL, NULL };

static void
seen_reset(void)
{
	for (size_t i = 0; i < seen.n; i++) {
		free(seen.targets[i]);
		free(seen.bodies[i]);
	}
	memset(&seen, 0, sizeof seen);
}

static json_t *
sent(size_t i)
{
	assert_true(i < seen.n);
	return parse(seen.bodies[i]);
}

static void
test_dualwrite(void **state)
{
	struct ddb_options o;
	struct table_err err;
	char why[256];

	memset(&o, 0, sizeof o);
	o.table = "main";
	o.region = "us-east-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.access_key_id = "AKID";
	o.secret_access_key = "secret";
	o.transport = &transport;
	struct table *inner = ddb_open(&o, &err);
	assert_non_null(inner);
	struct table *t = dualwrite_wrap(inner, "goals", "goal-activities");
	assert_non_null(t);

	/* A goal put: one transaction, the goal, its legacy twin, the state's last legacy write. */
	json_t *l = parse(GOAL_OK ",\"description\":{\"S\":\"kept\"}}");
	struct model_goal *g;
	assert_int_equal(migrate_map_goal(l, &g, why, sizeof why), 1);
	json_t *item = model_to_item(MODEL_GOAL, g);
	struct table_cond cond = { .kind = TABLE_COND_NOT_EXISTS };
	seen_reset();
	assert_int_equal(table_put(t, item, &cond, &err), 0);
	assert_int_equal(seen.n, 1);
	assert_non_null(strstr(seen.targets[0], "TransactWriteItems"));
	json_t *body = sent(0), *items = json_object_get(body, "TransactItems");
	assert_int_equal(json_array_size(items), 3);
	json_t *twin = json_object_get(json_array_get(items, 1), "Update");
	assert_string_equal(json_string_value(json_object_get(twin, "TableName")), "goals");
	/* An update, not a put: the legacy description stays where it is. */
	assert_null(strstr(seen.bodies[0], "description"));
	assert_non_null(strstr(seen.bodies[0], "\"PAUSED\""));
	assert_non_null(strstr(seen.bodies[0], "lastLegacyWrite"));
	json_decref(body);

	/* A goal update: the goal is read, and the whole result goes to the legacy side under its version. */
	char *dump = json_dumps(item, JSON_COMPACT);
	char *answer = xasprintf("{\"Item\":%s}", dump);
	free(dump);
	json_t *key = table_key("USER#u1", "GOAL#g1"), *v = json_pack("{s:s}", "S", "New title");
	struct table_update_action act = { TABLE_UPDATE_SET, "title", v };
	struct table_update upd = { &act, 1 };
	seen_reset();
	seen.get_answer = answer;
	json_t *after = NULL;
	assert_int_equal(table_update(t, key, &upd, NULL, &after, &err), 0);
	assert_int_equal(seen.n, 2);
	assert_non_null(strstr(seen.targets[0], "GetItem"));
	assert_non_null(strstr(seen.targets[1], "TransactWriteItems"));
	assert_non_null(strstr(seen.bodies[1], "New title"));
	body = sent(1);
	json_t *first = json_object_get(json_array_get(json_object_get(body, "TransactItems"), 0), "Update");
	assert_non_null(strstr(json_string_value(json_object_get(first, "ConditionExpression")), "="));
	assert_string_equal(table_item_str(after, "title"), "New title");
	json_decref(body);
	json_decref(after);

	/* An activity delete: the legacy activity by goalId and epoch milliseconds. */
	json_t *akey = table_key("USER#u1", "ACTIVITY#g1#2023-11-14T22:15:00.000Z");
	seen_reset();
	assert_int_equal(table_delete(t, akey, NULL, NULL, &err), 0);
	assert_int_equal(seen.n, 1);
	assert_non_null(strstr(seen.bodies[0], "\"goal-activities\""));
	assert_non_null(strstr(seen.bodies[0], "1700000100000"));

	/* Other items pass straight through. */
	json_t *jkey = table_key("USER#u1", "JOURNAL#j1");
	seen_reset();
	assert_int_equal(table_delete(t, jkey, NULL, NULL, &err), 0);
	assert_int_equal(seen.n, 1);
	assert_non_null(strstr(seen.targets[0], "DeleteItem"));

	/* Unwrapping hands back the DynamoDB table. */
	assert_ptr_equal(dualwrite_unwrap(t), inner);
	assert_ptr_equal(dualwrite_unwrap(inner), inner);
	seen_reset();
	table_close(inner);
	json_decref(jkey);
	json_decref(akey);
	json_decref(key);
	json_decref(v);
	free(answer);
	json_decref(item);
	model_free(MODEL_GOAL, g);
	json_decref(l);
}

/* Where the store is opened: dual writes on, or off with the warning the CLI prints. */
static void
test_dualwrite_open(void **state)
{
	struct ddb_options o;
	struct table_err err;
	char *warning = NULL;

	memset(&o, 0, sizeof o);
	o.table = "main";
	o.region = "us-east-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.access_key_id = "AKID";
	o.secret_access_key = "secret";
	o.transport = &transport;
	struct table *inner = ddb_open(&o, &err), *t = inner;
	assert_non_null(inner);

	/* Cut over: no more dual writes, and the config should say so. */
	seen_reset();
	seen.get_answer = "{\"Item\":{\"PK\":{\"S\":\"MIGRATION#legacy-goals\"},\"SK\":{\"S\":\"STATE\"},"
	    "\"phase\":{\"S\":\"cutover\"}}}";
	dualwrite_open(&t, NULL, NULL, &warning);
	assert_ptr_equal(t, inner);
	assert_string_equal(warning, "[legacy] dual_write is set, but the migration is cutover:"
	    " no more writes to the legacy tables (remove dual_write from the config)");
	free(warning);

	/* A state that cannot be read: off, and why. */
	seen_reset();
	seen.get_answer = "{\"Item\":{\"PK\":{\"S\":\"MIGRATION#legacy-goals\"},\"SK\":{\"S\":\"STATE\"},"
	    "\"segments\":{\"N\":\"999\"}}}";
	dualwrite_open(&t, NULL, NULL, &warning);
	assert_ptr_equal(t, inner);
	assert_string_equal(warning, "dual writes are off: the migration state cannot be read:"
	    " the migration state item is damaged: segments: 999 is out of range");
	free(warning);

	/* Under way: the legacy tables the state names, unless the caller names them. */
	seen_reset();
	seen.get_answer = "{\"Item\":{\"PK\":{\"S\":\"MIGRATION#legacy-goals\"},\"SK\":{\"S\":\"STATE\"},"
	    "\"phase\":{\"S\":\"copying\"},\"goalsTable\":{\"S\":\"old-goals\"}}}";
	dualwrite_open(&t, NULL, "old-acts", &warning);
	assert_null(warning);
	assert_ptr_not_equal(t, inner);
	assert_string_equal(t->backend->name, "dynamodb+dual-write");
	json_t *gkey = table_key("USER#u1", "GOAL#g1"), *akey = table_key("USER#u1", "ACTIVITY#g1#2023-11-14T22:15:00.000Z");
	seen_reset();
	assert_int_equal(table_delete(t, gkey, NULL, NULL, &err), 0);
	assert_int_equal(table_delete(t, akey, NULL, NULL, &err), 0);
	assert_int_equal(seen.n, 2);
	assert_non_null(strstr(seen.bodies[0], "\"old-goals\""));
	assert_non_null(strstr(seen.bodies[1], "\"old-acts\""));
	assert_ptr_equal(dualwrite_unwrap(t), inner);

	/* No state yet: the default names. */
	seen_reset();
	seen.get_answer = "{}";
	t = inner;
	dualwrite_open(&t, NULL, NULL, &warning);
	assert_null(warning);
	seen_reset();
	assert_int_equal(table_delete(t, gkey, NULL, NULL, &err), 0);
	assert_non_null(strstr(seen.bodies[0], "\"goals\""));
	seen_reset();
	table_close(t);
	json_decref(gkey);
	json_decref(akey);

	/* The embedded store has no legacy tables. */
	struct table *local = local_open(":memory:", "main", &err);
	assert_non_null(local);
	t = local;
	dualwrite_open(&t, "goals", "goal-activities", &warning);
	assert_ptr_equal(t, local);
	assert_string_equal(warning, "[legacy] dual_write is set, but dual writes are a DynamoDB feature:"
	    " the embedded store has no legacy tables; goal and activity writes go to the single table only");
	free(warning);
	assert_null(dualwrite_wrap(local, "goals", "goal-activities"));
	table_close(local);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_goal),
		cmocka_unit_test(test_map_goal_bad),
		cmocka_unit_test(test_map_activity),
		cmocka_unit_test(test_key_text),
		cmocka_unit_test(test_scan_files),
		cmocka_unit_test(test_state_item),
		cmocka_unit_test(test_foreign_writes),
		cmocka_unit_test(test_dualwrite),
		cmocka_unit_test(test_dualwrite_open),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
