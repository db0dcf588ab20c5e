/*
 * Text people write: newlines as the data model keeps them (LF), and the
 * journal body written in $VISUAL / $EDITOR, as git commit does.
 */
#ifndef AILIFE_EDITOR_H
#define AILIFE_EDITOR_H

#include <stddef.h>

#include "cli/cli.h"

/* Turns CRLF and a lone CR into LF, in place (text from files, pipes and imports). */
void editor_newlines(char *s);

/* The editor command: $VISUAL, else $EDITOR, else vi (empty variables count as unset). */
const char *editor_command(void);

/*
 * Opens the user's editor on a temporary file (mode 0600 in $TMPDIR or /tmp)
 * that starts with initial (NULL: empty), and hands back what was saved
 * (*out, newlines normalised, trailing newlines dropped), at most max bytes.
 * The editor runs as /bin/sh -c '<editor> "$1"' with the file as $1, as git
 * runs it. The file is removed on every path. Errors are printed as what's;
 * an empty text, or (initial given) an unchanged one, is refused with exit 2
 * and nothing is written. Returns CLI_OK or an exit code.
 */
int editor_body(struct cli *c, const char *what, const char *initial, size_t max, char **out);

#endif
