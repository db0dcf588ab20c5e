/*
 * The activity timeline: a day, a week or a month of activities (AP8 on
 * GSI2), grouped by day with each goal's total for the day. [ ] move the
 * period, t returns to today, w and m switch the span.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/forms.h"
#include "views/period.h"
#include "views/session.h"
#include "views/views.h"

#define TIMELINE_MAX 5000

struct row {
	char *text;
	enum tui_role role;
	int indent;
};

struct timeline_view {
	struct view_period p;
	struct store_list l;
	bool cut, loaded;
	struct row *rows;
	size_t nrows;
	struct tui_list list;
	long long total_days;
};

static void
load(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	ms_t from, to;
	view_period_range(&tv->p, &from, &to);
	tui_app_load(v, view_range_job(view_session_user(v->app), MODEL_ACTIVITY, from, to, false, TIMELINE_MAX));
}

static const char *
row_text(void *ctx, size_t i)
{
	struct timeline_view *tv = ctx;
	return tv->rows[i].text;
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
add_row(struct timeline_view *tv, enum tui_role role, int indent, char *text)
{
	tv->rows = xreallocarray(tv->rows, tv->nrows + 1, sizeof *tv->rows);
	tv->rows[tv->nrows++] = (struct row){ text, role, indent };
}

struct total {
	const char *goal_id;
	long long sum;
	size_t n;
};

/* Day headings, each goal's total for the day, then the day's activities. */
static void
build_rows(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	free_rows(tv);
	size_t i = 0;
	tv->total_days = 0;
	while (i < tv->l.count) {
		struct day d = present_day(((struct model_activity *)tv->l.items[i].rec)->occurred_at);
		size_t end = i;
		while (end < tv->l.count) {
			struct day e = present_day(((struct model_activity *)tv->l.items[end].rec)->occurred_at);
			if (e.y != d.y || e.m != d.m || e.d != d.d)
				break;
			end++;
		}
		char ds[11];
		dates_day_format(d, ds);
		add_row(tv, TUI_R_HEADER, 0, xasprintf("%s %s  %zu activit%s", present_weekday(d), ds, end - i,
		    end - i == 1 ? "y" : "ies"));
		tv->total_days++;
		struct total *tot = xcalloc(end - i, sizeof *tot);
		size_t nt = 0;
		for (size_t k = i; k < end; k++) {
			const struct model_activity *a = tv->l.items[k].rec;
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
			    title != NULL ? title : tot[t].goal_id, tot[t].n));
		}
		free(tot);
		for (size_t k = i; k < end; k++) {
			const struct model_activity *a = tv->l.items[k].rec;
			const char *title = view_session_goal_title(v->app, a->goal_id);
			char when[40], n[32];
			present_time(a->occurred_at, when, sizeof when);
			present_num(&a->amount, n);
			add_row(tv, TUI_R_NORMAL, 4, xasprintf("%s  +%-8s %s%s%s", strlen(when) > 11 ? when + 11 : when, n,
			    title != NULL ? title : a->goal_id, a->note != NULL ? ": " : "", a->note != NULL ? a->note : ""));
		}
		i = end;
	}
	tui_list_set(&tv->list, tv->nrows);
}

static void
timeline_init(struct tui_view *v, void *arg)
{
	struct timeline_view *tv = xcalloc(1, sizeof *tv);
	v->data = tv;
	view_period_today(&tv->p, VIEW_WEEK);
	tui_list_init(&tv->list, row_text, tv);
	load(v);
}

static void
timeline_free(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	free_rows(tv);
	store_list_done(&tv->l);
	tui_list_done(&tv->list);
	free(tv);
}

static void
timeline_show(struct tui_view *v)
{
	struct timeline_view *tv = v->data;
	if (v->stale)
		load(v);
	else if (tv->loaded)
		build_rows(v);   /* goal titles may have come in since */
}

static void
timeline_on_data(struct tui_view *v, struct tui_job *j)
{
	struct timeline_view *tv = v->data;
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "timeline")) {
		/* What it holds is of another period than the header now says. */
		tv->loaded = false;
		tui_list_set(&tv->list, 0);
		return;
	}
	struct view_range *r = j->data;
	store_list_done(&tv->l);
	tv->l = r->l;
	memset(&r->l, 0, sizeof r->l);
	tv->cut = r->cut;
	tv->loaded = true;
	tv->list.sel = 0;
	tv->list.top = 0;
	build_rows(v);
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
		char *title = xasprintf("Timeline: %s", label);
		tui_draw_header(win, w, title, "[ ] move  t today  w week  m month");
		free(title);
	}
	if (tv->loaded)
		tui_draw_textf(win, 1, 1, w - 2, TUI_R_DIM, "%zu activities on %lld day(s)%s", tv->l.count, tv->total_days,
		    tv->cut ? " (first ones only)" : "");
	if (!tv->loaded) {
		if (v->loading)
			tui_draw_text(win, 3, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 3, h - 3, w);
		return;
	}
	if (tv->loaded && tv->nrows == 0) {
		tui_draw_text(win, 3, 1, w - 2, "No activities in this period. [ and ] move it.", TUI_R_DIM);
		return;
	}
	tui_list_draw(&tv->list, win, 3, h - 3, w, draw_row);
}

static bool
timeline_key(struct tui_view *v, const struct tui_key *k)
{
	struct timeline_view *tv = v->data;
	if (tui_list_key(&tv->list, k))
		return true;
	if (view_period_key(&tv->p, k->act)) {
		load(v);
		return true;
	}
	if (k->act == TUI_ACT_ADD) {
		view_form_open(v->app, MODEL_ACTIVITY, NULL, NULL);
		return true;
	}
	return false;
}

const struct tui_screen view_timeline_screen = {
	.name = "Timeline",
	.keys = TUI_KC_LIST | TUI_KC_PERIOD,
	.init = timeline_init,
	.free = timeline_free,
	.draw = timeline_draw,
	.key = timeline_key,
	.on_data = timeline_on_data,
	.show = timeline_show,
};
