/*
 * DynamoDB's request rules, checked before a write or a query leaves the
 * process: one copy for both backends, so that the embedded store and
 * DynamoDB refuse the same bad requests with the same status, message and
 * err.index (the contract suite runs on both).
 *
 * Every function returns 0, or -1 with err filled (TABLE_INVALID, or
 * TABLE_TOO_LARGE for an item over 400 KB); err may be NULL.
 */
#ifndef AILIFE_TABLE_CHECK_H
#define AILIFE_TABLE_CHECK_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/table.h"

#define TABLE_CHECK_PK_MAX 2048         /* partition key value, bytes */
#define TABLE_CHECK_SK_MAX 1024         /* sort key value, bytes */
#define TABLE_CHECK_DEPTH_MAX 32        /* nesting of lists and maps */
#define TABLE_CHECK_NUMBER_DIGITS 38    /* significant digits of a number */
#define TABLE_CHECK_TOKEN_MAX 36        /* ClientRequestToken length */
#define TABLE_CHECK_GSI_COUNT (TABLE_INDEX_COUNT - 1)

/*
 * The keys of a checked item or key argument, borrowed from it: PK, SK, and
 * each GSI's pair when the item holds both of its attributes (else NULLs, so
 * the index stays sparse). A write to another table leaves them all NULL.
 */
struct table_keys {
	const char *pk;
	const char *sk;
	const char *gsi[TABLE_CHECK_GSI_COUNT][2];
};

/* DynamoDB's table name rule: 3 to 255 of [A-Za-z0-9_.-]. */
int table_check_table_name(const char *name, struct table_err *err);

/*
 * One attribute value, all the way down: a known type with a value of that
 * type, numbers of at most 38 significant digits, sets non-empty and without
 * duplicates, lists and maps nested at most 32 deep. name is for messages.
 */
int table_check_value(json_t *av, const char *name, struct table_err *err);

/* A key argument: exactly {"PK":{"S":..},"SK":{"S":..}}; fills k. */
int table_check_key(json_t *key, struct table_keys *k, struct table_err *err);

/*
 * A whole item: every attribute value, PK and SK (non-empty S, 2048 and 1024
 * bytes at most), any GSI key attribute likewise, and the 400 KB item size
 * (TABLE_TOO_LARGE); fills k.
 */
int table_check_item(json_t *item, struct table_keys *k, struct table_err *err);

/* A condition's kind (cond may be NULL). */
int table_check_cond(const struct table_cond *cond, struct table_err *err);

/*
 * An update's actions, before any item is read (upd may be NULL): named,
 * valid UTF-8, not PK or SK, each attribute once, SET values checked as
 * table_check_value, ADD values exact decimals.
 */
int table_check_update(const struct table_update *upd, struct table_err *err);

/*
 * A query: index, key condition, operands (non-empty, UTF-8, BETWEEN's bounds
 * in order) and projection names. With q->cursor, also the cursor: exactly
 * the index's key attributes, the query's partition, a sort key inside the key
 * condition; *start (may be NULL) is then the decoded ExclusiveStartKey, a new
 * reference, else NULL.
 */
int table_check_query(const struct table_query *q, json_t **start, struct table_err *err);

/*
 * How a backend judges a transaction's write to another table (w->table set):
 * 0, or -1 with err filled; table_check_write puts "write <i>: " before the
 * message and sets err->index. NULL refuses every such write.
 */
typedef int (*table_check_foreign_fn)(const struct table_write *w, bool batch,
    struct table_err *err);

/*
 * Write i of a transaction (batch false) or a batch (batch true: puts and
 * deletes without conditions only); fills k. A failure's message starts with
 * "write <i>: " and err->index is i.
 */
int table_check_write(const struct table_write *w, size_t i, bool batch,
    table_check_foreign_fn foreign, struct table_keys *k, struct table_err *err);

/*
 * A transaction: 1 to 100 writes, each checked, no two on one item (err->index:
 * the later one), and the idempotency token when not NULL. keys (may be NULL)
 * has n entries and receives each write's keys.
 */
int table_check_transact(const struct table_write *w, size_t n, const char *token,
    table_check_foreign_fn foreign, struct table_keys *keys, struct table_err *err);

/* A batch of any number of writes (none is fine), each checked; keys as above. */
int table_check_batch(const struct table_write *w, size_t n, table_check_foreign_fn foreign,
    struct table_keys *keys, struct table_err *err);

/* An idempotency token (ClientRequestToken): 1 to 36 printable ASCII characters. */
int table_check_token(const char *token, struct table_err *err);

#endif
