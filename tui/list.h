/*
 * A list with a selection: moves (j/k, arrows, PgUp/PgDn, g/G), scrolling,
 * and a '/' filter that keeps the rows whose text holds what was typed.
 * The rows are the view's; the list only knows their count and, for the
 * filter, their text.
 */
#ifndef AILIFE_TUI_LIST_H
#define AILIFE_TUI_LIST_H

#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "tui/keys.h"

/* The text of row i for the filter (the view's own storage). */
typedef const char *(*tui_list_text_fn)(void *ctx, size_t i);
/* A stable name of row i (a record's id), or NULL for a row that is no record (a heading). */
typedef const char *(*tui_list_key_fn)(void *ctx, size_t i);
/* Draws row i at line y, w columns; selected: it is the current row. */
typedef void (*tui_list_draw_fn)(void *ctx, WINDOW *win, int y, int w, size_t i, bool selected);

struct tui_list {
	size_t count;            /* rows of the view */
	size_t *map;             /* shown rows (indexes into the view's), after the filter */
	size_t shown;
	size_t sel;              /* index into map */
	size_t top;              /* first shown row on screen */
	int page;                /* lines of the last draw */
	int draw_y;              /* the line of the window the last draw started at (for a click) */
	char filter[256];        /* UTF-8 */
	bool filtering;          /* typing the filter */
	tui_list_text_fn text;
	void *ctx;
	tui_list_key_fn key;     /* NULL: the selection stays by index */
	char *keep[3];           /* remembered: the selected row's key, the next one's, the one before */
	bool remembered;
};

void tui_list_init(struct tui_list *l, tui_list_text_fn text, void *ctx);
void tui_list_done(struct tui_list *l);
/* Names rows by key from now on, so that the selection can follow a record across reloads. */
void tui_list_set_keys(struct tui_list *l, tui_list_key_fn key);
/*
 * Before the rows are replaced by a reload: remembers the selected record
 * and its neighbours, so that the next tui_list_set selects the same record
 * again, or after a delete the next one (else the one before).
 */
void tui_list_remember(struct tui_list *l);
/* Forgets what was remembered: the next tui_list_set starts at the top (another period, another filter). */
void tui_list_reset(struct tui_list *l);
/*
 * New rows: keeps the filter; the selection goes to the row named prefer
 * (a record just saved; may be NULL), else the remembered record or its
 * neighbour, else the same index where it can. True when prefer was found.
 */
bool tui_list_set_prefer(struct tui_list *l, size_t count, const char *prefer);
void tui_list_set(struct tui_list *l, size_t count);
/* The view's index of the selected row, or (size_t)-1 when nothing is shown. */
size_t tui_list_selected(const struct tui_list *l);
void tui_list_select(struct tui_list *l, size_t view_index);
/* Moves and filter typing; true when the key was taken. */
bool tui_list_key(struct tui_list *l, const struct tui_key *k);
/* Draws the rows in h lines from y; the filter line takes the last line while set. */
void tui_list_draw(struct tui_list *l, WINDOW *win, int y, int h, int w, tui_list_draw_fn draw);
/*
 * Where needle is in hay, case folded as the filter folds it: the code point
 * it starts at, or -1 (an empty needle is at 0). For completion and type-ahead.
 */
long tui_list_find(const char *hay, const char *needle);
/* True when the selection is on the last shown row (a view may load the next page). */
bool tui_list_at_end(const struct tui_list *l);

#endif
