#include "util/utf8.h"

#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/buf.h"
#include "util/xmalloc.h"

size_t
utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	size_t len;
	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		c = s[0] & 0x1f;
		len = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		c = s[0] & 0x0f;
		len = 3;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		c = s[0] & 0x07;
		len = 4;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

bool
utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0)
			return false;
		i += l;
	}
	return true;
}

size_t
utf8_count(const char *s)
{
	size_t count = 0;
	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			count++;
	return count;
}

bool
utf8_is_control(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f);
}

int
utf8_cp_width(uint32_t cp)
{
	if (utf8_is_control(cp))
		return 0;
	if (cp < 0x7f)
		return 1;
	int w = wcwidth((wchar_t)cp);
	if (w < 0) {
		/* No UTF-8 locale, or an unassigned code point: East Asian wide ranges by hand. */
		if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff) ||
		    (cp >= 0x20000 && cp <= 0x3fffd))
			return 2;
		return 1;
	}
	return w;
}

/* Appends the inert form of one code point (or one invalid byte when len == 0). */
static void
inert_add(struct buf *b, const char *s, size_t len, uint32_t cp, bool keep_newlines)
{
	if (len == 0) {
		buf_adds(b, "\xef\xbf\xbd");
		return;
	}
	if (cp == '\n' && keep_newlines) {
		buf_addc(b, '\n');
	} else if (cp == '\t' && keep_newlines) {
		buf_addc(b, '\t');
	} else if (cp == '\n') {
		buf_adds(b, "\\n");
	} else if (cp == '\t') {
		buf_adds(b, "\\t");
	} else if (utf8_is_control(cp)) {
		buf_printf(b, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
	} else {
		buf_add(b, s, len);
	}
}

char *
utf8_inert(const char *s, bool keep_newlines)
{
	struct buf b;
	size_t n = strlen(s), i = 0;
	/* Printable ASCII, the common case, is its own inert form. */
	while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f)
		i++;
	if (i == n)
		return xstrndup(s, n);
	i = 0;
	buf_init(&b, 0);
	while (i < n) {
		uint32_t cp = 0;
		size_t l = utf8_decode(s + i, n - i, &cp);
		inert_add(&b, s + i, l, cp, keep_newlines);
		i += l ? l : 1;
	}
	return buf_steal(&b);
}

/* Columns the inert form of one code point takes (see inert_add), without building it. */
static size_t
inert_cols(uint32_t cp, size_t len)
{
	if (len == 0)
		return 1;        /* U+FFFD */
	if (cp == '\n' || cp == '\t')
		return 2;        /* \n, \t */
	if (utf8_is_control(cp))
		return cp < 0x100 ? 4 : 6;
	return (size_t)utf8_cp_width(cp);
}

size_t
utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0;
	while (i < n) {
		uint32_t cp = 0;
		size_t l = utf8_decode(s + i, n - i, &cp);
		w += inert_cols(cp, l);
		i += l ? l : 1;
	}
	return w;
}

char *
utf8_fit(const char *s, size_t cols)
{
	char *inert = utf8_inert(s, false);
	size_t n = strlen(inert), i = 0, w = 0;
	if (utf8_width(inert) <= cols)
		return inert;
	const char *ell = utf8_locale() ? "\xe2\x80\xa6" : "~";
	struct buf b;
	buf_init(&b, 0);
	while (i < n) {
		uint32_t cp = 0;
		size_t l = utf8_decode(inert + i, n - i, &cp);
		/* The inert form is valid UTF-8: 0 cannot come, but must neither loop nor read cp. */
		if (l == 0)
			break;
		int cw = utf8_cp_width(cp);
		if (w + (size_t)cw + 1 > cols)
			break;
		buf_add(&b, inert + i, l);
		w += (size_t)cw;
		i += l;
	}
	if (cols > 0)
		buf_adds(&b, ell);
	free(inert);
	return buf_steal(&b);
}

bool
utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs != NULL && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

void
utf8_append(char *s, size_t size, uint32_t cp)
{
	char enc[4];
	size_t k = utf8_encode(cp, enc), n = strlen(s);
	if (n + k + 1 > size)
		return;
	memcpy(s + n, enc, k);
	s[n + k] = '\0';
}

void
utf8_drop_last(char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		n--;
		if (((unsigned char)s[n] & 0xc0) != 0x80)
			break;
	}
	s[n] = '\0';
}
