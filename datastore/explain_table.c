/*
 * --explain for writes that read first. Nothing is sent under --explain, so
 * a read finds nothing, and W3-W7 (which read the goal or item they change)
 * would stop at their first GetItem. This table sits over the explaining
 * backend: a GetItem of an entity's key that finds nothing answers with a
 * stand-in record of that key (placeholders, version 1), so the command goes
 * on and shows the writes it would send.
 */
#include "datastore/explain_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
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
	FILE *out;               /* where the requests go: the local times follow them there */
};

/*
 * The request's keys and times are UTC, as DynamoDB reads them (the
 * contract); a person reads local time. After a request, its times again in
 * the zone the command works in: "local time (Europe/Berlin): ...".
 */
static void
local_note(struct table *t, const char *const *texts, size_t n)
{
	FILE *out = ((struct explain_table *)t->data)->out;
	char line[512] = "";
	size_t used = 0;
	if (out == NULL)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *p = texts[i];
		/* A stored time inside a key ("MEAL#2026-12-04T00:00:00.000Z"): 24 characters ending in Z. */
		for (; p != NULL && *p != '\0'; p++) {
			ms_t ms;
			char ts[TIMEFMT_LEN + 1], local[64];
			if (strlen(p) < TIMEFMT_LEN || p[4] != '-' || p[10] != 'T' || p[TIMEFMT_LEN - 1] != 'Z')
				continue;
			snprintf(ts, sizeof ts, "%.*s", TIMEFMT_LEN, p);
			if (timefmt_parse_key(ts, &ms) != 0)
				continue;
			dates_local_format_zone(ms, local, sizeof local);
			int w = snprintf(line + used, sizeof line - used, "%s%s", used > 0 ? " .. " : "", local);
			if (w > 0 && (size_t)w < sizeof line - used)
				used += (size_t)w;
			break;
		}
	}
	if (used > 0)
		fprintf(out, "(local time, %s: %s)\n", dates_system_zone(), line);
}

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

/* The times of written items (occurredAt), in local time after the request. */
static void
items_note(struct table *t, json_t *const *items, size_t n)
{
	const char *texts[8];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 8; i++)
		if (items[i] != NULL && table_item_str(items[i], "occurredAt") != NULL)
			texts[k++] = table_item_str(items[i], "occurredAt");
	local_note(t, texts, k);
}

static int
x_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	int rc = table_put(inner(t), item, cond, err);
	items_note(t, &item, 1);
	return rc;
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
	int rc = table_query(inner(t), q, page, err);
	const char *texts[] = { q->sk_a, q->sk_b };
	local_note(t, texts, 2);
	return rc;
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
	int rc = table_transact(inner(t), w, n, token, err);
	json_t *items[8];
	size_t k = 0;
	for (size_t i = 0; i < n && k < 8; i++)
		if (w[i].item != NULL)
			items[k++] = w[i].item;
	items_note(t, items, k);
	return rc;
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
explain_table_wrap(struct table *t, FILE *out)
{
	struct table *w = xcalloc(1, sizeof *w);
	struct explain_table *x = xcalloc(1, sizeof *x);
	x->inner = t;
	x->out = out;
	w->backend = &explain_backend;
	w->name = xstrdup(t->name);
	w->inner = t;
	w->data = x;
	return w;
}
