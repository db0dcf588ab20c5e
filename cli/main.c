/* ailife: with no command the terminal interface; with a command, one scripted action. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/names.h"
#include "config/config.h"
#include "datastore/dates.h"
#include "util/xmalloc.h"

static const char usage_head[] =
    "usage: ailife [global options] [command] [arguments]\n"
    "\n"
    "With no command, ailife opens the terminal interface.\n"
    "\n"
    "Global options:\n"
    "  --store local|dynamodb   backend (AILIFE_STORE; default local)\n"
    "  --db PATH                embedded store file (AILIFE_DB)\n"
    "  --endpoint URL           DynamoDB endpoint (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL)\n"
    "  --region R               AWS region (AWS_REGION, AWS_DEFAULT_REGION)\n"
    "  --profile P              AWS profile (AWS_PROFILE)\n"
    "  --table NAME             table name (AILIFE_TABLE; default ai-lifestyle-app-main)\n"
    "  --user ID                whose data (AILIFE_USER; default: the config's, else the only user)\n"
    "  --json                   machine output: one JSON document on stdout\n"
    "  --jsonl                  machine output, a list as JSON Lines (one object a line)\n"
    "  --now TIME               fixed clock for data times (AILIFE_NOW)\n"
    "  --config PATH            config file (AILIFE_CONFIG)\n"
    "  --explain                print the DynamoDB requests a command would send; send nothing\n"
    "  --help, --version\n"
    "\n"
    "Commands:\n";

/* After the commands' usage lines (from the command table). */
static const char usage_tail[] =
    "\n"
    "WHEN: RFC 3339, YYYY-MM-DD, 'YYYY-MM-DD HH:MM', now, today, yesterday, -2h, -30m, -3d\n"
    "DAY:  YYYY-MM-DD, today, yesterday, -7d\n"
    "See ailife(1).\n";

/* Global options: each sets one string (NULL for flags). */
struct global {
	const char *name;
	const char *value;
	bool given;
	bool flag;
};

enum {
	G_STORE, G_DB, G_ENDPOINT, G_REGION, G_PROFILE, G_TABLE, G_USER, G_JSON, G_JSONL, G_NOW, G_CONFIG, G_EXPLAIN,
	G_COUNT
};

static void
replace(char **slot, const char *value)
{
	if (value == NULL)
		return;
	free(*slot);
	*slot = xstrdup(value);
}


static int
set_now(struct cli *c, const char *text)
{
	ms_t ms;
	char why[256];
	if (dates_parse_when(text, clock_real_ms(), &ms, why, sizeof why) != 0)
		return cli_fail(c, CLI_USAGE, "--now", "'%s': %s", text, why);
	clock_set_fixed(ms);
	c->now_fixed = true;
	return CLI_OK;
}

static void
cli_done(struct cli *c)
{
	names_done(c);
	if (c->t != NULL)
		table_close(c->t);
	model_free(MODEL_USER, c->profile);
	free(c->user_id);
	free(c->config_path);
	free(c->aws_profile);
	free(c->aws_region);
	free(c->aws_endpoint);
	config_done(&c->cfg);
}

int
main(int argc, char **argv)
{
	struct cli c;
	struct global g[G_COUNT] = {
		[G_STORE] = { "store", NULL, false, false },
		[G_DB] = { "db", NULL, false, false },
		[G_ENDPOINT] = { "endpoint", NULL, false, false },
		[G_REGION] = { "region", NULL, false, false },
		[G_PROFILE] = { "profile", NULL, false, false },
		[G_TABLE] = { "table", NULL, false, false },
		[G_USER] = { "user", NULL, false, false },
		[G_JSON] = { "json", NULL, false, true },
		[G_JSONL] = { "jsonl", NULL, false, true },
		[G_NOW] = { "now", NULL, false, false },
		[G_CONFIG] = { "config", NULL, false, false },
		[G_EXPLAIN] = { "explain", NULL, false, true },
	};
	int i, rc;

	/* Before any thread: TZ in the environment, so that a zone change later never grows it. */
	dates_zone_init();
	setlocale(LC_ALL, "");
	memset(&c, 0, sizeof c);
	config_init(&c.cfg);
	c.out = stdout;
	c.err = stderr;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0 || strcmp(arg, "help") == 0) {
			fputs(usage_head, stdout);
			cli_print_usage_lines(stdout);
			fputs(usage_tail, stdout);
			return CLI_OK;
		}
		if (strcmp(arg, "--version") == 0 || strcmp(arg, "version") == 0) {
			printf("ailife %s\n", AILIFE_VERSION);
			return CLI_OK;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
			break;
		const char *name = arg + 2, *eq = strchr(name, '=');
		size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name);
		int k;
		for (k = 0; k < G_COUNT; k++)
			if (strlen(g[k].name) == len && strncmp(g[k].name, name, len) == 0)
				break;
		if (k == G_COUNT) {
			rc = cli_fail(&c, CLI_USAGE, "options", "unknown global option '%s' (see ailife --help)", arg);
			goto done;
		}
		if (g[k].given) {
			rc = cli_fail(&c, CLI_USAGE, "options", "--%s given twice", g[k].name);
			goto done;
		}
		g[k].given = true;
		if (g[k].flag) {
			if (eq != NULL) {
				rc = cli_fail(&c, CLI_USAGE, "options", "--%s takes no value", g[k].name);
				goto done;
			}
			continue;
		}
		if (eq != NULL) {
			g[k].value = eq + 1;
		} else if (i + 1 < argc) {
			g[k].value = argv[++i];
		} else {
			rc = cli_fail(&c, CLI_USAGE, "options", "--%s needs a value", g[k].name);
			goto done;
		}
		if (g[k].value[0] == '\0') {
			rc = cli_fail(&c, CLI_USAGE, "options", "--%s needs a value, not an empty one", g[k].name);
			goto done;
		}
	}

	/* Defaults, then the config file, then the environment, then the options. */
	const char *cfg_path = g[G_CONFIG].value != NULL ? g[G_CONFIG].value : getenv("AILIFE_CONFIG");
	bool must_exist = cfg_path != NULL && cfg_path[0] != '\0';
	c.config_path = must_exist ? xstrdup(cfg_path) : config_default_path();
	char *cerr = NULL;
	if (c.config_path != NULL && config_load_file(&c.cfg, c.config_path, must_exist, &cerr) != 0) {
		rc = cli_fail(&c, CLI_USAGE, "config", "%s", cerr != NULL ? cerr : c.config_path);
		free(cerr);
		goto done;
	}
	c.aws_profile = xstrdup_or_null(g[G_PROFILE].value != NULL ? g[G_PROFILE].value : c.cfg.profile);
	c.aws_region = xstrdup_or_null(g[G_REGION].value != NULL ? g[G_REGION].value : c.cfg.region);
	c.aws_endpoint = xstrdup_or_null(g[G_ENDPOINT].value != NULL ? g[G_ENDPOINT].value : c.cfg.endpoint);
	config_apply_env(&c.cfg);
	replace(&c.cfg.store, g[G_STORE].value);
	replace(&c.cfg.db, g[G_DB].value);
	replace(&c.cfg.endpoint, g[G_ENDPOINT].value);
	replace(&c.cfg.region, g[G_REGION].value);
	replace(&c.cfg.profile, g[G_PROFILE].value);
	replace(&c.cfg.table, g[G_TABLE].value);
	replace(&c.cfg.user, g[G_USER].value);
	/* --jsonl is --json with a list written one object a line. */
	c.jsonl = g[G_JSONL].given;
	c.json = g[G_JSON].given || c.jsonl;
	c.explain = g[G_EXPLAIN].given;
	if (c.cfg.store != NULL && strcmp(c.cfg.store, "local") != 0 && strcmp(c.cfg.store, "dynamodb") != 0) {
		rc = cli_fail(&c, CLI_USAGE, "--store", "'%s': use local or dynamodb", c.cfg.store);
		goto done;
	}
	/* Whatever the source, a bad table name, region or endpoint stops here. */
	if (config_check(&c.cfg, &cerr) != 0) {
		rc = cli_fail(&c, CLI_USAGE, "config", "%s", cerr != NULL ? cerr : "bad setting");
		free(cerr);
		goto done;
	}
	const char *now = g[G_NOW].value != NULL ? g[G_NOW].value : getenv("AILIFE_NOW");
	if (now != NULL && now[0] != '\0' && (rc = set_now(&c, now)) != CLI_OK)
		goto done;

	if (i >= argc) {
		rc = cmd_tui(&c, 0, argv + argc);
		goto done;
	}
	const struct cli_command *cmd = cli_command_find(argv[i]);
	if (cmd != NULL) {
		rc = cmd->fn(&c, argc - i - 1, argv + i + 1);
		goto done;
	}
	rc = cli_fail(&c, CLI_USAGE, "command", "unknown command '%s' (see ailife --help)", argv[i]);
done:
	fflush(stdout);
	if (ferror(stdout) && rc == CLI_OK)
		rc = cli_fail(&c, CLI_FAIL, "output", "could not write to standard output");
	cli_done(&c);
	return rc;
}
