/*
 * STS over its Query protocol: a form-encoded POST (Action, Version and the
 * parameters), SigV4 signed for service "sts" at the regional endpoint (but
 * AssumeRoleWithWebIdentity, which is unsigned), and an XML answer read with
 * expat: the Credentials of AssumeRole*, the Account and Arn of
 * GetCallerIdentity, or an ErrorResponse's Code and Message.
 */
#include <expat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datastore/ddb/creds_int.h"
#include "datastore/ddb/sigv4.h"
#include "util/xmalloc.h"

#define STS_VERSION "2011-06-15"
#define STS_TEXT_MAX 8192

struct sts_parser {
	struct sts_answer *a;
	char text[STS_TEXT_MAX];
	size_t len;
	bool overflow;
	int depth;
	bool in_user;    /* inside AssumedRoleUser: its Arn is not the caller's */
};

static void XMLCALL
sts_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct sts_parser *p = ud;
	(void)attrs;
	p->depth++;
	p->len = 0;
	p->overflow = false;
	if (strcmp(name, "AssumedRoleUser") == 0)
		p->in_user = true;
}

static void XMLCALL
sts_chars(void *ud, const XML_Char *s, int n)
{
	struct sts_parser *p = ud;
	if (n < 0 || p->len + (size_t)n >= sizeof p->text) {
		p->overflow = true;
		return;
	}
	memcpy(p->text + p->len, s, (size_t)n);
	p->len += (size_t)n;
}

static void
sts_take(char **slot, struct sts_parser *p)
{
	if (p->overflow)
		return;
	const char *s = p->text;
	size_t n = p->len;
	while (n > 0 && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	creds_wipe_free(*slot);
	*slot = xstrndup(s, n);
}

static void XMLCALL
sts_end(void *ud, const XML_Char *name)
{
	struct sts_parser *p = ud;
	struct sts_answer *a = p->a;
	p->depth--;
	if (strcmp(name, "AssumedRoleUser") == 0)
		p->in_user = false;
	else if (strcmp(name, "AccessKeyId") == 0)
		sts_take(&a->akid, p);
	else if (strcmp(name, "SecretAccessKey") == 0)
		sts_take(&a->secret, p);
	else if (strcmp(name, "SessionToken") == 0)
		sts_take(&a->token, p);
	else if (strcmp(name, "Expiration") == 0)
		sts_take(&a->expiration, p);
	else if (strcmp(name, "Account") == 0)
		sts_take(&a->account, p);
	else if (strcmp(name, "Arn") == 0 && !p->in_user)
		sts_take(&a->arn, p);
	else if (strcmp(name, "Code") == 0)
		sts_take(&a->code, p);
	else if (strcmp(name, "Message") == 0)
		sts_take(&a->message, p);
	explicit_bzero(p->text, p->len);
	p->len = 0;
}

int
sts_parse(const char *xml, size_t len, struct sts_answer *a)
{
	struct sts_parser p;
	memset(a, 0, sizeof *a);
	memset(&p, 0, sizeof p);
	p.a = a;
	XML_Parser x = XML_ParserCreate("UTF-8");
	if (x == NULL) {
		a->bad = true;
		return -1;
	}
	XML_SetUserData(x, &p);
	XML_SetElementHandler(x, sts_start, sts_end);
	XML_SetCharacterDataHandler(x, sts_chars);
	/* Nothing from a DTD: no entity of the answer's own is expanded (billion laughs). */
	XML_SetParamEntityParsing(x, XML_PARAM_ENTITY_PARSING_NEVER);
	int ok = len <= CREDS_BODY_MAX && XML_Parse(x, xml, (int)len, 1) == XML_STATUS_OK;
	XML_ParserFree(x);
	explicit_bzero(p.text, sizeof p.text);
	if (!ok) {
		sts_answer_done(a);
		a->bad = true;
		return -1;
	}
	return 0;
}

void
sts_answer_done(struct sts_answer *a)
{
	free(a->akid);
	creds_wipe_free(a->secret);
	creds_wipe_free(a->token);
	free(a->expiration);
	free(a->account);
	free(a->arn);
	free(a->code);
	free(a->message);
	memset(a, 0, sizeof *a);
}

char *
sts_form_add(char *form, const char *name, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = form != NULL ? strlen(form) : 0, vl = strlen(value);
	char *out = xmalloc(n + strlen(name) + 3 * vl + 3);
	size_t k = 0;
	if (n > 0) {
		memcpy(out, form, n);
		k = n;
		out[k++] = '&';
	}
	memcpy(out + k, name, strlen(name));
	k += strlen(name);
	out[k++] = '=';
	for (size_t i = 0; i < vl; i++) {
		unsigned char ch = (unsigned char)value[i];
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		    ch == '_' || ch == '.' || ch == '~')
			out[k++] = (char)ch;
		else {
			out[k++] = '%';
			out[k++] = hex[ch >> 4];
			out[k++] = hex[ch & 15];
		}
	}
	out[k] = '\0';
	if (form != NULL) {
		explicit_bzero(form, n);
		free(form);
	}
	return out;
}

char *
sts_url(const struct aws_chain *c, const char **region)
{
	const char *r = c->region != NULL ? c->region : "us-east-1";
	*region = r;
	if (c->sts_endpoint != NULL) {
		size_t n = strlen(c->sts_endpoint);
		return n > 0 && c->sts_endpoint[n - 1] == '/' ? xstrdup(c->sts_endpoint) : xasprintf("%s/", c->sts_endpoint);
	}
	bool cn = strncmp(r, "cn-", 3) == 0;
	const char *dns = c->dualstack ? (cn ? "api.amazonwebservices.com.cn" : "api.aws") :
	    (cn ? "amazonaws.com.cn" : "amazonaws.com");
	return xasprintf("https://sts%s.%s.%s/", c->fips ? "-fips" : "", r, dns);
}

/* Sends a form to STS, signed with src (NULL: unsigned); the parsed answer or -1 with *err. */
static int
sts_call(const struct aws_chain *c, const char *action, const char *form, const struct creds_value *src,
    long long now_ms, struct sts_answer *a, char **err)
{
	const char *region;
	char *url = sts_url(c, &region);
	char *host = NULL, *authz = NULL, *serr = NULL;
	char amz[SIGV4_AMZ_DATE_LEN + 1];
	char *lines[6];
	size_t nl = 0;
	int rc = -1;
	struct creds_http_resp resp;

	memset(a, 0, sizeof *a);
	memset(&resp, 0, sizeof resp);
	/* The Host header as signed: what follows the scheme, up to the path. */
	const char *rest = strstr(url, "://");
	rest = rest != NULL ? rest + 3 : url;
	host = xstrndup(rest, strcspn(rest, "/"));
	if (sigv4_amz_date(now_ms, amz) != 0) {
		*err = xstrdup("the clock is out of range");
		goto out;
	}
	const char *ct = "application/x-www-form-urlencoded; charset=utf-8";
	lines[nl++] = xasprintf("Content-Type: %s", ct);
	lines[nl++] = xasprintf("X-Amz-Date: %s", amz);
	if (src != NULL) {
		struct sigv4_header hd[4];
		size_t nh = 0;
		hd[nh].name = (char *)(uintptr_t)"Host";
		hd[nh++].value = host;
		hd[nh].name = (char *)(uintptr_t)"Content-Type";
		hd[nh++].value = (char *)(uintptr_t)ct;
		hd[nh].name = (char *)(uintptr_t)"X-Amz-Date";
		hd[nh++].value = amz;
		if (src->token != NULL) {
			hd[nh].name = (char *)(uintptr_t)"X-Amz-Security-Token";
			hd[nh++].value = src->token;
			lines[nl++] = xasprintf("X-Amz-Security-Token: %s", src->token);
		}
		struct sigv4_request sr = { "POST", "/", NULL, hd, nh, form, strlen(form), false };
		struct sigv4_creds sc = { src->akid, src->secret, src->token };
		if (sigv4_sign(&sr, &sc, amz, region, "sts", sigv4_skip_default, &authz, &serr) != 0) {
			*err = xasprintf("STS %s: could not sign the request: %s", action, serr != NULL ? serr : "?");
			goto out;
		}
		lines[nl++] = xasprintf("Authorization: %s", authz);
	}
	lines[nl++] = xstrdup("Accept: text/xml");
	struct creds_http_req req = { "POST", url, (const char *const *)lines, nl, form, strlen(form),
		c->connect_timeout_ms, c->read_timeout_ms > 0 ? c->read_timeout_ms : 10000, c->ca_bundle };
	if (creds_http(&req, &resp) != 0) {
		*err = xasprintf("STS %s at %s: %s", action, host, resp.error);
		goto out;
	}
	if (sts_parse(resp.body, resp.len, a) != 0) {
		*err = xasprintf("STS %s at %s: HTTP %ld and an answer that is not XML", action, host, resp.status);
		goto out;
	}
	if (resp.status != 200 || a->code != NULL) {
		char msg[300];
		creds_snippet(a->message != NULL ? a->message : "", a->message != NULL ? strlen(a->message) : 0, msg,
		    sizeof msg);
		*err = xasprintf("STS %s: %s%s%s (HTTP %ld)", action, a->code != NULL ? a->code : "refused",
		    msg[0] != '\0' ? ": " : "", msg, resp.status);
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < nl; i++)
		creds_wipe_free(lines[i]);
	creds_http_done(&resp);
	free(authz);
	free(serr);
	free(host);
	free(url);
	if (rc != 0)
		sts_answer_done(a);
	return rc;
}

/* The Credentials of an answer into out. */
static int
sts_take_creds(struct sts_answer *a, const char *action, struct creds_value *out, char **err)
{
	long long ms = 0;
	if (a->akid == NULL || a->secret == NULL || a->token == NULL || a->akid[0] == '\0' || a->secret[0] == '\0') {
		*err = xasprintf("STS %s: the answer has no Credentials", action);
		return -1;
	}
	if (a->expiration != NULL && aws_parse_time(a->expiration, &ms) != 0) {
		*err = xasprintf("STS %s: the answer's Expiration is not a time", action);
		return -1;
	}
	out->akid = a->akid;
	out->secret = a->secret;
	out->token = a->token;
	out->expires_ms = ms;
	a->akid = a->secret = a->token = NULL;
	return 0;
}

/* "ailife-<ms>": a session name when the profile gives none (botocore's is botocore-session-<s>). */
static char *
sts_session_name(long long now_ms)
{
	return xasprintf("ailife-%lld", now_ms);
}

int
sts_assume_role(const struct aws_chain *c, const struct aws_role *r, const struct creds_value *src,
    const char *mfa_code, long long now_ms, struct creds_value *out, char **err)
{
	struct sts_answer a;
	char *form = NULL, *name = r->session_name != NULL ? xstrdup(r->session_name) : sts_session_name(now_ms);
	char num[16];
	int rc = -1;

	memset(out, 0, sizeof *out);
	form = sts_form_add(form, "Action", "AssumeRole");
	form = sts_form_add(form, "Version", STS_VERSION);
	form = sts_form_add(form, "RoleArn", r->role_arn);
	form = sts_form_add(form, "RoleSessionName", name);
	if (r->duration_s > 0) {
		xsnprintf(num, sizeof num, "%d", r->duration_s);
		form = sts_form_add(form, "DurationSeconds", num);
	}
	if (r->external_id != NULL)
		form = sts_form_add(form, "ExternalId", r->external_id);
	if (r->mfa_serial != NULL && mfa_code != NULL) {
		form = sts_form_add(form, "SerialNumber", r->mfa_serial);
		form = sts_form_add(form, "TokenCode", mfa_code);
	}
	if (sts_call(c, "AssumeRole", form, src, now_ms, &a, err) == 0) {
		rc = sts_take_creds(&a, "AssumeRole", out, err);
		sts_answer_done(&a);
	}
	if (rc != 0 && *err != NULL) {
		char *m = xasprintf("%s (role %s of profile %s)", *err, r->role_arn, r->profile != NULL ? r->profile : "?");
		free(*err);
		*err = m;
	}
	creds_wipe_free(form);
	free(name);
	return rc;
}

int
sts_assume_web_identity(const struct aws_chain *c, const char *token, const char *role_arn,
    const char *session_name, long long now_ms, struct creds_value *out, char **err)
{
	struct sts_answer a;
	char *form = NULL, *name = session_name != NULL ? xstrdup(session_name) : sts_session_name(now_ms);
	int rc = -1;

	memset(out, 0, sizeof *out);
	form = sts_form_add(form, "Action", "AssumeRoleWithWebIdentity");
	form = sts_form_add(form, "Version", STS_VERSION);
	form = sts_form_add(form, "RoleArn", role_arn);
	form = sts_form_add(form, "RoleSessionName", name);
	form = sts_form_add(form, "WebIdentityToken", token);
	if (sts_call(c, "AssumeRoleWithWebIdentity", form, NULL, now_ms, &a, err) == 0) {
		rc = sts_take_creds(&a, "AssumeRoleWithWebIdentity", out, err);
		sts_answer_done(&a);
	}
	creds_wipe_free(form);
	free(name);
	return rc;
}

int
sts_get_caller_identity(const struct aws_chain *c, const struct creds_value *src, long long now_ms,
    char *account, size_t account_len, char *arn, size_t arn_len, char **err)
{
	struct sts_answer a;
	char *form = NULL;
	int rc = -1;

	form = sts_form_add(form, "Action", "GetCallerIdentity");
	form = sts_form_add(form, "Version", STS_VERSION);
	if (sts_call(c, "GetCallerIdentity", form, src, now_ms, &a, err) == 0) {
		if (a.account == NULL || a.arn == NULL)
			*err = xstrdup("STS GetCallerIdentity: the answer has no Account or Arn");
		else {
			creds_snippet(a.account, strlen(a.account), account, account_len);
			creds_snippet(a.arn, strlen(a.arn), arn, arn_len);
			rc = 0;
		}
		sts_answer_done(&a);
	}
	free(form);
	return rc;
}
