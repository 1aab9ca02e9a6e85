/* sync.h — the plan shared through git: what is saved committed, the
 * upstream fetched and merged (by records and fields, when the merge
 * driver is set up; never rebased: the history stays as the parties made
 * it), and sent back, with what came in and what went out said in the
 * plan's words.  Any remote serves: a forge, a server, a shared folder. */
#ifndef SAMPLAN_SYNC_H
#define SAMPLAN_SYNC_H

#include "schema.h"
#include "util.h"

enum sync_result {
	SYNC_DONE,      /* merged and sent (or nothing to do) */
	SYNC_LOCAL,     /* committed here, but there is no remote or upstream */
	SYNC_OFFLINE,   /* the remote could not be reached: sent next time */
	SYNC_CONFLICTS, /* the merge left conflicts to resolve */
	SYNC_REFUSED,   /* nothing done: the reason is said */
};

/* Syncs the plan in `dir`: commits the plan's files when they differ from
 * the last commit (the message made as `samplan commit` makes it),
 * finishes a merge whose conflicts were resolved, fetches the upstream
 * branch, merges it, and pushes, fetching and merging again when the push
 * is rejected because someone pushed meanwhile (a few times).  `said`
 * gets one line per thing worth telling: each edit that came in ("from
 * origin: F3: status Pågår → Klar (Söder, 2025-04-02)"), each commit that
 * went out, and what is left to do; `rep` (optional) counts them. */
struct sync_report {
	size_t edits_in;    /* edits that came in (as said) */
	size_t commits_out; /* commits that went out */
};
enum sync_result sync_run(const char *dir, struct buf *said, struct sync_report *rep);

/* Writes `text` as plan file f (at `path`, in the plan directory `dir`)
 * while a merge's conflicts are settled: under the plan's write lock and,
 * when no conflict is left in it, only if it reads as a plan file, and
 * then staged (git add), so that the merge can be committed.  Returns 0;
 * 1 when it is written but git could not stage it; -1 when nothing was
 * written.  Why, in `err`. */
int sync_write_settled(const char *dir, enum store_file_id f, const char *path,
		       const struct buf *text, struct buf *err);

#endif
