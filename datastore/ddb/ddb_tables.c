/*
 * Other tables of the same DynamoDB account, by name (table.h's optional
 * operations): Scan of one segment each, all at once over the concurrent
 * calls of ddb_call.c, DescribeTable and DeleteTable. The migration reads and
 * then deletes the legacy tables this way; nothing else scans.
 */
#include "datastore/ddb/ddb_int.h"

#include <stdlib.h>

#include "util/xmalloc.h"

int
ddb_scan_many(struct table *t, const struct table_scan *scans, struct table_scan_page *pages, size_t n,
    struct table_err *err)
{
	json_t **reqs = xcalloc(n > 0 ? n : 1, sizeof *reqs), **answers = xcalloc(n > 0 ? n : 1, sizeof *answers);
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		/* No ReturnConsumedCapacity: nothing shows it, and DynamoDB Local answers slower with it. */
		reqs[i] = json_pack("{s:s, s:i, s:i, s:b}", "TableName", scans[i].table,
		    "Segment", scans[i].segment, "TotalSegments", scans[i].segments, "ConsistentRead", 1);
		if (scans[i].limit > 0)
			json_object_set_new(reqs[i], "Limit", json_integer(scans[i].limit));
		if (scans[i].start != NULL)
			json_object_set(reqs[i], "ExclusiveStartKey", scans[i].start);
	}
	if (n > 0 && ddb_call_many(t, "Scan", reqs, answers, n, err) != 0) {
		rc = -1;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
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
		pages[i].items = items != NULL ? json_incref(items) : json_array();
		pages[i].last = json_is_object(last) ? json_incref(last) : NULL;
	}
out:
	for (size_t i = 0; i < n; i++) {
		json_decref(reqs[i]);
		json_decref(answers[i]);
		if (rc != 0)
			table_scan_page_done(&pages[i]);
	}
	free(reqs);
	free(answers);
	return rc;
}

/* The answer as DynamoDB gives it ({} under --explain, where nothing is sent). */
int
ddb_describe_named(struct table *t, const char *name, json_t **out, struct table_err *err)
{
	json_t *req = json_pack("{s:s}", "TableName", name);
	int rc = ddb_call(t, "DescribeTable", req, out, err);

	json_decref(req);
	return rc;
}

int
ddb_delete_named(struct table *t, const char *name, struct table_err *err)
{
	json_t *req = json_pack("{s:s}", "TableName", name), *answer = NULL;
	int rc = ddb_call(t, "DeleteTable", req, &answer, err);

	json_decref(req);
	json_decref(answer);
	return rc;
}
