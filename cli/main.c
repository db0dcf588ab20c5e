/* ailife: with no command the terminal interface; with a command, one scripted action. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_sync.h"
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
    "Global options (anywhere before --, before or after the command; the last one wins):\n"
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
    "  --read-only              refuse every write, before anything is sent (AILIFE_READ_ONLY; read_only)\n"
    "  --no-queue               DynamoDB out of reach: a write fails instead of waiting in the outbox\n"
    "                           (AILIFE_NO_QUEUE; queue = false)\n"
    "  --help, --version\n"
    "\n"
    "Commands:\n";

/* After the commands' usage lines (from the command table). */
static const char usage_tail[] =
    "\n"
    "WHEN:   now, RFC 3339, YYYY-MM-DD, 'YYYY-MM-DD HH:MM', 8am, 21:00, 'yesterday 21:00',\n"
    "        tomorrow, mon, 'last fri 8pm', -2h, -3d, -1w, -2mo\n"
    "DAY:    YYYY-MM-DD, today, yesterday, tomorrow, mon, 'last monday', -7d, -2mo\n"
    "PERIOD: a DAY, 2026-12, 2026-W49, 'this week', 'last month' (--from: its first day, --to: its last)\n"
    "ailife COMMAND --help (or ailife help COMMAND [SUBCOMMAND]): a command's options and examples.\n"
    "See ailife(1).\n";

static void
print_usage(void)
{
	fputs(usage_head, stdout);
	cli_print_usage_lines(stdout);
	fputs(usage_tail, stdout);
}

static void
cli_done(struct cli *c)
{
	names_done(c);
	cli_outbox_done(c);
	if (c->t != NULL)
		table_close(c->t);
	model_free(MODEL_USER, c->profile);
	free(c->user_id);
	cli_settings_done(c);
}

/* The help of a topic ("goal", "goal add"), from the command table; exit 2 for an unknown one. */
static int
help_topic(struct cli *c, int argc, char **argv)
{
	char words[128];
	const char *commands[64];
	size_t n = 0;
	if (argc == 0) {
		print_usage();
		return CLI_OK;
	}
	snprintf(words, sizeof words, "%s%s%s", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	if (argc <= 2 && cli_help_print(c->out, words))
		return CLI_OK;
	const struct cli_command *k = cli_command_find(argv[0]);
	if (k != NULL && argc > 1)
		return cli_fail_unknown(c, k->name, "help topic", argv[1], NULL);
	for (const struct cli_command *p = cli_commands; p->name != NULL && n + 1 < 64; p++)
		commands[n++] = p->name;
	commands[n] = NULL;
	return cli_fail_unknown(c, "help", "help topic", argv[0], commands);
}

/* An unknown command, with the nearest one. */
static int
unknown_command(struct cli *c, const char *name)
{
	const char *commands[64];
	size_t n = 0;
	for (const struct cli_command *p = cli_commands; p->name != NULL && n + 3 < 64; p++)
		commands[n++] = p->name;
	commands[n++] = "help";
	commands[n++] = "version";
	commands[n] = NULL;
	return cli_fail_unknown(c, NULL, "command", name, commands);
}

static bool
is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int
main(int argc, char **argv)
{
	struct cli c;
	int i, rc;

	/* Before any thread: TZ in the environment, so that a zone change later never grows it. */
	dates_zone_init();
	setlocale(LC_ALL, "");
	memset(&c, 0, sizeof c);
	config_init(&c.cfg);
	c.out = stdout;
	c.err = stderr;

	/* The global options before the command; more may follow it (cli_parse). */
	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];
		if (is_help(arg)) {
			print_usage();
			return CLI_OK;
		}
		if (strcmp(arg, "--version") == 0) {
			printf("ailife %s\n", AILIFE_VERSION);
			return CLI_OK;
		}
		if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0')
			break;
		rc = cli_global_arg(&c, NULL, argc, argv, &i);
		if (rc < 0)
			rc = cli_fail_unknown(&c, NULL, "global option", arg, cli_global_names);
		if (rc != CLI_OK)
			goto done;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc) {
		rc = cmd_tui(&c, 0, argv + argc);
		goto done;
	}
	if (strcmp(argv[i], "help") == 0) {
		rc = help_topic(&c, argc - i - 1, argv + i + 1);
		goto done;
	}
	if (strcmp(argv[i], "version") == 0) {
		printf("ailife %s\n", AILIFE_VERSION);
		return CLI_OK;
	}
	const struct cli_command *cmd = cli_command_find(argv[i]);
	if (cmd == NULL) {
		rc = unknown_command(&c, argv[i]);
		goto done;
	}
	c.cmd = cmd->name;
	i++;
	/* Between a command and its subcommand ("goal --json list"): global options and --help. */
	while (cmd->subs && i < argc && strncmp(argv[i], "-", 1) == 0 && strcmp(argv[i], "--") != 0) {
		if (is_help(argv[i])) {
			cli_help_print(c.out, cmd->name);
			rc = CLI_OK;
			goto done;
		}
		rc = cli_global_arg(&c, cmd->name, argc, argv, &i);
		if (rc < 0)
			rc = cli_fail_unknown(&c, cmd->name, "option", argv[i], cli_global_names);
		if (rc != CLI_OK)
			goto done;
		i++;
	}
	rc = cmd->fn(&c, argc - i, argv + i);
	/* cli_parse's -1: the help was asked for and printed. */
	if (rc < 0)
		rc = CLI_OK;
done:
	fflush(stdout);
	if (ferror(stdout) && rc == CLI_OK)
		rc = cli_fail_in(&c, CLI_FAIL, "output", "could not write to standard output");
	cli_done(&c);
	return rc;
}
