/*
 * Sending the outbox's rows (outbox.h): each kind of logical write through
 * the store's functions that keep its identity (store.h), and what each
 * outcome does to the row.
 *
 * Bodies (JSON, written by the command that made the write):
 *   create  {"type": "MEAL", "item": {...}[, "check_user": true]}  PutItem, attribute_not_exists
 *           (check_user: with a ConditionCheck of the profile, TransactWriteItems)
 *   log     {"activity": {...}, "token": "01J..."}          W3, the goal read again
 *   edit    {"type": "MEAL", "item": {...}, "expected": 3}  W4, version = expected
 *   delete  {"type": "MEAL", "user": "u", "id": "01J..."}    W4 delete, attribute_exists
 *   status  {"goal": {...}, "status": "paused", "at": "..."} W6, version = the goal's
 */
#include "datastore/outbox.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/model.h"
#include "datastore/store.h"
#include "util/xmalloc.h"

void
outbox_result_done(struct outbox_result *r)
{
	json_decref(r->record);
	r->record = NULL;
}

static enum model_type
body_type(json_t *body, bool *ok)
{
	const struct model_entity *e = model_entity_by_name(json_string_value(json_object_get(body, "type")));

	*ok = e != NULL;
	return e != NULL ? e->type : MODEL_USER;
}

static int
bad_body(const struct outbox_row *row, struct table_err *err)
{
	return table_err_set(err, TABLE_INVALID, "outbox row %lld (%s) is not a write ailife can send", row->id,
	    row->kind);
}

/* Sends the write of row; 0 done (*record), else -1 with err and maybe *theirs. */
static int
send_kind(struct table *t, const struct outbox_row *row, bool replay, json_t **record, json_t **theirs,
    struct outbox_result *res)
{
	struct table_err *err = &res->err;
	json_t *body = row->body;
	bool ok;
	int rc;

	*record = NULL;
	*theirs = NULL;
	if (strcmp(row->kind, "create") == 0 || strcmp(row->kind, "edit") == 0) {
		enum model_type type = body_type(body, &ok);
		json_t *item = json_object_get(body, "item");
		if (!ok || !json_is_object(item))
			return bad_body(row, err);
		if (row->kind[0] == 'c')
			rc = store_put_new(t, type, item, json_is_true(json_object_get(body, "check_user")), theirs, err);
		else
			rc = store_update_item(t, type, item, json_integer_value(json_object_get(body, "expected")), theirs,
			    err);
		if (rc == 0)
			*record = json_incref(item);
		return rc;
	}
	if (strcmp(row->kind, "log") == 0) {
		enum model_type type;
		void *rec = NULL;
		char why[256];
		struct model_goal *g = NULL;
		json_t *item = json_object_get(body, "activity");
		if (!json_is_object(item) || model_from_item(item, &type, &rec, why, sizeof why) != 0 ||
		    type != MODEL_ACTIVITY) {
			if (rec != NULL)
				model_free(type, rec);
			return bad_body(row, err);
		}
		/* The goal as the command read it, for a first send (a replay reads it again). */
		void *hint = NULL;
		json_t *gitem = replay ? NULL : json_object_get(body, "goal");
		enum model_type ht;
		if (gitem != NULL && (model_from_item(gitem, &ht, &hint, why, sizeof why) != 0 || ht != MODEL_GOAL)) {
			if (hint != NULL)
				model_free(ht, hint);
			hint = NULL;
		}
		rc = store_activity_log_as(t, rec, json_string_value(json_object_get(body, "token")), replay, hint, &g,
		    res->status_before, err);
		model_free(MODEL_GOAL, hint);
		if (rc == 0) {
			*record = json_pack("{s:o, s:o}", "activity", model_to_item(MODEL_ACTIVITY, rec), "goal",
			    model_to_item(MODEL_GOAL, g));
			model_free(MODEL_GOAL, g);
		}
		model_free(MODEL_ACTIVITY, rec);
		return rc;
	}
	if (strcmp(row->kind, "delete") == 0) {
		enum model_type type = body_type(body, &ok);
		const char *user = json_string_value(json_object_get(body, "user"));
		const char *id = json_string_value(json_object_get(body, "id"));
		if (!ok || user == NULL || id == NULL)
			return bad_body(row, err);
		rc = store_delete(t, type, user, id, err);
		/* Gone already: by this delete sent before, or by another client; gone either way. */
		if (rc != 0 && replay && err->status == TABLE_NOT_FOUND) {
			table_err_clear(err);
			rc = 0;
		}
		return rc;
	}
	if (strcmp(row->kind, "status") == 0) {
		enum model_type type;
		void *rec = NULL;
		char why[256];
		json_t *item = json_object_get(body, "goal");
		const char *status = json_string_value(json_object_get(body, "status"));
		const char *at = json_string_value(json_object_get(body, "at"));
		if (!json_is_object(item) || status == NULL || at == NULL ||
		    model_from_item(item, &type, &rec, why, sizeof why) != 0 || type != MODEL_GOAL) {
			if (rec != NULL)
				model_free(type, rec);
			return bad_body(row, err);
		}
		rc = store_goal_status_as(t, rec, status, at, theirs, err);
		if (rc == 0)
			*record = model_to_item(MODEL_GOAL, rec);
		model_free(MODEL_GOAL, rec);
		return rc;
	}
	return bad_body(row, err);
}

/* Failures that mean DynamoDB was not reached, or did not say: the write waits. */
static bool
waits(const struct table_err *err, bool replay)
{
	switch (err->status) {
	case TABLE_NETWORK:
		return true;
	case TABLE_THROTTLED:
		/* Reached but refusing for now: the user's command says so; a replay stops and tries later. */
		return replay || err->unknown;
	case TABLE_ERROR:
		return err->unknown;
	case TABLE_AUTH:
	case TABLE_NO_TABLE:
		/* Credentials that ran out, a table not there yet: the user's writes are not thrown away for it. */
		return replay;
	default:
		return false;
	}
}

int
outbox_send(struct outbox *ob, struct table *t, const struct outbox_row *row, bool replay,
    struct outbox_result *res)
{
	struct table_err ferr;
	json_t *record = NULL, *theirs = NULL;
	/* Begun before by any run: it may have been applied, so a taken key may be this very write. */
	bool sent_before = replay || row->tries > 0;
	int rc;

	memset(res, 0, sizeof *res);
	table_err_clear(&res->err);
	table_err_clear(&ferr);
	if (outbox_try(ob, row->id, &ferr) != 0) {
		res->err = ferr;
		return -1;
	}
	rc = send_kind(t, row, sent_before, &record, &theirs, res);
	if (rc == 0) {
		res->outcome = OUTBOX_DONE;
		res->record = record;
		if (outbox_remove(ob, row->id, &ferr) < 0)
			goto file_failed;
		/* Remembered for an edit while DynamoDB cannot be reached; a failure here loses nothing sent. */
		if (record != NULL) {
			json_t *goal = json_object_get(record, "goal");
			outbox_know(ob, goal != NULL ? goal : record, &ferr);
		} else if (strcmp(row->kind, "delete") == 0) {
			outbox_forget(ob, row->rkey, &ferr);
		}
		json_decref(theirs);
		return 0;
	}
	if (waits(&res->err, replay)) {
		bool unknown = res->err.unknown;
		res->outcome = unknown ? OUTBOX_UNKNOWN : OUTBOX_PENDING;
		/* A row that was ever in doubt stays in doubt until a send settles it. */
		if (!unknown && strcmp(row->state, "unknown") == 0)
			unknown = true;
		if (outbox_mark(ob, row->id, unknown ? "unknown" : "pending", NULL, NULL, res->err.message, &ferr) != 0)
			goto file_failed;
		json_decref(theirs);
		return 0;
	}
	bool conflict = res->err.status == TABLE_COND_FAILED || res->err.status == TABLE_NOT_FOUND ||
	    res->err.status == TABLE_TXN_CANCELED;
	/* A log conflicts only with its goal gone; a goal that kept changing is tried again later. */
	if (strcmp(row->kind, "log") == 0 && res->err.status != TABLE_NOT_FOUND && conflict) {
		res->outcome = OUTBOX_PENDING;
		if (replay && outbox_mark(ob, row->id, "pending", NULL, NULL, res->err.message, &ferr) != 0)
			goto file_failed;
		if (!replay && outbox_remove(ob, row->id, &ferr) < 0)
			goto file_failed;
		if (!replay)
			res->outcome = OUTBOX_FAILED;
		json_decref(theirs);
		return 0;
	}
	res->outcome = conflict ? OUTBOX_CONFLICT : OUTBOX_FAILED;
	if (replay) {
		json_t *shown = theirs != NULL ? json_incref(theirs) : json_null();
		rc = outbox_mark(ob, row->id, conflict ? "conflict" : "failed", NULL, conflict ? shown : NULL,
		    res->err.message, &ferr);
		json_decref(shown);
		if (rc != 0)
			goto file_failed;
	} else if (outbox_remove(ob, row->id, &ferr) < 0)
		goto file_failed;
	json_decref(theirs);
	return 0;
file_failed:
	json_decref(theirs);
	res->err = ferr;
	return -1;
}

int
outbox_flush(struct outbox *ob, struct table *t,
    void (*each)(void *ctx, const struct outbox_row *row, const struct outbox_result *res), void *ctx,
    size_t *sent, size_t *held, size_t *left, struct table_err *err)
{
	struct outbox_row *rows;
	size_t n, i;
	int rc = 0;

	*sent = *held = *left = 0;
	if (outbox_rows(ob, &rows, &n, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		struct outbox_result res;

		if (strcmp(rows[i].state, "conflict") == 0 || strcmp(rows[i].state, "failed") == 0) {
			(*held)++;
			continue;
		}
		if (outbox_send(ob, t, &rows[i], true, &res) != 0) {
			*err = res.err;
			rc = -1;
			break;
		}
		if (each != NULL)
			each(ctx, &rows[i], &res);
		switch (res.outcome) {
		case OUTBOX_DONE:
			(*sent)++;
			break;
		case OUTBOX_CONFLICT:
		case OUTBOX_FAILED:
			(*held)++;
			break;
		case OUTBOX_PENDING:
		case OUTBOX_UNKNOWN:
			(*left)++;
			break;
		}
		bool stop = res.outcome == OUTBOX_PENDING || res.outcome == OUTBOX_UNKNOWN;
		outbox_result_done(&res);
		/* In order: what comes after a write that could not go waits behind it. */
		if (stop) {
			i++;
			break;
		}
	}
	for (; i < n; i++) {
		if (strcmp(rows[i].state, "conflict") == 0 || strcmp(rows[i].state, "failed") == 0)
			(*held)++;
		else
			(*left)++;
	}
	outbox_rows_done(rows, n);
	return rc;
}

char *
outbox_describe(const struct outbox_row *row)
{
	json_t *b = row->body;
	const char *type = json_string_value(json_object_get(b, "type"));
	const struct model_entity *e = model_entity_by_name(type);
	const char *label = e != NULL ? e->label : "record";
	const char *sk = strchr(row->rkey, ' ');
	const char *id = sk != NULL ? strchr(sk, '#') : NULL;

	id = id != NULL ? id + 1 : row->rkey;
	if (strcmp(row->kind, "log") == 0) {
		json_t *a = json_object_get(b, "activity");
		const char *amount = json_string_value(json_object_get(json_object_get(a, "amount"), "N"));
		const char *goal = json_string_value(json_object_get(json_object_get(a, "goalId"), "S"));
		const char *at = json_string_value(json_object_get(json_object_get(a, "occurredAt"), "S"));
		return xasprintf("log %s to goal %s at %s", amount != NULL ? amount : "?", goal != NULL ? goal : "?",
		    at != NULL ? at : "?");
	}
	if (strcmp(row->kind, "status") == 0) {
		const char *goal = json_string_value(json_object_get(json_object_get(json_object_get(b, "goal"),
		    "goalId"), "S"));
		const char *status = json_string_value(json_object_get(b, "status"));
		return xasprintf("goal %s status -> %s", goal != NULL ? goal : "?", status != NULL ? status : "?");
	}
	if (strcmp(row->kind, "edit") == 0)
		return xasprintf("edit %s %s (from version %lld)", label, id,
		    (long long)json_integer_value(json_object_get(b, "expected")));
	if (strcmp(row->kind, "delete") == 0)
		return xasprintf("delete %s %s", label, json_string_value(json_object_get(b, "id")) != NULL ?
		    json_string_value(json_object_get(b, "id")) : id);
	return xasprintf("%s %s %s", row->kind, label, id);
}
