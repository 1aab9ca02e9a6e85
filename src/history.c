/* history.c — the plan in git: old revisions, semantic differences, commit
 * messages, commits and the log.  See history.h. */
#include "config.h"

#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "gitrun.h"
#include "i18n.h"
#include "store.h"

static const char *plan_file(int f)
{
	return schema_files[f].name;
}

void history_with_files(const char *dir, const char **argv, const char *const *head)
{
	size_t n = 0;
	for (; head[n]; n++)
		argv[n] = head[n];
	for (int f = 0; f < SF_COUNT; f++) {
		if (!schema_files[f].required) {
			char *path = xasprintf("%s/%s", dir, plan_file(f));
			bool there = access(path, F_OK) == 0;
			free(path);
			if (!there)
				continue;
		}
		argv[n++] = plan_file(f);
	}
	argv[n] = NULL;
}

/* ---- op lists --------------------------------------------------------- */

/* ---- the difference of two plans -------------------------------------- */

static struct op *push_new(struct oplist *l, enum op_kind kind, enum kind k, const char *id,
			   int field)
{
	struct op op;
	memset(&op, 0, sizeof(op));
	op.kind = kind;
	op.rk = k;
	op.id = xstrdup(id);
	op.field = field;
	oplist_push(l, &op);
	return &l->v[l->n - 1];
}

/* The same for record r of plan b, named by its path there. */
static struct op *push_rec(struct oplist *l, enum op_kind kind, enum kind k, const void *r,
			   int field)
{
	struct buf path = BUF_INIT;
	rec_path(k, r, &path);
	struct op *op = push_new(l, kind, k, buf_str(&path), field);
	buf_release(&path);
	return op;
}

/* An op on record `id` in the list inside `parent` (of plan b). */
static struct op *push_in(struct oplist *l, enum op_kind kind, enum kind k, const void *parent,
			  const char *id)
{
	struct buf path = BUF_INIT;
	if (parent) {
		rec_path(kind_of(k)->parent, parent, &path);
		buf_addc(&path, '/');
	}
	buf_adds(&path, id);
	struct op *op = push_new(l, kind, k, buf_str(&path), -1);
	buf_release(&path);
	return op;
}

/* Records found renamed between the two plans: the same record, the same
 * place, every other field the same, a new id.  Their references in the
 * old plan are read under the new ids, as applying the renames makes them. */
struct renames {
	struct rename {
		enum kind k;
		const char *from, *to;
	} *v;
	size_t n;
};

/* What the old plan's reference `id` to a record of kind k reads as once
 * the renames are applied. */
static const char *renamed(const struct renames *rn, enum kind k, const char *id)
{
	for (size_t i = 0; rn && i < rn->n; i++)
		if (rn->v[i].k == k && strcmp(rn->v[i].from, id) == 0)
			return rn->v[i].to;
	return id;
}

static bool has_renames(const struct renames *rn, enum kind k)
{
	for (size_t i = 0; rn && i < rn->n; i++)
		if (rn->v[i].k == k)
			return true;
	return false;
}

/* Whether record a's field f, its references renamed, equals b's. */
static bool field_same(const struct renames *rn, enum kind k, int f, const void *a,
		       const void *b)
{
	const struct field *fd = kind_field(k, f);
	if ((fd->type != FT_REF && fd->type != FT_REFS) || !has_renames(rn, fd->ref))
		return rec_field_equal(k, f, a, b);
	char tmp[16];
	size_t na = rec_list_len(a, k, f), nb = rec_list_len(b, k, f);
	if (fd->type == FT_REF)
		return strcmp(renamed(rn, fd->ref, rec_str(a, fd)), rec_str(b, fd)) == 0;
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++) {
		const char *x = renamed(rn, fd->ref, rec_list_item(a, k, f, i, tmp));
		if (strcmp(x, rec_list_item(b, k, f, i, tmp)) != 0)
			return false;
	}
	return true;
}

/* Whether `item` of b's list field f is in a's (references read renamed). */
static bool in_old_list(const struct renames *rn, enum kind k, int f, const void *a,
			const char *item)
{
	const struct field *fd = kind_field(k, f);
	enum kind to = fd->type == FT_REF || fd->type == FT_REFS ? fd->ref : K_NONE;
	for (size_t j = 0; j < rec_list_len(a, k, f); j++) {
		char tmp[16];
		const char *x = rec_list_item(a, k, f, j, tmp);
		if (strcmp(to != K_NONE ? renamed(rn, to, x) : x, item) == 0)
			return true;
	}
	return false;
}

/* The items of a list field that both records have, put in b's order:
 * each one out of place is taken out and put back where b has it, in
 * turn (ops that apply after the removals and before the additions).  A
 * reorder of a group's members is a decision too. */
static void diff_order(struct oplist *l, const struct renames *rn, enum kind k, int f,
		       const void *a, const void *b)
{
	const struct field *fd = kind_field(k, f);
	enum kind to = fd->type == FT_REFS ? fd->ref : K_NONE;
	size_t na = rec_list_len(a, k, f), nb = rec_list_len(b, k, f), m = 0;
	const char **cur = xcalloc(na ? na : 1, sizeof(*cur));
	for (size_t i = 0; i < na; i++) {
		const char *item = rec_list_item(a, k, f, i, NULL);
		if (to != K_NONE)
			item = renamed(rn, to, item);
		if (rec_list_contains(b, k, f, item))
			cur[m++] = item;
	}
	for (size_t i = 0, j = 0; i < nb && j < m; i++) {
		const char *item = rec_list_item(b, k, f, i, NULL);
		size_t at = j;
		while (at < m && strcmp(cur[at], item) != 0)
			at++;
		if (at == m)
			continue; /* new in b: added later */
		if (at != j) {
			struct op *op = push_rec(l, OP_REMOVE_ITEM, k, b, f);
			op->after = xstrdup(item);
			op->from = at;
			op = push_rec(l, OP_ADD_ITEM, k, b, f);
			op->after = xstrdup(item);
			op->from = j;
			memmove(cur + j + 1, cur + j, (at - j) * sizeof(*cur));
			cur[j] = item;
		}
		j++;
	}
	free(cur);
}

/* One field of two records with the same id. */
static void diff_field(struct oplist *l, const struct renames *rn, enum kind k, int f,
		       const void *a, const void *b)
{
	const struct field *fd = kind_field(k, f);
	if (fd->type == FT_RECORDS || field_same(rn, k, f, a, b))
		return; /* the records inside: diff_kind */
	enum kind to = fd->type == FT_REF || fd->type == FT_REFS ? fd->ref : K_NONE;
	if (!field_is_list(fd)) {
		struct buf x = BUF_INIT, y = BUF_INIT;
		rec_format(a, k, f, ",", &x);
		rec_format(b, k, f, ",", &y);
		struct op *op = push_rec(l, OP_SET, k, b, f);
		op->before = buf_detach(&x);
		op->after = buf_detach(&y);
		return;
	}
	char tmp[16];
	size_t na = rec_list_len(a, k, f), nb = rec_list_len(b, k, f);
	for (size_t i = 0; i < na; i++) {
		const char *item = rec_list_item(a, k, f, i, tmp);
		if (to != K_NONE)
			item = renamed(rn, to, item);
		if (!rec_list_contains(b, k, f, item)) {
			struct op *op = push_rec(l, OP_REMOVE_ITEM, k, b, f);
			op->after = xstrdup(item);
			op->from = i;
		}
	}
	if (fd->type != FT_YEARS) /* years are kept ascending */
		diff_order(l, rn, k, f, a, b);
	for (size_t i = 0; i < nb; i++) {
		const char *item = rec_list_item(b, k, f, i, tmp);
		if (!in_old_list(rn, k, f, a, item)) {
			struct op *op = push_rec(l, OP_ADD_ITEM, k, b, f);
			op->after = xstrdup(item);
			op->from = i;
		}
	}
}

/* The order commit messages name a change's fields in: what the meeting
 * decides first. */
static const int change_order[] = { CF_STATUS, CF_PRIORITY, CF_GROUPS, CF_EFFECTS, CF_HORIZON,
				    CF_TEXT, CF_NOTES };

/* The fields of one record that differ. */
static void diff_record(struct oplist *l, const struct renames *rn, enum kind k, const void *a,
			const void *b)
{
	const struct kind_info *kd = kind_of(k);
	if (k == K_CHANGE) {
		for (size_t i = 0; i < sizeof(change_order) / sizeof(*change_order); i++)
			diff_field(l, rn, k, change_order[i], a, b);
		return;
	}
	for (int f = 0; f < kd->nfields; f++)
		if (f != kd->id_field)
			diff_field(l, rn, k, f, a, b);
}

/* Whether a and b are the same record under another id: every other
 * field the same (references read renamed). */
static bool same_but_id(const struct renames *rn, enum kind k, const void *a, const void *b)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++)
		if (f != kd->id_field && kd->fields[f].type != FT_RECORDS &&
		    !field_same(rn, k, f, a, b))
			return false;
	return true;
}

/* The record of a (in the list inside pa) that b's record y is: the one
 * with its id, or the one renamed to it. */
static const void *counterpart(const struct plan *a, const void *pa,
			       const struct renames *rn, enum kind k, const void *y)
{
	const char *id = rec_id(k, y);
	for (size_t i = 0; !pa && i < rn->n; i++)
		if (rn->v[i].k == k && strcmp(rn->v[i].to, id) == 0)
			return plan_find_in(a, k, pa, rn->v[i].from);
	return plan_find_in(a, k, pa, id);
}

/* Finds the renames of top-level kind k (see struct renames) and says
 * each as a set of the id, which renames every reference too. */
static void find_renames(const struct plan *a, const struct plan *b, enum kind k,
			 struct renames *rn, struct oplist *out)
{
	size_t na = plan_count(a, k), nb = plan_count(b, k);
	int idf = kind_of(k)->id_field;
	for (size_t i = 0; i < nb && i < na; i++) {
		const void *y = plan_rec(b, k, i), *x = plan_rec(a, k, i);
		if (plan_find(a, k, rec_id(k, y)) || plan_find(b, k, rec_id(k, x)) ||
		    !same_but_id(rn, k, x, y))
			continue;
		rn->v = xrealloc(rn->v, (rn->n + 1) * sizeof(*rn->v));
		rn->v[rn->n++] = (struct rename){ k, rec_id(k, x), rec_id(k, y) };
		struct op *op = push_new(out, OP_SET, k, rec_id(k, x), idf);
		op->before = xstrdup(rec_id(k, x));
		op->after = xstrdup(rec_id(k, y));
	}
}

static bool renamed_from(const struct renames *rn, enum kind k, const char *id)
{
	return renamed(rn, k, id) != id;
}

static bool renamed_to(const struct renames *rn, enum kind k, const char *id)
{
	for (size_t i = 0; i < rn->n; i++)
		if (rn->v[i].k == k && strcmp(rn->v[i].to, id) == 0)
			return true;
	return false;
}

/* The records of kind k in the list inside pa (of plan a; NULL: the
 * plan's own list) and pb (its counterpart in b): added, deleted, moved,
 * then each one's fields, then the records inside each, the same way.
 * Only top-level records are found renamed; others are deleted and
 * added. */
static void diff_kind(const struct plan *a, const struct plan *b, enum kind k, const void *pa,
		      const void *pb, struct renames *rn, struct oplist *out)
{
	const struct kind_info *kd = kind_of(k);
	const struct reclist *la = plan_list(a, k, pa), *lb = plan_list(b, k, pb);
	bool top = !kind_is_nested(k);
	if (top && kd->id_field >= 0)
		find_renames(a, b, k, rn, out);
	size_t na = la->n, nb = lb->n;
	/* deleted, from the last: each at its place in a as the ones before
	 * it leave it; then added, each at its place in b.  Applied in turn
	 * they give b's records (in b's order, but for the moves below, which
	 * say where records went for people: their places are b's) */
	for (size_t i = na; i-- > 0;) {
		void *r = la->v[i];
		if (plan_find_in(b, k, pb, rec_id(k, r)) || (top && renamed_from(rn, k, rec_id(k, r))))
			continue;
		struct op *op = push_in(out, OP_DELETE, k, pb, rec_id(k, r));
		op->from = i;
		op->rec = r;
	}
	for (size_t i = 0; i < nb; i++) {
		void *r = lb->v[i];
		if (plan_find_in(a, k, pa, rec_id(k, r)) || (top && renamed_to(rn, k, rec_id(k, r))))
			continue;
		struct op *op = push_in(out, OP_ADD, k, pb, rec_id(k, r));
		op->from = i;
		op->rec = r;
	}
	/* moves: the common records in a's order, by their place in b; those
	 * outside the longest run already in order are moved (the fewest) */
	size_t n = 0, *seq = xcalloc(na + 1, sizeof(*seq));
	for (size_t i = 0; i < na; i++) {
		const char *id = rec_id(k, la->v[i]);
		const void *y = plan_find_in(b, k, pb, top ? renamed(rn, k, id) : id);
		long at = y ? plan_index(b, k, y) : -1;
		if (at >= 0)
			seq[n++] = (size_t)at;
	}
	bool *keep = xcalloc(n + 1, sizeof(*keep));
	longest_increasing(seq, n, keep);
	bool *moves = xcalloc(nb + 1, sizeof(*moves));
	for (size_t i = 0; i < n; i++)
		moves[seq[i]] = !keep[i];
	/* Where they go, so that the ops apply in turn: the list after the
	 * deletes and adds above (w, places in b), each moved record put
	 * right after the one before it in b, in b's order.  What was put so
	 * and what stays are then in b's order, and at the end all are. */
	size_t *w = xcalloc(nb + 1, sizeof(*w)), nw = 0;
	for (size_t i = 0; i < n; i++)
		w[nw++] = seq[i];
	for (size_t i = 0; i < nb; i++) /* the added, at their places in b */
		if (!counterpart(a, pa, rn, k, lb->v[i])) {
			memmove(w + i + 1, w + i, (nw - i) * sizeof(*w));
			w[i] = i;
			nw++;
		}
	for (size_t t = 0; t < nb; t++) {
		if (!moves[t])
			continue;
		size_t c = 0, q = SIZE_MAX;
		while (w[c] != t)
			c++;
		if (t > 0)
			for (q = 0; w[q] != t - 1; q++)
				;
		size_t dest = q == SIZE_MAX ? 0 : c > q ? q + 1 : q;
		struct op *op = push_rec(out, OP_MOVE, k, lb->v[t], -1);
		op->from = c;
		op->to = dest;
		/* said as a place in b unless the places are a's and b's */
		long ia = plan_index(a, k, counterpart(a, pa, rn, k, lb->v[t]));
		if (ia != (long)c || dest != t)
			op->place = t + 1;
		size_t m = w[c];
		if (c < dest)
			memmove(w + c, w + c + 1, (dest - c) * sizeof(*w));
		else
			memmove(w + dest + 1, w + dest, (c - dest) * sizeof(*w));
		w[dest] = m;
	}
	free(w);
	free(moves);
	free(keep);
	free(seq);
	for (size_t i = 0; i < nb; i++) {
		const void *y = lb->v[i], *x = counterpart(a, pa, rn, k, y);
		if (!x)
			continue;
		diff_record(out, rn, k, x, y);
		for (int f = 0; f < kd->nfields; f++)
			if (kd->fields[f].type == FT_RECORDS)
				diff_kind(a, b, kd->fields[f].ref, x, y, rn, out);
	}
}

void plan_diff(const struct plan *a, const struct plan *b, struct oplist *out)
{
	/* the kinds in schema order: a kind's renames are found before the
	 * kinds that refer to it (schema.h: references point to earlier kinds);
	 * the records inside records with their parents */
	struct renames rn = { 0 };
	for (int k = 0; k < K_COUNT; k++) {
		if (kind_is_own((enum kind)k))
			diff_record(out, &rn, (enum kind)k, a->info, b->info);
		else if (!kind_is_nested((enum kind)k))
			diff_kind(a, b, (enum kind)k, NULL, NULL, &rn, out);
	}
	free(rn.v);
}

/* ---- commit messages --------------------------------------------------- */

/* Up to this many ops of a kind are named one by one in a summary ("F5
 * prioritised 2025"); more are counted. */
#define NAMED_MAX 3
/* A commit's subject fits this many columns (git's custom). */
#define SUBJECT_MAX 72

static size_t columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* What a summary says of an op, by kind of edit. */
enum part {
	PART_STATUS, PART_PRIO_ADDED, PART_PRIO_REMOVED, PART_ADDED, PART_DELETED,
	PART_MOVED, PART_GROUPS, PART_EFFECTS, PART_TEXT, PART_NOTES, PART_PLAN, PART_EDITED,
	PART_COUNT
};

static enum part part_of(const struct op *op)
{
	bool item = op->kind == OP_ADD_ITEM || op->kind == OP_REMOVE_ITEM;
	switch (op->kind) {
	case OP_ADD: return PART_ADDED;
	case OP_DELETE: return PART_DELETED;
	case OP_MOVE: return PART_MOVED;
	case OP_SET:
	case OP_ADD_ITEM:
	case OP_REMOVE_ITEM:
	case OP_COUNT:
		break;
	}
	if (op->rk == K_PLAN)
		return PART_PLAN;
	if (op->rk != K_CHANGE)
		return PART_EDITED;
	if (op->kind == OP_SET && op->field == CF_STATUS)
		return PART_STATUS;
	if (op->kind == OP_SET && op->field == CF_TEXT)
		return PART_TEXT;
	if (op->kind == OP_SET && op->field == CF_NOTES)
		return PART_NOTES;
	if (item && op->field == CF_PRIORITY)
		return op->kind == OP_ADD_ITEM ? PART_PRIO_ADDED : PART_PRIO_REMOVED;
	if (item && op->field == CF_GROUPS)
		return PART_GROUPS;
	if (item && op->field == CF_EFFECTS)
		return PART_EFFECTS;
	return PART_EDITED;
}

/* The parts that say their ops per kind of record, or per year. */
static bool part_per_kind(enum part pt)
{
	return pt == PART_ADDED || pt == PART_DELETED || pt == PART_MOVED || pt == PART_EDITED;
}

static bool part_per_year(enum part pt)
{
	return pt == PART_PRIO_ADDED || pt == PART_PRIO_REMOVED;
}

/* What tells ops of one part apart in a summary: the kind of record, or
 * the year prioritised (ops of one key are said together). */
static long part_key(enum part pt, const struct op *op)
{
	if (part_per_kind(pt))
		return op->rk;
	if (part_per_year(pt))
		return op->after ? atol(op->after) : 0;
	return 0;
}

/* One op named in a summary, e.g. "F5", "group X added", "focus year
 * 2025 → 2026" (the parts per year say the year once, after the ids). */
static void name_op(const struct plan *p, const struct op *op, struct buf *out)
{
	switch (part_of(op)) {
	case PART_ADDED:
	case PART_DELETED: {
		/* a record by the id its readers know (F13, A2), else as said */
		const struct kind_info *kd = kind_of(op->rk);
		if (kd->id_rule == ID_NUMBERED && kd->id_prefix && !kind_is_nested(op->rk)) {
			buf_addf(out, op->kind == OP_ADD ? _("%s added") : _("%s deleted"), op->id);
			return;
		}
		op_describe(p, op, out);
		return;
	}
	case PART_PLAN:
		op_describe(p, op, out);
		return;
	case PART_PRIO_ADDED:
	case PART_PRIO_REMOVED:
	case PART_STATUS:
	case PART_MOVED:
	case PART_GROUPS:
	case PART_EFFECTS:
	case PART_TEXT:
	case PART_NOTES:
	case PART_EDITED:
	case PART_COUNT:
		break;
	}
	buf_adds(out, op->id);
}

/* What the ids of a part per year are said with: "F5, F9 prioritised
 * 2026". */
static void year_words(enum part pt, long year, size_t n, struct buf *out)
{
	if (pt == PART_PRIO_ADDED)
		/* TRANSLATORS: after one or more ids: "F5, F9 prioritised 2026" */
		buf_addf(out, ngettext_(" prioritised %ld", " prioritised %ld", n), year);
	else
		buf_addf(out, ngettext_(" no longer prioritised %ld", " no longer prioritised %ld", n), year);
}

/* "3 status changes": n ops of part `pt` (of kind or year `key`),
 * counted; `compact`: in the fewest words that still name the kind. */
static void count_part(enum part pt, long key, size_t n, bool compact, struct buf *out)
{
	const char *what = part_per_kind(pt) ? (n == 1 ? _(kind_of((enum kind)key)->words->label)
						      : _(kind_of((enum kind)key)->words->plural))
					   : "";
	switch (pt) {
	case PART_STATUS:
		if (compact)
			buf_addf(out, ngettext_("%zu status", "%zu statuses", n), n);
		else
			buf_addf(out, ngettext_("%zu status change", "%zu status changes", n), n);
		return;
	case PART_PRIO_ADDED:
		if (compact)
			/* TRANSLATORS: few words: "2 prio 2026" (changes prioritised in 2026) */
			buf_addf(out, ngettext_("%zu prio %ld", "%zu prio %ld", n), n, key);
		else
			buf_addf(out, ngettext_("%zu prioritised %ld", "%zu prioritised %ld", n), n, key);
		return;
	case PART_PRIO_REMOVED:
		if (compact)
			/* TRANSLATORS: few words: "2 unprio 2026" (no longer prioritised in 2026) */
			buf_addf(out, ngettext_("%zu unprio %ld", "%zu unprio %ld", n), n, key);
		else
			buf_addf(out, ngettext_("%zu no longer prioritised %ld", "%zu no longer prioritised %ld", n),
				 n, key);
		return;
	case PART_ADDED:
		if (compact)
			/* TRANSLATORS: few words: "+2 groups" (added; the kind, singular or plural) */
			buf_addf(out, ngettext_("+%zu %s", "+%zu %s", n), n, what);
		else
			/* TRANSLATORS: "2 groups added" (the kind of record, singular or plural) */
			buf_addf(out, ngettext_("%zu %s added", "%zu %s added", n), n, what);
		return;
	case PART_DELETED:
		buf_addf(out, ngettext_("%zu %s deleted", "%zu %s deleted", n), n, what);
		return;
	case PART_MOVED:
		/* TRANSLATORS: "2 changes moved" (the kind of record) */
		buf_addf(out, ngettext_("%zu %s moved", "%zu %s moved", n), n, what);
		return;
	case PART_GROUPS:
		if (compact)
			/* TRANSLATORS: few words: "4 assigned" (groups to changes, or unassigned) */
			buf_addf(out, ngettext_("%zu assigned", "%zu assigned", n), n);
		else
			buf_addf(out, ngettext_("%zu group assignment", "%zu group assignments", n), n);
		return;
	case PART_EFFECTS:
		if (compact)
			/* TRANSLATORS: few words: "4 links" (of changes to effects, or unlinked) */
			buf_addf(out, ngettext_("%zu link", "%zu links", n), n);
		else
			buf_addf(out, ngettext_("%zu effect link", "%zu effect links", n), n);
		return;
	case PART_TEXT:
		buf_addf(out, ngettext_("%zu text edit", "%zu text edits", n), n);
		return;
	case PART_NOTES:
		buf_addf(out, ngettext_("%zu note", "%zu notes", n), n);
		return;
	case PART_PLAN:
		buf_addf(out, ngettext_("%zu edit of the plan", "%zu edits of the plan", n), n);
		return;
	case PART_EDITED:
		/* TRANSLATORS: "3 edits of groups" (the kind of record in the plural) */
		buf_addf(out, ngettext_("%zu edit of %s", "%zu edits of %s", n), n,
			 _(kind_of((enum kind)key)->words->plural));
		return;
	case PART_COUNT:
		break;
	}
}

/* Parts whose ops are named one by one when there are few. */
static bool named_part(enum part pt)
{
	return pt == PART_PRIO_ADDED || pt == PART_PRIO_REMOVED || pt == PART_ADDED ||
	       pt == PART_DELETED || pt == PART_PLAN;
}

/* How a summary says its ops. */
enum summary_style {
	SUM_NAMED,   /* the few of a part named one by one, the rest counted */
	SUM_COUNTED, /* every part counted */
	SUM_COMPACT, /* counted in the fewest words */
};

/* The summary's words, one part after another in `order`, in `style`.
 * With `room` (columns, 0: no limit), the parts stop before the one that
 * would not fit, and the ops left out are counted ("and 2 more edits"). */
static void summarise(const struct plan *p, const struct oplist *ops, enum summary_style style,
		      size_t room, struct buf *out)
{
	static const enum part order[] = {
		PART_PLAN, PART_STATUS, PART_PRIO_ADDED, PART_PRIO_REMOVED, PART_ADDED,
		PART_DELETED, PART_MOVED, PART_GROUPS, PART_EFFECTS, PART_TEXT, PART_NOTES,
		PART_EDITED,
	};
	/* a move of an item is one edit: said by its second op only */
	bool *skip = xcalloc(ops->n ? ops->n : 1, sizeof(*skip));
	size_t n = ops->n;
	for (size_t i = 0; i + 1 < ops->n; i++)
		if (op_is_item_move(&ops->v[i], &ops->v[i + 1])) {
			skip[i] = true;
			n--;
		}
	size_t start = out->len, said = 0;
	struct buf part = BUF_INIT, more = BUF_INIT;
	/* each part's keys (kinds, years) in the order first met, counted */
	struct { long key; size_t count; } *keys = NULL;
	size_t nkeys = 0, cap = 0;
	for (size_t o = 0; o < sizeof(order) / sizeof(*order); o++) {
		enum part pt = order[o];
		nkeys = 0;
		for (size_t i = 0; i < ops->n; i++) {
			if (skip[i] || part_of(&ops->v[i]) != pt)
				continue;
			long key = part_key(pt, &ops->v[i]);
			size_t k = 0;
			while (k < nkeys && keys[k].key != key)
				k++;
			if (k == nkeys) {
				if (nkeys == cap) {
					cap = cap ? 2 * cap : 8;
					keys = xrealloc(keys, cap * sizeof(*keys));
				}
				keys[nkeys].key = key;
				keys[nkeys++].count = 0;
			}
			keys[k].count++;
		}
		for (size_t k = 1; part_per_year(pt) && k < nkeys; k++) /* the years in order */
			for (size_t j = k; j > 0 && keys[j - 1].key > keys[j].key; j--) {
				long t = keys[j].key;
				size_t c = keys[j].count;
				keys[j] = keys[j - 1];
				keys[j - 1].key = t;
				keys[j - 1].count = c;
			}
		for (size_t k = 0; k < nkeys; k++) {
			long key = keys[k].key;
			size_t count = keys[k].count;
			buf_reset(&part);
			if (style != SUM_NAMED || !named_part(pt) || count > NAMED_MAX) {
				count_part(pt, key, count, style == SUM_COMPACT, &part);
			} else {
				for (size_t i = 0, j = 0; i < ops->n; i++) {
					if (skip[i] || part_of(&ops->v[i]) != pt ||
					    part_key(pt, &ops->v[i]) != key)
						continue;
					if (j++)
						buf_adds(&part, ", ");
					name_op(p, &ops->v[i], &part);
				}
				if (part_per_year(pt))
					year_words(pt, key, count, &part);
			}
			if (room) {
				size_t left = n - said - count;
				buf_reset(&more);
				if (left)
					buf_addf(&more, ngettext_(" and %zu more edit", " and %zu more edits", left),
						 left);
				size_t cols = columns(out->s + start, out->len - start) + (said ? 2 : 0) +
					      columns(part.s, part.len) + columns(more.s, more.len);
				if (said && cols > room) {
					buf_addf(out, ngettext_(" and %zu more edit", " and %zu more edits",
								n - said),
						 n - said);
					goto done;
				}
			}
			if (said)
				buf_adds(out, ", ");
			buf_add(out, part.s, part.len);
			said += count;
		}
	}
done:
	free(keys);
	free(skip);
	buf_release(&part);
	buf_release(&more);
	if (out->len == start)
		buf_adds(out, _("no changes"));
}

void history_summary(const struct plan *p, const struct oplist *ops, const char *meeting,
		     struct buf *out)
{
	/* a meeting's own notes beside decisions on the plan: the subject
	 * says the decisions (the body lists every edit) */
	size_t nplan = 0;
	for (size_t i = 0; i < ops->n; i++)
		nplan += !kind_of_meetings(ops->v[i].rk);
	if (nplan && nplan < ops->n) {
		struct oplist decided = { xcalloc(nplan, sizeof(struct op)), 0, nplan };
		for (size_t i = 0; i < ops->n; i++)
			if (!kind_of_meetings(ops->v[i].rk))
				decided.v[decided.n++] = ops->v[i]; /* shared, not owned */
		history_summary(p, &decided, meeting, out);
		free(decided.v);
		return;
	}
	size_t start = out->len;
	if (meeting)
		buf_addf(out, "%s: ", meeting);
	size_t head = out->len;
	if (ops->n == 1 || (ops->n == 2 && op_is_item_move(&ops->v[0], &ops->v[1])))
		op_describe_at(p, ops->v, ops->n, 0, out);
	else
		summarise(p, ops, SUM_NAMED, 0, out);
	/* too long for a subject: count the kinds of edits instead, then in
	 * fewer words, and leave out the last kinds when even that is too
	 * long */
	size_t room = SUBJECT_MAX - columns(out->s + start, head - start);
	static const enum summary_style shorter[] = { SUM_COUNTED, SUM_COMPACT };
	for (size_t i = 0; i < 2 && columns(out->s + head, out->len - head) > room; i++) {
		out->len = head;
		out->s[out->len] = '\0';
		summarise(p, ops, shorter[i], 0, out);
	}
	if (columns(out->s + head, out->len - head) > room) {
		out->len = head;
		out->s[out->len] = '\0';
		summarise(p, ops, SUM_COMPACT, room, out);
	}
}

/* Appends `line` wrapped at SUBJECT_MAX columns, at spaces, later lines
 * indented by two spaces: a note or a mandate is said whole. */
static void wrapped(const char *line, struct buf *out)
{
	size_t n = strlen(line), start = 0, width = SUBJECT_MAX;
	bool first = true;
	while (start < n) {
		if (!first) {
			buf_adds(out, "  ");
			width = SUBJECT_MAX - 2;
		}
		size_t end = start, last_space = 0, cols = 0;
		while (end < n && line[end] != '\n') {
			if (line[end] == ' ')
				last_space = end;
			if (((unsigned char)line[end] & 0xc0) != 0x80 && ++cols > width)
				break;
			end++;
		}
		size_t cut = end;
		if (end < n && line[end] != '\n' && last_space > start)
			cut = last_space;
		buf_add(out, line + start, cut - start);
		buf_adds(out, "\n");
		start = cut;
		while (start < n && (line[start] == ' ' || line[start] == '\n'))
			start++;
		first = false;
	}
	if (!n)
		buf_adds(out, "\n");
}

void history_message(const struct plan *p, const struct oplist *ops, const char *meeting,
		     struct buf *out)
{
	history_summary(p, ops, meeting, out);
	buf_adds(out, "\n");
	struct buf line = BUF_INIT;
	bool one = ops->n == 1 || (ops->n == 2 && op_is_item_move(&ops->v[0], &ops->v[1]));
	bool body = !one;
	if (one) {
		/* a subject that had to be shortened is said whole below */
		op_describe_at(p, ops->v, ops->n, 0, &line);
		body = !strstr(out->s, line.s);
	}
	if (body) {
		buf_adds(out, "\n");
		for (size_t i = 0; i < ops->n;) {
			buf_reset(&line);
			i += op_describe_at(p, ops->v, ops->n, i, &line);
			wrapped(buf_str(&line), out);
		}
	}
	buf_release(&line);
}

void history_draft_message(const char *dir, const struct plan *p, struct buf *out)
{
	struct plan *head = NULL;
	struct buf err = BUF_INIT;
	if (history_load_rev(dir, "HEAD", &head, &err) < 0)
		head = plan_new();
	buf_release(&err);
	struct oplist ops = OPLIST_INIT;
	plan_diff(head, p, &ops);
	char today[11];
	history_today(today);
	struct buf meeting = BUF_INIT;
	bool on = history_meeting_on(p, today, &meeting);
	if (ops.n) {
		history_message(p, &ops, on ? buf_str(&meeting) : NULL, out);
	} else {
		/* only what ops do not speak of: comments, layout */
		if (on)
			buf_addf(out, "%s: ", buf_str(&meeting));
		buf_adds(out, _("Edit the plan's files"));
		buf_adds(out, "\n");
	}
	buf_release(&meeting);
	oplist_clear(&ops);
	plan_free(&head);
}

bool history_meeting_on(const struct plan *p, const char *date, struct buf *out)
{
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++)
		if (meeting_is_own(plan_meeting(p, i)) && strcmp(plan_meeting(p, i)->date, date) == 0) {
			buf_addf(out, "%s %s", *p->info->adopted_by ? p->info->adopted_by : _("Meeting"),
				 date);
			return true;
		}
	return false;
}

const char *history_last_meeting(const struct plan *p, const char *date)
{
	const char *best = NULL;
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const char *d = plan_meeting(p, i)->date;
		if (meeting_is_own(plan_meeting(p, i)) && strcmp(d, date) < 0 &&
		    (!best || strcmp(d, best) > 0))
			best = d;
	}
	return best;
}

void history_today(char out[11])
{
	date_today(getenv("SAMPLAN_DATE"), out);
}

/* ---- git ---------------------------------------------------------------- */

bool history_available(const char *dir, struct buf *why)
{
	return history_where(dir, NULL, why);
}

bool history_where(const char *dir, bool *detached, struct buf *why)
{
	/* one git process: when it cannot run, git_available knows it */
	if (git_where(dir, detached))
		return true;
	if (!git_available())
		buf_adds(why, _("git is not installed (or cannot be run)"));
	else
		buf_addf(why, _("%s is not in a git repository"), dir);
	return false;
}

/* A revision is passed to git only when it cannot be read as an option
 * or break the line-based input of git cat-file. */
static bool rev_ok(const char *rev, struct buf *err)
{
	if (!*rev || *rev == '-') {
		buf_addf(err, _("'%s' is not a revision"), rev);
		return false;
	}
	for (const char *s = rev; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			buf_adds(err, _("a revision cannot hold control characters"));
			return false;
		}
	return true;
}

static void git_words(int rc, struct buf *gerr, struct buf *err)
{
	if (rc == 127) {
		buf_adds(err, _("git is not installed (or cannot be run)"));
		return;
	}
	size_t n = gerr->len;
	while (n && (gerr->s[n - 1] == '\n' || gerr->s[n - 1] == ' '))
		n--;
	if (n)
		buf_add(err, gerr->s, n);
	else
		buf_addf(err, _("git failed (exit status %d)"), rc);
}

/* The plan files of `nrevs` revisions, fetched by one git cat-file: blob
 * texts in `store` (owned by the caller), with starts and lengths in
 * text[r][f] / len[r][f]; a missing file has text NULL. */
struct blobs {
	struct buf store;
	size_t (*off)[SF_COUNT], (*len)[SF_COUNT];
	bool (*present)[SF_COUNT];
};

static void blobs_clear(struct blobs *b)
{
	buf_release(&b->store);
	free(b->off);
	free(b->len);
	free(b->present);
}

/* The plan files of revisions from one git cat-file --batch, a revision
 * at a time: `one` holds the files of the revision being read (as
 * revision 0), handed to `each` once they are all there. */
struct blob_stream {
	size_t nrevs, rec; /* records expected, and read */
	/* first a record "<oid> commit <size>" for REV^{commit}, when asked:
	 * cat-file says "missing" for an unknown revision's files only */
	bool commit_first;
	bool no_commit; /* that record was no commit */
	size_t pending; /* bytes of the object being read still to come, and
			 * its line break */
	bool skipping;  /* ...of the commit's record, not kept */
	struct blobs one;
	void (*each)(void *ctx, size_t r, const struct blobs *one);
	void *ctx;
};

/* The file record f of the revision being read is whole: on to the next,
 * and when it was the revision's last, the revision to `each`. */
static void blob_done(struct blob_stream *bs)
{
	bs->rec++;
	if (bs->rec % SF_COUNT == 0) {
		bs->each(bs->ctx, bs->rec / SF_COUNT - 1, &bs->one);
		buf_reset(&bs->one.store);
		memset(bs->one.present, 0, sizeof(*bs->one.present));
	}
}

/* Takes what cat-file wrote so far: a record's header once whole, its
 * object's bytes as they come (so that no more than a pipe's worth waits
 * in gitrun's buffer, and a revision's files are held once). */
static size_t blob_sink(void *v, const char *s, size_t n)
{
	struct blob_stream *bs = v;
	size_t at = 0;
	while (!bs->no_commit && bs->rec < bs->nrevs * SF_COUNT) {
		struct blobs *o = &bs->one;
		if (bs->pending) {
			/* an object's bytes, then the line break after it */
			size_t k = n - at < bs->pending ? n - at : bs->pending;
			size_t body = bs->pending > 1 ? bs->pending - 1 : 0;
			if (!bs->skipping)
				buf_add(&o->store, s + at, k < body ? k : body);
			at += k;
			bs->pending -= k;
			if (bs->pending)
				break; /* the rest is to come */
			if (bs->skipping)
				bs->skipping = false;
			else
				blob_done(bs);
			continue;
		}
		const char *nl = memchr(s + at, '\n', n - at);
		if (!nl)
			break; /* the rest of the header is to come */
		size_t line_end = (size_t)(nl - s);
		char head[160] = "";
		size_t hn = line_end - at;
		memcpy(head, s + at, hn < sizeof(head) - 1 ? hn : sizeof(head) - 1);
		char *sp = strchr(head, ' ');
		unsigned long long size;
		char type[16];
		bool has = sp && sscanf(sp + 1, "%15s %llu", type, &size) == 2;
		at = line_end + 1;
		if (bs->commit_first) {
			bs->commit_first = false;
			bs->no_commit = !has || strcmp(type, "commit") != 0;
			/* the commit's own bytes are read past like a file's */
			if (has && !bs->no_commit) {
				bs->pending = (size_t)size + 1;
				bs->skipping = true;
			}
			continue;
		}
		int f = (int)(bs->rec % SF_COUNT);
		o->present[0][f] = has && strcmp(type, "blob") == 0; /* else "<object> missing" */
		if (!o->present[0][f]) {
			blob_done(bs);
			continue;
		}
		o->off[0][f] = o->store.len;
		o->len[0][f] = (size_t)size;
		/* room for it at once: a revision's files take their own size,
		 * not the next power of two */
		buf_reserve(&o->store, (size_t)size);
		bs->pending = (size_t)size + 1;
	}
	return bs->no_commit ? n : at;
}

/* Hands each revision's plan files to `each`, in the order of revs, with
 * no more than one revision's in memory; with `check_commit`, says
 * "unknown revision" when revs[0] is no commit.  One git process. */
static int stream_blobs(const char *dir, const char *const *revs, size_t nrevs,
			bool check_commit, void (*each)(void *ctx, size_t r, const struct blobs *one),
			void *ctx, struct buf *err)
{
	struct blob_stream bs = { .nrevs = nrevs, .commit_first = check_commit, .each = each,
				  .ctx = ctx };
	bs.one.off = xcalloc(1, sizeof(*bs.one.off));
	bs.one.len = xcalloc(1, sizeof(*bs.one.len));
	bs.one.present = xcalloc(1, sizeof(*bs.one.present));
	struct buf in = BUF_INIT, gerr = BUF_INIT;
	size_t want = check_commit ? strlen(revs[0]) + sizeof("^{commit}\n") : 0;
	for (size_t r = 0; r < nrevs; r++)
		for (int f = 0; f < SF_COUNT; f++)
			want += strlen(revs[r]) + strlen(plan_file(f)) + sizeof(":./\n");
	buf_reserve(&in, want); /* git's input, once: not the next power of two */
	if (check_commit)
		buf_addf(&in, "%s^{commit}\n", revs[0]);
	for (size_t r = 0; r < nrevs; r++)
		for (int f = 0; f < SF_COUNT; f++)
			buf_addf(&in, "%s:./%s\n", revs[r], plan_file(f));
	static const char *const args[] = { "cat-file", "--batch", NULL };
	int rc = git_run_sink(dir, args, in.s, in.len, blob_sink, &bs, &gerr);
	buf_release(&in);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		rc = -1;
	} else if (bs.no_commit) {
		buf_addf(err, _("unknown revision '%s'"), revs[0]);
		rc = -1;
	} else if (bs.rec < nrevs * SF_COUNT) {
		buf_adds(err, _("git cat-file: unexpected output"));
		rc = -1;
	}
	buf_release(&gerr);
	blobs_clear(&bs.one);
	return rc;
}

/* Loads revision r of the fetched blobs as a plan. */
static int load_blobs(const struct blobs *b, size_t r, const char *rev, struct plan **p,
		      struct buf *err)
{
	const char *names[SF_COUNT], *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	char *owned[SF_COUNT] = { NULL };
	for (int f = 0; f < SF_COUNT; f++) {
		owned[f] = xasprintf("%s:%s", rev, plan_file(f));
		names[f] = owned[f];
		texts[f] = NULL;
		lens[f] = 0;
		if (b->present[r][f]) {
			texts[f] = b->store.s + b->off[r][f];
			lens[f] = b->len[r][f];
		} else if (schema_files[f].required) {
			/* an older plan may lack a file added since; not this one */
			buf_addf(err, _("%s has no %s"), rev, plan_file(f));
			for (int g = 0; g <= f; g++)
				free(owned[g]);
			return -1;
		}
	}
	struct store *st = NULL;
	struct diags d = DIAGS_INIT;
	int rc = store_load_texts(names, texts, lens, p, &st, &d);
	if (rc < 0) {
		for (size_t i = 0; i < d.n; i++) {
			if (i)
				buf_adds(err, "\n");
			diag_format(&d.v[i], err);
		}
	} else {
		/* the plan outlives the store: drop its ties to the texts */
		plan_forget_srcs(*p);
		store_free(&st);
	}
	diags_clear(&d);
	for (int f = 0; f < SF_COUNT; f++)
		free(owned[f]);
	return rc;
}

/* history_load_rev's revision, as it comes. */
struct rev_load {
	const char *rev;
	struct plan **p;
	struct buf *err;
	int rc;
};

static void load_rev(void *v, size_t r, const struct blobs *one)
{
	struct rev_load *l = v;
	(void)r;
	l->rc = load_blobs(one, 0, l->rev, l->p, l->err);
}

int history_load_rev(const char *dir, const char *rev, struct plan **p, struct buf *err)
{
	*p = NULL;
	if (!rev_ok(rev, err))
		return -1;
	/* one git process: the commit (an unknown revision is said as such)
	 * and its files */
	struct rev_load l = { rev, p, err, -1 };
	const char *revs[1] = { rev };
	if (stream_blobs(dir, revs, 1, true, load_rev, &l, err) < 0) {
		plan_free(p);
		return -1;
	}
	return l.rc;
}

void history_reserve_ids(const char *dir, struct plan *p)
{
	struct buf err = BUF_INIT, rev = BUF_INIT;
	struct plan *head = NULL;
	const char *args[] = { "rev-parse", "--verify", "--quiet", "HEAD^{commit}", NULL };
	if (!git_inside_work_tree(dir) || git_run(dir, args, &rev, &err) != 0)
		goto done;
	while (rev.len && (rev.s[rev.len - 1] == '\n' || rev.s[rev.len - 1] == '\r'))
		rev.s[--rev.len] = '\0';
	if (rev.len >= sizeof(p->id_floor_rev) || strcmp(rev.s, p->id_floor_rev) == 0)
		goto done; /* read at this commit already */
	if (history_load_rev(dir, rev.s, &head, &err) == 0) {
		for (int k = 0; k < K_COUNT; k++) {
			unsigned long n = plan_max_number(head, (enum kind)k);
			if (n > p->id_floor[k])
				p->id_floor[k] = n;
		}
		memcpy(p->id_floor_rev, rev.s, rev.len + 1);
	}
done:
	plan_free(&head);
	buf_release(&rev);
	buf_release(&err);
}

/* ---- the merge driver's registration -------------------------------- */

/* Whether `text` has a line that is exactly `line` (after leading blanks). */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0' || p[n] == '\r'))
			return true;
	}
	return false;
}

bool history_has_merge_driver(const char *dir)
{
	const char *args[] = { "config", "--get", "merge.samplan.driver", NULL };
	struct buf out = BUF_INIT, err = BUF_INIT;
	bool have = git_run(dir, args, &out, &err) == 0 && out.len;
	buf_release(&out);
	buf_release(&err);
	return have;
}

int history_git_setup(const char *dir, struct buf *said, struct buf *err)
{
	if (!git_available()) {
		buf_adds(err, _("git is not installed (or cannot be run)"));
		return -1;
	}
	if (!git_inside_work_tree(dir)) {
		buf_addf(err, _("%s is not in a git repository"), dir);
		return -1;
	}
	char *path = xasprintf("%s/.gitattributes", dir);
	struct buf text = BUF_INIT;
	/* absent: made; unreadable: left alone */
	if (buf_read_file(&text, path, 1024 * 1024) < 0 && errno != ENOENT) {
		buf_addf(err, _("cannot read %s: %s"), path, strerror(errno));
		free(path);
		buf_release(&text);
		return -1;
	}
	size_t added = 0;
	for (int i = 0; i < SF_COUNT; i++) {
		char *line = xasprintf("%s merge=samplan", schema_files[i].name);
		if (!has_line(buf_str(&text), line)) {
			if (text.len && text.s[text.len - 1] != '\n')
				buf_addc(&text, '\n');
			buf_addf(&text, "%s\n", line);
			added++;
		}
		free(line);
	}
	int rc = 0;
	if (added && write_file_atomic(path, buf_str(&text), text.len) < 0) {
		buf_addf(err, _("cannot write %s: %s"), path, strerror(errno));
		rc = -1;
	} else if (added) {
		/* TRANSLATORS: %s is the path of the .gitattributes file */
		buf_addf(said, _("%s: the plan's files are merged by samplan (commit it, so that every clone knows)\n"),
			 path);
	}
	const char *name_args[] = { "config", "merge.samplan.name",
				    "samplan: the plan merged by records and fields", NULL };
	const char *driver_args[] = { "config", "merge.samplan.driver", HISTORY_MERGE_DRIVER, NULL };
	if (rc == 0 && (git_run(dir, name_args, NULL, err) != 0 ||
			git_run(dir, driver_args, NULL, err) != 0))
		rc = -1;
	else if (rc == 0)
		buf_adds(said, _("git config: merge.samplan.driver set in this repository (each clone needs "
				 "'samplan git-setup' once)\n"));
	free(path);
	buf_release(&text);
	return rc;
}

int history_commit(const char *dir, const char *message, struct buf *out, struct buf *err)
{
	struct buf gerr = BUF_INIT;
	const char *add[4 + SF_COUNT];
	history_with_files(dir, add, (const char *[]){ "add", "--", NULL });
	int rc = git_run(dir, add, NULL, &gerr);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		buf_release(&gerr);
		return -1;
	}
	const char *staged[6 + SF_COUNT];
	history_with_files(dir, staged, (const char *[]){ "diff", "--cached", "--quiet", "--", NULL });
	buf_reset(&gerr);
	rc = git_run(dir, staged, NULL, &gerr);
	if (rc == 0) {
		buf_release(&gerr);
		return 1;
	}
	if (rc != 1) {
		git_words(rc, &gerr, err);
		buf_release(&gerr);
		return -1;
	}
	/* Paths after "--" make git commit exactly these files, whatever
	 * else someone has staged. */
	const char *commit[6 + SF_COUNT];
	history_with_files(dir, commit, (const char *[]){ "commit", "-m", message, "--", NULL });
	buf_reset(&gerr);
	struct buf o = BUF_INIT;
	rc = git_run(dir, commit, &o, &gerr);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		if (o.len) {
			buf_adds(err, "\n");
			buf_add(err, o.s, o.len);
		}
		buf_release(&gerr);
		buf_release(&o);
		return -1;
	}
	/* git's first line: "[main 1a2b3c4] subject" */
	const char *nl = strchr(buf_str(&o), '\n');
	buf_add(out, buf_str(&o), nl ? (size_t)(nl - buf_str(&o)) : o.len);
	buf_release(&gerr);
	buf_release(&o);
	return 0;
}

int history_uncommitted(const char *dir, struct buf *err)
{
	const char *args[6 + SF_COUNT];
	history_with_files(dir, args, (const char *[]){ "status", "--porcelain", "--untracked-files=all",
						"--", NULL });
	struct buf o = BUF_INIT, gerr = BUF_INIT;
	int rc = git_run(dir, args, &o, &gerr);
	if (rc != 0)
		git_words(rc, &gerr, err);
	int r = rc != 0 ? -1 : o.len > 0;
	buf_release(&o);
	buf_release(&gerr);
	return r;
}

int history_log(const char *dir, size_t max, struct buf *out, struct buf *err)
{
	char nmax[48];
	snprintf(nmax, sizeof(nmax), "--max-count=%zu", max ? max : (size_t)-1 / 2);
	const char *args[7 + SF_COUNT];
	history_with_files(dir, args, (const char *[]){ "log", "--no-color", "--format=%h %cs %s", nmax,
						"--", NULL });
	struct buf gerr = BUF_INIT;
	int rc = git_run(dir, args, out, &gerr);
	if (rc != 0)
		git_words(rc, &gerr, err);
	buf_release(&gerr);
	return rc == 0 ? 0 : -1;
}

int history_rev_before(const char *dir, const char *date, struct buf *out, struct buf *err)
{
	if (!valid_date(date)) {
		buf_addf(err, _("'%s' is not a date (YYYY-MM-DD)"), date);
		return -1;
	}
	/* the end of that day: after a meeting's own decisions */
	char *before = xasprintf("--before=%s 23:59:59", date);
	const char *args[] = { "rev-list", "-1", before, "HEAD", "--", NULL };
	struct buf o = BUF_INIT, gerr = BUF_INIT;
	int rc = git_run(dir, args, &o, &gerr);
	free(before);
	if (rc != 0) {
		git_words(rc, &gerr, err);
	} else if (o.len < 7) {
		buf_addf(err, _("no commit on or before %s"), date);
		rc = -1;
	} else {
		buf_add(out, o.s, strcspn(o.s, "\n"));
	}
	buf_release(&o);
	buf_release(&gerr);
	return rc == 0 ? 0 : -1;
}

bool history_day_edits(const char *dir, const char *date, struct oplist *ops, struct plan **after,
		       struct buf *why)
{
	char prev[11], today[11];
	struct buf ra = BUF_INIT, rb = BUF_INIT, err = BUF_INIT;
	struct plan *a = NULL;
	bool ok = false;
	*after = NULL;
	history_today(today);
	date_prev_day(date, prev);
	if (strcmp(date, today) > 0) {
		buf_adds(why, _("(not yet: the meeting is still to come)"));
	} else if (!history_available(dir, &err)) {
		/* TRANSLATORS: %s says why: "data is not in a git repository" */
		buf_addf(why, _("(not known: %s)"), buf_str(&err));
	} else if (history_rev_before(dir, date, &rb, &err) < 0) {
		ok = true; /* nothing committed by the end of the day */
	} else if (history_rev_before(dir, prev, &ra, &err) < 0) {
		buf_addf(why, _("(not known: the plan's history begins on %s)"), date);
	} else if (strcmp(buf_str(&ra), buf_str(&rb)) == 0) {
		ok = true;
	} else if (history_load_rev(dir, buf_str(&ra), &a, &err) < 0 ||
		   history_load_rev(dir, buf_str(&rb), after, &err) < 0) {
		buf_addf(why, _("(not known: %s)"), buf_str(&err));
	} else {
		plan_diff(a, *after, ops);
		ok = true;
	}
	plan_free(&a);
	buf_release(&ra);
	buf_release(&rb);
	buf_release(&err);
	return ok;
}

/* ---- one record over time ------------------------------------------------ */

void history_timeline_clear(struct timeline *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct timeline_entry *e = &t->v[i];
		free(e->hash);
		free(e->date);
		free(e->subject);
		free(e->status);
		free(e->priority);
		free(e->what);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static char *years_text(const struct change *c)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->priority.n; i++)
		buf_addf(&b, "%s%d", i ? ", " : "", c->priority.v[i]);
	return buf_detach(&b);
}

/* Record `id` of kind k in plan p ("" and the plan's own record for
 * K_PLAN), or NULL. */
static const void *record_in(const struct plan *p, enum kind k, const char *id)
{
	if (!p)
		return NULL;
	return k == K_PLAN ? (const void *)p->info : plan_find(p, k, id);
}

/* What happened to the record between two plans, or NULL when nothing:
 * the ops' words without the "F3: " (or "status pagar: ") they start
 * with, as every line is about the one record. */
static char *record_what(const struct plan *pa, const struct plan *pb, enum kind k,
			 const char *id, long place_a, long place_b)
{
	const void *a = record_in(pa, k, id), *b = record_in(pb, k, id);
	struct buf w = BUF_INIT, prefix = BUF_INIT;
	if (!a && b) {
		buf_adds(&w, _("added"));
	} else if (a && !b) {
		buf_adds(&w, _("deleted"));
	} else if (a && b) {
		struct oplist ops = OPLIST_INIT;
		diff_record(&ops, NULL, k, a, b);
		/* and the records inside it: what happened to an activity's
		 * follow-ups happened to the activity */
		struct renames none = { 0 };
		const struct kind_info *kd = kind_of(k);
		for (int f = 0; f < kd->nfields; f++)
			if (kd->fields[f].type == FT_RECORDS)
				diff_kind(pa, pb, kd->fields[f].ref, a, b, &none, &ops);
		/* the places given, when the plans hold the record alone */
		long ia = place_a >= 0 ? place_a : k == K_PLAN ? 0 : plan_index(pa, k, a);
		long ib = place_b >= 0 ? place_b : k == K_PLAN ? 0 : plan_index(pb, k, b);
		if (ia != ib)
			buf_addf(&w, _("place %ld → %ld"), ia + 1, ib + 1);
		op_describe_prefix(k, id, &prefix);
		for (size_t i = 0; i < ops.n;) {
			if (w.len)
				buf_adds(&w, "; ");
			size_t at = w.len;
			i += op_describe_at(pb, ops.v, ops.n, i, &w);
			size_t pl = prefix.len;
			if (pl && w.len - at >= pl && memcmp(w.s + at, prefix.s, pl) == 0) {
				memmove(w.s + at, w.s + at + pl, w.len - at - pl + 1);
				w.len -= pl;
			}
		}
		oplist_clear(&ops);
	}
	buf_release(&prefix);
	if (!w.len) {
		buf_release(&w);
		return NULL;
	}
	return buf_detach(&w);
}

/* Where a record's lines are in its file's text, found without parsing:
 * only to tell that they did not change from one revision to the next.
 * The record is an item "- KEY: ID" (KEY its id's key) alone on its line;
 * anything unusual is BLOCK_UNKNOWN, which makes the caller parse. */
struct block_state {
	enum { BLOCK_UNKNOWN, BLOCK_ABSENT, BLOCK_AT } kind;
	const char *at;
	size_t len;
};

static bool id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static struct block_state record_block(const char *text, size_t len, enum kind k,
					const char *id)
{
	struct block_state st = { BLOCK_UNKNOWN, NULL, 0 };
	const struct kind_info *kd = kind_of(k);
	if (kd->id_field < 0 || !kd->list_key || field_sub_key(&kd->fields[kd->id_field]))
		return st;
	const char *key = kd->fields[kd->id_field].key;
	size_t keyn = strlen(key), idn = strlen(id), found = 0;
	if (!idn)
		return st;
	const char *line_at = NULL;
	for (const char *s = text, *end = text + len; s < end;) {
		/* memchr for the id's first byte, then the rest there: many
		 * times faster than memmem on a short id in a long text */
		const char *hit = NULL;
		for (const char *p = s; (p = memchr(p, id[0], (size_t)(end - p))) != NULL; p++)
			if ((size_t)(end - p) >= idn && memcmp(p, id, idn) == 0) {
				hit = p;
				break;
			}
		if (!hit)
			break;
		s = hit + idn;
		if ((hit > text && id_char(hit[-1])) || (s < end && id_char(*s)))
			continue;
		found++;
		/* the one form the store writes: "<indent>- KEY: ID" alone on its line */
		const char *ls = hit;
		while (ls > text && ls[-1] != '\n')
			ls--;
		const char *q = ls;
		while (q < hit && *q == ' ')
			q++;
		size_t rest = (size_t)(end - s);
		bool eol = !rest || *s == '\n' || (*s == '\r' && rest > 1 && s[1] == '\n');
		if (eol && (size_t)(hit - q) == keyn + 4 && q[0] == '-' && q[1] == ' ' &&
		    memcmp(q + 2, key, keyn) == 0 && q[keyn + 2] == ':' && q[keyn + 3] == ' ')
			line_at = ls;
	}
	if (!found) {
		st.kind = BLOCK_ABSENT;
		return st;
	}
	if (found != 1 || !line_at)
		return st;
	/* to the next line at the same indent that starts an item, or one
	 * less indented (not blank, not a comment) */
	size_t indent = 0;
	while (line_at[indent] == ' ')
		indent++;
	const char *end = text + len, *p = memchr(line_at, '\n', (size_t)(end - line_at));
	p = p ? p + 1 : end;
	while (p < end) {
		size_t sp = 0;
		while (p + sp < end && p[sp] == ' ')
			sp++;
		char c = p + sp < end ? p[sp] : '\n';
		bool blank = c == '\n' || c == '\r' || c == '#';
		if (!blank && (sp < indent || (sp == indent && c == '-')))
			break;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	st.kind = BLOCK_AT;
	st.at = line_at;
	st.len = (size_t)(p - line_at);
	return st;
}

static bool block_same(const struct block_state *a, const struct block_state *b)
{
	if (a->kind == BLOCK_UNKNOWN || a->kind != b->kind)
		return false;
	return a->kind == BLOCK_ABSENT ||
	       (a->len == b->len && memcmp(a->at, b->at, a->len) == 0);
}

/* Whether a revision's plan can be read with the record of kind k alone
 * in its file (see timeline_step): the file holds no other list, and no
 * record names records of kind k but from optional files, which are then
 * left out (drop). */
static bool alone_ok(enum kind k, bool drop[SF_COUNT])
{
	enum store_file_id file = kind_of(k)->file;
	memset(drop, 0, SF_COUNT * sizeof(*drop));
	for (int j = 0; j < K_COUNT; j++) {
		const struct kind_info *kd = kind_of((enum kind)j);
		if (j != (int)k && kd->list_key && !kind_is_nested((enum kind)j) && kd->file == file)
			return false; /* another list in the same file */
		for (int f = 0; f < kd->nfields; f++) {
			const struct field *fd = &kd->fields[f];
			if ((fd->type != FT_REF && fd->type != FT_REFS) || fd->ref != k)
				continue;
			if (kd->file == file || schema_files[kd->file].required)
				return false;
			drop[kd->file] = true;
		}
	}
	return true;
}

/* A record's story, told revision by revision, oldest first. */
struct timeline_walk {
	enum kind k;
	const char *id;
	enum store_file_id file;
	size_t n;          /* the commits; revision i of the stream is commit n - 1 - i */
	char **hash, **date, **subj;
	bool have_base;    /* the oldest commit only gives the starting state */
	bool parsed;
	struct plan *prev; /* the record's plan at the last revision read */
	struct block_state last; /* its lines there, kept in `lines` */
	struct buf lines;
	/* the record can be read alone (alone_ok): a revision's plan is its
	 * other files and the record's lines, not the whole of its file */
	bool alone;
	bool drop[SF_COUNT];
	long place; /* alone: the record's place in its list at the last read */
	struct timeline *out;
};

/* The place (from 0) in its list of the record whose lines start at
 * `line_at` in text: the items at its indent before it. */
static long item_place(const char *text, const char *line_at)
{
	size_t indent = 0;
	while (line_at[indent] == ' ')
		indent++;
	long n = 0;
	for (const char *p = text; p < line_at;) {
		const char *nl = memchr(p, '\n', (size_t)(line_at - p));
		size_t sp = 0;
		while (p + sp < line_at && p[sp] == ' ')
			sp++;
		if (sp == indent && p + sp < line_at && p[sp] == '-' &&
		    (p + sp + 1 == line_at || p[sp + 1] == ' ' || p[sp + 1] == '\n'))
			n++;
		p = nl ? nl + 1 : line_at;
	}
	return n;
}

/* Revision b's files with the record's file cut to the record alone, as
 * a plan that loads in the time of a few lines (see alone_ok). */
static void record_alone(const struct timeline_walk *w, const struct blobs *b,
			 const struct block_state *now, struct blobs *mini)
{
	memset(mini, 0, sizeof(*mini));
	mini->off = xcalloc(1, sizeof(*mini->off));
	mini->len = xcalloc(1, sizeof(*mini->len));
	mini->present = xcalloc(1, sizeof(*mini->present));
	for (int f = 0; f < SF_COUNT; f++) {
		size_t at = mini->store.len;
		if (f == (int)w->file) {
			buf_addf(&mini->store, "%s:%s\n", kind_of(w->k)->list_key,
				 now->kind == BLOCK_AT ? "" : " []");
			if (now->kind == BLOCK_AT) {
				buf_add(&mini->store, now->at, now->len);
				if (now->len && now->at[now->len - 1] != '\n')
					buf_addc(&mini->store, '\n');
			}
		} else if (b->present[0][f] && !w->drop[f]) {
			buf_add(&mini->store, buf_str(&b->store) + b->off[0][f], b->len[0][f]);
		} else {
			continue;
		}
		mini->present[0][f] = true;
		mini->off[0][f] = at;
		mini->len[0][f] = mini->store.len - at;
	}
}

static void timeline_step(void *v, size_t i, const struct blobs *b)
{
	struct timeline_walk *w = v;
	size_t r = w->n - 1 - i;
	/* most commits leave the record alone: when its lines are the bytes
	 * they were, there is nothing to parse */
	struct block_state now = record_block(buf_str(&b->store) + b->off[0][w->file],
					      b->len[0][w->file], w->k, w->id);
	bool same = w->parsed && block_same(&w->last, &now);
	w->last = now;
	buf_reset(&w->lines);
	if (now.kind == BLOCK_AT) {
		buf_add(&w->lines, now.at, now.len);
		w->last.at = buf_str(&w->lines);
	}
	if (same)
		return;
	struct plan *cur = NULL;
	struct buf lerr = BUF_INIT;
	int loaded;
	long place = -1;
	bool alone = w->alone && now.kind != BLOCK_UNKNOWN;
	if (alone) {
		struct blobs mini;
		record_alone(w, b, &now, &mini);
		loaded = load_blobs(&mini, 0, w->hash[r], &cur, &lerr);
		blobs_clear(&mini);
		if (now.kind == BLOCK_AT)
			place = item_place(buf_str(&b->store) + b->off[0][w->file], now.at);
	} else {
		loaded = load_blobs(b, 0, w->hash[r], &cur, &lerr);
	}
	buf_release(&lerr);
	if (loaded < 0) {
		/* a revision that does not read says nothing of the record: the
		 * next one is compared with the last read */
		w->last.kind = BLOCK_UNKNOWN;
		return;
	}
	/* the record's place: counted in the text where the plan holds it
	 * alone, else (-1) read from the plan */
	long prev_place = w->place;
	w->place = alone ? place : -1;
	char *what = (r == w->n - 1 && w->have_base)
			     ? NULL
			     : record_what(w->prev, cur, w->k, w->id, prev_place, w->place);
	w->parsed = true;
	if (what) {
		struct timeline *out = w->out;
		if (out->n == out->cap) {
			out->cap = out->cap ? 2 * out->cap : 16;
			out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
		}
		struct timeline_entry *e = &out->v[out->n++];
		const struct change *c = w->k == K_CHANGE ? plan_find_change(cur, w->id) : NULL;
		e->hash = xstrndup(w->hash[r], 7);
		e->date = xstrdup(w->date[r]);
		e->subject = xstrdup(w->subj[r]);
		e->status = c ? xstrdup(plan_status_label(cur, c->status)) : NULL;
		e->priority = c ? years_text(c) : xstrdup("");
		e->what = what;
	}
	plan_free(&w->prev);
	w->prev = cur;
}

int history_timeline(const char *dir, enum kind k, const char *id, size_t max,
		     struct timeline *out, struct buf *err)
{
	memset(out, 0, sizeof(*out));
	enum store_file_id file = kind_of(k)->file;
	char nmax[48];
	snprintf(nmax, sizeof(nmax), "--max-count=%zu", max + 1);
	const char *args[] = { "log", "--no-color", "--format=%H%x09%cs%x09%s", nmax, "--",
			       plan_file(file), NULL };
	struct buf o = BUF_INIT, gerr = BUF_INIT;
	int rc = git_run(dir, args, &o, &gerr);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		buf_release(&o);
		buf_release(&gerr);
		return -1;
	}
	buf_release(&gerr);
	/* the commits, newest first: hash, date, subject split in place */
	size_t n = 0, cap = 16;
	char **hash = xcalloc(cap, sizeof(*hash)), **date = xcalloc(cap, sizeof(*date));
	char **subj = xcalloc(cap, sizeof(*subj));
	for (char *line = o.s, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		*t1 = *t2 = '\0';
		if (n == cap) {
			cap *= 2;
			hash = xrealloc(hash, cap * sizeof(*hash));
			date = xrealloc(date, cap * sizeof(*date));
			subj = xrealloc(subj, cap * sizeof(*subj));
		}
		hash[n] = line;
		date[n] = t1 + 1;
		subj[n++] = t2 + 1;
	}
	if (n) {
		/* oldest first, each against the one before it, read from git
		 * a revision at a time: memory for two plans, not for every
		 * revision */
		const char **oldest = xcalloc(n, sizeof(*oldest));
		for (size_t i = 0; i < n; i++)
			oldest[i] = hash[n - 1 - i];
		struct timeline_walk w = { .k = k, .id = id, .file = file, .n = n, .hash = hash,
					   .date = date, .subj = subj, .have_base = n > max,
					   .last = { BLOCK_UNKNOWN, NULL, 0 }, .lines = BUF_INIT,
					   .out = out };
		w.alone = alone_ok(k, w.drop);
		w.place = -1;
		rc = stream_blobs(dir, oldest, n, false, timeline_step, &w, err);
		free(oldest);
		plan_free(&w.prev);
		buf_release(&w.lines);
		if (rc < 0)
			history_timeline_clear(out); /* no story told in part */
		/* newest first */
		for (size_t i = 0; i < out->n / 2; i++) {
			struct timeline_entry tmp = out->v[i];
			out->v[i] = out->v[out->n - 1 - i];
			out->v[out->n - 1 - i] = tmp;
		}
	}
	free(hash);
	free(date);
	free(subj);
	buf_release(&o);
	return rc;
}
