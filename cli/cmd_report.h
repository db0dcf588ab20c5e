/*
 * ailife report and ailife status (issue 16): the figures of
 * datastore/insights.h for people (text with bars and sparklines, Markdown)
 * and scripts (--json, numbers as exact decimals).
 */
#ifndef AILIFE_CMD_REPORT_H
#define AILIFE_CMD_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "util/buf.h"

int cmd_report(struct cli *c, int argc, char **argv);
int cmd_status(struct cli *c, int argc, char **argv);

struct insights_report;
/*
 * A status line's format (ailife(1), STATUS) rendered with r's figures into
 * out. 0, or -1 with why naming the placeholder at fault (out unchanged).
 */
int status_format_render(const char *format, const struct insights_report *r, bool imperial, struct buf *out,
    char *why, size_t why_size);

/* ---- shared by the two (cli/report_fmt.c) ---- */

/* Glyphs: UTF-8 blocks, or ASCII when the locale is not UTF-8. */
struct report_glyphs {
	bool utf8;
	const char *full, *empty;     /* a bar's filled and empty cells */
	const char *spark[8];         /* a sparkline's eight levels (lowest first) */
	const char *none;             /* a sparkline's day without anything */
};
void report_glyphs_init(struct report_glyphs *g);
/* A bar of width cells, filled to part/whole (clamped to 0..width), into b. */
void report_bar(struct buf *b, const struct report_glyphs *g, long long part, long long whole, size_t width);
/*
 * A sparkline of n values (< 0: none) into at most width cells: values are
 * summed into buckets when n > width (negative ones skipped).
 */
void report_sparkline(struct buf *b, const struct report_glyphs *g, const long long *v, size_t n, size_t width);
/* Thousandths of a percent with one decimal ("41.3%"). */
void report_percent(long long milli_pct, char out[32]);
/* A thousandths value rounded to d decimals (0..3), canonical ("2.3", "12"). */
void report_round(long long milli, int d, char out[32]);
/* The ISO week of the Monday m ("2026-W49"). */
void report_iso_week(struct day monday, char out[16]);
/* Columns of the terminal stdout is, or 0 when it is none. */
size_t report_terminal_columns(FILE *out);

#endif
