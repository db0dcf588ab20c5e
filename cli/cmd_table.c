/* table create / table check: the table of data-model.md, and how a live table differs from it. */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "util/xmalloc.h"

/* "PK HASH, SK RANGE" of a KeySchema array. */
static char *
key_schema_text(json_t *ks)
{
	struct buf b;
	size_t i;
	json_t *el;
	buf_init(&b, 0);
	json_array_foreach(ks, i, el) {
		const char *name = json_string_value(json_object_get(el, "AttributeName"));
		const char *type = json_string_value(json_object_get(el, "KeyType"));
		buf_printf(&b, "%s%s %s", i ? ", " : "", name ? name : "?", type ? type : "?");
	}
	return buf_steal(&b);
}

static json_t *
find_index(json_t *gsis, const char *name)
{
	size_t i;
	json_t *el;
	json_array_foreach(gsis, i, el) {
		const char *n = json_string_value(json_object_get(el, "IndexName"));
		if (n != NULL && strcmp(n, name) == 0)
			return el;
	}
	return NULL;
}

static const char *
attr_type(json_t *defs, const char *name)
{
	size_t i;
	json_t *el;
	json_array_foreach(defs, i, el) {
		const char *n = json_string_value(json_object_get(el, "AttributeName"));
		if (n != NULL && strcmp(n, name) == 0)
			return json_string_value(json_object_get(el, "AttributeType"));
	}
	return NULL;
}

static void
diff_line(struct buf *d, const char *what, const char *want, const char *have)
{
	buf_printf(d, "  %s: expected %s, found %s\n", what, want, have);
}

/* Compares a DescribeTable answer with the table of data-model.md; differences go to d. */
static void
table_diff(json_t *have_doc, json_t *want_doc, struct buf *d)
{
	json_t *have = json_object_get(have_doc, "Table"), *want = json_object_get(want_doc, "Table");
	char *a = key_schema_text(json_object_get(want, "KeySchema"));
	char *b = key_schema_text(json_object_get(have, "KeySchema"));
	if (strcmp(a, b) != 0)
		diff_line(d, "primary key", a, b);
	free(a);
	free(b);
	size_t i;
	json_t *el;
	json_array_foreach(json_object_get(want, "AttributeDefinitions"), i, el) {
		const char *name = json_string_value(json_object_get(el, "AttributeName"));
		const char *wt = json_string_value(json_object_get(el, "AttributeType"));
		const char *ht = attr_type(json_object_get(have, "AttributeDefinitions"), name);
		if (ht == NULL || strcmp(ht, wt) != 0) {
			char what[96];
			snprintf(what, sizeof what, "attribute %s", name);
			diff_line(d, what, wt, ht != NULL ? ht : "no definition");
		}
	}
	json_t *wg = json_object_get(want, "GlobalSecondaryIndexes"), *hg = json_object_get(have, "GlobalSecondaryIndexes");
	json_array_foreach(wg, i, el) {
		const char *name = json_string_value(json_object_get(el, "IndexName"));
		json_t *h = find_index(hg, name);
		char what[96];
		snprintf(what, sizeof what, "index %s", name);
		if (h == NULL) {
			diff_line(d, what, "present", "missing");
			continue;
		}
		a = key_schema_text(json_object_get(el, "KeySchema"));
		b = key_schema_text(json_object_get(h, "KeySchema"));
		if (strcmp(a, b) != 0)
			diff_line(d, what, a, b);
		free(a);
		free(b);
		const char *wp = json_string_value(json_object_get(json_object_get(el, "Projection"), "ProjectionType"));
		const char *hp = json_string_value(json_object_get(json_object_get(h, "Projection"), "ProjectionType"));
		snprintf(what, sizeof what, "index %s projection", name);
		if (hp == NULL || strcmp(wp, hp) != 0)
			diff_line(d, what, wp, hp != NULL ? hp : "none");
	}
	json_array_foreach(hg, i, el) {
		const char *name = json_string_value(json_object_get(el, "IndexName"));
		if (name != NULL && find_index(wg, name) == NULL) {
			char what[96];
			snprintf(what, sizeof what, "index %s", name);
			diff_line(d, what, "absent", "present (not in the data model)");
		}
	}
	const char *wb = json_string_value(json_object_get(json_object_get(want, "BillingModeSummary"), "BillingMode"));
	const char *hb = json_string_value(json_object_get(json_object_get(have, "BillingModeSummary"), "BillingMode"));
	if (hb == NULL)
		hb = "PROVISIONED";
	if (strcmp(wb, hb) != 0)
		diff_line(d, "billing mode", wb, hb);
}

int
cmd_table(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	int rc;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, "table", "missing subcommand (create or check)");
	bool create = strcmp(argv[0], "create") == 0;
	if (!create && strcmp(argv[0], "check") != 0)
		return cli_fail_unknown(c, "table", "subcommand", argv[0], NULL);
	if ((rc = cli_parse(c, create ? "table create" : "table check", argc - 1, argv + 1, NULL, 0, 0,
	    NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_open_store(c)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (create) {
		bool created = false;
		if (table_create(c->t, &created, &err) != 0)
			return cli_table_fail(c, "table create", &err);
		if (c->json)
			cli_print_json(c, json_pack("{ss sb}", "table", c->t->name, "created", created));
		else
			fprintf(c->out, created ? "created table %s\n" : "table %s exists\n", c->t->name);
		return CLI_OK;
	}
	json_t *have = NULL;
	if (table_describe(c->t, &have, &err) != 0)
		return cli_table_fail(c, "table check", &err);
	json_t *want = table_expected_description(c->t->name);
	struct buf d;
	buf_init(&d, 0);
	table_diff(have, want, &d);
	bool same = d.len == 0;
	if (c->json) {
		cli_print_json(c, json_pack("{ss sb ss}", "table", c->t->name, "matches", same, "differences",
		    d.data != NULL ? d.data : ""));
	} else if (same) {
		fprintf(c->out, "table %s matches the data model (PK/SK, GSI1-3, on-demand)\n", c->t->name);
	} else {
		fprintf(c->out, "table %s differs from the data model:\n%s", c->t->name, d.data);
	}
	buf_done(&d);
	json_decref(have);
	json_decref(want);
	return same ? CLI_OK : CLI_FAIL;
}
