/*
 * The dual-writing table (see dualwrite.h): a backend of the same shape as
 * the others, over a table whose store reaches the legacy tables (DynamoDB),
 * and the switch that puts it there when the store is opened.
 */
#include "datastore/migrate/dualwrite.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/migrate/migrate_map.h"
#include "datastore/migrate/migrate_state.h"
#include "datastore/model.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define DW_RETRIES 5             /* a goal that keeps changing between our read and our write */
#define DW_CHUNK 49              /* writes per transaction with their twins and the state: 99 */

struct dualwrite {
	struct table *inner;
	char *tables[MIGRATE_KINDS];
};

static const struct table_backend dualwrite_backend;

static struct dualwrite *
dw_of(struct table *t)
{
	return t->data;
}

struct table *
dualwrite_wrap(struct table *inner, const char *goals, const char *activities)
{
	struct table *t;
	struct dualwrite *d;

	/* The twins go to other tables of the same store, in the same transaction. */
	if (inner == NULL || !table_other_tables(inner))
		return NULL;
	d = xcalloc(1, sizeof *d);
	d->inner = inner;
	d->tables[MIGRATE_GOALS] = xstrdup(goals);
	d->tables[MIGRATE_ACTIVITIES] = xstrdup(activities);
	t = xcalloc(1, sizeof *t);
	t->backend = &dualwrite_backend;
	t->name = xstrdup(inner->name);
	t->inner = inner;
	t->data = d;
	return t;
}

static void
dw_free(struct table *t)
{
	struct dualwrite *d = dw_of(t);

	free(d->tables[0]);
	free(d->tables[1]);
	free(d);
	free(t->name);
	free(t);
}

struct table *
dualwrite_unwrap(struct table *t)
{
	struct table *inner;

	if (t == NULL || t->backend != &dualwrite_backend)
		return t;
	inner = dw_of(t)->inner;
	dw_free(t);
	return inner;
}

static void
dw_close(struct table *t)
{
	table_close(dw_of(t)->inner);
	dw_free(t);
}

/* ---- which writes have a legacy twin ---- */

enum dw_kind { DW_NONE, DW_GOAL, DW_ACTIVITY };

/* What a key or item of the single table is: a goal, an activity, or something the legacy tables never held. */
static enum dw_kind
dw_classify(json_t *obj, char **user, char **id, char **at)
{
	char *type = NULL;
	enum dw_kind k = DW_NONE;

	*user = keys_parse_user_pk(table_item_str(obj, "PK"));
	*id = *at = NULL;
	if (*user == NULL || keys_parse_sk(table_item_str(obj, "SK"), &type, id, at) != 0 || type == NULL)
		goto out;
	if (strcmp(type, "GOAL") == 0)
		k = DW_GOAL;
	else if (strcmp(type, "ACTIVITY") == 0 && *at != NULL)
		k = DW_ACTIVITY;
out:
	free(type);
	if (k == DW_NONE) {
		free(*user);
		free(*id);
		free(*at);
		*user = *id = *at = NULL;
	}
	return k;
}

/* The item after an update, as DynamoDB would compute it (SET, REMOVE, exact ADD). */
static json_t *
dw_apply(json_t *item, const struct table_update *upd)
{
	json_t *out = json_deep_copy(item);

	for (size_t i = 0; i < upd->count; i++) {
		const struct table_update_action *a = &upd->actions[i];

		switch (a->kind) {
		case TABLE_UPDATE_SET:
			json_object_set(out, a->attr, a->value);
			break;
		case TABLE_UPDATE_REMOVE:
			json_object_del(out, a->attr);
			break;
		case TABLE_UPDATE_ADD: {
			long long x = 0, y = 0, sum;
			const char *why;
			const char *cur = json_string_value(json_object_get(json_object_get(out, a->attr), "N"));
			const char *add = json_string_value(json_object_get(a->value, "N"));
			char text[DECIMAL_TEXT_MAX];

			if (cur != NULL)
				decimal_parse(cur, &x, &why);
			if (add != NULL)
				decimal_parse(add, &y, &why);
			if (decimal_add(x, y, &sum) != 0)
				sum = x;
			decimal_format(sum, text);
			json_object_set_new(out, a->attr, json_pack("{s:s}", "N", text));
			break;
		}
		}
	}
	return out;
}

/*
 * The twins of a transaction: keeps every JSON value they borrow alive in
 * hold, and the update actions in acts.
 */
struct twins {
	struct table_write *w;   /* the caller's writes (maybe with stronger conditions), then the twins, then the state */
	size_t n, cap;
	json_t *hold;
	struct table_update_action *acts[TABLE_TRANSACT_MAX * 2];
	size_t nacts;
	json_t **after;          /* per caller write: the item after it, when it was read (updates of goals) */
};

static struct table_write *
twins_add(struct twins *tw)
{
	if (tw->n == tw->cap) {
		tw->cap = tw->cap == 0 ? 16 : tw->cap * 2;
		tw->w = xrealloc(tw->w, tw->cap * sizeof *tw->w);
	}
	memset(&tw->w[tw->n], 0, sizeof tw->w[tw->n]);
	return &tw->w[tw->n++];
}

static json_t *
hold(struct twins *tw, json_t *v)
{
	json_array_append_new(tw->hold, v);
	return v;
}

/* The legacy goal: an update of every mapped attribute, so a legacy description stays. */
static void
twin_goal(struct twins *tw, struct dualwrite *d, const struct model_goal *g)
{
	static const char *const optional[] = { "category", "startDate", "targetDate", NULL };
	json_t *legacy = hold(tw, migrate_legacy_goal(g)), *av;
	struct table_write *w = twins_add(tw);
	struct table_update_action *acts = xcalloc(16, sizeof *acts);
	const char *name;
	size_t n = 0;

	tw->acts[tw->nacts++] = acts;
	w->table = d->tables[MIGRATE_GOALS];
	w->kind = TABLE_WRITE_UPDATE;
	w->key = hold(tw, migrate_legacy_goal_key(g->c.user_id, g->goal_id));
	json_object_foreach(legacy, name, av)
		if (strcmp(name, "userId") != 0 && strcmp(name, "goalId") != 0 && n < 16)
			acts[n++] = (struct table_update_action){ TABLE_UPDATE_SET, name, av };
	for (size_t i = 0; optional[i] != NULL; i++)
		if (json_object_get(legacy, optional[i]) == NULL && n < 16)
			acts[n++] = (struct table_update_action){ TABLE_UPDATE_REMOVE, optional[i], NULL };
	w->update.actions = acts;
	w->update.count = n;
}

/* The twin of one write of the single table (none for items the legacy tables never held). */
static int
twin_of(struct twins *tw, struct dualwrite *d, size_t i, struct table_err *err)
{
	struct table_write *w = &tw->w[i];
	json_t *obj = w->kind == TABLE_WRITE_PUT ? w->item : w->key, *after = NULL;
	char *user, *id, *at, why[256];
	enum dw_kind k = dw_classify(obj, &user, &id, &at);
	enum model_type type;
	void *rec = NULL;
	int rc = 0;

	if (k == DW_NONE || w->kind == TABLE_WRITE_CHECK)
		goto out;
	if (w->kind == TABLE_WRITE_DELETE) {
		struct table_write *t2 = twins_add(tw);
		ms_t ms = 0;

		t2->kind = TABLE_WRITE_DELETE;
		if (k == DW_GOAL) {
			t2->table = d->tables[MIGRATE_GOALS];
			t2->key = hold(tw, migrate_legacy_goal_key(user, id));
		} else {
			timefmt_parse_key(at, &ms);
			t2->table = d->tables[MIGRATE_ACTIVITIES];
			t2->key = hold(tw, migrate_legacy_activity_key(id, ms));
		}
		goto out;
	}
	if (w->kind == TABLE_WRITE_PUT)
		after = json_incref(w->item);
	else {
		/* An update: the item as it will be, from the item as it is, under its version. */
		json_t *now = NULL;

		if (table_get(d->inner, w->key, &now, err) != 0) {
			if (err->status != TABLE_NOT_FOUND)
				rc = -1;
			else
				table_err_clear(err);
			goto out;
		}
		const char *vtext = json_string_value(json_object_get(json_object_get(now, "version"), "N"));
		long long v = 0;
		const char *vwhy;

		if (vtext != NULL && decimal_parse_int(vtext, &v, &vwhy) == 0 &&
		    w->cond.kind != TABLE_COND_VERSION && w->cond.kind != TABLE_COND_NOT_EXISTS) {
			w->cond.kind = TABLE_COND_VERSION;
			w->cond.version = v;
		}
		after = dw_apply(now, &w->update);
		json_decref(now);
		tw->after[i] = json_incref(after);
	}
	if (model_from_item(after, &type, &rec, why, sizeof why) != 0) {
		rc = table_err_set(err, TABLE_INVALID, "dual write: the %s cannot be written in the legacy format: %s",
		    k == DW_GOAL ? "goal" : "activity", why);
		goto out;
	}
	if (type == MODEL_GOAL)
		twin_goal(tw, d, rec);
	else if (type == MODEL_ACTIVITY) {
		struct table_write *t2 = twins_add(tw);

		t2->kind = TABLE_WRITE_PUT;
		t2->table = d->tables[MIGRATE_ACTIVITIES];
		t2->item = hold(tw, migrate_legacy_activity(rec));
	}
	model_free(type, rec);
out:
	json_decref(after);
	free(user);
	free(id);
	free(at);
	return rc;
}

/* The state item's last legacy write, in the same transaction: cutover knows a verify is stale. */
static void
twin_state(struct twins *tw)
{
	char now[TIMEFMT_LEN + 1];
	struct table_write *w = twins_add(tw);
	struct table_update_action *acts = xcalloc(2, sizeof *acts);

	timefmt_format(clock_real_ms(), now);
	tw->acts[tw->nacts++] = acts;
	acts[0] = (struct table_update_action){ TABLE_UPDATE_SET, "type",
	    hold(tw, json_pack("{s:s}", "S", "MIGRATION")) };
	acts[1] = (struct table_update_action){ TABLE_UPDATE_SET, "lastLegacyWrite",
	    hold(tw, json_pack("{s:s}", "S", now)) };
	w->kind = TABLE_WRITE_UPDATE;
	w->key = hold(tw, migrate_state_key());
	w->update.actions = acts;
	w->update.count = 2;
}

static void
twins_done(struct twins *tw, size_t ncaller)
{
	for (size_t i = 0; i < tw->nacts; i++)
		free(tw->acts[i]);
	for (size_t i = 0; tw->after != NULL && i < ncaller; i++)
		json_decref(tw->after[i]);
	free(tw->after);
	free(tw->w);
	json_decref(tw->hold);
}

/*
 * One transaction of the caller's writes w[0..n) with their twins. after
 * (may be NULL): the item after each write, where it was read.
 */
static int
dw_transact_one(struct table *t, const struct table_write *w, size_t n, const char *token,
    json_t **after, struct table_err *err)
{
	struct dualwrite *d = dw_of(t);
	struct twins tw;
	size_t twins_start;
	int rc;

	memset(&tw, 0, sizeof tw);
	/* Room for every twin and the state up front: twin_of keeps pointers into w. */
	tw.cap = 2 * n + 2;
	tw.w = xcalloc(tw.cap, sizeof *tw.w);
	tw.hold = json_array();
	tw.after = xcalloc(n > 0 ? n : 1, sizeof *tw.after);
	for (size_t i = 0; i < n; i++)
		*twins_add(&tw) = w[i];
	twins_start = tw.n;
	for (size_t i = 0; i < n; i++)
		if (twin_of(&tw, d, i, err) != 0) {
			twins_done(&tw, n);
			return -1;
		}
	if (tw.n == twins_start) {
		/* Nothing the legacy tables hold: as it is. */
		twins_done(&tw, n);
		rc = table_transact(d->inner, w, n, token, err);
		return rc;
	}
	twin_state(&tw);
	rc = table_transact(d->inner, tw.w, tw.n, token, err);
	if (rc != 0 && err->status == TABLE_TXN_CANCELED && err->index >= (int)n) {
		char msg[sizeof err->message];

		memcpy(msg, err->message, sizeof msg);
		table_err_set(err, TABLE_ERROR, "the dual write to the legacy tables (%s, %s) failed: %s",
		    d->tables[0], d->tables[1], msg);
	} else if (rc != 0 && err->status == TABLE_NO_TABLE)
		table_err_set(err, TABLE_NO_TABLE, "table %s, %s or %s does not exist (dual writes are on)",
		    t->name, d->tables[0], d->tables[1]);
	for (size_t i = 0; rc == 0 && after != NULL && i < n; i++) {
		after[i] = tw.after[i];
		tw.after[i] = NULL;
	}
	twins_done(&tw, n);
	return rc;
}

/* Conditional writes first, then chunks that fit with their twins. Not atomic as a whole. */
static int
dw_transact_split(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	size_t *order = xcalloc(n, sizeof *order), m = 0;
	struct table_write chunk[DW_CHUNK];
	int rc = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++)
			if ((w[i].cond.kind != TABLE_COND_NONE) == (pass == 0))
				order[m++] = i;
	for (size_t base = 0; base < n && rc == 0; base += DW_CHUNK) {
		size_t k = n - base < DW_CHUNK ? n - base : DW_CHUNK;

		/* cppcheck-suppress knownConditionTrueFalse ; base < n: k is 1 to DW_CHUNK, never 0 */
		for (size_t i = 0; i < k; i++)
			chunk[i] = w[order[base + i]];
		rc = dw_transact_one(t, chunk, k, NULL, NULL, err);
		/* cppcheck-suppress knownConditionTrueFalse ; k >= 1 (as above): the index may be below it */
		if (rc != 0 && err->index >= 0 && (size_t)err->index < k)
			err->index = (int)order[base + (size_t)err->index];
	}
	free(order);
	return rc;
}

static bool dw_has_twin(json_t *obj);

static int
dw_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	size_t twins = 0;

	for (size_t i = 0; i < n; i++)
		if (w[i].table == NULL && w[i].kind != TABLE_WRITE_CHECK &&
		    dw_has_twin(w[i].kind == TABLE_WRITE_PUT ? w[i].item : w[i].key))
			twins++;
	/* Split only what cannot go as one: everything else stays all or nothing. */
	if (twins > 0 && n + twins + 1 > TABLE_TRANSACT_MAX && n <= TABLE_TRANSACT_MAX)
		return dw_transact_split(t, w, n, err);
	return dw_transact_one(t, w, n, token, NULL, err);
}

/* A single write that has a twin goes as a transaction; its conditional failure reads as the single call's. */
static int
dw_single(struct table *t, struct table_write *w, json_t **after, struct table_err *err)
{
	/* Conditions the caller chose are theirs; a version we added only means: read again. */
	bool theirs = w->cond.kind == TABLE_COND_VERSION || w->cond.kind == TABLE_COND_NOT_EXISTS;

	for (int attempt = 0; attempt < DW_RETRIES; attempt++) {
		int rc = dw_transact_one(t, w, 1, NULL, after, err);
		if (rc == 0 || err->status != TABLE_TXN_CANCELED || err->index != 0 ||
		    err->reason != TABLE_COND_FAILED)
			return rc;
		if (theirs || w->cond.kind == TABLE_COND_EXISTS)
			break;
	}
	return table_err_set(err, TABLE_COND_FAILED, "the condition does not hold");
}

static bool
dw_has_twin(json_t *obj)
{
	char *user, *id, *at;
	enum dw_kind k = dw_classify(obj, &user, &id, &at);

	free(user);
	free(id);
	free(at);
	return k != DW_NONE;
}

static int
dw_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	struct dualwrite *d = dw_of(t);
	struct table_write w = { .kind = TABLE_WRITE_PUT, .item = item };
	int rc;

	if (!dw_has_twin(item)) {
		rc = table_put(d->inner, item, cond, err);
		return rc;
	}
	if (cond != NULL)
		w.cond = *cond;
	return dw_single(t, &w, NULL, err);
}

static int
dw_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err)
{
	struct dualwrite *d = dw_of(t);
	struct table_write w = { .kind = TABLE_WRITE_UPDATE, .key = key };
	json_t *after = NULL;
	int rc;

	if (!dw_has_twin(key)) {
		rc = table_update(d->inner, key, upd, cond, out_new, err);
		return rc;
	}
	if (upd != NULL)
		w.update = *upd;
	if (cond != NULL)
		w.cond = *cond;
	rc = dw_single(t, &w, &after, err);
	if (rc != 0 && err->status == TABLE_COND_FAILED && w.cond.kind != TABLE_COND_NONE) {
		json_t *now = NULL;
		struct table_err e2;

		table_err_clear(&e2);
		if (table_get(d->inner, key, &now, &e2) != 0 && e2.status == TABLE_NOT_FOUND)
			table_err_set(err, TABLE_NOT_FOUND, "no such item");
		json_decref(now);
	}
	if (out_new != NULL)
		*out_new = after;
	else
		json_decref(after);
	return rc;
}

static int
dw_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	struct dualwrite *d = dw_of(t);
	struct table_write w = { .kind = TABLE_WRITE_DELETE, .key = key };
	json_t *old = NULL;
	int rc;

	if (!dw_has_twin(key)) {
		rc = table_delete(d->inner, key, cond, out_old, err);
		return rc;
	}
	if (cond != NULL)
		w.cond = *cond;
	if (out_old != NULL && table_get(d->inner, key, &old, err) != 0) {
		if (err->status != TABLE_NOT_FOUND)
			return -1;
		table_err_clear(err);
	}
	rc = dw_single(t, &w, NULL, err);
	if (out_old != NULL && rc == 0)
		*out_old = old;
	else
		json_decref(old);
	return rc;
}

/* Batches: the writes with twins as transactions of DW_CHUNK (the last write of a key wins, as in a batch). */
static int
dw_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	struct dualwrite *d = dw_of(t);
	struct table_write *plain = xcalloc(n > 0 ? n : 1, sizeof *plain);
	struct table_write *twinned = xcalloc(n > 0 ? n : 1, sizeof *twinned);
	json_t *seen = json_object();
	size_t np = 0, nt = 0;
	int rc = 0;

	for (size_t i = n; i-- > 0;) {
		json_t *obj = w[i].kind == TABLE_WRITE_PUT ? w[i].item : w[i].key;
		const char *pk = table_item_str(obj, "PK"), *sk = table_item_str(obj, "SK");

		if (w[i].table != NULL || pk == NULL || sk == NULL || !dw_has_twin(obj)) {
			plain[np++] = w[i];
			continue;
		}
		char *id = xasprintf("%zu:%s%s", strlen(pk), pk, sk);

		if (json_object_get(seen, id) == NULL) {
			json_object_set_new(seen, id, json_true());
			twinned[nt++] = w[i];
		}
		free(id);
	}
	json_decref(seen);
	if (np > 0) {
		rc = table_batch(d->inner, plain, np, err);
	}
	for (size_t base = 0; base < nt && rc == 0; base += DW_CHUNK) {
		size_t k = nt - base < DW_CHUNK ? nt - base : DW_CHUNK;

		rc = dw_transact_one(t, twinned + base, k, NULL, NULL, err);
	}
	free(plain);
	free(twinned);
	return rc;
}

/* ---- reads and the rest pass through ---- */

static int
dw_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	int rc = table_get(dw_of(t)->inner, key, out, err);

	return rc;
}

static int
dw_query(struct table *t, const struct table_query *q, struct table_page *page, struct table_err *err)
{
	int rc = table_query(dw_of(t)->inner, q, page, err);

	return rc;
}

static int
dw_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	int rc = table_query_many(dw_of(t)->inner, qs, pages, n, err);

	return rc;
}

static int
dw_create(struct table *t, bool *created, struct table_err *err)
{
	return table_create(dw_of(t)->inner, created, err);
}

static int
dw_describe(struct table *t, json_t **out, struct table_err *err)
{
	return table_describe(dw_of(t)->inner, out, err);
}

/*
 * The operations on other tables are left out: a dual-writing table is
 * unwrapped before the migration's own reads and writes (dualwrite_unwrap).
 */
static const struct table_backend dualwrite_backend = {
	.name = "dynamodb+dual-write",
	.close = dw_close,
	.get = dw_get,
	.put = dw_put,
	.update = dw_update,
	.del = dw_del,
	.query = dw_query,
	.transact = dw_transact,
	.batch = dw_batch,
	.create = dw_create,
	.describe = dw_describe,
	.query_many = dw_query_many,
};

/* ---- dual writes where the store is opened ---- */

void
dualwrite_open(struct table **t, const char *goals_table, const char *activities_table, char **warning)
{
	struct migrate_state st;
	struct table_err err;
	const char *names[MIGRATE_KINDS];
	struct table *w;

	*warning = NULL;
	if (*t == NULL)
		return;
	if (!table_other_tables(*t)) {
		*warning = xstrdup("[legacy] dual_write is set, but dual writes are a DynamoDB feature:"
		    " the embedded store has no legacy tables; goal and activity writes go to the single table only");
		return;
	}
	table_err_clear(&err);
	if (migrate_state_load(*t, &st, &err) != 0) {
		*warning = xasprintf("dual writes are off: the migration state cannot be read: %s", err.message);
		return;
	}
	if (migrate_state_is(&st, "cutover") || migrate_state_is(&st, "cleaned")) {
		*warning = xasprintf("[legacy] dual_write is set, but the migration is %s:"
		    " no more writes to the legacy tables (remove dual_write from the config)", st.phase);
		migrate_state_done(&st);
		return;
	}
	names[MIGRATE_GOALS] = goals_table != NULL ? goals_table :
	    st.tables[MIGRATE_GOALS] != NULL ? st.tables[MIGRATE_GOALS] : MIGRATE_GOALS_TABLE;
	names[MIGRATE_ACTIVITIES] = activities_table != NULL ? activities_table :
	    st.tables[MIGRATE_ACTIVITIES] != NULL ? st.tables[MIGRATE_ACTIVITIES] : MIGRATE_ACTIVITIES_TABLE;
	w = dualwrite_wrap(*t, names[MIGRATE_GOALS], names[MIGRATE_ACTIVITIES]);
	migrate_state_done(&st);
	if (w != NULL)
		*t = w;
}
