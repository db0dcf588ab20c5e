/* util/buf and util/xmalloc: growth, the ceiling, formatting, truncation reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/buf.h"
#include "util/xmalloc.h"

static void
test_grow(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_addc(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 1000);
	assert_int_equal(b.data[1000], '\0');
	assert_int_equal(b.data[27], 'b');
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_done(&b);
	assert_null(b.data);
}

static void
test_ceiling(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 8);
	assert_int_equal(buf_adds(&b, "12345678"), 0);
	assert_int_equal(buf_addc(&b, '9'), -1);
	assert_int_equal(buf_add(&b, "x", (size_t)-1), -1);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(buf_printf(&b, "%d", 1), -1);
	buf_done(&b);
}

static void
test_printf_steal(void **state)
{
	struct buf b;
	(void)state;
	buf_init(&b, 0);
	char *empty = buf_steal(&b);
	assert_string_equal(empty, "");
	free(empty);
	assert_int_equal(buf_printf(&b, "%s=%d", "n", 42), 0);
	assert_int_equal(buf_adds(&b, ";"), 0);
	char *s = buf_steal(&b);
	assert_string_equal(s, "n=42;");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
}

static void
test_xmalloc(void **state)
{
	char small[4];
	(void)state;
	assert_int_equal(xsnprintf(small, sizeof small, "%s", "abc"), 0);
	assert_int_equal(xsnprintf(small, sizeof small, "%s", "abcd"), -1);
	char *s = xasprintf("%s-%03d", "id", 7);
	assert_string_equal(s, "id-007");
	free(s);
	s = xstrndup("abcdef", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	int *v = xreallocarray(NULL, 10, sizeof *v);
	v[9] = 1;
	free(v);
	void *z = xcalloc(0, 0);
	assert_non_null(z);
	free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_ceiling),
		cmocka_unit_test(test_printf_steal),
		cmocka_unit_test(test_xmalloc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
