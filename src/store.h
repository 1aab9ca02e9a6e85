/* store.h — reads a plan directory's YAML files into a plan, and writes
 * changes back by patching only the bytes that changed.
 *
 * A plan directory holds plan.yaml, groups.yaml and changes.yaml.  Every
 * problem is reported as a diagnostic with its file, line and column; a
 * plan that fails to load is never returned, so it can never be saved. */
#ifndef SAMPLAN_STORE_H
#define SAMPLAN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "util.h"

enum store_file_id { SF_PLAN, SF_GROUPS, SF_CHANGES, SF_COUNT };

/* Largest plan file read, in bytes. */
#define STORE_MAX_FILE_SIZE (64u * 1024 * 1024)

struct store;

/* Loads the plan in directory `dir`.  On success returns 0 and sets *plan
 * and *store (the caller owns both: plan_free, store_free).  On failure
 * returns -1, sets both to NULL and leaves every problem in `d`. */
int store_load(const char *dir, struct plan **plan, struct store **store,
	       struct diags *d);

/* Like store_load, but from texts in memory (tests).  `texts` are not
 * copied and must outlive the store; names[i] label the messages. */
int store_load_texts(const char *const names[SF_COUNT], const char *const texts[SF_COUNT],
		     const size_t lens[SF_COUNT], struct plan **plan,
		     struct store **store, struct diags *d);

/* Builds the new text of changes.yaml for the plan's current state: the
 * original bytes with only what changed replaced.  The text is checked to
 * read back as the plan before it is returned.  Returns 0 and sets *out
 * (caller owns) and *changed (false when the text equals the original);
 * -1 with the reason in `d` when the result would not read back right. */
int store_render_changes(struct store *st, const struct plan *plan, struct buf *out,
			 bool *changed, struct diags *d);

/* Writes every change made to the plan since load to its files (only the
 * files whose text changes; atomically).  Refuses, writing nothing, when a
 * file changed on disk since it was read, or when the result would not
 * read back as the plan.  After a successful save, call store_rebase before
 * saving again (a second save without it is refused: the file on disk is
 * no longer the text the store holds).  Returns 0 or -1 with the reason in `d`.
 * *written (optional) counts the files written. */
int store_save(struct store *st, struct plan *plan, int *written, struct diags *d);

/* True when file `f` was read from disk and no longer holds exactly the
 * bytes read: why store_save refuses, so that a caller can offer to
 * reload. */
bool store_changed_on_disk(const struct store *st, enum store_file_id f);

/* After a successful store_save, re-reads the files so that later saves
 * patch the new text, and ties the plan's changes to their new places
 * (the plan's change objects stay the same, so pointers and undo history
 * stay valid).  Clears every change's dirty marks.  Returns 0, or -1 with
 * the reason in `d` (then the store can no longer save). */
int store_rebase(struct store *st, struct plan *plan, struct diags *d);

/* The name of a plan file ("changes.yaml"), and its path as given. */
const char *store_file_name(enum store_file_id f);
const char *store_file_path(const struct store *st, enum store_file_id f);
/* The original text of a file as loaded (not NUL-terminated: see len). */
const char *store_file_text(const struct store *st, enum store_file_id f, size_t *len);

void store_free(struct store **st);

/* Atomically replaces the file at `path` (following a symlink to its
 * target) with `len` bytes of `data`: a temporary file in the same
 * directory, fsync, rename, fsync of the directory.  Keeps the file's
 * mode.  Returns 0, or -1 with errno set. */
int write_file_atomic(const char *path, const char *data, size_t len);

#endif
