/*
 * What the form screen (tui/form.c) shares with its field editing
 * (tui/form_edit.c): a field as an array of code points, its layout when it
 * takes several lines, and the keys that edit it. Nothing outside
 * tui/form*.c includes this.
 */
#ifndef AILIFE_TUI_FORM_INT_H
#define AILIFE_TUI_FORM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui/form.h"

struct field {
	const struct tui_field_spec *spec;
	uint32_t *cp;
	size_t len, cap, cur;
	size_t hscroll;          /* first code point shown (one-line fields) */
	size_t vscroll;          /* first layout line shown (long fields) */
	char *utf8;              /* the value as UTF-8, rebuilt after edits */
	char **choices;
	size_t nchoices, choice;
	char typed[64];          /* a choice: letters typed to find one (type-ahead), UTF-8 */
	int draw_y, draw_h;      /* where the last draw put it (a click focuses it); draw_h 0: not shown */
	bool invalid;
};

/* A line of a long field's layout: code points [start, end). */
struct span {
	size_t start, end;
};

/* The value as UTF-8 again (after an edit); set from UTF-8 (a one-line field holds no line break). */
void tui_field_utf8(struct field *f);
void tui_field_set(struct field *f, const char *s);
void tui_field_insert(struct field *f, uint32_t c);
void tui_field_erase(struct field *f, size_t from, size_t to);
/* Columns a code point takes in a field (a tab 1, a control character its escape's 2). */
int tui_field_cpw(uint32_t c);
/* Start and end of the logical line (between newlines) around the cursor. */
size_t tui_field_line_start(const struct field *f);
size_t tui_field_line_end(const struct field *f);
/* The lines of a long field width columns wide (*n of them, a new array), and the cursor's. */
struct span *tui_field_layout(const struct field *f, int width, size_t *n);
size_t tui_field_cursor_line(const struct span *s, size_t n, size_t cur);
/* Up (d < 0) or Down in a long field, to the same column; false at its first or last line. */
bool tui_field_long_move(struct field *f, int d, int width);
/* An editing key on a text field; true when taken (*modified set when the text changed). */
bool tui_field_edit_key(struct field *f, const struct tui_key *k, bool *modified);
/* A letter (or Backspace) typed on a choice: the choice it finds; a says when none does. */
bool tui_field_choice_type(struct tui_app *a, struct field *f, const struct tui_key *k, bool *modified);

#endif
