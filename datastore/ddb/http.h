/*
 * HTTP for the DynamoDB backend, on libcurl: one easy handle kept alive
 * across requests (connection reuse), a multi handle to run several requests
 * at once, connect and total timeouts, TLS verification always on, bounded
 * response bodies, and x-amz-crc32 checked.
 */
#ifndef AILIFE_HTTP_H
#define AILIFE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_BODY_MAX (32 * 1024 * 1024)   /* a larger response is refused */

/* How a request ended, below the level of HTTP status codes. */
enum http_result {
	HTTP_OK = 0,             /* a complete response arrived (any status) */
	HTTP_CONNECT,            /* could not connect (refused, no route, DNS): nothing was sent */
	HTTP_TIMEOUT,            /* connect or total timeout: the request may have been applied */
	HTTP_DROPPED,            /* connection closed or reset mid-way, truncated body: may have been applied */
	HTTP_TOO_LARGE,          /* the response passed HTTP_BODY_MAX */
	HTTP_CRC,                /* x-amz-crc32 did not match the body */
	HTTP_TLS,                /* certificate or TLS failure: never retried */
	HTTP_FAILED,             /* anything else libcurl reports */
};

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	const char *url;                 /* "https://dynamodb.eu-west-1.amazonaws.com/" */
	const struct http_header *headers;
	size_t header_count;
	const char *body;
	size_t body_len;
};

struct http_response {
	enum http_result result;
	long status;                     /* HTTP status when result == HTTP_OK */
	char *body;                      /* NUL-terminated, owned */
	size_t body_len;
	char *request_id;                /* x-amzn-RequestId, owned, may be NULL */
	char error[256];                 /* what went wrong (result != HTTP_OK), for people */
	double seconds;                  /* total time */
	/*
	 * libcurl sent the request more than once: a kept-alive connection died
	 * under the first send and curl quietly tried again on a new one. The
	 * first send may have been applied, so a write's outcome is unknown.
	 */
	bool resent;
};

struct http_options {
	long connect_timeout_ms;         /* default 3000 */
	long total_timeout_ms;           /* default 30000 */
	const char *user_agent;          /* "ailife/<version>" */
	const char *ca_file;             /* NULL: the system's CA store */
	size_t body_max;                 /* response ceiling; 0: HTTP_BODY_MAX (smaller values are for tests) */
};

/* One client is used by one thread at a time (it holds libcurl handles); threads each create their own. */
struct http_client;

struct http_client *http_client_create(const struct http_options *opts);
void http_client_free(struct http_client *c);

/* One request on the kept-alive handle. The response is always filled in (free with http_response_done). */
void http_send(struct http_client *c, const struct http_request *req, struct http_response *resp);

/* Several requests at once (a multi handle, up to 16 connections to the host); resps[i] answers reqs[i]. */
void http_send_many(struct http_client *c, const struct http_request *reqs, struct http_response *resps,
    size_t n);

void http_response_done(struct http_response *resp);

/* "http://127.0.0.1:8000" -> host header "127.0.0.1:8000"; https default port dropped. New string or NULL if the URL is bad. */
char *http_host_header(const char *url);

#endif
