/*
 * The global options and the settings they resolve. A global option may come
 * anywhere before "--", before or after the command, and the last one wins,
 * as getopt tools do (an alias `ailife --store dynamodb --endpoint X` can be
 * given --endpoint Y). The settings are resolved once they are all in, before
 * the store is opened or the clock read: defaults, then the config file, then
 * the environment, then the options.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cli.h"
#include "config/aws.h"
#include "config/config.h"
#include "datastore/dates.h"
#include "util/xmalloc.h"

static const struct {
	const char *name;
	bool flag;
} globals[CLI_G_COUNT] = {
	[CLI_G_STORE] = { "store", false },
	[CLI_G_DB] = { "db", false },
	[CLI_G_ENDPOINT] = { "endpoint", false },
	[CLI_G_REGION] = { "region", false },
	[CLI_G_PROFILE] = { "profile", false },
	[CLI_G_TABLE] = { "table", false },
	[CLI_G_USER] = { "user", false },
	[CLI_G_JSON] = { "json", true },
	[CLI_G_JSONL] = { "jsonl", true },
	[CLI_G_NOW] = { "now", false },
	[CLI_G_CONFIG] = { "config", false },
	[CLI_G_EXPLAIN] = { "explain", true },
	[CLI_G_READ_ONLY] = { "read-only", true },
	[CLI_G_NO_QUEUE] = { "no-queue", true },
};

const char *const cli_global_names[] = {
	"store", "db", "endpoint", "region", "profile", "table", "user", "json", "jsonl", "now", "config",
	"explain", "read-only", "no-queue", "help", "version", NULL,
};

int
cli_global_index(const char *name, size_t len)
{
	for (int k = 0; k < CLI_G_COUNT; k++)
		if (strlen(globals[k].name) == len && strncmp(globals[k].name, name, len) == 0)
			return k;
	return -1;
}

int
cli_global_arg(struct cli *c, const char *cmd, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	if (strncmp(arg, "--", 2) != 0)
		return -1;
	const char *name = arg + 2, *eq = strchr(name, '=');
	int k = cli_global_index(name, eq != NULL ? (size_t)(eq - name) : strlen(name));
	if (k < 0)
		return -1;
	char opt[32];
	snprintf(opt, sizeof opt, "--%s", globals[k].name);
	if (cmd != NULL)
		c->cmd = cmd;
	if (globals[k].flag) {
		if (eq != NULL)
			return cli_fail_in(c, CLI_USAGE, opt, "takes no value");
		c->global[k] = "";
		/* Output flags hold from here on, whatever happens to the settings. */
		if (k == CLI_G_JSONL)
			c->jsonl = true;
		c->json = c->json || k == CLI_G_JSON || k == CLI_G_JSONL;
		c->explain = c->explain || k == CLI_G_EXPLAIN;
		c->read_only = c->read_only || k == CLI_G_READ_ONLY;
		return CLI_OK;
	}
	const char *value;
	if (eq != NULL)
		value = eq + 1;
	else if (*i + 1 < argc)
		value = argv[++*i];
	else
		return cli_fail_in(c, CLI_USAGE, opt, "needs a value");
	if (value[0] == '\0')
		return cli_fail_in(c, CLI_USAGE, opt, "needs a value, not an empty one");
	c->global[k] = value;
	c->settled = false;
	return CLI_OK;
}

static void
replace(char **slot, const char *value)
{
	if (value == NULL)
		return;
	free(*slot);
	*slot = xstrdup(value);
}

/* A yes of AILIFE_READ_ONLY ("1", "true", "yes", "on"). */
static bool
env_yes(const char *name)
{
	const char *v = getenv(name);
	return v != NULL && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0 ||
	    strcasecmp(v, "on") == 0);
}

void
cli_settings_done(struct cli *c)
{
	free(c->config_path);
	free(c->aws_profile);
	free(c->aws_region);
	free(c->aws_endpoint);
	free(c->now_text);
	c->config_path = c->aws_profile = c->aws_region = c->aws_endpoint = c->now_text = NULL;
	config_done(&c->cfg);
}

static int
settle(struct cli *c)
{
	const char *const *g = c->global;
	char *cerr = NULL;
	int rc;

	cli_settings_done(c);
	config_init(&c->cfg);
	const char *cfg_path = g[CLI_G_CONFIG] != NULL ? g[CLI_G_CONFIG] : getenv("AILIFE_CONFIG");
	bool must_exist = cfg_path != NULL && cfg_path[0] != '\0';
	c->config_path = must_exist ? xstrdup(cfg_path) : config_default_path();
	if (c->config_path != NULL && config_load_file(&c->cfg, c->config_path, must_exist, &cerr) != 0) {
		rc = cli_fail_in(c, CLI_USAGE, "config", "%s", cerr != NULL ? cerr : c->config_path);
		free(cerr);
		return rc;
	}
	/* The config file's own values: the environment and the options come after them (cli_aws_resolve). */
	c->aws_profile = xstrdup_or_null(c->cfg.profile);
	c->aws_region = xstrdup_or_null(c->cfg.region);
	c->aws_endpoint = xstrdup_or_null(c->cfg.endpoint);
	config_apply_env(&c->cfg);
	replace(&c->cfg.store, g[CLI_G_STORE]);
	replace(&c->cfg.db, g[CLI_G_DB]);
	replace(&c->cfg.endpoint, g[CLI_G_ENDPOINT]);
	replace(&c->cfg.region, g[CLI_G_REGION]);
	replace(&c->cfg.profile, g[CLI_G_PROFILE]);
	replace(&c->cfg.table, g[CLI_G_TABLE]);
	replace(&c->cfg.user, g[CLI_G_USER]);
	/* Read-only is a safety: any source that asks for it has it. */
	c->read_only = g[CLI_G_READ_ONLY] != NULL || env_yes("AILIFE_READ_ONLY") || c->cfg.read_only == 1;
	c->no_queue = g[CLI_G_NO_QUEUE] != NULL || env_yes("AILIFE_NO_QUEUE") || c->cfg.queue == 0;
	if (c->cfg.store != NULL && strcmp(c->cfg.store, "local") != 0 && strcmp(c->cfg.store, "dynamodb") != 0)
		return cli_fail_in(c, CLI_USAGE, "--store", "'%s': use local or dynamodb", c->cfg.store);
	/* Whatever the source, a bad table name, region or endpoint stops here. */
	if (config_check(&c->cfg, &cerr) != 0) {
		rc = cli_fail_in(c, CLI_USAGE, "config", "%s", cerr != NULL ? cerr : "bad setting");
		free(cerr);
		return rc;
	}
	const char *now = g[CLI_G_NOW] != NULL ? g[CLI_G_NOW] : getenv("AILIFE_NOW");
	if (now != NULL && now[0] != '\0') {
		ms_t ms;
		char why[256];
		if (dates_parse_when(now, clock_real_ms(), &ms, why, sizeof why) != 0)
			return cli_fail_in(c, CLI_USAGE, g[CLI_G_NOW] != NULL ? "--now" : "AILIFE_NOW", "'%s': %s", now,
			    why);
		clock_set_fixed(ms);
		c->now_fixed = true;
		c->now_text = xstrdup(now);
	}
	return CLI_OK;
}

int
cli_settle(struct cli *c)
{
	if (c->settled)
		return c->settle_rc;
	c->settled = true;
	c->settle_rc = settle(c);
	return c->settle_rc;
}

int
cli_aws_resolve(struct cli *c, struct aws_settings *s, char **err)
{
	struct aws_inputs in;
	memset(&in, 0, sizeof in);
	in.profile_opt = c->global[CLI_G_PROFILE];
	in.region_opt = c->global[CLI_G_REGION];
	in.endpoint_opt = c->global[CLI_G_ENDPOINT];
	in.profile_cfg = c->aws_profile;
	in.region_cfg = c->aws_region;
	in.endpoint_cfg = c->aws_endpoint;
	in.cfg_name = c->config_path;
	in.connect_timeout_ms = c->cfg.connect_timeout != NULL ? config_seconds_ms(c->cfg.connect_timeout) : 0;
	in.read_timeout_ms = c->cfg.read_timeout != NULL ? config_seconds_ms(c->cfg.read_timeout) : 0;
	return aws_resolve_inputs(s, &in, err);
}
