/* mergepairs.c — the merge driver against git's line merge on random pairs
 * of edit sequences (tests/unit/pairs.h): how many pairs each leaves in
 * conflict.  For `make bench` (bench/run.sh).
 *
 * Usage: mergepairs TOP_SRCDIR [PAIRS]
 *
 * Prints one line "pairs N git G driver D clash C apart_conflicts A
 * broken B": of N pairs, G left a conflict in some file under git's line
 * merge, D under the driver, C set one field to two values, A are pairs
 * apart (no field both ways, nothing deleted or moved that the other
 * edits) that the driver left in conflict, B broke a promise (pairs.h).
 * Exits 1 when A or B is not 0, 2 on a usage or set-up error. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "gitrun.h"
#include "pairs.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mergepairs TOP_SRCDIR [PAIRS]\n");
		return 2;
	}
	unsigned n = argc == 3 ? (unsigned)strtoul(argv[2], NULL, 10) : 1000;
	if (!pairs_init(argv[1])) {
		fprintf(stderr, "mergepairs: the shipped plan is not in %s\n", argv[1]);
		return 2;
	}
	char dir[] = "/tmp/samplan-pairs-XXXXXX";
	if (!mkdtemp(dir) || !git_available()) {
		fprintf(stderr, "mergepairs: needs git and a temporary directory\n");
		return 2;
	}
	unsigned long rng = 0x9e3779b97f4a7c15ul;
	unsigned git = 0, driver = 0, clash = 0, apart = 0, broken = 0;
	for (unsigned i = 0; i < n; i++) {
		struct pairs_round r;
		struct buf why = BUF_INIT;
		if (pairs_round(&rng, true, dir, &r, &why) < 0) {
			broken++;
			fprintf(stderr, "mergepairs: pair %u: %s\n", i, buf_str(&why));
		}
		buf_release(&why);
		git += r.git_conflicts > 0;
		driver += r.conflict;
		clash += r.clash;
		apart += r.exact && r.conflict;
	}
	char *rm = xasprintf("rm -rf '%s'", dir);
	if (system(rm) != 0)
		fprintf(stderr, "mergepairs: %s left behind\n", dir);
	free(rm);
	pairs_done();
	printf("pairs %u git %u driver %u clash %u apart_conflicts %u broken %u\n", n, git, driver,
	       clash, apart, broken);
	return apart || broken ? 1 : 0;
}
