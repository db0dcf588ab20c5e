/*
 * ULIDs (github.com/ulid/spec): 48 bits of milliseconds then 80 random bits,
 * written as 26 characters of Crockford base32, so they sort by time as strings.
 */
#include "datastore/ulid.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define ULID_MS_MAX ((1LL << 48) - 1)
#define ULID_RND 10

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static pthread_mutex_t ulid_lock = PTHREAD_MUTEX_INITIALIZER;
static bool ulid_have_last;
static long long ulid_first_ms;     /* the ms asked for when the current run began */
static long long ulid_last_ms;      /* the ms of the last ULID (later after a carry) */
static unsigned char ulid_last_rnd[ULID_RND];

static long long
clamp_ms(long long ms)
{
	if (ms < 0)
		return 0;
	if (ms > ULID_MS_MAX)
		return ULID_MS_MAX;
	return ms;
}

void
ulid_encode(long long ms, const unsigned char rnd[10], char out[ULID_LEN + 1])
{
	unsigned char b[16];
	unsigned long long t = (unsigned long long)clamp_ms(ms);
	int i, bit, k, v;

	for (i = 0; i < 6; i++)
		b[i] = (unsigned char)(t >> (8 * (5 - i)));
	memcpy(b + 6, rnd, ULID_RND);
	/* 26 * 5 = 130 bits: the 128-bit value with two leading zero bits. */
	for (i = 0; i < ULID_LEN; i++) {
		v = 0;
		for (k = 0; k < 5; k++) {
			bit = i * 5 + k - 2;
			v <<= 1;
			if (bit >= 0)
				v |= (b[bit / 8] >> (7 - bit % 8)) & 1;
		}
		out[i] = crockford[v];
	}
	out[ULID_LEN] = '\0';
}

/* A last resort if getrandom is missing: uniqueness matters more than secrecy here. */
static void
weak_random(unsigned char *p, size_t n)
{
	static uint64_t s;
	struct timespec ts;
	struct ulid_rng r;
	uint64_t x = 0;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	s += (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ ((uint64_t)getpid() << 40);
	ulid_rng_seed(&r, s);
	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			x = ulid_rng_next(&r);
		p[i] = (unsigned char)(x >> (8 * (i % 8)));
	}
	s = ulid_rng_next(&r);
}

static void
system_random(unsigned char *p, size_t n)
{
	size_t got = 0;
	ssize_t r;
	int fd;

	while (got < n) {
		r = getrandom(p + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		while (got < n) {
			r = read(fd, p + got, n - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		close(fd);
	}
	if (got < n)
		weak_random(p + got, n - got);
}

/* Adds 1 to the 80-bit big-endian number; true when it wrapped around. */
static bool
increment(unsigned char rnd[ULID_RND])
{
	int i;

	for (i = ULID_RND - 1; i >= 0; i--) {
		if (++rnd[i] != 0)
			return false;
	}
	return true;
}

void
ulid_new(long long ms, char out[ULID_LEN + 1])
{
	ms = clamp_ms(ms);
	pthread_mutex_lock(&ulid_lock);
	/*
	 * Within the run that began at ulid_first_ms (including the ms a carry
	 * moved it on to) the next ULID is the last plus one; any other ms
	 * starts afresh.
	 */
	if (ulid_have_last && ms >= ulid_first_ms && ms <= ulid_last_ms) {
		if (increment(ulid_last_rnd)) {
			if (ulid_last_ms < ULID_MS_MAX)
				ulid_last_ms++;
			system_random(ulid_last_rnd, ULID_RND);
		}
	} else {
		ulid_first_ms = ms;
		ulid_last_ms = ms;
		system_random(ulid_last_rnd, ULID_RND);
		ulid_have_last = true;
	}
	ulid_encode(ulid_last_ms, ulid_last_rnd, out);
	pthread_mutex_unlock(&ulid_lock);
}

void
ulid_rng_seed(struct ulid_rng *r, uint64_t seed)
{
	r->state = seed;
}

uint64_t
ulid_rng_next(struct ulid_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void
ulid_new_seeded(struct ulid_rng *r, long long ms, char out[ULID_LEN + 1])
{
	unsigned char rnd[ULID_RND];
	uint64_t a = ulid_rng_next(r), b = ulid_rng_next(r);
	int i;

	for (i = 0; i < 8; i++)
		rnd[i] = (unsigned char)(a >> (56 - 8 * i));
	rnd[8] = (unsigned char)(b >> 56);
	rnd[9] = (unsigned char)(b >> 48);
	ulid_encode(ms, rnd, out);
}

static int
crockford_value(char c)
{
	const char *p;

	if (c == '\0')
		return -1;
	p = strchr(crockford, c);
	return p == NULL ? -1 : (int)(p - crockford);
}

bool
ulid_valid(const char *text)
{
	int i;

	if (text == NULL)
		return false;
	for (i = 0; i < ULID_LEN; i++) {
		if (crockford_value(text[i]) < 0)
			return false;
	}
	return text[ULID_LEN] == '\0' && text[0] <= '7';
}

long long
ulid_time(const char *ulid)
{
	long long ms = 0;
	int i, v;

	for (i = 0; i < 10; i++) {
		v = crockford_value(ulid[i]);
		if (v < 0)
			return -1;
		ms = ms * 32 + v;
	}
	return ms & ULID_MS_MAX;
}
