/* Bars, sparklines and numbers of the report and the status line (cli/cmd_report.h). */
#include "cli/cmd_report.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "datastore/decimal.h"
#include "datastore/insights.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

void
report_glyphs_init(struct report_glyphs *g)
{
	static const char *const blocks[8] = { "\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587",
		"\u2588" };
	static const char *const ascii[8] = { "_", ".", "-", ":", "=", "+", "*", "#" };
	memset(g, 0, sizeof *g);
	g->utf8 = utf8_locale();
	g->full = g->utf8 ? "\u2588" : "#";
	g->empty = g->utf8 ? "\u2591" : "-";
	for (int i = 0; i < 8; i++)
		g->spark[i] = g->utf8 ? blocks[i] : ascii[i];
	g->none = " ";
}

void
report_bar(struct buf *b, const struct report_glyphs *g, long long part, long long whole, size_t width)
{
	size_t fill = 0;
	if (whole > 0 && part > 0) {
		__int128 f = (__int128)part * (long long)width / whole;
		fill = f > (__int128)width ? width : (size_t)f;
	}
	for (size_t i = 0; i < width; i++)
		buf_adds(b, i < fill ? g->full : g->empty);
}

void
report_sparkline(struct buf *b, const struct report_glyphs *g, const long long *v, size_t n, size_t width)
{
	if (n == 0 || width == 0)
		return;
	size_t cells = n < width ? n : width;
	long long *sum = xcalloc(cells, sizeof *sum);
	bool *any = xcalloc(cells, sizeof *any);
	long long max = 0;
	for (size_t i = 0; i < n; i++) {
		size_t k = i * cells / n;     /* cells <= n: one day a cell, or several */
		if (v[i] <= 0)
			continue;     /* nothing that day (amounts are above 0, moods 1-5) */
		sum[k] += v[i];
		any[k] = true;
	}
	for (size_t k = 0; k < cells; k++)
		if (sum[k] > max)
			max = sum[k];
	for (size_t k = 0; k < cells; k++) {
		if (!any[k] || max == 0) {
			buf_adds(b, g->none);
			continue;
		}
		long long level = (sum[k] * 8 - 1) / max;
		buf_adds(b, g->spark[level < 0 ? 0 : level > 7 ? 7 : level]);
	}
	free(sum);
	free(any);
}

void
report_round(long long milli, int d, char out[32])
{
	long long unit = d <= 0 ? 1000 : d == 1 ? 100 : d == 2 ? 10 : 1;
	long long r = insights_div_round(milli, unit) * unit;
	decimal_format(r, out);
}

void
report_percent(long long milli_pct, char out[32])
{
	char n[32];
	report_round(milli_pct, 1, n);
	size_t len = strlen(n);
	if (len > 30)
		len = 30;
	memcpy(out, n, len);
	out[len] = '%';
	out[len + 1] = '\0';
}

void
report_iso_week(struct day monday, char out[16])
{
	struct day thu = dates_day_add(monday, 3);
	long long jan1 = insights_day_number((struct day){ thu.y, 1, 1 });
	int week = (int)((insights_day_number(thu) - jan1) / 7 + 1);
	snprintf(out, 16, "%04d-W%02d", thu.y % 10000, week % 100);
}

size_t
report_terminal_columns(FILE *out)
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
