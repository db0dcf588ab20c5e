/* The read-only table (read_only_table.h): reads pass, writes are refused, nothing is sent for them. */
#include "datastore/read_only_table.h"

#include <stdlib.h>

#include "util/xmalloc.h"

static int
refuse(struct table_err *err, const char *what)
{
	return table_err_set(err, TABLE_INVALID, "read-only: %s refused, nothing was written (%s)", what,
	    READ_ONLY_WHERE);
}

static void
ro_close(struct table *t)
{
	table_close(t->inner);
	free(t->name);
	free(t);
}

static int
ro_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	return table_get(t->inner, key, out, err);
}

static int
ro_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	return refuse(err, "PutItem");
}

static int
ro_update(struct table *t, json_t *key, const struct table_update *upd, const struct table_cond *cond,
    json_t **out_new, struct table_err *err)
{
	if (out_new != NULL)
		*out_new = NULL;
	return refuse(err, "UpdateItem");
}

static int
ro_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old, struct table_err *err)
{
	if (out_old != NULL)
		*out_old = NULL;
	return refuse(err, "DeleteItem");
}

static int
ro_query(struct table *t, const struct table_query *q, struct table_page *page, struct table_err *err)
{
	return table_query(t->inner, q, page, err);
}

static int
ro_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	return table_query_many(t->inner, qs, pages, n, err);
}

static int
ro_transact(struct table *t, const struct table_write *w, size_t n, const char *token, struct table_err *err)
{
	return refuse(err, "TransactWriteItems");
}

static int
ro_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	return refuse(err, "BatchWriteItem");
}

static int
ro_create(struct table *t, bool *created, struct table_err *err)
{
	if (created != NULL)
		*created = false;
	return refuse(err, "CreateTable");
}

static int
ro_describe(struct table *t, json_t **out, struct table_err *err)
{
	return table_describe(t->inner, out, err);
}

static int
ro_scan_many(struct table *t, const struct table_scan *scans, struct table_scan_page *pages, size_t n,
    struct table_err *err)
{
	return table_scan_many(t->inner, scans, pages, n, err);
}

static int
ro_describe_named(struct table *t, const char *name, json_t **out, struct table_err *err)
{
	return table_describe_named(t->inner, name, out, err);
}

static int
ro_delete_named(struct table *t, const char *name, struct table_err *err)
{
	return refuse(err, "DeleteTable");
}

/* The operations of every read-only table; the named ones only over a backend that reaches other tables. */
#define RO_OPERATIONS \
	.name = "read-only", .close = ro_close, .get = ro_get, .put = ro_put, .update = ro_update, .del = ro_del, \
	.query = ro_query, .transact = ro_transact, .batch = ro_batch, .create = ro_create, \
	.describe = ro_describe, .query_many = ro_query_many

static const struct table_backend ro_backend_named = {
	RO_OPERATIONS,
	.scan_many = ro_scan_many,
	.describe_named = ro_describe_named,
	.delete_named = ro_delete_named,
};

static const struct table_backend ro_backend = { RO_OPERATIONS };

bool
read_only_table_is(const struct table *t)
{
	/* Its own operations tell a read-only table. */
	return t != NULL && t->backend != NULL && t->backend->put == ro_put;
}

struct table *
read_only_table_wrap(struct table *t)
{
	struct table *w = xcalloc(1, sizeof *w);
	w->backend = table_other_tables(t) ? &ro_backend_named : &ro_backend;
	w->name = xstrdup(t->name);
	w->inner = t;
	return w;
}
