/*
 * The goal detail's insights (issue 16, views/goal_pace.c): the pace (needed
 * a day against done a day, on track / ahead / behind by N days), the
 * current streak and a month heatmap of the goal's activities, moved with
 * [ ]. The figures are datastore/insights_load.h's (insights_load of the
 * one goal over the month, goal_only), read on the worker like the rest.
 * views/goal.c holds one of these and calls it from its own callbacks.
 */
#ifndef AILIFE_VIEWS_GOAL_PACE_H
#define AILIFE_VIEWS_GOAL_PACE_H

#include "tui/app.h"

/* The job kind of its loads (apart from views/goal.c's own kinds). */
#define GOAL_PACE_JOB 0x6701

struct goal_pace;

struct goal_pace *goal_pace_new(void);
void goal_pace_free(struct goal_pace *gp);
/* Asks for the month shown (again) for goal g of v's user. */
void goal_pace_load(struct goal_pace *gp, struct tui_view *v, const struct model_goal *g);
/* A job of v is back: true when it was one of these (taken; older ones dropped). */
bool goal_pace_on_data(struct goal_pace *gp, struct tui_view *v, struct tui_job *j);
/* [ ] move the month (and load it), c shows the heatmap in place of the list; true when taken. */
bool goal_pace_key(struct goal_pace *gp, struct tui_view *v, const struct model_goal *g, const struct tui_key *k);
/*
 * Draws from line y of win (h lines, w columns): the pace and streak line and
 * beside the list the month's heatmap (wide), or the heatmap alone (c, narrow).
 * Returns the lines the pace took; *list_w the columns left for the list, 0
 * when the heatmap took the body (nothing else to draw below y).
 */
/* c on a narrow terminal: the heatmap takes the body (goal_pace_draw from line 1, nothing else). */
bool goal_pace_takes_body(const struct goal_pace *gp, int h, int w);
int goal_pace_draw(struct goal_pace *gp, struct tui_view *v, WINDOW *win, int y, int h, int w, int *list_w);

#endif
