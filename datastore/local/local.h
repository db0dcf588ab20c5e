/*
 * The embedded backend: the single table of data-model.md in one SQLite file,
 * answering every table operation as DynamoDB would (same keys, same sort
 * order, same sparse GSIs, same conditions, same paging).
 */
#ifndef AILIFE_LOCAL_H
#define AILIFE_LOCAL_H

#include "datastore/table.h"

/*
 * Opens (creating when missing: folder mode 0700, file mode 0600) the SQLite
 * file at path and returns the table table_name in it; ":memory:" gives a
 * private in-memory database. NULL on error, with err filled. Several logical
 * tables can share one file. Free with table_close.
 */
struct table *local_open(const char *path, const char *table_name, struct table_err *err);

#endif
