/*
 * Tests of datastore/open: the backend the plain settings name, the embedded
 * table made on the way, an unknown store refused, --explain's stand-ins over
 * DynamoDB whatever the store, and dual writes on a store without legacy
 * tables turned into a warning for the caller (the words the CLI prints).
 * Nothing here reaches a network: DynamoDB is opened, never called, or
 * explained.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datastore/ddb/ddb.h"
#include "datastore/open.h"
#include "datastore/read_only_table.h"

#define T "ai-lifestyle-app-main"

static void
options_local(struct store_open_options *o)
{
	memset(o, 0, sizeof *o);
	o->store = "local";
	o->table = T;
	o->db = ":memory:";
}

static void
test_open_local(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	struct table *t = NULL;
	json_t *desc = NULL;
	bool created = true;

	options_local(&o);
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_non_null(t);
	assert_int_equal(w.count, 0);
	assert_string_equal(t->backend->name, "local");
	assert_string_equal(t->name, T);
	assert_false(ddb_is(t));
	assert_false(store_open_dynamodb(&o));
	/* The table is there at once: no set-up step on the embedded store. */
	assert_int_equal(table_describe(t, &desc, &err), 0);
	json_decref(desc);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_false(created);
	table_close(t);

	/* No store named: the embedded one. */
	o.store = NULL;
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_string_equal(t->backend->name, "local");
	table_close(t);
}

/* The embedded store holds one table: the migration's operations on others are refused in so many words. */
static void
test_open_local_no_other_tables(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	struct table *t = NULL;
	struct table_scan scan = { .table = "goals", .segment = 0, .segments = 1 };
	struct table_scan_page page;
	json_t *out = NULL;

	options_local(&o);
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_false(table_other_tables(t));
	assert_int_equal(table_scan_many(t, &scan, &page, 1, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message, "the local store cannot scan table goals: it reaches no table but its own");
	assert_int_equal(table_describe_named(t, "goal-activities", &out, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message,
	    "the local store cannot describe table goal-activities: it reaches no table but its own");
	assert_int_equal(table_delete_named(t, "goals", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message, "the local store cannot delete table goals: it reaches no table but its own");
	table_close(t);
}

static void
test_open_refused(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	static struct table sentinel;
	struct table *t = &sentinel;

	options_local(&o);
	o.store = "postgres";
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_null(t);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message, "unknown store 'postgres' (use local or dynamodb)");
	assert_int_equal(w.count, 0);

	options_local(&o);
	o.db = NULL;
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_null(t);
	assert_int_equal(err.status, TABLE_INVALID);

	options_local(&o);
	o.table = NULL;
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);

	/* DynamoDB's own refusals come back as they are: no region, no credentials. */
	memset(&o, 0, sizeof o);
	o.store = "dynamodb";
	o.table = T;
	o.access_key_id = "AKID";
	o.secret_access_key = "secret";
	assert_true(store_open_dynamodb(&o));
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_null(t);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_non_null(strstr(err.message, "no usable AWS region"));
	o.region = "eu-west-1";
	o.secret_access_key = NULL;
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_int_equal(err.status, TABLE_AUTH);
	o.secret_access_key = "secret";
	o.endpoint = "ftp://127.0.0.1:8000";
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
}

static void
test_open_dynamodb(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	struct table *t = NULL;

	memset(&o, 0, sizeof o);
	o.store = "dynamodb";
	o.table = T;
	o.region = "eu-west-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.access_key_id = "AKID";
	o.secret_access_key = "secret";
	/* Opening sends nothing: the first request is the first call. */
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_int_equal(w.count, 0);
	assert_true(ddb_is(t));
	assert_true(table_other_tables(t));
	assert_string_equal(t->backend->name, "dynamodb");
	assert_string_equal(t->name, T);
	table_close(t);
}

/* --explain: DynamoDB whatever the store, no credentials needed, a stand-in for what a write reads first. */
static void
test_open_explain(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	struct table *t = NULL;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	json_t *key = table_key("USER#u1", "GOAL#g1"), *got = NULL;

	options_local(&o);
	o.db = NULL;
	o.explain = true;
	o.explain_out = f;
	o.dual_write = true;
	assert_true(store_open_dynamodb(&o));
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	/* Dual writes are not for --explain: no wrapper, and no warning either. */
	assert_int_equal(w.count, 0);
	assert_string_equal(t->backend->name, "explain");
	assert_false(ddb_is(t));
	assert_false(table_other_tables(t));
	assert_int_equal(table_get(t, key, &got, &err), 0);
	assert_string_equal(table_item_str(got, "goalId"), "g1");
	assert_string_equal(table_item_str(got, "userId"), "u1");
	table_close(t);
	fclose(f);
	assert_non_null(strstr(out, "GetItem table=" T " key: PK = \"USER#u1\", SK = \"GOAL#g1\""));
	free(out);
	json_decref(got);
	json_decref(key);
}

static void
test_open_dual_write_local(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	struct table *t = NULL;

	options_local(&o);
	o.dual_write = true;
	o.legacy_goals_table = "goals";
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_string_equal(t->backend->name, "local");
	assert_int_equal(w.count, 1);
	assert_string_equal(w.text[0], "[legacy] dual_write is set, but dual writes are a DynamoDB feature:"
	    " the embedded store has no legacy tables; goal and activity writes go to the single table only");
	store_open_warnings_done(&w);
	assert_int_equal(w.count, 0);
	store_open_warnings_done(NULL);
	table_close(t);
}

/* --read-only: reads pass, every write is refused before it reaches the store, nothing is created. */
static void
test_open_read_only(void **state)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct table_err err;
	struct table *t = NULL;
	char dir[] = "/tmp/test_open.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/ro.db", dir);

	options_local(&o);
	o.db = path;
	o.read_only = true;
	/* No file: none is made. */
	assert_int_equal(store_open(&o, &t, &w, &err), -1);
	assert_null(t);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(access(path, F_OK), -1);

	/* A store with an item, opened read-only. */
	o.read_only = false;
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	json_t *item = json_pack("{s{ss} s{ss} s{ss}}", "PK", "S", "USER#u", "SK", "S", "PROFILE", "type", "S", "USER");
	assert_int_equal(table_put(t, item, NULL, &err), 0);
	table_close(t);
	o.read_only = true;
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_true(read_only_table_is(t));
	assert_string_equal(t->inner->backend->name, "local");
	json_t *key = json_pack("{s{ss} s{ss}}", "PK", "S", "USER#u", "SK", "S", "PROFILE"), *got = NULL;
	assert_int_equal(table_get(t, key, &got, &err), 0);
	assert_non_null(got);
	json_decref(got);
	struct table_write wr = { .kind = TABLE_WRITE_PUT, .item = item };
	bool created = true;
	assert_int_equal(table_put(t, item, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_non_null(strstr(err.message, "read-only: PutItem refused"));
	assert_int_equal(table_delete(t, key, NULL, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(table_transact(t, &wr, 1, NULL, &err), -1);
	assert_int_equal(table_batch(t, &wr, 1, &err), -1);
	assert_int_equal(table_create(t, &created, &err), -1);
	assert_false(created);
	table_close(t);
	/* The item is still there, unchanged: nothing was sent. */
	o.read_only = false;
	assert_int_equal(store_open(&o, &t, &w, &err), 0);
	assert_int_equal(table_get(t, key, &got, &err), 0);
	assert_non_null(got);
	json_decref(got);
	table_close(t);
	json_decref(key);
	json_decref(item);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_local),
		cmocka_unit_test(test_open_local_no_other_tables),
		cmocka_unit_test(test_open_refused),
		cmocka_unit_test(test_open_dynamodb),
		cmocka_unit_test(test_open_explain),
		cmocka_unit_test(test_open_dual_write_local),
		cmocka_unit_test(test_open_read_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
