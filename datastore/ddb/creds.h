/*
 * Credentials for the DynamoDB backend: the chain of util/aws_chain.h
 * (resolved by config/aws.c from the shared files and the environment)
 * turned into keys, asked again before they expire.
 *
 *   creds.c        the provider: the chain's source, its roles, the cache, refreshing, the lock
 *   creds_http.c   one-shot HTTP requests (GET, PUT, POST) on libcurl, for the sources below
 *   creds_process.c credential_process
 *   creds_meta.c   container credentials and EC2 instance metadata (IMDSv2)
 *   creds_sso.c    IAM Identity Center: the token cache, CreateToken, GetRoleCredentials
 *   creds_cache.c  ~/.aws/cli/cache: assumed-role and SSO credentials between runs
 *   sts.c          STS over its Query protocol: AssumeRole, AssumeRoleWithWebIdentity,
 *                  GetCallerIdentity, the XML answers read with expat
 *
 * No message made here holds a secret; every secret is wiped (OPENSSL_cleanse)
 * when it is freed or replaced. Once the first credentials are loaded the
 * process is made undumpable (no core dump, no ptrace by others).
 */
#ifndef AILIFE_CREDS_H
#define AILIFE_CREDS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/aws_chain.h"

/* One set of keys. All owned; wipe with creds_value_done. */
struct creds_value {
	char *akid;
	char *secret;
	char *token;             /* NULL when none */
	long long expires_ms;    /* 0: does not expire */
};

void creds_value_done(struct creds_value *v);
/* A copy of src into dst. */
void creds_value_copy(struct creds_value *dst, const struct creds_value *src);

struct creds_provider;

/* A provider over a copy of chain (nothing is asked yet). */
struct creds_provider *creds_provider_new(const struct aws_chain *chain);
void creds_provider_free(struct creds_provider *p);

/*
 * The current keys, a copy in *out (creds_value_done it): fetched on first
 * use, asked again when they come near their expiry (15 minutes before it,
 * or half their lifetime when that is shorter; a failed refresh keeps the
 * old keys until 10 minutes, or a quarter of the lifetime, before it).
 * Thread-safe. Returns 0, or -1 with a new message in *err.
 */
int creds_get(struct creds_provider *p, struct creds_value *out, char **err);

/* The keys were refused as expired (ExpiredToken...): the next creds_get fetches new ones. */
void creds_expire(struct creds_provider *p);

/* For doctor: where the keys come from (never a value), and when the current ones expire (0: never). */
struct creds_info {
	char source[512];        /* "credential_process (~/.aws/config [profile x]) then role arn:..." */
	long long expires_ms;
	bool from_cache;         /* the last fetch was served by ~/.aws/cli/cache */
	unsigned long fetches;   /* how many times the chain was asked */
};
void creds_describe(struct creds_provider *p, struct creds_info *out);

/* Tests: the clock the provider reads (ms since the epoch); NULL: the real one. */
void creds_set_clock(struct creds_provider *p, long long (*now_ms)(void *ctx), void *ctx);

/* The process is made undumpable (prctl PR_SET_DUMPABLE 0): once per process. */
void creds_no_core(void);

/*
 * GetCallerIdentity with the provider's current keys: the account and the ARN
 * into the buffers. Returns 0, or -1 with a new message in *err.
 */
int creds_caller_identity(struct creds_provider *p, char *account, size_t account_len, char *arn, size_t arn_len,
    char **err);

#endif
