/*
 * The steps of the migration that change things: run (the copy), cutover and
 * cleanup. Verify, between run and cutover, is migrate_verify.h.
 */
#ifndef AILIFE_MIGRATE_RUN_H
#define AILIFE_MIGRATE_RUN_H

#include "datastore/migrate/migrate_source.h"
#include "datastore/migrate/migrate_state.h"
#include "datastore/table.h"

/*
 * Copies (or, dry_run, only reads and checks) the legacy rows into t, from
 * the checkpoints of an unfinished pass or from the start. Returns 0 when the
 * pass is finished (counts->skipped may be > 0), 1 when stopped through
 * opts->stop (checkpointed), -1 with err.
 */
int migrate_run(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *counts, struct table_err *err);
/* Marks the state cutover; refused (TABLE_COND_FAILED, why in err) unless a verify passed after the last legacy write. */
int migrate_cutover(struct table *t, struct table_err *err);
/* Deletes the legacy tables (src->store's; none with files) after cutover; phase cleaned. */
int migrate_cleanup(struct table *t, const struct migrate_source *src, struct table_err *err);

#endif
