/*
 * BatchWriteItem for the table's batch operation: the writes cut into
 * chunks of TABLE_BATCH_MAX (the last write of a key kept), each chunk's
 * UnprocessedItems resent with backoff, and the chunks kept in flight by
 * pipelined workers with connections of their own (the test transport is
 * driven in waves instead).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb_int.h"
#include "datastore/table_check.h"
#include "util/xmalloc.h"

/* "<len>:<pk><sk>": a key's identity as one string (any bytes in pk and sk). */
static char *
ddb_key_ident(const struct table_keys *k)
{
	return xasprintf("%zu:%s%s", strlen(k->pk), k->pk, k->sk);
}

/* Whether every write in rest (RequestItems of table) is one we sent in sent. */
static bool
ddb_rest_ours(json_t *rest, const char *table, json_t *sent)
{
	json_t *reqs = json_object_get(rest, table), *r, *s;
	json_t *ours = json_object_get(json_object_get(sent, "RequestItems"), table);
	size_t i, j;

	json_array_foreach(reqs, i, r) {
		bool found = false;

		json_array_foreach(ours, j, s)
			if (json_equal(r, s)) {
				found = true;
				break;
			}
		if (!found)
			return false;
	}
	return true;
}

/*
 * One chunk of a batch to the end: the call, then its UnprocessedItems
 * resent (exactly those) with backoff until none are left. *capacity adds
 * what DynamoDB reported.
 */
static int
ddb_batch_chunk(struct ddb *d, const char *table, json_t *chunk, double *capacity, struct table_err *err)
{
	struct ddb_call call;
	json_t *cur = json_incref(chunk);
	int rc = 0;

	ddb_call_init(&call, "BatchWriteItem", cur);
	for (int round = 0;; round++) {
		json_t *rest = NULL;
		size_t left = 0;

		ddb_run(d, table, &call, 1);
		if (!call.done || call.answer == NULL) {
			rc = ddb_fail(&call, err);
			break;
		}
		*capacity += ddb_parse_capacity(call.answer);
		if (ddb_parse_unprocessed(call.answer, table, &rest, &left, err) != 0) {
			rc = -1;
			break;
		}
		if (rest == NULL)
			break;
		/* Resend exactly what was not processed, and nothing we did not send. */
		if (!ddb_rest_ours(rest, table, cur)) {
			json_decref(rest);
			rc = table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: unprocessed writes that were not sent");
			break;
		}
		if (round + 1 >= d->attempts) {
			json_decref(rest);
			rc = table_err_set(err, TABLE_THROTTLED,
			    "%zu writes of the batch were still unprocessed after %d attempts", left, round + 1);
			break;
		}
		json_decref(cur);
		cur = json_pack("{s:o}", "RequestItems", rest);
		ddb_call_rebody(&call, cur);
		ddb_sleep(d, ddb_backoff_ms(round, ddb_uniform()));
	}
	ddb_call_done(&call);
	json_decref(cur);
	return rc;
}

/* The batch workers' shared state: the chunks, the next one to take, the first failure. */
struct ddb_batch_job {
	struct ddb *d;
	const char *table;
	json_t **chunks;
	size_t nchunks;
	size_t next;
	pthread_mutex_t mu;
	int rc;
	struct table_err err;
	double capacity;
};

/* A batch worker: takes chunks one after another on a connection of its own. */
static void *
ddb_batch_worker(void *arg)
{
	struct ddb_batch_job *j = arg;
	struct http_options ho = {
		.connect_timeout_ms = j->d->connect_timeout_ms,
		.total_timeout_ms = j->d->total_timeout_ms,
		.user_agent = "ailife/" AILIFE_VERSION,
		.ca_file = j->d->ca_file,
	};
	struct http_client *hc = http_client_create(&ho);

	ddb_thread_http = hc;
	for (;;) {
		struct table_err err;
		double cap = 0;
		size_t idx;
		int rc;

		pthread_mutex_lock(&j->mu);
		if (j->rc != 0 || j->next >= j->nchunks) {
			pthread_mutex_unlock(&j->mu);
			break;
		}
		idx = j->next++;
		pthread_mutex_unlock(&j->mu);
		table_err_clear(&err);
		rc = hc != NULL ? ddb_batch_chunk(j->d, j->table, j->chunks[idx], &cap, &err)
		    : table_err_set(&err, TABLE_NETWORK, "could not set up HTTP (libcurl)");
		pthread_mutex_lock(&j->mu);
		j->capacity += cap;
		if (rc != 0 && j->rc == 0) {
			j->rc = rc;
			j->err = err;
		}
		pthread_mutex_unlock(&j->mu);
	}
	ddb_thread_http = NULL;
	if (hc != NULL)
		http_client_free(hc);
	return NULL;
}

/*
 * The chunks of a batch kept in flight: batch_parallel workers, each with its
 * own connection, take the next chunk as soon as theirs is done, so no call
 * waits for the slowest of a group. Returns -1 when a worker could not start.
 */
static int
ddb_batch_pipelined(struct ddb *d, struct table *t, json_t **chunks, size_t nchunks, struct table_err *err)
{
	size_t nw = (size_t)d->batch_parallel < nchunks ? (size_t)d->batch_parallel : nchunks;
	pthread_t *th = xcalloc(nw, sizeof *th);
	struct ddb_batch_job j = { .d = d, .table = t->name, .chunks = chunks, .nchunks = nchunks };
	size_t started = 0;

	pthread_mutex_init(&j.mu, NULL);
	table_err_clear(&j.err);
	for (; started < nw; started++)
		if (pthread_create(&th[started], NULL, ddb_batch_worker, &j) != 0)
			break;
	if (started == 0) {
		/* No thread at all: this one does the work. */
		ddb_batch_worker(&j);
	}
	for (size_t i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&j.mu);
	free(th);
	table_trace_capacity(t, j.capacity);
	if (j.rc != 0 && err != NULL)
		*err = j.err;
	return j.rc;
}

int
ddb_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys *keys;
	json_t *seen, **chunks = NULL;
	size_t *keep, nkeep = 0, nchunks, done_chunks = 0;
	int rc = 0;

	if (n == 0)
		return 0;
	keys = w != NULL ? xcalloc(n, sizeof *keys) : NULL;
	if (table_check_batch(w, n, ddb_check_foreign, keys, err) != 0) {
		free(keys);
		return -1;
	}
	/*
	 * BatchWriteItem refuses two writes on one key in a call, and calls run
	 * in parallel in no order: keep only the last write of every key, which
	 * is what the writes one after another would leave.
	 */
	seen = json_object();
	keep = xcalloc(n, sizeof *keep);
	for (size_t i = n; i-- > 0;) {
		char *id = ddb_key_ident(&keys[i]);

		if (json_object_get(seen, id) == NULL) {
			json_object_set_new(seen, id, json_true());
			keep[nkeep++] = i;
		}
		free(id);
	}
	json_decref(seen);
	free(keys);
	/* keep holds indexes from last to first; the order of writes across calls does not matter now. */
	nchunks = (nkeep + TABLE_BATCH_MAX - 1) / TABLE_BATCH_MAX;
	chunks = xcalloc(nchunks, sizeof *chunks);
	for (size_t c = 0; c < nchunks; c++) {
		json_t *reqs = json_array();

		for (size_t i = c * TABLE_BATCH_MAX; i < nkeep && i < (c + 1) * TABLE_BATCH_MAX; i++)
			json_array_append_new(reqs, ddb_batch_request(&w[keep[nkeep - 1 - i]]));
		/*
		 * No ReturnConsumedCapacity: DynamoDB Local takes an eighth longer to
		 * answer with it, and nothing shows an import's capacity.
		 */
		chunks[c] = json_pack("{s:{s:o}}", "RequestItems", t->name, reqs);
	}
	/* The test transport is one connection, driven in waves; the network gets the pipeline. */
	if (!d->hooked && !d->explain && nchunks > 1) {
		rc = ddb_batch_pipelined(d, t, chunks, nchunks, err);
		done_chunks = nchunks;
	}
	while (done_chunks < nchunks && rc == 0) {
		size_t wave = nchunks - done_chunks;
		struct ddb_call *calls;
		json_t **cur;
		int *rounds;

		if (wave > (size_t)d->batch_parallel)
			wave = (size_t)d->batch_parallel;
		calls = xcalloc(wave, sizeof *calls);
		cur = xcalloc(wave, sizeof *cur);
		rounds = xcalloc(wave, sizeof *rounds);
		for (size_t i = 0; i < wave; i++) {
			cur[i] = json_incref(chunks[done_chunks + i]);
			ddb_call_init(&calls[i], "BatchWriteItem", cur[i]);
		}
		for (int round = 0; rc == 0; round++) {
			bool again = false;

			ddb_run(d, t->name, calls, wave);
			for (size_t i = 0; i < wave; i++) {
				json_t *rest = NULL;
				size_t left = 0;

				if (!calls[i].done || calls[i].answer == NULL) {
					if (calls[i].failed && rc == 0)
						rc = ddb_fail(&calls[i], err);
					continue;
				}
				table_trace_capacity(t, ddb_parse_capacity(calls[i].answer));
				if (ddb_parse_unprocessed(calls[i].answer, t->name, &rest, &left, err) != 0) {
					rc = -1;
					continue;
				}
				json_decref(calls[i].answer);
				calls[i].answer = NULL;
				if (rest == NULL)
					continue;
				/* Resend exactly what was not processed, and nothing we did not send. */
				json_t *next = json_pack("{s:o}", "RequestItems", rest);
				if (!ddb_rest_ours(rest, t->name, cur[i])) {
					json_decref(next);
					rc = table_err_set(err, TABLE_ERROR,
					    "unexpected answer from DynamoDB: unprocessed writes that were not sent");
					continue;
				}
				if (++rounds[i] >= d->attempts) {
					json_decref(next);
					rc = table_err_set(err, TABLE_THROTTLED,
					    "%zu writes of the batch were still unprocessed after %d attempts",
					    left, rounds[i]);
					continue;
				}
				json_decref(cur[i]);
				cur[i] = next;
				ddb_call_rebody(&calls[i], cur[i]);
				again = true;
			}
			if (!again || rc != 0)
				break;
			ddb_sleep(d, ddb_backoff_ms(round, ddb_uniform()));
		}
		for (size_t i = 0; i < wave; i++) {
			ddb_call_done(&calls[i]);
			json_decref(cur[i]);
		}
		free(calls);
		free(cur);
		free(rounds);
		done_chunks += wave;
	}
	for (size_t c = 0; c < nchunks; c++)
		json_decref(chunks[c]);
	free(chunks);
	free(keep);
	return rc;
}
