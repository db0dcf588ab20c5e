/*
 * The DynamoDB backend: every table operation as one or more DynamoDB JSON
 * 1.0 calls, SigV4 signed with the real clock, retried by the rules of
 * shared/design/dynamodb-protocol.md sections 3 and 4.
 *
 * The embedded backend (datastore/local/local.c) is the reference: the same
 * contract suite runs on both, so a request is checked before it is sent by
 * the rules local.c checks it by (datastore/table_check.c, one copy for
 * both), and DynamoDB's answers are mapped onto the same statuses.
 *
 * Every answer is outside input: parsed with json_loadb from a bounded body,
 * every member's type checked, nothing trusted to be there.
 */
#include "datastore/ddb/ddb.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "datastore/ddb/sigv4.h"
#include "datastore/table_check.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"
#include "util/buf.h"
#include "util/json_read.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#ifndef AILIFE_VERSION
#define AILIFE_VERSION "dev"
#endif

#define DDB_TARGET_PREFIX "DynamoDB_20120810."
#define DDB_BATCH_PARALLEL 16
#define DDB_CONNECT_ATTEMPTS 3
#define DDB_CREATE_WAIT_MS (10 * 60 * 1000)
#define DDB_CREATE_POLLS 400     /* and at most this many DescribeTable calls (2 s apart at most) */
#define DDB_CURSOR_ATTRS 6

struct ddb {
	char *region;
	char *url;               /* "https://dynamodb.eu-west-1.amazonaws.com/" */
	char *host;              /* the Host header, as signed */
	char *where;             /* "host:port" for messages */
	char *akid;
	char *secret;            /* wiped on close */
	size_t secret_len;
	char *token;             /* session token or NULL; wiped on close */
	size_t token_len;
	int attempts;
	int batch_parallel;
	bool explain;
	FILE *explain_out;
	struct ddb_transport transport;
	bool hooked;             /* transport set by a test */
	struct http_client *http;
	pthread_mutex_t lock;    /* one thread at a time on the http client */
	long connect_timeout_ms, total_timeout_ms;   /* for the batch workers' own clients */
};

/* A batch worker's own HTTP client: its calls skip the shared client and its lock. */
static _Thread_local struct http_client *ddb_thread_http;

/* ---- checks made before anything is sent (datastore/table_check.c, shared with local.c) ---- */

_Static_assert(DDB_TOKEN_MAX == TABLE_CHECK_TOKEN_MAX, "one idempotency token rule for both");

/* An attribute value's outer shape: an object with one member. The service judges the rest. */
static bool
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
static int
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

/* The keys of an item that passed table_check_item (no need to walk it again). */
static void
ddb_item_keys(json_t *item, struct table_keys *k)
{
	memset(k, 0, sizeof *k);
	k->pk = table_item_str(item, "PK");
	k->sk = table_item_str(item, "SK");
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

static json_t *
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
	return json_pack("{s:{s:o}, s:s}", "RequestItems", table, reqs,
	    "ReturnConsumedCapacity", "TOTAL");
}

static json_t *
ddb_key_schema(const char *pk, const char *sk)
{
	return json_pack("[{s:s, s:s}, {s:s, s:s}]",
	    "AttributeName", pk, "KeyType", "HASH",
	    "AttributeName", sk, "KeyType", "RANGE");
}

json_t *
ddb_render_create(const char *table)
{
	json_t *defs = json_array(), *gsis = json_array();

	for (int i = 0; i < TABLE_INDEX_COUNT; i++) {
		enum table_index ix = (enum table_index)i;

		json_array_append_new(defs, json_pack("{s:s, s:s}",
		    "AttributeName", table_index_pk_name(ix), "AttributeType", "S"));
		json_array_append_new(defs, json_pack("{s:s, s:s}",
		    "AttributeName", table_index_sk_name(ix), "AttributeType", "S"));
		if (ix == TABLE_INDEX_MAIN)
			continue;
		json_array_append_new(gsis, json_pack("{s:s, s:o, s:{s:s}}",
		    "IndexName", table_index_name(ix),
		    "KeySchema", ddb_key_schema(table_index_pk_name(ix), table_index_sk_name(ix)),
		    "Projection", "ProjectionType", "ALL"));
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:s}",
	    "TableName", table,
	    "KeySchema", ddb_key_schema("PK", "SK"),
	    "AttributeDefinitions", defs,
	    "GlobalSecondaryIndexes", gsis,
	    "BillingMode", "PAY_PER_REQUEST");
}

/* ---- --explain: one human line per request ---- */

/* An attribute value for people: strings quoted and escaped (inert on a terminal), numbers bare. */
static void
explain_value(json_t *av, struct buf *b)
{
	json_t *v;
	char *text;

	if (ddb_av_shape(av)) {
		if ((v = json_object_get(av, "S")) != NULL && json_is_string(v)) {
			text = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
			buf_adds(b, text != NULL ? text : "?");
			free(text);
			return;
		}
		if ((v = json_object_get(av, "N")) != NULL && json_is_string(v)) {
			text = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
			/* Strip the quotes of a plain number; anything odd stays quoted. */
			if (text != NULL && strspn(json_string_value(v), "0123456789.-+eE") ==
			    strlen(json_string_value(v)))
				buf_add(b, text + 1, strlen(text) - 2);
			else
				buf_adds(b, text != NULL ? text : "?");
			free(text);
			return;
		}
	}
	text = json_dumps(av, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
	buf_adds(b, text != NULL ? text : "?");
	free(text);
}

/* An expression with its placeholders replaced, for display only. */
static void
explain_expr(const char *expr, json_t *names, json_t *values, struct buf *b)
{
	const char *p = expr;

	while (*p != '\0') {
		if ((*p == '#' || *p == ':') && p[1] != '\0' &&
		    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", p[1])) {
			size_t n = 1 + strspn(p + 1,
			    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			char *ph = xstrndup(p, n);
			json_t *v = json_object_get(*p == '#' ? names : values, ph);

			if (*p == '#' && json_is_string(v)) {
				char *inert = utf8_inert(json_string_value(v), false);

				buf_adds(b, inert);
				free(inert);
			} else if (*p == ':' && v != NULL)
				explain_value(v, b);
			else
				buf_add(b, p, n);
			free(ph);
			p += n;
			continue;
		}
		buf_addc(b, *p++);
	}
}

static void
explain_member(json_t *req, const char *member, const char *label, struct buf *b)
{
	json_t *e = json_object_get(req, member);

	if (!json_is_string(e))
		return;
	buf_printf(b, " %s", label);
	explain_expr(json_string_value(e), json_object_get(req, "ExpressionAttributeNames"),
	    json_object_get(req, "ExpressionAttributeValues"), b);
}

static void
explain_key(json_t *key, struct buf *b)
{
	const char *name;
	json_t *av;
	bool first = true;

	json_object_foreach(key, name, av) {
		char *inert;

		if (strcmp(name, "PK") != 0 && strcmp(name, "SK") != 0)
			continue;
		inert = utf8_inert(name, false);
		buf_printf(b, "%s%s = ", first ? "" : ", ", inert);
		free(inert);
		explain_value(av, b);
		first = false;
	}
}

/* One write of a request (Put/Update/Delete/ConditionCheck body). */
static void
explain_write(const char *kind, json_t *body, struct buf *b)
{
	json_t *item = json_object_get(body, "Item");

	buf_printf(b, "%s ", kind);
	explain_key(item != NULL ? item : json_object_get(body, "Key"), b);
	if (item != NULL)
		buf_printf(b, " (%zu attributes)", json_object_size(item));
	explain_member(body, "UpdateExpression", "update: ", b);
	explain_member(body, "ConditionExpression", "if ", b);
}

char *
ddb_explain_line(const char *op, json_t *body)
{
	const char *table = json_string_value(json_object_get(body, "TableName"));
	struct buf b;
	json_t *v;

	buf_init(&b, 0);
	buf_adds(&b, op);
	if (table != NULL)
		buf_printf(&b, " table=%s", table);
	if (strcmp(op, "Query") == 0) {
		json_t *lim = json_object_get(body, "Limit");

		if (json_is_string(v = json_object_get(body, "IndexName")))
			buf_printf(&b, " index=%s", json_string_value(v));
		explain_member(body, "KeyConditionExpression", "key: ", &b);
		explain_member(body, "ProjectionExpression", "attributes: ", &b);
		buf_printf(&b, " (limit %lld, %s%s)", json_is_integer(lim) ?
		    (long long)json_integer_value(lim) : 0LL,
		    json_is_false(json_object_get(body, "ScanIndexForward")) ? "newest first" :
		    "oldest first",
		    json_object_get(body, "ExclusiveStartKey") != NULL ? ", after the cursor" : "");
	} else if (strcmp(op, "GetItem") == 0) {
		buf_adds(&b, " key: ");
		explain_key(json_object_get(body, "Key"), &b);
	} else if (strcmp(op, "PutItem") == 0) {
		buf_adds(&b, " ");
		explain_write("item:", body, &b);
	} else if (strcmp(op, "UpdateItem") == 0 || strcmp(op, "DeleteItem") == 0) {
		buf_adds(&b, " ");
		explain_write("key:", body, &b);
	} else if (strcmp(op, "TransactWriteItems") == 0) {
		json_t *items = json_object_get(body, "TransactItems"), *it;
		size_t i;

		buf_printf(&b, " %zu writes:", json_array_size(items));
		json_array_foreach(items, i, it) {
			const char *kind = json_object_iter_key(json_object_iter(it));
			json_t *w = json_object_iter_value(json_object_iter(it));

			if (kind == NULL || !json_is_object(w))
				continue;
			if (table == NULL && json_is_string(json_object_get(w, "TableName"))) {
				table = json_string_value(json_object_get(w, "TableName"));
				buf_printf(&b, " table=%s", table);
			}
			buf_adds(&b, i == 0 ? " " : "; ");
			explain_write(kind, w, &b);
		}
	} else if (strcmp(op, "BatchWriteItem") == 0) {
		json_t *ri = json_object_get(body, "RequestItems"), *reqs, *r;
		const char *name;
		size_t puts = 0, dels = 0, i;

		json_object_foreach(ri, name, reqs) {
			buf_printf(&b, " table=%s", name);
			json_array_foreach(reqs, i, r) {
				if (json_object_get(r, "PutRequest") != NULL)
					puts++;
				else
					dels++;
			}
		}
		buf_printf(&b, " %zu puts, %zu deletes", puts, dels);
	}
	return buf_steal(&b);
}

/* ---- answers ---- */

void
ddb_error_done(struct ddb_error *e)
{
	if (e == NULL)
		return;
	json_decref(e->item);
	e->item = NULL;
}

/* e need not be initialised (ddb_parse_error and ddb_classify fill it from nothing). */
static void
ddb_error_clear(struct ddb_error *e)
{
	memset(e, 0, sizeof *e);
	e->index = -1;
}

/* Outside text into a fixed buffer: bounded, control characters and non-ASCII made '?'. */
static void
ddb_copy_text(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	if (src == NULL) {
		dst[0] = '\0';
		return;
	}
	for (const char *p = src; *p != '\0' && o + 1 < size; p++)
		dst[o++] = ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) ? '?' : *p;
	dst[o] = '\0';
}

struct ddb_code {
	const char *code;
	enum table_status status;
	enum ddb_retry retry;
};

/* Protocol doc section 3; codes not listed: 5xx transient, 4xx final TABLE_ERROR. */
static const struct ddb_code ddb_codes[] = {
	{ "ConditionalCheckFailedException", TABLE_COND_FAILED, DDB_RETRY_NO },
	{ "TransactionCanceledException", TABLE_TXN_CANCELED, DDB_RETRY_NO },
	{ "ValidationException", TABLE_INVALID, DDB_RETRY_NO },
	{ "SerializationException", TABLE_INVALID, DDB_RETRY_NO },
	{ "IdempotentParameterMismatchException", TABLE_INVALID, DDB_RETRY_NO },
	{ "ResourceNotFoundException", TABLE_NO_TABLE, DDB_RETRY_NO },
	{ "ResourceInUseException", TABLE_ERROR, DDB_RETRY_NO },
	{ "UnknownOperationException", TABLE_ERROR, DDB_RETRY_NO },
	{ "ItemCollectionSizeLimitExceededException", TABLE_ERROR, DDB_RETRY_NO },
	/* A single write against an item a transaction holds: not applied, safe to try again. */
	{ "TransactionConflictException", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "AccessDeniedException", TABLE_AUTH, DDB_RETRY_NO },
	{ "IncompleteSignatureException", TABLE_AUTH, DDB_RETRY_NO },
	{ "InvalidSignatureException", TABLE_AUTH, DDB_RETRY_NO },
	{ "MissingAuthenticationTokenException", TABLE_AUTH, DDB_RETRY_NO },
	{ "MissingAuthenticationToken", TABLE_AUTH, DDB_RETRY_NO },
	{ "UnrecognizedClientException", TABLE_AUTH, DDB_RETRY_NO },
	{ "InvalidClientTokenId", TABLE_AUTH, DDB_RETRY_NO },
	{ "ExpiredTokenException", TABLE_AUTH, DDB_RETRY_NO },
	{ "SignatureDoesNotMatch", TABLE_AUTH, DDB_RETRY_NO },
	{ "ProvisionedThroughputExceededException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "ThrottlingException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "Throttling", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "ThrottledException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestThrottledException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestThrottled", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "TooManyRequestsException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestLimitExceeded", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "BandwidthLimitExceeded", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "LimitExceededException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "SlowDown", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "EC2ThrottledException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "PriorRequestNotComplete", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	/* The same ClientRequestToken still running: wait and ask again. */
	{ "TransactionInProgressException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestTimeout", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "RequestTimeoutException", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "InternalServerError", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "InternalFailure", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "ServiceUnavailable", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "ReplicatedWriteConflictException", TABLE_ERROR, DDB_RETRY_TRANSIENT },
};

static const struct ddb_code *
ddb_code_find(const char *code)
{
	for (size_t i = 0; i < sizeof ddb_codes / sizeof ddb_codes[0]; i++)
		if (strcmp(ddb_codes[i].code, code) == 0)
			return &ddb_codes[i];
	return NULL;
}

/* A CancellationReasons code: the status of that write, and whether a new attempt may succeed. */
static enum table_status
ddb_reason_status(const char *code, bool *retry)
{
	*retry = false;
	if (strcmp(code, "ConditionalCheckFailed") == 0)
		return TABLE_COND_FAILED;
	if (strcmp(code, "ValidationError") == 0)
		return TABLE_INVALID;
	if (strcmp(code, "TransactionConflict") == 0) {
		*retry = true;
		return TABLE_ERROR;
	}
	if (strcmp(code, "ProvisionedThroughputExceeded") == 0 ||
	    strcmp(code, "ThrottlingError") == 0 || strcmp(code, "RequestLimitExceeded") == 0) {
		*retry = true;
		return TABLE_THROTTLED;
	}
	return TABLE_ERROR;
}

static void
ddb_parse_reasons(json_t *root, struct ddb_error *e)
{
	json_t *reasons = json_object_get(root, "CancellationReasons"), *r;
	size_t i;

	e->reason = TABLE_ERROR;
	if (!json_is_array(reasons))
		return;
	json_array_foreach(reasons, i, r) {
		const char *code, *msg;
		char mbuf[200];

		if (i > TABLE_TRANSACT_MAX)
			break;
		if (!json_is_object(r))
			continue;
		code = json_string_value(json_object_get(r, "Code"));
		if (code == NULL || strcmp(code, "None") == 0)
			continue;
		msg = json_string_value(json_object_get(r, "Message"));
		if (msg == NULL)
			msg = json_string_value(json_object_get(r, "message"));
		e->index = (int)i;
		ddb_copy_text(e->reason_code, sizeof e->reason_code, code);
		e->reason = ddb_reason_status(e->reason_code, &e->reason_retry);
		ddb_copy_text(mbuf, sizeof mbuf, msg);
		xsnprintf(e->message, sizeof e->message, "transaction cancelled: write %zu: %s%s%s",
		    i, e->reason_code, mbuf[0] != '\0' ? ": " : "", mbuf);
		if (e->reason == TABLE_COND_FAILED && json_is_object(json_object_get(r, "Item")))
			e->item = json_incref(json_object_get(r, "Item"));
		return;
	}
}

void
ddb_parse_error(long http_status, const char *body, size_t len, struct ddb_error *e)
{
	const struct ddb_code *c;
	const char *type, *msg, *hash;
	char mbuf[300];
	json_error_t jerr;
	json_t *root;

	ddb_error_clear(e);
	e->http_status = http_status;
	e->status = TABLE_ERROR;
	root = body != NULL && len > 0 ? json_loadb(body, len, 0, &jerr) : NULL;
	if (!json_is_object(root) ||
	    (type = json_string_value(json_object_get(root, "__type"))) == NULL) {
		if (http_status >= 500) {
			e->retry = DDB_RETRY_TRANSIENT;
			e->unknown = true;
			xsnprintf(e->message, sizeof e->message, "DynamoDB answered HTTP %ld", http_status);
		} else
			xsnprintf(e->message, sizeof e->message,
			    "unexpected answer from DynamoDB: HTTP %ld %s", http_status,
			    json_is_object(root) ? "without an error type" : "with a body that is not JSON");
		json_decref(root);
		return;
	}
	hash = strrchr(type, '#');
	ddb_copy_text(e->code, sizeof e->code, hash != NULL ? hash + 1 : type);
	msg = json_string_value(json_object_get(root, "message"));
	if (msg == NULL)
		msg = json_string_value(json_object_get(root, "Message"));
	ddb_copy_text(mbuf, sizeof mbuf, msg);
	c = ddb_code_find(e->code);
	if (c != NULL) {
		e->status = c->status;
		e->retry = c->retry;
	} else if (http_status >= 500)
		e->retry = DDB_RETRY_TRANSIENT;
	/* A 5xx may have been applied before the service failed to answer. */
	if (http_status >= 500 && e->retry == DDB_RETRY_NO)
		e->retry = DDB_RETRY_TRANSIENT;
	e->unknown = http_status >= 500;
	if (e->status == TABLE_INVALID && strcmp(e->code, "ValidationException") == 0 &&
	    strstr(mbuf, "size has exceeded the maximum allowed size") != NULL)
		e->status = TABLE_TOO_LARGE;

	switch (e->status) {
	case TABLE_AUTH:
		/* The service's text may quote the canonical request (signed header values): not shown. */
		xsnprintf(e->message, sizeof e->message,
		    "the service refused the credentials (%s): check the access key and secret"
		    " for the profile and region%s", e->code,
		    strstr(mbuf, "Signature expired") != NULL ||
		    strstr(mbuf, "not yet current") != NULL ?
		    " (and this computer's clock: requests must be signed within 5 minutes"
		    " of the service's time)" : "");
		break;
	case TABLE_COND_FAILED:
		xsnprintf(e->message, sizeof e->message, "the conditional request failed");
		if (json_is_object(json_object_get(root, "Item")))
			e->item = json_incref(json_object_get(root, "Item"));
		break;
	case TABLE_TXN_CANCELED:
		xsnprintf(e->message, sizeof e->message, "transaction cancelled: %s",
		    mbuf[0] != '\0' ? mbuf : "no reason given");
		ddb_parse_reasons(root, e);
		break;
	default:
		xsnprintf(e->message, sizeof e->message, "DynamoDB refused the request (%s%s%s)",
		    e->code, mbuf[0] != '\0' ? ": " : "", mbuf);
		if (e->status == TABLE_THROTTLED)
			xsnprintf(e->message, sizeof e->message, "DynamoDB is throttling (%s%s%s)",
			    e->code, mbuf[0] != '\0' ? ": " : "", mbuf);
		else if (http_status >= 500)
			xsnprintf(e->message, sizeof e->message, "DynamoDB answered HTTP %ld (%s%s%s)",
			    http_status, e->code, mbuf[0] != '\0' ? ": " : "", mbuf);
		break;
	}
	json_decref(root);
}

int
ddb_classify(const struct http_response *resp, const char *host, struct ddb_error *e)
{
	ddb_error_clear(e);
	switch (resp->result) {
	case HTTP_OK:
		if (resp->status == 200)
			return 0;
		ddb_parse_error(resp->status, resp->body, resp->body_len, e);
		return -1;
	case HTTP_CONNECT:
		/* Nothing was sent: always safe to try again. */
		e->status = TABLE_NETWORK;
		e->retry = DDB_RETRY_TRANSIENT;
		/* The transport's text already names the host and port. */
		if (strstr(resp->error, host) != NULL)
			xsnprintf(e->message, sizeof e->message, "%s", resp->error);
		else
			xsnprintf(e->message, sizeof e->message, "could not connect to %s: %s", host,
			    resp->error);
		e->connect = true;
		return -1;
	case HTTP_TIMEOUT:
		e->status = TABLE_NETWORK;
		e->retry = DDB_RETRY_TRANSIENT;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "no answer from %s in time (the request may have been applied): %s", host,
		    resp->error);
		return -1;
	case HTTP_DROPPED:
		e->status = TABLE_NETWORK;
		e->retry = DDB_RETRY_TRANSIENT;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "the connection to %s broke before the whole answer arrived"
		    " (the request may have been applied): %s", host, resp->error);
		return -1;
	case HTTP_CRC:
		e->status = TABLE_ERROR;
		e->retry = DDB_RETRY_TRANSIENT;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "the answer from %s failed its x-amz-crc32 check", host);
		return -1;
	case HTTP_TOO_LARGE:
		e->status = TABLE_ERROR;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "unexpected answer from DynamoDB: the answer from %s is too large", host);
		return -1;
	case HTTP_TLS:
		e->status = TABLE_NETWORK;
		xsnprintf(e->message, sizeof e->message, "TLS failure talking to %s: %s", host,
		    resp->error);
		return -1;
	case HTTP_FAILED:
		break;
	}
	e->status = TABLE_NETWORK;
	xsnprintf(e->message, sizeof e->message, "the request to %s failed: %s", host, resp->error);
	return -1;
}

json_t *
ddb_parse_answer(const char *body, size_t len, struct table_err *err)
{
	json_error_t jerr;
	json_t *root;

	if (body == NULL || len == 0) {
		table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: an empty body");
		return NULL;
	}
	root = json_read(body, len, 0, &jerr);
	if (root == NULL) {
		char why[sizeof jerr.text];

		/* jansson's text may quote the body's bytes: made inert. */
		ddb_copy_text(why, sizeof why, jerr.text);
		table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: not JSON (%s)", why);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: not a JSON object");
		return NULL;
	}
	return root;
}

/* An item of an answer: an object of attribute values. */
static bool
ddb_item_shape(json_t *item)
{
	const char *name;
	json_t *av;

	if (!json_is_object(item))
		return false;
	json_object_foreach(item, name, av)
		if (*name == '\0' || !ddb_av_shape(av))
			return false;
	return true;
}

int
ddb_parse_item(json_t *answer, const char *member, json_t **out, struct table_err *err)
{
	json_t *item = json_object_get(answer, member);

	*out = NULL;
	if (item == NULL)
		return 0;
	if (!ddb_item_shape(item))
		return table_err_set(err, TABLE_ERROR,
		    "unexpected answer from DynamoDB: %s is not an item", member);
	*out = json_incref(item);
	return 0;
}

double
ddb_parse_capacity(json_t *answer)
{
	json_t *cc = json_object_get(answer, "ConsumedCapacity"), *e;
	double sum = 0;
	size_t i;

	if (json_is_object(cc)) {
		e = json_object_get(cc, "CapacityUnits");
		return json_is_number(e) && json_number_value(e) >= 0 ? json_number_value(e) : 0;
	}
	json_array_foreach(cc, i, e) {
		json_t *u = json_object_get(e, "CapacityUnits");

		if (json_is_number(u) && json_number_value(u) >= 0)
			sum += json_number_value(u);
	}
	return sum;
}

int
ddb_parse_query(json_t *answer, enum table_index index, struct table_page *page,
    struct table_err *err)
{
	json_t *items = json_object_get(answer, "Items"), *lek, *it;
	const char *name;
	size_t i;

	memset(page, 0, sizeof *page);
	if (!json_is_array(items))
		return table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: no Items");
	json_array_foreach(items, i, it)
		if (!ddb_item_shape(it))
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: item %zu of the page is not an item", i);
	lek = json_object_get(answer, "LastEvaluatedKey");
	if (lek != NULL && !json_is_null(lek)) {
		json_t *av;

		if (!json_is_object(lek) || json_object_size(lek) == 0 ||
		    json_object_size(lek) > DDB_CURSOR_ATTRS ||
		    table_item_str(lek, "PK") == NULL || table_item_str(lek, "SK") == NULL ||
		    table_item_str(lek, table_index_pk_name(index)) == NULL ||
		    table_item_str(lek, table_index_sk_name(index)) == NULL)
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: LastEvaluatedKey is not a key of this index");
		json_object_foreach(lek, name, av)
			if (table_item_str(lek, name) == NULL)
				return table_err_set(err, TABLE_ERROR,
				    "unexpected answer from DynamoDB: LastEvaluatedKey is not a key of this index");
		page->cursor = table_cursor_encode(lek);
	}
	page->count = json_array_size(items);
	if (page->count > 0) {
		page->items = xcalloc(page->count, sizeof *page->items);
		json_array_foreach(items, i, it)
			page->items[i] = json_incref(it);
	}
	page->capacity = ddb_parse_capacity(answer);
	return 0;
}

int
ddb_parse_unprocessed(json_t *answer, const char *table, json_t **rest, size_t *count,
    struct table_err *err)
{
	json_t *up = json_object_get(answer, "UnprocessedItems"), *reqs, *r;
	const char *name;
	size_t i;

	*rest = NULL;
	*count = 0;
	if (up == NULL || json_is_null(up))
		return 0;
	if (!json_is_object(up))
		return table_err_set(err, TABLE_ERROR,
		    "unexpected answer from DynamoDB: UnprocessedItems is not an object");
	json_object_foreach(up, name, reqs) {
		if (strcmp(name, table) != 0)
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: unprocessed writes of another table");
		if (!json_is_array(reqs))
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: unprocessed writes are not a list");
		json_array_foreach(reqs, i, r) {
			json_t *p = json_object_get(r, "PutRequest"), *d = json_object_get(r, "DeleteRequest");

			if (!json_is_object(r) || json_object_size(r) != 1 ||
			    !((p != NULL && ddb_item_shape(json_object_get(p, "Item"))) ||
			    (d != NULL && ddb_item_shape(json_object_get(d, "Key")))))
				return table_err_set(err, TABLE_ERROR,
				    "unexpected answer from DynamoDB: unprocessed write %zu is not a write", i);
		}
		if (json_array_size(reqs) > 0) {
			*count = json_array_size(reqs);
			*rest = json_pack("{s:O}", table, reqs);
		}
	}
	return 0;
}

long
ddb_backoff_ms(int retry, double u)
{
	long cap = DDB_BACKOFF_CAP_MS;

	if (retry < 0)
		retry = 0;
	if (retry < 20 && ((long)DDB_BACKOFF_BASE_MS << retry) < cap)
		cap = (long)DDB_BACKOFF_BASE_MS << retry;
	if (!(u >= 0))
		u = 0;
	if (u >= 1)
		u = 0.999999;
	return (long)(u * (double)cap);
}

/* ---- calls: sign, send, retry ---- */

/* One DynamoDB call and its outcome. */
struct ddb_call {
	const char *op;          /* "Query" */
	json_t *req;             /* borrowed, for --explain */
	char *body;              /* serialised once: every attempt sends the same bytes */
	size_t len;
	json_t *answer;          /* 200: the answer */
	struct ddb_error e;      /* failed: why */
	bool done;
	bool failed;
	bool explained;          /* --explain: printed, not sent */
	bool unknown;            /* an attempt may have been applied without us hearing so */
	int tries;
};

static void
call_init(struct ddb_call *c, const char *op, json_t *req)
{
	memset(c, 0, sizeof *c);
	c->op = op;
	c->req = req;
	c->e.index = -1;
	c->body = json_write(req, JSON_COMPACT);
	c->len = c->body != NULL ? strlen(c->body) : 0;
}

static void
call_done(struct ddb_call *c)
{
	free(c->body);
	c->body = NULL;
	json_decref(c->answer);
	c->answer = NULL;
	ddb_error_done(&c->e);
}

/* Resets a call for a new request body (the batch's unprocessed rest). */
static void
call_rebody(struct ddb_call *c, json_t *req)
{
	free(c->body);
	json_decref(c->answer);
	c->answer = NULL;
	c->req = req;
	c->body = json_write(req, JSON_COMPACT);
	c->len = c->body != NULL ? strlen(c->body) : 0;
	c->done = false;
	c->tries = 0;
}

static double
ddb_uniform(void)
{
	uint32_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (uint32_t)clock_real_ms() * 2654435761u;
	return (double)r / 4294967296.0;
}

static void
ddb_sleep(struct ddb *d, long ms)
{
	struct timespec ts;

	/* The test transport sees every backoff, a zero one from full jitter included. */
	if (d->hooked) {
		if (d->transport.sleep_ms != NULL)
			d->transport.sleep_ms(d->transport.ctx, ms < 0 ? 0 : ms);
		return;
	}
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
ddb_explain_call(struct ddb *d, struct ddb_call *c)
{
	FILE *out = d->explain_out != NULL ? d->explain_out : stdout;
	char *line = ddb_explain_line(c->op, c->req);
	char *pretty = json_dumps(c->req, JSON_INDENT(2) | JSON_ENSURE_ASCII);

	fprintf(out, "%s\n%s\n", line, pretty != NULL ? pretty : "{}");
	fflush(out);
	free(line);
	free(pretty);
}

/* The final words of a failure: the table's name, the region, how many attempts. */
/* Operations that change the table: their outcome matters when an answer is lost. */
static bool
ddb_is_write(const char *op)
{
	static const char *const writes[] = {
		"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem", NULL,
	};
	for (size_t i = 0; op != NULL && writes[i] != NULL; i++)
		if (strcmp(op, writes[i]) == 0)
			return true;
	return false;
}

static void
ddb_call_final(struct ddb *d, const char *table, struct ddb_call *c)
{
	char msg[sizeof c->e.message];

	memcpy(msg, c->e.message, sizeof msg);
	switch (c->e.status) {
	case TABLE_NO_TABLE:
		xsnprintf(c->e.message, sizeof c->e.message,
		    "table %s does not exist (run: ailife table create)", table);
		break;
	case TABLE_AUTH:
		xsnprintf(c->e.message, sizeof c->e.message, "%s (region %s)", msg, d->region);
		break;
	default:
		if (c->tries > 1 && c->e.retry != DDB_RETRY_NO)
			xsnprintf(c->e.message, sizeof c->e.message, "%s (after %d attempts)", msg,
			    c->tries);
		/* A write given up after an answer that may hide success must not read as "not done". */
		if (c->unknown && ddb_is_write(c->op) && strstr(c->e.message, "may have been applied") == NULL) {
			memcpy(msg, c->e.message, sizeof msg);
			xsnprintf(c->e.message, sizeof c->e.message, "%s; an earlier attempt may have been applied", msg);
		}
		break;
	}
}

/* Signs and sends the pending calls once (several at once when there are several). */
static void
ddb_send_round(struct ddb *d, struct ddb_call **pending, size_t n, struct http_response *resps)
{
	struct http_request *reqs = xcalloc(n, sizeof *reqs);
	struct sigv4_headers *sh = xcalloc(n, sizeof *sh);
	struct http_header **hh = xcalloc(n, sizeof *hh);
	struct sigv4_creds creds = { d->akid, d->secret, d->token };
	size_t *map = xcalloc(n, sizeof *map), m = 0;

	for (size_t i = 0; i < n; i++) {
		struct ddb_call *c = pending[i];
		char target[64];

		memset(&resps[i], 0, sizeof resps[i]);
		xsnprintf(target, sizeof target, DDB_TARGET_PREFIX "%s", c->op);
		/* A fresh X-Amz-Date on every attempt, from the real clock (never --now). */
		if (sigv4_sign_dynamodb(&creds, d->region, d->host, target, c->body, c->len,
		    clock_real_ms(), &sh[i]) != 0) {
			resps[i].result = HTTP_FAILED;
			xsnprintf(resps[i].error, sizeof resps[i].error,
			    "could not sign the request (a control character in the credentials?)");
			continue;
		}
		hh[i] = xcalloc(sh[i].n, sizeof *hh[i]);
		for (size_t k = 0; k < sh[i].n; k++) {
			hh[i][k].name = sh[i].v[k].name;
			hh[i][k].value = sh[i].v[k].value;
		}
		reqs[m].url = d->url;
		reqs[m].headers = hh[i];
		reqs[m].header_count = sh[i].n;
		reqs[m].body = c->body;
		reqs[m].body_len = c->len;
		map[m++] = i;
	}
	if (m > 0) {
		struct http_response *got = xcalloc(m, sizeof *got);

		if (ddb_thread_http != NULL && !d->hooked) {
			if (m == 1)
				http_send(ddb_thread_http, &reqs[0], &got[0]);
			else
				http_send_many(ddb_thread_http, reqs, got, m);
		} else {
			pthread_mutex_lock(&d->lock);
			if (d->hooked)
				d->transport.send(d->transport.ctx, reqs, got, m);
			else if (m == 1)
				http_send(d->http, &reqs[0], &got[0]);
			else
				http_send_many(d->http, reqs, got, m);
			pthread_mutex_unlock(&d->lock);
		}
		for (size_t k = 0; k < m; k++)
			resps[map[k]] = got[k];
		free(got);
	}
	for (size_t i = 0; i < n; i++) {
		sigv4_headers_done(&sh[i]);
		free(hh[i]);
	}
	free(map);
	free(hh);
	free(sh);
	free(reqs);
}

/*
 * Runs the calls that are not done until each has an answer or a final
 * failure: retryable failures (section 3 of the protocol doc) are sent
 * again, re-signed, the body byte-identical, after a full-jitter backoff.
 */
static void
ddb_run(struct ddb *d, const char *table, struct ddb_call *calls, size_t n)
{
	struct ddb_call **pending = xcalloc(n > 0 ? n : 1, sizeof *pending);
	struct http_response *resps = xcalloc(n > 0 ? n : 1, sizeof *resps);

	for (int round = 0; ; round++) {
		size_t np = 0;

		for (size_t i = 0; i < n; i++) {
			struct ddb_call *c = &calls[i];

			if (c->done)
				continue;
			if (d->explain) {
				ddb_explain_call(d, c);
				c->explained = true;
				c->done = true;
				continue;
			}
			if (c->body == NULL) {
				ddb_error_done(&c->e);
				ddb_error_clear(&c->e);
				c->e.status = TABLE_ERROR;
				xsnprintf(c->e.message, sizeof c->e.message,
				    "could not encode the request");
				c->failed = true;
				c->done = true;
				continue;
			}
			pending[np++] = c;
		}
		if (np == 0)
			break;
		if (round > 0) {
			/* Never delay the first attempt; one sleep per round for every retry in it. */
			ddb_sleep(d, ddb_backoff_ms(round - 1, ddb_uniform()));
		}
		ddb_send_round(d, pending, np, resps);
		for (size_t i = 0; i < np; i++) {
			struct ddb_call *c = pending[i];
			struct table_err perr;

			c->tries++;
			ddb_error_done(&c->e);
			/* A quiet re-send by libcurl may have applied the first send: as after a timeout. */
			if (resps[i].resent)
				c->unknown = true;
			if (ddb_classify(&resps[i], d->where, &c->e) == 0) {
				c->answer = ddb_parse_answer(resps[i].body, resps[i].body_len, &perr);
				if (c->answer == NULL) {
					c->e.status = perr.status;
					xsnprintf(c->e.message, sizeof c->e.message, "%s", perr.message);
					c->failed = true;
				}
				c->done = true;
			} else {
				if (c->e.unknown)
					c->unknown = true;
				/*
				 * An endpoint that refuses connections is down or wrong: a few
				 * tries cover a restart, ten would keep a person waiting ~15 s.
				 */
				if (c->e.retry == DDB_RETRY_NO || c->tries >= d->attempts ||
				    (c->e.connect && c->tries >= DDB_CONNECT_ATTEMPTS)) {
					c->failed = true;
					c->done = true;
					ddb_call_final(d, table, c);
				}
			}
			http_response_done(&resps[i]);
		}
	}
	free(resps);
	free(pending);
}

static int
ddb_run_one(struct ddb *d, const char *table, struct ddb_call *c)
{
	ddb_run(d, table, c, 1);
	return c->failed ? -1 : 0;
}

/* A failed call's error into err. */
static int
ddb_fail(struct ddb_call *c, struct table_err *err)
{
	table_err_set(err, c->e.status, "%s", c->e.message);
	if (err != NULL && c->e.status == TABLE_TXN_CANCELED) {
		err->index = c->e.index;
		err->reason = c->e.reason;
	}
	return -1;
}

/* ---- operations ---- */

static struct ddb *
ddb_of(struct table *t)
{
	return t->data;
}

/* GetItem: 0 found (*out), 1 absent, -1 failed. */
static int
ddb_get_raw(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req;
	int rc;

	*out = NULL;
	if ((req = ddb_render_get(t->name, key, err)) == NULL)
		return -1;
	call_init(&c, "GetItem", req);
	if (ddb_run_one(d, t->name, &c) != 0)
		rc = ddb_fail(&c, err);
	else if (c.explained)
		rc = 1;
	else {
		t->capacity += ddb_parse_capacity(c.answer);
		rc = ddb_parse_item(c.answer, "Item", out, err);
		if (rc == 0 && *out == NULL)
			rc = 1;
	}
	call_done(&c);
	json_decref(req);
	return rc;
}

static int
ddb_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	struct table_keys k;
	int rc;

	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "get needs somewhere to put the item");
	*out = NULL;
	t->capacity = 0;
	if (table_check_key(key, &k, err) != 0)
		return -1;
	rc = ddb_get_raw(t, key, out, err);
	if (rc == 1)
		return table_err_set(err, TABLE_NOT_FOUND, "item %s / %s not found", k.pk, k.sk);
	return rc;
}

/* The stored item after a ConditionalCheckFailed: from the answer, else read. 0, or -1 when the read failed. */
static int
ddb_cond_item(struct table *t, json_t *key, struct ddb_call *c, json_t **stored,
    struct table_err *err)
{
	int rc;

	if (c->e.item != NULL) {
		*stored = json_incref(c->e.item);
		return 0;
	}
	rc = ddb_get_raw(t, key, stored, err);
	return rc < 0 ? -1 : 0;
}

/* The message of a failed condition, as local.c words it. */
static int
ddb_cond_failed(const struct table_cond *cond, json_t *stored, const struct table_keys *k,
    bool is_update, struct table_err *err)
{
	const char *vtext;

	if (cond != NULL && cond->kind == TABLE_COND_NOT_EXISTS)
		return table_err_set(err, TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s already exists", k->pk, k->sk);
	if (stored == NULL)
		return table_err_set(err, is_update ? TABLE_NOT_FOUND : TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s does not exist", k->pk, k->sk);
	if (cond == NULL || cond->kind != TABLE_COND_VERSION)
		return table_err_set(err, TABLE_COND_FAILED, "the conditional request failed");
	vtext = json_string_value(json_object_get(json_object_get(stored, "version"), "N"));
	if (vtext == NULL)
		return table_err_set(err, TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s has no version", k->pk, k->sk);
	return table_err_set(err, TABLE_COND_FAILED,
	    "the conditional request failed: item %s / %s has version %.40s, not %lld"
	    " (changed elsewhere)", k->pk, k->sk, vtext, cond->version);
}

static int
ddb_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys k;
	struct ddb_call c;
	json_t *req, *key, *stored = NULL;
	int rc = 0;

	t->capacity = 0;
	if ((req = ddb_render_put(t->name, item, cond, err)) == NULL)
		return -1;
	ddb_item_keys(item, &k);
	call_init(&c, "PutItem", req);
	if (ddb_run_one(d, t->name, &c) == 0) {
		if (!c.explained)
			t->capacity = ddb_parse_capacity(c.answer);
		goto out;
	}
	if (c.e.status != TABLE_COND_FAILED) {
		rc = ddb_fail(&c, err);
		goto out;
	}
	key = table_item_key(item, TABLE_INDEX_MAIN);
	rc = ddb_cond_item(t, key, &c, &stored, err);
	json_decref(key);
	if (rc != 0)
		goto out;
	/*
	 * Outcome unknown: an earlier attempt timed out or was dropped (or got a
	 * 5xx) and may have been applied, so this attempt's condition failed
	 * against our own write. The stored item equal to the item we sent,
	 * attribute for attribute, means the first attempt succeeded.
	 */
	if (c.unknown && stored != NULL && json_equal(stored, item))
		goto out;
	rc = ddb_cond_failed(cond, stored, &k, false, err);
out:
	json_decref(stored);
	call_done(&c);
	json_decref(req);
	return rc;
}

/*
 * Whether stored is what our update wrote: every SET attribute as set, every
 * REMOVE attribute gone, and for a VERSION condition the version moved on to
 * the next one (set by the update, or one past the expected). An ADD cannot
 * be checked without the item before, so an update with one never matches.
 */
static bool
ddb_update_matches(json_t *stored, const struct table_update *upd, const struct table_cond *cond)
{
	bool sets_version = false;

	if (stored == NULL || upd == NULL)
		return false;
	for (size_t i = 0; i < upd->count; i++) {
		const struct table_update_action *a = &upd->actions[i];

		switch (a->kind) {
		case TABLE_UPDATE_SET:
			if (!json_equal(json_object_get(stored, a->attr), a->value))
				return false;
			if (strcmp(a->attr, "version") == 0)
				sets_version = true;
			break;
		case TABLE_UPDATE_REMOVE:
			if (json_object_get(stored, a->attr) != NULL)
				return false;
			break;
		case TABLE_UPDATE_ADD:
			return false;
		}
	}
	if (cond != NULL && cond->kind == TABLE_COND_VERSION && !sets_version) {
		const char *vt = json_string_value(json_object_get(json_object_get(stored, "version"), "N"));
		char want[32];

		xsnprintf(want, sizeof want, "%lld", cond->version + 1);
		if (vt == NULL || strcmp(vt, want) != 0)
			return false;
	}
	return true;
}

static int
ddb_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys k;
	struct ddb_call c;
	json_t *req, *stored = NULL;
	int rc = 0;

	if (out_new != NULL)
		*out_new = NULL;
	t->capacity = 0;
	if ((req = ddb_render_update(t->name, key, upd, cond, out_new != NULL, err)) == NULL)
		return -1;
	table_check_key(key, &k, err);
	call_init(&c, "UpdateItem", req);
	if (ddb_run_one(d, t->name, &c) == 0) {
		if (c.explained)
			goto out;
		t->capacity = ddb_parse_capacity(c.answer);
		if (out_new != NULL) {
			rc = ddb_parse_item(c.answer, "Attributes", out_new, err);
			if (rc == 0 && *out_new == NULL)
				rc = table_err_set(err, TABLE_ERROR,
				    "unexpected answer from DynamoDB: no Attributes after the update");
		}
		goto out;
	}
	if (c.e.status != TABLE_COND_FAILED) {
		rc = ddb_fail(&c, err);
		goto out;
	}
	if ((rc = ddb_cond_item(t, key, &c, &stored, err)) != 0)
		goto out;
	/*
	 * Outcome unknown (an earlier attempt timed out, was dropped or got a
	 * 5xx): with a VERSION (or NOT_EXISTS) condition, our own applied first
	 * attempt makes the retry's condition fail. The stored item carrying
	 * exactly what we wrote, one version on, means it was ours: success.
	 */
	if (c.unknown && cond != NULL && cond->kind != TABLE_COND_EXISTS &&
	    ddb_update_matches(stored, upd, cond)) {
		if (out_new != NULL) {
			*out_new = stored;
			stored = NULL;
		}
		goto out;
	}
	rc = ddb_cond_failed(cond, stored, &k, true, err);
out:
	json_decref(stored);
	call_done(&c);
	json_decref(req);
	return rc;
}

static int
ddb_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys k;
	struct ddb_call c;
	json_t *req, *stored = NULL;
	int rc = 0;

	if (out_old != NULL)
		*out_old = NULL;
	t->capacity = 0;
	if ((req = ddb_render_delete(t->name, key, cond, out_old != NULL, err)) == NULL)
		return -1;
	table_check_key(key, &k, err);
	call_init(&c, "DeleteItem", req);
	if (ddb_run_one(d, t->name, &c) == 0) {
		if (c.explained)
			goto out;
		t->capacity = ddb_parse_capacity(c.answer);
		if (out_old != NULL)
			rc = ddb_parse_item(c.answer, "Attributes", out_old, err);
		goto out;
	}
	if (c.e.status != TABLE_COND_FAILED) {
		rc = ddb_fail(&c, err);
		goto out;
	}
	if ((rc = ddb_cond_item(t, key, &c, &stored, err)) != 0)
		goto out;
	/*
	 * Outcome unknown: with an EXISTS or VERSION condition an earlier attempt
	 * that was applied leaves no item, and this attempt's condition fails on
	 * the absence. Absence then means our delete happened: success (the old
	 * item went with the lost answer, so *out_old stays NULL).
	 */
	if (c.unknown && cond != NULL &&
	    (cond->kind == TABLE_COND_VERSION || cond->kind == TABLE_COND_EXISTS) && stored == NULL)
		goto out;
	rc = ddb_cond_failed(cond, stored, &k, false, err);
out:
	json_decref(stored);
	call_done(&c);
	json_decref(req);
	return rc;
}

static int
ddb_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req;
	int rc = 0;

	if (page == NULL)
		return table_err_set(err, TABLE_INVALID, "query needs somewhere to put the page");
	memset(page, 0, sizeof *page);
	t->capacity = 0;
	if ((req = ddb_render_query(t->name, q, err)) == NULL)
		return -1;
	call_init(&c, "Query", req);
	if (ddb_run_one(d, t->name, &c) != 0)
		rc = ddb_fail(&c, err);
	else if (!c.explained) {
		rc = ddb_parse_query(c.answer, q->index, page, err);
		t->capacity = page->capacity;
	}
	call_done(&c);
	json_decref(req);
	return rc;
}

static int
ddb_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call *calls;
	json_t **reqs;
	int rc = 0;

	t->capacity = 0;
	if (n == 0)
		return 0;
	if (qs == NULL || pages == NULL)
		return table_err_set(err, TABLE_INVALID, "query_many needs queries and pages");
	memset(pages, 0, n * sizeof *pages);
	reqs = xcalloc(n, sizeof *reqs);
	calls = xcalloc(n, sizeof *calls);
	for (size_t i = 0; i < n; i++)
		if ((reqs[i] = ddb_render_query(t->name, &qs[i], err)) == NULL) {
			rc = -1;
			goto out;
		}
	for (size_t i = 0; i < n; i++)
		call_init(&calls[i], "Query", reqs[i]);
	ddb_run(d, t->name, calls, n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (calls[i].failed)
			rc = ddb_fail(&calls[i], err);
		else if (!calls[i].explained) {
			rc = ddb_parse_query(calls[i].answer, qs[i].index, &pages[i], err);
			t->capacity += pages[i].capacity;
		}
	}
	if (rc != 0)
		for (size_t i = 0; i < n; i++)
			table_page_done(&pages[i]);
out:
	for (size_t i = 0; i < n; i++) {
		call_done(&calls[i]);
		json_decref(reqs[i]);
	}
	free(calls);
	free(reqs);
	return rc;
}

static int
ddb_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	char fresh[ULID_LEN + 1];
	const char *tok = token;
	int rc = -1;

	t->capacity = 0;
	if (table_check_transact(w, n, tok, ddb_check_foreign, NULL, err) != 0)
		return -1;
	if (tok == NULL) {
		ulid_new(clock_real_ms(), fresh);
		tok = fresh;
	}
	for (int attempt = 0; ; attempt++) {
		struct ddb_call c;
		json_t *req = ddb_render_transact(t->name, w, n, tok, err);

		if (req == NULL)
			return -1;
		/* Inside ddb_run every retry of an unknown outcome reuses this token and body. */
		call_init(&c, "TransactWriteItems", req);
		if (ddb_run_one(d, t->name, &c) == 0) {
			if (!c.explained)
				t->capacity += ddb_parse_capacity(c.answer);
			rc = 0;
		} else if (c.e.status == TABLE_TXN_CANCELED && c.e.reason_retry &&
		    attempt + 1 < d->attempts) {
			/*
			 * Cancelled for a conflict with another transaction or for
			 * throttling: nothing was applied (had an earlier attempt with
			 * this token been applied, the service would have answered
			 * that instead), so a new attempt with a new token is a new
			 * transaction, as the protocol doc says, after a backoff.
			 */
			call_done(&c);
			json_decref(req);
			ddb_sleep(d, ddb_backoff_ms(attempt, ddb_uniform()));
			ulid_new(clock_real_ms(), fresh);
			tok = fresh;
			continue;
		} else
			rc = ddb_fail(&c, err);
		call_done(&c);
		json_decref(req);
		return rc;
	}
}

/* "<len>:<pk><sk>": a key's identity as one string (any bytes in pk and sk). */
static char *
ddb_key_ident(const struct table_keys *k)
{
	return xasprintf("%zu:%s%s", strlen(k->pk), k->pk, k->sk);
}

/* Whether every write in rest (RequestItems of table) is one we sent in sent. */
static bool
ddb_rest_ours(json_t *rest, const char *table, json_t *sent)
{
	json_t *reqs = json_object_get(rest, table), *r, *s;
	json_t *ours = json_object_get(json_object_get(sent, "RequestItems"), table);
	size_t i, j;

	json_array_foreach(reqs, i, r) {
		bool found = false;

		json_array_foreach(ours, j, s)
			if (json_equal(r, s)) {
				found = true;
				break;
			}
		if (!found)
			return false;
	}
	return true;
}

/*
 * One chunk of a batch to the end: the call, then its UnprocessedItems
 * resent (exactly those) with backoff until none are left. *capacity adds
 * what DynamoDB reported.
 */
static int
ddb_batch_chunk(struct ddb *d, const char *table, json_t *chunk, double *capacity, struct table_err *err)
{
	struct ddb_call call;
	json_t *cur = json_incref(chunk);
	int rc = 0;

	call_init(&call, "BatchWriteItem", cur);
	for (int round = 0;; round++) {
		json_t *rest = NULL;
		size_t left = 0;

		ddb_run(d, table, &call, 1);
		if (!call.done || call.answer == NULL) {
			rc = ddb_fail(&call, err);
			break;
		}
		*capacity += ddb_parse_capacity(call.answer);
		if (ddb_parse_unprocessed(call.answer, table, &rest, &left, err) != 0) {
			rc = -1;
			break;
		}
		if (rest == NULL)
			break;
		/* Resend exactly what was not processed, and nothing we did not send. */
		if (!ddb_rest_ours(rest, table, cur)) {
			json_decref(rest);
			rc = table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: unprocessed writes that were not sent");
			break;
		}
		if (round + 1 >= d->attempts) {
			json_decref(rest);
			rc = table_err_set(err, TABLE_THROTTLED,
			    "%zu writes of the batch were still unprocessed after %d attempts", left, round + 1);
			break;
		}
		json_decref(cur);
		cur = json_pack("{s:o, s:s}", "RequestItems", rest, "ReturnConsumedCapacity", "TOTAL");
		call_rebody(&call, cur);
		ddb_sleep(d, ddb_backoff_ms(round, ddb_uniform()));
	}
	call_done(&call);
	json_decref(cur);
	return rc;
}

/* The batch workers' shared state: the chunks, the next one to take, the first failure. */
struct ddb_batch_job {
	struct ddb *d;
	const char *table;
	json_t **chunks;
	size_t nchunks;
	size_t next;
	pthread_mutex_t mu;
	int rc;
	struct table_err err;
	double capacity;
};

/* A batch worker: takes chunks one after another on a connection of its own. */
static void *
ddb_batch_worker(void *arg)
{
	struct ddb_batch_job *j = arg;
	struct http_options ho = {
		.connect_timeout_ms = j->d->connect_timeout_ms,
		.total_timeout_ms = j->d->total_timeout_ms,
		.user_agent = "ailife/" AILIFE_VERSION,
	};
	struct http_client *hc = http_client_create(&ho);

	ddb_thread_http = hc;
	for (;;) {
		struct table_err err;
		double cap = 0;
		size_t idx;
		int rc;

		pthread_mutex_lock(&j->mu);
		if (j->rc != 0 || j->next >= j->nchunks) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		idx = j->next++;
		pthread_mutex_unlock(&j->mu);
		table_err_clear(&err);
		rc = hc != NULL ? ddb_batch_chunk(j->d, j->table, j->chunks[idx], &cap, &err)
		    : table_err_set(&err, TABLE_NETWORK, "could not set up HTTP (libcurl)");
		pthread_mutex_lock(&j->mu);
		j->capacity += cap;
		if (rc != 0 && j->rc == 0) {
			j->rc = rc;
			j->err = err;
		}
		pthread_mutex_unlock(&j->mu);
	}
	ddb_thread_http = NULL;
	if (hc != NULL)
		http_client_free(hc);
	return NULL;
}

/*
 * The chunks of a batch kept in flight: batch_parallel workers, each with its
 * own connection, take the next chunk as soon as theirs is done, so no call
 * waits for the slowest of a group. Returns -1 when a worker could not start.
 */
static int
ddb_batch_pipelined(struct ddb *d, struct table *t, json_t **chunks, size_t nchunks, struct table_err *err)
{
	size_t nw = (size_t)d->batch_parallel < nchunks ? (size_t)d->batch_parallel : nchunks;
	pthread_t *th = xcalloc(nw, sizeof *th);
	struct ddb_batch_job j = { .d = d, .table = t->name, .chunks = chunks, .nchunks = nchunks };
	size_t started = 0;

	pthread_mutex_init(&j.mu, NULL);
	table_err_clear(&j.err);
	for (; started < nw; started++)
		if (pthread_create(&th[started], NULL, ddb_batch_worker, &j) != 0)
			break;
	if (started == 0) {
		/* No thread at all: this one does the work. */
		ddb_batch_worker(&j);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&j.mu);
	free(th);
	t->capacity += j.capacity;
	if (j.rc != 0 && err != NULL)
		*err = j.err;
	return j.rc;
}

static int
ddb_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys *keys;
	json_t *seen, **chunks = NULL;
	size_t *keep, nkeep = 0, nchunks, done_chunks = 0;
	int rc = 0;

	t->capacity = 0;
	if (n == 0)
		return 0;
	keys = w != NULL ? xcalloc(n, sizeof *keys) : NULL;
	if (table_check_batch(w, n, ddb_check_foreign, keys, err) != 0) {
		free(keys);
		return -1;
	}
	/*
	 * BatchWriteItem refuses two writes on one key in a call, and calls run
	 * in parallel in no order: keep only the last write of every key, which
	 * is what the writes one after another would leave.
	 */
	seen = json_object();
	keep = xcalloc(n, sizeof *keep);
	for (size_t i = n; i-- > 0;) {
		char *id = ddb_key_ident(&keys[i]);

		if (json_object_get(seen, id) == NULL) {
			json_object_set_new(seen, id, json_true());
			keep[nkeep++] = i;
		}
		free(id);
	}
	json_decref(seen);
	free(keys);
	/* keep holds indexes from last to first; the order of writes across calls does not matter now. */
	nchunks = (nkeep + TABLE_BATCH_MAX - 1) / TABLE_BATCH_MAX;
	chunks = xcalloc(nchunks, sizeof *chunks);
	for (size_t c = 0; c < nchunks; c++) {
		json_t *reqs = json_array();

		for (size_t i = c * TABLE_BATCH_MAX; i < nkeep && i < (c + 1) * TABLE_BATCH_MAX; i++)
			json_array_append_new(reqs, ddb_batch_request(&w[keep[nkeep - 1 - i]]));
		chunks[c] = json_pack("{s:{s:o}, s:s}", "RequestItems", t->name, reqs,
		    "ReturnConsumedCapacity", "TOTAL");
	}
	/* The test transport is one connection, driven in waves; the network gets the pipeline. */
	if (!d->hooked && !d->explain && nchunks > 1) {
		rc = ddb_batch_pipelined(d, t, chunks, nchunks, err);
		done_chunks = nchunks;
	}
	while (done_chunks < nchunks && rc == 0) {
		size_t wave = nchunks - done_chunks;
		struct ddb_call *calls;
		json_t **cur;
		int *rounds;

		if (wave > (size_t)d->batch_parallel)
			wave = (size_t)d->batch_parallel;
		calls = xcalloc(wave, sizeof *calls);
		cur = xcalloc(wave, sizeof *cur);
		rounds = xcalloc(wave, sizeof *rounds);
		for (size_t i = 0; i < wave; i++) {
			cur[i] = json_incref(chunks[done_chunks + i]);
			call_init(&calls[i], "BatchWriteItem", cur[i]);
		}
		for (int round = 0; rc == 0; round++) {
			bool again = false;

			ddb_run(d, t->name, calls, wave);
			for (size_t i = 0; i < wave; i++) {
				json_t *rest = NULL;
				size_t left = 0;

				if (!calls[i].done || calls[i].answer == NULL) {
					if (calls[i].failed && rc == 0)
						rc = ddb_fail(&calls[i], err);
					continue;
				}
				t->capacity += ddb_parse_capacity(calls[i].answer);
				if (ddb_parse_unprocessed(calls[i].answer, t->name, &rest, &left, err) != 0) {
					rc = -1;
					continue;
				}
				json_decref(calls[i].answer);
				calls[i].answer = NULL;
				if (rest == NULL)
					continue;
				/* Resend exactly what was not processed, and nothing we did not send. */
				json_t *next = json_pack("{s:o, s:s}", "RequestItems", rest,
				    "ReturnConsumedCapacity", "TOTAL");
				if (!ddb_rest_ours(rest, t->name, cur[i])) {
					json_decref(next);
					rc = table_err_set(err, TABLE_ERROR,
					    "unexpected answer from DynamoDB: unprocessed writes that were not sent");
					continue;
				}
				if (++rounds[i] >= d->attempts) {
					json_decref(next);
					rc = table_err_set(err, TABLE_THROTTLED,
					    "%zu writes of the batch were still unprocessed after %d attempts",
					    left, rounds[i]);
					continue;
				}
				json_decref(cur[i]);
				cur[i] = next;
				call_rebody(&calls[i], cur[i]);
				again = true;
			}
			if (!again || rc != 0)
				break;
			ddb_sleep(d, ddb_backoff_ms(round, ddb_uniform()));
		}
		for (size_t i = 0; i < wave; i++) {
			call_done(&calls[i]);
			json_decref(cur[i]);
		}
		free(calls);
		free(cur);
		free(rounds);
		done_chunks += wave;
	}
	for (size_t c = 0; c < nchunks; c++)
		json_decref(chunks[c]);
	free(chunks);
	free(keep);
	return rc;
}

static long long
ddb_elapsed_since(long long start)
{
	return clock_real_ms() - start;
}

/* The table and every GSI ACTIVE. -1 with err when the answer is not a description. */
static int
ddb_describe_active(json_t *answer, bool *active, struct table_err *err)
{
	json_t *table = json_object_get(answer, "Table"), *gsis, *g;
	const char *status;
	size_t i;

	*active = false;
	if (!json_is_object(table))
		return table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: no Table");
	status = json_string_value(json_object_get(table, "TableStatus"));
	if (status == NULL)
		return table_err_set(err, TABLE_ERROR,
		    "unexpected answer from DynamoDB: no TableStatus");
	if (strcmp(status, "ACTIVE") != 0)
		return 0;
	gsis = json_object_get(table, "GlobalSecondaryIndexes");
	json_array_foreach(gsis, i, g) {
		const char *s = json_string_value(json_object_get(g, "IndexStatus"));

		if (s != NULL && strcmp(s, "ACTIVE") != 0)
			return 0;
	}
	*active = true;
	return 0;
}

static int
ddb_describe_raw(struct table *t, json_t **out, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req = json_pack("{s:s}", "TableName", t->name);
	int rc = 0;

	*out = NULL;
	call_init(&c, "DescribeTable", req);
	if (ddb_run_one(d, t->name, &c) != 0)
		rc = ddb_fail(&c, err);
	else if (c.explained)
		*out = table_expected_description(t->name);
	else if (!json_is_object(json_object_get(c.answer, "Table")))
		rc = table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: no Table");
	else
		*out = json_incref(c.answer);
	call_done(&c);
	json_decref(req);
	return rc;
}

static int
ddb_describe(struct table *t, json_t **out, struct table_err *err)
{
	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "describe needs somewhere to put the answer");
	t->capacity = 0;
	return ddb_describe_raw(t, out, err);
}

int
ddb_call_many(struct table *t, const char *op, json_t *const *reqs, json_t **answers, size_t n,
    struct table_err *err)
{
	struct ddb_call *calls;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		answers[i] = NULL;
	if (t == NULL || t->backend != &ddb_backend)
		return table_err_set(err, TABLE_INVALID, "%s needs the DynamoDB store (--store dynamodb)", op);
	if (op == NULL || *op == '\0' || strlen(op) > 40)
		return table_err_set(err, TABLE_INVALID, "no operation");
	for (const char *p = op; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			return table_err_set(err, TABLE_INVALID, "'%s' is not an operation name", op);
	t->capacity = 0;
	if (n == 0)
		return 0;
	calls = xcalloc(n, sizeof *calls);
	for (size_t i = 0; i < n; i++)
		call_init(&calls[i], op, reqs[i]);
	ddb_run(ddb_of(t), t->name, calls, n);
	for (size_t i = 0; i < n; i++) {
		struct ddb_call *c = &calls[i];

		if (c->failed) {
			if (rc == 0) {
				const char *name = json_string_value(json_object_get(reqs[i], "TableName"));

				/* ddb_run's words name the single table and its create command. */
				if (c->e.status == TABLE_NO_TABLE)
					xsnprintf(c->e.message, sizeof c->e.message, "table %s does not exist",
					    name != NULL ? name : "?");
				rc = ddb_fail(c, err);
			}
			continue;
		}
		if (c->explained) {
			answers[i] = json_object();
			continue;
		}
		t->capacity += ddb_parse_capacity(c->answer);
		answers[i] = json_incref(c->answer);
	}
	for (size_t i = 0; i < n; i++)
		call_done(&calls[i]);
	free(calls);
	return rc;
}

int
ddb_call(struct table *t, const char *op, json_t *req, json_t **answer, struct table_err *err)
{
	return ddb_call_many(t, op, &req, answer, 1, err);
}

static int
ddb_create(struct table *t, bool *created, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req = ddb_render_create(t->name);
	long long start = clock_real_ms();
	long wait = 100;
	int rc = 0;

	*created = false;
	t->capacity = 0;
	call_init(&c, "CreateTable", req);
	if (ddb_run_one(d, t->name, &c) == 0)
		*created = !c.explained;
	else if (strcmp(c.e.code, "ResourceInUseException") == 0)
		/*
		 * The table exists. After an attempt whose outcome is unknown (its
		 * answer was lost) it is, in all likelihood, the one that attempt
		 * created: a create racing ours within the same retry loop is far
		 * less likely than our own write coming back.
		 */
		*created = c.unknown;
	else
		rc = ddb_fail(&c, err);
	call_done(&c);
	json_decref(req);
	if (rc != 0 || d->explain)
		return rc;
	/* Poll until the table and its indexes are ACTIVE (DynamoDB Local: at once). */
	for (int polls = 1; ; polls++) {
		json_t *desc = NULL;
		bool active = false;
		struct table_err derr;

		table_err_clear(&derr);
		if (ddb_describe_raw(t, &desc, &derr) == 0)
			rc = ddb_describe_active(desc, &active, &derr);
		else if (derr.status == TABLE_NO_TABLE && *created)
			rc = 0;         /* just created: the description may lag */
		else
			rc = -1;
		json_decref(desc);
		if (rc != 0) {
			table_err_set(err, derr.status, "%s", derr.message);
			return -1;
		}
		if (active)
			return 0;
		if (ddb_elapsed_since(start) > DDB_CREATE_WAIT_MS || polls >= DDB_CREATE_POLLS)
			return table_err_set(err, TABLE_ERROR,
			    "table %s did not become ACTIVE within %d minutes", t->name,
			    DDB_CREATE_WAIT_MS / 60000);
		ddb_sleep(d, wait);
		if (wait < 2000)
			wait *= 2;
	}
}

static void
ddb_wipe_free(char *s, size_t n)
{
	if (s == NULL)
		return;
	explicit_bzero(s, n);
	free(s);
}

static void
ddb_close(struct table *t)
{
	struct ddb *d;

	if (t == NULL)
		return;
	d = t->data;
	if (d != NULL) {
		if (d->http != NULL)
			http_client_free(d->http);
		ddb_wipe_free(d->secret, d->secret_len);
		ddb_wipe_free(d->token, d->token_len);
		free(d->akid);
		free(d->region);
		free(d->url);
		free(d->host);
		free(d->where);
		pthread_mutex_destroy(&d->lock);
		free(d);
	}
	free(t->name);
	free(t);
}

const struct table_backend ddb_backend = {
	.name = "dynamodb",
	.close = ddb_close,
	.get = ddb_get,
	.put = ddb_put,
	.update = ddb_update,
	.del = ddb_del,
	.query = ddb_query,
	.transact = ddb_transact,
	.batch = ddb_batch,
	.create = ddb_create,
	.describe = ddb_describe,
	.query_many = ddb_query_many,
};

/* ---- opening ---- */

static bool
ddb_region_ok(const char *r)
{
	size_t n = 0;

	if (r == NULL)
		return false;
	for (; r[n] != '\0'; n++)
		if (!((r[n] >= 'a' && r[n] <= 'z') || (r[n] >= '0' && r[n] <= '9') || r[n] == '-'))
			return false;
	return n > 0 && n <= 64;
}

/*
 * The endpoint as the URL every call goes to: http:// or https://, a host,
 * maybe a port, and no path but "/" (every call is POST /, and that is what
 * is signed), no query, no user information.
 */
static char *
ddb_endpoint_url(const char *endpoint, struct table_err *err)
{
	const char *rest, *slash;
	size_t n;

	if (strncmp(endpoint, "https://", 8) == 0)
		rest = endpoint + 8;
	else if (strncmp(endpoint, "http://", 7) == 0)
		rest = endpoint + 7;
	else {
		table_err_set(err, TABLE_INVALID,
		    "endpoint %.200s: must start with https:// (or http:// for DynamoDB Local)",
		    endpoint);
		return NULL;
	}
	for (const char *p = endpoint; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '?' ||
		    *p == '#' || *p == '@' || *p == '\\') {
			table_err_set(err, TABLE_INVALID,
			    "endpoint %.200s: a URL like https://host[:port] without spaces,"
			    " user names, queries or fragments", endpoint);
			return NULL;
		}
	slash = strchr(rest, '/');
	if (slash == rest || *rest == '\0' || (slash != NULL && strcmp(slash, "/") != 0)) {
		table_err_set(err, TABLE_INVALID,
		    "endpoint %.200s: a URL like https://host[:port] (no path)", endpoint);
		return NULL;
	}
	n = slash != NULL ? (size_t)(slash - endpoint) : strlen(endpoint);
	return xasprintf("%.*s/", (int)n, endpoint);
}

/* "host:port" for messages: the Host header with the scheme's port when it names none. */
static char *
ddb_where(const char *url, const char *host)
{
	const char *close = host[0] == '[' ? strchr(host, ']') : NULL;
	bool has_port = close != NULL ? close[1] == ':' : strchr(host, ':') != NULL;

	if (has_port)
		return xstrdup(host);
	return xasprintf("%s:%s", host, strncmp(url, "https://", 8) == 0 ? "443" : "80");
}

struct table *
ddb_open(const struct ddb_options *opts, struct table_err *err)
{
	struct http_options ho;
	struct table *t;
	struct ddb *d;
	char *endpoint;

	table_err_clear(err);
	if (opts == NULL) {
		table_err_set(err, TABLE_INVALID, "no DynamoDB options");
		return NULL;
	}
	if (table_check_table_name(opts->table, err) != 0)
		return NULL;
	if (!ddb_region_ok(opts->region)) {
		table_err_set(err, TABLE_INVALID,
		    "no usable AWS region (\"%.64s\"): set one with --region, AWS_REGION or the profile",
		    opts->region != NULL ? opts->region : "");
		return NULL;
	}
	if (!opts->explain && (opts->access_key_id == NULL || *opts->access_key_id == '\0' ||
	    opts->secret_access_key == NULL || *opts->secret_access_key == '\0')) {
		table_err_set(err, TABLE_AUTH,
		    "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
		    " or a profile with aws_access_key_id and aws_secret_access_key");
		return NULL;
	}
	if (opts->transport != NULL && opts->transport->send == NULL) {
		table_err_set(err, TABLE_INVALID, "a test transport without send");
		return NULL;
	}
	if (opts->endpoint != NULL && *opts->endpoint != '\0')
		endpoint = ddb_endpoint_url(opts->endpoint, err);
	else if (strncmp(opts->region, "cn-", 3) == 0)
		endpoint = xasprintf("https://dynamodb.%s.amazonaws.com.cn/", opts->region);
	else
		endpoint = xasprintf("https://dynamodb.%s.amazonaws.com/", opts->region);
	if (endpoint == NULL)
		return NULL;

	d = xcalloc(1, sizeof *d);
	pthread_mutex_init(&d->lock, NULL);
	d->url = endpoint;
	d->host = http_host_header(endpoint);
	if (d->host == NULL) {
		table_err_set(err, TABLE_INVALID, "endpoint %.200s is not a usable URL", endpoint);
		goto fail_d;
	}
	d->where = ddb_where(endpoint, d->host);
	d->region = xstrdup(opts->region);
	d->akid = xstrdup(opts->access_key_id != NULL ? opts->access_key_id : "");
	d->secret_len = opts->secret_access_key != NULL ? strlen(opts->secret_access_key) : 0;
	d->secret = xstrndup(opts->secret_access_key != NULL ? opts->secret_access_key : "",
	    d->secret_len);
	if (opts->session_token != NULL && *opts->session_token != '\0') {
		d->token_len = strlen(opts->session_token);
		d->token = xstrndup(opts->session_token, d->token_len);
	}
	d->attempts = opts->max_attempts > 0 ? opts->max_attempts : DDB_ATTEMPTS_DEFAULT;
	d->batch_parallel = opts->batch_parallel > 0 ? opts->batch_parallel : DDB_BATCH_PARALLEL;
	d->explain = opts->explain;
	d->explain_out = opts->explain_out;
	if (opts->transport != NULL) {
		d->transport = *opts->transport;
		d->hooked = true;
	} else if (!opts->explain) {
		memset(&ho, 0, sizeof ho);
		ho.connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 3000;
		ho.total_timeout_ms = opts->total_timeout_ms > 0 ? opts->total_timeout_ms : 30000;
		ho.user_agent = "ailife/" AILIFE_VERSION;
		d->connect_timeout_ms = ho.connect_timeout_ms;
		d->total_timeout_ms = ho.total_timeout_ms;
		d->http = http_client_create(&ho);
		if (d->http == NULL) {
			table_err_set(err, TABLE_NETWORK, "could not set up HTTP (libcurl)");
			goto fail_d;
		}
	}
	t = xcalloc(1, sizeof *t);
	t->backend = &ddb_backend;
	t->name = xstrdup(opts->table);
	t->data = d;
	return t;
fail_d:
	t = xcalloc(1, sizeof *t);
	t->backend = &ddb_backend;
	t->data = d;
	ddb_close(t);
	return NULL;
}
