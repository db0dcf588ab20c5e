/*
 * Tests of the command line's option rules (cli/cli.c, cli/settings.c): a
 * global option anywhere, the last one winning; a command's own option of
 * the same name keeps its meaning; a value that looks like an option is a
 * value; the nearest word of did-you-mean.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

static void
cli_setup(struct cli *c)
{
	memset(c, 0, sizeof *c);
	config_init(&c->cfg);
	c->out = stdout;
	c->err = fopen("/dev/null", "w");
	/* No config file of the machine's: a named one that does not matter. */
	setenv("AILIFE_CONFIG", "/dev/null", 1);
	unsetenv("AILIFE_DB");
	unsetenv("AILIFE_NOW");
}

static void
cli_teardown(struct cli *c)
{
	fclose(c->err);
	cli_settings_done(c);
}

static void
test_globals_anywhere(void **state)
{
	static const struct cli_opt opts[] = { { "body", true, false }, { "user", true, false }, { NULL, false, false } };
	struct cli c;
	struct cli_args a;
	char w[][16] = { "--db", "a.db", "--body", "--json", "--db=b.db", "--user", "mine", "--jsonl", "--", "--table" };
	char *argv[10];
	for (size_t i = 0; i < 10; i++)
		argv[i] = w[i];
	cli_setup(&c);
	assert_int_equal(cli_parse(&c, "x add", 10, argv, opts, 0, 1, "x add", &a), CLI_OK);
	/* The last --db wins. */
	assert_string_equal(c.cfg.db, "b.db");
	/* --body's value is "--json", and --json is not set by it. */
	assert_string_equal(cli_get(&a, "body"), "--json");
	/* The command's own --user is its own: the global one is not set. */
	assert_string_equal(cli_get(&a, "user"), "mine");
	assert_null(c.cfg.user);
	assert_true(c.jsonl);
	assert_true(c.json);
	/* After --, a word like an option is an argument. */
	assert_int_equal(a.npos, 1);
	assert_string_equal(a.pos[0], "--table");
	assert_null(c.cfg.table);
	cli_teardown(&c);
}

static void
test_command_option_repeated(void **state)
{
	static const struct cli_opt opts[] = { { "limit", true, false }, { NULL, false, false } };
	struct cli c;
	struct cli_args a;
	char w[][16] = { "--limit", "5", "--limit", "7", "--unknown" };
	char *argv[5];
	for (size_t i = 0; i < 5; i++)
		argv[i] = w[i];
	cli_setup(&c);
	assert_int_equal(cli_parse(&c, "x list", 4, argv, opts, 0, 0, "x list", &a), CLI_OK);
	assert_string_equal(cli_get(&a, "limit"), "7");
	assert_int_equal(cli_parse(&c, "x list", 5, argv, opts, 0, 0, "x list", &a), CLI_USAGE);
	char e0[] = "--db", e1[] = "";
	char *empty[] = { e0, e1 };
	assert_int_equal(cli_parse(&c, "x list", 2, empty, opts, 0, 0, "x list", &a), CLI_USAGE);
	cli_teardown(&c);
}

static void
test_nearest(void **state)
{
	static const char *const commands[] = { "goal", "log", "meal", "timeline", "export", "import", NULL };
	static const char *const subs[] = { "add", "list", "show", "status", "edit", "delete", NULL };
	static const char *const opts[] = { "calories", "protein", "carbs", "fat", "at", NULL };
	static const struct {
		const char *typed;
		const char *const *candidates;
		const char *want;
	} cases[] = {
		{ "goals", commands, "goal" },
		{ "lsit", subs, "list" },
		{ "calroies", opts, "calories" },
		{ "tim", commands, "timeline" },     /* a unique prefix */
		{ "s", subs, NULL },                 /* a prefix of two */
		{ "xyzzy", commands, NULL },
		{ "GOAL", commands, "goal" },
		{ "exprot", commands, "export" },
		{ "", commands, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = cli_nearest(cases[i].typed, cases[i].candidates);
		if (cases[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, cases[i].want);
	}
	assert_int_equal(cli_edit_distance("lsit", "list"), 1);
	assert_int_equal(cli_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(cli_edit_distance("", "abc"), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_globals_anywhere),
		cmocka_unit_test(test_command_option_repeated),
		cmocka_unit_test(test_nearest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
