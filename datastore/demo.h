/*
 * Demo data: a demo user with N days of realistic data ending on the data
 * clock's day (goals and their activities, journal entries, meals, workouts),
 * written through the table interface. Every choice comes from a generator
 * seeded with the seed and every time from the options' clock, so the same
 * options give byte-identical items; the real clock and ulid_new are never
 * used. Local times of day are the process's zone (TZ), which the profile
 * gets as its timezone. Nothing is printed: what was made comes back in a
 * struct demo_result, what went wrong in the table_err.
 *
 * The user logs small things as they happen (each glass of water, each walk,
 * each reading session, each set of push-ups), which is what makes ten years
 * about 100,000 items, as a real user's data would be.
 */
#ifndef AILIFE_DEMO_H
#define AILIFE_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datastore/dates.h"
#include "datastore/model.h"
#include "datastore/table.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"

#define DEMO_DAYS_DEFAULT 30
#define DEMO_DAYS_MAX 3650
#define DEMO_SEED_DEFAULT 1

struct demo_options {
	int days;                /* 1 to DEMO_DAYS_MAX; the last one is the day holding now */
	uint64_t seed;           /* the same seed (and now), the same user and items */
	ms_t now;                /* the data clock: nothing happens after it */
	const char *name;        /* the user's name; NULL: "Alex Demo", with an e-mail address */
};

struct demo_result {
	char user_id[ULID_LEN + 1]; /* the seed's demo user ("" when the options were refused) */
	const char *name;        /* its name: the option's (borrowed) or the default */
	int days;
	struct day first, last;  /* the days the data covers */
	size_t counts[MODEL_TYPE_COUNT]; /* items written per type, the user included */
	bool exists;             /* refused because the seed's demo user is already there */
};

/* The defaults: DEMO_DAYS_DEFAULT days, DEMO_SEED_DEFAULT, the data clock's now, the default name. */
void demo_options_init(struct demo_options *o);

/*
 * Checks the options without a table: days in range and the user a valid
 * record (a name with a control character, or too long, is refused). Returns
 * 0, or -1 with err (TABLE_INVALID) saying what is wrong, e.g. "name: ...".
 */
int demo_options_check(const struct demo_options *o, struct table_err *err);

/*
 * Generates the demo and writes it to t: the items in batches, the profile
 * last (PutItem if not exists), so a run that failed part-way can be run
 * again. Returns 0 with result filled in, or -1 with err: TABLE_INVALID for
 * options demo_options_check refuses, TABLE_COND_FAILED with result->exists
 * when the seed's user is already there (nothing is written), else the
 * table's error.
 */
int demo_generate(struct table *t, const struct demo_options *opts, struct demo_result *result,
    struct table_err *err);

#endif
