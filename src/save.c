/* save.c — writes the plan back by patching the text it was read from.
 *
 * changes.yaml is seen as a prefix, the items' blocks with gaps between
 * them, and a suffix.  The new text is assembled from pieces: untouched
 * stretches of the original, blocks patched field by field, and new items
 * from our writer.  Gaps stay in place, so moving an item swaps blocks and
 * deleting one removes its lines.  Every piece that is not a verbatim
 * copy at its old place is read back, together with its neighbours, and
 * compared with the plan before anything is written. */
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

struct render {
	const struct store *st;
	const struct plan *plan;
	const char *t; /* the original text */
	size_t len;
	struct seg *segs;
	size_t nsegs, capsegs;
	size_t out_len;
	struct buf side;
	/* per change: where its block starts and ends in the new text */
	size_t *bstart, *bend;
	bool *check;
	bool whole; /* the list was rewritten: check the whole file */
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

/* Writes a whole new item in the style of the shipped data. */
static void write_item(struct buf *b, const struct change *c, unsigned item_indent,
		       const char *nl)
{
	unsigned k = item_indent + 2;
	indent(b, item_indent);
	buf_adds(b, "- id: ");
	yamlout_scalar(b, c->id, (int)k + 2, YQ_ANY);
	buf_adds(b, nl);
	for (int f = CF_HORIZON; f < CF_COUNT; f++) {
		indent(b, k);
		buf_addf(b, "%s: ", change_field_name((enum change_field)f));
		switch (f) {
		case CF_PRIORITY:
			yamlout_flow_years(b, &c->priority);
			break;
		case CF_GROUPS:
			yamlout_flow_strings(b, &c->groups);
			break;
		case CF_EFFECTS:
			yamlout_flow_strings(b, &c->effects);
			break;
		default:
			yamlout_scalar(b, change_get_string(c, (enum change_field)f), (int)k + 2, YQ_ANY);
		}
		buf_adds(b, nl);
	}
}

/* ---- patching one block ---------------------------------------------- */

struct edit {
	uint32_t start, end;
	char *text; /* owned */
};

struct patch_ctx {
	const struct store *st;
	const struct change *c; /* the plan's change: the wanted values */
	const char *block;
	size_t len;
	struct edit *e;
	size_t ne, cap;
	bool done;
};

static struct edit *new_edit(struct patch_ctx *pc, uint32_t start, uint32_t end)
{
	if (pc->ne == pc->cap) {
		pc->cap = pc->cap ? pc->cap * 2 : 8;
		pc->e = xrealloc(pc->e, pc->cap * sizeof(*pc->e));
	}
	struct edit *e = &pc->e[pc->ne++];
	e->start = start;
	e->end = end;
	e->text = NULL;
	return e;
}

static const char *list_item(const struct change *c, enum change_field f, size_t i,
			     char *tmp, size_t tmpsize)
{
	if (f == CF_PRIORITY) {
		snprintf(tmp, tmpsize, "%d", c->priority.v[i]);
		return tmp;
	}
	return (f == CF_GROUPS ? c->groups.v : c->effects.v)[i];
}

/* A block list edited line by line: removed items lose their line, new
 * items get one, and comments on other lines stay.  False when the kept
 * items changed order (then the caller writes the list anew). */
static size_t list_len(const struct change *c, enum change_field f);
static void list_item_text(struct buf *b, const struct change *c, enum change_field f, size_t i);

static bool edit_block_list(struct patch_ctx *pc, const struct change *want,
			    enum change_field f, const struct ynode *k, const struct ynode *v)
{
	const char *t = pc->block;
	const char *nl = pc->st->newline;
	size_t n = list_len(want, f);
	char a[32], b[32];
	if (n == 0) {
		/* "key: []", keeping a comment on the key's line */
		struct edit *e = new_edit(pc, text_colon_after(t, pc->len, k->end), text_colon_after(t, pc->len, k->end));
		e->text = xstrdup(" []");
		e = new_edit(pc, text_line_start(t, v->kids[0]->start), text_line_after(t, pc->len, v->last - 1));
		e->text = xstrdup("");
		return true;
	}
	/* the kept items must keep their order */
	size_t last_pos = 0;
	bool first = true;
	for (size_t i = 0; i < v->nkids; i++) {
		for (size_t w = 0; w < n; w++)
			if (strcmp(list_item(want, f, w, a, sizeof(a)), v->kids[i]->value) == 0) {
				if (!first && w < last_pos)
					return false;
				last_pos = w;
				first = false;
			}
	}
	unsigned col = v->col - 1;
	for (size_t i = 0; i < v->nkids; i++) {
		bool keep = false;
		for (size_t w = 0; w < n && !keep; w++)
			keep = strcmp(list_item(want, f, w, a, sizeof(a)), v->kids[i]->value) == 0;
		if (!keep) {
			struct edit *e = new_edit(pc, text_line_start(t, v->kids[i]->start),
						  text_line_after(t, pc->len, v->kids[i]->last - 1));
			e->text = xstrdup("");
		}
	}
	/* each new item goes before the next kept one, or after the last */
	for (size_t w = 0; w < n; w++) {
		const char *item = list_item(want, f, w, a, sizeof(a));
		bool have = false;
		for (size_t i = 0; i < v->nkids && !have; i++)
			have = strcmp(item, v->kids[i]->value) == 0;
		if (have)
			continue;
		uint32_t at = text_line_after(t, pc->len, v->last - 1);
		for (size_t w2 = w + 1; w2 < n && at == text_line_after(t, pc->len, v->last - 1); w2++) {
			const char *next = list_item(want, f, w2, b, sizeof(b));
			for (size_t i = 0; i < v->nkids; i++)
				if (strcmp(next, v->kids[i]->value) == 0) {
					at = text_line_start(t, v->kids[i]->start);
					break;
				}
		}
		struct buf line = BUF_INIT;
		if (at == pc->len && pc->len && t[pc->len - 1] != '\n')
			buf_adds(&line, nl);
		for (unsigned s2 = 0; s2 < col; s2++)
			buf_addc(&line, ' ');
		buf_adds(&line, "- ");
		list_item_text(&line, want, f, w);
		buf_adds(&line, nl);
		struct edit *e = new_edit(pc, at, at);
		e->text = buf_detach(&line);
	}
	return true;
}

static bool field_equal(const struct change *a, const struct change *b, enum change_field f)
{
	switch (f) {
	case CF_PRIORITY: return yearlist_equal(&a->priority, &b->priority);
	case CF_GROUPS: return strlist_equal(&a->groups, &b->groups);
	case CF_EFFECTS: return strlist_equal(&a->effects, &b->effects);
	default: return strcmp(change_get_string(a, f), change_get_string(b, f)) == 0;
	}
}

static const struct ynode *map_key(const struct ynode *map, const char *key)
{
	for (size_t i = 0; i + 1 < map->nkids; i += 2)
		if (strcmp(map->kids[i]->value, key) == 0)
			return map->kids[i];
	return NULL;
}


static void list_text(struct buf *b, const struct change *c, enum change_field f)
{
	if (f == CF_PRIORITY)
		yamlout_flow_years(b, &c->priority);
	else
		yamlout_flow_strings(b, f == CF_GROUPS ? &c->groups : &c->effects);
}

static size_t list_len(const struct change *c, enum change_field f)
{
	return f == CF_PRIORITY ? c->priority.n : f == CF_GROUPS ? c->groups.n : c->effects.n;
}

/* One list item's text for a block list. */
static void list_item_text(struct buf *b, const struct change *c, enum change_field f, size_t i)
{
	if (f == CF_PRIORITY) {
		buf_addf(b, "%d", c->priority.v[i]);
		return;
	}
	const char *s = (f == CF_GROUPS ? c->groups.v : c->effects.v)[i];
	if (yamlout_plain_ok(s, false))
		buf_adds(b, s);
	else
		yamlout_double_quoted(b, s);
}

static void plan_edits(void *vctx, struct change *orig, const struct ynode *item,
		       struct yparse *yp)
{
	struct patch_ctx *pc = vctx;
	const struct change *want = pc->c;
	const char *t = pc->block;
	const char *nl = pc->st->newline;
	bool flow = item->type == YN_MAP && item->style == YS_FLOW;
	unsigned key_col = item->nkids ? item->kids[0]->col - 1 : pc->st->key_indent;
	if (pc->done) { /* more than one item in a block cannot happen */
		yparse_error(yp, item, "%s", _("internal: a block held two items"));
		return;
	}
	pc->done = true;

	for (int fi = 0; fi < CF_COUNT; fi++) {
		enum change_field f = (enum change_field)fi;
		if (field_equal(orig, want, f))
			continue;
		const char *name = change_field_name(f);
		const struct ynode *k = map_key(item, name);
		const struct ynode *v = ynode_get(item, name);
		bool is_list = f == CF_PRIORITY || f == CF_GROUPS || f == CF_EFFECTS;
		struct buf b = BUF_INIT;
		struct edit scratch_edit = { 0, 0, NULL };
		struct edit *e = &scratch_edit;
		if (!v) {
			/* A key the item does not have yet. */
			if (flow) {
				e->start = e->end = item->end - 1; /* before '}' */
				buf_addf(&b, ", %s: ", name);
				if (is_list)
					list_text(&b, want, f);
				else if (yamlout_plain_ok(change_get_string(want, f), true))
					buf_adds(&b, change_get_string(want, f));
				else
					yamlout_double_quoted(&b, change_get_string(want, f));
			} else {
				e->start = e->end = (uint32_t)pc->len;
				if (pc->len && t[pc->len - 1] != '\n')
					buf_adds(&b, nl);
				indent(&b, key_col);
				buf_addf(&b, "%s: ", name);
				if (is_list)
					list_text(&b, want, f);
				else
					yamlout_scalar(&b, change_get_string(want, f), (int)key_col + 2,
						       YQ_ANY);
				buf_adds(&b, nl);
			}
		} else if (is_list && v->type == YN_SEQ && v->style == YS_BLOCK && v->nkids &&
			   edit_block_list(pc, want, f, k, v)) {
			buf_release(&b);
			continue;
		} else if (is_list && v->type == YN_SEQ && v->style == YS_BLOCK && v->nkids) {
			/* written anew, items in their old column */
			size_t n = list_len(want, f);
			e->start = v->start;
			e->end = v->last;
			if (n == 0) {
				e->start = text_colon_after(t, pc->len, k->end);
				buf_adds(&b, " []");
			}
			for (size_t i = 0; i < n; i++) {
				if (i) {
					buf_adds(&b, nl);
					indent(&b, v->col - 1);
				}
				buf_adds(&b, "- ");
				list_item_text(&b, want, f, i);
			}
		} else if (is_list) {
			e->start = v->start;
			e->end = v->end;
			if (v->start == v->end)
				buf_addc(&b, ' ');
			list_text(&b, want, f);
		} else {
			const char *s = change_get_string(want, f);
			e->start = v->start;
			e->end = v->end;
			if (v->start == v->end)
				buf_addc(&b, ' ');
			enum yq_style keep = v->style == YS_SINGLE ? YQ_SINGLE
				: v->style == YS_DOUBLE ? YQ_DOUBLE : YQ_ANY;
			if (flow && (strchr(s, '\n') || (!yamlout_plain_ok(s, true) && keep != YQ_SINGLE)))
				yamlout_double_quoted(&b, s);
			else
				yamlout_scalar(&b, s, (int)(k->col - 1) + 2, keep);
		}
		if (strcmp(nl, "\r\n") == 0)
			to_crlf(&b, 0);
		struct edit *ne = new_edit(pc, e->start, e->end);
		ne->text = buf_detach(&b);
	}
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;
	/* at the same place an insertion goes before a deletion */
	if (x->start != y->start)
		return (x->start > y->start) - (x->start < y->start);
	return (x->end > y->end) - (x->end < y->end);
}

/* Appends the change's block, patched to hold the plan's values, to the
 * side buffer.  Returns false (reported) when the block cannot be read. */
static bool patch_block(struct render *r, struct plan *tmp, const struct change *c,
			const struct change_src *s, size_t *edits)
{
	struct patch_ctx pc = {
		.st = r->st, .c = c, .block = r->t + s->block_start,
		.len = s->content_end - s->block_start,
	};
	long n = load_change_list(tmp, store_file_path(r->st, SF_CHANGES), pc.block, pc.len,
				  plan_edits, &pc, r->d);
	bool ok = n == 1;
	*edits = pc.ne;
	if (ok) {
		if (pc.ne) /* qsort wants a real array even for none */
			qsort(pc.e, pc.ne, sizeof(*pc.e), cmp_edit);
		uint32_t pos = 0;
		for (size_t i = 0; i < pc.ne; i++) {
			buf_add(&r->side, pc.block + pos, pc.e[i].start - pos);
			buf_adds(&r->side, pc.e[i].text);
			pos = pc.e[i].end;
		}
		buf_add(&r->side, pc.block + pos, pc.len - pos);
	} else {
		diag_add(r->d, store_file_path(r->st, SF_CHANGES), s->line, 1,
			 _("cannot patch change '%s': its lines no longer read as one change"), c->id);
	}
	for (size_t i = 0; i < pc.ne; i++)
		free(pc.e[i].text);
	free(pc.e);
	return ok;
}

/* ---- checking the result --------------------------------------------- */

struct collect {
	struct change **v;
	size_t n, cap;
};

static void collect_change(void *ctx, struct change *c, const struct ynode *item,
			   struct yparse *yp)
{
	struct collect *col = ctx;
	if (col->n == col->cap) {
		col->cap = col->cap ? col->cap * 2 : 8;
		col->v = xrealloc(col->v, col->cap * sizeof(*col->v));
	}
	col->v[col->n++] = c;
}

/* A plan that shares the real one's statuses, groups and effects but has
 * its own arena, so reading text back leaves the real plan untouched. */
static void scratch_plan(struct plan *tmp, const struct plan *plan)
{
	*tmp = *plan;
	arena_init(&tmp->arena, 16 * 1024);
	tmp->changes = NULL;
	tmp->nchanges = tmp->capchanges = 0;
	tmp->index = NULL;
	tmp->index_cap = tmp->index_used = 0;
}

static bool check_range(struct render *r, size_t a, size_t b)
{
	struct buf text = BUF_INIT;
	extract(r, r->bstart[a], r->bend[b], &text);
	struct plan tmp;
	scratch_plan(&tmp, r->plan);
	struct collect col = { 0 };
	struct diags d = DIAGS_INIT;
	long n = load_change_list(&tmp, store_file_path(r->st, SF_CHANGES), text.s, text.len,
				  collect_change, &col, &d);
	bool ok = n == (long)(b - a + 1);
	for (size_t i = 0; ok && i < col.n; i++)
		ok = change_equal(col.v[i], r->plan->changes[a + i]);
	if (!ok) {
		struct buf why = BUF_INIT;
		if (d.n)
			diag_format(&d.v[0], &why);
		else
			buf_addf(&why, _("change '%s' would read back differently"),
				 r->plan->changes[a]->id);
		diag_add(r->d, store_file_path(r->st, SF_CHANGES), 0, 0,
			 _("not saved: the edited text would not read back as the plan (%s)"),
			 buf_str(&why));
		buf_release(&why);
	}
	free(col.v);
	diags_clear(&d);
	arena_free(&tmp.arena);
	buf_release(&text);
	return ok;
}

/* The whole file read back with the other files as loaded. */
static bool check_whole(struct render *r)
{
	struct buf text = BUF_INIT;
	extract(r, 0, r->out_len, &text);
	const char *names[SF_COUNT], *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++) {
		names[f] = store_file_path(r->st, (enum store_file_id)f);
		texts[f] = store_file_text(r->st, (enum store_file_id)f, &lens[f]);
	}
	texts[SF_CHANGES] = text.s;
	lens[SF_CHANGES] = text.len;
	struct plan *p2;
	struct store *st2;
	struct diags d = DIAGS_INIT;
	bool ok = store_load_texts(names, texts, lens, &p2, &st2, &d) == 0 &&
		  p2->nchanges == r->plan->nchanges;
	for (size_t i = 0; ok && i < p2->nchanges; i++)
		ok = change_equal(p2->changes[i], r->plan->changes[i]);
	if (!ok && d.n)
		diag_add(r->d, store_file_path(r->st, SF_CHANGES), 0, 0,
			 _("not saved: the edited text would not read back as the plan: %s"),
			 d.v[0].msg);
	else if (!ok)
		diag_add(r->d, store_file_path(r->st, SF_CHANGES), 0, 0, "%s",
			 _("not saved: the edited text would not read back as the plan"));
	plan_free(&p2);
	store_free(&st2);
	diags_clear(&d);
	buf_release(&text);
	return ok;
}

/* ---- composing ------------------------------------------------------- */

static bool src_valid(const struct store *st, const struct change *c)
{
	return c->src && c->src_gen == st->gen;
}

/* The list was empty, or in flow style, or becomes empty: write the
 * list's value anew (the rest of the file stays). */
static void compose_rewrite(struct render *r)
{
	const struct store *st = r->st;
	size_t n = r->plan->nchanges;
	uint32_t from = st->list_key_end;
	uint32_t to = st->list_flow || st->norig == 0
		? st->list_end
		: st->orig[st->norig - 1]->content_end;
	/* keep the line break that ends the list's last line */
	if (!st->list_flow && st->norig && to > from && r->t[to - 1] == '\n') {
		to--;
		if (to > from && r->t[to - 1] == '\r')
			to--;
	}
	add_seg(r, r->t, from);
	size_t at = r->side.len;
	if (n == 0) {
		buf_adds(&r->side, " []");
	} else {
		unsigned ind = st->item_indent ? st->item_indent : 2;
		size_t first = r->side.len;
		for (size_t j = 0; j < n; j++) {
			buf_adds(&r->side, st->newline);
			write_item(&r->side, r->plan->changes[j], ind, st->newline);
			/* no line break after the last: the original's follows */
			r->side.len -= strlen(st->newline);
			r->side.s[r->side.len] = '\0';
		}
		if (to == st->list_end && (to >= r->len || (r->t[to] != '\n' && r->t[to] != '\r')))
			buf_adds(&r->side, st->newline);
		if (strcmp(st->newline, "\r\n") == 0)
			to_crlf(&r->side, first);
	}
	add_side(r, at);
	add_seg(r, r->t + to, r->len - to);
	r->whole = true;
}

static bool compose(struct render *r)
{
	const struct store *st = r->st;
	const struct plan *plan = r->plan;
	size_t n = plan->nchanges, no = st->norig;
	if (st->list_flow || no == 0 || n == 0) {
		compose_rewrite(r);
		return true;
	}
	r->bstart = xcalloc(n, sizeof(size_t));
	r->bend = xcalloc(n, sizeof(size_t));
	r->check = xcalloc(n, sizeof(bool));
	struct plan tmp;
	scratch_plan(&tmp, plan);
	bool ok = true;

	/* the gap used after the last original item */
	const char *dgap = "";
	size_t dgap_len = 0;
	if (no >= 2) {
		const char *g = r->t + st->orig[no - 2]->content_end;
		size_t gl = st->orig[no - 1]->block_start - st->orig[no - 2]->content_end;
		bool blank = true;
		for (size_t i = 0; i < gl; i++)
			blank &= g[i] == '\n' || g[i] == '\r' || g[i] == ' ';
		if (blank) {
			dgap = g;
			dgap_len = gl;
		}
	}

	add_seg(r, r->t, st->orig[0]->block_start);
	for (size_t j = 0; j < n && ok; j++) {
		const struct change *c = plan->changes[j];
		if (j > 0) {
			if (j - 1 < no - 1) {
				uint32_t a = st->orig[j - 1]->content_end, b = st->orig[j]->block_start;
				add_seg(r, r->t + a, b - a);
			} else if (dgap_len) {
				add_seg(r, dgap, dgap_len);
			}
		}
		r->bstart[j] = r->out_len;
		if (src_valid(st, c)) {
			const struct change_src *s = c->src;
			if (s->index != j)
				r->check[j] = true;
			size_t edits = 0;
			if (c->dirty) {
				size_t at = r->side.len;
				ok = patch_block(r, &tmp, c, s, &edits);
				if (edits) {
					add_side(r, at);
					r->check[j] = true;
				} else {
					/* set back to what the file says: copy it */
					r->side.len = at;
				}
			}
			if (!edits) {
				add_seg(r, r->t + s->block_start, s->content_end - s->block_start);
			}
		} else {
			size_t at = r->side.len;
			write_item(&r->side, c, st->item_indent, st->newline);
			if (strcmp(st->newline, "\r\n") == 0)
				to_crlf(&r->side, at);
			add_side(r, at);
			r->check[j] = true;
		}
		r->bend[j] = r->out_len;
		/* a block that ended the file without a line break, now followed */
		bool last = j == n - 1;
		size_t blen = r->bend[j] - r->bstart[j];
		if (blen && !last) {
			struct buf tail = BUF_INIT;
			extract(r, r->bend[j] - 1, r->bend[j], &tail);
			if (tail.s[0] != '\n') {
				size_t at = r->side.len;
				buf_adds(&r->side, st->newline);
				add_side(r, at);
				r->bend[j] = r->out_len;
				r->check[j] = true;
			}
			buf_release(&tail);
		}
	}
	if (ok) {
		uint32_t end = st->orig[no - 1]->content_end;
		add_seg(r, r->t + end, r->len - end);
	}
	arena_free(&tmp.arena);
	return ok;
}

/* Checks every piece that is not a verbatim copy at its old place, with
 * one neighbour on each side, so the seams are read back too. */
static bool verify(struct render *r)
{
	if (r->whole)
		return check_whole(r);
	size_t n = r->plan->nchanges;
	for (size_t j = 0; j < n; j++) {
		const struct change *c = r->plan->changes[j];
		const struct change *prev = j > 0 ? r->plan->changes[j - 1] : NULL;
		bool seam = prev && src_valid(r->st, c) && src_valid(r->st, prev) &&
			    c->src->index != prev->src->index + 1;
		if (!r->check[j] && !seam)
			continue;
		size_t a = j > 0 ? j - 1 : 0, b = j + 1 < n ? j + 1 : j;
		/* widen over following items that need checking too */
		while (b + 1 < n && r->check[b])
			b++;
		if (!check_range(r, a, b))
			return false;
		j = b;
	}
	/* a deleted last item leaves the old last gap: nothing new to read */
	return true;
}

static bool unchanged(const struct render *r)
{
	return r->nsegs == 1 && !r->segs[0].side && r->segs[0].p == r->t && r->segs[0].n == r->len;
}

static void render_free(struct render *r)
{
	free(r->segs);
	free(r->bstart);
	free(r->bend);
	free(r->check);
	buf_release(&r->side);
}

static int render(struct store *st, const struct plan *plan, struct render *r,
		  struct diags *d)
{
	memset(r, 0, sizeof(*r));
	r->st = st;
	r->plan = plan;
	r->d = d;
	r->t = st->f[SF_CHANGES].text;
	r->len = st->f[SF_CHANGES].len;
	if (!compose(r) || !verify(r))
		return -1;
	return 0;
}

int store_render_changes(struct store *st, const struct plan *plan, struct buf *out,
			 bool *changed, struct diags *d)
{
	struct render r;
	int rc = render(st, plan, &r, d);
	if (rc == 0) {
		extract(&r, 0, r.out_len, out);
		*changed = !(out->len == r.len && memcmp(buf_str(out), r.t, r.len) == 0);
	}
	render_free(&r);
	return rc;
}

/* ---- writing --------------------------------------------------------- */

static int write_all(int fd, const struct render *r)
{
	struct iovec iov[64];
	size_t i = 0;
	while (i < r->nsegs) {
		int k = 0;
		while (k < 64 && i + (size_t)k < r->nsegs) {
			const struct seg *s = &r->segs[i + (size_t)k];
			iov[k].iov_base = (void *)seg_ptr(r, s);
			iov[k].iov_len = s->n;
			k++;
		}
		/* writev may write less than asked: finish piece by piece */
		ssize_t w = writev(fd, iov, k);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		size_t left = (size_t)w;
		int done = 0;
		while (done < k && left >= iov[done].iov_len) {
			left -= iov[done].iov_len;
			done++;
		}
		if (done < k) {
			const char *p = (const char *)iov[done].iov_base + left;
			size_t n = iov[done].iov_len - left;
			while (n) {
				ssize_t w2 = write(fd, p, n);
				if (w2 < 0) {
					if (errno == EINTR)
						continue;
					return -1;
				}
				p += w2;
				n -= (size_t)w2;
			}
			done++;
		}
		i += (size_t)done;
	}
	return 0;
}

/* Where to write: the target of a symlink, so the link stays a link. */
static char *write_target(const char *path)
{
	char *real = realpath(path, NULL);
	return real ? real : xstrdup(path);
}

static int open_temp(const char *target, char **tmp_path)
{
	const char *slash = strrchr(target, '/');
	if (slash)
		*tmp_path = xasprintf("%.*s/.%s.XXXXXX", (int)(slash - target), target, slash + 1);
	else
		*tmp_path = xasprintf(".%s.XXXXXX", target);
	int fd = mkstemp(*tmp_path);
	if (fd < 0) {
		free(*tmp_path);
		*tmp_path = NULL;
	}
	return fd;
}

static int sync_dir_of(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash ? xstrndup(target, (size_t)(slash - target)) : xstrdup(".");
	if (!*dir) {
		free(dir);
		dir = xstrdup("/");
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int write_pieces_atomic(const char *path, const struct render *r, mode_t mode)
{
	char *target = write_target(path);
	char *tmp = NULL;
	int fd = open_temp(target, &tmp);
	if (fd < 0) {
		int e = errno;
		free(target);
		errno = e;
		return -1;
	}
	int e = 0;
	if (fchmod(fd, mode & 07777) < 0 || write_all(fd, r) < 0 || fsync(fd) < 0)
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (!e && rename(tmp, target) < 0)
		e = errno;
	if (e)
		unlink(tmp);
	else
		sync_dir_of(target);
	free(tmp);
	free(target);
	errno = e;
	return e ? -1 : 0;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
	struct render r;
	memset(&r, 0, sizeof(r));
	struct seg s = { .p = data, .n = len };
	r.segs = &s;
	r.nsegs = 1;
	struct stat st;
	mode_t mode = stat(path, &st) == 0 ? st.st_mode : 0644;
	return write_pieces_atomic(path, &r, mode);
}

/* True unless the file still holds exactly the bytes that were read: an
 * edit in place can keep the size and even the time stamp. */
static bool changed_on_disk(const struct store_file *sf)
{
	struct stat now;
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

int store_save(struct store *st, struct plan *plan, int *written, struct diags *d)
{
	if (written)
		*written = 0;
	struct store_file *sf = &st->f[SF_CHANGES];
	struct render r;
	if (render(st, plan, &r, d) < 0) {
		render_free(&r);
		return -1;
	}
	if (unchanged(&r)) {
		render_free(&r);
		return 0;
	}
	if (!sf->on_disk) {
		diag_add(d, sf->path, 0, 0, "%s", _("not saved: the plan was not read from files"));
		render_free(&r);
		return -1;
	}
	if (changed_on_disk(sf)) {
		diag_add(d, sf->path, 0, 0, "%s",
			 _("not saved: the file changed on disk since samplan read it "
			   "(another program or a git command); nothing was written"));
		render_free(&r);
		return -1;
	}
	if (write_pieces_atomic(sf->path, &r, sf->st.st_mode) < 0) {
		diag_add(d, sf->path, 0, 0, _("not saved: cannot write: %s"), strerror(errno));
		render_free(&r);
		return -1;
	}
	render_free(&r);
	if (written)
		*written = 1;
	/* What is on disk is no longer what the store holds: a later save
	 * must start from the new text (store_reload) and is refused till
	 * then by the on-disk check above. */
	return 0;
}
