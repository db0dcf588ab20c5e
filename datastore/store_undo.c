/* Undo of a change (store_undo.h): the recording table and the one transaction that undoes. */
#include "datastore/store_undo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

/* The recording table's state: where what is touched goes. */
struct rec {
	struct store_undo *u;
};

static struct store_undo *
undo_of(struct table *t)
{
	return ((struct rec *)t->data)->u;
}

/* Reads key on the inner table without noting it on the trace (the explain pane shows the change's own requests). */
static int
quiet_get(struct table *inner, json_t *key, json_t **out, struct table_err *err)
{
	struct table_trace *tr = inner->trace;
	table_set_trace(inner, NULL);
	int rc = table_get(inner, key, out, err);
	table_set_trace(inner, tr);
	if (rc != 0 && err->status == TABLE_NOT_FOUND) {
		*out = NULL;
		table_err_clear(err);
		return 0;
	}
	return rc;
}

static long long
version_of(json_t *item)
{
	json_t *v = json_object_get(json_object_get(item, "version"), "N");
	return json_is_string(v) ? strtoll(json_string_value(v), NULL, 10) : 0;
}

static bool
same_key(json_t *a, json_t *b)
{
	const char *pa = table_item_str(a, "PK"), *sa = table_item_str(a, "SK");
	const char *pb = table_item_str(b, "PK"), *sb = table_item_str(b, "SK");
	return pa != NULL && sa != NULL && pb != NULL && sb != NULL && strcmp(pa, pb) == 0 && strcmp(sa, sb) == 0;
}

/*
 * The first time a write names key: the item there now is its "before". A
 * read that fails never stops the write: that change only cannot be undone.
 */
static void
note(struct table *t, json_t *key_or_item)
{
	struct store_undo *u = undo_of(t);
	const char *pk = table_item_str(key_or_item, "PK"), *sk = table_item_str(key_or_item, "SK");
	if (pk == NULL || sk == NULL)
		return;
	json_t *key = table_key(pk, sk);
	for (size_t i = 0; i < u->n; i++)
		if (same_key(u->keys[i], key)) {
			json_decref(key);
			return;
		}
	if (u->too_many || u->n >= TABLE_TRANSACT_MAX) {
		/* One transaction could not undo it: stop reading (a goal with its thousand activities). */
		u->too_many = true;
		json_decref(key);
		return;
	}
	json_t *before = NULL;
	struct table_err rerr;
	table_err_clear(&rerr);
	if (quiet_get(t->inner, key, &before, &rerr) != 0) {
		/* The write goes ahead as it would without undo; only this change cannot be undone. */
		if (u->why[0] == '\0')
			snprintf(u->why, sizeof u->why, "it could not be read before the change: %.180s", rerr.message);
		before = NULL;
	}
	u->keys = xreallocarray(u->keys, u->n + 1, sizeof *u->keys);
	u->before = xreallocarray(u->before, u->n + 1, sizeof *u->before);
	u->after = xreallocarray(u->after, u->n + 1, sizeof *u->after);
	u->keys[u->n] = key;
	u->before[u->n] = before;
	u->after[u->n] = NULL;
	u->n++;
}

static void
rec_close(struct table *t)
{
	/* Only the wrapper goes: the table under it is its owner's. */
	free(t->data);
	free(t->name);
	free(t);
}

static int
rec_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	return table_get(t->inner, key, out, err);
}

static int
rec_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	note(t, item);
	return table_put(t->inner, item, cond, err);
}

static int
rec_update(struct table *t, json_t *key, const struct table_update *upd, const struct table_cond *cond,
    json_t **out_new, struct table_err *err)
{
	note(t, key);
	return table_update(t->inner, key, upd, cond, out_new, err);
}

static int
rec_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old, struct table_err *err)
{
	note(t, key);
	return table_delete(t->inner, key, cond, out_old, err);
}

static int
rec_query(struct table *t, const struct table_query *q, struct table_page *page, struct table_err *err)
{
	return table_query(t->inner, q, page, err);
}

static int
rec_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	return table_query_many(t->inner, qs, pages, n, err);
}

static void
note_writes(struct table *t, const struct table_write *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i].table != NULL) {
			/* Another table (dual writes): not followed, so the change cannot be undone. */
			undo_of(t)->unrecordable = true;
			continue;
		}
		if (w[i].kind == TABLE_WRITE_CHECK)
			continue;
		note(t, w[i].kind == TABLE_WRITE_PUT ? w[i].item : w[i].key);
	}
}

static int
rec_transact(struct table *t, const struct table_write *w, size_t n, const char *token, struct table_err *err)
{
	note_writes(t, w, n);
	return table_transact(t->inner, w, n, token, err);
}

static int
rec_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	note_writes(t, w, n);
	return table_batch(t->inner, w, n, err);
}

static int
rec_create(struct table *t, bool *created, struct table_err *err)
{
	return table_create(t->inner, created, err);
}

static int
rec_describe(struct table *t, json_t **out, struct table_err *err)
{
	return table_describe(t->inner, out, err);
}

static const struct table_backend rec_backend = {
	.name = "recording", .close = rec_close, .get = rec_get, .put = rec_put, .update = rec_update,
	.del = rec_del, .query = rec_query, .transact = rec_transact, .batch = rec_batch, .create = rec_create,
	.describe = rec_describe, .query_many = rec_query_many,
};

struct table *
store_undo_record(struct table *t, struct store_undo *u)
{
	struct table *w = xcalloc(1, sizeof *w);
	struct rec *r = xcalloc(1, sizeof *r);
	r->u = u;
	w->backend = &rec_backend;
	w->name = xstrdup(t->name);
	w->data = r;
	w->inner = t;
	w->trace = t->trace;
	return w;
}

int
store_undo_finish(struct table *rec, struct table_err *err)
{
	struct store_undo *u = undo_of(rec);
	int rc = 0;
	for (size_t i = 0; i < u->n && rc == 0 && !u->too_many; i++)
		rc = quiet_get(rec->inner, u->keys[i], &u->after[i], err);
	if (rc != 0)
		snprintf(u->why, sizeof u->why, "what it left could not be read: %.200s", err->message);
	table_close(rec);
	return rc;
}

bool
store_undo_possible(const struct store_undo *u, char *why, size_t why_size)
{
	size_t changed = 0;
	for (size_t i = 0; i < u->n; i++)
		changed += u->before[i] != NULL || u->after[i] != NULL;
	if (u->why[0] != '\0')
		snprintf(why, why_size, "%s", u->why);
	else if (u->unrecordable)
		snprintf(why, why_size, "it wrote to another table too");
	else if (u->too_many)
		snprintf(why, why_size, "over %d items, more than one transaction holds", TABLE_TRANSACT_MAX);
	else if (changed == 0)
		snprintf(why, why_size, "it changed nothing");
	else if (changed > TABLE_TRANSACT_MAX)
		snprintf(why, why_size, "%zu items, more than one transaction holds (%d)", changed, TABLE_TRANSACT_MAX);
	else
		return true;
	return false;
}

/* Item i as the undo writes it: its content before the change, its version above the one it replaces; NULL: none. */
static json_t *
restored(const struct store_undo *u, size_t i)
{
	json_t *b = u->before[i], *a = u->after[i];
	if (b == NULL)
		return NULL;
	json_t *item = json_deep_copy(b);
	long long above = (a != NULL ? version_of(a) : version_of(b)) + 1;
	char vs[32];
	snprintf(vs, sizeof vs, "%lld", above);
	if (json_object_get(item, "version") != NULL)
		json_object_set_new(item, "version", json_pack("{s:s}", "N", vs));
	return item;
}

/* Whether a and b (items or NULL) are the same state of an item: both absent, or the same version. */
static bool
same_state(json_t *a, json_t *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return version_of(a) == version_of(b);
}

void
store_undo_rebase(struct store_undo *older, const struct store_undo *undone)
{
	for (size_t i = 0; i < undone->n; i++) {
		for (size_t k = 0; k < older->n; k++) {
			if (!same_key(older->keys[k], undone->keys[i]) || !same_state(older->after[k], undone->before[i]))
				continue;
			json_decref(older->after[k]);
			older->after[k] = restored(undone, i);
		}
	}
}

int
store_undo_apply(struct table *t, const struct store_undo *u, struct table_err *err)
{
	char why[256];
	if (!store_undo_possible(u, why, sizeof why))
		return table_err_set(err, TABLE_INVALID, "cannot be undone: %s", why);
	struct table_write *w = xcalloc(u->n, sizeof *w);
	json_t **own = xcalloc(u->n, sizeof *own);
	size_t n = 0;
	for (size_t i = 0; i < u->n; i++) {
		json_t *b = u->before[i], *a = u->after[i];
		if (b == NULL && a == NULL)
			continue;
		if (b == NULL) {
			/* Created by the change: it goes, if it is still as the change left it. */
			w[n++] = (struct table_write){ .kind = TABLE_WRITE_DELETE, .key = u->keys[i],
				.cond = { TABLE_COND_VERSION, version_of(a) } };
			continue;
		}
		/* Back as it was, its version above the one it replaces. */
		json_t *item = restored(u, i);
		own[i] = item;
		if (a == NULL)
			w[n++] = (struct table_write){ .kind = TABLE_WRITE_PUT, .item = item,
				.cond = { TABLE_COND_NOT_EXISTS, 0 } };
		else
			w[n++] = (struct table_write){ .kind = TABLE_WRITE_PUT, .item = item,
				.cond = { TABLE_COND_VERSION, version_of(a) } };
	}
	int rc = table_transact(t, w, n, NULL, err);
	for (size_t i = 0; i < u->n; i++)
		json_decref(own[i]);
	free(own);
	free(w);
	return rc;
}

void
store_undo_done(struct store_undo *u)
{
	if (u == NULL)
		return;
	for (size_t i = 0; i < u->n; i++) {
		json_decref(u->keys[i]);
		json_decref(u->before[i]);
		json_decref(u->after[i]);
	}
	free(u->keys);
	free(u->before);
	free(u->after);
	memset(u, 0, sizeof *u);
}
