/*
 * What the store's two files share (store.c: the reads, AP1-AP14; store_write.c:
 * the writes, W1-W7): the request record of --explain and the TUI's explain
 * pane, id and status checks, and GetItem of a record.
 */
#ifndef AILIFE_STORE_INT_H
#define AILIFE_STORE_INT_H

#include <string.h>

#include "datastore/store.h"

/* Notes the request a pattern makes in the trace set on t (table_set_trace), if any. */
void store_explain_set(struct table *t, const char *pattern, const char *operation, const char *index,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* id, or "" for NULL. */
const char *store_id_text(const char *id);
/* 0 when id is a valid id; else -1 with TABLE_INVALID naming label. */
int store_bad_id(const char *label, const char *id, struct table_err *err);
/* 0 when status is one of data-model.md's goal statuses; else -1 with TABLE_INVALID naming it. */
int store_bad_status(const char *status, struct table_err *err);
/* GetItem of pk/sk as a record of type want (TABLE_NOT_FOUND when there is none). */
int store_get_item(struct table *t, const char *pk, const char *sk, enum model_type want, void **out,
    struct table_err *err);

/*
 * A page as a list of records (the backend's records when it read them,
 * else its items read here); what does not read is counted in skipped. The
 * page's cursor moves to out.
 */
void store_page_to_list(struct table_page *page, struct store_list *out);

/* ---- shared by the writes (store_write.c, store_workout.c) ---- */

/* An update action list: SET for every attribute of item but the keys, REMOVE for absent optional ones. */
struct store_upd {
	struct table_update_action acts[64];
	size_t n;
};
void store_upd_add(struct store_upd *b, enum table_update_kind kind, const char *attr, json_t *value);
/*
 * The goal update of W3/W5/W7 and of workouts: progress, maybe status (by
 * store_goal_status_after) with GSI1PK, updatedAt and version + 1,
 * conditional on the version read. vals live until store_vals_done.
 */
void store_goal_progress_update(struct model_goal *g, long long progress, const char *now, json_t *vals[5],
    struct store_upd *b, struct table_cond *cond);
void store_vals_done(json_t *vals[5]);
/* Applies to the in-memory goal what store_goal_progress_update wrote. */
void store_goal_progress_apply(struct model_goal *g, long long progress, const char *now);
/*
 * store_workout.c: a workout's create, edit and delete with the activity it
 * counts toward its goal, in one transaction. Each returns 0 (done), -1 (err
 * set), or 1 when the workout counts toward no goal before or after: the
 * caller then writes the workout alone. update: w already validated, its
 * version the read one + 1.
 */
int store_workout_create(struct table *t, struct model_workout *w, struct table_err *err);
int store_workout_update(struct table *t, struct model_workout *w, struct table_err *err);
int store_workout_delete(struct table *t, const char *user_id, const char *id, struct table_err *err);

/*
 * An id as a message shows it: its first 40 bytes, then "...", so that the
 * reason still fits the message however long the id (a 128 KiB --user).
 */
#define ID_SHOWN(id) (int)(strlen(store_id_text(id)) > 40 ? 40 : strlen(store_id_text(id))), store_id_text(id), \
	strlen(store_id_text(id)) > 40 ? "..." : ""

#define CHECK_ID(label, id) \
	do { \
		if (store_bad_id(label, id, err) != 0) \
			return -1; \
	} while (0)

#define CHECK_ID_LIST(label, id) \
	do { \
		memset(out, 0, sizeof *out); \
		if (store_bad_id(label, id, err) != 0) \
			return -1; \
	} while (0)

#endif
