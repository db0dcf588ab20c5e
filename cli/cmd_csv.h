/*
 * export --format csv / import --format csv (cli/cmd_csv.c): one kind of
 * record a file, a header row, RFC 4180 quoting, CRLF record ends, local
 * times with their UTC offset, distances in the profile's units.
 */
#ifndef AILIFE_CLI_CMD_CSV_H
#define AILIFE_CLI_CMD_CSV_H

#include "cli/cli.h"

/* The kinds export writes as CSV and import reads, for messages: "meal, activity, ...". */
#define CSV_EXPORT_TYPES "meal, activity, journal, workout or goal"
#define CSV_IMPORT_TYPES "meal or activity"

/*
 * Whether --format (jsonl, the default, or csv) and --type agree: CSV needs
 * --type (one of types, for the message), JSON Lines takes none. 0, or an
 * exit code after the message.
 */
int csv_options(struct cli *c, const char *cmd, const char *format, const char *type, const char *types);

/* Writes the current user's records of a kind ("meal", "goal" ...) as CSV to stdout, page by page. */
int csv_export(struct cli *c, const char *type);

/* Reads CSV of meals or activities from path (NULL or "-": stdin): all rows checked, then written. */
int csv_import(struct cli *c, const char *type, const char *path);

#endif
