/*
 * The key codec of data-model.md. Other tools read and write the same items,
 * so every byte here is a contract; the separator lives in this file only.
 */
#include "datastore/keys.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define SEP "#"

bool
keys_id_valid(const char *id)
{
	size_t n;

	if (id == NULL)
		return false;
	for (n = 0; id[n] != '\0'; n++) {
		char c = id[n];

		if (n >= KEYS_ID_MAX)
			return false;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return n > 0;
}

/* The parts, up to a NULL, end to end in a new string (keys are built a million times in an import). */
static char *
keys_join(const char *first, ...)
{
	va_list ap;
	size_t len = 0, n;
	char *out, *p;

	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *))
		len += strlen(s);
	va_end(ap);
	p = out = xmalloc(len + 1);
	va_start(ap, first);
	for (const char *s = first; s != NULL; s = va_arg(ap, const char *)) {
		n = strlen(s);
		memcpy(p, s, n);
		p += n;
	}
	va_end(ap);
	*p = '\0';
	return out;
}

char *
keys_user_pk(const char *user_id)
{
	return keys_join("USER" SEP, user_id, (const char *)NULL);
}

const char *
keys_profile_sk(void)
{
	return "PROFILE";
}

char *
keys_entity_sk(const char *type, const char *id)
{
	return keys_join(type, SEP, id, (const char *)NULL);
}

char *
keys_type_prefix(const char *type)
{
	return keys_join(type, SEP, (const char *)NULL);
}

char *
keys_activity_sk(const char *goal_id, const char *at)
{
	return keys_join("ACTIVITY" SEP, goal_id, SEP, at, (const char *)NULL);
}

char *
keys_activity_prefix(const char *goal_id)
{
	return keys_join("ACTIVITY" SEP, goal_id, SEP, (const char *)NULL);
}

char *
keys_migration_pk(const char *name)
{
	return keys_join("MIGRATION" SEP, name, (const char *)NULL);
}

const char *
keys_migration_sk(void)
{
	return "STATE";
}

const char *
keys_gsi1_users_pk(void)
{
	return "USER";
}

char *
keys_gsi1_user_sk(const char *user_id)
{
	return keys_join("USER" SEP, user_id, (const char *)NULL);
}

/* One place to shard later (GOAL#active#<n>), as data-model.md foresees. */
char *
keys_gsi1_status_pk(const char *status)
{
	return keys_join("GOAL" SEP, status, (const char *)NULL);
}

char *
keys_gsi1_goal_sk(const char *user_id, const char *goal_id)
{
	return keys_join("USER" SEP, user_id, SEP "GOAL" SEP, goal_id, (const char *)NULL);
}

char *
keys_gsi1_user_goals_prefix(const char *user_id)
{
	return keys_join("USER" SEP, user_id, SEP, (const char *)NULL);
}

char *
keys_gsi2_pk(const char *user_id, const char *type)
{
	return keys_join("USER" SEP, user_id, SEP, type, (const char *)NULL);
}

char *
keys_gsi2_sk(const char *at, const char *id)
{
	return keys_join(at, SEP, id, (const char *)NULL);
}

char *
keys_gsi3_pk(const char *goal_id)
{
	return keys_join("GOAL" SEP, goal_id, (const char *)NULL);
}

char *
keys_gsi3_activity_sk(const char *at)
{
	return keys_join("ACTIVITY" SEP, at, (const char *)NULL);
}

char *
keys_gsi3_sk(const char *type, const char *at, const char *id)
{
	return keys_join(type, SEP, at, SEP, id, (const char *)NULL);
}

char *
keys_parse_user_pk(const char *pk)
{
	static const char prefix[] = "USER" SEP;

	if (pk == NULL || strncmp(pk, prefix, sizeof prefix - 1) != 0)
		return NULL;
	if (!keys_id_valid(pk + sizeof prefix - 1))
		return NULL;
	return xstrdup(pk + sizeof prefix - 1);
}

/* Hands v to the caller, or frees it when the caller did not ask for it. */
static void
set_out(char **p, char *v)
{
	if (p != NULL)
		*p = v;
	else
		free(v);
}

int
keys_parse_sk(const char *sk, char **type, char **id, char **at)
{
	static const char *const types[] = { "GOAL", "JOURNAL", "MEAL", "WORKOUT" };
	static const char activity[] = "ACTIVITY" SEP;
	const char *rest, *sep;
	char *g;
	size_t i, n;
	ms_t ms;

	set_out(type, NULL);
	set_out(id, NULL);
	set_out(at, NULL);
	if (sk == NULL)
		return -1;
	if (strcmp(sk, keys_profile_sk()) == 0) {
		set_out(type, xstrdup(sk));
		return 0;
	}
	if (strncmp(sk, activity, sizeof activity - 1) == 0) {
		rest = sk + sizeof activity - 1;
		sep = strchr(rest, KEYS_SEP);
		if (sep == NULL)
			return -1;
		n = (size_t)(sep - rest);
		if (n == 0 || n > KEYS_ID_MAX || timefmt_parse_key(sep + 1, &ms) != 0)
			return -1;
		/* The id rule has no separator, so the first one ends the goal id. */
		g = xstrndup(rest, n);
		if (!keys_id_valid(g)) {
			free(g);
			return -1;
		}
		set_out(type, xstrndup(sk, sizeof activity - 2));
		set_out(id, g);
		set_out(at, xstrdup(sep + 1));
		return 0;
	}
	for (i = 0; i < sizeof types / sizeof types[0]; i++) {
		n = strlen(types[i]);
		if (strncmp(sk, types[i], n) != 0 || sk[n] != KEYS_SEP)
			continue;
		if (!keys_id_valid(sk + n + 1))
			return -1;
		set_out(type, xstrdup(types[i]));
		set_out(id, xstrdup(sk + n + 1));
		return 0;
	}
	return -1;
}
