/*
 * Keys and what they do: one table binds keys to actions and also writes the
 * help screen, so what the help says is what the keys do (calcurse's key
 * definitions, htop's bindings). Views handle actions, never raw key codes,
 * except for text typed into a form or a filter.
 */
#ifndef AILIFE_TUI_KEYS_H
#define AILIFE_TUI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

/* Function keys (KEY_DOWN ...) are told apart from characters by this bit. */
#define TUI_FN 0x40000000
#define TUI_CTRL(c) ((c) & 0x1f)
#define TUI_ESC 27

enum tui_action {
	TUI_ACT_NONE = 0,
	/* everywhere */
	TUI_ACT_QUIT, TUI_ACT_HELP, TUI_ACT_EXPLAIN, TUI_ACT_REFRESH, TUI_ACT_BACK,
	TUI_ACT_SCREEN1, TUI_ACT_SCREEN2, TUI_ACT_SCREEN3, TUI_ACT_SCREEN4, TUI_ACT_SCREEN5,
	TUI_ACT_SCREEN6, TUI_ACT_NEXT_SCREEN, TUI_ACT_PREV_SCREEN, TUI_ACT_USER, TUI_ACT_SUSPEND,
	TUI_ACT_REDRAW, TUI_ACT_UNDO, TUI_ACT_CLICK,
	/* lists */
	TUI_ACT_UP, TUI_ACT_DOWN, TUI_ACT_PGUP, TUI_ACT_PGDN, TUI_ACT_TOP, TUI_ACT_BOTTOM,
	TUI_ACT_ENTER, TUI_ACT_FILTER, TUI_ACT_ADD, TUI_ACT_EDIT, TUI_ACT_DELETE,
	/* screen-specific */
	TUI_ACT_STATUS_FILTER, TUI_ACT_SET_STATUS, TUI_ACT_LOG, TUI_ACT_EDITOR,
	TUI_ACT_PREV_PERIOD, TUI_ACT_NEXT_PERIOD, TUI_ACT_TODAY, TUI_ACT_WEEK, TUI_ACT_MONTH,
	TUI_ACT_PROFILE_EDIT, TUI_ACT_DEMO, TUI_ACT_TYPE_FILTER, TUI_ACT_REPEAT,
	/* forms */
	TUI_ACT_NEXT_FIELD, TUI_ACT_PREV_FIELD, TUI_ACT_SAVE, TUI_ACT_CANCEL, TUI_ACT_RELOAD,
	TUI_ACT_LEFT, TUI_ACT_RIGHT, TUI_ACT_LINE_START, TUI_ACT_LINE_END, TUI_ACT_KILL_END,
	TUI_ACT_KILL_START, TUI_ACT_BACKSPACE, TUI_ACT_DELCHAR, TUI_ACT_FIELD_EDITOR,
	TUI_ACT_NEWLINE,
	/* dialogs */
	TUI_ACT_YES, TUI_ACT_NO,
	TUI_ACT_COUNT
};

/* Where a binding holds: a screen asks with the contexts it honours. */
enum {
	TUI_KC_GLOBAL = 1 << 0,
	TUI_KC_LIST = 1 << 1,
	TUI_KC_GOALS = 1 << 2,
	TUI_KC_PERIOD = 1 << 3,
	TUI_KC_JOURNAL = 1 << 4,
	TUI_KC_PROFILE = 1 << 5,
	TUI_KC_FORM = 1 << 6,
	TUI_KC_DIALOG = 1 << 7,
	TUI_KC_WELCOME = 1 << 8,
	TUI_KC_TIMELINE = 1 << 9,
	TUI_KC_REPEAT = 1 << 10,         /* meals and workouts: r repeats the selected one */
};

/* One key press: a character (code point) or a function key (code | TUI_FN). */
struct tui_key {
	int code;
	enum tui_action act;     /* from the table, for the contexts of the screen that gets it */
	int y, x;                /* TUI_ACT_CLICK: where, in the body's lines and columns */
};

/* The action of a key in the given contexts (first binding in table order wins). */
enum tui_action tui_keys_action(int code, unsigned contexts);
/* A printable character a form or filter may take as text (not a control, not a function key). */
bool tui_keys_is_text(int code);

/* The help: lines of "section" headings and "keys  what" rows, from the table. */
struct tui_help_line {
	const char *section;     /* non-NULL on a heading line */
	const char *keys;
	const char *help;
	enum tui_action act;     /* a key row's action */
};
/* Whether an action writes to the store (hidden and refused under --read-only). */
bool tui_keys_writes(enum tui_action act);
/* Fills up to max lines; returns how many. */
size_t tui_keys_help(struct tui_help_line *out, size_t max);

/* One row of the key table as it is (for checks of the table itself: tests). */
struct tui_key_binding {
	enum tui_action act;
	unsigned contexts;
	const char *section;     /* starts a help section when non-NULL */
	const char *keys;        /* the help row; NULL: shares the row above */
	const char *help;
	int codes[4];
	size_t ncodes;
};
/* Row i of the table, in table order; false past the end. */
bool tui_keys_binding(size_t i, struct tui_key_binding *out);

#endif
