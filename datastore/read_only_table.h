/*
 * --read-only: a table whose reads go through and whose writes are refused
 * before anything is sent, TABLE_INVALID "read-only: ...". A wrapper of the
 * same shape as the backends (as datastore/explain_table.h is), so every
 * write of every command, the TUI's included, meets it; datastore/open.c
 * puts it over the store.
 */
#ifndef AILIFE_READ_ONLY_TABLE_H
#define AILIFE_READ_ONLY_TABLE_H

#include "datastore/table.h"

/* The words a refusal ends with: where read-only was asked for. */
#define READ_ONLY_WHERE "--read-only, AILIFE_READ_ONLY or read_only in the config"

/* Whether t is a read-only table (the TUI says so in its status bar). */
bool read_only_table_is(const struct table *t);

/* Wraps t (which the wrapper then owns and closes). */
struct table *read_only_table_wrap(struct table *t);

#endif
