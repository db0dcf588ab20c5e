/*
 * Where AWS credentials come from, as plain values: config/aws.c fills a
 * chain from the shared files and the environment (it reads, it never asks
 * the network); datastore/ddb/creds.c turns it into credentials (it runs the
 * process, asks STS, SSO, the container or instance metadata) and refreshes
 * them. Both sides include this header only, so that neither knows the other.
 *
 * Also the URL helpers both sides need: the host of an http(s) URL, whether
 * it is loopback, and a URL for people with its password hidden.
 */
#ifndef AILIFE_AWS_CHAIN_H
#define AILIFE_AWS_CHAIN_H

#include <stdbool.h>
#include <stddef.h>

/* The source that gives the first credentials of the chain. */
enum aws_source {
	AWS_SRC_NONE = 0,       /* nothing found */
	AWS_SRC_STATIC,         /* keys from the environment or a profile */
	AWS_SRC_PROCESS,        /* credential_process */
	AWS_SRC_WEB_IDENTITY,   /* AssumeRoleWithWebIdentity with a token file */
	AWS_SRC_SSO,            /* IAM Identity Center: the token cache, GetRoleCredentials */
	AWS_SRC_CONTAINER,      /* ECS / EKS Pod Identity endpoint */
	AWS_SRC_IMDS,           /* EC2 instance metadata, IMDSv2 */
};

/* One AssumeRole hop, made with the credentials of the step before. */
struct aws_role {
	char *role_arn;
	char *session_name;     /* NULL: "ailife-<seconds>" (and left out of the cache key) */
	char *external_id;
	char *mfa_serial;       /* the code is asked on the terminal */
	int duration_s;         /* 0: STS's default (3600) */
	char *profile;          /* the profile that names it, for messages */
};

struct aws_chain {
	enum aws_source kind;
	char *source;           /* for people: "environment", "<file> [profile x]", ...; never a value */
	char *profile;          /* the profile in use, for "aws sso login --profile X" */

	/* AWS_SRC_STATIC */
	char *access_key_id;
	char *secret_access_key;    /* wiped when freed */
	char *session_token;        /* wiped when freed */
	long long expires_ms;       /* AWS_CREDENTIAL_EXPIRATION; 0: none */

	/* AWS_SRC_PROCESS: the command line, run by /bin/sh -c */
	char *process;

	/* AWS_SRC_WEB_IDENTITY */
	char *token_file;
	char *web_role_arn;
	char *web_session_name;

	/* AWS_SRC_SSO */
	char *sso_session;          /* the [sso-session NAME]; NULL: the legacy form */
	char *sso_start_url;
	char *sso_region;
	char *sso_account_id;
	char *sso_role_name;

	/* AWS_SRC_CONTAINER */
	char *container_uri;        /* the full URI asked */
	char *container_token;      /* AWS_CONTAINER_AUTHORIZATION_TOKEN; wiped when freed */
	char *container_token_file;

	/* AWS_SRC_IMDS */
	char *imds_endpoint;        /* "http://169.254.169.254" unless set */

	/* Then these roles, in order. */
	struct aws_role *roles;
	size_t nroles;

	/* Where the services are and how to talk to them. */
	char *region;               /* for STS (the resolved region), may be NULL */
	char *sts_endpoint;         /* AWS_ENDPOINT_URL_STS, else NULL: the regional one */
	char *sso_endpoint;         /* AWS_ENDPOINT_URL_SSO */
	char *oidc_endpoint;        /* AWS_ENDPOINT_URL_SSO_OIDC */
	bool fips, dualstack;
	char *ca_bundle;            /* AWS_CA_BUNDLE / ca_bundle */
	char *cli_cache_dir;        /* ~/.aws/cli/cache: assumed-role and SSO credentials */
	char *sso_cache_dir;        /* ~/.aws/sso/cache: the tokens of aws sso login */
	long connect_timeout_ms;    /* 0: the default */
	long read_timeout_ms;
	int max_attempts;           /* AWS_MAX_ATTEMPTS / max_attempts; 0: the default */
};

void aws_chain_init(struct aws_chain *c);
/* Wipes the secrets, frees everything, leaves c empty (kind NONE). */
void aws_chain_done(struct aws_chain *c);
/* A deep copy of src into dst (secrets copied too: wipe dst with aws_chain_done). */
void aws_chain_copy(struct aws_chain *dst, const struct aws_chain *src);
/* Adds a role hop (strings copied) at the end. */
struct aws_role *aws_chain_add_role(struct aws_chain *c);
/* Frees a string that may hold a secret, wiping it first. NULL is fine. */
void aws_wipe_free(char *s);
/* The name of a kind, for people: "static keys", "credential_process", ... */
const char *aws_source_name(enum aws_source k);

/*
 * The host of an http:// or https:// URL (user information, port, path
 * dropped; an IPv6 address without its brackets), lower-cased, as a new
 * string; NULL when the URL has no host. *userinfo (may be NULL) tells
 * whether the URL carries "user[:password]@".
 */
char *aws_url_host(const char *url, bool *userinfo);
/* Whether the URL's host is loopback: localhost, 127.0.0.0/8, ::1. */
bool aws_url_is_loopback(const char *url);
/* The URL for people: a password in its user information replaced by "***". New string. */
char *aws_url_redact(const char *url);

/*
 * An ISO 8601 time as AWS writes it ("2026-12-08T01:02:03Z", fractions and
 * "+00:00" offsets accepted) into ms since the epoch; 0, or -1 when it is not one.
 */
int aws_parse_time(const char *s, long long *ms);
/* ms since the epoch as "YYYY-MM-DDTHH:MM:SSZ". */
void aws_format_time(long long ms, char buf[32]);

#endif
