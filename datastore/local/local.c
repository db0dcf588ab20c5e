/*
 * The embedded backend: one SQLite file holding the single table.
 *
 * The item JSON is the truth; the key columns are derived from it on every
 * write, the GSI columns only when both of a GSI's attributes are present (so
 * the partial indexes are as sparse as DynamoDB's GSIs). Text compares with
 * SQLite's BINARY collation (memcmp), which is DynamoDB's UTF-8 byte order.
 */
#include "datastore/local/local.h"
#include "datastore/local/local_int.h"

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

int
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

void
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

int
local_begin(struct local *l, struct table_err *err)
{
	return local_exec(l, LS_BEGIN, err);
}

int
local_commit(struct local *l, struct table_err *err)
{
	if (local_exec(l, LS_COMMIT, err) != 0) {
		if (!sqlite3_get_autocommit(l->db))
			local_exec(l, LS_ROLLBACK, NULL);
		return -1;
	}
	return 0;
}

void
local_rollback(struct local *l)
{
	if (!sqlite3_get_autocommit(l->db))
		local_exec(l, LS_ROLLBACK, NULL);
}

void
local_bind(sqlite3_stmt *st, int n, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, n);
	else
		sqlite3_bind_text(st, n, s, -1, SQLITE_STATIC);
}

/* Applies checked actions to item (a private copy); fails on a wrongly typed ADD. */
int
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
json_t *
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
int
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

int
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

int
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

int
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
