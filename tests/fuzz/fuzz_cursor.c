/* Fuzz target: table_cursor_decode, the parser of --cursor text and of stored page cursors. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/table.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	json_t *key, *again;
	char *enc;

	memcpy(text, data, size);
	text[size] = '\0';
	key = table_cursor_decode(text);
	free(text);
	if (key == NULL)
		return 0;
	/* What decodes is a small object of strings, and encodes back to a cursor of the same key. */
	if (!json_is_object(key) || json_object_size(key) == 0 || json_object_size(key) > 6)
		abort();
	enc = table_cursor_encode(key);
	if (enc == NULL)
		abort();
	again = table_cursor_decode(enc);
	if (again == NULL && strlen(enc) <= 4096)
		abort();
	if (again != NULL && !json_equal(key, again))
		abort();
	json_decref(again);
	free(enc);
	json_decref(key);
	return 0;
}
