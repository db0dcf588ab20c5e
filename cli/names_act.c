/* Activity handles (cli/names.h): "GOAL@LOCALTIME", made and read back. */
#include "cli/names.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "util/xmalloc.h"

#define PREC_MINUTE 0
#define PREC_SECOND 1
#define PREC_MS 2

/* The local time of ms as a handle writes it: "2026-12-04T08:30", then ":15" and ".250" by precision. */
static void
handle_time(ms_t ms, int precision, char *out, size_t size)
{
	struct tm tm;
	ms_t sec = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	int frac = (int)(ms - sec * 1000);
	if (!dates_local_tm((time_t)sec, &tm)) {
		snprintf(out, size, "?");
		return;
	}
	int n = snprintf(out, size, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min);
	if (precision >= PREC_SECOND && n > 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, ":%02d", tm.tm_sec);
	if (precision >= PREC_MS && n > 0 && (size_t)n < size)
		snprintf(out + n, size - (size_t)n, ".%03d", frac);
}

void
names_activity_handle_at(const struct model_activity *act, size_t goal_short, int precision, char *out,
    size_t size)
{
	ms_t ms;
	const char *g = act->goal_id != NULL ? act->goal_id : "?";
	size_t n = goal_short > 0 ? goal_short : NAMES_SHORT_MIN;
	char local[48];
	if (n > strlen(g))
		n = strlen(g);
	if (act->occurred_at == NULL || timefmt_parse_key(act->occurred_at, &ms) != 0)
		snprintf(local, sizeof local, "?");
	else
		handle_time(ms, precision, local, sizeof local);
	snprintf(out, size, "%.*s@%s", (int)n, g, local);
}

void
names_activity_handle(const struct model_activity *act, size_t goal_short, char *out, size_t size)
{
	names_activity_handle_at(act, goal_short, PREC_MINUTE, out, size);
}

struct act_at {
	const char *goal;
	ms_t ms;
	size_t at;
};

static int
act_at_cmp(const void *pa, const void *pb)
{
	const struct act_at *a = pa, *b = pb;
	int k = strcmp(a->goal, b->goal);
	if (k != 0)
		return k;
	return a->ms < b->ms ? -1 : a->ms > b->ms;
}

/* Floor division: the minute or second an instant is in, before 1970 too. */
static ms_t
floor_div(ms_t a, ms_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* How fine two instants of a goal must be told apart. */
static int
precision_between(ms_t a, ms_t b)
{
	if (floor_div(a, 60000) != floor_div(b, 60000))
		return PREC_MINUTE;
	return floor_div(a, 1000) != floor_div(b, 1000) ? PREC_SECOND : PREC_MS;
}

void
names_activity_handles(struct cli *c, const struct store_list *l, char (*out)[NAMES_HANDLE_MAX])
{
	struct act_at *v = xcalloc(l->count + 1, sizeof *v);
	int *prec = xcalloc(l->count + 1, sizeof *prec);
	size_t m = 0;
	for (size_t i = 0; i < l->count; i++) {
		out[i][0] = '\0';
		const struct model_activity *a = l->items[i].rec;
		ms_t ms;
		if (l->items[i].type != MODEL_ACTIVITY || a->goal_id == NULL || a->occurred_at == NULL ||
		    timefmt_parse_key(a->occurred_at, &ms) != 0)
			continue;
		v[m++] = (struct act_at){ a->goal_id, ms, i };
	}
	/* Sorted by goal and time, an activity's closest twins are its neighbours. */
	qsort(v, m, sizeof *v, act_at_cmp);
	for (size_t k = 0; k + 1 < m; k++) {
		if (strcmp(v[k].goal, v[k + 1].goal) != 0)
			continue;
		int p = precision_between(v[k].ms, v[k + 1].ms);
		if (p > prec[v[k].at])
			prec[v[k].at] = p;
		if (p > prec[v[k + 1].at])
			prec[v[k + 1].at] = p;
	}
	/* One goal's short id once per goal (the list is often of a single goal). */
	const char *last_goal = NULL;
	size_t last_short = 0;
	for (size_t i = 0; i < l->count; i++) {
		const struct model_activity *a = l->items[i].rec;
		if (l->items[i].type != MODEL_ACTIVITY)
			continue;
		if (last_goal == NULL || a->goal_id == NULL || strcmp(last_goal, a->goal_id) != 0) {
			last_goal = a->goal_id;
			last_short = names_goal_short(c, a->goal_id);
		}
		names_activity_handle_at(a, last_short, prec[i], out[i], NAMES_HANDLE_MAX);
	}
	free(v);
	free(prec);
}

static bool
digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/*
 * A handle's time: local "YYYY-MM-DD[T ]HH:MM[:SS[.mmm]]" read here (the
 * forms dates.c has no zone-less "T" for), anything else as a WHEN. *from and
 * *width: the span it names (a minute, a second or a millisecond).
 */
static int
parse_time(const char *text, ms_t *from, ms_t *width, char *why, size_t why_size)
{
	size_t n = strlen(text);
	if (n >= 16 && digits(text, 4) && text[4] == '-' && digits(text + 5, 2) && text[7] == '-' &&
	    digits(text + 8, 2) && (text[10] == 'T' || text[10] == ' ') && digits(text + 11, 2) && text[13] == ':' &&
	    digits(text + 14, 2) && (n == 16 || (n >= 19 && text[16] == ':' && digits(text + 17, 2) &&
	    (n == 19 || (n > 20 && n <= 23 && text[19] == '.' && digits(text + 20, n - 20)))))) {
		struct tm tm, back;
		memset(&tm, 0, sizeof tm);
		tm.tm_year = num(text, 4) - 1900;
		tm.tm_mon = num(text + 5, 2) - 1;
		tm.tm_mday = num(text + 8, 2);
		tm.tm_hour = num(text + 11, 2);
		tm.tm_min = num(text + 14, 2);
		tm.tm_sec = n >= 19 ? num(text + 17, 2) : 0;
		tm.tm_isdst = -1;
		struct tm want = tm;
		time_t t = dates_mktime(&tm);
		if (t == (time_t)-1 || !dates_local_tm(t, &back) || back.tm_year != want.tm_year ||
		    back.tm_mon != want.tm_mon || back.tm_mday != want.tm_mday || back.tm_hour != want.tm_hour ||
		    back.tm_min != want.tm_min || back.tm_sec != want.tm_sec) {
			snprintf(why, why_size, "no such local time (a DST gap, or not a date)");
			return -1;
		}
		*from = (ms_t)t * 1000;
		*width = 60000;
		if (n >= 19)
			*width = 1000;
		if (n > 20) {
			int f = num(text + 20, n - 20);
			for (size_t k = n - 20; k < 3; k++)
				f *= 10;
			*from += f;
			*width = 1;
		}
		return 0;
	}
	if (dates_parse_when(text, clock_now_ms(), from, why, why_size) != 0)
		return -1;
	/* An RFC 3339 time with a fraction is an exact instant (scripts); else its second or minute. */
	const char *clock = strchr(text, 'T');
	if (clock == NULL)
		clock = strchr(text, ' ');
	size_t colons = 0;
	for (const char *p = clock != NULL ? clock : ""; *p != '\0'; p++)
		colons += *p == ':';
	if (strchr(text, '.') != NULL)
		*width = 1;
	else if (colons >= 2)
		*width = 1000;
	else
		*width = 60000;
	*from -= *from % *width;
	return 0;
}

/* The finest precision that tells the activities of l apart (at least seconds: they share a minute). */
static int
list_precision(const struct store_list *l)
{
	int p = PREC_SECOND;
	for (size_t i = 0; i + 1 < l->count; i++) {
		ms_t a = present_ms(((const struct model_activity *)l->items[i].rec)->occurred_at);
		ms_t b = present_ms(((const struct model_activity *)l->items[i + 1].rec)->occurred_at);
		if (precision_between(a, b) == PREC_MS)
			p = PREC_MS;
	}
	return p;
}

int
names_activity_resolve2(struct cli *c, const char *goal, const char *at, const char *what,
    struct model_activity **act)
{
	struct table_err err;
	struct store_list l;
	char why[256];
	ms_t from, width;
	void *grec;
	int rc;

	*act = NULL;
	if (parse_time(at, &from, &width, why, sizeof why) != 0)
		return cli_fail(c, CLI_USAGE, what, "'%s': %s", at, why);
	if ((rc = names_resolve(c, MODEL_GOAL, goal, what, 0, &grec)) != CLI_OK)
		return rc;
	struct model_goal *g = grec;
	struct store_page_req pg = { NULL, NAMES_CANDIDATES_MAX + 1, NULL, NULL };
	table_err_clear(&err);
	if (store_goal_activities_between(c->t, c->user_id, g->goal_id, from, from + width, pg, &l, &err) != 0) {
		model_free(MODEL_GOAL, g);
		return cli_table_fail(c, what, &err);
	}
	if (l.count == 1) {
		*act = l.items[0].rec;
		l.count = 0;
		rc = CLI_OK;
	} else if (l.count == 0) {
		char *label = names_goal_label(g);
		rc = cli_fail(c, CLI_FAIL, what, "no activity of goal %s at %s", label, at);
		free(label);
	} else {
		size_t gs = names_goal_short(c, g->goal_id);
		int p = list_precision(&l);
		char *label = names_goal_label(g);
		cli_fail(c, CLI_USAGE, what, "goal %s has %s%zu activities at %s; say which:", label,
		    l.cursor != NULL ? "more than " : "", l.count, at);
		free(label);
		for (size_t i = 0; i < l.count; i++) {
			char h[NAMES_HANDLE_MAX], amount[PRESENT_NUM_MAX];
			const struct model_activity *a = l.items[i].rec;
			names_activity_handle_at(a, gs, p, h, sizeof h);
			present_num(&a->amount, amount);
			fprintf(c->err, "  %s  %s (%s)\n", h, amount, a->occurred_at);
		}
		rc = CLI_USAGE;
	}
	store_list_done(&l);
	model_free(MODEL_GOAL, g);
	return rc;
}

int
names_activity_resolve(struct cli *c, const char *handle, const char *what, struct model_activity **act)
{
	*act = NULL;
	const char *atsign = strrchr(handle, '@');
	if (atsign == NULL || atsign == handle || atsign[1] == '\0')
		return cli_fail(c, CLI_USAGE, what, "'%s': not an activity handle (GOAL@TIME, as activity list shows it)",
		    handle);
	char *goal = xstrndup(handle, (size_t)(atsign - handle));
	int rc = names_activity_resolve2(c, goal, atsign + 1, what, act);
	free(goal);
	return rc;
}

void
names_activity_handle_of(struct cli *c, const struct model_activity *act, char *out, size_t size)
{
	struct table_err err;
	struct store_list l;
	ms_t ms;
	size_t gs = names_goal_short(c, act->goal_id);
	names_activity_handle(act, gs, out, size);
	if (c->explain || act->occurred_at == NULL || timefmt_parse_key(act->occurred_at, &ms) != 0)
		return;
	ms_t minute = floor_div(ms, 60000) * 60000;
	struct store_page_req pg = { NULL, 50, NULL, NULL };
	table_err_clear(&err);
	/* A handle is a nicety here: when the minute cannot be read, the minute's handle stands. */
	if (store_goal_activities_between(c->t, c->user_id, act->goal_id, minute, minute + 60000, pg, &l, &err) != 0)
		return;
	int p = PREC_MINUTE;
	for (size_t i = 0; i < l.count; i++) {
		const struct model_activity *o = l.items[i].rec;
		ms_t oms = present_ms(o->occurred_at);
		if (oms == ms)
			continue;
		int q = precision_between(ms, oms);
		if (q > p)
			p = q;
	}
	store_list_done(&l);
	names_activity_handle_at(act, gs, p, out, size);
}
