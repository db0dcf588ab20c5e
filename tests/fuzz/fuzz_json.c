/*
 * libFuzzer target, differential: util/json_read against json_loadb and
 * util/json_write against json_dumps. For any input and flags, json_read must
 * give what json_loadb gives (an equal value, or a refusal with the same
 * message and position), and json_write must give json_dumps' bytes for
 * every flag set ailife uses.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util/json_read.h"
#include "util/json_write.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const size_t read_flags[] = {
	0, JSON_REJECT_DUPLICATES, JSON_ALLOW_NUL, JSON_DECODE_ANY,
	JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY,
};

static const size_t write_flags[] = {
	0, JSON_COMPACT, JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY,
	JSON_COMPACT | JSON_SORT_KEYS, JSON_COMPACT | JSON_ENSURE_ASCII, JSON_INDENT(2) | JSON_ENSURE_ASCII,
	JSON_INDENT(1) | JSON_SORT_KEYS, JSON_ESCAPE_SLASH | JSON_ENCODE_ANY,
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	size_t rf;

	if (size < 1)
		return 0;
	/* The first byte picks the read flags. */
	rf = read_flags[data[0] % (sizeof read_flags / sizeof read_flags[0])];
	text++;
	size--;

	json_error_t e1, e2;
	json_t *want = json_loadb(text, size, rf, &e1);
	json_t *got = json_read(text, size, rf, &e2);
	if ((want == NULL) != (got == NULL))
		abort();
	if (want == NULL) {
		if (strcmp(e1.text, e2.text) != 0 || e1.position != e2.position)
			abort();
		return 0;
	}
	if (!json_equal(want, got))
		abort();
	for (size_t i = 0; i < sizeof write_flags / sizeof write_flags[0]; i++) {
		char *a = json_dumps(want, write_flags[i]), *b = json_write(want, write_flags[i]);
		if ((a == NULL) != (b == NULL) || (a != NULL && strcmp(a, b) != 0))
			abort();
		free(a);
		free(b);
	}
	json_decref(want);
	json_decref(got);
	return 0;
}
