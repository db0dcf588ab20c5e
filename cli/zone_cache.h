/*
 * The time zone of each user's profile, remembered between runs in
 * $XDG_CACHE_HOME/ailife/zones/USER_ID, so that --explain (which sends
 * nothing, so reads no profile) computes local days in the user's zone.
 * Best effort: a cache that cannot be read or written is no error.
 */
#ifndef AILIFE_CLI_ZONE_CACHE_H
#define AILIFE_CLI_ZONE_CACHE_H

/* Remembers zone for user_id, writing only when it changed (0600 file in a 0700 folder). */
void zone_cache_remember(const char *user_id, const char *zone);

/* The zone last remembered for user_id, a valid zone name as a new string, or NULL. */
char *zone_cache_recall(const char *user_id);

#endif
