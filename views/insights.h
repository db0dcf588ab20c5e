/* The Insights screen (views/insights.c): the seventh tab (key 7). */
#ifndef AILIFE_VIEWS_INSIGHTS_H
#define AILIFE_VIEWS_INSIGHTS_H

#include "tui/app.h"

extern const struct tui_screen view_insights_screen;

#endif
