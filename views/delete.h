/*
 * Deleting the selected record of a screen's list: a journal entry, a meal or
 * a workout (DeleteItem), or an activity (W5: its amount comes off the goal's
 * progress in the same transaction). A goal's delete (W7, with everything
 * linked to it) is views/goals.h's. The job runs on the worker; the screen's
 * on_data hands the answer to view_delete_done and reloads when it worked.
 */
#ifndef AILIFE_VIEWS_DELETE_H
#define AILIFE_VIEWS_DELETE_H

#include <stdbool.h>

#include "tui/app.h"

/* Deletes rec (of type) for v, the job of kind as given. */
void view_delete_submit(struct tui_view *v, enum model_type type, const void *rec, int kind);
/*
 * The delete is back: noted on v; the status line says done, or "fail: why";
 * records changed (tui_app_changed). True when it was deleted.
 */
bool view_delete_done(struct tui_view *v, struct tui_job *j, const char *fail, const char *done);

#endif
