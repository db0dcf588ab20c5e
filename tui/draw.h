/*
 * Drawing text: every string goes through utf8_fit, so stored text is inert
 * (no control characters or escape sequences reach the terminal) and cut by
 * columns, never by bytes. Without a UTF-8 locale, non-ASCII shows as '?'.
 */
#ifndef AILIFE_TUI_DRAW_H
#define AILIFE_TUI_DRAW_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>

#include "tui/theme.h"

void tui_draw_set_utf8(bool utf8);
bool tui_draw_utf8(void);
/* cols, cut to what is left of line y from x to the window's right edge (0 outside the window). */
int tui_draw_room(WINDOW *w, int y, int x, int cols);
/* Draws s at (y, x) in at most cols columns (never past the window's edge); returns the columns used. */
int tui_draw_text(WINDOW *w, int y, int x, int cols, const char *s, enum tui_role role);
int tui_draw_textf(WINDOW *w, int y, int x, int cols, enum tui_role role, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Right-aligned in the cols columns ending at x + cols. */
int tui_draw_right(WINDOW *w, int y, int x, int cols, const char *s, enum tui_role role);
/*
 * A screen's first line: its title on the left and, when they fit beside it,
 * key hints on the right (narrow windows keep the title; ? has the keys).
 */
void tui_draw_header(WINDOW *w, int width, const char *title, const char *hints);
/* Spaces in a role: a bar's background. */
void tui_draw_fill(WINDOW *w, int y, int x, int cols, enum tui_role role);
/* A horizontal line ('-' without UTF-8). */
void tui_draw_hline(WINDOW *w, int y, int x, int cols, enum tui_role role);
/* Columns s takes on screen. */
int tui_draw_width(const char *s);
/* Wraps s (kept newlines) into lines of at most cols columns; *n lines, each a new string. */
char **tui_draw_wrap(const char *s, int cols, size_t *n);
void tui_draw_wrap_free(char **lines, size_t n);

#endif
