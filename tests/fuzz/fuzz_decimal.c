/* Fuzz target: decimal_parse, the reader of every N value from files, the service and people. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);
	char out[DECIMAL_TEXT_MAX];
	long long m, again, whole, sum;
	const char *why = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	if (decimal_parse(text, &m, &why) != 0) {
		if (why == NULL || decimal_parse_int(text, &whole, &why) == 0)
			abort();
		free(text);
		return 0;
	}
	/* In range, canonical text parses back to the same value, and only whole values pass as ints. */
	if (m > DECIMAL_MAX_MILLI || m < -DECIMAL_MAX_MILLI)
		abort();
	decimal_format(m, out);
	if (decimal_parse(out, &again, &why) != 0 || again != m)
		abort();
	if (strchr(out, 'e') != NULL || (strchr(out, '.') != NULL && out[strlen(out) - 1] == '0'))
		abort();
	if ((decimal_parse_int(text, &whole, &why) == 0) != (m % 1000 == 0))
		abort();
	if (decimal_add(m, m, &sum) == 0 && (sum != 2 * m || sum > DECIMAL_MAX_MILLI))
		abort();
	free(text);
	return 0;
}
