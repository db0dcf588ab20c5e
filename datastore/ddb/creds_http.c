/*
 * One-shot HTTP for the credential sources (STS, SSO, the container and
 * instance metadata): a new handle per request, TLS verification on, no
 * redirects, bounded answers kept in memory that is wiped when freed (the
 * answers hold secrets).
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/creds_int.h"
#include "datastore/ddb/curl_lib.h"
#include "util/xmalloc.h"

#ifndef AILIFE_VERSION
#define AILIFE_VERSION "dev"
#endif

static size_t
creds_on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct creds_http_resp *r = arg;
	size_t n = size * nmemb;
	if (r->len + n + 1 > CREDS_BODY_MAX) {
		r->too_large = true;
		return 0;
	}
	if (r->len + n + 1 > r->cap) {
		size_t cap = r->cap ? r->cap : 1024;
		while (cap < r->len + n + 1)
			cap *= 2;
		char *b = xmalloc(cap);
		if (r->body != NULL) {
			memcpy(b, r->body, r->len);
			explicit_bzero(r->body, r->cap);
			free(r->body);
		}
		r->body = b;
		r->cap = cap;
	}
	memcpy(r->body + r->len, data, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

void
creds_http_done(struct creds_http_resp *r)
{
	if (r->body != NULL) {
		explicit_bzero(r->body, r->cap);
		free(r->body);
	}
	memset(r, 0, sizeof *r);
}

int
creds_http(const struct creds_http_req *req, struct creds_http_resp *resp)
{
	const struct curl_lib *lib = curl_lib_load();
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *hl = NULL;
	int bad = 0, rc = -1;

	memset(resp, 0, sizeof *resp);
	if (lib == NULL) {
		xsnprintf(resp->error, sizeof resp->error, "libcurl: %s", curl_lib_error());
		return -1;
	}
	CURL *e = curl_easy_init();
	if (e == NULL) {
		xsnprintf(resp->error, sizeof resp->error, "libcurl: no handle");
		return -1;
	}
	for (size_t i = 0; i < req->nheaders; i++)
		hl = curl_slist_append(hl, req->headers[i]);
	/* libcurl's own Expect: 100-continue would cost a round trip. */
	hl = curl_slist_append(hl, "Expect:");
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	if (req->ca_file != NULL)
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, req->ca_file) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, "ailife/" AILIFE_VERSION) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms > 0 ? req->connect_timeout_ms : 3000L)
	    != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : 10000L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_URL, req->url) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTPHEADER, hl) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, creds_on_body) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)resp) != CURLE_OK;
	if (strcmp(req->method, "GET") != 0) {
		bad |= curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len) != CURLE_OK;
		bad |= curl_easy_setopt(e, CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "") != CURLE_OK;
		if (strcmp(req->method, "POST") != 0)
			bad |= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, req->method) != CURLE_OK;
	}
	if (bad) {
		xsnprintf(resp->error, sizeof resp->error, "libcurl refused an option");
		goto out;
	}
	CURLcode cc = curl_easy_perform(e);
	if (cc != CURLE_OK) {
		if (resp->too_large)
			xsnprintf(resp->error, sizeof resp->error, "the answer is larger than %d bytes", CREDS_BODY_MAX);
		else
			xsnprintf(resp->error, sizeof resp->error, "%s", errbuf[0] != '\0' ? errbuf : curl_easy_strerror(cc));
		goto out;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &resp->status);
	if (resp->body == NULL) {
		resp->body = xstrdup("");
		resp->cap = 1;
	}
	rc = 0;
out:
	curl_slist_free_all(hl);
	curl_easy_cleanup(e);
	return rc;
}
