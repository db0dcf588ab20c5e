/*
 * libFuzzer target, differential: a stored item's text through model_decode
 * (the embedded store's list path) against the reference, json_loadb +
 * model_from_item (after the projection a dated list asks for, as
 * local_query applies it). Whatever model_decode accepts, the reference
 * accepts as the same type, the same record and the same item size; whatever
 * the reference refuses, model_decode leaves to it. And without a projection
 * it is complete: an item without duplicate names that the reference accepts,
 * model_decode accepts too (it does not hand its work back to jansson).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "datastore/model.h"
#include "datastore/model_decode.h"
#include "datastore/table.h"

#define FUZZ_DECODE_MAX (500 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The attributes a dated list of type keeps (store.c's list projection): no key attribute. */
static void
projection_of(enum model_type type, const char **proj, size_t max)
{
	const struct model_entity *e = model_entity(type);
	size_t n = 0;

	proj[n++] = "type";
	proj[n++] = "userId";
	if (e->id_attr != NULL && strcmp(e->id_attr, "userId") != 0)
		proj[n++] = e->id_attr;
	for (size_t i = 0; i < e->field_count && n + 5 < max; i++)
		if (e->id_attr == NULL || strcmp(e->fields[i].attr, e->id_attr) != 0)
			proj[n++] = e->fields[i].attr;
	proj[n++] = "createdAt";
	proj[n++] = "updatedAt";
	proj[n++] = "version";
	proj[n] = NULL;
}

static json_t *
project(json_t *item, const char *const *projection)
{
	json_t *out, *v;

	if (projection == NULL)
		return json_incref(item);
	out = json_object();
	for (size_t i = 0; projection[i] != NULL; i++)
		if ((v = json_object_get(item, projection[i])) != NULL)
			json_object_set(out, projection[i], v);
	return out;
}

static void
check(const uint8_t *data, size_t size, json_t *item, bool no_dups, const char *const *projection)
{
	enum model_type type = MODEL_USER, rtype = MODEL_USER;
	void *rec = NULL, *ref = NULL;
	size_t dsize = 0;
	char why[512];
	int ref_ok = 0;

	if (item != NULL && json_is_object(item)) {
		json_t *p = project(item, projection);
		ref_ok = model_from_item(p, &rtype, &ref, why, sizeof why) == 0;
		json_decref(p);
	}
	int rc = model_decode((const char *)data, size, projection, &type, &rec, &dsize);
	if (rc == 0) {
		if (!ref_ok || type != rtype || !model_same(type, rec, ref) || dsize != table_item_size(item))
			abort();
		model_free(type, rec);
	} else if (rc != 1 || rec != NULL) {
		abort();
	} else if (ref_ok && no_dups && projection == NULL) {
		/* Complete where it need not hand back: the reference's acceptance is its own. */
		abort();
	}
	if (ref_ok)
		model_free(rtype, ref);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t err;
	json_t *item, *strict;
	const char *proj[64];
	bool no_dups;

	if (size > FUZZ_DECODE_MAX)
		return 0;
	item = json_loadb((const char *)data, size, JSON_ALLOW_NUL, &err);
	strict = item != NULL ? json_loadb((const char *)data, size, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &err)
	    : NULL;
	no_dups = strict != NULL;
	json_decref(strict);
	check(data, size, item, no_dups, NULL);
	for (int t = 0; t < MODEL_TYPE_COUNT; t++) {
		if (!model_entity((enum model_type)t)->gsi2)
			continue;
		projection_of((enum model_type)t, proj, sizeof proj / sizeof proj[0]);
		check(data, size, item, no_dups, proj);
	}
	json_decref(item);
	return 0;
}
