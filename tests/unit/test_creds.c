/*
 * Unit tests for the credential provider (datastore/ddb/creds.h): credential_process's JSON
 * and exits, refreshing before expiry on a fake clock, the DynamoDB backend signing every
 * request with the provider's current keys and retrying once on ExpiredTokenException with the
 * same body, the STS XML answers, the cache's file names and files, core dumps off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datastore/ddb/creds.h"
#include "datastore/ddb/creds_int.h"
#include "datastore/ddb/ddb.h"
#include "util/xmalloc.h"

#define SECRET1 "first-S3CR3T-0000000000000000000000000"
#define SECRET2 "second-S3CR3T-111111111111111111111111"

static char dir[64];

static int
setup_dir(void **state)
{
	xsnprintf(dir, sizeof dir, "/tmp/test_creds.XXXXXX");
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
teardown_dir(void **state)
{
	return nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_process_parse(void **state)
{
	struct creds_value v;
	char *why = NULL;
	const char *good = "{\"Version\": 1, \"AccessKeyId\": \"AKID1\", \"SecretAccessKey\": \"" SECRET1 "\","
	    " \"SessionToken\": \"tok\", \"Expiration\": \"2030-01-02T03:04:05Z\"}";
	assert_int_equal(creds_process_parse(good, strlen(good), &v, &why), 0);
	assert_string_equal(v.akid, "AKID1");
	assert_string_equal(v.secret, SECRET1);
	assert_string_equal(v.token, "tok");
	assert_int_equal(v.expires_ms, 1893553445000LL);
	creds_value_done(&v);

	static const struct {
		const char *text, *why;
	} bad[] = {
		{ "not json " SECRET1, "its output is not a JSON object" },
		{ "{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"" SECRET1 "\"}", "its output has no \"Version\": 1" },
		{ "{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\"}", "its output has no \"Version\": 1" },
		{ "{\"Version\": 1, \"AccessKeyId\": \"A\"}", "its output lacks AccessKeyId or SecretAccessKey (strings)" },
		{ "{\"Version\": 1, \"AccessKeyId\": 5, \"SecretAccessKey\": \"s\"}",
		  "its output lacks AccessKeyId or SecretAccessKey (strings)" },
		{ "{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"s\", \"Expiration\": \"soon\"}",
		  "its Expiration is not a time like 2026-01-02T03:04:05Z" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(creds_process_parse(bad[i].text, strlen(bad[i].text), &v, &why), -1);
		assert_string_equal(why, bad[i].why);
		free(why);
		why = NULL;
	}
}

static void
test_process_run(void **state)
{
	struct creds_value v;
	char *err = NULL;

	assert_int_equal(creds_process_run("printf '{\"Version\":1,\"AccessKeyId\":\"AKIDP\",\"SecretAccessKey\":\"%s\"}' "
	    SECRET1, "test", &v, &err), 0);
	assert_string_equal(v.akid, "AKIDP");
	assert_string_equal(v.secret, SECRET1);
	assert_null(v.token);
	assert_int_equal(v.expires_ms, 0);
	creds_value_done(&v);

	assert_int_equal(creds_process_run("echo " SECRET1 "; exit 3", "prof", &v, &err), -1);
	assert_string_equal(err, "credential_process (prof) failed with exit status 3 (its messages are above)");
	free(err);
	assert_int_equal(creds_process_run("echo '{\"Version\":1}' " SECRET1, "prof", &v, &err), -1);
	assert_string_equal(err, "credential_process (prof): its output is not a JSON object");
	assert_null(strstr(err, "S3CR3T"));
	free(err);
	assert_int_equal(creds_process_run("kill -9 $$", "prof", &v, &err), -1);
	assert_string_equal(err, "credential_process (prof) was killed by signal 9");
	free(err);
	assert_int_equal(creds_process_run("head -c 70000 /dev/zero | tr '\\0' x", "prof", &v, &err), -1);
	assert_string_equal(err, "credential_process (prof): its output is longer than 65536 bytes");
	free(err);
}

/* A process chain whose command prints DIR/out.json and counts its runs in DIR/runs. */
static void
process_chain(struct aws_chain *c)
{
	aws_chain_init(c);
	c->kind = AWS_SRC_PROCESS;
	c->process = xasprintf("echo x >> %s/runs; cat %s/out.json", dir, dir);
	c->source = xstrdup("test profile");
	c->profile = xstrdup("test");
}

static void
out_json(const char *akid, const char *secret, const char *expiration)
{
	char *path = xasprintf("%s/out.json", dir);
	char *text = xasprintf("{\"Version\":1,\"AccessKeyId\":\"%s\",\"SecretAccessKey\":\"%s\",\"SessionToken\":"
	    "\"T0K3N-%s\",\"Expiration\":\"%s\"}", akid, secret, akid, expiration);
	write_file(path, text, 0600);
	free(text);
	free(path);
}

static int
runs(void)
{
	char *path = xasprintf("%s/runs", dir);
	FILE *f = fopen(path, "r");
	free(path);
	if (f == NULL)
		return 0;
	int n = 0, ch;
	while ((ch = fgetc(f)) != EOF)
		n += ch == '\n';
	fclose(f);
	return n;
}

static long long fake_now;

static long long
clock_fake(void *ctx)
{
	return fake_now;
}

static void
test_refresh(void **state)
{
	struct aws_chain c;
	struct creds_value v;
	char *err = NULL;
	long long t0;

	process_chain(&c);
	assert_int_equal(aws_parse_time("2030-01-01T00:00:00Z", &t0), 0);
	/* 60-second keys: used for their first half, then asked again. */
	out_json("AKID1", SECRET1, "2030-01-01T00:01:00Z");
	struct creds_provider *p = creds_provider_new(&c);
	aws_chain_done(&c);
	creds_set_clock(p, clock_fake, NULL);
	fake_now = t0;
	assert_int_equal(creds_get(p, &v, &err), 0);
	assert_string_equal(v.akid, "AKID1");
	creds_value_done(&v);
	assert_int_equal(runs(), 1);
	fake_now = t0 + 29000;
	assert_int_equal(creds_get(p, &v, &err), 0);
	assert_string_equal(v.akid, "AKID1");
	creds_value_done(&v);
	assert_int_equal(runs(), 1);

	out_json("AKID2", SECRET2, "2030-01-01T00:02:00Z");
	fake_now = t0 + 31000;
	assert_int_equal(creds_get(p, &v, &err), 0);
	assert_string_equal(v.akid, "AKID2");
	assert_string_equal(v.secret, SECRET2);
	assert_string_equal(v.token, "T0K3N-AKID2");
	creds_value_done(&v);
	assert_int_equal(runs(), 2);

	/* A refresh that fails in the advisory window keeps the old keys... */
	char *bad = xasprintf("%s/out.json", dir);
	write_file(bad, "broken", 0600);
	fake_now = t0 + 80000;	/* AKID2 lives 89 s from t0+31 s: advisory window from t0+75.5 s */
	assert_int_equal(creds_get(p, &v, &err), 0);
	assert_string_equal(v.akid, "AKID2");
	creds_value_done(&v);
	assert_int_equal(runs(), 3);
	/* ... but not past the mandatory one (a quarter of the lifetime before expiry). */
	fake_now = t0 + 100000;	/* mandatory from t0+97.75 s */
	assert_int_equal(creds_get(p, &v, &err), -1);
	assert_string_equal(err, "credential_process (test profile): its output is not a JSON object");
	free(err);
	free(bad);

	/* creds_expire: asked anew at once. */
	out_json("AKID3", SECRET1, "2030-01-01T01:00:00Z");
	assert_int_equal(creds_get(p, &v, &err), 0);
	creds_value_done(&v);
	int before = runs();
	creds_expire(p);
	out_json("AKID4", SECRET1, "2030-01-01T01:00:00Z");
	assert_int_equal(creds_get(p, &v, &err), 0);
	assert_string_equal(v.akid, "AKID4");
	creds_value_done(&v);
	assert_int_equal(runs(), before + 1);

	struct creds_info info;
	creds_describe(p, &info);
	assert_string_equal(info.source, "credential_process (test profile)");
	assert_int_equal(info.expires_ms, t0 + 3600000);
	creds_provider_free(p);

	/* Loaded credentials make the process undumpable. */
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
}

static void
test_static_expiry(void **state)
{
	struct aws_chain c;
	struct creds_value v;
	char *err = NULL;

	aws_chain_init(&c);
	c.kind = AWS_SRC_STATIC;
	c.access_key_id = xstrdup("AKIDENV");
	c.secret_access_key = xstrdup(SECRET1);
	c.source = xstrdup("environment");
	assert_int_equal(aws_parse_time("2030-01-01T00:00:00Z", &c.expires_ms), 0);
	struct creds_provider *p = creds_provider_new(&c);
	creds_set_clock(p, clock_fake, NULL);
	fake_now = c.expires_ms - 1000;
	assert_int_equal(creds_get(p, &v, &err), 0);
	creds_value_done(&v);
	fake_now = c.expires_ms + 1;
	assert_int_equal(creds_get(p, &v, &err), -1);
	assert_string_equal(err, "the credentials of environment expired at 2030-01-01T00:00:00Z "
	    "(AWS_CREDENTIAL_EXPIRATION): get new ones");
	free(err);
	creds_provider_free(p);
	aws_chain_done(&c);
}

/* The DynamoDB backend over a scripted transport: which key signed each request, and the bodies. */
struct sent {
	char akid[32][32];
	char *body[32];
	size_t n;
	int expired_first;     /* how many first answers are ExpiredTokenException */
};
static struct sent sent;

static void
scripted_send(void *ctx, const struct http_request *reqs, struct http_response *resps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *authz = "";
		for (size_t h = 0; h < reqs[i].header_count; h++)
			if (strcmp(reqs[i].headers[h].name, "Authorization") == 0)
				authz = reqs[i].headers[h].value;
		const char *cred = strstr(authz, "Credential=");
		assert_non_null(cred);
		cred += strlen("Credential=");
		assert_true(sent.n < 32);
		xsnprintf(sent.akid[sent.n], sizeof sent.akid[0], "%.*s", (int)strcspn(cred, "/"), cred);
		sent.body[sent.n] = xstrndup(reqs[i].body, reqs[i].body_len);
		sent.n++;
		memset(&resps[i], 0, sizeof resps[i]);
		resps[i].result = HTTP_OK;
		if (sent.expired_first > 0) {
			sent.expired_first--;
			resps[i].status = 400;
			resps[i].body = xstrdup("{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\","
			    "\"message\":\"The security token included in the request is expired\"}");
		} else {
			resps[i].status = 200;
			resps[i].body = xstrdup("{}");
		}
		resps[i].body_len = strlen(resps[i].body);
	}
}

static const struct ddb_transport scripted = { scripted_send, NULL, NULL };

static void
sent_reset(void)
{
	for (size_t i = 0; i < sent.n; i++)
		free(sent.body[i]);
	memset(&sent, 0, sizeof sent);
}

static void
test_ddb_signs_with_provider(void **state)
{
	struct aws_chain c;
	struct ddb_options o;
	struct table_err err;

	process_chain(&c);
	out_json("AKIDONE", SECRET1, "2099-01-01T00:00:00Z");
	memset(&o, 0, sizeof o);
	o.table = "creds-test";
	o.region = "us-east-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.transport = &scripted;
	o.chain = &c;
	sent_reset();
	struct table *t = ddb_open(&o, &err);
	if (t == NULL)
		fail_msg("ddb_open: %s", err.message);
	aws_chain_done(&c);
	assert_int_equal(runs(), 0);	/* the keys come with the first request */
	json_t *dkey = json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "USER#u", "SK", "S", "PROFILE");
	json_t *got = NULL;
	(void)table_get(t, dkey, &got, &err);	/* the scripted {} is "not found": what counts is who signed */
	assert_int_equal(sent.n, 1);
	json_decref(dkey);
	json_decref(got);
	assert_int_equal(runs(), 1);
	assert_string_equal(sent.akid[0], "AKIDONE");
	sent_reset();

	/* A put that meets ExpiredTokenException: new keys, the same body once more, and only once. */
	json_t *item = json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "USER#u", "SK", "S", "PROFILE");
	out_json("AKIDTWO", SECRET2, "2099-01-01T00:00:00Z");
	sent.expired_first = 1;
	assert_int_equal(table_put(t, item, NULL, &err), 0);
	assert_int_equal(sent.n, 2);
	assert_string_equal(sent.akid[0], "AKIDONE");
	assert_string_equal(sent.akid[1], "AKIDTWO");
	assert_string_equal(sent.body[0], sent.body[1]);
	assert_int_equal(runs(), 2);

	/* Expired twice: the second is the answer (one refresh a call). */
	sent_reset();
	sent.expired_first = 2;
	assert_int_equal(table_put(t, item, NULL, &err), -1);
	assert_int_equal(err.status, TABLE_AUTH);
	assert_int_equal(sent.n, 2);
	assert_int_equal(runs(), 3);
	json_decref(item);
	sent_reset();
	table_close(t);
}

static void
test_ddb_open_refuses(void **state)
{
	struct aws_chain c;
	struct ddb_options o;
	struct table_err err;

	aws_chain_init(&c);
	c.kind = AWS_SRC_PROCESS;
	c.process = xstrdup("echo nope >&2; exit 1");
	c.source = xstrdup("profile p");
	memset(&o, 0, sizeof o);
	o.table = "creds-test";
	o.region = "us-east-1";
	o.endpoint = "http://127.0.0.1:8000";
	o.transport = &scripted;
	o.chain = &c;
	/* Not at open: with the first request, as its failure (the TUI shows it, r tries again). */
	sent_reset();
	struct table *t = ddb_open(&o, &err);
	assert_non_null(t);
	json_t *key = json_pack("{s:{s:s}, s:{s:s}}", "PK", "S", "USER#u", "SK", "S", "PROFILE");
	json_t *item = NULL;
	assert_int_equal(table_get(t, key, &item, &err), -1);
	assert_int_equal(err.status, TABLE_AUTH);
	assert_string_equal(err.message, "credential_process (profile p) failed with exit status 1 (its messages are above)");
	assert_int_equal(sent.n, 0);
	json_decref(key);
	table_close(t);

	/* A role that may need an MFA code: the keys are had at open (the code asked before any screen). */
	struct aws_role *r = aws_chain_add_role(&c);
	r->role_arn = xstrdup("arn:aws:iam::1:role/m");
	r->mfa_serial = xstrdup("arn:aws:iam::1:mfa/me");
	assert_null(ddb_open(&o, &err));
	assert_int_equal(err.status, TABLE_AUTH);
	assert_string_equal(err.message, "credential_process (profile p) failed with exit status 1 (its messages are above)");
	aws_chain_done(&c);
}

static void
test_sts_parse(void **state)
{
	struct sts_answer a;
	const char *ok = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
	    "<AssumeRoleResult><AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/R/s</Arn>"
	    "<AssumedRoleId>ARO:s</AssumedRoleId></AssumedRoleUser>\n<Credentials>\n"
	    "  <AccessKeyId>ASIAX</AccessKeyId>\n  <SecretAccessKey>" SECRET1 "</SecretAccessKey>\n"
	    "  <SessionToken>T0K3N&amp;x</SessionToken>\n  <Expiration>2030-01-01T00:00:00Z</Expiration>\n"
	    "</Credentials></AssumeRoleResult></AssumeRoleResponse>";
	assert_int_equal(sts_parse(ok, strlen(ok), &a), 0);
	assert_string_equal(a.akid, "ASIAX");
	assert_string_equal(a.secret, SECRET1);
	assert_string_equal(a.token, "T0K3N&x");
	assert_string_equal(a.expiration, "2030-01-01T00:00:00Z");
	assert_null(a.arn);
	sts_answer_done(&a);

	const char *who = "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123:user/u</Arn>"
	    "<UserId>AIDA</UserId><Account>123</Account></GetCallerIdentityResult></GetCallerIdentityResponse>";
	assert_int_equal(sts_parse(who, strlen(who), &a), 0);
	assert_string_equal(a.arn, "arn:aws:iam::123:user/u");
	assert_string_equal(a.account, "123");
	sts_answer_done(&a);

	const char *e = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed"
	    "</Message></Error></ErrorResponse>";
	assert_int_equal(sts_parse(e, strlen(e), &a), 0);
	assert_string_equal(a.code, "AccessDenied");
	assert_string_equal(a.message, "not allowed");
	sts_answer_done(&a);

	const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;"
	    "&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><x><Code>&c;&c;&c;</Code></x>";
	/* Internal entities expand, but the text ceiling holds; nothing crashes. */
	(void)sts_parse(lol, strlen(lol), &a);
	sts_answer_done(&a);
	assert_int_equal(sts_parse("<a>", 3, &a), -1);
	assert_true(a.bad);
	assert_int_equal(sts_parse("nope", 4, &a), -1);
}

static void
test_meta_and_sso_parse(void **state)
{
	struct creds_value v;
	char *why = NULL;
	const char *m = "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAM\",\"SecretAccessKey\":\"" SECRET1 "\","
	    "\"Token\":\"T0K3N-m\",\"Expiration\":\"2030-01-01T00:00:00Z\"}";
	assert_int_equal(creds_meta_parse(m, strlen(m), &v, &why), 0);
	assert_string_equal(v.akid, "ASIAM");
	assert_string_equal(v.token, "T0K3N-m");
	creds_value_done(&v);
	const char *fail = "{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\"}";
	assert_int_equal(creds_meta_parse(fail, strlen(fail), &v, &why), -1);
	assert_string_equal(why, "the answer's Code is not Success");
	free(why);
	assert_int_equal(creds_meta_parse("[]", 2, &v, &why), -1);
	assert_string_equal(why, "the answer is not a JSON object");
	free(why);

	const char *r = "{\"roleCredentials\":{\"accessKeyId\":\"ASIAS\",\"secretAccessKey\":\"" SECRET2 "\","
	    "\"sessionToken\":\"T0K3N-s\",\"expiration\":1893553445000}}";
	assert_int_equal(creds_sso_parse_role(r, strlen(r), &v, &why), 0);
	assert_string_equal(v.akid, "ASIAS");
	assert_string_equal(v.secret, SECRET2);
	assert_int_equal(v.expires_ms, 1893553445000LL);
	creds_value_done(&v);
	const char *nor = "{\"roleCredentials\":{\"accessKeyId\":\"ASIAS\",\"expiration\":1}}";
	assert_int_equal(creds_sso_parse_role(nor, strlen(nor), &v, &why), -1);
	assert_string_equal(why, "an answer without roleCredentials");
	free(why);
}

static void
test_form_and_url(void **state)
{
	char *f = sts_form_add(NULL, "Action", "AssumeRole");
	f = sts_form_add(f, "RoleArn", "arn:aws:iam::1:role/a b+c");
	assert_string_equal(f, "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc");
	free(f);

	struct aws_chain c;
	const char *region;
	aws_chain_init(&c);
	char *u = sts_url(&c, &region);
	assert_string_equal(u, "https://sts.us-east-1.amazonaws.com/");
	assert_string_equal(region, "us-east-1");
	free(u);
	c.region = xstrdup("cn-north-1");
	c.fips = false;
	u = sts_url(&c, &region);
	assert_string_equal(u, "https://sts.cn-north-1.amazonaws.com.cn/");
	free(u);
	free(c.region);
	c.region = xstrdup("us-west-2");
	c.fips = true;
	u = sts_url(&c, &region);
	assert_string_equal(u, "https://sts-fips.us-west-2.amazonaws.com/");
	free(u);
	c.dualstack = true;
	u = sts_url(&c, &region);
	assert_string_equal(u, "https://sts-fips.us-west-2.api.aws/");
	free(u);
		c.sts_endpoint = xstrdup("http://127.0.0.1:5");
	u = sts_url(&c, &region);
	assert_string_equal(u, "http://127.0.0.1:5/");
	assert_string_equal(region, "us-west-2");
	free(u);
	aws_chain_done(&c);
}

/* The cache's names are botocore's (computed by python3's json.dumps and hashlib for these). */
static void
test_cache(void **state)
{
	struct aws_role r;
	memset(&r, 0, sizeof r);
	r.role_arn = (char *)(uintptr_t)"arn:aws:iam::123456789012:role/Admin";
	char *k = creds_cache_key_role(&r);
	/* sha1('{"RoleArn": "arn:aws:iam::123456789012:role/Admin"}') */
	assert_string_equal(k, "51e7b105b5040ce662656c8dc6ab4de70c4de7ad");
	free(k);
	r.session_name = (char *)(uintptr_t)"me";
	r.external_id = (char *)(uintptr_t)"ext";
	r.mfa_serial = (char *)(uintptr_t)"arn:aws:iam::1:mfa/me";
	r.duration_s = 1800;
	k = creds_cache_key_role(&r);
	/* sha1('{"DurationSeconds": 1800, "ExternalId": "ext", "RoleArn": "...", "RoleSessionName": "me",
	 * "SerialNumber": "arn:aws:iam::1:mfa/me"}') */
	assert_string_equal(k, "92b7ebd2065f3386c7601769c8a12f3dfc5f96e2");
	free(k);

	struct aws_chain c;
	aws_chain_init(&c);
	c.sso_account_id = xstrdup("111122223333");
	c.sso_role_name = xstrdup("Admin");
	c.sso_start_url = xstrdup("https://corp.example/start");
	c.sso_session = xstrdup("corp");
	k = creds_cache_key_sso(&c);
	/* sha1('{"accountId":"111122223333","roleName":"Admin","sessionName":"corp","startUrl":"..."}') */
	assert_string_equal(k, "8b48646bc2f34aab2ea859e2fcef77b4c121bb40");
	free(k);
	aws_chain_done(&c);

	/* Written 0600 in a 0700 folder, read back while good for long enough. */
	char *cache = xasprintf("%s/cli/cache", dir);
	struct creds_value v = { xstrdup("ASIAC"), xstrdup(SECRET1), xstrdup("T0K3N-c"), 2000000000000LL };
	creds_cache_write(cache, "abc123", &v, false);
	char *path = xasprintf("%s/abc123.json", cache);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(cache, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	struct creds_value got;
	assert_int_equal(creds_cache_read(cache, "abc123", 2000000000000LL - 3600000, 900000, &got), 0);
	assert_string_equal(got.akid, "ASIAC");
	assert_string_equal(got.secret, SECRET1);
	assert_int_equal(got.expires_ms, 2000000000000LL);
	creds_value_done(&got);
	/* Too close to its expiry: not used. */
	assert_int_equal(creds_cache_read(cache, "abc123", 2000000000000LL - 60000, 900000, &got), -1);
	/* A key that is not hex names no file. */
	assert_int_equal(creds_cache_read(cache, "../abc123", 0, 0, &got), -1);
	creds_value_done(&v);
	free(path);
	free(cache);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_dir, teardown_dir)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_process_parse),
		cmocka_unit_test(test_process_run),
		T(test_refresh),
		cmocka_unit_test(test_static_expiry),
		T(test_ddb_signs_with_provider),
		cmocka_unit_test(test_ddb_open_refuses),
		cmocka_unit_test(test_sts_parse),
		cmocka_unit_test(test_meta_and_sso_parse),
		cmocka_unit_test(test_form_and_url),
		T(test_cache),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
