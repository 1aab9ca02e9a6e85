/* ptyrun.c — runs a command under a new pseudo-terminal, for `make bench`.
 *
 * Usage: ptyrun [-n RUNS] [-i INPUT] -- PROG [ARGS...]
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
 * failing (exit 1, with the reason) if any run does not exit 0. */
#define _GNU_SOURCE 1

#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

static void usage(void)
{
	fprintf(stderr, "usage: ptyrun [-n RUNS] [-i INPUT] -- PROG [ARGS...]\n");
	exit(2);
}

/* Runs ARGV once on a new pty, typing INPUT; its wall time in *MS.  Returns
 * the wait status, or -1 if the pty or the process could not be made. */
static int run_once(char **argv, const char *input, double *ms)
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
	while (waitpid(pid, &status, 0) < 0)
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
	const char *input = NULL;
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
		int status = run_once(cmd, input, &ms);
		return status < 0 ? 1 : exit_code(status);
	}
	double *ms = malloc((size_t)runs * sizeof *ms);
	if (!ms) {
		fprintf(stderr, "ptyrun: out of memory\n");
		return 1;
	}
	for (long r = 0; r < runs; r++) {
		int status = run_once(cmd, input, &ms[r]);
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
	printf("%.3f %.3f\n", median, ms[0]);
	free(ms);
	return fflush(stdout) == 0 ? 0 : 1;
}
