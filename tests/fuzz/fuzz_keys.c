/*
 * libFuzzer target: the key parsers and the RFC 3339 reader on arbitrary
 * bytes. Whatever parses must be rebuilt byte for byte by the builders.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/keys.h"
#include "datastore/timefmt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_sk(const char *text)
{
	char *type, *id, *at, *again;

	if (keys_parse_sk(text, &type, &id, &at) != 0) {
		if (type != NULL || id != NULL || at != NULL)
			abort();
		return;
	}
	if (strcmp(type, "PROFILE") == 0) {
		if (id != NULL || at != NULL || strcmp(text, keys_profile_sk()) != 0)
			abort();
		free(type);
		return;
	}
	if (!keys_id_valid(id))
		abort();
	if (at != NULL)
		again = keys_activity_sk(id, at);
	else
		again = keys_entity_sk(type, id);
	if (strcmp(again, text) != 0)
		abort();
	free(again);
	free(type);
	free(id);
	free(at);
}

static void
check_user_pk(const char *text)
{
	char *u = keys_parse_user_pk(text), *again;

	if (u == NULL)
		return;
	if (!keys_id_valid(u))
		abort();
	again = keys_user_pk(u);
	if (strcmp(again, text) != 0)
		abort();
	free(again);
	free(u);
}

static void
check_time(const char *text)
{
	char out[TIMEFMT_LEN + 1];
	const char *why = NULL;
	ms_t ms, back;

	if (timefmt_parse_rfc3339(text, &ms, &why) == 0) {
		timefmt_format(ms, out);
		if (timefmt_parse_key(out, &back) != 0 || back != ms)
			abort();
	} else if (why == NULL) {
		abort();
	}
	if (timefmt_parse_key(text, &ms) == 0) {
		timefmt_format(ms, out);
		if (strcmp(out, text) != 0)
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_sk(text);
	check_user_pk(text);
	check_time(text);
	free(text);
	return 0;
}
