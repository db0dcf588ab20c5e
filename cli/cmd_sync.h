/*
 * The outbox on the command line (issue 15; datastore/outbox.h): every write
 * of the DynamoDB store goes through it, so that a lost link queues the
 * write instead of losing it, and a write is sent exactly once whatever the
 * link does; `ailife sync` sends, lists and drops what waits.
 *
 * The write functions below do the write (through the outbox on DynamoDB,
 * directly on the embedded store) and print its failure. CLI_OK with
 * *queued true: DynamoDB could not be reached and the write waits in the
 * outbox (said on stderr with the count); the caller then prints what it
 * can without DynamoDB's answer.
 */
#ifndef AILIFE_CLI_CMD_SYNC_H
#define AILIFE_CLI_CMD_SYNC_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "datastore/store.h"
#include "datastore/table.h"

int cmd_sync(struct cli *c, int argc, char **argv);

/* After the profile was read: what waits in the outbox is sent first, in order (stderr says what). */
void cli_outbox_flush(struct cli *c);
/*
 * The profile read failed with err: when DynamoDB cannot be reached and
 * writes may be queued, the command goes on offline (c->offline, the zone
 * last remembered) and CLI_OK is returned; else -1 (the caller reports err).
 */
int cli_outbox_offline(struct cli *c, const struct table_err *err);
/* Offline: a record this client wrote, by id or id prefix, from the outbox. */
int cli_outbox_resolve(struct cli *c, enum model_type type, const char *text, const char *what, void **rec);
/* The same, quiet: CLI_OK, or CLI_FAIL / CLI_USAGE without a word. */
int cli_outbox_find(struct cli *c, enum model_type type, const char *text, const char *what, bool quiet, void **rec);
/* doctor's words about the outbox (of the configured user) into buf; returns buf. */
const char *cli_outbox_line(struct cli *c, char *buf, size_t size);
void cli_outbox_done(struct cli *c);

int cli_write_create(struct cli *c, const char *what, enum model_type type, void *rec, bool *queued);
int cli_write_update(struct cli *c, const char *what, enum model_type type, void *rec, bool *queued);
int cli_write_delete(struct cli *c, const char *what, enum model_type type, const char *id, bool *queued);
int cli_write_log(struct cli *c, struct model_activity *act, struct model_goal **goal_out,
    char status_before[STORE_STATUS_MAX], bool *queued);
int cli_write_status(struct cli *c, struct model_goal *g, const char *status, bool *queued);

#endif
