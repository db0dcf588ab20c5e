/* Text people write: newline normalisation, and the journal body in the user's editor. */
#include "cli/editor.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xmalloc.h"

void
editor_newlines(char *s)
{
	char *w = s;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r == '\r') {
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

const char *
editor_command(void)
{
	const char *v = getenv("VISUAL");
	if (v == NULL || v[0] == '\0')
		v = getenv("EDITOR");
	if (v == NULL || v[0] == '\0')
		v = "vi";
	return v;
}

/* Runs the editor on path and waits for it; its exit status in *status (-1: it did not run). */
static int
run_editor(const char *editor, const char *path, int *status)
{
	char *cmd = xasprintf("%s \"$1\"", editor);
	struct sigaction ign, old_int, old_quit;
	int rc = -1;

	/* The editor owns the terminal: ^C reaches it, not us (as system(3) does). */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		execl("/bin/sh", "sh", "-c", cmd, editor, path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		int st;
		pid_t w;
		while ((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
			;
		if (w == pid) {
			*status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
			rc = 0;
		}
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(cmd);
	return rc;
}

/* Writes all of text to fd. */
static int
write_all(int fd, const char *text, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		off += (size_t)w;
	}
	return 0;
}

/* Reads the file back, bounded: 0, 1 when longer than b's ceiling, -1 on an error. */
static int
read_back(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;
	int rc = 0;

	if (f == NULL)
		return -1;
	while (rc == 0 && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_add(b, chunk, n) != 0)
			rc = 1;
	if (rc == 0 && ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

int
editor_body(struct cli *c, const char *what, const char *initial, size_t max, char **out)
{
	const char *dir = getenv("TMPDIR");
	const char *editor = editor_command();
	struct buf b;
	int status = 0, rc;

	*out = NULL;
	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	char *path = xasprintf("%s/ailife-journal-XXXXXX", dir);
	/* mkstemp makes the file 0600: an entry being written is nobody else's to read. */
	int fd = mkstemp(path);
	if (fd < 0) {
		rc = cli_fail(c, CLI_FAIL, what, "a temporary file in %s: %s", dir, strerror(errno));
		free(path);
		return rc;
	}
	buf_init(&b, max);
	if (initial != NULL && (write_all(fd, initial, strlen(initial)) != 0 ||
	    (initial[0] != '\0' && write_all(fd, "\n", 1) != 0))) {
		rc = cli_fail(c, CLI_FAIL, what, "%s: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) != 0) {
		rc = cli_fail(c, CLI_FAIL, what, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (run_editor(editor, path, &status) != 0) {
		rc = cli_fail(c, CLI_FAIL, what, "could not run the editor '%s': %s", editor, strerror(errno));
		goto out;
	}
	if (status != 0) {
		rc = cli_fail(c, CLI_FAIL, what, "the editor '%s' exited with status %d: nothing written", editor, status);
		goto out;
	}
	int r = read_back(path, &b);
	if (r != 0) {
		if (r > 0)
			rc = cli_fail(c, CLI_USAGE, what, "body: longer than %zu bytes: nothing written", max);
		else
			rc = cli_fail(c, CLI_FAIL, what, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (b.data != NULL) {
		editor_newlines(b.data);
		b.len = strlen(b.data);
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	if (b.len == 0) {
		rc = cli_fail(c, CLI_USAGE, what, "empty body: nothing written");
		goto out;
	}
	if (initial != NULL && strcmp(b.data, initial) == 0) {
		rc = cli_fail(c, CLI_USAGE, what, "body unchanged: nothing written");
		goto out;
	}
	*out = buf_steal(&b);
	rc = CLI_OK;
out:
	unlink(path);
	free(path);
	buf_done(&b);
	return rc;
}
