/* lock.h — one writer per plan: a lock file in the plan directory that
 * names who holds the plan open for editing.
 *
 * The lock is DIR/.samplan.lock, a few "key=value" lines (user, host, pid,
 * since).  It appears complete or not at all: it is written to a temporary
 * file first and linked into place, which fails when a lock exists.  A
 * lock whose process is gone (same host, no such pid) is taken over: it is
 * renamed aside, checked to be the very lock found dead, and replaced the
 * same way, so two processes taking over at once cannot both win. */
#ifndef SAMPLAN_LOCK_H
#define SAMPLAN_LOCK_H

#include <stdbool.h>

#include "util.h"

#define LOCK_FILE_NAME ".samplan.lock"

/* Who holds a lock.  Strings are owned (lock_info_clear). */
struct lock_info {
	char *user, *host, *since; /* since: ISO 8601 time, UTC */
	long pid;
};

struct lock;

enum lock_result {
	LOCK_TAKEN,     /* *lk is ours */
	LOCK_HELD,      /* held by a live process (or one on another host) */
	LOCK_ERROR,     /* cannot create the lock (message in err) */
};

/* Takes the lock of plan directory `dir`.  LOCK_TAKEN: sets *lk (the
 * caller owns it: lock_release) and *took_over when a dead process's lock
 * was replaced (then *holder names that process).  LOCK_HELD: fills
 * *holder (caller clears it).  LOCK_ERROR: a message in `err`. */
enum lock_result lock_take(const char *dir, struct lock **lk, struct lock_info *holder,
			   bool *took_over, struct buf *err);

/* Reads who holds the lock of `dir`.  Returns 1 and fills *info (caller
 * clears) when a lock held by a live process exists (or one that cannot be
 * checked: another host, an unreadable file), 0 when there is none or it is
 * stale. */
int lock_holder(const char *dir, struct lock_info *info);

/* Removes the lock (only if it is still ours) and frees *lk; sets it NULL. */
void lock_release(struct lock **lk);

/* The write lock: held by every writer of the plan's files (the command
 * line from before it reads them to after it writes them, the workbench
 * across a save), so that a check for a file changed underneath and the
 * write after it cannot have another writer in between.  An flock of the
 * plan directory itself: nothing to leave behind, gone with the process.
 * Waits up to `wait_ms`.  Returns the descriptor to give to
 * lock_write_release; LOCK_WRITE_NONE when the filesystem has no flock
 * (the check before writing is then all there is); or -1 with a message
 * in `err` (another writer held it all that time, or the directory cannot
 * be opened). */
#define LOCK_WRITE_NONE (-2)
int lock_write_take(const char *dir, unsigned wait_ms, struct buf *err);
void lock_write_release(int *fd);

/* "opened by USER on HOST (pid N) since TIME", translated. */
void lock_info_describe(const struct lock_info *info, struct buf *out);
void lock_info_clear(struct lock_info *info);

#endif
