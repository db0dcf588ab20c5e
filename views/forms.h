/*
 * The record forms every screen shares: add and edit of a profile, goal,
 * journal entry, meal or workout, and logging an activity. Fields come from
 * a table per type; values go into the record through model_set_text, and the
 * save runs on the worker (W1/W2 create, W3 log, W4 update).
 */
#ifndef AILIFE_VIEWS_FORMS_H
#define AILIFE_VIEWS_FORMS_H

#include "tui/app.h"

/* Opens the add form (rec NULL) or the edit form (a copy of rec is kept). goal_id: a preset link. */
struct tui_view *view_form_open(struct tui_app *a, enum model_type type, const void *rec, const char *goal_id);
/* The profile form of a new user (first run): no user yet, the new one is selected once saved. */
struct tui_view *view_form_new_user(struct tui_app *a);
/* Job kind of a repeat (view_form_repeat), answered to the screen that asked. */
#define VIEW_JOB_REPEAT 90
/* r: a copy of the meal or workout rec, now, with a new id (W1/W8), answered to v with VIEW_JOB_REPEAT. */
void view_form_repeat(struct tui_view *v, enum model_type type, const void *rec);
/* A repeat is back: says so, selects the copy, marks records changed; true when it was stored. */
bool view_form_repeat_done(struct tui_view *v, struct tui_job *j);
/* Reopens the form a draft was written from (the shell's draft_restore); false when it cannot. */
bool view_form_draft_restore(struct tui_app *a, json_t *draft);

#endif
