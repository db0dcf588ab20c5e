/* The help pane (from the key table) and the explain pane (the requests behind a screen). */
#include <stdlib.h>

#include "tui/draw.h"
#include "tui/panes.h"
#include "util/xmalloc.h"

#define HELP_MAX 96
#define KEYS_W 14

/* One line of the help as drawn: a heading, a key row, or the wrapped rest of a row's text. */
struct help_dl {
	const char *section;
	const char *keys;        /* NULL on a continuation line */
	char *text;
	int block;               /* the section it belongs to */
};

/*
 * The help's lines for a column colw wide: rows whose action writes are left
 * out under read-only (a section left empty goes too), texts wrapped to the
 * column, never cut. Returns the count; *nblocks: the sections.
 */
static size_t
help_lines(struct help_dl *out, size_t max, int colw, bool read_only, int *nblocks)
{
	struct tui_help_line in[HELP_MAX];
	size_t n = tui_keys_help(in, HELP_MAX), o = 0;
	int block = -1;
	int tw = colw - KEYS_W - 3;
	if (tw < 8)
		tw = 8;
	for (size_t i = 0; i < n; i++) {
		if (in[i].section != NULL) {
			/* Only a section with a row left is shown. */
			bool any = false;
			for (size_t k = i + 1; k < n && in[k].section == NULL; k++)
				any = any || (in[k].keys != NULL && !(read_only && tui_keys_writes(in[k].act)));
			if (!any) {
				while (i + 1 < n && in[i + 1].section == NULL)
					i++;
				continue;
			}
			block++;
			if (o < max)
				out[o++] = (struct help_dl){ in[i].section, NULL, NULL, block };
			continue;
		}
		if (in[i].keys == NULL || (read_only && tui_keys_writes(in[i].act)))
			continue;
		size_t nw = 0;
		char **w = tui_draw_wrap(in[i].help, tw, &nw);
		for (size_t k = 0; k < nw; k++) {
			if (o < max)
				out[o++] = (struct help_dl){ NULL, k == 0 ? in[i].keys : NULL, w[k], block };
			else
				free(w[k]);
		}
		free(w);
	}
	*nblocks = block + 1;
	return o;
}

static void
help_free(struct help_dl *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].text);
}

static void
help_line(WINDOW *w, int y, int x, int colw, const struct help_dl *l)
{
	if (l->section != NULL) {
		tui_draw_text(w, y, x, colw - 2, l->section, TUI_R_HEADER);
		return;
	}
	if (l->keys != NULL)
		tui_draw_text(w, y, x + 1, KEYS_W, l->keys, TUI_R_TITLE);
	tui_draw_text(w, y, x + KEYS_W + 2, colw - KEYS_W - 3, l->text, TUI_R_NORMAL);
}

#define CHUNK_MAX 64

/*
 * The help in columns (two from 100 columns on) of whole sections: a
 * section starts a new column when it does not fit below the one before, so
 * no heading stands alone at a column's bottom; one taller than a column
 * goes on in the next under its heading again. j/k move a column at a time,
 * never past the last one (no blank space).
 */
void
tui_panes_help(WINDOW *w, int h, int wd, int *top, bool read_only)
{
	static struct help_dl lines[HELP_MAX * 3];
	/* chunk[c][r]: the line shown in row r of column c; -1 blank, -2 the heading again (continued). */
	static int chunk[CHUNK_MAX][HELP_MAX];
	int rows = h - 2, nblocks = 0, cols = wd >= 100 ? 2 : 1, colw = wd / cols;
	int nchunks = 0, used = 0;
	if (rows < 2)
		return;
	if (rows > HELP_MAX)
		rows = HELP_MAX;
	size_t n = help_lines(lines, HELP_MAX * 3, colw, read_only, &nblocks);
	for (size_t i = 0; i < n;) {
		size_t e = i + 1;
		while (e < n && lines[e].section == NULL)
			e++;
		int b = (int)(e - i);
		if (nchunks == 0 || used + b + 1 > rows) {
			if (nchunks == CHUNK_MAX)
				break;
			nchunks++;
			used = 0;
		} else {
			chunk[nchunks - 1][used++] = -1;
		}
		for (size_t k = i; k < e; k++) {
			if (used == rows) {
				if (nchunks == CHUNK_MAX)
					break;
				nchunks++;
				used = 0;
				chunk[nchunks - 1][used++] = -2 - (int)i;
			}
			chunk[nchunks - 1][used++] = (int)k;
		}
		for (int r = used; r < rows; r++)
			chunk[nchunks - 1][r] = -1;
		i = e;
	}
	int max_top = nchunks > cols ? nchunks - cols : 0;
	if (*top > max_top)
		*top = max_top;
	if (*top < 0)
		*top = 0;
	tui_draw_text(w, 0, 1, wd - 2, max_top > 0 ? "Keys (j/k: more; any other key closes this help)"
	    : "Keys (any other key closes this help)", TUI_R_TITLE);
	for (int c = 0; c < cols && *top + c < nchunks; c++) {
		for (int r = 0; r < rows; r++) {
			int li = chunk[*top + c][r];
			if (li == -1)
				continue;
			if (li <= -2) {
				tui_draw_textf(w, r + 2, c * colw + 1, colw - 2, TUI_R_HEADER, "%s (more)",
				    lines[-2 - li].section);
				continue;
			}
			help_line(w, r + 2, c * colw + 1, colw, &lines[li]);
		}
	}
	help_free(lines, n);
}

/* The text of request i of v's explain pane. */
static char *
explain_text(const struct tui_view *v, size_t i)
{
	const struct table_request *e = &v->explain[i];
	return xasprintf("%s %s on %s: %s", e->pattern, e->operation, e->index != NULL ? e->index : "the table",
	    e->condition);
}

/* Lines request i takes at width wd (its condition wrapped, never cut). */
static size_t
explain_wrapped(const struct tui_view *v, size_t i, int wd, char ***lines)
{
	char *t = explain_text(v, i);
	size_t n = 0;
	*lines = tui_draw_wrap(t, wd - 4, &n);
	free(t);
	return n;
}

int
tui_panes_explain_lines(const struct tui_view *v, int wd)
{
	if (v->nexplain == 0)
		return 3;
	int n = 2;
	for (size_t i = 0; i < v->nexplain; i++) {
		char **l;
		size_t k = explain_wrapped(v, i, wd, &l);
		tui_draw_wrap_free(l, k);
		n += (int)k;
	}
	return n;
}

void
tui_panes_explain(const struct tui_view *v, WINDOW *w, int y, int wd)
{
	tui_draw_hline(w, y, 0, wd, TUI_R_EXPLAIN);
	tui_draw_textf(w, y, 2, wd - 4, TUI_R_TITLE, " explain: %s ", v->screen->name);
	if (v->nexplain == 0) {
		tui_draw_text(w, y + 1, 1, wd - 2, "no request yet for this screen", TUI_R_EXPLAIN);
		return;
	}
	int r = y + 1;
	for (size_t i = 0; i < v->nexplain; i++) {
		char **l;
		size_t k = explain_wrapped(v, i, wd, &l);
		/* Continuation lines indented, so each request starts at the margin. */
		for (size_t q = 0; q < k; q++)
			tui_draw_text(w, r++, q == 0 ? 1 : 3, q == 0 ? wd - 2 : wd - 4, l[q], TUI_R_EXPLAIN);
		tui_draw_wrap_free(l, k);
	}
	tui_draw_textf(w, r, 1, wd - 2, TUI_R_DIM, "%zu request(s), %.1f capacity units, %lld ms",
	    v->nexplain, v->capacity, v->elapsed_us / 1000);
}
