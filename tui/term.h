/*
 * The terminal: curses on and off, signals and the crash handler. A signal
 * handler only records the signal and writes a byte to the loop's pipe; the
 * crash handler restores the terminal with async-signal-safe calls and dies
 * of the same signal. One idempotent shutdown runs on every way out (atexit
 * included).
 */
#ifndef AILIFE_TUI_TERM_H
#define AILIFE_TUI_TERM_H

#include <stdbool.h>

/* Installs the handlers (once); their bytes go to notify_fd (-1: nowhere). */
void tui_term_signals(int notify_fd);
/* The signal received since the last call (SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGTSTP), 0 if none. */
int tui_term_signal(void);
/* Curses on: UTF-8 aware, raw keys (so C-s, C-z, C-c reach the keymap), 25 ms ESC delay, theme. */
void tui_term_start(void);
bool tui_term_on(void);
/* Whether the mouse is on: unless AILIFE_MOUSE is 0, off, false or no. */
bool tui_term_mouse(void);
/* The one shutdown: restores the terminal; idempotent. */
void tui_term_shutdown(void);
/* Hands the terminal to a child ($EDITOR) and takes it back; return: true when curses came back on. */
void tui_term_leave(void);
bool tui_term_return(void);
/* Ctrl-Z: leaves curses, stops the process, comes back on SIGCONT. */
void tui_term_stop(void);

#endif
