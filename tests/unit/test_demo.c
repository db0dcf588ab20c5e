/*
 * Tests of datastore/demo: demo_generate on an embedded store in a temporary
 * folder, read back through the access patterns (store.h). The counts it
 * reports are the items stored; the same seed and clock give the same items
 * in another store, another seed another user; every goal's progress is the
 * exact sum of its activities (and a goal that reached its target is
 * completed); nothing happens after the clock; bad options are refused with a
 * message naming what is wrong, and nothing is written; a second run with the
 * same seed is refused as the user that already exists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datastore/dates.h"
#include "datastore/demo.h"
#include "datastore/local/local.h"
#include "datastore/model.h"
#include "datastore/store.h"
#include "datastore/table.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"
#include "util/xmalloc.h"

#define TNAME "ai-lifestyle-app-test"
#define NOW "2026-11-26T12:00:00.000Z"
#define DAYS 30

/* A store in its own temporary folder. */
struct store {
	char dir[64];
	char *path;
	struct table *t;
};

/* The demo generated once for the tests that only read it. */
static struct store main_store;
static struct demo_result main_result;

static ms_t
now_ms(void)
{
	ms_t ms;

	if (timefmt_parse_key(NOW, &ms) != 0)
		fail_msg("bad timestamp in the test: %s", NOW);
	return ms;
}

static void
store_open(struct store *s)
{
	struct table_err err;
	bool created = false;

	snprintf(s->dir, sizeof s->dir, "%s", "/tmp/ailife-test-demo-XXXXXX");
	if (mkdtemp(s->dir) == NULL)
		fail_msg("mkdtemp failed");
	s->path = xasprintf("%s/demo.db", s->dir);
	s->t = local_open(s->path, TNAME, &err);
	if (s->t == NULL)
		fail_msg("open %s: %s", s->path, err.message);
	if (table_create(s->t, &created, &err) != 0)
		fail_msg("create: %s", err.message);
}

/* Closes the store and removes its folder (the database and SQLite's WAL files). */
static void
store_close(struct store *s)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

	if (s->t != NULL)
		table_close(s->t);
	s->t = NULL;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char *p = xasprintf("%s%s", s->path, suffixes[i]);
		unlink(p);
		free(p);
	}
	rmdir(s->dir);
	free(s->path);
	s->path = NULL;
}

static void
options(struct demo_options *o)
{
	demo_options_init(o);
	o->days = DAYS;
	o->seed = 1;
	o->now = now_ms();
}

static void
generate_ok(struct store *s, const struct demo_options *o, struct demo_result *r)
{
	struct table_err err;

	if (demo_generate(s->t, o, r, &err) != 0)
		fail_msg("demo_generate: %s", err.message);
}

/* Every page of a list request, appended into out. */
typedef int (*list_fn)(struct table *t, const void *arg, struct store_page_req pg,
    struct store_list *out, struct table_err *err);

static void
list_all(struct table *t, list_fn fn, const void *arg, struct store_list *out)
{
	struct table_err err;
	char *cursor = NULL;

	memset(out, 0, sizeof *out);
	do {
		struct store_page_req pg = { cursor, 0, NULL, NULL };
		struct store_list page;

		if (fn(t, arg, pg, &page, &err) != 0)
			fail_msg("list: %s", err.message);
		free(cursor);
		cursor = page.cursor != NULL ? xstrdup(page.cursor) : NULL;
		assert_int_equal(page.skipped, 0);
		store_list_append(out, &page);
		store_list_done(&page);
	} while (cursor != NULL);
}

static int
users_fn(struct table *t, const void *arg, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	return store_users_list(t, pg, out, err);
}

static int
goals_fn(struct table *t, const void *arg, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	return store_goals_list(t, arg, pg, out, err);
}

/* The user and goal of a goal's activities (AP6). */
struct goal_arg {
	const char *user_id, *goal_id;
};

static int
activities_fn(struct table *t, const void *arg, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const struct goal_arg *g = arg;

	return store_goal_activities(t, g->user_id, g->goal_id, pg, out, err);
}

/* The user and type of a date range (AP8-AP11): the whole of the demo and a day either side. */
struct range_arg {
	const char *user_id;
	enum model_type type;
	ms_t from, to;
};

static int
range_fn(struct table *t, const void *arg, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const struct range_arg *r = arg;

	return store_range(t, r->user_id, r->type, r->from, r->to, false, pg, out, err);
}

static size_t
count_range(struct table *t, const struct demo_result *r, enum model_type type)
{
	struct range_arg a = { r->user_id, type, dates_day_start(dates_day_add(r->first, -1)),
	    now_ms() + 24 * 3600 * 1000LL };
	struct store_list l;
	size_t n;

	list_all(t, range_fn, &a, &l);
	n = l.count;
	store_list_done(&l);
	return n;
}

/* All of one user's items as raw items (AP14), in key order. */
static json_t *
export_user(struct table *t, const char *user_id)
{
	json_t *items = json_array();
	struct table_err err;
	char *cursor = NULL;

	do {
		struct store_page_req pg = { cursor, 0, NULL, NULL };
		struct table_page page;

		if (store_user_items(t, user_id, pg, &page, &err) != 0)
			fail_msg("export: %s", err.message);
		free(cursor);
		cursor = page.cursor != NULL ? xstrdup(page.cursor) : NULL;
		for (size_t i = 0; i < page.count; i++)
			json_array_append(items, page.items[i]);
		table_page_done(&page);
	} while (cursor != NULL);
	return items;
}

static size_t
total(const struct demo_result *r)
{
	size_t n = 0;

	for (int i = 0; i < MODEL_TYPE_COUNT; i++)
		n += r->counts[i];
	return n;
}

static int
group_setup(void **state)
{
	struct demo_options o;

	/* The demo's local times are the process's zone, which the profile gets. */
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	store_open(&main_store);
	options(&o);
	generate_ok(&main_store, &o, &main_result);
	return 0;
}

static int
group_teardown(void **state)
{
	store_close(&main_store);
	return 0;
}

/* The result names the seed's user and the days up to the clock's. */
static void
test_result(void **state)
{
	const struct demo_result *r = &main_result;
	char first[11], last[11];

	assert_true(ulid_valid(r->user_id));
	assert_string_equal(r->name, "Alex Demo");
	assert_int_equal(r->days, DAYS);
	assert_false(r->exists);
	dates_day_format(r->first, first);
	dates_day_format(r->last, last);
	assert_string_equal(first, "2026-10-28");
	assert_string_equal(last, "2026-11-26");
	assert_int_equal(r->counts[MODEL_USER], 1);
	for (int i = 0; i < MODEL_TYPE_COUNT; i++)
		if (r->counts[i] == 0)
			fail_msg("no %s in %d days of demo", model_entity((enum model_type)i)->label, DAYS);
}

/* What the result counts is what the patterns find, type by type, and nothing else is there. */
static void
test_counts_are_stored(void **state)
{
	const struct demo_result *r = &main_result;
	struct table *t = main_store.t;
	struct store_list users, goals;
	struct model_user *u = NULL;
	struct table_err err;
	json_t *items;

	list_all(t, users_fn, NULL, &users);
	assert_int_equal(users.count, 1);
	assert_string_equal(((struct model_user *)users.items[0].rec)->c.user_id, r->user_id);
	store_list_done(&users);
	assert_int_equal(store_profile_get(t, r->user_id, &u, &err), 0);
	assert_string_equal(u->name, "Alex Demo");
	assert_string_equal(u->email, "alex.demo@example.com");
	assert_string_equal(u->timezone, "Europe/Berlin");
	model_free(MODEL_USER, u);

	list_all(t, goals_fn, r->user_id, &goals);
	assert_int_equal(goals.count, r->counts[MODEL_GOAL]);
	store_list_done(&goals);
	assert_int_equal(count_range(t, r, MODEL_ACTIVITY), r->counts[MODEL_ACTIVITY]);
	assert_int_equal(count_range(t, r, MODEL_JOURNAL), r->counts[MODEL_JOURNAL]);
	assert_int_equal(count_range(t, r, MODEL_MEAL), r->counts[MODEL_MEAL]);
	assert_int_equal(count_range(t, r, MODEL_WORKOUT), r->counts[MODEL_WORKOUT]);

	items = export_user(t, r->user_id);
	assert_int_equal(json_array_size(items), total(r));
	json_decref(items);
}

/* W3's invariant: progress is the exact sum of the activities; the target reached means completed. */
static void
test_progress_is_sum(void **state)
{
	const struct demo_result *r = &main_result;
	struct table *t = main_store.t;
	struct store_list goals;
	size_t acts = 0, completed = 0, paused = 0;

	list_all(t, goals_fn, r->user_id, &goals);
	for (size_t i = 0; i < goals.count; i++) {
		const struct model_goal *g = goals.items[i].rec;
		struct goal_arg a = { r->user_id, g->goal_id };
		struct store_list l;
		long long sum = 0;

		list_all(t, activities_fn, &a, &l);
		for (size_t k = 0; k < l.count; k++) {
			const struct model_activity *act = l.items[k].rec;
			assert_string_equal(act->goal_id, g->goal_id);
			assert_true(act->amount.v > 0);
			sum += act->amount.v;
		}
		acts += l.count;
		store_list_done(&l);
		if (sum != g->progress.v)
			fail_msg("%s: progress %lld thousandths, its activities sum to %lld", g->title,
			    g->progress.v, sum);
		if (g->progress.v >= g->target.v)
			assert_string_equal(g->status, "completed");
		if (strcmp(g->status, "completed") == 0) {
			assert_true(g->progress.v >= g->target.v);
			completed++;
		}
		paused += strcmp(g->status, "paused") == 0;
	}
	store_list_done(&goals);
	/* Every activity belongs to one of the demo's goals. */
	assert_int_equal(acts, r->counts[MODEL_ACTIVITY]);
	/* A month: the water challenge completes, meditation is given up. */
	assert_true(completed >= 1);
	assert_int_equal(paused, 1);
}

/* Nothing is created, updated or happens after the clock. */
static void
test_nothing_after_now(void **state)
{
	json_t *items = export_user(main_store.t, main_result.user_id);
	size_t i;
	json_t *item;

	json_array_foreach(items, i, item) {
		static const char *const attrs[] = { "createdAt", "updatedAt", "occurredAt" };
		for (size_t k = 0; k < sizeof attrs / sizeof attrs[0]; k++) {
			const char *v = table_item_str(item, attrs[k]);
			if (v != NULL && strcmp(v, NOW) > 0)
				fail_msg("%s %s is after %s (%s)", attrs[k], v, NOW, table_item_str(item, "SK"));
		}
	}
	json_decref(items);
}

/* The same seed and clock in another store: the same user and the same items, byte for byte. */
static void
test_same_seed_same_data(void **state)
{
	struct store s2, s3;
	struct demo_options o;
	struct demo_result r2, r3;
	json_t *a, *b, *c;

	store_open(&s2);
	options(&o);
	generate_ok(&s2, &o, &r2);
	assert_string_equal(r2.user_id, main_result.user_id);
	assert_memory_equal(r2.counts, main_result.counts, sizeof r2.counts);
	a = export_user(main_store.t, main_result.user_id);
	b = export_user(s2.t, r2.user_id);
	assert_true(json_array_size(a) > 0);
	assert_int_equal(json_array_size(a), json_array_size(b));
	for (size_t i = 0; i < json_array_size(a); i++) {
		char *ja = json_dumps(json_array_get(a, i), JSON_SORT_KEYS | JSON_COMPACT);
		char *jb = json_dumps(json_array_get(b, i), JSON_SORT_KEYS | JSON_COMPACT);
		if (strcmp(ja, jb) != 0)
			fail_msg("item %zu differs:\n%s\n%s", i, ja, jb);
		free(ja);
		free(jb);
	}

	/* Another seed: another user, other data. */
	store_open(&s3);
	o.seed = 2;
	generate_ok(&s3, &o, &r3);
	assert_string_not_equal(r3.user_id, main_result.user_id);
	c = export_user(s3.t, r3.user_id);
	assert_false(json_equal(a, c));

	json_decref(a);
	json_decref(b);
	json_decref(c);
	store_close(&s2);
	store_close(&s3);
}

/* A bad option is refused before anything is written, with a message naming it. */
static void
test_bad_options(void **state)
{
	static const struct {
		int days;
		const char *name;
		const char *message;     /* what the message must hold */
	} cases[] = {
		{ 0, NULL, "days: 0" },
		{ -3, NULL, "days: -3" },
		{ DEMO_DAYS_MAX + 1, NULL, "days: 3651" },
		{ DAYS, "a\033b", "name: control character U+001B" },
		{ DAYS, "", "name" },
	};
	struct store s;
	struct store_list users;

	store_open(&s);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct demo_options o;
		struct demo_result r;
		struct table_err err;

		options(&o);
		o.days = cases[i].days;
		o.name = cases[i].name;
		assert_int_equal(demo_options_check(&o, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		if (strstr(err.message, cases[i].message) == NULL)
			fail_msg("case %zu: check says \"%s\", not about \"%s\"", i, err.message, cases[i].message);
		assert_int_equal(demo_generate(s.t, &o, &r, &err), -1);
		assert_int_equal(err.status, TABLE_INVALID);
		if (strstr(err.message, cases[i].message) == NULL)
			fail_msg("case %zu: generate says \"%s\", not about \"%s\"", i, err.message, cases[i].message);
		assert_false(r.exists);
		assert_int_equal(total(&r), 0);
	}
	{
		/* A long name: the model's limit is 200 characters. */
		struct demo_options o;
		struct table_err err;
		char name[202];

		memset(name, 'a', sizeof name - 1);
		name[sizeof name - 1] = '\0';
		options(&o);
		o.name = name;
		assert_int_equal(demo_options_check(&o, &err), -1);
		assert_non_null(strstr(err.message, "name: longer than 200"));
		name[200] = '\0';
		assert_int_equal(demo_options_check(&o, &err), 0);
	}
	list_all(s.t, users_fn, NULL, &users);
	assert_int_equal(users.count, 0);
	store_list_done(&users);
	store_close(&s);
}

/* The edges of days are accepted, and a given name is used without the default's e-mail. */
static void
test_edges_and_name(void **state)
{
	struct store s;
	struct demo_options o;
	struct demo_result r;
	struct model_user *u = NULL;
	struct table_err err;

	options(&o);
	o.days = DEMO_DAYS_MAX;
	assert_int_equal(demo_options_check(&o, &err), 0);
	store_open(&s);
	o.days = 1;
	o.name = "Zoë Test";
	generate_ok(&s, &o, &r);
	assert_string_equal(r.name, "Zoë Test");
	assert_int_equal(r.days, 1);
	assert_memory_equal(&r.first, &r.last, sizeof r.first);
	assert_int_equal(store_profile_get(s.t, r.user_id, &u, &err), 0);
	assert_string_equal(u->name, "Zoë Test");
	assert_null(u->email);
	model_free(MODEL_USER, u);
	store_close(&s);
}

/* The same seed twice in one store: refused as the user that exists, and nothing changes. */
static void
test_second_run_refused(void **state)
{
	struct demo_options o;
	struct demo_result r;
	struct table_err err;
	json_t *before, *after;

	before = export_user(main_store.t, main_result.user_id);
	options(&o);
	assert_int_equal(demo_generate(main_store.t, &o, &r, &err), -1);
	assert_true(r.exists);
	assert_int_equal(err.status, TABLE_COND_FAILED);
	assert_string_equal(r.user_id, main_result.user_id);
	{
		char *want = xasprintf("demo user %s already exists", main_result.user_id);
		assert_string_equal(err.message, want);
		free(want);
	}
	assert_int_equal(total(&r), 0);
	after = export_user(main_store.t, main_result.user_id);
	assert_true(json_equal(before, after));
	json_decref(before);
	json_decref(after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_result),
		cmocka_unit_test(test_counts_are_stored),
		cmocka_unit_test(test_progress_is_sum),
		cmocka_unit_test(test_nothing_after_now),
		cmocka_unit_test(test_same_seed_same_data),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_edges_and_name),
		cmocka_unit_test(test_second_run_refused),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
