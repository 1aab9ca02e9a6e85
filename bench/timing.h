/* timing.h — what bench/measure and bench/ptyrun share: the clock, the
 * run count of -n, the median of the runs and how a run ended. */
#ifndef SAMPLAN_BENCH_TIMING_H
#define SAMPLAN_BENCH_TIMING_H

#include <stddef.h>

/* Milliseconds on CLOCK_MONOTONIC. */
double timing_now_ms(void);
/* The number of runs given to -n (1..100000), or -1 if it is not one. */
long timing_parse_runs(const char *s);
/* Sorts ms[0..n) (n > 0) and returns its median. */
double timing_median_ms(double *ms, long n);
/* Describes a wait status for a message: "exited with 3", "killed by signal 9 (Killed)". */
void timing_describe_status(int status, char *buf, size_t size);

#endif
