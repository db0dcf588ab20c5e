/*
 * Every key of data-model.md, byte for byte. The only code that knows a '#'.
 * Builders return new strings (free them); parsers check a key's shape.
 */
#ifndef AILIFE_KEYS_H
#define AILIFE_KEYS_H

#include <stdbool.h>

#define KEYS_SEP '#'
#define KEYS_ID_MAX 64

/* The id rule: [A-Za-z0-9_-]{1,64}. */
bool keys_id_valid(const char *id);

/* PK of everything a user owns: USER#<u>. */
char *keys_user_pk(const char *user_id);
/* SK of a profile: PROFILE. */
const char *keys_profile_sk(void);
/* SK of an entity with its own id: <TYPE>#<id> (GOAL#g, JOURNAL#j, MEAL#m, WORKOUT#w). */
char *keys_entity_sk(const char *type, const char *id);
/* SK prefix of a type: <TYPE>#. */
char *keys_type_prefix(const char *type);
/* SK of an activity: ACTIVITY#<g>#<at>; and the prefix of a goal's activities ACTIVITY#<g>#. */
char *keys_activity_sk(const char *goal_id, const char *at);
char *keys_activity_prefix(const char *goal_id);

/* The state item of a migration: MIGRATION#<name> (name: "legacy-goals"), SK STATE. */
char *keys_migration_pk(const char *name);
const char *keys_migration_sk(void);

/* GSI1: users (USER, USER#<u>) and goals by status (GOAL#<status>, USER#<u>#GOAL#<g>). */
const char *keys_gsi1_users_pk(void);
char *keys_gsi1_user_sk(const char *user_id);
char *keys_gsi1_status_pk(const char *status);
char *keys_gsi1_goal_sk(const char *user_id, const char *goal_id);
char *keys_gsi1_user_goals_prefix(const char *user_id);   /* USER#<u># */

/* GSI2: USER#<u>#<TYPE>, <at>#<id>. */
char *keys_gsi2_pk(const char *user_id, const char *type);
char *keys_gsi2_sk(const char *at, const char *id);

/* GSI3: GOAL#<g>; ACTIVITY#<at> for activities, <TYPE>#<at>#<id> for the others. */
char *keys_gsi3_pk(const char *goal_id);
char *keys_gsi3_activity_sk(const char *at);
char *keys_gsi3_sk(const char *type, const char *at, const char *id);

/* Splits "USER#<u>" into the user id (new string), NULL if not that shape. */
char *keys_parse_user_pk(const char *pk);
/*
 * Splits a main-table SK: its type ("PROFILE" for a profile, else the part
 * before the first '#') and the rest. For ACTIVITY#<g>#<at> the id is g and at
 * is the timestamp. Returns 0, or -1 when the SK is none of the known shapes.
 * Outputs are new strings (at NULL unless ACTIVITY).
 */
int keys_parse_sk(const char *sk, char **type, char **id, char **at);

#endif
