/*
 * The session of the terminal interface: whose screens they are (the user
 * and their profile), the user's goals as last read (for titles, links and
 * the forms' goal choice), and how a user is chosen: the configured one, the
 * only one, the picker (several, or u) or the welcome screen (none). It is
 * the one place of the interface that sets the process's time zone (the
 * profile's), on the loop's thread. It lives behind the loop's shell context
 * (views/shell.c); screens ask it through their tui_app.
 */
#ifndef AILIFE_VIEWS_SESSION_H
#define AILIFE_VIEWS_SESSION_H

#include <stdbool.h>

#include "tui/app.h"

/* Starts a session on a (its shell context): user_id is the configured user, or NULL to find one. */
void view_session_start(struct tui_app *a, const char *user_id);
/* Ends it (the screens are gone). */
void view_session_done(struct tui_app *a);

/* The chosen user's id, or NULL before one is chosen (or without a session: a screen under test). */
const char *view_session_user(struct tui_app *a);
/* Their profile, or NULL before one is chosen. */
const struct model_user *view_session_profile(struct tui_app *a);
/* The user's goals (all statuses, AP3), as last loaded; may be empty. */
const struct store_list *view_session_goals(struct tui_app *a);
/* The title of a goal by id from that list, or NULL. */
const char *view_session_goal_title(struct tui_app *a, const char *goal_id);

/* The amount last logged to a goal in this session (its text), or NULL: the log form's default. */
const char *view_session_last_amount(struct tui_app *a, const char *goal_id);
void view_session_set_last_amount(struct tui_app *a, const char *goal_id, const char *amount);

/* Switches to user id (NULL: the user picker); loads the profile, then fresh screens (tui_app_home). */
void view_session_select_user(struct tui_app *a, const char *user_id);
/* The profile was saved: keep it (takes rec), switch the time zone, reload (tui_app_changed). */
void view_session_set_profile(struct tui_app *a, struct model_user *rec);
/* The user picker (u): the users are read, then the picker opens. */
void view_session_pick(struct tui_app *a);
/* The start failed and r was pressed: the configured user again, or the users. */
void view_session_retry(struct tui_app *a);
/* The goals are read again (records changed, or r). */
void view_session_reload(struct tui_app *a);
/* A job of the session is back. */
void view_session_on_data(struct tui_app *a, struct tui_job *j);

#endif
