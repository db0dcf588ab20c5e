/* The whole-journal search (views/journal_search.h): a prompt, then the results. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/insights.h"
#include "datastore/present.h"
#include "tui/draw.h"
#include "tui/list.h"
#include "util/utf8.h"
#include "util/xmalloc.h"
#include "views/journal_search.h"
#include "views/session.h"

/* The whole of time, [1970, 10000), as the journal screen reads it. */
#define TIME_FIRST 0LL
#define TIME_END 253402300800000LL
#define TEXT_MAX 256

enum { JOB_SEARCH = 1, JOB_MORE };

/* ---- the results ---- */

struct search_view {
	char text[TEXT_MAX];
	struct store_list l;     /* the matches so far, newest first */
	char *cursor;            /* where the next job reads on, NULL at the end */
	size_t read;             /* entries read so far */
	char **texts;
	size_t ntexts;
	struct tui_list list;
	bool loaded, loading_more;
};

struct search_job {
	char *user_id, *cursor, *text;
	struct store_list l;     /* the matches of this job */
	size_t read;
};

static void
search_job_free(void *p)
{
	struct search_job *sj = p;
	free(sj->user_id);
	free(sj->cursor);
	free(sj->text);
	store_list_done(&sj->l);
	free(sj);
}

static bool
matches(const struct store_item *it, const char *text)
{
	const struct model_journal *e = it->rec;
	return it->type == MODEL_JOURNAL && (insights_text_match(e->title, text) || insights_text_match(e->body, text));
}

/* Pages of AP9 newest first, the matches kept, until enough matched, the pages of one job are read, or the end. */
static int
search_job_run(struct tui_job *j, struct table *t)
{
	struct search_job *sj = j->data;
	for (int n = 0; n < JOURNAL_SEARCH_PAGES && sj->l.count < JOURNAL_SEARCH_MATCHES; n++) {
		struct store_list page;
		struct store_page_req pg = { sj->cursor, JOURNAL_SEARCH_PAGE, NULL, NULL };
		if (store_range(t, sj->user_id, MODEL_JOURNAL, TIME_FIRST, TIME_END, true, pg, &page, &j->err) != 0)
			return -1;
		free(sj->cursor);
		sj->cursor = page.cursor;
		page.cursor = NULL;
		sj->read += page.count;
		size_t keep = 0;
		for (size_t i = 0; i < page.count; i++) {
			if (matches(&page.items[i], sj->text))
				page.items[keep++] = page.items[i];
			else
				model_free(page.items[i].type, page.items[i].rec);
		}
		page.count = keep;
		store_list_append(&sj->l, &page);
		store_list_done(&page);
		if (sj->cursor == NULL)
			break;
	}
	return 0;
}

static void
search_load(struct tui_view *v, bool more)
{
	struct search_view *sv = v->data;
	struct search_job *sj = xcalloc(1, sizeof *sj);
	const char *user = view_session_user(v->app);
	sj->user_id = xstrdup(user != NULL ? user : "");
	sj->text = xstrdup(sv->text);
	if (more)
		sj->cursor = xstrdup(sv->cursor);
	struct tui_job *j = tui_job_new(search_job_run, sj, search_job_free);
	j->kind = more ? JOB_MORE : JOB_SEARCH;
	if (more) {
		sv->loading_more = true;
		tui_app_submit(v, j);
	} else {
		tui_app_load(v, j);
	}
}

static void
free_texts(struct search_view *sv)
{
	for (size_t i = 0; i < sv->ntexts; i++)
		free(sv->texts[i]);
	free(sv->texts);
	sv->texts = NULL;
	sv->ntexts = 0;
}

static size_t
nrows(const struct search_view *sv)
{
	return sv->l.count + (sv->cursor != NULL ? 1 : 0);
}

static void
rebuild(struct search_view *sv)
{
	free_texts(sv);
	sv->ntexts = sv->l.count;
	sv->texts = xcalloc(sv->ntexts + 1, sizeof *sv->texts);
	for (size_t i = 0; i < sv->l.count; i++) {
		const struct model_journal *e = sv->l.items[i].rec;
		char *t = present_journal_title(e);
		sv->texts[i] = xasprintf("%s %s", t, e->body != NULL ? e->body : "");
		free(t);
	}
	tui_list_set(&sv->list, nrows(sv));
}

static const char *
row_text(void *ctx, size_t i)
{
	struct search_view *sv = ctx;
	return i < sv->ntexts ? sv->texts[i] : "more";
}

static const char *
row_key(void *ctx, size_t i)
{
	struct search_view *sv = ctx;
	return i < sv->l.count ? ((const struct model_journal *)sv->l.items[i].rec)->entry_id : NULL;
}

static void
search_init(struct tui_view *v, void *arg)
{
	struct search_view *sv = xcalloc(1, sizeof *sv);
	v->data = sv;
	snprintf(sv->text, sizeof sv->text, "%s", (const char *)arg);
	tui_list_init(&sv->list, row_text, sv);
	tui_list_set_keys(&sv->list, row_key);
	search_load(v, false);
}

static void
search_free(struct tui_view *v)
{
	struct search_view *sv = v->data;
	store_list_done(&sv->l);
	free(sv->cursor);
	free_texts(sv);
	tui_list_done(&sv->list);
	free(sv);
}

static void
search_show(struct tui_view *v)
{
	/* Back from reading or editing an entry: what was edited may match no longer. */
	if (v->stale)
		search_load(v, false);
}

static void
search_on_data(struct tui_view *v, struct tui_job *j)
{
	struct search_view *sv = v->data;
	struct search_job *sj = j->data;
	if (j->kind == JOB_MORE) {
		sv->loading_more = false;
		tui_app_note(v, j);
		if (j->rc != 0)
			tui_app_status(v->app, true, "journal search: older entries: %s", j->err.message);
		if (j->rc != 0 || sv->cursor == NULL || j->gen != v->gen)
			return;
		free(sv->cursor);
		sv->cursor = sj->cursor;
		sj->cursor = NULL;
		sv->read += sj->read;
		store_list_append(&sv->l, &sj->l);
		rebuild(sv);
		return;
	}
	if (j->gen != v->gen)
		return;
	if (!tui_app_loaded(v, j, "journal search")) {
		sv->loaded = false;
		tui_list_set(&sv->list, 0);
		return;
	}
	tui_list_remember(&sv->list);
	store_list_done(&sv->l);
	free(sv->cursor);
	sv->l = sj->l;
	memset(&sj->l, 0, sizeof sj->l);
	sv->cursor = sj->cursor;
	sj->cursor = NULL;
	sv->read = sj->read;
	sv->loaded = true;
	rebuild(sv);
}

static void
draw_row(void *ctx, WINDOW *win, int y, int w, size_t i, bool sel)
{
	struct search_view *sv = ctx;
	enum tui_role r = sel ? TUI_R_SELECTED : TUI_R_NORMAL;
	if (i >= sv->l.count) {
		tui_draw_text(win, y, 1, w - 2, sv->loading_more ? "searching older entries..." :
		    "... search older entries (Enter)", sel ? r : TUI_R_DIM);
		return;
	}
	const struct model_journal *e = sv->l.items[i].rec;
	char when[40];
	present_time(e->occurred_at, when, sizeof when);
	int x = 1;
	if (w >= 50)
		x += tui_draw_text(win, y, 1, 16, when, sel ? r : TUI_R_DIM) + 2;
	else
		x += tui_draw_text(win, y, 1, 10, when, sel ? r : TUI_R_DIM) + 1;
	char *t = present_journal_title(e);
	tui_draw_text(win, y, x, w - x - 1, t, r);
	free(t);
}

static void
search_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct search_view *sv = v->data;
	char *title = xasprintf("Journal search: %s", sv->text);
	tui_draw_header(win, w, title, "Enter read  S again  Esc back");
	free(title);
	if (!sv->loaded) {
		if (v->loading)
			tui_draw_text(win, 2, 1, w - 2, "searching...", TUI_R_DIM);
		else
			tui_app_draw_failed(v, win, 2, h - 2, w);
		return;
	}
	tui_draw_textf(win, 1, 1, w - 2, TUI_R_DIM, "%zu match%s in %zu entr%s read%s", sv->l.count,
	    sv->l.count == 1 ? "" : "es", sv->read, sv->read == 1 ? "y" : "ies", sv->cursor != NULL ? " so far" : ", all of them");
	if (sv->l.count == 0 && sv->cursor == NULL) {
		tui_draw_text(win, 3, 1, w - 2, "Nothing in the journal holds this text.", TUI_R_DIM);
		return;
	}
	tui_list_draw(&sv->list, win, 2, h - 2, w, draw_row);
}

static bool
search_key(struct tui_view *v, const struct tui_key *k)
{
	struct search_view *sv = v->data;
	size_t i = tui_list_selected(&sv->list);
	if (k->act == TUI_ACT_DOWN && sv->cursor != NULL && !sv->loading_more && i + 2 >= sv->list.shown)
		search_load(v, true);
	if (tui_list_key(&sv->list, k))
		return true;
	switch (k->act) {
	case TUI_ACT_ENTER:
		if (i != (size_t)-1 && i < sv->l.count) {
			/* Reading it may lead to an edit: ask again when back. */
			v->stale = true;
			view_journal_read(v->app, sv->l.items[i].rec);
		} else if (sv->cursor != NULL && !sv->loading_more) {
			search_load(v, true);
		}
		return true;
	case TUI_ACT_SEARCH_ALL:
		view_journal_search_ask(v->app);
		return true;
	default:
		return false;
	}
}

static const struct tui_screen search_screen = {
	.name = "Journal search",
	.keys = TUI_KC_LIST | TUI_KC_JOURNAL,
	.init = search_init,
	.free = search_free,
	.draw = search_draw,
	.key = search_key,
	.on_data = search_on_data,
	.show = search_show,
};

/* ---- the prompt ---- */

struct prompt {
	char text[TEXT_MAX];
};

static void
prompt_init(struct tui_view *v, void *arg)
{
	v->data = xcalloc(1, sizeof(struct prompt));
}

static void
prompt_free(struct tui_view *v)
{
	free(v->data);
}

static void
prompt_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct prompt *p = v->data;
	/* A box of three lines at the bottom of the body, over the screen it searches from. */
	int y = h - 3;
	if (y < 1)
		y = 1;
	tui_draw_fill(win, y, 0, w, TUI_R_SELECTED);
	tui_draw_text(win, y, 1, w - 2, "Search the whole journal (title and body, any case)", TUI_R_SELECTED);
	tui_draw_fill(win, y + 1, 0, w, TUI_R_NORMAL);
	int x = 1 + tui_draw_text(win, y + 1, 1, w - 2, "Text: ", TUI_R_HEADER);
	/* The end of a long text shows, as in a form's field. */
	int room = w - x - 2, tw = tui_draw_width(p->text);
	const char *s = p->text;
	while (tw > room && *s != '\0') {
		s++;
		while ((*s & 0xc0) == 0x80)
			s++;
		tw = tui_draw_width(s);
	}
	int used = tui_draw_text(win, y + 1, x, room, s, TUI_R_NORMAL);
	tui_app_cursor(v->app, y + 1, x + used);
	tui_draw_fill(win, y + 2, 0, w, TUI_R_NORMAL);
	tui_draw_text(win, y + 2, 1, w - 2, "Enter search  Esc cancel", TUI_R_DIM);
}

static bool
prompt_key(struct tui_view *v, const struct tui_key *k)
{
	struct prompt *p = v->data;
	struct tui_app *a = v->app;
	switch (k->act) {
	case TUI_ACT_CANCEL:
		tui_app_pop(a, v);
		return true;
	case TUI_ACT_NEWLINE:
	case TUI_ACT_SAVE: {
		if (p->text[0] == '\0') {
			tui_app_status(a, true, "journal search: give a word or more to look for");
			return true;
		}
		char text[TEXT_MAX];
		memcpy(text, p->text, sizeof text);
		/* A search from the results replaces them. */
		struct tui_view *below = tui_app_below(a, v);
		tui_app_pop(a, v);
		if (below != NULL && below->screen == &search_screen && tui_app_below(a, below) != NULL)
			tui_app_pop(a, below);
		tui_app_push(a, &search_screen, text);
		return true;
	}
	case TUI_ACT_BACKSPACE:
		utf8_drop_last(p->text);
		return true;
	case TUI_ACT_KILL_START:
		p->text[0] = '\0';
		return true;
	default:
		if (tui_keys_is_text(k->code)) {
			utf8_append(p->text, sizeof p->text, (uint32_t)k->code);
			return true;
		}
		/* Everything else waits (switching screens from here would drop the prompt's text). */
		return k->act != TUI_ACT_QUIT && k->act != TUI_ACT_SUSPEND && k->act != TUI_ACT_HELP;
	}
}

static const struct tui_screen prompt_screen = {
	.name = "Journal search",
	.keys = TUI_KC_FORM,
	.text_input = true,
	.overlay = true,
	.init = prompt_init,
	.free = prompt_free,
	.draw = prompt_draw,
	.key = prompt_key,
};

void
view_journal_search_ask(struct tui_app *a)
{
	tui_app_push(a, &prompt_screen, NULL);
}
