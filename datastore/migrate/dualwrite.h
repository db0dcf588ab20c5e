/*
 * Dual writes to the legacy goals tables while a migration is under way: a
 * table that wraps the DynamoDB one and turns every write of a goal or an
 * activity into ONE TransactWriteItems holding the single-table write, the
 * same change in the legacy format (data-model.md's mapping, backwards) and
 * the time of the last legacy write in the migration-state item. Both sides
 * change together or not at all, so they cannot drift; cutover refuses while
 * a legacy write is newer than the last verify.
 *
 * A goal update carries the whole goal to the legacy side: the goal is read,
 * the update applied to the copy, and the single-table update made
 * conditional on the version read, so what the legacy side receives is
 * exactly what the single table will hold. The legacy goal is updated, not
 * replaced, so a `description` the single table has no place for stays.
 *
 * A transaction whose writes and their legacy twins exceed 100 actions (a
 * goal deleted with many activities) goes as several, each with its twins,
 * the conditional writes first. Batches (import) of goals and activities go
 * as transactions of 49 writes and their twins. Reads pass through.
 */
#ifndef AILIFE_DUALWRITE_H
#define AILIFE_DUALWRITE_H

#include "datastore/table.h"

/*
 * Wraps inner (which the wrapper then owns and closes). goals/activities:
 * the legacy table names. NULL when inner's store reaches no other tables
 * (table_other_tables: it is not a DynamoDB table).
 */
struct table *dualwrite_wrap(struct table *inner, const char *goals, const char *activities);
/* The wrapped table, freeing the wrapper; t itself when it is no wrapper. */
struct table *dualwrite_unwrap(struct table *t);

/*
 * Called where the store is opened with [legacy] dual_write set: unless the
 * migration is cut over, replaces *t by the dual-writing table. Legacy table
 * names NULL: the state's, else goals / goal-activities. When dual writes
 * stay off for a reason people must hear (the store has no legacy tables, the
 * state cannot be read, the migration is cut over), *warning is a new string
 * saying so, without the "ailife: warning: " a program puts before it; else
 * NULL.
 */
void dualwrite_open(struct table **t, const char *goals_table, const char *activities_table, char **warning);

#endif
