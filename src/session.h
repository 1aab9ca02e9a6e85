/* session.h — one plan open for editing, without curses: the plan and its
 * store, the undo history, the crash journal of the unsaved edits, save
 * and rebase, reload.  The command line and the workbench both edit
 * through it (and, next, the meeting mode and sync); the front ends keep
 * only their keys, menus and words.
 *
 * Every op applied through a session is kept for undo and, when the
 * session has a journal, appended to it before the call returns: an edit
 * the user saw made is safe from a crash. */
#ifndef SAMPLAN_SESSION_H
#define SAMPLAN_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "journal.h"
#include "model.h"
#include "ops.h"
#include "store.h"
#include "util.h"

struct session {
	const char *dir;
	char *dir_own;  /* dir, when it came from session_save_to */
	/* the directory as opened, to tell when it is gone */
	unsigned long long dir_dev, dir_ino;
	bool dir_known;
	struct plan *p;
	struct store *st;
	unsigned gen; /* one more each time p is replaced by a plan read again */
	/* undo history: ops[0..nundo) applied; ops[nundo..nops) redoable */
	struct op *ops;
	size_t nops, nundo, capops;
	size_t saved_at;         /* nundo when last saved; SIZE_MAX: unreachable */
	struct journal *journal; /* NULL: edits are not journaled (set by the
				  * front end that holds the plan's lock) */
	/* the ops applied since the last save, as journaled (undos as their
	 * inverses): what a reload re-applies */
	struct op *pend;
	size_t npend, cappend;
	bool replaying; /* the journal holds the edits being re-applied already */
	/* The session ends with its save (the command line): the files are
	 * not read again after it, which only later saves need. */
	bool once;
	int wlock; /* the write lock while held (lock.h), else < 0 */
	/* said when the plan was opened: a save that was cut off, finished
	 * or undone (owned; NULL: nothing to say) */
	char *notice;
};

/* How long a writer waits for another one to finish writing. */
#define SESSION_WRITE_WAIT_MS 10000

/* Loads the plan in `dir` for editing.  `once`: a session that reads,
 * edits and saves once and ends (the command line): it holds the write
 * lock from before it reads the files until it ends, so that no other
 * writer's save falls between its read and its write (a session without
 * `once` takes it for each save).  Returns 0, or -1 with every problem in
 * `d` (and nothing open). */
int session_open(struct session *s, const char *dir, bool once, struct diags *d);
void session_close(struct session *s);

/* Before the plan in `dir` is read by anyone: a save that was cut off is
 * finished or undone (txn.h), under the write lock (taken for it unless
 * `locked`: the caller holds it), what it did said in `said`; then the
 * temporaries a killed samplan left are removed.  Returns 0, or -1 when
 * the plan must not be read (why in `d`). */
int session_recover(const char *dir, bool locked, struct buf *said, struct diags *d);

/* Applies the made op *op (taken over), keeps it for undo and journals it.
 * Returns 1 when applied, 0 when it changed nothing (the value already so;
 * *op is cleared), -1 when refused (why in `err`).  Trouble writing the
 * journal is said in `warn`: the edit stands, but is not safe from a crash. */
int session_apply(struct session *s, struct op *op, struct buf *err, struct buf *warn);
/* Keeps an op already applied to the plan (a re-applied edit). */
void session_record(struct session *s, struct op *op, struct buf *warn);

/* Undoes the last edit / redoes the last undone one; returns the op (in
 * the history), or NULL: nothing to undo (err empty) or refused (err). */
const struct op *session_undo(struct session *s, struct buf *err, struct buf *warn);
const struct op *session_redo(struct session *s, struct buf *err, struct buf *warn);

/* How many edits the files lack (undo past the last save counts too). */
size_t session_unsaved(const struct session *s);

enum session_saved {
	SAVE_DONE,       /* written (or nothing to write: *written 0) */
	SAVE_REFUSED,    /* nothing written: why in d */
	SAVE_NOT_REREAD, /* written, but the files could not be read back: quit
			  * and reopen before saving again (why in d) */
};
/* Saves every file with an edit: the journal first notes what the files
 * will hold (so that a crash right after the save offers none of its
 * edits again), then starts anew from the files as saved. */
enum session_saved session_save(struct session *s, int *written, struct diags *d,
				struct buf *warn);

/* True when the plan's directory is no longer there (deleted, moved, or
 * replaced by another directory of that name): its files cannot be saved
 * back, and the journal no longer keeps the edits safe. */
bool session_dir_gone(const struct session *s);

/* Saves the plan as it is now, unsaved edits and all, as a whole plan into
 * directory `dir` (made when it does not exist; it must hold no plan), and
 * goes on there: the plan is read from `dir` again, nothing is unsaved and
 * the undo history starts empty.  For when the plan's own directory is
 * gone.  Returns 0, or -1 (nothing changed here) with why in d; *written
 * counts the files written. */
int session_save_to(struct session *s, const char *dir, int *written, struct diags *d);

/* The first file of the plan that changed on disk since it was read
 * (SF_COUNT: none): why a save is refused, and what a reload would read. */
enum store_file_id session_changed_underneath(const struct session *s);

/* Reads the files again.  The unsaved edits move into *log, to be
 * re-applied (journal_replay_one) and kept with session_record; the undo
 * history starts empty.  Returns 0, or -1 (nothing changed) with why in d. */
int session_reload(struct session *s, struct journal_log *log, struct diags *d);

/* Reads the files again after they changed in a way the user asked for
 * (a sync brought in others' edits), with nothing unsaved: the undo
 * history stays, each edit's record copied into the new plan, so that
 * the user's own edits can still be undone (an undo of a field someone
 * else has changed since is refused, as any stale op is).  Returns 0, or
 * -1 (nothing changed) with why in d. */
int session_reload_keep_history(struct session *s, struct diags *d);

/* The user leaves without the unsaved edits: the journal is dropped. */
void session_forget_unsaved(struct session *s);

/* After a save, when the user's settings ask for it (auto_commit): commits
 * the plan's files with the generated message.  Returns 1 committed (the
 * commit's line in `out`), 0 not asked or nothing to commit, -1 failed
 * (why in `err`; the save stands). */
int session_auto_commit(struct session *s, struct buf *out, struct buf *err);

/* The name of the plan's own file (a plan file, the journal, the lock)
 * that writing `path` would replace or write through, or NULL: for
 * `print --output` and the workbench's print, which must not overwrite
 * the plan with a snapshot of it. */
const char *session_own_file(const char *dir, const char *path);

#endif
