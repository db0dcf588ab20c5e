/*
 * A goal's detail: the goal (read again, AP3's GetItem), its activities newest
 * first a page at a time (AP6; the last line loads the next page), and
 * everything linked to it (AP12 on GSI3). e edits, s changes the status, l
 * logs, d deletes the selected activity (W5) or, on the goal line, the goal.
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
#include "views/goal.h"
#include "views/goals.h"
#include "views/session.h"
#include "views/views.h"

#define PAGE 50

enum { JOB_LOAD = 1, JOB_MORE, JOB_WRITE, JOB_GOAL_DELETE, JOB_ACT_DELETE };

struct goal_view {
	struct model_goal *g;
	struct store_list acts;  /* AP6 pages so far */
	char *cursor;            /* the next page of activities */
	struct store_list links; /* AP12 */
	struct tui_list list;    /* rows: activities, a "more" row, links */
	char **texts;
	size_t ntexts;
	bool loaded, loading_more;
};

struct goal_load {
	char *user_id, *goal_id, *cursor;
	struct model_goal *g;
	struct store_list acts, links;
};

static void
goal_load_free(void *p)
{
	struct goal_load *l = p;
	free(l->user_id);
	free(l->goal_id);
	free(l->cursor);
	model_free(MODEL_GOAL, l->g);
	store_list_done(&l->acts);
	store_list_done(&l->links);
	free(l);
}

static int
goal_load_run(struct tui_job *j, struct table *t)
{
	struct goal_load *l = j->data;
	struct store_page_req pg = { l->cursor, PAGE, NULL, NULL };
	if (l->cursor == NULL) {
		void *rec = NULL;
		int rc = store_get(t, MODEL_GOAL, l->user_id, l->goal_id, &rec, &j->err);
		if (rc != 0)
			return -1;
		l->g = rec;
	}
	int rc = store_goal_activities(t, l->user_id, l->goal_id, pg, &l->acts, &j->err);
	if (rc != 0 || l->cursor != NULL)
		return rc;
	struct store_page_req lp = { NULL, PAGE, NULL, NULL };
	rc = store_goal_links(t, l->goal_id, -1, lp, &l->links, &j->err);
	return rc;
}

static void
load(struct tui_view *v, bool more)
{
	struct goal_view *gv = v->data;
	struct goal_load *l = xcalloc(1, sizeof *l);
	l->user_id = xstrdup(gv->g->c.user_id);
	l->goal_id = xstrdup(gv->g->goal_id);
	if (more)
		l->cursor = xstrdup(gv->cursor);
	struct tui_job *j = tui_job_new(goal_load_run, l, goal_load_free);
	j->kind = more ? JOB_MORE : JOB_LOAD;
	if (more) {
		gv->loading_more = true;
		tui_app_submit(v, j);
	} else {
		tui_app_load(v, j);
	}
}

static size_t
nrows(struct goal_view *gv)
{
	return gv->acts.count + (gv->cursor != NULL ? 1 : 0) + gv->links.count;
}

static void
free_texts(struct goal_view *gv)
{
	for (size_t i = 0; i < gv->ntexts; i++)
		free(gv->texts[i]);
	free(gv->texts);
	gv->texts = NULL;
	gv->ntexts = 0;
}

static void
build_texts(struct goal_view *gv)
{
	free_texts(gv);
	gv->ntexts = nrows(gv);
	gv->texts = xcalloc(gv->ntexts + 1, sizeof *gv->texts);
	for (size_t i = 0; i < gv->ntexts; i++) {
		if (i < gv->acts.count) {
			const struct model_activity *a = gv->acts.items[i].rec;
			gv->texts[i] = xasprintf("%s %s", a->note != NULL ? a->note : "", a->occurred_at);
		} else if (gv->cursor != NULL && i == gv->acts.count) {
			gv->texts[i] = xstrdup("more");
		} else {
			size_t k = i - gv->acts.count - (gv->cursor != NULL ? 1 : 0);
			gv->texts[i] = present_summary(gv->links.items[k].type, gv->links.items[k].rec);
		}
	}
}

static const char *
row_text(void *ctx, size_t i)
{
	struct goal_view *gv = ctx;
	return i < gv->ntexts ? gv->texts[i] : "";
}

static const char *
row_key(void *ctx, size_t i)
{
	struct goal_view *gv = ctx;
	if (i < gv->acts.count)
		return ((const struct model_activity *)gv->acts.items[i].rec)->occurred_at;
	if (gv->cursor != NULL && i == gv->acts.count)
		return NULL;
	size_t k = i - gv->acts.count - (gv->cursor != NULL ? 1 : 0);
	return k < gv->links.count ? model_id(gv->links.items[k].type, gv->links.items[k].rec) : NULL;
}

static void
goal_init(struct tui_view *v, void *arg)
{
	struct goal_view *gv = xcalloc(1, sizeof *gv);
	v->data = gv;
	gv->g = model_copy(MODEL_GOAL, arg);
	tui_list_init(&gv->list, row_text, gv);
	tui_list_set_keys(&gv->list, row_key);
	load(v, false);
}

static void
goal_free(struct tui_view *v)
{
	struct goal_view *gv = v->data;
	model_free(MODEL_GOAL, gv->g);
	store_list_done(&gv->acts);
	store_list_done(&gv->links);
	free(gv->cursor);
	free_texts(gv);
	tui_list_done(&gv->list);
	free(gv);
}

static void
goal_show(struct tui_view *v)
{
	/* Back from a form or a question: what it did may have changed the goal. */
	load(v, false);
}

static void
goal_on_data(struct tui_view *v, struct tui_job *j)
{
	struct goal_view *gv = v->data;
	if (j->kind == JOB_WRITE || j->kind == JOB_GOAL_DELETE) {
		if (!view_goal_write_done(v, j))
			return;
		if (j->kind == JOB_GOAL_DELETE)
			tui_app_pop(v->app, v);     /* nothing left to show */
		else
			load(v, false);
		return;
	}
	if (j->kind == JOB_ACT_DELETE) {
		if (view_delete_done(v, j, "activity not deleted", "activity deleted; progress updated"))
			load(v, false);
		return;
	}
	struct goal_load *l = j->data;
	if (j->kind == JOB_MORE) {
		gv->loading_more = false;
		tui_app_note(v, j);
		if (j->rc != 0 || l->cursor == NULL || gv->cursor == NULL || strcmp(l->cursor, gv->cursor) != 0) {
			if (j->rc != 0)
				tui_app_status(v->app, true, "%s", j->err.message);
			return;
		}
		free(gv->cursor);
		gv->cursor = l->acts.cursor;
		l->acts.cursor = NULL;
		store_list_append(&gv->acts, &l->acts);
		build_texts(gv);
		tui_list_set(&gv->list, nrows(gv));
		return;
	}
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "goal")) {
		gv->loaded = false;
		tui_list_set(&gv->list, 0);
		return;
	}
	tui_list_remember(&gv->list);
	model_free(MODEL_GOAL, gv->g);
	gv->g = l->g;
	l->g = NULL;
	store_list_done(&gv->acts);
	store_list_done(&gv->links);
	free(gv->cursor);
	gv->acts = l->acts;
	gv->cursor = l->acts.cursor;
	gv->acts.cursor = NULL;
	memset(&l->acts, 0, sizeof l->acts);
	gv->links = l->links;
	memset(&l->links, 0, sizeof l->links);
	/* AP12 holds the goal's activities too; they are listed above from AP6. */
	size_t keep = 0;
	for (size_t i = 0; i < gv->links.count; i++) {
		if (gv->links.items[i].type == MODEL_ACTIVITY)
			model_free(MODEL_ACTIVITY, gv->links.items[i].rec);
		else
			gv->links.items[keep++] = gv->links.items[i];
	}
	gv->links.count = keep;
	gv->loaded = true;
	if (gv->acts.count > 0 && view_session_last_amount(v->app, gv->g->goal_id) == NULL) {
		/* The log form's default: the last amount logged to this goal, also from before this session. */
		char n[32];
		present_num(&((const struct model_activity *)gv->acts.items[0].rec)->amount, n);
		view_session_set_last_amount(v->app, gv->g->goal_id, n);
	}
	build_texts(gv);
	if (tui_list_set_prefer(&gv->list, nrows(gv), tui_app_focus(v->app)))
		tui_app_focus_taken(v->app);
}

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct goal_view *gv = ctx;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	char when[40], n[32];
	if (i < gv->acts.count) {
		const struct model_activity *a = gv->acts.items[i].rec;
		present_time(a->occurred_at, when, sizeof when);
		present_num(&a->amount, n);
		int x = 1;
		x += tui_draw_text(win, y, x, 10, "activity", sel ? r : TUI_R_DIM) + 1;
		x = 12;
		tui_draw_text(win, y, x, 17, when, sel ? r : TUI_R_DIM);
		x += 18;
		tui_draw_textf(win, y, x, 16, r, "+%s %s", n, gv->g->unit);
		x += 17;
		if (a->note != NULL && x < w - 2)
			tui_draw_text(win, y, x, w - x - 1, a->note, r);
		return;
	}
	if (gv->cursor != NULL && i == gv->acts.count) {
		tui_draw_text(win, y, 1, w - 2, gv->loading_more ? "loading more..." : "... more activities (Enter)",
		    sel ? r : TUI_R_DIM);
		return;
	}
	size_t k = i - gv->acts.count - (gv->cursor != NULL ? 1 : 0);
	const struct store_item *it = &gv->links.items[k];
	const char *ts = present_occurred_at(it->type, it->rec);
	present_time(ts, when, sizeof when);
	tui_draw_text(win, y, 1, 10, model_entity(it->type)->label, sel ? r : TUI_R_HEADER);
	tui_draw_text(win, y, 12, 17, when, sel ? r : TUI_R_DIM);
	char *sum = present_summary(it->type, it->rec);
	if (w > 31)
		tui_draw_text(win, y, 30, w - 31, sum, r);
	free(sum);
}

static void
goal_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct goal_view *gv = v->data;
	const struct model_goal *g = gv->g;
	{
		char *title = xasprintf("Goal: %s", g->title);
		tui_draw_header(win, w, title, tui_app_read_only(v->app) ? "Esc back" : "e edit  s status  l log  d delete  Esc back");
		free(title);
	}
	int x = 1;
	char *amount = present_amount(g);
	x += tui_draw_textf(win, 1, x, w - 2, TUI_R_NORMAL, "%s  ", amount);
	free(amount);
	int barw = w - x - 30;
	if (barw > 40)
		barw = 40;
	if (barw > 4) {
		tui_chart_bar(win, 1, x, barw, g->progress.v, g->target.v);
		x += barw + 1;
	}
	tui_draw_textf(win, 1, x, w - x - 1, TUI_R_NORMAL, "%lld%%  %s", present_percent(g->progress.v, g->target.v),
	    g->status);
	x = 1;
	if (view_goal_overdue(g))
		x += tui_draw_text(win, 2, x, w - 2, "! overdue  ", TUI_R_OVERDUE);
	tui_draw_textf(win, 2, x, w - x - 1, TUI_R_DIM, "category %s  started %s  due %s  id %s",
	    g->category != NULL ? g->category : "-", g->start_date != NULL ? g->start_date : "-",
	    g->due_date != NULL ? g->due_date : "-", g->goal_id);
	if (!gv->loaded) {
		if (v->loading)
			tui_draw_text(win, 4, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 4, h - 4, w);
		return;
	}
	tui_draw_textf(win, 3, 1, w - 2, TUI_R_HEADER, "%zu activit%s%s (newest first), %zu linked", gv->acts.count,
	    gv->acts.count == 1 ? "y" : "ies", gv->cursor != NULL ? " so far" : "", gv->links.count);
	if (nrows(gv) == 0) {
		tui_draw_text(win, 5, 1, w - 2, tui_app_read_only(v->app) ? "Nothing logged yet." : "Nothing logged yet: l logs an activity.",
		    TUI_R_DIM);
		return;
	}
	tui_list_draw(&gv->list, win, 4, h - 4, w, draw_row);
}

static void
goal_delete_answer(struct tui_view *v, bool yes, int tag)
{
	struct goal_view *gv = v->data;
	if (yes)
		view_goal_delete(v, gv->g, JOB_GOAL_DELETE);
}

static void
act_delete_answer(struct tui_view *v, bool yes, int tag)
{
	struct goal_view *gv = v->data;
	size_t i = tui_list_selected(&gv->list);
	if (!yes || i == (size_t)-1 || i >= gv->acts.count)
		return;
	view_delete_submit(v, MODEL_ACTIVITY, gv->acts.items[i].rec, JOB_ACT_DELETE);
}

static bool
goal_key(struct tui_view *v, const struct tui_key *k)
{
	struct goal_view *gv = v->data;
	size_t i = tui_list_selected(&gv->list);
	if (k->act == TUI_ACT_DOWN && gv->cursor != NULL && !gv->loading_more && i + 1 >= gv->acts.count &&
	    i < gv->acts.count + 1) {
		/* Reaching the end of what was read loads the next page (AP6 with the cursor). */
		load(v, true);
	}
	if (tui_list_key(&gv->list, k))
		return true;
	switch (k->act) {
	case TUI_ACT_ENTER:
		if (i == (size_t)-1)
			return true;
		if (i < gv->acts.count) {
			/* An activity: its amount, note and time (one transaction with the progress). */
			view_form_open(v->app, MODEL_ACTIVITY, gv->acts.items[i].rec, NULL);
		} else if (gv->cursor != NULL && i == gv->acts.count) {
			if (!gv->loading_more)
				load(v, true);
		} else {
			size_t kk = i - gv->acts.count - (gv->cursor != NULL ? 1 : 0);
			view_form_open(v->app, gv->links.items[kk].type, gv->links.items[kk].rec, NULL);
		}
		return true;
	case TUI_ACT_EDIT:
		view_form_open(v->app, MODEL_GOAL, gv->g, NULL);
		return true;
	case TUI_ACT_SET_STATUS:
		view_goal_pick_status(v, gv->g, JOB_WRITE);
		return true;
	case TUI_ACT_LOG:
	case TUI_ACT_ADD:
		view_form_open(v->app, MODEL_ACTIVITY, NULL, gv->g->goal_id);
		return true;
	case TUI_ACT_DELETE:
		if (i != (size_t)-1 && i < gv->acts.count) {
			tui_dialog_confirm(v, "Delete this activity (its amount comes off the progress)?", act_delete_answer, 0);
		} else {
			char *q = xasprintf("Delete the goal \"%s\" and all its activities?", gv->g->title);
			tui_dialog_confirm(v, q, goal_delete_answer, 0);
			free(q);
		}
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_goal_screen = {
	.name = "Goal",
	.keys = TUI_KC_LIST | TUI_KC_GOALS,
	.init = goal_init,
	.free = goal_free,
	.draw = goal_draw,
	.key = goal_key,
	.on_data = goal_on_data,
	.show = goal_show,
};
