#include "cli/cli.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cmd_sync.h"
#include "cli/commands.h"
#include "cli/zone_cache.h"
#include "config/aws.h"
#include "datastore/dates.h"
#include "datastore/open.h"
#include "datastore/present.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

int
cli_fail(struct cli *c, int code, const char *what, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* Messages can carry values from outside: never send their control bytes raw. */
	char *safe = utf8_inert(msg, false), *safe_what = utf8_inert(what, false);
	fprintf(c->err, "ailife: %s: %s\n", safe_what, safe);
	free(safe_what);
	free(safe);
	return code;
}

int
cli_fail_in(struct cli *c, int code, const char *what, const char *fmt, ...)
{
	va_list ap;
	char msg[1024], where[256];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->cmd != NULL)
		snprintf(where, sizeof where, "%s: %s", c->cmd, what);
	else
		snprintf(where, sizeof where, "%s", what);
	return cli_fail(c, code, where, "%s", msg);
}

size_t
cli_edit_distance(const char *a, const char *b)
{
	enum { MAX = 64 };
	size_t n = strlen(a), m = strlen(b);
	size_t d[MAX + 1][MAX + 1];
	if (n > MAX || m > MAX)
		return (size_t)-1;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
			size_t best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < best)
				best = d[i - 1][j - 1] + cost;
			/* A transposition of two neighbours ("lsit") is one edit. */
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[n][m];
}

const char *
cli_nearest(const char *typed, const char *const *candidates)
{
	const char *best = NULL, *prefixed = NULL;
	size_t best_d = (size_t)-1, len = strlen(typed), prefixes = 0;
	if (candidates == NULL || len == 0)
		return NULL;
	for (size_t i = 0; candidates[i] != NULL; i++) {
		if (strncasecmp(candidates[i], typed, len) == 0) {
			prefixed = candidates[i];
			prefixes++;
		}
		size_t d = cli_edit_distance(typed, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	if (prefixes == 1)
		return prefixed;
	if (best == NULL)
		return NULL;
	/* Near enough: one edit in a short word, two in a longer one, never more than three. */
	size_t longest = len > strlen(best) ? len : strlen(best);
	size_t limit = longest <= 4 ? 1 : longest <= 8 ? 2 : 3;
	return best_d <= limit ? best : NULL;
}

int
cli_fail_unknown(struct cli *c, const char *cmd, const char *what, const char *typed,
    const char *const *candidates)
{
	const char *subs[32];
	char names[32][16];
	char see[96];
	char first[32];
	snprintf(first, sizeof first, "%.*s", cmd != NULL ? (int)strcspn(cmd, " ") : 0, cmd != NULL ? cmd : "");
	const struct cli_command *k = cmd != NULL ? cli_command_find(first) : NULL;
	if (candidates == NULL && k != NULL) {
		cli_subcommands(k, subs, names, 32);
		candidates = subs;
	}
	/* An option is suggested with its dashes, as it is typed. */
	bool dashes = strncmp(typed, "--", 2) == 0;
	const char *near = cli_nearest(dashes ? typed + 2 : typed, candidates);
	if (k != NULL)
		snprintf(see, sizeof see, "see ailife %s --help", cmd);
	else
		snprintf(see, sizeof see, "see ailife --help");
	char where[160];
	if (cmd != NULL)
		snprintf(where, sizeof where, "%s: %s", cmd, typed);
	else
		snprintf(where, sizeof where, "%s", typed);
	if (near != NULL)
		return cli_fail(c, CLI_USAGE, where, "unknown %s; did you mean '%s%s'? (%s)", what, dashes ? "--" : "", near,
		    see);
	return cli_fail(c, CLI_USAGE, where, "unknown %s (%s)", what, see);
}

int
cli_status_code(enum table_status status)
{
	switch (status) {
	case TABLE_OK:
		return CLI_OK;
	case TABLE_INVALID:
	case TABLE_TOO_LARGE:
		return CLI_USAGE;
	default:
		return CLI_FAIL;
	}
}

int
cli_table_fail(struct cli *c, const char *what, const struct table_err *err)
{
	return cli_fail(c, cli_status_code(err->status), what, "%s",
	    err->message[0] != '\0' ? err->message : "failed");
}

/*
 * The DynamoDB settings of the AWS chain into o, with its warnings on stderr
 * and its refusals as exit codes; secrets nowhere. s holds what o borrows.
 */
static int
aws_options(struct cli *c, struct aws_settings *s, struct store_open_options *o)
{
	char *aerr = NULL;
	int rc;
	if (cli_aws_resolve(c, s, &aerr) != 0) {
		rc = cli_fail_in(c, CLI_USAGE, "aws", "%s", aerr != NULL ? aerr : "could not read the AWS settings");
		free(aerr);
		return rc;
	}
	if (s->warning != NULL)
		fprintf(c->err, "ailife: warning: %s\n", s->warning);
	if (s->region == NULL && !c->explain)
		return cli_fail_in(c, CLI_USAGE, "aws", "no region: use --region, AWS_REGION or region in the profile of %s",
		    s->config_file != NULL ? s->config_file : "~/.aws/config");
	if (s->chain.kind == AWS_SRC_NONE && !c->explain)
		return cli_fail_in(c, CLI_USAGE, "aws",
		    "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in %s (profile '%s')",
		    s->credentials_file != NULL ? s->credentials_file : "~/.aws/credentials",
		    s->profile != NULL ? s->profile : "default");
	if (s->endpoint != NULL && strncmp(s->endpoint, "http://", 7) == 0 && !aws_url_is_loopback(s->endpoint))
		fprintf(c->err, "ailife: warning: %s is plain http: requests and data cross the network unencrypted\n",
		    s->endpoint);
	o->region = s->region;
	o->endpoint = s->endpoint;
	o->access_key_id = s->access_key_id;
	o->secret_access_key = s->secret_access_key;
	o->session_token = s->session_token;
	o->aws_chain = &s->chain;
	return CLI_OK;
}

/*
 * Opens the store through datastore/open.h with the settings resolved here
 * (config, environment, options, the AWS chain); the refusals and warnings
 * are said here, in the words of cli.md.
 */
int
cli_open_store(struct cli *c)
{
	struct store_open_options o;
	struct store_open_warnings w;
	struct aws_settings s;
	struct table_err err;
	char *db = NULL;
	int rc = CLI_OK;
	if (c->t != NULL)
		return CLI_OK;
	/* Every way to the store passes here: the settings are resolved by now. */
	if ((rc = cli_settle(c)) != CLI_OK)
		return rc;
	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	memset(&w, 0, sizeof w);
	o.store = c->cfg.store != NULL ? c->cfg.store : "local";
	o.table = c->cfg.table != NULL ? c->cfg.table : CLI_TABLE_DEFAULT;
	o.explain = c->explain;
	o.explain_out = c->out;
	o.legacy_goals_table = c->cfg.legacy_goals_table;
	o.legacy_activities_table = c->cfg.legacy_activities_table;
	o.dual_write = c->cfg.legacy_dual_write == 1;
	o.read_only = c->read_only;
	/* --explain shows the DynamoDB requests whatever the store: they are the contract. */
	if (store_open_dynamodb(&o)) {
		if ((rc = aws_options(c, &s, &o)) != CLI_OK)
			goto out;
	} else if (strcmp(o.store, "local") == 0) {
		db = c->cfg.db != NULL ? xstrdup(c->cfg.db) : config_default_db();
		if (db == NULL) {
			rc = cli_fail_in(c, CLI_FAIL, "store", "no database path: set --db, AILIFE_DB, XDG_DATA_HOME or HOME");
			goto out;
		}
		o.db = db;
	}
	if (store_open_dynamodb(&o)) {
		free(c->store_scope);
		c->store_scope = xstrdup(o.endpoint != NULL ? o.endpoint : o.region != NULL ? o.region : "");
	}
	table_err_clear(&err);
	if (store_open(&o, &c->t, &w, &err) != 0)
		rc = cli_fail_in(c, cli_status_code(err.status), store_open_dynamodb(&o) ? "dynamodb" : "store", "%s",
		    err.message[0] != '\0' ? err.message : "could not open");
	for (size_t i = 0; i < w.count; i++)
		fprintf(c->err, "ailife: warning: %s\n", w.text[i]);
	store_open_warnings_done(&w);
out:
	free(db);
	aws_settings_done(&s);
	return rc;
}

#define USERS_NAMED 5

/*
 * Without --user, AILIFE_USER or the config's user: the only user. None or
 * several is an error that says what to do, naming a few of the users.
 */
static int
only_user(struct cli *c)
{
	struct table_err err;
	struct store_list l;
	struct store_page_req pg = { NULL, USERS_NAMED + 1, NULL, NULL };
	table_err_clear(&err);
	if (store_users_list(c->t, pg, &l, &err) != 0)
		return cli_fail_in(c, cli_status_code(err.status), "user", "%s", err.message);
	size_t n = l.count;
	if (n == 1) {
		c->user_id = xstrdup(((struct model_user *)l.items[0].rec)->c.user_id);
		/* Remembered: the next command does not ask again (cli/cmd_sync.h). */
		cli_only_user_remember(c, c->user_id);
	}
	char names[USERS_NAMED * 160] = "";
	size_t used = 0;
	for (size_t i = 0; n > 1 && i < n && i < USERS_NAMED; i++) {
		const struct model_user *u = l.items[i].rec;
		int w = snprintf(names + used, sizeof names - used, "%s%s (%s)", i > 0 ? ", " : "", u->c.user_id,
		    u->name != NULL ? u->name : "?");
		if (w < 0 || (size_t)w >= sizeof names - used)
			break;
		used += (size_t)w;
	}
	bool more = n > USERS_NAMED || l.cursor != NULL;
	store_list_done(&l);
	if (n == 0)
		return cli_fail_in(c, CLI_FAIL, "user",
		    "no user yet: create one with 'ailife user create --name NAME', or try 'ailife demo'");
	if (n > 1)
		return cli_fail_in(c, CLI_USAGE, "user",
		    "there are several users and no default: %s%s; choose one with --user ID, or make it the default "
		    "with 'ailife user use ID'%s", names, more ? ", ..." : "", more ? " (all of them: 'ailife user list')" : "");
	return CLI_OK;
}

int
cli_need_user(struct cli *c)
{
	struct table_err err;
	int rc = cli_open_store(c);
	if (rc != CLI_OK)
		return rc;
	if (c->profile != NULL)
		return CLI_OK;
	table_err_clear(&err);
	if (c->explain) {
		/* Nothing is sent: the profile cannot be read, so it stands in. */
		if (c->cfg.user == NULL)
			return cli_fail_in(c, CLI_USAGE, "--explain", "needs the user: give --user ID (or AILIFE_USER)");
		c->user_id = xstrdup(c->cfg.user);
		struct model_user *stand_in = (struct model_user *)model_new(MODEL_USER);
		stand_in->c.user_id = xstrdup(c->user_id);
		/* Days are the user's: the zone the last real command read from the profile. */
		stand_in->timezone = zone_cache_recall(c->user_id);
		if (stand_in->timezone == NULL)
			fprintf(c->err,
			    "ailife: note: --explain reads no profile and %s's time zone is not known here yet: local days "
			    "are %s's (any command for this user without --explain remembers the zone)\n",
			    c->user_id, dates_system_zone());
		cli_profile_arrived(c, stand_in);
		return CLI_OK;
	}
	bool recalled = false;
	if (c->cfg.user == NULL && c->user_id == NULL)
		c->user_id = cli_only_user_recall(c);
	if (c->cfg.user == NULL && c->user_id != NULL) {
		recalled = true;
	} else if (c->cfg.user == NULL) {
		int rc2 = only_user(c);
		if (rc2 != CLI_OK)
			return rc2;
	} else {
		free(c->user_id);
		c->user_id = xstrdup(c->cfg.user);
	}
	struct model_user *profile;
	if (store_profile_get(c->t, c->user_id, &profile, &err) != 0 && recalled && err.status == TABLE_NOT_FOUND) {
		/* The user remembered is gone: forgotten, and the users asked again. */
		cli_only_user_remember(c, NULL);
		free(c->user_id);
		c->user_id = NULL;
		int rc2 = only_user(c);
		if (rc2 != CLI_OK)
			return rc2;
		table_err_clear(&err);
		if (store_profile_get(c->t, c->user_id, &profile, &err) == 0)
			goto arrived;
	}
	if (err.status != TABLE_OK) {
		/* DynamoDB out of reach: writes go to the outbox (cli/cmd_sync.h). */
		if (cli_outbox_offline(c, &err) == CLI_OK)
			return CLI_OK;
		return cli_fail_in(c, cli_status_code(err.status), "user", "%s", err.message[0] != '\0' ? err.message : "failed");
	}
arrived:
	cli_profile_arrived(c, profile);
	/* DynamoDB answers: what waits in the outbox goes first. */
	cli_outbox_flush(c);
	return CLI_OK;
}

void
cli_profile_arrived(struct cli *c, struct model_user *profile)
{
	c->profile = profile;
	c->profile_pending = false;
	if (!c->explain && profile->c.user_id != NULL && profile->timezone != NULL)
		zone_cache_remember(profile->c.user_id, profile->timezone);
	if (profile->timezone != NULL && dates_zone_valid(profile->timezone)) {
		if (strcmp(profile->timezone, dates_system_zone()) != 0)
			c->zone_changed = true;
		dates_set_zone(profile->timezone);
	}
	/*
	 * --now "2026-12-04 10:00" means 10:00 where the user lives, as --at does:
	 * read again in the profile's zone (the text was valid once, so it is again).
	 */
	if (c->now_text != NULL && c->zone_changed) {
		ms_t ms;
		char why[256];
		if (dates_parse_when(c->now_text, clock_real_ms(), &ms, why, sizeof why) == 0)
			clock_set_fixed(ms);
	}
}

/*
 * Issue 15: until the profile arrives (with the first page), days are in the
 * zone this user's profile had last time (cli/zone_cache.h), not the
 * machine's: when it did not change, no second round trip asks again.
 */
static void
zone_remembered(struct cli *c)
{
	char *z = zone_cache_recall(c->user_id);
	if (z != NULL && dates_zone_valid(z) && strcmp(z, dates_system_zone()) != 0) {
		dates_set_zone(z);
		ms_t ms;
		char why[256];
		if (c->now_text != NULL && dates_parse_when(c->now_text, clock_real_ms(), &ms, why, sizeof why) == 0)
			clock_set_fixed(ms);
	}
	free(z);
}

/* Without --user: the only user remembered (cli/cmd_sync.h) stands as if given; true when there is one. */
static bool
user_recalled(struct cli *c)
{
	if (c->user_id == NULL)
		c->user_id = cli_only_user_recall(c);
	c->user_recalled = c->user_id != NULL;
	return c->user_recalled;
}

int
cli_need_user_lazy(struct cli *c)
{
	int rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (c->explain || c->profile != NULL)
		return cli_need_user(c);
	/* Without --user: the only user, remembered, else asked (once: then remembered). */
	if (c->cfg.user == NULL && !user_recalled(c) && (rc = only_user(c)) != CLI_OK)
		return rc;
	if (c->user_id == NULL)
		c->user_id = xstrdup(c->cfg.user);
	c->profile_pending = true;
	zone_remembered(c);
	cli_outbox_flush(c);
	return CLI_OK;
}

int
cli_need_user_soon(struct cli *c)
{
	int rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (c->explain || c->profile != NULL)
		return cli_need_user(c);
	/* Without --user: the only user, remembered, else asked (once: then remembered). */
	if (c->cfg.user == NULL && !user_recalled(c) && (rc = only_user(c)) != CLI_OK)
		return rc;
	if (c->user_id == NULL)
		c->user_id = xstrdup(c->cfg.user);
	c->profile_pending = true;
	zone_remembered(c);
	cli_outbox_flush(c);
	return CLI_OK;
}

/*
 * The value of an option that may be given alone (last, or before another
 * option): --month and --week alone are this month and this week.
 */
static const char *
bare_value(const struct cli_opt *o)
{
	if (strcmp(o->name, "month") == 0 || strcmp(o->name, "week") == 0)
		return "this";
	return NULL;
}

/* An option the command does not know: a global one taken as such, else an error with the nearest. */
static int
other_option(struct cli *c, const char *cmd, int argc, char **argv, int *i, const struct cli_opt *opts,
    const char *usage)
{
	int rc = cli_global_arg(c, cmd, argc, argv, i);
	if (rc >= 0)
		return rc;
	const char *names[CLI_MAX_OPTS + 20];
	size_t n = 0;
	for (const struct cli_opt *p = opts; p != NULL && p->name != NULL && n < CLI_MAX_OPTS; p++)
		names[n++] = p->name;
	for (size_t k = 0; cli_global_names[k] != NULL; k++)
		names[n++] = cli_global_names[k];
	names[n] = NULL;
	const char *arg = argv[*i];
	char typed[64];
	/* "--calroies=5" is typed as "--calroies". */
	snprintf(typed, sizeof typed, "%.*s", (int)strcspn(arg, "="), arg);
	cli_fail_unknown(c, cmd, "option", typed, names);
	fprintf(c->err, "usage: ailife %s\n", usage);
	return CLI_USAGE;
}

int
cli_parse(struct cli *c, const char *cmd, int argc, char **argv, const struct cli_opt *opts,
    size_t min_pos, size_t max_pos, const char *usage, struct cli_args *a)
{
	bool opts_done = false;
	char line[1024];
	int rc;
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
	c->cmd = cmd;
	/* The usage of the command table (cli/commands.c), unless the caller has its own. */
	if (usage == NULL)
		usage = cli_usage_line(cmd, line, sizeof line) ? line : cmd;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (!opts_done && strcmp(arg, "--") == 0) {
			opts_done = true;
			continue;
		}
		if (!opts_done && (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)) {
			if (!cli_help_print(c->out, cmd))
				fprintf(c->out, "usage: ailife %s\n", usage);
			return -1;
		}
		if (!opts_done && arg[0] == '-' && arg[1] == '-') {
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
			const struct cli_opt *o = NULL;
			/* The command's own option first: its meaning wins over a global one of the same name. */
			for (const struct cli_opt *p = opts; p != NULL && p->name != NULL; p++)
				if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
					o = p;
			if (o == NULL) {
				if ((rc = other_option(c, cmd, argc, argv, &i, opts, usage)) != CLI_OK)
					return rc;
				continue;
			}
			const char *value = NULL;
			if (o->has_arg) {
				/* The next word is the value, whatever it looks like ("--body --json"). */
				if (eq != NULL)
					value = eq + 1;
				else if (bare_value(o) != NULL && (i + 1 >= argc || (argv[i + 1][0] == '-' && argv[i + 1][1] != '\0' && !isdigit((unsigned char)argv[i + 1][1]))))
					value = bare_value(o); /* "--month --json": this month */
				else if (i + 1 < argc)
					value = argv[++i];
				else
					return cli_fail(c, CLI_USAGE, cmd, "--%s: needs a value", o->name);
			} else if (eq != NULL) {
				return cli_fail(c, CLI_USAGE, cmd, "--%s: takes no value", o->name);
			}
			/* Given again, the last one wins (cli_get reads the last), as getopt tools do. */
			if (a->n >= CLI_MAX_OPTS)
				return cli_fail(c, CLI_USAGE, cmd, "too many options");
			a->v[a->n].opt = o;
			a->v[a->n].value = value;
			a->n++;
			continue;
		}
		if (!opts_done && arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9')) {
			if ((rc = other_option(c, cmd, argc, argv, &i, opts, usage)) != CLI_OK)
				return rc;
			continue;
		}
		if (a->npos >= max_pos || a->npos >= CLI_MAX_POS) {
			cli_fail(c, CLI_USAGE, cmd, "unexpected argument '%s'", arg);
			fprintf(c->err, "usage: ailife %s\n", usage);
			return CLI_USAGE;
		}
		a->pos[a->npos++] = arg;
	}
	if (a->npos < min_pos) {
		cli_fail(c, CLI_USAGE, cmd, "missing argument");
		fprintf(c->err, "usage: ailife %s\n", usage);
		return CLI_USAGE;
	}
	/* Every global option is in: the settings can be resolved. */
	return cli_settle(c);
}

const char *
cli_get(const struct cli_args *a, const char *name)
{
	const char *v = NULL;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].opt->name, name) == 0)
			v = a->v[i].value;
	return v;
}

bool
cli_has(const struct cli_args *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].opt->name, name) == 0)
			return true;
	return false;
}

int
cli_when(struct cli *c, const char *what, const char *text, ms_t *out)
{
	char why[256];
	/* An option ("--at") is named after the command; a caller's own words ("meal add") stand alone. */
	if (dates_parse_when(text, clock_now_ms(), out, why, sizeof why) != 0)
		return strncmp(what, "--", 2) == 0 ? cli_fail_in(c, CLI_USAGE, what, "'%s': %s", text, why) :
		    cli_fail(c, CLI_USAGE, what, "'%s': %s", text, why);
	return CLI_OK;
}

int
cli_day(struct cli *c, const char *what, const char *text, struct day *out)
{
	char why[256];
	if (dates_parse_day(text, clock_now_ms(), out, why, sizeof why) != 0)
		return strncmp(what, "--", 2) == 0 ? cli_fail_in(c, CLI_USAGE, what, "'%s': %s", text, why) :
		    cli_fail(c, CLI_USAGE, what, "'%s': %s", text, why);
	return CLI_OK;
}

/* A --from / --to period: its first day (from) or its last (to). */
static int
cli_period_end(struct cli *c, const char *cmd, const char *opt, const char *text, bool first, struct day *out)
{
	char why[256];
	struct day f, l;
	if (dates_parse_period(text, clock_now_ms(), &f, &l, why, sizeof why) != 0)
		return cli_fail(c, CLI_USAGE, cmd, "%s '%s': %s", opt, text, why);
	*out = first ? f : l;
	return CLI_OK;
}

int
cli_range(struct cli *c, const struct cli_args *a, ms_t *from, ms_t *to)
{
	struct day d_from, d_to;
	const char *f = cli_get(a, "from"), *t = cli_get(a, "to");
	const char *mo = cli_get(a, "month"), *wk = cli_get(a, "week");
	struct day today = dates_day_of(clock_now_ms());
	char why[256];
	int rc;
	if (mo != NULL && wk != NULL)
		return cli_fail(c, CLI_USAGE, a->cmd, "--month and --week: give one of them");
	if ((mo != NULL || wk != NULL) && (f != NULL || t != NULL))
		return cli_fail(c, CLI_USAGE, a->cmd, "%s and %s: give the one or the other",
		    mo != NULL ? "--month" : "--week", f != NULL ? "--from" : "--to");
	if (mo != NULL || wk != NULL) {
		int bad = mo != NULL ? dates_parse_month(mo, clock_now_ms(), &d_from, &d_to, why, sizeof why) :
		    dates_parse_week(wk, clock_now_ms(), &d_from, &d_to, why, sizeof why);
		if (bad != 0)
			return cli_fail(c, CLI_USAGE, a->cmd, "%s '%s': %s", mo != NULL ? "--month" : "--week",
			    mo != NULL ? mo : wk, why);
	} else {
		/* A period names its days: --from takes its first, --to its last (--to 2026-12: to the 31st). */
		if (f != NULL && (rc = cli_period_end(c, a->cmd, "--from", f, true, &d_from)) != CLI_OK)
			return rc;
		if (t != NULL && (rc = cli_period_end(c, a->cmd, "--to", t, false, &d_to)) != CLI_OK)
			return rc;
		if (f == NULL && t == NULL) {
			d_from = today;
			d_to = today;
		} else if (f == NULL) {
			/* --to alone: that day, or that period. */
			struct day l;
			if (dates_parse_period(t, clock_now_ms(), &d_from, &l, why, sizeof why) != 0)
				d_from = d_to;
		} else if (t == NULL) {
			d_to = today;
			if (dates_day_start(d_from) > dates_day_start(d_to)) {
				/* --from alone in the future: that day, or that period. */
				struct day first;
				if (dates_parse_period(f, clock_now_ms(), &first, &d_to, why, sizeof why) != 0)
					d_to = d_from;
			}
		}
	}
	*from = dates_day_start(d_from);
	*to = dates_day_start(dates_day_add(d_to, 1));
	if (*from >= *to) {
		char a1[11], a2[11];
		dates_day_format(d_from, a1);
		dates_day_format(d_to, a2);
		return cli_fail(c, CLI_USAGE, a->cmd, "--from %s is after --to %s", a1, a2);
	}
	return CLI_OK;
}

void
cli_print_json(struct cli *c, json_t *doc)
{
	char *s = json_write(doc, CLI_JSON_FLAGS);
	if (s != NULL) {
		fputs(s, c->out);
		fputc('\n', c->out);
		free(s);
	}
	json_decref(doc);
}

void
cli_local_time(const char *ts, char *out, size_t size)
{
	present_time_or(ts, "?", out, size);
}

struct cli_table {
	size_t cols;
	char **headers;
	size_t *max;
	bool *right;
	char ***rows;
	size_t nrows;
};

struct cli_table *
cli_table_new(size_t cols, const char *const *headers)
{
	struct cli_table *tb = xcalloc(1, sizeof *tb);
	tb->cols = cols;
	tb->headers = xcalloc(cols, sizeof *tb->headers);
	tb->max = xcalloc(cols, sizeof *tb->max);
	tb->right = xcalloc(cols, sizeof *tb->right);
	for (size_t i = 0; i < cols; i++)
		tb->headers[i] = xstrdup(headers[i]);
	return tb;
}

void
cli_table_col(struct cli_table *tb, size_t col, size_t max_width, bool right)
{
	tb->max[col] = max_width;
	tb->right[col] = right;
}

void
cli_table_row(struct cli_table *tb, const char *const *cells)
{
	tb->rows = xreallocarray(tb->rows, tb->nrows + 1, sizeof *tb->rows);
	char **row = xcalloc(tb->cols, sizeof *row);
	for (size_t i = 0; i < tb->cols; i++) {
		const char *cell = cells[i] != NULL ? cells[i] : "";
		row[i] = tb->max[i] > 0 ? utf8_fit(cell, tb->max[i]) : utf8_inert(cell, false);
	}
	tb->rows[tb->nrows++] = row;
}

static void
print_cell(FILE *out, const char *s, size_t width, bool right, bool last)
{
	size_t w = utf8_width(s);
	size_t pad = width > w ? width - w : 0;
	if (right)
		for (size_t i = 0; i < pad; i++)
			fputc(' ', out);
	fputs(s, out);
	if (!right && !last)
		for (size_t i = 0; i < pad; i++)
			fputc(' ', out);
}

static void
table_print(struct cli_table *tb, FILE *out, bool header)
{
	size_t *width = xcalloc(tb->cols, sizeof *width);
	for (size_t i = 0; i < tb->cols; i++) {
		width[i] = header ? utf8_width(tb->headers[i]) : 0;
		for (size_t r = 0; r < tb->nrows; r++) {
			size_t w = utf8_width(tb->rows[r][i]);
			if (w > width[i])
				width[i] = w;
		}
	}
	for (size_t i = 0; header && i < tb->cols; i++) {
		print_cell(out, tb->headers[i], width[i], tb->right[i], i + 1 == tb->cols);
		fputs(i + 1 == tb->cols ? "\n" : "  ", out);
	}
	for (size_t r = 0; r < tb->nrows; r++)
		for (size_t i = 0; i < tb->cols; i++) {
			print_cell(out, tb->rows[r][i], width[i], tb->right[i], i + 1 == tb->cols);
			fputs(i + 1 == tb->cols ? "\n" : "  ", out);
		}
	free(width);
}

void
cli_table_print(struct cli_table *tb, FILE *out)
{
	table_print(tb, out, true);
}

void
cli_table_print_body(struct cli_table *tb, FILE *out)
{
	table_print(tb, out, false);
}

void
cli_table_free(struct cli_table *tb)
{
	if (tb == NULL)
		return;
	for (size_t r = 0; r < tb->nrows; r++) {
		for (size_t i = 0; i < tb->cols; i++)
			free(tb->rows[r][i]);
		free(tb->rows[r]);
	}
	for (size_t i = 0; i < tb->cols; i++)
		free(tb->headers[i]);
	free(tb->rows);
	free(tb->headers);
	free(tb->max);
	free(tb->right);
	free(tb);
}
