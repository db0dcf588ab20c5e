/* The outbox's file: rows of logical writes and the records this client wrote, in SQLite (outbox.h). */
#include "datastore/outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datastore/timefmt.h"
#include "util/json_write.h"
#include "util/xmalloc.h"

#define OUTBOX_KNOWN_MAX 2000    /* records remembered; the oldest go first */

struct outbox {
	sqlite3 *db;
	char *path;
};

static const char *const schema =
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=FULL;"
    "CREATE TABLE IF NOT EXISTS meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS writes("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " queued_ms INTEGER NOT NULL,"
    " kind TEXT NOT NULL,"
    " rkey TEXT NOT NULL,"
    " state TEXT NOT NULL,"
    " body TEXT NOT NULL,"
    " theirs TEXT,"
    " message TEXT,"
    " tries INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE IF NOT EXISTS known(rkey TEXT PRIMARY KEY, item TEXT NOT NULL, at INTEGER NOT NULL);";

static int
db_fail(struct outbox *ob, struct table_err *err, const char *what)
{
	return table_err_set(err, TABLE_IO, "outbox %s: %s: %s", ob != NULL ? ob->path : "", what,
	    ob != NULL && ob->db != NULL ? sqlite3_errmsg(ob->db) : "cannot open");
}

void
outbox_rows_done(struct outbox_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].kind);
		free(rows[i].rkey);
		free(rows[i].state);
		json_decref(rows[i].body);
		json_decref(rows[i].theirs);
		free(rows[i].message);
	}
	free(rows);
}

static uint64_t
fnv1a(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	h ^= 0xff;              /* a separator no name holds */
	h *= 1099511628211ULL;
	return h;
}

char *
outbox_path(const char *dir, const char *table, const char *endpoint, const char *user)
{
	uint64_t h = 14695981039346656037ULL;

	h = fnv1a(h, table != NULL ? table : "");
	h = fnv1a(h, endpoint != NULL ? endpoint : "");
	h = fnv1a(h, user != NULL ? user : "");
	return xasprintf("%s/outbox/%016llx.sqlite", dir, (unsigned long long)h);
}

/* mkdir -p of path's folder, each made 0700. */
static int
make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	free(p);
	return rc;
}

static int
meta_check(struct outbox *ob, const char *k, const char *v, struct table_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(ob->db, "SELECT v FROM meta WHERE k = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(ob, err, "read");
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(st, 0);
		if (have == NULL || strcmp(have, v) != 0)
			rc = table_err_set(err, TABLE_IO, "outbox %s belongs to %s '%s', not '%s'", ob->path, k,
			    have != NULL ? have : "", v);
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(ob->db, "INSERT INTO meta(k, v) VALUES(?, ?)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(ob, err, "write");
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(ob, err, "write");
	sqlite3_finalize(st);
	return rc;
}

int
outbox_open(const char *path, bool create, const char *table, const char *endpoint, const char *user,
    struct outbox **out, struct table_err *err)
{
	struct outbox *ob;
	struct stat sb;
	int fd;

	*out = NULL;
	if (stat(path, &sb) != 0) {
		if (!create)
			return 0;
		if (make_dirs(path) != 0)
			return table_err_set(err, TABLE_IO, "outbox %s: cannot make its folder: %s", path, strerror(errno));
		/* The file exists 0600 before SQLite opens it (its -wal and -shm take the same mode). */
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return table_err_set(err, TABLE_IO, "outbox %s: %s", path, strerror(errno));
		close(fd);
	}
	ob = xcalloc(1, sizeof *ob);
	ob->path = xstrdup(path);
	if (sqlite3_open_v2(path, &ob->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		db_fail(ob, err, "open");
		outbox_close(ob);
		return -1;
	}
	sqlite3_busy_timeout(ob->db, 10000);
	if (sqlite3_exec(ob->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
	    meta_check(ob, "table", table != NULL ? table : "", err) != 0 ||
	    meta_check(ob, "endpoint", endpoint != NULL ? endpoint : "", err) != 0 ||
	    meta_check(ob, "user", user != NULL ? user : "", err) != 0) {
		if (err != NULL && err->status != TABLE_IO)
			db_fail(ob, err, "open");
		else if (err != NULL && err->message[0] == '\0')
			db_fail(ob, err, "open");
		outbox_close(ob);
		return -1;
	}
	*out = ob;
	return 0;
}

bool
outbox_maybe_waiting(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	bool maybe = true;
	struct stat sb;

	if (stat(path, &sb) != 0)
		return false;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM writes WHERE state NOT IN ('conflict', 'failed')", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		maybe = sqlite3_column_int64(st, 0) > 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return maybe;
}

void
outbox_close(struct outbox *ob)
{
	if (ob == NULL)
		return;
	sqlite3_close(ob->db);
	free(ob->path);
	free(ob);
}

const char *
outbox_file(const struct outbox *ob)
{
	return ob != NULL ? ob->path : NULL;
}

char *
outbox_rkey(json_t *item)
{
	const char *pk = table_item_str(item, "PK"), *sk = table_item_str(item, "SK");

	if (pk == NULL || sk == NULL)
		return NULL;
	return xasprintf("%s %s", pk, sk);
}

/* Runs sql with text parameters (NULL binds NULL); 0 or -1. */
static int
exec_text(struct outbox *ob, const char *sql, const char *const *params, size_t n, struct table_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(ob->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(ob, err, "write");
	for (size_t i = 0; i < n; i++)
		if (params[i] != NULL)
			sqlite3_bind_text(st, (int)i + 1, params[i], -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(ob, err, "write");
	sqlite3_finalize(st);
	return rc;
}

int
outbox_add(struct outbox *ob, const char *kind, const char *rkey, json_t *body, long long *id,
    struct table_err *err)
{
	char *text = json_write(body, JSON_COMPACT);
	sqlite3_stmt *st;
	int rc = 0;

	if (text == NULL)
		return table_err_set(err, TABLE_INVALID, "outbox: the write could not be encoded");
	if (sqlite3_exec(ob->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		free(text);
		return db_fail(ob, err, "write");
	}
	/* Edited again: the new write replaces the one held in conflict. */
	const char *del[] = { rkey };
	if (exec_text(ob, "DELETE FROM writes WHERE rkey = ? AND state = 'conflict'", del, 1, err) != 0)
		rc = -1;
	if (rc == 0 && sqlite3_prepare_v2(ob->db,
	    "INSERT INTO writes(queued_ms, kind, rkey, state, body) VALUES(?, ?, ?, 'sending', ?)", -1, &st,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)clock_real_ms());
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, rkey, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(ob, err, "write");
		sqlite3_finalize(st);
		if (rc == 0)
			*id = (long long)sqlite3_last_insert_rowid(ob->db);
	} else if (rc == 0)
		rc = db_fail(ob, err, "write");
	if (rc == 0 && sqlite3_exec(ob->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_fail(ob, err, "commit");
	if (rc != 0)
		sqlite3_exec(ob->db, "ROLLBACK", NULL, NULL, NULL);
	free(text);
	return rc;
}

int
outbox_try(struct outbox *ob, long long id, struct table_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(ob->db, "UPDATE writes SET tries = tries + 1 WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(ob, err, "write");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(ob, err, "write");
	sqlite3_finalize(st);
	return rc;
}

int
outbox_mark(struct outbox *ob, long long id, const char *state, json_t *body, json_t *theirs,
    const char *message, struct table_err *err)
{
	char *btext = body != NULL ? json_write(body, JSON_COMPACT) : NULL;
	char *ttext = theirs != NULL ? json_write(theirs, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(ob->db,
	    "UPDATE writes SET state = ?, body = coalesce(?, body), theirs = ?, message = ? WHERE id = ?", -1, &st,
	    NULL) != SQLITE_OK) {
		free(btext);
		free(ttext);
		return db_fail(ob, err, "write");
	}
	sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	if (btext != NULL)
		sqlite3_bind_text(st, 2, btext, -1, SQLITE_STATIC);
	if (ttext != NULL)
		sqlite3_bind_text(st, 3, ttext, -1, SQLITE_STATIC);
	if (message != NULL)
		sqlite3_bind_text(st, 4, message, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(ob, err, "write");
	sqlite3_finalize(st);
	free(btext);
	free(ttext);
	return rc;
}

int
outbox_remove(struct outbox *ob, long long id, struct table_err *err)
{
	sqlite3_stmt *st;
	int rc = 0;

	if (sqlite3_prepare_v2(ob->db, "DELETE FROM writes WHERE id = ?", -1, &st, NULL) != SQLITE_OK)
		return db_fail(ob, err, "write");
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(ob, err, "write");
	else if (sqlite3_changes(ob->db) == 0)
		rc = 1;
	sqlite3_finalize(st);
	return rc;
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *v = sqlite3_column_text(st, i);
	return v != NULL ? xstrdup((const char *)v) : NULL;
}

int
outbox_rows(struct outbox *ob, struct outbox_row **rows, size_t *n, struct table_err *err)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int step;

	*rows = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(ob->db,
	    "SELECT id, kind, rkey, state, body, theirs, message, queued_ms, tries FROM writes ORDER BY id", -1, &st,
	    NULL) != SQLITE_OK)
		return db_fail(ob, err, "read");
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct outbox_row *r;
		const char *body = (const char *)sqlite3_column_text(st, 4);
		const char *theirs = (const char *)sqlite3_column_text(st, 5);

		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*rows = xrealloc(*rows, cap * sizeof **rows);
		}
		r = &(*rows)[(*n)++];
		memset(r, 0, sizeof *r);
		r->id = (long long)sqlite3_column_int64(st, 0);
		r->kind = col_text(st, 1);
		r->rkey = col_text(st, 2);
		r->state = col_text(st, 3);
		r->body = body != NULL ? json_loads(body, 0, NULL) : NULL;
		if (r->body == NULL)
			r->body = json_object();
		r->theirs = theirs != NULL ? json_loads(theirs, JSON_DECODE_ANY, NULL) : NULL;
		r->message = col_text(st, 6);
		r->queued_ms = (long long)sqlite3_column_int64(st, 7);
		r->tries = sqlite3_column_int(st, 8);
		if (r->kind == NULL || r->rkey == NULL || r->state == NULL) {
			sqlite3_finalize(st);
			outbox_rows_done(*rows, *n);
			*rows = NULL;
			*n = 0;
			return table_err_set(err, TABLE_IO, "outbox %s: a row without its kind, key or state", ob->path);
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		outbox_rows_done(*rows, *n);
		*rows = NULL;
		*n = 0;
		return db_fail(ob, err, "read");
	}
	return 0;
}

int
outbox_count(struct outbox *ob, size_t *waiting, size_t *held, struct table_err *err)
{
	sqlite3_stmt *st;

	*waiting = *held = 0;
	if (sqlite3_prepare_v2(ob->db,
	    "SELECT sum(state NOT IN ('conflict', 'failed')), sum(state IN ('conflict', 'failed')) FROM writes", -1,
	    &st, NULL) != SQLITE_OK)
		return db_fail(ob, err, "read");
	if (sqlite3_step(st) == SQLITE_ROW) {
		*waiting = (size_t)sqlite3_column_int64(st, 0);
		*held = (size_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

int
outbox_know(struct outbox *ob, json_t *item, struct table_err *err)
{
	char *rkey = outbox_rkey(item), *text, at[32];
	int rc;

	if (rkey == NULL)
		return 0;
	text = json_write(item, JSON_COMPACT);
	snprintf(at, sizeof at, "%lld", (long long)clock_real_ms());
	const char *p[] = { rkey, text, at };
	rc = exec_text(ob, "INSERT OR REPLACE INTO known(rkey, item, at) VALUES(?, ?, ?)", p, 3, err);
	if (rc == 0) {
		char sql[160];
		snprintf(sql, sizeof sql, "DELETE FROM known WHERE rkey NOT IN (SELECT rkey FROM known ORDER BY at DESC LIMIT %d)",
		    OUTBOX_KNOWN_MAX);
		rc = exec_text(ob, sql, NULL, 0, err);
	}
	free(text);
	free(rkey);
	return rc;
}

int
outbox_forget(struct outbox *ob, const char *rkey, struct table_err *err)
{
	const char *p[] = { rkey };
	return exec_text(ob, "DELETE FROM known WHERE rkey = ?", p, 1, err);
}

json_t *
outbox_known(struct outbox *ob, const char *rkey)
{
	static const char *const sql[] = {
		/* A write not sent yet makes the record as it will be. */
		"SELECT json_extract(body, '$.item') FROM writes WHERE rkey = ? AND kind IN ('create', 'edit') "
		"AND state NOT IN ('failed') ORDER BY id DESC LIMIT 1",
		"SELECT item FROM known WHERE rkey = ?",
	};
	for (size_t i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		json_t *item = NULL;

		if (sqlite3_prepare_v2(ob->db, sql[i], -1, &st, NULL) != SQLITE_OK)
			continue;
		sqlite3_bind_text(st, 1, rkey, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
			item = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		sqlite3_finalize(st);
		if (item != NULL)
			return item;
	}
	return NULL;
}

size_t
outbox_known_prefix(struct outbox *ob, const char *prefix, char **keys, size_t max)
{
	sqlite3_stmt *st;
	size_t n = 0;

	if (sqlite3_prepare_v2(ob->db,
	    "SELECT rkey FROM (SELECT rkey, at FROM known UNION ALL SELECT rkey, queued_ms FROM writes "
	    "WHERE kind = 'create') WHERE substr(rkey, 1, length(?1)) = ?1 GROUP BY rkey ORDER BY max(at) DESC",
	    -1, &st, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	while (n < max && sqlite3_step(st) == SQLITE_ROW)
		keys[n++] = col_text(st, 0);
	sqlite3_finalize(st);
	return n;
}
