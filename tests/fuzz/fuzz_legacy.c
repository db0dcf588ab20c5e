/*
 * libFuzzer target: a scan file of a legacy table (`aws dynamodb scan`
 * output) through migrate_parse_scan, then every item through both legacy
 * mappings. A refusal must come with a message free of raw control bytes; a
 * row that maps must give an item the single table accepts, and its legacy
 * form (what dual writes send) must map back to the very same item.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datastore/migrate/migrate_map.h"
#include "datastore/model.h"

#define FUZZ_SCAN_MAX (1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_message(const char *why)
{
	if (why[0] == '\0')
		abort();
	for (const unsigned char *p = (const unsigned char *)why; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
}

/* A mapped record: accepted by the single table, and the same after a trip through the legacy format. */
static void
check_record(enum model_type type, void *rec)
{
	char why[512];
	json_t *item = model_to_item(type, rec), *legacy, *item2;
	void *rec2 = NULL;
	int rc;

	if (item == NULL || model_check_item(item, why, sizeof why) != 0)
		abort();
	if (type == MODEL_GOAL) {
		legacy = migrate_legacy_goal(rec);
		rc = migrate_map_goal(legacy, (struct model_goal **)&rec2, why, sizeof why);
	} else {
		legacy = migrate_legacy_activity(rec);
		rc = migrate_map_activity(legacy, (struct model_activity **)&rec2, why, sizeof why);
	}
	if (rc != 0)
		abort();
	item2 = model_to_item(type, rec2);
	if (!json_equal(item, item2))
		abort();
	json_decref(item2);
	json_decref(legacy);
	json_decref(item);
	model_free(type, rec2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *items, *row;
	char why[512];
	size_t i;

	if (size > FUZZ_SCAN_MAX)
		return 0;
	why[0] = '\0';
	if (migrate_parse_scan((const char *)data, size, &items, why, sizeof why) != 0) {
		check_message(why);
		return 0;
	}
	(void)migrate_items_kind(items);
	json_array_foreach(items, i, row) {
		struct model_goal *g = NULL;
		struct model_activity *a = NULL;
		char *key;
		int rc;

		why[0] = '\0';
		rc = migrate_map_goal(row, &g, why, sizeof why);
		if (rc != 0)
			check_message(why);
		if (rc >= 0)
			check_record(MODEL_GOAL, g);
		else if (g != NULL)
			abort();
		model_free(MODEL_GOAL, g);
		why[0] = '\0';
		if (migrate_map_activity(row, &a, why, sizeof why) == 0)
			check_record(MODEL_ACTIVITY, a);
		else if (a != NULL)
			abort();
		else
			check_message(why);
		model_free(MODEL_ACTIVITY, a);
		for (int k = 0; k < MIGRATE_KINDS; k++) {
			key = migrate_legacy_key_text((enum migrate_kind)k, row);
			check_message(key);
			free(key);
		}
	}
	json_decref(items);
	return 0;
}
