/* Draft files: small JSON documents, written so that a crash leaves the old one or the new one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tui/draft.h"
#include "util/xmalloc.h"

char *
tui_draft_path(void)
{
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	if (state != NULL && state[0] == '/')
		return xasprintf("%s/ailife/draft.json", state);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/state/ailife/draft.json", home);
	return NULL;
}

/* mkdir -p of the directories above path, owner only. */
static int
make_parents(const char *path)
{
	char *dir = xstrdup(path);
	for (char *p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			free(dir);
			return -1;
		}
		*p = '/';
	}
	free(dir);
	return 0;
}

int
tui_draft_save(const char *path, json_t *d, char *why, size_t why_size)
{
	char *text = json_dumps(d, JSON_INDENT(1) | JSON_SORT_KEYS);
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = -1, rc = -1;
	if (text == NULL) {
		snprintf(why, why_size, "the draft does not encode");
		goto out;
	}
	if (make_parents(path) != 0) {
		snprintf(why, why_size, "cannot make the directory of %s: %s", path, strerror(errno));
		goto out;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(why, why_size, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	size_t n = strlen(text), off = 0;
	while (off < n) {
		ssize_t w = write(fd, text + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			snprintf(why, why_size, "cannot write %s: %s", tmp, strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		snprintf(why, why_size, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		snprintf(why, why_size, "cannot rename to %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	free(text);
	return rc;
}

json_t *
tui_draft_load(const char *path)
{
	json_error_t e;
	if (path == NULL)
		return NULL;
	json_t *d = json_load_file(path, 0, &e);
	if (d != NULL && !json_is_object(d)) {
		json_decref(d);
		return NULL;
	}
	return d;
}

void
tui_draft_remove(const char *path)
{
	if (path != NULL)
		unlink(path);
}
