/*
 * Fuzz target: what people type into the insights commands: a status line's
 * --format (placeholders, goal names) rendered against figures, and the text
 * of journal search / meal list --name matched with Unicode case folding
 * against stored text. Input: FORMAT, a NUL byte, TEXT.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd_report.h"
#include "datastore/insights.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *a = xmalloc(size + 1);
	memcpy(a, data, size);
	a[size] = '\0';
	size_t na = strlen(a);
	const char *b = na < size ? a + na + 1 : "";
	/* Figures of one day with one goal whose title is the text. */
	struct insights_period p;
	struct day d = { 2026, 12, 4 };
	insights_period_init(&p, d, d, d);
	struct model_goal *g = model_new(MODEL_GOAL);
	g->goal_id = xstrdup("01JD8X0000000000000000000A");
	g->title = xstrdup(b);
	g->unit = xstrdup(b);
	g->status = xstrdup("active");
	g->target = (struct model_num){ true, 1000 };
	struct insights_report r;
	memset(&r, 0, sizeof r);
	r.period = p;
	r.goals = xcalloc(1, sizeof *r.goals);
	insights_goal_init(&r.goals[0], g, &p);
	insights_goal_finish(&r.goals[0], &p);
	r.ngoals = 1;
	insights_meals_init(&r.meals, &p, NULL);
	insights_workouts_init(&r.workouts, &p);
	insights_journal_init(&r.journal, &p);
	insights_meals_finish(&r.meals, &p);
	insights_workouts_finish(&r.workouts, &p);
	insights_journal_finish(&r.journal, &p);
	struct buf out;
	char why[256] = "";
	buf_init(&out, 0);
	if (status_format_render(a, &r, size % 2 == 0, &out, why, sizeof why) != 0) {
		if (why[0] == '\0' || out.len != 0)
			abort();
	}
	buf_done(&out);
	/* Matching: reflexive, the empty needle matches, equal texts match each other. */
	if (!insights_text_match(b, b) || !insights_text_match(b, "") || !insights_text_equal(b, b))
		abort();
	if (insights_text_equal(a, b) && (!insights_text_match(a, b) || !insights_text_match(b, a)))
		abort();
	(void)insights_text_match(b, a);
	insights_report_done(&r);
	model_free(MODEL_GOAL, g);
	free(a);
	return 0;
}
