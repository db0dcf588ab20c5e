/* The profiles' time zones between runs: see zone_cache.h. */
#include "cli/zone_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "datastore/dates.h"
#include "util/xmalloc.h"

#define ZONE_MAX 128

/* A user id that is a safe file name (ids are ULIDs; anything else is not cached). */
static int
safe_name(const char *s)
{
	size_t n = 0;
	if (s == NULL || s[0] == '\0' || s[0] == '.')
		return 0;
	for (; s[n] != '\0'; n++) {
		char ch = s[n];
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		        ch == '_' || ch == '.'))
			return 0;
	}
	return n <= 128;
}

/* mkdir -p with 0700 for each folder made (the XDG rule); 0 when path is a folder now. */
static int
make_dirs(char *path)
{
	for (char *p = path + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int rc = mkdir(path, 0700);
		*p = '/';
		if (rc != 0 && errno != EEXIST)
			return -1;
	}
	return mkdir(path, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* The cache file of user_id (new string), or NULL. */
static char *
zone_file(const char *user_id, char **dir_out)
{
	char *dir, *path;
	if (!safe_name(user_id) || (dir = config_cache_dir()) == NULL)
		return NULL;
	path = xasprintf("%s/zones/%s", dir, user_id);
	if (dir_out != NULL)
		*dir_out = dir;
	else
		free(dir);
	return path;
}

char *
zone_cache_recall(const char *user_id)
{
	char buf[ZONE_MAX + 2];
	char *path = zone_file(user_id, NULL);
	FILE *f;
	size_t n;
	if (path == NULL)
		return NULL;
	f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (buf[0] == '\0' || n > ZONE_MAX || !dates_zone_valid(buf))
		return NULL;
	return xstrdup(buf);
}

void
zone_cache_remember(const char *user_id, const char *zone)
{
	char *dir = NULL, *path, *sub, *tmp;
	char *now;
	int fd;
	if (zone == NULL || strlen(zone) > ZONE_MAX || strchr(zone, '\n') != NULL)
		return;
	now = zone_cache_recall(user_id);
	if (now != NULL && strcmp(now, zone) == 0) {
		free(now);
		return;
	}
	free(now);
	if ((path = zone_file(user_id, &dir)) == NULL)
		return;
	sub = xasprintf("%s/zones", dir);
	if (make_dirs(sub) == 0) {
		tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd >= 0) {
			size_t len = strlen(zone);
			int ok = write(fd, zone, len) == (ssize_t)len && write(fd, "\n", 1) == 1;
			ok = close(fd) == 0 && ok;
			if (!ok || rename(tmp, path) != 0)
				unlink(tmp);
		}
		free(tmp);
	}
	free(sub);
	free(dir);
	free(path);
}
