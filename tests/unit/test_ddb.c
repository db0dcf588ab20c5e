/*
 * Tests of datastore/ddb/ddb without a network: request rendering
 * (placeholders only), error classification for every code of the protocol
 * doc, hostile answers, backoff bounds, and the whole backend driven through
 * a scripted transport (retries, re-signing, unknown outcomes, idempotency
 * tokens, batch leftovers, --explain).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

#define T "ai-lifestyle-app-main"
#define AKID "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

/* Values that would break an expression if they were ever spliced into one. */
static const char *const hostile[] = {
	"a#b", ":v0", "x) OR attribute_exists(#n0", "q AND r", "\"quoted\"", "#n1 = :v1", "SET x",
};

static const char *
str_of(json_t *obj, const char *name)
{
	return json_string_value(json_object_get(obj, name));
}

static json_t *
item3(const char *pk, const char *sk, const char *note)
{
	return json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", pk, "SK", "S", sk,
	    "note", "S", note, "version", "N", "1");
}

/* No hostile text in any expression of a request (searched recursively). */
static void
assert_no_user_data(json_t *req)
{
	static const char *const members[] = { "KeyConditionExpression", "ConditionExpression",
		"UpdateExpression", "ProjectionExpression", "FilterExpression" };
	const char *k;
	json_t *v;
	size_t i;

	if (json_is_array(req)) {
		json_array_foreach(req, i, v)
			assert_no_user_data(v);
		return;
	}
	if (!json_is_object(req))
		return;
	for (i = 0; i < sizeof members / sizeof members[0]; i++) {
		const char *e = str_of(req, members[i]);

		if (e == NULL)
			continue;
		for (size_t h = 0; h < sizeof hostile / sizeof hostile[0]; h++)
			if (strstr(e, hostile[h]) != NULL && strlen(hostile[h]) > 4)
				fail_msg("%s \"%s\" holds user data \"%s\"", members[i], e, hostile[h]);
		/* Only placeholders, punctuation and the expression language's words. */
		for (const char *p = e; *p != '\0'; p++)
			if (*p == '"' || *p == '\'')
				fail_msg("%s \"%s\" holds a quote", members[i], e);
	}
	json_object_foreach(req, k, v)
		assert_no_user_data(v);
}

/* ---- rendering ---- */

struct qcase {
	enum table_key_op op;
	const char *a, *b;
	const char *want;
};

static void
test_render_query_ops(void **state)
{
	static const struct qcase cases[] = {
		{ TABLE_KEY_ANY, NULL, NULL, "#n0 = :v0" },
		{ TABLE_KEY_EQ, "x", NULL, "#n0 = :v0 AND #n1 = :v1" },
		{ TABLE_KEY_BEGINS_WITH, "GOAL#", NULL, "#n0 = :v0 AND begins_with(#n1, :v1)" },
		{ TABLE_KEY_BETWEEN, "a", "b", "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2" },
		{ TABLE_KEY_LT, "m", NULL, "#n0 = :v0 AND #n1 < :v1" },
		{ TABLE_KEY_LE, "m", NULL, "#n0 = :v0 AND #n1 <= :v1" },
		{ TABLE_KEY_GT, "m", NULL, "#n0 = :v0 AND #n1 > :v1" },
		{ TABLE_KEY_GE, "m", NULL, "#n0 = :v0 AND #n1 >= :v1" },
	};
	struct table_err err;

	for (int ix = 0; ix < TABLE_INDEX_COUNT; ix++)
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
			struct table_query q = { .index = (enum table_index)ix, .pk = "USER#u1",
			    .sk_op = cases[i].op, .sk_a = cases[i].a, .sk_b = cases[i].b };
			json_t *req = ddb_render_query(T, &q, &err);
			json_t *names, *vals;

			assert_non_null(req);
			assert_string_equal(str_of(req, "KeyConditionExpression"), cases[i].want);
			names = json_object_get(req, "ExpressionAttributeNames");
			vals = json_object_get(req, "ExpressionAttributeValues");
			assert_string_equal(str_of(names, "#n0"), table_index_pk_name(q.index));
			assert_string_equal(str_of(json_object_get(vals, ":v0"), "S"), "USER#u1");
			if (cases[i].op != TABLE_KEY_ANY) {
				assert_string_equal(str_of(names, "#n1"), table_index_sk_name(q.index));
				assert_string_equal(str_of(json_object_get(vals, ":v1"), "S"), cases[i].a);
			} else
				assert_int_equal(json_object_size(names), 1);
			if (ix == TABLE_INDEX_MAIN) {
				assert_null(json_object_get(req, "IndexName"));
				assert_true(json_is_true(json_object_get(req, "ConsistentRead")));
			} else {
				assert_string_equal(str_of(req, "IndexName"), table_index_name(q.index));
				/* GSIs cannot read consistently: DynamoDB refuses the flag. */
				assert_null(json_object_get(req, "ConsistentRead"));
			}
			assert_string_equal(str_of(req, "TableName"), T);
			assert_string_equal(str_of(req, "ReturnConsumedCapacity"), "TOTAL");
			json_decref(req);
		}
}

static void
test_render_query_paging(void **state)
{
	struct table_err err;
	static const char *const proj[] = { "PK", "title", "a#b", NULL };
	struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = "USER#u#MEAL",
	    .sk_op = TABLE_KEY_BETWEEN, .sk_a = "2026-01-01", .sk_b = "2026-02-01", .backward = true };
	json_t *req, *key;
	char *cursor;

	req = ddb_render_query(T, &q, &err);
	assert_int_equal(json_integer_value(json_object_get(req, "Limit")), DDB_PAGE_DEFAULT);
	assert_true(json_is_false(json_object_get(req, "ScanIndexForward")));
	assert_null(json_object_get(req, "ExclusiveStartKey"));
	json_decref(req);

	q.limit = 5000;
	q.backward = false;
	q.projection = proj;
	req = ddb_render_query(T, &q, &err);
	assert_int_equal(json_integer_value(json_object_get(req, "Limit")), DDB_PAGE_MAX);
	assert_true(json_is_true(json_object_get(req, "ScanIndexForward")));
	assert_string_equal(str_of(req, "ProjectionExpression"), "#n2, #n3, #n4");
	assert_string_equal(str_of(json_object_get(req, "ExpressionAttributeNames"), "#n4"), "a#b");
	json_decref(req);

	/* A cursor of this index and partition becomes ExclusiveStartKey. */
	q.limit = 7;
	q.projection = NULL;
	key = json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", "USER#u", "SK", "S", "MEAL#m1",
	    "GSI2PK", "S", "USER#u#MEAL", "GSI2SK", "S", "2026-01-05#m1");
	cursor = table_cursor_encode(key);
	q.cursor = cursor;
	req = ddb_render_query(T, &q, &err);
	assert_non_null(req);
	assert_true(json_equal(json_object_get(req, "ExclusiveStartKey"), key));
	json_decref(req);
	free(cursor);

	/* Refused as the local store refuses them: not a cursor, another partition, outside the range. */
	q.cursor = "!!!";
	assert_null(ddb_render_query(T, &q, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	json_object_set_new(key, "GSI2PK", json_pack("{s:s}", "S", "USER#v#MEAL"));
	cursor = table_cursor_encode(key);
	q.cursor = cursor;
	assert_null(ddb_render_query(T, &q, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	free(cursor);
	json_object_set_new(key, "GSI2PK", json_pack("{s:s}", "S", "USER#u#MEAL"));
	json_object_set_new(key, "GSI2SK", json_pack("{s:s}", "S", "2027"));
	cursor = table_cursor_encode(key);
	q.cursor = cursor;
	assert_null(ddb_render_query(T, &q, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	free(cursor);
	/* A main-table cursor (two attributes) on GSI2. */
	json_object_del(key, "GSI2PK");
	json_object_del(key, "GSI2SK");
	cursor = table_cursor_encode(key);
	q.cursor = cursor;
	assert_null(ddb_render_query(T, &q, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	free(cursor);
	json_decref(key);

	/* Bad queries. */
	struct table_query bad[] = {
		{ .pk = "" },
		{ .pk = NULL },
		{ .pk = "p", .sk_op = TABLE_KEY_EQ, .sk_a = "" },
		{ .pk = "p", .sk_op = TABLE_KEY_BETWEEN, .sk_a = "b", .sk_b = "a" },
		{ .pk = "p", .sk_op = (enum table_key_op)42, .sk_a = "a" },
		{ .index = (enum table_index)9, .pk = "p" },
		{ .pk = "caf\xe9" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(ddb_render_query(T, &bad[i], &err));
		assert_int_equal(err.status, TABLE_INVALID);
	}
}

static void
test_render_placeholders_only(void **state)
{
	struct table_err err;

	for (size_t h = 0; h < sizeof hostile / sizeof hostile[0]; h++) {
		const char *v = hostile[h];
		struct table_query q = { .index = TABLE_INDEX_GSI3, .pk = v,
		    .sk_op = TABLE_KEY_BETWEEN, .sk_a = v, .sk_b = v };
		json_t *req = ddb_render_query(T, &q, &err);
		assert_non_null(req);
		assert_no_user_data(req);
		json_decref(req);

		json_t *key = table_key(v, v);
		json_t *val = json_pack("{s:s}", "S", v);
		json_t *num = json_pack("{s:s}", "N", "1");
		struct table_update_action acts[] = {
			{ TABLE_UPDATE_SET, v, val },
			{ TABLE_UPDATE_ADD, "count", num },
		};
		struct table_update upd = { acts, 2 };
		struct table_cond cond = { TABLE_COND_VERSION, 3 };
		req = ddb_render_update(T, key, &upd, &cond, true, &err);
		assert_non_null(req);
		assert_no_user_data(req);
		assert_string_equal(str_of(req, "UpdateExpression"), "SET #n0 = :v0 ADD #n1 :v1");
		assert_string_equal(str_of(json_object_get(req, "ExpressionAttributeNames"), "#n0"), v);
		json_decref(req);

		json_t *item = item3(v, v, v);
		req = ddb_render_put(T, item, &cond, &err);
		assert_non_null(req);
		assert_no_user_data(req);
		json_decref(req);

		struct table_write w[2];
		memset(w, 0, sizeof w);
		w[0].kind = TABLE_WRITE_PUT;
		w[0].item = item;
		w[0].cond.kind = TABLE_COND_NOT_EXISTS;
		w[1].kind = TABLE_WRITE_UPDATE;
		w[1].key = table_key("other", v);
		w[1].update = upd;
		w[1].cond = cond;
		req = ddb_render_transact(T, w, 2, "tok", &err);
		assert_non_null(req);
		assert_no_user_data(req);
		json_decref(req);
		json_decref(w[1].key);
		json_decref(item);
		json_decref(key);
		json_decref(val);
		json_decref(num);
	}
}

static void
test_render_update(void **state)
{
	struct table_err err;
	json_t *key = table_key("USER#u1", "GOAL#g1");
	json_t *s1 = json_pack("{s:s}", "S", "paused"), *s2 = json_pack("{s:s}", "S", "GOAL#paused");
	json_t *n = json_pack("{s:s}", "N", "2.5");
	struct table_update_action acts[] = {
		{ TABLE_UPDATE_SET, "status", s1 },
		{ TABLE_UPDATE_REMOVE, "dueDate", NULL },
		{ TABLE_UPDATE_SET, "GSI1PK", s2 },
		{ TABLE_UPDATE_ADD, "progress", n },
	};
	struct table_update upd = { acts, 4 };
	struct table_cond cond = { TABLE_COND_VERSION, 7 };
	json_t *req = ddb_render_update(T, key, &upd, &cond, true, &err), *names, *vals;

	assert_non_null(req);
	assert_string_equal(str_of(req, "UpdateExpression"),
	    "SET #n0 = :v0, #n1 = :v1 REMOVE #n2 ADD #n3 :v2");
	assert_string_equal(str_of(req, "ConditionExpression"), "#n4 = :v3");
	names = json_object_get(req, "ExpressionAttributeNames");
	vals = json_object_get(req, "ExpressionAttributeValues");
	assert_string_equal(str_of(names, "#n0"), "status");
	assert_string_equal(str_of(names, "#n1"), "GSI1PK");
	assert_string_equal(str_of(names, "#n2"), "dueDate");
	assert_string_equal(str_of(names, "#n3"), "progress");
	assert_string_equal(str_of(names, "#n4"), "version");
	assert_true(json_equal(json_object_get(vals, ":v0"), s1));
	assert_true(json_equal(json_object_get(vals, ":v2"), n));
	assert_string_equal(str_of(json_object_get(vals, ":v3"), "N"), "7");
	assert_string_equal(str_of(req, "ReturnValues"), "ALL_NEW");
	assert_string_equal(str_of(req, "ReturnValuesOnConditionCheckFailure"), "ALL_OLD");
	assert_true(json_equal(json_object_get(req, "Key"), key));
	json_decref(req);

	/* No out_new, no condition: neither ReturnValues nor a condition. */
	req = ddb_render_update(T, key, &upd, NULL, false, &err);
	assert_null(json_object_get(req, "ReturnValues"));
	assert_null(json_object_get(req, "ConditionExpression"));
	assert_null(json_object_get(req, "ReturnValuesOnConditionCheckFailure"));
	json_decref(req);

	/* A version condition on an update that sets version shares the name. */
	json_t *v8 = json_pack("{s:s}", "N", "8");
	struct table_update_action vact[] = { { TABLE_UPDATE_SET, "version", v8 } };
	struct table_update vupd = { vact, 1 };
	req = ddb_render_update(T, key, &vupd, &cond, false, &err);
	assert_string_equal(str_of(req, "UpdateExpression"), "SET #n0 = :v0");
	assert_string_equal(str_of(req, "ConditionExpression"), "#n0 = :v1");
	json_decref(req);

	/* What the local store refuses up front. */
	struct table_update_action badacts[][2] = {
		{ { TABLE_UPDATE_SET, "PK", s1 }, { TABLE_UPDATE_REMOVE, "x", NULL } },
		{ { TABLE_UPDATE_SET, "a", s1 }, { TABLE_UPDATE_REMOVE, "a", NULL } },
		{ { TABLE_UPDATE_ADD, "a", s1 }, { TABLE_UPDATE_REMOVE, "x", NULL } },
		{ { TABLE_UPDATE_SET, "", s1 }, { TABLE_UPDATE_REMOVE, "x", NULL } },
		{ { TABLE_UPDATE_SET, "a", NULL }, { TABLE_UPDATE_REMOVE, "x", NULL } },
		{ { (enum table_update_kind)9, "a", s1 }, { TABLE_UPDATE_REMOVE, "x", NULL } },
	};
	json_t *frac = json_pack("{s:s}", "N", "0.0001");
	struct table_update_action addfrac[] = { { TABLE_UPDATE_ADD, "a", frac } };
	struct table_update fupd = { addfrac, 1 };
	for (size_t i = 0; i < sizeof badacts / sizeof badacts[0]; i++) {
		struct table_update bupd = { badacts[i], 2 };
		assert_null(ddb_render_update(T, key, &bupd, NULL, false, &err));
		assert_int_equal(err.status, TABLE_INVALID);
	}
	assert_null(ddb_render_update(T, key, &fupd, NULL, false, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	struct table_cond badc = { (enum table_cond_kind)17, 0 };
	assert_null(ddb_render_update(T, key, &upd, &badc, false, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	json_t *badkey = json_pack("{s:{s:s}}", "PK", "S", "x");
	assert_null(ddb_render_update(T, badkey, &upd, NULL, false, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	json_decref(badkey);
	json_decref(frac);
	json_decref(v8);
	json_decref(key);
	json_decref(s1);
	json_decref(s2);
	json_decref(n);
}

static void
test_render_put_delete_get(void **state)
{
	struct table_err err;
	json_t *item = item3("USER#u1", "PROFILE", "hi"), *req, *key = table_key("USER#u1", "PROFILE");
	struct table_cond ne = { TABLE_COND_NOT_EXISTS, 0 }, ex = { TABLE_COND_EXISTS, 0 };

	req = ddb_render_put(T, item, &ne, &err);
	assert_string_equal(str_of(req, "ConditionExpression"), "attribute_not_exists(#n0)");
	assert_string_equal(str_of(json_object_get(req, "ExpressionAttributeNames"), "#n0"), "PK");
	/* No values: the empty map would be refused. */
	assert_null(json_object_get(req, "ExpressionAttributeValues"));
	assert_true(json_equal(json_object_get(req, "Item"), item));
	json_decref(req);
	req = ddb_render_put(T, item, &ex, &err);
	assert_string_equal(str_of(req, "ConditionExpression"), "attribute_exists(#n0)");
	json_decref(req);
	req = ddb_render_put(T, item, NULL, &err);
	assert_null(json_object_get(req, "ConditionExpression"));
	assert_null(json_object_get(req, "ExpressionAttributeNames"));
	assert_null(json_object_get(req, "ExpressionAttributeValues"));
	json_decref(req);

	req = ddb_render_delete(T, key, &ex, true, &err);
	assert_string_equal(str_of(req, "ReturnValues"), "ALL_OLD");
	assert_string_equal(str_of(req, "ConditionExpression"), "attribute_exists(#n0)");
	json_decref(req);
	req = ddb_render_get(T, key, &err);
	assert_true(json_is_true(json_object_get(req, "ConsistentRead")));
	assert_true(json_equal(json_object_get(req, "Key"), key));
	json_decref(req);

	/* Bad items and keys. */
	json_t *bads[] = {
		json_pack("{s:{s:s}}", "PK", "S", "x"),
		json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "", "SK", "S", "y"),
		json_pack("{s:{s:i}, s:{s:s}}", "PK", "N", 1, "SK", "S", "y"),
		json_pack("{s:{s:s}, s:{s:s}, s:s}", "PK", "S", "x", "SK", "S", "y", "bad", "plain"),
		json_pack("{s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", "x", "SK", "S", "y", "GSI1PK", "N", "1"),
		json_pack("[]"),
	};
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		assert_null(ddb_render_put(T, bads[i], NULL, &err));
		assert_int_equal(err.status, TABLE_INVALID);
		json_decref(bads[i]);
	}
	json_t *k3 = json_pack("{s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", "x", "SK", "S", "y", "z", "S", "z");
	assert_null(ddb_render_get(T, k3, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_null(ddb_render_delete(T, k3, NULL, false, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	json_decref(k3);

	/* Over 400 KB: TABLE_TOO_LARGE before anything is sent. */
	char *big = xmalloc(TABLE_ITEM_MAX + 1);
	memset(big, 'x', TABLE_ITEM_MAX);
	big[TABLE_ITEM_MAX] = '\0';
	json_object_set_new(item, "body", json_pack("{s:s}", "S", big));
	assert_null(ddb_render_put(T, item, NULL, &err));
	assert_int_equal(err.status, TABLE_TOO_LARGE);
	assert_non_null(strstr(err.message, "exceeds the 400 KB item limit"));
	assert_non_null(strstr(err.message, "item size "));
	free(big);
	json_decref(item);
	json_decref(key);
}

static void
test_render_transact_batch(void **state)
{
	struct table_err err;
	json_t *item = item3("T#1", "A", "a"), *k1 = table_key("T#1", "B"), *k2 = table_key("T#1", "C");
	json_t *val = json_pack("{s:s}", "S", "v");
	struct table_update_action act = { TABLE_UPDATE_SET, "note", val };
	struct table_write w[4];
	json_t *req, *items;

	memset(w, 0, sizeof w);
	w[0].kind = TABLE_WRITE_PUT;
	w[0].item = item;
	w[0].cond.kind = TABLE_COND_NOT_EXISTS;
	w[1].kind = TABLE_WRITE_UPDATE;
	w[1].key = k1;
	w[1].update.actions = &act;
	w[1].update.count = 1;
	w[1].cond.kind = TABLE_COND_VERSION;
	w[1].cond.version = 4;
	w[2].kind = TABLE_WRITE_DELETE;
	w[2].key = k2;
	w[3].kind = TABLE_WRITE_CHECK;
	w[3].key = table_key("T#1", "D");
	w[3].cond.kind = TABLE_COND_EXISTS;
	req = ddb_render_transact(T, w, 4, "01JTOKEN", &err);
	assert_non_null(req);
	assert_string_equal(str_of(req, "ClientRequestToken"), "01JTOKEN");
	items = json_object_get(req, "TransactItems");
	assert_int_equal(json_array_size(items), 4);
	json_t *put = json_object_get(json_array_get(items, 0), "Put");
	assert_string_equal(str_of(put, "TableName"), T);
	assert_string_equal(str_of(put, "ConditionExpression"), "attribute_not_exists(#n0)");
	json_t *upd = json_object_get(json_array_get(items, 1), "Update");
	assert_string_equal(str_of(upd, "UpdateExpression"), "SET #n0 = :v0");
	assert_string_equal(str_of(upd, "ConditionExpression"), "#n1 = :v1");
	json_t *del = json_object_get(json_array_get(items, 2), "Delete");
	assert_true(json_equal(json_object_get(del, "Key"), k2));
	assert_null(json_object_get(del, "ConditionExpression"));
	json_t *chk = json_object_get(json_array_get(items, 3), "ConditionCheck");
	assert_string_equal(str_of(chk, "ConditionExpression"), "attribute_exists(#n0)");
	json_decref(req);

	/* What the local store refuses, with the same index. */
	assert_null(ddb_render_transact(T, w, 0, "t", &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_null(ddb_render_transact(T, w, 4, "0123456789012345678901234567890123456", &err));
	assert_int_equal(err.status, TABLE_INVALID);
	w[2].key = k1;
	assert_null(ddb_render_transact(T, w, 4, "t", &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 2);
	w[2].key = k2;
	w[3].cond.kind = TABLE_COND_NONE;
	assert_null(ddb_render_transact(T, w, 4, "t", &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 3);
	struct table_write many[TABLE_TRANSACT_MAX + 1];
	memset(many, 0, sizeof many);
	assert_null(ddb_render_transact(T, many, TABLE_TRANSACT_MAX + 1, "t", &err));
	assert_int_equal(err.status, TABLE_INVALID);

	/* Batch: puts and deletes only, no conditions, at most 25. */
	struct table_write b[2];
	memset(b, 0, sizeof b);
	b[0].kind = TABLE_WRITE_PUT;
	b[0].item = item;
	b[1].kind = TABLE_WRITE_DELETE;
	b[1].key = k1;
	req = ddb_render_batch(T, b, 2, &err);
	items = json_object_get(json_object_get(req, "RequestItems"), T);
	assert_int_equal(json_array_size(items), 2);
	assert_true(json_equal(json_object_get(json_object_get(json_array_get(items, 0), "PutRequest"), "Item"),
	    item));
	assert_true(json_equal(json_object_get(json_object_get(json_array_get(items, 1), "DeleteRequest"),
	    "Key"), k1));
	json_decref(req);
	b[1].cond.kind = TABLE_COND_EXISTS;
	assert_null(ddb_render_batch(T, b, 2, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 1);
	b[1].cond.kind = TABLE_COND_NONE;
	b[1].kind = TABLE_WRITE_UPDATE;
	assert_null(ddb_render_batch(T, b, 2, &err));
	assert_int_equal(err.status, TABLE_INVALID);
	struct table_write b26[26];
	for (int i = 0; i < 26; i++)
		b26[i] = b[0];
	assert_null(ddb_render_batch(T, b26, 26, &err));
	assert_int_equal(err.status, TABLE_INVALID);

	json_decref(w[3].key);
	json_decref(item);
	json_decref(k1);
	json_decref(k2);
	json_decref(val);
}

static void
test_render_create(void **state)
{
	json_t *req = ddb_render_create(T), *want = table_expected_description(T);
	json_t *wt = json_object_get(want, "Table");

	assert_string_equal(str_of(req, "TableName"), T);
	assert_string_equal(str_of(req, "BillingMode"), "PAY_PER_REQUEST");
	assert_true(json_equal(json_object_get(req, "KeySchema"), json_object_get(wt, "KeySchema")));
	assert_true(json_equal(json_object_get(req, "AttributeDefinitions"),
	    json_object_get(wt, "AttributeDefinitions")));
	assert_true(json_equal(json_object_get(req, "GlobalSecondaryIndexes"),
	    json_object_get(wt, "GlobalSecondaryIndexes")));
	json_decref(req);
	json_decref(want);
}

static void
test_explain_line(void **state)
{
	struct table_err err;
	struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = "USER#u#MEAL", .sk_op = TABLE_KEY_BETWEEN,
	    .sk_a = "2026-11-20T00:00:00.000Z", .sk_b = "2026-11-21T00:00:00.000Z", .backward = true };
	json_t *req = ddb_render_query(T, &q, &err);
	char *line = ddb_explain_line("Query", req);

	assert_string_equal(line, "Query table=" T " index=GSI2 key: GSI2PK = \"USER#u#MEAL\" AND GSI2SK"
	    " BETWEEN \"2026-11-20T00:00:00.000Z\" AND \"2026-11-21T00:00:00.000Z\" (limit 100, newest first)");
	free(line);
	json_decref(req);

	/* An escape sequence in a value is shown inert. */
	q.pk = "x\x1b[31m";
	q.sk_op = TABLE_KEY_ANY;
	q.backward = false;
	req = ddb_render_query(T, &q, &err);
	line = ddb_explain_line("Query", req);
	assert_null(strchr(line, '\x1b'));
	assert_non_null(strstr(line, "(limit 100, oldest first)"));
	free(line);
	json_decref(req);

	json_t *key = table_key("USER#u1", "GOAL#g1"), *v = json_pack("{s:s}", "N", "3");
	struct table_update_action act = { TABLE_UPDATE_SET, "progress", v };
	struct table_update upd = { &act, 1 };
	struct table_cond cond = { TABLE_COND_VERSION, 2 };
	req = ddb_render_update(T, key, &upd, &cond, false, &err);
	line = ddb_explain_line("UpdateItem", req);
	assert_string_equal(line, "UpdateItem table=" T " key: PK = \"USER#u1\", SK = \"GOAL#g1\""
	    " update: SET progress = 3 if version = 2");
	free(line);
	json_decref(req);
	json_decref(key);
	json_decref(v);
}

/* ---- errors ---- */

struct ecase {
	const char *code;
	long http;
	enum table_status status;
	enum ddb_retry retry;
};

static char *
error_body(const char *ns, const char *code, const char *msgkey, const char *msg)
{
	return xasprintf("{\"__type\":\"%s#%s\",\"%s\":\"%s\"}", ns, code, msgkey, msg);
}

static void
test_error_codes(void **state)
{
	/* Every row of the protocol doc's table (section 3) and botocore's lists. */
	static const struct ecase cases[] = {
		{ "ProvisionedThroughputExceededException", 400, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "ThrottlingException", 400, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "RequestLimitExceeded", 400, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "TransactionInProgressException", 400, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "LimitExceededException", 400, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "ItemCollectionSizeLimitExceededException", 400, TABLE_ERROR, DDB_RETRY_NO },
		{ "InternalServerError", 500, TABLE_ERROR, DDB_RETRY_TRANSIENT },
		{ "ServiceUnavailable", 503, TABLE_ERROR, DDB_RETRY_TRANSIENT },
		{ "SomethingNew", 502, TABLE_ERROR, DDB_RETRY_TRANSIENT },
		{ "ReplicatedWriteConflictException", 409, TABLE_ERROR, DDB_RETRY_TRANSIENT },
		{ "TransactionConflictException", 400, TABLE_ERROR, DDB_RETRY_TRANSIENT },
		{ "TransactionCanceledException", 400, TABLE_TXN_CANCELED, DDB_RETRY_NO },
		{ "ConditionalCheckFailedException", 400, TABLE_COND_FAILED, DDB_RETRY_NO },
		{ "ValidationException", 400, TABLE_INVALID, DDB_RETRY_NO },
		{ "ResourceNotFoundException", 400, TABLE_NO_TABLE, DDB_RETRY_NO },
		{ "ResourceInUseException", 400, TABLE_ERROR, DDB_RETRY_NO },
		{ "IdempotentParameterMismatchException", 400, TABLE_INVALID, DDB_RETRY_NO },
		{ "SerializationException", 400, TABLE_INVALID, DDB_RETRY_NO },
		{ "UnknownOperationException", 400, TABLE_ERROR, DDB_RETRY_NO },
		{ "AccessDeniedException", 400, TABLE_AUTH, DDB_RETRY_NO },
		{ "IncompleteSignatureException", 400, TABLE_AUTH, DDB_RETRY_NO },
		{ "InvalidSignatureException", 400, TABLE_AUTH, DDB_RETRY_NO },
		{ "MissingAuthenticationTokenException", 400, TABLE_AUTH, DDB_RETRY_NO },
		{ "MissingAuthenticationToken", 400, TABLE_AUTH, DDB_RETRY_NO },
		{ "UnrecognizedClientException", 400, TABLE_AUTH, DDB_RETRY_NO },
		{ "ThrottledException", 400, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "TooManyRequestsException", 429, TABLE_THROTTLED, DDB_RETRY_THROTTLE },
		{ "RequestTimeout", 400, TABLE_ERROR, DDB_RETRY_TRANSIENT },
		{ "SomeOtherClientError", 400, TABLE_ERROR, DDB_RETRY_NO },
	};
	static const char *const namespaces[] = { "com.amazonaws.dynamodb.v20120810",
		"com.amazon.coral.validate", "com.amazon.coral.service" };

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		for (size_t k = 0; k < 2; k++) {
			char *body = error_body(namespaces[i % 3], cases[i].code, k ? "Message" : "message",
			    "some text");
			struct ddb_error e;

			memset(&e, 0, sizeof e);
			ddb_parse_error(cases[i].http, body, strlen(body), &e);
			if (e.status != cases[i].status || e.retry != cases[i].retry)
				fail_msg("%s: status %d retry %d, want %d %d", cases[i].code, (int)e.status,
				    (int)e.retry, (int)cases[i].status, (int)cases[i].retry);
			assert_string_equal(e.code, cases[i].code);
			assert_int_equal(e.unknown, cases[i].http >= 500);
			if (e.status != TABLE_AUTH && e.status != TABLE_COND_FAILED &&
			    e.status != TABLE_TXN_CANCELED)
				assert_non_null(strstr(e.message, "some text"));
			if (e.status == TABLE_AUTH) {
				assert_non_null(strstr(e.message, "the service refused the credentials ("));
				assert_non_null(strstr(e.message, cases[i].code));
			}
			ddb_error_done(&e);
			free(body);
		}

	/* The item limit is its own class; a clock skew says so. */
	struct ddb_error e;
	const char *big = "{\"__type\":\"com.amazon.coral.validate#ValidationException\","
	    "\"message\":\"Item size has exceeded the maximum allowed size\"}";
	ddb_parse_error(400, big, strlen(big), &e);
	assert_int_equal(e.status, TABLE_TOO_LARGE);
	ddb_error_done(&e);
	const char *skew = "{\"__type\":\"com.amazon.coral.service#InvalidSignatureException\","
	    "\"message\":\"Signature expired: 20200101T000000Z is now earlier than 20260101T000000Z"
	    " (20260101T000000Z - 5 min.) Canonical request AWS4 " AKID "\"}";
	ddb_parse_error(400, skew, strlen(skew), &e);
	assert_int_equal(e.status, TABLE_AUTH);
	assert_non_null(strstr(e.message, "clock"));
	/* The service's text (canonical request, key id) is never repeated. */
	assert_null(strstr(e.message, AKID));
	assert_null(strstr(e.message, "Canonical"));
	ddb_error_done(&e);

	/* A ConditionalCheckFailed with the item (ReturnValuesOnConditionCheckFailure). */
	const char *ccf = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
	    "\"Message\":\"The conditional request failed\",\"Item\":{\"PK\":{\"S\":\"a\"}}}";
	ddb_parse_error(400, ccf, strlen(ccf), &e);
	assert_int_equal(e.status, TABLE_COND_FAILED);
	assert_non_null(e.item);
	assert_string_equal(table_item_str(e.item, "PK"), "a");
	ddb_error_done(&e);
	assert_null(e.item);
}

struct tcase {
	const char *body;
	int index;
	enum table_status reason;
	bool retry;
	const char *in_message;
};

static void
test_error_cancellation(void **state)
{
	static const struct tcase cases[] = {
		{ "{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
		  "\"CancellationReasons\":[{\"Code\":\"None\"},{\"Code\":\"ConditionalCheckFailed\","
		  "\"Message\":\"The conditional request failed\"}],\"Message\":\"Transaction cancelled,"
		  " please refer cancellation reasons for specific reasons [None, ConditionalCheckFailed]\"}",
		  1, TABLE_COND_FAILED, false, "write 1: ConditionalCheckFailed" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"message\":\"m\","
		  "\"CancellationReasons\":[{\"Code\":\"TransactionConflict\",\"message\":\"busy\"},{\"Code\":\"None\"}]}",
		  0, TABLE_ERROR, true, "TransactionConflict: busy" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
		  "[{\"Code\":\"None\"},{\"Code\":\"None\"},{\"Code\":\"ValidationError\"}]}",
		  2, TABLE_INVALID, false, "write 2: ValidationError" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
		  "[{\"Code\":\"ProvisionedThroughputExceeded\"}]}",
		  0, TABLE_THROTTLED, true, "ProvisionedThroughputExceeded" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
		  "[{\"Code\":\"ItemCollectionSizeLimitExceeded\"}]}",
		  0, TABLE_ERROR, false, "ItemCollectionSizeLimitExceeded" },
		/* Hostile shapes: no reasons, reasons not a list, entries not objects, codes not strings. */
		{ "{\"__type\":\"x#TransactionCanceledException\",\"Message\":\"gone\"}", -1, TABLE_ERROR, false,
		  "gone" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":{}}", -1, TABLE_ERROR,
		  false, "transaction cancelled" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":[1,\"a\",null,"
		  "{\"Code\":5},{\"Code\":\"ConditionalCheckFailed\",\"Message\":7}]}",
		  4, TABLE_COND_FAILED, false, "write 4" },
		{ "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":[{\"Code\":\"None\"}]}",
		  -1, TABLE_ERROR, false, "transaction cancelled" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct ddb_error e;

		ddb_parse_error(400, cases[i].body, strlen(cases[i].body), &e);
		assert_int_equal(e.status, TABLE_TXN_CANCELED);
		assert_int_equal(e.retry, DDB_RETRY_NO);
		if (e.index != cases[i].index || e.reason != cases[i].reason || e.reason_retry != cases[i].retry)
			fail_msg("case %zu: index %d reason %d retry %d", i, e.index, (int)e.reason,
			    (int)e.reason_retry);
		if (strstr(e.message, cases[i].in_message) == NULL)
			fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, e.message, cases[i].in_message);
		ddb_error_done(&e);
	}
}

static void
test_error_hostile(void **state)
{
	static const char *const bodies[] = {
		"", "not json", "[]", "null", "\"str\"", "{}", "{\"__type\":5}", "{\"__type\":null}",
		"{\"__type\":\"\"}", "{\"__type\":\"#\"}", "{\"__type\":\"a#b#\"}",
		"{\"__type\":\"x#ValidationException\",\"message\":123}",
		"{\"__type\":\"x#ValidationException\",\"message\":\"\\u001b[31mred\\n\"}",
		"{\"__type\":\"x#ConditionalCheckFailedException\",\"Item\":[1,2]}",
		"{\"__type\":\"x#ValidationException\",\"n\":1e999999}",
		"{\"__type\":\"x#ValidationException\",\"n\":123456789012345678901234567890}",
		"{\"__type\":\"x#ValidationException\"", "{\"__type\":\"\\u0000\"}",
		"{\"__type\":\"x#a\",\"__type\":\"x#b\"}",
	};
	char *deep = xmalloc(100001), *longcode;

	for (int status = 400; status <= 500; status += 100)
		for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
			struct ddb_error e;

			ddb_parse_error(status, bodies[i], strlen(bodies[i]), &e);
			assert_int_not_equal(e.status, TABLE_OK);
			assert_true(e.message[0] != '\0');
			for (const char *p = e.message; *p != '\0'; p++)
				assert_true((unsigned char)*p >= 0x20);
			if (status >= 500)
				assert_int_equal(e.retry, DDB_RETRY_TRANSIENT);
			ddb_error_done(&e);
		}
	memset(deep, '[', 100000);
	deep[100000] = '\0';
	struct ddb_error e;
	ddb_parse_error(400, deep, 100000, &e);
	assert_int_equal(e.status, TABLE_ERROR);
	assert_non_null(strstr(e.message, "unexpected answer from DynamoDB"));
	free(deep);
	longcode = xmalloc(5000);
	memcpy(longcode, "{\"__type\":\"", 11);
	memset(longcode + 11, 'A', 4000);
	memcpy(longcode + 4011, "\"}", 3);
	ddb_parse_error(400, longcode, strlen(longcode), &e);
	assert_true(strlen(e.code) < sizeof e.code);
	free(longcode);
	ddb_parse_error(400, NULL, 0, &e);
	assert_int_equal(e.status, TABLE_ERROR);
}

static void
test_classify_transport(void **state)
{
	static const struct {
		enum http_result r;
		enum table_status status;
		enum ddb_retry retry;
		bool unknown;
	} cases[] = {
		{ HTTP_CONNECT, TABLE_NETWORK, DDB_RETRY_TRANSIENT, false },
		{ HTTP_TIMEOUT, TABLE_NETWORK, DDB_RETRY_TRANSIENT, true },
		{ HTTP_DROPPED, TABLE_NETWORK, DDB_RETRY_TRANSIENT, true },
		{ HTTP_CRC, TABLE_ERROR, DDB_RETRY_TRANSIENT, true },
		{ HTTP_TOO_LARGE, TABLE_ERROR, DDB_RETRY_NO, true },
		{ HTTP_TLS, TABLE_NETWORK, DDB_RETRY_NO, false },
		{ HTTP_FAILED, TABLE_NETWORK, DDB_RETRY_NO, false },
	};
	struct http_response r;
	struct ddb_error e;

	memset(&e, 0, sizeof e);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(&r, 0, sizeof r);
		r.result = cases[i].r;
		xsnprintf(r.error, sizeof r.error, "Connection refused");
		assert_int_equal(ddb_classify(&r, "127.0.0.1:9", &e), -1);
		assert_int_equal(e.status, cases[i].status);
		assert_int_equal(e.retry, cases[i].retry);
		assert_int_equal(e.unknown, cases[i].unknown);
		assert_non_null(strstr(e.message, "127.0.0.1:9"));
	}
	memset(&r, 0, sizeof r);
	r.result = HTTP_CONNECT;
	xsnprintf(r.error, sizeof r.error, "Connection refused");
	ddb_classify(&r, "127.0.0.1:9", &e);
	assert_string_equal(e.message, "could not connect to 127.0.0.1:9: Connection refused");
	r.result = HTTP_OK;
	r.status = 200;
	assert_int_equal(ddb_classify(&r, "h:1", &e), 0);
	r.status = 503;
	assert_int_equal(ddb_classify(&r, "h:1", &e), -1);
	assert_int_equal(e.retry, DDB_RETRY_TRANSIENT);
}

/* ---- answers ---- */

static void
test_parse_answers(void **state)
{
	struct table_err err;
	struct table_page page;
	json_t *a, *item;

	/* Not JSON, not an object, empty: unexpected answers. */
	static const char *const bad[] = { "", "nope", "[1]", "1", "{\"a\":1", "{\"n\":1e999999}" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_null(ddb_parse_answer(bad[i], strlen(bad[i]), &err));
		assert_int_equal(err.status, TABLE_ERROR);
		assert_non_null(strstr(err.message, "unexpected answer from DynamoDB"));
	}

	const char *ok = "{\"Items\":[{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"b\"}}],\"Count\":1,"
	    "\"LastEvaluatedKey\":{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"b\"}},"
	    "\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}";
	a = ddb_parse_answer(ok, strlen(ok), &err);
	assert_int_equal(ddb_parse_query(a, TABLE_INDEX_MAIN, &page, &err), 0);
	assert_int_equal(page.count, 1);
	assert_true(page.capacity == 0.5);
	json_t *cur = table_cursor_decode(page.cursor);
	assert_true(json_equal(cur, json_object_get(a, "LastEvaluatedKey")));
	json_decref(cur);
	table_page_done(&page);
	/* The same key is not a GSI2 key. */
	assert_int_equal(ddb_parse_query(a, TABLE_INDEX_GSI2, &page, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	json_decref(a);

	static const char *const badq[] = {
		"{}", "{\"Items\":{}}", "{\"Items\":[1]}", "{\"Items\":[{\"PK\":\"a\"}]}",
		"{\"Items\":[{\"PK\":{\"S\":\"a\",\"N\":\"1\"}}]}",
		"{\"Items\":[],\"LastEvaluatedKey\":[]}",
		"{\"Items\":[],\"LastEvaluatedKey\":{\"PK\":{\"N\":\"1\"},\"SK\":{\"S\":\"b\"}}}",
		"{\"Items\":[],\"LastEvaluatedKey\":{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"b\"},\"x\":{\"N\":\"1\"}}}",
		"{\"Items\":[],\"LastEvaluatedKey\":{}}",
	};
	for (size_t i = 0; i < sizeof badq / sizeof badq[0]; i++) {
		a = ddb_parse_answer(badq[i], strlen(badq[i]), &err);
		assert_non_null(a);
		if (ddb_parse_query(a, TABLE_INDEX_MAIN, &page, &err) == 0)
			fail_msg("query answer %zu taken", i);
		assert_int_equal(err.status, TABLE_ERROR);
		assert_null(page.items);
		json_decref(a);
	}
	/* An empty page with a null key and odd capacities is fine. */
	const char *empty = "{\"Items\":[],\"LastEvaluatedKey\":null,\"ConsumedCapacity\":{\"CapacityUnits\":\"x\"}}";
	a = ddb_parse_answer(empty, strlen(empty), &err);
	assert_int_equal(ddb_parse_query(a, TABLE_INDEX_MAIN, &page, &err), 0);
	assert_int_equal(page.count, 0);
	assert_null(page.cursor);
	assert_true(page.capacity == 0);
	json_decref(a);

	/* GetItem / Attributes. */
	const char *got = "{\"Item\":{\"PK\":{\"S\":\"a\"}}}";
	a = ddb_parse_answer(got, strlen(got), &err);
	assert_int_equal(ddb_parse_item(a, "Item", &item, &err), 0);
	assert_string_equal(table_item_str(item, "PK"), "a");
	json_decref(item);
	assert_int_equal(ddb_parse_item(a, "Attributes", &item, &err), 0);
	assert_null(item);
	json_decref(a);
	const char *gotbad = "{\"Item\":[\"PK\"]}";
	a = ddb_parse_answer(gotbad, strlen(gotbad), &err);
	assert_int_equal(ddb_parse_item(a, "Item", &item, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	json_decref(a);

	/* Capacities: transactions and batches answer with a list. */
	const char *caps = "{\"ConsumedCapacity\":[{\"CapacityUnits\":2.0},{\"CapacityUnits\":1.5},"
	    "{\"CapacityUnits\":-4},7,{\"CapacityUnits\":\"9\"}]}";
	a = ddb_parse_answer(caps, strlen(caps), &err);
	assert_true(ddb_parse_capacity(a) == 3.5);
	json_decref(a);

	/* UnprocessedItems. */
	json_t *rest;
	size_t left;
	const char *up = "{\"UnprocessedItems\":{\"" T "\":[{\"PutRequest\":{\"Item\":{\"PK\":{\"S\":\"a\"}}}},"
	    "{\"DeleteRequest\":{\"Key\":{\"PK\":{\"S\":\"b\"}}}}]}}";
	a = ddb_parse_answer(up, strlen(up), &err);
	assert_int_equal(ddb_parse_unprocessed(a, T, &rest, &left, &err), 0);
	assert_int_equal(left, 2);
	assert_true(json_equal(json_object_get(rest, T), json_object_get(json_object_get(a, "UnprocessedItems"), T)));
	json_decref(rest);
	json_decref(a);
	static const char *const badup[] = {
		"{\"UnprocessedItems\":[]}", "{\"UnprocessedItems\":{\"other\":[]}}",
		"{\"UnprocessedItems\":{\"" T "\":{}}}", "{\"UnprocessedItems\":{\"" T "\":[1]}}",
		"{\"UnprocessedItems\":{\"" T "\":[{\"PutRequest\":{}}]}}",
		"{\"UnprocessedItems\":{\"" T "\":[{\"PutRequest\":{\"Item\":{\"a\":{\"S\":\"x\"}}},\"DeleteRequest\":{}}]}}",
	};
	for (size_t i = 0; i < sizeof badup / sizeof badup[0]; i++) {
		a = ddb_parse_answer(badup[i], strlen(badup[i]), &err);
		assert_int_equal(ddb_parse_unprocessed(a, T, &rest, &left, &err), -1);
		assert_null(rest);
		json_decref(a);
	}
	const char *none = "{\"UnprocessedItems\":{}}";
	a = ddb_parse_answer(none, strlen(none), &err);
	assert_int_equal(ddb_parse_unprocessed(a, T, &rest, &left, &err), 0);
	assert_null(rest);
	assert_int_equal(left, 0);
	json_decref(a);
}

static void
test_backoff(void **state)
{
	static const double us[] = { 0, 0.25, 0.5, 0.999999, 1.0, -1.0 };

	for (int retry = -1; retry < 70; retry++) {
		long cap = DDB_BACKOFF_CAP_MS;

		if (retry < 20 && retry >= 0 && ((long)DDB_BACKOFF_BASE_MS << retry) < cap)
			cap = (long)DDB_BACKOFF_BASE_MS << retry;
		if (retry < 0)
			cap = DDB_BACKOFF_BASE_MS;
		for (size_t i = 0; i < sizeof us / sizeof us[0]; i++) {
			long ms = ddb_backoff_ms(retry, us[i]);
			assert_true(ms >= 0);
			assert_true(ms < cap || (ms == 0 && cap == 0));
		}
	}
	assert_int_equal(ddb_backoff_ms(0, 0.5), 25);
	assert_int_equal(ddb_backoff_ms(3, 0.5), 200);
	assert_int_equal(ddb_backoff_ms(30, 0.5), 10000);
	assert_int_equal(ddb_backoff_ms(10, 0), 0);
}

/* ---- the backend through a scripted transport ---- */

#define SCRIPT_MAX 64

struct answer {
	enum http_result result;
	long status;
	const char *body;
};

/* What the fake service saw and what it answers, in order. */
struct fake {
	struct answer script[SCRIPT_MAX];
	size_t nscript, next;
	char *targets[SCRIPT_MAX * 2];
	char *bodies[SCRIPT_MAX * 2];
	char *dates[SCRIPT_MAX * 2];
	size_t sent;
	size_t sends;            /* calls of send (a batch of requests counts once) */
	size_t max_batch;        /* the most requests in one send */
	long slept;
	int sleeps;
	bool secret_seen;
	bool host_ok;
	json_t *echo;            /* when set: every request answered from this object by target */
};

static struct fake fake;

static void
fake_reset(void)
{
	for (size_t i = 0; i < fake.sent; i++) {
		free(fake.targets[i]);
		free(fake.bodies[i]);
		free(fake.dates[i]);
	}
	json_decref(fake.echo);
	memset(&fake, 0, sizeof fake);
	fake.host_ok = true;
}

static void
fake_add(enum http_result r, long status, const char *body)
{
	assert_true(fake.nscript < SCRIPT_MAX);
	fake.script[fake.nscript].result = r;
	fake.script[fake.nscript].status = status;
	fake.script[fake.nscript].body = body;
	fake.nscript++;
}

static void
fake_send(void *ctx, const struct http_request *reqs, struct http_response *resps, size_t n)
{
	fake.sends++;
	if (n > fake.max_batch)
		fake.max_batch = n;
	for (size_t i = 0; i < n; i++) {
		const char *target = NULL, *date = NULL, *host = NULL;

		for (size_t h = 0; h < reqs[i].header_count; h++) {
			if (strstr(reqs[i].headers[h].value, SECRET) != NULL)
				fake.secret_seen = true;
			if (strcmp(reqs[i].headers[h].name, "X-Amz-Target") == 0)
				target = reqs[i].headers[h].value;
			if (strcmp(reqs[i].headers[h].name, "X-Amz-Date") == 0)
				date = reqs[i].headers[h].value;
			if (strcmp(reqs[i].headers[h].name, "Host") == 0)
				host = reqs[i].headers[h].value;
		}
		if (host == NULL || strcmp(host, "127.0.0.1:8000") != 0 ||
		    strcmp(reqs[i].url, "http://127.0.0.1:8000/") != 0)
			fake.host_ok = false;
		if (strstr(reqs[i].body, SECRET) != NULL)
			fake.secret_seen = true;
		assert_true(fake.sent < SCRIPT_MAX * 2);
		fake.targets[fake.sent] = xstrdup(target != NULL ? target : "");
		fake.bodies[fake.sent] = xstrndup(reqs[i].body, reqs[i].body_len);
		fake.dates[fake.sent] = xstrdup(date != NULL ? date : "");
		fake.sent++;
		memset(&resps[i], 0, sizeof resps[i]);
		if (fake.next >= fake.nscript)
			fail_msg("request %zu (%s) beyond the script", fake.sent, target);
		struct answer *a = &fake.script[fake.next++];
		resps[i].result = a->result;
		resps[i].status = a->status;
		if (a->body != NULL) {
			resps[i].body = xstrdup(a->body);
			resps[i].body_len = strlen(a->body);
		}
		xsnprintf(resps[i].error, sizeof resps[i].error, "scripted");
	}
}

static void
fake_sleep(void *ctx, long ms)
{
	fake.slept += ms;
	fake.sleeps++;
	assert_true(ms >= 0 && ms <= DDB_BACKOFF_CAP_MS);
}

static const struct ddb_transport fake_transport = { fake_send, fake_sleep, NULL };

/* What the requests on the fake's table consumed: the trace set on it. */
static struct table_trace trace;

/* The capacity noted since the last call, and a fresh trace. */
static double
trace_take(void)
{
	double units = trace.capacity;
	memset(&trace, 0, sizeof trace);
	return units;
}

static struct table *
fake_open(int attempts)
{
	struct ddb_options o;
	struct table_err err;
	struct table *t;

	fake_reset();
	memset(&o, 0, sizeof o);
	o.table = T;
	o.region = "us-east-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.access_key_id = AKID;
	o.secret_access_key = SECRET;
	o.max_attempts = attempts;
	o.batch_parallel = 4;
	o.transport = &fake_transport;
	t = ddb_open(&o, &err);
	if (t == NULL)
		fail_msg("ddb_open: %s", err.message);
	memset(&trace, 0, sizeof trace);
	table_set_trace(t, &trace);
	return t;
}

static void
fake_close(struct table *t)
{
	table_close(t);
	assert_false(fake.secret_seen);
	assert_true(fake.host_ok);
	fake_reset();
}

static const char *
sent_target(size_t i)
{
	assert_true(i < fake.sent);
	return fake.targets[i] + strlen("DynamoDB_20120810.");
}

#define CCF "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\"," \
	"\"message\":\"The conditional request failed\"}"
#define THROTTLE "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\"," \
	"\"message\":\"slow down\"}"
#define ISE "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"oops\"}"

static void
test_backend_retries(void **state)
{
	struct table *t = fake_open(3);
	struct table_err err;
	json_t *key = table_key("USER#u1", "PROFILE"), *item = NULL;

	/* Throttled twice, then an answer: three attempts, two sleeps, the same body, re-signed each time. */
	fake_add(HTTP_OK, 400, THROTTLE);
	fake_add(HTTP_OK, 400, THROTTLE);
	fake_add(HTTP_OK, 200, "{\"Item\":{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"PROFILE\"}},"
	    "\"ConsumedCapacity\":{\"CapacityUnits\":0.5}}");
	trace_take();
	assert_int_equal(table_get(t, key, &item, &err), 0);
	assert_string_equal(table_item_str(item, "SK"), "PROFILE");
	json_decref(item);
	assert_int_equal(fake.sent, 3);
	assert_int_equal(fake.sleeps, 2);
	assert_true(fake.slept < DDB_BACKOFF_BASE_MS + 2 * DDB_BACKOFF_BASE_MS);
	assert_string_equal(sent_target(0), "GetItem");
	assert_string_equal(fake.bodies[0], fake.bodies[1]);
	assert_string_equal(fake.bodies[1], fake.bodies[2]);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(strlen(fake.dates[i]), 16);
	assert_true(trace_take() == 0.5);
	fake_close(t);

	/* Throttled every time: TABLE_THROTTLED after max_attempts. */
	t = fake_open(3);
	for (int i = 0; i < 3; i++)
		fake_add(HTTP_OK, 400, THROTTLE);
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_THROTTLED);
	assert_non_null(strstr(err.message, "after 3 attempts"));
	assert_int_equal(fake.sent, 3);
	fake_close(t);

	/* A validation error is never retried. */
	t = fake_open(5);
	fake_add(HTTP_OK, 400, "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"Message\":\"bad\"}");
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(fake.sent, 1);
	fake_close(t);

	/* Connection refused every time: TABLE_NETWORK, naming host and port once, after 3 tries of 4 allowed. */
	t = fake_open(4);
	for (int i = 0; i < 4; i++)
		fake_add(HTTP_CONNECT, 0, NULL);
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_NETWORK);
	assert_non_null(strstr(err.message, "could not connect to 127.0.0.1:8000: "));
	assert_null(strstr(strstr(err.message, "could not connect") + 1, "could not connect"));
	assert_int_equal(fake.sent, 3);
	fake_close(t);

	/* 5xx twice then fine; a 5xx after the last attempt is TABLE_ERROR with the code. */
	t = fake_open(2);
	fake_add(HTTP_OK, 500, ISE);
	fake_add(HTTP_OK, 500, ISE);
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_non_null(strstr(err.message, "InternalServerError"));
	assert_null(strstr(err.message, "may have been applied"));
	fake_close(t);

	/*
	 * A write given up after 5xx answers (a 5xx can follow a success) is read
	 * back by its key: when the read fails too, it says it may have been
	 * applied and err.unknown is set; an absent item is "not applied"; our
	 * own item is success.
	 */
	t = fake_open(2);
	{
		json_t *it = json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "USER#1", "SK", "S", "PROFILE");
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 500, ISE);
		assert_int_equal(table_put(t, it, NULL, &err), -1);
		assert_int_equal(err.status, TABLE_ERROR);
		assert_true(err.unknown);
		assert_non_null(strstr(err.message, "may have been applied"));
		assert_string_equal(sent_target(2), "GetItem");
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 200, "{}");
		assert_int_equal(table_put(t, it, NULL, &err), -1);
		assert_false(err.unknown);
		assert_non_null(strstr(err.message, "it was not applied"));
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 500, ISE);
		fake_add(HTTP_OK, 200, "{\"Item\":{\"PK\":{\"S\":\"USER#1\"},\"SK\":{\"S\":\"PROFILE\"}}}");
		assert_int_equal(table_put(t, it, NULL, &err), 0);
		json_decref(it);
	}
	fake_close(t);
	/* A read given up is no write: nothing read back, nothing unknown. */
	t = fake_open(2);
	fake_add(HTTP_OK, 500, ISE);
	fake_add(HTTP_OK, 500, ISE);
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_false(err.unknown);
	assert_int_equal(fake.sent, 2);
	fake_close(t);

	/* Missing table, refused credentials, nonsense: classified, no secret in messages. */
	t = fake_open(3);
	fake_add(HTTP_OK, 400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
	    "\"Message\":\"Cannot do operations on a non-existent table\"}");
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_string_equal(err.message, "table " T " does not exist (run: ailife table create)");
	fake_add(HTTP_OK, 400, "{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
	    "\"message\":\"The security token included in the request is invalid. " SECRET "\"}");
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_AUTH);
	assert_non_null(strstr(err.message, "(UnrecognizedClientException)"));
	assert_non_null(strstr(err.message, "us-east-1"));
	assert_null(strstr(err.message, SECRET));
	fake_add(HTTP_OK, 200, "<html>hello</html>");
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_non_null(strstr(err.message, "unexpected answer from DynamoDB"));
	fake_add(HTTP_OK, 200, "{\"Item\":5}");
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	fake_close(t);
	json_decref(key);
}

static void
test_backend_unknown_outcomes(void **state)
{
	struct table *t = fake_open(5);
	struct table_err err;
	json_t *item = item3("USER#u1", "GOAL#g1", "mine"), *other = item3("USER#u1", "GOAL#g1", "theirs");
	struct table_cond ne = { TABLE_COND_NOT_EXISTS, 0 };
	char *ccf_mine, *ccf_theirs, *s;

	s = json_dumps(item, JSON_COMPACT);
	ccf_mine = xasprintf("{\"__type\":\"x#ConditionalCheckFailedException\",\"message\":\"m\",\"Item\":%s}", s);
	free(s);
	s = json_dumps(other, JSON_COMPACT);
	ccf_theirs = xasprintf("{\"__type\":\"x#ConditionalCheckFailedException\",\"message\":\"m\",\"Item\":%s}", s);
	free(s);

	/* Dropped, then the retry finds our own item: the first attempt was applied. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 400, ccf_mine);
	assert_int_equal(table_put(t, item, &ne, &err), 0);
	assert_int_equal(fake.sent, 2);
	assert_string_equal(fake.bodies[0], fake.bodies[1]);
	/* Timed out, then someone else's item: a real conflict. */
	fake_add(HTTP_TIMEOUT, 0, NULL);
	fake_add(HTTP_OK, 400, ccf_theirs);
	assert_int_equal(table_put(t, item, &ne, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_non_null(strstr(err.message, "already exists"));
	/* No unknown outcome: our own item already there is still a failed condition. */
	fake_add(HTTP_OK, 400, ccf_mine);
	assert_int_equal(table_put(t, item, &ne, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	/* Without the item in the answer the backend reads it (GetItem, consistent). */
	fake_add(HTTP_OK, 500, ISE);
	fake_add(HTTP_OK, 400, CCF);
	s = json_dumps(item, JSON_COMPACT);
	char *got = xasprintf("{\"Item\":%s}", s);
	free(s);
	fake_add(HTTP_OK, 200, got);
	size_t before = fake.sent;
	assert_int_equal(table_put(t, item, &ne, &err), 0);
	assert_string_equal(sent_target(before + 2), "GetItem");
	fake_close(t);

	/* Update with a version: timed out, then the retry's condition fails on our own new version. */
	t = fake_open(5);
	json_t *key = table_key("USER#u1", "GOAL#g1");
	json_t *v3 = json_pack("{s:s}", "N", "3"), *note = json_pack("{s:s}", "S", "new");
	struct table_update_action acts[] = {
		{ TABLE_UPDATE_SET, "note", note }, { TABLE_UPDATE_SET, "version", v3 },
		{ TABLE_UPDATE_REMOVE, "dueDate", NULL },
	};
	struct table_update upd = { acts, 3 };
	struct table_cond vc = { TABLE_COND_VERSION, 2 };
	json_t *out = NULL;
	const char *ours = "{\"__type\":\"x#ConditionalCheckFailedException\",\"Item\":{\"PK\":{\"S\":\"USER#u1\"},"
	    "\"SK\":{\"S\":\"GOAL#g1\"},\"note\":{\"S\":\"new\"},\"version\":{\"N\":\"3\"}}}";
	const char *theirs = "{\"__type\":\"x#ConditionalCheckFailedException\",\"Item\":{\"PK\":{\"S\":\"USER#u1\"},"
	    "\"SK\":{\"S\":\"GOAL#g1\"},\"note\":{\"S\":\"other\"},\"version\":{\"N\":\"3\"}}}";
	fake_add(HTTP_TIMEOUT, 0, NULL);
	fake_add(HTTP_OK, 400, ours);
	assert_int_equal(table_update(t, key, &upd, &vc, &out, &err), 0);
	assert_string_equal(table_item_str(out, "note"), "new");
	json_decref(out);
	fake_add(HTTP_TIMEOUT, 0, NULL);
	fake_add(HTTP_OK, 400, theirs);
	assert_int_equal(table_update(t, key, &upd, &vc, &out, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_non_null(strstr(err.message, "has version 3, not 2"));
	/* A missing item: NOT_FOUND for an update (as the local store says), found out by a read. */
	fake_add(HTTP_OK, 400, CCF);
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_update(t, key, &upd, &vc, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_null(out);

	/* Delete with a version: 500, then the condition fails on absence: our delete happened. */
	fake_add(HTTP_OK, 500, ISE);
	fake_add(HTTP_OK, 400, CCF);
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_delete(t, key, &vc, NULL, &err), 0);
	/* Without an unknown outcome, absence is a failed condition (COND_FAILED for deletes). */
	fake_add(HTTP_OK, 400, CCF);
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_delete(t, key, &vc, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_non_null(strstr(err.message, "does not exist"));
	fake_close(t);

	json_decref(key);
	json_decref(v3);
	json_decref(note);
	free(got);
	free(ccf_mine);
	free(ccf_theirs);
	json_decref(item);
	json_decref(other);
}

/* Every kind of write given up after an attempt that may have been applied is read back by its key. */
static void
test_backend_read_back(void **state)
{
	struct table *t = fake_open(2);
	struct table_err err;
	json_t *key = table_key("USER#u1", "GOAL#g1");
	json_t *v3 = json_pack("{s:s}", "N", "3"), *note = json_pack("{s:s}", "S", "new");
	struct table_update_action acts[] = {
		{ TABLE_UPDATE_SET, "note", note }, { TABLE_UPDATE_SET, "version", v3 },
	};
	struct table_update upd = { acts, 2 };
	struct table_cond vc = { TABLE_COND_VERSION, 2 };
	const char *ours = "{\"Item\":{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"GOAL#g1\"},"
	    "\"note\":{\"S\":\"new\"},\"version\":{\"N\":\"3\"}}}";
	const char *before = "{\"Item\":{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"GOAL#g1\"},"
	    "\"note\":{\"S\":\"old\"},\"version\":{\"N\":\"2\"}}}";
	json_t *out = NULL;

	/* Update: both answers lost; the read-back shows what we set: success, with the item. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_TIMEOUT, 0, NULL);
	fake_add(HTTP_OK, 200, ours);
	assert_int_equal(table_update(t, key, &upd, &vc, &out, &err), 0);
	assert_string_equal(table_item_str(out, "note"), "new");
	assert_string_equal(sent_target(2), "GetItem");
	json_decref(out);
	out = NULL;
	/* The version we expected still there: not applied, known. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, before);
	assert_int_equal(table_update(t, key, &upd, &vc, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NETWORK);
	assert_false(err.unknown);
	assert_null(out);
	/* The read-back refused too: unknown. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_CONNECT, 0, NULL);
	fake_add(HTTP_CONNECT, 0, NULL);
	assert_int_equal(table_update(t, key, &upd, &vc, &out, &err), -1);
	assert_int_equal(err.status, TABLE_NETWORK);
	assert_true(err.unknown);

	/* Delete: the item gone is our delete; still there is not applied. */
	fake_add(HTTP_OK, 503, "{\"__type\":\"x#ServiceUnavailable\"}");
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_delete(t, key, &vc, NULL, &err), 0);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, before);
	assert_int_equal(table_delete(t, key, &vc, NULL, &err), -1);
	assert_false(err.unknown);
	/* Connection refused: nothing was sent, nothing to read back. */
	size_t sent = fake.sent;
	fake_add(HTTP_CONNECT, 0, NULL);
	fake_add(HTTP_CONNECT, 0, NULL);
	assert_int_equal(table_delete(t, key, &vc, NULL, &err), -1);
	assert_false(err.unknown);
	assert_int_equal(fake.sent, sent + 2);
	fake_close(t);

	/* Transaction: the Put of our own table tells; lost answers, our item there: success. */
	t = fake_open(2);
	json_t *item = item3("USER#u1", "ACT#g1#2026", "n"), *s;
	struct table_write w[2];
	memset(w, 0, sizeof w);
	w[0].kind = TABLE_WRITE_PUT;
	w[0].item = item;
	w[0].cond.kind = TABLE_COND_NOT_EXISTS;
	w[1].kind = TABLE_WRITE_UPDATE;
	w[1].key = key;
	w[1].update = upd;
	w[1].cond = vc;
	char *dump = json_dumps(item, JSON_COMPACT);
	char *got = xasprintf("{\"Item\":%s}", dump);
	free(dump);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, got);
	assert_int_equal(table_transact(t, w, 2, "01JTESTTOKEN", &err), 0);
	assert_string_equal(sent_target(2), "GetItem");
	s = json_loads(fake.bodies[2], 0, NULL);
	assert_string_equal(str_of(json_object_get(json_object_get(s, "Key"), "SK"), "S"), "ACT#g1#2026");
	json_decref(s);
	/* Absent: not applied. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_transact(t, w, 2, "01JTESTTOKEN", &err), -1);
	assert_false(err.unknown);
	/* A retry cancelled on our own applied Put (a service without the token's memory): success. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
	    "[{\"Code\":\"ConditionalCheckFailed\"},{\"Code\":\"None\"}]}");
	fake_add(HTTP_OK, 200, got);
	assert_int_equal(table_transact(t, w, 2, "01JTESTTOKEN", &err), 0);
	/* Without a Put, a versioned Update tells. */
	w[0] = w[1];
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, ours);
	assert_int_equal(table_transact(t, w, 1, "01JTESTTOKEN", &err), 0);
	fake_close(t);
	free(got);
	json_decref(item);
	json_decref(key);
	json_decref(v3);
	json_decref(note);
}

static void
test_backend_transact(void **state)
{
	struct table *t = fake_open(4);
	struct table_err err;
	json_t *item = item3("T#1", "A", "a"), *key = table_key("T#1", "B");
	struct table_write w[2];
	json_t *b0, *b2;

	memset(w, 0, sizeof w);
	w[0].kind = TABLE_WRITE_PUT;
	w[0].item = item;
	w[0].cond.kind = TABLE_COND_NOT_EXISTS;
	w[1].kind = TABLE_WRITE_DELETE;
	w[1].key = key;
	w[1].cond.kind = TABLE_COND_VERSION;
	w[1].cond.version = 1;

	/* An unknown outcome is retried with the same token and the same bytes. */
	fake_add(HTTP_OK, 500, ISE);
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 200, "{\"ConsumedCapacity\":[{\"CapacityUnits\":2.0},{\"CapacityUnits\":2.0}]}");
	trace_take();
	assert_int_equal(table_transact(t, w, 2, "01JTESTTOKEN", &err), 0);
	assert_int_equal(fake.sent, 3);
	assert_string_equal(sent_target(0), "TransactWriteItems");
	assert_string_equal(fake.bodies[0], fake.bodies[2]);
	b0 = json_loads(fake.bodies[0], 0, NULL);
	assert_string_equal(str_of(b0, "ClientRequestToken"), "01JTESTTOKEN");
	json_decref(b0);
	assert_true(trace_take() == 4.0);

	/* A conflict: a new attempt with a new token; then a failed condition ends it. */
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
	    "[{\"Code\":\"TransactionConflict\"},{\"Code\":\"None\"}]}");
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
	    "[{\"Code\":\"None\"},{\"Code\":\"ConditionalCheckFailed\",\"Message\":\"The conditional request failed\"}],"
	    "\"Message\":\"Transaction cancelled\"}");
	assert_int_equal(table_transact(t, w, 2, "01JTESTTOKEN", &err), -1);
	assert_int_equal(err.status, TABLE_TXN_CANCELED);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.reason, TABLE_COND_FAILED);
	assert_int_equal(fake.sent, 5);
	b0 = json_loads(fake.bodies[3], 0, NULL);
	b2 = json_loads(fake.bodies[4], 0, NULL);
	assert_string_equal(str_of(b0, "ClientRequestToken"), "01JTESTTOKEN");
	assert_string_not_equal(str_of(b2, "ClientRequestToken"), "01JTESTTOKEN");
	assert_true(ulid_valid(str_of(b2, "ClientRequestToken")));
	json_decref(b0);
	json_decref(b2);

	/* Conflicts every time: cancelled after max_attempts. */
	for (int i = 0; i < 4; i++)
		fake_add(HTTP_OK, 400, "{\"__type\":\"x#TransactionCanceledException\",\"CancellationReasons\":"
		    "[{\"Code\":\"None\"},{\"Code\":\"TransactionConflict\"}]}");
	assert_int_equal(table_transact(t, w, 2, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_TXN_CANCELED);
	assert_int_equal(err.index, 1);
	assert_int_equal(fake.sent, 9);
	/* No token given: a ULID is made. */
	fake_add(HTTP_OK, 200, "{}");
	assert_int_equal(table_transact(t, w, 2, NULL, &err), 0);
	b0 = json_loads(fake.bodies[9], 0, NULL);
	assert_true(ulid_valid(str_of(b0, "ClientRequestToken")));
	json_decref(b0);
	/* Refused before sending. */
	assert_int_equal(table_transact(t, w, 0, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(table_transact(t, w, 2, "", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(fake.sent, 10);
	fake_close(t);
	json_decref(item);
	json_decref(key);
}

static void
test_backend_batch(void **state)
{
	struct table *t = fake_open(3);
	struct table_err err;
	struct table_write w[62];
	json_t *items[60];
	char sk[32];

	memset(w, 0, sizeof w);
	for (int i = 0; i < 60; i++) {
		xsnprintf(sk, sizeof sk, "S#%02d", i);
		items[i] = item3("B#1", sk, "v");
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = items[i];
	}
	/* Two more writes on keys already written: only the last write of a key is sent. */
	json_t *k5 = table_key("B#1", "S#05"), *i7 = item3("B#1", "S#07", "last");
	w[60].kind = TABLE_WRITE_DELETE;
	w[60].key = k5;
	w[61].kind = TABLE_WRITE_PUT;
	w[61].item = i7;

	/* 60 keys: calls of 25, 25 and 10, in flight together; the second leaves two unprocessed once. */
	fake_add(HTTP_OK, 200, "{\"UnprocessedItems\":{}}");
	fake_add(HTTP_OK, 200, NULL);   /* filled below */
	fake_add(HTTP_OK, 200, "{}");
	fake_add(HTTP_OK, 200, "{\"UnprocessedItems\":{}}");
	/* The unprocessed rest is two of the writes the second call carried. */
	json_t *second = NULL;
	char *upbody = NULL;
	{
		/* The chunks hold the writes in their original order: the second call has keys 25..49. */
		json_t *a = json_pack("{s:{s:O}}", "PutRequest", "Item", items[30]);
		json_t *b = json_pack("{s:{s:O}}", "PutRequest", "Item", items[31]);
		second = json_pack("{s:{s:[o,o]}}", "UnprocessedItems", T, a, b);
		upbody = json_dumps(second, JSON_COMPACT);
		fake.script[1].body = upbody;
	}
	assert_int_equal(table_batch(t, w, 62, &err), 0);
	assert_int_equal(fake.sent, 4);
	assert_int_equal(fake.max_batch, 3);
	assert_int_equal(fake.sleeps, 1);
	size_t total = 0;
	bool saw_delete5 = false, saw_last7 = false;
	for (size_t i = 0; i < 3; i++) {
		json_t *b = json_loads(fake.bodies[i], 0, NULL), *reqs, *r;
		size_t j;
		reqs = json_object_get(json_object_get(b, "RequestItems"), T);
		assert_true(json_array_size(reqs) <= TABLE_BATCH_MAX);
		total += json_array_size(reqs);
		json_array_foreach(reqs, j, r) {
			json_t *del = json_object_get(r, "DeleteRequest");
			json_t *put = json_object_get(json_object_get(r, "PutRequest"), "Item");
			if (del != NULL && strcmp(table_item_str(json_object_get(del, "Key"), "SK"), "S#05") == 0)
				saw_delete5 = true;
			if (put != NULL && strcmp(table_item_str(put, "SK"), "S#05") == 0)
				fail_msg("the put of S#05 was sent though a delete came after it");
			if (put != NULL && strcmp(table_item_str(put, "SK"), "S#07") == 0) {
				assert_string_equal(table_item_str(put, "note"), "last");
				saw_last7 = true;
			}
		}
		json_decref(b);
	}
	assert_int_equal(total, 60);
	assert_true(saw_delete5);
	assert_true(saw_last7);
	/* The resend is exactly the unprocessed rest. */
	json_t *re = json_loads(fake.bodies[3], 0, NULL);
	assert_true(json_equal(json_object_get(re, "RequestItems"), json_object_get(second, "UnprocessedItems")));
	json_decref(re);
	fake_close(t);

	/* Unprocessed on every attempt: TABLE_THROTTLED. */
	t = fake_open(3);
	for (int i = 0; i < 3; i++)
		fake_add(HTTP_OK, 200, upbody);
	assert_int_equal(table_batch(t, &w[25], 25, &err), -1);
	assert_int_equal(err.status, TABLE_THROTTLED);
	assert_non_null(strstr(err.message, "unprocessed"));
	fake_close(t);

	/* Unprocessed writes we never sent are not sent. */
	t = fake_open(3);
	fake_add(HTTP_OK, 200, upbody);
	assert_int_equal(table_batch(t, w, 10, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_int_equal(fake.sent, 1);
	/* Refused before sending: a condition, an update. */
	w[3].cond.kind = TABLE_COND_EXISTS;
	assert_int_equal(table_batch(t, w, 10, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(err.index, 3);
	w[3].cond.kind = TABLE_COND_NONE;
	assert_int_equal(table_batch(t, w, 0, &err), 0);
	assert_int_equal(fake.sent, 1);
	fake_close(t);

	free(upbody);
	json_decref(second);
	for (int i = 0; i < 60; i++)
		json_decref(items[i]);
	json_decref(k5);
	json_decref(i7);
}

static void
test_backend_query(void **state)
{
	struct table *t = fake_open(3);
	struct table_err err;
	struct table_page page, pages[3];
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = "GOAL#active", .limit = 1 };

	fake_add(HTTP_OK, 200, "{\"Items\":[{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"GOAL#g1\"},"
	    "\"GSI1PK\":{\"S\":\"GOAL#active\"},\"GSI1SK\":{\"S\":\"USER#u1#GOAL#g1\"}}],"
	    "\"LastEvaluatedKey\":{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"GOAL#g1\"},"
	    "\"GSI1PK\":{\"S\":\"GOAL#active\"},\"GSI1SK\":{\"S\":\"USER#u1#GOAL#g1\"}},"
	    "\"ConsumedCapacity\":{\"CapacityUnits\":0.5}}");
	trace_take();
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 1);
	assert_non_null(page.cursor);
	assert_true(page.capacity == 0.5 && trace_take() == 0.5);
	/* The next page carries the cursor as ExclusiveStartKey. */
	q.cursor = page.cursor;
	fake_add(HTTP_OK, 200, "{\"Items\":[]}");
	struct table_page p2;
	assert_int_equal(table_query(t, &q, &p2, &err), 0);
	assert_int_equal(p2.count, 0);
	assert_null(p2.cursor);
	json_t *b = json_loads(fake.bodies[1], 0, NULL);
	assert_string_equal(table_item_str(json_object_get(b, "ExclusiveStartKey"), "GSI1SK"), "USER#u1#GOAL#g1");
	assert_string_equal(str_of(b, "IndexName"), "GSI1");
	json_decref(b);
	table_page_done(&p2);
	table_page_done(&page);

	/* Three queries at once in one send; all or nothing. */
	struct table_query qs[3] = {
		{ .index = TABLE_INDEX_GSI2, .pk = "USER#u1#MEAL" },
		{ .index = TABLE_INDEX_GSI2, .pk = "USER#u1#WORKOUT" },
		{ .index = TABLE_INDEX_GSI2, .pk = "USER#u1#JOURNAL" },
	};
	size_t sends = fake.sends;
	fake_add(HTTP_OK, 200, "{\"Items\":[{\"PK\":{\"S\":\"a\"}}],\"ConsumedCapacity\":{\"CapacityUnits\":1}}");
	fake_add(HTTP_OK, 200, "{\"Items\":[],\"ConsumedCapacity\":{\"CapacityUnits\":1}}");
	fake_add(HTTP_OK, 200, "{\"Items\":[],\"ConsumedCapacity\":{\"CapacityUnits\":1}}");
	trace_take();
	assert_int_equal(table_query_many(t, qs, pages, 3, &err), 0);
	assert_int_equal(fake.sends, sends + 1);
	assert_int_equal(pages[0].count, 1);
	assert_true(trace_take() == 3);
	for (int i = 0; i < 3; i++)
		table_page_done(&pages[i]);
	/* One throttled then fine (retried alone), one failing for good: nothing is handed out. */
	fake_add(HTTP_OK, 200, "{\"Items\":[{\"PK\":{\"S\":\"a\"}}]}");
	fake_add(HTTP_OK, 400, THROTTLE);
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#ValidationException\",\"message\":\"no\"}");
	fake_add(HTTP_OK, 200, "{\"Items\":[]}");
	assert_int_equal(table_query_many(t, qs, pages, 3, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pages[i].count, 0);
		assert_null(pages[i].items);
	}
	/* A bad query is refused before anything is sent. */
	size_t sent = fake.sent;
	qs[1].pk = "";
	assert_int_equal(table_query_many(t, qs, pages, 3, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(fake.sent, sent);
	fake_close(t);
}

static void
test_backend_create(void **state)
{
	struct table *t = fake_open(3);
	struct table_err err;
	bool created = true;
	json_t *desc = NULL;

	/* Already there: success, not created, then ACTIVE once the index is. */
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#ResourceInUseException\",\"message\":\"Table already exists\"}");
	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableStatus\":\"ACTIVE\",\"GlobalSecondaryIndexes\":"
	    "[{\"IndexName\":\"GSI1\",\"IndexStatus\":\"CREATING\"}]}}");
	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableStatus\":\"ACTIVE\",\"GlobalSecondaryIndexes\":"
	    "[{\"IndexName\":\"GSI1\",\"IndexStatus\":\"ACTIVE\"}]}}");
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_false(created);
	assert_string_equal(sent_target(0), "CreateTable");
	assert_string_equal(sent_target(1), "DescribeTable");
	assert_int_equal(fake.sent, 3);
	/* Created: CREATING, then ACTIVE. */
	fake_add(HTTP_OK, 200, "{\"TableDescription\":{\"TableStatus\":\"CREATING\"}}");
	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableStatus\":\"CREATING\"}}");
	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableStatus\":\"ACTIVE\"}}");
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_true(created);
	/* The answer to our create was lost, the retry finds the table: ours, created. */
	fake_add(HTTP_DROPPED, 0, NULL);
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#ResourceInUseException\",\"message\":\"Table already exists\"}");
	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableStatus\":\"ACTIVE\"}}");
	created = false;
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_true(created);
	/* A description that is not one. */
	fake_add(HTTP_OK, 200, "{}");
	fake_add(HTTP_OK, 200, "{\"Table\":{}}");
	assert_int_equal(table_create(t, &created, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);

	/* describe hands back the whole answer; a missing table says what to run. */
	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableName\":\"" T "\",\"ItemCount\":3}}");
	assert_int_equal(table_describe(t, &desc, &err), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(desc, "Table"), "ItemCount")), 3);
	json_decref(desc);
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#ResourceNotFoundException\",\"message\":\"nope\"}");
	assert_int_equal(table_describe(t, &desc, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_string_equal(err.message, "table " T " does not exist (run: ailife table create)");
	fake_close(t);
}

static void
test_backend_explain(void **state)
{
	struct ddb_options o;
	struct table_err err;
	struct table *t;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	json_t *key = table_key("USER#u1", "PROFILE"), *got = NULL, *item = item3("USER#u1", "PROFILE", "x");
	struct table_page page;
	struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = "USER#u#MEAL", .sk_op = TABLE_KEY_BETWEEN,
	    .sk_a = "a", .sk_b = "b", .backward = true };
	bool created = true;

	fake_reset();
	memset(&o, 0, sizeof o);
	o.table = T;
	o.region = "eu-west-1";
	o.access_key_id = AKID;
	o.secret_access_key = SECRET;
	o.explain = true;
	o.explain_out = f;
	o.transport = &fake_transport;
	t = ddb_open(&o, &err);
	assert_non_null(t);
	assert_int_equal(table_get(t, key, &got, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(table_query(t, &q, &page, &err), 0);
	assert_int_equal(page.count, 0);
	assert_int_equal(table_put(t, item, NULL, &err), 0);
	assert_int_equal(table_delete(t, key, NULL, NULL, &err), 0);
	assert_int_equal(table_create(t, &created, &err), 0);
	assert_false(created);
	table_close(t);
	fclose(f);
	assert_int_equal(fake.sent, 0);
	assert_non_null(strstr(out, "GetItem table=" T " key: PK = \"USER#u1\", SK = \"PROFILE\"\n{"));
	assert_non_null(strstr(out, "Query table=" T " index=GSI2 key: GSI2PK = \"USER#u#MEAL\" AND GSI2SK"
	    " BETWEEN \"a\" AND \"b\" (limit 100, newest first)\n"));
	assert_non_null(strstr(out, "\"KeyConditionExpression\": \"#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2\""));
	assert_non_null(strstr(out, "PutItem table="));
	assert_non_null(strstr(out, "CreateTable table="));
	assert_null(strstr(out, SECRET));
	assert_null(strstr(out, AKID));
	assert_null(strstr(out, "Authorization"));
	free(out);

	/* --explain needs no credentials. */
	o.access_key_id = NULL;
	o.secret_access_key = NULL;
	o.explain_out = stderr;
	t = ddb_open(&o, &err);
	assert_non_null(t);
	table_close(t);
	json_decref(key);
	json_decref(item);
}

/* Other tables by name: parallel Scan segments, DescribeTable, DeleteTable, as the migration asks them. */
static void
test_backend_other_tables(void **state)
{
	struct table *t = fake_open(3);
	struct table_err err;
	json_t *start = json_pack("{s:{s:s}, s:{s:s}}", "goalId", "S", "g1", "timestamp", "N", "17");
	struct table_scan scans[2] = {
		{ .table = "goals", .segment = 0, .segments = 2, .limit = 40 },
		{ .table = "goal-activities", .segment = 1, .segments = 2, .start = start },
	};
	struct table_scan_page pages[2];
	json_t *body, *out = NULL;

	assert_true(ddb_is(t));
	assert_false(ddb_is(NULL));
	assert_true(table_other_tables(t));
	fake_add(HTTP_OK, 200, "{\"Items\":[{\"userId\":{\"S\":\"u\"}}],\"LastEvaluatedKey\":"
	    "{\"userId\":{\"S\":\"u\"},\"goalId\":{\"S\":\"g\"}}}");
	fake_add(HTTP_OK, 200, "{\"Items\":[],\"Count\":0}");
	assert_int_equal(table_scan_many(t, scans, pages, 2, &err), 0);
	/* Both segments in one round of concurrent calls. */
	assert_int_equal(fake.sends, 1);
	assert_string_equal(sent_target(0), "Scan");
	assert_string_equal(sent_target(1), "Scan");
	body = json_loads(fake.bodies[0], 0, NULL);
	assert_string_equal(str_of(body, "TableName"), "goals");
	assert_int_equal(json_integer_value(json_object_get(body, "Segment")), 0);
	assert_int_equal(json_integer_value(json_object_get(body, "TotalSegments")), 2);
	assert_int_equal(json_integer_value(json_object_get(body, "Limit")), 40);
	assert_true(json_is_true(json_object_get(body, "ConsistentRead")));
	assert_null(json_object_get(body, "ExclusiveStartKey"));
	assert_null(json_object_get(body, "ReturnConsumedCapacity"));
	json_decref(body);
	body = json_loads(fake.bodies[1], 0, NULL);
	assert_string_equal(str_of(body, "TableName"), "goal-activities");
	assert_int_equal(json_integer_value(json_object_get(body, "Segment")), 1);
	assert_null(json_object_get(body, "Limit"));
	assert_true(json_equal(json_object_get(body, "ExclusiveStartKey"), start));
	json_decref(body);
	assert_int_equal(json_array_size(pages[0].items), 1);
	assert_string_equal(str_of(json_object_get(pages[0].last, "goalId"), "S"), "g");
	assert_int_equal(json_array_size(pages[1].items), 0);
	assert_null(pages[1].last);
	table_scan_page_done(&pages[0]);
	table_scan_page_done(&pages[1]);

	/* An answer without Items is not a page; a failed segment fails them all. */
	fake_add(HTTP_OK, 200, "{\"Count\":3}");
	assert_int_equal(table_scan_many(t, scans, pages, 1, &err), -1);
	assert_int_equal(err.status, TABLE_ERROR);
	assert_string_equal(err.message, "unexpected answer from DynamoDB: Scan without Items");
	assert_null(pages[0].items);
	fake_add(HTTP_OK, 200, "{\"Items\":[]}");
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#ResourceNotFoundException\",\"message\":\"nope\"}");
	assert_int_equal(table_scan_many(t, scans, pages, 2, &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_string_equal(err.message, "table goal-activities does not exist");
	assert_null(pages[0].items);
	assert_null(pages[1].items);

	fake_add(HTTP_OK, 200, "{\"Table\":{\"TableName\":\"goals\",\"ItemCount\":600}}");
	assert_int_equal(table_describe_named(t, "goals", &out, &err), 0);
	assert_string_equal(sent_target(fake.sent - 1), "DescribeTable");
	assert_string_equal(fake.bodies[fake.sent - 1], "{\"TableName\":\"goals\"}");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "Table"), "ItemCount")), 600);
	json_decref(out);

	fake_add(HTTP_OK, 200, "{\"TableDescription\":{\"TableName\":\"goals\"}}");
	assert_int_equal(table_delete_named(t, "goals", &err), 0);
	assert_string_equal(sent_target(fake.sent - 1), "DeleteTable");
	assert_string_equal(fake.bodies[fake.sent - 1], "{\"TableName\":\"goals\"}");
	fake_add(HTTP_OK, 400, "{\"__type\":\"x#ResourceNotFoundException\",\"message\":\"nope\"}");
	assert_int_equal(table_delete_named(t, "goals", &err), -1);
	assert_int_equal(err.status, TABLE_NO_TABLE);
	assert_string_equal(err.message, "table goals does not exist");
	/* Never the table the data lives in. */
	assert_int_equal(table_delete_named(t, T, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	fake_close(t);
	json_decref(start);
}

/* Under --explain a Scan is printed and answers an empty, finished page. */
static void
test_backend_other_tables_explain(void **state)
{
	struct ddb_options o;
	struct table_err err;
	struct table *t;
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	struct table_scan scan = { .table = "goals", .segment = 3, .segments = 8 };
	struct table_scan_page page;

	fake_reset();
	memset(&o, 0, sizeof o);
	o.table = T;
	o.region = "eu-west-1";
	o.explain = true;
	o.explain_out = f;
	o.transport = &fake_transport;
	t = ddb_open(&o, &err);
	assert_non_null(t);
	assert_true(ddb_is(t));
	assert_int_equal(table_scan_many(t, &scan, &page, 1, &err), 0);
	assert_int_equal(json_array_size(page.items), 0);
	assert_null(page.last);
	table_scan_page_done(&page);
	table_close(t);
	fclose(f);
	assert_int_equal(fake.sent, 0);
	assert_non_null(strstr(out, "Scan"));
	assert_non_null(strstr(out, "\"TotalSegments\": 8"));
	free(out);
}

static void
test_open_options(void **state)
{
	static const struct {
		const char *table, *region, *endpoint, *akid, *secret;
		enum table_status status;
	} bad[] = {
		{ "ab", "us-east-1", NULL, AKID, SECRET, TABLE_INVALID },
		{ T, NULL, NULL, AKID, SECRET, TABLE_INVALID },
		{ T, "us east", NULL, AKID, SECRET, TABLE_INVALID },
		{ T, "us-east-1", NULL, NULL, SECRET, TABLE_AUTH },
		{ T, "us-east-1", NULL, AKID, "", TABLE_AUTH },
		{ T, "us-east-1", "ftp://x", AKID, SECRET, TABLE_INVALID },
		{ T, "us-east-1", "http://", AKID, SECRET, TABLE_INVALID },
		{ T, "us-east-1", "http://h/path", AKID, SECRET, TABLE_INVALID },
		{ T, "us-east-1", "http://user:pw@h", AKID, SECRET, TABLE_INVALID },
		{ T, "us-east-1", "http://h?x=1", AKID, SECRET, TABLE_INVALID },
		{ T, "us-east-1", "http://h x", AKID, SECRET, TABLE_INVALID },
	};
	struct ddb_options o;
	struct table_err err;
	struct table *t;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&o, 0, sizeof o);
		o.table = bad[i].table;
		o.region = bad[i].region;
		o.endpoint = bad[i].endpoint;
		o.access_key_id = bad[i].akid;
		o.secret_access_key = bad[i].secret;
		o.transport = &fake_transport;
		t = ddb_open(&o, &err);
		if (t != NULL)
			fail_msg("case %zu opened", i);
		assert_int_equal(err.status, bad[i].status);
		assert_null(strstr(err.message, SECRET));
	}
	assert_null(ddb_open(NULL, &err));
	/* A trailing slash is fine; https without a port; the default endpoint. */
	static const char *const good[] = { "http://127.0.0.1:8000/", "https://dynamodb.local", NULL };
	for (size_t i = 0; i < 3; i++) {
		memset(&o, 0, sizeof o);
		o.table = T;
		o.region = "us-east-1";
		o.endpoint = good[i];
		o.access_key_id = AKID;
		o.secret_access_key = SECRET;
		o.session_token = "token";
		o.transport = &fake_transport;
		t = ddb_open(&o, &err);
		if (t == NULL)
			fail_msg("endpoint %s: %s", good[i] != NULL ? good[i] : "default", err.message);
		assert_string_equal(t->backend->name, "dynamodb");
		table_close(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_query_ops),
		cmocka_unit_test(test_render_query_paging),
		cmocka_unit_test(test_render_placeholders_only),
		cmocka_unit_test(test_render_update),
		cmocka_unit_test(test_render_put_delete_get),
		cmocka_unit_test(test_render_transact_batch),
		cmocka_unit_test(test_render_create),
		cmocka_unit_test(test_explain_line),
		cmocka_unit_test(test_error_codes),
		cmocka_unit_test(test_error_cancellation),
		cmocka_unit_test(test_error_hostile),
		cmocka_unit_test(test_classify_transport),
		cmocka_unit_test(test_parse_answers),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_backend_retries),
		cmocka_unit_test(test_backend_unknown_outcomes),
		cmocka_unit_test(test_backend_read_back),
		cmocka_unit_test(test_backend_transact),
		cmocka_unit_test(test_backend_batch),
		cmocka_unit_test(test_backend_query),
		cmocka_unit_test(test_backend_create),
		cmocka_unit_test(test_backend_explain),
		cmocka_unit_test(test_open_options),
		cmocka_unit_test(test_backend_other_tables),
		cmocka_unit_test(test_backend_other_tables_explain),
	};

	return cmocka_run_group_tests_name("ddb", tests, NULL, NULL);
}
