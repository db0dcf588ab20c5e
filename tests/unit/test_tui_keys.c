/*
 * Tests of tui/keys: the key table itself (every action bound and explained,
 * no key bound twice where one screen looks, what the help names is what the
 * key does), lookups with special keys, and the help generated from the table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/dialog.h"
#include "tui/form.h"
#include "tui/keys.h"
#include "views/goal.h"
#include "views/views.h"

#define FN(k) (TUI_FN | (k))
#define MAXB 256
#define ALL_CONTEXTS 0x7ffu

static struct tui_key_binding tab[MAXB];
static size_t ntab;

static int
load_table(void **state)
{
	ntab = 0;
	while (ntab < MAXB && tui_keys_binding(ntab, &tab[ntab]))
		ntab++;
	return ntab > 0 && ntab < MAXB ? 0 : -1;
}

/* The code a key name of the help stands for ("C-s", "PgUp", "g"); 0 when unknown. */
static int
key_code(const char *name)
{
	static const struct {
		const char *name;
		int code;
	} named[] = {
		{ "Tab", '\t' }, { "S-Tab", FN(KEY_BTAB) }, { "Esc", TUI_ESC }, { "Enter", '\r' },
		{ "Up", FN(KEY_UP) }, { "Down", FN(KEY_DOWN) }, { "Left", FN(KEY_LEFT) },
		{ "Right", FN(KEY_RIGHT) }, { "PgUp", FN(KEY_PPAGE) }, { "PgDn", FN(KEY_NPAGE) },
		{ "Home", FN(KEY_HOME) }, { "End", FN(KEY_END) }, { "Backspace", FN(KEY_BACKSPACE) },
		{ "Del", FN(KEY_DC) }, { "mouse", FN(KEY_MOUSE) },
	};
	for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
		if (strcmp(named[i].name, name) == 0)
			return named[i].code;
	if (name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z' && name[3] == '\0')
		return TUI_CTRL(name[2]);
	if (name[0] > ' ' && name[0] < 0x7f && name[1] == '\0')
		return name[0];
	return 0;
}

/* Splits a help row's keys ("k / Up") into names; returns how many. */
static size_t
split_keys(const char *keys, char names[][16], size_t max)
{
	size_t n = 0;
	const char *p = keys;
	while (*p != '\0' && n < max) {
		const char *sep = strstr(p, " / ");
		size_t len = sep != NULL ? (size_t)(sep - p) : strlen(p);
		if (len >= 16)
			fail_msg("key name too long in \"%s\"", keys);
		memcpy(names[n], p, len);
		names[n][len] = '\0';
		n++;
		p += len;
		if (sep != NULL)
			p += 3;
	}
	return n;
}

/* ---- the table ---- */

static void
test_every_action_bound(void **state)
{
	for (int act = TUI_ACT_NONE + 1; act < TUI_ACT_COUNT; act++) {
		bool found = false;
		for (size_t i = 0; i < ntab; i++)
			if ((int)tab[i].act == act && tab[i].ncodes > 0)
				found = true;
		if (!found)
			fail_msg("action %d has no key", act);
	}
	for (size_t i = 0; i < ntab; i++) {
		assert_true(tab[i].act > TUI_ACT_NONE && tab[i].act < TUI_ACT_COUNT);
		assert_true(tab[i].ncodes > 0);
		assert_int_not_equal(tab[i].contexts, 0);
		assert_int_equal(tab[i].contexts & ~ALL_CONTEXTS, 0);
		/* The first row of the table opens a section (the help starts with a heading). */
		if (i == 0)
			assert_non_null(tab[i].section);
	}
}

/* Every binding has its help: its own row, or the row above it in the same section (a "k / j" row). */
static void
test_every_action_explained(void **state)
{
	const struct tui_key_binding *row = NULL;
	for (size_t i = 0; i < ntab; i++) {
		if (tab[i].section != NULL) {
			assert_true(tab[i].section[0] != '\0');
			row = NULL;
		}
		if (tab[i].keys != NULL) {
			assert_non_null(tab[i].help);
			assert_true(tab[i].keys[0] != '\0' && tab[i].help[0] != '\0');
			row = &tab[i];
		} else {
			assert_null(tab[i].help);
			if (row == NULL)
				fail_msg("binding %zu (action %d) has no help row", i, tab[i].act);
			/* A shared row holds where its keys hold. */
			assert_int_equal(tab[i].contexts & row->contexts, tab[i].contexts);
		}
	}
}

/* What a help row names is what those keys do, and it names each binding's first key. */
static void
test_help_names_the_keys(void **state)
{
	for (size_t i = 0; i < ntab; i++) {
		if (tab[i].keys == NULL)
			continue;
		size_t end = i + 1;
		while (end < ntab && tab[end].keys == NULL && tab[end].section == NULL)
			end++;
		char names[8][16];
		size_t n = split_keys(tab[i].keys, names, 8);
		assert_true(n >= 1);
		for (size_t k = 0; k < n; k++) {
			int code = key_code(names[k]);
			if (code == 0)
				fail_msg("help row \"%s\": unknown key name \"%s\"", tab[i].keys, names[k]);
			/* In every context of the row, the named key does one of the row's actions. */
			for (unsigned bit = 1; bit <= ALL_CONTEXTS; bit <<= 1) {
				if ((tab[i].contexts & bit) == 0)
					continue;
				enum tui_action got = tui_keys_action(code, bit);
				bool ok = false;
				for (size_t g = i; g < end; g++)
					ok = ok || got == tab[g].act;
				if (!ok)
					fail_msg("help row \"%s\": %s does action %d in context %#x", tab[i].keys,
					    names[k], got, bit);
			}
		}
		for (size_t g = i; g < end; g++) {
			bool named = false;
			for (size_t k = 0; k < n; k++)
				named = named || key_code(names[k]) == tab[g].codes[0];
			if (!named)
				fail_msg("help row \"%s\" does not name key %#x of action %d", tab[i].keys,
				    tab[g].codes[0], tab[g].act);
		}
	}
}

/* Each key of a binding reaches its action in each of its contexts: nothing earlier shadows it. */
static void
test_lookup_matches_table(void **state)
{
	for (size_t i = 0; i < ntab; i++)
		for (size_t k = 0; k < tab[i].ncodes; k++)
			for (unsigned bit = 1; bit <= ALL_CONTEXTS; bit <<= 1)
				if ((tab[i].contexts & bit) != 0 && tui_keys_action(tab[i].codes[k], bit) != tab[i].act)
					fail_msg("key %#x of action %d is taken by action %d in context %#x",
					    tab[i].codes[k], tab[i].act, tui_keys_action(tab[i].codes[k], bit), bit);
}

struct scope {
	const char *name;
	unsigned contexts;
	bool text_input;
};

/* No key is bound twice where one screen looks (its own contexts), for every screen there is. */
static void
test_no_key_twice_in_a_scope(void **state)
{
	const struct tui_screen *screens[] = {
		&view_profile_screen, &view_goals_screen, &view_timeline_screen, &view_journal_screen,
		&view_meals_screen, &view_workouts_screen, &view_welcome_screen, &view_picker_screen,
		&view_goal_screen, &tui_form_screen, &tui_dialog_screen,
	};
	struct scope scopes[32];
	size_t ns = 0;
	for (unsigned bit = 1; bit <= ALL_CONTEXTS; bit <<= 1)
		scopes[ns++] = (struct scope){ "one context", bit, false };
	for (size_t s = 0; s < sizeof screens / sizeof screens[0]; s++) {
		assert_int_not_equal(screens[s]->keys, 0);
		scopes[ns++] = (struct scope){ screens[s]->name, screens[s]->keys, screens[s]->text_input };
	}
	for (size_t s = 0; s < ns; s++) {
		for (size_t i = 0; i < ntab; i++) {
			if ((tab[i].contexts & scopes[s].contexts) == 0)
				continue;
			for (size_t k = 0; k < tab[i].ncodes; k++) {
				for (size_t k2 = k + 1; k2 < tab[i].ncodes; k2++)
					assert_int_not_equal(tab[i].codes[k], tab[i].codes[k2]);
				for (size_t j = i + 1; j < ntab; j++) {
					if ((tab[j].contexts & scopes[s].contexts) == 0)
						continue;
					for (size_t k2 = 0; k2 < tab[j].ncodes; k2++)
						if (tab[j].codes[k2] == tab[i].codes[k])
							fail_msg("%s (%#x): key %#x bound to actions %d and %d",
							    scopes[s].name, scopes[s].contexts, tab[i].codes[k], tab[i].act,
							    tab[j].act);
				}
			}
		}
	}
}

/*
 * A screen's keys come before the global ones; only these may hide a global
 * key on purpose (a form's Tab moves between fields, Esc answers a question).
 */
static const struct shadow {
	unsigned contexts;
	int code;
} allowed_shadows[] = {
	{ TUI_KC_FORM, '\t' },
	{ TUI_KC_FORM, FN(KEY_BTAB) },
	{ TUI_KC_FORM, TUI_ESC },
	{ TUI_KC_DIALOG, TUI_ESC },
	{ TUI_KC_REPEAT, 'r' },          /* meals, workouts: r repeats; R refreshes there */
};

static void
test_global_keys_not_hidden(void **state)
{
	for (size_t i = 0; i < ntab; i++) {
		if ((tab[i].contexts & TUI_KC_GLOBAL) == 0)
			continue;
		for (unsigned bit = TUI_KC_GLOBAL << 1; bit <= ALL_CONTEXTS; bit <<= 1) {
			for (size_t k = 0; k < tab[i].ncodes; k++) {
				enum tui_action got = tui_keys_action(tab[i].codes[k], bit);
				if (got == TUI_ACT_NONE || got == tab[i].act)
					continue;
				bool ok = false;
				for (size_t s = 0; s < sizeof allowed_shadows / sizeof allowed_shadows[0]; s++)
					ok = ok || (allowed_shadows[s].contexts == bit &&
					    allowed_shadows[s].code == tab[i].codes[k]);
				if (!ok)
					fail_msg("global key %#x (action %d) is hidden by action %d in context %#x",
					    tab[i].codes[k], tab[i].act, got, bit);
			}
		}
	}
	/* The allowed ones do hide it (else the list is stale). */
	for (size_t s = 0; s < sizeof allowed_shadows / sizeof allowed_shadows[0]; s++) {
		enum tui_action g = tui_keys_action(allowed_shadows[s].code, TUI_KC_GLOBAL);
		enum tui_action l = tui_keys_action(allowed_shadows[s].code, allowed_shadows[s].contexts);
		assert_int_not_equal(g, TUI_ACT_NONE);
		assert_int_not_equal(l, TUI_ACT_NONE);
		assert_int_not_equal(g, l);
	}
}

/* ---- lookups ---- */

static const struct lookup_case {
	int code;
	unsigned contexts;
	enum tui_action want;
} lookups[] = {
	{ 'q', TUI_KC_GLOBAL, TUI_ACT_QUIT },
	{ TUI_CTRL('c'), TUI_KC_GLOBAL, TUI_ACT_QUIT },
	{ '?', TUI_KC_GLOBAL, TUI_ACT_HELP },
	{ FN(KEY_F(1)), TUI_KC_GLOBAL, TUI_ACT_HELP },
	{ '1', TUI_KC_GLOBAL, TUI_ACT_SCREEN1 },
	{ '6', TUI_KC_GLOBAL, TUI_ACT_SCREEN6 },
	{ '7', TUI_KC_GLOBAL, TUI_ACT_NONE },
	{ '\t', TUI_KC_GLOBAL, TUI_ACT_NEXT_SCREEN },
	{ FN(KEY_BTAB), TUI_KC_GLOBAL, TUI_ACT_PREV_SCREEN },
	{ TUI_ESC, TUI_KC_GLOBAL, TUI_ACT_BACK },
	{ TUI_CTRL('l'), TUI_KC_GLOBAL, TUI_ACT_REDRAW },
	{ TUI_CTRL('z'), TUI_KC_GLOBAL, TUI_ACT_SUSPEND },
	{ TUI_CTRL('z'), TUI_KC_FORM, TUI_ACT_SUSPEND },
	/* Special keys: a function key is not the character with the same number. */
	{ FN(KEY_UP), TUI_KC_LIST, TUI_ACT_UP },
	{ KEY_UP, TUI_KC_LIST, TUI_ACT_NONE },
	{ FN(KEY_DOWN), TUI_KC_LIST, TUI_ACT_DOWN },
	{ FN(KEY_NPAGE), TUI_KC_LIST, TUI_ACT_PGDN },
	{ ' ', TUI_KC_LIST, TUI_ACT_PGDN },
	{ FN(KEY_PPAGE), TUI_KC_LIST, TUI_ACT_PGUP },
	{ FN(KEY_HOME), TUI_KC_LIST, TUI_ACT_TOP },
	{ FN(KEY_END), TUI_KC_LIST, TUI_ACT_BOTTOM },
	{ 'G', TUI_KC_LIST, TUI_ACT_BOTTOM },
	{ '\n', TUI_KC_LIST, TUI_ACT_ENTER },
	{ FN(KEY_ENTER), TUI_KC_LIST, TUI_ACT_ENTER },
	{ FN(KEY_DC), TUI_KC_LIST, TUI_ACT_DELETE },
	{ '/', TUI_KC_LIST, TUI_ACT_FILTER },
	/* The same key, other contexts. */
	{ FN(KEY_DC), TUI_KC_FORM, TUI_ACT_DELCHAR },
	{ FN(KEY_HOME), TUI_KC_FORM, TUI_ACT_LINE_START },
	{ TUI_CTRL('a'), TUI_KC_FORM, TUI_ACT_LINE_START },
	{ TUI_CTRL('e'), TUI_KC_FORM, TUI_ACT_LINE_END },
	{ TUI_CTRL('k'), TUI_KC_FORM, TUI_ACT_KILL_END },
	{ TUI_CTRL('u'), TUI_KC_FORM, TUI_ACT_KILL_START },
	{ 127, TUI_KC_FORM, TUI_ACT_BACKSPACE },
	{ TUI_CTRL('h'), TUI_KC_FORM, TUI_ACT_BACKSPACE },
	{ FN(KEY_BACKSPACE), TUI_KC_FORM, TUI_ACT_BACKSPACE },
	{ TUI_CTRL('s'), TUI_KC_FORM, TUI_ACT_SAVE },
	{ FN(KEY_F(2)), TUI_KC_FORM, TUI_ACT_SAVE },
	{ TUI_ESC, TUI_KC_FORM, TUI_ACT_CANCEL },
	{ '\t', TUI_KC_FORM, TUI_ACT_NEXT_FIELD },
	{ FN(KEY_DOWN), TUI_KC_FORM, TUI_ACT_NEXT_FIELD },
	{ FN(KEY_BTAB), TUI_KC_FORM, TUI_ACT_PREV_FIELD },
	{ '\r', TUI_KC_FORM, TUI_ACT_NEWLINE },
	{ TUI_CTRL('o'), TUI_KC_FORM, TUI_ACT_FIELD_EDITOR },
	{ 'a', TUI_KC_FORM, TUI_ACT_NONE },          /* text in a form */
	{ 'q', TUI_KC_FORM, TUI_ACT_NONE },
	{ 'd', TUI_KC_LIST, TUI_ACT_DELETE },
	{ 'd', TUI_KC_WELCOME, TUI_ACT_DEMO },
	{ 'l', TUI_KC_GOALS, TUI_ACT_LOG },
	{ 'l', TUI_KC_PERIOD, TUI_ACT_NEXT_PERIOD },
	{ 'l', TUI_KC_PROFILE, TUI_ACT_LOG },
	{ 'h', TUI_KC_PERIOD, TUI_ACT_PREV_PERIOD },
	{ FN(KEY_LEFT), TUI_KC_PERIOD, TUI_ACT_PREV_PERIOD },
	{ FN(KEY_LEFT), TUI_KC_FORM, TUI_ACT_LEFT },
	{ FN(KEY_RIGHT), TUI_KC_FORM, TUI_ACT_RIGHT },
	{ 'e', TUI_KC_PROFILE, TUI_ACT_PROFILE_EDIT },
	{ 'e', TUI_KC_LIST, TUI_ACT_EDIT },
	{ 'E', TUI_KC_JOURNAL, TUI_ACT_EDITOR },
	{ 'c', TUI_KC_WELCOME, TUI_ACT_ADD },
	{ 'Y', TUI_KC_DIALOG, TUI_ACT_YES },
	{ TUI_ESC, TUI_KC_DIALOG, TUI_ACT_NO },
	/* Several contexts at once: the union, first binding in table order. */
	{ 'q', TUI_KC_GLOBAL | TUI_KC_LIST, TUI_ACT_QUIT },
	{ 'j', TUI_KC_GLOBAL | TUI_KC_LIST, TUI_ACT_DOWN },
	{ 't', TUI_KC_LIST | TUI_KC_PERIOD, TUI_ACT_TODAY },
	{ '\t', TUI_KC_GLOBAL | TUI_KC_FORM, TUI_ACT_NEXT_SCREEN },
	/* Nowhere, nothing. */
	{ 'q', 0, TUI_ACT_NONE },
	{ 'j', TUI_KC_GLOBAL, TUI_ACT_NONE },
	{ 0, ALL_CONTEXTS, TUI_ACT_NONE },
	{ -1, ALL_CONTEXTS, TUI_ACT_NONE },
	{ 0x263a, ALL_CONTEXTS, TUI_ACT_NONE },
	{ FN(KEY_RESIZE), ALL_CONTEXTS, TUI_ACT_NONE },
};

static void
test_lookup(void **state)
{
	for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
		enum tui_action got = tui_keys_action(lookups[i].code, lookups[i].contexts);
		if (got != lookups[i].want)
			fail_msg("case %zu: key %#x in %#x: action %d, expected %d", i, lookups[i].code,
			    lookups[i].contexts, got, lookups[i].want);
	}
}

static const struct text_case {
	int code;
	bool text;
} texts[] = {
	{ 'a', true }, { ' ', true }, { '~', true }, { 0xe9, true }, { 0xa0, true }, { 0x4e2d, true },
	{ 0x1f600, true }, { 0x10ffff, true }, { 0xfffd, true },
	{ 0, false }, { '\t', false }, { '\r', false }, { '\n', false }, { TUI_ESC, false }, { 0x1f, false },
	{ 0x7f, false }, { 0x80, false }, { 0x9b, false }, { 0x9f, false },
	{ 0xd800, false }, { 0xdfff, false }, { 0x110000, false }, { -1, false },
	{ FN(KEY_UP), false }, { FN('a'), false }, { FN(KEY_F(1)), false },
};

static void
test_is_text(void **state)
{
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
		if (tui_keys_is_text(texts[i].code) != texts[i].text)
			fail_msg("code %#x: text %d, expected %d", texts[i].code, !texts[i].text, texts[i].text);
}

/* ---- the help ---- */

static size_t
expected_help(struct tui_help_line *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < ntab; i++) {
		if (tab[i].section != NULL) {
			if (n > 0) {
				assert_true(n < max);
				out[n++] = (struct tui_help_line){ NULL, NULL, NULL, TUI_ACT_NONE };
			}
			assert_true(n < max);
			out[n++] = (struct tui_help_line){ tab[i].section, NULL, NULL, TUI_ACT_NONE };
		}
		if (tab[i].keys != NULL) {
			assert_true(n < max);
			out[n++] = (struct tui_help_line){ NULL, tab[i].keys, tab[i].help, TUI_ACT_NONE };
		}
	}
	return n;
}

static void
assert_line(const struct tui_help_line *got, const struct tui_help_line *want, size_t i)
{
	if ((got->section == NULL) != (want->section == NULL) || (got->keys == NULL) != (want->keys == NULL) ||
	    (got->help == NULL) != (want->help == NULL) ||
	    (got->section != NULL && strcmp(got->section, want->section) != 0) ||
	    (got->keys != NULL && strcmp(got->keys, want->keys) != 0) ||
	    (got->help != NULL && strcmp(got->help, want->help) != 0))
		fail_msg("help line %zu: [%s|%s|%s], expected [%s|%s|%s]", i, got->section ? got->section : "-",
		    got->keys ? got->keys : "-", got->help ? got->help : "-", want->section ? want->section : "-",
		    want->keys ? want->keys : "-", want->help ? want->help : "-");
}

static void
test_help_from_table(void **state)
{
	struct tui_help_line want[MAXB * 3], got[MAXB * 3];
	size_t nw = expected_help(want, MAXB * 3);
	size_t ng = tui_keys_help(got, MAXB * 3);
	assert_int_equal(ng, nw);
	for (size_t i = 0; i < ng; i++)
		assert_line(&got[i], &want[i], i);
	/* Its shape: a heading first, a blank line before every later heading, rows under headings. */
	assert_non_null(got[0].section);
	size_t headings = 0, rows = 0;
	for (size_t i = 0; i < ng; i++) {
		if (got[i].section != NULL) {
			headings++;
			if (i > 0)
				assert_true(got[i - 1].section == NULL && got[i - 1].keys == NULL);
		} else if (got[i].keys != NULL) {
			rows++;
		} else {
			assert_true(i + 1 < ng && got[i + 1].section != NULL);
		}
	}
	size_t sections = 0, named = 0;
	for (size_t i = 0; i < ntab; i++) {
		sections += tab[i].section != NULL;
		named += tab[i].keys != NULL;
	}
	assert_int_equal(headings, sections);
	assert_int_equal(rows, named);
	/* Known rows are there. */
	bool quit = false, save = false;
	for (size_t i = 0; i < ng; i++) {
		quit = quit || (got[i].keys != NULL && strcmp(got[i].keys, "q") == 0 && strcmp(got[i].help, "quit") == 0);
		save = save || (got[i].keys != NULL && strcmp(got[i].keys, "C-s") == 0 && strcmp(got[i].help, "save") == 0);
	}
	assert_true(quit);
	assert_true(save);
}

/* A short buffer gets the beginning of the help and never more lines than it holds. */
static void
test_help_truncated(void **state)
{
	struct tui_help_line full[MAXB * 3];
	size_t n = tui_keys_help(full, MAXB * 3);
	for (size_t max = 0; max <= n + 2; max++) {
		struct tui_help_line *out = calloc(max + 1, sizeof *out);
		assert_non_null(out);
		out[max] = (struct tui_help_line){ "guard", "guard", "guard", TUI_ACT_NONE };
		size_t got = tui_keys_help(out, max);
		assert_int_equal(got, max < n ? max : n);
		for (size_t i = 0; i < got; i++)
			assert_line(&out[i], &full[i], i);
		assert_string_equal(out[max].section, "guard");
		free(out);
	}
}

static void
test_binding_past_end(void **state)
{
	struct tui_key_binding b;
	assert_false(tui_keys_binding(ntab, &b));
	assert_false(tui_keys_binding((size_t)-1, &b));
	assert_true(tui_keys_binding(0, &b));
	assert_int_equal(b.act, tab[0].act);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_action_bound),
		cmocka_unit_test(test_every_action_explained),
		cmocka_unit_test(test_help_names_the_keys),
		cmocka_unit_test(test_lookup_matches_table),
		cmocka_unit_test(test_no_key_twice_in_a_scope),
		cmocka_unit_test(test_global_keys_not_hidden),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_is_text),
		cmocka_unit_test(test_help_from_table),
		cmocka_unit_test(test_help_truncated),
		cmocka_unit_test(test_binding_past_end),
	};
	return cmocka_run_group_tests(tests, load_table, NULL);
}
