/*
 * What dates.c (zones, days, formats) and dates_parse.c (the WHEN, DAY and
 * period forms) share. The *_l functions are called with zone_mu held.
 */
#ifndef AILIFE_DATES_INT_H
#define AILIFE_DATES_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "datastore/dates.h"

#define HOUR 3600LL
#define DAY_SECS 86400LL
#define REL_DIGITS_MAX 9

/* Internal names, kept out of the program's namespace. */
#define zone_mu dates_int_zone_mu
#define floor_div dates_int_floor_div
#define ms_in_range dates_int_ms_in_range
#define day_in_range dates_int_day_in_range
#define wall_to_instant dates_int_wall_to_instant
#define set_why dates_int_set_why
#define system_zone_l dates_int_system_zone_l
#define day_start_l dates_int_day_start_l
#define day_of_l dates_int_day_of_l

/* Held by every local-time conversion and zone change. */
extern pthread_mutex_t zone_mu;

long long floor_div(long long a, long long b);
/* Instants the 24-character timestamp can hold: years 0000-9999 in UTC; days likewise. */
bool ms_in_range(ms_t ms);
bool day_in_range(long long days);
/* The earliest instant whose local wall clock reads wall (civil seconds): 0, -1 in a gap, -2 unknown. */
int wall_to_instant(long long wall, time_t *out);
void set_why(char *why, size_t why_size, const char *msg);
const char *system_zone_l(void);
/* The first existing moment of a local day; the local day of an instant. */
ms_t day_start_l(struct day day);
struct day day_of_l(ms_t ms);

#endif
