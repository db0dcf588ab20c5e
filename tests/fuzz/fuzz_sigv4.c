/*
 * libFuzzer target for datastore/ddb/sigv4.c: the raw-request parser, then
 * the canonical request, string to sign and Authorization value of what it
 * parsed (with and without the default skip list, path normalisation on and
 * off), checking the shapes that AWS requires.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/sigv4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_SECRET "FUZZSECRETvalue0123456789"

static int
is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

static void
check_request(struct sigv4_request *req, const char *const *skip)
{
	static const struct sigv4_creds creds = { "AKIDFUZZ", FUZZ_SECRET, NULL };
	char *creq = NULL, *sh = NULL, *sts = NULL, *authz = NULL, *err = NULL;

	if (sigv4_canonical_request(req, skip, &creq, &sh, &err) != 0) {
		if (err == NULL || creq != NULL)
			abort();
		free(err);
		return;
	}
	/* Ends in "\n<signed headers>\n<64 hex>"; the URI line starts with '/'. */
	size_t len = strlen(creq), shlen = strlen(sh);
	if (len < 66 + shlen || !is_lower_hex(creq + len - 64, 64) || creq[len - 65] != '\n' ||
	    memcmp(creq + len - 65 - shlen, sh, shlen) != 0)
		abort();
	const char *nl = strchr(creq, '\n');
	if (nl == NULL || nl[1] != '/')
		abort();
	if (sigv4_string_to_sign("20150830T123600Z", "us-east-1", "service", creq, &sts,
	    &err) != 0)
		abort();
	if (sigv4_sign(req, &creds, "20150830T123600Z", "us-east-1", "service", skip, &authz,
	    &err) != 0)
		abort();
	len = strlen(authz);
	if (len < 64 || !is_lower_hex(authz + len - 64, 64) || strstr(authz, FUZZ_SECRET) ||
	    strncmp(authz, "AWS4-HMAC-SHA256 Credential=AKIDFUZZ/20150830/us-east-1/service/"
	    "aws4_request, SignedHeaders=", 92) != 0)
		abort();
	free(creq);
	free(sh);
	free(sts);
	free(authz);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sigv4_raw_request raw;
	struct sigv4_request req;
	char *err = NULL;

	if (sigv4_parse_raw_request((const char *)data, size, &raw, &err) != 0) {
		if (err == NULL)
			abort();
		free(err);
		sigv4_raw_request_done(&raw);
		return 0;
	}
	sigv4_raw_request_view(&raw, &req);
	check_request(&req, NULL);
	check_request(&req, sigv4_skip_default);
	req.no_path_normalize = true;
	check_request(&req, NULL);
	sigv4_raw_request_done(&raw);
	return 0;
}
