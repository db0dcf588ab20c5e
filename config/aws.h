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

/* Wipes the secrets, frees everything, and leaves s empty. */
void aws_settings_done(struct aws_settings *s);

#endif
