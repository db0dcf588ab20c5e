/*
 * libFuzzer target for config/aws.c: the shared-file parser from memory, the
 * nested-value reader, and aws_resolve with the bytes as both shared files.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/aws.h"
#include "config/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_SECRET "FUZZSECRETvalue0123456789"

static int fuzz_fd = -1;

static void
fuzz_setup(void)
{
	char path[64];

	fuzz_fd = memfd_create("fuzz_aws", MFD_CLOEXEC);
	if (fuzz_fd < 0)
		abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fuzz_fd);
	setenv("AWS_CONFIG_FILE", path, 1);
	setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_PROFILE");
	unsetenv("AWS_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_DYNAMODB");
}

/* A message never carries the secret the input may hold. */
static void
fuzz_clean(const char *msg, bool has_secret)
{
	if (msg != NULL && has_secret && strstr(msg, FUZZ_SECRET) != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sections[] = { "default", "profile default", "profile x", "x",
	    "services s" };
	static const char *const keys[] = { "region", "endpoint_url", "aws_access_key_id",
	    "aws_secret_access_key", "services", "dynamodb" };
	struct aws_ini *ini = NULL;
	struct aws_settings s;
	char *err = NULL;
	bool has_secret = memmem(data, size, FUZZ_SECRET, sizeof FUZZ_SECRET - 1) != NULL;

	if (aws_ini_parse(&ini, "fuzz", (const char *)data, size, &err) == 0) {
		if (err != NULL)
			abort();
		for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
			(void)aws_ini_has_section(ini, sections[i]);
			for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
				const char *v = aws_ini_get(ini, sections[i], keys[k]);
				free(aws_ini_subvalue(v, "endpoint_url"));
			}
		}
		aws_ini_free(ini);
	} else {
		if (err == NULL || ini != NULL)
			abort();
		fuzz_clean(err, has_secret);
		free(err);
	}

	/* Lines that cannot be parsed are the values an error message could leak. */
	char *text = strndup((const char *)data, size);
	if (text == NULL)
		abort();
	free(aws_ini_subvalue(text, "endpoint_url"));
	free(text);

	if (fuzz_fd < 0)
		fuzz_setup();
	if (ftruncate(fuzz_fd, 0) != 0 ||
	    (size > 0 && pwrite(fuzz_fd, data, size, 0) != (ssize_t)size))
		abort();
	for (int i = 0; i < 2; i++) {
		err = NULL;
		int rc = aws_resolve(&s, i == 0 ? NULL : "x", NULL, NULL, &err);
		if ((rc == 0) != (err == NULL))
			abort();
		/*
		 * A bad region, endpoint or other setting that is not a secret (max_attempts,
		 * retry_mode, use_*_endpoint, a role's or SSO profile's settings, a profile's
		 * name) is quoted back; a message about keys ("<file> [section]: ...") never is.
		 */
		static const char *const quoting[] = { "bad region", "endpoint", "max_attempts ", "retry_mode ",
		    "use_fips_endpoint ", "use_dualstack_endpoint ", "AWS profile ", NULL };
		bool quotes = false;
		for (size_t q = 0; err != NULL && quoting[q] != NULL; q++)
			quotes = quotes || strncmp(err, quoting[q], strlen(quoting[q])) == 0;
		if (err != NULL && !quotes)
			fuzz_clean(err, has_secret);
		fuzz_clean(s.warning, has_secret);
		fuzz_clean(s.credentials_source, has_secret);
		fuzz_clean(s.chain.source, has_secret);
		/* The keys are where they belong: a chain of static keys has both, no other kind any. */
		if (rc == 0 && s.chain.kind == AWS_SRC_STATIC &&
		    (s.chain.access_key_id == NULL || s.chain.secret_access_key == NULL))
			abort();
		if (rc == 0 && s.chain.kind != AWS_SRC_STATIC && s.chain.secret_access_key != NULL)
			abort();
		for (size_t r = 0; rc == 0 && r < s.chain.nroles; r++)
			if (s.chain.roles[r].role_arn == NULL || s.chain.nroles > 16)
				abort();
		if (rc == 0 && s.region != NULL && !config_valid_region(s.region))
			abort();
		if (rc == 0 && s.endpoint != NULL && !config_valid_endpoint(s.endpoint))
			abort();
		free(err);
		aws_settings_done(&s);
	}
	return 0;
}
