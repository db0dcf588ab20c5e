/* Tests of datastore/timefmt: the clock, the 24-character form, RFC 3339, civil dates. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "datastore/timefmt.h"

static void
test_civil_known(void **state)
{
	static const struct {
		int y, m, d;
		long long days;
	} cases[] = {
		{ 1970, 1, 1, 0 },
		{ 1970, 1, 2, 1 },
		{ 1969, 12, 31, -1 },
		{ 2000, 1, 1, 10957 },
		{ 2000, 3, 1, 11017 },
		{ 2024, 2, 29, 19782 },
		{ 2026, 11, 26, 20783 },
		{ 1900, 3, 1, -25508 },
		{ 0, 1, 1, -719528 },
		{ 9999, 12, 31, 2932896 },
	};
	size_t i;
	int y, m, d;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(timefmt_days_from_civil(cases[i].y, cases[i].m, cases[i].d),
		    cases[i].days);
		timefmt_civil_from_days(cases[i].days, &y, &m, &d);
		assert_int_equal(y, cases[i].y);
		assert_int_equal(m, cases[i].m);
		assert_int_equal(d, cases[i].d);
	}
}

/* Every day of 0000-9999 goes there and back, one day apart from the last. */
static void
test_civil_round_trip(void **state)
{
	long long days, first = timefmt_days_from_civil(0, 1, 1);
	long long last = timefmt_days_from_civil(9999, 12, 31);
	int y, m, d;

	for (days = first; days <= last; days++) {
		timefmt_civil_from_days(days, &y, &m, &d);
		assert_true(timefmt_valid_date(y, m, d));
		assert_int_equal(timefmt_days_from_civil(y, m, d), days);
	}
}

static void
test_valid_date(void **state)
{
	static const struct {
		int y, m, d;
		bool ok;
	} cases[] = {
		{ 2024, 2, 29, true },
		{ 2023, 2, 29, false },
		{ 2000, 2, 29, true },
		{ 1900, 2, 29, false },
		{ 2100, 2, 29, false },
		{ 2400, 2, 29, true },
		{ 2026, 2, 28, true },
		{ 2026, 2, 30, false },
		{ 2026, 4, 30, true },
		{ 2026, 4, 31, false },
		{ 2026, 12, 31, true },
		{ 2026, 13, 1, false },
		{ 2026, 0, 1, false },
		{ 2026, 1, 0, false },
		{ 2026, 1, 32, false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(timefmt_valid_date(cases[i].y, cases[i].m, cases[i].d),
		    cases[i].ok);
}

static void
test_format(void **state)
{
	static const struct {
		ms_t ms;
		const char *text;
	} cases[] = {
		{ 0, "1970-01-01T00:00:00.000Z" },
		{ 1, "1970-01-01T00:00:00.001Z" },
		{ -1, "1969-12-31T23:59:59.999Z" },
		{ 1795665784123LL, "2026-11-26T04:03:04.123Z" },
		{ 1709164800000LL, "2024-02-29T00:00:00.000Z" },
		{ 951782400000LL, "2000-02-29T00:00:00.000Z" },
		{ -62167219200000LL, "0000-01-01T00:00:00.000Z" },
		{ 253402300799999LL, "9999-12-31T23:59:59.999Z" },
		/* Clamped to what 24 characters can hold. */
		{ 253402300800000LL, "9999-12-31T23:59:59.999Z" },
		{ -62167219200001LL, "0000-01-01T00:00:00.000Z" },
	};
	char out[TIMEFMT_LEN + 1];
	size_t i;
	ms_t back;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(out, 'x', sizeof out);
		timefmt_format(cases[i].ms, out);
		assert_string_equal(out, cases[i].text);
		assert_int_equal(strlen(out), TIMEFMT_LEN);
		assert_int_equal(timefmt_parse_key(out, &back), 0);
		if (i < 8)
			assert_int_equal(back, cases[i].ms);
	}
}

static void
test_parse_key_round_trip(void **state)
{
	char out[TIMEFMT_LEN + 1];
	ms_t ms, back;

	/* A stride that visits every field value over the years. */
	for (ms = -62167219200000LL; ms < 253402300799999LL; ms += 7919LL * 3600 * 1000 + 123457) {
		timefmt_format(ms, out);
		assert_int_equal(timefmt_parse_key(out, &back), 0);
		assert_int_equal(back, ms);
	}
}

static void
test_parse_key_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"2026-11-26T04:03:04.123",
		"2026-11-26T04:03:04.123z",
		"2026-11-26t04:03:04.123Z",
		"2026-11-26 04:03:04.123Z",
		"2026-11-26T04:03:04Z",
		"2026-11-26T04:03:04.12Z",
		"2026-11-26T04:03:04.1234Z",
		"2026-11-26T04:03:04.123+00:00",
		"2026-11-26T04:03:04.123Z ",
		" 2026-11-26T04:03:04.123Z",
		"2026-02-30T04:03:04.123Z",
		"2023-02-29T00:00:00.000Z",
		"1900-02-29T00:00:00.000Z",
		"2026-13-01T00:00:00.000Z",
		"2026-00-01T00:00:00.000Z",
		"2026-11-00T00:00:00.000Z",
		"2026-11-26T24:00:00.000Z",
		"2026-11-26T23:60:00.000Z",
		"2026-11-26T23:59:60.000Z",
		"2026-11-26T04:03:04.12xZ",
		"+026-11-26T04:03:04.123Z",
		"2026/11/26T04:03:04.123Z",
	};
	size_t i;
	ms_t ms = 42;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(timefmt_parse_key(bad[i], &ms), -1);
		assert_int_equal(ms, 42);
	}
	assert_int_equal(timefmt_parse_key(NULL, &ms), -1);
	assert_int_equal(timefmt_parse_key("2024-02-29T23:59:59.999Z", &ms), 0);
	assert_int_equal(ms, 1709251199999LL);
	assert_int_equal(timefmt_parse_key("2000-02-29T00:00:00.000Z", &ms), 0);
}

static void
test_parse_rfc3339_good(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} cases[] = {
		{ "2026-11-26T04:03:04Z", "2026-11-26T04:03:04.000Z" },
		{ "2026-11-26T04:03:04.123Z", "2026-11-26T04:03:04.123Z" },
		{ "2026-11-26t04:03:04z", "2026-11-26T04:03:04.000Z" },
		{ "2026-11-26 04:03:04Z", "2026-11-26T04:03:04.000Z" },
		{ "2026-11-26T04:03:04.5+01:00", "2026-11-26T03:03:04.500Z" },
		{ "2026-11-26T04:03:04.05Z", "2026-11-26T04:03:04.050Z" },
		{ "2026-11-26T04:03:04.123456789Z", "2026-11-26T04:03:04.123Z" },
		{ "2026-11-26T04:03:04.999999Z", "2026-11-26T04:03:04.999Z" },
		{ "2026-11-26T04:03:04-05:00", "2026-11-26T09:03:04.000Z" },
		{ "2026-11-26T04:03:04+05:30", "2026-11-25T22:33:04.000Z" },
		{ "2026-11-26T04:03:04+00:00", "2026-11-26T04:03:04.000Z" },
		{ "2026-11-26T04:03:04-00:00", "2026-11-26T04:03:04.000Z" },
		{ "2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000Z" },
		{ "2024-02-29T12:00:00Z", "2024-02-29T12:00:00.000Z" },
		{ "2024-03-01T00:30:00+01:00", "2024-02-29T23:30:00.000Z" },
		{ "2000-02-29T00:00:00Z", "2000-02-29T00:00:00.000Z" },
		{ "9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z" },
		{ "0000-01-01T00:00:00Z", "0000-01-01T00:00:00.000Z" },
	};
	char out[TIMEFMT_LEN + 1];
	const char *why = "unset";
	size_t i;
	ms_t ms;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_int_equal(timefmt_parse_rfc3339(cases[i].text, &ms, &why), 0);
		timefmt_format(ms, out);
		assert_string_equal(out, cases[i].want);
	}
	/* why may be NULL. */
	assert_int_equal(timefmt_parse_rfc3339("2026-11-26T04:03:04Z", &ms, NULL), 0);
}

static void
test_parse_rfc3339_bad(void **state)
{
	static const struct {
		const char *text;
		const char *why_has;    /* a word the reason must contain */
	} cases[] = {
		{ "", "RFC 3339" },
		{ "now", "RFC 3339" },
		{ "2026-11-26", "RFC 3339" },
		{ "2026-11-26T04:03", "seconds" },
		{ "2026-11-26T04:03Z", "seconds" },
		{ "2026-11-26T04:03:04", "offset" },
		{ "2026-11-26T04:03:04.123", "offset" },
		{ "2026-11-26T04:03:04.Z", "RFC 3339" },
		{ "2026-11-26T04:03:04.1234567890Z", "RFC 3339" },
		{ "2026-11-26T04:03:04+0100", "RFC 3339" },
		{ "2026-11-26T04:03:04+01", "RFC 3339" },
		{ "2026-11-26T04:03:04Z ", "RFC 3339" },
		{ "2026-11-26T04:03:04ZZ", "RFC 3339" },
		{ "2026-11-26X04:03:04Z", "RFC 3339" },
		{ "2026-11-26T4:03:04Z", "RFC 3339" },
		{ "2026-02-30T04:03:04Z", "date" },
		{ "2023-02-29T04:03:04Z", "date" },
		{ "1900-02-29T04:03:04Z", "date" },
		{ "2026-13-01T04:03:04Z", "date" },
		{ "2026-11-26T24:00:00Z", "time" },
		{ "2026-11-26T23:60:00Z", "time" },
		{ "2026-11-26T23:59:60Z", "time" },
		{ "2026-11-26T04:03:04+24:00", "offset" },
		{ "2026-11-26T04:03:04+01:60", "offset" },
		{ "0000-01-01T00:00:00+01:00", "range" },
		{ "9999-12-31T23:59:59-01:00", "range" },
	};
	const char *why;
	size_t i;
	ms_t ms = 42;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		why = NULL;
		assert_int_equal(timefmt_parse_rfc3339(cases[i].text, &ms, &why), -1);
		assert_non_null(why);
		if (strstr(why, cases[i].why_has) == NULL)
			fail_msg("%s: reason \"%s\" lacks \"%s\"", cases[i].text, why,
			    cases[i].why_has);
		assert_int_equal(ms, 42);
	}
	assert_int_equal(timefmt_parse_rfc3339(NULL, &ms, &why), -1);
	assert_int_equal(timefmt_parse_rfc3339("2026-02-30T04:03:04Z", &ms, NULL), -1);
}

static void
test_clock(void **state)
{
	ms_t before, real, after;

	clock_set_fixed(1795665784123LL);
	assert_int_equal(clock_now_ms(), 1795665784123LL);
	assert_int_equal(clock_now_ms(), 1795665784123LL);
	real = clock_real_ms();
	/* The real clock ignores --now: it is after 2020 and not the fixed value. */
	assert_true(real > 1577836800000LL);
	assert_true(real != 1795665784123LL);
	clock_set_fixed(0);
	assert_int_equal(clock_now_ms(), 0);
	clock_clear_fixed();
	before = clock_real_ms();
	real = clock_now_ms();
	after = clock_real_ms();
	assert_true(before <= real && real <= after);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_known),
		cmocka_unit_test(test_civil_round_trip),
		cmocka_unit_test(test_valid_date),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse_key_round_trip),
		cmocka_unit_test(test_parse_key_bad),
		cmocka_unit_test(test_parse_rfc3339_good),
		cmocka_unit_test(test_parse_rfc3339_bad),
		cmocka_unit_test(test_clock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
