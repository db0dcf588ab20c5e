/*
 * The outbox (issue 15): the DynamoDB store's logical writes kept in an
 * SQLite file of ailife's own, one row per write, in order, with everything
 * needed to send it again exactly (the record's id and times, the log's
 * ClientRequestToken, the version an edit was based on).
 *
 * Every write of a command goes in first (state "sending"), then out; the
 * row goes when DynamoDB said yes (or no, for good). So a command killed at
 * any moment leaves either no row (nothing was sent) or a row the next
 * command sends again, which the store's functions recognise as done when
 * it was applied already (store.h, "a write's identity, decided once").
 *
 * States: sending (written ahead, being sent), pending (DynamoDB could not
 * be reached: nothing was applied), unknown (sent, the answer lost, and the
 * read-back impossible), conflict (the record changed or went meanwhile:
 * kept with both versions until dropped or edited again), failed (refused
 * for good on a replay, with the reason).
 *
 * One file per table, endpoint and user (outbox_path), 0600 in a 0700
 * folder. Not thread-safe: one command, one outbox.
 */
#ifndef AILIFE_OUTBOX_H
#define AILIFE_OUTBOX_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/table.h"

struct outbox;

struct outbox_row {
	long long id;            /* the row's number: the order of the writes */
	char *kind;              /* "create", "log", "edit", "delete", "status" */
	char *rkey;              /* the record's key, "PK SK" */
	char *state;             /* "sending", "pending", "unknown", "conflict", "failed" */
	json_t *body;            /* what to send (outbox_send.c reads it) */
	json_t *theirs;          /* conflict: the record as stored (JSON null when it is gone); else NULL */
	char *message;           /* why it is not sent yet, or NULL */
	long long queued_ms;     /* when it was written (real clock) */
	int tries;               /* attempts begun */
};

void outbox_rows_done(struct outbox_row *rows, size_t n);

/*
 * The file of the outbox of table, endpoint (the URL, or the region when
 * none) and user under dir ($XDG_STATE_HOME/ailife): dir/outbox/NAME.sqlite.
 * A new string.
 */
char *outbox_path(const char *dir, const char *table, const char *endpoint, const char *user);

/*
 * Opens the outbox at path for that scope. create false and no file: 0 with
 * *out NULL. The folders are made 0700, the file 0600. A file of another
 * scope (its names differ) is refused (TABLE_IO).
 */
int outbox_open(const char *path, bool create, const char *table, const char *endpoint, const char *user,
    struct outbox **out, struct table_err *err);
void outbox_close(struct outbox *ob);
/*
 * Whether the outbox at path may hold writes waiting: false only when it
 * surely does not (no file, or none waiting, read without opening it for
 * writing: what every command asks first, cheaply).
 */
bool outbox_maybe_waiting(const char *path);
const char *outbox_file(const struct outbox *ob);

/*
 * Writes a new row (state "sending") and returns its id: before anything is
 * sent. A row in conflict for the same record goes: this write replaces it
 * (the record "edited again").
 */
int outbox_add(struct outbox *ob, const char *kind, const char *rkey, json_t *body, long long *id,
    struct table_err *err);
/* An attempt begins: tries + 1, committed before the send. */
int outbox_try(struct outbox *ob, long long id, struct table_err *err);
/* Sets a row's state, and its body (NULL: unchanged), theirs (NULL: none) and message (NULL: none). */
int outbox_mark(struct outbox *ob, long long id, const char *state, json_t *body, json_t *theirs,
    const char *message, struct table_err *err);
/* Removes a row; 1 when there was none of that id. */
int outbox_remove(struct outbox *ob, long long id, struct table_err *err);
/* Every row, in order. */
int outbox_rows(struct outbox *ob, struct outbox_row **rows, size_t *n, struct table_err *err);
/* Rows waiting to be sent (every state but conflict and failed), and those held. */
int outbox_count(struct outbox *ob, size_t *waiting, size_t *held, struct table_err *err);

/*
 * Records this client wrote, as last written (for an edit while DynamoDB
 * cannot be reached): outbox_know stores item (by its key), outbox_known
 * returns the newest of rkey, from a row not sent yet or else stored (new
 * reference, NULL when unknown). outbox_known_prefix: the keys beginning
 * with prefix ("PK SK-prefix"), at most max, newest first; returns how many.
 */
int outbox_know(struct outbox *ob, json_t *item, struct table_err *err);
json_t *outbox_known(struct outbox *ob, const char *rkey);
/* The record of rkey is gone (deleted from here): no longer known. */
int outbox_forget(struct outbox *ob, const char *rkey, struct table_err *err);
size_t outbox_known_prefix(struct outbox *ob, const char *prefix, char **keys, size_t max);

/* "PK SK" of an item or key (new string; NULL when either is missing). */
char *outbox_rkey(json_t *item);

/* ---- sending (outbox_send.c) ---- */

enum outbox_outcome {
	OUTBOX_DONE,             /* applied (now or before) */
	OUTBOX_PENDING,          /* DynamoDB not reached: kept, nothing applied */
	OUTBOX_UNKNOWN,          /* sent, outcome unknown: kept, resolved on the next send */
	OUTBOX_CONFLICT,         /* the record changed or went meanwhile */
	OUTBOX_FAILED,           /* refused for good (err says why) */
};

struct outbox_result {
	enum outbox_outcome outcome;
	struct table_err err;
	json_t *record;          /* DONE: the record as written (a log: the goal after it); new reference or NULL */
	char status_before[16];  /* DONE log: the goal's status before (STORE_STATUS_MAX) */
};

void outbox_result_done(struct outbox_result *r);

/*
 * Sends one row on t and settles it: DONE removes it (and remembers the
 * record), PENDING and UNKNOWN keep it so marked, CONFLICT and FAILED keep
 * it so marked with the reason when replay is true, and remove it when
 * false (the user's own command, which reports the failure instead).
 * Returns 0, or -1 when the outbox file itself failed (res->err).
 */
int outbox_send(struct outbox *ob, struct table *t, const struct outbox_row *row, bool replay,
    struct outbox_result *res);

/*
 * Sends every waiting row in order, calling each (may be NULL) after each;
 * stops at the first that cannot reach DynamoDB. *sent, *held, *left count
 * what was applied, what is held (conflict / failed) and what is still
 * waiting. Returns 0, or -1 when the outbox file failed.
 */
int outbox_flush(struct outbox *ob, struct table *t,
    void (*each)(void *ctx, const struct outbox_row *row, const struct outbox_result *res), void *ctx,
    size_t *sent, size_t *held, size_t *left, struct table_err *err);

/* What a row is, for people: "log 2.5 to goal g01 at 2026-11-20T06:00:00.000Z" (new string). */
char *outbox_describe(const struct outbox_row *row);

#endif
