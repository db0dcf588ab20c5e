/* doctor: what ailife would use and whether it works, step by step, never showing a secret. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd_sync.h"
#include "config/aws.h"
#include "datastore/dates.h"
#include "datastore/open.h"
#include "util/xmalloc.h"

static void
step(struct cli *c, json_t *doc, const char *name, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void
step(struct cli *c, json_t *doc, const char *name, bool ok, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->json)
		json_array_append_new(doc, json_pack("{ss sb ss}", "check", name, "ok", ok, "detail", msg));
	else
		fprintf(c->out, "%-4s %-12s %s\n", ok ? "ok" : "FAIL", name, msg);
}

/* The users, and the one commands would use: the configured one must exist. */
static bool
check_users(struct cli *c, json_t *doc)
{
	struct table_err err;
	struct store_list l;
	struct store_page_req pg = { NULL, 100, NULL, NULL };
	table_err_clear(&err);
	if (store_users_list(c->t, pg, &l, &err) != 0) {
		step(c, doc, "users", false, "%s", err.message);
		return false;
	}
	size_t n = l.count;
	step(c, doc, "users", true, "%zu%s", n, l.cursor != NULL ? " or more" : "");
	const char *only = n == 1 ? ((struct model_user *)l.items[0].rec)->c.user_id : NULL;
	bool ok = true;
	if (c->cfg.user != NULL) {
		struct model_user *p = NULL;
		table_err_clear(&err);
		if (store_profile_get(c->t, c->cfg.user, &p, &err) == 0) {
			step(c, doc, "user", true, "%s (%s)", c->cfg.user, p->name != NULL ? p->name : "?");
			model_free(MODEL_USER, p);
		} else {
			step(c, doc, "user", false, "%s: %s", c->cfg.user,
			    err.status == TABLE_NOT_FOUND ? "no such user (see ailife user list)" : err.message);
			ok = false;
		}
	} else if (only != NULL) {
		step(c, doc, "user", true, "%s (the only one)", only);
	} else if (n > 1) {
		step(c, doc, "user", true, "none chosen among several: give --user ID, or 'ailife user use ID'");
	}
	store_list_done(&l);
	return ok;
}

int
cmd_doctor(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct table_err err;
	struct stat st;
	bool all_ok = true;
	int rc;
	if ((rc = cli_parse(c, "doctor", argc, argv, NULL, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	json_t *doc = json_array();
	if (c->config_path != NULL && stat(c->config_path, &st) == 0)
		step(c, doc, "config", true, "%s (read)", c->config_path);
	else
		step(c, doc, "config", true, "%s (none; defaults in use)", c->config_path != NULL ? c->config_path : "no path");
	const char *store = c->cfg.store != NULL ? c->cfg.store : "local";
	const char *zone = getenv("TZ");
	step(c, doc, "time zone", true, "%s", zone != NULL && zone[0] != '\0' ? zone : dates_system_zone());
	bool no_db = false;
	if (strcmp(store, "local") == 0) {
		char *db = c->cfg.db != NULL ? xstrdup(c->cfg.db) : config_default_db();
		/* doctor looks and creates nothing: a database that is not there yet is said, not made. */
		no_db = db != NULL && stat(db, &st) != 0;
		step(c, doc, "store", true, "local (embedded SQLite): %s%s", db != NULL ? db : "?",
		    no_db ? " (not created yet: the first write creates it)" : "");
		free(db);
	} else {
		struct aws_settings s;
		char *aerr = NULL;
		bool creds_ok = true;
		memset(&s, 0, sizeof s);
		step(c, doc, "store", true, "dynamodb, table %s", c->cfg.table != NULL ? c->cfg.table : CLI_TABLE_DEFAULT);
		if (cli_aws_resolve(c, &s, &aerr) != 0) {
			step(c, doc, "aws", false, "%s", aerr != NULL ? aerr : "could not read the AWS settings");
			all_ok = false;
			free(aerr);
		} else {
			const char *none = "-";
			step(c, doc, "profile", true, "%s (from %s)", s.profile != NULL ? s.profile : "default",
			    s.profile_source != NULL ? s.profile_source : none);
			if (s.region != NULL)
				step(c, doc, "region", true, "%s (from %s)", s.region, s.region_source != NULL ? s.region_source : none);
			else
				step(c, doc, "region", false, "not set (use --region, AWS_REGION or region in %s)",
				    s.config_file != NULL ? s.config_file : "~/.aws/config");
			step(c, doc, "endpoint", true, "%s (from %s)", s.endpoint != NULL ? s.endpoint : "the region's AWS endpoint",
			    s.endpoint_source != NULL ? s.endpoint_source : "default");
			/* Which source the credentials came from, and whose they are; never their values. */
			if (s.chain.kind == AWS_SRC_NONE) {
				step(c, doc, "credentials", false, "none found (environment, %s, %s, container, instance metadata)",
				    s.credentials_file != NULL ? s.credentials_file : "~/.aws/credentials",
				    s.config_file != NULL ? s.config_file : "~/.aws/config");
				creds_ok = false;
			} else if (c->explain) {
				step(c, doc, "credentials", true, "%s (%s; not fetched under --explain)",
				    s.credentials_source != NULL ? s.credentials_source : none, aws_source_name(s.chain.kind));
			} else {
				struct store_aws_identity id;
				char when[32] = "";
				/* STS is asked where DynamoDB is AWS's, or where STS is named (not beside DynamoDB Local). */
				bool ask = s.chain.sts_endpoint != NULL || s.endpoint == NULL ||
				    (s.endpoint_source != NULL && strncmp(s.endpoint_source, "use_", 4) == 0);
				creds_ok = store_aws_identity(&s.chain, ask, &id) == 0;
				if (creds_ok && id.expires_ms > 0)
					aws_format_time(id.expires_ms, when);
				if (creds_ok)
					step(c, doc, "credentials", true, "%s%s%s%s (values not shown)", id.source,
					    when[0] != '\0' ? ", expire at " : ", do not expire", when,
					    id.from_cache ? ", from ~/.aws/cli/cache" : "");
				else
					step(c, doc, "credentials", false, "%s: %s", id.source, id.why != NULL ? id.why : "failed");
				if (creds_ok && id.identity)
					step(c, doc, "identity", true, "account %s, %s (STS GetCallerIdentity)", id.account, id.arn);
				else if (creds_ok && !ask)
					step(c, doc, "identity", true, "not asked: DynamoDB is at %s, not AWS's (AWS_ENDPOINT_URL_STS "
					    "names an STS to ask)", s.endpoint);
				else if (creds_ok) {
					step(c, doc, "identity", false, "not known: %s", id.why != NULL ? id.why : "STS did not answer");
					creds_ok = false;
				}
				store_aws_identity_done(&id);
			}
			if (s.warning != NULL)
				step(c, doc, "warning", !s.insecure, "%s", s.warning);
			all_ok = all_ok && s.region != NULL && creds_ok;
		}
		aws_settings_done(&s);
	}
	/* Whatever the config says, doctor writes nothing: the store is opened read-only. */
	c->read_only = true;
	if (no_db) {
		if (c->cfg.user != NULL) {
			step(c, doc, "user", false, "%s: no such user (there is no database yet)", c->cfg.user);
			all_ok = false;
		}
	} else if (cli_open_store(c) != CLI_OK) {
		step(c, doc, "open", false, "could not open the store (see above)");
		all_ok = false;
	} else {
		json_t *have = NULL;
		table_err_clear(&err);
		if (table_describe(c->t, &have, &err) != 0) {
			step(c, doc, "table", false, "%s", err.message);
			all_ok = false;
		} else {
			step(c, doc, "table", true, "%s exists", c->t->name);
			json_decref(have);
			all_ok = check_users(c, doc) && all_ok;
			char obw[768];
			if (strcmp(store, "dynamodb") == 0)
				step(c, doc, "outbox", true, "%s", cli_outbox_line(c, obw, sizeof obw));
		}
	}
	if (c->json)
		cli_print_json(c, json_pack("{sb so}", "ok", all_ok, "checks", doc));
	else
		json_decref(doc);
	return all_ok ? CLI_OK : CLI_FAIL;
}
