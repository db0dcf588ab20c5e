/* The shell table: the tabs, and the loop's questions about the session answered by views/session.c. */
#include "views/forms.h"
#include "views/insights.h"
#include "views/session.h"
#include "views/shell.h"
#include "views/views.h"

static const struct tui_screen *const tabs[] = {
	&view_profile_screen, &view_goals_screen, &view_timeline_screen,
	&view_journal_screen, &view_meals_screen, &view_workouts_screen,
	&view_insights_screen,
};

static const char *const tab_names[] = { "Today", "Goals", "Timeline", "Journal", "Meals", "Workouts", "Insights" };

static void
shell_start(struct tui_app *a, void *arg)
{
	const struct view_start *st = arg;
	view_session_start(a, st != NULL ? st->user : NULL);
}

static bool
shell_key(struct tui_app *a, const struct tui_key *k)
{
	if (k->act != TUI_ACT_USER)
		return false;
	view_session_pick(a);
	return true;
}

static const char *
shell_user_name(struct tui_app *a)
{
	const struct model_user *u = view_session_profile(a);
	return u != NULL ? u->name : NULL;
}

const struct tui_shell view_shell = {
	.tabs = tabs,
	.tab_names = tab_names,
	.ntabs = sizeof tabs / sizeof tabs[0],
	.start = shell_start,
	.done = view_session_done,
	.retry = view_session_retry,
	.reload = view_session_reload,
	.key = shell_key,
	.on_data = view_session_on_data,
	.user = view_session_user,
	.user_name = shell_user_name,
	.draft_restore = view_form_draft_restore,
};
