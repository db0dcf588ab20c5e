/*
 * The demo's writes: records become items as they are generated and go to
 * the table in batches of DEMO_WRITE_CHUNK, so ten years of data take a few
 * dozen batch calls instead of 100,000 puts.
 */
#include "datastore/demo_write.h"

#include <stdlib.h>
#include <string.h>

#include "util/xmalloc.h"

#define DEMO_WRITE_CHUNK 5000    /* writes per table_batch call */

void
demo_write_init(struct demo_write *w, struct table *t, struct table_err *err)
{
	memset(w, 0, sizeof *w);
	w->t = t;
	w->err = err;
	w->items = xcalloc(DEMO_WRITE_CHUNK, sizeof *w->items);
}

void
demo_write_done(struct demo_write *w)
{
	for (size_t i = 0; i < w->n; i++)
		json_decref(w->items[i]);
	free(w->items);
	w->items = NULL;
	w->n = 0;
}

json_t *
demo_write_item(enum model_type type, const void *rec, struct table_err *err)
{
	char why[256];
	json_t *item;

	if (model_validate(type, rec, why, sizeof why) != 0) {
		table_err_set(err, TABLE_ERROR, "bug: generated %s is invalid: %s",
		    model_entity(type)->label, why);
		return NULL;
	}
	item = model_to_item(type, rec);
	if (item == NULL)
		table_err_set(err, TABLE_ERROR, "bug: generated %s cannot be made an item",
		    model_entity(type)->label);
	return item;
}

int
demo_write_flush(struct demo_write *w)
{
	struct table_write *tw;
	int rc = 0;

	if (w->n == 0 || w->failed)
		return w->failed ? -1 : 0;
	tw = xcalloc(w->n, sizeof *tw);
	for (size_t i = 0; i < w->n; i++) {
		tw[i].kind = TABLE_WRITE_PUT;
		tw[i].item = w->items[i];
	}
	if (table_batch(w->t, tw, w->n, w->err) != 0) {
		w->failed = true;
		rc = -1;
	}
	for (size_t i = 0; i < w->n; i++)
		json_decref(w->items[i]);
	w->n = 0;
	free(tw);
	return rc;
}

void
demo_write_record(struct demo_write *w, enum model_type type, void *rec)
{
	json_t *item = NULL;

	if (!w->failed) {
		item = demo_write_item(type, rec, w->err);
		w->failed = item == NULL;
	}
	model_free(type, rec);
	if (item == NULL)
		return;
	w->items[w->n++] = item;
	w->counts[type]++;
	if (w->n == DEMO_WRITE_CHUNK)
		demo_write_flush(w);
}
