/* Unit tests for datastore/local: the embedded backend answers like DynamoDB. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "datastore/local/local.h"
#include "datastore/table.h"
#include "util/xmalloc.h"

#define TNAME "ai-lifestyle-app-test"

/* The connection local_open made, caught as SQLite opens it (for EXPLAIN QUERY PLAN). */
static sqlite3 *last_db;

static int
catch_db(sqlite3 *db, char **emsg, const struct sqlite3_api_routines *api)
{
	last_db = db;
	return SQLITE_OK;
}

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return j;
}

/* An item: PK, SK and the attributes of extra (JSON text or NULL). */
static json_t *
mkitem(const char *pk, const char *sk, const char *extra)
{
	json_t *item = extra != NULL ? load(extra) : json_object();

	json_object_set_new(item, "PK", json_pack("{s:s}", "S", pk));
	json_object_set_new(item, "SK", json_pack("{s:s}", "S", sk));
	return item;
}

static void
put_ok(struct table *t, json_t *item)
{
	struct table_err err;

	if (table_put(t, item, NULL, &err) != 0)
		fail_msg("put failed: %s", err.message);
	json_decref(item);
}

static struct table *
open_mem(void)
{
	struct table_err err;
	struct table *t = local_open(":memory:", TNAME, &err);
	bool created = false;

	if (t == NULL)
		fail_msg("open: %s", err.message);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_true(created);
	return t;
}

static int
setup(void **state)
{
	*state = open_mem();
	return 0;
}

static int
teardown(void **state)
{
	table_close(*state);
	return 0;
}

static char tmpdir[256];

static int
setup_dir(void **state)
{
	xsnprintf(tmpdir, sizeof tmpdir, "/tmp/ailife-test-local-XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
teardown_dir(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);
	int rc = system(cmd);

	free(cmd);
	return rc == 0 ? 0 : -1;
}

/* Runs a query page by page; returns "PK|SK" of every item, in order, and the page count. */
static char **
query_all(struct table *t, const struct table_query *q0, size_t *n, int *pages)
{
	struct table_query q = *q0;
	struct table_err err;
	char **out = NULL, *cursor = NULL;
	size_t cap = 0;

	*n = 0;
	*pages = 0;
	for (;;) {
		struct table_page page;

		q.cursor = cursor;
		if (table_query(t, &q, &page, &err) != 0)
			fail_msg("query: %s", err.message);
		(*pages)++;
		if (q.limit > 0)
			assert_true(page.count <= (size_t)q.limit);
		for (size_t i = 0; i < page.count; i++) {
			if (*n == cap) {
				cap = cap ? cap * 2 : 64;
				out = xreallocarray(out, cap, sizeof *out);
			}
			out[(*n)++] = xasprintf("%s|%s", table_item_str(page.items[i], "PK"),
			    table_item_str(page.items[i], "SK"));
		}
		free(cursor);
		cursor = page.cursor != NULL ? xstrdup(page.cursor) : NULL;
		table_page_done(&page);
		if (cursor == NULL)
			break;
		assert_true(*pages < 10000);
	}
	return out;
}

static void
free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

/* The SKs a one-page query returns, joined with ','. */
static char *
query_sks(struct table *t, const struct table_query *q)
{
	struct table_page page;
	struct table_err err;
	char *out = xstrdup("");

	if (table_query(t, q, &page, &err) != 0)
		fail_msg("query: %s", err.message);
	for (size_t i = 0; i < page.count; i++) {
		char *next = xasprintf("%s%s%s", out, i ? "," : "", table_item_str(page.items[i], "SK"));

		free(out);
		out = next;
	}
	table_page_done(&page);
	return out;
}

static void
expect_sks(struct table *t, const struct table_query *q, const char *want)
{
	char *got = query_sks(t, q);

	if (strcmp(got, want) != 0)
		fail_msg("index %d op %d backward %d: got \"%s\", want \"%s\"", (int)q->index,
		    (int)q->sk_op, (int)q->backward, got, want);
	free(got);
}

static void
test_create_describe(void **state)
{
	struct table_err err;
	struct table *t = local_open(":memory:", TNAME, &err);
	json_t *d = NULL, *want, *key = table_key("a", "b"), *out = NULL;
	bool created = true;
	struct table_query q = { .pk = "a" };
	struct table_page page;

	assert_non_null(t);
	assert_int_equal(table_describe(t, &d, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_null(d);
	assert_int_equal(table_get(t, key, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_string_equal(err.message,
	    "table " TNAME " does not exist (run: ailife table create)");
	assert_int_equal(table_query(t, &q, &page, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_int_equal(table_put(t, key, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);

	assert_int_equal(table_create(t, &created, &err), 0);
	assert_true(created);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_false(created);
	assert_int_equal(table_describe(t, &d, &err), 0);
	want = table_expected_description(TNAME);
	assert_true(json_equal(d, want));
	json_decref(want);
	json_decref(d);
	json_decref(key);
	table_close(t);

	/* Bad table names are refused like DynamoDB refuses them. */
	assert_null(local_open(":memory:", "ab", &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_null(local_open(":memory:", "a b c", &err));
	assert_null(local_open(":memory:", "x#yz", &err));
}

static void
test_put_get_delete(void **state)
{
	struct table *t = *state;
	struct table_err err;
	struct table_cond not_exists = { .kind = TABLE_COND_NOT_EXISTS };
	struct table_cond exists = { .kind = TABLE_COND_EXISTS };
	struct table_cond v1 = { .kind = TABLE_COND_VERSION, .version = 1 };
	struct table_cond v2 = { .kind = TABLE_COND_VERSION, .version = 2 };
	json_t *item = mkitem("USER#1", "PROFILE", "{\"name\":{\"S\":\"Ann\"},\"version\":{\"N\":\"1\"}}");
	json_t *item2 = mkitem("USER#1", "PROFILE", "{\"name\":{\"S\":\"Bob\"},\"version\":{\"N\":\"2\"}}");
	json_t *key = table_key("USER#1", "PROFILE"), *missing = table_key("USER#2", "PROFILE");
	json_t *out = NULL;

	/* Conditions on puts. */
	assert_int_equal(table_put(t, item, &exists, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_int_equal(table_put(t, item, &v1, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_int_equal(table_put(t, item, &not_exists, &err), 0);
	assert_int_equal(table_put(t, item, &not_exists, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_non_null(strstr(err.message, "already exists"));
	assert_int_equal(table_put(t, item, &exists, &err), 0);
	assert_int_equal(table_put(t, item2, &v2, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_int_equal(table_put(t, item2, &v1, &err), 0);

	assert_int_equal(table_get(t, key, &out, &err), 0);
	assert_true(json_equal(out, item2));
	json_decref(out);
	assert_int_equal(table_get(t, missing, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_null(out);

	/* Conditions on deletes. */
	assert_int_equal(table_delete(t, key, &v1, &out, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_null(out);
	assert_int_equal(table_delete(t, missing, &exists, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_int_equal(table_delete(t, missing, NULL, &out, &err), 0);
	assert_null(out);
	assert_int_equal(table_delete(t, key, &v2, &out, &err), 0);
	assert_true(json_equal(out, item2));
	json_decref(out);
	assert_int_equal(table_get(t, key, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(table_delete(t, missing, &not_exists, NULL, &err), 0);

	json_decref(item);
	json_decref(item2);
	json_decref(key);
	json_decref(missing);
}

static void
test_invalid_items(void **state)
{
	struct table *t = *state;
	struct table_err err;
	static const struct {
		const char *item;
		enum table_status status;
	} cases[] = {
		{ "{\"SK\":{\"S\":\"x\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"N\":\"1\"},\"SK\":{\"S\":\"x\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"\"},\"SK\":{\"S\":\"x\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"GSI1PK\":{\"N\":\"1\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"GSI2SK\":{\"S\":\"\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"a\":\"plain\"}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"a\":{\"N\":\"1x\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"a\":{\"Q\":\"1\"}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"a\":{\"SS\":[]}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"a\":{\"SS\":[\"q\",\"q\"]}}", TABLE_INVALID },
		{ "{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"a\":{\"S\":\"1\",\"N\":\"1\"}}", TABLE_INVALID },
		{ "[]", TABLE_INVALID },
	};
	json_t *key3 = load("{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"z\":{\"S\":\"1\"}}");
	json_t *out = NULL;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *item = load(cases[i].item);

		if (table_put(t, item, NULL, &err) == 0)
			fail_msg("item %s accepted", cases[i].item);
		assert_int_equal(err.status, cases[i].status);
		assert_true(strlen(err.message) > 0);
		json_decref(item);
	}
	assert_int_equal(table_get(t, key3, &out, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	json_decref(key3);

	/* Well-formed odd values are stored as they are. */
	{
		json_t *ok = load("{\"PK\":{\"S\":\"x\"},\"SK\":{\"S\":\"y\"},\"e\":{\"S\":\"\"},"
		    "\"l\":{\"L\":[{\"N\":\"1.5e3\"},{\"NULL\":true}]},\"m\":{\"M\":{\"k\":{\"BOOL\":false}}},"
		    "\"ns\":{\"NS\":[\"1\",\"2\"]},\"GSI1PK\":{\"S\":\"only-half\"}}");
		json_t *k = table_key("x", "y");

		assert_int_equal(table_put(t, ok, NULL, &err), 0);
		assert_int_equal(table_get(t, k, &out, &err), 0);
		assert_true(json_equal(out, ok));
		json_decref(out);
		json_decref(ok);
		json_decref(k);
	}
}

static void
test_too_large(void **state)
{
	struct table *t = *state;
	struct table_err err;
	json_t *item = mkitem("USER#1", "JOURNAL#1", NULL);
	size_t base = table_item_size(item) + strlen("body");
	char *text = xmalloc(TABLE_ITEM_MAX + 2);

	memset(text, 'a', TABLE_ITEM_MAX + 1);
	text[TABLE_ITEM_MAX - base] = '\0';
	json_object_set_new(item, "body", json_pack("{s:s}", "S", text));
	assert_int_equal(table_item_size(item), TABLE_ITEM_MAX);
	assert_int_equal(table_put(t, item, NULL, &err), 0);

	text[TABLE_ITEM_MAX - base] = 'a';
	text[TABLE_ITEM_MAX - base + 1] = '\0';
	json_object_set_new(item, "body", json_pack("{s:s}", "S", text));
	assert_int_equal(table_put(t, item, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_TOO_LARGE);
	assert_string_equal(err.message, "item size 409601 bytes exceeds the 400 KB item limit");

	/* An update that would grow the item past the limit is refused too. */
	{
		struct table_update_action a = { TABLE_UPDATE_SET, "more", NULL };
		struct table_update upd = { &a, 1 };
		json_t *key = table_key("USER#1", "JOURNAL#1");

		a.value = json_pack("{s:s}", "S", "xyz");
		assert_int_equal(table_update(t, key, &upd, NULL, NULL, &err), -1);
		assert_int_equal(err.status, TABLE_TOO_LARGE);
		json_decref(a.value);
		json_decref(key);
	}
	free(text);
	json_decref(item);
}

static const char *
num(json_t *item, const char *name)
{
	return json_string_value(json_object_get(json_object_get(item, name), "N"));
}

static void
test_update(void **state)
{
	struct table *t = *state;
	struct table_err err;
	json_t *key = table_key("USER#1", "GOAL#g");
	json_t *out = NULL, *v01 = load("{\"N\":\"0.1\"}"), *v02 = load("{\"N\":\"0.2\"}");
	json_t *one = load("{\"N\":\"1\"}"), *title = load("{\"S\":\"Run\"}");
	json_t *active = load("{\"S\":\"GOAL#active\"}"), *done = load("{\"S\":\"GOAL#completed\"}");
	json_t *gsk = load("{\"S\":\"USER#1#GOAL#g\"}");
	struct table_cond v1 = { .kind = TABLE_COND_VERSION, .version = 1 };
	struct table_cond v2 = { .kind = TABLE_COND_VERSION, .version = 2 };
	struct table_cond exists = { .kind = TABLE_COND_EXISTS };
	struct table_update_action create[] = {
		{ TABLE_UPDATE_SET, "title", title },
		{ TABLE_UPDATE_ADD, "progress", v01 },
		{ TABLE_UPDATE_ADD, "version", one },
		{ TABLE_UPDATE_SET, "GSI1PK", active },
		{ TABLE_UPDATE_SET, "GSI1SK", gsk },
	};
	struct table_update upd = { create, 5 };
	struct table_update_action add[] = {
		{ TABLE_UPDATE_ADD, "progress", v02 },
		{ TABLE_UPDATE_ADD, "version", one },
		{ TABLE_UPDATE_REMOVE, "title", NULL },
		{ TABLE_UPDATE_SET, "GSI1PK", done },
	};
	struct table_update upd2 = { add, 4 };
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = "GOAL#active" };

	/* EXISTS / VERSION on a missing item: not found; no condition: created (upsert). */
	assert_int_equal(table_update(t, key, &upd, &v1, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_null(out);
	assert_int_equal(table_update(t, key, &upd, &exists, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(table_update(t, key, &upd, NULL, &out, &err), 0);
	assert_string_equal(table_item_str(out, "PK"), "USER#1");
	assert_string_equal(table_item_str(out, "title"), "Run");
	assert_string_equal(num(out, "progress"), "0.1");
	assert_string_equal(num(out, "version"), "1");
	json_decref(out);
	expect_sks(t, &q, "GOAL#g");

	/* Version condition, exact addition, REMOVE, and the GSI follows the new item. */
	assert_int_equal(table_update(t, key, &upd2, &v2, &out, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_null(out);
	assert_int_equal(table_update(t, key, &upd2, &v1, &out, &err), 0);
	assert_string_equal(num(out, "progress"), "0.3");
	assert_string_equal(num(out, "version"), "2");
	assert_null(json_object_get(out, "title"));
	json_decref(out);
	expect_sks(t, &q, "");
	q.pk = "GOAL#completed";
	expect_sks(t, &q, "GOAL#g");
	assert_int_equal(table_get(t, key, &out, &err), 0);
	assert_string_equal(num(out, "progress"), "0.3");
	json_decref(out);

	/* Removing one GSI attribute takes the item out of the index. */
	{
		struct table_update_action rm = { TABLE_UPDATE_REMOVE, "GSI1SK", NULL };
		struct table_update u = { &rm, 1 };

		assert_int_equal(table_update(t, key, &u, NULL, NULL, &err), 0);
		expect_sks(t, &q, "");
	}

	/* Refusals. */
	{
		json_t *s = load("{\"S\":\"x\"}"), *tiny = load("{\"N\":\"0.0001\"}");
		json_t *pkv = load("{\"S\":\"USER#2\"}");
		struct table_update_action bad[][2] = {
			{ { TABLE_UPDATE_SET, "PK", pkv } },
			{ { TABLE_UPDATE_REMOVE, "SK", NULL } },
			{ { TABLE_UPDATE_ADD, "progress", tiny } },
			{ { TABLE_UPDATE_ADD, "progress", s } },
			{ { TABLE_UPDATE_SET, "name", NULL } },
			{ { TABLE_UPDATE_SET, "a", s }, { TABLE_UPDATE_REMOVE, "a", NULL } },
			{ { TABLE_UPDATE_SET, "GSI2PK", one } },
		};
		size_t counts[] = { 1, 1, 1, 1, 1, 2, 1 };
		struct table_update_action addtext = { TABLE_UPDATE_ADD, "label", one };
		struct table_update_action settext = { TABLE_UPDATE_SET, "label", s };
		struct table_update u;

		for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
			u.actions = bad[i];
			u.count = counts[i];
			if (table_update(t, key, &u, NULL, NULL, &err) == 0)
				fail_msg("bad update %zu accepted", i);
			assert_int_equal(err.status, TABLE_INVALID);
		}
		/* ADD onto a string attribute. */
		u.actions = &settext;
		u.count = 1;
		assert_int_equal(table_update(t, key, &u, NULL, NULL, &err), 0);
		u.actions = &addtext;
		assert_int_equal(table_update(t, key, &u, NULL, NULL, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		json_decref(s);
		json_decref(tiny);
		json_decref(pkv);
	}

	json_decref(key);
	json_decref(v01);
	json_decref(v02);
	json_decref(one);
	json_decref(title);
	json_decref(active);
	json_decref(done);
	json_decref(gsk);
}

/* Every key condition, both directions, on the main table and each GSI. */
static void
test_key_ops(void **state)
{
	struct table *t = *state;
	static const char *const sks[] = { "A#1", "A#2", "A#3", "AB", "B#1", "B#2", "C" };
	const size_t nsk = sizeof sks / sizeof sks[0];
	static const struct {
		enum table_key_op op;
		const char *a, *b, *fwd, *bwd;
	} cases[] = {
		{ TABLE_KEY_ANY, NULL, NULL, "A#1,A#2,A#3,AB,B#1,B#2,C", "C,B#2,B#1,AB,A#3,A#2,A#1" },
		{ TABLE_KEY_EQ, "A#2", NULL, "A#2", "A#2" },
		{ TABLE_KEY_EQ, "A#", NULL, "", "" },
		{ TABLE_KEY_BEGINS_WITH, "A#", NULL, "A#1,A#2,A#3", "A#3,A#2,A#1" },
		{ TABLE_KEY_BEGINS_WITH, "A", NULL, "A#1,A#2,A#3,AB", "AB,A#3,A#2,A#1" },
		{ TABLE_KEY_BEGINS_WITH, "B#2", NULL, "B#2", "B#2" },
		{ TABLE_KEY_BEGINS_WITH, "D", NULL, "", "" },
		{ TABLE_KEY_BETWEEN, "A#2", "B#1", "A#2,A#3,AB,B#1", "B#1,AB,A#3,A#2" },
		{ TABLE_KEY_BETWEEN, "A#2", "A#2", "A#2", "A#2" },
		{ TABLE_KEY_LT, "AB", NULL, "A#1,A#2,A#3", "A#3,A#2,A#1" },
		{ TABLE_KEY_LE, "AB", NULL, "A#1,A#2,A#3,AB", "AB,A#3,A#2,A#1" },
		{ TABLE_KEY_GT, "B#1", NULL, "B#2,C", "C,B#2" },
		{ TABLE_KEY_GE, "B#1", NULL, "B#1,B#2,C", "C,B#2,B#1" },
	};

	/*
	 * The main table holds the SKs under P; each GSI n holds the same order in
	 * its sort key, under partition G<n>, with the table's SK reversed so that
	 * the index's order is not the table's. Other items: other partitions, and
	 * sparse items carrying only half of a GSI's key.
	 */
	for (size_t i = 0; i < nsk; i++) {
		char sk[16], extra[512];

		xsnprintf(sk, sizeof sk, "S%zu", nsk - i);
		xsnprintf(extra, sizeof extra, "{\"GSI1PK\":{\"S\":\"G1\"},\"GSI1SK\":{\"S\":\"%s\"},"
		    "\"GSI2PK\":{\"S\":\"G2\"},\"GSI2SK\":{\"S\":\"%s\"},"
		    "\"GSI3PK\":{\"S\":\"G3\"},\"GSI3SK\":{\"S\":\"%s\"}}", sks[i], sks[i], sks[i]);
		put_ok(t, mkitem("I", sk, extra));
		put_ok(t, mkitem("P", sks[i], NULL));
		put_ok(t, mkitem("P0", sks[i], NULL));
		put_ok(t, mkitem("Q", sks[i], "{\"GSI1PK\":{\"S\":\"G1\"},\"GSI2SK\":{\"S\":\"A#1\"},"
		    "\"GSI3PK\":{\"S\":\"G3\"}}"));
	}
	put_ok(t, mkitem("PP", "A#1", "{\"GSI1PK\":{\"S\":\"G10\"},\"GSI1SK\":{\"S\":\"A#1\"}}"));

	for (int ix = 0; ix < TABLE_INDEX_COUNT; ix++) {
		static const char *const pks[] = { "P", "G1", "G2", "G3" };

		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			for (int back = 0; back < 2; back++) {
				struct table_query q = {
					.index = (enum table_index)ix, .pk = pks[ix], .sk_op = cases[i].op,
					.sk_a = cases[i].a, .sk_b = cases[i].b, .backward = back,
				};
				struct table_page page;
				struct table_err err;
				const char *want = back ? cases[i].bwd : cases[i].fwd;
				char *got;
				struct buf_s { char *s; } acc = { xstrdup("") };

				if (table_query(t, &q, &page, &err) != 0)
					fail_msg("query: %s", err.message);
				assert_null(page.cursor);
				for (size_t k = 0; k < page.count; k++) {
					const char *v = table_item_str(page.items[k],
					    table_index_sk_name((enum table_index)ix));
					char *next = xasprintf("%s%s%s", acc.s, k ? "," : "", v);

					if (ix != TABLE_INDEX_MAIN)
						assert_string_equal(table_item_str(page.items[k], "PK"), "I");
					free(acc.s);
					acc.s = next;
				}
				got = acc.s;
				if (strcmp(got, want) != 0)
					fail_msg("index %d op %d back %d: got \"%s\", want \"%s\"", ix,
					    (int)cases[i].op, back, got, want);
				free(got);
				table_page_done(&page);
			}
		}
	}
}

static void
test_query_refusals(void **state)
{
	struct table *t = *state;
	struct table_err err;
	struct table_page page;
	static const struct table_query bad[] = {
		{ .pk = NULL },
		{ .pk = "" },
		{ .pk = "P", .sk_op = TABLE_KEY_EQ, .sk_a = NULL },
		{ .pk = "P", .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = "" },
		{ .pk = "P", .sk_op = TABLE_KEY_BETWEEN, .sk_a = "b", .sk_b = "a" },
		{ .pk = "P", .sk_op = TABLE_KEY_BETWEEN, .sk_a = "b", .sk_b = NULL },
		{ .pk = "\xff" },
		{ .pk = "P", .index = (enum table_index)7 },
		{ .pk = "P", .sk_op = (enum table_key_op)42, .sk_a = "x" },
		{ .pk = "P", .cursor = "garbage!" },
		/* A well-formed cursor of another partition. */
		{ .pk = "P", .cursor = "eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9fQ" },
		/* A main-table cursor on a GSI query. */
		{ .pk = "a", .index = TABLE_INDEX_GSI1,
		  .cursor = "eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9fQ" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		page.count = 99;
		if (table_query(t, &bad[i], &page, &err) == 0)
			fail_msg("query %zu accepted", i);
		assert_int_equal(err.status, TABLE_INVALID);
		assert_int_equal(page.count, 0);
		assert_null(page.items);
	}
}

static void
test_projection_and_limit(void **state)
{
	struct table *t = *state;
	static const char *const proj[] = { "SK", "name", "nothere", NULL };
	struct table_query q = { .pk = "P", .projection = proj, .limit = 2 };
	struct table_page page;
	struct table_err err;

	for (int i = 0; i < 5; i++) {
		char sk[8];

		xsnprintf(sk, sizeof sk, "S%d", i);
		put_ok(t, mkitem("P", sk, "{\"name\":{\"S\":\"n\"},\"other\":{\"N\":\"1\"}}"));
	}
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 2);
	assert_non_null(page.cursor);
	assert_int_equal(json_object_size(page.items[0]), 2);
	assert_string_equal(table_item_str(page.items[0], "SK"), "S0");
	assert_string_equal(table_item_str(page.items[0], "name"), "n");
	table_page_done(&page);

	/* A page that exactly empties the partition carries no cursor. */
	q.limit = 5;
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 5);
	assert_null(page.cursor);
	table_page_done(&page);

	/* The default page is 100, the largest 1000. */
	for (int i = 5; i < 1105; i++) {
		char sk[8];

		xsnprintf(sk, sizeof sk, "S%04d", i);
		put_ok(t, mkitem("P", sk, NULL));
	}
	q.limit = 0;
	q.projection = NULL;
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 100);
	assert_non_null(page.cursor);
	table_page_done(&page);
	q.limit = 5000;
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 1000);
	table_page_done(&page);
}

/* A page stops at 1 MB of items, like DynamoDB's. */
static void
test_page_megabyte(void **state)
{
	struct table *t = *state;
	struct table_query q = { .pk = "BIG", .limit = 1000 };
	char *body = xmalloc(100001);
	size_t n;
	int pages;
	char **list;

	memset(body, 'b', 100000);
	body[100000] = '\0';
	for (int i = 0; i < 25; i++) {
		char sk[8];
		json_t *item;

		xsnprintf(sk, sizeof sk, "S%02d", i);
		item = mkitem("BIG", sk, NULL);
		json_object_set_new(item, "body", json_pack("{s:s}", "S", body));
		put_ok(t, item);
	}
	list = query_all(t, &q, &n, &pages);
	assert_int_equal(n, 25);
	assert_int_equal(pages, 3);     /* 10 + 10 + 5 items of ~100 KB */
	free_list(list, n);
	free(body);
}

/* Every kind of attribute value and every string escape comes back exactly as it went in. */
static void
test_values_round_trip(void **state)
{
	struct table *t = *state;
	struct table_err err;
	static const char *const items[] = {
		"{\"PK\":{\"S\":\"V\"},\"SK\":{\"S\":\"1\"},\"s\":{\"S\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001f\"}}",
		"{\"PK\":{\"S\":\"V\"},\"SK\":{\"S\":\"2\"},\"u\":{\"S\":\"\\u00e9\\u20ac\\ud83d\\ude00 \xc3\xa9\"},"
		"\"\\u00e9\\\"k\":{\"S\":\"\"}}",
		"{\"PK\":{\"S\":\"V\"},\"SK\":{\"S\":\"3\"},\"l\":{\"L\":[{\"S\":\"a\"},{\"N\":\"-1.5e-7\"},"
		"{\"BOOL\":true},{\"BOOL\":false},{\"NULL\":true},{\"L\":[]},{\"M\":{}}]},"
		"\"m\":{\"M\":{\"x\":{\"M\":{\"y\":{\"SS\":[\"b\",\"a\"]}}},\"b\":{\"B\":\"AAEC\"}}},"
		"\"ns\":{\"NS\":[\"1\",\"2.5\"]},\"bs\":{\"BS\":[\"AA==\"]}}",
		"{\"PK\":{\"S\":\"V\"},\"SK\":{\"S\":\"4\"},\"nul\":{\"S\":\"a\\u0000b\"}}",
		/* Attribute names longer than the reader's small key buffer, plain and escaped. */
		("{\"PK\":{\"S\":\"V\"},\"SK\":{\"S\":\"5\"},"
		"\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\":"
		"{\"M\":{\"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\\n\":{\"S\":\"v\\t\"}}}}"),
	};

	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		json_error_t jerr;
		json_t *item = json_loads(items[i], JSON_ALLOW_NUL, &jerr), *out = NULL, *key;
		struct table_page page;
		struct table_query q = { .pk = "V", .sk_op = TABLE_KEY_EQ };

		if (item == NULL)
			fail_msg("test JSON %zu: %s", i, jerr.text);
		if (table_put(t, item, NULL, &err) != 0)
			fail_msg("put %zu: %s", i, err.message);
		key = table_item_key(item, TABLE_INDEX_MAIN);
		assert_int_equal(table_get(t, key, &out, &err), 0);
		if (!json_equal(out, item))
			fail_msg("item %zu changed on the way", i);
		q.sk_a = table_item_str(item, "SK");
		assert_int_equal(table_query(t, &q, &page, &err), 0);
		assert_int_equal(page.count, 1);
		assert_true(json_equal(page.items[0], item));
		table_page_done(&page);
		json_decref(out);
		json_decref(key);
		json_decref(item);
	}
}

/* A page continues after its cursor even when the cursor's item is gone. */
static void
test_cursor_after_delete(void **state)
{
	struct table *t = *state;
	struct table_err err;
	struct table_query q = { .pk = "D", .limit = 2 };
	struct table_page page;
	json_t *key = table_key("D", "b");
	char *cursor;

	put_ok(t, mkitem("D", "a", NULL));
	put_ok(t, mkitem("D", "b", NULL));
	put_ok(t, mkitem("D", "c", NULL));
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	cursor = xstrdup(page.cursor);
	table_page_done(&page);
	assert_int_equal(table_delete(t, key, NULL, NULL, &err), 0);
	q.cursor = cursor;
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 1);
	assert_string_equal(table_item_str(page.items[0], "SK"), "c");
	assert_null(page.cursor);
	table_page_done(&page);
	free(cursor);
	json_decref(key);
}

/* 1,050 items in pages of 100: each exactly once, in order, both ways. */
static void
test_paging_main(void **state)
{
	struct table *t = *state;
	struct table_write *w = xcalloc(1050, sizeof *w);
	struct table_err err;
	size_t n;
	int pages;
	char **list;

	for (int i = 0; i < 1050; i++) {
		char sk[32];

		xsnprintf(sk, sizeof sk, "ACTIVITY#g#%05d", (i * 7919) % 1050);
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = mkitem("USER#1", sk, NULL);
	}
	assert_int_equal(table_batch(t, w, 1050, &err), 0);
	put_ok(t, mkitem("USER#1", "PROFILE", NULL));
	put_ok(t, mkitem("USER#2", "ACTIVITY#g#00001", NULL));

	for (int back = 0; back < 2; back++) {
		struct table_query q = { .pk = "USER#1", .sk_op = TABLE_KEY_BEGINS_WITH,
		    .sk_a = "ACTIVITY#g#", .limit = 100, .backward = back };

		list = query_all(t, &q, &n, &pages);
		assert_int_equal(n, 1050);
		assert_int_equal(pages, 11);
		for (size_t i = 0; i < n; i++) {
			char want[64];

			xsnprintf(want, sizeof want, "USER#1|ACTIVITY#g#%05zu", back ? 1049 - i : i);
			assert_string_equal(list[i], want);
		}
		free_list(list, n);
	}
	for (int i = 0; i < 1050; i++)
		json_decref(w[i].item);
	free(w);
}

static int
cmp_gsi(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* On a GSI with many equal sort keys, pages still visit each item once. */
static void
test_paging_gsi_duplicates(void **state)
{
	struct table *t = *state;
	struct table_write *w = xcalloc(1050, sizeof *w);
	struct table_err err;
	char **want = xcalloc(1050, sizeof *want);
	size_t n;
	int pages;
	char **list;

	for (int i = 0; i < 1050; i++) {
		char pk[32], sk[32], extra[256];
		int day = i % 7;

		xsnprintf(pk, sizeof pk, "USER#%d", i % 13);
		xsnprintf(sk, sizeof sk, "MEAL#%04d", i);
		xsnprintf(extra, sizeof extra, "{\"GSI2PK\":{\"S\":\"USER#u#MEAL\"},"
		    "\"GSI2SK\":{\"S\":\"2026-11-0%dT00:00:00.000Z\"}}", day + 1);
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = mkitem(pk, sk, extra);
		/* The expected order: (GSI2SK, PK, SK), joined by a byte below any in them. */
		want[i] = xasprintf("2026-11-0%dT00:00:00.000Z\x01%s\x01%s", day + 1, pk, sk);
	}
	assert_int_equal(table_batch(t, w, 1050, &err), 0);
	qsort(want, 1050, sizeof *want, cmp_gsi);

	for (int back = 0; back < 2; back++) {
		struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = "USER#u#MEAL",
		    .limit = 100, .backward = back };

		list = query_all(t, &q, &n, &pages);
		assert_int_equal(n, 1050);
		assert_int_equal(pages, 11);
		for (size_t i = 0; i < n; i++) {
			char *exp = xstrdup(strchr(want[back ? 1049 - i : i], '\x01') + 1);

			/* list[i] is "PK|SK"; want is "GSI2SK\1PK\1SK". */
			*strchr(exp, '\x01') = '|';
			assert_string_equal(list[i], exp);
			free(exp);
		}
		free_list(list, n);
	}

	/* A date range on the same index, paged, both ends as data-model.md says. */
	{
		struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = "USER#u#MEAL",
		    .sk_op = TABLE_KEY_BETWEEN, .sk_a = "2026-11-02T00:00:00.000Z",
		    .sk_b = "2026-11-04T00:00:00.000Z", .limit = 33 };

		list = query_all(t, &q, &n, &pages);
		/* Days 2, 3 and 4: BETWEEN is inclusive and day 4's keys equal the bound. */
		assert_int_equal(n, 450);
		free_list(list, n);
	}
	for (int i = 0; i < 1050; i++) {
		json_decref(w[i].item);
		free(want[i]);
	}
	free(w);
	free(want);
}

static void
test_transact(void **state)
{
	struct table *t = *state;
	struct table_err err;
	json_t *a = mkitem("USER#1", "ACTIVITY#g#1", "{\"amount\":{\"N\":\"2\"}}");
	json_t *goal = mkitem("USER#1", "GOAL#g", "{\"progress\":{\"N\":\"0\"},\"version\":{\"N\":\"1\"}}");
	json_t *b = mkitem("USER#1", "ACTIVITY#g#2", NULL);
	json_t *gkey = table_key("USER#1", "GOAL#g"), *akey = table_key("USER#1", "ACTIVITY#g#1");
	json_t *bkey = table_key("USER#1", "ACTIVITY#g#2"), *out = NULL;
	json_t *two = load("{\"N\":\"2\"}"), *one = load("{\"N\":\"1\"}");
	struct table_update_action acts[] = {
		{ TABLE_UPDATE_ADD, "progress", two },
		{ TABLE_UPDATE_ADD, "version", one },
	};
	struct table_write w[3];

	put_ok(t, json_incref(goal));

	/* The 2nd of 3 writes fails its condition: nothing is written. */
	memset(w, 0, sizeof w);
	w[0] = (struct table_write){ .kind = TABLE_WRITE_PUT, .item = a,
	    .cond = { .kind = TABLE_COND_NOT_EXISTS } };
	w[1] = (struct table_write){ .kind = TABLE_WRITE_UPDATE, .key = gkey,
	    .update = { acts, 2 }, .cond = { .kind = TABLE_COND_VERSION, .version = 7 } };
	w[2] = (struct table_write){ .kind = TABLE_WRITE_PUT, .item = b };
	assert_int_equal(table_transact(t, w, 3, "tok-1", &err), -1);
	assert_int_equal(err.status, TABLE_TXN_CANCELED);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.reason, TABLE_COND_FAILED);
	assert_int_equal(table_get(t, akey, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(table_get(t, bkey, &out, &err), -1);
	assert_int_equal(table_get(t, gkey, &out, &err), 0);
	assert_string_equal(num(out, "progress"), "0");
	json_decref(out);

	/* The same with the right version: all three land. */
	w[1].cond.version = 1;
	assert_int_equal(table_transact(t, w, 3, NULL, &err), 0);
	assert_int_equal(table_get(t, gkey, &out, &err), 0);
	assert_string_equal(num(out, "progress"), "2");
	assert_string_equal(num(out, "version"), "2");
	json_decref(out);
	assert_int_equal(table_get(t, bkey, &out, &err), 0);
	json_decref(out);

	/* A check that fails cancels a delete; a missing item under VERSION is a failed condition. */
	memset(w, 0, sizeof w);
	w[0] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = akey };
	w[1] = (struct table_write){ .kind = TABLE_WRITE_UPDATE, .key = bkey, .update = { acts, 2 } };
	w[2] = (struct table_write){ .kind = TABLE_WRITE_CHECK, .key = table_key("USER#1", "NOPE"),
	    .cond = { .kind = TABLE_COND_VERSION, .version = 1 } };
	assert_int_equal(table_transact(t, w, 3, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_TXN_CANCELED);
	assert_int_equal(err.index, 2);
	assert_int_equal(err.reason, TABLE_COND_FAILED);
	assert_int_equal(table_get(t, akey, &out, &err), 0);
	json_decref(out);
	assert_int_equal(table_get(t, bkey, &out, &err), 0);
	assert_null(json_object_get(out, "progress"));
	json_decref(out);
	json_decref(w[2].key);

	/* Two writes on one item, too many writes, none at all: refused up front. */
	memset(w, 0, sizeof w);
	w[0] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = akey };
	w[1] = (struct table_write){ .kind = TABLE_WRITE_PUT, .item = a };
	assert_int_equal(table_transact(t, w, 2, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 1);
	assert_int_equal(table_transact(t, w, 0, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	{
		struct table_write *many = xcalloc(101, sizeof *many);
		json_t **keys = xcalloc(101, sizeof *keys);

		for (int i = 0; i < 101; i++) {
			char sk[16];

			xsnprintf(sk, sizeof sk, "K%d", i);
			keys[i] = table_key("T", sk);
			many[i] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = keys[i] };
		}
		assert_int_equal(table_transact(t, many, 101, NULL, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		assert_int_equal(table_transact(t, many, 100, NULL, &err), 0);
		for (int i = 0; i < 101; i++)
			json_decref(keys[i]);
		free(keys);
		free(many);
	}
	/* A check without a condition is malformed. */
	memset(w, 0, sizeof w);
	w[0] = (struct table_write){ .kind = TABLE_WRITE_CHECK, .key = akey };
	assert_int_equal(table_transact(t, w, 1, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 0);

	json_decref(a);
	json_decref(b);
	json_decref(goal);
	json_decref(gkey);
	json_decref(akey);
	json_decref(bkey);
	json_decref(two);
	json_decref(one);
}

static void
test_batch(void **state)
{
	struct table *t = *state;
	struct table_write *w = xcalloc(3000, sizeof *w);
	struct table_err err;
	struct table_query q = { .pk = "USER#b", .limit = 1000 };
	size_t n;
	int pages;
	char **list;

	for (int i = 0; i < 3000; i++) {
		char sk[32];

		xsnprintf(sk, sizeof sk, "JOURNAL#%05d", i);
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = mkitem("USER#b", sk, "{\"body\":{\"S\":\"text\"}}");
	}
	assert_int_equal(table_batch(t, w, 3000, &err), 0);
	list = query_all(t, &q, &n, &pages);
	assert_int_equal(n, 3000);
	free_list(list, n);

	/* One bad write in a batch: nothing of it is written (all or nothing). */
	for (int i = 0; i < 3000; i++) {
		json_decref(w[i].item);
		w[i].item = NULL;
		w[i].kind = TABLE_WRITE_DELETE;
		w[i].key = table_key("USER#b", i % 2 ? "JOURNAL#00001" : "JOURNAL#00002");
	}
	w[5].kind = TABLE_WRITE_UPDATE;
	assert_int_equal(table_batch(t, w, 3000, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 5);
	w[5].kind = TABLE_WRITE_DELETE;
	w[7].cond.kind = TABLE_COND_EXISTS;
	assert_int_equal(table_batch(t, w, 3000, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 7);
	list = query_all(t, &q, &n, &pages);
	assert_int_equal(n, 3000);
	free_list(list, n);
	w[7].cond.kind = TABLE_COND_NONE;
	assert_int_equal(table_batch(t, w, 3000, &err), 0);
	list = query_all(t, &q, &n, &pages);
	assert_int_equal(n, 2998);
	free_list(list, n);
	assert_int_equal(table_batch(t, w, 0, &err), 0);
	for (int i = 0; i < 3000; i++)
		json_decref(w[i].key);
	free(w);
}

/* S keys sort as UTF-8 bytes, as DynamoDB sorts them (not as code points in UTF-16, not by locale). */
static void
test_utf8_order(void **state)
{
	struct table *t = *state;
	static const char *const sks[] = {
		"\xf0\x9f\x98\x80",     /* U+1F600 */
		"Z", "a", "z", "~",
		"\xc3\xa9",             /* é */
		"\xc3\xa9t\xc3\xa9",    /* été */
		"\xc3\xbf",             /* ÿ */
		"\xe2\x82\xac",         /* € */
		"\xef\xbd\x81",         /* U+FF41, above the surrogates in UTF-8 order */
		"A",
	};
	struct table_query q = { .pk = "U" };

	for (size_t i = 0; i < sizeof sks / sizeof sks[0]; i++)
		put_ok(t, mkitem("U", sks[i], NULL));
	expect_sks(t, &q, "A,Z,a,z,~,\xc3\xa9,\xc3\xa9t\xc3\xa9,\xc3\xbf,\xe2\x82\xac,"
	    "\xef\xbd\x81,\xf0\x9f\x98\x80");
	q.sk_op = TABLE_KEY_BEGINS_WITH;
	q.sk_a = "\xc3\xa9";
	expect_sks(t, &q, "\xc3\xa9,\xc3\xa9t\xc3\xa9");
	q.sk_a = "\xc3";        /* not UTF-8 on its own: refused */
	{
		struct table_page page;
		struct table_err err;

		assert_int_equal(table_query(t, &q, &page, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
	}
}

/* Every query kind is answered from an index, never a scan or a sort. */
static void
test_query_plans(void **state)
{
	struct table *t;
	struct table_err err;
	sqlite3_stmt *st;
	int checked = 0;
	char *cursor[TABLE_INDEX_COUNT] = { NULL };

	last_db = NULL;
	sqlite3_auto_extension((void (*)(void))catch_db);
	t = open_mem();
	sqlite3_cancel_auto_extension((void (*)(void))catch_db);
	assert_non_null(last_db);
	for (int i = 0; i < 4; i++) {
		char sk[8];

		xsnprintf(sk, sizeof sk, "S%d", i);
		put_ok(t, mkitem("P", sk, "{\"GSI1PK\":{\"S\":\"P\"},\"GSI1SK\":{\"S\":\"x\"},"
		    "\"GSI2PK\":{\"S\":\"P\"},\"GSI2SK\":{\"S\":\"x\"},"
		    "\"GSI3PK\":{\"S\":\"P\"},\"GSI3SK\":{\"S\":\"x\"}}"));
	}
	for (int ix = 0; ix < TABLE_INDEX_COUNT; ix++) {
		struct table_query q = { .index = (enum table_index)ix, .pk = "P", .limit = 1 };
		struct table_page page;

		assert_int_equal(table_query(t, &q, &page, &err), 0);
		assert_non_null(page.cursor);
		cursor[ix] = xstrdup(page.cursor);
		table_page_done(&page);
		/* Operands that the cursor's sort key ("S0" or "x") meets for every op. */
		for (int op = TABLE_KEY_ANY; op <= TABLE_KEY_GE; op++)
			for (int back = 0; back < 2; back++)
				for (int c = 0; c < 2; c++) {
					const char *cv = ix == TABLE_INDEX_MAIN ? "S0" : "x";

					q.sk_op = (enum table_key_op)op;
					q.sk_a = op == TABLE_KEY_GT ? "A" : op == TABLE_KEY_LT ? "zz" :
					    op == TABLE_KEY_BEGINS_WITH ? (ix ? "x" : "S") : cv;
					q.sk_b = "zz";
					q.backward = back;
					q.cursor = c ? cursor[ix] : NULL;
					if (table_query(t, &q, &page, &err) != 0)
						fail_msg("index %d op %d: %s", ix, op, err.message);
					table_page_done(&page);
				}
		/* A cursor outside the key condition is refused, as DynamoDB refuses it. */
		q.sk_op = TABLE_KEY_GT;
		q.sk_a = "zz";
		q.cursor = cursor[ix];
		assert_int_equal(table_query(t, &q, &page, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
	}
	for (st = sqlite3_next_stmt(last_db, NULL); st != NULL; st = sqlite3_next_stmt(last_db, st)) {
		const char *sql = sqlite3_sql(st);
		char *eqp, *plan;
		sqlite3_stmt *e;

		if (strncmp(sql, "SELECT item FROM items", 22) != 0 || strstr(sql, "?2") == NULL ||
		    strstr(sql, "LIMIT ?8") == NULL)
			continue;
		plan = xstrdup("");
		eqp = xasprintf("EXPLAIN QUERY PLAN %s", sql);
		assert_int_equal(sqlite3_prepare_v2(last_db, eqp, -1, &e, NULL), SQLITE_OK);
		while (sqlite3_step(e) == SQLITE_ROW) {
			char *next = xasprintf("%s%s;", plan, (const char *)sqlite3_column_text(e, 3));

			free(plan);
			plan = next;
		}
		sqlite3_finalize(e);
		if (getenv("AILIFE_TEST_PLANS") != NULL)
			print_message("%s\n  %s\n", sql, plan);
		if (strstr(plan, "SEARCH items USING") == NULL || strstr(plan, "SCAN") != NULL ||
		    strstr(plan, "TEMP B-TREE") != NULL)
			fail_msg("plan of %s: %s", sql, plan);
		if (strstr(sql, "gsi1pk") != NULL)
			assert_non_null(strstr(plan, "USING INDEX items_gsi1 (tname=? AND gsi1pk=?"));
		else if (strstr(sql, "gsi2pk") != NULL)
			assert_non_null(strstr(plan, "USING INDEX items_gsi2 (tname=? AND gsi2pk=?"));
		else if (strstr(sql, "gsi3pk") != NULL)
			assert_non_null(strstr(plan, "USING INDEX items_gsi3 (tname=? AND gsi3pk=?"));
		else
			assert_non_null(strstr(plan, "USING PRIMARY KEY (tname=? AND pk=?"));
		/* Range ops and cursors narrow the search in the index, not after it. */
		if (strstr(sql, "(?5, ?6, ?7)") != NULL && strstr(plan, ",pk,sk)>(?,?,?)") == NULL &&
		    strstr(plan, ",pk,sk)<(?,?,?)") == NULL)
			fail_msg("plan of %s: the cursor is not in the index search: %s", sql, plan);
		if (strstr(sql, "(?6, ?7)") != NULL && strstr(sql, "(?5, ?6, ?7)") == NULL &&
		    strstr(plan, "sk=? AND (pk,sk)>(?,?)") == NULL &&
		    strstr(plan, "sk=? AND (pk,sk)<(?,?)") == NULL)
			fail_msg("plan of %s: the cursor is not in the index search: %s", sql, plan);
		/* (sk = ?3 finds one row at most: the cursor is then a mere filter.) */
		if ((strstr(sql, "sk > ?5") != NULL || strstr(sql, "sk < ?5") != NULL) &&
		    strstr(sql, "sk = ?3") == NULL)
			assert_true(strstr(plan, "sk>?") != NULL || strstr(plan, "sk<?") != NULL);
		free(plan);
		free(eqp);
		checked++;
	}
	assert_int_equal(checked, TABLE_INDEX_COUNT * 8 * 2 * 2);
	for (int ix = 0; ix < TABLE_INDEX_COUNT; ix++)
		free(cursor[ix]);
	table_close(t);
}

static void
test_file(void **state)
{
	struct table_err err;
	char *dir = xasprintf("%s/a/b", tmpdir);
	char *path = xasprintf("%s/ailife.db", dir);
	char *wal = xasprintf("%s-wal", path);
	struct table *t, *t2;
	struct stat sb;
	json_t *key = table_key("USER#1", "PROFILE"), *out = NULL;
	bool created;
	mode_t old = umask(022);

	t = local_open(path, TNAME, &err);
	if (t == NULL)
		fail_msg("open: %s", err.message);
	umask(old);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_true(created);
	put_ok(t, mkitem("USER#1", "PROFILE", "{\"name\":{\"S\":\"Ann\"}}"));
	assert_int_equal(stat(wal, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);

	/* A second logical table in the same file (--table). */
	t2 = local_open(path, "other-table", &err);
	assert_non_null(t2);
	assert_int_equal(table_get(t2, key, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_int_equal(table_create(t2, &created, &err), 0);
	assert_true(created);
	assert_int_equal(table_get(t2, key, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	put_ok(t2, mkitem("USER#1", "PROFILE", "{\"name\":{\"S\":\"Other\"}}"));
	table_close(t2);
	table_close(t);

	/* Reopened, the data is there. */
	t = local_open(path, TNAME, &err);
	assert_non_null(t);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_false(created);
	assert_int_equal(table_get(t, key, &out, &err), 0);
	assert_string_equal(table_item_str(out, "name"), "Ann");
	json_decref(out);
	table_close(t);

	/* The journal mode is WAL and the schema version 1. */
	{
		sqlite3 *db;
		sqlite3_stmt *st;

		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
		assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 1);
		sqlite3_finalize(st);
		sqlite3_close(db);
	}

	/* A folder that cannot be made is an I/O error with the path. */
	{
		char *bad = xasprintf("%s/ailife.db/x/y.db", dir);

		assert_null(local_open(bad, TNAME, &err));
		assert_int_equal(err.status, TABLE_IO);
		assert_non_null(strstr(err.message, tmpdir));
		free(bad);
	}
	json_decref(key);
	free(dir);
	free(path);
	free(wal);
}

static void
test_schema_newer(void **state)
{
	struct table_err err;
	char *path = xasprintf("%s/newer.db", tmpdir);
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 2", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_null(local_open(path, TNAME, &err));
	assert_int_equal(err.status, TABLE_IO);
	assert_non_null(strstr(err.message, "newer"));
	assert_non_null(strstr(err.message, path));

	/* Not a database at all. */
	{
		char *junk = xasprintf("%s/junk.db", tmpdir);
		FILE *f = fopen(junk, "w");

		assert_non_null(f);
		fputs("this is not a database, it is only a text file of some length ..........\n", f);
		fclose(f);
		assert_null(local_open(junk, TNAME, &err));
		assert_int_equal(err.status, TABLE_IO);
		free(junk);
	}
	free(path);
}


/*
 * Pages of a query on a table of many partitions: full pages, in order. How
 * fast they are is for the benchmarks (make bench), not for a unit test; the
 * query-plan test proves that every query is an index search.
 */
static void
test_many_partitions(void **state)
{
	struct table *t = *state;
	const int total = 5000;
	struct table_write *w = xcalloc((size_t)total, sizeof *w);
	struct table_err err;

	for (int i = 0; i < total; i++) {
		char pk[32], sk[64], extra[256];

		/* A thousand meals per user, five users. */
		xsnprintf(pk, sizeof pk, "USER#%d", i % (total / 1000));
		xsnprintf(sk, sizeof sk, "MEAL#%06d", i);
		xsnprintf(extra, sizeof extra, "{\"GSI2PK\":{\"S\":\"%s#MEAL\"},"
		    "\"GSI2SK\":{\"S\":\"2026-11-%02dT00:00:00.000Z#%06d\"},\"name\":{\"S\":\"soup\"},"
		    "\"calories\":{\"N\":\"420\"},\"type\":{\"S\":\"MEAL\"}}", pk, i % 28 + 1, i);
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = mkitem(pk, sk, extra);
	}
	assert_int_equal(table_batch(t, w, (size_t)total, &err), 0);
	for (int r = 0; r < 2; r++) {
		struct table_query q = { .index = r % 2 ? TABLE_INDEX_GSI2 : TABLE_INDEX_MAIN,
		    .pk = r % 2 ? "USER#3#MEAL" : "USER#3", .limit = 100, .backward = true };
		struct table_page page;
		if (r % 2) {
			q.sk_op = TABLE_KEY_BETWEEN;
			q.sk_a = "2026-11-03T00:00:00.000Z";
			q.sk_b = "2026-11-20T00:00:00.000Z";
		} else {
			q.sk_op = TABLE_KEY_BEGINS_WITH;
			q.sk_a = "MEAL#";
		}
		assert_int_equal(table_query(t, &q, &page, &err), 0);
		assert_int_equal(page.count, 100);
		assert_non_null(page.cursor);
		for (size_t k = 1; k < page.count; k++) {
			const char *n = r % 2 ? "GSI2SK" : "SK";
			assert_true(strcmp(table_item_str(page.items[k - 1], n), table_item_str(page.items[k], n)) > 0);
			assert_string_equal(table_item_str(page.items[k], "PK"), "USER#3");
		}
		table_page_done(&page);
	}
	for (int i = 0; i < total; i++)
		json_decref(w[i].item);
	free(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_describe),
		cmocka_unit_test_setup_teardown(test_put_get_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_projection_and_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_page_megabyte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_after_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging_main, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paging_gsi_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_order, setup, teardown),
		cmocka_unit_test(test_query_plans),
		cmocka_unit_test_setup_teardown(test_file, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_schema_newer, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_many_partitions, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
