/*
 * IAM Identity Center (SSO): the access token `aws sso login` leaves in
 * ~/.aws/sso/cache/<sha1 of the sso-session name, or of the start URL in the
 * legacy form>.json, refreshed through SSO-OIDC CreateToken with its refresh
 * token when it is within 15 minutes of its expiry (sso_session form only, as
 * the CLI), then SSO GetRoleCredentials for the account and role. When the
 * token cannot be had, the message says to run `aws sso login --profile X`.
 */
#include <openssl/crypto.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/creds_int.h"
#include "util/xmalloc.h"

#define SSO_REFRESH_MS (15 * 60 * 1000LL)

char *
creds_sso_token_path(const struct aws_chain *c)
{
	char hex[41];
	if (c->sso_cache_dir == NULL)
		return NULL;
	creds_sha1_hex(c->sso_session != NULL ? c->sso_session : c->sso_start_url, hex);
	return xasprintf("%s/%s.json", c->sso_cache_dir, hex);
}

static char *
sso_login_hint(const struct aws_chain *c, const char *why)
{
	return xasprintf("SSO: %s: run `aws sso login --profile %s`, then try again", why,
	    c->profile != NULL ? c->profile : "default");
}

/* "2026-12-08T01:02:03Z", or the older "2026-12-08T01:02:03UTC". */
static int
sso_time(const char *s, long long *ms)
{
	if (s == NULL)
		return -1;
	size_t n = strlen(s);
	if (n > 3 && strcmp(s + n - 3, "UTC") == 0) {
		char *t = xasprintf("%.*sZ", (int)(n - 3), s);
		int rc = aws_parse_time(t, ms);
		free(t);
		return rc;
	}
	return aws_parse_time(s, ms);
}

static void
sso_cleanse_str(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	if (json_is_string(v))
		OPENSSL_cleanse((char *)(uintptr_t)json_string_value(v), json_string_length(v));
}

static void
sso_json_free(json_t *o)
{
	static const char *const secrets[] = { "accessToken", "refreshToken", "clientSecret" };
	for (size_t i = 0; i < 3; i++)
		sso_cleanse_str(o, secrets[i]);
	json_decref(o);
}

/* The endpoint set for tests, else https://<prefix>.<region>.amazonaws.com (no trailing slash). */
static char *
sso_endpoint(const char *set, const char *prefix, const char *region)
{
	if (set != NULL) {
		size_t n = strlen(set);
		return n > 0 && set[n - 1] == '/' ? xstrndup(set, n - 1) : xstrdup(set);
	}
	return xasprintf("https://%s.%s.%s", prefix, region,
	    strncmp(region, "cn-", 3) == 0 ? "amazonaws.com.cn" : "amazonaws.com");
}

/* CreateToken with the refresh token; the cache updated. 0, or -1 with *err. */
static int
sso_refresh(const struct aws_chain *c, const char *path, json_t *cache, long long now_ms, char **err)
{
	const char *cid = json_string_value(json_object_get(cache, "clientId"));
	const char *csec = json_string_value(json_object_get(cache, "clientSecret"));
	const char *rt = json_string_value(json_object_get(cache, "refreshToken"));
	long long reg_ms = 0;
	if (c->sso_session == NULL || cid == NULL || csec == NULL || rt == NULL) {
		*err = sso_login_hint(c, "the session has expired and cannot be refreshed here");
		return -1;
	}
	if (sso_time(json_string_value(json_object_get(cache, "registrationExpiresAt")), &reg_ms) == 0 &&
	    reg_ms <= now_ms) {
		*err = sso_login_hint(c, "the client registration has expired");
		return -1;
	}
	json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "grantType", "refresh_token", "clientId", cid,
	    "clientSecret", csec, "refreshToken", rt);
	char *text = json_dumps(body, JSON_COMPACT);
	sso_json_free(body);
	char *base = sso_endpoint(c->oidc_endpoint, "oidc", c->sso_region);
	char *url = xasprintf("%s/token", base);
	const char *headers[] = { "Content-Type: application/json", "Accept: application/json" };
	struct creds_http_req req = { "POST", url, headers, 2, text, strlen(text), c->connect_timeout_ms,
		c->read_timeout_ms, c->ca_bundle };
	struct creds_http_resp resp;
	int rc = -1;
	if (creds_http(&req, &resp) != 0)
		*err = xasprintf("SSO-OIDC CreateToken at %s: %s", base, resp.error);
	else if (resp.status != 200)
		*err = sso_login_hint(c, "the session could not be refreshed (SSO-OIDC CreateToken refused it)");
	else {
		json_error_t je;
		json_t *a = json_loadb(resp.body, resp.len, 0, &je);
		const char *at = json_string_value(json_object_get(a, "accessToken"));
		json_t *ein = json_object_get(a, "expiresIn");
		const char *nrt = json_string_value(json_object_get(a, "refreshToken"));
		if (at == NULL || at[0] == '\0' || !json_is_integer(ein) || json_integer_value(ein) <= 0)
			*err = xstrdup("SSO-OIDC CreateToken: an answer without accessToken or expiresIn");
		else {
			char exp[32];
			aws_format_time(now_ms + (long long)json_integer_value(ein) * 1000LL, exp);
			json_object_set_new(cache, "accessToken", json_string(at));
			json_object_set_new(cache, "expiresAt", json_string(exp));
			if (nrt != NULL && nrt[0] != '\0')
				json_object_set_new(cache, "refreshToken", json_string(nrt));
			char *out = json_dumps(cache, JSON_INDENT(2) | JSON_SORT_KEYS);
			if (out != NULL) {
				creds_write_private(path, out);
				OPENSSL_cleanse(out, strlen(out));
				free(out);
			}
			rc = 0;
		}
		sso_json_free(a);
	}
	creds_http_done(&resp);
	OPENSSL_cleanse(text, strlen(text));
	free(text);
	free(url);
	free(base);
	return rc;
}

int
creds_sso_parse_role(const char *text, size_t len, struct creds_value *out, char **why)
{
	json_error_t je;
	int rc = -1;

	memset(out, 0, sizeof *out);
	json_t *a = json_loadb(text, len, 0, &je);
	json_t *rc_ = json_object_get(a, "roleCredentials");
	const char *id = json_string_value(json_object_get(rc_, "accessKeyId"));
	const char *sec = json_string_value(json_object_get(rc_, "secretAccessKey"));
	const char *st = json_string_value(json_object_get(rc_, "sessionToken"));
	json_t *e = json_object_get(rc_, "expiration");
	if (id == NULL || sec == NULL || st == NULL || id[0] == '\0' || sec[0] == '\0' || !json_is_integer(e) ||
	    json_integer_value(e) <= 0)
		*why = xstrdup("an answer without roleCredentials");
	else {
		out->akid = xstrdup(id);
		out->secret = xstrdup(sec);
		out->token = xstrdup(st);
		out->expires_ms = (long long)json_integer_value(e);
		rc = 0;
	}
	sso_cleanse_str(rc_, "secretAccessKey");
	sso_cleanse_str(rc_, "sessionToken");
	json_decref(a);
	return rc;
}

/* A query value: account ids and role names are plain, but encode anything else. */
static char *
sso_q(const char *s)
{
	char *f = sts_form_add(NULL, "x", s);
	char *v = xstrdup(f + 2);
	free(f);
	return v;
}

int
creds_sso_fetch(const struct aws_chain *c, long long now_ms, struct creds_value *out, char **err)
{
	char *path = creds_sso_token_path(c);
	json_error_t je;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (path == NULL) {
		*err = sso_login_hint(c, "no home folder for the token cache");
		return -1;
	}
	json_t *cache = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	long long exp_ms = 0;
	if (!json_is_object(cache) || json_string_value(json_object_get(cache, "accessToken")) == NULL ||
	    sso_time(json_string_value(json_object_get(cache, "expiresAt")), &exp_ms) != 0) {
		*err = sso_login_hint(c, "no token in the cache (~/.aws/sso/cache)");
		goto out;
	}
	if (exp_ms - now_ms < SSO_REFRESH_MS) {
		char *rerr = NULL;
		if (sso_refresh(c, path, cache, now_ms, &rerr) != 0) {
			/* Still good for a while: use it, and say nothing yet. */
			if (exp_ms <= now_ms) {
				*err = rerr;
				goto out;
			}
			free(rerr);
		}
	}
	const char *token = json_string_value(json_object_get(cache, "accessToken"));
	char *base = sso_endpoint(c->sso_endpoint, "portal.sso", c->sso_region);
	char *acct = sso_q(c->sso_account_id), *role = sso_q(c->sso_role_name);
	char *url = xasprintf("%s/federation/credentials?account_id=%s&role_name=%s", base, acct, role);
	char *hdr = xasprintf("x-amz-sso_bearer_token: %s", token);
	const char *headers[] = { hdr, "Accept: application/json" };
	struct creds_http_req req = { "GET", url, headers, 2, NULL, 0, c->connect_timeout_ms, c->read_timeout_ms,
		c->ca_bundle };
	struct creds_http_resp resp;
	if (strpbrk(token, "\r\n") != NULL)
		*err = sso_login_hint(c, "the cached token is damaged");
	else if (creds_http(&req, &resp) != 0) {
		*err = xasprintf("SSO GetRoleCredentials at %s: %s", base, resp.error);
		creds_http_done(&resp);
	} else {
		if (resp.status == 401 || resp.status == 403)
			*err = sso_login_hint(c, "the token was refused (UnauthorizedException)");
		else if (resp.status != 200)
			*err = xasprintf("SSO GetRoleCredentials for account %s, role %s: HTTP %ld", c->sso_account_id,
			    c->sso_role_name, resp.status);
		else {
			char *why = NULL;
			if (creds_sso_parse_role(resp.body, resp.len, out, &why) == 0)
				rc = 0;
			else
				*err = xasprintf("SSO GetRoleCredentials: %s", why);
			free(why);
		}
		creds_http_done(&resp);
	}
	creds_wipe_free(hdr);
	free(url);
	free(acct);
	free(role);
	free(base);
out:
	sso_json_free(cache);
	free(path);
	return rc;
}
