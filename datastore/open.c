/*
 * Opening the store (open.h): the backend the settings name, the embedded
 * table created on the way (it needs no set-up step), then --explain's
 * stand-ins or the dual writes over it.
 */
#include "datastore/open.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datastore/ddb/creds.h"
#include "datastore/ddb/ddb.h"
#include "datastore/explain_table.h"
#include "datastore/local/local.h"
#include "datastore/migrate/dualwrite.h"
#include "datastore/read_only_table.h"

/* Under --explain nothing is sent: a region and credentials only have to be there. */
#define OPEN_EXPLAIN_REGION "us-east-1"
#define OPEN_EXPLAIN_CREDENTIAL "EXPLAIN"

static void
open_warn(struct store_open_warnings *w, char *text)
{
	if (text == NULL)
		return;
	if (w->count == STORE_OPEN_WARNINGS_MAX) {
		free(text);
		return;
	}
	w->text[w->count++] = text;
}

void
store_open_warnings_done(struct store_open_warnings *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->count; i++)
		free(w->text[i]);
	w->count = 0;
}

bool
store_open_dynamodb(const struct store_open_options *o)
{
	return o->explain || (o->store != NULL && strcmp(o->store, "dynamodb") == 0);
}

static struct table *
open_dynamodb(const struct store_open_options *o, struct table_err *err)
{
	struct ddb_options d;

	memset(&d, 0, sizeof d);
	d.table = o->table;
	d.region = o->region;
	d.endpoint = o->endpoint;
	d.access_key_id = o->access_key_id;
	d.secret_access_key = o->secret_access_key;
	d.session_token = o->session_token;
	d.chain = o->aws_chain;
	d.explain = o->explain;
	d.explain_out = o->explain_out;
	if (o->explain) {
		if (d.region == NULL)
			d.region = OPEN_EXPLAIN_REGION;
		if (d.access_key_id == NULL)
			d.access_key_id = OPEN_EXPLAIN_CREDENTIAL;
		if (d.secret_access_key == NULL)
			d.secret_access_key = OPEN_EXPLAIN_CREDENTIAL;
	}
	return ddb_open(&d, err);
}

static struct table *
open_local(const struct store_open_options *o, struct table_err *err)
{
	struct table *t;
	bool created;

	if (o->db == NULL) {
		table_err_set(err, TABLE_INVALID, "no database path");
		return NULL;
	}
	if (o->read_only) {
		/* Read-only creates nothing: not the file, not its table. */
		struct stat st;
		if (stat(o->db, &st) != 0) {
			table_err_set(err, TABLE_NOT_FOUND, "no database at %s (read-only creates none)", o->db);
			return NULL;
		}
		return local_open(o->db, o->table, err);
	}
	t = local_open(o->db, o->table, err);
	if (t == NULL)
		return NULL;
	/* The embedded store needs no set-up step: its table exists once it is opened. */
	if (table_create(t, &created, err) != 0) {
		table_close(t);
		return NULL;
	}
	return t;
}

int
store_open(const struct store_open_options *o, struct table **out, struct store_open_warnings *warnings,
    struct table_err *err)
{
	const char *store = o->store != NULL ? o->store : "local";
	struct table *t = NULL;

	*out = NULL;
	warnings->count = 0;
	table_err_clear(err);
	if (o->table == NULL)
		return table_err_set(err, TABLE_INVALID, "no table name");
	if (store_open_dynamodb(o))
		t = open_dynamodb(o, err);
	else if (strcmp(store, "local") == 0)
		t = open_local(o, err);
	else
		return table_err_set(err, TABLE_INVALID, "unknown store '%s' (use local or dynamodb)", store);
	if (t == NULL)
		return -1;
	if (o->explain)
		t = explain_table_wrap(t, o->explain_out);
	else if (o->dual_write) {
		/* Dual writes to the legacy tables while a migration is under way ([legacy] dual_write). */
		char *warning = NULL;

		dualwrite_open(&t, o->legacy_goals_table, o->legacy_activities_table, &warning);
		open_warn(warnings, warning);
	}
	if (o->read_only)
		t = read_only_table_wrap(t);
	*out = t;
	return 0;
}

int
store_aws_identity(const struct aws_chain *chain, bool ask_sts, struct store_aws_identity *out)
{
	struct creds_provider *p = creds_provider_new(chain);
	struct creds_value v;
	struct creds_info info;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (creds_get(p, &v, &out->why) == 0) {
		creds_value_done(&v);
		creds_describe(p, &info);
		memcpy(out->source, info.source, sizeof out->source);
		out->expires_ms = info.expires_ms;
		out->from_cache = info.from_cache;
		out->identity = ask_sts && creds_caller_identity(p, out->account, sizeof out->account, out->arn, sizeof out->arn,
		    &out->why) == 0;
		rc = 0;
	} else {
		creds_describe(p, &info);
		memcpy(out->source, info.source, sizeof out->source);
	}
	creds_provider_free(p);
	return rc;
}

void
store_aws_identity_done(struct store_aws_identity *out)
{
	free(out->why);
	out->why = NULL;
}
