/*
 * A form's logical write kept across C-s (views/forms_write.h): what the form
 * sends again after a save whose outcome it does not know, and how the send
 * recognises that write as already done.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/timefmt.h"
#include "util/xmalloc.h"
#include "views/forms_int.h"
#include "views/forms_write.h"

static void
set_str(char **slot, const char *value)
{
	char *copy = value != NULL ? xstrdup(value) : NULL;
	free(*slot);
	*slot = copy;
}

static char **
id_slot(enum model_type type, void *rec)
{
	return (char **)(void *)((char *)rec + model_entity(type)->id_offset);
}

const char *
form_write_when(const struct form_write *w, const char *when_text)
{
	if (w == NULL || w->sent == NULL || w->when_text == NULL || when_text == NULL ||
	    strcmp(w->when_text, when_text) != 0)
		return NULL;
	const struct model_field *f = model_field_by_attr(model_entity(w->type), "occurredAt");
	if (f == NULL)
		return NULL;
	return *model_str_at(w->sent, f);
}

void
form_write_apply(struct form_write *w, struct save_job *s)
{
	struct model_common *c = s->rec;
	if (w->token[0] == '\0')
		ulid_new(clock_real_ms(), w->token);
	memcpy(s->token, w->token, sizeof s->token);
	s->retry = w->sent != NULL && w->type == s->type;
	if (!s->retry)
		return;
	const struct model_common *sc = w->sent;
	if (s->create) {
		/* The id made at the first C-s (a user's is the one typed) and its createdAt. */
		if (s->type != MODEL_USER && s->type != MODEL_ACTIVITY)
			set_str(id_slot(s->type, s->rec), *id_slot(s->type, w->sent));
		set_str(&s->created_at, sc->created_at);
		set_str(&s->updated_at, sc->updated_at);
		if (s->type == MODEL_ACTIVITY) {
			set_str(&c->created_at, sc->created_at);
			s->prev = model_copy(MODEL_ACTIVITY, w->sent);
		}
	} else {
		/* The same version expected (the record as read, kept by the form) and the same updatedAt. */
		set_str(&s->updated_at, sc->updated_at);
	}
}

void
form_write_failed(struct form_write *w, struct save_job *s, const char *when_text)
{
	if (s->rec == NULL)
		return;
	if (w->sent != NULL)
		model_free(w->type, w->sent);
	w->type = s->type;
	w->sent = s->rec;
	s->rec = NULL;
	set_str(&w->when_text, when_text);
}

void
form_write_done(struct form_write *w)
{
	if (w->sent != NULL)
		model_free(w->type, w->sent);
	w->sent = NULL;
	free(w->when_text);
	w->when_text = NULL;
	w->token[0] = '\0';
}

/* The times kept from the attempt before, over the ones store_*_prepare just set. */
static void
keep_times(struct save_job *s)
{
	struct model_common *c = s->rec;
	if (s->created_at != NULL && s->create)
		set_str(&c->created_at, s->created_at);
	if (s->updated_at != NULL)
		set_str(&c->updated_at, s->updated_at);
}

/*
 * A workout of a retry refused as taken (create) or as changed (edit): it is
 * ours when what is stored is what this attempt writes, but for the times of
 * the attempt that was applied (a create's id was made by this form: no one
 * else has it). Then the stored workout is the result.
 */
static int
workout_is_ours(struct table *t, struct save_job *s, struct table_err *err)
{
	struct model_workout *w = s->rec;
	void *rec = NULL;
	struct table_err gerr;
	table_err_clear(&gerr);
	if (store_get(t, MODEL_WORKOUT, w->c.user_id, w->workout_id, &rec, &gerr) != 0)
		return -1;
	struct model_workout *st = rec;
	bool ours = s->create;
	if (!ours) {
		struct model_workout *mine = model_copy(MODEL_WORKOUT, w);
		mine->c.version = w->c.version + 1;
		set_str(&mine->c.updated_at, st->c.updated_at);
		json_t *a = model_to_item(MODEL_WORKOUT, mine), *b = model_to_item(MODEL_WORKOUT, st);
		ours = json_equal(a, b);
		json_decref(a);
		json_decref(b);
		model_free(MODEL_WORKOUT, mine);
	}
	if (!ours) {
		model_free(MODEL_WORKOUT, st);
		return -1;
	}
	model_free(MODEL_WORKOUT, s->rec);
	s->rec = st;
	table_err_clear(err);
	return 0;
}

/*
 * A create retried and found stored (sent before, applied): what is stored
 * is the first attempt's; when the fields were changed since, the record is
 * brought to this attempt's contents by an edit of the version stored.
 */
static int
put_as_typed(struct table *t, struct save_job *s, json_t *item, struct table_err *err)
{
	struct model_common *c = s->rec;
	void *rec = NULL;
	struct table_err gerr;
	table_err_clear(&gerr);
	int grc = s->type == MODEL_USER ? store_profile_get(t, c->user_id, (struct model_user **)&rec, &gerr)
	    : store_get(t, s->type, c->user_id, model_id(s->type, s->rec), &rec, &gerr);
	if (grc != 0)
		return 0;       /* the put said done: it is (the read is only to compare) */
	json_t *stored = model_to_item(s->type, rec);
	int rc = 0;
	if (!json_equal(stored, item)) {
		long long expected;
		c->version = ((struct model_common *)rec)->version;
		if (store_update_prepare(s->type, s->rec, &expected, err) != 0) {
			rc = -1;
		} else {
			json_t *now = model_to_item(s->type, s->rec);
			rc = store_update_item(t, s->type, now, expected, NULL, err);
			json_decref(now);
		}
	}
	json_decref(stored);
	model_free(s->type, rec);
	return rc;
}

int
form_write_moved(struct table *t, struct save_job *s, struct table_err *err)
{
	const struct model_activity *old = s->old;
	struct store_list l = { 0 };
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	struct table_err lerr;
	int rc = -1;
	table_err_clear(&lerr);
	if (old == NULL || !s->ch.at_set || old->c.created_at == NULL ||
	    store_goal_activities_between(t, old->c.user_id, old->goal_id, s->ch.at, s->ch.at + 1000, pg, &l, &lerr) != 0)
		return -1;
	long long amount = s->ch.amount_set ? s->ch.amount : old->amount.v;
	for (size_t i = 0; i < l.count; i++) {
		const struct model_activity *a = l.items[i].rec;
		if (a->c.created_at == NULL || strcmp(a->c.created_at, old->c.created_at) != 0 || a->amount.v != amount)
			continue;
		void *g = NULL;
		if (store_get(t, MODEL_GOAL, old->c.user_id, old->goal_id, &g, &lerr) != 0)
			break;
		model_free(MODEL_GOAL, s->goal);
		s->goal = g;
		model_free(MODEL_ACTIVITY, s->rec);
		s->rec = model_copy(MODEL_ACTIVITY, a);
		table_err_clear(err);
		rc = 0;
		break;
	}
	store_list_done(&l);
	return rc;
}

static bool
same_text(const char *a, const char *b)
{
	return (a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0);
}

/*
 * A log retried with its fields changed since the attempt before: when that
 * attempt was applied (its activity found at its time: the same createdAt),
 * this attempt is an edit of it (amount, note, time); 1: it was not (or the
 * goal changed: an activity stays with its goal), log it.
 */
static int
log_changed(struct table *t, struct save_job *s, struct table_err *err)
{
	const struct model_activity *p = s->prev, *a = s->rec;
	ms_t at;
	if (!same_text(p->goal_id, a->goal_id) || timefmt_parse_key(p->occurred_at, &at) != 0)
		return 1;
	struct store_list l = { 0 };
	struct store_page_req pg = { NULL, 10, NULL, NULL };
	struct table_err lerr;
	table_err_clear(&lerr);
	if (store_goal_activities_between(t, p->c.user_id, p->goal_id, at, at + 1, pg, &l, &lerr) != 0) {
		table_err_set(err, lerr.status, "%s", lerr.message);
		err->unknown = lerr.unknown;
		return -1;
	}
	int rc = 1;
	for (size_t i = 0; i < l.count; i++) {
		const struct model_activity *st = l.items[i].rec;
		if (!same_text(st->c.created_at, p->c.created_at))
			continue;
		struct store_activity_change ch = { 0 };
		ms_t new_at = 0;
		timefmt_parse_key(a->occurred_at, &new_at);
		ch.amount_set = true;
		ch.amount = a->amount.v;
		ch.note_set = true;
		ch.note = a->note;
		ch.at_set = new_at != at;
		ch.at = new_at;
		struct model_activity *now = NULL;
		rc = store_activity_edit(t, st, &ch, &now, &s->goal, err);
		if (rc == 0 && now != NULL) {
			model_free(MODEL_ACTIVITY, s->rec);
			s->rec = now;
		}
		break;
	}
	store_list_done(&l);
	return rc;
}

int
form_write_send(struct table *t, struct save_job *s, struct table_err *err)
{
	int rc;
	if (s->type == MODEL_ACTIVITY && s->retry && s->prev != NULL) {
		const struct model_activity *p = s->prev, *a = s->rec;
		if (p->amount.v != a->amount.v || !same_text(p->note, a->note) || !same_text(p->occurred_at, a->occurred_at) ||
		    !same_text(p->goal_id, a->goal_id)) {
			rc = log_changed(t, s, err);
			if (rc <= 0)
				return rc;
		}
	}
	if (s->type == MODEL_ACTIVITY)
		return store_activity_log_as(t, s->rec, s->token[0] != '\0' ? s->token : NULL, s->retry, s->goal_read,
		    &s->goal, NULL, err);
	if (s->type == MODEL_WORKOUT) {
		/* Its activity and the goal go in one transaction of store_create / store_update. */
		rc = s->create ? store_create(t, s->type, s->rec, err) : store_update(t, s->type, s->rec, err);
		if (rc != 0 && s->retry && err->status == TABLE_COND_FAILED)
			rc = workout_is_ours(t, s, err);
		return rc;
	}
	json_t *item;
	if (s->create) {
		if (store_create_prepare(s->type, s->rec, err) != 0)
			return -1;
		keep_times(s);
		item = model_to_item(s->type, s->rec);
		rc = store_put_new(t, s->type, item, false, NULL, err);
		if (rc == 0 && s->retry)
			rc = put_as_typed(t, s, item, err);
	} else {
		long long expected;
		if (store_update_prepare(s->type, s->rec, &expected, err) != 0)
			return -1;
		keep_times(s);
		item = model_to_item(s->type, s->rec);
		rc = store_update_item(t, s->type, item, expected, NULL, err);
	}
	json_decref(item);
	return rc;
}
