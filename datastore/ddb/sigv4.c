/*
 * AWS Signature Version 4: string to sign, signing-key derivation (cached),
 * Authorization value, DynamoDB's header set, and a parser for the test
 * suite's raw requests. The canonical request is in sigv4_canon.c.
 */
#include "datastore/ddb/sigv4.h"
#include "datastore/ddb/sigv4_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "util/buf.h"
#include "util/xmalloc.h"

#define NAME_MAX_LEN 128	/* region, service, access key id */
#define SECRET_MAX_LEN 4096
#define CACHE_SLOTS 8

const char *const sigv4_skip_default[] = {
	"accept", "content-length", "expect", "transfer-encoding", "user-agent",
	"x-amzn-trace-id", NULL
};

/* ---- small helpers ---- */

static void
hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

/*
 * OpenSSL 3 looks an algorithm up on every EVP_sha256() or HMAC() call (an
 * implicit fetch: most of the time a request's signature took). SHA-256 and an
 * HMAC-SHA256 context are fetched once; each HMAC starts from a copy of that
 * context. They live as long as the process.
 */
static EVP_MD *sha256_md;
static EVP_MAC_CTX *hmac_proto;
static pthread_once_t crypto_once = PTHREAD_ONCE_INIT;

static void
crypto_fetch(void)
{
	EVP_MAC *mac;
	char digest[] = "SHA256";
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
		OSSL_PARAM_construct_end(),
	};

	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
	if ((mac = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return;
	hmac_proto = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);       /* the context keeps its own reference */
	if (hmac_proto != NULL && EVP_MAC_CTX_set_params(hmac_proto, params) != 1) {
		EVP_MAC_CTX_free(hmac_proto);
		hmac_proto = NULL;
	}
}

int
sigv4_sha256_hex(const void *data, size_t len, char out[2 * HASH_LEN + 1])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	pthread_once(&crypto_once, crypto_fetch);
	if (sha256_md == NULL || EVP_Digest(len ? data : "", len, md, &mdlen, sha256_md, NULL) != 1 ||
	    mdlen != HASH_LEN)
		return -1;
	hex_encode(md, HASH_LEN, out);
	return 0;
}

static int
hmac256(const void *key, size_t keylen, const void *data, size_t len,
    unsigned char out[HASH_LEN])
{
	EVP_MAC_CTX *ctx;
	size_t outlen = 0;
	int ok;

	pthread_once(&crypto_once, crypto_fetch);
	if (hmac_proto == NULL || (ctx = EVP_MAC_CTX_dup(hmac_proto)) == NULL)
		return -1;
	ok = EVP_MAC_init(ctx, key, keylen, NULL) == 1 &&
	    EVP_MAC_update(ctx, (const unsigned char *)(len ? data : ""), len) == 1 &&
	    EVP_MAC_final(ctx, out, &outlen, HASH_LEN) == 1 && outlen == HASH_LEN;
	EVP_MAC_CTX_free(ctx);
	return ok ? 0 : -1;
}

static int
is_unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
}

/* AWS's URI encoding: unreserved bytes as they are, others %XX (upper case). */
void
sigv4_uri_encode(struct buf *b, const char *s, size_t len, int keep_slash)
{
	static const char digits[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_unreserved(c) || (keep_slash && c == '/')) {
			(void)buf_addc(b, (char)c);
		} else {
			char e[3] = { '%', digits[c >> 4], digits[c & 0xf] };
			(void)buf_add(b, e, 3);
		}
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decodes s[0..len) into a new buffer; a stray '%' stays literal. */
char *
sigv4_uri_decode(const char *s, size_t len, size_t *outlen)
{
	char *out = xmalloc(len + 1);
	size_t n = 0;

	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < len && (hi = hexval(s[i + 1])) >= 0 &&
		    (lo = hexval(s[i + 2])) >= 0) {
			out[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[n++] = s[i];
		}
	}
	out[n] = '\0';
	*outlen = n;
	return out;
}

int
sigv4_is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* A header name: visible ASCII but ':'. */
int
sigv4_valid_header_name(const char *s)
{
	if (s == NULL || *s == '\0')
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || *s == ':')
			return 0;
	return 1;
}

/* A credential-scope part or access key id: visible ASCII but '/', ',', '='. */
static int
valid_scope_part(const char *s)
{
	if (s == NULL || *s == '\0' || strlen(s) > NAME_MAX_LEN)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || (unsigned char)*s >= 0x7f || *s == '/' ||
		    *s == ',' || *s == '=')
			return 0;
	return 1;
}

static int
valid_amz_date(const char *d)
{
	if (d == NULL || strlen(d) != SIGV4_AMZ_DATE_LEN || d[8] != 'T' || d[15] != 'Z')
		return 0;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (d[i] < '0' || d[i] > '9'))
			return 0;
	return 1;
}

/* No byte a header line could be split or smuggled with. */
static int
valid_header_value(const char *s)
{
	if (s == NULL)
		return 0;
	for (; *s; s++)
		if (((unsigned char)*s < 0x20 && *s != '\t') || (unsigned char)*s == 0x7f)
			return 0;
	return 1;
}

/* ---- string to sign ---- */

static int
check_scope(const char *amz_date, const char *region, const char *service, char **err)
{
	if (!valid_amz_date(amz_date)) {
		*err = xstrdup("sigv4: the date is not YYYYMMDDTHHMMSSZ");
		return -1;
	}
	if (!valid_scope_part(region)) {
		*err = xstrdup("sigv4: the region is empty or has a character a scope cannot hold");
		return -1;
	}
	if (!valid_scope_part(service)) {
		*err = xstrdup("sigv4: the service is empty or has a character a scope cannot hold");
		return -1;
	}
	return 0;
}

int
sigv4_string_to_sign(const char *amz_date, const char *region, const char *service,
    const char *canonical_request, char **out, char **err)
{
	char hash[2 * HASH_LEN + 1];

	*out = NULL;
	*err = NULL;
	if (check_scope(amz_date, region, service, err) != 0)
		return -1;
	if (sigv4_sha256_hex(canonical_request, strlen(canonical_request), hash) != 0) {
		*err = xstrdup("sigv4: SHA-256 failed");
		return -1;
	}
	*out = xasprintf(SIGV4_ALGORITHM "\n%s\n%.8s/%s/%s/aws4_request\n%s", amz_date,
	    amz_date, region, service, hash);
	return 0;
}

/* ---- signing keys, cached ---- */

/*
 * A slot is found by scope and key id, and by a keyed fingerprint of the
 * secret so a key id reused with another secret (test setups, DynamoDB
 * Local) never gets a stale key. The secret itself is never stored.
 */
struct key_slot {
	int used;
	unsigned long last_use;
	char date[9];
	char region[NAME_MAX_LEN + 1];
	char service[NAME_MAX_LEN + 1];
	char akid[NAME_MAX_LEN + 1];
	unsigned char fingerprint[HASH_LEN];
	unsigned char key[HASH_LEN];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct key_slot cache[CACHE_SLOTS];
static unsigned long cache_clock;
static unsigned long cache_derived;

static int
derive_key(const char *secret, const char *date, const char *region, const char *service,
    unsigned char out[HASH_LEN])
{
	size_t slen = strlen(secret);
	char *k = xmalloc(slen + 5);
	unsigned char a[HASH_LEN], b[HASH_LEN];
	int rc = -1;

	memcpy(k, "AWS4", 4);
	memcpy(k + 4, secret, slen + 1);
	if (hmac256(k, slen + 4, date, strlen(date), a) != 0 ||
	    hmac256(a, HASH_LEN, region, strlen(region), b) != 0 ||
	    hmac256(b, HASH_LEN, service, strlen(service), a) != 0 ||
	    hmac256(a, HASH_LEN, "aws4_request", 12, out) != 0)
		goto done;
	rc = 0;
done:
	OPENSSL_cleanse(k, slen + 5);
	free(k);
	OPENSSL_cleanse(a, sizeof(a));
	OPENSSL_cleanse(b, sizeof(b));
	return rc;
}

/* The signing key for the scope in out (the caller wipes it). */
static int
signing_key(const struct sigv4_creds *creds, const char *date, const char *region,
    const char *service, unsigned char out[HASH_LEN])
{
	static const char label[] = "ailife sigv4 key cache";
	unsigned char fp[HASH_LEN];
	const char *secret = creds->secret_access_key;
	struct key_slot *slot = NULL;
	int rc = -1;

	if (hmac256(secret, strlen(secret), label, sizeof(label) - 1, fp) != 0)
		return -1;
	pthread_mutex_lock(&cache_lock);
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		struct key_slot *s = &cache[i];
		if (s->used && strcmp(s->date, date) == 0 && strcmp(s->region, region) == 0 &&
		    strcmp(s->service, service) == 0 &&
		    strcmp(s->akid, creds->access_key_id) == 0 &&
		    CRYPTO_memcmp(s->fingerprint, fp, HASH_LEN) == 0) {
			slot = s;
			break;
		}
	}
	if (slot == NULL) {
		/* Reuse a free slot, else the least recently used one. */
		slot = &cache[0];
		for (size_t i = 0; i < CACHE_SLOTS && slot->used; i++)
			if (!cache[i].used || cache[i].last_use < slot->last_use)
				slot = &cache[i];
		OPENSSL_cleanse(slot, sizeof(*slot));
		if (derive_key(secret, date, region, service, slot->key) != 0)
			goto done;
		cache_derived++;
		slot->used = 1;
		memcpy(slot->date, date, 8);
		slot->date[8] = '\0';
		(void)xsnprintf(slot->region, sizeof(slot->region), "%s", region);
		(void)xsnprintf(slot->service, sizeof(slot->service), "%s", service);
		(void)xsnprintf(slot->akid, sizeof(slot->akid), "%s", creds->access_key_id);
		memcpy(slot->fingerprint, fp, HASH_LEN);
	}
	slot->last_use = ++cache_clock;
	memcpy(out, slot->key, HASH_LEN);
	rc = 0;
done:
	pthread_mutex_unlock(&cache_lock);
	OPENSSL_cleanse(fp, sizeof(fp));
	return rc;
}

unsigned long
sigv4_cache_derivations(void)
{
	pthread_mutex_lock(&cache_lock);
	unsigned long n = cache_derived;
	pthread_mutex_unlock(&cache_lock);
	return n;
}

void
sigv4_cache_clear(void)
{
	pthread_mutex_lock(&cache_lock);
	OPENSSL_cleanse(cache, sizeof(cache));
	pthread_mutex_unlock(&cache_lock);
}

/* ---- signing ---- */

static const char *
find_header(const struct sigv4_request *req, const char *name)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (req->headers[i].name != NULL && strcasecmp(req->headers[i].name, name) == 0)
			return req->headers[i].value;
	return NULL;
}

int
sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *creds,
    const char *amz_date, const char *region, const char *service,
    const char *const *skip, char **authz, char **err)
{
	char *creq = NULL, *sh = NULL, *sts = NULL;
	unsigned char key[HASH_LEN], sig[HASH_LEN];
	char sighex[2 * HASH_LEN + 1];
	char date[9];
	int rc = -1;

	*authz = NULL;
	*err = NULL;
	if (creds == NULL || !valid_scope_part(creds->access_key_id)) {
		*err = xstrdup("sigv4: the access key id is missing or malformed");
		return -1;
	}
	if (creds->secret_access_key == NULL || creds->secret_access_key[0] == '\0' ||
	    strlen(creds->secret_access_key) > SECRET_MAX_LEN) {
		*err = xstrdup("sigv4: the secret access key is missing or too long");
		return -1;
	}
	if (amz_date == NULL)
		amz_date = find_header(req, "x-amz-date");
	if (amz_date == NULL) {
		*err = xstrdup("sigv4: no date given and no X-Amz-Date header");
		return -1;
	}
	if (check_scope(amz_date, region, service, err) != 0)
		return -1;
	if (sigv4_canonical_request(req, skip, &creq, &sh, err) != 0 ||
	    sigv4_string_to_sign(amz_date, region, service, creq, &sts, err) != 0)
		goto done;
	memcpy(date, amz_date, 8);
	date[8] = '\0';
	if (signing_key(creds, date, region, service, key) != 0 ||
	    hmac256(key, HASH_LEN, sts, strlen(sts), sig) != 0) {
		*err = xstrdup("sigv4: HMAC-SHA256 failed");
		goto done;
	}
	hex_encode(sig, HASH_LEN, sighex);
	*authz = xasprintf(SIGV4_ALGORITHM " Credential=%s/%s/%s/%s/aws4_request, "
	    "SignedHeaders=%s, Signature=%s", creds->access_key_id, date, region, service,
	    sh, sighex);
	rc = 0;
done:
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(sig, sizeof(sig));
	if (creq != NULL) {
		OPENSSL_cleanse(creq, strlen(creq));
		free(creq);
	}
	free(sh);
	free(sts);
	return rc;
}

int
sigv4_amz_date(long long now_ms, char buf[SIGV4_AMZ_DATE_LEN + 1])
{
	struct tm tm;
	time_t t;

	/* 253402300799 s is 9999-12-31T23:59:59Z. */
	if (now_ms < 0 || now_ms / 1000 > 253402300799LL)
		return -1;
	t = (time_t)(now_ms / 1000);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, SIGV4_AMZ_DATE_LEN + 1, "%Y%m%dT%H%M%SZ", &tm) != SIGV4_AMZ_DATE_LEN)
		return -1;
	return 0;
}

int
sigv4_sign_dynamodb(const struct sigv4_creds *creds, const char *region,
    const char *host_header, const char *target, const char *body, size_t body_len,
    long long now_ms, struct sigv4_headers *out)
{
	char date[SIGV4_AMZ_DATE_LEN + 1];
	char *authz = NULL, *err = NULL;
	const char *token;
	struct sigv4_request req;

	sigv4_headers_init(out);
	if (creds == NULL || host_header == NULL || *host_header == '\0' ||
	    !valid_header_value(host_header) || target == NULL || *target == '\0' ||
	    !valid_header_value(target) || (body == NULL && body_len != 0) ||
	    sigv4_amz_date(now_ms, date) != 0)
		return -1;
	token = creds->session_token;
	if (token != NULL && *token != '\0' && !valid_header_value(token))
		return -1;

	sigv4_headers_add(out, "Host", host_header);
	sigv4_headers_add(out, "X-Amz-Date", date);
	sigv4_headers_add(out, "X-Amz-Target", target);
	sigv4_headers_add(out, "Content-Type", "application/x-amz-json-1.0");
	if (token != NULL && *token != '\0')
		sigv4_headers_add(out, "X-Amz-Security-Token", token);

	memset(&req, 0, sizeof(req));
	req.method = "POST";
	req.path = "/";
	req.headers = out->v;
	req.nheaders = out->n;
	req.body = body;
	req.body_len = body_len;
	if (sigv4_sign(&req, creds, date, region, "dynamodb", NULL, &authz, &err) != 0) {
		free(err);
		sigv4_headers_done(out);
		return -1;
	}
	sigv4_headers_add(out, "Authorization", authz);
	free(authz);
	return 0;
}

/* ---- raw requests (the test suite's .req files) ---- */

void
sigv4_raw_request_done(struct sigv4_raw_request *r)
{
	free(r->method);
	free(r->path);
	free(r->query);
	sigv4_headers_done(&r->headers);
	free(r->body);
	memset(r, 0, sizeof(*r));
	sigv4_headers_init(&r->headers);
}

void
sigv4_raw_request_view(const struct sigv4_raw_request *r, struct sigv4_request *req)
{
	memset(req, 0, sizeof(*req));
	req->method = r->method;
	req->path = r->path;
	req->query = r->query;
	req->headers = r->headers.v;
	req->nheaders = r->headers.n;
	req->body = r->body;
	req->body_len = r->body_len;
}

/* The next line of text[*pos..len) without its "\n" or "\r\n"; 0 at the end. */
static int
next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *llen)
{
	if (*pos >= len)
		return 0;
	const char *s = text + *pos;
	const char *nl = memchr(s, '\n', len - *pos);
	size_t n = nl ? (size_t)(nl - s) : len - *pos;

	*pos += n + (nl != NULL);
	/* cppcheck-suppress knownConditionTrueFalse ; n is 0 on an empty line ("\n" at *pos: nl == s) */
	if (n > 0 && s[n - 1] == '\r')
		n--;
	*line = s;
	*llen = n;
	return 1;
}

int
sigv4_parse_raw_request(const char *text, size_t len, struct sigv4_raw_request *out,
    char **err)
{
	const char *line, *sp1, *sp2;
	size_t llen, pos = 0, lineno = 1;
	size_t head_end;

	memset(out, 0, sizeof(*out));
	sigv4_headers_init(&out->headers);
	*err = NULL;
	if (len > SIGV4_RAW_MAX) {
		*err = xstrdup("sigv4: raw request too large");
		return -1;
	}
	/* The header section is text; only the body may hold NUL bytes. */
	{
		const char *blank = NULL;
		for (size_t i = 0; i + 1 < len && blank == NULL; i++)
			if (text[i] == '\n' && (text[i + 1] == '\n' ||
			    (text[i + 1] == '\r' && i + 2 < len && text[i + 2] == '\n')))
				blank = text + i;
		head_end = blank ? (size_t)(blank - text) : len;
		if (memchr(text, '\0', head_end) != NULL) {
			*err = xstrdup("sigv4: NUL byte in the request head");
			return -1;
		}
	}
	if (!next_line(text, len, &pos, &line, &llen) || llen == 0) {
		*err = xstrdup("sigv4: no request line");
		return -1;
	}
	sp1 = memchr(line, ' ', llen);
	sp2 = memrchr(line, ' ', llen);
	if (sp1 == NULL || sp1 == line || sp2 == sp1 ||
	    (size_t)(line + llen - (sp2 + 1)) < 5 || memcmp(sp2 + 1, "HTTP/", 5) != 0) {
		*err = xstrdup("sigv4: line 1 is not \"METHOD target HTTP/version\"");
		return -1;
	}
	out->method = xstrndup(line, (size_t)(sp1 - line));
	{
		const char *t = sp1 + 1;
		size_t tlen = (size_t)(sp2 - t);
		const char *q = memchr(t, '?', tlen);
		if (tlen == 0 || t[0] != '/') {
			*err = xstrdup("sigv4: line 1: the target does not start with '/'");
			return -1;
		}
		out->path = xstrndup(t, q ? (size_t)(q - t) : tlen);
		if (q != NULL)
			out->query = xstrndup(q + 1, tlen - (size_t)(q - t) - 1);
	}
	while (next_line(text, len, &pos, &line, &llen)) {
		lineno++;
		if (llen == 0) {
			out->has_body = true;
			break;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			*err = xasprintf("sigv4: line %zu continues no header", lineno);
			return -1;
		}
		const char *colon = memchr(line, ':', llen);
		char *name = colon ? xstrndup(line, (size_t)(colon - line)) : NULL;
		if (name == NULL || !sigv4_valid_header_name(name)) {
			free(name);
			*err = xasprintf("sigv4: line %zu is not a \"Name:value\" header", lineno);
			return -1;
		}
		/* The value, with its continuation lines joined by '\n' (in one pass). */
		struct buf v;
		buf_init(&v, 0);
		(void)buf_add(&v, colon + 1, llen - (size_t)(colon + 1 - line));
		while (pos < len && (text[pos] == ' ' || text[pos] == '\t') &&
		    next_line(text, len, &pos, &line, &llen)) {
			lineno++;
			(void)buf_addc(&v, '\n');
			(void)buf_add(&v, line, llen);
		}
		char *value = buf_steal(&v);
		sigv4_headers_add(&out->headers, name, value);
		free(name);
		free(value);
	}
	out->body_len = out->has_body ? len - pos : 0;
	out->body = xmalloc(out->body_len + 1);
	if (out->body_len > 0)
		memcpy(out->body, text + pos, out->body_len);
	out->body[out->body_len] = '\0';
	return 0;
}
