/* Unit tests for tui/heatmap: five levels by quarters of the largest, each with a glyph of its own. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tui/heatmap.h"

static void
test_levels(void **state)
{
	(void)state;
	assert_int_equal(tui_heatmap_level(0, 100), 0);
	assert_int_equal(tui_heatmap_level(-5, 100), 0);
	assert_int_equal(tui_heatmap_level(5, 0), 0);
	assert_int_equal(tui_heatmap_level(1, 100), 1);
	assert_int_equal(tui_heatmap_level(25, 100), 1);
	assert_int_equal(tui_heatmap_level(26, 100), 2);
	assert_int_equal(tui_heatmap_level(50, 100), 2);
	assert_int_equal(tui_heatmap_level(75, 100), 3);
	assert_int_equal(tui_heatmap_level(76, 100), 4);
	assert_int_equal(tui_heatmap_level(100, 100), 4);
	/* Amounts in thousandths far from overflow. */
	assert_int_equal(tui_heatmap_level(999999999999LL, 999999999999LL), 4);
}

static void
test_glyphs_differ(void **state)
{
	(void)state;
	/* NO_COLOR: the levels must be told apart by glyph alone, in UTF-8 and in ASCII. */
	for (int u = 0; u < 2; u++)
		for (int a = 0; a < TUI_HEATMAP_LEVELS; a++)
			for (int b = a + 1; b < TUI_HEATMAP_LEVELS; b++)
				assert_string_not_equal(tui_heatmap_glyph(a, u), tui_heatmap_glyph(b, u));
	for (int a = 0; a < TUI_HEATMAP_LEVELS; a++)
		assert_true(strlen(tui_heatmap_glyph(a, false)) == 1 && (unsigned char)tui_heatmap_glyph(a, false)[0] < 128);
	assert_string_equal(tui_heatmap_glyph(9, true), tui_heatmap_glyph(4, true));
}

static void
test_lines(void **state)
{
	(void)state;
	/* November 2026 starts on a Sunday: 6 weeks of rows and the weekday line. */
	assert_int_equal(tui_heatmap_lines((struct day){ 2026, 11, 1 }, 30), 7);
	/* A week from its Monday: one row. */
	assert_int_equal(tui_heatmap_lines((struct day){ 2026, 11, 30 }, 7), 2);
	/* February 2027 from Monday the 1st: exactly 4 rows. */
	assert_int_equal(tui_heatmap_lines((struct day){ 2027, 2, 1 }, 28), 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_glyphs_differ),
		cmocka_unit_test(test_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
