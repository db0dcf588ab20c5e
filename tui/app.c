/*
 * The loop of the terminal interface. One thread (this one) touches curses;
 * the worker owns the table. The loop waits in poll() on the terminal and on
 * a self-pipe that carries the worker's "done" bytes and the signal handlers'
 * bytes, so a signal handler only writes a byte. The screens and the session
 * around them are the shell's (struct tui_shell); drawing is tui/app_draw.c.
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

#include "datastore/read_only_table.h"
#include "tui/app.h"
#include "tui/app_int.h"
#include "tui/dialog.h"
#include "tui/draft.h"
#include "tui/draw.h"
#include "tui/term.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* README's exit status 1 (the request failed): a worker stuck at the end with no other status. */
#define EXIT_STUCK 1


/* ---- for screens ---- */

void *
tui_app_shell_ctx(struct tui_app *a)
{
	return a != NULL ? a->shell_ctx : NULL;
}

void
tui_app_set_shell_ctx(struct tui_app *a, void *ctx)
{
	a->shell_ctx = ctx;
}

void
tui_app_submit(struct tui_view *v, struct tui_job *j)
{
	j->owner = v->id;
	j->gen = v->gen;
	tui_worker_submit(v->app->w, j);
}

void
tui_app_submit_shell(struct tui_app *a, struct tui_job *j)
{
	j->owner = 0;
	j->gen = 0;
	tui_worker_submit(a->w, j);
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

void
tui_app_set_focus(struct tui_app *a, const char *id)
{
	if (a != NULL)
		snprintf(a->focus, sizeof a->focus, "%s", id != NULL ? id : "");
}

const char *
tui_app_focus(struct tui_app *a)
{
	return a != NULL && a->focus[0] != '\0' ? a->focus : NULL;
}

void
tui_app_focus_taken(struct tui_app *a)
{
	if (a != NULL)
		a->focus[0] = '\0';
}

void
tui_app_status_clear(struct tui_app *a)
{
	if (a == NULL)
		return;
	a->status[0] = '\0';
	a->status_err = false;
}

bool
tui_app_read_only(struct tui_app *a)
{
	return a != NULL && read_only_table_is(a->t);
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
	a->status_at = tui_mono_us() / 1000;
}

struct tui_view *
tui_app_top(struct tui_app *a)
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

void
tui_app_view_show(struct tui_view *v)
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
		tui_app_view_show(tui_app_top(a));
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
	for (int i = 0; i < a->ntabs; i++)
		if (a->main[i] != NULL && a->main[i]->id == id)
			return a->main[i];
	for (int i = 0; i < a->depth; i++)
		if (a->stack[i]->id == id)
			return a->stack[i];
	return NULL;
}

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
	if (i < 0 || i >= a->ntabs)
		return;
	if (!a->home) {
		/* Typed while the session loads: that tab is the first one shown. */
		a->want_tab = i + 1;
		return;
	}
	drop_stack(a);
	a->cur = i;
	a->help = false;
	/* A record saved on another screen is not looked for here. */
	a->focus[0] = '\0';
	if (a->main[i] == NULL) {
		a->main[i] = view_new(a, a->shell->tabs[i], NULL);
		return;
	}
	tui_app_view_show(a->main[i]);
}

void
tui_app_changed(struct tui_app *a)
{
	for (int i = 0; i < a->ntabs; i++)
		if (a->main[i] != NULL)
			a->main[i]->stale = true;
	a->shell->reload(a);
}

static void offer_draft(struct tui_app *a);

void
tui_app_home(struct tui_app *a)
{
	drop_stack(a);
	for (int i = 0; i < a->ntabs; i++) {
		view_free(a->main[i]);
		a->main[i] = NULL;
	}
	a->home = true;
	/* Another user's screens: the changes of the last one are not theirs to undo. */
	tui_app_undo_clear(a);
	a->status[0] = '\0';
	a->start_err[0] = '\0';
	int first = a->want_tab > 0 ? a->want_tab - 1 : 0;
	a->want_tab = 0;
	tui_app_switch(a, first);
	offer_draft(a);
}

void
tui_app_start_failed(struct tui_app *a)
{
	memcpy(a->start_err, a->status, sizeof a->start_err);
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
		if (!a->shell->draft_restore(a, d))
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
	const char *me = a->shell->user(a);
	if (a->draft_offered || a->draft_path == NULL || me == NULL)
		return;
	a->draft_offered = true;
	json_t *d = tui_draft_load(a->draft_path);
	if (d == NULL)
		return;
	const char *user = json_string_value(json_object_get(d, "user"));
	const char *title = json_string_value(json_object_get(d, "title"));
	if (user != NULL && strcmp(user, me) == 0) {
		char *q = xasprintf("Unsaved text from last time (%s). Reopen it?", title != NULL ? title : "a form");
		tui_dialog_confirm(tui_app_top(a), q, draft_answer, 0);
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
		const char *me = a->shell->user(a);
		char why[256];
		if (d == NULL || a->draft_path == NULL || me == NULL) {
			json_decref(d);
			return false;
		}
		json_object_set_new(d, "user", json_string(me));
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

static void
suspend(struct tui_app *a)
{
	tui_term_stop();
	tui_app_windows(a);
}

/* ---- keys ---- */

static void
resize(struct tui_app *a)
{
	tui_app_windows(a);
	for (int i = 0; i < a->ntabs; i++)
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
		tui_dialog_confirm(tui_app_top(a), "A form holds unsaved text. Quit anyway?", quit_answer, 0);
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
	case TUI_ACT_UNDO:
		if (a->home)
			tui_app_undo_last(a);
		return;
	case TUI_ACT_SUSPEND:
		suspend(a);
		return;
	case TUI_ACT_REFRESH:
		if (v == NULL && !a->home) {
			/* The start failed (the store unreachable...): start again. */
			a->start_err[0] = '\0';
			a->shell->retry(a);
			return;
		}
		if (v != NULL) {
			v->stale = true;
			tui_app_view_show(v);
		}
		a->shell->reload(a);
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
		if (a->depth > 0 && v == a->stack[a->depth - 1] && a->home)
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
		if (a->ntabs > 0)
			tui_app_switch(a, (a->cur + 1) % a->ntabs);
		return;
	case TUI_ACT_PREV_SCREEN:
		if (a->ntabs > 0)
			tui_app_switch(a, (a->cur + a->ntabs - 1) % a->ntabs);
		return;
	default:
		/* u (the user picker) and whatever else the shell answers. */
		a->shell->key(a, k);
		return;
	}
}

static void handle_key(struct tui_app *a, int code);

/* To the screen shown, as a key of its own: a click where it landed, or the wheel's moves. */
static void
view_key(struct tui_app *a, const struct tui_key *k)
{
	struct tui_view *v = tui_app_top(a);
	if (v != NULL && v->screen->key != NULL)
		v->screen->key(v, k);
}

/*
 * The mouse: a press on the tab bar switches to that tab, one in the body
 * is a click for the screen shown (a list selects the row under it), the
 * wheel moves as three Up or Down keys. Keys stay the way to do everything.
 */
static void
mouse(struct tui_app *a)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	if (a->help) {
		a->help = false;
		return;
	}
	if ((ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) != 0) {
		int code = (ev.bstate & BUTTON4_PRESSED) != 0 ? (TUI_FN | KEY_UP) : (TUI_FN | KEY_DOWN);
		for (int i = 0; i < 3; i++)
			handle_key(a, code);
		return;
	}
	if ((ev.bstate & BUTTON1_PRESSED) == 0)
		return;
	if (ev.y == 0) {
		for (int i = 0; i < a->ntabs; i++)
			if (ev.x >= a->tab_x[i] && ev.x < a->tab_x[i + 1]) {
				tui_app_switch(a, i);
				return;
			}
		return;
	}
	if (ev.y >= 1 && ev.y < a->rows - 1) {
		struct tui_key k = { TUI_FN | KEY_MOUSE, TUI_ACT_CLICK, ev.y - 1, ev.x };
		view_key(a, &k);
	}
}

static void
handle_key(struct tui_app *a, int code)
{
	struct tui_key k = { code, TUI_ACT_NONE, 0, 0 };
	if (code == (TUI_FN | KEY_MOUSE) && a->body != NULL) {
		mouse(a);
		return;
	}
	struct tui_view *v = tui_app_top(a);
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
	if (tui_app_read_only(a) && tui_keys_writes(k.act) && (v == NULL || !v->screen->text_input)) {
		/* Not offered (the help and hints leave it out), and refused before anything is asked. */
		tui_app_status(a, true, "read-only: nothing can be written (%s)", READ_ONLY_WHERE);
		return;
	}
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
		tui_app_bench_key(a);
		handle_key(a, code);
	}
}

static void
deliver(struct tui_app *a)
{
	struct tui_job *j;
	while ((j = tui_worker_take(a->w)) != NULL) {
		if (j->is_undo) {
			tui_app_undo_done(a, j);
			tui_job_free(j);
			continue;
		}
		tui_app_undo_push(a, j);
		if (j->owner == 0) {
			a->shell->on_data(a, j);
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
	long long last_spin = tui_mono_us() / 1000;
	while (a->running) {
		tui_app_draw(a);
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
		long long now = tui_mono_us() / 1000;
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
	tui_app_undo_clear(a);
	drop_stack(a);
	for (int i = 0; i < a->ntabs; i++)
		view_free(a->main[i]);
	if (a->shell_ctx != NULL)
		a->shell->done(a);
	free(a->draft_path);
	tui_app_windows_free(a);
	close(a->pipe_fd[0]);
	close(a->pipe_fd[1]);
	free(a);
}

int
tui_app_run(struct table *t, const struct tui_shell *shell, void *arg, char *why, size_t why_size)
{
	struct tui_app *a = xcalloc(1, sizeof *a);
	a->t = t;
	a->shell = shell;
	a->ntabs = shell->ntabs < TUI_TABS_MAX ? (int)shell->ntabs : TUI_TABS_MAX;
	a->running = true;
	a->utf8 = utf8_locale();
	tui_draw_set_utf8(a->utf8);
	a->draft_path = tui_draft_path();
	tui_app_bench_open(a);
	if (pipe2(a->pipe_fd, O_CLOEXEC | O_NONBLOCK) != 0) {
		snprintf(why, why_size, "cannot make a pipe: %s", strerror(errno));
		free(a->draft_path);
		free(a);
		return -1;
	}
	a->w = tui_worker_start(t, a->pipe_fd[1]);
	if (a->w == NULL) {
		snprintf(why, why_size, "cannot start the worker thread");
		app_free(a);
		return -1;
	}
	tui_term_signals(a->pipe_fd[1]);
	tui_term_start();
	tui_app_windows(a);
	/* First paint before any answer: the loop draws, then what the shell asked for comes in. */
	shell->start(a, arg);
	loop(a);
	/* Writes in flight finish (a few seconds at most); reads are dropped. */
	int stopped = tui_worker_stop(a->w, 5000);
	tui_term_shutdown();
	int code = a->exit_code;
	if (stopped != 0) {
		/* The worker is stuck on the network with the table: leave without touching either. */
		fflush(stdout);
		_exit(code != 0 ? code : EXIT_STUCK);
	}
	a->w = NULL;
	tui_term_signals(-1);
	tui_app_bench_close(a);
	app_free(a);
	return code;
}
