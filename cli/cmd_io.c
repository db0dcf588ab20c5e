/*
 * ailife export / import: JSON Lines of items in DynamoDB attribute-value JSON,
 * keys included, one item a line, so that each line is valid for
 * "aws dynamodb put-item --item" and the other way round.
 *
 * Import is all or nothing: a first pass checks every line (and spools stdin
 * to a temporary file), a second pass rereads the input and writes in chunks,
 * so a million lines never sit in memory as parsed items.
 */
#include "cli/cli.h"
#include "cli/cmd_csv.h"
#include "cli/editor.h"
#include "cli/import_sums.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "util/buf.h"
#include "util/json_read.h"
#include "util/xmalloc.h"

#define EXPORT_PAGE 1000
#define IMPORT_LINE_MAX (500 * 1024)  /* bytes; an item is at most 400 KB */
#define IMPORT_DEPTH_MAX 3            /* item, attribute value, SS array */
/*
 * Writes per table_batch call. An item held as jansson objects takes about
 * 7 KB, so a chunk is ~14 MB, and two are alive (one written, one read);
 * 80 BatchWriteItem calls still keep DynamoDB's 16 calls in flight busy.
 */
#define IMPORT_CHUNK 2000
#define IMPORT_REPORT_MAX 20          /* bad lines named before "... and N more" */
#define IMPORT_LINES_MAX UINT32_MAX   /* the key set holds line numbers in 32 bits */

/* ---- export ---- */

/* AP14, page by page; 0 or an exit code after the error is printed. */
static int
export_user(struct cli *c, const char *user_id)
{
	struct table_err err;
	struct table_page page;
	char *cursor = NULL;

	table_err_clear(&err);
	do {
		struct store_page_req pg = { cursor, EXPORT_PAGE, NULL, NULL };
		if (store_user_items(c->t, user_id, pg, &page, &err) != 0) {
			free(cursor);
			return cli_table_fail(c, "export", &err);
		}
		for (size_t i = 0; i < page.count; i++) {
			char *line = json_dumps(page.items[i], JSON_COMPACT | JSON_SORT_KEYS);
			if (line == NULL) {
				table_page_done(&page);
				free(cursor);
				return cli_fail(c, CLI_FAIL, "export", "an item of user %s cannot be written as JSON",
				    user_id);
			}
			fputs(line, c->out);
			fputc('\n', c->out);
			free(line);
		}
		free(cursor);
		cursor = page.cursor != NULL ? xstrdup(page.cursor) : NULL;
		table_page_done(&page);
		if (ferror(c->out))
			break;
	} while (cursor != NULL);
	free(cursor);
	if (ferror(c->out))
		return cli_fail(c, CLI_FAIL, "export", "could not write to standard output");
	return CLI_OK;
}

/* AP2 page by page, then AP14 for each user of the page. */
static int
export_all(struct cli *c)
{
	struct table_err err;
	struct store_list l;
	char *cursor = NULL;
	size_t skipped = 0;
	int rc = CLI_OK;

	table_err_clear(&err);
	do {
		struct store_page_req pg = { cursor, 100, NULL, NULL };
		if (store_users_list(c->t, pg, &l, &err) != 0) {
			free(cursor);
			return cli_table_fail(c, "export", &err);
		}
		skipped += l.skipped;
		for (size_t i = 0; i < l.count && rc == CLI_OK; i++) {
			const struct model_user *u = l.items[i].rec;
			if (l.items[i].type == MODEL_USER && u != NULL && u->c.user_id != NULL)
				rc = export_user(c, u->c.user_id);
		}
		free(cursor);
		cursor = l.cursor != NULL ? xstrdup(l.cursor) : NULL;
		store_list_done(&l);
	} while (cursor != NULL && rc == CLI_OK);
	free(cursor);
	if (rc == CLI_OK && skipped > 0)
		fprintf(c->err, "ailife: export: %zu user profile%s could not be read; %s items were not exported\n",
		    skipped, skipped == 1 ? "" : "s", skipped == 1 ? "its" : "their");
	return rc;
}

int
cmd_export(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "all-users", false, false },
		{ "format", true, false },
		{ "type", true, false },
		{ NULL, false, false },
	};
	struct cli_args a;
	int rc;

	rc = cli_parse(c, "export", argc, argv, opts, 0, 0, NULL, &a);
	if (rc < 0)
		return CLI_OK;
	if (rc != CLI_OK)
		return rc;
	if ((rc = csv_options(c, "export", cli_get(&a, "format"), cli_get(&a, "type"), CSV_EXPORT_TYPES)) != 0)
		return rc;
	if (cli_get(&a, "format") != NULL && strcmp(cli_get(&a, "format"), "csv") == 0) {
		if (cli_has(&a, "all-users"))
			return cli_fail(c, CLI_USAGE, "export", "--all-users: CSV is one user's (their zone and units); "
			    "use JSON Lines (the default) for every user");
		return csv_export(c, cli_get(&a, "type"));
	}
	if (cli_has(&a, "all-users")) {
		if ((rc = cli_open_store(c)) != CLI_OK)
			return rc;
		return export_all(c);
	}
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	return export_user(c, c->user_id);
}

/* ---- import: reading lines ---- */

/*
 * Reads one line (without its newline) into b. A line longer than max is not
 * kept: *too_long is set and the rest of it is skipped. Every byte read is
 * also copied to spool when there is one. Returns 1 for a line, 0 at the end,
 * -1 on a read or spool error.
 */
static int
import_read_line(FILE *f, struct buf *b, size_t max, bool *too_long, FILE *spool)
{
	char chunk[4096];
	size_t n = 0;
	int ch = EOF;
	bool any = false;

	buf_reset(b);
	*too_long = false;
	while ((ch = getc_unlocked(f)) != EOF) {
		any = true;
		if (spool != NULL && putc_unlocked(ch, spool) == EOF)
			return -1;
		if (ch == '\n')
			break;
		if (*too_long)
			continue;
		chunk[n++] = (char)ch;
		if (n == sizeof chunk) {
			if (b->len + n > max) {
				*too_long = true;
				buf_reset(b);
			} else {
				buf_add(b, chunk, n);
			}
			n = 0;
		}
	}
	if (!*too_long && n > 0) {
		if (b->len + n > max) {
			*too_long = true;
			buf_reset(b);
		} else {
			buf_add(b, chunk, n);
		}
	}
	if (ch == EOF && ferror(f))
		return -1;
	/* A last line without a newline: give the spool one so both passes agree. */
	if (ch == EOF && any && spool != NULL && putc_unlocked('\n', spool) == EOF)
		return -1;
	return any ? 1 : 0;
}

static bool
import_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* The deepest nesting of objects and arrays, counted before parsing (items are flat). */
static int
import_depth(const char *s, size_t n)
{
	int depth = 0, max = 0;
	bool str = false, esc = false;

	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		if (str) {
			if (esc)
				esc = false;
			else if (ch == '\\')
				esc = true;
			else if (ch == '"')
				str = false;
		} else if (ch == '"') {
			str = true;
		} else if (ch == '{' || ch == '[') {
			if (++depth > max)
				max = depth;
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	return max;
}

/* ---- import: the set of keys seen ---- */

/*
 * A key is remembered as 96 bits of SHA-256 of "PK\0SK" and the line it was
 * on: 16 bytes a key, so the set of a million keys stays within 32 MB (a chance
 * collision among a million keys is about 1 in 10^17).
 */
struct import_key {
	uint64_t a;
	uint32_t b;
	uint32_t line;           /* 0: empty slot */
};

struct import_keys {
	struct import_key *slots;
	size_t cap;              /* a power of two */
	size_t n;
	/* Fetched once: SHA256() looks the digest up again for every key. */
	EVP_MD *sha256;
	EVP_MD_CTX *ctx;
};

static void
import_keys_hash(struct import_keys *k, const char *pk, const char *sk, uint64_t *a, uint32_t *b)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (k->sha256 == NULL)
		k->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (k->ctx == NULL)
		k->ctx = EVP_MD_CTX_new();
	/* Only a lack of memory makes SHA-256 fail: handled as xmalloc handles it. */
	if (k->sha256 == NULL || k->ctx == NULL || EVP_DigestInit_ex2(k->ctx, k->sha256, NULL) != 1 ||
	    EVP_DigestUpdate(k->ctx, pk, strlen(pk) + 1) != 1 ||
	    EVP_DigestUpdate(k->ctx, sk, strlen(sk)) != 1 ||
	    EVP_DigestFinal_ex(k->ctx, md, &mdlen) != 1 || mdlen < 12) {
		fputs("ailife: import: SHA-256 failed (out of memory?)\n", stderr);
		abort();
	}
	memcpy(a, md, 8);
	memcpy(b, md + 8, 4);
}

static struct import_key *
import_keys_slot(struct import_key *slots, size_t cap, uint64_t a, uint32_t b)
{
	size_t i = (size_t)(a & (cap - 1));

	while (slots[i].line != 0 && (slots[i].a != a || slots[i].b != b))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static void
import_keys_done(struct import_keys *k)
{
	free(k->slots);
	EVP_MD_CTX_free(k->ctx);
	EVP_MD_free(k->sha256);
	memset(k, 0, sizeof *k);
}

/* Whether the key is in the set. */
static bool
import_keys_has(struct import_keys *k, const char *pk, const char *sk)
{
	uint64_t a;
	uint32_t b;

	if (k->cap == 0)
		return false;
	import_keys_hash(k, pk, sk, &a, &b);
	return import_keys_slot(k->slots, k->cap, a, b)->line != 0;
}

/* Adds the key; returns 0, or the line it was first seen on. line is at most IMPORT_LINES_MAX. */
static size_t
import_keys_add(struct import_keys *k, const char *pk, const char *sk, size_t line)
{
	struct import_key *s;
	uint64_t a;
	uint32_t b;

	/* Three quarters full at most: linear probing stays short, and a million keys fit in 32 MB. */
	if (k->n + 1 > k->cap / 4 * 3) {
		size_t cap = k->cap == 0 ? 1024 : k->cap * 2;
		struct import_key *slots = xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < k->cap; i++)
			if (k->slots[i].line != 0)
				*import_keys_slot(slots, cap, k->slots[i].a, k->slots[i].b) = k->slots[i];
		free(k->slots);
		k->slots = slots;
		k->cap = cap;
	}
	import_keys_hash(k, pk, sk, &a, &b);
	s = import_keys_slot(k->slots, k->cap, a, b);
	if (s->line != 0)
		return s->line;
	s->a = a;
	s->b = b;
	s->line = (uint32_t)line;
	k->n++;
	return 0;
}

/* ---- import: the two passes ---- */

struct import {
	struct cli *c;
	const char *name;        /* the input, for messages */
	FILE *in;
	FILE *spool;             /* stdin or another stream that cannot be reread */
	off_t start;             /* where a rereadable input began */
	size_t lines;            /* items (non-blank lines) */
	size_t bad;
	struct import_keys keys;
	struct import_sums *sums;    /* progress == the sum of activities, per goal of the file */
};

/*
 * CRLF (and a lone CR) in a text attribute become LF, as in text read from a
 * file or a terminal: a file written on Windows imports. Both passes do it, so
 * the second writes what the first checked.
 */
static void
import_newlines(json_t *item)
{
	const char *name;
	json_t *value;

	json_object_foreach(item, name, value) {
		json_t *str = json_is_object(value) ? json_object_get(value, "S") : NULL;
		const char *text = json_string_value(str);
		if (text == NULL || strchr(text, '\r') == NULL)
			continue;
		char *copy = xstrdup(text);
		editor_newlines(copy);
		json_string_set(str, copy);
		free(copy);
	}
}

/* Parses and checks one line; returns the item (new reference) or NULL with why. */
static json_t *
import_parse(const char *s, size_t n, char *why, size_t why_size)
{
	json_error_t jerr;
	json_t *item;

	if (import_depth(s, n) > IMPORT_DEPTH_MAX) {
		snprintf(why, why_size, "nested more than %d levels deep (an item is flat)", IMPORT_DEPTH_MAX);
		return NULL;
	}
	item = json_read(s, n, JSON_REJECT_DUPLICATES, &jerr);
	if (item == NULL) {
		snprintf(why, why_size, "not valid JSON: %s (column %d)", jerr.text, jerr.column);
		return NULL;
	}
	if (!json_is_object(item)) {
		snprintf(why, why_size, "not a JSON object (an item is {\"PK\": {\"S\": ...}, ...})");
		json_decref(item);
		return NULL;
	}
	import_newlines(item);
	return item;
}

static void
import_bad(struct import *im, size_t line, const char *why)
{
	im->bad++;
	if (im->bad <= IMPORT_REPORT_MAX)
		cli_fail(im->c, CLI_USAGE, "import", "line %zu: %s", line, why);
}

/* Notes a goal's progress or an activity's amount for the check of their sums. */
static int
import_note_sums(struct import *im, json_t *item, size_t line, char *why, size_t why_size)
{
	enum model_type type;
	void *rec = NULL;

	if (model_from_item(item, &type, &rec, why, why_size) != 0)
		return -1;
	import_sums_note(im->sums, type, rec, line);
	model_free(type, rec);
	return 0;
}

static bool
import_in_file(void *ctx, const char *pk, const char *sk)
{
	struct import *im = ctx;
	return import_keys_has(&im->keys, pk, sk);
}

static void
import_bad_sum(void *ctx, size_t line, const char *why)
{
	import_bad(ctx, line, why);
}

static void
import_check_line(struct import *im, const char *s, size_t n, size_t line)
{
	char why[768];
	size_t size, first;
	json_t *item;

	if ((item = import_parse(s, n, why, sizeof why)) == NULL) {
		import_bad(im, line, why);
		return;
	}
	if (model_check_item(item, why, sizeof why) != 0) {
		import_bad(im, line, why);
	} else if (import_note_sums(im, item, line, why, sizeof why) != 0) {
		import_bad(im, line, why);
	} else if ((size = table_item_size(item)) > TABLE_ITEM_MAX) {
		snprintf(why, sizeof why, "the item is %zu bytes, more than DynamoDB's %d", size,
		    TABLE_ITEM_MAX);
		import_bad(im, line, why);
	} else {
		const char *pk = table_item_str(item, "PK"), *sk = table_item_str(item, "SK");
		if ((first = import_keys_add(&im->keys, pk, sk, line)) != 0) {
			snprintf(why, sizeof why, "the key PK=%s SK=%s is already on line %zu", pk, sk, first);
			import_bad(im, line, why);
		}
	}
	json_decref(item);
}

/* Pass 1: every line checked, nothing written. Returns CLI_OK or an exit code. */
static int
import_check(struct import *im)
{
	struct buf line;
	bool too_long;
	size_t no = 0;
	int r;

	buf_init(&line, 0);
	while ((r = import_read_line(im->in, &line, IMPORT_LINE_MAX, &too_long, im->spool)) == 1) {
		if (no == IMPORT_LINES_MAX) {
			buf_done(&line);
			return cli_fail(im->c, CLI_USAGE, "import", "%s: more than %lu lines: split it",
			    im->name, (unsigned long)IMPORT_LINES_MAX);
		}
		no++;
		if (too_long) {
			char why[128];
			snprintf(why, sizeof why, "longer than %d KB", IMPORT_LINE_MAX / 1024);
			import_bad(im, no, why);
			continue;
		}
		if (import_blank(line.data != NULL ? line.data : "", line.len))
			continue;
		im->lines++;
		import_check_line(im, line.data, line.len, no);
	}
	buf_done(&line);
	if (r < 0)
		return cli_fail(im->c, CLI_FAIL, "import", "%s: %s", im->name,
		    im->spool != NULL && ferror(im->spool) ? "could not spool the input" : strerror(errno));
	/* Goals and activities come in any order: their sums are checked once the whole file is read. */
	struct table_err err;
	table_err_clear(&err);
	if (im->bad == 0 && import_sums_check(im->sums, im->c->t, import_in_file, import_bad_sum, im, &err) != 0)
		return cli_table_fail(im->c, "import", &err);
	if (im->bad > IMPORT_REPORT_MAX)
		cli_fail(im->c, CLI_USAGE, "import", "... and %zu more bad lines", im->bad - IMPORT_REPORT_MAX);
	if (im->bad > 0)
		return cli_fail(im->c, CLI_USAGE, "import", "%zu bad line%s: nothing imported", im->bad,
		    im->bad == 1 ? "" : "s");
	return CLI_OK;
}

/*
 * Pass 2 runs on two threads: this one reads and rebuilds the next chunk while
 * a writer thread stores the one before (DynamoDB's calls, SQLite's inserts),
 * so neither waits for the other. At most two chunks are alive at a time.
 */
struct import_writer {
	struct table *t;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	json_t **chunk;          /* handed over; NULL while the writer is idle */
	size_t n;
	bool closing;
	bool failed;             /* a chunk could not be written: the rest is dropped */
	struct table_err err;
	size_t written;
};

static void
import_chunk_free(json_t **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_decref(items[i]);
	free(items);
}

static int
import_chunk_write(struct table *t, json_t **items, size_t n, struct table_err *err)
{
	struct table_write *w = xcalloc(n > 0 ? n : 1, sizeof *w);
	int rc = 0;

	table_err_clear(err);
	for (size_t i = 0; i < n; i++) {
		w[i].kind = TABLE_WRITE_PUT;
		w[i].item = items[i];
	}
	if (n > 0)
		rc = table_batch(t, w, n, err);
	free(w);
	return rc;
}

static void *
import_writer_main(void *arg)
{
	struct import_writer *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->chunk == NULL && !w->closing)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->chunk == NULL)
			break;
		json_t **items = w->chunk;
		size_t n = w->n;
		bool skip = w->failed;
		struct table_err err;
		int rc = 0;

		table_err_clear(&err);
		pthread_mutex_unlock(&w->mu);
		if (!skip)
			rc = import_chunk_write(w->t, items, n, &err);
		import_chunk_free(items, n);
		pthread_mutex_lock(&w->mu);
		if (skip) {
			/* dropped: an earlier chunk failed */
		} else if (rc != 0) {
			w->failed = true;
			w->err = err;
		} else {
			w->written += n;
		}
		w->chunk = NULL;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Hands a chunk over once the writer is idle; false (and the chunk freed) after a failure. */
static bool
import_writer_give(struct import_writer *w, json_t **items, size_t n)
{
	pthread_mutex_lock(&w->mu);
	while (w->chunk != NULL)
		pthread_cond_wait(&w->cv, &w->mu);
	if (w->failed) {
		pthread_mutex_unlock(&w->mu);
		import_chunk_free(items, n);
		return false;
	}
	w->chunk = items;
	w->n = n;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return true;
}

/* Waits for the last chunk and the thread. */
static void
import_writer_close(struct import_writer *w)
{
	pthread_mutex_lock(&w->mu);
	while (w->chunk != NULL)
		pthread_cond_wait(&w->cv, &w->mu);
	w->closing = true;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
}

/*
 * Pass 2: the checked input again, written as PUTs in chunks. Each item is
 * written as model_to_item makes it, so numbers land in canonical form.
 */
static int
import_write(struct import *im, size_t *written)
{
	FILE *f = im->spool != NULL ? im->spool : im->in;
	struct import_writer w;
	json_t **items;
	struct buf line;
	bool too_long;
	size_t n = 0, no = 0;
	int r, rc = CLI_OK;

	*written = 0;
	if (fflush(f) != 0 || fseeko(f, im->spool != NULL ? 0 : im->start, SEEK_SET) != 0)
		return cli_fail(im->c, CLI_FAIL, "import", "%s: cannot read it again: %s", im->name,
		    strerror(errno));
	memset(&w, 0, sizeof w);
	w.t = im->c->t;
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	if (pthread_create(&w.thread, NULL, import_writer_main, &w) != 0) {
		pthread_cond_destroy(&w.cv);
		pthread_mutex_destroy(&w.mu);
		return cli_fail(im->c, CLI_FAIL, "import", "cannot start the writer thread");
	}
	items = xcalloc(IMPORT_CHUNK, sizeof *items);
	buf_init(&line, 0);
	while (rc == CLI_OK && (r = import_read_line(f, &line, IMPORT_LINE_MAX, &too_long, NULL)) == 1) {
		char why[768];
		enum model_type type;
		void *rec = NULL;
		json_t *item, *canon = NULL;

		no++;
		if (!too_long && import_blank(line.data != NULL ? line.data : "", line.len))
			continue;
		item = too_long ? NULL : import_parse(line.data, line.len, why, sizeof why);
		if (item != NULL && model_from_item(item, &type, &rec, why, sizeof why) == 0) {
			if (type == MODEL_GOAL) {
				/* The completion rule, as on every write: an active goal at its target is completed. */
				struct model_goal *g = rec;
				const char *status = store_goal_status_after(g->status, g->progress.v, g->target.v);
				if (status != g->status) {
					free(g->status);
					g->status = xstrdup(status);
				}
			}
			canon = model_to_item(type, rec);
			model_free(type, rec);
		}
		json_decref(item);
		if (canon == NULL) {
			rc = cli_fail(im->c, CLI_FAIL, "import", "%s: line %zu changed while importing", im->name, no);
			break;
		}
		items[n++] = canon;
		if (n == IMPORT_CHUNK) {
			if (!import_writer_give(&w, items, n))
				rc = CLI_FAIL;   /* said below, once the writer is done */
			items = xcalloc(IMPORT_CHUNK, sizeof *items);
			n = 0;
		}
	}
	buf_done(&line);
	if (rc == CLI_OK && ferror(f))
		rc = cli_fail(im->c, CLI_FAIL, "import", "%s: %s", im->name, strerror(errno));
	if (rc == CLI_OK && n > 0) {
		if (!import_writer_give(&w, items, n))
			rc = CLI_FAIL;
		items = NULL;
		n = 0;
	}
	if (items != NULL)
		import_chunk_free(items, n);
	import_writer_close(&w);
	if (w.failed) {
		rc = cli_table_fail(im->c, "import", &w.err);
		/* What is stored stays stored (a batch is not a transaction): say so, and what to do. */
		fprintf(im->c->err, "ailife: import: at least %zu item%s stored before that; importing the same "
		    "file again is safe (the same items are written again)\n", w.written, w.written == 1 ? "" : "s");
	}
	*written = w.written;
	return rc;
}

int
cmd_import(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		{ "format", true, false },
		{ "type", true, false },
		{ NULL, false, false },
	};
	struct cli_args a;
	struct import im;
	struct stat st;
	size_t written = 0;
	bool use_stdin;
	int rc;

	rc = cli_parse(c, "import", argc, argv, opts, 0, 1, NULL, &a);
	if (rc < 0)
		return CLI_OK;
	if (rc != CLI_OK)
		return rc;
	if ((rc = csv_options(c, "import", cli_get(&a, "format"), cli_get(&a, "type"), CSV_IMPORT_TYPES)) != 0)
		return rc;
	if (cli_get(&a, "format") != NULL && strcmp(cli_get(&a, "format"), "csv") == 0)
		return csv_import(c, cli_get(&a, "type"), a.npos > 0 ? a.pos[0] : NULL);
	memset(&im, 0, sizeof im);
	im.c = c;
	im.sums = import_sums_create();
	use_stdin = a.npos == 0 || strcmp(a.pos[0], "-") == 0;
	im.name = use_stdin ? "standard input" : a.pos[0];
	if (use_stdin) {
		im.in = stdin;
	} else if ((im.in = fopen(a.pos[0], "rb")) == NULL) {
		rc = cli_fail(c, CLI_USAGE, "import", "%s: %s", a.pos[0], strerror(errno));
		goto done;
	}
	if (fstat(fileno(im.in), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = cli_fail(c, CLI_USAGE, "import", "%s: is a directory", im.name);
		goto done;
	}
	/* A regular file can be read twice; anything else is copied aside on the first pass. */
	if (fstat(fileno(im.in), &st) == 0 && S_ISREG(st.st_mode) && (im.start = ftello(im.in)) >= 0) {
		im.spool = NULL;
	} else if ((im.spool = tmpfile()) == NULL) {
		rc = cli_fail(c, CLI_FAIL, "import", "cannot make a temporary file: %s", strerror(errno));
		goto done;
	}
	if ((rc = cli_open_store(c)) != CLI_OK)
		goto done;
	if ((rc = import_check(&im)) != CLI_OK)
		goto done;
	/* The key set and the sums are not needed any more: their memory goes before pass 2 takes its own. */
	import_keys_done(&im.keys);
	import_sums_free(im.sums);
	im.sums = NULL;
	if ((rc = import_write(&im, &written)) != CLI_OK)
		goto done;
	if (c->json)
		cli_print_json(c, json_pack("{s:I}", "imported", (json_int_t)written));
	else
		fprintf(c->out, "imported %zu item%s\n", written, written == 1 ? "" : "s");
done:
	import_keys_done(&im.keys);
	import_sums_free(im.sums);
	if (im.spool != NULL)
		fclose(im.spool);
	if (!use_stdin && im.in != NULL)
		fclose(im.in);
	return rc;
}
