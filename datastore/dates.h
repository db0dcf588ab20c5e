/*
 * The WHEN, DAY and period forms of ailife(1) (DATES), read in the process's
 * time zone (TZ, set from the user's profile by dates_set_zone). Every
 * local-time conversion of the program goes through here: they and the zone
 * changes are serialised, so a thread converting while another switches zones
 * sees one zone or the other. Parsing is datastore/dates_parse.c.
 *
 * WHEN:   now; RFC 3339; YYYY-MM-DD (local midnight); "YYYY-MM-DD HH:MM",
 *         YYYY-MM-DDTHH:MM[:SS] (local); a clock time alone (today): 21:00,
 *         8:30, 21:00:15, 8am, 8:30pm; a day word, alone (its midnight) or
 *         with a clock time: today, yesterday, tomorrow, mon ... sunday and
 *         "last monday" (the most recent one before today); relative to now:
 *         -45s -30m -2h -3d -1w (exact), -2mo -1y (calendar, same wall clock).
 * DAY:    YYYY-MM-DD, a day word, -7d -1w -2mo -1y.
 * period: a DAY, YYYY-MM, YYYY-Www (ISO week), this/last week|month|year.
 * Nothing unparseable or ambiguous is ever taken as "now" or guessed.
 */
#ifndef AILIFE_DATES_H
#define AILIFE_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "datastore/timefmt.h"

/* A local calendar day. */
struct day {
	int y, m, d;
};

/* An IANA zone name that exists in the system's zone database ("Europe/Berlin", "UTC"). */
bool dates_zone_valid(const char *name);
/*
 * Once, first thing in main() (before any thread): puts TZ in the environment
 * when it is not there, naming the zone the machine resolves to, so that
 * dates_set_zone later replaces an entry and never grows the environment.
 */
void dates_zone_init(void);
/* Makes name the process's zone (setenv TZ + tzset); NULL or "" keeps TZ as it is. */
int dates_set_zone(const char *name);
/* The zone name (from TZ, else /etc/timezone or /etc/localtime), "UTC" if unknown. Per-thread storage, until the next call. */
const char *dates_system_zone(void);

/*
 * Returns 0, or -1 with why (a message naming the reason, without the value;
 * the caller names the value) filled in.
 * A local time that does not exist (skipped by a DST change) is refused;
 * one that exists twice (DST ends) is the first of the two.
 */
int dates_parse_when(const char *text, ms_t now, ms_t *out, char *why, size_t why_size);
int dates_parse_day(const char *text, ms_t now, struct day *out, char *why, size_t why_size);
/* A period: its first and last day (both the same for a DAY). */
int dates_parse_period(const char *text, ms_t now, struct day *first, struct day *last, char *why,
    size_t why_size);
/* --month / --week: "this", "last", or a period: the month (ISO week) holding its first day. */
int dates_parse_month(const char *text, ms_t now, struct day *first, struct day *last, char *why,
    size_t why_size);
int dates_parse_week(const char *text, ms_t now, struct day *first, struct day *last, char *why,
    size_t why_size);

/* The instant a local day starts (its first existing moment), and the day holding an instant. */
ms_t dates_day_start(struct day day);
struct day dates_day_of(ms_t ms);
/* day + n days (n may be negative). */
struct day dates_day_add(struct day day, int n);
/* Monday of the ISO week holding day; the first of its month. */
struct day dates_week_start(struct day day);
struct day dates_month_start(struct day day);

/* "2026-11-26" into out (11 bytes). */
void dates_day_format(struct day day, char out[11]);
/* Local "2026-11-26 05:03" (17 bytes) and with the zone abbreviation "2026-11-26 05:03 CET". */
void dates_local_format(ms_t ms, char *out, size_t size);
void dates_local_format_zone(ms_t ms, char *out, size_t size);
/* localtime_r and mktime under the zone's lock, for callers that need the fields themselves. */
bool dates_local_tm(time_t t, struct tm *out);
time_t dates_mktime(struct tm *tm);

#endif
