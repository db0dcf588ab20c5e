/*
 * The data rules that span items: progress == the sum of a goal's activities
 * (what import and `ailife check` verify).
 */
#include "datastore/store.h"
#include "datastore/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "util/xmalloc.h"

#define SUM_PAGE 1000

int
store_goal_activity_sum(struct table *t, const char *user_id, const char *goal_id,
    bool (*skip)(void *ctx, const char *pk, const char *sk), void *ctx, long long *sum, size_t *count,
    struct table_err *err)
{
	char *cursor = NULL;
	char *pk = keys_user_pk(store_id_text(user_id));
	int rc = 0;

	*sum = 0;
	if (count != NULL)
		*count = 0;
	do {
		struct store_list l;
		struct store_page_req pg = { cursor, SUM_PAGE, NULL, NULL };
		rc = store_goal_activities(t, user_id, goal_id, pg, &l, err);
		free(cursor);
		cursor = NULL;
		if (rc != 0)
			break;
		for (size_t i = 0; i < l.count && rc == 0; i++) {
			const struct model_activity *a = l.items[i].rec;
			if (l.items[i].type != MODEL_ACTIVITY || a == NULL || a->occurred_at == NULL)
				continue;
			if (skip != NULL) {
				char *sk = keys_activity_sk(goal_id, a->occurred_at);
				bool skipped = skip(ctx, pk, sk);
				free(sk);
				if (skipped)
					continue;
			}
			if (decimal_add(*sum, a->amount.v, sum) != 0)
				rc = table_err_set(err, TABLE_INVALID, "the activities of goal '%s' add up to more than a number holds",
				    goal_id);
			else if (count != NULL)
				(*count)++;
		}
		cursor = l.cursor;
		l.cursor = NULL;
		store_list_done(&l);
	} while (cursor != NULL && rc == 0);
	free(cursor);
	free(pk);
	return rc;
}
