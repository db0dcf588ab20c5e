/*
 * Every page of a list, up to a ceiling: the loop the goal lists, the range
 * screens and the interface's goal cache share. The caller's page function
 * makes the one call behind the list (an AP of store.h) and whatever it keeps
 * per request (the terminal interface notes each request for its explain pane).
 */
#ifndef AILIFE_STORE_COLLECT_H
#define AILIFE_STORE_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/store.h"

/* One page: pg holds the cursor so far (NULL first) and the most to hand back. 0, or -1 with err. */
typedef int (*store_page_fn)(void *ctx, struct store_page_req pg, struct store_list *page, struct table_err *err);

/*
 * Asks fn for pages of at most page_max records (fewer once fewer are wanted)
 * into all (emptied first; its cursor stays NULL) until no cursor is left or
 * all holds max. Returns 0 with *cut (may be NULL) true when it stopped at max
 * and one more record is there (asked for with a page of one); -1 with err
 * when a page failed (all then empty).
 */
int store_collect(store_page_fn fn, void *ctx, int page_max, size_t max, struct store_list *all, bool *cut,
    struct table_err *err);

#endif
