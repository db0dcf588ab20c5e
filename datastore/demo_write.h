/*
 * The demo generator's writes: each generated record checked and turned into
 * its item, queued, and written in large batches (table_batch), with a count
 * per type. A part of the demo module (demo.h), used by nothing else.
 */
#ifndef AILIFE_DEMO_WRITE_H
#define AILIFE_DEMO_WRITE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/model.h"
#include "datastore/table.h"

struct demo_write {
	struct table *t;
	json_t **items;          /* queued puts */
	size_t n;
	size_t counts[MODEL_TYPE_COUNT]; /* records queued per type (written once flushed) */
	bool failed;             /* a write failed: nothing more is queued */
	struct table_err *err;   /* what failed */
};

/* Writes to t; a failure is described in err (the caller's, kept for the run). */
void demo_write_init(struct demo_write *w, struct table *t, struct table_err *err);
void demo_write_done(struct demo_write *w);

/*
 * The item of a generated record, or NULL with err: a generated record that
 * fails validation is a bug in the generator, not bad input.
 */
json_t *demo_write_item(enum model_type type, const void *rec, struct table_err *err);

/* Queues the record's item and frees the record; a full queue is written at once. */
void demo_write_record(struct demo_write *w, enum model_type type, void *rec);

/* Writes what is queued. Returns 0, or -1 once anything failed. */
int demo_write_flush(struct demo_write *w);

#endif
