/* Goals and their activities: goal add/list/show/status/edit/delete, log, activity list/delete. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_lists.h"
#include "cli/cmd_sync.h"
#include "cli/entity.h"
#include "cli/names.h"
#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/present.h"
#include "datastore/store_near.h"
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

struct goals_ctx {
	const char *status;      /* NULL: all */
	struct list_filter filter;
};

static int
goals_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const struct goals_ctx *k = ctx;
	int rc = k->status == NULL ? store_goals_list(c->t, c->user_id, pg, out, err) :
	    store_goals_by_status(c->t, c->user_id, k->status, pg, out, err);
	if (rc == 0)
		list_filter_page(&k->filter, out);
	return rc;
}

static int
goal_list(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "status", true, false }, { "category", true, false }, LIST_OPTS, { NULL, false, false },
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
	struct goals_ctx k = { status, { .category = cli_get(&a, "category") } };
	if (k.filter.category != NULL && k.filter.category[0] == '\0')
		return cli_fail(c, CLI_USAGE, "goal list", "--category '': give a category");
	return list_sorted(c, "goal list", goals_page, &k, MODEL_GOAL, &o);
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
	if ((rc = cli_need_user_lazy(c)) != CLI_OK)
		return rc;
	struct model_goal *seen = NULL;
	table_err_clear(&err);
	if (!c->explain && keys_id_valid(a.pos[0])) {
		/* Issue 15: by id, the goal, its activities, its links, the profile and the goals (names) at once. */
		struct model_user *profile = NULL;
		struct store_list goals;
		struct store_extras ex = { c->user_id, &profile, c->goals_read ? NULL : &goals };
		bool with = c->profile_pending;
		if (store_goal_view(c->t, c->user_id, a.pos[0], 10, 20, with ? &ex : NULL, &seen, &acts, &links, &err) != 0) {
			if (with && err.status == TABLE_NOT_FOUND && c->user_recalled)
				cli_only_user_remember(c, NULL);
			return cli_table_fail(c, with && err.status == TABLE_NOT_FOUND ? "user" : "goal show", &err);
		}
		if (with) {
			cli_profile_arrived(c, profile);
			if (ex.goals != NULL)
				names_goals_given(c, &goals);
		}
		if (seen == NULL) {
			store_list_done(&acts);
			store_list_done(&links);
		}
	}
	if (c->profile_pending && (rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if (seen != NULL) {
		rec = seen;
	} else if ((rc = names_resolve(c, MODEL_GOAL, a.pos[0], "goal show", 0, &rec)) != CLI_OK) {
		return rc;
	}
	const char *goal_id = ((struct model_goal *)rec)->goal_id;
	struct store_page_req recent = { NULL, 10, NULL, NULL }, linked = { NULL, 20, NULL, NULL };
	table_err_clear(&err);
	if (seen == NULL && store_goal_activities(c->t, c->user_id, goal_id, recent, &acts, &err) != 0) {
		model_free(MODEL_GOAL, rec);
		return cli_table_fail(c, "goal show", &err);
	}
	/* Linked entries other than activities: the activities are shown above. */
	if (seen == NULL && store_goal_links(c->t, goal_id, -1, linked, &links, &err) != 0) {
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
	if ((rc = cli_need_user_lazy(c)) != CLI_OK)
		return rc;
	if ((rc = cli_resolve_record(c, MODEL_GOAL, a.pos[0], "goal status", 0, &rec)) != CLI_OK)
		return rc;
	struct model_goal *g = rec;
	table_err_clear(&err);
	char *old = xstrdup(g->status);
	bool queued;
	if ((rc = cli_write_status(c, g, a.pos[1], &queued)) != CLI_OK) {
		/* said */
	} else if (queued) {
		if (c->json)
			cli_print_json(c, json_pack("{s:s, s:s, s:s}", "queued", "status", "goal", g->goal_id, "status", a.pos[1]));
		else
			fprintf(c->out, "goal %s: status %s queued\n", g->goal_id, a.pos[1]);
	} else {
		if (c->json)
			cli_print_json(c, model_to_json(MODEL_GOAL, g));
		else {
			/* The old status is stored text, maybe another client's: never print its control bytes raw. */
			char *was = utf8_inert(old, false);
			char *label = names_goal_label(g);
			fprintf(c->out, "goal %s: %s -> %s\n", label, was, g->status);
			free(label);
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
	void *rec;
	if ((rc = names_resolve(c, MODEL_GOAL, a.pos[0], "goal delete", 0, &rec)) != CLI_OK)
		return rc;
	struct model_goal *g = rec;
	table_err_clear(&err);
	if (store_goal_delete(c->t, c->user_id, g->goal_id, &acts, &links, &err) != 0) {
		model_free(MODEL_GOAL, g);
		return cli_table_fail(c, "goal delete", &err);
	}
	if (c->json) {
		cli_print_json(c, json_pack("{ss ss sI sI}", "deleted", "GOAL", "id", g->goal_id,
		    "activities", (json_int_t)acts, "unlinked", (json_int_t)links));
	} else {
		char *label = names_goal_label(g);
		fprintf(c->out, "deleted goal %s (%zu activities; %zu entries unlinked)\n", label, acts, links);
		free(label);
	}
	model_free(MODEL_GOAL, g);
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
	struct model_goal *g = NULL, *g_read = NULL;
	char why[512], ts[TIMEFMT_LEN + 1];
	ms_t at;
	int rc;
	if ((rc = cli_parse(c, "log", argc, argv, opts, 2, 2, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	const struct model_entity *e = model_entity(MODEL_ACTIVITY);
	struct model_activity *act = model_new(MODEL_ACTIVITY);
	if (model_set_text(MODEL_ACTIVITY, act, model_field_by_attr(e, "amount"), a.pos[1], why, sizeof why) != 0 ||
	    (cli_get(&a, "note") != NULL &&
	    model_set_text(MODEL_ACTIVITY, act, model_field_by_attr(e, "note"), cli_get(&a, "note"), why, sizeof why) != 0)) {
		rc = cli_fail(c, CLI_USAGE, "log", "%s", why);
		goto out;
	}
	if ((rc = cli_need_user_lazy(c)) != CLI_OK)
		goto out;
	/* By id: the goal and the profile in one round trip, and the goal read is the one the log starts from. */
	if (c->profile_pending && !c->offline && keys_id_valid(a.pos[0])) {
		struct model_user *profile = NULL;
		void *grec = NULL;
		table_err_clear(&err);
		if (store_get_with_profile(c->t, MODEL_GOAL, c->user_id, a.pos[0], &grec, &profile, &err) != 0) {
			if (cli_outbox_offline(c, &err) != CLI_OK) {
				rc = cli_fail_in(c, cli_status_code(err.status), "user", "%s", err.message);
				goto out;
			}
		} else {
			cli_profile_arrived(c, profile);
			g_read = grec;
		}
	}
	if (c->profile_pending && !c->offline && (rc = cli_need_user(c)) != CLI_OK)
		goto out;
	/* "log run 5": the one active goal whose title says "run" will do. */
	if (g_read != NULL) {
		act->goal_id = xstrdup(g_read->goal_id);
	} else if (c->offline) {
		/* Out of reach: a goal this client wrote, else the id as given (checked when it is sent). */
		void *grec = NULL;
		if (keys_id_valid(a.pos[0]) && cli_outbox_find(c, MODEL_GOAL, a.pos[0], "log", true, &grec) == CLI_OK) {
			act->goal_id = xstrdup(((struct model_goal *)grec)->goal_id);
			model_free(MODEL_GOAL, grec);
		} else if ((act->goal_id = cli_outbox_goal_titled(c, a.pos[0])) != NULL) {
			/* The one active goal written from here whose title says so. */
		} else if (keys_id_valid(a.pos[0])) {
			act->goal_id = xstrdup(a.pos[0]);
		} else {
			rc = cli_fail(c, CLI_USAGE, "log", "DynamoDB cannot be reached: name the goal by its id "
			    "(or the title of one active goal written from here)");
			goto out;
		}
	} else if ((rc = names_resolve_id(c, MODEL_GOAL, a.pos[0], "log", NAMES_PREFER_ACTIVE, &act->goal_id)) != CLI_OK)
		goto out;
	at = clock_now_ms();
	if (cli_get(&a, "at") != NULL && (rc = cli_when(c, "--at", cli_get(&a, "at"), &at)) != CLI_OK)
		goto out;
	timefmt_format(at, ts);
	act->occurred_at = xstrdup(ts);
	act->c.user_id = xstrdup(c->user_id);
	table_err_clear(&err);
	char before[STORE_STATUS_MAX];
	bool queued;
	if ((rc = cli_write_log(c, act, g_read, &g, before, &queued)) != CLI_OK)
		goto out;
	if (queued) {
		char amount[DECIMAL_TEXT_MAX], local[PRESENT_TIME_MAX];
		present_time_zone(act->occurred_at, local, sizeof local);
		decimal_format(act->amount.v, amount);
		if (c->json)
			cli_print_json(c, model_to_json(MODEL_ACTIVITY, act));
		else
			fprintf(c->out, "queued: log %s at %s toward goal %s\n", amount, local, act->goal_id);
		rc = CLI_OK;
		goto out;
	}
	/* A log to a goal that is not active says so: its status stays as the user set it. */
	const char *note = store_log_note(before);
	if (note != NULL)
		fprintf(c->err, "ailife: log: note: %s\n", note);
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
		char *label = names_goal_label(g);
		fprintf(c->out, "logged %s %s at %s; goal %s: %s (%s)\n", amount, unit, local, label, goal, status);
		free(label);
		free(goal);
		free(unit);
		free(status);
	}
	rc = CLI_OK;
out:
	model_free(MODEL_GOAL, g_read);
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

/* The activity named by the words of show / edit / delete: HANDLE, or GOAL AT. */
static int
activity_named(struct cli *c, const struct cli_args *a, const char *what, struct model_activity **act)
{
	if (a->npos == 1)
		return names_activity_resolve(c, a->pos[0], what, act);
	return names_activity_resolve2(c, a->pos[0], a->pos[1], what, act);
}

/* "goal 'Run': 12/100 km (active)", the goal's part of a confirmation (new string). */
static char *
goal_after(const struct model_goal *g)
{
	char *label = names_goal_label(g);
	char *amount = inert_amount(g);
	char *status = utf8_inert(g->status != NULL ? g->status : "", false);
	char *text = xasprintf("goal %s: %s (%s)", label, amount, status);
	free(label);
	free(amount);
	free(status);
	return text;
}

static int
activity_show(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct model_activity *act;
	char handle[NAMES_HANDLE_MAX];
	int rc;
	if ((rc = cli_parse(c, "activity show", argc, argv, NULL, 1, 2, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if ((rc = activity_named(c, &a, "activity show", &act)) != CLI_OK)
		return rc;
	if (!c->json) {
		const char *title = names_goal_title(c, act->goal_id);
		char *inert = utf8_inert(title != NULL ? title : act->goal_id, false);
		names_activity_handle_of(c, act, handle, sizeof handle);
		fprintf(c->out, "handle:     %s\ngoal title: %s\n", handle, inert);
		free(inert);
	}
	entity_print(c, MODEL_ACTIVITY, act);
	model_free(MODEL_ACTIVITY, act);
	return CLI_OK;
}

static int
activity_edit(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "amount", true, false }, { "note", true, false }, { "at", true, false }, { NULL, false, false },
	};
	struct cli_args a;
	struct table_err err;
	struct store_activity_change ch;
	struct model_activity *act = NULL, *now = NULL;
	struct model_goal *g = NULL;
	char why[512];
	int rc;
	if ((rc = cli_parse(c, "activity edit", argc, argv, opts, 1, 2, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (a.n == 0)
		return cli_fail(c, CLI_USAGE, "activity edit", "nothing to change (give --amount, --note or --at)");
	memset(&ch, 0, sizeof ch);
	if (cli_get(&a, "amount") != NULL) {
		/* The model reads the number as log does: canonical, above 0, at most 3 decimals. */
		struct model_activity *probe = model_new(MODEL_ACTIVITY);
		int bad = model_set_text(MODEL_ACTIVITY, probe, model_field_by_attr(model_entity(MODEL_ACTIVITY), "amount"),
		    cli_get(&a, "amount"), why, sizeof why);
		ch.amount = probe->amount.v;
		model_free(MODEL_ACTIVITY, probe);
		if (bad != 0)
			return cli_fail(c, CLI_USAGE, "activity edit", "--amount: %s", why);
		ch.amount_set = true;
	}
	if (cli_has(&a, "note")) {
		ch.note_set = true;
		ch.note = cli_get(&a, "note");
	}
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if (cli_get(&a, "at") != NULL) {
		if ((rc = cli_when(c, "activity edit --at", cli_get(&a, "at"), &ch.at)) != CLI_OK)
			return rc;
		ch.at_set = true;
	}
	if ((rc = activity_named(c, &a, "activity edit", &act)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (store_activity_edit(c->t, act, &ch, &now, &g, &err) != 0) {
		rc = cli_table_fail(c, "activity edit", &err);
		goto out;
	}
	if (c->json) {
		json_t *doc = model_to_json(MODEL_ACTIVITY, now);
		json_object_set_new(doc, "goal", model_to_json(MODEL_GOAL, g));
		cli_print_json(c, doc);
	} else {
		char handle[NAMES_HANDLE_MAX], amount[DECIMAL_TEXT_MAX], local[PRESENT_TIME_MAX];
		names_activity_handle_of(c, now, handle, sizeof handle);
		decimal_format(now->amount.v, amount);
		present_time_zone(now->occurred_at, local, sizeof local);
		char *goal = goal_after(g);
		fprintf(c->out, "edited %s: %s at %s; %s\n", handle, amount, local, goal);
		free(goal);
	}
	rc = CLI_OK;
out:
	model_free(MODEL_ACTIVITY, act);
	model_free(MODEL_ACTIVITY, now);
	model_free(MODEL_GOAL, g);
	return rc;
}

static int
activity_delete(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	struct model_activity *act;
	struct model_goal *g = NULL;
	int rc;
	if ((rc = cli_parse(c, "activity delete", argc, argv, NULL, 1, 2, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if ((rc = activity_named(c, &a, "activity delete", &act)) != CLI_OK)
		return rc;
	char handle[NAMES_HANDLE_MAX], local[PRESENT_TIME_MAX];
	if (!c->json)
		names_activity_handle_of(c, act, handle, sizeof handle);
	table_err_clear(&err);
	if (store_activity_delete(c->t, c->user_id, act->goal_id, act->occurred_at, &g, &err) != 0) {
		model_free(MODEL_ACTIVITY, act);
		return cli_table_fail(c, "activity delete", &err);
	}
	if (c->json) {
		cli_print_json(c, model_to_json(MODEL_GOAL, g));
	} else {
		present_time_zone(act->occurred_at, local, sizeof local);
		char *goal = goal_after(g);
		fprintf(c->out, "deleted the activity %s (%s); %s\n", handle, local, goal);
		free(goal);
	}
	model_free(MODEL_ACTIVITY, act);
	model_free(MODEL_GOAL, g);
	return CLI_OK;
}

int
cmd_activity(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	int rc;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "activity", "missing subcommand (list, show, edit or delete)");
	if (strcmp(argv[0], "show") == 0)
		return activity_show(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "edit") == 0)
		return activity_edit(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "delete") == 0)
		return activity_delete(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "list") != 0)
		return cli_fail_unknown(c, "activity", "subcommand", argv[0], NULL);
	bool has_goal = false;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--goal") == 0 || strncmp(argv[i], "--goal=", 7) == 0)
			has_goal = true;
	if (!has_goal)
		return cmd_range_list(c, MODEL_ACTIVITY, argc - 1, argv + 1);
	static const struct cli_opt opts[] = {
		{ "goal", true, false }, RANGE_OPTS, LIST_OPTS,
		{ NULL, false, false },
	};
	struct goal_range r;
	struct list_opts o;
	if ((rc = cli_parse(c, "activity list", argc - 1, argv + 1, opts, 0, 0,
	    NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	memset(&r, 0, sizeof r);
	r.goal = cli_get(&a, "goal");
	r.ranged = RANGE_GIVEN(&a);
	if ((rc = list_options(c, &a, r.ranged ? 0 : LIST_LATEST_DEFAULT, &o)) != CLI_OK)
		return rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if (r.ranged && (rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK)
		return rc;
	char *goal_id;
	if ((rc = names_resolve_id(c, MODEL_GOAL, r.goal, "activity list", 0, &goal_id)) != CLI_OK)
		return rc;
	r.goal = goal_id;
	/* Without dates the latest (AP6, newest first); a range oldest first (AP7). */
	if (!r.ranged)
		rc = list_latest(c, "activity list", goal_acts_page, &r, MODEL_ACTIVITY, &o, "--from/--to");
	else
		rc = list_ascending(c, "activity list", goal_acts_page, &r, MODEL_ACTIVITY, &o);
	free(goal_id);
	return rc;
}
