/* The yes/no question screen. */
#include <stdlib.h>

#include "tui/dialog.h"
#include "tui/draw.h"
#include "util/xmalloc.h"


struct confirm {
	char *question;
	void (*answer)(struct tui_view *v, bool yes, int tag);
	int tag;
	unsigned target;
};

static void
confirm_init(struct tui_view *v, void *arg)
{
	v->data = arg;
}

static void
confirm_free(struct tui_view *v)
{
	struct confirm *q = v->data;
	free(q->question);
	free(q);
}

static void
confirm_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct confirm *q = v->data;
	int bw = tui_draw_width(q->question) + 12;
	if (bw > w - 2)
		bw = w - 2;
	/* A long question is wrapped in the box, never cut. */
	size_t n = 0;
	char **lines = tui_draw_wrap(q->question, bw - 4, &n);
	int bh = (int)n + 3;
	if (bh > h)
		bh = h;
	int x = (w - bw) / 2, y = (h - bh) / 2;
	if (y < 0)
		y = 0;
	for (int r = 0; r < bh && y + r < h; r++)
		tui_draw_fill(win, y + r, x, bw, TUI_R_STATUS);
	int r = 1;
	for (size_t i = 0; i < n && r < bh - 1; i++)
		tui_draw_text(win, y + r++, x + 2, bw - 4, lines[i], TUI_R_STATUS);
	tui_draw_wrap_free(lines, n);
	if (y + r < h)
		tui_draw_text(win, y + r, x + 2, bw - 4, "y: yes   n / Esc: no", TUI_R_STATUS);
}

static bool
confirm_key(struct tui_view *v, const struct tui_key *k)
{
	struct confirm *q = v->data;
	struct tui_app *a = v->app;
	if (k->act != TUI_ACT_YES && k->act != TUI_ACT_NO)
		return k->act != TUI_ACT_QUIT && k->act != TUI_ACT_SUSPEND && k->act != TUI_ACT_REDRAW;
	bool yes = k->act == TUI_ACT_YES;
	void (*answer)(struct tui_view *, bool, int) = q->answer;
	int tag = q->tag;
	unsigned target = q->target;
	tui_app_pop(a, v);
	struct tui_view *t = tui_app_view(a, target);
	if (t != NULL)
		answer(t, yes, tag);
	return true;
}

const struct tui_screen tui_dialog_screen = {
	.name = "Question",
	.overlay = true,
	.keys = TUI_KC_DIALOG,
	.init = confirm_init,
	.free = confirm_free,
	.draw = confirm_draw,
	.key = confirm_key,
};

void
tui_dialog_confirm(struct tui_view *v, const char *question, void (*answer)(struct tui_view *v, bool yes, int tag),
    int tag)
{
	struct confirm *q = xcalloc(1, sizeof *q);
	q->question = xstrdup(question);
	q->answer = answer;
	q->tag = tag;
	q->target = v->id;
	tui_app_push(v->app, &tui_dialog_screen, q);
}
