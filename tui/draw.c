/* Text on the screen, inert and measured in columns. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static bool use_utf8 = true;

void
tui_draw_set_utf8(bool utf8)
{
	use_utf8 = utf8;
}

bool
tui_draw_utf8(void)
{
	return use_utf8;
}

/* Without UTF-8 every non-ASCII character becomes one '?' per column it took. */
static char *
ascii_only(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *out = xmalloc(n * 2 + 1);
	while (i < n) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0) {
			out[o++] = '?';
			i++;
			continue;
		}
		if (cp < 0x80) {
			out[o++] = (char)cp;
		} else {
			int cw = utf8_cp_width(cp);
			for (int k = 0; k < cw; k++)
				out[o++] = '?';
		}
		i += l;
	}
	out[o] = '\0';
	return out;
}

/* Columns left from x to the window's right edge: nothing is ever drawn past it (it would wrap). */
int
tui_draw_room(WINDOW *w, int y, int x, int cols)
{
	int maxy, maxx;
	getmaxyx(w, maxy, maxx);
	if (y < 0 || y >= maxy || x < 0 || x >= maxx)
		return 0;
	return cols < maxx - x ? cols : maxx - x;
}

int
tui_draw_text(WINDOW *w, int y, int x, int cols, const char *s, enum tui_role role)
{
	cols = tui_draw_room(w, y, x, cols);
	if (cols <= 0 || s == NULL)
		return 0;
	char *fit = utf8_fit(s, (size_t)cols);
	if (!use_utf8) {
		char *a = ascii_only(fit);
		free(fit);
		fit = a;
	}
	int used = (int)utf8_width(fit);
	int attr = tui_theme_attr(role);
	wattron(w, attr);
	mvwaddstr(w, y, x, fit);
	wattroff(w, attr);
	free(fit);
	return used;
}

int
tui_draw_textf(WINDOW *w, int y, int x, int cols, enum tui_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	int used = tui_draw_text(w, y, x, cols, s, role);
	free(s);
	return used;
}

int
tui_draw_width(const char *s)
{
	return s != NULL ? (int)utf8_width(s) : 0;
}

int
tui_draw_right(WINDOW *w, int y, int x, int cols, const char *s, enum tui_role role)
{
	int sw = tui_draw_width(s);
	if (sw > cols)
		sw = cols;
	return tui_draw_text(w, y, x + cols - sw, sw, s, role);
}

void
tui_draw_header(WINDOW *w, int width, const char *title, const char *hints)
{
	int used = 1 + tui_draw_text(w, 0, 1, width - 2, title, TUI_R_TITLE);
	int hw = tui_draw_width(hints);
	if (hints != NULL && used + 2 + hw <= width - 1)
		tui_draw_right(w, 0, 0, width - 1, hints, TUI_R_DIM);
}

void
tui_draw_fill(WINDOW *w, int y, int x, int cols, enum tui_role role)
{
	int attr = tui_theme_attr(role);
	cols = tui_draw_room(w, y, x, cols);
	wattron(w, attr);
	for (int i = 0; i < cols; i++)
		mvwaddch(w, y, x + i, ' ');
	wattroff(w, attr);
}

void
tui_draw_hline(WINDOW *w, int y, int x, int cols, enum tui_role role)
{
	int attr = tui_theme_attr(role);
	cols = tui_draw_room(w, y, x, cols);
	wattron(w, attr);
	for (int i = 0; i < cols; i++)
		mvwaddstr(w, y, x + i, use_utf8 ? "\xe2\x94\x80" : "-");
	wattroff(w, attr);
}

char **
tui_draw_wrap(const char *s, int cols, size_t *n)
{
	char **lines = NULL;
	size_t count = 0;
	char *inert = utf8_inert(s != NULL ? s : "", true);
	size_t len = strlen(inert), i = 0;
	if (cols < 1)
		cols = 1;
	while (i <= len) {
		size_t start = i, last_space = 0;
		int wcol = 0;
		bool has_space = false;
		while (i < len && inert[i] != '\n') {
			uint32_t cp;
			size_t l = utf8_decode(inert + i, len - i, &cp);
			if (l == 0)
				l = 1;
			int cw = l == 1 && cp < 0x80 ? 1 : utf8_cp_width(cp);
			if (wcol + cw > cols)
				break;
			if (cp == ' ') {
				last_space = i;
				has_space = true;
			}
			wcol += cw;
			i += l;
		}
		size_t end = i;
		if (i < len && inert[i] != '\n' && has_space && last_space > start) {
			end = last_space;
			i = last_space + 1;
		} else if (i < len && inert[i] == '\n') {
			i++;
		} else if (i >= len) {
			i = len + 1;
		}
		lines = xreallocarray(lines, count + 1, sizeof *lines);
		lines[count++] = xstrndup(inert + start, end - start);
	}
	free(inert);
	*n = count;
	return lines;
}

void
tui_draw_wrap_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
