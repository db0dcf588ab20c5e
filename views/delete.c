/* The delete job every list shares. */
#include <stdlib.h>

#include "datastore/present.h"
#include "util/xmalloc.h"
#include "views/delete.h"

struct delete_job {
	enum model_type type;
	char *user_id, *id;      /* an activity: id is its occurredAt */
	char *goal_id;           /* an activity's goal */
	struct model_goal *goal; /* W5: the goal after the delete */
};

static void
delete_job_free(void *p)
{
	struct delete_job *d = p;
	free(d->user_id);
	free(d->id);
	free(d->goal_id);
	model_free(MODEL_GOAL, d->goal);
	free(d);
}

static int
delete_job_run(struct tui_job *j, struct table *t)
{
	struct delete_job *d = j->data;
	int rc;
	if (d->type == MODEL_ACTIVITY)
		rc = store_activity_delete(t, d->user_id, d->goal_id, d->id, &d->goal, &j->err);
	else
		rc = store_delete(t, d->type, d->user_id, d->id, &j->err);
	return rc;
}

void
view_delete_submit(struct tui_view *v, enum model_type type, const void *rec, int kind)
{
	struct delete_job *d = xcalloc(1, sizeof *d);
	d->type = type;
	d->user_id = xstrdup(((const struct model_common *)rec)->user_id);
	if (type == MODEL_ACTIVITY) {
		const struct model_activity *a = rec;
		d->goal_id = xstrdup(a->goal_id);
		d->id = xstrdup(a->occurred_at);
	} else {
		d->id = xstrdup(model_id(type, rec));
	}
	struct tui_job *j = tui_job_new(delete_job_run, d, delete_job_free);
	char *sum = present_summary(type, rec);
	char *what = xasprintf("the delete of %s %s", model_entity(type)->label, sum);
	tui_job_undoable(j, what);
	free(what);
	free(sum);
	j->kind = kind;
	j->write = true;
	tui_app_submit(v, j);
}

bool
view_delete_done(struct tui_view *v, struct tui_job *j, const char *fail, const char *done)
{
	tui_app_note(v, j);
	if (j->rc != 0) {
		tui_app_status(v->app, true, "%s: %s", fail, j->err.message);
		return false;
	}
	tui_app_status(v->app, false, "%s", done);
	tui_app_changed(v->app);
	return true;
}
