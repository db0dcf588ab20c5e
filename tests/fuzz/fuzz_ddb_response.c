/*
 * Fuzz target: DynamoDB's answers are outside input. The first byte picks an
 * HTTP status and an operation; the rest is the answer's body, given both to
 * the parsers directly (ddb_parse_error, ddb_parse_answer, ddb_parse_query,
 * ddb_parse_item, ddb_parse_unprocessed, ddb_explain_line) and to a whole
 * operation of the backend through a transport that answers with it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/ddb.h"
#include "util/xmalloc.h"

#define FUZZ_SECRET "wJalrXUtnFEMIK7MDENGbPxRfiCYzzzzzz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *fuzz_body;
static size_t fuzz_len;
static long fuzz_status;

static void
fuzz_send(void *ctx, const struct http_request *reqs, struct http_response *resps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(&resps[i], 0, sizeof resps[i]);
		resps[i].result = HTTP_OK;
		resps[i].status = fuzz_status;
		resps[i].body = xmalloc(fuzz_len + 1);
		memcpy(resps[i].body, fuzz_body, fuzz_len);
		resps[i].body[fuzz_len] = '\0';
		resps[i].body_len = fuzz_len;
	}
}

static void
fuzz_sleep(void *ctx, long ms)
{
	if (ms < 0 || ms > DDB_BACKOFF_CAP_MS)
		abort();
}

static void
check_text(const char *s)
{
	if (s[0] == '\0')
		abort();
	for (const char *p = s; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20)
			abort();
}

static void
check_page(const struct table_page *page)
{
	for (size_t i = 0; i < page->count; i++)
		if (!json_is_object(page->items[i]))
			abort();
	if (page->cursor != NULL) {
		json_t *k = table_cursor_decode(page->cursor);

		if (k == NULL && strlen(page->cursor) <= 4096)
			abort();
		json_decref(k);
	}
}

static void
run_backend(unsigned op)
{
	static const struct ddb_transport tr = { fuzz_send, fuzz_sleep, NULL };
	struct ddb_options o;
	struct table_err err;
	struct table *t;
	json_t *key = table_key("USER#u1", "GOAL#g1"), *item, *out = NULL;
	struct table_cond cond = { TABLE_COND_VERSION, 1 };
	struct table_page page, pages[2];
	struct table_query q = { .index = (enum table_index)(op % TABLE_INDEX_COUNT), .pk = "P" };
	struct table_query qs[2] = { { .pk = "A" }, { .index = TABLE_INDEX_GSI2, .pk = "B" } };
	json_t *val = json_pack("{s:s}", "S", "x");
	struct table_update_action act = { TABLE_UPDATE_SET, "note", val };
	struct table_update upd = { &act, 1 };
	struct table_write w[2];
	bool created;
	int rc = 0;

	memset(&o, 0, sizeof o);
	o.table = "ai-lifestyle-app-main";
	o.region = "us-east-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.access_key_id = "AKIDEXAMPLE";
	o.secret_access_key = FUZZ_SECRET;
	o.max_attempts = 2;
	o.transport = &tr;
	t = ddb_open(&o, &err);
	if (t == NULL)
		abort();
	item = json_pack("{s:{s:s}, s:{s:s}, s:{s:s}}", "PK", "S", "USER#u1", "SK", "S", "GOAL#g1",
	    "version", "N", "1");
	memset(w, 0, sizeof w);
	w[0].kind = TABLE_WRITE_PUT;
	w[0].item = item;
	w[1].kind = TABLE_WRITE_DELETE;
	w[1].key = table_key("USER#u1", "X");
	switch (op % 10) {
	case 0:
		rc = table_get(t, key, &out, &err);
		break;
	case 1:
		rc = table_put(t, item, &cond, &err);
		break;
	case 2:
		rc = table_update(t, key, &upd, &cond, &out, &err);
		break;
	case 3:
		rc = table_delete(t, key, &cond, &out, &err);
		break;
	case 4:
		if ((rc = table_query(t, &q, &page, &err)) == 0) {
			check_page(&page);
			table_page_done(&page);
		}
		break;
	case 5:
		rc = table_transact(t, w, 2, NULL, &err);
		if (rc != 0 && err.status == TABLE_TXN_CANCELED && (err.index < -1 || err.index >= 100))
			abort();
		break;
	case 6:
		rc = table_batch(t, w, 2, &err);
		break;
	case 7:
		rc = table_create(t, &created, &err);
		break;
	case 8:
		rc = table_describe(t, &out, &err);
		break;
	default:
		if ((rc = table_query_many(t, qs, pages, 2, &err)) == 0) {
			check_page(&pages[0]);
			check_page(&pages[1]);
			table_page_done(&pages[0]);
			table_page_done(&pages[1]);
		}
		break;
	}
	if (rc != 0) {
		if (err.status == TABLE_OK)
			abort();
		check_text(err.message);
		/* Our secret never shows, unless the answer itself carried the same text. */
		if (strstr(err.message, FUZZ_SECRET) != NULL &&
		    memmem(fuzz_body, fuzz_len, FUZZ_SECRET, strlen(FUZZ_SECRET)) == NULL)
			abort();
	}
	json_decref(out);
	json_decref(w[1].key);
	json_decref(item);
	json_decref(key);
	json_decref(val);
	table_close(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const long statuses[] = { 200, 400, 500, 503, 409, 413, 302, 404 };
	struct table_err err;
	struct table_page page;
	struct ddb_error e;
	json_t *answer, *out, *rest;
	size_t left;
	char *body;

	if (size < 1)
		return 0;
	fuzz_status = statuses[data[0] & 7];
	body = xmalloc(size);
	memcpy(body, data + 1, size - 1);
	body[size - 1] = '\0';
	fuzz_body = body;
	fuzz_len = size - 1;

	ddb_parse_error(fuzz_status, body, fuzz_len, &e);
	if (e.status == TABLE_OK)
		abort();
	check_text(e.message);
	if (e.status == TABLE_TXN_CANCELED && (e.index < -1 || e.index > 100))
		abort();
	ddb_error_done(&e);

	answer = ddb_parse_answer(body, fuzz_len, &err);
	if (answer != NULL) {
		for (int ix = 0; ix < TABLE_INDEX_COUNT; ix++)
			if (ddb_parse_query(answer, (enum table_index)ix, &page, &err) == 0) {
				check_page(&page);
				table_page_done(&page);
			} else if (page.items != NULL || page.cursor != NULL)
				abort();
		if (ddb_parse_item(answer, "Item", &out, &err) == 0)
			json_decref(out);
		if (ddb_parse_unprocessed(answer, "ai-lifestyle-app-main", &rest, &left, &err) == 0) {
			if ((rest == NULL) != (left == 0))
				abort();
			json_decref(rest);
		}
		(void)ddb_parse_capacity(answer);
		free(ddb_explain_line("Query", answer));
		free(ddb_explain_line("TransactWriteItems", answer));
		free(ddb_explain_line("BatchWriteItem", answer));
		json_decref(answer);
	} else
		check_text(err.message);

	run_backend(data[0] >> 3);
	free(body);
	return 0;
}
