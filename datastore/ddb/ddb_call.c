/*
 * The DynamoDB backend's calls: every request signed (SigV4, the real clock),
 * sent (several at once when there are several) and retried by the rules of
 * shared/design/dynamodb-protocol.md sections 3 and 4, with full-jitter
 * backoff; and the raw calls of ddb.h for what the table interface has no
 * operation for. Every operation (ddb_ops.c, ddb_batch.c, ddb.c) goes
 * through ddb_run.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "datastore/ddb/creds.h"
#include "datastore/ddb/ddb_int.h"
#include "datastore/ddb/sigv4.h"
#include "datastore/timefmt.h"
#include "util/json_write.h"
#include "util/xmalloc.h"

#define DDB_TARGET_PREFIX "DynamoDB_20120810."
#define DDB_CONNECT_ATTEMPTS 3

/* A batch worker's own HTTP client: its calls skip the shared client and its lock. */
_Thread_local struct http_client *ddb_thread_http;

/* ---- calls: sign, send, retry ---- */

void
ddb_call_init(struct ddb_call *c, const char *op, json_t *req)
{
	memset(c, 0, sizeof *c);
	c->op = op;
	c->req = req;
	c->e.index = -1;
	c->body = json_write(req, JSON_COMPACT);
	c->len = c->body != NULL ? strlen(c->body) : 0;
}

void
ddb_call_done(struct ddb_call *c)
{
	free(c->body);
	c->body = NULL;
	json_decref(c->answer);
	c->answer = NULL;
	ddb_error_done(&c->e);
}

/* Resets a call for a new request body (the batch's unprocessed rest). */
void
ddb_call_rebody(struct ddb_call *c, json_t *req)
{
	free(c->body);
	json_decref(c->answer);
	c->answer = NULL;
	c->req = req;
	c->body = json_write(req, JSON_COMPACT);
	c->len = c->body != NULL ? strlen(c->body) : 0;
	c->done = false;
	c->tries = 0;
}

double
ddb_uniform(void)
{
	uint32_t r;

	if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r)
		r = (uint32_t)clock_real_ms() * 2654435761u;
	return (double)r / 4294967296.0;
}

void
ddb_sleep(struct ddb *d, long ms)
{
	struct timespec ts;

	/* The test transport sees every backoff, a zero one from full jitter included. */
	if (d->hooked) {
		if (d->transport.sleep_ms != NULL)
			d->transport.sleep_ms(d->transport.ctx, ms < 0 ? 0 : ms);
		return;
	}
	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

long
ddb_backoff_ms(int retry, double u)
{
	long cap = DDB_BACKOFF_CAP_MS;

	if (retry < 0)
		retry = 0;
	if (retry < 20 && ((long)DDB_BACKOFF_BASE_MS << retry) < cap)
		cap = (long)DDB_BACKOFF_BASE_MS << retry;
	if (!(u >= 0))
		u = 0;
	if (u >= 1)
		u = 0.999999;
	return (long)(u * (double)cap);
}

/* Operations that change the table: their outcome matters when an answer is lost. */
static bool
ddb_is_write(const char *op)
{
	static const char *const writes[] = {
		"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem", NULL,
	};
	for (size_t i = 0; op != NULL && writes[i] != NULL; i++)
		if (strcmp(op, writes[i]) == 0)
			return true;
	return false;
}

/* The final words of a failure: the table's name, the region, how many attempts. */
static void
ddb_call_final(struct ddb *d, const char *table, struct ddb_call *c)
{
	char msg[sizeof c->e.message];

	memcpy(msg, c->e.message, sizeof msg);
	switch (c->e.status) {
	case TABLE_NO_TABLE:
		xsnprintf(c->e.message, sizeof c->e.message,
		    "table %s does not exist (run: ailife table create)", table);
		break;
	case TABLE_AUTH:
		xsnprintf(c->e.message, sizeof c->e.message, "%s (region %s)", msg, d->region);
		break;
	default:
		if (c->tries > 1 && c->e.retry != DDB_RETRY_NO)
			xsnprintf(c->e.message, sizeof c->e.message, "%s (after %d attempts)", msg,
			    c->tries);
		/* A write given up after an answer that may hide success must not read as "not done". */
		if (c->unknown && ddb_is_write(c->op) && strstr(c->e.message, "may have been applied") == NULL) {
			memcpy(msg, c->e.message, sizeof msg);
			xsnprintf(c->e.message, sizeof c->e.message, "%s; an earlier attempt may have been applied", msg);
		}
		break;
	}
}

/* Signs and sends the pending calls once (several at once when there are several). */
static void
ddb_send_round(struct ddb *d, struct ddb_call **pending, size_t n, struct http_response *resps,
    const struct creds_value *cv)
{
	struct http_request *reqs = xcalloc(n, sizeof *reqs);
	struct sigv4_headers *sh = xcalloc(n, sizeof *sh);
	struct http_header **hh = xcalloc(n, sizeof *hh);
	struct sigv4_creds creds = { d->akid, d->secret, d->token };
	if (cv != NULL)
		creds = (struct sigv4_creds){ cv->akid, cv->secret, cv->token };
	size_t *map = xcalloc(n, sizeof *map), m = 0;

	for (size_t i = 0; i < n; i++) {
		struct ddb_call *c = pending[i];
		char target[64];

		memset(&resps[i], 0, sizeof resps[i]);
		xsnprintf(target, sizeof target, DDB_TARGET_PREFIX "%s", c->op);
		/* A fresh X-Amz-Date on every attempt, from the real clock (never --now). */
		if (sigv4_sign_dynamodb(&creds, d->region, d->host, target, c->body, c->len,
		    clock_real_ms(), &sh[i]) != 0) {
			resps[i].result = HTTP_FAILED;
			xsnprintf(resps[i].error, sizeof resps[i].error,
			    "could not sign the request (a control character in the credentials?)");
			continue;
		}
		hh[i] = xcalloc(sh[i].n, sizeof *hh[i]);
		for (size_t k = 0; k < sh[i].n; k++) {
			hh[i][k].name = sh[i].v[k].name;
			hh[i][k].value = sh[i].v[k].value;
		}
		reqs[m].url = d->url;
		reqs[m].headers = hh[i];
		reqs[m].header_count = sh[i].n;
		reqs[m].body = c->body;
		reqs[m].body_len = c->len;
		map[m++] = i;
	}
	if (m > 0) {
		struct http_response *got = xcalloc(m, sizeof *got);

		if (ddb_thread_http != NULL && !d->hooked) {
			if (m == 1)
				http_send(ddb_thread_http, &reqs[0], &got[0]);
			else
				http_send_many(ddb_thread_http, reqs, got, m);
		} else {
			pthread_mutex_lock(&d->lock);
			if (d->hooked)
				d->transport.send(d->transport.ctx, reqs, got, m);
			else if (m == 1)
				http_send(d->http, &reqs[0], &got[0]);
			else
				http_send_many(d->http, reqs, got, m);
			pthread_mutex_unlock(&d->lock);
		}
		for (size_t k = 0; k < m; k++)
			resps[map[k]] = got[k];
		free(got);
	}
	for (size_t i = 0; i < n; i++) {
		sigv4_headers_done(&sh[i]);
		free(hh[i]);
	}
	free(map);
	free(hh);
	free(sh);
	free(reqs);
}

/* An answer that says the keys are out of date. */
static bool
ddb_expired_token(const char *code)
{
	return strcmp(code, "ExpiredTokenException") == 0 || strcmp(code, "ExpiredToken") == 0 ||
	    strcmp(code, "RequestExpired") == 0;
}

/* The keys of a round; -1 when there are none, every pending call then failed with why. */
static int
ddb_creds_round(struct ddb *d, struct ddb_call **pending, size_t np, struct creds_value *cv)
{
	char *why = NULL;
	if (creds_get(d->creds, cv, &why) == 0)
		return 0;
	for (size_t i = 0; i < np; i++) {
		struct ddb_call *c = pending[i];
		ddb_error_done(&c->e);
		ddb_error_clear(&c->e);
		c->e.status = TABLE_AUTH;
		xsnprintf(c->e.message, sizeof c->e.message, "%s", why != NULL ? why : "no AWS credentials");
		c->failed = true;
		c->done = true;
	}
	free(why);
	return -1;
}

/*
 * Runs the calls that are not done until each has an answer or a final
 * failure: retryable failures (section 3 of the protocol doc) are sent
 * again, re-signed, the body byte-identical, after a full-jitter backoff.
 */
void
ddb_run(struct ddb *d, const char *table, struct ddb_call *calls, size_t n)
{
	struct ddb_call **pending = xcalloc(n > 0 ? n : 1, sizeof *pending);
	struct http_response *resps = xcalloc(n > 0 ? n : 1, sizeof *resps);

	for (int round = 0; ; round++) {
		size_t np = 0;

		for (size_t i = 0; i < n; i++) {
			struct ddb_call *c = &calls[i];

			if (c->done)
				continue;
			if (d->explain) {
				ddb_explain_call(d, c);
				c->explained = true;
				c->done = true;
				continue;
			}
			if (c->body == NULL) {
				ddb_error_done(&c->e);
				ddb_error_clear(&c->e);
				c->e.status = TABLE_ERROR;
				xsnprintf(c->e.message, sizeof c->e.message,
				    "could not encode the request");
				c->failed = true;
				c->done = true;
				continue;
			}
			pending[np++] = c;
		}
		if (np == 0)
			break;
		if (round > 0) {
			/* Never delay the first attempt; one sleep per round for every retry in it. */
			ddb_sleep(d, ddb_backoff_ms(round - 1, ddb_uniform()));
		}
		/* The provider's current keys (refreshed before they expire), for every call of the round. */
		struct creds_value cv;
		memset(&cv, 0, sizeof cv);
		if (d->creds != NULL && ddb_creds_round(d, pending, np, &cv) != 0)
			continue;
		ddb_send_round(d, pending, np, resps, d->creds != NULL ? &cv : NULL);
		creds_value_done(&cv);
		for (size_t i = 0; i < np; i++) {
			struct ddb_call *c = pending[i];
			struct table_err perr;

			c->tries++;
			ddb_error_done(&c->e);
			/* A quiet re-send by libcurl may have applied the first send: as after a timeout. */
			if (resps[i].resent)
				c->unknown = true;
			if (ddb_classify(&resps[i], d->where, &c->e) == 0) {
				c->answer = ddb_parse_answer(resps[i].body, resps[i].body_len, &perr);
				if (c->answer == NULL) {
					c->e.status = perr.status;
					xsnprintf(c->e.message, sizeof c->e.message, "%s", perr.message);
					c->failed = true;
				}
				c->done = true;
			} else if (d->creds != NULL && !c->refreshed && ddb_expired_token(c->e.code)) {
				/* The keys expired under us: new ones, and the same body once more. */
				c->refreshed = true;
				creds_expire(d->creds);
			} else {
				if (c->e.unknown)
					c->unknown = true;
				/*
				 * An endpoint that refuses connections is down or wrong: a few
				 * tries cover a restart, ten would keep a person waiting ~15 s.
				 */
				if (c->e.retry == DDB_RETRY_NO || c->tries >= d->attempts ||
				    (c->e.connect && c->tries >= DDB_CONNECT_ATTEMPTS)) {
					c->failed = true;
					c->done = true;
					ddb_call_final(d, table, c);
				}
			}
			http_response_done(&resps[i]);
		}
	}
	free(resps);
	free(pending);
}

int
ddb_run_one(struct ddb *d, const char *table, struct ddb_call *c)
{
	ddb_run(d, table, c, 1);
	return c->failed ? -1 : 0;
}

/* A failed call's error into err. */
int
ddb_fail(struct ddb_call *c, struct table_err *err)
{
	table_err_set(err, c->e.status, "%s", c->e.message);
	/* Given up after an attempt that may have been applied: ddb_resolve_* (ddb_ops.c) may clear it. */
	if (err != NULL && c->unknown && ddb_is_write(c->op) &&
	    (c->e.status == TABLE_NETWORK || c->e.status == TABLE_ERROR || c->e.status == TABLE_THROTTLED))
		err->unknown = true;
	if (err != NULL && c->e.status == TABLE_TXN_CANCELED) {
		err->index = c->e.index;
		err->reason = c->e.reason;
	}
	return -1;
}

/* ---- raw calls (ddb_int.h) ---- */

int
ddb_call_many(struct table *t, const char *op, json_t *const *reqs, json_t **answers, size_t n,
    struct table_err *err)
{
	struct ddb_call *calls;
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		answers[i] = NULL;
	if (!ddb_is(t))
		return table_err_set(err, TABLE_INVALID, "%s needs the DynamoDB store (--store dynamodb)", op);
	if (op == NULL || *op == '\0' || strlen(op) > 40)
		return table_err_set(err, TABLE_INVALID, "no operation");
	for (const char *p = op; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')))
			return table_err_set(err, TABLE_INVALID, "'%s' is not an operation name", op);
	if (n == 0)
		return 0;
	calls = xcalloc(n, sizeof *calls);
	for (size_t i = 0; i < n; i++)
		ddb_call_init(&calls[i], op, reqs[i]);
	ddb_run(ddb_of(t), t->name, calls, n);
	for (size_t i = 0; i < n; i++) {
		struct ddb_call *c = &calls[i];

		if (c->failed) {
			if (rc == 0) {
				const char *name = json_string_value(json_object_get(reqs[i], "TableName"));

				/* ddb_run's words name the single table and its create command. */
				if (c->e.status == TABLE_NO_TABLE)
					xsnprintf(c->e.message, sizeof c->e.message, "table %s does not exist",
					    name != NULL ? name : "?");
				rc = ddb_fail(c, err);
			}
			continue;
		}
		if (c->explained) {
			answers[i] = json_object();
			continue;
		}
		table_trace_capacity(t, ddb_parse_capacity(c->answer));
		answers[i] = json_incref(c->answer);
	}
	for (size_t i = 0; i < n; i++)
		ddb_call_done(&calls[i]);
	free(calls);
	return rc;
}

int
ddb_call(struct table *t, const char *op, json_t *req, json_t **answer, struct table_err *err)
{
	return ddb_call_many(t, op, &req, answer, 1, err);
}
