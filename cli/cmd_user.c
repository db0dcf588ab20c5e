/* The user commands: create, show, list, edit. */
#include <string.h>

#include "cli/cmd_lists.h"
#include "cli/entity.h"

static int
users_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	return store_users_list(c->t, pg, out, err);
}

int
cmd_user(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	int rc;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "user", "missing subcommand (create, show, list or edit)");
	if (strcmp(argv[0], "create") == 0)
		return entity_add(c, MODEL_USER, argc - 1, argv + 1);
	if (strcmp(argv[0], "edit") == 0)
		return entity_edit(c, MODEL_USER, argc - 1, argv + 1);
	if (strcmp(argv[0], "show") == 0) {
		if ((rc = cli_parse(c, "user show", argc - 1, argv + 1, NULL, 0, 0, NULL, &a)) != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if ((rc = cli_need_user(c)) != CLI_OK)
			return rc;
		entity_print(c, MODEL_USER, c->profile);
		return CLI_OK;
	}
	if (strcmp(argv[0], "list") == 0) {
		static const struct cli_opt opts[] = { LIST_OPTS, { NULL, false, false } };
		struct list_opts o;
		if ((rc = cli_parse(c, "user list", argc - 1, argv + 1, opts, 0, 0, NULL, &a)) != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if ((rc = list_options(c, &a, 0, &o)) != CLI_OK)
			return rc;
		if ((rc = cli_open_store(c)) != CLI_OK)
			return rc;
		return list_sorted(c, "user list", users_page, NULL, MODEL_USER, &o);
	}
	return cli_fail_unknown(c, "user", "subcommand", argv[0], NULL);
}
