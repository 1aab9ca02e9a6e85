/* pairs.h — random pairs of edit sequences on the shipped plan (with an
 * activity plan of follow-ups), merged file by file by the merge driver
 * and by git's line merge: what tests/unit/check_merge.c asserts and
 * bench/mergepairs.c counts.
 *
 * A round makes up to four random edits on each of two copies of the
 * base (ours and theirs): any field of a change, a group, an activity, a
 * follow-up (a record inside a record), a party or an effect; list items
 * added and removed; changes, activities and follow-ups added, moved and
 * deleted.  The oracle is both sequences made on one copy, ours first. */
#ifndef SAMPLAN_PAIRS_H
#define SAMPLAN_PAIRS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct pairs_round {
	/* what the edits were */
	bool exact;     /* no field set both ways, nothing deleted or moved
			 * that the other side edits, not both reordering:
			 * the merge must equal the oracle */
	bool clash;     /* one field set to two values: a conflict on it */
	/* what came of them (over the plan's files) */
	bool conflict;      /* the driver left a conflict */
	unsigned git_clean; /* files git merged without a conflict */
	unsigned git_conflicts; /* files git left in conflict */
	unsigned git_wrong; /* ... cleanly, but not to both sides' edits */
	unsigned merged;    /* files the driver merged cleanly */
};

/* Reads the base plan (top_srcdir's data/ and the activity fixture);
 * false when it cannot. */
bool pairs_init(const char *top_srcdir);
void pairs_done(void);

/* One round from the random state *rng.  Returns 0, or -1 when a promise
 * is broken, said in `why`: a merge that fails or does not read, a
 * conflict where the pair is exact, a result that is not the oracle, a
 * comment lost, a clash that is no conflict on that field, a pair git
 * merges cleanly to both edits that the driver does not merge so.  `git`:
 * compare with git's line merge (needs git; `tmpdir` for its files). */
int pairs_round(unsigned long *rng, bool git, const char *tmpdir, struct pairs_round *r,
		struct buf *why);

#endif
