/* fuzz_saver — loads a plan split from the input (fuzz_common.h), applies
 * the ops that the bytes after a line "#=== end" encode, renders the
 * files, and checks: what is rendered reloads as the plan in memory, a
 * file no op touched is byte-identical, and rendering the reloaded plan
 * again changes nothing.  With no "#=== end" line, the ops come from the
 * last bytes of the input.
 *
 * Each op is 3 bytes: KIND ARG1 ARG2.  KIND % 6 picks set status,
 * add/remove a priority year, add/remove a group, set text, add a change
 * or move a change; ARG1 picks the change, ARG2 the value. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char *pick_id(const struct plan *p, enum kind k, uint8_t i)
{
	size_t c = plan_count(p, k);
	return c ? rec_id(k, plan_rec(p, k, i % c)) : NULL;
}

/* Makes one op from 3 bytes; 0 and *op, or -1 when refused. */
static int make_op(struct plan *p, const uint8_t b[3], struct op *op, bool touched[SF_COUNT])
{
	struct buf err = BUF_INIT;
	const char *id = pick_id(p, K_CHANGE, b[1]);
	int rc = -1;
	static const char *const texts[] = { "Ny förändring", "a: b", "x\ny", "  ", "#c",
					     "\"q\"", "- z", "ö\t" };

	switch (b[0] % 6) {
	case 0: {
		const char *st = pick_id(p, K_STATUS, b[2]);
		if (id && st)
			rc = op_make_set(p, K_CHANGE, id, CF_STATUS, st, op, &err);
		break;
	}
	case 1:
		if (id)
			rc = op_make_year(p, id, 2020 + b[2] % 12, b[2] & 0x80, op, &err);
		break;
	case 2: {
		const char *g = pick_id(p, K_GROUP, b[2]);
		if (id && g)
			rc = op_make_item(p, K_CHANGE, id, CF_GROUPS, g, b[2] & 0x80, op, &err);
		break;
	}
	case 3:
		if (id)
			rc = op_make_set(p, K_CHANGE, id, CF_TEXT, texts[b[2] % 8], op, &err);
		break;
	case 4:
		rc = op_make_add_change(p, b[1], texts[b[2] % 8], op, &err);
		break;
	case 5:
		if (id)
			rc = op_make_move(p, K_CHANGE, id, b[2] & 1 ? 1 : -1, op, &err);
		break;
	}
	if (rc == 0 && err.len)
		abort(); /* a message for an op that was made */
	buf_release(&err);
	if (rc == 0)
		touched[SF_CHANGES] = true;
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct fuzz_files ff;
	struct plan *p = NULL, *q = NULL;
	struct store *st = NULL, *st2 = NULL;
	bool touched[SF_COUNT] = { false };

	size_t at = fuzz_split(data, n, &ff);
	if (at == n)
		at = n > 24 ? n - 24 : 0;
	if (fuzz_load(&ff, &p, &st) != 0)
		return 0;
	for (size_t i = at; i + 3 <= n && i < at + 3 * 16; i += 3) {
		struct op op;
		struct buf err = BUF_INIT;
		if (make_op(p, data + i, &op, touched) != 0)
			continue;
		if (op_apply(p, &op, &err) != 0) {
			/* an op just made against this plan must apply */
			fprintf(stderr, "op does not apply: %s\n", err.s ? err.s : "");
			abort();
		}
		op_clear(&op);
		buf_release(&err);
	}

	struct buf out[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	if (store_render(st, p, out, changed, &d) != 0) {
		/* a refusal is allowed (it says why), never a crash */
		if (d.n == 0)
			abort();
		goto done;
	}
	for (int f = 0; f < SF_COUNT; f++)
		if (!touched[f] && changed[f])
			abort(); /* a file no op touched was rewritten */

	const char *names[SF_COUNT], *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++) {
		names[f] = schema_files[f].name;
		texts[f] = ff.text[f] || changed[f] ? out[f].s ? out[f].s : "" : NULL;
		lens[f] = out[f].len;
	}
	diags_clear(&d);
	if (store_load_texts(names, texts, lens, &q, &st2, &d) != 0) {
		for (size_t i = 0; i < d.n; i++) {
			struct buf b = BUF_INIT;
			diag_format(&d.v[i], &b);
			fprintf(stderr, "reload: %s\n", b.s);
			buf_release(&b);
		}
		abort(); /* what was rendered does not load */
	}
	if (!fuzz_plans_equal(p, q))
		abort(); /* reloaded plan differs from the one in memory */

	/* a second save is stable: nothing changes */
	struct buf out2[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	bool changed2[SF_COUNT];
	if (store_render(st2, q, out2, changed2, &d) != 0)
		abort();
	for (int f = 0; f < SF_COUNT; f++) {
		if (changed2[f])
			abort();
		buf_release(&out2[f]);
	}
	plan_free(&q);
	store_free(&st2);
done:
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&out[f]);
	diags_clear(&d);
	plan_free(&p);
	store_free(&st);
	return 0;
}
