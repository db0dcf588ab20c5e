/*
 * The presentation of records shared by the command line and the screens.
 * Summaries are small formats over attribute names, resolved through the
 * model's description: a new entity gets its summary from one line below.
 */
#include "datastore/present.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/buf.h"
#include "util/xmalloc.h"

/*
 * The formats: literal text; {attr} the attribute's text (a number shows its
 * value even when unset, an absent string shows ""); {a|b} a, else the first
 * line of b; {a%b} the whole percent of number a in number b; [...] a part shown
 * only when every attribute it names is present (no nesting).
 */
#define AMOUNT_FORMAT "{progress}/{target} {unit}"
#define PROGRESS_FORMAT AMOUNT_FORMAT " ({progress%target}%)"
#define JOURNAL_TITLE_FORMAT "{title|body}"

static const char *const summary_formats[MODEL_TYPE_COUNT] = {
	[MODEL_USER] = "{name}",
	[MODEL_GOAL] = "{title}: " PROGRESS_FORMAT,
	[MODEL_ACTIVITY] = "+{amount} to goal {goalId}[: {note}]",
	[MODEL_JOURNAL] = JOURNAL_TITLE_FORMAT "[ (mood {mood})]",
	[MODEL_MEAL] = "{mealType}: {name} ({calories} kcal)",
	[MODEL_WORKOUT] = "{kind} {minutes} min[, {distanceKm} km]",
};

/* Longest attribute name a format names. */
#define ATTR_MAX 64

void
present_num(const struct model_num *n, char out[PRESENT_NUM_MAX])
{
	if (!n->set) {
		out[0] = '\0';
		return;
	}
	decimal_format(n->v, out);
}

long long
present_percent(long long part, long long whole)
{
	return whole > 0 ? part * 100 / whole : 0;
}

ms_t
present_ms(const char *ts)
{
	ms_t ms = 0;
	if (ts == NULL || timefmt_parse_key(ts, &ms) != 0)
		return 0;
	return ms;
}

void
present_time(const char *ts, char *out, size_t size)
{
	if (ts == NULL || size == 0) {
		if (size > 0)
			out[0] = '\0';
		return;
	}
	dates_local_format(present_ms(ts), out, size);
}

void
present_time_or(const char *ts, const char *mark, char *out, size_t size)
{
	ms_t ms;
	if (ts == NULL || timefmt_parse_key(ts, &ms) != 0) {
		snprintf(out, size, "%s", mark);
		return;
	}
	dates_local_format(ms, out, size);
}

void
present_time_zone(const char *ts, char *out, size_t size)
{
	dates_local_format_zone(present_ms(ts), out, size);
}

struct day
present_day(const char *ts)
{
	return dates_day_of(present_ms(ts));
}

const char *
present_weekday(struct day d)
{
	/* 1970-01-01, day 0, was a Thursday. */
	static const char *const names[7] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	long long k = timefmt_days_from_civil(d.y, d.m, d.d) % 7;
	if (k < 0)
		k += 7;
	return names[k];
}

const char *
present_meal_type(ms_t ms)
{
	time_t secs = (time_t)(ms / 1000);
	struct tm tm;
	if (!dates_local_tm(secs, &tm))
		return "snack";
	int minute = tm.tm_hour * 60 + tm.tm_min;
	if (minute >= 4 * 60 && minute < 10 * 60 + 30)
		return "breakfast";
	if (minute >= 11 * 60 && minute < 15 * 60)
		return "lunch";
	if (minute >= 17 * 60 && minute < 22 * 60)
		return "dinner";
	return "snack";
}

const char *
present_occurred_at(enum model_type type, const void *rec)
{
	const struct model_field *f = model_field_by_attr(model_entity(type), "occurredAt");
	if (f == NULL)
		return NULL;
	return *model_str_at((void *)(uintptr_t)rec, f);
}

/* Tags joined by sep; NULL when there are none. */
static char *
tags_text(const struct model_strset *s, const char *sep)
{
	struct buf b;
	if (s->n == 0)
		return NULL;
	buf_init(&b, 0);
	for (size_t i = 0; i < s->n; i++)
		buf_printf(&b, "%s%s", i ? sep : "", s->v[i]);
	return buf_steal(&b);
}

char *
present_field(const void *rec, const struct model_field *f, const char *time_mark)
{
	void *r = (void *)(uintptr_t)rec;
	char text[PRESENT_TIME_MAX > PRESENT_NUM_MAX ? PRESENT_TIME_MAX : PRESENT_NUM_MAX];
	switch (f->kind) {
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT: {
		const struct model_num *n = model_num_at(r, f);
		if (!n->set)
			return NULL;
		if (f->kind == MODEL_FIELD_NUM)
			decimal_format(n->v, text);
		else
			snprintf(text, sizeof text, "%lld", n->v);
		return xstrdup(text);
	}
	case MODEL_FIELD_TAGS:
		return tags_text(model_tags_at(r, f), ", ");
	case MODEL_FIELD_TIME: {
		const char *s = *model_str_at(r, f);
		if (s == NULL)
			return NULL;
		if (time_mark != NULL)
			present_time_or(s, time_mark, text, sizeof text);
		else
			present_time(s, text, sizeof text);
		return xstrdup(text);
	}
	default: {
		const char *s = *model_str_at(r, f);
		return s != NULL ? xstrdup(s) : NULL;
	}
	}
}

/* ---- the formats ---- */

/* The field a format names (len bytes at name), NULL when the entity has none. */
static const struct model_field *
named_field(const struct model_entity *e, const char *name, size_t len)
{
	char attr[ATTR_MAX];
	if (len == 0 || len >= sizeof attr)
		return NULL;
	memcpy(attr, name, len);
	attr[len] = '\0';
	return model_field_by_attr(e, attr);
}

static bool
is_number(const struct model_field *f)
{
	return f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT;
}

/* Appends the text of one attribute (see the formats above); false when it is absent. */
static bool
value_add(const struct model_field *f, const void *rec, bool first_line, struct buf *out)
{
	void *r = (void *)(uintptr_t)rec;
	char num[PRESENT_NUM_MAX];
	if (f == NULL)
		return false;
	if (is_number(f)) {
		const struct model_num *n = model_num_at(r, f);
		if (f->kind == MODEL_FIELD_NUM)
			decimal_format(n->v, num);
		else
			snprintf(num, sizeof num, "%lld", n->v);
		buf_adds(out, num);
		return n->set;
	}
	if (f->kind == MODEL_FIELD_TAGS) {
		char *t = tags_text(model_tags_at(r, f), ", ");
		if (t == NULL)
			return false;
		buf_adds(out, t);
		free(t);
		return true;
	}
	const char *s = *model_str_at(r, f);
	if (s == NULL)
		return false;
	const char *nl = first_line ? strchr(s, '\n') : NULL;
	buf_add(out, s, nl != NULL ? (size_t)(nl - s) : strlen(s));
	return true;
}

/* Appends one {token}: "attr", "a|b" or "a%b"; false when an attribute it needs is absent. */
static bool
token_add(const struct model_entity *e, const void *rec, const char *tok, size_t len, struct buf *out)
{
	size_t op = 0;
	while (op < len && tok[op] != '|' && tok[op] != '%')
		op++;
	const struct model_field *a = named_field(e, tok, op);
	if (op == len)
		return value_add(a, rec, false, out);
	const struct model_field *b = named_field(e, tok + op + 1, len - op - 1);
	if (tok[op] == '|')
		return value_add(a, rec, false, out) || value_add(b, rec, true, out);
	if (a == NULL || b == NULL || !is_number(a) || !is_number(b))
		return false;
	const struct model_num *x = model_num_at((void *)(uintptr_t)rec, a);
	const struct model_num *y = model_num_at((void *)(uintptr_t)rec, b);
	buf_printf(out, "%lld", present_percent(x->v, y->v));
	return x->set && y->set;
}

/* Renders n bytes of a format into out; false when an attribute it names is absent. */
static bool
render(const struct model_entity *e, const void *rec, const char *fmt, size_t n, struct buf *out)
{
	bool all = true;
	size_t i = 0;
	while (i < n) {
		char open = fmt[i], close = open == '[' ? ']' : '}';
		const char *end = (open == '[' || open == '{') ? memchr(fmt + i, close, n - i) : NULL;
		if (end == NULL) {
			/* Literal text, up to the next part (an unclosed bracket is text too). */
			size_t lit = i + 1;
			while (lit < n && fmt[lit] != '[' && fmt[lit] != '{')
				lit++;
			buf_add(out, fmt + i, lit - i);
			i = lit;
			continue;
		}
		size_t len = (size_t)(end - (fmt + i + 1));
		if (open == '{') {
			all = token_add(e, rec, fmt + i + 1, len, out) && all;
		} else {
			struct buf part;
			buf_init(&part, 0);
			if (render(e, rec, fmt + i + 1, len, &part) && part.len > 0)
				buf_add(out, part.data, part.len);
			buf_done(&part);
		}
		i += len + 2;
	}
	return all;
}

/* A record through a format (a new string). */
static char *
format_record(enum model_type type, const void *rec, const char *fmt)
{
	struct buf b;
	buf_init(&b, 0);
	render(model_entity(type), rec, fmt, strlen(fmt), &b);
	return buf_steal(&b);
}

char *
present_amount(const struct model_goal *g)
{
	return format_record(MODEL_GOAL, g, AMOUNT_FORMAT);
}

char *
present_progress(const struct model_goal *g)
{
	return format_record(MODEL_GOAL, g, PROGRESS_FORMAT);
}

char *
present_journal_title(const struct model_journal *j)
{
	return format_record(MODEL_JOURNAL, j, JOURNAL_TITLE_FORMAT);
}

char *
present_summary(enum model_type type, const void *rec)
{
	if (model_entity(type) == NULL)
		return xstrdup("");
	return format_record(type, rec, summary_formats[type]);
}
