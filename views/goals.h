/*
 * What the goal list (views/goals.c) shares with a goal's detail and the
 * session: status changes, deletion and reading every goal. The list's
 * screen is declared in views.h with the other main screens.
 */
#ifndef AILIFE_VIEWS_GOALS_H
#define AILIFE_VIEWS_GOALS_H

#include "tui/app.h"

/* W7 for v (job kind as given); the answer goes to v->on_data, which calls view_goal_write_done. */
void view_goal_delete(struct tui_view *v, const struct model_goal *g, int kind);
/* Asks for the new status, then W6 for v with that job kind. */
void view_goal_pick_status(struct tui_view *v, const struct model_goal *g, int kind);
/* A status change or delete is back: tells the user, marks data changed; true on success. */
bool view_goal_write_done(struct tui_view *v, struct tui_job *j);

/* Past its due date and neither completed nor archived (shown with "!" and TUI_R_OVERDUE). */
bool view_goal_overdue(const struct model_goal *g);

/* On the worker: every page of the user's goals with status (NULL: all, AP3; else AP4), up to 1000; -1 with j->err. */
int view_goals_collect(struct tui_job *j, struct table *t, const char *user_id, const char *status,
    struct store_list *out);

#endif
