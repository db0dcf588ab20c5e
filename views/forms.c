/* Record forms: field tables per type, record <-> field text, the save jobs, drafts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
#include "datastore/present.h"
#include "datastore/read_only_table.h"
#include "datastore/units.h"
#include "tui/form.h"
#include "util/xmalloc.h"
#include "views/forms.h"
#include "views/forms_int.h"
#include "views/forms_write.h"
#include "views/session.h"
#include "views/views.h"

static const char *const units_choices[] = { "metric", "imperial", NULL };
static const char *const meal_choices[] = { "breakfast", "lunch", "dinner", "snack", NULL };

static const struct tui_field_spec user_fields[] = {
	{ "Name", "name", TUI_F_TEXT, NULL, NULL },
	{ "Email", "email", TUI_F_TEXT, NULL, "optional" },
	{ "Timezone", "timezone", TUI_F_TEXT, NULL, "IANA, e.g. Europe/Berlin" },
	{ "Units", "units", TUI_F_CHOICE, units_choices, NULL },
	{ "Calories", "dailyCalorieTarget", TUI_F_TEXT, NULL, "kcal a day" },
};
static const struct tui_field_spec goal_fields[] = {
	{ "Title", "title", TUI_F_TEXT, NULL, NULL },
	{ "Target", "target", TUI_F_TEXT, NULL, "a number" },
	{ "Unit", "unit", TUI_F_TEXT, NULL, "km, pages..." },
	{ "Category", "category", TUI_F_TEXT, NULL, "optional" },
	{ "Start", "startDate", TUI_F_DAY, NULL, NULL },
	{ "Due", "dueDate", TUI_F_DAY, NULL, NULL },
};
static const struct tui_field_spec activity_fields[] = {
	{ "Amount", "amount", TUI_F_TEXT, NULL, NULL },
	{ "Note", "note", TUI_F_TEXT, NULL, "optional" },
	{ "When", "occurredAt", TUI_F_WHEN, NULL, NULL },
	{ "Goal", "goalId", TUI_F_CHOICE, NULL, NULL },
};
static const struct tui_field_spec journal_fields[] = {
	{ "Title", "title", TUI_F_TEXT, NULL, "optional" },
	{ "Body", "body", TUI_F_LONG, NULL, NULL },
	{ "Mood", "mood", TUI_F_TEXT, NULL, "1-5, optional" },
	{ "Tags", "tags", TUI_F_TEXT, NULL, "comma-separated" },
	{ "Goal", "goalId", TUI_F_CHOICE, NULL, NULL },
	{ "When", "occurredAt", TUI_F_WHEN, NULL, NULL },
};
static const struct tui_field_spec meal_fields[] = {
	{ "Name", "name", TUI_F_TEXT, NULL, NULL },
	{ "Calories", "calories", TUI_F_TEXT, NULL, "kcal" },
	{ "Type", "mealType", TUI_F_CHOICE, meal_choices, NULL },
	{ "Protein", "protein", TUI_F_TEXT, NULL, "g, optional" },
	{ "Carbs", "carbs", TUI_F_TEXT, NULL, "g, optional" },
	{ "Fat", "fat", TUI_F_TEXT, NULL, "g, optional" },
	{ "Goal", "goalId", TUI_F_CHOICE, NULL, NULL },
	{ "When", "occurredAt", TUI_F_WHEN, NULL, NULL },
};
static const struct tui_field_spec workout_fields[] = {
	{ "Kind", "kind", TUI_F_TEXT, NULL, "run, swim..." },
	{ "Minutes", "minutes", TUI_F_TEXT, NULL, NULL },
	{ "Distance", "distanceKm", TUI_F_TEXT, NULL, "km, optional" },
	{ "Calories", "calories", TUI_F_TEXT, NULL, "kcal, optional" },
	{ "Goal", "goalId", TUI_F_CHOICE, NULL, NULL },
	{ "When", "occurredAt", TUI_F_WHEN, NULL, NULL },
};

/* The same, for a profile in imperial units: the distance is read and shown in miles. */
static const struct tui_field_spec workout_fields_imperial[] = {
	{ "Kind", "kind", TUI_F_TEXT, NULL, "run, swim..." },
	{ "Minutes", "minutes", TUI_F_TEXT, NULL, NULL },
	{ "Distance", "distanceKm", TUI_F_TEXT, NULL, "mi, optional" },
	{ "Calories", "calories", TUI_F_TEXT, NULL, "kcal, optional" },
	{ "Goal", "goalId", TUI_F_CHOICE, NULL, NULL },
	{ "When", "occurredAt", TUI_F_WHEN, NULL, NULL },
};

static const struct spec_set specs[MODEL_TYPE_COUNT] = {
	[MODEL_USER] = SPECS(user_fields),
	[MODEL_GOAL] = SPECS(goal_fields),
	[MODEL_ACTIVITY] = SPECS(activity_fields),
	[MODEL_JOURNAL] = SPECS(journal_fields),
	[MODEL_MEAL] = SPECS(meal_fields),
	[MODEL_WORKOUT] = SPECS(workout_fields),
};

static const struct spec_set imperial_workout = SPECS(workout_fields_imperial);

/* The fields of rf's form: the profile's units decide the workout's distance. */
const struct spec_set *
view_forms_specs(const struct rec_form *rf)
{
	if (rf->type == MODEL_WORKOUT && rf->imperial)
		return &imperial_workout;
	return &specs[rf->type];
}

/* ---- record <-> fields ---- */

static const struct model_field *
mfield(enum model_type type, const char *attr)
{
	return model_field_by_attr(model_entity(type), attr);
}

static void
clear_field(void *rec, const struct model_field *f)
{
	switch (f->kind) {
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT:
		model_num_at(rec, f)->set = false;
		model_num_at(rec, f)->v = 0;
		break;
	case MODEL_FIELD_TAGS: {
		struct model_strset *t = model_tags_at(rec, f);
		for (size_t i = 0; i < t->n; i++)
			free(t->v[i]);
		free(t->v);
		t->v = NULL;
		t->n = 0;
		break;
	}
	default: {
		char **p = model_str_at(rec, f);
		free(*p);
		*p = NULL;
		break;
	}
	}
}

/* The text a field shows for a record's attribute ("" when absent). */
char *
view_forms_field_text(enum model_type type, const void *rec, const struct tui_field_spec *s, bool imperial)
{
	const struct model_field *f = mfield(type, s->attr);
	if (f == NULL || rec == NULL)
		return xstrdup("");
	if (strcmp(s->attr, "distanceKm") == 0) {
		/* In the profile's units, as the command line shows it (datastore/units.h). */
		const struct model_num *n = model_num_at((void *)(uintptr_t)rec, f);
		char d[DECIMAL_TEXT_MAX];
		if (!n->set)
			return xstrdup("");
		units_format_distance(n->v, imperial, d);
		return xstrdup(d);
	}
	char *text = present_field(rec, f, NULL);
	return text != NULL ? text : xstrdup("");
}

static char *
trim(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

/* Field values into rec; -1 with why ("attr: reason") when one is refused. */
static int
fields_to_record(struct tui_view *v, struct rec_form *rf, void *rec, char *why, size_t why_size)
{
	const struct spec_set *ss = view_forms_specs(rf);
	for (size_t i = 0; i < ss->n; i++) {
		const struct tui_field_spec *s = &ss->f[i];
		const struct model_field *f = mfield(rf->type, s->attr);
		char *val = trim(tui_form_value(v, i), strlen(tui_form_value(v, i)));
		int rc = 0;
		if (f == NULL) {
			free(val);
			continue;
		}
		if (strcmp(s->attr, "goalId") == 0) {
			size_t k = tui_form_choice(v, i);
			clear_field(rec, f);
			if (k < rf->ngoals && rf->goal_ids[k] != NULL)
				rc = model_set_text(rf->type, rec, f, rf->goal_ids[k], why, why_size);
		} else if (s->kind == TUI_F_WHEN) {
			ms_t ms;
			char ts[TIMEFMT_LEN + 1], w[200];
			free(rf->when_typed);
			rf->when_typed = xstrdup(val);
			if (rf->orig != NULL && rf->when_initial != NULL && strcmp(val, rf->when_initial) == 0) {
				free(val);
				continue;       /* unchanged: the stored time to the millisecond */
			}
			const char *kept = form_write_when(rf->write, val);
			if (kept != NULL) {
				/* Saved again after a save that did not succeed: the time "now" was then. */
				rc = model_set_text(rf->type, rec, f, kept, why, why_size);
				free(val);
				if (rc != 0)
					return -1;
				continue;
			}
			if (dates_parse_when(val, clock_now_ms(), &ms, w, sizeof w) != 0) {
				snprintf(why, why_size, "%s: %s", s->attr, w);
				free(val);
				return -1;
			}
			timefmt_format(ms, ts);
			rc = model_set_text(rf->type, rec, f, ts, why, why_size);
		} else if (s->kind == TUI_F_DAY) {
			struct day d;
			char w[200], ds[11];
			clear_field(rec, f);
			if (val[0] != '\0') {
				if (dates_parse_day(val, clock_now_ms(), &d, w, sizeof w) != 0) {
					snprintf(why, why_size, "%s: %s", s->attr, w);
					free(val);
					return -1;
				}
				dates_day_format(d, ds);
				rc = model_set_text(rf->type, rec, f, ds, why, why_size);
			}
		} else if (strcmp(s->attr, "distanceKm") == 0 && val[0] != '\0') {
			/* "5mi", "8km", or a bare number in the profile's units; stored in km. */
			long long milli;
			char km[DECIMAL_TEXT_MAX], w[200];
			if (units_parse_distance(val, rf->imperial, &milli, w, sizeof w) != 0) {
				snprintf(why, why_size, "%s: %s", s->attr, w);
				free(val);
				return -1;
			}
			decimal_format(milli, km);
			rc = model_set_text(rf->type, rec, f, km, why, why_size);
		} else if (f->kind == MODEL_FIELD_TAGS) {
			clear_field(rec, f);
			const char *p = val;
			while (rc == 0 && *p != '\0') {
				const char *comma = strchr(p, ',');
				size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
				char *tag = trim(p, n);
				if (tag[0] != '\0')
					rc = model_set_text(rf->type, rec, f, tag, why, why_size);
				free(tag);
				p += n;
				if (*p == ',')
					p++;
			}
		} else if (val[0] == '\0' && s->kind != TUI_F_LONG) {
			clear_field(rec, f);
			if (f->required) {
				snprintf(why, why_size, "%s: needs a value", s->attr);
				rc = -1;
			}
		} else {
			/* A body keeps its own spacing: set the untrimmed text. */
			rc = model_set_text(rf->type, rec, f, s->kind == TUI_F_LONG ? tui_form_value(v, i) : val,
			    why, why_size);
		}
		free(val);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* ---- the save job ---- */

void
view_forms_save_free(void *p)
{
	struct save_job *s = p;
	model_free(s->type, s->rec);
	model_free(MODEL_GOAL, s->goal);
	model_free(MODEL_ACTIVITY, s->old);
	model_free(MODEL_GOAL, s->goal_read);
	model_free(MODEL_ACTIVITY, s->prev);
	free(s->created_at);
	free(s->updated_at);
	free(s);
}

int
view_forms_save_run(struct tui_job *j, struct table *t)
{
	struct save_job *s = j->data;
	int rc;
	if (s->type == MODEL_ACTIVITY && s->old != NULL) {
		struct model_activity *now = NULL;
		rc = store_activity_edit(t, s->old, &s->ch, &now, &s->goal, &j->err);
		/* Retried after an edit that moved it was applied: the old time is gone, the new one ours. */
		if (rc != 0 && s->retry && j->err.status == TABLE_NOT_FOUND)
			rc = form_write_moved(t, s, &j->err);
		if (rc == 0 && now != NULL) {
			model_free(MODEL_ACTIVITY, s->rec);
			s->rec = now;
		}
	} else {
		rc = form_write_send(t, s, &j->err);
	}
	return rc;
}

/* A copy of the goal id as the session loaded it (NULL: not loaded). */
static struct model_goal *
session_goal(struct tui_app *a, const char *goal_id)
{
	const struct store_list *gl = view_session_goals(a);
	for (size_t i = 0; gl != NULL && goal_id != NULL && i < gl->count; i++) {
		const struct model_goal *g = gl->items[i].rec;
		if (g->goal_id != NULL && strcmp(g->goal_id, goal_id) == 0)
			return model_copy(MODEL_GOAL, g);
	}
	return NULL;
}

static int
rf_save(struct tui_view *v, void *ctx, char *why, size_t why_size)
{
	struct rec_form *rf = ctx;
	void *rec = rf->orig != NULL ? model_copy(rf->type, rf->orig) : model_new(rf->type);
	struct model_common *c = rec;
	if (c->user_id == NULL && rf->user_id != NULL)
		c->user_id = xstrdup(rf->user_id);
	if (fields_to_record(v, rf, rec, why, why_size) != 0) {
		model_free(rf->type, rec);
		return -1;
	}
	if (rf->type == MODEL_ACTIVITY && ((struct model_activity *)rec)->goal_id == NULL) {
		snprintf(why, why_size, "goalId: choose the goal to log to");
		model_free(rf->type, rec);
		return -1;
	}
	struct save_job *s = xcalloc(1, sizeof *s);
	s->type = rf->type;
	s->rec = rec;
	s->create = rf->orig == NULL;
	if (rf->type == MODEL_ACTIVITY && rf->orig != NULL) {
		/* An edit (W5 + W3 in one transaction): what differs from the activity as read. */
		const struct model_activity *o = rf->orig, *n = rec;
		s->old = model_copy(MODEL_ACTIVITY, o);
		s->ch.amount_set = n->amount.v != o->amount.v;
		s->ch.amount = n->amount.v;
		s->ch.note_set = (n->note == NULL) != (o->note == NULL) || (n->note != NULL && strcmp(n->note, o->note) != 0);
		s->ch.note = n->note;
		s->ch.at_set = strcmp(n->occurred_at, o->occurred_at) != 0;
		s->ch.at = present_ms(n->occurred_at);
		s->retry = rf->write->sent != NULL && rf->write->type == MODEL_ACTIVITY;
	} else {
		/* The identity of the C-s before, kept (views/forms_write.h). */
		form_write_apply(rf->write, s);
		if (rf->type == MODEL_ACTIVITY)
			s->goal_read = session_goal(v->app, ((struct model_activity *)rec)->goal_id);
	}
	struct tui_job *j = tui_job_new(view_forms_save_run, s, view_forms_save_free);
	if (!rf->new_user) {
		/* u undoes it: named as people read the record. */
		char *sum;
		if (rf->type == MODEL_ACTIVITY) {
			const struct model_activity *act = rec;
			const char *title = view_session_goal_title(v->app, act->goal_id);
			char n[32];
			present_num(&act->amount, n);
			sum = xasprintf("%s to %s", n, title != NULL ? title : act->goal_id);
		} else {
			sum = rf->type == MODEL_USER ? xstrdup("the profile") : present_summary(rf->type, rec);
		}
		char *what;
		if (rf->orig != NULL)
			what = xasprintf("the edit of %s", sum);
		else if (rf->type == MODEL_ACTIVITY)
			what = xasprintf("the log %s", sum);
		else
			what = xasprintf("the adding of %s", sum);
		tui_job_undoable(j, what);
		free(what);
		free(sum);
	}
	tui_form_submit(v, j, TUI_FORM_JOB_SAVE);
	return 0;
}

static int
rf_saved(struct tui_view *v, void *ctx, struct tui_job *j, char *why, size_t why_size)
{
	struct rec_form *rf = ctx;
	struct save_job *s = j->data;
	struct tui_app *a = v->app;
	if (j->rc != 0) {
		snprintf(why, why_size, "%s", j->err.message);
		/* Maybe applied: the next C-s sends this same write again. */
		form_write_failed(rf->write, s, rf->when_typed);
		return -1;
	}
	form_write_done(rf->write);
	if (rf->new_user) {
		view_session_select_user(a, ((struct model_user *)s->rec)->c.user_id);
		return 0;
	}
	if (rf->type == MODEL_USER) {
		view_session_set_profile(a, s->rec);
		s->rec = NULL;
		tui_app_status(a, false, "profile saved");
		return 0;
	}
	/* The list below selects what was saved (an activity is named by its time). */
	tui_app_set_focus(a, rf->type == MODEL_ACTIVITY ? ((struct model_activity *)s->rec)->occurred_at
	    : model_id(rf->type, s->rec));
	tui_app_changed(a);
	if (rf->type == MODEL_ACTIVITY && rf->orig == NULL) {
		/* The next log to this goal starts from this amount. */
		const struct model_activity *act = s->rec;
		char n[32];
		present_num(&act->amount, n);
		view_session_set_last_amount(a, act->goal_id, n);
	}
	if (rf->type == MODEL_ACTIVITY && s->goal != NULL) {
		char *amount = present_amount(s->goal);
		tui_app_status(a, false, "%s: %s is at %s%s", rf->orig != NULL ? "activity saved" : "logged", s->goal->title, amount,
		    s->goal->status != NULL && strcmp(s->goal->status, "completed") == 0 ? " (completed!)" : "");
		free(amount);
	} else {
		tui_app_status(a, false, "%s %s", model_entity(rf->type)->label, rf->orig != NULL ? "saved" : "added");
	}
	return 0;
}

/* ---- reload after a lost race ---- */

struct reload_job {
	enum model_type type;
	char *user_id, *id;
	void *rec;
};

static void
reload_job_free(void *p)
{
	struct reload_job *r = p;
	free(r->user_id);
	free(r->id);
	model_free(r->type, r->rec);
	free(r);
}

static int
reload_job_run(struct tui_job *j, struct table *t)
{
	struct reload_job *r = j->data;
	int rc;
	if (r->type == MODEL_USER)
		rc = store_profile_get(t, r->user_id, (struct model_user **)&r->rec, &j->err);
	else
		rc = store_get(t, r->type, r->user_id, r->id, &r->rec, &j->err);
	return rc;
}

static void
rf_reload(struct tui_view *v, void *ctx)
{
	struct rec_form *rf = ctx;
	if (rf->orig == NULL)
		return;
	struct reload_job *r = xcalloc(1, sizeof *r);
	r->type = rf->type;
	r->user_id = xstrdup(((struct model_common *)rf->orig)->user_id);
	r->id = xstrdup(model_id(rf->type, rf->orig));
	tui_form_submit(v, tui_job_new(reload_job_run, r, reload_job_free), TUI_FORM_JOB_RELOAD);
}

static void fill(struct tui_view *v, struct rec_form *rf, const void *rec);

static void
rf_reloaded(struct tui_view *v, void *ctx, struct tui_job *j)
{
	struct rec_form *rf = ctx;
	struct reload_job *r = j->data;
	model_free(rf->type, rf->orig);
	rf->orig = r->rec;
	r->rec = NULL;
	fill(v, rf, rf->orig);
	form_write_done(rf->write);
	tui_form_set_modified(v, false);
}

static json_t *
rf_draft(struct tui_view *v, void *ctx)
{
	struct rec_form *rf = ctx;
	json_t *d = json_pack("{s:s, s:b}", "type", model_entity(rf->type)->label, "new_user", rf->new_user);
	if (rf->orig != NULL)
		json_object_set_new(d, "item", model_to_item(rf->type, rf->orig));
	return d;
}

static void
rf_free(void *ctx)
{
	struct rec_form *rf = ctx;
	model_free(rf->type, rf->orig);
	free(rf->user_id);
	for (size_t i = 0; i < rf->ngoals; i++)
		free(rf->goal_ids[i]);
	free(rf->goal_ids);
	free(rf->when_initial);
	free(rf->when_typed);
	if (rf->write != NULL)
		form_write_done(rf->write);
	free(rf->write);
	free(rf->names);
	store_list_done(&rf->past);
	free(rf);
}

static const struct tui_form_ops rec_form_ops = {
	.save = rf_save,
	.saved = rf_saved,
	.reload = rf_reload,
	.reloaded = rf_reloaded,
	.suggest = view_forms_suggest,
	.complete = view_forms_complete,
	.data = view_forms_meals_in,
	.draft = rf_draft,
	.free = rf_free,
};

/* The goal choice: "(none)" (but for a log) and the goals, active ones first. */
static void
goal_choices(struct tui_view *v, struct rec_form *rf, size_t field, const char *current)
{
	const struct store_list *gl = view_session_goals(v->app);
	const char **labels = xcalloc(gl->count + 2, sizeof *labels);
	char **owned = xcalloc(gl->count + 2, sizeof *owned);
	size_t n = 0, sel = 0;
	bool found = false;
	rf->goal_ids = xcalloc(gl->count + 2, sizeof *rf->goal_ids);
	if (rf->type != MODEL_ACTIVITY) {
		labels[n] = "(none)";
		rf->goal_ids[n++] = NULL;
	}
	/* An activity stays with its goal (an edit changes amount, note and time). */
	bool only_current = rf->type == MODEL_ACTIVITY && rf->orig != NULL;
	for (int pass = 0; pass < 2 && !(only_current && found); pass++) {
		for (size_t i = 0; i < gl->count; i++) {
			const struct model_goal *g = gl->items[i].rec;
			bool active = g->status != NULL && strcmp(g->status, "active") == 0;
			if (active != (pass == 0))
				continue;
			if (only_current && (current == NULL || strcmp(current, g->goal_id) != 0))
				continue;
			owned[n] = active ? xstrdup(g->title) : xasprintf("%s (%s)", g->title, g->status);
			labels[n] = owned[n];
			rf->goal_ids[n] = xstrdup(g->goal_id);
			if (current != NULL && strcmp(current, g->goal_id) == 0) {
				sel = n;
				found = true;
			}
			n++;
		}
	}
	if (current != NULL && !found) {
		/* Linked to a goal the list does not hold (not loaded yet, or past its first pages). */
		owned[n] = xasprintf("goal %s", current);
		labels[n] = owned[n];
		rf->goal_ids[n] = xstrdup(current);
		sel = n++;
	}
	rf->ngoals = n;
	tui_form_set_choices(v, field, labels, n, sel);
	for (size_t i = 0; i < n; i++)
		free(owned[i]);
	free(owned);
	free(labels);
}

static void
fill(struct tui_view *v, struct rec_form *rf, const void *rec)
{
	const struct spec_set *ss = view_forms_specs(rf);
	for (size_t i = 0; i < ss->n; i++) {
		if (strcmp(ss->f[i].attr, "goalId") == 0)
			continue;
		char *t = view_forms_field_text(rf->type, rec, &ss->f[i], rf->imperial);
		tui_form_set_value(v, i, t);
		if (ss->f[i].kind == TUI_F_WHEN) {
			free(rf->when_initial);
			rf->when_initial = xstrdup(t);
		}
		free(t);
	}
}

static struct tui_view *
open_form(struct tui_app *a, enum model_type type, const void *rec, const char *goal_id, bool new_user)
{
	struct rec_form *rf = xcalloc(1, sizeof *rf);
	char title[96];
	if (tui_app_read_only(a)) {
		free(rf);
		tui_app_status(a, true, "read-only: nothing can be written (%s)", READ_ONLY_WHERE);
		return NULL;
	}
	const struct model_user *prof = view_session_profile(a);
	rf->imperial = prof != NULL && units_imperial(prof->units);
	rf->type = type;
	rf->write = xcalloc(1, sizeof *rf->write);
	const struct spec_set *ss = view_forms_specs(rf);
	rf->new_user = new_user;
	rf->orig = rec != NULL ? model_copy(type, rec) : NULL;
	rf->user_id = view_session_user(a) != NULL ? xstrdup(view_session_user(a)) : NULL;
	if (new_user)
		snprintf(title, sizeof title, "Create your profile");
	else if (type == MODEL_ACTIVITY)
		snprintf(title, sizeof title, rec != NULL ? "Edit activity" : "Log an activity");
	else if (type == MODEL_USER)
		snprintf(title, sizeof title, "Edit the profile");
	else
		snprintf(title, sizeof title, "%s %s", rec != NULL ? "Edit" : "Add", model_entity(type)->label);
	struct tui_form_def def = {
		.title = title, .fields = ss->f, .n = ss->n, .values = NULL, .ops = &rec_form_ops, .ctx = rf,
	};
	struct tui_view *v = tui_form_open(a, &def);
	if (v == NULL) {
		rf_free(rf);
		return NULL;
	}
	const char *current_goal = goal_id;
	if (rec != NULL) {
		fill(v, rf, rec);
		const struct model_field *gf = mfield(type, "goalId");
		if (gf != NULL && type != MODEL_GOAL)
			current_goal = *model_str_at((void *)(uintptr_t)rec, gf);
	} else {
		/* Sensible starting values: now, the system zone, the meal of this hour. */
		for (size_t i = 0; i < ss->n; i++) {
			if (ss->f[i].kind == TUI_F_WHEN)
				tui_form_set_value(v, i, "now");
			else if (strcmp(ss->f[i].attr, "timezone") == 0)
				tui_form_set_value(v, i, dates_system_zone());
			else if (strcmp(ss->f[i].attr, "mealType") == 0)
				tui_form_set_value(v, i, present_meal_type(clock_now_ms()));
			else if (type == MODEL_ACTIVITY && strcmp(ss->f[i].attr, "amount") == 0 &&
			    view_session_last_amount(a, goal_id) != NULL)
				/* The amount last logged to this goal: Enter-and-save for the same again. */
				tui_form_set_value(v, i, view_session_last_amount(a, goal_id));
		}
	}
	for (size_t i = 0; i < ss->n; i++)
		if (strcmp(ss->f[i].attr, "goalId") == 0)
			goal_choices(v, rf, i, current_goal);
	if (type == MODEL_MEAL && rec == NULL && rf->user_id != NULL)
		view_forms_meals_load(v, rf);
	tui_form_set_modified(v, false);
	return v;
}

struct tui_view *
view_form_open(struct tui_app *a, enum model_type type, const void *rec, const char *goal_id)
{
	return open_form(a, type, rec, goal_id, false);
}

struct tui_view *
view_form_new_user(struct tui_app *a)
{
	return open_form(a, MODEL_USER, NULL, NULL, true);
}

bool
view_form_draft_restore(struct tui_app *a, json_t *draft)
{
	json_t *extra = json_object_get(draft, "extra");
	json_t *fields = json_object_get(draft, "fields");
	const struct model_entity *e = model_entity_by_name(json_string_value(json_object_get(extra, "type")));
	json_t *item = json_object_get(extra, "item");
	void *rec = NULL;
	enum model_type type;
	char why[256];
	if (e == NULL || !json_is_object(fields))
		return false;
	type = e->type;
	if (json_is_object(item)) {
		enum model_type it;
		if (model_from_item(item, &it, &rec, why, sizeof why) != 0 || it != type)
			return false;
	}
	struct tui_view *v = open_form(a, type, rec, NULL, json_is_true(json_object_get(extra, "new_user")));
	model_free(type, rec);
	if (v == NULL)
		return false;
	const struct spec_set *ss = view_forms_specs(tui_form_ctx(v));
	for (size_t i = 0; i < ss->n; i++) {
		const char *val = json_string_value(json_object_get(fields, ss->f[i].label));
		if (val != NULL)
			tui_form_set_value(v, i, val);
	}
	tui_form_set_modified(v, true);
	tui_app_status(a, false, "draft reopened: C-s saves it, Esc discards it");
	return true;
}
