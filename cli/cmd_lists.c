/* Lists over time and the record commands of journal entries, meals, workouts and users. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_lists.h"
#include "cli/entity.h"
#include "datastore/decimal.h"
#include "datastore/present.h"
#include "datastore/store_collect.h"
#include "util/xmalloc.h"

#define LIST_LIMIT_MAX 100000

/* Reads --limit: how many records a list shows at most. */
int
list_limit(struct cli *c, const struct cli_args *a, size_t def, size_t *limit)
{
	const char *v = cli_get(a, "limit");
	long long n;
	const char *why;
	*limit = def;
	if (v == NULL)
		return CLI_OK;
	if (decimal_parse_int(v, &n, &why) != 0 || n < 1 || n > LIST_LIMIT_MAX)
		return cli_fail(c, CLI_USAGE, a->cmd, "--limit '%s': must be a whole number from 1 to %d", v,
		    LIST_LIMIT_MAX);
	*limit = (size_t)n;
	return CLI_OK;
}

/* list_collect's page function over the command's: the profile rides with the first page. */
struct collect_ctx {
	struct cli *c;
	page_fn fn;
	const void *ctx;
	int rc;                  /* an exit code already reported (the user), else CLI_OK */
	bool profile_missing;    /* the first page's failure is the profile's */
};

static int
collect_page(void *arg, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct collect_ctx *k = arg;
	struct cli *c = k->c;
	struct model_user *profile = NULL;
	bool first = c->profile_pending;
	if (first) {
		/* The profile travels with the first page (cli_need_user_soon). */
		pg.profile_user = c->user_id;
		pg.profile = &profile;
	}
	table_err_clear(err);
	if (k->fn(c, k->ctx, pg, page, err) != 0) {
		k->profile_missing = first && profile == NULL && err->status == TABLE_NOT_FOUND;
		return -1;
	}
	if (profile != NULL) {
		cli_profile_arrived(c, profile);
	} else if (first && (k->rc = cli_need_user(c)) != CLI_OK) {
		/* A page that asked nothing (an empty range) brought no profile. */
		store_list_done(page);
		return table_err_set(err, TABLE_ERROR, "the user: reported");
	}
	return 0;
}

/*
 * Collects pages of a pattern until it is done or max records are in
 * (store_collect); a list cut short says so on stderr. Pages are never larger
 * than needed.
 */
int
list_collect(struct cli *c, const char *what, page_fn fn, const void *ctx, size_t max, struct store_list *all)
{
	struct collect_ctx k = { c, fn, ctx, CLI_OK, false };
	struct table_err err;
	bool cut = false;
	table_err_clear(&err);
	if (store_collect(collect_page, &k, 1000, max, all, &cut, &err) != 0) {
		if (k.rc != CLI_OK)
			return k.rc;
		return cli_table_fail(c, k.profile_missing ? "user" : what, &err);
	}
	if (cut)
		fprintf(c->err, "ailife: %s: showing the first %zu; narrow the dates or raise --limit\n", what, max);
	return CLI_OK;
}

struct range_ctx {
	enum model_type type;
	ms_t from, to;
	bool newest_first;
};

static int
range_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const struct range_ctx *r = ctx;
	return store_range(c->t, c->user_id, r->type, r->from, r->to, r->newest_first, pg, out, err);
}

static int
journal_latest_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	return store_journal_latest(c->t, c->user_id, pg, out, err);
}

static const struct cli_opt range_opts[] = {
	{ "from", true, false },
	{ "to", true, false },
	{ "limit", true, false },
	{ NULL, false, false },
};

int
cmd_range_list(struct cli *c, enum model_type type, int argc, char **argv)
{
	struct cli_args a;
	struct range_ctx r = { .type = type };
	struct store_list l;
	char what[64];
	size_t limit;
	int rc;
	snprintf(what, sizeof what, "%s list", model_entity(type)->label);
	if ((rc = cli_parse(c, what, argc, argv, range_opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = list_limit(c, &a, type == MODEL_JOURNAL ? 20 : LIST_LIMIT_DEFAULT, &limit)) != CLI_OK)
		return rc;
	if ((rc = cli_need_user_soon(c)) != CLI_OK)
		return rc;
	if (type == MODEL_JOURNAL && !cli_has(&a, "from") && !cli_has(&a, "to")) {
		/* The latest page of the journal (AP13). */
		if ((rc = list_collect(c, what, journal_latest_page, NULL, limit, &l)) != CLI_OK)
			return rc;
	} else {
		/* Days in the machine's zone until the profile (with the first page) tells the user's. */
		if ((rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK)
			return rc;
		r.newest_first = type == MODEL_JOURNAL;
		if ((rc = list_collect(c, what, range_page, &r, limit, &l)) != CLI_OK)
			return rc;
		if (c->zone_changed) {
			ms_t from = r.from, to = r.to;
			if ((rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK) {
				store_list_done(&l);
				return rc;
			}
			if (r.from != from || r.to != to) {
				/* The user's days are other instants: ask again. */
				store_list_done(&l);
				if ((rc = list_collect(c, what, range_page, &r, limit, &l)) != CLI_OK)
					return rc;
			}
		}
	}
	entity_print_list(c, &l, type == MODEL_MEAL);
	store_list_done(&l);
	return CLI_OK;
}

/* The record commands every kind shares: add, list, show, edit, delete. */
static int
record_cmd(struct cli *c, enum model_type type, int argc, char **argv)
{
	const char *label = model_entity(type)->label;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, label, "missing subcommand (add, list, show, edit or delete)");
	const char *sub = argv[0];
	if (strcmp(sub, "add") == 0)
		return entity_add(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_range_list(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return entity_show(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return entity_edit(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "delete") == 0)
		return entity_delete(c, type, argc - 1, argv + 1);
	return cli_fail_unknown(c, label, "subcommand", sub, NULL);
}

int
cmd_journal(struct cli *c, int argc, char **argv)
{
	return record_cmd(c, MODEL_JOURNAL, argc, argv);
}

int
cmd_meal(struct cli *c, int argc, char **argv)
{
	return record_cmd(c, MODEL_MEAL, argc, argv);
}

int
cmd_workout(struct cli *c, int argc, char **argv)
{
	return record_cmd(c, MODEL_WORKOUT, argc, argv);
}

static int
time_cmp(const void *pa, const void *pb)
{
	const struct store_item *a = pa, *b = pb;
	const char *ta = present_occurred_at(a->type, a->rec), *tb = present_occurred_at(b->type, b->rec);
	int r = strcmp(ta != NULL ? ta : "", tb != NULL ? tb : "");
	if (r != 0)
		return r;
	return (int)a->type - (int)b->type;
}

int
cmd_timeline(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "from", true, false }, { "to", true, false }, { "type", true, true }, { "limit", true, false },
		{ NULL, false, false },
	};
	static const enum model_type kinds[] = { MODEL_ACTIVITY, MODEL_JOURNAL, MODEL_MEAL, MODEL_WORKOUT };
	struct cli_args a;
	struct store_list all;
	bool want[MODEL_TYPE_COUNT] = { false };
	bool any = false;
	size_t limit;
	int rc;
	if ((rc = cli_parse(c, "timeline", argc, argv, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	for (size_t i = 0; i < a.n; i++) {
		if (strcmp(a.v[i].opt->name, "type") != 0)
			continue;
		const struct model_entity *e = model_entity_by_name(a.v[i].value);
		if (e == NULL || !e->gsi2)
			return cli_fail(c, CLI_USAGE, "timeline", "--type '%s': use activity, journal, meal or workout",
			    a.v[i].value);
		want[e->type] = true;
		any = true;
	}
	if ((rc = list_limit(c, &a, LIST_LIMIT_DEFAULT, &limit)) != CLI_OK)
		return rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	struct range_ctx r;
	if ((rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK)
		return rc;
	/* The first page of every kind at once; then the rest of each kind page by page. */
	enum model_type chosen[4];
	struct store_list first[4];
	struct table_err err;
	size_t n = 0;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		if (!any || want[kinds[k]])
			chosen[n++] = kinds[k];
	table_err_clear(&err);
	memset(&all, 0, sizeof all);
	if (store_ranges(c->t, c->user_id, chosen, n, r.from, r.to, false, limit > 1000 ? 1000 : (int)limit, first,
	    &err) != 0)
		return cli_table_fail(c, "timeline", &err);
	for (size_t k = 0; k < n; k++) {
		char *cursor = first[k].cursor;
		first[k].cursor = NULL;
		store_list_append(&all, &first[k]);
		store_list_done(&first[k]);
		while (cursor != NULL && all.count < limit) {
			struct store_list l;
			struct store_page_req pg = { cursor, 1000, NULL, NULL };
			r.type = chosen[k];
			r.newest_first = false;
			rc = range_page(c, &r, pg, &l, &err);
			free(cursor);
			cursor = NULL;
			if (rc != 0) {
				store_list_done(&all);
				for (size_t j = k + 1; j < n; j++)
					store_list_done(&first[j]);
				return cli_table_fail(c, "timeline", &err);
			}
			cursor = l.cursor;
			l.cursor = NULL;
			store_list_append(&all, &l);
			store_list_done(&l);
		}
		free(cursor);
	}
	if (all.count > 1)
	qsort(all.items, all.count, sizeof *all.items, time_cmp);
	if (all.count > limit) {
		for (size_t i = limit; i < all.count; i++)
			model_free(all.items[i].type, all.items[i].rec);
		all.count = limit;
		fprintf(c->err, "ailife: timeline: showing the first %zu; narrow the dates or raise --limit\n", limit);
	}
	entity_print_list(c, &all, false);
	store_list_done(&all);
	return CLI_OK;
}
