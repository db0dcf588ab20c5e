/* Goals and their activities: goal add/list/show/status/edit/delete, log, activity list/delete. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_lists.h"
#include "cli/entity.h"
#include "datastore/decimal.h"
#include "datastore/present.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

static const char *const statuses[] = { "active", "paused", "completed", "archived", NULL };

static bool
known_status(const char *s)
{
	for (size_t i = 0; statuses[i] != NULL; i++)
		if (strcmp(s, statuses[i]) == 0)
			return true;
	return false;
}

/* A goal's "42.5/100 km", its unit made inert: stored text, maybe another client's. */
static char *
inert_amount(const struct model_goal *g)
{
	char *amount = present_amount(g);
	char *inert = utf8_inert(amount, false);
	free(amount);
	return inert;
}

static int
goals_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const char *status = ctx;
	if (status == NULL)
		return store_goals_list(c->t, c->user_id, pg, out, err);
	return store_goals_by_status(c->t, c->user_id, status, pg, out, err);
}

static int
goal_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "status", true, false }, LIST_OPTS, { NULL, false, false },
	};
	struct cli_args a;
	struct list_opts o;
	int rc;
	if ((rc = cli_parse(c, "goal list", argc, argv, opts, 0, 0,
	    NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	const char *status = cli_get(&a, "status");
	if (status == NULL)
		status = "active";
	if (strcmp(status, "all") == 0)
		status = NULL;
	else if (!known_status(status))
		return cli_fail(c, CLI_USAGE, "goal list", "--status '%s': use active, paused, completed, archived or all",
		    status);
	if ((rc = list_options(c, &a, 0, &o)) != CLI_OK)
		return rc;
	/* Goals do not depend on the zone: the profile comes with the first page. */
	if ((rc = cli_need_user_soon(c)) != CLI_OK)
		return rc;
	return list_sorted(c, "goal list", goals_page, status, MODEL_GOAL, &o);
}

static int
goal_show(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	struct store_list acts, links;
	void *rec;
	int rc;
	if ((rc = cli_parse(c, "goal show", argc, argv, NULL, 1, 1, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (store_get(c->t, MODEL_GOAL, c->user_id, a.pos[0], &rec, &err) != 0)
		return cli_table_fail(c, "goal show", &err);
	struct store_page_req recent = { NULL, 10, NULL, NULL }, linked = { NULL, 20, NULL, NULL };
	if (store_goal_activities(c->t, c->user_id, a.pos[0], recent, &acts, &err) != 0) {
		model_free(MODEL_GOAL, rec);
		return cli_table_fail(c, "goal show", &err);
	}
	/* Linked entries other than activities: the activities are shown above. */
	if (store_goal_links(c->t, a.pos[0], -1, linked, &links, &err) != 0) {
		store_list_done(&acts);
		model_free(MODEL_GOAL, rec);
		return cli_table_fail(c, "goal show", &err);
	}
	size_t k = 0;
	for (size_t i = 0; i < links.count; i++) {
		if (links.items[i].type == MODEL_ACTIVITY) {
			model_free(links.items[i].type, links.items[i].rec);
			continue;
		}
		links.items[k++] = links.items[i];
	}
	links.count = k;
	/* The list order: oldest first (AP6 reads the latest newest first). */
	list_reverse(&acts);
	list_sort_by_time(&links);
	if (c->json) {
		json_t *doc = model_to_json(MODEL_GOAL, rec);
		json_t *ja = json_array(), *jl = json_array();
		for (size_t i = 0; i < acts.count; i++)
			json_array_append_new(ja, model_to_json(acts.items[i].type, acts.items[i].rec));
		for (size_t i = 0; i < links.count; i++)
			json_array_append_new(jl, model_to_json(links.items[i].type, links.items[i].rec));
		json_object_set_new(doc, "recentActivities", ja);
		json_object_set_new(doc, "linked", jl);
		cli_print_json(c, doc);
	} else {
		entity_print(c, MODEL_GOAL, rec);
		fprintf(c->out, "\nrecent activities:\n");
		entity_print_list(c, MODEL_ACTIVITY, &acts, false);
		fprintf(c->out, "\nlinked entries:\n");
		entity_print_list(c, PRINT_TIMELINE, &links, false);
	}
	store_list_done(&acts);
	store_list_done(&links);
	model_free(MODEL_GOAL, rec);
	return CLI_OK;
}

static int
goal_status(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	void *rec;
	int rc;
	if ((rc = cli_parse(c, "goal status", argc, argv, NULL, 2, 2,
	    NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (!known_status(a.pos[1]))
		return cli_fail(c, CLI_USAGE, "goal status", "'%s': use active, paused, completed or archived", a.pos[1]);
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (store_get(c->t, MODEL_GOAL, c->user_id, a.pos[0], &rec, &err) != 0)
		return cli_table_fail(c, "goal status", &err);
	struct model_goal *g = rec;
	char *old = xstrdup(g->status);
	if (store_goal_set_status(c->t, g, a.pos[1], &err) != 0) {
		rc = cli_table_fail(c, "goal status", &err);
	} else {
		if (c->json)
			cli_print_json(c, model_to_json(MODEL_GOAL, g));
		else {
			/* The old status is stored text, maybe another client's: never print its control bytes raw. */
			char *was = utf8_inert(old, false);
			fprintf(c->out, "goal %s: %s -> %s\n", g->goal_id, was, g->status);
			free(was);
		}
		rc = CLI_OK;
	}
	free(old);
	model_free(MODEL_GOAL, g);
	return rc;
}

static int
goal_delete(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	size_t acts, links;
	int rc;
	if ((rc = cli_parse(c, "goal delete", argc, argv, NULL, 1, 1, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (store_goal_delete(c->t, c->user_id, a.pos[0], &acts, &links, &err) != 0)
		return cli_table_fail(c, "goal delete", &err);
	if (c->json)
		cli_print_json(c, json_pack("{ss ss sI sI}", "deleted", "GOAL", "id", a.pos[0],
		    "activities", (json_int_t)acts, "unlinked", (json_int_t)links));
	else
		fprintf(c->out, "deleted goal %s (%zu activities; %zu entries unlinked)\n", a.pos[0], acts, links);
	return CLI_OK;
}

int
cmd_goal(struct cli *c, int argc, char **argv)
{
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "goal", "missing subcommand (add, list, show, status, edit or delete)");
	const char *sub = argv[0];
	if (strcmp(sub, "add") == 0)
		return entity_add(c, MODEL_GOAL, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return goal_list(c, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return goal_show(c, argc - 1, argv + 1);
	if (strcmp(sub, "status") == 0)
		return goal_status(c, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return entity_edit(c, MODEL_GOAL, argc - 1, argv + 1);
	if (strcmp(sub, "delete") == 0)
		return goal_delete(c, argc - 1, argv + 1);
	return cli_fail_unknown(c, "goal", "subcommand", sub, NULL);
}

int
cmd_log(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "note", true, false }, { "at", true, false }, { NULL, false, false },
	};
	struct cli_args a;
	struct table_err err;
	struct model_goal *g = NULL;
	char why[512], ts[TIMEFMT_LEN + 1];
	ms_t at;
	int rc;
	if ((rc = cli_parse(c, "log", argc, argv, opts, 2, 2, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	const struct model_entity *e = model_entity(MODEL_ACTIVITY);
	struct model_activity *act = model_new(MODEL_ACTIVITY);
	if (model_set_text(MODEL_ACTIVITY, act, model_field_by_attr(e, "amount"), a.pos[1], why, sizeof why) != 0 ||
	    model_set_text(MODEL_ACTIVITY, act, model_field_by_attr(e, "goalId"), a.pos[0], why, sizeof why) != 0 ||
	    (cli_get(&a, "note") != NULL &&
	    model_set_text(MODEL_ACTIVITY, act, model_field_by_attr(e, "note"), cli_get(&a, "note"), why, sizeof why) != 0)) {
		rc = cli_fail(c, CLI_USAGE, "log", "%s", why);
		goto out;
	}
	if ((rc = cli_need_user(c)) != CLI_OK)
		goto out;
	at = clock_now_ms();
	if (cli_get(&a, "at") != NULL && (rc = cli_when(c, "log --at", cli_get(&a, "at"), &at)) != CLI_OK)
		goto out;
	timefmt_format(at, ts);
	act->occurred_at = xstrdup(ts);
	act->c.user_id = xstrdup(c->user_id);
	table_err_clear(&err);
	if (store_activity_log(c->t, act, &g, &err) != 0) {
		rc = cli_table_fail(c, "log", &err);
		goto out;
	}
	if (c->json) {
		json_t *doc = model_to_json(MODEL_ACTIVITY, act);
		json_object_set_new(doc, "goal", model_to_json(MODEL_GOAL, g));
		cli_print_json(c, doc);
	} else {
		char amount[DECIMAL_TEXT_MAX], local[PRESENT_TIME_MAX];
		present_time_zone(act->occurred_at, local, sizeof local);
		decimal_format(act->amount.v, amount);
		/* Unit and status are stored text, maybe another client's: never print their control bytes raw. */
		char *unit = utf8_inert(g->unit != NULL ? g->unit : "", false);
		char *status = utf8_inert(g->status != NULL ? g->status : "", false);
		char *goal = inert_amount(g);
		fprintf(c->out, "logged %s %s at %s; goal %s: %s (%s)\n", amount, unit, local, g->goal_id, goal, status);
		free(goal);
		free(unit);
		free(status);
	}
	rc = CLI_OK;
out:
	model_free(MODEL_ACTIVITY, act);
	model_free(MODEL_GOAL, g);
	return rc;
}

struct goal_range {
	const char *goal;
	bool ranged;
	ms_t from, to;
};

static int
goal_acts_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const struct goal_range *r = ctx;
	if (!r->ranged)
		return store_goal_activities(c->t, c->user_id, r->goal, pg, out, err);
	return store_goal_activities_between(c->t, c->user_id, r->goal, r->from, r->to, pg, out, err);
}

int
cmd_activity(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	int rc;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "activity", "missing subcommand (list or delete)");
	if (strcmp(argv[0], "delete") == 0) {
		struct model_goal *g = NULL;
		ms_t ms;
		char ts[TIMEFMT_LEN + 1];
		if ((rc = cli_parse(c, "activity delete", argc - 1, argv + 1, NULL, 2, 2,
		    NULL, &a)) != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		const char *why;
		if (timefmt_parse_rfc3339(a.pos[1], &ms, &why) != 0)
			return cli_fail(c, CLI_USAGE, "activity delete", "'%s': %s", a.pos[1], why);
		timefmt_format(ms, ts);
		if ((rc = cli_need_user(c)) != CLI_OK)
			return rc;
		table_err_clear(&err);
		if (store_activity_delete(c->t, c->user_id, a.pos[0], ts, &g, &err) != 0)
			return cli_table_fail(c, "activity delete", &err);
		if (c->json) {
			cli_print_json(c, model_to_json(MODEL_GOAL, g));
		} else {
			char *goal = inert_amount(g);
			char *status = utf8_inert(g->status != NULL ? g->status : "", false);
			fprintf(c->out, "deleted the activity of %s; goal %s: %s (%s)\n", ts, g->goal_id, goal, status);
			free(goal);
			free(status);
		}
		model_free(MODEL_GOAL, g);
		return CLI_OK;
	}
	if (strcmp(argv[0], "list") != 0)
		return cli_fail_unknown(c, "activity", "subcommand", argv[0], NULL);
	bool has_goal = false;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--goal") == 0 || strncmp(argv[i], "--goal=", 7) == 0)
			has_goal = true;
	if (!has_goal)
		return cmd_range_list(c, MODEL_ACTIVITY, argc - 1, argv + 1);
	static const struct cli_opt opts[] = {
		{ "goal", true, false }, { "from", true, false }, { "to", true, false }, LIST_OPTS,
		{ NULL, false, false },
	};
	struct goal_range r;
	struct list_opts o;
	if ((rc = cli_parse(c, "activity list", argc - 1, argv + 1, opts, 0, 0,
	    NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	memset(&r, 0, sizeof r);
	r.goal = cli_get(&a, "goal");
	r.ranged = cli_has(&a, "from") || cli_has(&a, "to");
	if ((rc = list_options(c, &a, r.ranged ? 0 : LIST_LATEST_DEFAULT, &o)) != CLI_OK)
		return rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if (r.ranged && (rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK)
		return rc;
	if ((rc = entity_check_goal(c, r.goal, "activity list")) != CLI_OK)
		return rc;
	/* Without dates the latest (AP6, newest first); a range oldest first (AP7). */
	if (!r.ranged)
		return list_latest(c, "activity list", goal_acts_page, &r, MODEL_ACTIVITY, &o, "--from/--to");
	return list_ascending(c, "activity list", goal_acts_page, &r, MODEL_ACTIVITY, &o);
}
