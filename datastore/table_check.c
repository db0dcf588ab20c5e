/*
 * DynamoDB's request rules, made before a request reaches a backend. The
 * embedded store is the reference: what DynamoDB refuses, it refuses up
 * front, and the DynamoDB backend refuses the same without sending, so both
 * answer a bad request alike.
 */
#include "datastore/table_check.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

int
table_check_table_name(const char *name, struct table_err *err)
{
	size_t n = 0;

	if (name == NULL)
		goto bad;
	for (const char *p = name; *p != '\0'; p++, n++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_' || *p == '.' || *p == '-'))
			goto bad;
	if (n >= 3 && n <= 255)
		return 0;
bad:
	return table_err_set(err, TABLE_INVALID,
	    "table name \"%.255s\" is not valid: 3 to 255 of letters, digits, '_', '.', '-'",
	    name != NULL ? name : "");
}

static bool
table_check_utf8(const char *s)
{
	return utf8_valid(s, strlen(s));
}

/* DynamoDB's number syntax: [-]digits[.digits][e[+-]digits], at most 38 significant digits. */
static bool
table_check_number(const char *s)
{
	const char *p = s, *first = NULL, *last = NULL;
	bool digit = false;
	size_t sig = 0;

	if (*p == '-')
		p++;
	for (; (*p >= '0' && *p <= '9') || *p == '.'; p++) {
		if (*p == '.') {
			if (strchr(p + 1, '.') != NULL)
				return false;
			continue;
		}
		digit = true;
		if (*p != '0') {
			if (first == NULL)
				first = p;
			last = p;
		}
	}
	if (!digit)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != '\0')
		return false;
	if (first != NULL)
		for (const char *q = first; q <= last; q++)
			if (*q != '.')
				sig++;
	return sig <= TABLE_CHECK_NUMBER_DIGITS;
}

static int
table_check_strptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
table_check_set(json_t *v, const char *type, const char *name, struct table_err *err)
{
	size_t n = json_array_size(v), i;
	const char **vals;
	json_t *e;
	int rc = 0;

	if (!json_is_array(v) || n == 0)
		return table_err_set(err, TABLE_INVALID,
		    "attribute %s: a set (%s) must hold at least one value", name, type);
	vals = xcalloc(n, sizeof *vals);
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) ||
		    (type[0] == 'N' && !table_check_number(json_string_value(e)))) {
			rc = table_err_set(err, TABLE_INVALID,
			    "attribute %s: a value of the %s set is not valid", name, type);
			goto out;
		}
		vals[i] = json_string_value(e);
	}
	qsort(vals, n, sizeof *vals, table_check_strptr_cmp);
	for (i = 1; i < n; i++)
		if (strcmp(vals[i - 1], vals[i]) == 0) {
			rc = table_err_set(err, TABLE_INVALID,
			    "attribute %s: the %s set holds a duplicate value", name, type);
			goto out;
		}
out:
	free(vals);
	return rc;
}

static int
table_check_value_at(json_t *av, const char *name, int depth, struct table_err *err)
{
	const char *type, *k;
	json_t *v, *e;
	size_t i;
	void *it;

	if (depth > TABLE_CHECK_DEPTH_MAX)
		return table_err_set(err, TABLE_INVALID, "attribute %s is nested too deeply", name);
	if (!json_is_object(av) || json_object_size(av) != 1)
		return table_err_set(err, TABLE_INVALID,
		    "attribute %s is not an attribute value like {\"S\":\"text\"}", name);
	it = json_object_iter(av);
	type = json_object_iter_key(it);
	v = json_object_iter_value(it);
	if (strcmp(type, "S") == 0 || strcmp(type, "B") == 0) {
		if (json_is_string(v))
			return 0;
	} else if (strcmp(type, "N") == 0) {
		if (json_is_string(v) && table_check_number(json_string_value(v)))
			return 0;
	} else if (strcmp(type, "BOOL") == 0) {
		if (json_is_boolean(v))
			return 0;
	} else if (strcmp(type, "NULL") == 0) {
		if (json_is_true(v))
			return 0;
	} else if (strcmp(type, "SS") == 0 || strcmp(type, "NS") == 0 || strcmp(type, "BS") == 0) {
		return table_check_set(v, type, name, err);
	} else if (strcmp(type, "L") == 0) {
		if (json_is_array(v)) {
			json_array_foreach(v, i, e)
				if (table_check_value_at(e, name, depth + 1, err) != 0)
					return -1;
			return 0;
		}
	} else if (strcmp(type, "M") == 0) {
		if (json_is_object(v)) {
			json_object_foreach(v, k, e)
				if (table_check_value_at(e, name, depth + 1, err) != 0)
					return -1;
			return 0;
		}
	} else
		return table_err_set(err, TABLE_INVALID, "attribute %s has an unknown type %s",
		    name, type);
	return table_err_set(err, TABLE_INVALID, "attribute %s: not a valid %s value", name, type);
}

int
table_check_value(json_t *av, const char *name, struct table_err *err)
{
	return table_check_value_at(av, name, 0, err);
}

/* A key attribute: a non-empty S within DynamoDB's length limit. */
static int
table_check_key_value(json_t *obj, const char *name, size_t max, bool required,
    const char **out, struct table_err *err)
{
	json_t *av = json_object_get(obj, name);
	const char *s;

	*out = NULL;
	if (av == NULL) {
		if (required)
			return table_err_set(err, TABLE_INVALID, "key attribute %s is missing", name);
		return 0;
	}
	s = table_item_str(obj, name);
	if (s == NULL)
		return table_err_set(err, TABLE_INVALID,
		    "key attribute %s must be a string (S)", name);
	if (*s == '\0')
		return table_err_set(err, TABLE_INVALID,
		    "key attribute %s cannot be an empty string", name);
	if (strlen(s) > max)
		return table_err_set(err, TABLE_INVALID,
		    "key attribute %s is longer than %zu bytes", name, max);
	*out = s;
	return 0;
}

int
table_check_key(json_t *key, struct table_keys *k, struct table_err *err)
{
	memset(k, 0, sizeof *k);
	if (!json_is_object(key))
		return table_err_set(err, TABLE_INVALID, "the key is not an object");
	if (table_check_key_value(key, "PK", TABLE_CHECK_PK_MAX, true, &k->pk, err) != 0 ||
	    table_check_key_value(key, "SK", TABLE_CHECK_SK_MAX, true, &k->sk, err) != 0)
		return -1;
	if (json_object_size(key) != 2)
		return table_err_set(err, TABLE_INVALID,
		    "the key must hold PK and SK and nothing else");
	return 0;
}

int
table_check_item(json_t *item, struct table_keys *k, struct table_err *err)
{
	const char *name;
	json_t *av;
	size_t size;

	memset(k, 0, sizeof *k);
	if (!json_is_object(item))
		return table_err_set(err, TABLE_INVALID, "the item is not an object");
	json_object_foreach(item, name, av) {
		if (*name == '\0')
			return table_err_set(err, TABLE_INVALID, "an attribute name is empty");
		if (table_check_value(av, name, err) != 0)
			return -1;
	}
	if (table_check_key_value(item, "PK", TABLE_CHECK_PK_MAX, true, &k->pk, err) != 0 ||
	    table_check_key_value(item, "SK", TABLE_CHECK_SK_MAX, true, &k->sk, err) != 0)
		return -1;
	for (int g = 0; g < TABLE_CHECK_GSI_COUNT; g++) {
		enum table_index ix = (enum table_index)(TABLE_INDEX_GSI1 + g);
		const char *p, *s;

		if (table_check_key_value(item, table_index_pk_name(ix), TABLE_CHECK_PK_MAX, false,
		    &p, err) != 0 ||
		    table_check_key_value(item, table_index_sk_name(ix), TABLE_CHECK_SK_MAX, false,
		    &s, err) != 0)
			return -1;
		if (p != NULL && s != NULL) {
			k->gsi[g][0] = p;
			k->gsi[g][1] = s;
		}
	}
	size = table_item_size(item);
	if (size > TABLE_ITEM_MAX)
		return table_err_set(err, TABLE_TOO_LARGE,
		    "item size %zu bytes exceeds the 400 KB item limit", size);
	return 0;
}

int
table_check_cond(const struct table_cond *cond, struct table_err *err)
{
	if (cond == NULL)
		return 0;
	switch (cond->kind) {
	case TABLE_COND_NONE:
	case TABLE_COND_NOT_EXISTS:
	case TABLE_COND_EXISTS:
	case TABLE_COND_VERSION:
		return 0;
	}
	return table_err_set(err, TABLE_INVALID, "unknown condition kind %d", (int)cond->kind);
}

static bool
table_check_is_key_attr(const char *attr)
{
	return strcmp(attr, "PK") == 0 || strcmp(attr, "SK") == 0;
}

int
table_check_update(const struct table_update *upd, struct table_err *err)
{
	if (upd == NULL)
		return 0;
	if (upd->count > 0 && upd->actions == NULL)
		return table_err_set(err, TABLE_INVALID, "update actions are missing");
	for (size_t i = 0; i < upd->count; i++) {
		const struct table_update_action *a = &upd->actions[i];
		const char *why;
		long long milli;

		if (a->attr == NULL || *a->attr == '\0')
			return table_err_set(err, TABLE_INVALID, "update action %zu has no attribute", i);
		if (!table_check_utf8(a->attr))
			return table_err_set(err, TABLE_INVALID,
			    "update action %zu: the attribute name is not valid UTF-8", i);
		if (table_check_is_key_attr(a->attr))
			return table_err_set(err, TABLE_INVALID,
			    "cannot update attribute %s: it is part of the key", a->attr);
		for (size_t j = 0; j < i; j++)
			if (strcmp(upd->actions[j].attr, a->attr) == 0)
				return table_err_set(err, TABLE_INVALID,
				    "attribute %s is updated twice in one update", a->attr);
		switch (a->kind) {
		case TABLE_UPDATE_SET:
			if (table_check_value(a->value, a->attr, err) != 0)
				return -1;
			break;
		case TABLE_UPDATE_REMOVE:
			break;
		case TABLE_UPDATE_ADD:
			/* The embedded store adds exact decimals only; DynamoDB is held to the same. */
			if (!json_is_object(a->value) || json_object_size(a->value) != 1 ||
			    !json_is_string(json_object_get(a->value, "N")))
				return table_err_set(err, TABLE_INVALID,
				    "ADD %s: the value must be a number (N)", a->attr);
			if (decimal_parse(json_string_value(json_object_get(a->value, "N")),
			    &milli, &why) != 0)
				return table_err_set(err, TABLE_INVALID, "ADD %s: %s", a->attr, why);
			break;
		default:
			return table_err_set(err, TABLE_INVALID, "unknown update action %d",
			    (int)a->kind);
		}
	}
	return 0;
}

static int
table_check_operand(const char *s, const char *what, struct table_err *err)
{
	if (s == NULL || *s == '\0')
		return table_err_set(err, TABLE_INVALID, "the query's %s cannot be empty", what);
	if (!table_check_utf8(s))
		return table_err_set(err, TABLE_INVALID, "the query's %s is not valid UTF-8", what);
	return 0;
}

/* Whether the sort key value v meets the query's key condition (bytewise, as DynamoDB compares). */
static bool
table_check_key_holds(const struct table_query *q, const char *v)
{
	switch (q->sk_op) {
	case TABLE_KEY_ANY:
		return true;
	case TABLE_KEY_EQ:
		return strcmp(v, q->sk_a) == 0;
	case TABLE_KEY_BEGINS_WITH:
		return strncmp(v, q->sk_a, strlen(q->sk_a)) == 0;
	case TABLE_KEY_BETWEEN:
		return strcmp(v, q->sk_a) >= 0 && strcmp(v, q->sk_b) <= 0;
	case TABLE_KEY_LT:
		return strcmp(v, q->sk_a) < 0;
	case TABLE_KEY_LE:
		return strcmp(v, q->sk_a) <= 0;
	case TABLE_KEY_GT:
		return strcmp(v, q->sk_a) > 0;
	case TABLE_KEY_GE:
		return strcmp(v, q->sk_a) >= 0;
	}
	return false;
}

/*
 * The cursor as an ExclusiveStartKey: exactly the index's key attributes, the
 * query's partition, inside the key condition. DynamoDB would refuse some of
 * these itself, some not (a cursor of another partition of the same index
 * reads that partition).
 */
static json_t *
table_check_cursor(const struct table_query *q, struct table_err *err)
{
	json_t *cur = table_cursor_decode(q->cursor);
	const char *ipk, *isk;
	size_t want = q->index == TABLE_INDEX_MAIN ? 2 : 4;

	if (cur == NULL) {
		table_err_set(err, TABLE_INVALID, "the cursor is not valid");
		return NULL;
	}
	ipk = table_item_str(cur, table_index_pk_name(q->index));
	isk = table_item_str(cur, table_index_sk_name(q->index));
	if (json_object_size(cur) != want || table_item_str(cur, "PK") == NULL ||
	    table_item_str(cur, "SK") == NULL || ipk == NULL || isk == NULL ||
	    strcmp(ipk, q->pk) != 0) {
		json_decref(cur);
		table_err_set(err, TABLE_INVALID, "the cursor does not belong to this query");
		return NULL;
	}
	if (!table_check_key_holds(q, isk)) {
		json_decref(cur);
		table_err_set(err, TABLE_INVALID,
		    "the cursor lies outside the query's key condition");
		return NULL;
	}
	return cur;
}

int
table_check_query(const struct table_query *q, json_t **start, struct table_err *err)
{
	json_t *cur;

	if (start != NULL)
		*start = NULL;
	if (q == NULL)
		return table_err_set(err, TABLE_INVALID, "no query");
	if ((int)q->index < 0 || (int)q->index >= TABLE_INDEX_COUNT)
		return table_err_set(err, TABLE_INVALID, "unknown index %d", (int)q->index);
	if ((int)q->sk_op < (int)TABLE_KEY_ANY || (int)q->sk_op > (int)TABLE_KEY_GE)
		return table_err_set(err, TABLE_INVALID, "unknown key condition %d", (int)q->sk_op);
	if (table_check_operand(q->pk, "partition key", err) != 0)
		return -1;
	if (q->sk_op != TABLE_KEY_ANY && table_check_operand(q->sk_a, "sort key value", err) != 0)
		return -1;
	if (q->sk_op == TABLE_KEY_BETWEEN) {
		if (table_check_operand(q->sk_b, "upper sort key value", err) != 0)
			return -1;
		if (strcmp(q->sk_a, q->sk_b) > 0)
			return table_err_set(err, TABLE_INVALID,
			    "BETWEEN needs the lower bound (%s) at or below the upper bound (%s)",
			    q->sk_a, q->sk_b);
	}
	if (q->projection != NULL)
		for (size_t i = 0; q->projection[i] != NULL; i++) {
			if (*q->projection[i] == '\0')
				return table_err_set(err, TABLE_INVALID,
				    "an attribute name of the projection is empty");
			if (!table_check_utf8(q->projection[i]))
				return table_err_set(err, TABLE_INVALID,
				    "an attribute name of the projection is not valid UTF-8");
		}
	if (q->cursor == NULL)
		return 0;
	if ((cur = table_check_cursor(q, err)) == NULL)
		return -1;
	if (start != NULL)
		*start = cur;
	else
		json_decref(cur);
	return 0;
}

static int
table_check_write_kind(const struct table_write *w, bool batch, struct table_keys *k,
    struct table_err *err)
{
	int rc = -1;

	switch (w->kind) {
	case TABLE_WRITE_PUT:
		rc = table_check_item(w->item, k, err);
		break;
	case TABLE_WRITE_UPDATE:
		if (batch)
			return table_err_set(err, TABLE_INVALID, "a batch holds only puts and deletes");
		rc = table_check_key(w->key, k, err);
		if (rc == 0)
			rc = table_check_update(&w->update, err);
		break;
	case TABLE_WRITE_DELETE:
		rc = table_check_key(w->key, k, err);
		break;
	case TABLE_WRITE_CHECK:
		if (batch)
			return table_err_set(err, TABLE_INVALID, "a batch holds only puts and deletes");
		rc = table_check_key(w->key, k, err);
		if (rc == 0 && w->cond.kind == TABLE_COND_NONE)
			rc = table_err_set(err, TABLE_INVALID, "a condition check needs a condition");
		break;
	default:
		return table_err_set(err, TABLE_INVALID, "unknown write kind %d", (int)w->kind);
	}
	if (rc == 0)
		rc = table_check_cond(&w->cond, err);
	if (rc == 0 && batch && w->cond.kind != TABLE_COND_NONE)
		rc = table_err_set(err, TABLE_INVALID, "a batch write cannot carry a condition");
	return rc;
}

int
table_check_write(const struct table_write *w, size_t i, bool batch,
    table_check_foreign_fn foreign, struct table_keys *k, struct table_err *err)
{
	int rc;

	memset(k, 0, sizeof *k);
	if (w->table == NULL)
		rc = table_check_write_kind(w, batch, k, err);
	else if (foreign != NULL)
		rc = foreign(w, batch, err);
	else
		rc = table_err_set(err, TABLE_INVALID, "table %s: this store writes only its own table",
		    w->table);
	if (rc != 0 && err != NULL) {
		char msg[sizeof err->message];

		memcpy(msg, err->message, sizeof msg);
		table_err_set(err, err->status, "write %zu: %s", i, msg);
		err->index = (int)i;
	}
	return rc;
}

int
table_check_transact(const struct table_write *w, size_t n, const char *token,
    table_check_foreign_fn foreign, struct table_keys *keys, struct table_err *err)
{
	struct table_keys *k = keys;
	int rc = 0;

	if (n == 0 || w == NULL)
		return table_err_set(err, TABLE_INVALID, "a transaction needs at least one write");
	if (n > TABLE_TRANSACT_MAX)
		return table_err_set(err, TABLE_INVALID,
		    "a transaction holds at most %d writes, not %zu", TABLE_TRANSACT_MAX, n);
	if (k == NULL)
		k = xcalloc(n, sizeof *k);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (table_check_write(&w[i], i, false, foreign, &k[i], err) != 0) {
			rc = -1;
			break;
		}
		/* Writes to another table have no keys here: DynamoDB judges those. */
		for (size_t j = 0; j < i && k[i].pk != NULL; j++)
			if (k[j].pk != NULL && strcmp(k[i].pk, k[j].pk) == 0 &&
			    strcmp(k[i].sk, k[j].sk) == 0) {
				rc = table_err_set(err, TABLE_INVALID,
				    "a transaction cannot include more than one write on one item"
				    " (%s / %s: writes %zu and %zu)", k[i].pk, k[i].sk, j, i);
				if (err != NULL)
					err->index = (int)i;
				break;
			}
	}
	if (rc == 0 && token != NULL)
		rc = table_check_token(token, err);
	if (k != keys)
		free(k);
	return rc;
}

int
table_check_batch(const struct table_write *w, size_t n, table_check_foreign_fn foreign,
    struct table_keys *keys, struct table_err *err)
{
	struct table_keys k;

	if (n == 0)
		return 0;
	if (w == NULL)
		return table_err_set(err, TABLE_INVALID, "a batch without writes");
	for (size_t i = 0; i < n; i++)
		if (table_check_write(&w[i], i, true, foreign, keys != NULL ? &keys[i] : &k, err) != 0)
			return -1;
	return 0;
}

int
table_check_token(const char *token, struct table_err *err)
{
	size_t n = token != NULL ? strlen(token) : 0;

	if (n == 0 || n > TABLE_CHECK_TOKEN_MAX)
		return table_err_set(err, TABLE_INVALID,
		    "an idempotency token has 1 to %d characters, not %zu", TABLE_CHECK_TOKEN_MAX, n);
	for (const char *p = token; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return table_err_set(err, TABLE_INVALID,
			    "an idempotency token is printable ASCII");
	return 0;
}
