/*
 * Tests of tui/chart: progress bars in eighths of a cell (UTF-8) and whole
 * cells (ASCII), over-target bars in the warn role, sparklines scaled to the
 * largest value, and horizontal bar charts with a target mark. Drawn into a
 * curses window on /dev/null and read back as text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "tui/chart.h"
#include "tui/draw.h"
#include "tui/theme.h"

#define FULL "\xe2\x96\x88"      /* █ */
#define SHADE "\xe2\x96\x91"     /* ░ */

static SCREEN *scr;
static FILE *scr_out, *scr_in;
static WINDOW *win;

static int
term_up(void **state)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return -1;
	unsetenv("NO_COLOR");
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (scr_out == NULL || scr_in == NULL)
		return -1;
	scr = newterm("xterm-256color", scr_out, scr_in);
	if (scr == NULL)
		return -1;
	tui_theme_init();
	win = newwin(6, 60, 0, 0);
	return win != NULL && tui_theme_colour() ? 0 : -1;
}

static int
term_down(void **state)
{
	delwin(win);
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	return 0;
}

/* Line y of the window as UTF-8, trailing blanks cut. */
static void
line(int y, char *out, size_t size)
{
	wchar_t wbuf[128];
	assert_int_not_equal(mvwinnwstr(win, y, 0, wbuf, 127), ERR);
	size_t n = wcstombs(out, wbuf, size - 1);
	assert_true(n != (size_t)-1);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

/* The colour pair of the cell at (y, x). */
static int
pair_at(int y, int x)
{
	cchar_t c;
	wchar_t wch[CCHARW_MAX + 1];
	attr_t attrs;
	short pair;
	assert_int_not_equal(mvwin_wch(win, y, x, &c), ERR);
	assert_int_not_equal(getcchar(&c, wch, &attrs, &pair, NULL), ERR);
	return pair;
}

/* Pieces: pairs of (string, times), NULL-terminated, joined into out. */
static void
vbuild(char *out, size_t size, va_list ap)
{
	const char *piece;
	out[0] = '\0';
	while ((piece = va_arg(ap, const char *)) != NULL) {
		int times = va_arg(ap, int);
		for (int i = 0; i < times; i++) {
			size_t n = strlen(out);
			assert_true(n + strlen(piece) < size);
			memcpy(out + n, piece, strlen(piece) + 1);
		}
	}
}

static void
build(char *out, size_t size, ...)
{
	va_list ap;
	va_start(ap, size);
	vbuild(out, size, ap);
	va_end(ap);
}

/* Line y reads as the pieces (trailing blanks not counted). */
static void
want_line(int y, ...)
{
	char want[512], got[512];
	va_list ap;
	va_start(ap, y);
	vbuild(want, sizeof want, ap);
	va_end(ap);
	size_t n = strlen(want);
	while (n > 0 && want[n - 1] == ' ')
		want[--n] = '\0';
	line(y, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("line %d: \"%s\", expected \"%s\"", y, got, want);
}

/* ---- bars ---- */

static const struct bar_case {
	bool utf8;
	int width;
	long long value, max;
	const char *want;        /* NULL: built from full/partial/empty below */
	int full;                /* whole cells */
	const char *part;        /* the partial cell, "" if none */
	bool over;
} bars[] = {
	{ true, 8, 0, 100, NULL, 0, "", false },
	{ true, 8, 50, 100, NULL, 4, "", false },
	{ true, 8, 100, 100, NULL, 8, "", false },
	{ true, 8, 999, 1000, NULL, 8, "", false },          /* 63.9 eighths round to 64 */
	{ true, 8, 3, 16, NULL, 1, "\xe2\x96\x8c", false },    /* 12 eighths: one cell and a half ▌ */
	{ true, 8, 1, 64, NULL, 0, "\xe2\x96\x8f", false },    /* one eighth ▏ */
	{ true, 8, 7, 64, NULL, 0, "\xe2\x96\x89", false },    /* seven eighths ▉ */
	{ true, 1, 1, 2, NULL, 0, "\xe2\x96\x8c", false },
	{ true, 8, 150, 100, NULL, 8, "", true },            /* over: full, in the warn role */
	{ true, 8, -5, 100, NULL, 0, "", false },            /* below zero: empty */
	{ true, 8, 5, 0, NULL, 8, "", false },               /* no target: any amount fills it, no warning */
	{ true, 8, 0, 0, NULL, 0, "", false },
	{ true, 8, LLONG_MAX, LLONG_MAX, NULL, 8, "", false },
	{ true, 8, LLONG_MAX / 2, LLONG_MAX, NULL, 4, "", false },
	{ true, 30, 1, 3, NULL, 10, "", false },
	{ false, 8, 50, 100, "####....", 0, NULL, false },
	{ false, 8, 3, 16, "#+......", 0, NULL, false },
	{ false, 8, 1, 64, "-.......", 0, NULL, false },
	{ false, 8, 3, 64, "-.......", 0, NULL, false },
	{ false, 8, 4, 64, "+.......", 0, NULL, false },
	{ false, 8, 200, 100, "########", 0, NULL, true },
	{ false, 8, 0, 100, "........", 0, NULL, false },
	{ false, 3, 2, 3, "##.", 0, NULL, false },
};

static void
test_bars(void **state)
{
	char got[512];
	for (size_t i = 0; i < sizeof bars / sizeof bars[0]; i++) {
		const struct bar_case *c = &bars[i];
		tui_draw_set_utf8(c->utf8);
		werase(win);
		tui_chart_bar(win, 1, 2, c->width, c->value, c->max);
		line(1, got, sizeof got);
		char want[512];
		if (c->want == NULL) {
			int used = c->full + (c->part[0] != '\0');
			build(want, sizeof want, "  ", 1, FULL, c->full, c->part, 1, SHADE, c->width - used, NULL);
		} else {
			build(want, sizeof want, "  ", 1, c->want, 1, NULL);
		}
		if (strcmp(got, want) != 0)
			fail_msg("bar %zu (%lld/%lld in %d): \"%s\", expected \"%s\"", i, c->value, c->max, c->width,
			    got, want);
		/* Filled cells in the bar (or warn) role, the rest in the empty role. */
		int filled = c->want == NULL ? c->full + (c->part[0] != '\0') : (int)strcspn(c->want, ".");
		for (int x = 0; x < c->width; x++) {
			int want_pair = x < filled ? (c->over ? TUI_R_WARN : TUI_R_BAR) : TUI_R_BAR_EMPTY;
			if (pair_at(1, 2 + x) != want_pair)
				fail_msg("bar %zu: cell %d in pair %d, expected %d", i, x, pair_at(1, 2 + x), want_pair);
		}
		/* Nothing drawn before or after the bar. */
		assert_int_equal(pair_at(1, 1), 0);
		assert_int_equal(pair_at(1, 2 + c->width), 0);
	}
	/* No width, no bar. */
	werase(win);
	tui_chart_bar(win, 1, 2, 0, 5, 10);
	tui_chart_bar(win, 1, 2, -3, 5, 10);
	line(1, got, sizeof got);
	assert_string_equal(got, "");
}

/* ---- sparklines ---- */

static const struct spark_case {
	bool utf8;
	long long values[10];
	size_t n;
	const char *want;
} sparks[] = {
	/* ceil(v * 7 / max): the smallest positive value shows, zero does not. */
	{ true, { 0, 1, 2, 3, 4, 5, 6, 7 }, 8,
	  " \xe2\x96\x82\xe2\x96\x83\xe2\x96\x84\xe2\x96\x85\xe2\x96\x86\xe2\x96\x87\xe2\x96\x88" },
	{ true, { 1, 100 }, 2, "\xe2\x96\x82\xe2\x96\x88" },
	{ true, { 5, 5, 5 }, 3, FULL FULL FULL },
	{ true, { 0, 0, 0 }, 3, "" },
	{ true, { -3, 7, -1 }, 3, " " FULL },
	{ true, { LLONG_MAX / 8, LLONG_MAX / 8 }, 2, FULL FULL },
	{ true, { 3 }, 0, "" },
	{ false, { 0, 1, 2, 3, 4, 5, 6, 7 }, 8, " .,:-=+#" },
	{ false, { 1, 100 }, 2, ".#" },
	{ false, { 50, 0, 100 }, 3, "- #" },
};

static void
test_sparks(void **state)
{
	char got[512], want[512];
	for (size_t i = 0; i < sizeof sparks / sizeof sparks[0]; i++) {
		tui_draw_set_utf8(sparks[i].utf8);
		werase(win);
		tui_chart_spark(win, 2, 1, sparks[i].values, sparks[i].n);
		line(2, got, sizeof got);
		snprintf(want, sizeof want, " %s", sparks[i].want);
		size_t n = strlen(want);
		while (n > 0 && want[n - 1] == ' ')
			want[--n] = '\0';
		if (strcmp(got, want) != 0)
			fail_msg("spark %zu: \"%s\", expected \"%s\"", i, got, want);
		for (size_t k = 0; k < sparks[i].n; k++)
			assert_int_equal(pair_at(2, 1 + (int)k), TUI_R_BAR);
	}
}

/* ---- horizontal bar charts ---- */

static void
test_hbars(void **state)
{
	const char *labels[] = { "run", "swim", "ride" };
	const long long values[] = { 10, 5, 0 };
	const char *texts[] = { "10 km", "5 km", "-" };
	char got[512];
	tui_draw_set_utf8(true);

	/* Labels 4 wide, texts 5 wide, bars 30 - 4 - 5 - 2 = 19 cells, scaled to the largest. */
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 30, labels, values, texts, 3, 0);
	want_line(0, "run  ", 1, FULL, 19, " 10 km", 1, NULL);
	want_line(1, "swim ", 1, FULL, 10, " ", 10, "5 km", 1, NULL);
	want_line(2, "ride ", 1, " ", 20, "-", 1, NULL);
	assert_int_equal(pair_at(0, 5), TUI_R_BAR);

	/* A target of 8: over it warns; the mark shows where the bar does not reach it. */
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 30, labels, values, texts, 3, 8);
	want_line(0, "run  ", 1, FULL, 19, " 10 km", 1, NULL);
	assert_int_equal(pair_at(0, 5), TUI_R_WARN);
	/* The mark at round(8 / 10 * 19) = 15. */
	want_line(1, "swim ", 1, FULL, 10, "     |    ", 1, "5 km", 1, NULL);
	assert_int_equal(pair_at(1, 5), TUI_R_BAR);
	want_line(2, "ride ", 1, " ", 15, "|    ", 1, "-", 1, NULL);

	/* A target above every value: the scale is the target's. */
	const long long small[] = { 4, 2, 0 };
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 30, labels, small, texts, 3, 8);
	/* 4 / 8 * 19 = 9.5: 10 cells; the mark at 19 is moved onto the last cell (18). */
	want_line(0, "run  ", 1, FULL, 10, " ", 8, "| 10 km", 1, NULL);

	/* Fewer lines than bars: only those lines. */
	werase(win);
	tui_chart_hbars(win, 1, 0, 2, 30, labels, values, texts, 3, 0);
	line(0, got, sizeof got);
	assert_string_equal(got, "");
	line(3, got, sizeof got);
	assert_string_equal(got, "");
	line(2, got, sizeof got);
	assert_true(strncmp(got, "swim", 4) == 0);

	/* Too narrow for bars: labels and texts only. */
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 10, labels, values, texts, 3, 0);
	line(0, got, sizeof got);
	assert_string_equal(got, "run  10 km");

	/* ASCII. */
	tui_draw_set_utf8(false);
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 30, labels, values, texts, 3, 8);
	line(1, got, sizeof got);
	assert_string_equal(got, "swim ##########     |    5 km");

	/* Wide labels take their columns. */
	tui_draw_set_utf8(true);
	const char *wide[] = { "跑步", "x" };
	const char *wtexts[] = { "1", "2" };
	const long long wv[] = { 1, 2 };
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 12, wide, wv, wtexts, 2, 0);
	/* Labels 4 wide, texts 1: bars 12 - 4 - 1 - 2 = 5 cells. */
	want_line(1, "x    ", 1, FULL, 5, " 2", 1, NULL);
	/* Nothing at all. */
	werase(win);
	tui_chart_hbars(win, 0, 0, 6, 30, labels, values, texts, 0, 0);
	line(0, got, sizeof got);
	assert_string_equal(got, "");
}

/*
 * Issue 13: at 40x12 the workouts chart cut "100000 min" without an ellipsis and the
 * rest wrapped to the next line. Asked for more columns than the window has, nothing is
 * drawn past its right edge (no wrap onto the next line) and a cut value ends in "…".
 */
static void
test_hbars_within_window(void **state)
{
	const char *labels[] = { "week of 11-23" };
	const char *texts[] = { "100000 min" };
	const long long values[] = { 100000 };
	char got[256];
	werase(win);
	/* From column 50 of a 60-column window, 40 columns asked for: the value keeps its room first. */
	tui_chart_hbars(win, 0, 50, 1, 40, labels, values, texts, 1, 0);
	line(1, got, sizeof got);
	assert_string_equal(got, "");
	line(0, got, sizeof got);
	assert_string_equal(got + 50, "100000 min");
	/* From column 53: seven columns, the value cut with an ellipsis. */
	werase(win);
	tui_chart_hbars(win, 0, 53, 1, 40, labels, values, texts, 1, 0);
	line(1, got, sizeof got);
	assert_string_equal(got, "");
	line(0, got, sizeof got);
	assert_string_equal(got + 53, "100000\xe2\x80\xa6");
	/* A bar and a spark asked for past the edge stop at it too. */
	werase(win);
	tui_chart_bar(win, 0, 55, 20, 5, 10);
	long long sp[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
	tui_chart_spark(win, 2, 55, sp, 10);
	line(1, got, sizeof got);
	assert_string_equal(got, "");
	line(3, got, sizeof got);
	assert_string_equal(got, "");
	/* Text too: tui_draw_text never writes past the edge. */
	werase(win);
	tui_draw_text(win, 4, 50, 30, "0123456789abcdefghij", TUI_R_NORMAL);
	line(5, got, sizeof got);
	assert_string_equal(got, "");
	line(4, got, sizeof got);
	assert_string_equal(got + 50, "012345678\xe2\x80\xa6");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_sparks),
		cmocka_unit_test(test_hbars),
		cmocka_unit_test(test_hbars_within_window),
	};
	return cmocka_run_group_tests(tests, term_up, term_down);
}
