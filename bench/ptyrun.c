/* ptyrun.c — runs a command under a new pseudo-terminal, for `make bench`.
 *
 * Usage: ptyrun [-n RUNS] [-u] [--setup CMD] [-i INPUT] -- PROG [ARGS...]
 *
 * Each run opens a new pseudo-terminal (forkpty) of 100 columns by 30 lines,
 * starts PROG on it with TERM=xterm-256color, writes INPUT (if any) to it as
 * if typed, and reads and drops everything PROG writes to the terminal until
 * PROG has exited, so it never blocks on a full pty.  Without -n it exits
 * with PROG's status (128 + signal if killed).  With -n RUNS it times each
 * run like bench/measure (CLOCK_MONOTONIC from fork to wait) and prints
 *
 *     median_ms min_ms
 *
 * failing (exit 1, with the reason) if any run does not exit 0.  With -u it
 * prints instead
 *
 *     median_ms median_cpu_ms peak_kb
 *
 * the CPU time (user and system) and the peak resident set taken from
 * wait4's rusage, the peak the largest of the runs.  With --setup,
 * `/bin/sh -c CMD` runs before every run, untimed (e.g. to restore a plan
 * that the run edits). */
#define _GNU_SOURCE 1

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

static void usage(void)
{
	fprintf(stderr, "usage: ptyrun [-n RUNS] [-u] [--setup CMD] [-i INPUT] -- PROG [ARGS...]\n");
	exit(2);
}

/* Runs ARGV once on a new pty, typing INPUT; its wall time in *MS.  Returns
 * the wait status, or -1 if the pty or the process could not be made. */
static int run_once(char **argv, const char *input, double *ms, struct rusage *ru)
{
	struct winsize ws;
	memset(&ws, 0, sizeof ws);
	ws.ws_col = 100;
	ws.ws_row = 30;
	int master;
	double t0 = timing_now_ms();
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		fprintf(stderr, "ptyrun: forkpty: %s\n", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/* forkpty set the size already; set it again on the child's side
		 * in case the master's setting did not reach the slave. */
		ioctl(STDIN_FILENO, TIOCSWINSZ, &ws);
		setenv("TERM", "xterm-256color", 1);
		execvp(argv[0], argv);
		fprintf(stderr, "ptyrun: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	size_t left = input ? strlen(input) : 0;
	char buf[65536];
	for (;;) {
		struct pollfd pfd = { .fd = master, .events = POLLIN };
		if (left)
			pfd.events |= POLLOUT;
		int r = poll(&pfd, 1, -1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "ptyrun: poll: %s\n", strerror(errno));
			break;
		}
		if (pfd.revents & POLLIN) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n > 0)
				continue;
			if (n < 0 && errno == EINTR)
				continue;
			break; /* EOF or EIO: the child closed its side (exited) */
		}
		if (left && (pfd.revents & POLLOUT)) {
			ssize_t n = write(master, input, left);
			if (n > 0) {
				input += n;
				left -= (size_t)n;
			} else if (n < 0 && errno != EINTR && errno != EAGAIN) {
				break;
			}
			continue;
		}
		if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL))
			break;
	}
	int status;
	while (wait4(pid, &status, 0, ru) < 0)
		if (errno != EINTR) {
			fprintf(stderr, "ptyrun: waitpid: %s\n", strerror(errno));
			close(master);
			return -1;
		}
	*ms = timing_now_ms() - t0;
	close(master);
	return status;
}

static int exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

int main(int argc, char **argv)
{
	long runs = 0;
	const char *input = NULL, *setup = NULL;
	bool usage_too = false;
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
			if ((runs = timing_parse_runs(argv[++i])) < 0)
				usage();
		} else if (strcmp(argv[i], "-i") == 0 && i + 1 < argc) {
			input = argv[++i];
		} else if (strcmp(argv[i], "--setup") == 0 && i + 1 < argc) {
			setup = argv[++i];
		} else if (strcmp(argv[i], "-u") == 0) {
			usage_too = true;
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();
	char **cmd = argv + i;
	signal(SIGPIPE, SIG_IGN);

	if (runs == 0) {
		double ms;
		struct rusage ru;
		if (setup && system(setup) != 0) {
			fprintf(stderr, "ptyrun: the setup failed: %s\n", setup);
			return 1;
		}
		int status = run_once(cmd, input, &ms, &ru);
		return status < 0 ? 1 : exit_code(status);
	}
	double *ms = malloc((size_t)runs * sizeof *ms);
	double *cpu = malloc((size_t)runs * sizeof *cpu);
	if (!ms || !cpu) {
		fprintf(stderr, "ptyrun: out of memory\n");
		return 1;
	}
	long peak = 0;
	for (long r = 0; r < runs; r++) {
		if (setup && system(setup) != 0) {
			fprintf(stderr, "ptyrun: the setup failed: %s\n", setup);
			return 1;
		}
		struct rusage ru;
		int status = run_once(cmd, input, &ms[r], &ru);
		cpu[r] = (double)ru.ru_utime.tv_sec * 1000.0 + (double)ru.ru_utime.tv_usec / 1000.0 +
			 (double)ru.ru_stime.tv_sec * 1000.0 + (double)ru.ru_stime.tv_usec / 1000.0;
		if (ru.ru_maxrss > peak)
			peak = ru.ru_maxrss;
		if (status < 0)
			return 1;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			char how[64];
			timing_describe_status(status, how, sizeof how);
			fprintf(stderr, "ptyrun: %s %s\n", cmd[0], how);
			return 1;
		}
	}
	double median = timing_median_ms(ms, runs);
	if (usage_too)
		printf("%.3f %.3f %ld\n", median, timing_median_ms(cpu, runs), peak);
	else
		printf("%.3f %.3f\n", median, ms[0]);
	free(ms);
	free(cpu);
	return fflush(stdout) == 0 ? 0 : 1;
}
