/* fuzz_yaml — yfast against libyaml (yaml_same.h) on any text, and the
 * plan files split from the input (fuzz_common.h) loaded with yfast and
 * with libyaml alone: the same diagnostics, the same plan. */
#include <config.h>

#include <stdlib.h>

#include "yaml_same.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	bool whole;
	if (yaml_same((const char *)data, n, &whole) < 0)
		abort();
	struct fuzz_files ff;
	fuzz_split(data, n, &ff);
	struct buf why = BUF_INIT;
	if (!yaml_same_load(ff.text, ff.len, &why)) {
		fputs(buf_str(&why), stderr);
		abort();
	}
	buf_release(&why);
	return 0;
}
