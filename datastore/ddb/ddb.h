/*
 * The DynamoDB backend: the table interface over DynamoDB's JSON 1.0
 * protocol (Amazon DynamoDB, DynamoDB Local, compatible engines), SigV4 signed,
 * with retries, idempotent transactions and batch writes.
 */
#ifndef AILIFE_DDB_H
#define AILIFE_DDB_H

#include <stdbool.h>
#include <stdio.h>

#include "datastore/table.h"

#define DDB_ATTEMPTS_DEFAULT 10  /* botocore's legacy default for DynamoDB */

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
	int batch_parallel;              /* BatchWriteItem calls in flight; <= 0: 8 */
	/* --explain: print each request (operation, index, key condition, no credentials) to explain_out and send nothing. */
	bool explain;
	FILE *explain_out;
};

/* NULL with err filled when the options are unusable (no region, no credentials, bad endpoint URL). */
struct table *ddb_open(const struct ddb_options *opts, struct table_err *err);

extern const struct table_backend ddb_backend;

#endif
