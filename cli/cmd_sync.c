/*
 * The outbox on the command line (cli/cmd_sync.h): the writes of the
 * commands, the flush before a command's own requests, the offline mode, and
 * `ailife sync` (send, --status, --drop).
 */
#include "cli/cmd_sync.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "cli/names.h"
#include "cli/zone_cache.h"
#include "config/config.h"
#include "datastore/dates.h"
#include "datastore/keys.h"
#include "datastore/outbox.h"
#include "datastore/store_near.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* ---- the outbox of this table, endpoint and user ---- */

/* $XDG_STATE_HOME/ailife, else $HOME/.local/state/ailife; new string or NULL. */
static char *
state_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (x != NULL && x[0] == '/')
		return xasprintf("%s/ailife", x);
	if (home != NULL && home[0] == '/')
		return xasprintf("%s/.local/state/ailife", home);
	return NULL;
}

/* The DynamoDB store, really sending, writes allowed: the outbox applies. */
static bool
outbox_applies(const struct cli *c)
{
	return c->t != NULL && c->cfg.store != NULL && strcmp(c->cfg.store, "dynamodb") == 0 && !c->explain &&
	    !c->read_only && c->user_id != NULL;
}

static const char *
table_name(const struct cli *c)
{
	return c->t != NULL && c->t->name != NULL ? c->t->name : "";
}

/* The outbox's file of this table, endpoint and user (new string), or NULL without a state folder. */
static char *
ob_path(struct cli *c)
{
	char *dir = state_dir(), *path;

	if (dir == NULL)
		return NULL;
	path = outbox_path(dir, table_name(c), c->store_scope, c->user_id);
	free(dir);
	return path;
}

/* The outbox (opened once); create false: NULL when there is none yet. NULL too when it cannot be opened. */
static struct outbox *
ob_get(struct cli *c, bool create)
{
	struct table_err err;
	char *dir, *path;

	if (c->outbox != NULL || c->outbox_broken || !outbox_applies(c))
		return c->outbox;
	if ((dir = state_dir()) == NULL) {
		if (create) {
			fprintf(c->err, "ailife: warning: outbox: no state folder (set XDG_STATE_HOME or HOME): "
			    "writes are sent without it\n");
			c->outbox_broken = true;
		}
		return NULL;
	}
	path = outbox_path(dir, table_name(c), c->store_scope, c->user_id);
	free(dir);
	table_err_clear(&err);
	if (outbox_open(path, create, table_name(c), c->store_scope, c->user_id, &c->outbox, &err) != 0) {
		fprintf(c->err, "ailife: warning: %s: writes are sent without it\n", err.message);
		c->outbox_broken = true;
	}
	free(path);
	return c->outbox;
}

/* ---- the only user, remembered (issue 15: the users' query once) ---- */

/* $XDG_CACHE_HOME/ailife/only-user/HASH of the table and endpoint (new string), or NULL. */
static char *
only_user_file(struct cli *c, char **dir_out)
{
	char *dir = config_cache_dir();
	unsigned long long h = 14695981039346656037ULL;
	const char *parts[2] = { table_name(c), c->store_scope != NULL ? c->store_scope : "" };

	if (dir == NULL || c->cfg.store == NULL || strcmp(c->cfg.store, "dynamodb") != 0 || c->explain) {
		free(dir);
		return NULL;
	}
	for (size_t i = 0; i < 2; i++) {
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p != '\0'; p++) {
			h ^= *p;
			h *= 1099511628211ULL;
		}
		h ^= 0xff;
		h *= 1099511628211ULL;
	}
	char *path = xasprintf("%s/only-user/%016llx", dir, h);
	if (dir_out != NULL)
		*dir_out = xasprintf("%s/only-user", dir);
	free(dir);
	return path;
}

char *
cli_only_user_recall(struct cli *c)
{
	char buf[80], *path = only_user_file(c, NULL);
	FILE *f = path != NULL ? fopen(path, "r") : NULL;
	char *uid = NULL;

	if (f != NULL && fgets(buf, sizeof buf, f) != NULL) {
		buf[strcspn(buf, "\n")] = '\0';
		if (keys_id_valid(buf))
			uid = xstrdup(buf);
	}
	if (f != NULL)
		fclose(f);
	free(path);
	return uid;
}

void
cli_only_user_remember(struct cli *c, const char *user_id)
{
	char *dir = NULL, *path = only_user_file(c, &dir), *tmp;
	FILE *f;

	if (path == NULL)
		return;
	/* Best effort, like the zone cache: 0700 folders, a 0600 file, written whole. */
	char *parent = xstrdup(dir);
	char *slash = strrchr(parent, '/');
	if (slash != NULL) {
		*slash = '\0';
		mkdir(parent, 0700);
	}
	free(parent);
	mkdir(dir, 0700);
	tmp = xasprintf("%s.%ld", path, (long)getpid());
	int fd = user_id != NULL ? open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600) : -1;
	if (user_id == NULL) {
		unlink(path);
	} else if (fd >= 0 && (f = fdopen(fd, "w")) != NULL) {
		fprintf(f, "%s\n", user_id);
		if (fclose(f) == 0)
			rename(tmp, path);
		else
			unlink(tmp);
	} else if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	free(path);
	free(dir);
}

bool
cli_create_near(struct cli *c, enum model_type type)
{
	if (type != MODEL_GOAL && type != MODEL_JOURNAL && type != MODEL_MEAL)
		return false;
	if (cli_settle(c) != CLI_OK)
		return false;
	if (c->explain || c->read_only || c->cfg.user == NULL || c->cfg.store == NULL ||
	    strcmp(c->cfg.store, "dynamodb") != 0)
		return false;
	char *z = zone_cache_recall(c->cfg.user);
	bool known = z != NULL;
	free(z);
	return known;
}

int
cli_resolve_record(struct cli *c, enum model_type type, const char *text, const char *what, unsigned flags,
    void **rec)
{
	struct table_err err;
	struct model_user *profile = NULL;

	*rec = NULL;
	if (c->profile_pending && !c->offline && keys_id_valid(text)) {
		table_err_clear(&err);
		if (store_get_with_profile(c->t, type, c->user_id, text, rec, &profile, &err) != 0) {
			if (err.status == TABLE_NOT_FOUND && c->user_recalled)
				cli_only_user_remember(c, NULL);
			/* DynamoDB out of reach: as the profile read of cli_need_user would have found. */
			if (cli_outbox_offline(c, &err) != CLI_OK)
				return cli_fail_in(c, cli_status_code(err.status), "user", "%s", err.message);
		} else {
			cli_profile_arrived(c, profile);
			if (*rec != NULL)
				return CLI_OK;
		}
	} else if (c->profile_pending && !c->offline) {
		int rc = cli_need_user(c);
		if (rc != CLI_OK)
			return rc;
	}
	if (c->offline)
		return cli_outbox_resolve(c, type, text, what, rec);
	return names_resolve(c, type, text, what, flags, rec);
}

char *
cli_outbox_goal_titled(struct cli *c, const char *text)
{
	struct outbox *ob = ob_get(c, false);
	char *keys[64], *pk, *prefix, *found = NULL, why[256];
	size_t n, hits = 0;

	if (ob == NULL)
		return NULL;
	pk = keys_user_pk(c->user_id);
	prefix = xasprintf("%s GOAL#", pk);
	n = outbox_known_prefix(ob, prefix, keys, 64);
	for (size_t i = 0; i < n; i++) {
		json_t *item = outbox_known(ob, keys[i]);
		enum model_type type;
		void *rec = NULL;
		if (item != NULL && model_from_item(item, &type, &rec, why, sizeof why) == 0 && type == MODEL_GOAL) {
			const struct model_goal *g = rec;
			if (g->title != NULL && strcasestr(g->title, text) != NULL &&
			    (g->status == NULL || strcmp(g->status, "active") == 0)) {
				hits++;
				free(found);
				found = xstrdup(g->goal_id);
			}
		}
		if (rec != NULL)
			model_free(type, rec);
		json_decref(item);
		free(keys[i]);
	}
	free(prefix);
	free(pk);
	if (hits != 1) {
		free(found);
		return NULL;
	}
	return found;
}

void
cli_outbox_done(struct cli *c)
{
	outbox_close(c->outbox);
	c->outbox = NULL;
	free(c->store_scope);
	c->store_scope = NULL;
	free(c->offline_why);
	c->offline_why = NULL;
}

static size_t
waiting_count(struct cli *c)
{
	struct table_err err;
	size_t waiting = 0, held = 0;

	if (c->outbox != NULL)
		outbox_count(c->outbox, &waiting, &held, &err);
	return waiting;
}

/* ---- the flush before a command, and offline ---- */

struct flush_ctx {
	struct cli *c;
	bool unreached;          /* a write did not reach DynamoDB (nothing sent) */
	struct table_err why;
};

static void
flush_note(void *ctx, const struct outbox_row *row, const struct outbox_result *res)
{
	struct flush_ctx *k = ctx;
	struct cli *c = k->c;

	if (res->outcome == OUTBOX_PENDING && res->err.status == TABLE_NETWORK && !res->err.unknown) {
		k->unreached = true;
		k->why = res->err;
	}
	if (res->outcome == OUTBOX_CONFLICT || res->outcome == OUTBOX_FAILED) {
		char *what = outbox_describe(row), *why = utf8_inert(res->err.message, false);
		fprintf(c->err, "ailife: outbox: held #%lld, %s: %s (see ailife sync --status)\n", row->id, what, why);
		free(why);
		free(what);
	}
}

void
cli_outbox_flush(struct cli *c)
{
	struct table_err err;
	size_t waiting, held, sent, left;
	struct outbox *ob;

	if (c->in_sync || c->offline || !outbox_applies(c))
		return;
	/* Every command asks: cheaply, without opening the file for writing, when nothing waits. */
	if (c->outbox == NULL) {
		char *path = ob_path(c);
		bool maybe = path != NULL && outbox_maybe_waiting(path);
		free(path);
		if (!maybe)
			return;
	}
	if ((ob = ob_get(c, false)) == NULL)
		return;
	table_err_clear(&err);
	if (outbox_count(ob, &waiting, &held, &err) != 0 || waiting == 0)
		return;
	struct flush_ctx k = { c, false, { 0 } };
	if (outbox_flush(ob, c->t, flush_note, &k, &sent, &held, &left, &err) != 0) {
		fprintf(c->err, "ailife: warning: %s\n", err.message);
		return;
	}
	fprintf(c->err, "ailife: outbox: sent %zu queued write%s", sent, sent == 1 ? "" : "s");
	if (left > 0)
		fprintf(c->err, "; %zu still waiting (DynamoDB cannot be reached)", left);
	if (held > 0)
		fprintf(c->err, "; %zu held (ailife sync --status)", held);
	fputc('\n', c->err);
	/* Out of reach, found out by the flush before the profile was read: the command goes on offline. */
	if (k.unreached && c->profile == NULL)
		cli_outbox_offline(c, &k.why);
}

int
cli_outbox_offline(struct cli *c, const struct table_err *err)
{
	if (err->status != TABLE_NETWORK || c->no_queue || !outbox_applies(c) || c->offline)
		return -1;
	c->offline = true;
	free(c->offline_why);
	c->offline_why = xstrdup(err->message[0] != '\0' ? err->message : "DynamoDB cannot be reached");
	struct model_user *stand_in = (struct model_user *)model_new(MODEL_USER);
	stand_in->c.user_id = xstrdup(c->user_id);
	/* Days are the user's: the zone the last command that reached DynamoDB read from the profile. */
	stand_in->timezone = zone_cache_recall(c->user_id);
	cli_profile_arrived(c, stand_in);
	return CLI_OK;
}

int
cli_outbox_resolve(struct cli *c, enum model_type type, const char *text, const char *what, void **rec)
{
	return cli_outbox_find(c, type, text, what, false, rec);
}

int
cli_outbox_find(struct cli *c, enum model_type type, const char *text, const char *what, bool quiet, void **rec)
{
	const struct model_entity *e = model_entity(type);
	struct outbox *ob = ob_get(c, false);
	char *keys[2] = { NULL, NULL }, *pk, *prefix, why[256];
	size_t n = 0;
	int rc;

	*rec = NULL;
	if (!keys_id_valid(text))
		return quiet ? CLI_FAIL : cli_fail(c, CLI_USAGE, what, "'%.40s' is not a valid %s id (while DynamoDB cannot be reached, "
		    "records are named by id)", text, e->label);
	pk = keys_user_pk(c->user_id);
	prefix = xasprintf("%s %s#%s", pk, e->type_name, text);
	if (ob != NULL)
		n = outbox_known_prefix(ob, prefix, keys, 2);
	free(prefix);
	free(pk);
	if (n != 1) {
		for (size_t i = 0; i < n; i++)
			free(keys[i]);
		if (n > 1)
			return quiet ? CLI_FAIL : cli_fail(c, CLI_USAGE, what, "'%s' begins the ids of several %ss written from here: "
			    "give more of it", text, e->label);
		return quiet ? CLI_FAIL : cli_fail(c, CLI_FAIL, what, "DynamoDB cannot be reached, and %s '%s' was not written from here "
		    "(offline, only the records this client wrote can be changed)", e->label, text);
	}
	json_t *item = outbox_known(ob, keys[0]);
	free(keys[0]);
	enum model_type got;
	if (item == NULL || model_from_item(item, &got, rec, why, sizeof why) != 0 || got != type) {
		if (*rec != NULL)
			model_free(got, *rec);
		*rec = NULL;
		json_decref(item);
		return quiet ? CLI_FAIL : cli_fail(c, CLI_FAIL, what, "the outbox's copy of %s '%s' cannot be read", e->label, text);
	}
	json_decref(item);
	rc = CLI_OK;
	return rc;
}

const char *
cli_outbox_line(struct cli *c, char *buf, size_t size)
{
	struct table_err err;
	size_t waiting = 0, held = 0;
	bool ro = c->read_only;
	char *uid = c->user_id;

	/* Only looked at (doctor opens the store read-only): the outbox of the configured user. */
	if (c->user_id == NULL && c->cfg.user != NULL)
		c->user_id = c->cfg.user;
	c->read_only = false;
	struct outbox *ob = ob_get(c, false);
	c->read_only = ro;
	c->user_id = uid;
	if (c->user_id == NULL && c->cfg.user == NULL) {
		snprintf(buf, size, "one per table, endpoint and user: no user chosen");
		return buf;
	}
	if (ob == NULL) {
		snprintf(buf, size, "none (a write that cannot reach DynamoDB %s)",
		    c->no_queue ? "fails: --no-queue" : "waits in $XDG_STATE_HOME/ailife/outbox/");
		return buf;
	}
	table_err_clear(&err);
	if (outbox_count(ob, &waiting, &held, &err) != 0)
		snprintf(buf, size, "%s", err.message);
	else
		snprintf(buf, size, "%s: %zu waiting, %zu held%s", outbox_file(ob), waiting, held,
		    waiting + held > 0 ? " (ailife sync --status)" : "");
	return buf;
}

/* ---- the writes ---- */

static void
queued_note(struct cli *c, const char *what, const struct table_err *err, bool unknown)
{
	size_t n = waiting_count(c);
	char *why = utf8_inert(err->message[0] != '\0' ? err->message : "DynamoDB cannot be reached", false);

	if (unknown)
		fprintf(c->err, "ailife: %s: the answer was lost and the outcome could not be read back (%s): "
		    "queued to be settled, %zu write%s waiting (ailife sync)\n", what, why, n, n == 1 ? "" : "s");
	else
		fprintf(c->err, "ailife: %s: queued, DynamoDB cannot be reached (%s): %zu write%s waiting "
		    "(ailife sync sends them; --no-queue fails instead)\n", what, why, n, n == 1 ? "" : "s");
	free(why);
}

/*
 * One logical write through the outbox: written ahead, then sent (offline:
 * kept). CLI_OK with res DONE or *queued, else the exit code after the
 * message. -1: no outbox here, the caller writes directly.
 */
static int
ob_write(struct cli *c, const char *what, const char *kind, const char *rkey, json_t *body,
    struct outbox_result *res, bool *queued)
{
	struct outbox *ob = ob_get(c, true);
	struct outbox_row row;
	struct table_err err;
	long long id;

	memset(res, 0, sizeof *res);
	*queued = false;
	if (ob == NULL)
		return -1;
	table_err_clear(&err);
	if (outbox_add(ob, kind, rkey, body, &id, &err) != 0) {
		fprintf(c->err, "ailife: warning: %s: the write is sent without it\n", err.message);
		return -1;
	}
	memset(&row, 0, sizeof row);
	row.id = id;
	row.kind = (char *)(uintptr_t)kind;
	row.rkey = (char *)(uintptr_t)rkey;
	row.state = (char *)(uintptr_t)"sending";
	row.body = body;
	if (c->offline) {
		table_err_set(&res->err, TABLE_NETWORK, "%s", c->offline_why != NULL ? c->offline_why : "DynamoDB cannot be reached");
		if (outbox_mark(ob, id, "pending", NULL, NULL, res->err.message, &err) != 0)
			return cli_fail(c, CLI_FAIL, what, "%s", err.message);
		queued_note(c, what, &res->err, false);
		*queued = true;
		return CLI_OK;
	}
	if (outbox_send(ob, c->t, &row, false, res) != 0)
		return cli_fail(c, CLI_FAIL, what, "%s (the write is kept in the outbox: ailife sync)", res->err.message);
	switch (res->outcome) {
	case OUTBOX_DONE:
		return CLI_OK;
	case OUTBOX_PENDING:
	case OUTBOX_UNKNOWN:
		if (c->no_queue) {
			outbox_remove(ob, id, &err);
			return cli_table_fail(c, what, &res->err);
		}
		queued_note(c, what, &res->err, res->outcome == OUTBOX_UNKNOWN);
		*queued = true;
		return CLI_OK;
	case OUTBOX_CONFLICT:
	case OUTBOX_FAILED:
		break;
	}
	return cli_table_fail(c, what, &res->err);
}

static char *
rec_rkey(enum model_type type, const char *user_id, const char *id)
{
	char *pk = keys_user_pk(user_id), *sk = keys_entity_sk(model_entity(type)->type_name, id);
	char *k = xasprintf("%s %s", pk, sk);
	free(pk);
	free(sk);
	return k;
}

/* Workouts (a goal's activity goes with them) and profiles are written directly. */
static bool
through_outbox(struct cli *c, enum model_type type)
{
	return type != MODEL_WORKOUT && type != MODEL_USER && outbox_applies(c) && ob_get(c, true) != NULL;
}

int
cli_write_create(struct cli *c, const char *what, enum model_type type, void *rec, bool *queued)
{
	struct table_err err;
	struct outbox_result res;

	*queued = false;
	table_err_clear(&err);
	if (!through_outbox(c, type)) {
		if (store_create(c->t, type, rec, &err) != 0)
			return cli_table_fail(c, what, &err);
		return CLI_OK;
	}
	if (store_create_prepare(type, rec, &err) != 0)
		return cli_table_fail(c, what, &err);
	json_t *item = model_to_item(type, rec);
	json_t *body = json_pack("{s:s, s:O}", "type", model_entity(type)->type_name, "item", item);
	/* The profile not read (cli_create_near): the user checked in the write's own round trip. */
	bool check = c->profile_pending;
	if (check)
		json_object_set_new(body, "check_user", json_true());
	char *rkey = outbox_rkey(item);
	int rc = ob_write(c, what, "create", rkey, body, &res, queued);
	if (rc < 0) {
		table_err_clear(&err);
		rc = store_put_new(c->t, type, item, check, NULL, &err) != 0 ? cli_table_fail(c, what, &err) : CLI_OK;
	}
	outbox_result_done(&res);
	free(rkey);
	json_decref(body);
	json_decref(item);
	return rc;
}

int
cli_write_update(struct cli *c, const char *what, enum model_type type, void *rec, bool *queued)
{
	struct table_err err;
	struct outbox_result res;
	long long expected;

	*queued = false;
	table_err_clear(&err);
	if (!through_outbox(c, type)) {
		if (store_update(c->t, type, rec, &err) != 0)
			return cli_table_fail(c, what, &err);
		return CLI_OK;
	}
	if (store_update_prepare(type, rec, &expected, &err) != 0)
		return cli_table_fail(c, what, &err);
	json_t *item = model_to_item(type, rec);
	json_t *body = json_pack("{s:s, s:O, s:I}", "type", model_entity(type)->type_name, "item", item, "expected",
	    (json_int_t)expected);
	char *rkey = outbox_rkey(item);
	int rc = ob_write(c, what, "edit", rkey, body, &res, queued);
	if (rc < 0) {
		table_err_clear(&err);
		rc = store_update_item(c->t, type, item, expected, NULL, &err) != 0 ? cli_table_fail(c, what, &err) :
		    CLI_OK;
	}
	if (rc != CLI_OK)
		((struct model_common *)rec)->version = expected;
	outbox_result_done(&res);
	free(rkey);
	json_decref(body);
	json_decref(item);
	return rc;
}

int
cli_write_delete(struct cli *c, const char *what, enum model_type type, const char *id, bool *queued)
{
	struct table_err err;
	struct outbox_result res;

	*queued = false;
	table_err_clear(&err);
	if (!through_outbox(c, type)) {
		if (store_delete(c->t, type, c->user_id, id, &err) != 0)
			return cli_table_fail(c, what, &err);
		return CLI_OK;
	}
	json_t *body = json_pack("{s:s, s:s, s:s}", "type", model_entity(type)->type_name, "user", c->user_id, "id", id);
	char *rkey = rec_rkey(type, c->user_id, id);
	int rc = ob_write(c, what, "delete", rkey, body, &res, queued);
	if (rc < 0) {
		table_err_clear(&err);
		rc = store_delete(c->t, type, c->user_id, id, &err) != 0 ? cli_table_fail(c, what, &err) : CLI_OK;
	}
	outbox_result_done(&res);
	free(rkey);
	json_decref(body);
	return rc;
}

int
cli_write_log(struct cli *c, struct model_activity *act, const struct model_goal *goal_read, struct model_goal **goal_out,
    char status_before[STORE_STATUS_MAX], bool *queued)
{
	struct table_err err;
	struct outbox_result res;
	char now[TIMEFMT_LEN + 1], token[ULID_LEN + 1];

	*queued = false;
	*goal_out = NULL;
	table_err_clear(&err);
	if (!through_outbox(c, MODEL_ACTIVITY)) {
		if (store_activity_log_as(c->t, act, NULL, false, goal_read, goal_out, status_before, &err) != 0)
			return cli_table_fail(c, "log", &err);
		return CLI_OK;
	}
	/* The log's identity, once: its time (the caller's), createdAt, version 1, the token of its transaction. */
	timefmt_format(clock_now_ms(), now);
	free(act->c.created_at);
	act->c.created_at = xstrdup(now);
	free(act->c.updated_at);
	act->c.updated_at = xstrdup(now);
	act->c.version = 1;
	ulid_new(clock_real_ms(), token);
	json_t *item = model_to_item(MODEL_ACTIVITY, act);
	json_t *body = json_pack("{s:O, s:s}", "activity", item, "token", token);
	/* The goal as just read: the first attempt starts from it (a version moved on is read again). */
	if (goal_read != NULL)
		json_object_set_new(body, "goal", model_to_item(MODEL_GOAL, goal_read));
	char *rkey = outbox_rkey(item);
	int rc = ob_write(c, "log", "log", rkey, body, &res, queued);
	if (rc < 0) {
		table_err_clear(&err);
		rc = store_activity_log_as(c->t, act, token, false, goal_read, goal_out, status_before, &err) != 0 ?
		    cli_table_fail(c, "log", &err) : CLI_OK;
	} else if (rc == CLI_OK && !*queued) {
		/* Done: the activity as stored (its millisecond may have moved on) and the goal after it. */
		enum model_type type;
		void *rec = NULL;
		char why[256];
		const char *at = table_item_str(json_object_get(res.record, "activity"), "occurredAt");
		if (at != NULL) {
			free(act->occurred_at);
			act->occurred_at = xstrdup(at);
		}
		if (model_from_item(json_object_get(res.record, "goal"), &type, &rec, why, sizeof why) == 0 &&
		    type == MODEL_GOAL)
			*goal_out = rec;
		else if (rec != NULL)
			model_free(type, rec);
		snprintf(status_before, STORE_STATUS_MAX, "%s", res.status_before);
		if (*goal_out == NULL)
			rc = cli_fail(c, CLI_FAIL, "log", "logged, but the goal after it could not be read");
	}
	outbox_result_done(&res);
	free(rkey);
	json_decref(body);
	json_decref(item);
	return rc;
}

int
cli_write_status(struct cli *c, struct model_goal *g, const char *status, bool *queued)
{
	struct table_err err;
	struct outbox_result res;
	char now[TIMEFMT_LEN + 1];

	*queued = false;
	table_err_clear(&err);
	if (!through_outbox(c, MODEL_GOAL)) {
		if (store_goal_set_status(c->t, g, status, &err) != 0)
			return cli_table_fail(c, "goal status", &err);
		return CLI_OK;
	}
	timefmt_format(clock_now_ms(), now);
	json_t *item = model_to_item(MODEL_GOAL, g);
	json_t *body = json_pack("{s:O, s:s, s:s}", "goal", item, "status", status, "at", now);
	char *rkey = outbox_rkey(item);
	int rc = ob_write(c, "goal status", "status", rkey, body, &res, queued);
	if (rc < 0) {
		table_err_clear(&err);
		rc = store_goal_status_as(c->t, g, status, now, NULL, &err) != 0 ? cli_table_fail(c, "goal status", &err) :
		    CLI_OK;
	} else if (rc == CLI_OK && !*queued) {
		free(g->status);
		g->status = xstrdup(status);
		free(g->c.updated_at);
		g->c.updated_at = xstrdup(now);
		g->c.version++;
	}
	outbox_result_done(&res);
	free(rkey);
	json_decref(body);
	json_decref(item);
	return rc;
}

/* ---- ailife sync ---- */

/* A record of the outbox (attribute values) as people's JSON, or NULL. */
static json_t *
plain(json_t *item)
{
	enum model_type type;
	void *rec = NULL;
	char why[256];
	json_t *doc;

	if (!json_is_object(item))
		return NULL;
	if (model_from_item(item, &type, &rec, why, sizeof why) != 0) {
		if (rec != NULL)
			model_free(type, rec);
		return json_incref(item);
	}
	doc = model_to_json(type, rec);
	model_free(type, rec);
	return doc;
}

static json_t *
ours_of(const struct outbox_row *r)
{
	json_t *b = r->body;

	if (strcmp(r->kind, "log") == 0)
		return plain(json_object_get(b, "activity"));
	if (strcmp(r->kind, "status") == 0)
		return json_pack("{s:O?, s:O?}", "status", json_object_get(b, "status"), "updatedAt",
		    json_object_get(b, "at"));
	if (strcmp(r->kind, "delete") == 0)
		return json_pack("{s:b}", "deleted", 1);
	return plain(json_object_get(b, "item"));
}

static void
print_doc_line(struct cli *c, const char *label, json_t *doc)
{
	char *text = doc != NULL ? json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS) : NULL;
	char *inert = utf8_inert(text != NULL ? text : "null", false);
	fprintf(c->out, "    %-7s %s\n", label, inert);
	free(inert);
	free(text);
}

static int
sync_status(struct cli *c, struct outbox *ob)
{
	struct outbox_row *rows = NULL;
	struct table_err err;
	size_t n = 0;

	table_err_clear(&err);
	if (ob != NULL && outbox_rows(ob, &rows, &n, &err) != 0)
		return cli_fail(c, CLI_FAIL, "sync --status", "%s", err.message);
	if (c->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			char when[TIMEFMT_LEN + 1], *what = outbox_describe(&rows[i]);
			json_t *theirs = NULL;
			timefmt_format(rows[i].queued_ms, when);
			if (strcmp(rows[i].state, "conflict") == 0)
				theirs = rows[i].theirs != NULL && json_is_object(rows[i].theirs) ? plain(rows[i].theirs) :
				    json_null();
			json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s?, s:o?, s:o?}", "id",
			    (json_int_t)rows[i].id, "kind", rows[i].kind, "state", rows[i].state, "write", what, "queuedAt",
			    when, "tries", rows[i].tries, "message", rows[i].message, "ours", ours_of(&rows[i]), "theirs",
			    theirs));
			free(what);
		}
		cli_print_json(c, arr);
		outbox_rows_done(rows, n);
		return CLI_OK;
	}
	if (n == 0)
		fprintf(c->out, "nothing waits in the outbox\n");
	for (size_t i = 0; i < n; i++) {
		char when[64], ts[TIMEFMT_LEN + 1];
		char *what = outbox_describe(&rows[i]), *line;
		timefmt_format(rows[i].queued_ms, ts);
		cli_local_time(ts, when, sizeof when);
		line = xasprintf("#%lld  %-8s %s  (queued %s)", rows[i].id, rows[i].state, what, when);
		char *inert = utf8_inert(line, false);
		fprintf(c->out, "%s\n", inert);
		free(inert);
		free(line);
		if (rows[i].message != NULL && strcmp(rows[i].state, "sending") != 0) {
			char *m = utf8_inert(rows[i].message, false);
			fprintf(c->out, "    why:    %s\n", m);
			free(m);
		}
		if (strcmp(rows[i].state, "conflict") == 0) {
			json_t *o = ours_of(&rows[i]);
			json_t *t = rows[i].theirs != NULL && json_is_object(rows[i].theirs) ? plain(rows[i].theirs) : NULL;
			print_doc_line(c, "ours:", o);
			if (t != NULL)
				print_doc_line(c, "theirs:", t);
			else
				fprintf(c->out, "    theirs: (deleted)\n");
			json_decref(o);
			json_decref(t);
		}
		free(what);
	}
	outbox_rows_done(rows, n);
	return CLI_OK;
}

static int
sync_drop(struct cli *c, struct outbox *ob, const char *text, bool yes)
{
	struct outbox_row *rows = NULL;
	struct table_err err;
	size_t n = 0;
	char *end;
	long long id = strtoll(text[0] == '#' ? text + 1 : text, &end, 10);

	if (*end != '\0' || end == text || id <= 0)
		return cli_fail(c, CLI_USAGE, "sync --drop", "'%.40s' is not a row number of sync --status (#12 or 12)", text);
	table_err_clear(&err);
	if (ob != NULL && outbox_rows(ob, &rows, &n, &err) != 0)
		return cli_fail(c, CLI_FAIL, "sync --drop", "%s", err.message);
	size_t i;
	for (i = 0; i < n && rows[i].id != id; i++)
		;
	if (i == n) {
		outbox_rows_done(rows, n);
		return cli_fail(c, CLI_FAIL, "sync --drop", "no write #%lld in the outbox (see ailife sync --status)", id);
	}
	char *what = outbox_describe(&rows[i]);
	if (!yes) {
		if (!isatty(STDIN_FILENO)) {
			outbox_rows_done(rows, n);
			free(what);
			return cli_fail(c, CLI_USAGE, "sync --drop", "dropping #%lld loses that write: confirm on a terminal, "
			    "or give --yes", id);
		}
		char answer[16];
		fprintf(c->err, "drop #%lld, %s? It is never sent. [y/N] ", id, what);
		fflush(c->err);
		if (fgets(answer, sizeof answer, stdin) == NULL || (answer[0] != 'y' && answer[0] != 'Y')) {
			outbox_rows_done(rows, n);
			free(what);
			return cli_fail(c, CLI_FAIL, "sync --drop", "not confirmed: #%lld kept", id);
		}
	}
	int rc = outbox_remove(ob, id, &err);
	outbox_rows_done(rows, n);
	if (rc < 0) {
		free(what);
		return cli_fail(c, CLI_FAIL, "sync --drop", "%s", err.message);
	}
	if (c->json)
		cli_print_json(c, json_pack("{s:I, s:s}", "dropped", (json_int_t)id, "write", what));
	else
		fprintf(c->out, "dropped #%lld: %s\n", id, what);
	free(what);
	return CLI_OK;
}

struct sync_report {
	struct cli *c;
	json_t *arr;
};

static void
sync_each(void *ctx, const struct outbox_row *row, const struct outbox_result *res)
{
	struct sync_report *r = ctx;
	static const char *const names[] = {
		[OUTBOX_DONE] = "sent", [OUTBOX_PENDING] = "waiting", [OUTBOX_UNKNOWN] = "unknown",
		[OUTBOX_CONFLICT] = "conflict", [OUTBOX_FAILED] = "failed",
	};
	char *what = outbox_describe(row);

	if (r->arr != NULL) {
		json_array_append_new(r->arr, json_pack("{s:I, s:s, s:s, s:s?}", "id", (json_int_t)row->id, "write", what,
		    "outcome", names[res->outcome], "message", res->outcome == OUTBOX_DONE ? NULL : res->err.message));
	} else {
		char *line = xasprintf("%-8s #%lld %s%s%s", names[res->outcome], row->id, what,
		    res->outcome == OUTBOX_DONE ? "" : ": ", res->outcome == OUTBOX_DONE ? "" : res->err.message);
		char *inert = utf8_inert(line, false);
		fprintf(r->c->out, "%s\n", inert);
		free(inert);
		free(line);
	}
	free(what);
}

int
cmd_sync(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "status", false, false }, { "drop", true, false }, { "yes", false, false }, { NULL, false, false },
	};
	struct cli_args a;
	struct table_err err;
	int rc;

	if ((rc = cli_parse(c, "sync", argc, argv, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if (cli_has(&a, "yes") && !cli_has(&a, "drop"))
		return cli_fail(c, CLI_USAGE, "sync", "--yes goes with --drop ID");
	if (cli_has(&a, "status") && cli_has(&a, "drop"))
		return cli_fail(c, CLI_USAGE, "sync", "--status or --drop, not both");
	c->in_sync = true;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	if (c->cfg.store == NULL || strcmp(c->cfg.store, "dynamodb") != 0 || c->explain)
		return cli_fail(c, CLI_USAGE, "sync", "the outbox is the DynamoDB store's (--store dynamodb); "
		    "the embedded store writes at once");
	if (c->read_only && !cli_has(&a, "status"))
		return cli_fail(c, CLI_USAGE, "sync", "--read-only: nothing is sent or dropped (sync --status lists)");
	/* --status and --drop need no DynamoDB: the user named by the settings. */
	if (cli_has(&a, "status") || cli_has(&a, "drop")) {
		if (c->cfg.user == NULL)
			return cli_fail(c, CLI_USAGE, "sync", "needs the user: give --user ID (or AILIFE_USER)");
		c->user_id = xstrdup(c->cfg.user);
		bool ro = c->read_only;
		c->read_only = false;          /* only to find the outbox: nothing is sent */
		struct outbox *ob = ob_get(c, false);
		c->read_only = ro;
		if (cli_has(&a, "status"))
			return sync_status(c, ob);
		return sync_drop(c, ob, cli_get(&a, "drop"), cli_has(&a, "yes"));
	}
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	struct outbox *ob = ob_get(c, false);
	size_t sent = 0, held = 0, left = 0;
	if (ob != NULL && c->offline) {
		size_t waiting;
		table_err_clear(&err);
		outbox_count(ob, &waiting, &held, &err);
		return cli_fail(c, CLI_FAIL, "sync", "DynamoDB cannot be reached: %zu write%s still waiting", waiting,
		    waiting == 1 ? "" : "s");
	}
	struct sync_report r = { c, c->json ? json_array() : NULL };
	table_err_clear(&err);
	if (ob != NULL && outbox_flush(ob, c->t, sync_each, &r, &sent, &held, &left, &err) != 0) {
		json_decref(r.arr);
		return cli_fail(c, CLI_FAIL, "sync", "%s", err.message);
	}
	if (c->json)
		cli_print_json(c, json_pack("{s:I, s:I, s:I, s:o}", "sent", (json_int_t)sent, "held", (json_int_t)held,
		    "waiting", (json_int_t)left, "writes", r.arr));
	else
		fprintf(c->out, "%zu sent, %zu held, %zu waiting\n", sent, held, left);
	if (held > 0 && !c->json)
		fprintf(c->err, "ailife: sync: %zu write%s held as conflicts: see ailife sync --status, then edit again "
		    "or ailife sync --drop ID\n", held, held == 1 ? "" : "s");
	if (left > 0)
		return cli_fail(c, CLI_FAIL, "sync", "%zu write%s still waiting: DynamoDB cannot be reached", left,
		    left == 1 ? "" : "s");
	return CLI_OK;
}
