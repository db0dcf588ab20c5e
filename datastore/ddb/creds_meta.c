/*
 * The host's credentials: the container endpoint (ECS, EKS Pod Identity) and
 * EC2 instance metadata, IMDSv2 only (a session token PUT first, then the
 * role's name and its credentials with that token; 1 s timeouts, one retry).
 * Both answer {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/ddb/creds_int.h"
#include "util/xmalloc.h"

#define IMDS_TIMEOUT_MS 1000
#define IMDS_TRIES 2
#define IMDS_TOKEN_TTL "21600"

int
creds_meta_parse(const char *text, size_t len, struct creds_value *out, char **why)
{
	json_error_t je;

	memset(out, 0, sizeof *out);
	json_t *o = json_loadb(text, len, 0, &je);
	if (!json_is_object(o)) {
		*why = xstrdup("the answer is not a JSON object");
		json_decref(o);
		return -1;
	}
	const char *id = json_string_value(json_object_get(o, "AccessKeyId"));
	const char *secret = json_string_value(json_object_get(o, "SecretAccessKey"));
	const char *token = json_string_value(json_object_get(o, "Token"));
	const char *exp = json_string_value(json_object_get(o, "Expiration"));
	const char *code = json_string_value(json_object_get(o, "Code"));
	long long ms = 0;
	int rc = -1;
	if (code != NULL && strcmp(code, "Success") != 0)
		*why = xstrdup("the answer's Code is not Success");
	else if (id == NULL || secret == NULL || id[0] == '\0' || secret[0] == '\0')
		*why = xstrdup("the answer lacks AccessKeyId or SecretAccessKey");
	else if (exp != NULL && aws_parse_time(exp, &ms) != 0)
		*why = xstrdup("the answer's Expiration is not a time");
	else {
		out->akid = xstrdup(id);
		out->secret = xstrdup(secret);
		out->token = token != NULL && token[0] != '\0' ? xstrdup(token) : NULL;
		out->expires_ms = ms;
		rc = 0;
	}
	json_t *sv = json_object_get(o, "SecretAccessKey");
	if (json_is_string(sv))
		explicit_bzero((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
	sv = json_object_get(o, "Token");
	if (json_is_string(sv))
		explicit_bzero((char *)(uintptr_t)json_string_value(sv), json_string_length(sv));
	json_decref(o);
	return rc;
}

/* Reads a small token file whole, trailing newline dropped; NULL with *err. */
static char *
creds_read_token_file(const char *path, const char *what, char **err)
{
	FILE *f = fopen(path, "re");
	if (f == NULL) {
		*err = xasprintf("%s %s: cannot be read", what, path);
		return NULL;
	}
	char *buf = xcalloc(1, 16385);
	size_t n = fread(buf, 1, 16384, f);
	fclose(f);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n == 0 || strchr(buf, '\n') != NULL || strchr(buf, '\r') != NULL) {
		*err = xasprintf("%s %s: empty, or more than one line", what, path);
		creds_wipe_free(buf);
		return NULL;
	}
	return buf;
}

int
creds_container_fetch(const struct aws_chain *c, struct creds_value *out, char **err)
{
	struct creds_http_req req;
	struct creds_http_resp resp;
	char *token = NULL, *hdr = NULL;
	const char *headers[2];
	int rc = -1;

	memset(&req, 0, sizeof req);
	if (c->container_token_file != NULL) {
		/* Read at every fetch: EKS Pod Identity rotates it. */
		token = creds_read_token_file(c->container_token_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", err);
		if (token == NULL)
			return -1;
	} else if (c->container_token != NULL)
		token = xstrdup(c->container_token);
	if (token != NULL) {
		if (strpbrk(token, "\r\n") != NULL) {
			*err = xstrdup("the container authorization token holds a line break");
			creds_wipe_free(token);
			return -1;
		}
		hdr = xasprintf("Authorization: %s", token);
		headers[req.nheaders++] = hdr;
	}
	headers[req.nheaders++] = "Accept: application/json";
	req.method = "GET";
	req.url = c->container_uri;
	req.headers = headers;
	req.timeout_ms = 2000;
	req.connect_timeout_ms = 1000;
	req.ca_file = c->ca_bundle;
	char *where = aws_url_redact(c->container_uri);
	for (int attempt = 0; attempt < IMDS_TRIES && rc != 0; attempt++) {
		char *why = NULL;
		free(*err);
		*err = NULL;
		if (creds_http(&req, &resp) != 0)
			*err = xasprintf("container credentials (%s): %s", where, resp.error);
		else if (resp.status != 200) {
			char snip[200];
			creds_snippet(resp.body, resp.len, snip, sizeof snip);
			*err = xasprintf("container credentials (%s): HTTP %ld%s%s", where, resp.status,
			    resp.status == 401 || resp.status == 403 ? " (the authorization token was refused)" : "",
			    snip[0] != '\0' ? ": " : "");
			if (snip[0] != '\0') {
				char *m = xasprintf("%s%s", *err, snip);
				free(*err);
				*err = m;
			}
			if (resp.status < 500)
				attempt = IMDS_TRIES;
		} else if (creds_meta_parse(resp.body, resp.len, out, &why) != 0)
			*err = xasprintf("container credentials (%s): %s", where, why);
		else
			rc = 0;
		free(why);
		creds_http_done(&resp);
	}
	free(where);
	creds_wipe_free(hdr);
	creds_wipe_free(token);
	return rc;
}

/* One IMDS request with the session token (or the PUT that makes it); the body or NULL with *err. */
static char *
imds_call(const struct aws_chain *c, const char *method, const char *path, const char *token, char **err)
{
	struct creds_http_req req;
	struct creds_http_resp resp;
	char *url = xasprintf("%s%s", c->imds_endpoint, path);
	char *hdr = token != NULL ? xasprintf("X-aws-ec2-metadata-token: %s", token) :
	    xstrdup("X-aws-ec2-metadata-token-ttl-seconds: " IMDS_TOKEN_TTL);
	const char *headers[] = { hdr };
	char *body = NULL;

	/* The endpoint may end in '/': one slash between it and the path. */
	size_t el = strlen(c->imds_endpoint);
	if (el > 0 && c->imds_endpoint[el - 1] == '/') {
		free(url);
		url = xasprintf("%.*s%s", (int)(el - 1), c->imds_endpoint, path);
	}
	memset(&req, 0, sizeof req);
	req.method = method;
	req.url = url;
	req.headers = headers;
	req.nheaders = 1;
	req.timeout_ms = IMDS_TIMEOUT_MS;
	req.connect_timeout_ms = IMDS_TIMEOUT_MS;
	for (int attempt = 0; attempt < IMDS_TRIES && body == NULL; attempt++) {
		free(*err);
		*err = NULL;
		if (creds_http(&req, &resp) != 0)
			*err = xasprintf("instance metadata (%s): %s", c->imds_endpoint, resp.error);
		else if (resp.status != 200) {
			*err = xasprintf("instance metadata (%s): HTTP %ld for %s %s%s", c->imds_endpoint, resp.status, method,
			    path, resp.status == 401 ? " (the session token was refused)" :
			    resp.status == 404 ? " (no role attached to the instance?)" : "");
			if (resp.status < 500)
				attempt = IMDS_TRIES;
		} else {
			body = resp.body;
			resp.body = NULL;
		}
		creds_http_done(&resp);
	}
	creds_wipe_free(hdr);
	free(url);
	return body;
}

int
creds_imds_fetch(const struct aws_chain *c, struct creds_value *out, char **err)
{
	const char *base = "/latest/meta-data/iam/security-credentials/";
	char *token = imds_call(c, "PUT", "/latest/api/token", NULL, err);
	int rc = -1;

	if (token == NULL)
		return -1;
	char *role = imds_call(c, "GET", base, token, err);
	if (role != NULL) {
		role[strcspn(role, "\r\n")] = '\0';
		if (role[0] == '\0' || strchr(role, '/') != NULL) {
			free(*err);
			*err = xasprintf("instance metadata (%s): no usable role name", c->imds_endpoint);
		} else {
			char *path = xasprintf("%s%s", base, role);
			char *body = imds_call(c, "GET", path, token, err);
			char *why = NULL;
			if (body != NULL) {
				if (creds_meta_parse(body, strlen(body), out, &why) == 0)
					rc = 0;
				else
					*err = xasprintf("instance metadata (%s): %s", c->imds_endpoint, why);
				free(why);
				creds_wipe_free(body);
			}
			free(path);
		}
		free(role);
	}
	creds_wipe_free(token);
	return rc;
}
