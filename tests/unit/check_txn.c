/* check_txn.c — saves across several files (txn.h): done whole, undone
 * whole when another program writes a file meanwhile, and a save cut off
 * at each point finished or undone by txn_recover. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "txn.h"
#include "util.h"

/* A throw-away directory holding a.yaml ("old a") and b.yaml ("old b"). */
struct fix {
	char dir[64];
	char *a, *b;
	struct stat sa, sb;
};

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

static char *get(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return xstrdup("(absent)");
	struct buf b = BUF_INIT;
	char tmp[256];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	return buf_detach(&b);
}

static void fix_init(struct fix *x)
{
	snprintf(x->dir, sizeof(x->dir), "/tmp/samplan-txn.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(x->dir));
	x->a = xasprintf("%s/a.yaml", x->dir);
	x->b = xasprintf("%s/b.yaml", x->dir);
	put(x->a, "old a\n");
	put(x->b, "old b\n");
	ck_assert_int_eq(stat(x->a, &x->sa), 0);
	ck_assert_int_eq(stat(x->b, &x->sb), 0);
}

static void fix_free(struct fix *x)
{
	char *cmd = xasprintf("rm -rf '%s'", x->dir);
	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
	free(x->a);
	free(x->b);
}

static void expect(const char *path, const char *want)
{
	char *got = get(path);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Nothing of a save left in the directory: no intent, no temporary. */
static void expect_clean(const struct fix *x)
{
	char *cmd = xasprintf("ls -A '%s' | grep -q '^\\.samplan'", x->dir);
	ck_assert_msg(system(cmd) != 0, "a save left files in %s", x->dir);
	free(cmd);
}

static void files_of(struct fix *x, struct txn_file f[2], struct iovec iov[2])
{
	iov[0] = (struct iovec){ .iov_base = (void *)"new a\n", .iov_len = 6 };
	iov[1] = (struct iovec){ .iov_base = (void *)"new b\n", .iov_len = 6 };
	f[0] = (struct txn_file){ .path = x->a, .iov = &iov[0], .niov = 1, .mode = 0644,
				  .was_st = &x->sa, .was = "old a\n", .was_len = 6 };
	f[1] = (struct txn_file){ .path = x->b, .iov = &iov[1], .niov = 1, .mode = 0644,
				  .was_st = &x->sb, .was = "old b\n", .was_len = 6 };
}

START_TEST(test_save_whole)
{
	struct fix x;
	fix_init(&x);
	struct txn_file f[2];
	struct iovec iov[2];
	files_of(&x, f, iov);
	struct diags d = DIAGS_INIT;
	size_t changed = 9;
	bool left = true;
	ck_assert_int_eq(txn_save(x.dir, f, 2, &changed, &left, &d), TXN_DONE);
	ck_assert(!left);
	expect(x.a, "new a\n");
	expect(x.b, "new b\n");
	expect_clean(&x);
	diags_clear(&d);
	fix_free(&x);
}
END_TEST

/* b rewritten by someone else after it was read: nothing is replaced,
 * their b stays, and b is named. */
START_TEST(test_save_other_writer)
{
	struct fix x;
	fix_init(&x);
	struct txn_file f[2];
	struct iovec iov[2];
	files_of(&x, f, iov);
	put(x.b, "their b\n");
	struct diags d = DIAGS_INIT;
	size_t changed = 9;
	ck_assert_int_eq(txn_save(x.dir, f, 2, &changed, NULL, &d), TXN_CHANGED);
	ck_assert_uint_eq(changed, 1);
	expect(x.a, "old a\n");
	expect(x.b, "their b\n");
	expect_clean(&x);
	/* the same by a rename: theirs stays */
	char *tmp = xasprintf("%s/theirs", x.dir);
	put(tmp, "their a\n");
	ck_assert_int_eq(rename(tmp, x.a), 0);
	put(x.b, "old b\n");
	ck_assert_int_eq(txn_save(x.dir, f, 2, &changed, NULL, &d), TXN_CHANGED);
	ck_assert_uint_eq(changed, 0);
	expect(x.a, "their a\n");
	expect(x.b, "old b\n");
	expect_clean(&x);
	free(tmp);
	diags_clear(&d);
	fix_free(&x);
}
END_TEST

/* An intent record as a save would leave it, cut off before `renamed` of
 * its two files were exchanged: the new texts in temporaries, links to
 * the originals. */
static void cut_off(struct fix *x, int renamed)
{
	char *ta = xasprintf("%s/" ATOMIC_TEMP_PREFIX "1-a.yaml.X", x->dir);
	char *tb = xasprintf("%s/" ATOMIC_TEMP_PREFIX "1-b.yaml.X", x->dir);
	char *oa = xasprintf("%s-orig", ta), *ob = xasprintf("%s-orig", tb);
	put(ta, "new a\n");
	put(tb, "new b\n");
	ck_assert_int_eq(link(x->a, oa), 0);
	ck_assert_int_eq(link(x->b, ob), 0);
	struct stat na, nb;
	ck_assert_int_eq(stat(ta, &na), 0);
	ck_assert_int_eq(stat(tb, &nb), 0);
	char *intent = xasprintf("%s/%s", x->dir, TXN_FILE_NAME);
	FILE *f = fopen(intent, "w");
	fprintf(f, "samplan-save 1\n");
	const char *paths[2][3] = { { x->a, ta, oa }, { x->b, tb, ob } };
	const struct stat *ids[2][2] = { { &na, &x->sa }, { &nb, &x->sb } };
	for (int i = 0; i < 2; i++) {
		fprintf(f, "%s\t%s\t%s", paths[i][0], paths[i][1], paths[i][2]);
		for (int k = 0; k < 2; k++)
			fprintf(f, "\t%llu:%llu:%lld.%lld", (unsigned long long)ids[i][k]->st_ino,
				(unsigned long long)ids[i][k]->st_size, (long long)ids[i][k]->st_mtim.tv_sec,
				(long long)ids[i][k]->st_mtim.tv_nsec);
		fprintf(f, "\n");
	}
	fprintf(f, "end\n");
	fclose(f);
	if (renamed >= 1)
		ck_assert_int_eq(renameat2(AT_FDCWD, ta, AT_FDCWD, x->a, RENAME_EXCHANGE), 0);
	if (renamed >= 2)
		ck_assert_int_eq(renameat2(AT_FDCWD, tb, AT_FDCWD, x->b, RENAME_EXCHANGE), 0);
	free(ta);
	free(tb);
	free(oa);
	free(ob);
	free(intent);
}

START_TEST(test_recover_forward)
{
	for (int renamed = 0; renamed <= 2; renamed++) {
		struct fix x;
		fix_init(&x);
		cut_off(&x, renamed);
		ck_assert(txn_pending(x.dir));
		struct diags d = DIAGS_INIT;
		struct buf said = BUF_INIT;
		ck_assert_int_eq(txn_recover(x.dir, &said, &d), 0);
		expect(x.a, "new a\n");
		expect(x.b, "new b\n");
		ck_assert_msg(strstr(buf_str(&said), "is finished"), "%s", buf_str(&said));
		ck_assert(!txn_pending(x.dir));
		expect_clean(&x);
		buf_release(&said);
		diags_clear(&d);
		fix_free(&x);
	}
}
END_TEST

/* a's new text in place, b's temporary gone: the save cannot be
 * finished, and is undone from the link to a's original */
START_TEST(test_recover_back)
{
	struct fix x;
	fix_init(&x);
	cut_off(&x, 1);
	char *tb = xasprintf("%s/" ATOMIC_TEMP_PREFIX "1-b.yaml.X", x.dir);
	ck_assert_int_eq(unlink(tb), 0);
	struct diags d = DIAGS_INIT;
	struct buf said = BUF_INIT;
	ck_assert_int_eq(txn_recover(x.dir, &said, &d), 0);
	expect(x.a, "old a\n");
	expect(x.b, "old b\n");
	ck_assert_msg(strstr(buf_str(&said), "is undone"), "%s", buf_str(&said));
	expect_clean(&x);
	free(tb);
	buf_release(&said);
	diags_clear(&d);
	fix_free(&x);
}
END_TEST

/* b changed by someone since the cut: neither finished nor undone, the
 * files left as they are, the intent kept, the reason given */
START_TEST(test_recover_neither)
{
	struct fix x;
	fix_init(&x);
	cut_off(&x, 1);
	char *tb = xasprintf("%s/" ATOMIC_TEMP_PREFIX "1-b.yaml.X", x.dir);
	ck_assert_int_eq(unlink(tb), 0);
	char *other = xasprintf("%s/other", x.dir);
	put(other, "their b\n");
	ck_assert_int_eq(rename(other, x.b), 0);
	struct diags d = DIAGS_INIT;
	struct buf said = BUF_INIT;
	ck_assert_int_eq(txn_recover(x.dir, &said, &d), -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_msg(strstr(d.v[0].msg, "neither finished nor undone"), "%s", d.v[0].msg);
	expect(x.a, "new a\n");
	expect(x.b, "their b\n");
	ck_assert(txn_pending(x.dir));
	/* an intent that does not read is not acted on either */
	char *intent = xasprintf("%s/%s", x.dir, TXN_FILE_NAME);
	put(intent, "samplan-save 1\nhalf a line");
	diags_clear(&d);
	ck_assert_int_eq(txn_recover(x.dir, &said, &d), -1);
	ck_assert_msg(strstr(d.v[0].msg, "does not read"), "%s", d.v[0].msg);
	free(intent);
	free(other);
	free(tb);
	buf_release(&said);
	diags_clear(&d);
	fix_free(&x);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("txn");
	TCase *tc = tcase_create("txn");
	tcase_add_test(tc, test_save_whole);
	tcase_add_test(tc, test_save_other_writer);
	tcase_add_test(tc, test_recover_forward);
	tcase_add_test(tc, test_recover_back);
	tcase_add_test(tc, test_recover_neither);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
