/*
 * CSV export and import of one kind of record, for spreadsheets:
 * a header row, RFC 4180 quoting (a field with a comma, a quote, CR or LF is
 * quoted, its quotes doubled), CRLF at the end of every record (newlines
 * inside a field stay LF, as the data model keeps them), times in the
 * profile's zone with their UTC offset ("2026-12-04 08:30:00+01:00", so that
 * the hour a DST change repeats is not ambiguous), workout distances in the
 * profile's units. Export pages through the store (constant memory); import
 * checks every row first and writes only when all are good.
 */
#include "cli/cmd_csv.h"
#include "cli/editor.h"
#include "cli/names.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/present.h"
#include "datastore/units.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define CSV_PAGE 500
#define CSV_COLS_MAX 16
#define CSV_FIELD_MAX (200 * 1024)   /* a journal body is at most 100 KiB */
#define CSV_REPORT_MAX 20            /* bad rows named before "... and N more" */
#define CSV_TIME_MAX 64
/* The end of every range: 9999-12-31T23:59:59.999Z. */
#define CSV_FOREVER 253402300799999LL

int
csv_options(struct cli *c, const char *cmd, const char *format, const char *type, const char *types)
{
	if (format != NULL && strcmp(format, "csv") != 0 && strcmp(format, "jsonl") != 0)
		return cli_fail(c, CLI_USAGE, cmd, "--format: '%s' is not jsonl or csv", format);
	bool csv = format != NULL && strcmp(format, "csv") == 0;
	if (csv && type == NULL)
		return cli_fail(c, CLI_USAGE, cmd, "--format csv needs --type (%s)", types);
	if (!csv && type != NULL)
		return cli_fail(c, CLI_USAGE, cmd, "--type: only with --format csv (JSON Lines holds every kind)");
	return 0;
}

/* ---- writing ---- */

/* One field, quoted when RFC 4180 needs it; sep: a comma before it. */
static void
csv_cell(FILE *out, const char *s, bool sep)
{
	if (sep)
		fputc(',', out);
	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', out);
		fputc(*p, out);
	}
	fputc('"', out);
}

static void
csv_row(FILE *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_cell(out, cells[i], i > 0);
	fputs("\r\n", out);
}

/* A stored timestamp as local time with its offset: "2026-12-04 08:30:00+01:00", ".123" when it has milliseconds. */
static void
csv_time(const char *ts, char out[CSV_TIME_MAX])
{
	ms_t ms;
	struct tm tm;
	char day[24];

	out[0] = '\0';
	if (ts == NULL)
		return;
	if (timefmt_parse_key(ts, &ms) != 0 || ms < 0 || !dates_local_tm((time_t)(ms / 1000), &tm)) {
		snprintf(out, CSV_TIME_MAX, "%s", ts);
		return;
	}
	strftime(day, sizeof day, "%Y-%m-%d %H:%M:%S", &tm);
	int off = (int)(tm.tm_gmtoff / 60);
	char frac[8] = "";
	if (ms % 1000 != 0)
		snprintf(frac, sizeof frac, ".%03d", (int)(ms % 1000));
	int aoff = off < 0 ? -off : off;
	snprintf(out, CSV_TIME_MAX, "%.19s%.4s%c%02d:%02d", day, frac, off < 0 ? '-' : '+', (aoff / 60) % 100, aoff % 60);
}

static void
csv_num(const struct model_num *n, char out[DECIMAL_TEXT_MAX])
{
	present_num(n, out);
}

/* The columns of each kind, as the header names them (import reads the same names). */
static const char *const meal_head[] = { "id", "when", "type", "name", "calories", "protein", "carbs", "fat", "goal" };
static const char *const activity_head[] = { "goal", "goal_title", "when", "amount", "note" };
static const char *const journal_head[] = { "id", "when", "title", "mood", "tags", "goal", "body" };
static const char *const workout_head[] = { "id", "when", "kind", "minutes", "distance_km", "calories", "goal" };
static const char *const goal_head[] = { "id", "title", "category", "target", "unit", "progress", "status", "start",
	"due" };
#define NCOLS(a) (sizeof (a) / sizeof (a)[0])

static void
csv_record(struct cli *c, enum model_type type, const void *rec)
{
	char when[CSV_TIME_MAX], n1[DECIMAL_TEXT_MAX], n2[DECIMAL_TEXT_MAX], n3[DECIMAL_TEXT_MAX];
	char n4[DECIMAL_TEXT_MAX], n5[DECIMAL_TEXT_MAX];

	switch (type) {
	case MODEL_MEAL: {
		const struct model_meal *m = rec;
		csv_time(m->occurred_at, when);
		csv_num(&m->calories, n1);
		csv_num(&m->protein, n2);
		csv_num(&m->carbs, n3);
		csv_num(&m->fat, n4);
		csv_row(c->out, (const char *const[]){ m->meal_id, when, m->meal_type, m->name, n1, n2, n3, n4,
		    m->goal_id }, NCOLS(meal_head));
		break;
	}
	case MODEL_ACTIVITY: {
		const struct model_activity *a = rec;
		csv_time(a->occurred_at, when);
		csv_num(&a->amount, n1);
		csv_row(c->out, (const char *const[]){ a->goal_id, names_goal_title(c, a->goal_id), when, n1, a->note },
		    NCOLS(activity_head));
		break;
	}
	case MODEL_JOURNAL: {
		const struct model_journal *j = rec;
		struct buf tags;
		buf_init(&tags, 0);
		for (size_t i = 0; i < j->tags.n; i++) {
			if (i > 0)
				buf_addc(&tags, ';');
			buf_adds(&tags, j->tags.v[i]);
		}
		csv_time(j->occurred_at, when);
		csv_num(&j->mood, n1);
		csv_row(c->out, (const char *const[]){ j->entry_id, when, j->title, n1, tags.data, j->goal_id, j->body },
		    NCOLS(journal_head));
		buf_done(&tags);
		break;
	}
	case MODEL_WORKOUT: {
		const struct model_workout *w = rec;
		csv_time(w->occurred_at, when);
		csv_num(&w->minutes, n1);
		n2[0] = '\0';
		if (w->distance_km.set)
			units_format_distance(w->distance_km.v, units_imperial(c->profile->units), n2);
		csv_num(&w->calories, n3);
		csv_row(c->out, (const char *const[]){ w->workout_id, when, w->kind, n1, n2, n3, w->goal_id },
		    NCOLS(workout_head));
		break;
	}
	case MODEL_GOAL: {
		const struct model_goal *g = rec;
		csv_num(&g->target, n4);
		csv_num(&g->progress, n5);
		csv_row(c->out, (const char *const[]){ g->goal_id, g->title, g->category, n4, g->unit, n5, g->status,
		    g->start_date, g->due_date }, NCOLS(goal_head));
		break;
	}
	default:
		break;
	}
}

int
csv_export(struct cli *c, const char *type)
{
	static const struct {
		const char *name;
		enum model_type type;
		const char *const *head;
		size_t n;
	} kinds[] = {
		{ "meal", MODEL_MEAL, meal_head, NCOLS(meal_head) },
		{ "activity", MODEL_ACTIVITY, activity_head, NCOLS(activity_head) },
		{ "journal", MODEL_JOURNAL, journal_head, NCOLS(journal_head) },
		{ "workout", MODEL_WORKOUT, workout_head, NCOLS(workout_head) },
		{ "goal", MODEL_GOAL, goal_head, NCOLS(goal_head) },
	};
	size_t k;
	int rc;

	for (k = 0; k < NCOLS(kinds); k++)
		if (strcmp(kinds[k].name, type) == 0)
			break;
	if (k == NCOLS(kinds))
		return cli_fail(c, CLI_USAGE, "export", "--type: '%s' is not one of %s", type, CSV_EXPORT_TYPES);
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	const char *head[CSV_COLS_MAX];
	memcpy(head, kinds[k].head, kinds[k].n * sizeof *head);
	if (kinds[k].type == MODEL_WORKOUT && units_imperial(c->profile->units))
		head[4] = "distance_mi";
	csv_row(c->out, head, kinds[k].n);

	struct table_err err;
	char *cursor = NULL;
	table_err_clear(&err);
	do {
		struct store_list l;
		struct store_page_req pg = { cursor, CSV_PAGE, NULL, NULL };
		int qrc = kinds[k].type == MODEL_GOAL ? store_goals_list(c->t, c->user_id, pg, &l, &err)
		    : store_range(c->t, c->user_id, kinds[k].type, 0, CSV_FOREVER, false, pg, &l, &err);
		free(cursor);
		cursor = NULL;
		if (qrc != 0)
			return cli_table_fail(c, "export", &err);
		for (size_t i = 0; i < l.count; i++)
			if (l.items[i].type == kinds[k].type)
				csv_record(c, kinds[k].type, l.items[i].rec);
		cursor = l.cursor;
		l.cursor = NULL;
		store_list_done(&l);
	} while (cursor != NULL && !ferror(c->out));
	free(cursor);
	if (fflush(c->out) != 0 || ferror(c->out))
		return cli_fail(c, CLI_FAIL, "export", "could not write to standard output");
	return CLI_OK;
}

/* ---- reading ---- */

struct csv_reader {
	FILE *f;
	size_t line;             /* the line being read, from 1 */
	int push[3];             /* bytes read ahead (the BOM check, a CR's next byte) */
	size_t npush;
	struct buf field;
};

struct csv_fields {
	char *v[CSV_COLS_MAX];
	size_t n;
	size_t line;             /* where the record starts */
};

static int
csv_getc(struct csv_reader *r)
{
	if (r->npush > 0)
		return r->push[--r->npush];
	return getc(r->f);
}

static void
csv_ungetc(struct csv_reader *r, int ch)
{
	if (ch != EOF)
		r->push[r->npush++] = ch;
}

static void
csv_fields_done(struct csv_fields *row)
{
	for (size_t i = 0; i < row->n; i++)
		free(row->v[i]);
	row->n = 0;
}

static void
csv_reader_init(struct csv_reader *r, FILE *f)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->line = 1;
	buf_init(&r->field, CSV_FIELD_MAX);
	/* A UTF-8 byte order mark, as spreadsheets write one, is not part of the first header. */
	int a = getc(f), b = a == 0xEF ? getc(f) : EOF, d = b == 0xBB ? getc(f) : EOF;
	if (!(a == 0xEF && b == 0xBB && d == 0xBF)) {
		csv_ungetc(r, d);
		csv_ungetc(r, b);
		csv_ungetc(r, a);
	}
}

/*
 * One record into row: 1, 0 at the end of the input, -1 with why when the
 * text is not CSV (the reader cannot find the next record after that).
 */
static int
csv_read(struct csv_reader *r, struct csv_fields *row, char *why, size_t why_size)
{
	int ch;

	row->n = 0;
	/* Blank lines between records are skipped. */
	for (;;) {
		ch = csv_getc(r);
		if (ch == EOF)
			return 0;
		if (ch == '\r') {
			int next = csv_getc(r);
			if (next != '\n')
				csv_ungetc(r, next);
			r->line++;
			continue;
		}
		if (ch == '\n') {
			r->line++;
			continue;
		}
		break;
	}
	row->line = r->line;
	for (;;) {
		buf_reset(&r->field);
		bool too_long = false;
		if (ch == '"') {
			size_t opened = r->line;
			for (;;) {
				ch = csv_getc(r);
				if (ch == EOF) {
					snprintf(why, why_size, "a quoted field opened on line %zu is not closed", opened);
					return -1;
				}
				if (ch == '"') {
					ch = csv_getc(r);
					if (ch != '"')
						break;
				} else if (ch == '\n') {
					r->line++;
				}
				too_long |= buf_addc(&r->field, (char)ch) != 0;
			}
			if (ch != ',' && ch != '\r' && ch != '\n' && ch != EOF) {
				snprintf(why, why_size, "text after the closing quote of field %zu", row->n + 1);
				return -1;
			}
		} else {
			while (ch != ',' && ch != '\r' && ch != '\n' && ch != EOF) {
				if (ch == '"') {
					snprintf(why, why_size, "a quote inside field %zu, which does not start with one", row->n + 1);
					return -1;
				}
				too_long |= buf_addc(&r->field, (char)ch) != 0;
				ch = csv_getc(r);
			}
		}
		if (too_long) {
			snprintf(why, why_size, "field %zu is longer than %d bytes", row->n + 1, CSV_FIELD_MAX);
			return -1;
		}
		if (row->n == CSV_COLS_MAX) {
			snprintf(why, why_size, "more than %d fields", CSV_COLS_MAX);
			return -1;
		}
		char *v = xstrdup(r->field.data != NULL ? r->field.data : "");
		editor_newlines(v);
		row->v[row->n++] = v;
		if (ch == ',') {
			ch = csv_getc(r);
			continue;
		}
		if (ch == '\r') {
			int next = csv_getc(r);
			if (next != '\n')
				csv_ungetc(r, next);
		}
		if (ch != EOF)
			r->line++;
		return 1;
	}
}

/* ---- import ---- */

/* A column import knows: its header, and the attribute it sets (NULL: read and ignored). */
struct csv_col {
	const char *head;
	const char *attr;
	bool required;
};

static const struct csv_col meal_cols[] = {
	{ "id", "mealId", false }, { "when", "occurredAt", true }, { "type", "mealType", false },
	{ "name", "name", true }, { "calories", "calories", true }, { "protein", "protein", false },
	{ "carbs", "carbs", false }, { "fat", "fat", false }, { "goal", "goalId", false }, { NULL, NULL, false },
};
static const struct csv_col activity_cols[] = {
	{ "goal", "goalId", true }, { "goal_title", NULL, false }, { "when", "occurredAt", true },
	{ "amount", "amount", true }, { "note", "note", false }, { NULL, NULL, false },
};

struct csv_import {
	struct cli *c;
	enum model_type type;
	const struct csv_col *cols;
	const char *name;            /* the file as messages name it */
	const struct csv_col *map[CSV_COLS_MAX]; /* the known column of each field of the header */
	size_t ncols;
	bool has_id;
	char **goals;                /* goal ids known to be the user's */
	size_t ngoals;
	size_t bad;
};

static void
csv_bad(struct csv_import *im, size_t line, const char *col, const char *why)
{
	im->bad++;
	if (im->bad > CSV_REPORT_MAX)
		return;
	if (col != NULL)
		fprintf(im->c->err, "ailife: import: %s line %zu, column '%s': %s\n", im->name, line, col, why);
	else
		fprintf(im->c->err, "ailife: import: %s line %zu: %s\n", im->name, line, why);
}

/* The header: every name known, none twice, the required ones there. */
static int
csv_header(struct csv_import *im, const struct csv_fields *row)
{
	char why[256];

	im->ncols = row->n;
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_col *k = im->cols;
		while (k->head != NULL && strcmp(k->head, row->v[i]) != 0)
			k++;
		if (k->head == NULL) {
			snprintf(why, sizeof why, "unknown column for --type %s", im->type == MODEL_MEAL ? "meal" : "activity");
			csv_bad(im, row->line, row->v[i], why);
			return -1;
		}
		for (size_t j = 0; j < i; j++)
			if (im->map[j] == k) {
				csv_bad(im, row->line, row->v[i], "given twice");
				return -1;
			}
		im->map[i] = k;
		if (k->attr != NULL && strcmp(k->head, "id") == 0)
			im->has_id = true;
	}
	for (const struct csv_col *k = im->cols; k->head != NULL; k++) {
		bool seen = false;
		for (size_t i = 0; i < im->ncols; i++)
			seen |= im->map[i] == k;
		if (k->required && !seen) {
			csv_bad(im, row->line, k->head, "missing from the header");
			return -1;
		}
	}
	return 0;
}

/* Whether a goal is the user's (each asked for once: AP1-like GetItem). */
static int
csv_goal_known(struct csv_import *im, const char *goal_id, char *why, size_t why_size)
{
	struct table_err err;
	void *rec;

	for (size_t i = 0; i < im->ngoals; i++)
		if (strcmp(im->goals[i], goal_id) == 0)
			return 0;
	table_err_clear(&err);
	if (store_get(im->c->t, MODEL_GOAL, im->c->user_id, goal_id, &rec, &err) != 0) {
		snprintf(why, why_size, "%s", err.message[0] != '\0' ? err.message : "cannot be read");
		return -1;
	}
	model_free(MODEL_GOAL, rec);
	im->goals = xrealloc(im->goals, (im->ngoals + 1) * sizeof *im->goals);
	im->goals[im->ngoals++] = xstrdup(goal_id);
	return 0;
}

/*
 * A row as a record ready for store_create / store_activity_log; NULL with
 * the bad column in *col (NULL: the row as a whole) and why.
 */
static void *
csv_build(struct csv_import *im, const struct csv_fields *row, const char **col, char *why, size_t why_size)
{
	const struct model_entity *e = model_entity(im->type);
	void *rec = model_new(im->type);
	struct model_common *common = rec;
	char ts[TIMEFMT_LEN + 1];

	*col = NULL;
	if (row->n != im->ncols) {
		snprintf(why, why_size, "%zu fields, the header has %zu", row->n, im->ncols);
		goto bad;
	}
	common->user_id = xstrdup(im->c->user_id);
	for (size_t i = 0; i < row->n; i++) {
		const struct csv_col *k = im->map[i];
		const char *v = row->v[i];
		if (k->attr == NULL)
			continue;
		*col = k->head;
		if (v[0] == '\0') {
			if (k->required) {
				snprintf(why, why_size, "empty, and it is required");
				goto bad;
			}
			continue;
		}
		if (strcmp(k->attr, "occurredAt") == 0) {
			ms_t ms;
			const char *bad;
			/* As export writes it (local time and offset), or any WHEN, read in the profile's zone. */
			if (timefmt_parse_rfc3339(v, &ms, &bad) != 0 &&
			    dates_parse_when(v, clock_now_ms(), &ms, why, why_size) != 0)
				goto bad;
			timefmt_format(ms, ts);
			v = ts;
		} else if (strcmp(k->head, "id") == 0 && !keys_id_valid(v)) {
			snprintf(why, why_size, "'%s' is not a valid id (use 1-64 of A-Z a-z 0-9 _ -)", v);
			goto bad;
		}
		if (model_set_text(im->type, rec, model_field_by_attr(e, k->attr), v, why, why_size) != 0)
			goto bad;
		if (strcmp(k->attr, "goalId") == 0 && csv_goal_known(im, v, why, why_size) != 0)
			goto bad;
	}
	*col = NULL;
	if (im->type == MODEL_MEAL && ((struct model_meal *)rec)->meal_type == NULL) {
		struct model_meal *m = rec;
		ms_t ms;
		m->meal_type = xstrdup(timefmt_parse_key(m->occurred_at, &ms) == 0 ? present_meal_type(ms) : "snack");
	}
	return rec;
bad:
	model_free(im->type, rec);
	return NULL;
}

/* Pass 1's check of a built record: what the store would refuse, with the store's own fields filled in. */
static int
csv_validate(struct csv_import *im, void *rec, char *why, size_t why_size)
{
	const struct model_entity *e = model_entity(im->type);
	struct model_common *common = rec;
	char now[TIMEFMT_LEN + 1];
	char **idp = (char **)(void *)((char *)rec + e->id_offset);

	timefmt_format(clock_now_ms(), now);
	if (e->id_attr != NULL && *idp == NULL)
		*idp = xstrdup("01JD8X0000000000000000000A");
	common->created_at = xstrdup(now);
	common->updated_at = xstrdup(now);
	common->version = 1;
	return model_validate(im->type, rec, why, why_size);
}

/* Pass 2: one record written; *skipped when it was there already (an id, an activity key). */
static int
csv_write(struct csv_import *im, void *rec, bool *skipped)
{
	struct cli *c = im->c;
	struct table_err err;

	*skipped = false;
	table_err_clear(&err);
	if (im->type == MODEL_MEAL) {
		if (store_create(c->t, MODEL_MEAL, rec, &err) == 0)
			return CLI_OK;
		if (err.status == TABLE_COND_FAILED && im->has_id && ((struct model_meal *)rec)->meal_id != NULL) {
			*skipped = true;
			return CLI_OK;
		}
	} else {
		/* The activity's key is its goal and moment: a key already taken is the same activity, imported before. */
		struct model_activity *a = rec;
		struct store_list l;
		struct store_page_req pg = { NULL, 1, NULL, NULL };
		ms_t ms;
		char status[STORE_STATUS_MAX];
		timefmt_parse_key(a->occurred_at, &ms);
		if (store_goal_activities_between(c->t, c->user_id, a->goal_id, ms, ms + 1, pg, &l, &err) == 0) {
			*skipped = l.count > 0;
			store_list_done(&l);
			if (*skipped)
				return CLI_OK;
			if (store_activity_log_status(c->t, a, NULL, status, &err) == 0)
				return CLI_OK;
		}
	}
	return cli_table_fail(c, "import", &err);
}

/* One pass over the input: pass 1 checks (write false), pass 2 writes. */
static int
csv_pass(struct csv_import *im, FILE *in, bool write, size_t *written, size_t *skipped)
{
	struct csv_reader r;
	struct csv_fields row = { .n = 0 };
	char why[512];
	int rc = CLI_OK, got;
	bool header = true;

	csv_reader_init(&r, in);
	while ((got = csv_read(&r, &row, why, sizeof why)) > 0) {
		if (header) {
			header = false;
			if (!write && csv_header(im, &row) != 0) {
				csv_fields_done(&row);
				break;
			}
			csv_fields_done(&row);
			continue;
		}
		const char *col;
		void *rec = csv_build(im, &row, &col, why, sizeof why);
		if (rec == NULL) {
			csv_bad(im, row.line, col, why);
		} else if (!write) {
			if (csv_validate(im, rec, why, sizeof why) != 0)
				csv_bad(im, row.line, NULL, why);
		} else {
			bool skip;
			rc = csv_write(im, rec, &skip);
			if (rc != CLI_OK) {
				fprintf(im->c->err, "ailife: import: stopped at %s line %zu after %zu written; "
				    "importing the file again writes the rest\n", im->name, row.line, *written);
			}
			*skipped += skip ? 1 : 0;
			*written += skip ? 0 : 1;
		}
		if (rec != NULL)
			model_free(im->type, rec);
		csv_fields_done(&row);
		if (rc != CLI_OK)
			break;
	}
	if (got < 0) {
		/* The fields of the row read before the bad one. */
		csv_fields_done(&row);
		csv_bad(im, r.line, NULL, why);
		rc = CLI_USAGE;
	}
	if (rc == CLI_OK && header && im->bad == 0)
		rc = cli_fail(im->c, CLI_USAGE, "import", "%s: no header row (an empty file)", im->name);
	if (rc == CLI_OK && ferror(in))
		rc = cli_fail(im->c, CLI_FAIL, "import", "%s: %s", im->name, strerror(errno));
	buf_done(&r.field);
	return rc;
}

int
csv_import(struct cli *c, const char *type, const char *path)
{
	struct csv_import im;
	struct stat st;
	FILE *in = NULL, *spool = NULL;
	size_t written = 0, skipped = 0;
	int rc;

	memset(&im, 0, sizeof im);
	im.c = c;
	if (strcmp(type, "meal") == 0) {
		im.type = MODEL_MEAL;
		im.cols = meal_cols;
	} else if (strcmp(type, "activity") == 0) {
		im.type = MODEL_ACTIVITY;
		im.cols = activity_cols;
	} else {
		return cli_fail(c, CLI_USAGE, "import", "--type: '%s' is not one of %s (CSV import)", type, CSV_IMPORT_TYPES);
	}
	bool use_stdin = path == NULL || strcmp(path, "-") == 0;
	im.name = use_stdin ? "standard input" : path;
	if (use_stdin)
		in = stdin;
	else if ((in = fopen(path, "rb")) == NULL)
		return cli_fail(c, CLI_USAGE, "import", "%s: %s", path, strerror(errno));
	if (fstat(fileno(in), &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = cli_fail(c, CLI_USAGE, "import", "%s: is a directory", im.name);
		goto done;
	}
	/* Two passes need the input twice: anything but a regular file is copied aside first. */
	if (!(fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))) {
		char chunk[8192];
		size_t n;
		if ((spool = tmpfile()) == NULL) {
			rc = cli_fail(c, CLI_FAIL, "import", "cannot make a temporary file: %s", strerror(errno));
			goto done;
		}
		while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
			if (fwrite(chunk, 1, n, spool) != n)
				break;
		if (ferror(in) || ferror(spool) || fflush(spool) != 0) {
			rc = cli_fail(c, CLI_FAIL, "import", "%s: could not be read", im.name);
			goto done;
		}
		rewind(spool);
	}
	FILE *src = spool != NULL ? spool : in;
	if ((rc = cli_need_user(c)) != CLI_OK)
		goto done;
	long start = ftell(src);
	rc = csv_pass(&im, src, false, &written, &skipped);
	if (rc == CLI_OK && im.bad > 0) {
		if (im.bad > CSV_REPORT_MAX)
			fprintf(c->err, "ailife: import: ... and %zu more bad rows\n", im.bad - CSV_REPORT_MAX);
		rc = cli_fail(c, CLI_USAGE, "import", "%s: %zu bad row%s: nothing written", im.name, im.bad,
		    im.bad == 1 ? "" : "s");
		goto done;
	}
	if (rc != CLI_OK) {
		cli_fail(c, CLI_USAGE, "import", "%s: not read as CSV: nothing written", im.name);
		goto done;
	}
	if (fseek(src, start < 0 ? 0 : start, SEEK_SET) != 0) {
		rc = cli_fail(c, CLI_FAIL, "import", "%s: cannot read it again: %s", im.name, strerror(errno));
		goto done;
	}
	if ((rc = csv_pass(&im, src, true, &written, &skipped)) != CLI_OK)
		goto done;
	const char *kind = im.type == MODEL_MEAL ? "meal" : "activit";
	const char *plural = im.type == MODEL_MEAL ? (written == 1 ? "" : "s") : (written == 1 ? "y" : "ies");
	if (c->json)
		cli_print_json(c, json_pack("{s:I s:I}", "imported", (json_int_t)written, "skipped", (json_int_t)skipped));
	else
		fprintf(c->out, "imported %zu %s%s (%zu already there)\n", written, kind, plural, skipped);
done:
	for (size_t i = 0; i < im.ngoals; i++)
		free(im.goals[i]);
	free(im.goals);
	if (spool != NULL)
		fclose(spool);
	if (!use_stdin && in != NULL)
		fclose(in);
	return rc;
}
