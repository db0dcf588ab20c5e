/*
 * What --explain prints instead of sending a request: one line for people
 * (placeholders replaced by names and values, made inert for a terminal)
 * and the request body itself. Only display: nothing here is ever sent.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb_int.h"
#include "util/buf.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

/* ---- --explain: one human line per request ---- */

/* An attribute value for people: strings quoted and escaped (inert on a terminal), numbers bare. */
static void
explain_value(json_t *av, struct buf *b)
{
	json_t *v;
	char *text;

	if (ddb_av_shape(av)) {
		if ((v = json_object_get(av, "S")) != NULL && json_is_string(v)) {
			text = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
			buf_adds(b, text != NULL ? text : "?");
			free(text);
			return;
		}
		if ((v = json_object_get(av, "N")) != NULL && json_is_string(v)) {
			text = json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
			/* Strip the quotes of a plain number; anything odd stays quoted. */
			if (text != NULL && strspn(json_string_value(v), "0123456789.-+eE") ==
			    strlen(json_string_value(v)))
				buf_add(b, text + 1, strlen(text) - 2);
			else
				buf_adds(b, text != NULL ? text : "?");
			free(text);
			return;
		}
	}
	text = json_dumps(av, JSON_COMPACT | JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
	buf_adds(b, text != NULL ? text : "?");
	free(text);
}

/* An expression with its placeholders replaced, for display only. */
static void
explain_expr(const char *expr, json_t *names, json_t *values, struct buf *b)
{
	const char *p = expr;

	while (*p != '\0') {
		if ((*p == '#' || *p == ':') && p[1] != '\0' &&
		    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_", p[1])) {
			size_t n = 1 + strspn(p + 1,
			    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			char *ph = xstrndup(p, n);
			json_t *v = json_object_get(*p == '#' ? names : values, ph);

			if (*p == '#' && json_is_string(v)) {
				char *inert = utf8_inert(json_string_value(v), false);

				buf_adds(b, inert);
				free(inert);
			} else if (*p == ':' && v != NULL)
				explain_value(v, b);
			else
				buf_add(b, p, n);
			free(ph);
			p += n;
			continue;
		}
		buf_addc(b, *p++);
	}
}

static void
explain_member(json_t *req, const char *member, const char *label, struct buf *b)
{
	json_t *e = json_object_get(req, member);

	if (!json_is_string(e))
		return;
	buf_printf(b, " %s", label);
	explain_expr(json_string_value(e), json_object_get(req, "ExpressionAttributeNames"),
	    json_object_get(req, "ExpressionAttributeValues"), b);
}

static void
explain_key(json_t *key, struct buf *b)
{
	const char *name;
	json_t *av;
	bool first = true;

	json_object_foreach(key, name, av) {
		char *inert;

		if (strcmp(name, "PK") != 0 && strcmp(name, "SK") != 0)
			continue;
		inert = utf8_inert(name, false);
		buf_printf(b, "%s%s = ", first ? "" : ", ", inert);
		free(inert);
		explain_value(av, b);
		first = false;
	}
}

/* One write of a request (Put/Update/Delete/ConditionCheck body). */
static void
explain_write(const char *kind, json_t *body, struct buf *b)
{
	json_t *item = json_object_get(body, "Item");

	buf_printf(b, "%s ", kind);
	explain_key(item != NULL ? item : json_object_get(body, "Key"), b);
	if (item != NULL)
		buf_printf(b, " (%zu attributes)", json_object_size(item));
	explain_member(body, "UpdateExpression", "update: ", b);
	explain_member(body, "ConditionExpression", "if ", b);
}

char *
ddb_explain_line(const char *op, json_t *body)
{
	const char *table = json_string_value(json_object_get(body, "TableName"));
	struct buf b;
	json_t *v;

	buf_init(&b, 0);
	buf_adds(&b, op);
	if (table != NULL)
		buf_printf(&b, " table=%s", table);
	if (strcmp(op, "Query") == 0) {
		json_t *lim = json_object_get(body, "Limit");

		if (json_is_string(v = json_object_get(body, "IndexName")))
			buf_printf(&b, " index=%s", json_string_value(v));
		explain_member(body, "KeyConditionExpression", "key: ", &b);
		explain_member(body, "ProjectionExpression", "attributes: ", &b);
		buf_printf(&b, " (limit %lld, %s%s)", json_is_integer(lim) ?
		    (long long)json_integer_value(lim) : 0LL,
		    json_is_false(json_object_get(body, "ScanIndexForward")) ? "newest first" :
		    "oldest first",
		    json_object_get(body, "ExclusiveStartKey") != NULL ? ", after the cursor" : "");
	} else if (strcmp(op, "GetItem") == 0) {
		buf_adds(&b, " key: ");
		explain_key(json_object_get(body, "Key"), &b);
	} else if (strcmp(op, "PutItem") == 0) {
		buf_adds(&b, " ");
		explain_write("item:", body, &b);
	} else if (strcmp(op, "UpdateItem") == 0 || strcmp(op, "DeleteItem") == 0) {
		buf_adds(&b, " ");
		explain_write("key:", body, &b);
	} else if (strcmp(op, "TransactWriteItems") == 0) {
		json_t *items = json_object_get(body, "TransactItems"), *it;
		size_t i;

		buf_printf(&b, " %zu writes:", json_array_size(items));
		json_array_foreach(items, i, it) {
			const char *kind = json_object_iter_key(json_object_iter(it));
			json_t *w = json_object_iter_value(json_object_iter(it));

			if (kind == NULL || !json_is_object(w))
				continue;
			if (table == NULL && json_is_string(json_object_get(w, "TableName"))) {
				table = json_string_value(json_object_get(w, "TableName"));
				buf_printf(&b, " table=%s", table);
			}
			buf_adds(&b, i == 0 ? " " : "; ");
			explain_write(kind, w, &b);
		}
	} else if (strcmp(op, "BatchWriteItem") == 0) {
		json_t *ri = json_object_get(body, "RequestItems"), *reqs, *r;
		const char *name;
		size_t puts = 0, dels = 0, i;

		json_object_foreach(ri, name, reqs) {
			buf_printf(&b, " table=%s", name);
			json_array_foreach(reqs, i, r) {
				if (json_object_get(r, "PutRequest") != NULL)
					puts++;
				else
					dels++;
			}
		}
		buf_printf(&b, " %zu puts, %zu deletes", puts, dels);
	}
	return buf_steal(&b);
}

/* --explain: the call printed (line and body) instead of sent. */
void
ddb_explain_call(struct ddb *d, struct ddb_call *c)
{
	FILE *out = d->explain_out != NULL ? d->explain_out : stdout;
	char *line = ddb_explain_line(c->op, c->req);
	char *pretty = json_dumps(c->req, JSON_INDENT(2) | JSON_ENSURE_ASCII);

	fprintf(out, "%s\n%s\n", line, pretty != NULL ? pretty : "{}");
	fflush(out);
	free(line);
	free(pretty);
}
