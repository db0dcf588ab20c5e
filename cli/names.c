#include "cli/names.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datastore/dates.h"
#include "datastore/store_collect.h"
#include "datastore/timefmt.h"
#include "util/xmalloc.h"

/* How many leading characters a and b share, case-insensitively. */
static size_t
common_prefix(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] != '\0' && b[n] != '\0' && tolower((unsigned char)a[n]) == tolower((unsigned char)b[n]))
		n++;
	return n;
}

struct id_at {
	const char *id;
	size_t at;
};

static int
id_cmp(const void *pa, const void *pb)
{
	const struct id_at *a = pa, *b = pb;
	return strcasecmp(a->id, b->id);
}

void
names_short_lengths(const char *const *ids, size_t n, size_t *len)
{
	/* Sorted, an id's longest shared prefix is with one of its two neighbours. */
	struct id_at *v = xcalloc(n > 0 ? n : 1, sizeof *v);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		len[i] = 0;
		if (ids[i] != NULL)
			v[m++] = (struct id_at){ ids[i], i };
	}
	qsort(v, m, sizeof *v, id_cmp);
	for (size_t k = 0; k < m; k++) {
		size_t need = 0, whole = strlen(v[k].id);
		if (k > 0 && strcasecmp(v[k - 1].id, v[k].id) != 0)
			need = common_prefix(v[k - 1].id, v[k].id) + 1;
		if (k + 1 < m && strcasecmp(v[k + 1].id, v[k].id) != 0) {
			size_t s = common_prefix(v[k + 1].id, v[k].id) + 1;
			if (s > need)
				need = s;
		}
		if (need < NAMES_SHORT_MIN)
			need = NAMES_SHORT_MIN;
		len[v[k].at] = need < whole ? need : whole;
	}
	free(v);
}

static int
goals_page(void *arg, struct store_page_req pg, struct store_list *page, struct table_err *err)
{
	struct cli *c = arg;
	return store_goals_list(c->t, c->user_id, pg, page, err);
}

const char *
names_goal_title(struct cli *c, const char *goal_id)
{
	if (goal_id == NULL || c->t == NULL || c->user_id == NULL || c->explain)
		return NULL;
	if (!c->goals_read) {
		struct table_err err;
		c->goals_read = true;
		table_err_clear(&err);
		/* A name is a nicety: when the goals cannot be read, ids are shown. */
		if (store_collect(goals_page, c, 1000, SIZE_MAX, &c->goals, NULL, &err) != 0)
			memset(&c->goals, 0, sizeof c->goals);
	}
	for (size_t i = 0; i < c->goals.count; i++) {
		const struct model_goal *g = c->goals.items[i].rec;
		if (g->goal_id != NULL && strcmp(g->goal_id, goal_id) == 0)
			return g->title;
	}
	return NULL;
}

void
names_done(struct cli *c)
{
	store_list_done(&c->goals);
	c->goals_read = false;
}

void
names_activity_handle(const struct model_activity *act, size_t goal_short, char *out, size_t size)
{
	ms_t ms;
	const char *g = act->goal_id != NULL ? act->goal_id : "?";
	size_t n = goal_short > 0 ? goal_short : NAMES_SHORT_MIN;
	if (n > strlen(g))
		n = strlen(g);
	if (act->occurred_at == NULL || timefmt_parse_key(act->occurred_at, &ms) != 0) {
		snprintf(out, size, "%.*s@?", (int)n, g);
		return;
	}
	char local[32];
	dates_local_format(ms, local, sizeof local);
	/* One word: "2026-12-04 08:30" becomes "2026-12-04T08:30". */
	char *sp = strchr(local, ' ');
	if (sp != NULL)
		*sp = 'T';
	snprintf(out, size, "%.*s@%s", (int)n, g, local);
}
