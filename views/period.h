/*
 * Periods of the time screens (a day, a week, a month) and moving them with
 * [ ] t w m; and the range job those screens share (AP8-AP11 over GSI2, every
 * page up to a ceiling).
 */
#ifndef AILIFE_VIEWS_PERIOD_H
#define AILIFE_VIEWS_PERIOD_H

#include <stdbool.h>

#include "datastore/dates.h"
#include "tui/app.h"

enum view_span { VIEW_DAY, VIEW_WEEK, VIEW_MONTH, VIEW_WEEKS4 };

struct view_period {
	struct day anchor;       /* a day inside the period */
	enum view_span span;
	enum view_span base;     /* what w / m return to when pressed again */
};

/* Today, in the given span. */
void view_period_today(struct view_period *p, enum view_span span);
/* The first day of the period and the first day after it. */
void view_period_days(const struct view_period *p, struct day *first, struct day *end);
void view_period_range(const struct view_period *p, ms_t *from, ms_t *to);
/* Number of days in the period. */
int view_period_ndays(const struct view_period *p);
/* [ ] t w m: true when the period changed. */
bool view_period_key(struct view_period *p, enum tui_action act);
/* "Thu 2026-11-26", "week of 2026-11-23", "November 2026". */
void view_period_label(const struct view_period *p, char *out, size_t size);
/* Days since 1970 of a day (for indexing). */
long long view_period_index(struct day d);

/* Range job: every page of one type in [from, to), at most max records. */
struct view_range {
	char *user_id;
	enum model_type type;
	ms_t from, to;
	bool newest_first;
	size_t max;
	struct store_list l;
	bool cut;                /* more than max */
};
struct tui_job *view_range_job(const char *user_id, enum model_type type, ms_t from, ms_t to, bool newest_first,
    size_t max);
/* Runs a range on the worker inside another job; -1 with j->err. */
int view_range_run(struct tui_job *j, struct table *t, struct view_range *r);
void view_range_done(struct view_range *r);

#endif
