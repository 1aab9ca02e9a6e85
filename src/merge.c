/* merge.c — three versions of one plan file merged by records and fields
 * (see merge.h). */
#include "config.h"

#include "merge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "history.h"
#include "model.h"
#include "store.h"

/* What the records cannot settle, kept to be written as markers: each is
 * a variant of the result (theirs' or the base's way) for that one thing. */
enum conflict_what {
	CW_FIELD,        /* field `field` of o: theirs t, base b */
	CW_DELETED_THEIRS, /* theirs deleted o, which ours changed (base b) */
	CW_DELETED_OURS, /* ours deleted it; theirs changed it to t (base b) */
	CW_ADDED_BOTH,   /* o and theirs' t added under one id */
	CW_MOVED_BOTH,   /* o moved on both sides (theirs t, base b) */
};

struct conflict {
	enum conflict_what what;
	enum kind k;
	int field;
	void *opar;           /* o's parent in ours (NULL: the plan's list) */
	void *o;              /* ours' record (NULL: CW_DELETED_OURS) */
	const void *b, *t;    /* base's and theirs' (NULL where they have none) */
	const struct reclist *bl, *tl; /* the lists b and t stand in */
	/* while a variant is applied: what undoes it */
	void *put;            /* a record put in for the variant */
	size_t at;            /* o's place before the variant */
	const char *str;      /* o's value */
	int num;
};

struct merger {
	const struct merge_input *in;
	struct plan *b, *o, *t; /* base, ours (becomes the result), theirs */
	const char *file;       /* the file's name, for what is said */
	const char *ours, *theirs; /* what the sides are called (merge_input) */
	struct buf *said;
	size_t conflicts;
	struct conflict *cv;
	size_t ncv;
	/* top-level records of theirs given another id here */
	struct {
		enum kind k;
		const char *from, *to;
	} *ren;
	size_t nren;
};

static struct conflict *add_conflict(struct merger *m, enum conflict_what what, enum kind k,
				     void *opar, void *o, const void *b, const void *t)
{
	m->cv = xrealloc(m->cv, (m->ncv + 1) * sizeof(*m->cv));
	struct conflict *c = &m->cv[m->ncv++];
	memset(c, 0, sizeof(*c));
	c->what = what;
	c->k = k;
	c->field = -1;
	c->opar = opar;
	c->o = o;
	c->b = b;
	c->t = t;
	return c;
}

/* ---- positions --------------------------------------------------------- */

/* Record -> its place in a list, for the lists' orders (a list may hold
 * 100,000 changes: no linear search per record). */
struct posmap {
	struct {
		const void *rec;
		size_t at;
	} *v;
	size_t cap;
};

static size_t ptr_hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;
	x ^= x >> 17;
	x *= 0xed5ad4bbu;
	x ^= x >> 11;
	return (size_t)x;
}

static void posmap_build(struct posmap *m, const struct reclist *l)
{
	m->cap = 16;
	while (m->cap < 2 * (l->n + 1))
		m->cap *= 2;
	m->v = xcalloc(m->cap, sizeof(*m->v));
	for (size_t i = 0; i < l->n; i++) {
		size_t s = ptr_hash(l->v[i]) & (m->cap - 1);
		while (m->v[s].rec)
			s = (s + 1) & (m->cap - 1);
		m->v[s].rec = l->v[i];
		m->v[s].at = i;
	}
}

static size_t posmap_at(const struct posmap *m, const void *r)
{
	for (size_t s = ptr_hash(r) & (m->cap - 1); m->v[s].rec; s = (s + 1) & (m->cap - 1))
		if (m->v[s].rec == r)
			return m->v[s].at;
	return SIZE_MAX;
}

/* Marks moved[i] for the records of `base` (by place) that `side` moved:
 * of the records both hold, those outside the longest run that kept its
 * order (the fewest moves, as the semantic diff counts them). */
static void find_moves(enum kind k, const struct reclist *base, const struct plan *ps,
		       const void *spar, bool *moved)
{
	const struct reclist *side = plan_list(ps, k, spar);
	size_t n = 0;
	size_t *seq = xcalloc(base->n + 1, sizeof(*seq)), *who = xcalloc(base->n + 1, sizeof(*who));
	struct posmap pm;
	posmap_build(&pm, side);
	for (size_t i = 0; i < base->n; i++) {
		moved[i] = false;
		const void *r = plan_find_in(ps, k, spar, rec_id(k, base->v[i]));
		if (r) {
			seq[n] = posmap_at(&pm, r);
			who[n++] = i;
		}
	}
	bool *keep = xcalloc(n + 1, sizeof(*keep));
	longest_increasing(seq, n, keep);
	for (size_t i = 0; i < n; i++)
		moved[who[i]] = !keep[i];
	free(keep);
	free(seq);
	free(who);
	free(pm.v);
}

/* ---- what is said --------------------------------------------------------- */

static void say_value(enum kind k, const void *r, int f, struct buf *out)
{
	struct buf v = BUF_INIT;
	if (r)
		rec_format(r, k, f, ", ", &v);
	/* TRANSLATORS: an empty value in a merge conflict's words */
	buf_adds(out, r && v.len ? buf_str(&v) : _("(none)"));
	buf_release(&v);
}

/* "changes.yaml: F3 status: ours klar, theirs pagar, was ej-paborjad" */
static void field_conflict(struct merger *m, enum kind k, int f, const void *b, const void *o,
			   const void *t)
{
	struct buf path = BUF_INIT;
	rec_path(k, o, &path);
	buf_addf(m->said, "%s: %s%s%s: ", m->file, buf_str(&path), path.len ? " " : "",
		 kind_field(k, f)->name);
	buf_adds(m->said, m->ours);
	buf_addc(m->said, ' ');
	say_value(k, o, f, m->said);
	buf_adds(m->said, ", ");
	buf_adds(m->said, m->theirs);
	buf_addc(m->said, ' ');
	say_value(k, t, f, m->said);
	buf_adds(m->said, ", ");
	buf_adds(m->said, _("was"));
	buf_addc(m->said, ' ');
	say_value(k, b, f, m->said);
	buf_addc(m->said, '\n');
	buf_release(&path);
	m->conflicts++;
}

/* A conflict about a whole record: `what` says it, with %s for its path
 * and then the sides' words (for "deleted by %s, changed by %s": the
 * side that did the first, then the other; `theirs_first`). */
static void record_conflict(struct merger *m, enum kind k, const void *r, const char *what,
			    bool theirs_first)
{
	struct buf path = BUF_INIT;
	rec_path(k, r, &path);
	buf_addf(m->said, "%s: ", m->file);
	buf_addf_table(m->said, what, buf_str(&path), theirs_first ? m->theirs : m->ours,
		       theirs_first ? m->ours : m->theirs);
	buf_addc(m->said, '\n');
	buf_release(&path);
	m->conflicts++;
}

/* ---- fields ---------------------------------------------------------------- */

/* Makes list field f of ours' record o hold exactly theirs' items, in
 * theirs' order. */
static void list_take(struct merger *m, enum kind k, int f, void *o, const void *t)
{
	char tmp[16];
	while (rec_list_len(o, k, f))
		rec_list_remove(m->o, k, o, f, rec_list_item(o, k, f, 0, tmp));
	for (size_t i = 0; i < rec_list_len(t, k, f); i++)
		rec_list_insert(m->o, k, o, f, rec_list_item(t, k, f, i, tmp), i);
}

/* A list field changed on both sides, merged as a set: theirs' removals
 * taken out of ours, theirs' additions put in after the item they follow
 * in theirs (ours' order kept). */
static void list_merge(struct merger *m, enum kind k, int f, const void *b, void *o,
		       const void *t)
{
	char tmp[16], tmp2[16];
	for (size_t i = 0; i < rec_list_len(b, k, f); i++) {
		const char *item = rec_list_item(b, k, f, i, tmp);
		if (!rec_list_contains(t, k, f, item))
			rec_list_remove(m->o, k, o, f, item);
	}
	for (size_t j = 0; j < rec_list_len(t, k, f); j++) {
		const char *item = rec_list_item(t, k, f, j, tmp);
		if (rec_list_contains(b, k, f, item) || rec_list_contains(o, k, f, item))
			continue;
		size_t at = 0;
		for (size_t q = j; q-- > 0;) {
			const char *before = rec_list_item(t, k, f, q, tmp2);
			if (rec_list_contains(o, k, f, before)) {
				at = rec_list_find(o, k, f, before) + 1;
				break;
			}
		}
		/* ours' own additions there stay first */
		while (at < rec_list_len(o, k, f) &&
		       !rec_list_contains(b, k, f, rec_list_item(o, k, f, at, tmp2)) &&
		       !rec_list_contains(t, k, f, rec_list_item(o, k, f, at, tmp2)))
			at++;
		rec_list_insert(m->o, k, o, f, item, at);
	}
}

static void merge_list(struct merger *m, enum kind k, const void *bpar, void *opar,
		       const void *tpar);

/* Record b of the base, o of ours and t of theirs are one record: each
 * field that theirs changed is put into o, unless ours changed it too. */
static void merge_record(struct merger *m, enum kind k, const void *b, void *o, const void *t)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (f == kd->id_field)
			continue;
		if (fd->type == FT_RECORDS) {
			merge_list(m, fd->ref, b, o, t);
			continue;
		}
		if (rec_field_equal(k, f, b, t) || rec_field_equal(k, f, o, t))
			continue;
		enum value_repr repr = field_repr(fd);
		bool list = repr == VR_STRS || repr == VR_YEARS;
		if (rec_field_equal(k, f, b, o)) {
			if (list)
				list_take(m, k, f, o, t);
			else if (repr == VR_INT)
				rec_set_int(m->o, k, o, f, rec_int(t, fd));
			else
				rec_set_str(m->o, k, o, f, rec_str(t, fd));
		} else if (list) {
			list_merge(m, k, f, b, o, t);
		} else {
			field_conflict(m, k, f, b, o, t);
			add_conflict(m, CW_FIELD, k, rec_head(o)->parent, o, b, t)->field = f;
		}
	}
}

/* ---- lists of records ---------------------------------------------------- */

static const struct reclist empty_list;

static const struct reclist *list_of(const struct plan *p, enum kind k, const void *par)
{
	const struct reclist *l = plan_list(p, k, par);
	return l ? l : &empty_list;
}

/* Theirs' ids given other ones here, in one list, and the records put
 * in from theirs. */
struct renames {
	struct {
		const char *from, *to;
	} *v;
	size_t n;
	const void **put;
	size_t nput;
};

static bool put_by_theirs(const struct renames *rn, const void *r)
{
	for (size_t i = 0; i < rn->nput; i++)
		if (rn->put[i] == r)
			return true;
	return false;
}

static const char *renamed(const struct renames *rn, const char *id)
{
	for (size_t i = 0; i < rn->n; i++)
		if (strcmp(rn->v[i].from, id) == 0)
			return rn->v[i].to;
	return id;
}

/* Where theirs' record lt->v[j] goes in ours: last when it is last in
 * theirs; else just after the record it follows in theirs (the nearest
 * one before it that ours holds), past the records ours added there
 * (ours' first, then theirs'); at the start when ours holds none of those
 * before it. */
static size_t place_after(struct merger *m, enum kind k, const struct reclist *lt, size_t j,
			  const void *bpar, void *opar, const struct renames *rn)
{
	const struct reclist *lo = list_of(m->o, k, opar);
	if (j + 1 == lt->n && j > 0)
		return lo->n; /* theirs put it last: last it is, as a line merge puts it */
	for (size_t q = j; q-- > 0;) {
		const void *before = plan_find_in(m->o, k, opar, renamed(rn, rec_id(k, lt->v[q])));
		if (!before)
			continue;
		size_t at = (size_t)plan_index(m->o, k, before) + 1;
		while (at < lo->n && !plan_find_in(m->b, k, bpar, rec_id(k, lo->v[at])) &&
		       !put_by_theirs(rn, lo->v[at]))
			at++;
		return at;
	}
	return 0;
}

/* Whether ours' order now gives every two records of the base that both
 * sides hold the order the sides agree on, or the one side that changed
 * it wants (a move on one side is never undone by the other's), for the
 * pairs with a record moved on either side (`moved`); the others keep the
 * base's order on both sides.  `op` and `tp`: places in ours before
 * theirs' moves and in theirs. */
static bool order_holds(struct merger *m, enum kind k, const struct reclist *lb,
			const bool *moved, const struct posmap *op, const struct posmap *tp,
			void *opar, const void *tpar)
{
	struct posmap rp;
	posmap_build(&rp, list_of(m->o, k, opar));
	size_t n = lb->n;
	const void **o = xcalloc(n + 1, sizeof(*o)), **t = xcalloc(n + 1, sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		o[i] = plan_find_in(m->o, k, opar, rec_id(k, lb->v[i]));
		t[i] = plan_find_in(m->t, k, tpar, rec_id(k, lb->v[i]));
	}
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++) {
		if (!moved[i] || !o[i] || !t[i])
			continue;
		for (size_t j = 0; j < n && ok; j++) {
			if (j == i || !o[j] || !t[j])
				continue;
			bool b = i < j, ob = posmap_at(op, o[i]) < posmap_at(op, o[j]),
			     tb = posmap_at(tp, t[i]) < posmap_at(tp, t[j]),
			     rb = posmap_at(&rp, o[i]) < posmap_at(&rp, o[j]);
			bool want = ob == tb ? ob : ob != b ? ob : tb;
			ok = rb == want;
		}
	}
	free((void *)o);
	free((void *)t);
	free(rp.v);
	return ok;
}

/* The records of kind k in the lists inside bpar, opar and tpar (the
 * same record in the three plans; NULL: the plan's own lists). */
static void merge_list(struct merger *m, enum kind k, const void *bpar, void *opar,
		       const void *tpar)
{
	const struct kind_info *kd = kind_of(k);
	const struct reclist *lb = list_of(m->b, k, bpar), *lt = list_of(m->t, k, tpar);
	if (!kind_has_id(k) || !plan_list(m->o, k, opar))
		return;
	/* the moves of each side, before anything changes */
	bool *moved_o = xcalloc(lb->n + 1, sizeof(bool)), *moved_t = xcalloc(lb->n + 1, sizeof(bool));
	find_moves(k, lb, m->o, opar, moved_o);
	find_moves(k, lb, m->t, tpar, moved_t);

	for (size_t i = 0; i < lb->n; i++) {
		const void *x = lb->v[i];
		const char *id = rec_id(k, x);
		void *o = plan_find_in(m->o, k, opar, id);
		const void *t = plan_find_in(m->t, k, tpar, id);
		if (o && t) {
			merge_record(m, k, x, o, t);
		} else if (o && !t) {
			if (rec_equal(k, x, o))
				plan_remove_in(m->o, k, opar, (size_t)plan_index(m->o, k, o));
			else {
				/* TRANSLATORS: %s is a record, e.g. "F3" or "A1/2025-soder" */
				record_conflict(m, k, o, _("%s: deleted by %s, changed by %s"), true);
				add_conflict(m, CW_DELETED_THEIRS, k, opar, o, x, NULL);
			}
		} else if (!o && t && !rec_equal(k, x, t)) {
			record_conflict(m, k, t, _("%s: deleted by %s, changed by %s"), false);
			struct conflict *c = add_conflict(m, CW_DELETED_OURS, k, opar, NULL, x, t);
			c->bl = lb;
			c->tl = lt;
		}
	}

	/* theirs' new records, each after the one it follows in theirs */
	struct renames rn = { NULL, 0, NULL, 0 };
	for (size_t j = 0; j < lt->n; j++) {
		const void *t = lt->v[j];
		const char *id = rec_id(k, t);
		if (plan_find_in(m->b, k, bpar, id))
			continue;
		const void *o = plan_find_in(m->o, k, opar, id);
		const char *new_id = NULL;
		if (o && rec_equal(k, o, t))
			continue; /* added on both sides alike: one record */
		if (o && kd->id_rule != ID_NUMBERED) {
			record_conflict(m, k, t, _("%s: added by both, with different content"), false);
			add_conflict(m, CW_ADDED_BOTH, k, opar, (void *)o, NULL, t);
			continue;
		}
		/* other files may name the id: the side they name it on keeps it */
		bool t_named = o && !opar && m->in->named_elsewhere &&
			       m->in->named_elsewhere(m->in->named_ctx, MERGE_THEIRS, k, id);
		bool o_named = t_named && m->in->named_elsewhere(m->in->named_ctx, MERGE_OURS, k, id);
		if (o && o_named) {
			record_conflict(m, k, t, _("%s: added by both, with different content, each named "
						   "in other files"), false);
			add_conflict(m, CW_ADDED_BOTH, k, opar, (void *)o, NULL, t);
			continue;
		}
		if (o && t_named) {
			/* theirs' keeps the id its other files name; ours' moves on */
			char *ours_id = plan_next_id_in(m->o, k, opar, NULL);
			if (ours_id && !plan_find_in(m->t, k, tpar, ours_id)) {
				struct buf path = BUF_INIT;
				rec_path(k, o, &path);
				buf_addf(m->said, _("%s: %s \"%s\" of %s is now %s\n"), m->file,
					 buf_str(&path), rec_name(k, o), m->ours, ours_id);
				buf_release(&path);
				rec_set_str(m->o, k, (void *)o, kd->id_field, ours_id);
				plan_reindex_in(m->o, k, opar);
				o = NULL;
			}
		}
		if (o) {
			/* above theirs' numbers too (id_floor), which are still to come */
			new_id = plan_next_id_in(m->o, k, opar, NULL);
			if (!new_id || plan_find_in(m->t, k, tpar, new_id)) {
				record_conflict(m, k, t, _("%s: added by both, with different content"), false);
				add_conflict(m, CW_ADDED_BOTH, k, opar, (void *)o, NULL, t);
				continue;
			}
			struct buf path = BUF_INIT;
			rec_path(k, t, &path);
			/* TRANSLATORS: "changes.yaml: F13 "Text" of theirs is now F14" */
			buf_addf(m->said, _("%s: %s \"%s\" of %s is now %s\n"), m->file, buf_str(&path),
				 rec_name(k, t), m->theirs, new_id);
			buf_release(&path);
			rn.v = xrealloc(rn.v, (rn.n + 1) * sizeof(*rn.v));
			rn.v[rn.n].from = id;
			rn.v[rn.n++].to = new_id;
			if (!opar) {
				m->ren = xrealloc(m->ren, (m->nren + 1) * sizeof(*m->ren));
				m->ren[m->nren].k = k;
				m->ren[m->nren].from = id;
				m->ren[m->nren++].to = new_id;
			}
		}
		size_t at = place_after(m, k, lt, j, bpar, opar, &rn);
		void *c = rec_copy(m->o, k, t, new_id);
		rec_head(c)->parent = opar;
		plan_insert(m->o, k, at, c);
		rn.put = xrealloc(rn.put, (rn.nput + 1) * sizeof(*rn.put));
		rn.put[rn.nput++] = c;
	}

	/* theirs' moves, each record after the one it follows in theirs; all
	 * undone, and in conflict, when together with ours' they would put
	 * two records in an order neither side gave them */
	struct posmap op, tp;
	posmap_build(&op, list_of(m->o, k, opar));
	posmap_build(&tp, lt);
	struct { size_t from, to, base; void *o; const void *t; } *done = NULL;
	size_t ndone = 0;
	/* in theirs' order: what a moved record follows is in its place
	 * already when its turn comes */
	struct posmap bp;
	posmap_build(&bp, lb);
	for (size_t j = 0; j < lt->n; j++) {
		const void *t = lt->v[j];
		const void *x = plan_find_in(m->b, k, bpar, rec_id(k, t));
		size_t i = x ? posmap_at(&bp, x) : SIZE_MAX;
		if (i == SIZE_MAX || !moved_t[i])
			continue;
		const char *id = rec_id(k, t);
		void *o = plan_find_in(m->o, k, opar, id);
		if (!o)
			continue;
		const void *before_t = NULL; /* what it follows in theirs, held by ours */
		for (size_t q = j; q-- > 0 && !before_t;)
			before_t = plan_find_in(m->o, k, opar, renamed(&rn, rec_id(k, lt->v[q])))
					   ? lt->v[q]
					   : NULL;
		size_t from_at = (size_t)plan_index(m->o, k, o);
		if (moved_o[i]) {
			/* moved on both sides: one move if both put it after
			 * the same record */
			const struct reclist *lo = list_of(m->o, k, opar);
			const char *before_o = from_at ? rec_id(k, lo->v[from_at - 1]) : NULL;
			const char *bt = before_t ? renamed(&rn, rec_id(k, before_t)) : NULL;
			if (!(bt == NULL ? before_o == NULL : before_o && strcmp(bt, before_o) == 0)) {
				record_conflict(m, k, o, _("%s: moved by both, to different places"), false);
				struct conflict *c = add_conflict(m, CW_MOVED_BOTH, k, opar, o, lb->v[i], t);
				c->bl = lb;
				c->tl = lt;
			}
			continue;
		}
		size_t dest = 0;
		if (before_t) {
			size_t q = (size_t)plan_index(m->o, k, plan_find_in(m->o, k, opar,
									   renamed(&rn, rec_id(k, before_t))));
			dest = from_at < q ? q : q + 1;
		}
		if (dest == from_at)
			continue;
		plan_move_in(m->o, k, opar, from_at, dest);
		done = xrealloc(done, (ndone + 1) * sizeof(*done));
		done[ndone].from = from_at;
		done[ndone].to = dest;
		done[ndone].base = i;
		done[ndone].o = o;
		done[ndone++].t = t;
	}
	if (ndone) {
		bool *moved = xcalloc(lb->n + 1, sizeof(*moved));
		for (size_t i = 0; i < lb->n; i++)
			moved[i] = moved_o[i] || moved_t[i];
		if (!order_holds(m, k, lb, moved, &op, &tp, opar, tpar)) {
			for (size_t d = ndone; d-- > 0;)
				plan_move_in(m->o, k, opar, done[d].to, done[d].from);
			for (size_t d = 0; d < ndone; d++) {
				record_conflict(m, k, done[d].o, _("%s: moved by both, to different places"), false);
				struct conflict *c = add_conflict(m, CW_MOVED_BOTH, k, opar, done[d].o,
								  lb->v[done[d].base], done[d].t);
				c->bl = lb;
				c->tl = lt;
			}
		}
		free(moved);
	}
	free(done);
	free(op.v);
	free(tp.v);
	free(bp.v);
	free(rn.v);
	free(rn.put);
	free(moved_o);
	free(moved_t);
}

/* ---- conflicts as markers ------------------------------------------------ */

/* Where record r of list l goes in ours: just after the nearest record
 * before it in l that ours holds (not `skip`); 0 when none. */
static size_t place_like(struct merger *m, enum kind k, const struct reclist *l, const void *r,
			 void *opar, const void *skip)
{
	size_t j = 0;
	while (j < l->n && l->v[j] != r)
		j++;
	for (size_t q = j; q-- > 0;) {
		const void *x = plan_find_in(m->o, k, opar, rec_id(k, l->v[q]));
		if (x && x != skip)
			return (size_t)plan_index(m->o, k, x) + 1;
	}
	return 0;
}

/* Puts a copy of `src` into ours at `at` in place of nothing. */
static void *put_copy(struct merger *m, struct conflict *c, const void *src, size_t at)
{
	void *r = rec_copy(m->o, c->k, src, NULL);
	rec_head(r)->parent = c->opar;
	plan_insert(m->o, c->k, at, r);
	return r;
}

/* Makes ours hold conflict c the way of side s (MERGE_THEIRS or
 * MERGE_BASE); undo: back as it was. */
static void variant(struct merger *m, struct conflict *c, enum merge_side s, bool undo)
{
	enum kind k = c->k;
	const void *src = s == MERGE_THEIRS ? c->t : c->b;
	const struct reclist *sl = s == MERGE_THEIRS ? c->tl : c->bl;
	switch (c->what) {
	case CW_FIELD: {
		const struct field *fd = kind_field(k, c->field);
		bool num = field_repr(fd) == VR_INT;
		if (!undo) {
			c->str = num ? NULL : rec_str(c->o, fd);
			c->num = num ? rec_int(c->o, fd) : 0;
		}
		if (num)
			rec_set_int(m->o, k, c->o, c->field, undo ? c->num : rec_int(src, fd));
		else
			rec_set_str(m->o, k, c->o, c->field, undo ? c->str : rec_str(src, fd));
		break;
	}
	case CW_DELETED_THEIRS:
	case CW_ADDED_BOTH:
		/* theirs' way: o gone (CW_DELETED_THEIRS) or theirs' record in
		 * its place; the base's: the base's record in its place, or none */
		if (!undo) {
			c->at = (size_t)plan_index(m->o, k, c->o);
			plan_remove_in(m->o, k, c->opar, c->at);
			c->put = src ? put_copy(m, c, src, c->at) : NULL;
		} else {
			if (c->put)
				plan_remove_in(m->o, k, c->opar, c->at);
			plan_insert(m->o, k, c->at, c->o);
		}
		break;
	case CW_DELETED_OURS:
		if (!undo)
			c->put = put_copy(m, c, src, place_like(m, k, sl, src, c->opar, NULL));
		else
			plan_remove_in(m->o, k, c->opar, (size_t)plan_index(m->o, k, c->put));
		break;
	case CW_MOVED_BOTH: {
		size_t from = (size_t)plan_index(m->o, k, c->o);
		if (!undo) {
			c->at = from;
			size_t q = place_like(m, k, sl, src, c->opar, c->o);
			size_t dest = q == 0 ? 0 : from < q ? q - 1 : q;
			plan_move_in(m->o, k, c->opar, from, dest);
		} else {
			plan_move_in(m->o, k, c->opar, from, c->at);
		}
		break;
	}
	}
}

/* Lines [a, e) of the result that a variant changes, and [a, ve) of the
 * variant's text that replace them: the whole lines around what differs. */
struct hunk {
	size_t a, e, ve;
};

static struct hunk line_hunk(const struct buf *o, const struct buf *v)
{
	size_t p = 0, lo = o->len, lv = v->len;
	while (p < lo && p < lv && o->s[p] == v->s[p])
		p++;
	while (p > 0 && o->s[p - 1] != '\n')
		p--;
	size_t sfx = 0;
	while (sfx < lo - p && sfx < lv - p && o->s[lo - 1 - sfx] == v->s[lv - 1 - sfx])
		sfx++;
	size_t q = lo - sfx;
	/* the suffix from a line's start, in both texts */
	while (q < lo && q > p && o->s[q - 1] != '\n')
		q++;
	return (struct hunk){ p, q, lv - (lo - q) };
}

struct region {
	size_t a, e;           /* in the result */
	struct buf side[MERGE_SIDES]; /* base's and theirs' text for it; ours' is [a, e) */
};

static int region_cmp(const void *x, const void *y)
{
	const struct region *a = x, *b = y;
	return (a->a > b->a) - (a->a < b->a);
}

/* Side s's text for region r: the result's lines around the hunk, the
 * variant's in it. */
static void side_text(const struct buf *o, const struct buf *v, struct hunk h, struct region *r,
		      enum merge_side s)
{
	buf_add(&r->side[s], o->s + r->a, h.a - r->a);
	buf_add(&r->side[s], v->s + h.a, h.ve - h.a);
	buf_add(&r->side[s], o->s + h.e, r->e - h.e);
}

static void marker(struct buf *out, char c, int size, const char *label, const char *nl)
{
	for (int i = 0; i < size; i++)
		buf_addc(out, c);
	if (label && *label) {
		buf_addc(out, ' ');
		buf_adds(out, label);
	}
	buf_adds(out, nl);
}

/* The result with each conflict written as markers around only its lines:
 * ours', the base's (as git's diff3 style) and theirs'.  -1 when a
 * variant does not render or two conflicts share lines. */
static int write_conflicts(struct merger *m, struct store *st, const struct merge_input *in,
			   struct buf *out, struct diags *d)
{
	struct buf res = BUF_INIT;
	if (store_render_file(st, m->o, in->file, &res, d) < 0) {
		buf_release(&res);
		return -1;
	}
	const char *nl = memmem(res.s ? res.s : "", res.len, "\r\n", 2) ? "\r\n" : "\n";
	if (res.len && res.s[res.len - 1] != '\n')
		buf_adds(&res, nl);
	struct region *rv = xcalloc(m->ncv, sizeof(*rv));
	int rc = 0;
	for (size_t i = 0; i < m->ncv && rc == 0; i++) {
		struct buf v[MERGE_SIDES] = { BUF_INIT, BUF_INIT, BUF_INIT };
		struct hunk h[MERGE_SIDES];
		for (int s = MERGE_BASE; s <= MERGE_THEIRS && rc == 0; s += 2) {
			variant(m, &m->cv[i], (enum merge_side)s, false);
			if (store_render_file(st, m->o, in->file, &v[s], d) < 0)
				rc = -1;
			variant(m, &m->cv[i], (enum merge_side)s, true);
			if (v[s].len && v[s].s[v[s].len - 1] != '\n')
				buf_adds(&v[s], nl);
			h[s] = line_hunk(&res, &v[s]);
		}
		if (rc == 0) {
			struct region *r = &rv[i];
			r->a = h[MERGE_BASE].a < h[MERGE_THEIRS].a ? h[MERGE_BASE].a : h[MERGE_THEIRS].a;
			r->e = h[MERGE_BASE].e > h[MERGE_THEIRS].e ? h[MERGE_BASE].e : h[MERGE_THEIRS].e;
			for (int s = MERGE_BASE; s <= MERGE_THEIRS; s += 2)
				side_text(&res, &v[s], h[s], r, (enum merge_side)s);
		}
		for (int s = 0; s < MERGE_SIDES; s++)
			buf_release(&v[s]);
	}
	if (rc == 0) {
		qsort(rv, m->ncv, sizeof(*rv), region_cmp);
		for (size_t i = 1; i < m->ncv && rc == 0; i++)
			if (rv[i].a < rv[i - 1].e) {
				/* two conflicts in one line: not ours to mark apart */
				diag_add(d, in->name[MERGE_OURS], 0, 0, "%s",
					 _("two conflicts share lines"));
				rc = -1;
			}
	}
	if (rc == 0) {
		int size = in->marker_size > 0 ? in->marker_size : 7;
		size_t at = 0;
		for (size_t i = 0; i < m->ncv; i++) {
			struct region *r = &rv[i];
			buf_add(out, res.s + at, r->a - at);
			marker(out, '<', size, in->label[MERGE_OURS], nl);
			buf_add(out, res.s + r->a, r->e - r->a);
			marker(out, '|', size, in->label[MERGE_BASE], nl);
			buf_add(out, r->side[MERGE_BASE].s, r->side[MERGE_BASE].len);
			marker(out, '=', size, NULL, nl);
			buf_add(out, r->side[MERGE_THEIRS].s, r->side[MERGE_THEIRS].len);
			marker(out, '>', size, in->label[MERGE_THEIRS], nl);
			at = r->e;
		}
		buf_add(out, res.s + at, res.len - at);
	}
	for (size_t i = 0; i < m->ncv; i++)
		for (int s = 0; s < MERGE_SIDES; s++)
			buf_release(&rv[i].side[s]);
	free(rv);
	buf_release(&res);
	return rc;
}

/* ---- the file -------------------------------------------------------------- */

/* ---- theirs' comments -------------------------------------------------------- */

struct lead {
	enum kind k;
	const char *id;   /* in the result */
	const char *text; /* theirs' comment lines above it */
	size_t len;
	uint32_t at, end; /* where the result has its own */
};

static int lead_cmp(const void *a, const void *b)
{
	const struct lead *x = a, *y = b;
	return (x->at > y->at) - (x->at < y->at);
}

/* The comment lines above record r as read by st from `text`. */
static bool lead_of(const struct store *st, const char *text, const void *r, const char **s,
		    size_t *n)
{
	uint32_t b, i, e;
	if (!r || !store_rec_span(st, r, &b, &i, &e))
		return false;
	*s = text + b;
	*n = i - b;
	return true;
}

/* Theirs' comment lines above a top-level record come along into the
 * result where theirs wrote or changed them and ours did not: above a
 * record both hold, or one theirs added.  The result is read once more
 * for its records' places; when it would not read as before, it stays. */
static void carry_comments(struct merger *m, const struct merge_input *in, struct store *const *st,
			   struct buf *out)
{
	struct lead *v = NULL;
	size_t n = 0;
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file != in->file || kind_is_nested((enum kind)k) || !kd->list_key)
			continue;
		for (size_t i = 0; i < plan_count(m->t, (enum kind)k); i++) {
			const void *t = plan_rec(m->t, (enum kind)k, i);
			const char *ts, *bs, *os;
			size_t tn, bn, on;
			if (!lead_of(st[MERGE_THEIRS], in->text[MERGE_THEIRS], t, &ts, &tn))
				continue;
			const char *id = rec_id((enum kind)k, t);
			const void *b = plan_find(m->b, (enum kind)k, id);
			bool has_b = lead_of(st[MERGE_BASE], in->text[MERGE_BASE], b, &bs, &bn);
			if (has_b ? tn == bn && memcmp(ts, bs, tn) == 0 : tn == 0)
				continue; /* theirs wrote none, or changed none */
			for (size_t r = 0; r < m->nren; r++)
				if (m->ren[r].k == (enum kind)k && strcmp(m->ren[r].from, id) == 0)
					id = m->ren[r].to;
			const void *o = plan_find(m->o, (enum kind)k, id);
			if (!o)
				continue;
			/* ours' own comment lines there, as read (none: a record
			 * put in from theirs) */
			if (!lead_of(st[MERGE_OURS], in->text[MERGE_OURS], o, &os, &on))
				on = 0, os = "";
			if (has_b && !(on == bn && memcmp(os, bs, on) == 0))
				continue; /* both changed them: ours' stay */
			if (!has_b && on)
				continue;
			v = xrealloc(v, (n + 1) * sizeof(*v));
			v[n++] = (struct lead){ (enum kind)k, id, ts, tn, 0, 0 };
		}
	}
	if (!n)
		return;
	struct plan *p;
	struct store *rs;
	struct diags d = DIAGS_INIT;
	if (store_load_file(in->file, in->name[MERGE_OURS], buf_str(out), out->len, &p, &rs, &d) == 0) {
		bool ok = true;
		for (size_t i = 0; i < n && ok; i++) {
			uint32_t e;
			ok = store_rec_span(rs, plan_find(p, v[i].k, v[i].id), &v[i].at, &v[i].end, &e);
		}
		if (ok) {
			qsort(v, n, sizeof(*v), lead_cmp);
			struct buf res = BUF_INIT;
			size_t at = 0;
			for (size_t i = 0; i < n; i++) {
				buf_add(&res, out->s + at, v[i].at - at);
				buf_add(&res, v[i].text, v[i].len);
				at = v[i].end;
			}
			buf_add(&res, out->s + at, out->len - at);
			struct plan *q;
			struct store *qs;
			if (store_load_file(in->file, in->name[MERGE_OURS], buf_str(&res), res.len, &q, &qs,
					    &d) == 0) {
				bool same = true;
				for (int k = 0; k < K_COUNT && same; k++) {
					if (kind_of((enum kind)k)->file != in->file)
						continue;
					same = plan_count(p, (enum kind)k) == plan_count(q, (enum kind)k);
					for (size_t i = 0; same && i < plan_count(p, (enum kind)k); i++)
						same = rec_equal((enum kind)k, plan_rec(p, (enum kind)k, i),
								 plan_rec(q, (enum kind)k, i));
				}
				if (same) {
					buf_release(out);
					*out = res;
					res = (struct buf)BUF_INIT;
				}
				plan_free(&q);
				store_free(&qs);
			}
			buf_release(&res);
		}
		plan_free(&p);
		store_free(&rs);
	}
	diags_clear(&d);
	free(v);
}

void merge_renames_free(struct merge_renames *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].from);
		free(r->v[i].to);
	}
	free(r->v);
	r->v = NULL;
	r->n = 0;
}

static const char *renamed_to(const struct merge_renames *r, enum kind k, const char *id)
{
	for (size_t i = 0; r && i < r->n; i++)
		if (r->v[i].k == k && strcmp(r->v[i].from, id) == 0)
			return r->v[i].to;
	return NULL;
}

/* Makes theirs' references to records renamed in another file's merge
 * name them by their new ids.  Returns how many it changed. */
static size_t follow_renames(struct plan *p, const struct merge_renames *r, enum store_file_id file)
{
	size_t n = 0;
	char tmp[16];
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file != file)
			continue;
		struct rec_iter it;
		for (void *rec = rec_iter_first(&it, p, (enum kind)k); rec; rec = rec_iter_next(&it))
			for (int f = 0; f < kd->nfields; f++) {
				const struct field *fd = &kd->fields[f];
				if (fd->type == FT_REF) {
					const char *to = renamed_to(r, fd->ref, rec_str(rec, fd));
					if (to) {
						rec_set_str(p, (enum kind)k, rec, f, to);
						n++;
					}
				} else if (fd->type == FT_REFS) {
					for (size_t i = 0; i < rec_list_len(rec, (enum kind)k, f); i++) {
						const char *item = rec_list_item(rec, (enum kind)k, f, i, tmp);
						const char *to = renamed_to(r, fd->ref, item);
						if (!to)
							continue;
						rec_list_remove(p, (enum kind)k, rec, f, item);
						rec_list_insert(p, (enum kind)k, rec, f, to, i);
						n++;
					}
				}
			}
	}
	return n;
}

static bool same_text(const struct merge_input *in, enum merge_side a, enum merge_side b)
{
	return in->len[a] == in->len[b] && memcmp(in->text[a], in->text[b], in->len[a]) == 0;
}

/* What a side changed of the base, as one window of whole lines: base
 * bytes [*from, *to_b) became the side's [*from, *to_s). */
static void window(const char *b, size_t bl, const char *s, size_t sl, size_t *from,
		   size_t *to_b, size_t *to_s)
{
	size_t p = 0;
	while (p < bl && p < sl && b[p] == s[p])
		p++;
	while (p > 0 && b[p - 1] != '\n')
		p--;
	size_t sfx = 0;
	while (sfx < bl - p && sfx < sl - p && b[bl - 1 - sfx] == s[sl - 1 - sfx])
		sfx++;
	size_t q = bl - sfx;
	while (q < bl && q > p && b[q - 1] != '\n')
		q++;
	*from = p;
	*to_b = q;
	*to_s = sl - (bl - q);
}

/* Widens window [*from, *to_b) (and the side's [*from, *to_s)) to the
 * whole items it touches: an edit is of whole records, never of the
 * lines two like records share (where a diff of lines can put one
 * record's edit on its neighbour). */
static void widen(uint32_t (*spans)[2], size_t n, size_t *from, size_t *to_b, size_t *to_s)
{
	for (size_t i = 0; i < n; i++) {
		size_t s = spans[i][0], e = spans[i][1];
		bool touches = *from == *to_b ? s < *from && *from < e : s < *to_b && e > *from;
		if (!touches)
			continue;
		if (s < *from)
			*from = s;
		if (e > *to_b) {
			*to_s += e - *to_b;
			*to_b = e;
		}
	}
}

/* Whether the records of the base (read by sb) outside the windows
 * [f[w], t[w]) read in the result pm as in the base. */
static bool outside_same(enum store_file_id file, const struct plan *pb, const struct store *sb,
			 const struct plan *pm, const size_t *f, const size_t *t)
{
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file != file || kind_is_nested((enum kind)k) || !kd->list_key)
			continue;
		for (size_t i = 0; i < plan_count(pb, (enum kind)k); i++) {
			const void *r = plan_rec(pb, (enum kind)k, i);
			uint32_t s, e;
			if (!store_rec_span(sb, r, &s, NULL, &e))
				return false;
			bool inside = false;
			for (int w = 0; w < 2; w++)
				inside |= s < t[w] && e > f[w];
			if (inside)
				continue;
			const void *m = plan_find(pm, (enum kind)k, rec_id((enum kind)k, r));
			if (!m || !rec_equal((enum kind)k, r, m))
				return false;
		}
	}
	return true;
}

/* When ours' and theirs' edits are windows of the base apart from each
 * other (widened to whole records, and not even touching), no record is
 * edited by both: the result is the base with both windows, which is
 * what the records' merge makes (each side's records there put in place
 * of the base's, the other side's left), and costs two reads (the base,
 * for its records' places, and the result), not three and a patch.  It
 * is checked: the result reads, and every record outside the windows
 * reads as in the base.  False when the windows meet or a check fails:
 * then the records are merged. */
static bool merge_apart(const struct merge_input *in, struct buf *out)
{
	const char *b = in->text[MERGE_BASE];
	size_t bl = in->len[MERGE_BASE];
	struct plan *pb = NULL, *pm = NULL;
	struct store *sb = NULL, *sm = NULL;
	struct diags d = DIAGS_INIT;
	uint32_t(*spans)[2] = NULL;
	bool ok = false;
	if (store_load_file(in->file, in->name[MERGE_BASE], b, bl, &pb, &sb, &d) < 0)
		goto out;
	size_t n = store_item_spans(sb, in->file, &spans);
	size_t f[2], tb[2], ts[2];
	for (int i = 0; i < 2; i++) {
		enum merge_side s = i ? MERGE_THEIRS : MERGE_OURS;
		window(b, bl, in->text[s], in->len[s], &f[i], &tb[i], &ts[i]);
		widen(spans, n, &f[i], &tb[i], &ts[i]);
	}
	int first = f[0] <= f[1] ? 0 : 1, second = 1 - first;
	if (tb[first] >= f[second])
		goto out;
	const char *t1 = in->text[first ? MERGE_THEIRS : MERGE_OURS];
	const char *t2 = in->text[second ? MERGE_THEIRS : MERGE_OURS];
	buf_add(out, b, f[first]);
	buf_add(out, t1 + f[first], ts[first] - f[first]);
	buf_add(out, b + tb[first], f[second] - tb[first]);
	buf_add(out, t2 + f[second], ts[second] - f[second]);
	buf_add(out, b + tb[second], bl - tb[second]);
	ok = store_load_file(in->file, in->name[MERGE_OURS], buf_str(out), out->len, &pm, &sm, &d) ==
		     0 &&
	     outside_same(in->file, pb, sb, pm, f, tb);
out:
	free(spans);
	plan_free(&pb);
	store_free(&sb);
	plan_free(&pm);
	store_free(&sm);
	diags_clear(&d);
	if (!ok)
		buf_reset(out);
	return ok;
}

int merge_plan_file(const struct merge_input *in, struct buf *out, struct buf *said,
		    struct diags *d)
{
	/* theirs names records renamed in another file's merge: read as
	 * records, whichever side changed */
	bool follow = in->refs && in->refs->n;
	if (follow) {
		struct plan *tp;
		struct store *ts;
		struct diags td = DIAGS_INIT;
		follow = store_load_file(in->file, in->name[MERGE_THEIRS], in->text[MERGE_THEIRS],
					 in->len[MERGE_THEIRS], &tp, &ts, &td) == 0 &&
			 follow_renames(tp, in->refs, in->file) > 0;
		plan_free(&tp);
		store_free(&ts);
		diags_clear(&td);
	}
	/* one side changed nothing: the other side is the result, byte for
	 * byte (as a line merge gives it) */
	if (follow)
		goto records;
	if (same_text(in, MERGE_BASE, MERGE_OURS) || same_text(in, MERGE_OURS, MERGE_THEIRS)) {
		enum merge_side s = same_text(in, MERGE_BASE, MERGE_OURS) ? MERGE_THEIRS : MERGE_OURS;
		buf_add(out, in->text[s], in->len[s]);
		return 0;
	}
	if (same_text(in, MERGE_BASE, MERGE_THEIRS)) {
		buf_add(out, in->text[MERGE_OURS], in->len[MERGE_OURS]);
		return 0;
	}
	if (merge_apart(in, out))
		return 0;
records:;
	struct plan *p[MERGE_SIDES] = { NULL };
	struct store *st[MERGE_SIDES] = { NULL };
	int rc = 0;
	for (int s = 0; s < MERGE_SIDES; s++)
		if (store_load_file(in->file, in->name[s], in->text[s], in->len[s], &p[s], &st[s],
				    d) < 0)
			rc = -1;
	if (rc == 0 && in->refs) {
		size_t n = follow_renames(p[MERGE_THEIRS], in->refs, in->file);
		if (n)
			/* TRANSLATORS: "activities.yaml: 1 reference of theirs follows a
			 * record renamed in another file" */
			buf_addf(said, ngettext_("%s: %zu reference of theirs follows a record given another id\n",
						 "%s: %zu references of theirs follow records given other ids\n",
						 n),
				 schema_files[in->file].name, n);
	}
	if (rc == 0) {
		struct merger m = { in, p[MERGE_BASE], p[MERGE_OURS], p[MERGE_THEIRS],
				    schema_files[in->file].name,
				    in->word[MERGE_OURS] ? in->word[MERGE_OURS] : _("ours"),
				    in->word[MERGE_THEIRS] ? in->word[MERGE_THEIRS] : _("theirs"),
				    said, 0, NULL, 0, NULL, 0 };
		/* new numbers above every number either side has used */
		for (int k = 0; k < K_COUNT; k++)
			if (kind_of((enum kind)k)->id_rule == ID_NUMBERED && !kind_is_nested((enum kind)k)) {
				unsigned long nb = plan_max_number(m.b, (enum kind)k);
				unsigned long nt = plan_max_number(m.t, (enum kind)k);
				m.o->id_floor[k] = nb > nt ? nb : nt;
			}
		enum kind own = schema_file_record(in->file);
		if (own != K_NONE)
			merge_record(&m, own, m.b->info, m.o->info, m.t->info);
		for (int k = 0; k < K_COUNT; k++) {
			const struct kind_info *kd = kind_of((enum kind)k);
			if (kd->file == in->file && !kind_is_own((enum kind)k) &&
			    !kind_is_nested((enum kind)k))
				merge_list(&m, (enum kind)k, NULL, NULL, NULL);
		}
		if (m.conflicts && write_conflicts(&m, st[MERGE_OURS], in, out, d) < 0)
			rc = -1;
		else if (m.conflicts)
			rc = (int)(m.conflicts < 100 ? m.conflicts : 100);
		else if (store_render_file(st[MERGE_OURS], m.o, in->file, out, d) < 0)
			rc = -1;
		else
			carry_comments(&m, in, st, out);
		for (size_t i = 0; in->renamed && i < m.nren; i++) {
			struct merge_renames *r = in->renamed;
			r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
			r->v[r->n].k = m.ren[i].k;
			r->v[r->n].from = xstrdup(m.ren[i].from);
			r->v[r->n++].to = xstrdup(m.ren[i].to);
		}
		free(m.cv);
		free(m.ren);
	}
	for (int s = 0; s < MERGE_SIDES; s++) {
		plan_free(&p[s]);
		store_free(&st[s]);
	}
	if (rc < 0)
		buf_reset(out);
	return rc;
}

/* ---- a file with conflict markers, read back ------------------------------ */

/* The marker that line [p, e) is ('<', '|', '=', '>'), or 0: seven or more
 * of one of them at the line's start, then a space or the line's end. */
static char marker_at(const char *p, const char *e)
{
	char c = *p;
	if (c != '<' && c != '|' && c != '=' && c != '>')
		return 0;
	const char *q = p;
	while (q < e && *q == c)
		q++;
	if (q - p < 7)
		return 0;
	if (q < e && *q != ' ' && *q != '\r' && *q != '\n')
		return 0;
	if (c == '=' && q < e && *q == ' ')
		return 0;
	return c;
}

/* The label after the marker that line [at, next) starts with. */
static void marker_label(const char *text, size_t at, size_t next, size_t *from, size_t *n)
{
	size_t p = at;
	while (p < next && text[p] == text[at])
		p++;
	if (p < next && text[p] == ' ')
		p++;
	size_t e = next;
	while (e > p && (text[e - 1] == '\n' || text[e - 1] == '\r'))
		e--;
	*from = p;
	*n = e - p;
}

long merge_hunks_read(const char *text, size_t len, struct merge_hunks *out)
{
	out->v = NULL;
	out->n = 0;
	enum { OUTSIDE, IN_OURS, IN_BASE, IN_THEIRS } state = OUTSIDE;
	struct merge_hunk h = { 0 };
	unsigned line = 1;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t next = nl ? (size_t)(nl - text) + 1 : len;
		char m = marker_at(text + at, text + next);
		bool ok = true;
		switch (m) {
		case '<':
			ok = state == OUTSIDE;
			memset(&h, 0, sizeof(h));
			h.line = line;
			h.start = at;
			marker_label(text, at, next, &h.label_at[MERGE_OURS], &h.label_len[MERGE_OURS]);
			h.from[MERGE_OURS] = next;
			state = IN_OURS;
			break;
		case '|':
			ok = state == IN_OURS;
			h.to[MERGE_OURS] = at;
			h.from[MERGE_BASE] = next;
			h.has_base = true;
			marker_label(text, at, next, &h.label_at[MERGE_BASE], &h.label_len[MERGE_BASE]);
			state = IN_BASE;
			break;
		case '=':
			ok = state == IN_OURS || state == IN_BASE;
			if (state == IN_OURS)
				h.to[MERGE_OURS] = at;
			else
				h.to[MERGE_BASE] = at;
			h.from[MERGE_THEIRS] = next;
			state = IN_THEIRS;
			break;
		case '>':
			ok = state == IN_THEIRS;
			h.to[MERGE_THEIRS] = at;
			h.end = next;
			marker_label(text, at, next, &h.label_at[MERGE_THEIRS], &h.label_len[MERGE_THEIRS]);
			if (!h.has_base) /* no base's part: say ours' lines were there */
				h.from[MERGE_BASE] = h.to[MERGE_BASE] = h.from[MERGE_OURS];
			out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
			out->v[out->n++] = h;
			state = OUTSIDE;
			break;
		default:
			break;
		}
		if (!ok) {
			merge_hunks_free(out);
			return -1;
		}
		at = next;
		line++;
	}
	if (state != OUTSIDE) {
		merge_hunks_free(out);
		return -1;
	}
	return (long)out->n;
}

void merge_hunks_free(struct merge_hunks *h)
{
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

void merge_hunks_side(const char *text, size_t len, const struct merge_hunks *h, size_t only,
		      enum merge_side s, struct buf *out, size_t *at)
{
	size_t pos = 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct merge_hunk *x = &h->v[i];
		enum merge_side side = only == SIZE_MAX || only == i ? s : MERGE_OURS;
		if (side == MERGE_BASE && !x->has_base)
			side = MERGE_OURS;
		buf_add(out, text + pos, x->start - pos);
		if (at)
			at[2 * i] = out->len;
		buf_add(out, text + x->from[side], x->to[side] - x->from[side]);
		if (at)
			at[2 * i + 1] = out->len;
		pos = x->end;
	}
	buf_add(out, text + pos, len - pos);
}

/* Side texts loaded as plans: with the plan's other files when they read,
 * else alone. */
struct side_plan {
	struct plan *p;
	struct store *st;
	bool whole; /* with the other files: labels can be said */
};

static int load_side(enum store_file_id f, const char *name, const struct buf *text,
		     const char *const others[SF_COUNT], const size_t other_lens[SF_COUNT],
		     bool try_whole, struct side_plan *sp, struct diags *d)
{
	memset(sp, 0, sizeof(*sp));
	if (try_whole && others) {
		const char *names[SF_COUNT], *texts[SF_COUNT];
		size_t lens[SF_COUNT];
		for (int i = 0; i < SF_COUNT; i++) {
			names[i] = i == (int)f ? name : schema_files[i].name;
			texts[i] = i == (int)f ? buf_str(text) : others[i];
			lens[i] = i == (int)f ? text->len : other_lens[i];
		}
		struct diags quiet = DIAGS_INIT;
		int rc = store_load_texts(names, texts, lens, &sp->p, &sp->st, &quiet);
		diags_clear(&quiet);
		if (rc == 0) {
			sp->whole = true;
			return 0;
		}
	}
	return store_load_file(f, name, buf_str(text), text->len, &sp->p, &sp->st, d);
}

static void side_free(struct side_plan *sp)
{
	plan_free(&sp->p);
	store_free(&sp->st);
}

/* Field f of the record at `path` on one side, as people read it. */
static void point_value(const struct side_plan *sp, enum kind k, const char *path, int f,
			struct buf *out)
{
	const void *r = sp->p ? plan_find(sp->p, k, path) : NULL;
	struct buf v = BUF_INIT;
	if (r && f >= 0 && sp->whole)
		rec_display(sp->p, k, r, f, ", ", &v);
	else if (r && f >= 0)
		rec_format(r, k, f, ", ", &v);
	buf_adds(out, !r ? _("(no record)") : v.len ? buf_str(&v) : _("(none)"));
	buf_release(&v);
}

/* What side s of conflict h is called: its marker's label, in the
 * plan's words for samplan's own labels. */
static void side_word(const char *text, const struct merge_hunk *h, enum merge_side s,
		      struct buf *out)
{
	static const char *const own[] = { "ours", "theirs", "upstream", "yours" };
	const char *l = text + h->label_at[s];
	size_t n = h->label_len[s];
	for (size_t i = 0; i < sizeof(own) / sizeof(*own); i++)
		if (n == strlen(own[i]) && memcmp(l, own[i], n) == 0) {
			buf_adds(out, _(own[i]));
			return;
		}
	if (n)
		buf_add(out, l, n);
	else
		buf_adds(out, s == MERGE_OURS ? _("ours") : _("theirs"));
}

int merge_points_read(enum store_file_id f, const char *name, const char *text, size_t len,
		      const struct merge_hunks *h, const char *const others[SF_COUNT],
		      const size_t other_lens[SF_COUNT], struct merge_points *out, struct diags *d)
{
	out->v = NULL;
	out->n = 0;
	struct buf ours = BUF_INIT;
	merge_hunks_side(text, len, h, SIZE_MAX, MERGE_OURS, &ours, NULL);
	struct side_plan so;
	int rc = load_side(f, name, &ours, others, other_lens, true, &so, d);
	for (size_t i = 0; rc == 0 && i < h->n; i++) {
		struct buf tb = BUF_INIT, bb = BUF_INIT;
		merge_hunks_side(text, len, h, i, MERGE_THEIRS, &tb, NULL);
		merge_hunks_side(text, len, h, i, MERGE_BASE, &bb, NULL);
		struct side_plan st, sb;
		rc = load_side(f, name, &tb, others, other_lens, so.whole, &st, d);
		if (rc == 0 && load_side(f, name, &bb, others, other_lens, so.whole, &sb, d) < 0)
			rc = -1;
		if (rc < 0) {
			buf_release(&tb);
			buf_release(&bb);
			break;
		}
		struct oplist ops = OPLIST_INIT;
		plan_diff(so.p, st.p, &ops);
		size_t first = out->n;
		for (size_t j = 0; j < ops.n; j++) {
			const struct op *op = &ops.v[j];
			int field = op->kind == OP_SET || op->kind == OP_ADD_ITEM ||
					    op->kind == OP_REMOVE_ITEM
				    ? op->field
				    : -1;
			bool seen = false;
			for (size_t q = first; q < out->n && !seen; q++)
				seen = out->v[q].k == op->rk && out->v[q].field == field &&
				       strcmp(out->v[q].path, op->id) == 0;
			if (seen)
				continue;
			struct buf w = BUF_INIT;
			buf_adds(&w, op->id);
			if (field >= 0) {
				buf_addf(&w, " %s: ", kind_field(op->rk, field)->name);
				side_word(text, &h->v[i], MERGE_OURS, &w);
				buf_addc(&w, ' ');
				point_value(&so, op->rk, op->id, field, &w);
				buf_adds(&w, ", ");
				side_word(text, &h->v[i], MERGE_THEIRS, &w);
				buf_addc(&w, ' ');
				point_value(&st, op->rk, op->id, field, &w);
				if (h->v[i].has_base) {
					buf_addf(&w, ", %s ", _("was"));
					point_value(&sb, op->rk, op->id, field, &w);
				}
			} else if (op->kind == OP_ADD) {
				buf_adds(&w, _(": only theirs has it"));
			} else if (op->kind == OP_DELETE) {
				buf_adds(&w, _(": only ours has it"));
			} else {
				buf_adds(&w, _(": ours and theirs place it differently"));
			}
			out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
			out->v[out->n++] = (struct merge_point){ i, op->rk, xstrdup(op->id), field,
								 buf_detach(&w) };
		}
		if (out->n == first) {
			out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
			out->v[out->n++] = (struct merge_point){
				i, K_NONE, xstrdup(""), -1,
				xstrdup(_("the sides differ only in how they are written"))
			};
		}
		oplist_clear(&ops);
		side_free(&st);
		side_free(&sb);
		buf_release(&tb);
		buf_release(&bb);
	}
	side_free(&so);
	buf_release(&ours);
	if (rc < 0)
		merge_points_free(out);
	return rc;
}

void merge_points_free(struct merge_points *pts)
{
	for (size_t i = 0; i < pts->n; i++) {
		free(pts->v[i].path);
		free(pts->v[i].words);
	}
	free(pts->v);
	pts->v = NULL;
	pts->n = 0;
}

int merge_hunk_settle(const char *text, size_t len, const struct merge_hunks *h, size_t i,
		      const struct buf *ours, const size_t *at, const struct buf *settled,
		      struct buf *out)
{
	struct hunk d = line_hunk(ours, settled);
	size_t a = at[2 * i], e = at[2 * i + 1];
	if (d.a == d.e && d.ve == d.a)
		d.a = d.e = d.ve = a; /* the value ours has: ours' lines */
	if (d.a < a || d.e > e)
		return -1;
	/* conflict i's lines in the settled text: ours' with what changed */
	size_t se = e + d.ve - d.e;
	buf_add(out, text, h->v[i].start);
	buf_add(out, settled->s + a, se - a);
	buf_add(out, text + h->v[i].end, len - h->v[i].end);
	return 0;
}
