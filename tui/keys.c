/* The key table: bindings, lookup and the help screen it generates. */
#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "tui/keys.h"

struct binding {
	enum tui_action act;
	unsigned ctx;
	const char *section;     /* starts a help section when non-NULL */
	const char *keys;        /* as the help shows them */
	const char *help;
	int codes[4];            /* 0-terminated */
};

#define F(k) (TUI_FN | (k))

/* Table order is help order, and the first binding for a key in a context wins. */
static const struct binding bindings[] = {
	{ TUI_ACT_SCREEN1, TUI_KC_GLOBAL, "Everywhere", "1", "today: profile, calories, goals", { '1' } },
	{ TUI_ACT_SCREEN2, TUI_KC_GLOBAL, NULL, "2", "goals", { '2' } },
	{ TUI_ACT_SCREEN3, TUI_KC_GLOBAL, NULL, "3", "timeline: every kind, by time", { '3' } },
	{ TUI_ACT_SCREEN4, TUI_KC_GLOBAL, NULL, "4", "journal", { '4' } },
	{ TUI_ACT_SCREEN5, TUI_KC_GLOBAL, NULL, "5", "meals", { '5' } },
	{ TUI_ACT_SCREEN6, TUI_KC_GLOBAL, NULL, "6", "workouts", { '6' } },
	{ TUI_ACT_NEXT_SCREEN, TUI_KC_GLOBAL, NULL, "Tab / S-Tab", "next / previous screen",
	  { '\t' } },
	{ TUI_ACT_PREV_SCREEN, TUI_KC_GLOBAL, NULL, NULL, NULL, { F(KEY_BTAB) } },
	{ TUI_ACT_BACK, TUI_KC_GLOBAL, NULL, "Esc", "back; abandons a slow load", { TUI_ESC } },
	{ TUI_ACT_REFRESH, TUI_KC_GLOBAL, NULL, "r / R", "refresh from the store (R on meals, workouts)", { 'r', 'R' } },
	{ TUI_ACT_EXPLAIN, TUI_KC_GLOBAL, NULL, "x", "explain: the access pattern behind this screen", { 'x' } },
	{ TUI_ACT_UNDO, TUI_KC_GLOBAL, NULL, "u", "undo the last change (again: the one before)", { 'u' } },
	{ TUI_ACT_USER, TUI_KC_GLOBAL, NULL, "U", "switch user", { 'U' } },
	{ TUI_ACT_HELP, TUI_KC_GLOBAL, NULL, "?", "this help", { '?', F(KEY_F(1)) } },
	{ TUI_ACT_REDRAW, TUI_KC_GLOBAL, NULL, "C-l", "redraw the screen", { TUI_CTRL('l') } },
	{ TUI_ACT_SUSPEND, TUI_KC_GLOBAL | TUI_KC_FORM, NULL, "C-z", "suspend (fg resumes)", { TUI_CTRL('z') } },
	{ TUI_ACT_QUIT, TUI_KC_GLOBAL, NULL, "q", "quit", { 'q', TUI_CTRL('c') } },
	{ TUI_ACT_CLICK, TUI_KC_GLOBAL, NULL, "mouse", "a click selects a row or a tab, the wheel scrolls (AILIFE_MOUSE=0: off)",
	  { F(KEY_MOUSE) } },

	{ TUI_ACT_UP, TUI_KC_LIST, "Lists", "k / Up", "previous line", { 'k', F(KEY_UP) } },
	{ TUI_ACT_DOWN, TUI_KC_LIST, NULL, "j / Down", "next line", { 'j', F(KEY_DOWN) } },
	{ TUI_ACT_PGUP, TUI_KC_LIST, NULL, "PgUp / PgDn", "previous / next page", { F(KEY_PPAGE) } },
	{ TUI_ACT_PGDN, TUI_KC_LIST, NULL, NULL, NULL, { F(KEY_NPAGE), ' ' } },
	{ TUI_ACT_TOP, TUI_KC_LIST, NULL, "g / G", "first / last line", { 'g', F(KEY_HOME) } },
	{ TUI_ACT_BOTTOM, TUI_KC_LIST, NULL, NULL, NULL, { 'G', F(KEY_END) } },
	{ TUI_ACT_ENTER, TUI_KC_LIST, NULL, "Enter", "open", { '\r', '\n', F(KEY_ENTER) } },
	{ TUI_ACT_FILTER, TUI_KC_LIST, NULL, "/", "filter the list (Enter keeps, Esc clears)", { '/' } },
	{ TUI_ACT_ADD, TUI_KC_LIST, NULL, "a", "add", { 'a' } },
	{ TUI_ACT_EDIT, TUI_KC_LIST, NULL, "e", "edit", { 'e' } },
	{ TUI_ACT_DELETE, TUI_KC_LIST, NULL, "d", "delete (asks first)", { 'd', F(KEY_DC) } },

	{ TUI_ACT_STATUS_FILTER, TUI_KC_GOALS, "Goals", "f", "status shown: active, paused, completed, archived, all",
	  { 'f' } },
	{ TUI_ACT_SET_STATUS, TUI_KC_GOALS, NULL, "s", "change the goal's status", { 's' } },
	{ TUI_ACT_LOG, TUI_KC_GOALS, NULL, "l", "log an activity", { 'l' } },

	{ TUI_ACT_PREV_PERIOD, TUI_KC_PERIOD, "Timeline, meals, workouts", "[ / ]", "previous / next period",
	  { '[', F(KEY_LEFT), 'h' } },
	{ TUI_ACT_NEXT_PERIOD, TUI_KC_PERIOD, NULL, NULL, NULL, { ']', F(KEY_RIGHT), 'l' } },
	{ TUI_ACT_TODAY, TUI_KC_PERIOD, NULL, "t", "back to today", { 't' } },
	{ TUI_ACT_WEEK, TUI_KC_PERIOD, NULL, "w", "a week (again: a day)", { 'w' } },
	{ TUI_ACT_MONTH, TUI_KC_PERIOD, NULL, "m", "a month (again: a day)", { 'm' } },
	{ TUI_ACT_REPEAT, TUI_KC_REPEAT, NULL, "r", "meals, workouts: the selected one again, now", { 'r' } },
	{ TUI_ACT_TYPE_FILTER, TUI_KC_TIMELINE, NULL, "f", "timeline: kinds shown (all, activities, journal, meals, workouts)",
	  { 'f' } },

	{ TUI_ACT_EDITOR, TUI_KC_JOURNAL, "Journal", "E", "edit the body in $EDITOR", { 'E' } },
	{ TUI_ACT_PROFILE_EDIT, TUI_KC_PROFILE, "Today", "e", "edit the profile", { 'e', 'p' } },
	{ TUI_ACT_LOG, TUI_KC_PROFILE, NULL, "l", "log an activity to a goal", { 'l' } },
	{ TUI_ACT_DEMO, TUI_KC_WELCOME, "Welcome", "d", "load demo data", { 'd' } },
	{ TUI_ACT_ADD, TUI_KC_WELCOME, NULL, "c / Enter", "create your profile", { 'c', '\r', '\n' } },

	{ TUI_ACT_NEXT_FIELD, TUI_KC_FORM, "Forms", "Tab / S-Tab", "next / previous field", { '\t', F(KEY_DOWN) } },
	{ TUI_ACT_PREV_FIELD, TUI_KC_FORM, NULL, NULL, NULL, { F(KEY_BTAB), F(KEY_UP) } },
	{ TUI_ACT_SAVE, TUI_KC_FORM, NULL, "C-s", "save", { TUI_CTRL('s'), F(KEY_F(2)) } },
	{ TUI_ACT_CANCEL, TUI_KC_FORM, NULL, "Esc", "cancel (asks when something was typed)", { TUI_ESC } },
	{ TUI_ACT_RELOAD, TUI_KC_FORM, NULL, "C-r", "reload after a conflicting change", { TUI_CTRL('r') } },
	{ TUI_ACT_LEFT, TUI_KC_FORM, NULL, "Left / Right", "move; in a choice, the previous / next one",
	  { F(KEY_LEFT), TUI_CTRL('b') } },
	{ TUI_ACT_RIGHT, TUI_KC_FORM, NULL, NULL, NULL, { F(KEY_RIGHT), TUI_CTRL('f') } },
	{ TUI_ACT_LINE_START, TUI_KC_FORM, NULL, "Home / C-a", "start of the line", { F(KEY_HOME), TUI_CTRL('a') } },
	{ TUI_ACT_LINE_END, TUI_KC_FORM, NULL, "End / C-e", "end of the line", { F(KEY_END), TUI_CTRL('e') } },
	{ TUI_ACT_KILL_END, TUI_KC_FORM, NULL, "C-k", "delete to the end of the line", { TUI_CTRL('k') } },
	{ TUI_ACT_KILL_START, TUI_KC_FORM, NULL, "C-u", "delete to the start of the line", { TUI_CTRL('u') } },
	{ TUI_ACT_BACKSPACE, TUI_KC_FORM, NULL, "Backspace", "delete the character before",
	  { F(KEY_BACKSPACE), 127, TUI_CTRL('h') } },
	{ TUI_ACT_DELCHAR, TUI_KC_FORM, NULL, "Del / C-d", "delete the character under", { F(KEY_DC), TUI_CTRL('d') } },
	{ TUI_ACT_NEWLINE, TUI_KC_FORM, NULL, "Enter", "new line in a text body; else next field",
	  { '\r', '\n', F(KEY_ENTER) } },
	{ TUI_ACT_FIELD_EDITOR, TUI_KC_FORM, NULL, "C-o", "edit a text body in $EDITOR", { TUI_CTRL('o') } },

	{ TUI_ACT_YES, TUI_KC_DIALOG, "Questions", "y", "yes", { 'y', 'Y' } },
	{ TUI_ACT_NO, TUI_KC_DIALOG, NULL, "n / Esc", "no", { 'n', 'N', TUI_ESC } },
};

#define NBINDINGS (sizeof bindings / sizeof bindings[0])

enum tui_action
tui_keys_action(int code, unsigned contexts)
{
	for (size_t i = 0; i < NBINDINGS; i++) {
		if ((bindings[i].ctx & contexts) == 0)
			continue;
		for (size_t k = 0; k < 4 && bindings[i].codes[k] != 0; k++)
			if (bindings[i].codes[k] == code)
				return bindings[i].act;
	}
	return TUI_ACT_NONE;
}

bool
tui_keys_writes(enum tui_action act)
{
	switch (act) {
	case TUI_ACT_ADD:
	case TUI_ACT_EDIT:
	case TUI_ACT_DELETE:
	case TUI_ACT_SET_STATUS:
	case TUI_ACT_LOG:
	case TUI_ACT_EDITOR:
	case TUI_ACT_PROFILE_EDIT:
	case TUI_ACT_DEMO:
	case TUI_ACT_UNDO:
	case TUI_ACT_REPEAT:
		return true;
	default:
		return false;
	}
}

bool
tui_keys_is_text(int code)
{
	if ((code & TUI_FN) != 0 || code < 0x20 || code == 0x7f)
		return false;
	if ((code >= 0x80 && code < 0xa0) || (code >= 0xd800 && code <= 0xdfff))
		return false;
	return code <= 0x10ffff;
}

size_t
tui_keys_help(struct tui_help_line *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < NBINDINGS && n < max; i++) {
		if (bindings[i].section != NULL) {
			if (n > 0 && n < max)
				out[n++] = (struct tui_help_line){ NULL, NULL, NULL, TUI_ACT_NONE };
			if (n < max)
				out[n++] = (struct tui_help_line){ bindings[i].section, NULL, NULL, TUI_ACT_NONE };
		}
		if (bindings[i].keys != NULL && n < max)
			out[n++] = (struct tui_help_line){ NULL, bindings[i].keys, bindings[i].help, bindings[i].act };
	}
	return n;
}

bool
tui_keys_binding(size_t i, struct tui_key_binding *out)
{
	if (i >= NBINDINGS)
		return false;
	const struct binding *b = &bindings[i];
	*out = (struct tui_key_binding){ b->act, b->ctx, b->section, b->keys, b->help, { 0 }, 0 };
	for (size_t k = 0; k < 4 && b->codes[k] != 0; k++)
		out->codes[out->ncodes++] = b->codes[k];
	return true;
}
