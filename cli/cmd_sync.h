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
/*
 * A record by its name, after cli_need_user_lazy: by id, with the profile in
 * the same round trip; else as names_resolve does (prefixes, titles); offline
 * as cli_outbox_resolve. Prints its failure.
 */
int cli_resolve_record(struct cli *c, enum model_type type, const char *text, const char *what, unsigned flags,
    void **rec);
/*
 * Whether a create of type may skip the profile read (one round trip: the
 * user checked by the write itself, days in the zone remembered for the
 * user): journal entries, meals and goals on DynamoDB, with --user and a
 * zone remembered. Then the command calls cli_need_user_lazy instead.
 */
bool cli_create_near(struct cli *c, enum model_type type);
/*
 * Without --user, the only user of the store, remembered after the users'
 * query found exactly one ($XDG_CACHE_HOME/ailife/only-user/, one file per
 * table and endpoint): recall (new string or NULL), remember (NULL forgets).
 */
char *cli_only_user_recall(struct cli *c);
void cli_only_user_remember(struct cli *c, const char *user_id);
/* Offline: the id of the one active goal written from here whose title holds text, or NULL (new string). */
char *cli_outbox_goal_titled(struct cli *c, const char *text);
/* doctor's words about the outbox (of the configured user) into buf; returns buf. */
const char *cli_outbox_line(struct cli *c, char *buf, size_t size);
void cli_outbox_done(struct cli *c);

int cli_write_create(struct cli *c, const char *what, enum model_type type, void *rec, bool *queued);
int cli_write_update(struct cli *c, const char *what, enum model_type type, void *rec, bool *queued);
int cli_write_delete(struct cli *c, const char *what, enum model_type type, const char *id, bool *queued);
/* goal_read (may be NULL): the goal as just read, for the log's first attempt. */
int cli_write_log(struct cli *c, struct model_activity *act, const struct model_goal *goal_read, struct model_goal **goal_out,
    char status_before[STORE_STATUS_MAX], bool *queued);
int cli_write_status(struct cli *c, struct model_goal *g, const char *status, bool *queued);

#endif
