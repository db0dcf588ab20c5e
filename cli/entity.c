#include "cli/entity.h"
#include "cli/editor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd_sync.h"
#include "cli/names.h"
#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/keys.h"
#include "datastore/present.h"
#include "datastore/units.h"
#include "util/buf.h"
#include "util/json_write.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define FLAG_MAX 40
#define BODY_MAX (100 * 1024)

/* The field a command takes as its positional argument ("goal add TITLE"). */
static const char *
positional_attr(enum model_type type)
{
	switch (type) {
	case MODEL_GOAL:
		return "title";
	case MODEL_MEAL:
		return "name";
	case MODEL_WORKOUT:
		return "kind";
	default:
		return NULL;
	}
}

/* Fields the add/edit commands do not take: managed by the patterns (progress, status). */
static bool
managed_field(enum model_type type, const struct model_field *f)
{
	if (type == MODEL_GOAL && (strcmp(f->attr, "progress") == 0 || strcmp(f->attr, "status") == 0 ||
	    strcmp(f->attr, "goalId") == 0))
		return true;
	return f->attr == model_entity(type)->id_attr ||
	    (model_entity(type)->id_attr != NULL && strcmp(f->attr, model_entity(type)->id_attr) == 0);
}

/* The command-line spelling of a field: its flag, else its name in kebab case without "-id". */
static void
field_flag(const struct model_field *f, char out[FLAG_MAX])
{
	size_t n = 0;
	if (f->flag != NULL) {
		snprintf(out, FLAG_MAX, "%s", f->flag);
		return;
	}
	for (const char *p = f->attr; *p != '\0' && n + 2 < FLAG_MAX; p++) {
		if (*p >= 'A' && *p <= 'Z') {
			out[n++] = '-';
			out[n++] = (char)(*p - 'A' + 'a');
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	if (n > 3 && strcmp(out + n - 3, "-id") == 0)
		out[n - 3] = '\0';
	if (f->kind == MODEL_FIELD_TAGS && n > 1 && out[strlen(out) - 1] == 's')
		out[strlen(out) - 1] = '\0';
}

struct opt_table {
	struct cli_opt opts[40];
	char names[40][FLAG_MAX];
	const struct model_field *fields[40];
	size_t n;
	char usage[1024];
};

static void
opt_add(struct opt_table *t, const char *name, bool has_arg, bool repeat, const struct model_field *f)
{
	if (t->n + 1 >= sizeof t->opts / sizeof t->opts[0])
		return;
	snprintf(t->names[t->n], FLAG_MAX, "%s", name);
	t->opts[t->n].name = t->names[t->n];
	t->opts[t->n].has_arg = has_arg;
	t->opts[t->n].repeat = repeat;
	t->fields[t->n] = f;
	t->n++;
	t->opts[t->n].name = NULL;
}

static const char *
field_meta(const struct model_field *f)
{
	switch (f->kind) {
	case MODEL_FIELD_NUM:
	case MODEL_FIELD_INT:
		return "N";
	case MODEL_FIELD_TIME:
		return "WHEN";
	case MODEL_FIELD_DATE:
		return "DAY";
	case MODEL_FIELD_ID:
		return "ID";
	case MODEL_FIELD_ZONE:
		return "TZ";
	default:
		return "TEXT";
	}
}

/* Required fields that add fills in when they are not given. */
static bool
has_default(enum model_type type, const struct model_field *f)
{
	static const char *const defaults[] = { "occurredAt", "mealType", "timezone", "units", "body", NULL };
	for (size_t i = 0; defaults[i] != NULL; i++)
		if (strcmp(f->attr, defaults[i]) == 0)
			return true;
	return false;
}

/* Options of add (edit = false) or edit, built from the model. */
static void
build_opts(enum model_type type, bool edit, struct opt_table *t)
{
	const struct model_entity *e = model_entity(type);
	const char *pos = positional_attr(type);
	struct buf u;
	char flag[FLAG_MAX];
	memset(t, 0, sizeof *t);
	buf_init(&u, sizeof t->usage - 1);
	buf_printf(&u, "%s %s", e->label, edit ? (type == MODEL_USER ? "edit" : "edit ID") :
	    (type == MODEL_USER ? "create" : "add"));
	if (!edit && pos != NULL) {
		buf_addc(&u, ' ');
		for (const char *p = pos; *p; p++)
			buf_addc(&u, (char)(*p - 'a' + 'A'));
	}
	for (size_t i = 0; i < e->field_count; i++) {
		const struct model_field *f = &e->fields[i];
		if (managed_field(type, f) || (!edit && pos != NULL && strcmp(f->attr, pos) == 0))
			continue;
		field_flag(f, flag);
		opt_add(t, flag, true, f->kind == MODEL_FIELD_TAGS, f);
		if (f->required && !edit && !has_default(type, f))
			buf_printf(&u, " --%s %s", flag, field_meta(f));
		else
			buf_printf(&u, " [--%s %s]", flag, field_meta(f));
	}
	if (!edit) {
		opt_add(t, "id", true, false, NULL);
		buf_adds(&u, " [--id ID]");
	}
	snprintf(t->usage, sizeof t->usage, "%s", u.data != NULL ? u.data : "");
	buf_done(&u);
}

void
entity_usage(enum model_type type, bool edit, char *out, size_t size)
{
	struct opt_table ot;
	build_opts(type, edit, &ot);
	snprintf(out, size, "%s", ot.usage);
}

/* Reads a journal body from standard input, bounded. */
static int
read_body(struct cli *c, const char *what, char **out)
{
	struct buf b;
	char chunk[4096];
	size_t n;
	buf_init(&b, BODY_MAX);
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0) {
		if (buf_add(&b, chunk, n) != 0) {
			buf_done(&b);
			return cli_fail(c, CLI_USAGE, what, "body: longer than %d bytes", BODY_MAX);
		}
	}
	if (ferror(stdin)) {
		buf_done(&b);
		return cli_fail(c, CLI_FAIL, what, "could not read the body from standard input");
	}
	/* CRLF from a file written on Windows is a newline; then a trailing newline is the shell's. */
	if (b.data != NULL) {
		editor_newlines(b.data);
		b.len = strlen(b.data);
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.data[--b.len] = '\0';
	*out = buf_steal(&b);
	return CLI_OK;
}

/*
 * A refusal of the model for one option: the model names its attribute
 * ("mealType: ..."), the user typed the option ("--type: ...").
 */
static int
field_fail(struct cli *c, const char *what, const struct model_field *f, const char *flag, const char *why)
{
	size_t n = strlen(f->attr);
	if (strncmp(why, f->attr, n) == 0 && why[n] == ':')
		return cli_fail(c, CLI_USAGE, what, "--%s%s", flag, why + n);
	return cli_fail(c, CLI_USAGE, what, "%s", why);
}

/* Sets one field from its option text; WHEN and DAY are read in the user's zone. */
static int
set_field(struct cli *c, const char *what, enum model_type type, void *rec,
    const struct model_field *f, const char *value, bool edit)
{
	char why[512], flag[FLAG_MAX], opt[FLAG_MAX + 2];
	field_flag(f, flag);
	snprintf(opt, sizeof opt, "--%s", flag);
	if (edit && value[0] == '\0') {
		if (f->required)
			return cli_fail(c, CLI_USAGE, what, "--%s: cannot be cleared, %s is required", flag, f->attr);
		if (f->kind == MODEL_FIELD_NUM || f->kind == MODEL_FIELD_INT) {
			model_num_at(rec, f)->set = false;
		} else if (f->kind == MODEL_FIELD_TAGS) {
			struct model_strset *s = model_tags_at(rec, f);
			for (size_t i = 0; i < s->n; i++)
				free(s->v[i]);
			free(s->v);
			s->v = NULL;
			s->n = 0;
		} else {
			char **slot = model_str_at(rec, f);
			free(*slot);
			*slot = NULL;
		}
		return CLI_OK;
	}
	if (f->kind == MODEL_FIELD_TIME) {
		ms_t ms;
		char ts[TIMEFMT_LEN + 1];
		int rc = cli_when(c, opt, value, &ms);
		if (rc != CLI_OK)
			return rc;
		timefmt_format(ms, ts);
		value = ts;
		if (model_set_text(type, rec, f, value, why, sizeof why) != 0)
			return field_fail(c, what, f, flag, why);
		return CLI_OK;
	}
	if (f->kind == MODEL_FIELD_DATE) {
		struct day d;
		char text[11];
		int rc = cli_day(c, opt, value, &d);
		if (rc != CLI_OK)
			return rc;
		dates_day_format(d, text);
		if (model_set_text(type, rec, f, text, why, sizeof why) != 0)
			return field_fail(c, what, f, flag, why);
		return CLI_OK;
	}
	char km[DECIMAL_TEXT_MAX];
	if (strcmp(f->attr, "distanceKm") == 0) {
		/* "5mi", "8km", or a bare number in the profile's units; stored in km. */
		long long milli;
		if (units_parse_distance(value, c->profile != NULL && units_imperial(c->profile->units), &milli, why,
		    sizeof why) != 0)
			return cli_fail(c, CLI_USAGE, what, "--%s: %s", flag, why);
		decimal_format(milli, km);
		value = km;
	}
	if (model_set_text(type, rec, f, value, why, sizeof why) != 0)
		return field_fail(c, what, f, flag, why);
	return CLI_OK;
}

int
entity_check_goal(struct cli *c, const char *goal_id, const char *what)
{
	void *rec;
	struct table_err err;
	table_err_clear(&err);
	if (store_get(c->t, MODEL_GOAL, c->user_id, goal_id, &rec, &err) != 0)
		return cli_table_fail(c, what, &err);
	model_free(MODEL_GOAL, rec);
	return CLI_OK;
}

/* Applies every option of a (add or edit) to rec. */
static int
apply_opts(struct cli *c, const char *what, enum model_type type, void *rec, const struct opt_table *ot,
    const struct cli_args *a, bool edit)
{
	bool tags_reset = false;
	for (size_t i = 0; i < a->n; i++) {
		const struct model_field *f = NULL;
		for (size_t k = 0; k < ot->n; k++)
			if (&ot->opts[k] == a->v[i].opt)
				f = ot->fields[k];
		if (f == NULL)
			continue;
		if (f->kind == MODEL_FIELD_TAGS && edit && !tags_reset) {
			/* --tag on edit replaces the tags rather than adding to them. */
			struct model_strset *s = model_tags_at(rec, f);
			for (size_t k = 0; k < s->n; k++)
				free(s->v[k]);
			free(s->v);
			s->v = NULL;
			s->n = 0;
			tags_reset = true;
			if (a->v[i].value[0] == '\0')
				continue;
		}
		int rc;
		if (f->kind == MODEL_FIELD_ID && strcmp(f->attr, "goalId") == 0 && type != MODEL_GOAL &&
		    a->v[i].value[0] != '\0') {
			/* --goal takes any name of the goal (cli/names.h); the record links its id. */
			char *goal_id;
			if ((rc = names_resolve_id(c, MODEL_GOAL, a->v[i].value, what, 0, &goal_id)) != CLI_OK)
				return rc;
			rc = set_field(c, what, type, rec, f, goal_id, edit);
			free(goal_id);
		} else {
			rc = set_field(c, what, type, rec, f, a->v[i].value, edit);
		}
		if (rc != CLI_OK)
			return rc;
	}
	return CLI_OK;
}

int
entity_add(struct cli *c, enum model_type type, int argc, char **argv)
{
	const struct model_entity *e = model_entity(type);
	struct opt_table ot;
	struct cli_args a;
	struct table_err err;
	char what[64], why[512];
	const char *pos = positional_attr(type);
	int rc;

	snprintf(what, sizeof what, "%s %s", e->label, type == MODEL_USER ? "create" : "add");
	build_opts(type, false, &ot);
	rc = cli_parse(c, what, argc, argv, ot.opts, pos != NULL ? 1 : 0, pos != NULL ? 1 : 0, ot.usage, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	rc = type == MODEL_USER ? cli_open_store(c) : cli_create_near(c, type) ? cli_need_user_lazy(c) : cli_need_user(c);
	if (rc != CLI_OK)
		return rc;
	void *rec = model_new(type);
	struct model_common *common = rec;
	if (type != MODEL_USER)
		common->user_id = xstrdup(c->user_id);
	if (pos != NULL) {
		const struct model_field *f = model_field_by_attr(e, pos);
		if (model_set_text(type, rec, f, a.pos[0], why, sizeof why) != 0) {
			rc = cli_fail(c, CLI_USAGE, what, "%s", why);
			goto out;
		}
	}
	if ((rc = apply_opts(c, what, type, rec, &ot, &a, false)) != CLI_OK)
		goto out;
	const char *id = cli_get(&a, "id");
	if (id != NULL) {
		char **idp = (char **)(void *)((char *)rec + e->id_offset);
		const struct model_field *idf = model_field_by_attr(e, e->id_attr);
		if (idf != NULL && model_set_text(type, rec, idf, id, why, sizeof why) != 0) {
			rc = cli_fail(c, CLI_USAGE, what, "%s", why);
			goto out;
		}
		if (idf == NULL) {
			if (!keys_id_valid(id)) {
				rc = cli_fail(c, CLI_USAGE, what,
				    "--id: '%s' is not a valid id (use 1-64 of A-Z a-z 0-9 _ -)", id);
				goto out;
			}
			*idp = xstrdup(id);
		}
	}
	if (type == MODEL_USER) {
		struct model_user *u = rec;
		if (u->timezone == NULL)
			u->timezone = xstrdup(dates_system_zone());
		if (u->units == NULL)
			u->units = xstrdup("metric");
	}
	const struct model_field *at = model_field_by_attr(e, "occurredAt");
	char ts[TIMEFMT_LEN + 1];
	if (at != NULL && *model_str_at(rec, at) == NULL) {
		timefmt_format(clock_now_ms(), ts);
		*model_str_at(rec, at) = xstrdup(ts);
	}
	if (type == MODEL_MEAL && ((struct model_meal *)rec)->meal_type == NULL) {
		struct model_meal *m = rec;
		ms_t ms;
		/* The meal its local time suggests. */
		m->meal_type = xstrdup(timefmt_parse_key(m->occurred_at, &ms) == 0 ? present_meal_type(ms) : "snack");
	}
	if (type == MODEL_JOURNAL) {
		struct model_journal *j = rec;
		const char *body = cli_get(&a, "body");
		if (body == NULL) {
			free(j->body);
			j->body = NULL;
			/* On a terminal the body is written in the user's editor, as git commit's message is. */
			if (isatty(STDIN_FILENO))
				rc = editor_body(c, what, NULL, BODY_MAX, &j->body);
			else
				rc = read_body(c, what, &j->body);
			if (rc != CLI_OK)
				goto out;
			if (j->body[0] == '\0') {
				rc = cli_fail(c, CLI_USAGE, what, "body: empty (nothing on standard input)");
				goto out;
			}
			/* model_set_text replaces the field: hand it a copy, not the field itself. */
			char *text = j->body;
			j->body = NULL;
			int bad = model_set_text(type, rec, model_field_by_attr(e, "body"), text, why, sizeof why);
			free(text);
			if (bad != 0) {
				rc = cli_fail(c, CLI_USAGE, what, "%s", why);
				goto out;
			}
		}
	}
	table_err_clear(&err);
	bool queued;
	if (type == MODEL_USER)
		cli_only_user_remember(c, NULL);       /* the users change: asked again next time */
	if ((rc = cli_write_create(c, what, type, rec, &queued)) != CLI_OK)
		goto out;
	if (c->json) {
		cli_print_json(c, model_to_json(type, rec));
	} else {
		fprintf(c->out, "%s\n", model_id(type, rec));
		const char *t = present_occurred_at(type, rec);
		if (t != NULL && !c->json) {
			char local[PRESENT_TIME_MAX];
			present_time_zone(t, local, sizeof local);
			fprintf(c->err, "%s at %s\n", e->label, local);
		}
	}
	rc = CLI_OK;
out:
	model_free(type, rec);
	return rc;
}

int
entity_edit(struct cli *c, enum model_type type, int argc, char **argv)
{
	const struct model_entity *e = model_entity(type);
	struct opt_table ot;
	struct cli_args a;
	struct table_err err;
	char what[64];
	void *rec = NULL;
	int rc;

	snprintf(what, sizeof what, "%s edit", e->label);
	build_opts(type, true, &ot);
	size_t npos = type == MODEL_USER ? 0 : 1;
	rc = cli_parse(c, what, argc, argv, ot.opts, npos, npos, ot.usage, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	/* journal edit ID alone on a terminal: the body in the user's editor. */
	bool in_editor = type == MODEL_JOURNAL && a.n == 0 && isatty(STDIN_FILENO);
	if (a.n == 0 && !in_editor)
		return cli_fail(c, CLI_USAGE, what, "nothing to change (usage: ailife %s)", ot.usage);
	if ((rc = type == MODEL_USER ? cli_need_user(c) : cli_need_user_lazy(c)) != CLI_OK)
		return rc;
	table_err_clear(&err);
	if (type == MODEL_USER)
		rec = model_copy(MODEL_USER, c->profile);
	else if ((rc = cli_resolve_record(c, type, a.pos[0], what, 0, &rec)) != CLI_OK)
		return rc;
	if ((rc = apply_opts(c, what, type, rec, &ot, &a, true)) != CLI_OK)
		goto out;
	if (in_editor) {
		char *text, why[256];
		if ((rc = editor_body(c, what, ((struct model_journal *)rec)->body, BODY_MAX, &text)) != CLI_OK)
			goto out;
		int bad = model_set_text(type, rec, model_field_by_attr(e, "body"), text, why, sizeof why);
		free(text);
		if (bad != 0) {
			rc = cli_fail(c, CLI_USAGE, what, "%s", why);
			goto out;
		}
	}
	bool queued;
	if ((rc = cli_write_update(c, what, type, rec, &queued)) != CLI_OK)
		goto out;
	entity_print(c, type, rec);
	rc = CLI_OK;
out:
	model_free(type, rec);
	return rc;
}

int
entity_show(struct cli *c, enum model_type type, int argc, char **argv)
{
	const struct model_entity *e = model_entity(type);
	struct cli_args a;
	char what[64];
	void *rec;
	int rc;
	snprintf(what, sizeof what, "%s show", e->label);
	rc = cli_parse(c, what, argc, argv, NULL, 1, 1, NULL, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user_lazy(c)) != CLI_OK)
		return rc;
	if ((rc = cli_resolve_record(c, type, a.pos[0], what, 0, &rec)) != CLI_OK)
		return rc;
	entity_print(c, type, rec);
	model_free(type, rec);
	return CLI_OK;
}

int
entity_delete(struct cli *c, enum model_type type, int argc, char **argv)
{
	const struct model_entity *e = model_entity(type);
	struct cli_args a;
	struct table_err err;
	char what[64];
	int rc;
	void *rec;
	snprintf(what, sizeof what, "%s delete", e->label);
	rc = cli_parse(c, what, argc, argv, NULL, 1, 1, NULL, &a);
	if (rc != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = cli_need_user_lazy(c)) != CLI_OK)
		return rc;
	if ((rc = cli_resolve_record(c, type, a.pos[0], what, 0, &rec)) != CLI_OK)
		return rc;
	const char *id = model_id(type, rec);
	table_err_clear(&err);
	bool queued;
	if ((rc = cli_write_delete(c, what, type, id, &queued)) != CLI_OK) {
		model_free(type, rec);
		return rc;
	}
	if (c->json) {
		json_t *doc = json_pack("{ss ss}", "deleted", e->type_name, "id", id);
		if (queued)
			json_object_set_new(doc, "queued", json_true());
		cli_print_json(c, doc);
	} else {
		/* People read the short id and what it was; scripts have --json for the whole id. */
		char *sum = present_summary(type, rec);
		char *line = xasprintf("%s %s %.*s: %s", queued ? "queued: delete" : "deleted", e->label, NAMES_SHORT_MIN, id, sum);
		char *inert = utf8_inert(line, false);
		fprintf(c->out, "%s\n", inert);
		free(inert);
		free(line);
		free(sum);
	}
	model_free(type, rec);
	return CLI_OK;
}
