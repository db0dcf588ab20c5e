/* A form's fields: code point buffers, the layout of a long one, editing keys, type-ahead on a choice. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tui/form_int.h"
#include "tui/list.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

void
tui_field_utf8(struct field *f)
{
	size_t cap = f->len * 4 + 1, o = 0;
	char *s = xmalloc(cap);
	for (size_t i = 0; i < f->len; i++) {
		o += utf8_encode(f->cp[i], s + o);
	}
	s[o] = '\0';
	free(f->utf8);
	f->utf8 = s;
}

void
tui_field_set(struct field *f, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, i = 0;
	f->len = 0;
	f->cur = 0;
	f->hscroll = f->vscroll = 0;
	while (i < n) {
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);
		if (l == 0) {
			c = 0xfffd;
			l = 1;
		}
		i += l;
		/* A one-line field holds no line breaks; a long one keeps newlines and tabs. */
		if (c == '\r' || (c == '\n' && f->spec->kind != TUI_F_LONG))
			c = ' ';
		if (f->len + 1 > f->cap) {
			f->cap = f->cap ? f->cap * 2 : 32;
			f->cp = xreallocarray(f->cp, f->cap, sizeof *f->cp);
		}
		f->cp[f->len++] = c;
	}
	f->cur = f->len;
	tui_field_utf8(f);
}

void
tui_field_insert(struct field *f, uint32_t c)
{
	if (f->len + 1 > f->cap) {
		f->cap = f->cap ? f->cap * 2 : 32;
		f->cp = xreallocarray(f->cp, f->cap, sizeof *f->cp);
	}
	memmove(f->cp + f->cur + 1, f->cp + f->cur, (f->len - f->cur) * sizeof *f->cp);
	f->cp[f->cur++] = c;
	f->len++;
	tui_field_utf8(f);
}

void
tui_field_erase(struct field *f, size_t from, size_t to)
{
	if (to <= from || to > f->len)
		return;
	memmove(f->cp + from, f->cp + to, (f->len - to) * sizeof *f->cp);
	f->len -= to - from;
	f->cur = from;
	tui_field_utf8(f);
}

int
tui_field_cpw(uint32_t c)
{
	if (c == '\t')
		return 1;
	int w = utf8_cp_width(c);
	return w > 0 ? w : (utf8_is_control(c) ? 2 : 0);
}

/* Start and end of the logical line (between newlines) around the cursor. */
size_t
tui_field_line_start(const struct field *f)
{
	size_t i = f->cur;
	while (i > 0 && f->cp[i - 1] != '\n')
		i--;
	return i;
}

size_t
tui_field_line_end(const struct field *f)
{
	size_t i = f->cur;
	while (i < f->len && f->cp[i] != '\n')
		i++;
	return i;
}

/* ---- long field layout: lines broken at newlines and at the width ---- */

struct span *
tui_field_layout(const struct field *f, int width, size_t *n)
{
	struct span *s = NULL;
	size_t count = 0, i = 0;
	if (width < 2)
		width = 2;
	for (;;) {
		size_t start = i;
		int col = 0;
		while (i < f->len && f->cp[i] != '\n' && col + tui_field_cpw(f->cp[i]) <= width - 1) {
			col += tui_field_cpw(f->cp[i]);
			i++;
		}
		s = xreallocarray(s, count + 1, sizeof *s);
		s[count++] = (struct span){ start, i };
		if (i >= f->len)
			break;
		if (f->cp[i] == '\n')
			i++;
	}
	*n = count;
	return s;
}

size_t
tui_field_cursor_line(const struct span *s, size_t n, size_t cur)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i].start <= cur)
			k = i;
	return k;
}

/* The choice typed letters find: the first that starts with them, else the first that holds them; -1. */
static long
choice_find(const struct field *f, const char *typed)
{
	for (size_t k = 0; k < f->nchoices; k++)
		if (tui_list_find(f->choices[k], typed) == 0)
			return (long)k;
	for (size_t k = 0; k < f->nchoices; k++)
		if (tui_list_find(f->choices[k], typed) > 0)
			return (long)k;
	return -1;
}

/* A letter typed on a choice: the choice it finds (typed stays as it was when none does). */
bool
tui_field_choice_type(struct tui_app *a, struct field *f, const struct tui_key *k, bool *modified)
{
	size_t n = strlen(f->typed);
	if (k->act == TUI_ACT_BACKSPACE) {
		while (n > 0 && ((unsigned char)f->typed[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0)
			n--;
		f->typed[n] = '\0';
		return true;
	}
	char enc[4];
	size_t l = utf8_encode((uint32_t)k->code, enc);
	if (n + l + 1 > sizeof f->typed)
		return true;
	memcpy(f->typed + n, enc, l);
	f->typed[n + l] = '\0';
	long at = choice_find(f, f->typed);
	if (at < 0) {
		tui_app_status(a, true, "no choice holds \"%s\"", f->typed);
		f->typed[n] = '\0';
		return true;
	}
	f->choice = (size_t)at;
	*modified = true;
	return true;
}

bool
tui_field_edit_key(struct field *f, const struct tui_key *k, bool *modified)
{
	size_t before = f->len;
	switch (k->act) {
	case TUI_ACT_LEFT:
		if (f->cur > 0)
			f->cur--;
		return true;
	case TUI_ACT_RIGHT:
		if (f->cur < f->len)
			f->cur++;
		return true;
	case TUI_ACT_LINE_START:
		f->cur = f->spec->kind == TUI_F_LONG ? tui_field_line_start(f) : 0;
		return true;
	case TUI_ACT_LINE_END:
		f->cur = f->spec->kind == TUI_F_LONG ? tui_field_line_end(f) : f->len;
		return true;
	case TUI_ACT_KILL_END:
		tui_field_erase(f, f->cur, f->spec->kind == TUI_F_LONG ? tui_field_line_end(f) : f->len);
		break;
	case TUI_ACT_KILL_START:
		tui_field_erase(f, f->spec->kind == TUI_F_LONG ? tui_field_line_start(f) : 0, f->cur);
		break;
	case TUI_ACT_BACKSPACE:
		if (f->cur > 0)
			tui_field_erase(f, f->cur - 1, f->cur);
		break;
	case TUI_ACT_DELCHAR:
		if (f->cur < f->len)
			tui_field_erase(f, f->cur, f->cur + 1);
		break;
	default:
		if (!tui_keys_is_text(k->code))
			return false;
		tui_field_insert(f, (uint32_t)k->code);
		break;
	}
	if (f->len != before)
		*modified = true;
	f->invalid = false;
	return true;
}

/* Up and Down inside a long field: to the same column of the line above or below. */
bool
tui_field_long_move(struct field *f, int d, int width)
{
	size_t n;
	struct span *s = tui_field_layout(f, width, &n);
	size_t cl = tui_field_cursor_line(s, n, f->cur);
	bool moved = false;
	if ((d < 0 && cl > 0) || (d > 0 && cl + 1 < n)) {
		int col = 0;
		for (size_t k = s[cl].start; k < f->cur; k++)
			col += tui_field_cpw(f->cp[k]);
		size_t t = d < 0 ? cl - 1 : cl + 1, p = s[t].start;
		int c = 0;
		while (p < s[t].end && c + tui_field_cpw(f->cp[p]) <= col) {
			c += tui_field_cpw(f->cp[p]);
			p++;
		}
		f->cur = p;
		moved = true;
	}
	free(s);
	return moved;
}
