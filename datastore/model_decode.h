/*
 * Reading a stored item's text straight into a record, without jansson.
 *
 * json_read + model_from_item build a jansson value for every attribute of
 * every item and free it again: most of what a list of the embedded store
 * costs. model_decode reads the attribute-value JSON text once, in place, and
 * fills the record. It accepts only what it is sure of: whatever it does not
 * take (invalid JSON, a refusal of model_from_item, a duplicate attribute, a
 * JSON number, nesting it does not expect) it hands back as "not sure" and the
 * caller asks the reference (json_read, model_from_item), which judges and
 * words the error. A differential fuzz target (tests/fuzz/fuzz_decode.c)
 * holds it to json_loadb + model_from_item: what it accepts, they accept as
 * the same record and the same size.
 */
#ifndef AILIFE_MODEL_DECODE_H
#define AILIFE_MODEL_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/model.h"

/*
 * The item in text (len bytes, NUL not needed), read as
 * model_from_item(json_loadb(text, JSON_ALLOW_NUL)) would read it, after
 * keeping only the attributes named in projection (NULL-terminated; NULL: all),
 * as a Query's ProjectionExpression does. Returns 0 with *type, *rec (new) and
 * *size (table_item_size of the whole item, before the projection); 1 (nothing
 * set) when the reference must judge.
 */
int model_decode(const char *text, size_t len, const char *const *projection, enum model_type *type,
    void **rec, size_t *size);

/* Whether two records of type hold the same values (strings, numbers, tags in order). */
bool model_same(enum model_type type, const void *a, const void *b);

#endif
