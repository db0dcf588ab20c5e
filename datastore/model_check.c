/* The model's validation: the bad-input rules of data-model.md, and messages that show values inert. */
#include "datastore/model.h"
#include "datastore/model_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/timefmt.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* ---- messages ---- */

/* Fills why (when there is room for it) and returns -1, so callers can `return model_fail(...)`. */
int
model_fail(char *why, size_t why_size, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || why_size == 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(why, why_size, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * A value as a message shows it: at most limit characters then "...", control
 * characters and bytes that are not UTF-8 written as escapes (\x1b, \u009b), so
 * no message ever carries a raw control byte to a terminal.
 */
const char *
model_show_n(const char *s, size_t limit, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	size_t o = 0, chars = 0;

	out[0] = '\0';
	while (*p != '\0') {
		char piece[16];
		size_t plen, n;
		uint32_t cp;

		if (chars == limit) {
			if (o + 4 <= size) {
				memcpy(out + o, "...", 4);
				o += 3;
			}
			break;
		}
		n = utf8_decode((const char *)p, (size_t)(end - p), &cp);
		if (n == 0) {
			snprintf(piece, sizeof(piece), "\\x%02x", *p);
			n = 1;
		} else if (utf8_is_control(cp) && cp < 0x80) {
			snprintf(piece, sizeof(piece), "\\x%02x", (unsigned)cp);
		} else if (utf8_is_control(cp)) {
			snprintf(piece, sizeof(piece), "\\u%04x", (unsigned)cp);
		} else {
			memcpy(piece, p, n);
			piece[n] = '\0';
		}
		plen = strlen(piece);
		if (o + plen + 4 > size) {
			if (o + 4 <= size) {
				memcpy(out + o, "...", 4);
				o += 3;
			}
			break;
		}
		memcpy(out + o, piece, plen + 1);
		o += plen;
		p += n;
		chars++;
	}
	out[o] = '\0';
	return out;
}

const char *
model_show(const char *s, char out[SHOW_SIZE])
{
	return model_show_n(s, SHOW_CHARS, out, SHOW_SIZE);
}

/* ---- validation ---- */

/*
 * The text rules: valid UTF-8, no control characters (LONGTEXT: newline and
 * tab allowed), not empty, at most max characters (LONGTEXT: bytes).
 */
static int
check_text(const char *attr, const char *s, bool longtext, size_t max, char *why, size_t why_size)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + strlen(s);
	size_t count = 0;

	if (*p == '\0')
		return model_fail(why, why_size, "%s: must not be empty", attr);
	while (*p != '\0') {
		uint32_t cp;
		size_t n = utf8_decode((const char *)p, (size_t)(end - p), &cp);

		if (n == 0)
			return model_fail(why, why_size, "%s: invalid UTF-8 (byte 0x%02x at offset %zu)", attr, *p,
			    (size_t)(p - (const unsigned char *)s));
		if (utf8_is_control(cp) && !(longtext && (cp == '\n' || cp == '\t')))
			return model_fail(why, why_size, "%s: control character U+%04X not allowed", attr, (unsigned)cp);
		p += n;
		count++;
	}
	if (longtext) {
		size_t bytes = (size_t)(p - (const unsigned char *)s);
		if (max > 0 && bytes > max)
			return model_fail(why, why_size, "%s: longer than %zu bytes (%zu)", attr, max, bytes);
	} else if (max > 0 && count > max) {
		return model_fail(why, why_size, "%s: longer than %zu characters (%zu)", attr, max, count);
	}
	return 0;
}

static bool
is_date(const char *s)
{
	int v[3] = { 0, 0, 0 };
	static const int width[3] = { 4, 2, 2 };
	const char *p = s;

	for (int part = 0; part < 3; part++) {
		for (int i = 0; i < width[part]; i++, p++) {
			if (*p < '0' || *p > '9')
				return false;
			v[part] = v[part] * 10 + (*p - '0');
		}
		if (part < 2 && *p++ != '-')
			return false;
	}
	return *p == '\0' && timefmt_valid_date(v[0], v[1], v[2]);
}

static bool
is_email(const char *s)
{
	const char *at = strchr(s, '@');

	if (at == NULL || at == s || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return false;
	return strchr(s, ' ') == NULL;
}

static int
check_enum(const struct model_field *f, const char *s, char *why, size_t why_size)
{
	char list[256], shown[SHOW_SIZE];
	size_t n = 0, o = 0;

	for (n = 0; f->values[n] != NULL; n++) {
		if (strcmp(f->values[n], s) == 0)
			return 0;
	}
	list[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(list + o, sizeof(list) - o, "%s%s", sep, f->values[i]);
		if (w < 0 || (size_t)w >= sizeof(list) - o)
			break;
		o += (size_t)w;
	}
	return model_fail(why, why_size, "%s: must be %s, not '%s'", f->attr, list, model_show(s, shown));
}

/* One string value of a field, by its kind. */
static int
check_string(const struct model_field *f, const char *s, char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	ms_t ms;

	if (*s == '\0')
		return model_fail(why, why_size, "%s: must not be empty", f->attr);
	switch (f->kind) {
	case MODEL_FIELD_ID:
		if (!keys_id_valid(s))
			return model_fail(why, why_size, "%s: '%s' is not a valid id (use 1-64 of A-Z a-z 0-9 _ -)",
			    f->attr, model_show(s, shown));
		return 0;
	case MODEL_FIELD_TEXT:
	case MODEL_FIELD_TAGS:
		return check_text(f->attr, s, false, f->max, why, why_size);
	case MODEL_FIELD_LONGTEXT:
		return check_text(f->attr, s, true, f->max, why, why_size);
	case MODEL_FIELD_ENUM:
		return check_enum(f, s, why, why_size);
	case MODEL_FIELD_ZONE:
		if (check_text(f->attr, s, false, f->max, why, why_size) < 0)
			return -1;
		if (!dates_zone_valid(s))
			return model_fail(why, why_size, "%s: '%s' is not a known time zone (use an IANA name such as Europe/Berlin)",
			    f->attr, model_show(s, shown));
		return 0;
	case MODEL_FIELD_TIME:
		if (timefmt_parse_key(s, &ms) < 0)
			return model_fail(why, why_size, "%s: '%s' is not a timestamp (use UTC like 2026-11-26T04:03:04.123Z)",
			    f->attr, model_show(s, shown));
		return 0;
	case MODEL_FIELD_DATE:
		if (!is_date(s))
			return model_fail(why, why_size, "%s: '%s' is not a date (use YYYY-MM-DD)", f->attr, model_show(s, shown));
		return 0;
	case MODEL_FIELD_EMAIL:
		if (check_text(f->attr, s, false, f->max, why, why_size) < 0)
			return -1;
		if (!is_email(s))
			return model_fail(why, why_size, "%s: '%s' is not an email address (use name@example.org)",
			    f->attr, model_show(s, shown));
		return 0;
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT:
		break;
	}
	return model_fail(why, why_size, "%s: not a string field", f->attr);
}

static int
check_num(const struct model_field *f, long long v, char *why, size_t why_size)
{
	char lo[DECIMAL_TEXT_MAX], hi[DECIMAL_TEXT_MAX], val[DECIMAL_TEXT_MAX];

	if (v >= f->min && v <= f->maxv)
		return 0;
	if (f->kind == MODEL_FIELD_INT)
		return model_fail(why, why_size, "%s: must be %lld to %lld, not %lld", f->attr, f->min, f->maxv, v);
	decimal_format(f->maxv, hi);
	decimal_format(v, val);
	/* The smallest positive thousandth reads better as "more than 0". */
	if (f->min == 1)
		return model_fail(why, why_size, "%s: must be more than 0 and at most %s, not %s", f->attr, hi, val);
	decimal_format(f->min, lo);
	return model_fail(why, why_size, "%s: must be %s to %s, not %s", f->attr, lo, hi, val);
}

/*
 * Why text is no whole number: "number out of range" and "too many digits" as
 * decimal_parse says (99999999999999999999 is whole, only too big); anything
 * else, a fraction or no number at all, is "not a whole number".
 */
int
model_fail_int(char *why, size_t why_size, const char *attr, const char *text, const char *reason)
{
	char shown[SHOW_SIZE];

	if (reason != NULL && (strcmp(reason, "number out of range") == 0 ||
	    strcmp(reason, "too many digits") == 0))
		return model_fail(why, why_size, "%s: '%s': %s", attr, model_show(text, shown), reason);
	return model_fail(why, why_size, "%s: '%s' is not a whole number", attr, model_show(text, shown));
}

static int
check_tags(const struct model_field *f, const struct model_strset *t, char *why, size_t why_size)
{
	char attr[64], shown[SHOW_SIZE];

	if (f->max > 0 && t->n > f->max)
		return model_fail(why, why_size, "%s: more than %zu tags (%zu)", f->attr, f->max, t->n);
	for (size_t i = 0; i < t->n; i++) {
		snprintf(attr, sizeof(attr), "%s: tag %zu", f->attr, i + 1);
		if (t->v[i] == NULL)
			return model_fail(why, why_size, "%s: missing", attr);
		if (check_text(attr, t->v[i], false, f->max, why, why_size) < 0)
			return -1;
		for (size_t j = 0; j < i; j++) {
			if (strcmp(t->v[j], t->v[i]) == 0)
				return model_fail(why, why_size, "%s: '%s' appears twice", f->attr, model_show(t->v[i], shown));
		}
	}
	return 0;
}

static int
check_field(const struct model_field *f, const void *rec, char *why, size_t why_size)
{
	if (f->kind == MODEL_FIELD_TAGS) {
		const struct model_strset *t = model_tags_get(rec, f);
		if (t->n == 0)
			return f->required ? model_fail(why, why_size, "%s: required", f->attr) : 0;
		return check_tags(f, t, why, why_size);
	}
	if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
		const struct model_num *n = model_num_get(rec, f);
		if (!n->set)
			return f->required ? model_fail(why, why_size, "%s: required", f->attr) : 0;
		return check_num(f, n->v, why, why_size);
	}
	const char *s = model_str_get(rec, f);
	if (s == NULL)
		return f->required ? model_fail(why, why_size, "%s: required", f->attr) : 0;
	return check_string(f, s, why, why_size);
}

/*
 * Rules between fields: a goal cannot start after it is due. YYYY-MM-DD dates
 * compare as strings; both are named as the user typed them (--start, --due).
 */
static int
check_across(enum model_type type, const void *rec, char *why, size_t why_size)
{
	if (type == MODEL_GOAL) {
		const struct model_goal *g = rec;
		if (g->start_date != NULL && g->due_date != NULL && strcmp(g->start_date, g->due_date) > 0)
			return model_fail(why, why_size, "startDate: %s is after dueDate %s (a goal cannot start after it is due)",
			    g->start_date, g->due_date);
	}
	return 0;
}

int
model_validate(enum model_type type, const void *rec, char *why, size_t why_size)
{
	const struct model_entity *e = model_entity(type);
	const struct model_common *c = rec;

	if (e == NULL || rec == NULL)
		return model_fail(why, why_size, "not a record of a known type");
	for (size_t i = 0; i < COMMON_COUNT; i++) {
		if (check_field(&model_common_fields[i], rec, why, why_size) < 0)
			return -1;
	}
	if (c->version < 1)
		return model_fail(why, why_size, "version: must be at least 1, not %lld", c->version);
	for (size_t i = 0; i < e->field_count; i++) {
		if (check_field(&e->fields[i], rec, why, why_size) < 0)
			return -1;
	}
	return check_across(type, rec, why, why_size);
}

int
model_set_text(enum model_type type, void *rec, const struct model_field *f, const char *text,
    char *why, size_t why_size)
{
	char shown[SHOW_SIZE];
	const char *reason = NULL;
	long long v;

	if (model_entity(type) == NULL || rec == NULL || f == NULL || text == NULL)
		return model_fail(why, why_size, "nothing to set");
	switch (f->kind) {
	case MODEL_FIELD_NUM:
		if (decimal_parse(text, &v, &reason) < 0)
			return model_fail(why, why_size, "%s: '%s': %s", f->attr, model_show(text, shown),
			    reason != NULL ? reason : "not a number");
		if (check_num(f, v, why, why_size) < 0)
			return -1;
		model_num_at(rec, f)->set = true;
		model_num_at(rec, f)->v = v;
		return 0;
	case MODEL_FIELD_INT:
		if (decimal_parse_int(text, &v, &reason) < 0)
			return model_fail_int(why, why_size, f->attr, text, reason);
		if (check_num(f, v, why, why_size) < 0)
			return -1;
		model_num_at(rec, f)->set = true;
		model_num_at(rec, f)->v = v;
		return 0;
	case MODEL_FIELD_TAGS: {
		struct model_strset *t = model_tags_at(rec, f);
		if (check_text(f->attr, text, false, f->max, why, why_size) < 0)
			return -1;
		for (size_t i = 0; i < t->n; i++) {
			if (strcmp(t->v[i], text) == 0)
				return 0;       /* a set: adding a tag twice keeps one */
		}
		if (f->max > 0 && t->n >= f->max)
			return model_fail(why, why_size, "%s: at most %zu tags", f->attr, f->max);
		t->v = xreallocarray(t->v, t->n + 1, sizeof(char *));
		t->v[t->n++] = xstrdup(text);
		return 0;
	}
	default:
		if (check_string(f, text, why, why_size) < 0)
			return -1;
		char **p = model_str_at(rec, f);
		free(*p);
		*p = xstrdup(text);
		return 0;
	}
}
