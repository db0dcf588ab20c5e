/* util/json_read and util/json_write: the same values and bytes as json_loadb and json_dumps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/json_read.h"
#include "util/json_write.h"
#include "util/xmalloc.h"

/* Documents json_loadb takes: json_read must give equal values. */
static const char *const good[] = {
	"{}",
	"[]",
	" \t\r\n{ \"a\" : 1 , \"b\" : [ true , false , null ] }\n ",
	"{\"Items\":[{\"PK\":{\"S\":\"USER#1\"},\"amount\":{\"N\":\"0.1\"}}],\"Count\":1,\"ScannedCount\":1}",
	"{\"ConsumedCapacity\":{\"TableName\":\"t\",\"CapacityUnits\":0.5}}",
	"[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
	"[\"\\u00e9\\u65e5\\ud83c\\udf75\"]",
	"[\"caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x8d\xb5\"]",
	"[\"plain then \\n escaped then \xc3\xa9 then \\u0041\"]",
	"[0, -0, 1, -1, 9223372036854775807, -9223372036854775808]",
	"[0.5, -0.0, 1e3, 1E-3, 2.5e+10, 1.7976931348623157e308, 5e-324, 1e-400]",
	"{\"a\":1,\"a\":2}",
	"{\"\\u00e9\":{\"S\":\"key with an escape\"},\"x\":{\"S\":\"value\"}}",
	"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};

/* Documents json_loadb refuses: json_read refuses them too, with jansson's words. */
static const char *const bad[] = {
	"",
	"   ",
	"{",
	"[1,]",
	"{\"a\" 1}",
	"{\"a\":1,}",
	"[01]",
	"[1.]",
	"[.5]",
	"[1e]",
	"[-]",
	"[+1]",
	"[9223372036854775808]",
	"[-9223372036854775809]",
	"[1e400]",
	"[\"\\ud800\"]",
	"[\"\\udc00\"]",
	"[\"\\ud800\\u0041\"]",
	"[\"\\x41\"]",
	"[\"\\u00G0\"]",
	"[\"\xc3\"]",
	"[\"\xc0\xaf\"]",
	"[\"\xed\xa0\x80\"]",
	"[\"tab\there\"]",
	"[\"\\u0000\"]",
	"[tru]",
	"[nul]",
	"{} x",
	"1",
	"\"top-level string\"",
	"[1] [2]",
};

static json_t *
read_str(const char *s, size_t flags, json_error_t *err)
{
	return json_read(s, strlen(s), flags, err);
}

static void
test_read_equals_jansson(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		json_error_t e1, e2;
		json_t *want = json_loadb(good[i], strlen(good[i]), 0, &e1);
		json_t *got = read_str(good[i], 0, &e2);
		if (want == NULL)
			fail_msg("jansson refused good[%zu]: %s", i, e1.text);
		if (got == NULL || !json_equal(want, got))
			fail_msg("good[%zu] read differently: %s", i, good[i]);
		json_decref(want);
		json_decref(got);
	}
}

static void
test_read_refuses_with_janssons_words(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		json_error_t e1, e2;
		json_t *want = json_loadb(bad[i], strlen(bad[i]), 0, &e1);
		json_t *got = read_str(bad[i], 0, &e2);
		if (want != NULL)
			fail_msg("jansson took bad[%zu]: %s", i, bad[i]);
		if (got != NULL)
			fail_msg("json_read took bad[%zu]: %s", i, bad[i]);
		assert_string_equal(e1.text, e2.text);
		assert_int_equal(e1.position, e2.position);
	}
}

static void
test_read_flags(void **state)
{
	json_error_t e;
	json_t *v;
	(void)state;

	/* Duplicates: the last wins, unless refused. */
	v = read_str("{\"a\":1,\"a\":2}", 0, &e);
	assert_non_null(v);
	assert_int_equal(json_integer_value(json_object_get(v, "a")), 2);
	assert_int_equal(json_object_size(v), 1);
	json_decref(v);
	assert_null(read_str("{\"a\":1,\"a\":2}", JSON_REJECT_DUPLICATES, &e));
	assert_non_null(strstr(e.text, "duplicate"));

	/* NUL inside a string only with JSON_ALLOW_NUL; never in a key. */
	v = read_str("[\"a\\u0000b\"]", JSON_ALLOW_NUL, &e);
	assert_non_null(v);
	assert_int_equal(json_string_length(json_array_get(v, 0)), 3);
	assert_memory_equal(json_string_value(json_array_get(v, 0)), "a\0b", 3);
	json_decref(v);
	assert_null(read_str("{\"a\\u0000\":1}", JSON_ALLOW_NUL, &e));

	/* Scalars at the top only with JSON_DECODE_ANY. */
	v = read_str(" 42 ", JSON_DECODE_ANY, &e);
	assert_non_null(v);
	assert_int_equal(json_integer_value(v), 42);
	json_decref(v);
	v = read_str("\"x\"", JSON_DECODE_ANY, &e);
	assert_string_equal(json_string_value(v), "x");
	json_decref(v);

	/* A flag the fast path does not know goes to json_loadb: still right. */
	v = read_str("[1] trailing", JSON_DISABLE_EOF_CHECK, &e);
	assert_non_null(v);
	json_decref(v);

	/* The text need not end in a NUL: only len bytes are read. */
	v = json_read("[1,2]garbage", 5, 0, &e);
	assert_non_null(v);
	assert_int_equal(json_array_size(v), 2);
	json_decref(v);
}

/* Nesting past the fast reader's depth is json_loadb's: taken to 2048, refused past it. */
static void
test_read_deep(void **state)
{
	json_error_t e;
	(void)state;
	for (size_t depth = 200; depth <= 4000; depth *= 4) {
		char *s = xmalloc(2 * depth + 2);
		memset(s, '[', depth);
		memset(s + depth, ']', depth);
		s[2 * depth] = '\0';
		json_t *want = json_loadb(s, 2 * depth, 0, &e);
		json_t *got = json_read(s, 2 * depth, 0, &e);
		assert_true((want == NULL) == (got == NULL));
		if (want != NULL)
			assert_true(json_equal(want, got));
		json_decref(want);
		json_decref(got);
		free(s);
	}
}

static void
check_write(json_t *v, size_t flags)
{
	char *want = json_dumps(v, flags), *got = json_write(v, flags);
	if (want == NULL || got == NULL)
		assert_true(want == NULL && got == NULL);
	else
		assert_string_equal(got, want);
	free(want);
	free(got);
}

static void
test_write_equals_jansson(void **state)
{
	static const size_t flags[] = {
		0,
		JSON_COMPACT,
		JSON_INDENT(2),
		JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY,
		JSON_COMPACT | JSON_SORT_KEYS,
		JSON_COMPACT | JSON_ENSURE_ASCII,
		JSON_INDENT(1) | JSON_SORT_KEYS,
		JSON_INDENT(4) | JSON_ESCAPE_SLASH | JSON_ENSURE_ASCII,
		JSON_ENCODE_ANY | JSON_ENSURE_ASCII,
		JSON_REAL_PRECISION(3),
	};
	static const char *const docs[] = {
		"{\"z\":{},\"a\":[],\"m\":{\"y\":true,\"x\":false,\"w\":null}}",
		"[1.5, 1e300, -0.0, 1e21, 3.0, 1e-7, 0.1, 123456789.123456789, -2.5e-300, 100.0]",
		"[0, -1, 9223372036854775807, -9223372036854775808]",
		"[\"\\\"\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\", \"\\u00e9\\u65e5\\ud83c\\udf75\", \"\"]",
		"{\"\\u00e9\":1,\"e\":2,\"\\u00e8\":3,\"ee\":4}",
		"[[[[[]]]],{\"a\":{\"b\":{\"c\":[1,{\"d\":\"x/y\"}]}}}]",
	};
	(void)state;
	for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
		json_error_t e;
		json_t *v = json_loadb(docs[d], strlen(docs[d]), 0, &e);
		if (v == NULL)
			fail_msg("docs[%zu]: %s", d, e.text);
		for (size_t f = 0; f < sizeof flags / sizeof flags[0]; f++)
			check_write(v, flags[f]);
		json_decref(v);
	}
	/* Scalars: only with JSON_ENCODE_ANY, as json_dumps. */
	json_t *n = json_integer(7);
	check_write(n, 0);
	check_write(n, JSON_ENCODE_ANY);
	json_decref(n);
}

static void
test_write_refuses_what_jansson_refuses(void **state)
{
	(void)state;
	/* Invalid UTF-8 stored without a check: json_dumps gives NULL, so does json_write. */
	json_t *v = json_pack("{s:o}", "a", json_stringn_nocheck("\xc3(", 2));
	assert_null(json_write(v, JSON_COMPACT));
	assert_null(json_dumps(v, JSON_COMPACT));
	json_decref(v);

	/* json_write_buf appends, and leaves the buffer as it was when it fails. */
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "x="), 0);
	v = json_pack("[i,s]", 1, "two");
	assert_int_equal(json_write_buf(&b, v, JSON_COMPACT), 0);
	assert_string_equal(b.data, "x=[1,\"two\"]");
	json_decref(v);
	v = json_pack("[o]", json_stringn_nocheck("\xff", 1));
	assert_int_equal(json_write_buf(&b, v, JSON_COMPACT), -1);
	assert_string_equal(b.data, "x=[1,\"two\"]");
	json_decref(v);
	buf_done(&b);
}

/* ailife's JSON_WRITE_ESCAPE_C1: DEL and C1 as \u escapes, the same JSON once read. */
static void
test_write_escape_c1(void **state)
{
	json_error_t e;
	(void)state;
	json_t *v = json_pack("[s]", "a\x7f" "b\xc2\x9b" "c\xc2\xa0" "d\xc2\x80" "e");
	char *plain = json_write(v, JSON_COMPACT), *esc = json_write(v, JSON_COMPACT | JSON_WRITE_ESCAPE_C1);
	char *jd = json_dumps(v, JSON_COMPACT);
	/* Without the flag: jansson's bytes, raw. */
	assert_string_equal(plain, jd);
	/* With it: DEL, U+009B and U+0080 escaped; U+00A0 (not a control) left as it is. */
	assert_string_equal(esc, "[\"a\\u007Fb\\u009Bc\xc2\xa0" "d\\u0080e\"]");
	json_t *back = json_read(esc, strlen(esc), 0, &e);
	assert_non_null(back);
	assert_true(json_equal(back, v));
	/* With JSON_ENSURE_ASCII as well, every non-ASCII character is escaped. */
	char *ascii = json_write(v, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_WRITE_ESCAPE_C1);
	assert_string_equal(ascii, "[\"a\\u007Fb\\u009Bc\\u00A0d\\u0080e\"]");
	free(plain);
	free(esc);
	free(jd);
	free(ascii);
	json_decref(back);
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_equals_jansson),
		cmocka_unit_test(test_read_refuses_with_janssons_words),
		cmocka_unit_test(test_read_flags),
		cmocka_unit_test(test_read_deep),
		cmocka_unit_test(test_write_equals_jansson),
		cmocka_unit_test(test_write_refuses_what_jansson_refuses),
		cmocka_unit_test(test_write_escape_c1),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
