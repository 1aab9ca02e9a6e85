/* pairs.c — random pairs of edit sequences merged (see pairs.h). */
#include <config.h>

#include "pairs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitrun.h"
#include "history.h"
#include "merge.h"
#include "ops.h"
#include "store.h"

/* ---- the base ------------------------------------------------------------ */

static const char *names[SF_COUNT];
static char *base_text[SF_COUNT];
static size_t base_len[SF_COUNT];

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static bool write_all(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(s, 1, n, f) == n;
	return fclose(f) == 0 && ok;
}

bool pairs_init(const char *top)
{
	for (int f = 0; f < SF_COUNT; f++) {
		names[f] = schema_files[f].name;
		/* the shipped plan, with an activity plan of follow-ups */
		char *path = f == SF_ACTIVITIES ? xasprintf("%s/tests/print/activities.yaml", top)
						: xasprintf("%s/data/orebro-2025/%s", top, names[f]);
		base_text[f] = read_all(path, &base_len[f]);
		free(path);
		if (!base_text[f])
			return false;
	}
	return true;
}

void pairs_done(void)
{
	for (int f = 0; f < SF_COUNT; f++) {
		free(base_text[f]);
		base_text[f] = NULL;
	}
}

static int load_base(struct plan **p, struct store **st)
{
	struct diags d = DIAGS_INIT;
	int rc = store_load_texts(names, (const char *const *)base_text, base_len, p, st, &d);
	diags_clear(&d);
	return rc;
}

/* ---- random edits ---------------------------------------------------------- */

static unsigned rnd(unsigned long *rng, unsigned n)
{
	unsigned long x = *rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*rng = x;
	return n ? (unsigned)(x % n) : 0;
}

enum edit_type { E_SET, E_ITEM_ADD, E_ITEM_DEL, E_ADD, E_MOVE, E_DELETE };

/* One edit, by path and values, so that it can be made on any copy. */
struct edit {
	enum edit_type type;
	enum kind k;
	char path[48];  /* the record (E_ADD: the parent, "" at the top) */
	int field;      /* E_SET, E_ITEM_*: the field */
	char value[48]; /* E_SET, E_ITEM_*: the value; E_ADD: the text */
	int n;          /* E_MOVE: the way; E_ADD of a follow-up: the year */
	char party[24]; /* E_ADD of a follow-up */
};

/* The kinds edited, and how often. */
static const enum kind kinds[] = { K_CHANGE, K_CHANGE, K_CHANGE, K_GROUP, K_ACTIVITY,
				   K_ACTIVITY, K_FOLLOWUP, K_FOLLOWUP, K_PARTY, K_EFFECT,
				   K_STATUS, K_MEETING, K_PLAN };

static void *pick_record(const struct plan *p, enum kind k, unsigned long *rng)
{
	size_t n = plan_count_all(p, k);
	if (!n)
		return NULL;
	size_t want = rnd(rng, (unsigned)n), i = 0;
	struct rec_iter it;
	for (void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it), i++)
		if (i == want)
			return r;
	return NULL;
}

static const char *pick_id(const struct plan *p, enum kind k, unsigned long *rng)
{
	size_t n = plan_count(p, k);
	return n ? rec_id(k, plan_rec(p, k, rnd(rng, (unsigned)n))) : NULL;
}

/* Whether field f of kind k is one edits set (not the id, nor what makes
 * it, nor records, periods, dates or numbers). */
static bool settable(enum kind k, int f)
{
	const struct kind_info *kd = kind_of(k);
	if (f == kd->id_field)
		return false;
	for (int i = 0; i < kd->nid_parts; i++)
		if (kd->id_parts[i] == f)
			return false;
	switch (kd->fields[f].type) {
	case FT_STRING: case FT_TEXT: case FT_CHOICE: case FT_REF:
	case FT_REFS: case FT_NAMES: case FT_YEARS:
		return true;
	default:
		return false;
	}
}

static void random_edit(const struct plan *p, unsigned long *rng, struct edit *e)
{
	memset(e, 0, sizeof(*e));
	e->k = kinds[rnd(rng, sizeof(kinds) / sizeof(*kinds))];
	const struct kind_info *kd = kind_of(e->k);
	unsigned what = rnd(rng, 10);
	bool can_add = e->k == K_CHANGE || e->k == K_ACTIVITY || e->k == K_FOLLOWUP;
	if (can_add && what == 0) {
		e->type = E_ADD;
		snprintf(e->value, sizeof(e->value), "Ny %s %u", kd->name, rnd(rng, 1000));
		if (e->k == K_FOLLOWUP) {
			const void *a = pick_record(p, K_ACTIVITY, rng);
			if (a)
				snprintf(e->path, sizeof(e->path), "%s", rec_id(K_ACTIVITY, a));
			e->n = 2025 + (int)rnd(rng, 2);
			const char *party = pick_id(p, K_PARTY, rng);
			snprintf(e->party, sizeof(e->party), "%s", party ? party : "");
		} else if (e->k == K_ACTIVITY) {
			const char *c = pick_id(p, K_CHANGE, rng);
			snprintf(e->party, sizeof(e->party), "%s", c ? c : "F1");
		}
		return;
	}
	const void *r = e->k == K_PLAN ? p->info : pick_record(p, e->k, rng);
	if (!r)
		return;
	struct buf path = BUF_INIT;
	rec_path(e->k, r, &path);
	snprintf(e->path, sizeof(e->path), "%s", buf_str(&path));
	buf_release(&path);
	if (can_add && what == 1) {
		e->type = E_DELETE;
		return;
	}
	if ((e->k == K_CHANGE || e->k == K_ACTIVITY) && what == 2) {
		e->type = E_MOVE;
		e->n = rnd(rng, 2) ? 1 : -1;
		return;
	}
	int fields[FIELD_MAX], nf = 0;
	for (int f = 0; f < kd->nfields; f++)
		if (settable(e->k, f))
			fields[nf++] = f;
	if (!nf)
		return;
	e->field = fields[rnd(rng, (unsigned)nf)];
	const struct field *fd = &kd->fields[e->field];
	e->type = E_SET;
	switch (fd->type) {
	case FT_CHOICE: {
		size_t nc = 0;
		while (fd->choices && fd->choices[nc])
			nc++;
		snprintf(e->value, sizeof(e->value), "%s", nc ? fd->choices[rnd(rng, (unsigned)nc)] : "");
		break;
	}
	case FT_REF: {
		const char *id = pick_id(p, fd->ref, rng);
		snprintf(e->value, sizeof(e->value), "%s", id ? id : "");
		break;
	}
	case FT_REFS: {
		const char *id = pick_id(p, fd->ref, rng);
		e->type = rnd(rng, 2) ? E_ITEM_ADD : E_ITEM_DEL;
		snprintf(e->value, sizeof(e->value), "%s", id ? id : "");
		break;
	}
	case FT_NAMES:
		e->type = rnd(rng, 3) ? E_ITEM_ADD : E_ITEM_DEL;
		snprintf(e->value, sizeof(e->value), "Namn %u", rnd(rng, 4));
		break;
	case FT_YEARS:
		e->type = rnd(rng, 2) ? E_ITEM_ADD : E_ITEM_DEL;
		snprintf(e->value, sizeof(e->value), "%d", 2025 + (int)rnd(rng, 3));
		break;
	default:
		snprintf(e->value, sizeof(e->value), "Text %u", rnd(rng, 1000));
		break;
	}
}

/* Makes edit e on plan p; false when p refuses it (nothing changes). */
static bool make_edit(struct plan *p, const struct edit *e)
{
	struct op op;
	struct buf err = BUF_INIT;
	memset(&op, 0, sizeof(op));
	int rc = -1;
	if (!*e->path && e->type != E_ADD && e->k != K_PLAN)
		return false;
	switch (e->type) {
	case E_SET: rc = op_make_set(p, e->k, e->path, e->field, e->value, &op, &err); break;
	case E_ITEM_ADD:
	case E_ITEM_DEL:
		rc = op_make_item(p, e->k, e->path, e->field, e->value, e->type == E_ITEM_ADD, &op,
				  &err);
		break;
	case E_MOVE: rc = op_make_move(p, e->k, e->path, e->n, &op, &err); break;
	case E_DELETE: rc = op_make_delete(p, e->k, e->path, &op, &err); break;
	case E_ADD:
		if (e->k == K_CHANGE) {
			rc = op_make_add_change(p, plan_count(p, K_CHANGE), e->value, &op, &err);
		} else if (e->k == K_ACTIVITY) {
			void *r = op_new_record(p, K_ACTIVITY);
			if (op_record_set(p, K_ACTIVITY, r, kind_field_from_name(K_ACTIVITY, "text"),
					  e->value, &err) == 0 &&
			    op_record_set(p, K_ACTIVITY, r, kind_field_from_name(K_ACTIVITY, "changes"),
					  e->party, &err) == 0)
				rc = op_make_add(p, K_ACTIVITY, plan_count(p, K_ACTIVITY), r, &op, &err);
		} else {
			void *parent = plan_find(p, K_ACTIVITY, e->path);
			if (parent) {
				void *r = op_new_record(p, K_FOLLOWUP);
				rec_head(r)->parent = parent;
				char year[8];
				snprintf(year, sizeof(year), "%d", e->n);
				if (op_record_set(p, K_FOLLOWUP, r, kind_field_from_name(K_FOLLOWUP, "year"),
						  year, &err) == 0 &&
				    op_record_set(p, K_FOLLOWUP, r, kind_field_from_name(K_FOLLOWUP, "party"),
						  e->party, &err) == 0 &&
				    op_record_set(p, K_FOLLOWUP, r, kind_field_from_name(K_FOLLOWUP, "done"),
						  e->value, &err) == 0)
					rc = op_make_add(p, K_FOLLOWUP, (size_t)-1, r, &op, &err);
			}
		}
		break;
	}
	bool done = rc == 0 && !op_is_noop(p, &op) && op_apply(p, &op, &err) == 0;
	op_clear(&op);
	buf_release(&err);
	return done;
}

static bool structural(const struct edit *e)
{
	return e->type == E_ADD || e->type == E_MOVE || e->type == E_DELETE;
}

/* Whether e's record is, or is inside, the record at `path`. */
static bool within(const struct edit *e, enum kind k, const char *path)
{
	size_t n = strlen(path);
	if (e->k == k)
		return strcmp(e->path, path) == 0;
	return kind_of(e->k)->parent == k && strncmp(e->path, path, n) == 0 && e->path[n] == '/';
}

/* Whether e makes its record name one of kind k (a reference the other
 * side's delete of such a record would leave dangling: another file's). */
static bool names_kind(const struct edit *e, enum kind k)
{
	if (e->type == E_ADD)
		return (e->k == K_ACTIVITY && k == K_CHANGE) || (e->k == K_FOLLOWUP && k == K_PARTY);
	if (e->type != E_SET && e->type != E_ITEM_ADD)
		return false;
	const struct field *fd = kind_field(e->k, e->field);
	return (fd->type == FT_REF || fd->type == FT_REFS) && fd->ref == k;
}

struct side {
	struct edit e[4];
	size_t n;
	struct plan *p;
	struct store *st;
	struct buf text[SF_COUNT];
};

static bool make_side(struct side *s, const struct plan *base, unsigned long *rng)
{
	for (int f = 0; f < SF_COUNT; f++)
		s->text[f] = (struct buf)BUF_INIT;
	if (load_base(&s->p, &s->st) < 0)
		return false;
	s->n = 0;
	for (unsigned i = 1 + rnd(rng, 4); i > 0; i--) {
		random_edit(base, rng, &s->e[s->n]);
		if (make_edit(s->p, &s->e[s->n]))
			s->n++;
	}
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	struct buf text[SF_COUNT] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	int rc = store_render(s->st, s->p, text, changed, &d);
	memcpy(s->text, text, sizeof(text));
	diags_clear(&d);
	return rc == 0;
}

static void free_side(struct side *s)
{
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&s->text[f]);
	plan_free(&s->p);
	store_free(&s->st);
}

/* ---- checks -------------------------------------------------------------- */

static bool git_merges(const char *dir, const char *b, size_t bl, const struct buf *o,
		       const struct buf *t, struct buf *res)
{
	char *pb = xasprintf("%s/base", dir), *po = xasprintf("%s/ours", dir),
	     *pt = xasprintf("%s/theirs", dir);
	bool ok = write_all(pb, b, bl) && write_all(po, o->s ? o->s : "", o->len) &&
		  write_all(pt, t->s ? t->s : "", t->len);
	const char *args[] = { "merge-file", "-p", po, pb, pt, NULL };
	struct buf err = BUF_INIT;
	int rc = ok ? git_run(dir, args, res, &err) : -1;
	buf_release(&err);
	free(pb);
	free(po);
	free(pt);
	return rc == 0;
}

static bool same_meaning(enum store_file_id f, const struct buf *x, const struct buf *y)
{
	struct plan *px, *py;
	struct store *sx, *sy;
	struct diags d = DIAGS_INIT;
	bool same = false;
	if (store_load_file(f, "x", buf_str(x), x->len, &px, &sx, &d) == 0) {
		if (store_load_file(f, "y", buf_str(y), y->len, &py, &sy, &d) == 0) {
			struct oplist ops = OPLIST_INIT;
			plan_diff(px, py, &ops);
			same = ops.n == 0;
			oplist_clear(&ops);
			plan_free(&py);
			store_free(&sy);
		}
		plan_free(&px);
		store_free(&sx);
	}
	diags_clear(&d);
	return same;
}

static bool comments_kept(const char *base, const char *merged)
{
	for (const char *l = base; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *q = l;
		while (*q == ' ')
			q++;
		if (*q != '#')
			continue;
		const char *e = strchr(l, '\n');
		char *line = xstrndup(l, e ? (size_t)(e - l) + 1 : strlen(l));
		bool there = strstr(merged, line) != NULL;
		free(line);
		if (!there)
			return false;
	}
	return true;
}

static void say_edits(const struct side *a, const struct side *b, struct buf *why)
{
	for (size_t q = 0; q < a->n + b->n; q++) {
		const struct edit *e = q < a->n ? &a->e[q] : &b->e[q - a->n];
		buf_addf(why, "\n  %s: %d %s %s field %d '%s' %d %s", q < a->n ? "ours" : "theirs",
			 e->type, kind_of(e->k)->name, e->path, e->field, e->value, e->n, e->party);
	}
}

int pairs_round(unsigned long *rng, bool git, const char *tmpdir, struct pairs_round *r,
		struct buf *why)
{
	memset(r, 0, sizeof(*r));
	struct plan *base;
	struct store *bst;
	if (load_base(&base, &bst) < 0) {
		buf_adds(why, "the base does not load");
		return -1;
	}
	struct side a, b;
	int rc = 0;
	bool made = make_side(&a, base, rng);
	made = make_side(&b, base, rng) && made;
	if (!made) {
		buf_adds(why, "a side does not render");
		rc = -1;
		goto out;
	}
	/* what the two touch */
	bool a_struct = false, b_struct = false, inexact = false, other_overlap = false;
	int clash_field = -1;
	enum kind clash_kind = K_NONE;
	const char *clash_path = NULL;
	/* every field both set, whatever to */
	struct {
		enum kind k;
		const char *path;
		int field;
	} both[16];
	size_t nboth = 0;
	for (size_t i = 0; i < a.n; i++)
		a_struct |= structural(&a.e[i]);
	for (size_t j = 0; j < b.n; j++)
		b_struct |= structural(&b.e[j]);
	inexact = other_overlap = a_struct && b_struct;
	for (size_t i = 0; i < a.n; i++)
		for (size_t j = 0; j < b.n; j++) {
			const struct edit *x = &a.e[i], *y = &b.e[j];
			/* deleted on one side and edited (inside) on the other;
			 * or the other side names the kind deleted */
			if ((x->type == E_DELETE && (within(y, x->k, x->path) || names_kind(y, x->k))) ||
			    (y->type == E_DELETE && (within(x, y->k, y->path) || names_kind(x, y->k))))
				inexact = other_overlap = true;
			/* a follow-up added on both sides to one activity */
			if (x->type == E_ADD && y->type == E_ADD && x->k == K_FOLLOWUP &&
			    y->k == K_FOLLOWUP && strcmp(x->path, y->path) == 0)
				inexact = other_overlap = true;
			if (x->type == E_SET && y->type == E_SET && x->k == y->k &&
			    x->field == y->field && strcmp(x->path, y->path) == 0) {
				inexact = true;
				clash_field = x->field;
				clash_kind = x->k;
				clash_path = x->path;
				if (nboth < sizeof(both) / sizeof(*both)) {
					both[nboth].k = x->k;
					both[nboth].path = x->path;
					both[nboth++].field = x->field;
				}
			}
		}
	r->exact = !inexact;

	/* the oracle: ours' edits, then those of theirs' that still apply */
	struct plan *op = NULL;
	struct store *ost = NULL;
	struct buf oracle[SF_COUNT], merged[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++)
		oracle[f] = merged[f] = (struct buf)BUF_INIT;
	bool ochanged[SF_COUNT];
	struct diags od = DIAGS_INIT;
	load_base(&op, &ost);
	for (size_t i = 0; i < a.n; i++)
		make_edit(op, &a.e[i]);
	for (size_t j = 0; j < b.n; j++)
		make_edit(op, &b.e[j]);
	store_render(ost, op, oracle, ochanged, &od);
	diags_clear(&od);

	struct merge_points pts = { NULL, 0 };
	for (int f = 0; f < SF_COUNT && rc == 0; f++) {
		struct merge_input in = { .file = (enum store_file_id)f };
		const char *t[3] = { base_text[f], buf_str(&a.text[f]), buf_str(&b.text[f]) };
		size_t l[3] = { base_len[f], a.text[f].len, b.text[f].len };
		for (int s = 0; s < MERGE_SIDES; s++) {
			in.name[s] = names[f];
			in.text[s] = t[s];
			in.len[s] = l[s];
			in.label[s] = s == MERGE_OURS ? "ours" : s == MERGE_BASE ? "base" : "theirs";
		}
		struct buf said = BUF_INIT, gres = BUF_INIT;
		struct diags d = DIAGS_INIT;
		int m = merge_plan_file(&in, &merged[f], &said, &d);
		if (m < 0) {
			buf_addf(why, "%s does not merge: %s", names[f], d.n ? d.v[0].msg : "");
			rc = -1;
		} else if (m == 0) {
			r->merged++;
			struct plan *mp;
			struct store *ms;
			if (store_load_file((enum store_file_id)f, names[f], buf_str(&merged[f]),
					    merged[f].len, &mp, &ms, &d) < 0) {
				buf_addf(why, "merged %s does not read", names[f]);
				rc = -1;
			} else {
				plan_free(&mp);
				store_free(&ms);
			}
		} else {
			r->conflict = true;
			struct merge_hunks h;
			struct merge_points fp = { NULL, 0 };
			if (merge_hunks_read(buf_str(&merged[f]), merged[f].len, &h) != m ||
			    merge_points_read((enum store_file_id)f, names[f], buf_str(&merged[f]),
					      merged[f].len, &h, NULL, NULL, &fp, &d) < 0) {
				buf_addf(why, "%s's %d conflicts do not read back", names[f], m);
				rc = -1;
			}
			/* the points of every file, together */
			pts.v = xrealloc(pts.v, (pts.n + fp.n + 1) * sizeof(*pts.v));
			memcpy(pts.v + pts.n, fp.v, fp.n * sizeof(*fp.v));
			pts.n += fp.n;
			free(fp.v);
			merge_hunks_free(&h);
		}
		if (rc == 0 && git) {
			bool clean = git_merges(tmpdir, t[0], l[0], &a.text[f], &b.text[f], &gres);
			if (clean && !same_meaning((enum store_file_id)f, &gres, &oracle[f])) {
				r->git_wrong++;
			} else if (clean) {
				r->git_clean++;
				if (m != 0 || !same_meaning((enum store_file_id)f, &gres, &merged[f])) {
					buf_addf(why, "git merges %s to both edits, the driver %s: %s", names[f],
						 m ? "does not" : "to another end", buf_str(&said));
					rc = -1;
				}
			} else {
				r->git_conflicts++;
			}
		}
		buf_release(&said);
		buf_release(&gres);
		diags_clear(&d);
	}
	if (rc == 0 && r->exact) {
		struct plan *mp;
		struct store *ms;
		struct diags md = DIAGS_INIT;
		const char *mt[SF_COUNT];
		size_t ml[SF_COUNT];
		for (int f = 0; f < SF_COUNT; f++) {
			mt[f] = buf_str(&merged[f]);
			ml[f] = merged[f].len;
		}
		if (r->conflict) {
			buf_adds(why, "a conflict where none is");
			rc = -1;
		} else if (store_load_texts(names, mt, ml, &mp, &ms, &md) < 0) {
			buf_addf(why, "the merged plan does not load: %s", md.n ? md.v[0].msg : "");
			rc = -1;
		} else {
			struct oplist ops = OPLIST_INIT;
			plan_diff(op, mp, &ops);
			if (ops.n) {
				struct buf line = BUF_INIT;
				op_describe(mp, &ops.v[0], &line);
				buf_addf(why, "the merge is not both edits: %s", buf_str(&line));
				buf_release(&line);
				rc = -1;
			}
			for (int f = 0; rc == 0 && f < SF_COUNT && !a_struct && !b_struct; f++)
				if (!comments_kept(base_text[f], mt[f])) {
					buf_addf(why, "a comment of %s was lost", names[f]);
					rc = -1;
				}
			oplist_clear(&ops);
			plan_free(&mp);
			store_free(&ms);
		}
		diags_clear(&md);
	}
	if (rc == 0 && clash_field >= 0) {
		const void *ra = plan_find(a.p, clash_kind, clash_path),
			   *rb = plan_find(b.p, clash_kind, clash_path);
		if (ra && rb && !rec_field_equal(clash_kind, clash_field, ra, rb)) {
			r->clash = true;
			bool found = false;
			for (size_t i = 0; i < pts.n; i++)
				found |= pts.v[i].k == clash_kind && pts.v[i].field == clash_field &&
					 strcmp(pts.v[i].path, clash_path) == 0;
			if (!found) {
				buf_addf(why, "%s %s set both ways is no conflict", clash_path,
					 kind_field(clash_kind, clash_field)->name);
				rc = -1;
			}
		}
	}
	/* where nothing else overlaps, the conflicts are exactly fields both
	 * sides set (to different values) */
	for (size_t i = 0; rc == 0 && !other_overlap && i < pts.n; i++) {
		bool set_both = false;
		for (size_t j = 0; j < nboth && !set_both; j++)
			set_both = pts.v[i].k == both[j].k && pts.v[i].field == both[j].field &&
				   strcmp(pts.v[i].path, both[j].path) == 0;
		if (!set_both) {
			buf_addf(why, "a conflict on what only one side set: %s", pts.v[i].words);
			rc = -1;
		}
	}
	merge_points_free(&pts);
	for (int f = 0; f < SF_COUNT; f++) {
		buf_release(&oracle[f]);
		buf_release(&merged[f]);
	}
	plan_free(&op);
	store_free(&ost);
	if (rc < 0)
		say_edits(&a, &b, why);
out:
	free_side(&a);
	free_side(&b);
	plan_free(&base);
	store_free(&bst);
	return rc;
}
