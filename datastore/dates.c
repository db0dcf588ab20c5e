/*
 * WHEN and DAY of cli.md in the process's zone. Local times are turned into
 * instants by asking localtime_r which offsets are in force near the moment
 * and keeping those that map back exactly; that finds the DST gap (none) and
 * the doubled hour (two, the earlier wins) without trusting mktime's guesses.
 *
 * The zone is the process's (TZ), and the terminal interface changes it on
 * its main thread while its worker may be converting times: every local-time
 * conversion here and every zone change hold zone_mu, so a conversion sees
 * one zone from start to end, and TZ is put in the environment once at start
 * (dates_zone_init) so that a change replaces its entry and never moves the
 * environment array under a getenv of another thread. The *_l functions are
 * called with zone_mu held.
 */
/* dates.h uses size_t without including <stddef.h> (reported to the lead). */
#include <stddef.h>

#include "datastore/dates.h"
#include "datastore/dates_int.h"
#include "datastore/timefmt.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/xmalloc.h"

#define ZONEINFO "/usr/share/zoneinfo/"
#define ZONE_NAME_MAX 64
/* What glibc reads when TZ is unset, and TZ naming that file (dates_zone_init's fallback). */
#define LOCALTIME "/etc/localtime"
#define TZ_LOCALTIME ":" LOCALTIME
#define ZONE_FILE_MAX (256 * 1024)

pthread_mutex_t zone_mu = PTHREAD_MUTEX_INITIALIZER;
/* The zone's name when dates_zone_init had to set TZ to the file: what dates_system_zone says then. */
static char init_zone[256];

long long
floor_div(long long a, long long b)
{
	long long q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* Instants the 24-character timestamp can hold: years 0000-9999 in UTC. */
bool
ms_in_range(ms_t ms)
{
	return ms >= timefmt_days_from_civil(0, 1, 1) * DAY_SECS * 1000 &&
	    ms < timefmt_days_from_civil(10000, 1, 1) * DAY_SECS * 1000;
}

bool
day_in_range(long long days)
{
	return days >= timefmt_days_from_civil(0, 1, 1) &&
	    days < timefmt_days_from_civil(10000, 1, 1);
}

/* The local wall clock at t, as seconds of a UTC-like civil timeline. */
static bool
local_secs(time_t t, long long *out)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return false;
	*out = timefmt_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) *
	    DAY_SECS + tm.tm_hour * HOUR + tm.tm_min * 60LL + tm.tm_sec;
	return true;
}

/*
 * The earliest instant whose local wall clock reads wall (civil seconds).
 * Returns 0, -1 when no instant does (a gap), -2 when the zone cannot say.
 * Offsets stay within about 15 hours, so those in force around wall +- 18h,
 * sampled every 3 hours, include the right one unless two changes fall
 * within 3 hours of each other.
 */
int
wall_to_instant(long long wall, time_t *out)
{
	long long offs[16] = { 0 }, ls, t;
	int noff = 0, i, j;
	bool found = false;
	time_t best = 0, s;

	for (i = -6; i <= 6; i++) {
		s = (time_t)(wall + i * 3 * HOUR);
		if (!local_secs(s, &ls))
			return -2;
		for (j = 0; j < noff && offs[j] != ls - s; j++)
			;
		if (j == noff)
			offs[noff++] = ls - s;
	}
	for (i = 0; i < noff; i++) {
		t = wall - offs[i];
		if (!local_secs((time_t)t, &ls))
			return -2;
		if (ls == wall && (!found || t < best)) {
			best = (time_t)t;
			found = true;
		}
	}
	if (!found)
		return -1;
	*out = best;
	return 0;
}

void
set_why(char *why, size_t why_size, const char *msg)
{
	if (why != NULL && why_size > 0)
		(void)xsnprintf(why, why_size, "%s", msg);
}

bool
dates_zone_valid(const char *name)
{
	char path[sizeof ZONEINFO + ZONE_NAME_MAX];
	char magic[4];
	struct stat st;
	size_t n;
	int fd;
	ssize_t r;

	if (name == NULL)
		return false;
	if (strcmp(name, "UTC") == 0)
		return true;
	n = strlen(name);
	if (n == 0 || n > ZONE_NAME_MAX || name[0] == '/' || strstr(name, "..") != NULL)
		return false;
	if (strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_+-/") != n)
		return false;
	if (xsnprintf(path, sizeof path, "%s%s", ZONEINFO, name) != 0)
		return false;
	/* O_NONBLOCK: a FIFO planted in the zone directory must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	do
		r = read(fd, magic, sizeof magic);
	while (r < 0 && errno == EINTR);
	close(fd);
	return r == (ssize_t)sizeof magic && memcmp(magic, "TZif", 4) == 0;
}

int
dates_set_zone(const char *name)
{
	if (name == NULL || *name == '\0')
		return 0;
	if (!dates_zone_valid(name))
		return -1;
	pthread_mutex_lock(&zone_mu);
	int rc = setenv("TZ", name, 1);
	tzset();
	pthread_mutex_unlock(&zone_mu);
	return rc != 0 ? -1 : 0;
}

/* "/usr/share/zoneinfo/Europe/Berlin" -> "Europe/Berlin"; NULL when not under zoneinfo. */
static const char *
after_zoneinfo(const char *path)
{
	const char *p = strstr(path, "zoneinfo/");

	return p == NULL ? NULL : p + strlen("zoneinfo/");
}

/* Per thread: a caller reads it while another thread may ask too. */
const char *
system_zone_l(void)
{
	static _Thread_local char zone[256];
	const char *tz, *p;
	char link[512];
	ssize_t n;
	size_t len;
	FILE *f;

	tz = getenv("TZ");
	if (tz != NULL && init_zone[0] != '\0' && strcmp(tz, TZ_LOCALTIME) == 0)
		return init_zone;
	if (tz != NULL) {
		if (*tz == ':')
			tz++;
		if (*tz == '/' && (p = after_zoneinfo(tz)) != NULL)
			tz = p;
		if (*tz == '\0' || xsnprintf(zone, sizeof zone, "%s", tz) != 0)
			return "UTC";
		return zone;
	}
	f = fopen("/etc/timezone", "re");
	if (f != NULL) {
		if (fgets(zone, sizeof zone, f) != NULL) {
			len = strcspn(zone, " \t\r\n");
			zone[len] = '\0';
			if (len > 0) {
				fclose(f);
				return zone;
			}
		}
		fclose(f);
	}
	n = readlink(LOCALTIME, link, sizeof link - 1);
	if (n > 0) {
		link[n] = '\0';
		p = after_zoneinfo(link);
		if (p != NULL && *p != '\0' &&
		    xsnprintf(zone, sizeof zone, "%s", p) == 0)
			return zone;
	}
	return "UTC";
}

const char *
dates_system_zone(void)
{
	pthread_mutex_lock(&zone_mu);
	const char *z = system_zone_l();
	pthread_mutex_unlock(&zone_mu);
	return z;
}

/* A whole zone file (at most ZONE_FILE_MAX bytes) into a new buffer; NULL when it does not read. */
static char *
read_zone_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rbe");
	char *b;
	if (f == NULL)
		return NULL;
	b = xmalloc(ZONE_FILE_MAX);
	*len = fread(b, 1, ZONE_FILE_MAX, f);
	if (ferror(f) || *len == ZONE_FILE_MAX) {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

/* Whether the zone database's name is the zone glibc reads without TZ (/etc/localtime, UTC without it). */
static bool
localtime_is(const char *name)
{
	char path[sizeof ZONEINFO + ZONE_NAME_MAX];
	struct stat a, b;
	char *x, *y;
	size_t nx = 0, ny = 0;
	bool same;

	if (stat(LOCALTIME, &a) != 0)
		return errno == ENOENT && strcmp(name, "UTC") == 0;
	if (!dates_zone_valid(name) || xsnprintf(path, sizeof path, "%s%s", ZONEINFO, name) != 0 ||
	    stat(path, &b) != 0)
		return false;
	if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return true;
	/* A copy of the zone's file rather than a link to it. */
	x = read_zone_file(LOCALTIME, &nx);
	y = read_zone_file(path, &ny);
	same = x != NULL && y != NULL && nx == ny && memcmp(x, y, nx) == 0;
	free(x);
	free(y);
	return same;
}

void
dates_zone_init(void)
{
	pthread_mutex_lock(&zone_mu);
	if (getenv("TZ") == NULL) {
		/*
		 * The name the machine's zone goes by (as dates_system_zone finds it
		 * without TZ); when that is not the zone glibc reads, TZ names the
		 * file glibc reads, and the name is still what dates_system_zone says.
		 */
		const char *name = system_zone_l();
		if (localtime_is(name)) {
			(void)setenv("TZ", name, 1);
		} else {
			(void)xsnprintf(init_zone, sizeof init_zone, "%s", name);
			(void)setenv("TZ", TZ_LOCALTIME, 1);
		}
	}
	tzset();
	pthread_mutex_unlock(&zone_mu);
}

/*
 * The first existing moment of the day: local midnight, or when the clocks
 * skipped midnight, the instant they jumped (the first t whose wall clock is
 * at or past midnight).
 */
ms_t
day_start_l(struct day day)
{
	long long wall = timefmt_days_from_civil(day.y, day.m, day.d) * DAY_SECS;
	long long lo, hi, mid, ls;
	time_t t;

	if (wall_to_instant(wall, &t) == 0)
		return (ms_t)t * 1000;
	lo = wall - 27 * HOUR;
	hi = wall + 27 * HOUR;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (!local_secs((time_t)mid, &ls))
			return wall * 1000;
		if (ls >= wall)
			hi = mid;
		else
			lo = mid;
	}
	return (ms_t)hi * 1000;
}

struct day
day_of_l(ms_t ms)
{
	struct day day;
	struct tm tm;
	time_t t = (time_t)floor_div(ms, 1000);

	if (localtime_r(&t, &tm) == NULL) {
		timefmt_civil_from_days(floor_div(ms, DAY_SECS * 1000), &day.y,
		    &day.m, &day.d);
		return day;
	}
	day.y = tm.tm_year + 1900;
	day.m = tm.tm_mon + 1;
	day.d = tm.tm_mday;
	return day;
}

ms_t
dates_day_start(struct day day)
{
	pthread_mutex_lock(&zone_mu);
	ms_t ms = day_start_l(day);
	pthread_mutex_unlock(&zone_mu);
	return ms;
}

struct day
dates_day_of(ms_t ms)
{
	pthread_mutex_lock(&zone_mu);
	struct day day = day_of_l(ms);
	pthread_mutex_unlock(&zone_mu);
	return day;
}

bool
dates_local_tm(time_t t, struct tm *out)
{
	pthread_mutex_lock(&zone_mu);
	bool ok = localtime_r(&t, out) != NULL;
	pthread_mutex_unlock(&zone_mu);
	return ok;
}

time_t
dates_mktime(struct tm *tm)
{
	pthread_mutex_lock(&zone_mu);
	time_t t = mktime(tm);
	pthread_mutex_unlock(&zone_mu);
	return t;
}

struct day
dates_day_add(struct day day, int n)
{
	struct day r;

	timefmt_civil_from_days(timefmt_days_from_civil(day.y, day.m, day.d) + n,
	    &r.y, &r.m, &r.d);
	return r;
}

struct day
dates_week_start(struct day day)
{
	long long days = timefmt_days_from_civil(day.y, day.m, day.d);
	/* 1970-01-01 was a Thursday: 3 days after a Monday. */
	long long monday = days - (((days + 3) % 7) + 7) % 7;
	struct day r;

	timefmt_civil_from_days(monday, &r.y, &r.m, &r.d);
	return r;
}

struct day
dates_month_start(struct day day)
{
	day.d = 1;
	return day;
}

void
dates_day_format(struct day day, char out[11])
{
	if (day.y < 0 || day.y > 9999 || day.m < 1 || day.m > 12 || day.d < 1 ||
	    day.d > 31) {
		(void)xsnprintf(out, 11, "%s", "0000-00-00");
		return;
	}
	(void)xsnprintf(out, 11, "%04d-%02d-%02d", day.y, day.m, day.d);
}

/* The fields by hand: strftime's %Y gives "33", not "0033", for early years. */
static void
local_format(ms_t ms, char *out, size_t size, bool zone)
{
	struct tm tm;
	time_t t = (time_t)floor_div(ms, 1000);
	char abbr[64];

	if (size == 0)
		return;
	out[0] = '\0';
	/* strftime's %Z may read the zone (tzset) too. */
	pthread_mutex_lock(&zone_mu);
	if (localtime_r(&t, &tm) == NULL) {
		pthread_mutex_unlock(&zone_mu);
		return;
	}
	if (zone && strftime(abbr, sizeof abbr, "%Z", &tm) == 0)
		abbr[0] = '\0';
	pthread_mutex_unlock(&zone_mu);
	if (xsnprintf(out, size, "%04d-%02d-%02d %02d:%02d%s%s", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    zone && abbr[0] != '\0' ? " " : "", zone ? abbr : "") != 0)
		out[0] = '\0';
}

void
dates_local_format(ms_t ms, char *out, size_t size)
{
	local_format(ms, out, size, false);
}

void
dates_local_format_zone(ms_t ms, char *out, size_t size)
{
	local_format(ms, out, size, true);
}
