/*
 * Names people can type and read (cli/names.c): short ids (the shortest
 * unique prefix, at least NAMES_SHORT_MIN characters, as git abbreviates
 * hashes) and goals named by their title in human output.
 */
#ifndef AILIFE_CLI_NAMES_H
#define AILIFE_CLI_NAMES_H

#include <stddef.h>

#include "cli/cli.h"

#define NAMES_SHORT_MIN 6

/*
 * len[i]: how many characters of ids[i] tell it apart from every other id of
 * ids (case-insensitively), at least NAMES_SHORT_MIN (or the whole id when it
 * is shorter). NULL ids get 0.
 */
void names_short_lengths(const char *const *ids, size_t n, size_t *len);
/*
 * The title of one of the user's goals, for human output: the goals are read
 * once per run (AP3) and kept in c. NULL when there is no such goal (the
 * caller shows the id).
 */
const char *names_goal_title(struct cli *c, const char *goal_id);
/*
 * The handle of an activity, one word people can type back (activity show,
 * edit, delete): the goal's short id and the local time of the activity,
 * "01KB3XQ7@2026-12-04T08:30", with seconds when needed. goal_short: the goal
 * id's length to show (names_short_lengths), 0 for NAMES_SHORT_MIN.
 */
void names_activity_handle(const struct model_activity *act, size_t goal_short, char *out, size_t size);
#define NAMES_HANDLE_MAX 160
/* Frees what names_goal_title kept (cli_done calls it). */
void names_done(struct cli *c);

#endif
