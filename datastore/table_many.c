/* table_query_many: concurrent queries where the backend has them, one after another otherwise. */
#include <string.h>

#include "datastore/table.h"

int
table_query_many(struct table *t, const struct table_query *qs, struct table_page *pages, size_t n,
    struct table_err *err)
{
	table_err_clear(err);
	memset(pages, 0, n * sizeof *pages);
	if (t->backend->query_many != NULL)
		return t->backend->query_many(t, qs, pages, n, err);
	for (size_t i = 0; i < n; i++) {
		if (table_query(t, &qs[i], &pages[i], err) != 0) {
			for (size_t k = 0; k <= i; k++)
				table_page_done(&pages[k]);
			return -1;
		}
	}
	return 0;
}
