/* ailife with no command: the terminal interface (its own issue); until it lands, a guide to the commands. */
#include "cli/cli.h"

int
cmd_tui(struct cli *c, int argc, char **argv)
{
	struct store_list l;
	struct table_err err;
	struct store_page_req pg = { NULL, 2 };
	int rc = cli_open_store(c);
	if (rc != CLI_OK)
		return rc;
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
	    "The full-screen terminal interface is not built yet; every action has a command:\n"
	    "  ailife goal list | ailife timeline | ailife meal list | ailife journal list\n"
	    "  ailife --help for the whole list.\n");
	return CLI_OK;
}
