/*
 * The six entities of data-model.md as C structs, each described once, as
 * data (its type name, SK prefix, id attribute, GSIs, attributes with types and
 * limits). Keys, validation, struct <-> item, import checks and JSON output all
 * read that description: a new entity is one entry in model.c.
 */
#ifndef AILIFE_MODEL_H
#define AILIFE_MODEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

enum model_type {
	MODEL_USER = 0,
	MODEL_GOAL,
	MODEL_ACTIVITY,
	MODEL_JOURNAL,
	MODEL_MEAL,
	MODEL_WORKOUT,
};
#define MODEL_TYPE_COUNT 6

/* A number that may be absent. NUM fields hold thousandths, INT fields whole numbers. */
struct model_num {
	bool set;
	long long v;
};

/* A string set (DynamoDB SS); absent when n == 0. */
struct model_strset {
	char **v;
	size_t n;
};

/* What every item has. Strings are owned (NULL = absent). */
struct model_common {
	char *user_id;
	char *created_at;        /* 24-character UTC timestamp */
	char *updated_at;
	long long version;       /* 1 on create, +1 on every update */
};

struct model_user {
	struct model_common c;
	char *name;
	char *email;
	char *timezone;
	char *units;             /* metric | imperial */
	struct model_num daily_calorie_target;   /* NUM */
};

struct model_goal {
	struct model_common c;
	char *goal_id;
	char *title;
	char *category;
	struct model_num target;                 /* NUM */
	char *unit;
	struct model_num progress;               /* NUM */
	char *status;            /* active | paused | completed | archived */
	char *start_date;        /* YYYY-MM-DD */
	char *due_date;          /* YYYY-MM-DD */
};

struct model_activity {
	struct model_common c;
	char *goal_id;
	struct model_num amount;                 /* NUM */
	char *note;
	char *occurred_at;
	char *workout_id;        /* the workout this activity counts, if a workout made it */
};

struct model_journal {
	struct model_common c;
	char *entry_id;
	char *title;
	char *body;
	struct model_num mood;                   /* INT 1-5 */
	struct model_strset tags;
	char *goal_id;
	char *occurred_at;
};

struct model_meal {
	struct model_common c;
	char *meal_id;
	char *name;
	char *meal_type;         /* breakfast | lunch | dinner | snack */
	struct model_num calories;               /* NUM */
	struct model_num protein, carbs, fat;    /* NUM grams */
	char *goal_id;
	char *occurred_at;
};

struct model_workout {
	struct model_common c;
	char *workout_id;
	char *kind;
	struct model_num minutes;                /* NUM */
	struct model_num distance_km;            /* NUM */
	struct model_num calories;               /* NUM */
	char *goal_id;
	char *occurred_at;
};

/* How an attribute is typed and checked. */
enum model_field_kind {
	MODEL_FIELD_ID,          /* S, the id rule */
	MODEL_FIELD_TEXT,        /* S, one line: no control characters at all */
	MODEL_FIELD_LONGTEXT,    /* S, newline and tab allowed */
	MODEL_FIELD_ENUM,        /* S, one of values */
	MODEL_FIELD_ZONE,        /* S, an IANA time zone name */
	MODEL_FIELD_TIME,        /* S, 24-character UTC timestamp */
	MODEL_FIELD_DATE,        /* S, YYYY-MM-DD */
	MODEL_FIELD_EMAIL,       /* S, something@something, no spaces */
	MODEL_FIELD_NUM,         /* N, at most 3 decimal places (struct model_num, thousandths) */
	MODEL_FIELD_INT,         /* N, whole (struct model_num) */
	MODEL_FIELD_TAGS,        /* SS of one-line texts */
};

struct model_field {
	const char *attr;        /* attribute name in the item ("dailyCalorieTarget") */
	const char *flag;        /* command-line spelling ("calorie-target"), NULL if none */
	enum model_field_kind kind;
	size_t offset;           /* in the entity's struct */
	bool required;
	size_t max;              /* TEXT/LONGTEXT/TAGS: characters (LONGTEXT: bytes); TAGS: also the count */
	long long min, maxv;     /* NUM (thousandths) and INT bounds, inclusive */
	const char *const *values; /* ENUM: NULL-terminated */
};

/* How an entity fills the GSIs. */
enum model_gsi1 { MODEL_GSI1_NONE, MODEL_GSI1_USER, MODEL_GSI1_GOAL_STATUS };
enum model_gsi3 { MODEL_GSI3_NONE, MODEL_GSI3_ACTIVITY, MODEL_GSI3_IF_LINKED };

struct model_entity {
	enum model_type type;
	const char *type_name;   /* "GOAL": the type attribute, the SK prefix, the GSI2 suffix */
	const char *label;       /* "goal" */
	const char *id_attr;     /* "goalId"; for a user "userId"; for an activity NULL */
	size_t id_offset;        /* offset of the id string in the struct (user: c.user_id) */
	size_t size;             /* sizeof the struct */
	const struct model_field *fields;   /* the entity's own attributes, without userId and the common four */
	size_t field_count;
	enum model_gsi1 gsi1;
	bool gsi2;               /* by occurredAt */
	enum model_gsi3 gsi3;
};

const struct model_entity *model_entity(enum model_type type);
/* By type attribute ("GOAL") or label ("goal"); NULL if unknown. */
const struct model_entity *model_entity_by_name(const char *name);
const struct model_field *model_field_by_attr(const struct model_entity *e, const char *attr);

/* A zeroed struct of the entity (version 0, nothing set) and its release. */
void *model_new(enum model_type type);
void model_free(enum model_type type, void *rec);
void *model_copy(enum model_type type, const void *rec);

/* Field access through the description. */
char **model_str_at(void *rec, const struct model_field *f);
struct model_num *model_num_at(void *rec, const struct model_field *f);
struct model_strset *model_tags_at(void *rec, const struct model_field *f);
/* The id of a record (goalId, entryId, ... userId for a user); NULL for an activity. */
const char *model_id(enum model_type type, const void *rec);

/*
 * Checks a record against data-model.md: required attributes present, lengths,
 * ranges, control characters, enum values, id rule, timestamps, and the common
 * attributes (userId, createdAt, updatedAt, version >= 1).
 * Returns 0, or -1 with why = "<attr>: <reason>" naming the value where it helps.
 */
int model_validate(enum model_type type, const void *rec, char *why, size_t why_size);
/* Validates one field's value given as text (as typed on the command line) into rec. */
int model_set_text(enum model_type type, void *rec, const struct model_field *f, const char *text,
    char *why, size_t why_size);

/* The whole item: keys, GSI attributes, type, common attributes, fields (new reference). */
json_t *model_to_item(enum model_type type, const void *rec);
/*
 * Reads an item (attribute-value JSON) into a new record of its type.
 * Checks: known type, attribute types (S/N/SS), unknown attributes refused,
 * numbers canonical-parsable; does not validate ranges (call model_validate).
 * Returns 0, or -1 with why.
 */
int model_from_item(json_t *item, enum model_type *type, void **rec, char *why, size_t why_size);
/*
 * Everything import needs: model_from_item, model_validate, and the keys and GSI
 * attributes equal to what model_to_item would write. -1 with why otherwise.
 */
int model_check_item(json_t *item, char *why, size_t why_size);

/* Plain JSON for --json output: attribute names of data-model.md plus "id". */
json_t *model_to_json(enum model_type type, const void *rec);
/*
 * The same object written straight into b, byte for byte as
 * json_write(model_to_json(type, rec), flags) writes it nested at depth (a
 * list's records are at depth 1), without building it. -1 (b unchanged) where
 * model_to_json gives NULL.
 */
int model_write_json(struct buf *b, enum model_type type, const void *rec, size_t flags, int depth);

/* Frees a json_t holding a record list: helpers for arrays of records. */
struct model_list {
	enum model_type type;
	void **recs;
	size_t count;
	char *cursor;            /* the next page, NULL when done */
};
void model_list_done(struct model_list *l);

#endif
