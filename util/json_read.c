/* Reading JSON text into jansson values without json_loadb's per-byte callback. */
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/json_read.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/*
 * Deeper documents go to json_loadb (its limit is 2048): this reader recurses,
 * and nothing ailife reads nests more than a few levels.
 */
#define JSON_READ_DEPTH_MAX 256
/* Longest number text read here (a double needs 24 characters). */
#define JSON_READ_NUMBER_MAX 64

#define JSON_READ_FLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY)

struct json_reader {
	const char *p, *end;
	size_t flags;
	struct buf tmp;          /* strings with escapes, unescaped */
};

static json_t *read_value(struct json_reader *r, int depth);

/* strtod in the C locale, whatever LC_NUMERIC the terminal interface set. */
static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void
c_locale_init(void)
{
	c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static void
skip_space(struct json_reader *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
		r->p++;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int
add_utf8(struct buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_add(b, u, n);
}

/*
 * Skips a run of plain string bytes from p: printable ASCII but '"' and '\\',
 * and valid UTF-8 sequences. Returns where the run stops (a quote, a
 * backslash, the end or a byte that is not allowed).
 */
static const char *
plain_run(const char *p, const char *end)
{
	while (p < end) {
		unsigned char c = (unsigned char)*p;

		if (c >= 0x20 && c < 0x80) {
			if (c == '"' || c == '\\')
				return p;
			p++;
			continue;
		}
		if (c < 0x20)
			return p;
		uint32_t cp;
		size_t n = utf8_decode(p, (size_t)(end - p), &cp);
		if (n == 0)
			return p;
		p += n;
	}
	return p;
}

/*
 * A string at r->p (on its '"'); *s points into the text (no escapes) or into
 * r->tmp. *nul says whether it holds a NUL (from \u0000).
 */
static int
read_string(struct json_reader *r, const char **s, size_t *len, bool *nul)
{
	const char *p = ++r->p, *q = plain_run(p, r->end);

	*nul = false;
	if (q < r->end && *q == '"') {
		*s = p;
		*len = (size_t)(q - p);
		r->p = q + 1;
		return 0;
	}
	buf_reset(&r->tmp);
	if (buf_add(&r->tmp, p, (size_t)(q - p)) != 0)
		return -1;
	while (q < r->end && *q == '\\') {
		unsigned cp, lo;

		if (++q >= r->end)
			return -1;
		switch (*q) {
		case '"': case '\\': case '/':
			cp = (unsigned char)*q;
			break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			if (r->end - q < 5 || hex4(q + 1, &cp) != 0)
				return -1;
			q += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (r->end - q < 7 || q[1] != '\\' || q[2] != 'u' || hex4(q + 3, &lo) != 0 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				q += 6;
			}
			if (cp == 0)
				*nul = true;
			break;
		default:
			return -1;
		}
		q++;
		if (add_utf8(&r->tmp, cp) != 0)
			return -1;
		p = q;
		q = plain_run(p, r->end);
		if (buf_add(&r->tmp, p, (size_t)(q - p)) != 0)
			return -1;
	}
	if (q >= r->end || *q != '"')
		return -1;
	r->p = q + 1;
	*s = r->tmp.data != NULL ? r->tmp.data : "";
	*len = r->tmp.len;
	return 0;
}

static json_t *
read_object(struct json_reader *r, int depth)
{
	json_t *obj = json_object(), *v;

	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return obj;
	}
	for (;;) {
		char small[64], *copy = NULL;
		const char *k;
		size_t klen;
		bool nul;

		if (r->p >= r->end || *r->p != '"' || read_string(r, &k, &klen, &nul) != 0 || nul)
			goto fail;
		if ((r->flags & JSON_REJECT_DUPLICATES) && json_object_getn(obj, k, klen) != NULL)
			goto fail;
		if (k == r->tmp.data) {
			/* The value's own strings reuse r->tmp. */
			copy = klen < sizeof small ? small : xmalloc(klen);
			memcpy(copy, k, klen);
			k = copy;
		}
		skip_space(r);
		bool ok = r->p < r->end && *r->p == ':';
		if (ok) {
			r->p++;
			skip_space(r);
			ok = (v = read_value(r, depth + 1)) != NULL;
		}
		if (ok && json_object_setn_new_nocheck(obj, k, klen, v) != 0)
			ok = false;
		if (copy != NULL && copy != small)
			free(copy);
		if (!ok)
			goto fail;
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return obj;
		}
		goto fail;
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *
read_array(struct json_reader *r, int depth)
{
	json_t *arr = json_array(), *v;

	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return arr;
	}
	for (;;) {
		if ((v = read_value(r, depth + 1)) == NULL || json_array_append_new(arr, v) != 0)
			break;
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return arr;
		}
		break;
	}
	json_decref(arr);
	return NULL;
}

static bool
read_word(struct json_reader *r, const char *w, size_t n)
{
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, w, n) != 0)
		return false;
	r->p += n;
	return true;
}

static bool
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* A number as JSON writes it: an integer (json_integer) when it has no fraction or exponent. */
static json_t *
read_number(struct json_reader *r)
{
	const char *p = r->p, *start = p;
	bool neg = false, real = false;

	if (*p == '-') {
		neg = true;
		p++;
	}
	if (!is_digit(p, r->end))
		return NULL;
	if (*p == '0') {
		p++;
		if (is_digit(p, r->end))
			return NULL;
	} else {
		while (is_digit(p, r->end))
			p++;
	}
	if (p < r->end && *p == '.') {
		real = true;
		p++;
		if (!is_digit(p, r->end))
			return NULL;
		while (is_digit(p, r->end))
			p++;
	}
	if (p < r->end && (*p == 'e' || *p == 'E')) {
		real = true;
		p++;
		if (p < r->end && (*p == '+' || *p == '-'))
			p++;
		if (!is_digit(p, r->end))
			return NULL;
		while (is_digit(p, r->end))
			p++;
	}
	if (!real) {
		unsigned long long v = 0, lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

		for (const char *d = start + neg; d < p; d++) {
			unsigned digit = (unsigned)(*d - '0');

			if (v > (lim - digit) / 10)
				return NULL;     /* out of range: json_loadb words it */
			v = v * 10 + digit;
		}
		r->p = p;
		if (neg)
			return json_integer(v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)v);
		return json_integer((long long)v);
	}
	char text[JSON_READ_NUMBER_MAX];
	size_t n = (size_t)(p - start);
	if (n >= sizeof text)
		return NULL;
	memcpy(text, start, n);
	text[n] = '\0';
	pthread_once(&c_locale_once, c_locale_init);
	if (c_locale == (locale_t)0)
		return NULL;
	char *stop;
	double d = strtod_l(text, &stop, c_locale);
	if (stop != text + n || d - d != 0)     /* not all read, or not finite */
		return NULL;
	r->p = p;
	return json_real(d);
}

static json_t *
read_value(struct json_reader *r, int depth)
{
	const char *s;
	size_t len;
	bool nul;

	if (r->p >= r->end || depth > JSON_READ_DEPTH_MAX)
		return NULL;
	switch (*r->p) {
	case '{':
		return read_object(r, depth);
	case '[':
		return read_array(r, depth);
	case '"':
		if (read_string(r, &s, &len, &nul) != 0 || (nul && !(r->flags & JSON_ALLOW_NUL)))
			return NULL;
		return json_stringn_nocheck(s, len);
	case 't':
		return read_word(r, "true", 4) ? json_true() : NULL;
	case 'f':
		return read_word(r, "false", 5) ? json_false() : NULL;
	case 'n':
		return read_word(r, "null", 4) ? json_null() : NULL;
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return read_number(r);
	}
	return NULL;
}

json_t *
json_read(const char *text, size_t len, size_t flags, json_error_t *err)
{
	json_t *v = NULL;

	if (text != NULL && (flags & ~(size_t)JSON_READ_FLAGS) == 0) {
		struct json_reader r = { text, text + len, flags, { 0 } };

		buf_init(&r.tmp, 0);
		skip_space(&r);
		if (r.p < r.end && ((flags & JSON_DECODE_ANY) || *r.p == '{' || *r.p == '['))
			v = read_value(&r, 0);
		buf_done(&r.tmp);
		if (v != NULL) {
			skip_space(&r);
			if (r.p == r.end)
				return v;
			json_decref(v);
		}
	}
	/* Not sure: jansson judges, and words the error. */
	return json_loadb(text, len, flags, err);
}
