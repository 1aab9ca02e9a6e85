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

/* The plans hold the same records of every kind, in the same order. */
static void assert_plans_equal(const struct plan *a, const struct plan *b)
{
	for (int k = 0; k < K_COUNT; k++) {
		ck_assert_uint_eq(plan_count(a, (enum kind)k), plan_count(b, (enum kind)k));
		for (size_t i = 0; i < plan_count(a, (enum kind)k); i++) {
			const void *ra = plan_rec(a, (enum kind)k, i);
			ck_assert_msg(rec_equal((enum kind)k, ra, plan_rec(b, (enum kind)k, i)),
				      "%s %zu (%s) differs", kind_of((enum kind)k)->name, i,
				      rec_id((enum kind)k, ra));
		}
	}
}

/* `b` (read back, with the record `brec`) is the op `a` was. */
static void assert_ops_equal(const struct op *a, const struct op *b, const void *brec)
{
	ck_assert_int_eq(a->kind, b->kind);
	ck_assert_int_eq(a->rk, b->rk);
	ck_assert_str_eq(a->id, b->id);
	ck_assert_int_eq(a->field, b->field);
	ck_assert_uint_eq(a->from, b->from);
	ck_assert_uint_eq(a->to, b->to);
	ck_assert_int_eq(a->joined, b->joined);
	ck_assert_int_eq(!a->before, !b->before);
	ck_assert_int_eq(!a->after, !b->after);
	if (a->before)
		ck_assert_str_eq(a->before, b->before);
	if (a->after)
		ck_assert_str_eq(a->after, b->after);
	/* an add records the record as it was added; `a->rec` is the live
	 * one, edited since: compare what an add cannot have changed, and the
	 * whole record for a delete (nothing edits a deleted record) */
	if (a->rec) {
		ck_assert_ptr_nonnull(brec);
		ck_assert_str_eq(rec_id(a->rk, a->rec), rec_id(b->rk, brec));
		ck_assert_str_eq(rec_name(a->rk, a->rec), rec_name(b->rk, brec));
		if (a->kind == OP_DELETE)
			ck_assert_msg(rec_equal(a->rk, a->rec, brec), "the record of %s differs",
				      a->id);
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
	DO(op_make_set(p, K_CHANGE, "F1", CF_STATUS, "pagar", &op, &err));
	DO(op_make_set(p, K_CHANGE, "F1", CF_TEXT, hostile, &op, &err));
	DO(op_make_set(p, K_CHANGE, "F2", CF_NOTES, hostile, &op, &err));
	DO(op_make_set(p, K_CHANGE, "F3", CF_HORIZON, "lång", &op, &err));
	DO(op_make_set(p, K_CHANGE, "F2", CF_NOTES, "", &op, &err));
	DO(op_make_year(p, "F3", 2026, true, &op, &err));
	DO(op_make_year(p, "F2", 2025, false, &op, &err));
	DO(op_make_item(p, K_CHANGE, "F1", CF_GROUPS, "halsa", true, &op, &err));
	DO(op_make_item(p, K_CHANGE, "F2", CF_GROUPS, "fstod", false, &op, &err));
	DO(op_make_item(p, K_CHANGE, "F3", CF_EFFECTS, "nat-1", true, &op, &err));
	DO(op_make_add_change(p, 1, hostile, &op, &err));
	/* a full change: every field set, then deleted (its values go along) */
	DO(op_make_item(p, K_CHANGE, "F4", CF_GROUPS, "fstod", true, &op, &err));
	DO(op_make_year(p, "F4", 2027, true, &op, &err));
	DO(op_make_set(p, K_CHANGE, "F4", CF_NOTES, "anteckning\tmed tab", &op, &err));
	DO(op_make_move(p, K_CHANGE, "F4", 1, &op, &err));
	DO(op_make_delete(p, K_CHANGE, "F4", &op, &err));
	DO(op_make_move(p, K_CHANGE, "F3", -1, &op, &err));
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

/* Writes `len` bytes of `text` as the journal of dir. */
static void put_journal(const char *text, size_t len)
{
	char *path = journal_file();
	testplan_write_file(path, text, len);
	free(path);
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
		assert_ops_equal(&ops[i], &log.ops[i].op, log.ops[i].rec);
		ck_assert_ptr_null(log.ops[i].op.rec);
	}
	/* every op kind is there */
	unsigned kinds = 0;
	for (size_t i = 0; i < n; i++)
		kinds |= 1u << log.ops[i].op.kind;
	ck_assert_uint_eq(kinds, (1u << OP_COUNT) - 1);

	/* re-applied to the plan as loaded, the ops give the same plan */
	struct replay rp = { 0 };
	for (size_t i = 0; i < n; i++) {
		struct op applied;
		struct buf theirs = BUF_INIT, mine = BUF_INIT;
		enum replay_result r = journal_replay_one(fresh, &rp, &log.ops[i], &applied,
							  &theirs, &mine);
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
			assert_ops_equal(&ops[i], &log.ops[i].op, log.ops[i].rec);
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

START_TEST(test_damaged_journal_kept_aside)
{
	struct store *st;
	struct plan *p = load(&st, changes_yaml);
	struct journal *j = journal_new(dir, 42);
	struct op ops[32];
	size_t n = make_all_kinds(p, j, ops);
	journal_close(&j);
	char *path = journal_file();
	size_t len, got_len;
	char *text = testplan_read_file(path, &len);
	ck_assert_ptr_nonnull(text);
	struct journal_log log;
	struct buf err = BUF_INIT;
	/* the last record cut short (a crash in mid-write): read, not moved */
	put_journal(text, len - 3);
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert(log.truncated && !log.damaged);
	ck_assert_ptr_null(log.kept_as);
	ck_assert_uint_eq(log.nops, n - 1);
	journal_log_free(&log);
	char *still = testplan_read_file(path, &got_len);
	ck_assert_ptr_nonnull(still);
	free(still);
	/* a damaged byte in a whole line: what reads is read, and the journal
	 * is moved aside byte for byte, so nothing written next replaces it */
	char *bad = xmalloc(len);
	memcpy(bad, text, len);
	strchr(strchr(bad, '\n') + 1, '\n')[5] ^= 1;
	put_journal(bad, len);
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert(log.truncated && log.damaged);
	ck_assert_uint_eq(log.nops, 1);
	ck_assert_ptr_nonnull(log.kept_as);
	ck_assert_ptr_nonnull(strstr(log.kept_as, JOURNAL_FILE_NAME ".damaged-"));
	char *kept = testplan_read_file(log.kept_as, &got_len);
	ck_assert_ptr_nonnull(kept);
	ck_assert_uint_eq(got_len, len);
	ck_assert(memcmp(kept, bad, len) == 0);
	free(kept);
	ck_assert_ptr_null(testplan_read_file(path, &got_len));
	/* a second damaged journal the same second gets a name of its own */
	char *first = xstrdup(log.kept_as);
	journal_log_free(&log);
	put_journal(bad, len);
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_ptr_nonnull(log.kept_as);
	ck_assert_str_ne(log.kept_as, first);
	kept = testplan_read_file(first, &got_len);
	ck_assert_ptr_nonnull(kept);
	free(kept);
	unlink(first);
	unlink(log.kept_as);
	free(first);
	journal_log_free(&log);
	ck_assert_uint_eq(err.len, 0);
	/* not even a header: -1, said, and kept aside too */
	put_journal("garbage\n", 8);
	ck_assert_int_eq(journal_read(dir, &log, &err), -1);
	ck_assert_ptr_nonnull(strstr(buf_str(&err), "it is kept as"));
	char *as = strstr(buf_str(&err), "kept as ") + strlen("kept as ");
	kept = testplan_read_file(as, &got_len);
	ck_assert_ptr_nonnull(kept);
	ck_assert_str_eq(kept, "garbage\n");
	free(kept);
	unlink(as);
	ck_assert_ptr_null(testplan_read_file(path, &got_len));
	/* an empty file is no journal: left as it is */
	buf_reset(&err);
	put_journal("", 0);
	ck_assert_int_eq(journal_read(dir, &log, &err), 0);
	ck_assert_uint_eq(err.len, 0);
	kept = testplan_read_file(path, &got_len);
	ck_assert_ptr_nonnull(kept);
	free(kept);
	free(bad);
	free(text);
	free(path);
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
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F1", CF_STATUS, "klar", &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(journal_mark_save(j, 2, &err), 0);
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F2", CF_STATUS, "klar", &op, &err), 0);
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
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F3", CF_STATUS, "klar", &op, &err), 0);
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
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F1", CF_STATUS, "klar", &op, &err), 0);
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
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F1", CF_STATUS, "pagar", &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F2", CF_NOTES, "mina", &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_year(p, "F3", 2026, true, &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	ck_assert_int_eq(journal_append(j, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_add_change(p, plan_count(p, K_CHANGE), "Min nya", &op, &err), 0);
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
	struct op op = { .kind = OP_SET, .rk = K_CHANGE, .id = xstrdup("F1"), .field = CF_NOTES,
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

/* ---- groups, the plan, version 1, damaged records ------------------------ */

/* The checksum a journal line ends with (journal.c's: FNV-1a), to write
 * journals by hand. */
static uint32_t test_line_sum(const char *s, size_t n)
{
	uint32_t h = 0x811c9dc5u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x01000193u;
	}
	return h;
}

/* Appends `line` as a journal record: its checksum and a newline. */
static void add_line(struct buf *b, const char *line)
{
	size_t start = b->len;
	buf_adds(b, line);
	buf_addf(b, "\t#%08x\n", (unsigned)test_line_sum(b->s + start, b->len - start));
}


/* Re-applies every op of `log` to `p`: each must apply, and be described
 * as the op it became. */
static void replay_all(struct plan *p, const struct journal_log *log)
{
	struct replay rp = { 0 };
	for (size_t i = 0; i < log->nops; i++) {
		struct op applied;
		struct buf theirs = BUF_INIT, mine = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
		enum replay_result r = journal_replay_one(p, &rp, &log->ops[i], &applied, &theirs,
							  &mine);
		ck_assert_msg(r == REPLAY_APPLIED, "op %zu: %d: %s / %s", i, r, buf_str(&theirs),
			      buf_str(&mine));
		op_describe(p, &applied, &a);
		journal_describe(p, &log->ops[i], &b);
		ck_assert_str_eq(buf_str(&a), buf_str(&b));
		buf_release(&a);
		buf_release(&b);
		buf_release(&theirs);
		buf_release(&mine);
		op_clear(&applied);
	}
	replay_free(&rp);
}

/* Ops on groups and on the plan itself (and a status and an effect),
 * applied to `p` and journaled into `j`; copies in ops[]. */
static size_t make_group_and_plan_ops(struct plan *p, struct journal *j, struct op *ops)
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
	DO(op_make_set(p, K_GROUP, "halsa", GF_LEAD, "Deepa Singhru", &op, &err));
	DO(op_make_set(p, K_GROUP, "halsa", GF_MANDATE, hostile, &op, &err));
	DO(op_make_item(p, K_GROUP, "halsa", GF_MEMBERS, "Ida Broman", true, &op, &err));
	DO(op_make_item(p, K_GROUP, "halsa", GF_MEMBERS, "Kalle, med komma", true, &op, &err));
	DO(op_make_item(p, K_GROUP, "halsa", GF_MEMBERS, "Ida Broman", false, &op, &err));
	/* a rename: F2 follows */
	DO(op_make_set(p, K_GROUP, "fstod", GF_ID, "foralder", &op, &err));
	/* a group added with values in every field, and assigned */
	void *rec = op_new_record(p, K_GROUP);
	ck_assert_int_eq(op_record_set(p, K_GROUP, rec, GF_NAME, "Hälsokunniga beslutsfattare",
				       &err), 0);
	ck_assert_int_eq(op_record_set(p, K_GROUP, rec, GF_LEAD, "Ida Broman", &err), 0);
	ck_assert_int_eq(op_record_set(p, K_GROUP, rec, GF_MANDATE, "Rad 1\nRad 2", &err), 0);
	ck_assert_int_eq(op_record_set(p, K_GROUP, rec, GF_MEMBERS, "A Andersson, B Berg", &err),
			 0);
	ck_assert_int_eq(op_record_set(p, K_GROUP, rec, GF_NOTES, hostile, &err), 0);
	DO(op_make_add(p, K_GROUP, 1, rec, &op, &err));
	DO(op_make_item(p, K_CHANGE, "F1", CF_GROUPS, "halsokunniga-beslutsfattare", true, &op,
			&err));
	DO(op_make_move(p, K_GROUP, "halsa", -1, &op, &err));
	/* a group added and deleted again */
	rec = op_new_record(p, K_GROUP);
	ck_assert_int_eq(op_record_set(p, K_GROUP, rec, GF_NAME, "Tillfällig", &err), 0);
	DO(op_make_add(p, K_GROUP, 0, rec, &op, &err));
	/* a ',' in an item of a list among the deleted record's values */
	DO(op_make_item(p, K_GROUP, "tillfallig", GF_MEMBERS, "Kalle, med komma", true, &op, &err));
	DO(op_make_item(p, K_GROUP, "tillfallig", GF_MEMBERS, "Ida Broman", true, &op, &err));
	DO(op_make_delete(p, K_GROUP, "tillfallig", &op, &err));
	/* the plan's own fields */
	DO(op_make_set(p, K_PLAN, NULL, PL_FOCUS_YEAR, "2026", &op, &err));
	DO(op_make_set(p, K_PLAN, NULL, PL_TITLE, "Ny titel: åäö", &op, &err));
	DO(op_make_set(p, K_PLAN, NULL, PL_VERSION, "4", &op, &err));
	DO(op_make_set(p, K_PLAN, NULL, PL_ADOPTED_BY, "Chefsgrupp folkhälsa", &op, &err));
	DO(op_make_set(p, K_PLAN, "", PL_ADOPTED_DATE, "2025-01-22", &op, &err));
	/* joined to the op before it (undone together) */
	ck_assert_int_eq(op_make_set(p, K_STATUS, "pagar", ST_LABEL, "Pågår nu", &op, &err), 0);
	op.joined = true;
	DO(0);
	DO(op_make_set(p, K_EFFECT, "nat-1", EF_KIND, "rus", &op, &err));
#undef DO
	buf_release(&err);
	return n;
}

START_TEST(test_round_trip_groups_and_plan)
{
	struct store *st, *st2;
	struct plan *p = load(&st, changes_yaml), *fresh = load(&st2, changes_yaml);
	struct journal *j = journal_new(dir, journal_hash_store(st));
	struct op ops[32];
	size_t n = make_group_and_plan_ops(p, j, ops);
	journal_close(&j);
	/* the edits happened */
	ck_assert_int_eq(p->info->focus_year, 2026);
	ck_assert_str_eq(plan_find_change(p, "F2")->groups.v[0], "foralder");
	ck_assert_uint_eq(plan_count(p, K_GROUP), 3);

	/* written as version 2 */
	char *path = journal_file();
	FILE *f = fopen(path, "rb");
	char head[32] = "";
	ck_assert_ptr_nonnull(fgets(head, sizeof(head), f));
	fclose(f);
	free(path);
	ck_assert_int_eq(strncmp(head, "samplan-journal 3\t", 18), 0);

	struct journal_log log;
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert(!log.truncated);
	ck_assert_int_eq(log.version, 3);
	ck_assert_uint_eq(log.nops, n);
	bool kinds[K_COUNT] = { false };
	for (size_t i = 0; i < n; i++) {
		assert_ops_equal(&ops[i], &log.ops[i].op, log.ops[i].rec);
		kinds[log.ops[i].op.rk] = true;
	}
	ck_assert(kinds[K_GROUP] && kinds[K_PLAN] && kinds[K_STATUS] && kinds[K_EFFECT]);
	ck_assert(log.ops[n - 2].op.joined);
	ck_assert(!log.ops[n - 1].op.joined);

	/* replayed on the plan as loaded: the same as applying them directly */
	replay_all(fresh, &log);
	assert_plans_equal(fresh, p);
	ck_assert_int_eq(fresh->info->focus_year, 2026);
	ck_assert_str_eq(fresh->info->title, "Ny titel: åäö");
	ck_assert_int_eq(fresh->info->version, 4);
	const struct group *g = plan_find_group(fresh, "foralder");
	ck_assert_ptr_nonnull(g);
	ck_assert_ptr_null(plan_find_group(fresh, "fstod"));
	ck_assert_ptr_eq(plan_find_change(fresh, "F2")->groups.v[0], g->id);
	g = plan_find_group(fresh, "halsokunniga-beslutsfattare");
	ck_assert_ptr_nonnull(g);
	ck_assert_str_eq(g->notes, hostile);
	ck_assert_str_eq(plan_find_group(fresh, "halsa")->mandate, hostile);
	ck_assert_str_eq(plan_find_group(fresh, "halsa")->members.v[0], "Kalle, med komma");
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

/* A journal the release before wrote (version 1: changes only, years as
 * ops of their own) is still read, as the new ops, and re-applied. */
START_TEST(test_version_1_read)
{
	struct buf text = BUF_INIT;
	add_line(&text, "samplan-journal 1\tbase\t000000000000002a");
	add_line(&text, "op\tset\tF1\tstatus\t=ej-paborjad\t=pagar\t0\t0\t0");
	add_line(&text, "op\tset\tF2\tnotes\t=En anteckning\t=rad 1\\nrad 2\\ttab\t0\t0\t0");
	add_line(&text, "op\tadd-year\tF3\tpriority\t-\t-\t2026\t0\t0");
	add_line(&text, "op\tremove-year\tF2\tpriority\t-\t-\t2025\t0\t0");
	add_line(&text, "op\tadd-item\tF1\tgroups\t-\t=halsa\t0\t0\t0");
	add_line(&text, "save\t0000000000000007");
	add_line(&text, "op\tremove-item\tF2\tgroups\t-\t=fstod\t0\t0\t0");
	add_line(&text, "op\tadd-change\tF4\tid\t-\t-\t0\t1\t0\tF4\tkort\tNy förändring\\nrad 2"
			"\tej-paborjad\t\t2027\thalsa\trus-folkhalsa");
	add_line(&text, "op\tmove-change\tF4\tid\t-\t-\t0\t1\t2");
	add_line(&text, "op\tdelete-change\tF3\tid\t-\t-\t0\t3\t0\tF3\tkort\tKort text"
			"\tej-paborjad\t\t2026\t\t");
	put_journal(text.s, text.len);
	buf_release(&text);

	struct journal_log log;
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert(!log.truncated);
	ck_assert_int_eq(log.version, 1);
	ck_assert(log.base == 0x2a);
	ck_assert_uint_eq(log.nops, 9);
	ck_assert_uint_eq(log.nsaves, 1);
	ck_assert_uint_eq(journal_unsaved_from(&log, 7), 5);
	for (size_t i = 0; i < log.nops; i++)
		ck_assert_int_eq(log.ops[i].op.rk, K_CHANGE);
	/* as the new ops */
	const struct op *o = &log.ops[0].op;
	ck_assert_int_eq(o->kind, OP_SET);
	ck_assert_int_eq(o->field, CF_STATUS);
	ck_assert_str_eq(o->before, "ej-paborjad");
	ck_assert_str_eq(o->after, "pagar");
	ck_assert_str_eq(log.ops[1].op.after, "rad 1\nrad 2\ttab");
	o = &log.ops[2].op;
	ck_assert_int_eq(o->kind, OP_ADD_ITEM);
	ck_assert_int_eq(o->field, CF_PRIORITY);
	ck_assert_str_eq(o->after, "2026");
	ck_assert_ptr_null(o->before);
	o = &log.ops[3].op;
	ck_assert_int_eq(o->kind, OP_REMOVE_ITEM);
	ck_assert_int_eq(o->field, CF_PRIORITY);
	ck_assert_str_eq(o->after, "2025");
	o = &log.ops[4].op;
	ck_assert_int_eq(o->kind, OP_ADD_ITEM);
	ck_assert_int_eq(o->field, CF_GROUPS);
	ck_assert_str_eq(o->after, "halsa");
	ck_assert_int_eq(log.ops[5].op.kind, OP_REMOVE_ITEM);
	o = &log.ops[6].op;
	ck_assert_int_eq(o->kind, OP_ADD);
	ck_assert_int_eq(o->field, -1);
	ck_assert_str_eq(o->id, "F4");
	ck_assert_uint_eq(o->from, 1);
	const struct change *c = log.ops[6].rec;
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->id, "F4");
	ck_assert_str_eq(c->horizon, "kort");
	ck_assert_str_eq(c->text, "Ny förändring\nrad 2");
	ck_assert_str_eq(c->status, "ej-paborjad");
	ck_assert_str_eq(c->notes, "");
	ck_assert_uint_eq(c->priority.n, 1);
	ck_assert_int_eq(c->priority.v[0], 2027);
	ck_assert_uint_eq(c->groups.n, 1);
	ck_assert_str_eq(c->groups.v[0], "halsa");
	ck_assert_uint_eq(c->effects.n, 1);
	ck_assert_str_eq(c->effects.v[0], "rus-folkhalsa");
	o = &log.ops[7].op;
	ck_assert_int_eq(o->kind, OP_MOVE);
	ck_assert_uint_eq(o->from, 1);
	ck_assert_uint_eq(o->to, 2);
	ck_assert_int_eq(log.ops[8].op.kind, OP_DELETE);
	ck_assert_ptr_nonnull(log.ops[8].rec);

	/* re-applied: the same as the new ops made and applied directly */
	struct plan *fresh = load(NULL, changes_yaml), *direct = load(NULL, changes_yaml);
	replay_all(fresh, &log);
	struct op op;
#define DO(make)                                                                  \
	do {                                                                      \
		ck_assert_msg((make) == 0, "%s", buf_str(&err));                   \
		ck_assert_msg(op_apply(direct, &op, &err) == 0, "%s", buf_str(&err)); \
		op_clear(&op);                                                    \
	} while (0)
	DO(op_make_set(direct, K_CHANGE, "F1", CF_STATUS, "pagar", &op, &err));
	DO(op_make_set(direct, K_CHANGE, "F2", CF_NOTES, "rad 1\nrad 2\ttab", &op, &err));
	DO(op_make_year(direct, "F3", 2026, true, &op, &err));
	DO(op_make_year(direct, "F2", 2025, false, &op, &err));
	DO(op_make_item(direct, K_CHANGE, "F1", CF_GROUPS, "halsa", true, &op, &err));
	DO(op_make_item(direct, K_CHANGE, "F2", CF_GROUPS, "fstod", false, &op, &err));
	void *rec = op_new_record(direct, K_CHANGE);
	ck_assert_int_eq(op_record_set(direct, K_CHANGE, rec, CF_ID, "F4", &err), 0);
	ck_assert_int_eq(op_record_set(direct, K_CHANGE, rec, CF_TEXT, "Ny förändring\nrad 2",
				       &err), 0);
	ck_assert_int_eq(op_record_set(direct, K_CHANGE, rec, CF_PRIORITY, "2027", &err), 0);
	ck_assert_int_eq(op_record_set(direct, K_CHANGE, rec, CF_GROUPS, "halsa", &err), 0);
	ck_assert_int_eq(op_record_set(direct, K_CHANGE, rec, CF_EFFECTS, "rus-folkhalsa", &err),
			 0);
	DO(op_make_add(direct, K_CHANGE, 1, rec, &op, &err));
	DO(op_make_move(direct, K_CHANGE, "F4", 1, &op, &err));
	DO(op_make_delete(direct, K_CHANGE, "F3", &op, &err));
#undef DO
	assert_plans_equal(fresh, direct);
	ck_assert_str_eq(plan_change(fresh, 1)->id, "F2");
	ck_assert_str_eq(plan_change(fresh, 2)->id, "F4");
	ck_assert_ptr_null(plan_find_change(fresh, "F3"));

	/* rewritten, the journal is of version 3 and holds the same ops */
	struct journal *j = journal_new(dir, log.base);
	struct op *v = journal_log_ops(&log, 0);
	ck_assert_int_eq(journal_rewrite(j, log.base, v, log.nops, &err), 0);
	journal_close(&j);
	struct journal_log log2;
	ck_assert_int_eq(journal_read(dir, &log2, &err), 1);
	ck_assert_int_eq(log2.version, 3);
	ck_assert_uint_eq(log2.nops, log.nops);
	for (size_t i = 0; i < log.nops; i++) {
		assert_ops_equal(&v[i], &log2.ops[i].op, log2.ops[i].rec);
		if (log.ops[i].rec)
			ck_assert(rec_equal(K_CHANGE, log.ops[i].rec, log2.ops[i].rec));
	}
	free(v);
	journal_log_free(&log2);
	journal_log_free(&log);
	plan_free(&fresh);
	plan_free(&direct);
	buf_release(&err);
}
END_TEST

/* Records a journal may hold when damaged or crafted, with what replay
 * must say of each: refused with a message, the plan untouched. */
static const struct {
	int version;
	const char *line;
	const char *theirs; /* the message */
	bool mine_refused;  /* "use mine" is refused too */
} bad_records[] = {
	/* a missing AFTER value */
	{ 2, "op\tset\tchange\tF1\tstatus\t=ej-paborjad\t-\t0\t0\t0",
	  "an edit without its new value", true },
	{ 2, "op\tset\tchange\tF1\tnotes\t=\t-\t0\t0\t0", "an edit without its new value", false },
	{ 2, "op\tadd-item\tchange\tF1\tgroups\t-\t-\t0\t0\t0", "an edit without its item", true },
	{ 2, "op\tset\tplan\t\tfocus_year\t=2025\t-\t0\t0\t0", "an edit without its new value",
	  true },
	{ 1, "op\tset\tF1\tstatus\t=ej-paborjad\t-\t0\t0\t0", "an edit without its new value",
	  true },
	/* an unknown status key */
	{ 2, "op\tset\tchange\tF1\tstatus\t=ej-paborjad\t=klart\t0\t0\t0",
	  "unknown status 'klart' (known: ej-paborjad, pagar, klar)", true },
	{ 1, "op\tset\tF1\tstatus\t=ej-paborjad\t=klart\t0\t0\t0",
	  "unknown status 'klart' (known: ej-paborjad, pagar, klar)", true },
	{ 2, "op\tadd\tchange\tF9\t-\t-\t-\t3\t0\t0\tid=F9\thorizon=kort\ttext=Ny\tpriority="
	     "\tstatus=klart\tgroups=\teffects=\tnotes=",
	  "unknown status 'klart' (known: ej-paborjad, pagar, klar)", true },
	{ 1, "op\tadd-change\tF9\tid\t-\t-\t0\t3\t0\tF9\tkort\tNy\tklart\t\t\t\t",
	  "unknown status 'klart' (known: ej-paborjad, pagar, klar)", true },
	/* an unknown group id */
	{ 2, "op\tadd-item\tchange\tF1\tgroups\t-\t=nosuch\t0\t0\t0",
	  "unknown group 'nosuch' (known: fstod, halsa)", true },
	{ 1, "op\tadd-item\tF1\tgroups\t-\t=nosuch\t0\t0\t0",
	  "unknown group 'nosuch' (known: fstod, halsa)", true },
	{ 2, "op\tset\tgroup\tnosuch\tlead\t=\t=Ida Broman\t0\t0\t0", "nosuch no longer exists",
	  true },
	{ 2, "op\tadd\tchange\tF9\t-\t-\t-\t3\t0\t0\tid=F9\thorizon=kort\ttext=Ny\tpriority="
	     "\tstatus=pagar\tgroups=fstod,nosuch\teffects=\tnotes=",
	  "unknown group 'nosuch' (known: fstod, halsa)", true },
	/* a bad year */
	{ 2, "op\tadd-item\tchange\tF1\tpriority\t-\t=20x5\t0\t0\t0", "'20x5' is not a year",
	  true },
	{ 1, "op\tadd-year\tF1\tpriority\t-\t-\t1800\t0\t0", "'1800' is not a year", true },
	{ 2, "op\tset\tplan\t\tfocus_year\t=2025\t=1800\t0\t0\t0", "'1800' is not a year", true },
	{ 2, "op\tset\tplan\t\tfocus_year\t=2025\t=20x6\t0\t0\t0", "'20x6' is not a year", true },
	{ 2, "op\tset\tplan\t\tfocus_year\t=2025\t=\t0\t0\t0", "'' is not a year", true },
};

START_TEST(test_replay_rejects_bad_records)
{
	struct plan *orig = load(NULL, changes_yaml);
	for (size_t i = 0; i < sizeof(bad_records) / sizeof(*bad_records); i++) {
		struct buf text = BUF_INIT;
		add_line(&text, bad_records[i].version == 1
					? "samplan-journal 1\tbase\t0000000000000001"
					: "samplan-journal 2\tbase\t0000000000000001");
		add_line(&text, bad_records[i].line);
		struct journal_log log;
		ck_assert_int_eq(journal_parse(text.s, text.len, &log), 0);
		buf_release(&text);
		ck_assert_msg(log.nops == 1 && !log.truncated, "record %zu is not read", i);
		struct plan *p = load(NULL, changes_yaml);
		struct replay rp = { 0 };
		struct op applied;
		struct buf theirs = BUF_INIT, mine = BUF_INIT, err = BUF_INIT;
		enum replay_result r = journal_replay_one(p, &rp, &log.ops[0], &applied, &theirs,
							  &mine);
		ck_assert_msg(r == REPLAY_CONFLICT, "record %zu: %d, not refused", i, r);
		ck_assert_ptr_null(applied.id);
		ck_assert_str_eq(buf_str(&theirs), bad_records[i].theirs);
		ck_assert_msg(mine.len > 0, "record %zu: nothing said of mine", i);
		assert_plans_equal(p, orig);
		if (bad_records[i].mine_refused) {
			ck_assert_msg(journal_replay_mine(p, &rp, &log.ops[0], &applied,
							  &err) == -1,
				      "record %zu: use mine applied it", i);
			ck_assert_msg(err.len > 0, "record %zu: no message", i);
			ck_assert_ptr_null(applied.id);
			assert_plans_equal(p, orig);
		}
		buf_release(&theirs);
		buf_release(&mine);
		buf_release(&err);
		replay_free(&rp);
		journal_log_free(&log);
		plan_free(&p);
	}
	/* a bad year among an added record's values: the record is not read */
	struct buf text = BUF_INIT;
	add_line(&text, "samplan-journal 2\tbase\t0000000000000001");
	add_line(&text, "op\tadd\tchange\tF9\t-\t-\t-\t3\t0\t0\tid=F9\thorizon=kort\ttext=Ny"
			"\tpriority=2025,20x5\tstatus=pagar\tgroups=\teffects=\tnotes=");
	struct journal_log log;
	ck_assert_int_eq(journal_parse(text.s, text.len, &log), 0);
	ck_assert_uint_eq(log.nops, 0);
	ck_assert(log.truncated);
	journal_log_free(&log);
	buf_release(&text);
	plan_free(&orig);
}
END_TEST

static Suite *journal_suite(void)
{
	Suite *s = suite_create("journal");
	TCase *tc = tcase_create("journal");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_round_trip_every_kind);
	tcase_add_test(tc, test_truncated_last_record_ignored);
	tcase_add_test(tc, test_damaged_journal_kept_aside);
	tcase_add_test(tc, test_control_bytes_escaped);
	tcase_add_test(tc, test_save_marks_and_saved);
	tcase_add_test(tc, test_write_failure_reported);
	tcase_add_test(tc, test_replay_conflicts);
	tcase_add_test(tc, test_round_trip_groups_and_plan);
	tcase_add_test(tc, test_version_1_read);
	tcase_add_test(tc, test_replay_rejects_bad_records);
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
