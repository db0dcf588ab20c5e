/* The help pane (from the key table) and the explain pane (the requests behind a screen). */
#include "tui/draw.h"
#include "tui/panes.h"

#define HELP_MAX 96

void
tui_panes_help(WINDOW *w, int h, int wd, int *top)
{
	struct tui_help_line lines[HELP_MAX];
	size_t n = tui_keys_help(lines, HELP_MAX);
	int cols = wd >= 100 ? 2 : 1, colw = wd / cols;
	int per = (int)((n + (size_t)cols - 1) / (size_t)cols);
	tui_draw_text(w, 0, 1, wd - 2, "Keys (any other key closes this help; j/k scroll)", TUI_R_TITLE);
	if (*top > per - 1)
		*top = per > 0 ? per - 1 : 0;
	for (int c = 0; c < cols; c++) {
		size_t from = (size_t)(c * per);
		/* A column starts at a section, never in the middle of one. */
		for (int r = 0; r + 2 < h; r++) {
			size_t i = from + (size_t)*top + (size_t)r;
			if (i >= n || (c + 1 < cols && i >= (size_t)((c + 1) * per)))
				break;
			int x = c * colw + 1;
			if (lines[i].section != NULL)
				tui_draw_text(w, r + 2, x, colw - 2, lines[i].section, TUI_R_HEADER);
			else if (lines[i].keys != NULL) {
				tui_draw_text(w, r + 2, x + 1, 14, lines[i].keys, TUI_R_TITLE);
				tui_draw_text(w, r + 2, x + 16, colw - 18, lines[i].help, TUI_R_NORMAL);
			}
		}
	}
}

int
tui_panes_explain_lines(const struct tui_view *v)
{
	return v->nexplain > 0 ? (int)v->nexplain + 2 : 3;
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
	for (size_t i = 0; i < v->nexplain; i++) {
		const struct table_request *e = &v->explain[i];
		tui_draw_textf(w, y + 1 + (int)i, 1, wd - 2, TUI_R_EXPLAIN, "%s %s on %s: %s", e->pattern, e->operation,
		    e->index != NULL ? e->index : "the table", e->condition);
	}
	tui_draw_textf(w, y + 1 + (int)v->nexplain, 1, wd - 2, TUI_R_DIM, "%zu request(s), %.1f capacity units, %lld ms",
	    v->nexplain, v->capacity, v->elapsed_us / 1000);
}
