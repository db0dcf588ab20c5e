/* A stored item's text straight into a record (see model_decode.h): one pass over the text, no jansson values. */
#include "datastore/model_decode.h"
#include "datastore/model_int.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/table.h"
#include "util/xmalloc.h"

/* More attributes than the model has (17 at most) or a longer name: the reference judges. */
#define DECODE_ATTRS 48
#define DECODE_NAME 40
/* model_decode's "the reference must judge". */
#define NOT_SURE 1

enum dtag { T_S, T_N, T_SS };

/* A JSON string as it stands in the text: its raw bytes between the quotes. */
struct dstr {
	const char *p;
	size_t n;                /* raw bytes */
	size_t dlen;             /* bytes once unescaped (json_string_length) */
	bool esc;                /* holds a backslash */
	bool nul;                /* holds \u0000 */
};

struct dattr {
	char name[DECODE_NAME];
	size_t name_len;
	int id;                  /* in names, -1 for a name the model does not have */
	enum dtag tag;
	struct dstr s;           /* S, N */
	const char *ss, *ss_end; /* SS: the first element's opening quote, the closing bracket */
	size_t count;            /* SS: how many */
	bool keep;               /* in the projection */
};

struct dec {
	const unsigned char *p, *end;
};

/*
 * Every attribute name of the model (keys, type, version, the common ones,
 * every entity's fields), each with a number below 64, looked up by length
 * then bytes: an item's names are found, checked for twice and matched with
 * the projection by those numbers, not by comparing strings.
 */
#define NAMES_MAX 64
#define NAMES_HASH 128
static struct {
	const char *name[NAMES_MAX];
	size_t len[NAMES_MAX];
	int next[NAMES_MAX];
	int head[NAMES_HASH];
	int n;
	int type_id, version_id;
	signed char key[NAMES_MAX];          /* a key attribute */
	const struct model_field *common[NAMES_MAX];
	const struct model_field *field[MODEL_TYPE_COUNT][NAMES_MAX];
	bool full;                           /* a name did not fit: look nothing up */
} names;
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

/* Bytes a string holds as they are (printable ASCII but the quote and the backslash). */
static bool plain_byte[256];

static size_t
name_hash(const char *name, size_t len)
{
	return (len * 31 + (len > 0 ? (unsigned char)name[len - 1] * 7 + (unsigned char)name[0] : 0)) % NAMES_HASH;
}

static int
name_id(const char *name, size_t len)
{
	if (len >= DECODE_NAME)
		return -1;
	for (int i = names.head[name_hash(name, len)]; i >= 0; i = names.next[i])
		if (names.len[i] == len && memcmp(names.name[i], name, len) == 0)
			return i;
	return -1;
}

static int
name_add(const char *name)
{
	size_t len = strlen(name);
	int id = name_id(name, len);

	if (id >= 0)
		return id;
	if (names.n == NAMES_MAX || len >= DECODE_NAME) {
		names.full = true;
		return -1;
	}
	id = names.n++;
	names.name[id] = name;
	names.len[id] = len;
	names.key[id] = -1;
	names.next[id] = names.head[name_hash(name, len)];
	names.head[name_hash(name, len)] = id;
	return id;
}

static void
names_init(void)
{
	int id;

	for (size_t i = 0; i < NAMES_HASH; i++)
		names.head[i] = -1;
	for (unsigned c = 0x20; c < 0x80; c++)
		plain_byte[c] = c != '"' && c != '\\';
	for (int k = 0; k < K_COUNT; k++)
		if ((id = name_add(model_key_attrs[k])) >= 0)
			names.key[id] = (signed char)k;
	names.type_id = name_add("type");
	names.version_id = name_add("version");
	for (size_t i = 0; i < COMMON_COUNT; i++)
		if ((id = name_add(model_common_fields[i].attr)) >= 0)
			names.common[id] = &model_common_fields[i];
	for (int t = 0; t < MODEL_TYPE_COUNT; t++)
		for (size_t i = 0; i < model_entities[t].field_count; i++)
			if ((id = name_add(model_entities[t].fields[i].attr)) >= 0)
				names.field[t][id] = &model_entities[t].fields[i];
}

static inline void
ws(struct dec *d)
{
	while (d->p < d->end && *d->p <= ' ' && (*d->p == ' ' || *d->p == '\t' || *d->p == '\n' || *d->p == '\r'))
		d->p++;
}

static inline bool
eat(struct dec *d, unsigned char c)
{
	ws(d);
	if (d->p >= d->end || *d->p != c)
		return false;
	d->p++;
	ws(d);
	return true;
}

static int
hex4(const unsigned char *p, const unsigned char *end, unsigned *v)
{
	*v = 0;
	if (end - p < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		unsigned c = p[i], x;
		if (c >= '0' && c <= '9')
			x = c - '0';
		else if (c >= 'a' && c <= 'f')
			x = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			x = c - 'A' + 10;
		else
			return -1;
		*v = *v << 4 | x;
	}
	return 0;
}

/* The length of the valid UTF-8 sequence at p (jansson's rules: no overlong form, surrogate or past U+10FFFF), 0 if none. */
static size_t
utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = *p, v;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
	} else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	return n;
}

/* Whether any byte of x is zero, or below n (n <= 128): exact for the word as a whole. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

static inline uint64_t
has_zero(uint64_t x)
{
	return (x - ONES) & ~x & HIGHS;
}

static inline uint64_t
has_less(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGHS;
}

/* A JSON string at d->p (its opening quote) as json_loadb takes it; -1 where it would not. */
static int
scan_string(struct dec *d, struct dstr *s)
{
	const unsigned char *p = d->p + 1, *end = d->end;
	size_t dlen = 0;

	s->p = (const char *)p;
	s->esc = s->nul = false;
	for (;;) {
		unsigned c;
		const unsigned char *run = p;

		/* Printable ASCII but the quote and the backslash: most of every string, 8 bytes at a time. */
		while (end - p >= 8) {
			uint64_t v;
			memcpy(&v, p, 8);
			if (((v & HIGHS) | has_less(v, 0x20) | has_zero(v ^ (ONES * '"')) | has_zero(v ^ (ONES * '\\'))) != 0)
				break;
			p += 8;
		}
		while (p < end && plain_byte[*p])
			p++;
		dlen += (size_t)(p - run);
		if (p >= end)
			return -1;
		c = *p;
		if (c == '"')
			break;
		if (c < 0x20)
			return -1;
		if (c < 0x80 && c != '\\') {
			p++;
			dlen++;
			continue;
		}
		if (c >= 0x80) {
			size_t n = utf8_seq(p, end);
			if (n == 0)
				return -1;
			p += n;
			dlen += n;
			continue;
		}
		s->esc = true;
		if (end - p < 2)
			return -1;
		c = p[1];
		if (c != 'u') {
			if (strchr("\"\\/bfnrt", (int)c) == NULL || c == '\0')
				return -1;
			p += 2;
			dlen++;
			continue;
		}
		unsigned v, lo;
		if (hex4(p + 2, end, &v) < 0)
			return -1;
		p += 6;
		if (v >= 0xd800 && v <= 0xdbff) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || hex4(p + 2, end, &lo) < 0 ||
			    lo < 0xdc00 || lo > 0xdfff)
				return -1;
			p += 6;
			dlen += 4;
		} else if (v >= 0xdc00 && v <= 0xdfff) {
			return -1;
		} else {
			if (v == 0)
				s->nul = true;
			dlen += v < 0x80 ? 1 : v < 0x800 ? 2 : 3;
		}
	}
	s->n = (size_t)(p - (const unsigned char *)s->p);
	s->dlen = dlen;
	d->p = p + 1;
	return 0;
}

static char *
put_utf8(char *o, unsigned v)
{
	if (v < 0x80) {
		*o++ = (char)v;
	} else if (v < 0x800) {
		*o++ = (char)(0xc0 | v >> 6);
		*o++ = (char)(0x80 | (v & 0x3f));
	} else if (v < 0x10000) {
		*o++ = (char)(0xe0 | v >> 12);
		*o++ = (char)(0x80 | ((v >> 6) & 0x3f));
		*o++ = (char)(0x80 | (v & 0x3f));
	} else {
		*o++ = (char)(0xf0 | v >> 18);
		*o++ = (char)(0x80 | ((v >> 12) & 0x3f));
		*o++ = (char)(0x80 | ((v >> 6) & 0x3f));
		*o++ = (char)(0x80 | (v & 0x3f));
	}
	return o;
}

/* The string's bytes unescaped into out (s->dlen + 1 bytes), NUL-terminated; s was scanned. */
static void
unescape(const struct dstr *s, char *out)
{
	const unsigned char *p = (const unsigned char *)s->p, *end = p + s->n;
	char *o = out;

	if (!s->esc) {
		memcpy(out, s->p, s->n);
		out[s->n] = '\0';
		return;
	}
	while (p < end) {
		const unsigned char *bs = memchr(p, '\\', (size_t)(end - p));
		size_t run = (size_t)((bs != NULL ? bs : end) - p);
		unsigned v, lo;

		memcpy(o, p, run);
		o += run;
		p += run;
		if (p >= end)
			break;
		switch (p[1]) {
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			hex4(p + 2, end, &v);
			if (v >= 0xd800 && v <= 0xdbff) {
				hex4(p + 8, end, &lo);
				v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			o = put_utf8(o, v);
			p += 4;
			break;
		default: *o++ = (char)p[1]; break;
		}
		p += 2;
	}
	*o = '\0';
}

static char *
dstr_dup(const struct dstr *s)
{
	char *out = xmalloc(s->dlen + 1);

	unescape(s, out);
	return out;
}

/* {"<tag>": value} with tag S or N (a string) or SS (a non-empty array of strings). */
static int
scan_av(struct dec *d, struct dattr *a)
{
	struct dstr tag;
	char t[4];

	if (!eat(d, '{') || d->p >= d->end || *d->p != '"')
		return -1;
	/* The tags as stored ("S", "N", "SS") without a scan; an escaped one is scanned. */
	if (d->end - d->p >= 3 && (d->p[1] == 'S' || d->p[1] == 'N') && d->p[2] == '"') {
		t[0] = (char)d->p[1];
		t[1] = '\0';
		d->p += 3;
	} else if (d->end - d->p >= 4 && d->p[1] == 'S' && d->p[2] == 'S' && d->p[3] == '"') {
		memcpy(t, "SS", 3);
		d->p += 4;
	} else {
		if (scan_string(d, &tag) < 0 || tag.dlen > 2 || tag.nul)
			return -1;
		unescape(&tag, t);
	}
	if (!eat(d, ':') || d->p >= d->end)
		return -1;
	if (strcmp(t, "S") == 0 || strcmp(t, "N") == 0) {
		a->tag = t[0] == 'S' ? T_S : T_N;
		if (*d->p != '"' || scan_string(d, &a->s) < 0)
			return -1;
	} else if (strcmp(t, "SS") == 0) {
		struct dstr e;
		a->tag = T_SS;
		if (!eat(d, '['))
			return -1;
		a->ss = (const char *)d->p;
		a->count = 0;
		do {
			if (d->p >= d->end || *d->p != '"' || scan_string(d, &e) < 0 || e.nul)
				return -1;
			a->count++;
			ws(d);
		} while (d->p < d->end && *d->p == ',' && eat(d, ','));
		a->ss_end = (const char *)d->p;
		if (!eat(d, ']'))
			return -1;
	} else
		return -1;
	return eat(d, '}') ? 0 : -1;
}

static bool
kept(const char *name, const char *const *projection)
{
	if (projection == NULL)
		return true;
	for (size_t i = 0; projection[i] != NULL; i++)
		if (strcmp(projection[i], name) == 0)
			return true;
	return false;
}

/* The value of an N (or S) as a NUL-terminated string in small (or a new one when longer). */
static char *
dstr_text(const struct dstr *s, char *small, size_t small_size)
{
	char *out = s->dlen < small_size ? small : xmalloc(s->dlen + 1);

	unescape(s, out);
	return out;
}

static void
text_done(char *text, const char *small)
{
	if (text != small)
		free(text);
}

/* The SS's elements in order (every one scanned already). */
static void
ss_each(const struct dattr *a, struct dstr *out)
{
	struct dec d = { (const unsigned char *)a->ss, (const unsigned char *)a->ss_end };

	for (size_t i = 0; i < a->count; i++) {
		scan_string(&d, &out[i]);
		ws(&d);
		if (i + 1 < a->count)
			eat(&d, ',');
	}
}

/* An attribute's value into rec, as read_field of model_item.c reads it; -1 where that refuses. */
static int
read_value(const struct model_field *f, const struct dattr *a, void *rec)
{
	char small[64];

	switch (f->kind) {
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT: {
		const char *why = NULL;
		long long v;
		int rc;
		if (a->tag != T_N || a->s.nul)
			return -1;
		char *text = dstr_text(&a->s, small, sizeof small);
		rc = f->kind == MODEL_FIELD_NUM ? decimal_parse(text, &v, &why) : decimal_parse_int(text, &v, &why);
		text_done(text, small);
		if (rc < 0)
			return -1;
		model_num_at(rec, f)->set = true;
		model_num_at(rec, f)->v = v;
		return 0;
	}
	case MODEL_FIELD_TAGS: {
		struct model_strset *t = model_tags_at(rec, f);
		struct dstr *el;
		if (a->tag != T_SS)
			return -1;
		model_tags_clear(t);
		el = xcalloc(a->count, sizeof *el);
		ss_each(a, el);
		t->v = xcalloc(a->count, sizeof(char *));
		for (size_t i = 0; i < a->count; i++) {
			char *s = dstr_dup(&el[i]);
			for (size_t j = 0; j < t->n; j++) {
				if (strcmp(t->v[j], s) == 0) {
					free(s);
					free(el);
					return -1;
				}
			}
			t->v[t->n++] = s;
		}
		free(el);
		return 0;
	}
	default: {
		if (a->tag != T_S || a->s.nul)
			return -1;
		char **p = model_str_at(rec, f);
		free(*p);
		*p = dstr_dup(&a->s);
		return 0;
	}
	}
}

/* What DynamoDB counts for the attribute (table_item_size's rules for S, N and SS). */
static size_t
value_size(const struct dattr *a)
{
	char small[64];
	size_t size = 0;

	if (a->tag == T_S)
		return a->s.dlen;
	if (a->tag == T_N) {
		char *text = dstr_text(&a->s, small, sizeof small);
		size = table_number_size(text);
		text_done(text, small);
		return size;
	}
	struct dstr *el = xcalloc(a->count, sizeof *el);
	ss_each(a, el);
	for (size_t i = 0; i < a->count; i++)
		size += el[i].dlen;
	free(el);
	return size;
}

/* Every attribute into rec of entity e; -1 where model_from_item refuses. */
static int
fill(const struct model_entity *e, const struct dattr *a, size_t n, void *rec)
{
	for (size_t i = 0; i < n; i++) {
		const struct model_field *f;
		int id = a[i].id;

		if (!a[i].keep || id == names.type_id)
			continue;
		if (id < 0)
			return -1;
		if (names.key[id] >= 0) {
			if (a[i].tag != T_S || a[i].s.nul)
				return -1;
			continue;
		}
		if (id == names.version_id) {
			char small[64];
			const char *why = NULL;
			long long v;
			int rc;
			if (a[i].tag != T_N || a[i].s.nul)
				return -1;
			char *text = dstr_text(&a[i].s, small, sizeof small);
			rc = decimal_parse_int(text, &v, &why);
			text_done(text, small);
			if (rc < 0)
				return -1;
			((struct model_common *)rec)->version = v;
			continue;
		}
		if ((f = names.common[id]) == NULL && (f = names.field[e->type][id]) == NULL)
			return -1;
		if (read_value(f, &a[i], rec) < 0)
			return -1;
	}
	return 0;
}

int
model_decode(const char *text, size_t len, const char *const *projection, enum model_type *type, void **rec,
    size_t *size)
{
	struct dec d;
	struct dattr a[DECODE_ATTRS];
	const struct model_entity *e = NULL;
	size_t n = 0, sz = 0, unknown[DECODE_ATTRS], nunknown = 0;
	uint64_t seen = 0, kept_ids = 0;
	void *r;

	pthread_once(&names_once, names_init);
	if (names.full || text == NULL)
		return NOT_SURE;
	d.p = (const unsigned char *)text;
	d.end = d.p + len;
	if (!eat(&d, '{'))
		return NOT_SURE;
	for (size_t i = 0; projection != NULL && projection[i] != NULL; i++) {
		int id = name_id(projection[i], strlen(projection[i]));
		if (id >= 0)
			kept_ids |= UINT64_C(1) << id;
	}
	/* No attribute at all: "type: missing". */
	if (d.p >= d.end || *d.p != '"')
		return NOT_SURE;
	for (;;) {
		struct dstr name;

		if (n == DECODE_ATTRS || d.p >= d.end || *d.p != '"' || scan_string(&d, &name) < 0 || name.nul ||
		    name.dlen >= DECODE_NAME)
			return NOT_SURE;
		/* A name as stored is plain: looked up where it stands, copied only when unknown. */
		if (name.esc) {
			unescape(&name, a[n].name);
			a[n].id = name_id(a[n].name, name.dlen);
		} else {
			a[n].id = name_id(name.p, name.n);
			if (a[n].id < 0)
				unescape(&name, a[n].name);
		}
		a[n].name_len = name.dlen;
		/* jansson keeps the last of a name given twice: the reference judges. */
		if (a[n].id >= 0) {
			if (seen & UINT64_C(1) << a[n].id)
				return NOT_SURE;
			seen |= UINT64_C(1) << a[n].id;
			a[n].keep = projection == NULL || (kept_ids & UINT64_C(1) << a[n].id) != 0;
		} else {
			for (size_t i = 0; i < nunknown; i++)
				if (strcmp(a[unknown[i]].name, a[n].name) == 0)
					return NOT_SURE;
			unknown[nunknown++] = n;
			a[n].keep = kept(a[n].name, projection);
		}
		if (!eat(&d, ':') || scan_av(&d, &a[n]) < 0)
			return NOT_SURE;
		n++;
		if (eat(&d, ','))
			continue;
		if (!eat(&d, '}'))
			return NOT_SURE;
		break;
	}
	if (d.p != d.end)
		return NOT_SURE;

	for (size_t i = 0; i < n && e == NULL; i++) {
		char small[64];
		if (!a[i].keep || a[i].id != names.type_id)
			continue;
		if (a[i].tag != T_S || a[i].s.nul)
			return NOT_SURE;
		char *t = dstr_text(&a[i].s, small, sizeof small);
		for (size_t k = 0; k < MODEL_TYPE_COUNT && e == NULL; k++)
			if (strcmp(model_entities[k].type_name, t) == 0)
				e = &model_entities[k];
		text_done(t, small);
		if (e == NULL)
			return NOT_SURE;
	}
	if (e == NULL)
		return NOT_SURE;
	r = model_new(e->type);
	if (fill(e, a, n, r) < 0) {
		model_free(e->type, r);
		return NOT_SURE;
	}
	for (size_t i = 0; i < n; i++)
		sz += a[i].name_len + value_size(&a[i]);
	*type = e->type;
	*rec = r;
	*size = sz;
	return 0;
}

static bool
same_str(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool
same_field(const struct model_field *f, const void *a, const void *b)
{
	if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
		const struct model_num *x = model_num_get(a, f), *y = model_num_get(b, f);
		return x->set == y->set && (!x->set || x->v == y->v);
	}
	if (f->kind == MODEL_FIELD_TAGS) {
		const struct model_strset *x = model_tags_get(a, f), *y = model_tags_get(b, f);
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++)
			if (strcmp(x->v[i], y->v[i]) != 0)
				return false;
		return true;
	}
	return same_str(model_str_get(a, f), model_str_get(b, f));
}

bool
model_same(enum model_type type, const void *a, const void *b)
{
	const struct model_entity *e = model_entity(type);

	if (e == NULL || a == NULL || b == NULL)
		return false;
	if (((const struct model_common *)a)->version != ((const struct model_common *)b)->version)
		return false;
	for (size_t i = 0; i < COMMON_COUNT; i++)
		if (!same_field(&model_common_fields[i], a, b))
			return false;
	for (size_t i = 0; i < e->field_count; i++)
		if (!same_field(&e->fields[i], a, b))
			return false;
	return true;
}
