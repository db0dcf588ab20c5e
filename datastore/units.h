/*
 * Units people use: stored values stay metric (distanceKm, as data-model.md
 * says); a profile with units = imperial reads and shows distances in miles.
 * 1 mi = 1.609344 km exactly; conversions are done in integer thousandths,
 * rounded half away from zero to 0.001 (what the data model holds).
 */
#ifndef AILIFE_UNITS_H
#define AILIFE_UNITS_H

#include <stdbool.h>
#include <stddef.h>

#include "datastore/decimal.h"

/* Whether a profile's units value means imperial ("imperial"; anything else is metric). */
bool units_imperial(const char *units);

/*
 * Parses a distance as people type it: a number with an optional unit, "km"
 * or "mi" (any case), with or without spaces between: "5", "5mi", "8 km",
 * "5.5 MI". A bare number is in miles when imperial, else km. *km_milli: the
 * distance in thousandths of a km. Returns 0, or -1 with why naming the
 * value ("'5 parsecs': unknown unit 'parsecs' (use km or mi)").
 */
int units_parse_distance(const char *text, bool imperial, long long *km_milli, char *why, size_t why_size);

/* Thousandths of a mile in thousandths of a km, and back (rounded to 0.001). */
long long units_mi_to_km(long long mi_milli);
long long units_km_to_mi(long long km_milli);

/* A stored distance (thousandths of a km) as the profile shows it: miles when imperial, else km. */
void units_format_distance(long long km_milli, bool imperial, char out[DECIMAL_TEXT_MAX]);

/* The distance column's heading and unit word: "KM" / "km", or "MI" / "mi" when imperial. */
const char *units_distance_head(bool imperial);
const char *units_distance_unit(bool imperial);

#endif
