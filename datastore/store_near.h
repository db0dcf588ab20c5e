/*
 * The fewest round trips (issue 15): reads that travel together. A record
 * read by its key and the user's profile (AP1) go in one round trip, as two
 * consistent Queries of one key each (table_query_many), so that a command
 * that names a record pays one round trip before its write, not two.
 */
#ifndef AILIFE_STORE_NEAR_H
#define AILIFE_STORE_NEAR_H

#include "datastore/model.h"
#include "datastore/table.h"

/*
 * The profile of user_id and the record type/id of that user, at once.
 * Returns 0 with *profile set and *rec the record or NULL when there is no
 * such record; -1 with err: no such user (TABLE_NOT_FOUND "no user 'u'"),
 * an id that is not valid (TABLE_INVALID), or the store's failure.
 */
int store_get_with_profile(struct table *t, enum model_type type, const char *user_id, const char *id,
    void **rec, struct model_user **profile, struct table_err *err);

#endif
