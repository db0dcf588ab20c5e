/*
 * credential_process: the command of the profile run by /bin/sh -c, its
 * standard output read as the JSON of version 1
 *	{"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
 *	 "SessionToken": ..., "Expiration": "2026-12-08T01:02:03Z"}
 * its standard error passed through to ours (it may say what it needs), a
 * non-zero exit or anything else on its standard output a clear error that
 * never quotes the output (it may hold a secret).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "datastore/ddb/creds_int.h"
#include "util/xmalloc.h"

extern char **environ;

#define CREDS_PROCESS_MAX (64 * 1024)

/* A string member, or NULL; *bad set when it is there but not a non-empty string. */
static const char *
creds_str(json_t *o, const char *name, bool *bad)
{
	json_t *v = json_object_get(o, name);
	if (v == NULL || json_is_null(v))
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

int
creds_process_parse(const char *text, size_t len, struct creds_value *out, char **why)
{
	json_error_t je;
	bool bad = false;

	memset(out, 0, sizeof *out);
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!json_is_object(o)) {
		*why = xstrdup("its output is not a JSON object");
		json_decref(o);
		return -1;
	}
	json_t *ver = json_object_get(o, "Version");
	if (!json_is_integer(ver) || json_integer_value(ver) != 1) {
		*why = xstrdup("its output has no \"Version\": 1");
		json_decref(o);
		return -1;
	}
	const char *id = creds_str(o, "AccessKeyId", &bad);
	const char *secret = creds_str(o, "SecretAccessKey", &bad);
	const char *token = creds_str(o, "SessionToken", &bad);
	const char *exp = creds_str(o, "Expiration", &bad);
	long long ms = 0;
	if (bad || id == NULL || secret == NULL) {
		*why = xstrdup("its output lacks AccessKeyId or SecretAccessKey (strings)");
		json_decref(o);
		return -1;
	}
	if (exp != NULL && aws_parse_time(exp, &ms) != 0) {
		*why = xstrdup("its Expiration is not a time like 2026-01-02T03:04:05Z");
		json_decref(o);
		return -1;
	}
	out->akid = xstrdup(id);
	out->secret = xstrdup(secret);
	out->token = xstrdup_or_null(token);
	out->expires_ms = ms;
	/* jansson's copies of the strings: wiped before the object goes. */
	json_t *sv = json_object_get(o, "SecretAccessKey");
	explicit_bzero((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
	sv = json_object_get(o, "SessionToken");
	if (json_is_string(sv))
		explicit_bzero((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
	json_decref(o);
	return 0;
}

int
creds_process_run(const char *cmd, const char *source, struct creds_value *out, char **err)
{
	posix_spawn_file_actions_t fa;
	int fds[2];
	pid_t pid;
	char *argv[] = { (char *)(uintptr_t)"sh", (char *)(uintptr_t)"-c", (char *)(uintptr_t)cmd, NULL };
	char *buf = xmalloc(CREDS_PROCESS_MAX + 1);
	size_t n = 0;
	int rc = -1, status = 0;
	bool too_long = false;

	memset(out, 0, sizeof *out);
	if (pipe2(fds, O_CLOEXEC) != 0) {
		*err = xasprintf("credential_process (%s): %s", source, strerror(errno));
		free(buf);
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	int e = posix_spawn(&pid, "/bin/sh", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e != 0) {
		close(fds[0]);
		*err = xasprintf("credential_process (%s): could not start /bin/sh: %s", source, strerror(e));
		free(buf);
		return -1;
	}
	for (;;) {
		char tmp[4096];
		ssize_t r = read(fds[0], tmp, sizeof tmp);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (n + (size_t)r > CREDS_PROCESS_MAX) {
			too_long = true;
			continue;	/* read on to the end, so that the command is not stuck on a full pipe */
		}
		memcpy(buf + n, tmp, (size_t)r);
		explicit_bzero(tmp, sizeof tmp);
		n += (size_t)r;
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[n] = '\0';
	if (WIFSIGNALED(status))
		*err = xasprintf("credential_process (%s) was killed by signal %d", source, WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		*err = xasprintf("credential_process (%s) failed with exit status %d (its messages are above)", source,
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (too_long)
		*err = xasprintf("credential_process (%s): its output is longer than %d bytes", source,
		    CREDS_PROCESS_MAX);
	else {
		char *why = NULL;
		if (creds_process_parse(buf, n, out, &why) == 0)
			rc = 0;
		else
			*err = xasprintf("credential_process (%s): %s", source, why);
		free(why);
	}
	explicit_bzero(buf, CREDS_PROCESS_MAX + 1);
	free(buf);
	return rc;
}
