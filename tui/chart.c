/* Bars and sparklines in eighths of a cell (UTF-8) or whole cells (ASCII). */
#include <string.h>

#include "tui/chart.h"
#include "tui/draw.h"

static const char *const eighths[9] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88",
};
static const char *const levels[8] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
static const char ascii_levels[8] = { '_', '.', ',', ':', '-', '=', '+', '#' };

void
tui_chart_bar(WINDOW *w, int y, int x, int width, long long value, long long max)
{
	width = tui_draw_room(w, y, x, width);
	if (width <= 0)
		return;
	bool over = max > 0 && value > max;
	long long v = value < 0 ? 0 : value;
	if (max <= 0)
		max = 1;
	if (v > max)
		v = max;
	/* In eighths of a cell; integer arithmetic on thousandths could overflow, so scale first. */
	long long cells8 = (long long)((double)v / (double)max * (double)width * 8.0 + 0.5);
	int full = (int)(cells8 / 8), part = (int)(cells8 % 8);
	int fill = tui_theme_attr(over ? TUI_R_WARN : TUI_R_BAR), empty = tui_theme_attr(TUI_R_BAR_EMPTY);
	bool u = tui_draw_utf8();
	wmove(w, y, x);
	wattron(w, fill);
	for (int i = 0; i < full && i < width; i++)
		waddstr(w, u ? eighths[8] : "#");
	if (full < width && part > 0) {
		waddstr(w, u ? eighths[part] : (part >= 4 ? "+" : "-"));
		full++;
	}
	wattroff(w, fill);
	wattron(w, empty);
	for (int i = full; i < width; i++)
		waddstr(w, u ? "\xe2\x96\x91" : ".");
	wattroff(w, empty);
}

void
tui_chart_spark(WINDOW *w, int y, int x, const long long *values, size_t n)
{
	long long max = 0;
	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	int attr = tui_theme_attr(TUI_R_BAR);
	int room = tui_draw_room(w, y, x, (int)n);
	if (room <= 0)
		return;
	if ((size_t)room < n)
		n = (size_t)room;
	wattron(w, attr);
	wmove(w, y, x);
	for (size_t i = 0; i < n; i++) {
		if (values[i] <= 0 || max == 0) {
			waddstr(w, " ");
			continue;
		}
		int lv = (int)((values[i] * 7 + max - 1) / max);
		if (lv > 7)
			lv = 7;
		if (tui_draw_utf8()) {
			waddstr(w, levels[lv]);
		} else {
			char s[2] = { ascii_levels[lv], '\0' };
			waddstr(w, s);
		}
	}
	wattroff(w, attr);
}

void
tui_chart_hbars(WINDOW *w, int y, int x, int h, int width, const char *const *labels,
    const long long *values, const char *const *texts, size_t n, long long mark)
{
	int lw = 0, tw = 0;
	long long max = mark > 0 ? mark : 0;
	for (size_t i = 0; i < n; i++) {
		int a = tui_draw_width(labels[i]), b = tui_draw_width(texts[i]);
		if (a > lw)
			lw = a;
		if (b > tw)
			tw = b;
		if (values[i] > max)
			max = values[i];
	}
	width = tui_draw_room(w, y, x, width);
	/* Narrow: the values keep their room first, then the labels, the bars take what is left. */
	if (tw > width)
		tw = width;
	if (lw > width - tw - 1)
		lw = width - tw - 1 > 0 ? width - tw - 1 : 0;
	int bw = width - lw - tw - 2;
	if (bw < 1) {
		bw = 0;
	}
	for (size_t i = 0; i < n && (int)i < h; i++) {
		tui_draw_text(w, y + (int)i, x, lw, labels[i], TUI_R_DIM);
		if (bw > 0) {
			/* Scaled to the largest value, with the mark's column shown. */
			long long scaled_max = max > 0 ? max : 1;
			bool over = mark > 0 && values[i] > mark;
			int cells = (int)((double)values[i] / (double)scaled_max * bw + 0.5);
			int attr = tui_theme_attr(over ? TUI_R_WARN : TUI_R_BAR);
			wmove(w, y + (int)i, x + lw + 1);
			wattron(w, attr);
			for (int k = 0; k < cells && k < bw; k++)
				waddstr(w, tui_draw_utf8() ? eighths[8] : "#");
			wattroff(w, attr);
			if (mark > 0) {
				int mc = (int)((double)mark / (double)scaled_max * bw + 0.5);
				if (mc >= bw)
					mc = bw - 1;
				if (mc >= cells)
					tui_draw_text(w, y + (int)i, x + lw + 1 + mc, 1, "|", TUI_R_DIM);
			}
		}
		tui_draw_text(w, y + (int)i, x + (lw > 0 ? lw + 1 : 0) + (bw > 0 ? bw + 1 : 0), tw, texts[i], TUI_R_NORMAL);
	}
}
