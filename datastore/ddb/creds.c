/*
 * The credential provider (creds.h): the chain's source, then its roles,
 * through the cache of the AWS CLI, refreshed before the keys expire, one
 * thread at a time.
 */
#include "datastore/ddb/creds.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <termios.h>
#include <unistd.h>

#include "datastore/ddb/creds_int.h"
#include "datastore/ddb/sigv4.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

#define CREDS_ADVISORY_MS (15 * 60 * 1000LL)
#define CREDS_MANDATORY_MS (10 * 60 * 1000LL)

struct creds_provider {
	struct aws_chain chain;
	pthread_mutex_t lock;
	struct creds_value cur;
	bool have;
	bool force;              /* creds_expire: fetch anew, skipping the cache */
	long long obtained_ms;
	bool from_cache;
	unsigned long fetches;
	long long (*now)(void *);
	void *now_ctx;
};

void
creds_wipe_free(char *s)
{
	if (s == NULL)
		return;
	OPENSSL_cleanse(s, strlen(s));
	free(s);
}

void
creds_value_done(struct creds_value *v)
{
	if (v == NULL)
		return;
	creds_wipe_free(v->akid);
	creds_wipe_free(v->secret);
	creds_wipe_free(v->token);
	memset(v, 0, sizeof *v);
}

void
creds_value_copy(struct creds_value *dst, const struct creds_value *src)
{
	dst->akid = xstrdup_or_null(src->akid);
	dst->secret = xstrdup_or_null(src->secret);
	dst->token = xstrdup_or_null(src->token);
	dst->expires_ms = src->expires_ms;
}

void
creds_snippet(const char *body, size_t len, char *out, size_t outlen)
{
	size_t k = 0;
	for (size_t i = 0; i < len && k + 1 < outlen && k < 200; i++) {
		unsigned char ch = (unsigned char)body[i];
		if (ch >= 0x20 && ch != 0x7f)
			out[k++] = (char)ch;
		else if (k > 0 && out[k - 1] != ' ')
			out[k++] = ' ';
	}
	out[k] = '\0';
}

static pthread_once_t creds_core_once = PTHREAD_ONCE_INIT;

static void
creds_core_off(void)
{
	/* No core dump and no ptrace by other users' processes: the keys are in memory now. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void
creds_no_core(void)
{
	pthread_once(&creds_core_once, creds_core_off);
}

struct creds_provider *
creds_provider_new(const struct aws_chain *chain)
{
	struct creds_provider *p = xcalloc(1, sizeof *p);
	aws_chain_copy(&p->chain, chain);
	pthread_mutex_init(&p->lock, NULL);
	return p;
}

void
creds_provider_free(struct creds_provider *p)
{
	if (p == NULL)
		return;
	creds_value_done(&p->cur);
	aws_chain_done(&p->chain);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

void
creds_set_clock(struct creds_provider *p, long long (*now_ms)(void *ctx), void *ctx)
{
	p->now = now_ms;
	p->now_ctx = ctx;
}

static long long
creds_now(struct creds_provider *p)
{
	return p->now != NULL ? p->now(p->now_ctx) : clock_real_ms();
}

/* The MFA code, asked on the terminal; NULL with *err when there is none or nothing usable was typed. */
static char *
creds_ask_mfa(const struct aws_role *r, bool may_ask, char **err)
{
	const char *prof = r->profile != NULL ? r->profile : "?";
	if (!may_ask) {
		*err = xasprintf("profile %s: the role %s needs a new MFA code (mfa_serial), which is not asked while "
		    "ailife runs: start it again", prof, r->role_arn);
		return NULL;
	}
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*err = xasprintf("profile %s: the role %s needs an MFA code (mfa_serial %s) and there is no terminal to "
		    "ask it on: run ailife once from a terminal (the role's credentials are then cached in "
		    "~/.aws/cli/cache), or use a profile without mfa_serial", prof, r->role_arn, r->mfa_serial);
		return NULL;
	}
	char prompt[512];
	int n = snprintf(prompt, sizeof prompt, "Enter MFA code for %s: ", r->mfa_serial);
	if (n > 0 && write(fd, prompt, (size_t)n < sizeof prompt ? (size_t)n : sizeof prompt - 1) < 0) {
		/* Said below, if nothing comes back. */
	}
	char code[64];
	size_t k = 0;
	for (;;) {
		char ch;
		ssize_t got = read(fd, &ch, 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0 || ch == '\n' || ch == '\r')
			break;
		if (k + 1 < sizeof code)
			code[k++] = ch;
	}
	code[k] = '\0';
	close(fd);
	bool digits = k >= 6 && k <= 8 && strspn(code, "0123456789") == k;
	if (!digits) {
		*err = xasprintf("profile %s: the MFA code for %s must be 6 digits", prof, r->mfa_serial);
		explicit_bzero(code, sizeof code);
		return NULL;
	}
	char *out = xstrdup(code);
	explicit_bzero(code, sizeof code);
	return out;
}

/* The chain's first credentials. */
static int
creds_fetch_base(struct creds_provider *p, long long now, bool use_cache, struct creds_value *out, char **err)
{
	const struct aws_chain *c = &p->chain;
	char *key = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	switch (c->kind) {
	case AWS_SRC_STATIC:
		if (c->expires_ms > 0 && c->expires_ms <= now) {
			char when[32];
			aws_format_time(c->expires_ms, when);
			*err = xasprintf("the credentials of %s expired at %s (AWS_CREDENTIAL_EXPIRATION): get new ones",
			    c->source != NULL ? c->source : "the environment", when);
			return -1;
		}
		out->akid = xstrdup(c->access_key_id);
		out->secret = xstrdup(c->secret_access_key);
		out->token = xstrdup_or_null(c->session_token);
		out->expires_ms = c->expires_ms;
		return 0;
	case AWS_SRC_PROCESS:
		return creds_process_run(c->process, c->source != NULL ? c->source : "?", out, err);
	case AWS_SRC_WEB_IDENTITY: {
		/* Cached as the AWS CLI caches it: the key of {RoleArn, RoleSessionName}, the token left out. */
		struct aws_role wr;
		memset(&wr, 0, sizeof wr);
		wr.role_arn = c->web_role_arn;
		wr.session_name = c->web_session_name;
		key = creds_cache_key_role(&wr);
		if (use_cache && creds_cache_read(c->cli_cache_dir, key, now, CREDS_ADVISORY_MS, out) == 0) {
			p->from_cache = true;
			free(key);
			return 0;
		}
		FILE *f = fopen(c->token_file, "re");
		if (f == NULL) {
			*err = xasprintf("web identity token file %s: %s", c->token_file, strerror(errno));
			free(key);
			return -1;
		}
		char *tok = xcalloc(1, 65537);
		size_t n = fread(tok, 1, 65536, f);
		fclose(f);
		while (n > 0 && (tok[n - 1] == '\n' || tok[n - 1] == '\r' || tok[n - 1] == ' '))
			tok[--n] = '\0';
		if (n == 0)
			*err = xasprintf("web identity token file %s is empty", c->token_file);
		else
			rc = sts_assume_web_identity(c, tok, c->web_role_arn, c->web_session_name, now, out, err);
		OPENSSL_cleanse(tok, 65537);
		free(tok);
		if (rc == 0 && c->nroles == 0)
			creds_cache_write(c->cli_cache_dir, key, out, false);
		free(key);
		return rc;
	}
	case AWS_SRC_SSO:
		key = creds_cache_key_sso(c);
		if (use_cache && creds_cache_read(c->cli_cache_dir, key, now, CREDS_ADVISORY_MS, out) == 0) {
			p->from_cache = true;
			free(key);
			return 0;
		}
		rc = creds_sso_fetch(c, now, out, err);
		if (rc == 0)
			creds_cache_write(c->cli_cache_dir, key, out, true);
		free(key);
		return rc;
	case AWS_SRC_CONTAINER:
		return creds_container_fetch(c, out, err);
	case AWS_SRC_IMDS:
		return creds_imds_fetch(c, out, err);
	case AWS_SRC_NONE:
		break;
	}
	*err = xasprintf("no AWS credentials for profile %s", c->profile != NULL ? c->profile : "default");
	return -1;
}

/*
 * The keys this process fetched last, by the chain's fingerprint: a second
 * provider over the same chain (doctor checks, then opens the store) takes
 * them instead of asking the process, the container or IMDS again, while
 * they are good for longer than the advisory window.
 */
static pthread_mutex_t creds_memo_lock = PTHREAD_MUTEX_INITIALIZER;
static char creds_memo_fp[41];
static struct creds_value creds_memo;

static void
creds_fingerprint(const struct aws_chain *c, char hex[41])
{
	char *s = xasprintf("%d|%s|%s|%s|%s|%s|%s|%s|%s|%s", (int)c->kind, c->source ? c->source : "",
	    c->profile ? c->profile : "", c->access_key_id ? c->access_key_id : "", c->process ? c->process : "",
	    c->container_uri ? c->container_uri : "", c->imds_endpoint ? c->imds_endpoint : "",
	    c->web_role_arn ? c->web_role_arn : "", c->sso_start_url ? c->sso_start_url : "",
	    c->sso_role_name ? c->sso_role_name : "");
	for (size_t i = 0; i < c->nroles; i++) {
		char *t = xasprintf("%s|%s|%s", s, c->roles[i].role_arn, c->roles[i].session_name ? c->roles[i].session_name : "");
		creds_wipe_free(s);
		s = t;
	}
	creds_sha1_hex(s, hex);
	creds_wipe_free(s);
}

static bool
creds_memo_get(const char *fp, long long now, struct creds_value *out)
{
	bool hit = false;
	pthread_mutex_lock(&creds_memo_lock);
	if (creds_memo.akid != NULL && strcmp(creds_memo_fp, fp) == 0 &&
	    (creds_memo.expires_ms == 0 || creds_memo.expires_ms - now > CREDS_ADVISORY_MS)) {
		creds_value_copy(out, &creds_memo);
		hit = true;
	}
	pthread_mutex_unlock(&creds_memo_lock);
	return hit;
}

/* At exit: the remembered keys wiped too. */
static void
creds_memo_wipe(void)
{
	pthread_mutex_lock(&creds_memo_lock);
	creds_value_done(&creds_memo);
	pthread_mutex_unlock(&creds_memo_lock);
}

static pthread_once_t creds_memo_once = PTHREAD_ONCE_INIT;

static void
creds_memo_atexit(void)
{
	atexit(creds_memo_wipe);
}

static void
creds_memo_put(const char *fp, const struct creds_value *v)
{
	pthread_once(&creds_memo_once, creds_memo_atexit);
	pthread_mutex_lock(&creds_memo_lock);
	creds_value_done(&creds_memo);
	creds_value_copy(&creds_memo, v);
	memcpy(creds_memo_fp, fp, sizeof creds_memo_fp);
	pthread_mutex_unlock(&creds_memo_lock);
}

static int creds_fetch_chain(struct creds_provider *p, long long now, bool use_cache, struct creds_value *out,
    char **err);

/* The whole chain, or the keys this process has for it already. */
static int
creds_fetch(struct creds_provider *p, long long now, bool use_cache, struct creds_value *out, char **err)
{
	char fp[41];
	p->from_cache = false;
	p->fetches++;
	creds_fingerprint(&p->chain, fp);
	if (use_cache && creds_memo_get(fp, now, out))
		return 0;
	if (creds_fetch_chain(p, now, use_cache, out, err) != 0)
		return -1;
	creds_memo_put(fp, out);
	return 0;
}

/* The whole chain: the cache of the last role, else the source and every role. */
static int
creds_fetch_chain(struct creds_provider *p, long long now, bool use_cache, struct creds_value *out, char **err)
{
	const struct aws_chain *c = &p->chain;
	char *key = NULL;

	if (c->nroles > 0) {
		key = creds_cache_key_role(&c->roles[c->nroles - 1]);
		if (use_cache && creds_cache_read(c->cli_cache_dir, key, now, CREDS_ADVISORY_MS, out) == 0) {
			p->from_cache = true;
			free(key);
			return 0;
		}
	}
	struct creds_value cur;
	if (creds_fetch_base(p, now, use_cache, &cur, err) != 0) {
		free(key);
		return -1;
	}
	for (size_t i = 0; i < c->nroles; i++) {
		const struct aws_role *r = &c->roles[i];
		struct creds_value next;
		char *code = NULL;
		if (r->mfa_serial != NULL && (code = creds_ask_mfa(r, p->fetches == 1, err)) == NULL) {
			creds_value_done(&cur);
			free(key);
			return -1;
		}
		int rc = sts_assume_role(c, r, &cur, code, now, &next, err);
		creds_wipe_free(code);
		creds_value_done(&cur);
		if (rc != 0) {
			free(key);
			return -1;
		}
		cur = next;
	}
	if (c->nroles > 0)
		creds_cache_write(c->cli_cache_dir, key, &cur, false);
	free(key);
	*out = cur;
	return 0;
}

int
creds_get(struct creds_provider *p, struct creds_value *out, char **err)
{
	struct creds_value fresh;
	int rc = 0;

	memset(out, 0, sizeof *out);
	*err = NULL;
	pthread_mutex_lock(&p->lock);
	long long now = creds_now(p);
	if (p->have && !p->force) {
		const struct creds_value *v = &p->cur;
		if (v->expires_ms == 0)
			goto copy;
		long long life = v->expires_ms - p->obtained_ms;
		long long adv = life / 2 < CREDS_ADVISORY_MS ? life / 2 : CREDS_ADVISORY_MS;
		long long mand = life / 4 < CREDS_MANDATORY_MS ? life / 4 : CREDS_MANDATORY_MS;
		if (now < v->expires_ms - adv)
			goto copy;
		if (creds_fetch(p, now, true, &fresh, err) == 0)
			goto take;
		if (now < v->expires_ms - mand) {
			/* The old keys hold a while yet: try again at the next request. */
			free(*err);
			*err = NULL;
			goto copy;
		}
		rc = -1;
		goto out;
	}
	if (creds_fetch(p, now, !p->force, &fresh, err) != 0) {
		rc = -1;
		goto out;
	}
take:
	/* Replaced keys: the signing keys derived from them go too. */
	if (p->have)
		sigv4_cache_clear();
	creds_value_done(&p->cur);
	p->cur = fresh;
	p->have = true;
	p->force = false;
	p->obtained_ms = now;
	creds_no_core();
copy:
	creds_value_copy(out, &p->cur);
out:
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void
creds_expire(struct creds_provider *p)
{
	pthread_mutex_lock(&p->lock);
	p->force = true;
	pthread_mutex_unlock(&p->lock);
}

void
creds_describe(struct creds_provider *p, struct creds_info *out)
{
	memset(out, 0, sizeof *out);
	pthread_mutex_lock(&p->lock);
	const struct aws_chain *c = &p->chain;
	int n = snprintf(out->source, sizeof out->source, "%s (%s)", aws_source_name(c->kind),
	    c->source != NULL ? c->source : "-");
	for (size_t i = 0; i < c->nroles && n > 0 && (size_t)n < sizeof out->source; i++)
		n += snprintf(out->source + n, sizeof out->source - (size_t)n, ", then role %s", c->roles[i].role_arn);
	out->expires_ms = p->have ? p->cur.expires_ms : 0;
	out->from_cache = p->from_cache;
	out->fetches = p->fetches;
	pthread_mutex_unlock(&p->lock);
}

int
creds_caller_identity(struct creds_provider *p, char *account, size_t account_len, char *arn, size_t arn_len,
    char **err)
{
	struct creds_value v;
	if (creds_get(p, &v, err) != 0)
		return -1;
	int rc = sts_get_caller_identity(&p->chain, &v, creds_now(p), account, account_len, arn, arn_len, err);
	creds_value_done(&v);
	return rc;
}
