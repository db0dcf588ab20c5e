/*
 * Lists over time and the record commands of journal entries, meals and
 * workouts. Every list is read a page at a time and printed as its pages
 * arrive (a pager per pattern; the timeline merges one pager per kind), so a
 * ten-year range costs the memory of a page, not of the range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/cmd_lists.h"
#include "cli/cmd_sync.h"
#include "cli/names.h"
#include "cli/entity.h"
#include "datastore/decimal.h"
#include "datastore/insights.h"
#include "datastore/present.h"
#include "datastore/store_collect.h"
#include "util/xmalloc.h"

#define LIST_LIMIT_MAX 100000
/* Records a page asks for: DynamoDB's 1 MB a page cuts it sooner. */
#define LIST_PAGE 1000
/* The whole of time, for the lists without dates: [1970, 10000). */
#define TIME_FIRST 0LL
#define TIME_END 253402300800000LL

/* Reads --limit: how many records a list shows at most. */
int
list_limit(struct cli *c, const struct cli_args *a, size_t def, size_t *limit)
{
	const char *v = cli_get(a, "limit");
	long long n;
	const char *why;
	*limit = def;
	if (v == NULL)
		return CLI_OK;
	if (decimal_parse_int(v, &n, &why) != 0 || n < 1 || n > LIST_LIMIT_MAX)
		return cli_fail(c, CLI_USAGE, a->cmd, "--limit '%s': must be a whole number from 1 to %d", v,
		    LIST_LIMIT_MAX);
	*limit = (size_t)n;
	return CLI_OK;
}

int
list_options(struct cli *c, const struct cli_args *a, size_t def, struct list_opts *o)
{
	memset(o, 0, sizeof *o);
	o->limit_given = cli_has(a, "limit");
	o->reverse = cli_has(a, "reverse");
	return list_limit(c, a, def, &o->limit);
}

/* list_collect's page function over the command's: the profile rides with the first page. */
struct collect_ctx {
	struct cli *c;
	page_fn fn;
	const void *ctx;
	int rc;                  /* an exit code already reported (the user), else CLI_OK */
	bool profile_missing;    /* the first page's failure is the profile's */
};

static int
collect_page(void *arg, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct collect_ctx *k = arg;
	struct cli *c = k->c;
	struct model_user *profile = NULL;
	bool first = c->profile_pending;
	if (first) {
		/* The profile travels with the first page (cli_need_user_soon). */
		pg.profile_user = c->user_id;
		pg.profile = &profile;
	}
	table_err_clear(err);
	if (k->fn(c, k->ctx, pg, page, err) != 0) {
		k->profile_missing = first && profile == NULL && err->status == TABLE_NOT_FOUND;
		/* The only user remembered is gone: forgotten, the users asked again next time. */
		if (k->profile_missing && c->user_recalled)
			cli_only_user_remember(c, NULL);
		return -1;
	}
	if (profile != NULL) {
		cli_profile_arrived(c, profile);
	} else if (first && (k->rc = cli_need_user(c)) != CLI_OK) {
		/* A page that asked nothing (an empty range) brought no profile. */
		store_list_done(page);
		return table_err_set(err, TABLE_ERROR, "the user: reported");
	}
	return 0;
}

/* The exit code of a failed collect_page: the user's problem was reported already. */
static int
collect_fail(struct collect_ctx *k, const char *what, const struct table_err *err)
{
	if (k->rc != CLI_OK)
		return k->rc;
	return cli_table_fail(k->c, k->profile_missing ? "user" : what, err);
}

/*
 * Collects pages of a pattern until it is done or max records are in
 * (store_collect); a list cut short says so on stderr. Pages are never larger
 * than needed.
 */
int
list_collect(struct cli *c, const char *what, page_fn fn, const void *ctx, size_t max, struct store_list *all)
{
	struct collect_ctx k = { c, fn, ctx, CLI_OK, false };
	struct table_err err;
	bool cut = false;
	table_err_clear(&err);
	if (store_collect(collect_page, &k, LIST_PAGE, max, all, &cut, &err) != 0)
		return collect_fail(&k, what, &err);
	if (cut)
		fprintf(c->err, "ailife: %s: showing the first %zu; narrow the dates or raise --limit\n", what, max);
	return CLI_OK;
}

/*
 * A pattern read a page at a time: the records of the page at hand, then the
 * next page once they are used. want: records still to ask for.
 */
struct pager {
	struct collect_ctx k;
	char *cursor;
	bool started;
	size_t want;
	struct store_list page;
	size_t at;
	struct table_err err;
};

static void
pager_init(struct pager *p, struct cli *c, page_fn fn, const void *ctx, size_t want)
{
	memset(p, 0, sizeof *p);
	p->k = (struct collect_ctx){ c, fn, ctx, CLI_OK, false };
	p->want = want;
	table_err_clear(&p->err);
}

/* A first page read elsewhere (store_ranges asks every kind's at once). */
static void
pager_seed(struct pager *p, struct store_list *first)
{
	p->started = true;
	p->page = *first;
	memset(first, 0, sizeof *first);
	p->cursor = p->page.cursor;
	p->page.cursor = NULL;
	p->want = p->want > p->page.count ? p->want - p->page.count : 0;
}

/* The record at hand, NULL at the end of the list. -1 when a page failed (p->err). */
static int
pager_peek(struct pager *p, struct list_printer *out, const struct store_item **it)
{
	*it = NULL;
	while (p->at >= p->page.count) {
		if (p->started && (p->cursor == NULL || p->want == 0))
			return 0;
		if (out != NULL)
			list_printer_skipped(out, p->page.skipped);
		store_list_done(&p->page);
		p->at = 0;
		struct store_page_req pg = { p->cursor, p->want > LIST_PAGE ? LIST_PAGE : (int)p->want, NULL, NULL };
		int rc = collect_page(&p->k, pg, &p->page, &p->err);
		p->started = true;
		free(p->cursor);
		p->cursor = NULL;
		if (rc != 0) {
			memset(&p->page, 0, sizeof p->page);
			return -1;
		}
		p->cursor = p->page.cursor;
		p->page.cursor = NULL;
		p->want = p->want > p->page.count ? p->want - p->page.count : 0;
	}
	*it = &p->page.items[p->at];
	return 0;
}

static void
pager_pop(struct pager *p)
{
	p->at++;
}

static void
pager_done(struct pager *p, struct list_printer *out)
{
	if (out != NULL)
		list_printer_skipped(out, p->page.skipped);
	store_list_done(&p->page);
	free(p->cursor);
	p->cursor = NULL;
}

/* Records to ask for: limit and one more (to tell whether more follow), or all. */
static size_t
ask_for(size_t limit)
{
	return limit > 0 ? limit + 1 : SIZE_MAX;
}

/* Prints what p reads, up to limit; the first page may be read already. */
static int
stream_pager(struct pager *pgr, const char *what, size_t limit, struct list_printer *p, bool *more)
{
	const struct store_item *it;
	size_t n = 0;
	if (more != NULL)
		*more = false;
	for (;;) {
		if (pager_peek(pgr, p, &it) != 0) {
			int rc = collect_fail(&pgr->k, what, &pgr->err);
			pager_done(pgr, NULL);
			list_printer_end(p, false);
			return rc;
		}
		if (it == NULL)
			break;
		if (limit > 0 && n == limit) {
			if (more != NULL)
				*more = true;
			break;
		}
		list_printer_add(p, it->type, it->rec);
		n++;
		pager_pop(pgr);
	}
	pager_done(pgr, p);
	list_printer_end(p, true);
	return CLI_OK;
}

int
list_stream(struct cli *c, const char *what, page_fn fn, const void *ctx, size_t limit, struct list_printer *p,
    bool *more)
{
	struct pager pgr;
	pager_init(&pgr, c, fn, ctx, ask_for(limit));
	return stream_pager(&pgr, what, limit, p, more);
}

void
list_reverse(struct store_list *l)
{
	for (size_t i = 0; i < l->count / 2; i++) {
		struct store_item t = l->items[i];
		l->items[i] = l->items[l->count - 1 - i];
		l->items[l->count - 1 - i] = t;
	}
}

/* Keeps the first limit records of l (0: all); true when it dropped some. */
static bool
list_cap(struct store_list *l, size_t limit)
{
	if (limit == 0 || l->count <= limit)
		return false;
	for (size_t i = limit; i < l->count; i++)
		model_free(l->items[i].type, l->items[i].rec);
	l->count = limit;
	return true;
}

int
list_latest(struct cli *c, const char *what, page_fn newest_first, const void *ctx, int shape,
    const struct list_opts *o, const char *hint)
{
	struct collect_ctx k = { c, newest_first, ctx, CLI_OK, false };
	struct store_list l;
	struct table_err err;
	bool more = false;
	int rc;
	if (o->reverse) {
		/* Newest first is the pattern's order: a stream. */
		rc = list_stream(c, what, newest_first, ctx, o->limit, list_printer_new(c, shape, shape == MODEL_MEAL),
		    &more);
	} else {
		/* Oldest first: the latest limit records are held (at most --limit), then turned round. */
		table_err_clear(&err);
		if (store_collect(collect_page, &k, LIST_PAGE, ask_for(o->limit), &l, NULL, &err) != 0)
			return collect_fail(&k, what, &err);
		more = list_cap(&l, o->limit);
		entity_print_list(c, shape, &l, true);
		store_list_done(&l);
		rc = CLI_OK;
	}
	if (rc == CLI_OK && more && !o->limit_given)
		fprintf(c->err, "ailife: %s: the latest %zu; more with --limit N, or all of a range with %s\n", what,
		    o->limit, hint);
	return rc;
}

int
list_ascending(struct cli *c, const char *what, page_fn oldest_first, const void *ctx, int shape,
    const struct list_opts *o)
{
	struct collect_ctx k = { c, oldest_first, ctx, CLI_OK, false };
	struct store_list l;
	struct table_err err;
	if (!o->reverse)
		return list_stream(c, what, oldest_first, ctx, o->limit, list_printer_new(c, shape, shape == MODEL_MEAL),
		    NULL);
	/* The pattern has no newest-first form: the range is held and turned round. */
	table_err_clear(&err);
	if (store_collect(collect_page, &k, LIST_PAGE, SIZE_MAX, &l, NULL, &err) != 0)
		return collect_fail(&k, what, &err);
	list_reverse(&l);
	list_cap(&l, o->limit);
	entity_print_list(c, shape, &l, false);
	store_list_done(&l);
	return CLI_OK;
}

static const char *const goal_statuses[] = { "active", "paused", "completed", "archived" };

static size_t
status_rank(const char *s)
{
	size_t n = sizeof goal_statuses / sizeof goal_statuses[0];
	for (size_t i = 0; s != NULL && i < n; i++)
		if (strcmp(s, goal_statuses[i]) == 0)
			return i;
	return n;
}

/* Text that may be absent: absent sorts last. */
static int
text_cmp(const char *a, const char *b, bool fold)
{
	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	return fold ? strcasecmp(a, b) : strcmp(a, b);
}

static int
goal_cmp(const void *pa, const void *pb)
{
	const struct model_goal *a = ((const struct store_item *)pa)->rec, *b = ((const struct store_item *)pb)->rec;
	size_t ra = status_rank(a->status), rb = status_rank(b->status);
	int r;
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if ((r = text_cmp(a->due_date, b->due_date, false)) != 0)
		return r;
	if ((r = text_cmp(a->title, b->title, true)) != 0)
		return r;
	return text_cmp(a->goal_id, b->goal_id, false);
}

static int
user_cmp(const void *pa, const void *pb)
{
	const struct model_user *a = ((const struct store_item *)pa)->rec, *b = ((const struct store_item *)pb)->rec;
	int r = text_cmp(a->name, b->name, true);
	return r != 0 ? r : text_cmp(a->c.user_id, b->c.user_id, false);
}

int
list_sorted(struct cli *c, const char *what, page_fn fn, const void *ctx, int shape, const struct list_opts *o)
{
	struct collect_ctx k = { c, fn, ctx, CLI_OK, false };
	struct store_list l;
	struct table_err err;
	table_err_clear(&err);
	if (store_collect(collect_page, &k, LIST_PAGE, SIZE_MAX, &l, NULL, &err) != 0)
		return collect_fail(&k, what, &err);
	if (l.count > 1)
		qsort(l.items, l.count, sizeof *l.items, shape == MODEL_USER ? user_cmp : goal_cmp);
	if (o->reverse)
		list_reverse(&l);
	list_cap(&l, o->limit);
	entity_print_list(c, shape, &l, false);
	store_list_done(&l);
	return CLI_OK;
}

/* The sort rule: occurredAt, then the kind, then the id. */
static int
time_order(const struct store_item *a, const struct store_item *b)
{
	const char *ta = present_occurred_at(a->type, a->rec), *tb = present_occurred_at(b->type, b->rec);
	int r = strcmp(ta != NULL ? ta : "", tb != NULL ? tb : "");
	if (r != 0)
		return r;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	const char *ia = model_id(a->type, a->rec), *ib = model_id(b->type, b->rec);
	return strcmp(ia != NULL ? ia : "", ib != NULL ? ib : "");
}

static int
time_cmp(const void *pa, const void *pb)
{
	return time_order(pa, pb);
}

void
list_sort_by_time(struct store_list *l)
{
	if (l->count > 1)
		qsort(l->items, l->count, sizeof *l->items, time_cmp);
}

bool
list_filter_keeps(const struct list_filter *f, const struct store_item *it)
{
	if (f == NULL)
		return true;
	if (it->type == MODEL_JOURNAL) {
		const struct model_journal *j = it->rec;
		for (size_t i = 0; i < f->ntags; i++) {
			bool has = false;
			for (size_t k = 0; !has && k < j->tags.n; k++)
				has = insights_text_equal(j->tags.v[k], f->tags[i]);
			if (!has)
				return false;
		}
		if (f->text != NULL && !insights_text_match(j->title, f->text) && !insights_text_match(j->body, f->text))
			return false;
	} else if (it->type == MODEL_MEAL) {
		const struct model_meal *m = it->rec;
		if (f->name != NULL && !insights_text_match(m->name, f->name))
			return false;
	} else if (it->type == MODEL_GOAL) {
		const struct model_goal *g = it->rec;
		if (f->category != NULL && !insights_text_equal(g->category, f->category))
			return false;
	}
	return true;
}

void
list_filter_page(const struct list_filter *f, struct store_list *l)
{
	size_t k = 0;
	for (size_t i = 0; i < l->count; i++) {
		if (!list_filter_keeps(f, &l->items[i])) {
			model_free(l->items[i].type, l->items[i].rec);
			continue;
		}
		l->items[k++] = l->items[i];
	}
	l->count = k;
}

struct range_ctx {
	enum model_type type;
	ms_t from, to;
	bool newest_first;
	const struct list_filter *filter;   /* NULL: every record */
};

static int
range_page(struct cli *c, const void *ctx, struct store_page_req pg, struct store_list *out,
    struct table_err *err)
{
	const struct range_ctx *r = ctx;
	int rc;
	if (pg.profile != NULL && pg.cursor == NULL && r->type == MODEL_ACTIVITY && !c->goals_read) {
		/* Issue 15: the goals (for the names of the list) travel with the profile and the first page. */
		struct store_list goals;
		struct store_extras ex = { pg.profile_user, pg.profile, &goals };
		rc = store_ranges_with(c->t, c->user_id, &r->type, 1, r->from, r->to, r->newest_first, pg.limit, &ex, out,
		    err);
		if (rc == 0)
			names_goals_given(c, &goals);
	} else {
		rc = store_range(c->t, c->user_id, r->type, r->from, r->to, r->newest_first, pg, out, err);
	}
	if (rc == 0 && r->filter != NULL)
		list_filter_page(r->filter, out);
	return rc;
}

static const struct cli_opt range_opts[] = {
	RANGE_OPTS,
	LIST_OPTS,
	{ NULL, false, false },
};
/* The searches of journal list and meal list (issue 16). */
static const struct cli_opt journal_range_opts[] = {
	RANGE_OPTS,
	LIST_OPTS,
	{ "tag", true, true },
	{ NULL, false, false },
};
static const struct cli_opt meal_range_opts[] = {
	RANGE_OPTS,
	LIST_OPTS,
	{ "name", true, false },
	{ NULL, false, false },
};

#define FILTER_TAGS_MAX 16

/* --tag (repeatable) and --name of a list into f (tags: room for FILTER_TAGS_MAX). */
static int
filter_options(struct cli *c, const struct cli_args *a, const char *what, struct list_filter *f, const char **tags)
{
	memset(f, 0, sizeof *f);
	f->tags = tags;
	for (size_t i = 0; i < a->n; i++) {
		if (strcmp(a->v[i].opt->name, "tag") != 0)
			continue;
		if (a->v[i].value[0] == '\0')
			return cli_fail(c, CLI_USAGE, what, "--tag '': a tag is not empty");
		if (f->ntags == FILTER_TAGS_MAX)
			return cli_fail(c, CLI_USAGE, what, "--tag: at most %d", FILTER_TAGS_MAX);
		tags[f->ntags++] = a->v[i].value;
	}
	f->name = cli_get(a, "name");
	if (f->name != NULL && f->name[0] == '\0')
		return cli_fail(c, CLI_USAGE, what, "--name '': give some of the name");
	return CLI_OK;
}

/*
 * The journal without dates: the latest entries by occurredAt (AP9 over all
 * time, newest first), not by when they were typed in (AP13 is by id, the
 * creation time: an entry backfilled for last month belongs to last month).
 */
static int
journal_latest(struct cli *c, const char *what, const struct list_opts *o, const struct list_filter *f)
{
	struct range_ctx r = { MODEL_JOURNAL, TIME_FIRST, TIME_END, true, f };
	return list_latest(c, what, range_page, &r, MODEL_JOURNAL, o, "--from/--to");
}

int
cmd_range_list(struct cli *c, enum model_type type, int argc, char **argv)
{
	struct cli_args a;
	struct range_ctx r = { .type = type };
	struct list_opts o;
	struct list_filter filter;
	const char *tags[FILTER_TAGS_MAX];
	struct pager pgr;
	const struct store_item *first;
	char what[64];
	int rc;
	snprintf(what, sizeof what, "%s list", model_entity(type)->label);
	const struct cli_opt *opts = type == MODEL_JOURNAL ? journal_range_opts : type == MODEL_MEAL ? meal_range_opts :
	    range_opts;
	if ((rc = cli_parse(c, what, argc, argv, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = filter_options(c, &a, what, &filter, tags)) != CLI_OK)
		return rc;
	if (filter.ntags > 0 || filter.name != NULL)
		r.filter = &filter;
	bool dated = RANGE_GIVEN(&a);
	if ((rc = list_options(c, &a, type == MODEL_JOURNAL && !dated ? LIST_LATEST_DEFAULT : 0, &o)) != CLI_OK)
		return rc;
	if ((rc = cli_need_user_soon(c)) != CLI_OK)
		return rc;
	if (type == MODEL_JOURNAL && !dated)
		return journal_latest(c, what, &o, r.filter);
	/* Days in the machine's zone until the profile (with the first page) tells the user's. */
	if ((rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK)
		return rc;
	r.newest_first = o.reverse;
	pager_init(&pgr, c, range_page, &r, ask_for(o.limit));
	if (pager_peek(&pgr, NULL, &first) != 0) {
		rc = collect_fail(&pgr.k, what, &pgr.err);
		pager_done(&pgr, NULL);
		return rc;
	}
	if (c->zone_changed) {
		ms_t from = r.from, to = r.to;
		if ((rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK) {
			pager_done(&pgr, NULL);
			return rc;
		}
		if (r.from != from || r.to != to) {
			/* The user's days are other instants: ask again, before anything is printed. */
			pager_done(&pgr, NULL);
			pager_init(&pgr, c, range_page, &r, ask_for(o.limit));
		}
	}
	return stream_pager(&pgr, what, o.limit, list_printer_new(c, type, type == MODEL_MEAL), NULL);
}

/* The record commands every kind shares: add, list, show, edit, delete. */
static int
record_cmd(struct cli *c, enum model_type type, int argc, char **argv)
{
	const char *label = model_entity(type)->label;
	if (argc < 1)
		return cli_fail(c, CLI_USAGE, label, "missing subcommand (add, list, show, edit or delete)");
	const char *sub = argv[0];
	if (strcmp(sub, "add") == 0)
		return entity_add(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return cmd_range_list(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "show") == 0)
		return entity_show(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return entity_edit(c, type, argc - 1, argv + 1);
	if (strcmp(sub, "delete") == 0)
		return entity_delete(c, type, argc - 1, argv + 1);
	return cli_fail_unknown(c, label, "subcommand", sub, NULL);
}

int
cmd_journal(struct cli *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "search") == 0)
		return cmd_journal_search(c, argc - 1, argv + 1);
	return record_cmd(c, MODEL_JOURNAL, argc, argv);
}

/*
 * journal search TEXT: AP9 over the range (every day there is without one,
 * newest first like journal list: the latest --limit, default 20), title and
 * body matched on the client, folded case, page by page.
 */
int
cmd_journal_search(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	struct list_opts o;
	struct list_filter filter;
	const char *tags[FILTER_TAGS_MAX];
	int rc;
	if ((rc = cli_parse(c, "journal search", argc, argv, journal_range_opts, 1, 1, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	if ((rc = filter_options(c, &a, "journal search", &filter, tags)) != CLI_OK)
		return rc;
	filter.text = a.pos[0];
	if (filter.text[0] == '\0')
		return cli_fail(c, CLI_USAGE, "journal search", "'': give a word or more to look for");
	bool dated = RANGE_GIVEN(&a);
	if ((rc = list_options(c, &a, dated ? 0 : LIST_LATEST_DEFAULT, &o)) != CLI_OK)
		return rc;
	if ((rc = cli_need_user(c)) != CLI_OK)
		return rc;
	if (!dated)
		return journal_latest(c, "journal search", &o, &filter);
	struct range_ctx r = { MODEL_JOURNAL, 0, 0, o.reverse, &filter };
	if ((rc = cli_range(c, &a, &r.from, &r.to)) != CLI_OK)
		return rc;
	return list_stream(c, "journal search", range_page, &r, o.limit,
	    list_printer_new(c, MODEL_JOURNAL, false), NULL);
}

int
cmd_meal(struct cli *c, int argc, char **argv)
{
	return record_cmd(c, MODEL_MEAL, argc, argv);
}

int
cmd_workout(struct cli *c, int argc, char **argv)
{
	return record_cmd(c, MODEL_WORKOUT, argc, argv);
}

#define TIMELINE_KINDS 4

/*
 * The timeline: a k-way merge of one pager per kind, each in the sort rule's
 * order, so the merged list streams too; at most one page per kind is held.
 */
static int
timeline_merge(struct cli *c, struct pager *pg, size_t n, const struct list_opts *o)
{
	struct list_printer *p = list_printer_new(c, PRINT_TIMELINE, false);
	const struct store_item *head[TIMELINE_KINDS];
	size_t printed = 0;
	int rc = CLI_OK;
	for (size_t k = 0; k < n; k++)
		head[k] = NULL;
	while (o->limit == 0 || printed < o->limit) {
		size_t best = n;
		for (size_t k = 0; k < n; k++) {
			if (head[k] == NULL && pager_peek(&pg[k], p, &head[k]) != 0) {
				rc = collect_fail(&pg[k].k, "timeline", &pg[k].err);
				goto done;
			}
			if (head[k] == NULL)
				continue;
			if (best == n) {
				best = k;
				continue;
			}
			int cmp = time_order(head[k], head[best]);
			if (o->reverse ? cmp > 0 : cmp < 0)
				best = k;
		}
		if (best == n)
			break;
		list_printer_add(p, head[best]->type, head[best]->rec);
		printed++;
		pager_pop(&pg[best]);
		head[best] = NULL;
	}
done:
	for (size_t k = 0; k < n; k++)
		pager_done(&pg[k], rc == CLI_OK ? p : NULL);
	list_printer_end(p, rc == CLI_OK);
	return rc;
}

int
cmd_timeline(struct cli *c, int argc, char **argv)
{
	static const struct cli_opt opts[] = {
		RANGE_OPTS, { "type", true, true }, LIST_OPTS,
		{ NULL, false, false },
	};
	static const enum model_type kinds[TIMELINE_KINDS] = { MODEL_ACTIVITY, MODEL_JOURNAL, MODEL_MEAL,
		MODEL_WORKOUT };
	struct cli_args a;
	struct list_opts o;
	bool want[MODEL_TYPE_COUNT] = { false };
	bool any = false;
	int rc;
	if ((rc = cli_parse(c, "timeline", argc, argv, opts, 0, 0, NULL, &a)) != CLI_OK)
		return rc < 0 ? CLI_OK : rc;
	for (size_t i = 0; i < a.n; i++) {
		if (strcmp(a.v[i].opt->name, "type") != 0)
			continue;
		const struct model_entity *e = model_entity_by_name(a.v[i].value);
		if (e == NULL || !e->gsi2)
			return cli_fail(c, CLI_USAGE, "timeline", "--type '%s': use activity, journal, meal or workout",
			    a.v[i].value);
		want[e->type] = true;
		any = true;
	}
	if ((rc = list_options(c, &a, 0, &o)) != CLI_OK)
		return rc;
	/* Issue 15: the profile and the goals (for names) travel with the first pages. */
	if ((rc = cli_need_user_soon(c)) != CLI_OK)
		return rc;
	struct range_ctx r[TIMELINE_KINDS];
	enum model_type chosen[TIMELINE_KINDS];
	struct store_list first[TIMELINE_KINDS];
	struct pager pg[TIMELINE_KINDS];
	struct table_err err;
	size_t n = 0;
	ms_t from, to;
	if ((rc = cli_range(c, &a, &from, &to)) != CLI_OK)
		return rc;
	for (size_t k = 0; k < TIMELINE_KINDS; k++)
		if (!any || want[kinds[k]])
			chosen[n++] = kinds[k];
	/* The first page of every kind at once; then each kind's next page when the merge needs it. */
	size_t page = o.limit > 0 && o.limit < LIST_PAGE ? o.limit + 1 : LIST_PAGE;
	table_err_clear(&err);
	for (int pass = 0; pass < 2; pass++) {
		struct model_user *profile = NULL;
		struct store_list goals;
		struct store_extras ex = { c->user_id, &profile, c->goals_read ? NULL : &goals };
		bool with = c->profile_pending;
		if (store_ranges_with(c->t, c->user_id, chosen, n, from, to, o.reverse, (int)page, with ? &ex : NULL, first,
		    &err) != 0)
		{
			if (with && err.status == TABLE_NOT_FOUND && c->user_recalled)
				cli_only_user_remember(c, NULL);
			return cli_table_fail(c, with && err.status == TABLE_NOT_FOUND ? "user" : "timeline", &err);
		}
		if (!with)
			break;
		cli_profile_arrived(c, profile);
		if (ex.goals != NULL)
			names_goals_given(c, &goals);
		/* The user's days are not those of the zone remembered: asked again in theirs. */
		ms_t f2, t2;
		if (!c->zone_changed || (rc = cli_range(c, &a, &f2, &t2)) != CLI_OK || (f2 == from && t2 == to)) {
			if (rc != CLI_OK)
				return rc;
			break;
		}
		for (size_t k = 0; k < n; k++)
			store_list_done(&first[k]);
		from = f2;
		to = t2;
	}
	for (size_t k = 0; k < n; k++) {
		r[k] = (struct range_ctx){ chosen[k], from, to, o.reverse, NULL };
		pager_init(&pg[k], c, range_page, &r[k], ask_for(o.limit));
		pager_seed(&pg[k], &first[k]);
	}
	return timeline_merge(c, pg, n, &o);
}
