/*
 * Insights (issue 16): the figures of `ailife report` and `ailife status`,
 * computed from records handed in, so that they are tested without a store,
 * a terminal or the command line (datastore/insights.c). What reads the
 * records (range queries only, AP3/AP6-AP11; never a Scan) is
 * datastore/insights_load.c.
 *
 * Every amount is exact: integer thousandths as the data model stores them
 * (datastore/decimal.h); an average or a percent is rounded half away from
 * zero to 0.001. Days are local days of the process's zone (the profile's,
 * datastore/dates.h), so a day is 23 or 25 hours across a DST change.
 *
 * The rules, written once (the man page says the same):
 *   - days passed: the days of the period up to today, today included (a
 *     period in the past: all of them; in the future: none). Daily averages
 *     are over the days passed.
 *   - current streak: consecutive local days with at least one activity,
 *     ending today, or yesterday when today has none yet.
 *   - longest streak: the longest run of such days inside the period.
 *   - pace: remaining = target - progress; days left = due date - today + 1
 *     (today counts); needed = remaining / days left. At the period's daily
 *     average the goal is reached on today + ceil(remaining / average) - 1;
 *     ahead (by N days) when that is before the due date, on track on it,
 *     behind (by N days) after it, behind with no day when the average is 0.
 *     A goal completed (status, or progress >= target) is done; one past its
 *     due date and not done is overdue; one without a due date has no pace.
 *   - meals: calories per local day; average over the days passed; a passed
 *     day with meals is over the target when its total is above it, under
 *     when below; passed days without meals are counted apart. The macro
 *     split is the share of each macro's energy (protein and carbs 4 kcal/g,
 *     fat 9 kcal/g) in their sum, in percent.
 *   - journal: mood average over the entries that have a mood; the trend is
 *     the mood average of the second half of the days passed minus that of
 *     the first half (both halves need a mood); tags by count, then name.
 */
#ifndef AILIFE_INSIGHTS_H
#define AILIFE_INSIGHTS_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/dates.h"
#include "datastore/model.h"

/* A period of whole local days and the day it is seen from. */
struct insights_period {
	struct day first, last;  /* inclusive */
	struct day today;
	int days;                /* days in the period */
	int passed;              /* days of it up to today, today included */
};

/* Days from 1970-01-01 of a calendar day (no zone: days are counted, not instants). */
long long insights_day_number(struct day d);
struct day insights_day_from_number(long long n);
/* -1 when first is after last, or the period is longer than INSIGHTS_DAYS_MAX. */
#define INSIGHTS_DAYS_MAX 3700
int insights_period_init(struct insights_period *p, struct day first, struct day last, struct day today);
/* The index of day d in the period, or -1 when outside. */
int insights_day_index(const struct insights_period *p, struct day d);
/* The local day of a 24-character timestamp; false when it does not read. */
bool insights_day_of_ts(const char *ts, struct day *d);
/* total / n rounded half away from zero (n > 0). */
long long insights_div_round(long long total, long long n);

/* ---- goals ---- */

enum insights_pace {
	INSIGHTS_PACE_NO_DUE,    /* no due date: no pace */
	INSIGHTS_PACE_DONE,      /* completed */
	INSIGHTS_PACE_OVERDUE,   /* past the due date, not done */
	INSIGHTS_PACE_AHEAD,
	INSIGHTS_PACE_ON_TRACK,
	INSIGHTS_PACE_BEHIND,
};
/* "no due date", "completed", "overdue", "ahead", "on track", "behind" (JSON: no_due, done, ...). */
const char *insights_pace_text(enum insights_pace p);
const char *insights_pace_key(enum insights_pace p);

struct insights_goal {
	/* Copied from the goal. */
	char *goal_id, *title, *unit, *status, *due_date, *category;
	long long target, progress;
	/* The period. */
	long long total;         /* sum of the period's activities */
	size_t count;            /* how many */
	long long *daily;        /* per day of the period */
	int active_days;         /* days with at least one activity */
	long long avg;           /* total / days passed (0 when none passed) */
	long long percent;       /* progress / target, thousandths of a percent (capped at nothing) */
	int longest_streak;
	/* The current streak (insights_streak over AP6). */
	int current_streak;
	bool streak_known;       /* false: not looked for */
	bool streak_more;        /* the walk stopped before finding the gap (at least current_streak) */
	/* Pace. */
	enum insights_pace pace;
	long long remaining;     /* target - progress, 0 when done */
	int days_left;           /* due date - today + 1 (pace with a due date, not done, not overdue) */
	long long needed;        /* remaining / days_left per day */
	bool finish_known;       /* the average is above 0: a finish day exists */
	struct day finish;       /* the day the goal is reached at the period's average */
	int days_off;            /* due date - finish: > 0 ahead, < 0 behind */
};

/* Starts the figures of goal g (copied) over p. */
void insights_goal_init(struct insights_goal *gi, const struct model_goal *g, const struct insights_period *p);
/* One activity of the goal (outside the period: ignored). */
void insights_goal_add(struct insights_goal *gi, const struct insights_period *p, const struct model_activity *a);
/* The averages, the longest streak and the pace, once every activity is in. */
void insights_goal_finish(struct insights_goal *gi, const struct insights_period *p);
void insights_goal_done(struct insights_goal *gi);

/*
 * The current streak, fed the days of a goal's activities newest first (AP6,
 * page by page): insights_streak_feed returns false once the streak is known
 * (a gap was met), so that the walk stops there: its cost grows with the
 * streak, not with the history. Days after today are passed over.
 */
struct insights_streak {
	long long today;         /* day numbers */
	long long last;          /* the last day counted */
	int count;
	bool done;
};
void insights_streak_init(struct insights_streak *s, struct day today);
bool insights_streak_feed(struct insights_streak *s, struct day d);

/* ---- meals ---- */

struct insights_meals {
	size_t count;
	long long *daily_kcal;   /* per day */
	bool *day_logged;
	long long kcal, protein, carbs, fat;   /* totals */
	long long avg_kcal, avg_protein, avg_carbs, avg_fat;   /* over the days passed */
	bool has_target;
	long long target;        /* the profile's daily calorie target */
	int days_over, days_under, days_on, days_empty;   /* passed days */
	bool has_split;          /* some macro energy */
	long long split_protein, split_carbs, split_fat;  /* thousandths of a percent */
};
void insights_meals_init(struct insights_meals *m, const struct insights_period *p, const struct model_user *profile);
void insights_meals_add(struct insights_meals *m, const struct insights_period *p, const struct model_meal *meal);
void insights_meals_finish(struct insights_meals *m, const struct insights_period *p);
void insights_meals_done(struct insights_meals *m);

/* ---- workouts ---- */

struct insights_kind {
	char *kind;
	size_t count;
	long long minutes;
	long long distance;      /* thousandths of a km */
	bool has_distance;
};

struct insights_week {
	struct day monday;       /* the ISO week (may start before the period) */
	long long minutes;
};

struct insights_workouts {
	size_t count;
	long long minutes, distance;
	struct insights_kind *kinds;   /* by minutes, most first; then by name */
	size_t nkinds;
	long long *daily_minutes;
	struct insights_week *weeks;   /* every ISO week the period touches, in order */
	size_t nweeks;
	long long per_week;      /* minutes * 7 / days passed */
};
void insights_workouts_init(struct insights_workouts *w, const struct insights_period *p);
void insights_workouts_add(struct insights_workouts *w, const struct insights_period *p, const struct model_workout *wo);
void insights_workouts_finish(struct insights_workouts *w, const struct insights_period *p);
void insights_workouts_done(struct insights_workouts *w);

/* ---- journal ---- */

struct insights_tag {
	char *tag;
	size_t count;
};

struct insights_journal {
	size_t entries, with_mood;
	long long mood_sum;      /* whole moods */
	long long mood_avg;      /* thousandths */
	long long *daily_mood;   /* per day: thousandths, -1 none */
	long long *day_sum;      /* work space: sums and counts of the day's moods */
	int *day_n;
	bool has_trend;
	long long trend;         /* thousandths: second half minus first half */
	struct insights_tag *tags;     /* by count, most first; then by name */
	size_t ntags;
};
void insights_journal_init(struct insights_journal *j, const struct insights_period *p);
void insights_journal_add(struct insights_journal *j, const struct insights_period *p, const struct model_journal *e);
void insights_journal_finish(struct insights_journal *j, const struct insights_period *p);
void insights_journal_done(struct insights_journal *j);

/* ---- the whole report ---- */

struct insights_report {
	struct insights_period period;
	bool imperial;
	struct insights_goal *goals;
	size_t ngoals;
	struct insights_meals meals;
	struct insights_workouts workouts;
	struct insights_journal journal;
	size_t skipped;          /* items that did not read as records */
};
void insights_report_done(struct insights_report *r);

/* ---- search (journal search, meal list --name) ---- */

/* Whether needle occurs in hay without regard to case (Unicode simple case folding of towlower). */
bool insights_text_match(const char *hay, const char *needle);
/* Whether a and b are the same text without regard to case (the same folding). */
bool insights_text_equal(const char *a, const char *b);

#endif
