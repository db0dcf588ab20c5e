/*
 * Several of one user's patterns in one round trip: the profile (AP1 as a
 * Query), the goals (AP3) and date ranges (AP8-AP11), sent together through
 * table_query_many (concurrent on DynamoDB). A status line waits for the
 * network once.
 */
#ifndef AILIFE_STORE_MANY_H
#define AILIFE_STORE_MANY_H

#include "datastore/store.h"

#define STORE_MANY_MAX 8
/* The page a request asks for when its limit is <= 0 (store.c's default too). */
#define STORE_MANY_PAGE_DEFAULT 100

enum store_many_kind {
	STORE_MANY_PROFILE,      /* AP1: the profile, one item (outs[i] holds it, or nothing) */
	STORE_MANY_GOALS,        /* AP3: the first page of the goals */
	STORE_MANY_RANGE,        /* AP8-AP11: the first page of type in [from, to) */
};

struct store_many_req {
	enum store_many_kind kind;
	enum model_type type;    /* RANGE */
	ms_t from, to;           /* RANGE */
	bool newest_first;       /* RANGE */
	int limit;               /* <= 0: STORE_MANY_PAGE_DEFAULT */
};

/*
 * outs[i] answers reqs[i] (its cursor set when there is more: the caller
 * goes on with the pattern's own function of store.h). All or nothing: 0,
 * or -1 with err and every outs[i] empty.
 */
int store_many(struct table *t, const char *user_id, const struct store_many_req *reqs, size_t n,
    struct store_list *outs, struct table_err *err);

#endif
