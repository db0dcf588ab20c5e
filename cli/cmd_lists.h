/*
 * Lists (cli/cmd_lists.c): the options every list shares (--limit,
 * --reverse), reading a pattern's pages as a stream into a list printer
 * (cli/print.h), the sorted lists (goals, users), the latest N of the lists
 * without dates, and the list commands of journal entries, meals, workouts,
 * activities and the timeline. The commands themselves are declared in cli.h.
 *
 * The sort rule of every list over time: chronological by occurredAt, oldest
 * first (ties: the kind, then the id); --reverse flips it.
 */
#ifndef AILIFE_CLI_CMD_LISTS_H
#define AILIFE_CLI_CMD_LISTS_H

#include "cli/cli.h"
#include "cli/print.h"

#include <stdbool.h>

/* The ceiling of list_collect's callers that still want one (no list command has a default cap). */
#define LIST_LIMIT_DEFAULT 1000
/* How many entries a list without dates shows (journal list, activity list --goal) when no --limit. */
#define LIST_LATEST_DEFAULT 20

/* The options every list takes, for its cli_opt table. */
#define LIST_OPTS { "limit", true, false }, { "reverse", false, false }
/* The options of a range (cli_range): --from/--to, or --month / --week. */
#define RANGE_OPTS { "from", true, false }, { "to", true, false }, { "month", true, false }, { "week", true, false }
/* Whether a range was given at all (else a list has its default range). */
#define RANGE_GIVEN(a) (cli_has((a), "from") || cli_has((a), "to") || cli_has((a), "month") || cli_has((a), "week"))

/* --limit and --reverse as given. limit 0: every item. */
struct list_opts {
	size_t limit;
	bool limit_given;
	bool reverse;
};
/* Reads LIST_OPTS; def: the limit when --limit is absent (0: none). */
int list_options(struct cli *c, const struct cli_args *a, size_t def, struct list_opts *o);

/* A list request of one page. */
typedef int (*page_fn)(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err);
/*
 * Prints every record of fn's pages in their order through p (ended here:
 * whole on success, as far as it got on a failure), at most limit (0: all).
 * *more (may be NULL): one more record was there.
 */
int list_stream(struct cli *c, const char *what, page_fn fn, const void *ctx, size_t limit,
    struct list_printer *p, bool *more);
/*
 * The latest of a newest-first pattern: at most o->limit, printed oldest
 * first (newest first with --reverse). Without --limit, a longer list says on
 * stderr how to see more (hint: "--from/--to").
 */
int list_latest(struct cli *c, const char *what, page_fn newest_first, const void *ctx, int shape,
    const struct list_opts *o, const char *hint);
/* An oldest-first pattern in the list order: a stream; with --reverse, held and turned round. */
int list_ascending(struct cli *c, const char *what, page_fn oldest_first, const void *ctx, int shape,
    const struct list_opts *o);
/*
 * Goals (status active, paused, completed, archived; then due date, none
 * last; then title) or users (by name), read whole and sorted: shape
 * MODEL_GOAL or MODEL_USER.
 */
int list_sorted(struct cli *c, const char *what, page_fn fn, const void *ctx, int shape,
    const struct list_opts *o);
/* Records of several kinds in the sort rule's order (occurredAt, kind, id). */
void list_sort_by_time(struct store_list *l);
/* Reverses l in place (a newest-first page into the list order). */
void list_reverse(struct store_list *l);

/* Collects pages until done or max records; a list cut short says so on stderr. */
int list_collect(struct cli *c, const char *what, page_fn fn, const void *ctx, size_t max,
    struct store_list *all);
/* --limit N (1..100000), def when absent. */
int list_limit(struct cli *c, const struct cli_args *a, size_t def, size_t *limit);
/*
 * What a search keeps of a list (issue 16): journal entries with every one of
 * tags (folded case), journal entries whose title or body holds text, meals
 * whose name holds name, goals of category (folded case). Unset: no condition.
 * Matched on the client over the pages of the pattern's Query (never a Scan).
 */
struct list_filter {
	const char *const *tags;
	size_t ntags;
	const char *text;
	const char *name;
	const char *category;
};
bool list_filter_keeps(const struct list_filter *f, const struct store_item *it);
/* Drops from a page what f does not keep (its cursor stays). */
void list_filter_page(const struct list_filter *f, struct store_list *l);
/* journal search TEXT [range] [--tag T]...: entries whose title or body holds TEXT. */
int cmd_journal_search(struct cli *c, int argc, char **argv);

/* journal/meal/workout/activity list over a date range (today when no dates). */
int cmd_range_list(struct cli *c, enum model_type type, int argc, char **argv);

#endif
