/*
 * The terminal interface: the loop, the screen stack, the status bar, the
 * help and explain panes, signals and the one shutdown that restores the
 * terminal. A screen is a const table of callbacks (tmux's window_mode, htop's
 * screen classes); its state lives behind view->data. What the screens are,
 * and whose, comes from a shell (struct tui_shell), handed to tui_app_run as a
 * const table by views/: the loop knows neither the commands nor the screens.
 */
#ifndef AILIFE_TUI_APP_H
#define AILIFE_TUI_APP_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/table.h"
#include "tui/keys.h"
#include "tui/worker.h"

struct tui_app;
struct tui_view;

struct tui_screen {
	const char *name;        /* "Goals": shown in the title and the explain pane */
	unsigned keys;           /* key contexts (TUI_KC_*) besides the global ones */
	bool text_input;         /* a form: keys outside its contexts are text, not global actions */
	bool overlay;            /* drawn over the screen below it (a question) */
	/* arg: what the opener passes (a record, a form...). */
	void (*init)(struct tui_view *v, void *arg);
	void (*free)(struct tui_view *v);
	void (*resize)(struct tui_view *v, int h, int w);
	/* Draws into win, h lines by w columns (the body between tab bar and status bar). */
	void (*draw)(struct tui_view *v, WINDOW *win, int h, int w);
	/* Returns true when the key was taken; else the application's global keys apply. */
	bool (*key)(struct tui_view *v, const struct tui_key *k);
	/* A job this view asked for is done (the view checks j->gen against its own). */
	void (*on_data)(struct tui_view *v, struct tui_job *j);
	/* Becomes the visible screen again (back from a form, tab switch): reload if stale. */
	void (*show)(struct tui_view *v);
	/* A form: whether it holds unsaved text, and its draft (a new JSON object) for SIGHUP. */
	bool (*unsaved)(struct tui_view *v);
	json_t *(*draft)(struct tui_view *v);
};

struct tui_view {
	const struct tui_screen *screen;
	struct tui_app *app;
	void *data;
	unsigned id;
	unsigned gen;            /* bumped by each load; older results are dropped */
	bool loading;            /* a load of this generation is running */
	bool stale;              /* data changed elsewhere: reload when shown */
	/* Why its last load failed ("" when it did not): shown in place of the data. */
	char failed[512];
	/* The last request of this view: for the explain pane. */
	struct table_request explain[TUI_JOB_EXPLAINS];
	size_t nexplain;
	double capacity;
	long long elapsed_us;
};

/*
 * What the loop is handed by the screens' side (views/): the main screens in
 * tab order (keys 1-6), and the session around them, whose state the shell
 * keeps behind tui_app_shell_ctx. The loop calls these on its own thread.
 */
struct tui_shell {
	const struct tui_screen *const *tabs;
	const char *const *tab_names;
	size_t ntabs;            /* at most TUI_TABS_MAX */
	/* Once, before the first paint: set the shell's context, ask for what the first screen needs. */
	void (*start)(struct tui_app *a, void *arg);
	/* Once, at the end (the screens are gone): free the context. */
	void (*done)(struct tui_app *a);
	/* r while nothing is shown (the start failed: the store unreachable...): start again. */
	void (*retry)(struct tui_app *a);
	/* r, or records changed (tui_app_changed): read what the shell keeps again. */
	void (*reload)(struct tui_app *a);
	/* A global key no screen took and the loop does not know (u: the user picker); true when taken. */
	bool (*key)(struct tui_app *a, const struct tui_key *k);
	/* A job the shell submitted (tui_app_submit_shell) is back. */
	void (*on_data)(struct tui_app *a, struct tui_job *j);
	/* Whose screens these are (an id, NULL before one is chosen): drafts are kept and offered for them. */
	const char *(*user)(struct tui_app *a);
	/* Their name for the tab and status bars, or NULL. */
	const char *(*user_name)(struct tui_app *a);
	/* Reopens the form a draft was written from (tui_app_home offered it); false when it cannot. */
	bool (*draft_restore)(struct tui_app *a, json_t *draft);
};

#define TUI_TABS_MAX 6

/*
 * Runs the interface on an opened table until the user quits, the screens
 * and session given by shell (its start gets arg). Returns the exit status,
 * or -1 with why when the interface could not start (no pipe, no thread).
 */
int tui_app_run(struct table *t, const struct tui_shell *shell, void *arg, char *why, size_t why_size);

/* ---- for the shell ---- */
void *tui_app_shell_ctx(struct tui_app *a);
void tui_app_set_shell_ctx(struct tui_app *a, void *ctx);
/* Submits a job of the shell's (owner 0): its answer goes to shell->on_data. */
void tui_app_submit_shell(struct tui_app *a, struct tui_job *j);
/*
 * The session is ready (its user chosen, or chosen again): fresh main
 * screens from the first tab, the status line cleared, the draft of last
 * time offered when it is this user's. Before the first call no tab opens.
 */
void tui_app_home(struct tui_app *a);
/* Nothing can be shown (the start failed): the status line's error stays in the body until r. */
void tui_app_start_failed(struct tui_app *a);

/* ---- for screens ---- */

/* Submits a job for v (owner and generation set here). A load: bump v->gen first (tui_app_load). */
void tui_app_submit(struct tui_view *v, struct tui_job *j);
/* A load: new generation, loading set, job submitted. */
void tui_app_load(struct tui_view *v, struct tui_job *j);
/* Records a job's explain and capacity on v (what the x pane shows). */
void tui_app_note(struct tui_view *v, const struct tui_job *j);
/*
 * A load of v is back (the view has checked j->gen): loading cleared, the
 * request noted; true when it succeeded. A failure (the store unreachable...)
 * goes to the status line as "what: why" and into v->failed for the screen to
 * show instead of its data (that data may be of another day or filter); v is
 * marked stale, so coming back to the screen asks again.
 */
bool tui_app_loaded(struct tui_view *v, const struct tui_job *j, const char *what);
/* Draws v->failed from line y (wrapped, at most h lines) and how to try again; returns the lines used. */
int tui_app_draw_failed(struct tui_view *v, WINDOW *win, int y, int h, int w);

/* Opens a screen on top of the stack; init gets arg. */
struct tui_view *tui_app_push(struct tui_app *a, const struct tui_screen *s, void *arg);
/* Closes the top screen (v must be it). */
void tui_app_pop(struct tui_app *a, struct tui_view *v);
/* The screen below v on the stack (its opener), or NULL. */
struct tui_view *tui_app_below(struct tui_app *a, const struct tui_view *v);

/* The store refuses every write (--read-only, AILIFE_READ_ONLY, read_only in the config). */
bool tui_app_read_only(struct tui_app *a);
/* Status line message: error true shows it as an error. Kept until the next one (or a few seconds). */
void tui_app_status(struct tui_app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * A record was just saved (added or edited): the next list that shows it
 * selects it (tui_list_set_prefer with tui_app_focus, then
 * tui_app_focus_taken), so the selection is on what was saved.
 */
void tui_app_set_focus(struct tui_app *a, const char *id);
const char *tui_app_focus(struct tui_app *a);
void tui_app_focus_taken(struct tui_app *a);
/* Clears the status line (a new form, a discarded one: an old "not saved" does not linger). */
void tui_app_status_clear(struct tui_app *a);
/* Records changed: every main screen reloads when next shown, and the shell reloads (shell->reload). */
void tui_app_changed(struct tui_app *a);
/* Leaves curses for a child program on the terminal ($EDITOR) and back. */
void tui_app_suspend_curses(struct tui_app *a);
void tui_app_resume_curses(struct tui_app *a);
/* The open screen with this id, or NULL (closed since). */
struct tui_view *tui_app_view(struct tui_app *a, unsigned id);
/* Where the terminal cursor shows after this draw (body coordinates); not called: hidden. */
void tui_app_cursor(struct tui_app *a, int y, int x);
/* Switches to main screen i (0 to ntabs - 1) and drops the stack above it; nothing before tui_app_home. */
void tui_app_switch(struct tui_app *a, int i);

#endif
