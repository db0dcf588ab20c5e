/*
 * The loop's drawing: the windows (tab bar, body, status bar), what each
 * shows, and the benchmark log that times a full screen. The loop calls
 * tui_app_draw once a turn; everything is marked with wnoutrefresh and
 * flushed with one doupdate.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/read_only_table.h"
#include "tui/app.h"
#include "tui/app_int.h"
#include "tui/draw.h"
#include "tui/panes.h"
#include "tui/term.h"
#include "util/utf8.h"
#include "util/xmalloc.h"


void
tui_app_cursor(struct tui_app *a, int y, int x)
{
	/* A screen driven without the loop (unit tests) has no application. */
	if (a == NULL)
		return;
	a->cursor_y = y;
	a->cursor_x = x;
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

void
tui_app_windows_free(struct tui_app *a)
{
	if (a->bar != NULL)
		delwin(a->bar);
	if (a->body != NULL)
		delwin(a->body);
	if (a->sbar != NULL)
		delwin(a->sbar);
	a->bar = a->body = a->sbar = NULL;
}

void
tui_app_windows(struct tui_app *a)
{
	tui_app_windows_free(a);
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
		tui_app_windows(a);
}

static void
draw_tabs(struct tui_app *a)
{
	WINDOW *w = a->bar;
	werase(w);
	tui_draw_fill(w, 0, 0, a->cols, TUI_R_TAB);
	int x = 0;
	bool narrow = a->cols < 72;
	for (int i = 0; i <= a->ntabs; i++)
		a->tab_x[i] = a->cols;
	for (int i = 0; i < a->ntabs && x < a->cols; i++) {
		char t[32];
		a->tab_x[i] = x;
		bool on = a->home && i == a->cur;
		/* Narrow: numbers only, but for the current screen's name. */
		if (narrow && !on)
			snprintf(t, sizeof t, " %d ", i + 1);
		else
			snprintf(t, sizeof t, " %d %s ", i + 1, a->shell->tab_names[i]);
		x += tui_draw_text(w, 0, x, a->cols - x, t, on ? TUI_R_TAB_ACTIVE : TUI_R_TAB);
		a->tab_x[i + 1] = x;
	}
	const char *name = a->shell->user_name(a);
	if (name != NULL && a->cols - x > 12) {
		char *n = utf8_fit(name, (size_t)(a->cols - x - 2));
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
	struct tui_view *v = tui_app_top(a);
	size_t pending = tui_worker_pending(a->w);
	char left[256], info[256];
	werase(w);
	tui_draw_fill(w, 0, 0, a->cols, TUI_R_STATUS);
	const char *backend = a->t != NULL && a->t->backend != NULL ? a->t->backend->name : "?";
	/* --read-only: the store's name, and that nothing can be written. */
	bool ro = read_only_table_is(a->t);
	if (ro && a->t->inner != NULL)
		backend = a->t->inner->backend->name;
	const char *name = a->shell->user_name(a), *id = a->shell->user(a);
	char *who = utf8_fit(name != NULL ? name : id != NULL ? id : "no user", a->cols >= 60 ? 24 : 12);
	int x;
	if (a->cols < 60 && a->status[0] != '\0') {
		/* Narrow: a message takes the whole bar, so what it says is not cut. */
		x = tui_draw_text(w, 0, 0, a->cols, " ", TUI_R_STATUS);
	} else {
		x = tui_draw_textf(w, 0, 0, a->cols, TUI_R_STATUS, " %s%s | %s ", backend, ro ? " read-only" : "", who);
		x += tui_draw_text(w, 0, x, a->cols - x, pending > 0 ? "" : "| ", TUI_R_STATUS);
	}
	free(who);
	if (pending > 0) {
		char sp[8];
		if (a->utf8)
			snprintf(sp, sizeof sp, "%s", spin_u[a->spin % 10]);
		else
			snprintf(sp, sizeof sp, "%c", spin_a[a->spin % 4]);
		snprintf(left, sizeof left, "| %s %zu pending ", sp, pending);
		x += tui_draw_text(w, 0, x, a->cols - x, left, TUI_R_STATUS);
		x += tui_draw_text(w, 0, x, a->cols - x, "| ", TUI_R_STATUS);
	}
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
	char msg[96], now[32], need[32];
	snprintf(msg, sizeof msg, "terminal too small: %dx%d, needs %dx%d", a->cols, a->rows, MIN_COLS, MIN_ROWS);
	snprintf(now, sizeof now, "is %dx%d,", a->cols, a->rows);
	snprintf(need, sizeof need, "needs %dx%d", MIN_COLS, MIN_ROWS);
	/* Narrow: three short lines, so the size it needs is never cut off. */
	const char *lines[3] = { msg, NULL, NULL };
	int n = 1;
	if ((int)strlen(msg) > a->cols) {
		lines[0] = "terminal too small";
		lines[1] = now;
		lines[2] = need;
		n = 3;
	}
	int y = (a->rows - n) / 2;
	if (y < 0)
		y = 0;
	for (int i = 0; i < n && y + i < a->rows; i++) {
		int len = (int)strlen(lines[i]);
		int x = (a->cols - len) / 2;
		if (x < 0)
			x = 0;
		mvaddnstr(y + i, x, lines[i], a->cols - x);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

/* After a draw: is the screen complete (a main screen, nothing loading)? Then log what waited for it. */
static void
bench_note(struct tui_app *a, struct tui_view *v)
{
	if (v == NULL || v->loading || !a->home || tui_worker_pending(a->w) > 0)
		return;
	long long now = tui_mono_us();
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

void
tui_app_bench_open(struct tui_app *a)
{
	const char *bench = getenv("AILIFE_TUI_BENCH");
	a->bench_start_us = tui_mono_us();
	if (bench != NULL && bench[0] != '\0')
		a->bench = fopen(bench, "a");
}

void
tui_app_bench_key(struct tui_app *a)
{
	if (a->bench != NULL && a->bench_key_us == 0)
		a->bench_key_us = tui_mono_us();
}

void
tui_app_bench_close(struct tui_app *a)
{
	if (a->bench == NULL)
		return;
	fprintf(a->bench, "peak_rss_kib %ld\n", peak_kib());
	fclose(a->bench);
	a->bench = NULL;
}

void
tui_app_draw(struct tui_app *a)
{
	if (!tui_term_on())
		return;
	if (a->body == NULL) {
		curs_set(0);
		draw_too_small(a);
		return;
	}
	int h = a->rows - 2, w = a->cols;
	struct tui_view *v = tui_app_top(a);
	a->cursor_y = a->cursor_x = -1;
	draw_tabs(a);
	werase(a->body);
	if (a->help) {
		tui_panes_help(a->body, h, w, &a->help_top, read_only_table_is(a->t));
	} else if (v != NULL) {
		int eh = a->explain ? tui_panes_explain_lines(v, w) : 0;
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
