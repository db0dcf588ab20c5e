/*
 * The reads of the store (AP1-AP14) and what the writes share with them (see
 * store_int.h); the writes are in store_write.c.
 */
#include "datastore/store.h"
#include "datastore/store_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "util/xmalloc.h"

#define STORE_PAGE_DEFAULT 100

/* Notes the request a pattern is about to make in the trace set on t (if any). */
void
store_explain_set(struct table *t, const char *pattern, const char *operation, const char *index,
    const char *fmt, ...)
{
	struct table_request *r = table_trace_request(t);
	va_list ap;
	if (r == NULL)
		return;
	r->pattern = pattern;
	r->operation = operation;
	r->index = index;
	va_start(ap, fmt);
	vsnprintf(r->condition, sizeof r->condition, fmt, ap);
	va_end(ap);
}

const char *
store_id_text(const char *id)
{
	return id != NULL ? id : "";
}

/* Ids come from outside (options, files): refuse a bad one before it reaches a key. */
int
store_bad_id(const char *label, const char *id, struct table_err *err)
{
	if (id != NULL && keys_id_valid(id))
		return 0;
	table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id (use 1-64 of A-Z a-z 0-9 _ -)",
	    ID_SHOWN(id != NULL ? id : ""), label);
	return -1;
}

static const char *const goal_statuses[] = { "active", "paused", "completed", "archived", NULL };

/* One of the goal statuses of data-model.md, else TABLE_INVALID naming it. */
int
store_bad_status(const char *status, struct table_err *err)
{
	for (size_t i = 0; status != NULL && goal_statuses[i] != NULL; i++)
		if (strcmp(status, goal_statuses[i]) == 0)
			return 0;
	table_err_set(err, TABLE_INVALID, "status: must be active, paused, completed or archived, not '%s'",
	    status != NULL ? status : "");
	return -1;
}

void
store_list_done(struct store_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		model_free(l->items[i].type, l->items[i].rec);
	free(l->items);
	free(l->cursor);
	memset(l, 0, sizeof *l);
}

void
store_list_append(struct store_list *dst, struct store_list *src)
{
	dst->items = xreallocarray(dst->items, dst->count + src->count + 1, sizeof *dst->items);
	if (src->count > 0)
		memcpy(dst->items + dst->count, src->items, src->count * sizeof *src->items);
	dst->count += src->count;
	dst->skipped += src->skipped;
	free(src->items);
	src->items = NULL;
	src->count = 0;
	src->skipped = 0;
}

/* Turns a page of items into records; items that do not read are counted, not fatal. */
void
store_page_to_list(struct table_page *page, struct store_list *out)
{
	memset(out, 0, sizeof *out);
	out->items = xcalloc(page->count + 1, sizeof *out->items);
	for (size_t i = 0; page->recs != NULL && i < page->count; i++) {
		/* The backend read the page as records (the query's records). */
		if (page->recs[i].rec == NULL) {
			out->skipped++;
			continue;
		}
		out->items[out->count].type = page->recs[i].type;
		out->items[out->count++].rec = page->recs[i].rec;
		page->recs[i].rec = NULL;
	}
	for (size_t i = 0; page->items != NULL && i < page->count; i++) {
		enum model_type type;
		void *rec;
		char why[256];
		if (model_from_item(page->items[i], &type, &rec, why, sizeof why) != 0) {
			out->skipped++;
			continue;
		}
		out->items[out->count].type = type;
		out->items[out->count].rec = rec;
		out->count++;
	}
	out->cursor = page->cursor;
	page->cursor = NULL;
}

/* The profile item of a one-item page (AP1 as a Query, to travel with another query). */
static int
page_to_profile(struct table_page *page, const char *user_id, struct model_user **out,
    struct table_err *err)
{
	enum model_type type;
	void *rec;
	char why[256];

	*out = NULL;
	if (page->count == 0)
		return table_err_set(err, TABLE_NOT_FOUND, "no user '%s'", user_id);
	if (model_from_item(page->items[0], &type, &rec, why, sizeof why) != 0)
		return table_err_set(err, TABLE_ERROR, "the profile of '%s' does not read: %s", user_id, why);
	if (type != MODEL_USER) {
		model_free(type, rec);
		return table_err_set(err, TABLE_ERROR, "the profile of '%s' is not a user", user_id);
	}
	*out = rec;
	return 0;
}

/*
 * The profile (AP1 as a Query) and maybe the goals (AP3) that travel with a
 * command's first queries: appended to qs at *n; their keys in keep (freed by
 * extras_done).
 */
struct extras {
	size_t at;               /* index of the profile's query in qs */
	bool goals;
	char *pk, *prefix;
};

static int
extras_add(const struct store_extras *pg, struct table_query *qs, size_t *n, struct extras *x, struct table_err *err)
{
	memset(x, 0, sizeof *x);
	*pg->profile = NULL;
	CHECK_ID("user", pg->user);
	x->pk = keys_user_pk(pg->user);
	x->at = *n;
	qs[(*n)++] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = x->pk, .sk_op = TABLE_KEY_EQ,
	    .sk_a = keys_profile_sk(), .limit = 1 };
	if (pg->goals != NULL) {
		memset(pg->goals, 0, sizeof *pg->goals);
		x->goals = true;
		x->prefix = keys_type_prefix(model_entity(MODEL_GOAL)->type_name);
		qs[(*n)++] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = x->pk,
		    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = x->prefix, .limit = 1000 };
	}
	return 0;
}

/* Takes the profile (and goals) pages of a query_many that succeeded; -1 when the profile is not there. */
static int
extras_take(const struct store_extras *pg, struct table_page *pages, struct extras *x, struct table_err *err)
{
	int rc = page_to_profile(&pages[x->at], pg->user, pg->profile, err);
	if (rc == 0 && x->goals)
		store_page_to_list(&pages[x->at + 1], pg->goals);
	return rc;
}

static void
extras_done(struct extras *x)
{
	free(x->pk);
	free(x->prefix);
	x->pk = x->prefix = NULL;
}

static int
run_query(struct table *t, struct table_query *q, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	struct table_page pages[3];
	size_t n = 1;
	int rc;

	memset(pages, 0, sizeof pages);
	memset(out, 0, sizeof *out);
	q->limit = pg.limit > 0 ? pg.limit : STORE_PAGE_DEFAULT;
	q->cursor = pg.cursor;
	q->records = true;
	if (pg.profile == NULL) {
		if (table_query(t, q, &pages[0], err) != 0)
			return -1;
	} else {
		struct table_query qs[3] = { *q };
		struct extras x;
		struct store_extras ex = { pg.profile_user, pg.profile, NULL };
		if (extras_add(&ex, qs, &n, &x, err) != 0)
			return -1;
		rc = table_query_many(t, qs, pages, n, err);
		extras_done(&x);
		if (rc != 0)
			return -1;
		if (extras_take(&ex, pages, &x, err) != 0) {
			for (size_t i = 0; i < n; i++)
				table_page_done(&pages[i]);
			return -1;
		}
	}
	store_page_to_list(&pages[0], out);
	for (size_t i = 0; i < n; i++)
		table_page_done(&pages[i]);
	return 0;
}

int
store_get_item(struct table *t, const char *pk, const char *sk, enum model_type want, void **out,
    struct table_err *err)
{
	json_t *key = table_key(pk, sk);
	json_t *item = NULL;
	enum model_type type;
	char why[256];
	int rc = table_get(t, key, &item, err);
	json_decref(key);
	*out = NULL;
	if (rc != 0)
		return -1;
	if (item == NULL)
		return table_err_set(err, TABLE_NOT_FOUND, "not found");
	if (model_from_item(item, &type, out, why, sizeof why) != 0) {
		json_decref(item);
		return table_err_set(err, TABLE_ERROR, "stored item %s / %s does not read: %s", pk, sk, why);
	}
	json_decref(item);
	if (type != want) {
		model_free(type, *out);
		*out = NULL;
		return table_err_set(err, TABLE_ERROR, "stored item %s / %s is not a %s", pk, sk,
		    model_entity(want)->label);
	}
	return 0;
}

int
store_profile_get(struct table *t, const char *user_id, struct model_user **out,
    struct table_err *err)
{
	*out = NULL;
	CHECK_ID("user", user_id);
	char *pk = keys_user_pk(user_id);
	void *rec;
	store_explain_set(t, "AP1", "GetItem", NULL, "PK = \"%s\" AND SK = \"%s\"", pk, keys_profile_sk());
	int rc = store_get_item(t, pk, keys_profile_sk(), MODEL_USER, &rec, err);
	if (rc != 0 && err->status == TABLE_NOT_FOUND)
		table_err_set(err, TABLE_NOT_FOUND, "no user '%s'", user_id);
	free(pk);
	*out = rc == 0 ? rec : NULL;
	return rc;
}

int
store_get(struct table *t, enum model_type type, const char *user_id, const char *id, void **out,
    struct table_err *err)
{
	*out = NULL;
	CHECK_ID("user", user_id);
	const struct model_entity *e = model_entity(type);
	if (!keys_id_valid(id)) {
		*out = NULL;
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id", ID_SHOWN(id), e->label);
	}
	char *pk = keys_user_pk(user_id);
	char *sk = keys_entity_sk(e->type_name, id);
	store_explain_set(t, type == MODEL_GOAL ? "AP3" : "AP1", "GetItem", NULL, "PK = \"%s\" AND SK = \"%s\"", pk, sk);
	int rc = store_get_item(t, pk, sk, type, out, err);
	if (rc != 0 && err->status == TABLE_NOT_FOUND)
		table_err_set(err, TABLE_NOT_FOUND, "no %s '%s'", e->label, id);
	free(pk);
	free(sk);
	return rc;
}

int
store_id_prefix(struct table *t, enum model_type type, const char *user_id,
    const char *const *prefixes, size_t n, int limit, struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	const struct model_entity *e = model_entity(type);
	struct table_query qs[2];
	struct table_page pages[2];
	char *sks[2] = { NULL, NULL };
	bool more = false;
	if (n == 0 || n > 2)
		return table_err_set(err, TABLE_INVALID, "one or two id prefixes, not %zu", n);
	for (size_t i = 0; i < n; i++)
		if (prefixes[i][0] != '\0' && !keys_id_valid(prefixes[i]))
			return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id", ID_SHOWN(prefixes[i]),
			    e->label);
	char *pk = keys_user_pk(user_id);
	for (size_t i = 0; i < n; i++) {
		sks[i] = keys_entity_sk(e->type_name, prefixes[i]);
		qs[i] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = pk, .sk_op = TABLE_KEY_BEGINS_WITH,
		    .sk_a = sks[i], .limit = limit > 0 ? limit : 2 };
	}
	store_explain_set(t, type == MODEL_GOAL ? "AP3" : "AP14", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\")%s%s%s, Limit %d", pk,
	    sks[0], n > 1 ? " (and \"" : "", n > 1 ? sks[1] : "", n > 1 ? "\")" : "", qs[0].limit);
	int rc = n == 1 ? table_query(t, &qs[0], &pages[0], err) : table_query_many(t, qs, pages, n, err);
	free(pk);
	for (size_t i = 0; i < n; i++)
		free(sks[i]);
	if (rc != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct store_list part;
		store_page_to_list(&pages[i], &part);
		table_page_done(&pages[i]);
		more = more || part.cursor != NULL;
		/* The upper-cased prefix finds again what the typed one found when the ids are upper case. */
		size_t k = 0;
		for (size_t j = 0; j < part.count; j++) {
			bool dup = false;
			for (size_t m = 0; m < out->count && !dup; m++)
				dup = strcmp(model_id(out->items[m].type, out->items[m].rec),
				    model_id(part.items[j].type, part.items[j].rec)) == 0;
			if (dup)
				model_free(part.items[j].type, part.items[j].rec);
			else
				part.items[k++] = part.items[j];
		}
		part.count = k;
		store_list_append(out, &part);
		store_list_done(&part);
	}
	if (more)
		out->cursor = xstrdup("more");
	return 0;
}

int
store_users_list(struct table *t, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = keys_gsi1_users_pk() };
	store_explain_set(t, "AP2", "Query", "GSI1", "GSI1PK = \"%s\"", q.pk);
	return run_query(t, &q, pg, out, err);
}

int
store_goals_list(struct table *t, const char *user_id, struct store_page_req pg,
    struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	char *pk = keys_user_pk(user_id);
	char *prefix = keys_type_prefix(model_entity(MODEL_GOAL)->type_name);
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = pk,
	    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = prefix };
	store_explain_set(t, "AP3", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\")", pk, prefix);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(prefix);
	return rc;
}

int
store_goals_by_status(struct table *t, const char *user_id, const char *status,
    struct store_page_req pg, struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	if (store_bad_status(status, err) != 0)
		return -1;
	char *pk = keys_gsi1_status_pk(status);
	char *prefix = keys_gsi1_user_goals_prefix(user_id);
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = pk,
	    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = prefix };
	store_explain_set(t, "AP4", "Query", "GSI1", "GSI1PK = \"%s\" AND begins_with(GSI1SK, \"%s\")", pk, prefix);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(prefix);
	return rc;
}

int
store_goals_all_by_status(struct table *t, const char *status, struct store_page_req pg,
    struct store_list *out, struct table_err *err)
{
	memset(out, 0, sizeof *out);
	if (store_bad_status(status, err) != 0)
		return -1;
	char *pk = keys_gsi1_status_pk(status);
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = pk };
	store_explain_set(t, "AP5", "Query", "GSI1", "GSI1PK = \"%s\"", pk);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	return rc;
}

int
store_goal_activities(struct table *t, const char *user_id, const char *goal_id,
    struct store_page_req pg, struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	CHECK_ID_LIST("goal", goal_id);
	char *pk = keys_user_pk(user_id);
	char *prefix = keys_activity_prefix(goal_id);
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = pk,
	    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = prefix, .backward = true };
	store_explain_set(t, "AP6", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\"), newest first", pk, prefix);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(prefix);
	return rc;
}

int
store_goal_activities_between(struct table *t, const char *user_id, const char *goal_id,
    ms_t from, ms_t to, struct store_page_req pg, struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	CHECK_ID_LIST("goal", goal_id);
	char a[TIMEFMT_LEN + 1], b[TIMEFMT_LEN + 1];
	memset(out, 0, sizeof *out);
	if (to <= from)
		return 0;
	timefmt_format(from, a);
	/* The SK ends at the timestamp, so BETWEEN would include <to> itself. */
	timefmt_format(to - 1, b);
	char *pk = keys_user_pk(user_id);
	char *sa = keys_activity_sk(goal_id, a);
	char *sb = keys_activity_sk(goal_id, b);
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = pk,
	    .sk_op = TABLE_KEY_BETWEEN, .sk_a = sa, .sk_b = sb };
	store_explain_set(t, "AP7", "Query", NULL, "PK = \"%s\" AND SK BETWEEN \"%s\" AND \"%s\"", pk, sa, sb);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(sa);
	free(sb);
	return rc;
}

/*
 * What a dated list reads of an item: every attribute but the keys (PK, SK and
 * the GSIs' four are half of an item's bytes, and a record is made without
 * them). DynamoDB's ProjectionExpression; the cursor comes back whole anyway.
 */
#define PROJECTION_MAX 48
static const char *list_projections[MODEL_TYPE_COUNT][PROJECTION_MAX];
static pthread_once_t list_projections_once = PTHREAD_ONCE_INIT;

static void
projection_add(const char **proj, size_t *n, const char *attr)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(proj[i], attr) == 0)
			return;
	if (*n + 1 < PROJECTION_MAX)
		proj[(*n)++] = attr;
}

static void
list_projections_init(void)
{
	for (int type = 0; type < MODEL_TYPE_COUNT; type++) {
		const struct model_entity *e = model_entity((enum model_type)type);
		const char **proj = list_projections[type];
		size_t n = 0;

		if (e == NULL || !e->gsi2)
			continue;
		projection_add(proj, &n, "type");
		projection_add(proj, &n, "userId");
		if (e->id_attr != NULL)
			projection_add(proj, &n, e->id_attr);
		for (size_t i = 0; i < e->field_count; i++)
			projection_add(proj, &n, e->fields[i].attr);
		projection_add(proj, &n, "createdAt");
		projection_add(proj, &n, "updatedAt");
		projection_add(proj, &n, "version");
		proj[n] = NULL;
	}
}

static const char *const *
list_projection(enum model_type type)
{
	pthread_once(&list_projections_once, list_projections_init);
	return list_projections[type][0] != NULL ? list_projections[type] : NULL;
}

int
store_range(struct table *t, const char *user_id, enum model_type type, ms_t from, ms_t to,
    bool newest_first, struct store_page_req pg, struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	static const char *const patterns[MODEL_TYPE_COUNT] = {
		[MODEL_ACTIVITY] = "AP8", [MODEL_JOURNAL] = "AP9",
		[MODEL_MEAL] = "AP10", [MODEL_WORKOUT] = "AP11",
	};
	char a[TIMEFMT_LEN + 1], b[TIMEFMT_LEN + 1];
	const struct model_entity *e = model_entity(type);
	memset(out, 0, sizeof *out);
	if (!e->gsi2)
		return table_err_set(err, TABLE_INVALID, "%s has no date index", e->label);
	if (to <= from)
		return 0;
	timefmt_format(from, a);
	timefmt_format(to, b);
	char *pk = keys_gsi2_pk(user_id, e->type_name);
	/* "<to>#..." sorts after "<to>": the upper end is exclusive. */
	struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = pk,
	    .sk_op = TABLE_KEY_BETWEEN, .sk_a = a, .sk_b = b, .backward = newest_first,
	    .projection = list_projection(type) };
	store_explain_set(t, patterns[type], "Query", "GSI2", "GSI2PK = \"%s\" AND GSI2SK BETWEEN \"%s\" AND \"%s\"",
	    pk, a, b);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	return rc;
}

int
store_ranges(struct table *t, const char *user_id, const enum model_type *types, size_t n, ms_t from,
    ms_t to, bool newest_first, int limit, struct store_list *outs, struct table_err *err)
{
	return store_ranges_with(t, user_id, types, n, from, to, newest_first, limit, NULL, outs, err);
}

int
store_ranges_with(struct table *t, const char *user_id, const enum model_type *types, size_t n, ms_t from,
    ms_t to, bool newest_first, int limit, const struct store_extras *extra, struct store_list *outs,
    struct table_err *err)
{
	char a[TIMEFMT_LEN + 1], b[TIMEFMT_LEN + 1];
	struct table_query qs[MODEL_TYPE_COUNT + 2];
	struct table_page pages[MODEL_TYPE_COUNT + 2];
	char *pks[MODEL_TYPE_COUNT];
	struct extras x;
	size_t nq;
	memset(outs, 0, n * sizeof *outs);
	memset(pages, 0, sizeof pages);
	memset(&x, 0, sizeof x);
	if (store_bad_id("user", user_id, err) != 0)
		return -1;
	if (n > MODEL_TYPE_COUNT)
		return table_err_set(err, TABLE_INVALID, "too many kinds at once");
	for (size_t i = 0; i < n; i++)
		if (!model_entity(types[i])->gsi2)
			return table_err_set(err, TABLE_INVALID, "%s has no date index", model_entity(types[i])->label);
	if (to <= from || n == 0) {
		/* Nothing to ask of the dates: the extras alone. */
		if (extra == NULL)
			return 0;
		nq = 0;
		if (extras_add(extra, qs, &nq, &x, err) != 0)
			return -1;
		int xrc = table_query_many(t, qs, pages, nq, err);
		extras_done(&x);
		if (xrc == 0)
			xrc = extras_take(extra, pages, &x, err);
		for (size_t i = 0; i < nq; i++)
			table_page_done(&pages[i]);
		return xrc;
	}
	timefmt_format(from, a);
	timefmt_format(to, b);
	for (size_t i = 0; i < n; i++) {
		pks[i] = keys_gsi2_pk(user_id, model_entity(types[i])->type_name);
		qs[i] = (struct table_query){ .index = TABLE_INDEX_GSI2, .pk = pks[i],
		    .sk_op = TABLE_KEY_BETWEEN, .sk_a = a, .sk_b = b, .backward = newest_first,
		    .limit = limit > 0 ? limit : STORE_PAGE_DEFAULT, .projection = list_projection(types[i]),
		    .records = true };
	}
	store_explain_set(t, "AP8-AP11", "Query", "GSI2", "GSI2PK = \"%s\" ... (%zu queries at once) AND GSI2SK BETWEEN \"%s\" AND \"%s\"",
	    pks[0], n, a, b);
	nq = n;
	int rc = extra != NULL ? extras_add(extra, qs, &nq, &x, err) : 0;
	if (rc == 0)
		rc = table_query_many(t, qs, pages, nq, err);
	extras_done(&x);
	if (rc == 0 && extra != NULL && extras_take(extra, pages, &x, err) != 0) {
		for (size_t i = 0; i < nq; i++)
			table_page_done(&pages[i]);
		for (size_t i = 0; i < n; i++)
			free(pks[i]);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			store_page_to_list(&pages[i], &outs[i]);
		free(pks[i]);
	}
	for (size_t i = 0; i < nq && rc == 0; i++)
		table_page_done(&pages[i]);
	return rc;
}

int
store_goal_links(struct table *t, const char *goal_id, int type_only, struct store_page_req pg,
    struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("goal", goal_id);
	char *pk = keys_gsi3_pk(goal_id);
	char *prefix = NULL;
	struct table_query q = { .index = TABLE_INDEX_GSI3, .pk = pk };
	if (type_only >= 0) {
		prefix = keys_type_prefix(model_entity((enum model_type)type_only)->type_name);
		q.sk_op = TABLE_KEY_BEGINS_WITH;
		q.sk_a = prefix;
		store_explain_set(t, "AP12", "Query", "GSI3", "GSI3PK = \"%s\" AND begins_with(GSI3SK, \"%s\")", pk, prefix);
	} else {
		store_explain_set(t, "AP12", "Query", "GSI3", "GSI3PK = \"%s\"", pk);
	}
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(prefix);
	return rc;
}

int
store_goal_view(struct table *t, const char *user_id, const char *goal_id, int acts_limit, int links_limit,
    const struct store_extras *extra, struct model_goal **goal, struct store_list *acts, struct store_list *links,
    struct table_err *err)
{
	struct table_query qs[5];
	struct table_page pages[5];
	struct extras x;
	size_t n = 3;
	int rc;

	*goal = NULL;
	memset(acts, 0, sizeof *acts);
	memset(links, 0, sizeof *links);
	memset(pages, 0, sizeof pages);
	memset(&x, 0, sizeof x);
	CHECK_ID("user", user_id);
	CHECK_ID("goal", goal_id);
	char *pk = keys_user_pk(user_id);
	char *sk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, goal_id);
	char *aprefix = keys_activity_prefix(goal_id);
	char *lpk = keys_gsi3_pk(goal_id);
	qs[0] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = pk, .sk_op = TABLE_KEY_EQ, .sk_a = sk, .limit = 1 };
	qs[1] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = pk, .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = aprefix,
	    .backward = true, .limit = acts_limit > 0 ? acts_limit : STORE_PAGE_DEFAULT };
	qs[2] = (struct table_query){ .index = TABLE_INDEX_GSI3, .pk = lpk,
	    .limit = links_limit > 0 ? links_limit : STORE_PAGE_DEFAULT };
	store_explain_set(t, "AP3+AP6+AP12", "Query", NULL, "PK = \"%s\" AND SK = \"%s\"; begins_with(SK, \"%s\"); GSI3PK = \"%s\" (at once)",
	    pk, sk, aprefix, lpk);
	rc = extra != NULL ? extras_add(extra, qs, &n, &x, err) : 0;
	if (rc == 0)
		rc = table_query_many(t, qs, pages, n, err);
	extras_done(&x);
	free(pk);
	free(sk);
	free(aprefix);
	free(lpk);
	if (rc != 0)
		return -1;
	if (extra != NULL && extras_take(extra, pages, &x, err) != 0)
		rc = -1;
	if (rc == 0 && pages[0].count > 0) {
		enum model_type type;
		void *rec = NULL;
		char why[256];
		if (model_from_item(pages[0].items[0], &type, &rec, why, sizeof why) != 0 || type != MODEL_GOAL) {
			if (rec != NULL)
				model_free(type, rec);
			rc = table_err_set(err, TABLE_ERROR, "stored goal '%s' does not read", goal_id);
		} else {
			*goal = rec;
		}
	}
	if (rc == 0) {
		store_page_to_list(&pages[1], acts);
		store_page_to_list(&pages[2], links);
	}
	for (size_t i = 0; i < n; i++)
		table_page_done(&pages[i]);
	return rc;
}

int
store_journal_latest(struct table *t, const char *user_id, struct store_page_req pg,
    struct store_list *out, struct table_err *err)
{
	CHECK_ID_LIST("user", user_id);
	char *pk = keys_user_pk(user_id);
	char *prefix = keys_type_prefix(model_entity(MODEL_JOURNAL)->type_name);
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = pk,
	    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = prefix, .backward = true };
	store_explain_set(t, "AP13", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\"), newest first", pk, prefix);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(prefix);
	return rc;
}

int
store_user_items(struct table *t, const char *user_id, struct store_page_req pg,
    struct table_page *out, struct table_err *err)
{
	memset(out, 0, sizeof *out);
	CHECK_ID("user", user_id);
	char *pk = keys_user_pk(user_id);
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = pk,
	    .limit = pg.limit > 0 ? pg.limit : STORE_PAGE_DEFAULT, .cursor = pg.cursor };
	store_explain_set(t, "AP14", "Query", NULL, "PK = \"%s\"", pk);
	memset(out, 0, sizeof *out);
	int rc = table_query(t, &q, out, err);
	free(pk);
	return rc;
}
