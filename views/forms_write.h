/*
 * A form's logical write (issue 15, exactly once): the identity decided at
 * the first C-s (the record id, the resolved occurredAt, createdAt, the
 * updatedAt of an edit, an activity log's transaction token) kept through
 * every C-s that follows until the save succeeds or the form is closed, so
 * that a save whose outcome was unknown, saved again, re-sends the same
 * write: the store recognises it as done instead of making a second record.
 * Nothing outside views/forms*.c includes this.
 */
#ifndef AILIFE_VIEWS_FORMS_WRITE_H
#define AILIFE_VIEWS_FORMS_WRITE_H

#include <stdbool.h>

#include "datastore/store.h"
#include "datastore/ulid.h"

struct save_job;

struct form_write {
	enum model_type type;
	void *sent;                  /* the record as the last unsaved attempt left it; NULL: none yet */
	char *when_text;             /* the When text its occurredAt was resolved from */
	char token[ULID_LEN + 1];    /* an activity log's first ClientRequestToken ("" none yet) */
};

/* The occurredAt kept for this When text (the same text as the attempt before), else NULL. */
const char *form_write_when(const struct form_write *w, const char *when_text);
/*
 * The identity kept onto s (its rec built from the form's fields): the id,
 * createdAt (and an edit's updatedAt) of the attempt before, the token; a
 * first attempt gets a fresh token. s->retry says whether one came before.
 */
void form_write_apply(struct form_write *w, struct save_job *s);
/* The attempt of s did not succeed: its record (taken from s) is the identity kept; when_text (may be NULL). */
void form_write_failed(struct form_write *w, struct save_job *s, const char *when_text);
/* Saved, or the record read again (an edit's expected version changes): forgets the identity. */
void form_write_done(struct form_write *w);
/*
 * An activity's edit that moved it in time, retried and refused as gone
 * (NOT_FOUND): done when the activity is found at its new time (within the
 * milliseconds a taken one moves it on), the same one (its createdAt) with
 * the amount sent; then s->rec is it and s->goal the goal as it is now.
 */
int form_write_moved(struct table *t, struct save_job *s, struct table_err *err);
/* The send of s (on the worker thread): a retry recognises its own write sent before as done. */
int form_write_send(struct table *t, struct save_job *s, struct table_err *err);

#endif
