/*
 * u: the changes made since the interface started, the last on top. A write
 * job marked undoable (tui_job_undoable) comes back with what it touched
 * (datastore/store_undo.h); it is kept here, and u undoes it in one
 * transaction on the worker. An undo rebases the older changes on what it
 * left, so that u walks back further.
 */
#include <stdlib.h>
#include <string.h>

#include "datastore/keys.h"
#include "datastore/store_undo.h"
#include "tui/app.h"
#include "tui/app_int.h"
#include "util/xmalloc.h"

static void
undo_entry_free(struct tui_undo_entry *e)
{
	if (e->u != NULL) {
		store_undo_done(e->u);
		free(e->u);
	}
	free(e->what);
	e->u = NULL;
	e->what = NULL;
}

void
tui_app_undo_clear(struct tui_app *a)
{
	for (int i = 0; i < a->nundo; i++)
		undo_entry_free(&a->undo[i]);
	a->nundo = 0;
}

/* A change is back from the store: kept for u (the oldest goes when the stack is full). */
void
tui_app_undo_push(struct tui_app *a, struct tui_job *j)
{
	/* Kept even when it cannot be undone: u then says why, rather than undo an older change instead. */
	if (j->undo == NULL || j->rc != 0)
		return;
	if (a->nundo == UNDO_MAX) {
		undo_entry_free(&a->undo[0]);
		memmove(a->undo, a->undo + 1, (UNDO_MAX - 1) * sizeof *a->undo);
		a->nundo--;
	}
	a->undo[a->nundo].u = j->undo;
	a->undo[a->nundo].what = j->undo_what != NULL ? j->undo_what : xstrdup("the last change");
	a->nundo++;
	j->undo = NULL;
	j->undo_what = NULL;
}

static int
undo_job_run(struct tui_job *j, struct table *t)
{
	struct tui_undo_entry *e = j->data;
	return store_undo_apply(t, e->u, &j->err);
}

static void
undo_job_free(void *p)
{
	struct tui_undo_entry *e = p;
	undo_entry_free(e);
	free(e);
}

/* u: the change on top of the stack is undone (one transaction); the next u the one before it. */
void
tui_app_undo_last(struct tui_app *a)
{
	if (a->nundo == 0) {
		tui_app_status(a, false, "nothing to undo");
		return;
	}
	char why[256];
	if (!store_undo_possible(a->undo[a->nundo - 1].u, why, sizeof why)) {
		struct tui_undo_entry *top = &a->undo[--a->nundo];
		tui_app_status(a, true, "cannot undo %s: %s%s", top->what, why, a->nundo > 0 ? " (u: the change before)" : "");
		undo_entry_free(top);
		return;
	}
	struct tui_undo_entry *e = xcalloc(1, sizeof *e);
	*e = a->undo[--a->nundo];
	struct tui_job *j = tui_job_new(undo_job_run, e, undo_job_free);
	j->is_undo = true;
	j->write = true;
	tui_app_status(a, false, "undoing %s...", e->what);
	tui_app_submit_shell(a, j);
}

void
tui_app_undo_done(struct tui_app *a, struct tui_job *j)
{
	struct tui_undo_entry *e = j->data;
	struct tui_view *v = tui_app_top(a);
	if (v != NULL)
		tui_app_note(v, j);
	if (j->rc != 0) {
		bool race = j->err.status == TABLE_COND_FAILED ||
		    (j->err.status == TABLE_TXN_CANCELED && j->err.reason == TABLE_COND_FAILED);
		if (race)
			tui_app_status(a, true, "not undone: %s: changed since (elsewhere?), nothing was overwritten", e->what);
		else
			tui_app_status(a, true, "not undone: %s: %s", e->what, j->err.message);
		return;
	}
	/* The older changes find the items as this undo left them. */
	for (int i = 0; i < a->nundo; i++)
		store_undo_rebase(a->undo[i].u, e->u);
	/* The record that came back is selected where it is listed. */
	const char *sk = e->u->n > 0 ? table_item_str(e->u->keys[0], "SK") : NULL;
	char *type = NULL, *id = NULL, *at = NULL;
	if (sk != NULL && keys_parse_sk(sk, &type, &id, &at) == 0)
		tui_app_set_focus(a, at != NULL ? at : id);
	free(type);
	free(id);
	free(at);
	tui_app_status(a, false, "undone: %s%s", e->what, a->nundo > 0 ? " (u: the one before)" : "");
	tui_app_changed(a);
	/* The screen shown reads again now (the others when they are shown). */
	tui_app_view_show(tui_app_top(a));
}
