/* measure.c — times a command the way `make bench` needs it.
 *
 * Usage: measure [-n RUNS] [--setup CMD] -- PROG [ARGS...]
 *
 * Runs PROG RUNS times (default 1) with fork and execvp, its standard output
 * sent to /dev/null (standard error is left alone, so failures show).  Each
 * run's wall time is taken with CLOCK_MONOTONIC around fork..wait4, and its
 * peak resident set from wait4's rusage (ru_maxrss, KiB on Linux).  Prints
 * one line:
 *
 *     median_ms min_ms peak_kb
 *
 * where peak_kb is the largest of the runs.  With --setup, `/bin/sh -c CMD`
 * runs before every timed run, untimed (e.g. to restore a file).  Exits 1
 * with a message if any run (or setup) fails: a benchmark of a failing
 * command measures nothing. */
#define _GNU_SOURCE 1

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

static void usage(void)
{
	fprintf(stderr, "usage: measure [-n RUNS] [--setup CMD] -- PROG [ARGS...]\n");
	exit(2);
}

/* Runs `/bin/sh -c CMD`, untimed; 0 if it succeeded. */
static int run_setup(const char *cmd)
{
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "measure: waitpid: %s\n", strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char how[64];
		timing_describe_status(status, how, sizeof how);
		fprintf(stderr, "measure: setup '%s' %s\n", cmd, how);
		return -1;
	}
	return 0;
}

/* Runs ARGV once with stdout on DEVNULL; its wall time in *MS and peak RSS
 * in *KB.  0 if it exited 0. */
static int run_once(char **argv, int devnull, double *ms, long *kb)
{
	double t0 = timing_now_ms();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (dup2(devnull, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "measure: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
			return -1;
		}
	*ms = timing_now_ms() - t0;
	*kb = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char how[64];
		timing_describe_status(status, how, sizeof how);
		fprintf(stderr, "measure: %s %s\n", argv[0], how);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long runs = 1;
	const char *setup = NULL;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			if ((runs = timing_parse_runs(argv[++i])) < 0)
				usage();
		} else if (strcmp(argv[i], "--setup") == 0 && i + 1 < argc) {
			setup = argv[++i];
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();
	char **cmd = argv + i;

	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (devnull < 0) {
		fprintf(stderr, "measure: /dev/null: %s\n", strerror(errno));
		return 1;
	}
	double *ms = malloc((size_t)runs * sizeof *ms);
	if (!ms) {
		fprintf(stderr, "measure: out of memory\n");
		return 1;
	}
	long peak = 0;
	for (long r = 0; r < runs; r++) {
		long kb;
		if (setup && run_setup(setup) != 0)
			return 1;
		if (run_once(cmd, devnull, &ms[r], &kb) != 0)
			return 1;
		if (kb > peak)
			peak = kb;
	}
	double median = timing_median_ms(ms, runs);
	printf("%.3f %.3f %ld\n", median, ms[0], peak);
	free(ms);
	return fflush(stdout) == 0 ? 0 : 1;
}
