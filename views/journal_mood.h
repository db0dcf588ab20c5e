/*
 * The journal's mood over the period shown (issue 16, views/journal_mood.c):
 * the days from the oldest entry loaded to today, one sparkline cell a day on
 * the 1-5 scale (blank: no mood that day), with the average and trend of
 * datastore/insights.h (insights_journal_*) fed the entries already loaded:
 * no request of its own.
 */
#ifndef AILIFE_VIEWS_JOURNAL_MOOD_H
#define AILIFE_VIEWS_JOURNAL_MOOD_H

#include "datastore/store.h"
#include "tui/app.h"

/* Draws the line at y of win, w columns wide, for the entries of l (journal records). */
void view_journal_mood_draw(WINDOW *win, int y, int w, const struct store_list *l);

#endif
