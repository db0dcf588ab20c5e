/*
 * The goal detail's pace, streak and month heatmap (views/goal_pace.h): one
 * insights_load of the goal alone (AP3 GetItem, its activities of the month
 * AP7, the current streak from the month's days or AP6 newest first up to
 * the first gap), on the worker. Nothing is computed here but layout.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/insights_load.h"
#include "tui/draw.h"
#include "tui/heatmap.h"
#include "util/xmalloc.h"
#include "views/goal_pace.h"
#include "views/period.h"
#include "views/session.h"

/* Beside the list from this width on; the heatmap is 14 columns and a margin. */
#define SIDE_MIN_W 64
#define SIDE_W 18

struct goal_pace {
	struct view_period p;    /* the month shown */
	struct insights_report r;        /* its days: the heatmap */
	struct insights_report now;      /* this month: the pace and streak, whatever month is shown */
	bool loaded, loading;
	bool calendar;           /* c: the heatmap in place of the list */
	unsigned seq;            /* each load's number: older answers are dropped */
	char failed[512];
};

struct pace_job {
	unsigned seq;
	char *user_id, *goal_id;
	struct model_user *profile;
	struct insights_request q, q_now;
	struct insights_report r, now;
	bool same;               /* the month shown is this month: one load */
};

static void
pace_job_free(void *data)
{
	struct pace_job *pj = data;
	insights_report_done(&pj->r);
	insights_report_done(&pj->now);
	free(pj->user_id);
	free(pj->goal_id);
	if (pj->profile != NULL)
		model_free(MODEL_USER, pj->profile);
	free(pj);
}

static int
pace_job_run(struct tui_job *j, struct table *t)
{
	struct pace_job *pj = j->data;
	if (insights_load(t, &pj->q, &pj->r, &j->err) != 0)
		return -1;
	return pj->same ? 0 : insights_load(t, &pj->q_now, &pj->now, &j->err);
}

struct goal_pace *
goal_pace_new(void)
{
	struct goal_pace *gp = xcalloc(1, sizeof *gp);
	view_period_today(&gp->p, VIEW_MONTH);
	return gp;
}

void
goal_pace_free(struct goal_pace *gp)
{
	if (gp == NULL)
		return;
	insights_report_done(&gp->r);
	insights_report_done(&gp->now);
	free(gp);
}

void
goal_pace_load(struct goal_pace *gp, struct tui_view *v, const struct model_goal *g)
{
	struct pace_job *pj = xcalloc(1, sizeof *pj);
	struct day first, end;
	const struct model_user *profile = view_session_profile(v->app);
	view_period_days(&gp->p, &first, &end);
	pj->seq = ++gp->seq;
	pj->user_id = xstrdup(g->c.user_id);
	pj->goal_id = xstrdup(g->goal_id);
	pj->profile = profile != NULL ? model_copy(MODEL_USER, profile) : NULL;
	pj->q.user_id = pj->user_id;
	pj->q.profile = pj->profile;
	pj->q.goal_id = pj->goal_id;
	pj->q.goal_only = true;
	pj->q.streaks = true;
	struct day today = dates_day_of(clock_now_ms());
	insights_period_init(&pj->q.period, first, dates_day_add(end, -1), today);
	struct view_period cur;
	view_period_today(&cur, VIEW_MONTH);
	view_period_days(&cur, &first, &end);
	pj->q_now = pj->q;
	insights_period_init(&pj->q_now.period, first, dates_day_add(end, -1), today);
	pj->same = pj->q_now.period.first.y == pj->q.period.first.y && pj->q_now.period.first.m == pj->q.period.first.m;
	struct tui_job *j = tui_job_new(pace_job_run, pj, pace_job_free);
	j->kind = GOAL_PACE_JOB;
	gp->loading = true;
	tui_app_submit(v, j);
}

bool
goal_pace_on_data(struct goal_pace *gp, struct tui_view *v, struct tui_job *j)
{
	if (j->kind != GOAL_PACE_JOB)
		return false;
	struct pace_job *pj = j->data;
	if (pj->seq != gp->seq)
		return true;     /* an older month or goal */
	gp->loading = false;
	if (j->rc != 0) {
		snprintf(gp->failed, sizeof gp->failed, "%s", j->err.message[0] != '\0' ? j->err.message : "failed");
		gp->loaded = false;
		return true;
	}
	gp->failed[0] = '\0';
	insights_report_done(&gp->r);
	insights_report_done(&gp->now);
	gp->r = pj->r;
	memset(&pj->r, 0, sizeof pj->r);
	gp->now = pj->now;
	memset(&pj->now, 0, sizeof pj->now);
	gp->loaded = gp->r.ngoals > 0 && (pj->same || gp->now.ngoals > 0);
	return true;
}

bool
goal_pace_key(struct goal_pace *gp, struct tui_view *v, const struct model_goal *g, const struct tui_key *k)
{
	switch (k->act) {
	case TUI_ACT_PREV_PERIOD:
	case TUI_ACT_NEXT_PERIOD:
		if (view_period_key(&gp->p, k->act))
			goal_pace_load(gp, v, g);
		return true;
	case TUI_ACT_CALENDAR:
		gp->calendar = !gp->calendar;
		return true;
	default:
		return false;
	}
}

static void
fmt(long long milli, char out[32])
{
	/* Two decimals, as the report's text shows a day's amounts. */
	decimal_format(insights_div_round(milli, 10) * 10, out);
}

/* "needs 2.59 km/day, 5/day this month: ahead by 13 days" (short: "ahead 13d: 2.59/day needed, 5 done"). */
static void
pace_text(const struct insights_goal *g, bool shrt, char *out, size_t size)
{
	char need[32], avg[32], off[48] = "";
	const char *u = g->unit != NULL ? g->unit : "";
	fmt(g->needed, need);
	fmt(g->avg, avg);
	switch (g->pace) {
	case INSIGHTS_PACE_AHEAD:
	case INSIGHTS_PACE_BEHIND:
		if (g->finish_known)
			snprintf(off, sizeof off, shrt ? "%s %dd" : "%s by %d day%s", insights_pace_text(g->pace), abs(g->days_off),
			    abs(g->days_off) == 1 ? "" : "s");
		else
			snprintf(off, sizeof off, "%s", insights_pace_text(g->pace));
		/* fall through */
	case INSIGHTS_PACE_ON_TRACK:
		if (off[0] == '\0')
			snprintf(off, sizeof off, "%s", insights_pace_text(g->pace));
		if (shrt)
			snprintf(out, size, "%s: needs %s/day, does %s", off, need, avg);
		else
			snprintf(out, size, "needs %s %s/day, %s/day this month: %s", need, u, avg, off);
		return;
	case INSIGHTS_PACE_NO_DUE:
		snprintf(out, size, shrt ? "%s/day done, no due date" : "%s %s/day this month, no due date", avg, u);
		return;
	default:
		snprintf(out, size, "%s", insights_pace_text(g->pace));
		return;
	}
}

static void
streak_text(const struct insights_goal *g, char *out, size_t size)
{
	snprintf(out, size, "streak %d%s day%s", g->current_streak, g->streak_more ? "+" : "",
	    g->current_streak == 1 ? "" : "s");
}

/*
 * The month's title, heatmap and total from (y, x), at most h lines by w
 * columns: above and below the grid (beside), or to its right (alone, so that
 * a six-week month fits 40x12). Returns the lines used.
 */
static int
draw_month(struct goal_pace *gp, WINDOW *win, int y, int x, int h, int w, bool beside)
{
	char label[64], tot[32], sum[600] = "", days[48] = "";
	view_period_label(&gp->p, label, sizeof label);
	if (h <= 0)
		return 0;
	/* The grid of the month the label names: while another month loads, none. */
	struct day first, end;
	view_period_days(&gp->p, &first, &end);
	bool shown = gp->loaded && gp->r.period.first.y == first.y && gp->r.period.first.m == first.m;
	const struct insights_goal *g = shown ? &gp->r.goals[0] : NULL;
	if (g != NULL) {
		fmt(g->total, tot);
		snprintf(days, sizeof days, "%d active day%s", g->active_days, g->active_days == 1 ? "" : "s");
		/* Beside the list: the total and the days on two lines of the panel's width. */
		snprintf(sum, sizeof sum, beside ? "%s %s" : "%s %s, %s", tot, g->unit != NULL ? g->unit : "", days);
	} else {
		snprintf(sum, sizeof sum, "%s", gp->failed[0] != '\0' ? gp->failed : "loading...");
	}
	int gy = y, used = 0;
	if (beside) {
		tui_draw_text(win, y, x, w, label, TUI_R_HEADER);
		gy = y + 1;
		used = 1;
	} else if (w > 17) {
		tui_draw_text(win, y, x + 16, w - 16, label, TUI_R_HEADER);
		if (h > 1)
			tui_draw_text(win, y + 1, x + 16, w - 16, sum, g != NULL ? TUI_R_DIM : TUI_R_ERROR);
	}
	if (g == NULL) {
		if (beside && used < h)
			tui_draw_text(win, gy, x, w, sum, gp->failed[0] != '\0' ? TUI_R_ERROR : TUI_R_DIM);
		return used + 1;
	}
	/* The days up to today: a day to come is no cell (a dot is a day without activity). */
	used += tui_heatmap_draw(win, gy, x, h - used, gp->r.period.first, g->daily, (size_t)gp->r.period.passed);
	if (beside && used < h)
		tui_draw_text(win, y + used++, x, w, sum, TUI_R_DIM);
	if (beside && used < h)
		tui_draw_text(win, y + used++, x, w, days, TUI_R_DIM);
	return used;
}

bool
goal_pace_takes_body(const struct goal_pace *gp, int h, int w)
{
	return gp->calendar && !(w >= SIDE_MIN_W && h - 3 >= 9);
}

int
goal_pace_draw(struct goal_pace *gp, struct tui_view *v, WINDOW *win, int y, int h, int w, int *list_w)
{
	char pace[160], streak[48];
	bool side = w >= SIDE_MIN_W && h - 3 >= 9, narrow = w < SIDE_MIN_W;
	int lines = narrow ? 2 : 1;
	*list_w = side ? w - SIDE_W : w;
	if (!gp->loaded) {
		const char *why = gp->failed[0] != '\0' ? gp->failed : "pace: loading...";
		tui_draw_text(win, y, 1, w - 2, why, gp->failed[0] != '\0' ? TUI_R_ERROR : TUI_R_DIM);
	} else {
		/* The pace and streak of today (this month's average), the heatmap of the month shown. */
		const struct insights_goal *g = gp->now.ngoals > 0 ? &gp->now.goals[0] : &gp->r.goals[0];
		enum tui_role role = g->pace == INSIGHTS_PACE_BEHIND || g->pace == INSIGHTS_PACE_OVERDUE ? TUI_R_ERROR :
		    TUI_R_NORMAL;
		pace_text(g, narrow, pace, sizeof pace);
		streak_text(g, streak, sizeof streak);
		int x = 1 + tui_draw_text(win, y, 1, w - 2, streak, TUI_R_GOOD);
		/* Narrow: the pace on a line of its own, so that it is not cut. */
		if (narrow)
			tui_draw_text(win, y + 1, 1, w - 2, pace, role);
		else if (x < w - 3)
			tui_draw_text(win, y, x + 2, w - x - 3, pace, role);
	}
	if (side) {
		draw_month(gp, win, y + 1, w - SIDE_W + 2, h - y - 1, SIDE_W - 3, true);
	} else if (gp->calendar) {
		draw_month(gp, win, y + lines, 1, h - y - lines, w - 2, false);
		*list_w = 0;
	}
	return lines;
}
