/*
 * Several patterns of one user in one round trip (store_many.h): what a
 * status line needs at once, as concurrent queries of table_query_many.
 */
#include "datastore/store_many.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/keys.h"
#include "datastore/store_int.h"
#include "util/xmalloc.h"

int
store_many(struct table *t, const char *user_id, const struct store_many_req *reqs, size_t n,
    struct store_list *outs, struct table_err *err)
{
	struct table_query qs[STORE_MANY_MAX];
	struct table_page pages[STORE_MANY_MAX];
	char *own[STORE_MANY_MAX][2];
	char a[STORE_MANY_MAX][TIMEFMT_LEN + 1], b[STORE_MANY_MAX][TIMEFMT_LEN + 1];
	memset(outs, 0, n * sizeof *outs);
	memset(own, 0, sizeof own);
	if (n == 0)
		return 0;
	if (n > STORE_MANY_MAX)
		return table_err_set(err, TABLE_INVALID, "too many queries at once");
	if (store_bad_id("user", user_id, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct store_many_req *r = &reqs[i];
		int limit = r->limit > 0 ? r->limit : STORE_MANY_PAGE_DEFAULT;
		switch (r->kind) {
		case STORE_MANY_PROFILE:
			own[i][0] = keys_user_pk(user_id);
			qs[i] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = own[i][0], .sk_op = TABLE_KEY_EQ,
			    .sk_a = keys_profile_sk(), .limit = 1 };
			break;
		case STORE_MANY_GOALS:
			own[i][0] = keys_user_pk(user_id);
			own[i][1] = keys_type_prefix(model_entity(MODEL_GOAL)->type_name);
			qs[i] = (struct table_query){ .index = TABLE_INDEX_MAIN, .pk = own[i][0],
			    .sk_op = TABLE_KEY_BEGINS_WITH, .sk_a = own[i][1], .limit = limit };
			break;
		case STORE_MANY_RANGE:
		default:
			if (!model_entity(r->type)->gsi2) {
				for (size_t k = 0; k <= i; k++)
					free(own[k][0]), free(own[k][1]);
				return table_err_set(err, TABLE_INVALID, "%s has no date index", model_entity(r->type)->label);
			}
			timefmt_format(r->from, a[i]);
			timefmt_format(r->to > r->from ? r->to : r->from, b[i]);
			own[i][0] = keys_gsi2_pk(user_id, model_entity(r->type)->type_name);
			qs[i] = (struct table_query){ .index = TABLE_INDEX_GSI2, .pk = own[i][0],
			    .sk_op = TABLE_KEY_BETWEEN, .sk_a = a[i], .sk_b = b[i], .backward = r->newest_first,
			    .limit = limit };
			break;
		}
	}
	/* The embedded store reads the items straight into records (model_decode); DynamoDB hands items. */
	for (size_t i = 0; i < n; i++)
		qs[i].records = true;
	store_explain_set(t, "AP1+AP3+AP8-AP11", "Query", NULL, "%zu queries at once, PK = \"%s\" ...", n, qs[0].pk);
	int rc = table_query_many(t, qs, pages, n, err);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0) {
			store_page_to_list(&pages[i], &outs[i]);
			table_page_done(&pages[i]);
		}
		free(own[i][0]);
		free(own[i][1]);
	}
	return rc;
}
