/* timing.c — the clock, -n and the median for the bench tools (see timing.h). */
#define _GNU_SOURCE 1

#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

double timing_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

long timing_parse_runs(const char *s)
{
	char *end;
	long runs = strtol(s, &end, 10);
	return *end || end == s || runs < 1 || runs > 100000 ? -1 : runs;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double timing_median_ms(double *ms, long n)
{
	qsort(ms, (size_t)n, sizeof *ms, cmp_double);
	return n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
}

void timing_describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status))
		snprintf(buf, size, "exited with %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, size, "ended with status %#x", (unsigned)status);
}
