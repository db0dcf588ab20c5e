/* The form screen: fields as arrays of code points, edited in place. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/dates.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/editor.h"
#include "tui/form.h"
#include "tui/form_int.h"
#include "util/utf8.h"
#include "util/xmalloc.h"

#define LABEL_W 12

struct form {
	char *title;
	struct field *f;
	size_t n, focus;
	const struct tui_form_ops *ops;
	void *ctx;
	bool modified, saving, conflict, reloading;
	unsigned save_gen;
	int long_w;              /* the long field's width at the last draw */
};

/* ---- the screen ---- */

static struct form *
F(struct tui_view *v)
{
	return v->data;
}

static void
form_init(struct tui_view *v, void *arg)
{
	const struct tui_form_def *def = arg;
	struct form *fm = xcalloc(1, sizeof *fm);
	v->data = fm;
	fm->title = xstrdup(def->title);
	fm->n = def->n;
	fm->f = xcalloc(def->n, sizeof *fm->f);
	fm->ops = def->ops;
	fm->ctx = def->ctx;
	/* What the last form said (a "not saved: ...") is not about this one. */
	tui_app_status_clear(v->app);
	for (size_t i = 0; i < def->n; i++) {
		struct field *f = &fm->f[i];
		f->spec = &def->fields[i];
		if (f->spec->kind == TUI_F_CHOICE && f->spec->choices != NULL) {
			size_t k = 0;
			while (f->spec->choices[k] != NULL)
				k++;
			tui_form_set_choices(v, i, f->spec->choices, k, 0);
		}
		tui_field_set(f, def->values != NULL ? def->values[i] : NULL);
		if (f->spec->kind == TUI_F_CHOICE && def->values != NULL && def->values[i] != NULL)
			for (size_t k = 0; k < f->nchoices; k++)
				if (strcmp(f->choices[k], def->values[i]) == 0)
					f->choice = k;
	}
}

static void
free_choices(struct field *f)
{
	for (size_t k = 0; k < f->nchoices; k++)
		free(f->choices[k]);
	free(f->choices);
	f->choices = NULL;
	f->nchoices = 0;
}

static void
form_free(struct tui_view *v)
{
	struct form *fm = F(v);
	if (fm == NULL)
		return;
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->f[i].cp);
		free(fm->f[i].utf8);
		free_choices(&fm->f[i]);
	}
	free(fm->f);
	free(fm->title);
	if (fm->ops->free != NULL)
		fm->ops->free(fm->ctx);
	free(fm);
}

/* What a WHEN or DAY field reads as; false when it does not parse. */
static bool
parsed(const struct field *f, char *out, size_t size)
{
	char why[160];
	ms_t ms;
	struct day d;
	const char *v = f->utf8;
	if (f->spec->kind == TUI_F_WHEN) {
		if (v[0] == '\0') {
			snprintf(out, size, "needs a time (now, -2h, 2026-11-26 08:00 ...)");
			return false;
		}
		if (dates_parse_when(v, clock_now_ms(), &ms, why, sizeof why) != 0) {
			snprintf(out, size, "%s", why);
			return false;
		}
		dates_local_format_zone(ms, out, size);
		return true;
	}
	if (v[0] == '\0') {
		snprintf(out, size, "(none)");
		return true;
	}
	if (dates_parse_day(v, clock_now_ms(), &d, why, sizeof why) != 0) {
		snprintf(out, size, "%s", why);
		return false;
	}
	dates_day_format(d, out);
	return true;
}

/* Draws a one-line field's text from hscroll in bw columns; returns the cursor column. */
static int
draw_line(WINDOW *win, int y, int x, int bw, struct field *f, enum tui_role role)
{
	if (f->cur < f->hscroll)
		f->hscroll = f->cur;
	for (;;) {
		int wsum = 0;
		for (size_t i = f->hscroll; i < f->cur; i++)
			wsum += tui_field_cpw(f->cp[i]);
		if (wsum <= bw - 1 || f->hscroll >= f->cur)
			break;
		f->hscroll++;
	}
	tui_draw_fill(win, y, x, bw, role);
	struct field tmp = *f;
	/* The visible slice as its own string: encode from hscroll. */
	tmp.cp = f->cp + f->hscroll;
	tmp.len = f->len - f->hscroll;
	tmp.utf8 = NULL;
	tui_field_utf8(&tmp);
	tui_draw_text(win, y, x, bw, tmp.utf8, role);
	free(tmp.utf8);
	int col = 0;
	for (size_t i = f->hscroll; i < f->cur; i++)
		col += tui_field_cpw(f->cp[i]);
	return col;
}

static void
form_draw(struct tui_view *v, WINDOW *win, int h, int w)
{
	struct form *fm = F(v);
	int y = 0, cy = -1, cx = -1;
	tui_draw_text(win, y, 1, w - 2, fm->title, TUI_R_TITLE);
	if (fm->saving)
		tui_draw_right(win, y, 0, w - 1, "saving...", TUI_R_WARN);
	else if (fm->conflict)
		tui_draw_right(win, y, 0, w - 1, "changed elsewhere: C-r reloads", TUI_R_ERROR);
	else if (fm->modified)
		tui_draw_right(win, y, 0, w - 1, "[modified]", TUI_R_DIM);
	y += 2;
	int lw = w >= 40 ? LABEL_W : 8;
	int bx = lw + 2, bw = w - bx - 1;
	if (bw < 4)
		bw = 4;
	/* Lines the fields other than a long one take; the long one gets the rest. */
	int fixed = 0;
	size_t nlong = 0;
	for (size_t i = 0; i < fm->n; i++) {
		if (fm->f[i].spec->kind == TUI_F_LONG)
			nlong++;
		else
			fixed++;
	}
	int long_h = nlong > 0 ? (h - y - fixed - 2) / (int)nlong : 0;
	if (long_h < 2)
		long_h = 2;
	for (size_t i = 0; i < fm->n; i++)
		fm->f[i].draw_h = 0;
	for (size_t i = 0; i < fm->n && y < h - 1; i++) {
		struct field *f = &fm->f[i];
		bool active = i == fm->focus;
		int y0 = y;
		enum tui_role role = f->invalid ? TUI_R_INVALID : active ? TUI_R_FIELD_ACTIVE : TUI_R_FIELD;
		tui_draw_text(win, y, 1, lw, f->spec->label, active ? TUI_R_TITLE : TUI_R_NORMAL);
		switch (f->spec->kind) {
		case TUI_F_TEXT: {
			int fw = bw;
			char sug[160];
			/* What Tab would complete it to, in the hint's place. */
			bool offer = active && fm->ops->suggest != NULL && fm->ops->suggest(v, fm->ctx, i, sug + 5, sizeof sug - 5);
			if (offer)
				memcpy(sug, "Tab: ", 5);
			const char *hint = offer ? sug : f->spec->hint;
			int hw = hint != NULL ? tui_draw_width(hint) + 1 : 0;
			/* The offer may take all but a dozen columns of what is typed. */
			if (offer && hw > bw - 12)
				hw = bw - 12;
			if (hw > 0 && bw - hw >= 8)
				fw = bw - hw;
			int col = draw_line(win, y, bx, fw, f, role);
			if (hw > 0 && fw < bw)
				tui_draw_text(win, y, bx + fw + 1, hw - 1, hint, offer ? TUI_R_GOOD : TUI_R_DIM);
			if (active) {
				cy = y;
				cx = bx + col;
			}
			y++;
			break;
		}
		case TUI_F_WHEN:
		case TUI_F_DAY: {
			char shown[200];
			bool ok = parsed(f, shown, sizeof shown);
			int fw = bw > 24 ? 22 : bw;
			if (!ok && active)
				role = TUI_R_INVALID;
			int col = draw_line(win, y, bx, fw, f, ok ? role : TUI_R_INVALID);
			if (bw - fw > 4)
				tui_draw_textf(win, y, bx + fw + 1, bw - fw - 1, ok ? TUI_R_GOOD : TUI_R_ERROR, "%s %s",
				    ok ? "=" : (tui_draw_utf8() ? "\xe2\x9c\x97" : "x"), shown);
			if (active) {
				cy = y;
				cx = bx + col;
			}
			y++;
			break;
		}
		case TUI_F_CHOICE: {
			const char *label = f->nchoices > 0 ? f->choices[f->choice] : "";
			tui_draw_fill(win, y, bx, bw, TUI_R_NORMAL);
			tui_draw_textf(win, y, bx, bw, role, "< %s >", label);
			if (active && f->typed[0] != '\0')
				tui_draw_textf(win, y, bx + tui_draw_width(label) + 5, bw - tui_draw_width(label) - 5, TUI_R_GOOD,
				    " found by \"%s\"", f->typed);
			else if (active)
				tui_draw_text(win, y, bx + tui_draw_width(label) + 5, bw - tui_draw_width(label) - 5,
				    " type to find; Left/Right or Space", TUI_R_DIM);
			y++;
			break;
		}
		case TUI_F_LONG: {
			size_t nl;
			int lh = long_h;
			if (y + lh > h - 1)
				lh = h - 1 - y;
			if (lh < 1)
				lh = 1;
			fm->long_w = bw;
			struct span *s = tui_field_layout(f, bw, &nl);
			size_t cl = tui_field_cursor_line(s, nl, f->cur);
			if (cl < f->vscroll)
				f->vscroll = cl;
			if (cl >= f->vscroll + (size_t)lh)
				f->vscroll = cl - (size_t)lh + 1;
			for (int r = 0; r < lh; r++) {
				size_t li = f->vscroll + (size_t)r;
				tui_draw_fill(win, y + r, bx, bw, role);
				if (li >= nl)
					continue;
				struct field tmp = *f;
				tmp.cp = f->cp + s[li].start;
				tmp.len = s[li].end - s[li].start;
				tmp.utf8 = NULL;
				tui_field_utf8(&tmp);
				tui_draw_text(win, y + r, bx, bw, tmp.utf8, role);
				free(tmp.utf8);
				if (active && li == cl) {
					int col = 0;
					for (size_t k = s[li].start; k < f->cur; k++)
						col += tui_field_cpw(f->cp[k]);
					cy = y + r;
					cx = bx + col;
				}
			}
			if (nl > (size_t)lh)
				tui_draw_textf(win, y + lh - 1, 1, lw, TUI_R_DIM, "%zu/%zu", cl + 1, nl);
			free(s);
			y += lh;
			break;
		}
		}
		f->draw_y = y0;
		f->draw_h = y - y0;
	}
	if (h >= 4) {
		/* Only what this form offers: $EDITOR with a body, reload when it edits a stored record. */
		bool body = false;
		for (size_t i = 0; i < fm->n; i++)
			body = body || fm->f[i].spec->kind == TUI_F_LONG;
		tui_draw_textf(win, h - 1, 1, w - 2, TUI_R_DIM, "C-s save  Esc cancel  Tab/S-Tab field%s%s",
		    body ? "  C-o $EDITOR (body)" : "", fm->conflict ? "  C-r reload" : "");
	}
	if (cy >= 0 && cx < w)
		tui_app_cursor(v->app, cy, cx);
}

static void
focus_move(struct form *fm, int d)
{
	fm->f[fm->focus].typed[0] = '\0';
	fm->focus = (fm->focus + fm->n + (size_t)(d + (int)fm->n)) % fm->n;
}

static void
discard_answer(struct tui_view *v, bool yes, int tag)
{
	if (yes) {
		tui_app_status_clear(v->app);
		tui_app_pop(v->app, v);
	}
}

static void
start_reload(struct tui_view *v)
{
	struct form *fm = F(v);
	fm->reloading = true;
	fm->ops->reload(v, fm->ctx);
}

static void
reload_answer(struct tui_view *v, bool yes, int tag)
{
	if (yes && !F(v)->saving)
		start_reload(v);
}

static bool
conflict_status(const struct table_err *e)
{
	return e->status == TABLE_COND_FAILED ||
	    (e->status == TABLE_TXN_CANCELED && e->reason == TABLE_COND_FAILED);
}

static void
do_save(struct tui_view *v)
{
	struct form *fm = F(v);
	char why[512];
	for (size_t i = 0; i < fm->n; i++)
		fm->f[i].invalid = false;
	/* A time that does not parse is never saved, whatever else is right. */
	for (size_t i = 0; i < fm->n; i++) {
		struct field *f = &fm->f[i];
		if (f->spec->kind != TUI_F_WHEN && f->spec->kind != TUI_F_DAY)
			continue;
		char shown[200];
		if (!parsed(f, shown, sizeof shown)) {
			f->invalid = true;
			fm->focus = i;
			tui_app_status(v->app, true, "not saved: %s: %s", f->spec->label, shown);
			return;
		}
	}
	why[0] = '\0';
	if (fm->ops->save(v, fm->ctx, why, sizeof why) != 0) {
		tui_form_mark(v, why);
		tui_app_status(v->app, true, "not saved: %s", why[0] != '\0' ? why : "refused");
	}
}

static void
field_editor(struct tui_view *v, struct field *f)
{
	char *out = NULL;
	char why[256];
	if (tui_editor_edit(v->app, f->utf8, &out, why, sizeof why) != 0) {
		tui_app_status(v->app, true, "%s", why);
		return;
	}
	if (strcmp(out, f->utf8) != 0) {
		tui_field_set(f, out);
		F(v)->modified = true;
	}
	free(out);
}

static bool
form_key(struct tui_view *v, const struct tui_key *k)
{
	struct form *fm = F(v);
	struct field *f = &fm->f[fm->focus];
	if (f->spec->kind == TUI_F_LONG) {
		int width = fm->long_w > 0 ? fm->long_w : COLS - LABEL_W - 3;
		if (k->code == (TUI_FN | KEY_UP) && tui_field_long_move(f, -1, width))
			return true;
		if (k->code == (TUI_FN | KEY_DOWN) && tui_field_long_move(f, 1, width))
			return true;
		if (k->act == TUI_ACT_NEWLINE) {
			tui_field_insert(f, '\n');
			fm->modified = true;
			return true;
		}
	}
	switch (k->act) {
	case TUI_ACT_CLICK:
		/* A click on a field's line focuses it. */
		for (size_t i = 0; i < fm->n; i++)
			if (fm->f[i].draw_h > 0 && k->y >= fm->f[i].draw_y && k->y < fm->f[i].draw_y + fm->f[i].draw_h) {
				fm->f[fm->focus].typed[0] = '\0';
				fm->focus = i;
			}
		return true;
	case TUI_ACT_NEXT_FIELD:
	case TUI_ACT_NEWLINE:
		/* Tab (the key itself, not Down) takes what the field completes to. */
		if (k->code == '\t' && f->spec->kind == TUI_F_TEXT && fm->ops->complete != NULL &&
		    fm->ops->complete(v, fm->ctx, fm->focus))
			fm->modified = true;
		focus_move(fm, 1);
		return true;
	case TUI_ACT_PREV_FIELD:
		focus_move(fm, -1);
		return true;
	case TUI_ACT_SAVE:
		if (fm->saving) {
			tui_app_status(v->app, false, "already saving");
			return true;
		}
		do_save(v);
		return true;
	case TUI_ACT_CANCEL:
		if (fm->saving) {
			tui_app_status(v->app, false, "saving: wait for the store's answer");
			return true;
		}
		if (fm->modified) {
			tui_dialog_confirm(v, "Discard what you typed?", discard_answer, 0);
		} else {
			tui_app_status_clear(v->app);
			tui_app_pop(v->app, v);
		}
		return true;
	case TUI_ACT_RELOAD:
		if (fm->ops->reload == NULL || fm->saving) {
			tui_app_status(v->app, false, "nothing to reload");
			return true;
		}
		/* What was typed would be lost: ask first. */
		if (fm->modified)
			tui_dialog_confirm(v, "Reload the stored values? What you typed is lost.", reload_answer, 0);
		else
			start_reload(v);
		return true;
	case TUI_ACT_FIELD_EDITOR:
		if (f->spec->kind == TUI_F_LONG)
			field_editor(v, f);
		else
			tui_app_status(v->app, false, "C-o edits a text body in $EDITOR");
		return true;
	default:
		break;
	}
	if (f->spec->kind == TUI_F_CHOICE) {
		if (f->nchoices == 0)
			return true;
		if (k->act == TUI_ACT_LEFT)
			f->choice = (f->choice + f->nchoices - 1) % f->nchoices;
		else if (k->act == TUI_ACT_RIGHT || k->code == ' ')
			f->choice = (f->choice + 1) % f->nchoices;
		else if (k->act == TUI_ACT_BACKSPACE || tui_keys_is_text(k->code))
			return tui_field_choice_type(v->app, f, k, &F(v)->modified);
		else
			return false;
		f->typed[0] = '\0';
		fm->modified = true;
		return true;
	}
	return tui_field_edit_key(f, k, &fm->modified);
}

static void
form_on_data(struct tui_view *v, struct tui_job *j)
{
	struct form *fm = F(v);
	char why[512];
	if (j->kind == TUI_FORM_JOB_RELOAD) {
		fm->reloading = false;
		if (j->rc != 0) {
			tui_app_status(v->app, true, "reload failed: %s", j->err.message);
			return;
		}
		fm->ops->reloaded(v, fm->ctx, j);
		fm->conflict = false;
		tui_app_status(v->app, false, "reloaded: the stored values are in the form; edit and C-s again");
		return;
	}
	if (j->kind == TUI_FORM_JOB_OTHER) {
		if (fm->ops->data != NULL)
			fm->ops->data(v, fm->ctx, j);
		return;
	}
	if (j->kind != TUI_FORM_JOB_SAVE || j->gen != fm->save_gen)
		return;
	fm->saving = false;
	tui_app_note(v, j);
	if (j->rc != 0 && conflict_status(&j->err) && fm->ops->reload != NULL) {
		fm->conflict = true;
		tui_app_status(v->app, true, "not saved: it was changed elsewhere since you opened it; C-r reloads it");
		return;
	}
	why[0] = '\0';
	if (fm->ops->saved(v, fm->ctx, j, why, sizeof why) == 0) {
		fm->modified = false;
		tui_app_pop(v->app, v);
		return;
	}
	tui_form_mark(v, why);
	tui_app_status(v->app, true, "not saved: %s", why[0] != '\0' ? why : j->err.message);
}

static bool
form_unsaved(struct tui_view *v)
{
	return F(v)->modified;
}

const struct tui_screen tui_form_screen = {
	.name = "Form",
	.keys = TUI_KC_FORM,
	.text_input = true,
	.init = form_init,
	.free = form_free,
	.draw = form_draw,
	.key = form_key,
	.on_data = form_on_data,
	.unsaved = form_unsaved,
	.draft = tui_form_draft,
};

struct tui_view *
tui_form_open(struct tui_app *a, const struct tui_form_def *def)
{
	return tui_app_push(a, &tui_form_screen, (void *)(uintptr_t)def);
}

void *
tui_form_ctx(struct tui_view *v)
{
	return F(v)->ctx;
}

const char *
tui_form_value(struct tui_view *v, size_t i)
{
	struct form *fm = F(v);
	if (i >= fm->n)
		return "";
	struct field *f = &fm->f[i];
	if (f->spec->kind == TUI_F_CHOICE)
		return f->nchoices > 0 ? f->choices[f->choice] : "";
	return f->utf8;
}

void
tui_form_set_value(struct tui_view *v, size_t i, const char *utf8)
{
	struct form *fm = F(v);
	if (i >= fm->n)
		return;
	struct field *f = &fm->f[i];
	if (f->spec->kind == TUI_F_CHOICE) {
		for (size_t k = 0; k < f->nchoices; k++)
			if (utf8 != NULL && strcmp(f->choices[k], utf8) == 0)
				f->choice = k;
		return;
	}
	tui_field_set(f, utf8);
}

void
tui_form_set_choices(struct tui_view *v, size_t i, const char *const *labels, size_t n, size_t sel)
{
	struct form *fm = v->data;
	struct field *f = &fm->f[i];
	free_choices(f);
	f->choices = xcalloc(n + 1, sizeof *f->choices);
	for (size_t k = 0; k < n; k++)
		f->choices[k] = xstrdup(labels[k]);
	f->nchoices = n;
	f->choice = sel < n ? sel : 0;
}

size_t
tui_form_choice(struct tui_view *v, size_t i)
{
	struct form *fm = F(v);
	return i < fm->n ? fm->f[i].choice : 0;
}

bool
tui_form_mark(struct tui_view *v, const char *why)
{
	struct form *fm = F(v);
	for (size_t i = 0; i < fm->n; i++) {
		const char *attr = fm->f[i].spec->attr;
		size_t n = attr != NULL ? strlen(attr) : 0;
		if (n > 0 && strncmp(why, attr, n) == 0 && why[n] == ':') {
			fm->f[i].invalid = true;
			fm->focus = i;
			return true;
		}
	}
	return false;
}

void
tui_form_set_modified(struct tui_view *v, bool modified)
{
	F(v)->modified = modified;
}

void
tui_form_submit(struct tui_view *v, struct tui_job *j, int kind)
{
	struct form *fm = F(v);
	j->kind = kind;
	if (kind == TUI_FORM_JOB_SAVE) {
		j->write = true;
		fm->saving = true;
		fm->save_gen = ++v->gen;
	}
	tui_app_submit(v, j);
}

json_t *
tui_form_draft(struct tui_view *v)
{
	struct form *fm = F(v);
	json_t *fields = json_object();
	for (size_t i = 0; i < fm->n; i++)
		json_object_set_new(fields, fm->f[i].spec->label, json_string(tui_form_value(v, i)));
	json_t *d = json_pack("{s:s, s:o}", "title", fm->title, "fields", fields);
	if (fm->ops->draft != NULL) {
		json_t *extra = fm->ops->draft(v, fm->ctx);
		if (extra != NULL)
			json_object_set_new(d, "extra", extra);
	}
	return d;
}

size_t
tui_form_focus(struct tui_view *v)
{
	return F(v)->focus;
}

void
tui_form_cursor(struct tui_view *v, size_t *index, int *col)
{
	struct form *fm = F(v);
	struct field *f = &fm->f[fm->focus];
	size_t from = f->spec->kind == TUI_F_LONG ? tui_field_line_start(f) : 0;
	int c = 0;
	for (size_t k = from; k < f->cur; k++)
		c += tui_field_cpw(f->cp[k]);
	*index = f->cur;
	*col = c;
}

bool
tui_form_invalid(struct tui_view *v, size_t i)
{
	struct form *fm = F(v);
	return i < fm->n && fm->f[i].invalid;
}

bool
tui_form_reads(struct tui_view *v, size_t i, char *out, size_t size)
{
	struct form *fm = F(v);
	if (i >= fm->n || (fm->f[i].spec->kind != TUI_F_WHEN && fm->f[i].spec->kind != TUI_F_DAY)) {
		snprintf(out, size, "not a time field");
		return false;
	}
	return parsed(&fm->f[i], out, size);
}
