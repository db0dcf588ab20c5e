/* Collecting pages: one loop for every "read the whole list, up to a ceiling". */
#include <stdlib.h>
#include <string.h>

#include "datastore/store_collect.h"

int
store_collect(store_page_fn fn, void *ctx, int page_max, size_t max, struct store_list *all, bool *cut,
    struct table_err *err)
{
	char *cursor = NULL;
	memset(all, 0, sizeof *all);
	if (cut != NULL)
		*cut = false;
	do {
		struct store_list page;
		size_t want = max - all->count;
		struct store_page_req pg = { cursor, want > (size_t)page_max ? page_max : (int)want, NULL, NULL };
		int rc = fn(ctx, pg, &page, err);
		free(cursor);
		cursor = NULL;
		if (rc != 0) {
			store_list_done(all);
			return -1;
		}
		store_list_append(all, &page);
		/* The page's cursor is the next request's; the list itself keeps none. */
		cursor = page.cursor;
		page.cursor = NULL;
		store_list_done(&page);
	} while (cursor != NULL && all->count < max);
	if (cursor != NULL && cut != NULL) {
		/*
		 * DynamoDB hands back a cursor whenever a page fills up, even when
		 * nothing follows: look one item further before saying the list was
		 * cut (a look that fails says nothing).
		 */
		struct store_list probe;
		struct store_page_req one = { cursor, 1, NULL, NULL };
		struct table_err perr;
		table_err_clear(&perr);
		if (fn(ctx, one, &probe, &perr) == 0) {
			*cut = probe.count > 0;
			store_list_done(&probe);
		}
	}
	free(cursor);
	return 0;
}
