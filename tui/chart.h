/* Progress bars, sparklines and bar charts, with an ASCII form without UTF-8. */
#ifndef AILIFE_TUI_CHART_H
#define AILIFE_TUI_CHART_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stddef.h>

#include "tui/theme.h"

/* A bar of width columns filled value/max (clamped); over max shows in the warn role. */
void tui_chart_bar(WINDOW *w, int y, int x, int width, long long value, long long max);
/* One character per value, scaled to the largest. */
void tui_chart_spark(WINDOW *w, int y, int x, const long long *values, size_t n);
/* The same on a fixed scale: max is a full cell (a mood of 5); 0 or less is a blank (no value). */
void tui_chart_spark_max(WINDOW *w, int y, int x, const long long *values, size_t n, long long max);
/*
 * Horizontal bars, one line each: label, bar, value text. mark > 0 draws a
 * target mark at that value. Uses at most h lines, w columns.
 */
void tui_chart_hbars(WINDOW *w, int y, int x, int h, int width, const char *const *labels,
    const long long *values, const char *const *texts, size_t n, long long mark);

#endif
