#include "cli/names.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datastore/keys.h"
#include "datastore/present.h"
#include "datastore/store_collect.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* How many leading characters a and b share, case-insensitively. */
static size_t
common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] != '\0' && b[n] != '\0' && tolower((unsigned char)a[n]) == tolower((unsigned char)b[n]))
		n++;
	return n;
}

struct id_at {
	const char *id;
	size_t at;
};

static int
id_cmp(const void *pa, const void *pb)
{
	const struct id_at *a = pa, *b = pb;
	return strcasecmp(a->id, b->id);
}

void
names_short_lengths(const char *const *ids, size_t n, size_t *len)
{
	/* Sorted, an id's longest shared prefix is with one of its two neighbours. */
	struct id_at *v = xcalloc(n > 0 ? n : 1, sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		len[i] = 0;
		if (ids[i] != NULL)
			v[m++] = (struct id_at){ ids[i], i };
	}
	qsort(v, m, sizeof *v, id_cmp);
	for (size_t k = 0; k < m; k++) {
		size_t need = 0, whole = strlen(v[k].id);
		if (k > 0 && strcasecmp(v[k - 1].id, v[k].id) != 0)
			need = common_prefix(v[k - 1].id, v[k].id) + 1;
		if (k + 1 < m && strcasecmp(v[k + 1].id, v[k].id) != 0) {
			size_t s = common_prefix(v[k + 1].id, v[k].id) + 1;
			if (s > need)
				need = s;
		}
		if (need < NAMES_SHORT_MIN)
			need = NAMES_SHORT_MIN;
		len[v[k].at] = need < whole ? need : whole;
	}
	free(v);
}

static int
goals_page(void *arg, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct cli *c = arg;
	return store_goals_list(c->t, c->user_id, pg, page, err);
}

/*
 * The user's goals, read once a run (AP3, every page). -1 with err when they
 * cannot be read the first time; afterwards the (then empty) list stands.
 */
static int
goals_load(struct cli *c, struct table_err *err)
{
	if (c->goals_read)
		return 0;
	c->goals_read = true;
	if (store_collect(goals_page, c, 1000, SIZE_MAX, &c->goals, NULL, err) != 0) {
		memset(&c->goals, 0, sizeof c->goals);
		return -1;
	}
	return 0;
}

void
names_goals_given(struct cli *c, struct store_list *goals)
{
	/* All of them (no more pages): names need not read them again. */
	if (c->goals_read || goals->cursor != NULL) {
		store_list_done(goals);
		return;
	}
	c->goals = *goals;
	memset(goals, 0, sizeof *goals);
	c->goals_read = true;
}

/* Whether the goals can be read for names at all (--explain sends nothing). */
static bool
goals_readable(struct cli *c)
{
	return c->t != NULL && c->user_id != NULL && !c->explain;
}

const char *
names_goal_title(struct cli *c, const char *goal_id)
{
	struct table_err err;
	if (goal_id == NULL || !goals_readable(c))
		return NULL;
	table_err_clear(&err);
	/* A name is a nicety: when the goals cannot be read, ids are shown. */
	(void)goals_load(c, &err);
	for (size_t i = 0; i < c->goals.count; i++) {
		const struct model_goal *g = c->goals.items[i].rec;
		if (g->goal_id != NULL && strcmp(g->goal_id, goal_id) == 0)
			return g->title;
	}
	return NULL;
}

size_t
names_goal_short(struct cli *c, const char *goal_id)
{
	struct table_err err;
	if (goal_id == NULL || !goals_readable(c))
		return NAMES_SHORT_MIN;
	table_err_clear(&err);
	(void)goals_load(c, &err);
	if (c->goals_short == NULL) {
		/* Once per run: a list asks for every activity's goal. */
		const char **ids = xcalloc(c->goals.count + 1, sizeof *ids);
		for (size_t i = 0; i < c->goals.count; i++)
			ids[i] = ((const struct model_goal *)c->goals.items[i].rec)->goal_id;
		c->goals_short = xcalloc(c->goals.count + 1, sizeof *c->goals_short);
		names_short_lengths(ids, c->goals.count, c->goals_short);
		free(ids);
	}
	for (size_t i = 0; i < c->goals.count; i++) {
		const char *id = ((const struct model_goal *)c->goals.items[i].rec)->goal_id;
		if (id != NULL && strcmp(id, goal_id) == 0)
			return c->goals_short[i];
	}
	return NAMES_SHORT_MIN;
}

char *
names_goal_label(const struct model_goal *g)
{
	if (g->title == NULL || g->title[0] == '\0')
		return utf8_inert(g->goal_id != NULL ? g->goal_id : "?", false);
	char *quoted = xasprintf("'%s'", g->title);
	char *inert = utf8_inert(quoted, false);
	free(quoted);
	return inert;
}

void
names_done(struct cli *c)
{
	store_list_done(&c->goals);
	c->goals_read = false;
	free(c->goals_short);
	c->goals_short = NULL;
}

/* Whether needle occurs in hay, ASCII letters without regard to case. */
static bool
ci_contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return false;
	for (const char *p = hay; *p != '\0'; p++)
		if (strncasecmp(p, needle, n) == 0)
			return true;
	return false;
}

/* Lists candidates on stderr after the one-line error: id, then the record's summary. */
static void
list_candidates(struct cli *c, const struct store_item *items, size_t n, bool more)
{
	for (size_t i = 0; i < n; i++) {
		enum model_type type = items[i].type;
		const void *rec = items[i].rec;
		char *sum = present_summary(type, rec);
		char when[PRESENT_TIME_MAX] = "";
		const char *at = present_occurred_at(type, rec);
		if (at != NULL)
			present_time_or(at, "?", when, sizeof when);
		char *line = type == MODEL_GOAL ?
		    xasprintf("  %s  %s (%s)", model_id(type, rec), sum, ((const struct model_goal *)rec)->status) :
		    xasprintf("  %s  %s%s%s", model_id(type, rec), when, when[0] != '\0' ? "  " : "", sum);
		char *fit = utf8_fit(line, 100);
		char *inert = utf8_inert(fit, false);
		fprintf(c->err, "%s\n", inert);
		free(inert);
		free(fit);
		free(line);
		free(sum);
	}
	if (more)
		fprintf(c->err, "  ... and more\n");
}

/* Refuses text as naming several records, listing them; exit 2. */
static int
ambiguous(struct cli *c, enum model_type type, const char *text, const char *what, const char *how,
    const struct store_item *items, size_t n, bool more)
{
	const struct model_entity *e = model_entity(type);
	cli_fail(c, CLI_USAGE, what, "'%s' %s %s%zu %ss; say which with more of it:", text, how,
	    more ? "more than " : "", n, e->label);
	list_candidates(c, items, n, more);
	return CLI_USAGE;
}

/* Keeps in *out the goals of c->goals that match; returns how many. */
static size_t
goals_matching(struct cli *c, const char *text, bool whole, struct store_item **out)
{
	size_t n = 0;
	*out = xcalloc(c->goals.count + 1, sizeof **out);
	for (size_t i = 0; i < c->goals.count; i++) {
		const struct model_goal *g = c->goals.items[i].rec;
		if (g->title == NULL)
			continue;
		if (whole ? strcasecmp(g->title, text) == 0 : ci_contains(g->title, text))
			(*out)[n++] = c->goals.items[i];
	}
	return n;
}

/* With prefer_active, the one active goal among the matches, if there is exactly one. */
static const struct store_item *
one_active(const struct store_item *items, size_t n)
{
	const struct store_item *found = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct model_goal *g = items[i].rec;
		if (g->status != NULL && strcmp(g->status, "active") == 0) {
			if (found != NULL)
				return NULL;
			found = &items[i];
		}
	}
	return found;
}

/*
 * Steps 3 and 4: a goal by its whole title, then by part of it. CLI_OK with
 * *rec, 1 when nothing matches (no message), or an exit code after an error.
 */
static int
goal_by_title(struct cli *c, const char *text, const char *what, unsigned flags, void **rec)
{
	struct table_err err;
	table_err_clear(&err);
	if (goals_load(c, &err) != 0)
		return cli_table_fail(c, what, &err);
	for (int whole = 1; whole >= 0; whole--) {
		struct store_item *m;
		size_t n = goals_matching(c, text, whole, &m);
		const struct store_item *pick = n == 1 ? &m[0] : NULL;
		if (n > 1 && (flags & NAMES_PREFER_ACTIVE))
			pick = one_active(m, n);
		if (pick != NULL) {
			*rec = model_copy(MODEL_GOAL, pick->rec);
			free(m);
			return CLI_OK;
		}
		if (n > 1) {
			int rc = ambiguous(c, MODEL_GOAL, text, what, whole ? "is the title of" : "is in the titles of",
			    m, n > NAMES_CANDIDATES_MAX ? NAMES_CANDIDATES_MAX : n, false);
			free(m);
			return rc;
		}
		free(m);
	}
	return -1;
}

/* Step 2: one Query for the ids that begin with text (and its upper case). */
static int
by_prefix(struct cli *c, enum model_type type, const char *text, const char *what, struct store_list *found)
{
	struct table_err err;
	char *upper = xstrdup(text);
	for (char *p = upper; *p != '\0'; p++)
		*p = (char)toupper((unsigned char)*p);
	const char *prefixes[2] = { text, upper };
	table_err_clear(&err);
	int rc = store_id_prefix(c->t, type, c->user_id, prefixes, strcmp(text, upper) != 0 ? 2 : 1,
	    NAMES_CANDIDATES_MAX, found, &err);
	free(upper);
	if (rc != 0)
		return cli_table_fail(c, what, &err);
	return CLI_OK;
}

/* Step 2 for goals: the prefix's one goal, unless the text is the whole title of another. */
static int
goal_prefix_pick(struct cli *c, const char *text, const char *what, struct store_list *found, void **rec)
{
	struct table_err err;
	table_err_clear(&err);
	if (goals_load(c, &err) != 0)
		return cli_table_fail(c, what, &err);
	struct store_item *m;
	size_t n = goals_matching(c, text, true, &m);
	const struct model_goal *g = found->items[0].rec;
	for (size_t i = 0; i < n; i++) {
		const struct model_goal *other = m[i].rec;
		if (strcmp(other->goal_id, g->goal_id) == 0)
			continue;
		struct store_item both[2] = { found->items[0], m[i] };
		int rc = ambiguous(c, MODEL_GOAL, text, what, "begins the id of one and is the title of another of",
		    both, 2, false);
		free(m);
		return rc;
	}
	free(m);
	*rec = found->items[0].rec;
	found->items[0].rec = NULL;
	found->count = 0;
	return CLI_OK;
}

/* Whether text could be a goal's title (data-model.md: UTF-8, no control characters, 200 at most). */
static bool
title_like(const char *text)
{
	size_t n = strlen(text);
	if (n == 0 || !utf8_valid(text, n) || utf8_count(text) > 200)
		return false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(text + i, n - i, &cp);
		if (k == 0 || utf8_is_control(cp))
			return false;
		i += k;
	}
	return true;
}

/* Refuses text as no id (nor title) at all, showing at most its first 40 bytes; exit 2. */
static int
not_a_name(struct cli *c, enum model_type type, const char *text, const char *what)
{
	size_t n = strlen(text), show = n > 40 ? 40 : n;
	/* Cut at a character's start, so that what is shown is still UTF-8. */
	while (show > 0 && show < n && ((unsigned char)text[show] & 0xC0) == 0x80)
		show--;
	return cli_fail(c, CLI_USAGE, what, "'%.*s%s' is not a valid %s id%s (use 1-64 of A-Z a-z 0-9 _ -)",
	    (int)show, text, show < n ? "..." : "", model_entity(type)->label, type == MODEL_GOAL ? " or title" : "");
}

int
names_resolve(struct cli *c, enum model_type type, const char *text, const char *what, unsigned flags,
    void **rec)
{
	const struct model_entity *e = model_entity(type);
	struct table_err err;
	bool id_like = keys_id_valid(text);
	int rc;

	*rec = NULL;
	if (c->explain) {
		/* --explain sends nothing: show the GetItem of the name as it was typed. */
		table_err_clear(&err);
		if (store_get(c->t, type, c->user_id, text, rec, &err) != 0)
			return cli_table_fail(c, what, &err);
		return CLI_OK;
	}
	if (id_like) {
		table_err_clear(&err);
		if (store_get(c->t, type, c->user_id, text, rec, &err) == 0)
			return CLI_OK;
		if (err.status != TABLE_NOT_FOUND)
			return cli_table_fail(c, what, &err);
	} else if (type != MODEL_GOAL || !title_like(text)) {
		return not_a_name(c, type, text, what);
	}
	if (id_like && strlen(text) >= NAMES_PREFIX_MIN) {
		struct store_list found;
		if ((rc = by_prefix(c, type, text, what, &found)) != CLI_OK)
			return rc;
		if (found.count > 1) {
			rc = ambiguous(c, type, text, what, "begins the ids of", found.items, found.count,
			    found.cursor != NULL);
			store_list_done(&found);
			return rc;
		}
		if (found.count == 1) {
			if (type == MODEL_GOAL) {
				rc = goal_prefix_pick(c, text, what, &found, rec);
			} else {
				*rec = found.items[0].rec;
				found.count = 0;
				rc = CLI_OK;
			}
			store_list_done(&found);
			return rc;
		}
		store_list_done(&found);
	}
	if (type == MODEL_GOAL && (rc = goal_by_title(c, text, what, flags, rec)) >= 0)
		return rc;
	/* A goal's short text was looked for among the titles too: then it is not found, not bad input. */
	if (id_like && strlen(text) < NAMES_PREFIX_MIN && type == MODEL_GOAL)
		return cli_fail(c, CLI_FAIL, what, "no goal '%s' (by id or title; an id prefix needs at least %d characters)",
		    text, NAMES_PREFIX_MIN);
	if (id_like && strlen(text) < NAMES_PREFIX_MIN)
		return cli_fail(c, CLI_USAGE, what, "'%s': no %s has this id, and an id prefix needs at least %d characters",
		    text, e->label, NAMES_PREFIX_MIN);
	return cli_fail(c, CLI_FAIL, what, "no %s '%s'", e->label, text);
}

int
names_resolve_id(struct cli *c, enum model_type type, const char *text, const char *what, unsigned flags,
    char **id)
{
	void *rec;
	*id = NULL;
	int rc = names_resolve(c, type, text, what, flags, &rec);
	if (rc != CLI_OK)
		return rc;
	*id = xstrdup(model_id(type, rec));
	model_free(type, rec);
	return CLI_OK;
}
