/*
 * The AWS CLI's credential cache (~/.aws/cli/cache): assumed-role and SSO
 * credentials kept between runs, in the CLI's own file names and JSON, so
 * that ailife and the CLI share them and a command line used twenty times an
 * hour asks STS (and the MFA code) once. Only short-lived credentials are
 * written, 0600 in a 0700 folder, through a temporary file and a rename.
 *
 * File names, as botocore makes them: the sha1 of the JSON of the call's
 * arguments, keys sorted. AssumeRole: {"DurationSeconds": 3600, "ExternalId":
 * "x", "RoleArn": "...", "RoleSessionName": "...", "SerialNumber": "..."}
 * (json.dumps's ", " and ": ", the session name left out when it was not
 * given); SSO: {"accountId":"...","roleName":"...","sessionName":"...",
 * "startUrl":"..."} (compact).
 */
#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datastore/ddb/creds_int.h"
#include "util/xmalloc.h"

void
creds_sha1_hex(const char *s, char hex[41])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_Digest(s, strlen(s), md, &n, EVP_sha1(), NULL);
	for (unsigned int i = 0; i < n && i < 20; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	hex[40] = '\0';
}

/* A JSON string as Python's json.dumps writes it (ASCII; others \uXXXX). */
static char *
creds_jstr(char *acc, const char *s)
{
	size_t n = acc != NULL ? strlen(acc) : 0;
	char *out = xmalloc(n + 6 * strlen(s) + 3);
	size_t k = n;
	if (acc != NULL)
		memcpy(out, acc, n);
	out[k++] = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\') {
			out[k++] = '\\';
			out[k++] = (char)*p;
		} else if (*p < 0x20 || *p >= 0x7f)
			k += (size_t)snprintf(out + k, 7, "\\u%04x", *p);
		else
			out[k++] = (char)*p;
	}
	out[k++] = '"';
	out[k] = '\0';
	free(acc);
	return out;
}

static char *
creds_cat(char *acc, const char *s)
{
	char *out = xasprintf("%s%s", acc != NULL ? acc : "", s);
	free(acc);
	return out;
}

char *
creds_cache_key_role(const struct aws_role *r)
{
	char *j = xstrdup("{");
	bool first = true;
	char num[32];
#define SEP() do { if (!first) j = creds_cat(j, ", "); first = false; } while (0)
	if (r->duration_s > 0) {
		SEP();
		xsnprintf(num, sizeof num, "%d", r->duration_s);
		j = creds_cat(j, "\"DurationSeconds\": ");
		j = creds_cat(j, num);
	}
	if (r->external_id != NULL) {
		SEP();
		j = creds_cat(j, "\"ExternalId\": ");
		j = creds_jstr(j, r->external_id);
	}
	SEP();
	j = creds_cat(j, "\"RoleArn\": ");
	j = creds_jstr(j, r->role_arn);
	if (r->session_name != NULL) {
		SEP();
		j = creds_cat(j, "\"RoleSessionName\": ");
		j = creds_jstr(j, r->session_name);
	}
	if (r->mfa_serial != NULL) {
		SEP();
		j = creds_cat(j, "\"SerialNumber\": ");
		j = creds_jstr(j, r->mfa_serial);
	}
#undef SEP
	j = creds_cat(j, "}");
	char hex[41];
	creds_sha1_hex(j, hex);
	free(j);
	return xstrdup(hex);
}

char *
creds_cache_key_sso(const struct aws_chain *c)
{
	char *j = xstrdup("{\"accountId\":");
	j = creds_jstr(j, c->sso_account_id);
	j = creds_cat(j, ",\"roleName\":");
	j = creds_jstr(j, c->sso_role_name);
	if (c->sso_session != NULL) {
		j = creds_cat(j, ",\"sessionName\":");
		j = creds_jstr(j, c->sso_session);
	}
	j = creds_cat(j, ",\"startUrl\":");
	j = creds_jstr(j, c->sso_start_url);
	j = creds_cat(j, "}");
	char hex[41];
	creds_sha1_hex(j, hex);
	free(j);
	return xstrdup(hex);
}

/* A file name made of the key: only [0-9a-f] in it, so nothing can climb out of dir. */
static char *
creds_cache_path(const char *dir, const char *key)
{
	if (dir == NULL || key == NULL || key[0] == '\0' || strspn(key, "0123456789abcdef") != strlen(key))
		return NULL;
	return xasprintf("%s/%s.json", dir, key);
}

int
creds_cache_read(const char *dir, const char *key, long long now_ms, long long min_ms, struct creds_value *out)
{
	char *path = creds_cache_path(dir, key);
	json_error_t je;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (path == NULL)
		return -1;
	json_t *o = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
	free(path);
	json_t *cr = json_object_get(o, "Credentials");
	const char *id = json_string_value(json_object_get(cr, "AccessKeyId"));
	const char *secret = json_string_value(json_object_get(cr, "SecretAccessKey"));
	const char *token = json_string_value(json_object_get(cr, "SessionToken"));
	const char *exp = json_string_value(json_object_get(cr, "Expiration"));
	long long ms;
	if (id != NULL && secret != NULL && token != NULL && exp != NULL && id[0] != '\0' && secret[0] != '\0' &&
	    aws_parse_time(exp, &ms) == 0 && ms - now_ms > min_ms) {
		out->akid = xstrdup(id);
		out->secret = xstrdup(secret);
		out->token = xstrdup(token);
		out->expires_ms = ms;
		rc = 0;
	}
	json_t *sv = json_object_get(cr, "SecretAccessKey");
	if (json_is_string(sv))
		OPENSSL_cleanse((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
	sv = json_object_get(cr, "SessionToken");
	if (json_is_string(sv))
		OPENSSL_cleanse((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
	json_decref(o);
	return rc;
}

/* mkdir -p with mode 0700 for what it makes. */
static int
creds_mkdirs(const char *dir)
{
	char *p = xstrdup(dir);
	for (char *s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0700) == 0 || errno == EEXIST ? 0 : -1;
	free(p);
	return rc;
}

int
creds_write_private(const char *path, const char *text)
{
	char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	int rc = -1;
	if (fd >= 0) {
		size_t n = strlen(text), off = 0;
		while (off < n) {
			ssize_t w = write(fd, text + off, n - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		if (fchmod(fd, 0600) == 0 && off == n && fsync(fd) == 0 && close(fd) == 0) {
			fd = -1;
			rc = rename(tmp, path);
		}
		if (fd >= 0)
			close(fd);
		if (rc != 0)
			unlink(tmp);
	}
	free(tmp);
	return rc;
}

void
creds_cache_write(const char *dir, const char *key, const struct creds_value *v, bool sso)
{
	char *path = creds_cache_path(dir, key);
	char exp[32];
	if (path == NULL || v->expires_ms <= 0 || v->token == NULL || creds_mkdirs(dir) != 0) {
		free(path);
		return;
	}
	aws_format_time(v->expires_ms, exp);
	json_t *o = json_pack("{s:{s:s, s:s, s:s, s:s}}", "Credentials", "AccessKeyId", v->akid, "SecretAccessKey",
	    v->secret, "SessionToken", v->token, "Expiration", exp);
	if (o != NULL && sso)
		json_object_set_new(o, "ProviderType", json_string("sso"));
	char *text = o != NULL ? json_dumps(o, JSON_SORT_KEYS) : NULL;
	if (text != NULL) {
		creds_write_private(path, text);
		OPENSSL_cleanse(text, strlen(text));
		free(text);
	}
	if (o != NULL) {
		json_t *cr = json_object_get(o, "Credentials");
		json_t *sv = json_object_get(cr, "SecretAccessKey");
		OPENSSL_cleanse((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
		sv = json_object_get(cr, "SessionToken");
		OPENSSL_cleanse((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
		json_decref(o);
	}
	free(path);
}
