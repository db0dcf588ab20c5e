/*
 * Searching the whole journal from the terminal interface (issue 16,
 * views/journal_search.c), as `ailife journal search TEXT` does: AP9 over all
 * time newest first (a Query of the user's own items, never a Scan), page by
 * page on the worker, title and body matched with insights_text_match (case
 * folded). S on the journal asks for the text (a prompt over the screen),
 * Enter lists what matched, Enter on a result reads it, the last row asks
 * for the older pages.
 */
#ifndef AILIFE_VIEWS_JOURNAL_SEARCH_H
#define AILIFE_VIEWS_JOURNAL_SEARCH_H

#include "tui/app.h"

/* The prompt for the text to look for (over the screen shown). */
void view_journal_search_ask(struct tui_app *a);

/* Reads an entry with scrolling (the journal's reader, views/journal.c); e is copied. */
void view_journal_read(struct tui_app *a, const struct model_journal *e);

/* Entries a search job reads at most (then it stops: the last row asks for more). */
#define JOURNAL_SEARCH_PAGE 200
#define JOURNAL_SEARCH_PAGES 10
/* Matches a search job stops at. */
#define JOURNAL_SEARCH_MATCHES 50

#endif
