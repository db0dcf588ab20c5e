/*
 * The screens: one file each (profile, goals with a goal's detail, timeline,
 * journal, meals, workouts, and the welcome screen and user picker), the
 * record forms they share, the session (views/session.h) and the shell that
 * hands the seven main screens to the loop (views/shell.h). Views talk to
 * datastore patterns only (store.h), always on the worker; they never build keys.
 */
#ifndef AILIFE_VIEWS_H
#define AILIFE_VIEWS_H

#include "tui/app.h"

/* Six of the seven main screens, in tab order (the seventh, Insights, is views/insights.h; keys 1-7: views/shell.c). */
extern const struct tui_screen view_profile_screen;
extern const struct tui_screen view_goals_screen;
extern const struct tui_screen view_timeline_screen;
extern const struct tui_screen view_journal_screen;
extern const struct tui_screen view_meals_screen;
extern const struct tui_screen view_workouts_screen;

/* First run (no user) and several users: arg of the picker is a struct store_list * (taken). */
extern const struct tui_screen view_welcome_screen;
extern const struct tui_screen view_picker_screen;

#endif
