/*
 * The command table: every command with its handler, its usage lines, what
 * each does, the descriptions of its options and two examples, written once.
 * `ailife --help`, `ailife COMMAND --help`, `ailife help COMMAND [SUB]` and a
 * usage error's line all come from here; the usage of an entity's add and
 * edit is built from the model's description.
 */
#ifndef AILIFE_CLI_COMMANDS_H
#define AILIFE_CLI_COMMANDS_H

#include <stdio.h>

#include "cli/cli.h"

/* One way to call a command: a written line, or (line NULL) an entity's add / edit built from the model. */
struct cli_usage {
	const char *line;        /* the words after "ailife": "goal list [--status ...] [--limit N]" */
	enum model_type type;    /* line NULL: the entity */
	bool edit;               /* line NULL: edit (else add / create) */
	const char *summary;     /* what it does, one line */
	const char *examples[2]; /* two calls, the words after "ailife" */
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	bool subs;               /* the word after the name is a subcommand ("goal list") */
	const char *summary;     /* one line, for the command list */
	const struct cli_usage *usage; /* ends with an entry whose line is NULL and type MODEL_TYPE_COUNT */
	const char *notes;       /* more lines for its help, or NULL */
};

/* The commands, ending with a NULL name. */
extern const struct cli_command cli_commands[];

/* The command named name, or NULL. */
const struct cli_command *cli_command_find(const char *name);
/* Whether an entry is a table's end. */
bool cli_usage_is_end(const struct cli_usage *u);
/* The text of one usage entry into out ("goal add TITLE --target N ..."). */
void cli_usage_text(const struct cli_usage *u, char *out, size_t size);
/* The subcommand an entry is for ("add" of "goal add ..."), into out; "" when the command has none. */
void cli_usage_sub(const struct cli_command *k, const struct cli_usage *u, char *out, size_t size);
/*
 * The usage line of a command's words ("goal list", "meal add", "log") into
 * out; false when the table has none.
 */
bool cli_usage_line(const char *words, char *out, size_t size);
/* Every usage line, two spaces in, one a line (the Commands part of --help). */
void cli_print_usage_lines(FILE *out);
/*
 * The subcommands of a command as a NULL-terminated array in out (at most
 * max - 1 of them, pointing into names, which holds max * 16 bytes).
 */
size_t cli_subcommands(const struct cli_command *k, const char **out, char (*names)[16], size_t max);
/*
 * The help of a command ("goal") or a subcommand ("goal add"): usage lines,
 * options with their descriptions, two examples. False when words name none.
 */
bool cli_help_print(FILE *out, const char *words);
/* The description of an option of a command ("meal add", "calories"), or NULL when none is written. */
const char *cli_option_description(const char *words, const char *option);

#endif
