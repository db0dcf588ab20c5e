/*
 * ailife report [--week W|--month M|--from DAY --to DAY] [--goal GOAL] [--format text|markdown]:
 * goals, meals, workouts and journal side by side for a period (default this
 * week), from range queries only (datastore/insights_load.h). Text fitted to
 * the terminal (80 columns when piped), Markdown, or --json with the same
 * figures as exact decimals.
 */
#include "cli/cmd_report.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cmd_lists.h"
#include "cli/names.h"
#include "datastore/decimal.h"
#include "datastore/insights_load.h"
#include "datastore/units.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The width of text when stdout is no terminal, and the bounds of a terminal's. */
#define REPORT_WIDTH_PIPED 80
#define REPORT_WIDTH_MIN 40
#define REPORT_WIDTH_MAX 160
#define REPORT_TAGS_SHOWN 5

enum report_format { FMT_TEXT, FMT_MARKDOWN, FMT_JSON };

struct out {
	struct cli *c;
	struct buf b;
	struct report_glyphs g;
	size_t width;
	bool imperial;
	enum report_format fmt;
};

static void
num(char out[32], long long milli)
{
	decimal_format(milli, out);
}

/* Store text made inert for a terminal; for Markdown, '|' escaped too. A new string. */
static char *
text_of(const struct out *o, const char *s)
{
	char *inert = utf8_inert(s != NULL ? s : "", false);
	if (o->fmt != FMT_MARKDOWN)
		return inert;
	struct buf b;
	buf_init(&b, 0);
	for (const char *p = inert; *p != '\0'; p++) {
		if (*p == '|' || *p == '*' || *p == '_' || *p == '`' || *p == '[' || *p == ']' || *p == '<' || *p == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *p);
	}
	free(inert);
	return buf_steal(&b);
}

static void
period_line(struct out *o, const struct insights_report *r)
{
	char a[11], z[11], t[11];
	dates_day_format(r->period.first, a);
	dates_day_format(r->period.last, z);
	dates_day_format(r->period.today, t);
	if (o->fmt == FMT_MARKDOWN)
		buf_printf(&o->b, "# Report %s to %s\n\n%d days, %d passed (today %s).\n", a, z, r->period.days,
		    r->period.passed, t);
	else
		buf_printf(&o->b, "Report %s to %s: %d days, %d passed (today %s)\n", a, z, r->period.days,
		    r->period.passed, t);
}

static void
section(struct out *o, const char *name)
{
	if (o->fmt == FMT_MARKDOWN)
		buf_printf(&o->b, "\n## %s\n\n", name);
	else
		buf_printf(&o->b, "\n%s\n", name);
}

/* "behind by 4 days: 1.154 km a day needed until 2026-12-31, 1 a day done". */
static void
pace_text(const struct insights_goal *g, const char *unit, char *out, size_t size)
{
	char need[32], avg[32];
	report_round(g->needed, 2, need);
	report_round(g->avg, 2, avg);
	switch (g->pace) {
	case INSIGHTS_PACE_NO_DUE:
	case INSIGHTS_PACE_DONE:
		snprintf(out, size, "%s", insights_pace_text(g->pace));
		return;
	case INSIGHTS_PACE_OVERDUE:
		snprintf(out, size, "overdue since %s", g->due_date);
		return;
	default:
		break;
	}
	char head[64];
	if (g->pace == INSIGHTS_PACE_ON_TRACK)
		snprintf(head, sizeof head, "on track");
	else if (!g->finish_known)
		snprintf(head, sizeof head, "behind");
	else
		snprintf(head, sizeof head, "%s by %d day%s", insights_pace_text(g->pace), abs(g->days_off),
		    abs(g->days_off) == 1 ? "" : "s");
	snprintf(out, size, "%s: %s %s a day needed until %s, %s a day done", head, need, unit, g->due_date, avg);
}

static void
streak_text(const struct insights_goal *g, char *out, size_t size)
{
	if (!g->streak_known)
		snprintf(out, size, "-");
	else
		snprintf(out, size, "%d day%s", g->current_streak, g->current_streak == 1 ? "" : "s");
}

static void
text_goals(struct out *o, const struct insights_report *r)
{
	section(o, "Goals");
	if (r->ngoals == 0) {
		buf_adds(&o->b, o->fmt == FMT_MARKDOWN ? "No goals.\n" : "  no goals\n");
		return;
	}
	/* The progress column: as wide as the widest, so that titles and bars line up. */
	size_t rw = 0, bar = o->width >= 100 ? 30 : o->width >= 72 ? 20 : 10;
	for (size_t i = 0; i < r->ngoals; i++) {
		char right[160], prog[32], target[32], pct[32];
		char *unit = text_of(o, r->goals[i].unit);
		num(prog, r->goals[i].progress);
		num(target, r->goals[i].target);
		report_percent(r->goals[i].percent, pct);
		snprintf(right, sizeof right, "%s / %s %s  %s", prog, target, unit, pct);
		free(unit);
		if (utf8_width(right) > rw)
			rw = utf8_width(right);
	}
	size_t tw = o->width > rw + bar + 8 ? o->width - rw - bar - 8 : 8;
	if (o->fmt == FMT_MARKDOWN)
		buf_adds(&o->b, "| goal | progress | percent | period | per day | days | streak | longest | pace |\n"
		    "|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
	for (size_t i = 0; i < r->ngoals; i++) {
		const struct insights_goal *g = &r->goals[i];
		char prog[32], target[32], pct[32], total[32], avg[32], pace[256], streak[32];
		char *title = text_of(o, g->title), *unit = text_of(o, g->unit);
		num(prog, g->progress);
		num(target, g->target);
		report_percent(g->percent, pct);
		num(total, g->total);
		report_round(g->avg, 2, avg);
		pace_text(g, unit, pace, sizeof pace);
		streak_text(g, streak, sizeof streak);
		if (o->fmt == FMT_MARKDOWN) {
			buf_printf(&o->b, "| %s | %s / %s %s | %s | %s %s | %s | %d of %d | %s | %d | %s |\n", title, prog,
			    target, unit, pct, total, unit, avg, g->active_days, r->period.passed, streak, g->longest_streak,
			    pace);
		} else {
			/* Title and progress on one line, the bar filling what is left (at least 10 cells). */
			char right[160];
			snprintf(right, sizeof right, "%s / %s %s  %s", prog, target, unit, pct);
			char *fit = utf8_fit(title, tw);
			size_t pad = tw - utf8_width(fit);
			buf_printf(&o->b, "  %s%*s  ", fit, (int)pad, "");
			report_bar(&o->b, &o->g, g->progress, g->target, bar);
			buf_printf(&o->b, "  %s\n", right);
			free(fit);
			buf_printf(&o->b, "    this period %s %s (%s a day), %d of %d days; streak %s, longest %d\n", total,
			    unit, avg, g->active_days, r->period.passed, streak, g->longest_streak);
			buf_printf(&o->b, "    pace: %s\n", pace);
			if (r->period.days > 1) {
				buf_adds(&o->b, "    ");
				report_sparkline(&o->b, &o->g, g->daily, (size_t)r->period.days, o->width - 6);
				buf_addc(&o->b, '\n');
			}
		}
		free(title);
		free(unit);
	}
}

static void
text_meals(struct out *o, const struct insights_report *r)
{
	const struct insights_meals *m = &r->meals;
	char avg[32], target[32], p[32], cb[32], f[32], sp[32], sc[32], sf[32];
	section(o, "Meals");
	report_round(m->avg_kcal, 0, avg);
	report_round(m->avg_protein, 1, p);
	report_round(m->avg_carbs, 1, cb);
	report_round(m->avg_fat, 1, f);
	if (m->has_target)
		num(target, m->target);
	const char *lead = o->fmt == FMT_MARKDOWN ? "- " : "  ";
	buf_printf(&o->b, "%s%zu meal%s; %s kcal a day", lead, m->count, m->count == 1 ? "" : "s", avg);
	if (m->has_target)
		buf_printf(&o->b, " against %s (days over %d, under %d, on target %d)", target, m->days_over, m->days_under,
		    m->days_on);
	buf_printf(&o->b, "; %d day%s without meals\n", m->days_empty, m->days_empty == 1 ? "" : "s");
	buf_printf(&o->b, "%sa day: protein %s g, carbs %s g, fat %s g\n", lead, p, cb, f);
	if (m->has_split) {
		report_percent(m->split_protein, sp);
		report_percent(m->split_carbs, sc);
		report_percent(m->split_fat, sf);
		buf_printf(&o->b, "%senergy split: protein %s, carbs %s, fat %s\n", lead, sp, sc, sf);
		if (o->fmt == FMT_TEXT) {
			/* One bar, P then C then F, 30 cells. */
			size_t w = 30, np = (size_t)insights_div_round(m->split_protein * (long long)w, 100000),
			    nc = (size_t)insights_div_round(m->split_carbs * (long long)w, 100000);
			if (np + nc > w)
				nc = w - np;
			buf_adds(&o->b, "  ");
			for (size_t i = 0; i < w; i++)
				buf_addc(&o->b, i < np ? 'P' : i < np + nc ? 'C' : 'F');
			buf_addc(&o->b, '\n');
		}
	}
	if (o->fmt == FMT_TEXT && r->period.days > 1 && m->count > 0) {
		buf_adds(&o->b, "  ");
		report_sparkline(&o->b, &o->g, m->daily_kcal, (size_t)r->period.days, o->width - 4);
		buf_addc(&o->b, '\n');
	}
}

static void
text_workouts(struct out *o, const struct insights_report *r)
{
	const struct insights_workouts *w = &r->workouts;
	char min[32], dist[32], pw[32];
	const char *du = units_distance_unit(o->imperial);
	section(o, "Workouts");
	num(min, w->minutes);
	units_format_distance(w->distance, o->imperial, dist);
	report_round(w->per_week, 0, pw);
	const char *lead = o->fmt == FMT_MARKDOWN ? "- " : "  ";
	/* A weekly average only over a whole week passed: one day of 120 min is no "840 min a week". */
	buf_printf(&o->b, "%s%zu workout%s, %s min, %s %s", lead, w->count, w->count == 1 ? "" : "s", min, dist, du);
	if (r->period.passed >= 7)
		buf_printf(&o->b, "; %s min a week on average", pw);
	buf_addc(&o->b, '\n');
	if (w->nkinds > 0 && o->fmt == FMT_MARKDOWN)
		buf_printf(&o->b, "\n| kind | count | minutes | %s |\n|---|---:|---:|---:|\n", du);
	for (size_t k = 0; k < w->nkinds; k++) {
		const struct insights_kind *ki = &w->kinds[k];
		char *kind = text_of(o, ki->kind);
		num(min, ki->minutes);
		if (ki->has_distance)
			units_format_distance(ki->distance, o->imperial, dist);
		else
			snprintf(dist, sizeof dist, "-");
		if (o->fmt == FMT_MARKDOWN) {
			buf_printf(&o->b, "| %s | %zu | %s | %s |\n", kind, ki->count, min, dist);
		} else {
			char *fit = utf8_fit(kind, 12);
			buf_printf(&o->b, "  %s%*s %3zu %8s min %9s %s  ", fit, (int)(12 - utf8_width(fit)), "", ki->count, min,
			    dist, du);
			report_bar(&o->b, &o->g, ki->minutes, w->kinds[0].minutes, o->width >= 60 ? 20 : 8);
			buf_addc(&o->b, '\n');
			free(fit);
		}
		free(kind);
	}
	/* Weeks still to come have nothing to say yet. */
	size_t begun = 0;
	while (begun < w->nweeks && insights_day_number(w->weeks[begun].monday) <= insights_day_number(r->period.today))
		begun++;
	if (w->nweeks > 1 && begun > 0) {
		buf_adds(&o->b, o->fmt == FMT_MARKDOWN ? "\n- minutes a week:" : "  minutes a week:");
		for (size_t k = 0; k < begun; k++) {
			char wk[16];
			report_iso_week(w->weeks[k].monday, wk);
			num(min, w->weeks[k].minutes);
			buf_printf(&o->b, "%s %s %s", k > 0 ? "," : "", wk + 5, min);
		}
		buf_addc(&o->b, '\n');
	}
}

static void
text_journal(struct out *o, const struct insights_report *r)
{
	const struct insights_journal *j = &r->journal;
	char avg[32], tr[32];
	section(o, "Journal");
	const char *lead = o->fmt == FMT_MARKDOWN ? "- " : "  ";
	buf_printf(&o->b, "%s%zu entr%s", lead, j->entries, j->entries == 1 ? "y" : "ies");
	if (j->with_mood > 0) {
		report_round(j->mood_avg, 1, avg);
		buf_printf(&o->b, ", mood %s on average (%zu with a mood)", avg, j->with_mood);
	}
	if (j->has_trend) {
		report_round(j->trend, 1, tr);
		buf_printf(&o->b, ", trend %s (%s%s)", j->trend > 0 ? "up" : j->trend < 0 ? "down" : "flat",
		    j->trend > 0 ? "+" : "", tr);
	}
	buf_addc(&o->b, '\n');
	if (o->fmt == FMT_TEXT && j->with_mood > 0 && r->period.days > 1) {
		buf_adds(&o->b, "  mood ");
		report_sparkline(&o->b, &o->g, j->daily_mood, (size_t)r->period.days, o->width - 8);
		buf_addc(&o->b, '\n');
	}
	if (j->ntags > 0) {
		buf_printf(&o->b, "%stags:", lead);
		for (size_t k = 0; k < j->ntags && k < REPORT_TAGS_SHOWN; k++) {
			char *tag = text_of(o, j->tags[k].tag);
			buf_printf(&o->b, "%s %s %zu", k > 0 ? "," : "", tag, j->tags[k].count);
			free(tag);
		}
		buf_addc(&o->b, '\n');
	}
}

/* ---- JSON: written by hand, so that every number is the exact decimal ---- */

struct jw {
	struct buf *b;
	bool first[8];
	int depth;
};

static void
jw_sep(struct jw *w)
{
	if (!w->first[w->depth])
		buf_addc(w->b, ',');
	w->first[w->depth] = false;
	buf_addc(w->b, '\n');
	for (int i = 0; i < w->depth; i++)
		buf_adds(w->b, "  ");
}

static void
jw_key(struct jw *w, const char *key)
{
	jw_sep(w);
	if (key != NULL) {
		json_write_string(w->b, key, strlen(key), CLI_JSON_FLAGS);
		buf_adds(w->b, ": ");
	}
}

static void
jw_open(struct jw *w, const char *key, char c)
{
	jw_key(w, key);
	buf_addc(w->b, c);
	w->depth++;
	w->first[w->depth] = true;
}

static void
jw_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth];
	w->depth--;
	if (!empty) {
		buf_addc(w->b, '\n');
		for (int i = 0; i < w->depth; i++)
			buf_adds(w->b, "  ");
	}
	buf_addc(w->b, c);
}

static void
jw_str(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s == NULL)
		buf_adds(w->b, "null");
	else
		json_write_string(w->b, s, strlen(s), CLI_JSON_FLAGS);
}

static void
jw_dec(struct jw *w, const char *key, long long milli)
{
	char n[32];
	jw_key(w, key);
	decimal_format(milli, n);
	buf_adds(w->b, n);
}

static void
jw_int(struct jw *w, const char *key, long long v)
{
	jw_key(w, key);
	buf_printf(w->b, "%lld", v);
}

static void
jw_null(struct jw *w, const char *key)
{
	jw_key(w, key);
	buf_adds(w->b, "null");
}

static void
jw_day(struct jw *w, const char *key, struct day d)
{
	char s[11];
	dates_day_format(d, s);
	jw_str(w, key, s);
}

static void
json_daily(struct jw *w, const char *key, const long long *v, int days, bool minus_is_null)
{
	jw_open(w, key, '[');
	for (int i = 0; i < days; i++) {
		if (minus_is_null && v[i] < 0)
			jw_null(w, NULL);
		else
			jw_dec(w, NULL, v[i]);
	}
	jw_close(w, ']');
}

static void
json_report(struct out *o, const struct insights_report *r)
{
	struct jw w = { &o->b, { true, true }, 1 };
	const struct insights_period *p = &r->period;
	buf_addc(&o->b, '{');
	jw_day(&w, "from", p->first);
	jw_day(&w, "to", p->last);
	jw_day(&w, "today", p->today);
	jw_int(&w, "days", p->days);
	jw_int(&w, "daysPassed", p->passed);
	jw_str(&w, "units", o->imperial ? "imperial" : "metric");
	jw_open(&w, "goals", '[');
	for (size_t i = 0; i < r->ngoals; i++) {
		const struct insights_goal *g = &r->goals[i];
		jw_open(&w, NULL, '{');
		jw_str(&w, "id", g->goal_id);
		jw_str(&w, "title", g->title);
		jw_str(&w, "unit", g->unit);
		jw_str(&w, "status", g->status);
		if (g->category != NULL)
			jw_str(&w, "category", g->category);
		jw_dec(&w, "target", g->target);
		jw_dec(&w, "progress", g->progress);
		jw_dec(&w, "percent", g->percent);
		if (g->due_date != NULL)
			jw_str(&w, "dueDate", g->due_date);
		jw_dec(&w, "total", g->total);
		jw_int(&w, "activities", (long long)g->count);
		jw_int(&w, "activeDays", g->active_days);
		jw_dec(&w, "dailyAverage", g->avg);
		if (g->streak_known)
			jw_int(&w, "currentStreak", g->current_streak);
		else
			jw_null(&w, "currentStreak");
		jw_int(&w, "longestStreak", g->longest_streak);
		jw_open(&w, "pace", '{');
		jw_str(&w, "state", insights_pace_key(g->pace));
		jw_dec(&w, "remaining", g->remaining);
		if (g->days_left > 0) {
			jw_int(&w, "daysLeft", g->days_left);
			jw_dec(&w, "neededPerDay", g->needed);
		}
		if (g->finish_known) {
			jw_day(&w, "finish", g->finish);
			jw_int(&w, "daysAhead", g->days_off);
		}
		jw_close(&w, '}');
		json_daily(&w, "daily", g->daily, p->days, false);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	const struct insights_meals *m = &r->meals;
	jw_open(&w, "meals", '{');
	jw_int(&w, "count", (long long)m->count);
	jw_dec(&w, "calories", m->kcal);
	jw_dec(&w, "protein", m->protein);
	jw_dec(&w, "carbs", m->carbs);
	jw_dec(&w, "fat", m->fat);
	jw_open(&w, "dailyAverage", '{');
	jw_dec(&w, "calories", m->avg_kcal);
	jw_dec(&w, "protein", m->avg_protein);
	jw_dec(&w, "carbs", m->avg_carbs);
	jw_dec(&w, "fat", m->avg_fat);
	jw_close(&w, '}');
	if (m->has_target)
		jw_dec(&w, "target", m->target);
	else
		jw_null(&w, "target");
	jw_int(&w, "daysOver", m->days_over);
	jw_int(&w, "daysUnder", m->days_under);
	jw_int(&w, "daysOnTarget", m->days_on);
	jw_int(&w, "daysWithoutMeals", m->days_empty);
	if (m->has_split) {
		jw_open(&w, "split", '{');
		jw_dec(&w, "protein", m->split_protein);
		jw_dec(&w, "carbs", m->split_carbs);
		jw_dec(&w, "fat", m->split_fat);
		jw_close(&w, '}');
	} else {
		jw_null(&w, "split");
	}
	json_daily(&w, "daily", m->daily_kcal, p->days, false);
	jw_close(&w, '}');
	const struct insights_workouts *wo = &r->workouts;
	jw_open(&w, "workouts", '{');
	jw_int(&w, "count", (long long)wo->count);
	jw_dec(&w, "minutes", wo->minutes);
	jw_dec(&w, "distanceKm", wo->distance);
	jw_dec(&w, "minutesPerWeek", wo->per_week);
	jw_open(&w, "kinds", '[');
	for (size_t k = 0; k < wo->nkinds; k++) {
		jw_open(&w, NULL, '{');
		jw_str(&w, "kind", wo->kinds[k].kind);
		jw_int(&w, "count", (long long)wo->kinds[k].count);
		jw_dec(&w, "minutes", wo->kinds[k].minutes);
		if (wo->kinds[k].has_distance)
			jw_dec(&w, "distanceKm", wo->kinds[k].distance);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_open(&w, "weeks", '[');
	for (size_t k = 0; k < wo->nweeks; k++) {
		char wk[16];
		report_iso_week(wo->weeks[k].monday, wk);
		jw_open(&w, NULL, '{');
		jw_str(&w, "week", wk);
		jw_day(&w, "monday", wo->weeks[k].monday);
		jw_dec(&w, "minutes", wo->weeks[k].minutes);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	const struct insights_journal *j = &r->journal;
	jw_open(&w, "journal", '{');
	jw_int(&w, "entries", (long long)j->entries);
	jw_int(&w, "withMood", (long long)j->with_mood);
	if (j->with_mood > 0)
		jw_dec(&w, "moodAverage", j->mood_avg);
	else
		jw_null(&w, "moodAverage");
	if (j->has_trend)
		jw_dec(&w, "trend", j->trend);
	else
		jw_null(&w, "trend");
	json_daily(&w, "dailyMood", j->daily_mood, p->days, true);
	jw_open(&w, "tags", '[');
	for (size_t k = 0; k < j->ntags; k++) {
		jw_open(&w, NULL, '{');
		jw_str(&w, "tag", j->tags[k].tag);
		jw_int(&w, "count", (long long)j->tags[k].count);
		jw_close(&w, '}');
	}
	jw_close(&w, ']');
	jw_close(&w, '}');
	if (r->skipped > 0)
		jw_int(&w, "skipped", (long long)r->skipped);
	jw_close(&w, '}');
	buf_addc(&o->b, '\n');
}

/*
 * Lines wider than the width wrapped at their last space that fits, the rest
 * indented two more than the line (bars, titles and sparklines are fitted
 * already, so only sentences are wrapped).
 */
static void
wrap_text(struct buf *b, size_t width)
{
	struct buf w;
	buf_init(&w, 0);
	const char *s = b->data != NULL ? b->data : "";
	while (*s != '\0') {
		size_t len = strcspn(s, "\n");
		char *line = xstrndup(s, len);
		size_t indent = strspn(line, " ");
		const char *rest = line;
		bool first = true;
		while (utf8_width(rest) + (first ? 0 : indent + 2) > width) {
			/* The last space at which the head still fits. */
			size_t cut = 0, room = width - (first ? 0 : indent + 2);
			for (size_t i = first ? indent : 0; rest[i] != '\0'; i++) {
				if (rest[i] != ' ')
					continue;
				char *head = xstrndup(rest, i);
				bool fits = utf8_width(head) <= room;
				free(head);
				if (!fits)
					break;
				cut = i;
			}
			if (cut == 0)
				break;
			if (!first)
				buf_printf(&w, "%*s", (int)(indent + 2), "");
			buf_add(&w, rest, cut);
			buf_addc(&w, '\n');
			rest += cut + 1;
			first = false;
		}
		if (!first)
			buf_printf(&w, "%*s", (int)(indent + 2), "");
		buf_adds(&w, rest);
		free(line);
		s += len;
		if (*s == '\n') {
			buf_addc(&w, '\n');
			s++;
		}
	}
	buf_done(b);
	*b = w;
}

/* The period's days: --week/--month/--from/--to as the lists read them, else this week. */
static int
report_period(struct cli *c, const struct cli_args *a, struct day *first, struct day *last)
{
	char why[256];
	if (!RANGE_GIVEN(a)) {
		if (dates_parse_week("this", clock_now_ms(), first, last, why, sizeof why) != 0)
			return cli_fail(c, CLI_FAIL, "report", "this week: %s", why);
		return CLI_OK;
	}
	ms_t from, to;
	int rc = cli_range(c, a, &from, &to);
	if (rc != CLI_OK)
		return rc;
	*first = dates_day_of(from);
	*last = dates_day_of(to - 1);
	return CLI_OK;
}

int
cmd_report(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		RANGE_OPTS, { "goal", true, false }, { "format", true, false },
		{ NULL, false, false },
	};
	struct cli_args a;
	struct out o;
	struct insights_request q;
	struct insights_report r;
	struct table_err err;
	struct day first, last;
	char *goal_id = NULL;
	int rc;
	if ((rc = cli_parse(c, "report", argc, argv, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	memset(&o, 0, sizeof o);
	o.c = c;
	o.fmt = c->json ? FMT_JSON : FMT_TEXT;
	const char *f = cli_get(&a, "format");
	if (f != NULL) {
		if (strcmp(f, "markdown") == 0 || strcmp(f, "md") == 0)
			o.fmt = c->json ? FMT_JSON : FMT_MARKDOWN;
		else if (strcmp(f, "json") == 0)
			o.fmt = FMT_JSON;
		else if (strcmp(f, "text") != 0)
			return cli_fail(c, CLI_USAGE, "report", "--format '%s': use text, markdown or json", f);
	}
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	/* The profile's zone is in force now: the period's days are the user's. */
	if ((rc = report_period(c, &a, &first, &last)) != CLI_OK)
		return rc;
	if (cli_has(&a, "goal") &&
	    (rc = names_resolve_id(c, MODEL_GOAL, cli_get(&a, "goal"), "report", 0, &goal_id)) != CLI_OK)
		return rc;
	memset(&q, 0, sizeof q);
	q.user_id = c->user_id;
	q.profile = c->profile;
	q.goal_id = goal_id;
	q.streaks = true;
	if (insights_period_init(&q.period, first, last, dates_day_of(clock_now_ms())) != 0) {
		free(goal_id);
		return cli_fail(c, CLI_USAGE, "report", "the period is longer than %d days", INSIGHTS_DAYS_MAX);
	}
	table_err_clear(&err);
	if (insights_load(c->t, &q, &r, &err) != 0) {
		insights_report_done(&r);
		free(goal_id);
		return cli_table_fail(c, "report", &err);
	}
	free(goal_id);
	o.imperial = c->profile != NULL && units_imperial(c->profile->units);
	report_glyphs_init(&o.g);
	size_t cols = report_terminal_columns(c->out);
	o.width = cols == 0 ? REPORT_WIDTH_PIPED : cols < REPORT_WIDTH_MIN ? REPORT_WIDTH_MIN :
	    cols > REPORT_WIDTH_MAX ? REPORT_WIDTH_MAX : cols;
	buf_init(&o.b, 0);
	if (o.fmt == FMT_JSON) {
		json_report(&o, &r);
	} else {
		period_line(&o, &r);
		text_goals(&o, &r);
		text_meals(&o, &r);
		text_workouts(&o, &r);
		text_journal(&o, &r);
		if (o.fmt == FMT_TEXT)
			wrap_text(&o.b, o.width);
	}
	fwrite(o.b.data != NULL ? o.b.data : "", 1, o.b.len, c->out);
	if (r.skipped > 0 && o.fmt != FMT_JSON)
		fprintf(c->err, "ailife: report: %zu items did not read as records and were left out\n", r.skipped);
	buf_done(&o.b);
	insights_report_done(&r);
	return CLI_OK;
}
