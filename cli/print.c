/* How records and lists print: aligned text for people, JSON for scripts. */
#include "cli/print.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/names.h"
#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/present.h"
#include "util/buf.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

void
entity_print(struct cli *c, enum model_type type, const void *rec)
{
	const struct model_entity *e = model_entity(type);
	const struct model_common *common = rec;
	char local[64];
	if (c->json) {
		cli_print_json(c, model_to_json(type, rec));
		return;
	}
	struct cli_table *tb = cli_table_new(2, (const char *const[]){ "", "" });
	const char *id = model_id(type, rec);
	if (id != NULL)
		cli_table_row(tb, (const char *const[]){ "id:", id });
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (e->id_attr != NULL && strcmp(f->attr, e->id_attr) == 0)
			continue;
		/* Times the command line cannot read show as cli_local_time shows them. */
		char *text = present_field(rec, f, "?");
		if (text == NULL)
			continue;
		char label[64];
		snprintf(label, sizeof label, "%s:", f->attr);
		if (f->kind == MODEL_FIELD_LONGTEXT && strchr(text, '\n') != NULL) {
			/* Long text goes after the table, line by line. */
			free(text);
			continue;
		}
		cli_table_row(tb, (const char *const[]){ label, text });
		free(text);
	}
	cli_local_time(common->created_at, local, sizeof local);
	cli_table_row(tb, (const char *const[]){ "created:", local });
	cli_local_time(common->updated_at, local, sizeof local);
	char ver[32];
	snprintf(ver, sizeof ver, "%lld", common->version);
	cli_table_row(tb, (const char *const[]){ "updated:", local });
	cli_table_row(tb, (const char *const[]){ "version:", ver });
	cli_table_print_body(tb, c->out);
	cli_table_free(tb);
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (f->kind != MODEL_FIELD_LONGTEXT)
			continue;
		char *s = *model_str_at((void *)(uintptr_t)rec, f);
		if (s == NULL || strchr(s, '\n') == NULL)
			continue;
		char *inert = utf8_inert(s, true);
		fprintf(c->out, "%s:\n%s\n", f->attr, inert);
		free(inert);
	}
}

/* Prints the rows of one homogeneous list. */
static void
print_rows(struct cli *c, enum model_type type, const struct store_list *l, bool day_totals)
{
	char when[64], n1[DECIMAL_TEXT_MAX], n2[DECIMAL_TEXT_MAX], n3[DECIMAL_TEXT_MAX],
	    n4[DECIMAL_TEXT_MAX], n5[DECIMAL_TEXT_MAX];
	struct cli_table *tb = NULL;
	switch (type) {
	case MODEL_USER:
		tb = cli_table_new(4, (const char *const[]){ "ID", "NAME", "TIMEZONE", "UNITS" });
		cli_table_col(tb, 1, 40, false);
		for (size_t i = 0; i < l->count; i++) {
			const struct model_user *u = l->items[i].rec;
			cli_table_row(tb, (const char *const[]){ u->c.user_id, u->name, u->timezone, u->units });
		}
		break;
	case MODEL_GOAL:
		tb = cli_table_new(5, (const char *const[]){ "ID", "TITLE", "PROGRESS", "STATUS", "DUE" });
		cli_table_col(tb, 1, 32, false);
		for (size_t i = 0; i < l->count; i++) {
			const struct model_goal *g = l->items[i].rec;
			char *prog = present_progress(g);
			cli_table_row(tb, (const char *const[]){ g->goal_id, g->title, prog, g->status,
			    g->due_date != NULL ? g->due_date : "" });
			free(prog);
		}
		break;
	case MODEL_ACTIVITY:
		tb = cli_table_new(4, (const char *const[]){ "WHEN", "GOAL", "AMOUNT", "NOTE" });
		cli_table_col(tb, 2, 0, true);
		cli_table_col(tb, 3, 40, false);
		for (size_t i = 0; i < l->count; i++) {
			const struct model_activity *x = l->items[i].rec;
			cli_local_time(x->occurred_at, when, sizeof when);
			decimal_format(x->amount.v, n1);
			cli_table_row(tb, (const char *const[]){ when, x->goal_id, n1, x->note });
		}
		break;
	case MODEL_JOURNAL:
		tb = cli_table_new(5, (const char *const[]){ "ID", "WHEN", "MOOD", "TITLE", "TAGS" });
		cli_table_col(tb, 3, 36, false);
		cli_table_col(tb, 4, 24, false);
		for (size_t i = 0; i < l->count; i++) {
			const struct model_journal *j = l->items[i].rec;
			struct buf tags;
			buf_init(&tags, 0);
			for (size_t k = 0; k < j->tags.n; k++)
				buf_printf(&tags, "%s%s", k ? "," : "", j->tags.v[k]);
			cli_local_time(j->occurred_at, when, sizeof when);
			if (j->mood.set)
				snprintf(n1, sizeof n1, "%lld", j->mood.v);
			else
				n1[0] = '\0';
			char *title = present_journal_title(j);
			cli_table_row(tb, (const char *const[]){ j->entry_id, when, n1, title, tags.data });
			free(title);
			buf_done(&tags);
		}
		break;
	case MODEL_MEAL: {
		tb = cli_table_new(8, (const char *const[]){ "WHEN", "TYPE", "NAME", "KCAL", "PROTEIN", "CARBS",
		    "FAT", "ID" });
		cli_table_col(tb, 2, 28, false);
		for (size_t k = 3; k <= 6; k++)
			cli_table_col(tb, k, 0, true);
		long long day_kcal = 0;
		char day[11] = "", prev[11] = "";
		for (size_t i = 0; i <= l->count; i++) {
			if (i < l->count) {
				const struct model_meal *m = l->items[i].rec;
				dates_day_format(present_day(m->occurred_at), day);
			}
			if (day_totals && prev[0] != '\0' && (i == l->count || strcmp(day, prev) != 0)) {
				char label[40];
				decimal_format(day_kcal, n1);
				snprintf(label, sizeof label, "%s total", prev);
				cli_table_row(tb, (const char *const[]){ label, "", "", n1, "", "", "", "" });
				day_kcal = 0;
			}
			if (i == l->count)
				break;
			const struct model_meal *m = l->items[i].rec;
			cli_local_time(m->occurred_at, when, sizeof when);
			decimal_format(m->calories.v, n1);
			present_num(&m->protein, n2);
			present_num(&m->carbs, n3);
			present_num(&m->fat, n4);
			cli_table_row(tb, (const char *const[]){ when, m->meal_type, m->name, n1, n2, n3, n4,
			    m->meal_id });
			decimal_add(day_kcal, m->calories.v, &day_kcal);
			snprintf(prev, sizeof prev, "%s", day);
		}
		break;
	}
	case MODEL_WORKOUT:
		tb = cli_table_new(7, (const char *const[]){ "ID", "WHEN", "KIND", "MINUTES", "KM", "KCAL", "GOAL" });
		for (size_t k = 3; k <= 5; k++)
			cli_table_col(tb, k, 0, true);
		for (size_t i = 0; i < l->count; i++) {
			const struct model_workout *w = l->items[i].rec;
			cli_local_time(w->occurred_at, when, sizeof when);
			decimal_format(w->minutes.v, n1);
			present_num(&w->distance_km, n2);
			present_num(&w->calories, n5);
			cli_table_row(tb, (const char *const[]){ w->workout_id, when, w->kind, n1, n2, n5, w->goal_id });
		}
		break;
	}
	if (tb != NULL) {
		cli_table_print(tb, c->out);
		cli_table_free(tb);
	}
}

void
entity_print_list(struct cli *c, const struct store_list *l, bool day_totals)
{
	bool mixed = false;
	if (c->json) {
		/*
		 * The array cli_print_json would print, written record by record
		 * without building it (a third of a long list's time went there).
		 */
		struct buf b;
		size_t n = 0;
		buf_init(&b, 0);
		buf_addc(&b, '[');
		for (size_t i = 0; i < l->count; i++) {
			size_t mark = b.len;
			if ((n > 0 && buf_addc(&b, ',') != 0) || json_write_indent(&b, CLI_JSON_FLAGS, 1, n > 0) != 0 ||
			    model_write_json(&b, l->items[i].type, l->items[i].rec, CLI_JSON_FLAGS, 1) != 0) {
				/* A record jansson could not write is left out, as json_array_append_new does. */
				b.len = mark;
				b.data[mark] = '\0';
				continue;
			}
			n++;
		}
		if (n == 0)
			buf_addc(&b, ']');
		else if (json_write_indent(&b, CLI_JSON_FLAGS, 0, false) != 0 || buf_addc(&b, ']') != 0)
			b.len = 0;
		fputs(b.data != NULL ? b.data : "[]", c->out);
		fputc('\n', c->out);
		buf_done(&b);
		return;
	}
	for (size_t i = 1; i < l->count; i++)
		mixed = mixed || l->items[i].type != l->items[0].type;
	if (l->count == 0) {
		fprintf(c->out, "(none)\n");
	} else if (!mixed) {
		print_rows(c, l->items[0].type, l, day_totals);
	} else {
		char when[64];
		struct cli_table *tb = cli_table_new(3, (const char *const[]){ "WHEN", "TYPE", "WHAT" });
		cli_table_col(tb, 2, 60, false);
		for (size_t i = 0; i < l->count; i++) {
			const char *t = present_occurred_at(l->items[i].type, l->items[i].rec);
			cli_local_time(t, when, sizeof when);
			char *sum = present_summary(l->items[i].type, l->items[i].rec);
			cli_table_row(tb, (const char *const[]){ when, model_entity(l->items[i].type)->label, sum });
			free(sum);
		}
		cli_table_print(tb, c->out);
		cli_table_free(tb);
	}
	if (l->skipped > 0)
		fprintf(c->err, "ailife: note: %zu stored item(s) could not be read and were left out\n", l->skipped);
}
