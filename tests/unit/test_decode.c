/*
 * Unit tests for datastore/model_decode.c: a stored item's text straight into
 * a record, held to the reference (json_loadb + model_from_item), and the
 * embedded store's list path that uses it (a query's records).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "datastore/local/local.h"
#include "datastore/model.h"
#include "datastore/model_decode.h"
#include "datastore/table.h"
#include "util/xmalloc.h"

#define TNAME "ai-lifestyle-app-test"
#define COMMON "\"userId\":{\"S\":\"u1\"},\"createdAt\":{\"S\":\"2026-11-26T04:03:04.123Z\"}," \
	"\"updatedAt\":{\"S\":\"2026-11-26T05:00:00.000Z\"},\"version\":{\"N\":\"3\"}"

/* The reference's answer: 0 with the record, -1 refused (JSON or model). */
static int
ref_decode(const char *text, size_t len, enum model_type *type, void **rec, size_t *size)
{
	json_error_t jerr;
	char why[256];
	json_t *item = json_loadb(text, len, JSON_ALLOW_NUL, &jerr);
	int rc = -1;

	*rec = NULL;
	if (item != NULL && json_is_object(item)) {
		*size = table_item_size(item);
		rc = model_from_item(item, type, rec, why, sizeof why) == 0 ? 0 : -1;
	}
	json_decref(item);
	return rc;
}

/* model_decode accepts text, as the reference does, as the same record and size; the record is returned. */
static void *
accepts(const char *text, enum model_type want)
{
	enum model_type type, rtype;
	void *rec, *ref;
	size_t size, rsize;

	if (model_decode(text, strlen(text), NULL, &type, &rec, &size) != 0)
		fail_msg("model_decode did not take %s", text);
	assert_int_equal(ref_decode(text, strlen(text), &rtype, &ref, &rsize), 0);
	assert_int_equal(type, want);
	assert_int_equal(rtype, want);
	assert_true(model_same(type, rec, ref));
	assert_int_equal(size, rsize);
	model_free(rtype, ref);
	return rec;
}

/* model_decode hands text back (1); refused says whether the reference refuses it too. */
static void
hands_back(const char *text, size_t len, bool refused)
{
	enum model_type type, rtype;
	void *rec = NULL, *ref;
	size_t size, rsize;

	assert_int_equal(model_decode(text, len, NULL, &type, &rec, &size), 1);
	assert_null(rec);
	int rc = ref_decode(text, len, &rtype, &ref, &rsize);
	assert_int_equal(rc, refused ? -1 : 0);
	if (rc == 0)
		model_free(rtype, ref);
}

#define HANDS_BACK(text, refused) hands_back((text), sizeof(text) - 1, (refused))

static void
test_every_entity(void **state)
{
	(void)state;
	const char *users = "{\"type\":{\"S\":\"USER\"}," COMMON ",\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"PROFILE\"},"
	    "\"name\":{\"S\":\"Ann\"},\"email\":{\"S\":\"a@b.c\"},\"timezone\":{\"S\":\"Europe/Paris\"},"
	    "\"units\":{\"S\":\"metric\"},\"dailyCalorieTarget\":{\"N\":\"2000\"}}";
	struct model_user *u = accepts(users, MODEL_USER);
	assert_string_equal(u->name, "Ann");
	assert_string_equal(u->c.user_id, "u1");
	assert_int_equal(u->c.version, 3);
	assert_true(u->daily_calorie_target.set);
	assert_int_equal(u->daily_calorie_target.v, 2000000);
	model_free(MODEL_USER, u);

	struct model_goal *g = accepts("{\"type\":{\"S\":\"GOAL\"}," COMMON ",\"goalId\":{\"S\":\"g1\"},"
	    "\"title\":{\"S\":\"Run\"},\"target\":{\"N\":\"12.5\"},\"progress\":{\"N\":\"-0.125\"},"
	    "\"status\":{\"S\":\"active\"},\"startDate\":{\"S\":\"2026-01-01\"}}", MODEL_GOAL);
	assert_int_equal(g->target.v, 12500);
	assert_int_equal(g->progress.v, -125);
	assert_null(g->due_date);
	assert_false(((struct model_goal *)g)->progress.set == false);
	model_free(MODEL_GOAL, g);

	struct model_activity *a = accepts("{\"GSI2PK\":{\"S\":\"USER#u1#ACTIVITY\"},\"amount\":{\"N\":\"5.25\"},"
	    "\"goalId\":{\"S\":\"g1\"},\"note\":{\"S\":\"morning run\"},\"occurredAt\":{\"S\":\"2026-11-26T06:30:00.000Z\"},"
	    "\"type\":{\"S\":\"ACTIVITY\"}," COMMON "}", MODEL_ACTIVITY);
	assert_int_equal(a->amount.v, 5250);
	assert_string_equal(a->note, "morning run");
	assert_null(a->workout_id);
	model_free(MODEL_ACTIVITY, a);

	struct model_journal *j = accepts("{\"type\":{\"S\":\"JOURNAL\"}," COMMON ",\"entryId\":{\"S\":\"j1\"},"
	    "\"mood\":{\"N\":\"4\"},\"tags\":{\"SS\":[\"run\", \"morning\" ,\"z\"]}}", MODEL_JOURNAL);
	assert_int_equal(j->tags.n, 3);
	assert_string_equal(j->tags.v[0], "run");
	assert_string_equal(j->tags.v[1], "morning");
	assert_string_equal(j->tags.v[2], "z");
	assert_int_equal(j->mood.v, 4);
	model_free(MODEL_JOURNAL, j);

	model_free(MODEL_MEAL, accepts("{\"type\":{\"S\":\"MEAL\"}," COMMON ",\"mealId\":{\"S\":\"m1\"},"
	    "\"name\":{\"S\":\"Soup\"},\"mealType\":{\"S\":\"lunch\"},\"calories\":{\"N\":\"450\"},"
	    "\"protein\":{\"N\":\"20.5\"},\"carbs\":{\"N\":\"1\"},\"fat\":{\"N\":\"0\"}}", MODEL_MEAL));
	model_free(MODEL_WORKOUT, accepts("{\"type\":{\"S\":\"WORKOUT\"}," COMMON ",\"workoutId\":{\"S\":\"w1\"},"
	    "\"kind\":{\"S\":\"run\"},\"minutes\":{\"N\":\"30\"},\"distanceKm\":{\"N\":\"5.2\"}}", MODEL_WORKOUT));
}

static void
test_escapes(void **state)
{
	(void)state;
	struct model_goal *g = accepts("{\"type\":{\"S\":\"GOAL\"},\"userId\":{\"S\":\"u\\u0031\"},"
	    "\"title\":{\"S\":\"\\ud83d\\ude00 \\u00e9\\u4E2D \\\"q\\\" \\\\ \\/ \\b\\f\\n\\r\\t caf\xc3\xa9\"},"
	    "\"version\":{\"\\u004e\":\"\\u0031\"},\"\\u0067oalId\":{\"S\":\"g1\"}}", MODEL_GOAL);
	assert_string_equal(g->c.user_id, "u1");
	assert_string_equal(g->title, "\xf0\x9f\x98\x80 \xc3\xa9\xe4\xb8\xad \"q\" \\ / \b\f\n\r\t caf\xc3\xa9");
	assert_string_equal(g->goal_id, "g1");
	assert_int_equal(g->c.version, 1);
	model_free(MODEL_GOAL, g);
	/* A pair's high half alone, a low half alone, a bad low half, a bad escape: JSON refuses them all. */
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"\\ud83d\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"\\ude00\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"\\ud83d\\u0041\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"\\x41\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"\\u12\"}}", true);
	/* A raw control character in a string. */
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"a\tb\"}}", true);
	/* NUL (JSON takes it with JSON_ALLOW_NUL; the model does not). */
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"userId\":{\"S\":\"u1\"},\"title\":{\"S\":\"a\\u0000b\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"userId\":{\"S\":\"u1\"},\"title\":{\"S\":\"a\0b\"}}", true);
}

static void
test_invalid_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\xc3\x28", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
		"\x80", "\xe2\x82", "\xff",
	};
	char text[256];

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int n = snprintf(text, sizeof text, "{\"type\":{\"S\":\"GOAL\"},\"userId\":{\"S\":\"u1\"},\"title\":{\"S\":\"a%sb\"}}",
		    bad[i]);
		hands_back(text, (size_t)n, true);
	}
	/* The largest code point and the edges of each length. */
	struct model_goal *g = accepts("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"\xf4\x8f\xbf\xbf\xc2\x80\xe0\xa0\x80"
	    "\xef\xbf\xbf\xf0\x90\x80\x80\x7f\"}}", MODEL_GOAL);
	model_free(MODEL_GOAL, g);
}

/* A quote, a backslash, a control byte or a byte past ASCII at every place of the words the scan reads at once. */
static void
test_every_offset(void **state)
{
	(void)state;
	char text[256], want[64];

	for (int k = 0; k < 20; k++) {
		char pad[32];
		memset(pad, 'a', (size_t)k);
		pad[k] = '\0';
		int n = snprintf(text, sizeof text, "{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"%s\x01" "bcdefghijklmnop\"}}", pad);
		hands_back(text, (size_t)n, true);
		n = snprintf(text, sizeof text, "{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"%s\x7f" "\\\"\\\\\xc3\xa9" "bcdefghijklmnop\"}}", pad);
		struct model_goal *g = accepts(text, MODEL_GOAL);
		snprintf(want, sizeof want, "%s\x7f" "\"\\\xc3\xa9" "bcdefghijklmnop", pad);
		assert_string_equal(g->title, want);
		model_free(MODEL_GOAL, g);
		/* The string's end at every place too. */
		n = snprintf(text, sizeof text, "{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"%s\"}}", pad);
		g = accepts(text, MODEL_GOAL);
		assert_string_equal(g->title, pad);
		model_free(MODEL_GOAL, g);
		/* And a string cut short there. */
		n = snprintf(text, sizeof text, "{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"%s", pad);
		hands_back(text, (size_t)n, true);
	}
}

static void
test_duplicates(void **state)
{
	(void)state;
	/* jansson keeps the last of a name given twice: model_decode leaves it to the reference. */
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"x\"},\"title\":{\"S\":\"y\"}}", false);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"N\":\"1\"},\"title\":{\"S\":\"y\"}}", false);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"y\"},\"title\":{\"N\":\"1\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"y\",\"S\":\"z\"}}", false);
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"tags\":{\"SS\":[\"a\",\"a\"]}}", true);
}

static void
test_numbers(void **state)
{
	(void)state;
	HANDS_BACK("{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"N\":\"1e400\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"N\":\"99999999999999999999999\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"N\":\"1.2345\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"ACTIVITY\"},\"version\":{\"N\":\"1.5\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"N\":12}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"S\":\"12\"}}", true);
	char longnum[200];
	snprintf(longnum, sizeof longnum, "{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"N\":\"%0120d\"}}", 7);
	enum model_type type, rtype;
	void *rec = NULL, *ref = NULL;
	size_t size, rsize;
	int rc = model_decode(longnum, strlen(longnum), NULL, &type, &rec, &size);
	int rrc = ref_decode(longnum, strlen(longnum), &rtype, &ref, &rsize);
	/* Whatever decimal_parse says of 120 digits, both say it. */
	assert_int_equal(rc == 0, rrc == 0);
	if (rc == 0) {
		assert_true(model_same(type, rec, ref));
		assert_int_equal(size, rsize);
		model_free(type, rec);
		model_free(rtype, ref);
	}
	struct model_activity *a = accepts("{\"type\":{\"S\":\"ACTIVITY\"},\"amount\":{\"N\":\"-0.5\"},"
	    "\"version\":{\"N\":\"900719925474\"}}", MODEL_ACTIVITY);
	assert_int_equal(a->c.version, 900719925474LL);
	assert_int_equal(a->amount.v, -500);
	model_free(MODEL_ACTIVITY, a);
}

static void
test_missing_extra(void **state)
{
	(void)state;
	const char *proj[] = { "type", "userId", "title", NULL };
	const char *text = "{\"type\":{\"S\":\"GOAL\"},\"userId\":{\"S\":\"u1\"},\"colour\":{\"S\":\"red\"},\"title\":{\"S\":\"t\"}}";
	enum model_type type;
	void *rec;
	size_t size;

	HANDS_BACK("{}", true);
	HANDS_BACK("[]", true);
	HANDS_BACK("", true);
	HANDS_BACK("{\"userId\":{\"S\":\"u1\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"HOUSE\"}}", true);
	HANDS_BACK("{\"type\":{\"N\":\"1\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"GOAL\"},\"colour\":{\"S\":\"red\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"USER\"}} x", true);
	HANDS_BACK("{\"type\":{\"S\":\"USER\"},}", true);
	HANDS_BACK("{\"type\":{\"S\":\"USER\"}", true);
	/* Nothing but the type is enough for model_from_item (model_validate judges the rest). */
	model_free(MODEL_USER, accepts(" {\r\n\t\"type\" : { \"S\" : \"USER\" } } \n", MODEL_USER));
	/* Outside the projection an unknown attribute is dropped, as local_query's projection drops it. */
	assert_int_equal(model_decode(text, strlen(text), proj, &type, &rec, &size), 0);
	assert_int_equal(type, MODEL_GOAL);
	assert_string_equal(((struct model_goal *)rec)->title, "t");
	/* The size is the whole item's: 4+4 + 6+2 + 6+3 + 5+1. */
	assert_int_equal(size, 31);
	model_free(type, rec);
	/* ... and the type outside it leaves the item without one. */
	const char *notype[] = { "userId", NULL };
	assert_int_equal(model_decode(text, strlen(text), notype, &type, &rec, &size), 1);
}

static void
test_nesting(void **state)
{
	(void)state;
	/* Lists and maps the model has no place for: the reference judges (and refuses them here). */
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"tags\":{\"L\":[{\"S\":\"a\"}]}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"tags\":{\"M\":{\"a\":{\"S\":\"b\"}}}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"tags\":{\"SS\":[]}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"tags\":{\"SS\":[\"a\",1]}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"tags\":{\"SS\":\"a\"}}", true);
	HANDS_BACK("{\"type\":{\"S\":\"JOURNAL\"},\"title\":{\"S\":[\"a\"]}}", true);
	/* Outside a projection the reference takes a nested value it never reads: so does the list path (below). */
	const char *proj[] = { "type", NULL };
	const char *text = "{\"type\":{\"S\":\"JOURNAL\"},\"extra\":{\"M\":{\"a\":{\"L\":[{\"N\":\"1\"},{\"BOOL\":true}]}}}}";
	enum model_type type;
	void *rec;
	size_t size;
	assert_int_equal(model_decode(text, strlen(text), proj, &type, &rec, &size), 1);
}

/* The embedded store: rows written as text, read as a query's records and as items. */
struct store {
	char path[64];
	struct table *t;
	sqlite3 *db;
};

static void
store_open(struct store *s)
{
	struct table_err err;
	bool created;

	snprintf(s->path, sizeof s->path, "/tmp/ailife-test-decode-%ld.db", (long)getpid());
	unlink(s->path);
	s->t = local_open(s->path, TNAME, &err);
	assert_non_null(s->t);
	assert_int_equal(table_create(s->t, &created, &err), 0);
	assert_int_equal(sqlite3_open(s->path, &s->db), SQLITE_OK);
}

static void
store_close(struct store *s)
{
	sqlite3_close(s->db);
	table_close(s->t);
	unlink(s->path);
	char wal[80];
	snprintf(wal, sizeof wal, "%s-wal", s->path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", s->path);
	unlink(wal);
}

static void
row(struct store *s, const char *sk, const char *item)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(s->db, "INSERT INTO items(tname, pk, sk, gsi2pk, gsi2sk, item)"
	    " VALUES(?1, 'USER#u1', ?2, 'P', ?2, ?3)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, TNAME, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, sk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, item, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Every page of the query both ways: the same records (or the same refusals), the same cursors. */
static size_t
same_pages(struct store *s, struct table_query q, size_t *skipped)
{
	char *cursor = NULL;
	size_t n = 0;

	*skipped = 0;
	do {
		struct table_page a, b;
		struct table_err err;
		struct table_query qa = q, qb = q;
		qa.cursor = qb.cursor = cursor;
		qa.records = true;
		assert_int_equal(table_query(s->t, &qa, &a, &err), 0);
		assert_int_equal(table_query(s->t, &qb, &b, &err), 0);
		assert_non_null(a.count == 0 || a.recs != NULL ? "ok" : NULL);
		assert_null(a.items);
		assert_int_equal(a.count, b.count);
		for (size_t i = 0; i < a.count; i++) {
			enum model_type type;
			void *rec;
			char why[256];
			int rc = model_from_item(b.items[i], &type, &rec, why, sizeof why);
			assert_int_equal(rc == 0, a.recs[i].rec != NULL);
			if (rc == 0) {
				assert_int_equal(type, a.recs[i].type);
				assert_true(model_same(type, rec, a.recs[i].rec));
				model_free(type, rec);
			} else
				(*skipped)++;
		}
		n += a.count;
		if (a.cursor == NULL)
			assert_null(b.cursor);
		else
			assert_string_equal(a.cursor, b.cursor);
		free(cursor);
		cursor = a.cursor != NULL ? xstrdup(a.cursor) : NULL;
		table_page_done(&a);
		table_page_done(&b);
	} while (cursor != NULL);
	return n;
}

static void
test_store_records(void **state)
{
	(void)state;
	struct store s;
	char sk[32], item[512];
	size_t skipped;

	store_open(&s);
	for (int i = 0; i < 25; i++) {
		snprintf(sk, sizeof sk, "A#%02d", i);
		snprintf(item, sizeof item, "{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"%s\"},\"type\":{\"S\":\"ACTIVITY\"},"
		    "\"userId\":{\"S\":\"u1\"},\"amount\":{\"N\":\"%d.5\"},\"note\":{\"S\":\"n\\u00e9 %d\"},\"version\":{\"N\":\"1\"}}",
		    sk, i, i);
		row(&s, sk, item);
	}
	/* What the decoder leaves to the reference: a duplicate (the last wins), an unknown attribute, a nested one. */
	row(&s, "B#1", "{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"B#1\"},\"type\":{\"S\":\"GOAL\"},\"title\":{\"N\":\"1\"},\"title\":{\"S\":\"last\"}}");
	row(&s, "B#2", "{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"B#2\"},\"type\":{\"S\":\"GOAL\"},\"colour\":{\"S\":\"red\"}}");
	row(&s, "B#3", "{\"type\":{\"S\":\"GOAL\"},\"title\":{\"S\":\"t\"},\"PK\":{\"M\":{\"a\":{\"L\":[{\"N\":\"1\"}]}}}}");
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = "USER#u1", .limit = 4 };
	assert_int_equal(same_pages(&s, q, &skipped), 28);
	/* The unknown attribute and the key that is not an S. */
	assert_int_equal(skipped, 2);
	q.backward = true;
	q.limit = 0;
	assert_int_equal(same_pages(&s, q, &skipped), 28);
	const char *proj[] = { "type", "userId", "amount", "note", "title", "version", NULL };
	q.projection = proj;
	q.backward = false;
	q.limit = 3;
	assert_int_equal(same_pages(&s, q, &skipped), 28);
	/* With the projection, the unknown attribute and the nested key are dropped: all read. */
	assert_int_equal(skipped, 0);

	/* The duplicate reads as the reference reads it. */
	struct table_page p;
	struct table_err err;
	struct table_query one = { .index = TABLE_INDEX_MAIN, .pk = "USER#u1", .sk_op = TABLE_KEY_EQ, .sk_a = "B#1",
	    .records = true };
	assert_int_equal(table_query(s.t, &one, &p, &err), 0);
	assert_int_equal(p.count, 1);
	assert_string_equal(((struct model_goal *)p.recs[0].rec)->title, "last");
	table_page_done(&p);

	/* A damaged row fails the query as it does without records. */
	row(&s, "C#1", "{\"type\":{\"S\":\"GOAL\"");
	struct table_query all = { .index = TABLE_INDEX_MAIN, .pk = "USER#u1", .records = true };
	assert_int_equal(table_query(s.t, &all, &p, &err), -1);
	assert_int_equal(err.status, TABLE_IO);
	assert_non_null(strstr(err.message, "damaged"));
	assert_null(p.recs);
	store_close(&s);
}

/* Pages stop at 1 MB of items read, counted the same way with records. */
static void
test_store_page_bytes(void **state)
{
	(void)state;
	struct store s;
	size_t big = 300 * 1024, skipped;
	char *item = xmalloc(big + 256), *note = xmalloc(big + 1), sk[16];

	memset(note, 'x', big);
	note[big] = '\0';
	store_open(&s);
	for (int i = 0; i < 5; i++) {
		snprintf(sk, sizeof sk, "A#%d", i);
		snprintf(item, big + 256, "{\"PK\":{\"S\":\"USER#u1\"},\"SK\":{\"S\":\"%s\"},\"type\":{\"S\":\"ACTIVITY\"},"
		    "\"note\":{\"S\":\"%s\"}}", sk, note);
		row(&s, sk, item);
	}
	struct table_query q = { .index = TABLE_INDEX_MAIN, .pk = "USER#u1" };
	assert_int_equal(same_pages(&s, q, &skipped), 5);
	struct table_page p;
	struct table_err err;
	q.records = true;
	assert_int_equal(table_query(s.t, &q, &p, &err), 0);
	assert_int_equal(p.count, 3);
	assert_non_null(p.cursor);
	table_page_done(&p);
	store_close(&s);
	free(item);
	free(note);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entity),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_every_offset),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_missing_extra),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_store_records),
		cmocka_unit_test(test_store_page_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
