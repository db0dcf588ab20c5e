/*
 * The macro split of the day on the meals screen (issue 16,
 * views/meals_macros.c): protein, carbs and fat in grams and in percent of
 * their energy, from datastore/insights.h (insights_meals_*) fed the meals
 * already loaded: no request of its own.
 */
#ifndef AILIFE_VIEWS_MEALS_MACROS_H
#define AILIFE_VIEWS_MEALS_MACROS_H

#include "datastore/store.h"
#include "tui/app.h"

/* Draws the line at y of win, w columns wide, for the meals of l on day d. */
void view_meals_macros_draw(WINDOW *win, int y, int w, const struct store_list *l, struct day d);

#endif
