#include "config/aws.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/config.h"
#include "util/xmalloc.h"

struct aws_ini_entry {
	size_t section;
	char *key;
	char *value;
	size_t vlen, vcap;
};

struct aws_ini {
	char **sections;
	size_t nsections, capsections;
	struct aws_ini_entry *entries;
	size_t nentries, capentries;
};

void
aws_ini_free(struct aws_ini *ini)
{
	if (ini == NULL)
		return;
	for (size_t i = 0; i < ini->nsections; i++)
		free(ini->sections[i]);
	for (size_t i = 0; i < ini->nentries; i++) {
		free(ini->entries[i].key);
		explicit_bzero(ini->entries[i].value, ini->entries[i].vcap);
		free(ini->entries[i].value);
	}
	free(ini->sections);
	free(ini->entries);
	free(ini);
}

static bool
aws_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static void
aws_trim(const char **s, size_t *n)
{
	while (*n > 0 && aws_is_space((*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && aws_is_space((*s)[*n - 1]))
		(*n)--;
}

/* Appends to an entry's value; a grown value is copied and the old one wiped, not realloc'd. */
static void
aws_value_add(struct aws_ini_entry *e, const char *s, size_t n)
{
	if (e->vlen + n + 1 > e->vcap) {
		size_t cap = e->vcap ? e->vcap : 32;
		while (cap < e->vlen + n + 1)
			cap *= 2;
		char *v = xmalloc(cap);
		if (e->value != NULL) {
			memcpy(v, e->value, e->vlen);
			explicit_bzero(e->value, e->vcap);
			free(e->value);
		}
		e->value = v;
		e->vcap = cap;
	}
	memcpy(e->value + e->vlen, s, n);
	e->vlen += n;
	e->value[e->vlen] = '\0';
}

static int
aws_ini_fail(char **err, const char *name, unsigned long line, const char *what)
{
	if (err != NULL)
		*err = xasprintf("%s:%lu: %s", name, line, what);
	return -1;
}

int
aws_ini_parse(struct aws_ini **out, const char *name, const char *text, size_t len,
    char **err)
{
	struct aws_ini *ini = xcalloc(1, sizeof *ini);
	struct aws_ini_entry *cur = NULL;	/* the value an indented line continues */
	size_t cur_indent = 0, pos = 0;
	unsigned long line = 0;
	bool have_section = false;

	*out = NULL;
	if (err != NULL)
		*err = NULL;
	if (name == NULL)
		name = "(aws config)";
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - s) : len - pos;
		pos += n + 1;
		line++;

		if (memchr(s, '\0', n) != NULL) {
			aws_ini_fail(err, name, line, "line contains a NUL byte");
			goto fail;
		}
		size_t indent = 0;
		while (indent < n && aws_is_space(s[indent]))
			indent++;
		aws_trim(&s, &n);
		if (n == 0 || s[0] == '#' || s[0] == ';')
			continue;
		if (cur != NULL && indent > cur_indent) {
			aws_value_add(cur, "\n", 1);
			aws_value_add(cur, s, n);
			continue;
		}
		cur = NULL;

		const char *close = n > 1 && s[0] == '[' ? memrchr(s, ']', n) : NULL;
		if (close != NULL && close > s) {
			const char *h = s + 1;
			size_t hn = (size_t)(close - h);
			aws_trim(&h, &hn);
			if (ini->nsections == ini->capsections) {
				ini->capsections = ini->capsections ? ini->capsections * 2 : 8;
				ini->sections = xreallocarray(ini->sections, ini->capsections,
				    sizeof *ini->sections);
			}
			ini->sections[ini->nsections++] = xstrndup(h, hn);
			have_section = true;
			continue;
		}

		const char *k = s;
		size_t kn = 0;
		while (kn < n && s[kn] != '=' && s[kn] != ':')
			kn++;
		if (kn == n) {
			aws_ini_fail(err, name, line, "expected [section] or key = value");
			goto fail;
		}
		const char *v = s + kn + 1;
		size_t vn = n - kn - 1;
		aws_trim(&k, &kn);
		aws_trim(&v, &vn);
		if (kn == 0) {
			aws_ini_fail(err, name, line, "expected [section] or key = value");
			goto fail;
		}
		if (!have_section) {
			aws_ini_fail(err, name, line, "key = value before any [section]");
			goto fail;
		}
		if (ini->nentries == ini->capentries) {
			ini->capentries = ini->capentries ? ini->capentries * 2 : 16;
			ini->entries = xreallocarray(ini->entries, ini->capentries,
			    sizeof *ini->entries);
		}
		cur = &ini->entries[ini->nentries++];
		memset(cur, 0, sizeof *cur);
		cur->section = ini->nsections - 1;
		cur->key = xstrndup(k, kn);
		for (char *p = cur->key; *p != '\0'; p++) {
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		}
		aws_value_add(cur, v, vn);
		cur_indent = indent;
	}
	*out = ini;
	return 0;

fail:
	aws_ini_free(ini);
	return -1;
}

bool
aws_ini_has_section(const struct aws_ini *ini, const char *section)
{
	if (ini == NULL)
		return false;
	for (size_t i = 0; i < ini->nsections; i++) {
		if (strcmp(ini->sections[i], section) == 0)
			return true;
	}
	return false;
}

const char *
aws_ini_get(const struct aws_ini *ini, const char *section, const char *key)
{
	if (ini == NULL)
		return NULL;
	for (size_t i = ini->nentries; i-- > 0;) {
		const struct aws_ini_entry *e = &ini->entries[i];
		if (strcasecmp(e->key, key) == 0 && strcmp(ini->sections[e->section], section) == 0)
			return e->value;
	}
	return NULL;
}

char *
aws_ini_subvalue(const char *value, const char *subkey)
{
	const char *found = NULL;
	size_t foundn = 0;

	if (value == NULL)
		return NULL;
	while (*value != '\0') {
		const char *s = value;
		size_t n = strcspn(s, "\n");
		value += n + (s[n] == '\n');
		const char *eq = memchr(s, '=', n);
		if (eq == NULL)
			continue;
		const char *k = s, *v = eq + 1;
		size_t kn = (size_t)(eq - s), vn = n - kn - 1;
		aws_trim(&k, &kn);
		aws_trim(&v, &vn);
		if (kn == strlen(subkey) && strncasecmp(k, subkey, kn) == 0) {
			found = v;
			foundn = vn;
		}
	}
	return found != NULL ? xstrndup(found, foundn) : NULL;
}

/* One of the two shared files, once read. */
struct aws_file {
	const char *path;	/* borrowed from the settings */
	struct aws_ini *ini;	/* NULL when the file does not exist */
	mode_t mode;
};

/* Reads a whole file into memory that is wiped after use; 1 missing, 0 read, -1 error. */
static int
aws_read(const char *path, char **text, size_t *len, mode_t *mode, char **err)
{
	struct stat st;
	size_t cap, n = 0;
	char *data;
	int fd;

	*text = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 1;
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		*err = xasprintf("%s: %s", path, strerror(EISDIR));
		close(fd);
		return -1;
	}
	*mode = st.st_mode;
	if (S_ISREG(st.st_mode) && st.st_size > AWS_MAX_FILE)
		goto too_large;
	/* Sized from the file so that secrets are not left behind by realloc. */
	cap = (S_ISREG(st.st_mode) ? (size_t)st.st_size : 0) + 4096;
	if (cap > AWS_MAX_FILE + 1)
		cap = AWS_MAX_FILE + 1;
	data = xmalloc(cap);
	for (;;) {
		ssize_t r = read(fd, data + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = xasprintf("%s: %s", path, strerror(errno));
			explicit_bzero(data, cap);
			free(data);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > AWS_MAX_FILE) {
			explicit_bzero(data, cap);
			free(data);
			goto too_large;
		}
		if (n == cap) {
			size_t ncap = cap * 2 > AWS_MAX_FILE + 1 ? AWS_MAX_FILE + 1 : cap * 2;
			char *nd = xmalloc(ncap);
			memcpy(nd, data, n);
			explicit_bzero(data, cap);
			free(data);
			data = nd;
			cap = ncap;
		}
	}
	close(fd);
	*text = data;
	*len = n;
	return 0;

too_large:
	*err = xasprintf("%s: larger than %d bytes (1 MiB)", path, AWS_MAX_FILE);
	close(fd);
	return -1;
}

static int
aws_load(struct aws_file *f, char **err)
{
	char *text;
	size_t len;
	int rc;

	f->ini = NULL;
	f->mode = 0;
	if (f->path == NULL)
		return 0;
	rc = aws_read(f->path, &text, &len, &f->mode, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	rc = aws_ini_parse(&f->ini, f->path, text, len, err);
	explicit_bzero(text, len);
	free(text);
	return rc;
}

static const char *
aws_env(const char *name)
{
	const char *v = getenv(name);
	return v != NULL && v[0] != '\0' ? v : NULL;
}

static char *
aws_home(void)
{
	const char *h = aws_env("HOME");
	if (h != NULL)
		return xstrdup(h);
	/*
	 * getpwuid_r, not getpwuid: its static result could be overwritten by
	 * another thread, and aws_resolve does not know which thread it runs on.
	 * An entry longer than the buffer (ERANGE) counts as no home directory.
	 */
	struct passwd pwd, *pw = NULL;
	char tmp[16384];
	if (getpwuid_r(getuid(), &pwd, tmp, sizeof tmp, &pw) == 0 && pw != NULL &&
	    pw->pw_dir != NULL && pw->pw_dir[0] != '\0')
		return xstrdup(pw->pw_dir);
	return NULL;
}

/* The file named by var ("~/" expanded, as botocore does), else ~/.aws/<name>. */
static char *
aws_file_path(const char *var, const char *name, const char *home)
{
	const char *v = aws_env(var);

	if (v != NULL) {
		if (strncmp(v, "~/", 2) == 0 && home != NULL)
			return xasprintf("%s/%s", home, v + 2);
		return xstrdup(v);
	}
	if (home == NULL)
		return NULL;
	return xasprintf("%s/.aws/%s", home, name);
}

static void
aws_warn(struct aws_settings *s, char *msg)
{
	if (s->warning == NULL)
		s->warning = msg;
	else {
		char *w = xasprintf("%s\n%s", s->warning, msg);
		free(s->warning);
		free(msg);
		s->warning = w;
	}
}

struct aws_ctx {
	struct aws_settings *s;
	struct aws_file creds;	/* sections are profile names */
	struct aws_file config;	/* sections are "default" and "profile <name>" */
	const struct aws_inputs *in;
};

/* The config file's section of a profile: "profile NAME", or "default" (then "profile default"). */
static const char *
aws_pcfg_get(struct aws_ctx *x, const char *profile, const char *key, char **source)
{
	char sec[300];
	const char *v;
	if (strcmp(profile, "default") == 0) {
		static const char *const secs[] = { "default", "profile default" };
		for (size_t i = 0; i < 2; i++) {
			v = aws_ini_get(x->config.ini, secs[i], key);
			if (v != NULL && v[0] != '\0') {
				if (source != NULL)
					*source = xasprintf("%s [%s]", x->config.path, secs[i]);
				return v;
			}
		}
		return NULL;
	}
	xsnprintf(sec, sizeof sec, "profile %s", profile);
	v = aws_ini_get(x->config.ini, sec, key);
	if (v != NULL && v[0] != '\0') {
		if (source != NULL)
			*source = xasprintf("%s [%s]", x->config.path, sec);
		return v;
	}
	return NULL;
}

/* Whether a profile of that name exists in either file. */
static bool
aws_profile_exists(struct aws_ctx *x, const char *profile)
{
	char sec[300];
	xsnprintf(sec, sizeof sec, "profile %s", profile);
	return aws_ini_has_section(x->creds.ini, profile) || aws_ini_has_section(x->config.ini, sec) ||
	    (strcmp(profile, "default") == 0 && aws_ini_has_section(x->config.ini, "default"));
}

/*
 * A profile's value of key, the credentials file overriding the config file
 * as in botocore's merged profile; *source (may be NULL) is set to a new
 * "<file> [section]".
 */
static const char *
aws_pget(struct aws_ctx *x, const char *profile, const char *key, char **source)
{
	const char *v = aws_ini_get(x->creds.ini, profile, key);
	if (v != NULL && v[0] != '\0') {
		if (source != NULL)
			*source = xasprintf("%s [%s]", x->creds.path, profile);
		return v;
	}
	return aws_pcfg_get(x, profile, key, source);
}

/* The profile in use's value of key. */
static const char *
aws_profile_get(struct aws_ctx *x, const char *key, char **source)
{
	return aws_pget(x, x->s->profile, key, source);
}

static void
aws_check_mode(struct aws_ctx *x, const struct aws_file *f)
{
	if (f->ini == NULL || (f->mode & 077) == 0)
		return;
	x->s->insecure = true;
	aws_warn(x->s, xasprintf("%s is open to group or others "
	    "(mode %04o): run chmod 600 %s", f->path, (unsigned)(f->mode & 07777), f->path));
}

static bool
aws_true(const char *v)
{
	return v != NULL && strcasecmp(v, "true") == 0;
}

/* Sets the chain's static keys (copies) and the settings' copies of them. */
static void
aws_set_static(struct aws_ctx *x, const char *id, const char *secret, const char *token, char *source)
{
	struct aws_settings *s = x->s;
	struct aws_chain *c = &s->chain;
	c->kind = AWS_SRC_STATIC;
	c->access_key_id = xstrdup(id);
	c->secret_access_key = xstrdup(secret);
	c->session_token = token != NULL && token[0] != '\0' ? xstrdup(token) : NULL;
	free(c->source);
	c->source = source;
}

/* The key pair (and token) of one file's section; 1 taken, 0 none, -1 half a pair. */
static int
aws_keys_in(struct aws_ctx *x, struct aws_file *f, const char *section, char **err)
{
	const char *id, *secret, *token;

	if (f->ini == NULL || section == NULL)
		return 0;
	id = aws_ini_get(f->ini, section, "aws_access_key_id");
	secret = aws_ini_get(f->ini, section, "aws_secret_access_key");
	token = aws_ini_get(f->ini, section, "aws_session_token");
	if (token == NULL || token[0] == '\0')
		token = aws_ini_get(f->ini, section, "aws_security_token");
	if (id != NULL && id[0] == '\0')
		id = NULL;
	if (secret != NULL && secret[0] == '\0')
		secret = NULL;
	if (id == NULL && secret == NULL)
		return 0;
	if (id == NULL || secret == NULL) {
		*err = xasprintf("%s [%s]: %s without %s", f->path, section,
		    id != NULL ? "aws_access_key_id" : "aws_secret_access_key",
		    id != NULL ? "aws_secret_access_key" : "aws_access_key_id");
		return -1;
	}
	aws_set_static(x, id, secret, token, xasprintf("%s [%s]", f->path, section));
	if (f == &x->config)
		aws_check_mode(x, f);
	return 1;
}

/* A profile's static keys: the credentials file's section, then the config file's. */
static int
aws_profile_keys(struct aws_ctx *x, const char *profile, bool creds_file, bool config_file, char **err)
{
	int rc = 0;
	if (creds_file)
		rc = aws_keys_in(x, &x->creds, profile, err);
	if (rc != 0 || !config_file)
		return rc;
	char sec[300];
	if (strcmp(profile, "default") == 0) {
		rc = aws_keys_in(x, &x->config, "default", err);
		if (rc == 0)
			rc = aws_keys_in(x, &x->config, "profile default", err);
		return rc;
	}
	xsnprintf(sec, sizeof sec, "profile %s", profile);
	return aws_keys_in(x, &x->config, sec, err);
}

/* The environment's keys; 1 taken, 0 none, -1 half a pair or a bad expiry. */
static int
aws_env_keys(struct aws_ctx *x, char **err)
{
	const char *id = aws_env("AWS_ACCESS_KEY_ID");
	const char *secret = aws_env("AWS_SECRET_ACCESS_KEY");
	if (id == NULL && secret == NULL)
		return 0;
	if (id == NULL || secret == NULL) {
		*err = xasprintf("%s is set but %s is not",
		    id != NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
		    id != NULL ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
		return -1;
	}
	const char *token = aws_env("AWS_SESSION_TOKEN");
	if (token == NULL)
		token = aws_env("AWS_SECURITY_TOKEN");
	const char *exp = aws_env("AWS_CREDENTIAL_EXPIRATION");
	long long ms = 0;
	if (exp != NULL && aws_parse_time(exp, &ms) != 0) {
		char *q = config_quote(exp, 64);
		*err = xasprintf("AWS_CREDENTIAL_EXPIRATION %s is not a time like 2026-01-02T03:04:05Z", q);
		free(q);
		return -1;
	}
	aws_set_static(x, id, secret, token, xstrdup("environment"));
	x->s->chain.expires_ms = ms;
	return 1;
}

static int
aws_bad(char **err, const char *profile, const char *what)
{
	char *q = config_quote(profile, 64);
	*err = xasprintf("AWS profile %s: %s", q, what);
	free(q);
	return -1;
}

/* A whole number of seconds in [lo, hi] from a profile, or an error naming it. */
static int
aws_int_value(const char *v, const char *profile, const char *key, long lo, long hi, int *out, char **err)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < lo || n > hi) {
		char *q = config_quote(v, 32);
		char *w = xasprintf("%s %s is not a whole number from %ld to %ld", key, q, lo, hi);
		free(q);
		aws_bad(err, profile, w);
		free(w);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* The container endpoint of the environment; 1 found, 0 none, -1 refused. */
static int
aws_container_env(struct aws_ctx *x, char **err)
{
	struct aws_chain *c = &x->s->chain;
	const char *rel = aws_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = aws_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	if (rel != NULL) {
		if (rel[0] != '/') {
			*err = xstrdup("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI must start with '/'");
			return -1;
		}
		c->container_uri = xasprintf("http://169.254.170.2%s", rel);
		c->source = xstrdup("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	} else if (full != NULL) {
		bool userinfo = false;
		char *host = aws_url_host(full, &userinfo);
		bool https = strncasecmp(full, "https://", 8) == 0;
		/* ECS's and EKS Pod Identity's link-local addresses, or loopback; any host over https. */
		bool allowed = host != NULL && !userinfo &&
		    (https || aws_url_is_loopback(full) || strcmp(host, "169.254.170.2") == 0 ||
		    strcmp(host, "169.254.170.23") == 0 || strcmp(host, "fd00:ec2::23") == 0);
		free(host);
		if (!allowed) {
			char *r = aws_url_redact(full);
			char *q = config_quote(r, 128);
			*err = xasprintf("AWS_CONTAINER_CREDENTIALS_FULL_URI %s: over http only loopback, "
			    "169.254.170.2 (ECS) or 169.254.170.23 / [fd00:ec2::23] (EKS) are allowed", q);
			free(q);
			free(r);
			return -1;
		}
		c->container_uri = xstrdup(full);
		c->source = xstrdup("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	} else
		return 0;
	c->kind = AWS_SRC_CONTAINER;
	const char *tf = aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *tok = aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	if (tf != NULL)
		c->container_token_file = xstrdup(tf);
	else if (tok != NULL)
		c->container_token = xstrdup(tok);
	return 1;
}

/* Whether this machine says it is an EC2 instance (DMI or the Xen hypervisor's uuid). */
static bool
aws_on_ec2(void)
{
	static const char *const files[] = {
		"/sys/devices/virtual/dmi/id/sys_vendor", "/sys/devices/virtual/dmi/id/board_asset_tag",
		"/sys/hypervisor/uuid",
	};
	for (size_t i = 0; i < 3; i++) {
		char buf[64] = "";
		FILE *f = fopen(files[i], "re");
		if (f == NULL)
			continue;
		size_t n = fread(buf, 1, sizeof buf - 1, f);
		fclose(f);
		buf[n] = '\0';
		if ((i == 0 && strncmp(buf, "Amazon EC2", 10) == 0) || (i == 1 && strncmp(buf, "i-", 2) == 0) ||
		    (i == 2 && strncasecmp(buf, "ec2", 3) == 0))
			return true;
	}
	return false;
}

/* The instance metadata endpoint, or NULL when it is off. */
static char *
aws_imds_endpoint(struct aws_ctx *x, bool asked)
{
	const char *v = aws_env("AWS_EC2_METADATA_DISABLED");
	if (aws_true(v))
		return NULL;
	const char *ep = aws_env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	if (ep == NULL)
		ep = aws_profile_get(x, "ec2_metadata_service_endpoint", NULL);
	if (ep != NULL)
		return xstrdup(ep);
	const char *mode = aws_env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	if (mode == NULL)
		mode = aws_profile_get(x, "ec2_metadata_service_endpoint_mode", NULL);
	/* Not asked for by name: only on a machine that says it is EC2 (no 2 s wait elsewhere). */
	if (!asked && !aws_on_ec2())
		return NULL;
	return xstrdup(mode != NULL && strcasecmp(mode, "IPv6") == 0 ? "http://[fd00:ec2::254]" : "http://169.254.169.254");
}

#define AWS_MAX_CHAIN 16

static int aws_profile_chain(struct aws_ctx *x, const char *profile, const char **seen, size_t nseen, char **err);

/* role_arn's source: source_profile or credential_source, then the hop. */
static int
aws_role_profile(struct aws_ctx *x, const char *profile, const char **seen, size_t nseen, char **err)
{
	struct aws_chain *c = &x->s->chain;
	const char *role = aws_pget(x, profile, "role_arn", NULL);
	const char *sp = aws_pget(x, profile, "source_profile", NULL);
	const char *cs = aws_pget(x, profile, "credential_source", NULL);
	const char *wif = aws_pget(x, profile, "web_identity_token_file", NULL);
	int rc;

	if (sp != NULL && cs != NULL)
		return aws_bad(err, profile, "both source_profile and credential_source: keep one");
	if (wif != NULL && sp == NULL && cs == NULL) {
		c->kind = AWS_SRC_WEB_IDENTITY;
		c->token_file = xstrdup(wif);
		c->web_role_arn = xstrdup(role);
		c->web_session_name = xstrdup_or_null(aws_pget(x, profile, "role_session_name", NULL));
		char *src = NULL;
		aws_pget(x, profile, "web_identity_token_file", &src);
		c->source = src;
		return 0;
	}
	if (sp != NULL) {
		if (strcmp(sp, profile) == 0) {
			/* Itself: its own keys are the source (the CLI allows exactly this loop). */
			rc = aws_profile_keys(x, profile, true, true, err);
			if (rc < 0)
				return -1;
			if (rc == 0)
				return aws_bad(err, profile, "source_profile is itself, but it has no keys");
		} else {
			for (size_t i = 0; i < nseen; i++)
				if (strcmp(seen[i], sp) == 0) {
					char *w = xasprintf("source_profile %s is a loop (%s -> ... -> %s)", sp, sp, profile);
					aws_bad(err, profile, w);
					free(w);
					return -1;
				}
			if (!aws_profile_exists(x, sp)) {
				char *w = xasprintf("source_profile %s is not in %s or %s", sp,
				    x->config.path != NULL ? x->config.path : "(no config file)",
				    x->creds.path != NULL ? x->creds.path : "(no credentials file)");
				aws_bad(err, profile, w);
				free(w);
				return -1;
			}
			/* A source profile with keys and no role of its own: its keys. */
			if (aws_pget(x, sp, "role_arn", NULL) == NULL) {
				rc = aws_profile_keys(x, sp, true, true, err);
				if (rc < 0)
					return -1;
				if (rc == 0 && aws_profile_chain(x, sp, seen, nseen, err) != 0)
					return -1;
			} else if (aws_profile_chain(x, sp, seen, nseen, err) != 0)
				return -1;
			if (c->kind == AWS_SRC_NONE) {
				char *w = xasprintf("its source_profile %s has no credentials", sp);
				aws_bad(err, profile, w);
				free(w);
				return -1;
			}
		}
	} else if (cs != NULL) {
		if (strcasecmp(cs, "Environment") == 0) {
			rc = aws_env_keys(x, err);
			if (rc < 0)
				return -1;
			if (rc == 0)
				return aws_bad(err, profile, "credential_source Environment, but AWS_ACCESS_KEY_ID "
				    "and AWS_SECRET_ACCESS_KEY are not set");
		} else if (strcasecmp(cs, "EcsContainer") == 0) {
			rc = aws_container_env(x, err);
			if (rc < 0)
				return -1;
			if (rc == 0)
				return aws_bad(err, profile, "credential_source EcsContainer, but neither "
				    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor _FULL_URI is set");
		} else if (strcasecmp(cs, "Ec2InstanceMetadata") == 0) {
			c->imds_endpoint = aws_imds_endpoint(x, true);
			if (c->imds_endpoint == NULL)
				return aws_bad(err, profile, "credential_source Ec2InstanceMetadata, but "
				    "AWS_EC2_METADATA_DISABLED is true");
			c->kind = AWS_SRC_IMDS;
			c->source = xstrdup("instance metadata");
		} else {
			char *q = config_quote(cs, 32);
			char *w = xasprintf("credential_source %s: use Environment, Ec2InstanceMetadata or "
			    "EcsContainer", q);
			aws_bad(err, profile, w);
			free(w);
			free(q);
			return -1;
		}
	} else {
		/* Keys and role_arn in one profile: the keys assume the role. */
		rc = aws_profile_keys(x, profile, true, true, err);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return aws_bad(err, profile, "role_arn needs source_profile or credential_source");
	}
	if (c->nroles >= AWS_MAX_CHAIN)
		return aws_bad(err, profile, "more than 16 roles in a chain");
	struct aws_role *r = aws_chain_add_role(c);
	r->role_arn = xstrdup(role);
	r->profile = xstrdup(profile);
	r->session_name = xstrdup_or_null(aws_pget(x, profile, "role_session_name", NULL));
	r->external_id = xstrdup_or_null(aws_pget(x, profile, "external_id", NULL));
	r->mfa_serial = xstrdup_or_null(aws_pget(x, profile, "mfa_serial", NULL));
	const char *d = aws_pget(x, profile, "duration_seconds", NULL);
	if (d != NULL && aws_int_value(d, profile, "duration_seconds", 900, 43200, &r->duration_s, err) != 0)
		return -1;
	return 0;
}

/* The profile's SSO settings: the sso_session form or the legacy one. */
static int
aws_sso_profile(struct aws_ctx *x, const char *profile, char **err)
{
	struct aws_chain *c = &x->s->chain;
	const char *sess = aws_pget(x, profile, "sso_session", NULL);
	const char *url, *region;
	if (sess != NULL) {
		char sec[300];
		xsnprintf(sec, sizeof sec, "sso-session %s", sess);
		if (!aws_ini_has_section(x->config.ini, sec)) {
			char *w = xasprintf("sso_session %s: there is no [%s] in %s", sess, sec,
			    x->config.path != NULL ? x->config.path : "(no config file)");
			aws_bad(err, profile, w);
			free(w);
			return -1;
		}
		url = aws_ini_get(x->config.ini, sec, "sso_start_url");
		region = aws_ini_get(x->config.ini, sec, "sso_region");
		c->sso_session = xstrdup(sess);
	} else {
		url = aws_pget(x, profile, "sso_start_url", NULL);
		region = aws_pget(x, profile, "sso_region", NULL);
	}
	const char *acct = aws_pget(x, profile, "sso_account_id", NULL);
	const char *role = aws_pget(x, profile, "sso_role_name", NULL);
	const char *missing = url == NULL || url[0] == '\0' ? "sso_start_url" :
	    region == NULL || region[0] == '\0' ? "sso_region" : acct == NULL ? "sso_account_id" :
	    role == NULL ? "sso_role_name" : NULL;
	if (missing != NULL) {
		char *w = xasprintf("an SSO profile without %s", missing);
		aws_bad(err, profile, w);
		free(w);
		return -1;
	}
	if (!config_valid_region(region)) {
		char *q = config_quote(region, 64);
		char *w = xasprintf("sso_region %s is not a region", q);
		aws_bad(err, profile, w);
		free(w);
		free(q);
		return -1;
	}
	c->kind = AWS_SRC_SSO;
	c->sso_start_url = xstrdup(url);
	c->sso_region = xstrdup(region);
	c->sso_account_id = xstrdup(acct);
	c->sso_role_name = xstrdup(role);
	char *src = NULL;
	aws_pget(x, profile, sess != NULL ? "sso_session" : "sso_start_url", &src);
	c->source = src;
	return 0;
}

/* One profile's credentials into the chain, in botocore's order; kind stays NONE when it has none. */
static int
aws_profile_chain(struct aws_ctx *x, const char *profile, const char **seen, size_t nseen, char **err)
{
	struct aws_chain *c = &x->s->chain;
	const char *path[AWS_MAX_CHAIN + 1];
	int rc;

	if (nseen >= AWS_MAX_CHAIN)
		return aws_bad(err, profile, "more than 16 profiles in a chain");
	if (nseen > 0)
		memcpy(path, seen, nseen * sizeof *seen);
	path[nseen++] = profile;
	if (aws_pget(x, profile, "role_arn", NULL) != NULL)
		return aws_role_profile(x, profile, path, nseen, err);
	if (aws_pget(x, profile, "web_identity_token_file", NULL) != NULL)
		return aws_bad(err, profile, "web_identity_token_file needs role_arn");
	if (aws_pget(x, profile, "sso_session", NULL) != NULL || aws_pget(x, profile, "sso_start_url", NULL) != NULL ||
	    aws_pget(x, profile, "sso_account_id", NULL) != NULL)
		return aws_sso_profile(x, profile, err);
	rc = aws_profile_keys(x, profile, true, false, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	const char *proc = aws_pget(x, profile, "credential_process", NULL);
	if (proc != NULL) {
		c->kind = AWS_SRC_PROCESS;
		c->process = xstrdup(proc);
		char *src = NULL;
		aws_pget(x, profile, "credential_process", &src);
		c->source = src;
		return 0;
	}
	rc = aws_profile_keys(x, profile, false, true, err);
	return rc < 0 ? -1 : 0;
}

static char *aws_quote_url(const char *url);

static bool
aws_url_has_userinfo(const char *url)
{
	bool ui = false;
	free(aws_url_host(url, &ui));
	return ui;
}

static int
aws_resolve_credentials(struct aws_ctx *x, char **err)
{
	struct aws_settings *s = x->s;
	struct aws_chain *c = &s->chain;
	int rc;

	/* An explicit profile beats the environment's keys, as in the AWS CLI. */
	if (!s->explicit_profile) {
		rc = aws_env_keys(x, err);
		if (rc != 0)
			goto done;
	}
	rc = aws_profile_chain(x, s->profile, NULL, 0, err);
	if (rc != 0 || c->kind != AWS_SRC_NONE)
		goto done;
	/* Nothing in the profile: EKS's web identity, the container, instance metadata. */
	const char *wif = aws_env("AWS_WEB_IDENTITY_TOKEN_FILE"), *arn = aws_env("AWS_ROLE_ARN");
	if (wif != NULL && arn != NULL) {
		c->kind = AWS_SRC_WEB_IDENTITY;
		c->token_file = xstrdup(wif);
		c->web_role_arn = xstrdup(arn);
		c->web_session_name = xstrdup_or_null(aws_env("AWS_ROLE_SESSION_NAME"));
		c->source = xstrdup("AWS_WEB_IDENTITY_TOKEN_FILE");
		goto done;
	}
	rc = aws_container_env(x, err);
	if (rc != 0) {
		rc = rc < 0 ? -1 : 0;
		goto done;
	}
	c->imds_endpoint = aws_imds_endpoint(x, false);
	if (c->imds_endpoint != NULL) {
		c->kind = AWS_SRC_IMDS;
		c->source = xstrdup("instance metadata");
	}
	rc = 0;
done:
	if (rc < 0)
		return -1;
	if (c->kind == AWS_SRC_IMDS && (!config_valid_endpoint(c->imds_endpoint) || aws_url_has_userinfo(c->imds_endpoint))) {
		char *q = aws_quote_url(c->imds_endpoint);
		*err = xasprintf("instance metadata endpoint %s (AWS_EC2_METADATA_SERVICE_ENDPOINT or "
		    "ec2_metadata_service_endpoint): an http:// URL without a user name or password", q);
		free(q);
		return -1;
	}
	if (c->kind == AWS_SRC_STATIC) {
		s->access_key_id = xstrdup(c->access_key_id);
		s->secret_access_key = xstrdup(c->secret_access_key);
		s->session_token = xstrdup_or_null(c->session_token);
	}
	if (c->kind != AWS_SRC_NONE)
		s->credentials_source = xstrdup(c->source != NULL ? c->source : aws_source_name(c->kind));
	return 0;
}

/* An endpoint for people: its password hidden, quoted. */
static char *
aws_quote_url(const char *url)
{
	char *r = aws_url_redact(url);
	char *q = config_quote(r, 128);
	aws_wipe_free(r);
	return q;
}

static int
aws_resolve_endpoint(struct aws_ctx *x, const char *endpoint_opt, char **err)
{
	struct aws_settings *s = x->s;
	const char *v;
	char *src = NULL;
	bool userinfo = false;

	if (endpoint_opt != NULL && endpoint_opt[0] != '\0') {
		s->endpoint = xstrdup(endpoint_opt);
		s->endpoint_source = xstrdup("option");
		goto check;
	}
	bool ignore = aws_true(aws_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
	    aws_true(aws_profile_get(x, "ignore_configured_endpoint_urls", NULL));
	static const char *const vars[] = { "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL" };
	for (size_t i = 0; i < 2 && !ignore; i++) {
		if ((v = aws_env(vars[i])) != NULL) {
			s->endpoint = xstrdup(v);
			s->endpoint_source = xstrdup(vars[i]);
			goto check;
		}
	}
	/* ailife's own config file: between the environment and the shared files. */
	if (x->in != NULL && x->in->endpoint_cfg != NULL && x->in->endpoint_cfg[0] != '\0') {
		s->endpoint = xstrdup(x->in->endpoint_cfg);
		s->endpoint_source = xstrdup(x->in->cfg_name != NULL ? x->in->cfg_name : "config file");
		goto check;
	}
	if (ignore)
		goto fips;
	/* services = NAME in the profile, then [services NAME] with a nested dynamodb value. */
	v = aws_profile_get(x, "services", NULL);
	if (v != NULL) {
		char *sec = xasprintf("services %s", v);
		char *ep = aws_ini_subvalue(aws_ini_get(x->config.ini, sec, "dynamodb"),
		    "endpoint_url");
		if (ep != NULL && ep[0] != '\0') {
			s->endpoint = ep;
			s->endpoint_source = xasprintf("%s [%s] dynamodb", x->config.path, sec);
			free(sec);
			goto check;
		}
		free(ep);
		free(sec);
	}
	if ((v = aws_profile_get(x, "endpoint_url", &src)) != NULL) {
		s->endpoint = xstrdup(v);
		s->endpoint_source = src;
		goto check;
	}
fips:
	/* No endpoint named: FIPS and dual-stack pick the region's variant. */
	if (s->region != NULL && (s->chain.fips || s->chain.dualstack)) {
		const char *dns = strncmp(s->region, "cn-", 3) == 0 ? "amazonaws.com.cn" : "amazonaws.com";
		if (s->chain.dualstack)
			s->endpoint = xasprintf("https://dynamodb%s.%s.%s", s->chain.fips ? "-fips" : "", s->region,
			    strncmp(s->region, "cn-", 3) == 0 ? "api.amazonwebservices.com.cn" : "api.aws");
		else
			s->endpoint = xasprintf("https://dynamodb-fips.%s.%s", s->region, dns);
		s->endpoint_source = xstrdup(s->chain.dualstack ? "use_dualstack_endpoint" : "use_fips_endpoint");
	}
check:
	if (s->endpoint == NULL)
		return 0;
	free(aws_url_host(s->endpoint, &userinfo));
	if (!config_valid_endpoint(s->endpoint) || userinfo) {
		char *q = aws_quote_url(s->endpoint);
		*err = xasprintf(userinfo ? "endpoint %s (from %s): a user name or password does not go in the URL" :
		    "endpoint %s (from %s) must be an http:// or https:// URL", q, s->endpoint_source);
		free(q);
		return -1;
	}
	return 0;
}

static int
aws_resolve_region(struct aws_ctx *x, const char *region_opt, char **err)
{
	struct aws_settings *s = x->s;
	const char *v;
	char *src = NULL;

	if (region_opt != NULL && region_opt[0] != '\0') {
		s->region = xstrdup(region_opt);
		s->region_source = xstrdup("option");
	} else if ((v = aws_env("AWS_REGION")) != NULL) {
		s->region = xstrdup(v);
		s->region_source = xstrdup("AWS_REGION");
	} else if ((v = aws_env("AWS_DEFAULT_REGION")) != NULL) {
		s->region = xstrdup(v);
		s->region_source = xstrdup("AWS_DEFAULT_REGION");
	} else if (x->in != NULL && x->in->region_cfg != NULL && x->in->region_cfg[0] != '\0') {
		s->region = xstrdup(x->in->region_cfg);
		s->region_source = xstrdup(x->in->cfg_name != NULL ? x->in->cfg_name : "config file");
	} else if ((v = aws_profile_get(x, "region", &src)) != NULL) {
		s->region = xstrdup(v);
		s->region_source = src;
	}
	if (s->region != NULL && !config_valid_region(s->region)) {
		char *q = config_quote(s->region, 64);
		*err = xasprintf("bad region %s (from %s): letters, digits and '-' only", q,
		    s->region_source);
		free(q);
		return -1;
	}
	return 0;
}

/* A boolean of the environment, else of the profile: 1, 0, or -1 with err when it is neither. */
static int
aws_bool_setting(struct aws_ctx *x, const char *var, const char *key, bool *out, char **err)
{
	const char *v = aws_env(var), *from = var;
	char *src = NULL;
	if (v == NULL)
		v = aws_profile_get(x, key, &src);
	*out = false;
	if (v == NULL)
		return 0;
	if (strcasecmp(v, "true") == 0)
		*out = true;
	else if (strcasecmp(v, "false") != 0) {
		char *q = config_quote(v, 32);
		*err = xasprintf("%s %s (from %s): use true or false", key, q, src != NULL ? src : from);
		free(q);
		free(src);
		return -1;
	}
	free(src);
	return 0;
}

/* Retries, timeouts, CA bundle, FIPS and dual-stack, and where the other services are. */
static int
aws_resolve_transport(struct aws_ctx *x, char **err)
{
	struct aws_settings *s = x->s;
	struct aws_chain *c = &s->chain;
	const char *v;
	char *src = NULL;
	char *home;

	if (aws_bool_setting(x, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint", &c->fips, err) != 0 ||
	    aws_bool_setting(x, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint", &c->dualstack, err) != 0)
		return -1;
	v = aws_env("AWS_MAX_ATTEMPTS");
	if (v == NULL)
		v = aws_profile_get(x, "max_attempts", &src);
	if (v != NULL) {
		char *end;
		errno = 0;
		long n = strtol(v, &end, 10);
		if (errno != 0 || end == v || *end != '\0' || n < 1 || n > 50) {
			char *q = config_quote(v, 32);
			*err = xasprintf("max_attempts %s (from %s): a whole number from 1 to 50", q,
			    src != NULL ? src : "AWS_MAX_ATTEMPTS");
			free(q);
			free(src);
			return -1;
		}
		s->max_attempts = (int)n;
		c->max_attempts = (int)n;
	}
	free(src);
	src = NULL;
	v = aws_env("AWS_RETRY_MODE");
	if (v == NULL)
		v = aws_profile_get(x, "retry_mode", &src);
	if (v != NULL) {
		if (strcasecmp(v, "standard") != 0 && strcasecmp(v, "adaptive") != 0 && strcasecmp(v, "legacy") != 0) {
			char *q = config_quote(v, 32);
			*err = xasprintf("retry_mode %s (from %s): use standard, adaptive or legacy", q,
			    src != NULL ? src : "AWS_RETRY_MODE");
			free(q);
			free(src);
			return -1;
		}
		s->retry_mode = xstrdup(v);
	}
	free(src);
	v = aws_env("AWS_CA_BUNDLE");
	if (v == NULL)
		v = aws_profile_get(x, "ca_bundle", NULL);
	c->ca_bundle = xstrdup_or_null(v);
	static const struct {
		const char *var;
		size_t off;
	} eps[] = {
		{ "AWS_ENDPOINT_URL_STS", offsetof(struct aws_chain, sts_endpoint) },
		{ "AWS_ENDPOINT_URL_SSO", offsetof(struct aws_chain, sso_endpoint) },
		{ "AWS_ENDPOINT_URL_SSO_OIDC", offsetof(struct aws_chain, oidc_endpoint) },
	};
	static const char *const svc[] = { "sts", "sso", "sso_oidc" };
	bool ignore = aws_true(aws_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
	    aws_true(aws_profile_get(x, "ignore_configured_endpoint_urls", NULL));
	const char *services = aws_profile_get(x, "services", NULL);
	for (size_t i = 0; i < 3 && !ignore; i++) {
		char **slot = (char **)(void *)((char *)c + eps[i].off);
		char *nested = NULL;
		v = aws_env(eps[i].var);
		if (v == NULL && services != NULL) {
			/* The profile's services section: "sts =\n  endpoint_url = ...", as for dynamodb. */
			char *sec = xasprintf("services %s", services);
			nested = aws_ini_subvalue(aws_ini_get(x->config.ini, sec, svc[i]), "endpoint_url");
			free(sec);
			if (nested != NULL && nested[0] != '\0')
				v = nested;
		}
		if (v == NULL) {
			free(nested);
			continue;
		}
		bool userinfo = false;
		free(aws_url_host(v, &userinfo));
		if (!config_valid_endpoint(v) || userinfo) {
			char *q = aws_quote_url(v);
			*err = xasprintf("%s %s: an http:// or https:// URL without a user name or password",
			    nested != NULL ? svc[i] : eps[i].var, q);
			free(q);
			free(nested);
			return -1;
		}
		*slot = xstrdup(v);
		free(nested);
	}
	home = aws_home();
	if (home != NULL) {
		c->cli_cache_dir = xasprintf("%s/.aws/cli/cache", home);
		c->sso_cache_dir = xasprintf("%s/.aws/sso/cache", home);
	}
	free(home);
	c->region = xstrdup_or_null(s->region);
	c->profile = xstrdup(s->profile);
	if (x->in != NULL) {
		c->connect_timeout_ms = x->in->connect_timeout_ms;
		c->read_timeout_ms = x->in->read_timeout_ms;
	}
	return 0;
}

int
aws_resolve_inputs(struct aws_settings *s, const struct aws_inputs *in, char **err)
{
	struct aws_ctx x;
	char *home, *msg = NULL;
	const char *v;
	int rc = -1;

	memset(s, 0, sizeof *s);
	memset(&x, 0, sizeof x);
	x.s = s;
	x.in = in;
	if (err != NULL)
		*err = NULL;

	if (in->profile_opt != NULL && in->profile_opt[0] != '\0') {
		s->profile = xstrdup(in->profile_opt);
		s->profile_source = xstrdup("option");
	} else if ((v = aws_env("AWS_PROFILE")) != NULL) {
		s->profile = xstrdup(v);
		s->profile_source = xstrdup("AWS_PROFILE");
	} else if ((v = aws_env("AWS_DEFAULT_PROFILE")) != NULL) {
		s->profile = xstrdup(v);
		s->profile_source = xstrdup("AWS_DEFAULT_PROFILE");
	} else if (in->profile_cfg != NULL && in->profile_cfg[0] != '\0') {
		s->profile = xstrdup(in->profile_cfg);
		s->profile_source = xstrdup(in->cfg_name != NULL ? in->cfg_name : "config file");
	} else {
		s->profile = xstrdup("default");
		s->profile_source = xstrdup("default");
	}
	s->explicit_profile = strcmp(s->profile_source, "option") == 0 ||
	    strcmp(s->profile_source, "AWS_PROFILE") == 0 || strcmp(s->profile_source, "AWS_DEFAULT_PROFILE") == 0;
	home = aws_home();
	s->config_file = aws_file_path("AWS_CONFIG_FILE", "config", home);
	s->credentials_file = aws_file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials", home);
	free(home);
	x.config.path = s->config_file;
	x.creds.path = s->credentials_file;
	if (aws_load(&x.config, &msg) != 0 || aws_load(&x.creds, &msg) != 0)
		goto out;

	if (strcmp(s->profile_source, "default") != 0 && !aws_profile_exists(&x, s->profile)) {
		char *q = config_quote(s->profile, 64);
		msg = xasprintf("AWS profile %s (from %s) not found in %s or %s", q,
		    s->profile_source, s->config_file != NULL ? s->config_file : "(no config file)",
		    s->credentials_file != NULL ? s->credentials_file : "(no credentials file)");
		free(q);
		goto out;
	}

	/* An open credentials file is worth a word even when the keys came from elsewhere. */
	aws_check_mode(&x, &x.creds);
	if (aws_resolve_region(&x, in->region_opt, &msg) != 0 ||
	    aws_resolve_transport(&x, &msg) != 0 ||
	    aws_resolve_credentials(&x, &msg) != 0 ||
	    aws_resolve_endpoint(&x, in->endpoint_opt, &msg) != 0)
		goto out;
	rc = 0;
out:
	if (rc != 0) {
		if (err != NULL)
			*err = msg;
		else
			free(msg);
	}
	aws_ini_free(x.config.ini);
	aws_ini_free(x.creds.ini);
	return rc;
}

int
aws_resolve(struct aws_settings *s, const char *profile_opt, const char *region_opt,
    const char *endpoint_opt, char **err)
{
	struct aws_inputs in;
	memset(&in, 0, sizeof in);
	in.profile_opt = profile_opt;
	in.region_opt = region_opt;
	in.endpoint_opt = endpoint_opt;
	return aws_resolve_inputs(s, &in, err);
}

void
aws_settings_done(struct aws_settings *s)
{
	aws_wipe_free(s->access_key_id);
	aws_wipe_free(s->secret_access_key);
	aws_wipe_free(s->session_token);
	free(s->profile);
	free(s->region);
	free(s->endpoint);
	free(s->profile_source);
	free(s->region_source);
	free(s->endpoint_source);
	free(s->credentials_source);
	free(s->config_file);
	free(s->credentials_file);
	free(s->warning);
	free(s->retry_mode);
	aws_chain_done(&s->chain);
	memset(s, 0, sizeof *s);
}
