/* Tests of datastore/ulid: encoding, monotonic generation, the seeded generator, validity. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ulid.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* The 80 random bits of a ULID (its last 16 characters) as 10 bytes. */
static void
decode_rnd(const char *u, unsigned char rnd[10])
{
	int i, k, bit, v;

	memset(rnd, 0, 10);
	for (i = 0; i < 16; i++) {
		v = (int)(strchr(alphabet, u[10 + i]) - alphabet);
		for (k = 0; k < 5; k++) {
			bit = i * 5 + k;
			if (v & (0x10 >> k))
				rnd[bit / 8] |= (unsigned char)(0x80 >> (bit % 8));
		}
	}
}

static void
test_encode_vectors(void **state)
{
	static const struct {
		long long ms;
		unsigned char fill;
		const char *want;
	} cases[] = {
		{ 1469918176385LL, 0x00, "01ARYZ6S410000000000000000" },
		{ 1469918176385LL, 0xff, "01ARYZ6S41ZZZZZZZZZZZZZZZZ" },
		{ 0, 0x00, "00000000000000000000000000" },
		{ 0, 0xff, "0000000000ZZZZZZZZZZZZZZZZ" },
		{ 281474976710655LL, 0xff, "7ZZZZZZZZZZZZZZZZZZZZZZZZZ" },
		{ 1, 0x00, "00000000010000000000000000" },
	};
	unsigned char rnd[10];
	char out[ULID_LEN + 1];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(rnd, cases[i].fill, sizeof rnd);
		ulid_encode(cases[i].ms, rnd, out);
		assert_string_equal(out, cases[i].want);
		assert_true(ulid_valid(out));
		assert_int_equal(ulid_time(out), cases[i].ms);
	}
	/* One bit at the bottom and one at the top of the random part. */
	memset(rnd, 0, sizeof rnd);
	rnd[9] = 1;
	ulid_encode(0, rnd, out);
	assert_string_equal(out, "00000000000000000000000001");
	memset(rnd, 0, sizeof rnd);
	rnd[0] = 0x80;
	ulid_encode(0, rnd, out);
	assert_string_equal(out, "0000000000G000000000000000");
}

static void
test_encode_decode_random(void **state)
{
	struct ulid_rng r;
	unsigned char rnd[10], back[10];
	char out[ULID_LEN + 1];
	int i, j;

	ulid_rng_seed(&r, 99);
	for (i = 0; i < 1000; i++) {
		for (j = 0; j < 10; j++)
			rnd[j] = (unsigned char)ulid_rng_next(&r);
		ulid_encode(1795665784123LL + i, rnd, out);
		decode_rnd(out, back);
		assert_memory_equal(rnd, back, 10);
		assert_int_equal(ulid_time(out), 1795665784123LL + i);
	}
}

/* Adds one to an 80-bit big-endian number. */
static void
plus_one(unsigned char rnd[10])
{
	int i;

	for (i = 9; i >= 0; i--) {
		if (++rnd[i] != 0)
			break;
	}
}

static void
test_monotonic_same_ms(void **state)
{
	enum { N = 10000 };
	char (*ids)[ULID_LEN + 1] = calloc(N, sizeof *ids);
	unsigned char a[10], b[10];
	const long long ms = 1795665784123LL;
	int i;

	assert_non_null(ids);
	for (i = 0; i < N; i++) {
		ulid_new(ms, ids[i]);
		assert_true(ulid_valid(ids[i]));
		assert_int_equal(ulid_time(ids[i]), ms);
		if (i == 0)
			continue;
		assert_true(strcmp(ids[i - 1], ids[i]) < 0);
		/* Exactly the previous one plus 1 (no carry out in practice). */
		decode_rnd(ids[i - 1], a);
		decode_rnd(ids[i], b);
		plus_one(a);
		assert_memory_equal(a, b, 10);
	}
	free(ids);
}

static void
test_new_ms_changes(void **state)
{
	char a[ULID_LEN + 1], b[ULID_LEN + 1], c[ULID_LEN + 1];

	ulid_new(1000, a);
	ulid_new(1001, b);
	assert_int_equal(ulid_time(a), 1000);
	assert_int_equal(ulid_time(b), 1001);
	assert_true(strcmp(a, b) < 0);
	/* An earlier ms is honoured: the id carries the time it was asked for. */
	ulid_new(500, c);
	assert_int_equal(ulid_time(c), 500);
	assert_true(ulid_valid(c));
	/* Fresh randomness: two runs at different ms do not share a random part. */
	assert_memory_not_equal(a + 10, b + 10, 16);
}

struct worker {
	char (*ids)[ULID_LEN + 1];
	int n;
};

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	int i;

	for (i = 0; i < w->n; i++)
		ulid_new(1795665784999LL, w->ids[i]);
	return NULL;
}

static int
cmp_ids(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Threads making ULIDs in the same ms never make the same one. */
static void
test_threads_unique(void **state)
{
	enum { T = 4, PER = 2500 };
	char (*ids)[ULID_LEN + 1] = calloc(T * PER, sizeof *ids);
	struct worker w[T];
	pthread_t th[T];
	int i;

	assert_non_null(ids);
	for (i = 0; i < T; i++) {
		w[i].ids = ids + i * PER;
		w[i].n = PER;
		assert_int_equal(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
	}
	for (i = 0; i < T; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	qsort(ids, T * PER, sizeof *ids, cmp_ids);
	for (i = 1; i < T * PER; i++)
		assert_true(strcmp(ids[i - 1], ids[i]) < 0);
	/* Same ms throughout, so each thread's own ids came out in order. */
	for (i = 0; i < T; i++) {
		int j;

		for (j = 1; j < PER; j++)
			assert_true(strcmp(w[i].ids[j - 1], w[i].ids[j]) < 0);
	}
	free(ids);
}

static void
test_splitmix_vector(void **state)
{
	static const uint64_t want[] = {
		6457827717110365317ULL, 3203168211198807973ULL, 9817491932198370423ULL,
		4593380528125082431ULL, 16408922859458223821ULL,
	};
	struct ulid_rng r;
	size_t i;

	ulid_rng_seed(&r, 1234567);
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_true(ulid_rng_next(&r) == want[i]);
}

static void
test_seeded_determinism(void **state)
{
	struct ulid_rng a, b, c;
	char x[ULID_LEN + 1], y[ULID_LEN + 1], z[ULID_LEN + 1];
	int i, same = 0;

	ulid_rng_seed(&a, 42);
	ulid_rng_seed(&b, 42);
	ulid_rng_seed(&c, 43);
	for (i = 0; i < 100; i++) {
		ulid_new_seeded(&a, 1795665784123LL + i * 1000, x);
		ulid_new_seeded(&b, 1795665784123LL + i * 1000, y);
		ulid_new_seeded(&c, 1795665784123LL + i * 1000, z);
		assert_string_equal(x, y);
		assert_true(ulid_valid(x));
		assert_int_equal(ulid_time(x), 1795665784123LL + i * 1000);
		same += strcmp(x, z) == 0;
	}
	assert_int_equal(same, 0);
	/* Pinned: demo data must not change under anyone's feet. */
	ulid_rng_seed(&a, 1);
	ulid_new_seeded(&a, 1469918176385LL, x);
	assert_string_equal(x, "01ARYZ6S41J452VV4909EC3FQB");
}

static void
test_valid(void **state)
{
	static const struct {
		const char *text;
		bool ok;
	} cases[] = {
		{ "01ARZ3NDEKTSV4RRFFQ69G5FAV", true },
		{ "00000000000000000000000000", true },
		{ "7ZZZZZZZZZZZZZZZZZZZZZZZZZ", true },
		{ "8ZZZZZZZZZZZZZZZZZZZZZZZZZ", false },
		{ "ZZZZZZZZZZZZZZZZZZZZZZZZZZ", false },
		{ "01arz3ndektsv4rrffq69g5fav", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FA", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FAVX", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FAI", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FAL", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FAO", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FAU", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FA#", false },
		{ "01ARZ3NDEKTSV4RRFFQ69G5FA ", false },
		{ "", false },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(ulid_valid(cases[i].text), cases[i].ok);
	assert_false(ulid_valid(NULL));
}

static void
test_time(void **state)
{
	char out[ULID_LEN + 1];
	const long long ms = 1795665784123LL;

	assert_int_equal(ulid_time("01ARYZ6S410000000000000000"), 1469918176385LL);
	assert_int_equal(ulid_time("01ARZ3NDEKTSV4RRFFQ69G5FAV"), 1469922850259LL);
	assert_int_equal(ulid_time("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"), 281474976710655LL);
	ulid_new(ms, out);
	assert_int_equal(ulid_time(out), ms);
	/* Out of the 48-bit range: clamped, never garbage. */
	ulid_new(-5, out);
	assert_int_equal(ulid_time(out), 0);
	ulid_new(1LL << 50, out);
	assert_int_equal(ulid_time(out), 281474976710655LL);
	assert_true(ulid_valid(out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_vectors),
		cmocka_unit_test(test_encode_decode_random),
		cmocka_unit_test(test_monotonic_same_ms),
		cmocka_unit_test(test_new_ms_changes),
		cmocka_unit_test(test_threads_unique),
		cmocka_unit_test(test_splitmix_vector),
		cmocka_unit_test(test_seeded_determinism),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
