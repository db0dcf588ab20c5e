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

/* Frees a string that may hold a secret. */
static void
aws_wipe_free(char *s)
{
	if (s == NULL)
		return;
	explicit_bzero(s, strlen(s));
	free(s);
}

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
	char *cfg_section[2];	/* the config file's sections for the profile, best first */
};

/* The profile's value of key in the config file, and the section it was in. */
static const char *
aws_config_get(struct aws_ctx *x, const char *key, const char **section)
{
	for (size_t i = 0; i < 2 && x->cfg_section[i] != NULL; i++) {
		const char *v = aws_ini_get(x->config.ini, x->cfg_section[i], key);
		if (v != NULL) {
			*section = x->cfg_section[i];
			return v;
		}
	}
	return NULL;
}

/*
 * The profile's value of key, the credentials file overriding the config file
 * as in botocore's merged profile; *source is set to a new "<file> [section]".
 */
static const char *
aws_profile_get(struct aws_ctx *x, const char *key, char **source)
{
	const char *v, *sec;

	v = aws_ini_get(x->creds.ini, x->s->profile, key);
	if (v != NULL && v[0] != '\0') {
		*source = xasprintf("%s [%s]", x->creds.path, x->s->profile);
		return v;
	}
	v = aws_config_get(x, key, &sec);
	if (v != NULL && v[0] != '\0') {
		*source = xasprintf("%s [%s]", x->config.path, sec);
		return v;
	}
	return NULL;
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

/* Takes the key pair (and token) of one file's section; 1 taken, 0 none, -1 half a pair. */
static int
aws_creds_from(struct aws_ctx *x, struct aws_file *f, const char *section, char **err)
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
	x->s->access_key_id = xstrdup(id);
	x->s->secret_access_key = xstrdup(secret);
	if (token != NULL && token[0] != '\0')
		x->s->session_token = xstrdup(token);
	x->s->credentials_source = xasprintf("%s [%s]", f->path, section);
	if (f == &x->config)
		aws_check_mode(x, f);
	return 1;
}

static int
aws_resolve_credentials(struct aws_ctx *x, char **err)
{
	struct aws_settings *s = x->s;
	const char *id = aws_env("AWS_ACCESS_KEY_ID");
	const char *secret = aws_env("AWS_SECRET_ACCESS_KEY");
	int rc;

	if (id != NULL || secret != NULL) {
		if (id == NULL || secret == NULL) {
			*err = xasprintf("%s is set but %s is not",
			    id != NULL ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
			    id != NULL ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
			return -1;
		}
		const char *token = aws_env("AWS_SESSION_TOKEN");
		if (token == NULL)
			token = aws_env("AWS_SECURITY_TOKEN");
		s->access_key_id = xstrdup(id);
		s->secret_access_key = xstrdup(secret);
		if (token != NULL)
			s->session_token = xstrdup(token);
		s->credentials_source = xstrdup("environment");
		return 0;
	}
	rc = aws_creds_from(x, &x->creds, s->profile, err);
	for (size_t i = 0; rc == 0 && i < 2; i++)
		rc = aws_creds_from(x, &x->config, x->cfg_section[i], err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;

	/* Nothing static: say what the profile wanted instead, if anything. */
	static const char *const other[] = {
		"role_arn", "credential_process", "sso_session", "sso_start_url",
		"web_identity_token_file",
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		char *src = NULL;
		if (aws_profile_get(x, other[i], &src) != NULL) {
			char *q = config_quote(s->profile, 64);
			aws_warn(s, xasprintf("profile %s uses %s (%s), which ailife does not "
			    "support: export static credentials instead, e.g. with "
			    "aws configure export-credentials --format env", q, other[i], src));
			free(q);
			free(src);
			break;
		}
	}
	return 0;
}

static bool
aws_true(const char *v)
{
	return v != NULL && strcasecmp(v, "true") == 0;
}

static int
aws_resolve_endpoint(struct aws_ctx *x, const char *endpoint_opt, char **err)
{
	struct aws_settings *s = x->s;
	const char *v;
	char *src = NULL;

	if (endpoint_opt != NULL && endpoint_opt[0] != '\0') {
		s->endpoint = xstrdup(endpoint_opt);
		s->endpoint_source = xstrdup("option");
		goto check;
	}
	if (aws_true(aws_env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")))
		return 0;
	v = aws_profile_get(x, "ignore_configured_endpoint_urls", &src);
	free(src);
	src = NULL;
	if (aws_true(v))
		return 0;
	static const char *const vars[] = { "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL" };
	for (size_t i = 0; i < 2; i++) {
		if ((v = aws_env(vars[i])) != NULL) {
			s->endpoint = xstrdup(v);
			s->endpoint_source = xstrdup(vars[i]);
			goto check;
		}
	}
	/* services = NAME in the profile, then [services NAME] with a nested dynamodb value. */
	v = aws_profile_get(x, "services", &src);
	free(src);
	src = NULL;
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
	}
check:
	if (s->endpoint != NULL && !config_valid_endpoint(s->endpoint)) {
		char *q = config_quote(s->endpoint, 128);
		*err = xasprintf("endpoint %s (from %s) must be an http:// or https:// URL", q,
		    s->endpoint_source);
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

int
aws_resolve(struct aws_settings *s, const char *profile_opt, const char *region_opt,
    const char *endpoint_opt, char **err)
{
	struct aws_ctx x;
	char *home, *msg = NULL;
	const char *v;
	int rc = -1;

	memset(s, 0, sizeof *s);
	memset(&x, 0, sizeof x);
	x.s = s;
	if (err != NULL)
		*err = NULL;

	if (profile_opt != NULL && profile_opt[0] != '\0') {
		s->profile = xstrdup(profile_opt);
		s->profile_source = xstrdup("option");
	} else if ((v = aws_env("AWS_PROFILE")) != NULL) {
		s->profile = xstrdup(v);
		s->profile_source = xstrdup("AWS_PROFILE");
	} else if ((v = aws_env("AWS_DEFAULT_PROFILE")) != NULL) {
		s->profile = xstrdup(v);
		s->profile_source = xstrdup("AWS_DEFAULT_PROFILE");
	} else {
		s->profile = xstrdup("default");
		s->profile_source = xstrdup("default");
	}
	if (strcmp(s->profile, "default") == 0) {
		x.cfg_section[0] = xstrdup("default");
		x.cfg_section[1] = xstrdup("profile default");
	} else
		x.cfg_section[0] = xasprintf("profile %s", s->profile);

	home = aws_home();
	s->config_file = aws_file_path("AWS_CONFIG_FILE", "config", home);
	s->credentials_file = aws_file_path("AWS_SHARED_CREDENTIALS_FILE", "credentials", home);
	free(home);
	x.config.path = s->config_file;
	x.creds.path = s->credentials_file;
	if (aws_load(&x.config, &msg) != 0 || aws_load(&x.creds, &msg) != 0)
		goto out;

	if (strcmp(s->profile_source, "default") != 0 &&
	    !aws_ini_has_section(x.creds.ini, s->profile) &&
	    !aws_ini_has_section(x.config.ini, x.cfg_section[0]) &&
	    (x.cfg_section[1] == NULL || !aws_ini_has_section(x.config.ini, x.cfg_section[1]))) {
		char *q = config_quote(s->profile, 64);
		msg = xasprintf("AWS profile %s (from %s) not found in %s or %s", q,
		    s->profile_source, s->config_file != NULL ? s->config_file : "(no config file)",
		    s->credentials_file != NULL ? s->credentials_file : "(no credentials file)");
		free(q);
		goto out;
	}

	/* An open credentials file is worth a word even when the keys came from elsewhere. */
	aws_check_mode(&x, &x.creds);
	if (aws_resolve_credentials(&x, &msg) != 0 ||
	    aws_resolve_region(&x, region_opt, &msg) != 0 ||
	    aws_resolve_endpoint(&x, endpoint_opt, &msg) != 0)
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
	free(x.cfg_section[0]);
	free(x.cfg_section[1]);
	return rc;
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
	memset(s, 0, sizeof *s);
}
