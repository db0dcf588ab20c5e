/*
 * Forms: labelled fields, Tab / Shift-Tab between them, Ctrl-S saves, Esc
 * cancels (asking when something was typed). Line editing: arrows, Home/End,
 * Ctrl-A/E/K/U, Backspace and Delete over whole characters, wide ones too. A
 * long field (a journal body) takes several lines and Enter; Ctrl-O edits it
 * in $EDITOR. WHEN and DAY fields show the time they read as you type, and an
 * invalid one is marked and never saved. A failed save keeps everything typed
 * and says why in the status line; a lost race offers Ctrl-R to reload.
 *
 * What saving means is the opener's: ops->save submits a job; ops->saved
 * looks at its result.
 */
#ifndef AILIFE_TUI_FORM_H
#define AILIFE_TUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "tui/app.h"

enum tui_field_kind {
	TUI_F_TEXT,              /* one line */
	TUI_F_LONG,              /* several lines */
	TUI_F_WHEN,              /* a WHEN of cli.md */
	TUI_F_DAY,               /* a DAY of cli.md; empty allowed */
	TUI_F_CHOICE,            /* one of a list: Left/Right/Space */
};

struct tui_field_spec {
	const char *label;       /* "Title" */
	const char *attr;        /* the model attribute it sets ("title"), for marking a refused value */
	enum tui_field_kind kind;
	const char *const *choices;   /* TUI_F_CHOICE: NULL-terminated (or set later) */
	const char *hint;        /* shown after the field: "kcal", "1-5" */
};

struct tui_form_ops {
	/* Checks the values and submits the save; -1 with why ("attr: reason") when a value is refused. */
	int (*save)(struct tui_view *v, void *ctx, char *why, size_t why_size);
	/* The save's job is back: 0 closes the form, -1 keeps it with why. */
	int (*saved)(struct tui_view *v, void *ctx, struct tui_job *j, char *why, size_t why_size);
	/* Ctrl-R after a lost race: submits a read of the record (NULL: not offered). */
	void (*reload)(struct tui_view *v, void *ctx);
	/* The read is back: the opener refills the fields. */
	void (*reloaded)(struct tui_view *v, void *ctx, struct tui_job *j);
	/*
	 * Optional completion of a text field: what Tab would make of field i as
	 * typed (a short text shown beside it; false: nothing to offer), and Tab
	 * taking it (the opener fills the fields; true when it did).
	 */
	bool (*suggest)(struct tui_view *v, void *ctx, size_t i, char *out, size_t size);
	bool (*complete)(struct tui_view *v, void *ctx, size_t i);
	/* Optional: a job the opener submitted with tui_form_submit (kind TUI_FORM_JOB_OTHER) is back. */
	void (*data)(struct tui_view *v, void *ctx, struct tui_job *j);
	/* What a draft must carry besides the field values (a new JSON object). */
	json_t *(*draft)(struct tui_view *v, void *ctx);
	void (*free)(void *ctx);
};

struct tui_form_def {
	const char *title;
	const struct tui_field_spec *fields;
	size_t n;
	const char *const *values;    /* initial values (n of them) or NULL */
	const struct tui_form_ops *ops;
	void *ctx;                    /* owned by the form from now on (ops->free) */
};

/* Job kinds of a form's own jobs. */
enum { TUI_FORM_JOB_SAVE = 1, TUI_FORM_JOB_RELOAD = 2, TUI_FORM_JOB_OTHER = 3 };

extern const struct tui_screen tui_form_screen;

struct tui_view *tui_form_open(struct tui_app *a, const struct tui_form_def *def);
/* The opener's context (def->ctx) of a form view. */
void *tui_form_ctx(struct tui_view *v);
/* Field i's value as UTF-8 (the form's storage, valid until the next edit). */
const char *tui_form_value(struct tui_view *v, size_t i);
void tui_form_set_value(struct tui_view *v, size_t i, const char *utf8);
/* Dynamic choices (copied); sel: the chosen index. */
void tui_form_set_choices(struct tui_view *v, size_t i, const char *const *labels, size_t n, size_t sel);
size_t tui_form_choice(struct tui_view *v, size_t i);
/* Marks the field whose attr starts why ("title: too long"); true when one was found. */
bool tui_form_mark(struct tui_view *v, const char *why);
void tui_form_set_modified(struct tui_view *v, bool modified);
/* Submits a job of the form (save: kind TUI_FORM_JOB_SAVE, shown as saving; write). */
void tui_form_submit(struct tui_view *v, struct tui_job *j, int kind);
/* The draft of a form view: {"title":..,"fields":{label:value},"extra":ops->draft}. */
json_t *tui_form_draft(struct tui_view *v);

/* The focused field, and the cursor in it: code points before it, columns they take on its line. */
size_t tui_form_focus(struct tui_view *v);
void tui_form_cursor(struct tui_view *v, size_t *index, int *col);
/* Whether field i is marked as refused (a value that does not parse, or one the save refused). */
bool tui_form_invalid(struct tui_view *v, size_t i);
/* What WHEN or DAY field i reads as (shown beside it); false with why in out when it does not parse. */
bool tui_form_reads(struct tui_view *v, size_t i, char *out, size_t size);

#endif
