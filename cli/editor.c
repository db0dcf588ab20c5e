/* Text people write: newline normalisation, and (below) the journal body in the user's editor. */
#include "cli/editor.h"

#include <string.h>

void
editor_newlines(char *s)
{
	char *w = s;

	for (const char *r = s; *r != '\0'; r++) {
		if (*r == '\r') {
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}
