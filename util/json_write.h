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
#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/*
 * ailife's own flag (outside jansson's bits): DEL and the C1 controls
 * (U+007F-U+009F) written as \u escapes. The JSON means the same, but a
 * terminal that shows it cannot take U+009B for the start of an escape
 * sequence. Only json_write knows it: json_dumps never sees it.
 */
#define JSON_WRITE_ESCAPE_C1 ((size_t)1 << 20)

/* json_dumps(v, flags) in effect: a new string, or NULL where json_dumps gives NULL. */
char *json_write(json_t *v, size_t flags);
/* The same text added to b; -1 (b unchanged) where json_dumps would fail or b is full. */
int json_write_buf(struct buf *b, json_t *v, size_t flags);

/*
 * The pieces, for writers that make the same text without building jansson
 * values (model_write_json). Each returns 0, or -1 where json_dumps would
 * fail (invalid UTF-8) or b is full.
 */
/* Before a member or element at depth: a new line and its indentation (JSON_INDENT), or a space. */
int json_write_indent(struct buf *b, size_t flags, int depth, bool space);
/* A string, quoted and escaped as jansson escapes it. */
int json_write_string(struct buf *b, const char *s, size_t len, size_t flags);
/* A real as jansson writes it (JSON_REAL_PRECISION). */
int json_write_real(struct buf *b, double d, size_t flags);
/* A value nested at depth (b unchanged on failure; no fallback to json_dumps). */
int json_write_at(struct buf *b, json_t *v, size_t flags, int depth);

#endif
