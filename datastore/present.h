/*
 * How records read for people, written once for the command line (cli/) and
 * the screens (views/): numbers in canonical form, stored times in local time,
 * weekday names, the meal an hour suggests, a goal's progress and the one-line
 * summary of any record ("run 42 min, 8.1 km", "lunch: Pasta (650 kcal)").
 * Summaries are formats over the attribute names of the model's description,
 * so they read a record through model.h like every other generic code.
 * Everything here depends on the datastore core and util/ only.
 */
#ifndef AILIFE_PRESENT_H
#define AILIFE_PRESENT_H

#include <stddef.h>

#include "datastore/dates.h"
#include "datastore/decimal.h"
#include "datastore/model.h"
#include "datastore/timefmt.h"

/* Room for a number's text: present_num's out. */
#define PRESENT_NUM_MAX DECIMAL_TEXT_MAX
/* Room for a local time with its zone ("2026-11-26 05:03 CEST"). */
#define PRESENT_TIME_MAX 64

/* "12.5" of a number (thousandths), "" when it is not set. */
void present_num(const struct model_num *n, char out[PRESENT_NUM_MAX]);
/* Whole percent of part in whole (rounded down), 0 when whole is not above 0. */
long long present_percent(long long part, long long whole);

/* Milliseconds of a stored 24-character time; 0 when absent or unreadable. */
ms_t present_ms(const char *ts);
/*
 * The local "YYYY-MM-DD HH:MM" of a stored time, as the screens show it: ""
 * when absent, and an unreadable one as the instant 0 (present_ms).
 */
void present_time(const char *ts, char *out, size_t size);
/* The same, with mark ("?") for a time that is absent or unreadable (the command line). */
void present_time_or(const char *ts, const char *mark, char *out, size_t size);
/* With the zone's abbreviation: "2026-11-26 05:03 CET" (unreadable: the instant 0). */
void present_time_zone(const char *ts, char *out, size_t size);
/* The local day of a stored time (unreadable: the instant 0's). */
struct day present_day(const char *ts);
/* The weekday of a day: "Mon" ... "Sun". */
const char *present_weekday(struct day d);
/*
 * The meal the local time of ms suggests: breakfast from 04:00 until 10:30,
 * lunch 11:00-15:00, dinner 17:00-22:00, else snack (each end exclusive).
 */
const char *present_meal_type(ms_t ms);

/* The occurredAt of a record with one (activity, journal, meal, workout), else NULL. */
const char *present_occurred_at(enum model_type type, const void *rec);
/*
 * One attribute as text for people (a new string), NULL when absent: numbers
 * canonical, whole numbers as they are, tags joined by ", ", times local
 * (present_time_or with time_mark, or present_time when time_mark is NULL),
 * every other string as stored.
 */
char *present_field(const void *rec, const struct model_field *f, const char *time_mark);

/* A goal's amount "42.5/100 km" and its progress "42.5/100 km (42%)" (new strings). */
char *present_amount(const struct model_goal *g);
char *present_progress(const struct model_goal *g);
/* A journal entry's title, else the first line of its body (a new string). */
char *present_journal_title(const struct model_journal *j);
/*
 * One line for a record in a mixed list (a new string): "Ana", "Run: 5/10 km
 * (50%)", "+5 to goal G: easy", "Sunday (mood 4)", "lunch: Pasta (650 kcal)",
 * "run 42 min, 8.1 km".
 */
char *present_summary(enum model_type type, const void *rec);

#endif
