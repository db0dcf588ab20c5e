/*
 * --explain: the explaining DynamoDB table, with stand-ins for the reads
 * writes depend on. A wrapper of the same shape as the backends, as the
 * dual-writing table is (datastore/migrate/dualwrite.h); datastore/open.c
 * puts it over the store.
 */
#ifndef AILIFE_EXPLAIN_TABLE_H
#define AILIFE_EXPLAIN_TABLE_H

#include <stdio.h>

#include "datastore/table.h"

/*
 * Wraps t (which the wrapper then owns and closes). out (may be NULL): where
 * the requests are printed; each is followed there by its times in local
 * time, "(local time, Europe/Berlin: 2026-12-04 00:00 CET .. ...)", since
 * the request's own are UTC.
 */
struct table *explain_table_wrap(struct table *t, FILE *out);

#endif
