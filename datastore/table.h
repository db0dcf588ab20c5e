/*
 * The table interface: one DynamoDB-shaped table behind a backend vtable.
 *
 * An item is a jansson object in DynamoDB's attribute-value JSON
 * ({"PK":{"S":"USER#1"},"version":{"N":"1"}}), so the DynamoDB backend can send
 * it as it is and the embedded backend can store it as it is. Conditions and
 * updates are structured values, never expression strings: each backend renders
 * them its own way (placeholders for DynamoDB, SQL for the embedded store).
 *
 * Ownership: the table never steals a caller's reference. Items and keys passed
 * in are borrowed; items handed out (get, query pages, update results) are new
 * references the caller must json_decref.
 */
#ifndef AILIFE_TABLE_H
#define AILIFE_TABLE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/model.h"

/* The indexes a query can use. */
enum table_index {
	TABLE_INDEX_MAIN = 0,
	TABLE_INDEX_GSI1,
	TABLE_INDEX_GSI2,
	TABLE_INDEX_GSI3,
};
#define TABLE_INDEX_COUNT 4

/* Attribute names of an index's partition and sort key ("PK"/"SK", "GSI1PK"/"GSI1SK", ...). */
const char *table_index_pk_name(enum table_index index);
const char *table_index_sk_name(enum table_index index);
/* "GSI1" ... or NULL for the main table (DynamoDB's IndexName). */
const char *table_index_name(enum table_index index);

/* Sort-key conditions of a query (DynamoDB's KeyConditionExpression on the sort key). */
enum table_key_op {
	TABLE_KEY_ANY = 0,      /* partition key only */
	TABLE_KEY_EQ,           /* SK = a */
	TABLE_KEY_BEGINS_WITH,  /* begins_with(SK, a) */
	TABLE_KEY_BETWEEN,      /* SK BETWEEN a AND b (both ends inclusive) */
	TABLE_KEY_LT,           /* SK < a */
	TABLE_KEY_LE,           /* SK <= a */
	TABLE_KEY_GT,           /* SK > a */
	TABLE_KEY_GE,           /* SK >= a */
};

struct table_query {
	enum table_index index;
	const char *pk;          /* partition key value (an S) */
	enum table_key_op sk_op;
	const char *sk_a;        /* first operand (every op but ANY) */
	const char *sk_b;        /* second operand (BETWEEN) */
	bool backward;           /* ScanIndexForward = false: descending sort key */
	int limit;               /* items per page; <= 0: the backend's page size */
	const char *cursor;      /* NULL for the first page, else a page's next cursor */
	/* Attribute names to return (ProjectionExpression), NULL-terminated; NULL: all. */
	const char *const *projection;
	/*
	 * The page as records (page->recs) where the backend can read them
	 * without jansson (the embedded store); a backend that cannot hands back
	 * items as ever. Each record is model_from_item of the item.
	 */
	bool records;
};

/* An item of a page read as a record: rec NULL where model_from_item refuses the item. */
struct table_rec {
	enum model_type type;
	void *rec;
};

/* One page of a query. */
struct table_page {
	json_t **items;          /* new references; NULL when recs holds the page */
	struct table_rec *recs;  /* owned; only with the query's records, and then items is NULL */
	size_t count;
	char *cursor;            /* opaque; NULL when there is nothing more */
	double capacity;         /* read capacity units consumed, when the backend knows */
};

void table_page_done(struct table_page *page);

/* Conditions a write can carry. */
enum table_cond_kind {
	TABLE_COND_NONE = 0,
	TABLE_COND_NOT_EXISTS,   /* attribute_not_exists(PK): no item with this key */
	TABLE_COND_EXISTS,       /* attribute_exists(PK): the item is there */
	TABLE_COND_VERSION,      /* the item is there and version = expected */
};

struct table_cond {
	enum table_cond_kind kind;
	long long version;       /* TABLE_COND_VERSION */
};

/* One action of an update (DynamoDB's SET, REMOVE and ADD). */
enum table_update_kind {
	TABLE_UPDATE_SET,        /* attr = value (an attribute value, e.g. {"S":"x"}) */
	TABLE_UPDATE_REMOVE,     /* REMOVE attr */
	TABLE_UPDATE_ADD,        /* attr = attr + value, exact decimal; a missing attr counts as 0 */
};

struct table_update_action {
	enum table_update_kind kind;
	const char *attr;
	json_t *value;           /* borrowed; NULL for REMOVE */
};

struct table_update {
	struct table_update_action *actions;
	size_t count;
};

/* A write of a transaction or a batch. */
enum table_write_kind {
	TABLE_WRITE_PUT,
	TABLE_WRITE_UPDATE,
	TABLE_WRITE_DELETE,
	TABLE_WRITE_CHECK,       /* ConditionCheck: the condition alone */
};

struct table_write {
	enum table_write_kind kind;
	json_t *item;            /* PUT: the whole item (borrowed) */
	json_t *key;             /* UPDATE, DELETE, CHECK: {"PK":..,"SK":..} (borrowed) */
	struct table_update update; /* UPDATE */
	struct table_cond cond;
	/*
	 * Transactions only: another table of the same store, NULL for the table
	 * itself (dual writes to the legacy tables). Its items and keys are not
	 * of the data model: only their shape is checked. The embedded store
	 * holds one table and refuses it (TABLE_INVALID).
	 */
	const char *table;
};

/* What went wrong, as a class a caller can act on, plus a message for people. */
enum table_status {
	TABLE_OK = 0,
	TABLE_NOT_FOUND,         /* get/update of an item that is not there (update with EXISTS/VERSION) */
	TABLE_COND_FAILED,       /* a condition did not hold */
	TABLE_TXN_CANCELED,      /* a transaction was cancelled; err.index names the write */
	TABLE_INVALID,           /* the request was refused as malformed (ValidationException) */
	TABLE_TOO_LARGE,         /* an item over 400 KB */
	TABLE_NO_TABLE,          /* the table does not exist */
	TABLE_THROTTLED,         /* retries exhausted on throttling */
	TABLE_NETWORK,           /* could not reach the store / outcome unknown */
	TABLE_AUTH,              /* credentials refused */
	TABLE_IO,                /* local file or database error */
	TABLE_ERROR,             /* anything else */
};

struct table_err {
	enum table_status status;
	int index;               /* TABLE_TXN_CANCELED / TABLE_COND_FAILED in a batch: the write at fault, else -1 */
	enum table_status reason; /* TABLE_TXN_CANCELED: why that write failed (COND_FAILED, ...) */
	/*
	 * A write that failed without an answer (timeout, connection lost after
	 * sending, 5xx) and whose outcome could not be found out by reading the
	 * record: it may have been applied. Only TABLE_NETWORK / TABLE_ERROR.
	 */
	bool unknown;
	char message[512];
};

void table_err_clear(struct table_err *err);
int table_err_set(struct table_err *err, enum table_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * A Scan of one segment of another table of the same store, by name: the
 * migration reads the legacy tables this way, and nothing else scans.
 * Always a consistent read.
 */
struct table_scan {
	const char *table;       /* the table's name */
	int segment;             /* Segment, 0 to segments - 1 */
	int segments;            /* TotalSegments */
	int limit;               /* items per call (Limit); <= 0: the store's own page (1 MB) */
	json_t *start;           /* ExclusiveStartKey (borrowed), NULL for the first page */
};

/* One page of a scan. */
struct table_scan_page {
	json_t *items;           /* an array of items (new reference) */
	json_t *last;            /* LastEvaluatedKey (new reference); NULL when the segment is done */
};

void table_scan_page_done(struct table_scan_page *page);

struct table;

/* A backend: a const table of operations (after curl's vtls backends). */
struct table_backend {
	const char *name;        /* "local", "dynamodb" */
	void (*close)(struct table *t);
	/* *out = the item (new reference) or NULL with TABLE_NOT_FOUND. */
	int (*get)(struct table *t, json_t *key, json_t **out, struct table_err *err);
	int (*put)(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err);
	/* out_new (may be NULL): the item after the update (ReturnValues ALL_NEW). */
	int (*update)(struct table *t, json_t *key, const struct table_update *upd,
	    const struct table_cond *cond, json_t **out_new, struct table_err *err);
	/* out_old (may be NULL): the item that was deleted, NULL if none. */
	int (*del)(struct table *t, json_t *key, const struct table_cond *cond,
	    json_t **out_old, struct table_err *err);
	int (*query)(struct table *t, const struct table_query *q, struct table_page *page,
	    struct table_err *err);
	/* All or nothing; at most 100 writes; token: idempotency token (ClientRequestToken) or NULL. */
	int (*transact)(struct table *t, const struct table_write *w, size_t n, const char *token,
	    struct table_err *err);
	/* PUT and DELETE (no conditions), any number; the backend chunks and retries. */
	int (*batch)(struct table *t, const struct table_write *w, size_t n, struct table_err *err);
	/* Creates the table and its GSIs; an existing table is success (*created = false). */
	int (*create)(struct table *t, bool *created, struct table_err *err);
	/* A DescribeTable-shaped description ("Table": {...}) as a new reference. */
	int (*describe)(struct table *t, json_t **out, struct table_err *err);
	/* Optional: several queries at once (a screen that mixes kinds); NULL: one after another. */
	int (*query_many)(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
	    struct table_err *err);
	/*
	 * Optional, all three or none: other tables of the same store, by name
	 * (the migration's legacy tables). A backend that holds one table (the
	 * embedded store) and the wrappers leave them NULL. scan_many: the scans
	 * at once, pages[i] answers scans[i], all or nothing. describe_named: the
	 * DescribeTable answer ({"Table": {...}}) as a new reference.
	 * delete_named: DeleteTable; TABLE_NO_TABLE when it is not there.
	 */
	int (*scan_many)(struct table *t, const struct table_scan *scans, struct table_scan_page *pages,
	    size_t n, struct table_err *err);
	int (*describe_named)(struct table *t, const char *name, json_t **out, struct table_err *err);
	int (*delete_named)(struct table *t, const char *name, struct table_err *err);
};

/* What one request was, as DynamoDB would read it: for the TUI's explain pane and tests. */
struct table_request {
	const char *pattern;     /* "AP8" */
	const char *operation;   /* "Query", "GetItem", "TransactWriteItems" ... */
	const char *index;       /* NULL, "GSI1" ... */
	char condition[256];     /* the key condition */
};

#define TABLE_TRACE_REQUESTS 6

/*
 * What the calls on a table did while the trace was set on it (table_set_trace):
 * the requests (past TABLE_TRACE_REQUESTS, the last one takes the last place)
 * and the capacity units they consumed. Whoever owns the table for a job sets a
 * trace of the job's own around it, so the job's results carry what it cost and
 * no caller has to copy it after each call.
 */
struct table_trace {
	struct table_request req[TABLE_TRACE_REQUESTS];
	size_t n;
	double capacity;
};

struct table {
	const struct table_backend *backend;
	char *name;              /* the table name */
	void *data;              /* the backend's state */
	struct table *inner;     /* a wrapper's (--explain, dual writes) table, else NULL */
	struct table_trace *trace; /* where calls note what they did, or NULL */
};

/* Sets where t (and the tables it wraps) note requests and capacity; NULL: nowhere. */
void table_set_trace(struct table *t, struct table_trace *trace);
/* A backend's answer consumed units of capacity. */
void table_trace_capacity(struct table *t, double units);
/* The slot for the next request of the trace on t, or NULL when none is set. */
struct table_request *table_trace_request(struct table *t);

/* Thin dispatchers; each returns 0 on success, -1 with err filled otherwise. */
void table_close(struct table *t);
int table_get(struct table *t, json_t *key, json_t **out, struct table_err *err);
int table_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err);
int table_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err);
int table_delete(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err);
int table_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err);
/* Several queries, concurrently where the backend can; pages[i] answers qs[i]; all or nothing. */
int table_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err);
int table_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err);
int table_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err);
int table_create(struct table *t, bool *created, struct table_err *err);
int table_describe(struct table *t, json_t **out, struct table_err *err);

/*
 * Other tables of the same store (see scan_many above). table_other_tables:
 * whether t's store reaches them at all; where it does not, the three
 * operations fail with TABLE_INVALID and say so, naming the store.
 */
bool table_other_tables(const struct table *t);
int table_scan_many(struct table *t, const struct table_scan *scans, struct table_scan_page *pages, size_t n,
    struct table_err *err);
int table_describe_named(struct table *t, const char *name, json_t **out, struct table_err *err);
int table_delete_named(struct table *t, const char *name, struct table_err *err);

/* The key of an item for an index: {"PK":..,"SK":..} plus the index's two attributes. */
json_t *table_item_key(json_t *item, enum table_index index);
/* {"PK":{"S":pk},"SK":{"S":sk}} */
json_t *table_key(const char *pk, const char *sk);
/* The string value of attribute name in item, or NULL when absent or not an S. */
const char *table_item_str(json_t *item, const char *name);

/*
 * Cursors: the LastEvaluatedKey (attribute-value JSON) made opaque and safe to
 * pass around as one word (base64url of its compact JSON). Both backends use the
 * same format, so a cursor works as --cursor on the command line.
 */
char *table_cursor_encode(json_t *last_key);
/* Returns a new reference, or NULL when the text is not a cursor. */
json_t *table_cursor_decode(const char *cursor);

/* The item size DynamoDB counts (UTF-8 lengths of names and values). */
size_t table_item_size(json_t *item);
/* What DynamoDB counts for a number's text (N). */
size_t table_number_size(const char *n);
#define TABLE_ITEM_MAX 409600
#define TABLE_TRANSACT_MAX 100
#define TABLE_BATCH_MAX 25

/* The expected description of the table of data-model.md (DescribeTable shape). */
json_t *table_expected_description(const char *name);

#endif
