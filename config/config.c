#include "config/config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/aws_chain.h"
#include "util/xmalloc.h"

enum config_section {
	SEC_TOP,
	SEC_LEGACY,
};

enum config_kind {
	KIND_STRING,
	KIND_STORE,
	KIND_TABLE,
	KIND_ENDPOINT,
	KIND_REGION,
	KIND_BOOL,
	KIND_SECONDS,
};

/* Every key the file knows, as data: parsing, duplicates and checks read this. */
static const struct config_key {
	enum config_section section;
	const char *name;
	enum config_kind kind;
	size_t offset;		/* of the char * (or, for KIND_BOOL, the int) in struct config */
} config_keys[] = {
	{ SEC_TOP, "store", KIND_STORE, offsetof(struct config, store) },
	{ SEC_TOP, "db", KIND_STRING, offsetof(struct config, db) },
	{ SEC_TOP, "table", KIND_TABLE, offsetof(struct config, table) },
	{ SEC_TOP, "user", KIND_STRING, offsetof(struct config, user) },
	{ SEC_TOP, "endpoint", KIND_ENDPOINT, offsetof(struct config, endpoint) },
	{ SEC_TOP, "region", KIND_REGION, offsetof(struct config, region) },
	{ SEC_TOP, "profile", KIND_STRING, offsetof(struct config, profile) },
	{ SEC_TOP, "read_only", KIND_BOOL, offsetof(struct config, read_only) },
	{ SEC_TOP, "connect_timeout", KIND_SECONDS, offsetof(struct config, connect_timeout) },
	{ SEC_TOP, "read_timeout", KIND_SECONDS, offsetof(struct config, read_timeout) },
	{ SEC_TOP, "queue", KIND_BOOL, offsetof(struct config, queue) },
	{ SEC_TOP, "mouse", KIND_BOOL, offsetof(struct config, mouse) },
	{ SEC_LEGACY, "goals_table", KIND_TABLE, offsetof(struct config, legacy_goals_table) },
	{ SEC_LEGACY, "activities_table", KIND_TABLE,
	  offsetof(struct config, legacy_activities_table) },
	{ SEC_LEGACY, "dual_write", KIND_BOOL, offsetof(struct config, legacy_dual_write) },
};
#define CONFIG_NKEYS (sizeof config_keys / sizeof config_keys[0])

static const char *const config_env_keys[][3] = {
	/* field name, first variable, fallback variable */
	{ "store", "AILIFE_STORE", NULL },
	{ "db", "AILIFE_DB", NULL },
	{ "table", "AILIFE_TABLE", NULL },
	{ "user", "AILIFE_USER", NULL },
	{ "endpoint", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL" },
	{ "region", "AWS_REGION", "AWS_DEFAULT_REGION" },
	{ "profile", "AWS_PROFILE", NULL },
};

static char **
config_str_field(struct config *c, const struct config_key *k)
{
	return (char **)(void *)((char *)c + k->offset);
}

static char *const *
config_cstr_field(const struct config *c, const struct config_key *k)
{
	return (char *const *)(const void *)((const char *)c + k->offset);
}

static int *
config_int_field(struct config *c, const struct config_key *k)
{
	return (int *)(void *)((char *)c + k->offset);
}

void
config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->legacy_dual_write = -1;
	c->read_only = -1;
	c->queue = -1;
	c->mouse = -1;
}

void
config_done(struct config *c)
{
	free(c->path);
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		if (config_keys[i].kind != KIND_BOOL)
			free(*config_str_field(c, &config_keys[i]));
	}
	config_init(c);
}

/* Length of the valid UTF-8 sequence at p (at most n bytes), or 0 if there is none. */
static size_t
config_utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef) {
		need = 2;
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (c == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3;
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		else if (c == 0xf4)
			hi = 0x8f;	/* past U+10FFFF */
	} else
		return 0;
	if (n < need + 1)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i <= need; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	}
	return need + 1;
}

static bool
config_valid_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t k = config_utf8_seq(p + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

static void
config_escape(struct buf *b, const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		if (i >= max) {
			buf_adds(b, "...");
			return;
		}
		unsigned char c = p[i];
		size_t k = config_utf8_seq(p + i, n - i);
		if (c == '\n')
			buf_adds(b, "\\n");
		else if (c == '\t')
			buf_adds(b, "\\t");
		else if (c == '\r')
			buf_adds(b, "\\r");
		else if (c == '\\' || c == '\'')
			buf_printf(b, "\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			buf_addc(b, (char)c);
		else if (k > 1 && !(c == 0xc2 && p[i + 1] < 0xa0)) {
			/* Valid UTF-8 that is not a C1 control character: kept as is. */
			buf_add(b, p + i, k);
			i += k;
			continue;
		} else
			buf_printf(b, "\\x%02x", c);
		i++;
	}
}

char *
config_quote(const char *s, size_t max)
{
	struct buf b;

	buf_init(&b, 0);
	buf_addc(&b, '\'');
	config_escape(&b, s, max);
	buf_addc(&b, '\'');
	return buf_steal(&b);
}

bool
config_valid_table_name(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 255)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == n;
}

bool
config_valid_region(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > 64)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == n;
}

bool
config_valid_endpoint(const char *s)
{
	const char *host;

	if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else
		return false;
	if (*host == '\0' || *host == '/' || *host == ':' || *host == '?' || *host == '#')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f)
			return false;
	}
	return true;
}

/* 1 or 0 for the spellings of a boolean, -1 for anything else. */
static int
config_parse_bool(const char *s)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

long
config_seconds_ms(const char *s)
{
	char *end;
	if (s == NULL || s[0] == '\0' || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return -1;
	errno = 0;
	double v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !(v > 0) || v > 600)
		return -1;
	long ms = (long)(v * 1000.0 + 0.5);
	return ms > 0 ? ms : -1;
}

/* Why value is not acceptable for key (a new string), or NULL when it is. */
static char *
config_check_value(enum config_kind kind, const char *key, const char *value)
{
	char *q, *msg = NULL;

	/* A URL's password is never repeated (util/aws_chain.h hides it). */
	if (kind == KIND_ENDPOINT) {
		char *r = aws_url_redact(value);
		q = config_quote(r, 64);
		aws_wipe_free(r);
	} else
		q = config_quote(value, 64);
	switch (kind) {
	case KIND_STRING:
		break;
	case KIND_STORE:
		if (strcmp(value, "local") != 0 && strcmp(value, "dynamodb") != 0)
			msg = xasprintf("%s must be local or dynamodb, not %s", key, q);
		break;
	case KIND_TABLE:
		if (!config_valid_table_name(value))
			msg = xasprintf("bad table name for %s: %s (3 to 255 of a-z A-Z 0-9 _ - .)",
			    key, q);
		break;
	case KIND_ENDPOINT:
		if (!config_valid_endpoint(value))
			msg = xasprintf("%s must be an http:// or https:// URL, not %s", key, q);
		break;
	case KIND_REGION:
		if (!config_valid_region(value))
			msg = xasprintf("bad value for %s: %s (letters, digits and '-')", key, q);
		break;
	case KIND_BOOL:
		if (config_parse_bool(value) < 0)
			msg = xasprintf("bad value for %s: %s (use true or false)", key, q);
		break;
	case KIND_SECONDS:
		if (config_seconds_ms(value) <= 0)
			msg = xasprintf("bad value for %s: %s (seconds, more than 0 and at most 600)", key, q);
		break;
	}
	free(q);
	return msg;
}

int
config_check(const struct config *c, char **err)
{
	if (err != NULL)
		*err = NULL;
	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		if (k->kind == KIND_BOOL)
			continue;
		const char *v = *config_cstr_field(c, k);
		if (v == NULL)
			continue;
		char *msg = config_check_value(k->kind, k->name, v);
		if (msg != NULL) {
			if (err != NULL)
				*err = msg;
			else
				free(msg);
			return -1;
		}
	}
	return 0;
}

struct config_parser {
	const char *name;
	unsigned long line;
	char **err;
};

static int config_fail(struct config_parser *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
config_fail(struct config_parser *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (p->err != NULL)
		*p->err = xasprintf("%s:%lu: %s", p->name, p->line, msg);
	free(msg);
	return -1;
}

static bool
config_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void
config_trim(const char **s, size_t *n)
{
	while (*n > 0 && config_is_space((*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && config_is_space((*s)[*n - 1]))
		(*n)--;
}

/* Turns the raw (trimmed) value of key into a new string, unquoting "..." */
static int
config_unquote(struct config_parser *p, const char *key, const char *v, size_t n, char **out)
{
	struct buf b;

	*out = NULL;
	if (n == 0)
		return config_fail(p, "empty value for '%s'", key);
	buf_init(&b, 0);
	if (v[0] != '"') {
		buf_add(&b, v, n);
		goto done;
	}
	size_t i = 1;
	for (;;) {
		if (i >= n) {
			buf_done(&b);
			return config_fail(p, "unterminated quoted value for '%s'", key);
		}
		if (v[i] == '"')
			break;
		if (v[i] == '\\') {
			if (i + 1 >= n) {
				buf_done(&b);
				return config_fail(p, "unterminated quoted value for '%s'", key);
			}
			if (v[i + 1] != '"' && v[i + 1] != '\\') {
				char esc[2] = { v[i + 1], '\0' };
				char *q = config_quote(esc, 8);
				buf_done(&b);
				config_fail(p, "unknown escape \\%s in the value of '%s' "
				    "(only \\\" and \\\\)", q, key);
				free(q);
				return -1;
			}
			buf_addc(&b, v[i + 1]);
			i += 2;
			continue;
		}
		buf_addc(&b, v[i]);
		i++;
	}
	if (i + 1 != n) {
		buf_done(&b);
		return config_fail(p, "text after the closing quote of '%s'", key);
	}
	if (b.len == 0) {
		buf_done(&b);
		return config_fail(p, "empty value for '%s'", key);
	}
done:
	for (size_t j = 0; j < b.len; j++) {
		unsigned char c = (unsigned char)b.data[j];
		if (c < 0x20 || c == 0x7f) {
			buf_done(&b);
			return config_fail(p, "control character in the value of '%s'", key);
		}
	}
	*out = buf_steal(&b);
	return 0;
}

static int
config_parse_line(struct config_parser *p, struct config *tmp, enum config_section *sec,
    unsigned long seen[], const char *s, size_t n)
{
	if (n > CONFIG_MAX_LINE)
		return config_fail(p, "line longer than %d bytes", CONFIG_MAX_LINE);
	if (memchr(s, '\0', n) != NULL)
		return config_fail(p, "line contains a NUL byte");
	if (!config_valid_utf8(s, n))
		return config_fail(p, "invalid UTF-8");
	config_trim(&s, &n);
	if (n == 0 || s[0] == '#' || s[0] == ';')
		return 0;

	if (s[0] == '[') {
		if (s[n - 1] != ']')
			return config_fail(p, "expected [section]");
		const char *name = s + 1;
		size_t nlen = n - 2;
		config_trim(&name, &nlen);
		if (nlen == 6 && memcmp(name, "legacy", 6) == 0)
			*sec = SEC_LEGACY;
		else if (nlen == 6 && memcmp(name, "ailife", 6) == 0)
			*sec = SEC_TOP;
		else {
			struct buf b;
			char *nm = xstrndup(name, nlen);
			buf_init(&b, 0);
			config_escape(&b, nm, 64);
			free(nm);
			config_fail(p, "unknown section [%s]", b.data != NULL ? b.data : "");
			buf_done(&b);
			return -1;
		}
		return 0;
	}

	const char *eq = memchr(s, '=', n);
	if (eq == NULL)
		return config_fail(p, "expected key = value");
	const char *key = s, *val = eq + 1;
	size_t klen = (size_t)(eq - s), vlen = n - klen - 1;
	config_trim(&key, &klen);
	config_trim(&val, &vlen);
	if (klen == 0)
		return config_fail(p, "expected key = value");

	const struct config_key *k = NULL;
	size_t ki;
	for (ki = 0; ki < CONFIG_NKEYS; ki++) {
		if (config_keys[ki].section == *sec && strlen(config_keys[ki].name) == klen &&
		    memcmp(config_keys[ki].name, key, klen) == 0) {
			k = &config_keys[ki];
			break;
		}
	}
	if (k == NULL) {
		char *kn = xstrndup(key, klen);
		char *q = config_quote(kn, 64);
		if (*sec == SEC_LEGACY)
			config_fail(p, "unknown key %s in section [legacy]", q);
		else
			config_fail(p, "unknown key %s (top-level keys: store, db, table, user, "
			    "endpoint, region, profile)", q);
		free(q);
		free(kn);
		return -1;
	}
	if (seen[ki] != 0)
		return config_fail(p, "duplicate key '%s' (first set on line %lu)", k->name,
		    seen[ki]);
	seen[ki] = p->line;

	char *value;
	if (config_unquote(p, k->name, val, vlen, &value) != 0)
		return -1;
	char *why = config_check_value(k->kind, k->name, value);
	if (why != NULL) {
		config_fail(p, "%s", why);
		free(why);
		free(value);
		return -1;
	}
	if (k->kind == KIND_BOOL) {
		*config_int_field(tmp, k) = config_parse_bool(value);
		free(value);
	} else
		*config_str_field(tmp, k) = value;
	return 0;
}

char *
config_expand_path(const char *value, const char *base_dir)
{
	if (value[0] == '~' && (value[1] == '/' || value[1] == '\0')) {
		const char *home = getenv("HOME");
		if (home == NULL || home[0] == '\0')
			return NULL;
		return xasprintf("%s%s", home, value + 1);
	}
	if (value[0] == '/' || base_dir == NULL || base_dir[0] == '\0')
		return xstrdup(value);
	return xasprintf("%s/%s", base_dir, value);
}

/* config_parse, with the file's folder (or NULL) that a relative path is taken from. */
static int
config_parse_in(struct config *c, const char *name, const char *text, size_t len, const char *base_dir,
    char **err);

int
config_parse(struct config *c, const char *name, const char *text, size_t len, char **err)
{
	return config_parse_in(c, name, text, len, NULL, err);
}

static int
config_parse_in(struct config *c, const char *name, const char *text, size_t len, const char *base_dir,
    char **err)
{
	struct config_parser p = { name != NULL ? name : "(config)", 0, err };
	struct config tmp;
	unsigned long seen[CONFIG_NKEYS] = { 0 };
	enum config_section sec = SEC_TOP;
	size_t pos = 0;

	if (err != NULL)
		*err = NULL;
	config_init(&tmp);
	/* A byte order mark some editors write. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - (text + pos)) : len - pos;
		p.line++;
		if (config_parse_line(&p, &tmp, &sec, seen, text + pos, n) != 0) {
			config_done(&tmp);
			return -1;
		}
		pos += n + 1;
	}
	/* db = ~/x is the home's, db = x the config file's folder's: never the working directory's. */
	if (tmp.db != NULL) {
		char *path = config_expand_path(tmp.db, base_dir);
		if (path == NULL) {
			config_done(&tmp);
			if (err != NULL)
				*err = xasprintf("%s: db: '~' but HOME is not set", p.name);
			return -1;
		}
		free(tmp.db);
		tmp.db = path;
	}

	for (size_t i = 0; i < CONFIG_NKEYS; i++) {
		const struct config_key *k = &config_keys[i];
		if (seen[i] == 0)
			continue;
		if (k->kind == KIND_BOOL)
			*config_int_field(c, k) = *config_int_field(&tmp, k);
		else {
			char **dst = config_str_field(c, k);
			free(*dst);
			*dst = *config_str_field(&tmp, k);
			*config_str_field(&tmp, k) = NULL;
		}
	}
	config_done(&tmp);
	return 0;
}

int
config_load_file(struct config *c, const char *path, bool must_exist, char **err)
{
	struct buf b;
	struct stat st;
	char chunk[8192];
	int fd, rc = -1;

	if (err != NULL)
		*err = NULL;
	if (path == NULL) {
		if (!must_exist)
			return 0;
		if (err != NULL)
			*err = xstrdup("no config file path (set HOME or XDG_CONFIG_HOME)");
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT && !must_exist)
			return 0;
		if (err != NULL)
			*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	buf_init(&b, CONFIG_MAX_FILE);
	if (fstat(fd, &st) != 0) {
		if (err != NULL)
			*err = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		if (err != NULL)
			*err = xasprintf("%s: %s", path, strerror(EISDIR));
		goto fail;
	}
	if (S_ISREG(st.st_mode) && st.st_size > CONFIG_MAX_FILE)
		goto too_large;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof chunk);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (err != NULL)
				*err = xasprintf("%s: %s", path, strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		if (buf_add(&b, chunk, (size_t)r) != 0)
			goto too_large;
	}
	const char *slash = strrchr(path, '/');
	char *dir = slash == NULL ? xstrdup(".") : slash == path ? xstrdup("/") :
	    xasprintf("%.*s", (int)(slash - path), path);
	/* A relative config path: its folder is relative to the working directory, as the path itself is. */
	int prc = config_parse_in(c, path, b.data != NULL ? b.data : "", b.len, strcmp(dir, ".") == 0 ? NULL : dir,
	    err);
	free(dir);
	if (prc != 0)
		goto fail;
	free(c->path);
	c->path = xstrdup(path);
	rc = 0;
	goto fail;

too_large:
	if (err != NULL)
		*err = xasprintf("%s: larger than %d bytes (1 MiB)", path, CONFIG_MAX_FILE);
fail:
	close(fd);
	buf_done(&b);
	return rc;
}

/* $var/suffix when var is an absolute path (the XDG rule), else $HOME/fallback. */
static char *
config_xdg_path(const char *var, const char *fallback, const char *suffix)
{
	const char *dir = getenv(var);
	const char *home = getenv("HOME");

	if (dir != NULL && dir[0] == '/')
		return xasprintf("%s/%s", dir, suffix);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/%s/%s", home, fallback, suffix);
	return NULL;
}

char *
config_default_path(void)
{
	return config_xdg_path("XDG_CONFIG_HOME", ".config", "ailife/config");
}

char *
config_default_db(void)
{
	return config_xdg_path("XDG_DATA_HOME", ".local/share", "ailife/ailife.db");
}

char *
config_cache_dir(void)
{
	return config_xdg_path("XDG_CACHE_HOME", ".cache", "ailife");
}

void
config_apply_env(struct config *c)
{
	for (size_t i = 0; i < sizeof config_env_keys / sizeof config_env_keys[0]; i++) {
		const char *v = getenv(config_env_keys[i][1]);
		if ((v == NULL || v[0] == '\0') && config_env_keys[i][2] != NULL)
			v = getenv(config_env_keys[i][2]);
		if (v == NULL || v[0] == '\0')
			continue;
		for (size_t k = 0; k < CONFIG_NKEYS; k++) {
			if (config_keys[k].section == SEC_TOP &&
			    strcmp(config_keys[k].name, config_env_keys[i][0]) == 0) {
				char **dst = config_str_field(c, &config_keys[k]);
				free(*dst);
				*dst = xstrdup(v);
				break;
			}
		}
	}
}
