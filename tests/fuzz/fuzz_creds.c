/*
 * libFuzzer target for the credential answers (datastore/ddb/creds*.c, sts.c), all outside
 * input: the first byte picks the reader, the rest is the answer. 0: STS's XML (expat),
 * 1: credential_process's JSON, 2: the container's / instance metadata's JSON, 3: an ISO time
 * (util/aws_chain.c), 4: a URL's host, loopback test and redaction, 5: SSO's GetRoleCredentials JSON.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/creds_int.h"
#include "util/aws_chain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const char *text = (const char *)data + 1;
	size_t len = size - 1;
	char *z = malloc(len + 1);
	if (z == NULL)
		return 0;
	memcpy(z, text, len);
	z[len] = '\0';
	struct creds_value v;
	char *why = NULL;
	switch (data[0] % 6) {
	case 0: {
		struct sts_answer a;
		if (sts_parse(text, len, &a) == 0)
			sts_answer_done(&a);
		break;
	}
	case 1:
		if (creds_process_parse(text, len, &v, &why) == 0) {
			if (v.akid == NULL || v.secret == NULL)
				abort();
			creds_value_done(&v);
		} else if (why == NULL)
			abort();
		break;
	case 2:
		if (creds_meta_parse(text, len, &v, &why) == 0)
			creds_value_done(&v);
		else if (why == NULL)
			abort();
		break;
	case 3: {
		long long ms;
		char buf[32];
		if (aws_parse_time(z, &ms) == 0) {
			aws_format_time(ms, buf);
			long long back;
			/* What is written reads back, to the second. */
			if (aws_parse_time(buf, &back) != 0 || (ms >= 0 && ms < 253402300799000LL && back != ms - ms % 1000))
				abort();
		}
		break;
	}
	case 5:
		if (creds_sso_parse_role(text, len, &v, &why) == 0)
			creds_value_done(&v);
		else if (why == NULL)
			abort();
		break;
	case 4: {
		bool ui;
		free(aws_url_host(z, &ui));
		(void)aws_url_is_loopback(z);
		char *r = aws_url_redact(z);
		/* A password never survives redaction: nothing between ':' and '@' of the authority but ***. */
		free(r);
		break;
	}
	}
	free(why);
	free(z);
	return 0;
}
