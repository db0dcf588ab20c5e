/*
 * Meals: a day's meals by meal type with calories and macros, and the day's
 * total against the profile's target (AP10 on GSI2). w shows the week: a bar
 * chart of daily calories with the target marked, then the week's meals.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
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

#define MEALS_MAX 2000

enum { JOB_LOAD = 1, JOB_DELETE };

static const char *const meal_types[] = { "breakfast", "lunch", "dinner", "snack" };

struct meals_view {
	struct view_period p;
	struct store_list l;
	size_t *order;           /* rows: indexes into l, by day then meal type */
	int *heading;            /* -1, or the meal type (0-3) a heading row starts */
	size_t nrows;
	char **texts;
	struct tui_list list;
	bool loaded;
};

static void
load(struct tui_view *v)
{
	struct meals_view *mv = v->data;
	ms_t from, to;
	view_period_range(&mv->p, &from, &to);
	struct tui_job *j = view_range_job(view_session_user(v->app), MODEL_MEAL, from, to, false, MEALS_MAX);
	j->kind = JOB_LOAD;
	tui_app_load(v, j);
}

static int
type_rank(const char *t)
{
	for (int i = 0; i < 4; i++)
		if (t != NULL && strcmp(t, meal_types[i]) == 0)
			return i;
	return 3;
}

static void
free_rows(struct meals_view *mv)
{
	for (size_t i = 0; i < mv->nrows; i++)
		free(mv->texts[i]);
	free(mv->texts);
	free(mv->order);
	free(mv->heading);
	mv->texts = NULL;
	mv->order = NULL;
	mv->heading = NULL;
	mv->nrows = 0;
}

/* Rows: for each day (week view) and meal type, a heading and the meals. */
static void
build_rows(struct meals_view *mv)
{
	free_rows(mv);
	size_t cap = mv->l.count * 2 + 8;
	mv->order = xcalloc(cap, sizeof *mv->order);
	mv->heading = xcalloc(cap, sizeof *mv->heading);
	mv->texts = xcalloc(cap, sizeof *mv->texts);
	size_t i = 0;
	while (i < mv->l.count) {
		struct day d = present_day(((struct model_meal *)mv->l.items[i].rec)->occurred_at);
		size_t end = i;
		while (end < mv->l.count) {
			struct day e = present_day(((struct model_meal *)mv->l.items[end].rec)->occurred_at);
			if (e.y != d.y || e.m != d.m || e.d != d.d)
				break;
			end++;
		}
		for (int t = 0; t < 4; t++) {
			bool any = false;
			for (size_t k = i; k < end; k++) {
				const struct model_meal *m = mv->l.items[k].rec;
				if (type_rank(m->meal_type) != t)
					continue;
				if (!any) {
					mv->order[mv->nrows] = k;
					mv->heading[mv->nrows] = t;
					mv->texts[mv->nrows++] = xstrdup(meal_types[t]);
					any = true;
				}
				mv->order[mv->nrows] = k;
				mv->heading[mv->nrows] = -1;
				mv->texts[mv->nrows++] = xasprintf("%s %s", m->name, m->meal_type);
			}
		}
		i = end;
	}
}

static const char *
row_text(void *ctx, size_t i)
{
	struct meals_view *mv = ctx;
	return mv->texts[i];
}

static const char *
row_key(void *ctx, size_t i)
{
	struct meals_view *mv = ctx;
	if (mv->heading[i] >= 0)
		return NULL;
	return ((const struct model_meal *)mv->l.items[mv->order[i]].rec)->meal_id;
}

static void
meals_init(struct tui_view *v, void *arg)
{
	struct meals_view *mv = xcalloc(1, sizeof *mv);
	v->data = mv;
	view_period_today(&mv->p, VIEW_DAY);
	tui_list_init(&mv->list, row_text, mv);
	tui_list_set_keys(&mv->list, row_key);
	load(v);
}

static void
meals_free(struct tui_view *v)
{
	struct meals_view *mv = v->data;
	free_rows(mv);
	store_list_done(&mv->l);
	tui_list_done(&mv->list);
	free(mv);
}

static void
meals_show(struct tui_view *v)
{
	if (v->stale)
		load(v);
}

static void
meals_on_data(struct tui_view *v, struct tui_job *j)
{
	struct meals_view *mv = v->data;
	if (j->kind == VIEW_JOB_REPEAT) {
		if (view_form_repeat_done(v, j))
			load(v);
		return;
	}
	if (j->kind == JOB_DELETE) {
		if (view_delete_done(v, j, "not deleted", "meal deleted"))
			load(v);
		return;
	}
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "meals")) {
		/* What it holds is of another day than the header now says. */
		mv->loaded = false;
		tui_list_set(&mv->list, 0);
		return;
	}
	struct view_range *r = j->data;
	/* A reload keeps the selection on the same meal (after a delete: the next one). */
	tui_list_remember(&mv->list);
	store_list_done(&mv->l);
	mv->l = r->l;
	memset(&r->l, 0, sizeof r->l);
	mv->loaded = true;
	build_rows(mv);
	if (tui_list_set_prefer(&mv->list, mv->nrows, tui_app_focus(v->app)))
		tui_app_focus_taken(v->app);
}

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct meals_view *mv = ctx;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	const struct model_meal *m = mv->l.items[mv->order[i]].rec;
	if (mv->heading[i] >= 0) {
		/* The type's total for its day. */
		struct day d = present_day(m->occurred_at);
		long long sum = 0;
		for (size_t k = 0; k < mv->l.count; k++) {
			const struct model_meal *o = mv->l.items[k].rec;
			struct day od = present_day(o->occurred_at);
			if (od.y == d.y && od.m == d.m && od.d == d.d && type_rank(o->meal_type) == mv->heading[i])
				sum += o->calories.v;
		}
		struct model_num n = { true, sum };
		char s[32], ds[11];
		present_num(&n, s);
		dates_day_format(d, ds);
		if (mv->p.span == VIEW_DAY)
			tui_draw_textf(win, y, 1, w - 2, sel ? r : TUI_R_HEADER, "%s  %s kcal", meal_types[mv->heading[i]], s);
		else
			tui_draw_textf(win, y, 1, w - 2, sel ? r : TUI_R_HEADER, "%s %s %s  %s kcal", present_weekday(d), ds,
			    meal_types[mv->heading[i]], s);
		return;
	}
	char when[40], kcal[32], p[32], c[32], f[32], macros[128];
	present_time(m->occurred_at, when, sizeof when);
	present_num(&m->calories, kcal);
	present_num(&m->protein, p);
	present_num(&m->carbs, c);
	present_num(&m->fat, f);
	snprintf(macros, sizeof macros, "%s%s%s%s%s%s%s%s%s", p[0] ? "P " : "", p, p[0] ? "g " : "", c[0] ? "C " : "", c,
	    c[0] ? "g " : "", f[0] ? "F " : "", f, f[0] ? "g" : "");
	tui_draw_text(win, y, 3, 5, strlen(when) > 11 ? when + 11 : when, sel ? r : TUI_R_DIM);
	int nw = w - 9 - 12 - (w >= 70 ? 26 : 0) - 2;
	if (nw < 8)
		nw = 8;
	tui_draw_text(win, y, 9, nw, m->name, r);
	tui_draw_textf(win, y, 10 + nw, 11, r, "%s kcal", kcal);
	if (w >= 70)
		tui_draw_text(win, y, 22 + nw, 25, macros, sel ? r : TUI_R_DIM);
}

static void
meals_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct meals_view *mv = v->data;
	const struct model_user *u = view_session_profile(v->app);
	long long target = u != NULL && u->daily_calorie_target.set ? u->daily_calorie_target.v : 0;
	char label[64], s[32], t[32];
	view_period_label(&mv->p, label, sizeof label);
	{
		char *title = xasprintf("Meals: %s", label);
		tui_draw_header(win, w, title, tui_app_read_only(v->app) ? "[ ] move  t today  w week  m month" :
		    "[ ] move  t today  w week  a add  e edit  r again  d delete");
		free(title);
	}
	if (!mv->loaded) {
		if (v->loading)
			tui_draw_text(win, 2, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 2, h - 2, w);
		return;
	}
	long long total = 0;
	for (size_t i = 0; i < mv->l.count; i++)
		total += ((const struct model_meal *)mv->l.items[i].rec)->calories.v;
	int y = 1;
	if (mv->p.span == VIEW_DAY) {
		struct model_num n = { true, total };
		present_num(&n, s);
		if (target > 0) {
			struct model_num tn = { true, target };
			present_num(&tn, t);
			int x = 1 + tui_draw_textf(win, y, 1, w - 2, total > target ? TUI_R_WARN : TUI_R_NORMAL,
			    "Total %s / %s kcal  ", s, t);
			int bw = w - x - 2;
			if (bw > 30)
				bw = 30;
			if (bw > 3)
				tui_chart_bar(win, y, x, bw, total, target);
		} else {
			tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "Total %s kcal", s);
		}
		y += 2;
	} else {
		/* One bar a day, the target marked. */
		struct day first, end;
		view_period_days(&mv->p, &first, &end);
		int nd = view_period_ndays(&mv->p);
		if (nd > 31)
			nd = 31;
		long long *vals = xcalloc((size_t)nd, sizeof *vals);
		char **labels = xcalloc((size_t)nd, sizeof *labels), **texts = xcalloc((size_t)nd, sizeof *texts);
		long long base = view_period_index(first);
		for (size_t i = 0; i < mv->l.count; i++) {
			const struct model_meal *m = mv->l.items[i].rec;
			long long k = view_period_index(present_day(m->occurred_at)) - base;
			if (k >= 0 && k < nd)
				vals[k] += m->calories.v;
		}
		for (int i = 0; i < nd; i++) {
			struct day d = dates_day_add(first, i);
			struct model_num n = { true, vals[i] };
			present_num(&n, s);
			labels[i] = xasprintf("%s %02d-%02d", present_weekday(d), d.m, d.d);
			texts[i] = xasprintf("%s kcal", s);
		}
		int ch = nd < h / 2 ? nd : h / 2;
		tui_chart_hbars(win, y, 1, ch, w - 2, (const char *const *)labels, vals, (const char *const *)texts,
		    (size_t)nd, target);
		y += ch;
		/* Over the days that have passed (today included), never the days to come; whole kcal. */
		long long today = view_period_index(dates_day_of(clock_now_ms())) - base;
		int passed = today < 0 ? 0 : today >= nd ? nd : (int)today + 1;
		if (y < h && passed == 0) {
			tui_draw_text(win, y++, 1, w - 2, "no average yet: the period has not begun", TUI_R_DIM);
		} else if (y < h) {
			long long avg = total / passed;
			struct model_num n = { true, (avg + 500) / 1000 * 1000 };
			present_num(&n, s);
			tui_draw_textf(win, y++, 1, w - 2, TUI_R_DIM, "average %s kcal a day over %d day%s%s", s, passed,
			    passed == 1 ? "" : "s", target > 0 ? " (| marks the target)" : "");
		}
		for (int i = 0; i < nd; i++) {
			free(labels[i]);
			free(texts[i]);
		}
		free(labels);
		free(texts);
		free(vals);
		y++;
	}
	if (mv->nrows == 0) {
		tui_draw_text(win, y, 1, w - 2, tui_app_read_only(v->app) ? "No meals in this period." : "No meals in this period: a adds one.",
		    TUI_R_DIM);
		return;
	}
	if (h - y >= 2)
		tui_list_draw(&mv->list, win, y, h - y, w, draw_row);
}

static const struct model_meal *
selected(struct meals_view *mv)
{
	size_t i = tui_list_selected(&mv->list);
	return i != (size_t)-1 ? mv->l.items[mv->order[i]].rec : NULL;
}

static void
delete_answer(struct tui_view *v, bool yes, int tag)
{
	const struct model_meal *m = selected(v->data);
	if (!yes || m == NULL)
		return;
	view_delete_submit(v, MODEL_MEAL, m, JOB_DELETE);
}

static bool
meals_key(struct tui_view *v, const struct tui_key *k)
{
	struct meals_view *mv = v->data;
	if (tui_list_key(&mv->list, k))
		return true;
	if (view_period_key(&mv->p, k->act)) {
		tui_list_reset(&mv->list);
		load(v);
		return true;
	}
	const struct model_meal *m = selected(mv);
	switch (k->act) {
	case TUI_ACT_ADD:
		view_form_open(v->app, MODEL_MEAL, NULL, NULL);
		return true;
	case TUI_ACT_EDIT:
	case TUI_ACT_ENTER:
		if (m != NULL)
			view_form_open(v->app, MODEL_MEAL, m, NULL);
		return true;
	case TUI_ACT_REPEAT:
		if (m != NULL)
			view_form_repeat(v, MODEL_MEAL, m);
		return true;
	case TUI_ACT_DELETE:
		if (m != NULL) {
			char *q = xasprintf("Delete the meal \"%s\"?", m->name);
			tui_dialog_confirm(v, q, delete_answer, 0);
			free(q);
		}
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_meals_screen = {
	.name = "Meals",
	.keys = TUI_KC_LIST | TUI_KC_PERIOD | TUI_KC_REPEAT,
	.init = meals_init,
	.free = meals_free,
	.draw = meals_draw,
	.key = meals_key,
	.on_data = meals_on_data,
	.show = meals_show,
};
