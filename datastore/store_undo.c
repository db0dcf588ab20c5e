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

/* The index of key in u, or -1. */
static long
find(const struct store_undo *u, json_t *key)
{
	for (size_t i = 0; i < u->n; i++)
		if (same_key(u->keys[i], key))
			return (long)i;
	return -1;
}

/* Reads the item at key now into *out (NULL: none); false (and why kept) when it cannot be read. */
static bool
read_now(struct table *t, json_t *key, json_t **out, const char *when)
{
	struct store_undo *u = undo_of(t);
	struct table_err rerr;
	table_err_clear(&rerr);
	u->reads++;
	if (quiet_get(t->inner, key, out, &rerr) != 0) {
		/* The write goes ahead as it would without undo; only this change cannot be undone. */
		if (u->why[0] == '\0')
			snprintf(u->why, sizeof u->why, "it could not be read %s the change: %.180s", when, rerr.message);
		*out = NULL;
		return false;
	}
	return true;
}

enum before_how {
	BEFORE_READ,             /* read the item (GetItem) */
	BEFORE_NOTHING,          /* a create: nothing is there if the write succeeds */
	BEFORE_LATER,            /* the write itself returns it (a delete's ALL_OLD) */
};

/*
 * The first time a write names key: its entry, with the item there now as
 * "before" (read, or as how says). A read that fails never stops the write:
 * that change only cannot be undone. -1: not followed (no key, too many).
 */
static long
note(struct table *t, json_t *key_or_item, enum before_how how)
{
	struct store_undo *u = undo_of(t);
	const char *pk = table_item_str(key_or_item, "PK"), *sk = table_item_str(key_or_item, "SK");
	if (pk == NULL || sk == NULL)
		return -1;
	json_t *key = table_key(pk, sk);
	long at = find(u, key);
	if (at >= 0) {
		json_decref(key);
		return at;
	}
	if (u->too_many || u->n >= TABLE_TRANSACT_MAX) {
		/* One transaction could not undo it: stop reading (a goal with its thousand activities). */
		u->too_many = true;
		json_decref(key);
		return -1;
	}
	json_t *before = NULL;
	if (how == BEFORE_READ)
		read_now(t, key, &before, "before");
	u->keys = xreallocarray(u->keys, u->n + 1, sizeof *u->keys);
	u->before = xreallocarray(u->before, u->n + 1, sizeof *u->before);
	u->after = xreallocarray(u->after, u->n + 1, sizeof *u->after);
	u->after_known = xreallocarray(u->after_known, u->n + 1, sizeof *u->after_known);
	u->before_assumed = xreallocarray(u->before_assumed, u->n + 1, sizeof *u->before_assumed);
	u->keys[u->n] = key;
	u->before[u->n] = before;
	u->after[u->n] = NULL;
	u->after_known[u->n] = false;
	u->before_assumed[u->n] = how != BEFORE_READ;
	return (long)u->n++;
}

/*
 * The write that named entry i is over (rc its result): on success what it
 * left is after (item, or NULL: deleted; taken) when known, else read at the
 * end. A write that failed changed nothing: a before that was assumed is the
 * item there now, read.
 */
static void
wrote(struct table *t, long i, int rc, bool known, json_t *after)
{
	struct store_undo *u = undo_of(t);
	if (i < 0) {
		json_decref(after);
		return;
	}
	if (rc != 0) {
		json_decref(after);
		if (u->before_assumed[i]) {
			u->before_assumed[i] = false;
			json_decref(u->before[i]);
			u->before[i] = NULL;
			read_now(t, u->keys[i], &u->before[i], "before");
		}
		return;
	}
	u->before_assumed[i] = false;
	json_decref(u->after[i]);
	u->after[i] = known ? after : NULL;
	if (!known)
		json_decref(after);
	u->after_known[i] = known;
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

static bool
creates(const struct table_cond *cond)
{
	return cond != NULL && cond->kind == TABLE_COND_NOT_EXISTS;
}

static int
rec_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	long i = note(t, item, creates(cond) ? BEFORE_NOTHING : BEFORE_READ);
	int rc = table_put(t->inner, item, cond, err);
	/* A put leaves exactly its item. */
	wrote(t, i, rc, true, rc == 0 ? json_deep_copy(item) : NULL);
	return rc;
}

static int
rec_update(struct table *t, json_t *key, const struct table_update *upd, const struct table_cond *cond,
    json_t **out_new, struct table_err *err)
{
	long i = note(t, key, BEFORE_READ);
	/* The new item comes back with the update (ALL_NEW): no read afterwards. */
	json_t *fresh = NULL;
	int rc = table_update(t->inner, key, upd, cond, &fresh, err);
	bool known = rc == 0 && fresh != NULL;
	if (out_new != NULL)
		*out_new = fresh != NULL ? json_incref(fresh) : NULL;
	wrote(t, i, rc, known, fresh);
	return rc;
}

static int
rec_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old, struct table_err *err)
{
	struct store_undo *u = undo_of(t);
	bool first = find(u, key) < 0;
	long i = note(t, key, first ? BEFORE_LATER : BEFORE_READ);
	/* The item before comes back with the delete (ALL_OLD): no read before it. */
	json_t *old = NULL;
	int rc = table_delete(t->inner, key, cond, &old, err);
	if (out_old != NULL)
		*out_old = old != NULL ? json_incref(old) : NULL;
	if (rc == 0 && i >= 0 && first && u->before_assumed[i]) {
		u->before[i] = old;
		old = NULL;
	} else {
		json_decref(old);
	}
	wrote(t, i, rc, true, NULL);
	return rc;
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

/* Notes every write of w; at[i] its entry (-1: not followed). */
static void
note_writes(struct table *t, const struct table_write *w, size_t n, long *at)
{
	for (size_t i = 0; i < n; i++) {
		at[i] = -1;
		if (w[i].table != NULL) {
			/* Another table (dual writes): not followed, so the change cannot be undone. */
			undo_of(t)->unrecordable = true;
			continue;
		}
		if (w[i].kind == TABLE_WRITE_CHECK)
			continue;
		bool put = w[i].kind == TABLE_WRITE_PUT;
		at[i] = note(t, put ? w[i].item : w[i].key, put && creates(&w[i].cond) ? BEFORE_NOTHING : BEFORE_READ);
	}
}

/* The writes of w are over (rc): a put left its item, a delete nothing, an update is read at the end. */
static void
wrote_all(struct table *t, const struct table_write *w, size_t n, const long *at, int rc)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i].table != NULL || w[i].kind == TABLE_WRITE_CHECK)
			continue;
		if (w[i].kind == TABLE_WRITE_PUT)
			wrote(t, at[i], rc, true, rc == 0 ? json_deep_copy(w[i].item) : NULL);
		else if (w[i].kind == TABLE_WRITE_DELETE)
			wrote(t, at[i], rc, true, NULL);
		else
			wrote(t, at[i], rc, false, NULL);
	}
}

static int
rec_transact(struct table *t, const struct table_write *w, size_t n, const char *token, struct table_err *err)
{
	long *at = xcalloc(n + 1, sizeof *at);
	note_writes(t, w, n, at);
	int rc = table_transact(t->inner, w, n, token, err);
	wrote_all(t, w, n, at, rc);
	free(at);
	return rc;
}

static int
rec_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	/* A batch may be applied in part: whatever it left is read at the end. */
	long *at = xcalloc(n + 1, sizeof *at);
	note_writes(t, w, n, at);
	for (size_t i = 0; i < n; i++)
		if (at[i] >= 0 && undo_of(t)->before_assumed[at[i]]) {
			/* Nothing assumed of a batch: what was there is read now. */
			undo_of(t)->before_assumed[at[i]] = false;
			read_now(t, undo_of(t)->keys[at[i]], &undo_of(t)->before[at[i]], "before");
		}
	int rc = table_batch(t->inner, w, n, err);
	for (size_t i = 0; i < n; i++)
		if (at[i] >= 0)
			undo_of(t)->after_known[at[i]] = false;
	free(at);
	return rc;
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
	for (size_t i = 0; i < u->n && rc == 0 && !u->too_many; i++) {
		if (u->after_known[i])
			continue;
		json_decref(u->after[i]);
		u->after[i] = NULL;
		u->reads++;
		rc = quiet_get(rec->inner, u->keys[i], &u->after[i], err);
	}
	if (rc != 0)
		snprintf(u->why, sizeof u->why, "what it left could not be read: %.200s", err->message);
	table_close(rec);
	return rc;
}

/* Whether a and b (items or NULL) are the same state of an item: both absent, or the same version. */
static bool
same_state(json_t *a, json_t *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return version_of(a) == version_of(b);
}

bool
store_undo_possible(const struct store_undo *u, char *why, size_t why_size)
{
	size_t changed = 0;
	for (size_t i = 0; i < u->n; i++)
		changed += !same_state(u->before[i], u->after[i]);
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
		if (same_state(b, a))
			continue;     /* untouched in the end (a create that lost its id to another, tried again) */
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
	free(u->after_known);
	free(u->before_assumed);
	memset(u, 0, sizeof *u);
}
