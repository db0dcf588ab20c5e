/*
 * Tests of tui/worker: jobs run on the worker thread, one at a time, and come
 * back in order with a byte on the notify pipe each; what a job records (rc,
 * err, elapsed, explain, capacity); the asker's tags come back untouched, and
 * the screens drop a load whose generation is not theirs any more (stale or
 * abandoned with Esc); stopping drops queued reads, finishes writes, joins the
 * thread or says it could not in time; every job's data is freed once; the
 * terminal's signals are blocked on the worker (they are the loop's).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "datastore/local/local.h"
#include "datastore/store.h"
#include "tui/worker.h"
#include "views/goal.h"
#include "views/insights.h"
#include "views/views.h"

static struct table fake;         /* jobs that do not touch a store get this one */
static int fds[2];

/* What the test's jobs record; freed through data_free, which counts. */
struct rec {
	int seq;                 /* submission number */
	int ran_as;              /* run order on the worker, -1: never ran */
	pthread_t thread;
	int rc;                  /* what the job returns */
	int sleep_ms;
	int *freed;              /* incremented by data_free */
	int *order;              /* the worker's run counter */
	bool table_ok;           /* got the worker's table, its capacity cleared */
};

static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static bool gate_open, gate_entered;

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static void
rec_free(void *p)
{
	struct rec *r = p;
	(*r->freed)++;
	free(r);
}

static int
rec_run(struct tui_job *j, struct table *t)
{
	struct rec *r = j->data;
	r->thread = pthread_self();
	r->ran_as = (*r->order)++;
	if (r->sleep_ms > 0)
		sleep_ms(r->sleep_ms);
	/* Checked on the main thread (cmocka asserts only there): each job starts on a trace of its own, empty. */
	r->table_ok = t == &fake && t->trace != NULL && t->trace->capacity == 0 && t->trace->n == 0;
	table_trace_capacity(t, 2.5);
	if (r->rc != 0)
		table_err_set(&j->err, TABLE_THROTTLED, "job %d failed", r->seq);
	return r->rc;
}

/* Waits until the gate opens (a job that is busy until the test says so). */
static int
gate_run(struct tui_job *j, struct table *t)
{
	rec_run(j, t);
	pthread_mutex_lock(&gate_mu);
	gate_entered = true;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	return 0;
}

static void
gate_reset(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_open = gate_entered = false;
	pthread_mutex_unlock(&gate_mu);
}

static void
gate_wait_entered(void)
{
	pthread_mutex_lock(&gate_mu);
	while (!gate_entered)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
}

static void
gate_release(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_open = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

static struct tui_job *
job(tui_job_fn fn, int seq, int rc, int *freed, int *order)
{
	struct rec *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->seq = seq;
	r->ran_as = -1;
	r->rc = rc;
	r->freed = freed;
	r->order = order;
	return tui_job_new(fn, r, rec_free);
}

/* Reads n wake-up bytes from the pipe within 5 s. */
static void
read_wakeups(size_t n)
{
	size_t got = 0;
	while (got < n) {
		struct pollfd p = { fds[0], POLLIN, 0 };
		int r = poll(&p, 1, 5000);
		if (r <= 0)
			fail_msg("only %zu of %zu wake-ups came", got, n);
		char buf[64];
		ssize_t k = read(fds[0], buf, n - got < sizeof buf ? n - got : sizeof buf);
		assert_true(k > 0);
		for (ssize_t i = 0; i < k; i++)
			assert_int_equal(buf[i], 'j');
		got += (size_t)k;
	}
}

static bool
pipe_empty(void)
{
	struct pollfd p = { fds[0], POLLIN, 0 };
	return poll(&p, 1, 0) == 0;
}

/* Each test gets a fresh notify pipe: bytes a test leaves are not the next one's. */
static int
setup(void **state)
{
	memset(&fake, 0, sizeof fake);
	return pipe2(fds, O_CLOEXEC | O_NONBLOCK);
}

static int
teardown(void **state)
{
	close(fds[0]);
	close(fds[1]);
	return 0;
}

/* ---- running and delivering ---- */

#define NJOBS 40

static void
test_runs_off_thread_in_order(void **state)
{
	int freed = 0, order = 0;
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	assert_null(tui_worker_take(w));
	assert_int_equal(tui_worker_pending(w), 0);
	for (int i = 0; i < NJOBS; i++) {
		struct tui_job *j = job(rec_run, i, i % 7 == 3 ? -1 : 0, &freed, &order);
		((struct rec *)j->data)->sleep_ms = i == 0 ? 20 : 0;
		j->owner = 100u + (unsigned)i;
		j->gen = 7u * (unsigned)i;
		j->kind = i % 3;
		j->write = i % 2 == 0;
		tui_worker_submit(w, j);
	}
	/* Taken or not, every job counts as pending until the loop takes it. */
	assert_int_equal(tui_worker_pending(w), NJOBS);
	read_wakeups(NJOBS);
	assert_true(pipe_empty());
	assert_int_equal(tui_worker_pending(w), NJOBS);
	pthread_t worker = pthread_self();
	for (int i = 0; i < NJOBS; i++) {
		struct tui_job *j = tui_worker_take(w);
		assert_non_null(j);
		assert_null(j->next);
		struct rec *r = j->data;
		assert_int_equal(r->seq, i);             /* in submission order */
		assert_int_equal(r->ran_as, i);          /* and run in that order */
		assert_true(r->table_ok);
		assert_false(pthread_equal(r->thread, pthread_self()));
		if (i == 0)
			worker = r->thread;
		assert_true(pthread_equal(r->thread, worker));  /* one thread */
		/* The asker's tags come back as they were. */
		assert_int_equal(j->owner, 100u + (unsigned)i);
		assert_int_equal(j->gen, 7u * (unsigned)i);
		assert_int_equal(j->kind, i % 3);
		assert_int_equal(j->write, i % 2 == 0);
		assert_int_equal(j->rc, r->rc);
		if (r->rc != 0) {
			assert_int_equal(j->err.status, TABLE_THROTTLED);
			char want[32];
			snprintf(want, sizeof want, "job %d failed", i);
			assert_string_equal(j->err.message, want);
		} else {
			assert_int_equal(j->err.status, TABLE_OK);
		}
		assert_true(j->elapsed_us >= 0);
		if (i == 0)
			assert_true(j->elapsed_us >= 20000);
		assert_int_equal(tui_worker_pending(w), (size_t)(NJOBS - 1 - i));
		tui_job_free(j);
	}
	assert_null(tui_worker_take(w));
	assert_int_equal(freed, NJOBS);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
}

/* A job waits for the one before it: nothing runs in parallel, and results come one by one. */
static void
test_one_at_a_time(void **state)
{
	int freed = 0, order = 0;
	gate_reset();
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	tui_worker_submit(w, job(gate_run, 0, 0, &freed, &order));
	struct tui_job *second = job(rec_run, 1, 0, &freed, &order);
	tui_worker_submit(w, second);
	gate_wait_entered();
	sleep_ms(30);
	assert_null(tui_worker_take(w));         /* the first is still running */
	assert_int_equal(((struct rec *)second->data)->ran_as, -1);
	assert_true(pipe_empty());
	assert_int_equal(tui_worker_pending(w), 2);
	gate_release();
	read_wakeups(2);
	struct tui_job *a = tui_worker_take(w), *b = tui_worker_take(w);
	assert_non_null(a);
	assert_ptr_equal(b, second);
	assert_int_equal(((struct rec *)a->data)->seq, 0);
	assert_true(a->elapsed_us >= 30000);
	tui_job_free(a);
	tui_job_free(b);
	assert_int_equal(freed, 2);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
}

/* A full pipe never blocks the worker: it already holds a wake-up, and every job still arrives. */
static void
test_full_pipe(void **state)
{
	int freed = 0, order = 0;
	int p[2];
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
	long size = fcntl(p[1], F_SETPIPE_SZ, 4096);
	assert_true(size > 0);
	struct tui_worker *w = tui_worker_start(&fake, p[1]);
	assert_non_null(w);
	size_t n = (size_t)size * 2 + 100;
	for (size_t i = 0; i < n; i++)
		tui_worker_submit(w, job(rec_run, (int)i, 0, &freed, &order));
	/* Every job comes back without the pipe being read. */
	size_t taken = 0;
	struct tui_job *j;
	for (int tries = 0; tries < 500 && taken < n; tries++) {
		while ((j = tui_worker_take(w)) != NULL) {
			assert_int_equal(((struct rec *)j->data)->seq, (int)taken);
			taken++;
			tui_job_free(j);
		}
		if (taken < n)
			sleep_ms(10);
	}
	assert_int_equal(taken, n);
	assert_int_equal(order, (int)n);
	char buf[8192];
	assert_true(read(p[0], buf, sizeof buf) > 0);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
	assert_int_equal(freed, (int)n);
	close(p[0]);
	close(p[1]);
}

/* ---- what a job records ---- */

static int
note_run(struct tui_job *j, struct table *t)
{
	/* No request yet in this job: nothing to explain. */
	if (t->trace == NULL || t->trace->n != 0)
		return table_err_set(&j->err, TABLE_ERROR, "explained before any request");
	for (int i = 0; i < TUI_JOB_EXPLAINS + 2; i++) {
		struct store_list l;
		struct store_page_req pg = { NULL, 5, NULL, NULL };
		if (store_users_list(t, pg, &l, &j->err) != 0)
			return -1;
		store_list_done(&l);
		/* As a backend does when an answer says what it consumed. */
		table_trace_capacity(t, 0.5);
	}
	return 0;
}

static void
test_note_explain_and_capacity(void **state)
{
	struct table_err err;
	bool created;
	struct table *t = local_open(":memory:", "worker-test", &err);
	assert_non_null(t);
	assert_int_equal(table_create(t, &created, &err), 0);
	struct tui_worker *w = tui_worker_start(t, fds[1]);
	assert_non_null(w);
	struct tui_job *j = tui_job_new(note_run, NULL, NULL);
	tui_worker_submit(w, j);
	read_wakeups(1);
	struct tui_job *got = tui_worker_take(w);
	assert_ptr_equal(got, j);
	if (got->rc != 0)
		fail_msg("job failed: %s", got->err.message);
	/* At most TUI_JOB_EXPLAINS kept, the last one in the last slot. */
	assert_int_equal(got->nexplain, TUI_JOB_EXPLAINS);
	for (size_t i = 0; i < got->nexplain; i++) {
		assert_string_equal(got->explain[i].pattern, "AP2");
		assert_non_null(got->explain[i].operation);
	}
	assert_true(got->capacity > 0.5 * (TUI_JOB_EXPLAINS + 2) - 0.01 &&
	    got->capacity < 0.5 * (TUI_JOB_EXPLAINS + 2) + 0.01);
	tui_job_free(got);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
	/* The job's trace was the job's alone: it is off the table once the job is done. */
	assert_null(t->trace);
	table_close(t);
}

static void
test_job_new_free(void **state)
{
	int freed = 0;
	struct tui_job *j = tui_job_new(rec_run, NULL, rec_free);
	assert_non_null(j);
	assert_int_equal(j->rc, 0);
	assert_int_equal(j->nexplain, 0);
	assert_int_equal(j->err.status, TABLE_OK);
	assert_null(j->next);
	tui_job_free(j);         /* no data: data_free not called */
	struct rec *r = calloc(1, sizeof *r);
	assert_non_null(r);
	r->freed = &freed;
	tui_job_free(tui_job_new(rec_run, r, rec_free));
	assert_int_equal(freed, 1);
	tui_job_free(tui_job_new(rec_run, NULL, NULL));
	tui_job_free(NULL);
}

/* ---- generations: a screen drops the answer of a load it no longer waits for ---- */

static const struct stale_case {
	const struct tui_screen *screen;
	int load_kind;           /* the screen's kind of a load job */
} stale_cases[] = {
	{ &view_profile_screen, 0 },
	{ &view_profile_screen, 1 },
	{ &view_goals_screen, 0 },
	{ &view_timeline_screen, 0 },
	{ &view_journal_screen, 1 },
	{ &view_meals_screen, 1 },
	{ &view_workouts_screen, 1 },
	{ &view_goal_screen, 1 },
	{ &view_insights_screen, 1 },
};

static int
nothing_run(struct tui_job *j, struct table *t)
{
	return 0;
}

/*
 * Through a real worker: the answer of an older generation (a reload was
 * asked since, or Esc abandoned the load) changes nothing on the screen. The
 * view has no data and no application: touching either would crash.
 */
static void
test_stale_results_dropped(void **state)
{
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	for (size_t i = 0; i < sizeof stale_cases / sizeof stale_cases[0]; i++) {
		for (int abandoned = 0; abandoned < 2; abandoned++) {
			struct tui_view v;
			memset(&v, 0, sizeof v);
			v.screen = stale_cases[i].screen;
			v.id = 3;
			v.gen = 41;
			v.loading = true;
			v.nexplain = 2;
			v.elapsed_us = 12345;
			struct tui_job *j = tui_job_new(nothing_run, NULL, NULL);
			j->owner = v.id;
			j->gen = v.gen;
			j->kind = stale_cases[i].load_kind;
			j->nexplain = 5;
			tui_worker_submit(w, j);
			if (abandoned) {
				/* Esc: the view moves on and is no longer loading. */
				v.gen++;
				v.loading = false;
			} else {
				/* A newer load was asked while this one ran. */
				v.gen += 2;
			}
			read_wakeups(1);
			struct tui_job *got = tui_worker_take(w);
			assert_ptr_equal(got, j);
			assert_int_equal(got->gen, 41);
			assert_non_null(v.screen->on_data);
			v.screen->on_data(&v, got);
			assert_null(v.data);
			assert_int_equal(v.loading, !abandoned);
			assert_int_equal(v.nexplain, 2);         /* the pane still shows the newer request */
			assert_int_equal(v.elapsed_us, 12345);
			tui_job_free(got);
		}
	}
	assert_int_equal(tui_worker_stop(w, 1000), 0);
}

/* ---- signals ---- */

struct mask_seen {
	sigset_t set;
	int rc;
};

static int
mask_run(struct tui_job *j, struct table *t)
{
	struct mask_seen *m = j->data;
	m->rc = pthread_sigmask(SIG_BLOCK, NULL, &m->set);
	return 0;
}

/*
 * The terminal's signals go to the loop's thread, never to the worker (a resize
 * landing there would leave the loop asleep in poll()); the faults are not
 * blocked on the worker (its crash still restores the terminal), and the
 * starting thread's own mask is as it was.
 */
static void
test_signals_stay_with_the_loop(void **state)
{
	sigset_t before, after;
	assert_int_equal(pthread_sigmask(SIG_BLOCK, NULL, &before), 0);
	assert_false(sigismember(&before, SIGWINCH));
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, NULL, &after), 0);
	assert_false(sigismember(&after, SIGWINCH));
	assert_false(sigismember(&after, SIGHUP));
	struct mask_seen *m = calloc(1, sizeof *m);
	assert_non_null(m);
	m->rc = -1;
	tui_worker_submit(w, tui_job_new(mask_run, m, free));
	read_wakeups(1);
	struct tui_job *j = tui_worker_take(w);
	assert_non_null(j);
	assert_int_equal(m->rc, 0);
	const int blocked[] = { SIGWINCH, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGCONT };
	for (size_t i = 0; i < sizeof blocked / sizeof blocked[0]; i++)
		assert_true(sigismember(&m->set, blocked[i]));
	const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		assert_false(sigismember(&m->set, faults[i]));
	tui_job_free(j);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
}

/* ---- stopping ---- */

static void
test_stop_idle(void **state)
{
	assert_int_equal(tui_worker_stop(NULL, 0), 0);
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
	/* Jobs done but never taken are freed by the stop. */
	int freed = 0, order = 0;
	w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	for (int i = 0; i < 5; i++)
		tui_worker_submit(w, job(rec_run, i, 0, &freed, &order));
	read_wakeups(5);
	assert_int_equal(tui_worker_stop(w, 1000), 0);
	assert_int_equal(freed, 5);
}

struct releaser {
	int after_ms;
};

static void *
release_later(void *arg)
{
	struct releaser *r = arg;
	sleep_ms(r->after_ms);
	gate_release();
	return NULL;
}

/* Queued reads are dropped (never run, freed), the running job and queued writes finish, in order. */
static void
test_stop_drops_reads_finishes_writes(void **state)
{
	int freed = 0, order = 0;
	struct tui_job *jobs[7];
	gate_reset();
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	jobs[0] = job(gate_run, 0, 0, &freed, &order);          /* a read, running */
	tui_worker_submit(w, jobs[0]);
	gate_wait_entered();
	for (int i = 1; i < 7; i++) {
		jobs[i] = job(rec_run, i, 0, &freed, &order);
		jobs[i]->write = i == 2 || i == 5 || i == 6;
		tui_worker_submit(w, jobs[i]);
	}
	assert_int_equal(tui_worker_pending(w), 7);
	struct releaser rel = { 100 };
	pthread_t th;
	assert_int_equal(pthread_create(&th, NULL, release_later, &rel), 0);
	/* The reads 1, 3, 4 are freed at once; the stop waits for the running job and the writes. */
	assert_int_equal(tui_worker_stop(w, 5000), 0);
	pthread_join(th, NULL);
	assert_int_equal(freed, 7);
	assert_int_equal(order, 4);              /* 0, then the writes 2, 5, 6 */
}

/* Busy past the wait: -1, the table must stay open; a later stop joins once the job is over. */
static void
test_stop_times_out(void **state)
{
	int freed = 0, order = 0;
	gate_reset();
	struct tui_worker *w = tui_worker_start(&fake, fds[1]);
	assert_non_null(w);
	tui_worker_submit(w, job(gate_run, 0, 0, &freed, &order));
	gate_wait_entered();
	struct tui_job *wr = job(rec_run, 1, 0, &freed, &order);
	wr->write = true;
	tui_worker_submit(w, wr);
	tui_worker_submit(w, job(rec_run, 2, 0, &freed, &order));   /* a read: dropped */
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(tui_worker_stop(w, 150), -1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long ms = (t1.tv_sec - t0.tv_sec) * 1000LL + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(ms >= 140 && ms < 3000);
	assert_int_equal(freed, 1);              /* the read */
	assert_int_equal(order, 1);              /* the write waits behind the running job */
	gate_release();
	read_wakeups(2);                         /* the running job and the write finish */
	assert_int_equal(order, 2);
	assert_int_equal(tui_worker_stop(w, 5000), 0);
	assert_int_equal(freed, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runs_off_thread_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_at_a_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_pipe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_note_explain_and_capacity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_job_new_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_results_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signals_stay_with_the_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_idle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_drops_reads_finishes_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_times_out, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
