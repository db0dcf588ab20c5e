/*
 * The table operations on single items and queries: GetItem, PutItem,
 * UpdateItem, DeleteItem, Query (one or several at once) and
 * TransactWriteItems, each a request rendered by ddb_render.c and run by
 * ddb_call.c. A failed condition after an attempt whose outcome is unknown is
 * judged here: our own earlier write coming back is success, not a conflict.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb_int.h"
#include "datastore/table_check.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

/* ---- operations ---- */

/* The keys of an item that passed table_check_item (no need to walk it again). */
static void
ddb_item_keys(json_t *item, struct table_keys *k)
{
	memset(k, 0, sizeof *k);
	k->pk = table_item_str(item, "PK");
	k->sk = table_item_str(item, "SK");
}

/* GetItem: 0 found (*out), 1 absent, -1 failed. */
static int
ddb_get_raw(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req;
	int rc;

	*out = NULL;
	if ((req = ddb_render_get(t->name, key, err)) == NULL)
		return -1;
	ddb_call_init(&c, "GetItem", req);
	if (ddb_run_one(d, t->name, &c) != 0)
		rc = ddb_fail(&c, err);
	else if (c.explained)
		rc = 1;
	else {
		table_trace_capacity(t, ddb_parse_capacity(c.answer));
		rc = ddb_parse_item(c.answer, "Item", out, err);
		if (rc == 0 && *out == NULL)
			rc = 1;
	}
	ddb_call_done(&c);
	json_decref(req);
	return rc;
}

int
ddb_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	struct table_keys k;
	int rc;

	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "get needs somewhere to put the item");
	*out = NULL;
	if (table_check_key(key, &k, err) != 0)
		return -1;
	rc = ddb_get_raw(t, key, out, err);
	if (rc == 1)
		return table_err_set(err, TABLE_NOT_FOUND, "item %s / %s not found", k.pk, k.sk);
	return rc;
}

/* The stored item after a ConditionalCheckFailed: from the answer, else read. 0, or -1 when the read failed. */
static int
ddb_cond_item(struct table *t, json_t *key, struct ddb_call *c, json_t **stored,
    struct table_err *err)
{
	int rc;

	if (c->e.item != NULL) {
		*stored = json_incref(c->e.item);
		return 0;
	}
	rc = ddb_get_raw(t, key, stored, err);
	return rc < 0 ? -1 : 0;
}

/* The message of a failed condition, as local.c words it. */
static int
ddb_cond_failed(const struct table_cond *cond, json_t *stored, const struct table_keys *k,
    bool is_update, struct table_err *err)
{
	const char *vtext;

	if (cond != NULL && cond->kind == TABLE_COND_NOT_EXISTS)
		return table_err_set(err, TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s already exists", k->pk, k->sk);
	if (stored == NULL)
		return table_err_set(err, is_update ? TABLE_NOT_FOUND : TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s does not exist", k->pk, k->sk);
	if (cond == NULL || cond->kind != TABLE_COND_VERSION)
		return table_err_set(err, TABLE_COND_FAILED, "the conditional request failed");
	vtext = json_string_value(json_object_get(json_object_get(stored, "version"), "N"));
	if (vtext == NULL)
		return table_err_set(err, TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s has no version", k->pk, k->sk);
	return table_err_set(err, TABLE_COND_FAILED,
	    "the conditional request failed: item %s / %s has version %.40s, not %lld"
	    " (changed elsewhere)", k->pk, k->sk, vtext, cond->version);
}

/*
 * ---- unknown outcomes ----
 *
 * A write given up after an attempt that may have been applied (a timeout, a
 * connection lost after sending, a 5xx) is never reported by guesswork: the
 * record is read back by its key (a consistent read) and compared with what
 * the write makes. Applied: the write succeeded. Not applied: the error
 * stands, no longer unknown (re-sending it is safe). The read failing too:
 * err->unknown stays set, for the outbox to resolve the same way later.
 */

/* The read-back after a failure: 0 with *stored (NULL when absent), or -1 when it could not be read. */
static int
ddb_read_back(struct table *t, json_t *key, json_t **stored)
{
	struct table_err rerr;
	int rc;

	*stored = NULL;
	table_err_clear(&rerr);
	rc = ddb_get_raw(t, key, stored, &rerr);
	return rc < 0 ? -1 : 0;
}

/* After a failed write: err carries the failure; sets it "not applied" once the read-back said so. */
static void
ddb_resolved_not_applied(struct table_err *err)
{
	size_t len = strlen(err->message);

	err->unknown = false;
	if (len + 40 < sizeof err->message)
		memcpy(err->message + len, " (read back: it was not applied)", 33);
}

/* A delete read back: the item gone means it was applied (ours, or one before it: gone either way). */
static int
ddb_delete_applied(const json_t *stored)
{
	return stored == NULL ? 1 : 0;
}

static bool ddb_update_matches(json_t *stored, const struct table_update *upd, const struct table_cond *cond);

/*
 * Which write of a transaction tells whether it was applied, and whether it
 * was: a Put of our own table (the item equal to ours), else a versioned
 * Update (what we set, one version on), else a versioned Delete (the item
 * gone). 1 applied, 0 not, -1 no such write or the read failed.
 */
static int
ddb_transact_applied(struct table *t, const struct table_write *w, size_t n)
{
	json_t *stored = NULL, *key;
	int rc = -1;

	for (size_t i = 0; i < n; i++)
		if (w[i].table == NULL && w[i].kind == TABLE_WRITE_PUT) {
			key = table_item_key(w[i].item, TABLE_INDEX_MAIN);
			if (ddb_read_back(t, key, &stored) == 0)
				rc = stored != NULL && json_equal(stored, w[i].item) ? 1 : 0;
			json_decref(key);
			json_decref(stored);
			return rc;
		}
	for (size_t i = 0; i < n; i++)
		if (w[i].table == NULL && w[i].kind == TABLE_WRITE_UPDATE && w[i].cond.kind == TABLE_COND_VERSION) {
			if (ddb_read_back(t, w[i].key, &stored) == 0)
				rc = ddb_update_matches(stored, &w[i].update, &w[i].cond) ? 1 : 0;
			json_decref(stored);
			return rc;
		}
	for (size_t i = 0; i < n; i++)
		if (w[i].table == NULL && w[i].kind == TABLE_WRITE_DELETE && w[i].cond.kind == TABLE_COND_VERSION) {
			if (ddb_read_back(t, w[i].key, &stored) == 0)
				rc = ddb_delete_applied(stored);
			json_decref(stored);
			return rc;
		}
	return -1;
}

int
ddb_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys k;
	struct ddb_call c;
	json_t *req, *key, *stored = NULL;
	int rc = 0;

	if ((req = ddb_render_put(t->name, item, cond, err)) == NULL)
		return -1;
	ddb_item_keys(item, &k);
	ddb_call_init(&c, "PutItem", req);
	if (ddb_run_one(d, t->name, &c) == 0) {
		if (!c.explained)
			table_trace_capacity(t, ddb_parse_capacity(c.answer));
		goto out;
	}
	if (c.e.status != TABLE_COND_FAILED) {
		rc = ddb_fail(&c, err);
		if (err != NULL && err->unknown) {
			key = table_item_key(item, TABLE_INDEX_MAIN);
			if (ddb_read_back(t, key, &stored) == 0) {
				if (stored != NULL && json_equal(stored, item)) {
					table_err_clear(err);
					rc = 0;
				}
				else
					ddb_resolved_not_applied(err);
			}
			json_decref(key);
		}
		goto out;
	}
	key = table_item_key(item, TABLE_INDEX_MAIN);
	rc = ddb_cond_item(t, key, &c, &stored, err);
	json_decref(key);
	if (rc != 0)
		goto out;
	/*
	 * Outcome unknown: an earlier attempt timed out or was dropped (or got a
	 * 5xx) and may have been applied, so this attempt's condition failed
	 * against our own write. The stored item equal to the item we sent,
	 * attribute for attribute, means the first attempt succeeded.
	 */
	if (c.unknown && stored != NULL && json_equal(stored, item))
		goto out;
	rc = ddb_cond_failed(cond, stored, &k, false, err);
out:
	json_decref(stored);
	ddb_call_done(&c);
	json_decref(req);
	return rc;
}

/*
 * Whether stored is what our update wrote: every SET attribute as set, every
 * REMOVE attribute gone, and for a VERSION condition the version moved on to
 * the next one (set by the update, or one past the expected). An ADD cannot
 * be checked without the item before, so an update with one never matches.
 */
static bool
ddb_update_matches(json_t *stored, const struct table_update *upd, const struct table_cond *cond)
{
	bool sets_version = false;

	if (stored == NULL || upd == NULL)
		return false;
	for (size_t i = 0; i < upd->count; i++) {
		const struct table_update_action *a = &upd->actions[i];

		switch (a->kind) {
		case TABLE_UPDATE_SET:
			if (!json_equal(json_object_get(stored, a->attr), a->value))
				return false;
			if (strcmp(a->attr, "version") == 0)
				sets_version = true;
			break;
		case TABLE_UPDATE_REMOVE:
			if (json_object_get(stored, a->attr) != NULL)
				return false;
			break;
		case TABLE_UPDATE_ADD:
			return false;
		}
	}
	if (cond != NULL && cond->kind == TABLE_COND_VERSION && !sets_version) {
		const char *vt = json_string_value(json_object_get(json_object_get(stored, "version"), "N"));
		char want[32];

		xsnprintf(want, sizeof want, "%lld", cond->version + 1);
		if (vt == NULL || strcmp(vt, want) != 0)
			return false;
	}
	return true;
}

int
ddb_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys k;
	struct ddb_call c;
	json_t *req, *stored = NULL;
	int rc = 0;

	if (out_new != NULL)
		*out_new = NULL;
	if ((req = ddb_render_update(t->name, key, upd, cond, out_new != NULL, err)) == NULL)
		return -1;
	table_check_key(key, &k, err);
	ddb_call_init(&c, "UpdateItem", req);
	if (ddb_run_one(d, t->name, &c) == 0) {
		if (c.explained)
			goto out;
		table_trace_capacity(t, ddb_parse_capacity(c.answer));
		if (out_new != NULL) {
			rc = ddb_parse_item(c.answer, "Attributes", out_new, err);
			if (rc == 0 && *out_new == NULL)
				rc = table_err_set(err, TABLE_ERROR,
				    "unexpected answer from DynamoDB: no Attributes after the update");
		}
		goto out;
	}
	if (c.e.status != TABLE_COND_FAILED) {
		rc = ddb_fail(&c, err);
		/* Only a versioned update (or one that sets the version) can be recognised. */
		if (err != NULL && err->unknown && ddb_read_back(t, key, &stored) == 0) {
			if (ddb_update_matches(stored, upd, cond)) {
				table_err_clear(err);
				rc = 0;
				if (out_new != NULL) {
					*out_new = stored;
					stored = NULL;
				}
			} else if (stored == NULL || (cond != NULL && cond->kind == TABLE_COND_VERSION))
				ddb_resolved_not_applied(err);
		}
		goto out;
	}
	if ((rc = ddb_cond_item(t, key, &c, &stored, err)) != 0)
		goto out;
	/*
	 * Outcome unknown (an earlier attempt timed out, was dropped or got a
	 * 5xx): with a VERSION (or NOT_EXISTS) condition, our own applied first
	 * attempt makes the retry's condition fail. The stored item carrying
	 * exactly what we wrote, one version on, means it was ours: success.
	 */
	if (c.unknown && cond != NULL && cond->kind != TABLE_COND_EXISTS &&
	    ddb_update_matches(stored, upd, cond)) {
		if (out_new != NULL) {
			*out_new = stored;
			stored = NULL;
		}
		goto out;
	}
	rc = ddb_cond_failed(cond, stored, &k, true, err);
out:
	json_decref(stored);
	ddb_call_done(&c);
	json_decref(req);
	return rc;
}

int
ddb_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct table_keys k;
	struct ddb_call c;
	json_t *req, *stored = NULL;
	int rc = 0;

	if (out_old != NULL)
		*out_old = NULL;
	if ((req = ddb_render_delete(t->name, key, cond, out_old != NULL, err)) == NULL)
		return -1;
	table_check_key(key, &k, err);
	ddb_call_init(&c, "DeleteItem", req);
	if (ddb_run_one(d, t->name, &c) == 0) {
		if (c.explained)
			goto out;
		table_trace_capacity(t, ddb_parse_capacity(c.answer));
		if (out_old != NULL)
			rc = ddb_parse_item(c.answer, "Attributes", out_old, err);
		goto out;
	}
	if (c.e.status != TABLE_COND_FAILED) {
		rc = ddb_fail(&c, err);
		if (err != NULL && err->unknown && ddb_read_back(t, key, &stored) == 0) {
			if (ddb_delete_applied(stored)) {
				table_err_clear(err);
				rc = 0;
			}
			else
				ddb_resolved_not_applied(err);
		}
		goto out;
	}
	if ((rc = ddb_cond_item(t, key, &c, &stored, err)) != 0)
		goto out;
	/*
	 * Outcome unknown: with an EXISTS or VERSION condition an earlier attempt
	 * that was applied leaves no item, and this attempt's condition fails on
	 * the absence. Absence then means our delete happened: success (the old
	 * item went with the lost answer, so *out_old stays NULL).
	 */
	if (c.unknown && cond != NULL &&
	    (cond->kind == TABLE_COND_VERSION || cond->kind == TABLE_COND_EXISTS) && stored == NULL)
		goto out;
	rc = ddb_cond_failed(cond, stored, &k, false, err);
out:
	json_decref(stored);
	ddb_call_done(&c);
	json_decref(req);
	return rc;
}

int
ddb_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call c;
	json_t *req;
	int rc = 0;

	if (page == NULL)
		return table_err_set(err, TABLE_INVALID, "query needs somewhere to put the page");
	memset(page, 0, sizeof *page);
	if ((req = ddb_render_query(t->name, q, err)) == NULL)
		return -1;
	ddb_call_init(&c, "Query", req);
	if (ddb_run_one(d, t->name, &c) != 0)
		rc = ddb_fail(&c, err);
	else if (!c.explained) {
		rc = ddb_parse_query(c.answer, q->index, page, err);
		table_trace_capacity(t, page->capacity);
	}
	ddb_call_done(&c);
	json_decref(req);
	return rc;
}

int
ddb_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	struct ddb_call *calls;
	json_t **reqs;
	int rc = 0;

	if (n == 0)
		return 0;
	if (qs == NULL || pages == NULL)
		return table_err_set(err, TABLE_INVALID, "query_many needs queries and pages");
	memset(pages, 0, n * sizeof *pages);
	reqs = xcalloc(n, sizeof *reqs);
	calls = xcalloc(n, sizeof *calls);
	for (size_t i = 0; i < n; i++)
		if ((reqs[i] = ddb_render_query(t->name, &qs[i], err)) == NULL) {
			rc = -1;
			goto out;
		}
	for (size_t i = 0; i < n; i++)
		ddb_call_init(&calls[i], "Query", reqs[i]);
	ddb_run(d, t->name, calls, n);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (calls[i].failed)
			rc = ddb_fail(&calls[i], err);
		else if (!calls[i].explained) {
			rc = ddb_parse_query(calls[i].answer, qs[i].index, &pages[i], err);
			table_trace_capacity(t, pages[i].capacity);
		}
	}
	if (rc != 0)
		for (size_t i = 0; i < n; i++)
			table_page_done(&pages[i]);
out:
	for (size_t i = 0; i < n; i++) {
		ddb_call_done(&calls[i]);
		json_decref(reqs[i]);
	}
	free(calls);
	free(reqs);
	return rc;
}

int
ddb_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	struct ddb *d = ddb_of(t);
	char fresh[ULID_LEN + 1];
	const char *tok = token;
	int rc = -1;

	if (table_check_transact(w, n, tok, ddb_check_foreign, NULL, err) != 0)
		return -1;
	if (tok == NULL) {
		ulid_new(clock_real_ms(), fresh);
		tok = fresh;
	}
	for (int attempt = 0; ; attempt++) {
		struct ddb_call c;
		json_t *req = ddb_render_transact(t->name, w, n, tok, err);

		if (req == NULL)
			return -1;
		/* Inside ddb_run every retry of an unknown outcome reuses this token and body. */
		ddb_call_init(&c, "TransactWriteItems", req);
		if (ddb_run_one(d, t->name, &c) == 0) {
			if (!c.explained)
				table_trace_capacity(t, ddb_parse_capacity(c.answer));
			rc = 0;
		} else if (c.e.status == TABLE_TXN_CANCELED && c.e.reason_retry &&
		    attempt + 1 < d->attempts) {
			/*
			 * Cancelled for a conflict with another transaction or for
			 * throttling: nothing was applied (had an earlier attempt with
			 * this token been applied, the service would have answered
			 * that instead), so a new attempt with a new token is a new
			 * transaction, as the protocol doc says, after a backoff.
			 */
			ddb_call_done(&c);
			json_decref(req);
			ddb_sleep(d, ddb_backoff_ms(attempt, ddb_uniform()));
			ulid_new(clock_real_ms(), fresh);
			tok = fresh;
			continue;
		} else {
			rc = ddb_fail(&c, err);
			/*
			 * Given up after an attempt that may have been applied, or
			 * cancelled on a condition our own applied attempt broke (a
			 * service that forgot the token): read back and judge.
			 */
			if (c.unknown && err != NULL && !c.explained &&
			    (err->unknown || (c.e.status == TABLE_TXN_CANCELED && c.e.reason == TABLE_COND_FAILED))) {
				int applied = ddb_transact_applied(t, w, n);

				if (applied == 1) {
					table_err_clear(err);
					rc = 0;
				}
				else if (applied == 0 && err->unknown)
					ddb_resolved_not_applied(err);
			}
		}
		ddb_call_done(&c);
		json_decref(req);
		return rc;
	}
}
