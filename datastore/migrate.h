/*
 * Migration from the legacy goals tables (ADR-005's six steps; the legacy
 * schema, the mapping and the state item are in data-model.md).
 *
 * The mapping is pure and exact both ways: a legacy goal or activity becomes
 * a model record (migrate_map_*), and a record becomes the legacy item again
 * (migrate_legacy_*, for the dual writes). A legacy row that breaks a rule
 * (an id the id rule refuses, a missing attribute, a non-numeric or
 * out-of-range value, an unknown attribute) is refused with the reason,
 * never changed to fit. Two things are not rule breaks: a goal's
 * `description`, which the data model has no place for, is left behind and
 * reported as a note; a goal's `currentValue` that is not the sum of its
 * activities is copied as it is (currentValue is progress, as the mapping
 * says) and reported by verify as a difference, so nothing is cut over until
 * the legacy data is put right.
 *
 * The state item (MIGRATION#legacy-goals / STATE) lives in the single table:
 * the phase (copying, copied, verified, cutover, cleaned), per-segment scan
 * checkpoints, counts, the last verify and the last dual write. Every change
 * of it by a run is an UpdateItem conditional on its version, so two runs
 * cannot overwrite each other's checkpoints.
 */
#ifndef AILIFE_MIGRATE_H
#define AILIFE_MIGRATE_H

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "datastore/model.h"
#include "datastore/table.h"

#define MIGRATE_NAME "legacy-goals"
#define MIGRATE_GOALS_TABLE "goals"
#define MIGRATE_ACTIVITIES_TABLE "goal-activities"
#define MIGRATE_SEGMENTS_DEFAULT 4
#define MIGRATE_SEGMENTS_MAX 64
#define MIGRATE_FILE_MAX (1024L * 1024 * 1024)  /* a scan file over 1 GiB is refused */

enum migrate_kind {
	MIGRATE_GOALS = 0,
	MIGRATE_ACTIVITIES = 1,
};
#define MIGRATE_KINDS 2

/* ---- mapping ---- */

/*
 * A legacy goal item (attribute-value JSON) into a new goal record (version
 * from a `version` attribute that dual writes add, else 1). Returns 0, 1 when
 * it maps but with a note in why (a description left behind), or -1 with why.
 */
int migrate_map_goal(json_t *legacy, struct model_goal **out, char *why, size_t why_size);
/* A legacy activity item into a new activity record (createdAt = updatedAt = occurredAt). 0 or -1 with why. */
int migrate_map_activity(json_t *legacy, struct model_activity **out, char *why, size_t why_size);
/* The legacy key of an item for reports: "userId=u goalId=g", "goalId=g timestamp=ms"; made inert. */
char *migrate_legacy_key_text(enum migrate_kind kind, json_t *legacy);

/* Back to the legacy format (dual writes): the whole item, and its key. */
json_t *migrate_legacy_goal(const struct model_goal *g);
json_t *migrate_legacy_activity(const struct model_activity *a);
json_t *migrate_legacy_goal_key(const char *user_id, const char *goal_id);
json_t *migrate_legacy_activity_key(const char *goal_id, long long at_ms);

/* ---- scan files (`aws dynamodb scan` output: {"Items":[...],"Count":n,...}) ---- */

/* *items: the Items array (new reference). -1 with why when the text is not that shape. */
int migrate_parse_scan(const char *text, size_t len, json_t **items, char *why, size_t why_size);
/* Which table a file's items come from, by their attributes; -1 when unknown (or empty). */
int migrate_items_kind(json_t *items);
/* Reads a scan file; -1 with why. */
int migrate_read_scan_file(const char *path, json_t **items, char *why, size_t why_size);

/* ---- state ---- */

struct migrate_state {
	bool exists;
	long long version;
	char *phase;             /* NULL: nothing started */
	char *source;            /* "dynamodb" or "files" */
	char *tables[MIGRATE_KINDS];
	int segments;
	/* Per segment: NULL not begun, "*" done, else the cursor to go on from. */
	char **checkpoints[MIGRATE_KINDS];
	long long copied[MIGRATE_KINDS], profiles, skipped, notes;
	char *started_at, *copied_at, *verified_at, *last_verify, *last_legacy_write;
	char *cutover_at, *cleaned_at;
	long long differences;
};

void migrate_state_done(struct migrate_state *s);
/* The item of a state (new reference) and back (-1 with why when it is not a state item). */
json_t *migrate_state_item(const struct migrate_state *s);
int migrate_state_from_item(json_t *item, struct migrate_state *s, char *why, size_t why_size);
/* Reads the state from the table; an absent item gives exists = false. */
int migrate_state_load(struct table *t, struct migrate_state *s, struct table_err *err);
/* The state item's key (new reference). */
json_t *migrate_state_key(void);

/* ---- the steps ---- */

/* Where the legacy rows come from: DynamoDB tables (scanned through ddb), or scan files. */
struct migrate_source {
	struct table *ddb;       /* a table of the DynamoDB backend; NULL with files */
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

/*
 * Copies (or, dry_run, only reads and checks) the legacy rows into t, from
 * the checkpoints of an unfinished pass or from the start. Returns 0 when the
 * pass is finished (counts->skipped may be > 0), 1 when stopped through
 * opts->stop (checkpointed), -1 with err.
 */
int migrate_run(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *counts, struct table_err *err);
/*
 * Compares both sides completely and records the verify in the state.
 * Returns 0 (counts->differences tells), or -1 with err.
 */
int migrate_verify(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *counts, struct table_err *err);
/* Marks the state cutover; refused (TABLE_COND_FAILED, why in err) unless a verify passed after the last legacy write. */
int migrate_cutover(struct table *t, struct table_err *err);
/* Deletes the legacy tables (ddb: src->ddb; none with files) after cutover; phase cleaned. */
int migrate_cleanup(struct table *t, const struct migrate_source *src, struct table_err *err);

/*
 * Called where the store is opened: with dual_write set (1) and the state
 * not cutover, replaces *t by the dual-writing table (datastore/dualwrite.h);
 * after cutover, or on the embedded store, a warning on warn and no change.
 * Legacy table names NULL: the state's, else goals / goal-activities.
 */
void migrate_wrap_table(struct table **t, const char *goals_table, const char *activities_table,
    int dual_write, FILE *warn);

#endif
