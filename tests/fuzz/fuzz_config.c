/*
 * libFuzzer target for config/config.c: the bytes go through config_parse
 * from memory and through config_load_file from a memfd, as a file would.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_fd = -1;
static char fuzz_path[64];

static void
fuzz_check(const struct config *c)
{
	char *err = NULL;
	const char *const fields[] = { c->store, c->db, c->table, c->user, c->endpoint,
	    c->region, c->profile, c->legacy_goals_table, c->legacy_activities_table };

	/* What the parser accepted must pass the same checks afterwards. */
	if (config_check(c, &err) != 0)
		abort();
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (fields[i] == NULL)
			continue;
		if (fields[i][0] == '\0')
			abort();
		free(config_quote(fields[i], 64));
	}
	if (c->legacy_dual_write < -1 || c->legacy_dual_write > 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char *err = NULL;
	int rc;

	config_init(&c);
	rc = config_parse(&c, "fuzz", (const char *)data, size, &err);
	if ((rc == 0) != (err == NULL))
		abort();
	if (rc == 0)
		fuzz_check(&c);
	free(err);
	config_done(&c);

	if (fuzz_fd < 0) {
		fuzz_fd = memfd_create("fuzz_config", MFD_CLOEXEC);
		if (fuzz_fd < 0)
			abort();
		snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d", fuzz_fd);
	}
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    (size > 0 && pwrite(fuzz_fd, data, size, 0) != (ssize_t)size))
		abort();
	config_init(&c);
	err = NULL;
	int rc2 = config_load_file(&c, fuzz_path, true, &err);
	/* The same bytes give the same answer from a file (up to the size limit). */
	if (size <= CONFIG_MAX_FILE && rc2 != rc)
		abort();
	if (rc2 == 0 && (c.path == NULL || strcmp(c.path, fuzz_path) != 0))
		abort();
	free(err);
	config_done(&c);
	return 0;
}
