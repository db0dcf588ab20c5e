#include "cli/commands.h"

#include <string.h>

#include "cli/cmd_check.h"
#include "cli/cmd_sync.h"
#include "cli/cmd_report.h"
#include "cli/entity.h"
#include "cli/names.h"

#define BUILT(t, e) NULL, (t), (e)
#define LINE(l) (l), 0, false
#define END { NULL, MODEL_TYPE_COUNT, false, NULL, { NULL, NULL } }

static const struct cli_usage tui_usage[] = {
	{ LINE("tui"), "opens the terminal interface (the same as no command)", { "tui", "--store dynamodb tui" } },
	END,
};
static const struct cli_usage table_usage[] = {
	{ LINE("table create"), "creates the table and its three GSIs; succeeds if it already exists",
	  { "--store dynamodb table create", "--store dynamodb --endpoint http://localhost:8000 table create" } },
	{ LINE("table check"), "compares the live table with the data model; exit 1 with a diff if they differ",
	  { "--store dynamodb table check", "--store dynamodb --table my-table table check" } },
	END,
};
static const struct cli_usage user_usage[] = {
	{ BUILT(MODEL_USER, false), "creates a user and prints its id",
	  { "user create --name Ada", "user create --name Ada --timezone Europe/Berlin --units metric" } },
	{ LINE("user show"), "the user's profile", { "user show", "--user 01JD8X0000000000000000000A user show --json" } },
	{ LINE("user list [--limit N] [--reverse]"), "every user of the store", { "user list", "user list --json" } },
	{ BUILT(MODEL_USER, true), "changes the user's profile",
	  { "user edit --timezone Europe/Berlin", "user edit --calorie-target 2200" } },
	{ LINE("user delete [ID] [--yes]"), "deletes the user (default the current one) and every item of theirs",
	  { "user delete --yes", "user delete 01JD8X0000000000000000000A --yes" } },
	{ LINE("user use ID"), "makes ID the default user (writes user = ID into the config file)",
	  { "user use 01JD8X0000000000000000000A", "--config ~/.config/ailife/work user use 01JD8X0000000000000000000A" } },
	END,
};
static const struct cli_usage goal_usage[] = {
	{ BUILT(MODEL_GOAL, false), "adds a goal and prints its id",
	  { "goal add 'Run 100 km' --target 100 --unit km", "goal add Read --target 12 --unit books --due 2026-12-31" } },
	{ LINE("goal list [--status active|paused|completed|archived|all] [--category C] [--limit N] [--reverse]"), "the goals (default: active)",
	  { "goal list", "goal list --status all --json" } },
	{ LINE("goal show GOAL"), "a goal, its recent activities and linked items",
	  { "goal show 01JD8X", "goal show 01JD8X --json" } },
	{ LINE("goal status GOAL active|paused|completed|archived"), "sets a goal's status",
	  { "goal status 01JD8X paused", "goal status 01JD8X archived" } },
	{ BUILT(MODEL_GOAL, true), "changes a goal",
	  { "goal edit 01JD8X --target 120", "goal edit 01JD8X --due 2027-03-31" } },
	{ LINE("goal delete GOAL"), "deletes a goal and its activities",
	  { "goal delete 01JD8X", "--user 01JD8X0000000000000000000A goal delete 01JD8Y" } },
	END,
};
static const struct cli_usage log_usage[] = {
	{ LINE("log GOAL AMOUNT [--note TEXT] [--at WHEN]"), "an activity toward a goal; updates its progress atomically",
	  { "log 01JD8X 5 --note 'easy run'", "log 01JD8X 2.5 --at 'yesterday 18:00'" } },
	END,
};
static const struct cli_usage activity_usage[] = {
	{ LINE("activity list [--goal GOAL] [--from PERIOD] [--to PERIOD] [--month [M]] [--week [W]] [--limit N] [--reverse]"),
	  "the activities in a range, each with its HANDLE", { "activity list --from -7d", "activity list --goal run --json" } },
	{ LINE("activity show HANDLE"), "one activity (HANDLE: GOAL@TIME, as activity list shows it)",
	  { "activity show 01JD8X@2026-12-04T08:30", "activity show run@8:30 --json" } },
	{ LINE("activity edit HANDLE [--amount N] [--note TEXT] [--at WHEN]"),
	  "changes an activity; a new time moves it, the goal's progress follows in the same transaction",
	  { "activity edit 01JD8X@2026-12-04T08:30 --amount 6", "activity edit run@8:30 --at 'yesterday 8:30'" } },
	{ LINE("activity delete HANDLE"), "deletes an activity and takes it off the goal's progress (or GOAL AT)",
	  { "activity delete 01JD8X@2026-12-04T08:30", "activity delete 01JD8X 2026-12-04T08:30:00.000Z" } },
	END,
};
static const struct cli_usage journal_usage[] = {
	{ BUILT(MODEL_JOURNAL, false), "writes a journal entry (body from stdin when --body is absent)",
	  { "journal add --title Monday --body 'Slept well' --mood 4", "journal add --tag work < notes.txt" } },
	{ LINE("journal list [--from PERIOD] [--to PERIOD] [--month [M]] [--week [W]] [--tag T]... [--limit N] [--reverse]"), "the journal entries",
	  { "journal list", "journal list --tag work --tag health --month this" } },
	{ LINE("journal search TEXT [--from PERIOD] [--to PERIOD] [--month [M]] [--week [W]] [--tag T]... [--limit N] [--reverse]"),
	  "the entries whose title or body holds TEXT, whatever the case (the latest 20 without dates)",
	  { "journal search 'slept well'", "journal search Berlin --from 2026-01-01 --json" } },
	{ LINE("journal show ID"), "one entry in full", { "journal show 01JD8X", "journal show 01JD8X --json" } },
	{ BUILT(MODEL_JOURNAL, true), "changes an entry",
	  { "journal edit 01JD8X --mood 5", "journal edit 01JD8X --tag work --tag health" } },
	{ LINE("journal delete ID"), "deletes an entry", { "journal delete 01JD8X", "--json journal delete 01JD8X" } },
	END,
};
static const struct cli_usage meal_usage[] = {
	{ BUILT(MODEL_MEAL, false), "logs a meal",
	  { "meal add Porridge --calories 350 --type breakfast", "meal add Salad --calories 420 --protein 12 --at 13:00" } },
	{ LINE("meal list [--from PERIOD] [--to PERIOD] [--month [M]] [--week [W]] [--name TEXT] [--limit N] [--reverse]"), "the meals, with a total per day",
	  { "meal list", "meal list --from -7d --json" } },
	{ LINE("meal show ID"), "one meal", { "meal show 01JD8X", "meal show 01JD8X --json" } },
	{ BUILT(MODEL_MEAL, true), "changes a meal",
	  { "meal edit 01JD8X --calories 400", "meal edit 01JD8X --type lunch" } },
	{ LINE("meal delete ID"), "deletes a meal", { "meal delete 01JD8X", "--json meal delete 01JD8X" } },
	END,
};
static const struct cli_usage workout_usage[] = {
	{ BUILT(MODEL_WORKOUT, false), "logs a workout",
	  { "workout add run --minutes 30 --distance 5", "workout add yoga --minutes 45 --at 'yesterday 07:00'" } },
	{ LINE("workout list [--from PERIOD] [--to PERIOD] [--month [M]] [--week [W]] [--limit N] [--reverse]"), "the workouts",
	  { "workout list", "workout list --from -30d --json" } },
	{ LINE("workout show ID"), "one workout", { "workout show 01JD8X", "workout show 01JD8X --json" } },
	{ BUILT(MODEL_WORKOUT, true), "changes a workout",
	  { "workout edit 01JD8X --minutes 35", "workout edit 01JD8X --distance 6.2" } },
	{ LINE("workout delete ID"), "deletes a workout", { "workout delete 01JD8X", "--json workout delete 01JD8X" } },
	END,
};
static const struct cli_usage hidden_usage[] = { END };
static const struct cli_usage timeline_usage[] = {
	{ LINE("timeline [--from PERIOD] [--to PERIOD] [--month [M]] [--week [W]] [--type activity|journal|meal|workout]... [--limit N] [--reverse]"),
	  "every kind of item, merged by time", { "timeline", "timeline --from -7d --type meal --type workout --json" } },
	END,
};
static const struct cli_usage report_usage[] = {
	{ LINE("report [--week [W]] [--month [M]] [--from PERIOD] [--to PERIOD] [--goal GOAL] [--format text|markdown]"),
	  "goals, meals, workouts and journal side by side for a period (default this week): totals, pace, streaks",
	  { "report --month this", "report --week last --goal run --format markdown" } },
	END,
};
static const struct cli_usage status_usage[] = {
	{ LINE("status [--format FMT]"), "one line for a status bar: today's calories, minutes, streaks (see STATUS in ailife(1))",
	  { "status", "status --format '%cal/%target kcal  %goal:Run% %streak:Run%d'" } },
	END,
};
static const struct cli_usage export_usage[] = {
	{ LINE("export [--all-users] [--format jsonl|csv --type meal|activity|journal|workout|goal]"),
	  "JSON Lines, one item a line, keys included, to stdout; or one kind as CSV",
	  { "export > backup.jsonl", "export --format csv --type meal > meals.csv" } },
	END,
};
static const struct cli_usage import_usage[] = {
	{ LINE("import [--format jsonl|csv --type meal|activity] [FILE]"),
	  "JSON Lines (or CSV of meals or activities) from FILE or stdin; the same keys give the same result",
	  { "import backup.jsonl", "import --format csv --type activity runs.csv" } },
	END,
};
static const struct cli_usage demo_usage[] = {
	{ LINE("demo [--days N] [--seed S] [--name NAME] [--force]"), "creates a demo user with N days of realistic data",
	  { "demo", "--db /tmp/demo.db demo --days 30 --seed 7" } },
	END,
};
static const struct cli_usage check_usage[] = {
	{ LINE("check"), "verifies that every goal's progress is the sum of its activities; exit 1 naming each one that is not",
	  { "check", "--json check" } },
	END,
};
static const struct cli_usage doctor_usage[] = {
	{ LINE("doctor"), "what ailife would use and whether it works; creates nothing",
	  { "doctor", "--store dynamodb doctor --json" } },
	END,
};
static const struct cli_usage sync_usage[] = {
	{ LINE("sync [--status] [--drop ID [--yes]]"),
	  "sends the writes queued while DynamoDB could not be reached, in order, and says what each did",
	  { "sync", "sync --status --json" } },
	END,
};
static const struct cli_usage migrate_usage[] = {
	{ LINE("migrate run [--segments N] [--dry-run] [SOURCE]"), "copies the legacy goals tables into the table",
	  { "--store dynamodb migrate run --dry-run", "--store dynamodb migrate run --segments 4" } },
	{ LINE("migrate verify [SOURCE]"), "compares the copy with the legacy tables",
	  { "--store dynamodb migrate verify", "migrate verify --from-file goals.json --from-file activities.json" } },
	{ LINE("migrate cutover [SOURCE]"), "stops the dual writes: the table is the only one",
	  { "--store dynamodb migrate cutover", "--store dynamodb --json migrate cutover" } },
	{ LINE("migrate cleanup [--yes] [SOURCE]"), "deletes the legacy tables after the cutover",
	  { "--store dynamodb migrate cleanup", "--store dynamodb migrate cleanup --yes" } },
	{ LINE("migrate status [SOURCE]"), "where the migration stands",
	  { "--store dynamodb migrate status", "--store dynamodb migrate status --json" } },
	END,
};

const struct cli_command cli_commands[] = {
	{ "tui", cmd_tui, false, "the terminal interface", tui_usage, NULL },
	{ "table", cmd_table, true, "creates or checks the DynamoDB table", table_usage, NULL },
	{ "user", cmd_user, true, "users and their profiles", user_usage, NULL },
	{ "goal", cmd_goal, true, "goals", goal_usage, NULL },
	{ "log", cmd_log, false, "logs progress toward a goal", log_usage, NULL },
	{ "activity", cmd_activity, true, "the activities logged toward goals", activity_usage,
	  "HANDLE: GOAL@TIME, the goal by any of its names and the local minute (seconds when two share one);\n"
	  "activity delete also takes GOAL AT, AT any WHEN or the occurredAt of --json" },
	{ "journal", cmd_journal, true, "journal entries", journal_usage, NULL },
	{ "meal", cmd_meal, true, "meals", meal_usage, NULL },
	{ "workout", cmd_workout, true, "workouts", workout_usage, NULL },
	{ "timeline", cmd_timeline, false, "everything in a range, by time", timeline_usage, NULL },
	{ "report", cmd_report, false, "where you stand: goals, meals, workouts, journal over a period", report_usage,
	  "numbers in --json are exact decimals as stored; text is fitted to the terminal (80 columns when piped)" },
	{ "status", cmd_status, false, "one line for a tmux status bar or a prompt", status_usage,
	  "one round trip; when the store cannot be reached within 2 s only '?' is printed (exit 1)" },
	{ "export", cmd_export, false, "writes the data as JSON Lines", export_usage, NULL },
	{ "import", cmd_import, false, "reads JSON Lines", import_usage, NULL },
	{ "demo", cmd_demo, false, "a demo user with realistic data", demo_usage, NULL },
	{ "doctor", cmd_doctor, false, "checks the settings, the credentials and the store", doctor_usage, NULL },
	{ "check", cmd_check, false, "checks the user's data: progress == sum of activities", check_usage, NULL },
	{ "sync", cmd_sync, false, "the outbox: writes queued while DynamoDB could not be reached", sync_usage,
	  "--status lists them (conflicts with both versions); --drop ID discards one after asking (--yes: without)" },
	/* The shells' completions (cli/cmd_complete.c): no usage, so neither --help nor did-you-mean shows it. */
	{ "__complete", cmd_complete, false, NULL, hidden_usage, NULL },
	{ "migrate", cmd_migrate, true, "moves the legacy goals tables into the table", migrate_usage,
	  "SOURCE: --goals-table T --activities-table T, or --from-file GOALS.json --from-file ACTIVITIES.json" },
	{ NULL, NULL, false, NULL, NULL, NULL },
};

/*
 * What each option means, most specific first: an entry for "meal add" wins
 * over one for "meal", which wins over one for every command ("").
 */
static const struct {
	const char *words;
	const char *option;
	const char *text;
} option_texts[] = {
	{ "workout", "calories", "energy burned, kcal" },
	{ "sync", "status", "list what waits, conflicts with both versions; sends nothing" },
	{ "sync", "drop", "discard write ID of sync --status after asking; it is never sent" },
	{ "sync", "yes", "with --drop: do not ask" },
	{ "user", "name", "the user's name" },
	{ "demo", "name", "the demo user's name (default a made-up one)" },
	{ "goal", "status", "active, paused, completed, archived or all (default active)" },
	{ "journal", "title", "a title for the entry" },
	{ "timeline", "type", "only this kind (repeatable): activity, journal, meal or workout" },
	{ "export", "type", "with --format csv: meal, activity, journal, workout or goal" },
	{ "import", "type", "with --format csv: meal or activity" },
	{ "", "format", "jsonl (the default: every item, keys included) or csv (one kind, with --type)" },
	{ "activity", "goal", "only the activities of this goal" },
	{ "report", "goal", "only this goal (its status whatever)" },
	{ "journal list", "tag", "only entries with this tag, whatever the case (repeatable: all of them)" },
	{ "journal search", "tag", "only entries with this tag, whatever the case (repeatable: all of them)" },
	{ "meal list", "name", "only meals whose name holds TEXT, whatever the case" },
	{ "goal list", "category", "only goals of this category, whatever the case" },
	{ "report", "format", "text (the default: bars and sparklines), markdown, or json (as --json)" },
	{ "status", "format", "the line: %cal %target %left %protein %carbs %fat %meals %min %workouts %dist %entries %mood %date %streak, %goal:NAME% %progress:NAME% %streak:NAME%, %%" },
	{ "meal edit", "name", "what was eaten" },
	{ "workout edit", "kind", "the kind of workout (run, ride, yoga...)" },
	{ "", "title", "the goal's title" },
	{ "", "category", "a category of your own (health, work...)" },
	{ "", "target", "the amount to reach, in the goal's unit" },
	{ "", "unit", "what is counted (km, books, minutes...)" },
	{ "", "start", "the day the goal starts (default today)" },
	{ "", "due", "the day it is due" },
	{ "", "id", "the new item's id (a ULID; default a new one)" },
	{ "", "limit", "at most N items" },
	{ "", "from", "from this day on, inclusive (a DAY, or a PERIOD: its first day)" },
	{ "", "to", "up to this day, inclusive (a DAY, or a PERIOD: its last day)" },
	{ "", "note", "a note for the activity" },
	{ "activity edit", "amount", "the new amount, in the goal's unit" },
	{ "", "at", "when it happened (WHEN; default now)" },
	{ "", "goal", "the goal it counts toward or belongs to" },
	{ "", "body", "the text (default: standard input, or $VISUAL / $EDITOR on a terminal)" },
	{ "", "mood", "1 (low) to 5 (high)" },
	{ "", "tag", "a tag (repeatable)" },
	{ "", "type", "breakfast, lunch, dinner or snack (default from the time of day)" },
	{ "", "calories", "energy, kcal" },
	{ "", "protein", "protein, grams" },
	{ "", "carbs", "carbohydrates, grams" },
	{ "", "fat", "fat, grams" },
	{ "", "minutes", "how long, minutes" },
	{ "", "distance", "how far: 8km or 5mi; a bare number is in the profile's units (km, or mi when imperial)" },
	{ "", "email", "an e-mail address" },
	{ "", "timezone", "an IANA zone (Europe/Berlin); days and times are read and shown in it" },
	{ "", "units", "metric or imperial" },
	{ "", "calorie-target", "kcal a day, for the meal totals" },
	{ "", "all-users", "every user of the store, not only the current one" },
	{ "", "days", "how many days of data (default 14)" },
	{ "", "seed", "the same seed gives the same data" },
	{ "", "segments", "parallel scan segments of the legacy tables" },
	{ "", "dry-run", "read and map everything, write nothing" },
	{ "user delete", "yes", "delete without asking (needed when there is no terminal to ask on)" },
	{ "", "yes", "do it without asking" },
	{ "", "goals-table", "the legacy goals table" },
	{ "", "activities-table", "the legacy activities table" },
	{ "", "from-file", "a legacy table's scan as JSON (repeatable: goals, then activities)" },
	/* Options of other parts of issue 12, described here so that their help is whole once they are in. */
	{ "", "force", "even into a store that holds a real user" },
	{ "", "month", "one whole month instead of --from/--to: YYYY-MM, this, last, or a day in it; alone, this month" },
	{ "", "week", "one whole ISO week instead of --from/--to: YYYY-Www, this, last, or a day in it; alone, this week" },
	{ "", "reverse", "newest first (lists are oldest first by when things happened)" },
};

const struct cli_command *
cli_command_find(const char *name)
{
	for (const struct cli_command *k = cli_commands; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

bool
cli_usage_is_end(const struct cli_usage *u)
{
	return u->line == NULL && u->type == MODEL_TYPE_COUNT;
}

void
cli_usage_text(const struct cli_usage *u, char *out, size_t size)
{
	if (u->line != NULL)
		snprintf(out, size, "%s", u->line);
	else
		entity_usage(u->type, u->edit, out, size);
}

/* The words a usage entry is for: "goal list", "meal add", "user create", "log". */
static void
usage_words(const struct cli_command *k, const struct cli_usage *u, char *out, size_t size)
{
	if (u->line == NULL) {
		snprintf(out, size, "%s %s", model_entity(u->type)->label,
		    u->edit ? "edit" : u->type == MODEL_USER ? "create" : "add");
		return;
	}
	size_t n = strcspn(u->line, " ");
	if (k->subs && u->line[n] == ' ')
		n += 1 + strcspn(u->line + n + 1, " ");
	snprintf(out, size, "%.*s", (int)n, u->line);
}

void
cli_usage_sub(const struct cli_command *k, const struct cli_usage *u, char *out, size_t size)
{
	char words[64];
	usage_words(k, u, words, sizeof words);
	const char *sp = strchr(words, ' ');
	snprintf(out, size, "%s", k->subs && sp != NULL ? sp + 1 : "");
}

bool
cli_usage_line(const char *words, char *out, size_t size)
{
	for (const struct cli_command *k = cli_commands; k->name != NULL; k++)
		for (const struct cli_usage *u = k->usage; !cli_usage_is_end(u); u++) {
			/* A built line is made only when its words are the ones asked for. */
			char w[64];
			usage_words(k, u, w, sizeof w);
			if (strcmp(w, words) == 0) {
				cli_usage_text(u, out, size);
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
		for (const struct cli_usage *u = k->usage; !cli_usage_is_end(u); u++) {
			cli_usage_text(u, line, sizeof line);
			fprintf(out, "  %s\n", line);
		}
}

size_t
cli_subcommands(const struct cli_command *k, const char **out, char (*names)[16], size_t max)
{
	size_t n = 0;
	for (const struct cli_usage *u = k->usage; k->subs && !cli_usage_is_end(u) && n + 1 < max; u++) {
		cli_usage_sub(k, u, names[n], 16);
		out[n] = names[n];
		n++;
	}
	if (max > 0)
		out[n] = NULL;
	return n;
}

const char *
cli_option_description(const char *words, const char *option)
{
	char cmd[64];
	/* The words, then the command alone, then every command. */
	snprintf(cmd, sizeof cmd, "%.*s", (int)strcspn(words, " "), words);
	const char *levels[] = { words, cmd, "" };
	for (size_t l = 0; l < 3; l++)
		for (size_t i = 0; i < sizeof option_texts / sizeof option_texts[0]; i++)
			if (strcmp(option_texts[i].words, levels[l]) == 0 && strcmp(option_texts[i].option, option) == 0)
				return option_texts[i].text;
	return NULL;
}

#define HELP_MAX_OPTS 32

struct help_opts {
	char name[HELP_MAX_OPTS][32];
	char meta[HELP_MAX_OPTS][48];
	char words[HELP_MAX_OPTS][64];
	size_t n;
};

/* The options a usage line shows ("[--from DAY]", "--target N"), once each, into h. */
static void
help_collect(struct help_opts *h, const char *words, const char *line)
{
	for (const char *p = strstr(line, "--"); p != NULL; p = strstr(p, "--")) {
		p += 2;
		size_t n = strcspn(p, " ]=");
		if (n == 0 || n >= sizeof h->name[0])
			continue;
		char name[32];
		snprintf(name, sizeof name, "%.*s", (int)n, p);
		const char *m = p + n;
		char meta[48] = "";
		if (*m == ' ' && m[1] != '[' && m[1] != '-' && m[1] != '\0') {
			size_t k = strcspn(m + 1, " ]");
			snprintf(meta, sizeof meta, " %.*s", (int)k, m + 1);
		}
		size_t i;
		for (i = 0; i < h->n; i++)
			if (strcmp(h->name[i], name) == 0)
				break;
		if (i < h->n || h->n == HELP_MAX_OPTS)
			continue;
		snprintf(h->name[h->n], sizeof h->name[0], "%s", name);
		snprintf(h->meta[h->n], sizeof h->meta[0], "%s", meta);
		snprintf(h->words[h->n], sizeof h->words[0], "%s", words);
		h->n++;
	}
}

bool
cli_help_print(FILE *out, const char *words)
{
	char cmd[64], line[1024], w[64];
	snprintf(cmd, sizeof cmd, "%.*s", (int)strcspn(words, " "), words);
	const struct cli_command *k = cli_command_find(cmd);
	if (k == NULL)
		return false;
	bool whole = strcmp(cmd, words) == 0;
	const struct cli_usage *one = NULL;
	for (const struct cli_usage *u = k->usage; !whole && !cli_usage_is_end(u); u++) {
		usage_words(k, u, w, sizeof w);
		if (strcmp(w, words) == 0)
			one = u;
	}
	if (!whole && one == NULL)
		return false;
	struct help_opts h;
	memset(&h, 0, sizeof h);
	bool first = true;
	for (const struct cli_usage *u = k->usage; !cli_usage_is_end(u); u++) {
		if (one != NULL && u != one)
			continue;
		cli_usage_text(u, line, sizeof line);
		usage_words(k, u, w, sizeof w);
		fprintf(out, "%s ailife %s\n", first ? "usage:" : "      ", line);
		first = false;
		help_collect(&h, w, line);
	}
	fputc('\n', out);
	if (one != NULL)
		fprintf(out, "%s: %s.\n", words, one->summary);
	else if (k->subs)
		for (const struct cli_usage *u = k->usage; !cli_usage_is_end(u); u++) {
			usage_words(k, u, w, sizeof w);
			fprintf(out, "  %-16s %s\n", w, u->summary);
		}
	else
		fprintf(out, "%s: %s.\n", k->name, k->usage[0].summary);
	if (k->notes != NULL)
		fprintf(out, "\n%s\n", k->notes);
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < h.n; i++) {
		char left[96];
		const char *text = cli_option_description(h.words[i], h.name[i]);
		snprintf(left, sizeof left, "--%s%s", h.name[i], h.meta[i]);
		fprintf(out, "  %-26s %s\n", left, text != NULL ? text : "");
	}
	fputs("  global options (--json, --user ID, --read-only ...) may come anywhere before --; see ailife --help\n",
	    out);
	fputs("\nExamples:\n", out);
	if (one != NULL) {
		fprintf(out, "  ailife %s\n  ailife %s\n", one->examples[0], one->examples[1]);
	} else if (k->usage[0].line != NULL && cli_usage_is_end(&k->usage[1])) {
		fprintf(out, "  ailife %s\n  ailife %s\n", k->usage[0].examples[0], k->usage[0].examples[1]);
	} else {
		/* A command of several: the first example of its first two. */
		fprintf(out, "  ailife %s\n", k->usage[0].examples[0]);
		if (!cli_usage_is_end(&k->usage[1]))
			fprintf(out, "  ailife %s\n", k->usage[1].examples[0]);
	}
	return true;
}
