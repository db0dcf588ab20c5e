/*
 * libFuzzer target: an outbox row (datastore/outbox*.c) as the file may hold it
 * (ailife's own state file, but another process of the user may write it):
 * the first byte picks the kind (create, log, edit, delete, status, other), the
 * rest is the body's JSON. The row is written, described, sent on an embedded
 * store (a user and a goal in it) as a replay, and removed: a body that is not
 * a write ailife can send is refused with a message, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "datastore/local/local.h"
#include "datastore/model.h"
#include "datastore/outbox.h"
#include "datastore/store.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define FUZZ_BODY_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct outbox *ob;
static struct table *t;
static char dir[] = "/tmp/ailife-fuzz-outbox.XXXXXX";
static char *path;

/* Nothing left in /tmp: the outbox's files and folders go with the process. */
static void
cleanup(void)
{
	outbox_close(ob);
	table_close(t);
	static const char *const ends[] = { "", "-wal", "-shm" };
	for (size_t i = 0; i < 3; i++) {
		char *f = xasprintf("%s%s", path, ends[i]);
		unlink(f);
		free(f);
	}
	char *d = xasprintf("%s/outbox", dir);
	rmdir(d);
	free(d);
	rmdir(dir);
	free(path);
}

static void
setup(void)
{
	struct table_err err;
	bool created;

	if (mkdtemp(dir) == NULL)
		abort();
	path = outbox_path(dir, "fuzz", "http://127.0.0.1:1", "u1");
	if (outbox_open(path, true, "fuzz", "http://127.0.0.1:1", "u1", &ob, &err) != 0)
		abort();
	atexit(cleanup);
	t = local_open(":memory:", "fuzz", &err);
	if (t == NULL || table_create(t, &created, &err) != 0)
		abort();
	clock_set_fixed(1764000000000LL);
	struct model_user *u = model_new(MODEL_USER);
	u->c.user_id = xstrdup("u1");
	u->name = xstrdup("Fuzz");
	u->timezone = xstrdup("UTC");
	u->units = xstrdup("metric");
	store_create(t, MODEL_USER, u, &err);
	model_free(MODEL_USER, u);
	struct model_goal *g = model_new(MODEL_GOAL);
	g->c.user_id = xstrdup("u1");
	g->goal_id = xstrdup("g1");
	g->title = xstrdup("Goal");
	g->unit = xstrdup("km");
	g->target.set = true;
	g->target.v = 100000;
	store_create(t, MODEL_GOAL, g, &err);
	model_free(MODEL_GOAL, g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "create", "log", "edit", "delete", "status", "other" };
	struct table_err err;
	json_error_t jerr;

	if (size < 1 || size > FUZZ_BODY_MAX)
		return 0;
	if (ob == NULL)
		setup();
	const char *kind = kinds[data[0] % 6];
	json_t *body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, &jerr);
	if (body == NULL)
		return 0;
	long long id;
	if (outbox_add(ob, kind, "USER#u1 FUZZ#1", body, &id, &err) == 0) {
		struct outbox_row *rows;
		size_t n;
		if (outbox_rows(ob, &rows, &n, &err) == 0) {
			for (size_t i = 0; i < n; i++) {
				struct outbox_result res;
				char *what = outbox_describe(&rows[i]);
				free(what);
				if (outbox_send(ob, t, &rows[i], true, &res) == 0 && res.outcome != OUTBOX_DONE &&
				    res.err.message[0] == '\0')
					abort();    /* a write not done says why */
				outbox_result_done(&res);
				outbox_remove(ob, rows[i].id, &err);
			}
			outbox_rows_done(rows, n);
		}
	}
	json_decref(body);
	return 0;
}
