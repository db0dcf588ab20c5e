/*
 * Lists over time (cli/cmd_lists.c): collecting a pattern's pages up to a
 * limit, --limit, and the list command of journal entries, meals, workouts and
 * activities over a date range. The commands themselves are declared in cli.h.
 */
#ifndef AILIFE_CLI_CMD_LISTS_H
#define AILIFE_CLI_CMD_LISTS_H

#include "cli/cli.h"

#define LIST_LIMIT_DEFAULT 1000

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
