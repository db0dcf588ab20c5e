/*
 * The command line: global state of one run, option parsing, error
 * reporting with the exit codes of cli.md (0 ok, 1 request failed, 2 bad
 * usage or input), and the commands.
 */
#ifndef AILIFE_CLI_H
#define AILIFE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "config/config.h"
#include "datastore/model.h"
#include "datastore/store.h"
#include "datastore/table.h"
#include "datastore/dates.h"
#include "datastore/timefmt.h"
#include "util/json_write.h"

#define CLI_OK 0
#define CLI_FAIL 1
#define CLI_USAGE 2

#define CLI_TABLE_DEFAULT "ai-lifestyle-app-main"

/* The global options (cli/settings.c): anywhere before "--", the last one winning. */
enum cli_global {
	CLI_G_STORE, CLI_G_DB, CLI_G_ENDPOINT, CLI_G_REGION, CLI_G_PROFILE, CLI_G_TABLE, CLI_G_USER,
	CLI_G_JSON, CLI_G_JSONL, CLI_G_NOW, CLI_G_CONFIG, CLI_G_EXPLAIN, CLI_G_READ_ONLY,
	CLI_G_NO_QUEUE,
	CLI_G_COUNT
};

struct outbox;

struct cli {
	const char *cmd;         /* the command's words once known ("goal list"), for messages */
	/* The global options as given (borrowed from argv; "" for a flag), resolved by cli_settle. */
	const char *global[CLI_G_COUNT];
	bool settled;            /* cfg and the rest below are resolved from the global options */
	int settle_rc;           /* what resolving them returned */
	struct config cfg;       /* file, then environment, then options */
	char *config_path;       /* the config file in use (may not exist) */
	bool json;               /* --json (also set by --jsonl) */
	bool jsonl;              /* --jsonl: a list is JSON Lines, one object a line */
	bool explain;            /* --explain: print the DynamoDB requests, send nothing */
	bool now_fixed;          /* --now / AILIFE_NOW given */
	char *now_text;          /* its text, read again in the profile's zone when the profile arrives */
	bool read_only;          /* --read-only, AILIFE_READ_ONLY or read_only in the config: every write refused */
	/* AWS settings of ailife's config file (the environment and the command line beat them: cli_aws_resolve). */
	char *aws_profile, *aws_region, *aws_endpoint;
	struct table *t;         /* opened by cli_open_store */
	char *user_id;           /* resolved by cli_need_user */
	struct model_user *profile;
	bool profile_pending;    /* cli_need_user_soon: the profile comes with the first page */
	bool zone_changed;       /* the profile's zone is not the one the process started in */
	struct store_list goals; /* the user's goals, read once for names (cli/names.h) */
	bool goals_read;
	size_t *goals_short;     /* their short id lengths, made once by names_goal_short */
	FILE *out;               /* stdout */
	FILE *err;               /* stderr */
	/* The outbox (cli/cmd_sync.h): DynamoDB's writes that wait, and how this run treats them. */
	struct outbox *outbox;   /* opened on first use */
	bool outbox_broken;      /* it could not be opened: writes go without it */
	bool offline;            /* DynamoDB could not be reached for the profile: writes are queued */
	char *offline_why;       /* and why (the profile read's error) */
	bool no_queue;           /* --no-queue, AILIFE_NO_QUEUE or queue = false: fail instead of queueing */
	bool in_sync;            /* ailife sync: no flush before the command, it is the command */
	bool user_recalled;      /* no --user: c->user_id is the only user remembered, its profile not read yet */
	char *store_scope;       /* the endpoint URL, else the region: part of the outbox's name */
};

/*
 * How --json output is written: two-space indents, reals to 15 digits, and DEL
 * and C1 controls as \u escapes (the same JSON, inert on a terminal).
 */
#define CLI_JSON_FLAGS (JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY | JSON_WRITE_ESCAPE_C1)

/* Prints "ailife: <what>: <why>" to stderr and returns code. */
int cli_fail(struct cli *c, int code, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * "ailife: <command>: <what>: <why>" with the command of the run (c->cmd)
 * when it is known, else "ailife: <what>: <why>": for the settings, the
 * store and the user, which any command may meet.
 */
int cli_fail_in(struct cli *c, int code, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/*
 * An unknown command (cmd NULL), subcommand or option (what: "command",
 * "subcommand", "option", "help topic") that was typed, with the nearest of
 * candidates (NULL-terminated; NULL for a subcommand: the command table's)
 * as a suggestion. Returns CLI_USAGE.
 */
int cli_fail_unknown(struct cli *c, const char *cmd, const char *what, const char *typed,
    const char *const *candidates);
/* The candidate nearest to typed (a unique prefix, else a small edit distance), or NULL when none is near. */
const char *cli_nearest(const char *typed, const char *const *candidates);
/* The Damerau-Levenshtein (optimal string alignment) distance of a and b, case-insensitive. */
size_t cli_edit_distance(const char *a, const char *b);

/*
 * Global options (cli/settings.c). cli_global_arg: when argv[*i] is one
 * ("--db PATH", "--db=PATH", "--json"), takes it (and its value, moving *i)
 * and returns CLI_OK; -1 when it is not one; CLI_USAGE after an error (cmd,
 * or NULL before the command, names the command in the message).
 */
int cli_global_arg(struct cli *c, const char *cmd, int argc, char **argv, int *i);
/* The index of a global option's name ("json", "db"), or -1. */
int cli_global_index(const char *name, size_t len);
/* The global options' names, NULL-terminated. */
extern const char *const cli_global_names[];
/*
 * Resolves the settings once the global options are in: defaults, the config
 * file, the environment, the options; the fixed clock. Again after a later
 * global option. Returns CLI_OK or an exit code after an error.
 */
int cli_settle(struct cli *c);
/*
 * The AWS settings (config/aws.h) in the order defaults < config file <
 * environment < command line. Returns 0, or -1 with a new message in *err;
 * release s with aws_settings_done in both cases.
 */
struct aws_settings;
int cli_aws_resolve(struct cli *c, struct aws_settings *s, char **err);
/* Frees what the settings hold. */
void cli_settings_done(struct cli *c);

/* Reports a table error the same way, with the exit code its status calls for. */
int cli_table_fail(struct cli *c, const char *what, const struct table_err *err);
/* Exit code for a table status: TABLE_INVALID is bad input (2), the rest 1. */
int cli_status_code(enum table_status status);

/* Opens the table of the configured backend (once). Returns CLI_OK or an exit code. */
int cli_open_store(struct cli *c);
/*
 * Resolves whose data a command is about: --user / AILIFE_USER / config, else
 * the only user; loads the profile and switches to its time zone.
 */
int cli_need_user(struct cli *c);
/*
 * The same for a command whose first request is a list_collect: when the user
 * is known (--user), the profile is read in the same round trip as the first
 * page instead of before it. Until then c->profile is NULL and the process's
 * zone is the machine's: a command whose request depends on the zone checks
 * c->zone_changed afterwards (see cmd_range_list).
 */
int cli_need_user_soon(struct cli *c);
/*
 * The same for a command whose first request reads a record by its name
 * (cli_resolve_record, cli/cmd_sync.h): the profile travels with that read.
 */
int cli_need_user_lazy(struct cli *c);
/* A profile read: it becomes c->profile and its zone the process's. */
void cli_profile_arrived(struct cli *c, struct model_user *profile);

/* Options of one command. */
struct cli_opt {
	const char *name;        /* without the dashes: "target" */
	bool has_arg;
	bool repeat;             /* may be given more than once (--tag) */
};

#define CLI_MAX_OPTS 64
#define CLI_MAX_POS 8

struct cli_args {
	const char *cmd;         /* "goal add", for messages */
	struct {
		const struct cli_opt *opt;
		const char *value;   /* NULL for a flag */
	} v[CLI_MAX_OPTS];
	size_t n;
	const char *pos[CLI_MAX_POS];
	size_t npos;
};

/*
 * Parses argv (the command's own words, after its name) against opts
 * (terminated by an entry with name NULL): "--name value", "--name=value",
 * "--" ends options. Positional arguments: between min_pos and max_pos.
 * usage NULL: the command's line in the command table (cli/commands.h).
 * Returns CLI_OK, or prints the problem and returns CLI_USAGE.
 */
int cli_parse(struct cli *c, const char *cmd, int argc, char **argv, const struct cli_opt *opts,
    size_t min_pos, size_t max_pos, const char *usage, struct cli_args *a);
/* The last value of an option, or NULL; cli_has: given at all. */
const char *cli_get(const struct cli_args *a, const char *name);
bool cli_has(const struct cli_args *a, const char *name);

/* Parses a WHEN / DAY argument, printing the error (exit 2) on failure. */
int cli_when(struct cli *c, const char *what, const char *text, ms_t *out);
int cli_day(struct cli *c, const char *what, const char *text, struct day *out);
/* [from, to) of --from/--to DAY options: defaults to today when both absent. */
int cli_range(struct cli *c, const struct cli_args *a, ms_t *from, ms_t *to);

/* Output: JSON documents and aligned tables; text from the store is made inert. */
void cli_print_json(struct cli *c, json_t *doc);   /* steals doc */
struct cli_table;
struct cli_table *cli_table_new(size_t cols, const char *const *headers);
/* Column max width (0: no limit) and right alignment. */
void cli_table_col(struct cli_table *tb, size_t col, size_t max_width, bool right);
void cli_table_row(struct cli_table *tb, const char *const *cells);
void cli_table_print(struct cli_table *tb, FILE *out);
void cli_table_print_body(struct cli_table *tb, FILE *out);   /* without the header line */
void cli_table_free(struct cli_table *tb);

/* Local time of a 24-character timestamp, "2026-11-26 05:03". */
void cli_local_time(const char *ts, char *out, size_t size);

/* The commands: argv holds the words after the command name (argv[0] is the first). */
int cmd_user(struct cli *c, int argc, char **argv);
int cmd_goal(struct cli *c, int argc, char **argv);
int cmd_log(struct cli *c, int argc, char **argv);
int cmd_activity(struct cli *c, int argc, char **argv);
int cmd_journal(struct cli *c, int argc, char **argv);
int cmd_meal(struct cli *c, int argc, char **argv);
int cmd_workout(struct cli *c, int argc, char **argv);
int cmd_timeline(struct cli *c, int argc, char **argv);
int cmd_table(struct cli *c, int argc, char **argv);
int cmd_export(struct cli *c, int argc, char **argv);
int cmd_import(struct cli *c, int argc, char **argv);
int cmd_demo(struct cli *c, int argc, char **argv);
int cmd_doctor(struct cli *c, int argc, char **argv);
int cmd_tui(struct cli *c, int argc, char **argv);
int cmd_migrate(struct cli *c, int argc, char **argv);

#endif
