/* The list widget: selection, paging and the '/' filter. */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "tui/draw.h"
#include "tui/list.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

void
tui_list_init(struct tui_list *l, tui_list_text_fn text, void *ctx)
{
	memset(l, 0, sizeof *l);
	l->text = text;
	l->ctx = ctx;
	l->page = 10;
}

static void
forget(struct tui_list *l)
{
	for (int i = 0; i < 3; i++) {
		free(l->keep[i]);
		l->keep[i] = NULL;
	}
	l->remembered = false;
}

void
tui_list_set_keys(struct tui_list *l, tui_list_key_fn key)
{
	l->key = key;
}

/* The key of shown row s (an index into map), or NULL. */
static const char *
shown_key(const struct tui_list *l, size_t s)
{
	if (l->key == NULL || l->map == NULL || s >= l->shown)
		return NULL;
	return l->key(l->ctx, l->map[s]);
}

void
tui_list_remember(struct tui_list *l)
{
	forget(l);
	if (l->key == NULL || l->shown == 0 || l->sel >= l->shown)
		return;
	const char *k;
	/* The selected row, or the first record below a heading. */
	for (size_t s = l->sel; s < l->shown && l->keep[0] == NULL; s++)
		if ((k = shown_key(l, s)) != NULL)
			l->keep[0] = xstrdup(k);
	size_t s = l->sel + 1;
	while (s < l->shown && (shown_key(l, s) == NULL || (l->keep[0] != NULL && strcmp(shown_key(l, s), l->keep[0]) == 0)))
		s++;
	if ((k = shown_key(l, s)) != NULL)
		l->keep[1] = xstrdup(k);
	for (size_t p = l->sel; p-- > 0;)
		if ((k = shown_key(l, p)) != NULL) {
			l->keep[2] = xstrdup(k);
			break;
		}
	l->remembered = true;
}

void
tui_list_reset(struct tui_list *l)
{
	forget(l);
	l->sel = 0;
	l->top = 0;
}

/* The shown row named key, or (size_t)-1. */
static size_t
find_key(const struct tui_list *l, const char *key)
{
	if (key == NULL || l->key == NULL)
		return (size_t)-1;
	for (size_t s = 0; s < l->shown; s++) {
		const char *k = shown_key(l, s);
		if (k != NULL && strcmp(k, key) == 0)
			return s;
	}
	return (size_t)-1;
}

void
tui_list_done(struct tui_list *l)
{
	forget(l);
	free(l->map);
	l->map = NULL;
	l->shown = l->count = 0;
}

/* The code points of s, lower-cased (towlower: all of Unicode the C library's locale knows); *n of them. */
static wint_t *
folded(const char *s, size_t *n)
{
	size_t len = strlen(s), i = 0, o = 0;
	wint_t *out = xcalloc(len + 1, sizeof *out);
	while (i < len) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, len - i, &cp);
		if (l == 0) {
			cp = (unsigned char)s[i];
			l = 1;
		}
		out[o++] = towlower((wint_t)cp);
		i += l;
	}
	*n = o;
	return out;
}

long
tui_list_find(const char *hay, const char *needle)
{
	if (needle == NULL || needle[0] == '\0')
		return 0;
	if (hay == NULL)
		return -1;
	size_t nh, nn;
	wint_t *h = folded(hay, &nh), *n = folded(needle, &nn);
	long at = -1;
	for (size_t p = 0; p + nn <= nh && at < 0; p++)
		if (memcmp(h + p, n, nn * sizeof *n) == 0)
			at = (long)p;
	free(h);
	free(n);
	return at;
}

/* Case-insensitive substring test, folding case beyond ASCII ("DÍA" finds "día"). */
static bool
matches(const char *hay, const char *needle)
{
	return tui_list_find(hay, needle) >= 0;
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

bool
tui_list_set_prefer(struct tui_list *l, size_t count, const char *prefer)
{
	size_t keep = tui_list_selected(l), old_sel = l->sel;
	bool found = false;
	l->count = count;
	rebuild(l);
	size_t s = find_key(l, prefer);
	if (s != (size_t)-1) {
		l->sel = s;
		found = true;
	} else if (l->remembered) {
		for (int i = 0; i < 3 && s == (size_t)-1; i++)
			s = find_key(l, l->keep[i]);
		/* Neither the record nor a neighbour: the same place rather than the top. */
		l->sel = s != (size_t)-1 ? s : l->shown == 0 ? 0 : old_sel < l->shown ? old_sel : l->shown - 1;
	} else if (keep != (size_t)-1 && l->shown > 0 && tui_list_selected(l) != keep) {
		/* The old row is gone: stay at the same place rather than jump to the top. */
		l->sel = keep < l->shown ? keep : l->shown - 1;
	}
	forget(l);
	if (l->top >= l->shown || l->top > l->sel)
		l->top = l->sel;
	return found;
}

void
tui_list_set(struct tui_list *l, size_t count)
{
	tui_list_set_prefer(l, count, NULL);
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
			utf8_drop_last(l->filter);
		} else if (k->code == TUI_CTRL('u')) {
			l->filter[0] = '\0';
		} else if (tui_keys_is_text(k->code)) {
			utf8_append(l->filter, sizeof l->filter, (uint32_t)k->code);
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
	case TUI_ACT_CLICK:
		/* A click on a row selects it; elsewhere it is not the list's. */
		if (k->y < l->draw_y || k->y >= l->draw_y + l->page || l->top + (size_t)(k->y - l->draw_y) >= l->shown)
			return false;
		l->sel = l->top + (size_t)(k->y - l->draw_y);
		return true;
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
	l->draw_y = y;
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
