/* fuzz_loader — loads plan files split from the input (fuzz_common.h)
 * from memory: every refusal has a diagnostic, nothing crashes, and a
 * plan that loads renders unchanged and reloads equal. */
#include <config.h>

#include <stdlib.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct fuzz_files ff;
	struct plan *p = NULL;
	struct store *st = NULL;

	fuzz_split(data, n, &ff);
	if (fuzz_load(&ff, &p, &st) != 0)
		return 0;
	/* a save with no edit writes nothing */
	struct buf out[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	if (store_render(st, p, out, changed, &d) != 0)
		abort();
	for (int f = 0; f < SF_COUNT; f++) {
		if (changed[f])
			abort();
		buf_release(&out[f]);
	}
	diags_clear(&d);
	plan_free(&p);
	store_free(&st);
	return 0;
}
