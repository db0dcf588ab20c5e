/* The credential providers' insides (datastore/ddb/creds.h says which file holds what). */
#ifndef AILIFE_CREDS_INT_H
#define AILIFE_CREDS_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "datastore/ddb/creds.h"

#define CREDS_BODY_MAX (256 * 1024)     /* an answer larger than this is refused */

/* creds_http.c: one request, a new connection, TLS verified. */
struct creds_http_req {
	const char *method;              /* "GET", "PUT", "POST" */
	const char *url;
	const char *const *headers;      /* "Name: value" lines */
	size_t nheaders;
	const char *body;                /* POST/PUT body, may be NULL */
	size_t body_len;
	long connect_timeout_ms;         /* <= 0: 3000 */
	long timeout_ms;                 /* <= 0: 10000 */
	const char *ca_file;             /* NULL: the system's */
};

struct creds_http_resp {
	long status;                     /* 0 when no answer came */
	char *body;                      /* NUL-terminated; may hold secrets: creds_http_done wipes it */
	size_t len;
	size_t cap;
	bool too_large;
	char error[256];                 /* why no answer came, for people */
};

/* Returns 0 when an answer came (any status), -1 with resp->error when none did. */
int creds_http(const struct creds_http_req *req, struct creds_http_resp *resp);
void creds_http_done(struct creds_http_resp *resp);

/* creds.c: a string that may be a secret, wiped and freed. */
void creds_wipe_free(char *s);
/* A message of at most 200 bytes of an answer, control characters dropped, for errors. */
void creds_snippet(const char *body, size_t len, char *out, size_t outlen);

/* creds_process.c */
int creds_process_parse(const char *text, size_t len, struct creds_value *out, char **why);
int creds_process_run(const char *cmd, const char *source, struct creds_value *out, char **err);

/* creds_meta.c: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"} (container and IMDS). */
int creds_meta_parse(const char *text, size_t len, struct creds_value *out, char **why);
int creds_container_fetch(const struct aws_chain *c, struct creds_value *out, char **err);
int creds_imds_fetch(const struct aws_chain *c, struct creds_value *out, char **err);

/* creds_sso.c */
int creds_sso_fetch(const struct aws_chain *c, long long now_ms, struct creds_value *out, char **err);
/* GetRoleCredentials's answer {"roleCredentials": {...}} into out; -1 with *why. */
int creds_sso_parse_role(const char *text, size_t len, struct creds_value *out, char **why);
/* The SSO token cache's file name for the chain: <dir>/<sha1 hex>.json (new string). */
char *creds_sso_token_path(const struct aws_chain *c);

/* creds_cache.c: ~/.aws/cli/cache/<key>.json */
char *creds_cache_key_role(const struct aws_role *r);
char *creds_cache_key_sso(const struct aws_chain *c);
/* 0 and *out when a cached set is there and good for at least min_ms more; -1 otherwise. */
int creds_cache_read(const char *dir, const char *key, long long now_ms, long long min_ms, struct creds_value *out);
/* Writes (0600, the folder 0700, through a temporary file and rename); failures are quiet. */
void creds_cache_write(const char *dir, const char *key, const struct creds_value *v, bool sso);
/* Writes text to path through a temporary file and a rename, mode 0600; 0 or -1. */
int creds_write_private(const char *path, const char *text);
/* sha1 of s as 40 lower-case hex digits into hex. */
void creds_sha1_hex(const char *s, char hex[41]);

/* sts.c */
struct sts_answer {
	char *akid, *secret, *token;     /* owned; wiped by sts_answer_done */
	char *expiration;
	char *account, *arn;
	char *code, *message;            /* an ErrorResponse */
	bool bad;                        /* not XML */
};
int sts_parse(const char *xml, size_t len, struct sts_answer *a);
void sts_answer_done(struct sts_answer *a);
/* The STS URL ("https://sts.<region>.amazonaws.com/", AWS_ENDPOINT_URL_STS, FIPS) and the signing region. */
char *sts_url(const struct aws_chain *c, const char **region);
int sts_assume_role(const struct aws_chain *c, const struct aws_role *r, const struct creds_value *src,
    const char *mfa_code, long long now_ms, struct creds_value *out, char **err);
int sts_assume_web_identity(const struct aws_chain *c, const char *token, const char *role_arn,
    const char *session_name, long long now_ms, struct creds_value *out, char **err);
int sts_get_caller_identity(const struct aws_chain *c, const struct creds_value *src, long long now_ms,
    char *account, size_t account_len, char *arn, size_t arn_len, char **err);
/* application/x-www-form-urlencoded of one value, appended to a growing string. */
char *sts_form_add(char *form, const char *name, const char *value);

#endif
