/* The model's keys and items: a record to its DynamoDB item (with every key of data-model.md) and back. */
#include "datastore/model.h"
#include "datastore/model_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/timefmt.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* ---- keys ---- */

/*
 * The key and GSI attributes of a record (data-model.md, "Keys"), NULL where the
 * entity has none. Returns -1 when a part a key needs is missing.
 */
static int
build_keys(const struct model_entity *e, const void *rec, char *k[K_COUNT])
{
	const struct model_common *c = rec;
	const char *u = c->user_id, *id = model_id(e->type, rec);
	const char *at = model_str_by_attr(e, rec, "occurredAt");
	const char *goal = model_str_by_attr(e, rec, "goalId");

	for (int i = 0; i < K_COUNT; i++)
		k[i] = NULL;
	if (u == NULL || (e->id_attr != NULL && id == NULL))
		return -1;
	k[K_PK] = keys_user_pk(u);
	if (e->type == MODEL_USER)
		k[K_SK] = xstrdup(keys_profile_sk());
	else if (e->id_attr == NULL) {
		/* An entity without an id of its own (an activity) is keyed by its goal and time. */
		if (goal == NULL || at == NULL)
			goto fail;
		k[K_SK] = keys_activity_sk(goal, at);
	} else
		k[K_SK] = keys_entity_sk(e->type_name, id);

	switch (e->gsi1) {
	case MODEL_GSI1_USER:
		k[K_GSI1PK] = xstrdup(keys_gsi1_users_pk());
		k[K_GSI1SK] = keys_gsi1_user_sk(u);
		break;
	case MODEL_GSI1_GOAL_STATUS: {
		const char *status = model_str_by_attr(e, rec, "status");
		if (status == NULL)
			goto fail;
		k[K_GSI1PK] = keys_gsi1_status_pk(status);
		k[K_GSI1SK] = keys_gsi1_goal_sk(u, id);
		break;
	}
	case MODEL_GSI1_NONE:
		break;
	}
	if (e->gsi2) {
		if (at == NULL || (id == NULL && goal == NULL))
			goto fail;
		k[K_GSI2PK] = keys_gsi2_pk(u, e->type_name);
		k[K_GSI2SK] = keys_gsi2_sk(at, id != NULL ? id : goal);
	}
	switch (e->gsi3) {
	case MODEL_GSI3_ACTIVITY:
		if (goal == NULL || at == NULL)
			goto fail;
		k[K_GSI3PK] = keys_gsi3_pk(goal);
		k[K_GSI3SK] = keys_gsi3_activity_sk(at);
		break;
	case MODEL_GSI3_IF_LINKED:
		if (goal == NULL)
			break;
		if (at == NULL || id == NULL)
			goto fail;
		k[K_GSI3PK] = keys_gsi3_pk(goal);
		k[K_GSI3SK] = keys_gsi3_sk(e->type_name, at, id);
		break;
	case MODEL_GSI3_NONE:
		break;
	}
	return 0;
fail:
	for (int i = 0; i < K_COUNT; i++) {
		free(k[i]);
		k[i] = NULL;
	}
	return -1;
}

/* Which attributes a key is made of, for a message about a key that does not match. */
static void
key_source(const struct model_entity *e, int key, char *out, size_t size)
{
	const char *id = e->id_attr != NULL ? e->id_attr : "goalId";
	const char *src = "";

	switch (key) {
	case K_PK:
	case K_GSI2PK:
		src = "userId";
		break;
	case K_SK:
		if (e->type == MODEL_USER)
			src = "type";
		else if (e->id_attr == NULL)
			src = "goalId and occurredAt";
		else
			src = e->id_attr;
		break;
	case K_GSI1PK:
		src = e->gsi1 == MODEL_GSI1_GOAL_STATUS ? "status" : "type";
		break;
	case K_GSI1SK:
		src = e->gsi1 == MODEL_GSI1_GOAL_STATUS ? "userId and goalId" : "userId";
		break;
	case K_GSI2SK:
		snprintf(out, size, "occurredAt and %s", id);
		return;
	case K_GSI3PK:
		src = "goalId";
		break;
	case K_GSI3SK:
		if (e->gsi3 == MODEL_GSI3_ACTIVITY)
			src = "occurredAt";
		else {
			snprintf(out, size, "occurredAt and %s", id);
			return;
		}
		break;
	}
	snprintf(out, size, "%s", src);
}

/* ---- items ---- */

/*
 * Sets key to value (a new reference); remembers a NULL value (text jansson
 * refused) in *bad. Keys are the model's own attribute names (ASCII), so
 * jansson need not check them: items are built a million times in an import.
 */
void
model_put(json_t *obj, const char *key, json_t *value, bool *bad)
{
	if (value == NULL || json_object_set_new_nocheck(obj, key, value) < 0)
		*bad = true;
}

/* {"<tag>": value}; tag is one of DynamoDB's type names ("S", "N", "SS"). */
static json_t *
av(const char *tag, json_t *value)
{
	json_t *o;

	if (value == NULL)
		return NULL;
	o = json_object();
	/* With o NULL (no memory) jansson still drops value. */
	if (json_object_set_new_nocheck(o, tag, value) < 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The tags sorted with duplicates dropped, as a JSON array (SS content and --json output). */
json_t *
model_tags_array(const struct model_strset *t)
{
	char **sorted = xcalloc(t->n, sizeof(char *));
	json_t *arr = json_array();

	memcpy(sorted, t->v, t->n * sizeof(char *));
	qsort(sorted, t->n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < t->n; i++) {
		if (i > 0 && strcmp(sorted[i], sorted[i - 1]) == 0)
			continue;
		if (json_array_append_new(arr, json_string(sorted[i])) < 0) {
			json_decref(arr);
			arr = NULL;
			break;
		}
	}
	free(sorted);
	return arr;
}

static json_t *
num_av(const struct model_field *f, long long v)
{
	char text[DECIMAL_TEXT_MAX];

	if (f->kind == MODEL_FIELD_INT)
		snprintf(text, sizeof(text), "%lld", v);
	else
		decimal_format(v, text);
	return av("N", json_string(text));
}

json_t *
model_to_item(enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);
	char *k[K_COUNT], text[DECIMAL_TEXT_MAX];
	bool bad = false;

	if (e == NULL || rec == NULL || build_keys(e, rec, k) < 0)
		return NULL;
	json_t *item = json_object();
	for (int i = 0; i < K_COUNT; i++) {
		if (k[i] != NULL)
			model_put(item, model_key_attrs[i], av("S", json_string(k[i])), &bad);
		free(k[i]);
	}
	model_put(item, "type", av("S", json_string(e->type_name)), &bad);
	for (size_t i = 0; i < COMMON_COUNT; i++) {
		const char *s = model_str_get(rec, &model_common_fields[i]);
		if (s != NULL)
			model_put(item, model_common_fields[i].attr, av("S", json_string(s)), &bad);
	}
	snprintf(text, sizeof(text), "%lld", ((const struct model_common *)rec)->version);
	model_put(item, "version", av("N", json_string(text)), &bad);
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			if (model_tags_get(rec, f)->n > 0)
				model_put(item, f->attr, av("SS", model_tags_array(model_tags_get(rec, f))), &bad);
		} else if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			if (model_num_get(rec, f)->set)
				model_put(item, f->attr, num_av(f, model_num_get(rec, f)->v), &bad);
		} else if (model_str_get(rec, f) != NULL) {
			model_put(item, f->attr, av("S", json_string(model_str_get(rec, f))), &bad);
		}
	}
	if (bad) {
		json_decref(item);
		return NULL;
	}
	return item;
}

static bool
is_key_attr(const char *name)
{
	for (int i = 0; i < K_COUNT; i++) {
		if (strcmp(model_key_attrs[i], name) == 0)
			return true;
	}
	return false;
}

/*
 * The inside of an attribute value of the given type tag ({"S": "x"} -> "x"):
 * the value must be an object of exactly one member with that tag; S and N
 * hold a string without NUL, SS a non-empty array of such strings.
 */
static json_t *
av_value(json_t *value, const char *attr, const char *want, char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	const char *tag = "";
	json_t *inner = NULL;

	if (!json_is_object(value) || json_object_size(value) != 1) {
		model_fail(why, why_size, "%s: not an attribute value (an object with one member, like {\"%s\": ...})",
		    attr, want);
		return NULL;
	}
	json_object_foreach(value, tag, inner)
		break;
	if (strcmp(tag, want) != 0) {
		model_fail(why, why_size, "%s: must be %s, not %s", attr, want, model_show(tag, shown));
		return NULL;
	}
	if (strcmp(want, "SS") == 0) {
		size_t i;
		json_t *s;
		if (!json_is_array(inner) || json_array_size(inner) == 0) {
			model_fail(why, why_size, "%s: SS must be a non-empty array of strings", attr);
			return NULL;
		}
		json_array_foreach(inner, i, s) {
			if (!json_is_string(s) || strlen(json_string_value(s)) != json_string_length(s)) {
				model_fail(why, why_size, "%s: SS must be a non-empty array of strings", attr);
				return NULL;
			}
		}
		return inner;
	}
	if (!json_is_string(inner)) {
		model_fail(why, why_size, "%s: the %s value must be a JSON string", attr, want);
		return NULL;
	}
	if (strlen(json_string_value(inner)) != json_string_length(inner)) {
		model_fail(why, why_size, "%s: contains a NUL character", attr);
		return NULL;
	}
	return inner;
}

/* Reads one attribute of the entity's own fields into rec. */
static int
read_field(const struct model_field *f, json_t *value, void *rec, char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	const char *reason = NULL;
	json_t *inner;
	long long v;

	switch (f->kind) {
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT: {
		if ((inner = av_value(value, f->attr, "N", why, why_size)) == NULL)
			return -1;
		const char *text = json_string_value(inner);
		int rc = f->kind == MODEL_FIELD_NUM ? decimal_parse(text, &v, &reason)
		    : decimal_parse_int(text, &v, &reason);
		if (rc < 0 && f->kind == MODEL_FIELD_INT)
			return model_fail_int(why, why_size, f->attr, text, reason);
		if (rc < 0)
			return model_fail(why, why_size, "%s: '%s': %s", f->attr, model_show(text, shown),
			    reason != NULL ? reason : "not a number");
		model_num_at(rec, f)->set = true;
		model_num_at(rec, f)->v = v;
		return 0;
	}
	case MODEL_FIELD_TAGS: {
		struct model_strset *t = model_tags_at(rec, f);
		size_t i;
		json_t *s;
		if ((inner = av_value(value, f->attr, "SS", why, why_size)) == NULL)
			return -1;
		model_tags_clear(t);
		t->v = xcalloc(json_array_size(inner), sizeof(char *));
		json_array_foreach(inner, i, s) {
			for (size_t j = 0; j < t->n; j++) {
				if (strcmp(t->v[j], json_string_value(s)) == 0)
					return model_fail(why, why_size, "%s: '%s' appears twice in the SS", f->attr,
					    model_show(t->v[j], shown));
			}
			t->v[t->n++] = xstrdup(json_string_value(s));
		}
		return 0;
	}
	default: {
		if ((inner = av_value(value, f->attr, "S", why, why_size)) == NULL)
			return -1;
		char **p = model_str_at(rec, f);
		free(*p);
		*p = xstrdup(json_string_value(inner));
		return 0;
	}
	}
}

int
model_from_item(json_t *item, enum model_type *type, void **rec, char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	const struct model_entity *e = NULL;
	const char *key, *reason = NULL;
	json_t *value, *inner;
	void *r = NULL;

	*rec = NULL;
	if (!json_is_object(item))
		return model_fail(why, why_size, "an item must be a JSON object of attributes");
	if ((value = json_object_get(item, "type")) == NULL)
		return model_fail(why, why_size, "type: missing");
	if ((inner = av_value(value, "type", "S", why, why_size)) == NULL)
		return -1;
	for (size_t i = 0; i < MODEL_TYPE_COUNT && e == NULL; i++) {
		if (strcmp(model_entities[i].type_name, json_string_value(inner)) == 0)
			e = &model_entities[i];
	}
	if (e == NULL)
		return model_fail(why, why_size, "type: unknown type '%s'", model_show(json_string_value(inner), shown));

	r = model_new(e->type);
	json_object_foreach(item, key, value) {
		const struct model_field *f;
		bool common = false;

		if (strcmp(key, "type") == 0)
			continue;
		/* Keys are derived from the other attributes; model_check_item compares them. */
		if (is_key_attr(key)) {
			if (av_value(value, key, "S", why, why_size) == NULL)
				goto fail;
			continue;
		}
		if (strcmp(key, "version") == 0) {
			long long v;
			if ((inner = av_value(value, key, "N", why, why_size)) == NULL)
				goto fail;
			if (decimal_parse_int(json_string_value(inner), &v, &reason) < 0) {
				model_fail_int(why, why_size, "version", json_string_value(inner), reason);
				goto fail;
			}
			((struct model_common *)r)->version = v;
			continue;
		}
		for (size_t i = 0; i < COMMON_COUNT; i++) {
			if (strcmp(key, model_common_fields[i].attr) == 0) {
				if (read_field(&model_common_fields[i], value, r, why, why_size) < 0)
					goto fail;
				common = true;
				break;
			}
		}
		if (common)
			continue;
		if ((f = model_field_by_attr(e, key)) == NULL) {
			model_fail(why, why_size, "unknown attribute '%s' for a %s", model_show(key, shown), e->type_name);
			goto fail;
		}
		if (read_field(f, value, r, why, why_size) < 0)
			goto fail;
	}
	*type = e->type;
	*rec = r;
	return 0;
fail:
	model_free(e->type, r);
	return -1;
}

int
model_check_item(json_t *item, char *why, size_t why_size)
{
	enum model_type type;
	void *rec = NULL;
	char *k[K_COUNT];
	int rc = -1;

	if (model_from_item(item, &type, &rec, why, why_size) < 0)
		return -1;
	if (model_validate(type, rec, why, why_size) < 0)
		goto done;
	const struct model_entity *e = model_entity(type);
	if (build_keys(e, rec, k) < 0) {
		model_fail(why, why_size, "the item lacks what its keys are made of");
		goto done;
	}
	rc = 0;
	for (int i = 0; i < K_COUNT && rc == 0; i++) {
		json_t *av_have = json_object_get(item, model_key_attrs[i]);
		const char *have = av_have != NULL ? json_string_value(json_object_get(av_have, "S")) : NULL;
		char src[64], shown_have[SHOW_SIZE * 2], shown_want[SHOW_SIZE * 2];
		const char *verb;

		/* The common case, a key as it should be, needs no message: a million-line import checks 8 a line. */
		if ((have == NULL && k[i] == NULL) || (have != NULL && k[i] != NULL && strcmp(have, k[i]) == 0))
			continue;
		key_source(e, i, src, sizeof(src));
		verb = strstr(src, " and ") != NULL ? "say" : "says";
		if (have != NULL)
			model_show_n(have, 120, shown_have, sizeof(shown_have));
		if (k[i] != NULL)
			model_show_n(k[i], 120, shown_want, sizeof(shown_want));
		if (have == NULL && k[i] != NULL)
			rc = model_fail(why, why_size, "%s: missing (the item's %s %s '%s')", model_key_attrs[i], src, verb,
			    shown_want);
		else if (have != NULL && k[i] == NULL && i >= K_GSI3PK && e->gsi3 == MODEL_GSI3_IF_LINKED)
			rc = model_fail(why, why_size, "%s: is '%s' but the item has no goalId", model_key_attrs[i], shown_have);
		else if (have != NULL && k[i] == NULL)
			rc = model_fail(why, why_size, "%s: is '%s' but %s items have none", model_key_attrs[i], shown_have,
			    e->type_name);
		else if (have != NULL && strcmp(have, k[i]) != 0)
			rc = model_fail(why, why_size, "%s: is '%s' but the item's %s %s '%s'", model_key_attrs[i], shown_have,
			    src, verb, shown_want);
	}
	for (int i = 0; i < K_COUNT; i++)
		free(k[i]);
	/*
	 * No model_to_item here to see that the item can be written back: it only
	 * fails on a string jansson refuses, and model_validate has already held
	 * every string to valid UTF-8 without NUL (text) or ASCII (ids, times,
	 * dates, enums). Building the item took a fifth of an import's check.
	 */
done:
	model_free(type, rec);
	return rc;
}
