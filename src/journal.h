/* journal.h — the crash journal: every op applied in the workbench since
 * the last save, appended and fsynced to DIR/.samplan-journal, so that
 * nothing typed is lost to a crash, a closed terminal or kill -9; and the
 * re-applying of such ops to a freshly loaded plan (after a crash, or when
 * the files changed underneath), with the conflicts that brings.
 *
 * The file is text, one record a line, fields separated by tabs, strings
 * escaped (\\ \t \n \r and \xHH for other control bytes), and every line
 * ends with a checksum of its bytes, so a record cut short by a crash (or
 * damaged) is recognised and ignored together with all after it:
 *
 *   samplan-journal 3 <TAB> base <TAB> HASH <TAB> #SUM
 *   op <TAB> OP <TAB> KIND <TAB> ID <TAB> FIELD <TAB> BEFORE <TAB> AFTER
 *      <TAB> FROM <TAB> TO <TAB> JOINED [<TAB> NAME=VALUE for every field
 *      of the record added or deleted] <TAB> #SUM
 *   save <TAB> HASH <TAB> #SUM
 *
 * OP is the op's kind (ops.h: set, add-item, ...), KIND the record's
 * (schema.h: change, group, ...), FIELD a field's name or "-"; a list's
 * items are separated by ',' (and a ',' in an item escaped).  Journals
 * of versions 1 (changes only) and 2 are read too.
 *
 * HASH names a version of the plan's files: "base" the one the ops were
 * made against; "save" is written just before a save and names the one
 * the save makes, so ops before it are known to be in the files when they
 * are that version.  A version is known by each file's device, inode,
 * size and time of change (journal_files_id), as txn.c and git's index
 * know a file: that costs a stat, where a hash of the bytes (versions 1
 * and 2, journal_hash_store) cost a pass over megabytes at every save.
 * A missing BEFORE/AFTER is "-", a present one starts with "=". */
#ifndef SAMPLAN_JOURNAL_H
#define SAMPLAN_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "model.h"
#include "ops.h"
#include "store.h"
#include "util.h"

#define JOURNAL_FILE_NAME ".samplan-journal"

/* ---- writing -------------------------------------------------------------- */

struct journal;

/* A hash of the plan files' texts as the store holds them (the version
 * of the files in journals of versions 1 and 2). */
uint64_t journal_hash_store(const struct store *st);
/* FNV-1a over `n` byte ranges in turn (each range's length is hashed too). */
uint64_t journal_hash(const char *const texts[], const size_t lens[], size_t n);
/* The version of n plan files from their stat (NULL: the file is absent). */
uint64_t journal_files_id(const struct stat *const st[], size_t n);
/* The same for the files as the store read them (or last saved them). */
uint64_t journal_id_store(const struct store *st);

/* Starts a new journal for plan directory `dir` (replacing any), based on
 * files with hash `base` (0: not known yet, see journal_base).  The file is
 * created on the first append, so an editing session without edits leaves
 * none.  Returns the journal (caller owns: journal_close). */
struct journal *journal_new(const char *dir, uint64_t base);
/* The base, 0 while not known (set it before the first append). */
uint64_t journal_base(const struct journal *j);
void journal_set_base(struct journal *j, uint64_t base);
/* The journal's path (owned by the journal). */
const char *journal_path(const struct journal *j);
/* Appends `op` (made against plan `p`), and fsyncs.  Returns 0, or -1
 * with a message in `err` (the journal then stays failed: later appends
 * fail too, since a record missing in the middle would be worse). */
int journal_append(struct journal *j, const struct op *op, struct buf *err);
/* Records that the files are about to be saved as content with hash
 * `after` (see above).  Returns 0, or -1 with a message in `err`. */
int journal_mark_save(struct journal *j, uint64_t after, struct buf *err);
/* After a successful save: empties the journal (removes the file) and
 * makes `base` the new base (0: not known yet).  Returns 0, or -1 with a message in `err`. */
int journal_saved(struct journal *j, uint64_t base, struct buf *err);
/* Replaces the journal at once (atomically) by one based on `base` that
 * holds `ops` (with their changes; none: the file is removed).  For
 * re-applying: before it starts, the journal holds every op still to be
 * decided; after it, exactly the ops re-applied.  Returns 0, or -1 with a
 * message in `err`. */
int journal_rewrite(struct journal *j, uint64_t base, const struct op *ops, size_t n,
		    struct buf *err);
/* Removes the file (the user discarded the edits). */
void journal_discard(struct journal *j);
/* Closes the journal, keeping the file; sets *j NULL. */
void journal_close(struct journal **j);

/* Serialises one op as a record line (no checksum, no newline); exposed
 * for the tests. */
void journal_format_op(const struct op *op, struct buf *out);

/* ---- reading -------------------------------------------------------------- */

/* An op read back.  `op.rec` is NULL; for OP_ADD and OP_DELETE the
 * record's values are in `rec` (a record of kind op.rk in the log's
 * arena, its references not tied to any plan). */
struct journal_op {
	struct op op;
	void *rec;
};

struct journal_log {
	uint64_t base;
	struct journal_op *ops;
	size_t nops;
	/* ops[0..saved[k]) were in the files when they hashed to save_hash[k] */
	uint64_t *save_hash;
	size_t *saved, nsaves;
	bool truncated;   /* a damaged or cut last part was ignored */
	bool damaged;     /* ...and it was a whole line that does not read */
	char *kept_as;    /* journal_read: where a damaged journal was put */
	int version;      /* of the file read (1: the release before) */
	struct arena arena;
};

/* Reads the journal of `dir`.  Returns 1 and fills *log (caller frees:
 * journal_log_free) when there is one with at least the header; 0 when
 * there is none (or it is empty); -1 with a message in `err` when it
 * cannot be read.  A journal that is not whole (a line that does not read,
 * not just a last one cut short by a crash) is first moved aside to
 * ".samplan-journal.damaged-DATE" so that nothing written next replaces
 * it: log->kept_as names it, or `err` when not even its header reads. */
int journal_read(const char *dir, struct journal_log *log, struct buf *err);
/* Parses a journal's text (tests).  Returns 0, or -1 when even the header
 * is missing or damaged. */
int journal_parse(const char *text, size_t len, struct journal_log *log);
/* The version of the store's files (as read) in the terms of `log`'s
 * journal: journal_id_store, or for one of version 1 or 2
 * journal_hash_store. */
uint64_t journal_files_now(const struct journal_log *log, const struct store *st);
/* The index of the first op not yet in files that hash to `current`
 * (0 when none of the save marks matches). */
size_t journal_unsaved_from(const struct journal_log *log, uint64_t current);
void journal_log_free(struct journal_log *log);
/* Fills *log with copies of `ops` (their changes' values included), as if
 * journaled and read back: what a reload re-applies. */
void journal_log_from_ops(const struct op *ops, size_t n, struct journal_log *log);
/* Shallow struct ops of log->ops[from..nops) with their records (point
 * into the log; do not op_clear them): for journal_rewrite.  The caller
 * frees the array. */
struct op *journal_log_ops(const struct journal_log *log, size_t from);

/* Describes a read op in one line (op_describe, with the record's values
 * for added and deleted records). */
void journal_describe(const struct plan *p, const struct journal_op *jo, struct buf *out);

/* ---- re-applying ---------------------------------------------------------- */

enum replay_result {
	REPLAY_APPLIED,  /* applied; *applied holds the op (caller owns) */
	REPLAY_ALREADY,  /* the plan already says so: nothing to do */
	REPLAY_CONFLICT, /* the other side changed what the op changes */
};

/* Ids of records added again under a new id while re-applying (the other
 * side took the id): later ops on the old id go to the new one. */
struct replay {
	char **from, **to;
	enum kind *kind;
	size_t n;
};

/* Tries `jo` on `p`, after checking it as strictly as the command line
 * checks what is typed (a journal may be damaged or crafted).
 * REPLAY_CONFLICT: `theirs` says what the plan now holds (or what is wrong
 * with the op) and `mine` what the op wanted (one line each, for people). */
enum replay_result journal_replay_one(struct plan *p, struct replay *rp,
				      const struct journal_op *jo, struct op *applied,
				      struct buf *theirs, struct buf *mine);
/* After a conflict, "use mine": makes the op again against what the plan
 * now holds, and applies it.  Returns 0 with *applied (caller owns), or -1
 * with a message in `err` (e.g. the record no longer exists). */
int journal_replay_mine(struct plan *p, struct replay *rp, const struct journal_op *jo,
			struct op *applied, struct buf *err);
void replay_free(struct replay *rp);

#endif
