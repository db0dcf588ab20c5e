/* The theme table: each role has a colour form and an attributes-only form. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdlib.h>

#include "tui/theme.h"

struct role_def {
	short fg, bg;            /* -1: the terminal's default */
	int colour_attr;         /* added to the colour pair */
	int mono_attr;           /* the whole look without colour */
};

static const struct role_def roles[TUI_R_COUNT] = {
	[TUI_R_NORMAL] = { -1, -1, 0, 0 },
	[TUI_R_TITLE] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[TUI_R_TAB] = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[TUI_R_TAB_ACTIVE] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD | A_UNDERLINE },
	[TUI_R_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[TUI_R_STATUS] = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[TUI_R_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[TUI_R_GOOD] = { COLOR_GREEN, -1, 0, A_BOLD },
	[TUI_R_WARN] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TUI_R_DIM] = { COLOR_BLUE, -1, A_BOLD, A_DIM },
	[TUI_R_HEADER] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TUI_R_BAR] = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
	[TUI_R_BAR_EMPTY] = { COLOR_BLUE, -1, 0, A_DIM },
	[TUI_R_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[TUI_R_FIELD_ACTIVE] = { COLOR_BLACK, COLOR_WHITE, 0, A_REVERSE },
	[TUI_R_INVALID] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE },
	[TUI_R_EXPLAIN] = { COLOR_MAGENTA, -1, 0, A_DIM },
	[TUI_R_OVERDUE] = { COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
};

static bool colour;

void
tui_theme_init(void)
{
	const char *no = getenv("NO_COLOR");
	colour = false;
	if ((no != NULL && no[0] != '\0') || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	if (COLORS < 8 || COLOR_PAIRS < TUI_R_COUNT + 1)
		return;
	colour = true;
	for (int r = 1; r < TUI_R_COUNT; r++)
		init_pair((short)r, roles[r].fg, roles[r].bg);
}

bool
tui_theme_colour(void)
{
	return colour;
}

int
tui_theme_attr(enum tui_role role)
{
	if ((int)role < 0 || role >= TUI_R_COUNT)
		return 0;
	if (!colour)
		return roles[role].mono_attr;
	if (role == TUI_R_NORMAL)
		return 0;
	return (int)COLOR_PAIR(role) | roles[role].colour_attr;
}
