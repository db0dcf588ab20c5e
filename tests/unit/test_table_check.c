/*
 * Tests of datastore/table_check: DynamoDB's request rules, the one copy both
 * backends check by. Every rule is accepted at its limit and refused just past
 * it, with the exact status, message and err.index.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datastore/table.h"
#include "datastore/table_check.h"
#include "util/xmalloc.h"

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return j;
}

/* text with every '@' replaced by fill letters 'a' and every '^' by fill digits '1'. */
static char *
expand(const char *text, size_t fill)
{
	size_t n = 0, len = strlen(text);
	char *out, *p;

	for (const char *s = text; *s != '\0'; s++)
		if (*s == '@' || *s == '^')
			n++;
	out = xmalloc(len + n * fill + 1);
	p = out;
	for (const char *s = text; *s != '\0'; s++) {
		if (*s == '@' || *s == '^') {
			memset(p, *s == '@' ? 'a' : '1', fill);
			p += fill;
		} else
			*p++ = *s;
	}
	*p = '\0';
	return out;
}

static json_t *
load_fill(const char *text, size_t fill)
{
	char *s = expand(text, fill);
	json_t *j = load(s);

	free(s);
	return j;
}

/* The outcome of one check: 0 with TABLE_OK, or -1 with status, message and index. */
static void
expect(int rc, const struct table_err *err, enum table_status status, const char *message,
    int index, const char *what)
{
	if (status == TABLE_OK) {
		if (rc != 0)
			fail_msg("%s: refused: %s", what, err->message);
		return;
	}
	if (rc != -1)
		fail_msg("%s: accepted, wanted \"%s\"", what, message);
	if (err->status != status || strcmp(err->message, message) != 0 || err->index != index)
		fail_msg("%s: got %d \"%s\" [%d], wanted %d \"%s\" [%d]", what, (int)err->status,
		    err->message, err->index, (int)status, message, index);
}

/* ---- items, keys, attribute values ---- */

#define IT(v) "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"a\":" v "}"

struct item_case {
	const char *json;
	size_t fill;
	enum table_status status;
	const char *message;
};

static const struct item_case item_cases[] = {
	/* Shape. */
	{ "[]", 0, TABLE_INVALID, "the item is not an object" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"\":{\"S\":\"x\"}}", 0, TABLE_INVALID,
	    "an attribute name is empty" },
	{ IT("{}"), 0, TABLE_INVALID, "attribute a is not an attribute value like {\"S\":\"text\"}" },
	{ IT("{\"S\":\"x\",\"N\":\"1\"}"), 0, TABLE_INVALID,
	    "attribute a is not an attribute value like {\"S\":\"text\"}" },
	{ IT("\"x\""), 0, TABLE_INVALID,
	    "attribute a is not an attribute value like {\"S\":\"text\"}" },
	{ IT("{\"X\":\"x\"}"), 0, TABLE_INVALID, "attribute a has an unknown type X" },
	/* Scalars of every type. */
	{ IT("{\"S\":\"\"}"), 0, TABLE_OK, NULL },
	{ IT("{\"S\":5}"), 0, TABLE_INVALID, "attribute a: not a valid S value" },
	{ IT("{\"B\":\"AAE=\"}"), 0, TABLE_OK, NULL },
	{ IT("{\"B\":true}"), 0, TABLE_INVALID, "attribute a: not a valid B value" },
	{ IT("{\"BOOL\":false}"), 0, TABLE_OK, NULL },
	{ IT("{\"BOOL\":\"true\"}"), 0, TABLE_INVALID, "attribute a: not a valid BOOL value" },
	{ IT("{\"NULL\":true}"), 0, TABLE_OK, NULL },
	{ IT("{\"NULL\":false}"), 0, TABLE_INVALID, "attribute a: not a valid NULL value" },
	/* Numbers: DynamoDB's syntax, 38 significant digits. */
	{ IT("{\"N\":\"^\"}"), 38, TABLE_OK, NULL },
	{ IT("{\"N\":\"^\"}"), 39, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"-^.^e+99\"}"), 19, TABLE_OK, NULL },
	{ IT("{\"N\":\"-^.1^e+99\"}"), 19, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"0.000^000\"}"), 38, TABLE_OK, NULL },
	{ IT("{\"N\":\"0.000^000\"}"), 39, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\".5\"}"), 0, TABLE_OK, NULL },
	{ IT("{\"N\":\"1E7\"}"), 0, TABLE_OK, NULL },
	{ IT("{\"N\":\"\"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"-\"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"1.2.3\"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"1e\"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"1e+\"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"+1\"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":\"1 \"}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	{ IT("{\"N\":1}"), 0, TABLE_INVALID, "attribute a: not a valid N value" },
	/* Sets: at least one value, no duplicates, numbers valid. */
	{ IT("{\"SS\":[\"x\"]}"), 0, TABLE_OK, NULL },
	{ IT("{\"SS\":[]}"), 0, TABLE_INVALID, "attribute a: a set (SS) must hold at least one value" },
	{ IT("{\"SS\":\"x\"}"), 0, TABLE_INVALID,
	    "attribute a: a set (SS) must hold at least one value" },
	{ IT("{\"SS\":[\"x\",\"y\",\"x\"]}"), 0, TABLE_INVALID,
	    "attribute a: the SS set holds a duplicate value" },
	{ IT("{\"SS\":[\"x\",1]}"), 0, TABLE_INVALID, "attribute a: a value of the SS set is not valid" },
	{ IT("{\"NS\":[\"^\",\"2\"]}"), 38, TABLE_OK, NULL },
	{ IT("{\"NS\":[\"^\",\"2\"]}"), 39, TABLE_INVALID,
	    "attribute a: a value of the NS set is not valid" },
	{ IT("{\"NS\":[\"1\",\"1\"]}"), 0, TABLE_INVALID,
	    "attribute a: the NS set holds a duplicate value" },
	{ IT("{\"BS\":[]}"), 0, TABLE_INVALID, "attribute a: a set (BS) must hold at least one value" },
	{ IT("{\"BS\":[\"AA==\",\"AQ==\"]}"), 0, TABLE_OK, NULL },
	/* Lists and maps: their values are checked too. */
	{ IT("{\"L\":[]}"), 0, TABLE_OK, NULL },
	{ IT("{\"L\":[{\"S\":\"x\"},{\"N\":\"x\"}]}"), 0, TABLE_INVALID,
	    "attribute a: not a valid N value" },
	{ IT("{\"L\":{}}"), 0, TABLE_INVALID, "attribute a: not a valid L value" },
	{ IT("{\"M\":{\"k\":{\"SS\":[]}}}"), 0, TABLE_INVALID,
	    "attribute a: a set (SS) must hold at least one value" },
	{ IT("{\"M\":[]}"), 0, TABLE_INVALID, "attribute a: not a valid M value" },
	/* The table's key: non-empty S, 2048 and 1024 bytes. */
	{ "{\"SK\":{\"S\":\"s\"}}", 0, TABLE_INVALID, "key attribute PK is missing" },
	{ "{\"PK\":{\"S\":\"p\"}}", 0, TABLE_INVALID, "key attribute SK is missing" },
	{ "{\"PK\":{\"N\":\"1\"},\"SK\":{\"S\":\"s\"}}", 0, TABLE_INVALID,
	    "key attribute PK must be a string (S)" },
	{ "{\"PK\":{\"S\":\"\"},\"SK\":{\"S\":\"s\"}}", 0, TABLE_INVALID,
	    "key attribute PK cannot be an empty string" },
	{ "{\"PK\":{\"S\":\"@\"},\"SK\":{\"S\":\"s\"}}", 2048, TABLE_OK, NULL },
	{ "{\"PK\":{\"S\":\"@\"},\"SK\":{\"S\":\"s\"}}", 2049, TABLE_INVALID,
	    "key attribute PK is longer than 2048 bytes" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"@\"}}", 1024, TABLE_OK, NULL },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"@\"}}", 1025, TABLE_INVALID,
	    "key attribute SK is longer than 1024 bytes" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"B\":\"AA==\"}}", 0, TABLE_INVALID,
	    "key attribute SK must be a string (S)" },
	/* GSI key attributes: S and non-empty when present, same lengths. */
	{ IT("{\"S\":\"x\"},\"GSI1PK\":{\"S\":\"@\"}"), 2048, TABLE_OK, NULL },
	{ IT("{\"S\":\"x\"},\"GSI1PK\":{\"S\":\"@\"}"), 2049, TABLE_INVALID,
	    "key attribute GSI1PK is longer than 2048 bytes" },
	{ IT("{\"S\":\"x\"},\"GSI3SK\":{\"S\":\"@\"}"), 1024, TABLE_OK, NULL },
	{ IT("{\"S\":\"x\"},\"GSI3SK\":{\"S\":\"@\"}"), 1025, TABLE_INVALID,
	    "key attribute GSI3SK is longer than 1024 bytes" },
	{ IT("{\"S\":\"x\"},\"GSI2PK\":{\"N\":\"1\"}"), 0, TABLE_INVALID,
	    "key attribute GSI2PK must be a string (S)" },
	{ IT("{\"S\":\"x\"},\"GSI1SK\":{\"S\":\"\"}"), 0, TABLE_INVALID,
	    "key attribute GSI1SK cannot be an empty string" },
	/* Size: 7 bytes of names and keys plus fill (table_item_size's count), 400 KB at most. */
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"d\":{\"S\":\"@\"}}", TABLE_ITEM_MAX - 7,
	    TABLE_OK, NULL },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"d\":{\"S\":\"@\"}}", TABLE_ITEM_MAX - 6,
	    TABLE_TOO_LARGE, "item size 409601 bytes exceeds the 400 KB item limit" },
};

/* Runs a table of items (key false) or key arguments (key true). */
static void
run_item_cases(const struct item_case *cases, size_t n, bool key)
{
	for (size_t i = 0; i < n; i++) {
		const struct item_case *c = &cases[i];
		json_t *obj = load_fill(c->json, c->fill);
		struct table_keys k;
		struct table_err err;
		char what[64];
		int rc;

		table_err_clear(&err);
		xsnprintf(what, sizeof what, "%s case %zu", key ? "key" : "item", i);
		rc = key ? table_check_key(obj, &k, &err) : table_check_item(obj, &k, &err);
		expect(rc, &err, c->status, c->message, -1, what);
		if (c->status == TABLE_OK) {
			assert_string_equal(k.pk, table_item_str(obj, "PK"));
			assert_string_equal(k.sk, table_item_str(obj, "SK"));
		}
		json_decref(obj);
	}
}

static void
test_item_rules(void **state)
{
	run_item_cases(item_cases, sizeof item_cases / sizeof item_cases[0], false);
}

/* The size row is at the limit by table_item_size's own count. */
static void
test_item_size_count(void **state)
{
	json_t *item = load_fill("{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"d\":{\"S\":\"@\"}}",
	    TABLE_ITEM_MAX - 7);

	assert_int_equal(table_item_size(item), TABLE_ITEM_MAX);
	json_decref(item);
}

/* n lists (or maps) around one S: the S sits at depth n. */
static json_t *
nested(int n, bool map)
{
	json_t *v = json_pack("{s:s}", "S", "x");

	for (int i = 0; i < n; i++)
		v = map ? json_pack("{s:{s:o}}", "M", "k", v) : json_pack("{s:[o]}", "L", v);
	return v;
}

static void
test_nesting(void **state)
{
	for (int map = 0; map <= 1; map++) {
		static const struct {
			int depth;
			enum table_status status;
			const char *message;
		} cases[] = {
			{ TABLE_CHECK_DEPTH_MAX, TABLE_OK, NULL },
			{ TABLE_CHECK_DEPTH_MAX + 1, TABLE_INVALID, "attribute a is nested too deeply" },
		};

		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			json_t *item = load(IT("{\"S\":\"x\"}"));
			struct table_keys k;
			struct table_err err;

			json_object_set_new(item, "a", nested(cases[i].depth, map));
			table_err_clear(&err);
			expect(table_check_item(item, &k, &err), &err, cases[i].status, cases[i].message,
			    -1, map ? "maps" : "lists");
			json_decref(item);
		}
	}
}

/* The GSI pairs an item fills in: both attributes or neither. */
static void
test_item_gsi_keys(void **state)
{
	json_t *item = load(IT("{\"S\":\"x\"},\"GSI1PK\":{\"S\":\"g1\"},\"GSI1SK\":{\"S\":\"s1\"},"
	    "\"GSI2PK\":{\"S\":\"g2\"},\"GSI3SK\":{\"S\":\"s3\"}"));
	struct table_keys k;
	struct table_err err;

	assert_int_equal(table_check_item(item, &k, &err), 0);
	assert_string_equal(k.pk, "p");
	assert_string_equal(k.sk, "s");
	assert_string_equal(k.gsi[0][0], "g1");
	assert_string_equal(k.gsi[0][1], "s1");
	assert_null(k.gsi[1][0]);
	assert_null(k.gsi[1][1]);
	assert_null(k.gsi[2][0]);
	assert_null(k.gsi[2][1]);
	json_decref(item);
}

static const struct item_case key_cases[] = {
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"}}", 0, TABLE_OK, NULL },
	{ "[]", 0, TABLE_INVALID, "the key is not an object" },
	{ "{\"SK\":{\"S\":\"s\"}}", 0, TABLE_INVALID, "key attribute PK is missing" },
	{ "{\"PK\":{\"S\":\"p\"}}", 0, TABLE_INVALID, "key attribute SK is missing" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"x\":{\"S\":\"x\"}}", 0, TABLE_INVALID,
	    "the key must hold PK and SK and nothing else" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"N\":\"1\"}}", 0, TABLE_INVALID,
	    "key attribute SK must be a string (S)" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"\"}}", 0, TABLE_INVALID,
	    "key attribute SK cannot be an empty string" },
	{ "{\"PK\":{\"S\":\"@\"},\"SK\":{\"S\":\"s\"}}", 2048, TABLE_OK, NULL },
	{ "{\"PK\":{\"S\":\"@\"},\"SK\":{\"S\":\"s\"}}", 2049, TABLE_INVALID,
	    "key attribute PK is longer than 2048 bytes" },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"@\"}}", 1024, TABLE_OK, NULL },
	{ "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"@\"}}", 1025, TABLE_INVALID,
	    "key attribute SK is longer than 1024 bytes" },
};

static void
test_key_rules(void **state)
{
	run_item_cases(key_cases, sizeof key_cases / sizeof key_cases[0], true);
}

/* ---- conditions and updates ---- */

static void
test_cond_rules(void **state)
{
	static const struct {
		int kind;
		enum table_status status;
		const char *message;
	} cases[] = {
		{ TABLE_COND_NONE, TABLE_OK, NULL },
		{ TABLE_COND_NOT_EXISTS, TABLE_OK, NULL },
		{ TABLE_COND_EXISTS, TABLE_OK, NULL },
		{ TABLE_COND_VERSION, TABLE_OK, NULL },
		{ TABLE_COND_VERSION + 1, TABLE_INVALID, "unknown condition kind 4" },
		{ -1, TABLE_INVALID, "unknown condition kind -1" },
	};
	struct table_err err;

	assert_int_equal(table_check_cond(NULL, &err), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct table_cond c = { .kind = (enum table_cond_kind)cases[i].kind, .version = 3 };

		table_err_clear(&err);
		expect(table_check_cond(&c, &err), &err, cases[i].status, cases[i].message, -1,
		    "cond");
	}
}

struct update_case {
	/* Up to two actions; attr NULL ends them unless it is the first. */
	struct {
		int kind;
		const char *attr;
		const char *value;
	} a[2];
	size_t count;
	enum table_status status;
	const char *message;
};

static const struct update_case update_cases[] = {
	{ { { TABLE_UPDATE_SET, "a", "{\"S\":\"x\"}" } }, 1, TABLE_OK, NULL },
	{ { { TABLE_UPDATE_SET, "a", "{\"N\":\"^\"}" } }, 1, TABLE_OK, NULL },
	{ { { TABLE_UPDATE_REMOVE, "a", NULL } }, 1, TABLE_OK, NULL },
	{ { { TABLE_UPDATE_ADD, "a", "{\"N\":\"-1.5\"}" } }, 1, TABLE_OK, NULL },
	{ { { TABLE_UPDATE_SET, "a", "{\"S\":\"x\"}" }, { TABLE_UPDATE_REMOVE, "b", NULL } }, 2,
	    TABLE_OK, NULL },
	{ { { TABLE_UPDATE_SET, NULL, "{\"S\":\"x\"}" } }, 1, TABLE_INVALID,
	    "update action 0 has no attribute" },
	{ { { TABLE_UPDATE_SET, "a", "{\"S\":\"x\"}" }, { TABLE_UPDATE_REMOVE, "", NULL } }, 2,
	    TABLE_INVALID, "update action 1 has no attribute" },
	{ { { TABLE_UPDATE_REMOVE, "a\xff", NULL } }, 1, TABLE_INVALID,
	    "update action 0: the attribute name is not valid UTF-8" },
	{ { { TABLE_UPDATE_REMOVE, "\xed\xa0\x80", NULL } }, 1, TABLE_INVALID,
	    "update action 0: the attribute name is not valid UTF-8" },
	{ { { TABLE_UPDATE_SET, "PK", "{\"S\":\"x\"}" } }, 1, TABLE_INVALID,
	    "cannot update attribute PK: it is part of the key" },
	{ { { TABLE_UPDATE_REMOVE, "SK", NULL } }, 1, TABLE_INVALID,
	    "cannot update attribute SK: it is part of the key" },
	{ { { TABLE_UPDATE_SET, "a", "{\"S\":\"x\"}" }, { TABLE_UPDATE_REMOVE, "a", NULL } }, 2,
	    TABLE_INVALID, "attribute a is updated twice in one update" },
	/* SET values are checked all the way down, as in an item. */
	{ { { TABLE_UPDATE_SET, "a", "{\"N\":\"^\"}" } }, 1, TABLE_INVALID,
	    "attribute a: not a valid N value" },
	{ { { TABLE_UPDATE_SET, "a", "{\"SS\":[\"x\",\"x\"]}" } }, 1, TABLE_INVALID,
	    "attribute a: the SS set holds a duplicate value" },
	{ { { TABLE_UPDATE_SET, "a", "{\"S\":\"x\",\"N\":\"1\"}" } }, 1, TABLE_INVALID,
	    "attribute a is not an attribute value like {\"S\":\"text\"}" },
	{ { { TABLE_UPDATE_SET, "a", NULL } }, 1, TABLE_INVALID,
	    "attribute a is not an attribute value like {\"S\":\"text\"}" },
	/* ADD: exact decimals only. */
	{ { { TABLE_UPDATE_ADD, "a", "{\"S\":\"1\"}" } }, 1, TABLE_INVALID,
	    "ADD a: the value must be a number (N)" },
	{ { { TABLE_UPDATE_ADD, "a", "{\"N\":1}" } }, 1, TABLE_INVALID,
	    "ADD a: the value must be a number (N)" },
	{ { { TABLE_UPDATE_ADD, "a", "{\"N\":\"x\"}" } }, 1, TABLE_INVALID, "ADD a: not a number" },
	{ { { TABLE_UPDATE_ADD, "a", "{\"N\":\"\"}" } }, 1, TABLE_INVALID, "ADD a: empty number" },
	{ { { 9, "a", NULL } }, 1, TABLE_INVALID, "unknown update action 9" },
};

static void
test_update_rules(void **state)
{
	struct table_update none = { NULL, 0 }, missing = { NULL, 1 };
	struct table_err err;

	assert_int_equal(table_check_update(NULL, &err), 0);
	assert_int_equal(table_check_update(&none, &err), 0);
	table_err_clear(&err);
	expect(table_check_update(&missing, &err), &err, TABLE_INVALID, "update actions are missing",
	    -1, "missing actions");
	for (size_t i = 0; i < sizeof update_cases / sizeof update_cases[0]; i++) {
		const struct update_case *c = &update_cases[i];
		struct table_update_action acts[2];
		struct table_update upd = { acts, c->count };
		char what[64];

		for (size_t j = 0; j < c->count; j++) {
			acts[j].kind = (enum table_update_kind)c->a[j].kind;
			acts[j].attr = c->a[j].attr;
			/* '^' numbers: 38 digits for the accepted row, 39 for the refused one. */
			acts[j].value = c->a[j].value != NULL ?
			    load_fill(c->a[j].value, c->status == TABLE_OK ? 38 : 39) : NULL;
		}
		table_err_clear(&err);
		xsnprintf(what, sizeof what, "update case %zu", i);
		expect(table_check_update(&upd, &err), &err, c->status, c->message, -1, what);
		for (size_t j = 0; j < c->count; j++)
			json_decref(acts[j].value);
	}
}

/* ---- queries and cursors ---- */

struct query_case {
	int index;
	int op;
	const char *pk, *a, *b;
	const char *cursor;      /* the cursor's key as JSON text (encoded), "!" for junk */
	const char *projection[3];
	enum table_status status;
	const char *message;
};

#define MAINCUR(sk) "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"" sk "\"}}"
#define GSI1CUR(pk, sk) "{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"GOAL#1\"}," \
	"\"GSI1PK\":{\"S\":\"" pk "\"},\"GSI1SK\":{\"S\":\"" sk "\"}}"

static const struct query_case query_cases[] = {
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, NULL, { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_GSI3, TABLE_KEY_GE, "p", "a", NULL, NULL, { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_COUNT, TABLE_KEY_ANY, "p", NULL, NULL, NULL, { NULL }, TABLE_INVALID,
	    "unknown index 4" },
	{ -1, TABLE_KEY_ANY, "p", NULL, NULL, NULL, { NULL }, TABLE_INVALID, "unknown index -1" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_GE + 1, "p", "a", NULL, NULL, { NULL }, TABLE_INVALID,
	    "unknown key condition 8" },
	{ TABLE_INDEX_MAIN, -1, "p", "a", NULL, NULL, { NULL }, TABLE_INVALID,
	    "unknown key condition -1" },
	/* Operands: non-empty, valid UTF-8. */
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, NULL, NULL, NULL, NULL, { NULL }, TABLE_INVALID,
	    "the query's partition key cannot be empty" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "", NULL, NULL, NULL, { NULL }, TABLE_INVALID,
	    "the query's partition key cannot be empty" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p\xc3", NULL, NULL, NULL, { NULL }, TABLE_INVALID,
	    "the query's partition key is not valid UTF-8" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_EQ, "p", NULL, NULL, NULL, { NULL }, TABLE_INVALID,
	    "the query's sort key value cannot be empty" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BEGINS_WITH, "p", "\xc0\xaf", NULL, NULL, { NULL },
	    TABLE_INVALID, "the query's sort key value is not valid UTF-8" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "a", "", NULL, { NULL }, TABLE_INVALID,
	    "the query's upper sort key value cannot be empty" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "a", "\xf4\x90\x80\x80", NULL, { NULL },
	    TABLE_INVALID, "the query's upper sort key value is not valid UTF-8" },
	/* BETWEEN's bounds: equal at the limit, reversed refused. */
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "m", "m", NULL, { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "m0", "m", NULL, { NULL }, TABLE_INVALID,
	    "BETWEEN needs the lower bound (m0) at or below the upper bound (m)" },
	/* Projection names. */
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, NULL, { "a", "\xc3\xa9" },
	    TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, NULL, { "a", "" }, TABLE_INVALID,
	    "an attribute name of the projection is empty" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, NULL, { "\xff" }, TABLE_INVALID,
	    "an attribute name of the projection is not valid UTF-8" },
	/* Cursors: decodable, the index's key attributes exactly, this partition. */
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, "!", { NULL }, TABLE_INVALID,
	    "the cursor is not valid" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, MAINCUR("s"), { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "q", NULL, NULL, MAINCUR("s"), { NULL }, TABLE_INVALID,
	    "the cursor does not belong to this query" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL,
	    "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"x\":{\"S\":\"x\"}}", { NULL },
	    TABLE_INVALID, "the cursor does not belong to this query" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL, "{\"PK\":{\"S\":\"p\"}}", { NULL },
	    TABLE_INVALID, "the cursor does not belong to this query" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_ANY, "p", NULL, NULL,
	    "{\"PK\":{\"S\":\"p\"},\"SK\":{\"N\":\"1\"}}", { NULL }, TABLE_INVALID,
	    "the cursor is not valid" },
	{ TABLE_INDEX_GSI1, TABLE_KEY_ANY, "g", NULL, NULL, GSI1CUR("g", "s"), { NULL }, TABLE_OK,
	    NULL },
	{ TABLE_INDEX_GSI1, TABLE_KEY_ANY, "g", NULL, NULL, MAINCUR("s"), { NULL }, TABLE_INVALID,
	    "the cursor does not belong to this query" },
	{ TABLE_INDEX_GSI1, TABLE_KEY_ANY, "h", NULL, NULL, GSI1CUR("g", "s"), { NULL },
	    TABLE_INVALID, "the cursor does not belong to this query" },
	{ TABLE_INDEX_GSI2, TABLE_KEY_ANY, "g", NULL, NULL, GSI1CUR("g", "s"), { NULL },
	    TABLE_INVALID, "the cursor does not belong to this query" },
	/* Inside the key condition: at each bound, and just past it. */
	{ TABLE_INDEX_MAIN, TABLE_KEY_EQ, "p", "m", NULL, MAINCUR("m"), { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_EQ, "p", "m", NULL, MAINCUR("m0"), { NULL }, TABLE_INVALID,
	    "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BEGINS_WITH, "p", "ab", NULL, MAINCUR("ab"), { NULL },
	    TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BEGINS_WITH, "p", "ab", NULL, MAINCUR("a"), { NULL },
	    TABLE_INVALID, "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BEGINS_WITH, "p", "ab", NULL, MAINCUR("ac"), { NULL },
	    TABLE_INVALID, "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "b", "d", MAINCUR("b"), { NULL }, TABLE_OK,
	    NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "b", "d", MAINCUR("d"), { NULL }, TABLE_OK,
	    NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "b", "d", MAINCUR("a"), { NULL },
	    TABLE_INVALID, "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_BETWEEN, "p", "b", "d", MAINCUR("d0"), { NULL },
	    TABLE_INVALID, "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_LT, "p", "m", NULL, MAINCUR("l"), { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_LT, "p", "m", NULL, MAINCUR("m"), { NULL }, TABLE_INVALID,
	    "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_LE, "p", "m", NULL, MAINCUR("m"), { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_LE, "p", "m", NULL, MAINCUR("m0"), { NULL }, TABLE_INVALID,
	    "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_GT, "p", "m", NULL, MAINCUR("m0"), { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_GT, "p", "m", NULL, MAINCUR("m"), { NULL }, TABLE_INVALID,
	    "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_MAIN, TABLE_KEY_GE, "p", "m", NULL, MAINCUR("m"), { NULL }, TABLE_OK, NULL },
	{ TABLE_INDEX_MAIN, TABLE_KEY_GE, "p", "m", NULL, MAINCUR("l"), { NULL }, TABLE_INVALID,
	    "the cursor lies outside the query's key condition" },
	{ TABLE_INDEX_GSI1, TABLE_KEY_BEGINS_WITH, "g", "s", NULL, GSI1CUR("g", "s1"), { NULL },
	    TABLE_OK, NULL },
	{ TABLE_INDEX_GSI1, TABLE_KEY_BEGINS_WITH, "g", "t", NULL, GSI1CUR("g", "s1"), { NULL },
	    TABLE_INVALID, "the cursor lies outside the query's key condition" },
};

static void
test_query_rules(void **state)
{
	struct table_err err;

	table_err_clear(&err);
	expect(table_check_query(NULL, NULL, &err), &err, TABLE_INVALID, "no query", -1, "NULL");
	for (size_t i = 0; i < sizeof query_cases / sizeof query_cases[0]; i++) {
		const struct query_case *c = &query_cases[i];
		struct table_query q;
		char *cursor = NULL, what[64];
		json_t *want = NULL, *start = json_true();

		memset(&q, 0, sizeof q);
		q.index = (enum table_index)c->index;
		q.sk_op = (enum table_key_op)c->op;
		q.pk = c->pk;
		q.sk_a = c->a;
		q.sk_b = c->b;
		q.projection = c->projection[0] != NULL ? c->projection : NULL;
		if (c->cursor != NULL && strcmp(c->cursor, "!") == 0)
			cursor = xstrdup("!not-a-cursor");
		else if (c->cursor != NULL) {
			want = load(c->cursor);
			cursor = table_cursor_encode(want);
		}
		q.cursor = cursor;
		table_err_clear(&err);
		xsnprintf(what, sizeof what, "query case %zu", i);
		expect(table_check_query(&q, &start, &err), &err, c->status, c->message, -1, what);
		/* The ExclusiveStartKey comes back exactly when a cursor was accepted. */
		if (c->status == TABLE_OK && want != NULL) {
			assert_non_null(start);
			assert_true(json_equal(start, want));
		} else
			assert_null(start);
		json_decref(start);
		json_decref(want);
		free(cursor);
	}
}

/* start may be NULL: the decoded cursor is dropped. */
static void
test_query_start_optional(void **state)
{
	json_t *key = load(MAINCUR("s"));
	char *cursor = table_cursor_encode(key);
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = "p", .cursor = cursor };
	struct table_err err;

	assert_int_equal(table_check_query(&q, NULL, &err), 0);
	free(cursor);
	json_decref(key);
}

/* ---- writes, transactions, batches, tokens ---- */

#define KEY_JSON "{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"A\"}}"

struct write_case {
	int kind;
	const char *json;        /* item (PUT) or key */
	int cond;
	bool bad_update;         /* UPDATE: an action on PK */
	bool batch;
	const char *table;
	enum table_status status;
	const char *message;     /* as reported for write 3 */
};

static const struct write_case write_cases[] = {
	{ TABLE_WRITE_PUT, KEY_JSON, TABLE_COND_NOT_EXISTS, false, false, NULL, TABLE_OK, NULL },
	{ TABLE_WRITE_PUT, KEY_JSON, TABLE_COND_NONE, false, true, NULL, TABLE_OK, NULL },
	{ TABLE_WRITE_DELETE, KEY_JSON, TABLE_COND_NONE, false, true, NULL, TABLE_OK, NULL },
	{ TABLE_WRITE_UPDATE, KEY_JSON, TABLE_COND_VERSION, false, false, NULL, TABLE_OK, NULL },
	{ TABLE_WRITE_CHECK, KEY_JSON, TABLE_COND_EXISTS, false, false, NULL, TABLE_OK, NULL },
	{ TABLE_WRITE_PUT, "[]", TABLE_COND_NONE, false, false, NULL, TABLE_INVALID,
	    "write 3: the item is not an object" },
	{ TABLE_WRITE_PUT, "{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"d\":{\"S\":\"@\"}}",
	    TABLE_COND_NONE, false, false, NULL, TABLE_TOO_LARGE,
	    "write 3: item size 409601 bytes exceeds the 400 KB item limit" },
	{ TABLE_WRITE_DELETE, "{\"PK\":{\"S\":\"p\"}}", TABLE_COND_NONE, false, false, NULL,
	    TABLE_INVALID, "write 3: key attribute SK is missing" },
	{ TABLE_WRITE_UPDATE, KEY_JSON, TABLE_COND_NONE, true, false, NULL, TABLE_INVALID,
	    "write 3: cannot update attribute PK: it is part of the key" },
	{ TABLE_WRITE_CHECK, KEY_JSON, TABLE_COND_NONE, false, false, NULL, TABLE_INVALID,
	    "write 3: a condition check needs a condition" },
	{ TABLE_WRITE_PUT, KEY_JSON, 9, false, false, NULL, TABLE_INVALID,
	    "write 3: unknown condition kind 9" },
	{ 9, KEY_JSON, TABLE_COND_NONE, false, false, NULL, TABLE_INVALID,
	    "write 3: unknown write kind 9" },
	{ TABLE_WRITE_UPDATE, KEY_JSON, TABLE_COND_NONE, false, true, NULL, TABLE_INVALID,
	    "write 3: a batch holds only puts and deletes" },
	{ TABLE_WRITE_CHECK, KEY_JSON, TABLE_COND_EXISTS, false, true, NULL, TABLE_INVALID,
	    "write 3: a batch holds only puts and deletes" },
	{ TABLE_WRITE_PUT, KEY_JSON, TABLE_COND_NOT_EXISTS, false, true, NULL, TABLE_INVALID,
	    "write 3: a batch write cannot carry a condition" },
	{ TABLE_WRITE_DELETE, KEY_JSON, TABLE_COND_EXISTS, false, true, NULL, TABLE_INVALID,
	    "write 3: a batch write cannot carry a condition" },
	/* Another table without a backend's judgement: refused. */
	{ TABLE_WRITE_PUT, KEY_JSON, TABLE_COND_NONE, false, false, "Legacy", TABLE_INVALID,
	    "write 3: table Legacy: this store writes only its own table" },
};

static void
test_write_rules(void **state)
{
	json_t *pk = load("{\"S\":\"x\"}");
	struct table_update_action bad = { TABLE_UPDATE_SET, "PK", pk };

	for (size_t i = 0; i < sizeof write_cases / sizeof write_cases[0]; i++) {
		const struct write_case *c = &write_cases[i];
		json_t *obj = load_fill(c->json, TABLE_ITEM_MAX - 6);
		struct table_write w;
		struct table_keys k;
		struct table_err err;
		char what[64];

		memset(&w, 0, sizeof w);
		w.kind = (enum table_write_kind)c->kind;
		if (c->kind == TABLE_WRITE_PUT)
			w.item = obj;
		else
			w.key = obj;
		w.cond.kind = (enum table_cond_kind)c->cond;
		if (c->bad_update)
			w.update = (struct table_update){ &bad, 1 };
		w.table = c->table;
		table_err_clear(&err);
		xsnprintf(what, sizeof what, "write case %zu", i);
		expect(table_check_write(&w, 3, c->batch, NULL, &k, &err), &err, c->status,
		    c->message, 3, what);
		if (c->status == TABLE_OK) {
			assert_string_equal(k.pk, "USER#1");
			assert_string_equal(k.sk, "A");
		}
		json_decref(obj);
	}
	json_decref(pk);
}

static int foreign_calls;
static bool foreign_batch;

/* A backend's judgement of writes to another table: only "Legacy" is known. */
static int
foreign(const struct table_write *w, bool batch, struct table_err *err)
{
	foreign_calls++;
	foreign_batch = batch;
	if (strcmp(w->table, "Legacy") != 0)
		return table_err_set(err, TABLE_INVALID, "no table %s here", w->table);
	return 0;
}

static void
test_write_foreign(void **state)
{
	json_t *key = load("{\"id\":{\"S\":\"1\"}}");
	struct table_write w = { .kind = TABLE_WRITE_DELETE, .key = key, .table = "Legacy" };
	struct table_keys k;
	struct table_err err;

	foreign_calls = 0;
	memset(&k, 0xff, sizeof k);
	assert_int_equal(table_check_write(&w, 0, false, foreign, &k, &err), 0);
	assert_int_equal(foreign_calls, 1);
	assert_false(foreign_batch);
	/* No keys of this table: two such writes are no duplicates here. */
	assert_null(k.pk);
	assert_null(k.sk);
	w.table = "Other";
	table_err_clear(&err);
	expect(table_check_write(&w, 7, true, foreign, &k, &err), &err, TABLE_INVALID,
	    "write 7: no table Other here", 7, "foreign refused");
	assert_true(foreign_batch);
	json_decref(key);
}

/* n puts on distinct items (PK USER#1, SK I<i>); free with free_writes. */
static struct table_write *
puts_of(size_t n)
{
	struct table_write *w = xcalloc(n, sizeof *w);

	for (size_t i = 0; i < n; i++) {
		char sk[16];

		xsnprintf(sk, sizeof sk, "I%zu", i);
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "USER#1", "SK", "S", sk);
	}
	return w;
}

static void
free_writes(struct table_write *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(w[i].kind == TABLE_WRITE_PUT ? w[i].item : w[i].key);
	free(w);
}

static void
test_transact_rules(void **state)
{
	static const struct {
		size_t n;
		size_t dup;              /* > 0: write dup is on the item of write 0 */
		const char *token;
		enum table_status status;
		const char *message;
		int index;
	} cases[] = {
		{ 1, 0, NULL, TABLE_OK, NULL, -1 },
		{ TABLE_TRANSACT_MAX, 0, "01JTESTTOKEN", TABLE_OK, NULL, -1 },
		{ TABLE_TRANSACT_MAX + 1, 0, NULL, TABLE_INVALID,
		    "a transaction holds at most 100 writes, not 101", -1 },
		{ 0, 0, NULL, TABLE_INVALID, "a transaction needs at least one write", -1 },
		{ 3, 2, NULL, TABLE_INVALID, "a transaction cannot include more than one write on"
		    " one item (USER#1 / I0: writes 0 and 2)", 2 },
		{ 2, 0, "", TABLE_INVALID, "an idempotency token has 1 to 36 characters, not 0", -1 },
		{ 2, 0, "tab\t", TABLE_INVALID, "an idempotency token is printable ASCII", -1 },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = cases[i].n;
		struct table_write *w = puts_of(n > 0 ? n : 1);
		struct table_keys *keys = xcalloc(n > 0 ? n : 1, sizeof *keys);
		struct table_err err;
		char what[64];

		if (cases[i].dup > 0) {
			json_decref(w[cases[i].dup].item);
			w[cases[i].dup].kind = TABLE_WRITE_DELETE;
			w[cases[i].dup].key = table_key("USER#1", "I0");
		}
		table_err_clear(&err);
		xsnprintf(what, sizeof what, "transact case %zu", i);
		expect(table_check_transact(w, n, cases[i].token, NULL,
		    n <= TABLE_TRANSACT_MAX ? keys : NULL, &err), &err, cases[i].status,
		    cases[i].message, cases[i].index, what);
		if (cases[i].status == TABLE_OK) {
			assert_string_equal(keys[n - 1].pk, "USER#1");
			assert_string_equal(keys[0].sk, "I0");
		}
		free_writes(w, n > 0 ? n : 1);
		free(keys);
	}
}

/* A bad write is reported before the token; no writes at all before anything. */
static void
test_transact_order(void **state)
{
	struct table_write *w = puts_of(2);
	struct table_err err;

	json_object_del(w[1].item, "SK");
	expect(table_check_transact(w, 2, "", NULL, NULL, &err), &err, TABLE_INVALID,
	    "write 1: key attribute SK is missing", 1, "write before token");
	expect(table_check_transact(NULL, 2, "01J", NULL, NULL, &err), &err, TABLE_INVALID,
	    "a transaction needs at least one write", -1, "no writes");
	free_writes(w, 2);
}

/* Writes to another table have no keys, so several of them are no duplicates. */
static void
test_transact_foreign(void **state)
{
	json_t *k1 = load("{\"id\":{\"S\":\"1\"}}");
	struct table_write w[3];
	struct table_err err;

	memset(w, 0, sizeof w);
	w[0] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = k1, .table = "Legacy" };
	w[1] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = k1, .table = "Legacy" };
	w[2] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = table_key("USER#1", "A") };
	assert_int_equal(table_check_transact(w, 3, NULL, foreign, NULL, &err), 0);
	table_err_clear(&err);
	expect(table_check_transact(w, 3, NULL, NULL, NULL, &err), &err, TABLE_INVALID,
	    "write 0: table Legacy: this store writes only its own table", 0, "refused");
	json_decref(w[2].key);
	json_decref(k1);
}

static void
test_batch_rules(void **state)
{
	struct table_write *w = puts_of(3);
	struct table_keys keys[3];
	struct table_err err;

	/* Nothing to check, with or without writes; NULL writes are refused. */
	assert_int_equal(table_check_batch(NULL, 0, NULL, NULL, &err), 0);
	table_err_clear(&err);
	expect(table_check_batch(NULL, 1, NULL, NULL, &err), &err, TABLE_INVALID,
	    "a batch without writes", -1, "NULL writes");
	/* Any number of writes, even on one item: the backend keeps the last. */
	json_decref(w[2].item);
	w[2].kind = TABLE_WRITE_DELETE;
	w[2].key = table_key("USER#1", "I0");
	assert_int_equal(table_check_batch(w, 3, NULL, keys, &err), 0);
	assert_string_equal(keys[2].sk, "I0");
	assert_string_equal(keys[1].sk, "I1");
	w[1].cond.kind = TABLE_COND_EXISTS;
	table_err_clear(&err);
	expect(table_check_batch(w, 3, NULL, keys, &err), &err, TABLE_INVALID,
	    "write 1: a batch write cannot carry a condition", 1, "cond in batch");
	free_writes(w, 3);
}

static void
test_token_rules(void **state)
{
	static const struct {
		size_t fill;             /* > 0: that many '1's */
		const char *token;
		enum table_status status;
		const char *message;
	} cases[] = {
		{ 1, NULL, TABLE_OK, NULL },
		{ TABLE_CHECK_TOKEN_MAX, NULL, TABLE_OK, NULL },
		{ TABLE_CHECK_TOKEN_MAX + 1, NULL, TABLE_INVALID,
		    "an idempotency token has 1 to 36 characters, not 37" },
		{ 0, "", TABLE_INVALID, "an idempotency token has 1 to 36 characters, not 0" },
		{ 0, " ~", TABLE_OK, NULL },
		{ 0, "a\x1f", TABLE_INVALID, "an idempotency token is printable ASCII" },
		{ 0, "a\x7f", TABLE_INVALID, "an idempotency token is printable ASCII" },
		{ 0, "\xc3\xa9", TABLE_INVALID, "an idempotency token is printable ASCII" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *token = cases[i].fill > 0 ? expand("^", cases[i].fill) : xstrdup(cases[i].token);
		struct table_err err;

		table_err_clear(&err);
		expect(table_check_token(token, &err), &err, cases[i].status, cases[i].message, -1,
		    token);
		free(token);
	}
}

static void
test_table_name_rules(void **state)
{
	static const struct {
		const char *name;        /* '@' filled */
		size_t fill;
		bool ok;
	} cases[] = {
		{ "@", 3, true },
		{ "@", 2, false },
		{ "@", 255, true },
		{ "@", 256, false },
		{ "aZ09_.-", 0, true },
		{ "a b", 0, false },
		{ "a/b", 0, false },
		{ "caf\xc3\xa9", 0, false },
		{ "", 0, false },
	};
	struct table_err err;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *name = expand(cases[i].name, cases[i].fill);
		char *want = xasprintf("table name \"%.255s\" is not valid: 3 to 255 of letters,"
		    " digits, '_', '.', '-'", name);

		table_err_clear(&err);
		expect(table_check_table_name(name, &err), &err, cases[i].ok ? TABLE_OK : TABLE_INVALID,
		    want, -1, name);
		free(want);
		free(name);
	}
	table_err_clear(&err);
	expect(table_check_table_name(NULL, &err), &err, TABLE_INVALID,
	    "table name \"\" is not valid: 3 to 255 of letters, digits, '_', '.', '-'", -1, "NULL");
}

/* Every check takes a NULL err and still answers. */
static void
test_null_err(void **state)
{
	json_t *bad = load("[]");
	struct table_write *w = puts_of(2);
	struct table_keys k;
	struct table_update upd = { NULL, 1 };
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = "" };

	assert_int_equal(table_check_item(bad, &k, NULL), -1);
	assert_int_equal(table_check_key(bad, &k, NULL), -1);
	assert_int_equal(table_check_value(bad, "a", NULL), -1);
	assert_int_equal(table_check_update(&upd, NULL), -1);
	assert_int_equal(table_check_query(&q, NULL, NULL), -1);
	assert_int_equal(table_check_token("", NULL), -1);
	assert_int_equal(table_check_table_name("x", NULL), -1);
	json_decref(w[1].item);
	w[1].item = json_incref(w[0].item);
	assert_int_equal(table_check_transact(w, 2, NULL, NULL, NULL, NULL), -1);
	w[1].table = "Legacy";
	assert_int_equal(table_check_batch(w, 2, NULL, NULL, NULL), -1);
	free_writes(w, 2);
	json_decref(bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item_rules),
		cmocka_unit_test(test_item_size_count),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_item_gsi_keys),
		cmocka_unit_test(test_key_rules),
		cmocka_unit_test(test_cond_rules),
		cmocka_unit_test(test_update_rules),
		cmocka_unit_test(test_query_rules),
		cmocka_unit_test(test_query_start_optional),
		cmocka_unit_test(test_write_rules),
		cmocka_unit_test(test_write_foreign),
		cmocka_unit_test(test_transact_rules),
		cmocka_unit_test(test_transact_order),
		cmocka_unit_test(test_transact_foreign),
		cmocka_unit_test(test_batch_rules),
		cmocka_unit_test(test_token_rules),
		cmocka_unit_test(test_table_name_rules),
		cmocka_unit_test(test_null_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
