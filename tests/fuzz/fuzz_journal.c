/* fuzz_journal — parses the input as a crash journal, describes every op
 * read, and replays them onto the seed plan (tests/corpus/base, built in
 * as FUZZ_BASE_DIR); nothing may crash.  If the input holds a line
 * "#=== end", plan files before it (fuzz_common.h) are the plan instead,
 * and the journal is what follows. */
#include <config.h>

#include <stdlib.h>

#include "fuzz_common.h"
#include "journal.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static struct plan *base_plan(struct store **st)
{
	struct plan *p = NULL;
	struct diags d = DIAGS_INIT;
	if (store_load(FUZZ_BASE_DIR, &p, st, &d) != 0)
		abort(); /* the seed plan must load */
	diags_clear(&d);
	return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct fuzz_files ff;
	struct plan *p = NULL;
	struct store *st = NULL;
	size_t at = fuzz_split(data, n, &ff);

	if (at == n) {
		at = 0;
		p = base_plan(&st);
	} else if (fuzz_load(&ff, &p, &st) != 0) {
		return 0;
	}

	struct journal_log log;
	if (journal_parse((const char *)data + at, n - at, &log) == 0) {
		struct replay rp = { 0 };
		for (size_t i = 0; i < log.nops; i++) {
			struct buf desc = BUF_INIT, theirs = BUF_INIT, mine = BUF_INIT;
			struct op applied;
			journal_describe(p, &log.ops[i], &desc);
			if (journal_replay_one(p, &rp, &log.ops[i], &applied, &theirs, &mine) ==
			    REPLAY_APPLIED)
				op_clear(&applied);
			buf_release(&desc);
			buf_release(&theirs);
			buf_release(&mine);
		}
		(void)journal_unsaved_from(&log, 0);
		replay_free(&rp);
		journal_log_free(&log);
	}
	plan_free(&p);
	store_free(&st);
	return 0;
}
