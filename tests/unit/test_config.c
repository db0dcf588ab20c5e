/* Unit tests for config/config.c: the INI file, the environment, default paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "util/xmalloc.h"

#define NAME "t.conf"

static void
eq_str(const char *got, const char *want)
{
	if (want == NULL)
		assert_null(got);
	else {
		assert_non_null(got);
		assert_string_equal(got, want);
	}
}

/* Parses text, which must succeed, into a fresh config. */
static void
parse_ok(struct config *c, const char *text)
{
	char sentinel[] = "untouched";
	char *err = sentinel;

	config_init(c);
	if (config_parse(c, NAME, text, strlen(text), &err) != 0)
		fail_msg("config_parse failed on [%s]: %s", text, err);
	assert_null(err);
}

struct good_case {
	const char *text;
	const char *store, *db, *table, *user, *endpoint, *region, *profile;
	const char *goals, *activities;
	int dual;
};

static const struct good_case good_cases[] = {
	{ "", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1 },
	{ "\n\n  \t\n", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1 },
	{ "store = dynamodb\n", "dynamodb", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1 },
	{ "store=local", "local", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1 },
	{ "  store\t=\tlocal  \r\n", "local", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1 },
	{ "# comment\n; other comment\n   # indented comment\ndb = /x/y.db\n",
	  NULL, "/x/y.db", NULL, NULL, NULL, NULL, NULL, NULL, NULL, -1 },
	/* '#' and ';' inside a value are part of it: comments are full lines only. */
	{ "user = a#b ; c\n", NULL, NULL, NULL, "a#b ; c", NULL, NULL, NULL, NULL, NULL, -1 },
	{ "store = local\ndb = /d\ntable = my-table\nuser = u1\n"
	  "endpoint = http://localhost:8000\nregion = eu-west-1\nprofile = work\n"
	  "[legacy]\ngoals_table = goals\nactivities_table = goal-activities\ndual_write = yes\n",
	  "local", "/d", "my-table", "u1", "http://localhost:8000", "eu-west-1", "work",
	  "goals", "goal-activities", 1 },
	{ "[ailife]\ntable = t.x_y\n[ legacy ]\ndual_write = OFF\n[ailife]\nuser = me\n",
	  NULL, NULL, "t.x_y", "me", NULL, NULL, NULL, NULL, NULL, 0 },
	{ "[legacy]\ndual_write = 1\n", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "[legacy]\ndual_write = False\n", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "[legacy]\ndual_write = on\n", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1 },
	{ "[legacy]\ndual_write = no\n", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	{ "[legacy]\ndual_write = 0", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0 },
	/* Quoting: spaces kept, escapes, an '=' in the value. */
	{ "db = \"  /my dir/a.db  \"\n", NULL, "  /my dir/a.db  ", NULL, NULL, NULL, NULL, NULL,
	  NULL, NULL, -1 },
	{ "user = \"say \\\"hi\\\" \\\\ bye\"\n", NULL, NULL, NULL, "say \"hi\" \\ bye", NULL, NULL,
	  NULL, NULL, NULL, -1 },
	{ "profile = a=b\n", NULL, NULL, NULL, NULL, NULL, NULL, "a=b", NULL, NULL, -1 },
	{ "user = \"#not a comment\"   \n", NULL, NULL, NULL, "#not a comment", NULL, NULL, NULL,
	  NULL, NULL, -1 },
	/* Unquoted values keep inner quotes. */
	{ "user = it\"s\n", NULL, NULL, NULL, "it\"s", NULL, NULL, NULL, NULL, NULL, -1 },
	/* UTF-8 and a byte order mark. */
	{ "\xef\xbb\xbfuser = Zo\xc3\xab \xe2\x9c\x93\n", NULL, NULL, NULL, "Zo\xc3\xab \xe2\x9c\x93",
	  NULL, NULL, NULL, NULL, NULL, -1 },
	{ "endpoint = https://dynamodb.eu-west-1.amazonaws.com/\n", NULL, NULL, NULL, NULL,
	  "https://dynamodb.eu-west-1.amazonaws.com/", NULL, NULL, NULL, NULL, -1 },
};

static void
test_good_files(void **state)
{
	for (size_t i = 0; i < sizeof good_cases / sizeof good_cases[0]; i++) {
		const struct good_case *g = &good_cases[i];
		struct config c;

		parse_ok(&c, g->text);
		eq_str(c.store, g->store);
		eq_str(c.db, g->db);
		eq_str(c.table, g->table);
		eq_str(c.user, g->user);
		eq_str(c.endpoint, g->endpoint);
		eq_str(c.region, g->region);
		eq_str(c.profile, g->profile);
		eq_str(c.legacy_goals_table, g->goals);
		eq_str(c.legacy_activities_table, g->activities);
		assert_int_equal(c.legacy_dual_write, g->dual);
		assert_null(c.path);
		config_done(&c);
	}
}

struct bad_case {
	const char *text;
	size_t len;	/* 0: strlen(text) */
	const char *err;
};

static const struct bad_case bad_cases[] = {
	{ "[legacy]\nfoo = 1\n", 0, NAME ":2: unknown key 'foo' in section [legacy]" },
	{ "foo = 1\n", 0, NAME ":1: unknown key 'foo' (top-level keys: store, db, table, user, "
	  "endpoint, region, profile)" },
	{ "[legacy]\nstore = local\n", 0, NAME ":2: unknown key 'store' in section [legacy]" },
	{ "goals_table = goals\n", 0, NAME ":1: unknown key 'goals_table' (top-level keys: store, "
	  "db, table, user, endpoint, region, profile)" },
	{ "Store = local\n", 0, NAME ":1: unknown key 'Store' (top-level keys: store, db, table, "
	  "user, endpoint, region, profile)" },
	{ "\n\njust words\n", 0, NAME ":3: expected key = value" },
	{ " = value\n", 0, NAME ":1: expected key = value" },
	{ "[bar]\n", 0, NAME ":1: unknown section [bar]" },
	{ "[]\n", 0, NAME ":1: unknown section []" },
	{ "[legacy\n", 0, NAME ":1: expected [section]" },
	{ "[legacy] # c\n", 0, NAME ":1: expected [section]" },
	{ "[legacy]\ndual_write = maybe\n", 0,
	  NAME ":2: bad value for dual_write: 'maybe' (use true or false)" },
	{ "store = x\n", 0, NAME ":1: store must be local or dynamodb, not 'x'" },
	{ "store = Local\n", 0, NAME ":1: store must be local or dynamodb, not 'Local'" },
	{ "store = local\n\nstore = dynamodb\n", 0,
	  NAME ":3: duplicate key 'store' (first set on line 1)" },
	{ "[ailife]\nuser = a\n[legacy]\n[ailife]\nuser = b\n", 0,
	  NAME ":5: duplicate key 'user' (first set on line 2)" },
	{ "user = a\n[ailife]\nuser = b\n", 0, NAME ":3: duplicate key 'user' (first set on line 1)" },
	{ "db =\n", 0, NAME ":1: empty value for 'db'" },
	{ "db = \"\"\n", 0, NAME ":1: empty value for 'db'" },
	{ "db = \"abc\n", 0, NAME ":1: unterminated quoted value for 'db'" },
	{ "db = \"abc\\\"\n", 0, NAME ":1: unterminated quoted value for 'db'" },
	{ "db = \"a\\nb\"\n", 0,
	  NAME ":1: unknown escape \\'n' in the value of 'db' (only \\\" and \\\\)" },
	{ "db = \"a\" b\n", 0, NAME ":1: text after the closing quote of 'db'" },
	{ "user = a\x01z\n", 0, NAME ":1: control character in the value of 'user'" },
	{ "user = a\tz\n", 0, NAME ":1: control character in the value of 'user'" },
	{ "user = a\n\x00user = b\n", 18, NAME ":2: line contains a NUL byte" },
	{ "# ok\nuser = \xff\n", 0, NAME ":2: invalid UTF-8" },
	{ "user = \xc0\xaf\n", 0, NAME ":1: invalid UTF-8" },		/* overlong '/' */
	{ "user = \xed\xa0\x80\n", 0, NAME ":1: invalid UTF-8" },	/* surrogate */
	{ "user = \xf4\x90\x80\x80\n", 0, NAME ":1: invalid UTF-8" },	/* > U+10FFFF */
	{ "user = \xe2\x9c\n", 0, NAME ":1: invalid UTF-8" },		/* cut short */
	{ "# \xfe in a comment\n", 0, NAME ":1: invalid UTF-8" },
	{ "table = ab\n", 0, NAME ":1: bad table name for table: 'ab' (3 to 255 of a-z A-Z 0-9 _ - .)" },
	{ "[legacy]\ngoals_table = my goals\n", 0,
	  NAME ":2: bad table name for goals_table: 'my goals' (3 to 255 of a-z A-Z 0-9 _ - .)" },
	{ "endpoint = localhost:8000\n", 0,
	  NAME ":1: endpoint must be an http:// or https:// URL, not 'localhost:8000'" },
	{ "endpoint = http://\n", 0, NAME ":1: endpoint must be an http:// or https:// URL, not 'http://'" },
	{ "region = eu_west/1\n", 0, NAME ":1: bad value for region: 'eu_west/1' (letters, digits and '-')" },
	/* A value quoted back is escaped, so an error cannot drive the terminal. */
	{ "store = \"\\\\x\x7f\"\n", 0, NAME ":1: control character in the value of 'store'" },
	{ "store = \"it's\"\n", 0, NAME ":1: store must be local or dynamodb, not 'it\\'s'" },
	{ "store = \xc2\x9b" "31m\n", 0,
	  NAME ":1: store must be local or dynamodb, not '\\xc2\\x9b31m'" },
};

static void
test_bad_files(void **state)
{
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		const struct bad_case *b = &bad_cases[i];
		struct config c;
		char *err = NULL;

		config_init(&c);
		c.user = xstrdup("before");
		c.legacy_dual_write = 1;
		if (config_parse(&c, NAME, b->text, b->len ? b->len : strlen(b->text), &err) == 0)
			fail_msg("case %zu parsed: [%s]", i, b->text);
		assert_non_null(err);
		if (strcmp(err, b->err) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, err, b->err);
		/* Nothing partial: c is as it was. */
		assert_string_equal(c.user, "before");
		assert_null(c.store);
		assert_null(c.db);
		assert_int_equal(c.legacy_dual_write, 1);
		free(err);
		config_done(&c);

		/* err may be NULL. */
		config_init(&c);
		assert_int_equal(config_parse(&c, NAME, b->text, b->len ? b->len : strlen(b->text),
		    NULL), -1);
		config_done(&c);
	}
}

static void
test_line_limit(void **state)
{
	char text[CONFIG_MAX_LINE + 64];
	struct config c;
	char *err = NULL;

	/* Exactly the limit is fine. */
	memcpy(text, "user = ", 7);
	memset(text + 7, 'a', CONFIG_MAX_LINE - 7);
	text[CONFIG_MAX_LINE] = '\n';
	config_init(&c);
	assert_int_equal(config_parse(&c, NAME, text, CONFIG_MAX_LINE + 1, &err), 0);
	assert_int_equal(strlen(c.user), CONFIG_MAX_LINE - 7);
	config_done(&c);

	/* One byte more, on line 2, is not; even in a comment. */
	text[0] = '\n';
	text[1] = '#';
	memset(text + 2, 'a', CONFIG_MAX_LINE);
	config_init(&c);
	assert_int_equal(config_parse(&c, NAME, text, CONFIG_MAX_LINE + 2, &err), -1);
	assert_string_equal(err, NAME ":2: line longer than 4096 bytes");
	free(err);
	config_done(&c);
}

static void
test_overrides_and_counts_lines(void **state)
{
	struct config c;
	char *err = NULL;
	const char *a = "store = local\ndb = /a\n[legacy]\ndual_write = true\n";
	const char *b = "db = /b\r\nuser = u\r\n";

	config_init(&c);
	assert_int_equal(config_parse(&c, NAME, a, strlen(a), &err), 0);
	assert_int_equal(config_parse(&c, NAME, b, strlen(b), &err), 0);
	/* The second text overrides what it sets and keeps the rest. */
	assert_string_equal(c.store, "local");
	assert_string_equal(c.db, "/b");
	assert_string_equal(c.user, "u");
	assert_int_equal(c.legacy_dual_write, 1);
	config_done(&c);

	/* Lines are counted through CRLF, comments and blank lines; not NUL-terminated input. */
	const char *t = "# x\r\n\r\n[legacy]\r\nbogus = 1\r\nXXXX";
	config_init(&c);
	assert_int_equal(config_parse(&c, NULL, t, strlen(t) - 4, &err), -1);
	assert_string_equal(err, "(config):4: unknown key 'bogus' in section [legacy]");
	free(err);
	config_done(&c);
}

static char tmpdir[64];

static int
setup_tmp(void **state)
{
	xsnprintf(tmpdir, sizeof tmpdir, "/tmp/test_config.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	return 0;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
teardown_tmp(void **state)
{
	return nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *
write_file(const char *name, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

static void
test_load_file(void **state)
{
	struct config c;
	char *err = NULL;
	const char *text = "store = dynamodb\n[legacy]\ngoals_table = goals\n";
	char *path = write_file("good", text, strlen(text));

	config_init(&c);
	assert_int_equal(config_load_file(&c, path, true, &err), 0);
	assert_null(err);
	assert_string_equal(c.store, "dynamodb");
	assert_string_equal(c.legacy_goals_table, "goals");
	assert_string_equal(c.path, path);
	config_done(&c);
	free(path);

	/* An error names the file and the line, and leaves c as it was. */
	path = write_file("bad", "table = good-table\n\n[nope]\n", 27);
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, false, &err), -1);
	char *want = xasprintf("%s:3: unknown section [nope]", path);
	assert_string_equal(err, want);
	assert_null(c.table);
	assert_null(c.path);
	free(want);
	free(err);
	config_done(&c);
	free(path);
}

static void
test_load_missing(void **state)
{
	struct config c;
	char *err = NULL;
	char *path = xasprintf("%s/missing", tmpdir);

	config_init(&c);
	c.db = xstrdup("/keep");
	assert_int_equal(config_load_file(&c, path, false, &err), 0);
	assert_null(err);
	assert_string_equal(c.db, "/keep");
	assert_null(c.path);

	assert_int_equal(config_load_file(&c, path, true, &err), -1);
	char *want = xasprintf("%s: %s", path, strerror(ENOENT));
	assert_string_equal(err, want);
	free(want);
	free(err);

	/* No path at all (neither HOME nor XDG_CONFIG_HOME). */
	assert_int_equal(config_load_file(&c, NULL, false, &err), 0);
	assert_null(err);
	assert_int_equal(config_load_file(&c, NULL, true, &err), -1);
	assert_non_null(err);
	free(err);

	/* A directory is not a config file, even when it need not exist. */
	assert_int_equal(config_load_file(&c, tmpdir, false, &err), -1);
	want = xasprintf("%s: %s", tmpdir, strerror(EISDIR));
	assert_string_equal(err, want);
	free(want);
	free(err);
	/* Under a file rather than a directory: an error, not a missing file. */
	char *file = write_file("plain", "", 0);
	char *under = xasprintf("%s/config", file);
	assert_int_equal(config_load_file(&c, under, false, &err), -1);
	want = xasprintf("%s: %s", under, strerror(ENOTDIR));
	assert_string_equal(err, want);
	free(want);
	free(err);
	free(under);
	free(file);

	assert_string_equal(c.db, "/keep");
	config_done(&c);
	free(path);
}

static void
test_load_too_large(void **state)
{
	struct config c;
	char *err = NULL;
	size_t n = CONFIG_MAX_FILE + 1;
	char *text = xmalloc(n);
	char *path;

	/* Blank lines only: fine at the limit, refused one byte over. */
	memset(text, '\n', n);
	path = write_file("big", text, n - 1);
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, true, &err), 0);
	config_done(&c);
	free(path);

	path = write_file("bigger", text, n);
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, true, &err), -1);
	char *want = xasprintf("%s: larger than 1048576 bytes (1 MiB)", path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	config_done(&c);
	free(path);
	free(text);
}

static void
test_load_unreadable(void **state)
{
	struct config c;
	char *err = NULL;
	char *path = write_file("secret", "user = x\n", 9);

	if (geteuid() == 0) {
		free(path);
		skip();
	}
	assert_int_equal(chmod(path, 0), 0);
	config_init(&c);
	/* Present but unreadable is an error even when the file need not exist. */
	assert_int_equal(config_load_file(&c, path, false, &err), -1);
	char *want = xasprintf("%s: %s", path, strerror(EACCES));
	assert_string_equal(err, want);
	free(want);
	free(err);
	config_done(&c);
	free(path);
}

static const char *const env_vars[] = {
	"AILIFE_STORE", "AILIFE_DB", "AILIFE_TABLE", "AILIFE_USER", "AWS_ENDPOINT_URL_DYNAMODB",
	"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE",
	"XDG_CONFIG_HOME", "XDG_DATA_HOME", "HOME",
};

static int
clear_env(void **state)
{
	for (size_t i = 0; i < sizeof env_vars / sizeof env_vars[0]; i++)
		unsetenv(env_vars[i]);
	return 0;
}

static void
test_env_overrides_file(void **state)
{
	struct config c;

	parse_ok(&c, "store = local\ndb = /file.db\ntable = file-table\nuser = fileuser\n"
	    "endpoint = http://file:1\nregion = file-region\nprofile = fileprofile\n"
	    "[legacy]\ngoals_table = goals\n");
	setenv("AILIFE_STORE", "dynamodb", 1);
	setenv("AILIFE_DB", "/env.db", 1);
	setenv("AILIFE_TABLE", "", 1);		/* empty: ignored */
	setenv("AILIFE_USER", "envuser", 1);
	setenv("AWS_ENDPOINT_URL", "http://generic:2", 1);
	setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:3", 1);
	setenv("AWS_DEFAULT_REGION", "default-region", 1);
	setenv("AWS_REGION", "region", 1);
	setenv("AWS_PROFILE", "envprofile", 1);
	config_apply_env(&c);
	assert_string_equal(c.store, "dynamodb");
	assert_string_equal(c.db, "/env.db");
	assert_string_equal(c.table, "file-table");
	assert_string_equal(c.user, "envuser");
	assert_string_equal(c.endpoint, "http://ddb:3");
	assert_string_equal(c.region, "region");
	assert_string_equal(c.profile, "envprofile");
	assert_string_equal(c.legacy_goals_table, "goals");

	/* The fallbacks when the first variable is unset or empty. */
	unsetenv("AWS_ENDPOINT_URL_DYNAMODB");
	setenv("AWS_REGION", "", 1);
	config_apply_env(&c);
	assert_string_equal(c.endpoint, "http://generic:2");
	assert_string_equal(c.region, "default-region");
	config_done(&c);

	/* Nothing set: nothing changes, unset stays unset. */
	clear_env(state);
	parse_ok(&c, "user = u\n");
	config_apply_env(&c);
	assert_string_equal(c.user, "u");
	assert_null(c.store);
	assert_null(c.endpoint);
	config_done(&c);
}

static void
test_check(void **state)
{
	struct config c;
	char *err = NULL;

	config_init(&c);
	assert_int_equal(config_check(&c, &err), 0);
	c.store = xstrdup("dynamodb");
	c.table = xstrdup("ai-lifestyle-app-main");
	c.region = xstrdup("us-east-1");
	c.endpoint = xstrdup("http://127.0.0.1:8000");
	assert_int_equal(config_check(&c, &err), 0);
	assert_null(err);

	free(c.store);
	c.store = xstrdup("sqlite");
	assert_int_equal(config_check(&c, &err), -1);
	assert_string_equal(err, "store must be local or dynamodb, not 'sqlite'");
	free(err);
	free(c.store);
	c.store = NULL;

	free(c.endpoint);
	c.endpoint = xstrdup("http://host name");
	assert_int_equal(config_check(&c, &err), -1);
	assert_string_equal(err, "endpoint must be an http:// or https:// URL, not 'http://host name'");
	free(err);
	config_done(&c);
}

static void
test_validators(void **state)
{
	assert_true(config_valid_table_name("abc"));
	assert_true(config_valid_table_name("ai-lifestyle-app-main"));
	assert_true(config_valid_table_name("A.b_c-9"));
	assert_false(config_valid_table_name("ab"));
	assert_false(config_valid_table_name("a b c"));
	assert_false(config_valid_table_name("t\xc3\xa9st"));
	char long_name[257];
	memset(long_name, 'a', 256);
	long_name[256] = '\0';
	assert_false(config_valid_table_name(long_name));
	long_name[255] = '\0';
	assert_true(config_valid_table_name(long_name));

	assert_true(config_valid_region("eu-west-1"));
	assert_true(config_valid_region("local"));
	assert_false(config_valid_region(""));
	assert_false(config_valid_region("evil.com/"));
	assert_false(config_valid_region("a@b"));

	assert_true(config_valid_endpoint("http://localhost:8000"));
	assert_true(config_valid_endpoint("https://x"));
	assert_false(config_valid_endpoint("https://"));
	assert_false(config_valid_endpoint("http:///path"));
	assert_false(config_valid_endpoint("ftp://x"));
	assert_false(config_valid_endpoint("localhost:8000"));
	assert_false(config_valid_endpoint("http://a\nb"));
}

static void
test_quote(void **state)
{
	static const struct {
		const char *in;
		size_t max;
		const char *out;
	} cases[] = {
		{ "plain", 64, "'plain'" },
		{ "", 64, "''" },
		{ "a'b\\c", 64, "'a\\'b\\\\c'" },
		{ "\x1b[2J\n\t\r", 64, "'\\x1b[2J\\n\\t\\r'" },
		{ "caf\xc3\xa9", 64, "'caf\xc3\xa9'" },
		{ "\xc2\x85", 64, "'\\xc2\\x85'" },	/* C1 control */
		{ "\xff", 64, "'\\xff'" },
		{ "abcdef", 3, "'abc...'" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *q = config_quote(cases[i].in, cases[i].max);
		assert_string_equal(q, cases[i].out);
		free(q);
	}
}

struct path_case {
	const char *xdg_config, *xdg_data, *home;
	const char *config, *db;
};

static const struct path_case path_cases[] = {
	{ "/xc", "/xd", "/h", "/xc/ailife/config", "/xd/ailife/ailife.db" },
	{ NULL, NULL, "/h", "/h/.config/ailife/config", "/h/.local/share/ailife/ailife.db" },
	{ "", "", "/h", "/h/.config/ailife/config", "/h/.local/share/ailife/ailife.db" },
	/* The XDG spec: a relative path is invalid and ignored. */
	{ "rel", "rel", "/h", "/h/.config/ailife/config", "/h/.local/share/ailife/ailife.db" },
	{ "/xc", NULL, NULL, "/xc/ailife/config", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
	{ NULL, NULL, "", NULL, NULL },
};

static void
set_or_unset(const char *name, const char *value)
{
	if (value == NULL)
		unsetenv(name);
	else
		setenv(name, value, 1);
}

static void
test_default_paths(void **state)
{
	for (size_t i = 0; i < sizeof path_cases / sizeof path_cases[0]; i++) {
		const struct path_case *p = &path_cases[i];
		set_or_unset("XDG_CONFIG_HOME", p->xdg_config);
		set_or_unset("XDG_DATA_HOME", p->xdg_data);
		set_or_unset("HOME", p->home);
		char *cp = config_default_path();
		char *dp = config_default_db();
		eq_str(cp, p->config);
		eq_str(dp, p->db);
		free(cp);
		free(dp);
	}
}

/* db = ~/x is the home's, a relative db the config file's folder's, an absolute one as written. */
static void
test_db_paths(void **state)
{
	struct config c;
	char *err = NULL, *want;
	setenv("HOME", "/home/ada", 1);
	char *p = config_expand_path("~/foo.db", "/etc/x");
	assert_string_equal(p, "/home/ada/foo.db");
	free(p);
	p = config_expand_path("~", NULL);
	assert_string_equal(p, "/home/ada");
	free(p);
	p = config_expand_path("rel/x.db", "/cfg/ailife");
	assert_string_equal(p, "/cfg/ailife/rel/x.db");
	free(p);
	p = config_expand_path("/abs.db", "/cfg");
	assert_string_equal(p, "/abs.db");
	free(p);
	p = config_expand_path("rel.db", NULL);
	assert_string_equal(p, "rel.db");
	free(p);
	/* "~user" is not the home: it stays a relative name. */
	p = config_expand_path("~bob/x", "/cfg");
	assert_string_equal(p, "/cfg/~bob/x");
	free(p);
	unsetenv("HOME");
	assert_null(config_expand_path("~/x", "/cfg"));

	/* Through a file: relative to its folder; text parsed without a file keeps the path. */
	char *path = write_file("rel", "db = data/ailife.db\nread_only = yes\n", 35);
	config_init(&c);
	assert_int_equal(config_load_file(&c, path, true, &err), 0);
	want = xasprintf("%s/data/ailife.db", tmpdir);
	assert_string_equal(c.db, want);
	assert_int_equal(c.read_only, 1);
	free(want);
	config_done(&c);
	free(path);
	config_init(&c);
	assert_int_equal(c.read_only, -1);
	assert_int_equal(config_parse(&c, "t", "db = x.db\n", 10, &err), 0);
	assert_string_equal(c.db, "x.db");
	assert_int_equal(config_parse(&c, "t", "read_only = maybe\n", 18, &err), -1);
	assert_string_equal(err, "t:1: bad value for read_only: 'maybe' (use true or false)");
	free(err);
	config_done(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_files),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_line_limit),
		cmocka_unit_test(test_overrides_and_counts_lines),
		cmocka_unit_test_setup_teardown(test_load_file, setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_load_missing, setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_load_too_large, setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_load_unreadable, setup_tmp, teardown_tmp),
		cmocka_unit_test_setup_teardown(test_env_overrides_file, clear_env, clear_env),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_validators),
		cmocka_unit_test(test_quote),
		cmocka_unit_test_setup_teardown(test_default_paths, clear_env, clear_env),
		cmocka_unit_test_setup_teardown(test_db_paths, setup_tmp, teardown_tmp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
