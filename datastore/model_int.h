/*
 * What the model's files share: the entity table (model.c), validation and its
 * messages (model_check.c), keys and items (model_item.c), plain JSON
 * (model_json.c). Not for use outside datastore/model*.c.
 */
#ifndef AILIFE_MODEL_INT_H
#define AILIFE_MODEL_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/model.h"

#define MILLI(x) ((long long)(x) * 1000LL)

/* How many characters of a value a message shows before "...". */
#define SHOW_CHARS 40
#define SHOW_SIZE 200

/* The fields every entity has (userId, createdAt, updatedAt, version), and the entities. */
extern const struct model_field model_common_fields[];
extern const size_t model_common_count;
#define COMMON_COUNT model_common_count
extern const struct model_entity model_entities[MODEL_TYPE_COUNT];

/* The key attributes, in the order model_to_item writes them. */
enum { K_PK, K_SK, K_GSI1PK, K_GSI1SK, K_GSI2PK, K_GSI2SK, K_GSI3PK, K_GSI3SK, K_COUNT };
extern const char *const model_key_attrs[K_COUNT];

/* A field's value in a record (NULL / unset when absent): inline, as they run per field of every item. */
static inline const char *
model_str_get(const void *rec, const struct model_field *f)
{
	return *(char *const *)((const char *)rec + f->offset);
}

static inline const struct model_num *
model_num_get(const void *rec, const struct model_field *f)
{
	return (const struct model_num *)((const char *)rec + f->offset);
}

static inline const struct model_strset *
model_tags_get(const void *rec, const struct model_field *f)
{
	return (const struct model_strset *)((const char *)rec + f->offset);
}
/* A string attribute of rec by its name, or NULL. */
const char *model_str_by_attr(const struct model_entity *e, const void *rec, const char *attr);
void model_tags_clear(struct model_strset *t);

/* Fills why (when there is room) and returns -1. */
int model_fail(char *why, size_t why_size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int model_fail_int(char *why, size_t why_size, const char *attr, const char *text, const char *reason);
/* A value as a message shows it: at most limit characters, controls escaped. */
const char *model_show_n(const char *s, size_t limit, char *out, size_t size);
const char *model_show(const char *s, char out[SHOW_SIZE]);

/* Sets key to value (a new reference) in obj; a NULL value sets *bad. */
void model_put(json_t *obj, const char *key, json_t *value, bool *bad);
/* The tags sorted, duplicates dropped, as a JSON array. */
json_t *model_tags_array(const struct model_strset *t);

#endif
