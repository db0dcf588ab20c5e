/* The table interface's common code: dispatchers, errors, keys, cursors, sizes. */
#include "datastore/table.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* A cursor is a key of at most six short strings; anything longer is not ours. */
#define TABLE_CURSOR_MAX 16384 /* keys of up to 2048 + 1024 bytes on the table and on a GSI, base64 */
#define TABLE_CURSOR_ATTRS 6

static const char *const table_pk_names[TABLE_INDEX_COUNT] = {
	"PK", "GSI1PK", "GSI2PK", "GSI3PK",
};
static const char *const table_sk_names[TABLE_INDEX_COUNT] = {
	"SK", "GSI1SK", "GSI2SK", "GSI3SK",
};
static const char *const table_index_names[TABLE_INDEX_COUNT] = {
	NULL, "GSI1", "GSI2", "GSI3",
};

static int
table_index_ok(enum table_index index)
{
	return (int)index >= 0 && (int)index < TABLE_INDEX_COUNT;
}

const char *
table_index_pk_name(enum table_index index)
{
	return table_index_ok(index) ? table_pk_names[index] : NULL;
}

const char *
table_index_sk_name(enum table_index index)
{
	return table_index_ok(index) ? table_sk_names[index] : NULL;
}

const char *
table_index_name(enum table_index index)
{
	return table_index_ok(index) ? table_index_names[index] : NULL;
}

void
table_err_clear(struct table_err *err)
{
	if (err == NULL)
		return;
	err->status = TABLE_OK;
	err->index = -1;
	err->reason = TABLE_OK;
	err->unknown = false;
	err->message[0] = '\0';
}

/*
 * Sets the class and message and returns -1 so that a failure is one line:
 * "return table_err_set(err, ...)". index and reason go back to their
 * defaults; a caller that knows the write at fault sets them afterwards.
 */
int
table_err_set(struct table_err *err, enum table_status status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->status = status;
	err->index = -1;
	err->reason = TABLE_OK;
	err->unknown = false;
	va_start(ap, fmt);
	/* A message longer than the buffer is cut: better a shortened message than none. */
	if (vsnprintf(err->message, sizeof err->message, fmt, ap) < 0)
		err->message[0] = '\0';
	va_end(ap);
	return -1;
}

void
table_page_done(struct table_page *page)
{
	if (page == NULL)
		return;
	for (size_t i = 0; page->items != NULL && i < page->count; i++)
		json_decref(page->items[i]);
	for (size_t i = 0; page->recs != NULL && i < page->count; i++)
		model_free(page->recs[i].type, page->recs[i].rec);
	free(page->items);
	free(page->recs);
	page->recs = NULL;
	free(page->cursor);
	page->items = NULL;
	page->count = 0;
	page->cursor = NULL;
	page->capacity = 0;
}

/* A backend that failed without saying why still gives the caller a class and a message. */
static int
table_result(struct table *t, int rc, struct table_err *err)
{
	if (rc == 0)
		return 0;
	if (err != NULL && err->status == TABLE_OK)
		table_err_set(err, TABLE_ERROR, "%s backend failed without a reason",
		    t->backend->name);
	return -1;
}

static int
table_usable(struct table *t, struct table_err *err)
{
	table_err_clear(err);
	if (t == NULL || t->backend == NULL)
		return table_err_set(err, TABLE_ERROR, "no table is open");
	return 0;
}

void
table_set_trace(struct table *t, struct table_trace *trace)
{
	for (; t != NULL; t = t->inner)
		t->trace = trace;
}

void
table_trace_capacity(struct table *t, double units)
{
	if (t != NULL && t->trace != NULL)
		t->trace->capacity += units;
}

struct table_request *
table_trace_request(struct table *t)
{
	struct table_trace *tr = t != NULL ? t->trace : NULL;
	if (tr == NULL)
		return NULL;
	if (tr->n < TABLE_TRACE_REQUESTS)
		return &tr->req[tr->n++];
	return &tr->req[TABLE_TRACE_REQUESTS - 1];
}

void
table_close(struct table *t)
{
	if (t == NULL)
		return;
	t->backend->close(t);
}

int
table_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	if (out != NULL)
		*out = NULL;
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->get(t, key, out, err), err);
}

int
table_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->put(t, item, cond, err), err);
}

int
table_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err)
{
	if (out_new != NULL)
		*out_new = NULL;
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->update(t, key, upd, cond, out_new, err), err);
}

int
table_delete(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	if (out_old != NULL)
		*out_old = NULL;
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->del(t, key, cond, out_old, err), err);
}

int
table_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err)
{
	if (page != NULL)
		memset(page, 0, sizeof *page);
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->query(t, q, page, err), err);
}

int
table_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->transact(t, w, n, token, err), err);
}

int
table_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->batch(t, w, n, err), err);
}

int
table_create(struct table *t, bool *created, struct table_err *err)
{
	bool dummy;

	if (created == NULL)
		created = &dummy;
	*created = false;
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->create(t, created, err), err);
}

int
table_describe(struct table *t, json_t **out, struct table_err *err)
{
	if (out != NULL)
		*out = NULL;
	if (table_usable(t, err) != 0)
		return -1;
	return table_result(t, t->backend->describe(t, out, err), err);
}

const char *
table_item_str(json_t *item, const char *name)
{
	json_t *av, *s;

	if (!json_is_object(item) || name == NULL)
		return NULL;
	av = json_object_get(item, name);
	if (!json_is_object(av) || json_object_size(av) != 1)
		return NULL;
	s = json_object_get(av, "S");
	return json_is_string(s) ? json_string_value(s) : NULL;
}

json_t *
table_key(const char *pk, const char *sk)
{
	if (pk == NULL || sk == NULL)
		return NULL;
	return json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", pk, "SK", "S", sk);
}

/* Copies the S attribute name of item into key; -1 when it is missing or not an S. */
static int
table_key_copy(json_t *key, json_t *item, const char *name)
{
	const char *v = table_item_str(item, name);

	if (v == NULL)
		return -1;
	json_object_set_new(key, name, json_pack("{s:s}", "S", v));
	return 0;
}

json_t *
table_item_key(json_t *item, enum table_index index)
{
	json_t *key;

	if (!table_index_ok(index))
		return NULL;
	key = json_object();
	if (table_key_copy(key, item, "PK") != 0 || table_key_copy(key, item, "SK") != 0)
		goto fail;
	if (index != TABLE_INDEX_MAIN &&
	    (table_key_copy(key, item, table_pk_names[index]) != 0 ||
	    table_key_copy(key, item, table_sk_names[index]) != 0))
		goto fail;
	return key;
fail:
	json_decref(key);
	return NULL;
}

static const char table_b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int
table_b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

char *
table_cursor_encode(json_t *last_key)
{
	char *text, *out;
	size_t len, o = 0, i;

	if (!json_is_object(last_key))
		return NULL;
	text = json_dumps(last_key, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		return NULL;
	len = strlen(text);
	out = xmalloc(len / 3 * 4 + 5);
	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)(unsigned char)text[i] << 16 |
		    (uint32_t)(unsigned char)text[i + 1] << 8 | (unsigned char)text[i + 2];

		out[o++] = table_b64url[v >> 18 & 63];
		out[o++] = table_b64url[v >> 12 & 63];
		out[o++] = table_b64url[v >> 6 & 63];
		out[o++] = table_b64url[v & 63];
	}
	if (len - i == 1) {
		uint32_t v = (uint32_t)(unsigned char)text[i] << 16;

		out[o++] = table_b64url[v >> 18 & 63];
		out[o++] = table_b64url[v >> 12 & 63];
	} else if (len - i == 2) {
		uint32_t v = (uint32_t)(unsigned char)text[i] << 16 |
		    (uint32_t)(unsigned char)text[i + 1] << 8;

		out[o++] = table_b64url[v >> 18 & 63];
		out[o++] = table_b64url[v >> 12 & 63];
		out[o++] = table_b64url[v >> 6 & 63];
	}
	out[o] = '\0';
	free(text);
	return out;
}

/*
 * Strict base64url without padding: one spelling per byte string, so a
 * cursor cannot be tampered with into an equivalent-looking other one.
 */
static char *
table_b64url_decode(const char *in, size_t len, size_t *outlen)
{
	char *out;
	size_t o = 0, i;
	uint32_t acc = 0;
	int bits = 0;

	if (len % 4 == 1)
		return NULL;
	out = xmalloc(len / 4 * 3 + 3);
	for (i = 0; i < len; i++) {
		int v = table_b64url_value((unsigned char)in[i]);

		if (v < 0) {
			free(out);
			return NULL;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)(acc >> bits & 0xff);
		}
	}
	/* Leftover bits must be zero, as the encoder writes them. */
	if ((acc & ((1u << bits) - 1)) != 0) {
		free(out);
		return NULL;
	}
	*outlen = o;
	return out;
}

json_t *
table_cursor_decode(const char *cursor)
{
	char *text;
	size_t len, tlen;
	json_t *key, *av;
	json_error_t jerr;
	const char *name;

	if (cursor == NULL)
		return NULL;
	len = strnlen(cursor, TABLE_CURSOR_MAX + 1);
	if (len == 0 || len > TABLE_CURSOR_MAX)
		return NULL;
	text = table_b64url_decode(cursor, len, &tlen);
	if (text == NULL)
		return NULL;
	key = json_loadb(text, tlen, JSON_REJECT_DUPLICATES, &jerr);
	free(text);
	if (!json_is_object(key) || json_object_size(key) == 0 ||
	    json_object_size(key) > TABLE_CURSOR_ATTRS)
		goto fail;
	json_object_foreach(key, name, av) {
		json_t *s;

		if (*name == '\0' || !json_is_object(av) || json_object_size(av) != 1)
			goto fail;
		s = json_object_get(av, "S");
		if (!json_is_string(s))
			goto fail;
	}
	return key;
fail:
	json_decref(key);
	return NULL;
}

/* DynamoDB sizes a number by its significant digits: about one byte per two, plus one. */
size_t
table_number_size(const char *n)
{
	const char *first = NULL, *last = NULL;
	size_t digits = 0;

	for (const char *p = n; *p != '\0' && *p != 'e' && *p != 'E'; p++) {
		if (*p < '0' || *p > '9')
			continue;
		if (*p != '0') {
			if (first == NULL)
				first = p;
			last = p;
		}
	}
	if (first != NULL)
		for (const char *p = first; p <= last; p++)
			if (*p >= '0' && *p <= '9')
				digits++;
	if (digits == 0)
		digits = 1;
	return (digits + 1) / 2 + 1;
}

static size_t
table_value_size(json_t *av, int depth)
{
	const char *type;
	json_t *v, *e;
	size_t size = 0, i;
	void *it;

	if (!json_is_object(av) || json_object_size(av) != 1 || depth > 64)
		return 0;
	it = json_object_iter(av);
	type = json_object_iter_key(it);
	v = json_object_iter_value(it);
	if (strcmp(type, "S") == 0)
		return json_string_length(v);
	if (strcmp(type, "N") == 0)
		return json_is_string(v) ? table_number_size(json_string_value(v)) : 0;
	if (strcmp(type, "B") == 0)
		return json_string_length(v) / 4 * 3;
	if (strcmp(type, "BOOL") == 0 || strcmp(type, "NULL") == 0)
		return 1;
	if (strcmp(type, "SS") == 0 || strcmp(type, "NS") == 0 || strcmp(type, "BS") == 0) {
		json_array_foreach(v, i, e) {
			if (!json_is_string(e))
				continue;
			if (type[0] == 'S')
				size += json_string_length(e);
			else if (type[0] == 'N')
				size += table_number_size(json_string_value(e));
			else
				size += json_string_length(e) / 4 * 3;
		}
		return size;
	}
	/* Lists and maps: 3 bytes of overhead plus one byte per element. */
	if (strcmp(type, "L") == 0) {
		size = 3;
		json_array_foreach(v, i, e)
			size += 1 + table_value_size(e, depth + 1);
		return size;
	}
	if (strcmp(type, "M") == 0) {
		const char *name;

		size = 3;
		json_object_foreach(v, name, e)
			size += 1 + strlen(name) + table_value_size(e, depth + 1);
		return size;
	}
	return 0;
}

size_t
table_item_size(json_t *item)
{
	const char *name;
	json_t *av;
	size_t size = 0;

	if (!json_is_object(item))
		return 0;
	json_object_foreach(item, name, av)
		size += strlen(name) + table_value_size(av, 0);
	return size;
}

static json_t *
table_key_schema(const char *pk, const char *sk)
{
	return json_pack("[{s:s, s:s}, {s:s, s:s}]",
	    "AttributeName", pk, "KeyType", "HASH",
	    "AttributeName", sk, "KeyType", "RANGE");
}

json_t *
table_expected_description(const char *name)
{
	json_t *defs = json_array(), *gsis = json_array();

	for (int i = 0; i < TABLE_INDEX_COUNT; i++) {
		json_array_append_new(defs, json_pack("{s:s, s:s}",
		    "AttributeName", table_pk_names[i], "AttributeType", "S"));
		json_array_append_new(defs, json_pack("{s:s, s:s}",
		    "AttributeName", table_sk_names[i], "AttributeType", "S"));
		if (i == TABLE_INDEX_MAIN)
			continue;
		json_array_append_new(gsis, json_pack("{s:s, s:o, s:{s:s}}",
		    "IndexName", table_index_names[i],
		    "KeySchema", table_key_schema(table_pk_names[i], table_sk_names[i]),
		    "Projection", "ProjectionType", "ALL"));
	}
	return json_pack("{s:{s:s, s:o, s:o, s:o, s:{s:s}, s:s}}", "Table",
	    "TableName", name != NULL ? name : "",
	    "KeySchema", table_key_schema("PK", "SK"),
	    "AttributeDefinitions", defs,
	    "GlobalSecondaryIndexes", gsis,
	    "BillingModeSummary", "BillingMode", "PAY_PER_REQUEST",
	    "TableStatus", "ACTIVE");
}
