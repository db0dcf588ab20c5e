/* Reads that travel together (store_near.h). */
#include "datastore/store_near.h"

#include <stdlib.h>

#include "datastore/keys.h"
#include "datastore/store.h"
#include "datastore/store_int.h"
#include "util/xmalloc.h"

/* The one item of a page as a record of type want: 0 (*out NULL when the page is empty), -1 bad. */
static int
page_record(struct table_page *page, enum model_type want, void **out, struct table_err *err)
{
	enum model_type type;
	char why[256];

	*out = NULL;
	if (page->count == 0)
		return 0;
	if (model_from_item(page->items[0], &type, out, why, sizeof why) != 0)
		return table_err_set(err, TABLE_ERROR, "a stored %s does not read: %s", model_entity(want)->label, why);
	if (type != want) {
		model_free(type, *out);
		*out = NULL;
		return table_err_set(err, TABLE_ERROR, "a stored item is not a %s", model_entity(want)->label);
	}
	return 0;
}

int
store_get_with_profile(struct table *t, enum model_type type, const char *user_id, const char *id,
    void **rec, struct model_user **profile, struct table_err *err)
{
	const struct model_entity *e = model_entity(type);
	struct table_page pages[2];
	void *prof = NULL;
	int rc;

	*rec = NULL;
	*profile = NULL;
	CHECK_ID("user", user_id);
	if (!keys_id_valid(id))
		return table_err_set(err, TABLE_INVALID, "'%.*s%s' is not a valid %s id", ID_SHOWN(id), e->label);
	char *pk = keys_user_pk(user_id);
	char *sk = keys_entity_sk(e->type_name, id);
	struct table_query qs[2] = {
		{ .index = TABLE_INDEX_MAIN, .pk = pk, .sk_op = TABLE_KEY_EQ, .sk_a = keys_profile_sk(), .limit = 1 },
		{ .index = TABLE_INDEX_MAIN, .pk = pk, .sk_op = TABLE_KEY_EQ, .sk_a = sk, .limit = 1 },
	};
	memset(pages, 0, sizeof pages);
	store_explain_set(t, "AP1", "Query", NULL, "PK = \"%s\" AND SK = \"%s\" (with the profile)", pk, sk);
	rc = table_query_many(t, qs, pages, 2, err);
	free(pk);
	free(sk);
	if (rc != 0)
		return -1;
	if (page_record(&pages[0], MODEL_USER, &prof, err) != 0 || page_record(&pages[1], type, rec, err) != 0) {
		rc = -1;
	} else if (prof == NULL) {
		rc = table_err_set(err, TABLE_NOT_FOUND, "no user '%s'", user_id);
	}
	if (rc != 0) {
		if (prof != NULL)
			model_free(MODEL_USER, prof);
		if (*rec != NULL)
			model_free(type, *rec);
		*rec = NULL;
		prof = NULL;
	}
	*profile = prof;
	table_page_done(&pages[0]);
	table_page_done(&pages[1]);
	return rc;
}
