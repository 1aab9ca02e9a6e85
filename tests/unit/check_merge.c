/* check_merge — the merge driver's reading of conflict markers, and many
 * random pairs of edit sequences on the shipped plan merged by it:
 *
 *  - the result always reads (merged, or marked with conflicts whose
 *    sides read);
 *  - pairs that do not set one field both ways, delete or move a record
 *    the other edits, or both reorder, give what making both sequences on
 *    one copy gives (lists merged as sets), and keep every comment;
 *  - where both set one field to different values, exactly that field of
 *    that record is in conflict;
 *  - every pair that git's line merge (`git merge-file`) merges cleanly,
 *    the driver merges cleanly too. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitrun.h"
#include "history.h"
#include "merge.h"
#include "ops.h"
#include "store.h"
#include "pairs.h"
#include "testplan.h"

static const char *top_srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ".";
}

/* ---- reading markers --------------------------------------------------- */

START_TEST(test_hunks_read)
{
	const char *t = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\n";
	struct merge_hunks h;
	ck_assert_int_eq(merge_hunks_read(t, strlen(t), &h), 1);
	ck_assert_uint_eq(h.v[0].line, 2);
	ck_assert(h.v[0].has_base);
	struct buf s = BUF_INIT;
	merge_hunks_side(t, strlen(t), &h, SIZE_MAX, MERGE_OURS, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "a\nb\ne\n");
	buf_reset(&s);
	merge_hunks_side(t, strlen(t), &h, 0, MERGE_BASE, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "a\nc\ne\n");
	buf_reset(&s);
	merge_hunks_side(t, strlen(t), &h, 0, MERGE_THEIRS, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "a\nd\ne\n");
	merge_hunks_free(&h);

	/* git's own style (no base), a bigger marker size */
	const char *g = "<<<<<<<<< HEAD\nx\n=========\ny\n>>>>>>>>> main\n";
	ck_assert_int_eq(merge_hunks_read(g, strlen(g), &h), 1);
	ck_assert(!h.v[0].has_base);
	buf_reset(&s);
	merge_hunks_side(g, strlen(g), &h, SIZE_MAX, MERGE_BASE, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "x\n"); /* no base: ours' lines */
	merge_hunks_free(&h);

	/* markers that do not pair up, and text that only looks like them */
	const char *bad[] = { "<<<<<<< a\nx\n", "=======\n", "<<<<<<< a\n<<<<<<< b\n",
			      ">>>>>>> x\n", "<<<<<<< a\nx\n=======\ny\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_int_eq(merge_hunks_read(bad[i], strlen(bad[i]), &h), -1);
	const char *none = "<<<<<< six\n======== x\nnotes: \"<<<<<<< a\"\n";
	ck_assert_int_eq(merge_hunks_read(none, strlen(none), &h), 0);
	buf_release(&s);
}
END_TEST

/* ---- random pairs -------------------------------------------------------- */

START_TEST(test_random_pairs)
{
	ck_assert_msg(pairs_init(top_srcdir()), "the shipped plan is missing");
	char dir[] = "/tmp/samplan-merge-XXXXXX";
	ck_assert(mkdtemp(dir) != NULL);
	bool git = git_available();
	unsigned long rng = 88172645463325252ul;
	unsigned rounds = 400, exact = 0, clashes = 0, git_clean = 0, git_wrong = 0, merged = 0;
	for (unsigned i = 0; i < rounds; i++) {
		struct pairs_round r;
		struct buf why = BUF_INIT;
		int rc = pairs_round(&rng, git, dir, &r, &why);
		ck_assert_msg(rc == 0, "round %u: %s", i, buf_str(&why));
		buf_release(&why);
		exact += r.exact;
		clashes += r.clash;
		git_clean += r.git_clean;
		git_wrong += r.git_wrong;
		merged += r.merged;
	}
	/* the rounds did test something */
	ck_assert_uint_gt(exact, rounds / 3);
	ck_assert_uint_gt(clashes, 5);
	if (git)
		ck_assert_uint_gt(git_clean, rounds);
	fprintf(stderr, "merge: %u rounds, %u exact, %u clashes, %u files merged, git clean %u, "
		"git clean but not both edits %u\n",
		rounds, exact, clashes, merged, git_clean, git_wrong);
	char *rm = xasprintf("rm -rf '%s'", dir);
	ck_assert(system(rm) == 0);
	free(rm);
	pairs_done();
}
END_TEST

static Suite *merge_suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("markers");
	tcase_add_test(tc, test_hunks_read);
	suite_add_tcase(s, tc);
	tc = tcase_create("random");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_random_pairs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(merge_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
