/*
 * The steps of the migration: run (parallel Scan of both legacy tables, the
 * one place ailife scans, or the pages of two scan files; BatchWriteItem into
 * the single table; checkpoints after every round), verify, cutover, cleanup,
 * and the hook that turns dual writes on where the store is opened.
 *
 * A round reads the next page of every unfinished segment of both tables at
 * once, writes what they hold, creates the profiles of users seen for the
 * first time, and only then moves the checkpoints: a run killed anywhere
 * redoes at most one round, and writing the same items again changes nothing.
 */
#include "datastore/migrate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb.h"
#include "datastore/decimal.h"
#include "datastore/dualwrite.h"
#include "datastore/keys.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define FILE_PAGE 1000           /* items per page of a scan file */
#define VERIFY_GROUP 16          /* goals compared at once */
#define VERIFY_PAGE 1000         /* activities per query */
#define CP_DONE "*"

/* ---- the state item, saved under its version ---- */

/* Attributes a run never writes: the dual writes own lastLegacyWrite. */
static bool
state_foreign(const char *name)
{
	return strcmp(name, "lastLegacyWrite") == 0;
}

static int
state_save(struct table *t, struct migrate_state *s, struct table_err *err)
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

static void
set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = v != NULL ? xstrdup(v) : NULL;
}

static void
now_text(char out[TIMEFMT_LEN + 1])
{
	timefmt_format(clock_real_ms(), out);
}

static bool
phase_is(const struct migrate_state *s, const char *phase)
{
	return s->phase != NULL && strcmp(s->phase, phase) == 0;
}

/* ---- pages of the legacy tables ---- */

struct page {
	enum migrate_kind kind;
	int seg;
	json_t *items;           /* new reference */
	char *next;              /* the checkpoint after this page: a cursor or CP_DONE */
};

struct cursors {
	int segments;
	int limit;               /* rows per page; 0: the source's own */
	char **cp[MIGRATE_KINDS];    /* NULL not begun, CP_DONE, else a cursor */
};

static void
cursors_init(struct cursors *c, int segments)
{
	c->segments = segments;
	for (int k = 0; k < MIGRATE_KINDS; k++)
		c->cp[k] = xcalloc((size_t)segments, sizeof *c->cp[k]);
}

static void
cursors_done(struct cursors *c)
{
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		for (int i = 0; c->cp[k] != NULL && i < c->segments; i++)
			free(c->cp[k][i]);
		free(c->cp[k]);
		c->cp[k] = NULL;
	}
}

static bool
cursors_finished(const struct cursors *c)
{
	for (int k = 0; k < MIGRATE_KINDS; k++)
		for (int i = 0; i < c->segments; i++)
			if (c->cp[k][i] == NULL || strcmp(c->cp[k][i], CP_DONE) != 0)
				return false;
	return true;
}

static void
pages_done(struct page *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(p[i].items);
		free(p[i].next);
	}
	free(p);
}

/* The next page of every unfinished segment of a file: FILE_PAGE items from the offset in the cursor. */
static int
file_pages(const struct migrate_source *src, const struct cursors *c, struct page **out, size_t *n,
    struct table_err *err)
{
	struct page *p = xcalloc(MIGRATE_KINDS, sizeof *p);

	*n = 0;
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		const char *cp = c->cp[k][0];
		size_t from = 0, total = json_array_size(src->files[k]);
		size_t page = c->limit > 0 ? (size_t)c->limit : FILE_PAGE;
		long long v;
		const char *why;

		if (cp != NULL && strcmp(cp, CP_DONE) == 0)
			continue;
		if (cp != NULL) {
			if (decimal_parse_int(cp, &v, &why) != 0 || v < 0 || (size_t)v > total) {
				pages_done(p, *n);
				return table_err_set(err, TABLE_INVALID,
				    "the checkpoint '%s' is not a place in the %s file (another file than the run began with?)",
				    cp, k == MIGRATE_GOALS ? "goals" : "activities");
			}
			from = (size_t)v;
		}
		p[*n].kind = (enum migrate_kind)k;
		p[*n].seg = 0;
		p[*n].items = json_array();
		for (size_t i = from; i < total && i < from + page; i++)
			json_array_append(p[*n].items, json_array_get(src->files[k], i));
		p[*n].next = from + page >= total ? xstrdup(CP_DONE) : xasprintf("%zu", from + page);
		(*n)++;
	}
	*out = p;
	return 0;
}

/*
 * A Scan checkpoint is the LastEvaluatedKey as compact JSON: a legacy key
 * (goalId S, timestamp N...) is not of the single table's cursor shape.
 */
static json_t *
cp_decode(const char *cp)
{
	json_t *key = json_loads(cp, JSON_REJECT_DUPLICATES, NULL), *av;
	const char *name;

	if (!json_is_object(key) || json_object_size(key) == 0 || json_object_size(key) > 4)
		goto fail;
	json_object_foreach(key, name, av)
		if (*name == '\0' || !json_is_object(av) || json_object_size(av) != 1 ||
		    !json_is_string(json_object_iter_value(json_object_iter(av))))
			goto fail;
	return key;
fail:
	json_decref(key);
	return NULL;
}

/* The next Scan page of every unfinished segment of both tables, all at once. */
static int
scan_pages(const struct migrate_source *src, const struct cursors *c, struct page **out, size_t *n,
    struct table_err *err)
{
	size_t max = (size_t)MIGRATE_KINDS * (size_t)c->segments, m = 0;
	json_t **reqs = xcalloc(max, sizeof *reqs), **answers = xcalloc(max, sizeof *answers);
	struct page *p = xcalloc(max, sizeof *p);
	int rc = 0;

	*n = 0;
	for (int k = 0; k < MIGRATE_KINDS; k++)
		for (int i = 0; i < c->segments; i++) {
			const char *cp = c->cp[k][i];
			json_t *req;

			if (cp != NULL && strcmp(cp, CP_DONE) == 0)
				continue;
			/* No ReturnConsumedCapacity: nothing shows it, and DynamoDB Local answers slower with it. */
			req = json_pack("{s:s, s:i, s:i, s:b}", "TableName", src->tables[k],
			    "Segment", i, "TotalSegments", c->segments, "ConsistentRead", 1);
			if (c->limit > 0)
				json_object_set_new(req, "Limit", json_integer(c->limit));
			if (cp != NULL) {
				json_t *start = cp_decode(cp);

				if (start == NULL) {
					json_decref(req);
					rc = table_err_set(err, TABLE_ERROR,
					    "checkpoint of segment %d is damaged", i);
					goto out;
				}
				json_object_set_new(req, "ExclusiveStartKey", start);
			}
			p[m].kind = (enum migrate_kind)k;
			p[m].seg = i;
			reqs[m++] = req;
		}
	if (m > 0 && ddb_call_many(src->ddb, "Scan", reqs, answers, m, err) != 0) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < m; i++) {
		json_t *items = json_object_get(answers[i], "Items");
		json_t *last = json_object_get(answers[i], "LastEvaluatedKey");

		if (!json_is_array(items)) {
			/* --explain: nothing was sent, so nothing comes back. */
			if (json_object_size(answers[i]) == 0) {
				items = NULL;
				last = NULL;
			} else {
				rc = table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: Scan without Items");
				goto out;
			}
		}
		p[i].items = items != NULL ? json_incref(items) : json_array();
		p[i].next = json_is_object(last) ? json_dumps(last, JSON_COMPACT | JSON_SORT_KEYS) : xstrdup(CP_DONE);
		if (p[i].next == NULL)
			p[i].next = xstrdup(CP_DONE);
	}
	*n = m;
out:
	for (size_t i = 0; i < m; i++) {
		json_decref(reqs[i]);
		json_decref(answers[i]);
	}
	free(reqs);
	free(answers);
	if (rc != 0) {
		pages_done(p, m);
		return -1;
	}
	*out = p;
	return 0;
}

static int
next_pages(const struct migrate_source *src, const struct cursors *c, struct page **out, size_t *n,
    struct table_err *err)
{
	if (src->ddb != NULL)
		return scan_pages(src, c, out, n, err);
	return file_pages(src, c, out, n, err);
}

/* Rows expected per table: DescribeTable's ItemCount (approximate on the service), or the file's. */
static void
totals(const struct migrate_source *src, struct migrate_counts *c)
{
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		c->total[k] = -1;
		if (src->ddb == NULL) {
			c->total[k] = (long long)json_array_size(src->files[k]);
			continue;
		}
		json_t *req = json_pack("{s:s}", "TableName", src->tables[k]), *ans = NULL;
		struct table_err e;

		table_err_clear(&e);
		if (ddb_call(src->ddb, "DescribeTable", req, &ans, &e) == 0) {
			json_t *n = json_object_get(json_object_get(ans, "Table"), "ItemCount");

			if (json_is_integer(n))
				c->total[k] = json_integer_value(n);
		}
		json_decref(req);
		json_decref(ans);
	}
}

static void
report(const struct migrate_opts *o, const char *what, const char *key, const char *why)
{
	if (o->report != NULL)
		o->report(o->ctx, what, key, why);
}

static double
seconds_since(ms_t start)
{
	return (double)(clock_real_ms() - start) / 1000.0;
}

/* ---- run ---- */

/* A minimal profile for a user the legacy tables know and the single table does not: never over one that is there. */
static int
profile_ensure(struct table *t, const char *user_id, bool *created, struct table_err *err)
{
	struct model_user *u = model_new(MODEL_USER);
	struct table_cond cond = { .kind = TABLE_COND_NOT_EXISTS };
	char now[TIMEFMT_LEN + 1];
	json_t *item;
	int rc;

	*created = false;
	now_text(now);
	u->c.user_id = xstrdup(user_id);
	u->c.created_at = xstrdup(now);
	u->c.updated_at = xstrdup(now);
	u->c.version = 1;
	u->name = xstrdup(user_id);
	u->timezone = xstrdup("UTC");
	u->units = xstrdup("metric");
	item = model_to_item(MODEL_USER, u);
	model_free(MODEL_USER, u);
	rc = table_put(t, item, &cond, err);
	json_decref(item);
	if (rc == 0)
		*created = true;
	else if (err->status == TABLE_COND_FAILED) {
		table_err_clear(err);
		rc = 0;
	}
	return rc;
}

/* Maps a page's rows into items to write (appended to out); rule breaks are reported and counted. */
static void
map_page(const struct page *p, const struct migrate_opts *o, json_t *out, json_t *users,
    struct migrate_counts *c)
{
	json_t *row;
	size_t i;

	json_array_foreach(p->items, i, row) {
		char why[512];
		void *rec = NULL;
		enum model_type type = p->kind == MIGRATE_GOALS ? MODEL_GOAL : MODEL_ACTIVITY;
		int rc = p->kind == MIGRATE_GOALS ?
		    migrate_map_goal(row, (struct model_goal **)&rec, why, sizeof why) :
		    migrate_map_activity(row, (struct model_activity **)&rec, why, sizeof why);

		c->seen[p->kind]++;
		if (rc < 0 || rc > 0) {
			char *key = migrate_legacy_key_text(p->kind, row);

			report(o, rc < 0 ? "skipped" : "note", key, why);
			free(key);
			if (rc < 0) {
				c->skipped++;
				continue;
			}
			c->notes++;
		}
		json_array_append_new(out, model_to_item(type, rec));
		json_object_set_new(users, ((struct model_common *)rec)->user_id, json_true());
		c->copied[p->kind]++;
		model_free(type, rec);
	}
}

static int
write_items(struct table *t, json_t *items, struct table_err *err)
{
	size_t n = json_array_size(items);
	struct table_write *w;
	int rc;

	if (n == 0)
		return 0;
	w = xcalloc(n, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = json_array_get(items, i);
	}
	rc = table_batch(t, w, n, err);
	free(w);
	return rc;
}

static bool
same_source(const struct migrate_state *s, const struct migrate_source *src)
{
	const char *source = src->ddb != NULL ? "dynamodb" : "files";

	if (s->source == NULL || strcmp(s->source, source) != 0)
		return false;
	for (int k = 0; k < MIGRATE_KINDS && src->ddb != NULL; k++)
		if (s->tables[k] == NULL || strcmp(s->tables[k], src->tables[k]) != 0)
			return false;
	return true;
}

/* Starts a new pass in the state: checkpoints from the start, counts at zero. */
static void
state_new_pass(struct migrate_state *s, const struct migrate_source *src, int segments)
{
	char now[TIMEFMT_LEN + 1];

	for (int k = 0; k < MIGRATE_KINDS; k++) {
		for (int i = 0; s->checkpoints[k] != NULL && i < s->segments; i++)
			free(s->checkpoints[k][i]);
		free(s->checkpoints[k]);
		s->checkpoints[k] = xcalloc((size_t)segments, sizeof *s->checkpoints[k]);
		set_str(&s->tables[k], src->ddb != NULL ? src->tables[k] : NULL);
		s->copied[k] = 0;
	}
	s->segments = segments;
	s->profiles = s->skipped = s->notes = 0;
	now_text(now);
	set_str(&s->phase, "copying");
	set_str(&s->source, src->ddb != NULL ? "dynamodb" : "files");
	set_str(&s->started_at, now);
	set_str(&s->copied_at, NULL);
}

int
migrate_run(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *c, struct table_err *err)
{
	struct migrate_state st;
	struct cursors cur;
	ms_t start = clock_real_ms();
	json_t *users_done = json_object();
	int rc = -1, segments;

	memset(c, 0, sizeof *c);
	memset(&cur, 0, sizeof cur);
	if (migrate_state_load(t, &st, err) != 0) {
		json_decref(users_done);
		return -1;
	}
	if (phase_is(&st, "cutover") || phase_is(&st, "cleaned")) {
		table_err_set(err, TABLE_COND_FAILED,
		    "the migration is %s: the single table is the only one now, and a run would overwrite newer data",
		    st.phase);
		goto out;
	}
	segments = src->ddb == NULL ? 1 : o->segments > 0 ? o->segments : MIGRATE_SEGMENTS_DEFAULT;
	if (segments > MIGRATE_SEGMENTS_MAX) {
		table_err_set(err, TABLE_INVALID, "at most %d segments", MIGRATE_SEGMENTS_MAX);
		goto out;
	}
	if (!o->dry_run && phase_is(&st, "copying") && st.segments > 0 && same_source(&st, src)) {
		/* An unfinished pass: on from its checkpoints, with its segments whatever was asked now. */
		cursors_init(&cur, st.segments);
		for (int k = 0; k < MIGRATE_KINDS; k++)
			for (int i = 0; i < st.segments; i++)
				set_str(&cur.cp[k][i], st.checkpoints[k][i]);
		c->copied[MIGRATE_GOALS] = st.copied[MIGRATE_GOALS];
		c->copied[MIGRATE_ACTIVITIES] = st.copied[MIGRATE_ACTIVITIES];
		c->seen[MIGRATE_GOALS] = st.copied[MIGRATE_GOALS];
		c->seen[MIGRATE_ACTIVITIES] = st.copied[MIGRATE_ACTIVITIES];
		c->profiles = st.profiles;
		c->skipped = st.skipped;
		c->notes = st.notes;
	} else {
		cursors_init(&cur, segments);
		if (!o->dry_run) {
			state_new_pass(&st, src, segments);
			if (state_save(t, &st, err) != 0)
				goto out;
		}
	}
	cur.limit = o->page_limit;
	totals(src, c);
	while (!cursors_finished(&cur)) {
		struct page *pages = NULL;
		size_t np = 0;
		json_t *items, *users, *v;
		const char *u;

		if (o->stop != NULL && *o->stop) {
			rc = 1;
			goto out;
		}
		if (next_pages(src, &cur, &pages, &np, err) != 0)
			goto out;
		items = json_array();
		users = json_object();
		for (size_t i = 0; i < np; i++)
			map_page(&pages[i], o, items, users, c);
		if (!o->dry_run) {
			int wrc = write_items(t, items, err);

			json_object_foreach(users, u, v) {
				bool created;

				if (wrc != 0)
					break;
				if (json_object_get(users_done, u) != NULL)
					continue;
				wrc = profile_ensure(t, u, &created, err);
				if (wrc == 0) {
					json_object_set_new(users_done, u, json_true());
					c->profiles += created ? 1 : 0;
				}
			}
			if (wrc != 0) {
				json_decref(items);
				json_decref(users);
				pages_done(pages, np);
				goto out;
			}
		}
		json_decref(items);
		json_decref(users);
		for (size_t i = 0; i < np; i++)
			set_str(&cur.cp[pages[i].kind][pages[i].seg], pages[i].next);
		pages_done(pages, np);
		if (!o->dry_run) {
			for (int k = 0; k < MIGRATE_KINDS; k++) {
				for (int i = 0; i < cur.segments; i++)
					set_str(&st.checkpoints[k][i], cur.cp[k][i]);
				st.copied[k] = c->copied[k];
			}
			st.profiles = c->profiles;
			st.skipped = c->skipped;
			st.notes = c->notes;
			if (cursors_finished(&cur)) {
				char now[TIMEFMT_LEN + 1];

				now_text(now);
				set_str(&st.phase, "copied");
				set_str(&st.copied_at, now);
			}
			if (state_save(t, &st, err) != 0)
				goto out;
		}
		c->seconds = seconds_since(start);
		if (o->progress != NULL)
			o->progress(o->ctx, c, false);
	}
	rc = 0;
out:
	c->seconds = seconds_since(start);
	if (o->progress != NULL && rc >= 0)
		o->progress(o->ctx, c, true);
	cursors_done(&cur);
	migrate_state_done(&st);
	json_decref(users_done);
	return rc;
}

/* ---- verify ---- */

/* Every row of both legacy tables: goals in order, activities by goal id. */
struct legacy {
	json_t *goals;           /* array of rows */
	json_t *acts;            /* goalId -> array of rows */
};

static int
legacy_load(const struct migrate_source *src, const struct migrate_opts *o, struct legacy *l,
    struct migrate_counts *c, struct table_err *err)
{
	struct cursors cur;
	int rc = 0;

	l->goals = json_array();
	l->acts = json_object();
	cursors_init(&cur, src->ddb != NULL ? (o->segments > 0 ? o->segments : MIGRATE_SEGMENTS_DEFAULT) : 1);
	cur.limit = o->page_limit;
	while (rc == 0 && !cursors_finished(&cur)) {
		struct page *pages;
		size_t np;

		if (next_pages(src, &cur, &pages, &np, err) != 0) {
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
		pages_done(pages, np);
		c->seconds = 0;
		if (o->progress != NULL)
			o->progress(o->ctx, c, false);
	}
	cursors_done(&cur);
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

			report(o, "difference", key, why);
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

			report(o, "difference", key, why);
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
	report(o, "difference", key, why);
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
	totals(src, c);
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
	if (diffs == 0 && (phase_is(&st, "copied") || phase_is(&st, "verified")))
		set_str(&st.phase, "verified");
	else if (diffs != 0 && phase_is(&st, "verified"))
		set_str(&st.phase, "copied");
	if (state_save(t, &st, err) != 0)
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

/* ---- cutover, cleanup ---- */

int
migrate_cutover(struct table *t, struct table_err *err)
{
	struct migrate_state st;
	char now[TIMEFMT_LEN + 1];
	int rc = -1;

	if (migrate_state_load(t, &st, err) != 0)
		return -1;
	if (phase_is(&st, "cutover") || phase_is(&st, "cleaned")) {
		rc = 0;
		goto out;
	}
	if (!phase_is(&st, "verified") || st.verified_at == NULL) {
		table_err_set(err, TABLE_COND_FAILED,
		    "refused: no verify has passed since the last copy (phase %s): run migrate verify",
		    st.phase != NULL ? st.phase : "none");
		goto out;
	}
	if (st.last_legacy_write != NULL && strcmp(st.last_legacy_write, st.verified_at) >= 0) {
		table_err_set(err, TABLE_COND_FAILED,
		    "refused: the legacy tables were written at %s, after the verify of %s: run migrate verify again",
		    st.last_legacy_write, st.verified_at);
		goto out;
	}
	now_text(now);
	set_str(&st.phase, "cutover");
	set_str(&st.cutover_at, now);
	rc = state_save(t, &st, err);
out:
	migrate_state_done(&st);
	return rc;
}

int
migrate_cleanup(struct table *t, const struct migrate_source *src, struct table_err *err)
{
	struct migrate_state st;
	char now[TIMEFMT_LEN + 1];
	int rc = -1;

	if (migrate_state_load(t, &st, err) != 0)
		return -1;
	if (!phase_is(&st, "cutover") && !phase_is(&st, "cleaned")) {
		table_err_set(err, TABLE_COND_FAILED, "refused: the migration is not cut over (phase %s): run migrate cutover first",
		    st.phase != NULL ? st.phase : "none");
		goto out;
	}
	for (int k = 0; k < MIGRATE_KINDS && src->ddb != NULL; k++) {
		json_t *req = json_pack("{s:s}", "TableName", src->tables[k]), *ans = NULL;
		int crc = ddb_call(src->ddb, "DeleteTable", req, &ans, err);

		json_decref(req);
		json_decref(ans);
		if (crc != 0 && err->status != TABLE_NO_TABLE)
			goto out;
		table_err_clear(err);
	}
	now_text(now);
	set_str(&st.phase, "cleaned");
	set_str(&st.cleaned_at, now);
	rc = state_save(t, &st, err);
out:
	migrate_state_done(&st);
	return rc;
}

/* ---- dual writes where the store is opened ---- */

void
migrate_wrap_table(struct table **t, const char *goals_table, const char *activities_table,
    int dual_write, FILE *warn)
{
	struct migrate_state st;
	struct table_err err;
	const char *names[MIGRATE_KINDS];
	struct table *w;

	if (dual_write != 1 || *t == NULL)
		return;
	if ((*t)->backend != &ddb_backend) {
		fprintf(warn, "ailife: warning: [legacy] dual_write is set, but dual writes are a DynamoDB feature:"
		    " the embedded store has no legacy tables; goal and activity writes go to the single table only\n");
		return;
	}
	table_err_clear(&err);
	if (migrate_state_load(*t, &st, &err) != 0) {
		fprintf(warn, "ailife: warning: dual writes are off: the migration state cannot be read: %s\n",
		    err.message);
		return;
	}
	if (phase_is(&st, "cutover") || phase_is(&st, "cleaned")) {
		fprintf(warn, "ailife: warning: [legacy] dual_write is set, but the migration is %s:"
		    " no more writes to the legacy tables (remove dual_write from the config)\n", st.phase);
		migrate_state_done(&st);
		return;
	}
	names[MIGRATE_GOALS] = goals_table != NULL ? goals_table :
	    st.tables[MIGRATE_GOALS] != NULL ? st.tables[MIGRATE_GOALS] : MIGRATE_GOALS_TABLE;
	names[MIGRATE_ACTIVITIES] = activities_table != NULL ? activities_table :
	    st.tables[MIGRATE_ACTIVITIES] != NULL ? st.tables[MIGRATE_ACTIVITIES] : MIGRATE_ACTIVITIES_TABLE;
	w = dualwrite_wrap(*t, names[MIGRATE_GOALS], names[MIGRATE_ACTIVITIES]);
	migrate_state_done(&st);
	if (w != NULL)
		*t = w;
}
