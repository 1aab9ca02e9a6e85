/* merge.h — three versions of one plan file merged by records and fields,
 * as `git merge-file` merges them by lines: what git's merge driver
 * `samplan merge-file` does.
 *
 * Each version is read on its own (the other files of its plan are not
 * there, so references to them are not checked: each version was checked
 * where it was made).  Ours is the result's base: its layout, comments and
 * quoting stay, and what theirs changed since the base is patched into it
 * by the store's writer, record by record and field by field:
 *
 *  - a field changed on one side takes that side's value; a list field
 *    (groups, members, priority years) is merged as a set: what either
 *    side added or took out is added or taken out, ours' order kept;
 *  - a record added on one side is added where that side put it (after
 *    the record before it there); one deleted on one side and untouched
 *    on the other is deleted; one moved on one side is moved after the
 *    record it follows there;
 *  - records inside records (follow-ups) the same way, record by record;
 *  - a numbered record (F13, A2) added on both sides under the same id
 *    with different content keeps ours' id, and theirs' gets the next
 *    free one (said in `said`); the same id with the same content is one
 *    record.
 *
 * What cannot be merged so is a conflict, said in words in `said`: one
 * field set to two different values, a record deleted on one side and
 * changed on the other, a record moved on both sides to different places,
 * a record with a made id (a group's word, a follow-up's year and party)
 * added on both sides with different content. */
#ifndef SAMPLAN_MERGE_H
#define SAMPLAN_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"
#include "util.h"

enum merge_side { MERGE_BASE, MERGE_OURS, MERGE_THEIRS, MERGE_SIDES };

struct merge_input {
	enum store_file_id file;          /* which plan file the three are */
	const char *name[MERGE_SIDES];    /* for messages */
	const char *text[MERGE_SIDES];
	size_t len[MERGE_SIDES];
	/* conflict markers: their labels ("ours"), and size (0: 7) */
	const char *label[MERGE_SIDES];
	int marker_size;
	/* what the sides are called in what is said (NULL: "ours", "theirs";
	 * in a rebase, ours is the upstream and theirs yours) */
	const char *word[MERGE_SIDES];
	/* Records of another file that theirs' side names and that were
	 * given other ids in that file's merge (a change added on both sides
	 * under one id): theirs' references to them follow (NULL: none). */
	const struct merge_renames *refs;
	/* When set, gets the records of this file theirs added that were
	 * given other ids here (for the files that name them). */
	struct merge_renames *renamed;
	/* When set: whether side s's other plan files name record k:id.  A
	 * record both sides added under one id keeps it on the side whose
	 * other files name it (the other side's gets the next id); named on
	 * both sides, it is a conflict.  (Git merges each file on its own,
	 * and takes a file only one side changed as that side has it.) */
	bool (*named_elsewhere)(void *ctx, enum merge_side s, enum kind k, const char *id);
	void *named_ctx;
};

/* Records given other ids in a merge. */
struct merge_renames {
	struct merge_rename {
		enum kind k;
		char *from, *to;
	} *v;
	size_t n;
};
void merge_renames_free(struct merge_renames *r);

/* Merges the three versions.  Returns 0 with the merged text in `out`;
 * the number of conflicts (> 0), each said in `said`, with the merged
 * text in `out` holding each as git's conflict markers (diff3 style:
 * ours, the base, theirs) around only the lines it is about; or -1 when a
 * version does not read as a plan file (its problems in `d`), or the
 * conflicts cannot be marked apart (two in one line).  `said` also gets a
 * line for each record theirs added that was given another id. */
int merge_plan_file(const struct merge_input *in, struct buf *out, struct buf *said,
		    struct diags *d);

/* ---- a file with conflict markers, read back ------------------------------ */

/* One conflict as marked: its marker lines and each side's lines, as byte
 * ranges of the text. */
struct merge_hunk {
	unsigned line;                /* of its <<<<<<< line, from 1 */
	/* the labels after the markers ("ours", "HEAD"): [at, at + len) */
	size_t label_at[MERGE_SIDES], label_len[MERGE_SIDES];
	size_t start, end;            /* from the <<<<<<< line to past >>>>>>> */
	size_t from[MERGE_SIDES], to[MERGE_SIDES]; /* each side's lines */
	bool has_base;                /* a ||||||| part (diff3 style) */
};

struct merge_hunks {
	struct merge_hunk *v;
	size_t n;
};

/* Finds the conflicts marked in `text` (git's markers, of any size from
 * 7, with or without the base's part).  Returns how many (0: none), or -1
 * when the markers do not pair up. */
long merge_hunks_read(const char *text, size_t len, struct merge_hunks *out);
void merge_hunks_free(struct merge_hunks *h);
/* The text with conflict `only` (SIZE_MAX: every one) as side s and the
 * others as ours'.  at[2 * i], at[2 * i + 1] (when `at` is given) get the
 * place of conflict i's lines in `out`. */
void merge_hunks_side(const char *text, size_t len, const struct merge_hunks *h, size_t only,
		      enum merge_side s, struct buf *out, size_t *at);

/* One difference between ours' side and theirs' of a conflict, by record
 * and field (field -1: the record itself: only one side has it, or they
 * place it differently). */
struct merge_point {
	size_t hunk;
	enum kind k;
	char *path; /* "F3", "A1/2025-soder" */
	int field;
	char *words; /* "F3 status: ours Pågår, theirs Klar, was Ej påbörjad" */
};

struct merge_points {
	struct merge_point *v;
	size_t n;
};

/* Reads the conflicts marked in file f's `text` (its name `name`) by record
 * and field.  `others` (each may be NULL) are the plan's other files, for
 * the words people know (a status's label); without them, or when they do
 * not read, keys are said.  Returns 0, or -1 when a side does not read as
 * a plan file (its problems in `d`). */
int merge_points_read(enum store_file_id f, const char *name, const char *text, size_t len,
		      const struct merge_hunks *h, const char *const others[SF_COUNT],
		      const size_t other_lens[SF_COUNT], struct merge_points *out, struct diags *d);
void merge_points_free(struct merge_points *pts);

/* Settles conflict i of the marked `text` with the lines of `settled`:
 * `ours` with an edit in conflict i's lines only (`ours` and `at` from
 * merge_hunks_side(..., SIZE_MAX, MERGE_OURS, ...)).  Appends the text
 * with conflict i so and the others still marked to `out`; -1 when the
 * edit is not inside conflict i's lines. */
int merge_hunk_settle(const char *text, size_t len, const struct merge_hunks *h, size_t i,
		      const struct buf *ours, const size_t *at, const struct buf *settled,
		      struct buf *out);

#endif
