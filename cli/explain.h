/* --explain: the explaining DynamoDB table, with stand-ins for the reads writes depend on. */
#ifndef AILIFE_CLI_EXPLAIN_H
#define AILIFE_CLI_EXPLAIN_H

#include "datastore/table.h"

/* Wraps t (which the wrapper then owns and closes). */
struct table *explain_wrap(struct table *t);

#endif
