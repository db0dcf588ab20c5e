/*
 * What the record forms (views/forms.c) share with their quick entry
 * (views/forms_quick.c): the field tables, the form's state, the save job.
 * Nothing outside views/forms*.c includes this.
 */
#ifndef AILIFE_VIEWS_FORMS_INT_H
#define AILIFE_VIEWS_FORMS_INT_H

#include <stdbool.h>

#include "datastore/store.h"
#include "tui/app.h"
#include "tui/form.h"

struct form_write;

struct spec_set {
	const struct tui_field_spec *f;
	size_t n;
};

#define SPECS(a) { (a), sizeof(a) / sizeof((a)[0]) }

struct rec_form {
	enum model_type type;
	void *orig;              /* the record as read (edit), NULL (add) */
	bool new_user;           /* first run: the profile of a user that does not exist yet */
	char *user_id;
	char **goal_ids;         /* the goal choice: index 0 is "(none)" (or the only goal for a log) */
	size_t ngoals;
	char *when_initial;      /* the When text as first shown: unchanged keeps the stored time */
	bool imperial;           /* the profile's units: distances in miles */
	/* A new meal: the user's earlier meals' names, most frequent (then most recent) first. */
	struct meal_name *names;
	size_t nnames;
	struct store_list past;  /* the meals they were read from (the last year's) */
	struct form_write *write;   /* the logical write of the last C-s not saved (views/forms_write.h) */
	char *when_typed;        /* the When text of the C-s being saved */
};

struct meal_name {
	const struct model_meal *last;   /* the latest meal of that name (in past) */
	size_t count;
};

struct save_job {
	enum model_type type;
	void *rec;
	bool create;
	struct model_goal *goal;  /* W3: the goal after the log */
	struct model_activity *old;   /* an activity edit: the activity as read */
	struct store_activity_change ch;
	/* The identity kept from the C-s before (views/forms_write.h). */
	bool retry;               /* an attempt came before this one: its write may have been applied */
	char token[27];           /* an activity log's ClientRequestToken (ULID_LEN + 1) */
	char *created_at;         /* a create's createdAt, an edit's updatedAt, of the attempt before */
	char *updated_at;
	struct model_goal *goal_read;   /* a log: the goal as the session loaded it (may be NULL) */
	struct model_activity *prev;    /* a log retried: the attempt before, as it left it */
};

/* The fields of rf's form: the profile's units decide the workout's distance. */
const struct spec_set *view_forms_specs(const struct rec_form *rf);
/* The text a field shows for a record's attribute ("" when absent), distances in the profile's units. */
char *view_forms_field_text(enum model_type type, const void *rec, const struct tui_field_spec *s, bool imperial);
/* The save job (W1/W2 create, W3 log, W4 update, an activity's edit). */
int view_forms_save_run(struct tui_job *j, struct table *t);
void view_forms_save_free(void *p);

/* A new meal's name completion: the earlier meals read (a form job), what Tab offers, Tab. */
void view_forms_meals_load(struct tui_view *v, struct rec_form *rf);
void view_forms_meals_in(struct tui_view *v, void *ctx, struct tui_job *j);
bool view_forms_suggest(struct tui_view *v, void *ctx, size_t i, char *out, size_t size);
bool view_forms_complete(struct tui_view *v, void *ctx, size_t i);

#endif
