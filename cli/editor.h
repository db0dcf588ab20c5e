/*
 * Text people write: newlines as the data model keeps them (LF), and the
 * journal body written in $VISUAL / $EDITOR, as git commit does.
 */
#ifndef AILIFE_EDITOR_H
#define AILIFE_EDITOR_H

/* Turns CRLF and a lone CR into LF, in place (text from files, pipes and imports). */
void editor_newlines(char *s);

#endif
