/*
 * How records and lists print (cli/print.c): one record as aligned
 * "name: value" lines or its JSON; a list as a table, a JSON array or JSON
 * Lines, one record at a time.
 *
 * A list printer is fed records in the order the list has (the caller sorts
 * and pages): --json writes one array record by record and --jsonl one object
 * a line, as they come (constant memory); text keeps the rows' cells (short
 * strings, not the records) until the end, since its column widths and short
 * ids depend on every row.
 */
#ifndef AILIFE_CLI_PRINT_H
#define AILIFE_CLI_PRINT_H

#include "cli/cli.h"

/* The shape of a list of several kinds: ID WHEN TYPE WHAT (a model_type is the shape of one kind). */
#define PRINT_TIMELINE (-1)

/* How --jsonl writes a record: one line, otherwise what --json writes. */
#define PRINT_JSONL_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY | JSON_WRITE_ESCAPE_C1)

/* Prints one record: aligned "name: value" lines, or its JSON. */
void entity_print(struct cli *c, enum model_type type, const void *rec);

struct list_printer;
/* shape: a model_type, or PRINT_TIMELINE; day_totals: meals get a total row per local day (text only). */
struct list_printer *list_printer_new(struct cli *c, int shape, bool day_totals);
/* The next record of the list (rec is the caller's: it may be freed once this returns). */
void list_printer_add(struct list_printer *p, enum model_type type, const void *rec);
/* Items of a page that did not read as records (said on stderr at the end). */
void list_printer_skipped(struct list_printer *p, size_t n);
/*
 * Ends the list and frees p. complete: the closing bracket, or the table;
 * false (a page failed): JSON is left unclosed where it stopped, so that no
 * script takes it for the whole list, and text prints nothing.
 */
void list_printer_end(struct list_printer *p, bool complete);

/* A list held whole, in its order (reverse: from its end), through a list printer. */
void entity_print_list(struct cli *c, int shape, const struct store_list *l, bool reverse);

#endif
