/*
 * The contract suite: the access patterns (AP1-AP14) and writes (W1-W7) of
 * data-model.md, proved through datastore/store.h against a real table.
 *
 * Nothing here knows which backend answers: open_backend() picks it from
 * AILIFE_CONTRACT_BACKEND ("local", the default, or "dynamodb"), each test
 * gets a table of its own, and every check goes through the table interface,
 * so the same file runs unchanged against DynamoDB Local. Expected keys are
 * written out literally (never built with datastore/keys.h): they are the
 * byte format other tools read.
 *
 * Paging rules that hold on every backend: a page before the last is full
 * (limit items), the last page may be empty (DynamoDB hands out a cursor when
 * a page ends exactly at the last item), and the cursor is NULL at the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "datastore/ddb/ddb.h"
#include "datastore/decimal.h"
#include "datastore/local/local.h"
#include "datastore/model.h"
#include "datastore/store.h"
#include "datastore/table.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

/* ---- backend ---- */

/* The table of the running test, closed by the teardown even when the test fails. */
static struct table *cur_table;
static unsigned table_seq;
/* What the test's requests were: the trace set on its table. */
static struct table_trace trace;

/* The last request noted on the test's table. */
static const struct table_request *
last_request(void)
{
	static const struct table_request none;
	return trace.n > 0 ? &trace.req[trace.n - 1] : &none;
}

/*
 * A table of its own for each test. "dynamodb" opens the DynamoDB backend at
 * AILIFE_CONTRACT_ENDPOINT (region and keys from AWS_* or DynamoDB Local's
 * dummies); its tables are left behind (DynamoDB Local runs -inMemory).
 */
static struct table *
open_backend(const char *table_name)
{
	const char *backend = getenv("AILIFE_CONTRACT_BACKEND");
	struct table_err err;
	struct table *t;

	if (backend == NULL || *backend == '\0' || strcmp(backend, "local") == 0) {
		t = local_open(":memory:", table_name, &err);
		if (t == NULL)
			fail_msg("local_open %s: %s", table_name, err.message);
		return t;
	}
	if (strcmp(backend, "dynamodb") == 0) {
		/* DynamoDB Local checks no signature: any key of letters and digits does. */
		const char *endpoint = getenv("AILIFE_CONTRACT_ENDPOINT");
		const char *region = getenv("AWS_REGION");
		const char *akid = getenv("AWS_ACCESS_KEY_ID");
		const char *secret = getenv("AWS_SECRET_ACCESS_KEY");
		struct ddb_options o;

		if (endpoint == NULL || *endpoint == '\0') {
			print_message("contract: AILIFE_CONTRACT_ENDPOINT is unset; skipped\n");
			skip();
		}
		memset(&o, 0, sizeof o);
		o.table = table_name;
		o.endpoint = endpoint;
		o.region = region != NULL && *region != '\0' ? region : "us-east-1";
		o.access_key_id = akid != NULL && *akid != '\0' ? akid : "AKIDEXAMPLE";
		o.secret_access_key = secret != NULL && *secret != '\0' ? secret :
		    "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
		o.session_token = akid != NULL && *akid != '\0' ? getenv("AWS_SESSION_TOKEN") : NULL;
		t = ddb_open(&o, &err);
		if (t == NULL)
			fail_msg("ddb_open %s at %s: %s", table_name, endpoint, err.message);
		return t;
	}
	fail_msg("AILIFE_CONTRACT_BACKEND=%s: use local or dynamodb", backend);
	return NULL;
}

static void
close_backend(struct table *t)
{
	table_close(t);
}

/* The data clock of every test: 2026-11-26T04:03:04.123Z. */
static ms_t
now0(void)
{
	return timefmt_days_from_civil(2026, 11, 26) * 86400000LL + ((4 * 60 + 3) * 60 + 4) * 1000LL + 123;
}

/* Midnight of 2026-11-20, where the timelines of the tests start. */
static ms_t
day0(void)
{
	return timefmt_days_from_civil(2026, 11, 20) * 86400000LL;
}

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL

static struct table *
begin(void)
{
	struct table_err err;
	bool created = false;
	char name[64];

	xsnprintf(name, sizeof name, "ailife-contract-%ld-%u", (long)getpid(), ++table_seq);
	cur_table = open_backend(name);
	if (table_create(cur_table, &created, &err) != 0)
		fail_msg("table_create %s: %s", name, err.message);
	assert_true(created);
	clock_set_fixed(now0());
	memset(&trace, 0, sizeof trace);
	table_set_trace(cur_table, &trace);
	return cur_table;
}

static int
teardown(void **state)
{
	if (cur_table != NULL)
		close_backend(cur_table);
	cur_table = NULL;
	clock_clear_fixed();
	return 0;
}

/* ---- small helpers ---- */

/* A 24-character timestamp; eight rotating buffers so a call can use several. */
static const char *
ts(ms_t ms)
{
	static char bufs[8][TIMEFMT_LEN + 1];
	static int next;
	char *b = bufs[next++ % 8];

	timefmt_format(ms, b);
	return b;
}

static long long
milli(const char *text)
{
	long long v;
	const char *why;

	if (decimal_parse(text, &v, &why) != 0)
		fail_msg("bad test number %s", text);
	return v;
}

static const char *
num_text(long long v)
{
	static char bufs[8][DECIMAL_TEXT_MAX];
	static int next;
	char *b = bufs[next++ % 8];

	decimal_format(v, b);
	return b;
}

static void
create_ok(struct table *t, enum model_type type, void *rec)
{
	struct table_err err;

	if (store_create(t, type, rec, &err) != 0)
		fail_msg("store_create %s: %s", model_entity(type)->label, err.message);
}

static struct model_user *
new_user(const char *uid)
{
	struct model_user *u = model_new(MODEL_USER);

	u->c.user_id = xstrdup(uid);
	u->name = xstrdup("Ada");
	u->timezone = xstrdup("UTC");
	u->units = xstrdup("metric");
	return u;
}

static struct model_goal *
new_goal(const char *uid, const char *gid, long long target)
{
	struct model_goal *g = model_new(MODEL_GOAL);

	g->c.user_id = xstrdup(uid);
	g->goal_id = gid != NULL ? xstrdup(gid) : NULL;
	g->title = xstrdup("Run far");
	g->unit = xstrdup("km");
	g->target.set = true;
	g->target.v = target;
	return g;
}

static struct model_journal *
new_journal(const char *uid, const char *jid, ms_t at, const char *goal)
{
	struct model_journal *j = model_new(MODEL_JOURNAL);

	j->c.user_id = xstrdup(uid);
	j->entry_id = jid != NULL ? xstrdup(jid) : NULL;
	j->body = xstrdup("Dear diary");
	j->occurred_at = xstrdup(ts(at));
	j->goal_id = goal != NULL ? xstrdup(goal) : NULL;
	return j;
}

static struct model_meal *
new_meal(const char *uid, const char *mid, ms_t at, const char *goal)
{
	struct model_meal *m = model_new(MODEL_MEAL);

	m->c.user_id = xstrdup(uid);
	m->meal_id = mid != NULL ? xstrdup(mid) : NULL;
	m->name = xstrdup("Soup");
	m->meal_type = xstrdup("lunch");
	m->calories.set = true;
	m->calories.v = milli("500");
	m->occurred_at = xstrdup(ts(at));
	m->goal_id = goal != NULL ? xstrdup(goal) : NULL;
	return m;
}

static struct model_workout *
new_workout(const char *uid, const char *wid, ms_t at, const char *goal)
{
	struct model_workout *w = model_new(MODEL_WORKOUT);

	w->c.user_id = xstrdup(uid);
	w->workout_id = wid != NULL ? xstrdup(wid) : NULL;
	w->kind = xstrdup("run");
	w->minutes.set = true;
	w->minutes.v = milli("30");
	w->occurred_at = xstrdup(ts(at));
	w->goal_id = goal != NULL ? xstrdup(goal) : NULL;
	return w;
}

static struct model_activity *
new_activity(const char *uid, const char *gid, ms_t at, long long amount)
{
	struct model_activity *a = model_new(MODEL_ACTIVITY);

	a->c.user_id = xstrdup(uid);
	a->goal_id = xstrdup(gid);
	a->amount.set = true;
	a->amount.v = amount;
	a->occurred_at = xstrdup(ts(at));
	return a;
}

static void
mk_user(struct table *t, const char *uid)
{
	struct model_user *u = new_user(uid);

	create_ok(t, MODEL_USER, u);
	model_free(MODEL_USER, u);
}

static void
mk_goal(struct table *t, const char *uid, const char *gid, long long target)
{
	struct model_goal *g = new_goal(uid, gid, target);

	create_ok(t, MODEL_GOAL, g);
	model_free(MODEL_GOAL, g);
}

static void
mk_journal(struct table *t, const char *uid, const char *jid, ms_t at, const char *goal)
{
	struct model_journal *j = new_journal(uid, jid, at, goal);

	create_ok(t, MODEL_JOURNAL, j);
	model_free(MODEL_JOURNAL, j);
}

static void
mk_meal(struct table *t, const char *uid, const char *mid, ms_t at, const char *goal)
{
	struct model_meal *m = new_meal(uid, mid, at, goal);

	create_ok(t, MODEL_MEAL, m);
	model_free(MODEL_MEAL, m);
}

static void
mk_workout(struct table *t, const char *uid, const char *wid, ms_t at, const char *goal)
{
	struct model_workout *w = new_workout(uid, wid, at, goal);

	create_ok(t, MODEL_WORKOUT, w);
	model_free(MODEL_WORKOUT, w);
}

/* W3 that must succeed; returns the goal as it now is (caller frees) when want_goal. */
static struct model_goal *
log_act(struct table *t, const char *uid, const char *gid, ms_t at, long long amount, bool want_goal)
{
	struct model_activity *a = new_activity(uid, gid, at, amount);
	struct model_goal *g = NULL;
	struct table_err err;

	if (store_activity_log(t, a, want_goal ? &g : NULL, &err) != 0)
		fail_msg("store_activity_log %s %s: %s", gid, ts(at), err.message);
	model_free(MODEL_ACTIVITY, a);
	return g;
}

static void *
get_rec(struct table *t, enum model_type type, const char *uid, const char *id)
{
	struct table_err err;
	void *rec = NULL;

	if (store_get(t, type, uid, id, &rec, &err) != 0)
		fail_msg("store_get %s %s: %s", model_entity(type)->label, id, err.message);
	return rec;
}

/* The raw item at PK/SK, or NULL when there is none. */
static json_t *
raw(struct table *t, const char *pk, const char *sk)
{
	json_t *key = table_key(pk, sk), *item = NULL;
	struct table_err err;
	int rc = table_get(t, key, &item, &err);

	json_decref(key);
	if (rc != 0) {
		if (err.status != TABLE_NOT_FOUND)
			fail_msg("table_get %s / %s: %s", pk, sk, err.message);
		return NULL;
	}
	assert_non_null(item);
	return item;
}

/* The raw item of USER#<uid> / <sk>; it must be there. */
static json_t *
raw_of(struct table *t, const char *uid, const char *sk)
{
	char pk[128];
	json_t *item;

	xsnprintf(pk, sizeof pk, "USER#%s", uid);
	item = raw(t, pk, sk);
	if (item == NULL)
		fail_msg("no item %s / %s", pk, sk);
	return item;
}

static bool
raw_exists(struct table *t, const char *uid, const char *sk)
{
	char pk[128];
	json_t *item;

	xsnprintf(pk, sizeof pk, "USER#%s", uid);
	item = raw(t, pk, sk);
	json_decref(item);
	return item != NULL;
}

#define assert_s(item, name, want) assert_s_at(item, name, want, __LINE__)
#define assert_n(item, name, want) assert_n_at(item, name, want, __LINE__)
#define assert_absent(item, name) assert_absent_at(item, name, __LINE__)

static void
assert_s_at(json_t *item, const char *name, const char *want, int line)
{
	json_t *av = json_object_get(item, name);
	const char *v = table_item_str(item, name);

	if (v == NULL || json_object_size(av) != 1)
		fail_msg("line %d: attribute %s is not an S (want \"%s\")", line, name, want);
	if (strcmp(v, want) != 0)
		fail_msg("line %d: %s is \"%s\", want \"%s\"", line, name, v, want);
}

static void
assert_n_at(json_t *item, const char *name, const char *want, int line)
{
	json_t *av = json_object_get(item, name);
	const char *v = json_string_value(json_object_get(av, "N"));

	if (v == NULL || json_object_size(av) != 1)
		fail_msg("line %d: attribute %s is not an N (want %s)", line, name, want);
	if (strcmp(v, want) != 0)
		fail_msg("line %d: %s is %s, want %s", line, name, v, want);
}

static void
assert_absent_at(json_t *item, const char *name, int line)
{
	if (json_object_get(item, name) != NULL)
		fail_msg("line %d: attribute %s should be absent", line, name);
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts a comma-separated list of names into out. */
static void
sort_names(const char *list, char *out, size_t size)
{
	char *copy = xstrdup(list), *names[64], *p = copy;
	size_t n = 0, o = 0;

	while (p != NULL && *p != '\0' && n < 64) {
		char *comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		names[n++] = p;
		p = comma != NULL ? comma + 1 : NULL;
	}
	qsort(names, n, sizeof names[0], cmp_strp);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]);
		if (o + len + 2 > size)
			fail_msg("name list too long");
		if (i > 0)
			out[o++] = ',';
		memcpy(out + o, names[i], len + 1);
		o += len;
	}
	free(copy);
}

/* The item has exactly these attributes (comma-separated, any order): sparse GSIs, no stray empties. */
#define assert_names(item, list) assert_names_at(item, list, __LINE__)

static void
assert_names_at(json_t *item, const char *list, int line)
{
	char have[1024], want[1024], joined[1024];
	const char *name;
	json_t *v;
	size_t o = 0;

	joined[0] = '\0';
	json_object_foreach(item, name, v) {
		int w = snprintf(joined + o, sizeof joined - o, "%s%s", o > 0 ? "," : "", name);
		if (w < 0 || (size_t)w >= sizeof joined - o)
			fail_msg("too many attributes");
		o += (size_t)w;
	}
	sort_names(joined, have, sizeof have);
	sort_names(list, want, sizeof want);
	if (strcmp(have, want) != 0)
		fail_msg("line %d: attributes are\n  %s\nwant\n  %s", line, have, want);
}

/* The common four: type, createdAt == updatedAt (24 characters, the data clock), version 1. */
static void
assert_fresh(json_t *item, const char *type)
{
	assert_s(item, "type", type);
	assert_s(item, "createdAt", ts(now0()));
	assert_s(item, "updatedAt", ts(now0()));
	assert_int_equal(strlen(table_item_str(item, "createdAt")), 24);
	assert_n(item, "version", "1");
}

/* ---- lists ---- */

enum ap {
	AP2 = 2, AP3, AP4, AP5, AP6, AP7, AP_RANGE, AP12 = 12, AP13,
};

struct apq {
	enum ap ap;
	const char *user;
	const char *goal;
	const char *status;
	enum model_type type;    /* AP_RANGE */
	ms_t from, to;           /* AP7, AP_RANGE */
	bool newest;             /* AP_RANGE */
	int type_only;           /* AP12: a type or -1 */
};

static int
ap_run(struct table *t, const struct apq *q, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	switch (q->ap) {
	case AP2:
		return store_users_list(t, pg, out, err);
	case AP3:
		return store_goals_list(t, q->user, pg, out, err);
	case AP4:
		return store_goals_by_status(t, q->user, q->status, pg, out, err);
	case AP5:
		return store_goals_all_by_status(t, q->status, pg, out, err);
	case AP6:
		return store_goal_activities(t, q->user, q->goal, pg, out, err);
	case AP7:
		return store_goal_activities_between(t, q->user, q->goal, q->from, q->to, pg, out, err);
	case AP_RANGE:
		return store_range(t, q->user, q->type, q->from, q->to, q->newest, pg, out, err);
	case AP12:
		return store_goal_links(t, q->goal, q->type_only, pg, out, err);
	case AP13:
		return store_journal_latest(t, q->user, pg, out, err);
	}
	fail_msg("unknown pattern %d", (int)q->ap);
	return -1;
}

/*
 * Every page of a pattern, appended in order. Checks the paging rules: no
 * error, pages before the last are full, the cursor ends NULL, and there are
 * no more pages than the items need (plus one empty one).
 */
static struct store_list
collect(struct table *t, const struct apq *q, int limit, size_t *pages_out)
{
	struct store_list all, page;
	struct table_err err;
	char *cursor = NULL;
	size_t pages = 0, page_size = limit > 0 ? (size_t)limit : 100;

	memset(&all, 0, sizeof all);
	for (;;) {
		struct store_page_req pg = { cursor, limit, NULL, NULL };
		if (ap_run(t, q, pg, &page, &err) != 0)
			fail_msg("AP%d page %zu (limit %d): %s", (int)q->ap, pages + 1, limit, err.message);
		pages++;
		if (cursor != NULL && page.cursor != NULL && strcmp(cursor, page.cursor) == 0)
			fail_msg("AP%d page %zu: the cursor did not move", (int)q->ap, pages);
		free(cursor);
		cursor = page.cursor;
		page.cursor = NULL;
		assert_int_equal(page.skipped, 0);
		if (cursor != NULL && page.count != page_size)
			fail_msg("AP%d page %zu has %zu items but is not the last (limit %d)", (int)q->ap, pages,
			    page.count, limit);
		if (cursor == NULL && page.count == 0 && pages > 1 && all.count % page_size != 0)
			fail_msg("AP%d: an empty last page after a short one", (int)q->ap);
		store_list_append(&all, &page);
		store_list_done(&page);
		if (cursor == NULL)
			break;
		if (pages > all.count / page_size + 2 || pages > 5000)
			fail_msg("AP%d: more pages than items", (int)q->ap);
	}
	if (pages > all.count / page_size + 1)
		fail_msg("AP%d: %zu pages for %zu items of limit %zu", (int)q->ap, pages, all.count, page_size);
	if (pages_out != NULL)
		*pages_out = pages;
	return all;
}

/* A growing string for list renderings. */
struct buf_s {
	char *p;
	size_t n, cap;
};

static void
buf_s_add(struct buf_s *b, const char *s)
{
	size_t len = strlen(s);

	if (b->n + len + 1 > b->cap) {
		b->cap = (b->n + len + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, len + 1);
	b->n += len;
}

/* A record as a list shows it: its id, or a=<amount> for an activity. */
static void
render_one(const struct store_item *it, struct buf_s *b)
{
	if (it->type == MODEL_ACTIVITY) {
		const struct model_activity *a = it->rec;
		buf_s_add(b, "a=");
		buf_s_add(b, num_text(a->amount.v));
	} else {
		buf_s_add(b, model_id(it->type, it->rec));
	}
}

static char *
render(const struct store_list *l)
{
	struct buf_s b = { NULL, 0, 0 };

	buf_s_add(&b, "");
	for (size_t i = 0; i < l->count; i++) {
		if (i > 0)
			buf_s_add(&b, ",");
		render_one(&l->items[i], &b);
	}
	return b.p;
}

/* The pattern gives exactly want, in that order, whole and with pages of 1 and 2. */
#define expect_list(t, q, want) expect_list_at(t, q, want, __LINE__)

static void
expect_list_at(struct table *t, const struct apq *q, const char *want, int line)
{
	static const int limits[] = { 0, 1, 2 };

	for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		struct store_list l = collect(t, q, limits[i], NULL);
		char *have = render(&l);
		if (strcmp(have, want) != 0)
			fail_msg("line %d: AP%d (limit %d) gave\n  %s\nwant\n  %s", line, (int)q->ap, limits[i],
			    have, want);
		free(have);
		store_list_done(&l);
	}
}

/* AP14, every page; returns the items as an array (new reference). */
static json_t *
collect_user_items(struct table *t, const char *uid, int limit)
{
	json_t *all = json_array();
	struct table_err err;
	char *cursor = NULL;
	size_t pages = 0, page_size = limit > 0 ? (size_t)limit : 100;

	for (;;) {
		struct table_page page;
		struct store_page_req pg = { cursor, limit, NULL, NULL };
		if (store_user_items(t, uid, pg, &page, &err) != 0)
			fail_msg("AP14: %s", err.message);
		pages++;
		free(cursor);
		cursor = page.cursor;
		page.cursor = NULL;
		if (cursor != NULL && page.count != page_size)
			fail_msg("AP14 page %zu: %zu items, not the last", pages, page.count);
		for (size_t i = 0; i < page.count; i++)
			json_array_append(all, page.items[i]);
		table_page_done(&page);
		if (cursor == NULL)
			break;
		if (pages > json_array_size(all) / page_size + 2 || pages > 5000)
			fail_msg("AP14: more pages than items");
	}
	return all;
}

/*
 * The invariants of data-model.md for one user: every goal's progress is the
 * exact sum of its activities (read with AP6, paged), its GSI1 keys follow its
 * status, and every activity belongs to its goal and user.
 */
static void
check_invariants(struct table *t, const char *uid)
{
	struct apq q3 = { .ap = AP3, .user = uid };
	struct store_list goals = collect(t, &q3, 100, NULL);

	for (size_t i = 0; i < goals.count; i++) {
		struct model_goal *g = goals.items[i].rec;
		struct apq q6 = { .ap = AP6, .user = uid, .goal = g->goal_id };
		struct store_list acts = collect(t, &q6, 100, NULL);
		long long sum = 0;
		char sk[128], want[160];

		assert_int_equal(goals.items[i].type, MODEL_GOAL);
		for (size_t j = 0; j < acts.count; j++) {
			struct model_activity *a = acts.items[j].rec;
			assert_int_equal(acts.items[j].type, MODEL_ACTIVITY);
			assert_string_equal(a->goal_id, g->goal_id);
			assert_string_equal(a->c.user_id, uid);
			assert_int_equal(decimal_add(sum, a->amount.v, &sum), 0);
		}
		if (g->progress.v != sum)
			fail_msg("goal %s: progress %s but its %zu activities sum to %s", g->goal_id,
			    num_text(g->progress.v), acts.count, num_text(sum));
		xsnprintf(sk, sizeof sk, "GOAL#%s", g->goal_id);
		json_t *item = raw_of(t, uid, sk);
		xsnprintf(want, sizeof want, "GOAL#%s", g->status);
		assert_s(item, "GSI1PK", want);
		xsnprintf(want, sizeof want, "USER#%s#GOAL#%s", uid, g->goal_id);
		assert_s(item, "GSI1SK", want);
		json_decref(item);
		store_list_done(&acts);
	}
	store_list_done(&goals);
}

/* ---- a backend that loses races on purpose ---- */

enum race_mode {
	RACE_BUMP,               /* another client bumps the goal's version */
	RACE_LOG,                /* another client logs an activity on the goal */
};

struct race {
	struct table *inner;
	enum race_mode mode;
	int remaining;           /* transactions still to interfere with */
	int fired;
	char user[80];
	char goal[80];
	ms_t at;                 /* RACE_LOG: the other client's activities, one minute apart */
	long long amount;
};

/* Another client's write, made between the store's read and its transaction. */
static void
race_interfere(struct race *r)
{
	struct table_err err;
	char pk[128], sk[128];

	xsnprintf(pk, sizeof pk, "USER#%s", r->user);
	xsnprintf(sk, sizeof sk, "GOAL#%s", r->goal);
	if (r->mode == RACE_BUMP) {
		json_t *key = table_key(pk, sk), *item = NULL;
		const char *vtext, *why;
		long long v;
		char num[32];

		if (table_get(r->inner, key, &item, &err) != 0)
			fail_msg("race: get %s: %s", sk, err.message);
		vtext = json_string_value(json_object_get(json_object_get(item, "version"), "N"));
		if (vtext == NULL || decimal_parse_int(vtext, &v, &why) != 0)
			fail_msg("race: goal without a version");
		xsnprintf(num, sizeof num, "%lld", v + 1);
		json_t *val = json_pack("{ss}", "N", num);
		struct table_update_action act = { TABLE_UPDATE_SET, "version", val };
		struct table_update upd = { &act, 1 };
		struct table_cond cond = { .kind = TABLE_COND_VERSION, .version = v };
		if (table_update(r->inner, key, &upd, &cond, NULL, &err) != 0)
			fail_msg("race: bump %s: %s", sk, err.message);
		json_decref(val);
		json_decref(item);
		json_decref(key);
	} else {
		struct model_activity *a = new_activity(r->user, r->goal, r->at + r->fired * MIN_MS, r->amount);
		if (store_activity_log(r->inner, a, NULL, &err) != 0)
			fail_msg("race: the other client's log: %s", err.message);
		model_free(MODEL_ACTIVITY, a);
	}
}

static void
race_close(struct table *t)
{
	struct race *r = t->data;

	table_close(r->inner);
	free(r);
	free(t->name);
	free(t);
}

static int
race_get(struct table *t, json_t *key, json_t **out, struct table_err *err)
{
	return table_get(((struct race *)t->data)->inner, key, out, err);
}

static int
race_put(struct table *t, json_t *item, const struct table_cond *cond, struct table_err *err)
{
	return table_put(((struct race *)t->data)->inner, item, cond, err);
}

static int
race_update(struct table *t, json_t *key, const struct table_update *upd, const struct table_cond *cond,
    json_t **out_new, struct table_err *err)
{
	return table_update(((struct race *)t->data)->inner, key, upd, cond, out_new, err);
}

static int
race_del(struct table *t, json_t *key, const struct table_cond *cond, json_t **out_old,
    struct table_err *err)
{
	return table_delete(((struct race *)t->data)->inner, key, cond, out_old, err);
}

static int
race_query(struct table *t, const struct table_query *q, struct table_page *page, struct table_err *err)
{
	return table_query(((struct race *)t->data)->inner, q, page, err);
}

static int
race_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	return table_query_many(((struct race *)t->data)->inner, qs, pages, n, err);
}

static int
race_transact(struct table *t, const struct table_write *w, size_t n, const char *token,
    struct table_err *err)
{
	struct race *r = t->data;

	if (r->remaining > 0) {
		r->remaining--;
		race_interfere(r);
		r->fired++;
	}
	return table_transact(r->inner, w, n, token, err);
}

static int
race_batch(struct table *t, const struct table_write *w, size_t n, struct table_err *err)
{
	return table_batch(((struct race *)t->data)->inner, w, n, err);
}

static int
race_create(struct table *t, bool *created, struct table_err *err)
{
	return table_create(((struct race *)t->data)->inner, created, err);
}

static int
race_describe(struct table *t, json_t **out, struct table_err *err)
{
	return table_describe(((struct race *)t->data)->inner, out, err);
}

static const struct table_backend race_backend = {
	.name = "race",
	.close = race_close,
	.get = race_get,
	.put = race_put,
	.update = race_update,
	.del = race_del,
	.query = race_query,
	.query_many = race_query_many,
	.transact = race_transact,
	.batch = race_batch,
	.create = race_create,
	.describe = race_describe,
};

/* Wraps the test's table; the wrapper becomes the test's table (closed by the teardown). */
static struct table *
race_wrap(struct table *inner, enum race_mode mode, int times, const char *uid, const char *gid)
{
	struct race *r = xcalloc(1, sizeof *r);
	struct table *t = xcalloc(1, sizeof *t);

	r->inner = inner;
	r->mode = mode;
	r->remaining = times;
	xsnprintf(r->user, sizeof r->user, "%s", uid);
	xsnprintf(r->goal, sizeof r->goal, "%s", gid);
	r->at = day0() + 20 * HOUR_MS;
	r->amount = milli("2");
	t->backend = &race_backend;
	t->name = xstrdup(inner->name);
	t->data = r;
	cur_table = t;
	return t;
}

/* ---- keys, byte for byte ---- */

static void
test_keys_exact(void **state)
{
	struct table *t = begin();
	ms_t at = day0() + 8 * HOUR_MS + 5;
	const char *at_s = ts(at);
	char want[256];
	json_t *item;

	mk_user(t, "u1");
	item = raw_of(t, "u1", "PROFILE");
	assert_names(item, "PK,SK,GSI1PK,GSI1SK,type,createdAt,updatedAt,version,userId,name,timezone,units");
	assert_s(item, "PK", "USER#u1");
	assert_s(item, "SK", "PROFILE");
	assert_s(item, "GSI1PK", "USER");
	assert_s(item, "GSI1SK", "USER#u1");
	assert_s(item, "userId", "u1");
	assert_s(item, "name", "Ada");
	assert_s(item, "timezone", "UTC");
	assert_s(item, "units", "metric");
	assert_fresh(item, "USER");
	json_decref(item);

	mk_goal(t, "u1", "g1", milli("10"));
	item = raw_of(t, "u1", "GOAL#g1");
	assert_names(item, "PK,SK,GSI1PK,GSI1SK,type,createdAt,updatedAt,version,userId,goalId,title,"
	    "target,unit,progress,status");
	assert_s(item, "PK", "USER#u1");
	assert_s(item, "SK", "GOAL#g1");
	assert_s(item, "GSI1PK", "GOAL#active");
	assert_s(item, "GSI1SK", "USER#u1#GOAL#g1");
	assert_s(item, "goalId", "g1");
	assert_n(item, "target", "10");
	assert_n(item, "progress", "0");
	assert_s(item, "status", "active");
	assert_fresh(item, "GOAL");
	json_decref(item);

	/* A linked journal entry: GSI2 by occurredAt, GSI3 under its goal. */
	mk_journal(t, "u1", "j1", at, "g1");
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_names(item, "PK,SK,GSI2PK,GSI2SK,GSI3PK,GSI3SK,type,createdAt,updatedAt,version,userId,"
	    "entryId,body,goalId,occurredAt");
	assert_s(item, "PK", "USER#u1");
	assert_s(item, "SK", "JOURNAL#j1");
	assert_s(item, "GSI2PK", "USER#u1#JOURNAL");
	xsnprintf(want, sizeof want, "%s#j1", at_s);
	assert_s(item, "GSI2SK", want);
	assert_s(item, "GSI3PK", "GOAL#g1");
	xsnprintf(want, sizeof want, "JOURNAL#%s#j1", at_s);
	assert_s(item, "GSI3SK", want);
	assert_s(item, "occurredAt", at_s);
	assert_fresh(item, "JOURNAL");
	json_decref(item);

	/* An unlinked meal: no GSI3 at all (sparse), no goalId, numbers canonical. */
	struct model_meal *m = new_meal("u1", "m1", at, NULL);
	char why[256];
	assert_int_equal(model_set_text(MODEL_MEAL, m, model_field_by_attr(model_entity(MODEL_MEAL), "calories"),
	    "512.50", why, sizeof why), 0);
	assert_int_equal(model_set_text(MODEL_MEAL, m, model_field_by_attr(model_entity(MODEL_MEAL), "protein"),
	    "1.25e1", why, sizeof why), 0);
	create_ok(t, MODEL_MEAL, m);
	model_free(MODEL_MEAL, m);
	item = raw_of(t, "u1", "MEAL#m1");
	assert_names(item, "PK,SK,GSI2PK,GSI2SK,type,createdAt,updatedAt,version,userId,mealId,name,"
	    "mealType,calories,protein,occurredAt");
	assert_s(item, "SK", "MEAL#m1");
	assert_s(item, "GSI2PK", "USER#u1#MEAL");
	xsnprintf(want, sizeof want, "%s#m1", at_s);
	assert_s(item, "GSI2SK", want);
	assert_absent(item, "GSI3PK");
	assert_absent(item, "GSI3SK");
	assert_absent(item, "goalId");
	assert_n(item, "calories", "512.5");
	assert_n(item, "protein", "12.5");
	assert_s(item, "mealType", "lunch");
	assert_fresh(item, "MEAL");
	json_decref(item);

	mk_workout(t, "u1", "w1", at, "g1");
	item = raw_of(t, "u1", "WORKOUT#w1");
	assert_names(item, "PK,SK,GSI2PK,GSI2SK,GSI3PK,GSI3SK,type,createdAt,updatedAt,version,userId,"
	    "workoutId,kind,minutes,goalId,occurredAt");
	assert_s(item, "SK", "WORKOUT#w1");
	assert_s(item, "GSI2PK", "USER#u1#WORKOUT");
	xsnprintf(want, sizeof want, "%s#w1", at_s);
	assert_s(item, "GSI2SK", want);
	assert_s(item, "GSI3PK", "GOAL#g1");
	xsnprintf(want, sizeof want, "WORKOUT#%s#w1", at_s);
	assert_s(item, "GSI3SK", want);
	assert_n(item, "minutes", "30");
	assert_fresh(item, "WORKOUT");
	json_decref(item);

	/* An activity: keyed by goal and moment, GSI2 by moment then goal, GSI3 under the goal. */
	struct model_goal *g = log_act(t, "u1", "g1", at, milli("2.5"), true);
	assert_int_equal(g->c.version, 2);
	assert_int_equal(g->progress.v, milli("2.5"));
	model_free(MODEL_GOAL, g);
	xsnprintf(want, sizeof want, "ACTIVITY#g1#%s", at_s);
	item = raw_of(t, "u1", want);
	assert_names(item, "PK,SK,GSI2PK,GSI2SK,GSI3PK,GSI3SK,type,createdAt,updatedAt,version,userId,"
	    "goalId,amount,occurredAt");
	assert_s(item, "PK", "USER#u1");
	assert_s(item, "SK", want);
	assert_s(item, "GSI2PK", "USER#u1#ACTIVITY");
	xsnprintf(want, sizeof want, "%s#g1", at_s);
	assert_s(item, "GSI2SK", want);
	assert_s(item, "GSI3PK", "GOAL#g1");
	xsnprintf(want, sizeof want, "ACTIVITY#%s", at_s);
	assert_s(item, "GSI3SK", want);
	assert_s(item, "goalId", "g1");
	assert_n(item, "amount", "2.5");
	assert_s(item, "occurredAt", at_s);
	assert_fresh(item, "ACTIVITY");
	json_decref(item);

	/* The goal after W3: progress, version 2, updatedAt the data clock. */
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "2.5");
	assert_n(item, "version", "2");
	assert_s(item, "createdAt", ts(now0()));
	assert_s(item, "updatedAt", ts(now0()));
	json_decref(item);
	check_invariants(t, "u1");
}

/* W1/W2 fill in a ULID id at the data clock when the caller gave none. */
static void
test_generated_ids(void **state)
{
	struct table *t = begin();
	struct model_goal *g = new_goal("u1", NULL, milli("1"));
	struct model_user *u = new_user("u1");
	char sk[128];

	create_ok(t, MODEL_USER, u);
	create_ok(t, MODEL_GOAL, g);
	assert_non_null(g->goal_id);
	assert_true(ulid_valid(g->goal_id));
	assert_int_equal(ulid_time(g->goal_id), now0());
	assert_int_equal(g->c.version, 1);
	assert_string_equal(g->status, "active");
	assert_true(g->progress.set);
	assert_int_equal(g->progress.v, 0);
	xsnprintf(sk, sizeof sk, "GOAL#%s", g->goal_id);
	json_t *item = raw_of(t, "u1", sk);
	assert_s(item, "goalId", g->goal_id);
	json_decref(item);

	struct model_journal *j = new_journal("u1", NULL, day0(), NULL);
	create_ok(t, MODEL_JOURNAL, j);
	assert_true(ulid_valid(j->entry_id));
	xsnprintf(sk, sizeof sk, "JOURNAL#%s", j->entry_id);
	assert_true(raw_exists(t, "u1", sk));
	model_free(MODEL_JOURNAL, j);
	model_free(MODEL_GOAL, g);
	model_free(MODEL_USER, u);
}

/* ---- access patterns ---- */

static void
test_ap1_profile(void **state)
{
	struct table *t = begin();
	struct model_user *u = new_user("u1"), *got = NULL;
	struct table_err err;

	u->email = xstrdup("ada@example.org");
	u->daily_calorie_target.set = true;
	u->daily_calorie_target.v = milli("2000");
	create_ok(t, MODEL_USER, u);
	mk_user(t, "u10");
	assert_int_equal(store_profile_get(t, "u1", &got, &err), 0);
	assert_string_equal(got->c.user_id, "u1");
	assert_string_equal(got->name, "Ada");
	assert_string_equal(got->email, "ada@example.org");
	assert_string_equal(got->timezone, "UTC");
	assert_string_equal(got->units, "metric");
	assert_true(got->daily_calorie_target.set);
	assert_int_equal(got->daily_calorie_target.v, milli("2000"));
	assert_int_equal(got->c.version, 1);
	assert_string_equal(got->c.created_at, ts(now0()));
	model_free(MODEL_USER, got);
	got = NULL;
	assert_int_equal(store_profile_get(t, "u2", &got, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_null(got);
	assert_string_equal(last_request()->pattern, "AP1");
	model_free(MODEL_USER, u);
}

static void
test_ap2_users(void **state)
{
	struct table *t = begin();
	struct apq q = { .ap = AP2 };

	expect_list(t, &q, "");
	mk_user(t, "u2");
	mk_user(t, "u10");
	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("1"));      /* goals are not users */
	mk_journal(t, "u1", "j1", day0(), NULL);
	expect_list(t, &q, "u1,u10,u2");
	assert_string_equal(last_request()->pattern, "AP2");
	assert_string_equal(last_request()->index, "GSI1");
}

/* Users u1 and u10 (u1 is a prefix of u10), u2; goals in every status. */
static void
seed_goals(struct table *t)
{
	struct table_err err;
	const char *const users[] = { "u1", "u10", "u2" };

	for (size_t i = 0; i < 3; i++)
		mk_user(t, users[i]);
	mk_goal(t, "u1", "g1", milli("10"));
	mk_goal(t, "u1", "g2", milli("10"));
	mk_goal(t, "u1", "g3", milli("10"));
	mk_goal(t, "u1", "g4", milli("10"));
	mk_goal(t, "u10", "g10", milli("10"));
	mk_goal(t, "u2", "g20", milli("10"));
	mk_goal(t, "u2", "g21", milli("10"));
	struct model_goal *g2 = get_rec(t, MODEL_GOAL, "u1", "g2");
	assert_int_equal(store_goal_set_status(t, g2, "paused", &err), 0);
	model_free(MODEL_GOAL, g2);
	struct model_goal *g4 = get_rec(t, MODEL_GOAL, "u1", "g4");
	assert_int_equal(store_goal_set_status(t, g4, "archived", &err), 0);
	model_free(MODEL_GOAL, g4);
	struct model_goal *g21 = get_rec(t, MODEL_GOAL, "u2", "g21");
	assert_int_equal(store_goal_set_status(t, g21, "paused", &err), 0);
	model_free(MODEL_GOAL, g21);
	/* g3 completes by reaching its target. */
	model_free(MODEL_GOAL, log_act(t, "u1", "g3", day0(), milli("10"), false));
}

static void
test_ap3_user_goals(void **state)
{
	struct table *t = begin();
	struct apq q = { .ap = AP3, .user = "u1" };

	seed_goals(t);
	mk_journal(t, "u1", "j1", day0(), "g1");
	expect_list(t, &q, "g1,g2,g3,g4");
	q.user = "u10";
	expect_list(t, &q, "g10");
	q.user = "u2";
	expect_list(t, &q, "g20,g21");
	q.user = "u3";
	expect_list(t, &q, "");
	check_invariants(t, "u1");
}

static void
test_ap4_goals_by_status(void **state)
{
	struct table *t = begin();
	struct apq q = { .ap = AP4, .user = "u1", .status = "active" };

	seed_goals(t);
	expect_list(t, &q, "g1");
	q.status = "paused";
	expect_list(t, &q, "g2");
	q.status = "completed";
	expect_list(t, &q, "g3");
	q.status = "archived";
	expect_list(t, &q, "g4");
	/* u10's goals are not u1's, though "USER#u1" is a prefix of "USER#u10". */
	q.user = "u10";
	q.status = "active";
	expect_list(t, &q, "g10");
	q.status = "paused";
	expect_list(t, &q, "");
	q.user = "u2";
	expect_list(t, &q, "g21");
	assert_string_equal(last_request()->pattern, "AP4");
	assert_string_equal(last_request()->index, "GSI1");
	check_invariants(t, "u1");
	check_invariants(t, "u2");
}

static void
test_ap5_all_by_status(void **state)
{
	struct table *t = begin();
	struct apq q = { .ap = AP5, .status = "active" };

	seed_goals(t);
	/* GSI1SK order: USER#u1#GOAL#g1 < USER#u10#... < USER#u2#... */
	expect_list(t, &q, "g1,g10,g20");
	q.status = "paused";
	expect_list(t, &q, "g2,g21");
	q.status = "completed";
	expect_list(t, &q, "g3");
	q.status = "archived";
	expect_list(t, &q, "g4");
}

static void
test_ap6_ap7_goal_activities(void **state)
{
	struct table *t = begin();
	ms_t from = day0() + 10 * HOUR_MS, to = day0() + 12 * HOUR_MS;
	struct apq q6 = { .ap = AP6, .user = "u1", .goal = "g1" };
	struct apq q7 = { .ap = AP7, .user = "u1", .goal = "g1", .from = from, .to = to };

	mk_user(t, "u1");
	mk_user(t, "u10");
	mk_goal(t, "u1", "g1", milli("1000"));
	mk_goal(t, "u1", "g10", milli("1000"));  /* "ACTIVITY#g1" is a prefix of "ACTIVITY#g10" */
	mk_goal(t, "u10", "g1", milli("1000"));  /* same goal id, another user */
	/* Logged out of order; amounts name them. */
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", to, milli("5"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", from - 1, milli("1"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", to - 1, milli("4"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", from, milli("2"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", from + 1, milli("3"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", to + 1, milli("6"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g10", from + 5, milli("100"), false));
	model_free(MODEL_GOAL, log_act(t, "u10", "g1", from + 5, milli("200"), false));

	expect_list(t, &q6, "a=6,a=5,a=4,a=3,a=2,a=1");
	assert_string_equal(last_request()->pattern, "AP6");
	/* [from, to): from included, to excluded, oldest first. */
	expect_list(t, &q7, "a=2,a=3,a=4");
	assert_string_equal(last_request()->pattern, "AP7");
	q7.from = to;
	q7.to = to + 1;
	expect_list(t, &q7, "a=5");
	q7.from = from - 1;
	q7.to = from;
	expect_list(t, &q7, "a=1");
	q7.from = to;
	q7.to = to;
	expect_list(t, &q7, "");
	q7.from = to + 1;
	q7.to = to;
	expect_list(t, &q7, "");
	q6.goal = "g10";
	expect_list(t, &q6, "a=100");
	q6.user = "u10";
	q6.goal = "g1";
	expect_list(t, &q6, "a=200");
	check_invariants(t, "u1");
	check_invariants(t, "u10");
}

/* AP8-AP11 over one kind: items at from - 1 ms, from, from + 1 ms, to - 1 ms, to; another user's at from. */
static void
range_case(struct table *t, enum model_type type)
{
	ms_t from = day0() + 24 * HOUR_MS, to = day0() + 48 * HOUR_MS;
	const ms_t at[5] = { from - 1, from, from + 1, to - 1, to };
	struct apq q = { .ap = AP_RANGE, .user = "u1", .type = type, .from = from, .to = to };
	static const char *const patterns[MODEL_TYPE_COUNT] = {
		[MODEL_ACTIVITY] = "AP8", [MODEL_JOURNAL] = "AP9", [MODEL_MEAL] = "AP10", [MODEL_WORKOUT] = "AP11",
	};
	char id[16];

	for (int i = 0; i < 5; i++) {
		xsnprintf(id, sizeof id, "x%d", i);
		switch (type) {
		case MODEL_ACTIVITY:
			model_free(MODEL_GOAL, log_act(t, "u1", "g1", at[i], milli("1") * i, false));
			break;
		case MODEL_JOURNAL:
			mk_journal(t, "u1", id, at[i], NULL);
			break;
		case MODEL_MEAL:
			mk_meal(t, "u1", id, at[i], NULL);
			break;
		case MODEL_WORKOUT:
			mk_workout(t, "u1", id, at[i], "g1");
			break;
		default:
			fail_msg("no range for type %d", (int)type);
		}
	}
	switch (type) {
	case MODEL_ACTIVITY:
		model_free(MODEL_GOAL, log_act(t, "u10", "g1", from, milli("9"), false));
		expect_list(t, &q, "a=1,a=2,a=3");
		q.newest = true;
		expect_list(t, &q, "a=3,a=2,a=1");
		break;
	case MODEL_JOURNAL:
		mk_journal(t, "u10", "y1", from, NULL);
		break;
	case MODEL_MEAL:
		mk_meal(t, "u10", "y1", from, NULL);
		break;
	case MODEL_WORKOUT:
		mk_workout(t, "u10", "y1", from, NULL);
		break;
	default:
		break;
	}
	if (type != MODEL_ACTIVITY) {
		expect_list(t, &q, "x1,x2,x3");
		q.newest = true;
		expect_list(t, &q, "x3,x2,x1");
	}
	assert_string_equal(last_request()->pattern, patterns[type]);
	assert_string_equal(last_request()->index, "GSI2");
	q.newest = false;
	/* The ends alone. */
	q.from = to;
	q.to = to + 1;
	expect_list(t, &q, type == MODEL_ACTIVITY ? "a=4" : "x4");
	q.from = from - 1;
	q.to = from;
	expect_list(t, &q, type == MODEL_ACTIVITY ? "a=0" : "x0");
	q.to = q.from;
	expect_list(t, &q, "");
	q.user = "u10";
	q.from = from;
	q.to = from + 1;
	expect_list(t, &q, type == MODEL_ACTIVITY ? "a=9" : "y1");
}

static void
test_ap8_to_ap11_ranges(void **state)
{
	static const enum model_type types[] = { MODEL_ACTIVITY, MODEL_JOURNAL, MODEL_MEAL, MODEL_WORKOUT };

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		struct table *t = begin();
		mk_user(t, "u1");
		mk_user(t, "u10");
		mk_goal(t, "u1", "g1", milli("1000"));
		mk_goal(t, "u10", "g1", milli("1000"));
		range_case(t, types[i]);
		check_invariants(t, "u1");
		check_invariants(t, "u10");
		close_backend(t);
		cur_table = NULL;
	}
	/* A kind without a date index is refused. */
	struct table *t = begin();
	struct store_list l;
	struct table_err err;
	struct store_page_req pg = { NULL, 0, NULL, NULL };
	assert_int_equal(store_range(t, "u1", MODEL_GOAL, day0(), day0() + 1, false, pg, &l, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	store_list_done(&l);
}

/* Activities of two goals at the same moment both show in the timeline. */
static void
test_ap8_same_moment(void **state)
{
	struct table *t = begin();
	ms_t at = day0() + HOUR_MS;
	struct apq q = { .ap = AP_RANGE, .user = "u1", .type = MODEL_ACTIVITY, .from = at, .to = at + 1 };

	mk_user(t, "u1");
	mk_goal(t, "u1", "gb", milli("100"));
	mk_goal(t, "u1", "ga", milli("100"));
	model_free(MODEL_GOAL, log_act(t, "u1", "gb", at, milli("2"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "ga", at, milli("1"), false));
	/* GSI2SK <at>#ga < <at>#gb */
	expect_list(t, &q, "a=1,a=2");
	check_invariants(t, "u1");
}

/* A first page that brings the profile along (AP1 in the same round trip); an unknown user is not found. */
static void
test_ap1_with_first_page(void **state)
{
	struct table *t = begin();
	ms_t at = day0() + HOUR_MS;
	struct model_user *profile = NULL;
	struct store_list l;
	struct table_err err;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("100"));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", at, milli("2"), false));
	struct store_page_req pg = { NULL, 10, "u1", &profile };
	table_err_clear(&err);
	assert_int_equal(store_range(t, "u1", MODEL_ACTIVITY, day0(), day0() + 24 * HOUR_MS, false, pg, &l, &err), 0);
	assert_non_null(profile);
	assert_string_equal(profile->c.user_id, "u1");
	assert_int_equal(l.count, 1);
	assert_int_equal(l.items[0].type, MODEL_ACTIVITY);
	model_free(MODEL_USER, profile);
	store_list_done(&l);

	/* Any list can carry it: AP3. */
	profile = NULL;
	assert_int_equal(store_goals_list(t, "u1", pg, &l, &err), 0);
	assert_non_null(profile);
	assert_int_equal(l.count, 1);
	model_free(MODEL_USER, profile);
	store_list_done(&l);

	/* No such user: TABLE_NOT_FOUND naming them, no page, no profile. */
	profile = NULL;
	pg.profile_user = "nobody";
	assert_int_equal(store_range(t, "nobody", MODEL_ACTIVITY, day0(), day0() + 24 * HOUR_MS, false, pg, &l, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_string_equal(err.message, "no user 'nobody'");
	assert_null(profile);
	assert_int_equal(l.count, 0);

	/* A bad id is refused before anything is sent. */
	pg.profile_user = "bad#id";
	assert_int_equal(store_goals_list(t, "u1", pg, &l, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_null(profile);
	check_invariants(t, "u1");
}

/* AP8-AP11 at once (a day view): the first page of each kind, then each continues on its own. */
static void
test_ap8_to_ap11_at_once(void **state)
{
	struct table *t = begin();
	ms_t from = day0() + 24 * HOUR_MS, to = day0() + 48 * HOUR_MS;
	const enum model_type types[] = { MODEL_ACTIVITY, MODEL_JOURNAL, MODEL_MEAL, MODEL_WORKOUT };
	const char *const want[] = { "a=1,a=2,a=3", "j1,j2,j3", "m1,m2,m3", "w1,w2,w3" };
	const char *const want_newest[] = { "a=3,a=2,a=1", "j3,j2,j1", "m3,m2,m1", "w3,w2,w1" };
	struct store_list outs[4];
	struct table_err err;
	char id[16];

	mk_user(t, "u1");
	mk_user(t, "u10");
	mk_goal(t, "u1", "g1", milli("1000"));
	mk_goal(t, "u10", "g1", milli("1000"));
	/* Three of each kind inside [from, to), one of each exactly at to, one just before from. */
	for (int i = 1; i <= 3; i++) {
		ms_t at = from + (i - 1) * HOUR_MS;
		model_free(MODEL_GOAL, log_act(t, "u1", "g1", at, milli("1") * i, false));
		xsnprintf(id, sizeof id, "j%d", i);
		mk_journal(t, "u1", id, at, NULL);
		xsnprintf(id, sizeof id, "m%d", i);
		mk_meal(t, "u1", id, at, "g1");
		xsnprintf(id, sizeof id, "w%d", i);
		mk_workout(t, "u1", id, at, NULL);
	}
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", to, milli("50"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", from - 1, milli("60"), false));
	mk_journal(t, "u1", "jto", to, NULL);
	mk_meal(t, "u1", "mfrom", from - 1, NULL);
	mk_workout(t, "u1", "wto", to, NULL);
	mk_journal(t, "u10", "jx", from, NULL);
	model_free(MODEL_GOAL, log_act(t, "u10", "g1", from, milli("70"), false));

	assert_int_equal(store_ranges(t, "u1", types, 4, from, to, false, 0, outs, &err), 0);
	for (size_t i = 0; i < 4; i++) {
		char *have = render(&outs[i]);
		if (strcmp(have, want[i]) != 0)
			fail_msg("store_ranges[%zu] gave %s, want %s", i, have, want[i]);
		assert_null(outs[i].cursor);
		free(have);
		store_list_done(&outs[i]);
	}
	assert_int_equal(store_ranges(t, "u1", types, 4, from, to, true, 0, outs, &err), 0);
	for (size_t i = 0; i < 4; i++) {
		char *have = render(&outs[i]);
		if (strcmp(have, want_newest[i]) != 0)
			fail_msg("store_ranges newest[%zu] gave %s, want %s", i, have, want_newest[i]);
		free(have);
		store_list_done(&outs[i]);
	}

	/* Pages of 2: each kind's first page, then store_range goes on from its cursor. */
	assert_int_equal(store_ranges(t, "u1", types, 4, from, to, false, 2, outs, &err), 0);
	for (size_t i = 0; i < 4; i++) {
		struct store_list rest;
		assert_int_equal(outs[i].count, 2);
		assert_non_null(outs[i].cursor);
		struct store_page_req pg = { outs[i].cursor, 2, NULL, NULL };
		if (store_range(t, "u1", types[i], from, to, false, pg, &rest, &err) != 0)
			fail_msg("store_range after store_ranges[%zu]: %s", i, err.message);
		free(outs[i].cursor);
		outs[i].cursor = NULL;
		store_list_append(&outs[i], &rest);
		store_list_done(&rest);
		char *have = render(&outs[i]);
		if (strcmp(have, want[i]) != 0)
			fail_msg("store_ranges[%zu] + store_range gave %s, want %s", i, have, want[i]);
		free(have);
		store_list_done(&outs[i]);
	}

	/* Another user; an empty window; the refusals. */
	assert_int_equal(store_ranges(t, "u10", types, 2, from, to, false, 0, outs, &err), 0);
	for (size_t i = 0; i < 2; i++) {
		char *have = render(&outs[i]);
		assert_string_equal(have, i == 0 ? "a=70" : "jx");
		free(have);
		store_list_done(&outs[i]);
	}
	assert_int_equal(store_ranges(t, "u1", types, 4, to, to, false, 0, outs, &err), 0);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(outs[i].count, 0);
		store_list_done(&outs[i]);
	}
	const enum model_type with_goal[] = { MODEL_MEAL, MODEL_GOAL };
	assert_int_equal(store_ranges(t, "u1", with_goal, 2, from, to, false, 0, outs, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(store_ranges(t, "u#1", types, 4, from, to, false, 0, outs, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	const enum model_type seven[] = { MODEL_MEAL, MODEL_MEAL, MODEL_MEAL, MODEL_MEAL, MODEL_MEAL,
		MODEL_MEAL, MODEL_MEAL };
	struct store_list many[7];
	assert_int_equal(store_ranges(t, "u1", seven, 7, from, to, false, 0, many, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	check_invariants(t, "u1");
}

static void
test_ap12_goal_links(void **state)
{
	struct table *t = begin();
	ms_t at = day0() + 9 * HOUR_MS;
	struct apq q = { .ap = AP12, .goal = "g1", .type_only = -1 };

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("100"));
	mk_goal(t, "u1", "g10", milli("100"));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", at + 3, milli("7"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", at, milli("8"), false));
	mk_journal(t, "u1", "j1", at, "g1");
	mk_journal(t, "u1", "j2", at, NULL);
	mk_journal(t, "u1", "j3", at, "g10");
	mk_journal(t, "u1", "j0", at + 1, "g1");
	mk_meal(t, "u1", "m1", at, "g1");
	mk_meal(t, "u1", "m2", at, NULL);
	mk_workout(t, "u1", "w1", at, "g1");
	mk_workout(t, "u1", "w2", at, "g10");

	/* GSI3SK order: ACTIVITY#<at> < JOURNAL#<at>#.. < MEAL# < WORKOUT# */
	expect_list(t, &q, "a=8,a=7,j1,j0,m1,w1");
	assert_string_equal(last_request()->pattern, "AP12");
	assert_string_equal(last_request()->index, "GSI3");
	q.type_only = MODEL_JOURNAL;
	expect_list(t, &q, "j1,j0");
	q.type_only = MODEL_MEAL;
	expect_list(t, &q, "m1");
	q.type_only = MODEL_WORKOUT;
	expect_list(t, &q, "w1");
	q.type_only = MODEL_ACTIVITY;
	expect_list(t, &q, "a=8,a=7");
	q.goal = "g10";
	q.type_only = -1;
	expect_list(t, &q, "j3,w2");
	q.goal = "g2";
	expect_list(t, &q, "");
	check_invariants(t, "u1");
}

static void
test_ap13_latest_journal(void **state)
{
	struct table *t = begin();
	struct apq q = { .ap = AP13, .user = "u1" };
	char ids[3][ULID_LEN + 1], want[128];

	mk_user(t, "u1");
	mk_user(t, "u10");
	/* Entries written one after the other (ULIDs in that order), each about an earlier moment. */
	for (int i = 0; i < 3; i++) {
		struct model_journal *j = new_journal("u1", NULL, day0() - i * HOUR_MS, NULL);
		clock_set_fixed(now0() + i * 1000);
		create_ok(t, MODEL_JOURNAL, j);
		xsnprintf(ids[i], sizeof ids[i], "%s", j->entry_id);
		model_free(MODEL_JOURNAL, j);
	}
	mk_journal(t, "u10", "zz", day0(), NULL);
	mk_meal(t, "u1", "m1", day0(), NULL);
	xsnprintf(want, sizeof want, "%s,%s,%s", ids[2], ids[1], ids[0]);
	expect_list(t, &q, want);
	assert_string_equal(last_request()->pattern, "AP13");
	q.user = "u10";
	expect_list(t, &q, "zz");
}

static void
test_ap14_user_items(void **state)
{
	struct table *t = begin();
	ms_t at = day0();
	size_t n_u1;

	mk_user(t, "u1");
	mk_user(t, "u10");
	mk_goal(t, "u1", "g1", milli("100"));
	mk_goal(t, "u10", "g1", milli("100"));
	for (int i = 0; i < 5; i++) {
		model_free(MODEL_GOAL, log_act(t, "u1", "g1", at + i, milli("1"), false));
		model_free(MODEL_GOAL, log_act(t, "u10", "g1", at + i, milli("1"), false));
	}
	mk_journal(t, "u1", "j1", at, "g1");
	mk_meal(t, "u1", "m1", at, NULL);
	mk_workout(t, "u1", "w1", at, NULL);
	mk_journal(t, "u10", "j1", at, NULL);
	n_u1 = 1 + 1 + 5 + 3;

	static const int limits[] = { 0, 1, 3, 7 };
	for (size_t li = 0; li < sizeof limits / sizeof limits[0]; li++) {
		json_t *all = collect_user_items(t, "u1", limits[li]);
		size_t i;
		json_t *item;
		const char *prev = "";

		assert_int_equal(json_array_size(all), n_u1);
		json_array_foreach(all, i, item) {
			const char *sk = table_item_str(item, "SK");
			char why[256];
			assert_s(item, "PK", "USER#u1");
			assert_s(item, "userId", "u1");
			/* Ascending SK, each once. */
			assert_true(strcmp(prev, sk) < 0);
			prev = sk;
			/* Every item is one import would take back. */
			if (model_check_item(item, why, sizeof why) != 0)
				fail_msg("AP14 item %s does not check: %s", sk, why);
		}
		assert_string_equal(table_item_str(json_array_get(all, 0), "SK"), "ACTIVITY#g1#2026-11-20T00:00:00.000Z");
		assert_string_equal(table_item_str(json_array_get(all, n_u1 - 1), "SK"), "WORKOUT#w1");
		json_decref(all);
	}
	json_t *other = collect_user_items(t, "u10", 4);
	assert_int_equal(json_array_size(other), 1 + 1 + 5 + 1);
	json_decref(other);
	json_t *none = collect_user_items(t, "u2", 4);
	assert_int_equal(json_array_size(none), 0);
	json_decref(none);
	assert_string_equal(last_request()->pattern, "AP14");
	check_invariants(t, "u1");
}

/* ---- paging ---- */

#define MANY 257

/* MANY activities of u1/g1, one minute apart from day0, amount i + 1 thousandths; a few of g2 between. */
static void
seed_many(struct table *t)
{
	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("1000000"));
	mk_goal(t, "u1", "g2", milli("1000000"));
	for (int i = 0; i < MANY; i++)
		model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + i * MIN_MS, i + 1, false));
	for (int i = 0; i < 5; i++)
		model_free(MODEL_GOAL, log_act(t, "u1", "g2", day0() + i * 7 * MIN_MS + 1, milli("1"), false));
}

/* The activities of g1 come in order (newest first or oldest first), each exactly once. */
static void
assert_acts_in_order(const struct store_list *l, size_t want, long long first_amount, bool newest_first,
    const char *goal)
{
	assert_int_equal(l->count, want);
	for (size_t i = 0; i < l->count; i++) {
		const struct model_activity *a = l->items[i].rec;
		long long expect = newest_first ? first_amount - (long long)i : first_amount + (long long)i;
		assert_int_equal(l->items[i].type, MODEL_ACTIVITY);
		if (goal != NULL)
			assert_string_equal(a->goal_id, goal);
		if (a->amount.v != expect)
			fail_msg("item %zu: amount %s, want %s (duplicate or gap)", i, num_text(a->amount.v),
			    num_text(expect));
		assert_string_equal(a->occurred_at, ts(day0() + (expect - 1) * MIN_MS));
	}
}

static void
test_paging(void **state)
{
	struct table *t = begin();
	static const int limits[] = { 7, 100, 1000 };
	size_t pages;

	seed_many(t);
	for (size_t li = 0; li < sizeof limits / sizeof limits[0]; li++) {
		int limit = limits[li];
		size_t full = (MANY + (size_t)limit - 1) / (size_t)limit;

		/* AP6, main table, backward. */
		struct apq q6 = { .ap = AP6, .user = "u1", .goal = "g1" };
		struct store_list l = collect(t, &q6, limit, &pages);
		assert_acts_in_order(&l, MANY, MANY, true, "g1");
		assert_true(pages >= full && pages <= full + 1);
		store_list_done(&l);

		/* AP7, main table, forward, a window in the middle: [minute 10, minute 250). */
		struct apq q7 = { .ap = AP7, .user = "u1", .goal = "g1", .from = day0() + 10 * MIN_MS,
		    .to = day0() + 250 * MIN_MS };
		l = collect(t, &q7, limit, NULL);
		assert_acts_in_order(&l, 240, 11, false, "g1");
		store_list_done(&l);

		/* AP8 on GSI2, both directions, without g2's activities: [minute 1, minute 256) at ms 0. */
		struct apq q8 = { .ap = AP_RANGE, .user = "u1", .type = MODEL_ACTIVITY,
		    .from = day0(), .to = day0() + MANY * MIN_MS };
		l = collect(t, &q8, limit, NULL);
		assert_int_equal(l.count, MANY + 5);
		/* Timeline order: every moment at or after the one before, each activity once. */
		for (size_t i = 1; i < l.count; i++) {
			const struct model_activity *a = l.items[i - 1].rec, *b = l.items[i].rec;
			assert_true(strcmp(a->occurred_at, b->occurred_at) < 0);
		}
		store_list_done(&l);
		q8.newest = true;
		l = collect(t, &q8, limit, NULL);
		assert_int_equal(l.count, MANY + 5);
		for (size_t i = 1; i < l.count; i++) {
			const struct model_activity *a = l.items[i - 1].rec, *b = l.items[i].rec;
			assert_true(strcmp(a->occurred_at, b->occurred_at) > 0);
		}
		store_list_done(&l);

		/* AP12 on GSI3. */
		struct apq q12 = { .ap = AP12, .goal = "g1", .type_only = -1 };
		l = collect(t, &q12, limit, NULL);
		assert_acts_in_order(&l, MANY, 1, false, "g1");
		store_list_done(&l);
	}

	/* The table interface straight: GSI2 backward by 7, every key once and in order. */
	struct table_query q = { .index = TABLE_INDEX_GSI2, .pk = "USER#u1#ACTIVITY", .backward = true,
	    .limit = 7 };
	struct table_err err;
	char *cursor = NULL, prev[128] = "\x7f";
	size_t count = 0;
	pages = 0;
	do {
		struct table_page page;
		q.cursor = cursor;
		if (table_query(t, &q, &page, &err) != 0)
			fail_msg("GSI2 page %zu: %s", pages, err.message);
		free(cursor);
		cursor = page.cursor;
		page.cursor = NULL;
		pages++;
		if (cursor != NULL)
			assert_int_equal(page.count, 7);
		for (size_t i = 0; i < page.count; i++) {
			const char *sk = table_item_str(page.items[i], "GSI2SK");
			assert_non_null(sk);
			assert_true(strcmp(sk, prev) < 0);
			xsnprintf(prev, sizeof prev, "%s", sk);
			count++;
		}
		table_page_done(&page);
		assert_true(pages <= (MANY + 5) / 7 + 2);
	} while (cursor != NULL);
	assert_int_equal(count, MANY + 5);
	check_invariants(t, "u1");
}

static void
test_bad_cursors(void **state)
{
	struct table *t = begin();
	struct table_err err;
	struct store_list l;
	char *longc = xmalloc(5001);
	/* base64url of "[]", "{}", "{\"PK\":1}", "not json" */
	const char *const bad[] = { "!!!", "", "A", "AAAA", "W10", "e30", "eyJQSyI6MX0", "bm90IGpzb24",
		"%2F..%2F", "eyJQSyI6eyJTIjoiVVNFUiN1MSJ9fQ==", NULL, };

	memset(longc, 'A', 5000);
	longc[5000] = '\0';
	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("100"));
	for (int i = 0; i < 3; i++)
		model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + i, milli("1"), false));
	for (size_t i = 0; i <= sizeof bad / sizeof bad[0] - 1; i++) {
		const char *c = bad[i] != NULL ? bad[i] : longc;
		struct store_page_req pg = { c, 1, NULL, NULL };
		memset(&l, 0, sizeof l);
		if (store_goal_activities(t, "u1", "g1", pg, &l, &err) == 0)
			fail_msg("cursor \"%.20s\" was taken", c);
		assert_int_equal(err.status, TABLE_INVALID);
		assert_int_equal(l.count, 0);
		store_list_done(&l);
	}

	/* A real cursor of another query: refused, or (DynamoDB) at least no crash and nothing foreign. */
	struct store_page_req first = { NULL, 1, NULL, NULL };
	struct store_list p1;
	assert_int_equal(store_range(t, "u1", MODEL_ACTIVITY, day0(), day0() + 10, false, first, &p1, &err), 0);
	assert_non_null(p1.cursor);
	struct store_page_req foreign = { p1.cursor, 1, NULL, NULL };
	int rc = store_goal_activities(t, "u1", "g1", foreign, &l, &err);
	if (rc != 0)
		assert_int_equal(err.status, TABLE_INVALID);
	else
		store_list_done(&l);
	/* The GSI2 cursor of u1 used for u2's timeline. */
	rc = store_range(t, "u2", MODEL_ACTIVITY, day0(), day0() + 10, false, foreign, &l, &err);
	if (rc != 0)
		assert_int_equal(err.status, TABLE_INVALID);
	else {
		assert_int_equal(l.count, 0);
		store_list_done(&l);
	}
	store_list_done(&p1);
	free(longc);
}

/* ---- W1, W2 ---- */

static void
test_w1_w2_create_twice(void **state)
{
	struct table *t = begin();
	struct table_err err;
	json_t *before, *after;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("5"));
	mk_journal(t, "u1", "j1", day0(), NULL);
	mk_meal(t, "u1", "m1", day0(), NULL);
	mk_workout(t, "u1", "w1", day0(), NULL);
	json_t *all_before = collect_user_items(t, "u1", 0);
	clock_set_fixed(now0() + 5000);

	struct model_user *u = new_user("u1");
	free(u->name);
	u->name = xstrdup("Mallory");
	assert_int_equal(store_create(t, MODEL_USER, u, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_non_null(strstr(err.message, "u1"));
	model_free(MODEL_USER, u);

	struct model_goal *g = new_goal("u1", "g1", milli("99"));
	assert_int_equal(store_create(t, MODEL_GOAL, g, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_GOAL, g);

	struct model_journal *j = new_journal("u1", "j1", day0() + 1, "g1");
	assert_int_equal(store_create(t, MODEL_JOURNAL, j, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_JOURNAL, j);

	struct model_meal *m = new_meal("u1", "m1", day0() + 1, NULL);
	assert_int_equal(store_create(t, MODEL_MEAL, m, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_MEAL, m);

	struct model_workout *w = new_workout("u1", "w1", day0() + 1, NULL);
	assert_int_equal(store_create(t, MODEL_WORKOUT, w, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_WORKOUT, w);

	/* An activity is not created with W2. */
	struct model_activity *a = new_activity("u1", "g1", day0(), milli("1"));
	assert_int_equal(store_create(t, MODEL_ACTIVITY, a, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	model_free(MODEL_ACTIVITY, a);

	/* Nothing changed, byte for byte. */
	after = collect_user_items(t, "u1", 0);
	assert_true(json_equal(all_before, after));
	json_decref(after);
	json_decref(all_before);
	before = raw_of(t, "u1", "PROFILE");
	assert_s(before, "name", "Ada");
	json_decref(before);
}

/* One bad record of each kind: refused with TABLE_INVALID, nothing written. */
enum bad_case {
	BAD_USER_ID_HASH, BAD_USER_ID_LONG, BAD_USER_ID_EMPTY, BAD_USER_UNITS, BAD_USER_ZONE, BAD_USER_EMAIL,
	BAD_USER_NAME_CTRL, BAD_USER_CALORIES_NEG,
	BAD_GOAL_ID_HASH, BAD_GOAL_TITLE_201, BAD_GOAL_TITLE_EMPTY, BAD_GOAL_TITLE_NEWLINE, BAD_GOAL_TITLE_ESC,
	BAD_GOAL_TITLE_C1, BAD_GOAL_TITLE_UTF8, BAD_GOAL_TARGET_0, BAD_GOAL_TARGET_NEG, BAD_GOAL_STATUS,
	BAD_GOAL_DUE, BAD_GOAL_PROGRESS_NEG, BAD_GOAL_NO_UNIT,
	BAD_JOURNAL_MOOD_0, BAD_JOURNAL_MOOD_6, BAD_JOURNAL_BODY_BIG, BAD_JOURNAL_BODY_CTRL,
	BAD_JOURNAL_GOAL_HASH, BAD_JOURNAL_AT_SHORT, BAD_JOURNAL_AT_OFFSET, BAD_JOURNAL_TAG_CTRL,
	BAD_JOURNAL_ID_HASH, BAD_JOURNAL_NO_BODY,
	BAD_MEAL_CAL_NEG, BAD_MEAL_TYPE, BAD_MEAL_NAME_201, BAD_MEAL_FAT_NEG, BAD_MEAL_NO_AT,
	BAD_WORKOUT_MIN_0, BAD_WORKOUT_KIND_CTRL, BAD_WORKOUT_DIST_NEG, BAD_WORKOUT_ID_SPACE,
	BAD_COUNT
};

static enum model_type
bad_type(enum bad_case c)
{
	if (c < BAD_GOAL_ID_HASH)
		return MODEL_USER;
	if (c < BAD_JOURNAL_MOOD_0)
		return MODEL_GOAL;
	if (c < BAD_MEAL_CAL_NEG)
		return MODEL_JOURNAL;
	if (c < BAD_WORKOUT_MIN_0)
		return MODEL_MEAL;
	return MODEL_WORKOUT;
}

static void
set(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL ? xstrdup(v) : NULL;
}

static char *
repeat(const char *s, size_t n)
{
	size_t len = strlen(s);
	char *out = xmalloc(len * n + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(out + i * len, s, len);
	out[len * n] = '\0';
	return out;
}

/* A good record of the case's type, then made bad (or, with good, left good at the limit). */
static void *
bad_record(enum bad_case c, bool good)
{
	enum model_type type = bad_type(c);
	void *rec;
	char *big;

	switch (type) {
	case MODEL_USER:
		rec = new_user("u9");
		break;
	case MODEL_GOAL:
		rec = new_goal("u1", "gb", milli("5"));
		break;
	case MODEL_JOURNAL:
		rec = new_journal("u1", "jb", day0(), NULL);
		break;
	case MODEL_MEAL:
		rec = new_meal("u1", "mb", day0(), NULL);
		break;
	default:
		rec = new_workout("u1", "wb", day0(), NULL);
		break;
	}
	struct model_user *u = rec;
	struct model_goal *g = rec;
	struct model_journal *j = rec;
	struct model_meal *m = rec;
	struct model_workout *w = rec;
	switch (c) {
	case BAD_USER_ID_HASH:
		set(&u->c.user_id, good ? "u_9-X" : "u#9");
		break;
	case BAD_USER_ID_LONG:
		big = repeat("a", good ? 64 : 65);
		set(&u->c.user_id, big);
		free(big);
		break;
	case BAD_USER_ID_EMPTY:
		set(&u->c.user_id, good ? "9" : "");
		break;
	case BAD_USER_UNITS:
		set(&u->units, good ? "imperial" : "furlongs");
		break;
	case BAD_USER_ZONE:
		set(&u->timezone, good ? "UTC" : "Mars/Olympus");
		break;
	case BAD_USER_EMAIL:
		set(&u->email, good ? "a@b" : "not an email");
		break;
	case BAD_USER_NAME_CTRL:
		set(&u->name, good ? "Ada Lovelace" : "Ada\rLovelace");
		break;
	case BAD_USER_CALORIES_NEG:
		u->daily_calorie_target.set = true;
		u->daily_calorie_target.v = good ? 0 : -1;
		break;
	case BAD_GOAL_ID_HASH:
		set(&g->goal_id, good ? "g-b_1" : "g#b");
		break;
	case BAD_GOAL_TITLE_201:
		/* Characters, not bytes: 200 two-byte characters are fine. */
		big = repeat("\xc3\xa9", good ? 200 : 201);
		set(&g->title, big);
		free(big);
		break;
	case BAD_GOAL_TITLE_EMPTY:
		set(&g->title, good ? "x" : "");
		break;
	case BAD_GOAL_TITLE_NEWLINE:
		set(&g->title, good ? "run far" : "run\nfar");
		break;
	case BAD_GOAL_TITLE_ESC:
		set(&g->title, good ? "run [red]" : "run \x1b[31mred");
		break;
	case BAD_GOAL_TITLE_C1:
		set(&g->title, good ? "run \xc2\xa0" "far" : "run \xc2\x9b far");
		break;
	case BAD_GOAL_TITLE_UTF8:
		set(&g->title, good ? "caf\xc3\xa9" : "caf\xe9");
		break;
	case BAD_GOAL_TARGET_0:
		g->target.v = good ? 1 : 0;
		break;
	case BAD_GOAL_TARGET_NEG:
		g->target.v = good ? milli("1000000000") : -milli("1");
		break;
	case BAD_GOAL_STATUS:
		set(&g->status, good ? "paused" : "done");
		break;
	case BAD_GOAL_DUE:
		set(&g->due_date, good ? "2028-02-29" : "2027-02-29");
		break;
	case BAD_GOAL_PROGRESS_NEG:
		g->progress.set = true;
		g->progress.v = good ? 0 : -1;
		break;
	case BAD_GOAL_NO_UNIT:
		if (!good)
			set(&g->unit, NULL);
		break;
	case BAD_JOURNAL_MOOD_0:
		j->mood.set = true;
		j->mood.v = good ? 1 : 0;
		break;
	case BAD_JOURNAL_MOOD_6:
		j->mood.set = true;
		j->mood.v = good ? 5 : 6;
		break;
	case BAD_JOURNAL_BODY_BIG:
		big = repeat("x", good ? 102400 : 102401);
		set(&j->body, big);
		free(big);
		break;
	case BAD_JOURNAL_BODY_CTRL:
		set(&j->body, good ? "line one\n\tline two" : "line one\x07");
		break;
	case BAD_JOURNAL_GOAL_HASH:
		set(&j->goal_id, good ? "g1" : "g1#JOURNAL");
		break;
	case BAD_JOURNAL_AT_SHORT:
		set(&j->occurred_at, good ? "2026-11-20T00:00:00.000Z" : "2026-11-20T00:00:00Z");
		break;
	case BAD_JOURNAL_AT_OFFSET:
		set(&j->occurred_at, good ? "2026-11-20T01:00:00.000Z" : "2026-11-20T01:00:00.000+01:00");
		break;
	case BAD_JOURNAL_TAG_CTRL:
		j->tags.v = xcalloc(2, sizeof(char *));
		j->tags.v[0] = xstrdup("walk");
		j->tags.v[1] = xstrdup(good ? "rain" : "ra\tin");
		j->tags.n = 2;
		break;
	case BAD_JOURNAL_ID_HASH:
		set(&j->entry_id, good ? "J1" : "j#1");
		break;
	case BAD_JOURNAL_NO_BODY:
		if (!good)
			set(&j->body, NULL);
		break;
	case BAD_MEAL_CAL_NEG:
		m->calories.v = good ? 0 : -milli("1");
		break;
	case BAD_MEAL_TYPE:
		set(&m->meal_type, good ? "snack" : "brunch");
		break;
	case BAD_MEAL_NAME_201:
		big = repeat("n", good ? 200 : 201);
		set(&m->name, big);
		free(big);
		break;
	case BAD_MEAL_FAT_NEG:
		m->fat.set = true;
		m->fat.v = good ? 1 : -1;
		break;
	case BAD_MEAL_NO_AT:
		if (!good)
			set(&m->occurred_at, NULL);
		break;
	case BAD_WORKOUT_MIN_0:
		w->minutes.v = good ? 1 : 0;
		break;
	case BAD_WORKOUT_KIND_CTRL:
		set(&w->kind, good ? "swim" : "sw\x7fim");
		break;
	case BAD_WORKOUT_DIST_NEG:
		w->distance_km.set = true;
		w->distance_km.v = good ? 0 : -milli("0.001");
		break;
	case BAD_WORKOUT_ID_SPACE:
		set(&w->workout_id, good ? "w_1" : "w 1");
		break;
	case BAD_COUNT:
		break;
	}
	return rec;
}

static void
test_w2_validation(void **state)
{
	struct table *t = begin();
	struct table_err err;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("5"));
	json_t *base = collect_user_items(t, "u1", 0);
	for (int c = 0; c < BAD_COUNT; c++) {
		enum model_type type = bad_type((enum bad_case)c);
		void *rec = bad_record((enum bad_case)c, false);

		if (store_create(t, type, rec, &err) == 0)
			fail_msg("bad case %d (%s) was written", c, model_entity(type)->label);
		if (err.status != TABLE_INVALID)
			fail_msg("bad case %d: status %d (%s), want TABLE_INVALID", c, (int)err.status, err.message);
		assert_true(err.message[0] != '\0');
		model_free(type, rec);
		/* Nothing of u1 changed; a bad user left no profile; no other user appeared. */
		json_t *now = collect_user_items(t, "u1", 0);
		if (!json_equal(base, now))
			fail_msg("bad case %d changed u1's items", c);
		json_decref(now);
		struct apq q2 = { .ap = AP2 };
		struct store_list l = collect(t, &q2, 0, NULL);
		assert_int_equal(l.count, 1);
		store_list_done(&l);
	}
	json_decref(base);

	/* The good twin of every case, at the limit, is written. */
	for (int c = 0; c < BAD_COUNT; c++) {
		enum model_type type = bad_type((enum bad_case)c);
		void *rec = bad_record((enum bad_case)c, true);
		if (type == MODEL_USER) {
			/* Users get ids of their own so the twins do not collide. */
			if (c != BAD_USER_ID_HASH && c != BAD_USER_ID_LONG && c != BAD_USER_ID_EMPTY) {
				char id[16];
				xsnprintf(id, sizeof id, "ok%d", c);
				set(&((struct model_common *)rec)->user_id, id);
			}
		} else if (c != BAD_GOAL_ID_HASH && c != BAD_JOURNAL_ID_HASH && c != BAD_WORKOUT_ID_SPACE) {
			char id[16];
			const struct model_entity *e = model_entity(type);
			char **idp = (char **)(void *)((char *)rec + e->id_offset);
			xsnprintf(id, sizeof id, "ok%d", c);
			set(idp, id);
		}
		if (store_create(t, type, rec, &err) != 0)
			fail_msg("good twin of case %d refused: %s", c, err.message);
		model_free(type, rec);
	}
	check_invariants(t, "u1");
}

/* ---- W3 ---- */

static void
test_w3_exact_sum_and_completion(void **state)
{
	struct table *t = begin();
	struct model_goal *g;
	json_t *item;
	struct apq q4 = { .ap = AP4, .user = "u1", .status = "active" };

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("1"));
	clock_set_fixed(now0() + 1000);
	g = log_act(t, "u1", "g1", day0(), milli("0.1"), true);
	assert_int_equal(g->progress.v, milli("0.1"));
	assert_int_equal(g->c.version, 2);
	assert_string_equal(g->status, "active");
	assert_string_equal(g->c.updated_at, ts(now0() + 1000));
	model_free(MODEL_GOAL, g);
	g = log_act(t, "u1", "g1", day0() + 1, milli("0.2"), true);
	assert_int_equal(g->progress.v, milli("0.3"));
	assert_int_equal(g->c.version, 3);
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "0.3");
	assert_n(item, "version", "3");
	assert_s(item, "status", "active");
	assert_s(item, "GSI1PK", "GOAL#active");
	assert_s(item, "createdAt", ts(now0()));
	assert_s(item, "updatedAt", ts(now0() + 1000));
	json_decref(item);
	expect_list(t, &q4, "g1");

	/* 0.3 + 0.699 is still short of 1. */
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + 2, milli("0.699"), false));
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "0.999");
	assert_s(item, "status", "active");
	json_decref(item);

	/* The last thousandth reaches the target exactly: completed, and GSI1 moves with it. */
	g = log_act(t, "u1", "g1", day0() + 3, milli("0.001"), true);
	assert_string_equal(g->status, "completed");
	assert_int_equal(g->progress.v, milli("1"));
	assert_int_equal(g->c.version, 5);
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "1");
	assert_s(item, "status", "completed");
	assert_s(item, "GSI1PK", "GOAL#completed");
	assert_s(item, "GSI1SK", "USER#u1#GOAL#g1");
	assert_n(item, "version", "5");
	json_decref(item);
	expect_list(t, &q4, "");
	q4.status = "completed";
	expect_list(t, &q4, "g1");

	/* Past the target it stays completed and keeps counting. */
	g = log_act(t, "u1", "g1", day0() + 4, milli("2.5"), true);
	assert_string_equal(g->status, "completed");
	assert_int_equal(g->progress.v, milli("3.5"));
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "3.5");
	json_decref(item);
	assert_string_equal(last_request()->pattern, "W3");
	assert_string_equal(last_request()->operation, "TransactWriteItems");
	check_invariants(t, "u1");
}

static void
test_w3_same_millisecond(void **state)
{
	struct table *t = begin();
	ms_t at = day0() + 5 * HOUR_MS;
	char sk[128];

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("100"));
	mk_goal(t, "u1", "g2", milli("100"));
	for (int i = 0; i < 3; i++) {
		struct model_activity *a = new_activity("u1", "g1", at, milli("1") * (i + 1));
		struct table_err err;
		if (store_activity_log(t, a, NULL, &err) != 0)
			fail_msg("log %d: %s", i, err.message);
		/* The taken key moved it to the next free millisecond; the record says where it went. */
		assert_string_equal(a->occurred_at, ts(at + i));
		assert_string_equal(a->c.created_at, ts(now0()));
		assert_int_equal(a->c.version, 1);
		model_free(MODEL_ACTIVITY, a);
		xsnprintf(sk, sizeof sk, "ACTIVITY#g1#%s", ts(at + i));
		json_t *item = raw_of(t, "u1", sk);
		assert_n(item, "amount", num_text(milli("1") * (i + 1)));
		assert_s(item, "occurredAt", ts(at + i));
		json_decref(item);
	}
	/* Another goal's activity at the same moment takes its own key, not the next millisecond. */
	struct model_activity *a = new_activity("u1", "g2", at, milli("7"));
	struct table_err err;
	assert_int_equal(store_activity_log(t, a, NULL, &err), 0);
	assert_string_equal(a->occurred_at, ts(at));
	model_free(MODEL_ACTIVITY, a);
	struct apq q6 = { .ap = AP6, .user = "u1", .goal = "g1" };
	expect_list(t, &q6, "a=3,a=2,a=1");
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "6");
	assert_n(item, "version", "4");
	json_decref(item);
	check_invariants(t, "u1");
}

/*
 * Many activities logged for the same moment (ailife log --at 08:00, a dozen
 * times): each takes the next free millisecond. Nothing in data-model.md
 * bounds this, and no other client is racing, so none may fail.
 */
static void
test_w3_many_same_moment(void **state)
{
	struct table *t = begin();
	ms_t at = day0() + 8 * HOUR_MS;
	const int n = 15;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("100"));
	for (int i = 0; i < n; i++) {
		struct model_activity *a = new_activity("u1", "g1", at, milli("1"));
		struct table_err err;
		if (store_activity_log(t, a, NULL, &err) != 0) {
			model_free(MODEL_ACTIVITY, a);
			fail_msg("activity %d at the same moment refused: %s (status %d)", i + 1, err.message,
			    (int)err.status);
		}
		assert_string_equal(a->occurred_at, ts(at + i));
		model_free(MODEL_ACTIVITY, a);
	}
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "15");
	json_decref(item);
	check_invariants(t, "u1");
}

/*
 * The completion rule (store_goal_status_after), on W3: an active goal that
 * reaches its target becomes completed; a paused, archived or completed goal
 * keeps its status whatever is logged, and says what it was before the log.
 */
static void
test_w3_status_follows_only_upward(void **state)
{
	struct table *t = begin();
	struct table_err err;
	json_t *item;

	mk_user(t, "u1");
	mk_goal(t, "u1", "gp", milli("3"));
	mk_goal(t, "u1", "ga", milli("3"));
	mk_goal(t, "u1", "gc", milli("10"));
	struct model_goal *g = get_rec(t, MODEL_GOAL, "u1", "gp");
	assert_int_equal(store_goal_set_status(t, g, "paused", &err), 0);
	model_free(MODEL_GOAL, g);
	g = get_rec(t, MODEL_GOAL, "u1", "ga");
	assert_int_equal(store_goal_set_status(t, g, "archived", &err), 0);
	model_free(MODEL_GOAL, g);
	g = get_rec(t, MODEL_GOAL, "u1", "gc");
	assert_int_equal(store_goal_set_status(t, g, "completed", &err), 0);
	model_free(MODEL_GOAL, g);

	/* Paused stays paused, below the target and past it. */
	model_free(MODEL_GOAL, log_act(t, "u1", "gp", day0(), milli("1"), false));
	item = raw_of(t, "u1", "GOAL#gp");
	assert_s(item, "status", "paused");
	assert_s(item, "GSI1PK", "GOAL#paused");
	json_decref(item);
	struct model_activity *a = new_activity("u1", "gp", day0() + 1, milli("2"));
	char before[STORE_STATUS_MAX];
	g = NULL;
	assert_int_equal(store_activity_log_status(t, a, &g, before, &err), 0);
	assert_string_equal(before, "paused");
	assert_non_null(store_log_note(before));
	assert_string_equal(g->status, "paused");
	assert_int_equal(g->progress.v, milli("3"));
	model_free(MODEL_GOAL, g);
	model_free(MODEL_ACTIVITY, a);
	item = raw_of(t, "u1", "GOAL#gp");
	assert_s(item, "status", "paused");
	assert_s(item, "GSI1PK", "GOAL#paused");
	json_decref(item);

	/* Archived stays archived, even past the target. */
	model_free(MODEL_GOAL, log_act(t, "u1", "ga", day0(), milli("5"), false));
	item = raw_of(t, "u1", "GOAL#ga");
	assert_s(item, "status", "archived");
	assert_s(item, "GSI1PK", "GOAL#archived");
	json_decref(item);

	/* Marked completed at 0 of 10: logging 1 more does not reopen it. */
	model_free(MODEL_GOAL, log_act(t, "u1", "gc", day0(), milli("1"), false));
	item = raw_of(t, "u1", "GOAL#gc");
	assert_n(item, "progress", "1");
	if (strcmp(table_item_str(item, "status"), "completed") != 0) {
		char status[32];
		xsnprintf(status, sizeof status, "%s", table_item_str(item, "status"));
		json_decref(item);
		fail_msg("logging an activity turned a goal marked completed into '%s'", status);
	}
	assert_s(item, "GSI1PK", "GOAL#completed");
	json_decref(item);

	/* An active goal: no note. */
	assert_null(store_log_note("active"));
	assert_non_null(store_log_note("completed"));
	assert_non_null(store_log_note("archived"));
	check_invariants(t, "u1");
}

/*
 * The completion rule on W4: a target edited down to the progress or below
 * completes an active goal; raising the target of a completed goal leaves it
 * completed; a paused goal stays paused. GSI1 moves with the status.
 */
static void
test_w4_target_edit_completion(void **state)
{
	struct table *t = begin();
	struct table_err err;
	json_t *item;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	mk_goal(t, "u1", "g2", milli("10"));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0(), milli("5"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g2", day0(), milli("5"), false));

	struct model_goal *g = get_rec(t, MODEL_GOAL, "u1", "g1");
	g->target.v = milli("4");
	assert_int_equal(store_update(t, MODEL_GOAL, g, &err), 0);
	assert_string_equal(g->status, "completed");
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_s(item, "status", "completed");
	assert_s(item, "GSI1PK", "GOAL#completed");
	json_decref(item);

	g = get_rec(t, MODEL_GOAL, "u1", "g1");
	g->target.v = milli("20");
	assert_int_equal(store_update(t, MODEL_GOAL, g, &err), 0);
	assert_string_equal(g->status, "completed");
	model_free(MODEL_GOAL, g);

	g = get_rec(t, MODEL_GOAL, "u1", "g2");
	assert_int_equal(store_goal_set_status(t, g, "paused", &err), 0);
	g->target.v = milli("5");
	assert_int_equal(store_update(t, MODEL_GOAL, g, &err), 0);
	assert_string_equal(g->status, "paused");
	model_free(MODEL_GOAL, g);

	/* A refused edit keeps the record as it was (status included). */
	g = get_rec(t, MODEL_GOAL, "u1", "g2");
	assert_int_equal(store_goal_set_status(t, g, "active", &err), 0);
	g->target.v = milli("1");
	g->start_date = xstrdup("2026-06-01");
	g->due_date = xstrdup("2026-01-01");
	assert_int_equal(store_update(t, MODEL_GOAL, g, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_non_null(strstr(err.message, "2026-06-01"));
	assert_non_null(strstr(err.message, "2026-01-01"));
	assert_string_equal(g->status, "active");
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g2");
	assert_s(item, "status", "active");
	json_decref(item);
	check_invariants(t, "u1");
}

/* Another client changes the goal between the store's read and its transaction: W3 reads again. */
static void
test_w3_lost_race_bump(void **state)
{
	struct table *t = begin();
	struct model_goal *g;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	t = race_wrap(t, RACE_BUMP, 1, "u1", "g1");
	g = log_act(t, "u1", "g1", day0(), milli("3"), true);
	assert_int_equal(((struct race *)t->data)->fired, 1);
	/* 1 (create) + 1 (the other client) + 1 (ours, on the second try). */
	assert_int_equal(g->c.version, 3);
	assert_int_equal(g->progress.v, milli("3"));
	model_free(MODEL_GOAL, g);
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "version", "3");
	assert_n(item, "progress", "3");
	json_decref(item);
	check_invariants(t, "u1");
}

static void
test_w3_lost_race_log(void **state)
{
	struct table *t = begin();
	struct model_goal *g;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	t = race_wrap(t, RACE_LOG, 3, "u1", "g1");
	/* Three times another client logs 2 first; ours (3.5) lands on the fourth try: 6 + 3.5 = 9.5. */
	g = log_act(t, "u1", "g1", day0(), milli("3.5"), true);
	assert_int_equal(((struct race *)t->data)->fired, 3);
	assert_int_equal(g->progress.v, milli("9.5"));
	assert_int_equal(g->c.version, 5);
	assert_string_equal(g->status, "active");
	model_free(MODEL_GOAL, g);
	/* And once more with a race: the other client's 2 completes the goal; ours comes on top. */
	((struct race *)t->data)->remaining = 1;
	g = log_act(t, "u1", "g1", day0() + 1, milli("0.25"), true);
	assert_int_equal(g->progress.v, milli("11.75"));
	assert_string_equal(g->status, "completed");
	model_free(MODEL_GOAL, g);
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "11.75");
	assert_s(item, "GSI1PK", "GOAL#completed");
	assert_n(item, "version", "7");
	json_decref(item);
	struct apq q6 = { .ap = AP6, .user = "u1", .goal = "g1" };
	expect_list(t, &q6, "a=2,a=2,a=2,a=2,a=0.25,a=3.5");
	check_invariants(t, "u1");
}

/* A goal that changes on every try: W3 gives up with a lost race and writes nothing of its own. */
static void
test_w3_gives_up(void **state)
{
	struct table *t = begin();
	struct table_err err;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	t = race_wrap(t, RACE_BUMP, 1000, "u1", "g1");
	struct model_activity *a = new_activity("u1", "g1", day0(), milli("1"));
	assert_int_equal(store_activity_log(t, a, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_ACTIVITY, a);
	assert_true(((struct race *)t->data)->fired >= 2);
	char sk[128];
	xsnprintf(sk, sizeof sk, "ACTIVITY#g1#%s", ts(day0()));
	assert_false(raw_exists(t, "u1", sk));
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "0");
	json_decref(item);
	((struct race *)t->data)->remaining = 0;
	check_invariants(t, "u1");
}

static void
test_w3_bad_input(void **state)
{
	struct table *t = begin();
	struct table_err err;
	struct model_goal *g = NULL;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	json_t *base = collect_user_items(t, "u1", 0);
	for (int c = 0; c < 9; c++) {
		struct model_activity *a = new_activity("u1", "g1", day0(), milli("1"));
		enum table_status want = TABLE_INVALID;
		switch (c) {
		case 0:
			a->amount.v = -milli("1");
			break;
		case 1:
			a->amount.set = false;
			break;
		case 2:
			set(&a->note, "ok\x1b]0;pwned\x07");
			break;
		case 3:
			set(&a->occurred_at, NULL);
			break;
		case 4:
			set(&a->occurred_at, "2026-11-20 00:00:00");
			break;
		case 5:
			set(&a->goal_id, "g1#x");
			break;
		case 6:
			set(&a->goal_id, NULL);
			break;
		case 7:
			set(&a->goal_id, "g2");     /* no such goal */
			want = TABLE_NOT_FOUND;
			break;
		case 8:
			a->amount.v = milli("1000000000") + 1;
			break;
		}
		g = NULL;
		if (store_activity_log(t, a, &g, &err) == 0)
			fail_msg("bad activity %d was logged", c);
		if (err.status != want)
			fail_msg("bad activity %d: status %d (%s)", c, (int)err.status, err.message);
		assert_null(g);
		model_free(MODEL_ACTIVITY, a);
		json_t *now = collect_user_items(t, "u1", 0);
		if (!json_equal(base, now))
			fail_msg("bad activity %d changed the table", c);
		json_decref(now);
	}
	json_decref(base);
	check_invariants(t, "u1");
}

/* ---- W4 ---- */

static void
test_w4_edit(void **state)
{
	struct table *t = begin();
	struct table_err err;
	ms_t at = day0() + 7 * HOUR_MS, at2 = day0() + 30 * HOUR_MS;
	char want[128];

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	mk_goal(t, "u1", "g2", milli("10"));
	struct model_journal *j = new_journal("u1", "j1", at, "g1");
	set(&j->title, "Morning");
	j->mood.set = true;
	j->mood.v = 4;
	j->tags.v = xcalloc(2, sizeof(char *));
	j->tags.v[0] = xstrdup("walk");
	j->tags.v[1] = xstrdup("rain");
	j->tags.n = 2;
	create_ok(t, MODEL_JOURNAL, j);
	model_free(MODEL_JOURNAL, j);
	json_t *item = raw_of(t, "u1", "JOURNAL#j1");
	json_t *tags = json_object_get(json_object_get(item, "tags"), "SS");
	assert_int_equal(json_array_size(tags), 2);
	json_decref(item);

	struct model_journal *a = get_rec(t, MODEL_JOURNAL, "u1", "j1");
	struct model_journal *stale = model_copy(MODEL_JOURNAL, a);
	assert_int_equal(a->c.version, 1);

	/* A good edit: new body, version 2, updatedAt the data clock, createdAt kept. */
	clock_set_fixed(now0() + 60000);
	set(&a->body, "Rainy walk");
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), 0);
	assert_int_equal(a->c.version, 2);
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_s(item, "body", "Rainy walk");
	assert_n(item, "version", "2");
	assert_s(item, "createdAt", ts(now0()));
	assert_s(item, "updatedAt", ts(now0() + 60000));
	assert_s(item, "GSI3PK", "GOAL#g1");
	json_decref(item);
	assert_string_equal(last_request()->pattern, "W4");

	/* A stale copy (version 1) loses: reported, nothing overwritten. */
	set(&stale->body, "Sunny");
	assert_int_equal(store_update(t, MODEL_JOURNAL, stale, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_int_equal(stale->c.version, 1);
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_s(item, "body", "Rainy walk");
	assert_n(item, "version", "2");
	json_decref(item);
	model_free(MODEL_JOURNAL, stale);

	/* Removing optional attributes removes them (absent, never empty). */
	set(&a->title, NULL);
	a->mood.set = false;
	for (size_t i = 0; i < a->tags.n; i++)
		free(a->tags.v[i]);
	free(a->tags.v);
	a->tags.v = NULL;
	a->tags.n = 0;
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), 0);
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_absent(item, "title");
	assert_absent(item, "mood");
	assert_absent(item, "tags");
	assert_n(item, "version", "3");
	json_decref(item);

	/* Moving the link to g2 moves GSI3. */
	set(&a->goal_id, "g2");
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), 0);
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_s(item, "goalId", "g2");
	assert_s(item, "GSI3PK", "GOAL#g2");
	xsnprintf(want, sizeof want, "JOURNAL#%s#j1", ts(at));
	assert_s(item, "GSI3SK", want);
	json_decref(item);
	struct apq q12 = { .ap = AP12, .goal = "g1", .type_only = -1 };
	expect_list(t, &q12, "");
	q12.goal = "g2";
	expect_list(t, &q12, "j1");

	/* Moving the moment moves GSI2 and GSI3's sort keys. */
	set(&a->occurred_at, ts(at2));
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), 0);
	item = raw_of(t, "u1", "JOURNAL#j1");
	xsnprintf(want, sizeof want, "%s#j1", ts(at2));
	assert_s(item, "GSI2SK", want);
	xsnprintf(want, sizeof want, "JOURNAL#%s#j1", ts(at2));
	assert_s(item, "GSI3SK", want);
	json_decref(item);
	struct apq q9 = { .ap = AP_RANGE, .user = "u1", .type = MODEL_JOURNAL, .from = at, .to = at + 1 };
	expect_list(t, &q9, "");
	q9.from = at2;
	q9.to = at2 + 1;
	expect_list(t, &q9, "j1");

	/* Unlinking removes goalId and both GSI3 attributes. */
	set(&a->goal_id, NULL);
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), 0);
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_names(item, "PK,SK,GSI2PK,GSI2SK,type,createdAt,updatedAt,version,userId,entryId,body,occurredAt");
	assert_n(item, "version", "6");
	json_decref(item);
	expect_list(t, &q12, "");

	/* An invalid edit is refused before anything is written, and the record keeps its version. */
	set(&a->body, "bell\x07");
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(a->c.version, 6);
	item = raw_of(t, "u1", "JOURNAL#j1");
	assert_s(item, "body", "Rainy walk");
	json_decref(item);

	/* An edit of an item deleted meanwhile does not bring it back. */
	set(&a->body, "again");
	assert_int_equal(store_delete(t, MODEL_JOURNAL, "u1", "j1", &err), 0);
	assert_int_equal(store_update(t, MODEL_JOURNAL, a, &err), -1);
	assert_true(err.status == TABLE_COND_FAILED || err.status == TABLE_NOT_FOUND);
	assert_false(raw_exists(t, "u1", "JOURNAL#j1"));
	model_free(MODEL_JOURNAL, a);

	/* A goal read before an activity was logged cannot be written back over the new progress. */
	struct model_goal *g = get_rec(t, MODEL_GOAL, "u1", "g1");
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0(), milli("4"), false));
	set(&g->title, "Run farther");
	assert_int_equal(store_update(t, MODEL_GOAL, g, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_GOAL, g);
	g = get_rec(t, MODEL_GOAL, "u1", "g1");
	assert_int_equal(g->progress.v, milli("4"));
	set(&g->title, "Run farther");
	set(&g->category, "sport");
	assert_int_equal(store_update(t, MODEL_GOAL, g, &err), 0);
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_s(item, "title", "Run farther");
	assert_s(item, "category", "sport");
	assert_n(item, "progress", "4");
	assert_n(item, "version", "3");
	json_decref(item);

	/* Activities are not edited. */
	struct model_activity *act = new_activity("u1", "g1", day0(), milli("1"));
	act->c.version = 1;
	assert_int_equal(store_update(t, MODEL_ACTIVITY, act, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	model_free(MODEL_ACTIVITY, act);
	check_invariants(t, "u1");
}

/*
 * Workouts toward goals: create, edit (amount, moment, goal) and delete each
 * write the workout, its activity (marked workoutId, at the workout's moment,
 * the next millisecond when taken) and the goal's progress in one transaction.
 */
static void
test_workout_counts_toward_goal(void **state)
{
	struct table *t = begin();
	struct table_err err;
	char sk[128];

	mk_user(t, "u1");
	mk_goal(t, "u1", "gk", milli("100"));
	struct model_goal *gm = new_goal("u1", "gm", milli("600"));
	free(gm->unit);
	gm->unit = xstrdup("min");
	assert_int_equal(store_create(t, MODEL_GOAL, gm, &err), 0);
	model_free(MODEL_GOAL, gm);
	model_free(MODEL_GOAL, log_act(t, "u1", "gk", day0(), milli("1"), false));

	struct model_workout *w = model_new(MODEL_WORKOUT);
	w->c.user_id = xstrdup("u1");
	w->workout_id = xstrdup("w1");
	w->kind = xstrdup("run");
	w->minutes.set = true;
	w->minutes.v = milli("30");
	w->distance_km.set = true;
	w->distance_km.v = milli("5.2");
	w->goal_id = xstrdup("gk");
	w->occurred_at = xstrdup(ts(day0()));
	assert_int_equal(store_create(t, MODEL_WORKOUT, w, &err), 0);
	assert_string_equal(last_request()->operation, "TransactWriteItems");
	json_t *item = raw_of(t, "u1", "GOAL#gk");
	assert_n(item, "progress", "6.2");
	json_decref(item);
	/* The moment was taken by the logged activity: the next millisecond. */
	xsnprintf(sk, sizeof sk, "ACTIVITY#gk#%s", ts(day0() + 1));
	item = raw_of(t, "u1", sk);
	assert_s(item, "workoutId", "w1");
	assert_n(item, "amount", "5.2");
	json_decref(item);

	/* The activity is not deleted alone. */
	assert_int_equal(store_activity_delete(t, "u1", "gk", ts(day0() + 1), NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);

	/* Edit: another goal, of minutes. */
	model_free(MODEL_WORKOUT, w);
	w = get_rec(t, MODEL_WORKOUT, "u1", "w1");
	free(w->goal_id);
	w->goal_id = xstrdup("gm");
	assert_int_equal(store_update(t, MODEL_WORKOUT, w, &err), 0);
	item = raw_of(t, "u1", "GOAL#gk");
	assert_n(item, "progress", "1");
	json_decref(item);
	item = raw_of(t, "u1", "GOAL#gm");
	assert_n(item, "progress", "30");
	json_decref(item);
	assert_false(raw_exists(t, "u1", sk));

	/* Edit: the minutes, same key. */
	model_free(MODEL_WORKOUT, w);
	w = get_rec(t, MODEL_WORKOUT, "u1", "w1");
	w->minutes.v = milli("45.5");
	assert_int_equal(store_update(t, MODEL_WORKOUT, w, &err), 0);
	item = raw_of(t, "u1", "GOAL#gm");
	assert_n(item, "progress", "45.5");
	json_decref(item);
	/* A stale edit loses the race and changes nothing. */
	w->minutes.v = milli("1");
	w->c.version = 1;
	assert_int_equal(store_update(t, MODEL_WORKOUT, w, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	model_free(MODEL_WORKOUT, w);

	/* Miles: 5 km is 3.107 mi. */
	long long mi;
	w = model_new(MODEL_WORKOUT);
	w->distance_km.set = true;
	w->distance_km.v = milli("5");
	assert_true(store_workout_amount(w, "mi", &mi));
	assert_int_equal(mi, milli("3.107"));
	assert_false(store_workout_amount(w, "books", &mi));
	assert_false(store_workout_amount(w, "kcal", &mi));
	model_free(MODEL_WORKOUT, w);

	/* Delete: the workout, its activity and its minutes go together. */
	assert_int_equal(store_delete(t, MODEL_WORKOUT, "u1", "w1", &err), 0);
	item = raw_of(t, "u1", "GOAL#gm");
	assert_n(item, "progress", "0");
	json_decref(item);
	assert_false(raw_exists(t, "u1", "WORKOUT#w1"));
	check_invariants(t, "u1");
}

/* ---- W5 ---- */

static void
test_w5_delete_activity(void **state)
{
	struct table *t = begin();
	struct table_err err;
	struct model_goal *g = NULL;
	struct apq q4 = { .ap = AP4, .user = "u1", .status = "completed" };

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("1"));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0(), milli("0.4"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + 1, milli("0.6"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + 2, milli("0.1"), false));
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_s(item, "status", "completed");
	assert_n(item, "progress", "1.1");
	json_decref(item);
	expect_list(t, &q4, "g1");

	/* 1.1 - 0.1 = 1: still at the target, still completed. */
	assert_int_equal(store_activity_delete(t, "u1", "g1", ts(day0() + 2), &g, &err), 0);
	assert_int_equal(g->progress.v, milli("1"));
	assert_string_equal(g->status, "completed");
	assert_int_equal(g->c.version, 5);
	model_free(MODEL_GOAL, g);
	assert_string_equal(last_request()->pattern, "W5");

	/* 1 - 0.6 = 0.4: below the target, but nothing reopens a goal by itself: still completed. */
	assert_int_equal(store_activity_delete(t, "u1", "g1", ts(day0() + 1), &g, &err), 0);
	assert_int_equal(g->progress.v, milli("0.4"));
	assert_string_equal(g->status, "completed");
	model_free(MODEL_GOAL, g);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "0.4");
	assert_s(item, "status", "completed");
	assert_s(item, "GSI1PK", "GOAL#completed");
	assert_n(item, "version", "6");
	json_decref(item);
	expect_list(t, &q4, "g1");
	q4.status = "active";
	expect_list(t, &q4, "");
	char sk[128];
	xsnprintf(sk, sizeof sk, "ACTIVITY#g1#%s", ts(day0() + 1));
	assert_false(raw_exists(t, "u1", sk));

	/* Gone already; a bad moment; a bad goal id; another user's goal. */
	assert_int_equal(store_activity_delete(t, "u1", "g1", ts(day0() + 1), NULL, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(store_activity_delete(t, "u1", "g1", "2026-11-20", NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(store_activity_delete(t, "u1", "g#1", ts(day0()), NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(store_activity_delete(t, "u2", "g1", ts(day0()), NULL, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "version", "6");
	json_decref(item);

	/* A race on the goal: W5 reads again and still takes exactly its amount off. */
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + 10, milli("0.25"), false));
	t = race_wrap(t, RACE_LOG, 1, "u1", "g1");
	assert_int_equal(store_activity_delete(t, "u1", "g1", ts(day0()), &g, &err), 0);
	/* 0.4 + 0.25 + 2 (the other client) - 0.4 */
	assert_int_equal(g->progress.v, milli("2.25"));
	assert_string_equal(g->status, "completed");
	model_free(MODEL_GOAL, g);
	check_invariants(t, "u1");
}

/* ---- W6 ---- */

static void
test_w6_status(void **state)
{
	struct table *t = begin();
	struct table_err err;
	struct apq q4 = { .ap = AP4, .user = "u1", .status = "active" };

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0(), milli("2"), false));
	struct model_goal *g = get_rec(t, MODEL_GOAL, "u1", "g1");
	struct model_goal *stale = model_copy(MODEL_GOAL, g);
	assert_int_equal(g->c.version, 2);

	clock_set_fixed(now0() + 7);
	assert_int_equal(store_goal_set_status(t, g, "paused", &err), 0);
	assert_string_equal(g->status, "paused");
	assert_int_equal(g->c.version, 3);
	assert_string_equal(last_request()->pattern, "W6");
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_s(item, "status", "paused");
	assert_s(item, "GSI1PK", "GOAL#paused");
	assert_s(item, "GSI1SK", "USER#u1#GOAL#g1");
	assert_s(item, "updatedAt", ts(now0() + 7));
	assert_n(item, "version", "3");
	assert_n(item, "progress", "2");
	json_decref(item);
	expect_list(t, &q4, "");
	q4.status = "paused";
	expect_list(t, &q4, "g1");

	/* A stale copy loses, nothing changes. */
	assert_int_equal(store_goal_set_status(t, stale, "archived", &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_string_equal(stale->status, "active");
	assert_int_equal(stale->c.version, 2);
	item = raw_of(t, "u1", "GOAL#g1");
	assert_s(item, "status", "paused");
	assert_s(item, "GSI1PK", "GOAL#paused");
	assert_n(item, "version", "3");
	json_decref(item);

	/* Unknown statuses are refused before any write. */
	static const char *const bad[] = { "done", "", "Active", "active#1", "paused ", NULL };
	for (size_t i = 0; bad[i] != NULL; i++) {
		assert_int_equal(store_goal_set_status(t, g, bad[i], &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
	}
	item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "version", "3");
	json_decref(item);

	assert_int_equal(store_goal_set_status(t, g, "archived", &err), 0);
	q4.status = "archived";
	expect_list(t, &q4, "g1");
	q4.status = "paused";
	expect_list(t, &q4, "");
	model_free(MODEL_GOAL, stale);
	model_free(MODEL_GOAL, g);
	check_invariants(t, "u1");
}

/* ---- W7 ---- */

static void
test_w7_delete_goal(void **state)
{
	struct table *t = begin();
	struct table_err err;
	size_t acts = 0, unlinked = 0;
	const int n = 250;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("1000"));
	mk_goal(t, "u1", "g2", milli("1000"));
	for (int i = 0; i < n; i++)
		model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + i * MIN_MS, milli("0.5"), false));
	model_free(MODEL_GOAL, log_act(t, "u1", "g2", day0(), milli("3"), false));
	mk_journal(t, "u1", "j1", day0(), "g1");
	mk_meal(t, "u1", "m1", day0(), "g1");
	mk_workout(t, "u1", "w1", day0(), "g1");
	mk_journal(t, "u1", "j2", day0(), "g2");
	mk_meal(t, "u1", "m2", day0(), NULL);
	check_invariants(t, "u1");

	assert_int_equal(store_goal_delete(t, "u1", "g1", &acts, &unlinked, &err), 0);
	assert_int_equal(acts, (size_t)n);
	assert_int_equal(unlinked, 3);

	assert_false(raw_exists(t, "u1", "GOAL#g1"));
	struct apq q6 = { .ap = AP6, .user = "u1", .goal = "g1" };
	expect_list(t, &q6, "");
	struct apq q12 = { .ap = AP12, .goal = "g1", .type_only = -1 };
	expect_list(t, &q12, "");
	struct apq q8 = { .ap = AP_RANGE, .user = "u1", .type = MODEL_ACTIVITY, .from = day0(),
	    .to = day0() + 1000 * MIN_MS };
	expect_list(t, &q8, "a=3");
	/* The linked items stay, without their link, one version on. */
	static const char *const sks[] = { "JOURNAL#j1", "MEAL#m1", "WORKOUT#w1" };
	for (size_t i = 0; i < 3; i++) {
		json_t *item = raw_of(t, "u1", sks[i]);
		assert_absent(item, "goalId");
		assert_absent(item, "GSI3PK");
		assert_absent(item, "GSI3SK");
		assert_n(item, "version", "2");
		assert_non_null(table_item_str(item, "GSI2PK"));
		json_decref(item);
	}
	/* Another goal and its links are untouched. */
	json_t *item = raw_of(t, "u1", "JOURNAL#j2");
	assert_s(item, "GSI3PK", "GOAL#g2");
	assert_n(item, "version", "1");
	json_decref(item);
	item = raw_of(t, "u1", "GOAL#g2");
	assert_n(item, "progress", "3");
	json_decref(item);
	q12.goal = "g2";
	expect_list(t, &q12, "a=3,j2");
	struct apq q3 = { .ap = AP3, .user = "u1" };
	expect_list(t, &q3, "g2");
	json_t *all = collect_user_items(t, "u1", 0);
	/* profile, g2, its activity, j1, j2, m1, m2, w1 */
	assert_int_equal(json_array_size(all), 8);
	json_decref(all);

	/* Again: not found. */
	assert_int_equal(store_goal_delete(t, "u1", "g1", &acts, &unlinked, &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(acts, 0);
	check_invariants(t, "u1");
}

/* More links of one kind than a page holds: W7 unlinks them all. */
static void
test_w7_many_links(void **state)
{
	struct table *t = begin();
	struct table_err err;
	size_t acts = 9, unlinked = 9;
	char id[16];

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	for (int i = 0; i < 105; i++) {
		xsnprintf(id, sizeof id, "j%03d", i);
		mk_journal(t, "u1", id, day0() + i, "g1");
	}
	mk_meal(t, "u1", "m1", day0(), "g1");
	assert_int_equal(store_goal_delete(t, "u1", "g1", &acts, &unlinked, &err), 0);
	assert_int_equal(acts, 0);
	assert_int_equal(unlinked, 106);
	struct apq q12 = { .ap = AP12, .goal = "g1", .type_only = -1 };
	expect_list(t, &q12, "");
	json_t *all = collect_user_items(t, "u1", 0);
	size_t i;
	json_t *item;
	assert_int_equal(json_array_size(all), 1 + 105 + 1);
	json_array_foreach(all, i, item) {
		assert_absent(item, "goalId");
		assert_absent(item, "GSI3PK");
	}
	json_decref(all);
}

/* A goal that changes while W7 runs: the lost race is reported, progress still equals the sum. */
static void
test_w7_lost_race(void **state)
{
	struct table *t = begin();
	struct table_err err;
	size_t acts = 0;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("1000"));
	for (int i = 0; i < 120; i++)
		model_free(MODEL_GOAL, log_act(t, "u1", "g1", day0() + i * MIN_MS, milli("1"), false));
	t = race_wrap(t, RACE_LOG, 1, "u1", "g1");
	assert_int_equal(store_goal_delete(t, "u1", "g1", &acts, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_int_equal(acts, 0);
	assert_true(raw_exists(t, "u1", "GOAL#g1"));
	json_t *item = raw_of(t, "u1", "GOAL#g1");
	assert_n(item, "progress", "122");
	json_decref(item);
	check_invariants(t, "u1");
	/* Run again without interference: everything goes. */
	assert_int_equal(store_goal_delete(t, "u1", "g1", &acts, NULL, &err), 0);
	assert_int_equal(acts, 121);
	assert_false(raw_exists(t, "u1", "GOAL#g1"));
}

/* Journal, meal and workout deletes. */
static void
test_delete_entries(void **state)
{
	struct table *t = begin();
	struct table_err err;

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	mk_journal(t, "u1", "j1", day0(), "g1");
	mk_meal(t, "u1", "m1", day0(), "g1");
	mk_workout(t, "u1", "w1", day0(), NULL);
	assert_int_equal(store_delete(t, MODEL_JOURNAL, "u1", "j1", &err), 0);
	assert_int_equal(store_delete(t, MODEL_MEAL, "u1", "m1", &err), 0);
	assert_int_equal(store_delete(t, MODEL_WORKOUT, "u1", "w1", &err), 0);
	assert_false(raw_exists(t, "u1", "JOURNAL#j1"));
	assert_false(raw_exists(t, "u1", "MEAL#m1"));
	assert_false(raw_exists(t, "u1", "WORKOUT#w1"));
	struct apq q12 = { .ap = AP12, .goal = "g1", .type_only = -1 };
	expect_list(t, &q12, "");
	assert_int_equal(store_delete(t, MODEL_JOURNAL, "u1", "j1", &err), -1);
	assert_int_equal(err.status, TABLE_NOT_FOUND);
	assert_int_equal(store_delete(t, MODEL_MEAL, "u1", "m#1", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(store_delete(t, MODEL_GOAL, "u1", "g1", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_int_equal(store_delete(t, MODEL_USER, "u1", "u1", &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_true(raw_exists(t, "u1", "GOAL#g1"));
	assert_true(raw_exists(t, "u1", "PROFILE"));
}

/* ---- transactions at the table level ---- */

static json_t *
plain_item(const char *pk, const char *sk, const char *note)
{
	return json_pack("{s:{s:s}, s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", pk, "SK", "S", sk,
	    "note", "S", note, "version", "N", "1");
}

static void
test_transact_all_or_nothing(void **state)
{
	struct table *t = begin();
	struct table_err err;
	json_t *existing = plain_item("T#1", "B", "old");
	json_t *other = plain_item("T#1", "C", "other");

	assert_int_equal(table_put(t, existing, NULL, &err), 0);
	assert_int_equal(table_put(t, other, NULL, &err), 0);

	json_t *fresh = plain_item("T#1", "A", "new");
	json_t *clash = plain_item("T#1", "B", "clobbered");
	json_t *key_c = table_key("T#1", "C");
	json_t *val = json_pack("{s:s}", "S", "changed");
	struct table_update_action act = { TABLE_UPDATE_SET, "note", val };
	struct table_write w[3];
	memset(w, 0, sizeof w);
	w[0].kind = TABLE_WRITE_PUT;
	w[0].item = fresh;
	w[0].cond.kind = TABLE_COND_NOT_EXISTS;
	w[1].kind = TABLE_WRITE_PUT;
	w[1].item = clash;
	w[1].cond.kind = TABLE_COND_NOT_EXISTS;
	w[2].kind = TABLE_WRITE_UPDATE;
	w[2].key = key_c;
	w[2].update.actions = &act;
	w[2].update.count = 1;
	w[2].cond.kind = TABLE_COND_VERSION;
	w[2].cond.version = 1;

	assert_int_equal(table_transact(t, w, 3, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_TXN_CANCELED);
	assert_int_equal(err.index, 1);
	assert_int_equal(err.reason, TABLE_COND_FAILED);
	assert_null(raw(t, "T#1", "A"));
	json_t *b = raw(t, "T#1", "B"), *c = raw(t, "T#1", "C");
	assert_true(json_equal(b, existing));
	assert_true(json_equal(c, other));
	json_decref(b);
	json_decref(c);

	/* A version condition that fails on the last write: also nothing. */
	w[1].item = plain_item("T#1", "D", "d");
	w[2].cond.version = 7;
	assert_int_equal(table_transact(t, w, 3, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_TXN_CANCELED);
	assert_int_equal(err.index, 2);
	assert_null(raw(t, "T#1", "A"));
	assert_null(raw(t, "T#1", "D"));

	/* All conditions hold: all three happen. */
	w[2].cond.version = 1;
	assert_int_equal(table_transact(t, w, 3, NULL, &err), 0);
	json_t *got = raw(t, "T#1", "A");
	assert_non_null(got);
	json_decref(got);
	got = raw(t, "T#1", "D");
	assert_non_null(got);
	json_decref(got);
	got = raw(t, "T#1", "C");
	assert_s(got, "note", "changed");
	json_decref(got);

	/* Two writes on one item, or more than 100 writes: refused whole. */
	json_t *e1 = plain_item("T#2", "E", "one"), *e2 = plain_item("T#2", "E", "two");
	struct table_write dup[2];
	memset(dup, 0, sizeof dup);
	dup[0].kind = TABLE_WRITE_PUT;
	dup[0].item = e1;
	dup[1].kind = TABLE_WRITE_PUT;
	dup[1].item = e2;
	assert_int_equal(table_transact(t, dup, 2, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_null(raw(t, "T#2", "E"));
	struct table_write many[TABLE_TRANSACT_MAX + 1];
	json_t *items[TABLE_TRANSACT_MAX + 1];
	memset(many, 0, sizeof many);
	for (int k = 0; k <= TABLE_TRANSACT_MAX; k++) {
		char sk[16];
		xsnprintf(sk, sizeof sk, "M%03d", k);
		items[k] = plain_item("T#3", sk, "m");
		many[k].kind = TABLE_WRITE_PUT;
		many[k].item = items[k];
	}
	assert_int_equal(table_transact(t, many, TABLE_TRANSACT_MAX + 1, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_INVALID);
	assert_null(raw(t, "T#3", "M000"));
	/* Exactly 100 is allowed (W7 writes 99 deletes and the goal). */
	assert_int_equal(table_transact(t, many, TABLE_TRANSACT_MAX, NULL, &err), 0);
	json_t *last = raw(t, "T#3", "M099");
	assert_non_null(last);
	json_decref(last);
	assert_null(raw(t, "T#3", "M100"));
	for (int k = 0; k <= TABLE_TRANSACT_MAX; k++)
		json_decref(items[k]);
	json_decref(e1);
	json_decref(e2);

	json_decref(w[1].item);
	json_decref(fresh);
	json_decref(clash);
	json_decref(key_c);
	json_decref(val);
	json_decref(existing);
	json_decref(other);
}

/* ---- bad ids and statuses given to reads and writes ---- */

static void
expect_invalid_list(int rc, struct store_list *l, struct table_err *err, const char *what)
{
	if (rc == 0) {
		store_list_done(l);
		fail_msg("%s: taken, want TABLE_INVALID", what);
	}
	if (err->status != TABLE_INVALID)
		fail_msg("%s: status %d (%s), want TABLE_INVALID", what, (int)err->status, err->message);
}

static void
test_store_bad_ids(void **state)
{
	struct table *t = begin();
	struct table_err err;
	struct store_list l;
	struct table_page page;
	struct store_page_req pg = { NULL, 0, NULL, NULL };
	void *rec = NULL;
	static const char *const bad_ids[] = { "u#1", "", "u 1", "u1\n", "USER#u1" };

	mk_user(t, "u1");
	mk_goal(t, "u1", "g1", milli("10"));
	mk_journal(t, "u1", "j1", day0(), "g1");
	for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
		const char *bad = bad_ids[i];
		char what[64];

		/* The entity id is checked. */
		assert_int_equal(store_get(t, MODEL_GOAL, "u1", bad, &rec, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		assert_null(rec);
		assert_int_equal(store_delete(t, MODEL_JOURNAL, "u1", bad, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		size_t acts = 7, unlinked = 7;
		assert_int_equal(store_goal_delete(t, "u1", bad, &acts, &unlinked, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		assert_int_equal(acts, 0);
		assert_int_equal(unlinked, 0);
		/* The counts say "nothing done" on every failure, a bad user id included. */
		acts = unlinked = 7;
		assert_int_equal(store_goal_delete(t, bad, "g1", &acts, &unlinked, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		if (acts != 0 || unlinked != 0)
			fail_msg("store_goal_delete(user \"%s\") failed but left its counts at %zu/%zu", bad, acts,
			    unlinked);

		/* The user id is an id too (data-model.md: '#' above all is refused with a clear error). */
		xsnprintf(what, sizeof what, "store_get user \"%s\"", bad);
		if (store_get(t, MODEL_GOAL, bad, "g1", &rec, &err) == 0) {
			model_free(MODEL_GOAL, rec);
			fail_msg("%s: taken", what);
		}
		if (err.status != TABLE_INVALID)
			fail_msg("%s: status %d (%s), want TABLE_INVALID", what, (int)err.status, err.message);
		struct model_user *u = NULL;
		xsnprintf(what, sizeof what, "store_profile_get \"%s\"", bad);
		if (store_profile_get(t, bad, &u, &err) == 0) {
			model_free(MODEL_USER, u);
			fail_msg("%s: taken", what);
		}
		if (err.status != TABLE_INVALID)
			fail_msg("%s: status %d (%s), want TABLE_INVALID", what, (int)err.status, err.message);
		xsnprintf(what, sizeof what, "AP3 \"%s\"", bad);
		expect_invalid_list(store_goals_list(t, bad, pg, &l, &err), &l, &err, what);
		xsnprintf(what, sizeof what, "AP4 \"%s\"", bad);
		expect_invalid_list(store_goals_by_status(t, bad, "active", pg, &l, &err), &l, &err, what);
		xsnprintf(what, sizeof what, "AP6 goal \"%s\"", bad);
		expect_invalid_list(store_goal_activities(t, "u1", bad, pg, &l, &err), &l, &err, what);
		xsnprintf(what, sizeof what, "AP7 goal \"%s\"", bad);
		expect_invalid_list(store_goal_activities_between(t, "u1", bad, day0(), day0() + 1, pg, &l, &err),
		    &l, &err, what);
		xsnprintf(what, sizeof what, "AP9 user \"%s\"", bad);
		expect_invalid_list(store_range(t, bad, MODEL_JOURNAL, day0(), day0() + 1, false, pg, &l, &err),
		    &l, &err, what);
		xsnprintf(what, sizeof what, "AP12 goal \"%s\"", bad);
		expect_invalid_list(store_goal_links(t, bad, -1, pg, &l, &err), &l, &err, what);
		xsnprintf(what, sizeof what, "AP13 user \"%s\"", bad);
		expect_invalid_list(store_journal_latest(t, bad, pg, &l, &err), &l, &err, what);
		xsnprintf(what, sizeof what, "AP14 user \"%s\"", bad);
		if (store_user_items(t, bad, pg, &page, &err) == 0) {
			table_page_done(&page);
			fail_msg("%s: taken", what);
		}
		assert_int_equal(err.status, TABLE_INVALID);
		xsnprintf(what, sizeof what, "W5 user \"%s\"", bad);
		if (store_activity_delete(t, bad, "g1", ts(day0()), NULL, &err) == 0)
			fail_msg("%s: taken", what);
		if (err.status != TABLE_INVALID)
			fail_msg("%s: status %d (%s), want TABLE_INVALID", what, (int)err.status, err.message);
	}
	/* Unknown statuses for AP4/AP5 are refused, not answered with an empty list. */
	expect_invalid_list(store_goals_by_status(t, "u1", "done", pg, &l, &err), &l, &err, "AP4 status done");
	expect_invalid_list(store_goals_all_by_status(t, "active#x", pg, &l, &err), &l, &err, "AP5 status active#x");
	check_invariants(t, "u1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_keys_exact, teardown),
		cmocka_unit_test_teardown(test_generated_ids, teardown),
		cmocka_unit_test_teardown(test_ap1_profile, teardown),
		cmocka_unit_test_teardown(test_ap2_users, teardown),
		cmocka_unit_test_teardown(test_ap3_user_goals, teardown),
		cmocka_unit_test_teardown(test_ap4_goals_by_status, teardown),
		cmocka_unit_test_teardown(test_ap5_all_by_status, teardown),
		cmocka_unit_test_teardown(test_ap6_ap7_goal_activities, teardown),
		cmocka_unit_test_teardown(test_ap8_to_ap11_ranges, teardown),
		cmocka_unit_test_teardown(test_ap8_same_moment, teardown),
		cmocka_unit_test_teardown(test_ap1_with_first_page, teardown),
		cmocka_unit_test_teardown(test_ap8_to_ap11_at_once, teardown),
		cmocka_unit_test_teardown(test_ap12_goal_links, teardown),
		cmocka_unit_test_teardown(test_ap13_latest_journal, teardown),
		cmocka_unit_test_teardown(test_ap14_user_items, teardown),
		cmocka_unit_test_teardown(test_paging, teardown),
		cmocka_unit_test_teardown(test_bad_cursors, teardown),
		cmocka_unit_test_teardown(test_w1_w2_create_twice, teardown),
		cmocka_unit_test_teardown(test_w2_validation, teardown),
		cmocka_unit_test_teardown(test_w3_exact_sum_and_completion, teardown),
		cmocka_unit_test_teardown(test_w3_same_millisecond, teardown),
		cmocka_unit_test_teardown(test_w3_many_same_moment, teardown),
		cmocka_unit_test_teardown(test_w3_status_follows_only_upward, teardown),
		cmocka_unit_test_teardown(test_w3_lost_race_bump, teardown),
		cmocka_unit_test_teardown(test_w3_lost_race_log, teardown),
		cmocka_unit_test_teardown(test_w3_gives_up, teardown),
		cmocka_unit_test_teardown(test_w3_bad_input, teardown),
		cmocka_unit_test_teardown(test_w4_edit, teardown),
		cmocka_unit_test_teardown(test_w4_target_edit_completion, teardown),
		cmocka_unit_test_teardown(test_workout_counts_toward_goal, teardown),
		cmocka_unit_test_teardown(test_w5_delete_activity, teardown),
		cmocka_unit_test_teardown(test_w6_status, teardown),
		cmocka_unit_test_teardown(test_w7_delete_goal, teardown),
		cmocka_unit_test_teardown(test_w7_many_links, teardown),
		cmocka_unit_test_teardown(test_w7_lost_race, teardown),
		cmocka_unit_test_teardown(test_delete_entries, teardown),
		cmocka_unit_test_teardown(test_transact_all_or_nothing, teardown),
		cmocka_unit_test_teardown(test_store_bad_ids, teardown),
	};

	return cmocka_run_group_tests_name("contract", tests, NULL, NULL);
}
