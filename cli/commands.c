#include "cli/commands.h"

#include <string.h>

#include "cli/entity.h"
#include "cli/names.h"

#define BUILT(t, e) { NULL, (t), (e) }
#define END { NULL, MODEL_TYPE_COUNT, false }

static const struct cli_usage tui_usage[] = { { "tui", 0, false }, END };
static const struct cli_usage table_usage[] = { { "table create", 0, false }, { "table check", 0, false }, END };
static const struct cli_usage user_usage[] = {
	BUILT(MODEL_USER, false), { "user show", 0, false }, { "user list [--limit N]", 0, false },
	BUILT(MODEL_USER, true), END,
};
static const struct cli_usage goal_usage[] = {
	BUILT(MODEL_GOAL, false),
	{ "goal list [--status active|paused|completed|archived|all] [--limit N]", 0, false },
	{ "goal show GOAL", 0, false },
	{ "goal status GOAL active|paused|completed|archived", 0, false },
	BUILT(MODEL_GOAL, true),
	{ "goal delete GOAL", 0, false },
	END,
};
static const struct cli_usage log_usage[] = { { "log GOAL AMOUNT [--note TEXT] [--at WHEN]", 0, false }, END };
static const struct cli_usage activity_usage[] = {
	{ "activity list [--goal GOAL] [--from DAY] [--to DAY] [--limit N]", 0, false },
	{ "activity show HANDLE (HANDLE: GOAL@TIME, as activity list shows it)", 0, false },
	{ "activity edit HANDLE [--amount N] [--note TEXT] [--at WHEN]", 0, false },
	{ "activity delete HANDLE (or GOAL AT, AT a local time or the occurredAt of --json)", 0, false },
	END,
};
static const struct cli_usage journal_usage[] = {
	BUILT(MODEL_JOURNAL, false), { "journal list [--from DAY] [--to DAY] [--limit N]", 0, false },
	{ "journal show ID", 0, false }, BUILT(MODEL_JOURNAL, true), { "journal delete ID", 0, false }, END,
};
static const struct cli_usage meal_usage[] = {
	BUILT(MODEL_MEAL, false), { "meal list [--from DAY] [--to DAY] [--limit N]", 0, false },
	{ "meal show ID", 0, false }, BUILT(MODEL_MEAL, true), { "meal delete ID", 0, false }, END,
};
static const struct cli_usage workout_usage[] = {
	BUILT(MODEL_WORKOUT, false), { "workout list [--from DAY] [--to DAY] [--limit N]", 0, false },
	{ "workout show ID", 0, false }, BUILT(MODEL_WORKOUT, true), { "workout delete ID", 0, false }, END,
};
static const struct cli_usage hidden_usage[] = { END };
static const struct cli_usage timeline_usage[] = {
	{ "timeline [--from DAY] [--to DAY] [--type activity|journal|meal|workout]... [--limit N]", 0, false }, END,
};
static const struct cli_usage export_usage[] = { { "export [--all-users]", 0, false }, END };
static const struct cli_usage import_usage[] = { { "import [FILE]", 0, false }, END };
static const struct cli_usage demo_usage[] = { { "demo [--days N] [--seed S] [--name NAME]", 0, false }, END };
static const struct cli_usage doctor_usage[] = { { "doctor", 0, false }, END };
static const struct cli_usage migrate_usage[] = {
	{ "migrate run [--segments N] [--dry-run] [SOURCE]", 0, false },
	{ "migrate verify [SOURCE]", 0, false },
	{ "migrate cutover [SOURCE]", 0, false },
	{ "migrate cleanup [--yes] [SOURCE]", 0, false },
	{ "migrate status [SOURCE]", 0, false },
	{ "migrate SOURCE: --goals-table T --activities-table T, or --from-file GOALS.json --from-file ACTIVITIES.json",
	  0, false },
	END,
};

const struct cli_command cli_commands[] = {
	{ "tui", cmd_tui, tui_usage },
	{ "table", cmd_table, table_usage },
	{ "user", cmd_user, user_usage },
	{ "goal", cmd_goal, goal_usage },
	{ "log", cmd_log, log_usage },
	{ "activity", cmd_activity, activity_usage },
	{ "journal", cmd_journal, journal_usage },
	{ "meal", cmd_meal, meal_usage },
	{ "workout", cmd_workout, workout_usage },
	{ "timeline", cmd_timeline, timeline_usage },
	{ "export", cmd_export, export_usage },
	{ "import", cmd_import, import_usage },
	{ "demo", cmd_demo, demo_usage },
	{ "doctor", cmd_doctor, doctor_usage },
	{ "migrate", cmd_migrate, migrate_usage },
	{ "__complete", cmd_complete, hidden_usage },  /* the shells' completions (cli/cmd_complete.c) */
	{ NULL, NULL, NULL },
};

const struct cli_command *
cli_command_find(const char *name)
{
	for (const struct cli_command *k = cli_commands; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

static bool
is_end(const struct cli_usage *u)
{
	return u->line == NULL && u->type == MODEL_TYPE_COUNT;
}

/* The text of one usage entry into out. */
static void
usage_text(const struct cli_usage *u, char *out, size_t size)
{
	if (u->line != NULL)
		snprintf(out, size, "%s", u->line);
	else
		entity_usage(u->type, u->edit, out, size);
}

/* Whether text starts with the words n long, as whole words ("goal list [..." for "goal list"). */
static bool
starts_with_words(const char *text, const char *words, size_t n)
{
	return strncmp(text, words, n) == 0 && (text[n] == '\0' || text[n] == ' ');
}

bool
cli_usage_line(const char *words, char *out, size_t size)
{
	size_t n = strlen(words);
	for (const struct cli_command *k = cli_commands; k->name != NULL; k++)
		for (const struct cli_usage *u = k->usage; !is_end(u); u++) {
			/* A built line is made only when its words are the ones asked for. */
			char built[64] = "";
			if (u->line == NULL)
				snprintf(built, sizeof built, "%s %s", model_entity(u->type)->label,
				    u->edit ? "edit" : u->type == MODEL_USER ? "create" : "add");
			if (starts_with_words(u->line != NULL ? u->line : built, words, n)) {
				usage_text(u, out, size);
				return true;
			}
		}
	if (size > 0)
		out[0] = '\0';
	return false;
}

void
cli_print_usage_lines(FILE *out)
{
	char line[1024];
	for (const struct cli_command *k = cli_commands; k->name != NULL; k++)
		for (const struct cli_usage *u = k->usage; !is_end(u); u++) {
			usage_text(u, line, sizeof line);
			fprintf(out, "  %s\n", line);
		}
}
