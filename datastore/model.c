/*
 * The model_entities of data-model.md, each described once in the table below; every
 * function of the model (validation in model_check.c, keys and items in
 * model_item.c, JSON output in model_json.c) walks that description instead of
 * knowing an entity by name. This file: the table, lookups, records.
 */
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


/* Every struct starts with its common part, so common code can reach it at offset 0. */
_Static_assert(offsetof(struct model_user, c) == 0, "common part first");
_Static_assert(offsetof(struct model_goal, c) == 0, "common part first");
_Static_assert(offsetof(struct model_activity, c) == 0, "common part first");
_Static_assert(offsetof(struct model_journal, c) == 0, "common part first");
_Static_assert(offsetof(struct model_meal, c) == 0, "common part first");
_Static_assert(offsetof(struct model_workout, c) == 0, "common part first");

static const char *const units_values[] = { "metric", "imperial", NULL };
static const char *const status_values[] = { "active", "paused", "completed", "archived", NULL };
static const char *const meal_type_values[] = { "breakfast", "lunch", "dinner", "snack", NULL };

#define STR(a, fl, k, st, m, req, mx) \
	{ .attr = (a), .flag = (fl), .kind = (k), .offset = offsetof(st, m), .required = (req), .max = (mx) }
#define NUM(a, fl, k, st, m, req, lo, hi) \
	{ .attr = (a), .flag = (fl), .kind = (k), .offset = offsetof(st, m), .required = (req), \
	  .min = (lo), .maxv = (hi) }
#define ENUM(a, fl, st, m, vals) \
	{ .attr = (a), .flag = (fl), .kind = MODEL_FIELD_ENUM, .offset = offsetof(st, m), \
	  .required = true, .values = (vals) }

static const struct model_field user_fields[] = {
	STR("name", "name", MODEL_FIELD_TEXT, struct model_user, name, true, 200),
	STR("email", "email", MODEL_FIELD_EMAIL, struct model_user, email, false, 254),
	STR("timezone", "timezone", MODEL_FIELD_ZONE, struct model_user, timezone, true, 255),
	ENUM("units", "units", struct model_user, units, units_values),
	NUM("dailyCalorieTarget", "calorie-target", MODEL_FIELD_NUM, struct model_user,
	    daily_calorie_target, false, 0, MILLI(100000)),
};

static const struct model_field goal_fields[] = {
	STR("goalId", NULL, MODEL_FIELD_ID, struct model_goal, goal_id, true, KEYS_ID_MAX),
	STR("title", "title", MODEL_FIELD_TEXT, struct model_goal, title, true, 200),
	STR("category", "category", MODEL_FIELD_TEXT, struct model_goal, category, false, 100),
	NUM("target", "target", MODEL_FIELD_NUM, struct model_goal, target, true, 1, MILLI(1000000000)),
	STR("unit", "unit", MODEL_FIELD_TEXT, struct model_goal, unit, true, 50),
	NUM("progress", "progress", MODEL_FIELD_NUM, struct model_goal, progress, true, 0, DECIMAL_MAX_MILLI),
	ENUM("status", "status", struct model_goal, status, status_values),
	STR("startDate", "start", MODEL_FIELD_DATE, struct model_goal, start_date, false, 10),
	STR("dueDate", "due", MODEL_FIELD_DATE, struct model_goal, due_date, false, 10),
};

static const struct model_field activity_fields[] = {
	STR("goalId", "goal", MODEL_FIELD_ID, struct model_activity, goal_id, true, KEYS_ID_MAX),
	NUM("amount", "amount", MODEL_FIELD_NUM, struct model_activity, amount, true, 0, MILLI(1000000000)),
	STR("note", "note", MODEL_FIELD_TEXT, struct model_activity, note, false, 1000),
	STR("occurredAt", "at", MODEL_FIELD_TIME, struct model_activity, occurred_at, true, TIMEFMT_LEN),
	/* Set by a workout linked to a goal whose unit it measures: the workout finds its activity by it. */
	STR("workoutId", NULL, MODEL_FIELD_ID, struct model_activity, workout_id, false, KEYS_ID_MAX),
};

static const struct model_field journal_fields[] = {
	STR("entryId", NULL, MODEL_FIELD_ID, struct model_journal, entry_id, true, KEYS_ID_MAX),
	STR("title", "title", MODEL_FIELD_TEXT, struct model_journal, title, false, 200),
	STR("body", "body", MODEL_FIELD_LONGTEXT, struct model_journal, body, true, 102400),
	NUM("mood", "mood", MODEL_FIELD_INT, struct model_journal, mood, false, 1, 5),
	STR("tags", "tag", MODEL_FIELD_TAGS, struct model_journal, tags, false, 50),
	STR("goalId", "goal", MODEL_FIELD_ID, struct model_journal, goal_id, false, KEYS_ID_MAX),
	STR("occurredAt", "at", MODEL_FIELD_TIME, struct model_journal, occurred_at, true, TIMEFMT_LEN),
};

static const struct model_field meal_fields[] = {
	STR("mealId", NULL, MODEL_FIELD_ID, struct model_meal, meal_id, true, KEYS_ID_MAX),
	STR("name", "name", MODEL_FIELD_TEXT, struct model_meal, name, true, 200),
	ENUM("mealType", "type", struct model_meal, meal_type, meal_type_values),
	NUM("calories", "calories", MODEL_FIELD_NUM, struct model_meal, calories, true, 0, MILLI(100000)),
	NUM("protein", "protein", MODEL_FIELD_NUM, struct model_meal, protein, false, 0, MILLI(10000)),
	NUM("carbs", "carbs", MODEL_FIELD_NUM, struct model_meal, carbs, false, 0, MILLI(10000)),
	NUM("fat", "fat", MODEL_FIELD_NUM, struct model_meal, fat, false, 0, MILLI(10000)),
	STR("goalId", "goal", MODEL_FIELD_ID, struct model_meal, goal_id, false, KEYS_ID_MAX),
	STR("occurredAt", "at", MODEL_FIELD_TIME, struct model_meal, occurred_at, true, TIMEFMT_LEN),
};

static const struct model_field workout_fields[] = {
	STR("workoutId", NULL, MODEL_FIELD_ID, struct model_workout, workout_id, true, KEYS_ID_MAX),
	STR("kind", "kind", MODEL_FIELD_TEXT, struct model_workout, kind, true, 50),
	NUM("minutes", "minutes", MODEL_FIELD_NUM, struct model_workout, minutes, true, 1, MILLI(100000)),
	NUM("distanceKm", "distance", MODEL_FIELD_NUM, struct model_workout, distance_km, false, 0, MILLI(100000)),
	NUM("calories", "calories", MODEL_FIELD_NUM, struct model_workout, calories, false, 0, MILLI(100000)),
	STR("goalId", "goal", MODEL_FIELD_ID, struct model_workout, goal_id, false, KEYS_ID_MAX),
	STR("occurredAt", "at", MODEL_FIELD_TIME, struct model_workout, occurred_at, true, TIMEFMT_LEN),
};

/* The common attributes held as strings; version is a plain long long and handled apart. */
const struct model_field model_common_fields[] = {
	STR("userId", NULL, MODEL_FIELD_ID, struct model_common, user_id, true, KEYS_ID_MAX),
	STR("createdAt", NULL, MODEL_FIELD_TIME, struct model_common, created_at, true, TIMEFMT_LEN),
	STR("updatedAt", NULL, MODEL_FIELD_TIME, struct model_common, updated_at, true, TIMEFMT_LEN),
};

#define FIELDS(a) (a), (sizeof(a) / sizeof((a)[0]))

/* Indexed by enum model_type. */
const struct model_entity model_entities[MODEL_TYPE_COUNT] = {
	{ MODEL_USER, "USER", "user", "userId", offsetof(struct model_user, c.user_id),
	  sizeof(struct model_user), FIELDS(user_fields), MODEL_GSI1_USER, false, MODEL_GSI3_NONE },
	{ MODEL_GOAL, "GOAL", "goal", "goalId", offsetof(struct model_goal, goal_id),
	  sizeof(struct model_goal), FIELDS(goal_fields), MODEL_GSI1_GOAL_STATUS, false, MODEL_GSI3_NONE },
	{ MODEL_ACTIVITY, "ACTIVITY", "activity", NULL, 0,
	  sizeof(struct model_activity), FIELDS(activity_fields), MODEL_GSI1_NONE, true, MODEL_GSI3_ACTIVITY },
	{ MODEL_JOURNAL, "JOURNAL", "journal", "entryId", offsetof(struct model_journal, entry_id),
	  sizeof(struct model_journal), FIELDS(journal_fields), MODEL_GSI1_NONE, true, MODEL_GSI3_IF_LINKED },
	{ MODEL_MEAL, "MEAL", "meal", "mealId", offsetof(struct model_meal, meal_id),
	  sizeof(struct model_meal), FIELDS(meal_fields), MODEL_GSI1_NONE, true, MODEL_GSI3_IF_LINKED },
	{ MODEL_WORKOUT, "WORKOUT", "workout", "workoutId", offsetof(struct model_workout, workout_id),
	  sizeof(struct model_workout), FIELDS(workout_fields), MODEL_GSI1_NONE, true, MODEL_GSI3_IF_LINKED },
};



/* ---- lookups and access ---- */

const struct model_entity *
model_entity(enum model_type type)
{
	if ((int)type < 0 || (int)type >= MODEL_TYPE_COUNT)
		return NULL;
	return &model_entities[type];
}

const struct model_entity *
model_entity_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < MODEL_TYPE_COUNT; i++) {
		if (strcmp(model_entities[i].type_name, name) == 0 || strcmp(model_entities[i].label, name) == 0)
			return &model_entities[i];
	}
	return NULL;
}

const struct model_field *
model_field_by_attr(const struct model_entity *e, const char *attr)
{
	if (e == NULL || attr == NULL)
		return NULL;
	for (size_t i = 0; i < e->field_count; i++) {
		if (strcmp(e->fields[i].attr, attr) == 0)
			return &e->fields[i];
	}
	return NULL;
}

char **
model_str_at(void *rec, const struct model_field *f)
{
	return (char **)((char *)rec + f->offset);
}

struct model_num *
model_num_at(void *rec, const struct model_field *f)
{
	return (struct model_num *)((char *)rec + f->offset);
}

struct model_strset *
model_tags_at(void *rec, const struct model_field *f)
{
	return (struct model_strset *)((char *)rec + f->offset);
}

/* Read-only twins of the accessors above, for const records. */
static bool
is_string_kind(enum model_field_kind k)
{
	return k != MODEL_FIELD_NUM && k != MODEL_FIELD_INT && k != MODEL_FIELD_TAGS;
}

const char *
model_id(enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);

	if (e == NULL || rec == NULL || e->id_attr == NULL)
		return NULL;
	return *(char *const *)((const char *)rec + e->id_offset);
}

/* A field's string value found by attribute name (goalId, occurredAt, status), NULL if absent. */
const char *
model_str_by_attr(const struct model_entity *e, const void *rec, const char *attr)
{
	const struct model_field *f = model_field_by_attr(e, attr);

	if (f == NULL || !is_string_kind(f->kind))
		return NULL;
	return model_str_get(rec, f);
}

/* ---- records ---- */

void *
model_new(enum model_type type)
{
	const struct model_entity *e = model_entity(type);

	if (e == NULL)
		return NULL;
	return xcalloc(1, e->size);
}

void
model_tags_clear(struct model_strset *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

void
model_free(enum model_type type, void *rec)
{
	const struct model_entity *e = model_entity(type);

	if (e == NULL || rec == NULL)
		return;
	for (size_t i = 0; i < COMMON_COUNT; i++)
		free(*model_str_at(rec, &model_common_fields[i]));
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS)
			model_tags_clear(model_tags_at(rec, f));
		else if (is_string_kind(f->kind))
			free(*model_str_at(rec, f));
	}
	free(rec);
}


void *
model_copy(enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);

	if (e == NULL || rec == NULL)
		return NULL;
	void *copy = xmalloc(e->size);
	memcpy(copy, rec, e->size);
	for (size_t i = 0; i < COMMON_COUNT; i++) {
		char **p = model_str_at(copy, &model_common_fields[i]);
		*p = xstrdup_or_null(*p);
	}
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			struct model_strset *t = model_tags_at(copy, f);
			const struct model_strset *src = model_tags_get(rec, f);
			t->v = NULL;
			t->n = 0;
			if (src->n > 0) {
				t->v = xcalloc(src->n, sizeof(char *));
				for (size_t j = 0; j < src->n; j++)
					t->v[j] = xstrdup(src->v[j]);
				t->n = src->n;
			}
		} else if (is_string_kind(f->kind)) {
			char **p = model_str_at(copy, f);
			*p = xstrdup_or_null(*p);
		}
	}
	return copy;
}

void
model_list_done(struct model_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->count; i++)
		model_free(l->type, l->recs[i]);
	free(l->recs);
	free(l->cursor);
	l->recs = NULL;
	l->count = 0;
	l->cursor = NULL;
}

/* The key attributes, in the order model_to_item writes them. */
const char *const model_key_attrs[K_COUNT] = {
	"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK",
};

const size_t model_common_count = sizeof model_common_fields / sizeof model_common_fields[0];
