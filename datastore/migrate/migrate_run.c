/*
 * The steps of the migration that change things (migrate_run.h): run (the
 * legacy rows of migrate_source into the single table with BatchWriteItem,
 * checkpoints after every round), cutover and cleanup.
 *
 * A round reads the next page of every unfinished segment of both tables at
 * once, writes what they hold, creates the profiles of users seen for the
 * first time, and only then moves the checkpoints: a run killed anywhere
 * redoes at most one round, and writing the same items again changes nothing.
 */
#include "datastore/migrate/migrate_run.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/timefmt.h"
#include "util/xmalloc.h"

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
map_page(const struct migrate_page *p, const struct migrate_opts *o, json_t *out, json_t *users,
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

			migrate_source_report(o, rc < 0 ? "skipped" : "note", key, why);
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
	const char *source = migrate_source_name(src);

	if (s->source == NULL || strcmp(s->source, source) != 0)
		return false;
	for (int k = 0; k < MIGRATE_KINDS && src->store != NULL; k++)
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
		set_str(&s->tables[k], src->store != NULL ? src->tables[k] : NULL);
		s->copied[k] = 0;
	}
	s->segments = segments;
	s->profiles = s->skipped = s->notes = 0;
	now_text(now);
	set_str(&s->phase, "copying");
	set_str(&s->source, migrate_source_name(src));
	set_str(&s->started_at, now);
	set_str(&s->copied_at, NULL);
}

int
migrate_run(struct table *t, const struct migrate_source *src, const struct migrate_opts *o,
    struct migrate_counts *c, struct table_err *err)
{
	struct migrate_state st;
	struct migrate_cursors cur;
	ms_t start = clock_real_ms();
	json_t *users_done = json_object();
	int rc = -1, segments;

	memset(c, 0, sizeof *c);
	memset(&cur, 0, sizeof cur);
	if (migrate_state_load(t, &st, err) != 0) {
		json_decref(users_done);
		return -1;
	}
	if (migrate_state_is(&st, "cutover") || migrate_state_is(&st, "cleaned")) {
		table_err_set(err, TABLE_COND_FAILED,
		    "the migration is %s: the single table is the only one now, and a run would overwrite newer data",
		    st.phase);
		goto out;
	}
	segments = migrate_source_segments(src, o);
	if (segments > MIGRATE_SEGMENTS_MAX) {
		table_err_set(err, TABLE_INVALID, "at most %d segments", MIGRATE_SEGMENTS_MAX);
		goto out;
	}
	if (!o->dry_run && migrate_state_is(&st, "copying") && st.segments > 0 && same_source(&st, src)) {
		/* An unfinished pass: on from its checkpoints, with its segments whatever was asked now. */
		migrate_cursors_init(&cur, st.segments);
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
		migrate_cursors_init(&cur, segments);
		if (!o->dry_run) {
			state_new_pass(&st, src, segments);
			if (migrate_state_save(t, &st, err) != 0)
				goto out;
		}
	}
	cur.limit = o->page_limit;
	migrate_source_totals(src, c);
	while (!migrate_cursors_finished(&cur)) {
		struct migrate_page *pages = NULL;
		size_t np = 0;
		json_t *items, *users, *v;
		const char *u;

		if (o->stop != NULL && *o->stop) {
			rc = 1;
			goto out;
		}
		if (migrate_source_pages(src, &cur, &pages, &np, err) != 0)
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
				migrate_pages_done(pages, np);
				goto out;
			}
		}
		json_decref(items);
		json_decref(users);
		for (size_t i = 0; i < np; i++)
			set_str(&cur.cp[pages[i].kind][pages[i].seg], pages[i].next);
		migrate_pages_done(pages, np);
		if (!o->dry_run) {
			for (int k = 0; k < MIGRATE_KINDS; k++) {
				for (int i = 0; i < cur.segments; i++)
					set_str(&st.checkpoints[k][i], cur.cp[k][i]);
				st.copied[k] = c->copied[k];
			}
			st.profiles = c->profiles;
			st.skipped = c->skipped;
			st.notes = c->notes;
			if (migrate_cursors_finished(&cur)) {
				char now[TIMEFMT_LEN + 1];

				now_text(now);
				set_str(&st.phase, "copied");
				set_str(&st.copied_at, now);
			}
			if (migrate_state_save(t, &st, err) != 0)
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
	migrate_cursors_done(&cur);
	migrate_state_done(&st);
	json_decref(users_done);
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
	if (migrate_state_is(&st, "cutover") || migrate_state_is(&st, "cleaned")) {
		rc = 0;
		goto out;
	}
	if (!migrate_state_is(&st, "verified") || st.verified_at == NULL) {
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
	rc = migrate_state_save(t, &st, err);
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
	if (!migrate_state_is(&st, "cutover") && !migrate_state_is(&st, "cleaned")) {
		table_err_set(err, TABLE_COND_FAILED, "refused: the migration is not cut over (phase %s): run migrate cutover first",
		    st.phase != NULL ? st.phase : "none");
		goto out;
	}
	for (int k = 0; k < MIGRATE_KINDS && src->store != NULL; k++) {
		int crc = table_delete_named(src->store, src->tables[k], err);

		if (crc != 0 && err->status != TABLE_NO_TABLE)
			goto out;
		table_err_clear(err);
	}
	now_text(now);
	set_str(&st.phase, "cleaned");
	set_str(&st.cleaned_at, now);
	rc = migrate_state_save(t, &st, err);
out:
	migrate_state_done(&st);
	return rc;
}

