/* The list widget: selection, paging and the '/' filter. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "tui/draw.h"
#include "tui/list.h"
#include "util/xmalloc.h"

void
tui_list_init(struct tui_list *l, tui_list_text_fn text, void *ctx)
{
	memset(l, 0, sizeof *l);
	l->text = text;
	l->ctx = ctx;
	l->page = 10;
}

void
tui_list_done(struct tui_list *l)
{
	free(l->map);
	l->map = NULL;
	l->shown = l->count = 0;
}

/* Case-insensitive (ASCII) substring test. */
static bool
matches(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return true;
	if (hay == NULL)
		return false;
	for (const char *p = hay; *p != '\0'; p++) {
		size_t k = 0;
		while (k < n && p[k] != '\0' &&
		    tolower((unsigned char)p[k]) == tolower((unsigned char)needle[k]))
			k++;
		if (k == n)
			return true;
	}
	return false;
}

static void
rebuild(struct tui_list *l)
{
	size_t keep = tui_list_selected(l);
	free(l->map);
	l->map = xcalloc(l->count + 1, sizeof *l->map);
	l->shown = 0;
	for (size_t i = 0; i < l->count; i++)
		if (l->filter[0] == '\0' || l->text == NULL || matches(l->text(l->ctx, i), l->filter))
			l->map[l->shown++] = i;
	l->sel = 0;
	if (keep != (size_t)-1)
		tui_list_select(l, keep);
	if (l->top > l->sel)
		l->top = l->sel;
}

void
tui_list_set(struct tui_list *l, size_t count)
{
	size_t keep = tui_list_selected(l);
	l->count = count;
	rebuild(l);
	if (keep != (size_t)-1 && l->shown > 0 && tui_list_selected(l) != keep) {
		/* The old row is gone: stay at the same place rather than jump to the top. */
		l->sel = keep < l->shown ? keep : l->shown - 1;
	}
	if (l->top >= l->shown)
		l->top = 0;
}

size_t
tui_list_selected(const struct tui_list *l)
{
	if (l->map == NULL || l->shown == 0 || l->sel >= l->shown)
		return (size_t)-1;
	return l->map[l->sel];
}

void
tui_list_select(struct tui_list *l, size_t view_index)
{
	for (size_t i = 0; i < l->shown; i++)
		if (l->map[i] == view_index) {
			l->sel = i;
			return;
		}
}

bool
tui_list_at_end(const struct tui_list *l)
{
	return l->shown == 0 || l->sel + 1 >= l->shown;
}

static void
filter_backspace(char *s)
{
	size_t n = strlen(s);
	while (n > 0) {
		n--;
		if (((unsigned char)s[n] & 0xc0) != 0x80)
			break;
	}
	s[n] = '\0';
}

static void
filter_add(char *s, size_t size, int cp)
{
	char enc[5];
	size_t k = 0;
	if (cp < 0x80) {
		enc[k++] = (char)cp;
	} else if (cp < 0x800) {
		enc[k++] = (char)(0xc0 | (cp >> 6));
		enc[k++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		enc[k++] = (char)(0xe0 | (cp >> 12));
		enc[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		enc[k++] = (char)(0x80 | (cp & 0x3f));
	} else {
		enc[k++] = (char)(0xf0 | (cp >> 18));
		enc[k++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		enc[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		enc[k++] = (char)(0x80 | (cp & 0x3f));
	}
	size_t n = strlen(s);
	if (n + k + 1 > size)
		return;
	memcpy(s + n, enc, k);
	s[n + k] = '\0';
}

bool
tui_list_key(struct tui_list *l, const struct tui_key *k)
{
	if (l->filtering) {
		if (k->code == TUI_ESC) {
			l->filter[0] = '\0';
			l->filtering = false;
		} else if (k->code == '\r' || k->code == '\n' || k->code == (TUI_FN | KEY_ENTER)) {
			l->filtering = false;
		} else if (k->code == 127 || k->code == TUI_CTRL('h') || k->code == (TUI_FN | KEY_BACKSPACE)) {
			filter_backspace(l->filter);
		} else if (k->code == TUI_CTRL('u')) {
			l->filter[0] = '\0';
		} else if (tui_keys_is_text(k->code)) {
			filter_add(l->filter, sizeof l->filter, k->code);
		} else if (k->act == TUI_ACT_UP || k->act == TUI_ACT_DOWN) {
			goto move;
		} else {
			return true;
		}
		rebuild(l);
		return true;
	}
move:
	switch (k->act) {
	case TUI_ACT_UP:
		if (l->sel > 0)
			l->sel--;
		return true;
	case TUI_ACT_DOWN:
		if (l->sel + 1 < l->shown)
			l->sel++;
		return true;
	case TUI_ACT_PGUP:
		l->sel = l->sel > (size_t)l->page ? l->sel - (size_t)l->page : 0;
		return true;
	case TUI_ACT_PGDN:
		l->sel += (size_t)l->page;
		if (l->sel >= l->shown)
			l->sel = l->shown > 0 ? l->shown - 1 : 0;
		return true;
	case TUI_ACT_TOP:
		l->sel = 0;
		return true;
	case TUI_ACT_BOTTOM:
		l->sel = l->shown > 0 ? l->shown - 1 : 0;
		return true;
	case TUI_ACT_FILTER:
		l->filtering = true;
		return true;
	case TUI_ACT_BACK:
		if (l->filter[0] != '\0') {
			l->filter[0] = '\0';
			rebuild(l);
			return true;
		}
		return false;
	default:
		return false;
	}
}

void
tui_list_draw(struct tui_list *l, WINDOW *win, int y, int h, int w, tui_list_draw_fn draw)
{
	bool show_filter = l->filtering || l->filter[0] != '\0';
	int rows = h - (show_filter ? 1 : 0);
	if (rows < 1)
		rows = 1;
	l->page = rows;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && l->top + (size_t)r < l->shown; r++) {
		size_t i = l->top + (size_t)r;
		bool sel = i == l->sel;
		if (sel)
			tui_draw_fill(win, y + r, 0, w, TUI_R_SELECTED);
		draw(l->ctx, win, y + r, w, l->map[i], sel);
	}
	if (show_filter && h >= 2) {
		int used = tui_draw_text(win, y + h - 1, 0, w, "/", TUI_R_TITLE);
		used += tui_draw_text(win, y + h - 1, used, w - used, l->filter, TUI_R_NORMAL);
		if (l->filtering)
			tui_draw_text(win, y + h - 1, used, w - used, "_", TUI_R_DIM);
		char n[64];
		snprintf(n, sizeof n, " %zu of %zu", l->shown, l->count);
		tui_draw_right(win, y + h - 1, 0, w, n, TUI_R_DIM);
	}
}
