/*
 * The timeline: a day, a week or a month of everything (activities, journal
 * entries, meals and workouts: AP8-AP11 on GSI2, every page of each), merged
 * by time as `ailife timeline` does, grouped by day with each goal's total
 * for the day. f chooses the kinds shown; Enter and e open the selected
 * record's form, d deletes it (an activity with W5). [ ] move the period, t
 * returns to today, w and m switch the span.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "datastore/units.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/delete.h"
#include "views/forms.h"
#include "views/period.h"
#include "views/session.h"
#include "views/views.h"

#define TIMELINE_MAX 5000
#define NKINDS 4

enum { JOB_LOAD = 1, JOB_DELETE };

static const enum model_type kinds[NKINDS] = { MODEL_ACTIVITY, MODEL_JOURNAL, MODEL_MEAL, MODEL_WORKOUT };
/* f cycles through these: 0 every kind, else kinds[filter - 1]. */
static const char *const filter_names[NKINDS + 1] = { "all", "activities", "journal", "meals", "workouts" };

struct row {
	char *text;
	enum tui_role role;
	int indent;
	const struct store_item *it;  /* the record of an item row; NULL for a heading or a total */
};

struct timeline_view {
	struct view_period p;
	struct view_range r[NKINDS];   /* the last answer, one range per kind */
	const struct store_item **items;   /* merged by time, of the kinds shown */
	size_t nitems;
	bool cut, loaded;
	int filter;
	struct row *rows;
	size_t nrows;
	struct tui_list list;
	long long total_days;
};

/* ---- the load: every kind of the period ---- */

struct timeline_load {
	struct view_range r[NKINDS];
};

static void
timeline_load_free(void *p)
{
	struct timeline_load *l = p;
	for (int k = 0; k < NKINDS; k++)
		view_range_done(&l->r[k]);
	free(l);
}

static int
timeline_load_run(struct tui_job *j, struct table *t)
{
	struct timeline_load *l = j->data;
	for (int k = 0; k < NKINDS; k++)
		if (view_range_run(j, t, &l->r[k]) != 0)
			return -1;
	return 0;
}

static void
load(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	struct timeline_load *l = xcalloc(1, sizeof *l);
	ms_t from, to;
	view_period_range(&tv->p, &from, &to);
	for (int k = 0; k < NKINDS; k++) {
		l->r[k].user_id = xstrdup(view_session_user(v->app));
		l->r[k].type = kinds[k];
		l->r[k].from = from;
		l->r[k].to = to;
		l->r[k].max = TIMELINE_MAX;
	}
	struct tui_job *j = tui_job_new(timeline_load_run, l, timeline_load_free);
	j->kind = JOB_LOAD;
	tui_app_load(v, j);
}

/* ---- rows ---- */

static const char *
row_text(void *ctx, size_t i)
{
	struct timeline_view *tv = ctx;
	return tv->rows[i].text;
}

/* An item row's record: an activity by its time (what the forms name it by), the others by id. */
static const char *
item_key(const struct store_item *it)
{
	if (it->type == MODEL_ACTIVITY)
		return ((const struct model_activity *)it->rec)->occurred_at;
	return model_id(it->type, it->rec);
}

static const char *
row_key(void *ctx, size_t i)
{
	struct timeline_view *tv = ctx;
	return tv->rows[i].it != NULL ? item_key(tv->rows[i].it) : NULL;
}

static void
free_rows(struct timeline_view *tv)
{
	for (size_t i = 0; i < tv->nrows; i++)
		free(tv->rows[i].text);
	free(tv->rows);
	tv->rows = NULL;
	tv->nrows = 0;
}

static void
add_row(struct timeline_view *tv, enum tui_role role, int indent, char *text, const struct store_item *it)
{
	tv->rows = xreallocarray(tv->rows, tv->nrows + 1, sizeof *tv->rows);
	tv->rows[tv->nrows++] = (struct row){ text, role, indent, it };
}

static int
by_time(const void *a, const void *b)
{
	const struct store_item *x = *(const struct store_item *const *)a, *y = *(const struct store_item *const *)b;
	int c = strcmp(present_occurred_at(x->type, x->rec), present_occurred_at(y->type, y->rec));
	/* The same millisecond: in the order of the kinds (activity, journal, meal, workout). */
	return c != 0 ? c : (int)x->type - (int)y->type;
}

/* The records of the kinds shown, merged by time. */
static void
merge(struct timeline_view *tv)
{
	size_t n = 0;
	free(tv->items);
	for (int k = 0; k < NKINDS; k++)
		n += tv->r[k].l.count;
	tv->items = xcalloc(n + 1, sizeof *tv->items);
	tv->nitems = 0;
	for (int k = 0; k < NKINDS; k++) {
		if (tv->filter != 0 && tv->filter != k + 1)
			continue;
		for (size_t i = 0; i < tv->r[k].l.count; i++)
			tv->items[tv->nitems++] = &tv->r[k].l.items[i];
	}
	qsort(tv->items, tv->nitems, sizeof *tv->items, by_time);
}

struct total {
	const char *goal_id;
	long long sum;
	size_t n;
};

/* What an item row says after its time: the kind, then the record as people read it. */
static char *
item_text(struct tui_view *v, const struct store_item *it)
{
	const struct model_user *u = view_session_profile(v->app);
	bool imperial = u != NULL && units_imperial(u->units);
	char n[32];
	switch (it->type) {
	case MODEL_ACTIVITY: {
		const struct model_activity *a = it->rec;
		const char *title = view_session_goal_title(v->app, a->goal_id);
		present_num(&a->amount, n);
		return xasprintf("activity +%-6s %s%s%s", n, title != NULL ? title : a->goal_id, a->note != NULL ? ": " : "",
		    a->note != NULL ? a->note : "");
	}
	case MODEL_WORKOUT: {
		const struct model_workout *w = it->rec;
		char d[DECIMAL_TEXT_MAX];
		present_num(&w->minutes, n);
		d[0] = '\0';
		if (w->distance_km.set)
			units_format_distance(w->distance_km.v, imperial, d);
		return xasprintf("workout  %s %s min%s%s%s", w->kind, n, d[0] != '\0' ? ", " : "", d,
		    d[0] != '\0' ? (imperial ? " mi" : " km") : "");
	}
	default: {
		char *sum = present_summary(it->type, it->rec);
		char *t = xasprintf("%-8s %s", model_entity(it->type)->label, sum);
		free(sum);
		return t;
	}
	}
}

/* Day headings, each goal's total for the day (when activities are shown), then the day's records. */
static void
build_rows(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	free_rows(tv);
	merge(tv);
	size_t i = 0;
	tv->total_days = 0;
	while (i < tv->nitems) {
		const struct store_item *first = tv->items[i];
		struct day d = present_day(present_occurred_at(first->type, first->rec));
		size_t end = i, nact = 0;
		while (end < tv->nitems) {
			const struct store_item *e = tv->items[end];
			struct day ed = present_day(present_occurred_at(e->type, e->rec));
			if (ed.y != d.y || ed.m != d.m || ed.d != d.d)
				break;
			nact += e->type == MODEL_ACTIVITY;
			end++;
		}
		char ds[11];
		dates_day_format(d, ds);
		add_row(tv, TUI_R_HEADER, 0, xasprintf("%s %s  %zu item%s", present_weekday(d), ds, end - i,
		    end - i == 1 ? "" : "s"), NULL);
		tv->total_days++;
		struct total *tot = xcalloc(nact + 1, sizeof *tot);
		size_t nt = 0;
		for (size_t k = i; k < end; k++) {
			if (tv->items[k]->type != MODEL_ACTIVITY)
				continue;
			const struct model_activity *a = tv->items[k]->rec;
			size_t t = 0;
			while (t < nt && strcmp(tot[t].goal_id, a->goal_id) != 0)
				t++;
			if (t == nt)
				tot[nt++].goal_id = a->goal_id;
			tot[t].sum += a->amount.v;
			tot[t].n++;
		}
		for (size_t t = 0; t < nt; t++) {
			const char *title = view_session_goal_title(v->app, tot[t].goal_id);
			const struct model_goal *g = NULL;
			const struct store_list *gl = view_session_goals(v->app);
			for (size_t q = 0; q < gl->count; q++)
				if (strcmp(((struct model_goal *)gl->items[q].rec)->goal_id, tot[t].goal_id) == 0)
					g = gl->items[q].rec;
			char n[32];
			struct model_num sum = { true, tot[t].sum };
			present_num(&sum, n);
			add_row(tv, TUI_R_GOOD, 2, xasprintf("total %s %s  %s (%zu)", n, g != NULL ? g->unit : "",
			    title != NULL ? title : tot[t].goal_id, tot[t].n), NULL);
		}
		free(tot);
		for (size_t k = i; k < end; k++) {
			const struct store_item *it = tv->items[k];
			char when[40];
			present_time(present_occurred_at(it->type, it->rec), when, sizeof when);
			char *what = item_text(v, it);
			add_row(tv, TUI_R_NORMAL, 4, xasprintf("%s  %s", strlen(when) > 11 ? when + 11 : when, what), it);
			free(what);
		}
		i = end;
	}
}

/* Rows again from what was read (another filter, goal titles come in, a reload): the selection follows its record. */
static void
rows_again(struct tui_view *v, bool reloaded)
{
	struct timeline_view *tv = v->data;
	build_rows(v);
	if (tui_list_set_prefer(&tv->list, tv->nrows, reloaded ? tui_app_focus(v->app) : NULL))
		tui_app_focus_taken(v->app);
}

static void
timeline_init(struct tui_view *v, void *arg)
{
	struct timeline_view *tv = xcalloc(1, sizeof *tv);
	v->data = tv;
	view_period_today(&tv->p, VIEW_WEEK);
	tui_list_init(&tv->list, row_text, tv);
	tui_list_set_keys(&tv->list, row_key);
	load(v);
}

static void
ranges_done(struct timeline_view *tv)
{
	for (int k = 0; k < NKINDS; k++)
		view_range_done(&tv->r[k]);
}

static void
timeline_free(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	free_rows(tv);
	free(tv->items);
	ranges_done(tv);
	tui_list_done(&tv->list);
	free(tv);
}

static void
timeline_show(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	if (v->stale) {
		load(v);
	} else if (tv->loaded) {
		tui_list_remember(&tv->list);
		rows_again(v, false);   /* goal titles may have come in since */
	}
}

static void
timeline_on_data(struct tui_view *v, struct tui_job *j)
{
	struct timeline_view *tv = v->data;
	if (j->kind == JOB_DELETE) {
		if (view_delete_done(v, j, "not deleted", "deleted"))
			load(v);
		return;
	}
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "timeline")) {
		/* What it holds is of another period than the header now says. */
		tv->loaded = false;
		tui_list_set(&tv->list, 0);
		return;
	}
	struct timeline_load *l = j->data;
	tui_list_remember(&tv->list);
	free_rows(tv);
	ranges_done(tv);
	tv->cut = false;
	for (int k = 0; k < NKINDS; k++) {
		tv->r[k] = l->r[k];
		memset(&l->r[k], 0, sizeof l->r[k]);
		tv->cut = tv->cut || tv->r[k].cut;
	}
	tv->loaded = true;
	rows_again(v, true);
}

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct timeline_view *tv = ctx;
	const struct row *r = &tv->rows[i];
	tui_draw_text(win, y, 1 + r->indent, w - 2 - r->indent, r->text, sel ? TUI_R_SELECTED : r->role);
}

static void
timeline_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct timeline_view *tv = v->data;
	char label[64];
	view_period_label(&tv->p, label, sizeof label);
	{
		char *title = tv->filter == 0 ? xasprintf("Timeline: %s", label)
		    : xasprintf("Timeline: %s (%s)", label, filter_names[tv->filter]);
		tui_draw_header(win, w, title, tui_app_read_only(v->app) ? "[ ] move  t w m  f kinds"
		    : "[ ] move  t w m  f kinds  e edit  d delete");
		free(title);
	}
	if (tv->loaded) {
		size_t c[NKINDS];
		for (int k = 0; k < NKINDS; k++)
			c[k] = tv->r[k].l.count;
		tui_draw_textf(win, 1, 1, w - 2, TUI_R_DIM,
		    "%zu activit%s, %zu journal entr%s, %zu meal%s, %zu workout%s on %lld day%s%s",
		    c[0], c[0] == 1 ? "y" : "ies", c[1], c[1] == 1 ? "y" : "ies", c[2], c[2] == 1 ? "" : "s",
		    c[3], c[3] == 1 ? "" : "s", tv->total_days, tv->total_days == 1 ? "" : "s",
		    tv->cut ? " (first ones only)" : "");
	}
	if (!tv->loaded) {
		if (v->loading)
			tui_draw_text(win, 3, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 3, h - 3, w);
		return;
	}
	if (tv->nrows == 0) {
		tui_draw_textf(win, 3, 1, w - 2, TUI_R_DIM, "No %s in this period. [ and ] move it%s.",
		    tv->filter == 0 ? "records" : filter_names[tv->filter], tv->filter == 0 ? "" : "; f shows other kinds");
		return;
	}
	tui_list_draw(&tv->list, win, 3, h - 3, w, draw_row);
}

static const struct store_item *
selected(struct timeline_view *tv)
{
	size_t i = tui_list_selected(&tv->list);
	return i != (size_t)-1 ? tv->rows[i].it : NULL;
}

static void
delete_answer(struct tui_view *v, bool yes, int tag)
{
	const struct store_item *it = selected(v->data);
	if (yes && it != NULL)
		view_delete_submit(v, it->type, it->rec, JOB_DELETE);
}

static bool
timeline_key(struct tui_view *v, const struct tui_key *k)
{
	struct timeline_view *tv = v->data;
	if (tui_list_key(&tv->list, k))
		return true;
	if (view_period_key(&tv->p, k->act)) {
		tui_list_reset(&tv->list);
		load(v);
		return true;
	}
	const struct store_item *it = selected(tv);
	switch (k->act) {
	case TUI_ACT_TYPE_FILTER:
		tv->filter = (tv->filter + 1) % (NKINDS + 1);
		if (tv->loaded) {
			tui_list_remember(&tv->list);
			rows_again(v, false);
		}
		return true;
	case TUI_ACT_ADD:
		/* Of the kind shown (a log when every kind is). */
		view_form_open(v->app, tv->filter == 0 ? MODEL_ACTIVITY : kinds[tv->filter - 1], NULL, NULL);
		return true;
	case TUI_ACT_ENTER:
	case TUI_ACT_EDIT:
		if (it != NULL)
			view_form_open(v->app, it->type, it->rec, NULL);
		return true;
	case TUI_ACT_DELETE:
		if (it != NULL) {
			char *sum = item_text(v, it);
			char *q = xasprintf("Delete %s?%s", sum,
			    it->type == MODEL_ACTIVITY ? " (its amount comes off the goal's progress)" : "");
			tui_dialog_confirm(v, q, delete_answer, 0);
			free(q);
			free(sum);
		}
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_timeline_screen = {
	.name = "Timeline",
	.keys = TUI_KC_LIST | TUI_KC_PERIOD | TUI_KC_TIMELINE,
	.init = timeline_init,
	.free = timeline_free,
	.draw = timeline_draw,
	.key = timeline_key,
	.on_data = timeline_on_data,
	.show = timeline_show,
};
