/*
 * Reading JSON text into jansson values, fast.
 *
 * json_loadb reads its input a byte at a time through a callback (about 200
 * instructions a byte): a 1 MB page of DynamoDB answer, an import line or a
 * stored item spent most of its time there. json_read reads the text directly
 * and builds the same jansson values. It takes only what json_loadb takes:
 * anything it is not sure of (a syntax error, invalid UTF-8, a number out of
 * range, nesting past its depth) goes to json_loadb, which judges and words
 * the error, so the answer and the message are always jansson's. A
 * differential fuzz target (tests/fuzz/fuzz_json.c) holds it to that.
 */
#ifndef AILIFE_JSON_READ_H
#define AILIFE_JSON_READ_H

#include <jansson.h>
#include <stddef.h>

/*
 * json_loadb(text, len, flags, err) in effect. Flags understood on the fast
 * path: JSON_REJECT_DUPLICATES, JSON_ALLOW_NUL, JSON_DECODE_ANY; any other flag
 * sends the text straight to json_loadb.
 */
json_t *json_read(const char *text, size_t len, size_t flags, json_error_t *err);

#endif
