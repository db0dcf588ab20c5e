/*
 * The session: the user, their profile and goals, and the flow that chooses
 * the user (users -> welcome, picker or profile -> the screens). Its reads run
 * on the worker as the shell's jobs (owner 0); their answers come back here on
 * the loop's thread, which is the only place the zone is switched.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
#include "util/xmalloc.h"
#include "views/goals.h"
#include "views/session.h"
#include "views/views.h"

enum { JOB_USERS = 1, JOB_PROFILE, JOB_GOALS };

#define LAST_AMOUNTS 32

struct view_session {
	char *start_user;        /* the configured user (--user...), or NULL */
	char *user_id;
	struct model_user *profile;
	struct store_list goals;
	bool picker_after_users;   /* the users list is for the picker (U), not the start */
	/* The amounts last logged, by goal: the next log's default. */
	struct { char *goal_id, *amount; } last[LAST_AMOUNTS];
	size_t nlast;
};

static struct view_session *
session(struct tui_app *a)
{
	return tui_app_shell_ctx(a);
}

const char *
view_session_user(struct tui_app *a)
{
	struct view_session *s = session(a);
	return s != NULL ? s->user_id : NULL;
}

const struct model_user *
view_session_profile(struct tui_app *a)
{
	struct view_session *s = session(a);
	return s != NULL ? s->profile : NULL;
}

const struct store_list *
view_session_goals(struct tui_app *a)
{
	static const struct store_list none;
	struct view_session *s = session(a);
	return s != NULL ? &s->goals : &none;
}

const char *
view_session_goal_title(struct tui_app *a, const char *goal_id)
{
	const struct store_list *l = view_session_goals(a);
	if (goal_id == NULL)
		return NULL;
	for (size_t i = 0; i < l->count; i++) {
		const struct model_goal *g = l->items[i].rec;
		if (strcmp(g->goal_id, goal_id) == 0)
			return g->title;
	}
	return NULL;
}

const char *
view_session_last_amount(struct tui_app *a, const char *goal_id)
{
	struct view_session *s = session(a);
	if (s == NULL || goal_id == NULL)
		return NULL;
	for (size_t i = 0; i < s->nlast; i++)
		if (strcmp(s->last[i].goal_id, goal_id) == 0)
			return s->last[i].amount;
	return NULL;
}

void
view_session_set_last_amount(struct tui_app *a, const char *goal_id, const char *amount)
{
	struct view_session *s = session(a);
	if (s == NULL || goal_id == NULL || amount == NULL)
		return;
	for (size_t i = 0; i < s->nlast; i++)
		if (strcmp(s->last[i].goal_id, goal_id) == 0) {
			free(s->last[i].amount);
			s->last[i].amount = xstrdup(amount);
			return;
		}
	if (s->nlast == LAST_AMOUNTS) {
		/* The oldest goal's amount goes. */
		free(s->last[0].goal_id);
		free(s->last[0].amount);
		memmove(s->last, s->last + 1, (LAST_AMOUNTS - 1) * sizeof s->last[0]);
		s->nlast--;
	}
	s->last[s->nlast].goal_id = xstrdup(goal_id);
	s->last[s->nlast].amount = xstrdup(amount);
	s->nlast++;
}

/* The profile's zone becomes the process's: the one place of the interface that switches it. */
static void
use_zone(const struct model_user *u)
{
	if (u->timezone != NULL && dates_zone_valid(u->timezone))
		dates_set_zone(u->timezone);
}

static void
submit(struct tui_app *a, tui_job_fn fn, void *data, void (*data_free)(void *), int kind)
{
	struct tui_job *j = tui_job_new(fn, data, data_free);
	j->kind = kind;
	tui_app_submit_shell(a, j);
}

/* ---- the goals (AP3, every status), for titles and links ---- */

struct goals_job {
	char *user_id;
	struct store_list l;
	struct model_user *profile;   /* read again too: an undo may have put an older one back */
};

static void
goals_job_free(void *p)
{
	struct goals_job *g = p;
	free(g->user_id);
	store_list_done(&g->l);
	model_free(MODEL_USER, g->profile);
	free(g);
}

static int
goals_job_run(struct tui_job *j, struct table *t)
{
	struct goals_job *g = j->data;
	if (view_goals_collect(j, t, g->user_id, NULL, &g->l) != 0)
		return -1;
	struct table_err err;
	table_err_clear(&err);
	/* Best effort: the goals are what this job is for. */
	if (store_profile_get(t, g->user_id, &g->profile, &err) != 0)
		g->profile = NULL;
	return 0;
}

void
view_session_reload(struct tui_app *a)
{
	struct view_session *s = session(a);
	if (s->user_id == NULL)
		return;
	struct goals_job *g = xcalloc(1, sizeof *g);
	g->user_id = xstrdup(s->user_id);
	submit(a, goals_job_run, g, goals_job_free, JOB_GOALS);
}

void
view_session_set_profile(struct tui_app *a, struct model_user *rec)
{
	struct view_session *s = session(a);
	model_free(MODEL_USER, s->profile);
	s->profile = rec;
	use_zone(rec);
	tui_app_changed(a);
}

/* ---- users and profiles ---- */

struct users_job {
	struct store_list l;
};

static void
users_job_free(void *p)
{
	struct users_job *u = p;
	store_list_done(&u->l);
	free(u);
}

/* One page of users (AP2): the picker shows the first hundred. */
static int
users_job_run(struct tui_job *j, struct table *t)
{
	struct users_job *u = j->data;
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	return store_users_list(t, pg, &u->l, &j->err);
}

static void
load_users(struct tui_app *a, bool for_picker)
{
	session(a)->picker_after_users = for_picker;
	submit(a, users_job_run, xcalloc(1, sizeof(struct users_job)), users_job_free, JOB_USERS);
}

void
view_session_pick(struct tui_app *a)
{
	load_users(a, true);
}

struct profile_job {
	char *user_id;
	struct model_user *u;
};

static void
profile_job_free(void *p)
{
	struct profile_job *pj = p;
	free(pj->user_id);
	model_free(MODEL_USER, pj->u);
	free(pj);
}

static int
profile_job_run(struct tui_job *j, struct table *t)
{
	struct profile_job *pj = j->data;
	return store_profile_get(t, pj->user_id, &pj->u, &j->err);
}

void
view_session_select_user(struct tui_app *a, const char *user_id)
{
	if (user_id == NULL) {
		load_users(a, true);
		return;
	}
	struct profile_job *pj = xcalloc(1, sizeof *pj);
	pj->user_id = xstrdup(user_id);
	submit(a, profile_job_run, pj, profile_job_free, JOB_PROFILE);
	tui_app_status(a, false, "loading the profile...");
}

void
view_session_retry(struct tui_app *a)
{
	struct view_session *s = session(a);
	if (s->start_user != NULL)
		view_session_select_user(a, s->start_user);
	else
		load_users(a, false);
}

/* The profile of the chosen user is in: their zone, their goals, fresh screens for them. */
static void
start_user(struct tui_app *a, struct model_user *u)
{
	struct view_session *s = session(a);
	free(s->user_id);
	s->user_id = xstrdup(u->c.user_id);
	model_free(MODEL_USER, s->profile);
	s->profile = u;
	use_zone(u);
	store_list_done(&s->goals);
	view_session_reload(a);
	tui_app_home(a);
}

/* The users are in: the picker (u, or several users), the welcome (none) or the only one. */
static void
users_in(struct tui_app *a, struct users_job *u)
{
	struct view_session *s = session(a);
	if (!s->picker_after_users && u->l.count == 0) {
		tui_app_push(a, &view_welcome_screen, NULL);
	} else if (!s->picker_after_users && u->l.count == 1) {
		view_session_select_user(a, ((struct model_user *)u->l.items[0].rec)->c.user_id);
	} else {
		struct store_list *l = xcalloc(1, sizeof *l);
		*l = u->l;
		memset(&u->l, 0, sizeof u->l);
		tui_app_push(a, &view_picker_screen, l);
	}
}

void
view_session_on_data(struct tui_app *a, struct tui_job *j)
{
	struct view_session *s = session(a);
	switch (j->kind) {
	case JOB_USERS:
		if (j->rc != 0) {
			tui_app_status(a, true, "cannot list the users: %s", j->err.message);
			if (s->profile == NULL)
				tui_app_start_failed(a);
			return;
		}
		users_in(a, j->data);
		return;
	case JOB_PROFILE: {
		struct profile_job *pj = j->data;
		if (j->rc != 0) {
			tui_app_status(a, true, "user %s: %s", pj->user_id,
			    j->err.status == TABLE_NOT_FOUND ? "no such user" : j->err.message);
			if (s->profile == NULL)
				tui_app_start_failed(a);
			/* No such user: choose one. The store unreachable: r tries again. */
			if (s->user_id == NULL && j->err.status == TABLE_NOT_FOUND)
				load_users(a, true);
			return;
		}
		struct model_user *u = pj->u;
		pj->u = NULL;
		start_user(a, u);
		return;
	}
	case JOB_GOALS: {
		struct goals_job *g = j->data;
		if (j->rc != 0 || s->user_id == NULL || strcmp(g->user_id, s->user_id) != 0)
			return;
		store_list_done(&s->goals);
		s->goals = g->l;
		memset(&g->l, 0, sizeof g->l);
		if (g->profile != NULL && s->profile != NULL && g->profile->c.version != s->profile->c.version) {
			/* Changed since it was read (an undo of a profile edit, another client): the stored one. */
			model_free(MODEL_USER, s->profile);
			s->profile = g->profile;
			g->profile = NULL;
			use_zone(s->profile);
		}
		return;
	}
	default:
		return;
	}
}

void
view_session_start(struct tui_app *a, const char *user_id)
{
	struct view_session *s = xcalloc(1, sizeof *s);
	s->start_user = user_id != NULL ? xstrdup(user_id) : NULL;
	tui_app_set_shell_ctx(a, s);
	view_session_retry(a);
}

void
view_session_done(struct tui_app *a)
{
	struct view_session *s = session(a);
	if (s == NULL)
		return;
	store_list_done(&s->goals);
	model_free(MODEL_USER, s->profile);
	free(s->user_id);
	free(s->start_user);
	for (size_t i = 0; i < s->nlast; i++) {
		free(s->last[i].goal_id);
		free(s->last[i].amount);
	}
	free(s);
	tui_app_set_shell_ctx(a, NULL);
}
