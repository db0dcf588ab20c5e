/*
 * The migration-state item (MIGRATION#legacy-goals / STATE) in the single
 * table: the phase (copying, copied, verified, cutover, cleaned), per-segment
 * scan checkpoints, counts, the last verify and the last dual write. Every
 * change of it by a run is an UpdateItem conditional on its version, so two
 * runs cannot overwrite each other's checkpoints.
 */
#ifndef AILIFE_MIGRATE_STATE_H
#define AILIFE_MIGRATE_STATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/migrate/migrate_map.h"
#include "datastore/table.h"

#define MIGRATE_NAME "legacy-goals"
#define MIGRATE_SEGMENTS_DEFAULT 4
#define MIGRATE_SEGMENTS_MAX 64

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
/*
 * Writes the state back: a new item, or an update under its version (which
 * goes up by one). A lost race reads as TABLE_COND_FAILED with a message
 * that says to run again.
 */
int migrate_state_save(struct table *t, struct migrate_state *s, struct table_err *err);
/* The state item's key (new reference). */
json_t *migrate_state_key(void);
/* Whether the state is in phase ("copied", ...); false before anything started. */
bool migrate_state_is(const struct migrate_state *s, const char *phase);

#endif
