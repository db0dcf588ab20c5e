/*
 * Tests of datastore/store_collect: every page up to a ceiling, page sizes
 * that shrink to what is still wanted, the cursor handed on, "cut" only when
 * one more record is there at the ceiling (a page of one looks), and a failed
 * page (the list then empty).
 * The page function is a fake list of n goals served from a cursor.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/store_collect.h"
#include "util/xmalloc.h"

struct fake {
	size_t n;                /* records in the list */
	size_t short_page;       /* a page hands back at most this many (0: the limit), as DynamoDB's 1 MB does */
	int fail_at;             /* the call that fails (1-based), 0: none */
	int calls;
	int limits[16];          /* the limit of each call */
	char cursors[16][16];    /* the cursor each call got ("" for none) */
};

static int
fake_page(void *ctx, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct fake *f = ctx;
	size_t from = pg.cursor != NULL ? strtoul(pg.cursor, NULL, 10) : 0;
	int call = f->calls++;
	if (call < 16) {
		f->limits[call] = pg.limit;
		snprintf(f->cursors[call], sizeof f->cursors[call], "%s", pg.cursor != NULL ? pg.cursor : "");
	}
	memset(page, 0, sizeof *page);
	if (f->fail_at == call + 1)
		return table_err_set(err, TABLE_NETWORK, "page %d: connection refused", call + 1);
	size_t k = (size_t)pg.limit;
	if (f->short_page > 0 && k > f->short_page)
		k = f->short_page;
	if (k > f->n - from)
		k = f->n - from;
	page->items = xcalloc(k + 1, sizeof *page->items);
	for (size_t i = 0; i < k; i++) {
		page->items[i].type = MODEL_GOAL;
		page->items[i].rec = model_new(MODEL_GOAL);
	}
	page->count = k;
	/* Like DynamoDB: a cursor when more follows, and whenever the page filled up, even at the very end. */
	if (from + k < f->n || (k == (size_t)pg.limit && k > 0))
		page->cursor = xasprintf("%zu", from + k);
	return 0;
}

static void
test_all_pages(void **state)
{
	struct fake f = { .n = 450 };
	struct store_list l;
	struct table_err err;
	bool cut = true;
	table_err_clear(&err);
	assert_int_equal(store_collect(fake_page, &f, 200, 1000, &l, &cut, &err), 0);
	assert_int_equal(l.count, 450);
	assert_null(l.cursor);
	assert_false(cut);
	assert_int_equal(f.calls, 3);
	assert_int_equal(f.limits[0], 200);
	assert_string_equal(f.cursors[0], "");
	assert_string_equal(f.cursors[1], "200");
	assert_string_equal(f.cursors[2], "400");
	store_list_done(&l);

	/* Exactly full pages: one more ask finds nothing, and nothing is cut. */
	memset(&f, 0, sizeof f);
	f.n = 400;
	assert_int_equal(store_collect(fake_page, &f, 200, 1000, &l, &cut, &err), 0);
	assert_int_equal(l.count, 400);
	assert_false(cut);
	assert_int_equal(f.calls, 3);
	store_list_done(&l);
}

static void
test_ceiling(void **state)
{
	struct fake f = { .n = 5000 };
	struct store_list l;
	struct table_err err;
	bool cut = false;
	table_err_clear(&err);
	/* 1200 at most in pages of 500: the last asks for the 200 still wanted. */
	assert_int_equal(store_collect(fake_page, &f, 500, 1200, &l, &cut, &err), 0);
	assert_int_equal(l.count, 1200);
	assert_true(cut);
	assert_int_equal(f.calls, 4);
	assert_int_equal(f.limits[0], 500);
	assert_int_equal(f.limits[1], 500);
	assert_int_equal(f.limits[2], 200);
	/* The look one further: a page of one from where the list stopped. */
	assert_int_equal(f.limits[3], 1);
	assert_string_equal(f.cursors[3], "1200");
	store_list_done(&l);

	/* Exactly the ceiling's worth: the last page fills up and hands back a cursor, but nothing follows. */
	memset(&f, 0, sizeof f);
	f.n = 1200;
	cut = true;
	assert_int_equal(store_collect(fake_page, &f, 500, 1200, &l, &cut, &err), 0);
	assert_int_equal(l.count, 1200);
	assert_false(cut);
	store_list_done(&l);

	/* Short pages (a size limit): more calls, every record; cut may be NULL. */
	memset(&f, 0, sizeof f);
	f.n = 700;
	f.short_page = 150;
	assert_int_equal(store_collect(fake_page, &f, 200, 1000, &l, NULL, &err), 0);
	assert_int_equal(l.count, 700);
	assert_int_equal(f.calls, 5);
	assert_string_equal(f.cursors[4], "600");
	store_list_done(&l);
}

static void
test_failed_page(void **state)
{
	struct fake f = { .n = 1000, .fail_at = 2 };
	struct store_list l;
	struct table_err err;
	bool cut = true;
	table_err_clear(&err);
	assert_int_equal(store_collect(fake_page, &f, 200, 1000, &l, &cut, &err), -1);
	assert_int_equal(err.status, TABLE_NETWORK);
	assert_string_equal(err.message, "page 2: connection refused");
	assert_int_equal(l.count, 0);
	assert_null(l.items);
	assert_null(l.cursor);
	assert_int_equal(f.calls, 2);
	store_list_done(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_pages),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_failed_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
