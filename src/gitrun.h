/* gitrun.h — runs git with an argv, never through a shell. */
#ifndef SAMPLAN_GITRUN_H
#define SAMPLAN_GITRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Runs "git -C dir args..." (args NULL-terminated) with stdin from
 * /dev/null.  Captures stdout into `out` when given (else discarded) and
 * stderr into `err` when given (else inherited).  Returns git's exit
 * status, 127 when git cannot be run, or -1 on a system error. */
int git_run(const char *dir, const char *const *args, struct buf *out, struct buf *err);
/* Like git_run, with `inlen` bytes of `in` on git's stdin (when `in` is not
 * NULL). */
int git_run_input(const char *dir, const char *const *args, const char *in, size_t inlen,
		  struct buf *out, struct buf *err);
/* Like git_run_input, without keeping git's output: as it comes, sink is
 * called with what has come and not been taken yet, and returns how many
 * of those bytes (from the start) it has taken.  What no call takes stays
 * for the next.  So a long output is never all in memory. */
int git_run_sink(const char *dir, const char *const *args, const char *in, size_t inlen,
		 size_t (*sink)(void *ctx, const char *data, size_t n), void *ctx, struct buf *err);
/* True when a `git` program can be run. */
bool git_available(void);
/* True when `dir` is inside a git work tree. */
bool git_inside_work_tree(const char *dir);
/* The same, and (detached, optional) whether its HEAD is on no branch:
 * one git process answers both. */
bool git_where(const char *dir, bool *detached);
/* The directory above `path` (a real path), or path itself, that has a
 * .git, up to a GIT_CEILING_DIRECTORIES entry: the top of the work tree
 * git (run without GIT_DIR, as git_run runs it) would find there.  Its
 * length in `path`, or 0 when there is none: then git need not be asked
 * (git_inside_work_tree asks it only where a .git is). */
size_t git_top(const char *path);

#endif
