/* fuzz_common.h — what the fuzz harnesses share: splitting one input into
 * plan files, and loading them from memory.
 *
 * Container format (simple on purpose, so that a seed is a readable plan):
 * the input is plan files one after another, each starting with a marker
 * line naming the file:
 *
 *   #=== plan.yaml
 *   ...text of plan.yaml...
 *   #=== groups.yaml
 *   ...
 *
 * Text before the first marker is ignored; a file with no marker is
 * absent; a later marker for the same file replaces the earlier text. */
#ifndef SAMPLAN_FUZZ_COMMON_H
#define SAMPLAN_FUZZ_COMMON_H

#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "model.h"
#include "store.h"
#include "util.h"

#define FUZZ_MARKER "#=== "

struct fuzz_files {
	const char *text[SF_COUNT];
	size_t len[SF_COUNT];
};

/* Splits data[0..n) into files (pointing into data).  Returns where the
 * parse stopped: at a line "#=== end" (what follows is for the harness),
 * or n. */
static inline size_t fuzz_split(const uint8_t *data, size_t n, struct fuzz_files *ff)
{
	const char *s = (const char *)data;
	size_t ml = strlen(FUZZ_MARKER);
	int cur = -1;
	size_t i = 0;

	memset(ff, 0, sizeof *ff);
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : n;
		size_t ll = end - i - (nl ? 1 : 0);
		if (ll >= ml && memcmp(s + i, FUZZ_MARKER, ml) == 0) {
			const char *name = s + i + ml;
			size_t nlen = ll - ml;
			if (nlen == 3 && memcmp(name, "end", 3) == 0)
				return end;
			cur = -1;
			for (int f = 0; f < SF_COUNT; f++)
				if (strlen(schema_files[f].name) == nlen &&
				    memcmp(schema_files[f].name, name, nlen) == 0)
					cur = f;
			if (cur >= 0) {
				ff->text[cur] = s + end;
				ff->len[cur] = 0;
			}
		} else if (cur >= 0) {
			ff->len[cur] += end - i;
		}
		i = end;
	}
	return n;
}

/* Loads the files from memory.  0 and *plan, *st on success; -1 on a
 * refusal, which must come with at least one diagnostic. */
static inline int fuzz_load(const struct fuzz_files *ff, struct plan **plan, struct store **st)
{
	const char *names[SF_COUNT];
	struct diags d = DIAGS_INIT;
	for (int f = 0; f < SF_COUNT; f++)
		names[f] = schema_files[f].name;
	int rc = store_load_texts(names, ff->text, ff->len, plan, st, &d);
	if (rc != 0 && d.n == 0)
		__builtin_trap(); /* refused without saying why */
	if (rc != 0 && (*plan || *st))
		__builtin_trap();
	for (size_t i = 0; i < d.n; i++) {
		struct buf b = BUF_INIT;
		diag_format(&d.v[i], &b);
		if (b.len == 0)
			__builtin_trap();
		buf_release(&b);
	}
	diags_clear(&d);
	return rc;
}

/* The two plans hold the same records, in the same order. */
static inline int fuzz_plans_equal(const struct plan *a, const struct plan *b)
{
	for (int k = 0; k < K_COUNT; k++) {
		size_t n = plan_count(a, (enum kind)k);
		if (n != plan_count(b, (enum kind)k))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!rec_equal((enum kind)k, plan_rec(a, (enum kind)k, i),
				       plan_rec(b, (enum kind)k, i)))
				return 0;
	}
	return 1;
}

/* Aborts unless saving plan p, loaded with store st and not edited since,
 * renders every file as it is: a save with no edit writes nothing. */
static inline void fuzz_assert_saves_nothing(struct store *st, const struct plan *p)
{
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
}

#endif
