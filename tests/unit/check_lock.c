/* check_lock.c — the plan directory's lock: taken once, refused to a
 * second taker with the holder's name, a dead process's lock taken over. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"
#include "util.h"

static char dir[256];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "%s/check_lock.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char *p = xasprintf("%s/%s", dir, LOCK_FILE_NAME);
	unlink(p);
	free(p);
	rmdir(dir);
}

static bool lock_exists(void)
{
	char *p = xasprintf("%s/%s", dir, LOCK_FILE_NAME);
	struct stat st;
	bool r = stat(p, &st) == 0;
	free(p);
	return r;
}

static void write_lock(const char *text)
{
	char *p = xasprintf("%s/%s", dir, LOCK_FILE_NAME);
	FILE *f = fopen(p, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

/* A pid that is certainly no process: a child that has been reaped. */
static long dead_pid(void)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	return (long)pid;
}

START_TEST(test_take_and_release)
{
	struct lock *lk;
	struct lock_info holder;
	struct buf err = BUF_INIT;
	bool took_over;
	ck_assert_int_eq(lock_take(dir, &lk, &holder, &took_over, &err), LOCK_TAKEN);
	ck_assert_ptr_nonnull(lk);
	ck_assert(!took_over);
	ck_assert(lock_exists());
	/* only the lock remains: no temporary files */
	char *tmp = xasprintf("%s/%s.%ld.tmp", dir, LOCK_FILE_NAME, (long)getpid());
	ck_assert_int_ne(access(tmp, F_OK), 0);
	free(tmp);
	lock_release(&lk);
	ck_assert_ptr_null(lk);
	ck_assert(!lock_exists());
	buf_release(&err);
}
END_TEST

START_TEST(test_second_refused_with_holder)
{
	struct lock *lk, *lk2;
	struct lock_info holder, info;
	struct buf err = BUF_INIT, d = BUF_INIT;
	bool took_over;
	ck_assert_int_eq(lock_take(dir, &lk, &holder, &took_over, &err), LOCK_TAKEN);
	ck_assert_int_eq(lock_take(dir, &lk2, &holder, &took_over, &err), LOCK_HELD);
	ck_assert_ptr_null(lk2);
	ck_assert_int_eq(holder.pid, (long)getpid());
	ck_assert_ptr_nonnull(holder.user);
	ck_assert_ptr_nonnull(holder.host);
	ck_assert_ptr_nonnull(holder.since);
	/* since: an ISO time, UTC */
	ck_assert_uint_eq(strlen(holder.since), 20);
	ck_assert_int_eq(holder.since[10], 'T');
	lock_info_describe(&holder, &d);
	char *want = xasprintf("opened by %s on %s (pid %ld) since %s", holder.user, holder.host,
			       (long)getpid(), holder.since);
	ck_assert_str_eq(buf_str(&d), want);
	free(want);
	ck_assert_int_eq(lock_holder(dir, &info), 1);
	ck_assert_int_eq(info.pid, (long)getpid());
	lock_info_clear(&info);
	lock_info_clear(&holder);
	/* the refused taker did not touch the lock */
	ck_assert(lock_exists());
	lock_release(&lk);
	ck_assert_int_eq(lock_holder(dir, &info), 0);
	buf_release(&err);
	buf_release(&d);
}
END_TEST

START_TEST(test_stale_taken_over)
{
	char host[256];
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	long pid = dead_pid();
	char *text = xasprintf("user=someone\nhost=%s\npid=%ld\nsince=2025-03-19T12:00:00Z\n", host, pid);
	write_lock(text);
	free(text);
	struct lock_info info;
	ck_assert_int_eq(lock_holder(dir, &info), 0); /* stale: no holder */
	struct lock *lk;
	struct lock_info holder;
	struct buf err = BUF_INIT;
	bool took_over;
	ck_assert_int_eq(lock_take(dir, &lk, &holder, &took_over, &err), LOCK_TAKEN);
	ck_assert(took_over);
	ck_assert_int_eq(holder.pid, pid);
	ck_assert_str_eq(holder.user, "someone");
	lock_info_clear(&holder);
	ck_assert_int_eq(lock_holder(dir, &info), 1);
	ck_assert_int_eq(info.pid, (long)getpid());
	lock_info_clear(&info);
	/* nothing left aside */
	char *aside = xasprintf("%s/%s.%ld.dead", dir, LOCK_FILE_NAME, (long)getpid());
	ck_assert_int_ne(access(aside, F_OK), 0);
	free(aside);
	lock_release(&lk);
	ck_assert(!lock_exists());
	buf_release(&err);
}
END_TEST

START_TEST(test_other_host_not_stale)
{
	long pid = dead_pid();
	char *text = xasprintf("user=annan\nhost=another-host.invalid\npid=%ld\nsince=2025-03-19T12:00:00Z\n", pid);
	write_lock(text);
	free(text);
	struct lock *lk;
	struct lock_info holder;
	struct buf err = BUF_INIT;
	bool took_over;
	/* a pid on another machine cannot be checked: the lock holds */
	ck_assert_int_eq(lock_take(dir, &lk, &holder, &took_over, &err), LOCK_HELD);
	ck_assert_str_eq(holder.host, "another-host.invalid");
	lock_info_clear(&holder);
	buf_release(&err);
}
END_TEST

START_TEST(test_release_keeps_foreign_lock)
{
	struct lock *lk;
	struct lock_info holder;
	struct buf err = BUF_INIT;
	bool took_over;
	ck_assert_int_eq(lock_take(dir, &lk, &holder, &took_over, &err), LOCK_TAKEN);
	/* someone replaced it (e.g. took it over by hand): not ours to remove */
	write_lock("user=annan\nhost=another-host.invalid\npid=1\nsince=x\n");
	lock_release(&lk);
	ck_assert(lock_exists());
	buf_release(&err);
}
END_TEST

START_TEST(test_hostile_lock_text)
{
	/* control characters cannot reach the screen through the holder's name */
	write_lock("user=a\033[2Jb\nhost=h\rx\npid=1\nsince=s\n");
	struct lock_info info;
	ck_assert_int_eq(lock_holder(dir, &info), 1);
	ck_assert_str_eq(info.user, "a");
	ck_assert_str_eq(info.host, "h");
	lock_info_clear(&info);
}
END_TEST

START_TEST(test_race_one_winner)
{
	/* several processes take over one dead lock at once: exactly one wins */
	char host[256];
	ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
	for (int round = 0; round < 20; round++) {
		long pid = dead_pid();
		char *text = xasprintf("user=x\nhost=%s\npid=%ld\nsince=s\n", host, pid);
		write_lock(text);
		free(text);
		int fds[2], go_fds[2]; /* results to the parent; the parent's go */
		ck_assert_int_eq(pipe(fds), 0);
		ck_assert_int_eq(pipe(go_fds), 0);
		pid_t kids[4];
		for (int k = 0; k < 4; k++) {
			kids[k] = fork();
			if (kids[k] == 0) {
				struct lock *lk;
				struct lock_info holder;
				struct buf err = BUF_INIT;
				bool took_over;
				char c = lock_take(dir, &lk, &holder, &took_over, &err) == LOCK_TAKEN ? 'T' : 'H';
				if (write(fds[1], &c, 1) != 1)
					_exit(2);
				/* keep holding until the parent has counted */
				char x;
				if (read(go_fds[0], &x, 1) < 0)
					_exit(3);
				_exit(0);
			}
		}
		int taken = 0;
		for (int k = 0; k < 4; k++) {
			char c;
			ck_assert_int_eq(read(fds[0], &c, 1), 1);
			taken += c == 'T';
		}
		ck_assert_int_eq(taken, 1);
		char go[4] = { 0 };
		ck_assert_int_eq(write(go_fds[1], go, 4), 4);
		for (int k = 0; k < 4; k++)
			waitpid(kids[k], NULL, 0);
		close(fds[0]);
		close(fds[1]);
		close(go_fds[0]);
		close(go_fds[1]);
	}
}
END_TEST

static Suite *lock_suite(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("lock");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_take_and_release);
	tcase_add_test(tc, test_second_refused_with_holder);
	tcase_add_test(tc, test_stale_taken_over);
	tcase_add_test(tc, test_other_host_not_stale);
	tcase_add_test(tc, test_release_keeps_foreign_lock);
	tcase_add_test(tc, test_hostile_lock_text);
	tcase_add_test(tc, test_race_one_winner);
	/* 80 processes race in test_race_one_winner: Check's 4 s is too short
	 * under a loaded `make -j check`, and a timeout says nothing of the
	 * lock (a hang still fails, after a minute) */
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(lock_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
