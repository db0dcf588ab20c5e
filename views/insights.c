/*
 * Insights (tab 7): the report of `ailife report` for a week or a month
 * (datastore/insights_load.h: range queries only), moved with [ ] and
 * switched with w / m like the other dated screens; j/k choose a goal, whose
 * days show as a calendar heatmap (tui/heatmap.h) below the figures.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/insights_load.h"
#include "tui/chart.h"
#include "tui/draw.h"
#include "tui/heatmap.h"
#include "util/xmalloc.h"
#include "views/insights.h"
#include "views/period.h"
#include "views/session.h"

enum { JOB_LOAD = 1 };

struct insights_job {
	struct insights_request q;
	char *user_id;
	struct model_user *profile;
	struct insights_report r;
};

struct insights_view {
	struct view_period p;
	struct insights_report r;
	bool loaded;
	size_t sel;              /* the goal whose heatmap shows */
};

static void
job_free(void *data)
{
	struct insights_job *ij = data;
	insights_report_done(&ij->r);
	free(ij->user_id);
	if (ij->profile != NULL)
		model_free(MODEL_USER, ij->profile);
	free(ij);
}

static int
job_run(struct tui_job *j, struct table *t)
{
	struct insights_job *ij = j->data;
	return insights_load(t, &ij->q, &ij->r, &j->err);
}

static void
load(struct tui_view *v)
{
	struct insights_view *iv = v->data;
	struct insights_job *ij = xcalloc(1, sizeof *ij);
	struct day first, end;
	const char *user = view_session_user(v->app);
	const struct model_user *profile = view_session_profile(v->app);
	view_period_days(&iv->p, &first, &end);
	ij->user_id = xstrdup(user != NULL ? user : "");
	ij->profile = profile != NULL ? model_copy(MODEL_USER, profile) : NULL;
	ij->q.user_id = ij->user_id;
	ij->q.profile = ij->profile;
	ij->q.streaks = true;
	insights_period_init(&ij->q.period, first, dates_day_add(end, -1), dates_day_of(clock_now_ms()));
	struct tui_job *j = tui_job_new(job_run, ij, job_free);
	j->kind = JOB_LOAD;
	tui_app_load(v, j);
}

static void
insights_init(struct tui_view *v, void *arg)
{
	struct insights_view *iv = xcalloc(1, sizeof *iv);
	v->data = iv;
	view_period_today(&iv->p, VIEW_WEEK);
	load(v);
}

static void
insights_free(struct tui_view *v)
{
	struct insights_view *iv = v->data;
	insights_report_done(&iv->r);
	free(iv);
}

static void
insights_show(struct tui_view *v)
{
	if (v->stale)
		load(v);
}

static void
insights_on_data(struct tui_view *v, struct tui_job *j)
{
	struct insights_view *iv = v->data;
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "insights")) {
		iv->loaded = false;
		return;
	}
	struct insights_job *ij = j->data;
	insights_report_done(&iv->r);
	iv->r = ij->r;
	memset(&ij->r, 0, sizeof ij->r);
	iv->loaded = true;
	if (iv->sel >= iv->r.ngoals)
		iv->sel = 0;
}

static void
round_text(long long milli, int d, char out[32])
{
	long long unit = d <= 0 ? 1000 : d == 1 ? 100 : d == 2 ? 10 : 1;
	decimal_format(insights_div_round(milli, unit) * unit, out);
}

static int
draw_goals(struct insights_view *iv, WINDOW *win, int y, int h, int w)
{
	const struct insights_report *r = &iv->r;
	int y0 = y;
	if (r->ngoals == 0) {
		tui_draw_text(win, y++, 1, w - 2, "No active goals and no activity in this period.", TUI_R_DIM);
		return y - y0;
	}
	for (size_t i = 0; i < r->ngoals && y < h - 1; i++) {
		const struct insights_goal *g = &r->goals[i];
		bool sel = i == iv->sel;
		char pct[32], avg[32], need[32];
		round_text(g->percent, 0, pct);
		round_text(g->avg, 2, avg);
		round_text(g->needed, 2, need);
		int tw = w >= 60 ? 24 : 12;
		tui_draw_textf(win, y, 1, 2, sel ? TUI_R_SELECTED : TUI_R_NORMAL, "%s", sel ? ">" : " ");
		tui_draw_text(win, y, 3, tw, g->title != NULL ? g->title : g->goal_id, sel ? TUI_R_SELECTED : TUI_R_NORMAL);
		int bw = w - tw - 12 > 30 ? 20 : w - tw - 12 > 10 ? 10 : 0;
		if (bw > 0)
			tui_chart_bar(win, y, 4 + tw, bw, g->progress, g->target);
		tui_draw_textf(win, y, 5 + tw + bw, w - 6 - tw - bw, TUI_R_NORMAL, "%s%%", pct);
		y++;
		if (y >= h - 1)
			break;
		char pace[96];
		if (g->pace == INSIGHTS_PACE_AHEAD || g->pace == INSIGHTS_PACE_BEHIND) {
			if (g->finish_known)
				snprintf(pace, sizeof pace, "%s %dd, %s/day needed", insights_pace_text(g->pace), abs(g->days_off),
				    need);
			else
				snprintf(pace, sizeof pace, "behind, %s/day needed", need);
		} else {
			snprintf(pace, sizeof pace, "%s", insights_pace_text(g->pace));
		}
		if (w >= 60)
			tui_draw_textf(win, y, 5, w - 6, TUI_R_DIM, "%s a day  streak %dd (longest %d)  %s", avg,
			    g->current_streak, g->longest_streak, pace);
		else     /* narrow: the streak and the pace before the longest streak */
			tui_draw_textf(win, y, 3, w - 4, TUI_R_DIM, "%s/d streak %dd %s", avg, g->current_streak, pace);
		y++;
	}
	return y - y0;
}

static void
insights_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct insights_view *iv = v->data;
	char label[64];
	view_period_label(&iv->p, label, sizeof label);
	char *title = xasprintf("Insights: %s", label);
	tui_draw_header(win, w, title, "[ ] move  w week  m month  j/k goal");
	free(title);
	if (!iv->loaded) {
		if (v->loading)
			tui_draw_text(win, 2, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 2, h - 2, w);
		return;
	}
	const struct insights_report *r = &iv->r;
	const struct insights_meals *m = &r->meals;
	const struct insights_workouts *wo = &r->workouts;
	const struct insights_journal *jn = &r->journal;
	int y = 2;
	y += draw_goals(iv, win, y, h - 4, w);
	char kcal[32], target[32], min[32], mood[32];
	round_text(m->avg_kcal, 0, kcal);
	round_text(m->target, 0, target);
	if (y < h) {
		if (m->has_target && w < 60)
			tui_draw_textf(win, y++, 1, w - 2, TUI_R_NORMAL, "kcal %s/%s a day, %d over, %d under", kcal, target,
			    m->days_over, m->days_under);
		else if (m->has_target)
			tui_draw_textf(win, y++, 1, w - 2, TUI_R_NORMAL, "Meals: %s of %s kcal a day, %d over, %d under", kcal,
			    target, m->days_over, m->days_under);
		else
			tui_draw_textf(win, y++, 1, w - 2, TUI_R_NORMAL, "Meals: %s kcal a day (%zu meals)", kcal, m->count);
	}
	round_text(wo->minutes, 0, min);
	if (y < h)
		tui_draw_textf(win, y++, 1, w - 2, TUI_R_NORMAL, "Workouts: %zu, %s min", wo->count, min);
	if (y < h) {
		if (jn->with_mood > 0) {
			round_text(jn->mood_avg, 1, mood);
			tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "Journal: %zu entries, mood %s", jn->entries, mood);
			int x = 1 + tui_draw_width("Journal: 999 entries, mood 9.9 ") + 1;
			if (x + r->period.days < w)
				tui_chart_spark(win, y, x, jn->daily_mood, (size_t)r->period.days);
		} else {
			tui_draw_textf(win, y, 1, w - 2, TUI_R_NORMAL, "Journal: %zu entries", jn->entries);
		}
		y++;
	}
	/* The chosen goal's days as a calendar. */
	if (r->ngoals > 0 && y + 2 < h) {
		const struct insights_goal *g = &r->goals[iv->sel];
		y++;
		tui_draw_textf(win, y++, 1, w - 2, TUI_R_HEADER, "%s by day", g->title != NULL ? g->title : g->goal_id);
		/* The days up to today, as on the goal detail: a day to come is no cell. */
		tui_heatmap_draw(win, y, 1, h - y, r->period.first, g->daily, (size_t)r->period.passed);
	}
}

static bool
insights_key(struct tui_view *v, const struct tui_key *k)
{
	struct insights_view *iv = v->data;
	if (view_period_key(&iv->p, k->act)) {
		load(v);
		return true;
	}
	switch (k->act) {
	case TUI_ACT_DOWN:
		if (iv->sel + 1 < iv->r.ngoals)
			iv->sel++;
		return true;
	case TUI_ACT_UP:
		if (iv->sel > 0)
			iv->sel--;
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_insights_screen = {
	.name = "Insights",
	.keys = TUI_KC_LIST | TUI_KC_PERIOD,
	.init = insights_init,
	.free = insights_free,
	.draw = insights_draw,
	.key = insights_key,
	.on_data = insights_on_data,
	.show = insights_show,
};
