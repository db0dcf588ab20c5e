/*
 * Tests of the insights lines of the journal and meals screens
 * (views/journal_mood.c, views/meals_macros.c), drawn into a curses window on
 * /dev/null from records handed in and read back as text: the mood of each
 * day on the 1-5 scale with the average and trend, the newest days when the
 * period is wider than the window; the macro split in grams and percent,
 * nothing without macros or meals. Today is fixed: Wednesday 2026-11-04,
 * Berlin.
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

#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/timefmt.h"
#include "tui/draw.h"
#include "tui/theme.h"
#include "util/xmalloc.h"
#include "views/journal_mood.h"
#include "views/meals_macros.h"

static SCREEN *scr;
static FILE *scr_out, *scr_in;
static WINDOW *win;

static int
term_up(void **state)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return -1;
	if (dates_set_zone("Europe/Berlin") != 0)
		return -1;
	clock_set_fixed(timefmt_days_from_civil(2026, 11, 4) * 86400000LL + 11 * 3600000LL);
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (scr_out == NULL || scr_in == NULL)
		return -1;
	scr = newterm("xterm-256color", scr_out, scr_in);
	if (scr == NULL)
		return -1;
	tui_theme_init();
	tui_draw_set_utf8(true);
	win = newwin(4, 120, 0, 0);
	return win != NULL ? 0 : -1;
}

static int
term_down(void **state)
{
	delwin(win);
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	clock_clear_fixed();
	return 0;
}

static void
line(int y, char *out, size_t size)
{
	wchar_t wbuf[160];
	assert_int_not_equal(mvwinnwstr(win, y, 0, wbuf, 159), ERR);
	size_t n = wcstombs(out, wbuf, size - 1);
	assert_true(n != (size_t)-1);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

static char *
ts_of(const char *local)
{
	ms_t ms;
	char why[128], ts[TIMEFMT_LEN + 1];
	assert_int_equal(dates_parse_when(local, 0, &ms, why, sizeof why), 0);
	timefmt_format(ms, ts);
	return xstrdup(ts);
}

static void
add_entry(struct store_list *l, const char *local, int mood)
{
	struct model_journal *e = model_new(MODEL_JOURNAL);
	e->occurred_at = ts_of(local);
	e->mood.set = mood > 0;
	e->mood.v = mood;
	l->items = xrealloc(l->items, (l->count + 1) * sizeof *l->items);
	l->items[l->count].type = MODEL_JOURNAL;
	l->items[l->count++].rec = e;
}

static void
add_meal(struct store_list *l, const char *local, const char *p, const char *c, const char *f)
{
	struct model_meal *m = model_new(MODEL_MEAL);
	m->occurred_at = ts_of(local);
	m->calories.set = true;
	m->calories.v = 500000;
	struct { struct model_num *n; const char *v; } g[3] = { { &m->protein, p }, { &m->carbs, c }, { &m->fat, f } };
	for (int i = 0; i < 3; i++) {
		if (g[i].v == NULL)
			continue;
		const char *why;
		g[i].n->set = true;
		assert_int_equal(decimal_parse(g[i].v, &g[i].n->v, &why), 0);
	}
	l->items = xrealloc(l->items, (l->count + 1) * sizeof *l->items);
	l->items[l->count].type = MODEL_MEAL;
	l->items[l->count++].rec = m;
}

static void
draw_mood(const struct store_list *l, int w, char *out, size_t size)
{
	werase(win);
	view_journal_mood_draw(win, 1, w, l);
	line(1, out, size);
}

static void
test_mood(void **state)
{
	struct store_list l = { 0 };
	char got[512];
	/* Nothing loaded: no line. */
	draw_mood(&l, 80, got, sizeof got);
	assert_string_equal(got, "");
	/* Moods 2, 4 and 4 on Nov 1 (two entries: the day's average 3) ... */
	add_entry(&l, "2026-11-04 09:00", 5);
	add_entry(&l, "2026-11-02 09:00", 0);
	add_entry(&l, "2026-11-01 09:00", 2);
	add_entry(&l, "2026-11-01 21:00", 4);
	draw_mood(&l, 80, got, sizeof got);
	/* Nov 1 (3: ceil(3*7/5) = 5, the sixth bar), Nov 2 (no mood: blank), Nov 3 (nothing), Nov 4 (5: full). */
	assert_string_equal(got, " Mood \xe2\x96\x86  \xe2\x96\x88 avg 3.7, trend +2, 11-01..11-04");
	/* Narrow: the average and the number of days. */
	draw_mood(&l, 40, got, sizeof got);
	assert_string_equal(got, " Mood \xe2\x96\x86  \xe2\x96\x88 avg 3.7, 4 days");
	/* Wider than the room: the newest days. 120 days back, at 40 columns: 14 days shown. */
	add_entry(&l, "2026-07-07 09:00", 1);
	draw_mood(&l, 40, got, sizeof got);
	assert_string_equal(got, " Mood           \xe2\x96\x86  \xe2\x96\x88 avg 3.7, 14 days");
	store_list_done(&l);
}

static void
test_macros(void **state)
{
	struct store_list l = { 0 };
	char got[512];
	struct day d = { 2026, 11, 4 };
	werase(win);
	view_meals_macros_draw(win, 2, 80, &l, d);
	line(2, got, sizeof got);
	assert_string_equal(got, "");
	/* A meal without macros: said so. */
	add_meal(&l, "2026-11-04 08:00", NULL, NULL, NULL);
	werase(win);
	view_meals_macros_draw(win, 2, 80, &l, d);
	line(2, got, sizeof got);
	assert_string_equal(got, " Macros: none given");
	/* 30 g protein (120 kcal), 100 g carbs (400), 20.5 g fat (184.5): 704.5 kcal of macros. */
	add_meal(&l, "2026-11-04 12:00", "20", "80", "10");
	add_meal(&l, "2026-11-04 19:00", "10", "20", "10.5");
	/* Another day's meal does not count. */
	add_meal(&l, "2026-11-03 19:00", "100", "100", "100");
	werase(win);
	view_meals_macros_draw(win, 2, 80, &l, d);
	line(2, got, sizeof got);
	assert_string_equal(got, " Macros: protein 30 g 17%  carbs 100 g 57%  fat 20.5 g 26%");
	werase(win);
	view_meals_macros_draw(win, 2, 40, &l, d);
	line(2, got, sizeof got);
	assert_string_equal(got, " P 30g 17%  C 100g 57%  F 20.5g 26%");
	store_list_done(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mood),
		cmocka_unit_test(test_macros),
	};
	return cmocka_run_group_tests(tests, term_up, term_down);
}
