/*
 * First run and users: the welcome screen (no user yet: create a profile or
 * load demo data) and the user picker (AP2) shown with several users or on u.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/demo.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/forms.h"
#include "views/session.h"
#include "views/views.h"

/* The days of demo data the welcome screen loads (the command's default is shorter). */
#define WELCOME_DEMO_DAYS 90

struct welcome {
	bool loading_demo;
};

struct demo_job {
	char *user_id;
};

static void
demo_job_free(void *p)
{
	struct demo_job *d = p;
	free(d->user_id);
	free(d);
}

/*
 * The demo generator on the worker, with the demo command's defaults but
 * WELCOME_DEMO_DAYS days; the data clock (--now) is the generator's default.
 * Then the user it made, as the user picker's AP2 finds it.
 */
static int
demo_job_run(struct tui_job *j, struct table *t)
{
	struct demo_job *d = j->data;
	struct demo_options o;
	struct demo_result r;
	struct table_err err;

	demo_options_init(&o);
	o.days = WELCOME_DEMO_DAYS;
	if (demo_generate(t, &o, &r, &err) != 0)
		return table_err_set(&j->err, err.status, "demo: %s", err.message);
	struct store_list l;
	struct store_page_req pg = { NULL, 2, NULL, NULL };
	if (store_users_list(t, pg, &l, &j->err) != 0)
		return -1;
	if (l.count > 0)
		d->user_id = xstrdup(((struct model_user *)l.items[0].rec)->c.user_id);
	store_list_done(&l);
	return 0;
}

static void
welcome_init(struct tui_view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct welcome));
}

static void
welcome_free(struct tui_view *v)
{
	free(v->data);
}

static void
welcome_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct welcome *wl = v->data;
	static const char *const lines[] = {
		"Welcome to ailife.",
		"",
		"There is no user in this store yet. Goals, activities, a journal,",
		"meals and workouts live in one DynamoDB-style table; press x on any",
		"screen to see which access pattern and index answered it.",
		"",
	};
	int y = 1;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0] && y < h; i++, y++)
		tui_draw_text(win, y, 2, w - 4, lines[i], i == 0 ? TUI_R_TITLE : TUI_R_NORMAL);
	if (tui_app_read_only(v->app)) {
		tui_draw_text(win, y++, 4, w - 6, "read-only: nothing can be created here", TUI_R_WARN);
	} else {
		tui_draw_text(win, y++, 4, w - 6, "c  create your profile (name, timezone, units, calorie target)",
		    TUI_R_NORMAL);
		tui_draw_textf(win, y++, 4, w - 6, TUI_R_NORMAL,
		    "d  load demo data (%d days of goals, meals, workouts, journal)", WELCOME_DEMO_DAYS);
	}
	tui_draw_text(win, y++, 4, w - 6, "q  quit", TUI_R_NORMAL);
	if (wl->loading_demo)
		tui_draw_text(win, y + 1, 2, w - 4, "loading demo data...", TUI_R_WARN);
}

static bool
welcome_key(struct tui_view *v, const struct tui_key *k)
{
	struct welcome *wl = v->data;
	switch (k->act) {
	case TUI_ACT_ADD:
		view_form_new_user(v->app);
		return true;
	case TUI_ACT_DEMO: {
		if (wl->loading_demo)
			return true;
		struct demo_job *d = xcalloc(1, sizeof *d);
		struct tui_job *j = tui_job_new(demo_job_run, d, demo_job_free);
		j->write = true;
		wl->loading_demo = true;
		tui_app_submit(v, j);
		return true;
	}
	case TUI_ACT_BACK:
		return true;    /* nowhere to go back to */
	default:
		/* Screens need a user: only quitting, help and explain work here. */
		return k->act != TUI_ACT_QUIT && k->act != TUI_ACT_HELP && k->act != TUI_ACT_EXPLAIN &&
		    k->act != TUI_ACT_SUSPEND && k->act != TUI_ACT_REDRAW;
	}
}

static void
welcome_on_data(struct tui_view *v, struct tui_job *j)
{
	struct welcome *wl = v->data;
	struct demo_job *d = j->data;
	wl->loading_demo = false;
	tui_app_note(v, j);
	if (j->rc != 0 || d->user_id == NULL) {
		tui_app_status(v->app, true, "%s", j->rc != 0 ? j->err.message : "the demo made no user");
		return;
	}
	view_session_select_user(v->app, d->user_id);
}

const struct tui_screen view_welcome_screen = {
	.name = "Welcome",
	.keys = TUI_KC_WELCOME,
	.init = welcome_init,
	.free = welcome_free,
	.draw = welcome_draw,
	.key = welcome_key,
	.on_data = welcome_on_data,
};

/* ---- the user picker ---- */

struct picker {
	struct store_list *l;
	struct tui_list list;
};

static const char *
picker_text(void *ctx, size_t i)
{
	struct picker *p = ctx;
	return ((struct model_user *)p->l->items[i].rec)->name;
}

static void
picker_init(struct tui_view *v, void *arg)
{
	struct picker *p = xcalloc(1, sizeof *p);
	p->l = arg;
	v->data = p;
	tui_list_init(&p->list, picker_text, p);
	tui_list_set(&p->list, p->l->count);
	const char *cur = view_session_user(v->app);
	for (size_t i = 0; cur != NULL && i < p->l->count; i++)
		if (strcmp(((struct model_user *)p->l->items[i].rec)->c.user_id, cur) == 0)
			tui_list_select(&p->list, i);
}

static void
picker_free(struct tui_view *v)
{
	struct picker *p = v->data;
	store_list_done(p->l);
	free(p->l);
	tui_list_done(&p->list);
	free(p);
}

static void
picker_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct picker *p = ctx;
	const struct model_user *u = p->l->items[i].rec;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	int nw = w / 2 - 2;
	tui_draw_text(win, y, 2, nw, u->name, r);
	/* A column apart: a cut id ends in its ellipsis, then a space, then the zone. */
	int iw = w / 4 - 1, tx = 2 + nw + 1 + iw + 2;
	tui_draw_text(win, y, 2 + nw + 1, iw, u->c.user_id, sel ? r : TUI_R_DIM);
	tui_draw_text(win, y, tx, w - tx - 1, u->timezone, sel ? r : TUI_R_DIM);
}

static void
picker_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct picker *p = v->data;
	tui_draw_textf(win, 0, 1, w - 2, TUI_R_TITLE, "Who are you? %zu users (Enter chooses)", p->l->count);
	if (p->l->count == 0) {
		tui_draw_text(win, 2, 2, w - 4, "No users.", TUI_R_DIM);
		return;
	}
	tui_list_draw(&p->list, win, 2, h - 2, w, picker_row);
}

static bool
picker_key(struct tui_view *v, const struct tui_key *k)
{
	struct picker *p = v->data;
	if (tui_list_key(&p->list, k))
		return true;
	if (k->act == TUI_ACT_ENTER) {
		size_t i = tui_list_selected(&p->list);
		if (i != (size_t)-1) {
			char *id = xstrdup(((struct model_user *)p->l->items[i].rec)->c.user_id);
			view_session_select_user(v->app, id);
			free(id);
		}
		return true;
	}
	if (k->act == TUI_ACT_BACK && view_session_user(v->app) != NULL) {
		tui_app_pop(v->app, v);
		return true;
	}
	if (k->act == TUI_ACT_ADD) {
		view_form_new_user(v->app);
		return true;
	}
	return k->act != TUI_ACT_QUIT && k->act != TUI_ACT_HELP && k->act != TUI_ACT_EXPLAIN &&
	    k->act != TUI_ACT_SUSPEND && k->act != TUI_ACT_REDRAW && view_session_user(v->app) == NULL;
}

const struct tui_screen view_picker_screen = {
	.name = "Users",
	.keys = TUI_KC_LIST,
	.init = picker_init,
	.free = picker_free,
	.draw = picker_draw,
	.key = picker_key,
};
