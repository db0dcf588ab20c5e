/*
 * The entities of data-model.md, each described once in the table below; every
 * function here (validation, keys, struct <-> item, JSON output) walks that
 * description instead of knowing an entity by name.
 */
#include "datastore/model.h"

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

#define MILLI(x) ((long long)(x) * 1000LL)

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
static const struct model_field common_fields[] = {
	STR("userId", NULL, MODEL_FIELD_ID, struct model_common, user_id, true, KEYS_ID_MAX),
	STR("createdAt", NULL, MODEL_FIELD_TIME, struct model_common, created_at, true, TIMEFMT_LEN),
	STR("updatedAt", NULL, MODEL_FIELD_TIME, struct model_common, updated_at, true, TIMEFMT_LEN),
};
#define COMMON_COUNT (sizeof(common_fields) / sizeof(common_fields[0]))

#define FIELDS(a) (a), (sizeof(a) / sizeof((a)[0]))

/* Indexed by enum model_type. */
static const struct model_entity entities[MODEL_TYPE_COUNT] = {
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

/* The key attributes, in the order model_to_item writes them. */
enum { K_PK, K_SK, K_GSI1PK, K_GSI1SK, K_GSI2PK, K_GSI2SK, K_GSI3PK, K_GSI3SK, K_COUNT };
static const char *const key_attrs[K_COUNT] = {
	"PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK",
};

/* How many characters of a value a message shows before "...". */
#define SHOW_CHARS 40
#define SHOW_SIZE 200

/* ---- lookups and access ---- */

const struct model_entity *
model_entity(enum model_type type)
{
	if ((int)type < 0 || (int)type >= MODEL_TYPE_COUNT)
		return NULL;
	return &entities[type];
}

const struct model_entity *
model_entity_by_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < MODEL_TYPE_COUNT; i++) {
		if (strcmp(entities[i].type_name, name) == 0 || strcmp(entities[i].label, name) == 0)
			return &entities[i];
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
static const char *
str_get(const void *rec, const struct model_field *f)
{
	return *(char *const *)((const char *)rec + f->offset);
}

static const struct model_num *
num_get(const void *rec, const struct model_field *f)
{
	return (const struct model_num *)((const char *)rec + f->offset);
}

static const struct model_strset *
tags_get(const void *rec, const struct model_field *f)
{
	return (const struct model_strset *)((const char *)rec + f->offset);
}

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
static const char *
str_by_attr(const struct model_entity *e, const void *rec, const char *attr)
{
	const struct model_field *f = model_field_by_attr(e, attr);

	if (f == NULL || !is_string_kind(f->kind))
		return NULL;
	return str_get(rec, f);
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

static void
tags_clear(struct model_strset *t)
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
		free(*model_str_at(rec, &common_fields[i]));
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS)
			tags_clear(model_tags_at(rec, f));
		else if (is_string_kind(f->kind))
			free(*model_str_at(rec, f));
	}
	free(rec);
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
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
		char **p = model_str_at(copy, &common_fields[i]);
		*p = dup_or_null(*p);
	}
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			struct model_strset *t = model_tags_at(copy, f);
			const struct model_strset *src = tags_get(rec, f);
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
			*p = dup_or_null(*p);
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

/* ---- messages ---- */

static int fail(char *why, size_t why_size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Fills why (when there is room for it) and returns -1, so callers can `return fail(...)`. */
static int
fail(char *why, size_t why_size, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || why_size == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, why_size, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A value as a message shows it: at most limit characters then "...", control
 * characters and bytes that are not UTF-8 written as escapes (\x1b, \u009b), so
 * no message ever carries a raw control byte to a terminal.
 */
static const char *
show_n(const char *s, size_t limit, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	size_t o = 0, chars = 0;

	out[0] = '\0';
	while (*p != '\0') {
		char piece[16];
		size_t plen, n;
		uint32_t cp;

		if (chars == limit) {
			if (o + 4 <= size) {
				memcpy(out + o, "...", 4);
				o += 3;
			}
			break;
		}
		n = utf8_decode((const char *)p, (size_t)(end - p), &cp);
		if (n == 0) {
			snprintf(piece, sizeof(piece), "\\x%02x", *p);
			n = 1;
		} else if (utf8_is_control(cp) && cp < 0x80) {
			snprintf(piece, sizeof(piece), "\\x%02x", (unsigned)cp);
		} else if (utf8_is_control(cp)) {
			snprintf(piece, sizeof(piece), "\\u%04x", (unsigned)cp);
		} else {
			memcpy(piece, p, n);
			piece[n] = '\0';
		}
		plen = strlen(piece);
		if (o + plen + 4 > size) {
			if (o + 4 <= size) {
				memcpy(out + o, "...", 4);
				o += 3;
			}
			break;
		}
		memcpy(out + o, piece, plen + 1);
		o += plen;
		p += n;
		chars++;
	}
	out[o] = '\0';
	return out;
}

static const char *
show(const char *s, char out[SHOW_SIZE])
{
	return show_n(s, SHOW_CHARS, out, SHOW_SIZE);
}

/* ---- validation ---- */

/*
 * The text rules: valid UTF-8, no control characters (LONGTEXT: newline and
 * tab allowed), not empty, at most max characters (LONGTEXT: bytes).
 */
static int
check_text(const char *attr, const char *s, bool longtext, size_t max, char *why, size_t why_size)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	size_t count = 0;

	if (*p == '\0')
		return fail(why, why_size, "%s: must not be empty", attr);
	while (*p != '\0') {
		uint32_t cp;
		size_t n = utf8_decode((const char *)p, (size_t)(end - p), &cp);

		if (n == 0)
			return fail(why, why_size, "%s: invalid UTF-8 (byte 0x%02x at offset %zu)", attr, *p,
			    (size_t)(p - (const unsigned char *)s));
		if (utf8_is_control(cp) && !(longtext && (cp == '\n' || cp == '\t')))
			return fail(why, why_size, "%s: control character U+%04X not allowed", attr, (unsigned)cp);
		p += n;
		count++;
	}
	if (longtext) {
		size_t bytes = (size_t)(p - (const unsigned char *)s);
		if (max > 0 && bytes > max)
			return fail(why, why_size, "%s: longer than %zu bytes (%zu)", attr, max, bytes);
	} else if (max > 0 && count > max) {
		return fail(why, why_size, "%s: longer than %zu characters (%zu)", attr, max, count);
	}
	return 0;
}

static bool
is_date(const char *s)
{
	int v[3] = { 0, 0, 0 };
	static const int width[3] = { 4, 2, 2 };
	const char *p = s;

	for (int part = 0; part < 3; part++) {
		for (int i = 0; i < width[part]; i++, p++) {
			if (*p < '0' || *p > '9')
				return false;
			v[part] = v[part] * 10 + (*p - '0');
		}
		if (part < 2 && *p++ != '-')
			return false;
	}
	return *p == '\0' && timefmt_valid_date(v[0], v[1], v[2]);
}

static bool
is_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	return strchr(s, ' ') == NULL;
}

static int
check_enum(const struct model_field *f, const char *s, char *why, size_t why_size)
{
	char list[256], shown[SHOW_SIZE];
	size_t n = 0, o = 0;

	for (n = 0; f->values[n] != NULL; n++) {
		if (strcmp(f->values[n], s) == 0)
			return 0;
	}
	list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(list + o, sizeof(list) - o, "%s%s", sep, f->values[i]);
		if (w < 0 || (size_t)w >= sizeof(list) - o)
			break;
		o += (size_t)w;
	}
	return fail(why, why_size, "%s: must be %s, not '%s'", f->attr, list, show(s, shown));
}

/* One string value of a field, by its kind. */
static int
check_string(const struct model_field *f, const char *s, char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	ms_t ms;

	if (*s == '\0')
		return fail(why, why_size, "%s: must not be empty", f->attr);
	switch (f->kind) {
	case MODEL_FIELD_ID:
		if (!keys_id_valid(s))
			return fail(why, why_size, "%s: '%s' is not a valid id (use 1-64 of A-Z a-z 0-9 _ -)",
			    f->attr, show(s, shown));
		return 0;
	case MODEL_FIELD_TEXT:
	case MODEL_FIELD_TAGS:
		return check_text(f->attr, s, false, f->max, why, why_size);
	case MODEL_FIELD_LONGTEXT:
		return check_text(f->attr, s, true, f->max, why, why_size);
	case MODEL_FIELD_ENUM:
		return check_enum(f, s, why, why_size);
	case MODEL_FIELD_ZONE:
		if (check_text(f->attr, s, false, f->max, why, why_size) < 0)
			return -1;
		if (!dates_zone_valid(s))
			return fail(why, why_size, "%s: '%s' is not a known time zone (use an IANA name such as Europe/Berlin)",
			    f->attr, show(s, shown));
		return 0;
	case MODEL_FIELD_TIME:
		if (timefmt_parse_key(s, &ms) < 0)
			return fail(why, why_size, "%s: '%s' is not a timestamp (use UTC like 2026-11-26T04:03:04.123Z)",
			    f->attr, show(s, shown));
		return 0;
	case MODEL_FIELD_DATE:
		if (!is_date(s))
			return fail(why, why_size, "%s: '%s' is not a date (use YYYY-MM-DD)", f->attr, show(s, shown));
		return 0;
	case MODEL_FIELD_EMAIL:
		if (check_text(f->attr, s, false, f->max, why, why_size) < 0)
			return -1;
		if (!is_email(s))
			return fail(why, why_size, "%s: '%s' is not an email address (use name@example.org)",
			    f->attr, show(s, shown));
		return 0;
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT:
		break;
	}
	return fail(why, why_size, "%s: not a string field", f->attr);
}

static int
check_num(const struct model_field *f, long long v, char *why, size_t why_size)
{
	char lo[DECIMAL_TEXT_MAX], hi[DECIMAL_TEXT_MAX], val[DECIMAL_TEXT_MAX];

	if (v >= f->min && v <= f->maxv)
		return 0;
	if (f->kind == MODEL_FIELD_INT)
		return fail(why, why_size, "%s: must be %lld to %lld, not %lld", f->attr, f->min, f->maxv, v);
	decimal_format(f->maxv, hi);
	decimal_format(v, val);
	/* The smallest positive thousandth reads better as "more than 0". */
	if (f->min == 1)
		return fail(why, why_size, "%s: must be more than 0 and at most %s, not %s", f->attr, hi, val);
	decimal_format(f->min, lo);
	return fail(why, why_size, "%s: must be %s to %s, not %s", f->attr, lo, hi, val);
}

/*
 * Why text is no whole number: "number out of range" and "too many digits" as
 * decimal_parse says (99999999999999999999 is whole, only too big); anything
 * else, a fraction or no number at all, is "not a whole number".
 */
static int
fail_int(char *why, size_t why_size, const char *attr, const char *text, const char *reason)
{
	char shown[SHOW_SIZE];

	if (reason != NULL && (strcmp(reason, "number out of range") == 0 ||
	    strcmp(reason, "too many digits") == 0))
		return fail(why, why_size, "%s: '%s': %s", attr, show(text, shown), reason);
	return fail(why, why_size, "%s: '%s' is not a whole number", attr, show(text, shown));
}

static int
check_tags(const struct model_field *f, const struct model_strset *t, char *why, size_t why_size)
{
	char attr[64], shown[SHOW_SIZE];

	if (f->max > 0 && t->n > f->max)
		return fail(why, why_size, "%s: more than %zu tags (%zu)", f->attr, f->max, t->n);
	for (size_t i = 0; i < t->n; i++) {
		snprintf(attr, sizeof(attr), "%s: tag %zu", f->attr, i + 1);
		if (t->v[i] == NULL)
			return fail(why, why_size, "%s: missing", attr);
		if (check_text(attr, t->v[i], false, f->max, why, why_size) < 0)
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(t->v[j], t->v[i]) == 0)
				return fail(why, why_size, "%s: '%s' appears twice", f->attr, show(t->v[i], shown));
		}
	}
	return 0;
}

static int
check_field(const struct model_field *f, const void *rec, char *why, size_t why_size)
{
	if (f->kind == MODEL_FIELD_TAGS) {
		const struct model_strset *t = tags_get(rec, f);
		if (t->n == 0)
			return f->required ? fail(why, why_size, "%s: required", f->attr) : 0;
		return check_tags(f, t, why, why_size);
	}
	if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
		const struct model_num *n = num_get(rec, f);
		if (!n->set)
			return f->required ? fail(why, why_size, "%s: required", f->attr) : 0;
		return check_num(f, n->v, why, why_size);
	}
	const char *s = str_get(rec, f);
	if (s == NULL)
		return f->required ? fail(why, why_size, "%s: required", f->attr) : 0;
	return check_string(f, s, why, why_size);
}

int
model_validate(enum model_type type, const void *rec, char *why, size_t why_size)
{
	const struct model_entity *e = model_entity(type);
	const struct model_common *c = rec;

	if (e == NULL || rec == NULL)
		return fail(why, why_size, "not a record of a known type");
	for (size_t i = 0; i < COMMON_COUNT; i++) {
		if (check_field(&common_fields[i], rec, why, why_size) < 0)
			return -1;
	}
	if (c->version < 1)
		return fail(why, why_size, "version: must be at least 1, not %lld", c->version);
	for (size_t i = 0; i < e->field_count; i++) {
		if (check_field(&e->fields[i], rec, why, why_size) < 0)
			return -1;
	}
	return 0;
}

int
model_set_text(enum model_type type, void *rec, const struct model_field *f, const char *text,
    char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	const char *reason = NULL;
	long long v;

	if (model_entity(type) == NULL || rec == NULL || f == NULL || text == NULL)
		return fail(why, why_size, "nothing to set");
	switch (f->kind) {
	case MODEL_FIELD_NUM:
		if (decimal_parse(text, &v, &reason) < 0)
			return fail(why, why_size, "%s: '%s': %s", f->attr, show(text, shown),
			    reason != NULL ? reason : "not a number");
		if (check_num(f, v, why, why_size) < 0)
			return -1;
		model_num_at(rec, f)->set = true;
		model_num_at(rec, f)->v = v;
		return 0;
	case MODEL_FIELD_INT:
		if (decimal_parse_int(text, &v, &reason) < 0)
			return fail_int(why, why_size, f->attr, text, reason);
		if (check_num(f, v, why, why_size) < 0)
			return -1;
		model_num_at(rec, f)->set = true;
		model_num_at(rec, f)->v = v;
		return 0;
	case MODEL_FIELD_TAGS: {
		struct model_strset *t = model_tags_at(rec, f);
		if (check_text(f->attr, text, false, f->max, why, why_size) < 0)
			return -1;
		for (size_t i = 0; i < t->n; i++) {
			if (strcmp(t->v[i], text) == 0)
				return 0;       /* a set: adding a tag twice keeps one */
		}
		if (f->max > 0 && t->n >= f->max)
			return fail(why, why_size, "%s: at most %zu tags", f->attr, f->max);
		t->v = xreallocarray(t->v, t->n + 1, sizeof(char *));
		t->v[t->n++] = xstrdup(text);
		return 0;
	}
	default:
		if (check_string(f, text, why, why_size) < 0)
			return -1;
		char **p = model_str_at(rec, f);
		free(*p);
		*p = xstrdup(text);
		return 0;
	}
}

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
	const char *at = str_by_attr(e, rec, "occurredAt");
	const char *goal = str_by_attr(e, rec, "goalId");

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
		const char *status = str_by_attr(e, rec, "status");
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
static void
put(json_t *obj, const char *key, json_t *value, bool *bad)
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
static json_t *
tags_array(const struct model_strset *t)
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
			put(item, key_attrs[i], av("S", json_string(k[i])), &bad);
		free(k[i]);
	}
	put(item, "type", av("S", json_string(e->type_name)), &bad);
	for (size_t i = 0; i < COMMON_COUNT; i++) {
		const char *s = str_get(rec, &common_fields[i]);
		if (s != NULL)
			put(item, common_fields[i].attr, av("S", json_string(s)), &bad);
	}
	snprintf(text, sizeof(text), "%lld", ((const struct model_common *)rec)->version);
	put(item, "version", av("N", json_string(text)), &bad);
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			if (tags_get(rec, f)->n > 0)
				put(item, f->attr, av("SS", tags_array(tags_get(rec, f))), &bad);
		} else if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			if (num_get(rec, f)->set)
				put(item, f->attr, num_av(f, num_get(rec, f)->v), &bad);
		} else if (str_get(rec, f) != NULL) {
			put(item, f->attr, av("S", json_string(str_get(rec, f))), &bad);
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
		if (strcmp(key_attrs[i], name) == 0)
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
		fail(why, why_size, "%s: not an attribute value (an object with one member, like {\"%s\": ...})",
		    attr, want);
		return NULL;
	}
	json_object_foreach(value, tag, inner)
		break;
	if (strcmp(tag, want) != 0) {
		fail(why, why_size, "%s: must be %s, not %s", attr, want, show(tag, shown));
		return NULL;
	}
	if (strcmp(want, "SS") == 0) {
		size_t i;
		json_t *s;
		if (!json_is_array(inner) || json_array_size(inner) == 0) {
			fail(why, why_size, "%s: SS must be a non-empty array of strings", attr);
			return NULL;
		}
		json_array_foreach(inner, i, s) {
			if (!json_is_string(s) || strlen(json_string_value(s)) != json_string_length(s)) {
				fail(why, why_size, "%s: SS must be a non-empty array of strings", attr);
				return NULL;
			}
		}
		return inner;
	}
	if (!json_is_string(inner)) {
		fail(why, why_size, "%s: the %s value must be a JSON string", attr, want);
		return NULL;
	}
	if (strlen(json_string_value(inner)) != json_string_length(inner)) {
		fail(why, why_size, "%s: contains a NUL character", attr);
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
			return fail_int(why, why_size, f->attr, text, reason);
		if (rc < 0)
			return fail(why, why_size, "%s: '%s': %s", f->attr, show(text, shown),
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
		tags_clear(t);
		t->v = xcalloc(json_array_size(inner), sizeof(char *));
		json_array_foreach(inner, i, s) {
			for (size_t j = 0; j < t->n; j++) {
				if (strcmp(t->v[j], json_string_value(s)) == 0)
					return fail(why, why_size, "%s: '%s' appears twice in the SS", f->attr,
					    show(t->v[j], shown));
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
		return fail(why, why_size, "an item must be a JSON object of attributes");
	if ((value = json_object_get(item, "type")) == NULL)
		return fail(why, why_size, "type: missing");
	if ((inner = av_value(value, "type", "S", why, why_size)) == NULL)
		return -1;
	for (size_t i = 0; i < MODEL_TYPE_COUNT && e == NULL; i++) {
		if (strcmp(entities[i].type_name, json_string_value(inner)) == 0)
			e = &entities[i];
	}
	if (e == NULL)
		return fail(why, why_size, "type: unknown type '%s'", show(json_string_value(inner), shown));

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
				fail_int(why, why_size, "version", json_string_value(inner), reason);
				goto fail;
			}
			((struct model_common *)r)->version = v;
			continue;
		}
		for (size_t i = 0; i < COMMON_COUNT; i++) {
			if (strcmp(key, common_fields[i].attr) == 0) {
				if (read_field(&common_fields[i], value, r, why, why_size) < 0)
					goto fail;
				common = true;
				break;
			}
		}
		if (common)
			continue;
		if ((f = model_field_by_attr(e, key)) == NULL) {
			fail(why, why_size, "unknown attribute '%s' for a %s", show(key, shown), e->type_name);
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
		fail(why, why_size, "the item lacks what its keys are made of");
		goto done;
	}
	rc = 0;
	for (int i = 0; i < K_COUNT && rc == 0; i++) {
		json_t *av_have = json_object_get(item, key_attrs[i]);
		const char *have = av_have != NULL ? json_string_value(json_object_get(av_have, "S")) : NULL;
		char src[64], shown_have[SHOW_SIZE * 2], shown_want[SHOW_SIZE * 2];
		const char *verb;

		/* The common case, a key as it should be, needs no message: a million-line import checks 8 a line. */
		if ((have == NULL && k[i] == NULL) || (have != NULL && k[i] != NULL && strcmp(have, k[i]) == 0))
			continue;
		key_source(e, i, src, sizeof(src));
		verb = strstr(src, " and ") != NULL ? "say" : "says";
		if (have != NULL)
			show_n(have, 120, shown_have, sizeof(shown_have));
		if (k[i] != NULL)
			show_n(k[i], 120, shown_want, sizeof(shown_want));
		if (have == NULL && k[i] != NULL)
			rc = fail(why, why_size, "%s: missing (the item's %s %s '%s')", key_attrs[i], src, verb,
			    shown_want);
		else if (have != NULL && k[i] == NULL && i >= K_GSI3PK && e->gsi3 == MODEL_GSI3_IF_LINKED)
			rc = fail(why, why_size, "%s: is '%s' but the item has no goalId", key_attrs[i], shown_have);
		else if (have != NULL && k[i] == NULL)
			rc = fail(why, why_size, "%s: is '%s' but %s items have none", key_attrs[i], shown_have,
			    e->type_name);
		else if (have != NULL && strcmp(have, k[i]) != 0)
			rc = fail(why, why_size, "%s: is '%s' but the item's %s %s '%s'", key_attrs[i], shown_have,
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

/* ---- plain JSON ---- */

static json_t *
num_json(const struct model_field *f, long long v)
{
	if (f->kind == MODEL_FIELD_INT)
		return json_integer(v);
	if (v % 1000 == 0)
		return json_integer(v / 1000);
	return json_real((double)v / 1000.0);
}

/* An object being written member by member (model_write_json). */
struct obj_writer {
	struct buf *b;
	size_t flags;
	int depth;
	size_t n;                /* members so far */
	bool bad;
};

/* The key of the next member, with what goes before it. */
static void
ow_key(struct obj_writer *w, const char *key)
{
	bool compact = (w->flags & JSON_COMPACT) != 0;

	if (w->bad)
		return;
	if ((w->n > 0 && buf_addc(w->b, ',') != 0) ||
	    json_write_indent(w->b, w->flags, w->depth + 1, w->n > 0) != 0 ||
	    json_write_string(w->b, key, strlen(key), w->flags) != 0 ||
	    buf_add(w->b, compact ? ":" : ": ", compact ? 1 : 2) != 0)
		w->bad = true;
	w->n++;
}

static void
ow_str(struct obj_writer *w, const char *key, const char *v, size_t len)
{
	ow_key(w, key);
	if (!w->bad && json_write_string(w->b, v, len, w->flags) != 0)
		w->bad = true;
}

static void
ow_num(struct obj_writer *w, const char *key, const struct model_field *f, long long v)
{
	char text[32];

	ow_key(w, key);
	if (w->bad)
		return;
	/* As num_json: whole numbers as integers, the rest as reals. */
	if (f == NULL || f->kind == MODEL_FIELD_INT || v % 1000 == 0) {
		snprintf(text, sizeof text, "%lld", f == NULL || f->kind == MODEL_FIELD_INT ? v : v / 1000);
		if (buf_adds(w->b, text) != 0)
			w->bad = true;
	} else if (json_write_real(w->b, (double)v / 1000.0, w->flags) != 0) {
		w->bad = true;
	}
}

int
model_write_json(struct buf *b, enum model_type type, const void *rec, size_t flags, int depth)
{
	const struct model_entity *e = model_entity(type);
	struct obj_writer w = { b, flags, depth, 0, false };
	size_t start = b->len;

	if (e == NULL || rec == NULL)
		return -1;
	const struct model_common *c = rec;
	if (buf_addc(b, '{') != 0)
		return -1;
	ow_str(&w, "type", e->type_name, strlen(e->type_name));
	if (e->id_attr != NULL) {
		const char *id = model_id(type, rec);
		if (id != NULL)
			ow_str(&w, "id", id, strlen(id));
	} else {
		const char *goal = str_by_attr(e, rec, "goalId"), *at = str_by_attr(e, rec, "occurredAt");
		if (goal != NULL && at != NULL) {
			char *id = xasprintf("%s/%s", goal, at);
			ow_str(&w, "id", id, strlen(id));
			free(id);
		}
	}
	if (c->user_id != NULL)
		ow_str(&w, "userId", c->user_id, strlen(c->user_id));
	for (size_t i = 0; i < e->field_count && !w.bad; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			if (tags_get(rec, f)->n > 0) {
				json_t *arr = tags_array(tags_get(rec, f));
				ow_key(&w, f->attr);
				if (arr == NULL || (!w.bad && json_write_at(b, arr, flags, depth + 1) != 0))
					w.bad = true;
				json_decref(arr);
			}
		} else if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			if (num_get(rec, f)->set)
				ow_num(&w, f->attr, f, num_get(rec, f)->v);
		} else if (str_get(rec, f) != NULL) {
			ow_str(&w, f->attr, str_get(rec, f), strlen(str_get(rec, f)));
		}
	}
	if (c->created_at != NULL)
		ow_str(&w, "createdAt", c->created_at, strlen(c->created_at));
	if (c->updated_at != NULL)
		ow_str(&w, "updatedAt", c->updated_at, strlen(c->updated_at));
	ow_num(&w, "version", NULL, c->version);
	if (w.bad || json_write_indent(b, flags, depth, false) != 0 || buf_addc(b, '}') != 0) {
		b->len = start;
		if (b->data != NULL)
			b->data[start] = '\0';
		return -1;
	}
	return 0;
}

json_t *
model_to_json(enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);
	bool bad = false;

	if (e == NULL || rec == NULL)
		return NULL;
	const struct model_common *c = rec;
	json_t *out = json_object();
	put(out, "type", json_string(e->type_name), &bad);
	if (e->id_attr != NULL) {
		if (model_id(type, rec) != NULL)
			put(out, "id", json_string(model_id(type, rec)), &bad);
	} else {
		/* An activity has no id of its own: its goal and moment name it ('/' is no key separator). */
		const char *goal = str_by_attr(e, rec, "goalId"), *at = str_by_attr(e, rec, "occurredAt");
		if (goal != NULL && at != NULL) {
			char *id = xasprintf("%s/%s", goal, at);
			put(out, "id", json_string(id), &bad);
			free(id);
		}
	}
	if (c->user_id != NULL)
		put(out, "userId", json_string(c->user_id), &bad);
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			if (tags_get(rec, f)->n > 0)
				put(out, f->attr, tags_array(tags_get(rec, f)), &bad);
		} else if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			if (num_get(rec, f)->set)
				put(out, f->attr, num_json(f, num_get(rec, f)->v), &bad);
		} else if (str_get(rec, f) != NULL) {
			put(out, f->attr, json_string(str_get(rec, f)), &bad);
		}
	}
	if (c->created_at != NULL)
		put(out, "createdAt", json_string(c->created_at), &bad);
	if (c->updated_at != NULL)
		put(out, "updatedAt", json_string(c->updated_at), &bad);
	put(out, "version", json_integer(c->version), &bad);
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}
