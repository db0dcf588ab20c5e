/*
 * Verify (migrate_verify.h): every row of both legacy tables is read, then
 * the goals are compared in groups, each goal's item and all its activities
 * queried at once.
 */
#include "datastore/migrate/migrate_verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/migrate/migrate_state.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define VERIFY_GROUP 16          /* goals compared at once */
#define VERIFY_PAGE 1000         /* activities per query */

static void
set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL ? xstrdup(v) : NULL;
}

static double
seconds_since(ms_t start)
{
	return (double)(clock_real_ms() - start) / 1000.0;
}

/* Every row of both legacy tables: goals in order, activities by goal id. */
struct legacy {
	json_t *goals;           /* array of rows */
	json_t *acts;            /* goalId -> array of rows */
};

static int
legacy_load(const struct migrate_source *src, const struct migrate_opts *o, struct legacy *l,
    struct migrate_counts *c, struct table_err *err)
{
	struct migrate_cursors cur;
	int rc = 0;

	l->goals = json_array();
	l->acts = json_object();
	migrate_cursors_init(&cur, migrate_source_segments(src, o));
	cur.limit = o->page_limit;
	while (rc == 0 && !migrate_cursors_finished(&cur)) {
		struct migrate_page *pages;
		size_t np;

		if (migrate_source_pages(src, &cur, &pages, &np, err) != 0) {
			rc = -1;
			break;
		}
		for (size_t i = 0; i < np; i++) {
			json_t *row;
			size_t j;

			json_array_foreach(pages[i].items, j, row) {
				c->seen[pages[i].kind]++;
				if (pages[i].kind == MIGRATE_GOALS) {
					json_array_append(l->goals, row);
					continue;
				}
				const char *g = json_string_value(json_object_get(json_object_get(row, "goalId"), "S"));
				json_t *list = json_object_get(l->acts, g != NULL ? g : "");

				if (list == NULL) {
					list = json_array();
					json_object_set_new(l->acts, g != NULL ? g : "", list);
				}
				json_array_append(list, row);
			}
			set_str(&cur.cp[pages[i].kind][pages[i].seg], pages[i].next);
		}
		migrate_pages_done(pages, np);
		c->seconds = 0;
		if (o->progress != NULL)
			o->progress(o->ctx, c, false);
	}
	migrate_cursors_done(&cur);
	return rc;
}

static void
legacy_done(struct legacy *l)
{
	json_decref(l->goals);
	json_decref(l->acts);
}

/* Attributes two items must agree on: all but those named in skip. */
static void
compare_items(const struct migrate_opts *o, const char *key, json_t *want, json_t *got,
    const char *const *skip, long long *diffs)
{
	const char *name;
	json_t *av;

	json_object_foreach(want, name, av) {
		bool skipped = false;

		for (size_t i = 0; skip[i] != NULL; i++)
			skipped = skipped || strcmp(skip[i], name) == 0;
		if (skipped)
			continue;
		json_t *other = json_object_get(got, name);

		if (other == NULL || !json_equal(av, other)) {
			char *a = json_dumps(av, JSON_COMPACT | JSON_ENSURE_ASCII);
			char *b = other != NULL ? json_dumps(other, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
			char *why = xasprintf("%s: legacy maps to %s, the single table has %s", name, a,
			    b != NULL ? b : "nothing");

			migrate_source_report(o, "difference", key, why);
			(*diffs)++;
			free(a);
			free(b);
			free(why);
		}
	}
	json_object_foreach(got, name, av) {
		bool skipped = false;

		for (size_t i = 0; skip[i] != NULL; i++)
			skipped = skipped || strcmp(skip[i], name) == 0;
		if (!skipped && json_object_get(want, name) == NULL) {
			char *why = xasprintf("%s: the single table has it, the legacy row has none", name);

			migrate_source_report(o, "difference", key, why);
			(*diffs)++;
			free(why);
		}
	}
}

static void
difference(const struct migrate_opts *o, long long *diffs, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
difference(const struct migrate_opts *o, long long *diffs, const char *key, const char *fmt, ...)
{
	char why[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	migrate_source_report(o, "difference", key, why);
	(*diffs)++;
}

/* The stored items' own check: keys and GSI attributes as model_to_item writes them. */
static void
check_stored(const struct migrate_opts *o, long long *diffs, const char *key, json_t *item)
{
	char why[512];

	if (model_check_item(item, why, sizeof why) != 0)
		difference(o, diffs, key, "the single-table item is not right: %s", why);
}

/* One goal: its item, every activity, the count, the sums, progress against the sum. */
static int
verify_goal(struct table *t, const struct migrate_opts *o, json_t *row, struct table_page *gp,
    struct table_page *ap, struct legacy *l, long long *diffs, struct table_err *err)
{
	static const char *const goal_skip[] = { "version", NULL };
	static const char *const act_skip[] = { "version", "createdAt", "updatedAt", NULL };
	struct model_goal *g = NULL;
	char why[512], num[DECIMAL_TEXT_MAX], num2[DECIMAL_TEXT_MAX];
	char *key = migrate_legacy_key_text(MIGRATE_GOALS, row);
	json_t *stored = json_object(), *list;
	long long legacy_sum = 0, stored_sum = 0, progress = -1;
	size_t nlegacy = 0;
	int rc = 0;

	if (migrate_map_goal(row, &g, why, sizeof why) < 0) {
		const char *gid = json_string_value(json_object_get(json_object_get(row, "goalId"), "S"));
		size_t nact = gid != NULL ? json_array_size(json_object_get(l->acts, gid)) : 0;

		difference(o, diffs, key, "cannot be copied: %s", why);
		if (nact > 0) {
			difference(o, diffs, key, "its %zu activities are not checked", nact);
			json_object_del(l->acts, gid);
		}
		goto out;
	}
	/* Every activity of the goal, all pages. */
	for (;;) {
		for (size_t i = 0; i < ap->count; i++) {
			const char *sk = table_item_str(ap->items[i], "SK");

			if (sk != NULL)
				json_object_set(stored, sk, ap->items[i]);
		}
		if (ap->cursor == NULL)
			break;
		char *pk = keys_user_pk(g->c.user_id), *prefix = keys_activity_prefix(g->goal_id);
		struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = pk, .sk_op = TABLE_KEY_BEGINS_WITH,
		    .sk_a = prefix, .limit = VERIFY_PAGE, .cursor = ap->cursor };
		struct table_page next;

		memset(&next, 0, sizeof next);
		rc = table_query(t, &q, &next, err);
		free(pk);
		free(prefix);
		if (rc != 0)
			goto out;
		table_page_done(ap);
		*ap = next;
	}
	if (gp->count == 0)
		difference(o, diffs, key, "the goal is missing from the single table");
	else {
		json_t *want = model_to_item(MODEL_GOAL, g);
		struct model_num pr;
		const char *text = json_string_value(json_object_get(json_object_get(gp->items[0], "progress"), "N"));
		const char *why2;

		compare_items(o, key, want, gp->items[0], goal_skip, diffs);
		check_stored(o, diffs, key, gp->items[0]);
		json_decref(want);
		if (text != NULL && decimal_parse(text, &pr.v, &why2) == 0)
			progress = pr.v;
	}
	list = json_object_get(l->acts, g->goal_id);
	if (list != NULL) {
		json_t *arow;
		size_t i;

		json_array_foreach(list, i, arow) {
			struct model_activity *a = NULL;
			char *akey = migrate_legacy_key_text(MIGRATE_ACTIVITIES, arow);

			nlegacy++;
			if (migrate_map_activity(arow, &a, why, sizeof why) != 0) {
				difference(o, diffs, akey, "cannot be copied: %s", why);
				free(akey);
				continue;
			}
			decimal_add(legacy_sum, a->amount.v, &legacy_sum);
			if (strcmp(a->c.user_id, g->c.user_id) != 0)
				difference(o, diffs, akey, "userId %s is not the goal's user %s", a->c.user_id,
				    g->c.user_id);
			json_t *want = model_to_item(MODEL_ACTIVITY, a);
			json_t *got = json_object_get(stored, table_item_str(want, "SK"));

			if (got == NULL)
				difference(o, diffs, akey, "the activity is missing from the single table");
			else {
				compare_items(o, akey, want, got, act_skip, diffs);
				check_stored(o, diffs, akey, got);
			}
			json_decref(want);
			model_free(MODEL_ACTIVITY, a);
			free(akey);
		}
		/* Done with: what is left over at the end belongs to no legacy goal. */
		json_object_del(l->acts, g->goal_id);
	}
	{
		const char *name;
		json_t *item;
		struct model_num amt;
		const char *why2;

		json_object_foreach(stored, name, item) {
			const char *text = json_string_value(json_object_get(json_object_get(item, "amount"), "N"));

			if (text != NULL && decimal_parse(text, &amt.v, &why2) == 0)
				decimal_add(stored_sum, amt.v, &stored_sum);
		}
	}
	if (json_object_size(stored) != nlegacy)
		difference(o, diffs, key, "%zu activities in the legacy table, %zu in the single table", nlegacy,
		    json_object_size(stored));
	if (legacy_sum != stored_sum) {
		decimal_format(legacy_sum, num);
		decimal_format(stored_sum, num2);
		difference(o, diffs, key, "the activities sum to %s in the legacy table, %s in the single table",
		    num, num2);
	}
	if (progress >= 0 && progress != stored_sum) {
		decimal_format(progress, num);
		decimal_format(stored_sum, num2);
		difference(o, diffs, key, "progress is %s, its activities sum to %s", num, num2);
	}
out:
	json_decref(stored);
	model_free(MODEL_GOAL, g);
	free(key);
	return rc;
}

int
migrate_verify(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *c, struct table_err *err)
{
	struct migrate_state st;
	struct legacy l;
	ms_t start = clock_real_ms();
	char started[TIMEFMT_LEN + 1];
	long long diffs = 0;
	size_t ngoals;
	int rc = -1;

	memset(c, 0, sizeof *c);
	/* What a dual write does after this moment is not seen by this verify: it counts from here. */
	timefmt_format(start, started);
	if (migrate_state_load(t, &st, err) != 0)
		return -1;
	migrate_source_totals(src, c);
	if (legacy_load(src, o, &l, c, err) != 0)
		goto out;
	ngoals = json_array_size(l.goals);
	for (size_t base = 0; base < ngoals; base += VERIFY_GROUP) {
		size_t n = ngoals - base < VERIFY_GROUP ? ngoals - base : VERIFY_GROUP;
		struct table_query qs[2 * VERIFY_GROUP];
		struct table_page pages[2 * VERIFY_GROUP];
		char *strs[3 * VERIFY_GROUP];
		size_t nq = 0, ns = 0;
		bool mapped[VERIFY_GROUP];

		memset(qs, 0, sizeof qs);
		/* cppcheck-suppress knownConditionTrueFalse ; base < ngoals: n is 1 to VERIFY_GROUP, never 0 */
		for (size_t i = 0; i < n; i++) {
			json_t *row = json_array_get(l.goals, base + i);
			const char *u = json_string_value(json_object_get(json_object_get(row, "userId"), "S"));
			const char *g = json_string_value(json_object_get(json_object_get(row, "goalId"), "S"));

			/* A row whose ids cannot be keys is reported by verify_goal without a query. */
			mapped[i] = keys_id_valid(u) && keys_id_valid(g);
			if (!mapped[i])
				continue;
			strs[ns++] = keys_user_pk(u);
			strs[ns++] = keys_entity_sk("GOAL", g);
			strs[ns++] = keys_activity_prefix(g);
			qs[nq] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = strs[ns - 3],
			    .sk_op = TABLE_KEY_EQ, .sk_a = strs[ns - 2], .limit = 1 };
			qs[nq + 1] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = strs[ns - 3],
			    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = strs[ns - 1], .limit = VERIFY_PAGE };
			nq += 2;
		}
		int qrc = nq > 0 ? table_query_many(t, qs, pages, nq, err) : 0;

		for (size_t i = 0; i < ns; i++)
			free(strs[i]);
		if (qrc != 0)
			goto out;
		size_t q = 0;
		for (size_t i = 0; i < n && rc != -2; i++) {
			json_t *row = json_array_get(l.goals, base + i);
			struct table_page empty;

			memset(&empty, 0, sizeof empty);
			if (!mapped[i]) {
				if (verify_goal(t, o, row, &empty, &empty, &l, &diffs, err) != 0)
					rc = -2;
				continue;
			}
			if (verify_goal(t, o, row, &pages[q], &pages[q + 1], &l, &diffs, err) != 0)
				rc = -2;
			q += 2;
		}
		for (size_t i = 0; i < nq; i++)
			table_page_done(&pages[i]);
		if (rc == -2) {
			rc = -1;
			goto out;
		}
		c->differences = diffs;
		c->seconds = seconds_since(start);
		if (o->progress != NULL)
			o->progress(o->ctx, c, false);
	}
	{
		const char *g;
		json_t *list;

		json_object_foreach(l.acts, g, list) {
			json_t *first = json_array_get(list, 0);
			char *key = migrate_legacy_key_text(MIGRATE_ACTIVITIES, first);

			difference(o, &diffs, key, "%zu activities of goal %s, which the legacy goals table does not hold",
			    json_array_size(list), g);
			free(key);
		}
	}
	c->differences = diffs;
	set_str(&st.verified_at, started);
	set_str(&st.last_verify, diffs == 0 ? "passed" : "failed");
	st.differences = diffs;
	if (diffs == 0 && (migrate_state_is(&st, "copied") || migrate_state_is(&st, "verified")))
		set_str(&st.phase, "verified");
	else if (diffs != 0 && migrate_state_is(&st, "verified"))
		set_str(&st.phase, "copied");
	if (migrate_state_save(t, &st, err) != 0)
		goto out;
	rc = 0;
out:
	c->seconds = seconds_since(start);
	if (o->progress != NULL && rc == 0)
		o->progress(o->ctx, c, true);
	legacy_done(&l);
	migrate_state_done(&st);
	return rc;
}

