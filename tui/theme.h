/*
 * Colours as roles (htop's colour schemes): screens ask for "the selected
 * line" or "an error", never for red. With NO_COLOR set, or on a terminal
 * without colours, every role is attributes only (bold, reverse, underline).
 */
#ifndef AILIFE_TUI_THEME_H
#define AILIFE_TUI_THEME_H

#include <stdbool.h>

enum tui_role {
	TUI_R_NORMAL = 0,
	TUI_R_TITLE,             /* screen headings */
	TUI_R_TAB,               /* tab bar */
	TUI_R_TAB_ACTIVE,
	TUI_R_SELECTED,          /* the list's current line */
	TUI_R_STATUS,            /* the status bar */
	TUI_R_ERROR,
	TUI_R_GOOD,              /* done, on target */
	TUI_R_WARN,              /* over target, due */
	TUI_R_DIM,               /* secondary text: dates, ids */
	TUI_R_HEADER,            /* column headings, day headings */
	TUI_R_BAR,               /* filled part of bars and charts */
	TUI_R_BAR_EMPTY,
	TUI_R_FIELD,             /* a form field */
	TUI_R_FIELD_ACTIVE,
	TUI_R_INVALID,           /* a form value that does not parse */
	TUI_R_EXPLAIN,           /* the explain pane */
	TUI_R_OVERDUE,           /* a goal past its due date, not completed (with a glyph: readable without colour) */
	TUI_R_COUNT
};

/* After initscr: colours when the terminal has them and NO_COLOR is unset or empty. */
void tui_theme_init(void);
bool tui_theme_colour(void);
/* The curses attributes (colour pair included) of a role. */
int tui_theme_attr(enum tui_role role);

#endif
