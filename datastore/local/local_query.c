/* The embedded backend's queries: one prepared statement per index, key condition, direction and cursor, answering as DynamoDB's Query does. */
#include "datastore/local/local.h"
#include "datastore/local/local_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/model_decode.h"
#include "datastore/table_check.h"
#include "util/buf.h"
#include "util/json_read.h"
#include "util/json_write.h"
#include "util/xmalloc.h"

static int
local_query_slot(enum table_index index, enum table_key_op op, bool backward, bool cursor)
{
	return (((int)index * LOCAL_OPS + (int)op) * 2 + backward) * 2 + cursor;
}

/*
 * The SQL of one kind of query. GSI rows order by (gsisk, pk, sk), the same
 * columns the cursor carries, so a page continues strictly after the last
 * row with one row-value comparison that the index answers.
 */
static char *
local_query_sql(enum table_index index, enum table_key_op op, bool backward, bool cursor)
{
	const char *dir = backward ? "DESC" : "ASC", *after = backward ? "<" : ">";
	char pkc[8], skc[8];
	struct buf b;
	bool lower, upper;

	if (index == TABLE_INDEX_MAIN) {
		xsnprintf(pkc, sizeof pkc, "pk");
		xsnprintf(skc, sizeof skc, "sk");
	} else {
		xsnprintf(pkc, sizeof pkc, "gsi%dpk", (int)index);
		xsnprintf(skc, sizeof skc, "gsi%dsk", (int)index);
	}
	buf_init(&b, 0);
	/*
	 * Without statistics SQLite's planner answers "gsisk = ?" from the
	 * primary key (a walk of the whole table); INDEXED BY pins the GSI's
	 * index, and makes the prepare fail rather than silently scan.
	 */
	buf_printf(&b, "SELECT item FROM items");
	if (index != TABLE_INDEX_MAIN)
		buf_printf(&b, " INDEXED BY items_gsi%d", (int)index);
	buf_printf(&b, " WHERE tname = ?1 AND %s = ?2", pkc);
	if (index != TABLE_INDEX_MAIN)
		/* Spelled out so that the partial index's WHERE is plainly implied. */
		buf_printf(&b, " AND %s IS NOT NULL AND %s IS NOT NULL", pkc, skc);
	/*
	 * With a cursor, the cursor is the bound on the side the page moves
	 * from (table_check_query checked it lies inside the key condition):
	 * SQLite searches an index with one lower and one upper bound, so the
	 * key condition's own bound on that side would leave the cursor as a
	 * filter and every later page would walk from the range's start.
	 */
	lower = !(cursor && !backward);
	upper = !(cursor && backward);
	switch (op) {
	case TABLE_KEY_ANY:
		break;
	case TABLE_KEY_EQ:
		buf_printf(&b, " AND %s = ?3", skc);
		break;
	case TABLE_KEY_BEGINS_WITH:
	case TABLE_KEY_BETWEEN:
		if (lower)
			buf_printf(&b, " AND %s >= ?3", skc);
		if (upper)
			buf_printf(&b, " AND %s %s ?4", skc, op == TABLE_KEY_BETWEEN ? "<=" : "<");
		break;
	case TABLE_KEY_LT:
	case TABLE_KEY_LE:
		if (upper)
			buf_printf(&b, " AND %s %s ?3", skc, op == TABLE_KEY_LT ? "<" : "<=");
		break;
	case TABLE_KEY_GT:
	case TABLE_KEY_GE:
		if (lower)
			buf_printf(&b, " AND %s %s ?3", skc, op == TABLE_KEY_GT ? ">" : ">=");
		break;
	}
	if (cursor) {
		if (index == TABLE_INDEX_MAIN)
			buf_printf(&b, " AND sk %s ?5", after);
		else if (op == TABLE_KEY_EQ)
			/* The index sort key is fixed: SQLite plans (gsisk = ?, (gsisk, pk, sk) > ...) badly. */
			buf_printf(&b, " AND (pk, sk) %s (?6, ?7)", after);
		else
			buf_printf(&b, " AND (%s, pk, sk) %s (?5, ?6, ?7)", skc, after);
	}
	if (index == TABLE_INDEX_MAIN)
		buf_printf(&b, " ORDER BY sk %s", dir);
	else
		buf_printf(&b, " ORDER BY %s %s, pk %s, sk %s", skc, dir, dir, dir);
	buf_printf(&b, " LIMIT ?8");
	return buf_steal(&b);
}

/* The smallest string above every string that starts with prefix (prefix is valid UTF-8). */
static char *
local_prefix_end(const char *prefix)
{
	char *end = xstrdup(prefix);
	size_t n = strlen(end);

	/* Valid UTF-8 holds no 0xff byte, so the last byte can always be raised. */
	end[n - 1] = (char)((unsigned char)end[n - 1] + 1);
	return end;
}

static json_t *
local_project(json_t *item, const char *const *projection)
{
	json_t *out, *v;

	if (projection == NULL)
		return json_incref(item);
	out = json_object();
	for (size_t i = 0; projection[i] != NULL; i++)
		if ((v = json_object_get(item, projection[i])) != NULL)
			json_object_set(out, projection[i], v);
	return out;
}

/* The projected item's record (rec NULL where it does not read as one) and its size, through jansson; -1: damaged. */
static int
local_row_record_ref(const char *text, size_t len, const char *const *projection, struct table_rec *out,
    size_t *size, json_error_t *jerr)
{
	json_t *item = local_decode(text, len, jerr), *proj;
	char why[256];

	if (item == NULL)
		return -1;
	*size = table_item_size(item);
	proj = local_project(item, projection);
	if (model_from_item(proj, &out->type, &out->rec, why, sizeof why) != 0)
		out->rec = NULL;
	json_decref(proj);
	json_decref(item);
	return 0;
}

/* A stored row as a record: model_decode, or the reference where it is not sure. -1: damaged. */
static int
local_row_record(const char *text, size_t len, const char *const *projection, struct table_rec *out,
    size_t *size, json_error_t *jerr)
{
	memset(out, 0, sizeof *out);
	if (model_decode(text, len, projection, &out->type, &out->rec, size) == 0)
		return 0;
	return local_row_record_ref(text, len, projection, out, size, jerr);
}

int
local_query(struct table *t, const struct table_query *q, struct table_page *page,
    struct table_err *err)
{
	struct local *l = t->data;
	const char *curv[3] = { NULL, NULL, NULL };
	json_t *cur = NULL, *last = NULL, *key;
	char *prefix_end = NULL;
	sqlite3_stmt *st = NULL;
	size_t cap = 0, bytes = 0;
	struct buf last_text;
	bool more = false;
	int limit, slot, rc = -1, step;

	if (page == NULL)
		return table_err_set(err, TABLE_INVALID, "query needs somewhere to put the page");
	memset(page, 0, sizeof *page);
	buf_init(&last_text, 0);
	if (table_check_query(q, &cur, err) != 0)
		return -1;
	limit = q->limit <= 0 ? LOCAL_PAGE_DEFAULT : q->limit;
	if (limit > LOCAL_PAGE_MAX)
		limit = LOCAL_PAGE_MAX;
	/* The cursor as the (up to) three values the next page starts after. */
	if (cur != NULL) {
		curv[0] = table_item_str(cur, table_index_sk_name(q->index));
		curv[1] = table_item_str(cur, "PK");
		curv[2] = table_item_str(cur, "SK");
	}
	if (q->sk_op == TABLE_KEY_BEGINS_WITH)
		prefix_end = local_prefix_end(q->sk_a);

	pthread_mutex_lock(&l->lock);
	if (local_table_check(t, err) != 0)
		goto out;
	slot = local_query_slot(q->index, q->sk_op, q->backward, cur != NULL);
	if (l->qstmt[slot] == NULL) {
		char *sql = local_query_sql(q->index, q->sk_op, q->backward, cur != NULL);

		if (sqlite3_prepare_v3(l->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    &l->qstmt[slot], NULL) != SQLITE_OK) {
			l->qstmt[slot] = NULL;
			free(sql);
			local_io(l, err, "prepare");
			goto out;
		}
		free(sql);
	}
	st = l->qstmt[slot];
	local_bind(st, 1, t->name);
	local_bind(st, 2, q->pk);
	if (q->sk_op != TABLE_KEY_ANY)
		local_bind(st, 3, q->sk_a);
	if (q->sk_op == TABLE_KEY_BETWEEN)
		local_bind(st, 4, q->sk_b);
	else if (q->sk_op == TABLE_KEY_BEGINS_WITH)
		local_bind(st, 4, prefix_end);
	if (cur != NULL) {
		if (q->index == TABLE_INDEX_MAIN)
			local_bind(st, 5, curv[2]);
		else {
			local_bind(st, 5, curv[0]);
			local_bind(st, 6, curv[1]);
			local_bind(st, 7, curv[2]);
		}
	}
	/* One row more than the page tells whether a next page exists. */
	sqlite3_bind_int(st, 8, limit + 1);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		json_error_t jerr;
		json_t *item;
		size_t size;

		if (page->count == (size_t)limit) {
			more = true;
			break;
		}
		if (q->records) {
			const char *text = (const char *)sqlite3_column_text(st, 0);
			size_t len = (size_t)sqlite3_column_bytes(st, 0);
			struct table_rec rec;

			if (local_row_record(text, len, q->projection, &rec, &size, &jerr) != 0) {
				table_err_set(err, TABLE_IO, "%s: a stored item is damaged: %s", l->path,
				    jerr.text);
				goto out;
			}
			if (page->count > 0 && bytes + size > LOCAL_PAGE_BYTES) {
				if (rec.rec != NULL)
					model_free(rec.type, rec.rec);
				more = true;
				break;
			}
			bytes += size;
			if (page->count == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				if (cap > (size_t)limit)
					cap = (size_t)limit;
				page->recs = xreallocarray(page->recs, cap, sizeof *page->recs);
			}
			page->recs[page->count++] = rec;
			/* The last row's keys make the cursor: its text, read again only when a page follows. */
			buf_reset(&last_text);
			buf_add(&last_text, text, len);
			continue;
		}
		item = local_decode((const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), &jerr);
		if (item == NULL) {
			table_err_set(err, TABLE_IO, "%s: a stored item is damaged: %s", l->path,
			    jerr.text);
			goto out;
		}
		/* DynamoDB stops a page at 1 MB of items read. */
		size = table_item_size(item);
		if (page->count > 0 && bytes + size > LOCAL_PAGE_BYTES) {
			json_decref(item);
			more = true;
			break;
		}
		bytes += size;
		if (page->count == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			if (cap > (size_t)limit)
				cap = (size_t)limit;
			page->items = xreallocarray(page->items, cap, sizeof *page->items);
		}
		page->items[page->count++] = local_project(item, q->projection);
		json_decref(last);
		last = item;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		local_io(l, err, "query");
		goto out;
	}
	if (more && q->records && last_text.data != NULL) {
		json_error_t jerr;

		if ((last = local_decode(last_text.data, last_text.len, &jerr)) == NULL) {
			table_err_set(err, TABLE_IO, "%s: a stored item is damaged: %s", l->path, jerr.text);
			goto out;
		}
	}
	if (more && last != NULL) {
		key = table_item_key(last, q->index);
		page->cursor = table_cursor_encode(key);
		json_decref(key);
	}
	rc = 0;
out:
	if (st != NULL)
		local_done(st);
	pthread_mutex_unlock(&l->lock);
	if (rc != 0)
		table_page_done(page);
	json_decref(last);
	json_decref(cur);
	free(prefix_end);
	buf_done(&last_text);
	return rc;
}
