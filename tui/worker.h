/*
 * The worker: one thread that owns every table access of the terminal
 * interface, so the loop never waits on the network. A job carries a function
 * run on the worker and its results; once run, it comes back to the main loop
 * (a byte on the notify pipe wakes it) and is delivered there, or dropped when
 * whoever asked has moved on.
 */
#ifndef AILIFE_TUI_WORKER_H
#define AILIFE_TUI_WORKER_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/store.h"
#include "datastore/table.h"

#define TUI_JOB_EXPLAINS TABLE_TRACE_REQUESTS

struct tui_job;
/* Runs on the worker: returns 0, or -1 with j->err filled in. */
typedef int (*tui_job_fn)(struct tui_job *j, struct table *t);

struct tui_job {
	tui_job_fn run;
	void *data;              /* the request and its results */
	void (*data_free)(void *data);
	unsigned owner;          /* the asking screen's id (0: the application) */
	unsigned gen;            /* the asker's generation when it asked */
	int kind;                /* the asker's tag */
	bool write;              /* a write: waited for at shutdown */
	/*
	 * A change that u can undo: set by tui_job_undoable before it is submitted;
	 * the job runs on a recording table (datastore/store_undo.h) and its
	 * answer carries what it touched. what: how the status line names it.
	 */
	struct store_undo *undo;
	char *undo_what;
	bool is_undo;            /* the app's own job: undoing one of them */
	/* Filled in on the worker: */
	int rc;
	struct table_err err;
	/* What the job's requests were and cost: noted by the store while the job runs. */
	struct table_request explain[TUI_JOB_EXPLAINS];
	size_t nexplain;
	double capacity;         /* summed over the job's requests */
	long long elapsed_us;
	struct tui_job *next;
};

struct tui_worker;

/* Microseconds of the monotonic clock: how long jobs and draws take. */
long long tui_mono_us(void);

/* Marks j as a change u can undo, named what ("the delete of the meal Pasta"). */
void tui_job_undoable(struct tui_job *j, const char *what);
/* A new job (zeroed); tui_job_free releases it and its data. */
struct tui_job *tui_job_new(tui_job_fn run, void *data, void (*data_free)(void *));
void tui_job_free(struct tui_job *j);
/*
 * Runs j on t (the worker's thread does, for each job): j->rc, j->err, and what
 * its requests were and cost (j->explain, j->capacity), noted by the store in a
 * trace of the job's own, and how long it took.
 */
void tui_job_run(struct tui_job *j, struct table *t);

/* Starts the thread; notify_fd gets a byte whenever a job is done. NULL on failure. */
struct tui_worker *tui_worker_start(struct table *t, int notify_fd);
void tui_worker_submit(struct tui_worker *w, struct tui_job *j);
/* A finished job, or NULL (main thread). */
struct tui_job *tui_worker_take(struct tui_worker *w);
/* Jobs queued or running. */
size_t tui_worker_pending(struct tui_worker *w);
/*
 * Stops the worker: queued reads are dropped, the running job and queued
 * writes finish (at most wait_ms). Returns 0 when the thread was joined (the
 * table is free again), -1 when it is still busy (do not close the table).
 */
int tui_worker_stop(struct tui_worker *w, int wait_ms);

#endif
