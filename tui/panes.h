/*
 * Panes over the body: the help, generated from the key table, and the
 * explain pane, which names the access pattern, index and key condition of
 * the requests behind the current screen: a teaching aid for single-table design.
 */
#ifndef AILIFE_TUI_PANES_H
#define AILIFE_TUI_PANES_H

#include "tui/app.h"

/* The help in h lines by wd columns; *top: its scroll line (kept in range). */
void tui_panes_help(WINDOW *w, int h, int wd, int *top, bool read_only);
/* Lines the explain pane of v takes, and drawing it from line y. */
int tui_panes_explain_lines(const struct tui_view *v, int wd);
void tui_panes_explain(const struct tui_view *v, WINDOW *w, int y, int wd);

#endif
