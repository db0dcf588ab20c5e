/* The day's macro split (views/meals_macros.h). */
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/insights.h"
#include "datastore/timefmt.h"
#include "tui/draw.h"
#include "views/meals_macros.h"

static void
grams(long long milli, char out[DECIMAL_TEXT_MAX])
{
	/* To 0.1 g (a sum of exact amounts; trailing zeros dropped). */
	decimal_format(insights_div_round(milli, 100) * 100, out);
}

void
view_meals_macros_draw(WINDOW *win, int y, int w, const struct store_list *l, struct day d)
{
	struct insights_period p;
	struct insights_meals m;
	if (insights_period_init(&p, d, d, dates_day_of(clock_now_ms())) != 0)
		return;
	insights_meals_init(&m, &p, NULL);
	for (size_t i = 0; i < l->count; i++)
		if (l->items[i].type == MODEL_MEAL)
			insights_meals_add(&m, &p, l->items[i].rec);
	insights_meals_finish(&m, &p);
	char pg[DECIMAL_TEXT_MAX], cg[DECIMAL_TEXT_MAX], fg[DECIMAL_TEXT_MAX];
	grams(m.protein, pg);
	grams(m.carbs, cg);
	grams(m.fat, fg);
	if (!m.has_split) {
		if (m.count > 0)
			tui_draw_text(win, y, 1, w - 2, "Macros: none given", TUI_R_DIM);
		insights_meals_done(&m);
		return;
	}
	long long sp = insights_div_round(m.split_protein, 1000), sc = insights_div_round(m.split_carbs, 1000),
	    sf = insights_div_round(m.split_fat, 1000);
	if (w >= 64)
		tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "Macros: protein %s g %lld%%  carbs %s g %lld%%  fat %s g %lld%%",
		    pg, sp, cg, sc, fg, sf);
	else
		tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "P %sg %lld%%  C %sg %lld%%  F %sg %lld%%", pg, sp, cg, sc, fg,
		    sf);
	insights_meals_done(&m);
}
