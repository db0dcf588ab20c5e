/*
 * The AWS shared files (~/.aws/config, ~/.aws/credentials) and the chain the
 * AWS CLI follows for a profile, its credentials, region and endpoint.
 *
 * Secrets are never part of a message this module makes, and are wiped from
 * memory (explicit_bzero) before it is freed.
 */
#ifndef AILIFE_AWS_H
#define AILIFE_AWS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/aws_chain.h"

#define AWS_MAX_FILE (1024 * 1024)	/* a larger shared file is refused */

/*
 * A parsed shared file, read leniently like botocore's configparser: full-line
 * comments ('#' or ';'), "[section]", "key = value" or "key: value" (keys
 * lower-cased, values trimmed), lines indented deeper than their key continue
 * its value (joined with '\n'; the nested "dynamodb =" form). A repeated
 * section adds to the earlier one; a repeated key replaces the earlier value.
 * A line that is none of these, a key before any section or a NUL byte is an
 * error "<name>:<line>: ...", which never quotes the line.
 */
struct aws_ini;

int aws_ini_parse(struct aws_ini **out, const char *name, const char *text, size_t len,
    char **err);
/* Frees the file, wiping every value first. NULL is fine. */
void aws_ini_free(struct aws_ini *ini);
/* Whether "[section]" appears (section is the header's trimmed text, e.g. "profile x"). */
bool aws_ini_has_section(const struct aws_ini *ini, const char *section);
/* The value of key (case-insensitive) in section, or NULL. Borrowed from ini. */
const char *aws_ini_get(const struct aws_ini *ini, const char *section, const char *key);
/*
 * In a nested value ("\n  endpoint_url = http://..."), the value of subkey as a
 * new string, or NULL when it is absent.
 */
char *aws_ini_subvalue(const char *value, const char *subkey);

struct aws_settings {
	/* All strings are owned; NULL when unset. */
	char *profile;
	char *region;
	char *endpoint;		/* NULL: the region's AWS endpoint */
	char *access_key_id;	/* NULL when no credentials were found */
	char *secret_access_key;
	char *session_token;

	/*
	 * Where each value came from, for `doctor`: "option", an environment
	 * variable's name ("AWS_REGION"), "environment" (credentials),
	 * "default" (the profile) or "<file> [<section>]". Owned.
	 */
	char *profile_source;
	char *region_source;
	char *endpoint_source;
	char *credentials_source;

	char *config_file;	/* the paths consulted (they may not exist) */
	char *credentials_file;

	/*
	 * insecure: a file holding credentials can be read or written by group
	 * or others (mode & 077). The credentials are still used; warning says
	 * so, as it says when a profile relies on something ailife cannot do
	 * (role_arn, sso_session, credential_process...). warning is NULL or
	 * sentences separated by "\n", and never holds a secret.
	 */
	bool insecure;
	char *warning;

	/*
	 * Where the credentials come from (util/aws_chain.h), for the DynamoDB
	 * backend to turn into credentials: kind AWS_SRC_STATIC holds the keys
	 * above (copies), any other kind says what to ask. chain.kind is
	 * AWS_SRC_NONE when nothing was found.
	 */
	struct aws_chain chain;
	bool explicit_profile;	/* --profile, AWS_PROFILE or AWS_DEFAULT_PROFILE: it beats env keys */
	int max_attempts;	/* AWS_MAX_ATTEMPTS / max_attempts; 0: the backend's default */
	char *retry_mode;	/* "standard", "adaptive" (done as standard) or "legacy"; NULL unset */
};

/*
 * What the caller knows besides the environment and the shared files: the
 * command line's values (the highest) and ailife's config file's (between
 * the environment and the shared files). NULL or "" is unset.
 */
struct aws_inputs {
	const char *profile_opt, *region_opt, *endpoint_opt;
	const char *profile_cfg, *region_cfg, *endpoint_cfg;
	const char *cfg_name;	/* the config file's path, for "(from ...)"; NULL: "config file" */
	long connect_timeout_ms, read_timeout_ms;	/* the config file's timeouts; 0: the defaults */
};

/*
 * Resolves the settings as the AWS CLI would:
 *  profile: profile_opt, else AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default";
 *  credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN),
 *	else the profile's [name] in the credentials file (AWS_SHARED_CREDENTIALS_FILE
 *	or ~/.aws/credentials), else its [profile name] ([default]) in the config file
 *	(AWS_CONFIG_FILE or ~/.aws/config);
 *  region: region_opt, AWS_REGION, AWS_DEFAULT_REGION, the profile's "region";
 *  endpoint: endpoint_opt, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, the
 *	profile's services section ("dynamodb =" / "endpoint_url ="), the
 *	profile's "endpoint_url" (all but the option skipped when
 *	AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true).
 * Empty options and variables count as unset. Missing files are fine; no
 * credentials at all is not an error here (access_key_id stays NULL).
 * Returns 0, or -1 with a new message in *err (unreadable or unparsable file,
 * a profile named explicitly that neither file has, a key id without its
 * secret, a bad region or endpoint). s must be released with aws_settings_done
 * in both cases.
 */
int aws_resolve(struct aws_settings *s, const char *profile_opt, const char *region_opt,
    const char *endpoint_opt, char **err);

/*
 * As aws_resolve, with ailife's config file in the order: defaults < config
 * file < environment < command line. The profile: option, AWS_PROFILE,
 * AWS_DEFAULT_PROFILE, the config file's, "default"; an explicit one (the
 * first three) beats AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY. The region:
 * option, AWS_REGION, AWS_DEFAULT_REGION, config file, the profile's. The
 * endpoint: option, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, config
 * file, the profile's; then use_fips_endpoint / use_dualstack_endpoint. An
 * endpoint with a user name or password is refused, the password hidden.
 *
 * The credentials are resolved into s->chain in the AWS CLI's order:
 * environment keys (AWS_CREDENTIAL_EXPIRATION), the profile (role_arn with
 * source_profile chains, cycles refused, or credential_source; web identity;
 * sso_session or the legacy sso_start_url; static keys; credential_process),
 * then AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, the container variables,
 * and instance metadata (when AWS_EC2_METADATA_SERVICE_ENDPOINT is set or the
 * machine says it is EC2, and AWS_EC2_METADATA_DISABLED is not true).
 */
int aws_resolve_inputs(struct aws_settings *s, const struct aws_inputs *in, char **err);

/* Wipes the secrets, frees everything, and leaves s empty. */
void aws_settings_done(struct aws_settings *s);

#endif
