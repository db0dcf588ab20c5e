/*
 * Tests of tui/form, driven through its screen callbacks as the loop would
 * (a view without an application): line editing over UTF-8 and wide
 * characters (insert, Backspace, Delete, Left/Right, Home/End, C-a/e/k/u),
 * cursor columns, a long field's lines, choices, focus moves, WHEN and DAY
 * fields read as typed and never saved when they do not parse, refusals
 * marking their field, save answers (stale ones dropped, a lost race), the
 * draft, and what a draw into a curses window on /dev/null shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "datastore/timefmt.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/theme.h"
#include "util/utf8.h"

#define FN(k) (TUI_FN | (k))

enum { F_TITLE, F_BODY, F_WHEN, F_DUE, F_TYPE, F_COUNT };

static const char *const types[] = { "breakfast", "lunch", "dinner", "snack", NULL };

static const struct tui_field_spec specs[F_COUNT] = {
	{ "Title", "title", TUI_F_TEXT, NULL, "optional" },
	{ "Body", "body", TUI_F_LONG, NULL, NULL },
	{ "When", "occurredAt", TUI_F_WHEN, NULL, NULL },
	{ "Due", "dueDate", TUI_F_DAY, NULL, NULL },
	{ "Type", "mealType", TUI_F_CHOICE, types, NULL },
};

static const char *const initial[F_COUNT] = { "Morgenlauf", "line one\nline two", "2026-11-26 08:00", "",
	"lunch" };

/* What the opener's callbacks saw. */
struct ctx {
	int saves, saveds, reloads, reloadeds, drafts, frees;
	int save_rc, saved_rc;
	const char *save_why;    /* what a refused save says */
	char seen[F_COUNT][128];   /* the values the save read */
};

static struct ctx cx;

static int
op_save(struct tui_view *v, void *ctx, char *why, size_t why_size)
{
	struct ctx *c = ctx;
	c->saves++;
	for (size_t i = 0; i < F_COUNT; i++)
		snprintf(c->seen[i], sizeof c->seen[i], "%s", tui_form_value(v, i));
	if (c->save_rc != 0)
		snprintf(why, why_size, "%s", c->save_why);
	return c->save_rc;
}

static int
op_saved(struct tui_view *v, void *ctx, struct tui_job *j, char *why, size_t why_size)
{
	struct ctx *c = ctx;
	c->saveds++;
	if (c->saved_rc != 0)
		snprintf(why, why_size, "%s", c->save_why);
	return c->saved_rc;
}

static void
op_reload(struct tui_view *v, void *ctx)
{
	((struct ctx *)ctx)->reloads++;
}

static void
op_reloaded(struct tui_view *v, void *ctx, struct tui_job *j)
{
	((struct ctx *)ctx)->reloadeds++;
	tui_form_set_value(v, F_TITLE, "from the store");
}

static json_t *
op_draft(struct tui_view *v, void *ctx)
{
	((struct ctx *)ctx)->drafts++;
	return json_pack("{s:s}", "type", "meal");
}

static void
op_free(void *ctx)
{
	((struct ctx *)ctx)->frees++;
}

static const struct tui_form_ops ops = { .save = op_save, .saved = op_saved, .reload = op_reload,
	.reloaded = op_reloaded, .draft = op_draft, .free = op_free };
static const struct tui_form_ops ops_plain = { .save = op_save, .saved = op_saved, .free = op_free };

static struct tui_view view;

/* Opens the form as tui_form_open would, on a view with no application. */
static void
open_form(const char *const *values, const struct tui_form_ops *o)
{
	memset(&cx, 0, sizeof cx);
	cx.saved_rc = -1;        /* a successful save closes the form: only the loop can do that */
	memset(&view, 0, sizeof view);
	view.screen = &tui_form_screen;
	view.id = 1;
	struct tui_form_def def = { "New meal", specs, F_COUNT, values, o, &cx };
	tui_form_screen.init(&view, &def);
}

static void
close_form(void)
{
	int frees = cx.frees;
	tui_form_screen.free(&view);
	assert_int_equal(cx.frees, frees + 1);
}

/* A key as the loop hands it to a form: its own binding, else text, else a global one. */
static bool
press(int code)
{
	struct tui_key k = { code, tui_keys_action(code, TUI_KC_FORM), 0, 0 };
	if (k.act == TUI_ACT_NONE && !tui_keys_is_text(code))
		k.act = tui_keys_action(code, TUI_KC_GLOBAL);
	if (k.act == TUI_ACT_QUIT && code == 'q')
		k.act = TUI_ACT_NONE;
	return tui_form_screen.key(&view, &k);
}

static void
type(const char *utf8)
{
	size_t n = strlen(utf8), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = utf8_decode(utf8 + i, n - i, &cp);
		assert_true(len > 0);
		assert_true(press((int)cp));
		i += len;
	}
}

static void
keys(const int *k)
{
	for (size_t i = 0; k[i] != 0; i++)
		press(k[i]);
}

static void
focus(size_t field)
{
	for (int tries = 0; tries < F_COUNT && tui_form_focus(&view) != field; tries++)
		press('\t');
	assert_int_equal(tui_form_focus(&view), field);
}

static void
assert_cursor(size_t index, int col, const char *what)
{
	size_t i;
	int c;
	tui_form_cursor(&view, &i, &c);
	if (i != index || c != col)
		fail_msg("%s: cursor at %zu, column %d; expected %zu, column %d", what, i, c, index, col);
}

static int
setup(void **state)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		return -1;
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	ms_t now;
	if (timefmt_parse_key("2026-11-26T12:00:00.000Z", &now) != 0)
		return -1;
	clock_set_fixed(now);
	return 0;
}

/* ---- line editing ---- */

#define K_LEFT FN(KEY_LEFT)
#define K_RIGHT FN(KEY_RIGHT)
#define K_HOME FN(KEY_HOME)
#define K_END FN(KEY_END)
#define K_BS 127
#define K_DEL FN(KEY_DC)

static const struct edit_case {
	const char *start;       /* the field's value first (cursor at its end) */
	int before[10];          /* keys, then typed text, then keys */
	const char *typed;
	int after[10];
	const char *want;
	size_t index;            /* cursor: code points before it */
	int col;                 /* and their columns */
} edits[] = {
	{ "", { 0 }, "héllo", { 0 }, "héllo", 5, 5 },
	{ "", { 0 }, "中文", { 0 }, "中文", 2, 4 },
	{ "", { 0 }, "中文", { K_BS }, "中", 1, 2 },
	{ "", { 0 }, "🍌x", { K_LEFT, K_BS }, "x", 0, 0 },
	{ "a中b", { K_LEFT, K_BS }, "", { 0 }, "ab", 1, 1 },
	{ "a中b", { K_LEFT, K_LEFT, K_DEL }, "", { 0 }, "ab", 1, 1 },
	{ "a中b", { TUI_CTRL('a') }, "X", { 0 }, "Xa中b", 1, 1 },
	{ "a中b", { TUI_CTRL('a'), TUI_CTRL('e') }, "", { 0 }, "a中b", 3, 4 },
	{ "a中b", { K_HOME, K_RIGHT, K_RIGHT }, "é", { 0 }, "a中éb", 3, 4 },
	{ "a中b", { K_HOME, K_END, K_LEFT }, "", { 0 }, "a中b", 2, 3 },
	/* C-k from the cursor to the end, C-u from the start to the cursor. */
	{ "héllo wörld", { TUI_CTRL('a'), K_RIGHT, K_RIGHT, TUI_CTRL('k') }, "", { 0 }, "hé", 2, 2 },
	{ "héllo wörld", { K_LEFT, K_LEFT, TUI_CTRL('u') }, "", { 0 }, "ld", 0, 0 },
	{ "中文字", { K_LEFT, TUI_CTRL('u') }, "", { 0 }, "字", 0, 0 },
	{ "abc", { TUI_CTRL('k') }, "", { 0 }, "abc", 3, 3 },             /* at the end: nothing */
	{ "abc", { TUI_CTRL('a'), TUI_CTRL('u') }, "", { 0 }, "abc", 0, 0 },
	/* The three Backspaces and both Deletes; at the edges they do nothing. */
	{ "abcd", { K_BS, TUI_CTRL('h'), FN(KEY_BACKSPACE) }, "", { 0 }, "a", 1, 1 },
	{ "abcd", { K_HOME, K_DEL, TUI_CTRL('d') }, "", { 0 }, "cd", 0, 0 },
	{ "ab", { K_HOME, K_BS, K_LEFT }, "", { 0 }, "ab", 0, 0 },
	{ "ab", { K_DEL, K_RIGHT }, "", { 0 }, "ab", 2, 2 },
	{ "ab", { TUI_CTRL('b'), TUI_CTRL('b'), TUI_CTRL('f') }, "", { 0 }, "ab", 1, 1 },
	/* A combining mark takes no column and is its own code point. */
	{ "", { 0 }, "e\xcc\x81", { 0 }, "e\xcc\x81", 2, 1 },
	{ "", { 0 }, "e\xcc\x81", { K_BS }, "e", 1, 1 },
	/* Controls are not text: nothing is inserted. */
	{ "ab", { TUI_CTRL('x'), TUI_CTRL('w'), FN(KEY_F(5)), 0x9b }, "", { 0 }, "ab", 2, 2 },
	/* q and digits are text in a form, not quit or screen keys. */
	{ "", { 0 }, "q1?", { 0 }, "q1?", 3, 3 },
};

static void
test_line_editing(void **state)
{
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		char what[32];
		snprintf(what, sizeof what, "edit %zu", i);
		open_form(NULL, &ops);
		tui_form_set_value(&view, F_TITLE, edits[i].start);
		assert_string_equal(tui_form_value(&view, F_TITLE), edits[i].start);
		keys(edits[i].before);
		type(edits[i].typed);
		keys(edits[i].after);
		if (strcmp(tui_form_value(&view, F_TITLE), edits[i].want) != 0)
			fail_msg("%s: \"%s\", expected \"%s\"", what, tui_form_value(&view, F_TITLE), edits[i].want);
		assert_cursor(edits[i].index, edits[i].col, what);
		assert_true(utf8_valid(tui_form_value(&view, F_TITLE), strlen(tui_form_value(&view, F_TITLE))));
		/* Only a change of the text counts as modified. */
		bool changed = strcmp(edits[i].start, edits[i].want) != 0 || edits[i].typed[0] != '\0';
		assert_int_equal(tui_form_screen.unsaved(&view), changed);
		close_form();
	}
}

/* A long field: Enter is a new line, Home/End and C-a/e/k/u act on the cursor's line. */
static void
test_long_field(void **state)
{
	open_form(initial, &ops);
	focus(F_BODY);
	assert_cursor(17, 8, "end of the body");
	assert_true(press(TUI_CTRL('a')));
	assert_cursor(9, 0, "C-a: start of the second line");
	assert_true(press(TUI_CTRL('e')));
	assert_cursor(17, 8, "C-e: end of the second line");
	assert_true(press(TUI_CTRL('u')));
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\n");
	assert_cursor(9, 0, "C-u");
	type("zwei 二");
	assert_true(press('\r'));                  /* a new line, focus stays */
	assert_int_equal(tui_form_focus(&view), F_BODY);
	type("drei");
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\nzwei 二\ndrei");
	assert_cursor(20, 4, "third line");
	/* Left over a newline goes to the end of the line above. */
	for (int i = 0; i < 5; i++)
		press(K_LEFT);
	assert_cursor(15, 7, "end of the second line");
	assert_true(press(TUI_CTRL('k')));          /* nothing to kill before the newline */
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\nzwei 二\ndrei");
	press(K_HOME);
	press(K_RIGHT);
	assert_true(press(TUI_CTRL('k')));
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\nz\ndrei");
	/* Backspace at a line's start joins it to the line above. */
	press(K_END);
	press(K_RIGHT);
	assert_cursor(11, 0, "start of the third line");
	press(K_BS);
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\nzdrei");
	assert_cursor(10, 1, "joined");
	/* Values set later keep their newlines here (and lose \r). */
	tui_form_set_value(&view, F_BODY, "a\r\nb\tc");
	assert_string_equal(tui_form_value(&view, F_BODY), "a \nb\tc");
	close_form();
}

/* ---- fields and focus ---- */

static void
test_focus(void **state)
{
	open_form(initial, &ops);
	assert_int_equal(tui_form_focus(&view), 0);
	const struct {
		int code;
		size_t want;
	} moves[] = {
		{ '\t', 1 }, { '\t', 2 }, { FN(KEY_BTAB), 1 }, { FN(KEY_BTAB), 0 }, { FN(KEY_BTAB), 4 },
		{ '\t', 0 }, { '\r', 1 },                  /* Enter: next field from a one-line one */
		{ '\r', 1 },                               /* but a new line in the body */
		{ FN(KEY_BTAB), 0 }, { FN(KEY_DOWN), 1 }, { '\t', 2 }, { FN(KEY_DOWN), 3 }, { FN(KEY_UP), 2 },
		{ '\n', 3 }, { FN(KEY_ENTER), 4 }, { '\r', 0 },
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++) {
		assert_true(press(moves[i].code));
		if (tui_form_focus(&view) != moves[i].want)
			fail_msg("move %zu: focus %zu, expected %zu", i, tui_form_focus(&view), moves[i].want);
	}
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\nline two\n");
	close_form();
}

static void
test_values(void **state)
{
	open_form(initial, &ops);
	for (size_t i = 0; i < F_COUNT; i++)
		assert_string_equal(tui_form_value(&view, i), initial[i]);
	assert_int_equal(tui_form_choice(&view, F_TYPE), 1);
	assert_false(tui_form_screen.unsaved(&view));
	/* One-line fields take no line breaks; bad UTF-8 becomes U+FFFD. */
	tui_form_set_value(&view, F_TITLE, "a\nb\rc");
	assert_string_equal(tui_form_value(&view, F_TITLE), "a b c");
	tui_form_set_value(&view, F_TITLE, "x\xff\xc3y");
	assert_string_equal(tui_form_value(&view, F_TITLE), "x\xef\xbf\xbd\xef\xbf\xbdy");
	tui_form_set_value(&view, F_TITLE, NULL);
	assert_string_equal(tui_form_value(&view, F_TITLE), "");
	/* Out of range: nothing. */
	assert_string_equal(tui_form_value(&view, F_COUNT), "");
	tui_form_set_value(&view, F_COUNT, "x");
	assert_int_equal(tui_form_choice(&view, 99), 0);
	assert_false(tui_form_invalid(&view, 99));
	/* Setting values is not typing. */
	assert_false(tui_form_screen.unsaved(&view));
	tui_form_set_modified(&view, true);
	assert_true(tui_form_screen.unsaved(&view));
	tui_form_set_modified(&view, false);
	assert_false(tui_form_screen.unsaved(&view));
	close_form();
	/* No initial values: empty fields, the first choice. */
	open_form(NULL, &ops_plain);
	assert_string_equal(tui_form_value(&view, F_TITLE), "");
	assert_string_equal(tui_form_value(&view, F_TYPE), "breakfast");
	close_form();
}

static void
test_choice(void **state)
{
	open_form(initial, &ops);
	focus(F_TYPE);
	const struct {
		int code;
		const char *want;
		bool taken;
	} steps[] = {
		{ K_RIGHT, "dinner", true }, { ' ', "snack", true }, { ' ', "breakfast", true },    /* wraps */
		{ K_LEFT, "snack", true }, { TUI_CTRL('b'), "dinner", true }, { TUI_CTRL('f'), "snack", true },
		/* Letters find a choice (type-ahead, folded case); one that finds none changes nothing. */
		{ 'x', "snack", true }, { K_BS, "snack", true }, { TUI_CTRL('k'), "snack", false },
		{ 'L', "lunch", true }, { 'u', "lunch", true }, { K_BS, "lunch", true },
		/* A letter inside a choice finds it too ("nn" is in dinner only). */
		{ K_BS, "lunch", true }, { 'n', "lunch", true }, { 'n', "dinner", true },
		{ K_BS, "dinner", true }, { K_BS, "dinner", true }, { 's', "snack", true },
	};
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		assert_int_equal(press(steps[i].code), steps[i].taken);
		assert_string_equal(tui_form_value(&view, F_TYPE), steps[i].want);
	}
	assert_int_equal(tui_form_choice(&view, F_TYPE), 3);
	assert_true(tui_form_screen.unsaved(&view));
	/* By label; an unknown one changes nothing. */
	tui_form_set_value(&view, F_TYPE, "breakfast");
	assert_int_equal(tui_form_choice(&view, F_TYPE), 0);
	tui_form_set_value(&view, F_TYPE, "brunch");
	assert_int_equal(tui_form_choice(&view, F_TYPE), 0);
	/* Choices given later (a goal list), copied. */
	char a[8] = "first", b[8] = "second";
	const char *labels[] = { a, b };
	tui_form_set_choices(&view, F_TYPE, labels, 2, 1);
	a[0] = b[0] = 'X';
	assert_string_equal(tui_form_value(&view, F_TYPE), "second");
	press(' ');
	assert_string_equal(tui_form_value(&view, F_TYPE), "first");
	tui_form_set_choices(&view, F_TYPE, labels, 2, 7);     /* out of range: the first */
	assert_int_equal(tui_form_choice(&view, F_TYPE), 0);
	/* No choices: keys are taken, nothing changes. */
	tui_form_set_choices(&view, F_TYPE, labels, 0, 0);
	assert_true(press(' '));
	assert_true(press(K_LEFT));
	assert_string_equal(tui_form_value(&view, F_TYPE), "");
	close_form();
}

/* ---- WHEN and DAY ---- */

static const struct time_case {
	size_t field;
	const char *typed;
	bool ok;
	const char *reads;       /* ok: exactly this; else: contained in the reason */
} times[] = {
	{ F_WHEN, "2026-11-26 08:00", true, "2026-11-26 08:00 CET" },
	{ F_WHEN, "now", true, "2026-11-26 13:00 CET" },
	{ F_WHEN, "-2h", true, "2026-11-26 11:00 CET" },
	{ F_WHEN, "-3d", true, "2026-11-23 13:00 CET" },
	{ F_WHEN, "yesterday", true, "2026-11-25 00:00 CET" },
	{ F_WHEN, "2026-07-01", true, "2026-07-01 00:00 CEST" },
	{ F_WHEN, "2026-11-26T08:00:00Z", true, "2026-11-26 09:00 CET" },
	{ F_WHEN, "2026-10-25 02:30", true, "2026-10-25 02:30 CEST" },     /* twice: the first */
	{ F_WHEN, "", false, "needs a time" },
	{ F_WHEN, "tomorrow", true, "2026-11-27 00:00 CET" },                /* the forms of ailife(1), DATES */
	{ F_WHEN, "8am", true, "2026-11-26 08:00 CET" },
	{ F_WHEN, "tomorrowish", false, "" },
	{ F_WHEN, "8", false, "" },                                          /* never guessed */
	{ F_WHEN, "2026-03-29 02:30", false, "" },                         /* skipped by DST */
	{ F_WHEN, "2026-02-30", false, "" },
	{ F_WHEN, "2026-11-26 25:00", false, "" },
	{ F_WHEN, "-2x", false, "" },
	{ F_WHEN, "now ", false, "" },
	{ F_DUE, "", true, "(none)" },
	{ F_DUE, "2026-12-24", true, "2026-12-24" },
	{ F_DUE, "today", true, "2026-11-26" },
	{ F_DUE, "yesterday", true, "2026-11-25" },
	{ F_DUE, "-7d", true, "2026-11-19" },
	{ F_DUE, "2028-02-29", true, "2028-02-29" },
	{ F_DUE, "2027-02-29", false, "" },
	{ F_DUE, "2026-13-01", false, "" },
	{ F_DUE, "now", false, "" },
	{ F_DUE, "2026-11-26 08:00", false, "" },
};

static void
test_when_and_day(void **state)
{
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		const struct time_case *c = &times[i];
		char out[200];
		open_form(initial, &ops);
		focus(c->field);
		/* Typed as a person would: clear the field, then the text. */
		press(TUI_CTRL('a'));
		press(TUI_CTRL('k'));
		type(c->typed);
		bool ok = tui_form_reads(&view, c->field, out, sizeof out);
		if (ok != c->ok)
			fail_msg("\"%s\": reads %d (%s), expected %d", c->typed, ok, out, c->ok);
		if (ok ? strcmp(out, c->reads) != 0 : strstr(out, c->reads) == NULL || out[0] == '\0')
			fail_msg("\"%s\": reads \"%s\", expected \"%s\"", c->typed, out, c->reads);
		/* Save: a time that does not parse is never saved, and its field is marked and focused. */
		press(TUI_CTRL('s'));
		assert_int_equal(cx.saves, ok ? 1 : 0);
		assert_int_equal(tui_form_invalid(&view, c->field), !ok);
		assert_int_equal(tui_form_focus(&view), c->field);
		if (ok)
			assert_string_equal(cx.seen[c->field], c->typed);
		else {
			/* Typing again clears the mark. */
			type("x");
			assert_false(tui_form_invalid(&view, c->field));
		}
		close_form();
	}
	/* Not a time field. */
	char out[64];
	open_form(initial, &ops);
	assert_false(tui_form_reads(&view, F_TITLE, out, sizeof out));
	assert_false(tui_form_reads(&view, F_COUNT, out, sizeof out));
	close_form();
}

/* The first field that does not parse is the one focused; the others are not saved either. */
static void
test_save_checks_every_time(void **state)
{
	const char *const values[F_COUNT] = { "x", "", "now", "no day", "lunch" };
	open_form(values, &ops);
	assert_true(press(TUI_CTRL('s')));
	assert_int_equal(cx.saves, 0);
	assert_true(tui_form_invalid(&view, F_DUE));
	assert_int_equal(tui_form_focus(&view), F_DUE);
	press(TUI_CTRL('a'));
	press(TUI_CTRL('k'));
	assert_true(press(FN(KEY_F(2))));          /* F2 saves too */
	assert_int_equal(cx.saves, 1);
	assert_false(tui_form_invalid(&view, F_DUE));
	assert_string_equal(cx.seen[F_TITLE], "x");
	assert_string_equal(cx.seen[F_WHEN], "now");
	assert_string_equal(cx.seen[F_TYPE], "lunch");
	close_form();
}

/* ---- refusals ---- */

static const struct mark_case {
	const char *why;
	bool marked;
	size_t field;
} marks[] = {
	{ "title: too long (at most 200 characters)", true, F_TITLE },
	{ "dueDate: is in the past", true, F_DUE },
	{ "mealType: not one of breakfast, lunch", true, F_TYPE },
	{ "occurredAt: in the future", true, F_WHEN },
	{ "titles: x", false, 0 },                 /* the attribute must be whole */
	{ "title", false, 0 },
	{ "tit: x", false, 0 },
	{ "name: required", false, 0 },
	{ "", false, 0 },
	{ ": empty", false, 0 },
};

static void
test_mark(void **state)
{
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		open_form(initial, &ops);
		press('\t');             /* focus on the body */
		bool got = tui_form_mark(&view, marks[i].why);
		assert_int_equal(got, marks[i].marked);
		for (size_t f = 0; f < F_COUNT; f++)
			assert_int_equal(tui_form_invalid(&view, f), marks[i].marked && f == marks[i].field);
		assert_int_equal(tui_form_focus(&view), marks[i].marked ? marks[i].field : F_BODY);
		close_form();
	}
}

/* A save the opener refuses marks the field it names and keeps everything typed. */
static void
test_save_refused(void **state)
{
	open_form(initial, &ops);
	type(" am See");
	cx.save_rc = -1;
	cx.save_why = "title: already taken";
	press('\t');
	press(TUI_CTRL('s'));
	assert_int_equal(cx.saves, 1);
	assert_true(tui_form_invalid(&view, F_TITLE));
	assert_int_equal(tui_form_focus(&view), F_TITLE);
	assert_string_equal(tui_form_value(&view, F_TITLE), "Morgenlauf am See");
	assert_true(tui_form_screen.unsaved(&view));
	/* A later save clears the old marks first. */
	cx.save_rc = 0;
	press(TUI_CTRL('s'));
	assert_int_equal(cx.saves, 2);
	assert_false(tui_form_invalid(&view, F_TITLE));
	close_form();
}

/* ---- the save's answer ---- */

static int
nothing_run(struct tui_job *j, struct table *t)
{
	return 0;
}

static struct tui_job *
answer(int kind, unsigned gen, int rc, enum table_status status, enum table_status reason)
{
	struct tui_job *j = tui_job_new(nothing_run, NULL, NULL);
	j->kind = kind;
	j->gen = gen;
	j->owner = view.id;
	j->rc = rc;
	if (rc != 0) {
		table_err_set(&j->err, status, "the store said no");
		j->err.reason = reason;
	}
	j->nexplain = 1;
	j->explain[0].pattern = "W2";
	j->elapsed_us = 777;
	return j;
}

static void
test_save_answers(void **state)
{
	open_form(initial, &ops);
	type("!");
	/* An answer of another generation is not this save's: dropped. */
	struct tui_job *j = answer(TUI_FORM_JOB_SAVE, 5, 0, TABLE_OK, TABLE_OK);
	tui_form_screen.on_data(&view, j);
	assert_int_equal(cx.saveds, 0);
	assert_int_equal(view.nexplain, 0);
	tui_job_free(j);
	/* Nor is a job of another kind. */
	j = answer(9, 0, 0, TABLE_OK, TABLE_OK);
	tui_form_screen.on_data(&view, j);
	assert_int_equal(cx.saveds, 0);
	tui_job_free(j);
	/* This save's answer goes to the opener; a refusal keeps the form and marks the field. */
	cx.save_why = "mealType: not for this goal";
	j = answer(TUI_FORM_JOB_SAVE, 0, -1, TABLE_INVALID, TABLE_OK);
	tui_form_screen.on_data(&view, j);
	assert_int_equal(cx.saveds, 1);
	assert_true(tui_form_invalid(&view, F_TYPE));
	assert_int_equal(tui_form_focus(&view), F_TYPE);
	assert_int_equal(view.nexplain, 1);        /* the explain pane shows the save */
	assert_int_equal(view.elapsed_us, 777);
	assert_true(tui_form_screen.unsaved(&view));
	assert_string_equal(tui_form_value(&view, F_TITLE), "Morgenlauf!");
	tui_job_free(j);
	close_form();
}

/*
 * The store unreachable (the network gone): the answer keeps the form open with
 * everything typed, marks no field (the reason names no attribute), and C-s
 * tries again with the same values.
 */
static void
test_save_unreachable(void **state)
{
	open_form(initial, &ops);
	type("!");
	assert_true(press(TUI_CTRL('s')));
	assert_int_equal(cx.saves, 1);
	cx.save_why = "could not connect to 127.0.0.1:8000: Connection refused (after 3 attempts)";
	struct tui_job *j = answer(TUI_FORM_JOB_SAVE, 0, -1, TABLE_NETWORK, TABLE_OK);
	tui_form_screen.on_data(&view, j);
	tui_job_free(j);
	assert_int_equal(cx.saveds, 1);
	assert_true(tui_form_screen.unsaved(&view));
	for (size_t i = 0; i < F_COUNT; i++)
		assert_false(tui_form_invalid(&view, i));
	assert_string_equal(tui_form_value(&view, F_TITLE), "Morgenlauf!");
	assert_string_equal(tui_form_value(&view, F_BODY), "line one\nline two");
	assert_string_equal(tui_form_value(&view, F_WHEN), "2026-11-26 08:00");
	/* Again, once the store is back: the same values go to the save. */
	assert_true(press(TUI_CTRL('s')));
	assert_int_equal(cx.saves, 2);
	assert_string_equal(cx.seen[F_TITLE], "Morgenlauf!");
	assert_string_equal(cx.seen[F_TYPE], "lunch");
	close_form();
}

/* A lost race (a condition failed, alone or in a transaction): offered a reload, not handed to the opener. */
static void
test_conflict_and_reload(void **state)
{
	const struct {
		enum table_status status, reason;
		bool conflict;
	} cases[] = {
		{ TABLE_COND_FAILED, TABLE_OK, true },
		{ TABLE_TXN_CANCELED, TABLE_COND_FAILED, true },
		{ TABLE_TXN_CANCELED, TABLE_THROTTLED, false },
		{ TABLE_NETWORK, TABLE_OK, false },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		open_form(initial, &ops);
		struct tui_job *j = answer(TUI_FORM_JOB_SAVE, 0, -1, cases[i].status, cases[i].reason);
		tui_form_screen.on_data(&view, j);
		tui_job_free(j);
		assert_int_equal(cx.saveds, cases[i].conflict ? 0 : 1);
		if (cases[i].conflict) {
			assert_true(press(TUI_CTRL('r')));
			assert_int_equal(cx.reloads, 1);
			/* A failed read changes nothing; a good one refills the fields. */
			j = answer(TUI_FORM_JOB_RELOAD, 0, -1, TABLE_NETWORK, TABLE_OK);
			tui_form_screen.on_data(&view, j);
			tui_job_free(j);
			assert_int_equal(cx.reloadeds, 0);
			j = answer(TUI_FORM_JOB_RELOAD, 0, 0, TABLE_OK, TABLE_OK);
			tui_form_screen.on_data(&view, j);
			tui_job_free(j);
			assert_int_equal(cx.reloadeds, 1);
			assert_string_equal(tui_form_value(&view, F_TITLE), "from the store");
		}
		close_form();
	}
	/* Without a reload: the opener hears of it; C-r does nothing. */
	open_form(initial, &ops_plain);
	struct tui_job *j = answer(TUI_FORM_JOB_SAVE, 0, -1, TABLE_COND_FAILED, TABLE_OK);
	tui_form_screen.on_data(&view, j);
	tui_job_free(j);
	assert_int_equal(cx.saveds, 1);
	assert_true(press(TUI_CTRL('r')));
	assert_int_equal(cx.reloads, 0);
	/* C-o outside a text body only says what it is for. */
	assert_true(press(TUI_CTRL('o')));
	close_form();
}

/* ---- the draft ---- */

static void
test_draft(void **state)
{
	open_form(initial, &ops);
	type(" 🏃");
	focus(F_TYPE);
	press(' ');
	json_t *d = tui_form_draft(&view);
	assert_non_null(d);
	json_t *want = json_pack("{s:s, s:{s:s, s:s, s:s, s:s, s:s}, s:{s:s}}", "title", "New meal", "fields",
	    "Title", "Morgenlauf 🏃", "Body", "line one\nline two", "When", "2026-11-26 08:00", "Due", "", "Type",
	    "dinner", "extra", "type", "meal");
	assert_true(json_equal(d, want));
	assert_int_equal(cx.drafts, 1);
	json_decref(d);
	json_decref(want);
	close_form();
	/* Without the opener's part: no "extra". */
	open_form(initial, &ops_plain);
	d = tui_form_screen.draft(&view);
	assert_non_null(d);
	assert_null(json_object_get(d, "extra"));
	assert_string_equal(json_string_value(json_object_get(json_object_get(d, "fields"), "Type")), "lunch");
	json_decref(d);
	close_form();
}

/* ---- drawing ---- */

static SCREEN *scr;
static FILE *scr_out, *scr_in;

static int
term_up(void **state)
{
	if (setup(state) != 0)
		return -1;
	scr_out = fopen("/dev/null", "w");
	scr_in = fopen("/dev/null", "r");
	if (scr_out == NULL || scr_in == NULL)
		return -1;
	setenv("NO_COLOR", "1", 1);
	scr = newterm("xterm-256color", scr_out, scr_in);
	if (scr == NULL)
		return -1;
	tui_theme_init();
	tui_draw_set_utf8(true);
	return 0;
}

static int
term_down(void **state)
{
	endwin();
	delscreen(scr);
	fclose(scr_out);
	fclose(scr_in);
	clock_clear_fixed();
	return 0;
}

static void
line(WINDOW *w, int y, char *out, size_t size)
{
	wchar_t wbuf[256];
	assert_int_not_equal(mvwinnwstr(w, y, 0, wbuf, 255), ERR);
	size_t n = wcstombs(out, wbuf, size - 1);
	assert_true(n != (size_t)-1);
	out[n] = '\0';
	while (n > 0 && out[n - 1] == ' ')
		out[--n] = '\0';
}

/* The window's text has s on some line; returns it or -1. */
static int
find(WINDOW *w, int h, const char *s)
{
	char buf[1024];
	for (int y = 0; y < h; y++) {
		line(w, y, buf, sizeof buf);
		if (strstr(buf, s) != NULL)
			return y;
	}
	return -1;
}

static void
test_draw(void **state)
{
	const int h = 20, wd = 70;
	WINDOW *w = newwin(h, wd, 0, 0);
	assert_non_null(w);
	open_form(initial, &ops);
	tui_form_screen.draw(&view, w, h, wd);
	assert_int_equal(find(w, h, "New meal"), 0);
	assert_true(find(w, h, "Morgenlauf") > 0);
	assert_true(find(w, h, "optional") > 0);   /* the hint */
	assert_true(find(w, h, "= 2026-11-26 08:00 CET") > 0);
	assert_true(find(w, h, "= (none)") > 0);
	assert_true(find(w, h, "< lunch >") > 0);
	assert_true(find(w, h, "line two") > 0);
	assert_int_equal(find(w, h, "[modified]"), -1);
	/* Typing: modified; a WHEN that does not parse says why, with a cross. */
	focus(F_WHEN);
	type("x");
	werase(w);
	tui_form_screen.draw(&view, w, h, wd);
	assert_int_equal(find(w, h, "[modified]"), 0);
	assert_true(find(w, h, "\xe2\x9c\x97 ") > 0);
	assert_int_equal(find(w, h, "= 2026-11-26"), -1);
	/* A lost race is shown in the title line. */
	struct tui_job *j = answer(TUI_FORM_JOB_SAVE, 0, -1, TABLE_COND_FAILED, TABLE_OK);
	tui_form_screen.on_data(&view, j);
	tui_job_free(j);
	werase(w);
	tui_form_screen.draw(&view, w, h, wd);
	assert_int_equal(find(w, h, "changed elsewhere: C-r reloads"), 0);
	close_form();
	delwin(w);
}

/* A one-line field wider than its box scrolls so the cursor stays in view. */
static void
test_draw_scrolls(void **state)
{
	const int h = 12, wd = 40;
	char s[512];
	WINDOW *w = newwin(h, wd, 0, 0);
	assert_non_null(w);
	open_form(NULL, &ops_plain);
	tui_form_set_value(&view, F_TITLE, "");
	type("abcdefghijklmnopqrstuvwxyz0123456789中文END");
	werase(w);
	tui_form_screen.draw(&view, w, h, wd);
	int y = find(w, h, "END");
	assert_true(y > 0);
	line(w, y, s, sizeof s);
	assert_null(strstr(s, "abc"));             /* the start scrolled out */
	assert_non_null(strstr(s, "中文END"));
	/* Back at the start: the start shows again. */
	press(TUI_CTRL('a'));
	werase(w);
	tui_form_screen.draw(&view, w, h, wd);
	assert_true(find(w, h, "abcdef") > 0);
	close_form();
	delwin(w);
}

/* Up and Down in a long field move between its lines at the same column (wide characters counted). */
static void
test_long_field_up_down(void **state)
{
	const int h = 16, wd = 60;
	WINDOW *w = newwin(h, wd, 0, 0);
	assert_non_null(w);
	const char *const values[F_COUNT] = { "", "中文字 abc\nxy\nlong third line", "now", "", "lunch" };
	open_form(values, &ops);
	focus(F_BODY);
	tui_form_screen.draw(&view, w, h, wd);     /* the layout width comes from a draw */
	assert_cursor(26, 15, "end of the body");
	press(FN(KEY_UP));
	assert_cursor(10, 2, "line 2, its end (shorter)");
	press(FN(KEY_UP));
	assert_cursor(1, 2, "line 1, column 2 (after one wide character)");
	press(FN(KEY_UP));                         /* on the first line: to the previous field */
	assert_int_equal(tui_form_focus(&view), F_TITLE);
	press('\t');
	assert_int_equal(tui_form_focus(&view), F_BODY);
	press(TUI_CTRL('a'));
	press(K_RIGHT);
	press(K_RIGHT);
	press(K_RIGHT);
	assert_cursor(3, 6, "line 1 after three wide characters");
	press(FN(KEY_DOWN));
	assert_cursor(10, 2, "line 2: as far as it goes");
	press(FN(KEY_DOWN));
	assert_cursor(13, 2, "line 3, column 2");
	press(FN(KEY_DOWN));                       /* on the last line: to the next field */
	assert_int_equal(tui_form_focus(&view), F_WHEN);
	close_form();
	delwin(w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_editing),
		cmocka_unit_test(test_long_field),
		cmocka_unit_test(test_focus),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_choice),
		cmocka_unit_test(test_when_and_day),
		cmocka_unit_test(test_save_checks_every_time),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_save_refused),
		cmocka_unit_test(test_save_answers),
		cmocka_unit_test(test_save_unreachable),
		cmocka_unit_test(test_conflict_and_reload),
		cmocka_unit_test(test_draft),
		cmocka_unit_test(test_draw),
		cmocka_unit_test(test_draw_scrolls),
		cmocka_unit_test(test_long_field_up_down),
	};
	return cmocka_run_group_tests(tests, term_up, term_down);
}
