/* store.h — reads a plan directory's YAML files into a plan, and writes
 * edits back by patching only the bytes that changed, in every file.
 *
 * A plan directory holds the files schema.h lists (plan.yaml, groups.yaml,
 * changes.yaml).  Every problem is reported as a diagnostic with its file,
 * line and column; a plan that fails to load is never returned, so it can
 * never be saved. */
#ifndef SAMPLAN_STORE_H
#define SAMPLAN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "model.h"
#include "util.h"

/* Largest plan file read, in bytes. */
#define STORE_MAX_FILE_SIZE (64u * 1024 * 1024)

struct store;

/* Loads the plan in directory `dir`.  On success returns 0 and sets *plan
 * and *store (the caller owns both: plan_free, store_free).  On failure
 * returns -1, sets both to NULL and leaves every problem in `d`. */
int store_load(const char *dir, struct plan **plan, struct store **store,
	       struct diags *d);

/* Like store_load, but from texts in memory (tests, git revisions).
 * `texts` are not copied and must outlive the store; names[i] label the
 * messages; a NULL text is a file that is absent. */
int store_load_texts(const char *const names[SF_COUNT], const char *const texts[SF_COUNT],
		     const size_t lens[SF_COUNT], struct plan **plan,
		     struct store **store, struct diags *d);

/* Loads one plan file on its own, from `text` (not copied; it must
 * outlive the store): the plan holds only that file's records, and what
 * they name in the other files is not checked.  For merging the versions
 * of one file.  Returns 0, or -1 with the problems in `d`. */
int store_load_file(enum store_file_id f, const char *name, const char *text, size_t len,
		    struct plan **plan, struct store **store, struct diags *d);

/* Where the items of file f's top-level lists stand in the text as read:
 * pairs [start, end) of bytes (an item's comment lines above it
 * included), in the file's order, in *spans (the caller frees it);
 * returns how many. */
size_t store_item_spans(const struct store *st, enum store_file_id f, uint32_t (**spans)[2]);
/* The same for top-level record `rec` of the plan st read, and where its
 * item starts after the comment lines above it (*item, optional): false
 * when it was not read there (added since, or inside another record). */
bool store_rec_span(const struct store *st, const void *rec, uint32_t *start, uint32_t *item,
		    uint32_t *end);

/* Builds the new texts of every file for the plan's current state: the
 * original bytes with only what changed replaced.  Each text is checked
 * to read back as the plan before it is returned.  Returns 0 and fills
 * out[f] (caller owns) and changed[f] (false when the text equals the
 * original); -1 with the reason in `d` when a result would not read back
 * right. */
int store_render(struct store *st, const struct plan *plan, struct buf out[SF_COUNT],
		 bool changed[SF_COUNT], struct diags *d);

/* The same for file f alone (the only one a store_load_file store has). */
int store_render_file(struct store *st, const struct plan *plan, enum store_file_id f,
		      struct buf *out, struct diags *d);

/* Writes every edit made to the plan since load to its files (only the
 * files whose text changes; each atomically).  Refuses, writing nothing,
 * when any file of the plan changed on disk since it was read (not only
 * those to be written), when the plan's references do not hold, or when
 * a result would not read back as the plan.  The store stays as read, so
 * a second save is refused (the files on disk are no longer the texts it
 * holds): to save again in one session, save with store_save_ex and
 * `follow`.  Returns 0 or -1 with the reason in `d`.  *written (optional) counts the
 * files written. */
int store_save(struct store *st, struct plan *plan, int *written, struct diags *d);

/* How store_save_ex saves. */
struct store_save_opts {
	/* After the write, the store takes the new texts as read and the
	 * records' places in them (as a new load would, at the cost of the
	 * edit: nothing is read again but a file whose structure changed). */
	bool follow;
	/* Called once the new texts are written beside their files and
	 * checked, just before the first file is replaced (not when no file
	 * changes): after[f] is what stat will say of file f after the save
	 * (NULL: absent). */
	void (*before_write)(void *ctx, const struct stat *const after[SF_COUNT]);
	void *ctx;
};
/* store_save, with `o` (NULL: as store_save).  Returns 0, -1 when nothing
 * was written, or -2 when the files were written but the store could not
 * follow them (it then refuses to save till the plan is read again); the
 * reason in `d`. */
int store_save_ex(struct store *st, struct plan *plan, const struct store_save_opts *o,
		  int *written, struct diags *d);

/* Writes the plan's current state as a whole plan into directory `dir`
 * (which exists): every file the plan has, each with only what changed
 * replaced, as store_save would write it.  For when the plan's own
 * directory is gone.  Refuses, writing nothing, when `dir` holds a file of
 * a plan already.  The store is not changed: load `dir` to go on there.
 * Returns 0 or -1 with the reason in `d`; *written (optional) counts the
 * files written. */
int store_save_to(struct store *st, struct plan *plan, const char *dir, int *written,
		  struct diags *d);

/* True when file `f` was read from disk and no longer holds exactly the
 * bytes read (or was absent and is there now): why store_save refuses, so
 * that a caller can offer to reload. */
bool store_changed_on_disk(const struct store *st, enum store_file_id f);
/* The first file that changed on disk, or SF_COUNT when none did. */
enum store_file_id store_first_changed(const struct store *st);

/* The name of a plan file ("changes.yaml"), and its path as given. */
static inline const char *store_file_name(enum store_file_id f)
{
	return schema_files[f].name;
}
const char *store_file_path(const struct store *st, enum store_file_id f);
/* File f's stat as read (or as last saved); NULL for a file that is
 * absent or was not read from disk. */
const struct stat *store_file_stat(const struct store *st, enum store_file_id f);
/* The original text of a file as loaded (not NUL-terminated: see len);
 * NULL for an absent file. */
const char *store_file_text(const struct store *st, enum store_file_id f, size_t *len);

/* What is worth saying about a plan that loads, as warnings with their
 * places ("FILE:LINE:COLUMN: warning: ..."): a follow-up for a year
 * outside its activity's period.  Appended to `d`; returns how many. */
size_t store_warnings(const struct store *st, const struct plan *p, struct diags *d);

void store_free(struct store **st);

#endif
