/* Questions: a yes/no box drawn over the screen it is about. */
#ifndef AILIFE_TUI_DIALOG_H
#define AILIFE_TUI_DIALOG_H

#include "tui/app.h"

extern const struct tui_screen tui_dialog_screen;

/* Asks a yes/no question about v; answer is called on v (if still open) with the answer and tag. */
void tui_dialog_confirm(struct tui_view *v, const char *question,
    void (*answer)(struct tui_view *v, bool yes, int tag), int tag);

#endif
