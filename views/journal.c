/*
 * The journal: entries newest first by when they happened (AP9 over all
 * time: AP13 is by id, the time an entry was typed in, so an entry backfilled
 * for last month would sort as today's), a page at a time, with date,
 * mood and title. Enter reads an entry with scrolling; a adds, e edits in
 * the form (a multi-line body), E edits the body in $EDITOR first, d deletes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/present.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/editor.h"
#include "tui/form.h"
#include "tui/list.h"
#include "util/xmalloc.h"
#include "views/delete.h"
#include "views/forms.h"
#include "views/session.h"
#include "views/views.h"

#define PAGE 50
/* The whole of time, [1970, 10000): the journal without dates. */
#define TIME_FIRST 0LL
#define TIME_END 253402300800000LL

enum { JOB_LOAD = 1, JOB_MORE, JOB_DELETE };

struct journal_view {
	struct store_list l;
	char *cursor;
	char **texts;
	size_t ntexts;
	struct tui_list list;
	bool loaded, loading_more;
};

struct journal_load {
	char *user_id, *cursor;
	struct store_list l;
};

static void
journal_load_free(void *p)
{
	struct journal_load *jl = p;
	free(jl->user_id);
	free(jl->cursor);
	store_list_done(&jl->l);
	free(jl);
}

static int
journal_load_run(struct tui_job *j, struct table *t)
{
	struct journal_load *jl = j->data;
	struct store_page_req pg = { jl->cursor, PAGE, NULL, NULL };
	return store_range(t, jl->user_id, MODEL_JOURNAL, TIME_FIRST, TIME_END, true, pg, &jl->l, &j->err);
}

static void
load(struct tui_view *v, bool more)
{
	struct journal_view *jv = v->data;
	struct journal_load *jl = xcalloc(1, sizeof *jl);
	jl->user_id = xstrdup(view_session_user(v->app));
	if (more)
		jl->cursor = xstrdup(jv->cursor);
	struct tui_job *j = tui_job_new(journal_load_run, jl, journal_load_free);
	j->kind = more ? JOB_MORE : JOB_LOAD;
	if (more) {
		jv->loading_more = true;
		tui_app_submit(v, j);
	} else {
		tui_app_load(v, j);
	}
}

static void
free_texts(struct journal_view *jv)
{
	for (size_t i = 0; i < jv->ntexts; i++)
		free(jv->texts[i]);
	free(jv->texts);
	jv->texts = NULL;
	jv->ntexts = 0;
}

static void
rebuild(struct journal_view *jv)
{
	free_texts(jv);
	jv->ntexts = jv->l.count;
	jv->texts = xcalloc(jv->ntexts + 1, sizeof *jv->texts);
	for (size_t i = 0; i < jv->l.count; i++) {
		const struct model_journal *e = jv->l.items[i].rec;
		char *t = present_journal_title(e);
		jv->texts[i] = xasprintf("%s %s", t, e->body);
		free(t);
	}
	tui_list_set(&jv->list, jv->l.count + (jv->cursor != NULL ? 1 : 0));
}

static const char *
row_text(void *ctx, size_t i)
{
	struct journal_view *jv = ctx;
	return i < jv->ntexts ? jv->texts[i] : "more";
}

static const char *
row_key(void *ctx, size_t i)
{
	struct journal_view *jv = ctx;
	return i < jv->l.count ? ((const struct model_journal *)jv->l.items[i].rec)->entry_id : NULL;
}

static void
journal_init(struct tui_view *v, void *arg)
{
	struct journal_view *jv = xcalloc(1, sizeof *jv);
	v->data = jv;
	tui_list_init(&jv->list, row_text, jv);
	tui_list_set_keys(&jv->list, row_key);
	load(v, false);
}

static void
journal_free(struct tui_view *v)
{
	struct journal_view *jv = v->data;
	store_list_done(&jv->l);
	free(jv->cursor);
	free_texts(jv);
	tui_list_done(&jv->list);
	free(jv);
}

static void
journal_show(struct tui_view *v)
{
	if (v->stale)
		load(v, false);
}

static void
journal_on_data(struct tui_view *v, struct tui_job *j)
{
	struct journal_view *jv = v->data;
	if (j->kind == JOB_DELETE) {
		if (view_delete_done(v, j, "not deleted", "entry deleted"))
			load(v, false);
		return;
	}
	struct journal_load *jl = j->data;
	if (j->kind == JOB_MORE) {
		jv->loading_more = false;
		tui_app_note(v, j);
		if (j->rc != 0)
			tui_app_status(v->app, true, "journal: older entries: %s", j->err.message);
		if (j->rc != 0 || jv->cursor == NULL || strcmp(jv->cursor, jl->cursor) != 0)
			return;
		free(jv->cursor);
		jv->cursor = jl->l.cursor;
		jl->l.cursor = NULL;
		store_list_append(&jv->l, &jl->l);
		rebuild(jv);
		return;
	}
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "journal")) {
		jv->loaded = false;
		tui_list_set(&jv->list, 0);
		return;
	}
	tui_list_remember(&jv->list);
	store_list_done(&jv->l);
	free(jv->cursor);
	jv->l = jl->l;
	jv->cursor = jl->l.cursor;
	jv->l.cursor = NULL;
	memset(&jl->l, 0, sizeof jl->l);
	jv->loaded = true;
	rebuild(jv);
	if (tui_list_set_prefer(&jv->list, jv->l.count + (jv->cursor != NULL ? 1 : 0), tui_app_focus(v->app)))
		tui_app_focus_taken(v->app);
}

static const char *
mood_text(const struct model_num *m, char out[16])
{
	static const char *const faces[6] = { "", ":-((", ":-(", ":-|", ":-)", ":-D" };
	if (!m->set || m->v < 1 || m->v > 5)
		return "";
	snprintf(out, 16, "%lld %s", m->v, faces[m->v]);
	return out;
}

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct journal_view *jv = ctx;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	if (i >= jv->l.count) {
		tui_draw_text(win, y, 1, w - 2, jv->loading_more ? "loading more..." : "... older entries (Enter)",
		    sel ? r : TUI_R_DIM);
		return;
	}
	const struct model_journal *e = jv->l.items[i].rec;
	char when[40], mood[16];
	present_time(e->occurred_at, when, sizeof when);
	tui_draw_text(win, y, 1, 16, when, sel ? r : TUI_R_DIM);
	tui_draw_text(win, y, 18, 8, mood_text(&e->mood, mood), sel ? r : TUI_R_GOOD);
	char *t = present_journal_title(e);
	tui_draw_text(win, y, 27, w - 28, t, r);
	free(t);
}

static void
journal_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct journal_view *jv = v->data;
	tui_draw_header(win, w, "Journal: newest first", tui_app_read_only(v->app) ? "Enter read  / filter" :
	    "Enter read  a add  e edit  E $EDITOR  d delete");
	if (!jv->loaded) {
		if (v->loading)
			tui_draw_text(win, 2, 1, w - 2, "loading...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 2, h - 2, w);
		return;
	}
	if (jv->l.count == 0) {
		tui_draw_text(win, 2, 1, w - 2, tui_app_read_only(v->app) ? "No entries yet." : "No entries yet: a writes one.", TUI_R_DIM);
		return;
	}
	tui_list_draw(&jv->list, win, 2, h - 2, w, draw_row);
}

/* ---- reading an entry ---- */

struct reader {
	struct model_journal *e;
	char **lines;
	size_t n;
	int width;
	size_t top;
	int page;
};

static void
reader_init(struct tui_view *v, void *arg)
{
	struct reader *rd = xcalloc(1, sizeof *rd);
	rd->e = model_copy(MODEL_JOURNAL, arg);
	v->data = rd;
}

static void
reader_free(struct tui_view *v)
{
	struct reader *rd = v->data;
	tui_draw_wrap_free(rd->lines, rd->n);
	model_free(MODEL_JOURNAL, rd->e);
	free(rd);
}

static void
reader_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct reader *rd = v->data;
	const struct model_journal *e = rd->e;
	char when[64], mood[16];
	if (rd->lines == NULL || rd->width != w - 4) {
		/* Wrapped again whenever the width changes (resize). */
		tui_draw_wrap_free(rd->lines, rd->n);
		rd->width = w - 4;
		rd->lines = tui_draw_wrap(e->body, rd->width, &rd->n);
	}
	char *t = present_journal_title(e);
	tui_draw_text(win, 0, 1, w - 2, t, TUI_R_TITLE);
	free(t);
	dates_local_format_zone(present_ms(e->occurred_at), when, sizeof when);
	int x = 1 + tui_draw_text(win, 1, 1, w - 2, when, TUI_R_DIM);
	if (e->mood.set)
		x += tui_draw_textf(win, 1, x, w - x - 1, TUI_R_GOOD, "  mood %s", mood_text(&e->mood, mood));
	for (size_t i = 0; i < e->tags.n && x < w - 2; i++)
		x += tui_draw_textf(win, 1, x, w - x - 1, TUI_R_HEADER, "  #%s", e->tags.v[i]);
	if (e->goal_id != NULL && x < w - 2) {
		const char *g = view_session_goal_title(v->app, e->goal_id);
		tui_draw_textf(win, 1, x, w - x - 1, TUI_R_DIM, "  goal: %s", g != NULL ? g : e->goal_id);
	}
	rd->page = h - 4;
	if (rd->page < 1)
		rd->page = 1;
	if (rd->n > (size_t)rd->page && rd->top > rd->n - (size_t)rd->page)
		rd->top = rd->n - (size_t)rd->page;
	for (int r = 0; r < rd->page && rd->top + (size_t)r < rd->n; r++)
		tui_draw_text(win, 3 + r, 2, w - 4, rd->lines[rd->top + (size_t)r], TUI_R_NORMAL);
	tui_draw_textf(win, h - 1, 1, w - 2, TUI_R_DIM, "lines %zu-%zu of %zu   j/k scroll%s  Esc back",
	    rd->n > 0 ? rd->top + 1 : 0, rd->top + (size_t)rd->page < rd->n ? rd->top + (size_t)rd->page : rd->n, rd->n,
	    tui_app_read_only(v->app) ? "" : "  e edit  E $EDITOR");
}

static void editor_then_form(struct tui_app *a, const struct model_journal *e);

static bool
reader_key(struct tui_view *v, const struct tui_key *k)
{
	struct reader *rd = v->data;
	size_t max = rd->n > (size_t)rd->page ? rd->n - (size_t)rd->page : 0;
	switch (k->act) {
	case TUI_ACT_UP:
		if (rd->top > 0)
			rd->top--;
		return true;
	case TUI_ACT_DOWN:
		if (rd->top < max)
			rd->top++;
		return true;
	case TUI_ACT_PGUP:
		rd->top = rd->top > (size_t)rd->page ? rd->top - (size_t)rd->page : 0;
		return true;
	case TUI_ACT_PGDN:
		rd->top = rd->top + (size_t)rd->page < max ? rd->top + (size_t)rd->page : max;
		return true;
	case TUI_ACT_TOP:
		rd->top = 0;
		return true;
	case TUI_ACT_BOTTOM:
		rd->top = max;
		return true;
	case TUI_ACT_EDIT: {
		struct tui_app *a = v->app;
		struct model_journal *e = model_copy(MODEL_JOURNAL, rd->e);
		tui_app_pop(a, v);
		view_form_open(a, MODEL_JOURNAL, e, NULL);
		model_free(MODEL_JOURNAL, e);
		return true;
	}
	case TUI_ACT_EDITOR: {
		struct tui_app *a = v->app;
		struct model_journal *e = model_copy(MODEL_JOURNAL, rd->e);
		tui_app_pop(a, v);
		editor_then_form(a, e);
		model_free(MODEL_JOURNAL, e);
		return true;
	}
	default:
		return false;
	}
}

static const struct tui_screen reader_screen = {
	.name = "Journal entry",
	.keys = TUI_KC_LIST | TUI_KC_JOURNAL,
	.init = reader_init,
	.free = reader_free,
	.draw = reader_draw,
	.key = reader_key,
};

/* $EDITOR on the body (of e, or empty for a new entry), then the form with what came back. */
static void
editor_then_form(struct tui_app *a, const struct model_journal *e)
{
	char *out = NULL, why[256];
	if (tui_editor_edit(a, e != NULL ? e->body : "", &out, why, sizeof why) != 0) {
		tui_app_status(a, true, "%s", why);
		return;
	}
	struct tui_view *f = view_form_open(a, MODEL_JOURNAL, e, NULL);
	if (f != NULL) {
		tui_form_set_value(f, 1, out);
		tui_form_set_modified(f, e == NULL || strcmp(out, e->body) != 0);
		tui_app_status(a, false, "the edited text is in the form: C-s saves it");
	}
	free(out);
}

/* ---- the list's keys ---- */

static const struct model_journal *
selected(struct journal_view *jv)
{
	size_t i = tui_list_selected(&jv->list);
	return i != (size_t)-1 && i < jv->l.count ? jv->l.items[i].rec : NULL;
}

static void
delete_answer(struct tui_view *v, bool yes, int tag)
{
	const struct model_journal *e = selected(v->data);
	if (!yes || e == NULL)
		return;
	view_delete_submit(v, MODEL_JOURNAL, e, JOB_DELETE);
}

static bool
journal_key(struct tui_view *v, const struct tui_key *k)
{
	struct journal_view *jv = v->data;
	size_t i = tui_list_selected(&jv->list);
	if (k->act == TUI_ACT_DOWN && jv->cursor != NULL && !jv->loading_more && i + 2 >= jv->list.shown)
		load(v, true);
	if (tui_list_key(&jv->list, k))
		return true;
	const struct model_journal *e = selected(jv);
	switch (k->act) {
	case TUI_ACT_ENTER:
		if (e != NULL)
			tui_app_push(v->app, &reader_screen, (void *)(uintptr_t)e);
		else if (jv->cursor != NULL && !jv->loading_more)
			load(v, true);
		return true;
	case TUI_ACT_ADD:
		view_form_open(v->app, MODEL_JOURNAL, NULL, NULL);
		return true;
	case TUI_ACT_EDIT:
		if (e != NULL)
			view_form_open(v->app, MODEL_JOURNAL, e, NULL);
		return true;
	case TUI_ACT_EDITOR:
		editor_then_form(v->app, e);
		return true;
	case TUI_ACT_DELETE:
		if (e != NULL)
			tui_dialog_confirm(v, "Delete this journal entry?", delete_answer, 0);
		return true;
	default:
		return false;
	}
}

const struct tui_screen view_journal_screen = {
	.name = "Journal",
	.keys = TUI_KC_LIST | TUI_KC_JOURNAL,
	.init = journal_init,
	.free = journal_free,
	.draw = journal_draw,
	.key = journal_key,
	.on_data = journal_on_data,
	.show = journal_show,
};
