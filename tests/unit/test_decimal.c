/* Unit tests for datastore/decimal: exact thousandths, canonical text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "datastore/decimal.h"

struct parse_case {
	const char *text;
	long long milli;
};

static const struct parse_case good[] = {
	{ "0", 0 },
	{ "-0", 0 },
	{ "0.000", 0 },
	{ "0e9", 0 },
	{ "1", 1000 },
	{ "-1", -1000 },
	{ "12.5", 12500 },
	{ "12.50", 12500 },
	{ "12.500000", 12500 },
	{ "1.25e1", 12500 },
	{ "1.25E1", 12500 },
	{ "1.25e+1", 12500 },
	{ "0.0125e3", 12500 },
	{ "125e-1", 12500 },
	{ "0.001", 1 },
	{ "-0.001", -1 },
	{ "1e-3", 1 },
	{ "0.0001e1", 1 },
	{ ".5", 500 },
	{ "5.", 5000 },
	{ "007", 7000 },
	{ "0.1", 100 },
	{ "0.2", 200 },
	{ "1e3", 1000000 },
	{ "999999999999.999", 999999999999999LL },
	{ "-999999999999.999", -999999999999999LL },
	{ "999999999999", 999999999999000LL },
	{ "9.99999999999999e11", 999999999999999LL },
	{ "9.9999999999999e11", 999999999999990LL },
	{ "1.2340", 1234 },
	{ "100", 100000 },
	{ "0.00000000000000000000", 0 },
};

static const char *const bad[] = {
	"", "-", "+1", " 1", "1 ", "1.2.3", ".", "-.", "e1", "1e", "1e+", "1e-",
	"nan", "NaN", "inf", "-inf", "Infinity", "0x10", "1,5", "--1", "1-",
	"0.0001", "1.2345", "1e-4", "12.5e-3",
	"1000000000000", "1e12", "-1e12", "999999999999.9991", "1e100000000000000000000",
	"99999999999999999999999999999", "1\n", "1e5x",
};

static void
test_parse_good(void **state)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		long long m = 42;
		const char *why = NULL;

		if (decimal_parse(good[i].text, &m, &why) != 0)
			fail_msg("\"%s\" refused: %s", good[i].text, why);
		if (m != good[i].milli)
			fail_msg("\"%s\" gave %lld, want %lld", good[i].text, m, good[i].milli);
	}
}

static void
test_parse_bad(void **state)
{
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long long m = 42;
		const char *why = NULL;

		if (decimal_parse(bad[i], &m, &why) == 0)
			fail_msg("\"%s\" accepted as %lld", bad[i], m);
		assert_non_null(why);
		assert_true(strlen(why) > 0);
		assert_int_equal(m, 42);
	}
	assert_int_equal(decimal_parse(NULL, &(long long){ 0 }, NULL), -1);
}

struct format_case {
	long long milli;
	const char *text;
};

static const struct format_case formats[] = {
	{ 0, "0" },
	{ 1, "0.001" },
	{ -1, "-0.001" },
	{ 10, "0.01" },
	{ 100, "0.1" },
	{ 1000, "1" },
	{ 12500, "12.5" },
	{ 12340, "12.34" },
	{ -12500, "-12.5" },
	{ 1000000, "1000" },
	{ 999999999999999LL, "999999999999.999" },
	{ -999999999999999LL, "-999999999999.999" },
	{ INT64_MIN, "-9223372036854775.808" },
	{ INT64_MAX, "9223372036854775.807" },
};

static void
test_format(void **state)
{
	for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
		char out[DECIMAL_TEXT_MAX];

		memset(out, 'x', sizeof out);
		decimal_format(formats[i].milli, out);
		assert_string_equal(out, formats[i].text);
	}
}

/* Every accepted spelling formats canonically and parses back to the same value. */
static void
test_round_trip(void **state)
{
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char out[DECIMAL_TEXT_MAX];
		long long m, again;

		assert_int_equal(decimal_parse(good[i].text, &m, NULL), 0);
		decimal_format(m, out);
		assert_int_equal(decimal_parse(out, &again, NULL), 0);
		assert_int_equal(again, m);
		assert_null(strchr(out, 'e'));
		if (strchr(out, '.') != NULL)
			assert_true(out[strlen(out) - 1] != '0');
	}
	assert_int_equal(decimal_parse("12.50", &(long long){ 0 }, NULL), 0);
}

static void
test_add(void **state)
{
	long long a, b, sum;
	char out[DECIMAL_TEXT_MAX];

	assert_int_equal(decimal_parse("0.1", &a, NULL), 0);
	assert_int_equal(decimal_parse("0.2", &b, NULL), 0);
	assert_int_equal(decimal_add(a, b, &sum), 0);
	decimal_format(sum, out);
	assert_string_equal(out, "0.3");

	assert_int_equal(decimal_add(DECIMAL_MAX_MILLI, 0, &sum), 0);
	assert_int_equal(sum, DECIMAL_MAX_MILLI);
	sum = 7;
	assert_int_equal(decimal_add(DECIMAL_MAX_MILLI, 1, &sum), -1);
	assert_int_equal(sum, 7);
	assert_int_equal(decimal_add(-DECIMAL_MAX_MILLI, -1, &sum), -1);
	assert_int_equal(decimal_add(INT64_MAX, INT64_MAX, &sum), -1);
	assert_int_equal(decimal_add(INT64_MIN, -1, &sum), -1);
	assert_int_equal(decimal_add(-5, 5, &sum), 0);
	assert_int_equal(sum, 0);
	decimal_format(sum, out);
	assert_string_equal(out, "0");
}

struct int_case {
	const char *text;
	int ok;
	long long value;
};

static const struct int_case ints[] = {
	{ "0", 1, 0 },
	{ "7", 1, 7 },
	{ "-3", 1, -3 },
	{ "1e2", 1, 100 },
	{ "2.0", 1, 2 },
	{ "999999999999", 1, 999999999999LL },
	{ "2.5", 0, 0 },
	{ "0.001", 0, 0 },
	{ "", 0, 0 },
	{ "x", 0, 0 },
	{ "1000000000000", 0, 0 },
};

static void
test_parse_int(void **state)
{
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		long long v = -99;
		const char *why = NULL;
		int rc = decimal_parse_int(ints[i].text, &v, &why);

		if (ints[i].ok) {
			if (rc != 0)
				fail_msg("\"%s\" refused: %s", ints[i].text, why);
			assert_int_equal(v, ints[i].value);
		} else {
			if (rc == 0)
				fail_msg("\"%s\" accepted", ints[i].text);
			assert_non_null(why);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_parse_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
