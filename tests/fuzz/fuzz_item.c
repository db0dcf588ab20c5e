/*
 * libFuzzer target: an import line (one item in attribute-value JSON) through
 * model_check_item. A refusal must come with a message free of raw control
 * bytes; an accepted item must read back, rebuild to an item that is accepted
 * too, and survive a second trip unchanged.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datastore/model.h"

/* Import refuses lines past this; an item is at most 400 KB. */
#define FUZZ_ITEM_MAX (500 * 1024)
/* An item nests three levels ({"tags":{"SS":[...]}}); jansson allows 2048. */
#define FUZZ_ITEM_DEPTH 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether brackets outside strings nest deeper than max. */
static int
too_deep(const uint8_t *data, size_t size, int max)
{
	int depth = 0, in_string = 0, escaped = 0;

	for (size_t i = 0; i < size; i++) {
		uint8_t c = data[i];

		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == '{' || c == '[') {
			if (++depth > max)
				return 1;
		} else if (c == '}' || c == ']') {
			depth--;
		}
	}
	return 0;
}

static void
check_message(const char *why)
{
	if (why[0] == '\0')
		abort();
	for (const unsigned char *p = (const unsigned char *)why; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *item, *again, *third, *plain;
	enum model_type type, type2;
	void *rec, *rec2;
	char why[512];

	if (size > FUZZ_ITEM_MAX || too_deep(data, size, FUZZ_ITEM_DEPTH))
		return 0;
	item = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err);
	if (item == NULL)
		return 0;
	why[0] = '\0';
	if (model_check_item(item, why, sizeof(why)) != 0) {
		check_message(why);
		json_decref(item);
		return 0;
	}
	if (model_from_item(item, &type, &rec, why, sizeof(why)) != 0)
		abort();
	if ((again = model_to_item(type, rec)) == NULL)
		abort();
	if (model_check_item(again, why, sizeof(why)) != 0)
		abort();
	if (model_from_item(again, &type2, &rec2, why, sizeof(why)) != 0 || type2 != type)
		abort();
	if ((third = model_to_item(type2, rec2)) == NULL || !json_equal(again, third))
		abort();
	if ((plain = model_to_json(type, rec)) == NULL)
		abort();
	json_decref(plain);
	json_decref(third);
	json_decref(again);
	model_free(type2, rec2);
	model_free(type, rec);
	json_decref(item);
	return 0;
}
