/* atomicfile.h — replacing a file so that a crash, a full disk or a
 * failed write leaves either the old bytes or the new ones, never a mix:
 * a temporary file beside it, fsync, rename over it, fsync of the
 * directory.  The plan's files, the crash journal, the lock and print's
 * output are all written this way. */
#ifndef SAMPLAN_ATOMICFILE_H
#define SAMPLAN_ATOMICFILE_H

/* Every temporary file starts so (".samplan-tmp-PID-NAME.XXXXXX"): the
 * plan's git excludes ignore them, and those a killed samplan left behind
 * are found by their pid and removed (atomic_remove_stale). */
#define ATOMIC_TEMP_PREFIX ".samplan-tmp-"

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

/* Atomically replaces the file at `path` (following a symlink to its
 * target, so the link stays a link) with the `n` pieces of `iov` in turn,
 * with permissions `mode`.  Returns 0, or -1 with errno set (the file is
 * then as it was, and no temporary file is left). */
int atomic_write_iov(const char *path, const struct iovec *iov, size_t n, mode_t mode);

/* The same in two steps, for several files that should change together:
 * atomic_prepare writes and syncs the temporary file (returns 0, or -1
 * with errno set and nothing left); atomic_commit renames it over the
 * target (0, or -1 with errno set); atomic_abort removes the temporary
 * file if it is still there and frees what `af` holds (call it always). */
struct atomic_file {
	char *target, *tmp;
};
int atomic_prepare(struct atomic_file *af, const char *path, const struct iovec *iov, size_t n,
		   mode_t mode);
int atomic_commit(struct atomic_file *af);
void atomic_abort(struct atomic_file *af);

/* Replaces the file at `path` with `len` bytes of `data`, keeping its
 * mode (0644 for a new file).  Returns 0, or -1 with errno set. */
int write_file_atomic(const char *path, const char *data, size_t len);

/* Removes the temporaries in `dir` that a samplan no longer running left
 * behind (its pid gone); returns how many. */
int atomic_remove_stale(const char *dir);

/* What kind of file other than a regular one the mode says, for people
 * ("a directory", "a FIFO (named pipe)", ...), translated. */
const char *file_kind(mode_t mode);

/* Opens `path` to read, only if it is a regular file (a symlink to one is
 * followed) and without blocking (a FIFO in its place cannot hang the
 * caller).  Returns the descriptor; -1 with errno set, and *kind (when
 * not NULL) the file_kind of what is there when it is not a regular
 * file (errno then EINVAL), else NULL. */
int open_regular(const char *path, const char **kind);

/* Whether the file at `path` holds exactly the `len` bytes of `data`: 1
 * yes, 0 no (or it is not a regular file), -1 it cannot be read.  Opened
 * without blocking, so that a FIFO put in its place cannot hang it. */
int file_holds(const char *path, const char *data, size_t len);

#endif
