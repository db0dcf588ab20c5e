/*
 * What the two files of the loop share: tui/app.c (the loop, the screen
 * stack, keys, signals, drafts) and tui/app_draw.c (the windows, the tab and
 * status bars, the body, the benchmark log). Nothing outside tui/app*.c
 * includes this.
 */
#ifndef AILIFE_TUI_APP_INT_H
#define AILIFE_TUI_APP_INT_H

#include <stdio.h>

#include "tui/app.h"

#define MAX_STACK 16
#define MIN_COLS 40
#define MIN_ROWS 10
#define UNDO_MAX 64

/* A change u can undo: what it touched, and how the status line names it. */
struct tui_undo_entry {
	struct store_undo *u;
	char *what;
};

struct tui_app {
	struct table *t;
	const struct tui_shell *shell;
	void *shell_ctx;
	struct tui_worker *w;
	int pipe_fd[2];
	struct tui_view *main[TUI_TABS_MAX];
	int ntabs;
	int cur;
	bool home;               /* tui_app_home was called: the tabs are open */
	int want_tab;            /* 1 + the tab a key asked for before the tabs were open (typed ahead), else 0 */
	struct tui_view *stack[MAX_STACK];   /* screens above the current main one */
	int depth;
	unsigned next_id;
	bool help, explain, utf8, running;
	int help_top;
	char status[512];
	bool status_err;
	long long status_at;
	WINDOW *bar, *body, *sbar;
	int rows, cols;
	int cursor_y, cursor_x;
	int tab_x[TUI_TABS_MAX + 1];   /* where each tab starts on the tab bar, and where the last ends */
	unsigned spin;
	int exit_code;
	char *draft_path;
	bool draft_offered;
	/* Benchmark log (AILIFE_TUI_BENCH=FILE): first full screen, key to updated screen, peak memory. */
	FILE *bench;
	long long bench_start_us, bench_key_us;
	bool bench_first_done;
	struct tui_undo_entry undo[UNDO_MAX];   /* the changes since the start, the last on top */
	int nundo;
	char focus[160];           /* a record just saved: the next list that holds it selects it */
	char start_err[512];       /* nothing shown yet: why the start failed (r tries again) */
};

/* A screen shown again (back from a form, tab switch): its show callback (reload when stale). */
void tui_app_view_show(struct tui_view *v);
/* The undo stack (tui/app_undo.c): a job back from the worker kept, cleared, u, an undo back. */
void tui_app_undo_push(struct tui_app *a, struct tui_job *j);
void tui_app_undo_clear(struct tui_app *a);
void tui_app_undo_last(struct tui_app *a);
void tui_app_undo_done(struct tui_app *a, struct tui_job *j);

/* The screen shown: the top of the stack, else the current main screen (NULL before tui_app_home). */
struct tui_view *tui_app_top(struct tui_app *a);
/* The three windows for the terminal's size again (none when it is too small); and freed. */
void tui_app_windows(struct tui_app *a);
void tui_app_windows_free(struct tui_app *a);
/* One loop turn's paint: tabs, body (or help, or why nothing shows), status bar; one doupdate. */
void tui_app_draw(struct tui_app *a);
/* The benchmark log (AILIFE_TUI_BENCH=FILE): opened at start, a key's time, peak memory at the end. */
void tui_app_bench_open(struct tui_app *a);
void tui_app_bench_key(struct tui_app *a);
void tui_app_bench_close(struct tui_app *a);

#endif
