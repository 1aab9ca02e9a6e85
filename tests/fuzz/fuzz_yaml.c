/* fuzz_yaml — yfast against libyaml (yaml_same.h) on any text, and the
 * plan files split from the input (fuzz_common.h) loaded with yfast and
 * with libyaml alone: the same diagnostics, the same plan. */
#include <config.h>

#include <stdlib.h>

#include "fuzz_common.h"
#include "yaml_same.h"
#include "yparse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

/* Loads the files; the diagnostics, formatted, in *out. */
static int load_with(const struct fuzz_files *ff, bool fast, struct plan **p, struct buf *out)
{
	const char *names[SF_COUNT];
	struct diags d = DIAGS_INIT;
	struct store *st = NULL;
	for (int f = 0; f < SF_COUNT; f++)
		names[f] = schema_files[f].name;
	yparse_use_fast = fast;
	int rc = store_load_texts(names, ff->text, ff->len, p, &st, &d);
	yparse_use_fast = true;
	for (size_t i = 0; i < d.n; i++) {
		diag_format(&d.v[i], out);
		buf_addc(out, '\n');
	}
	diags_clear(&d);
	store_free(&st);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	bool whole;
	if (yaml_same((const char *)data, n, &whole) < 0)
		abort();

	struct fuzz_files ff;
	fuzz_split(data, n, &ff);
	struct plan *a = NULL, *b = NULL;
	struct buf da = BUF_INIT, db = BUF_INIT;
	int ra = load_with(&ff, true, &a, &da), rb = load_with(&ff, false, &b, &db);
	if (ra != rb || strcmp(buf_str(&da), buf_str(&db)) != 0) {
		fprintf(stderr, "with yfast (%d):\n%s\nwith libyaml alone (%d):\n%s\n", ra,
			buf_str(&da), rb, buf_str(&db));
		abort();
	}
	if (ra == 0 && !fuzz_plans_equal(a, b))
		abort();
	plan_free(&a);
	plan_free(&b);
	buf_release(&da);
	buf_release(&db);
	return 0;
}
