/*
 * Tests of the profiles' zone cache (cli/zone_cache.c): what is remembered
 * is recalled; a changed zone replaces the old one; the file is 0600 in 0700
 * folders made on the way; an id that is no safe file name, a zone that is
 * not one, and a damaged file are no cache at all.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/zone_cache.h"
#include "datastore/dates.h"

static char dir[] = "/tmp/ailife-zone-cache-XXXXXX";

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	char *cache = NULL;
	if (asprintf(&cache, "%s/deep/cache", dir) < 0)
		return -1;
	setenv("XDG_CACHE_HOME", cache, 1);
	free(cache);
	dates_zone_init();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	char *cmd = NULL;
	if (asprintf(&cmd, "rm -rf '%s'", dir) >= 0 && system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
	return 0;
}

static void
test_remember_recall(void **state)
{
	(void)state;
	assert_null(zone_cache_recall("01ABCDEF"));
	zone_cache_remember("01ABCDEF", "Europe/Berlin");
	char *z = zone_cache_recall("01ABCDEF");
	assert_non_null(z);
	assert_string_equal(z, "Europe/Berlin");
	free(z);
	zone_cache_remember("01ABCDEF", "America/New_York");
	z = zone_cache_recall("01ABCDEF");
	assert_string_equal(z, "America/New_York");
	free(z);
	/* Another user's zone is its own. */
	assert_null(zone_cache_recall("01ABCDEG"));
}

static void
test_modes(void **state)
{
	(void)state;
	struct stat st;
	char path[512];
	zone_cache_remember("01MODES", "UTC");
	snprintf(path, sizeof path, "%s/deep/cache/ailife/zones/01MODES", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(path, sizeof path, "%s/deep/cache/ailife/zones", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/deep", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
}

static void
test_refused(void **state)
{
	(void)state;
	char path[512];
	/* Ids that would leave the folder, or no id. */
	zone_cache_remember("../escape", "UTC");
	assert_null(zone_cache_recall("../escape"));
	snprintf(path, sizeof path, "%s/deep/cache/ailife/escape", dir);
	assert_int_not_equal(access(path, F_OK), 0);
	zone_cache_remember(".hidden", "UTC");
	assert_null(zone_cache_recall(".hidden"));
	zone_cache_remember("", "UTC");
	assert_null(zone_cache_recall(""));
	assert_null(zone_cache_recall(NULL));
	/* A zone with a newline is not written. */
	zone_cache_remember("01NL", "UTC\nX");
	assert_null(zone_cache_recall("01NL"));
	/* A damaged file (no zone name in it) is no cache. */
	zone_cache_remember("01BAD", "UTC");
	snprintf(path, sizeof path, "%s/deep/cache/ailife/zones/01BAD", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("Not/AZone\n", f);
	fclose(f);
	assert_null(zone_cache_recall("01BAD"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remember_recall),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
