/* The worker thread and its two queues (to do, done), under one mutex. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datastore/store_undo.h"
#include "tui/worker.h"
#include "util/xmalloc.h"

struct tui_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;       /* work arrived, or stop */
	pthread_cond_t idle;     /* a job finished */
	struct tui_job *todo, *todo_tail;
	struct tui_job *done, *done_tail;
	size_t pending;
	bool stop;
	bool running;            /* a job is being run */
	bool exited;
	struct table *t;
	int notify_fd;
};

struct tui_job *
tui_job_new(tui_job_fn run, void *data, void (*data_free)(void *))
{
	struct tui_job *j = xcalloc(1, sizeof *j);
	j->run = run;
	j->data = data;
	j->data_free = data_free;
	table_err_clear(&j->err);
	return j;
}

void
tui_job_free(struct tui_job *j)
{
	if (j == NULL)
		return;
	if (j->data_free != NULL && j->data != NULL)
		j->data_free(j->data);
	if (j->undo != NULL) {
		store_undo_done(j->undo);
		free(j->undo);
	}
	free(j->undo_what);
	free(j);
}

void
tui_job_undoable(struct tui_job *j, const char *what)
{
	if (j->undo == NULL)
		j->undo = xcalloc(1, sizeof *j->undo);
	free(j->undo_what);
	j->undo_what = xstrdup(what);
}

long long
tui_mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
tui_job_run(struct tui_job *j, struct table *t)
{
	struct table_trace trace;
	long long t0 = tui_mono_us();

	/* Every request of the job, and what it cost, comes back with the job. */
	memset(&trace, 0, sizeof trace);
	table_set_trace(t, &trace);
	table_err_clear(&j->err);
	if (j->undo != NULL) {
		/* The change runs on a recording table: what it touched, before and after, comes back for u. */
		struct table *rec = store_undo_record(t, j->undo);
		j->rc = j->run(j, rec);
		struct table_err ue;
		table_err_clear(&ue);
		store_undo_finish(rec, &ue);
	} else {
		j->rc = j->run(j, t);
	}
	table_set_trace(t, NULL);
	j->elapsed_us = tui_mono_us() - t0;
	memcpy(j->explain, trace.req, sizeof j->explain);
	j->nexplain = trace.n;
	j->capacity = trace.capacity;
}

static void *
worker_main(void *arg)
{
	struct tui_worker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->todo == NULL && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->todo == NULL)
			break;
		struct tui_job *j = w->todo;
		w->todo = j->next;
		if (w->todo == NULL)
			w->todo_tail = NULL;
		j->next = NULL;
		w->running = true;
		pthread_mutex_unlock(&w->mu);

		tui_job_run(j, w->t);

		pthread_mutex_lock(&w->mu);
		w->running = false;
		if (w->done_tail != NULL)
			w->done_tail->next = j;
		else
			w->done = j;
		w->done_tail = j;
		pthread_cond_broadcast(&w->idle);
		/* A full pipe already holds a wake-up: the loop drains every done job at once. */
		ssize_t r = write(w->notify_fd, "j", 1);
		(void)r;
	}
	w->exited = true;
	pthread_cond_broadcast(&w->idle);
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct tui_worker *
tui_worker_start(struct table *t, int notify_fd)
{
	struct tui_worker *w = xcalloc(1, sizeof *w);
	w->t = t;
	w->notify_fd = notify_fd;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	pthread_cond_init(&w->idle, NULL);
	/*
	 * The terminal's signals (resize, hang-up, stop...) are for the loop: the
	 * worker starts with them blocked, so none lands on it while it waits on the
	 * network and leaves the loop asleep in poll(). The faults stay unblocked:
	 * a crash on the worker still runs the handler that restores the terminal.
	 */
	static const int loop_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGCONT, SIGWINCH,
		SIGCHLD, SIGALRM, SIGUSR1, SIGUSR2 };
	sigset_t block, old;
	sigemptyset(&block);
	for (size_t i = 0; i < sizeof loop_signals / sizeof loop_signals[0]; i++)
		sigaddset(&block, loop_signals[i]);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		pthread_cond_destroy(&w->idle);
		free(w);
		return NULL;
	}
	return w;
}

void
tui_worker_submit(struct tui_worker *w, struct tui_job *j)
{
	j->next = NULL;
	pthread_mutex_lock(&w->mu);
	if (w->todo_tail != NULL)
		w->todo_tail->next = j;
	else
		w->todo = j;
	w->todo_tail = j;
	w->pending++;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

struct tui_job *
tui_worker_take(struct tui_worker *w)
{
	pthread_mutex_lock(&w->mu);
	struct tui_job *j = w->done;
	if (j != NULL) {
		w->done = j->next;
		if (w->done == NULL)
			w->done_tail = NULL;
		j->next = NULL;
		w->pending--;
	}
	pthread_mutex_unlock(&w->mu);
	return j;
}

size_t
tui_worker_pending(struct tui_worker *w)
{
	pthread_mutex_lock(&w->mu);
	size_t n = w->pending;
	pthread_mutex_unlock(&w->mu);
	return n;
}

int
tui_worker_stop(struct tui_worker *w, int wait_ms)
{
	struct timespec until;
	struct tui_job *j, *keep = NULL, *keep_tail = NULL;
	if (w == NULL)
		return 0;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += wait_ms / 1000;
	until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&w->mu);
	/* Reads nobody will look at are dropped; writes still go, so nothing typed is lost half-way. */
	for (j = w->todo; j != NULL;) {
		struct tui_job *next = j->next;
		if (j->write) {
			j->next = NULL;
			if (keep_tail != NULL)
				keep_tail->next = j;
			else
				keep = j;
			keep_tail = j;
		} else {
			tui_job_free(j);
			w->pending--;
		}
		j = next;
	}
	w->todo = keep;
	w->todo_tail = keep_tail;
	w->stop = true;
	pthread_cond_signal(&w->cv);
	int rc = 0;
	while (!w->exited) {
		if (pthread_cond_timedwait(&w->idle, &w->mu, &until) == ETIMEDOUT) {
			rc = -1;
			break;
		}
	}
	pthread_mutex_unlock(&w->mu);
	if (rc != 0)
		return -1;      /* the thread keeps w; the process is about to exit */
	pthread_join(w->thread, NULL);
	while ((j = tui_worker_take(w)) != NULL)
		tui_job_free(j);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	pthread_cond_destroy(&w->idle);
	free(w);
	return 0;
}
