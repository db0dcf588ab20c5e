/*
 * Exact decimal numbers for DynamoDB N values: amounts, targets, progress and
 * grams have at most 3 decimal places, so they are held as integer thousandths
 * and added as integers; 0.1 + 0.2 is 0.3 on every backend.
 */
#ifndef AILIFE_DECIMAL_H
#define AILIFE_DECIMAL_H

#include <stdbool.h>

/* The largest magnitude held: 10^15 - 1 thousandths (just under a trillion). */
#define DECIMAL_MAX_MILLI 999999999999999LL
#define DECIMAL_TEXT_MAX 32

/*
 * Parses a decimal number: optional '-', digits, optional '.' and digits,
 * optional exponent (e/E, sign, digits), as DynamoDB and people write them
 * ("12.5", "12.50", "1.25e1", "-0"). Refuses more than 3 significant decimal
 * places, values past DECIMAL_MAX_MILLI, empty text, spaces, "+", "nan", "inf".
 * Returns 0, or -1 with *why (static text) saying what is wrong.
 */
int decimal_parse(const char *text, long long *milli, const char **why);

/* Canonical form: no trailing zeros, no exponent, "-" only when negative: "12.5", "3", "0.001". */
void decimal_format(long long milli, char out[DECIMAL_TEXT_MAX]);

/* Whole numbers (mood, version, minutes) parsed strictly; same rules, no fraction. */
int decimal_parse_int(const char *text, long long *value, const char **why);

/* a + b into *sum; -1 when the result leaves the range. */
int decimal_add(long long a, long long b, long long *sum);

#endif
