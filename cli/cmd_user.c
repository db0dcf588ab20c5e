/* The user commands: create, show, list, edit, delete, and use (the config's default user). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cmd_lists.h"
#include "cli/cmd_sync.h"
#include "cli/entity.h"
#include "util/buf.h"
#include "util/xmalloc.h"

static int
users_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	return store_users_list(c->t, pg, out, err);
}

/* The profile of the user ID names (the exact id), or of the current user when id is NULL. */
static int
user_named(struct cli *c, const char *cmd, const char *id, struct model_user **out)
{
	struct table_err err;
	int rc;

	*out = NULL;
	if (id == NULL) {
		if ((rc = cli_need_user(c)) != CLI_OK)
			return rc;
		*out = c->profile;
		return CLI_OK;
	}
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (store_profile_get(c->t, id, out, &err) != 0) {
		if (err.status == TABLE_NOT_FOUND)
			return cli_fail(c, CLI_FAIL, cmd, "'%s': no such user (see ailife user list)", id);
		return cli_table_fail(c, cmd, &err);
	}
	return CLI_OK;
}

/* Asks on the terminal for the user's name to be typed back; true when it was. */
static bool
confirm_delete(struct cli *c, const struct model_user *u)
{
	char line[512];
	const char *name = u->name != NULL ? u->name : u->c.user_id;

	fprintf(c->err, "This deletes the user %s (%s) and every item of theirs.\nType the user's name to confirm (%s): ",
	    name, u->c.user_id, name);
	fflush(c->err);
	if (fgets(line, sizeof line, stdin) == NULL)
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return strcmp(line, name) == 0;
}

static int
user_delete(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = { { "yes", false, false }, { NULL, false, false } };
	const char *cmd = "user delete";
	struct cli_args a;
	struct model_user *u;
	struct table_err err;
	size_t n;
	int rc;

	if ((rc = cli_parse(c, cmd, argc, argv, opts, 0, 1, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = user_named(c, cmd, a.npos > 0 ? a.pos[0] : NULL, &u)) != CLI_OK)
		return rc;
	char *id = xstrdup(u->c.user_id);
	if (!cli_has(&a, "yes")) {
		if (!isatty(STDIN_FILENO) || !isatty(fileno(c->err)))
			rc = cli_fail(c, CLI_USAGE, cmd, "refusing to delete user '%s' without --yes (no terminal to ask on)", id);
		else if (!confirm_delete(c, u))
			rc = cli_fail(c, CLI_FAIL, cmd, "not confirmed: nothing deleted");
	}
	if (u != c->profile)
		model_free(MODEL_USER, u);
	if (rc != CLI_OK) {
		free(id);
		return rc;
	}
	table_err_clear(&err);
	cli_only_user_remember(c, NULL);       /* the users change: asked again next time */
	if (store_user_delete(c->t, id, &n, &err) != 0) {
		rc = cli_table_fail(c, cmd, &err);
		if (n > 0)
			fprintf(c->err, "ailife: %s: deleted %zu item%s before the failure; run it again to finish\n",
			    cmd, n, n == 1 ? "" : "s");
		free(id);
		return rc;
	}
	if (c->json) {
		json_t *o = json_object();
		json_object_set_new(o, "userId", json_string(id));
		json_object_set_new(o, "deleted", json_integer((json_int_t)n));
		cli_print_json(c, o);
	} else {
		fprintf(c->out, "deleted user %s: %zu item%s\n", id, n, n == 1 ? "" : "s");
	}
	if (c->cfg.user != NULL && strcmp(c->cfg.user, id) == 0)
		fprintf(c->err, "note: the default user was %s: choose another with 'ailife user use ID'\n", id);
	free(id);
	return CLI_OK;
}

/* Creates dir and its parents that are missing, 0700. */
static int
make_dirs(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;

	for (char *s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char was = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			rc = -1;
		*s = was;
		if (was == '\0')
			break;
	}
	free(p);
	return rc;
}

/* Whether a line (with or without its newline) sets the key user: "user = ...", "  user=...". */
static bool
is_user_line(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n < 4 || memcmp(s, "user", 4) != 0)
		return false;
	s += 4, n -= 4;
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	return n > 0 && *s == '=';
}

/* Whether a line is a section header, and (in *top) whether it opens the top-level keys ([ailife]). */
static bool
is_section(const char *s, size_t n, bool *top)
{
	while (n > 0 && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (n == 0 || *s != '[')
		return false;
	*top = n >= 8 && memcmp(s, "[ailife]", 8) == 0;
	return true;
}

/*
 * The config file's text with "user = id": an existing user line of the top
 * level replaced, else the line put before the first section (or at the
 * end); every other line kept byte for byte.
 */
static void
config_with_user(const char *old, size_t len, const char *id, struct buf *out)
{
	bool top = true, done = false;
	size_t i = 0;

	while (i < len) {
		const char *nl = memchr(old + i, '\n', len - i);
		size_t n = nl != NULL ? (size_t)(nl - (old + i)) + 1 : len - i;
		const char *s = old + i;
		bool top_now;
		if (is_section(s, n, &top_now)) {
			if (!done && !top_now) {
				buf_printf(out, "user = %s\n", id);
				done = true;
			}
			top = top_now;
		} else if (top && !done && is_user_line(s, n)) {
			buf_printf(out, "user = %s%s", id, nl != NULL ? "\n" : "");
			done = true;
			i += n;
			continue;
		}
		buf_add(out, s, n);
		i += n;
	}
	if (!done) {
		if (len > 0 && old[len - 1] != '\n')
			buf_add(out, "\n", 1);
		buf_printf(out, "user = %s\n", id);
	}
}

/* Reads a whole file into b; a missing file is empty. 0, or -1 with errno. */
static int
read_all(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (f == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

/* Writes text to path atomically: a temp file in the same folder, fsync, rename; mode 0600. */
static int
write_atomic(const char *path, const char *text, size_t len)
{
	char *tmp = xasprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	int rc = -1;

	if (fd < 0)
		goto out;
	if (fchmod(fd, 0600) != 0)
		goto fail;
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, text + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail;
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	{
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(tmp);
		errno = e;
	}
out:
	free(tmp);
	return rc;
}

static int
user_use(struct cli *c, int argc, char **argv)
{
	const char *cmd = "user use";
	struct cli_args a;
	struct model_user *u;
	struct buf old, text;
	int rc;

	if ((rc = cli_parse(c, cmd, argc, argv, NULL, 1, 1, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (c->config_path == NULL)
		return cli_fail(c, CLI_USAGE, cmd, "no config file (set --config PATH)");
	if ((rc = user_named(c, cmd, a.pos[0], &u)) != CLI_OK)
		return rc;
	char *id = xstrdup(u->c.user_id);
	model_free(MODEL_USER, u);

	char *dir = xstrdup(c->config_path);
	char *slash = strrchr(dir, '/');
	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if (make_dirs(dir) != 0)
			rc = cli_fail(c, CLI_FAIL, cmd, "%s: %s", dir, strerror(errno));
	}
	free(dir);
	buf_init(&old, 0);
	buf_init(&text, 0);
	if (rc == CLI_OK && read_all(c->config_path, &old) != 0)
		rc = cli_fail(c, CLI_FAIL, cmd, "%s: %s", c->config_path, strerror(errno));
	if (rc == CLI_OK) {
		config_with_user(old.data != NULL ? old.data : "", old.len, id, &text);
		if (write_atomic(c->config_path, text.data, text.len) != 0)
			rc = cli_fail(c, CLI_FAIL, cmd, "%s: %s", c->config_path, strerror(errno));
	}
	if (rc == CLI_OK && !c->json)
		fprintf(c->out, "default user: %s (in %s)\n", id, c->config_path);
	else if (rc == CLI_OK) {
		json_t *o = json_object();
		json_object_set_new(o, "userId", json_string(id));
		json_object_set_new(o, "config", json_string(c->config_path));
		cli_print_json(c, o);
	}
	buf_done(&old);
	buf_done(&text);
	free(id);
	return rc;
}

int
cmd_user(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	int rc;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "user", "missing subcommand (create, show, list, edit, delete or use)");
	if (strcmp(argv[0], "create") == 0)
		return entity_add(c, MODEL_USER, argc - 1, argv + 1);
	if (strcmp(argv[0], "edit") == 0)
		return entity_edit(c, MODEL_USER, argc - 1, argv + 1);
	if (strcmp(argv[0], "delete") == 0)
		return user_delete(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "use") == 0)
		return user_use(c, argc - 1, argv + 1);
	if (strcmp(argv[0], "show") == 0) {
		if ((rc = cli_parse(c, "user show", argc - 1, argv + 1, NULL, 0, 0, NULL, &a)) != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if ((rc = cli_need_user(c)) != CLI_OK)
			return rc;
		entity_print(c, MODEL_USER, c->profile);
		return CLI_OK;
	}
	if (strcmp(argv[0], "list") == 0) {
		static const struct cli_opt opts[] = { LIST_OPTS, { NULL, false, false } };
		struct list_opts o;
		if ((rc = cli_parse(c, "user list", argc - 1, argv + 1, opts, 0, 0, NULL, &a)) != CLI_OK)
			return rc < 0 ? CLI_OK : rc;
		if ((rc = list_options(c, &a, 0, &o)) != CLI_OK)
			return rc;
		if ((rc = cli_open_store(c)) != CLI_OK)
			return rc;
		return list_sorted(c, "user list", users_page, NULL, MODEL_USER, &o);
	}
	return cli_fail_unknown(c, "user", "subcommand", argv[0], NULL);
}
