/*
 * The embedded backend: one SQLite file holding the single table.
 *
 * The item JSON is the truth; the key columns are derived from it on every
 * write, the GSI columns only when both of a GSI's attributes are present (so
 * the partial indexes are as sparse as DynamoDB's GSIs). Text compares with
 * SQLite's BINARY collation (memcmp), which is DynamoDB's UTF-8 byte order.
 */
#include "datastore/local/local.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datastore/decimal.h"
#include "datastore/table_check.h"
#include "util/buf.h"
#include "util/json_read.h"
#include "util/json_write.h"
#include "util/xmalloc.h"

#define LOCAL_SCHEMA_VERSION 1
#define LOCAL_PAGE_DEFAULT 100
#define LOCAL_PAGE_MAX 1000
#define LOCAL_PAGE_BYTES (1024 * 1024)
#define LOCAL_OPS 8              /* enum table_key_op values */
#define LOCAL_QUERY_SLOTS (TABLE_INDEX_COUNT * LOCAL_OPS * 2 * 2)

enum local_stmt {
	LS_GET,
	LS_PUT,
	LS_DEL,
	LS_BEGIN,
	LS_COMMIT,
	LS_ROLLBACK,
	LS_TABLE_GET,
	LS_TABLE_ADD,
	LS_COUNT
};

static const char *const local_sql[LS_COUNT] = {
	[LS_GET] = "SELECT item FROM items WHERE tname = ?1 AND pk = ?2 AND sk = ?3",
	[LS_PUT] = ("INSERT OR REPLACE INTO items(tname, pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk,"
	    " gsi3pk, gsi3sk, item) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
	[LS_DEL] = "DELETE FROM items WHERE tname = ?1 AND pk = ?2 AND sk = ?3",
	[LS_BEGIN] = "BEGIN IMMEDIATE",
	[LS_COMMIT] = "COMMIT",
	[LS_ROLLBACK] = "ROLLBACK",
	[LS_TABLE_GET] = "SELECT 1 FROM tables WHERE tname = ?1",
	[LS_TABLE_ADD] = "INSERT OR IGNORE INTO tables(tname, created_at) VALUES(?1, ?2)",
};

/* One step of the schema's history: what turns version to - 1 into version to. */
struct local_step {
	int to;
	const char *sql;
};

static const struct local_step local_steps[] = {
	{ 1,
	    "CREATE TABLE tables(tname TEXT NOT NULL PRIMARY KEY, created_at TEXT NOT NULL)"
	    " WITHOUT ROWID;"
	    "CREATE TABLE items(tname TEXT NOT NULL REFERENCES tables(tname),"
	    " pk TEXT NOT NULL, sk TEXT NOT NULL,"
	    " gsi1pk TEXT, gsi1sk TEXT, gsi2pk TEXT, gsi2sk TEXT, gsi3pk TEXT, gsi3sk TEXT,"
	    " item TEXT NOT NULL, PRIMARY KEY(tname, pk, sk)) WITHOUT ROWID;"
	    "CREATE INDEX items_gsi1 ON items(tname, gsi1pk, gsi1sk, pk, sk)"
	    " WHERE gsi1pk IS NOT NULL AND gsi1sk IS NOT NULL;"
	    "CREATE INDEX items_gsi2 ON items(tname, gsi2pk, gsi2sk, pk, sk)"
	    " WHERE gsi2pk IS NOT NULL AND gsi2sk IS NOT NULL;"
	    "CREATE INDEX items_gsi3 ON items(tname, gsi3pk, gsi3sk, pk, sk)"
	    " WHERE gsi3pk IS NOT NULL AND gsi3sk IS NOT NULL;" },
};

struct local {
	sqlite3 *db;
	char *path;
	pthread_mutex_t lock;    /* one request at a time: the statements are shared */
	bool table_known;        /* the tables row was seen (tables are never dropped) */
	sqlite3_stmt *stmt[LS_COUNT];
	sqlite3_stmt *qstmt[LOCAL_QUERY_SLOTS];
};

static int
local_io(struct local *l, struct table_err *err, const char *what)
{
	return table_err_set(err, TABLE_IO, "%s: %s: %s", l->path, what, sqlite3_errmsg(l->db));
}

static sqlite3_stmt *
local_stmt(struct local *l, enum local_stmt kind, struct table_err *err)
{
	if (l->stmt[kind] == NULL && sqlite3_prepare_v3(l->db, local_sql[kind], -1,
	    SQLITE_PREPARE_PERSISTENT, &l->stmt[kind], NULL) != SQLITE_OK) {
		local_io(l, err, "prepare");
		l->stmt[kind] = NULL;
		return NULL;
	}
	return l->stmt[kind];
}

static void
local_done(sqlite3_stmt *st)
{
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Runs a statement without results (BEGIN, COMMIT, ROLLBACK). */
static int
local_exec(struct local *l, enum local_stmt kind, struct table_err *err)
{
	sqlite3_stmt *st = local_stmt(l, kind, err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	local_done(st);
	if (rc != SQLITE_DONE)
		return local_io(l, err, local_sql[kind]);
	return 0;
}

static int
local_begin(struct local *l, struct table_err *err)
{
	return local_exec(l, LS_BEGIN, err);
}

static int
local_commit(struct local *l, struct table_err *err)
{
	if (local_exec(l, LS_COMMIT, err) != 0) {
		if (!sqlite3_get_autocommit(l->db))
			local_exec(l, LS_ROLLBACK, NULL);
		return -1;
	}
	return 0;
}

static void
local_rollback(struct local *l)
{
	if (!sqlite3_get_autocommit(l->db))
		local_exec(l, LS_ROLLBACK, NULL);
}

static void
local_bind(sqlite3_stmt *st, int n, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, n);
	else
		sqlite3_bind_text(st, n, s, -1, SQLITE_STATIC);
}

/* Applies checked actions to item (a private copy); fails on a wrongly typed ADD. */
static int
local_apply_update(json_t *item, const struct table_update *upd, struct table_err *err)
{
	if (upd == NULL)
		return 0;
	for (size_t i = 0; i < upd->count; i++) {
		const struct table_update_action *a = &upd->actions[i];
		long long add, old = 0, sum;
		const char *why, *oldtext;
		char text[DECIMAL_TEXT_MAX];
		json_t *cur;

		switch (a->kind) {
		case TABLE_UPDATE_SET:
			json_object_set_new(item, a->attr, json_deep_copy(a->value));
			break;
		case TABLE_UPDATE_REMOVE:
			json_object_del(item, a->attr);
			break;
		case TABLE_UPDATE_ADD:
			decimal_parse(json_string_value(json_object_get(a->value, "N")), &add, &why);
			cur = json_object_get(item, a->attr);
			if (cur != NULL) {
				if (!json_is_object(cur) || json_object_size(cur) != 1 ||
				    (oldtext = json_string_value(json_object_get(cur, "N"))) == NULL)
					return table_err_set(err, TABLE_INVALID,
					    "ADD %s: the attribute is not a number", a->attr);
				if (decimal_parse(oldtext, &old, &why) != 0)
					return table_err_set(err, TABLE_INVALID,
					    "ADD %s: the stored value %s: %s", a->attr, oldtext, why);
			}
			if (decimal_add(old, add, &sum) != 0)
				return table_err_set(err, TABLE_INVALID,
				    "ADD %s: the result is out of range", a->attr);
			decimal_format(sum, text);
			json_object_set_new(item, a->attr, json_pack("{s:s}", "N", text));
			break;
		}
	}
	return 0;
}

/* The item stored as text (len bytes), or NULL with why filled. */
static json_t *
local_decode(const char *text, size_t len, json_error_t *jerr)
{
	/* json_read: json_loadb's answer without its per-byte callback (most of a page's time). */
	json_t *item = json_read(text, len, JSON_ALLOW_NUL, jerr);

	if (item != NULL && !json_is_object(item)) {
		json_decref(item);
		xsnprintf(jerr->text, sizeof jerr->text, "not an object");
		return NULL;
	}
	return item;
}

/* Rows. */

/* Reads an item: 0 found (*out set), 1 missing, -1 error. */
static int
local_row_get(struct table *t, const char *pk, const char *sk, json_t **out,
    struct table_err *err)
{
	struct local *l = t->data;
	sqlite3_stmt *st = local_stmt(l, LS_GET, err);
	json_error_t jerr;
	int rc;

	*out = NULL;
	if (st == NULL)
		return -1;
	local_bind(st, 1, t->name);
	local_bind(st, 2, pk);
	local_bind(st, 3, sk);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		local_done(st);
		return 1;
	}
	if (rc != SQLITE_ROW) {
		local_io(l, err, "read");
		local_done(st);
		return -1;
	}
	*out = local_decode((const char *)sqlite3_column_text(st, 0),
	    (size_t)sqlite3_column_bytes(st, 0), &jerr);
	local_done(st);
	if (*out == NULL)
		return table_err_set(err, TABLE_IO, "%s: the stored item %s / %s is damaged: %s",
		    l->path, pk, sk, jerr.text);
	return 0;
}

static int
local_row_put(struct table *t, json_t *item, const struct table_keys *k, struct table_err *err)
{
	struct local *l = t->data;
	sqlite3_stmt *st;
	char *text;
	int rc;

	text = json_write(item, JSON_COMPACT | JSON_SORT_KEYS);
	if (text == NULL)
		return table_err_set(err, TABLE_ERROR, "could not encode the item");
	if ((st = local_stmt(l, LS_PUT, err)) == NULL) {
		free(text);
		return -1;
	}
	local_bind(st, 1, t->name);
	local_bind(st, 2, k->pk);
	local_bind(st, 3, k->sk);
	for (int g = 0; g < TABLE_CHECK_GSI_COUNT; g++) {
		local_bind(st, 4 + 2 * g, k->gsi[g][0]);
		local_bind(st, 5 + 2 * g, k->gsi[g][1]);
	}
	local_bind(st, 10, text);
	rc = sqlite3_step(st);
	local_done(st);
	free(text);
	if (rc != SQLITE_DONE)
		return local_io(l, err, "write");
	return 0;
}

static int
local_row_del(struct table *t, const char *pk, const char *sk, struct table_err *err)
{
	struct local *l = t->data;
	sqlite3_stmt *st = local_stmt(l, LS_DEL, err);
	int rc;

	if (st == NULL)
		return -1;
	local_bind(st, 1, t->name);
	local_bind(st, 2, pk);
	local_bind(st, 3, sk);
	rc = sqlite3_step(st);
	local_done(st);
	if (rc != SQLITE_DONE)
		return local_io(l, err, "delete");
	return 0;
}

static int
local_table_check(struct table *t, struct table_err *err)
{
	struct local *l = t->data;
	sqlite3_stmt *st;
	int rc;

	if (l->table_known)
		return 0;
	if ((st = local_stmt(l, LS_TABLE_GET, err)) == NULL)
		return -1;
	local_bind(st, 1, t->name);
	rc = sqlite3_step(st);
	local_done(st);
	if (rc == SQLITE_ROW) {
		l->table_known = true;
		return 0;
	}
	if (rc != SQLITE_DONE)
		return local_io(l, err, "read");
	return table_err_set(err, TABLE_NO_TABLE,
	    "table %s does not exist (run: ailife table create)", t->name);
}

/*
 * Whether a condition holds for old (the stored item or NULL). A failed
 * EXISTS/VERSION on a missing item is TABLE_NOT_FOUND for updates, as
 * table.h says; everything else that fails is TABLE_COND_FAILED.
 */
static int
local_cond_eval(json_t *old, const struct table_cond *cond, const struct table_keys *k,
    bool is_update, struct table_err *err)
{
	const char *vtext, *why;
	long long v;

	if (cond == NULL)
		return 0;
	switch (cond->kind) {
	case TABLE_COND_NONE:
		return 0;
	case TABLE_COND_NOT_EXISTS:
		if (old == NULL)
			return 0;
		return table_err_set(err, TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s already exists", k->pk, k->sk);
	case TABLE_COND_EXISTS:
	case TABLE_COND_VERSION:
		if (old == NULL)
			return table_err_set(err, is_update ? TABLE_NOT_FOUND : TABLE_COND_FAILED,
			    "the conditional request failed: item %s / %s does not exist",
			    k->pk, k->sk);
		if (cond->kind == TABLE_COND_EXISTS)
			return 0;
		vtext = json_string_value(json_object_get(json_object_get(old, "version"), "N"));
		if (vtext == NULL || decimal_parse_int(vtext, &v, &why) != 0)
			return table_err_set(err, TABLE_COND_FAILED,
			    "the conditional request failed: item %s / %s has no version",
			    k->pk, k->sk);
		if (v != cond->version)
			return table_err_set(err, TABLE_COND_FAILED,
			    "the conditional request failed: item %s / %s has version %lld, not %lld"
			    " (changed elsewhere)", k->pk, k->sk, v, cond->version);
		return 0;
	}
	return table_err_set(err, TABLE_INVALID, "unknown condition kind %d", (int)cond->kind);
}

/* The writes, inside a transaction the caller holds; inputs are already checked. */

static int
local_do_put(struct table *t, json_t *item, const struct table_keys *k,
    const struct table_cond *cond, struct table_err *err)
{
	json_t *old = NULL;
	int rc;

	if (cond != NULL && cond->kind != TABLE_COND_NONE) {
		if (local_row_get(t, k->pk, k->sk, &old, err) < 0)
			return -1;
		rc = local_cond_eval(old, cond, k, false, err);
		json_decref(old);
		if (rc != 0)
			return -1;
	}
	return local_row_put(t, item, k, err);
}

static int
local_do_update(struct table *t, json_t *key, const struct table_keys *kk,
    const struct table_update *upd, const struct table_cond *cond, json_t **out_new,
    struct table_err *err)
{
	struct table_keys k;
	json_t *old = NULL, *item;

	if (local_row_get(t, kk->pk, kk->sk, &old, err) < 0)
		return -1;
	if (local_cond_eval(old, cond, kk, true, err) != 0) {
		json_decref(old);
		return -1;
	}
	if (old != NULL)
		item = old;     /* a private parse of the row: ours to change */
	else
		item = json_deep_copy(key);     /* DynamoDB's upsert */
	if (local_apply_update(item, upd, err) != 0 || table_check_item(item, &k, err) != 0 ||
	    local_row_put(t, item, &k, err) != 0) {
		json_decref(item);
		return -1;
	}
	if (out_new != NULL)
		*out_new = item;
	else
		json_decref(item);
	return 0;
}

static int
local_do_delete(struct table *t, const struct table_keys *k, const struct table_cond *cond,
    json_t **out_old, struct table_err *err)
{
	json_t *old = NULL;

	if (local_row_get(t, k->pk, k->sk, &old, err) < 0)
		return -1;
	if (local_cond_eval(old, cond, k, false, err) != 0 ||
	    (old != NULL && local_row_del(t, k->pk, k->sk, err) != 0)) {
		json_decref(old);
		return -1;
	}
	if (out_old != NULL)
		*out_old = old;
	else
		json_decref(old);
	return 0;
}

static int
local_do_check(struct table *t, const struct table_keys *k, const struct table_cond *cond,
    struct table_err *err)
{
	json_t *old = NULL;
	int rc;

	if (local_row_get(t, k->pk, k->sk, &old, err) < 0)
		return -1;
	rc = local_cond_eval(old, cond, k, false, err);
	json_decref(old);
	return rc;
}

/* The backend's operations. */

static void
local_close(struct table *t)
{
	struct local *l;

	if (t == NULL)
		return;
	l = t->data;
	if (l != NULL) {
		for (int i = 0; i < LS_COUNT; i++)
			sqlite3_finalize(l->stmt[i]);
		for (int i = 0; i < LOCAL_QUERY_SLOTS; i++)
			sqlite3_finalize(l->qstmt[i]);
		sqlite3_close(l->db);
		pthread_mutex_destroy(&l->lock);
		free(l->path);
		free(l);
	}
	free(t->name);
	free(t);
}

static int
local_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	json_t *item = NULL;
	int rc;

	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "get needs somewhere to put the item");
	*out = NULL;
	if (table_check_key(key, &k, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	rc = local_table_check(t, err);
	if (rc == 0)
		rc = local_row_get(t, k.pk, k.sk, &item, err);
	pthread_mutex_unlock(&l->lock);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return table_err_set(err, TABLE_NOT_FOUND, "item %s / %s not found", k.pk, k.sk);
	*out = item;
	return 0;
}

static int
local_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	int rc = -1;

	if (table_check_item(item, &k, err) != 0 || table_check_cond(cond, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto out;
	if (local_do_put(t, item, &k, cond, err) != 0) {
		local_rollback(l);
		goto out;
	}
	rc = local_commit(l, err);
out:
	pthread_mutex_unlock(&l->lock);
	return rc;
}

static int
local_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	json_t *item = NULL;
	int rc = -1;

	if (table_check_key(key, &k, err) != 0 || table_check_update(upd, err) != 0 ||
	    table_check_cond(cond, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto out;
	if (local_do_update(t, key, &k, upd, cond, &item, err) != 0) {
		local_rollback(l);
		goto out;
	}
	rc = local_commit(l, err);
out:
	pthread_mutex_unlock(&l->lock);
	if (rc == 0 && out_new != NULL)
		*out_new = item;
	else
		json_decref(item);
	return rc;
}

static int
local_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	json_t *old = NULL;
	int rc = -1;

	if (table_check_key(key, &k, err) != 0 || table_check_cond(cond, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto out;
	if (local_do_delete(t, &k, cond, &old, err) != 0) {
		local_rollback(l);
		goto out;
	}
	rc = local_commit(l, err);
out:
	pthread_mutex_unlock(&l->lock);
	if (rc == 0 && out_old != NULL)
		*out_old = old;
	else
		json_decref(old);
	return rc;
}

/*
 * One SQLite file holds one table here: writes to others (dual writes) need
 * DynamoDB. table_check_write puts the write's index before the message.
 */
static int
local_foreign(const struct table_write *w, bool batch, struct table_err *err)
{
	return table_err_set(err, TABLE_INVALID,
	    "table %s: the embedded store writes only its own table"
	    " (dual writes to the legacy tables need --store dynamodb)", w->table);
}

static int
local_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys *keys;
	int rc = -1;

	/* Too many writes are refused before keys would be allocated for them. */
	keys = n > 0 && n <= TABLE_TRANSACT_MAX ? xcalloc(n, sizeof *keys) : NULL;
	/* The token is checked as DynamoDB checks it, though one file needs none. */
	if (table_check_transact(w, n, token, local_foreign, keys, err) != 0)
		goto done;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto unlock;
	for (size_t i = 0; i < n; i++) {
		const struct table_write *x = &w[i];
		int wrc = 0;

		switch (x->kind) {
		case TABLE_WRITE_PUT:
			wrc = local_do_put(t, x->item, &keys[i], &x->cond, err);
			break;
		case TABLE_WRITE_UPDATE:
			wrc = local_do_update(t, x->key, &keys[i], &x->update, &x->cond, NULL, err);
			break;
		case TABLE_WRITE_DELETE:
			wrc = local_do_delete(t, &keys[i], &x->cond, NULL, err);
			break;
		case TABLE_WRITE_CHECK:
			wrc = local_do_check(t, &keys[i], &x->cond, err);
			break;
		}
		if (wrc != 0) {
			enum table_status why = err->status;
			char msg[sizeof err->message];

			local_rollback(l);
			if (why == TABLE_IO)
				goto unlock;
			/* DynamoDB's CancellationReasons say ConditionalCheckFailed for both. */
			if (why == TABLE_NOT_FOUND)
				why = TABLE_COND_FAILED;
			memcpy(msg, err->message, sizeof msg);
			table_err_set(err, TABLE_TXN_CANCELED, "transaction cancelled: write %zu: %s",
			    i, msg);
			err->index = (int)i;
			err->reason = why;
			goto unlock;
		}
	}
	rc = local_commit(l, err);
unlock:
	pthread_mutex_unlock(&l->lock);
done:
	free(keys);
	return rc;
}

static int
local_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys *keys;
	int rc = -1;

	if (n == 0)
		return 0;
	keys = w != NULL ? xcalloc(n, sizeof *keys) : NULL;
	if (table_check_batch(w, n, local_foreign, keys, err) != 0)
		goto done;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto unlock;
	for (size_t i = 0; i < n; i++) {
		int wrc;

		if (w[i].kind == TABLE_WRITE_PUT)
			wrc = local_row_put(t, w[i].item, &keys[i], err);
		else
			wrc = local_row_del(t, keys[i].pk, keys[i].sk, err);
		if (wrc != 0) {
			local_rollback(l);
			err->index = (int)i;
			goto unlock;
		}
	}
	rc = local_commit(l, err);
unlock:
	pthread_mutex_unlock(&l->lock);
done:
	free(keys);
	return rc;
}

/* Queries. */

static int
local_query_slot(enum table_index index, enum table_key_op op, bool backward, bool cursor)
{
	return (((int)index * LOCAL_OPS + (int)op) * 2 + backward) * 2 + cursor;
}

/*
 * The SQL of one kind of query. GSI rows order by (gsisk, pk, sk), the same
 * columns the cursor carries, so a page continues strictly after the last
 * row with one row-value comparison that the index answers.
 */
static char *
local_query_sql(enum table_index index, enum table_key_op op, bool backward, bool cursor)
{
	const char *dir = backward ? "DESC" : "ASC", *after = backward ? "<" : ">";
	char pkc[8], skc[8];
	struct buf b;
	bool lower, upper;

	if (index == TABLE_INDEX_MAIN) {
		xsnprintf(pkc, sizeof pkc, "pk");
		xsnprintf(skc, sizeof skc, "sk");
	} else {
		xsnprintf(pkc, sizeof pkc, "gsi%dpk", (int)index);
		xsnprintf(skc, sizeof skc, "gsi%dsk", (int)index);
	}
	buf_init(&b, 0);
	/*
	 * Without statistics SQLite's planner answers "gsisk = ?" from the
	 * primary key (a walk of the whole table); INDEXED BY pins the GSI's
	 * index, and makes the prepare fail rather than silently scan.
	 */
	buf_printf(&b, "SELECT item FROM items");
	if (index != TABLE_INDEX_MAIN)
		buf_printf(&b, " INDEXED BY items_gsi%d", (int)index);
	buf_printf(&b, " WHERE tname = ?1 AND %s = ?2", pkc);
	if (index != TABLE_INDEX_MAIN)
		/* Spelled out so that the partial index's WHERE is plainly implied. */
		buf_printf(&b, " AND %s IS NOT NULL AND %s IS NOT NULL", pkc, skc);
	/*
	 * With a cursor, the cursor is the bound on the side the page moves
	 * from (table_check_query checked it lies inside the key condition):
	 * SQLite searches an index with one lower and one upper bound, so the
	 * key condition's own bound on that side would leave the cursor as a
	 * filter and every later page would walk from the range's start.
	 */
	lower = !(cursor && !backward);
	upper = !(cursor && backward);
	switch (op) {
	case TABLE_KEY_ANY:
		break;
	case TABLE_KEY_EQ:
		buf_printf(&b, " AND %s = ?3", skc);
		break;
	case TABLE_KEY_BEGINS_WITH:
	case TABLE_KEY_BETWEEN:
		if (lower)
			buf_printf(&b, " AND %s >= ?3", skc);
		if (upper)
			buf_printf(&b, " AND %s %s ?4", skc, op == TABLE_KEY_BETWEEN ? "<=" : "<");
		break;
	case TABLE_KEY_LT:
	case TABLE_KEY_LE:
		if (upper)
			buf_printf(&b, " AND %s %s ?3", skc, op == TABLE_KEY_LT ? "<" : "<=");
		break;
	case TABLE_KEY_GT:
	case TABLE_KEY_GE:
		if (lower)
			buf_printf(&b, " AND %s %s ?3", skc, op == TABLE_KEY_GT ? ">" : ">=");
		break;
	}
	if (cursor) {
		if (index == TABLE_INDEX_MAIN)
			buf_printf(&b, " AND sk %s ?5", after);
		else if (op == TABLE_KEY_EQ)
			/* The index sort key is fixed: SQLite plans (gsisk = ?, (gsisk, pk, sk) > ...) badly. */
			buf_printf(&b, " AND (pk, sk) %s (?6, ?7)", after);
		else
			buf_printf(&b, " AND (%s, pk, sk) %s (?5, ?6, ?7)", skc, after);
	}
	if (index == TABLE_INDEX_MAIN)
		buf_printf(&b, " ORDER BY sk %s", dir);
	else
		buf_printf(&b, " ORDER BY %s %s, pk %s, sk %s", skc, dir, dir, dir);
	buf_printf(&b, " LIMIT ?8");
	return buf_steal(&b);
}

/* The smallest string above every string that starts with prefix (prefix is valid UTF-8). */
static char *
local_prefix_end(const char *prefix)
{
	char *end = xstrdup(prefix);
	size_t n = strlen(end);

	/* Valid UTF-8 holds no 0xff byte, so the last byte can always be raised. */
	end[n - 1] = (char)((unsigned char)end[n - 1] + 1);
	return end;
}

static json_t *
local_project(json_t *item, const char *const *projection)
{
	json_t *out, *v;

	if (projection == NULL)
		return json_incref(item);
	out = json_object();
	for (size_t i = 0; projection[i] != NULL; i++)
		if ((v = json_object_get(item, projection[i])) != NULL)
			json_object_set(out, projection[i], v);
	return out;
}

static int
local_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err)
{
	struct local *l = t->data;
	const char *curv[3] = { NULL, NULL, NULL };
	json_t *cur = NULL, *last = NULL, *key;
	char *prefix_end = NULL;
	sqlite3_stmt *st = NULL;
	size_t cap = 0, bytes = 0;
	bool more = false;
	int limit, slot, rc = -1, step;

	if (page == NULL)
		return table_err_set(err, TABLE_INVALID, "query needs somewhere to put the page");
	memset(page, 0, sizeof *page);
	if (table_check_query(q, &cur, err) != 0)
		return -1;
	limit = q->limit <= 0 ? LOCAL_PAGE_DEFAULT : q->limit;
	if (limit > LOCAL_PAGE_MAX)
		limit = LOCAL_PAGE_MAX;
	/* The cursor as the (up to) three values the next page starts after. */
	if (cur != NULL) {
		curv[0] = table_item_str(cur, table_index_sk_name(q->index));
		curv[1] = table_item_str(cur, "PK");
		curv[2] = table_item_str(cur, "SK");
	}
	if (q->sk_op == TABLE_KEY_BEGINS_WITH)
		prefix_end = local_prefix_end(q->sk_a);

	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0)
		goto out;
	slot = local_query_slot(q->index, q->sk_op, q->backward, cur != NULL);
	if (l->qstmt[slot] == NULL) {
		char *sql = local_query_sql(q->index, q->sk_op, q->backward, cur != NULL);

		if (sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &l->qstmt[slot], NULL) != SQLITE_OK) {
			l->qstmt[slot] = NULL;
			free(sql);
			local_io(l, err, "prepare");
			goto out;
		}
		free(sql);
	}
	st = l->qstmt[slot];
	local_bind(st, 1, t->name);
	local_bind(st, 2, q->pk);
	if (q->sk_op != TABLE_KEY_ANY)
		local_bind(st, 3, q->sk_a);
	if (q->sk_op == TABLE_KEY_BETWEEN)
		local_bind(st, 4, q->sk_b);
	else if (q->sk_op == TABLE_KEY_BEGINS_WITH)
		local_bind(st, 4, prefix_end);
	if (cur != NULL) {
		if (q->index == TABLE_INDEX_MAIN)
			local_bind(st, 5, curv[2]);
		else {
			local_bind(st, 5, curv[0]);
			local_bind(st, 6, curv[1]);
			local_bind(st, 7, curv[2]);
		}
	}
	/* One row more than the page tells whether a next page exists. */
	sqlite3_bind_int(st, 8, limit + 1);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		json_error_t jerr;
		json_t *item;
		size_t size;

		if (page->count == (size_t)limit) {
			more = true;
			break;
		}
		item = local_decode((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), &jerr);
		if (item == NULL) {
			table_err_set(err, TABLE_IO, "%s: a stored item is damaged: %s", l->path,
			    jerr.text);
			goto out;
		}
		/* DynamoDB stops a page at 1 MB of items read. */
		size = table_item_size(item);
		if (page->count > 0 && bytes + size > LOCAL_PAGE_BYTES) {
			json_decref(item);
			more = true;
			break;
		}
		bytes += size;
		if (page->count == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if (cap > (size_t)limit)
				cap = (size_t)limit;
			page->items = xreallocarray(page->items, cap, sizeof *page->items);
		}
		page->items[page->count++] = local_project(item, q->projection);
		json_decref(last);
		last = item;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		local_io(l, err, "query");
		goto out;
	}
	if (more && last != NULL) {
		key = table_item_key(last, q->index);
		page->cursor = table_cursor_encode(key);
		json_decref(key);
	}
	rc = 0;
out:
	if (st != NULL)
		local_done(st);
	pthread_mutex_unlock(&l->lock);
	if (rc != 0)
		table_page_done(page);
	json_decref(last);
	json_decref(cur);
	free(prefix_end);
	return rc;
}

static void
local_now(char out[32])
{
	struct timespec ts;
	struct tm tm;
	char base[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
	xsnprintf(out, 32, "%s.%03ldZ", base, ts.tv_nsec / 1000000);
}

static int
local_create(struct table *t, bool *created, struct table_err *err)
{
	struct local *l = t->data;
	sqlite3_stmt *st;
	char now[32];
	int rc = -1, step;

	*created = false;
	local_now(now);
	pthread_mutex_lock(&l->lock);
	if ((st = local_stmt(l, LS_TABLE_ADD, err)) == NULL)
		goto out;
	local_bind(st, 1, t->name);
	local_bind(st, 2, now);
	step = sqlite3_step(st);
	local_done(st);
	if (step != SQLITE_DONE) {
		local_io(l, err, "create table");
		goto out;
	}
	*created = sqlite3_changes(l->db) > 0;
	l->table_known = true;
	rc = 0;
out:
	pthread_mutex_unlock(&l->lock);
	return rc;
}

static int
local_describe(struct table *t, json_t **out, struct table_err *err)
{
	struct local *l = t->data;
	int rc;

	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "describe needs somewhere to put the answer");
	*out = NULL;
	pthread_mutex_lock(&l->lock);
	rc = local_table_check(t, err);
	pthread_mutex_unlock(&l->lock);
	if (rc != 0)
		return -1;
	*out = table_expected_description(t->name);
	return 0;
}

static const struct table_backend local_backend = {
	.name = "local",
	.close = local_close,
	.get = local_get,
	.put = local_put,
	.update = local_update,
	.del = local_del,
	.query = local_query,
	.transact = local_transact,
	.batch = local_batch,
	.create = local_create,
	.describe = local_describe,
};

/* Opening: the file, its folder, the pragmas and the schema. */

/* Creates the file's folders (0700) and the file itself (0600) when missing. */
static int
local_make_path(const char *path, struct table_err *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int fd;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; ; p++) {
			char c = *p;

			if (c != '/' && c != '\0')
				continue;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
				table_err_set(err, TABLE_IO, "cannot create the folder %s: %s", dir,
				    strerror(errno));
				free(dir);
				return -1;
			}
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return table_err_set(err, TABLE_IO, "cannot open %s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

static int
local_user_version(struct local *l, int *version, struct table_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return local_io(l, err, "read the schema version");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return local_io(l, err, "read the schema version");
	return 0;
}

static int
local_newer(struct local *l, int version, struct table_err *err)
{
	return table_err_set(err, TABLE_IO,
	    "%s: the database has schema version %d, newer than the %d this ailife understands;"
	    " use a newer ailife", l->path, version, LOCAL_SCHEMA_VERSION);
}

/* Brings the schema from whatever version the file has to LOCAL_SCHEMA_VERSION, in one transaction. */
static int
local_upgrade(struct local *l, struct table_err *err)
{
	char *sql, *emsg = NULL;
	int version;

	if (local_user_version(l, &version, err) != 0)
		return -1;
	if (version > LOCAL_SCHEMA_VERSION)
		return local_newer(l, version, err);
	if (version == LOCAL_SCHEMA_VERSION)
		return 0;
	if (local_begin(l, err) != 0)
		return -1;
	/* Another process may have upgraded it between the read and the lock. */
	if (local_user_version(l, &version, err) != 0)
		goto fail;
	if (version > LOCAL_SCHEMA_VERSION) {
		local_newer(l, version, err);
		goto fail;
	}
	for (size_t i = 0; i < sizeof local_steps / sizeof local_steps[0]; i++) {
		if (local_steps[i].to <= version)
			continue;
		if (sqlite3_exec(l->db, local_steps[i].sql, NULL, NULL, &emsg) != SQLITE_OK) {
			table_err_set(err, TABLE_IO, "%s: upgrading the schema to version %d: %s",
			    l->path, local_steps[i].to, emsg != NULL ? emsg : "failed");
			sqlite3_free(emsg);
			goto fail;
		}
	}
	sql = xasprintf("PRAGMA user_version = %d", LOCAL_SCHEMA_VERSION);
	if (sqlite3_exec(l->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		free(sql);
		local_io(l, err, "write the schema version");
		goto fail;
	}
	free(sql);
	return local_commit(l, err);
fail:
	local_rollback(l);
	return -1;
}

struct table *
local_open(const char *path, const char *table_name, struct table_err *err)
{
	struct table *t;
	struct local *l;
	int version;

	table_err_clear(err);
	if (path == NULL || *path == '\0') {
		table_err_set(err, TABLE_INVALID, "no database file given");
		return NULL;
	}
	if (table_check_table_name(table_name, err) != 0)
		return NULL;
	if (strcmp(path, ":memory:") != 0 && local_make_path(path, err) != 0)
		return NULL;

	l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	pthread_mutex_init(&l->lock, NULL);
	t = xcalloc(1, sizeof *t);
	t->backend = &local_backend;
	t->name = xstrdup(table_name);
	t->data = l;

	if (sqlite3_open_v2(path, &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		if (l->db != NULL)
			local_io(l, err, "open");
		else
			table_err_set(err, TABLE_IO, "%s: cannot open the database", path);
		goto fail;
	}
	sqlite3_busy_timeout(l->db, 5000);
	/* Refuse a newer file before touching it, even its journal mode. */
	if (local_user_version(l, &version, err) != 0)
		goto fail;
	if (version > LOCAL_SCHEMA_VERSION) {
		local_newer(l, version, err);
		goto fail;
	}
	if (sqlite3_exec(l->db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
	    " PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		local_io(l, err, "set up");
		goto fail;
	}
	if (local_upgrade(l, err) != 0)
		goto fail;
	return t;
fail:
	local_close(t);
	return NULL;
}
