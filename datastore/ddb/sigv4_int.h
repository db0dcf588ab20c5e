/*
 * What SigV4's two files share: sigv4.c (helpers, string to sign, keys,
 * signing, raw requests) and sigv4_canon.c (header lists, canonical request).
 */
#ifndef AILIFE_SIGV4_INT_H
#define AILIFE_SIGV4_INT_H

#include <stddef.h>

#include "util/buf.h"

#define HASH_LEN 32

int sigv4_is_ws(char c);
int sigv4_sha256_hex(const void *data, size_t len, char out[2 * HASH_LEN + 1]);
char *sigv4_uri_decode(const char *s, size_t len, size_t *outlen);
void sigv4_uri_encode(struct buf *b, const char *s, size_t len, int keep_slash);
int sigv4_valid_header_name(const char *s);

#endif
