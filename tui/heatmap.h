/*
 * A calendar heatmap (issue 16): one cell per day in a grid of weeks (rows,
 * Monday first) by weekdays (columns), shaded by amount in five levels that
 * differ by glyph as well as by colour, so that it reads with NO_COLOR or on
 * a terminal without colours: nothing, then four quarters of the largest.
 */
#ifndef AILIFE_TUI_HEATMAP_H
#define AILIFE_TUI_HEATMAP_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stddef.h>

#include "datastore/dates.h"

#define TUI_HEATMAP_LEVELS 5

/* The level (0 nothing, 1-4 by quarters of max) of a value. */
int tui_heatmap_level(long long value, long long max);
/* The glyph of a level: UTF-8 "·░▒▓█", or ASCII ".:+*#". */
const char *tui_heatmap_glyph(int level, bool utf8);
/*
 * Draws the days first .. first + n - 1 (values[i] for day i) from (y, x):
 * a line of weekday initials, then one line per ISO week, each cell two
 * columns wide (the glyph and a space), at most h lines. Returns the lines used.
 */
int tui_heatmap_draw(WINDOW *w, int y, int x, int h, struct day first, const long long *values, size_t n);
/* The lines tui_heatmap_draw needs for n days from first. */
int tui_heatmap_lines(struct day first, size_t n);

#endif
