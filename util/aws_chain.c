#include "util/aws_chain.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xmalloc.h"

void
aws_wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

void
aws_chain_init(struct aws_chain *c)
{
	memset(c, 0, sizeof *c);
}

struct aws_role *
aws_chain_add_role(struct aws_chain *c)
{
	c->roles = xreallocarray(c->roles, c->nroles + 1, sizeof *c->roles);
	struct aws_role *r = &c->roles[c->nroles++];
	memset(r, 0, sizeof *r);
	return r;
}

void
aws_chain_done(struct aws_chain *c)
{
	if (c == NULL)
		return;
	free(c->source);
	free(c->profile);
	free(c->access_key_id);
	aws_wipe_free(c->secret_access_key);
	aws_wipe_free(c->session_token);
	free(c->process);
	free(c->token_file);
	free(c->web_role_arn);
	free(c->web_session_name);
	free(c->sso_session);
	free(c->sso_start_url);
	free(c->sso_region);
	free(c->sso_account_id);
	free(c->sso_role_name);
	free(c->container_uri);
	aws_wipe_free(c->container_token);
	free(c->container_token_file);
	free(c->imds_endpoint);
	for (size_t i = 0; i < c->nroles; i++) {
		free(c->roles[i].role_arn);
		free(c->roles[i].session_name);
		free(c->roles[i].external_id);
		free(c->roles[i].mfa_serial);
		free(c->roles[i].profile);
	}
	free(c->roles);
	free(c->region);
	free(c->sts_endpoint);
	free(c->sso_endpoint);
	free(c->oidc_endpoint);
	free(c->ca_bundle);
	free(c->cli_cache_dir);
	free(c->sso_cache_dir);
	memset(c, 0, sizeof *c);
}

void
aws_chain_copy(struct aws_chain *dst, const struct aws_chain *src)
{
	*dst = *src;
	char **strs[] = {
		&dst->source, &dst->profile, &dst->access_key_id, &dst->secret_access_key, &dst->session_token,
		&dst->process, &dst->token_file, &dst->web_role_arn, &dst->web_session_name, &dst->sso_session,
		&dst->sso_start_url, &dst->sso_region, &dst->sso_account_id, &dst->sso_role_name, &dst->container_uri,
		&dst->container_token, &dst->container_token_file, &dst->imds_endpoint, &dst->region,
		&dst->sts_endpoint, &dst->sso_endpoint, &dst->oidc_endpoint, &dst->ca_bundle, &dst->cli_cache_dir,
		&dst->sso_cache_dir,
	};
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		*strs[i] = xstrdup_or_null(*strs[i]);
	dst->roles = src->nroles > 0 ? xcalloc(src->nroles, sizeof *dst->roles) : NULL;
	for (size_t i = 0; i < src->nroles; i++) {
		dst->roles[i].role_arn = xstrdup_or_null(src->roles[i].role_arn);
		dst->roles[i].session_name = xstrdup_or_null(src->roles[i].session_name);
		dst->roles[i].external_id = xstrdup_or_null(src->roles[i].external_id);
		dst->roles[i].mfa_serial = xstrdup_or_null(src->roles[i].mfa_serial);
		dst->roles[i].profile = xstrdup_or_null(src->roles[i].profile);
		dst->roles[i].duration_s = src->roles[i].duration_s;
	}
}

const char *
aws_source_name(enum aws_source k)
{
	switch (k) {
	case AWS_SRC_STATIC:
		return "static keys";
	case AWS_SRC_PROCESS:
		return "credential_process";
	case AWS_SRC_WEB_IDENTITY:
		return "web identity (AssumeRoleWithWebIdentity)";
	case AWS_SRC_SSO:
		return "IAM Identity Center (SSO)";
	case AWS_SRC_CONTAINER:
		return "container credentials";
	case AWS_SRC_IMDS:
		return "EC2 instance metadata (IMDSv2)";
	case AWS_SRC_NONE:
		break;
	}
	return "none";
}

/* The text after "scheme://", or NULL when the URL is not http(s). */
static const char *
aws_url_rest(const char *url)
{
	if (url == NULL)
		return NULL;
	if (strncasecmp(url, "https://", 8) == 0)
		return url + 8;
	if (strncasecmp(url, "http://", 7) == 0)
		return url + 7;
	return NULL;
}

char *
aws_url_host(const char *url, bool *userinfo)
{
	const char *rest = aws_url_rest(url);
	if (userinfo != NULL)
		*userinfo = false;
	if (rest == NULL)
		return NULL;
	size_t auth = strcspn(rest, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < auth; i++)
		if (rest[i] == '@')
			at = rest + i;
	if (at != NULL) {
		if (userinfo != NULL)
			*userinfo = true;
		auth -= (size_t)(at + 1 - rest);
		rest = at + 1;
	}
	size_t n;
	if (rest[0] == '[') {
		const char *close = memchr(rest, ']', auth);
		if (close == NULL)
			return NULL;
		rest++;
		n = (size_t)(close - rest);
	} else {
		n = 0;
		while (n < auth && rest[n] != ':')
			n++;
	}
	if (n == 0)
		return NULL;
	char *h = xstrndup(rest, n);
	for (char *p = h; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return h;
}

bool
aws_url_is_loopback(const char *url)
{
	char *h = aws_url_host(url, NULL);
	bool yes = false;
	if (h != NULL) {
		struct in_addr a4;
		struct in6_addr a6;
		if (strcmp(h, "localhost") == 0)
			yes = true;
		else if (inet_pton(AF_INET, h, &a4) == 1)
			yes = (ntohl(a4.s_addr) >> 24) == 127;
		else if (inet_pton(AF_INET6, h, &a6) == 1)
			yes = memcmp(&a6, &in6addr_loopback, sizeof a6) == 0;
	}
	free(h);
	return yes;
}

char *
aws_url_redact(const char *url)
{
	/* Any scheme: a bad URL's password is hidden too. */
	const char *sep = url != NULL ? strstr(url, "://") : NULL;
	if (sep == NULL)
		return xstrdup(url != NULL ? url : "");
	const char *rest = sep + 3;
	size_t auth = strcspn(rest, "/?#");
	const char *at = NULL;
	for (size_t i = 0; i < auth; i++)
		if (rest[i] == '@')
			at = rest + i;
	if (at == NULL)
		return xstrdup(url);
	const char *colon = memchr(rest, ':', (size_t)(at - rest));
	if (colon == NULL)
		return xstrdup(url);
	return xasprintf("%.*s:***%s", (int)(colon - url), url, at);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long long
aws_days(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static int
aws_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if ((*p)[i] < '0' || (*p)[i] > '9')
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int
aws_parse_time(const char *s, long long *ms)
{
	int y, mo, d, h, mi, sec, frac = 0, fracn = 0;
	const char *p = s;

	if (s == NULL)
		return -1;
	if (aws_digits(&p, 4, &y) != 0 || *p++ != '-' || aws_digits(&p, 2, &mo) != 0 || *p++ != '-' ||
	    aws_digits(&p, 2, &d) != 0 || (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if (aws_digits(&p, 2, &h) != 0 || *p++ != ':' || aws_digits(&p, 2, &mi) != 0 || *p++ != ':' ||
	    aws_digits(&p, 2, &sec) != 0)
		return -1;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9') {
			if (fracn < 3) {
				frac = frac * 10 + (*p - '0');
				fracn++;
			}
			p++;
		}
		while (fracn < 3) {
			frac *= 10;
			fracn++;
		}
	}
	int off = 0;
	if (*p == 'Z' || *p == 'z')
		p++;
	else if (*p == '+' || *p == '-') {
		int oh, om, sign = *p == '-' ? -1 : 1;
		p++;
		if (aws_digits(&p, 2, &oh) != 0)
			return -1;
		if (*p == ':')
			p++;
		if (aws_digits(&p, 2, &om) != 0)
			return -1;
		off = sign * (oh * 60 + om);
	} else
		return -1;
	if (*p != '\0' || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1970)
		return -1;
	long long t = aws_days(y, (unsigned)mo, (unsigned)d) * 86400LL + h * 3600LL + mi * 60LL + sec - off * 60LL;
	*ms = t * 1000LL + frac;
	return 0;
}

void
aws_format_time(long long ms, char buf[32])
{
	if (ms < 0)
		ms = 0;
	if (ms > 253402300799000LL)
		ms = 253402300799000LL;	/* 9999-12-31T23:59:59Z */
	long long t = ms / 1000, days = t / 86400;
	unsigned rem = (unsigned)(t % 86400);
	/* civil_from_days */
	long long z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = (long long)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	unsigned d = doy - (153 * mp + 2) / 5 + 1;
	unsigned m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, 32, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000u, m % 13u, d % 32u, rem / 3600 % 24u,
	    rem % 3600 / 60, rem % 60);
}
