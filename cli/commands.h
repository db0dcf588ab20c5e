/*
 * The command table: every command with its handler and its usage lines, written
 * once. `ailife --help` lists the lines; a command's own usage (its --help and
 * the line after a usage error) is looked up here by its words ("goal list");
 * the usage of an entity's add and edit is built from the model's description.
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
};

struct cli_command {
	const char *name;
	int (*fn)(struct cli *c, int argc, char **argv);
	const struct cli_usage *usage; /* ends with { NULL, MODEL_TYPE_COUNT, false } */
};

/* The commands, ending with a NULL name. */
extern const struct cli_command cli_commands[];

/* The command named name, or NULL. */
const struct cli_command *cli_command_find(const char *name);
/*
 * The usage line of a command's words ("goal list", "meal add", "log") into
 * out; false when the table has none.
 */
bool cli_usage_line(const char *words, char *out, size_t size);
/* Every usage line, two spaces in, one a line (the Commands part of --help). */
void cli_print_usage_lines(FILE *out);

#endif
