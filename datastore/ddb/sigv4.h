/*
 * AWS Signature Version 4 (header signing, AWS4-HMAC-SHA256), as the
 * DynamoDB backend needs it, checked against the AWS SigV4 test suite
 * (tests/sigv4/aws-sigv4-testsuite).
 *
 * What is signed is what the caller says it sends: the request's headers,
 * minus a skip list. Derived signing keys are cached per (date, region,
 * service, access key id, secret fingerprint) behind a mutex; the secret
 * itself is never kept, and no returned string holds it.
 */
#ifndef AILIFE_SIGV4_H
#define AILIFE_SIGV4_H

#include <stdbool.h>
#include <stddef.h>

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SIGV4_AMZ_DATE_LEN 16	/* "YYYYMMDDTHHMMSSZ" */

struct sigv4_creds {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token;	/* NULL or "" when none */
};

/* One header as sent: name in any case, value untrimmed (may span lines). */
struct sigv4_header {
	char *name;
	char *value;
};

/* An owned list of headers, in the order they are sent. */
struct sigv4_headers {
	struct sigv4_header *v;
	size_t n;
	size_t cap;
};

void sigv4_headers_init(struct sigv4_headers *h);
void sigv4_headers_add(struct sigv4_headers *h, const char *name, const char *value);
/* Wipes every value (one may be a session token), frees, leaves h empty. */
void sigv4_headers_done(struct sigv4_headers *h);
/* The value of the first header named name (case-insensitive), or NULL. */
const char *sigv4_headers_get(const struct sigv4_headers *h, const char *name);
/* "Name: value" as a new string (for curl_slist_append). */
char *sigv4_header_line(const struct sigv4_header *hd);

/*
 * A request to sign. Everything is borrowed.
 *  path: the path as it goes on the request line ("/" for DynamoDB); NULL
 *	or "" mean "/". Every byte but A-Za-z0-9 - . _ ~ and '/' is
 *	percent-encoded in the canonical URI, so an already-encoded path is
 *	encoded again, as AWS wants for every service but S3.
 *  query: the text after '?', without it; NULL or "" for none. Each name and
 *	value is percent-decoded then encoded by AWS's rules ('+' stays a
 *	literal plus), and the pairs sorted by name then value.
 *  no_path_normalize: false (the default) removes "." and ".." segments
 *	and empty segments, as for every service but S3.
 */
struct sigv4_request {
	const char *method;
	const char *path;
	const char *query;
	const struct sigv4_header *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
	bool no_path_normalize;
};

/*
 * Header names (lower-case) that sigv4_sign leaves out of SignedHeaders when
 * given this list: botocore's (expect, transfer-encoding, user-agent,
 * x-amzn-trace-id) plus accept and content-length, which libcurl may add or
 * rewrite itself. NULL-terminated. A skip list of NULL signs every header.
 * "authorization" is never signed, whatever the list.
 */
extern const char *const sigv4_skip_default[];

/*
 * The canonical request (no trailing newline) as a new string in *out, and
 * when signed_headers is not NULL the SignedHeaders value ("host;x-amz-date")
 * in *signed_headers. Returns 0, or -1 with a new message in *err (a missing
 * method, a path not starting with '/', a bad header name, no header left to
 * sign).
 */
int sigv4_canonical_request(const struct sigv4_request *req, const char *const *skip,
    char **out, char **signed_headers, char **err);

/*
 * "AWS4-HMAC-SHA256\n<amz_date>\n<YYYYMMDD>/<region>/<service>/aws4_request\n"
 * + hex(SHA-256(canonical request)), as a new string in *out. Returns 0, or -1
 * with a new message in *err (a malformed date, region or service).
 */
int sigv4_string_to_sign(const char *amz_date, const char *region, const char *service,
    const char *canonical_request, char **out, char **err);

/*
 * Signs req and hands back the Authorization header value in *authz:
 * "AWS4-HMAC-SHA256 Credential=<akid>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=<...>, Signature=<64 hex>". amz_date NULL takes the request's
 * X-Amz-Date header. creds->session_token is not used here: a caller that
 * wants it signed puts X-Amz-Security-Token in req's headers. Returns 0, or
 * -1 with a new message in *err (never quoting the secret).
 */
int sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *creds,
    const char *amz_date, const char *region, const char *service,
    const char *const *skip, char **authz, char **err);

/*
 * The headers of one DynamoDB call (POST /, service "dynamodb"), in this
 * order: Host (host_header exactly, port and all), X-Amz-Date (from now_ms,
 * UTC), X-Amz-Target (target, e.g. "DynamoDB_20120810.GetItem"),
 * Content-Type: application/x-amz-json-1.0, X-Amz-Security-Token (when the
 * creds have one) and Authorization, signing
 * content-type;host;x-amz-date[;x-amz-security-token];x-amz-target.
 * Call again for every retry (a new date), with the same body bytes.
 * out need not be initialised; it is filled on success and left empty on
 * failure; release it with sigv4_headers_done. Returns 0, or -1 when an
 * argument is missing or unusable (a CR, LF or other control byte in a
 * header value, now_ms outside years 1970-9999).
 */
int sigv4_sign_dynamodb(const struct sigv4_creds *creds, const char *region,
    const char *host_header, const char *target, const char *body, size_t body_len,
    long long now_ms, struct sigv4_headers *out);

/* now_ms (ms since the epoch) as "YYYYMMDDTHHMMSSZ" in buf; 0, or -1 out of range. */
int sigv4_amz_date(long long now_ms, char buf[SIGV4_AMZ_DATE_LEN + 1]);

/* How many signing keys have been derived since start (the cache's misses). */
unsigned long sigv4_cache_derivations(void);
/* Wipes and forgets every cached signing key. */
void sigv4_cache_clear(void);

/*
 * A raw HTTP request as in the test suite's .req files: a request line
 * "METHOD <target> HTTP/x" (the target may hold spaces), header lines
 * "Name:value" (a line starting with a space or tab continues the previous
 * value, joined with '\n'), then after an empty line the body. Lines end in
 * "\n" or "\r\n". All owned.
 */
struct sigv4_raw_request {
	char *method;
	char *path;
	char *query;		/* NULL when the target has no '?' */
	struct sigv4_headers headers;
	char *body;		/* NUL-terminated too; body_len excludes it */
	size_t body_len;
	bool has_body;		/* an empty line ended the headers */
};

#define SIGV4_RAW_MAX (1024 * 1024)	/* a larger raw request is refused */

/* Returns 0, or -1 with a new message in *err; out is usable (and must be freed) in both cases. */
int sigv4_parse_raw_request(const char *text, size_t len, struct sigv4_raw_request *out,
    char **err);
void sigv4_raw_request_done(struct sigv4_raw_request *r);
/* Points req at r's parts (borrowed from r), path normalisation on. */
void sigv4_raw_request_view(const struct sigv4_raw_request *r, struct sigv4_request *req);

#endif
