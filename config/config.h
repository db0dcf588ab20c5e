/*
 * ailife's own settings: defaults, then the config file (INI), then the
 * environment, then the command line, each overriding the one before.
 *
 * The file ($XDG_CONFIG_HOME/ailife/config):
 *
 *	# comment (full lines only, '#' or ';')
 *	store = dynamodb		(local or dynamodb)
 *	table = ai-lifestyle-app-main
 *	db = /path/to/ailife.db
 *	user = 01J...
 *	endpoint = http://localhost:8000
 *	region = eu-west-1
 *	profile = work
 *	read_only = true	(refuse every write; true/false as below)
 *	connect_timeout = 3	(DynamoDB, STS, SSO: seconds to connect, default 3)
 *	read_timeout = 30	(seconds for a whole request, default 30 for DynamoDB)
 *	queue = false		(DynamoDB out of reach: fail a write instead of queueing it)
 *
 *	[legacy]
 *	goals_table = goals
 *	activities_table = goal-activities
 *	dual_write = false	(true/false, yes/no, on/off, 1/0)
 *
 * In the file, db = ~/x is $HOME/x and a relative db is taken from the
 * file's folder (config_load_file), never from the working directory.
 *
 * Keys before any header belong to the top-level section, which may also be
 * written as [ailife]. Values may be double-quoted ("a \"b\" \\ c"); an empty
 * value is an error. The parser is strict: an unknown key or section, a
 * duplicate key or a bad value is an error naming the file and the line.
 */
#ifndef AILIFE_CONFIG_H
#define AILIFE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#define CONFIG_MAX_FILE (1024 * 1024)	/* a larger file is refused */
#define CONFIG_MAX_LINE 4096		/* bytes, without the newline */

struct config {
	char *path;	/* the file last loaded, or NULL */

	/* Owned strings; NULL means unset (the caller applies its default). */
	char *store;	/* "local" or "dynamodb" */
	char *db;
	char *table;
	char *user;
	char *endpoint;
	char *region;
	char *profile;

	/* [legacy] */
	char *legacy_goals_table;
	char *legacy_activities_table;
	int legacy_dual_write;	/* -1 unset, else 0 or 1 */
	int read_only;		/* read_only = true: every write refused; -1 unset, else 0 or 1 */
	char *connect_timeout;	/* seconds ("2", "0.5"), checked; config_seconds_ms reads it */
	char *read_timeout;
	int queue;		/* queue = false: no outbox, a write that cannot reach DynamoDB fails; -1 unset */
	int mouse;		/* mouse = false: the terminal interface leaves the mouse alone; -1 unset */
};

/* A number of seconds in (0, 600] ("2", "0.5") as milliseconds, or -1. */
long config_seconds_ms(const char *s);

void config_init(struct config *c);
void config_done(struct config *c);

/*
 * Parses INI text (len bytes, need not be NUL-terminated); name is used in
 * error messages ("<name>:<line>: ..."). On success the keys the text sets
 * override those of c and 0 is returned; on error c is unchanged, *err (when
 * err is not NULL) is a new string and -1 is returned. c->path is not touched.
 */
int config_parse(struct config *c, const char *name, const char *text, size_t len,
    char **err);

/*
 * Reads and parses a file as config_parse does and sets c->path. A missing
 * file (or a NULL path) is not an error unless must_exist; then it returns 0
 * with c unchanged. A file over CONFIG_MAX_FILE bytes is refused.
 */
int config_load_file(struct config *c, const char *path, bool must_exist, char **err);

/*
 * A path of the config file: "~" or "~/x" under $HOME, an absolute path as
 * it is, a relative one under base_dir (NULL: as it is). New string, or NULL
 * for "~" without HOME.
 */
char *config_expand_path(const char *value, const char *base_dir);

/* $XDG_CONFIG_HOME/ailife/config, else $HOME/.config/ailife/config; new string or NULL. */
char *config_default_path(void);

/* $XDG_DATA_HOME/ailife/ailife.db, else $HOME/.local/share/ailife/ailife.db; new string or NULL. */
char *config_default_db(void);

/* $XDG_CACHE_HOME/ailife, else $HOME/.cache/ailife; new string or NULL. Not created here. */
char *config_cache_dir(void);

/*
 * Overrides c from the environment (empty values are ignored): AILIFE_STORE,
 * AILIFE_DB, AILIFE_TABLE, AILIFE_USER, AWS_ENDPOINT_URL_DYNAMODB else
 * AWS_ENDPOINT_URL, AWS_REGION else AWS_DEFAULT_REGION, AWS_PROFILE.
 * Values are not checked here: call config_check once the command line is in.
 */
void config_apply_env(struct config *c);

/*
 * Checks the merged values (store, table names, endpoint, region), which may
 * have come from the environment or the command line. Returns 0, or -1 with
 * a new message in *err naming the setting and the offending value.
 */
int config_check(const struct config *c, char **err);

/* DynamoDB's rule: 3 to 255 of a-z A-Z 0-9 '_' '-' '.'. */
bool config_valid_table_name(const char *s);
/* An AWS region name: 1 to 64 of a-z A-Z 0-9 '-' (it becomes part of a host name). */
bool config_valid_region(const char *s);
/* An http:// or https:// URL with a host, no spaces or control characters. */
bool config_valid_endpoint(const char *s);

/*
 * A copy of s for a message: single-quoted, control characters, quotes and
 * bad UTF-8 escaped (\n, \x1b), cut after about max bytes with "...".
 */
char *config_quote(const char *s, size_t max);

#endif
