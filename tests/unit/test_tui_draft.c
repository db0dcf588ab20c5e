/*
 * Tests of tui/draft: where the draft lives (XDG_STATE_HOME, else HOME), a
 * save/load round trip with UTF-8, the file and its new folders readable by
 * the owner only, replacing a draft atomically, and drafts that do not read
 * (corrupt, truncated, not an object, missing, a folder) refused without harm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/draft.h"
#include "util/xmalloc.h"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof dir, "/tmp/ailife-draft-XXXXXX");
	if (mkdtemp(dir) == NULL)
		return -1;
	umask(022);
	return 0;
}

static int
rm_rf(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		if (d == NULL)
			return -1;
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *sub = xasprintf("%s/%s", path, e->d_name);
			chmod(sub, 0700);
			rm_rf(sub);
			free(sub);
		}
		closedir(d);
		return rmdir(path);
	}
	return unlink(path);
}

static int
teardown(void **state)
{
	chmod(dir, 0700);
	return rm_rf(dir);
}

static void
write_file(const char *path, const char *text, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Names in dir other than those given: leftovers such as temp files. */
static int
count_entries(const char *d)
{
	DIR *dd = opendir(d);
	struct dirent *e;
	int n = 0;
	assert_non_null(dd);
	while ((e = readdir(dd)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dd);
	return n;
}

/* ---- the path ---- */

static const struct path_case {
	const char *state;       /* XDG_STATE_HOME, NULL: unset */
	const char *home;        /* HOME, NULL: unset */
	const char *want;        /* NULL: no path */
} paths[] = {
	{ "/s", "/h", "/s/ailife/draft.json" },
	{ NULL, "/h", "/h/.local/state/ailife/draft.json" },
	{ "", "/h", "/h/.local/state/ailife/draft.json" },
	{ "relative/dir", "/h", "/h/.local/state/ailife/draft.json" },   /* XDG: relative paths are ignored */
	{ "/s", NULL, "/s/ailife/draft.json" },
	{ NULL, "", NULL },
	{ NULL, NULL, NULL },
	{ "rel", NULL, NULL },
};

static void
test_path(void **state)
{
	const char *old_state = getenv("XDG_STATE_HOME"), *old_home = getenv("HOME");
	char *keep_state = old_state != NULL ? xstrdup(old_state) : NULL;
	char *keep_home = old_home != NULL ? xstrdup(old_home) : NULL;
	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		if (paths[i].state != NULL)
			setenv("XDG_STATE_HOME", paths[i].state, 1);
		else
			unsetenv("XDG_STATE_HOME");
		if (paths[i].home != NULL)
			setenv("HOME", paths[i].home, 1);
		else
			unsetenv("HOME");
		char *p = tui_draft_path();
		if (paths[i].want == NULL) {
			if (p != NULL)
				fail_msg("case %zu: path %s, expected none", i, p);
		} else {
			assert_non_null(p);
			assert_string_equal(p, paths[i].want);
		}
		free(p);
	}
	if (keep_state != NULL)
		setenv("XDG_STATE_HOME", keep_state, 1);
	else
		unsetenv("XDG_STATE_HOME");
	if (keep_home != NULL)
		setenv("HOME", keep_home, 1);
	else
		unsetenv("HOME");
	free(keep_state);
	free(keep_home);
}

/* ---- saving and loading ---- */

static json_t *
sample(const char *title)
{
	json_t *d = json_pack("{s:s, s:{s:s, s:s, s:s}, s:{s:s, s:i, s:b}}", "title", title, "fields",
	    "Title", "Morgenlauf 🏃", "Body", "Zeile 1\nZeile 2\t\"quoted\" \\ back", "When", "-2h", "extra",
	    "type", "journal", "version", 3, "edit", 1);
	assert_non_null(d);
	return d;
}

static void
test_round_trip(void **state)
{
	char why[256] = "";
	char *path = xasprintf("%s/state/ailife/draft.json", dir);
	json_t *d = sample("New journal entry");
	if (tui_draft_save(path, d, why, sizeof why) != 0)
		fail_msg("save: %s", why);
	json_t *back = tui_draft_load(path);
	assert_non_null(back);
	assert_true(json_equal(d, back));
	assert_string_equal(json_string_value(json_object_get(json_object_get(back, "fields"), "Title")),
	    "Morgenlauf 🏃");
	json_decref(back);
	json_decref(d);

	/* The file and the folders it made: the owner's only, whatever the umask. */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	char *parent = xasprintf("%s/state/ailife", dir);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(parent);
	parent = xasprintf("%s/state", dir);
	assert_int_equal(stat(parent, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	free(parent);

	/* Saving again replaces it, leaving no temp file behind. */
	d = sample("Edit meal");
	assert_int_equal(tui_draft_save(path, d, why, sizeof why), 0);
	back = tui_draft_load(path);
	assert_non_null(back);
	assert_string_equal(json_string_value(json_object_get(back, "title")), "Edit meal");
	json_decref(back);
	json_decref(d);
	char *folder = xasprintf("%s/state/ailife", dir);
	assert_int_equal(count_entries(folder), 1);
	free(folder);

	tui_draft_remove(path);
	assert_int_not_equal(access(path, F_OK), 0);
	assert_null(tui_draft_load(path));
	tui_draft_remove(path);                  /* gone already: harmless */
	tui_draft_remove(NULL);
	free(path);
}

/* An existing draft file with loose permissions is replaced by one the owner alone reads. */
static void
test_replace_loose_file(void **state)
{
	char why[256];
	char *path = xasprintf("%s/draft.json", dir);
	write_file(path, "{}", 2);
	assert_int_equal(chmod(path, 0644), 0);
	json_t *d = sample("x");
	assert_int_equal(tui_draft_save(path, d, why, sizeof why), 0);
	json_decref(d);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
}

#define LIT(s) s, sizeof(s) - 1

static const struct corrupt_case {
	const char *name;
	const char *text;
	size_t len;
} corrupt[] = {
	{ "empty", LIT("") },
	{ "garbage", LIT("not json at all") },
	{ "truncated", LIT("{\"title\": \"Edit meal\", \"fields\": {\"Name\": \"Sou") },
	{ "trailing", LIT("{\"title\": \"x\"} {\"title\": \"y\"}") },
	{ "array", LIT("[1, 2, 3]") },
	{ "string", LIT("\"a draft\"") },
	{ "number", LIT("42") },
	{ "null", LIT("null") },
	{ "nul byte", LIT("{\"title\": \"a\0b\"}") },
	{ "bad utf-8", LIT("{\"title\": \"\xff\xfe\"}") },
	{ "binary", LIT("\x1b[2J\x00\x01\x02") },
};

static void
test_corrupt_refused(void **state)
{
	char *path = xasprintf("%s/draft.json", dir);
	for (size_t i = 0; i < sizeof corrupt / sizeof corrupt[0]; i++) {
		size_t n = corrupt[i].len;
		write_file(path, corrupt[i].text, n);
		json_t *d = tui_draft_load(path);
		if (d != NULL) {
			json_decref(d);
			fail_msg("%s: a corrupt draft was taken", corrupt[i].name);
		}
		/* Refusing leaves the file as it was (for the user to look at). */
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal((size_t)st.st_size, n);
	}
	/* Not there, a folder, no path. */
	unlink(path);
	assert_null(tui_draft_load(path));
	assert_null(tui_draft_load(dir));
	assert_null(tui_draft_load(NULL));
	free(path);
}

static void
test_save_fails_cleanly(void **state)
{
	char why[256] = "";
	json_t *d = sample("x");
	/* A file where a folder should be. */
	char *blocker = xasprintf("%s/file", dir);
	write_file(blocker, "x", 1);
	char *path = xasprintf("%s/file/sub/draft.json", dir);
	assert_int_equal(tui_draft_save(path, d, why, sizeof why), -1);
	assert_true(why[0] != '\0');
	assert_non_null(strstr(why, "directory"));
	free(path);
	/* The draft path is a folder: the rename fails and the temp file goes. */
	char *sub = xasprintf("%s/adir", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	why[0] = '\0';
	assert_int_equal(tui_draft_save(sub, d, why, sizeof why), -1);
	assert_non_null(strstr(why, "rename"));
	assert_int_equal(count_entries(dir), 2);        /* file, adir: no temp file left */
	free(sub);
	/* A folder nobody may write into (unless root, who can). */
	if (geteuid() != 0) {
		char *ro = xasprintf("%s/ro", dir);
		assert_int_equal(mkdir(ro, 0500), 0);
		path = xasprintf("%s/draft.json", ro);
		why[0] = '\0';
		assert_int_equal(tui_draft_save(path, d, why, sizeof why), -1);
		assert_non_null(strstr(why, "cannot write"));
		assert_int_equal(count_entries(ro), 0);
		free(path);
		free(ro);
	}
	/* A message that does not fit is cut, not overflowed. */
	char small[8];
	memset(small, 'z', sizeof small);
	path = xasprintf("%s/file/draft.json", dir);
	assert_int_equal(tui_draft_save(path, d, small, sizeof small), -1);
	assert_int_equal(strlen(small), sizeof small - 1);
	free(path);
	free(blocker);
	json_decref(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_loose_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_fails_cleanly, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
