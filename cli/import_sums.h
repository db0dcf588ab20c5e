/*
 * Import's check of progress == the sum of activities: what the file says of
 * each goal (its progress, the activities it brings), checked against the store
 * once the whole file is read, before anything is written.
 */
#ifndef AILIFE_IMPORT_SUMS_H
#define AILIFE_IMPORT_SUMS_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/model.h"
#include "datastore/table.h"

struct import_sums;

struct import_sums *import_sums_create(void);
void import_sums_free(struct import_sums *s);
/* Notes a checked record of the file (a goal or an activity; other types are ignored) and its line. */
void import_sums_note(struct import_sums *s, enum model_type type, const void *rec, size_t line);
/*
 * Checks every goal the file names: progress == the sum of its activities in
 * the file plus those already stored that the file does not replace
 * (in_file(ctx, PK, SK) says which keys the file holds). bad(ctx, line, why)
 * is called for each goal that disagrees and each activity whose goal is not
 * in the file. Returns 0, or -1 with err when the store could not be read.
 */
int import_sums_check(struct import_sums *s, struct table *t,
    bool (*in_file)(void *ctx, const char *pk, const char *sk),
    void (*bad)(void *ctx, size_t line, const char *why), void *ctx, struct table_err *err);

#endif
