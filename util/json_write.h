/*
 * Writing jansson values as JSON text, fast: the bytes json_dumps writes, for
 * the flags ailife uses (JSON_INDENT(n), JSON_COMPACT, JSON_SORT_KEYS,
 * JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH, JSON_ENCODE_ANY, JSON_REAL_PRECISION(n)),
 * without json_dumps' callback per piece. Any other flag goes to json_dumps.
 * A differential fuzz target (tests/fuzz/fuzz_json.c) holds the two to the
 * same bytes.
 */
#ifndef AILIFE_JSON_WRITE_H
#define AILIFE_JSON_WRITE_H

#include <jansson.h>
#include <stddef.h>

#include "util/buf.h"

/* json_dumps(v, flags) in effect: a new string, or NULL where json_dumps gives NULL. */
char *json_write(json_t *v, size_t flags);
/* The same text added to b; -1 (b unchanged) where json_dumps would fail or b is full. */
int json_write_buf(struct buf *b, json_t *v, size_t flags);

#endif
