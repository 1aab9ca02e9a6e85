/* txn.h — a save that replaces several files lands whole or not at all,
 * across a kill, a power loss and an I/O error at any step; and another
 * program's write that lands while it saves is never replaced unseen.
 *
 * How, as SQLite commits across database files with a super-journal:
 *  1. every new text is written to a temporary file beside its target
 *     and synced (atomicfile.h);
 *  2. each target gets a second link to its original, kept until the
 *     save is over (the way back), and is checked to be what was read;
 *  3. when more than one file changes, an intent record, TXN_FILE_NAME in
 *     the plan's directory, names every target, its temporary, that link
 *     and the inode numbers of the new text and of the original; it is
 *     synced, with its directory, before the first target is touched;
 *  4. each temporary is exchanged with its target (renameat2's
 *     RENAME_EXCHANGE), so that the file it replaces stays under the
 *     temporary's name and is checked: when it is not the original as
 *     read, another program wrote the target meanwhile (in place or by a
 *     rename), and the whole save is undone, its version back in place;
 *  5. the directories are synced, the intent removed, the leftovers
 *     deleted.
 * Whoever opens the plan next and finds an intent (a save killed or cut
 * off between 3 and 5) finishes the save, when every new text is in its
 * target or still in its temporary, or else undoes it from the links to
 * the originals, before anything reads the files (txn_recover). */
#ifndef SAMPLAN_TXN_H
#define SAMPLAN_TXN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "util.h"

/* The intent record of a save in progress, in the plan's directory. */
#define TXN_FILE_NAME ".samplan-save"

/* One file of a save. */
struct txn_file {
	const char *path;        /* the target, as given (a symlink is followed) */
	const struct iovec *iov; /* its new text, in pieces */
	size_t niov;
	mode_t mode;
	/* what it held when it was read, to tell another program's write:
	 * its stat (NULL: it was absent) and its bytes */
	const struct stat *was_st;
	const char *was;
	size_t was_len;
};

enum txn_result {
	TXN_DONE = 0,     /* every file replaced */
	TXN_FAILED = -1,  /* nothing replaced (why in the diagnostics), or,
			   * with *left set, a save half done that the next
			   * opener finishes or undoes */
	TXN_CHANGED = -2, /* another program wrote a file meanwhile: nothing
			   * replaced, its version in place */
};

/* Replaces the n files as one, the intent in directory `dir`.  On
 * TXN_CHANGED, *changed is the index of the file another program wrote.
 * *left (optional) is set when an error left a half-done save behind for
 * txn_recover (the message says so; nothing then reads as "not saved"). */
enum txn_result txn_save(const char *dir, const struct txn_file *files, size_t n, size_t *changed,
			 bool *left, struct diags *d);
/* The same, calling ready(ctx, new_st) once every new text is written
 * and synced and every original checked, just before the first file is
 * replaced: new_st[i] is what stat will say of files[i] after the save. */
enum txn_result txn_save_ex(const char *dir, const struct txn_file *files, size_t n,
			    void (*ready)(void *ctx, const struct stat *new_st), void *ctx,
			    size_t *changed, bool *left, struct diags *d);

/* Before the plan in `dir` is read (under its write lock): finishes, or
 * undoes, a save that was cut off.  Returns 0 when there was none or it
 * is done (then what was done, for people, in `said`); -1 when it can be
 * neither finished nor undone, or the files cannot be changed here (then
 * the plan must not be read: why in `d`). */
int txn_recover(const char *dir, struct buf *said, struct diags *d);

/* Whether `dir` holds a save that was cut off (an intent record). */
bool txn_pending(const char *dir);

#endif
