/* plansource.h — the source line of a printout's footer: where the plan
 * lives and, in git, the commit it was printed from.  Shared by `samplan
 * print` and the workbench's P, so both footers say the same. */
#ifndef SAMPLAN_PLANSOURCE_H
#define SAMPLAN_PLANSOURCE_H

#include "util.h"

/* Appends to `out` (the caller owns it) "Source: NAME" (the name of
 * directory DIR; in git, the repository's name and the plan's place in it,
 * "plans/orebro-2025") and, when DIR is in a
 * git work tree with a commit, ", commit HASH (DATE)", followed by
 * " + uncommitted changes" when the plan's files differ from that commit.
 * When SAMPLAN_PRINT_SOURCE is set, appends its value instead, as it is.
 * git's own messages are not shown. */
void plan_source_line(const char *dir, struct buf *out);

#endif
