/*
 * Drafts: a form's unsaved text written when the link drops (SIGHUP) or the
 * process is told to stop (SIGTERM), and offered on the next start. One file,
 * $XDG_STATE_HOME/ailife/draft.json (else ~/.local/state/ailife/), written
 * atomically (temp file, fsync, rename), readable by its owner only.
 */
#ifndef AILIFE_TUI_DRAFT_H
#define AILIFE_TUI_DRAFT_H

#include <jansson.h>
#include <stddef.h>

/* The draft file's path (new string), or NULL when neither XDG_STATE_HOME nor HOME is set. */
char *tui_draft_path(void);
/* Writes d; returns 0 or -1 with why. */
int tui_draft_save(const char *path, json_t *d, char *why, size_t why_size);
/* The draft (new reference) or NULL when there is none or it does not read. */
json_t *tui_draft_load(const char *path);
void tui_draft_remove(const char *path);

#endif
