#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
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
	char *safe = utf8_inert(msg, false);
	fprintf(c->err, "ailife: %s: %s\n", what, safe);
	free(safe);
	return code;
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

/* True when an endpoint URL's host is a loopback address (plain http is fine there). */
static bool
loopback_url(const char *url)
{
	static const char *const prefixes[] = {
		"http://127.", "http://localhost:", "http://localhost/", "http://[::1]", NULL,
	};
	if (strcmp(url, "http://localhost") == 0)
		return true;
	for (size_t i = 0; prefixes[i] != NULL; i++)
		if (strncmp(url, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
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
	if (aws_resolve(s, c->aws_profile, c->aws_region, c->aws_endpoint, &aerr) != 0) {
		rc = cli_fail(c, CLI_USAGE, "aws", "%s", aerr != NULL ? aerr : "could not read the AWS settings");
		free(aerr);
		return rc;
	}
	if (s->warning != NULL)
		fprintf(c->err, "ailife: warning: %s\n", s->warning);
	if (s->region == NULL && !c->explain)
		return cli_fail(c, CLI_USAGE, "aws", "no region: use --region, AWS_REGION or region in the profile of %s",
		    s->config_file != NULL ? s->config_file : "~/.aws/config");
	if ((s->access_key_id == NULL || s->secret_access_key == NULL) && !c->explain)
		return cli_fail(c, CLI_USAGE, "aws",
		    "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in %s (profile '%s')",
		    s->credentials_file != NULL ? s->credentials_file : "~/.aws/credentials",
		    s->profile != NULL ? s->profile : "default");
	if (s->endpoint != NULL && strncmp(s->endpoint, "http://", 7) == 0 && !loopback_url(s->endpoint))
		fprintf(c->err, "ailife: warning: %s is plain http: requests and data cross the network unencrypted\n",
		    s->endpoint);
	o->region = s->region;
	o->endpoint = s->endpoint;
	o->access_key_id = s->access_key_id;
	o->secret_access_key = s->secret_access_key;
	o->session_token = s->session_token;
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
	/* --explain shows the DynamoDB requests whatever the store: they are the contract. */
	if (store_open_dynamodb(&o)) {
		if ((rc = aws_options(c, &s, &o)) != CLI_OK)
			goto out;
	} else if (strcmp(o.store, "local") == 0) {
		db = c->cfg.db != NULL ? xstrdup(c->cfg.db) : config_default_db();
		if (db == NULL) {
			rc = cli_fail(c, CLI_FAIL, "store", "no database path: set --db, AILIFE_DB, XDG_DATA_HOME or HOME");
			goto out;
		}
		o.db = db;
	}
	table_err_clear(&err);
	if (store_open(&o, &c->t, &w, &err) != 0)
		rc = cli_table_fail(c, store_open_dynamodb(&o) ? "dynamodb" : "store", &err);
	for (size_t i = 0; i < w.count; i++)
		fprintf(c->err, "ailife: warning: %s\n", w.text[i]);
	store_open_warnings_done(&w);
out:
	free(db);
	aws_settings_done(&s);
	return rc;
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
			return cli_fail(c, CLI_USAGE, "--explain", "needs the user: give --user ID (or AILIFE_USER)");
		c->user_id = xstrdup(c->cfg.user);
		c->profile = model_new(MODEL_USER);
		c->profile->c.user_id = xstrdup(c->user_id);
		return CLI_OK;
	}
	if (c->cfg.user == NULL) {
		struct store_list l;
		struct store_page_req pg = { NULL, 2, NULL, NULL };
		if (store_users_list(c->t, pg, &l, &err) != 0)
			return cli_table_fail(c, "user", &err);
		size_t n = l.count;
		if (n == 1)
			c->user_id = xstrdup(((struct model_user *)l.items[0].rec)->c.user_id);
		store_list_done(&l);
		if (n == 0)
			return cli_fail(c, CLI_FAIL, "user",
			    "no user yet: create one with 'ailife user create --name NAME', or try 'ailife demo'");
		if (n > 1)
			return cli_fail(c, CLI_USAGE, "user",
			    "there are several users: choose one with --user ID (see 'ailife user list')");
	} else {
		c->user_id = xstrdup(c->cfg.user);
	}
	struct model_user *profile;
	if (store_profile_get(c->t, c->user_id, &profile, &err) != 0)
		return cli_table_fail(c, "user", &err);
	cli_profile_arrived(c, profile);
	return CLI_OK;
}

void
cli_profile_arrived(struct cli *c, struct model_user *profile)
{
	c->profile = profile;
	c->profile_pending = false;
	if (profile->timezone != NULL && dates_zone_valid(profile->timezone)) {
		if (strcmp(profile->timezone, dates_system_zone()) != 0)
			c->zone_changed = true;
		dates_set_zone(profile->timezone);
	}
}

int
cli_need_user_soon(struct cli *c)
{
	int rc;
	if (c->explain || c->cfg.user == NULL || c->profile != NULL)
		return cli_need_user(c);
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (c->user_id == NULL)
		c->user_id = xstrdup(c->cfg.user);
	c->profile_pending = true;
	return CLI_OK;
}

int
cli_parse(struct cli *c, const char *cmd, int argc, char **argv, const struct cli_opt *opts,
    size_t min_pos, size_t max_pos, const char *usage, struct cli_args *a)
{
	bool opts_done = false;
	char line[1024];
	memset(a, 0, sizeof *a);
	a->cmd = cmd;
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
			fprintf(c->out, "usage: ailife %s\n", usage);
			return -1;
		}
		if (!opts_done && arg[0] == '-' && arg[1] == '-') {
			const char *name = arg + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
			const struct cli_opt *o = NULL;
			for (const struct cli_opt *p = opts; p != NULL && p->name != NULL; p++)
				if (strlen(p->name) == len && strncmp(p->name, name, len) == 0)
					o = p;
			if (o == NULL) {
				cli_fail(c, CLI_USAGE, cmd, "unknown option '%s'", arg);
				fprintf(c->err, "usage: ailife %s\n", usage);
				return CLI_USAGE;
			}
			const char *value = NULL;
			if (o->has_arg) {
				if (eq != NULL)
					value = eq + 1;
				else if (i + 1 < argc)
					value = argv[++i];
				else
					return cli_fail(c, CLI_USAGE, cmd, "option --%s needs a value", o->name);
			} else if (eq != NULL) {
				return cli_fail(c, CLI_USAGE, cmd, "option --%s takes no value", o->name);
			}
			if (!o->repeat)
				for (size_t k = 0; k < a->n; k++)
					if (a->v[k].opt == o)
						return cli_fail(c, CLI_USAGE, cmd, "option --%s given twice", o->name);
			if (a->n >= CLI_MAX_OPTS)
				return cli_fail(c, CLI_USAGE, cmd, "too many options");
			a->v[a->n].opt = o;
			a->v[a->n].value = value;
			a->n++;
			continue;
		}
		if (!opts_done && arg[0] == '-' && arg[1] != '\0' && !(arg[1] >= '0' && arg[1] <= '9')) {
			cli_fail(c, CLI_USAGE, cmd, "unknown option '%s'", arg);
			fprintf(c->err, "usage: ailife %s\n", usage);
			return CLI_USAGE;
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
	return CLI_OK;
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
	if (dates_parse_when(text, clock_now_ms(), out, why, sizeof why) != 0)
		return cli_fail(c, CLI_USAGE, what, "'%s': %s", text, why);
	return CLI_OK;
}

int
cli_day(struct cli *c, const char *what, const char *text, struct day *out)
{
	char why[256];
	if (dates_parse_day(text, clock_now_ms(), out, why, sizeof why) != 0)
		return cli_fail(c, CLI_USAGE, what, "'%s': %s", text, why);
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
