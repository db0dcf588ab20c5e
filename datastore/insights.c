/*
 * The figures of a report (insights.h): accumulators fed one record at a
 * time (a page at a time, in constant memory but for one value per day),
 * then finished. Integer thousandths throughout; no floating point.
 */
#include "datastore/insights.h"

#include <locale.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "datastore/timefmt.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

long long
insights_day_number(struct day d)
{
	return timefmt_days_from_civil(d.y, d.m, d.d);
}

struct day
insights_day_from_number(long long n)
{
	struct day d;
	timefmt_civil_from_days(n, &d.y, &d.m, &d.d);
	return d;
}

int
insights_period_init(struct insights_period *p, struct day first, struct day last, struct day today)
{
	long long a = insights_day_number(first), b = insights_day_number(last), t = insights_day_number(today);
	memset(p, 0, sizeof *p);
	if (a > b || b - a + 1 > INSIGHTS_DAYS_MAX)
		return -1;
	p->first = first;
	p->last = last;
	p->today = today;
	p->days = (int)(b - a + 1);
	p->passed = t < a ? 0 : t > b ? p->days : (int)(t - a + 1);
	return 0;
}

int
insights_day_index(const struct insights_period *p, struct day d)
{
	long long i = insights_day_number(d) - insights_day_number(p->first);
	return i < 0 || i >= p->days ? -1 : (int)i;
}

bool
insights_day_of_ts(const char *ts, struct day *d)
{
	ms_t ms;
	if (ts == NULL || timefmt_parse_key(ts, &ms) != 0)
		return false;
	*d = dates_day_of(ms);
	return true;
}

long long
insights_div_round(long long total, long long n)
{
	if (n <= 0)
		return 0;
	long long q = total / n, r = total % n;
	if (r < 0)
		r = -r;
	if (2 * r >= n)
		q += total < 0 ? -1 : 1;
	return q;
}

/* a * b / c rounded, for figures far below the overflow of a * b (amounts under 10^15, b small). */
static long long
mul_div(long long a, long long b, long long c)
{
	__int128 p = (__int128)a * b;
	if (c <= 0)
		return 0;
	__int128 q = p / c, r = p % c;
	if (r < 0)
		r = -r;
	if (2 * r >= c)
		q += p < 0 ? -1 : 1;
	return (long long)q;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* The longest run of days with values above 0. */
static int
longest_run(const long long *daily, int days)
{
	int best = 0, run = 0;
	for (int i = 0; i < days; i++) {
		run = daily[i] != 0 ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

/* ---- goals ---- */

static const char *const pace_texts[] = { "no due date", "completed", "overdue", "ahead", "on track", "behind" };
static const char *const pace_keys[] = { "no_due_date", "completed", "overdue", "ahead", "on_track", "behind" };

const char *
insights_pace_text(enum insights_pace p)
{
	return pace_texts[p];
}

const char *
insights_pace_key(enum insights_pace p)
{
	return pace_keys[p];
}

void
insights_goal_init(struct insights_goal *gi, const struct model_goal *g, const struct insights_period *p)
{
	memset(gi, 0, sizeof *gi);
	gi->goal_id = dup_or_null(g->goal_id);
	gi->title = dup_or_null(g->title);
	gi->unit = dup_or_null(g->unit);
	gi->status = dup_or_null(g->status);
	gi->due_date = dup_or_null(g->due_date);
	gi->category = dup_or_null(g->category);
	gi->target = g->target.set ? g->target.v : 0;
	gi->progress = g->progress.set ? g->progress.v : 0;
	gi->daily = xcalloc((size_t)p->days + 1, sizeof *gi->daily);
}

void
insights_goal_add(struct insights_goal *gi, const struct insights_period *p, const struct model_activity *a)
{
	struct day d;
	if (!a->amount.set || !insights_day_of_ts(a->occurred_at, &d))
		return;
	int i = insights_day_index(p, d);
	if (i < 0)
		return;
	if (gi->daily[i] == 0)
		gi->active_days++;
	gi->daily[i] += a->amount.v;
	/* An amount is above 0: a day with activities never sums to 0. */
	if (gi->daily[i] == 0)
		gi->active_days--;
	gi->total += a->amount.v;
	gi->count++;
}

/* YYYY-MM-DD into d; false when it is not one. */
static bool
parse_date(const char *s, struct day *d)
{
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!timefmt_digits(s, 4, &d->y) || !timefmt_digits(s + 5, 2, &d->m) || !timefmt_digits(s + 8, 2, &d->d))
		return false;
	return timefmt_valid_date(d->y, d->m, d->d);
}

void
insights_goal_finish(struct insights_goal *gi, const struct insights_period *p)
{
	struct day due;
	gi->avg = insights_div_round(gi->total, p->passed);
	gi->percent = gi->target > 0 ? mul_div(gi->progress, 100000, gi->target) : 0;
	gi->longest_streak = longest_run(gi->daily, p->days);
	gi->remaining = gi->target > gi->progress ? gi->target - gi->progress : 0;
	bool done = (gi->status != NULL && strcmp(gi->status, "completed") == 0) || gi->remaining == 0;
	if (done) {
		gi->pace = INSIGHTS_PACE_DONE;
		gi->remaining = 0;
		return;
	}
	if (!parse_date(gi->due_date, &due)) {
		gi->pace = INSIGHTS_PACE_NO_DUE;
		return;
	}
	long long today = insights_day_number(p->today), due_n = insights_day_number(due);
	if (due_n < today) {
		gi->pace = INSIGHTS_PACE_OVERDUE;
		return;
	}
	gi->days_left = (int)(due_n - today + 1);
	gi->needed = insights_div_round(gi->remaining, gi->days_left);
	if (gi->avg <= 0) {
		gi->pace = INSIGHTS_PACE_BEHIND;
		return;
	}
	long long need_days = (gi->remaining + gi->avg - 1) / gi->avg;
	long long finish = today + need_days - 1;
	gi->finish_known = true;
	gi->finish = insights_day_from_number(finish);
	long long off = due_n - finish;
	gi->days_off = off > INT32_MAX ? INT32_MAX : off < INT32_MIN ? INT32_MIN : (int)off;
	gi->pace = off > 0 ? INSIGHTS_PACE_AHEAD : off == 0 ? INSIGHTS_PACE_ON_TRACK : INSIGHTS_PACE_BEHIND;
}

void
insights_goal_done(struct insights_goal *gi)
{
	free(gi->goal_id);
	free(gi->title);
	free(gi->unit);
	free(gi->status);
	free(gi->due_date);
	free(gi->category);
	free(gi->daily);
	memset(gi, 0, sizeof *gi);
}

void
insights_streak_init(struct insights_streak *s, struct day today)
{
	memset(s, 0, sizeof *s);
	s->today = insights_day_number(today);
}

bool
insights_streak_feed(struct insights_streak *s, struct day day)
{
	long long d = insights_day_number(day);
	if (s->done)
		return false;
	if (d > s->today)
		return true;
	if (s->count == 0) {
		/* The streak ends today, or yesterday when today has nothing yet. */
		if (d < s->today - 1) {
			s->done = true;
			return false;
		}
		s->count = 1;
		s->last = d;
		return true;
	}
	if (d >= s->last)
		return true;     /* the same day again (or out of order: nothing new) */
	if (d == s->last - 1) {
		s->count++;
		s->last = d;
		return true;
	}
	s->done = true;
	return false;
}

/* ---- meals ---- */

void
insights_meals_init(struct insights_meals *m, const struct insights_period *p, const struct model_user *profile)
{
	memset(m, 0, sizeof *m);
	m->daily_kcal = xcalloc((size_t)p->days + 1, sizeof *m->daily_kcal);
	m->day_logged = xcalloc((size_t)p->days + 1, sizeof *m->day_logged);
	if (profile != NULL && profile->daily_calorie_target.set) {
		m->has_target = true;
		m->target = profile->daily_calorie_target.v;
	}
}

void
insights_meals_add(struct insights_meals *m, const struct insights_period *p, const struct model_meal *meal)
{
	struct day d;
	if (!insights_day_of_ts(meal->occurred_at, &d))
		return;
	int i = insights_day_index(p, d);
	if (i < 0)
		return;
	long long kcal = meal->calories.set ? meal->calories.v : 0;
	m->daily_kcal[i] += kcal;
	m->day_logged[i] = true;
	m->kcal += kcal;
	m->protein += meal->protein.set ? meal->protein.v : 0;
	m->carbs += meal->carbs.set ? meal->carbs.v : 0;
	m->fat += meal->fat.set ? meal->fat.v : 0;
	m->count++;
}

void
insights_meals_finish(struct insights_meals *m, const struct insights_period *p)
{
	m->avg_kcal = insights_div_round(m->kcal, p->passed);
	m->avg_protein = insights_div_round(m->protein, p->passed);
	m->avg_carbs = insights_div_round(m->carbs, p->passed);
	m->avg_fat = insights_div_round(m->fat, p->passed);
	for (int i = 0; i < p->passed; i++) {
		if (!m->day_logged[i])
			m->days_empty++;
		else if (!m->has_target)
			continue;
		else if (m->daily_kcal[i] > m->target)
			m->days_over++;
		else if (m->daily_kcal[i] < m->target)
			m->days_under++;
		else
			m->days_on++;
	}
	long long ep = m->protein * 4, ec = m->carbs * 4, ef = m->fat * 9, sum = ep + ec + ef;
	if (sum > 0) {
		m->has_split = true;
		m->split_protein = mul_div(ep, 100000, sum);
		m->split_carbs = mul_div(ec, 100000, sum);
		m->split_fat = mul_div(ef, 100000, sum);
	}
}

void
insights_meals_done(struct insights_meals *m)
{
	free(m->daily_kcal);
	free(m->day_logged);
	memset(m, 0, sizeof *m);
}

/* ---- workouts ---- */

void
insights_workouts_init(struct insights_workouts *w, const struct insights_period *p)
{
	memset(w, 0, sizeof *w);
	w->daily_minutes = xcalloc((size_t)p->days + 1, sizeof *w->daily_minutes);
	long long first = insights_day_number(dates_week_start(p->first)), last = insights_day_number(p->last);
	w->nweeks = (size_t)((last - first) / 7 + 1);
	w->weeks = xcalloc(w->nweeks, sizeof *w->weeks);
	for (size_t k = 0; k < w->nweeks; k++)
		w->weeks[k].monday = insights_day_from_number(first + 7 * (long long)k);
}

void
insights_workouts_add(struct insights_workouts *w, const struct insights_period *p, const struct model_workout *wo)
{
	struct day d;
	if (!insights_day_of_ts(wo->occurred_at, &d))
		return;
	int i = insights_day_index(p, d);
	if (i < 0)
		return;
	long long min = wo->minutes.set ? wo->minutes.v : 0;
	const char *kind = wo->kind != NULL ? wo->kind : "";
	size_t k;
	for (k = 0; k < w->nkinds; k++)
		if (strcmp(w->kinds[k].kind, kind) == 0)
			break;
	if (k == w->nkinds) {
		w->kinds = xrealloc(w->kinds, (w->nkinds + 1) * sizeof *w->kinds);
		memset(&w->kinds[k], 0, sizeof w->kinds[k]);
		w->kinds[k].kind = xstrdup(kind);
		w->nkinds++;
	}
	struct insights_kind *ki = &w->kinds[k];
	ki->count++;
	ki->minutes += min;
	if (wo->distance_km.set) {
		ki->distance += wo->distance_km.v;
		ki->has_distance = true;
		w->distance += wo->distance_km.v;
	}
	w->count++;
	w->minutes += min;
	w->daily_minutes[i] += min;
	long long wk = (insights_day_number(d) - insights_day_number(w->weeks[0].monday)) / 7;
	if (wk >= 0 && (size_t)wk < w->nweeks)
		w->weeks[wk].minutes += min;
}

static int
kind_cmp(const void *pa, const void *pb)
{
	const struct insights_kind *a = pa, *b = pb;
	if (a->minutes != b->minutes)
		return a->minutes > b->minutes ? -1 : 1;
	return strcmp(a->kind, b->kind);
}

void
insights_workouts_finish(struct insights_workouts *w, const struct insights_period *p)
{
	if (w->nkinds > 1)
		qsort(w->kinds, w->nkinds, sizeof *w->kinds, kind_cmp);
	w->per_week = p->passed > 0 ? mul_div(w->minutes, 7, p->passed) : 0;
}

void
insights_workouts_done(struct insights_workouts *w)
{
	for (size_t k = 0; k < w->nkinds; k++)
		free(w->kinds[k].kind);
	free(w->kinds);
	free(w->daily_minutes);
	free(w->weeks);
	memset(w, 0, sizeof *w);
}

/* ---- journal ---- */

void
insights_journal_init(struct insights_journal *j, const struct insights_period *p)
{
	memset(j, 0, sizeof *j);
	j->daily_mood = xcalloc((size_t)p->days + 1, sizeof *j->daily_mood);
	j->day_sum = xcalloc((size_t)p->days + 1, sizeof *j->day_sum);
	j->day_n = xcalloc((size_t)p->days + 1, sizeof *j->day_n);
}

void
insights_journal_add(struct insights_journal *j, const struct insights_period *p, const struct model_journal *e)
{
	struct day d;
	if (!insights_day_of_ts(e->occurred_at, &d))
		return;
	int i = insights_day_index(p, d);
	if (i < 0)
		return;
	j->entries++;
	if (e->mood.set) {
		j->with_mood++;
		j->mood_sum += e->mood.v;
		j->day_sum[i] += e->mood.v;
		j->day_n[i]++;
	}
	for (size_t t = 0; t < e->tags.n; t++) {
		size_t k;
		for (k = 0; k < j->ntags; k++)
			if (strcmp(j->tags[k].tag, e->tags.v[t]) == 0)
				break;
		if (k == j->ntags) {
			j->tags = xrealloc(j->tags, (j->ntags + 1) * sizeof *j->tags);
			j->tags[k].tag = xstrdup(e->tags.v[t]);
			j->tags[k].count = 0;
			j->ntags++;
		}
		j->tags[k].count++;
	}
}

static int
tag_cmp(const void *pa, const void *pb)
{
	const struct insights_tag *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->tag, b->tag);
}

void
insights_journal_finish(struct insights_journal *j, const struct insights_period *p)
{
	j->mood_avg = j->with_mood > 0 ? insights_div_round(j->mood_sum * 1000, (long long)j->with_mood) : 0;
	for (int i = 0; i < p->days; i++)
		j->daily_mood[i] = j->day_n[i] > 0 ? insights_div_round(j->day_sum[i] * 1000, j->day_n[i]) : -1;
	/* The halves of the days passed: [0, h) and [h, passed). */
	int h = p->passed / 2;
	long long s1 = 0, s2 = 0, n1 = 0, n2 = 0;
	for (int i = 0; i < p->passed; i++) {
		if (i < h) {
			s1 += j->day_sum[i];
			n1 += j->day_n[i];
		} else {
			s2 += j->day_sum[i];
			n2 += j->day_n[i];
		}
	}
	if (n1 > 0 && n2 > 0) {
		j->has_trend = true;
		j->trend = insights_div_round(s2 * 1000, n2) - insights_div_round(s1 * 1000, n1);
	}
	if (j->ntags > 1)
		qsort(j->tags, j->ntags, sizeof *j->tags, tag_cmp);
}

void
insights_journal_done(struct insights_journal *j)
{
	for (size_t k = 0; k < j->ntags; k++)
		free(j->tags[k].tag);
	free(j->tags);
	free(j->daily_mood);
	free(j->day_sum);
	free(j->day_n);
	memset(j, 0, sizeof *j);
}

void
insights_report_done(struct insights_report *r)
{
	for (size_t i = 0; i < r->ngoals; i++)
		insights_goal_done(&r->goals[i]);
	free(r->goals);
	insights_meals_done(&r->meals);
	insights_workouts_done(&r->workouts);
	insights_journal_done(&r->journal);
	memset(r, 0, sizeof *r);
}

/* ---- search ---- */

/*
 * Case folding through towlower(towupper(c)) in a UTF-8 locale of its own
 * (C.UTF-8), whatever the process's locale: "Σ", "σ" and "ς" fold alike.
 */
static locale_t fold_locale;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static void
fold_init(void)
{
	fold_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static uint32_t
fold_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
	if (fold_locale == (locale_t)0)
		return (uint32_t)towlower((wint_t)towupper((wint_t)cp));
	return (uint32_t)towlower_l(towupper_l((wint_t)cp, fold_locale), fold_locale);
}

/* The folded code points of s (invalid bytes as U+FFFD), *n of them. */
static uint32_t *
fold_text(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	uint32_t *out = xcalloc(len + 1, sizeof *out);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t step = utf8_decode(s + i, len - i, &cp);
		if (step == 0) {
			cp = 0xFFFD;
			step = 1;
		}
		out[k++] = fold_cp(cp);
		i += step;
	}
	*n = k;
	return out;
}

bool
insights_text_match(const char *hay, const char *needle)
{
	if (needle == NULL || needle[0] == '\0')
		return true;
	if (hay == NULL)
		return false;
	pthread_once(&fold_once, fold_init);
	size_t nh, nn;
	uint32_t *h = fold_text(hay, &nh), *nd = fold_text(needle, &nn);
	bool found = false;
	for (size_t i = 0; !found && nn <= nh && i + nn <= nh; i++)
		found = memcmp(h + i, nd, nn * sizeof *nd) == 0;
	free(h);
	free(nd);
	return found;
}

bool
insights_text_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	pthread_once(&fold_once, fold_init);
	size_t na, nb;
	uint32_t *fa = fold_text(a, &na), *fb = fold_text(b, &nb);
	bool same = na == nb && memcmp(fa, fb, na * sizeof *fa) == 0;
	free(fa);
	free(fb);
	return same;
}
