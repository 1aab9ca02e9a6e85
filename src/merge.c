/* merge.c — three versions of one plan file merged by records and fields
 * (see merge.h). */
#include "config.h"

#include "merge.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "store.h"

struct merger {
	struct plan *b, *o, *t; /* base, ours (becomes the result), theirs */
	const char *file;       /* the file's name, for what is said */
	struct buf *said;
	size_t conflicts;
};

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
static void find_moves(enum kind k, const struct plan *pb, const struct reclist *base,
		       const struct plan *ps, const void *spar, bool *moved)
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
	(void)pb;
	/* longest increasing subsequence, O(n log n) */
	size_t *tail = xcalloc(n + 1, sizeof(*tail)), *prev = xcalloc(n + 1, sizeof(*prev));
	bool *keep = xcalloc(n + 1, sizeof(*keep));
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seq[tail[mid]] < seq[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (size_t i = len ? tail[len - 1] : SIZE_MAX; i != SIZE_MAX; i = prev[i])
		keep[i] = true;
	for (size_t i = 0; i < n; i++)
		moved[who[i]] = !keep[i];
	free(tail);
	free(prev);
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
	buf_adds(m->said, _("ours"));
	buf_addc(m->said, ' ');
	say_value(k, o, f, m->said);
	buf_adds(m->said, ", ");
	buf_adds(m->said, _("theirs"));
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

/* A conflict about a whole record: `what` says it, with %s for its path. */
static void record_conflict(struct merger *m, enum kind k, const void *r, const char *what)
{
	struct buf path = BUF_INIT;
	rec_path(k, r, &path);
	buf_addf(m->said, "%s: ", m->file);
	buf_addf_table(m->said, what, buf_str(&path));
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

/* Where theirs' record lt->v[j] goes in ours: just after the record it
 * follows in theirs (the nearest one before it that ours holds), past the
 * records ours added there (ours' first, then theirs'); at the start when
 * ours holds none of those before it. */
static size_t place_after(struct merger *m, enum kind k, const struct reclist *lt, size_t j,
			  const void *bpar, void *opar, const struct renames *rn)
{
	const struct reclist *lo = list_of(m->o, k, opar);
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
	find_moves(k, m->b, lb, m->o, opar, moved_o);
	find_moves(k, m->b, lb, m->t, tpar, moved_t);

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
			else
				/* TRANSLATORS: %s is a record, e.g. "F3" or "A1/2025-soder" */
				record_conflict(m, k, o, _("%s: deleted by theirs, changed by ours"));
		} else if (!o && t && !rec_equal(k, x, t)) {
			record_conflict(m, k, t, _("%s: deleted by ours, changed by theirs"));
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
			record_conflict(m, k, t, _("%s: added by both, with different content"));
			continue;
		}
		if (o) {
			/* above theirs' numbers too (id_floor), which are still to come */
			new_id = plan_next_id_in(m->o, k, opar, NULL);
			if (!new_id || plan_find_in(m->t, k, tpar, new_id)) {
				record_conflict(m, k, t, _("%s: added by both, with different content"));
				continue;
			}
			struct buf path = BUF_INIT;
			rec_path(k, t, &path);
			/* TRANSLATORS: "changes.yaml: theirs' F13 "Text" is now F14" */
			buf_addf(m->said, _("%s: theirs' %s \"%s\" is now %s\n"), m->file, buf_str(&path),
				 rec_name(k, t), new_id);
			buf_release(&path);
			rn.v = xrealloc(rn.v, (rn.n + 1) * sizeof(*rn.v));
			rn.v[rn.n].from = id;
			rn.v[rn.n++].to = new_id;
		}
		size_t at = place_after(m, k, lt, j, bpar, opar, &rn);
		void *c = rec_copy(m->o, k, t, new_id);
		rec_head(c)->parent = opar;
		plan_insert(m->o, k, at, c);
		rn.put = xrealloc(rn.put, (rn.nput + 1) * sizeof(*rn.put));
		rn.put[rn.nput++] = c;
	}

	/* theirs' moves, each record after the one it follows in theirs */
	for (size_t i = 0; i < lb->n; i++) {
		if (!moved_t[i])
			continue;
		const char *id = rec_id(k, lb->v[i]);
		void *o = plan_find_in(m->o, k, opar, id);
		const void *t = plan_find_in(m->t, k, tpar, id);
		if (!o || !t)
			continue;
		size_t j = (size_t)plan_index(m->t, k, t);
		const void *before_t = NULL; /* what it follows in theirs, held by ours */
		for (size_t q = j; q-- > 0 && !before_t;)
			before_t = plan_find_in(m->o, k, opar, rec_id(k, lt->v[q])) ? lt->v[q] : NULL;
		size_t from_at = (size_t)plan_index(m->o, k, o);
		if (moved_o[i]) {
			/* moved on both sides: one move if both put it after
			 * the same record */
			const struct reclist *lo = list_of(m->o, k, opar);
			const char *before_o = from_at ? rec_id(k, lo->v[from_at - 1]) : NULL;
			const char *bt = before_t ? rec_id(k, before_t) : NULL;
			if (!(bt == NULL ? before_o == NULL : before_o && strcmp(bt, before_o) == 0))
				record_conflict(m, k, o, _("%s: moved by both, to different places"));
			continue;
		}
		size_t dest = 0;
		if (before_t) {
			size_t q = (size_t)plan_index(m->o, k, plan_find_in(m->o, k, opar,
									   rec_id(k, before_t)));
			dest = from_at < q ? q : q + 1;
		}
		if (dest != from_at)
			plan_move_in(m->o, k, opar, from_at, dest);
	}
	free(rn.v);
	free(rn.put);
	free(moved_o);
	free(moved_t);
}

/* ---- the file -------------------------------------------------------------- */

static bool same_text(const struct merge_input *in, enum merge_side a, enum merge_side b)
{
	return in->len[a] == in->len[b] && memcmp(in->text[a], in->text[b], in->len[a]) == 0;
}

int merge_plan_file(const struct merge_input *in, struct buf *out, struct buf *said,
		    struct diags *d)
{
	/* one side changed nothing: the other side is the result, byte for
	 * byte (as a line merge gives it) */
	if (same_text(in, MERGE_BASE, MERGE_OURS) || same_text(in, MERGE_OURS, MERGE_THEIRS)) {
		enum merge_side s = same_text(in, MERGE_BASE, MERGE_OURS) ? MERGE_THEIRS : MERGE_OURS;
		buf_add(out, in->text[s], in->len[s]);
		return 0;
	}
	if (same_text(in, MERGE_BASE, MERGE_THEIRS)) {
		buf_add(out, in->text[MERGE_OURS], in->len[MERGE_OURS]);
		return 0;
	}
	struct plan *p[MERGE_SIDES] = { NULL };
	struct store *st[MERGE_SIDES] = { NULL };
	int rc = 0;
	for (int s = 0; s < MERGE_SIDES; s++)
		if (store_load_file(in->file, in->name[s], in->text[s], in->len[s], &p[s], &st[s],
				    d) < 0)
			rc = -1;
	if (rc == 0) {
		struct merger m = { p[MERGE_BASE], p[MERGE_OURS], p[MERGE_THEIRS],
				    schema_files[in->file].name, said, 0 };
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
		if (m.conflicts)
			rc = (int)(m.conflicts < 100 ? m.conflicts : 100);
		else if (store_render_file(st[MERGE_OURS], m.o, in->file, out, d) < 0)
			rc = -1;
	}
	for (int s = 0; s < MERGE_SIDES; s++) {
		plan_free(&p[s]);
		store_free(&st[s]);
	}
	if (rc != 0)
		buf_reset(out);
	return rc;
}
