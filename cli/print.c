/* How records and lists print: aligned text for people, JSON for scripts. */
#include "cli/print.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/names.h"
#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/present.h"
#include "datastore/units.h"
#include "util/buf.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

void
entity_print(struct cli *c, enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);
	const struct model_common *common = rec;
	char local[64];
	if (c->json) {
		cli_print_json(c, model_to_json(type, rec));
		return;
	}
	struct cli_table *tb = cli_table_new(2, (const char *const[]){ "", "" });
	const char *id = model_id(type, rec);
	if (id != NULL)
		cli_table_row(tb, (const char *const[]){ "id:", id });
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (e->id_attr != NULL && strcmp(f->attr, e->id_attr) == 0)
			continue;
		/* Times the command line cannot read show as cli_local_time shows them. */
		char *text = present_field(rec, f, "?");
		if (text == NULL)
			continue;
		char label[64];
		snprintf(label, sizeof label, "%s:", f->attr);
		if (f->kind == MODEL_FIELD_LONGTEXT && strchr(text, '\n') != NULL) {
			/* Long text goes after the table, line by line. */
			free(text);
			continue;
		}
		cli_table_row(tb, (const char *const[]){ label, text });
		free(text);
	}
	cli_local_time(common->created_at, local, sizeof local);
	cli_table_row(tb, (const char *const[]){ "created:", local });
	cli_local_time(common->updated_at, local, sizeof local);
	char ver[32];
	snprintf(ver, sizeof ver, "%lld", common->version);
	cli_table_row(tb, (const char *const[]){ "updated:", local });
	cli_table_row(tb, (const char *const[]){ "version:", ver });
	cli_table_print_body(tb, c->out);
	cli_table_free(tb);
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind != MODEL_FIELD_LONGTEXT)
			continue;
		char *s = *model_str_at((void *)(uintptr_t)rec, f);
		if (s == NULL || strchr(s, '\n') == NULL)
			continue;
		char *inert = utf8_inert(s, true);
		fprintf(c->out, "%s:\n%s\n", f->attr, inert);
		free(inert);
	}
}

/*
 * Lists. Every table has its identifier first (a short id, or an activity's
 * handle), then WHEN where the records have one. The columns depend on what
 * the command lists, never on the data (a timeline of only workouts is still
 * a timeline).
 */
struct column {
	const char *head;
	bool right;              /* numbers */
	bool flex;               /* free text: cut first when a terminal is too narrow */
};

#define LIST_COLS_MAX 8

struct shape {
	size_t cols;
	struct column col[LIST_COLS_MAX];
};

static const struct shape shapes[MODEL_TYPE_COUNT + 1] = {
	[MODEL_USER] = { 4, { { "ID", 0, 0 }, { "NAME", 0, 1 }, { "TIMEZONE", 0, 0 }, { "UNITS", 0, 0 } } },
	[MODEL_GOAL] = { 5, { { "ID", 0, 0 }, { "TITLE", 0, 1 }, { "PROGRESS", 0, 0 }, { "STATUS", 0, 0 },
	    { "DUE", 0, 0 } } },
	[MODEL_ACTIVITY] = { 5, { { "HANDLE", 0, 0 }, { "WHEN", 0, 0 }, { "GOAL", 0, 1 }, { "AMOUNT", 1, 0 },
	    { "NOTE", 0, 1 } } },
	[MODEL_JOURNAL] = { 5, { { "ID", 0, 0 }, { "WHEN", 0, 0 }, { "MOOD", 0, 0 }, { "TITLE", 0, 1 },
	    { "TAGS", 0, 1 } } },
	[MODEL_MEAL] = { 8, { { "ID", 0, 0 }, { "WHEN", 0, 0 }, { "TYPE", 0, 0 }, { "NAME", 0, 1 },
	    { "KCAL", 1, 0 }, { "PROTEIN", 1, 0 }, { "CARBS", 1, 0 }, { "FAT", 1, 0 } } },
	[MODEL_WORKOUT] = { 7, { { "ID", 0, 0 }, { "WHEN", 0, 0 }, { "KIND", 0, 0 }, { "MINUTES", 1, 0 },
	    { "KM", 1, 0 }, { "KCAL", 1, 0 }, { "GOAL", 0, 1 } } },
	[MODEL_TYPE_COUNT] = { 4, { { "ID", 0, 0 }, { "WHEN", 0, 0 }, { "TYPE", 0, 0 }, { "WHAT", 0, 1 } } },
};

/* Whether the user's profile shows distances in miles. */
static bool
print_imperial(const struct cli *c)
{
	return c->profile != NULL && units_imperial(c->profile->units);
}

/* A text row: its cells as typed in, and whether cell 0 is an id to shorten. */
struct row {
	char **cells;
	bool full_id;
	/* An activity's row: what its handle is made of, for the precision its neighbours call for. */
	char *act_goal, *act_at;
	size_t act_short;
};

struct list_printer {
	struct cli *c;
	const struct shape *shape;
	bool day_totals;
	size_t records, skipped;
	/* --json / --jsonl: each record is written as it comes. */
	struct buf json;
	/* Text: the rows wait for the widths (and the short ids) of the whole list. */
	struct row *rows;
	size_t nrows, cap;
	char day[11];            /* meals: the day being totalled, "" before the first */
	long long day_kcal;
	size_t last_short;       /* the goal id length of the handle made last */
};

struct list_printer *
list_printer_new(struct cli *c, int shape, bool day_totals)
{
	struct list_printer *p = xcalloc(1, sizeof *p);
	p->c = c;
	p->shape = &shapes[shape == PRINT_TIMELINE ? MODEL_TYPE_COUNT : shape];
	p->day_totals = day_totals && shape == MODEL_MEAL;
	buf_init(&p->json, 0);
	return p;
}

static void
add_row(struct list_printer *p, const char *const *cells, bool full_id)
{
	if (p->nrows == p->cap) {
		p->cap = p->cap > 0 ? p->cap * 2 : 64;
		p->rows = xreallocarray(p->rows, p->cap, sizeof *p->rows);
	}
	struct row *r = &p->rows[p->nrows++];
	r->cells = xcalloc(p->shape->cols, sizeof *r->cells);
	r->full_id = full_id;
	r->act_goal = r->act_at = NULL;
	r->act_short = 0;
	for (size_t i = 0; i < p->shape->cols; i++)
		r->cells[i] = xstrdup(cells[i] != NULL ? cells[i] : "");
}

/* A goal for people: its title, else its id. */
static const char *
goal_name(struct cli *c, const char *goal_id)
{
	const char *title = names_goal_title(c, goal_id);
	return title != NULL ? title : goal_id;
}

/* The handle of an activity, its goal's id as short as among all the user's goals. */
static void
activity_handle(struct list_printer *p, const struct model_activity *x, char *out, size_t size)
{
	p->last_short = names_goal_short(p->c, x->goal_id);
	names_activity_handle(x, p->last_short, out, size);
}

/* The row just added holds the handle of x: kept so that print_text can add seconds where needed. */
static void
mark_activity_row(struct list_printer *p, const struct model_activity *x)
{
	struct row *r = &p->rows[p->nrows - 1];
	r->act_goal = xstrdup_or_null(x->goal_id);
	r->act_at = xstrdup_or_null(x->occurred_at);
	r->act_short = p->last_short;
}

/* Meals: the row of the day that just ended. */
static void
day_total_row(struct list_printer *p)
{
	char label[40], kcal[DECIMAL_TEXT_MAX];
	if (p->day[0] == '\0')
		return;
	decimal_format(p->day_kcal, kcal);
	snprintf(label, sizeof label, "%s total", p->day);
	add_row(p, (const char *const[]){ "", label, "", "", kcal, "", "", "" }, false);
	p->day_kcal = 0;
}

static void
add_meal(struct list_printer *p, const struct model_meal *m)
{
	char when[64], n1[DECIMAL_TEXT_MAX], n2[DECIMAL_TEXT_MAX], n3[DECIMAL_TEXT_MAX], n4[DECIMAL_TEXT_MAX];
	if (p->day_totals) {
		char day[11];
		dates_day_format(present_day(m->occurred_at), day);
		if (strcmp(day, p->day) != 0) {
			day_total_row(p);
			snprintf(p->day, sizeof p->day, "%s", day);
		}
		decimal_add(p->day_kcal, m->calories.v, &p->day_kcal);
	}
	cli_local_time(m->occurred_at, when, sizeof when);
	decimal_format(m->calories.v, n1);
	present_num(&m->protein, n2);
	present_num(&m->carbs, n3);
	present_num(&m->fat, n4);
	add_row(p, (const char *const[]){ m->meal_id, when, m->meal_type, m->name, n1, n2, n3, n4 }, true);
}

/* A record as a row of its own kind's table. */
static void
add_typed(struct list_printer *p, enum model_type type, const void *rec)
{
	char when[64], n1[DECIMAL_TEXT_MAX], n2[DECIMAL_TEXT_MAX], n3[DECIMAL_TEXT_MAX];
	char handle[NAMES_HANDLE_MAX];
	switch (type) {
	case MODEL_USER: {
		const struct model_user *u = rec;
		add_row(p, (const char *const[]){ u->c.user_id, u->name, u->timezone, u->units }, true);
		break;
	}
	case MODEL_GOAL: {
		const struct model_goal *g = rec;
		char *prog = present_progress(g);
		add_row(p, (const char *const[]){ g->goal_id, g->title, prog, g->status, g->due_date }, true);
		free(prog);
		break;
	}
	case MODEL_ACTIVITY: {
		const struct model_activity *x = rec;
		activity_handle(p, x, handle, sizeof handle);
		cli_local_time(x->occurred_at, when, sizeof when);
		decimal_format(x->amount.v, n1);
		add_row(p, (const char *const[]){ handle, when, goal_name(p->c, x->goal_id), n1, x->note }, false);
		mark_activity_row(p, x);
		break;
	}
	case MODEL_JOURNAL: {
		const struct model_journal *j = rec;
		struct buf tags;
		buf_init(&tags, 0);
		for (size_t k = 0; k < j->tags.n; k++)
			buf_printf(&tags, "%s%s", k ? "," : "", j->tags.v[k]);
		cli_local_time(j->occurred_at, when, sizeof when);
		if (j->mood.set)
			snprintf(n1, sizeof n1, "%lld", j->mood.v);
		else
			n1[0] = '\0';
		char *title = present_journal_title(j);
		add_row(p, (const char *const[]){ j->entry_id, when, n1, title, tags.data }, true);
		free(title);
		buf_done(&tags);
		break;
	}
	case MODEL_MEAL:
		add_meal(p, rec);
		break;
	case MODEL_WORKOUT: {
		const struct model_workout *w = rec;
		cli_local_time(w->occurred_at, when, sizeof when);
		decimal_format(w->minutes.v, n1);
		if (w->distance_km.set)
			units_format_distance(w->distance_km.v, print_imperial(p->c), n2);
		else
			n2[0] = '\0';
		present_num(&w->calories, n3);
		add_row(p, (const char *const[]){ w->workout_id, when, w->kind, n1, n2, n3,
		    w->goal_id != NULL ? goal_name(p->c, w->goal_id) : "" }, true);
		break;
	}
	}
}

/* A record as a timeline row: ID WHEN TYPE WHAT, goals named by title. */
static void
add_timeline(struct list_printer *p, enum model_type type, const void *rec)
{
	char when[64], handle[NAMES_HANDLE_MAX];
	const char *id = model_id(type, rec);
	char *what;
	cli_local_time(present_occurred_at(type, rec), when, sizeof when);
	if (type == MODEL_ACTIVITY) {
		const struct model_activity *x = rec;
		char amount[DECIMAL_TEXT_MAX];
		decimal_format(x->amount.v, amount);
		what = xasprintf("+%s to %s%s%s", amount, goal_name(p->c, x->goal_id), x->note != NULL ? ": " : "",
		    x->note != NULL ? x->note : "");
		activity_handle(p, x, handle, sizeof handle);
		id = handle;
	} else {
		what = present_summary(type, rec);
	}
	add_row(p, (const char *const[]){ id, when, model_entity(type)->label, what }, type != MODEL_ACTIVITY);
	if (type == MODEL_ACTIVITY)
		mark_activity_row(p, rec);
	free(what);
}

static void
add_json(struct list_printer *p, enum model_type type, const void *rec)
{
	struct buf *b = &p->json;
	int rc;
	buf_reset(b);
	if (p->c->jsonl) {
		rc = model_write_json(b, type, rec, PRINT_JSONL_FLAGS, 0);
		if (rc == 0)
			rc = buf_addc(b, '\n');
	} else {
		rc = buf_adds(b, p->records > 0 ? "," : "[");
		if (rc == 0)
			rc = json_write_indent(b, CLI_JSON_FLAGS, 1, p->records > 0);
		if (rc == 0)
			rc = model_write_json(b, type, rec, CLI_JSON_FLAGS, 1);
	}
	/* A record jansson could not write is left out, as json_array_append_new does. */
	if (rc != 0)
		return;
	fwrite(b->data, 1, b->len, p->c->out);
	p->records++;
}

void
list_printer_add(struct list_printer *p, enum model_type type, const void *rec)
{
	if (p->c->json) {
		add_json(p, type, rec);
		return;
	}
	p->records++;
	if (p->shape == &shapes[MODEL_TYPE_COUNT])
		add_timeline(p, type, rec);
	else
		add_typed(p, type, rec);
}

void
list_printer_skipped(struct list_printer *p, size_t n)
{
	p->skipped += n;
}

/*
 * The columns a terminal of cols columns leaves: the widest free-text column
 * gives up a column at a time (down to its header's width, or 8) until the
 * row fits. Cut cells end in an ellipsis (utf8_fit).
 */
static void
fit_widths(const struct shape *s, size_t *width, size_t cols)
{
	size_t total = 2 * (s->cols - 1);
	for (size_t i = 0; i < s->cols; i++)
		total += width[i];
	while (total > cols) {
		size_t widest = s->cols;
		for (size_t i = 0; i < s->cols; i++) {
			size_t floor = utf8_width(s->col[i].head) > 8 ? utf8_width(s->col[i].head) : 8;
			if (s->col[i].flex && width[i] > floor && (widest == s->cols || width[i] > width[widest]))
				widest = i;
		}
		if (widest == s->cols)
			break;
		width[widest]--;
		total--;
	}
}

/* Columns of the terminal stdout is, or 0 when it is not one (then nothing is cut). */
static size_t
terminal_columns(FILE *out)
{
	int fd = fileno(out);
	struct winsize ws;
	long long n;
	const char *why;
	if (fd < 0 || !isatty(fd))
		return 0;
	const char *env = getenv("COLUMNS");
	if (env != NULL && decimal_parse_int(env, &n, &why) == 0 && n > 0 && n < 100000)
		return (size_t)n;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

static int
act_row_cmp(const void *pa, const void *pb, void *arg)
{
	const struct row *rows = arg;
	const struct row *a = &rows[*(const size_t *)pa], *b = &rows[*(const size_t *)pb];
	int r = strcmp(a->act_goal, b->act_goal);
	return r != 0 ? r : strcmp(a->act_at, b->act_at);
}

/*
 * Handles to the precision that tells them apart: seconds for two activities
 * of a goal in one minute, milliseconds in one second (neighbours in the list;
 * a range is whole days, so a minute's twins are in it together).
 */
static void
activity_precision(struct list_printer *p)
{
	size_t n = 0, *idx = xcalloc(p->nrows + 1, sizeof *idx);
	for (size_t r = 0; r < p->nrows; r++)
		if (p->rows[r].act_goal != NULL && p->rows[r].act_at != NULL)
			idx[n++] = r;
	qsort_r(idx, n, sizeof *idx, act_row_cmp, p->rows);
	int *prec = xcalloc(n + 1, sizeof *prec);
	for (size_t k = 0; k + 1 < n; k++) {
		const struct row *a = &p->rows[idx[k]], *b = &p->rows[idx[k + 1]];
		if (strcmp(a->act_goal, b->act_goal) != 0)
			continue;
		/* "2026-12-04T08:30:15.250Z": the minute is 16 characters, the second 19 (UTC: the same cut locally). */
		int need = strncmp(a->act_at, b->act_at, 19) == 0 ? 2 : strncmp(a->act_at, b->act_at, 16) == 0 ? 1 : 0;
		if (need > prec[k])
			prec[k] = need;
		if (need > prec[k + 1])
			prec[k + 1] = need;
	}
	for (size_t k = 0; k < n; k++) {
		struct row *r = &p->rows[idx[k]];
		if (prec[k] == 0)
			continue;
		struct model_activity x;
		char handle[NAMES_HANDLE_MAX];
		memset(&x, 0, sizeof x);
		x.goal_id = r->act_goal;
		x.occurred_at = r->act_at;
		names_activity_handle_at(&x, r->act_short, prec[k], handle, sizeof handle);
		free(r->cells[0]);
		r->cells[0] = xstrdup(handle);
	}
	free(prec);
	free(idx);
}

/* The text table: ids cut to their shortest unique prefix, cells to the terminal. */
static void
print_text(struct list_printer *p)
{
	activity_precision(p);
	const struct shape *s = p->shape;
	size_t width[LIST_COLS_MAX] = { 0 };
	const char **ids = xcalloc(p->nrows + 1, sizeof *ids);
	size_t *len = xcalloc(p->nrows + 1, sizeof *len);
	for (size_t r = 0; r < p->nrows; r++)
		ids[r] = p->rows[r].full_id ? p->rows[r].cells[0] : NULL;
	names_short_lengths(ids, p->nrows, len);
	for (size_t r = 0; r < p->nrows; r++)
		if (ids[r] != NULL && len[r] < strlen(ids[r]))
			p->rows[r].cells[0][len[r]] = '\0';
	free(ids);
	free(len);
	size_t cols = terminal_columns(p->c->out);
	if (cols > 0) {
		for (size_t i = 0; i < s->cols; i++) {
			width[i] = utf8_width(s->col[i].head);
			for (size_t r = 0; r < p->nrows; r++) {
				size_t w = utf8_width(p->rows[r].cells[i]);
				if (w > width[i])
					width[i] = w;
			}
		}
		fit_widths(s, width, cols);
	}
	const char *heads[LIST_COLS_MAX];
	for (size_t i = 0; i < s->cols; i++)
		heads[i] = s->col[i].head;
	if (s == &shapes[MODEL_WORKOUT])
		heads[4] = units_distance_head(print_imperial(p->c));
	struct cli_table *tb = cli_table_new(s->cols, heads);
	for (size_t i = 0; i < s->cols; i++)
		cli_table_col(tb, i, cols > 0 ? width[i] : 0, s->col[i].right);
	for (size_t r = 0; r < p->nrows; r++) {
		cli_table_row(tb, (const char *const *)p->rows[r].cells);
		/* The table keeps its own copy: the row goes now. */
		for (size_t i = 0; i < s->cols; i++)
			free(p->rows[r].cells[i]);
		free(p->rows[r].cells);
		free(p->rows[r].act_goal);
		free(p->rows[r].act_at);
	}
	p->nrows = 0;
	cli_table_print(tb, p->c->out);
	cli_table_free(tb);
}

void
list_printer_end(struct list_printer *p, bool complete)
{
	struct cli *c = p->c;
	if (!complete) {
		/* A failed page: JSON stays open where it stopped (no parser takes it for whole), text is not shown. */
	} else if (c->json && !c->jsonl) {
		buf_reset(&p->json);
		if (p->records > 0 && json_write_indent(&p->json, CLI_JSON_FLAGS, 0, false) == 0)
			fwrite(p->json.data, 1, p->json.len, c->out);
		fputs(p->records > 0 ? "]\n" : "[]\n", c->out);
	} else if (!c->json) {
		if (p->day_totals)
			day_total_row(p);
		if (p->records == 0)
			fprintf(c->out, "(none)\n");
		else
			print_text(p);
	}
	if (p->skipped > 0)
		fprintf(c->err, "ailife: note: %zu stored item%s could not be read and %s left out\n", p->skipped,
		    p->skipped == 1 ? "" : "s", p->skipped == 1 ? "was" : "were");
	for (size_t r = 0; r < p->nrows; r++) {
		for (size_t i = 0; i < p->shape->cols; i++)
			free(p->rows[r].cells[i]);
		free(p->rows[r].cells);
		free(p->rows[r].act_goal);
		free(p->rows[r].act_at);
	}
	free(p->rows);
	buf_done(&p->json);
	free(p);
}

void
entity_print_list(struct cli *c, int shape, const struct store_list *l, bool reverse)
{
	struct list_printer *p = list_printer_new(c, shape, shape == MODEL_MEAL);
	for (size_t i = 0; i < l->count; i++) {
		const struct store_item *it = &l->items[reverse ? l->count - 1 - i : i];
		list_printer_add(p, it->type, it->rec);
	}
	list_printer_skipped(p, l->skipped);
	list_printer_end(p, true);
}
