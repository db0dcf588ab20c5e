/*
 * Editing an activity (store.h's store_activity_edit): its amount, note and
 * time, with the goal's progress, in one transaction.
 */
#include "datastore/store.h"
#include "datastore/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

#define MOVE_RETRIES 10
#define MOVE_COLLISIONS 1000

static void
set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

/* The status after a progress change: the one completion rule (store_goal_status_after). */
static const char *
status_after(const struct model_goal *g, long long progress)
{
	return store_goal_status_after(g->status, progress, g->target.v);
}

/* The goal's part of the transaction: progress, maybe status and GSI1PK, updatedAt, version + 1. */
struct goal_upd {
	json_t *vals[5];
	struct table_update_action acts[5];
	size_t n;
};

static void
goal_upd_build(struct goal_upd *u, const struct model_goal *g, long long progress, const char *now)
{
	char num[DECIMAL_TEXT_MAX];
	const char *status = status_after(g, progress);
	static const char *const attrs[5] = { "progress", "updatedAt", "version", "status", "GSI1PK" };
	decimal_format(progress, num);
	u->vals[0] = json_pack("{ss}", "N", num);
	u->vals[1] = json_pack("{ss}", "S", now);
	snprintf(num, sizeof num, "%lld", g->c.version + 1);
	u->vals[2] = json_pack("{ss}", "N", num);
	u->vals[3] = json_pack("{ss}", "S", status);
	char *gsi1pk = keys_gsi1_status_pk(status);
	u->vals[4] = json_pack("{ss}", "S", gsi1pk);
	free(gsi1pk);
	u->n = strcmp(status, g->status) != 0 ? 5 : 3;
	for (size_t i = 0; i < u->n; i++)
		u->acts[i] = (struct table_update_action){ TABLE_UPDATE_SET, attrs[i], u->vals[i] };
}

static void
goal_upd_done(struct goal_upd *u)
{
	for (int i = 0; i < 5; i++)
		json_decref(u->vals[i]);
}

/* The edited activity: old with the changes, at at_ms, updatedAt now, version + 1. */
static struct model_activity *
edited(const struct model_activity *old, const struct store_activity_change *ch, ms_t at_ms, const char *now)
{
	struct model_activity *a = model_copy(MODEL_ACTIVITY, old);
	char at[TIMEFMT_LEN + 1];
	if (ch->amount_set)
		a->amount.v = ch->amount;
	if (ch->note_set)
		set_str(&a->note, ch->note != NULL && ch->note[0] != '\0' ? ch->note : NULL);
	timefmt_format(at_ms, at);
	set_str(&a->occurred_at, at);
	set_str(&a->c.updated_at, now);
	a->c.version = old->c.version + 1;
	return a;
}

/* One try: 0, or -1 with err (TABLE_TXN_CANCELED: err->index names the write at fault). */
static int
try_edit(struct table *t, const struct model_activity *cur, const struct model_goal *g,
    struct model_activity *a, bool moved, long long progress, const char *now, struct table_err *err)
{
	char why[512];
	if (model_validate(MODEL_ACTIVITY, a, why, sizeof why) != 0)
		return table_err_set(err, TABLE_INVALID, "%s", why);
	char *pk = keys_user_pk(cur->c.user_id);
	char *old_sk = keys_activity_sk(cur->goal_id, cur->occurred_at);
	char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, g->goal_id);
	json_t *old_key = table_key(pk, old_sk), *gkey = table_key(pk, gsk);
	json_t *item = model_to_item(MODEL_ACTIVITY, a);
	struct goal_upd u;
	struct table_write w[3];
	size_t n = 0;
	memset(w, 0, sizeof w);
	goal_upd_build(&u, g, progress, now);
	if (moved) {
		w[n].kind = TABLE_WRITE_DELETE;
		w[n].key = old_key;
		w[n].cond = (struct table_cond){ TABLE_COND_VERSION, cur->c.version };
		n++;
		w[n].kind = TABLE_WRITE_PUT;
		w[n].item = item;
		w[n].cond.kind = TABLE_COND_NOT_EXISTS;
		n++;
	} else {
		w[n].kind = TABLE_WRITE_PUT;
		w[n].item = item;
		w[n].cond = (struct table_cond){ TABLE_COND_VERSION, cur->c.version };
		n++;
	}
	w[n].kind = TABLE_WRITE_UPDATE;
	w[n].key = gkey;
	w[n].update.actions = u.acts;
	w[n].update.count = u.n;
	w[n].cond = (struct table_cond){ TABLE_COND_VERSION, g->c.version };
	n++;
	char token[ULID_LEN + 1];
	ulid_new(clock_real_ms(), token);
	if (moved)
		store_explain_set(t, "W5+W3", "TransactWriteItems", NULL,
		    "Delete SK = \"%s\" version = %lld; Put SK = \"%s\" attribute_not_exists(SK); Update SK = \"%s\" version = %lld",
		    old_sk, cur->c.version, table_item_str(item, "SK"), gsk, g->c.version);
	else
		store_explain_set(t, "W4+W3", "TransactWriteItems", NULL,
		    "Put SK = \"%s\" version = %lld; Update SK = \"%s\" version = %lld", old_sk, cur->c.version, gsk,
		    g->c.version);
	int rc = table_transact(t, w, n, token, err);
	if (rc != 0 && err->status == TABLE_TXN_CANCELED && !moved && err->index == 1)
		err->index = 2;  /* the goal's write, as when moved */
	goal_upd_done(&u);
	json_decref(item);
	json_decref(old_key);
	json_decref(gkey);
	free(pk);
	free(old_sk);
	free(gsk);
	return rc;
}

int
store_activity_edit(struct table *t, const struct model_activity *old, const struct store_activity_change *ch,
    struct model_activity **act_out, struct model_goal **goal_out, struct table_err *err)
{
	char now[TIMEFMT_LEN + 1];
	ms_t at_ms, old_ms;
	int attempt = 0, collisions = 0, rc = -1;

	if (act_out != NULL)
		*act_out = NULL;
	if (goal_out != NULL)
		*goal_out = NULL;
	CHECK_ID("user", old->c.user_id);
	CHECK_ID("goal", old->goal_id);
	if (old->occurred_at == NULL || timefmt_parse_key(old->occurred_at, &old_ms) != 0)
		return table_err_set(err, TABLE_INVALID, "occurredAt: missing or not a timestamp");
	if (ch->amount_set && ch->amount <= 0)
		return table_err_set(err, TABLE_INVALID, "amount: must be above 0");
	at_ms = ch->at_set ? ch->at : old_ms;
	char *pk = keys_user_pk(old->c.user_id);
	char *sk = keys_activity_sk(old->goal_id, old->occurred_at);
	while (attempt < MOVE_RETRIES && collisions < MOVE_COLLISIONS) {
		void *arec, *grec;
		/* The activity and the goal as they are now: the versions the writes are conditional on. */
		if (store_get_item(t, pk, sk, MODEL_ACTIVITY, &arec, err) != 0) {
			if (err->status == TABLE_NOT_FOUND)
				table_err_set(err, TABLE_NOT_FOUND, "no activity of goal '%s' at %s", old->goal_id,
				    old->occurred_at);
			goto out;
		}
		struct model_activity *cur = arec;
		if (store_get(t, MODEL_GOAL, cur->c.user_id, cur->goal_id, &grec, err) != 0) {
			model_free(MODEL_ACTIVITY, cur);
			goto out;
		}
		struct model_goal *g = grec;
		timefmt_format(clock_now_ms(), now);
		struct model_activity *a = edited(cur, ch, at_ms, now);
		long long progress, minus;
		bool moved = at_ms != old_ms;
		if (decimal_add(g->progress.v, -cur->amount.v, &minus) != 0 || decimal_add(minus, a->amount.v, &progress) != 0 ||
		    progress < 0) {
			table_err_set(err, TABLE_INVALID, "amount: would take the goal's progress out of range");
			rc = -1;
		} else {
			rc = try_edit(t, cur, g, a, moved, progress, now, err);
		}
		model_free(MODEL_ACTIVITY, cur);
		if (rc == 0) {
			const char *status = status_after(g, progress);
			if (strcmp(status, g->status) != 0)
				set_str(&g->status, status);
			g->progress.v = progress;
			set_str(&g->c.updated_at, now);
			g->c.version++;
			if (act_out != NULL)
				*act_out = a;
			else
				model_free(MODEL_ACTIVITY, a);
			if (goal_out != NULL)
				*goal_out = g;
			else
				model_free(MODEL_GOAL, g);
			goto out;
		}
		model_free(MODEL_ACTIVITY, a);
		model_free(MODEL_GOAL, g);
		if (err->status != TABLE_TXN_CANCELED)
			goto out;
		if (moved && err->index == 1) {
			/* The new time is taken (same goal, same millisecond): the next one, as W3 does. */
			at_ms++;
			collisions++;
		} else {
			attempt++;
		}
	}
	table_err_set(err, TABLE_COND_FAILED, "goal '%s' kept changing under us; gave up after %d attempts",
	    old->goal_id, MOVE_RETRIES);
	rc = -1;
out:
	free(pk);
	free(sk);
	return rc;
}
