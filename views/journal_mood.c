/* The journal's mood sparkline (views/journal_mood.h). */
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/insights.h"
#include "datastore/timefmt.h"
#include "tui/chart.h"
#include "tui/draw.h"
#include "views/journal_mood.h"

static void
mood_fmt(long long milli, char out[DECIMAL_TEXT_MAX])
{
	/* One decimal, as the report shows a mood. */
	decimal_format(insights_div_round(milli, 100) * 100, out);
}

void
view_journal_mood_draw(WINDOW *win, int y, int w, const struct store_list *l)
{
	struct day today = dates_day_of(clock_now_ms()), first = today, last = today, d;
	bool any = false;
	for (size_t i = 0; i < l->count; i++) {
		const struct model_journal *e = l->items[i].rec;
		if (l->items[i].type != MODEL_JOURNAL || !insights_day_of_ts(e->occurred_at, &d))
			continue;
		long long n = insights_day_number(d);
		if (n < insights_day_number(first))
			first = d;
		if (n > insights_day_number(last))
			last = d;
		any = true;
	}
	if (!any || w < 20)
		return;
	/* The days that fit beside the words: the newest ones when the period is longer. */
	bool wide = w >= 60;
	int words = wide ? 44 : 24;
	long long room = w - 2 - words, span = insights_day_number(last) - insights_day_number(first) + 1;
	if (room < 7)
		return;
	if (span > room)
		first = insights_day_from_number(insights_day_number(last) - room + 1);
	struct insights_period p;
	if (insights_period_init(&p, first, last, today) != 0)
		return;
	struct insights_journal j;
	insights_journal_init(&j, &p);
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].type == MODEL_JOURNAL)
			insights_journal_add(&j, &p, l->items[i].rec);
	insights_journal_finish(&j, &p);
	int x = 1 + tui_draw_text(win, y, 1, 5, "Mood ", TUI_R_HEADER);
	tui_chart_spark_max(win, y, x, j.daily_mood, (size_t)p.days, 5000);
	x += p.days + 1;
	char avg[DECIMAL_TEXT_MAX], trend[DECIMAL_TEXT_MAX], t[160];
	if (j.with_mood == 0) {
		snprintf(t, sizeof t, "no mood in %d days", p.days);
	} else {
		mood_fmt(j.mood_avg, avg);
		if (!wide) {
			snprintf(t, sizeof t, "avg %s, %d days", avg, p.days);
		} else {
			char from[11], to[11];
			dates_day_format(p.first, from);
			dates_day_format(p.last, to);
			mood_fmt(j.trend, trend);
			if (j.has_trend)
				snprintf(t, sizeof t, "avg %s, trend %s%s, %s..%s", avg, j.trend > 0 ? "+" : "", trend, from + 5,
				    to + 5);
			else
				snprintf(t, sizeof t, "avg %s, %s..%s", avg, from + 5, to + 5);
		}
	}
	tui_draw_text(win, y, x, w - x - 1, t, TUI_R_DIM);
	insights_journal_done(&j);
}
