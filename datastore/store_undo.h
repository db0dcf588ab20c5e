/*
 * Undo of a change: whatever a write did (a create, an edit, a log, a delete,
 * a status change, with the goal's progress and a workout's activity), as
 * the items it touched, each before and after. A recording table wraps the
 * table for the write: the first time a write names a key, the item there is
 * kept as "before", and what the write left as "after". Both come without a
 * request of their own wherever the write tells them: a create (a put on
 * condition that nothing is there) had nothing before, a put leaves its item,
 * an update returns the new item (ALL_NEW) and a delete the old one (ALL_OLD)
 * in its own round trip; only the rest is read (GetItem): the item before an
 * update or a transaction's write, and, when the write is done, an item a
 * transaction updated. Undoing is one TransactWriteItems that puts
 * every item back as it was before (or deletes what did not exist), each
 * conditional on still being as the change left it (its version), so a change
 * made elsewhere meanwhile is refused, never overwritten. A restored item has
 * its content exactly as before and a version one above the one it replaces
 * (versions only go up, so a form opened on the changed record sees the race).
 */
#ifndef AILIFE_STORE_UNDO_H
#define AILIFE_STORE_UNDO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/table.h"

struct store_undo {
	size_t n;
	json_t **keys;           /* {"PK":..,"SK":..} of each touched item */
	json_t **before;         /* the item as it was, or NULL: it did not exist */
	json_t **after;          /* the item as the change left it, or NULL: it was deleted */
	bool *after_known;       /* after told by the write itself; else read when the write is done */
	bool *before_assumed;    /* before taken as nothing (a create) while the write was under way */
	size_t reads;            /* GetItems the recording made (for the tests and the round-trip count) */
	bool unrecordable;       /* a write the recording could not follow (another table) */
	bool too_many;           /* more items than one transaction holds: no longer read (a big goal delete) */
	char why[256];           /* when it cannot be undone (empty when it can) */
};

/* A recording table over t for one write; u (zeroed by the caller) gets what it touched. */
struct table *store_undo_record(struct table *t, struct store_undo *u);
/*
 * The write is done: reads each touched item as it is now and frees the
 * recording table (not t). -1 with err when they cannot be read (u is then
 * marked as not undoable, why said).
 */
int store_undo_finish(struct table *rec, struct table_err *err);
/* Whether u can be undone (something was touched, within one transaction); else why. */
bool store_undo_possible(const struct store_undo *u, char *why, size_t why_size);
/*
 * Undoes u in one TransactWriteItems. A change made since (an item not as
 * the change left it) fails with TABLE_TXN_CANCELED, reason TABLE_COND_FAILED,
 * and nothing is written.
 */
int store_undo_apply(struct table *t, const struct store_undo *u, struct table_err *err);
/*
 * undone was just undone: an older change (older) that left an item as
 * undone found it now finds it as the undo left it (its new version), so
 * that u can go on walking back.
 */
void store_undo_rebase(struct store_undo *older, const struct store_undo *undone);
void store_undo_done(struct store_undo *u);

#endif
