/*
 * The DynamoDB backend's answers: error answers and transport failures
 * classified (status, whether and how to retry, the message people see),
 * and the 200 answers parsed (items, pages, capacity, unprocessed writes).
 * Every answer is outside input: parsed from a bounded body, every member's
 * type checked, nothing trusted to be there (tests/fuzz/fuzz_ddb_response.c).
 */
#include <string.h>

#include "datastore/ddb/ddb_int.h"
#include "util/json_read.h"
#include "util/xmalloc.h"

#define DDB_CURSOR_ATTRS 6

/* ---- answers ---- */

void
ddb_error_done(struct ddb_error *e)
{
	if (e == NULL)
		return;
	json_decref(e->item);
	e->item = NULL;
}

/* e need not be initialised (ddb_parse_error and ddb_classify fill it from nothing). */
void
ddb_error_clear(struct ddb_error *e)
{
	memset(e, 0, sizeof *e);
	e->index = -1;
}

/* Outside text into a fixed buffer: bounded, control characters and non-ASCII made '?'. */
static void
ddb_copy_text(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	if (src == NULL) {
		dst[0] = '\0';
		return;
	}
	for (const char *p = src; *p != '\0' && o + 1 < size; p++)
		dst[o++] = ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) ? '?' : *p;
	dst[o] = '\0';
}

struct ddb_code {
	const char *code;
	enum table_status status;
	enum ddb_retry retry;
};

/* Protocol doc section 3; codes not listed: 5xx transient, 4xx final TABLE_ERROR. */
static const struct ddb_code ddb_codes[] = {
	{ "ConditionalCheckFailedException", TABLE_COND_FAILED, DDB_RETRY_NO },
	{ "TransactionCanceledException", TABLE_TXN_CANCELED, DDB_RETRY_NO },
	{ "ValidationException", TABLE_INVALID, DDB_RETRY_NO },
	{ "SerializationException", TABLE_INVALID, DDB_RETRY_NO },
	{ "IdempotentParameterMismatchException", TABLE_INVALID, DDB_RETRY_NO },
	{ "ResourceNotFoundException", TABLE_NO_TABLE, DDB_RETRY_NO },
	{ "ResourceInUseException", TABLE_ERROR, DDB_RETRY_NO },
	{ "UnknownOperationException", TABLE_ERROR, DDB_RETRY_NO },
	{ "ItemCollectionSizeLimitExceededException", TABLE_ERROR, DDB_RETRY_NO },
	/* A single write against an item a transaction holds: not applied, safe to try again. */
	{ "TransactionConflictException", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "AccessDeniedException", TABLE_AUTH, DDB_RETRY_NO },
	{ "IncompleteSignatureException", TABLE_AUTH, DDB_RETRY_NO },
	{ "InvalidSignatureException", TABLE_AUTH, DDB_RETRY_NO },
	{ "MissingAuthenticationTokenException", TABLE_AUTH, DDB_RETRY_NO },
	{ "MissingAuthenticationToken", TABLE_AUTH, DDB_RETRY_NO },
	{ "UnrecognizedClientException", TABLE_AUTH, DDB_RETRY_NO },
	{ "InvalidClientTokenId", TABLE_AUTH, DDB_RETRY_NO },
	{ "ExpiredTokenException", TABLE_AUTH, DDB_RETRY_NO },
	{ "SignatureDoesNotMatch", TABLE_AUTH, DDB_RETRY_NO },
	{ "ProvisionedThroughputExceededException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "ThrottlingException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "Throttling", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "ThrottledException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestThrottledException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestThrottled", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "TooManyRequestsException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestLimitExceeded", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "BandwidthLimitExceeded", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "LimitExceededException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "SlowDown", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "EC2ThrottledException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "PriorRequestNotComplete", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	/* The same ClientRequestToken still running: wait and ask again. */
	{ "TransactionInProgressException", TABLE_THROTTLED, DDB_RETRY_THROTTLE },
	{ "RequestTimeout", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "RequestTimeoutException", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "InternalServerError", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "InternalFailure", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "ServiceUnavailable", TABLE_ERROR, DDB_RETRY_TRANSIENT },
	{ "ReplicatedWriteConflictException", TABLE_ERROR, DDB_RETRY_TRANSIENT },
};

static const struct ddb_code *
ddb_code_find(const char *code)
{
	for (size_t i = 0; i < sizeof ddb_codes / sizeof ddb_codes[0]; i++)
		if (strcmp(ddb_codes[i].code, code) == 0)
			return &ddb_codes[i];
	return NULL;
}

/* A CancellationReasons code: the status of that write, and whether a new attempt may succeed. */
static enum table_status
ddb_reason_status(const char *code, bool *retry)
{
	*retry = false;
	if (strcmp(code, "ConditionalCheckFailed") == 0)
		return TABLE_COND_FAILED;
	if (strcmp(code, "ValidationError") == 0)
		return TABLE_INVALID;
	if (strcmp(code, "TransactionConflict") == 0) {
		*retry = true;
		return TABLE_ERROR;
	}
	if (strcmp(code, "ProvisionedThroughputExceeded") == 0 ||
	    strcmp(code, "ThrottlingError") == 0 || strcmp(code, "RequestLimitExceeded") == 0) {
		*retry = true;
		return TABLE_THROTTLED;
	}
	return TABLE_ERROR;
}

static void
ddb_parse_reasons(json_t *root, struct ddb_error *e)
{
	json_t *reasons = json_object_get(root, "CancellationReasons"), *r;
	size_t i;

	e->reason = TABLE_ERROR;
	if (!json_is_array(reasons))
		return;
	json_array_foreach(reasons, i, r) {
		const char *code, *msg;
		char mbuf[200];

		if (i > TABLE_TRANSACT_MAX)
			break;
		if (!json_is_object(r))
			continue;
		code = json_string_value(json_object_get(r, "Code"));
		if (code == NULL || strcmp(code, "None") == 0)
			continue;
		msg = json_string_value(json_object_get(r, "Message"));
		if (msg == NULL)
			msg = json_string_value(json_object_get(r, "message"));
		e->index = (int)i;
		ddb_copy_text(e->reason_code, sizeof e->reason_code, code);
		e->reason = ddb_reason_status(e->reason_code, &e->reason_retry);
		ddb_copy_text(mbuf, sizeof mbuf, msg);
		xsnprintf(e->message, sizeof e->message, "transaction cancelled: write %zu: %s%s%s",
		    i, e->reason_code, mbuf[0] != '\0' ? ": " : "", mbuf);
		if (e->reason == TABLE_COND_FAILED && json_is_object(json_object_get(r, "Item")))
			e->item = json_incref(json_object_get(r, "Item"));
		return;
	}
}

void
ddb_parse_error(long http_status, const char *body, size_t len, struct ddb_error *e)
{
	const struct ddb_code *c;
	const char *type, *msg, *hash;
	char mbuf[300];
	json_error_t jerr;
	json_t *root;

	ddb_error_clear(e);
	e->http_status = http_status;
	e->status = TABLE_ERROR;
	root = body != NULL && len > 0 ? json_loadb(body, len, 0, &jerr) : NULL;
	if (!json_is_object(root) ||
	    (type = json_string_value(json_object_get(root, "__type"))) == NULL) {
		if (http_status >= 500) {
			e->retry = DDB_RETRY_TRANSIENT;
			e->unknown = true;
			xsnprintf(e->message, sizeof e->message, "DynamoDB answered HTTP %ld", http_status);
		} else
			xsnprintf(e->message, sizeof e->message,
			    "unexpected answer from DynamoDB: HTTP %ld %s", http_status,
			    json_is_object(root) ? "without an error type" : "with a body that is not JSON");
		json_decref(root);
		return;
	}
	hash = strrchr(type, '#');
	ddb_copy_text(e->code, sizeof e->code, hash != NULL ? hash + 1 : type);
	msg = json_string_value(json_object_get(root, "message"));
	if (msg == NULL)
		msg = json_string_value(json_object_get(root, "Message"));
	ddb_copy_text(mbuf, sizeof mbuf, msg);
	c = ddb_code_find(e->code);
	if (c != NULL) {
		e->status = c->status;
		e->retry = c->retry;
	} else if (http_status >= 500)
		e->retry = DDB_RETRY_TRANSIENT;
	/* A 5xx may have been applied before the service failed to answer. */
	if (http_status >= 500 && e->retry == DDB_RETRY_NO)
		e->retry = DDB_RETRY_TRANSIENT;
	e->unknown = http_status >= 500;
	if (e->status == TABLE_INVALID && strcmp(e->code, "ValidationException") == 0 &&
	    strstr(mbuf, "size has exceeded the maximum allowed size") != NULL)
		e->status = TABLE_TOO_LARGE;

	switch (e->status) {
	case TABLE_AUTH:
		/* The service's text may quote the canonical request (signed header values): not shown. */
		xsnprintf(e->message, sizeof e->message,
		    "the service refused the credentials (%s): check the access key and secret"
		    " for the profile and region%s", e->code,
		    strstr(mbuf, "Signature expired") != NULL ||
		    strstr(mbuf, "not yet current") != NULL ?
		    " (and this computer's clock: requests must be signed within 5 minutes"
		    " of the service's time)" : "");
		break;
	case TABLE_COND_FAILED:
		xsnprintf(e->message, sizeof e->message, "the conditional request failed");
		if (json_is_object(json_object_get(root, "Item")))
			e->item = json_incref(json_object_get(root, "Item"));
		break;
	case TABLE_TXN_CANCELED:
		xsnprintf(e->message, sizeof e->message, "transaction cancelled: %s",
		    mbuf[0] != '\0' ? mbuf : "no reason given");
		ddb_parse_reasons(root, e);
		break;
	default:
		xsnprintf(e->message, sizeof e->message, "DynamoDB refused the request (%s%s%s)",
		    e->code, mbuf[0] != '\0' ? ": " : "", mbuf);
		if (e->status == TABLE_THROTTLED)
			xsnprintf(e->message, sizeof e->message, "DynamoDB is throttling (%s%s%s)",
			    e->code, mbuf[0] != '\0' ? ": " : "", mbuf);
		else if (http_status >= 500)
			xsnprintf(e->message, sizeof e->message, "DynamoDB answered HTTP %ld (%s%s%s)",
			    http_status, e->code, mbuf[0] != '\0' ? ": " : "", mbuf);
		break;
	}
	json_decref(root);
}

int
ddb_classify(const struct http_response *resp, const char *host, struct ddb_error *e)
{
	ddb_error_clear(e);
	switch (resp->result) {
	case HTTP_OK:
		if (resp->status == 200)
			return 0;
		ddb_parse_error(resp->status, resp->body, resp->body_len, e);
		return -1;
	case HTTP_CONNECT:
		/* Nothing was sent: always safe to try again. */
		e->status = TABLE_NETWORK;
		e->retry = DDB_RETRY_TRANSIENT;
		/* The transport's text already names the host and port. */
		if (strstr(resp->error, host) != NULL)
			xsnprintf(e->message, sizeof e->message, "%s", resp->error);
		else
			xsnprintf(e->message, sizeof e->message, "could not connect to %s: %s", host,
			    resp->error);
		e->connect = true;
		return -1;
	case HTTP_TIMEOUT:
		e->status = TABLE_NETWORK;
		e->retry = DDB_RETRY_TRANSIENT;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "no answer from %s in time (the request may have been applied): %s", host,
		    resp->error);
		return -1;
	case HTTP_DROPPED:
		e->status = TABLE_NETWORK;
		e->retry = DDB_RETRY_TRANSIENT;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "the connection to %s broke before the whole answer arrived"
		    " (the request may have been applied): %s", host, resp->error);
		return -1;
	case HTTP_CRC:
		e->status = TABLE_ERROR;
		e->retry = DDB_RETRY_TRANSIENT;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "the answer from %s failed its x-amz-crc32 check", host);
		return -1;
	case HTTP_TOO_LARGE:
		e->status = TABLE_ERROR;
		e->unknown = true;
		xsnprintf(e->message, sizeof e->message,
		    "unexpected answer from DynamoDB: the answer from %s is too large", host);
		return -1;
	case HTTP_TLS:
		e->status = TABLE_NETWORK;
		xsnprintf(e->message, sizeof e->message, "TLS failure talking to %s: %s", host,
		    resp->error);
		return -1;
	case HTTP_FAILED:
		break;
	}
	e->status = TABLE_NETWORK;
	xsnprintf(e->message, sizeof e->message, "the request to %s failed: %s", host, resp->error);
	return -1;
}

json_t *
ddb_parse_answer(const char *body, size_t len, struct table_err *err)
{
	json_error_t jerr;
	json_t *root;

	if (body == NULL || len == 0) {
		table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: an empty body");
		return NULL;
	}
	root = json_read(body, len, 0, &jerr);
	if (root == NULL) {
		char why[sizeof jerr.text];

		/* jansson's text may quote the body's bytes: made inert. */
		ddb_copy_text(why, sizeof why, jerr.text);
		table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: not JSON (%s)", why);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: not a JSON object");
		return NULL;
	}
	return root;
}

/* An item of an answer: an object of attribute values. */
static bool
ddb_item_shape(json_t *item)
{
	const char *name;
	json_t *av;

	if (!json_is_object(item))
		return false;
	json_object_foreach(item, name, av)
		if (*name == '\0' || !ddb_av_shape(av))
			return false;
	return true;
}

int
ddb_parse_item(json_t *answer, const char *member, json_t **out, struct table_err *err)
{
	json_t *item = json_object_get(answer, member);

	*out = NULL;
	if (item == NULL)
		return 0;
	if (!ddb_item_shape(item))
		return table_err_set(err, TABLE_ERROR,
		    "unexpected answer from DynamoDB: %s is not an item", member);
	*out = json_incref(item);
	return 0;
}

double
ddb_parse_capacity(json_t *answer)
{
	json_t *cc = json_object_get(answer, "ConsumedCapacity"), *e;
	double sum = 0;
	size_t i;

	if (json_is_object(cc)) {
		e = json_object_get(cc, "CapacityUnits");
		return json_is_number(e) && json_number_value(e) >= 0 ? json_number_value(e) : 0;
	}
	json_array_foreach(cc, i, e) {
		json_t *u = json_object_get(e, "CapacityUnits");

		if (json_is_number(u) && json_number_value(u) >= 0)
			sum += json_number_value(u);
	}
	return sum;
}

int
ddb_parse_query(json_t *answer, enum table_index index, struct table_page *page,
    struct table_err *err)
{
	json_t *items = json_object_get(answer, "Items"), *lek, *it;
	const char *name;
	size_t i;

	memset(page, 0, sizeof *page);
	if (!json_is_array(items))
		return table_err_set(err, TABLE_ERROR, "unexpected answer from DynamoDB: no Items");
	json_array_foreach(items, i, it)
		if (!ddb_item_shape(it))
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: item %zu of the page is not an item", i);
	lek = json_object_get(answer, "LastEvaluatedKey");
	if (lek != NULL && !json_is_null(lek)) {
		json_t *av;

		if (!json_is_object(lek) || json_object_size(lek) == 0 ||
		    json_object_size(lek) > DDB_CURSOR_ATTRS ||
		    table_item_str(lek, "PK") == NULL || table_item_str(lek, "SK") == NULL ||
		    table_item_str(lek, table_index_pk_name(index)) == NULL ||
		    table_item_str(lek, table_index_sk_name(index)) == NULL)
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: LastEvaluatedKey is not a key of this index");
		json_object_foreach(lek, name, av)
			if (table_item_str(lek, name) == NULL)
				return table_err_set(err, TABLE_ERROR,
				    "unexpected answer from DynamoDB: LastEvaluatedKey is not a key of this index");
		page->cursor = table_cursor_encode(lek);
	}
	page->count = json_array_size(items);
	if (page->count > 0) {
		page->items = xcalloc(page->count, sizeof *page->items);
		json_array_foreach(items, i, it)
			page->items[i] = json_incref(it);
	}
	page->capacity = ddb_parse_capacity(answer);
	return 0;
}

int
ddb_parse_unprocessed(json_t *answer, const char *table, json_t **rest, size_t *count,
    struct table_err *err)
{
	json_t *up = json_object_get(answer, "UnprocessedItems"), *reqs, *r;
	const char *name;
	size_t i;

	*rest = NULL;
	*count = 0;
	if (up == NULL || json_is_null(up))
		return 0;
	if (!json_is_object(up))
		return table_err_set(err, TABLE_ERROR,
		    "unexpected answer from DynamoDB: UnprocessedItems is not an object");
	json_object_foreach(up, name, reqs) {
		if (strcmp(name, table) != 0)
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: unprocessed writes of another table");
		if (!json_is_array(reqs))
			return table_err_set(err, TABLE_ERROR,
			    "unexpected answer from DynamoDB: unprocessed writes are not a list");
		json_array_foreach(reqs, i, r) {
			json_t *p = json_object_get(r, "PutRequest"), *d = json_object_get(r, "DeleteRequest");

			if (!json_is_object(r) || json_object_size(r) != 1 ||
			    !((p != NULL && ddb_item_shape(json_object_get(p, "Item"))) ||
			    (d != NULL && ddb_item_shape(json_object_get(d, "Key")))))
				return table_err_set(err, TABLE_ERROR,
				    "unexpected answer from DynamoDB: unprocessed write %zu is not a write", i);
		}
		if (json_array_size(reqs) > 0) {
			*count = json_array_size(reqs);
			*rest = json_pack("{s:O}", table, reqs);
		}
	}
	return 0;
}
