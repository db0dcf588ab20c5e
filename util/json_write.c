/* Writing jansson values as JSON text, byte for byte as json_dumps does. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define JSON_WRITE_FLAGS                                                                          \
	(JSON_MAX_INDENT | JSON_COMPACT | JSON_ENSURE_ASCII | JSON_SORT_KEYS | JSON_ENCODE_ANY |  \
	    JSON_ESCAPE_SLASH | JSON_REAL_PRECISION(31) | JSON_WRITE_ESCAPE_C1)
/* Nesting deeper than this goes to json_dumps (values read by ailife never nest this far). */
#define JSON_WRITE_DEPTH_MAX 256

#define INDENT_OF(flags) ((flags) & JSON_MAX_INDENT)
#define PRECISION_OF(flags) (((flags) >> 11) & 0x1F)

static int write_value(struct buf *b, json_t *v, size_t flags, int depth);

/* A new line and the indentation of depth, or a space when !indent and space is asked. */
int
json_write_indent(struct buf *b, size_t flags, int depth, bool space)
{
	static const char spaces[] = "                                                                ";
	size_t n;

	if (INDENT_OF(flags) > 0) {
		if (buf_addc(b, '\n') != 0)
			return -1;
		n = INDENT_OF(flags) * (size_t)depth;
		while (n > 0) {
			size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;

			if (buf_add(b, spaces, k) != 0)
				return -1;
			n -= k;
		}
		return 0;
	}
	if (space && !(flags & JSON_COMPACT))
		return buf_addc(b, ' ');
	return 0;
}

/* A \uXXXX escape (upper-case hex, as jansson writes it) into s (6 bytes). */
static void
escape_u(char *s, uint32_t u)
{
	static const char hex[] = "0123456789ABCDEF";

	s[0] = '\\';
	s[1] = 'u';
	s[2] = hex[u >> 12 & 0xf];
	s[3] = hex[u >> 8 & 0xf];
	s[4] = hex[u >> 4 & 0xf];
	s[5] = hex[u & 0xf];
}

int
json_write_string(struct buf *b, const char *s, size_t len, size_t flags)
{
	const char *p = s, *end = s + len, *run = s;

	if (buf_addc(b, '"') != 0)
		return -1;
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		uint32_t cp;
		size_t n;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && !(c == '/' && (flags & JSON_ESCAPE_SLASH))) {
			p++;
			continue;
		}
		if (c == 0x7f && !(flags & JSON_WRITE_ESCAPE_C1)) {
			p++;
			continue;
		}
		if (c < 0x80) {
			cp = c;
			n = 1;
		} else if ((n = utf8_decode(p, (size_t)(end - p), &cp)) == 0) {
			return -1;       /* json_dumps refuses invalid UTF-8 */
		} else if (!(flags & JSON_ENSURE_ASCII) && !(cp <= 0x9f && (flags & JSON_WRITE_ESCAPE_C1))) {
			p += n;
			continue;
		}
		if (p > run && buf_add(b, run, (size_t)(p - run)) != 0)
			return -1;
		char seq[13];
		const char *text = seq;
		size_t tlen = 2;
		switch (cp) {
		case '\\': text = "\\\\"; break;
		case '"': text = "\\\""; break;
		case '\b': text = "\\b"; break;
		case '\f': text = "\\f"; break;
		case '\n': text = "\\n"; break;
		case '\r': text = "\\r"; break;
		case '\t': text = "\\t"; break;
		case '/': text = "\\/"; break;
		default:
			if (cp < 0x10000) {
				escape_u(seq, cp);
				tlen = 6;
			} else {
				/* Past the BMP: a UTF-16 surrogate pair. */
				escape_u(seq, 0xd800 | ((cp - 0x10000) >> 10));
				escape_u(seq + 6, 0xdc00 | ((cp - 0x10000) & 0x3ff));
				tlen = 12;
			}
			break;
		}
		if (buf_add(b, text, tlen) != 0)
			return -1;
		p += n;
		run = p;
	}
	if (p > run && buf_add(b, run, (size_t)(p - run)) != 0)
		return -1;
	return buf_addc(b, '"');
}

/* A real as jansson writes it: %.*g, ".0" when it looks whole, the exponent without '+' or leading zeros. */
int
json_write_real(struct buf *b, double d, size_t flags)
{
	char text[64], *e;
	int precision = (int)PRECISION_OF(flags);
	int n;

	if (precision == 0)
		precision = 17;
	n = snprintf(text, sizeof text, "%.*g", precision, d);
	if (n < 0 || (size_t)n >= sizeof text - 3)
		return -1;
	/* The C library writes the locale's decimal point: jansson writes '.'. */
	for (char *q = text; *q != '\0'; q++)
		if (*q != '-' && *q != '+' && *q != 'e' && *q != 'n' && *q != 'a' && *q != 'i' && *q != 'f' &&
		    (*q < '0' || *q > '9'))
			*q = '.';
	if (strchr(text, '.') == NULL && strchr(text, 'e') == NULL)
		memcpy(text + n, ".0", 3);
	if ((e = strchr(text, 'e')) != NULL) {
		char *start = e + 1, *stop = start + 1;

		if (*start == '-')
			start++;
		while (*stop == '0')
			stop++;
		if (stop != start)
			memmove(start, stop, strlen(stop) + 1);
	}
	return buf_adds(b, text);
}

struct key_ref {
	const char *key;
	size_t len;
};

static int
key_cmp(const void *pa, const void *pb)
{
	const struct key_ref *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->key, b->key, n);

	if (r != 0)
		return r;
	return a->len < b->len ? -1 : a->len > b->len;
}

static int
write_member(struct buf *b, const char *key, size_t klen, json_t *v, size_t flags, int depth)
{
	if (json_write_string(b, key, klen, flags) != 0)
		return -1;
	if (buf_add(b, (flags & JSON_COMPACT) ? ":" : ": ", (flags & JSON_COMPACT) ? 1 : 2) != 0)
		return -1;
	return write_value(b, v, flags, depth + 1);
}

static int
write_object(struct buf *b, json_t *obj, size_t flags, int depth)
{
	size_t size = json_object_size(obj), i = 0;
	const char *key;
	size_t klen;
	json_t *v;

	if (size == 0)
		return buf_add(b, "{}", 2);
	if (buf_addc(b, '{') != 0 || json_write_indent(b, flags, depth + 1, false) != 0)
		return -1;
	if (flags & JSON_SORT_KEYS) {
		struct key_ref *keys = xcalloc(size, sizeof *keys);
		int rc = 0;

		json_object_keylen_foreach(obj, key, klen, v) {
			keys[i].key = key;
			keys[i].len = klen;
			i++;
		}
		qsort(keys, size, sizeof *keys, key_cmp);
		for (i = 0; i < size && rc == 0; i++) {
			v = json_object_getn(obj, keys[i].key, keys[i].len);
			rc = write_member(b, keys[i].key, keys[i].len, v, flags, depth);
			if (rc == 0)
				rc = i + 1 < size ? (buf_addc(b, ',') || json_write_indent(b, flags, depth + 1, true))
				                  : json_write_indent(b, flags, depth, false);
		}
		free(keys);
		if (rc != 0)
			return -1;
	} else {
		json_object_keylen_foreach(obj, key, klen, v) {
			if (write_member(b, key, klen, v, flags, depth) != 0)
				return -1;
			if (++i < size) {
				if (buf_addc(b, ',') != 0 || json_write_indent(b, flags, depth + 1, true) != 0)
					return -1;
			} else if (json_write_indent(b, flags, depth, false) != 0) {
				return -1;
			}
		}
	}
	return buf_addc(b, '}');
}

static int
write_array(struct buf *b, json_t *arr, size_t flags, int depth)
{
	size_t n = json_array_size(arr);

	if (n == 0)
		return buf_add(b, "[]", 2);
	if (buf_addc(b, '[') != 0 || json_write_indent(b, flags, depth + 1, false) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (write_value(b, json_array_get(arr, i), flags, depth + 1) != 0)
			return -1;
		if (i + 1 < n) {
			if (buf_addc(b, ',') != 0 || json_write_indent(b, flags, depth + 1, true) != 0)
				return -1;
		} else if (json_write_indent(b, flags, depth, false) != 0) {
			return -1;
		}
	}
	return buf_addc(b, ']');
}

static int
write_value(struct buf *b, json_t *v, size_t flags, int depth)
{
	char num[32];

	if (depth > JSON_WRITE_DEPTH_MAX)
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return write_object(b, v, flags, depth);
	case JSON_ARRAY:
		return write_array(b, v, flags, depth);
	case JSON_STRING:
		return json_write_string(b, json_string_value(v), json_string_length(v), flags);
	case JSON_INTEGER:
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return buf_adds(b, num);
	case JSON_REAL:
		return json_write_real(b, json_real_value(v), flags);
	case JSON_TRUE:
		return buf_add(b, "true", 4);
	case JSON_FALSE:
		return buf_add(b, "false", 5);
	case JSON_NULL:
		return buf_add(b, "null", 4);
	}
	return -1;
}

/* Whether this writer can answer for json_dumps (else the caller asks json_dumps). */
static bool
json_write_can(json_t *v, size_t flags)
{
	if (v == NULL || (flags & ~(size_t)JSON_WRITE_FLAGS) != 0)
		return false;
	return (flags & JSON_ENCODE_ANY) || json_is_object(v) || json_is_array(v);
}

int
json_write_buf(struct buf *b, json_t *v, size_t flags)
{
	size_t len = b->len;
	char *s;
	int rc;

	if (json_write_can(v, flags)) {
		if (write_value(b, v, flags, 0) == 0)
			return 0;
		b->len = len;
		if (b->data != NULL)
			b->data[len] = '\0';
	}
	/* Past this writer's depth, or a value json_dumps refuses: jansson decides. */
	if ((s = json_dumps(v, flags & ~JSON_WRITE_ESCAPE_C1)) == NULL)
		return -1;
	rc = buf_adds(b, s);
	free(s);
	return rc;
}

int
json_write_at(struct buf *b, json_t *v, size_t flags, int depth)
{
	size_t len = b->len;

	if (write_value(b, v, flags, depth) == 0)
		return 0;
	b->len = len;
	if (b->data != NULL)
		b->data[len] = '\0';
	return -1;
}

char *
json_write(json_t *v, size_t flags)
{
	struct buf b;

	buf_init(&b, 0);
	if (json_write_buf(&b, v, flags) != 0) {
		buf_done(&b);
		return NULL;
	}
	return buf_steal(&b);
}
