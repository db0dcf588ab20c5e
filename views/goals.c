/*
 * Goals: the list by status (AP4 on GSI1; "all" is AP3), with progress bars
 * and due dates. Enter opens a goal (views/goal.c); a adds, e edits, s
 * changes the status (W6), d deletes with its activities (W7), l logs (W3).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "datastore/store_collect.h"
#include "tui/chart.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/forms.h"
#include "views/goal.h"
#include "views/goals.h"
#include "views/session.h"
#include "views/views.h"

#define GOALS_LIST_MAX 1000
#define GOALS_PAGE 200

static const char *const filters[] = { "active", "paused", "completed", "archived", "all" };
#define NFILTERS 5

struct goals_view {
	int filter;
	bool adding;             /* a goal is being added: show the filter that holds it */
	struct store_list l;
	char **texts;
	struct tui_list list;
	bool loaded;
};

struct goals_load {
	char *user_id;
	const char *status;      /* NULL: all (AP3) */
	struct store_list l;
};

static void
goals_load_free(void *p)
{
	struct goals_load *g = p;
	free(g->user_id);
	store_list_done(&g->l);
	free(g);
}

/* One page of goals for store_collect, noted for the explain pane. */
struct goals_pages {
	struct table *t;
	const char *user_id, *status;
};

static int
goals_page(void *ctx, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct goals_pages *p = ctx;
	return p->status != NULL ? store_goals_by_status(p->t, p->user_id, p->status, pg, page, err)
	    : store_goals_list(p->t, p->user_id, pg, page, err);
}

int
view_goals_collect(struct tui_job *j, struct table *t, const char *user_id, const char *status,
    struct store_list *out)
{
	struct goals_pages p = { t, user_id, status };
	return store_collect(goals_page, &p, GOALS_PAGE, GOALS_LIST_MAX, out, NULL, &j->err);
}

static int
goals_load_run(struct tui_job *j, struct table *t)
{
	struct goals_load *g = j->data;
	return view_goals_collect(j, t, g->user_id, g->status, &g->l);
}

static void
load(struct tui_view *v)
{
	struct goals_view *gv = v->data;
	struct goals_load *g = xcalloc(1, sizeof *g);
	g->user_id = xstrdup(view_session_user(v->app));
	g->status = gv->filter < NFILTERS - 1 ? filters[gv->filter] : NULL;
	tui_app_load(v, tui_job_new(goals_load_run, g, goals_load_free));
}

static const char *
row_text(void *ctx, size_t i)
{
	struct goals_view *gv = ctx;
	return gv->texts[i];
}

static const char *
row_key(void *ctx, size_t i)
{
	struct goals_view *gv = ctx;
	return ((const struct model_goal *)gv->l.items[i].rec)->goal_id;
}

static void
free_texts(struct goals_view *gv)
{
	for (size_t i = 0; i < gv->l.count && gv->texts != NULL; i++)
		free(gv->texts[i]);
	free(gv->texts);
	gv->texts = NULL;
}

static void
goals_init(struct tui_view *v, void *arg)
{
	struct goals_view *gv = xcalloc(1, sizeof *gv);
	v->data = gv;
	tui_list_init(&gv->list, row_text, gv);
	tui_list_set_keys(&gv->list, row_key);
	load(v);
}

static void
goals_free(struct tui_view *v)
{
	struct goals_view *gv = v->data;
	free_texts(gv);
	store_list_done(&gv->l);
	tui_list_done(&gv->list);
	free(gv);
}

static void
goals_show(struct tui_view *v)
{
	if (v->stale)
		load(v);
}

static void
goals_on_data(struct tui_view *v, struct tui_job *j)
{
	struct goals_view *gv = v->data;
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "goals")) {
		/* What it holds may be of another status than the header now says. */
		gv->loaded = false;
		tui_list_set(&gv->list, 0);
		return;
	}
	struct goals_load *g = j->data;
	tui_list_remember(&gv->list);
	free_texts(gv);
	store_list_done(&gv->l);
	gv->l = g->l;
	memset(&g->l, 0, sizeof g->l);
	gv->texts = xcalloc(gv->l.count + 1, sizeof *gv->texts);
	for (size_t i = 0; i < gv->l.count; i++) {
		const struct model_goal *goal = gv->l.items[i].rec;
		gv->texts[i] = xasprintf("%s %s %s %s", goal->title, goal->category != NULL ? goal->category : "",
		    goal->unit, goal->status);
	}
	gv->loaded = true;
	if (tui_list_set_prefer(&gv->list, gv->l.count, tui_app_focus(v->app))) {
		tui_app_focus_taken(v->app);
		gv->adding = false;
	} else if (gv->adding && tui_app_focus(v->app) != NULL && gv->filter != 0 && gv->filter != NFILTERS - 1) {
		/* A new goal is active: the filter shown (paused...) does not hold it; show the one that does. */
		gv->adding = false;
		gv->filter = 0;
		gv->loaded = false;
		tui_list_reset(&gv->list);
		tui_list_set(&gv->list, 0);
		load(v);
	}
}

bool
view_goal_overdue(const struct model_goal *g)
{
	char today[11];
	if (g->due_date == NULL || g->status == NULL)
		return false;
	dates_day_format(dates_day_of(clock_now_ms()), today);
	return strcmp(g->due_date, today) < 0 && (strcmp(g->status, "active") == 0 || strcmp(g->status, "paused") == 0);
}

/* Title, bar, amount, due, status: the columns shrink with the window. */
static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct goals_view *gv = ctx;
	const struct model_goal *g = gv->l.items[i].rec;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	char due[16];
	char *amount = present_amount(g);
	if (w < 60) {
		/* Narrow: the numbers without the unit (the title names it), so they are not cut. */
		char p[32], t[32];
		present_num(&g->progress, p);
		present_num(&g->target, t);
		free(amount);
		amount = xasprintf("%s/%s", p, t);
	}
	int barw = w >= 90 ? 20 : w >= 70 ? 12 : 0;
	int aw = w < 60 ? 12 : 18, dw = w >= 60 ? 13 : 0, sw = w >= 80 ? 10 : 0;
	int tw = w - barw - aw - dw - sw - 5;
	if (tw < 8)
		tw = 8;
	int x = 1;
	tui_draw_text(win, y, x, tw, g->title, r);
	x += tw + 1;
	if (barw > 0) {
		tui_chart_bar(win, y, x, barw, g->progress.v, g->target.v);
		x += barw + 1;
	}
	tui_draw_text(win, y, x, aw, amount, r);
	free(amount);
	x += aw + 1;
	if (dw > 0) {
		/* "!" says it without colour. */
		bool late = view_goal_overdue(g);
		snprintf(due, sizeof due, "%s%s", late ? "! " : "", g->due_date != NULL ? g->due_date : "");
		tui_draw_text(win, y, x, dw, due, sel ? r : late ? TUI_R_OVERDUE : TUI_R_DIM);
		x += dw + 1;
	}
	if (sw > 0)
		tui_draw_text(win, y, x, sw, g->status,
		    sel ? r : strcmp(g->status, "completed") == 0 ? TUI_R_GOOD : TUI_R_DIM);
}

static void
goals_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct goals_view *gv = v->data;
	{
		char *title = xasprintf("Goals: %s", filters[gv->filter]);
		tui_draw_header(win, w, title, tui_app_read_only(v->app) ? "f status  Enter open  / filter" :
		    "f status  a add  e edit  s status  l log  d delete");
		free(title);
	}
	if (!gv->loaded) {
		if (v->loading)
			tui_draw_text(win, 2, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 2, h - 2, w);
		return;
	}
	if (gv->l.count == 0) {
		tui_draw_textf(win, 2, 1, w - 2, TUI_R_DIM, "No %s goals. %sf shows another status.",
		    gv->filter < NFILTERS - 1 ? filters[gv->filter] : "", tui_app_read_only(v->app) ? "" : "a adds one; ");
		return;
	}
	tui_list_draw(&gv->list, win, 2, h - 2, w, draw_row);
}

static const struct model_goal *
selected(struct goals_view *gv)
{
	size_t i = tui_list_selected(&gv->list);
	return i != (size_t)-1 ? gv->l.items[i].rec : NULL;
}

/* ---- delete and status (shared with the detail) ---- */

struct goal_write {
	struct model_goal *g;
	char *status;
	size_t acts, unlinked;
};

static void
goal_write_free(void *p)
{
	struct goal_write *gw = p;
	model_free(MODEL_GOAL, gw->g);
	free(gw->status);
	free(gw);
}

static int
goal_delete_run(struct tui_job *j, struct table *t)
{
	struct goal_write *gw = j->data;
	return store_goal_delete(t, gw->g->c.user_id, gw->g->goal_id, &gw->acts, &gw->unlinked, &j->err);
}

static int
goal_status_run(struct tui_job *j, struct table *t)
{
	struct goal_write *gw = j->data;
	return store_goal_set_status(t, gw->g, gw->status, &j->err);
}

void
view_goal_delete(struct tui_view *v, const struct model_goal *g, int kind)
{
	struct goal_write *gw = xcalloc(1, sizeof *gw);
	gw->g = model_copy(MODEL_GOAL, g);
	struct tui_job *j = tui_job_new(goal_delete_run, gw, goal_write_free);
	char *what = xasprintf("the delete of goal %s", g->title);
	tui_job_undoable(j, what);
	free(what);
	j->kind = kind;
	j->write = true;
	tui_app_submit(v, j);
	tui_app_status(v->app, false, "deleting %s...", g->title);
}

bool
view_goal_write_done(struct tui_view *v, struct tui_job *j)
{
	struct goal_write *gw = j->data;
	tui_app_note(v, j);
	if (j->rc != 0) {
		tui_app_status(v->app, true, "%s: %s", gw->g->title, j->err.message);
		return false;
	}
	if (gw->status != NULL)
		tui_app_status(v->app, false, "%s is now %s", gw->g->title, gw->status);
	else
		tui_app_status(v->app, false, "deleted %s (%zu activities, %zu links removed)", gw->g->title, gw->acts,
		    gw->unlinked);
	tui_app_changed(v->app);
	return true;
}

/* A small chooser of the four statuses. */
struct status_pick {
	struct model_goal *g;
	unsigned owner;
	int kind;
};

static void
pick_init(struct tui_view *v, void *arg)
{
	v->data = arg;
}

static void
pick_free(struct tui_view *v)
{
	struct status_pick *sp = v->data;
	model_free(MODEL_GOAL, sp->g);
	free(sp);
}

static void
pick_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct status_pick *sp = v->data;
	tui_draw_textf(win, 1, 2, w - 4, TUI_R_TITLE, "Status of %s (now %s)", sp->g->title, sp->g->status);
	tui_draw_text(win, 3, 4, w - 6, "a  active", TUI_R_NORMAL);
	tui_draw_text(win, 4, 4, w - 6, "p  paused", TUI_R_NORMAL);
	tui_draw_text(win, 5, 4, w - 6, "c  completed", TUI_R_NORMAL);
	tui_draw_text(win, 6, 4, w - 6, "r  archived", TUI_R_NORMAL);
	tui_draw_text(win, 8, 4, w - 6, "Esc  leave it as it is", TUI_R_DIM);
}

static bool
pick_key(struct tui_view *v, const struct tui_key *k)
{
	struct status_pick *sp = v->data;
	const char *st = NULL;
	switch (k->code) {
	case 'a':
		st = "active";
		break;
	case 'p':
		st = "paused";
		break;
	case 'c':
		st = "completed";
		break;
	case 'r':
		st = "archived";
		break;
	default:
		if (k->act == TUI_ACT_BACK) {
			tui_app_pop(v->app, v);
			return true;
		}
		return k->act != TUI_ACT_QUIT && k->act != TUI_ACT_HELP;
	}
	struct tui_app *a = v->app;
	struct goal_write *gw = xcalloc(1, sizeof *gw);
	gw->g = sp->g;
	sp->g = NULL;
	gw->status = xstrdup(st);
	struct tui_job *j = tui_job_new(goal_status_run, gw, goal_write_free);
	char *what = xasprintf("%s becoming %s", gw->g->title, st);
	tui_job_undoable(j, what);
	free(what);
	j->kind = sp->kind;
	j->write = true;
	j->owner = sp->owner;
	/* Answered to the screen that asked, which is under this one. */
	struct tui_view *below = tui_app_below(a, v);
	tui_app_pop(a, v);
	if (below != NULL)
		tui_app_submit(below, j);
	else
		tui_job_free(j);
	return true;
}

static const struct tui_screen pick_screen = {
	.name = "Goal status",
	.init = pick_init,
	.free = pick_free,
	.draw = pick_draw,
	.key = pick_key,
};

void
view_goal_pick_status(struct tui_view *v, const struct model_goal *g, int kind)
{
	struct status_pick *sp = xcalloc(1, sizeof *sp);
	sp->g = model_copy(MODEL_GOAL, g);
	sp->owner = v->id;
	sp->kind = kind;
	tui_app_push(v->app, &pick_screen, sp);
}

enum { JOB_WRITE = 10 };

static void
delete_answer(struct tui_view *v, bool yes, int tag)
{
	struct goals_view *gv = v->data;
	const struct model_goal *g = selected(gv);
	if (yes && g != NULL)
		view_goal_delete(v, g, JOB_WRITE);
}

static bool
goals_key(struct tui_view *v, const struct tui_key *k)
{
	struct goals_view *gv = v->data;
	const struct model_goal *g = selected(gv);
	if (tui_list_key(&gv->list, k))
		return true;
	switch (k->act) {
	case TUI_ACT_STATUS_FILTER:
		gv->filter = (gv->filter + 1) % NFILTERS;
		gv->loaded = false;
		/* The rows are of the other status: no key acts on them while the new ones load. */
		tui_list_reset(&gv->list);
		tui_list_set(&gv->list, 0);
		load(v);
		return true;
	case TUI_ACT_ADD:
		gv->adding = view_form_open(v->app, MODEL_GOAL, NULL, NULL) != NULL;
		return true;
	case TUI_ACT_ENTER:
		if (g != NULL)
			tui_app_push(v->app, &view_goal_screen, (void *)(uintptr_t)g);
		return true;
	case TUI_ACT_EDIT:
		if (g != NULL)
			view_form_open(v->app, MODEL_GOAL, g, NULL);
		return true;
	case TUI_ACT_SET_STATUS:
		if (g != NULL)
			view_goal_pick_status(v, g, JOB_WRITE);
		return true;
	case TUI_ACT_LOG:
		view_form_open(v->app, MODEL_ACTIVITY, NULL, g != NULL ? g->goal_id : NULL);
		return true;
	case TUI_ACT_DELETE:
		if (g != NULL) {
			char *q = xasprintf("Delete the goal \"%s\" and all its activities?", g->title);
			tui_dialog_confirm(v, q, delete_answer, 0);
			free(q);
		}
		return true;
	default:
		return false;
	}
}

static void
goals_data(struct tui_view *v, struct tui_job *j)
{
	if (j->kind == JOB_WRITE) {
		if (view_goal_write_done(v, j))
			load(v);
		return;
	}
	goals_on_data(v, j);
}

const struct tui_screen view_goals_screen = {
	.name = "Goals",
	.keys = TUI_KC_LIST | TUI_KC_GOALS,
	.init = goals_init,
	.free = goals_free,
	.draw = goals_draw,
	.key = goals_key,
	.on_data = goals_data,
	.show = goals_show,
};
