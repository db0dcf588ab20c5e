/* The calendar heatmap (tui/heatmap.h). */
#include "tui/heatmap.h"

#include "datastore/timefmt.h"
#include "tui/draw.h"
#include "tui/theme.h"

int
tui_heatmap_level(long long value, long long max)
{
	if (value <= 0 || max <= 0)
		return 0;
	long long q = (value * 4 + max - 1) / max;
	return q < 1 ? 1 : q > 4 ? 4 : (int)q;
}

const char *
tui_heatmap_glyph(int level, bool utf8)
{
	static const char *const u[TUI_HEATMAP_LEVELS] = { "\u00b7", "\u2591", "\u2592", "\u2593", "\u2588" };
	static const char *const a[TUI_HEATMAP_LEVELS] = { ".", ":", "+", "*", "#" };
	if (level < 0)
		level = 0;
	if (level >= TUI_HEATMAP_LEVELS)
		level = TUI_HEATMAP_LEVELS - 1;
	return utf8 ? u[level] : a[level];
}

static long long
day_number(struct day d)
{
	return timefmt_days_from_civil(d.y, d.m, d.d);
}

int
tui_heatmap_lines(struct day first, size_t n)
{
	long long lead = day_number(first) - day_number(dates_week_start(first));
	return 1 + (int)((lead + (long long)n + 6) / 7);
}

int
tui_heatmap_draw(WINDOW *w, int y, int x, int h, struct day first, const long long *values, size_t n)
{
	static const char *const wd = "M T W T F S S ";
	long long max = 0;
	bool utf8 = tui_draw_utf8();
	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	if (h <= 0)
		return 0;
	tui_draw_text(w, y, x, 14, wd, TUI_R_HEADER);
	int lines = 1;
	long long lead = day_number(first) - day_number(dates_week_start(first));
	for (long long cell = 0; cell < lead + (long long)n; cell++) {
		int row = (int)(cell / 7), col = (int)(cell % 7);
		if (1 + row >= h)
			break;
		if (1 + row >= lines)
			lines = 2 + row;
		if (cell < lead) {
			tui_draw_text(w, y + 1 + row, x + 2 * col, 2, "  ", TUI_R_NORMAL);
			continue;
		}
		int lv = tui_heatmap_level(values[cell - lead], max);
		tui_draw_text(w, y + 1 + row, x + 2 * col, 1, tui_heatmap_glyph(lv, utf8),
		    lv == 0 ? TUI_R_DIM : lv >= 3 ? TUI_R_GOOD : TUI_R_BAR);
	}
	return lines;
}
