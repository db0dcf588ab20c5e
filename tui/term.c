/* Curses state, signal handlers, the crash handler and the shutdown. */
#define NCURSES_WIDECHAR 1
#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <unistd.h>

#include "tui/term.h"
#include "tui/theme.h"

static volatile sig_atomic_t g_signal;
static volatile sig_atomic_t g_curses_on;
static volatile sig_atomic_t g_notify_fd = -1;
static struct termios g_tio;
static bool g_have_tio;
static bool g_installed;
static struct sigaction g_winch_next;   /* ncurses' SIGWINCH handler: it makes the KEY_RESIZE */
static bool g_winch_installed;

static void
on_signal(int sig)
{
	int saved = errno;
	g_signal = sig;
	if (g_notify_fd >= 0) {
		ssize_t r = write(g_notify_fd, "s", 1);
		(void)r;
	}
	errno = saved;
}

/*
 * A resize: ncurses' handler notes it for the next wget_wch (KEY_RESIZE), and a
 * byte on the notify pipe wakes the loop's poll() to read it. Without the byte,
 * a resize that comes while the loop is not in poll() (drawing, say) would wait
 * for the next key, the window left as it was.
 */
static void
on_winch(int sig, siginfo_t *info, void *uctx)
{
	int saved = errno;
	if ((g_winch_next.sa_flags & SA_SIGINFO) != 0)
		g_winch_next.sa_sigaction(sig, info, uctx);
	else if (g_winch_next.sa_handler != SIG_DFL && g_winch_next.sa_handler != SIG_IGN)
		g_winch_next.sa_handler(sig);
	if (g_notify_fd >= 0) {
		ssize_t r = write(g_notify_fd, "w", 1);
		(void)r;
	}
	errno = saved;
}

/* After initscr: ours in front of ncurses' SIGWINCH handler (once). */
static void
winch_install(void)
{
	struct sigaction sa;
	if (g_winch_installed || sigaction(SIGWINCH, NULL, &g_winch_next) != 0)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_winch;
	sa.sa_mask = g_winch_next.sa_mask;
	sa.sa_flags = SA_SIGINFO | (g_winch_next.sa_flags & SA_RESTART);
	if (sigaction(SIGWINCH, &sa, NULL) == 0)
		g_winch_installed = true;
}

/* A crash: put the terminal back with async-signal-safe calls only, then die of the same signal. */
static void
on_crash(int sig)
{
	static const char restore[] = "\033[0m\033[?25h\033[?1000l\033[?1002l\033[?1006l\033[?1049l\r\n";
	static const char msg[] = "ailife: crashed; the terminal was restored\n";
	if (g_curses_on) {
		if (g_have_tio)
			tcsetattr(STDIN_FILENO, TCSANOW, &g_tio);
		ssize_t r = write(STDOUT_FILENO, restore, sizeof restore - 1);
		(void)r;
	}
	ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)r;
	signal(sig, SIG_DFL);
	raise(sig);
}

void
tui_term_signals(int notify_fd)
{
	struct sigaction sa;
	g_notify_fd = notify_fd;
	if (g_installed)
		return;
	g_installed = true;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	/* Ours, not ncurses': a stop goes through the loop, which leaves curses first. */
	sigaction(SIGTSTP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	atexit(tui_term_shutdown);
}

int
tui_term_signal(void)
{
	int sig = g_signal;
	g_signal = 0;
	return sig;
}

void
tui_term_start(void)
{
	if (!g_have_tio && tcgetattr(STDIN_FILENO, &g_tio) == 0)
		g_have_tio = true;
	set_escdelay(25);
	initscr();
	g_curses_on = 1;
	winch_install();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	if (tui_term_mouse()) {
		/* Presses, not clicks: ncurses reports them at once (a click waits for the release). */
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	tui_theme_init();
}

bool
tui_term_mouse(void)
{
	const char *m = getenv("AILIFE_MOUSE");
	if (m == NULL || m[0] == '\0')
		return true;
	return !(strcmp(m, "0") == 0 || strcasecmp(m, "off") == 0 || strcasecmp(m, "false") == 0 ||
	    strcasecmp(m, "no") == 0);
}

bool
tui_term_on(void)
{
	return g_curses_on != 0;
}

void
tui_term_shutdown(void)
{
	if (!g_curses_on)
		return;
	g_curses_on = 0;
	curs_set(1);
	endwin();
}

void
tui_term_leave(void)
{
	if (!g_curses_on)
		return;
	def_prog_mode();
	endwin();
	g_curses_on = 0;
}

bool
tui_term_return(void)
{
	if (g_curses_on)
		return false;
	reset_prog_mode();
	g_curses_on = 1;
	clearok(curscr, TRUE);
	refresh();
	return true;
}

void
tui_term_stop(void)
{
	struct sigaction sa, old;
	tui_term_leave();
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTSTP, &sa, &old);
	raise(SIGTSTP);
	/* Here again after SIGCONT. */
	sigaction(SIGTSTP, &old, NULL);
	tui_term_return();
}
