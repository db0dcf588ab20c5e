/*
 * The legacy goals tables' rows and ailife's records (migrate_map.h): the
 * mapping both ways, and the scan files of `aws dynamodb scan` they come in.
 */
#include "datastore/migrate/migrate_map.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/timefmt.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define SHOWN_MAX 60
/* 9999-12-31T23:59:59.999Z: the last instant a 24-character timestamp holds. */
#define EPOCH_MS_MAX 253402300799999LL

int
migrate_fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	if (why != NULL && size > 0) {
		va_start(ap, fmt);
		vsnprintf(why, size, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* A value for a message: inert (no control bytes) and cut short. */
static char *
shown(const char *s)
{
	char *inert = utf8_inert(s != NULL ? s : "", false);
	char *cut = utf8_fit(inert, SHOWN_MAX);

	free(inert);
	return cut;
}

const char *
migrate_av_get(json_t *item, const char *name, const char *type, bool *bad)
{
	json_t *av = json_object_get(item, name), *v;

	*bad = false;
	if (av == NULL)
		return NULL;
	v = json_object_get(av, type);
	if (!json_is_object(av) || json_object_size(av) != 1 || !json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

/* A required or optional S; -1 with why when missing (required) or not an S. */
static int
get_s(json_t *item, const char *name, bool required, const char **out, char *why, size_t size)
{
	bool bad;

	*out = migrate_av_get(item, name, "S", &bad);
	if (bad)
		return migrate_fail(why, size, "%s: not a string (S)", name);
	if (*out == NULL && required)
		return migrate_fail(why, size, "%s: missing", name);
	return 0;
}

static int
get_id(json_t *item, const char *name, const char **out, char *why, size_t size)
{
	if (get_s(item, name, true, out, why, size) != 0)
		return -1;
	if (!keys_id_valid(*out)) {
		char *v = shown(*out);

		migrate_fail(why, size, "%s: '%s' breaks the id rule [A-Za-z0-9_-]{1,64}", name, v);
		free(v);
		return -1;
	}
	return 0;
}

/* A number (N) in thousandths; optional ones leave *out unset. */
static int
get_num(json_t *item, const char *name, bool required, struct model_num *out, char *why, size_t size)
{
	const char *text, *reason;
	bool bad;

	out->set = false;
	text = migrate_av_get(item, name, "N", &bad);
	if (bad)
		return migrate_fail(why, size, "%s: not a number (N)", name);
	if (text == NULL)
		return required ? migrate_fail(why, size, "%s: missing", name) : 0;
	if (decimal_parse(text, &out->v, &reason) != 0) {
		char *v = shown(text);

		migrate_fail(why, size, "%s: '%s': %s", name, v, reason);
		free(v);
		return -1;
	}
	out->set = true;
	return 0;
}

/* Whole milliseconds, as DynamoDB writes an N: digits, maybe an exponent-free "-" (refused), no fraction. */
static int
parse_epoch(const char *text, long long *out)
{
	long long v = 0;
	size_t n = 0;

	for (const char *p = text; *p != '\0'; p++, n++) {
		if (*p < '0' || *p > '9' || n >= 15)
			return -1;
		v = v * 10 + (*p - '0');
	}
	if (n == 0 || v > EPOCH_MS_MAX)
		return -1;
	*out = v;
	return 0;
}

/* Epoch milliseconds (N, whole) as a 24-character timestamp. */
static int
get_epoch(json_t *item, const char *name, char out[TIMEFMT_LEN + 1], long long *ms, char *why,
    size_t size)
{
	const char *text;
	long long v;
	bool bad;

	text = migrate_av_get(item, name, "N", &bad);
	if (bad)
		return migrate_fail(why, size, "%s: not a number (N)", name);
	if (text == NULL)
		return migrate_fail(why, size, "%s: missing", name);
	if (parse_epoch(text, &v) != 0) {
		char *s = shown(text);

		migrate_fail(why, size, "%s: '%s' is not epoch milliseconds between 0 and %lld", name, s,
		    EPOCH_MS_MAX);
		free(s);
		return -1;
	}
	timefmt_format(v, out);
	if (ms != NULL)
		*ms = v;
	return 0;
}

/* Attributes outside the schema are refused: copying would lose them without a word. */
static int
only_known(json_t *item, const char *const *known, const char *table, char *why, size_t size)
{
	const char *name;
	json_t *av;

	json_object_foreach(item, name, av) {
		size_t i;

		for (i = 0; known[i] != NULL; i++)
			if (strcmp(name, known[i]) == 0)
				break;
		if (known[i] == NULL) {
			char *v = shown(name);

			migrate_fail(why, size, "attribute '%s' is not part of the %s schema", v, table);
			free(v);
			return -1;
		}
	}
	return 0;
}


static const char *const legacy_status[] = { "ACTIVE", "PAUSED", "COMPLETED", "ARCHIVED", NULL };
static const char *const model_status[] = { "active", "paused", "completed", "archived", NULL };

int
migrate_map_goal(json_t *l, struct model_goal **out, char *why, size_t why_size)
{
	static const char *const known[] = {
		"userId", "goalId", "title", "description", "category", "targetValue", "unit",
		"currentValue", "status", "startDate", "targetDate", "createdAt", "updatedAt",
		"version", NULL,
	};
	const char *user, *goal, *title, *desc, *category, *unit, *status, *start, *due;
	char created[TIMEFMT_LEN + 1], updated[TIMEFMT_LEN + 1];
	struct model_num target, progress, version;
	struct model_goal *g;
	size_t st;

	*out = NULL;
	if (!json_is_object(l))
		return migrate_fail(why, why_size, "the item is not an object");
	if (get_id(l, "userId", &user, why, why_size) != 0 ||
	    get_id(l, "goalId", &goal, why, why_size) != 0 ||
	    only_known(l, known, "legacy goals", why, why_size) != 0 ||
	    get_s(l, "title", true, &title, why, why_size) != 0 ||
	    get_s(l, "description", false, &desc, why, why_size) != 0 ||
	    get_s(l, "category", false, &category, why, why_size) != 0 ||
	    get_num(l, "targetValue", true, &target, why, why_size) != 0 ||
	    get_s(l, "unit", true, &unit, why, why_size) != 0 ||
	    get_num(l, "currentValue", true, &progress, why, why_size) != 0 ||
	    get_s(l, "status", true, &status, why, why_size) != 0 ||
	    get_s(l, "startDate", false, &start, why, why_size) != 0 ||
	    get_s(l, "targetDate", false, &due, why, why_size) != 0 ||
	    get_epoch(l, "createdAt", created, NULL, why, why_size) != 0 ||
	    get_epoch(l, "updatedAt", updated, NULL, why, why_size) != 0 ||
	    get_num(l, "version", false, &version, why, why_size) != 0)
		return -1;
	for (st = 0; legacy_status[st] != NULL; st++)
		if (strcmp(status, legacy_status[st]) == 0)
			break;
	if (legacy_status[st] == NULL) {
		char *v = shown(status);

		migrate_fail(why, why_size, "status: '%s' is none of ACTIVE, PAUSED, COMPLETED, ARCHIVED", v);
		free(v);
		return -1;
	}
	if (version.set && (version.v < 1000 || version.v % 1000 != 0))
		return migrate_fail(why, why_size, "version: not a whole number of at least 1");
	g = model_new(MODEL_GOAL);
	g->c.user_id = xstrdup(user);
	g->c.created_at = xstrdup(created);
	g->c.updated_at = xstrdup(updated);
	g->c.version = version.set ? version.v / 1000 : 1;
	g->goal_id = xstrdup(goal);
	g->title = xstrdup(title);
	g->category = xstrdup_or_null(category);
	g->target = target;
	g->unit = xstrdup(unit);
	g->progress = progress;
	g->status = xstrdup(model_status[st]);
	g->start_date = xstrdup_or_null(start);
	g->due_date = xstrdup_or_null(due);
	if (model_validate(MODEL_GOAL, g, why, why_size) != 0) {
		model_free(MODEL_GOAL, g);
		return -1;
	}
	*out = g;
	if (desc != NULL) {
		migrate_fail(why, why_size, "description not copied (the data model has no such attribute)");
		return 1;
	}
	return 0;
}

int
migrate_map_activity(json_t *l, struct model_activity **out, char *why, size_t why_size)
{
	static const char *const known[] = { "goalId", "timestamp", "userId", "value", "note", NULL };
	const char *user, *goal, *note;
	char at[TIMEFMT_LEN + 1];
	struct model_num amount;
	struct model_activity *a;

	*out = NULL;
	if (!json_is_object(l))
		return migrate_fail(why, why_size, "the item is not an object");
	if (get_id(l, "goalId", &goal, why, why_size) != 0 ||
	    get_epoch(l, "timestamp", at, NULL, why, why_size) != 0 ||
	    only_known(l, known, "legacy goal-activities", why, why_size) != 0 ||
	    get_id(l, "userId", &user, why, why_size) != 0 ||
	    get_num(l, "value", true, &amount, why, why_size) != 0 ||
	    get_s(l, "note", false, &note, why, why_size) != 0)
		return -1;
	a = model_new(MODEL_ACTIVITY);
	a->c.user_id = xstrdup(user);
	/* The legacy table kept no creation time: the moment itself stands in, the same on every run. */
	a->c.created_at = xstrdup(at);
	a->c.updated_at = xstrdup(at);
	a->c.version = 1;
	a->goal_id = xstrdup(goal);
	a->amount = amount;
	a->note = xstrdup_or_null(note);
	a->occurred_at = xstrdup(at);
	if (model_validate(MODEL_ACTIVITY, a, why, why_size) != 0) {
		model_free(MODEL_ACTIVITY, a);
		return -1;
	}
	*out = a;
	return 0;
}

char *
migrate_legacy_key_text(enum migrate_kind kind, json_t *l)
{
	bool bad;
	const char *a = migrate_av_get(l, kind == MIGRATE_GOALS ? "userId" : "goalId", "S", &bad);
	const char *b = migrate_av_get(l, kind == MIGRATE_GOALS ? "goalId" : "timestamp",
	    kind == MIGRATE_GOALS ? "S" : "N", &bad);
	char *sa = shown(a != NULL ? a : "?"), *sb = shown(b != NULL ? b : "?");
	char *out = xasprintf(kind == MIGRATE_GOALS ? "userId=%s goalId=%s" : "goalId=%s timestamp=%s",
	    sa, sb);

	free(sa);
	free(sb);
	return out;
}

/* ---- back to the legacy format ---- */

void
migrate_av_set_s(json_t *item, const char *name, const char *v)
{
	if (v != NULL)
		json_object_set_new(item, name, json_pack("{s:s}", "S", v));
}

static void
set_n(json_t *item, const char *name, long long milli)
{
	char text[DECIMAL_TEXT_MAX];

	decimal_format(milli, text);
	json_object_set_new(item, name, json_pack("{s:s}", "N", text));
}

static void
set_ms(json_t *item, const char *name, const char *ts)
{
	ms_t ms = 0;
	char text[32];

	if (ts == NULL || timefmt_parse_key(ts, &ms) != 0)
		return;
	xsnprintf(text, sizeof text, "%lld", (long long)ms);
	json_object_set_new(item, name, json_pack("{s:s}", "N", text));
}

json_t *
migrate_legacy_goal_key(const char *user_id, const char *goal_id)
{
	return json_pack("{s:{s:s}, s:{s:s}}", "userId", "S", user_id, "goalId", "S", goal_id);
}

json_t *
migrate_legacy_activity_key(const char *goal_id, long long at_ms)
{
	char text[32];

	xsnprintf(text, sizeof text, "%lld", at_ms);
	return json_pack("{s:{s:s}, s:{s:s}}", "goalId", "S", goal_id, "timestamp", "N", text);
}

json_t *
migrate_legacy_goal(const struct model_goal *g)
{
	json_t *item = migrate_legacy_goal_key(g->c.user_id, g->goal_id);
	size_t st;

	migrate_av_set_s(item, "title", g->title);
	migrate_av_set_s(item, "category", g->category);
	set_n(item, "targetValue", g->target.v);
	migrate_av_set_s(item, "unit", g->unit);
	set_n(item, "currentValue", g->progress.v);
	for (st = 0; model_status[st] != NULL; st++)
		if (g->status != NULL && strcmp(g->status, model_status[st]) == 0)
			break;
	migrate_av_set_s(item, "status", legacy_status[st] != NULL ? legacy_status[st] : "ACTIVE");
	migrate_av_set_s(item, "startDate", g->start_date);
	migrate_av_set_s(item, "targetDate", g->due_date);
	set_ms(item, "createdAt", g->c.created_at);
	set_ms(item, "updatedAt", g->c.updated_at);
	/* Kept so that a later run copies the goal back with the version it has, never an older one. */
	set_n(item, "version", g->c.version * 1000);
	return item;
}

json_t *
migrate_legacy_activity(const struct model_activity *a)
{
	ms_t ms = 0;
	json_t *item;

	if (a->occurred_at != NULL)
		timefmt_parse_key(a->occurred_at, &ms);
	item = migrate_legacy_activity_key(a->goal_id, ms);
	migrate_av_set_s(item, "userId", a->c.user_id);
	set_n(item, "value", a->amount.v);
	migrate_av_set_s(item, "note", a->note);
	return item;
}

/* ---- scan files ---- */

int
migrate_parse_scan(const char *text, size_t len, json_t **items, char *why, size_t why_size)
{
	json_error_t jerr;
	json_t *root, *arr, *it, *av;
	const char *name;
	size_t i;

	*items = NULL;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		/* jansson quotes the input near the error: raw bytes of outside input. */
		char *t = shown(jerr.text);

		migrate_fail(why, why_size, "not JSON: line %d: %s", jerr.line, t);
		free(t);
		return -1;
	}
	arr = json_object_get(root, "Items");
	if (!json_is_object(root) || !json_is_array(arr)) {
		json_decref(root);
		return migrate_fail(why, why_size, "not the output of aws dynamodb scan: no \"Items\" array");
	}
	json_array_foreach(arr, i, it) {
		if (!json_is_object(it)) {
			json_decref(root);
			return migrate_fail(why, why_size, "item %zu is not an object", i);
		}
		json_object_foreach(it, name, av)
			if (!json_is_object(av) || json_object_size(av) != 1) {
				char *v = shown(name);

				migrate_fail(why, why_size, "item %zu: attribute '%s' is not an attribute value like {\"S\":\"text\"}",
				    i, v);
				free(v);
				json_decref(root);
				return -1;
			}
	}
	*items = json_incref(arr);
	json_decref(root);
	return 0;
}

int
migrate_items_kind(json_t *items)
{
	json_t *it;
	size_t i;

	json_array_foreach(items, i, it) {
		if (json_object_get(it, "timestamp") != NULL || json_object_get(it, "value") != NULL)
			return MIGRATE_ACTIVITIES;
		if (json_object_get(it, "targetValue") != NULL || json_object_get(it, "title") != NULL ||
		    json_object_get(it, "currentValue") != NULL)
			return MIGRATE_GOALS;
	}
	return -1;
}

int
migrate_read_scan_file(const char *path, json_t **items, char *why, size_t why_size)
{
	struct stat st;
	FILE *f;
	char *text;
	size_t got;
	int rc;

	*items = NULL;
	f = fopen(path, "rb");
	if (f == NULL)
		return migrate_fail(why, why_size, "%s: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return migrate_fail(why, why_size, "%s: not a regular file", path);
	}
	if (st.st_size > MIGRATE_FILE_MAX) {
		fclose(f);
		return migrate_fail(why, why_size, "%s: larger than %ld bytes", path, MIGRATE_FILE_MAX);
	}
	text = xmalloc((size_t)st.st_size + 1);
	got = fread(text, 1, (size_t)st.st_size, f);
	fclose(f);
	if (got != (size_t)st.st_size) {
		free(text);
		return migrate_fail(why, why_size, "%s: could not read it", path);
	}
	rc = migrate_parse_scan(text, got, items, why, why_size);
	free(text);
	if (rc != 0) {
		char inner[400];

		xsnprintf(inner, sizeof inner, "%s", why != NULL ? why : "");
		migrate_fail(why, why_size, "%s: %s", path, inner);
	}
	return rc;
}
