/* Unit tests for datastore/table: cursors, item sizes, keys, the expected description. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datastore/table.h"
#include "util/xmalloc.h"

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, 0, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return j;
}

static void
test_index_names(void **state)
{
	static const struct {
		enum table_index ix;
		const char *pk, *sk, *name;
	} cases[] = {
		{ TABLE_INDEX_MAIN, "PK", "SK", NULL },
		{ TABLE_INDEX_GSI1, "GSI1PK", "GSI1SK", "GSI1" },
		{ TABLE_INDEX_GSI2, "GSI2PK", "GSI2SK", "GSI2" },
		{ TABLE_INDEX_GSI3, "GSI3PK", "GSI3SK", "GSI3" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_equal(table_index_pk_name(cases[i].ix), cases[i].pk);
		assert_string_equal(table_index_sk_name(cases[i].ix), cases[i].sk);
		if (cases[i].name == NULL)
			assert_null(table_index_name(cases[i].ix));
		else
			assert_string_equal(table_index_name(cases[i].ix), cases[i].name);
	}
	assert_null(table_index_pk_name((enum table_index)9));
	assert_null(table_index_sk_name((enum table_index)-1));
}

static void
test_err(void **state)
{
	struct table_err err;
	char big[1000];

	table_err_clear(&err);
	assert_int_equal(err.status, TABLE_OK);
	assert_int_equal(err.index, -1);
	assert_string_equal(err.message, "");
	assert_int_equal(table_err_set(&err, TABLE_INVALID, "bad %s %d", "thing", 7), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, -1);
	assert_string_equal(err.message, "bad thing 7");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	table_err_set(&err, TABLE_IO, "%s", big);
	assert_int_equal(strlen(err.message), sizeof err.message - 1);
	assert_int_equal(table_err_set(NULL, TABLE_IO, "x"), -1);
}

static void
test_key_and_str(void **state)
{
	json_t *k = table_key("USER#1", "PROFILE");
	json_t *item = load("{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"GOAL#g\"},"
	    "\"GSI1PK\":{\"S\":\"GOAL#active\"},\"GSI1SK\":{\"S\":\"USER#1#GOAL#g\"},"
	    "\"GSI2PK\":{\"S\":\"only-pk\"},\"n\":{\"N\":\"3\"}}");
	json_t *want, *got;
	char *text;

	text = json_dumps(k, JSON_COMPACT | JSON_SORT_KEYS);
	assert_string_equal(text, "{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"PROFILE\"}}");
	free(text);
	json_decref(k);

	assert_string_equal(table_item_str(item, "PK"), "USER#1");
	assert_null(table_item_str(item, "n"));
	assert_null(table_item_str(item, "missing"));
	assert_null(table_item_str(NULL, "PK"));

	got = table_item_key(item, TABLE_INDEX_MAIN);
	want = load("{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"GOAL#g\"}}");
	assert_true(json_equal(got, want));
	json_decref(got);
	json_decref(want);

	got = table_item_key(item, TABLE_INDEX_GSI1);
	want = load("{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"GOAL#g\"},"
	    "\"GSI1PK\":{\"S\":\"GOAL#active\"},\"GSI1SK\":{\"S\":\"USER#1#GOAL#g\"}}");
	assert_true(json_equal(got, want));
	json_decref(got);
	json_decref(want);

	/* Not in GSI2 (sparse: only one of the pair) nor GSI3. */
	assert_null(table_item_key(item, TABLE_INDEX_GSI2));
	assert_null(table_item_key(item, TABLE_INDEX_GSI3));
	json_decref(item);
}

static void
test_cursor_round_trip(void **state)
{
	static const char *const keys[] = {
		"{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"PROFILE\"}}",
		("{\"PK\":{\"S\":\"USER#01J\"},\"SK\":{\"S\":\"ACTIVITY#g#2026-11-26T04:03:04.123Z\"},"
		"\"GSI2PK\":{\"S\":\"USER#01J#ACTIVITY\"},\"GSI2SK\":{\"S\":\"2026-11-26T04:03:04.123Z#g\"}}"),
		"{\"PK\":{\"S\":\"\xc3\xa9t\xc3\xa9 \\\"q\\\" \\\\\"},\"SK\":{\"S\":\"\xf0\x9f\x98\x80\"}}",
		"{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"b\"}}",
		"{\"PK\":{\"S\":\"ab\"},\"SK\":{\"S\":\"b\"}}",
		"{\"PK\":{\"S\":\"abc\"},\"SK\":{\"S\":\"b\"}}",
	};

	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		json_t *k = load(keys[i]), *back;
		char *c = table_cursor_encode(k);

		assert_non_null(c);
		for (const char *p = c; *p != '\0'; p++)
			assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-_", *p));
		back = table_cursor_decode(c);
		assert_non_null(back);
		assert_true(json_equal(k, back));
		json_decref(back);
		free(c);
		json_decref(k);
	}
	assert_null(table_cursor_encode(NULL));
}

/* The cursor of {"PK":{"S":"a"},"SK":{"S":"b"}}, made by hand: sorted compact JSON, base64url. */
static void
test_cursor_known(void **state)
{
	json_t *k = load("{\"SK\":{\"S\":\"b\"},\"PK\":{\"S\":\"a\"}}");
	char *c = table_cursor_encode(k);

	/* base64url("{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"b\"}}") without '=' */
	assert_string_equal(c, "eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9fQ");
	free(c);
	json_decref(k);
}

static char *
b64url(const char *text)
{
	char *out;
	static const char tbl[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t len = strlen(text), o = 0, i;

	out = xmalloc(len * 2 + 8);
	for (i = 0; i + 2 < len; i += 3) {
		unsigned v = (unsigned char)text[i] << 16 | (unsigned char)text[i + 1] << 8 |
		    (unsigned char)text[i + 2];
		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
		out[o++] = tbl[v >> 6 & 63];
		out[o++] = tbl[v & 63];
	}
	if (len - i == 1) {
		unsigned v = (unsigned char)text[i] << 16;
		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
	} else if (len - i == 2) {
		unsigned v = (unsigned char)text[i] << 16 | (unsigned char)text[i + 1] << 8;
		out[o++] = tbl[v >> 18 & 63];
		out[o++] = tbl[v >> 12 & 63];
		out[o++] = tbl[v >> 6 & 63];
	}
	out[o] = '\0';
	return out;
}

static void
test_cursor_garbage(void **state)
{
	static const char *const raw[] = {
		"", "!", "a", "ab=", "eyJ", "====", "eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9fQ==",
		"eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9fR", /* non-zero trailing bits */
		"eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9fQ ",
		"eyJQSyI6eyJTIjoiYSJ9LCJTSyI6eyJTIjoiYiJ9f+",
	};
	static const char *const json_texts[] = {
		"[]", "\"x\"", "1", "null", "{}", "{\"PK\":\"a\"}", "{\"PK\":{\"N\":\"1\"}}",
		"{\"PK\":{\"S\":1}}", "{\"PK\":{\"S\":\"a\",\"N\":\"1\"}}", "{\"PK\":{}}",
		"{\"PK\":{\"S\":\"a\"},\"PK\":{\"S\":\"b\"}}", "{\"\":{\"S\":\"a\"}}",
		("{\"a\":{\"S\":\"1\"},\"b\":{\"S\":\"1\"},\"c\":{\"S\":\"1\"},\"d\":{\"S\":\"1\"},"
		"\"e\":{\"S\":\"1\"},\"f\":{\"S\":\"1\"},\"g\":{\"S\":\"1\"}}"),
		"{\"PK\":{\"S\":\"a\"}} trailing", "{\"PK\":{\"S\":\"a\\u0000b\"}}",
		"{\"PK\":{\"S\":{\"S\":\"a\"}}}",
	};
	char *longc;

	for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++)
		if (table_cursor_decode(raw[i]) != NULL)
			fail_msg("cursor \"%s\" accepted", raw[i]);
	for (size_t i = 0; i < sizeof json_texts / sizeof json_texts[0]; i++) {
		char *c = b64url(json_texts[i]);

		if (table_cursor_decode(c) != NULL)
			fail_msg("cursor of %s accepted", json_texts[i]);
		free(c);
	}
	assert_null(table_cursor_decode(NULL));

	/* Six attributes pass; the length bound holds even for well-formed text. */
	{
		char *c = b64url("{\"a\":{\"S\":\"1\"},\"b\":{\"S\":\"1\"},\"c\":{\"S\":\"1\"},"
		    "\"d\":{\"S\":\"1\"},\"e\":{\"S\":\"1\"},\"f\":{\"S\":\"1\"}}");
		json_t *k = table_cursor_decode(c);

		assert_non_null(k);
		assert_int_equal(json_object_size(k), 6);
		json_decref(k);
		free(c);
	}
	{
		/* The largest legal keys (2048-byte partition keys, 1024-byte sort keys) on a GSI page. */
		char *pk = xmalloc(2049), *sk = xmalloc(1025);
		char *c;
		json_t *k, *back;

		memset(pk, 'p', 2048);
		pk[2048] = '\0';
		memset(sk, 's', 1024);
		sk[1024] = '\0';
		k = table_key(pk, sk);
		json_object_set_new(k, "GSI1PK", json_pack("{ss}", "S", pk));
		json_object_set_new(k, "GSI1SK", json_pack("{ss}", "S", sk));
		c = table_cursor_encode(k);
		back = table_cursor_decode(c);
		assert_non_null(back);
		assert_true(json_equal(back, k));
		json_decref(back);
		free(c);
		json_decref(k);
		free(pk);
		free(sk);
	}
	{
		json_t *k = table_key("a", "s");
		char *big = xmalloc(20000);
		char *c;

		memset(big, 'y', 19999);
		big[19999] = '\0';
		json_object_set_new(json_object_get(k, "SK"), "S", json_string(big));
		c = table_cursor_encode(k);
		assert_true(strlen(c) > 16384);
		assert_null(table_cursor_decode(c));
		free(c);
		free(big);
		json_decref(k);
	}
	longc = xmalloc(5000);
	memset(longc, 'A', 4999);
	longc[4999] = '\0';
	assert_null(table_cursor_decode(longc));
	free(longc);
}

struct size_case {
	const char *item;
	size_t size;
};

static const struct size_case sizes[] = {
	{ "{}", 0 },
	{ "{\"PK\":{\"S\":\"USER#1\"}}", 2 + 6 },
	/* UTF-8 bytes, not characters: "é" is 2 bytes, the emoji 4. */
	{ "{\"n\\u00e9\":{\"S\":\"\\u00e9\\ud83d\\ude00\"}}", 3 + 6 },
	/* Numbers: (significant digits + 1) / 2 + 1. */
	{ "{\"v\":{\"N\":\"1\"}}", 1 + 2 },
	{ "{\"v\":{\"N\":\"12\"}}", 1 + 2 },
	{ "{\"v\":{\"N\":\"123\"}}", 1 + 3 },
	{ "{\"v\":{\"N\":\"-12.5\"}}", 1 + 3 },
	{ "{\"v\":{\"N\":\"0.001\"}}", 1 + 2 },
	{ "{\"v\":{\"N\":\"1000\"}}", 1 + 2 },
	{ "{\"v\":{\"N\":\"0\"}}", 1 + 2 },
	{ "{\"b\":{\"BOOL\":true},\"z\":{\"NULL\":true}}", 2 + 2 },
	{ "{\"tags\":{\"SS\":[\"ab\",\"cde\"]}}", 4 + 5 },
	{ "{\"l\":{\"L\":[{\"S\":\"ab\"},{\"N\":\"1\"}]}}", 1 + 3 + 1 + 2 + 1 + 2 },
	{ "{\"m\":{\"M\":{\"k\":{\"S\":\"ab\"}}}}", 1 + 3 + 1 + 1 + 2 },
	{ "{\"bin\":{\"B\":\"AAAA\"}}", 3 + 3 },
};

static void
test_item_size(void **state)
{
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		json_t *item = load(sizes[i].item);
		size_t got = table_item_size(item);

		if (got != sizes[i].size)
			fail_msg("%s: size %zu, want %zu", sizes[i].item, got, sizes[i].size);
		json_decref(item);
	}
	assert_int_equal(table_item_size(NULL), 0);
}

static json_t *
find_by(json_t *array, const char *field, const char *value)
{
	size_t i;
	json_t *e;

	json_array_foreach(array, i, e)
		if (strcmp(json_string_value(json_object_get(e, field)), value) == 0)
			return e;
	return NULL;
}

static void
test_expected_description(void **state)
{
	json_t *d = table_expected_description("ai-lifestyle-app-main");
	json_t *tb = json_object_get(d, "Table"), *defs, *gsis, *ks, *want;
	static const char *const attrs[] = {
		"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK",
	};

	assert_non_null(tb);
	assert_string_equal(json_string_value(json_object_get(tb, "TableName")),
	    "ai-lifestyle-app-main");
	assert_string_equal(json_string_value(json_object_get(tb, "TableStatus")), "ACTIVE");
	assert_string_equal(json_string_value(json_object_get(json_object_get(tb,
	    "BillingModeSummary"), "BillingMode")), "PAY_PER_REQUEST");
	ks = json_object_get(tb, "KeySchema");
	want = load("[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"},"
	    "{\"AttributeName\":\"SK\",\"KeyType\":\"RANGE\"}]");
	assert_true(json_equal(ks, want));
	json_decref(want);

	defs = json_object_get(tb, "AttributeDefinitions");
	assert_int_equal(json_array_size(defs), 8);
	for (size_t i = 0; i < 8; i++) {
		json_t *def = find_by(defs, "AttributeName", attrs[i]);

		assert_non_null(def);
		assert_string_equal(json_string_value(json_object_get(def, "AttributeType")), "S");
	}

	gsis = json_object_get(tb, "GlobalSecondaryIndexes");
	assert_int_equal(json_array_size(gsis), 3);
	for (int i = 1; i <= 3; i++) {
		char name[16], text[256];
		json_t *g;

		snprintf(name, sizeof name, "GSI%d", i);
		g = find_by(gsis, "IndexName", name);
		assert_non_null(g);
		snprintf(text, sizeof text, "[{\"AttributeName\":\"GSI%dPK\",\"KeyType\":\"HASH\"},"
		    "{\"AttributeName\":\"GSI%dSK\",\"KeyType\":\"RANGE\"}]", i, i);
		want = load(text);
		assert_true(json_equal(json_object_get(g, "KeySchema"), want));
		json_decref(want);
		assert_string_equal(json_string_value(json_object_get(json_object_get(g,
		    "Projection"), "ProjectionType")), "ALL");
	}
	json_decref(d);
}

/* The dispatchers: a fake backend shows what they pass and how they report. */
static int fake_calls;

static int
fake_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	fake_calls++;
	assert_int_equal(err->status, TABLE_OK);
	return -1;      /* fails without saying why */
}

static int
fake_create(struct table *t, bool *created, struct table_err *err)
{
	fake_calls++;
	*created = true;
	return 0;
}

static int
fake_describe(struct table *t, json_t **out, struct table_err *err)
{
	fake_calls++;
	return table_err_set(err, TABLE_NO_TABLE, "no table %s", t->name);
}

static void
test_dispatch(void **state)
{
	static const struct table_backend fake = {
		.name = "fake",
		.get = fake_get,
		.create = fake_create,
		.describe = fake_describe,
	};
	char name[] = "tbl";
	struct table t = { .backend = &fake, .name = name };
	struct table_err err;
	json_t *out = json_true();
	bool created = false;

	err.status = TABLE_IO;
	assert_int_equal(table_get(&t, NULL, &out, &err), -1);
	assert_null(out);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_int_equal(table_create(&t, &created, &err), 0);
	assert_true(created);
	assert_int_equal(err.status, TABLE_OK);
	assert_int_equal(table_describe(&t, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_string_equal(err.message, "no table tbl");
	assert_int_equal(fake_calls, 3);
	assert_int_equal(table_get(NULL, NULL, &out, &err), -1);
	assert_int_equal(fake_calls, 3);
	table_close(NULL);
}

static void
test_page_done(void **state)
{
	struct table_page page = { 0 };

	page.items = xcalloc(2, sizeof *page.items);
	page.items[0] = json_object();
	page.items[1] = json_object();
	page.count = 2;
	page.cursor = xstrdup("c");
	table_page_done(&page);
	assert_null(page.items);
	assert_null(page.cursor);
	assert_int_equal(page.count, 0);
	table_page_done(&page);
	table_page_done(NULL);
}

/* ---- other tables of the store: optional operations ---- */

static int other_calls;

static int
other_scan_many(struct table *t, const struct table_scan *scans, struct table_scan_page *pages, size_t n,
    struct table_err *err)
{
	other_calls++;
	for (size_t i = 0; i < n; i++) {
		pages[i].items = json_array();
		pages[i].last = scans[i].segment == 0 ? json_pack("{s:{s:s}}", "goalId", "S", "g") : NULL;
	}
	return 0;
}

static int
other_describe_named(struct table *t, const char *name, json_t **out, struct table_err *err)
{
	other_calls++;
	*out = json_pack("{s:{s:s}}", "Table", "TableName", name);
	return 0;
}

static int
other_delete_named(struct table *t, const char *name, struct table_err *err)
{
	other_calls++;
	return -1;      /* fails without saying why */
}

static void
test_other_tables(void **state)
{
	static const struct table_backend one = { .name = "single" };
	static const struct table_backend many = {
		.name = "many",
		.scan_many = other_scan_many,
		.describe_named = other_describe_named,
		.delete_named = other_delete_named,
	};
	char name[] = "main";
	struct table t1 = { .backend = &one, .name = name }, tm = { .backend = &many, .name = name };
	struct table_scan scans[2] = {
		{ .table = "goals", .segment = 0, .segments = 2 },
		{ .table = "goals", .segment = 1, .segments = 2 },
	};
	struct table_scan_page pages[2];
	struct table_err err;
	json_t *out = json_true();

	/* A store of one table refuses, naming itself and the table, and calls nothing. */
	assert_false(table_other_tables(&t1));
	assert_false(table_other_tables(NULL));
	assert_int_equal(table_scan_many(&t1, scans, pages, 2, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message, "the single store cannot scan table goals: it reaches no table but its own");
	assert_null(pages[0].items);
	assert_int_equal(table_describe_named(&t1, "goals", &out, &err), -1);
	assert_null(out);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message, "the single store cannot describe table goals: it reaches no table but its own");
	assert_int_equal(table_delete_named(&t1, "goals", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_string_equal(err.message, "the single store cannot delete table goals: it reaches no table but its own");
	assert_int_equal(table_delete_named(NULL, "goals", &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_int_equal(other_calls, 0);

	/* A store that has them: the calls go through; bad requests stop before them. */
	assert_true(table_other_tables(&tm));
	assert_int_equal(table_scan_many(&tm, scans, pages, 2, &err), 0);
	assert_true(json_is_array(pages[0].items));
	assert_non_null(pages[0].last);
	assert_null(pages[1].last);
	table_scan_page_done(&pages[0]);
	table_scan_page_done(&pages[1]);
	assert_null(pages[0].items);
	table_scan_page_done(NULL);
	assert_int_equal(table_describe_named(&tm, "goals", &out, &err), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(out, "Table"), "TableName")), "goals");
	json_decref(out);
	assert_int_equal(table_delete_named(&tm, "goals", &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_string_equal(err.message, "many backend failed without a reason");
	assert_int_equal(other_calls, 3);
	scans[1].segment = 2;
	assert_int_equal(table_scan_many(&tm, scans, pages, 2, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(table_delete_named(&tm, "main", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(table_describe_named(&tm, NULL, &out, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(other_calls, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_names),
		cmocka_unit_test(test_err),
		cmocka_unit_test(test_key_and_str),
		cmocka_unit_test(test_cursor_round_trip),
		cmocka_unit_test(test_cursor_known),
		cmocka_unit_test(test_cursor_garbage),
		cmocka_unit_test(test_item_size),
		cmocka_unit_test(test_expected_description),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_page_done),
		cmocka_unit_test(test_other_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
