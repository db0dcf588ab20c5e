/*
 * The DynamoDB backend: the table interface over DynamoDB's JSON 1.0
 * protocol (Amazon DynamoDB, DynamoDB Local, compatible engines), SigV4 signed,
 * with retries, idempotent transactions and batch writes.
 *
 * The request rendering and the answer parsing are exposed below so that
 * they can be tested (and fuzzed) without a network.
 *
 * The code is in ddb.c and its ddb_*.c siblings; ddb_int.h, private to them,
 * says which file holds what.
 */
#ifndef AILIFE_DDB_H
#define AILIFE_DDB_H

#include <stdbool.h>
#include <stdio.h>

#include "datastore/ddb/http.h"
#include "datastore/table.h"
#include "util/aws_chain.h"

#define DDB_ATTEMPTS_DEFAULT 10  /* botocore's legacy default for DynamoDB */
#define DDB_BACKOFF_BASE_MS 50
#define DDB_BACKOFF_CAP_MS 20000
#define DDB_PAGE_DEFAULT 100     /* Limit when a query gives none (the local backend's page) */
#define DDB_PAGE_MAX 1000        /* and the largest Limit sent (the local backend's cap) */
#define DDB_TOKEN_MAX 36         /* ClientRequestToken length */

/*
 * For tests: a stand-in for the network and for sleeping between attempts.
 * send answers reqs[i] in resps[i] (bodies and request ids malloc'd: they are
 * freed with http_response_done); sleep_ms may be NULL (no sleeping at all).
 */
struct ddb_transport {
	void (*send)(void *ctx, const struct http_request *reqs, struct http_response *resps, size_t n);
	void (*sleep_ms)(void *ctx, long ms);
	void *ctx;
};

struct ddb_options {
	const char *table;               /* table name */
	const char *region;              /* required */
	const char *endpoint;            /* NULL: https://dynamodb.<region>.amazonaws.com */
	const char *access_key_id;       /* required (borrowed; copied) */
	const char *secret_access_key;   /* required (borrowed; copied, wiped on close) */
	const char *session_token;       /* optional */
	int max_attempts;                /* <= 0: DDB_ATTEMPTS_DEFAULT */
	long connect_timeout_ms;         /* <= 0: 3000 */
	long total_timeout_ms;           /* <= 0: 30000 */
	int batch_parallel;              /* BatchWriteItem calls in flight; <= 0: 16 */
	/*
	 * --explain: print each request (operation, index, key condition, no
	 * credentials) to explain_out and send nothing. Credentials are then
	 * optional. Reads answer empty pages / TABLE_NOT_FOUND, writes succeed.
	 */
	bool explain;
	FILE *explain_out;
	const struct ddb_transport *transport;  /* NULL: libcurl (tests only) */
	/*
	 * Where the credentials come from (datastore/ddb/creds.h): when set (and
	 * its kind is not AWS_SRC_NONE), the keys above are not used: every
	 * request is signed with the provider's current keys, fetched with the
	 * first request (a failure is that request's TABLE_AUTH) or at open when
	 * a role may need an MFA code (a failure is ddb_open's), and refreshed
	 * before they expire. Also its
	 * CA bundle, max_attempts and timeouts when the fields above leave them.
	 */
	const struct aws_chain *chain;
};

/* NULL with err filled when the options are unusable (no region, no credentials, bad endpoint URL). */
struct table *ddb_open(const struct ddb_options *opts, struct table_err *err);

/*
 * Whether t is a table of this backend: asked through this function, never
 * by comparing backend tables, so that a wrapper (--explain, dual writes)
 * stays what it is. A wrapped DynamoDB table is not one.
 */
bool ddb_is(const struct table *t);

/* ---- request rendering (new JSON bodies; NULL with err filled when the input is refused) ---- */

/*
 * Every expression uses placeholders only: attribute names as #n0, #n1, ...
 * (ExpressionAttributeNames), values as :v0, :v1, ... (ExpressionAttributeValues),
 * so no user data ever appears inside an expression string.
 */
json_t *ddb_render_get(const char *table, json_t *key, struct table_err *err);
json_t *ddb_render_put(const char *table, json_t *item, const struct table_cond *cond,
    struct table_err *err);
json_t *ddb_render_update(const char *table, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, bool return_new, struct table_err *err);
json_t *ddb_render_delete(const char *table, json_t *key, const struct table_cond *cond,
    bool return_old, struct table_err *err);
json_t *ddb_render_query(const char *table, const struct table_query *q, struct table_err *err);
/* token: 1-36 characters (required here; the backend makes one when the caller gives none). */
json_t *ddb_render_transact(const char *table, const struct table_write *w, size_t n,
    const char *token, struct table_err *err);
/* One BatchWriteItem call: at most TABLE_BATCH_MAX puts and deletes, no conditions. */
json_t *ddb_render_batch(const char *table, const struct table_write *w, size_t n,
    struct table_err *err);
json_t *ddb_render_create(const char *table);

/*
 * The human line of --explain for a request body: placeholders replaced by
 * names and values for display only, e.g. "Query table=T index=GSI2 key:
 * GSI2PK = \"USER#u#MEAL\" AND GSI2SK BETWEEN \"a\" AND \"b\" (limit 100,
 * newest first)". A new string, without a newline.
 */
char *ddb_explain_line(const char *op, json_t *body);

/* ---- answers ---- */

/* Whether and how a failed call may be tried again. */
enum ddb_retry {
	DDB_RETRY_NO = 0,
	DDB_RETRY_TRANSIENT,     /* 5xx, dropped or timed-out connections, CRC mismatch */
	DDB_RETRY_THROTTLE,      /* throttling codes, TransactionInProgressException */
};

/* One failed call, classified. */
struct ddb_error {
	enum table_status status;    /* what the caller gets when it is not retried (again) */
	enum ddb_retry retry;
	bool unknown;                /* the request may have been applied (timeout, dropped, 5xx, CRC) */
	bool connect;                /* no connection could be made: nothing was sent */
	long http_status;            /* 0 when no response arrived */
	char code[64];               /* "ConditionalCheckFailedException", "" when none */
	char message[400];           /* for people; never credentials */
	/* TransactionCanceledException: the first reason whose Code is not "None". */
	int index;                   /* -1 when none */
	enum table_status reason;
	char reason_code[64];
	bool reason_retry;           /* TransactionConflict or throttling: a new attempt may succeed */
	json_t *item;                /* ConditionalCheckFailed with ReturnValuesOnConditionCheckFailure: the item, owned */
};

/* Releases e->item. ddb_parse_error and ddb_classify fill e from nothing (it need not be initialised). */
void ddb_error_done(struct ddb_error *e);

/*
 * Classifies a DynamoDB error answer (HTTP status and body, outside input:
 * anything may be there). Never fails: a body that is not the error shape
 * gives TABLE_ERROR "unexpected answer from DynamoDB: ...".
 */
void ddb_parse_error(long http_status, const char *body, size_t len, struct ddb_error *e);

/*
 * Classifies a whole response: transport failures (host: "host:port" for
 * messages), HTTP errors through ddb_parse_error. Returns 0 when it is a
 * 200 (e untouched but cleared), -1 with e filled otherwise.
 */
int ddb_classify(const struct http_response *resp, const char *host, struct ddb_error *e);

/* A 200 body as a JSON object (new reference), or NULL with TABLE_ERROR "unexpected answer from DynamoDB: ...". */
json_t *ddb_parse_answer(const char *body, size_t len, struct table_err *err);

/* Query answers: Items, LastEvaluatedKey (-> cursor), ConsumedCapacity; page is filled only on success. */
int ddb_parse_query(json_t *answer, enum table_index index, struct table_page *page,
    struct table_err *err);
/* GetItem answers: *out the item or NULL when absent; -1 when the shape is wrong. */
int ddb_parse_item(json_t *answer, const char *member, json_t **out, struct table_err *err);
/* ConsumedCapacity (an object or an array of them) in capacity units; 0 when absent or odd. */
double ddb_parse_capacity(json_t *answer);
/* BatchWriteItem: UnprocessedItems for table as a new RequestItems-shaped object, or NULL when none. -1 on a bad shape. */
int ddb_parse_unprocessed(json_t *answer, const char *table, json_t **rest, size_t *count,
    struct table_err *err);

/* The sleep before retry number retry (0: the first retry): u * min(cap, base * 2^retry), u in [0, 1). */
long ddb_backoff_ms(int retry, double u);

#endif
