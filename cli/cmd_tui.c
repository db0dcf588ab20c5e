/*
 * ailife with no command (or "tui"): the terminal interface. Without a
 * terminal on both ends (a pipe, a script, a test) it prints a short guide to
 * the commands instead, as scripts expect.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "tui/app.h"
#include "views/shell.h"

static int
guide(struct cli *c)
{
	struct store_list l;
	struct table_err err;
	struct store_page_req pg = { NULL, 2, NULL, NULL };
	table_err_clear(&err);
	if (store_users_list(c->t, pg, &l, &err) != 0)
		return cli_table_fail(c, "tui", &err);
	size_t n = l.count;
	store_list_done(&l);
	if (n == 0) {
		fprintf(c->out,
		    "Welcome to ailife. There is no user yet, and nothing has been created.\n"
		    "\n"
		    "  Create your profile:   ailife user create --name \"Your Name\"\n"
		    "  Or explore demo data:  ailife demo\n"
		    "\n"
		    "Then try: ailife goal list, ailife timeline, ailife --help\n");
		return CLI_OK;
	}
	fprintf(c->out,
	    "The terminal interface needs a terminal; every action also has a command:\n"
	    "  ailife goal list | ailife timeline | ailife meal list | ailife journal list\n"
	    "  ailife --help for the whole list.\n");
	return CLI_OK;
}

int
cmd_tui(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	/* Global options may follow it too ("ailife tui --read-only"). */
	int rc = cli_parse(c, "tui", argc, argv, NULL, 0, 0, NULL, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	rc = cli_open_store(c);
	if (rc != CLI_OK)
		return rc;
	if (c->explain)
		return cli_fail(c, CLI_USAGE, "tui", "--explain is for commands; in the interface, x shows the requests");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return guide(c);
	/* mouse = false in the config; AILIFE_MOUSE, when set, beats it (the environment beats the file). */
	if (c->cfg.mouse == 0 && getenv("AILIFE_MOUSE") == NULL)
		setenv("AILIFE_MOUSE", "0", 1);
	/* The loop gets the table and the screens' shell; whose screens they are is the shell's. */
	struct view_start start = { c->cfg.user };
	char why[256];
	rc = tui_app_run(c->t, &view_shell, &start, why, sizeof why);
	if (rc < 0)
		return cli_fail(c, CLI_FAIL, "tui", "%s", why);
	return rc;
}
