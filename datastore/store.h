/*
 * The access patterns (AP1-AP14) and writes (W1-W7) of data-model.md over the
 * table interface. The only code that knows which index answers which
 * question; views and commands call these and never build keys.
 *
 * Every function returns 0 on success or -1 with err filled in; records handed
 * out are owned by the caller (model_free / store_list_done).
 */
#ifndef AILIFE_STORE_H
#define AILIFE_STORE_H

#include <stdbool.h>

#include "datastore/model.h"
#include "datastore/table.h"
#include "datastore/timefmt.h"

/* A record of any type, as lists that mix types (AP12, timelines) hold them. */
struct store_item {
	enum model_type type;
	void *rec;
};

/* One page of records. cursor: the next page, NULL when there is nothing more. */
struct store_list {
	struct store_item *items;
	size_t count;
	char *cursor;
	size_t skipped;          /* items another client stored that do not read as records */
};

void store_list_done(struct store_list *l);
/* Moves the items of src to the end of dst (src is emptied, its cursor kept). */
void store_list_append(struct store_list *dst, struct store_list *src);

/*
 * What each request of a pattern was (its AP/W number, operation, index and key
 * condition) goes to the trace set on the table (table_set_trace), with the
 * capacity the backend reports: the TUI's explain pane and tests read it there.
 */

/*
 * Paging of a list request: cursor NULL for the first page; limit <= 0: 100.
 * With profile set, the profile of profile_user (AP1) is read in the same round
 * trip as the page (*profile, or TABLE_NOT_FOUND "no user ..."): a command that
 * needs both waits for the network once.
 */
struct store_page_req {
	const char *cursor;
	int limit;
	const char *profile_user;
	struct model_user **profile;
};

/*
 * What travels with a command's first queries (issue 15): the profile of
 * user (AP1 as a Query) and, when goals is not NULL, the user's goals, their
 * first page of up to 1000 (AP3) for the names a list prints (goals->cursor
 * not NULL when there are more).
 */
struct store_extras {
	const char *user;
	struct model_user **profile;
	struct store_list *goals;
};

/* AP1: a profile. TABLE_NOT_FOUND when there is none. */
int store_profile_get(struct table *t, const char *user_id, struct model_user **out,
    struct table_err *err);
/* A goal, journal entry, meal or workout by id (GetItem). */
int store_get(struct table *t, enum model_type type, const char *user_id, const char *id,
    void **out, struct table_err *err);
/*
 * The records of type (a goal, journal entry, meal or workout) whose id begins
 * with one of prefixes (at most 2: the prefix as typed and, for ULIDs, its
 * upper case; "" for any): Query PK=USER#u AND begins_with(SK, "<TYPE>#<prefix>") with
 * Limit limit, both prefixes in one round trip. A record both find is listed
 * once; out->cursor is set when there may be more than listed.
 */
int store_id_prefix(struct table *t, enum model_type type, const char *user_id,
    const char *const *prefixes, size_t n, int limit, struct store_list *out, struct table_err *err);
/* AP2: all users. */
int store_users_list(struct table *t, struct store_page_req pg, struct store_list *out,
    struct table_err *err);
/* AP3: a user's goals (any status). */
int store_goals_list(struct table *t, const char *user_id, struct store_page_req pg,
    struct store_list *out, struct table_err *err);
/* AP4: a user's goals with a status. */
int store_goals_by_status(struct table *t, const char *user_id, const char *status,
    struct store_page_req pg, struct store_list *out, struct table_err *err);
/* AP5: every user's goals with a status. */
int store_goals_all_by_status(struct table *t, const char *status, struct store_page_req pg,
    struct store_list *out, struct table_err *err);
/* AP6: a goal's activities, newest first. */
int store_goal_activities(struct table *t, const char *user_id, const char *goal_id,
    struct store_page_req pg, struct store_list *out, struct table_err *err);
/* AP7: a goal's activities in [from, to), oldest first. */
int store_goal_activities_between(struct table *t, const char *user_id, const char *goal_id,
    ms_t from, ms_t to, struct store_page_req pg, struct store_list *out, struct table_err *err);
/* AP8-AP11: activities, journal entries, meals or workouts in [from, to) (GSI2). */
int store_range(struct table *t, const char *user_id, enum model_type type, ms_t from, ms_t to,
    bool newest_first, struct store_page_req pg, struct store_list *out, struct table_err *err);
/* AP8-AP11 together: the first page of each type, at once where the backend can; outs[i] answers types[i]. */
int store_ranges(struct table *t, const char *user_id, const enum model_type *types, size_t n, ms_t from,
    ms_t to, bool newest_first, int limit, struct store_list *outs, struct table_err *err);
/* store_ranges with the extras in the same round trip (also when the range is empty). */
int store_ranges_with(struct table *t, const char *user_id, const enum model_type *types, size_t n, ms_t from,
    ms_t to, bool newest_first, int limit, const struct store_extras *extra, struct store_list *outs,
    struct table_err *err);
/*
 * goal show's reads at once (issue 15): the goal (*goal NULL when there is
 * none), its latest acts_limit activities (AP6, newest first) and its first
 * links_limit linked items (AP12), and the extras (may be NULL).
 */
int store_goal_view(struct table *t, const char *user_id, const char *goal_id, int acts_limit, int links_limit,
    const struct store_extras *extra, struct model_goal **goal, struct store_list *acts, struct store_list *links,
    struct table_err *err);
/* AP12: everything linked to a goal; type_only: just that type (e.g. MODEL_JOURNAL), or -1. */
int store_goal_links(struct table *t, const char *goal_id, int type_only,
    struct store_page_req pg, struct store_list *out, struct table_err *err);
/* AP13: latest journal entries, newest first. */
int store_journal_latest(struct table *t, const char *user_id, struct store_page_req pg,
    struct store_list *out, struct table_err *err);
/* AP14: all of one user's items as raw items (export). */
int store_user_items(struct table *t, const char *user_id, struct store_page_req pg,
    struct table_page *out, struct table_err *err);

/*
 * W1, W2: creates a user, goal, journal entry, meal or workout. Fills in what
 * the caller left unset: the id (a new ULID), userId (from the record),
 * createdAt/updatedAt (the data clock), version 1, and for a goal progress 0
 * and status active. Validates, then PutItem with attribute_not_exists(PK).
 */
int store_create(struct table *t, enum model_type type, void *rec, struct table_err *err);

/*
 * W3: logs an activity: the activity and the goal's new progress (and its
 * status by store_goal_status_after) in one transaction, conditional on
 * the goal's version. A lost race re-reads the goal and tries again; a taken
 * activity key moves to the next millisecond. act: goal_id, amount, note,
 * occurred_at set by the caller (user id too); on success it is completed and
 * *goal_out (may be NULL) receives the goal as it now is.
 */
int store_activity_log(struct table *t, struct model_activity *act, struct model_goal **goal_out,
    struct table_err *err);

/* ---- the data rules of the writes (rules helper, issue 12) ---- */

/*
 * The completion rule of every write that changes a goal's progress or target:
 * the status the goal has afterwards. An active goal whose progress reaches its
 * target becomes "completed"; any other status is returned unchanged (nothing
 * reopens a goal, paused and archived never change by themselves).
 */
const char *store_goal_status_after(const char *status, long long progress, long long target);

/* Room for a goal status ("completed" and its NUL, with space to spare). */
#define STORE_STATUS_MAX 16
/*
 * store_activity_log, also handing back the goal's status just before the log
 * (status_before may be NULL): a command says store_log_note(status_before)
 * on stderr when it is not NULL (a log to a paused, completed or archived goal).
 */
int store_activity_log_status(struct table *t, struct model_activity *act, struct model_goal **goal_out,
    char status_before[STORE_STATUS_MAX], struct table_err *err);
/* The note a log to a goal of that status deserves; NULL for an active goal. */
const char *store_log_note(const char *status_before);

/*
 * The sum of a goal's activities as stored (AP6, every page, constant memory),
 * in *sum (thousandths) and *count (may be NULL). skip (may be NULL) leaves
 * out the activities it returns true for, named by their PK and SK (import
 * leaves out those its file replaces).
 */
int store_goal_activity_sum(struct table *t, const char *user_id, const char *goal_id,
    bool (*skip)(void *ctx, const char *pk, const char *sk), void *ctx, long long *sum, size_t *count,
    struct table_err *err);

/*
 * What a workout counts toward a goal of that unit, in thousandths: distanceKm
 * for km, the same in miles (1 mi = 1.609344 km, rounded to 0.001 mi) for mi,
 * minutes for min/minutes, calories for kcal. false when the unit is none of
 * these or the workout lacks that figure (then it is only linked).
 */
bool store_workout_amount(const struct model_workout *w, const char *unit, long long *amount);

/* ---- end of the data rules ---- */

/* W4: writes an edited record (read earlier with version v), conditional on version = v. */
int store_update(struct table *t, enum model_type type, void *rec, struct table_err *err);

/* W5: deletes an activity and takes its amount off the goal's progress, in one transaction. */
int store_activity_delete(struct table *t, const char *user_id, const char *goal_id,
    const char *occurred_at, struct model_goal **goal_out, struct table_err *err);

/*
 * What an activity edit changes (store_activity_edit); what is not set stays.
 * note NULL or "" with note_set: the note is removed.
 */
struct store_activity_change {
	bool amount_set;
	long long amount;        /* thousandths, above 0 */
	bool note_set;
	const char *note;
	bool at_set;
	ms_t at;
};

/*
 * W5 + W3 in one: edits an activity (read earlier as old) and the goal's
 * progress in ONE TransactWriteItems, conditional on both versions. The same
 * time: Put of the edited activity + Update of the goal. Another time: Delete
 * of the old key + Put of the new (attribute_not_exists; a taken millisecond
 * moves on to the next) + Update of the goal, so progress stays the sum of
 * the activities. A lost race re-reads both and tries again. *act_out (may
 * be NULL): the activity as stored now; *goal_out (may be NULL): the goal.
 */
int store_activity_edit(struct table *t, const struct model_activity *old,
    const struct store_activity_change *ch, struct model_activity **act_out, struct model_goal **goal_out,
    struct table_err *err);

/* W6: changes a goal's status (status and GSI1PK together), conditional on its version. */
int store_goal_set_status(struct table *t, struct model_goal *goal, const char *status,
    struct table_err *err);

/*
 * W7: deletes a goal: its activities (taking them off progress as it goes, so
 * progress always equals the sum) and then the goal, in transactions of at most
 * 100 items; links from journal entries, meals and workouts are removed first.
 * *activities and *unlinked (may be NULL) count what was done.
 */
int store_goal_delete(struct table *t, const char *user_id, const char *goal_id,
    size_t *activities, size_t *unlinked, struct table_err *err);

/*
 * Deletes a user: every item of its partition (AP14, paged) in transactions of
 * at most 100 deletes, the profile last. *deleted counts the items deleted.
 */
int store_user_delete(struct table *t, const char *user_id, size_t *deleted, struct table_err *err);

/*
 * ---- a write's identity, decided once (issue 15: exactly once) ----
 *
 * A logical write keeps its id, its times and its first ClientRequestToken
 * through every retry and every replay from the outbox (datastore/outbox.h);
 * each function below recognises the write sent before, by itself or by a
 * crashed or cut-off run, as done rather than as a conflict.
 */

/* store_create's fill-in and validation alone (id, createdAt, updatedAt, version 1, goal defaults). */
int store_create_prepare(enum model_type type, void *rec, struct table_err *err);
/*
 * W1/W2 of a prepared item: PutItem attribute_not_exists. The key already
 * holding exactly item, or the same record edited since (its createdAt), is
 * success; another record there is COND_FAILED with *theirs (may be NULL)
 * the stored item. check_user: in one TransactWriteItems with a
 * ConditionCheck that the user's profile exists (a command that did not read
 * it); no profile is NOT_FOUND "no user 'u'".
 */
int store_put_new(struct table *t, enum model_type type, json_t *item, bool check_user, json_t **theirs,
    struct table_err *err);
/* store_update's part before sending: updatedAt, version + 1 (*expected the one read), the completion rule, validation. */
int store_update_prepare(enum model_type type, void *rec, long long *expected, struct table_err *err);
/*
 * W4 of a prepared item (not a workout): conditional on version = expected.
 * The item already stored exactly so is success; a version moved on is
 * COND_FAILED, the record gone NOT_FOUND, with *theirs (may be NULL) what is
 * stored (NULL when gone).
 */
int store_update_item(struct table *t, enum model_type type, json_t *item, long long expected, json_t **theirs,
    struct table_err *err);
/*
 * W3 with the identity of act kept: occurredAt (a taken millisecond of
 * another activity moves on, the same way every time), createdAt (set when
 * NULL) and token for the first transaction (NULL: a fresh one). replay:
 * it may have been sent before (by a run that crashed or lost its link):
 * then an activity equal to this one already at its key is this log, done:
 * success, with *goal_out read again. (Without replay an equal activity is
 * another log of the same contents, as under a fixed clock: it moves on.)
 * goal_read (may be NULL, borrowed): the goal as the caller just read it, the
 * first attempt's (one round trip fewer); a version moved on is read again.
 */
int store_activity_log_as(struct table *t, struct model_activity *act, const char *token, bool replay,
    const struct model_goal *goal_read, struct model_goal **goal_out, char status_before[STORE_STATUS_MAX], struct table_err *err);
/*
 * W6 at the time when (NULL: now), conditional on goal->c.version: the goal
 * already holding this status, time and the next version is success; else
 * COND_FAILED / NOT_FOUND with *theirs (may be NULL) the stored goal.
 */
int store_goal_status_as(struct table *t, struct model_goal *goal, const char *status, const char *when,
    json_t **theirs, struct table_err *err);

/* Deletes a journal entry, meal or workout. */
int store_delete(struct table *t, enum model_type type, const char *user_id, const char *id,
    struct table_err *err);

#endif
