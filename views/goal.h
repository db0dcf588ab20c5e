/* A goal's detail (views/goal.c): the goal, its activities a page at a time and what is linked to it. */
#ifndef AILIFE_VIEWS_GOAL_H
#define AILIFE_VIEWS_GOAL_H

#include "tui/app.h"

/* arg is the goal (copied). */
extern const struct tui_screen view_goal_screen;

#endif
