/*
 * What the embedded backend's files share: local.c (the file, its schema,
 * statements and rows), local_write.c (writes, conditions, transactions,
 * batches), local_query.c (queries and their SQL). Not for use outside them.
 */
#ifndef AILIFE_LOCAL_INT_H
#define AILIFE_LOCAL_INT_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "datastore/table.h"
#include "datastore/table_check.h"

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

struct local {
	sqlite3 *db;
	char *path;
	pthread_mutex_t lock;    /* one request at a time: the statements are shared */
	bool table_known;        /* the tables row was seen (tables are never dropped) */
	sqlite3_stmt *stmt[LS_COUNT];
	sqlite3_stmt *qstmt[LOCAL_QUERY_SLOTS];
};

int local_apply_update(json_t *item, const struct table_update *upd, struct table_err *err);
int local_begin(struct local *l, struct table_err *err);
int local_commit(struct local *l, struct table_err *err);
void local_rollback(struct local *l);
int local_row_del(struct table *t, const char *pk, const char *sk, struct table_err *err);
int local_row_get(struct table *t, const char *pk, const char *sk, json_t **out,
    struct table_err *err);
int local_row_put(struct table *t, json_t *item, const struct table_keys *k, struct table_err *err);
int local_table_check(struct table *t, struct table_err *err);
void local_bind(sqlite3_stmt *st, int n, const char *s);
json_t *local_decode(const char *text, size_t len, json_error_t *jerr);
void local_done(sqlite3_stmt *st);
int local_io(struct local *l, struct table_err *err, const char *what);

/* The table operations (local.c's backend table names them). */
int local_get(struct table *t, json_t *key, json_t **out, struct table_err *err);
int local_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err);
int local_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err);
int local_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err);
int local_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err);
int local_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err);
int local_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err);

#endif
