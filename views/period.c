/* Periods and the range job. */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "datastore/store_collect.h"
#include "util/xmalloc.h"
#include "views/period.h"

#define RANGE_PAGE 500

void
view_period_today(struct view_period *p, enum view_span span)
{
	p->anchor = dates_day_of(clock_now_ms());
	p->span = span;
	p->base = span;
}

static struct day
next_month(struct day first)
{
	return dates_month_start(dates_day_add(first, 31));
}

void
view_period_days(const struct view_period *p, struct day *first, struct day *end)
{
	switch (p->span) {
	case VIEW_DAY:
		*first = p->anchor;
		*end = dates_day_add(p->anchor, 1);
		return;
	case VIEW_WEEK:
		*first = dates_week_start(p->anchor);
		*end = dates_day_add(*first, 7);
		return;
	case VIEW_WEEKS4:
		*end = dates_day_add(dates_week_start(p->anchor), 7);
		*first = dates_day_add(*end, -28);
		return;
	case VIEW_MONTH:
		*first = dates_month_start(p->anchor);
		*end = next_month(*first);
		return;
	}
}

void
view_period_range(const struct view_period *p, ms_t *from, ms_t *to)
{
	struct day a, b;
	view_period_days(p, &a, &b);
	*from = dates_day_start(a);
	*to = dates_day_start(b);
}

long long
view_period_index(struct day d)
{
	return timefmt_days_from_civil(d.y, d.m, d.d);
}

int
view_period_ndays(const struct view_period *p)
{
	struct day a, b;
	view_period_days(p, &a, &b);
	return (int)(view_period_index(b) - view_period_index(a));
}

bool
view_period_key(struct view_period *p, enum tui_action act)
{
	struct day a, b;
	switch (act) {
	case TUI_ACT_PREV_PERIOD:
		view_period_days(p, &a, &b);
		if (p->span == VIEW_MONTH)
			p->anchor = dates_month_start(dates_day_add(a, -1));
		else
			p->anchor = dates_day_add(p->anchor, -view_period_ndays(p));
		return true;
	case TUI_ACT_NEXT_PERIOD:
		view_period_days(p, &a, &b);
		p->anchor = p->span == VIEW_MONTH ? b : dates_day_add(p->anchor, view_period_ndays(p));
		return true;
	case TUI_ACT_TODAY:
		p->anchor = dates_day_of(clock_now_ms());
		return true;
	case TUI_ACT_WEEK:
		p->span = p->span == VIEW_WEEK ? (p->base == VIEW_WEEK ? VIEW_DAY : p->base) : VIEW_WEEK;
		return true;
	case TUI_ACT_MONTH:
		p->span = p->span == VIEW_MONTH ? (p->base == VIEW_MONTH ? VIEW_DAY : p->base) : VIEW_MONTH;
		return true;
	default:
		return false;
	}
}

void
view_period_label(const struct view_period *p, char *out, size_t size)
{
	static const char *const months[12] = { "January", "February", "March", "April", "May", "June", "July",
		"August", "September", "October", "November", "December" };
	struct day a, b;
	char s[11], e[11];
	view_period_days(p, &a, &b);
	dates_day_format(a, s);
	dates_day_format(dates_day_add(b, -1), e);
	switch (p->span) {
	case VIEW_DAY:
		snprintf(out, size, "%s %s", present_weekday(a), s);
		return;
	case VIEW_WEEK:
		snprintf(out, size, "week %s .. %s", s, e);
		return;
	case VIEW_WEEKS4:
		snprintf(out, size, "4 weeks %s .. %s", s, e);
		return;
	case VIEW_MONTH:
		snprintf(out, size, "%s %d", months[(a.m - 1) % 12], a.y);
		return;
	}
}

static void
range_free(void *p)
{
	struct view_range *r = p;
	view_range_done(r);
	free(r);
}

void
view_range_done(struct view_range *r)
{
	free(r->user_id);
	r->user_id = NULL;
	store_list_done(&r->l);
}

/* One page of a range for store_collect, noted for the explain pane. */
struct range_pages {
	struct table *t;
	struct view_range *r;
};

static int
range_page(void *ctx, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct range_pages *p = ctx;
	const struct view_range *r = p->r;
	return store_range(p->t, r->user_id, r->type, r->from, r->to, r->newest_first, pg, page, err);
}

int
view_range_run(struct tui_job *j, struct table *t, struct view_range *r)
{
	struct range_pages p = { t, r };
	return store_collect(range_page, &p, RANGE_PAGE, r->max, &r->l, &r->cut, &j->err);
}

static int
range_job_run(struct tui_job *j, struct table *t)
{
	return view_range_run(j, t, j->data);
}

struct tui_job *
view_range_job(const char *user_id, enum model_type type, ms_t from, ms_t to, bool newest_first, size_t max)
{
	struct view_range *r = xcalloc(1, sizeof *r);
	r->user_id = xstrdup(user_id);
	r->type = type;
	r->from = from;
	r->to = to;
	r->newest_first = newest_first;
	r->max = max;
	return tui_job_new(range_job_run, r, range_free);
}
