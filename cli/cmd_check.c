/*
 * ailife check: verifies, for every goal of the user, that progress equals the
 * sum of its activities (AP3 then AP6 per goal, every page, never a Scan).
 * Exit 1 naming each goal that disagrees and both figures.
 */
#include "cli/cmd_check.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define CHECK_PAGE 100

/* One goal: 0 when it agrees, 1 when not (said), -1 on a store error. */
static int
check_goal(struct cli *c, const struct model_goal *g, json_t *bad, struct table_err *err)
{
	long long sum;
	size_t n;
	char a[DECIMAL_TEXT_MAX], b[DECIMAL_TEXT_MAX];

	if (store_goal_activity_sum(c->t, g->c.user_id, g->goal_id, NULL, NULL, &sum, &n, err) != 0)
		return -1;
	if (sum == g->progress.v)
		return 0;
	decimal_format(g->progress.v, a);
	decimal_format(sum, b);
	if (c->json) {
		json_array_append_new(bad, json_pack("{ss ss ss ss sI}", "goalId", g->goal_id, "title",
		    g->title != NULL ? g->title : "", "progress", a, "sum", b, "activities", (json_int_t)n));
	} else {
		char *title = utf8_inert(g->title != NULL ? g->title : "", false);
		fprintf(c->err, "ailife: check: goal %s (%s): progress is %s but its %zu activit%s add%s up to %s\n",
		    g->goal_id, title, a, n, n == 1 ? "y" : "ies", n == 1 ? "s" : "", b);
		free(title);
	}
	return 1;
}

int
cmd_check(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	char *cursor = NULL;
	size_t goals = 0, wrong = 0;
	int rc;

	if ((rc = cli_parse(c, "check", argc, argv, NULL, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	json_t *bad = json_array();
	table_err_clear(&err);
	do {
		struct store_list l;
		struct store_page_req pg = { cursor, CHECK_PAGE, NULL, NULL };
		int qrc = store_goals_list(c->t, c->user_id, pg, &l, &err);
		free(cursor);
		cursor = NULL;
		if (qrc != 0) {
			json_decref(bad);
			return cli_table_fail(c, "check", &err);
		}
		for (size_t i = 0; i < l.count; i++) {
			if (l.items[i].type != MODEL_GOAL)
				continue;
			int grc = check_goal(c, l.items[i].rec, bad, &err);
			if (grc < 0) {
				store_list_done(&l);
				json_decref(bad);
				return cli_table_fail(c, "check", &err);
			}
			goals++;
			wrong += (size_t)grc;
		}
		cursor = l.cursor;
		l.cursor = NULL;
		store_list_done(&l);
	} while (cursor != NULL);
	if (c->json) {
		cli_print_json(c, json_pack("{sI so}", "goals", (json_int_t)goals, "mismatches", bad));
	} else {
		json_decref(bad);
		if (wrong == 0)
			fprintf(c->out, "ok: %zu goal%s, each with progress equal to the sum of its activities\n", goals,
			    goals == 1 ? "" : "s");
		else
			fprintf(c->out, "%zu of %zu goal%s disagree with the sum of their activities\n", wrong, goals,
			    goals == 1 ? "" : "s");
	}
	return wrong == 0 ? CLI_OK : CLI_FAIL;
}
