/*
 * The shell the terminal interface's loop runs: the seven main screens in tab
 * order and the session around them (views/session.c). cli/ hands it to
 * tui_app_run with the opened table and a struct view_start.
 */
#ifndef AILIFE_VIEWS_SHELL_H
#define AILIFE_VIEWS_SHELL_H

#include "tui/app.h"

/* What the interface starts with: tui_app_run's arg for view_shell. */
struct view_start {
	const char *user;        /* the configured user; NULL: the only one, else the picker or the welcome */
};

extern const struct tui_shell view_shell;

#endif
