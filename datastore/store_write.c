/* The writes of the store (W1-W7): creates, edits, activity log and delete, goal status and delete. */
#include "datastore/store.h"
#include "datastore/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

#define STORE_RETRIES 10
#define STORE_COLLISIONS 1000

/* Sets the owned string *slot to a copy of value (replacing what was there). */
static void
set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

int
store_create_prepare(enum model_type type, void *rec, struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	struct model_common *c = rec;
	char now[TIMEFMT_LEN + 1], id[ULID_LEN + 1], why[512];
	ms_t ms = clock_now_ms();

	if (type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "activities are logged with store_activity_log");
	timefmt_format(ms, now);
	char **idp = (char **)(void *)((char *)rec + e->id_offset);
	if (*idp == NULL) {
		ulid_new(ms, id);
		set_str(idp, id);
	}
	set_str(&c->created_at, now);
	set_str(&c->updated_at, now);
	c->version = 1;
	if (type == MODEL_GOAL) {
		struct model_goal *g = rec;
		if (!g->progress.set) {
			g->progress.set = true;
			g->progress.v = 0;
		}
		if (g->status == NULL)
			set_str(&g->status, "active");
	}
	if (model_validate(type, rec, why, sizeof why) != 0)
		return table_err_set(err, TABLE_INVALID, "%s", why);
	return 0;
}

int
store_put_new(struct table *t, enum model_type type, json_t *item, bool check_user, json_t **theirs,
    struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	struct table_cond cond = { .kind = TABLE_COND_NOT_EXISTS };
	const char *pk = table_item_str(item, "PK"), *sk = table_item_str(item, "SK");
	int rc;

	if (theirs != NULL)
		*theirs = NULL;
	if (check_user && type != MODEL_USER && pk != NULL) {
		/* The profile not read: the user's existence checked in the same round trip. */
		json_t *ukey = table_key(pk, keys_profile_sk());
		struct table_write w[2];
		char token[ULID_LEN + 1];
		memset(w, 0, sizeof w);
		w[0].kind = TABLE_WRITE_PUT;
		w[0].item = item;
		w[0].cond.kind = TABLE_COND_NOT_EXISTS;
		w[1].kind = TABLE_WRITE_CHECK;
		w[1].key = ukey;
		w[1].cond.kind = TABLE_COND_EXISTS;
		ulid_new(clock_real_ms(), token);
		store_explain_set(t, "W2", "TransactWriteItems", NULL,
		    "Put PK = \"%s\" AND SK = \"%s\" attribute_not_exists(PK); ConditionCheck SK = \"%s\" attribute_exists(PK)",
		    pk, sk, keys_profile_sk());
		rc = table_transact(t, w, 2, token, err);
		json_decref(ukey);
		if (rc != 0 && err->status == TABLE_TXN_CANCELED && err->index == 1)
			return table_err_set(err, TABLE_NOT_FOUND, "no user '%s'", pk + 5);
		if (rc != 0 && err->status == TABLE_TXN_CANCELED && err->index == 0)
			table_err_set(err, TABLE_COND_FAILED, "taken");
	} else {
		store_explain_set(t, type == MODEL_USER ? "W1" : "W2", "PutItem", NULL,
		    "PK = \"%s\" AND SK = \"%s\", attribute_not_exists(PK)", pk, sk);
		rc = table_put(t, item, &cond, err);
	}
	if (rc == 0 || err->status != TABLE_COND_FAILED)
		return rc;
	/* Taken: by this very write sent before (a replay), or by another record. */
	json_t *key = table_item_key(item, TABLE_INDEX_MAIN), *stored = NULL;
	struct table_err gerr;
	table_err_clear(&gerr);
	int grc = table_get(t, key, &stored, &gerr);
	json_decref(key);
	/*
	 * Ours: exactly our item, or (edited since, by us or another client) the
	 * same record: its id is the key and its createdAt, decided once, is ours.
	 */
	json_t *ca = json_object_get(item, "createdAt");
	if (grc == 0 && (json_equal(stored, item) ||
	    (ca != NULL && json_equal(json_object_get(stored, "createdAt"), ca) &&
	    json_equal(json_object_get(stored, "type"), json_object_get(item, "type"))))) {
		json_decref(stored);
		table_err_clear(err);
		return 0;
	}
	if (theirs != NULL)
		*theirs = stored;
	else
		json_decref(stored);
	const char *id = strchr(sk != NULL ? sk : "", '#');
	return table_err_set(err, TABLE_COND_FAILED, "%s '%s' already exists", e->label,
	    type == MODEL_USER ? (pk != NULL ? pk + 5 : "") : id != NULL ? id + 1 : "");
}

int
store_create(struct table *t, enum model_type type, void *rec, struct table_err *err)
{
	const struct model_entity *e = model_entity(type);

	if (store_create_prepare(type, rec, err) != 0)
		return -1;
	if (type == MODEL_WORKOUT) {
		int wrc = store_workout_create(t, rec, err);
		if (wrc <= 0)
			return wrc;
	}
	json_t *item = model_to_item(type, rec);
	struct table_cond cond = { .kind = TABLE_COND_NOT_EXISTS };
	char **idp = (char **)(void *)((char *)rec + e->id_offset);
	store_explain_set(t, type == MODEL_USER ? "W1" : "W2", "PutItem", NULL, "PK = \"%s\" AND SK = \"%s\", attribute_not_exists(PK)",
	    table_item_str(item, "PK"), table_item_str(item, "SK"));
	int rc = table_put(t, item, &cond, err);
	json_decref(item);
	if (rc != 0 && err->status == TABLE_COND_FAILED)
		table_err_set(err, TABLE_COND_FAILED, "%s '%s' already exists", e->label, *idp);
	return rc;
}

void
store_upd_add(struct store_upd *b, enum table_update_kind kind, const char *attr, json_t *value)
{
	if (b->n < sizeof b->acts / sizeof b->acts[0]) {
		b->acts[b->n].kind = kind;
		b->acts[b->n].attr = attr;
		b->acts[b->n].value = value;
		b->n++;
	}
}

static void
upd_from_item(struct store_upd *b, const struct model_entity *e, json_t *item)
{
	static const char *const gsi_attrs[] = {
		"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK",
	};
	const char *name;
	json_t *value;
	json_object_foreach(item, name, value) {
		if (strcmp(name, "PK") == 0 || strcmp(name, "SK") == 0)
			continue;
		store_upd_add(b, TABLE_UPDATE_SET, name, value);
	}
	for (size_t i = 0; i < e->field_count; i++)
		if (!e->fields[i].required && json_object_get(item, e->fields[i].attr) == NULL)
			store_upd_add(b, TABLE_UPDATE_REMOVE, e->fields[i].attr, NULL);
	for (size_t i = 0; i < sizeof gsi_attrs / sizeof gsi_attrs[0]; i++)
		if (json_object_get(item, gsi_attrs[i]) == NULL)
			store_upd_add(b, TABLE_UPDATE_REMOVE, gsi_attrs[i], NULL);
}

static void
lost_race(struct table_err *err, const char *label, const char *id, long long version)
{
	table_err_set(err, TABLE_COND_FAILED,
	    "%s '%s' was changed by someone else since it was read (version %lld); read it again and retry",
	    label, id != NULL ? id : "", version);
}

/* Puts back the goal status store_update changed, when the update did not happen. */
static void
restore_status(enum model_type type, void *rec, char **status_read)
{
	if (type != MODEL_GOAL || *status_read == NULL)
		return;
	struct model_goal *g = rec;
	free(g->status);
	g->status = *status_read;
	*status_read = NULL;
}

int
store_update_prepare(enum model_type type, void *rec, long long *expected, struct table_err *err)
{
	struct model_common *c = rec;
	char now[TIMEFMT_LEN + 1], why[512];

	*expected = c->version;
	if (type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "an activity cannot be edited: delete it and log it again");
	timefmt_format(clock_now_ms(), now);
	set_str(&c->updated_at, now);
	c->version = *expected + 1;
	if (type == MODEL_GOAL) {
		struct model_goal *g = rec;
		const char *status = store_goal_status_after(g->status, g->progress.v, g->target.v);
		if (status != g->status)
			set_str(&g->status, status);
	}
	if (model_validate(type, rec, why, sizeof why) != 0) {
		c->version = *expected;
		return table_err_set(err, TABLE_INVALID, "%s", why);
	}
	return 0;
}

int
store_update_item(struct table *t, enum model_type type, json_t *item, long long expected, json_t **theirs,
    struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	json_t *key = table_item_key(item, TABLE_INDEX_MAIN);
	struct store_upd b = { .n = 0 };
	const char *sk = table_item_str(item, "SK"), *id = strchr(sk != NULL ? sk : "", '#');

	if (theirs != NULL)
		*theirs = NULL;
	upd_from_item(&b, e, item);
	struct table_update upd = { .actions = b.acts, .count = b.n };
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = expected };
	store_explain_set(t, "W4", "UpdateItem", NULL, "PK = \"%s\" AND SK = \"%s\", version = %lld",
	    table_item_str(item, "PK"), sk, expected);
	int rc = table_update(t, key, &upd, &cond, NULL, err);
	if (rc != 0 && (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND)) {
		/* Our own edit sent before (a replay) leaves the item exactly as this one makes it. */
		json_t *stored = NULL;
		struct table_err gerr;
		table_err_clear(&gerr);
		int grc = table_get(t, key, &stored, &gerr);
		if (grc == 0 && json_equal(stored, item)) {
			table_err_clear(err);
			rc = 0;
			json_decref(stored);
		} else {
			if (grc != 0 && gerr.status != TABLE_NOT_FOUND) {
				rc = table_err_set(err, gerr.status, "%s", gerr.message);
				err->unknown = true;
			} else if (stored == NULL)
				rc = table_err_set(err, TABLE_NOT_FOUND, "%s '%s' was deleted since it was read",
				    e->label, id != NULL ? id + 1 : "");
			else
				lost_race(err, e->label, id != NULL ? id + 1 : "", expected);
			if (theirs != NULL)
				*theirs = stored;
			else
				json_decref(stored);
		}
	}
	json_decref(key);
	return rc;
}

int
store_update(struct table *t, enum model_type type, void *rec, struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	struct model_common *c = rec;
	char now[TIMEFMT_LEN + 1], why[512];
	long long expected = c->version;

	if (type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "an activity cannot be edited: delete it and log it again");
	timefmt_format(clock_now_ms(), now);
	set_str(&c->updated_at, now);
	c->version = expected + 1;
	char *status_read = NULL;
	if (type == MODEL_GOAL) {
		/* An edited target is a change of the goal's progress toward it: the completion rule applies. */
		struct model_goal *g = rec;
		const char *status = store_goal_status_after(g->status, g->progress.v, g->target.v);
		if (status != g->status) {
			status_read = g->status;
			g->status = xstrdup(status);
		}
	}
	if (model_validate(type, rec, why, sizeof why) != 0) {
		c->version = expected;
		restore_status(type, rec, &status_read);
		return table_err_set(err, TABLE_INVALID, "%s", why);
	}
	if (type == MODEL_WORKOUT) {
		int wrc = store_workout_update(t, rec, err);
		if (wrc <= 0) {
			if (wrc < 0) {
				c->version = expected;
				if (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND)
					lost_race(err, e->label, model_id(type, rec), expected);
			}
			return wrc;
		}
	}
	json_t *item = model_to_item(type, rec);
	json_t *key = table_item_key(item, TABLE_INDEX_MAIN);
	struct store_upd b = { .n = 0 };
	upd_from_item(&b, e, item);
	struct table_update upd = { .actions = b.acts, .count = b.n };
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = expected };
	store_explain_set(t, "W4", "UpdateItem", NULL, "PK = \"%s\" AND SK = \"%s\", version = %lld",
	    table_item_str(item, "PK"), table_item_str(item, "SK"), expected);
	int rc = table_update(t, key, &upd, &cond, NULL, err);
	json_decref(key);
	json_decref(item);
	if (rc != 0) {
		c->version = expected;
		restore_status(type, rec, &status_read);
		if (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND)
			lost_race(err, e->label, model_id(type, rec), expected);
	}
	free(status_read);
	return rc;
}

/*
 * The completion rule, the same on every path that changes a goal's progress
 * or target (log, activity delete and move, workouts, goal edit, import): an
 * active goal whose progress reaches its target becomes completed. Nothing
 * reopens a goal automatically, and a paused, completed or archived goal keeps
 * its status: only the user changes those (W6).
 */
const char *
store_goal_status_after(const char *status, long long progress, long long target)
{
	if (status != NULL && strcmp(status, "active") == 0 && progress >= target)
		return "completed";
	return status;
}

static const char *
status_after(const struct model_goal *g, long long progress)
{
	return store_goal_status_after(g->status, progress, g->target.v);
}

/*
 * The goal update of W3/W5/W7: progress, maybe status with GSI1PK, updatedAt
 * and version + 1, conditional on the version read. Values land in vals (kept
 * alive by the caller until the write is done).
 */
void
store_goal_progress_update(struct model_goal *g, long long progress, const char *now, json_t *vals[5],
    struct store_upd *b, struct table_cond *cond)
{
	char num[DECIMAL_TEXT_MAX];
	const char *status = status_after(g, progress);
	decimal_format(progress, num);
	vals[0] = json_pack("{ss}", "N", num);
	vals[1] = json_pack("{ss}", "S", now);
	snprintf(num, sizeof num, "%lld", g->c.version + 1);
	vals[2] = json_pack("{ss}", "N", num);
	vals[3] = json_pack("{ss}", "S", status);
	char *gsi1pk = keys_gsi1_status_pk(status);
	vals[4] = json_pack("{ss}", "S", gsi1pk);
	free(gsi1pk);
	b->n = 0;
	store_upd_add(b, TABLE_UPDATE_SET, "progress", vals[0]);
	store_upd_add(b, TABLE_UPDATE_SET, "updatedAt", vals[1]);
	store_upd_add(b, TABLE_UPDATE_SET, "version", vals[2]);
	if (strcmp(status, g->status) != 0) {
		store_upd_add(b, TABLE_UPDATE_SET, "status", vals[3]);
		store_upd_add(b, TABLE_UPDATE_SET, "GSI1PK", vals[4]);
	}
	cond->kind = TABLE_COND_VERSION;
	cond->version = g->c.version;
}

void
store_vals_done(json_t *vals[5])
{
	for (int i = 0; i < 5; i++) {
		json_decref(vals[i]);
		vals[i] = NULL;
	}
}

/* Applies to the in-memory goal what store_goal_progress_update wrote. */
void
store_goal_progress_apply(struct model_goal *g, long long progress, const char *now)
{
	const char *status = status_after(g, progress);
	if (strcmp(status, g->status) != 0)
		set_str(&g->status, status);
	g->progress.v = progress;
	set_str(&g->c.updated_at, now);
	g->c.version++;
}

int
store_activity_log(struct table *t, struct model_activity *act, struct model_goal **goal_out,
    struct table_err *err)
{
	return store_activity_log_status(t, act, goal_out, NULL, err);
}

const char *
store_log_note(const char *status_before)
{
	if (status_before == NULL)
		return NULL;
	if (strcmp(status_before, "paused") == 0)
		return "the goal is paused: the activity counts toward its progress, and the goal stays paused";
	if (strcmp(status_before, "archived") == 0)
		return "the goal is archived: the activity counts toward its progress, and the goal stays archived";
	if (strcmp(status_before, "completed") == 0)
		return "the goal was already completed: the activity counts toward its progress";
	return NULL;
}

int
store_activity_log_status(struct table *t, struct model_activity *act, struct model_goal **goal_out,
    char status_before[STORE_STATUS_MAX], struct table_err *err)
{
	return store_activity_log_as(t, act, NULL, false, NULL, goal_out, status_before, err);
}

/*
 * Whether the activity at item's key is item itself (this very log sent
 * before: a retry or a replay): 1 yes, 0 another one is there, -1 the read
 * failed (err filled, unknown).
 */
static int
activity_is_ours(struct table *t, json_t *item, struct table_err *err)
{
	json_t *key = table_item_key(item, TABLE_INDEX_MAIN), *stored = NULL;
	struct table_err gerr;
	int rc;

	table_err_clear(&gerr);
	rc = table_get(t, key, &stored, &gerr);
	json_decref(key);
	if (rc != 0 && gerr.status != TABLE_NOT_FOUND) {
		table_err_set(err, gerr.status, "%s", gerr.message);
		err->unknown = true;
		return -1;
	}
	rc = stored != NULL && json_equal(stored, item) ? 1 : 0;
	json_decref(stored);
	return rc;
}

int
store_activity_log_as(struct table *t, struct model_activity *act, const char *token, bool replay,
    const struct model_goal *goal_read, struct model_goal **goal_out, char status_before[STORE_STATUS_MAX], struct table_err *err)
{
	char now[TIMEFMT_LEN + 1], why[512], at[TIMEFMT_LEN + 1];
	struct model_goal *g = NULL;
	ms_t at_ms;
	int rc = -1;

	if (goal_out != NULL)
		*goal_out = NULL;
	if (status_before != NULL)
		status_before[0] = '\0';
	if (act->occurred_at == NULL || timefmt_parse_key(act->occurred_at, &at_ms) != 0)
		return table_err_set(err, TABLE_INVALID, "occurredAt: missing or not a timestamp");
	/* The log's identity, decided once: its time, its createdAt, its first token. */
	if (act->c.created_at == NULL || timefmt_parse_key(act->c.created_at, &(ms_t){ 0 }) != 0) {
		timefmt_format(clock_now_ms(), now);
		set_str(&act->c.created_at, now);
	}
	set_str(&act->c.updated_at, act->c.created_at);
	act->c.version = 1;
	/* Races with other writers and taken keys have budgets of their own. */
	int attempt = 0, collisions = 0;
	bool first = true;
	while (attempt < STORE_RETRIES && collisions < STORE_COLLISIONS) {
		void *rec;
		if (g == NULL && goal_read != NULL && attempt == 0 && first && goal_read->goal_id != NULL &&
		    strcmp(goal_read->goal_id, act->goal_id) == 0)
			g = model_copy(MODEL_GOAL, goal_read);
		if (g == NULL) {
			if (store_get(t, MODEL_GOAL, act->c.user_id, act->goal_id, &rec, err) != 0)
				return -1;
			g = rec;
		}
		long long progress;
		if (!act->amount.set || decimal_add(g->progress.v, act->amount.v, &progress) != 0) {
			table_err_set(err, TABLE_INVALID, "amount: would take the goal's progress out of range");
			goto out;
		}
		timefmt_format(clock_now_ms(), now);
		timefmt_format(at_ms, at);
		set_str(&act->occurred_at, at);
		if (model_validate(MODEL_ACTIVITY, act, why, sizeof why) != 0) {
			table_err_set(err, TABLE_INVALID, "%s", why);
			goto out;
		}
		json_t *item = model_to_item(MODEL_ACTIVITY, act);
		char *gpk = keys_user_pk(g->c.user_id);
		char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, g->goal_id);
		json_t *gkey = table_key(gpk, gsk);
		json_t *vals[5];
		struct store_upd b;
		struct table_write w[2];
		memset(w, 0, sizeof w);
		w[0].kind = TABLE_WRITE_PUT;
		w[0].item = item;
		w[0].cond.kind = TABLE_COND_NOT_EXISTS;
		w[1].kind = TABLE_WRITE_UPDATE;
		w[1].key = gkey;
		store_goal_progress_update(g, progress, now, vals, &b, &w[1].cond);
		w[1].update.actions = b.acts;
		w[1].update.count = b.n;
		char fresh[ULID_LEN + 1];
		ulid_new(clock_real_ms(), fresh);
		store_explain_set(t, "W3", "TransactWriteItems", NULL,
		    "Put SK = \"%s\" attribute_not_exists(SK); Update SK = \"%s\" version = %lld",
		    table_item_str(item, "SK"), gsk, g->c.version);
		rc = table_transact(t, w, 2, first && token != NULL ? token : fresh, err);
		first = false;
		store_vals_done(vals);
		free(gpk);
		free(gsk);
		json_decref(gkey);
		/*
		 * The key taken, or the token seen with other contents: maybe by this
		 * very log, sent before (a replay after a crash or a lost link, when
		 * DynamoDB's memory of the token is gone): then it is done, once.
		 */
		bool taken = replay && rc != 0 && ((err->status == TABLE_TXN_CANCELED && err->index == 0) ||
		    (err->status == TABLE_INVALID && strstr(err->message, "dempotent") != NULL));
		int ours = taken ? activity_is_ours(t, item, err) : 0;
		json_decref(item);
		if (ours != 0) {
			if (ours < 0)
				goto out;
			/* Applied before: the goal as it is now (its progress has this log in it). */
			model_free(MODEL_GOAL, g);
			g = NULL;
			rc = store_get(t, MODEL_GOAL, act->c.user_id, act->goal_id, &rec, err);
			if (rc == 0)
				g = rec;
			goto out;
		}
		if (rc == 0) {
			if (status_before != NULL)
				snprintf(status_before, STORE_STATUS_MAX, "%s", g->status);
			store_goal_progress_apply(g, progress, now);
			goto out;
		}
		if (err->status == TABLE_INVALID && taken)
			continue;       /* the token is spent: the next attempt has a fresh one */
		if (err->status != TABLE_TXN_CANCELED)
			goto out;
		if (err->index == 0) {
			/* Same goal, same millisecond: the next millisecond is free, maybe. */
			at_ms++;
			collisions++;
		} else {
			/* Someone else changed the goal: read it again. */
			model_free(MODEL_GOAL, g);
			g = NULL;
			attempt++;
		}
	}
	table_err_set(err, TABLE_COND_FAILED, "goal '%s' kept changing under us; gave up after %d attempts",
	    act->goal_id, STORE_RETRIES);
	rc = -1;
out:
	if (rc == 0 && goal_out != NULL)
		*goal_out = g;
	else
		model_free(MODEL_GOAL, g);
	return rc;
}

int
store_activity_delete(struct table *t, const char *user_id, const char *goal_id,
    const char *occurred_at, struct model_goal **goal_out, struct table_err *err)
{
	CHECK_ID("user", user_id);
	char now[TIMEFMT_LEN + 1];
	ms_t ms;
	int rc = -1;
	if (goal_out != NULL)
		*goal_out = NULL;
	if (!keys_id_valid(goal_id))
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid goal id", ID_SHOWN(goal_id));
	if (timefmt_parse_key(occurred_at, &ms) != 0)
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a 24-character UTC timestamp", ID_SHOWN(occurred_at));
	char *pk = keys_user_pk(user_id);
	char *sk = keys_activity_sk(goal_id, occurred_at);
	for (int attempt = 0; attempt < STORE_RETRIES; attempt++) {
		void *arec, *grec;
		if (store_get_item(t, pk, sk, MODEL_ACTIVITY, &arec, err) != 0) {
			if (err->status == TABLE_NOT_FOUND)
				table_err_set(err, TABLE_NOT_FOUND, "no activity of goal '%s' at %s", goal_id, occurred_at);
			goto out;
		}
		struct model_activity *a = arec;
		if (a->workout_id != NULL) {
			/* It counts a workout: the workout and its activity go together. */
			table_err_set(err, TABLE_INVALID, "this activity counts workout %s toward the goal: delete or edit the workout",
			    a->workout_id);
			model_free(MODEL_ACTIVITY, a);
			goto out;
		}
		if (store_get(t, MODEL_GOAL, user_id, goal_id, &grec, err) != 0) {
			model_free(MODEL_ACTIVITY, a);
			goto out;
		}
		struct model_goal *g = grec;
		long long progress;
		decimal_add(g->progress.v, -a->amount.v, &progress);
		if (progress < 0)
			progress = 0;
		timefmt_format(clock_now_ms(), now);
		char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, goal_id);
		json_t *akey = table_key(pk, sk), *gkey = table_key(pk, gsk);
		json_t *vals[5];
		struct store_upd b;
		struct table_write w[2];
		memset(w, 0, sizeof w);
		w[0].kind = TABLE_WRITE_DELETE;
		w[0].key = akey;
		w[0].cond.kind = TABLE_COND_VERSION;
		w[0].cond.version = a->c.version;
		w[1].kind = TABLE_WRITE_UPDATE;
		w[1].key = gkey;
		store_goal_progress_update(g, progress, now, vals, &b, &w[1].cond);
		w[1].update.actions = b.acts;
		w[1].update.count = b.n;
		char token[ULID_LEN + 1];
		ulid_new(clock_real_ms(), token);
		store_explain_set(t, "W5", "TransactWriteItems", NULL, "Delete SK = \"%s\"; Update SK = \"%s\" version = %lld",
		    sk, gsk, g->c.version);
		rc = table_transact(t, w, 2, token, err);
		json_decref(akey);
		json_decref(gkey);
		store_vals_done(vals);
		free(gsk);
		model_free(MODEL_ACTIVITY, a);
		if (rc == 0) {
			store_goal_progress_apply(g, progress, now);
			if (goal_out != NULL)
				*goal_out = g;
			else
				model_free(MODEL_GOAL, g);
			goto out;
		}
		model_free(MODEL_GOAL, g);
		if (err->status != TABLE_TXN_CANCELED)
			goto out;
	}
	table_err_set(err, TABLE_COND_FAILED, "goal '%s' kept changing under us; gave up after %d attempts",
	    goal_id, STORE_RETRIES);
	rc = -1;
out:
	free(pk);
	free(sk);
	return rc;
}

int
store_goal_status_as(struct table *t, struct model_goal *g, const char *status, const char *when,
    json_t **theirs, struct table_err *err)
{
	char now[TIMEFMT_LEN + 1], num[32];
	if (theirs != NULL)
		*theirs = NULL;
	if (store_bad_status(status, err) != 0)
		return -1;
	if (when != NULL)
		snprintf(now, sizeof now, "%s", when);
	else
		timefmt_format(clock_now_ms(), now);
	snprintf(num, sizeof num, "%lld", g->c.version + 1);
	char *pk = keys_user_pk(g->c.user_id);
	char *sk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, g->goal_id);
	char *gsi1pk = keys_gsi1_status_pk(status);
	json_t *key = table_key(pk, sk);
	json_t *v_status = json_pack("{ss}", "S", status), *v_gsi = json_pack("{ss}", "S", gsi1pk);
	json_t *v_now = json_pack("{ss}", "S", now), *v_ver = json_pack("{ss}", "N", num);
	struct table_update_action acts[] = {
		{ TABLE_UPDATE_SET, "status", v_status },
		{ TABLE_UPDATE_SET, "GSI1PK", v_gsi },
		{ TABLE_UPDATE_SET, "updatedAt", v_now },
		{ TABLE_UPDATE_SET, "version", v_ver },
	};
	struct table_update upd = { acts, 4 };
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = g->c.version };
	store_explain_set(t, "W6", "UpdateItem", NULL, "PK = \"%s\" AND SK = \"%s\", SET status, GSI1PK = \"%s\"; version = %lld",
	    pk, sk, gsi1pk, g->c.version);
	int rc = table_update(t, key, &upd, &cond, NULL, err);
	if (rc != 0 && (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND)) {
		/* This very change sent before (a replay): the status, the time and the version are ours. */
		json_t *stored = NULL;
		struct table_err gerr;
		table_err_clear(&gerr);
		if (table_get(t, key, &stored, &gerr) == 0 &&
		    json_equal(json_object_get(stored, "status"), v_status) &&
		    json_equal(json_object_get(stored, "updatedAt"), v_now) &&
		    json_equal(json_object_get(stored, "version"), v_ver)) {
			table_err_clear(err);
			rc = 0;
		} else if (stored == NULL && gerr.status == TABLE_NOT_FOUND) {
			table_err_set(err, TABLE_NOT_FOUND, "goal '%s' was deleted since it was read", g->goal_id);
		} else {
			lost_race(err, "goal", g->goal_id, g->c.version);
		}
		if (rc != 0 && theirs != NULL) {
			*theirs = stored;
			stored = NULL;
		}
		json_decref(stored);
	}
	if (rc == 0) {
		set_str(&g->status, status);
		set_str(&g->c.updated_at, now);
		g->c.version++;
	}
	json_decref(key);
	json_decref(v_status);
	json_decref(v_gsi);
	json_decref(v_now);
	json_decref(v_ver);
	free(pk);
	free(sk);
	free(gsi1pk);
	return rc;
}

int
store_goal_set_status(struct table *t, struct model_goal *g, const char *status,
    struct table_err *err)
{
	return store_goal_status_as(t, g, status, NULL, NULL, err);
}

/*
 * Removes the goal link of one journal entry, meal or workout (W7). The item
 * came from GSI3, which can be stale on DynamoDB (GSI reads are eventually
 * consistent), so it is read again from the table: an item no longer linked
 * to this goal is done already; one changed meanwhile is read and tried again.
 * *changed: whether this call removed a link.
 */
static int
unlink_item(struct table *t, const char *user_id, const char *goal_id, const struct store_item *it,
    bool *changed, struct table_err *err)
{
	const struct model_entity *e = model_entity(it->type);
	const struct model_field *f = model_field_by_attr(e, "goalId");
	const char *id = model_id(it->type, it->rec);
	*changed = false;
	if (f == NULL || id == NULL)
		return 0;
	for (int attempt = 0; attempt < STORE_RETRIES; attempt++) {
		void *rec;
		if (store_get(t, it->type, user_id, id, &rec, err) != 0)
			return err->status == TABLE_NOT_FOUND ? 0 : -1;
		char **goal = model_str_at(rec, f);
		if (*goal == NULL || strcmp(*goal, goal_id) != 0) {
			model_free(it->type, rec);
			return 0;
		}
		free(*goal);
		*goal = NULL;
		int rc = store_update(t, it->type, rec, err);
		model_free(it->type, rec);
		if (rc == 0) {
			*changed = true;
			return 0;
		}
		if (err->status != TABLE_COND_FAILED)
			return -1;
	}
	return -1;
}

int
store_goal_delete(struct table *t, const char *user_id, const char *goal_id, size_t *activities,
    size_t *unlinked, struct table_err *err)
{
	if (activities != NULL)
		*activities = 0;
	if (unlinked != NULL)
		*unlinked = 0;
	CHECK_ID("user", user_id);
	void *rec;
	size_t n_act = 0, n_link = 0;
	int rc = -1;
	if (activities != NULL)
		*activities = 0;
	if (unlinked != NULL)
		*unlinked = 0;
	if (store_get(t, MODEL_GOAL, user_id, goal_id, &rec, err) != 0)
		return -1;
	struct model_goal *g = rec;
	char *pk = keys_user_pk(user_id);
	char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, goal_id);

	/* Links first: an entry never points at a goal that is gone. */
	for (int type = MODEL_JOURNAL; type <= MODEL_WORKOUT; type++) {
		char *cursor = NULL;
		do {
			struct store_list l;
			struct store_page_req pg = { cursor, 100, NULL, NULL };
			int qrc = store_goal_links(t, goal_id, type, pg, &l, err);
			free(cursor);
			cursor = NULL;
			if (qrc != 0)
				goto out;
			for (size_t i = 0; i < l.count; i++) {
				bool changed;
				if (unlink_item(t, user_id, goal_id, &l.items[i], &changed, err) != 0) {
					store_list_done(&l);
					goto out;
				}
				n_link += changed ? 1 : 0;
			}
			cursor = l.cursor;
			l.cursor = NULL;
			store_list_done(&l);
		} while (cursor != NULL);
	}

	/* Unlinking a workout that counted toward the goal took its activity and progress off: read it again. */
	if (n_link > 0) {
		model_free(MODEL_GOAL, g);
		g = NULL;
		if (store_get(t, MODEL_GOAL, user_id, goal_id, &rec, err) != 0)
			goto out;
		g = rec;
	}

	/* Activities in chunks, each with the goal's progress, so progress stays the sum. */
	for (;;) {
		struct store_list l;
		struct store_page_req pg = { NULL, TABLE_TRANSACT_MAX - 1, NULL, NULL };
		if (store_goal_activities(t, user_id, goal_id, pg, &l, err) != 0)
			goto out;
		if (l.count == 0) {
			store_list_done(&l);
			break;
		}
		struct table_write w[TABLE_TRANSACT_MAX];
		json_t *keys[TABLE_TRANSACT_MAX];
		long long progress = g->progress.v;
		memset(w, 0, sizeof w);
		for (size_t i = 0; i < l.count; i++) {
			struct model_activity *a = l.items[i].rec;
			char *sk = keys_activity_sk(goal_id, a->occurred_at);
			keys[i] = table_key(pk, sk);
			free(sk);
			w[i].kind = TABLE_WRITE_DELETE;
			w[i].key = keys[i];
			decimal_add(progress, -a->amount.v, &progress);
		}
		if (progress < 0)
			progress = 0;
		char now[TIMEFMT_LEN + 1], token[ULID_LEN + 1];
		json_t *vals[5];
		struct store_upd b;
		timefmt_format(clock_now_ms(), now);
		json_t *gkey = table_key(pk, gsk);
		w[l.count].kind = TABLE_WRITE_UPDATE;
		w[l.count].key = gkey;
		store_goal_progress_update(g, progress, now, vals, &b, &w[l.count].cond);
		w[l.count].update.actions = b.acts;
		w[l.count].update.count = b.n;
		ulid_new(clock_real_ms(), token);
		store_explain_set(t, "W7", "TransactWriteItems", NULL, "Delete %zu activities; Update SK = \"%s\" version = %lld",
		    l.count, gsk, g->c.version);
		int trc = table_transact(t, w, l.count + 1, token, err);
		for (size_t i = 0; i < l.count; i++)
			json_decref(keys[i]);
		json_decref(gkey);
		store_vals_done(vals);
		size_t count = l.count;
		store_list_done(&l);
		if (trc != 0) {
			if (err->status == TABLE_TXN_CANCELED)
				lost_race(err, "goal", goal_id, g->c.version);
			goto out;
		}
		store_goal_progress_apply(g, progress, now);
		n_act += count;
	}

	json_t *key = table_key(pk, gsk);
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = g->c.version };
	store_explain_set(t, "W7", "DeleteItem", NULL, "PK = \"%s\" AND SK = \"%s\", version = %lld", pk, gsk, g->c.version);
	rc = table_delete(t, key, &cond, NULL, err);
	json_decref(key);
	if (rc != 0 && err->status == TABLE_COND_FAILED)
		lost_race(err, "goal", goal_id, g->c.version);
out:
	if (activities != NULL)
		*activities = n_act;
	if (unlinked != NULL)
		*unlinked = n_link;
	free(pk);
	free(gsk);
	model_free(MODEL_GOAL, g);
	return rc;
}

int
store_delete(struct table *t, enum model_type type, const char *user_id, const char *id,
    struct table_err *err)
{
	CHECK_ID("user", user_id);
	const struct model_entity *e = model_entity(type);
	if (type == MODEL_USER || type == MODEL_GOAL || type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "use the %s's own delete", e->label);
	if (!keys_id_valid(id))
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id", ID_SHOWN(id), e->label);
	if (type == MODEL_WORKOUT) {
		int wrc = store_workout_delete(t, user_id, id, err);
		if (wrc <= 0)
			return wrc;
	}
	char *pk = keys_user_pk(user_id);
	char *sk = keys_entity_sk(e->type_name, id);
	json_t *key = table_key(pk, sk);
	struct table_cond cond = { .kind = TABLE_COND_EXISTS };
	store_explain_set(t, "W4", "DeleteItem", NULL, "PK = \"%s\" AND SK = \"%s\", attribute_exists(PK)", pk, sk);
	int rc = table_delete(t, key, &cond, NULL, err);
	if (rc != 0 && err->status == TABLE_COND_FAILED)
		table_err_set(err, TABLE_NOT_FOUND, "no %s '%s'", e->label, id);
	json_decref(key);
	free(pk);
	free(sk);
	return rc;
}
