/*
 * Workouts: a date range (four weeks to start with; w a week, m a month) of
 * workouts newest first (AP11 on GSI2), with weekly minutes as a bar chart.
 * a adds, e edits (the form's Goal field links it to a goal), d deletes.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "datastore/units.h"
#include "tui/chart.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/delete.h"
#include "views/forms.h"
#include "views/period.h"
#include "views/session.h"
#include "views/views.h"

#define WORKOUTS_MAX 2000
#define WEEKS_MAX 6

enum { JOB_LOAD = 1, JOB_DELETE };

struct workouts_view {
	struct view_period p;
	struct store_list l;
	char **texts;
	char **gtitle;           /* the linked goal's title per row, or NULL */
	size_t ntexts;
	struct tui_list list;
	bool loaded;
	bool imperial;           /* the profile's units: distances in miles */
};

static void
load(struct tui_view *v)
{
	struct workouts_view *wv = v->data;
	ms_t from, to;
	view_period_range(&wv->p, &from, &to);
	struct tui_job *j = view_range_job(view_session_user(v->app), MODEL_WORKOUT, from, to, true, WORKOUTS_MAX);
	j->kind = JOB_LOAD;
	tui_app_load(v, j);
}

static const char *
row_text(void *ctx, size_t i)
{
	struct workouts_view *wv = ctx;
	return wv->texts[i];
}

static const char *
row_key(void *ctx, size_t i)
{
	struct workouts_view *wv = ctx;
	return ((const struct model_workout *)wv->l.items[i].rec)->workout_id;
}

static void
free_texts(struct workouts_view *wv)
{
	for (size_t i = 0; i < wv->ntexts; i++) {
		free(wv->texts[i]);
		free(wv->gtitle[i]);
	}
	free(wv->texts);
	free(wv->gtitle);
	wv->texts = NULL;
	wv->gtitle = NULL;
	wv->ntexts = 0;
}

static void
workouts_init(struct tui_view *v, void *arg)
{
	struct workouts_view *wv = xcalloc(1, sizeof *wv);
	v->data = wv;
	view_period_today(&wv->p, VIEW_WEEKS4);
	tui_list_init(&wv->list, row_text, wv);
	tui_list_set_keys(&wv->list, row_key);
	load(v);
}

static void
workouts_free(struct tui_view *v)
{
	struct workouts_view *wv = v->data;
	free_texts(wv);
	store_list_done(&wv->l);
	tui_list_done(&wv->list);
	free(wv);
}

static void
workouts_show(struct tui_view *v)
{
	if (v->stale)
		load(v);
}

static void
workouts_on_data(struct tui_view *v, struct tui_job *j)
{
	struct workouts_view *wv = v->data;
	if (j->kind == VIEW_JOB_REPEAT) {
		if (view_form_repeat_done(v, j))
			load(v);
		return;
	}
	if (j->kind == JOB_DELETE) {
		if (view_delete_done(v, j, "not deleted", "workout deleted"))
			load(v);
		return;
	}
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "workouts")) {
		/* What it holds is of another range than the header now says. */
		wv->loaded = false;
		tui_list_set(&wv->list, 0);
		return;
	}
	struct view_range *r = j->data;
	tui_list_remember(&wv->list);
	free_texts(wv);
	store_list_done(&wv->l);
	wv->l = r->l;
	memset(&r->l, 0, sizeof r->l);
	wv->loaded = true;
	wv->ntexts = wv->l.count;
	wv->texts = xcalloc(wv->ntexts + 1, sizeof *wv->texts);
	wv->gtitle = xcalloc(wv->ntexts + 1, sizeof *wv->gtitle);
	for (size_t i = 0; i < wv->l.count; i++) {
		const struct model_workout *w = wv->l.items[i].rec;
		const char *g = view_session_goal_title(v->app, w->goal_id);
		if (w->goal_id != NULL)
			wv->gtitle[i] = xstrdup(g != NULL ? g : w->goal_id);
		wv->texts[i] = xasprintf("%s %s", w->kind, g != NULL ? g : "");
	}
	if (tui_list_set_prefer(&wv->list, wv->l.count, tui_app_focus(v->app)))
		tui_app_focus_taken(v->app);
}

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct workouts_view *wv = ctx;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	const struct model_workout *wo = wv->l.items[i].rec;
	char when[40], min[32], km[DECIMAL_TEXT_MAX], kcal[32];
	present_time(wo->occurred_at, when, sizeof when);
	present_num(&wo->minutes, min);
	km[0] = '\0';
	if (wo->distance_km.set)
		units_format_distance(wo->distance_km.v, wv->imperial, km);
	present_num(&wo->calories, kcal);
	struct day d = present_day(wo->occurred_at);
	int x = 1;
	if (w < 60) {
		/* Narrow: "11-25 07:24", the kind, the minutes right-aligned; nothing else. */
		char m[40];
		tui_draw_text(win, y, x, 11, strlen(when) > 5 ? when + 5 : when, sel ? r : TUI_R_DIM);
		snprintf(m, sizeof m, "%s min", min);
		int mw = tui_draw_width(m);
		tui_draw_text(win, y, 13, w - 13 - mw - 2, wo->kind, r);
		tui_draw_right(win, y, 0, w - 1, m, r);
		return;
	}
	x += tui_draw_textf(win, y, x, 20, sel ? r : TUI_R_DIM, "%s %s", present_weekday(d), when) + 1;
	x = 23;
	tui_draw_text(win, y, x, 14, wo->kind, r);
	x += 15;
	tui_draw_textf(win, y, x, 12, r, "%s min", min);
	x += 13;
	if (w >= 70) {
		if (km[0] != '\0')
			tui_draw_textf(win, y, x, 10, r, "%s %s", km, units_distance_unit(wv->imperial));
		x += 11;
		if (kcal[0] != '\0')
			tui_draw_textf(win, y, x, 10, sel ? r : TUI_R_DIM, "%s kcal", kcal);
		x += 11;
	}
	if (wv->gtitle[i] != NULL && x < w - 4)
		tui_draw_textf(win, y, x, w - x - 1, sel ? r : TUI_R_GOOD, "-> %s", wv->gtitle[i]);
}

static void
workouts_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct workouts_view *wv = v->data;
	const struct model_user *u = view_session_profile(v->app);
	char label[64];
	wv->imperial = u != NULL && units_imperial(u->units);
	view_period_label(&wv->p, label, sizeof label);
	{
		char *title = xasprintf("Workouts: %s", label);
		tui_draw_header(win, w, title, tui_app_read_only(v->app) ? "[ ] move  w week  m month" :
		    "[ ] move  w week  m month  a add  e edit  r again  d delete");
		free(title);
	}
	if (!wv->loaded) {
		if (v->loading)
			tui_draw_text(win, 2, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 2, h - 2, w);
		return;
	}
	/* Minutes per ISO week of the range. */
	struct day first, end;
	view_period_days(&wv->p, &first, &end);
	struct day wk0 = dates_week_start(first);
	int nweeks = (int)((view_period_index(end) - view_period_index(wk0) + 6) / 7);
	if (nweeks > WEEKS_MAX)
		nweeks = WEEKS_MAX;
	if (nweeks < 1)
		nweeks = 1;
	long long vals[WEEKS_MAX] = { 0 };
	long long total = 0;
	for (size_t i = 0; i < wv->l.count; i++) {
		const struct model_workout *wo = wv->l.items[i].rec;
		long long k = (view_period_index(present_day(wo->occurred_at)) - view_period_index(wk0)) / 7;
		if (k >= 0 && k < nweeks)
			vals[k] += wo->minutes.v;
		total += wo->minutes.v;
	}
	char *labels[WEEKS_MAX], *texts[WEEKS_MAX];
	for (int i = 0; i < nweeks; i++) {
		struct day d = dates_day_add(wk0, 7 * i);
		struct model_num n = { true, vals[i] };
		char s[32];
		present_num(&n, s);
		labels[i] = xasprintf("week of %02d-%02d", d.m, d.d);
		texts[i] = xasprintf("%s min", s);
	}
	/* As many weeks as leave three lines of the list; a short window drops the oldest, never this week. */
	int ch = nweeks < h - 6 ? nweeks : h - 6;
	if (ch < 1)
		ch = 1;
	int skip = nweeks - ch;
	tui_chart_hbars(win, 1, 1, ch, w - 2, (const char *const *)labels + skip, vals + skip,
	    (const char *const *)texts + skip, (size_t)ch, 0);
	for (int i = 0; i < nweeks; i++) {
		free(labels[i]);
		free(texts[i]);
	}
	int y = 1 + ch;
	struct model_num tn = { true, total };
	char ts[32];
	present_num(&tn, ts);
	tui_draw_textf(win, y++, 1, w - 2, TUI_R_DIM, "%zu workouts, %s minutes", wv->l.count, ts);
	y++;
	if (wv->l.count == 0) {
		tui_draw_text(win, y, 1, w - 2, tui_app_read_only(v->app) ? "No workouts in this period." : "No workouts in this period: a adds one.",
		    TUI_R_DIM);
		return;
	}
	if (h - y >= 1)
		tui_list_draw(&wv->list, win, y, h - y, w, draw_row);
}

static const struct model_workout *
selected(struct workouts_view *wv)
{
	size_t i = tui_list_selected(&wv->list);
	return i != (size_t)-1 ? wv->l.items[i].rec : NULL;
}

static void
delete_answer(struct tui_view *v, bool yes, int tag)
{
	const struct model_workout *wo = selected(v->data);
	if (!yes || wo == NULL)
		return;
	view_delete_submit(v, MODEL_WORKOUT, wo, JOB_DELETE);
}

static bool
workouts_key(struct tui_view *v, const struct tui_key *k)
{
	struct workouts_view *wv = v->data;
	if (tui_list_key(&wv->list, k))
		return true;
	if (view_period_key(&wv->p, k->act)) {
		tui_list_reset(&wv->list);
		load(v);
		return true;
	}
	const struct model_workout *wo = selected(wv);
	switch (k->act) {
	case TUI_ACT_ADD:
		view_form_open(v->app, MODEL_WORKOUT, NULL, NULL);
		return true;
	case TUI_ACT_EDIT:
	case TUI_ACT_ENTER:
		if (wo != NULL)
			view_form_open(v->app, MODEL_WORKOUT, wo, NULL);
		return true;
	case TUI_ACT_REPEAT:
		if (wo != NULL)
			view_form_repeat(v, MODEL_WORKOUT, wo);
		return true;
	case TUI_ACT_DELETE:
		if (wo != NULL) {
			char *q = xasprintf("Delete the workout \"%s\"?", wo->kind);
			tui_dialog_confirm(v, q, delete_answer, 0);
			free(q);
		}
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_workouts_screen = {
	.name = "Workouts",
	.keys = TUI_KC_LIST | TUI_KC_PERIOD | TUI_KC_REPEAT,
	.init = workouts_init,
	.free = workouts_free,
	.draw = workouts_draw,
	.key = workouts_key,
	.on_data = workouts_on_data,
	.show = workouts_show,
};
