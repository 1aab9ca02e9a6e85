/* save.c — writes the plan back by patching the texts it was read from.
 *
 * A file is seen as its original text with regions replaced: each list
 * whose records changed (added, deleted, moved or edited) and, for a file
 * that holds the plan's own record, the values of its fields that
 * changed.  A list is its items' blocks with gaps between them: untouched
 * blocks are copied, edited ones patched field by field, new ones written
 * by our writer; gaps stay in place, so moving an item swaps blocks and
 * deleting one removes its lines.  Every piece that is not a verbatim
 * copy at its old place is read back, together with its neighbours (or
 * the whole file, when its own record changed), and compared with the
 * plan before anything is written. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "atomicfile.h"
#include "txn.h"
#include "i18n.h"
#include "store_int.h"
#include "yamlout.h"

/* A piece of the new text: bytes of the original, or of the side buffer
 * (by offset, as the side buffer may move while it grows). */
struct seg {
	const char *p;
	size_t off, n;
	bool side;
};

/* Where each record of a list stands in the new text, and which must be
 * read back. */
struct list_render {
	bool composed;
	/* where record j's block is in the new text, [bstart[j], bend[j]);
	 * bend[j] 0 for a record copied in a run, whose place is its old one
	 * moved by the run's shift */
	size_t *bstart, *bend;
	struct run {
		size_t first, last; /* records first..last */
		size_t at;          /* where byte `from` of the original lands */
		uint32_t from;
	} *runs;
	size_t nruns, capruns;
	bool *check; /* a record to read back: added, edited or rewritten */
	bool *look;  /* one to read back with its neighbours: check, or at a
		      * seam (after another record than in the file) */
};

struct render {
	const struct store *st;
	const struct plan *plan;
	enum store_file_id f;
	const char *t; /* the original text */
	size_t len;
	const char *nl;
	struct seg *segs;
	size_t nsegs, capsegs;
	size_t out_len;
	struct buf side;
	struct list_render lists[K_COUNT];
	bool whole; /* the file's structure changed: read all of it back */
	bool unchecked; /* not read back (tests) */
	/* the regions replaced, in order: [start, end) of the original
	 * became [nstart, nend) of the new text */
	struct placed {
		uint32_t start, end;
		size_t nstart, nend;
	} *placed;
	size_t nplaced;
	struct diags *d;
};

static void add_seg(struct render *r, const char *p, size_t n)
{
	if (!n)
		return;
	if (r->nsegs) {
		struct seg *last = &r->segs[r->nsegs - 1];
		if (!last->side && last->p + last->n == p) {
			last->n += n;
			r->out_len += n;
			return;
		}
	}
	if (r->nsegs == r->capsegs) {
		r->capsegs = r->capsegs ? r->capsegs * 2 : 16;
		r->segs = xrealloc(r->segs, r->capsegs * sizeof(*r->segs));
	}
	r->segs[r->nsegs++] = (struct seg){ .p = p, .n = n };
	r->out_len += n;
}

/* Appends what was written to the side buffer since `from` as a piece. */
static void add_side(struct render *r, size_t from)
{
	size_t n = r->side.len - from;
	if (!n)
		return;
	if (r->nsegs && r->segs[r->nsegs - 1].side &&
	    r->segs[r->nsegs - 1].off + r->segs[r->nsegs - 1].n == from) {
		r->segs[r->nsegs - 1].n += n;
		r->out_len += n;
		return;
	}
	if (r->nsegs == r->capsegs) {
		r->capsegs = r->capsegs ? r->capsegs * 2 : 16;
		r->segs = xrealloc(r->segs, r->capsegs * sizeof(*r->segs));
	}
	r->segs[r->nsegs++] = (struct seg){ .side = true, .off = from, .n = n };
	r->out_len += n;
}

static const char *seg_ptr(const struct render *r, const struct seg *s)
{
	return s->side ? r->side.s + s->off : s->p;
}

/* Copies bytes [from, to) of the new text into `out`. */
static void extract(const struct render *r, size_t from, size_t to, struct buf *out)
{
	size_t pos = 0;
	for (size_t i = 0; i < r->nsegs && pos < to; i++) {
		const struct seg *s = &r->segs[i];
		size_t a = pos, b = pos + s->n;
		pos = b;
		if (b <= from)
			continue;
		size_t lo = from > a ? from - a : 0;
		size_t hi = (to < b ? to : b) - a;
		buf_add(out, seg_ptr(r, s) + lo, hi - lo);
	}
}

/* In a file with CRLF line ends, what we write gets them too. */
static void to_crlf(struct buf *b, size_t from)
{
	size_t extra = 0;
	for (size_t i = from; i < b->len; i++)
		if (b->s[i] == '\n' && (i == 0 || b->s[i - 1] != '\r'))
			extra++;
	if (!extra)
		return;
	buf_grow(b, extra);
	size_t j = b->len + extra;
	b->s[j] = '\0';
	for (size_t i = b->len; i-- > from;) {
		b->s[--j] = b->s[i];
		if (b->s[i] == '\n' && (i == 0 || b->s[i - 1] != '\r'))
			b->s[--j] = '\r';
	}
	b->len += extra;
}

static void indent(struct buf *b, unsigned n)
{
	while (n--)
		buf_addc(b, ' ');
}

/* ---- writing values ---------------------------------------------------- */

/* A whole number: a year that is not there as "" (0 is no year). */
static void int_text(struct buf *b, const struct field *fd, int v)
{
	if (fd->type == FT_YEAR && !v)
		buf_adds(b, "\"\"");
	else
		buf_addf(b, "%d", v);
}

/* One list item's text for a block list. */
static void list_item_text(struct buf *b, const void *rec, enum kind k, int f, size_t i)
{
	char tmp[16];
	const char *s = rec_list_item(rec, k, f, i, tmp);
	if (field_repr(kind_field(k, f)) == VR_YEARS || yamlout_plain_ok(s, false))
		buf_adds(b, s);
	else
		yamlout_double_quoted(b, s);
}

static void flow_mapping(struct buf *b, enum kind k, const void *rec);

/* A list as "[a, b]"; records inside the record as "[{...}, {...}]". */
static void flow_list(struct buf *b, const void *rec, enum kind k, int f)
{
	const struct field *fd = kind_field(k, f);
	if (field_repr(fd) == VR_RECS) {
		const struct reclist *l = rec_recs((void *)rec, fd);
		buf_addc(b, '[');
		for (size_t i = 0; i < l->n; i++) {
			if (i)
				buf_adds(b, ", ");
			flow_mapping(b, fd->ref, l->v[i]);
		}
		buf_addc(b, ']');
	} else if (field_repr(fd) == VR_YEARS) {
		yamlout_flow_years(b, rec_years((void *)rec, fd));
	} else {
		yamlout_flow_strings(b, rec_strs((void *)rec, fd));
	}
}

/* Names are written one to a line, under their key; ids and years on one
 * line ([a, b]), as in the shipped data. */
static bool block_style(const struct field *fd)
{
	return fd->type == FT_NAMES;
}

/* A date is written plain (2025-03-19), as the plan's files write them:
 * samplan reads every value as text, so it cannot turn into a timestamp. */
static bool plain_date(const struct field *fd, const char *v)
{
	return (fd->type == FT_DATE && valid_date(v)) || (fd->type == FT_PERIOD && valid_period(v));
}

static void write_item(struct buf *b, enum kind k, const void *rec, unsigned item_indent,
		       const char *nl);

/* A value after "key:" (with its space) for a key at column key_col:
 * a scalar, a number, or a list ("[a, b]", or for names a block list on
 * the lines that follow; records inside the record as a block list of
 * items two columns in). */
static void value_text(struct buf *b, const void *rec, enum kind k, int f, unsigned key_col,
		       const char *nl)
{
	const struct field *fd = kind_field(k, f);
	switch (field_repr(fd)) {
	case VR_RECS: {
		const struct reclist *l = rec_recs((void *)rec, fd);
		if (!l->n)
			buf_adds(b, " []");
		for (size_t i = 0; i < l->n; i++) {
			buf_adds(b, nl);
			write_item(b, fd->ref, l->v[i], key_col + 2, nl);
			b->len -= strlen(nl); /* the caller ends the line */
			b->s[b->len] = '\0';
		}
		break;
	}
	case VR_STR:
		buf_addc(b, ' ');
		if (plain_date(fd, rec_str(rec, fd)))
			buf_adds(b, rec_str(rec, fd));
		else
			yamlout_scalar(b, rec_str(rec, fd), (int)key_col + 2, YQ_ANY);
		break;
	case VR_INT:
		buf_addc(b, ' ');
		int_text(b, fd, rec_int(rec, fd));
		break;
	case VR_STRS:
	case VR_YEARS: {
		size_t n = rec_list_len(rec, k, f);
		if (block_style(fd) && n) {
			for (size_t i = 0; i < n; i++) {
				buf_adds(b, nl);
				indent(b, key_col + 2);
				buf_adds(b, "- ");
				list_item_text(b, rec, k, f, i);
			}
		} else {
			buf_addc(b, ' ');
			flow_list(b, rec, k, f);
		}
		break;
	}
	}
}

static void flow_value(struct buf *b, enum kind k, const void *rec, int f);

/* Whether field f's key is under the same top-level key as an earlier
 * field's ("period.to" after "period.from"): written with it. */
static bool top_written(const struct kind_info *kd, int f)
{
	const struct field *fd = &kd->fields[f];
	for (int g = 0; g < f && field_sub_key(fd); g++)
		if (field_sub_key(&kd->fields[g]) && field_top_len(&kd->fields[g]) == field_top_len(fd) &&
		    memcmp(kd->fields[g].key, fd->key, field_top_len(fd)) == 0)
			return true;
	return false;
}

/* The fields under field f's top-level key as a flow mapping, "{from:
 * 2025-03, to: 2025-12}". */
static void flow_sub_mapping(struct buf *b, enum kind k, const void *rec, int f)
{
	const struct kind_info *kd = kind_of(k);
	const struct field *fd = &kd->fields[f];
	bool first = true;
	buf_addc(b, '{');
	for (int g = f; g < kd->nfields; g++) {
		const struct field *gd = &kd->fields[g];
		if (!field_sub_key(gd) || field_top_len(gd) != field_top_len(fd) ||
		    memcmp(gd->key, fd->key, field_top_len(fd)) != 0)
			continue;
		buf_addf(b, "%s%s: ", first ? "" : ", ", field_sub_key(gd));
		flow_value(b, k, rec, g);
		first = false;
	}
	buf_addc(b, '}');
}

/* Writes a whole new item in the style of the shipped data: a key under
 * another ("period.from") in a flow mapping under its top-level key. */
static void write_item(struct buf *b, enum kind k, const void *rec, unsigned item_indent,
		       const char *nl)
{
	const struct kind_info *kd = kind_of(k);
	unsigned key_col = item_indent + 2;
	bool first = true;
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (top_written(kd, f))
			continue;
		indent(b, first ? item_indent : key_col);
		if (first)
			buf_adds(b, "- ");
		first = false;
		if (field_sub_key(fd)) {
			buf_addf(b, "%.*s: ", (int)field_top_len(fd), fd->key);
			flow_sub_mapping(b, k, rec, f);
		} else {
			buf_addf(b, "%s:", fd->key);
			value_text(b, rec, k, f, key_col, nl);
		}
		buf_adds(b, nl);
	}
}

static void flow_mapping(struct buf *b, enum kind k, const void *rec);

/* A new item among items written as flow mappings ("- {id: a, name: b}"):
 * on one line, as they are.  Returns false (nothing written) for a kind
 * whose keys nest or a value of several lines, which a one-line mapping
 * does not hold well. */
static bool write_item_flow(struct buf *b, enum kind k, const void *rec, unsigned item_indent,
			    const char *nl)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if ((field_repr(fd) == VR_STR && strchr(rec_str(rec, fd), '\n')) ||
		    (field_repr(fd) == VR_RECS && rec_recs((void *)rec, fd)->n))
			return false;
	}
	indent(b, item_indent);
	buf_adds(b, "- ");
	flow_mapping(b, k, rec);
	buf_adds(b, nl);
	return true;
}

/* A value in a flow collection: a value of several lines in double
 * quotes. */
static void flow_value(struct buf *b, enum kind k, const void *rec, int f)
{
	const struct field *fd = kind_field(k, f);
	switch (field_repr(fd)) {
	case VR_STR: {
		const char *v = rec_str(rec, fd);
		if (plain_date(fd, v) || (*v && yamlout_plain_ok(v, true)))
			buf_adds(b, v);
		else
			yamlout_double_quoted(b, v);
		break;
	}
	case VR_INT:
		int_text(b, fd, rec_int(rec, fd));
		break;
	case VR_STRS:
	case VR_YEARS:
	case VR_RECS:
		flow_list(b, rec, k, f);
		break;
	}
}

/* A record as a flow mapping, "{id: a, name: b}"; keys under another
 * key in a mapping of their own ("period: {from: 2025, to: 2026}"). */
static void flow_mapping(struct buf *b, enum kind k, const void *rec)
{
	const struct kind_info *kd = kind_of(k);
	bool first = true;
	buf_adds(b, "{");
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (top_written(kd, f))
			continue;
		buf_adds(b, first ? "" : ", ");
		first = false;
		if (field_sub_key(fd)) {
			buf_addf(b, "%.*s: ", (int)field_top_len(fd), fd->key);
			flow_sub_mapping(b, k, rec, f);
			continue;
		}
		buf_addf(b, "%s: ", fd->key);
		flow_value(b, k, rec, f);
	}
	buf_adds(b, "}");
}

/* Whether the item at `s` (its "- ") is a flow mapping: "- {...}". */
static bool item_is_flow(const char *t, size_t len, const struct rec_src *s)
{
	size_t i = s->item_start;
	while (i < len && (t[i] == '-' || t[i] == ' ' || t[i] == '\n' || t[i] == '\r'))
		i++;
	return i < len && t[i] == '{';
}

/* Where text that ends without a line break ends in a block scalar whose
 * value keeps its last line break ("|", "|+", ">"...): that value has no
 * final line break, as the file ends, and would gain one once a line
 * break follows.  Returns the offset of the header's chomping indicator
 * ('+', or where a '-' goes), or -1 when nothing needs to change. */
static long tail_chomp_at(const char *t, size_t len)
{
	if (!len || t[len - 1] == '\n')
		return -1;
	struct arena scratch;
	arena_init(&scratch, 1024);
	struct diags d = DIAGS_INIT;
	struct yparse yp;
	yparse_init(&yp, "", t, len, &d, &scratch);
	long at = -1;
	size_t start = 0;
	bool block = false;
	while (yparse_next(&yp) && yp.ev.type != YAML_STREAM_END_EVENT) {
		if (yp.ev.type != YAML_SCALAR_EVENT)
			continue;
		yaml_scalar_style_t sty = yp.ev.data.scalar.style;
		block = sty == YAML_LITERAL_SCALAR_STYLE || sty == YAML_FOLDED_SCALAR_STYLE;
		start = yparse_byte(&yp, &yp.ev.start_mark);
	}
	if (!yp.failed && block && start < len && (t[start] == '|' || t[start] == '>')) {
		size_t i = start + 1;
		at = (long)i;
		for (; i < len && i < start + 3; i++) {
			if (t[i] == '-')
				at = -1;
			if (t[i] == '+' || t[i] == '-')
				break;
			if (t[i] < '1' || t[i] > '9') {
				i = len; /* the header ends: no indicator */
				break;
			}
		}
		if (at >= 0 && i < len && t[i] == '+')
			at = (long)i;
	}
	yparse_done(&yp);
	diags_clear(&d);
	arena_free(&scratch);
	return at;
}

/* Appends t[0, len) to `b`, with the header of a last block scalar made
 * to strip its final line break ("|" becomes "|-") when the text does not
 * end with one: its value stays the same after a line break is added.
 * (A keep header's value has no trailing line breaks here either.) */
static void keep_tail_value(struct buf *b, const char *t, size_t len)
{
	long at = tail_chomp_at(t, len);
	if (at < 0) {
		buf_add(b, t, len);
		return;
	}
	size_t i = (size_t)at;
	buf_add(b, t, i);
	buf_addc(b, '-');
	if (t[i] == '+')
		i++;
	buf_add(b, t + i, len - i);
}

/* ---- patching one mapping ---------------------------------------------- */

struct edit {
	uint32_t start, end;
	char *text; /* owned */
};

struct patch_ctx {
	const struct store *st;
	enum kind k;
	const void *want; /* the plan's record: the wanted values */
	const char *text; /* the text the nodes' offsets are in */
	size_t len;
	const char *nl;
	unsigned key_indent; /* for a mapping without keys */
	struct edit *e;
	size_t ne, cap;
	bool done;
};

static struct edit *new_edit(struct patch_ctx *pc, uint32_t start, uint32_t end, char *text)
{
	if (pc->ne == pc->cap) {
		pc->cap = pc->cap ? pc->cap * 2 : 8;
		pc->e = xrealloc(pc->e, pc->cap * sizeof(*pc->e));
	}
	struct edit *e = &pc->e[pc->ne++];
	e->start = start;
	e->end = end;
	e->text = text;
	if (strcmp(pc->nl, "\r\n") == 0) {
		struct buf b = BUF_INIT;
		buf_adds(&b, text);
		free(text);
		to_crlf(&b, 0);
		e->text = buf_detach(&b);
	}
	return e;
}

static bool items_same(const struct ynode *node, const void *want, enum kind k, int f,
		       size_t w)
{
	char tmp[16];
	return strcmp(rec_list_item(want, k, f, w, tmp), node->value) == 0;
}

/* A block list edited line by line: removed items lose their line, new
 * items get one, and comments on other lines stay.  False when the kept
 * items changed order (then the caller writes the list anew). */
static bool edit_block_list(struct patch_ctx *pc, const struct ynode *kn, const struct ynode *v,
			    int f)
{
	const char *t = pc->text;
	enum kind k = pc->k;
	const void *want = pc->want;
	size_t n = rec_list_len(want, k, f);
	if (n == 0) {
		/* "key: []", keeping a comment on the key's line */
		uint32_t colon = text_colon_after(t, pc->len, kn->end);
		new_edit(pc, colon, colon, xstrdup(" []"));
		new_edit(pc, text_line_start(t, v->kids[0]->start),
			 text_line_after(t, pc->len, v->last - 1), xstrdup(""));
		return true;
	}
	/* the kept items must keep their order */
	size_t last_pos = 0;
	bool first = true;
	for (size_t i = 0; i < v->nkids; i++)
		for (size_t w = 0; w < n; w++)
			if (items_same(v->kids[i], want, k, f, w)) {
				if (!first && w < last_pos)
					return false;
				last_pos = w;
				first = false;
			}
	unsigned col = v->col - 1;
	for (size_t i = 0; i < v->nkids; i++) {
		bool keep = false;
		for (size_t w = 0; w < n && !keep; w++)
			keep = items_same(v->kids[i], want, k, f, w);
		if (!keep)
			new_edit(pc, text_line_start(t, v->kids[i]->start),
				 text_line_after(t, pc->len, v->kids[i]->last - 1), xstrdup(""));
	}
	/* each new item goes before the next kept one, or after the last */
	uint32_t after_last = text_line_after(t, pc->len, v->last - 1);
	for (size_t w = 0; w < n; w++) {
		bool have = false;
		for (size_t i = 0; i < v->nkids && !have; i++)
			have = items_same(v->kids[i], want, k, f, w);
		if (have)
			continue;
		uint32_t at = after_last;
		for (size_t w2 = w + 1; w2 < n && at == after_last; w2++)
			for (size_t i = 0; i < v->nkids; i++)
				if (items_same(v->kids[i], want, k, f, w2)) {
					at = text_line_start(t, v->kids[i]->start);
					break;
				}
		struct buf line = BUF_INIT;
		if (at == pc->len && pc->len && t[pc->len - 1] != '\n')
			buf_adds(&line, pc->nl);
		indent(&line, col);
		buf_adds(&line, "- ");
		list_item_text(&line, want, k, f, w);
		buf_adds(&line, "\n");
		new_edit(pc, at, at, buf_detach(&line));
	}
	return true;
}

/* One item of a flow list, "[a, b]". */
static void flow_item_text(struct buf *b, const void *rec, enum kind k, int f, size_t i)
{
	char tmp[16];
	const char *s = rec_list_item(rec, k, f, i, tmp);
	if (field_repr(kind_field(k, f)) == VR_YEARS || yamlout_plain_ok(s, true))
		buf_adds(b, s);
	else
		yamlout_double_quoted(b, s);
}

/* A flow list edited in place: a removed item goes with its comma, a new
 * one is written before the next kept item or after the last, and the
 * kept items, their quoting and any comments stay.  False when no item
 * stays or the kept ones changed order (then the caller writes the list
 * anew). */
static bool edit_flow_list(struct patch_ctx *pc, const struct ynode *v, int f)
{
	enum kind k = pc->k;
	const void *want = pc->want;
	size_t n = rec_list_len(want, k, f), nk = v->nkids;
	bool *keep = xcalloc(nk, sizeof(*keep));
	size_t *pos = xcalloc(n ? n : 1, sizeof(*pos)); /* want -> kid, or nk */
	bool any = false, ordered = true;
	size_t last_kid = 0;
	for (size_t w = 0; w < n; w++) {
		pos[w] = nk;
		for (size_t i = 0; i < nk && pos[w] == nk; i++)
			if (items_same(v->kids[i], want, k, f, w))
				pos[w] = i;
		if (pos[w] == nk)
			continue;
		keep[pos[w]] = true;
		if (any && pos[w] < last_kid)
			ordered = false;
		last_kid = pos[w];
		any = true;
	}
	if (!any || !ordered) {
		free(keep);
		free(pos);
		return false;
	}
	for (size_t i = 0; i < nk; i++) {
		if (keep[i])
			continue;
		size_t e = i;
		while (e + 1 < nk && !keep[e + 1])
			e++;
		if (e + 1 < nk) /* "b, " before the next item */
			new_edit(pc, v->kids[i]->start, v->kids[e + 1]->start, xstrdup(""));
		else /* ", b" after the one before */
			new_edit(pc, v->kids[i - 1]->end, v->kids[e]->end, xstrdup(""));
		i = e;
	}
	struct buf ins = BUF_INIT;
	uint32_t ins_at = 0;
	for (size_t w = 0; w < n; w++) {
		if (pos[w] != nk)
			continue;
		size_t next = nk;
		for (size_t w2 = w + 1; w2 < n && next == nk; w2++)
			next = pos[w2];
		uint32_t at = next < nk ? v->kids[next]->start : v->kids[last_kid]->end;
		if (ins.len && at != ins_at) {
			new_edit(pc, ins_at, ins_at, buf_detach(&ins));
			ins = (struct buf)BUF_INIT;
		}
		ins_at = at;
		if (next == nk)
			buf_adds(&ins, ", ");
		flow_item_text(&ins, want, k, f, w);
		if (next < nk)
			buf_adds(&ins, ", ");
	}
	if (ins.len)
		new_edit(pc, ins_at, ins_at, buf_detach(&ins));
	buf_release(&ins);
	free(keep);
	free(pos);
	return true;
}

static const struct ynode *map_key(const struct ynode *map, const char *key, size_t len)
{
	for (size_t i = 0; i + 1 < map->nkids; i += 2)
		if (map->kids[i]->len == len && memcmp(map->kids[i]->value, key, len) == 0)
			return map->kids[i];
	return NULL;
}

static const struct ynode *map_value(const struct ynode *map, const char *key, size_t len)
{
	for (size_t i = 0; i + 1 < map->nkids; i += 2)
		if (map->kids[i]->len == len && memcmp(map->kids[i]->value, key, len) == 0)
			return map->kids[i + 1];
	return NULL;
}

/* The end of the line that holds the last of a key's value. */
static uint32_t value_line_end(const struct patch_ctx *pc, const struct ynode *v)
{
	uint32_t last = v->last > v->start ? v->last - 1 : v->start;
	return text_line_after(pc->text, pc->len, last);
}

/* Replaces the value `v` (under key `kn`, in a mapping that is in flow
 * style when `flow`) with the record's value of field f. */
static void replace_value(struct patch_ctx *pc, int f, const struct ynode *kn,
			  const struct ynode *v, bool flow)
{
	const struct field *fd = kind_field(pc->k, f);
	const char *t = pc->text;
	const void *want = pc->want;
	unsigned key_col = kn->col - 1;
	struct buf b = BUF_INIT;
	uint32_t start = v->start, end = v->end;
	bool empty_value = v->start == v->end;
	switch (field_repr(fd)) {
	case VR_RECS: /* records_edits */
		buf_release(&b);
		return;
	case VR_STR: {
		const char *s = rec_str(want, fd);
		if (empty_value)
			buf_addc(&b, ' ');
		enum yq_style keep = v->style == YS_SINGLE ? YQ_SINGLE
				     : v->style == YS_DOUBLE ? YQ_DOUBLE : YQ_ANY;
		if (keep == YQ_ANY && plain_date(fd, s))
			buf_adds(&b, s); /* 2025-03-19, 2026: as the plan writes them */
		else if (flow && (strchr(s, '\n') || (!yamlout_plain_ok(s, true) && keep != YQ_SINGLE)))
			yamlout_double_quoted(&b, s);
		else
			yamlout_scalar(&b, s, (int)key_col + 2, keep);
		break;
	}
	case VR_INT:
		if (empty_value)
			buf_addc(&b, ' ');
		int_text(&b, fd, rec_int(want, fd));
		break;
	case VR_STRS:
	case VR_YEARS: {
		size_t n = rec_list_len(want, pc->k, f);
		bool was_empty = v->type != YN_SEQ || v->nkids == 0;
		if (v->type == YN_SEQ && v->style == YS_BLOCK && v->nkids) {
			if (edit_block_list(pc, kn, v, f)) {
				buf_release(&b);
				return;
			}
			/* written anew, items in their old column */
			end = v->last;
			if (n == 0) {
				start = text_colon_after(t, pc->len, kn->end);
				buf_adds(&b, " []");
			}
			for (size_t i = 0; i < n; i++) {
				if (i) {
					buf_adds(&b, "\n");
					indent(&b, v->col - 1);
				}
				buf_adds(&b, "- ");
				list_item_text(&b, want, pc->k, f, i);
			}
		} else if (v->type == YN_SEQ && v->style == YS_FLOW && v->nkids &&
			   edit_flow_list(pc, v, f)) {
			buf_release(&b);
			return;
		} else if (!flow && block_style(fd) && was_empty && n) {
			/* names: "members: []" becomes a list under the key */
			start = text_colon_after(t, pc->len, kn->end);
			for (size_t i = 0; i < n; i++) {
				buf_adds(&b, "\n");
				indent(&b, key_col + 2);
				buf_adds(&b, "- ");
				list_item_text(&b, want, pc->k, f, i);
			}
		} else {
			if (empty_value)
				buf_addc(&b, ' ');
			flow_list(&b, want, pc->k, f);
		}
		break;
	}
	}
	new_edit(pc, start, end, buf_detach(&b));
}

/* "key: value" for a key that the mapping does not have yet, at `at`. */
static void insert_key(struct patch_ctx *pc, int f, uint32_t at, unsigned key_col, bool flow,
		       const struct ynode *flow_map)
{
	const struct field *fd = kind_field(pc->k, f);
	const char *sub = field_sub_key(fd);
	struct buf b = BUF_INIT;
	if (flow) {
		at = flow_map->end - 1; /* before '}' */
		buf_addf(&b, "%s%s:", flow_map->nkids ? ", " : "", sub ? sub : fd->key);
		if (field_repr(fd) == VR_STR) {
			const char *s = rec_str(pc->want, fd);
			buf_addc(&b, ' ');
			if (plain_date(fd, s) || yamlout_plain_ok(s, true))
				buf_adds(&b, s);
			else
				yamlout_double_quoted(&b, s);
		} else if (field_repr(fd) == VR_INT) {
			buf_addc(&b, ' ');
			int_text(&b, fd, rec_int(pc->want, fd));
		} else {
			buf_addc(&b, ' ');
			flow_list(&b, pc->want, pc->k, f);
		}
	} else {
		if (at == pc->len && pc->len && pc->text[pc->len - 1] != '\n')
			buf_adds(&b, "\n");
		indent(&b, key_col);
		buf_addf(&b, "%.*s:", sub ? (int)strlen(sub) : (int)field_top_len(fd),
			 sub ? sub : fd->key);
		value_text(&b, pc->want, pc->k, f, key_col, "\n");
		buf_adds(&b, "\n");
	}
	new_edit(pc, at, at, buf_detach(&b));
}

/* Where a new key of field f goes in block mapping `map`: after the line
 * of the nearest field before it (in the schema's order) that the mapping
 * has, else at the mapping's end. */
static uint32_t new_key_place(struct patch_ctx *pc, const struct ynode *map, int f,
			      uint32_t map_end)
{
	const struct kind_info *kd = kind_of(pc->k);
	for (int g = f - 1; g >= 0; g--) {
		const struct field *gd = &kd->fields[g];
		const struct ynode *v = map_value(map, gd->key, field_top_len(gd));
		if (v)
			return value_line_end(pc, v);
	}
	return map_end;
}

static void record_edits(struct patch_ctx *pc, const void *orig, const struct ynode *item,
			 uint32_t map_end);
static bool src_valid(const struct store *st, const void *rec);
static unsigned src_line(const char *t, const struct rec_src *s);
static int cmp_edit(const void *a, const void *b);
static void edits_free(struct patch_ctx *pc);

/* Where item `kid` of a block list stands in pc->text: from its '-' line,
 * with the comment lines right above it (not before `after`), to the
 * line break after its last value. */
static void kid_block(const struct patch_ctx *pc, const struct ynode *kid, uint32_t after,
		      uint32_t *start, uint32_t *end)
{
	const char *t = pc->text;
	uint32_t p = kid->start;
	while (p > after && (t[p - 1] == ' ' || t[p - 1] == '\t'))
		p--;
	if (!(p > after && t[p - 1] == '-')) {
		/* "-" alone on its line, the item below it */
		uint32_t q = p;
		while (q > after && strchr(" \t\r\n", t[q - 1]))
			q--;
		if (q > after && t[q - 1] == '-')
			p = q;
	}
	uint32_t b = text_line_start(t, p > 0 ? p - 1 : 0);
	if (b < after)
		b = after;
	while (b > after) {
		uint32_t prev = text_line_start(t, b - 1);
		uint32_t q = prev;
		while (q < b && (t[q] == ' ' || t[q] == '\t'))
			q++;
		if (prev < after || q >= b || t[q] != '#')
			break;
		b = prev;
	}
	*start = b;
	uint32_t last = kid->last > kid->start ? kid->last - 1 : kid->start;
	*end = text_line_after(t, pc->len, last);
}

/* Appends t[from, to) with those of pc's edits that fall in it applied. */
static void apply_edits_in(struct buf *out, const char *t, uint32_t from, uint32_t to,
			   struct patch_ctx *pc)
{
	if (pc->ne)
		qsort(pc->e, pc->ne, sizeof(*pc->e), cmp_edit);
	uint32_t pos = from;
	for (size_t i = 0; i < pc->ne; i++) {
		if (pc->e[i].start < pos || pc->e[i].end > to)
			continue;
		buf_add(out, t + pos, pc->e[i].start - pos);
		buf_adds(out, pc->e[i].text);
		pos = pc->e[i].end;
	}
	buf_add(out, t + pos, to - pos);
}

/* The wanted records of list field f matched to the ones read (`have`,
 * the items of the text): match[j] is the item the plan's record j was
 * read from, or `nh` for a record that is new. */
static size_t *match_records(const struct patch_ctx *pc, const struct reclist *want, size_t nh)
{
	size_t *match = xcalloc(want->n ? want->n : 1, sizeof(*match));
	bool *used = xcalloc(nh ? nh : 1, sizeof(*used));
	for (size_t j = 0; j < want->n; j++) {
		const struct record *h = want->v[j];
		match[j] = nh;
		if (src_valid(pc->st, h) && h->src->index < nh && !used[h->src->index]) {
			match[j] = h->src->index;
			used[match[j]] = true;
		}
	}
	free(used);
	return match;
}

/* The records inside the record, field f (value `v` under key `kn`, in
 * the record `orig` as read): made the plan's.  A block list is composed
 * as a top-level list is: each item's block copied, patched field by
 * field or written new, the text between items staying in place; a flow
 * list keeps the items that did not change as they are written. */
static void records_edits(struct patch_ctx *pc, int f, const struct ynode *kn,
			  const struct ynode *v, const void *orig, bool flow, unsigned key_col)
{
	const struct field *fd = kind_field(pc->k, f);
	enum kind ck = fd->ref;
	const char *t = pc->text;
	const struct reclist *want = rec_recs((void *)pc->want, fd);
	const struct reclist *have = rec_recs((void *)orig, fd);
	bool items = v->type == YN_SEQ && v->nkids && v->nkids == have->n;
	size_t nh = items ? have->n : 0;
	size_t *match = match_records(pc, want, nh);
	struct buf out = BUF_INIT;
	if (items && v->style == YS_BLOCK && want->n) {
		uint32_t *bs = xcalloc(nh, sizeof(*bs)), *be = xcalloc(nh, sizeof(*be));
		uint32_t after = text_line_after(t, pc->len, text_colon_after(t, pc->len, kn->end) - 1);
		for (size_t i = 0; i < nh; i++) {
			kid_block(pc, v->kids[i], after, &bs[i], &be[i]);
			after = be[i];
		}
		/* the column of the first item's '-' */
		uint32_t dash = v->kids[0]->start;
		while (dash > 0 && t[dash] != '-')
			dash--;
		unsigned item_col = dash - text_line_start(t, dash);
		/* the gap after the last item: the one before it, when blank */
		const char *dgap = "";
		size_t dgap_len = 0;
		if (nh >= 2) {
			const char *g = t + be[nh - 2];
			size_t gl = bs[nh - 1] - be[nh - 2];
			if (strspn(g, " \r\n") >= gl) {
				dgap = g;
				dgap_len = gl;
			}
		}
		for (size_t j = 0; j < want->n; j++) {
			if (j > 0 && j - 1 < nh - 1)
				buf_add(&out, t + be[j - 1], bs[j] - be[j - 1]);
			else if (j > 0)
				buf_add(&out, dgap, dgap_len);
			size_t i = match[j], at = out.len;
			if (i < nh && rec_equal(ck, have->v[i], want->v[j])) {
				buf_add(&out, t + bs[i], be[i] - bs[i]);
			} else if (i < nh) {
				struct patch_ctx sub = {
					.st = pc->st, .k = ck, .want = want->v[j], .text = t,
					.len = pc->len, .nl = pc->nl, .key_indent = item_col + 2,
				};
				record_edits(&sub, have->v[i], v->kids[i], be[i]);
				apply_edits_in(&out, t, bs[i], be[i], &sub);
				edits_free(&sub);
			} else {
				write_item(&out, ck, want->v[j], item_col, "\n");
			}
			/* a block that ended the text without a line break, now
			 * followed by another */
			if (j + 1 < want->n && out.len > at && out.s[out.len - 1] != '\n') {
				struct buf block = BUF_INIT;
				buf_add(&block, out.s + at, out.len - at);
				out.len = at;
				keep_tail_value(&out, block.s, block.len);
				buf_adds(&out, "\n");
				buf_release(&block);
			}
		}
		new_edit(pc, bs[0], be[nh - 1], buf_detach(&out));
		free(bs);
		free(be);
	} else if (items && v->style == YS_BLOCK) {
		/* "key: []", keeping a comment on the key's line */
		uint32_t colon = text_colon_after(t, pc->len, kn->end);
		new_edit(pc, colon, colon, xstrdup(" []"));
		uint32_t s0, e0;
		kid_block(pc, v->kids[0], text_line_after(t, pc->len, colon - 1), &s0, &e0);
		new_edit(pc, s0, text_line_after(t, pc->len, v->last - 1), xstrdup(""));
	} else if (flow || (items && v->style == YS_FLOW) || !want->n) {
		/* "[{...}, {...}]": items that did not change as they are */
		buf_addc(&out, '[');
		for (size_t j = 0; j < want->n; j++) {
			size_t i = match[j];
			if (j)
				buf_adds(&out, ", ");
			const struct ynode *kid = i < nh ? v->kids[i] : NULL;
			if (kid && rec_equal(ck, have->v[i], want->v[j])) {
				buf_add(&out, t + kid->start, kid->end - kid->start);
			} else if (kid && kid->type == YN_MAP && kid->style == YS_FLOW) {
				/* patched key by key, as a flow item of a top list */
				struct patch_ctx sub = {
					.st = pc->st, .k = ck, .want = want->v[j], .text = t,
					.len = pc->len, .nl = pc->nl,
				};
				record_edits(&sub, have->v[i], kid, kid->end);
				apply_edits_in(&out, t, kid->start, kid->end, &sub);
				edits_free(&sub);
			} else {
				flow_mapping(&out, ck, want->v[j]);
			}
		}
		buf_addc(&out, ']');
		uint32_t start = v->start, end = v->end;
		if (start == end) { /* "key:" with no value */
			start = end = text_colon_after(t, pc->len, kn->end);
			struct buf sp = BUF_INIT;
			buf_addc(&sp, ' ');
			buf_add(&sp, out.s, out.len);
			buf_release(&out);
			out = sp;
		}
		new_edit(pc, start, end, buf_detach(&out));
	} else {
		/* "key: []" or "key:" becomes a block list under the key */
		uint32_t colon = text_colon_after(t, pc->len, kn->end);
		new_edit(pc, colon, v->end > colon ? v->end : colon, xstrdup(""));
		uint32_t at = text_line_after(t, pc->len, v->end > colon ? v->end - 1 : colon - 1);
		if (at == pc->len && pc->len && t[pc->len - 1] != '\n')
			buf_adds(&out, "\n");
		for (size_t j = 0; j < want->n; j++)
			write_item(&out, ck, want->v[j], key_col + 2, "\n");
		new_edit(pc, at, at, buf_detach(&out));
	}
	buf_release(&out);
	free(match);
}

/* Edits that turn mapping `item` (the record `orig` as read) into the
 * plan's record pc->want, field by field. */
static void record_edits(struct patch_ctx *pc, const void *orig, const struct ynode *item,
			 uint32_t map_end)
{
	const struct kind_info *kd = kind_of(pc->k);
	bool flow = item->type == YN_MAP && item->style == YS_FLOW;
	unsigned key_col = item->nkids ? item->kids[0]->col - 1 : pc->key_indent;
	bool top_done[FIELD_MAX] = { false };
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (rec_field_equal(pc->k, f, orig, pc->want))
			continue;
		size_t top_len = field_top_len(fd);
		const char *sub = field_sub_key(fd);
		const struct ynode *kn = map_key(item, fd->key, top_len);
		const struct ynode *v = map_value(item, fd->key, top_len);
		if (v && fd->type == FT_RECORDS) {
			records_edits(pc, f, kn, v, orig, flow, key_col);
			continue;
		}
		if (!sub) {
			if (v)
				replace_value(pc, f, kn, v, flow);
			else
				insert_key(pc, f, flow ? 0 : new_key_place(pc, item, f, map_end), key_col,
					   flow, item);
			continue;
		}
		/* a key of the mapping under another key ("adopted.by") */
		if (v && v->type == YN_MAP) {
			const struct ynode *skn = map_key(v, sub, strlen(sub));
			const struct ynode *sv = map_value(v, sub, strlen(sub));
			bool sflow = v->style == YS_FLOW;
			unsigned scol = v->nkids ? v->kids[0]->col - 1 : key_col + 2;
			if (sv)
				replace_value(pc, f, skn, sv, sflow);
			else
				insert_key(pc, f, sflow ? 0 : value_line_end(pc, v), scol, sflow, v);
			continue;
		}
		if (top_done[f])
			continue;
		/* the mapping is not there (or empty): write it whole, with
		 * every field under it */
		struct buf b = BUF_INIT;
		for (int g = 0; g < kd->nfields; g++)
			if (field_top_len(&kd->fields[g]) == top_len &&
			    memcmp(kd->fields[g].key, fd->key, top_len) == 0)
				top_done[g] = true;
		if (flow) {
			/* in a flow mapping, a flow mapping: ", period: {from: 2025}" */
			uint32_t at = item->end - 1; /* before '}' */
			if (v) {
				at = text_colon_after(pc->text, pc->len, kn->end);
				new_edit(pc, at, v->end, xstrdup(""));
				buf_addc(&b, ' ');
			} else {
				buf_addf(&b, "%s%.*s: ", item->nkids ? ", " : "", (int)top_len, fd->key);
			}
			flow_sub_mapping(&b, pc->k, pc->want, f);
			new_edit(pc, at, at, buf_detach(&b));
			continue;
		}
		uint32_t at;
		if (v) { /* "adopted:" or "adopted: ~" */
			at = text_colon_after(pc->text, pc->len, kn->end);
			new_edit(pc, at, v->end, xstrdup(""));
		} else {
			at = new_key_place(pc, item, f, map_end);
			if (at == pc->len && pc->len && pc->text[pc->len - 1] != '\n')
				buf_adds(&b, "\n");
			indent(&b, key_col);
			buf_add(&b, fd->key, top_len);
			buf_addc(&b, ':');
		}
		for (int g = 0; g < kd->nfields; g++) {
			const struct field *gd = &kd->fields[g];
			if (field_top_len(gd) != top_len || memcmp(gd->key, fd->key, top_len) != 0)
				continue;
			buf_adds(&b, "\n");
			indent(&b, key_col + 2);
			buf_addf(&b, "%s:", field_sub_key(gd));
			value_text(&b, pc->want, pc->k, g, key_col + 2, "\n");
		}
		if (!v)
			buf_adds(&b, "\n");
		new_edit(pc, at, at, buf_detach(&b));
	}
}

static void item_edits(void *vctx, void *orig, const struct ynode *item, struct yparse *yp)
{
	struct patch_ctx *pc = vctx;
	if (pc->done) { /* more than one item in a block cannot happen */
		yparse_error(yp, item, "%s", _("internal: a block held two items"));
		return;
	}
	pc->done = true;
	record_edits(pc, orig, item, (uint32_t)pc->len);
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	/* at the same place an insertion goes before a deletion */
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	return (x->end > y->end) - (x->end < y->end);
}

/* Appends `text` with the edits applied to the side buffer. */
static void apply_edits(struct buf *out, const char *text, size_t len, struct patch_ctx *pc)
{
	if (pc->ne) /* qsort wants a real array even for none */
		qsort(pc->e, pc->ne, sizeof(*pc->e), cmp_edit);
	uint32_t pos = 0;
	for (size_t i = 0; i < pc->ne; i++) {
		if (pc->e[i].start < pos) /* overlapping: cannot be, but never copy back */
			continue;
		buf_add(out, text + pos, pc->e[i].start - pos);
		buf_adds(out, pc->e[i].text);
		pos = pc->e[i].end;
	}
	buf_add(out, text + pos, len - pos);
}

static void edits_free(struct patch_ctx *pc)
{
	for (size_t i = 0; i < pc->ne; i++)
		free(pc->e[i].text);
	free(pc->e);
	pc->e = NULL;
	pc->ne = pc->cap = 0;
}

/* A plan that shares the real one's records of every kind outside file
 * f but has its own arena and none of f's, so that reading text back
 * leaves the real plan untouched. */
static void scratch_plan(struct plan *tmp, const struct plan *plan, enum store_file_id f)
{
	*tmp = *plan;
	arena_init(&tmp->arena, 16 * 1024);
	for (int k = 0; k < K_COUNT; k++)
		if (kind_of((enum kind)k)->file == f)
			memset(&tmp->recs[k], 0, sizeof(tmp->recs[k]));
	if (kind_of(K_PLAN)->file == f) {
		tmp->info = plan_new_record(tmp, K_PLAN, NULL);
		plan_insert(tmp, K_PLAN, 0, tmp->info);
	}
}

static void scratch_free(struct plan *tmp, enum store_file_id f)
{
	for (int k = 0; k < K_COUNT; k++)
		if (kind_of((enum kind)k)->file == f) {
			free(tmp->recs[k].v);
			free(tmp->recs[k].index);
		}
	arena_free(&tmp->arena);
}

/* Appends the record's block, patched to hold the plan's values, to the
 * side buffer.  Returns false (reported) when the block cannot be read. */
static bool patch_block(struct render *r, struct plan *tmp, enum kind k, const void *rec,
			const struct rec_src *s, size_t *edits)
{
	const struct store_list *L = &r->st->lists[k];
	struct patch_ctx pc = {
		.st = r->st, .k = k, .want = rec, .text = r->t + s->block_start,
		.len = s->content_end - s->block_start, .nl = r->nl, .key_indent = L->key_indent,
	};
	long n = load_record_list(tmp, k, store_file_path(r->st, r->f), pc.text, pc.len, false,
				  item_edits, &pc, r->d);
	bool ok = n == 1;
	*edits = pc.ne;
	if (ok)
		apply_edits(&r->side, pc.text, pc.len, &pc);
	else
		diag_add(r->d, store_file_path(r->st, r->f), src_line(r->t, s), 1,
			 _("cannot patch %s '%s': its lines no longer read as one"),
			 _(kind_of(k)->words->label), rec_id(k, rec));
	edits_free(&pc);
	return ok;
}

/* ---- composing a list ------------------------------------------------- */

static bool src_valid(const struct store *st, const void *rec)
{
	const struct record *h = rec;
	return h->src && h->src_gen == st->gen;
}

/* The line of a record's item in text t, for a message. */
static unsigned src_line(const char *t, const struct rec_src *s)
{
	if (s->line)
		return s->line;
	unsigned line = 1;
	for (const char *p = t, *end = t + s->item_start; (p = memchr(p, '\n', (size_t)(end - p)));
	     p++)
		line++;
	return line;
}

/* Whether the list of kind k differs from the file's in any way. */
static bool list_touched(const struct render *r, enum kind k)
{
	const struct store_list *L = &r->st->lists[k];
	size_t n = plan_count(r->plan, k);
	if (n != L->norig)
		return true;
	for (size_t i = 0; i < n; i++) {
		const struct record *h = plan_rec(r->plan, k, i);
		if (!src_valid(r->st, h) || h->src->index != i || h->dirty)
			return true;
	}
	return false;
}

/* Whether list k is written anew rather than patched item by item: it
 * is empty, a block list that becomes empty, or not in the file yet.  A
 * flow list ("[{...}, {...}]") is patched in place like a block one. */
static bool list_rewritten(const struct render *r, enum kind k)
{
	const struct store_list *L = &r->st->lists[k];
	return !L->present || L->norig == 0 || (!L->flow && plan_count(r->plan, k) == 0);
}

/* The part of the original a list stands in: for a rewrite, its value
 * after the key's ':' (the end of the file for a list not there yet, the
 * line break after its last line staying); else its items' blocks. */
static void list_bounds(const struct render *r, enum kind k, uint32_t *from, uint32_t *to)
{
	const struct store_list *L = &r->st->lists[k];
	if (!list_rewritten(r, k) && L->flow) {
		*from = L->start;
		*to = L->end;
		return;
	}
	if (!list_rewritten(r, k)) {
		*from = L->orig[0]->block_start;
		*to = L->orig[L->norig - 1]->content_end;
		return;
	}
	if (!L->present) {
		*from = *to = (uint32_t)r->len;
		return;
	}
	*from = L->key_end;
	*to = L->flow || L->norig == 0 ? L->end : L->orig[L->norig - 1]->content_end;
	if (!L->flow && L->norig && *to > *from && r->t[*to - 1] == '\n') {
		(*to)--;
		if (*to > *from && r->t[*to - 1] == '\r')
			(*to)--;
	}
}

/* Writes list k's value anew (see list_rewritten) for the region
 * list_bounds gives. */
static void compose_rewrite(struct render *r, enum kind k, uint32_t to)
{
	const struct store_list *L = &r->st->lists[k];
	const char *nl = r->nl;
	size_t n = plan_count(r->plan, k);
	size_t at = r->side.len;
	if (!L->present) {
		/* a new key at the end of the file */
		if (r->len && r->t[r->len - 1] != '\n')
			buf_adds(&r->side, nl);
		buf_addf(&r->side, "%s:", kind_of(k)->list_key);
	}
	if (n == 0) {
		buf_adds(&r->side, " []");
	} else {
		unsigned ind = L->item_indent ? L->item_indent : 2;
		for (size_t j = 0; j < n; j++) {
			buf_adds(&r->side, nl);
			write_item(&r->side, k, plan_rec(r->plan, k, j), ind, nl);
			/* no line break after the last: the original's follows */
			r->side.len -= strlen(nl);
			r->side.s[r->side.len] = '\0';
		}
	}
	if (!L->present || (to == L->end && (to >= r->len || (r->t[to] != '\n' && r->t[to] != '\r'))))
		buf_adds(&r->side, nl);
	if (strcmp(nl, "\r\n") == 0)
		to_crlf(&r->side, at);
	add_side(r, at);
	r->whole = true;
}

/* The items of a block list, from the first item's block to the last
 * one's end: [orig[0]->block_start, orig[no-1]->content_end). */
static bool compose_blocks(struct render *r, enum kind k)
{
	const struct store *st = r->st;
	const struct store_list *L = &st->lists[k];
	const struct plan *plan = r->plan;
	struct list_render *lr = &r->lists[k];
	size_t n = plan_count(plan, k), no = L->norig;
	lr->composed = true;
	lr->bstart = xcalloc(n, sizeof(size_t));
	lr->bend = xcalloc(n, sizeof(size_t));
	lr->check = xcalloc(n, sizeof(bool));
	lr->look = xcalloc(n, sizeof(bool));
	struct plan tmp;
	scratch_plan(&tmp, plan, r->f);
	bool ok = true;

	/* the gap used after the last original item */
	const char *dgap = "";
	size_t dgap_len = 0;
	if (no >= 2) {
		const char *g = r->t + L->orig[no - 2]->content_end;
		size_t gl = L->orig[no - 1]->block_start - L->orig[no - 2]->content_end;
		bool blank = true;
		for (size_t i = 0; i < gl; i++)
			blank &= g[i] == '\n' || g[i] == '\r' || g[i] == ' ';
		if (blank) {
			dgap = g;
			dgap_len = gl;
		}
	}

	for (size_t j = 0; j < n && ok; j++) {
		const void *rec = plan_rec(plan, k, j);
		const struct record *h = rec;
		if (j > 0) {
			/* a record read from the file keeps the gap it had before
			 * it (blank lines that open a section stay with it when a
			 * record before it is deleted or moved); another one gets
			 * the gap of its place */
			uint32_t own = src_valid(st, rec) ? h->src->index : 0;
			if (own > 0) {
				uint32_t a = L->orig[own - 1]->content_end, b = L->orig[own]->block_start;
				add_seg(r, r->t + a, b - a);
			} else if (j - 1 < no - 1) {
				uint32_t a = L->orig[j - 1]->content_end, b = L->orig[j]->block_start;
				add_seg(r, r->t + a, b - a);
			} else if (dgap_len) {
				add_seg(r, dgap, dgap_len);
			}
		}
		lr->bstart[j] = r->out_len;
		size_t nsegs0 = r->nsegs, seg0_len = r->nsegs ? r->segs[r->nsegs - 1].n : 0;
		if (src_valid(st, rec)) {
			const struct rec_src *s = h->src;
			/* a record read back after the write: one at a seam, whose
			 * neighbour before it is no longer the one it had (a record
			 * added, deleted or moved there); one that only moved up or
			 * down with its neighbour is the same bytes after the same
			 * bytes, and reads the same */
			if (s->index != j) {
				const struct record *ph = j ? plan_rec(plan, k, j - 1) : NULL;
				bool same_before = j ? src_valid(st, ph) && ph->src->index + 1 == s->index
						     : s->index == 0;
				if (!same_before)
					lr->check[j] = true;
			}
			size_t edits = 0;
			if (h->dirty) {
				size_t at = r->side.len;
				ok = patch_block(r, &tmp, k, rec, s, &edits);
				if (edits) {
					add_side(r, at);
					lr->check[j] = true;
				} else {
					/* set back to what the file says: copy it */
					r->side.len = at;
				}
			}
			if (!edits)
				add_seg(r, r->t + s->block_start, s->content_end - s->block_start);
		} else {
			size_t at = r->side.len;
			/* in its siblings' style: one-line mappings when the first
			 * item and the one before it are written so */
			const struct rec_src *sib = L->orig[j > 0 && j - 1 < no ? j - 1 : 0];
			if (!item_is_flow(r->t, r->len, L->orig[0]) || !item_is_flow(r->t, r->len, sib) ||
			    !write_item_flow(&r->side, k, rec, L->item_indent, r->nl))
				write_item(&r->side, k, rec, L->item_indent, r->nl);
			if (strcmp(r->nl, "\r\n") == 0)
				to_crlf(&r->side, at);
			add_side(r, at);
			lr->check[j] = true;
		}
		lr->bend[j] = r->out_len;
		/* a block that ended the file without a line break, now followed */
		bool last = j == n - 1;
		size_t blen = lr->bend[j] - lr->bstart[j];
		/* its last byte is the last segment's: read without walking the
		 * segments from the start, which made a list's compose quadratic */
		const struct seg *ls = r->nsegs ? &r->segs[r->nsegs - 1] : NULL;
		bool ends_line = !ls || !ls->n || seg_ptr(r, ls)[ls->n - 1] == '\n';
		if (blen && !last && !ends_line) {
			struct buf block = BUF_INIT;
			extract(r, lr->bstart[j], lr->bend[j], &block);
			if (block.s[block.len - 1] != '\n') {
				/* written again whole: its last block scalar may need
				 * a new header (see keep_tail_value) */
				r->nsegs = nsegs0;
				if (nsegs0)
					r->segs[nsegs0 - 1].n = seg0_len;
				r->out_len = lr->bstart[j];
				size_t at = r->side.len;
				keep_tail_value(&r->side, block.s, block.len);
				buf_adds(&r->side, r->nl);
				add_side(r, at);
				lr->bend[j] = r->out_len;
				lr->check[j] = true;
			}
			buf_release(&block);
		}
		const struct record *ph = j ? plan_rec(plan, k, j - 1) : NULL;
		lr->look[j] = lr->check[j] || (ph && src_valid(st, h) && src_valid(st, ph) &&
					       h->src->index != ph->src->index + 1);
		/* The records after it that follow it in the file, untouched,
		 * are copied with it as one piece, gaps and all: a long list's
		 * usual case, at a few instructions a record.  (Not the last
		 * record, whose end the loop above may mend.) */
		const struct seg *tail = r->nsegs ? &r->segs[r->nsegs - 1] : NULL;
		if (!ok || !src_valid(st, rec) || !tail || tail->side ||
		    tail->p + tail->n != r->t + h->src->content_end)
			continue;
		size_t run = j + 1;
		uint32_t idx = h->src->index;
		while (run + 1 < n) {
			const struct record *x = plan_rec(plan, k, run);
			if (!src_valid(st, x) || x->dirty || x->src->index != idx + (run - j))
				break;
			run++;
		}
		if (run == j + 1)
			continue;
		uint32_t from = h->src->content_end;
		const struct rec_src *end = ((const struct record *)plan_rec(plan, k, run - 1))->src;
		if (lr->nruns == lr->capruns) {
			lr->capruns = lr->capruns ? 2 * lr->capruns : 8;
			lr->runs = xrealloc(lr->runs, lr->capruns * sizeof(*lr->runs));
		}
		lr->runs[lr->nruns++] = (struct run){ .first = j + 1, .last = run - 1,
						      .at = r->out_len, .from = from };
		add_seg(r, r->t + from, end->content_end - from);
		j = run - 1;
	}
	scratch_free(&tmp, r->f);
	return ok;
}

/* Appends flow item `s` (its "{...}"), patched to hold the record's
 * values, to the side buffer: the item is read as the one item of "[...]".
 * False (reported) when it cannot be read. */
static bool patch_flow_item(struct render *r, struct plan *tmp, enum kind k, const void *rec,
			    const struct rec_src *s)
{
	struct buf text = BUF_INIT;
	buf_addc(&text, '[');
	buf_add(&text, r->t + s->block_start, s->content_end - s->block_start);
	buf_addc(&text, ']');
	struct patch_ctx pc = {
		.st = r->st, .k = k, .want = rec, .text = text.s, .len = text.len, .nl = r->nl,
	};
	long n = load_record_list(tmp, k, store_file_path(r->st, r->f), pc.text, pc.len, false,
				  item_edits, &pc, r->d);
	bool ok = n == 1;
	if (ok) {
		struct buf out = BUF_INIT;
		apply_edits(&out, pc.text, pc.len, &pc);
		size_t at = r->side.len;
		buf_add(&r->side, out.s + 1, out.len - 2);
		add_side(r, at);
		buf_release(&out);
	} else {
		diag_add(r->d, store_file_path(r->st, r->f), src_line(r->t, s), 1,
			 _("cannot patch %s '%s': its lines no longer read as one"),
			 _(kind_of(k)->words->label), rec_id(k, rec));
	}
	edits_free(&pc);
	buf_release(&text);
	return ok;
}

/* A list in flow style, "[{...}, {...}]", from its '[' to its ']': the
 * items' bytes copied, patched or written new as flow mappings; the text
 * between items (commas, line breaks, comments) stays in place, as a
 * block list's gaps do.  The whole file is read back. */
static bool compose_flow(struct render *r, enum kind k)
{
	const struct store_list *L = &r->st->lists[k];
	size_t n = plan_count(r->plan, k), no = L->norig;
	r->whole = true;
	if (n == 0) {
		size_t at = r->side.len;
		buf_adds(&r->side, "[]");
		add_side(r, at);
		return true;
	}
	/* between a new item and the one before: the last gap, or for one
	 * with a comment, its comma and its last line break and indent */
	struct buf sep = BUF_INIT;
	buf_adds(&sep, ", ");
	if (no >= 2) {
		const char *g = r->t + L->orig[no - 2]->content_end;
		size_t gl = L->orig[no - 1]->block_start - L->orig[no - 2]->content_end;
		const char *nl = g + gl;
		while (nl > g && nl[-1] != '\n')
			nl--;
		buf_reset(&sep);
		if (!memchr(g, '#', gl)) {
			buf_add(&sep, g, gl);
		} else if (g[strspn(g, " \t")] == ',' && nl > g) {
			if (nl - 1 > g && nl[-2] == '\r')
				nl--;
			buf_addc(&sep, ',');
			buf_add(&sep, nl - 1, (size_t)(g + gl - (nl - 1)));
		} else {
			buf_adds(&sep, ", ");
		}
	}
	struct plan tmp;
	scratch_plan(&tmp, r->plan, r->f);
	bool ok = true;
	add_seg(r, r->t + L->start, L->orig[0]->block_start - L->start);
	for (size_t j = 0; j < n && ok; j++) {
		const void *rec = plan_rec(r->plan, k, j);
		const struct record *h = rec;
		if (j > 0) {
			if (j - 1 < no - 1) {
				uint32_t a = L->orig[j - 1]->content_end, b = L->orig[j]->block_start;
				add_seg(r, r->t + a, b - a);
			} else {
				size_t at = r->side.len;
				buf_add(&r->side, sep.s, sep.len);
				add_side(r, at);
			}
		}
		if (src_valid(r->st, rec) && h->dirty) {
			ok = patch_flow_item(r, &tmp, k, rec, h->src);
		} else if (src_valid(r->st, rec)) {
			const struct rec_src *s = h->src;
			add_seg(r, r->t + s->block_start, s->content_end - s->block_start);
		} else {
			size_t at = r->side.len;
			flow_mapping(&r->side, k, rec);
			add_side(r, at);
		}
	}
	uint32_t tail = L->orig[no - 1]->content_end;
	add_seg(r, r->t + tail, L->end - tail);
	buf_release(&sep);
	scratch_free(&tmp, r->f);
	return ok;
}

/* ---- the file's own record -------------------------------------------- */

/* Edits of the file's own record (its top-level keys), in `pc`, against
 * the original text parsed whole.  False (reported) when it cannot be. */
static bool own_edits(struct render *r, enum kind own, struct patch_ctx *pc)
{
	struct arena scratch;
	arena_init(&scratch, 16 * 1024);
	struct yparse yp;
	const char *name = store_file_path(r->st, r->f);
	yparse_init(&yp, name, r->t, r->len, r->d, &scratch);
	struct plan tmp;
	scratch_plan(&tmp, r->plan, r->f);
	bool ok = false;
	if (yparse_next(&yp) && yparse_next(&yp) && yp.ev.type == YAML_DOCUMENT_START_EVENT &&
	    yparse_next(&yp)) {
		struct ynode *root = yparse_node(&yp, 0, NULL);
		void *orig = root && root->type == YN_MAP ? record_from_node(&tmp, own, &yp, root, false)
							   : NULL;
		if (orig) {
			pc->text = r->t;
			pc->len = r->len;
			record_edits(pc, orig, root, (uint32_t)r->len);
			ok = true;
		}
	}
	if (!ok)
		diag_add(r->d, name, 0, 0, "%s",
			 _("not saved: the file no longer reads as it did (it cannot be patched)"));
	yparse_done(&yp);
	scratch_free(&tmp, r->f);
	arena_free(&scratch);
	return ok;
}

/* ---- checking the result ---------------------------------------------- */

struct collect {
	void **v;
	size_t n, cap;
};

static void collect_record(void *ctx, void *rec, const struct ynode *item, struct yparse *yp)
{
	struct collect *col = ctx;
	(void)item;
	(void)yp;
	if (col->n == col->cap) {
		col->cap = col->cap ? col->cap * 2 : 8;
		col->v = xrealloc(col->v, col->cap * sizeof(*col->v));
	}
	col->v[col->n++] = rec;
}

static void not_read_back(struct render *r, const struct diags *d, const char *fallback)
{
	struct buf why = BUF_INIT;
	if (d->n)
		diag_format(&d->v[0], &why);
	else
		buf_adds(&why, fallback);
	diag_add(r->d, store_file_path(r->st, r->f), 0, 0,
		 _("not saved: the edited text would not read back as the plan (%s)"), buf_str(&why));
	buf_release(&why);
}

/* Where record j of list k stands in the new text: [*b, *e). */
static void placed_at(const struct render *r, enum kind k, size_t j, size_t *b, size_t *e)
{
	const struct list_render *lr = &r->lists[k];
	if (lr->bend[j]) {
		*b = lr->bstart[j];
		*e = lr->bend[j];
		return;
	}
	size_t lo = 0, hi = lr->nruns; /* the run holding j */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (lr->runs[mid].first <= j)
			lo = mid;
		else
			hi = mid;
	}
	const struct run *u = &lr->runs[lo];
	const struct rec_src *s = ((const struct record *)plan_rec(r->plan, k, j))->src;
	*b = u->at + (s->block_start - u->from);
	*e = u->at + (s->content_end - u->from);
}

/* Records a..b of kind k, read back from the new text. */
static bool check_range(struct render *r, enum kind k, size_t a, size_t b)
{
	struct buf text = BUF_INIT;
	size_t from, to, x;
	placed_at(r, k, a, &from, &x);
	placed_at(r, k, b, &x, &to);
	extract(r, from, to, &text);
	/* read with every record of the plan there to name (a meeting its
	 * party in the same file too): read alone, records are not added */
	struct plan tmp = *r->plan;
	arena_init(&tmp.arena, 16 * 1024);
	struct collect col = { 0 };
	struct diags d = DIAGS_INIT;
	long n = load_record_list(&tmp, k, store_file_path(r->st, r->f), text.s, text.len,
				  !r->st->alone, collect_record, &col, &d);
	bool ok = n == (long)(b - a + 1);
	for (size_t i = 0; ok && i < col.n; i++)
		ok = rec_equal(k, col.v[i], plan_rec(r->plan, k, a + i));
	if (!ok) {
		struct buf fb = BUF_INIT;
		buf_addf(&fb, _("%s '%s' would read back differently"), _(kind_of(k)->words->label),
			 rec_id(k, plan_rec(r->plan, k, a)));
		not_read_back(r, &d, buf_str(&fb));
		buf_release(&fb);
	}
	free(col.v);
	diags_clear(&d);
	arena_free(&tmp.arena);
	buf_release(&text);
	return ok;
}

/* The whole new text, read with the plan's other files as they are now. */
static bool check_whole(struct render *r)
{
	struct buf text = BUF_INIT;
	extract(r, 0, r->out_len, &text);
	struct plan tmp;
	scratch_plan(&tmp, r->plan, r->f);
	struct diags d = DIAGS_INIT;
	bool ok = load_file_text(NULL, &tmp, r->f, store_file_path(r->st, r->f), buf_str(&text),
				 text.len, !r->st->alone, &d) == 0;
	enum kind bad = K_NONE;
	for (int k = 0; ok && k < K_COUNT; k++) {
		if (kind_of((enum kind)k)->file != r->f)
			continue;
		ok = plan_count(&tmp, (enum kind)k) == plan_count(r->plan, (enum kind)k);
		for (size_t i = 0; ok && i < plan_count(&tmp, (enum kind)k); i++)
			ok = rec_equal((enum kind)k, plan_rec(&tmp, (enum kind)k, i),
				       plan_rec(r->plan, (enum kind)k, i));
		if (!ok)
			bad = (enum kind)k;
	}
	if (!ok) {
		struct buf fb = BUF_INIT;
		if (bad != K_NONE)
			buf_addf(&fb, _("its %s would read back differently"),
				 _(kind_of(bad)->words->plural));
		not_read_back(r, &d, buf_str(&fb));
		buf_release(&fb);
	}
	diags_clear(&d);
	scratch_free(&tmp, r->f);
	buf_release(&text);
	return ok;
}

/* Checks every piece of list k that is not a verbatim copy at its old
 * place, with one neighbour on each side, so the seams are read back too. */
static bool verify_list(struct render *r, enum kind k)
{
	const struct list_render *lr = &r->lists[k];
	size_t n = plan_count(r->plan, k);
	for (size_t j = 0; j < n; j++) {
		const bool *next = memchr(lr->look + j, true, n - j);
		if (!next)
			break;
		j = (size_t)(next - lr->look);
		size_t a = j > 0 ? j - 1 : 0, b = j + 1 < n ? j + 1 : j;
		/* widen over following items that need checking too */
		while (b + 1 < n && lr->check[b])
			b++;
		if (!check_range(r, k, a, b))
			return false;
		j = b;
	}
	/* a deleted last item leaves the old last gap: nothing new to read */
	return true;
}

/* ---- composing a file ------------------------------------------------- */

/* What replaces [start, end) of the original: a list (its kind), or a
 * patch of the own record's text. */
struct region {
	uint32_t start, end;
	enum kind list;  /* K_NONE: `text` */
	char *text;
	bool rewrite;    /* the list's value written anew */
};

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	return (x->end > y->end) - (x->end < y->end);
}

static bool compose(struct render *r)
{
	struct region *rg = NULL;
	size_t nrg = 0, caprg = 0;
	bool ok = true;
	enum kind own = schema_file_record(r->f);
	struct patch_ctx pc = { .st = r->st, .k = own, .nl = r->nl };
	if (own != K_NONE && rec_head(r->plan->info)->dirty) {
		pc.want = r->plan->info;
		ok = own_edits(r, own, &pc);
		if (ok && pc.ne)
			r->whole = true;
		for (size_t i = 0; ok && i < pc.ne; i++) {
			if (nrg == caprg)
				rg = xrealloc(rg, (caprg = caprg ? 2 * caprg : 8) * sizeof(*rg));
			rg[nrg++] = (struct region){ .start = pc.e[i].start, .end = pc.e[i].end,
						     .list = K_NONE, .text = pc.e[i].text };
			pc.e[i].text = NULL;
		}
	}
	edits_free(&pc);
	for (int k = 0; ok && k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file != r->f || !kd->list_key || !list_touched(r, (enum kind)k))
			continue;
		const struct store_list *L = &r->st->lists[k];
		if (!L->present && !plan_count(r->plan, (enum kind)k))
			continue;
		if (nrg == caprg)
			rg = xrealloc(rg, (caprg = caprg ? 2 * caprg : 8) * sizeof(*rg));
		struct region *g = &rg[nrg++];
		*g = (struct region){ .list = (enum kind)k, .rewrite = list_rewritten(r, (enum kind)k) };
		list_bounds(r, (enum kind)k, &g->start, &g->end);
	}
	if (nrg)
		qsort(rg, nrg, sizeof(*rg), cmp_region);
	uint32_t pos = 0;
	if (nrg)
		r->placed = xcalloc(nrg, sizeof(*r->placed));
	for (size_t i = 0; ok && i < nrg; i++) {
		struct region *g = &rg[i];
		if (g->start < pos) {
			diag_add(r->d, store_file_path(r->st, r->f), 0, 0, "%s",
				 _("not saved: internal: two edits of the same lines"));
			ok = false;
			break;
		}
		add_seg(r, r->t + pos, g->start - pos);
		r->placed[r->nplaced] = (struct placed){ .start = g->start, .end = g->end,
							 .nstart = r->out_len };
		if (g->list == K_NONE) {
			size_t at = r->side.len;
			buf_adds(&r->side, g->text);
			add_side(r, at);
			pos = g->end;
		} else if (!g->rewrite && r->st->lists[g->list].flow) {
			ok = compose_flow(r, g->list);
			pos = g->end;
		} else if (g->rewrite) {
			compose_rewrite(r, g->list, g->end);
			pos = g->end;
		} else {
			ok = compose_blocks(r, g->list);
			pos = g->end;
		}
		r->placed[r->nplaced++].nend = r->out_len;
	}
	if (ok)
		add_seg(r, r->t + pos, r->len - pos);
	for (size_t i = 0; i < nrg; i++)
		free(rg[i].text);
	free(rg);
	return ok;
}

static bool verify(struct render *r)
{
	if (r->whole)
		return check_whole(r);
	for (int k = 0; k < K_COUNT; k++)
		if (r->lists[k].composed && !verify_list(r, (enum kind)k))
			return false;
	return true;
}

static bool unchanged(const struct render *r)
{
	return r->nsegs == 0 ||
	       (r->nsegs == 1 && !r->segs[0].side && r->segs[0].p == r->t && r->segs[0].n == r->len);
}

static void render_free(struct render *r)
{
	free(r->segs);
	free(r->placed);
	for (int k = 0; k < K_COUNT; k++) {
		free(r->lists[k].bstart);
		free(r->lists[k].bend);
		free(r->lists[k].runs);
		free(r->lists[k].check);
		free(r->lists[k].look);
	}
	buf_release(&r->side);
	memset(r, 0, sizeof(*r));
}

void (*store_test_fault)(enum store_file_id f, char *text, size_t len);

/* The composed text with store_test_fault's fault in it, as one piece of
 * the same length (so the places of the records stay). */
static void inject_fault(struct render *r)
{
	struct buf b = BUF_INIT;
	extract(r, 0, r->out_len, &b);
	store_test_fault(r->f, b.s, b.len);
	size_t at = r->side.len;
	buf_add(&r->side, b.s, b.len);
	r->nsegs = 0;
	r->out_len = 0;
	add_side(r, at);
	buf_release(&b);
}

/* Composes file f's new text into r (whose `unchecked` is kept) and
 * reads it back.  Returns 0, or -1 with the reason in d. */
static int render_into(const struct store *st, const struct plan *plan, enum store_file_id f,
		       struct render *r, struct diags *d)
{
	bool unchecked = r->unchecked;
	memset(r, 0, sizeof(*r));
	r->unchecked = unchecked;
	r->st = st;
	r->plan = plan;
	r->f = f;
	r->d = d;
	r->t = st->f[f].text ? st->f[f].text : "";
	r->len = st->f[f].text ? st->f[f].len : 0;
	r->nl = st->f[f].newline ? st->f[f].newline : "\n";
	if (!compose(r))
		return -1;
	if (store_test_fault && !unchanged(r))
		inject_fault(r);
	if (!r->unchecked && !verify(r))
		return -1;
	return 0;
}

static int render(const struct store *st, const struct plan *plan, enum store_file_id f,
		  struct render *r, struct diags *d)
{
	r->unchecked = false;
	return render_into(st, plan, f, r, d);
}

/* ---- the plan as a whole -------------------------------------------- */

/* Every reference names a record, and every list is within its limits:
 * what a load would refuse is never written.  A reference read from the
 * file held then (the loader checks it), so with the renders `r` of the
 * save it is checked again only in a record added or edited since (one
 * its list's render reads back), or when the kind it names has a list
 * that changed (a record gone or renamed); without them, all are. */
/* Whether kind k's records may differ from the files' (one added,
 * deleted, moved or edited, an id renamed among them), as the renders r
 * of the save show (without them, or for a store read alone: they may). */
static bool kind_may_differ(const struct plan *p, const struct store *st, const struct render *r,
			    enum kind k)
{
	const struct kind_info *kd = kind_of(k);
	if (!r || st->alone || kind_is_nested(k) || !kd->list_key)
		return true;
	const struct render *fr = &r[kd->file];
	if (unchanged(fr))
		return false;
	return fr->lists[k].composed || fr->whole || plan_count(p, k) != st->lists[k].norig;
}

static bool references_hold(const struct plan *p, struct diags *d, const struct store *st,
			    const struct render *r)
{
	bool touched[K_COUNT];
	for (int k = 0; k < K_COUNT; k++)
		touched[k] = kind_may_differ(p, st, r, (enum kind)k);
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		bool all = !r || st->alone || r[kd->file].whole;
		bool refs = false;
		for (int f = 0; f < kd->nfields; f++) {
			const struct field *fd = &kd->fields[f];
			if (fd->type != FT_REF && fd->type != FT_REFS)
				continue;
			refs = true;
			all |= touched[fd->ref];
		}
		if (!refs || (!all && !touched[k]))
			continue;
		/* only the records its render reads back: the added and edited */
		const bool *some = all ? NULL : r[kd->file].lists[k].check;
		size_t n = plan_count(p, (enum kind)k);
		for (size_t i = 0; i < n; i++) {
			if (some) {
				const bool *next = memchr(some + i, true, n - i);
				if (!next)
					break;
				i = (size_t)(next - some);
			}
			void *rec = plan_rec(p, (enum kind)k, i);
			for (int f = 0; f < kd->nfields; f++) {
				const struct field *fd = &kd->fields[f];
				if (fd->type != FT_REF && fd->type != FT_REFS)
					continue;
				size_t nv = fd->type == FT_REF ? 1 : rec_strs(rec, fd)->n;
				for (size_t j = 0; j < nv; j++) {
					const char *to = fd->type == FT_REF ? rec_str(rec, fd)
									    : rec_strs(rec, fd)->v[j];
					if (!*to || plan_find(p, fd->ref, to))
						continue;
					diag_add(d, store_file_path(st, kd->file), 0, 0,
						 _("not saved: %s '%s' names %s '%s', which does not exist"),
						 _(kd->words->label), rec_id((enum kind)k, rec),
						 _(kind_of(fd->ref)->words->label), to);
					return false;
				}
			}
		}
	}
	return true;
}

int store_render(struct store *st, const struct plan *plan, struct buf out[SF_COUNT],
		 bool changed[SF_COUNT], struct diags *d)
{
	int rc = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		struct render r;
		changed[f] = false;
		if (render(st, plan, (enum store_file_id)f, &r, d) < 0) {
			rc = -1;
		} else {
			extract(&r, 0, r.out_len, &out[f]);
			changed[f] = !unchanged(&r);
		}
		render_free(&r);
		if (rc < 0)
			break;
	}
	return rc;
}

int store_render_file(struct store *st, const struct plan *plan, enum store_file_id f,
		      struct buf *out, struct diags *d)
{
	struct render r;
	int rc = render(st, plan, f, &r, d);
	if (rc == 0)
		extract(&r, 0, r.out_len, out);
	render_free(&r);
	return rc;
}

/* True unless the file still holds exactly the bytes that were read: an
 * edit in place can keep the size and even the time stamp. */
static bool changed_on_disk(const struct store_file *sf)
{
	struct stat now;
	if (sf->absent)
		return stat(sf->path, &now) == 0 || errno != ENOENT;
	if (stat(sf->path, &now) < 0 || now.st_size != sf->st.st_size)
		return true;
	int fd = open(sf->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return true;
	char tmp[65536];
	size_t pos = 0;
	bool same = true;
	while (same) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			same = n == 0 && pos == sf->len;
			break;
		}
		same = pos + (size_t)n <= sf->len && memcmp(sf->text + pos, tmp, (size_t)n) == 0;
		pos += (size_t)n;
	}
	close(fd);
	return !same;
}

bool store_changed_on_disk(const struct store *st, enum store_file_id f)
{
	return st->f[f].on_disk && changed_on_disk(&st->f[f]);
}

enum store_file_id store_first_changed(const struct store *st)
{
	for (int f = 0; f < SF_COUNT; f++)
		if (store_changed_on_disk(st, (enum store_file_id)f))
			return (enum store_file_id)f;
	return SF_COUNT;
}

/* File f's new text as pieces for writev (the caller frees *iov):
 * the render's, or the text as read when nothing changed. */
static size_t render_iov(const struct store *st, const struct render *r, enum store_file_id f,
			 struct iovec **iov)
{
	const struct store_file *sf = &st->f[f];
	*iov = xcalloc(r->nsegs ? r->nsegs : 1, sizeof(**iov));
	size_t niov = r->nsegs;
	for (size_t i = 0; i < niov; i++) {
		(*iov)[i].iov_base = (void *)seg_ptr(r, &r->segs[i]);
		(*iov)[i].iov_len = r->segs[i].n;
	}
	if (!niov && sf->text && sf->len) { /* no edit: the text as read */
		(*iov)[0].iov_base = sf->text;
		(*iov)[0].iov_len = sf->len;
		niov = 1;
	}
	return niov;
}

/* For store_save_opts.before_write: the stat of every file after the
 * save, the written ones' from txn_save_ex. */
struct before {
	const struct store *st;
	const struct store_save_opts *o;
	const enum store_file_id *which; /* the files written, in order */
};

static void txn_ready(void *ctx, const struct stat *new_st)
{
	const struct before *b = ctx;
	const struct stat *after[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++)
		after[f] = store_file_stat(b->st, (enum store_file_id)f);
	for (size_t i = 0; i < SF_COUNT && b->which[i] != SF_COUNT; i++)
		after[b->which[i]] = &new_st[i];
	b->o->before_write(b->o->ctx, after);
}

/* Writes the rendered files that changed (into `dir` when given: every
 * file, as new ones), all of them as one save (txn.h). */
static int write_renders(const struct store *st, struct render r[SF_COUNT], const char *dir,
			 const struct store_save_opts *o, int *written, struct diags *d)
{
	enum store_file_id which[SF_COUNT];
	struct txn_file tf[SF_COUNT];
	struct iovec *iovs[SF_COUNT] = { NULL };
	char *paths[SF_COUNT] = { NULL };
	size_t n = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		const struct store_file *sf = &st->f[f];
		if (dir ? sf->absent && unchanged(&r[f]) : unchanged(&r[f]))
			continue;
		struct iovec *iov;
		size_t niov = render_iov(st, &r[f], (enum store_file_id)f, &iov);
		paths[n] = dir ? xasprintf("%s/%s", dir, store_file_name((enum store_file_id)f))
			       : xstrdup(sf->path);
		iovs[n] = iov;
		which[n] = (enum store_file_id)f;
		/* into another directory, each file is new there */
		bool was = !dir && !sf->absent;
		tf[n] = (struct txn_file){ .path = paths[n], .iov = iov, .niov = niov,
					   .mode = sf->absent ? 0644 : sf->st.st_mode,
					   .was_st = was ? &sf->st : NULL, .was = was ? sf->text : NULL,
					   .was_len = was ? sf->len : 0 };
		n++;
	}
	for (size_t i = n; i < SF_COUNT; i++)
		which[i] = SF_COUNT;
	struct before b = { .st = st, .o = o, .which = which };
	size_t changed = 0;
	bool left = false;
	enum txn_result res = txn_save_ex(dir ? dir : st->dir ? st->dir : ".", tf, n,
					  o && o->before_write ? txn_ready : NULL, &b, &changed, &left, d);
	if (res == TXN_CHANGED)
		diag_add(d, tf[changed].path, 0, 0, "%s",
			 dir ? _("not saved: the directory got a plan file meanwhile; nothing was written")
			     : _("not saved: another program wrote this file while samplan saved; its version is kept, and nothing was written"));
	if (res == TXN_DONE && written)
		*written = (int)n;
	for (size_t i = 0; i < n; i++) {
		free(paths[i]);
		free(iovs[i]);
	}
	return res == TXN_DONE ? 0 : -1;
}

/* ---- after a save: the store follows the new texts -------------------- */

/* Where byte p of the original, outside the regions replaced or at their
 * edges, stands in the new text. */
static uint32_t new_pos(const struct render *r, uint32_t p)
{
	size_t add = 0, sub = 0;
	for (size_t i = 0; i < r->nplaced && r->placed[i].end <= p; i++) {
		add += r->placed[i].nend - r->placed[i].nstart;
		sub += r->placed[i].end - r->placed[i].start;
	}
	return (uint32_t)(p + add - sub);
}

enum { GIVE_BACK_STEP = 256 * 1024 };

/* Copying the new text piece by piece, or checking what was read back
 * against the pieces, while the original's pages are given back as soon
 * as no piece still to come lies in them, so that a save does not hold a
 * big file twice. */
struct pieces {
	const struct render *r;
	size_t *low;    /* low[i]: the lowest offset in the original of pieces
			 * i and after (NULL: nothing given back) */
	size_t i, off;  /* the next byte: piece i, its byte off */
	size_t given;   /* the original's bytes before this are given back */
};

static bool in_original(const struct render *r, const struct seg *g)
{
	return !g->side && g->p >= r->t && g->p < r->t + r->len;
}

static void pieces_init(struct pieces *pc, const struct render *r, bool give_back)
{
	*pc = (struct pieces){ .r = r };
	if (!give_back || !r->nsegs)
		return;
	pc->low = xmalloc(r->nsegs * sizeof(*pc->low));
	size_t min = r->len;
	for (size_t i = r->nsegs; i-- > 0;) {
		const struct seg *g = &r->segs[i];
		if (in_original(r, g) && (size_t)(g->p - r->t) < min)
			min = (size_t)(g->p - r->t);
		pc->low[i] = min;
	}
}

/* The next n bytes of the new text: copied to `to`, or (with `check`)
 * compared with it.  False when they differ. */
static bool pieces_next(struct pieces *pc, char *to, size_t n, bool check)
{
	const struct render *r = pc->r;
	bool same = true;
	while (n && pc->i < r->nsegs) {
		const struct seg *g = &r->segs[pc->i];
		size_t k = g->n - pc->off < n ? g->n - pc->off : n;
		const char *from = seg_ptr(r, g) + pc->off;
		if (check)
			same &= memcmp(to, from, k) == 0;
		else
			memcpy(to, from, k);
		to += k;
		n -= k;
		pc->off += k;
		if (pc->off == g->n) {
			pc->i++;
			pc->off = 0;
		}
	}
	if (pc->low) {
		/* what pieces after this one need, and this one from where it
		 * stands */
		size_t upto = pc->i + 1 < r->nsegs ? pc->low[pc->i + 1] : r->len;
		const struct seg *g = pc->i < r->nsegs ? &r->segs[pc->i] : NULL;
		if (g && in_original(r, g) && (size_t)(g->p - r->t) + pc->off < upto)
			upto = (size_t)(g->p - r->t) + pc->off;
		if (upto >= pc->given + GIVE_BACK_STEP || (upto > pc->given && pc->i == r->nsegs)) {
			big_give_back((char *)r->t, pc->given, upto);
			pc->given = upto;
		}
	}
	return same && !n;
}

/* The new text of file sf in memory of its own (zeroed past its end, as
 * read_file leaves a text): read back from the file just written and
 * checked to be the render's bytes, or for a plan in memory copied from
 * the render.  NULL (why in d) when it cannot be read or is not what was
 * written. */
static char *new_text(const struct render *r, const struct store_file *sf, struct diags *d)
{
	char *m = big_alloc_lazy(r->out_len + 1);
	if (!m) {
		diag_add(d, sf->path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	struct pieces pc;
	/* the original goes once the new text is whole, so its pages may go
	 * as they are passed (should the new text not read back after all,
	 * the store is stale anyway: it saves no more) */
	pieces_init(&pc, r, sf->mapped);
	bool ok = true;
	if (!sf->on_disk) {
		pieces_next(&pc, m, r->out_len, false);
	} else {
		int fd = open(sf->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		ok = fd >= 0;
		size_t got = 0;
		while (ok && got <= r->out_len) {
			size_t want = r->out_len + 1 - got; /* one byte more: none must come */
			if (want > GIVE_BACK_STEP)
				want = GIVE_BACK_STEP;
			ssize_t k = read(fd, m + got, want);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			if (got + (size_t)k > r->out_len) {
				ok = false;
				break;
			}
			ok = pieces_next(&pc, m + got, (size_t)k, true);
			got += (size_t)k;
		}
		ok = ok && got == r->out_len;
		if (fd >= 0)
			close(fd);
		if (!ok)
			diag_add(d, sf->path, 0, 0, "%s",
				 _("the saved file does not read back as written (another program wrote it since?)"));
	}
	free(pc.low);
	if (!ok) {
		big_free(m, r->out_len + 1);
		return NULL;
	}
	return m;
}

/* The file's text becomes `m` (from big_alloc_lazy, len + 1 bytes). */
static void take_text(struct store_file *sf, char *m, size_t len)
{
	if (sf->mapped)
		big_free(sf->text, sf->len + 1);
	else if (!sf->borrowed)
		free(sf->text);
	sf->text = m;
	sf->len = len;
	sf->mapped = true;
	sf->borrowed = false;
	sf->absent = false;
	if (sf->on_disk) {
		struct stat now;
		/* should it fail, the next save finds the file changed */
		if (stat(sf->path, &now) == 0)
			sf->st = now;
	}
}

/* The records inside record h, and h, are tied to generation `gen` where
 * their place is known (of generation `was` or `gen`), and clean. */
static void retag(enum kind k, struct record *h, unsigned was, unsigned gen)
{
	if (h->src && (h->src_gen == was || h->src_gen == gen))
		h->src_gen = gen;
	h->dirty = 0;
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; kd->holds_records && f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->type != FT_RECORDS)
			continue;
		const struct reclist *l = rec_recs(h, fd);
		for (size_t i = 0; i < l->n; i++)
			retag(fd->ref, l->v[i], was, gen);
	}
}

/* The records inside record h get places as their lists now stand (the
 * loader gives them their index in the list alone). */
static void follow_inside(struct store *st, enum kind k, void *h)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; kd->holds_records && f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->type != FT_RECORDS)
			continue;
		const struct reclist *l = rec_recs(h, fd);
		for (size_t i = 0; i < l->n; i++) {
			struct record *c = l->v[i];
			struct rec_src *s = src_valid(st, c) ? (struct rec_src *)c->src
							     : arena_alloc(&st->arena, sizeof(*s));
			memset(s, 0, sizeof(*s));
			s->index = (uint32_t)i;
			c->src = s;
			c->src_gen = st->gen;
			follow_inside(st, fd->ref, c);
		}
	}
}

/* Where the first item of a list stands: its '-' (the list's start, as
 * the parser marks it) and the columns of its '-' and of its keys. */
static void first_item_layout(const char *t, size_t len, struct store_list *L)
{
	uint32_t ls = L->orig[0]->item_start, q = ls;
	while (q < len && t[q] != '-')
		q++;
	L->start = q;
	L->item_indent = q - ls;
	uint32_t p = q + 1;
	for (;;) {
		while (p < len && strchr(" \t\r\n", t[p]))
			p++;
		if (p >= len || t[p] != '#')
			break;
		while (p < len && t[p] != '\n')
			p++;
	}
	L->key_indent = p - text_line_start(t, p);
}

/* File f's lists follow its new text `t` without reading it: the
 * regions the render replaced are block lists, each record's block is
 * where the render put it, and everything else moved by the sizes of the
 * regions before it. */
static void follow_lists(struct store *st, const struct plan *plan, const struct render *r,
			 const char *t, size_t len, unsigned gen, bool done[K_COUNT])
{
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		struct store_list *L = &st->lists[k];
		const struct list_render *lr = &r->lists[k];
		if (kd->file != r->f || !kd->list_key || kind_is_nested((enum kind)k) || !L->present)
			continue;
		L->key_end = new_pos(r, L->key_end);
		L->end = new_pos(r, L->end);
		if (!lr->composed) {
			L->start = new_pos(r, L->start);
			for (size_t i = 0; i < L->norig; i++) {
				struct rec_src *s = L->orig[i];
				s->block_start = new_pos(r, s->block_start);
				s->item_start = new_pos(r, s->item_start);
				s->content_end = new_pos(r, s->content_end);
				s->line = 0;
			}
			continue;
		}
		size_t n = plan_count(plan, (enum kind)k);
		struct rec_src **orig = xmalloc((n ? n : 1) * sizeof(*orig));
		const struct run *u = lr->runs, *uend = lr->nruns ? lr->runs + lr->nruns : u;
		for (size_t j = 0; j < n; j++) {
			struct record *h = plan_rec(plan, (enum kind)k, j);
			struct rec_src *s;
			if (u < uend && j == u->first) {
				/* a run: the same records, all moved by one shift */
				for (; j <= u->last; j++) {
					h = plan_rec(plan, (enum kind)k, j);
					s = (struct rec_src *)h->src;
					uint32_t shift = (uint32_t)u->at - u->from; /* modulo 2^32 */
					s->block_start += shift;
					s->item_start += shift;
					s->content_end += shift;
					s->index = (uint32_t)j;
					s->line = 0;
					orig[j] = s;
					if (kd->holds_records)
						retag((enum kind)k, h, st->gen, gen);
					h->src_gen = gen;
				}
				u++;
				j--;
				continue;
			}
			uint32_t comments = 0; /* the comment lines above the item */
			bool same_inside = src_valid(st, h) && !h->dirty;
			if (src_valid(st, h)) {
				s = (struct rec_src *)h->src;
				comments = s->item_start - s->block_start;
			} else {
				s = arena_alloc(&st->arena, sizeof(*s));
			}
			s->block_start = (uint32_t)lr->bstart[j];
			s->item_start = s->block_start + comments;
			s->content_end = (uint32_t)lr->bend[j];
			s->index = (uint32_t)j;
			s->line = 0;
			h->src = s;
			orig[j] = s;
			if (!same_inside)
				follow_inside(st, (enum kind)k, h);
			/* follow's last step, done here while the record is at hand */
			if (kd->holds_records)
				retag((enum kind)k, h, st->gen, gen);
			h->src_gen = gen;
			h->dirty = 0;
		}
		done[k] = true;
		free(L->orig);
		L->orig = orig;
		L->norig = n;
		if (n)
			first_item_layout(t, len, L);
	}
}

/* File f read again whole from its new text (already the store's), for a
 * render that changed its structure: its lists' layout is taken from the
 * reading, and its records are tied to their places there. */
static int reread_file(struct store *st, struct plan *plan, enum store_file_id f, unsigned gen,
		       struct diags *d)
{
	struct store *ns = store_new();
	ns->gen = gen;
	ns->alone = st->alone;
	struct plan tmp;
	scratch_plan(&tmp, plan, f);
	const struct store_file *sf = &st->f[f];
	int rc = load_file_text(ns, &tmp, f, sf->path, sf->text, sf->len, !st->alone, d);
	for (int k = 0; rc == 0 && k < K_COUNT; k++) {
		if (kind_of((enum kind)k)->file != f || kind_is_nested((enum kind)k))
			continue;
		size_t n = plan_count(plan, (enum kind)k);
		bool same = plan_count(&tmp, (enum kind)k) == n;
		for (size_t i = 0; same && i < n; i++)
			same = rec_equal((enum kind)k, plan_rec(&tmp, (enum kind)k, i),
					 plan_rec(plan, (enum kind)k, i));
		if (!same) {
			diag_add(d, sf->path, 0, 0, _("the saved file does not read back as the plan's %s"),
				 _(kind_of((enum kind)k)->words->plural));
			rc = -1;
		}
	}
	for (int k = 0; rc == 0 && k < K_COUNT; k++) {
		if (kind_of((enum kind)k)->file != f || kind_is_nested((enum kind)k))
			continue;
		for (size_t i = 0; i < plan_count(plan, (enum kind)k); i++)
			store_tie((enum kind)k, plan_rec(plan, (enum kind)k, i),
				  plan_rec(&tmp, (enum kind)k, i), gen);
		free(st->lists[k].orig);
		st->lists[k] = ns->lists[k];
		memset(&ns->lists[k], 0, sizeof(ns->lists[k]));
	}
	if (rc == 0)
		arena_adopt(&st->arena, &ns->arena);
	scratch_free(&tmp, f);
	store_free(&ns);
	return rc;
}


/* After the renders r were saved: the store takes the new texts as what
 * it read, so that the next save patches them.  The places of the
 * records in the lists the render composed are known from the render and
 * the rest only moved, so nothing is read again, except a file whose
 * structure the render changed (its own record, a list written anew or in
 * flow style), which is read again whole.  Returns 0, or -1 with the
 * reason in `d` (the store is then stale and saves no more). */
static int follow(struct store *st, struct plan *plan, struct render r[SF_COUNT], struct diags *d)
{
	unsigned was = st->gen, gen = was + 1;
	bool done[K_COUNT] = { false }; /* kinds whose records are tied already */
	int rc = 0;
	for (int f = 0; rc == 0 && f < SF_COUNT; f++) {
		if (unchanged(&r[f]))
			continue;
		struct store_file *sf = &st->f[f];
		char *m = new_text(&r[f], sf, d);
		if (!m) {
			rc = -1;
			break;
		}
		size_t len = r[f].out_len;
		if (r[f].whole) {
			take_text(sf, m, len);
			rc = reread_file(st, plan, (enum store_file_id)f, gen, d);
		} else {
			follow_lists(st, plan, &r[f], m, len, gen, done);
			take_text(sf, m, len);
		}
	}
	if (rc < 0) {
		st->stale = true;
		return -1;
	}
	st->gen = gen;
	for (int k = 0; k < K_COUNT; k++) {
		if (kind_is_nested((enum kind)k) || done[k])
			continue;
		bool inside = kind_of((enum kind)k)->holds_records;
		size_t n = plan_count(plan, (enum kind)k);
		for (size_t i = 0; i < n; i++) {
			struct record *h = plan_rec(plan, (enum kind)k, i);
			if (inside) {
				retag((enum kind)k, h, was, gen);
				continue;
			}
			/* retag's work, kept in the loop: a list may be long */
			if (h->src && (h->src_gen == was || h->src_gen == gen))
				h->src_gen = gen;
			h->dirty = 0;
		}
	}
	return 0;
}

int store_save_ex(struct store *st, struct plan *plan, const struct store_save_opts *o,
		  int *written, struct diags *d)
{
	if (written)
		*written = 0;
	if (st->stale) {
		diag_add(d, st->f[SF_PLAN].path, 0, 0, "%s",
			 _("not saved: after the last save samplan lost track of the files; read the plan again first"));
		return -1;
	}
	struct render r[SF_COUNT];
	memset(r, 0, sizeof(r));
	int rc = 0;
	bool any = false;
	for (int f = 0; f < SF_COUNT && rc == 0; f++) {
		if (render(st, plan, (enum store_file_id)f, &r[f], d) < 0)
			rc = -1;
		else
			any |= !unchanged(&r[f]);
	}
	if (rc == 0 && any && !references_hold(plan, d, st, r))
		rc = -1;
	for (int f = 0; rc == 0 && any && f < SF_COUNT; f++) {
		struct store_file *sf = &st->f[f];
		if (!sf->on_disk) {
			diag_add(d, sf->path, 0, 0, "%s", _("not saved: the plan was not read from files"));
			rc = -1;
		} else if (changed_on_disk(sf)) {
			/* any file: an edit here may rest on another file's records */
			diag_add(d, sf->path, 0, 0, "%s",
				 _("not saved: the file changed on disk since samplan read it "
				   "(another program or a git command); nothing was written"));
			rc = -1;
		}
	}
	/* a file its owner made read-only is not replaced behind their back
	 * (a rename would: it needs only the directory to be writable) */
	for (int f = 0; rc == 0 && any && f < SF_COUNT; f++) {
		struct store_file *sf = &st->f[f];
		if (unchanged(&r[f]) || sf->absent)
			continue;
		if (!(sf->st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(sf->path, W_OK) != 0) {
			diag_add(d, sf->path, 0, 0, _("not saved: %s is read-only; nothing was written"),
				 store_file_name((enum store_file_id)f));
			rc = -1;
		}
	}
	if (rc == 0 && any)
		rc = write_renders(st, r, NULL, o, written, d);
	/* What is on disk is no longer what the store holds: unless it
	 * follows the new texts here, a later save is refused by the
	 * on-disk check above. */
	if (rc == 0 && o && o->follow && follow(st, plan, r, d) < 0)
		rc = -2;
	for (int f = 0; f < SF_COUNT; f++)
		render_free(&r[f]);
	return rc;
}

int store_save(struct store *st, struct plan *plan, int *written, struct diags *d)
{
	return store_save_ex(st, plan, NULL, written, d);
}

int store_follow_texts(struct store *st, struct plan *plan, struct diags *d)
{
	struct render r[SF_COUNT];
	memset(r, 0, sizeof(r));
	int rc = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		if (st->f[f].on_disk) {
			diag_add(d, st->f[f].path, 0, 0, "%s", "internal: a plan read from files");
			rc = -1;
			break;
		}
		if (render(st, plan, (enum store_file_id)f, &r[f], d) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0)
		rc = follow(st, plan, r, d);
	for (int f = 0; f < SF_COUNT; f++)
		render_free(&r[f]);
	return rc;
}

int store_render_unchecked(struct store *st, const struct plan *plan, enum store_file_id f,
			   struct buf *out, struct diags *d)
{
	struct render r;
	memset(&r, 0, sizeof(r));
	r.unchecked = true;
	int rc = render_into(st, plan, f, &r, d);
	if (rc == 0)
		extract(&r, 0, r.out_len, out);
	render_free(&r);
	return rc;
}

int store_save_to(struct store *st, struct plan *plan, const char *dir, int *written,
		  struct diags *d)
{
	if (written)
		*written = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		char *path = xasprintf("%s/%s", dir, store_file_name((enum store_file_id)f));
		struct stat sb;
		bool there = lstat(path, &sb) == 0;
		if (there)
			diag_add(d, dir, 0, 0,
				 _("not saved: the directory holds a plan already (%s); choose another"),
				 store_file_name((enum store_file_id)f));
		free(path);
		if (there)
			return -1;
	}
	struct render r[SF_COUNT];
	memset(r, 0, sizeof(r));
	int rc = 0;
	for (int f = 0; f < SF_COUNT && rc == 0; f++)
		if (render(st, plan, (enum store_file_id)f, &r[f], d) < 0)
			rc = -1;
	if (rc == 0 && !references_hold(plan, d, st, NULL))
		rc = -1;
	if (rc == 0)
		rc = write_renders(st, r, dir, NULL, written, d);
	for (int f = 0; f < SF_COUNT; f++)
		render_free(&r[f]);
	return rc;
}
