/*
 * libFuzzer target: dates_parse_when, dates_parse_day and the periods (--from,
 * --to, --month, --week) on arbitrary bytes,
 * in a zone with DST, checking that whatever they accept is sane.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/dates.h"
#include "datastore/timefmt.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* 2026-11-26T04:03:04.123Z: a fixed clock keeps runs reproducible. */
#define FUZZ_NOW 1795665784123LL

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char why[256], local[64], back[11];
	struct day day;
	char *text;
	ms_t ms;

	if (size > 4096)
		return 0;
	text = malloc(size + 1);
	if (text == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	why[0] = '\0';
	if (dates_parse_when(text, FUZZ_NOW, &ms, why, sizeof why) == 0) {
		/* Accepted instants fit a 24-character timestamp. */
		if (ms < -62167219200000LL || ms > 253402300799999LL)
			abort();
		/* A local "YYYY-MM-DD HH:MM" reads back as itself. */
		if (strlen(text) == 16 && text[10] == ' ' && text[13] == ':') {
			dates_local_format(ms, local, sizeof local);
			if (strcmp(local, text) != 0)
				abort();
		}
	} else if (why[0] == '\0') {
		abort();
	}

	why[0] = '\0';
	if (dates_parse_day(text, FUZZ_NOW, &day, why, sizeof why) == 0) {
		if (!timefmt_valid_date(day.y, day.m, day.d) || day.y < 0 || day.y > 9999)
			abort();
		if (strlen(text) == 10 && text[0] != '-') {
			dates_day_format(day, back);
			if (strcmp(back, text) != 0)
				abort();
		}
	} else if (why[0] == '\0') {
		abort();
	}

	/* Periods: valid days, the first not after the last. */
	for (int kind = 0; kind < 3; kind++) {
		struct day first, last;
		int r;
		why[0] = '\0';
		r = kind == 0 ? dates_parse_period(text, FUZZ_NOW, &first, &last, why, sizeof why) :
		    kind == 1 ? dates_parse_month(text, FUZZ_NOW, &first, &last, why, sizeof why) :
		    dates_parse_week(text, FUZZ_NOW, &first, &last, why, sizeof why);
		if (r == 0) {
			if (!timefmt_valid_date(first.y, first.m, first.d) || !timefmt_valid_date(last.y, last.m, last.d) ||
			    first.y < 0 || last.y > 9999)
				abort();
			if (timefmt_days_from_civil(first.y, first.m, first.d) > timefmt_days_from_civil(last.y, last.m, last.d))
				abort();
		} else if (why[0] == '\0') {
			abort();
		}
	}

	free(text);
	return 0;
}
