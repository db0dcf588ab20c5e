/*
 * The DynamoDB backend's insides, shared by its files and by nothing else
 * (what other modules and the tests use is in ddb.h): the state behind a
 * table, one call and its outcome, and the functions one file of the
 * backend calls in another.
 *
 *   ddb.c          opening and closing, DescribeTable and CreateTable, the backend table
 *   ddb_render.c   checks before sending, expressions, request bodies
 *   ddb_explain.c  what --explain prints
 *   ddb_answer.c   answers and errors: parsing and classification
 *   ddb_call.c     signing, sending, retries and backoff; the raw calls
 *   ddb_ops.c      GetItem, PutItem, UpdateItem, DeleteItem, Query, TransactWriteItems
 *   ddb_batch.c    BatchWriteItem: chunks, unprocessed writes, pipelined workers
 *   ddb_tables.c   other tables by name: Scan, DescribeTable, DeleteTable (the migration's)
 */
#ifndef AILIFE_DDB_INT_H
#define AILIFE_DDB_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "datastore/ddb/ddb.h"
#include "datastore/ddb/http.h"
#include "datastore/table.h"

#ifndef AILIFE_VERSION
#define AILIFE_VERSION "dev"
#endif

struct ddb {
	char *region;
	char *url;               /* "https://dynamodb.eu-west-1.amazonaws.com/" */
	char *host;              /* the Host header, as signed */
	char *where;             /* "host:port" for messages */
	char *akid;
	char *secret;            /* wiped on close */
	size_t secret_len;
	char *token;             /* session token or NULL; wiped on close */
	size_t token_len;
	int attempts;
	int batch_parallel;
	bool explain;
	FILE *explain_out;
	struct ddb_transport transport;
	bool hooked;             /* transport set by a test */
	struct http_client *http;
	pthread_mutex_t lock;    /* one thread at a time on the http client */
	long connect_timeout_ms, total_timeout_ms;   /* for the batch workers' own clients */
	struct creds_provider *creds;  /* NULL: akid, secret and token above (datastore/ddb/creds.h) */
	char *ca_file;           /* the chain's CA bundle, for the batch workers' clients too */
};

/* A batch worker's own HTTP client: its calls skip the shared client and its lock. */
extern _Thread_local struct http_client *ddb_thread_http;

/* One DynamoDB call and its outcome. */
struct ddb_call {
	const char *op;          /* "Query" */
	json_t *req;             /* borrowed, for --explain */
	char *body;              /* serialised once: every attempt sends the same bytes */
	size_t len;
	json_t *answer;          /* 200: the answer */
	struct ddb_error e;      /* failed: why */
	bool done;
	bool failed;
	bool explained;          /* --explain: printed, not sent */
	bool unknown;            /* an attempt may have been applied without us hearing so */
	int tries;
	bool refreshed;          /* an expired-token answer made the credentials be fetched anew, once */
};

/* ddb.c */
struct ddb *ddb_of(struct table *t);

/* ddb_render.c */
bool ddb_av_shape(json_t *av);
int ddb_check_foreign(const struct table_write *w, bool batch, struct table_err *err);
json_t *ddb_batch_request(const struct table_write *w);

/* ddb_explain.c */
void ddb_explain_call(struct ddb *d, struct ddb_call *c);

/* ddb_answer.c */
void ddb_error_clear(struct ddb_error *e);

/* ddb_call.c */
void ddb_call_init(struct ddb_call *c, const char *op, json_t *req);
void ddb_call_done(struct ddb_call *c);
void ddb_call_rebody(struct ddb_call *c, json_t *req);
double ddb_uniform(void);
void ddb_sleep(struct ddb *d, long ms);
void ddb_run(struct ddb *d, const char *table, struct ddb_call *calls, size_t n);
int ddb_run_one(struct ddb *d, const char *table, struct ddb_call *c);
int ddb_fail(struct ddb_call *c, struct table_err *err);
/*
 * Raw calls, for the operations of ddb_tables.c: reqs[i] is a whole request
 * body of operation op ("Scan"); the calls go out together, signed and
 * retried as every call is. answers[i] receives the 200 answer (a new
 * reference; {} under --explain) or NULL when that call failed. Returns 0
 * when every call succeeded, else -1 with err filled from the first failure.
 * t must be a DynamoDB table (else TABLE_INVALID).
 */
int ddb_call_many(struct table *t, const char *op, json_t *const *reqs, json_t **answers, size_t n,
    struct table_err *err);
int ddb_call(struct table *t, const char *op, json_t *req, json_t **answer, struct table_err *err);

/* ddb_ops.c: the backend table's operations (ddb.c) */
int ddb_get(struct table *t, json_t *key, json_t **out, struct table_err *err);
int ddb_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err);
int ddb_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err);
int ddb_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err);
int ddb_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err);
int ddb_query_many(struct table *t, const struct table_query *qs, struct table_page *pages,
    size_t n, struct table_err *err);
int ddb_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err);

/* ddb_batch.c */
int ddb_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err);

/* ddb_tables.c: the backend table's operations on other tables (ddb.c) */
int ddb_scan_many(struct table *t, const struct table_scan *scans, struct table_scan_page *pages, size_t n,
    struct table_err *err);
int ddb_describe_named(struct table *t, const char *name, json_t **out, struct table_err *err);
int ddb_delete_named(struct table *t, const char *name, struct table_err *err);

#endif
