/*
 * Tests of what tui/app gives every screen for its loads (a view without an
 * application, as the screens' own tests drive them): a failed load (the
 * store unreachable) is kept for the screen to show and marks the view
 * stale so that coming back to it asks again; a load that works clears it;
 * and the failure as drawn into a curses window on /dev/null: the reason,
 * wrapped, and how to try again.
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

#include "tui/app.h"
#include "tui/draw.h"
#include "tui/theme.h"

#define REFUSED "could not connect to 127.0.0.1:8000: Connection refused (after 3 attempts)"

static SCREEN *scr;
static FILE *scr_out, *scr_in;

static int
nothing_run(struct tui_job *j, struct table *t)
{
	return 0;
}

static struct tui_job *
answer(int rc, const char *message)
{
	struct tui_job *j = tui_job_new(nothing_run, NULL, NULL);
	j->rc = rc;
	if (rc != 0)
		table_err_set(&j->err, TABLE_NETWORK, "%s", message);
	j->nexplain = 1;
	j->explain[0].pattern = "AP4";
	j->elapsed_us = 4242;
	return j;
}

static void
test_loaded(void **state)
{
	struct tui_view v;
	memset(&v, 0, sizeof v);
	v.loading = true;
	struct tui_job *j = answer(-1, REFUSED);
	assert_false(tui_app_loaded(&v, j, "goals"));
	tui_job_free(j);
	assert_false(v.loading);
	assert_string_equal(v.failed, REFUSED);
	assert_true(v.stale);                /* shown again: asked again */
	assert_int_equal(v.nexplain, 1);     /* the x pane shows the request that failed */
	assert_int_equal(v.elapsed_us, 4242);
	/* A failure without a message still says something. */
	j = answer(-1, "");
	assert_false(tui_app_loaded(&v, j, "goals"));
	tui_job_free(j);
	assert_string_equal(v.failed, "failed");
	/* The next load that works clears it. */
	v.loading = true;
	v.stale = false;
	j = answer(0, NULL);
	assert_true(tui_app_loaded(&v, j, "goals"));
	tui_job_free(j);
	assert_false(v.loading);
	assert_false(v.stale);
	assert_string_equal(v.failed, "");
}

static void
line(WINDOW *w, int y, char *out, size_t size)
{
	wchar_t wbuf[256];
	assert_int_not_equal(mvwinnwstr(w, y, 0, wbuf, 255), ERR);
	size_t n = wcstombs(out, wbuf, size - 1);
	assert_true(n != (size_t)-1);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

static void
test_draw_failed(void **state)
{
	const int h = 10, wd = 60;
	char buf[512], all[2048] = "";
	WINDOW *w = newwin(h, wd, 0, 0);
	struct tui_view v;
	assert_non_null(w);
	memset(&v, 0, sizeof v);
	/* Nothing failed: nothing drawn. */
	assert_int_equal(tui_app_draw_failed(&v, w, 2, h - 2, wd), 0);
	snprintf(v.failed, sizeof v.failed, "%s", REFUSED);
	int used = tui_app_draw_failed(&v, w, 2, h - 2, wd);
	/* 60 columns: the reason takes two lines, then how to try again. */
	assert_int_equal(used, 3);
	line(w, 1, buf, sizeof buf);
	assert_string_equal(buf, "");
	for (int y = 2; y < 2 + used; y++) {
		size_t n = strlen(all);
		line(w, y, buf, sizeof buf);
		snprintf(all + n, sizeof all - n, "%s|", buf);
	}
	assert_non_null(strstr(all, "could not load: could not connect to"));
	assert_non_null(strstr(all, "127.0.0.1:8000"));
	assert_non_null(strstr(all, "r tries again"));
	/* Never past the lines it was given: one line keeps the reason's first. */
	werase(w);
	assert_int_equal(tui_app_draw_failed(&v, w, 0, 1, wd), 1);
	line(w, 0, buf, sizeof buf);
	assert_non_null(strstr(buf, "could not load"));
	line(w, 1, buf, sizeof buf);
	assert_string_equal(buf, "");
	delwin(w);
}

static int
term_up(void **state)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return -1;
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (scr_out == NULL || scr_in == NULL)
		return -1;
	setenv("NO_COLOR", "1", 1);
	scr = newterm("xterm-256color", scr_out, scr_in);
	if (scr == NULL)
		return -1;
	tui_theme_init();
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loaded),
		cmocka_unit_test(test_draw_failed),
	};
	return cmocka_run_group_tests(tests, term_up, term_down);
}
