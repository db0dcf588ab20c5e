/*
 * Tests of cli/names: short ids (shortest unique prefix, at least 6, case
 * aside), activity handles in the local zone (minute, seconds, milliseconds)
 * and the precision a list's handles get from their neighbours.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/names.h"
#include "datastore/dates.h"
#include "util/xmalloc.h"

static void
test_short_lengths(void **state)
{
	(void)state;
	static const struct {
		const char *ids[4];
		size_t n;
		size_t want[4];
	} cases[] = {
		{ { "01KB3XQ7AAAA", "01KB3XQ8BBBB", NULL, NULL }, 2, { 8, 8 } },
		{ { "01KB3XQ7AAAA", "01KB3XQ7AAAB", "01ZZ", NULL }, 3, { 12, 12, 4 } },
		{ { "01kb3xq7aaaa", "01KB3XQ8BBBB", NULL, NULL }, 2, { 8, 8 } },
		{ { "run", "read", NULL, NULL }, 2, { 3, 4 } },
		{ { "01AAAAAAAAAA", NULL, "01BBBBBBBBBB", NULL }, 3, { 6, 0, 6 } },
		{ { "same", "same", NULL, NULL }, 2, { 4, 4 } },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t len[4];
		names_short_lengths(cases[k].ids, cases[k].n, len);
		for (size_t i = 0; i < cases[k].n; i++) {
			if (len[i] != cases[k].want[i])
				print_error("case %zu id %zu: %zu, not %zu\n", k, i, len[i], cases[k].want[i]);
			assert_int_equal(len[i], cases[k].want[i]);
		}
	}
}

static struct model_activity *
act(const char *goal, const char *at)
{
	struct model_activity *a = model_new(MODEL_ACTIVITY);
	a->goal_id = goal != NULL ? xstrdup(goal) : NULL;
	a->occurred_at = at != NULL ? xstrdup(at) : NULL;
	return a;
}

static void
test_handle(void **state)
{
	(void)state;
	char h[NAMES_HANDLE_MAX];
	assert_int_equal(dates_set_zone("Europe/Berlin"), 0);
	struct model_activity *a = act("01KB3XQ7AAAA", "2026-12-04T07:30:15.250Z");
	names_activity_handle(a, 8, h, sizeof h);
	assert_string_equal(h, "01KB3XQ7@2026-12-04T08:30");
	names_activity_handle(a, 0, h, sizeof h);
	assert_string_equal(h, "01KB3X@2026-12-04T08:30");
	names_activity_handle_at(a, 8, 1, h, sizeof h);
	assert_string_equal(h, "01KB3XQ7@2026-12-04T08:30:15");
	names_activity_handle_at(a, 8, 2, h, sizeof h);
	assert_string_equal(h, "01KB3XQ7@2026-12-04T08:30:15.250");
	model_free(MODEL_ACTIVITY, a);
	/* Summer time: the local hour is UTC + 2. */
	a = act("run", "2026-07-01T06:00:00.000Z");
	names_activity_handle(a, 6, h, sizeof h);
	assert_string_equal(h, "run@2026-07-01T08:00");
	model_free(MODEL_ACTIVITY, a);
	a = act("run", NULL);
	names_activity_handle(a, 6, h, sizeof h);
	assert_string_equal(h, "run@?");
	model_free(MODEL_ACTIVITY, a);
}

static void
test_handles_of_a_list(void **state)
{
	(void)state;
	struct cli c;
	memset(&c, 0, sizeof c);
	assert_int_equal(dates_set_zone("Europe/Berlin"), 0);
	static const char *const rows[][2] = {
		{ "G1AAAAAA", "2026-12-04T07:30:15.000Z" },
		{ "G1AAAAAA", "2026-12-04T07:31:00.000Z" },
		{ "G2BBBBBB", "2026-12-04T07:30:20.000Z" },  /* another goal's minute is no twin */
		{ "G1AAAAAA", "2026-12-04T07:30:00.000Z" },
		{ "G1AAAAAA", "2026-12-04T09:00:00.000Z" },
		{ "G1AAAAAA", "2026-12-04T09:00:00.001Z" },
	};
	static const char *const want[] = {
		"G1AAAA@2026-12-04T08:30:15", "G1AAAA@2026-12-04T08:31", "G2BBBB@2026-12-04T08:30",
		"G1AAAA@2026-12-04T08:30:00", "G1AAAA@2026-12-04T10:00:00.000", "G1AAAA@2026-12-04T10:00:00.001",
		"",
	};
	size_t n = sizeof rows / sizeof rows[0];
	struct store_list l;
	memset(&l, 0, sizeof l);
	l.items = xcalloc(n + 1, sizeof *l.items);
	for (size_t i = 0; i < n; i++)
		l.items[l.count++] = (struct store_item){ MODEL_ACTIVITY, act(rows[i][0], rows[i][1]) };
	/* An item that is no activity gets no handle. */
	l.items[l.count++] = (struct store_item){ MODEL_MEAL, model_new(MODEL_MEAL) };
	char (*h)[NAMES_HANDLE_MAX] = xcalloc(l.count, sizeof *h);
	names_activity_handles(&c, &l, h);
	for (size_t i = 0; i < l.count; i++)
		assert_string_equal(h[i], want[i]);
	free(h);
	store_list_done(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_short_lengths),
		cmocka_unit_test(test_handle),
		cmocka_unit_test(test_handles_of_a_list),
	};
	dates_zone_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
