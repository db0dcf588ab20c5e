/* migrate run | verify | cutover | cleanup | status: the migration from the legacy goals tables. */
#ifndef AILIFE_CMD_MIGRATE_H
#define AILIFE_CMD_MIGRATE_H

#include "cli/cli.h"

int cmd_migrate(struct cli *c, int argc, char **argv);

#endif
