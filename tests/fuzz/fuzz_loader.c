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
	fuzz_assert_saves_nothing(st, p);
	plan_free(&p);
	store_free(&st);
	return 0;
}
