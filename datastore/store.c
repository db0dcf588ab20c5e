#include "datastore/store.h"

#include <stdarg.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

#define STORE_PAGE_DEFAULT 100
#define STORE_RETRIES 10
#define STORE_COLLISIONS 1000

static _Thread_local struct store_explain last_explain;

const struct store_explain *
store_last_explain(void)
{
	return &last_explain;
}

static void
explain(const char *pattern, const char *operation, const char *index, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
explain(const char *pattern, const char *operation, const char *index, const char *fmt, ...)
{
	va_list ap;
	last_explain.pattern = pattern;
	last_explain.operation = operation;
	last_explain.index = index;
	va_start(ap, fmt);
	vsnprintf(last_explain.condition, sizeof last_explain.condition, fmt, ap);
	va_end(ap);
}

/*
 * An id as a message shows it: its first 40 bytes, then "...", so that the
 * reason still fits the message however long the id (a 128 KiB --user).
 */
#define ID_SHOWN(id) (int)(strlen(id_text(id)) > 40 ? 40 : strlen(id_text(id))), id_text(id), \
	strlen(id_text(id)) > 40 ? "..." : ""

static const char *
id_text(const char *id)
{
	return id != NULL ? id : "";
}

/* Ids come from outside (options, files): refuse a bad one before it reaches a key. */
static int
bad_id(const char *label, const char *id, struct table_err *err)
{
	if (id != NULL && keys_id_valid(id))
		return 0;
	table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id (use 1-64 of A-Z a-z 0-9 _ -)",
	    ID_SHOWN(id != NULL ? id : ""), label);
	return -1;
}

static const char *const goal_statuses[] = { "active", "paused", "completed", "archived", NULL };

/* One of the goal statuses of data-model.md, else TABLE_INVALID naming it. */
static int
bad_status(const char *status, struct table_err *err)
{
	for (size_t i = 0; status != NULL && goal_statuses[i] != NULL; i++)
		if (strcmp(status, goal_statuses[i]) == 0)
			return 0;
	table_err_set(err, TABLE_INVALID, "status: must be active, paused, completed or archived, not '%s'",
	    status != NULL ? status : "");
	return -1;
}

#define CHECK_ID(label, id) \
	do { \
		if (bad_id(label, id, err) != 0) \
			return -1; \
	} while (0)

#define CHECK_ID_LIST(label, id) \
	do { \
		memset(out, 0, sizeof *out); \
		if (bad_id(label, id, err) != 0) \
			return -1; \
	} while (0)

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
static void
page_to_list(struct table_page *page, struct store_list *out)
{
	memset(out, 0, sizeof *out);
	out->items = xcalloc(page->count + 1, sizeof *out->items);
	for (size_t i = 0; i < page->count; i++) {
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

static int
run_query(struct table *t, struct table_query *q, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	struct table_page pages[2];
	size_t n = 1;
	char *ppk = NULL;
	int rc;

	memset(pages, 0, sizeof pages);
	memset(out, 0, sizeof *out);
	q->limit = pg.limit > 0 ? pg.limit : STORE_PAGE_DEFAULT;
	q->cursor = pg.cursor;
	if (pg.profile == NULL) {
		if (table_query(t, q, &pages[0], err) != 0)
			return -1;
	} else {
		*pg.profile = NULL;
		CHECK_ID("user", pg.profile_user);
		ppk = keys_user_pk(pg.profile_user);
		struct table_query qs[2] = { *q, { .index = TABLE_INDEX_MAIN, .pk = ppk, .sk_op = TABLE_KEY_EQ,
		    .sk_a = keys_profile_sk(), .limit = 1 } };
		n = 2;
		rc = table_query_many(t, qs, pages, n, err);
		free(ppk);
		if (rc != 0)
			return -1;
		if (page_to_profile(&pages[1], pg.profile_user, pg.profile, err) != 0) {
			table_page_done(&pages[0]);
			table_page_done(&pages[1]);
			return -1;
		}
	}
	page_to_list(&pages[0], out);
	for (size_t i = 0; i < n; i++)
		table_page_done(&pages[i]);
	return 0;
}

static int
get_item(struct table *t, const char *pk, const char *sk, enum model_type want, void **out,
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
	explain("AP1", "GetItem", NULL, "PK = \"%s\" AND SK = \"%s\"", pk, keys_profile_sk());
	int rc = get_item(t, pk, keys_profile_sk(), MODEL_USER, &rec, err);
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
	explain(type == MODEL_GOAL ? "AP3" : "AP1", "GetItem", NULL, "PK = \"%s\" AND SK = \"%s\"", pk, sk);
	int rc = get_item(t, pk, sk, type, out, err);
	if (rc != 0 && err->status == TABLE_NOT_FOUND)
		table_err_set(err, TABLE_NOT_FOUND, "no %s '%s'", e->label, id);
	free(pk);
	free(sk);
	return rc;
}

int
store_users_list(struct table *t, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = keys_gsi1_users_pk() };
	explain("AP2", "Query", "GSI1", "GSI1PK = \"%s\"", q.pk);
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
	explain("AP3", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\")", pk, prefix);
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
	if (bad_status(status, err) != 0)
		return -1;
	char *pk = keys_gsi1_status_pk(status);
	char *prefix = keys_gsi1_user_goals_prefix(user_id);
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = pk,
	    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = prefix };
	explain("AP4", "Query", "GSI1", "GSI1PK = \"%s\" AND begins_with(GSI1SK, \"%s\")", pk, prefix);
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
	if (bad_status(status, err) != 0)
		return -1;
	char *pk = keys_gsi1_status_pk(status);
	struct table_query q = { .index = TABLE_INDEX_GSI1, .pk = pk };
	explain("AP5", "Query", "GSI1", "GSI1PK = \"%s\"", pk);
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
	explain("AP6", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\"), newest first", pk, prefix);
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
	explain("AP7", "Query", NULL, "PK = \"%s\" AND SK BETWEEN \"%s\" AND \"%s\"", pk, sa, sb);
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
	explain(patterns[type], "Query", "GSI2", "GSI2PK = \"%s\" AND GSI2SK BETWEEN \"%s\" AND \"%s\"",
	    pk, a, b);
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	return rc;
}

int
store_ranges(struct table *t, const char *user_id, const enum model_type *types, size_t n, ms_t from,
    ms_t to, bool newest_first, int limit, struct store_list *outs, struct table_err *err)
{
	char a[TIMEFMT_LEN + 1], b[TIMEFMT_LEN + 1];
	struct table_query qs[MODEL_TYPE_COUNT];
	struct table_page pages[MODEL_TYPE_COUNT];
	char *pks[MODEL_TYPE_COUNT];
	memset(outs, 0, n * sizeof *outs);
	if (bad_id("user", user_id, err) != 0)
		return -1;
	if (n > MODEL_TYPE_COUNT)
		return table_err_set(err, TABLE_INVALID, "too many kinds at once");
	for (size_t i = 0; i < n; i++)
		if (!model_entity(types[i])->gsi2)
			return table_err_set(err, TABLE_INVALID, "%s has no date index", model_entity(types[i])->label);
	if (to <= from || n == 0)
		return 0;
	timefmt_format(from, a);
	timefmt_format(to, b);
	for (size_t i = 0; i < n; i++) {
		pks[i] = keys_gsi2_pk(user_id, model_entity(types[i])->type_name);
		qs[i] = (struct table_query){ .index = TABLE_INDEX_GSI2, .pk = pks[i],
		    .sk_op = TABLE_KEY_BETWEEN, .sk_a = a, .sk_b = b, .backward = newest_first,
		    .limit = limit > 0 ? limit : STORE_PAGE_DEFAULT, .projection = list_projection(types[i]) };
	}
	explain("AP8-AP11", "Query", "GSI2", "GSI2PK = \"%s\" ... (%zu queries at once) AND GSI2SK BETWEEN \"%s\" AND \"%s\"",
	    pks[0], n, a, b);
	int rc = table_query_many(t, qs, pages, n, err);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			page_to_list(&pages[i], &outs[i]);
			table_page_done(&pages[i]);
		}
		free(pks[i]);
	}
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
		explain("AP12", "Query", "GSI3", "GSI3PK = \"%s\" AND begins_with(GSI3SK, \"%s\")", pk, prefix);
	} else {
		explain("AP12", "Query", "GSI3", "GSI3PK = \"%s\"", pk);
	}
	int rc = run_query(t, &q, pg, out, err);
	free(pk);
	free(prefix);
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
	explain("AP13", "Query", NULL, "PK = \"%s\" AND begins_with(SK, \"%s\"), newest first", pk, prefix);
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
	explain("AP14", "Query", NULL, "PK = \"%s\"", pk);
	memset(out, 0, sizeof *out);
	int rc = table_query(t, &q, out, err);
	free(pk);
	return rc;
}

/* Sets the owned string *slot to a copy of value (replacing what was there). */
static void
set_str(char **slot, const char *value)
{
	free(*slot);
	*slot = value != NULL ? xstrdup(value) : NULL;
}

int
store_create(struct table *t, enum model_type type, void *rec, struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	struct model_common *c = rec;
	char now[TIMEFMT_LEN + 1], id[ULID_LEN + 1], why[512];
	ms_t ms = clock_now_ms();

	if (type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "activities are logged with store_activity_log");
	timefmt_format(ms, now);
	char **idp = (char **)(void *)((char *)rec + e->id_offset);
	if (*idp == NULL) {
		ulid_new(ms, id);
		set_str(idp, id);
	}
	set_str(&c->created_at, now);
	set_str(&c->updated_at, now);
	c->version = 1;
	if (type == MODEL_GOAL) {
		struct model_goal *g = rec;
		if (!g->progress.set) {
			g->progress.set = true;
			g->progress.v = 0;
		}
		if (g->status == NULL)
			set_str(&g->status, "active");
	}
	if (model_validate(type, rec, why, sizeof why) != 0)
		return table_err_set(err, TABLE_INVALID, "%s", why);
	json_t *item = model_to_item(type, rec);
	struct table_cond cond = { .kind = TABLE_COND_NOT_EXISTS };
	explain(type == MODEL_USER ? "W1" : "W2", "PutItem", NULL, "PK = \"%s\" AND SK = \"%s\", attribute_not_exists(PK)",
	    table_item_str(item, "PK"), table_item_str(item, "SK"));
	int rc = table_put(t, item, &cond, err);
	json_decref(item);
	if (rc != 0 && err->status == TABLE_COND_FAILED)
		table_err_set(err, TABLE_COND_FAILED, "%s '%s' already exists", e->label, *idp);
	return rc;
}

/* Builds an update action list: SET for every attribute of item but the keys, REMOVE for absent optional ones. */
struct upd_builder {
	struct table_update_action acts[64];
	size_t n;
};

static void
upd_add(struct upd_builder *b, enum table_update_kind kind, const char *attr, json_t *value)
{
	if (b->n < sizeof b->acts / sizeof b->acts[0]) {
		b->acts[b->n].kind = kind;
		b->acts[b->n].attr = attr;
		b->acts[b->n].value = value;
		b->n++;
	}
}

static void
upd_from_item(struct upd_builder *b, const struct model_entity *e, json_t *item)
{
	static const char *const gsi_attrs[] = {
		"GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK", "GSI3PK", "GSI3SK",
	};
	const char *name;
	json_t *value;
	json_object_foreach(item, name, value) {
		if (strcmp(name, "PK") == 0 || strcmp(name, "SK") == 0)
			continue;
		upd_add(b, TABLE_UPDATE_SET, name, value);
	}
	for (size_t i = 0; i < e->field_count; i++)
		if (!e->fields[i].required && json_object_get(item, e->fields[i].attr) == NULL)
			upd_add(b, TABLE_UPDATE_REMOVE, e->fields[i].attr, NULL);
	for (size_t i = 0; i < sizeof gsi_attrs / sizeof gsi_attrs[0]; i++)
		if (json_object_get(item, gsi_attrs[i]) == NULL)
			upd_add(b, TABLE_UPDATE_REMOVE, gsi_attrs[i], NULL);
}

static void
lost_race(struct table_err *err, const char *label, const char *id, long long version)
{
	table_err_set(err, TABLE_COND_FAILED,
	    "%s '%s' was changed by someone else since it was read (version %lld); read it again and retry",
	    label, id != NULL ? id : "", version);
}

int
store_update(struct table *t, enum model_type type, void *rec, struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	struct model_common *c = rec;
	char now[TIMEFMT_LEN + 1], why[512];
	long long expected = c->version;

	if (type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "an activity cannot be edited: delete it and log it again");
	timefmt_format(clock_now_ms(), now);
	set_str(&c->updated_at, now);
	c->version = expected + 1;
	if (model_validate(type, rec, why, sizeof why) != 0) {
		c->version = expected;
		return table_err_set(err, TABLE_INVALID, "%s", why);
	}
	json_t *item = model_to_item(type, rec);
	json_t *key = table_item_key(item, TABLE_INDEX_MAIN);
	struct upd_builder b = { .n = 0 };
	upd_from_item(&b, e, item);
	struct table_update upd = { .actions = b.acts, .count = b.n };
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = expected };
	explain("W4", "UpdateItem", NULL, "PK = \"%s\" AND SK = \"%s\", version = %lld",
	    table_item_str(item, "PK"), table_item_str(item, "SK"), expected);
	int rc = table_update(t, key, &upd, &cond, NULL, err);
	json_decref(key);
	json_decref(item);
	if (rc != 0) {
		c->version = expected;
		if (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND)
			lost_race(err, e->label, model_id(type, rec), expected);
	}
	return rc;
}

/*
 * Status a goal should have after its progress changed. Completion follows
 * the target in the direction progress moved: logging (W3) completes an active
 * or paused goal that reaches its target and never reopens one; deleting
 * activities (W5, W7) reopens a completed goal that falls below it. A status
 * someone set by hand (W6) is otherwise left alone.
 */
static const char *
status_after(const struct model_goal *g, long long progress)
{
	if (progress > g->progress.v && progress >= g->target.v &&
	    (strcmp(g->status, "active") == 0 || strcmp(g->status, "paused") == 0))
		return "completed";
	if (progress < g->progress.v && progress < g->target.v && strcmp(g->status, "completed") == 0)
		return "active";
	return g->status;
}

/*
 * The goal update of W3/W5/W7: progress, maybe status with GSI1PK, updatedAt
 * and version + 1, conditional on the version read. Values land in vals (kept
 * alive by the caller until the write is done).
 */
static void
goal_progress_update(struct model_goal *g, long long progress, const char *now, json_t *vals[5],
    struct upd_builder *b, struct table_cond *cond)
{
	char num[DECIMAL_TEXT_MAX];
	const char *status = status_after(g, progress);
	decimal_format(progress, num);
	vals[0] = json_pack("{ss}", "N", num);
	vals[1] = json_pack("{ss}", "S", now);
	snprintf(num, sizeof num, "%lld", g->c.version + 1);
	vals[2] = json_pack("{ss}", "N", num);
	vals[3] = json_pack("{ss}", "S", status);
	char *gsi1pk = keys_gsi1_status_pk(status);
	vals[4] = json_pack("{ss}", "S", gsi1pk);
	free(gsi1pk);
	b->n = 0;
	upd_add(b, TABLE_UPDATE_SET, "progress", vals[0]);
	upd_add(b, TABLE_UPDATE_SET, "updatedAt", vals[1]);
	upd_add(b, TABLE_UPDATE_SET, "version", vals[2]);
	if (strcmp(status, g->status) != 0) {
		upd_add(b, TABLE_UPDATE_SET, "status", vals[3]);
		upd_add(b, TABLE_UPDATE_SET, "GSI1PK", vals[4]);
	}
	cond->kind = TABLE_COND_VERSION;
	cond->version = g->c.version;
}

static void
vals_done(json_t *vals[5])
{
	for (int i = 0; i < 5; i++) {
		json_decref(vals[i]);
		vals[i] = NULL;
	}
}

/* Applies to the in-memory goal what goal_progress_update wrote. */
static void
goal_progress_apply(struct model_goal *g, long long progress, const char *now)
{
	const char *status = status_after(g, progress);
	if (strcmp(status, g->status) != 0)
		set_str(&g->status, status);
	g->progress.v = progress;
	set_str(&g->c.updated_at, now);
	g->c.version++;
}

int
store_activity_log(struct table *t, struct model_activity *act, struct model_goal **goal_out,
    struct table_err *err)
{
	char now[TIMEFMT_LEN + 1], why[512], at[TIMEFMT_LEN + 1];
	struct model_goal *g = NULL;
	ms_t at_ms;
	int rc = -1;

	if (goal_out != NULL)
		*goal_out = NULL;
	if (act->occurred_at == NULL || timefmt_parse_key(act->occurred_at, &at_ms) != 0)
		return table_err_set(err, TABLE_INVALID, "occurredAt: missing or not a timestamp");
	/* Races with other writers and taken keys have budgets of their own. */
	int attempt = 0, collisions = 0;
	while (attempt < STORE_RETRIES && collisions < STORE_COLLISIONS) {
		void *rec;
		if (g == NULL) {
			if (store_get(t, MODEL_GOAL, act->c.user_id, act->goal_id, &rec, err) != 0)
				return -1;
			g = rec;
		}
		long long progress;
		if (!act->amount.set || decimal_add(g->progress.v, act->amount.v, &progress) != 0) {
			table_err_set(err, TABLE_INVALID, "amount: would take the goal's progress out of range");
			goto out;
		}
		timefmt_format(clock_now_ms(), now);
		timefmt_format(at_ms, at);
		set_str(&act->occurred_at, at);
		set_str(&act->c.created_at, now);
		set_str(&act->c.updated_at, now);
		act->c.version = 1;
		if (model_validate(MODEL_ACTIVITY, act, why, sizeof why) != 0) {
			table_err_set(err, TABLE_INVALID, "%s", why);
			goto out;
		}
		json_t *item = model_to_item(MODEL_ACTIVITY, act);
		char *gpk = keys_user_pk(g->c.user_id);
		char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, g->goal_id);
		json_t *gkey = table_key(gpk, gsk);
		json_t *vals[5];
		struct upd_builder b;
		struct table_write w[2];
		memset(w, 0, sizeof w);
		w[0].kind = TABLE_WRITE_PUT;
		w[0].item = item;
		w[0].cond.kind = TABLE_COND_NOT_EXISTS;
		w[1].kind = TABLE_WRITE_UPDATE;
		w[1].key = gkey;
		goal_progress_update(g, progress, now, vals, &b, &w[1].cond);
		w[1].update.actions = b.acts;
		w[1].update.count = b.n;
		char token[ULID_LEN + 1];
		ulid_new(clock_real_ms(), token);
		explain("W3", "TransactWriteItems", NULL,
		    "Put SK = \"%s\" attribute_not_exists(SK); Update SK = \"%s\" version = %lld",
		    table_item_str(item, "SK"), gsk, g->c.version);
		rc = table_transact(t, w, 2, token, err);
		json_decref(item);
		json_decref(gkey);
		vals_done(vals);
		free(gpk);
		free(gsk);
		if (rc == 0) {
			goal_progress_apply(g, progress, now);
			goto out;
		}
		if (err->status != TABLE_TXN_CANCELED)
			goto out;
		if (err->index == 0) {
			/* Same goal, same millisecond: the next millisecond is free, maybe. */
			at_ms++;
			collisions++;
		} else {
			/* Someone else changed the goal: read it again. */
			model_free(MODEL_GOAL, g);
			g = NULL;
			attempt++;
		}
	}
	table_err_set(err, TABLE_COND_FAILED, "goal '%s' kept changing under us; gave up after %d attempts",
	    act->goal_id, STORE_RETRIES);
	rc = -1;
out:
	if (rc == 0 && goal_out != NULL)
		*goal_out = g;
	else
		model_free(MODEL_GOAL, g);
	return rc;
}

int
store_activity_delete(struct table *t, const char *user_id, const char *goal_id,
    const char *occurred_at, struct model_goal **goal_out, struct table_err *err)
{
	CHECK_ID("user", user_id);
	char now[TIMEFMT_LEN + 1];
	ms_t ms;
	int rc = -1;
	if (goal_out != NULL)
		*goal_out = NULL;
	if (!keys_id_valid(goal_id))
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid goal id", ID_SHOWN(goal_id));
	if (timefmt_parse_key(occurred_at, &ms) != 0)
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a 24-character UTC timestamp", ID_SHOWN(occurred_at));
	char *pk = keys_user_pk(user_id);
	char *sk = keys_activity_sk(goal_id, occurred_at);
	for (int attempt = 0; attempt < STORE_RETRIES; attempt++) {
		void *arec, *grec;
		if (get_item(t, pk, sk, MODEL_ACTIVITY, &arec, err) != 0) {
			if (err->status == TABLE_NOT_FOUND)
				table_err_set(err, TABLE_NOT_FOUND, "no activity of goal '%s' at %s", goal_id, occurred_at);
			goto out;
		}
		struct model_activity *a = arec;
		if (store_get(t, MODEL_GOAL, user_id, goal_id, &grec, err) != 0) {
			model_free(MODEL_ACTIVITY, a);
			goto out;
		}
		struct model_goal *g = grec;
		long long progress;
		decimal_add(g->progress.v, -a->amount.v, &progress);
		if (progress < 0)
			progress = 0;
		timefmt_format(clock_now_ms(), now);
		char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, goal_id);
		json_t *akey = table_key(pk, sk), *gkey = table_key(pk, gsk);
		json_t *vals[5];
		struct upd_builder b;
		struct table_write w[2];
		memset(w, 0, sizeof w);
		w[0].kind = TABLE_WRITE_DELETE;
		w[0].key = akey;
		w[0].cond.kind = TABLE_COND_VERSION;
		w[0].cond.version = a->c.version;
		w[1].kind = TABLE_WRITE_UPDATE;
		w[1].key = gkey;
		goal_progress_update(g, progress, now, vals, &b, &w[1].cond);
		w[1].update.actions = b.acts;
		w[1].update.count = b.n;
		char token[ULID_LEN + 1];
		ulid_new(clock_real_ms(), token);
		explain("W5", "TransactWriteItems", NULL, "Delete SK = \"%s\"; Update SK = \"%s\" version = %lld",
		    sk, gsk, g->c.version);
		rc = table_transact(t, w, 2, token, err);
		json_decref(akey);
		json_decref(gkey);
		vals_done(vals);
		free(gsk);
		model_free(MODEL_ACTIVITY, a);
		if (rc == 0) {
			goal_progress_apply(g, progress, now);
			if (goal_out != NULL)
				*goal_out = g;
			else
				model_free(MODEL_GOAL, g);
			goto out;
		}
		model_free(MODEL_GOAL, g);
		if (err->status != TABLE_TXN_CANCELED)
			goto out;
	}
	table_err_set(err, TABLE_COND_FAILED, "goal '%s' kept changing under us; gave up after %d attempts",
	    goal_id, STORE_RETRIES);
	rc = -1;
out:
	free(pk);
	free(sk);
	return rc;
}

int
store_goal_set_status(struct table *t, struct model_goal *g, const char *status,
    struct table_err *err)
{
	char now[TIMEFMT_LEN + 1], num[32];
	if (bad_status(status, err) != 0)
		return -1;
	timefmt_format(clock_now_ms(), now);
	snprintf(num, sizeof num, "%lld", g->c.version + 1);
	char *pk = keys_user_pk(g->c.user_id);
	char *sk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, g->goal_id);
	char *gsi1pk = keys_gsi1_status_pk(status);
	json_t *key = table_key(pk, sk);
	json_t *v_status = json_pack("{ss}", "S", status), *v_gsi = json_pack("{ss}", "S", gsi1pk);
	json_t *v_now = json_pack("{ss}", "S", now), *v_ver = json_pack("{ss}", "N", num);
	struct table_update_action acts[] = {
		{ TABLE_UPDATE_SET, "status", v_status },
		{ TABLE_UPDATE_SET, "GSI1PK", v_gsi },
		{ TABLE_UPDATE_SET, "updatedAt", v_now },
		{ TABLE_UPDATE_SET, "version", v_ver },
	};
	struct table_update upd = { acts, 4 };
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = g->c.version };
	explain("W6", "UpdateItem", NULL, "PK = \"%s\" AND SK = \"%s\", SET status, GSI1PK = \"%s\"; version = %lld",
	    pk, sk, gsi1pk, g->c.version);
	int rc = table_update(t, key, &upd, &cond, NULL, err);
	if (rc == 0) {
		set_str(&g->status, status);
		set_str(&g->c.updated_at, now);
		g->c.version++;
	} else if (err->status == TABLE_COND_FAILED || err->status == TABLE_NOT_FOUND) {
		lost_race(err, "goal", g->goal_id, g->c.version);
	}
	json_decref(key);
	json_decref(v_status);
	json_decref(v_gsi);
	json_decref(v_now);
	json_decref(v_ver);
	free(pk);
	free(sk);
	free(gsi1pk);
	return rc;
}

/*
 * Removes the goal link of one journal entry, meal or workout (W7). The item
 * came from GSI3, which can be stale on DynamoDB (GSI reads are eventually
 * consistent), so it is read again from the table: an item no longer linked
 * to this goal is done already; one changed meanwhile is read and tried again.
 * *changed: whether this call removed a link.
 */
static int
unlink_item(struct table *t, const char *user_id, const char *goal_id, const struct store_item *it,
    bool *changed, struct table_err *err)
{
	const struct model_entity *e = model_entity(it->type);
	const struct model_field *f = model_field_by_attr(e, "goalId");
	const char *id = model_id(it->type, it->rec);
	*changed = false;
	if (f == NULL || id == NULL)
		return 0;
	for (int attempt = 0; attempt < STORE_RETRIES; attempt++) {
		void *rec;
		if (store_get(t, it->type, user_id, id, &rec, err) != 0)
			return err->status == TABLE_NOT_FOUND ? 0 : -1;
		char **goal = model_str_at(rec, f);
		if (*goal == NULL || strcmp(*goal, goal_id) != 0) {
			model_free(it->type, rec);
			return 0;
		}
		free(*goal);
		*goal = NULL;
		int rc = store_update(t, it->type, rec, err);
		model_free(it->type, rec);
		if (rc == 0) {
			*changed = true;
			return 0;
		}
		if (err->status != TABLE_COND_FAILED)
			return -1;
	}
	return -1;
}

int
store_goal_delete(struct table *t, const char *user_id, const char *goal_id, size_t *activities,
    size_t *unlinked, struct table_err *err)
{
	if (activities != NULL)
		*activities = 0;
	if (unlinked != NULL)
		*unlinked = 0;
	CHECK_ID("user", user_id);
	void *rec;
	size_t n_act = 0, n_link = 0;
	int rc = -1;
	if (activities != NULL)
		*activities = 0;
	if (unlinked != NULL)
		*unlinked = 0;
	if (store_get(t, MODEL_GOAL, user_id, goal_id, &rec, err) != 0)
		return -1;
	struct model_goal *g = rec;
	char *pk = keys_user_pk(user_id);
	char *gsk = keys_entity_sk(model_entity(MODEL_GOAL)->type_name, goal_id);

	/* Links first: an entry never points at a goal that is gone. */
	for (int type = MODEL_JOURNAL; type <= MODEL_WORKOUT; type++) {
		char *cursor = NULL;
		do {
			struct store_list l;
			struct store_page_req pg = { cursor, 100, NULL, NULL };
			int qrc = store_goal_links(t, goal_id, type, pg, &l, err);
			free(cursor);
			cursor = NULL;
			if (qrc != 0)
				goto out;
			for (size_t i = 0; i < l.count; i++) {
				bool changed;
				if (unlink_item(t, user_id, goal_id, &l.items[i], &changed, err) != 0) {
					store_list_done(&l);
					goto out;
				}
				n_link += changed ? 1 : 0;
			}
			cursor = l.cursor;
			l.cursor = NULL;
			store_list_done(&l);
		} while (cursor != NULL);
	}

	/* Activities in chunks, each with the goal's progress, so progress stays the sum. */
	for (;;) {
		struct store_list l;
		struct store_page_req pg = { NULL, TABLE_TRANSACT_MAX - 1, NULL, NULL };
		if (store_goal_activities(t, user_id, goal_id, pg, &l, err) != 0)
			goto out;
		if (l.count == 0) {
			store_list_done(&l);
			break;
		}
		struct table_write w[TABLE_TRANSACT_MAX];
		json_t *keys[TABLE_TRANSACT_MAX];
		long long progress = g->progress.v;
		memset(w, 0, sizeof w);
		for (size_t i = 0; i < l.count; i++) {
			struct model_activity *a = l.items[i].rec;
			char *sk = keys_activity_sk(goal_id, a->occurred_at);
			keys[i] = table_key(pk, sk);
			free(sk);
			w[i].kind = TABLE_WRITE_DELETE;
			w[i].key = keys[i];
			decimal_add(progress, -a->amount.v, &progress);
		}
		if (progress < 0)
			progress = 0;
		char now[TIMEFMT_LEN + 1], token[ULID_LEN + 1];
		json_t *vals[5];
		struct upd_builder b;
		timefmt_format(clock_now_ms(), now);
		json_t *gkey = table_key(pk, gsk);
		w[l.count].kind = TABLE_WRITE_UPDATE;
		w[l.count].key = gkey;
		goal_progress_update(g, progress, now, vals, &b, &w[l.count].cond);
		w[l.count].update.actions = b.acts;
		w[l.count].update.count = b.n;
		ulid_new(clock_real_ms(), token);
		explain("W7", "TransactWriteItems", NULL, "Delete %zu activities; Update SK = \"%s\" version = %lld",
		    l.count, gsk, g->c.version);
		int trc = table_transact(t, w, l.count + 1, token, err);
		for (size_t i = 0; i < l.count; i++)
			json_decref(keys[i]);
		json_decref(gkey);
		vals_done(vals);
		size_t count = l.count;
		store_list_done(&l);
		if (trc != 0) {
			if (err->status == TABLE_TXN_CANCELED)
				lost_race(err, "goal", goal_id, g->c.version);
			goto out;
		}
		goal_progress_apply(g, progress, now);
		n_act += count;
	}

	json_t *key = table_key(pk, gsk);
	struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = g->c.version };
	explain("W7", "DeleteItem", NULL, "PK = \"%s\" AND SK = \"%s\", version = %lld", pk, gsk, g->c.version);
	rc = table_delete(t, key, &cond, NULL, err);
	json_decref(key);
	if (rc != 0 && err->status == TABLE_COND_FAILED)
		lost_race(err, "goal", goal_id, g->c.version);
out:
	if (activities != NULL)
		*activities = n_act;
	if (unlinked != NULL)
		*unlinked = n_link;
	free(pk);
	free(gsk);
	model_free(MODEL_GOAL, g);
	return rc;
}

int
store_delete(struct table *t, enum model_type type, const char *user_id, const char *id,
    struct table_err *err)
{
	CHECK_ID("user", user_id);
	const struct model_entity *e = model_entity(type);
	if (type == MODEL_USER || type == MODEL_GOAL || type == MODEL_ACTIVITY)
		return table_err_set(err, TABLE_INVALID, "use the %s's own delete", e->label);
	if (!keys_id_valid(id))
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id", ID_SHOWN(id), e->label);
	char *pk = keys_user_pk(user_id);
	char *sk = keys_entity_sk(e->type_name, id);
	json_t *key = table_key(pk, sk);
	struct table_cond cond = { .kind = TABLE_COND_EXISTS };
	explain("W4", "DeleteItem", NULL, "PK = \"%s\" AND SK = \"%s\", attribute_exists(PK)", pk, sk);
	int rc = table_delete(t, key, &cond, NULL, err);
	if (rc != 0 && err->status == TABLE_COND_FAILED)
		table_err_set(err, TABLE_NOT_FOUND, "no %s '%s'", e->label, id);
	json_decref(key);
	free(pk);
	free(sk);
	return rc;
}
