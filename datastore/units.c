/* Distances in km or miles: the profile's units on the way in and out, metric in the store. */
#include "datastore/units.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xmalloc.h"

#define MI_IN_M 1609344LL  /* millimetres in a mile: 1 mi = 1.609344 km */
#define MILLION 1000000LL

bool
units_imperial(const char *units)
{
	return units != NULL && strcmp(units, "imperial") == 0;
}

/*
 * a * num / den rounded half away from zero, without overflow for any a in the
 * decimal range: the quotient and remainder are scaled apart.
 */
static long long
scale(long long a, long long num, long long den)
{
	bool neg = a < 0;
	long long m = neg ? -a : a;
	long long q = m / den, r = m % den;
	long long v = q * num + (r * num + den / 2) / den;
	return neg ? -v : v;
}

long long
units_mi_to_km(long long mi_milli)
{
	return scale(mi_milli, MI_IN_M, MILLION);
}

long long
units_km_to_mi(long long km_milli)
{
	return scale(km_milli, MILLION, MI_IN_M);
}

int
units_parse_distance(const char *text, bool imperial, long long *km_milli, char *why, size_t why_size)
{
	size_t len = strlen(text), end = len;
	const char *bad;
	long long v;

	/* The unit is the letters at the end ("1e3" ends in a digit: a number throughout). */
	while (end > 0 && isalpha((unsigned char)text[end - 1]))
		end--;
	const char *unit = text + end;
	size_t numlen = end;
	while (numlen > 0 && text[numlen - 1] == ' ')
		numlen--;
	/* "-Infinity", "-" or "+mi": no number before the letters. */
	if (numlen == 0 || strspn(text, "+- ") >= numlen) {
		snprintf(why, why_size, "'%s': not a distance (a number, then km or mi)", text);
		return -1;
	}
	bool miles = imperial;
	if (*unit != '\0') {
		if (strcasecmp(unit, "mi") == 0) {
			miles = true;
		} else if (strcasecmp(unit, "km") == 0) {
			miles = false;
		} else {
			snprintf(why, why_size, "'%s': unknown unit '%s' (use km or mi)", text, unit);
			return -1;
		}
	}
	char *num = xstrndup(text, numlen);
	int rc = decimal_parse(num, &v, &bad);
	free(num);
	if (rc != 0) {
		snprintf(why, why_size, "'%s': %s", text, bad);
		return -1;
	}
	*km_milli = miles ? units_mi_to_km(v) : v;
	if (*km_milli > DECIMAL_MAX_MILLI || *km_milli < -DECIMAL_MAX_MILLI) {
		snprintf(why, why_size, "'%s': too large", text);
		return -1;
	}
	return 0;
}

void
units_format_distance(long long km_milli, bool imperial, char out[DECIMAL_TEXT_MAX])
{
	decimal_format(imperial ? units_km_to_mi(km_milli) : km_milli, out);
}

const char *
units_distance_head(bool imperial)
{
	return imperial ? "MI" : "KM";
}

const char *
units_distance_unit(bool imperial)
{
	return imperial ? "mi" : "km";
}
