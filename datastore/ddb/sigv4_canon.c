/* SigV4's header lists and canonical request (path, query, headers, payload hash), after botocore's rules. */
#include "datastore/ddb/sigv4.h"
#include "datastore/ddb/sigv4_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "util/buf.h"
#include "util/xmalloc.h"

/* ---- header lists ---- */

void
sigv4_headers_init(struct sigv4_headers *h)
{
	h->v = NULL;
	h->n = 0;
	h->cap = 0;
}

void
sigv4_headers_add(struct sigv4_headers *h, const char *name, const char *value)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 8;
		h->v = xreallocarray(h->v, h->cap, sizeof(*h->v));
	}
	h->v[h->n].name = xstrdup(name);
	h->v[h->n].value = xstrdup(value);
	h->n++;
}

void
sigv4_headers_done(struct sigv4_headers *h)
{
	for (size_t i = 0; i < h->n; i++) {
		OPENSSL_cleanse(h->v[i].value, strlen(h->v[i].value));
		free(h->v[i].name);
		free(h->v[i].value);
	}
	free(h->v);
	sigv4_headers_init(h);
}

const char *
sigv4_headers_get(const struct sigv4_headers *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcasecmp(h->v[i].name, name) == 0)
			return h->v[i].value;
	return NULL;
}

char *
sigv4_header_line(const struct sigv4_header *hd)
{
	return xasprintf("%s: %s", hd->name, hd->value);
}

/* ---- canonical request ---- */

/*
 * botocore's remove_dot_segments: drop empty and "." segments, let ".." eat
 * the one before, keep a trailing slash when something is left.
 */
static void
canonical_path(struct buf *b, const char *path, int normalize)
{
	if (path == NULL || *path == '\0')
		path = "/";
	if (!normalize) {
		sigv4_uri_encode(b, path, strlen(path), 1);
		return;
	}
	size_t len = strlen(path);
	size_t nseg = 0;
	const char **seg = xcalloc(len + 1, sizeof(*seg));
	size_t *seglen = xcalloc(len + 1, sizeof(*seglen));
	const char *p = path;

	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (nseg > 0)
				nseg--;
		} else {
			seg[nseg] = p;
			seglen[nseg++] = n;
		}
		p += n;
		if (*p == '/')
			p++;
	}
	(void)buf_addc(b, '/');
	for (size_t i = 0; i < nseg; i++) {
		if (i > 0)
			(void)buf_addc(b, '/');
		sigv4_uri_encode(b, seg[i], seglen[i], 0);
	}
	if (nseg > 0 && path[len - 1] == '/')
		(void)buf_addc(b, '/');
	free(seg);
	free(seglen);
}

struct qpair {
	char *name;
	char *value;
};

static int
qpair_cmp(const void *a, const void *b)
{
	const struct qpair *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->value, y->value);
}

static char *
reencode(const char *s, size_t len)
{
	struct buf b;
	size_t dlen;
	char *d = sigv4_uri_decode(s, len, &dlen);

	buf_init(&b, 0);
	(void)buf_adds(&b, "");
	sigv4_uri_encode(&b, d, dlen, 0);
	free(d);
	return buf_steal(&b);
}

static void
canonical_query(struct buf *b, const char *query)
{
	if (query == NULL || *query == '\0')
		return;
	size_t n = 0, cap = 1;
	for (const char *p = query; *p; p++)
		cap += *p == '&';
	struct qpair *v = xcalloc(cap, sizeof(*v));
	const char *p = query;

	for (;;) {
		const char *e = strchr(p, '&');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len > 0) {
			const char *eq = memchr(p, '=', len);
			size_t nlen = eq ? (size_t)(eq - p) : len;
			v[n].name = reencode(p, nlen);
			v[n].value = eq ? reencode(eq + 1, len - nlen - 1) : xstrdup("");
			n++;
		}
		if (e == NULL)
			break;
		p = e + 1;
	}
	qsort(v, n, sizeof(*v), qpair_cmp);
	for (size_t i = 0; i < n; i++) {
		(void)buf_printf(b, "%s%s=%s", i ? "&" : "", v[i].name, v[i].value);
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
}

struct chdr {
	char *name;		/* lower-case */
	char *value;		/* trimmed, runs of white space made one space */
	size_t index;		/* keeps duplicates in the order sent */
};

static int
chdr_cmp(const void *a, const void *b)
{
	const struct chdr *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static char *
canonical_value(const char *s)
{
	size_t len = strlen(s);
	char *out = xmalloc(len + 1);
	size_t n = 0;
	int pending = 0;

	while (*s && sigv4_is_ws(*s))
		s++;
	for (; *s; s++) {
		if (sigv4_is_ws(*s)) {
			pending = 1;
			continue;
		}
		if (pending)
			out[n++] = ' ';
		pending = 0;
		out[n++] = *s;
	}
	out[n] = '\0';
	return out;
}

static int
skipped(const char *lname, const char *const *skip)
{
	if (strcmp(lname, "authorization") == 0)
		return 1;
	for (; skip != NULL && *skip != NULL; skip++)
		if (strcasecmp(lname, *skip) == 0)
			return 1;
	return 0;
}

int
sigv4_canonical_request(const struct sigv4_request *req, const char *const *skip,
    char **out, char **signed_headers, char **err)
{
	struct chdr *h = NULL;
	size_t nh = 0;
	struct buf b, sh;
	char hash[2 * HASH_LEN + 1];
	int rc = -1;

	*out = NULL;
	if (signed_headers != NULL)
		*signed_headers = NULL;
	*err = NULL;
	buf_init(&b, 0);
	buf_init(&sh, 0);
	if (req->method == NULL || !sigv4_valid_header_name(req->method)) {
		*err = xstrdup("sigv4: the request has no usable method");
		goto fail;
	}
	if (req->path != NULL && req->path[0] != '\0' && req->path[0] != '/') {
		*err = xstrdup("sigv4: the request path does not start with '/'");
		goto fail;
	}
	if (req->body == NULL && req->body_len != 0) {
		*err = xstrdup("sigv4: a body length without a body");
		goto fail;
	}
	h = xcalloc(req->nheaders + 1, sizeof(*h));
	for (size_t i = 0; i < req->nheaders; i++) {
		const struct sigv4_header *hd = &req->headers[i];
		if (!sigv4_valid_header_name(hd->name) || hd->value == NULL) {
			*err = xasprintf("sigv4: header %zu has an invalid name or no value", i + 1);
			goto fail;
		}
		char *lname = xstrdup(hd->name);
		for (char *c = lname; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		if (skipped(lname, skip)) {
			free(lname);
			continue;
		}
		h[nh].name = lname;
		h[nh].value = canonical_value(hd->value);
		h[nh].index = i;
		nh++;
	}
	if (nh == 0) {
		*err = xstrdup("sigv4: no header left to sign");
		goto fail;
	}
	qsort(h, nh, sizeof(*h), chdr_cmp);

	(void)buf_printf(&b, "%s\n", req->method);
	canonical_path(&b, req->path, !req->no_path_normalize);
	(void)buf_addc(&b, '\n');
	canonical_query(&b, req->query);
	(void)buf_addc(&b, '\n');
	for (size_t i = 0; i < nh; i++) {
		int first = i == 0 || strcmp(h[i - 1].name, h[i].name) != 0;
		int last = i + 1 == nh || strcmp(h[i + 1].name, h[i].name) != 0;
		if (first) {
			(void)buf_printf(&b, "%s:", h[i].name);
			(void)buf_printf(&sh, "%s%s", i ? ";" : "", h[i].name);
		} else {
			(void)buf_addc(&b, ',');
		}
		(void)buf_adds(&b, h[i].value);
		if (last)
			(void)buf_addc(&b, '\n');
	}
	if (sigv4_sha256_hex(req->body, req->body_len, hash) != 0) {
		*err = xstrdup("sigv4: SHA-256 failed");
		goto fail;
	}
	(void)buf_printf(&b, "\n%s\n%s", sh.data, hash);
	*out = buf_steal(&b);
	if (signed_headers != NULL)
		*signed_headers = buf_steal(&sh);
	rc = 0;
fail:
	for (size_t i = 0; i < nh; i++) {
		free(h[i].name);
		OPENSSL_cleanse(h[i].value, strlen(h[i].value));
		free(h[i].value);
	}
	free(h);
	buf_done(&b);
	buf_done(&sh);
	return rc;
}
