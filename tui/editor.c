/* Runs $VISUAL / $EDITOR (else vi) on a temporary file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tui/editor.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define EDITOR_MAX (100 * 1024 + 1)

static int
write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
tui_editor_edit(struct tui_app *a, const char *text, char **out, char *why, size_t why_size)
{
	const char *tmp = getenv("TMPDIR");
	const char *ed = getenv("VISUAL");
	char *path;
	int fd, status = 0;
	struct buf b;
	char chunk[4096];

	if (ed == NULL || ed[0] == '\0')
		ed = getenv("EDITOR");
	if (ed == NULL || ed[0] == '\0')
		ed = "vi";
	path = xasprintf("%s/ailife-edit-XXXXXX.txt", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	fd = mkstemps(path, 4);
	if (fd < 0) {
		snprintf(why, why_size, "cannot make a temporary file: %s", strerror(errno));
		free(path);
		return -1;
	}
	if (write_all(fd, text, strlen(text)) != 0 || close(fd) != 0) {
		snprintf(why, why_size, "cannot write %s: %s", path, strerror(errno));
		unlink(path);
		free(path);
		return -1;
	}

	tui_app_suspend_curses(a);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", ed, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	tui_app_resume_curses(a);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, why_size, "%s did not finish cleanly: nothing changed", ed);
		unlink(path);
		free(path);
		return -1;
	}

	fd = open(path, O_RDONLY);
	unlink(path);
	free(path);
	if (fd < 0) {
		snprintf(why, why_size, "cannot read the edited text: %s", strerror(errno));
		return -1;
	}
	buf_init(&b, EDITOR_MAX);
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (buf_add(&b, chunk, (size_t)r) != 0) {
			close(fd);
			buf_done(&b);
			snprintf(why, why_size, "the text is longer than 100 KiB: nothing changed");
			return -1;
		}
	}
	close(fd);
	char *s = buf_steal(&b);
	buf_done(&b);
	/* Editors end the file with a newline the text did not have. */
	size_t n = strlen(s), tn = strlen(text);
	if (n > 0 && s[n - 1] == '\n' && (tn == 0 || text[tn - 1] != '\n'))
		s[n - 1] = '\0';
	*out = s;
	return 0;
}
