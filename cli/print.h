/*
 * How records and lists print (cli/print.c): one record as aligned
 * "name: value" lines or its JSON; a list as a table or a JSON array.
 */
#ifndef AILIFE_CLI_PRINT_H
#define AILIFE_CLI_PRINT_H

#include "cli/cli.h"

/* Prints one record: aligned "name: value" lines, or its JSON. */
void entity_print(struct cli *c, enum model_type type, const void *rec);
/* Prints a list of records (possibly of several types) as a table, or a JSON array. */
void entity_print_list(struct cli *c, const struct store_list *l, bool day_totals);

#endif
