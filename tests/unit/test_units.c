/* Unit tests for datastore/units: distances in km or miles, exact to 0.001. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "datastore/units.h"

struct parse_case {
	const char *text;
	bool imperial;           /* the profile's units */
	long long km_milli;
};

static const struct parse_case good[] = {
	{ "5", false, 5000 },
	{ "5", true, 8047 },           /* 5 mi = 8.04672 km */
	{ "5mi", false, 8047 },
	{ "5mi", true, 8047 },
	{ "5 mi", false, 8047 },
	{ "5.5 MI", false, 8851 },     /* 8.851392 */
	{ "5.5  mi", false, 8851 },
	{ "8km", true, 8000 },
	{ "8 KM", true, 8000 },
	{ "8km", false, 8000 },
	{ "0.001mi", false, 2 },       /* 1.609344 m: 0.002 km */
	{ "1mi", false, 1609 },
	{ "26.219mi", false, 42195 },  /* a marathon: 42.194851 km */
	{ "0", true, 0 },
	{ "1e1mi", false, 16093 },
	{ "12.5", false, 12500 },
};

static void
test_parse_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		long long v = -1;
		char why[128] = "";
		int rc = units_parse_distance(good[i].text, good[i].imperial, &v, why, sizeof why);
		if (rc != 0 || v != good[i].km_milli)
			fail_msg("'%s' (imperial %d): rc %d, %lld, want %lld (%s)", good[i].text, good[i].imperial, rc, v,
			    good[i].km_milli, why);
	}
}

struct bad_case {
	const char *text;
	const char *why;         /* a part of the message */
};

static const struct bad_case bad[] = {
	{ "5 parsecs", "'5 parsecs': unknown unit 'parsecs' (use km or mi)" },
	{ "5miles", "unknown unit 'miles'" },
	{ "5m", "unknown unit 'm'" },
	{ "mi", "'mi': not a distance" },
	{ "", "not a distance" },
	{ " mi", "not a distance" },
	{ "5.5.5mi", "'5.5.5mi'" },
	{ "1.2345mi", "'1.2345mi'" },
	{ "five", "'five': not a distance" },
	{ "999999999999mi", "too large" },
};

static void
test_parse_bad(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		long long v = 0;
		char why[128] = "";
		int rc = units_parse_distance(bad[i].text, false, &v, why, sizeof why);
		if (rc != -1 || strstr(why, bad[i].why) == NULL)
			fail_msg("'%s': rc %d, why '%s', want '%s'", bad[i].text, rc, why, bad[i].why);
	}
}

static void
test_convert(void **state)
{
	(void)state;
	char out[DECIMAL_TEXT_MAX];
	assert_int_equal(units_km_to_mi(1609), 1000);      /* 0.99979 mi */
	assert_int_equal(units_km_to_mi(8047), 5000);      /* 5.00016 */
	assert_int_equal(units_km_to_mi(42195), 26219);    /* 26.21876 */
	assert_int_equal(units_mi_to_km(1000), 1609);
	assert_int_equal(units_mi_to_km(-1000), -1609);
	assert_int_equal(units_km_to_mi(0), 0);
	/* The ends of the range do not overflow. */
	assert_int_equal(units_km_to_mi(DECIMAL_MAX_MILLI), 621371192237333LL);
	assert_int_equal(units_mi_to_km(999999999999LL), 1609343999998LL);
	units_format_distance(5000, false, out);
	assert_string_equal(out, "5");
	units_format_distance(5000, true, out);
	assert_string_equal(out, "3.107");                 /* 3.10686 */
	units_format_distance(8047, true, out);
	assert_string_equal(out, "5");
	assert_string_equal(units_distance_head(true), "MI");
	assert_string_equal(units_distance_head(false), "KM");
	assert_true(units_imperial("imperial"));
	assert_false(units_imperial("metric"));
	assert_false(units_imperial(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_convert),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
