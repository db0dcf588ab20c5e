/*
 * Today: the profile's name, today's calories against the daily target,
 * active goals with progress bars (AP4), today's activities, meals and
 * workouts (AP8, AP10, AP11 at once) and a 14-day activity sparkline (AP8).
 * e edits the profile; l logs an activity.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "tui/chart.h"
#include "tui/draw.h"
#include "util/xmalloc.h"
#include "views/forms.h"
#include "views/goals.h"
#include "views/period.h"
#include "views/session.h"
#include "views/views.h"

#define SPARK_DAYS 14

static const enum model_type today_types[3] = { MODEL_ACTIVITY, MODEL_MEAL, MODEL_WORKOUT };

struct today_load {
	char *user_id;
	ms_t from, to;           /* today */
	ms_t spark_from;
	struct store_list today[3];
	struct store_list goals;
	struct view_range spark;
};

struct profile_view {
	struct today_load *d;    /* the last answer */
	bool loaded;
	struct day day;
	int top;                 /* the first line shown: j/k scroll a screen taller than the window */
	int content_h, page;     /* lines of the last draw, and the window's */
};

/* Today is drawn into a pad this tall, then the window shows the part from top. */
#define PAD_LINES 400

static void
today_load_free(void *p)
{
	struct today_load *t = p;
	free(t->user_id);
	for (int i = 0; i < 3; i++)
		store_list_done(&t->today[i]);
	store_list_done(&t->goals);
	view_range_done(&t->spark);
	free(t);
}

static int
today_load_run(struct tui_job *j, struct table *t)
{
	struct today_load *d = j->data;
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	if (store_ranges(t, d->user_id, today_types, 3, d->from, d->to, false, 200, d->today, &j->err) != 0)
		return -1;
	if (store_goals_by_status(t, d->user_id, "active", pg, &d->goals, &j->err) != 0)
		return -1;
	d->spark.user_id = xstrdup(d->user_id);
	d->spark.type = MODEL_ACTIVITY;
	d->spark.from = d->spark_from;
	d->spark.to = d->to;
	d->spark.max = 5000;
	return view_range_run(j, t, &d->spark);
}

static void
load(struct tui_view *v)
{
	struct profile_view *pv = v->data;
	struct today_load *d = xcalloc(1, sizeof *d);
	pv->day = dates_day_of(clock_now_ms());
	d->user_id = xstrdup(view_session_user(v->app));
	d->from = dates_day_start(pv->day);
	d->to = dates_day_start(dates_day_add(pv->day, 1));
	d->spark_from = dates_day_start(dates_day_add(pv->day, -(SPARK_DAYS - 1)));
	tui_app_load(v, tui_job_new(today_load_run, d, today_load_free));
}

static void
profile_init(struct tui_view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct profile_view));
	load(v);
}

static void
profile_free(struct tui_view *v)
{
	struct profile_view *pv = v->data;
	if (pv->d != NULL)
		today_load_free(pv->d);
	free(pv);
}

static void
profile_show(struct tui_view *v)
{
	if (v->stale)
		load(v);
}

static void
profile_on_data(struct tui_view *v, struct tui_job *j)
{
	struct profile_view *pv = v->data;
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "today")) {
		pv->loaded = false;
		return;
	}
	if (pv->d != NULL)
		today_load_free(pv->d);
	pv->d = j->data;
	j->data = NULL;
	pv->loaded = true;
}

static long long
calories_today(const struct today_load *d)
{
	long long sum = 0;
	for (size_t i = 0; i < d->today[1].count; i++)
		sum += ((const struct model_meal *)d->today[1].items[i].rec)->calories.v;
	return sum;
}

/* A list of today's records under a heading; returns the next free line. */
static int
draw_records(struct tui_view *v, WINDOW *win, int y, int x, int h, int w, const char *heading,
    const struct store_list *l)
{
	if (y >= h)
		return y;
	tui_draw_textf(win, y++, x, w, TUI_R_HEADER, "%s (%zu)", heading, l->count);
	if (l->count == 0 && y < h)
		tui_draw_text(win, y++, x + 1, w - 1, "nothing yet", TUI_R_DIM);
	for (size_t i = 0; i < l->count && y < h; i++) {
		const struct store_item *it = &l->items[i];
		char when[40], *sum;
		present_time(present_occurred_at(it->type, it->rec), when, sizeof when);
		if (it->type == MODEL_ACTIVITY) {
			const struct model_activity *a = it->rec;
			const char *title = view_session_goal_title(v->app, a->goal_id);
			char n[32];
			present_num(&a->amount, n);
			sum = xasprintf("+%s %s%s%s", n, title != NULL ? title : a->goal_id, a->note != NULL ? ": " : "",
			    a->note != NULL ? a->note : "");
		} else {
			sum = present_summary(it->type, it->rec);
		}
		tui_draw_text(win, y, x + 1, 5, when + (strlen(when) > 11 ? 11 : 0), TUI_R_DIM);
		tui_draw_text(win, y, x + 7, w - 7, sum, TUI_R_NORMAL);
		free(sum);
		y++;
	}
	return y;
}

/* The whole of Today from line 0 into win (h lines); returns the lines it took. */
static int
draw_content(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct profile_view *pv = v->data;
	const struct model_user *u = view_session_profile(v->app);
	char day[11], line[256];
	int y = 0;
	if (u == NULL)
		return 0;
	dates_day_format(pv->day, day);
	snprintf(line, sizeof line, "%s %s  %s, %s", present_weekday(pv->day), day, u->timezone,
	    u->units != NULL ? u->units : "metric");
	tui_draw_header(win, w, u->name, line);
	y++;
	if (!pv->loaded) {
		if (v->loading)
			tui_draw_text(win, y + 1, 1, w - 2, "loading today...", TUI_R_DIM);
		else
			y += tui_app_draw_failed(v, win, y + 1, h - y - 1, w);
		return y + 2;
	}
	const struct today_load *d = pv->d;
	long long kcal = calories_today(d);
	char k[32], target[32];
	struct model_num kn = { true, kcal };
	present_num(&kn, k);
	y++;
	if (u->daily_calorie_target.set) {
		present_num(&u->daily_calorie_target, target);
		int x = 1 + tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "Calories %s / %s kcal  ", k, target);
		int bw = w - x - 8;
		if (bw > 30)
			bw = 30;
		if (bw > 3) {
			tui_chart_bar(win, y, x, bw, kcal, u->daily_calorie_target.v);
			long long pct = present_percent(kcal, u->daily_calorie_target.v);
			tui_draw_textf(win, y, x + bw + 1, w - x - bw - 2,
			    kcal > u->daily_calorie_target.v ? TUI_R_WARN : TUI_R_NORMAL, "%lld%%", pct);
		}
	} else {
		tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "Calories %s kcal (no daily target%s)", k,
		    tui_app_read_only(v->app) ? "" : ": e sets one");
	}
	y += 2;

	/* 14 days of activity, one column a day. */
	long long counts[SPARK_DAYS];
	memset(counts, 0, sizeof counts);
	long long first = view_period_index(dates_day_add(pv->day, -(SPARK_DAYS - 1)));
	for (size_t i = 0; i < d->spark.l.count; i++) {
		const struct model_activity *a = d->spark.l.items[i].rec;
		long long idx = view_period_index(present_day(a->occurred_at)) - first;
		if (idx >= 0 && idx < SPARK_DAYS)
			counts[idx]++;
	}
	if (y < h) {
		int x = 1 + tui_draw_text(win, y, 1, w - 2, "Last 14 days  ", TUI_R_NORMAL);
		tui_chart_spark(win, y, x, counts, SPARK_DAYS);
		tui_draw_textf(win, y, x + SPARK_DAYS + 1, w - x - SPARK_DAYS - 2, TUI_R_DIM, "%zu activities",
		    d->spark.l.count);
		y += 2;
	}

	if (y < h)
		tui_draw_textf(win, y++, 1, w - 2, TUI_R_HEADER, "Active goals (%zu)", d->goals.count);
	if (d->goals.count == 0 && y < h)
		tui_draw_text(win, y++, 2, w - 3, tui_app_read_only(v->app) ? "none: 2 opens the goals" : "none: 2 opens the goals, a adds one",
		    TUI_R_DIM);
	size_t shown = 0;
	int room = (h - y) / 2;
	for (size_t i = 0; i < d->goals.count && y < h && (int)shown < (room > 3 ? room : 3); i++, shown++) {
		const struct model_goal *g = d->goals.items[i].rec;
		int tw = w >= 80 ? 30 : w / 3;
		if (view_goal_overdue(g))
			tui_draw_text(win, y, 1, 1, "!", TUI_R_OVERDUE);
		tui_draw_text(win, y, 2, tw, g->title, view_goal_overdue(g) ? TUI_R_OVERDUE : TUI_R_NORMAL);
		int bw = w - tw - 26;
		if (bw > 24)
			bw = 24;
		if (bw > 3)
			tui_chart_bar(win, y, 3 + tw, bw, g->progress.v, g->target.v);
		char *amount = present_amount(g);
		tui_draw_text(win, y, 4 + tw + (bw > 3 ? bw : 0), w - tw - bw - 5, amount, TUI_R_NORMAL);
		free(amount);
		y++;
	}
	if (shown < d->goals.count && y < h)
		tui_draw_textf(win, y++, 2, w - 3, TUI_R_DIM, "... %zu more on screen 2", d->goals.count - shown);
	y++;
	if (w >= 100) {
		int cw = w / 2 - 1;
		int y1 = draw_records(v, win, y, 1, h, cw, "Today's activities", &d->today[0]);
		int y2 = draw_records(v, win, y, cw + 2, h, cw - 1, "Today's workouts", &d->today[2]);
		y = y1 > y2 ? y1 : y2;
	} else {
		y = draw_records(v, win, y, 1, h, w - 2, "Today's activities", &d->today[0]);
		y = draw_records(v, win, y, 1, h, w - 2, "Today's workouts", &d->today[2]);
	}
	return y;
}

/*
 * Today may be taller than the window (17 activities...): it is drawn whole
 * into a pad, the window shows h lines of it from top, and the last line says
 * how much more there is while something is below.
 */
static void
profile_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct profile_view *pv = v->data;
	WINDOW *pad = newpad(PAD_LINES, w);
	if (pad == NULL) {
		draw_content(v, win, h, w);
		return;
	}
	int n = draw_content(v, pad, PAD_LINES, w);
	pv->content_h = n;
	pv->page = h;
	int max_top = n > h ? n - h + 1 : 0;
	if (pv->top > max_top)
		pv->top = max_top;
	int shown = n - pv->top < h ? n - pv->top : h;
	if (shown > 0)
		copywin(pad, win, pv->top, 0, 0, 0, shown - 1, w - 1, FALSE);
	delwin(pad);
	if (pv->top + h < n) {
		/* The last line: what is below, and how to see it. */
		wmove(win, h - 1, 0);
		wclrtoeol(win);
		tui_draw_textf(win, h - 1, 1, w - 2, TUI_R_DIM, "%s %d more line%s below (j/k scroll)",
		    tui_draw_utf8() ? "\xe2\x96\xbc" : "v", n - pv->top - h + 1, n - pv->top - h + 1 == 1 ? "" : "s");
	}
}

static bool
profile_key(struct tui_view *v, const struct tui_key *k)
{
	struct profile_view *pv = v->data;
	int max_top = pv->content_h > pv->page ? pv->content_h - pv->page + 1 : 0;
	/* The list moves scroll Today (its own keys come first: e, l). */
	switch (tui_keys_action(k->code, TUI_KC_LIST)) {
	case TUI_ACT_DOWN:
		if (pv->top < max_top)
			pv->top++;
		return true;
	case TUI_ACT_UP:
		if (pv->top > 0)
			pv->top--;
		return true;
	case TUI_ACT_PGDN:
		pv->top = pv->top + pv->page - 1 < max_top ? pv->top + pv->page - 1 : max_top;
		return true;
	case TUI_ACT_PGUP:
		pv->top = pv->top > pv->page - 1 ? pv->top - (pv->page - 1) : 0;
		return true;
	case TUI_ACT_TOP:
		pv->top = 0;
		return true;
	case TUI_ACT_BOTTOM:
		pv->top = max_top;
		return true;
	default:
		break;
	}
	switch (k->act) {
	case TUI_ACT_PROFILE_EDIT:
		view_form_open(v->app, MODEL_USER, view_session_profile(v->app), NULL);
		return true;
	case TUI_ACT_LOG:
		view_form_open(v->app, MODEL_ACTIVITY, NULL, NULL);
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_profile_screen = {
	.name = "Today",
	.keys = TUI_KC_PROFILE,
	.init = profile_init,
	.free = profile_free,
	.draw = profile_draw,
	.key = profile_key,
	.on_data = profile_on_data,
	.show = profile_show,
};
