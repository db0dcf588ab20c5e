/*
 * Names people can type and read (cli/names.c, cli/names_act.c): short ids
 * (the shortest unique prefix, at least NAMES_SHORT_MIN characters, as git
 * abbreviates hashes), records named by an id prefix, goals named by their
 * title, and activities named by a handle "GOAL@LOCALTIME".
 *
 * How a name is read (names_resolve), the first step that finds something
 * decides:
 *   1. the exact id (one GetItem);
 *   2. a unique id prefix of at least NAMES_PREFIX_MIN characters, without
 *      regard to case (one Query: begins_with, Limit NAMES_CANDIDATES_MAX,
 *      with the upper-cased prefix too when it differs, as ULIDs are upper
 *      case);
 *   3. goals only: a title, whole, without regard to ASCII case;
 *   4. goals only: a unique part of a title, without regard to ASCII case.
 * Several matches at a step are refused (exit 2) with the candidates listed;
 * with NAMES_PREFER_ACTIVE (log) the one active goal among several wins at
 * steps 3 and 4. A text that is the prefix of one goal's id and the whole
 * title of another is refused as ambiguous too (never guessed): give more of
 * the id, or the other goal's id. A text under NAMES_PREFIX_MIN characters
 * is no id prefix (exit 2 when nothing else matches).
 */
#ifndef AILIFE_CLI_NAMES_H
#define AILIFE_CLI_NAMES_H

#include <stddef.h>

#include "cli/cli.h"

#define NAMES_SHORT_MIN 6
#define NAMES_PREFIX_MIN 4
/* How many candidates an ambiguous name lists (the prefix Query's Limit). */
#define NAMES_CANDIDATES_MAX 5
#define NAMES_HANDLE_MAX 160

/* names_resolve flags. */
#define NAMES_PREFER_ACTIVE 1u

/*
 * len[i]: how many characters of ids[i] tell it apart from every other id of
 * ids (case-insensitively), at least NAMES_SHORT_MIN (or the whole id when it
 * is shorter). NULL ids get 0.
 */
void names_short_lengths(const char *const *ids, size_t n, size_t *len);
/*
 * How many characters of goal_id to show: its short length among all the
 * user's goals (read once, as names_goal_title does), NAMES_SHORT_MIN when
 * they cannot be read or it is not among them.
 */
size_t names_goal_short(struct cli *c, const char *goal_id);
/*
 * The title of one of the user's goals, for human output: the goals are read
 * once per run (AP3) and kept in c. NULL when there is no such goal (the
 * caller shows the id).
 */
const char *names_goal_title(struct cli *c, const char *goal_id);
/* The user's goals read with another request (issue 15): taken for the names when they are all (goals is emptied). */
void names_goals_given(struct cli *c, struct store_list *goals);
/* A goal as human output names it, made inert: "'Run 100 km'" (quoted title), else its id (new string). */
char *names_goal_label(const struct model_goal *g);

/*
 * The record of type (goal, journal entry, meal, workout) that text names
 * (see the top of this file). CLI_OK with *rec (model_free); else the error
 * has been printed ("ailife: <what>: ...") and the exit code is returned:
 * 2 ambiguous, too short or not an id, 1 not found or the request failed.
 */
int names_resolve(struct cli *c, enum model_type type, const char *text, const char *what, unsigned flags,
    void **rec);
/* The same, handing back only the id (a new string). */
int names_resolve_id(struct cli *c, enum model_type type, const char *text, const char *what, unsigned flags,
    char **id);

/*
 * The handle of an activity, one word people can type back (activity show,
 * edit, delete): the goal's short id and the local time of the activity,
 * "01KB3XQ7@2026-12-04T08:30". goal_short: the goal id's length to show
 * (names_goal_short), 0 for NAMES_SHORT_MIN. names_activity_handle_at adds
 * seconds (precision 1: "T08:30:15") or milliseconds (2: "T08:30:15.250").
 */
void names_activity_handle(const struct model_activity *act, size_t goal_short, char *out, size_t size);
void names_activity_handle_at(const struct model_activity *act, size_t goal_short, int precision, char *out,
    size_t size);
/*
 * The handles of every activity of a list (out[i] for l->items[i]; "" for an
 * item that is no activity): goal short ids among the user's goals, and
 * seconds for two activities of a goal in the same minute (milliseconds in
 * the same second), decided by neighbours in time, not by the whole list.
 */
void names_activity_handles(struct cli *c, const struct store_list *l, char (*out)[NAMES_HANDLE_MAX]);
/*
 * The handle of one activity as lists show it: with seconds when another
 * activity of its goal shares its minute (one Query of that minute, AP7).
 */
void names_activity_handle_of(struct cli *c, const struct model_activity *act, char *out, size_t size);
/*
 * The activity a handle names: "GOAL@TIME", GOAL any goal name of
 * names_resolve, TIME a local "YYYY-MM-DDTHH:MM" (or with a space, with
 * ":SS" or ":SS.mmm") or any WHEN. A minute names the one activity of the
 * goal in that minute, a second the one in that second; several are listed
 * (with finer handles) and refused, exit 2. CLI_OK with *act (model_free).
 */
int names_activity_resolve(struct cli *c, const char *handle, const char *what, struct model_activity **act);
/* The same with the goal and the time as two words ("activity delete GOAL AT"). */
int names_activity_resolve2(struct cli *c, const char *goal, const char *at, const char *what,
    struct model_activity **act);

/* The hidden "ailife __complete KIND [PREFIX]" of the shell completions (cli/cmd_complete.c). */
int cmd_complete(struct cli *c, int argc, char **argv);

/* Frees what names_goal_title kept (cli_done calls it). */
void names_done(struct cli *c);

#endif
