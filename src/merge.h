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

#include <stddef.h>

#include "schema.h"
#include "util.h"

enum merge_side { MERGE_BASE, MERGE_OURS, MERGE_THEIRS, MERGE_SIDES };

struct merge_input {
	enum store_file_id file;          /* which plan file the three are */
	const char *name[MERGE_SIDES];    /* for messages */
	const char *text[MERGE_SIDES];
	size_t len[MERGE_SIDES];
};

/* Merges the three versions.  Returns 0 with the merged text in `out`,
 * the number of conflicts (> 0) with each said in `said` (out is then
 * left empty), or -1 when a version does not read as a plan file (its
 * problems in `d`).  `said` also gets a line for each record theirs added
 * that was given another id. */
int merge_plan_file(const struct merge_input *in, struct buf *out, struct buf *said,
		    struct diags *d);

#endif
