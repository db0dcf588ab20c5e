/*
 * ailife status [--format FMT]: one line for a tmux status bar or a shell
 * prompt. Everything it shows comes in ONE round trip (insights_status_fetch:
 * the profile, the goals, today's meals, workouts and journal, and a window
 * of recent activities for the streaks). A status bar must never hang nor
 * show an error screen: the whole run has a deadline (STATUS_DEADLINE_MS),
 * and when the store cannot be reached or answers with an error only "?" is
 * printed (exit 1), nothing on stderr. A bad --format is a usage error as
 * usual (exit 2): that is the user's typing, not the store.
 */
#include "cli/cmd_report.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <unistd.h>

#include "datastore/decimal.h"
#include "datastore/insights_load.h"
#include "datastore/units.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* The whole run, from the store's opening to the line: past it, "?" and exit 1. */
#define STATUS_DEADLINE_MS 2000
/* The days of activities read for the streaks, when the line shows one (longer ones are walked on, AP6). */
#define STATUS_WINDOW_DAYS 35
#define STATUS_NAME_MAX 128
/* The default lines: what costs one small round trip (no streak: see the man page). */
#define STATUS_DEFAULT_TARGET "%cal/%target kcal  %min min  workouts %workouts  journal %entries"
#define STATUS_DEFAULT "%cal kcal  %min min  workouts %workouts  journal %entries"

enum ph {
	PH_TEXT, PH_CAL, PH_TARGET, PH_LEFT, PH_PROTEIN, PH_CARBS, PH_FAT, PH_MEALS, PH_MIN, PH_WORKOUTS, PH_DIST,
	PH_ENTRIES, PH_MOOD, PH_DATE, PH_STREAK, PH_GOAL, PH_PROGRESS, PH_PERCENT_SIGN,
};

/* The placeholders, longest first where one is the prefix of another. */
static const struct {
	const char *name;
	enum ph ph;
	bool arg;                /* takes ":NAME%" (streak: optionally) */
} placeholders[] = {
	{ "workouts", PH_WORKOUTS, false }, { "progress", PH_PROGRESS, true }, { "entries", PH_ENTRIES, false },
	{ "protein", PH_PROTEIN, false }, { "target", PH_TARGET, false }, { "streak", PH_STREAK, true },
	{ "carbs", PH_CARBS, false }, { "meals", PH_MEALS, false }, { "date", PH_DATE, false },
	{ "dist", PH_DIST, false }, { "goal", PH_GOAL, true }, { "left", PH_LEFT, false },
	{ "mood", PH_MOOD, false }, { "cal", PH_CAL, false }, { "fat", PH_FAT, false }, { "min", PH_MIN, false },
};

struct piece {
	enum ph ph;
	char *text;              /* PH_TEXT: the literal; with an argument: the goal's name */
};

struct fmt {
	struct piece *p;
	size_t n;
};

static void
fmt_done(struct fmt *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->p[i].text);
	free(f->p);
	memset(f, 0, sizeof *f);
}

static void
fmt_add(struct fmt *f, enum ph ph, const char *text, size_t len)
{
	f->p = xrealloc(f->p, (f->n + 1) * sizeof *f->p);
	f->p[f->n].ph = ph;
	f->p[f->n].text = text != NULL ? xstrndup(text, len) : NULL;
	f->n++;
}

/* Parses a format; -1 with why naming the placeholder at fault. */
static int
fmt_parse(const char *s, struct fmt *f, char *why, size_t why_size)
{
	memset(f, 0, sizeof *f);
	const char *lit = s;
	for (const char *p = s; *p != '\0';) {
		if (*p != '%') {
			p++;
			continue;
		}
		if (p > lit)
			fmt_add(f, PH_TEXT, lit, (size_t)(p - lit));
		if (p[1] == '%') {
			fmt_add(f, PH_TEXT, "%", 1);
			p += 2;
			lit = p;
			continue;
		}
		size_t k, n = sizeof placeholders / sizeof placeholders[0];
		for (k = 0; k < n; k++)
			if (strncmp(p + 1, placeholders[k].name, strlen(placeholders[k].name)) == 0)
				break;
		if (k == n) {
			snprintf(why, why_size, "'%%%.*s': unknown placeholder (see ailife(1), STATUS)",
			    (int)strcspn(p + 1, " %:"), p + 1);
			fmt_done(f);
			return -1;
		}
		p += 1 + strlen(placeholders[k].name);
		if (placeholders[k].arg && *p == ':') {
			const char *end = strchr(p + 1, '%');
			if (end == NULL || end == p + 1 || end - p - 1 > STATUS_NAME_MAX) {
				snprintf(why, why_size, "'%%%s:': the goal's name must follow and end with %%", placeholders[k].name);
				fmt_done(f);
				return -1;
			}
			fmt_add(f, placeholders[k].ph, p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else if (placeholders[k].arg && placeholders[k].ph != PH_STREAK) {
			snprintf(why, why_size, "'%%%s': needs a goal, %%%s:NAME%%", placeholders[k].name, placeholders[k].name);
			fmt_done(f);
			return -1;
		} else {
			fmt_add(f, placeholders[k].ph, NULL, 0);
		}
		lit = p;
	}
	if (*lit != '\0')
		fmt_add(f, PH_TEXT, lit, strlen(lit));
	return 0;
}

/* The goal a name means among r's goals, as names.c reads names: id, id prefix, title, part of a title. */
static const struct insights_goal *
goal_named(const struct insights_report *r, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < r->ngoals; i++)
		if (strcmp(r->goals[i].goal_id, name) == 0)
			return &r->goals[i];
	for (int step = 0; step < 3; step++) {
		const struct insights_goal *hit = NULL, *active = NULL;
		size_t n = 0, nactive = 0;
		for (size_t i = 0; i < r->ngoals; i++) {
			const struct insights_goal *g = &r->goals[i];
			const char *t = g->title != NULL ? g->title : "";
			bool m = step == 0 ? len >= 4 && strncasecmp(g->goal_id, name, len) == 0 :
			    step == 1 ? strcasecmp(t, name) == 0 : strcasestr(t, name) != NULL;
			if (!m)
				continue;
			hit = g;
			n++;
			if (g->status != NULL && strcmp(g->status, "active") == 0) {
				active = g;
				nactive++;
			}
		}
		if (n == 1)
			return hit;
		/* Among several, the one active goal wins (as log prefers it); else none. */
		if (n > 1)
			return nactive == 1 ? active : NULL;
	}
	return NULL;
}

static void
add_num(struct buf *b, long long milli, int decimals)
{
	char n[32];
	report_round(milli, decimals, n);
	buf_adds(b, n);
}

static bool
goal_active(const struct insights_goal *g)
{
	return g->status != NULL && strcmp(g->status, "active") == 0;
}

static void
render(struct buf *b, const struct fmt *f, const struct insights_report *r, bool imperial)
{
	const struct insights_meals *m = &r->meals;
	for (size_t i = 0; i < f->n; i++) {
		const struct piece *p = &f->p[i];
		const struct insights_goal *g = NULL;
		char *inert;
		switch (p->ph) {
		case PH_TEXT:
			buf_adds(b, p->text);
			break;
		case PH_CAL:
			add_num(b, m->kcal, 0);
			break;
		case PH_TARGET:
			if (m->has_target)
				add_num(b, m->target, 0);
			else
				buf_adds(b, "-");
			break;
		case PH_LEFT:
			if (m->has_target)
				add_num(b, m->target - m->kcal, 0);
			else
				buf_adds(b, "-");
			break;
		case PH_PROTEIN:
			add_num(b, m->protein, 0);
			break;
		case PH_CARBS:
			add_num(b, m->carbs, 0);
			break;
		case PH_FAT:
			add_num(b, m->fat, 0);
			break;
		case PH_MEALS:
			buf_printf(b, "%zu", m->count);
			break;
		case PH_MIN:
			add_num(b, r->workouts.minutes, 0);
			break;
		case PH_WORKOUTS:
			buf_printf(b, "%zu", r->workouts.count);
			break;
		case PH_DIST: {
			char d[32];
			units_format_distance(r->workouts.distance, imperial, d);
			buf_adds(b, d);
			break;
		}
		case PH_ENTRIES:
			buf_printf(b, "%zu", r->journal.entries);
			break;
		case PH_MOOD:
			if (r->journal.with_mood > 0)
				add_num(b, r->journal.mood_avg, 1);
			else
				buf_adds(b, "-");
			break;
		case PH_DATE: {
			char d[11];
			dates_day_format(r->period.today, d);
			buf_adds(b, d);
			break;
		}
		case PH_STREAK:
			if (p->text == NULL) {
				/* The best current streak among the active goals. */
				int best = 0;
				for (size_t k = 0; k < r->ngoals; k++)
					if (goal_active(&r->goals[k]) && r->goals[k].current_streak > best)
						best = r->goals[k].current_streak;
				buf_printf(b, "%d", best);
				break;
			}
			g = goal_named(r, p->text);
			if (g == NULL)
				buf_adds(b, "?");
			else
				buf_printf(b, "%d", g->current_streak);
			break;
		case PH_GOAL:
			g = goal_named(r, p->text);
			if (g == NULL) {
				buf_adds(b, "?");
				break;
			}
			add_num(b, g->percent, 0);
			buf_addc(b, '%');
			break;
		case PH_PROGRESS:
			g = goal_named(r, p->text);
			if (g == NULL) {
				buf_adds(b, "?");
				break;
			}
			add_num(b, g->progress, 3);
			buf_addc(b, '/');
			add_num(b, g->target, 3);
			inert = utf8_inert(g->unit != NULL ? g->unit : "", false);
			buf_printf(b, " %s", inert);
			free(inert);
			break;
		case PH_PERCENT_SIGN:
			buf_addc(b, '%');
			break;
		}
	}
}

static void
json_status(struct buf *b, const struct insights_report *r)
{
	const struct insights_meals *m = &r->meals;
	char d[11], n[32];
	dates_day_format(r->period.today, d);
	buf_printf(b, "{\n  \"date\": \"%s\",\n", d);
#define DEC(key, v) (decimal_format((v), n), buf_printf(b, "  \"%s\": %s,\n", key, n))
	DEC("calories", m->kcal);
	if (m->has_target)
		DEC("target", m->target);
	else
		buf_adds(b, "  \"target\": null,\n");
	DEC("protein", m->protein);
	DEC("carbs", m->carbs);
	DEC("fat", m->fat);
	buf_printf(b, "  \"meals\": %zu,\n", m->count);
	DEC("workoutMinutes", r->workouts.minutes);
	DEC("distanceKm", r->workouts.distance);
	buf_printf(b, "  \"workouts\": %zu,\n  \"entries\": %zu,\n", r->workouts.count, r->journal.entries);
	if (r->journal.with_mood > 0)
		DEC("mood", r->journal.mood_avg);
	else
		buf_adds(b, "  \"mood\": null,\n");
#undef DEC
	buf_adds(b, "  \"goals\": [");
	bool first = true;
	for (size_t i = 0; i < r->ngoals; i++) {
		const struct insights_goal *g = &r->goals[i];
		if (!goal_active(g))
			continue;
		buf_adds(b, first ? "\n    {" : ",\n    {");
		first = false;
		buf_adds(b, "\"id\": ");
		json_write_string(b, g->goal_id, strlen(g->goal_id), CLI_JSON_FLAGS);
		buf_adds(b, ", \"title\": ");
		json_write_string(b, g->title != NULL ? g->title : "", strlen(g->title != NULL ? g->title : ""), CLI_JSON_FLAGS);
		buf_adds(b, ", \"unit\": ");
		json_write_string(b, g->unit != NULL ? g->unit : "", strlen(g->unit != NULL ? g->unit : ""), CLI_JSON_FLAGS);
		decimal_format(g->progress, n);
		buf_printf(b, ", \"progress\": %s", n);
		decimal_format(g->target, n);
		buf_printf(b, ", \"target\": %s", n);
		decimal_format(g->percent, n);
		buf_printf(b, ", \"percent\": %s", n);
		decimal_format(g->total, n);
		buf_printf(b, ", \"today\": %s, \"currentStreak\": %d}", n, g->current_streak);
	}
	buf_adds(b, first ? "]\n}\n" : "\n  ]\n}\n");
}

int
status_format_render(const char *format, const struct insights_report *r, bool imperial, struct buf *out, char *why,
    size_t why_size)
{
	struct fmt f;
	if (fmt_parse(format, &f, why, why_size) != 0)
		return -1;
	render(out, &f, r, imperial);
	fmt_done(&f);
	return 0;
}

/* The deadline: a status bar gets "?" rather than a hang. Only async-signal-safe calls. */
static void
on_deadline(int sig)
{
	(void)sig;
	static const char q[] = "?\n";
	ssize_t w = write(STDOUT_FILENO, q, sizeof q - 1);
	(void)w;
	_exit(CLI_FAIL);
}

static void
deadline_arm(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_deadline;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it;
	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = STATUS_DEADLINE_MS / 1000;
	it.it_value.tv_usec = (STATUS_DEADLINE_MS % 1000) * 1000;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void
deadline_disarm(void)
{
	struct itimerval it;
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* The store could not answer: "?" alone. */
static int
unreachable(struct cli *c, FILE *quiet, FILE *err)
{
	deadline_disarm();
	fputs("?\n", c->out);
	c->err = err;
	if (quiet != NULL)
		fclose(quiet);
	return CLI_FAIL;
}

int
cmd_status(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = { { "format", true, false }, { NULL, false, false } };
	struct cli_args a;
	struct fmt f;
	char why[256];
	int rc;
	if ((rc = cli_parse(c, "status", argc, argv, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	const char *given = cli_get(&a, "format");
	if (given != NULL && fmt_parse(given, &f, why, sizeof why) != 0)
		return cli_fail(c, CLI_USAGE, "status", "--format: %s", why);
	/* Streaks cost a window of activities: read only when the line (or --json) shows them. */
	bool streaks = c->json;
	for (size_t i = 0; given != NULL && i < f.n; i++)
		streaks |= f.p[i].ph == PH_STREAK;
	if (given != NULL)
		fmt_done(&f);
	deadline_arm();
	/* From here on nothing may reach stderr: the store's troubles are a "?". */
	FILE *err = c->err, *quiet = fopen("/dev/null", "w");
	if (quiet != NULL)
		c->err = quiet;
	if (cli_open_store(c) != CLI_OK)
		return unreachable(c, quiet, err);
	bool want_profile = c->cfg.user != NULL && c->profile == NULL && !c->explain;
	if (!want_profile && cli_need_user(c) != CLI_OK)
		return unreachable(c, quiet, err);
	if (c->user_id == NULL)
		c->user_id = xstrdup(c->cfg.user);
	/* Days in the machine's zone until the profile tells the user's: a day more on each side covers any zone. */
	ms_t now = clock_now_ms();
	struct day td = dates_day_of(now);
	ms_t from = dates_day_start(dates_day_add(td, -1)), to = dates_day_start(dates_day_add(td, 2));
	ms_t win_from = streaks ? dates_day_start(dates_day_add(td, -STATUS_WINDOW_DAYS - 1)) : from;
	struct insights_status_data d;
	struct table_err terr;
	table_err_clear(&terr);
	if (insights_status_fetch(c->t, c->user_id, want_profile, from, to, win_from, &d, &terr) != 0)
		return unreachable(c, quiet, err);
	if (want_profile) {
		struct store_list *pl = &d.lists[INSIGHTS_S_PROFILE];
		if (pl->count == 0 || pl->items[0].type != MODEL_USER) {
			insights_status_data_done(&d);
			return unreachable(c, quiet, err);
		}
		struct model_user *profile = pl->items[0].rec;
		pl->items[0].rec = NULL;
		pl->count = 0;
		cli_profile_arrived(c, profile);
	}
	struct insights_report r;
	struct day today = dates_day_of(now);
	rc = insights_status_compute(c->t, c->user_id, &d, c->profile, today, streaks, &r, &terr);
	insights_status_data_done(&d);
	if (rc != 0) {
		insights_report_done(&r);
		return unreachable(c, quiet, err);
	}
	deadline_disarm();
	c->err = err;
	if (quiet != NULL)
		fclose(quiet);
	bool imperial = c->profile != NULL && units_imperial(c->profile->units);
	const char *def = r.meals.has_target ? STATUS_DEFAULT_TARGET : STATUS_DEFAULT;
	if (fmt_parse(given != NULL ? given : def, &f, why, sizeof why) != 0) {
		insights_report_done(&r);
		return cli_fail(c, CLI_USAGE, "status", "--format: %s", why);
	}
	struct buf b;
	buf_init(&b, 0);
	if (c->json) {
		json_status(&b, &r);
	} else {
		render(&b, &f, &r, imperial);
		/* One line: the store's text cannot break it (made inert above), nor can the format's. */
		for (size_t i = 0; i < b.len; i++)
			if (b.data[i] == '\n' || b.data[i] == '\r')
				b.data[i] = ' ';
		buf_addc(&b, '\n');
	}
	fwrite(b.data != NULL ? b.data : "", 1, b.len, c->out);
	buf_done(&b);
	fmt_done(&f);
	insights_report_done(&r);
	return CLI_OK;
}
