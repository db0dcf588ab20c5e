/* ULIDs: 26 characters of Crockford base32, 48 bits of milliseconds then 80 random bits. */
#ifndef AILIFE_ULID_H
#define AILIFE_ULID_H

#include <stdbool.h>
#include <stdint.h>

#define ULID_LEN 26

/* The ULID of ms and 10 random bytes. */
void ulid_encode(long long ms, const unsigned char rnd[10], char out[ULID_LEN + 1]);

/*
 * A new ULID at ms with randomness from the system (getrandom). Monotonic within
 * the process: a second ULID in the same millisecond is the previous one plus 1,
 * so ULIDs made in a row always sort in the order they were made.
 */
void ulid_new(long long ms, char out[ULID_LEN + 1]);

/* A deterministic generator (for demo data): the same seed gives the same ULIDs. */
struct ulid_rng {
	uint64_t state;
};
void ulid_rng_seed(struct ulid_rng *r, uint64_t seed);
uint64_t ulid_rng_next(struct ulid_rng *r);     /* splitmix64 */
void ulid_new_seeded(struct ulid_rng *r, long long ms, char out[ULID_LEN + 1]);

/* 26 characters of the Crockford alphabet (upper case) and a first character <= '7'. */
bool ulid_valid(const char *text);
/* The milliseconds of a valid ULID. */
long long ulid_time(const char *ulid);

#endif
