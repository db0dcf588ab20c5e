/* The model's plain JSON: a record as --json shows it (the data model's attribute names plus id). */
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

/* ---- plain JSON ---- */

static json_t *
num_json(const struct model_field *f, long long v)
{
	if (f->kind == MODEL_FIELD_INT)
		return json_integer(v);
	if (v % 1000 == 0)
		return json_integer(v / 1000);
	return json_real((double)v / 1000.0);
}

/* An object being written member by member (model_write_json). */
struct obj_writer {
	struct buf *b;
	size_t flags;
	int depth;
	size_t n;                /* members so far */
	bool bad;
};

/* The key of the next member, with what goes before it. */
static void
ow_key(struct obj_writer *w, const char *key)
{
	bool compact = (w->flags & JSON_COMPACT) != 0;

	if (w->bad)
		return;
	if ((w->n > 0 && buf_addc(w->b, ',') != 0) ||
	    json_write_indent(w->b, w->flags, w->depth + 1, w->n > 0) != 0 ||
	    json_write_string(w->b, key, strlen(key), w->flags) != 0 ||
	    buf_add(w->b, compact ? ":" : ": ", compact ? 1 : 2) != 0)
		w->bad = true;
	w->n++;
}

static void
ow_str(struct obj_writer *w, const char *key, const char *v, size_t len)
{
	ow_key(w, key);
	if (!w->bad && json_write_string(w->b, v, len, w->flags) != 0)
		w->bad = true;
}

static void
ow_num(struct obj_writer *w, const char *key, const struct model_field *f, long long v)
{
	char text[32];

	ow_key(w, key);
	if (w->bad)
		return;
	/* As num_json: whole numbers as integers, the rest as reals. */
	if (f == NULL || f->kind == MODEL_FIELD_INT || v % 1000 == 0) {
		snprintf(text, sizeof text, "%lld", f == NULL || f->kind == MODEL_FIELD_INT ? v : v / 1000);
		if (buf_adds(w->b, text) != 0)
			w->bad = true;
	} else if (json_write_real(w->b, (double)v / 1000.0, w->flags) != 0) {
		w->bad = true;
	}
}

int
model_write_json(struct buf *b, enum model_type type, const void *rec, size_t flags, int depth)
{
	const struct model_entity *e = model_entity(type);
	struct obj_writer w = { b, flags, depth, 0, false };
	size_t start = b->len;

	if (e == NULL || rec == NULL)
		return -1;
	const struct model_common *c = rec;
	if (buf_addc(b, '{') != 0)
		return -1;
	ow_str(&w, "type", e->type_name, strlen(e->type_name));
	if (e->id_attr != NULL) {
		const char *id = model_id(type, rec);
		if (id != NULL)
			ow_str(&w, "id", id, strlen(id));
	} else {
		const char *goal = model_str_by_attr(e, rec, "goalId"), *at = model_str_by_attr(e, rec, "occurredAt");
		if (goal != NULL && at != NULL) {
			char *id = xasprintf("%s/%s", goal, at);
			ow_str(&w, "id", id, strlen(id));
			free(id);
		}
	}
	if (c->user_id != NULL)
		ow_str(&w, "userId", c->user_id, strlen(c->user_id));
	for (size_t i = 0; i < e->field_count && !w.bad; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			if (model_tags_get(rec, f)->n > 0) {
				json_t *arr = model_tags_array(model_tags_get(rec, f));
				ow_key(&w, f->attr);
				if (arr == NULL || (!w.bad && json_write_at(b, arr, flags, depth + 1) != 0))
					w.bad = true;
				json_decref(arr);
			}
		} else if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			if (model_num_get(rec, f)->set)
				ow_num(&w, f->attr, f, model_num_get(rec, f)->v);
		} else if (model_str_get(rec, f) != NULL) {
			ow_str(&w, f->attr, model_str_get(rec, f), strlen(model_str_get(rec, f)));
		}
	}
	if (c->created_at != NULL)
		ow_str(&w, "createdAt", c->created_at, strlen(c->created_at));
	if (c->updated_at != NULL)
		ow_str(&w, "updatedAt", c->updated_at, strlen(c->updated_at));
	ow_num(&w, "version", NULL, c->version);
	if (w.bad || json_write_indent(b, flags, depth, false) != 0 || buf_addc(b, '}') != 0) {
		b->len = start;
		if (b->data != NULL)
			b->data[start] = '\0';
		return -1;
	}
	return 0;
}

json_t *
model_to_json(enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);
	bool bad = false;

	if (e == NULL || rec == NULL)
		return NULL;
	const struct model_common *c = rec;
	json_t *out = json_object();
	model_put(out, "type", json_string(e->type_name), &bad);
	if (e->id_attr != NULL) {
		if (model_id(type, rec) != NULL)
			model_put(out, "id", json_string(model_id(type, rec)), &bad);
	} else {
		/* An activity has no id of its own: its goal and moment name it ('/' is no key separator). */
		const char *goal = model_str_by_attr(e, rec, "goalId"), *at = model_str_by_attr(e, rec, "occurredAt");
		if (goal != NULL && at != NULL) {
			char *id = xasprintf("%s/%s", goal, at);
			model_put(out, "id", json_string(id), &bad);
			free(id);
		}
	}
	if (c->user_id != NULL)
		model_put(out, "userId", json_string(c->user_id), &bad);
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind == MODEL_FIELD_TAGS) {
			if (model_tags_get(rec, f)->n > 0)
				model_put(out, f->attr, model_tags_array(model_tags_get(rec, f)), &bad);
		} else if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			if (model_num_get(rec, f)->set)
				model_put(out, f->attr, num_json(f, model_num_get(rec, f)->v), &bad);
		} else if (model_str_get(rec, f) != NULL) {
			model_put(out, f->attr, json_string(model_str_get(rec, f)), &bad);
		}
	}
	if (c->created_at != NULL)
		model_put(out, "createdAt", json_string(c->created_at), &bad);
	if (c->updated_at != NULL)
		model_put(out, "updatedAt", json_string(c->updated_at), &bad);
	model_put(out, "version", json_integer(c->version), &bad);
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}
