/* The embedded backend's writes: put, update, delete with their conditions, transactions and batches, each in one SQLite transaction. */
#include "datastore/local/local.h"
#include "datastore/local/local_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/table_check.h"
#include "util/buf.h"
#include "util/json_read.h"
#include "util/json_write.h"
#include "util/xmalloc.h"

/*
 * Whether a condition holds for old (the stored item or NULL). A failed
 * EXISTS/VERSION on a missing item is TABLE_NOT_FOUND for updates, as
 * table.h says; everything else that fails is TABLE_COND_FAILED.
 */
static int
local_cond_eval(json_t *old, const struct table_cond *cond, const struct table_keys *k,
    bool is_update, struct table_err *err)
{
	const char *vtext, *why;
	long long v;

	if (cond == NULL)
		return 0;
	switch (cond->kind) {
	case TABLE_COND_NONE:
		return 0;
	case TABLE_COND_NOT_EXISTS:
		if (old == NULL)
			return 0;
		return table_err_set(err, TABLE_COND_FAILED,
		    "the conditional request failed: item %s / %s already exists", k->pk, k->sk);
	case TABLE_COND_EXISTS:
	case TABLE_COND_VERSION:
		if (old == NULL)
			return table_err_set(err, is_update ? TABLE_NOT_FOUND : TABLE_COND_FAILED,
			    "the conditional request failed: item %s / %s does not exist",
			    k->pk, k->sk);
		if (cond->kind == TABLE_COND_EXISTS)
			return 0;
		vtext = json_string_value(json_object_get(json_object_get(old, "version"), "N"));
		if (vtext == NULL || decimal_parse_int(vtext, &v, &why) != 0)
			return table_err_set(err, TABLE_COND_FAILED,
			    "the conditional request failed: item %s / %s has no version",
			    k->pk, k->sk);
		if (v != cond->version)
			return table_err_set(err, TABLE_COND_FAILED,
			    "the conditional request failed: item %s / %s has version %lld, not %lld"
			    " (changed elsewhere)", k->pk, k->sk, v, cond->version);
		return 0;
	}
	return table_err_set(err, TABLE_INVALID, "unknown condition kind %d", (int)cond->kind);
}

/* The writes, inside a transaction the caller holds; inputs are already checked. */

static int
local_do_put(struct table *t, json_t *item, const struct table_keys *k,
    const struct table_cond *cond, struct table_err *err)
{
	json_t *old = NULL;
	int rc;

	if (cond != NULL && cond->kind != TABLE_COND_NONE) {
		if (local_row_get(t, k->pk, k->sk, &old, err) < 0)
			return -1;
		rc = local_cond_eval(old, cond, k, false, err);
		json_decref(old);
		if (rc != 0)
			return -1;
	}
	return local_row_put(t, item, k, err);
}

static int
local_do_update(struct table *t, json_t *key, const struct table_keys *kk,
    const struct table_update *upd, const struct table_cond *cond, json_t **out_new,
    struct table_err *err)
{
	struct table_keys k;
	json_t *old = NULL, *item;

	if (local_row_get(t, kk->pk, kk->sk, &old, err) < 0)
		return -1;
	if (local_cond_eval(old, cond, kk, true, err) != 0) {
		json_decref(old);
		return -1;
	}
	if (old != NULL)
		item = old;     /* a private parse of the row: ours to change */
	else
		item = json_deep_copy(key);     /* DynamoDB's upsert */
	if (local_apply_update(item, upd, err) != 0 || table_check_item(item, &k, err) != 0 ||
	    local_row_put(t, item, &k, err) != 0) {
		json_decref(item);
		return -1;
	}
	if (out_new != NULL)
		*out_new = item;
	else
		json_decref(item);
	return 0;
}

static int
local_do_delete(struct table *t, const struct table_keys *k, const struct table_cond *cond,
    json_t **out_old, struct table_err *err)
{
	json_t *old = NULL;

	if (local_row_get(t, k->pk, k->sk, &old, err) < 0)
		return -1;
	if (local_cond_eval(old, cond, k, false, err) != 0 ||
	    (old != NULL && local_row_del(t, k->pk, k->sk, err) != 0)) {
		json_decref(old);
		return -1;
	}
	if (out_old != NULL)
		*out_old = old;
	else
		json_decref(old);
	return 0;
}

static int
local_do_check(struct table *t, const struct table_keys *k, const struct table_cond *cond,
    struct table_err *err)
{
	json_t *old = NULL;
	int rc;

	if (local_row_get(t, k->pk, k->sk, &old, err) < 0)
		return -1;
	rc = local_cond_eval(old, cond, k, false, err);
	json_decref(old);
	return rc;
}

/* The backend's operations. */


int
local_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	json_t *item = NULL;
	int rc;

	if (out == NULL)
		return table_err_set(err, TABLE_INVALID, "get needs somewhere to put the item");
	*out = NULL;
	if (table_check_key(key, &k, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	rc = local_table_check(t, err);
	if (rc == 0)
		rc = local_row_get(t, k.pk, k.sk, &item, err);
	pthread_mutex_unlock(&l->lock);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return table_err_set(err, TABLE_NOT_FOUND, "item %s / %s not found", k.pk, k.sk);
	*out = item;
	return 0;
}

int
local_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	int rc = -1;

	if (table_check_item(item, &k, err) != 0 || table_check_cond(cond, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto out;
	if (local_do_put(t, item, &k, cond, err) != 0) {
		local_rollback(l);
		goto out;
	}
	rc = local_commit(l, err);
out:
	pthread_mutex_unlock(&l->lock);
	return rc;
}

int
local_update(struct table *t, json_t *key, const struct table_update *upd,
    const struct table_cond *cond, json_t **out_new, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	json_t *item = NULL;
	int rc = -1;

	if (table_check_key(key, &k, err) != 0 || table_check_update(upd, err) != 0 ||
	    table_check_cond(cond, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto out;
	if (local_do_update(t, key, &k, upd, cond, &item, err) != 0) {
		local_rollback(l);
		goto out;
	}
	rc = local_commit(l, err);
out:
	pthread_mutex_unlock(&l->lock);
	if (rc == 0 && out_new != NULL)
		*out_new = item;
	else
		json_decref(item);
	return rc;
}

int
local_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys k;
	json_t *old = NULL;
	int rc = -1;

	if (table_check_key(key, &k, err) != 0 || table_check_cond(cond, err) != 0)
		return -1;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto out;
	if (local_do_delete(t, &k, cond, &old, err) != 0) {
		local_rollback(l);
		goto out;
	}
	rc = local_commit(l, err);
out:
	pthread_mutex_unlock(&l->lock);
	if (rc == 0 && out_old != NULL)
		*out_old = old;
	else
		json_decref(old);
	return rc;
}

/*
 * One SQLite file holds one table here: writes to others (dual writes) need
 * DynamoDB. table_check_write puts the write's index before the message.
 */
static int
local_foreign(const struct table_write *w, bool batch, struct table_err *err)
{
	return table_err_set(err, TABLE_INVALID,
	    "table %s: the embedded store writes only its own table"
	    " (dual writes to the legacy tables need --store dynamodb)", w->table);
}

int
local_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys *keys;
	int rc = -1;

	/* Too many writes are refused before keys would be allocated for them. */
	keys = n > 0 && n <= TABLE_TRANSACT_MAX ? xcalloc(n, sizeof *keys) : NULL;
	/* The token is checked as DynamoDB checks it, though one file needs none. */
	if (table_check_transact(w, n, token, local_foreign, keys, err) != 0)
		goto done;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto unlock;
	for (size_t i = 0; i < n; i++) {
		const struct table_write *x = &w[i];
		int wrc = 0;

		switch (x->kind) {
		case TABLE_WRITE_PUT:
			wrc = local_do_put(t, x->item, &keys[i], &x->cond, err);
			break;
		case TABLE_WRITE_UPDATE:
			wrc = local_do_update(t, x->key, &keys[i], &x->update, &x->cond, NULL, err);
			break;
		case TABLE_WRITE_DELETE:
			wrc = local_do_delete(t, &keys[i], &x->cond, NULL, err);
			break;
		case TABLE_WRITE_CHECK:
			wrc = local_do_check(t, &keys[i], &x->cond, err);
			break;
		}
		if (wrc != 0) {
			enum table_status why = err->status;
			char msg[sizeof err->message];

			local_rollback(l);
			if (why == TABLE_IO)
				goto unlock;
			/* DynamoDB's CancellationReasons say ConditionalCheckFailed for both. */
			if (why == TABLE_NOT_FOUND)
				why = TABLE_COND_FAILED;
			memcpy(msg, err->message, sizeof msg);
			table_err_set(err, TABLE_TXN_CANCELED, "transaction cancelled: write %zu: %s",
			    i, msg);
			err->index = (int)i;
			err->reason = why;
			goto unlock;
		}
	}
	rc = local_commit(l, err);
unlock:
	pthread_mutex_unlock(&l->lock);
done:
	free(keys);
	return rc;
}

int
local_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	struct local *l = t->data;
	struct table_keys *keys;
	int rc = -1;

	if (n == 0)
		return 0;
	keys = w != NULL ? xcalloc(n, sizeof *keys) : NULL;
	if (table_check_batch(w, n, local_foreign, keys, err) != 0)
		goto done;
	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0 || local_begin(l, err) != 0)
		goto unlock;
	for (size_t i = 0; i < n; i++) {
		int wrc;

		if (w[i].kind == TABLE_WRITE_PUT)
			wrc = local_row_put(t, w[i].item, &keys[i], err);
		else
			wrc = local_row_del(t, keys[i].pk, keys[i].sk, err);
		if (wrc != 0) {
			local_rollback(l);
			err->index = (int)i;
			goto unlock;
		}
	}
	rc = local_commit(l, err);
unlock:
	pthread_mutex_unlock(&l->lock);
done:
	free(keys);
	return rc;
}

/* Queries. */
