/* Import's progress check: per goal of the file, its progress and the activities that add up to it. */
#include "cli/import_sums.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore/decimal.h"
#include "datastore/store.h"
#include "util/xmalloc.h"

struct goal_sum {
	char *user_id;           /* NULL: empty slot */
	char *goal_id;
	size_t goal_line;        /* 0: the goal is not in the file */
	long long progress;
	long long sum;           /* of the file's activities */
	size_t acts;
	size_t first_act_line;
	bool overflow;
};

struct import_sums {
	struct goal_sum *slots;
	size_t cap;              /* a power of two */
	size_t n;
};

struct import_sums *
import_sums_create(void)
{
	return xcalloc(1, sizeof(struct import_sums));
}

void
import_sums_free(struct import_sums *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->cap; i++) {
		free(s->slots[i].user_id);
		free(s->slots[i].goal_id);
	}
	free(s->slots);
	free(s);
}

static uint64_t
hash2(const char *a, const char *b)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *p = a; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	h = (h ^ 0xff) * 1099511628211ULL;
	for (const char *p = b; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h;
}

static struct goal_sum *
slot_of(struct goal_sum *slots, size_t cap, const char *user_id, const char *goal_id)
{
	size_t i = (size_t)(hash2(user_id, goal_id) & (cap - 1));
	while (slots[i].user_id != NULL &&
	    (strcmp(slots[i].user_id, user_id) != 0 || strcmp(slots[i].goal_id, goal_id) != 0))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static struct goal_sum *
entry(struct import_sums *s, const char *user_id, const char *goal_id)
{
	if (s->n + 1 > s->cap / 4 * 3) {
		size_t cap = s->cap == 0 ? 256 : s->cap * 2;
		struct goal_sum *slots = xcalloc(cap, sizeof *slots);
		for (size_t i = 0; i < s->cap; i++)
			if (s->slots[i].user_id != NULL)
				*slot_of(slots, cap, s->slots[i].user_id, s->slots[i].goal_id) = s->slots[i];
		free(s->slots);
		s->slots = slots;
		s->cap = cap;
	}
	struct goal_sum *g = slot_of(s->slots, s->cap, user_id, goal_id);
	if (g->user_id == NULL) {
		g->user_id = xstrdup(user_id);
		g->goal_id = xstrdup(goal_id);
		s->n++;
	}
	return g;
}

void
import_sums_note(struct import_sums *s, enum model_type type, const void *rec, size_t line)
{
	if (type == MODEL_GOAL) {
		const struct model_goal *goal = rec;
		struct goal_sum *g = entry(s, goal->c.user_id, goal->goal_id);
		g->goal_line = line;
		g->progress = goal->progress.v;
	} else if (type == MODEL_ACTIVITY) {
		const struct model_activity *a = rec;
		struct goal_sum *g = entry(s, a->c.user_id, a->goal_id);
		if (g->acts == 0)
			g->first_act_line = line;
		g->acts++;
		if (decimal_add(g->sum, a->amount.v, &g->sum) != 0)
			g->overflow = true;
	}
}

int
import_sums_check(struct import_sums *s, struct table *t,
    bool (*in_file)(void *ctx, const char *pk, const char *sk),
    void (*bad)(void *ctx, size_t line, const char *why), void *ctx, struct table_err *err)
{
	char why[512], a[DECIMAL_TEXT_MAX], b[DECIMAL_TEXT_MAX];

	for (size_t i = 0; i < s->cap; i++) {
		struct goal_sum *g = &s->slots[i];
		if (g->user_id == NULL)
			continue;
		if (g->goal_line == 0) {
			/* Adding to a stored goal's progress is log's business (W3): import only puts items. */
			snprintf(why, sizeof why, "an activity of goal %s, which is not in the file (%zu activit%s): "
			    "import a goal with its activities, as export writes them, or use 'ailife log'",
			    g->goal_id, g->acts, g->acts == 1 ? "y" : "ies");
			bad(ctx, g->first_act_line, why);
			continue;
		}
		long long stored = 0, total;
		size_t n_stored = 0;
		if (store_goal_activity_sum(t, g->user_id, g->goal_id, in_file, ctx, &stored, &n_stored, err) != 0)
			return -1;
		if (g->overflow || decimal_add(g->sum, stored, &total) != 0) {
			snprintf(why, sizeof why, "goal %s: its activities add up to more than a number holds", g->goal_id);
			bad(ctx, g->goal_line, why);
			continue;
		}
		if (total == g->progress)
			continue;
		decimal_format(g->progress, a);
		decimal_format(total, b);
		if (n_stored > 0) {
			char c1[DECIMAL_TEXT_MAX], c2[DECIMAL_TEXT_MAX];
			decimal_format(g->sum, c1);
			decimal_format(stored, c2);
			snprintf(why, sizeof why, "goal %s: progress is %s but its activities add up to %s "
			    "(%s in %zu of the file, %s in %zu already stored)", g->goal_id, a, b, c1, g->acts, c2, n_stored);
		} else {
			snprintf(why, sizeof why, "goal %s: progress is %s but its %zu activit%s add%s up to %s",
			    g->goal_id, a, g->acts, g->acts == 1 ? "y" : "ies", g->acts == 1 ? "s" : "", b);
		}
		bad(ctx, g->goal_line, why);
	}
	return 0;
}
