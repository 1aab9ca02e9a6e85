/* check_session.c — one plan open for editing: apply, undo and redo, what
 * is unsaved, the journal of the unsaved edits, save, a file changed
 * underneath, reload. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journal.h"
#include "store.h"
#include "session.h"
#include "testplan.h"
#include "util.h"

static char dir[256];

static const char changes_yaml[] =
	"changes:\n"
	"  - id: F1\n"
	"    text: Första\n"
	"    status: ej-paborjad\n"
	"  - id: F2\n"
	"    text: Andra\n"
	"    status: pagar\n"
	"    groups: [fstod]\n";

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void write_text(const char *name, const char *text)
{
	char *p = path_of(name);
	testplan_write_file(p, text, strlen(text));
	free(p);
}

static char *read_text(const char *name)
{
	char *p = path_of(name);
	char *text = testplan_read_file(p, NULL);
	free(p);
	return text;
}

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/check_session.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	write_text("plan.yaml", testplan_plan_yaml);
	write_text("groups.yaml", testplan_groups_yaml);
	write_text("changes.yaml", changes_yaml);
}

static void teardown(void)
{
	static const char *const names[] = { "plan.yaml", "groups.yaml", "changes.yaml",
					      JOURNAL_FILE_NAME };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *p = path_of(names[i]);
		unlink(p);
		free(p);
	}
	rmdir(dir);
}

static void open_session(struct session *s)
{
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(session_open(s, dir, false, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	diags_clear(&d);
}

/* Makes and applies a set; returns what session_apply did. */
static int set(struct session *s, enum kind k, const char *id, int field, const char *value)
{
	struct op op;
	struct buf err = BUF_INIT, warn = BUF_INIT;
	ck_assert_msg(op_make_set(s->p, k, id, field, value, &op, &err) == 0, "%s", buf_str(&err));
	int r = session_apply(s, &op, &err, &warn);
	ck_assert_msg(warn.len == 0, "%s", buf_str(&warn));
	buf_release(&err);
	buf_release(&warn);
	return r;
}

START_TEST(test_apply_undo_redo)
{
	struct session s;
	open_session(&s);
	ck_assert_uint_eq(session_unsaved(&s), 0);
	ck_assert_int_eq(set(&s, K_CHANGE, "F1", CF_STATUS, "klar"), 1);
	ck_assert_int_eq(set(&s, K_GROUP, "fstod", GF_LEAD, "Deepa Singhru"), 1);
	/* already so: nothing done, nothing kept */
	ck_assert_int_eq(set(&s, K_GROUP, "fstod", GF_LEAD, "Deepa Singhru"), 0);
	ck_assert_uint_eq(s.nundo, 2);
	ck_assert_uint_eq(session_unsaved(&s), 2);

	struct buf err = BUF_INIT;
	const struct op *op = session_undo(&s, &err, NULL);
	ck_assert_ptr_nonnull(op);
	ck_assert_int_eq(op->rk, K_GROUP);
	ck_assert_str_eq(plan_find_group(s.p, "fstod")->lead, "");
	ck_assert_uint_eq(session_unsaved(&s), 1);
	op = session_redo(&s, &err, NULL);
	ck_assert_ptr_nonnull(op);
	ck_assert_str_eq(plan_find_group(s.p, "fstod")->lead, "Deepa Singhru");
	ck_assert_ptr_null(session_redo(&s, &err, NULL)); /* nothing to redo */
	ck_assert_uint_eq(err.len, 0);
	ck_assert_ptr_nonnull(session_undo(&s, &err, NULL));
	ck_assert_ptr_nonnull(session_undo(&s, &err, NULL));
	ck_assert_ptr_null(session_undo(&s, &err, NULL)); /* nothing to undo */
	ck_assert_uint_eq(err.len, 0);
	ck_assert_str_eq(plan_find_change(s.p, "F1")->status, "ej-paborjad");
	/* a new edit after undoing drops what could be redone */
	ck_assert_int_eq(set(&s, K_CHANGE, "F2", CF_NOTES, "Ny"), 1);
	ck_assert_uint_eq(s.nops, 1);
	ck_assert_ptr_null(session_redo(&s, &err, NULL));
	/* every op applied, undone and redone is pending, as journaled */
	ck_assert_uint_eq(s.npend, 7);
	buf_release(&err);
	session_close(&s);
}
END_TEST

START_TEST(test_save_and_journal)
{
	struct session s;
	open_session(&s);
	char *base = path_of(JOURNAL_FILE_NAME);
	s.journal = journal_new(dir, 0);
	ck_assert_int_eq(set(&s, K_GROUP, "fstod", GF_LEAD, "Deepa Singhru"), 1);
	ck_assert_int_eq(set(&s, K_PLAN, "", PL_FOCUS_YEAR, "2026"), 1);
	/* the edits are in the journal before they are saved */
	struct journal_log log;
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_uint_eq(log.nops, 2);
	ck_assert_int_eq(log.ops[0].op.rk, K_GROUP);
	journal_log_free(&log);

	int written = 0;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_DONE);
	ck_assert_int_eq(written, 2);
	ck_assert_uint_eq(session_unsaved(&s), 0);
	ck_assert_uint_eq(s.npend, 0);
	/* saved: the journal is gone, the files say so */
	ck_assert_int_ne(access(base, F_OK), 0);
	char *g = read_text("groups.yaml"), *pl = read_text("plan.yaml"), *c = read_text("changes.yaml");
	ck_assert_ptr_nonnull(strstr(g, "Deepa Singhru"));
	ck_assert_ptr_nonnull(strstr(pl, "focus_year: 2026\n"));
	ck_assert_str_eq(c, changes_yaml); /* not written */
	free(g);
	free(pl);
	free(c);
	/* undoing past the save is unsaved again */
	ck_assert_ptr_nonnull(session_undo(&s, &err, NULL));
	ck_assert_uint_eq(session_unsaved(&s), 1);
	/* nothing more to write once saved back */
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_DONE);
	ck_assert_int_eq(written, 1);
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_DONE);
	ck_assert_int_eq(written, 0);
	session_forget_unsaved(&s);
	journal_close(&s.journal);
	buf_release(&err);
	diags_clear(&d);
	free(base);
	session_close(&s);
}
END_TEST

/* The journal knows the files by their stat: after a save its base is the
 * files as saved; a save mark written just before the files are replaced
 * names them as they are after it (so a crash after the replacing offers
 * none of the edits again), and no longer once another program wrote one. */
static void mark_like_session(void *ctx, const struct stat *const after[SF_COUNT])
{
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_mark_save(ctx, journal_files_id(after, SF_COUNT), &err), 0);
	buf_release(&err);
}

static uint64_t files_now(const struct journal_log *log)
{
	struct plan *p;
	struct store *st;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(store_load(dir, &p, &st, &d), 0);
	uint64_t now = journal_files_now(log, st);
	plan_free(&p);
	store_free(&st);
	diags_clear(&d);
	return now;
}

START_TEST(test_journal_knows_saved_files)
{
	struct session s;
	open_session(&s);
	s.journal = journal_new(dir, 0);
	ck_assert_int_eq(set(&s, K_CHANGE, "F1", CF_STATUS, "klar"), 1);
	int written = 0;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_DONE);
	ck_assert_int_eq(written, 1);
	/* the base is the files as saved, as the store and the disk say */
	ck_assert_uint_eq(journal_base(s.journal), journal_id_store(s.st));
	ck_assert_int_eq(set(&s, K_CHANGE, "F2", CF_STATUS, "klar"), 1);
	struct journal_log log;
	struct buf err = BUF_INIT;
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_int_eq(log.version, 3);
	ck_assert_uint_eq(log.base, files_now(&log));
	journal_log_free(&log);

	/* a save whose samplan dies after the files are replaced, before the
	 * journal goes: its mark names the files now there */
	struct store_save_opts o = { .follow = true, .before_write = mark_like_session,
				     .ctx = s.journal };
	ck_assert_int_eq(store_save_ex(s.st, s.p, &o, &written, &d), 0);
	ck_assert_int_eq(journal_read(dir, &log, &err), 1);
	ck_assert_uint_eq(log.nsaves, 1);
	ck_assert_uint_eq(journal_unsaved_from(&log, files_now(&log)), log.nops);
	/* another program writes the file: the mark no longer holds */
	char *path = path_of("changes.yaml");
	FILE *f = fopen(path, "a");
	ck_assert_ptr_nonnull(f);
	fputs("# ett tillägg\n", f);
	fclose(f);
	ck_assert_uint_eq(journal_unsaved_from(&log, files_now(&log)), 0);
	journal_log_free(&log);
	free(path);
	session_forget_unsaved(&s);
	journal_close(&s.journal);
	buf_release(&err);
	diags_clear(&d);
	session_close(&s);
}
END_TEST

/* A file the edits are not in changed on disk: the save is refused, the
 * session names that file, and a reload gives back the unsaved edits. */
START_TEST(test_changed_underneath_and_reload)
{
	struct session s;
	open_session(&s);
	ck_assert_int_eq(session_changed_underneath(&s), SF_COUNT);
	ck_assert_int_eq(set(&s, K_CHANGE, "F1", CF_STATUS, "klar"), 1);
	ck_assert_int_eq(set(&s, K_CHANGE, "F2", CF_NOTES, "Anteckning"), 1);
	char *g = xasprintf("%s  - id: ny\n    name: Ny grupp\n", testplan_groups_yaml);
	write_text("groups.yaml", g);
	free(g);
	ck_assert_int_eq(session_changed_underneath(&s), SF_GROUPS);

	int written = 0;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_REFUSED);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_gt(d.n, 0);
	diags_clear(&d);
	char *c = read_text("changes.yaml");
	ck_assert_str_eq(c, changes_yaml); /* nothing written */
	free(c);
	ck_assert_uint_eq(session_unsaved(&s), 2);

	struct journal_log log;
	ck_assert_int_eq(session_reload(&s, &log, &d), 0);
	ck_assert_uint_eq(log.nops, 2);
	ck_assert_uint_eq(s.nops, 0);
	ck_assert_uint_eq(s.npend, 0);
	ck_assert_ptr_nonnull(plan_find_group(s.p, "ny"));
	ck_assert_str_eq(plan_find_change(s.p, "F1")->status, "ej-paborjad");
	ck_assert_int_eq(session_changed_underneath(&s), SF_COUNT);
	/* re-applied and kept, the edits save on the new files */
	struct replay rp = { 0 };
	struct buf theirs = BUF_INIT, mine = BUF_INIT;
	for (size_t i = 0; i < log.nops; i++) {
		struct op applied;
		ck_assert_int_eq(journal_replay_one(s.p, &rp, &log.ops[i], &applied, &theirs, &mine),
				 REPLAY_APPLIED);
		session_record(&s, &applied, NULL);
	}
	replay_free(&rp);
	journal_log_free(&log);
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_DONE);
	ck_assert_int_eq(written, 1);
	c = read_text("changes.yaml");
	ck_assert_ptr_nonnull(strstr(c, "status: klar"));
	ck_assert_ptr_nonnull(strstr(c, "notes: Anteckning"));
	free(c);
	buf_release(&theirs);
	buf_release(&mine);
	diags_clear(&d);
	session_close(&s);
}
END_TEST

/* Removes the plan's files from directory `d`, and `d`. */
static void remove_plan_dir(const char *d)
{
	static const char *const names[] = { "plan.yaml", "groups.yaml", "changes.yaml" };
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		char *p = xasprintf("%s/%s", d, names[i]);
		unlink(p);
		free(p);
	}
	ck_assert_int_eq(rmdir(d), 0);
}

START_TEST(test_dir_gone_save_to)
{
	struct session s;
	open_session(&s);
	ck_assert(!session_dir_gone(&s));
	ck_assert_int_eq(set(&s, K_CHANGE, "F1", CF_STATUS, "klar"), 1);
	char *moved = xasprintf("%s.moved", dir), *other = xasprintf("%s.other", dir);
	ck_assert_int_eq(rename(dir, moved), 0);
	ck_assert(session_dir_gone(&s));
	ck_assert_int_eq(mkdir(dir, 0700), 0); /* another directory of that name */
	ck_assert(session_dir_gone(&s));

	/* a directory holding a plan is not written over */
	int written = -1;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(session_save_to(&s, moved, &written, &d), -1);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "holds a plan"));
	diags_clear(&d);
	char *path = xasprintf("%s/changes.yaml", moved);
	char *c = testplan_read_file(path, NULL);
	ck_assert_str_eq(c, changes_yaml);
	free(c);
	free(path);
	ck_assert_uint_eq(session_unsaved(&s), 1);

	/* a new directory gets the whole plan, with the edit, and the session
	 * goes on there */
	ck_assert_int_eq(session_save_to(&s, other, &written, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_int_eq(written, 3);
	ck_assert_str_eq(s.dir, other);
	ck_assert(!session_dir_gone(&s));
	ck_assert_uint_eq(session_unsaved(&s), 0);
	ck_assert_str_eq(plan_find_change(s.p, "F1")->status, "klar");
	path = xasprintf("%s/plan.yaml", other);
	c = testplan_read_file(path, NULL);
	ck_assert_str_eq(c, testplan_plan_yaml);
	free(c);
	free(path);
	path = xasprintf("%s/changes.yaml", other);
	c = testplan_read_file(path, NULL);
	ck_assert_ptr_nonnull(strstr(c, "  - id: F1\n    text: Första\n    status: klar\n"));
	ck_assert_uint_eq(strlen(c), strlen(changes_yaml) - strlen("ej-paborjad") + strlen("klar"));
	free(c);
	free(path);
	/* and saves there */
	ck_assert_int_eq(set(&s, K_CHANGE, "F2", CF_STATUS, "klar"), 1);
	ck_assert_int_eq(session_save(&s, &written, &d, NULL), SAVE_DONE);
	ck_assert_int_eq(written, 1);
	session_close(&s);
	remove_plan_dir(moved);
	remove_plan_dir(other);
	free(moved);
	free(other);
}
END_TEST

static Suite *session_suite(void)
{
	Suite *s = suite_create("session");
	TCase *tc = tcase_create("session");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_apply_undo_redo);
	tcase_add_test(tc, test_save_and_journal);
	tcase_add_test(tc, test_journal_knows_saved_files);
	tcase_add_test(tc, test_changed_underneath_and_reload);
	tcase_add_test(tc, test_dir_gone_save_to);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(session_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
