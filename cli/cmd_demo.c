/*
 * ailife demo: a demo user with N days of realistic data ending today (the
 * data clock's today, --now). The generator is datastore/demo.c; this is the
 * command around it: its options, the store, the report and the exit codes.
 */
#include "cli/cli.h"
#include "cli/cmd_sync.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/demo.h"
#include "util/utf8.h"

/* Digits only, no sign or spaces, and no more than max. */
static int
demo_parse_u64(const char *text, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static void
demo_report(struct cli *c, const struct demo_result *r)
{
	char date[11];

	if (c->json) {
		json_t *counts = json_object();
		for (int i = 0; i < MODEL_TYPE_COUNT; i++)
			json_object_set_new(counts, model_entity((enum model_type)i)->label,
			    json_integer((json_int_t)r->counts[i]));
		cli_print_json(c, json_pack("{s:s, s:o}", "userId", r->user_id, "counts", counts));
		return;
	}
	dates_day_format(r->last, date);
	fprintf(c->out, "created demo user %s (%s): %d day%s of data up to %s\n", r->user_id, r->name,
	    r->days, r->days == 1 ? "" : "s", date);
	fprintf(c->out, "  %zu goals, %zu activities, %zu journal entries, %zu meals, %zu workouts\n",
	    r->counts[MODEL_GOAL], r->counts[MODEL_ACTIVITY], r->counts[MODEL_JOURNAL],
	    r->counts[MODEL_MEAL], r->counts[MODEL_WORKOUT]);
	fprintf(c->out, "try:\n  ailife --user %s goal list --status all\n"
	    "  ailife --user %s timeline --from -7d\n", r->user_id, r->user_id);
}

/*
 * A demo user is one whose e-mail address is at example.com (RFC 2606: no
 * person has one), as the generator's default user's is; any other user is
 * somebody's real data.
 */
static bool
demo_is_demo_user(const struct model_user *u)
{
	static const char domain[] = "@example.com";
	size_t n = u->email != NULL ? strlen(u->email) : 0;
	return n > sizeof domain - 1 && strcmp(u->email + n - (sizeof domain - 1), domain) == 0;
}

/* AP2 page by page: refuses (exit 2) when a user who is not a demo user is there. */
static int
demo_check_store(struct cli *c)
{
	struct table_err err;
	char *cursor = NULL;
	int rc = CLI_OK;

	table_err_clear(&err);
	do {
		struct store_list l;
		struct store_page_req pg = { cursor, 100, NULL, NULL };
		int qrc = store_users_list(c->t, pg, &l, &err);
		free(cursor);
		cursor = NULL;
		if (qrc != 0)
			return cli_table_fail(c, "demo", &err);
		for (size_t i = 0; i < l.count && rc == CLI_OK; i++) {
			const struct model_user *u = l.items[i].rec;
			if (l.items[i].type != MODEL_USER || u == NULL || demo_is_demo_user(u))
				continue;
			char *name = utf8_inert(u->name != NULL ? u->name : "", false);
			bool local = c->cfg.store == NULL || strcmp(c->cfg.store, "local") == 0;
			rc = cli_fail(c, CLI_USAGE, "demo", "the store already holds user %s (%s), who is not a demo user: "
			    "put the demo in a store of its own (%s) or give --force", u->c.user_id, name,
			    local ? "--db /tmp/demo.db" : "--table ailife-demo, after 'table create'");
			free(name);
		}
		cursor = rc == CLI_OK ? l.cursor : NULL;
		if (rc == CLI_OK)
			l.cursor = NULL;
		store_list_done(&l);
	} while (cursor != NULL);
	return rc;
}

int
cmd_demo(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "days", true, false }, { "seed", true, false }, { "name", true, false },
		{ "force", false, false }, { NULL, false, false },
	};
	struct cli_args a;
	struct demo_options o;
	struct demo_result r;
	struct table_err err;
	uint64_t days = DEMO_DAYS_DEFAULT, seed = DEMO_SEED_DEFAULT;
	const char *v;
	int rc;

	rc = cli_parse(c, "demo", argc, argv, opts, 0, 0, NULL, &a);
	if (rc < 0)
		return CLI_OK;
	if (rc != CLI_OK)
		return rc;
	if ((v = cli_get(&a, "days")) != NULL && (demo_parse_u64(v, DEMO_DAYS_MAX, &days) != 0 || days < 1))
		return cli_fail(c, CLI_USAGE, "demo", "--days '%s': must be a whole number from 1 to %d",
		    v, DEMO_DAYS_MAX);
	if ((v = cli_get(&a, "seed")) != NULL && demo_parse_u64(v, UINT64_MAX, &seed) != 0)
		return cli_fail(c, CLI_USAGE, "demo",
		    "--seed '%s': must be a whole number from 0 to %" PRIu64, v, UINT64_MAX);

	demo_options_init(&o);
	o.days = (int)days;
	o.seed = seed;
	o.now = clock_now_ms();
	o.name = cli_get(&a, "name");
	/* Before the store is opened: a bad --name is the caller's mistake, whatever the store. */
	if (demo_options_check(&o, &err) != 0) {
		/* --days and --seed were checked above: what is left to refuse is the name. */
		return cli_fail(c, CLI_USAGE, "demo", "--name: %s", err.message);
	}
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (!cli_has(&a, "force") && (rc = demo_check_store(c)) != CLI_OK)
		return rc;
	cli_only_user_remember(c, NULL);       /* the users change: asked again next time */
	if (demo_generate(c->t, &o, &r, &err) != 0) {
		if (r.exists)
			return cli_fail(c, CLI_FAIL, "demo", "demo user %s already exists (use another --seed)",
			    r.user_id);
		return cli_table_fail(c, "demo", &err);
	}
	demo_report(c, &r);
	return CLI_OK;
}
