/*
 * Where the legacy rows come from, page by page: the legacy tables of the
 * store (other tables, scanned in parallel segments through the table
 * interface: table_scan_many), or the output of `aws dynamodb scan` in two
 * files. Run and verify are both passes over it, with the same options and
 * counts; a page's checkpoint is what the state records.
 */
#ifndef AILIFE_MIGRATE_SOURCE_H
#define AILIFE_MIGRATE_SOURCE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/migrate/migrate_map.h"
#include "datastore/table.h"

#define MIGRATE_CP_DONE "*"      /* the checkpoint of a finished segment */

/* The legacy tables of a store (one whose table_other_tables holds), or scan files. */
struct migrate_source {
	struct table *store;     /* a table of the store that holds the legacy tables; NULL with files */
	const char *tables[MIGRATE_KINDS];
	json_t *files[MIGRATE_KINDS];   /* Items arrays (borrowed), when from files */
};

struct migrate_counts {
	long long seen[MIGRATE_KINDS];      /* legacy rows read */
	long long total[MIGRATE_KINDS];     /* rows expected (DescribeTable ItemCount, file sizes); -1 unknown */
	long long copied[MIGRATE_KINDS];    /* written (or, dry run, that would be) */
	long long profiles, skipped, notes, differences;
	double seconds;
};

struct migrate_opts {
	int segments;            /* <= 0: the state's, else MIGRATE_SEGMENTS_DEFAULT */
	bool dry_run;
	int page_limit;          /* > 0: rows per Scan call (Limit) or file page; else 1 MB pages / 1000 rows */
	volatile sig_atomic_t *stop;    /* set (by a signal handler): stop after the round, checkpointed */
	/* Called after every round (final: the last call). */
	void (*progress)(void *ctx, const struct migrate_counts *c, bool final);
	/* A skipped row ("skipped"), a note ("note"), a verify difference ("difference"). */
	void (*report)(void *ctx, const char *what, const char *key, const char *why);
	void *ctx;
};

/* Hands a report to opts->report, when there is one. */
void migrate_source_report(const struct migrate_opts *o, const char *what, const char *key, const char *why);
/* The segments of a new pass: 1 for files, else opts->segments or MIGRATE_SEGMENTS_DEFAULT. */
int migrate_source_segments(const struct migrate_source *src, const struct migrate_opts *o);
/* "dynamodb" (the legacy tables) or "files", as the state records it. */
const char *migrate_source_name(const struct migrate_source *src);

/* Where a pass is in every segment of both tables. */
struct migrate_cursors {
	int segments;
	int limit;               /* rows per page; 0: the source's own */
	char **cp[MIGRATE_KINDS];    /* NULL not begun, MIGRATE_CP_DONE, else a checkpoint */
};

void migrate_cursors_init(struct migrate_cursors *c, int segments);
void migrate_cursors_done(struct migrate_cursors *c);
bool migrate_cursors_finished(const struct migrate_cursors *c);

/* One page of one segment of one table. */
struct migrate_page {
	enum migrate_kind kind;
	int seg;
	json_t *items;           /* new reference */
	char *next;              /* the checkpoint after this page: a checkpoint or MIGRATE_CP_DONE */
};

/*
 * The next page of every unfinished segment of both tables, all at once
 * (*out: n pages, freed with migrate_pages_done). -1 with err.
 */
int migrate_source_pages(const struct migrate_source *src, const struct migrate_cursors *c,
    struct migrate_page **out, size_t *n, struct table_err *err);
void migrate_pages_done(struct migrate_page *p, size_t n);
/* Rows expected per table (counts->total): DescribeTable's ItemCount (approximate on the service), or the file's. */
void migrate_source_totals(const struct migrate_source *src, struct migrate_counts *c);

#endif
