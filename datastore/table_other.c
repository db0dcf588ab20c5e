/*
 * The table interface's operations on other tables of the same store, by
 * name (table.h): the Scan, DescribeTable and DeleteTable the migration needs
 * for the legacy tables. Optional for a backend: one that holds one table
 * leaves them NULL, and asking it is a clear refusal, never a crash.
 */
#include <string.h>

#include "datastore/table.h"

void
table_scan_page_done(struct table_scan_page *page)
{
	if (page == NULL)
		return;
	json_decref(page->items);
	json_decref(page->last);
	page->items = NULL;
	page->last = NULL;
}

bool
table_other_tables(const struct table *t)
{
	return t != NULL && t->backend != NULL && t->backend->scan_many != NULL &&
	    t->backend->describe_named != NULL && t->backend->delete_named != NULL;
}

/* Why a store that reaches no other table refuses: what was asked, of which table, and which store said no. */
static int
table_no_other(struct table *t, const char *what, const char *name, struct table_err *err)
{
	if (t == NULL || t->backend == NULL)
		return table_err_set(err, TABLE_ERROR, "no table is open");
	return table_err_set(err, TABLE_INVALID,
	    "the %s store cannot %s table %s: it reaches no table but its own", t->backend->name, what,
	    name != NULL ? name : "?");
}

/* A backend that failed without saying why still gives the caller a class and a message. */
static int
table_other_result(struct table *t, int rc, struct table_err *err)
{
	if (rc == 0)
		return 0;
	if (err != NULL && err->status == TABLE_OK)
		table_err_set(err, TABLE_ERROR, "%s backend failed without a reason", t->backend->name);
	return -1;
}

int
table_scan_many(struct table *t, const struct table_scan *scans, struct table_scan_page *pages, size_t n,
    struct table_err *err)
{
	table_err_clear(err);
	if (pages != NULL)
		memset(pages, 0, n * sizeof *pages);
	if (!table_other_tables(t))
		return table_no_other(t, "scan", n > 0 ? scans[0].table : NULL, err);
	for (size_t i = 0; i < n; i++)
		if (scans[i].table == NULL || scans[i].segments < 1 || scans[i].segment < 0 ||
		    scans[i].segment >= scans[i].segments)
			return table_err_set(err, TABLE_INVALID, "scan %zu: no table, or segment %d of %d",
			    i, scans[i].segment, scans[i].segments);
	if (n == 0)
		return 0;
	if (table_other_result(t, t->backend->scan_many(t, scans, pages, n, err), err) != 0) {
		for (size_t i = 0; i < n; i++)
			table_scan_page_done(&pages[i]);
		return -1;
	}
	return 0;
}

int
table_describe_named(struct table *t, const char *name, json_t **out, struct table_err *err)
{
	table_err_clear(err);
	if (out != NULL)
		*out = NULL;
	if (!table_other_tables(t))
		return table_no_other(t, "describe", name, err);
	if (name == NULL || out == NULL)
		return table_err_set(err, TABLE_INVALID, "describe needs a table name and somewhere to put the answer");
	return table_other_result(t, t->backend->describe_named(t, name, out, err), err);
}

int
table_delete_named(struct table *t, const char *name, struct table_err *err)
{
	table_err_clear(err);
	if (!table_other_tables(t))
		return table_no_other(t, "delete", name, err);
	if (name == NULL)
		return table_err_set(err, TABLE_INVALID, "delete needs a table name");
	/* Deleting is for the other tables: never the one the data lives in. */
	if (t->name != NULL && strcmp(name, t->name) == 0)
		return table_err_set(err, TABLE_INVALID, "table %s is the store's own table: it is not deleted this way",
		    name);
	return table_other_result(t, t->backend->delete_named(t, name, err), err);
}
