/* history.h — the plan's history in git: the plan as it was at a revision,
 * the difference between two plans as ops (the same words as commit
 * messages and the workbench's status line), commit messages made from
 * them, committing the plan's own files, and the log.
 *
 * git is always run with an argv (gitrun.h), never through a shell, and a
 * revision that looks like an option is refused before git sees it. */
#ifndef SAMPLAN_HISTORY_H
#define SAMPLAN_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "ops.h"
#include "util.h"

/* Appends to `out` the ops that turn plan `a` into plan `b`, kind by kind
 * in the schema's order (the plan's own fields, statuses, parties,
 * effects, meetings, groups, changes): records added, deleted and moved
 * (the fewest moves that give b's order), then for each record of b, in
 * b's order, the fields that differ (for a change: status, priority
 * years, groups, effects, horizon, text and notes).  An added record's op
 * points at the record in `b`, a deleted one's at the record in `a`: both
 * plans must outlive the list.  Describe the ops against `b`
 * (op_describe). */
void plan_diff(const struct plan *a, const struct plan *b, struct oplist *out);

/* A one-line summary of `ops`, e.g. "3 status changes, F5 prioritised
 * 2025", or the op's own description when there is only one.  When
 * `meeting` is not NULL the line starts "MEETING: ".  It fits 72 columns:
 * when naming the edits would not, the kinds of edits are counted. */
void history_summary(const struct plan *p, const struct oplist *ops, const char *meeting,
		     struct buf *out);
/* A whole commit message: the summary, a blank line, one line per op
 * (wrapped at 72 columns: a note or a mandate is said whole). */
void history_message(const struct plan *p, const struct oplist *ops, const char *meeting,
		     struct buf *out);
/* The message to commit the plan `p` (the plan in `dir` as saved) with:
 * its difference from the last commit (history_message), starting with
 * the meeting when today is a meeting day.  With no last commit, or no
 * readable plan in it, every change counts as added. */
void history_draft_message(const char *dir, const struct plan *p, struct buf *out);
/* The meeting `date` (YYYY-MM-DD) is, as "BODY DATE" (e.g. "Chefsgrupp
 * folkhälsa 2025-03-19") when the plan lists a meeting of the management
 * group itself on that day, into `out`; false (out untouched) when it does
 * not. */
bool history_meeting_on(const struct plan *p, const char *date, struct buf *out);
/* The date of the management group's last meeting strictly before
 * `date`, or NULL. */
const char *history_last_meeting(const struct plan *p, const char *date);

/* Today as YYYY-MM-DD (local time), or SAMPLAN_DATE when set (tests). */
void history_today(char out[11]);

/* Why the plan in `dir` cannot be committed or its history read (git is
 * not installed, the directory is not in a repository): returns false
 * with the reason in `why`; true when it can. */
bool history_available(const char *dir, struct buf *why);
/* The same, and (detached, optional) whether HEAD is on no branch (a
 * commit then belongs to no branch, which people are told before they
 * make one), from the same git process. */
bool history_where(const char *dir, bool *detached, struct buf *why);

/* Loads the plan in `dir` as it was at revision `rev`.  Returns 0 with
 * *p set (caller owns: plan_free), or -1 with the reason in `err`
 * (unknown revision, no plan there, or the problems of the old files). */
int history_load_rev(const char *dir, const char *rev, struct plan **p, struct buf *err);
/* Keeps the ids of the last commit from being given to new records: raises
 * p->id_floor[k] of each numbered kind to its largest number at HEAD (F13,
 * A2; read once per commit, see p->id_floor_rev).  Quietly nothing when the plan is not in git or has no
 * commit. */
void history_reserve_ids(const char *dir, struct plan *p);

/* Stages the plan's own files (nothing else) and commits exactly them
 * with `message`.  Returns 0 with git's one-line report in `out`,
 * 1 when there is nothing to commit, -1 with git's words in `err`. */
int history_commit(const char *dir, const char *message, struct buf *out, struct buf *err);

/* The merge driver's registration (samplan merge-file, by records and
 * fields): the plan's files get "merge=samplan" in the .gitattributes of
 * `dir` (lines added to what is there; the file is for committing, so
 * that every clone knows), and the repository's own config gets
 * merge.samplan.name and .driver (git does not share its config: a clone
 * without them merges by lines).  Says what it did in `said`.  Returns 0,
 * or -1 with the reason in `err`. */
int history_git_setup(const char *dir, struct buf *said, struct buf *err);
/* Whether the repository of `dir` has the driver in its config. */
bool history_has_merge_driver(const char *dir);
/* The driver's command line, as registered. */
#define HISTORY_MERGE_DRIVER "samplan merge-file --marker-size=%L -L %X -L %S -L %Y %O %A %B %P"

/* 1 when the plan's files differ from the last commit (or are not in
 * it), 0 when they do not, -1 with git's words in `err`. */
int history_uncommitted(const char *dir, struct buf *err);

/* The plan's commits, newest first, one per line "HASH DATE SUBJECT"
 * (short hash, commit date YYYY-MM-DD); at most `max` (0: all). */
int history_log(const char *dir, size_t max, struct buf *out, struct buf *err);

/* One point in a record's history: the commit and what the record was
 * then.  Strings are owned by the entry (history_timeline_clear). */
struct timeline_entry {
	char *hash, *date, *subject;
	char *status;      /* a change's status label; NULL when absent or no change */
	char *priority;    /* a change's years, "2025, 2026", or "" */
	char *what;        /* what changed in this commit, "; "-separated */
};
struct timeline {
	struct timeline_entry *v;
	size_t n, cap;
};
/* The commits (newest first, at most `max`) that changed record `id` of
 * kind k ("" for K_PLAN), with a change's status and priorities at each.
 * Returns 0, or -1 with the reason in `err`. */
int history_timeline(const char *dir, enum kind k, const char *id, size_t max,
		     struct timeline *out, struct buf *err);
void history_timeline_clear(struct timeline *t);

/* The last commit made on or before `date` (YYYY-MM-DD, by the end of
 * that day in local time: the state at the end of a meeting) into `out`
 * as a full hash; -1 when there is none. */
int history_rev_before(const char *dir, const char *date, struct buf *out, struct buf *err);
/* The plan's edits committed on `date` (the day's last commit against the
 * last one before the day), into *ops (the caller clears them), described
 * against *after (the plan after them, or NULL; the caller frees it).
 * False, with why in `why` (a parenthesised note for people), when the
 * history cannot say: the day is still to come, git cannot serve the
 * plan, or its history begins on the day. */
bool history_day_edits(const char *dir, const char *date, struct oplist *ops, struct plan **after,
		       struct buf *why);

/* Fills argv with the words of `head` and then the plan's files (each
 * required one, and each optional one the directory has), NULL-ended:
 * room for SF_COUNT + 1 more than `head` holds. */
void history_with_files(const char *dir, const char **argv, const char *const *head);

#endif
