/* The Insights screen (views/insights.c): key 7, over whatever tab is shown. */
#ifndef AILIFE_VIEWS_INSIGHTS_H
#define AILIFE_VIEWS_INSIGHTS_H

#include "tui/app.h"

extern const struct tui_screen view_insights_screen;

#endif
