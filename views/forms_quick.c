/*
 * Quick entry in the record forms: a new meal's name completed from the
 * user's earlier meals (Tab fills the calories and macros of the last one of
 * that name), and r, the same meal or workout again, now.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "tui/form.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/forms.h"
#include "views/forms_int.h"
#include "views/period.h"

/* ---- a new meal's name: completed from the user's earlier meals ---- */

#define PAST_DAYS 365
#define PAST_MAX 2000

static int
by_use(const void *a, const void *b)
{
	const struct meal_name *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return -strcmp(x->last->occurred_at, y->last->occurred_at);
}

void
view_forms_meals_in(struct tui_view *v, void *ctx, struct tui_job *j)
{
	struct rec_form *rf = ctx;
	struct view_range *r = j->data;
	if (j->rc != 0)
		return;   /* no completion, the form works without it */
	store_list_done(&rf->past);
	rf->past = r->l;
	memset(&r->l, 0, sizeof r->l);
	free(rf->names);
	rf->names = xcalloc(rf->past.count + 1, sizeof *rf->names);
	rf->nnames = 0;
	/* Newest first: the first meal of a name is its latest. */
	for (size_t i = 0; i < rf->past.count; i++) {
		const struct model_meal *m = rf->past.items[i].rec;
		size_t k = 0;
		while (k < rf->nnames && strcmp(rf->names[k].last->name, m->name) != 0)
			k++;
		if (k == rf->nnames)
			rf->names[rf->nnames++] = (struct meal_name){ m, 0 };
		rf->names[k].count++;
	}
	qsort(rf->names, rf->nnames, sizeof *rf->names, by_use);
}

/* The earlier meal whose name starts with what field i holds (folded case), or NULL. */
static const struct model_meal *
meal_match(struct tui_view *v, struct rec_form *rf, size_t i)
{
	const struct spec_set *ss = view_forms_specs(rf);
	if (rf->type != MODEL_MEAL || rf->orig != NULL || i >= ss->n || strcmp(ss->f[i].attr, "name") != 0)
		return NULL;
	const char *typed = tui_form_value(v, i);
	if (typed[0] == '\0')
		return NULL;
	for (size_t k = 0; k < rf->nnames; k++)
		if (tui_list_find(rf->names[k].last->name, typed) == 0)
			return rf->names[k].last;
	return NULL;
}

bool
view_forms_suggest(struct tui_view *v, void *ctx, size_t i, char *out, size_t size)
{
	const struct model_meal *m = meal_match(v, ctx, i);
	char kcal[32];
	if (m == NULL)
		return false;
	present_num(&m->calories, kcal);
	snprintf(out, size, "%s (%s kcal)", m->name, kcal);
	return true;
}

/* Tab on a new meal's name: the name, and the calories and macros of the last meal of that name. */
bool
view_forms_complete(struct tui_view *v, void *ctx, size_t i)
{
	struct rec_form *rf = ctx;
	const struct model_meal *m = meal_match(v, rf, i);
	if (m == NULL)
		return false;
	const struct spec_set *ss = view_forms_specs(rf);
	for (size_t k = 0; k < ss->n; k++) {
		const char *attr = ss->f[k].attr;
		if (strcmp(attr, "name") == 0 || strcmp(attr, "calories") == 0 || strcmp(attr, "protein") == 0 ||
		    strcmp(attr, "carbs") == 0 || strcmp(attr, "fat") == 0) {
			char *t = view_forms_field_text(MODEL_MEAL, m, &ss->f[k], rf->imperial);
			tui_form_set_value(v, k, t);
			free(t);
		}
	}
	return true;
}

void
view_forms_meals_load(struct tui_view *v, struct rec_form *rf)
{
	/* The names to complete from: the last year's meals, newest first. */
	ms_t now = clock_now_ms();
	struct tui_job *j = view_range_job(rf->user_id, MODEL_MEAL, now - (ms_t)PAST_DAYS * 86400000, now + 86400000,
	    true, PAST_MAX);
	tui_form_submit(v, j, TUI_FORM_JOB_OTHER);
}

/* ---- r: the same meal or workout again, now ---- */

void
view_form_repeat(struct tui_view *v, enum model_type type, const void *rec)
{
	void *copy = model_copy(type, rec);
	struct model_common *c = copy;
	char ts[TIMEFMT_LEN + 1], why[200];
	/* A new record: no id (a new ULID), no times of its own, version 1 on create. */
	if (type == MODEL_MEAL) {
		free(((struct model_meal *)copy)->meal_id);
		((struct model_meal *)copy)->meal_id = NULL;
	} else {
		free(((struct model_workout *)copy)->workout_id);
		((struct model_workout *)copy)->workout_id = NULL;
	}
	free(c->created_at);
	free(c->updated_at);
	c->created_at = c->updated_at = NULL;
	c->version = 0;
	timefmt_format(clock_now_ms(), ts);
	const struct model_field *at = model_field_by_attr(model_entity(type), "occurredAt");
	if (at == NULL || model_set_text(type, copy, at, ts, why, sizeof why) != 0) {
		tui_app_status(v->app, true, "not repeated: %s", at == NULL ? "no time" : why);
		model_free(type, copy);
		return;
	}
	struct save_job *s = xcalloc(1, sizeof *s);
	s->type = type;
	s->rec = copy;
	s->create = true;
	struct tui_job *j = tui_job_new(view_forms_save_run, s, view_forms_save_free);
	char *sum = present_summary(type, copy);
	char *what = xasprintf("the repeat of %s", sum);
	tui_job_undoable(j, what);
	free(what);
	free(sum);
	j->kind = VIEW_JOB_REPEAT;
	j->write = true;
	tui_app_submit(v, j);
}

bool
view_form_repeat_done(struct tui_view *v, struct tui_job *j)
{
	struct save_job *s = j->data;
	tui_app_note(v, j);
	if (j->rc != 0) {
		tui_app_status(v->app, true, "not repeated: %s", j->err.message);
		return false;
	}
	char *sum = present_summary(s->type, s->rec);
	tui_app_status(v->app, false, "repeated now: %s (u undoes it)", sum);
	free(sum);
	tui_app_set_focus(v->app, model_id(s->type, s->rec));
	tui_app_changed(v->app);
	return true;
}
