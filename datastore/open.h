/*
 * Opening the store: the one place above the table interface that picks a
 * backend. It takes plain settings (whoever resolved them: the command line,
 * a config file, a test), opens the embedded store or DynamoDB, creates the
 * embedded table, and puts the wrappers over it: --explain's stand-ins
 * (datastore/explain_table.h) or the dual writes of a migration under way
 * (datastore/migrate/dualwrite.h), and over everything the refusal of writes
 * of --read-only (datastore/read_only_table.h). What people must hear besides the table
 * comes back as warnings, for the caller to show.
 */
#ifndef AILIFE_OPEN_H
#define AILIFE_OPEN_H

#include <stdbool.h>
#include <stdio.h>

#include "datastore/table.h"
#include "util/aws_chain.h"

struct store_open_options {
	const char *store;               /* "local" or "dynamodb"; NULL: local */
	const char *table;               /* the table name (required) */
	const char *db;                  /* local: the SQLite file (required there) */
	/* DynamoDB (borrowed; the secrets are copied, and wiped on close). */
	const char *region;              /* required but under explain (us-east-1 then) */
	const char *endpoint;            /* NULL: the region's AWS endpoint */
	const char *access_key_id;       /* required but under explain */
	const char *secret_access_key;   /* required but under explain */
	const char *session_token;       /* optional */
	/* Where the credentials come from (borrowed; copied): when its kind is set, the keys above are unused. */
	const struct aws_chain *aws_chain;
	/*
	 * --explain: the DynamoDB requests are printed to explain_out and nothing
	 * is sent, whatever the store: they are the contract.
	 */
	bool explain;
	FILE *explain_out;
	/* [legacy]: the legacy table names (NULL: the migration state's, else the defaults) and dual_write. */
	const char *legacy_goals_table;
	const char *legacy_activities_table;
	bool dual_write;
	/*
	 * --read-only: every write refused before it is sent
	 * (datastore/read_only_table.h), and nothing created on the way: the
	 * embedded store's file must exist already (TABLE_NOT_FOUND when not).
	 */
	bool read_only;
};

/* Warnings for people, in the order they arose, without the "ailife: warning: " a program puts before them. */
#define STORE_OPEN_WARNINGS_MAX 4
struct store_open_warnings {
	char *text[STORE_OPEN_WARNINGS_MAX];
	size_t count;
};

void store_open_warnings_done(struct store_open_warnings *w);

/* Whether the options open DynamoDB (store "dynamodb", or --explain whatever the store). */
bool store_open_dynamodb(const struct store_open_options *o);

/*
 * Opens the store of o: *out the table (free with table_close), warnings
 * filled (count 0 when none; release with store_open_warnings_done, on
 * failure too). Returns 0, or -1 with err (an unknown store is TABLE_INVALID,
 * "unknown store 'x' (use local or dynamodb)") and *out NULL.
 */
int store_open(const struct store_open_options *o, struct table **out, struct store_open_warnings *warnings,
    struct table_err *err);

/*
 * For doctor: the chain's keys fetched (as opening the store would), where
 * they come from (never a value), when they expire (0: never), and, when
 * ask_sts and STS answers GetCallerIdentity, the account and ARN (else why
 * says why not).
 * Returns 0, or -1 with out->why when no keys could be had. Release out with
 * store_aws_identity_done in both cases.
 */
struct store_aws_identity {
	char source[512];
	long long expires_ms;
	bool from_cache;
	char account[64];
	char arn[512];
	char *why;               /* the failure, or NULL */
	bool identity;           /* account and arn are filled */
};
int store_aws_identity(const struct aws_chain *chain, bool ask_sts, struct store_aws_identity *out);
void store_aws_identity_done(struct store_aws_identity *out);

#endif
