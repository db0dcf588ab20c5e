/*
 * Reading what a report or a status line needs (datastore/insights_load.c):
 * range queries of data-model.md only, every list paged, never a Scan.
 *
 * A report: the user's goals (AP3; one goal by id with --goal), the period's
 * activities (AP8, or AP7 for the one goal), journal entries (AP9), meals
 * (AP10) and workouts (AP11), their first pages at once; then per goal the
 * current streak, walking the goal's activities newest first (AP6) page by
 * page and stopping at the first gap.
 */
#ifndef AILIFE_INSIGHTS_LOAD_H
#define AILIFE_INSIGHTS_LOAD_H

#include "datastore/insights.h"
#include "datastore/store.h"

/* Records a page asks for. */
#define INSIGHTS_PAGE 1000
/* Activities a page of the streak walk asks for (the first; each next one twice as many, up to INSIGHTS_PAGE). */
#define INSIGHTS_STREAK_PAGE 64

struct insights_request {
	const char *user_id;
	const struct model_user *profile;    /* the calorie target, the units */
	struct insights_period period;        /* insights_period_init'ed */
	const char *goal_id;                  /* only this goal (its status whatever), or NULL */
	bool streaks;                         /* walk back for every goal's current streak */
	bool goal_only;                       /* with goal_id: its figures only (no journal, meals, workouts read) */
};

/*
 * Fills r (insights_report_done after, on failure too). The goals shown: the
 * one of goal_id, else those active or with an activity in the period, in
 * the order of AP3 (by id: creation). 0, or -1 with err.
 */
int insights_load(struct table *t, const struct insights_request *q, struct insights_report *r,
    struct table_err *err);

/*
 * The current streak of a goal (AP6 newest first, pages growing from
 * INSIGHTS_STREAK_PAGE): *days; stops at the first gap. 0, or -1 with err.
 */
int insights_goal_streak(struct table *t, const char *user_id, const char *goal_id, struct day today, int *days,
    struct table_err *err);

/*
 * The status line: everything in ONE round trip (store_many): the profile
 * (when want_profile), the goals (AP3), today's meals, workouts and journal
 * entries ([from, to), AP9-AP11) and the activities of a window of recent
 * days ([win_from, to), AP8, newest first) for today's amounts and the
 * streaks. The caller asks with days wider than today (its zone may not be
 * the profile's yet) and computes once the profile's zone is in force.
 */
enum {
	INSIGHTS_S_PROFILE, INSIGHTS_S_GOALS, INSIGHTS_S_ACTIVITIES, INSIGHTS_S_MEALS, INSIGHTS_S_WORKOUTS,
	INSIGHTS_S_JOURNAL, INSIGHTS_STATUS_LISTS
};
struct insights_status_data {
	struct store_list lists[INSIGHTS_STATUS_LISTS];
	ms_t win_from;
};
int insights_status_fetch(struct table *t, const char *user_id, bool want_profile, ms_t from, ms_t to, ms_t win_from,
    struct insights_status_data *d, struct table_err *err);
/*
 * r: the figures of today (period today..today) with every goal of the user
 * and, with streaks (then win_from is some days back), its current streak; a streak that reaches the window's start is
 * walked on exactly (AP6: more round trips, only then). 0, or -1 with err.
 */
int insights_status_compute(struct table *t, const char *user_id, struct insights_status_data *d,
    const struct model_user *profile, struct day today, bool streaks, struct insights_report *r,
    struct table_err *err);
void insights_status_data_done(struct insights_status_data *d);

#endif
