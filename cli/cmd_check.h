/* ailife check: the data rules that span items, verified for one user. */
#ifndef AILIFE_CMD_CHECK_H
#define AILIFE_CMD_CHECK_H

#include "cli/cli.h"

int cmd_check(struct cli *c, int argc, char **argv);

#endif
