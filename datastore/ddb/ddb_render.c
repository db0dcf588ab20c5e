/*
 * The DynamoDB backend's requests: the checks made before anything is sent,
 * the expressions (placeholders only) and the request bodies of every call
 * (ddb_render_* in ddb.h). Nothing here touches the network, so the unit
 * tests check the bodies directly (tests/unit/test_ddb.c).
 */
#include <string.h>

#include "datastore/ddb/ddb_int.h"
#include "datastore/table_check.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* ---- checks made before anything is sent (datastore/table_check.c, shared with local.c) ---- */

_Static_assert(DDB_TOKEN_MAX == TABLE_CHECK_TOKEN_MAX, "one idempotency token rule for both");

/* An attribute value's outer shape: an object with one member. The service judges the rest. */
bool
ddb_av_shape(json_t *av)
{
	return json_is_object(av) && json_object_size(av) == 1;
}

/*
 * A transaction's write to another table (w->table: dual writes to the
 * legacy tables): not an item of the data model, so only its shape is
 * checked here and DynamoDB judges its keys. table_check_write puts the
 * write's index before the message.
 */
int
ddb_check_foreign(const struct table_write *w, bool batch, struct table_err *err)
{
	json_t *obj = w->kind == TABLE_WRITE_PUT ? w->item : w->key, *av;
	const char *name;

	if (batch)
		return table_err_set(err, TABLE_INVALID, "a batch writes only its own table");
	if (table_check_table_name(w->table, NULL) != 0)
		return table_err_set(err, TABLE_INVALID, "'%s' is not a table name", w->table);
	if (!json_is_object(obj) || json_object_size(obj) == 0)
		return table_err_set(err, TABLE_INVALID, "the %s is not an object",
		    w->kind == TABLE_WRITE_PUT ? "item" : "key");
	json_object_foreach(obj, name, av)
		if (*name == '\0' || !ddb_av_shape(av))
			return table_err_set(err, TABLE_INVALID,
			    "attribute %s is not an attribute value like {\"S\":\"text\"}", name);
	if (w->kind != TABLE_WRITE_PUT && json_object_size(obj) > 2)
		return table_err_set(err, TABLE_INVALID, "a key has at most two attributes");
	if (w->kind == TABLE_WRITE_PUT && table_item_size(obj) > TABLE_ITEM_MAX)
		return table_err_set(err, TABLE_TOO_LARGE,
		    "item size %zu bytes exceeds the 400 KB item limit", table_item_size(obj));
	if (w->kind == TABLE_WRITE_UPDATE && table_check_update(&w->update, err) != 0)
		return -1;
	if (w->kind == TABLE_WRITE_CHECK && w->cond.kind == TABLE_COND_NONE)
		return table_err_set(err, TABLE_INVALID, "a condition check needs a condition");
	return table_check_cond(&w->cond, err);
}

/* ---- expressions: placeholders only ---- */

struct ddb_expr {
	json_t *names;           /* "#n0": "PK" */
	json_t *values;          /* ":v0": {"S": "..."} */
	int nn, nv;
};

static void
expr_init(struct ddb_expr *x)
{
	x->names = json_object();
	x->values = json_object();
	x->nn = 0;
	x->nv = 0;
}

/* The placeholder of attribute name attr (one per name: the same name is the same #n). */
static void
expr_name(struct ddb_expr *x, const char *attr, struct buf *b)
{
	const char *k;
	json_t *v;
	char ph[24];

	json_object_foreach(x->names, k, v)
		if (strcmp(json_string_value(v), attr) == 0) {
			buf_adds(b, k);
			return;
		}
	xsnprintf(ph, sizeof ph, "#n%d", x->nn++);
	json_object_set_new(x->names, ph, json_string(attr));
	buf_adds(b, ph);
}

/* A new value placeholder for av (borrowed). */
static void
expr_value(struct ddb_expr *x, json_t *av, struct buf *b)
{
	char ph[24];

	xsnprintf(ph, sizeof ph, ":v%d", x->nv++);
	json_object_set(x->values, ph, av);
	buf_adds(b, ph);
}

static void
expr_value_s(struct ddb_expr *x, const char *s, struct buf *b)
{
	json_t *av = json_pack("{s:s}", "S", s);

	expr_value(x, av, b);
	json_decref(av);
}

static void
expr_cond(struct ddb_expr *x, const struct table_cond *c, struct buf *b)
{
	char num[32];
	json_t *av;

	if (c == NULL)
		return;
	switch (c->kind) {
	case TABLE_COND_NONE:
		break;
	case TABLE_COND_NOT_EXISTS:
		buf_adds(b, "attribute_not_exists(");
		expr_name(x, "PK", b);
		buf_addc(b, ')');
		break;
	case TABLE_COND_EXISTS:
		buf_adds(b, "attribute_exists(");
		expr_name(x, "PK", b);
		buf_addc(b, ')');
		break;
	case TABLE_COND_VERSION:
		/* A missing item has no version: the comparison implies existence. */
		xsnprintf(num, sizeof num, "%lld", c->version);
		av = json_pack("{s:s}", "N", num);
		expr_name(x, "version", b);
		buf_adds(b, " = ");
		expr_value(x, av, b);
		json_decref(av);
		break;
	}
}

/* "SET #n0 = :v0, #n1 = :v1 REMOVE #n2 ADD #n3 :v2": the clauses in that order. */
static void
expr_update(struct ddb_expr *x, const struct table_update *u, struct buf *b)
{
	static const enum table_update_kind order[] = {
		TABLE_UPDATE_SET, TABLE_UPDATE_REMOVE, TABLE_UPDATE_ADD,
	};
	static const char *const words[] = { "SET ", "REMOVE ", "ADD " };

	if (u == NULL)
		return;
	for (size_t o = 0; o < 3; o++) {
		bool first = true;

		for (size_t i = 0; i < u->count; i++) {
			const struct table_update_action *a = &u->actions[i];

			if (a->kind != order[o])
				continue;
			if (first) {
				if (b->len > 0)
					buf_addc(b, ' ');
				buf_adds(b, words[o]);
				first = false;
			} else
				buf_adds(b, ", ");
			expr_name(x, a->attr, b);
			if (a->kind == TABLE_UPDATE_SET) {
				buf_adds(b, " = ");
				expr_value(x, a->value, b);
			} else if (a->kind == TABLE_UPDATE_ADD) {
				buf_addc(b, ' ');
				expr_value(x, a->value, b);
			}
		}
	}
}

/* Moves the placeholders into req (empty maps are left out: DynamoDB refuses them) and frees x. */
static void
expr_attach(json_t *req, struct ddb_expr *x)
{
	if (json_object_size(x->names) > 0)
		json_object_set(req, "ExpressionAttributeNames", x->names);
	if (json_object_size(x->values) > 0)
		json_object_set(req, "ExpressionAttributeValues", x->values);
	json_decref(x->names);
	json_decref(x->values);
	x->names = NULL;
	x->values = NULL;
}

static void
req_set_expr(json_t *req, const char *member, struct buf *b)
{
	if (b->len > 0)
		json_object_set_new(req, member, json_string(b->data));
	buf_reset(b);
}

static bool
cond_present(const struct table_cond *c)
{
	return c != NULL && c->kind != TABLE_COND_NONE;
}

/* ---- rendering ---- */

static json_t *
ddb_key_copy(json_t *key)
{
	/* Another table's key (a checked foreign write) goes as it is. */
	if (json_object_get(key, "PK") == NULL)
		return json_deep_copy(key);
	return json_pack("{s:O, s:O}", "PK", json_object_get(key, "PK"), "SK",
	    json_object_get(key, "SK"));
}

json_t *
ddb_render_get(const char *table, json_t *key, struct table_err *err)
{
	struct table_keys k;

	if (table_check_key(key, &k, err) != 0)
		return NULL;
	return json_pack("{s:s, s:o, s:b, s:s}", "TableName", table, "Key", ddb_key_copy(key),
	    "ConsistentRead", 1, "ReturnConsumedCapacity", "TOTAL");
}

/* The body of a Put, as PutItem and as a transaction's Put. */
static json_t *
ddb_put_body(const char *table, json_t *item, const struct table_cond *cond)
{
	json_t *req = json_pack("{s:s, s:O}", "TableName", table, "Item", item);
	struct ddb_expr x;
	struct buf b;

	expr_init(&x);
	buf_init(&b, 0);
	expr_cond(&x, cond, &b);
	req_set_expr(req, "ConditionExpression", &b);
	expr_attach(req, &x);
	buf_done(&b);
	return req;
}

json_t *
ddb_render_put(const char *table, json_t *item, const struct table_cond *cond,
    struct table_err *err)
{
	struct table_keys k;
	json_t *req;

	if (table_check_item(item, &k, err) != 0 || table_check_cond(cond, err) != 0)
		return NULL;
	req = ddb_put_body(table, item, cond);
	if (cond_present(cond))
		json_object_set_new(req, "ReturnValuesOnConditionCheckFailure", json_string("ALL_OLD"));
	json_object_set_new(req, "ReturnConsumedCapacity", json_string("TOTAL"));
	return req;
}

static json_t *
ddb_update_body(const char *table, json_t *key, const struct table_update *upd,
    const struct table_cond *cond)
{
	json_t *req = json_pack("{s:s, s:o}", "TableName", table, "Key", ddb_key_copy(key));
	struct ddb_expr x;
	struct buf b;

	expr_init(&x);
	buf_init(&b, 0);
	expr_update(&x, upd, &b);
	req_set_expr(req, "UpdateExpression", &b);
	expr_cond(&x, cond, &b);
	req_set_expr(req, "ConditionExpression", &b);
	expr_attach(req, &x);
	buf_done(&b);
	return req;
}

json_t *
ddb_render_update(const char *table, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, bool return_new, struct table_err *err)
{
	struct table_keys k;
	json_t *req;

	if (table_check_key(key, &k, err) != 0 || table_check_update(upd, err) != 0 ||
	    table_check_cond(cond, err) != 0)
		return NULL;
	req = ddb_update_body(table, key, upd, cond);
	if (return_new)
		json_object_set_new(req, "ReturnValues", json_string("ALL_NEW"));
	if (cond_present(cond))
		json_object_set_new(req, "ReturnValuesOnConditionCheckFailure", json_string("ALL_OLD"));
	json_object_set_new(req, "ReturnConsumedCapacity", json_string("TOTAL"));
	return req;
}

static json_t *
ddb_keyed_cond_body(const char *table, json_t *key, const struct table_cond *cond)
{
	json_t *req = json_pack("{s:s, s:o}", "TableName", table, "Key", ddb_key_copy(key));
	struct ddb_expr x;
	struct buf b;

	expr_init(&x);
	buf_init(&b, 0);
	expr_cond(&x, cond, &b);
	req_set_expr(req, "ConditionExpression", &b);
	expr_attach(req, &x);
	buf_done(&b);
	return req;
}

json_t *
ddb_render_delete(const char *table, json_t *key, const struct table_cond *cond,
    bool return_old, struct table_err *err)
{
	struct table_keys k;
	json_t *req;

	if (table_check_key(key, &k, err) != 0 || table_check_cond(cond, err) != 0)
		return NULL;
	req = ddb_keyed_cond_body(table, key, cond);
	if (return_old)
		json_object_set_new(req, "ReturnValues", json_string("ALL_OLD"));
	if (cond_present(cond))
		json_object_set_new(req, "ReturnValuesOnConditionCheckFailure", json_string("ALL_OLD"));
	json_object_set_new(req, "ReturnConsumedCapacity", json_string("TOTAL"));
	return req;
}

json_t *
ddb_render_query(const char *table, const struct table_query *q, struct table_err *err)
{
	const char *pkname, *skname, *ixname;
	json_t *req, *start = NULL;
	struct ddb_expr x;
	struct buf b;
	int limit;

	if (table_check_query(q, &start, err) != 0)
		return NULL;
	pkname = table_index_pk_name(q->index);
	skname = table_index_sk_name(q->index);
	ixname = table_index_name(q->index);
	limit = q->limit <= 0 ? DDB_PAGE_DEFAULT : q->limit;
	if (limit > DDB_PAGE_MAX)
		limit = DDB_PAGE_MAX;

	req = json_pack("{s:s}", "TableName", table);
	if (ixname != NULL)
		json_object_set_new(req, "IndexName", json_string(ixname));
	expr_init(&x);
	buf_init(&b, 0);
	expr_name(&x, pkname, &b);
	buf_adds(&b, " = ");
	expr_value_s(&x, q->pk, &b);
	if (q->sk_op != TABLE_KEY_ANY)
		buf_adds(&b, " AND ");
	switch (q->sk_op) {
	case TABLE_KEY_ANY:
		break;
	case TABLE_KEY_BEGINS_WITH:
		buf_adds(&b, "begins_with(");
		expr_name(&x, skname, &b);
		buf_adds(&b, ", ");
		expr_value_s(&x, q->sk_a, &b);
		buf_addc(&b, ')');
		break;
	case TABLE_KEY_BETWEEN:
		expr_name(&x, skname, &b);
		buf_adds(&b, " BETWEEN ");
		expr_value_s(&x, q->sk_a, &b);
		buf_adds(&b, " AND ");
		expr_value_s(&x, q->sk_b, &b);
		break;
	case TABLE_KEY_EQ:
	case TABLE_KEY_LT:
	case TABLE_KEY_LE:
	case TABLE_KEY_GT:
	case TABLE_KEY_GE:
		expr_name(&x, skname, &b);
		buf_adds(&b, q->sk_op == TABLE_KEY_EQ ? " = " : q->sk_op == TABLE_KEY_LT ? " < " :
		    q->sk_op == TABLE_KEY_LE ? " <= " : q->sk_op == TABLE_KEY_GT ? " > " : " >= ");
		expr_value_s(&x, q->sk_a, &b);
		break;
	}
	req_set_expr(req, "KeyConditionExpression", &b);
	if (q->projection != NULL && q->projection[0] != NULL) {
		for (size_t i = 0; q->projection[i] != NULL; i++) {
			if (i > 0)
				buf_adds(&b, ", ");
			expr_name(&x, q->projection[i], &b);
		}
		req_set_expr(req, "ProjectionExpression", &b);
	}
	expr_attach(req, &x);
	buf_done(&b);
	json_object_set_new(req, "ScanIndexForward", json_boolean(!q->backward));
	json_object_set_new(req, "Limit", json_integer(limit));
	/* Read-your-writes on the main table, as the local store; GSIs cannot read consistently. */
	if (q->index == TABLE_INDEX_MAIN)
		json_object_set_new(req, "ConsistentRead", json_true());
	if (start != NULL)
		json_object_set_new(req, "ExclusiveStartKey", start);
	json_object_set_new(req, "ReturnConsumedCapacity", json_string("TOTAL"));
	return req;
}

/* One TransactItems entry; the write is checked. */
static json_t *
ddb_transact_item(const char *own, const struct table_write *w)
{
	const char *table = w->table != NULL ? w->table : own;

	switch (w->kind) {
	case TABLE_WRITE_PUT:
		return json_pack("{s:o}", "Put", ddb_put_body(table, w->item, &w->cond));
	case TABLE_WRITE_UPDATE:
		return json_pack("{s:o}", "Update", ddb_update_body(table, w->key, &w->update,
		    &w->cond));
	case TABLE_WRITE_DELETE:
		return json_pack("{s:o}", "Delete", ddb_keyed_cond_body(table, w->key, &w->cond));
	case TABLE_WRITE_CHECK:
		return json_pack("{s:o}", "ConditionCheck", ddb_keyed_cond_body(table, w->key,
		    &w->cond));
	}
	return NULL;
}

json_t *
ddb_render_transact(const char *table, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	json_t *items;

	if (table_check_transact(w, n, token, ddb_check_foreign, NULL, err) != 0)
		return NULL;
	if (token == NULL) {
		table_err_set(err, TABLE_INVALID, "a transaction needs an idempotency token");
		return NULL;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, ddb_transact_item(table, &w[i]));
	return json_pack("{s:o, s:s, s:s}", "TransactItems", items, "ClientRequestToken", token,
	    "ReturnConsumedCapacity", "TOTAL");
}

json_t *
ddb_batch_request(const struct table_write *w)
{
	if (w->kind == TABLE_WRITE_PUT)
		return json_pack("{s:{s:O}}", "PutRequest", "Item", w->item);
	return json_pack("{s:{s:o}}", "DeleteRequest", "Key", ddb_key_copy(w->key));
}

json_t *
ddb_render_batch(const char *table, const struct table_write *w, size_t n, struct table_err *err)
{
	json_t *reqs;
	struct table_keys k;

	if (n == 0 || w == NULL) {
		table_err_set(err, TABLE_INVALID, "a batch call needs at least one write");
		return NULL;
	}
	if (n > TABLE_BATCH_MAX) {
		table_err_set(err, TABLE_INVALID, "a batch call holds at most %d writes, not %zu",
		    TABLE_BATCH_MAX, n);
		return NULL;
	}
	reqs = json_array();
	for (size_t i = 0; i < n; i++) {
		if (table_check_write(&w[i], i, true, ddb_check_foreign, &k, err) != 0) {
			json_decref(reqs);
			return NULL;
		}
		json_array_append_new(reqs, ddb_batch_request(&w[i]));
	}
	/* Without ReturnConsumedCapacity, as ddb_batch sends it (see there). */
	return json_pack("{s:{s:o}}", "RequestItems", table, reqs);
}

/* CreateTable for the table of data-model.md: the keys, attributes and GSIs that table check expects. */
json_t *
ddb_render_create(const char *table)
{
	json_t *desc = table_expected_description(table), *t = json_object_get(desc, "Table");
	json_t *req = json_pack("{s:s, s:O, s:O, s:O, s:s}",
	    "TableName", table,
	    "KeySchema", json_object_get(t, "KeySchema"),
	    "AttributeDefinitions", json_object_get(t, "AttributeDefinitions"),
	    "GlobalSecondaryIndexes", json_object_get(t, "GlobalSecondaryIndexes"),
	    "BillingMode", "PAY_PER_REQUEST");

	json_decref(desc);
	return req;
}
