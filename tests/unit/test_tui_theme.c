/*
 * Tests of tui/theme: with NO_COLOR set (non-empty) or on a terminal without
 * colours every role is attributes only, and the roles people must tell apart
 * still differ; with colours each role has its own pair. Curses runs on
 * /dev/null (newterm), one screen per terminal type.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCURSES_WIDECHAR 1
#include <curses.h>

#include "tui/theme.h"

#define ATTRS_ONLY (A_BOLD | A_REVERSE | A_UNDERLINE | A_DIM)

struct term {
	SCREEN *scr;
	FILE *out, *in;
};

static void
term_open(struct term *t, const char *type)
{
	t->out = fopen("/dev/null", "w");
	t->in = fopen("/dev/null", "r");
	assert_non_null(t->out);
	assert_non_null(t->in);
	t->scr = newterm(type, t->out, t->in);
	if (t->scr == NULL)
		fail_msg("no terminal %s", type);
	set_term(t->scr);
}

static void
term_close(struct term *t)
{
	endwin();
	delscreen(t->scr);
	fclose(t->out);
	fclose(t->in);
}

/* Runs tui_theme_init on a fresh terminal of type with NO_COLOR as given (NULL: unset). */
static void
init_with(struct term *t, const char *type, const char *no_color)
{
	if (no_color != NULL)
		setenv("NO_COLOR", no_color, 1);
	else
		unsetenv("NO_COLOR");
	term_open(t, type);
	tui_theme_init();
}

/* Roles a screen shows side by side: without colour their attributes must still differ. */
static const enum tui_role apart[][2] = {
	{ TUI_R_NORMAL, TUI_R_SELECTED },
	{ TUI_R_TAB, TUI_R_TAB_ACTIVE },
	{ TUI_R_FIELD, TUI_R_FIELD_ACTIVE },
	{ TUI_R_FIELD, TUI_R_INVALID },
	{ TUI_R_FIELD_ACTIVE, TUI_R_INVALID },
	{ TUI_R_NORMAL, TUI_R_ERROR },
	{ TUI_R_NORMAL, TUI_R_DIM },
	{ TUI_R_NORMAL, TUI_R_TITLE },
	{ TUI_R_NORMAL, TUI_R_STATUS },
	{ TUI_R_BAR, TUI_R_BAR_EMPTY },
	{ TUI_R_NORMAL, TUI_R_FIELD },
};

/* What the roles look like without colour. */
static const struct mono_case {
	enum tui_role role;
	int must;                /* these attributes at least */
} monos[] = {
	{ TUI_R_SELECTED, A_REVERSE },
	{ TUI_R_STATUS, A_REVERSE },
	{ TUI_R_TAB, A_REVERSE },
	{ TUI_R_FIELD_ACTIVE, A_REVERSE },
	{ TUI_R_ERROR, A_BOLD },
	{ TUI_R_TITLE, A_BOLD },
	{ TUI_R_FIELD, A_UNDERLINE },
	{ TUI_R_DIM, A_DIM },
};

static void
assert_attributes_only(const char *what)
{
	assert_false(tui_theme_colour());
	assert_int_equal(tui_theme_attr(TUI_R_NORMAL), 0);
	for (int r = 0; r < TUI_R_COUNT; r++) {
		int a = tui_theme_attr((enum tui_role)r);
		if ((a & A_COLOR) != 0)
			fail_msg("%s: role %d has colour pair %d", what, r, (int)PAIR_NUMBER(a));
		if ((a & ~ATTRS_ONLY) != 0)
			fail_msg("%s: role %d has attributes %#x", what, r, a);
		if (r != TUI_R_NORMAL && a == 0)
			fail_msg("%s: role %d looks like normal text", what, r);
	}
	for (size_t i = 0; i < sizeof apart / sizeof apart[0]; i++)
		if (tui_theme_attr(apart[i][0]) == tui_theme_attr(apart[i][1]))
			fail_msg("%s: roles %d and %d look the same", what, apart[i][0], apart[i][1]);
	for (size_t i = 0; i < sizeof monos / sizeof monos[0]; i++)
		if ((tui_theme_attr(monos[i].role) & monos[i].must) != monos[i].must)
			fail_msg("%s: role %d lacks %#x", what, monos[i].role, monos[i].must);
}

/* Before any init (no terminal yet): attributes only. */
static void
test_before_init(void **state)
{
	assert_attributes_only("before init");
}

static const struct mode_case {
	const char *term;
	const char *no_color;    /* NULL: unset */
	bool colour;
} modes[] = {
	{ "xterm-256color", "1", false },
	{ "xterm-256color", "yes", false },
	{ "xterm-256color", "0", false },       /* any non-empty value */
	{ "xterm-256color", NULL, true },
	{ "xterm-256color", "", true },         /* empty: as if unset */
	{ "xterm", NULL, true },
	{ "xterm", "1", false },
	{ "vt100", NULL, false },               /* no colours */
	{ "xterm-mono", NULL, false },
	{ "dumb", NULL, false },
	{ "xterm-256color", "1", false },       /* colour on, then off again: init starts over */
};

static void
test_modes(void **state)
{
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		struct term t;
		char what[64];
		snprintf(what, sizeof what, "%s NO_COLOR=%s", modes[i].term,
		    modes[i].no_color != NULL ? modes[i].no_color : "(unset)");
		init_with(&t, modes[i].term, modes[i].no_color);
		if (tui_theme_colour() != modes[i].colour)
			fail_msg("%s: colour %d", what, tui_theme_colour());
		if (!modes[i].colour) {
			assert_attributes_only(what);
		} else {
			/* Each role its own pair; normal text the terminal's own. */
			assert_int_equal(tui_theme_attr(TUI_R_NORMAL), 0);
			for (int r = 1; r < TUI_R_COUNT; r++) {
				int a = tui_theme_attr((enum tui_role)r);
				if ((int)PAIR_NUMBER(a) != r)
					fail_msg("%s: role %d has pair %d", what, r, (int)PAIR_NUMBER(a));
				short fg, bg;
				assert_int_equal(pair_content((short)r, &fg, &bg), OK);
				assert_true(fg != bg || fg == -1);
			}
			short fg, bg;
			pair_content(TUI_R_ERROR, &fg, &bg);
			assert_int_equal(fg, COLOR_RED);
			pair_content(TUI_R_SELECTED, &fg, &bg);
			assert_int_not_equal(bg, -1);
		}
		term_close(&t);
	}
	unsetenv("NO_COLOR");
}

static void
test_out_of_range(void **state)
{
	struct term t;
	for (int colour = 0; colour < 2; colour++) {
		init_with(&t, "xterm-256color", colour ? NULL : "1");
		assert_int_equal(tui_theme_colour(), colour);
		assert_int_equal(tui_theme_attr((enum tui_role)-1), 0);
		assert_int_equal(tui_theme_attr(TUI_R_COUNT), 0);
		assert_int_equal(tui_theme_attr((enum tui_role)1000), 0);
		term_close(&t);
	}
	unsetenv("NO_COLOR");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_before_init),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_out_of_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
