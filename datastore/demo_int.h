/*
 * The demo generator's insides, shared by its files and by nothing else (what
 * other modules use is in demo.h):
 *
 *   demo.c        the run: options, the user, the day loop, goals and their
 *                 activities (W3's rules), the choices every part draws from
 *   demo_day.c    what a day brings: workouts, habits logged through the day,
 *                 reading, meals and the evening's journal entry
 *   demo_write.c  the writes: records checked, made items and batched
 *
 * The order of the draws is the data: any change to which part draws when
 * changes every item after it, and the same seed no longer gives the same demo.
 */
#ifndef AILIFE_DEMO_INT_H
#define AILIFE_DEMO_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/dates.h"
#include "datastore/demo.h"
#include "datastore/demo_write.h"
#include "datastore/model.h"
#include "datastore/timefmt.h"
#include "datastore/ulid.h"

#define DEMO_PENDING_MAX 8

/* What an activity counts for; at most one goal of a kind takes activities at a time. */
enum demo_kind {
	DEMO_K_WATER, DEMO_K_WALK, DEMO_K_READ, DEMO_K_RUN, DEMO_K_MEDITATE, DEMO_K_PUSHUPS,
	DEMO_K_COUNT
};

/* A goal as the generator tracks it; written once at the end, with its final state. */
struct demo_goal {
	int tpl;
	char *title;
	char id[ULID_LEN + 1];
	ms_t created, updated;
	ms_t last_at;            /* occurredAt of its latest activity: the next one is later */
	long long version, progress;
	const char *status;
	struct day start;
	bool open;               /* still takes activities */
};

/*
 * Something that happens today and may count for a goal. A day's events are
 * generated first, then applied in time order, so a goal completes on its last
 * activity and no activity follows its completion.
 */
struct demo_ev {
	ms_t at;
	size_t seq;              /* generation order, to break ties */
	int kind;                /* the goal kind it counts for, -1 none */
	long long amount;        /* thousandths of the goal's unit */
	const char *note;
	struct model_workout *w; /* a workout to write (linked if the activity counts), or NULL */
	const char *wkind;       /* its kind (static text, for the journal) */
};

struct demo {
	struct demo_write w;
	struct ulid_rng ids;
	struct ulid_rng rng;
	ms_t now;
	struct day first, today; /* the days of data */
	ms_t created;            /* when the user was created: early on the first day */
	char user_id[ULID_LEN + 1];
	struct demo_goal *goals;
	size_t ngoals;
	int cur[DEMO_K_COUNT];   /* the goal of each kind taking activities, -1 none */
	struct {
		int tpl, day;
	} pending[DEMO_PENDING_MAX]; /* goals to set on a later day */
	size_t npending;
	struct demo_ev *ev;      /* today's events */
	size_t nev, ev_cap;
	int book;                /* the book being read (index into demo_day.c's books) */
	int book_page;           /* pages of it read so far */
};

/* What the day brought, for the journal. */
struct demo_today {
	long long run_milli;     /* km of today's run, 0 if none */
	int run_goal;            /* goal the run counted for, -1 none */
	const char *book;        /* book finished today, NULL if none */
	int book_goal;
	ms_t book_at;
	const char *workout;     /* kind of today's workout, NULL if none */
	long long workout_milli; /* its distance, 0 if none */
	long long pushups;       /* push-ups done today */
	int pushups_goal;
};

/* ---- demo.c: choices, records, goals ---- */

/* Uniform in [lo, hi]. */
long long demo_range(struct demo *d, long long lo, long long hi);
/* The instant of a local time of day (mktime resolves DST; a skipped hour moves on). */
ms_t demo_local(struct day day, int minute_of_day, int second, int milli);
/* A random moment between two local times of day (minutes since midnight). */
ms_t demo_between(struct demo *d, struct day day, int from_min, int to_min);
/* The four common attributes of a record of the demo user. */
void demo_common(struct demo *d, struct model_common *c, ms_t created, ms_t updated, long long version);
char *demo_ts(ms_t ms);
struct model_num demo_num(long long v);
/* The goal of a kind that takes activities now, or NULL. */
struct demo_goal *demo_goal_open(struct demo *d, int kind);
/* Logs an activity of g as W3 would; returns the time used, 0 if not logged. */
ms_t demo_activity(struct demo *d, struct demo_goal *g, int day_index, ms_t at, long long amount,
    const char *note);

/* ---- demo_day.c: what a day brings, in the order of the draws ---- */

/* Today's workout and the habits logged through the day, as events. */
void demo_day_events(struct demo *d, struct day day);
/* Applies today's events in time order: activities, their goals, workouts; td: what they were. */
void demo_day_apply(struct demo *d, int day_index, struct demo_today *td);
void demo_day_meals(struct demo *d, struct day day);
void demo_day_journal(struct demo *d, struct day day, const struct demo_today *td);
/* Frees today's events that were not applied (a run that stopped early). */
void demo_day_done(struct demo *d);

#endif
