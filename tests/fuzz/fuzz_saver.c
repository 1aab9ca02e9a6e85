/* fuzz_saver — loads a plan split from the input (fuzz_common.h), applies
 * the ops that the bytes after a line "#=== end" encode, renders the
 * files, and checks: what is rendered reloads as the plan in memory, a
 * file no op touched is byte-identical, and rendering the reloaded plan
 * again changes nothing.  With no "#=== end" line, the ops come from the
 * last bytes of the input.
 *
 * Each op is 3 bytes: KIND ARG1 ARG2.  KIND % 6 picks set status,
 * add/remove a priority year, add/remove a group, set text, add a change
 * or move a change; ARG1 picks the change, ARG2 the value.
 *
 * Then the store follows the render as after a save in the workbench
 * (store_follow_texts: nothing read again), and must stand as the store
 * read afresh from the rendered texts; the same ops applied once more to
 * both must render the same bytes.  When the render refuses because a
 * result would not read back (the narrowed check: the records touched and
 * their neighbours), the same texts rendered unchecked and read whole must
 * not read as the plan either: the two checks agree.
 *
 * When the ops only edit changes that were read from the file (no add, no
 * move), the edited file is also checked
 * byte by byte: everything outside the edited changes' blocks (their
 * comment lines, their own lines) is there unchanged and in order, so an
 * edit of F3 changes F3's lines and nothing else. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "fuzz_common.h"
#include "ops.h"
#include "store_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

static const char *pick_id(const struct plan *p, enum kind k, uint8_t i)
{
	size_t c = plan_count(p, k);
	return c ? rec_id(k, plan_rec(p, k, i % c)) : NULL;
}

/* What the ops touched: files, and the blocks of the changes they edited
 * as read (structural: a change added or moved, or one not read from the
 * file, so there are no blocks to hold the edits to). */
struct touched {
	bool file[SF_COUNT];
	const struct rec_src *edited[16];
	size_t nedited;
	bool structural;
};

static void note_edit(const struct store *st, const struct plan *p, const char *id,
		      struct touched *t)
{
	const struct record *h = plan_find(p, K_CHANGE, id);
	if (!h || !h->src || h->src_gen != st->gen || t->nedited == 16) {
		t->structural = true;
		return;
	}
	t->edited[t->nedited++] = h->src;
}

/* Makes one op from 3 bytes; 0 and *op, or -1 when refused. */
static int make_op(const struct store *st, struct plan *p, const uint8_t b[3], struct op *op,
		   struct touched *t)
{
	struct buf err = BUF_INIT;
	const char *id = pick_id(p, K_CHANGE, b[1]);
	int rc = -1;
	static const char *const texts[] = { "Ny förändring", "a: b", "x\ny", "  ", "#c",
					     "\"q\"", "- z", "ö\t" };

	switch (b[0] % 6) {
	case 0: {
		const char *status = pick_id(p, K_STATUS, b[2]);
		if (id && status)
			rc = op_make_set(p, K_CHANGE, id, CF_STATUS, status, op, &err);
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
	if (rc == 0) {
		t->file[SF_CHANGES] = true;
		if (b[0] % 6 >= 4)
			t->structural = true;
		else
			note_edit(st, p, id, t);
	}
	return rc;
}

static int by_start(const void *a, const void *b)
{
	const struct rec_src *x = *(const struct rec_src *const *)a;
	const struct rec_src *y = *(const struct rec_src *const *)b;
	return (x->block_start > y->block_start) - (x->block_start < y->block_start);
}

/* The edited blocks, sorted, blocks with no gap between them taken as one:
 * orig[start[i], end[i]), and what is matched against the output. */
struct blocks {
	const char *orig, *out;
	size_t olen, len;
	uint32_t start[16], end[16];
	size_t n;
	unsigned tries; /* a bound on the search, for inputs of many like gaps */
};

/* Whether out[pos..] holds gap i (the bytes between block i - 1 and block
 * i) and what follows, block i - 1 having been replaced by out[xs, at) for
 * the place `at` where the gap is found.  The gap can occur inside a
 * replacement too, so every place is tried. */
static bool match_from(struct blocks *b, size_t i, size_t xs, size_t pos)
{
	size_t from = i ? b->end[i - 1] : 0, to = i < b->n ? b->start[i] : b->olen;
	if (to < from)
		return false;
	size_t n = to - from;
	for (size_t at = pos; at + n <= b->len; at++) {
		if (++b->tries > 100000)
			return true; /* undecided: taken as fine */
		if (i == 0 && at > 0)
			return false; /* the first gap is the prefix */
		if (i == b->n && at + n != b->len)
			continue; /* the last is the suffix */
		if (memcmp(b->out + at, b->orig + from, n) != 0)
			continue;
		/* out[xs, at) replaced block i - 1: its first and last bytes */
		if (i > 0 && (at <= xs || b->out[xs] != b->orig[b->start[i - 1]] ||
			      b->out[at - 1] != b->orig[b->end[i - 1] - 1]))
			continue;
		if (i == b->n || match_from(b, i + 1, at + n, at + n + 1))
			return true;
	}
	return false;
}

/* Whether `out` is `orig` with only the edited blocks replaced: the gaps
 * between them are its prefix, then found in order, then its suffix; and
 * each block's replacement starts and ends with the bytes the block did
 * (its comment or indent, or a flow item's braces, and its line break),
 * so nothing was added beside it.  In a flow list ("[{...}, {...}]") a
 * block is an item's own bytes and the commas between items are gaps. */
static bool only_blocks_changed(const char *orig, size_t olen, const char *out, size_t len,
				struct touched *t)
{
	qsort(t->edited, t->nedited, sizeof(*t->edited), by_start);
	struct blocks b = { .orig = orig, .out = out, .olen = olen, .len = len };
	for (size_t i = 0; i < t->nedited; i++) {
		const struct rec_src *e = t->edited[i];
		if (e->content_end <= e->block_start || e->content_end > olen)
			return false;
		if (b.n && e->block_start <= b.end[b.n - 1]) {
			if (e->content_end > b.end[b.n - 1])
				b.end[b.n - 1] = e->content_end;
			continue;
		}
		b.start[b.n] = e->block_start;
		b.end[b.n++] = e->content_end;
	}
	return match_from(&b, 0, 0, 0);
}

/* Applies the ops encoded at data[at..n) to p (against store st).  What
 * they touched goes to *t. */
static void apply_ops(const uint8_t *data, size_t at, size_t n, const struct store *st,
		      struct plan *p, struct touched *t)
{
	for (size_t i = at; i + 3 <= n && i < at + 3 * 16; i += 3) {
		struct op op;
		struct buf err = BUF_INIT;
		if (make_op(st, p, data + i, &op, t) != 0)
			continue;
		if (op_apply(p, &op, &err) != 0) {
			/* an op just made against this plan must apply */
			fprintf(stderr, "op does not apply: %s\n", err.s ? err.s : "");
			abort();
		}
		op_clear(&op);
		buf_release(&err);
	}
}

/* The render was refused: unless it could not even be composed, the
 * texts rendered without reading them back must not load as the plan. */
static void refusal_agrees(const struct fuzz_files *ff, struct store *st, const struct plan *p)
{
	struct buf out[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct diags d = DIAGS_INIT;
	bool composed = true;
	for (int f = 0; f < SF_COUNT && composed; f++)
		composed = store_render_unchecked(st, p, (enum store_file_id)f, &out[f], &d) == 0;
	if (composed) {
		const char *names[SF_COUNT], *texts[SF_COUNT];
		size_t lens[SF_COUNT];
		for (int f = 0; f < SF_COUNT; f++) {
			names[f] = schema_files[f].name;
			texts[f] = ff->text[f] || out[f].len ? out[f].s ? out[f].s : "" : NULL;
			lens[f] = out[f].len;
		}
		struct plan *q = NULL;
		struct store *sq = NULL;
		struct diags dq = DIAGS_INIT;
		if (store_load_texts(names, texts, lens, &q, &sq, &dq) == 0 && fuzz_plans_equal(p, q)) {
			fprintf(stderr, "refused, but the whole text reads back as the plan\n");
			abort();
		}
		plan_free(&q);
		store_free(&sq);
		diags_clear(&dq);
	}
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&out[f]);
	diags_clear(&d);
}

/* The store that followed its render (st, p) stands as the one read afresh
 * (st2, q), and renders the same after the same ops. */
static void follow_agrees(const uint8_t *data, size_t at, size_t n, struct store *st,
			  struct plan *p, struct store *st2, struct plan *q)
{
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	if (store_follow_texts(st, p, &d) != 0) {
		fprintf(stderr, "the store cannot follow its render\n");
		abort();
	}
	if (!store_same_layout(st, p, st2, q, &why)) {
		fprintf(stderr, "followed, the store stands otherwise: %s\n", why.s);
		abort();
	}
	struct touched t1 = { .nedited = 0 }, t2 = { .nedited = 0 };
	apply_ops(data, at, n, st, p, &t1);
	apply_ops(data, at, n, st2, q, &t2);
	struct buf o1[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf o2[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	bool c1[SF_COUNT], c2[SF_COUNT];
	struct diags d1 = DIAGS_INIT, d2 = DIAGS_INIT;
	int r1 = store_render(st, p, o1, c1, &d1), r2 = store_render(st2, q, o2, c2, &d2);
	if (r1 != r2) {
		fprintf(stderr, "after the same ops one renders, the other refuses\n");
		abort();
	}
	for (int f = 0; r1 == 0 && f < SF_COUNT; f++)
		if (c1[f] != c2[f] || o1[f].len != o2[f].len ||
		    (o1[f].len && memcmp(o1[f].s, o2[f].s, o1[f].len) != 0)) {
			fprintf(stderr, "after the same ops %s renders otherwise\n",
				schema_files[f].name);
			abort();
		}
	for (int f = 0; f < SF_COUNT; f++) {
		buf_release(&o1[f]);
		buf_release(&o2[f]);
	}
	diags_clear(&d1);
	diags_clear(&d2);
	diags_clear(&d);
	buf_release(&why);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct fuzz_files ff;
	struct plan *p = NULL, *q = NULL;
	struct store *st = NULL, *st2 = NULL;
	struct touched t = { .nedited = 0 };

	size_t at = fuzz_split(data, n, &ff);
	if (at == n)
		at = n > 24 ? n - 24 : 0;
	if (fuzz_load(&ff, &p, &st) != 0)
		return 0;
	apply_ops(data, at, n, st, p, &t);

	struct buf out[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT };
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	if (store_render(st, p, out, changed, &d) != 0) {
		/* a refusal is allowed (it says why), never a crash */
		if (d.n == 0)
			abort();
		refusal_agrees(&ff, st, p);
		goto done;
	}
	for (int f = 0; f < SF_COUNT; f++)
		if (!t.file[f] && changed[f])
			abort(); /* a file no op touched was rewritten */
	const struct store_file *cf = &st->f[SF_CHANGES];
	if (changed[SF_CHANGES] && !t.structural && cf->text &&
	    !only_blocks_changed(cf->text, cf->len, out[SF_CHANGES].s ? out[SF_CHANGES].s : "",
				 out[SF_CHANGES].len, &t)) {
		fprintf(stderr, "bytes outside the edited changes were rewritten\n");
		abort();
	}

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

	fuzz_assert_saves_nothing(st2, q); /* a second save is stable */
	follow_agrees(data, at, n, st, p, st2, q);
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
