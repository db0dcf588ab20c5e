/*
 * Commands shared by every entity, driven by the model's description: add,
 * edit, show, delete and printing of records and lists. A new entity gets its
 * options and output from its model entry.
 */
#ifndef AILIFE_CLI_ENTITY_H
#define AILIFE_CLI_ENTITY_H

#include "cli/cli.h"

/* The usage text of a list / show and the usage of "add" and "edit" are built from the model. */
int entity_add(struct cli *c, enum model_type type, int argc, char **argv);
int entity_edit(struct cli *c, enum model_type type, int argc, char **argv);
int entity_show(struct cli *c, enum model_type type, int argc, char **argv);
int entity_delete(struct cli *c, enum model_type type, int argc, char **argv);
/* Prints one record: aligned "name: value" lines, or its JSON. */
void entity_print(struct cli *c, enum model_type type, const void *rec);
/* Prints a list of records (possibly of several types) as a table, or a JSON array. */
void entity_print_list(struct cli *c, const struct store_list *l, bool day_totals);
/* Summary of a record for mixed lists: "Run 5 km", "lunch: Pasta (650 kcal)". */
char *entity_summary(enum model_type type, const void *rec);
/* Checks that a goal exists (for --goal links); CLI_OK or an exit code after an error. */
int entity_check_goal(struct cli *c, const char *goal_id, const char *what);
/* The occurredAt of a record with one, else NULL. */
const char *entity_time(enum model_type type, const void *rec);

/* A list request of one page, for list_collect. */
typedef int (*page_fn)(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err);
/* Collects pages until done or max records; a list cut short says so on stderr. */
int list_collect(struct cli *c, const char *what, page_fn fn, const void *ctx, size_t max,
    struct store_list *all);
/* --limit N (1..100000), def when absent. */
int list_limit(struct cli *c, const struct cli_args *a, size_t def, size_t *limit);
/* journal/meal/workout/activity list over a date range (today when no dates). */
int cmd_range_list(struct cli *c, enum model_type type, int argc, char **argv);

#endif
