/* testplan.h — the unit tests' way to load a plan from texts in memory. */
#ifndef SAMPLAN_TESTPLAN_H
#define SAMPLAN_TESTPLAN_H

#include "model.h"
#include "store.h"

/* A plan.yaml of three statuses (ej-paborjad, pagar, klar) and two effects
 * (rus-folkhalsa, nat-1), and a groups.yaml of two groups (fstod, halsa),
 * for tests whose changes.yaml is their own. */
extern const char testplan_plan_yaml[];
extern const char testplan_groups_yaml[];

/* Loads plan.yaml, groups.yaml and changes.yaml from the NUL-terminated
 * texts (which must outlive the store); fails the test, naming every
 * problem, when they do not load.  With `stp` the caller gets the store
 * (store_free); without it the store is freed and the plan stands alone.
 * The caller owns the plan (plan_free). */
struct plan *testplan_load(const char *plan, const char *groups, const char *changes,
			   struct store **stp);
/* The same with activities.yaml too (NULL: absent). */
struct plan *testplan_load4(const char *plan, const char *groups, const char *changes,
			    const char *activities, struct store **stp);

/* The bytes of the file at `path` (caller frees; NUL-terminated, *len
 * without the NUL when `len` is given), or NULL when it cannot be opened. */
char *testplan_read_file(const char *path, size_t *len);
/* Writes data[0..len) as the file at `path`; fails the test when it
 * cannot. */
void testplan_write_file(const char *path, const char *data, size_t len);

/* The semantic diff of a and b, one description per line, as samplan
 * diff says it (a move as one line); the caller frees it. */
char *testplan_diff_lines(const struct plan *a, const struct plan *b);

#endif
