/*
 * migrate run | verify | cutover | cleanup | status (issue 5; the work itself
 * is datastore/migrate/). The legacy rows come from the DynamoDB tables
 * named by --goals-table / --activities-table, the config's [legacy]
 * section, the state of an earlier run, else goals / goal-activities; or,
 * with --from-file twice, from the output of `aws dynamodb scan`.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datastore/migrate/dualwrite.h"
#include "datastore/migrate/migrate_map.h"
#include "datastore/migrate/migrate_run.h"
#include "datastore/migrate/migrate_source.h"
#include "datastore/migrate/migrate_state.h"
#include "datastore/migrate/migrate_verify.h"
#include "util/utf8.h"
#include "util/xmalloc.h"


static const struct cli_opt opts[] = {
	{ "segments", true, false },
	{ "dry-run", false, false },
	{ "yes", false, false },
	{ "goals-table", true, false },
	{ "activities-table", true, false },
	{ "from-file", true, true },
	{ NULL, false, false },
};

static volatile sig_atomic_t stop_flag;

static void
on_interrupt(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* What one command shows while it works and what it found. */
struct view {
	struct cli *c;
	bool tty;
	long long last_ms;
	json_t *found;           /* --json: the reports */
};

static void
view_clear(struct view *v)
{
	if (v->tty)
		fputs("\r\033[K", v->c->err);
}

static void
fmt_count(long long n, char *out, size_t size)
{
	if (n < 0)
		xsnprintf(out, size, "?");
	else
		xsnprintf(out, size, "%lld", n);
}

static void
on_progress(void *ctx, const struct migrate_counts *k, bool final)
{
	struct view *v = ctx;
	long long now = clock_real_ms();
	long long done = k->seen[0] + k->seen[1];
	long long total = k->total[0] >= 0 && k->total[1] >= 0 ? k->total[0] + k->total[1] : -1;
	double rate = k->seconds > 0 ? (double)done / k->seconds : 0;
	char g[32], a[32], tg[32], ta[32], left[32] = "";

	if (v->c->json)
		return;
	if (!final && now - v->last_ms < (v->tty ? 100 : 2000))
		return;
	v->last_ms = now;
	fmt_count(k->seen[0], g, sizeof g);
	fmt_count(k->seen[1], a, sizeof a);
	fmt_count(k->total[0], tg, sizeof tg);
	fmt_count(k->total[1], ta, sizeof ta);
	if (total > done && rate > 0)
		xsnprintf(left, sizeof left, ", %.0f s left", (double)(total - done) / rate);
	if (v->tty) {
		char bar[21];
		int fill = total > 0 ? (int)(20 * (done > total ? total : done) / total) : 0;

		for (int i = 0; i < 20; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[20] = '\0';
		fprintf(v->c->err, "\r\033[K[%s] goals %s/%s, activities %s/%s, %.0f rows/s%s", bar, g, tg, a, ta,
		    rate, left);
		if (final)
			fputc('\n', v->c->err);
	} else if (!final)
		fprintf(v->c->err, "migrate: goals %s/%s, activities %s/%s, %.0f rows/s%s\n", g, tg, a, ta, rate,
		    left);
	fflush(v->c->err);
}

static void
on_report(void *ctx, const char *what, const char *key, const char *why)
{
	struct view *v = ctx;
	char *k = utf8_inert(key, false), *w = utf8_inert(why, false);

	if (v->c->json)
		json_array_append_new(v->found, json_pack("{s:s, s:s, s:s}", "kind", what, "key", k, "why", w));
	else {
		view_clear(v);
		fprintf(v->c->out, "%s: %s: %s\n", what, k, w);
		fflush(v->c->out);
	}
	free(k);
	free(w);
}

/* The legacy source: scan files, or the DynamoDB tables. Files are read into files[] (owned by the caller). */
static int
source_open(struct cli *c, const struct cli_args *a, const struct migrate_state *st,
    struct migrate_source *src)
{
	const char *files[2] = { NULL, NULL };
	size_t nf = 0;

	memset(src, 0, sizeof *src);
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].opt->name, "from-file") == 0) {
			if (nf == 2)
				return cli_fail(c, CLI_USAGE, a->cmd, "--from-file is given twice at most: the goals and the activities");
			files[nf++] = a->v[i].value;
		}
	if (nf == 1)
		return cli_fail(c, CLI_USAGE, a->cmd, "--from-file twice: the goals scan and the activities scan");
	if (nf == 2) {
		json_t *items[2];
		int kinds[2];
		char why[512];

		for (int i = 0; i < 2; i++) {
			if (migrate_read_scan_file(files[i], &items[i], why, sizeof why) != 0) {
				if (i == 1)
					json_decref(items[0]);
				return cli_fail(c, CLI_USAGE, a->cmd, "%s", why);
			}
			kinds[i] = migrate_items_kind(items[i]);
		}
		/* By content where the rows tell, else in the order given. */
		bool swap = kinds[0] == MIGRATE_ACTIVITIES || kinds[1] == MIGRATE_GOALS;
		if (kinds[0] >= 0 && kinds[0] == kinds[1]) {
			json_decref(items[0]);
			json_decref(items[1]);
			return cli_fail(c, CLI_USAGE, a->cmd, "both files hold %s: give the goals scan and the activities scan",
			    kinds[0] == MIGRATE_GOALS ? "goals" : "activities");
		}
		src->files[MIGRATE_GOALS] = items[swap ? 1 : 0];
		src->files[MIGRATE_ACTIVITIES] = items[swap ? 0 : 1];
		return CLI_OK;
	}
	/* The legacy tables are other tables of the same store: DynamoDB's, never the embedded one's. */
	if (!table_other_tables(c->t))
		return cli_fail(c, CLI_USAGE, a->cmd,
		    "the legacy tables are DynamoDB tables: use --store dynamodb, or --from-file twice with the output of aws dynamodb scan");
	src->store = c->t;
	const char *g = cli_get(a, "goals-table"), *t = cli_get(a, "activities-table");
	src->tables[MIGRATE_GOALS] = g != NULL ? g : c->cfg.legacy_goals_table != NULL ? c->cfg.legacy_goals_table :
	    st->tables[MIGRATE_GOALS] != NULL ? st->tables[MIGRATE_GOALS] : MIGRATE_GOALS_TABLE;
	src->tables[MIGRATE_ACTIVITIES] = t != NULL ? t : c->cfg.legacy_activities_table != NULL ?
	    c->cfg.legacy_activities_table : st->tables[MIGRATE_ACTIVITIES] != NULL ?
	    st->tables[MIGRATE_ACTIVITIES] : MIGRATE_ACTIVITIES_TABLE;
	for (int k = 0; k < MIGRATE_KINDS; k++)
		if (!config_valid_table_name(src->tables[k]))
			return cli_fail(c, CLI_USAGE, a->cmd, "'%s' is not a table name", src->tables[k]);
	if (strcmp(src->tables[0], src->tables[1]) == 0)
		return cli_fail(c, CLI_USAGE, a->cmd, "the goals and the activities tables are both %s", src->tables[0]);
	if (strcmp(src->tables[0], c->t->name) == 0 || strcmp(src->tables[1], c->t->name) == 0)
		return cli_fail(c, CLI_USAGE, a->cmd, "a legacy table cannot be the single table %s", c->t->name);
	return CLI_OK;
}

static void
source_done(struct migrate_source *src)
{
	json_decref(src->files[0]);
	json_decref(src->files[1]);
}

static void
summary(struct cli *c, const char *cmd, const struct migrate_counts *k, json_t *found, int result)
{
	double rate = k->seconds > 0 ? (double)(k->copied[0] + k->copied[1]) / k->seconds : 0;

	if (c->json) {
		cli_print_json(c, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:f, s:O}",
		    "command", cmd, "result", result == 0 ? "ok" : result == 1 ? "stopped" : "problems",
		    "goalsRead", (json_int_t)k->seen[0], "activitiesRead", (json_int_t)k->seen[1],
		    "goalsCopied", (json_int_t)k->copied[0], "activitiesCopied", (json_int_t)k->copied[1],
		    "profilesCreated", (json_int_t)k->profiles, "skipped", (json_int_t)k->skipped,
		    "notes", (json_int_t)k->notes, "differences", (json_int_t)k->differences,
		    "seconds", k->seconds, "reports", found));
		return;
	}
	if (strcmp(cmd, "verify") == 0)
		fprintf(c->out, "verify: %lld goals and %lld activities compared in %.1f s: %lld difference%s\n",
		    k->seen[0], k->seen[1], k->seconds, k->differences, k->differences == 1 ? "" : "s");
	else
		fprintf(c->out, "%s: %lld goals and %lld activities %s, %lld profiles created, %lld skipped, %lld notes"
		    " in %.1f s (%.0f items/s)\n", cmd, k->copied[0], k->copied[1],
		    strcmp(cmd, "dry run") == 0 ? "would be copied" : "copied", k->profiles, k->skipped, k->notes,
		    k->seconds, rate);
}

/* AILIFE_MIGRATE_PAGE: rows per Scan call, for tests that need many rounds (and for tuning). */
static int
page_limit(void)
{
	const char *e = getenv("AILIFE_MIGRATE_PAGE");
	long n = e != NULL ? strtol(e, NULL, 10) : 0;

	return n > 0 && n <= 100000 ? (int)n : 0;
}

static int
do_run(struct cli *c, const struct cli_args *a, struct migrate_source *src, struct view *v)
{
	struct migrate_opts o;
	struct migrate_counts k;
	struct table_err err;
	struct sigaction sa, old_int, old_term;
	const char *segs = cli_get(a, "segments");
	bool dry = cli_has(a, "dry-run");
	int rc;

	memset(&o, 0, sizeof o);
	if (segs != NULL) {
		char *end;
		long n = strtol(segs, &end, 10);

		if (*end != '\0' || n < 1 || n > MIGRATE_SEGMENTS_MAX)
			return cli_fail(c, CLI_USAGE, a->cmd, "--segments: a number from 1 to %d, not '%s'",
			    MIGRATE_SEGMENTS_MAX, segs);
		o.segments = (int)n;
	}
	o.dry_run = dry;
	o.page_limit = page_limit();
	o.stop = &stop_flag;
	o.progress = on_progress;
	o.report = on_report;
	o.ctx = v;
	/* Ctrl-C ends the round, checkpoints it and stops; a second one kills at once (resumable still). */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_interrupt;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	table_err_clear(&err);
	rc = migrate_run(c->t, src, &o, &k, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rc < 0) {
		view_clear(v);
		return cli_table_fail(c, "migrate run", &err);
	}
	summary(c, dry ? "dry run" : "run", &k, v->found, rc == 1 ? 1 : k.skipped > 0 ? 2 : 0);
	if (rc == 1)
		return cli_fail(c, CLI_FAIL, "migrate run", "stopped; checkpointed: run it again to go on");
	if (k.skipped > 0)
		return cli_fail(c, CLI_FAIL, "migrate run", "%lld legacy rows broke a rule and were not copied (listed above)",
		    k.skipped);
	return CLI_OK;
}

static int
do_verify(struct cli *c, const struct cli_args *a, struct migrate_source *src, struct view *v)
{
	struct migrate_opts o;
	struct migrate_counts k;
	struct table_err err;

	memset(&o, 0, sizeof o);
	o.page_limit = page_limit();
	o.progress = on_progress;
	o.report = on_report;
	o.ctx = v;
	table_err_clear(&err);
	if (migrate_verify(c->t, src, &o, &k, &err) != 0) {
		view_clear(v);
		return cli_table_fail(c, "migrate verify", &err);
	}
	summary(c, "verify", &k, v->found, k.differences == 0 ? 0 : 2);
	return k.differences == 0 ? CLI_OK : CLI_FAIL;
}

/* Asks for a table's name to be typed back; true when it was. */
static bool
confirm(struct cli *c, const char *name)
{
	char line[512];

	fprintf(c->err, "Type the name of the table to delete (%s): ", name);
	fflush(c->err);
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, name) == 0;
}

static int
do_cleanup(struct cli *c, const struct cli_args *a, struct migrate_source *src,
    const struct migrate_state *st)
{
	struct table_err err;

	if (st->phase == NULL || (strcmp(st->phase, "cutover") != 0 && strcmp(st->phase, "cleaned") != 0))
		return cli_fail(c, CLI_FAIL, "migrate cleanup", "refused: the migration is not cut over (phase %s): run migrate cutover first",
		    st->phase != NULL ? st->phase : "none");
	for (int k = 0; k < MIGRATE_KINDS && src->store != NULL; k++)
		if (st->tables[k] != NULL && strcmp(st->tables[k], src->tables[k]) != 0)
			return cli_fail(c, CLI_USAGE, "migrate cleanup",
			    "the migration copied %s, not %s: cleanup deletes only the tables it verified",
			    st->tables[k], src->tables[k]);
	if (!cli_has(a, "yes")) {
		if (src->store != NULL)
			fprintf(c->out, "would delete the DynamoDB tables %s and %s (run again with --yes to delete them)\n",
			    src->tables[0], src->tables[1]);
		else
			fprintf(c->out, "the migration came from files: there are no tables to delete (--yes marks it cleaned)\n");
		return CLI_OK;
	}
	if (src->store != NULL && isatty(STDIN_FILENO) && isatty(fileno(c->err)))
		for (int k = 0; k < MIGRATE_KINDS; k++)
			if (!confirm(c, src->tables[k]))
				return cli_fail(c, CLI_FAIL, "migrate cleanup", "not confirmed: nothing deleted");
	table_err_clear(&err);
	if (migrate_cleanup(c->t, src, &err) != 0)
		return cli_table_fail(c, "migrate cleanup", &err);
	if (!c->json) {
		if (src->store != NULL)
			fprintf(c->out, "deleted the tables %s and %s\n", src->tables[0], src->tables[1]);
		fprintf(c->out, "migration cleaned up\n");
	}
	return CLI_OK;
}

static int
do_status(struct cli *c, const struct migrate_state *st)
{
	if (c->json) {
		json_t *item = migrate_state_item(st);

		json_object_del(item, "PK");
		json_object_del(item, "SK");
		/* Attribute values to plain values, as --json prints everything else. */
		const char *name;
		json_t *av, *doc = json_object();
		json_object_foreach(item, name, av) {
			json_t *v = json_object_get(av, "S");
			if (v == NULL && json_object_get(av, "N") != NULL)
				v = json_integer(strtoll(json_string_value(json_object_get(av, "N")), NULL, 10));
			else if (v != NULL)
				json_incref(v);
			else if (json_object_get(av, "L") != NULL) {
				json_t *l = json_array(), *e;
				size_t i;
				json_array_foreach(json_object_get(av, "L"), i, e)
					json_array_append(l, json_object_get(e, "S"));
				v = l;
			}
			if (v != NULL)
				json_object_set_new(doc, name, v);
		}
		json_object_set_new(doc, "exists", json_boolean(st->exists));
		json_decref(item);
		cli_print_json(c, doc);
		return CLI_OK;
	}
	if (!st->exists) {
		fprintf(c->out, "phase: none (no migration has run)\n");
		return CLI_OK;
	}
	fprintf(c->out, "phase: %s\n", st->phase != NULL ? st->phase : "none");
	if (st->source != NULL && st->tables[0] != NULL && st->tables[1] != NULL)
		fprintf(c->out, "source: %s (%s, %s)\n", st->source, st->tables[0], st->tables[1]);
	else if (st->source != NULL)
		fprintf(c->out, "source: %s\n", st->source);
	fprintf(c->out, "copied: %lld goals, %lld activities, %lld profiles created, %lld skipped, %lld notes\n",
	    st->copied[0], st->copied[1], st->profiles, st->skipped, st->notes);
	for (int k = 0; k < MIGRATE_KINDS && st->segments > 0; k++) {
		int done = 0, begun = 0;

		for (int i = 0; i < st->segments; i++) {
			const char *cp = st->checkpoints[k][i];
			done += cp != NULL && strcmp(cp, MIGRATE_CP_DONE) == 0;
			begun += cp != NULL && strcmp(cp, MIGRATE_CP_DONE) != 0;
		}
		fprintf(c->out, "%s checkpoints: %d of %d segments done, %d under way\n",
		    k == 0 ? "goals" : "activities", done, st->segments, begun);
	}
	if (st->started_at != NULL)
		fprintf(c->out, "started: %s\n", st->started_at);
	if (st->copied_at != NULL)
		fprintf(c->out, "copied at: %s\n", st->copied_at);
	if (st->verified_at != NULL)
		fprintf(c->out, "last verify: %s, %s (%lld differences)\n", st->verified_at,
		    st->last_verify != NULL ? st->last_verify : "?", st->differences);
	else
		fprintf(c->out, "last verify: none\n");
	if (st->last_legacy_write != NULL)
		fprintf(c->out, "last dual write: %s\n", st->last_legacy_write);
	if (st->cutover_at != NULL)
		fprintf(c->out, "cut over: %s\n", st->cutover_at);
	if (st->cleaned_at != NULL)
		fprintf(c->out, "cleaned: %s\n", st->cleaned_at);
	return CLI_OK;
}

int
cmd_migrate(struct cli *c, int argc, char **argv)
{
	static const char *const subs[] = { "run", "verify", "cutover", "cleanup", "status", NULL };
	struct cli_args a;
	struct migrate_state st;
	struct migrate_source src;
	struct table_err err;
	struct view v;
	char cmd[32];
	int rc, s;

	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "migrate", "missing subcommand (run, verify, cutover, cleanup or status)");
	for (s = 0; subs[s] != NULL; s++)
		if (strcmp(argv[0], subs[s]) == 0)
			break;
	if (subs[s] == NULL)
		return cli_fail_unknown(c, "migrate", "subcommand", argv[0], subs);
	xsnprintf(cmd, sizeof cmd, "migrate %s", subs[s]);
	if ((rc = cli_parse(c, cmd, argc - 1, argv + 1, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc;
	if ((cli_has(&a, "segments") || cli_has(&a, "dry-run")) && s != 0)
		return cli_fail(c, CLI_USAGE, cmd, "--segments and --dry-run belong to migrate run");
	if (cli_has(&a, "yes") && s != 3)
		return cli_fail(c, CLI_USAGE, cmd, "--yes belongs to migrate cleanup");
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	/* The migration's own writes are never mirrored back into the legacy tables. */
	c->t = dualwrite_unwrap(c->t);
	table_err_clear(&err);
	if (migrate_state_load(c->t, &st, &err) != 0)
		return cli_table_fail(c, cmd, &err);
	if (s == 4) {
		rc = do_status(c, &st);
		migrate_state_done(&st);
		return rc;
	}
	if (s == 2) {
		migrate_state_done(&st);
		if (migrate_cutover(c->t, &err) != 0)
			return cli_table_fail(c, cmd, &err);
		if (c->json)
			cli_print_json(c, json_pack("{s:s}", "phase", "cutover"));
		else
			fprintf(c->out, "cut over: the single table is the only one now; dual writes have stopped\n");
		return CLI_OK;
	}
	if ((rc = source_open(c, &a, &st, &src)) != CLI_OK) {
		migrate_state_done(&st);
		return rc;
	}
	memset(&v, 0, sizeof v);
	v.c = c;
	v.tty = !c->json && isatty(fileno(c->err));
	v.last_ms = clock_real_ms();
	v.found = json_array();
	if (s == 0)
		rc = do_run(c, &a, &src, &v);
	else if (s == 1)
		rc = do_verify(c, &a, &src, &v);
	else
		rc = do_cleanup(c, &a, &src, &st);
	json_decref(v.found);
	source_done(&src);
	migrate_state_done(&st);
	return rc;
}
