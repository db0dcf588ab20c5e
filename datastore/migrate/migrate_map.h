/*
 * Migration from the legacy goals tables (ADR-005's six steps; the legacy
 * schema, the mapping and the state item are in data-model.md). The folder
 * datastore/migrate/ holds it, one module a job, all under the prefix
 * migrate_ (as datastore/ddb/ is ddb_): migrate_map (this: legacy rows and
 * records), migrate_state (the state item), migrate_source (the legacy rows
 * page by page), migrate_run (the copy, cutover, cleanup), migrate_verify,
 * and dualwrite (the dual-writing table). It talks to the store through the
 * table interface only, other tables included (table_other_tables).
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
 */
#ifndef AILIFE_MIGRATE_MAP_H
#define AILIFE_MIGRATE_MAP_H

#include <jansson.h>
#include <stddef.h>

#include "datastore/model.h"

#define MIGRATE_GOALS_TABLE "goals"
#define MIGRATE_ACTIVITIES_TABLE "goal-activities"
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

/* Helpers of the migration's items, shared with migrate_state.c. */
/* Fills why (when there is room) and returns -1. */
int migrate_fail(char *why, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The member of an attribute value of type type ("S"), NULL when absent; *bad when present but of another type. */
const char *migrate_av_get(json_t *item, const char *name, const char *type, bool *bad);
/* Sets name to {"S": v} when v is not NULL. */
void migrate_av_set_s(json_t *item, const char *name, const char *v);

#endif
