/*
 * --explain for writes that read first. Nothing is sent under --explain, so
 * a read finds nothing, and W3-W7 (which read the goal or item they change)
 * would stop at their first GetItem. This table sits over the explaining
 * backend: a GetItem of an entity's key that finds nothing answers with a
 * stand-in record of that key (placeholders, version 1), so the command goes
 * on and shows the writes it would send.
 */
#include "datastore/explain_table.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/keys.h"
#include "datastore/model.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

/* Fills the required fields of a stand-in record with placeholders that pass validation. */
static void
stand_in_fields(enum model_type type, void *rec)
{
	const struct model_entity *e = model_entity(type);
	char why[256];
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (!f->required)
			continue;
		const char *text = NULL;
		switch (f->kind) {
		case MODEL_FIELD_TEXT:
		case MODEL_FIELD_LONGTEXT:
			text = "(explain)";
			break;
		case MODEL_FIELD_ENUM:
			text = f->values[0];
			break;
		case MODEL_FIELD_ZONE:
			text = "UTC";
			break;
		case MODEL_FIELD_NUM:
		case MODEL_FIELD_INT:
			/* A goal's target stays out of reach, so no status change is implied. */
			text = strcmp(f->attr, "target") == 0 ? "1000000000" : f->min > 0 ? "1" : "0";
			break;
		default:
			break;
		}
		if (text != NULL && model_set_text(type, rec, f, text, why, sizeof why) != 0)
			continue;
	}
}

static json_t *
stand_in(json_t *key)
{
	const char *pk = table_item_str(key, "PK"), *sk = table_item_str(key, "SK");
	char *user = pk != NULL ? keys_parse_user_pk(pk) : NULL;
	char *type_name = NULL, *id = NULL, *at = NULL;
	json_t *item = NULL;
	if (user == NULL || sk == NULL || keys_parse_sk(sk, &type_name, &id, &at) != 0)
		goto out;
	const struct model_entity *e = model_entity_by_name(strcmp(type_name, "PROFILE") == 0 ? "USER" : type_name);
	if (e == NULL)
		goto out;
	void *rec = model_new(e->type);
	struct model_common *c = rec;
	char now[TIMEFMT_LEN + 1];
	timefmt_format(clock_now_ms(), now);
	c->user_id = xstrdup(user);
	c->created_at = xstrdup(now);
	c->updated_at = xstrdup(now);
	c->version = 1;
	stand_in_fields(e->type, rec);
	if (e->type != MODEL_USER && e->id_attr != NULL)
		*(char **)(void *)((char *)rec + e->id_offset) = xstrdup(id);
	if (e->type == MODEL_ACTIVITY) {
		struct model_activity *a = rec;
		a->goal_id = xstrdup(id);
		a->occurred_at = xstrdup(at);
	}
	const struct model_field *occ = model_field_by_attr(e, "occurredAt");
	if (occ != NULL && *model_str_at(rec, occ) == NULL)
		*model_str_at(rec, occ) = xstrdup(now);
	item = model_to_item(e->type, rec);
	model_free(e->type, rec);
out:
	free(user);
	free(type_name);
	free(id);
	free(at);
	return item;
}

struct explain_table {
	struct table *inner;
};

static struct table *
inner(struct table *t)
{
	return ((struct explain_table *)t->data)->inner;
}

static void
x_close(struct table *t)
{
	table_close(inner(t));
	free(t->data);
	free(t->name);
	free(t);
}

static int
x_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	int rc = table_get(inner(t), key, out, err);
	if ((rc == 0 && *out == NULL) || (rc != 0 && err->status == TABLE_NOT_FOUND)) {
		*out = stand_in(key);
		if (*out != NULL) {
			table_err_clear(err);
			return 0;
		}
	}
	return rc;
}

static int
x_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	return table_put(inner(t), item, cond, err);
}

static int
x_update(struct table *t, json_t *key, const struct table_update *upd, const struct table_cond *cond,
    json_t **out_new, struct table_err *err)
{
	return table_update(inner(t), key, upd, cond, out_new, err);
}

static int
x_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old, struct table_err *err)
{
	return table_delete(inner(t), key, cond, out_old, err);
}

static int
x_query(struct table *t, const struct table_query *q, struct table_page *page, struct table_err *err)
{
	return table_query(inner(t), q, page, err);
}

static int
x_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	return table_query_many(inner(t), qs, pages, n, err);
}

static int
x_transact(struct table *t, const struct table_write *w, size_t n, const char *token, struct table_err *err)
{
	return table_transact(inner(t), w, n, token, err);
}

static int
x_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	return table_batch(inner(t), w, n, err);
}

static int
x_create(struct table *t, bool *created, struct table_err *err)
{
	return table_create(inner(t), created, err);
}

static int
x_describe(struct table *t, json_t **out, struct table_err *err)
{
	return table_describe(inner(t), out, err);
}

/* No operations on other tables: under --explain the legacy tables are out of reach, as on the embedded store. */
static const struct table_backend explain_backend = {
	.name = "explain",
	.close = x_close,
	.get = x_get,
	.put = x_put,
	.update = x_update,
	.del = x_del,
	.query = x_query,
	.transact = x_transact,
	.batch = x_batch,
	.create = x_create,
	.describe = x_describe,
	.query_many = x_query_many,
};

struct table *
explain_table_wrap(struct table *t)
{
	struct table *w = xcalloc(1, sizeof *w);
	struct explain_table *x = xcalloc(1, sizeof *x);
	x->inner = t;
	w->backend = &explain_backend;
	w->name = xstrdup(t->name);
	w->inner = t;
	w->data = x;
	return w;
}
