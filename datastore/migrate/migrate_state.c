/*
 * The migration-state item (migrate_state.h): to and from its attributes,
 * read, and saved under its version.
 */
#include "datastore/migrate/migrate_state.h"
#include "datastore/migrate/migrate_map.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "util/xmalloc.h"



/* An optional S; -1 with why when it is there but not an S. */
static int
get_s(json_t *item, const char *name, const char **out, char *why, size_t size)
{
	bool bad;

	*out = migrate_av_get(item, name, "S", &bad);
	if (bad)
		return migrate_fail(why, size, "%s: not a string (S)", name);
	return 0;
}



static const char *const cp_attr[MIGRATE_KINDS] = { "goalsCheckpoints", "activitiesCheckpoints" };
static const char *const copied_attr[MIGRATE_KINDS] = { "goalsCopied", "activitiesCopied" };
static const char *const table_attr[MIGRATE_KINDS] = { "goalsTable", "activitiesTable" };

/* The state's text attributes, by name and place. */
struct state_str {
	const char *attr;
	size_t offset;
};

#define STR_AT(s, off) ((char **)(void *)((char *)(s) + (off)))
#define CSTR_AT(s, off) (*(char *const *)(const void *)((const char *)(s) + (off)))

static const struct state_str state_strs[] = {
	{ "phase", offsetof(struct migrate_state, phase) },
	{ "source", offsetof(struct migrate_state, source) },
	{ "startedAt", offsetof(struct migrate_state, started_at) },
	{ "copiedAt", offsetof(struct migrate_state, copied_at) },
	{ "verifiedAt", offsetof(struct migrate_state, verified_at) },
	{ "lastVerify", offsetof(struct migrate_state, last_verify) },
	{ "lastLegacyWrite", offsetof(struct migrate_state, last_legacy_write) },
	{ "cutoverAt", offsetof(struct migrate_state, cutover_at) },
	{ "cleanedAt", offsetof(struct migrate_state, cleaned_at) },
};
#define STATE_STRS (sizeof state_strs / sizeof state_strs[0])

void
migrate_state_done(struct migrate_state *s)
{
	for (size_t i = 0; i < STATE_STRS; i++)
		free(*STR_AT(s, state_strs[i].offset));
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		free(s->tables[k]);
		for (int i = 0; s->checkpoints[k] != NULL && i < s->segments; i++)
			free(s->checkpoints[k][i]);
		free(s->checkpoints[k]);
	}
	memset(s, 0, sizeof *s);
}

json_t *
migrate_state_key(void)
{
	char *pk = keys_migration_pk(MIGRATE_NAME);
	json_t *key = table_key(pk, keys_migration_sk());

	free(pk);
	return key;
}

static void
set_int(json_t *item, const char *name, long long v)
{
	char text[32];

	xsnprintf(text, sizeof text, "%lld", v);
	json_object_set_new(item, name, json_pack("{s:s}", "N", text));
}

json_t *
migrate_state_item(const struct migrate_state *s)
{
	json_t *item = migrate_state_key();

	json_object_set_new(item, "type", json_pack("{s:s}", "S", "MIGRATION"));
	set_int(item, "version", s->version);
	for (size_t i = 0; i < STATE_STRS; i++)
		migrate_av_set_s(item, state_strs[i].attr, CSTR_AT(s, state_strs[i].offset));
	set_int(item, "segments", s->segments);
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		json_t *l = json_array();

		migrate_av_set_s(item, table_attr[k], s->tables[k]);
		for (int i = 0; s->checkpoints[k] != NULL && i < s->segments; i++)
			json_array_append_new(l, json_pack("{s:s}", "S",
			    s->checkpoints[k][i] != NULL ? s->checkpoints[k][i] : "-"));
		json_object_set_new(item, cp_attr[k], json_pack("{s:o}", "L", l));
		set_int(item, copied_attr[k], s->copied[k]);
	}
	set_int(item, "profilesCreated", s->profiles);
	set_int(item, "skipped", s->skipped);
	set_int(item, "notes", s->notes);
	set_int(item, "differences", s->differences);
	return item;
}

static int
get_int(json_t *item, const char *name, long long *out, char *why, size_t size)
{
	const char *text, *reason;
	bool bad;

	*out = 0;
	text = migrate_av_get(item, name, "N", &bad);
	if (bad)
		return migrate_fail(why, size, "%s: not a number", name);
	if (text != NULL && decimal_parse_int(text, out, &reason) != 0)
		return migrate_fail(why, size, "%s: %s", name, reason);
	return 0;
}

int
migrate_state_from_item(json_t *item, struct migrate_state *s, char *why, size_t why_size)
{
	long long segs;
	const char *v;

	memset(s, 0, sizeof *s);
	if (!json_is_object(item))
		return migrate_fail(why, why_size, "the state is not an object");
	s->exists = true;
	if (get_int(item, "version", &s->version, why, why_size) != 0 ||
	    get_int(item, "segments", &segs, why, why_size) != 0)
		goto bad;
	if (segs < 0 || segs > MIGRATE_SEGMENTS_MAX) {
		migrate_fail(why, why_size, "segments: %lld is out of range", segs);
		goto bad;
	}
	s->segments = (int)segs;
	for (size_t i = 0; i < STATE_STRS; i++) {
		if (get_s(item, state_strs[i].attr, &v, why, why_size) != 0)
			goto bad;
		*STR_AT(s, state_strs[i].offset) = xstrdup_or_null(v);
	}
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		json_t *l = json_object_get(json_object_get(item, cp_attr[k]), "L"), *e;
		size_t i;

		if (get_s(item, table_attr[k], &v, why, why_size) != 0 ||
		    get_int(item, copied_attr[k], &s->copied[k], why, why_size) != 0)
			goto bad;
		s->tables[k] = xstrdup_or_null(v);
		if (s->segments == 0)
			continue;
		s->checkpoints[k] = xcalloc((size_t)s->segments, sizeof *s->checkpoints[k]);
		if (json_array_size(l) != (size_t)s->segments) {
			migrate_fail(why, why_size, "%s: not %d checkpoints", cp_attr[k], s->segments);
			goto bad;
		}
		json_array_foreach(l, i, e) {
			const char *cp = json_string_value(json_object_get(e, "S"));

			if (cp == NULL) {
				migrate_fail(why, why_size, "%s: not a list of strings", cp_attr[k]);
				goto bad;
			}
			s->checkpoints[k][i] = strcmp(cp, "-") == 0 ? NULL : xstrdup(cp);
		}
	}
	if (get_int(item, "profilesCreated", &s->profiles, why, why_size) != 0 ||
	    get_int(item, "skipped", &s->skipped, why, why_size) != 0 ||
	    get_int(item, "notes", &s->notes, why, why_size) != 0 ||
	    get_int(item, "differences", &s->differences, why, why_size) != 0)
		goto bad;
	return 0;
bad:
	migrate_state_done(s);
	return -1;
}

int
migrate_state_load(struct table *t, struct migrate_state *s, struct table_err *err)
{
	json_t *key = migrate_state_key(), *item = NULL;
	char why[256];
	int rc;

	memset(s, 0, sizeof *s);
	rc = table_get(t, key, &item, err);
	json_decref(key);
	if (rc != 0) {
		if (err->status != TABLE_NOT_FOUND)
			return -1;
		table_err_clear(err);
		return 0;
	}
	rc = migrate_state_from_item(item, s, why, sizeof why);
	json_decref(item);
	if (rc != 0)
		return table_err_set(err, TABLE_ERROR, "the migration state item is damaged: %s", why);
	return 0;
}

/* Attributes a run never writes: the dual writes own lastLegacyWrite. */
static bool
state_foreign(const char *name)
{
	return strcmp(name, "lastLegacyWrite") == 0;
}

int
migrate_state_save(struct table *t, struct migrate_state *s, struct table_err *err)
{
	json_t *item;
	int rc;

	if (!s->exists) {
		struct table_cond cond = { .kind = TABLE_COND_NOT_EXISTS };

		s->version = 1;
		item = migrate_state_item(s);
		rc = table_put(t, item, &cond, err);
		json_decref(item);
		if (rc == 0)
			s->exists = true;
	} else {
		static const char *const optional[] = {
			"phase", "source", "startedAt", "copiedAt", "verifiedAt", "lastVerify",
			"cutoverAt", "cleanedAt", "goalsTable", "activitiesTable", NULL,
		};
		struct table_update_action acts[48];
		struct table_update upd = { acts, 0 };
		/* An item made by a dual write has no version yet: it only has to be there. */
		struct table_cond cond = { .kind = s->version > 0 ? TABLE_COND_VERSION : TABLE_COND_EXISTS,
		    .version = s->version };
		const char *name;
		json_t *av, *key = migrate_state_key();

		s->version++;
		item = migrate_state_item(s);
		json_object_foreach(item, name, av) {
			if (strcmp(name, "PK") == 0 || strcmp(name, "SK") == 0 || state_foreign(name))
				continue;
			acts[upd.count++] = (struct table_update_action){ TABLE_UPDATE_SET, name, av };
		}
		for (size_t i = 0; optional[i] != NULL; i++)
			if (json_object_get(item, optional[i]) == NULL)
				acts[upd.count++] = (struct table_update_action){ TABLE_UPDATE_REMOVE,
				    optional[i], NULL };
		rc = table_update(t, key, &upd, &cond, NULL, err);
		json_decref(key);
		json_decref(item);
		if (rc != 0) {
			s->version--;
			if (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND)
				table_err_set(err, TABLE_COND_FAILED,
				    "the migration state changed under this run (another migrate command at the same time?); run it again");
		}
	}
	return rc;
}

bool
migrate_state_is(const struct migrate_state *s, const char *phase)
{
	return s->phase != NULL && strcmp(s->phase, phase) == 0;
}
