/* Exact decimals as integer thousandths: parsing, canonical formatting, addition. */
#include "datastore/decimal.h"

#include <stddef.h>

/* Exponents past this cannot change the outcome (the value is out of range or not exact). */
#define DECIMAL_EXP_CLAMP 100000

static int
decimal_fail(const char **why, const char *text)
{
	if (why != NULL)
		*why = text;
	return -1;
}

static int
decimal_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

/*
 * The value is read as a run of significant digits and the power of ten of
 * its last digit, so that "1.25e1", "12.50" and "0.0125e3" all end up as the
 * same thousandths without ever passing through binary floating point.
 */
int
decimal_parse(const char *text, long long *milli, const char **why)
{
	const char *p = text;
	bool negative = false, seen_point = false;
	long ndig = 0;           /* mantissa digits read */
	long before_point = -1;  /* mantissa digits before the '.' */
	long first_sig = -1, last_sig = -1;  /* digit indexes of the significant run */
	long exp_value = 0, scale;
	long long value;

	if (text == NULL || *text == '\0')
		return decimal_fail(why, "empty number");
	if (*p == '-') {
		negative = true;
		p++;
	}
	for (;; p++) {
		if (decimal_isdigit(*p)) {
			if (ndig >= DECIMAL_EXP_CLAMP)
				return decimal_fail(why, "too many digits");
			if (*p != '0') {
				if (first_sig < 0)
					first_sig = ndig;
				last_sig = ndig;
			}
			ndig++;
		} else if (*p == '.' && !seen_point) {
			seen_point = true;
			before_point = ndig;
		} else
			break;
	}
	if (ndig == 0)
		return decimal_fail(why, "not a number");
	if (before_point < 0)
		before_point = ndig;
	if (*p == 'e' || *p == 'E') {
		bool exp_negative = false, exp_digit = false;

		p++;
		if (*p == '+' || *p == '-') {
			exp_negative = *p == '-';
			p++;
		}
		for (; decimal_isdigit(*p); p++) {
			exp_digit = true;
			if (exp_value < DECIMAL_EXP_CLAMP)
				exp_value = exp_value * 10 + (*p - '0');
		}
		if (!exp_digit)
			return decimal_fail(why, "exponent without digits");
		if (exp_negative)
			exp_value = -exp_value;
	}
	if (*p != '\0')
		return decimal_fail(why, "not a number");

	if (first_sig < 0) {
		/* Zero in any spelling ("-0", "0.000", "0e9") is 0. */
		*milli = 0;
		return 0;
	}

	/* Power of ten of the last significant digit, counted in thousandths. */
	scale = before_point - 1 - last_sig + exp_value + 3;
	if (scale < 0)
		return decimal_fail(why, "more than 3 decimal places");
	if (last_sig - first_sig + 1 + scale > 15)
		return decimal_fail(why, "number out of range");

	value = 0;
	ndig = 0;
	for (const char *q = text; q < p && *q != 'e' && *q != 'E'; q++) {
		if (!decimal_isdigit(*q))
			continue;
		if (ndig >= first_sig && ndig <= last_sig)
			value = value * 10 + (*q - '0');
		ndig++;
	}
	for (long i = 0; i < scale; i++)
		value *= 10;
	if (value > DECIMAL_MAX_MILLI)
		return decimal_fail(why, "number out of range");
	*milli = negative ? -value : value;
	return 0;
}

void
decimal_format(long long milli, char out[DECIMAL_TEXT_MAX])
{
	unsigned long long mag, whole;
	unsigned frac;
	char digits[32];
	size_t len = 0, i, o = 0;

	mag = milli < 0 ? 0ULL - (unsigned long long)milli : (unsigned long long)milli;
	whole = mag / 1000;
	frac = (unsigned)(mag % 1000);
	if (milli < 0)
		out[o++] = '-';
	do {
		digits[len++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole != 0);
	for (i = len; i > 0; i--)
		out[o++] = digits[i - 1];
	if (frac != 0) {
		char f[3];
		size_t flen = 3;

		f[0] = (char)('0' + frac / 100);
		f[1] = (char)('0' + frac / 10 % 10);
		f[2] = (char)('0' + frac % 10);
		while (f[flen - 1] == '0')
			flen--;
		out[o++] = '.';
		for (i = 0; i < flen; i++)
			out[o++] = f[i];
	}
	out[o] = '\0';
}

int
decimal_parse_int(const char *text, long long *value, const char **why)
{
	long long milli;

	if (decimal_parse(text, &milli, why) != 0)
		return -1;
	if (milli % 1000 != 0)
		return decimal_fail(why, "not a whole number");
	*value = milli / 1000;
	return 0;
}

int
decimal_add(long long a, long long b, long long *sum)
{
	long long s;

	if (__builtin_add_overflow(a, b, &s))
		return -1;
	if (s > DECIMAL_MAX_MILLI || s < -DECIMAL_MAX_MILLI)
		return -1;
	*sum = s;
	return 0;
}
