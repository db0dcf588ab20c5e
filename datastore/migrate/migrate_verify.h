/*
 * Verify: both sides compared completely, every legacy goal and activity
 * against the single table's items (attributes, counts, sums, progress
 * against the sum), and the verify recorded in the state, so that cutover
 * knows whether one passed after the last legacy write.
 */
#ifndef AILIFE_MIGRATE_VERIFY_H
#define AILIFE_MIGRATE_VERIFY_H

#include "datastore/migrate/migrate_source.h"
#include "datastore/table.h"

/* Returns 0 (counts->differences tells), or -1 with err. */
int migrate_verify(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *counts, struct table_err *err);

#endif
