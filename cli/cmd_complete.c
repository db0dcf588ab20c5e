/*
 * ailife __complete KIND [PREFIX]: the candidates a shell completes from the
 * store, one a line (scripts/ailife.bash-completion, _ailife, ailife.fish).
 * Hidden: no usage line. A completion must never hang nor talk: it stops
 * itself after COMPLETE_SECONDS, prints nothing on stderr, and prints nothing
 * at all when the store cannot answer.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/names.h"
#include "config/config.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define COMPLETE_SECONDS 2
#define COMPLETE_MAX 100
/* The activities offered: those of the last this many days. */
#define COMPLETE_DAYS 14

/* Prints s when it starts with prefix (ASCII case aside) and is one line of printable text. */
static void
candidate(struct cli *c, const char *s, const char *prefix)
{
	if (s == NULL || s[0] == '\0' || strncasecmp(s, prefix, strlen(prefix)) != 0)
		return;
	char *inert = utf8_inert(s, false);
	if (strcmp(inert, s) == 0)
		fprintf(c->out, "%s\n", s);
	free(inert);
}

static void
complete_goals(struct cli *c, const char *prefix)
{
	/* names_goal_title reads the user's goals once (AP3). */
	(void)names_goal_title(c, "");
	for (size_t i = 0; i < c->goals.count; i++) {
		const struct model_goal *g = c->goals.items[i].rec;
		candidate(c, g->goal_id, prefix);
		candidate(c, g->title, prefix);
	}
}

static void
complete_ids(struct cli *c, enum model_type type, const char *prefix)
{
	struct table_err err;
	struct store_list l;
	char *upper = xstrdup(prefix);
	for (char *p = upper; *p != '\0'; p++)
		*p = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	const char *prefixes[2] = { prefix, upper };
	table_err_clear(&err);
	if (store_id_prefix(c->t, type, c->user_id, prefixes, strcmp(prefix, upper) != 0 ? 2 : 1, COMPLETE_MAX, &l,
	    &err) == 0) {
		for (size_t i = 0; i < l.count; i++)
			candidate(c, model_id(l.items[i].type, l.items[i].rec), prefix);
		store_list_done(&l);
	}
	free(upper);
}

static void
complete_activities(struct cli *c, const char *prefix)
{
	struct table_err err;
	struct store_list l;
	ms_t now = clock_now_ms();
	struct store_page_req pg = { NULL, COMPLETE_MAX, NULL, NULL };
	table_err_clear(&err);
	if (store_range(c->t, c->user_id, MODEL_ACTIVITY, now - (ms_t)COMPLETE_DAYS * 86400000, now + 86400000, true,
	    pg, &l, &err) != 0)
		return;
	char (*handles)[NAMES_HANDLE_MAX] = xcalloc(l.count + 1, sizeof *handles);
	names_activity_handles(c, &l, handles);
	for (size_t i = 0; i < l.count; i++)
		candidate(c, handles[i], prefix);
	free(handles);
	store_list_done(&l);
}

/* The store is the embedded one and its file does not exist. */
static bool
local_db_missing(struct cli *c)
{
	struct stat st;
	if (c->cfg.store != NULL && strcmp(c->cfg.store, "local") != 0)
		return false;
	char *db = c->cfg.db != NULL ? xstrdup(c->cfg.db) : config_default_db();
	bool missing = db == NULL || stat(db, &st) != 0;
	free(db);
	return missing;
}

int
cmd_complete(struct cli *c, int argc, char **argv)
{
	/* The default action of SIGALRM ends the process: a store that does not answer costs the shell 2 s. */
	signal(SIGALRM, SIG_DFL);
	alarm(COMPLETE_SECONDS);
	FILE *quiet = fopen("/dev/null", "w");
	if (quiet != NULL)
		c->err = quiet;
	if (argc < 1 || argc > 2 || c->explain)
		goto out;
	const char *kind = argv[0], *prefix = argc > 1 ? argv[1] : "";
	/* Completing reads: an embedded database that is not there yet is not made by a Tab. */
	if (cli_settle(c) != CLI_OK || local_db_missing(c))
		goto out;
	/* An id prefix is id characters; anything else only matches titles. */
	if (cli_need_user(c) != CLI_OK)
		goto out;
	if (strcmp(kind, "goals") == 0 || strcmp(kind, "goal") == 0)
		complete_goals(c, prefix);
	else if (strcmp(kind, "activity") == 0)
		complete_activities(c, prefix);
	else if (strcmp(kind, "journal") == 0)
		complete_ids(c, MODEL_JOURNAL, prefix);
	else if (strcmp(kind, "meal") == 0)
		complete_ids(c, MODEL_MEAL, prefix);
	else if (strcmp(kind, "workout") == 0)
		complete_ids(c, MODEL_WORKOUT, prefix);
out:
	fflush(c->out);
	if (quiet != NULL) {
		c->err = stderr;
		fclose(quiet);
	}
	return CLI_OK;
}
