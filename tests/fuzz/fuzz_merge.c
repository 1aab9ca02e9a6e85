/* fuzz_merge — the merge driver on three versions of one seed plan: the
 * plan split from the input (fuzz_common.h) is the base; the bytes after
 * a line "#=== end" are two op sequences (ours' the first half, theirs'
 * the second), each made on a copy of the base and rendered.  Every file
 * of the three versions is merged, and:
 *
 *  - merged without conflict, the result reads as a plan file;
 *  - with conflicts, the result holds exactly that many marked, each
 *    side of them reads, and they read back by record and field;
 *  - a result that is neither (-1) comes only with a reason.
 *
 * The raw input is also read for conflict markers, as `samplan check`
 * reads any file.  Each op is 3 bytes as in fuzz_saver: KIND ARG1 ARG2,
 * KIND % 7: set status, add/remove a priority year, add/remove a group,
 * set text, add a change, move a change, delete a change. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "merge.h"
#include "ops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char *pick_id(const struct plan *p, enum kind k, uint8_t i)
{
	size_t c = plan_count(p, k);
	return c ? rec_id(k, plan_rec(p, k, i % c)) : NULL;
}

static void make_ops(struct plan *p, const uint8_t *b, size_t n)
{
	static const char *const texts[] = { "Ny förändring", "a: b", "x\ny", "  ", "#c",
					     "\"q\"", "- z", "ö\t" };
	for (size_t i = 0; i + 3 <= n; i += 3) {
		struct buf err = BUF_INIT;
		struct op op;
		memset(&op, 0, sizeof(op));
		const char *id = pick_id(p, K_CHANGE, b[i + 1]);
		uint8_t v = b[i + 2];
		int rc = -1;
		switch (b[i] % 7) {
		case 0: {
			const char *status = pick_id(p, K_STATUS, v);
			if (id && status)
				rc = op_make_set(p, K_CHANGE, id, CF_STATUS, status, &op, &err);
			break;
		}
		case 1:
			if (id)
				rc = op_make_year(p, id, 2020 + v % 12, v & 0x80, &op, &err);
			break;
		case 2: {
			const char *g = pick_id(p, K_GROUP, v);
			if (id && g)
				rc = op_make_item(p, K_CHANGE, id, CF_GROUPS, g, v & 0x80, &op, &err);
			break;
		}
		case 3:
			if (id)
				rc = op_make_set(p, K_CHANGE, id, CF_TEXT, texts[v % 8], &op, &err);
			break;
		case 4:
			rc = op_make_add_change(p, b[i + 1], texts[v % 8], &op, &err);
			break;
		case 5:
			if (id)
				rc = op_make_move(p, K_CHANGE, id, v & 1 ? 1 : -1, &op, &err);
			break;
		case 6:
			if (id)
				rc = op_make_delete(p, K_CHANGE, id, &op, &err);
			break;
		}
		if (rc == 0)
			op_apply(p, &op, &err);
		op_clear(&op);
		buf_release(&err);
	}
}

/* Aborts unless `text` reads as plan file f on its own. */
static void assert_reads(enum store_file_id f, const char *text, size_t len)
{
	struct plan *p;
	struct store *st;
	struct diags d = DIAGS_INIT;
	if (store_load_file(f, schema_files[f].name, text, len, &p, &st, &d) != 0)
		abort();
	plan_free(&p);
	store_free(&st);
	diags_clear(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	/* any text: its markers read, or are refused, without harm */
	struct merge_hunks raw;
	if (merge_hunks_read((const char *)data, n, &raw) > 0) {
		struct buf s = BUF_INIT;
		merge_hunks_side((const char *)data, n, &raw, SIZE_MAX, MERGE_THEIRS, &s, NULL);
		if (s.len > n)
			abort(); /* a side is never longer than the marked text */
		buf_release(&s);
	}
	merge_hunks_free(&raw);

	struct fuzz_files ff;
	size_t at = fuzz_split(data, n, &ff);
	struct plan *side[2] = { NULL, NULL };
	struct store *st[2] = { NULL, NULL };
	if (fuzz_load(&ff, &side[0], &st[0]) != 0)
		return 0;
	if (fuzz_load(&ff, &side[1], &st[1]) != 0)
		abort(); /* the same texts read once */
	size_t ops = n - at, half = ops / 2;
	make_ops(side[0], data + at, half);
	make_ops(side[1], data + at + half, ops - half);
	struct buf text[2][SF_COUNT];
	for (int s = 0; s < 2; s++)
		for (int f = 0; f < SF_COUNT; f++)
			text[s][f] = (struct buf)BUF_INIT;
	for (int s = 0; s < 2; s++) {
		bool changed[SF_COUNT];
		struct diags d = DIAGS_INIT;
		if (store_render(st[s], side[s], text[s], changed, &d) != 0) {
			/* an op the writer refuses: nothing to merge */
			diags_clear(&d);
			goto out;
		}
		diags_clear(&d);
	}
	for (int f = 0; f < SF_COUNT; f++) {
		if (!ff.text[f])
			continue;
		struct merge_input in = { .file = (enum store_file_id)f };
		const char *t[3] = { ff.text[f], buf_str(&text[0][f]), buf_str(&text[1][f]) };
		size_t l[3] = { ff.len[f], text[0][f].len, text[1][f].len };
		for (int s = 0; s < MERGE_SIDES; s++) {
			in.name[s] = schema_files[f].name;
			in.text[s] = t[s];
			in.len[s] = l[s];
			in.label[s] = "x";
		}
		struct buf out = BUF_INIT, said = BUF_INIT;
		struct diags d = DIAGS_INIT;
		int rc = merge_plan_file(&in, &out, &said, &d);
		if (rc == 0) {
			assert_reads((enum store_file_id)f, buf_str(&out), out.len);
		} else if (rc > 0) {
			struct merge_hunks h;
			if (merge_hunks_read(buf_str(&out), out.len, &h) != rc || !said.len)
				abort();
			for (int s = 0; s < MERGE_SIDES; s++) {
				struct buf v = BUF_INIT;
				merge_hunks_side(buf_str(&out), out.len, &h, SIZE_MAX, (enum merge_side)s,
						 &v, NULL);
				assert_reads((enum store_file_id)f, buf_str(&v), v.len);
				buf_release(&v);
			}
			struct merge_points pts;
			struct diags pd = DIAGS_INIT;
			if (merge_points_read((enum store_file_id)f, "x", buf_str(&out), out.len, &h, NULL,
					      NULL, &pts, &pd) != 0 ||
			    pts.n < h.n)
				abort();
			merge_points_free(&pts);
			diags_clear(&pd);
			merge_hunks_free(&h);
		} else if (!d.n) {
			abort(); /* refused without a reason */
		}
		buf_release(&out);
		buf_release(&said);
		diags_clear(&d);
	}
out:
	for (int s = 0; s < 2; s++) {
		for (int f = 0; f < SF_COUNT; f++)
			buf_release(&text[s][f]);
		plan_free(&side[s]);
		store_free(&st[s]);
	}
	return 0;
}
