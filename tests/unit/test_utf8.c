/* util/utf8: decoding, validity, widths, inert display and fitting by columns. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/utf8.h"

static void
test_decode(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		uint32_t cp;
	} cases[] = {
		{ "A", 1, 'A' },
		{ "\xc3\xa9", 2, 0xe9 },            /* é */
		{ "\xe6\x97\xa5", 3, 0x65e5 },      /* 日 */
		{ "\xf0\x9f\x8d\xb5", 4, 0x1f375 }, /* 🍵 */
		{ "\xc0\xaf", 0, 0 },               /* overlong '/' */
		{ "\xe0\x80\xaf", 0, 0 },           /* overlong, 3 bytes */
		{ "\xed\xa0\x80", 0, 0 },           /* surrogate */
		{ "\xf4\x90\x80\x80", 0, 0 },       /* past U+10FFFF */
		{ "\xe6\x97", 0, 0 },               /* cut short */
		{ "\x80", 0, 0 },                   /* lone continuation */
		{ "\xff", 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t cp = 0;
		size_t len = utf8_decode(cases[i].s, strlen(cases[i].s), &cp);
		assert_int_equal(len, cases[i].len);
		if (len > 0)
			assert_int_equal(cp, cases[i].cp);
	}
	assert_true(utf8_valid("Crème brûlée 寿司", strlen("Crème brûlée 寿司")));
	assert_false(utf8_valid("ab\xffg", 4));
	assert_int_equal(utf8_count("Crème"), 5);
	assert_int_equal(utf8_count("寿司"), 2);
}

static void
test_control(void **state)
{
	(void)state;
	assert_true(utf8_is_control(0x1b));
	assert_true(utf8_is_control(0x7f));
	assert_true(utf8_is_control(0x9b));
	assert_false(utf8_is_control(' '));
	assert_false(utf8_is_control(0xa0));
}

static void
test_inert(void **state)
{
	static const struct {
		const char *in;
		bool keep;
		const char *out;
	} cases[] = {
		{ "plain text", false, "plain text" },
		{ "\x1b[31mred", false, "\\x1b[31mred" },
		{ "a\nb\tc", false, "a\\nb\\tc" },
		{ "a\nb\tc", true, "a\nb\tc" },
		{ "bell\x07", true, "bell\\x07" },
		{ "csi\xc2\x9b" "2J", false, "csi\\x9b2J" },
		{ "bad\xff", false, "bad\xef\xbf\xbd" },
		{ "Müsli 寿司", false, "Müsli 寿司" },
		{ "", false, "" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = utf8_inert(cases[i].in, cases[i].keep);
		assert_string_equal(s, cases[i].out);
		/* The width of a text is the width of its inert form. */
		if (!cases[i].keep)
			assert_int_equal(utf8_width(cases[i].in), utf8_width(s));
		free(s);
	}
}

static void
test_width_and_fit(void **state)
{
	(void)state;
	assert_int_equal(utf8_width("abc"), 3);
	assert_int_equal(utf8_width("Müsli"), 5);
	assert_int_equal(utf8_width("寿司"), 4);
	assert_int_equal(utf8_width("\x1b"), 4);
	char *s = utf8_fit("寿司寿司", 5);
	assert_true(utf8_width(s) <= 5);
	assert_int_equal(strncmp(s, "寿司", strlen("寿司")), 0);
	free(s);
	s = utf8_fit("short", 10);
	assert_string_equal(s, "short");
	free(s);
	s = utf8_fit("abcdefghij", 4);
	assert_true(utf8_width(s) <= 4);
	assert_int_equal(strncmp(s, "abc", 3), 0);
	free(s);
	s = utf8_fit("\x1b[2Jwipe", 6);
	assert_null(strchr(s, '\x1b'));
	free(s);
}

/* Encoding is the inverse of decoding at every length; append keeps room for the NUL; drop_last takes a whole code point. */
static void
test_encode_append_drop(void **state)
{
	static const uint32_t cps[] = { 0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xffff, 0x10000, 0x1f600, 0x10ffff };
	for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		char enc[4];
		uint32_t back = 0;
		size_t n = utf8_encode(cps[i], enc);
		assert_int_equal(utf8_decode(enc, n, &back), n);
		assert_int_equal(back, cps[i]);
	}
	char s[6] = "";
	utf8_append(s, sizeof s, 0xe9);     /* 2 bytes */
	utf8_append(s, sizeof s, 0x20ac);   /* 3 more: 5 + NUL fits */
	assert_string_equal(s, "\xc3\xa9\xe2\x82\xac");
	utf8_append(s, sizeof s, 0x41);     /* no room: unchanged */
	assert_string_equal(s, "\xc3\xa9\xe2\x82\xac");
	utf8_drop_last(s);
	assert_string_equal(s, "\xc3\xa9");
	utf8_drop_last(s);
	assert_string_equal(s, "");
	utf8_drop_last(s);
	assert_string_equal(s, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_inert),
		cmocka_unit_test(test_width_and_fit),
		cmocka_unit_test(test_encode_append_drop),
	};
	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
