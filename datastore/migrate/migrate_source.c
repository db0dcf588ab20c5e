/*
 * The legacy rows page by page (migrate_source.h): a Scan page of every
 * unfinished segment of both legacy tables at once, the one place ailife
 * scans, or the pages of two scan files.
 */
#include "datastore/migrate/migrate_source.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/migrate/migrate_state.h"
#include "util/xmalloc.h"

#define FILE_PAGE 1000           /* items per page of a scan file */

void
migrate_source_report(const struct migrate_opts *o, const char *what, const char *key, const char *why)
{
	if (o->report != NULL)
		o->report(o->ctx, what, key, why);
}

int
migrate_source_segments(const struct migrate_source *src, const struct migrate_opts *o)
{
	if (src->store == NULL)
		return 1;
	return o->segments > 0 ? o->segments : MIGRATE_SEGMENTS_DEFAULT;
}

const char *
migrate_source_name(const struct migrate_source *src)
{
	return src->store != NULL ? "dynamodb" : "files";
}

void
migrate_cursors_init(struct migrate_cursors *c, int segments)
{
	c->segments = segments;
	for (int k = 0; k < MIGRATE_KINDS; k++)
		c->cp[k] = xcalloc((size_t)segments, sizeof *c->cp[k]);
}

void
migrate_cursors_done(struct migrate_cursors *c)
{
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		for (int i = 0; c->cp[k] != NULL && i < c->segments; i++)
			free(c->cp[k][i]);
		free(c->cp[k]);
		c->cp[k] = NULL;
	}
}

bool
migrate_cursors_finished(const struct migrate_cursors *c)
{
	for (int k = 0; k < MIGRATE_KINDS; k++)
		for (int i = 0; i < c->segments; i++)
			if (c->cp[k][i] == NULL || strcmp(c->cp[k][i], MIGRATE_CP_DONE) != 0)
				return false;
	return true;
}

void
migrate_pages_done(struct migrate_page *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_decref(p[i].items);
		free(p[i].next);
	}
	free(p);
}

/* The next page of every unfinished segment of a file: FILE_PAGE items from the offset in the cursor. */
static int
file_pages(const struct migrate_source *src, const struct migrate_cursors *c, struct migrate_page **out,
    size_t *n, struct table_err *err)
{
	struct migrate_page *p = xcalloc(MIGRATE_KINDS, sizeof *p);

	*n = 0;
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		const char *cp = c->cp[k][0];
		size_t from = 0, total = json_array_size(src->files[k]);
		size_t page = c->limit > 0 ? (size_t)c->limit : FILE_PAGE;
		long long v;
		const char *why;

		if (cp != NULL && strcmp(cp, MIGRATE_CP_DONE) == 0)
			continue;
		if (cp != NULL) {
			if (decimal_parse_int(cp, &v, &why) != 0 || v < 0 || (size_t)v > total) {
				migrate_pages_done(p, *n);
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
		p[*n].next = from + page >= total ? xstrdup(MIGRATE_CP_DONE) : xasprintf("%zu", from + page);
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
scan_pages(const struct migrate_source *src, const struct migrate_cursors *c, struct migrate_page **out,
    size_t *n, struct table_err *err)
{
	size_t max = (size_t)MIGRATE_KINDS * (size_t)c->segments, m = 0;
	struct table_scan *scans = xcalloc(max, sizeof *scans);
	struct table_scan_page *answers = xcalloc(max, sizeof *answers);
	struct migrate_page *p = xcalloc(max, sizeof *p);
	int rc = 0;

	*n = 0;
	for (int k = 0; k < MIGRATE_KINDS; k++)
		for (int i = 0; i < c->segments; i++) {
			const char *cp = c->cp[k][i];
			json_t *start = NULL;

			if (cp != NULL && strcmp(cp, MIGRATE_CP_DONE) == 0)
				continue;
			if (cp != NULL && (start = cp_decode(cp)) == NULL) {
				rc = table_err_set(err, TABLE_ERROR, "checkpoint of segment %d is damaged", i);
				goto out;
			}
			scans[m] = (struct table_scan){ .table = src->tables[k], .segment = i,
			    .segments = c->segments, .limit = c->limit, .start = start };
			p[m].kind = (enum migrate_kind)k;
			p[m].seg = i;
			m++;
		}
	if (m > 0 && table_scan_many(src->store, scans, answers, m, err) != 0) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < m; i++) {
		p[i].items = json_incref(answers[i].items);
		p[i].next = answers[i].last != NULL ?
		    json_dumps(answers[i].last, JSON_COMPACT | JSON_SORT_KEYS) : xstrdup(MIGRATE_CP_DONE);
		if (p[i].next == NULL)
			p[i].next = xstrdup(MIGRATE_CP_DONE);
	}
	*n = m;
out:
	for (size_t i = 0; i < m; i++) {
		json_decref(scans[i].start);
		table_scan_page_done(&answers[i]);
	}
	free(scans);
	free(answers);
	if (rc != 0) {
		migrate_pages_done(p, m);
		return -1;
	}
	*out = p;
	return 0;
}

int
migrate_source_pages(const struct migrate_source *src, const struct migrate_cursors *c,
    struct migrate_page **out, size_t *n, struct table_err *err)
{
	if (src->store != NULL)
		return scan_pages(src, c, out, n, err);
	return file_pages(src, c, out, n, err);
}

void
migrate_source_totals(const struct migrate_source *src, struct migrate_counts *c)
{
	for (int k = 0; k < MIGRATE_KINDS; k++) {
		c->total[k] = -1;
		if (src->store == NULL) {
			c->total[k] = (long long)json_array_size(src->files[k]);
			continue;
		}
		json_t *ans = NULL;
		struct table_err e;

		table_err_clear(&e);
		if (table_describe_named(src->store, src->tables[k], &ans, &e) == 0) {
			json_t *n = json_object_get(json_object_get(ans, "Table"), "ItemCount");

			if (json_is_integer(n))
				c->total[k] = json_integer_value(n);
		}
		json_decref(ans);
	}
}
