/* Unit tests for config/aws.c: the shared-file parser and the AWS settings chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/aws.h"
#include "util/xmalloc.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
#define SECRET2 "Zm9vYmFyc2VjcmV0c2Vjb25k/SECOND"
#define TOKEN "IQoJb3JpZ2luX2VjSESSIONTOKEN"

/* Asserts that a message exists and holds none of the test secrets. */
static void
assert_no_secret(const char *msg)
{
	assert_non_null(msg);
	assert_null(strstr(msg, SECRET));
	assert_null(strstr(msg, SECRET2));
	assert_null(strstr(msg, TOKEN));
}

/* The parser, from memory. */

struct lookup {
	const char *section, *key, *value;	/* value NULL: absent */
};

struct ini_case {
	const char *text;
	struct lookup want[6];
};

static const struct ini_case ini_cases[] = {
	{ "[default]\nregion = eu-west-1\n",
	  { { "default", "region", "eu-west-1" }, { "default", "output", NULL },
	    { "other", "region", NULL } } },
	/* Comments, blank lines, ':' as delimiter, keys lower-cased, values trimmed. */
	{ "# c\n; c\n\n[default]\n  # indented comment\nRegion:us-east-2  \nOUTPUT = json\r\n",
	  { { "default", "region", "us-east-2" }, { "default", "output", "json" },
	    { "default", "REGION", "us-east-2" } } },
	/* No inline comments: like botocore, the rest of the line is the value. */
	{ "[default]\nregion = eu-west-1 # here\n",
	  { { "default", "region", "eu-west-1 # here" } } },
	/* A value may contain '=' and ':'. */
	{ "[p]\nendpoint_url = http://h:8000/?a=b\n",
	  { { "p", "endpoint_url", "http://h:8000/?a=b" } } },
	/* Header text is trimmed; anything after the last ']' is ignored. */
	{ "[ profile x ]\na = 1\n[y] junk\nb = 2\n",
	  { { "profile x", "a", "1" }, { "y", "b", "2" } } },
	/* A repeated section adds; a repeated key replaces. */
	{ "[a]\nk = 1\nj = 1\n[b]\nk = 2\n[a]\nk = 3\n",
	  { { "a", "k", "3" }, { "a", "j", "1" }, { "b", "k", "2" } } },
	/* Indented deeper than the key: the value continues (the nested form). */
	{ "[services s]\ndynamodb =\n  endpoint_url = http://x:1\n  region = r\ns3 = y\n",
	  { { "services s", "dynamodb", "\nendpoint_url = http://x:1\nregion = r" },
	    { "services s", "s3", "y" } } },
	/* Empty values are values. */
	{ "[a]\nk =\n", { { "a", "k", "" } } },
	/* Keys indented no deeper than the last one are keys again. */
	{ "[a]\n  k = 1\n  j = 2\n", { { "a", "k", "1" }, { "a", "j", "2" } } },
	{ "\xef\xbb\xbf[bom]\nk = v", { { "bom", "k", "v" } } },
	{ "", { { "default", "region", NULL } } },
};

static void
test_ini_parse(void **state)
{
	for (size_t i = 0; i < sizeof ini_cases / sizeof ini_cases[0]; i++) {
		const struct ini_case *c = &ini_cases[i];
		struct aws_ini *ini = NULL;
		char *err = NULL;

		if (aws_ini_parse(&ini, "f", c->text, strlen(c->text), &err) != 0)
			fail_msg("case %zu: %s", i, err);
		assert_null(err);
		for (size_t j = 0; j < 6 && c->want[j].section != NULL; j++) {
			const char *v = aws_ini_get(ini, c->want[j].section, c->want[j].key);
			if (c->want[j].value == NULL)
				assert_null(v);
			else {
				if (v == NULL)
					fail_msg("case %zu: [%s] %s missing", i, c->want[j].section,
					    c->want[j].key);
				assert_string_equal(v, c->want[j].value);
				assert_true(aws_ini_has_section(ini, c->want[j].section));
			}
		}
		aws_ini_free(ini);
	}
	assert_false(aws_ini_has_section(NULL, "default"));
	assert_null(aws_ini_get(NULL, "default", "region"));
}

struct ini_bad {
	const char *text;
	size_t len;
	const char *err;
};

static const struct ini_bad ini_bad_cases[] = {
	{ "[default]\naws_secret_access_key " SECRET "\n", 0,
	  "creds:2: expected [section] or key = value" },
	{ "aws_secret_access_key = " SECRET "\n", 0, "creds:1: key = value before any [section]" },
	{ "[a]\n = " SECRET "\n", 0, "creds:2: expected [section] or key = value" },
	{ "[a]\n[b\n", 0, "creds:2: expected [section] or key = value" },
	{ "[a]\nk = v\n\x00" SECRET "\n", 12 + sizeof SECRET, "creds:3: line contains a NUL byte" },
};

static void
test_ini_errors(void **state)
{
	for (size_t i = 0; i < sizeof ini_bad_cases / sizeof ini_bad_cases[0]; i++) {
		const struct ini_bad *b = &ini_bad_cases[i];
		struct aws_ini *ini = (struct aws_ini *)1;
		char *err = NULL;

		assert_int_equal(aws_ini_parse(&ini, "creds", b->text,
		    b->len ? b->len : strlen(b->text), &err), -1);
		assert_null(ini);
		assert_no_secret(err);
		if (strcmp(err, b->err) != 0)
			fail_msg("case %zu:\n got  %s\n want %s", i, err, b->err);
		free(err);
		assert_int_equal(aws_ini_parse(&ini, "creds", b->text,
		    b->len ? b->len : strlen(b->text), NULL), -1);
	}
}

static void
test_subvalue(void **state)
{
	static const struct {
		const char *value, *key, *want;
	} cases[] = {
		{ "\nendpoint_url = http://a:1\nregion = r", "endpoint_url", "http://a:1" },
		{ "\nregion = r\nendpoint_url=http://b", "endpoint_url", "http://b" },
		{ "\nENDPOINT_URL = http://c", "endpoint_url", "http://c" },
		{ "\nendpoint_url = http://a\nendpoint_url = http://z", "endpoint_url", "http://z" },
		{ "\nno delimiter here\n", "endpoint_url", NULL },
		{ "plain", "endpoint_url", NULL },
		{ "", "endpoint_url", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *v = aws_ini_subvalue(cases[i].value, cases[i].key);
		if (cases[i].want == NULL)
			assert_null(v);
		else {
			assert_non_null(v);
			assert_string_equal(v, cases[i].want);
		}
		free(v);
	}
	assert_null(aws_ini_subvalue(NULL, "endpoint_url"));
}

/* The chain, in a temporary HOME. */

static char home[64];
static char *config_path, *creds_path;

static const char *const aws_vars[] = {
	"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
	"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_CONFIG_FILE",
	"AWS_SHARED_CREDENTIALS_FILE", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "AWS_CREDENTIAL_EXPIRATION",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
	"AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
	"AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_CA_BUNDLE", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
	"AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO", "AWS_ENDPOINT_URL_SSO_OIDC",
};

static int
setup_home(void **state)
{
	xsnprintf(home, sizeof home, "/tmp/test_aws.XXXXXX");
	if (mkdtemp(home) == NULL)
		return -1;
	for (size_t i = 0; i < sizeof aws_vars / sizeof aws_vars[0]; i++)
		unsetenv(aws_vars[i]);
	setenv("HOME", home, 1);
	char *dir = xasprintf("%s/.aws", home);
	int rc = mkdir(dir, 0700);
	free(dir);
	config_path = xasprintf("%s/.aws/config", home);
	creds_path = xasprintf("%s/.aws/credentials", home);
	return rc;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
teardown_home(void **state)
{
	free(config_path);
	free(creds_path);
	for (size_t i = 0; i < sizeof aws_vars / sizeof aws_vars[0]; i++)
		unsetenv(aws_vars[i]);
	return nftw(home, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
eq(const char *got, const char *want)
{
	if (want == NULL) {
		if (got != NULL)
			fail_msg("got '%s', want NULL", got);
	} else {
		if (got == NULL)
			fail_msg("got NULL, want '%s'", want);
		assert_string_equal(got, want);
	}
}

/* "<file> [section]" as the settings name a source. */
static char *
src(const char *path, const char *section)
{
	return xasprintf("%s [%s]", path, section);
}

static void
resolve_ok(struct aws_settings *s, const char *profile, const char *region, const char *endpoint)
{
	char *err = NULL;

	if (aws_resolve(s, profile, region, endpoint, &err) != 0)
		fail_msg("aws_resolve: %s", err);
	assert_null(err);
}

static void
test_nothing_configured(void **state)
{
	struct aws_settings s;

	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.profile, "default");
	eq(s.profile_source, "default");
	eq(s.access_key_id, NULL);
	eq(s.secret_access_key, NULL);
	eq(s.credentials_source, NULL);
	eq(s.region, NULL);
	eq(s.endpoint, NULL);
	eq(s.config_file, config_path);
	eq(s.credentials_file, creds_path);
	assert_false(s.insecure);
	eq(s.warning, NULL);
	aws_settings_done(&s);
	eq(s.profile, NULL);
}

static void
test_env_credentials_win(void **state)
{
	struct aws_settings s;

	write_file(creds_path, "[default]\naws_access_key_id = AKIDFILE\n"
	    "aws_secret_access_key = " SECRET2 "\n", 0600);
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	setenv("AWS_SESSION_TOKEN", TOKEN, 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.access_key_id, "AKIDENV");
	eq(s.secret_access_key, SECRET);
	eq(s.session_token, TOKEN);
	eq(s.credentials_source, "environment");
	aws_settings_done(&s);

	/* Without the environment, the file. */
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SESSION_TOKEN");
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.access_key_id, "AKIDFILE");
	eq(s.secret_access_key, SECRET2);
	eq(s.session_token, NULL);
	char *want = src(creds_path, "default");
	eq(s.credentials_source, want);
	free(want);
	aws_settings_done(&s);
}

static void
test_env_half_pair(void **state)
{
	struct aws_settings s;
	char *err = NULL;

	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_no_secret(err);
	assert_string_equal(err, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
	free(err);
	aws_settings_done(&s);

	unsetenv("AWS_SECRET_ACCESS_KEY");
	setenv("AWS_ACCESS_KEY_ID", "AKID", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "", 1);		/* empty counts as unset */
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_string_equal(err, "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
	free(err);
	aws_settings_done(&s);
}

static const char creds_text[] =
	"[default]\n"
	"aws_access_key_id = AKIDDEFAULT\n"
	"aws_secret_access_key = " SECRET "\n"
	"\n"
	"[work]\n"
	"aws_access_key_id = AKIDWORK\n"
	"aws_secret_access_key = " SECRET2 "\n"
	"aws_session_token = " TOKEN "\n";

static const char config_text[] =
	"[default]\n"
	"region = us-east-1\n"
	"\n"
	"[profile work]\n"
	"region = eu-west-1\n"
	"endpoint_url = http://work:8000\n"
	"\n"
	"[cfgonly]\n"		/* without "profile ": not a profile in the config file */
	"region = ap-south-1\n"
	"\n"
	"[profile cfgonly]\n"
	"region = sa-east-1\n"
	"aws_access_key_id = AKIDCFG\n"
	"aws_secret_access_key = " SECRET "\n"
	"\n"
	"[profile sso]\n"
	"sso_session = corp\n"
	"region = eu-north-1\n";

static void
test_profile_selection(void **state)
{
	struct aws_settings s;
	char *want;

	write_file(creds_path, creds_text, 0600);
	write_file(config_path, config_text, 0600);

	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.profile, "default");
	eq(s.access_key_id, "AKIDDEFAULT");
	eq(s.region, "us-east-1");
	want = src(config_path, "default");
	eq(s.region_source, want);
	free(want);
	eq(s.endpoint, NULL);
	aws_settings_done(&s);

	setenv("AWS_PROFILE", "work", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.profile, "work");
	eq(s.profile_source, "AWS_PROFILE");
	eq(s.access_key_id, "AKIDWORK");
	eq(s.secret_access_key, SECRET2);
	eq(s.session_token, TOKEN);
	want = src(creds_path, "work");
	eq(s.credentials_source, want);
	free(want);
	eq(s.region, "eu-west-1");
	want = src(config_path, "profile work");
	eq(s.region_source, want);
	eq(s.endpoint_source, want);
	free(want);
	eq(s.endpoint, "http://work:8000");
	aws_settings_done(&s);

	/* The option beats AWS_PROFILE; credentials from [profile x] of the config file. */
	resolve_ok(&s, "cfgonly", NULL, NULL);
	eq(s.profile, "cfgonly");
	eq(s.profile_source, "option");
	eq(s.access_key_id, "AKIDCFG");
	eq(s.region, "sa-east-1");
	want = src(config_path, "profile cfgonly");
	eq(s.credentials_source, want);
	free(want);
	eq(s.warning, NULL);
	aws_settings_done(&s);

	/* AWS_DEFAULT_PROFILE, botocore's older name, after AWS_PROFILE. */
	unsetenv("AWS_PROFILE");
	setenv("AWS_DEFAULT_PROFILE", "work", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.profile, "work");
	eq(s.profile_source, "AWS_DEFAULT_PROFILE");
	aws_settings_done(&s);
}

static void
test_profile_not_found(void **state)
{
	struct aws_settings s;
	char *err = NULL;

	write_file(creds_path, creds_text, 0600);
	write_file(config_path, config_text, 0600);

	assert_int_equal(aws_resolve(&s, "nope", NULL, NULL, &err), -1);
	char *want = xasprintf("AWS profile 'nope' (from option) not found in %s or %s",
	    config_path, creds_path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	aws_settings_done(&s);

	/* "[cfgonly]" in the config file is not "[profile cfgonly]"; a profile only in
	 * the credentials file is fine. */
	write_file(config_path, "[default]\n[nameonly]\nregion = x\n", 0600);
	setenv("AWS_PROFILE", "nameonly", 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_non_null(strstr(err, "'nameonly' (from AWS_PROFILE) not found"));
	free(err);
	aws_settings_done(&s);
	resolve_ok(&s, "work", NULL, NULL);
	eq(s.access_key_id, "AKIDWORK");
	eq(s.region, NULL);
	aws_settings_done(&s);
}

static void
test_region_chain(void **state)
{
	struct aws_settings s;
	char *want;

	write_file(config_path, "[profile p]\nregion = from-config\n", 0600);
	write_file(creds_path, "[q]\nregion = from-creds\n", 0600);
	resolve_ok(&s, "p", NULL, NULL);
	eq(s.region, "from-config");
	aws_settings_done(&s);

	/* The credentials file's profile is merged over the config file's (botocore). */
	write_file(creds_path, "[p]\nregion = from-creds\n", 0600);
	resolve_ok(&s, "p", NULL, NULL);
	eq(s.region, "from-creds");
	want = src(creds_path, "p");
	eq(s.region_source, want);
	free(want);
	aws_settings_done(&s);

	setenv("AWS_DEFAULT_REGION", "default-region", 1);
	resolve_ok(&s, "p", NULL, NULL);
	eq(s.region, "default-region");
	eq(s.region_source, "AWS_DEFAULT_REGION");
	aws_settings_done(&s);

	setenv("AWS_REGION", "region", 1);
	resolve_ok(&s, "p", NULL, NULL);
	eq(s.region, "region");
	eq(s.region_source, "AWS_REGION");
	aws_settings_done(&s);

	resolve_ok(&s, "p", "opt-region", NULL);
	eq(s.region, "opt-region");
	eq(s.region_source, "option");
	aws_settings_done(&s);

	/* An empty option is no option. */
	resolve_ok(&s, "p", "", NULL);
	eq(s.region, "region");
	aws_settings_done(&s);

	/* A region becomes part of a host name: refused when it could change the host. */
	char *err = NULL;
	setenv("AWS_REGION", "evil.example.com/x", 1);
	assert_int_equal(aws_resolve(&s, "p", NULL, NULL, &err), -1);
	assert_string_equal(err, "bad region 'evil.example.com/x' (from AWS_REGION): "
	    "letters, digits and '-' only");
	free(err);
	aws_settings_done(&s);
}

static void
test_endpoint_chain(void **state)
{
	struct aws_settings s;
	char *want, *err = NULL;

	write_file(config_path,
	    "[default]\n"
	    "endpoint_url = http://profile-global:1\n"
	    "services = local-ddb\n"
	    "\n"
	    "[services local-ddb]\n"
	    "s3 =\n"
	    "  endpoint_url = http://s3:9\n"
	    "dynamodb =\n"
	    "  endpoint_url = http://services-ddb:2\n"
	    "\n"
	    "[profile plain]\n"
	    "endpoint_url = http://plain:3\n"
	    "[profile bad]\n"
	    "endpoint_url = localhost:8000\n", 0600);

	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.endpoint, "http://services-ddb:2");
	want = xasprintf("%s [services local-ddb] dynamodb", config_path);
	eq(s.endpoint_source, want);
	free(want);
	aws_settings_done(&s);

	resolve_ok(&s, "plain", NULL, NULL);
	eq(s.endpoint, "http://plain:3");
	aws_settings_done(&s);

	setenv("AWS_ENDPOINT_URL", "http://env-global:4", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.endpoint, "http://env-global:4");
	eq(s.endpoint_source, "AWS_ENDPOINT_URL");
	aws_settings_done(&s);

	setenv("AWS_ENDPOINT_URL_DYNAMODB", "http://env-ddb:5", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.endpoint, "http://env-ddb:5");
	eq(s.endpoint_source, "AWS_ENDPOINT_URL_DYNAMODB");
	aws_settings_done(&s);

	resolve_ok(&s, NULL, NULL, "https://opt:6");
	eq(s.endpoint, "https://opt:6");
	eq(s.endpoint_source, "option");
	aws_settings_done(&s);

	/* Configured endpoints can be switched off; the option still counts. */
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.endpoint, NULL);
	eq(s.endpoint_source, NULL);
	aws_settings_done(&s);
	resolve_ok(&s, NULL, NULL, "http://opt:7");
	eq(s.endpoint, "http://opt:7");
	aws_settings_done(&s);
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

	unsetenv("AWS_ENDPOINT_URL");
	unsetenv("AWS_ENDPOINT_URL_DYNAMODB");
	assert_int_equal(aws_resolve(&s, "bad", NULL, NULL, &err), -1);
	want = xasprintf("endpoint 'localhost:8000' (from %s [profile bad]) must be an "
	    "http:// or https:// URL", config_path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	aws_settings_done(&s);
}

static void
test_insecure_mode(void **state)
{
	struct aws_settings s;

	write_file(creds_path, creds_text, 0644);
	resolve_ok(&s, NULL, NULL, NULL);
	/* Used, with a warning that names the file and the fix, and no secret. */
	eq(s.access_key_id, "AKIDDEFAULT");
	assert_true(s.insecure);
	assert_no_secret(s.warning);
	char *want = xasprintf("%s is open to group or others (mode 0644): run chmod 600 %s",
	    creds_path, creds_path);
	assert_string_equal(s.warning, want);
	free(want);
	aws_settings_done(&s);

	/* Warned about even when the keys come from the environment. */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	write_file(creds_path, creds_text, 0640);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_true(s.insecure);
	assert_non_null(strstr(s.warning, "(mode 0640)"));
	aws_settings_done(&s);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");

	write_file(creds_path, creds_text, 0600);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_false(s.insecure);
	eq(s.warning, NULL);
	aws_settings_done(&s);

	/* Keys in an open config file are warned about too; an open config file without keys is not. */
	write_file(config_path, config_text, 0644);
	resolve_ok(&s, "work", NULL, NULL);
	assert_false(s.insecure);
	aws_settings_done(&s);
	resolve_ok(&s, "cfgonly", NULL, NULL);
	assert_true(s.insecure);
	assert_non_null(strstr(s.warning, config_path));
	assert_no_secret(s.warning);
	aws_settings_done(&s);
}

static void
test_file_errors_hide_secrets(void **state)
{
	struct aws_settings s;
	char *err = NULL, *want;

	/* A line the parser cannot read: file and line, never its text. */
	write_file(creds_path, "[default]\naws_access_key_id = AKID\naws_secret_access_key "
	    SECRET "\n", 0600);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_no_secret(err);
	want = xasprintf("%s:3: expected [section] or key = value", creds_path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	aws_settings_done(&s);

	/* Half a key pair. */
	write_file(creds_path, "[default]\naws_secret_access_key = " SECRET "\n", 0600);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_no_secret(err);
	want = xasprintf("%s [default]: aws_secret_access_key without aws_access_key_id",
	    creds_path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	aws_settings_done(&s);

	/* A directory where the file should be. */
	assert_int_equal(remove(creds_path), 0);
	assert_int_equal(mkdir(creds_path, 0700), 0);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	want = xasprintf("%s: %s", creds_path, strerror(EISDIR));
	assert_string_equal(err, want);
	free(want);
	free(err);
	aws_settings_done(&s);
	assert_int_equal(rmdir(creds_path), 0);

	/* Too large. */
	char *big = xmalloc(AWS_MAX_FILE + 2);
	memset(big, '\n', AWS_MAX_FILE + 1);
	big[AWS_MAX_FILE + 1] = '\0';
	write_file(config_path, big, 0600);
	free(big);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	want = xasprintf("%s: larger than 1048576 bytes (1 MiB)", config_path);
	assert_string_equal(err, want);
	free(want);
	free(err);
	aws_settings_done(&s);
}

static void
test_sso_profile(void **state)
{
	struct aws_settings s;
	char *err = NULL;

	/* sso_session without its section: a clear refusal. */
	write_file(config_path, config_text, 0600);
	assert_int_equal(aws_resolve(&s, "sso", NULL, NULL, &err), -1);
	assert_non_null(strstr(err, "sso_session corp: there is no [sso-session corp]"));
	free(err);
	aws_settings_done(&s);

	write_file(config_path, "[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
	    "sso_role_name = Admin\nregion = eu-north-1\n"
	    "[sso-session corp]\nsso_start_url = https://corp.example/start\nsso_region = eu-west-1\n"
	    "[profile legacy]\nsso_start_url = https://old.example/start\nsso_region = us-east-2\n"
	    "sso_account_id = 444455556666\nsso_role_name = Read\n"
	    "[profile half]\nsso_start_url = https://old.example/start\nsso_region = us-east-2\n", 0600);
	resolve_ok(&s, "sso", NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_SSO);
	eq(s.chain.sso_session, "corp");
	eq(s.chain.sso_start_url, "https://corp.example/start");
	eq(s.chain.sso_region, "eu-west-1");
	eq(s.chain.sso_account_id, "111122223333");
	eq(s.chain.sso_role_name, "Admin");
	eq(s.region, "eu-north-1");
	eq(s.access_key_id, NULL);
	eq(s.warning, NULL);
	aws_settings_done(&s);

	resolve_ok(&s, "legacy", NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_SSO);
	eq(s.chain.sso_session, NULL);
	eq(s.chain.sso_start_url, "https://old.example/start");
	eq(s.chain.sso_account_id, "444455556666");
	aws_settings_done(&s);

	assert_int_equal(aws_resolve(&s, "half", NULL, NULL, &err), -1);
	assert_string_equal(err, "AWS profile 'half': an SSO profile without sso_account_id");
	free(err);
	aws_settings_done(&s);
}

static void
resolve_in_ok(struct aws_settings *s, const struct aws_inputs *in)
{
	char *err = NULL;
	if (aws_resolve_inputs(s, in, &err) != 0)
		fail_msg("aws_resolve_inputs: %s", err);
}

/* defaults < ailife's config file < environment < command line. */
static void
test_precedence(void **state)
{
	struct aws_settings s;
	struct aws_inputs in = { NULL, NULL, NULL, "work", "ca-central-1", "http://cfg:1", "/etc/ailife.conf", 1500, 0 };

	write_file(creds_path, creds_text, 0600);
	write_file(config_path, config_text, 0600);
	/* The config file beats the shared files. */
	resolve_in_ok(&s, &in);
	eq(s.profile, "work");
	eq(s.profile_source, "/etc/ailife.conf");
	assert_false(s.explicit_profile);
	eq(s.region, "ca-central-1");
	eq(s.region_source, "/etc/ailife.conf");
	eq(s.endpoint, "http://cfg:1");
	eq(s.endpoint_source, "/etc/ailife.conf");
	eq(s.access_key_id, "AKIDWORK");
	assert_int_equal(s.chain.connect_timeout_ms, 1500);
	assert_int_equal(s.chain.read_timeout_ms, 0);
	aws_settings_done(&s);

	/* The environment beats the config file. */
	setenv("AWS_PROFILE", "cfgonly", 1);
	setenv("AWS_REGION", "eu-south-1", 1);
	setenv("AWS_ENDPOINT_URL", "http://env:2", 1);
	resolve_in_ok(&s, &in);
	eq(s.profile, "cfgonly");
	eq(s.profile_source, "AWS_PROFILE");
	eq(s.region, "eu-south-1");
	eq(s.region_source, "AWS_REGION");
	eq(s.endpoint, "http://env:2");
	eq(s.endpoint_source, "AWS_ENDPOINT_URL");
	aws_settings_done(&s);

	/* The command line beats the environment. */
	in.profile_opt = "work";
	in.region_opt = "me-south-1";
	in.endpoint_opt = "http://opt:3";
	resolve_in_ok(&s, &in);
	eq(s.profile, "work");
	eq(s.profile_source, "option");
	eq(s.region, "me-south-1");
	eq(s.endpoint, "http://opt:3");
	eq(s.endpoint_source, "option");
	aws_settings_done(&s);
}

/* --profile or AWS_PROFILE beats the environment's keys; the config file's profile does not. */
static void
test_explicit_profile_beats_env_keys(void **state)
{
	struct aws_settings s;
	struct aws_inputs in = { NULL, NULL, NULL, "work", NULL, NULL, "ailife.conf", 0, 0 };

	write_file(creds_path, creds_text, 0600);
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	resolve_in_ok(&s, &in);
	eq(s.access_key_id, "AKIDENV");
	eq(s.credentials_source, "environment");
	aws_settings_done(&s);

	setenv("AWS_PROFILE", "work", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_true(s.explicit_profile);
	eq(s.access_key_id, "AKIDWORK");
	aws_settings_done(&s);
	unsetenv("AWS_PROFILE");

	resolve_ok(&s, "work", NULL, NULL);
	eq(s.access_key_id, "AKIDWORK");
	aws_settings_done(&s);

	/* AWS_CREDENTIAL_EXPIRATION goes with the environment's keys; a bad one is refused. */
	setenv("AWS_CREDENTIAL_EXPIRATION", "2030-01-02T03:04:05Z", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.chain.expires_ms, 1893553445000LL);
	aws_settings_done(&s);
	char *err = NULL;
	setenv("AWS_CREDENTIAL_EXPIRATION", "tomorrow", 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_string_equal(err, "AWS_CREDENTIAL_EXPIRATION 'tomorrow' is not a time like 2026-01-02T03:04:05Z");
	assert_no_secret(err);
	free(err);
	aws_settings_done(&s);
	unsetenv("AWS_CREDENTIAL_EXPIRATION");
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
}

static const char roles_text[] =
	"[profile base]\n"
	"aws_access_key_id = AKIDBASE\n"
	"aws_secret_access_key = " SECRET "\n"
	"[profile admin]\n"
	"role_arn = arn:aws:iam::111111111111:role/Admin\n"
	"source_profile = base\n"
	"role_session_name = me\n"
	"external_id = ext-1\n"
	"duration_seconds = 1800\n"
	"mfa_serial = arn:aws:iam::000000000000:mfa/me\n"
	"[profile deep]\n"
	"role_arn = arn:aws:iam::222222222222:role/Deep\n"
	"source_profile = admin\n"
	"[profile loop1]\n"
	"role_arn = arn:aws:iam::1:role/a\n"
	"source_profile = loop2\n"
	"[profile loop2]\n"
	"role_arn = arn:aws:iam::1:role/b\n"
	"source_profile = loop1\n"
	"[profile selfkeys]\n"
	"role_arn = arn:aws:iam::3:role/self\n"
	"source_profile = selfkeys\n"
	"aws_access_key_id = AKIDSELF\n"
	"aws_secret_access_key = " SECRET2 "\n"
	"[profile keysrole]\n"
	"aws_access_key_id = AKIDKR\n"
	"aws_secret_access_key = " SECRET2 "\n"
	"role_arn = arn:aws:iam::4:role/kr\n"
	"[profile fromenv]\n"
	"role_arn = arn:aws:iam::5:role/env\n"
	"credential_source = Environment\n"
	"[profile fromecs]\n"
	"role_arn = arn:aws:iam::5:role/ecs\n"
	"credential_source = EcsContainer\n"
	"[profile badcs]\n"
	"role_arn = arn:aws:iam::5:role/x\n"
	"credential_source = Moon\n"
	"[profile both]\n"
	"role_arn = arn:aws:iam::5:role/x\n"
	"credential_source = Environment\n"
	"source_profile = base\n"
	"[profile badduration]\n"
	"role_arn = arn:aws:iam::5:role/x\n"
	"source_profile = base\n"
	"duration_seconds = 60\n"
	"[profile missing]\n"
	"role_arn = arn:aws:iam::5:role/x\n"
	"source_profile = nowhere\n"
	"[profile web]\n"
	"role_arn = arn:aws:iam::6:role/web\n"
	"web_identity_token_file = /var/run/token\n"
	"role_session_name = websess\n"
	"[profile proc]\n"
	"credential_process = /usr/bin/get-creds --json\n";

static void
refused(const char *profile, const char *want)
{
	struct aws_settings s;
	char *err = NULL;
	assert_int_equal(aws_resolve(&s, profile, NULL, NULL, &err), -1);
	if (strstr(err, want) == NULL)
		fail_msg("profile %s: got '%s', want '%s' in it", profile, err, want);
	assert_no_secret(err);
	free(err);
	aws_settings_done(&s);
}

static void
test_role_chains(void **state)
{
	struct aws_settings s;

	write_file(config_path, roles_text, 0600);
	resolve_ok(&s, "admin", NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_STATIC);
	eq(s.chain.access_key_id, "AKIDBASE");
	assert_int_equal(s.chain.nroles, 1);
	eq(s.chain.roles[0].role_arn, "arn:aws:iam::111111111111:role/Admin");
	eq(s.chain.roles[0].session_name, "me");
	eq(s.chain.roles[0].external_id, "ext-1");
	eq(s.chain.roles[0].mfa_serial, "arn:aws:iam::000000000000:mfa/me");
	assert_int_equal(s.chain.roles[0].duration_s, 1800);
	aws_settings_done(&s);

	resolve_ok(&s, "deep", NULL, NULL);
	eq(s.chain.access_key_id, "AKIDBASE");
	assert_int_equal(s.chain.nroles, 2);
	eq(s.chain.roles[0].role_arn, "arn:aws:iam::111111111111:role/Admin");
	eq(s.chain.roles[1].role_arn, "arn:aws:iam::222222222222:role/Deep");
	eq(s.chain.roles[1].session_name, NULL);
	aws_settings_done(&s);

	resolve_ok(&s, "selfkeys", NULL, NULL);
	eq(s.chain.access_key_id, "AKIDSELF");
	assert_int_equal(s.chain.nroles, 1);
	aws_settings_done(&s);

	/* Keys and role_arn in one profile: the role is assumed, as the CLI does. */
	resolve_ok(&s, "keysrole", NULL, NULL);
	eq(s.chain.access_key_id, "AKIDKR");
	assert_int_equal(s.chain.nroles, 1);
	eq(s.chain.roles[0].role_arn, "arn:aws:iam::4:role/kr");
	aws_settings_done(&s);

	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", SECRET, 1);
	resolve_ok(&s, "fromenv", NULL, NULL);
	eq(s.chain.access_key_id, "AKIDENV");
	assert_int_equal(s.chain.nroles, 1);
	aws_settings_done(&s);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	refused("fromenv", "credential_source Environment, but AWS_ACCESS_KEY_ID");

	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds", 1);
	resolve_ok(&s, "fromecs", NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_CONTAINER);
	eq(s.chain.container_uri, "http://127.0.0.1:9/creds");
	assert_int_equal(s.chain.nroles, 1);
	aws_settings_done(&s);
	unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");

	refused("loop1", "AWS profile 'loop2': source_profile loop1 is a loop");
	refused("badcs", "credential_source 'Moon': use Environment, Ec2InstanceMetadata or EcsContainer");
	refused("both", "both source_profile and credential_source");
	refused("badduration", "duration_seconds '60' is not a whole number from 900 to 43200");
	refused("missing", "source_profile nowhere is not in");

	resolve_ok(&s, "web", NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_WEB_IDENTITY);
	eq(s.chain.token_file, "/var/run/token");
	eq(s.chain.web_role_arn, "arn:aws:iam::6:role/web");
	eq(s.chain.web_session_name, "websess");
	assert_int_equal(s.chain.nroles, 0);
	aws_settings_done(&s);

	resolve_ok(&s, "proc", NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_PROCESS);
	eq(s.chain.process, "/usr/bin/get-creds --json");
	aws_settings_done(&s);
}

/* With nothing in the profile: EKS's web identity, the container, instance metadata. */
static void
test_env_sources(void **state)
{
	struct aws_settings s;

	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_NONE);	/* not EC2 and no endpoint named: no IMDS */
	aws_settings_done(&s);

	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/t", 1);
	setenv("AWS_ROLE_ARN", "arn:aws:iam::7:role/irsa", 1);
	setenv("AWS_ROLE_SESSION_NAME", "pod", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_WEB_IDENTITY);
	eq(s.chain.web_session_name, "pod");
	aws_settings_done(&s);
	unsetenv("AWS_WEB_IDENTITY_TOKEN_FILE");
	unsetenv("AWS_ROLE_ARN");
	unsetenv("AWS_ROLE_SESSION_NAME");

	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds/abc", 1);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_CONTAINER);
	eq(s.chain.container_uri, "http://169.254.170.2/v2/creds/abc");
	eq(s.chain.container_token, "tok");
	aws_settings_done(&s);
	unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

	static const char *const okuris[] = {
		"http://127.0.0.1:80/c", "http://localhost/c", "http://[::1]:9/c", "http://169.254.170.23/v1/credentials",
		"http://[fd00:ec2::23]/v1", "https://creds.example/c",
	};
	for (size_t i = 0; i < sizeof okuris / sizeof okuris[0]; i++) {
		setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", okuris[i], 1);
		resolve_ok(&s, NULL, NULL, NULL);
		eq(s.chain.container_uri, okuris[i]);
		aws_settings_done(&s);
	}
	static const char *const baduris[] = {
		"http://10.0.0.1/c", "http://127.example.invalid/c", "http://169.254.169.254/c", "http://u:pw@127.0.0.1/c",
	};
	for (size_t i = 0; i < sizeof baduris / sizeof baduris[0]; i++) {
		char *err = NULL;
		setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", baduris[i], 1);
		assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
		assert_non_null(strstr(err, "over http only loopback"));
		assert_null(strstr(err, "pw@"));
		free(err);
		aws_settings_done(&s);
	}
	unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");

	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:7", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_IMDS);
	eq(s.chain.imds_endpoint, "http://127.0.0.1:7");
	aws_settings_done(&s);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.chain.kind, AWS_SRC_NONE);
	aws_settings_done(&s);
	unsetenv("AWS_EC2_METADATA_DISABLED");
	char *ierr = NULL;
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254", 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &ierr), -1);
	assert_string_equal(ierr, "instance metadata endpoint '169.254.169.254' (AWS_EC2_METADATA_SERVICE_ENDPOINT or "
	    "ec2_metadata_service_endpoint): an http:// URL without a user name or password");
	free(ierr);
	aws_settings_done(&s);
	unsetenv("AWS_EC2_METADATA_DISABLED");
	unsetenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
}

/* A password in an endpoint is refused and never repeated. */
static void
test_endpoint_userinfo(void **state)
{
	struct aws_settings s;
	char *err = NULL;

	assert_int_equal(aws_resolve(&s, NULL, NULL, "https://bob:hunter2@db.example.com", &err), -1);
	assert_null(strstr(err, "hunter2"));
	assert_string_equal(err, "endpoint 'https://bob:***@db.example.com' (from option): a user name or password "
	    "does not go in the URL");
	free(err);
	aws_settings_done(&s);
	setenv("AWS_ENDPOINT_URL_STS", "http://sts:pw2@127.0.0.1:1", 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_null(strstr(err, "pw2"));
	free(err);
	aws_settings_done(&s);
	unsetenv("AWS_ENDPOINT_URL_STS");
}

static void
test_transport_settings(void **state)
{
	struct aws_settings s;
	char *err = NULL;

	write_file(config_path, "[default]\nregion = eu-west-3\nmax_attempts = 4\nretry_mode = adaptive\n"
	    "ca_bundle = /etc/ca.pem\nuse_fips_endpoint = true\n", 0600);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.max_attempts, 4);
	eq(s.retry_mode, "adaptive");
	eq(s.chain.ca_bundle, "/etc/ca.pem");
	assert_true(s.chain.fips);
	eq(s.endpoint, "https://dynamodb-fips.eu-west-3.amazonaws.com");
	eq(s.endpoint_source, "use_fips_endpoint");
	aws_settings_done(&s);

	setenv("AWS_MAX_ATTEMPTS", "7", 1);
	setenv("AWS_CA_BUNDLE", "/env/ca.pem", 1);
	setenv("AWS_USE_FIPS_ENDPOINT", "false", 1);
	setenv("AWS_USE_DUALSTACK_ENDPOINT", "true", 1);
	setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:5", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	assert_int_equal(s.max_attempts, 7);
	eq(s.chain.ca_bundle, "/env/ca.pem");
	eq(s.endpoint, "https://dynamodb.eu-west-3.api.aws");
	eq(s.chain.sts_endpoint, "http://127.0.0.1:5");
	aws_settings_done(&s);
	unsetenv("AWS_ENDPOINT_URL_STS");
	unsetenv("AWS_CA_BUNDLE");
	unsetenv("AWS_USE_DUALSTACK_ENDPOINT");
	unsetenv("AWS_USE_FIPS_ENDPOINT");

	/* A services section names STS and SSO too; the environment beats it. */
	write_file(config_path, "[default]\nregion = eu-west-3\nservices = local\n[services local]\n"
	    "sts =\n  endpoint_url = http://127.0.0.1:7\nsso_oidc =\n  endpoint_url = http://127.0.0.1:8\n", 0600);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.chain.sts_endpoint, "http://127.0.0.1:7");
	eq(s.chain.oidc_endpoint, "http://127.0.0.1:8");
	eq(s.chain.sso_endpoint, NULL);
	aws_settings_done(&s);
	setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:6", 1);
	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.chain.sts_endpoint, "http://127.0.0.1:6");
	aws_settings_done(&s);
	unsetenv("AWS_ENDPOINT_URL_STS");

	setenv("AWS_MAX_ATTEMPTS", "0", 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_string_equal(err, "max_attempts '0' (from AWS_MAX_ATTEMPTS): a whole number from 1 to 50");
	free(err);
	aws_settings_done(&s);
	unsetenv("AWS_MAX_ATTEMPTS");
	setenv("AWS_RETRY_MODE", "eager", 1);
	assert_int_equal(aws_resolve(&s, NULL, NULL, NULL, &err), -1);
	assert_string_equal(err, "retry_mode 'eager' (from AWS_RETRY_MODE): use standard, adaptive or legacy");
	free(err);
	aws_settings_done(&s);
	unsetenv("AWS_RETRY_MODE");
}

static void
test_url_helpers(void **state)
{
	static const struct {
		const char *url;
		bool loopback;
	} cases[] = {
		{ "http://127.0.0.1:8000", true }, { "http://127.1.2.3/", true }, { "http://localhost", true },
		{ "http://LOCALHOST:1/x", true }, { "http://[::1]:8000", true }, { "https://127.0.0.1", true },
		{ "http://127.example.invalid", false }, { "http://localhost.example.com", false },
		{ "http://128.0.0.1", false }, { "http://[::2]", false }, { "http://10.0.0.1", false },
		{ "ftp://127.0.0.1", false }, { "http://127.0.0.1@evil.example", false },
		{ "http://evil.example@127.0.0.1", true }, { "http://", false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (aws_url_is_loopback(cases[i].url) != cases[i].loopback)
			fail_msg("%s: loopback %d", cases[i].url, !cases[i].loopback);
	char *r = aws_url_redact("https://bob:hunter2@db.example.com/x");
	assert_string_equal(r, "https://bob:***@db.example.com/x");
	free(r);
	r = aws_url_redact("https://db.example.com:8000/a@b");
	assert_string_equal(r, "https://db.example.com:8000/a@b");
	free(r);

	long long ms;
	assert_int_equal(aws_parse_time("2026-12-08T01:02:03Z", &ms), 0);
	char buf[32];
	aws_format_time(ms, buf);
	assert_string_equal(buf, "2026-12-08T01:02:03Z");
	long long ms2;
	assert_int_equal(aws_parse_time("2026-12-08T02:02:03.5+01:00", &ms2), 0);
	assert_int_equal(ms2, ms + 500);
	assert_int_equal(aws_parse_time("2026-12-08 01:02:03Z", &ms2), 0);
	assert_int_equal(aws_parse_time("2026-13-08T01:02:03Z", &ms2), -1);
	assert_int_equal(aws_parse_time("2026-12-08T01:02:03", &ms2), -1);
	assert_int_equal(aws_parse_time("", &ms2), -1);
}

static void
test_file_locations(void **state)
{
	struct aws_settings s;
	char *want;

	/* AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, with "~/" expanded. */
	want = xasprintf("%s/my-creds", home);
	write_file(want, "[default]\naws_access_key_id = AKIDELSE\naws_secret_access_key = s\n",
	    0600);
	setenv("AWS_SHARED_CREDENTIALS_FILE", "~/my-creds", 1);
	char *cfg = xasprintf("%s/my-config", home);
	write_file(cfg, "[default]\nregion = il-central-1\n", 0600);
	setenv("AWS_CONFIG_FILE", cfg, 1);
	/* The usual files, which must now be ignored. */
	write_file(creds_path, creds_text, 0600);
	write_file(config_path, config_text, 0600);

	resolve_ok(&s, NULL, NULL, NULL);
	eq(s.credentials_file, want);
	eq(s.config_file, cfg);
	eq(s.access_key_id, "AKIDELSE");
	eq(s.region, "il-central-1");
	aws_settings_done(&s);
	free(want);
	free(cfg);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_home, teardown_home)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ini_parse),
		cmocka_unit_test(test_ini_errors),
		cmocka_unit_test(test_subvalue),
		T(test_nothing_configured),
		T(test_env_credentials_win),
		T(test_env_half_pair),
		T(test_profile_selection),
		T(test_profile_not_found),
		T(test_region_chain),
		T(test_endpoint_chain),
		T(test_insecure_mode),
		T(test_file_errors_hide_secrets),
		T(test_sso_profile),
		T(test_precedence),
		T(test_explicit_profile_beats_env_keys),
		T(test_role_chains),
		T(test_env_sources),
		T(test_endpoint_userinfo),
		T(test_transport_settings),
		cmocka_unit_test(test_url_helpers),
		T(test_file_locations),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
