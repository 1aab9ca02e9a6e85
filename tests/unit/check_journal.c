/* check_journal.c — the crash journal: every kind of op written and read
 * back exactly (hostile text included), a record cut short by a crash
 * ignored, save marks, and re-applying read ops to a plan with conflicts. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "model.h"
#include "ops.h"
#include "store.h"
#include "testplan.h"
#include "util.h"

static const char changes_yaml[] =
	"changes:\n"
	"  - id: F1\n"
	"    horizon: kort\n"
	"    text: Parternas beslutsfattare har en ökad kompetens.\n"
	"    priority: [2025]\n"
	"    status: ej-paborjad\n"
	"    groups: []\n"
	"    effects: [rus-folkhalsa]\n"
	"    notes: \"\"\n"
	"  - id: F2\n"
	"    horizon: lång\n"
	"    text: |\n"
	"      Barn och unga har goda uppväxtvillkor.\n"
	"      Andra raden.\n"
	"    priority: [2025, 2026]\n"
	"    status: pagar\n"
	"    groups: [fstod, halsa]\n"
	"    effects: []\n"
	"    notes: En anteckning\n"
	"  - id: F3\n"
	"    text: Kort text\n"
	"    status: ej-paborjad\n";

/* Text no escaping may lose: line breaks, tabs, quotes, backslashes,
 * Swedish letters, wide and combining characters, what looks like the
 * journal's own syntax. */
static const char hostile[] =
	"rad 1\nrad 2\t\"citat\" 'enkel' \\n inte radbrytning \\\\\n"
	"åäö ÅÄÖ 漢字 e\xcc\x81 👍🏽 \\x41 #x\t#0000000\n\nslut =- \\";

static char dir[256];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/check_journal.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *p = xasprintf("%s/%s", dir, JOURNAL_FILE_NAME);
	unlink(p);
	free(p);
	rmdir(dir);
}

static struct plan *load(struct store **stp, const char *changes)
{
	return testplan_load(testplan_plan_yaml, testplan_groups_yaml, changes, stp);
}

static void assert_plans_equal(const struct plan *a, const struct plan *b)
{
	ck_assert_uint_eq(a->nchanges, b->nchanges);
	for (size_t i = 0; i < a->nchanges; i++)
		ck_assert_msg(change_equal(a->changes[i], b->changes[i]), "change %zu (%s) differs",
			      i, a->changes[i]->id);
}

static void assert_ops_equal(const struct op *a, const struct op *b, const struct change *bc)
{
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_str_eq(a->id, b->id);
	ck_assert_int_eq(a->field, b->field);
	ck_assert_int_eq(a->year, b->year);
	ck_assert_uint_eq(a->from, b->from);
	ck_assert_uint_eq(a->to, b->to);
	ck_assert_int_eq(!a->before, !b->before);
	ck_assert_int_eq(!a->after, !b->after);
	if (a->before)
		ck_assert_str_eq(a->before, b->before);
	if (a->after)
		ck_assert_str_eq(a->after, b->after);
	/* an add records the change as it was added; `a->change` is the live
	 * one, edited since: compare what an add cannot have changed, and the
	 * whole change for a delete (nothing edits a deleted change) */
	if (a->change) {
		ck_assert_ptr_nonnull(bc);
		ck_assert_str_eq(a->change->id, bc->id);
		ck_assert_str_eq(a->change->text, bc->text);
		if (a->kind == OP_DELETE_CHANGE)
			ck_assert_msg(change_equal(a->change, bc), "the change of %s differs", a->id);
	}
}

static char *journal_file(void)
{
	return xasprintf("%s/%s", dir, JOURNAL_FILE_NAME);
}

/* Makes ops of every kind on `p` (applying each), journals them into
 * `j` and keeps copies in ops[]; returns how many. */
static size_t make_all_kinds(struct plan *p, struct journal *j, struct op *ops)
{
	struct buf err = BUF_INIT;
	size_t n = 0;
	struct op op;
#define DO(make)                                                                  \
	do {                                                                      \
		ck_assert_msg((make) == 0, "%s", buf_str(&err));                   \
		ck_assert_msg(op_apply(p, &op, &err) == 0, "%s", buf_str(&err));   \
		ck_assert_msg(journal_append(j, &op, &err) == 0, "%s", buf_str(&err)); \
		ops[n++] = op;                                                    \
	} while (0)
	DO(op_make_set(p, "F1", CF_STATUS, "pagar", &op, &err));
	DO(op_make_set(p, "F1", CF_TEXT, hostile, &op, &err));
	DO(op_make_set(p, "F2", CF_NOTES, hostile, &op, &err));
	DO(op_make_set(p, "F3", CF_HORIZON, "lång", &op, &err));
	DO(op_make_set(p, "F2", CF_NOTES, "", &op, &err));
	DO(op_make_year(p, "F3", 2026, true, &op, &err));
	DO(op_make_year(p, "F2", 2025, false, &op, &err));
	DO(op_make_item(p, "F1", CF_GROUPS, "halsa", true, &op, &err));
	DO(op_make_item(p, "F2", CF_GROUPS, "fstod", false, &op, &err));
	DO(op_make_item(p, "F3", CF_EFFECTS, "nat-1", true, &op, &err));
	DO(op_make_add(p, 1, hostile, &op, &err));
	/* a full change: every field set, then deleted (its values go along) */
	DO(op_make_item(p, "F4", CF_GROUPS, "fstod", true, &op, &err));
	DO(op_make_year(p, "F4", 2027, true, &op, &err));
	DO(op_make_set(p, "F4", CF_NOTES, "anteckning\tmed tab", &op, &err));
	DO(op_make_move(p, "F4", 1, &op, &err));
	DO(op_make_delete(p, "F4", &op, &err));
	DO(op_make_move(p, "F3", -1, &op, &err));
	/* an undo of the delete: the inverse, an add with the very change */
	{
		struct op inv;
		op_invert(&ops[n - 2], &inv);
		ck_assert_int_eq(op_apply(p, &inv, &err), 0);
		ck_assert_int_eq(journal_append(j, &inv, &err), 0);
		ops[n++] = inv;
	}
#undef DO
	buf_release(&err);
	return n;
}

START_TEST(test_round_trip_every_kind)
{
	struct store *st, *st2;
	struct plan *p = load(&st, changes_yaml), *fresh = load(&st2, changes_yaml);
	struct journal *j = journal_new(dir, journal_hash_store(st));
	struct op ops[32];
	size_t n = make_all_kinds(p, j, ops);
	journal_close(&j);

	struct journal_log log;
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert(!log.truncated);
	ck_assert_uint_eq(log.nops, n);
	ck_assert(log.base == journal_hash_store(st2));
	for (size_t i = 0; i < n; i++) {
		assert_ops_equal(&ops[i], &log.ops[i].op, log.ops[i].change);
		ck_assert_ptr_null(log.ops[i].op.change);
	}
	/* every op kind is there */
	unsigned kinds = 0;
	for (size_t i = 0; i < n; i++)
		kinds |= 1u << log.ops[i].op.kind;
	ck_assert_uint_eq(kinds, (1u << (OP_MOVE_CHANGE + 1)) - 1);

	/* re-applied to the plan as loaded, the ops give the same plan */
	struct replay rp = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct op applied;
		struct buf theirs = BUF_INIT, mine = BUF_INIT;
		enum replay_result r = journal_replay_one(fresh, &rp, &log.ops[i], &applied, &theirs, &mine);
		ck_assert_msg(r == REPLAY_APPLIED, "op %zu: %d: %s / %s", i, r, buf_str(&theirs),
			      buf_str(&mine));
		/* descriptions match what the user saw */
		struct buf a = BUF_INIT, b = BUF_INIT;
		op_describe(fresh, &applied, &a);
		journal_describe(fresh, &log.ops[i], &b);
		ck_assert_str_eq(buf_str(&a), buf_str(&b));
		buf_release(&a);
		buf_release(&b);
		op_clear(&applied);
		buf_release(&theirs);
		buf_release(&mine);
	}
	assert_plans_equal(fresh, p);
	ck_assert_str_eq(plan_find_change(fresh, "F1")->text, hostile);
	replay_free(&rp);
	journal_log_free(&log);
	for (size_t i = 0; i < n; i++)
		op_clear(&ops[i]);
	plan_free(&p);
	plan_free(&fresh);
	store_free(&st);
	store_free(&st2);
	buf_release(&err);
}
END_TEST

START_TEST(test_truncated_last_record_ignored)
{
	struct store *st;
	struct plan *p = load(&st, changes_yaml);
	struct journal *j = journal_new(dir, 42);
	struct op ops[32];
	size_t n = make_all_kinds(p, j, ops);
	journal_close(&j);
	char *path = journal_file();
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	/* cut the file at every length within the last two records: never
	 * fatal, and every whole record before the cut is read */
	struct journal_log whole;
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_read(dir, &whole, &err), 1);
	FILE *f = fopen(path, "rb");
	char *text = xmalloc((size_t)sb.st_size);
	ck_assert_uint_eq(fread(text, 1, (size_t)sb.st_size, f), (size_t)sb.st_size);
	fclose(f);
	size_t cut_from = (size_t)sb.st_size;
	for (int nl = 0; cut_from > 0;) /* back to the start of the last but one record */
		if (text[--cut_from - 1] == '\n' && ++nl == 2)
			break;
	for (size_t len = cut_from; len < (size_t)sb.st_size; len++) {
		struct journal_log log;
		ck_assert_int_eq(journal_parse(text, len, &log), 0);
		size_t whole_records = n - 2;
		for (size_t k = cut_from; k < len; k++)
			whole_records += text[k] == '\n';
		ck_assert_uint_eq(log.nops, whole_records);
		ck_assert_int_eq(log.truncated, text[len - 1] != '\n');
		for (size_t i = 0; i < log.nops; i++)
			assert_ops_equal(&ops[i], &log.ops[i].op, log.ops[i].change);
		journal_log_free(&log);
	}
	/* a damaged byte in the middle: everything from that record on is
	 * dropped, nothing before it */
	char *bad = xmalloc((size_t)sb.st_size);
	memcpy(bad, text, (size_t)sb.st_size);
	char *third = bad;
	for (int k = 0; k < 3; k++)
		third = strchr(third, '\n') + 1;
	third[5] ^= 1;
	struct journal_log log;
	ck_assert_int_eq(journal_parse(bad, (size_t)sb.st_size, &log), 0);
	ck_assert(log.truncated);
	ck_assert_uint_eq(log.nops, 2);
	journal_log_free(&log);
	/* no header at all: not a journal */
	ck_assert_int_eq(journal_parse(text, 10, &log), -1);
	ck_assert_int_eq(journal_parse("", 0, &log), -1);
	free(bad);
	free(text);
	free(path);
	journal_log_free(&whole);
	for (size_t i = 0; i < n; i++)
		op_clear(&ops[i]);
	plan_free(&p);
	store_free(&st);
	buf_release(&err);
}
END_TEST

START_TEST(test_save_marks_and_saved)
{
	struct store *st;
	struct plan *p = load(&st, changes_yaml);
	struct journal *j = journal_new(dir, 1);
	struct buf err = BUF_INIT;
	struct op op;
	char *path = journal_file();
	/* no file until the first op; a save mark alone makes none */
	ck_assert_int_eq(journal_mark_save(j, 7, &err), 0);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(op_make_set(p, "F1", CF_STATUS, "klar", &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(journal_mark_save(j, 2, &err), 0);
	ck_assert_int_eq(op_make_set(p, "F2", CF_STATUS, "klar", &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	struct journal_log log;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_uint_eq(log.nops, 2);
	ck_assert_uint_eq(journal_unsaved_from(&log, 2), 1); /* the save happened */
	ck_assert_uint_eq(journal_unsaved_from(&log, 1), 0); /* it did not */
	ck_assert_uint_eq(journal_unsaved_from(&log, 3), 0);
	journal_log_free(&log);
	/* after a save: no file; the next op starts a journal on the new base */
	ck_assert_int_eq(journal_saved(j, 3, &err), 0);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(journal_read(dir, &log, &err), 0);
	ck_assert_int_eq(op_make_set(p, "F3", CF_STATUS, "klar", &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert(log.base == 3);
	ck_assert_uint_eq(log.nops, 1);
	ck_assert_str_eq(log.ops[0].op.id, "F3");
	journal_log_free(&log);
	journal_discard(j);
	ck_assert_int_ne(access(path, F_OK), 0);
	journal_close(&j);
	free(path);
	plan_free(&p);
	store_free(&st);
	buf_release(&err);
}
END_TEST

START_TEST(test_write_failure_reported)
{
	struct store *st;
	struct plan *p = load(&st, changes_yaml);
	struct journal *j = journal_new("/nonexistent/samplan-check", 1);
	struct buf err = BUF_INIT;
	struct op op;
	ck_assert_int_eq(op_make_set(p, "F1", CF_STATUS, "klar", &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), -1);
	ck_assert_ptr_nonnull(strstr(buf_str(&err), "cannot write the journal"));
	ck_assert_ptr_nonnull(strstr(buf_str(&err), JOURNAL_FILE_NAME));
	buf_reset(&err);
	ck_assert_int_eq(journal_append(j, &op, &err), -1); /* stays failed */
	op_clear(&op);
	journal_close(&j);
	plan_free(&p);
	store_free(&st);
	buf_release(&err);
}
END_TEST

/* The other side's version: F1's status changed to klar, F3 deleted, and
 * a change F4 of its own added. */
static const char theirs_yaml[] =
	"changes:\n"
	"  - id: F1\n"
	"    horizon: kort\n"
	"    text: Parternas beslutsfattare har en ökad kompetens.\n"
	"    priority: [2025]\n"
	"    status: klar\n"
	"    groups: []\n"
	"    effects: [rus-folkhalsa]\n"
	"    notes: \"\"\n"
	"  - id: F2\n"
	"    horizon: lång\n"
	"    text: |\n"
	"      Barn och unga har goda uppväxtvillkor.\n"
	"      Andra raden.\n"
	"    priority: [2025, 2026]\n"
	"    status: pagar\n"
	"    groups: [fstod, halsa]\n"
	"    effects: []\n"
	"    notes: En anteckning\n"
	"  - id: F4\n"
	"    text: Deras nya\n"
	"    status: ej-paborjad\n";

START_TEST(test_replay_conflicts)
{
	struct store *st, *st2;
	struct plan *p = load(&st, changes_yaml), *other = load(&st2, theirs_yaml);
	struct journal *j = journal_new(dir, 1);
	struct buf err = BUF_INIT;
	struct op op;
	/* mine: F1 status pagar (conflict), F2 notes (fine), F3 prioritised
	 * (F3 is gone: conflict), add F4 (the id is taken: conflict), then
	 * prioritise my F4 */
	ck_assert_int_eq(op_make_set(p, "F1", CF_STATUS, "pagar", &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_set(p, "F2", CF_NOTES, "mina", &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_year(p, "F3", 2026, true, &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_add(p, p->nchanges, "Min nya", &op, &err), 0);
	ck_assert_str_eq(op.id, "F4");
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_year(p, "F4", 2025, true, &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	journal_close(&j);

	struct journal_log log;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_uint_eq(log.nops, 5);
	struct replay rp = { 0 };
	struct op applied;
	struct buf theirs = BUF_INIT, mine = BUF_INIT;
	/* F1: theirs Klar, mine Pågår; use mine */
	ck_assert_int_eq(journal_replay_one(other, &rp, &log.ops[0], &applied, &theirs, &mine),
			 REPLAY_CONFLICT);
	ck_assert_str_eq(buf_str(&theirs), "F1 status: Klar");
	ck_assert_str_eq(buf_str(&mine), "F1 status: Pågår");
	ck_assert_int_eq(journal_replay_mine(other, &rp, &log.ops[0], &applied, &err), 0);
	ck_assert_str_eq(applied.before, "klar");
	ck_assert_str_eq(plan_find_change(other, "F1")->status, "pagar");
	op_clear(&applied);
	/* F2: applies */
	ck_assert_int_eq(journal_replay_one(other, &rp, &log.ops[1], &applied, &theirs, &mine),
			 REPLAY_APPLIED);
	op_clear(&applied);
	/* F3 is gone: a conflict; mine cannot be made */
	buf_reset(&theirs);
	buf_reset(&mine);
	ck_assert_int_eq(journal_replay_one(other, &rp, &log.ops[2], &applied, &theirs, &mine),
			 REPLAY_CONFLICT);
	ck_assert_str_eq(buf_str(&theirs), "F3 no longer exists");
	ck_assert_int_eq(journal_replay_mine(other, &rp, &log.ops[2], &applied, &err), -1);
	/* F4 is taken: use mine adds it as F5, and the next op follows */
	ck_assert_int_eq(journal_replay_one(other, &rp, &log.ops[3], &applied, &theirs, &mine),
			 REPLAY_CONFLICT);
	buf_reset(&err);
	ck_assert_int_eq(journal_replay_mine(other, &rp, &log.ops[3], &applied, &err), 0);
	ck_assert_str_eq(applied.id, "F5");
	op_clear(&applied);
	ck_assert_int_eq(journal_replay_one(other, &rp, &log.ops[4], &applied, &theirs, &mine),
			 REPLAY_APPLIED);
	ck_assert_str_eq(applied.id, "F5");
	op_clear(&applied);
	ck_assert_str_eq(plan_find_change(other, "F5")->text, "Min nya");
	ck_assert(change_is_prioritised(plan_find_change(other, "F5"), 2025));
	ck_assert(!change_is_prioritised(plan_find_change(other, "F4"), 2025));
	ck_assert_str_eq(plan_find_change(other, "F2")->notes, "mina");
	/* ops the plan already holds are not conflicts */
	ck_assert_int_eq(journal_replay_one(other, &rp, &log.ops[1], &applied, &theirs, &mine),
			 REPLAY_ALREADY);
	buf_release(&theirs);
	buf_release(&mine);
	replay_free(&rp);
	journal_log_free(&log);
	plan_free(&p);
	plan_free(&other);
	store_free(&st);
	store_free(&st2);
	buf_release(&err);
}
END_TEST

START_TEST(test_control_bytes_escaped)
{
	/* the journal does not judge values: any byte but NUL comes back */
	char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	all[255] = '\0';
	struct op op = { .kind = OP_SET, .id = xstrdup("F1"), .field = CF_NOTES,
			 .before = xstrdup(all), .after = xstrdup("\r\x1b[2J\x7f") };
	struct journal *j = journal_new(dir, 5);
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	journal_close(&j);
	struct journal_log log;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_uint_eq(log.nops, 1);
	assert_ops_equal(&op, &log.ops[0].op, NULL);
	/* one record a line: no raw line break or control byte in the file */
	char *path = journal_file();
	FILE *f = fopen(path, "rb");
	int c, lines = 0;
	while ((c = fgetc(f)) != EOF) {
		lines += c == '\n';
		ck_assert(c == '\n' || c == '\t' || c >= 0x20);
		ck_assert_int_ne(c, 0x7f);
	}
	fclose(f);
	ck_assert_int_eq(lines, 2);
	free(path);
	journal_log_free(&log);
	op_clear(&op);
	buf_release(&err);
}
END_TEST

static Suite *journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("journal");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip_every_kind);
	tcase_add_test(tc, test_truncated_last_record_ignored);
	tcase_add_test(tc, test_control_bytes_escaped);
	tcase_add_test(tc, test_save_marks_and_saved);
	tcase_add_test(tc, test_write_failure_reported);
	tcase_add_test(tc, test_replay_conflicts);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(journal_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
