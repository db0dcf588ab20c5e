/*
 * Deleting a user: every item of its partition (AP14, paged), in
 * transactions of at most TABLE_TRANSACT_MAX deletes, the profile last so
 * that a run cut short leaves a user that `user delete` can finish.
 */
#include "datastore/store.h"
#include "datastore/store_int.h"

#include <stdlib.h>
#include <string.h>

#include "datastore/keys.h"
#include "datastore/ulid.h"

/* Deletes the keys of one page but the profile's in one transaction; *n counts them. */
static int
delete_page(struct table *t, const char *pk, const struct table_page *page, bool *saw_profile, size_t *n,
    struct table_err *err)
{
	struct table_write w[TABLE_TRANSACT_MAX];
	json_t *keys[TABLE_TRANSACT_MAX];
	size_t k = 0;
	int rc = 0;

	memset(w, 0, sizeof w);
	for (size_t i = 0; i < page->count && k < TABLE_TRANSACT_MAX; i++) {
		const char *sk = json_string_value(json_object_get(json_object_get(page->items[i], "SK"), "S"));
		if (sk == NULL)
			continue;
		if (strcmp(sk, "PROFILE") == 0) {
			*saw_profile = true;
			continue;
		}
		keys[k] = table_key(pk, sk);
		w[k].kind = TABLE_WRITE_DELETE;
		w[k].key = keys[k];
		k++;
	}
	if (k > 0) {
		char token[ULID_LEN + 1];
		ulid_new(clock_real_ms(), token);
		store_explain_set(t, "W8", "TransactWriteItems", NULL, "Delete %zu items of PK = \"%s\"", k, pk);
		rc = table_transact(t, w, k, token, err);
		if (rc == 0)
			*n += k;
	}
	for (size_t i = 0; i < k; i++)
		json_decref(keys[i]);
	return rc;
}

int
store_user_delete(struct table *t, const char *user_id, size_t *deleted, struct table_err *err)
{
	size_t n = 0;
	bool saw_profile = false;
	char *cursor = NULL;
	int rc = 0;

	*deleted = 0;
	CHECK_ID("user", user_id);
	char *pk = keys_user_pk(user_id);
	/* A page continues strictly after the last key read, so deleting what was read does not disturb it. */
	do {
		struct table_page page;
		struct store_page_req pg = { cursor, TABLE_TRANSACT_MAX, NULL, NULL };
		rc = store_user_items(t, user_id, pg, &page, err);
		free(cursor);
		cursor = NULL;
		if (rc != 0)
			break;
		rc = delete_page(t, pk, &page, &saw_profile, &n, err);
		cursor = page.cursor;
		page.cursor = NULL;
		table_page_done(&page);
	} while (rc == 0 && cursor != NULL);
	free(cursor);
	if (rc == 0 && saw_profile) {
		json_t *key = table_key(pk, "PROFILE");
		store_explain_set(t, "W8", "DeleteItem", NULL, "PK = \"%s\" AND SK = \"PROFILE\"", pk);
		rc = table_delete(t, key, NULL, NULL, err);
		json_decref(key);
		if (rc == 0)
			n++;
	}
	free(pk);
	*deleted = n;
	return rc;
}
