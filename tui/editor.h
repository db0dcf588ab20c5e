/* $EDITOR on a text, with the terminal handed over to it and taken back after. */
#ifndef AILIFE_TUI_EDITOR_H
#define AILIFE_TUI_EDITOR_H

#include <stddef.h>

#include "tui/app.h"

/* *out: the edited text (new string). Returns 0, or -1 with why (nothing changed). */
int tui_editor_edit(struct tui_app *a, const char *text, char **out, char *why, size_t why_size);

#endif
