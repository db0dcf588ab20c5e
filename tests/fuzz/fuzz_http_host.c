/*
 * libFuzzer target: http_host_header on arbitrary bytes. An accepted URL is
 * http(s):// without userinfo, query, fragment, spaces or control bytes; its
 * Host header holds only host characters, and parsing scheme://<host>/ again
 * gives the same header (default ports stay dropped, others stay).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datastore/ddb/http.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = xmalloc(size + 1);
	char *host, *again, *url2;
	int https;

	memcpy(url, data, size);
	url[size] = '\0';
	host = http_host_header(url);
	if (host == NULL) {
		free(url);
		return 0;
	}
	https = strncasecmp(url, "https://", 8) == 0;
	if (!https && strncasecmp(url, "http://", 7) != 0)
		abort();
	for (const char *p = url; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch <= 0x20 || ch >= 0x7f || ch == '?' || ch == '#')
			abort();
	}
	/* '@' may appear in the path, never in the authority. */
	{
		const char *auth = url + (https ? 8 : 7), *slash = strchr(auth, '/');
		const char *at = strchr(auth, '@');

		if (at != NULL && (slash == NULL || at < slash))
			abort();
	}
	if (host[0] == '\0')
		abort();
	for (const char *p = host; *p != '\0'; p++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._:[]", *p) == NULL)
			abort();
	url2 = xasprintf("%s://%s/", https ? "https" : "http", host);
	again = http_host_header(url2);
	if (again == NULL || strcmp(again, host) != 0)
		abort();
	free(again);
	free(url2);
	free(host);
	free(url);
	return 0;
}
