/*
 * Tests of tui/list: selection moves, paging, keeping the selection across new
 * rows, the '/' filter (UTF-8 typing and backspace, Esc, Enter, C-u), and the
 * scrolling and filter line of a draw into a curses window on /dev/null.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "tui/draw.h"
#include "tui/list.h"
#include "util/utf8.h"

#define FN(k) (TUI_FN | (k))
#define NONE ((size_t)-1)

static const char *const fruit[] = {
	"apple", "Banana", "cherry", "date", "elderberry", "fig", "grape", "honeydew", "kiwi", "lemon",
	"mango", "nectarine", "orange", "papaya", "quince", "Crème brûlée", "中文 banana", "🍌 split",
};
#define NFRUIT (sizeof fruit / sizeof fruit[0])

static const char *
fruit_text(void *ctx, size_t i)
{
	return fruit[i];
}

/* Every other row has no text (a view without one for it). */
static const char *
sparse_text(void *ctx, size_t i)
{
	return i % 2 == 0 ? fruit[i] : NULL;
}

/* A key as the loop hands it to a list screen: the list's action, else the global one. */
static bool
press(struct tui_list *l, int code)
{
	struct tui_key k = { code, tui_keys_action(code, TUI_KC_LIST), 0, 0 };
	if (k.act == TUI_ACT_NONE && !l->filtering)
		k.act = tui_keys_action(code, TUI_KC_GLOBAL);
	return tui_list_key(l, &k);
}

static void
type(struct tui_list *l, const char *utf8)
{
	size_t n = strlen(utf8), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(utf8 + i, n - i, &cp);
		assert_true(len > 0);
		assert_true(press(l, (int)cp));
		i += len;
	}
}

/* ---- moves ---- */

static const struct move_case {
	int code;
	size_t want;             /* the selected view index after the key */
	bool taken;
} moves[] = {
	{ 'j', 1, true }, { FN(KEY_DOWN), 2, true }, { 'k', 1, true }, { FN(KEY_UP), 0, true },
	{ 'k', 0, true },                                   /* at the top: stays */
	{ FN(KEY_NPAGE), 4, true }, { ' ', 8, true }, { FN(KEY_NPAGE), 9, true },  /* clamped at the last */
	{ 'j', 9, true },
	{ FN(KEY_PPAGE), 5, true }, { FN(KEY_PPAGE), 1, true }, { FN(KEY_PPAGE), 0, true },
	{ 'G', 9, true }, { 'g', 0, true }, { FN(KEY_END), 9, true }, { FN(KEY_HOME), 0, true },
	{ '\r', 0, false }, { 'a', 0, false }, { 'd', 0, false }, { 'q', 0, false }, { TUI_ESC, 0, false },
	{ 'x', 0, false },
};

static void
test_moves(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	l.page = 4;
	tui_list_set(&l, 10);
	assert_int_equal(l.shown, 10);
	assert_int_equal(tui_list_selected(&l), 0);
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		bool taken = press(&l, moves[i].code);
		if (taken != moves[i].taken || tui_list_selected(&l) != moves[i].want)
			fail_msg("move %zu (key %#x): selected %zu taken %d, expected %zu taken %d", i,
			    moves[i].code, tui_list_selected(&l), taken, moves[i].want, moves[i].taken);
	}
	assert_false(tui_list_at_end(&l));
	press(&l, 'G');
	assert_true(tui_list_at_end(&l));
	tui_list_done(&l);
	assert_null(l.map);
	assert_int_equal(tui_list_selected(&l), NONE);
}

static void
test_empty(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	assert_int_equal(tui_list_selected(&l), NONE);
	assert_true(tui_list_at_end(&l));
	const int keys[] = { 'j', 'k', ' ', FN(KEY_PPAGE), 'G', 'g' };
	tui_list_set(&l, 0);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		assert_true(press(&l, keys[i]));
		assert_int_equal(tui_list_selected(&l), NONE);
		assert_int_equal(l.sel, 0);
	}
	assert_true(tui_list_at_end(&l));
	tui_list_set(&l, 1);
	assert_int_equal(tui_list_selected(&l), 0);
	assert_true(tui_list_at_end(&l));
	tui_list_done(&l);
	tui_list_done(&l);       /* twice: harmless */
}

/* New rows: the selection stays on the same index, or the nearest one left. */
static const struct set_case {
	size_t count;
	size_t select;           /* NONE: no selection move before the set */
	size_t want;
} sets[] = {
	{ 10, 7, 7 },            /* the same rows again */
	{ 12, NONE, 7 },         /* more rows */
	{ 5, NONE, 4 },          /* the selected row is gone: the last one */
	{ 5, 2, 2 },
	{ 0, NONE, NONE },
	{ 3, NONE, 0 },          /* nothing was selected: the first */
	{ 18, NONE, 0 },
	{ 18, 17, 17 },
	{ 1, NONE, 0 },
};

static void
test_set_keeps_selection(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	tui_list_set(&l, 10);
	for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		if (sets[i].select != NONE)
			tui_list_select(&l, sets[i].select);
		tui_list_set(&l, sets[i].count);
		assert_int_equal(l.count, sets[i].count);
		if (tui_list_selected(&l) != sets[i].want)
			fail_msg("set %zu: selected %zu, expected %zu", i, tui_list_selected(&l), sets[i].want);
		assert_true(l.top <= l.sel || l.shown == 0);
	}
	tui_list_done(&l);
}

static void
test_select(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	tui_list_set(&l, NFRUIT);
	tui_list_select(&l, 12);
	assert_int_equal(tui_list_selected(&l), 12);
	tui_list_select(&l, NFRUIT + 5);     /* not a row: unchanged */
	assert_int_equal(tui_list_selected(&l), 12);
	/* A row the filter hides cannot be selected. */
	press(&l, '/');
	type(&l, "berry");
	press(&l, '\r');
	assert_int_equal(l.shown, 1);
	assert_int_equal(tui_list_selected(&l), 4);
	tui_list_select(&l, 0);
	assert_int_equal(tui_list_selected(&l), 4);
	tui_list_done(&l);
}

/* ---- the filter ---- */

static const struct filter_case {
	const char *typed;
	size_t shown;
	size_t first;            /* the first shown row */
} filters[] = {
	{ "an", 4, 1 },          /* Banana, mango, orange, 中文 banana */
	{ "BAN", 2, 1 },         /* case-insensitive (ASCII) */
	{ "e", 11, 0 },
	{ "crème", 1, 15 },      /* UTF-8 bytes match as typed */
	{ "CRÈME", 1, 15 },      /* case folds beyond ASCII too (towlower) */
	{ "中", 1, 16 },
	{ "🍌", 1, 17 },
	{ "zz", 0, NONE },
	{ "", NFRUIT, 0 },
};

static void
test_filter_matches(void **state)
{
	for (size_t i = 0; i < sizeof filters / sizeof filters[0]; i++) {
		struct tui_list l;
		tui_list_init(&l, fruit_text, NULL);
		tui_list_set(&l, NFRUIT);
		assert_true(press(&l, '/'));
		assert_true(l.filtering);
		type(&l, filters[i].typed);
		assert_string_equal(l.filter, filters[i].typed);
		if (l.shown != filters[i].shown || tui_list_selected(&l) != filters[i].first)
			fail_msg("filter \"%s\": %zu shown from %zu, expected %zu from %zu", filters[i].typed,
			    l.shown, tui_list_selected(&l), filters[i].shown, filters[i].first);
		for (size_t k = 0; k < l.shown; k++) {
			assert_true(k == 0 || l.map[k - 1] < l.map[k]);
			/* Each shown row holds the text, case folded (towlower over wide characters). */
			wchar_t wt[64], wn[64];
			assert_true(mbstowcs(wt, fruit[l.map[k]], 64) != (size_t)-1);
			assert_true(mbstowcs(wn, filters[i].typed, 64) != (size_t)-1);
			for (size_t p = 0; wt[p] != 0; p++)
				wt[p] = (wchar_t)towlower((wint_t)wt[p]);
			for (size_t p = 0; wn[p] != 0; p++)
				wn[p] = (wchar_t)towlower((wint_t)wn[p]);
			assert_non_null(wcsstr(wt, wn));
		}
		tui_list_done(&l);
	}
}

static void
test_filter_editing(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	tui_list_set(&l, NFRUIT);
	press(&l, '/');
	/* While typing, list keys are text: j is a letter, not a move. */
	type(&l, "jé中🍌");
	assert_string_equal(l.filter, "jé中🍌");
	assert_int_equal(l.shown, 0);
	/* Backspace takes whole characters: 4, 3, 2 and 1 bytes. */
	const int backspaces[] = { 127, TUI_CTRL('h'), FN(KEY_BACKSPACE), 127 };
	const char *const after[] = { "jé中", "jé", "j", "" };
	for (size_t i = 0; i < 4; i++) {
		assert_true(press(&l, backspaces[i]));
		assert_string_equal(l.filter, after[i]);
		assert_true(utf8_valid(l.filter, strlen(l.filter)));
	}
	assert_true(press(&l, 127));         /* on empty: nothing */
	assert_string_equal(l.filter, "");
	assert_int_equal(l.shown, NFRUIT);
	/* C-u clears; other special keys are swallowed while typing. */
	type(&l, "gr");
	assert_int_equal(l.shown, 1);
	assert_true(press(&l, TUI_CTRL('u')));
	assert_string_equal(l.filter, "");
	type(&l, "an");
	assert_true(press(&l, FN(KEY_F(5))));
	assert_true(press(&l, TUI_CTRL('x')));
	assert_string_equal(l.filter, "an");
	assert_true(l.filtering);
	/* Up and Down move among the matches while typing. */
	size_t first = tui_list_selected(&l);
	assert_true(press(&l, FN(KEY_DOWN)));
	assert_int_equal(tui_list_selected(&l), l.map[1]);
	assert_true(press(&l, FN(KEY_UP)));
	assert_int_equal(tui_list_selected(&l), first);
	assert_true(l.filtering);
	/* Enter keeps the filter and ends typing; then j moves again. */
	assert_true(press(&l, '\r'));
	assert_false(l.filtering);
	assert_string_equal(l.filter, "an");
	assert_true(press(&l, 'j'));
	assert_int_equal(tui_list_selected(&l), l.map[1]);
	/* Esc (back) clears a kept filter, keeping the selected row; again: not taken. */
	size_t sel = tui_list_selected(&l);
	assert_true(press(&l, TUI_ESC));
	assert_string_equal(l.filter, "");
	assert_int_equal(l.shown, NFRUIT);
	assert_int_equal(tui_list_selected(&l), sel);
	assert_false(press(&l, TUI_ESC));
	/* Esc while typing clears and ends typing. */
	press(&l, '/');
	type(&l, "kiwi");
	assert_int_equal(l.shown, 1);
	assert_true(press(&l, TUI_ESC));
	assert_false(l.filtering);
	assert_string_equal(l.filter, "");
	assert_int_equal(l.shown, NFRUIT);
	assert_int_equal(tui_list_selected(&l), 8);
	tui_list_done(&l);
}

/* The filter buffer never overflows and never holds half a character. */
static void
test_filter_full(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	tui_list_set(&l, NFRUIT);
	press(&l, '/');
	for (int i = 0; i < 300; i++)
		press(&l, 'a');
	assert_int_equal(strlen(l.filter), sizeof l.filter - 1);
	press(&l, 127);
	press(&l, 127);
	assert_int_equal(strlen(l.filter), sizeof l.filter - 3);
	press(&l, 0x1f34c);      /* 4 bytes: does not fit in the 2 left */
	assert_int_equal(strlen(l.filter), sizeof l.filter - 3);
	press(&l, 0xe9);         /* 2 bytes: fits exactly */
	assert_int_equal(strlen(l.filter), sizeof l.filter - 1);
	assert_true(utf8_valid(l.filter, strlen(l.filter)));
	tui_list_done(&l);
}

/* The filter stays over new rows; rows without text do not match a filter. */
static void
test_filter_kept_and_sparse(void **state)
{
	struct tui_list l;
	tui_list_init(&l, fruit_text, NULL);
	tui_list_set(&l, 5);
	press(&l, '/');
	type(&l, "e");
	press(&l, '\r');
	assert_int_equal(l.shown, 4);        /* apple, cherry, date, elderberry */
	tui_list_set(&l, 10);
	assert_string_equal(l.filter, "e");
	assert_int_equal(l.shown, 7);        /* + grape, honeydew, lemon */
	tui_list_done(&l);

	tui_list_init(&l, sparse_text, NULL);
	tui_list_set(&l, 10);
	assert_int_equal(l.shown, 10);       /* no filter: every row */
	press(&l, '/');
	type(&l, "e");
	assert_int_equal(l.shown, 4);        /* apple, cherry, elderberry, grape */
	for (size_t k = 0; k < l.shown; k++)
		assert_int_equal(l.map[k] % 2, 0);
	tui_list_done(&l);

	/* Without a text function the filter keeps every row. */
	tui_list_init(&l, NULL, NULL);
	tui_list_set(&l, 4);
	press(&l, '/');
	type(&l, "zzz");
	assert_int_equal(l.shown, 4);
	tui_list_done(&l);
}

/* ---- drawing: scrolling and the filter line ---- */

struct drawn {
	const char *const *text;
	int calls;
	size_t rows[64];
	int ys[64];
	int selected;            /* calls with selected set */
	size_t sel_row;
};

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool selected)
{
	struct drawn *d = ctx;
	assert_true(d->calls < 64);
	d->rows[d->calls] = i;
	d->ys[d->calls] = y;
	d->calls++;
	if (selected) {
		d->selected++;
		d->sel_row = i;
	}
	mvwaddstr(win, y, 0, d->text[i]);
}

static const char *
drawn_text(void *ctx, size_t i)
{
	struct drawn *d = ctx;
	return d->text[i];
}

static void
reset(struct drawn *d)
{
	memset(d, 0, sizeof *d);
	d->text = fruit;
}

static SCREEN *scr;
static FILE *scr_out, *scr_in;

static int
term_up(void **state)
{
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TERM", "xterm", 1);
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (scr_out == NULL || scr_in == NULL)
		return -1;
	scr = newterm(NULL, scr_out, scr_in);
	if (scr == NULL)
		return -1;
	tui_draw_set_utf8(true);
	return 0;
}

static int
term_down(void **state)
{
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	return 0;
}

static void
line(WINDOW *w, int y, char *out, size_t size)
{
	wchar_t wbuf[128];
	assert_int_not_equal(mvwinnwstr(w, y, 0, wbuf, 127), ERR);
	size_t n = wcstombs(out, wbuf, size - 1);
	assert_true(n != (size_t)-1);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

static void
test_draw_scrolls(void **state)
{
	struct tui_list l;
	struct drawn d;
	WINDOW *w = newwin(6, 30, 0, 0);
	assert_non_null(w);
	reset(&d);
	tui_list_init(&l, drawn_text, &d);
	tui_list_set(&l, 10);

	reset(&d);
	tui_list_draw(&l, w, 1, 4, 30, draw_row);
	assert_int_equal(l.page, 4);
	assert_int_equal(d.calls, 4);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(d.rows[i], (size_t)i);
		assert_int_equal(d.ys[i], 1 + i);
	}
	assert_int_equal(d.selected, 1);
	assert_int_equal(d.sel_row, 0);

	/* Down past the page: the window follows, the selection on its last line. */
	for (int i = 0; i < 5; i++)
		press(&l, 'j');
	reset(&d);
	tui_list_draw(&l, w, 1, 4, 30, draw_row);
	assert_int_equal(l.top, 2);
	assert_int_equal(d.rows[0], 2);
	assert_int_equal(d.rows[3], 5);
	assert_int_equal(d.sel_row, 5);
	/* A page down moves by the lines drawn. */
	press(&l, ' ');
	assert_int_equal(tui_list_selected(&l), 9);
	reset(&d);
	tui_list_draw(&l, w, 1, 4, 30, draw_row);
	assert_int_equal(l.top, 6);
	assert_int_equal(d.calls, 4);
	/* Back to the top: the window follows up. */
	press(&l, 'g');
	reset(&d);
	tui_list_draw(&l, w, 1, 4, 30, draw_row);
	assert_int_equal(l.top, 0);
	assert_int_equal(d.rows[0], 0);
	/* Fewer rows than lines: only those are drawn. */
	tui_list_set(&l, 2);
	reset(&d);
	tui_list_draw(&l, w, 1, 4, 30, draw_row);
	assert_int_equal(d.calls, 2);
	/* One line or none: still one row. */
	reset(&d);
	tui_list_draw(&l, w, 0, 0, 30, draw_row);
	assert_int_equal(l.page, 1);
	assert_int_equal(d.calls, 1);
	tui_list_done(&l);
	delwin(w);
}

static void
test_draw_filter_line(void **state)
{
	struct tui_list l;
	struct drawn d;
	char s[256];
	WINDOW *w = newwin(6, 30, 0, 0);
	assert_non_null(w);
	reset(&d);
	tui_list_init(&l, drawn_text, &d);
	tui_list_set(&l, NFRUIT);
	press(&l, '/');
	type(&l, "an");
	reset(&d);
	werase(w);
	tui_list_draw(&l, w, 0, 6, 30, draw_row);
	assert_int_equal(l.page, 5);         /* the last line is the filter's */
	assert_true(d.calls <= 5);
	line(w, 5, s, sizeof s);
	assert_non_null(strstr(s, "/an_"));
	char want[64];
	snprintf(want, sizeof want, "%zu of %d", l.shown, (int)NFRUIT);
	assert_non_null(strstr(s, want));
	line(w, 0, s, sizeof s);
	assert_string_equal(s, "Banana");
	/* Kept (Enter): no cursor mark. */
	press(&l, '\r');
	werase(w);
	tui_list_draw(&l, w, 0, 6, 30, draw_row);
	line(w, 5, s, sizeof s);
	assert_true(strncmp(s, "/an ", 4) == 0);
	assert_non_null(strstr(s, want));
	/* No filter: every line is a row. */
	press(&l, TUI_ESC);
	reset(&d);
	werase(w);
	tui_list_draw(&l, w, 0, 6, 30, draw_row);
	assert_int_equal(l.page, 6);
	assert_int_equal(d.calls, 6);
	line(w, 5, s, sizeof s);
	assert_string_equal(s, fruit[5]);
	tui_list_done(&l);
	delwin(w);
}

/* ---- the selection follows its record across reloads (issue 13: "deletes the wrong meal") ---- */

static const char *rows_now[8];
static size_t nrows_now;

static const char *
rows_text(void *ctx, size_t i)
{
	return rows_now[i];
}

/* Every row is a record named by its text, but for "--" (a heading). */
static const char *
rows_key(void *ctx, size_t i)
{
	return strcmp(rows_now[i], "--") == 0 ? NULL : rows_now[i];
}

static void
set_rows(const char *const *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rows_now[i] = r[i];
	nrows_now = n;
}

static const char *
sel_text(const struct tui_list *l)
{
	size_t i = tui_list_selected(l);
	return i == NONE ? "(none)" : rows_now[i];
}

static void
test_remember_follows_record(void **state)
{
	struct tui_list l;
	static const char *const a[] = { "--", "m1", "m2", "m3", "--", "m4" };
	tui_list_init(&l, rows_text, NULL);
	tui_list_set_keys(&l, rows_key);
	set_rows(a, 6);
	tui_list_set(&l, nrows_now);
	tui_list_select(&l, 3);
	assert_string_equal(sel_text(&l), "m3");
	/* An edit moved m3 to the top (another time): the selection goes with it. */
	static const char *const b[] = { "--", "m3", "m1", "m2", "--", "m4" };
	tui_list_remember(&l);
	set_rows(b, 6);
	tui_list_set(&l, nrows_now);
	assert_string_equal(sel_text(&l), "m3");
	/* m3 deleted: its neighbour below (m1), never the first row. */
	static const char *const c[] = { "--", "m1", "m2", "--", "m4" };
	tui_list_remember(&l);
	set_rows(c, 5);
	tui_list_set(&l, nrows_now);
	assert_string_equal(sel_text(&l), "m1");
	/* The last record deleted: the one before it. */
	tui_list_select(&l, 4);
	static const char *const d[] = { "--", "m1", "m2" };
	tui_list_remember(&l);
	set_rows(d, 3);
	tui_list_set(&l, nrows_now);
	assert_string_equal(sel_text(&l), "m2");
	/* A record just saved is preferred over what was remembered. */
	static const char *const e[] = { "--", "m0", "m1", "m2" };
	tui_list_remember(&l);
	set_rows(e, 4);
	assert_true(tui_list_set_prefer(&l, nrows_now, "m0"));
	assert_string_equal(sel_text(&l), "m0");
	assert_false(tui_list_set_prefer(&l, nrows_now, "nope"));
	/* reset: another period starts at the top. */
	tui_list_select(&l, 3);
	tui_list_reset(&l);
	tui_list_set(&l, nrows_now);
	assert_int_equal(tui_list_selected(&l), 0);
	tui_list_done(&l);
}

/* The filter folds case beyond ASCII (towlower). */
static void
test_filter_unicode_case(void **state)
{
	struct tui_list l;
	static const char *const r[] = { "día de campo", "ÉCOLE", "straße", "Ωmega", "plain" };
	tui_list_init(&l, rows_text, NULL);
	set_rows(r, 5);
	tui_list_set(&l, nrows_now);
	static const struct {
		const char *typed;
		size_t shown;
		const char *first;
	} cases[] = {
		{ "DÍA", 1, "día de campo" }, { "école", 1, "ÉCOLE" }, { "STRAßE", 1, "straße" },
		{ "ωMEGA", 1, "Ωmega" }, { "PLAIN", 1, "plain" }, { "zzz", 0, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		press(&l, '/');
		type(&l, cases[i].typed);
		if (l.shown != cases[i].shown)
			fail_msg("filter \"%s\": %zu shown, expected %zu", cases[i].typed, l.shown, cases[i].shown);
		if (cases[i].first != NULL)
			assert_string_equal(sel_text(&l), cases[i].first);
		press(&l, TUI_ESC);
	}
	tui_list_done(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_remember_follows_record),
		cmocka_unit_test(test_filter_unicode_case),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_set_keeps_selection),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_filter_matches),
		cmocka_unit_test(test_filter_editing),
		cmocka_unit_test(test_filter_full),
		cmocka_unit_test(test_filter_kept_and_sparse),
		cmocka_unit_test(test_draw_scrolls),
		cmocka_unit_test(test_draw_filter_line),
	};
	return cmocka_run_group_tests(tests, term_up, term_down);
}
