/*
 * The DynamoDB backend: every table operation as one or more DynamoDB JSON
 * 1.0 calls, SigV4 signed with the real clock, retried by the rules of
 * shared/design/dynamodb-protocol.md sections 3 and 4.
 *
 * The embedded backend (datastore/local/local.c) is the reference: the same
 * contract suite runs on both, so a request is checked before it is sent by
 * the rules local.c checks it by (datastore/table_check.c, one copy for
 * both), and DynamoDB's answers are mapped onto the same statuses.
 *
 * Every answer is outside input: parsed with json_loadb from a bounded body,
 * every member's type checked, nothing trusted to be there.
 *
 * This file opens and closes the table and holds the backend's table of
 * operations, with DescribeTable and CreateTable. The rest of the backend:
 * ddb_render.c (checks, expressions, request bodies), ddb_explain.c
 * (--explain), ddb_answer.c (answers and errors), ddb_call.c (signing,
 * sending, retrying), ddb_ops.c (item operations and queries), ddb_batch.c
 * (BatchWriteItem), ddb_tables.c (other tables by name); ddb_int.h is what
 * they share.
 */
#include "datastore/ddb/ddb.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/creds.h"
#include "datastore/ddb/ddb_int.h"
#include "datastore/table_check.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define DDB_BATCH_PARALLEL 16
#define DDB_CREATE_WAIT_MS (10 * 60 * 1000)
#define DDB_CREATE_POLLS 400     /* and at most this many DescribeTable calls (2 s apart at most) */

/* The backend's state behind a table of ddb_backend. */
struct ddb *
ddb_of(struct table *t)
{
	return t->data;
}

/* ---- DescribeTable, CreateTable ---- */

static long long
ddb_elapsed_since(long long start)
{
	return clock_real_ms() - start;
}

/* The table and every GSI ACTIVE. -1 with err when the answer is not a description. */
static int
ddb_describe_active(json_t *answer, bool *active, struct table_err *err)
{
	json_t *table = json_object_get(answer, "Table"), *gsis, *g;
	const char *status;
	size_t i;

	*active = false;
	if (!json_is_object(table))
		return table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: no Table");
	status = json_string_value(json_object_get(table, "TableStatus"));
	if (status == NULL)
		return table_err_set(err, TABLE_ERROR,
		    "unexpected answer from DynamoDB: no TableStatus");
	if (strcmp(status, "ACTIVE") != 0)
		return 0;
	gsis = json_object_get(table, "GlobalSecondaryIndexes");
	json_array_foreach(gsis, i, g) {
		const char *s = json_string_value(json_object_get(g, "IndexStatus"));

		if (s != NULL && strcmp(s, "ACTIVE") != 0)
			return 0;
	}
	*active = true;
	return 0;
}

static int
ddb_describe_raw(struct table *t, json_t **out, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req = json_pack("{s:s}", "TableName", t->name);
	int rc = 0;

	*out = NULL;
	ddb_call_init(&c, "DescribeTable", req);
	if (ddb_run_one(d, t->name, &c) != 0)
		rc = ddb_fail(&c, err);
	else if (c.explained)
		*out = table_expected_description(t->name);
	else if (!json_is_object(json_object_get(c.answer, "Table")))
		rc = table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: no Table");
	else
		*out = json_incref(c.answer);
	ddb_call_done(&c);
	json_decref(req);
	return rc;
}

static int
ddb_describe(struct table *t, json_t **out, struct table_err *err)
{
	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "describe needs somewhere to put the answer");
	return ddb_describe_raw(t, out, err);
}

static int
ddb_create(struct table *t, bool *created, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req = ddb_render_create(t->name);
	long long start = clock_real_ms();
	long wait = 100;
	int rc = 0;

	*created = false;
	ddb_call_init(&c, "CreateTable", req);
	if (ddb_run_one(d, t->name, &c) == 0)
		*created = !c.explained;
	else if (strcmp(c.e.code, "ResourceInUseException") == 0)
		/*
		 * The table exists. After an attempt whose outcome is unknown (its
		 * answer was lost) it is, in all likelihood, the one that attempt
		 * created: a create racing ours within the same retry loop is far
		 * less likely than our own write coming back.
		 */
		*created = c.unknown;
	else
		rc = ddb_fail(&c, err);
	ddb_call_done(&c);
	json_decref(req);
	if (rc != 0 || d->explain)
		return rc;
	/* Poll until the table and its indexes are ACTIVE (DynamoDB Local: at once). */
	for (int polls = 1; ; polls++) {
		json_t *desc = NULL;
		bool active = false;
		struct table_err derr;

		table_err_clear(&derr);
		if (ddb_describe_raw(t, &desc, &derr) == 0)
			rc = ddb_describe_active(desc, &active, &derr);
		else if (derr.status == TABLE_NO_TABLE && *created)
			rc = 0;         /* just created: the description may lag */
		else
			rc = -1;
		json_decref(desc);
		if (rc != 0) {
			table_err_set(err, derr.status, "%s", derr.message);
			return -1;
		}
		if (active)
			return 0;
		if (ddb_elapsed_since(start) > DDB_CREATE_WAIT_MS || polls >= DDB_CREATE_POLLS)
			return table_err_set(err, TABLE_ERROR,
			    "table %s did not become ACTIVE within %d minutes", t->name,
			    DDB_CREATE_WAIT_MS / 60000);
		ddb_sleep(d, wait);
		if (wait < 2000)
			wait *= 2;
	}
}

static void
ddb_wipe_free(char *s, size_t n)
{
	if (s == NULL)
		return;
	explicit_bzero(s, n);
	free(s);
}

static void
ddb_close(struct table *t)
{
	struct ddb *d;

	if (t == NULL)
		return;
	d = t->data;
	if (d != NULL) {
		if (d->http != NULL)
			http_client_free(d->http);
		ddb_wipe_free(d->secret, d->secret_len);
		ddb_wipe_free(d->token, d->token_len);
		creds_provider_free(d->creds);
		free(d->ca_file);
		free(d->akid);
		free(d->region);
		free(d->url);
		free(d->host);
		free(d->where);
		pthread_mutex_destroy(&d->lock);
		free(d);
	}
	free(t->name);
	free(t);
}

static const struct table_backend ddb_backend = {
	.name = "dynamodb",
	.close = ddb_close,
	.get = ddb_get,
	.put = ddb_put,
	.update = ddb_update,
	.del = ddb_del,
	.query = ddb_query,
	.transact = ddb_transact,
	.batch = ddb_batch,
	.create = ddb_create,
	.describe = ddb_describe,
	.query_many = ddb_query_many,
	.scan_many = ddb_scan_many,
	.describe_named = ddb_describe_named,
	.delete_named = ddb_delete_named,
};

bool
ddb_is(const struct table *t)
{
	return t != NULL && t->backend == &ddb_backend;
}

/* ---- opening ---- */

static bool
ddb_region_ok(const char *r)
{
	size_t n = 0;

	if (r == NULL)
		return false;
	for (; r[n] != '\0'; n++)
		if (!((r[n] >= 'a' && r[n] <= 'z') || (r[n] >= '0' && r[n] <= '9') || r[n] == '-'))
			return false;
	return n > 0 && n <= 64;
}

/*
 * The endpoint as the URL every call goes to: http:// or https://, a host,
 * maybe a port, and no path but "/" (every call is POST /, and that is what
 * is signed), no query, no user information.
 */
static char *
ddb_endpoint_url(const char *endpoint, struct table_err *err)
{
	const char *rest, *slash;
	size_t n;

	if (strncmp(endpoint, "https://", 8) == 0)
		rest = endpoint + 8;
	else if (strncmp(endpoint, "http://", 7) == 0)
		rest = endpoint + 7;
	else {
		table_err_set(err, TABLE_INVALID,
		    "endpoint %.200s: must start with https:// (or http:// for DynamoDB Local)",
		    endpoint);
		return NULL;
	}
	for (const char *p = endpoint; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f || *p == '?' ||
		    *p == '#' || *p == '@' || *p == '\\') {
			table_err_set(err, TABLE_INVALID,
			    "endpoint %.200s: a URL like https://host[:port] without spaces,"
			    " user names, queries or fragments", endpoint);
			return NULL;
		}
	slash = strchr(rest, '/');
	if (slash == rest || *rest == '\0' || (slash != NULL && strcmp(slash, "/") != 0)) {
		table_err_set(err, TABLE_INVALID,
		    "endpoint %.200s: a URL like https://host[:port] (no path)", endpoint);
		return NULL;
	}
	n = slash != NULL ? (size_t)(slash - endpoint) : strlen(endpoint);
	return xasprintf("%.*s/", (int)n, endpoint);
}

/* "host:port" for messages: the Host header with the scheme's port when it names none. */
static char *
ddb_where(const char *url, const char *host)
{
	const char *close = host[0] == '[' ? strchr(host, ']') : NULL;
	bool has_port = close != NULL ? close[1] == ':' : strchr(host, ':') != NULL;

	if (has_port)
		return xstrdup(host);
	return xasprintf("%s:%s", host, strncmp(url, "https://", 8) == 0 ? "443" : "80");
}

/*
 * Attempts per call: AWS_MAX_ATTEMPTS (the AWS SDKs' variable, 1 to 20)
 * when set to a number, else DDB_ATTEMPTS_DEFAULT.
 */
static int
ddb_attempts_env(void)
{
	const char *v = getenv("AWS_MAX_ATTEMPTS");
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return DDB_ATTEMPTS_DEFAULT;
	n = strtol(v, &end, 10);
	return *end == '\0' && n >= 1 && n <= 20 ? (int)n : DDB_ATTEMPTS_DEFAULT;
}

struct table *
ddb_open(const struct ddb_options *opts, struct table_err *err)
{
	struct http_options ho;
	struct table *t;
	struct ddb *d;
	char *endpoint;

	table_err_clear(err);
	if (opts == NULL) {
		table_err_set(err, TABLE_INVALID, "no DynamoDB options");
		return NULL;
	}
	if (table_check_table_name(opts->table, err) != 0)
		return NULL;
	if (!ddb_region_ok(opts->region)) {
		table_err_set(err, TABLE_INVALID,
		    "no usable AWS region (\"%.64s\"): set one with --region, AWS_REGION or the profile",
		    opts->region != NULL ? opts->region : "");
		return NULL;
	}
	bool chained = opts->chain != NULL && opts->chain->kind != AWS_SRC_NONE && !opts->explain;
	if (!opts->explain && !chained && (opts->access_key_id == NULL || *opts->access_key_id == '\0' ||
	    opts->secret_access_key == NULL || *opts->secret_access_key == '\0')) {
		table_err_set(err, TABLE_AUTH,
		    "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,"
		    " or a profile with aws_access_key_id and aws_secret_access_key");
		return NULL;
	}
	if (opts->transport != NULL && opts->transport->send == NULL) {
		table_err_set(err, TABLE_INVALID, "a test transport without send");
		return NULL;
	}
	if (opts->endpoint != NULL && *opts->endpoint != '\0')
		endpoint = ddb_endpoint_url(opts->endpoint, err);
	else if (strncmp(opts->region, "cn-", 3) == 0)
		endpoint = xasprintf("https://dynamodb.%s.amazonaws.com.cn/", opts->region);
	else
		endpoint = xasprintf("https://dynamodb.%s.amazonaws.com/", opts->region);
	if (endpoint == NULL)
		return NULL;

	d = xcalloc(1, sizeof *d);
	pthread_mutex_init(&d->lock, NULL);
	d->url = endpoint;
	d->host = http_host_header(endpoint);
	if (d->host == NULL) {
		table_err_set(err, TABLE_INVALID, "endpoint %.200s is not a usable URL", endpoint);
		goto fail_d;
	}
	d->where = ddb_where(endpoint, d->host);
	d->region = xstrdup(opts->region);
	d->akid = xstrdup(opts->access_key_id != NULL ? opts->access_key_id : "");
	d->secret_len = opts->secret_access_key != NULL ? strlen(opts->secret_access_key) : 0;
	d->secret = xstrndup(opts->secret_access_key != NULL ? opts->secret_access_key : "",
	    d->secret_len);
	if (opts->session_token != NULL && *opts->session_token != '\0') {
		d->token_len = strlen(opts->session_token);
		d->token = xstrndup(opts->session_token, d->token_len);
	}
	d->attempts = opts->max_attempts > 0 ? opts->max_attempts : ddb_attempts_env();
	if (opts->max_attempts <= 0 && opts->chain != NULL && opts->chain->max_attempts > 0)
		d->attempts = opts->chain->max_attempts;
	if (opts->chain != NULL && opts->chain->ca_bundle != NULL)
		d->ca_file = xstrdup(opts->chain->ca_bundle);
	if (chained) {
		/*
		 * The keys come with the first request (in the TUI on its worker: a source that is
		 * down, an SSO session over, is said on the screen and r tries again), but for a
		 * role that may need an MFA code: that is asked now, on the terminal, before any
		 * screen is drawn.
		 */
		bool mfa = false;
		for (size_t i = 0; i < opts->chain->nroles; i++)
			mfa = mfa || opts->chain->roles[i].mfa_serial != NULL;
		struct creds_value cv;
		char *why = NULL;
		d->creds = creds_provider_new(opts->chain);
		if (mfa && creds_get(d->creds, &cv, &why) != 0) {
			table_err_set(err, TABLE_AUTH, "%s", why != NULL ? why : "no AWS credentials");
			free(why);
			goto fail_d;
		}
		if (mfa)
			creds_value_done(&cv);
	}
	d->batch_parallel = opts->batch_parallel > 0 ? opts->batch_parallel : DDB_BATCH_PARALLEL;
	d->explain = opts->explain;
	d->explain_out = opts->explain_out;
	if (opts->transport != NULL) {
		d->transport = *opts->transport;
		d->hooked = true;
	} else if (!opts->explain) {
		memset(&ho, 0, sizeof ho);
		ho.connect_timeout_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms : 3000;
		ho.total_timeout_ms = opts->total_timeout_ms > 0 ? opts->total_timeout_ms : 30000;
		/* The config file's connect_timeout / read_timeout, through the chain. */
		if (opts->connect_timeout_ms <= 0 && opts->chain != NULL && opts->chain->connect_timeout_ms > 0)
			ho.connect_timeout_ms = opts->chain->connect_timeout_ms;
		if (opts->total_timeout_ms <= 0 && opts->chain != NULL && opts->chain->read_timeout_ms > 0)
			ho.total_timeout_ms = opts->chain->read_timeout_ms;
		ho.user_agent = "ailife/" AILIFE_VERSION;
		ho.ca_file = d->ca_file;
		d->connect_timeout_ms = ho.connect_timeout_ms;
		d->total_timeout_ms = ho.total_timeout_ms;
		d->http = http_client_create(&ho);
		if (d->http == NULL) {
			table_err_set(err, TABLE_NETWORK, "could not set up HTTP (libcurl)");
			goto fail_d;
		}
	}
	t = xcalloc(1, sizeof *t);
	t->backend = &ddb_backend;
	t->name = xstrdup(opts->table);
	t->data = d;
	return t;
fail_d:
	t = xcalloc(1, sizeof *t);
	t->backend = &ddb_backend;
	t->data = d;
	ddb_close(t);
	return NULL;
}
