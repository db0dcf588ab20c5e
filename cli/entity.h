/*
 * Commands shared by every entity, driven by the model's description: add,
 * edit, show, delete and printing of records and lists. A new entity gets its
 * options and output from its model entry.
 */
#ifndef AILIFE_CLI_ENTITY_H
#define AILIFE_CLI_ENTITY_H

#include "cli/cli.h"
#include "cli/print.h"

/* The usage text of a list / show and the usage of "add" and "edit" are built from the model. */
/* The usage line of an entity's add (user: create) or edit, built from the model: "meal add NAME --calories N ...". */
void entity_usage(enum model_type type, bool edit, char *out, size_t size);
int entity_add(struct cli *c, enum model_type type, int argc, char **argv);
int entity_edit(struct cli *c, enum model_type type, int argc, char **argv);
int entity_show(struct cli *c, enum model_type type, int argc, char **argv);
int entity_delete(struct cli *c, enum model_type type, int argc, char **argv);
/* Checks that a goal exists (for --goal links); CLI_OK or an exit code after an error. */
int entity_check_goal(struct cli *c, const char *goal_id, const char *what);

#endif
