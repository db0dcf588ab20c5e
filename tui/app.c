/*
 * The loop of the terminal interface. One thread (this one) touches curses;
 * the worker owns the table. The loop waits in poll() on the terminal and on
 * a self-pipe that carries the worker's "done" bytes and the signal handlers'
 * bytes, so a signal handler only writes a byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tui/app.h"
#include "tui/dialog.h"
#include "tui/draft.h"
#include "tui/draw.h"
#include "tui/panes.h"
#include "tui/term.h"
#include "tui/theme.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "views/views.h"

#define MAX_STACK 16
#define MIN_COLS 40
#define MIN_ROWS 10
#define GOALS_MAX 1000

enum { APP_JOB_USERS = 1, APP_JOB_PROFILE, APP_JOB_GOALS };

struct tui_app {
	struct cli *c;
	struct tui_worker *w;
	int pipe_fd[2];
	struct tui_view *main[VIEWS_MAIN];
	int cur;
	struct tui_view *stack[MAX_STACK];   /* screens above the current main one */
	int depth;
	unsigned next_id;
	char *user_id;
	struct model_user *profile;
	struct store_list goals;
	bool goals_loaded;
	bool help, explain, utf8, running;
	int help_top;
	char status[512];
	bool status_err;
	long long status_at;
	WINDOW *bar, *body, *sbar;
	int rows, cols;
	int cursor_y, cursor_x;
	unsigned spin;
	int exit_code;
	char *draft_path;
	bool draft_offered;
	/* Benchmark log (AILIFE_TUI_BENCH=FILE): first full screen, key to updated screen, peak memory. */
	FILE *bench;
	long long bench_start_us, bench_key_us;
	bool bench_first_done;
	bool picker_after_users;   /* the users list is for the picker (u), not the start */
	char start_err[512];       /* no profile yet: why the start failed (r tries again) */
};

/* ---- terminal state for shutdown and crash handlers ---- */

static struct tui_app *g_app;

static long long
mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- for screens ---- */

struct cli *
tui_app_cli(struct tui_app *a)
{
	return a->c;
}

const char *
tui_app_user(struct tui_app *a)
{
	return a->user_id;
}

const struct model_user *
tui_app_profile(struct tui_app *a)
{
	return a->profile;
}

const struct store_list *
tui_app_goals(struct tui_app *a)
{
	return &a->goals;
}

const char *
tui_app_goal_title(struct tui_app *a, const char *goal_id)
{
	if (goal_id == NULL)
		return NULL;
	for (size_t i = 0; i < a->goals.count; i++) {
		const struct model_goal *g = a->goals.items[i].rec;
		if (strcmp(g->goal_id, goal_id) == 0)
			return g->title;
	}
	return NULL;
}

bool
tui_app_utf8(struct tui_app *a)
{
	return a->utf8;
}

void
tui_app_cursor(struct tui_app *a, int y, int x)
{
	/* A screen driven without the loop (unit tests) has no application. */
	if (a == NULL)
		return;
	a->cursor_y = y;
	a->cursor_x = x;
}

void
tui_app_submit(struct tui_view *v, struct tui_job *j)
{
	j->owner = v != NULL ? v->id : 0;
	j->gen = v != NULL ? v->gen : 0;
	tui_worker_submit(g_app->w, j);
}

void
tui_app_load(struct tui_view *v, struct tui_job *j)
{
	v->gen++;
	v->loading = true;
	v->stale = false;
	tui_app_submit(v, j);
}

void
tui_app_note(struct tui_view *v, const struct tui_job *j)
{
	memcpy(v->explain, j->explain, sizeof v->explain);
	v->nexplain = j->nexplain;
	v->capacity = j->capacity;
	v->elapsed_us = j->elapsed_us;
}

bool
tui_app_loaded(struct tui_view *v, const struct tui_job *j, const char *what)
{
	v->loading = false;
	tui_app_note(v, j);
	if (j->rc == 0) {
		v->failed[0] = '\0';
		return true;
	}
	snprintf(v->failed, sizeof v->failed, "%s", j->err.message[0] != '\0' ? j->err.message : "failed");
	/* Coming back to the screen asks again: the store may be back by then. */
	v->stale = true;
	tui_app_status(v->app, true, "%s: %s", what, v->failed);
	return false;
}

int
tui_app_draw_failed(struct tui_view *v, WINDOW *win, int y, int h, int w)
{
	size_t n = 0;
	int used = 0;
	if (v->failed[0] == '\0' || h <= 0 || w <= 4)
		return 0;
	char *msg = xasprintf("could not load: %s", v->failed);
	char **lines = tui_draw_wrap(msg, w - 2, &n);
	free(msg);
	/* The reason first; the last line says how to try again when there is room for both. */
	int room = h > 1 ? h - 1 : h;
	for (size_t i = 0; i < n && used < room; i++)
		tui_draw_text(win, y + used++, 1, w - 2, lines[i], TUI_R_ERROR);
	tui_draw_wrap_free(lines, n);
	if (used < h)
		tui_draw_text(win, y + used++, 1, w - 2, "r tries again, and so does coming back to this screen", TUI_R_DIM);
	return used;
}

static void
app_job_submit(struct tui_app *a, tui_job_fn fn, void *data, void (*data_free)(void *), int kind)
{
	struct tui_job *j = tui_job_new(fn, data, data_free);
	j->kind = kind;
	tui_app_submit(NULL, j);
}

void
tui_app_status(struct tui_app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	if (a == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof a->status, fmt, ap);
	va_end(ap);
	a->status_err = error;
	a->status_at = mono_ms();
}

static struct tui_view *
top_view(struct tui_app *a)
{
	if (a->depth > 0)
		return a->stack[a->depth - 1];
	return a->main[a->cur];
}

static struct tui_view *
view_new(struct tui_app *a, const struct tui_screen *s, void *arg)
{
	struct tui_view *v = xcalloc(1, sizeof *v);
	v->screen = s;
	v->app = a;
	v->id = ++a->next_id;
	if (s->init != NULL)
		s->init(v, arg);
	return v;
}

static void
view_free(struct tui_view *v)
{
	if (v == NULL)
		return;
	if (v->screen->free != NULL)
		v->screen->free(v);
	free(v);
}

static void
view_show(struct tui_view *v)
{
	if (v != NULL && v->screen->show != NULL)
		v->screen->show(v);
}

struct tui_view *
tui_app_push(struct tui_app *a, const struct tui_screen *s, void *arg)
{
	if (a->depth >= MAX_STACK) {
		tui_app_status(a, true, "too many screens open: close one with Esc");
		return NULL;
	}
	/* Registered before init, so a load started by init finds its view. */
	struct tui_view *v = xcalloc(1, sizeof *v);
	v->screen = s;
	v->app = a;
	v->id = ++a->next_id;
	a->stack[a->depth++] = v;
	if (s->init != NULL)
		s->init(v, arg);
	return v;
}

void
tui_app_pop(struct tui_app *a, struct tui_view *v)
{
	for (int i = a->depth - 1; i >= 0; i--) {
		if (a->stack[i] != v)
			continue;
		memmove(a->stack + i, a->stack + i + 1, (size_t)(a->depth - i - 1) * sizeof *a->stack);
		a->depth--;
		view_free(v);
		view_show(top_view(a));
		return;
	}
}

struct tui_view *
tui_app_below(struct tui_app *a, const struct tui_view *v)
{
	for (int i = a->depth - 1; i >= 0; i--)
		if (a->stack[i] == v)
			return i > 0 ? a->stack[i - 1] : a->main[a->cur];
	return NULL;
}

struct tui_view *
tui_app_view(struct tui_app *a, unsigned id)
{
	for (int i = 0; i < VIEWS_MAIN; i++)
		if (a->main[i] != NULL && a->main[i]->id == id)
			return a->main[i];
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->id == id)
			return a->stack[i];
	return NULL;
}

static const struct tui_screen *const main_screens[VIEWS_MAIN] = {
	&view_profile_screen, &view_goals_screen, &view_timeline_screen,
	&view_journal_screen, &view_meals_screen, &view_workouts_screen,
};

static void
drop_stack(struct tui_app *a)
{
	while (a->depth > 0) {
		struct tui_view *v = a->stack[--a->depth];
		view_free(v);
	}
}

void
tui_app_switch(struct tui_app *a, int i)
{
	if (a->user_id == NULL || a->profile == NULL || i < 0 || i >= VIEWS_MAIN)
		return;
	drop_stack(a);
	a->cur = i;
	a->help = false;
	if (a->main[i] == NULL) {
		a->main[i] = view_new(a, main_screens[i], NULL);
		return;
	}
	view_show(a->main[i]);
}

/* Goals of the user, all statuses (AP3), for titles and links. */
struct goals_job {
	char *user_id;
	struct store_list l;
};

static void
goals_job_free(void *p)
{
	struct goals_job *g = p;
	free(g->user_id);
	store_list_done(&g->l);
	free(g);
}

static int
goals_job_run(struct tui_job *j, struct table *t)
{
	struct goals_job *g = j->data;
	char *cursor = NULL;
	memset(&g->l, 0, sizeof g->l);
	do {
		struct store_list page;
		struct store_page_req pg = { cursor, 200, NULL, NULL };
		int rc = store_goals_list(t, g->user_id, pg, &page, &j->err);
		tui_job_note(j, t);
		free(cursor);
		cursor = NULL;
		if (rc != 0)
			return -1;
		store_list_append(&g->l, &page);
		cursor = page.cursor;
		page.cursor = NULL;
		store_list_done(&page);
	} while (cursor != NULL && g->l.count < GOALS_MAX);
	free(cursor);
	return 0;
}

static void
load_goals(struct tui_app *a)
{
	if (a->user_id == NULL)
		return;
	struct goals_job *g = xcalloc(1, sizeof *g);
	g->user_id = xstrdup(a->user_id);
	app_job_submit(a, goals_job_run, g, goals_job_free, APP_JOB_GOALS);
}

void
tui_app_changed(struct tui_app *a)
{
	for (int i = 0; i < VIEWS_MAIN; i++)
		if (a->main[i] != NULL)
			a->main[i]->stale = true;
	load_goals(a);
}

void
tui_app_set_profile(struct tui_app *a, struct model_user *rec)
{
	model_free(MODEL_USER, a->profile);
	a->profile = rec;
	if (rec->timezone != NULL && dates_zone_valid(rec->timezone))
		dates_set_zone(rec->timezone);
	tui_app_changed(a);
}

/* ---- users and profiles ---- */

struct users_job {
	struct store_list l;
};

static void
users_job_free(void *p)
{
	struct users_job *u = p;
	store_list_done(&u->l);
	free(u);
}

static int
users_job_run(struct tui_job *j, struct table *t)
{
	struct users_job *u = j->data;
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	int rc = store_users_list(t, pg, &u->l, &j->err);
	tui_job_note(j, t);
	return rc;
}

static void
load_users(struct tui_app *a, bool for_picker)
{
	a->picker_after_users = for_picker;
	app_job_submit(a, users_job_run, xcalloc(1, sizeof(struct users_job)), users_job_free, APP_JOB_USERS);
}

struct profile_job {
	char *user_id;
	struct model_user *u;
};

static void
profile_job_free(void *p)
{
	struct profile_job *pj = p;
	free(pj->user_id);
	model_free(MODEL_USER, pj->u);
	free(pj);
}

static int
profile_job_run(struct tui_job *j, struct table *t)
{
	struct profile_job *pj = j->data;
	int rc = store_profile_get(t, pj->user_id, &pj->u, &j->err);
	tui_job_note(j, t);
	return rc;
}

void
tui_app_select_user(struct tui_app *a, const char *user_id)
{
	if (user_id == NULL) {
		load_users(a, true);
		return;
	}
	struct profile_job *pj = xcalloc(1, sizeof *pj);
	pj->user_id = xstrdup(user_id);
	app_job_submit(a, profile_job_run, pj, profile_job_free, APP_JOB_PROFILE);
	tui_app_status(a, false, "loading the profile...");
}

static void
offer_draft(struct tui_app *a);

/* The profile of the chosen user is in: fresh screens for them. */
static void
start_user(struct tui_app *a, struct model_user *u)
{
	drop_stack(a);
	for (int i = 0; i < VIEWS_MAIN; i++) {
		view_free(a->main[i]);
		a->main[i] = NULL;
	}
	free(a->user_id);
	a->user_id = xstrdup(u->c.user_id);
	model_free(MODEL_USER, a->profile);
	a->profile = u;
	if (u->timezone != NULL && dates_zone_valid(u->timezone))
		dates_set_zone(u->timezone);
	store_list_done(&a->goals);
	a->goals_loaded = false;
	a->status[0] = '\0';
	a->start_err[0] = '\0';
	load_goals(a);
	tui_app_switch(a, 0);
	offer_draft(a);
}

static void
app_on_data(struct tui_app *a, struct tui_job *j)
{
	switch (j->kind) {
	case APP_JOB_USERS: {
		struct users_job *u = j->data;
		if (j->rc != 0) {
			tui_app_status(a, true, "cannot list the users: %s", j->err.message);
			if (a->profile == NULL)
				memcpy(a->start_err, a->status, sizeof a->start_err);
			return;
		}
		if (a->picker_after_users) {
			struct store_list *l = xcalloc(1, sizeof *l);
			*l = u->l;
			memset(&u->l, 0, sizeof u->l);
			tui_app_push(a, &view_picker_screen, l);
			return;
		}
		if (u->l.count == 0) {
			tui_app_push(a, &view_welcome_screen, NULL);
		} else if (u->l.count == 1) {
			tui_app_select_user(a, ((struct model_user *)u->l.items[0].rec)->c.user_id);
		} else {
			struct store_list *l = xcalloc(1, sizeof *l);
			*l = u->l;
			memset(&u->l, 0, sizeof u->l);
			tui_app_push(a, &view_picker_screen, l);
		}
		return;
	}
	case APP_JOB_PROFILE: {
		struct profile_job *pj = j->data;
		if (j->rc != 0) {
			tui_app_status(a, true, "user %s: %s", pj->user_id,
			    j->err.status == TABLE_NOT_FOUND ? "no such user" : j->err.message);
			if (a->profile == NULL)
				memcpy(a->start_err, a->status, sizeof a->start_err);
			/* No such user: choose one. The store unreachable: r tries again (start_err). */
			if (a->user_id == NULL && j->err.status == TABLE_NOT_FOUND)
				load_users(a, true);
			return;
		}
		struct model_user *u = pj->u;
		pj->u = NULL;
		start_user(a, u);
		return;
	}
	case APP_JOB_GOALS: {
		struct goals_job *g = j->data;
		if (j->rc != 0 || a->user_id == NULL || strcmp(g->user_id, a->user_id) != 0)
			return;
		store_list_done(&a->goals);
		a->goals = g->l;
		memset(&g->l, 0, sizeof g->l);
		a->goals_loaded = true;
		return;
	}
	default:
		return;
	}
}

static void
quit_answer(struct tui_view *v, bool yes, int tag)
{
	if (yes)
		v->app->running = false;
}

/* ---- drafts ---- */

static void
draft_answer(struct tui_view *v, bool yes, int tag)
{
	struct tui_app *a = v->app;
	json_t *d = tui_draft_load(a->draft_path);
	if (yes && d != NULL) {
		if (!views_draft_restore(a, d))
			tui_app_status(a, true, "the draft could not be reopened; it is kept in %s", a->draft_path);
		else
			tui_draft_remove(a->draft_path);
	} else {
		tui_draft_remove(a->draft_path);
		tui_app_status(a, false, "draft discarded");
	}
	json_decref(d);
}

static void
offer_draft(struct tui_app *a)
{
	if (a->draft_offered || a->draft_path == NULL)
		return;
	a->draft_offered = true;
	json_t *d = tui_draft_load(a->draft_path);
	if (d == NULL)
		return;
	const char *user = json_string_value(json_object_get(d, "user"));
	const char *title = json_string_value(json_object_get(d, "title"));
	if (user != NULL && strcmp(user, a->user_id) == 0) {
		char *q = xasprintf("Unsaved text from last time (%s). Reopen it?", title != NULL ? title : "a form");
		tui_dialog_confirm(top_view(a), q, draft_answer, 0);
		free(q);
	}
	json_decref(d);
}

/* The first form with unsaved text, written as a draft; true when one was written. */
static bool
save_draft(struct tui_app *a)
{
	for (int i = a->depth - 1; i >= 0; i--) {
		struct tui_view *v = a->stack[i];
		if (v->screen->unsaved == NULL || v->screen->draft == NULL || !v->screen->unsaved(v))
			continue;
		json_t *d = v->screen->draft(v);
		char why[256];
		if (d == NULL || a->draft_path == NULL || a->user_id == NULL) {
			json_decref(d);
			return false;
		}
		json_object_set_new(d, "user", json_string(a->user_id));
		int rc = tui_draft_save(a->draft_path, d, why, sizeof why);
		json_decref(d);
		return rc == 0;
	}
	return false;
}

static bool
any_unsaved(struct tui_app *a)
{
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->screen->unsaved != NULL && a->stack[i]->screen->unsaved(a->stack[i]))
			return true;
	return false;
}

/* ---- curses ---- */

static void
make_windows(struct tui_app *a)
{
	if (a->bar != NULL)
		delwin(a->bar);
	if (a->body != NULL)
		delwin(a->body);
	if (a->sbar != NULL)
		delwin(a->sbar);
	a->bar = a->body = a->sbar = NULL;
	getmaxyx(stdscr, a->rows, a->cols);
	if (a->rows < MIN_ROWS || a->cols < MIN_COLS)
		return;
	a->bar = newwin(1, a->cols, 0, 0);
	a->body = newwin(a->rows - 2, a->cols, 1, 0);
	a->sbar = newwin(1, a->cols, a->rows - 1, 0);
	keypad(a->body, TRUE);
}

void
tui_app_suspend_curses(struct tui_app *a)
{
	tui_term_leave();
}

void
tui_app_resume_curses(struct tui_app *a)
{
	if (tui_term_return())
		make_windows(a);
}

static void
suspend(struct tui_app *a)
{
	tui_term_stop();
	make_windows(a);
}

/* ---- drawing ---- */

static const char *const tab_names[VIEWS_MAIN] = { "Today", "Goals", "Timeline", "Journal", "Meals", "Workouts" };

static void
draw_tabs(struct tui_app *a)
{
	WINDOW *w = a->bar;
	werase(w);
	tui_draw_fill(w, 0, 0, a->cols, TUI_R_TAB);
	int x = 0;
	bool narrow = a->cols < 72;
	for (int i = 0; i < VIEWS_MAIN && x < a->cols; i++) {
		char t[32];
		bool on = a->profile != NULL && i == a->cur;
		/* Narrow: numbers only, but for the current screen's name. */
		if (narrow && !on)
			snprintf(t, sizeof t, " %d ", i + 1);
		else
			snprintf(t, sizeof t, " %d %s ", i + 1, tab_names[i]);
		x += tui_draw_text(w, 0, x, a->cols - x, t, on ? TUI_R_TAB_ACTIVE : TUI_R_TAB);
	}
	if (a->profile != NULL && a->profile->name != NULL && a->cols - x > 12) {
		char *n = utf8_fit(a->profile->name, (size_t)(a->cols - x - 2));
		tui_draw_right(w, 0, 0, a->cols - 1, n, TUI_R_TAB);
		free(n);
	}
	wnoutrefresh(w);
}

static void
draw_status(struct tui_app *a)
{
	static const char *const spin_u[] = { "\xe2\xa0\x8b", "\xe2\xa0\x99", "\xe2\xa0\xb9", "\xe2\xa0\xb8",
		"\xe2\xa0\xbc", "\xe2\xa0\xb4", "\xe2\xa0\xa6", "\xe2\xa0\xa7", "\xe2\xa0\x87", "\xe2\xa0\x8f" };
	static const char spin_a[] = "|/-\\";
	WINDOW *w = a->sbar;
	struct tui_view *v = top_view(a);
	size_t pending = tui_worker_pending(a->w);
	char left[256], info[256];
	werase(w);
	tui_draw_fill(w, 0, 0, a->cols, TUI_R_STATUS);
	const char *backend = a->c->t != NULL && a->c->t->backend != NULL ? a->c->t->backend->name : "?";
	char *who = utf8_fit(a->profile != NULL && a->profile->name != NULL ? a->profile->name
	    : a->user_id != NULL ? a->user_id : "no user", a->cols >= 60 ? 24 : 12);
	int x = tui_draw_textf(w, 0, 0, a->cols, TUI_R_STATUS, " %s | %s ", backend, who);
	free(who);
	if (pending > 0) {
		char sp[8];
		if (a->utf8)
			snprintf(sp, sizeof sp, "%s", spin_u[a->spin % 10]);
		else
			snprintf(sp, sizeof sp, "%c", spin_a[a->spin % 4]);
		snprintf(left, sizeof left, "| %s %zu pending ", sp, pending);
		x += tui_draw_text(w, 0, x, a->cols - x, left, TUI_R_STATUS);
	}
	x += tui_draw_text(w, 0, x, a->cols - x, "| ", TUI_R_STATUS);
	int right_w = a->cols >= 60 ? 8 : 0;
	if (a->status[0] != '\0') {
		tui_draw_text(w, 0, x, a->cols - x - right_w, a->status, a->status_err ? TUI_R_ERROR : TUI_R_STATUS);
	} else if (v != NULL && v->nexplain > 0) {
		const struct table_request *e = &v->explain[v->nexplain - 1];
		snprintf(info, sizeof info, "%s %s%s%s  cap %.1f  %lld ms", e->pattern, e->operation,
		    e->index != NULL ? " " : "", e->index != NULL ? e->index : "", v->capacity,
		    v->elapsed_us / 1000);
		tui_draw_text(w, 0, x, a->cols - x - right_w, info, TUI_R_STATUS);
	}
	if (right_w > 0)
		tui_draw_right(w, 0, 0, a->cols - 1, "? help", TUI_R_STATUS);
	wnoutrefresh(w);
}

static void
draw_too_small(struct tui_app *a)
{
	erase();
	char msg[96];
	snprintf(msg, sizeof msg, "terminal too small: %dx%d, needs %dx%d", a->cols, a->rows, MIN_COLS, MIN_ROWS);
	int y = a->rows / 2, x = (a->cols - (int)strlen(msg)) / 2;
	if (x < 0)
		x = 0;
	mvaddnstr(y < a->rows ? y : 0, x, msg, a->cols);
	wnoutrefresh(stdscr);
	doupdate();
}

/* After a draw: is the screen complete (a main screen, nothing loading)? Then log what waited for it. */
static void
bench_note(struct tui_app *a, struct tui_view *v)
{
	if (v == NULL || v->loading || a->profile == NULL || tui_worker_pending(a->w) > 0)
		return;
	long long now = mono_us();
	if (!a->bench_first_done) {
		struct timespec rt;
		clock_gettime(CLOCK_REALTIME, &rt);
		fprintf(a->bench, "first_full_screen_us %lld real_ms %lld\n", now - a->bench_start_us,
		    (long long)rt.tv_sec * 1000 + rt.tv_nsec / 1000000);
		a->bench_first_done = true;
	} else if (a->bench_key_us != 0) {
		fprintf(a->bench, "key_to_screen_us %lld %s\n", now - a->bench_key_us, v->screen->name);
	}
	a->bench_key_us = 0;
	fflush(a->bench);
}

/* Peak resident memory (VmHWM of /proc/self/status) in KiB, or -1. */
static long
peak_kib(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static void
draw(struct tui_app *a)
{
	if (!tui_term_on())
		return;
	if (a->body == NULL) {
		curs_set(0);
		draw_too_small(a);
		return;
	}
	int h = a->rows - 2, w = a->cols;
	struct tui_view *v = top_view(a);
	a->cursor_y = a->cursor_x = -1;
	draw_tabs(a);
	werase(a->body);
	if (a->help) {
		tui_panes_help(a->body, h, w, &a->help_top);
	} else if (v != NULL) {
		int eh = a->explain ? tui_panes_explain_lines(v) : 0;
		if (h - eh < 4)
			eh = 0;
		/* A question shows over the screen it is about. */
		if (v->screen->overlay) {
			struct tui_view *below = tui_app_below(a, v);
			if (below != NULL && below->screen->draw != NULL)
				below->screen->draw(below, a->body, h - eh, w);
			a->cursor_y = -1;
		}
		v->screen->draw(v, a->body, h - eh, w);
		if (eh > 0)
			tui_panes_explain(v, a->body, h - eh, w);
	} else if (a->start_err[0] != '\0') {
		size_t n = 0;
		char **lines = tui_draw_wrap(a->start_err, w - 4, &n);
		int y = 1;
		for (size_t i = 0; i < n && y < h - 1; i++)
			tui_draw_text(a->body, y++, 2, w - 4, lines[i], TUI_R_ERROR);
		tui_draw_wrap_free(lines, n);
		tui_draw_text(a->body, y, 2, w - 4, "r tries again, q quits", TUI_R_DIM);
	} else {
		tui_draw_text(a->body, 1, 2, w - 4, "ailife: opening the store...", TUI_R_DIM);
	}
	draw_status(a);
	if (a->cursor_y >= 0 && a->cursor_y < h && a->cursor_x >= 0 && a->cursor_x < w) {
		curs_set(1);
		wmove(a->body, a->cursor_y, a->cursor_x);
	} else {
		curs_set(0);
	}
	wnoutrefresh(a->body);
	doupdate();
	if (a->bench != NULL)
		bench_note(a, v);
}

/* ---- keys ---- */

static void
resize(struct tui_app *a)
{
	make_windows(a);
	for (int i = 0; i < VIEWS_MAIN; i++)
		if (a->main[i] != NULL && a->main[i]->screen->resize != NULL)
			a->main[i]->screen->resize(a->main[i], a->rows - 2, a->cols);
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->screen->resize != NULL)
			a->stack[i]->screen->resize(a->stack[i], a->rows - 2, a->cols);
	clearok(curscr, TRUE);
}

static void
quit(struct tui_app *a)
{
	if (any_unsaved(a)) {
		tui_dialog_confirm(top_view(a), "A form holds unsaved text. Quit anyway?", quit_answer, 0);
		return;
	}
	a->running = false;
}

static void
global_key(struct tui_app *a, struct tui_view *v, const struct tui_key *k)
{
	switch (k->act) {
	case TUI_ACT_QUIT:
		quit(a);
		return;
	case TUI_ACT_HELP:
		a->help = !a->help;
		a->help_top = 0;
		return;
	case TUI_ACT_EXPLAIN:
		a->explain = !a->explain;
		return;
	case TUI_ACT_REDRAW:
		clearok(curscr, TRUE);
		return;
	case TUI_ACT_SUSPEND:
		suspend(a);
		return;
	case TUI_ACT_REFRESH:
		if (v == NULL && a->profile == NULL) {
			/* The start failed (the store unreachable...): start again. */
			a->start_err[0] = '\0';
			if (a->c->cfg.user != NULL)
				tui_app_select_user(a, a->c->cfg.user);
			else
				load_users(a, false);
			return;
		}
		if (v != NULL) {
			v->stale = true;
			view_show(v);
		}
		load_goals(a);
		return;
	case TUI_ACT_BACK:
		if (v != NULL && v->loading) {
			/* The answer of this load will be dropped when it comes. */
			v->gen++;
			v->loading = false;
			tui_app_status(a, false, "load abandoned (r reloads)");
			if (a->depth > 0 && v == a->stack[a->depth - 1])
				tui_app_pop(a, v);
			return;
		}
		if (a->depth > 0 && v == a->stack[a->depth - 1] && a->profile != NULL)
			tui_app_pop(a, v);
		return;
	case TUI_ACT_SCREEN1:
	case TUI_ACT_SCREEN2:
	case TUI_ACT_SCREEN3:
	case TUI_ACT_SCREEN4:
	case TUI_ACT_SCREEN5:
	case TUI_ACT_SCREEN6:
		tui_app_switch(a, (int)(k->act - TUI_ACT_SCREEN1));
		return;
	case TUI_ACT_NEXT_SCREEN:
		tui_app_switch(a, (a->cur + 1) % VIEWS_MAIN);
		return;
	case TUI_ACT_PREV_SCREEN:
		tui_app_switch(a, (a->cur + VIEWS_MAIN - 1) % VIEWS_MAIN);
		return;
	case TUI_ACT_USER:
		load_users(a, true);
		return;
	default:
		return;
	}
}

static void
handle_key(struct tui_app *a, int code)
{
	struct tui_key k = { code, TUI_ACT_NONE };
	struct tui_view *v = top_view(a);
	if (code == (TUI_FN | KEY_RESIZE)) {
		resize(a);
		return;
	}
	if (a->body == NULL) {
		/* Too small to show anything: only quitting works. */
		if (code == 'q' || code == TUI_CTRL('c'))
			quit(a);
		return;
	}
	if (a->help) {
		if (code == 'j' || code == (TUI_FN | KEY_DOWN))
			a->help_top++;
		else if ((code == 'k' || code == (TUI_FN | KEY_UP)) && a->help_top > 0)
			a->help_top--;
		else
			a->help = false;
		return;
	}
	/* Info messages go with the next key; errors stay until replaced. */
	if (!a->status_err)
		a->status[0] = '\0';
	unsigned ctx = v != NULL ? v->screen->keys : 0;
	k.act = tui_keys_action(code, ctx);
	if (k.act == TUI_ACT_NONE && (v == NULL || !v->screen->text_input || !tui_keys_is_text(code)))
		k.act = tui_keys_action(code, TUI_KC_GLOBAL);
	if (v != NULL && v->screen->text_input && k.act == TUI_ACT_QUIT && code == 'q')
		k.act = TUI_ACT_NONE;
	if (v != NULL && v->screen->key != NULL && v->screen->key(v, &k))
		return;
	/* An error was read: any key that does something else clears it. */
	a->status_err = false;
	global_key(a, v, &k);
}

static void
read_keys(struct tui_app *a)
{
	wint_t ch;
	int r;
	while (a->running && tui_term_on() && (r = wget_wch(stdscr, &ch)) != ERR) {
		int code = r == KEY_CODE_YES ? (int)(TUI_FN | (int)ch) : (int)ch;
		if (a->bench != NULL && a->bench_key_us == 0)
			a->bench_key_us = mono_us();
		handle_key(a, code);
	}
}

static void
deliver(struct tui_app *a)
{
	struct tui_job *j;
	while ((j = tui_worker_take(a->w)) != NULL) {
		if (j->owner == 0) {
			app_on_data(a, j);
		} else {
			struct tui_view *v = tui_app_view(a, j->owner);
			if (v != NULL && v->screen->on_data != NULL)
				v->screen->on_data(v, j);
		}
		tui_job_free(j);
	}
}

static void
drain_pipe(struct tui_app *a)
{
	char buf[256];
	while (read(a->pipe_fd[0], buf, sizeof buf) > 0)
		;
}

/* A signal came: stop (keeping a form's text as a draft) or suspend. */
static void
handle_signal(struct tui_app *a)
{
	int sig = tui_term_signal();
	if (sig == 0)
		return;
	if (sig == SIGTSTP) {
		suspend(a);
		return;
	}
	save_draft(a);
	a->exit_code = 128 + sig;
	a->running = false;
}

static void
loop(struct tui_app *a)
{
	long long last_spin = mono_ms();
	while (a->running) {
		draw(a);
		struct pollfd p[2] = {
			{ STDIN_FILENO, POLLIN, 0 },
			{ a->pipe_fd[0], POLLIN, 0 },
		};
		size_t pending = tui_worker_pending(a->w);
		int timeout = pending > 0 ? 100 : (a->status[0] != '\0' && !a->status_err ? 1000 : -1);
		int n = poll(p, 2, timeout);
		if (n < 0 && errno != EINTR)
			break;
		handle_signal(a);
		if (!a->running)
			break;
		if (n > 0 && (p[1].revents & POLLIN) != 0) {
			drain_pipe(a);
			handle_signal(a);
			if (!a->running)
				break;
			deliver(a);
		}
		if (n > 0 && (p[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0 && (p[0].revents & POLLIN) == 0) {
			/* The terminal went away without a SIGHUP: the same as one. */
			save_draft(a);
			a->exit_code = 128 + SIGHUP;
			a->running = false;
			break;
		}
		read_keys(a);
		long long now = mono_ms();
		if (now - last_spin >= 100) {
			a->spin++;
			last_spin = now;
		}
		if (a->status[0] != '\0' && !a->status_err && now - a->status_at > 5000)
			a->status[0] = '\0';
	}
}

static void
app_free(struct tui_app *a)
{
	drop_stack(a);
	for (int i = 0; i < VIEWS_MAIN; i++)
		view_free(a->main[i]);
	store_list_done(&a->goals);
	model_free(MODEL_USER, a->profile);
	free(a->user_id);
	free(a->draft_path);
	if (a->bar != NULL)
		delwin(a->bar);
	if (a->body != NULL)
		delwin(a->body);
	if (a->sbar != NULL)
		delwin(a->sbar);
	close(a->pipe_fd[0]);
	close(a->pipe_fd[1]);
	free(a);
}

int
tui_app_run(struct cli *c)
{
	struct tui_app *a = xcalloc(1, sizeof *a);
	a->c = c;
	a->running = true;
	a->utf8 = utf8_locale();
	tui_draw_set_utf8(a->utf8);
	a->draft_path = tui_draft_path();
	a->bench_start_us = mono_us();
	const char *bench = getenv("AILIFE_TUI_BENCH");
	if (bench != NULL && bench[0] != '\0')
		a->bench = fopen(bench, "a");
	if (pipe2(a->pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
		free(a->draft_path);
		free(a);
		return cli_fail(c, CLI_FAIL, "tui", "cannot make a pipe: %s", strerror(errno));
	}
	g_app = a;
	a->w = tui_worker_start(c->t, a->pipe_fd[1]);
	if (a->w == NULL) {
		app_free(a);
		return cli_fail(c, CLI_FAIL, "tui", "cannot start the worker thread");
	}
	tui_term_signals(a->pipe_fd[1]);
	tui_term_start();
	make_windows(a);
	/* First paint before any answer: the loop draws, then the users or the profile come in. */
	if (c->cfg.user != NULL)
		tui_app_select_user(a, c->cfg.user);
	else
		load_users(a, false);
	loop(a);
	/* Writes in flight finish (a few seconds at most); reads are dropped. */
	int stopped = tui_worker_stop(a->w, 5000);
	tui_term_shutdown();
	int code = a->exit_code;
	if (stopped != 0) {
		/* The worker is stuck on the network with the table: leave without touching either. */
		fflush(stdout);
		_exit(code != 0 ? code : CLI_FAIL);
	}
	a->w = NULL;
	tui_term_signals(-1);
	if (a->bench != NULL) {
		fprintf(a->bench, "peak_rss_kib %ld\n", peak_kib());
		fclose(a->bench);
	}
	app_free(a);
	g_app = NULL;
	return code;
}
