/* Tests of datastore/keys: every key of data-model.md byte for byte, the id rule, parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "datastore/keys.h"

#define U "01JDQ8Z3K4M5N6P7Q8R9S0T1V2"
#define G "goal_1-a"
#define AT "2026-11-26T04:03:04.123Z"

/* Outputs start out pointing here, to see that every path overwrites them. */
static char junk[] = "junk";

/* Checks a new string against the expected bytes and frees it. */
static void
check(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* The Keys table of data-model.md, row by row. */
static void
test_keys_table(void **state)
{
	/* User */
	check(keys_user_pk(U), "USER#" U);
	assert_string_equal(keys_profile_sk(), "PROFILE");
	assert_string_equal(keys_gsi1_users_pk(), "USER");
	check(keys_gsi1_user_sk(U), "USER#" U);

	/* Goal */
	check(keys_entity_sk("GOAL", G), "GOAL#" G);
	check(keys_gsi1_status_pk("active"), "GOAL#active");
	check(keys_gsi1_status_pk("completed"), "GOAL#completed");
	check(keys_gsi1_goal_sk(U, G), "USER#" U "#GOAL#" G);

	/* Activity */
	check(keys_activity_sk(G, AT), "ACTIVITY#" G "#" AT);
	check(keys_gsi2_pk(U, "ACTIVITY"), "USER#" U "#ACTIVITY");
	check(keys_gsi2_sk(AT, G), AT "#" G);
	check(keys_gsi3_pk(G), "GOAL#" G);
	check(keys_gsi3_activity_sk(AT), "ACTIVITY#" AT);

	/* Journal, meal, workout */
	check(keys_entity_sk("JOURNAL", "j1"), "JOURNAL#j1");
	check(keys_gsi2_pk(U, "JOURNAL"), "USER#" U "#JOURNAL");
	check(keys_gsi2_sk(AT, "j1"), AT "#j1");
	check(keys_gsi3_sk("JOURNAL", AT, "j1"), "JOURNAL#" AT "#j1");
	check(keys_entity_sk("MEAL", "m1"), "MEAL#m1");
	check(keys_gsi2_pk(U, "MEAL"), "USER#" U "#MEAL");
	check(keys_gsi2_sk(AT, "m1"), AT "#m1");
	check(keys_gsi3_sk("MEAL", AT, "m1"), "MEAL#" AT "#m1");
	check(keys_entity_sk("WORKOUT", "w1"), "WORKOUT#w1");
	check(keys_gsi2_pk(U, "WORKOUT"), "USER#" U "#WORKOUT");
	check(keys_gsi2_sk(AT, "w1"), AT "#w1");
	check(keys_gsi3_sk("WORKOUT", AT, "w1"), "WORKOUT#" AT "#w1");
}

/* The prefixes of the access patterns (AP3, AP4, AP6, AP12, AP13). */
static void
test_prefixes(void **state)
{
	char *sk, *prefix;

	check(keys_type_prefix("GOAL"), "GOAL#");
	check(keys_type_prefix("JOURNAL"), "JOURNAL#");
	check(keys_type_prefix("MEAL"), "MEAL#");
	check(keys_type_prefix("WORKOUT"), "WORKOUT#");
	check(keys_gsi1_user_goals_prefix(U), "USER#" U "#");
	check(keys_activity_prefix(G), "ACTIVITY#" G "#");

	/* Each prefix really begins the keys it selects. */
	sk = keys_activity_sk(G, AT);
	prefix = keys_activity_prefix(G);
	assert_int_equal(strncmp(sk, prefix, strlen(prefix)), 0);
	free(sk);
	free(prefix);
	sk = keys_gsi1_goal_sk(U, G);
	prefix = keys_gsi1_user_goals_prefix(U);
	assert_int_equal(strncmp(sk, prefix, strlen(prefix)), 0);
	free(sk);
	free(prefix);
	/* A goal whose id extends another's is not caught by the other's prefix. */
	sk = keys_activity_sk("g10", AT);
	prefix = keys_activity_prefix("g1");
	assert_int_not_equal(strncmp(sk, prefix, strlen(prefix)), 0);
	free(sk);
	free(prefix);
}

static void
test_id_rule(void **state)
{
	static const struct {
		const char *id;
		bool ok;
	} cases[] = {
		{ "a", true },
		{ "Z", true },
		{ "0", true },
		{ "_", true },
		{ "-", true },
		{ "abc_DEF-123", true },
		{ U, true },
		{ "1234567890123456789012345678901234567890123456789012345678901234", true },
		{ "12345678901234567890123456789012345678901234567890123456789012345", false },
		{ "", false },
		{ "#", false },
		{ "a#b", false },
		{ "USER#1", false },
		{ "a b", false },
		{ " a", false },
		{ "a ", false },
		{ "a\tb", false },
		{ "a\nb", false },
		{ "caf\xc3\xa9", false },
		{ "\xe2\x82\xac", false },
		{ "a.b", false },
		{ "a/b", false },
		{ "a:b", false },
		{ "a+b", false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (keys_id_valid(cases[i].id) != cases[i].ok)
			fail_msg("id \"%s\": expected %s", cases[i].id,
			    cases[i].ok ? "valid" : "invalid");
	}
	assert_false(keys_id_valid(NULL));
	assert_int_equal(KEYS_ID_MAX, 64);
	assert_int_equal(KEYS_SEP, '#');
}

static void
test_parse_user_pk(void **state)
{
	static const char *const bad[] = {
		"USER#", "USER", "USER#a#b", "user#a", "GOAL#a", "", "USER#a b",
		"USER#12345678901234567890123456789012345678901234567890123456789012345",
		" USER#a", "USERa",
	};
	size_t i;

	check(keys_parse_user_pk("USER#" U), U);
	check(keys_parse_user_pk("USER#a"), "a");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_null(keys_parse_user_pk(bad[i]));
	assert_null(keys_parse_user_pk(NULL));
}

static void
test_parse_sk_good(void **state)
{
	static const struct {
		const char *sk, *type, *id, *at;
	} cases[] = {
		{ "PROFILE", "PROFILE", NULL, NULL },
		{ "GOAL#" G, "GOAL", G, NULL },
		{ "JOURNAL#j1", "JOURNAL", "j1", NULL },
		{ "MEAL#" U, "MEAL", U, NULL },
		{ "WORKOUT#w_1-x", "WORKOUT", "w_1-x", NULL },
		{ "ACTIVITY#" G "#" AT, "ACTIVITY", G, AT },
		{ "ACTIVITY#a#2024-02-29T23:59:59.999Z", "ACTIVITY", "a", "2024-02-29T23:59:59.999Z" },
	};
	char *type, *id, *at;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		type = id = at = junk;
		assert_int_equal(keys_parse_sk(cases[i].sk, &type, &id, &at), 0);
		assert_string_equal(type, cases[i].type);
		if (cases[i].id == NULL)
			assert_null(id);
		else
			assert_string_equal(id, cases[i].id);
		if (cases[i].at == NULL)
			assert_null(at);
		else
			assert_string_equal(at, cases[i].at);
		free(type);
		free(id);
		free(at);
	}
	/* Outputs the caller does not want may be NULL. */
	assert_int_equal(keys_parse_sk("ACTIVITY#" G "#" AT, NULL, NULL, NULL), 0);
	assert_int_equal(keys_parse_sk("GOAL#g", NULL, &id, NULL), 0);
	assert_string_equal(id, "g");
	free(id);
}

/* Whatever parses is rebuilt byte for byte by the builders. */
static void
test_parse_sk_rebuild(void **state)
{
	static const char *const sks[] = {
		"GOAL#x", "JOURNAL#" U, "MEAL#m", "WORKOUT#w", "ACTIVITY#g#" AT,
	};
	char *type, *id, *at, *again;
	size_t i;

	for (i = 0; i < sizeof sks / sizeof sks[0]; i++) {
		assert_int_equal(keys_parse_sk(sks[i], &type, &id, &at), 0);
		if (at != NULL)
			again = keys_activity_sk(id, at);
		else
			again = keys_entity_sk(type, id);
		assert_string_equal(again, sks[i]);
		free(again);
		free(type);
		free(id);
		free(at);
	}
}

static void
test_parse_sk_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"PROFILE#",
		"PROFILE#x",
		"profile",
		"PROFILEX",
		" PROFILE",
		"GOAL",
		"GOAL#",
		"GOAL#a#b",
		"GOAL#a b",
		"GOAL#caf\xc3\xa9",
		"GOAL#12345678901234567890123456789012345678901234567890123456789012345",
		"goal#a",
		"GOALS#a",
		"USER#a",
		"TASK#a",
		"JOURNAL#",
		"MEAL#a#",
		"WORKOUT##",
		"ACTIVITY",
		"ACTIVITY#",
		"ACTIVITY#g",
		"ACTIVITY#g#",
		"ACTIVITY##" AT,
		"ACTIVITY#g#2026-11-26T04:03:04Z",
		"ACTIVITY#g#2026-11-26T04:03:04.123Z#",
		"ACTIVITY#g#2026-11-26T04:03:04.123Z ",
		"ACTIVITY#g#2026-02-30T04:03:04.123Z",
		"ACTIVITY#g#2026-11-26T24:03:04.123Z",
		"ACTIVITY#g h#" AT,
		"ACTIVITY#g#x#" AT,
		"ACTIVITY#12345678901234567890123456789012345678901234567890123456789012345#" AT,
		"#GOAL#a",
	};
	char *type, *id, *at;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		type = id = at = junk;
		if (keys_parse_sk(bad[i], &type, &id, &at) != -1)
			fail_msg("parsed \"%s\"", bad[i]);
		assert_null(type);
		assert_null(id);
		assert_null(at);
	}
	assert_int_equal(keys_parse_sk(NULL, &type, &id, &at), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_table),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_id_rule),
		cmocka_unit_test(test_parse_user_pk),
		cmocka_unit_test(test_parse_sk_good),
		cmocka_unit_test(test_parse_sk_rebuild),
		cmocka_unit_test(test_parse_sk_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
