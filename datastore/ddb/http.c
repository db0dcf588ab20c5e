/*
 * HTTP for the DynamoDB backend on libcurl. A client holds one easy handle
 * for http_send (kept alive, so its connection is reused) and a multi handle
 * with a small pool of easy handles for http_send_many; all of them share one
 * connection, DNS and TLS session cache through a CURLSH. Requests carry the
 * caller's headers and nothing of curl's own beyond Host (when the caller
 * gives none), User-Agent and Content-Length, since the caller signs them.
 *
 * A client is used by one thread at a time: the share has no lock callbacks
 * because nothing but the client's own handles, driven from that one thread,
 * touches it.
 */
#include "datastore/ddb/http.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>
#include <zlib.h>

#include "datastore/ddb/curl_lib.h"
#include "util/buf.h"
#include "util/xmalloc.h"

#define HTTP_CONNECT_TIMEOUT_MS 3000
#define HTTP_TOTAL_TIMEOUT_MS   30000
#define HTTP_USER_AGENT         "ailife"
#define HTTP_PARALLEL           16      /* transfers in flight in http_send_many, and connections per host */
/* Idle connections kept; curl's default (4 per handle in the multi) would drop them as a batch finishes. */
#define HTTP_IDLE_MAX           (2 * HTTP_PARALLEL)
#define HTTP_HOST_MAX           255     /* longest host name accepted in a URL */

/* What a URL says about where it goes; host points into the URL. */
struct url_parts {
	const char *host;       /* a name, an IPv4 address or a bracketed IPv6 address */
	size_t host_len;
	unsigned port;          /* the default one when the URL names none */
	int https;
};

/* One transfer: a pooled easy handle and what it gathers. */
struct xfer {
	CURL *easy;
	struct curl_slist *headers;
	struct buf body;
	char *request_id;
	int have_crc;
	int crc_malformed;
	unsigned long crc;
	int too_large;
	int sends;                              /* request lines sent (curl re-sends on a dead reused connection) */
	int busy;
	size_t body_max;
	struct http_response *resp;
	char where[HTTP_HOST_MAX + 16];         /* "host:port" for messages */
	char errbuf[CURL_ERROR_SIZE];
};

struct http_client {
	CURLSH *share;
	CURLM *multi;
	struct xfer single;
	struct xfer pool[HTTP_PARALLEL];
	long connect_timeout_ms;
	long total_timeout_ms;
	char *user_agent;
	char *ca_file;
	size_t body_max;
};

static pthread_once_t http_once = PTHREAD_ONCE_INIT;
static int http_global_ok;

static void
http_global_init(void)
{
	http_global_ok = curl_lib_load() != NULL;
}

/* RFC 3986 reg-name, minus percent-encoding and sub-delims: what a DynamoDB endpoint can be. */
static int
host_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	    ch == '-' || ch == '.' || ch == '_';
}

/* Parses scheme://host[:port][/path]; -1 for anything else (userinfo, query, fragment, odd bytes). */
static int
url_parse(const char *url, struct url_parts *u)
{
	const char *p, *q;

	if (url == NULL)
		return -1;
	if (strncasecmp(url, "http://", 7) == 0) {
		u->https = 0;
		u->port = 80;
		p = url + 7;
	} else if (strncasecmp(url, "https://", 8) == 0) {
		u->https = 1;
		u->port = 443;
		p = url + 8;
	} else
		return -1;

	u->host = p;
	if (*p == '[') {
		char addr[INET6_ADDRSTRLEN];
		struct in6_addr a6;

		q = strchr(p, ']');
		if (q == NULL || (size_t)(q - p - 1) >= sizeof addr || q - p - 1 == 0)
			return -1;
		memcpy(addr, p + 1, (size_t)(q - p - 1));
		addr[q - p - 1] = '\0';
		if (inet_pton(AF_INET6, addr, &a6) != 1)
			return -1;
		q++;
	} else {
		for (q = p; host_char((unsigned char)*q); q++)
			;
		if (q == p || q - p > HTTP_HOST_MAX)
			return -1;
	}
	u->host_len = (size_t)(q - p);

	if (*q == ':') {
		unsigned long port = 0;
		const char *d = ++q;

		/* Leading zeros are refused so that the Host header and the port curl uses cannot differ. */
		if (*d < '1' || *d > '9')
			return -1;
		while (*q >= '0' && *q <= '9') {
			port = port * 10 + (unsigned long)(*q - '0');
			if (port > 65535)
				return -1;
			q++;
		}
		u->port = (unsigned)port;
	}
	if (*q != '\0' && *q != '/')
		return -1;
	/* The path: printable ASCII without query or fragment. */
	for (; *q != '\0'; q++) {
		unsigned char ch = (unsigned char)*q;

		if (ch <= 0x20 || ch >= 0x7f || ch == '?' || ch == '#' || ch == '\\')
			return -1;
	}
	return 0;
}

char *
http_host_header(const char *url)
{
	struct url_parts u;

	if (url_parse(url, &u) != 0)
		return NULL;
	if (u.port == (u.https ? 443u : 80u))
		return xstrndup(u.host, u.host_len);
	return xasprintf("%.*s:%u", (int)u.host_len, u.host, u.port);
}

/* A header name is an RFC 9110 token. */
static int
header_name_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch <= 0x20 || ch >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", ch) != NULL)
			return 0;
	}
	return 1;
}

/* A value may hold tabs and any byte but controls (so no CR or LF to forge headers with). */
static int
header_value_ok(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
			return 0;
	}
	return 1;
}

static void
set_error(struct http_response *resp, enum http_result result, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Truncating a long message is fine: it is for people. */
static void
set_error(struct http_response *resp, enum http_result result, const char *fmt, ...)
{
	va_list ap;

	resp->result = result;
	va_start(ap, fmt);
	vsnprintf(resp->error, sizeof resp->error, fmt, ap);
	va_end(ap);
}

/* Trims spaces and tabs at both ends of [*s, *e). */
static void
trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r' || (*e)[-1] == '\n'))
		(*e)--;
}

/* Decimal digits only, no sign, within range; -1 otherwise. */
static int
parse_ulong(const char *s, const char *e, unsigned long long max, unsigned long long *out)
{
	unsigned long long v = 0;

	if (s == e)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (max - (unsigned long long)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return 0;
}

static size_t
on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * nmemb;
	const char *colon, *vs, *ve;
	size_t nlen;

	/* A new status line starts a new header block (after a 1xx): forget the old one. */
	if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		free(x->request_id);
		x->request_id = NULL;
		x->have_crc = 0;
		x->crc_malformed = 0;
		return len;
	}
	colon = memchr(data, ':', len);
	if (colon == NULL)
		return len;
	nlen = (size_t)(colon - data);
	vs = colon + 1;
	ve = data + len;
	trim(&vs, &ve);

	if (nlen == 16 && strncasecmp(data, "x-amzn-RequestId", nlen) == 0) {
		free(x->request_id);
		x->request_id = xstrndup(vs, (size_t)(ve - vs));
	} else if (nlen == 11 && strncasecmp(data, "x-amz-crc32", nlen) == 0) {
		unsigned long long v;

		x->have_crc = 1;
		x->crc_malformed = parse_ulong(vs, ve, UINT32_MAX, &v) != 0;
		x->crc = x->crc_malformed ? 0 : (unsigned long)v;
	} else if (nlen == 14 && strncasecmp(data, "Content-Length", nlen) == 0) {
		unsigned long long v;

		/* Refuse an announced oversize body before reading any of it. */
		if (parse_ulong(vs, ve, ULLONG_MAX, &v) == 0 && v > x->body_max) {
			x->too_large = 1;
			return 0;
		}
	}
	return len;
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t len = size * nmemb;

	if (buf_add(&x->body, data, len) != 0) {
		x->too_large = 1;
		return 0;       /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return len;
}

/* Counts the request lines libcurl sends, to notice the quiet re-send on a dead reused connection. */
static int
on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *userp)
{
	struct xfer *x = userp;
	(void)e;
	if (type == CURLINFO_HEADER_OUT && size >= 5 && memcmp(data, "POST ", 5) == 0)
		x->sends++;
	return 0;
}

/* Options that stay the same for every request on a handle. */
static int
easy_setup(struct http_client *c, struct xfer *x)
{
	CURL *e;
	int bad = 0;

	x->easy = e = curl_easy_init();
	if (e == NULL)
		return -1;
	x->body_max = c->body_max;
	buf_init(&x->body, c->body_max);
	bad |= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)x) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	if (c->ca_file != NULL)
		bad |= curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, c->total_timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_MAXCONNECTS, (long)HTTP_IDLE_MAX) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_POST, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_HEADERDATA, (void *)x) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_WRITEDATA, (void *)x) != CURLE_OK;
	/* The debug callback sees each request line; it prints nothing (no header ever reaches a log). */
	bad |= curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_DEBUGDATA, (void *)x) != CURLE_OK;
	bad |= curl_easy_setopt(e, CURLOPT_VERBOSE, 1L) != CURLE_OK;
	if (c->share != NULL)
		bad |= curl_easy_setopt(e, CURLOPT_SHARE, c->share) != CURLE_OK;
	return bad ? -1 : 0;
}

static void
xfer_clear(struct xfer *x)
{
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	buf_reset(&x->body);
	free(x->request_id);
	x->request_id = NULL;
	x->have_crc = 0;
	x->crc_malformed = 0;
	x->crc = 0;
	x->too_large = 0;
	x->sends = 0;
	x->errbuf[0] = '\0';
	x->resp = NULL;
	x->busy = 0;
}

static void
xfer_free(struct xfer *x)
{
	xfer_clear(x);
	buf_done(&x->body);
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	x->easy = NULL;
}

static int
header_add(struct xfer *x, const char *line)
{
	struct curl_slist *l = curl_slist_append(x->headers, line);

	if (l == NULL)
		return -1;
	x->headers = l;
	return 0;
}

/*
 * Points the handle at one request. On failure resp is filled in and -1
 * returned; nothing was sent. The request must outlive the transfer (curl
 * reads the body in place).
 */
static int
xfer_start(struct xfer *x, const struct http_request *req, struct http_response *resp)
{
	struct url_parts u;
	int has_accept = 0, has_expect = 0, has_type = 0;
	int bad = 0;
	size_t i;

	xfer_clear(x);
	x->resp = resp;
	x->where[0] = '\0';
	if (url_parse(req->url, &u) != 0) {
		/* The URL is not repeated: it is not ours to print (it could hold anything). */
		set_error(resp, HTTP_FAILED, "the endpoint URL is not a plain http(s)://host[:port][/path] URL");
		return -1;
	}
	snprintf(x->where, sizeof x->where, "%.*s:%u", (int)u.host_len, u.host, u.port);
	if (x->easy == NULL) {
		set_error(resp, HTTP_FAILED, "could not set up a request to %s", x->where);
		return -1;
	}

	for (i = 0; i < req->header_count; i++) {
		const struct http_header *h = &req->headers[i];
		char *line;

		if (h->name == NULL || h->value == NULL || !header_name_ok(h->name) ||
		    !header_value_ok(h->value)) {
			set_error(resp, HTTP_FAILED, "request header %zu is malformed", i);
			goto fail;
		}
		if (strcasecmp(h->name, "Accept") == 0)
			has_accept = 1;
		else if (strcasecmp(h->name, "Expect") == 0)
			has_expect = 1;
		else if (strcasecmp(h->name, "Content-Type") == 0)
			has_type = 1;
		else if (strcasecmp(h->name, "Content-Length") == 0) {
			unsigned long long v;
			const char *vs = h->value, *ve = h->value + strlen(h->value);

			/* curl sends a caller's Content-Length as is; a wrong one would desynchronise the connection. */
			trim(&vs, &ve);
			if (parse_ulong(vs, ve, ULLONG_MAX, &v) != 0 || v != req->body_len) {
				set_error(resp, HTTP_FAILED, "the Content-Length header does not match the body");
				goto fail;
			}
		}
		/* "Name:" would tell curl to drop the header; "Name;" sends it empty. */
		if (h->value[0] == '\0')
			line = xasprintf("%s;", h->name);
		else
			line = xasprintf("%s: %s", h->name, h->value);
		bad = header_add(x, line) != 0;
		free(line);
		if (bad)
			goto oom;
	}
	/* Turn off what curl would add on its own (and the caller did not sign). */
	if ((!has_accept && header_add(x, "Accept:") != 0) ||
	    (!has_expect && header_add(x, "Expect:") != 0) ||
	    (!has_type && header_add(x, "Content-Type:") != 0))
		goto oom;

	bad |= curl_easy_setopt(x->easy, CURLOPT_URL, req->url) != CURLE_OK;
	bad |= curl_easy_setopt(x->easy, CURLOPT_HTTPHEADER, x->headers) != CURLE_OK;
	bad |= curl_easy_setopt(x->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len) != CURLE_OK;
	/* Never NULL: with no POSTFIELDS curl would read the body from stdin. */
	bad |= curl_easy_setopt(x->easy, CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "") != CURLE_OK;
	if (bad) {
		set_error(resp, HTTP_FAILED, "could not set up a request to %s", x->where);
		goto fail;
	}
	x->busy = 1;
	return 0;
oom:
	set_error(resp, HTTP_FAILED, "out of memory building a request to %s", x->where);
fail:
	curl_slist_free_all(x->headers);
	x->headers = NULL;
	x->resp = NULL;
	return -1;
}

static int
tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		return 1;
	default:
		return 0;
	}
}

/* curl's own words: its error buffer, or its generic text for the code. */
static const char *
curl_words(const struct xfer *x, CURLcode rc)
{
	return x->errbuf[0] != '\0' ? x->errbuf : curl_easy_strerror(rc);
}

static const char *
os_words(CURL *e, char *tmp, size_t size)
{
	long os = 0;

	if (curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os) != CURLE_OK || os == 0)
		return NULL;
	return strerror_r((int)os, tmp, size);
}

/* Fills resp from a finished transfer and releases what the handle gathered. */
static void
xfer_finish(struct xfer *x, const struct http_request *req, CURLcode rc)
{
	struct http_response *resp = x->resp;
	curl_off_t usec = 0, t_connect = 0, t_app = 0;
	const char *os;
	char tmp[128];
	long status = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &usec);
	resp->status = status;
	resp->seconds = (double)usec / 1e6;
	resp->request_id = x->request_id;
	x->request_id = NULL;
	resp->resent = x->sends > 1;
	os = os_words(x->easy, tmp, sizeof tmp);

	switch (rc) {
	case CURLE_OK:
		if (x->have_crc) {
			unsigned long got = crc32(0L, Z_NULL, 0);
			size_t off = 0;

			/* zlib takes uInt lengths: feed it in slices. */
			while (off < x->body.len) {
				uInt n = x->body.len - off > UINT_MAX ? UINT_MAX : (uInt)(x->body.len - off);

				got = crc32(got, (const Bytef *)x->body.data + off, n);
				off += n;
			}
			if (x->crc_malformed) {
				set_error(resp, HTTP_CRC, "the response from %s has a malformed x-amz-crc32 header",
				    x->where);
				break;
			}
			if (got != x->crc) {
				set_error(resp, HTTP_CRC, "the response from %s failed its CRC-32 check "
				    "(x-amz-crc32 %lu, body %lu)", x->where, x->crc, got);
				break;
			}
		}
		resp->result = HTTP_OK;
		resp->body_len = x->body.len;
		resp->body = buf_steal(&x->body);
		break;
	case CURLE_COULDNT_CONNECT:
		set_error(resp, HTTP_CONNECT, "could not connect to %s: %s", x->where,
		    os != NULL ? os : curl_words(x, rc));
		/*
		 * The request went out on a reused connection that died, and
		 * libcurl's quiet retry found no way in: sent once, so it may have
		 * been applied (issue 15), not "nothing was sent".
		 */
		if (x->sends >= 1)
			resp->resent = true;
		break;
	case CURLE_COULDNT_RESOLVE_HOST:
		set_error(resp, HTTP_CONNECT, "could not resolve the host name of %s", x->where);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		set_error(resp, HTTP_CONNECT, "could not resolve the proxy for %s: %s", x->where,
		    curl_words(x, rc));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &t_connect);
		curl_easy_getinfo(x->easy, CURLINFO_APPCONNECT_TIME_T, &t_app);
		if (t_connect == 0 && x->sends == 0)
			/* Nothing was sent (issue 15): a link that is gone, as a refused connection, not an unknown outcome. */
			set_error(resp, HTTP_CONNECT, "timed out connecting to %s", x->where);
		else if (t_connect == 0)
			set_error(resp, HTTP_TIMEOUT, "timed out waiting for the response from %s (after %.1f s)", x->where,
			    resp->seconds);
		else if (strncasecmp(req->url, "https:", 6) == 0 && t_app == 0)
			set_error(resp, HTTP_TIMEOUT, "timed out in the TLS handshake with %s", x->where);
		else
			set_error(resp, HTTP_TIMEOUT, "timed out waiting for the response from %s "
			    "(after %.1f s)", x->where, resp->seconds);
		break;
	case CURLE_GOT_NOTHING:
		set_error(resp, HTTP_DROPPED, "%s closed the connection without answering", x->where);
		break;
	case CURLE_PARTIAL_FILE:
		set_error(resp, HTTP_DROPPED, "%s closed the connection before the whole response arrived",
		    x->where);
		break;
	case CURLE_SEND_ERROR:
		set_error(resp, HTTP_DROPPED, "sending to %s failed: %s", x->where,
		    os != NULL ? os : curl_words(x, rc));
		break;
	case CURLE_RECV_ERROR:
		set_error(resp, HTTP_DROPPED, "receiving from %s failed: %s", x->where,
		    os != NULL ? os : curl_words(x, rc));
		break;
	case CURLE_WRITE_ERROR:
		if (x->too_large) {
			set_error(resp, HTTP_TOO_LARGE, "the response from %s is larger than %zu bytes",
			    x->where, x->body_max);
			break;
		}
		/* FALLTHROUGH */
	default:
		if (tls_error(rc))
			set_error(resp, HTTP_TLS, "TLS with %s failed: %s", x->where, curl_words(x, rc));
		else
			set_error(resp, HTTP_FAILED, "the request to %s failed: %s", x->where, curl_words(x, rc));
		break;
	}
	if (resp->body == NULL) {
		resp->body = xstrdup("");
		resp->body_len = 0;
	}
	xfer_clear(x);
}

static void
response_init(struct http_response *resp)
{
	memset(resp, 0, sizeof *resp);
	resp->result = HTTP_FAILED;
}

/* A response that carries only an error (the transfer never started) still gets an empty body. */
static void
response_fail_done(struct http_response *resp)
{
	if (resp->body == NULL)
		resp->body = xstrdup("");
}

struct http_client *
http_client_create(const struct http_options *opts)
{
	struct http_client *c;

	pthread_once(&http_once, http_global_init);
	if (!http_global_ok)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->connect_timeout_ms = HTTP_CONNECT_TIMEOUT_MS;
	c->total_timeout_ms = HTTP_TOTAL_TIMEOUT_MS;
	c->body_max = HTTP_BODY_MAX;
	if (opts != NULL) {
		if (opts->connect_timeout_ms > 0)
			c->connect_timeout_ms = opts->connect_timeout_ms;
		if (opts->total_timeout_ms > 0)
			c->total_timeout_ms = opts->total_timeout_ms;
		if (opts->body_max > 0 && opts->body_max < HTTP_BODY_MAX)
			c->body_max = opts->body_max;
		if (opts->ca_file != NULL)
			c->ca_file = xstrdup(opts->ca_file);
		if (opts->user_agent != NULL)
			c->user_agent = xstrdup(opts->user_agent);
	}
	if (c->user_agent == NULL)
		c->user_agent = xstrdup(HTTP_USER_AGENT);

	/* The share only saves reconnects and handshakes; without it everything still works. */
	c->share = curl_share_init();
	if (c->share != NULL &&
	    (curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
	    curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) != CURLSHE_OK)) {
		curl_share_cleanup(c->share);
		c->share = NULL;
	}
	c->multi = curl_multi_init();
	if (c->multi == NULL ||
	    curl_multi_setopt(c->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)HTTP_PARALLEL) != CURLM_OK ||
	    curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)HTTP_IDLE_MAX) != CURLM_OK ||
	    curl_multi_setopt(c->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING) != CURLM_OK)
		goto fail;
	/* The pooled handles are made when first needed: most commands send one or two requests. */
	if (easy_setup(c, &c->single) != 0)
		goto fail;
	return c;
fail:
	http_client_free(c);
	return NULL;
}

void
http_client_free(struct http_client *c)
{
	size_t i;

	if (c == NULL)
		return;
	/* Easy handles first, then the multi, then the share they all point at. */
	xfer_free(&c->single);
	for (i = 0; i < HTTP_PARALLEL; i++)
		xfer_free(&c->pool[i]);
	if (c->multi != NULL)
		curl_multi_cleanup(c->multi);
	if (c->share != NULL)
		curl_share_cleanup(c->share);
	free(c->user_agent);
	free(c->ca_file);
	free(c);
}

void
http_send(struct http_client *c, const struct http_request *req, struct http_response *resp)
{
	CURLcode rc;

	response_init(resp);
	if (xfer_start(&c->single, req, resp) != 0) {
		response_fail_done(resp);
		return;
	}
	rc = curl_easy_perform(c->single.easy);
	xfer_finish(&c->single, req, rc);
}

/* Starts request i on a free pooled handle; false when it failed before sending. */
static int
many_start(struct http_client *c, const struct http_request *req, struct http_response *resp)
{
	struct xfer *x = NULL;
	size_t i;

	for (i = 0; i < HTTP_PARALLEL && x == NULL; i++)
		if (!c->pool[i].busy)
			x = &c->pool[i];
	if (x != NULL && x->easy == NULL && easy_setup(c, x) != 0) {
		xfer_free(x);
		set_error(resp, HTTP_FAILED, "could not start a request (libcurl could not make a handle)");
		response_fail_done(resp);
		return 0;
	}
	if (x == NULL || xfer_start(x, req, resp) != 0) {
		if (x == NULL)
			set_error(resp, HTTP_FAILED, "no free transfer slot");
		response_fail_done(resp);
		return 0;
	}
	/* CURLOPT_PRIVATE points at the xfer; the request is found again through resp's index. */
	if (curl_multi_add_handle(c->multi, x->easy) != CURLM_OK) {
		xfer_clear(x);
		set_error(resp, HTTP_FAILED, "could not start a request to %s", x->where);
		response_fail_done(resp);
		return 0;
	}
	return 1;
}

void
http_send_many(struct http_client *c, const struct http_request *reqs, struct http_response *resps,
    size_t n)
{
	size_t next = 0, active = 0, i;
	int running;

	for (i = 0; i < n; i++)
		response_init(&resps[i]);
	while (next < n || active > 0) {
		CURLMsg *msg;
		int left;

		while (active < HTTP_PARALLEL && next < n) {
			if (many_start(c, &reqs[next], &resps[next]))
				active++;
			next++;
		}
		if (active == 0)
			break;
		if (curl_multi_perform(c->multi, &running) != CURLM_OK)
			break;
		while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
			CURL *e = msg->easy_handle;
			CURLcode rc = msg->data.result;
			struct xfer *x;
			char *priv = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			/* msg is invalid once the handle is removed: what it says was read above. */
			curl_easy_getinfo(e, CURLINFO_PRIVATE, &priv);
			curl_multi_remove_handle(c->multi, e);
			x = (struct xfer *)(void *)priv;
			xfer_finish(x, &reqs[(size_t)(x->resp - resps)], rc);
			active--;
		}
		if (active > 0 && curl_multi_poll(c->multi, NULL, 0, 1000, NULL) != CURLM_OK)
			break;
	}
	/* Only a broken multi handle gets here with transfers in flight. */
	for (i = 0; i < HTTP_PARALLEL; i++) {
		struct xfer *x = &c->pool[i];

		if (!x->busy)
			continue;
		curl_multi_remove_handle(c->multi, x->easy);
		set_error(x->resp, HTTP_FAILED, "the request to %s was abandoned (libcurl multi failure)",
		    x->where);
		response_fail_done(x->resp);
		xfer_clear(x);
	}
	for (; next < n; next++) {
		set_error(&resps[next], HTTP_FAILED, "the request was not sent (libcurl multi failure)");
		response_fail_done(&resps[next]);
	}
}

void
http_response_done(struct http_response *resp)
{
	if (resp == NULL)
		return;
	free(resp->body);
	free(resp->request_id);
	resp->body = NULL;
	resp->request_id = NULL;
	resp->body_len = 0;
}
