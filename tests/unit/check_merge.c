/* check_merge — the merge driver's reading of conflict markers, and many
 * random pairs of edit sequences on the shipped plan merged by it:
 *
 *  - the result always reads (merged, or marked with conflicts whose
 *    sides read);
 *  - pairs that do not set one field both ways, delete or move a record
 *    the other edits, or both reorder, give what making both sequences on
 *    one copy gives (lists merged as sets), and keep every comment;
 *  - where both set one field to different values, exactly that field of
 *    that record is in conflict;
 *  - every pair that git's line merge (`git merge-file`) merges cleanly,
 *    the driver merges cleanly too. */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitrun.h"
#include "history.h"
#include "merge.h"
#include "ops.h"
#include "store.h"
#include "testplan.h"

static const char *top_srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ".";
}

/* ---- reading markers --------------------------------------------------- */

START_TEST(test_hunks_read)
{
	const char *t = "a\n<<<<<<< ours\nb\n||||||| base\nc\n=======\nd\n>>>>>>> theirs\ne\n";
	struct merge_hunks h;
	ck_assert_int_eq(merge_hunks_read(t, strlen(t), &h), 1);
	ck_assert_uint_eq(h.v[0].line, 2);
	ck_assert(h.v[0].has_base);
	struct buf s = BUF_INIT;
	merge_hunks_side(t, strlen(t), &h, SIZE_MAX, MERGE_OURS, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "a\nb\ne\n");
	buf_reset(&s);
	merge_hunks_side(t, strlen(t), &h, 0, MERGE_BASE, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "a\nc\ne\n");
	buf_reset(&s);
	merge_hunks_side(t, strlen(t), &h, 0, MERGE_THEIRS, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "a\nd\ne\n");
	merge_hunks_free(&h);

	/* git's own style (no base), a bigger marker size */
	const char *g = "<<<<<<<<< HEAD\nx\n=========\ny\n>>>>>>>>> main\n";
	ck_assert_int_eq(merge_hunks_read(g, strlen(g), &h), 1);
	ck_assert(!h.v[0].has_base);
	buf_reset(&s);
	merge_hunks_side(g, strlen(g), &h, SIZE_MAX, MERGE_BASE, &s, NULL);
	ck_assert_str_eq(buf_str(&s), "x\n"); /* no base: ours' lines */
	merge_hunks_free(&h);

	/* markers that do not pair up, and text that only looks like them */
	const char *bad[] = { "<<<<<<< a\nx\n", "=======\n", "<<<<<<< a\n<<<<<<< b\n",
			      ">>>>>>> x\n", "<<<<<<< a\nx\n=======\ny\n" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		ck_assert_int_eq(merge_hunks_read(bad[i], strlen(bad[i]), &h), -1);
	const char *none = "<<<<<< six\n======== x\nnotes: \"<<<<<<< a\"\n";
	ck_assert_int_eq(merge_hunks_read(none, strlen(none), &h), 0);
	buf_release(&s);
}
END_TEST

/* ---- random pairs -------------------------------------------------------- */

static unsigned long rng = 88172645463325252ul;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* One edit, by ids and values, so that it can be made on any copy. */
enum edit_type {
	E_STATUS, E_TEXT, E_NOTES, E_YEAR_ADD, E_YEAR_DEL, E_GROUP_ADD, E_GROUP_DEL, E_LEAD,
	E_MEMBER, E_ADD, E_MOVE, E_DELETE, E_COUNT
};

struct edit {
	enum edit_type type;
	char id[16];
	char value[48];
	int n;
};

static const char *const statuses[] = { "ej-paborjad", "pagar", "klar" };
static const char *const groups[] = { "fstod", "lansdelsgrupper" };

static void random_edit(const struct plan *p, struct edit *e)
{
	memset(e, 0, sizeof(*e));
	e->type = (enum edit_type)rnd(E_COUNT);
	const struct change *c = plan_change(p, rnd((unsigned)plan_count(p, K_CHANGE)));
	snprintf(e->id, sizeof(e->id), "%s", c->id);
	switch (e->type) {
	case E_STATUS: snprintf(e->value, sizeof(e->value), "%s", statuses[rnd(3)]); break;
	case E_TEXT: snprintf(e->value, sizeof(e->value), "Text %u", rnd(1000)); break;
	case E_NOTES: snprintf(e->value, sizeof(e->value), "Anteckning %u", rnd(1000)); break;
	case E_YEAR_ADD:
	case E_YEAR_DEL: e->n = 2025 + (int)rnd(3); break;
	case E_GROUP_ADD:
	case E_GROUP_DEL: snprintf(e->value, sizeof(e->value), "%s", groups[rnd(2)]); break;
	case E_LEAD:
		snprintf(e->id, sizeof(e->id), "%s", groups[rnd(2)]);
		snprintf(e->value, sizeof(e->value), "Ledare %u", rnd(1000));
		break;
	case E_MEMBER:
		snprintf(e->id, sizeof(e->id), "%s", groups[rnd(2)]);
		snprintf(e->value, sizeof(e->value), "Medlem %u", rnd(1000));
		break;
	case E_ADD: snprintf(e->value, sizeof(e->value), "Ny förändring %u", rnd(1000)); break;
	case E_MOVE: e->n = rnd(2) ? 1 : -1; break;
	case E_DELETE:
	case E_COUNT: break;
	}
}

/* Makes edit e on plan p; false when p refuses it (nothing changes). */
static bool make_edit(struct plan *p, const struct edit *e)
{
	struct op op;
	struct buf err = BUF_INIT;
	char year[8];
	snprintf(year, sizeof(year), "%d", e->n);
	int rc = -1;
	memset(&op, 0, sizeof(op));
	switch (e->type) {
	case E_STATUS: rc = op_make_set(p, K_CHANGE, e->id, CF_STATUS, e->value, &op, &err); break;
	case E_TEXT: rc = op_make_set(p, K_CHANGE, e->id, CF_TEXT, e->value, &op, &err); break;
	case E_NOTES: rc = op_make_set(p, K_CHANGE, e->id, CF_NOTES, e->value, &op, &err); break;
	case E_YEAR_ADD:
	case E_YEAR_DEL:
		rc = op_make_year(p, e->id, e->n, e->type == E_YEAR_ADD, &op, &err);
		break;
	case E_GROUP_ADD:
	case E_GROUP_DEL:
		rc = op_make_item(p, K_CHANGE, e->id, CF_GROUPS, e->value, e->type == E_GROUP_ADD,
				  &op, &err);
		break;
	case E_LEAD:
		rc = op_make_set(p, K_GROUP, e->id, kind_field_from_name(K_GROUP, "lead"), e->value,
				 &op, &err);
		break;
	case E_MEMBER:
		rc = op_make_item(p, K_GROUP, e->id, kind_field_from_name(K_GROUP, "members"),
				  e->value, true, &op, &err);
		break;
	case E_ADD: rc = op_make_add_change(p, plan_count(p, K_CHANGE), e->value, &op, &err); break;
	case E_MOVE: rc = op_make_move(p, K_CHANGE, e->id, e->n, &op, &err); break;
	case E_DELETE: rc = op_make_delete(p, K_CHANGE, e->id, &op, &err); break;
	case E_COUNT: break;
	}
	bool done = rc == 0 && !op_is_noop(p, &op) && op_apply(p, &op, &err) == 0;
	op_clear(&op);
	buf_release(&err);
	return done;
}

/* The field an edit sets (-1: the record as a whole, or a list as a set). */
static int edit_field(const struct edit *e)
{
	switch (e->type) {
	case E_STATUS: return CF_STATUS;
	case E_TEXT: return CF_TEXT;
	case E_NOTES: return CF_NOTES;
	case E_LEAD: return kind_field_from_name(K_GROUP, "lead");
	default: return -1;
	}
}

static enum kind edit_kind(const struct edit *e)
{
	return e->type == E_LEAD || e->type == E_MEMBER ? K_GROUP : K_CHANGE;
}

static bool structural(const struct edit *e)
{
	return e->type == E_ADD || e->type == E_MOVE || e->type == E_DELETE;
}

struct side {
	struct edit e[4];
	size_t n;
	struct plan *p;
	struct store *st;
	struct buf text[SF_COUNT];
};

static const char *names[SF_COUNT];
static char *base_text[SF_COUNT];
static size_t base_len[SF_COUNT];

static void load_base(struct plan **p, struct store **st)
{
	struct diags d = DIAGS_INIT;
	int rc = store_load_texts(names, (const char *const *)base_text, base_len, p, st, &d);
	ck_assert_msg(rc == 0, "the shipped plan does not load");
	diags_clear(&d);
}

/* Makes up to four random edits on a copy of the base and renders it. */
static void make_side(struct side *s, const struct plan *base)
{
	load_base(&s->p, &s->st);
	s->n = 0;
	for (unsigned i = 1 + rnd(4); i > 0; i--) {
		random_edit(base, &s->e[s->n]);
		if (make_edit(s->p, &s->e[s->n]))
			s->n++;
	}
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	for (int f = 0; f < SF_COUNT; f++)
		s->text[f] = (struct buf)BUF_INIT;
	ck_assert(store_render(s->st, s->p, s->text, changed, &d) == 0);
	diags_clear(&d);
}

static void free_side(struct side *s)
{
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&s->text[f]);
	plan_free(&s->p);
	store_free(&s->st);
}

/* Whether git's line merge merges the three texts without a conflict
 * (its result in `out`). */
static bool git_merges(const char *dir, const char *b, size_t bl, const struct buf *o,
		       const struct buf *t, struct buf *res)
{
	char *pb = xasprintf("%s/base", dir), *po = xasprintf("%s/ours", dir),
	     *pt = xasprintf("%s/theirs", dir);
	testplan_write_file(pb, b, bl);
	testplan_write_file(po, o->s ? o->s : "", o->len);
	testplan_write_file(pt, t->s ? t->s : "", t->len);
	const char *args[] = { "merge-file", "-p", po, pb, pt, NULL };
	struct buf err = BUF_INIT;
	int rc = git_run(dir, args, res, &err);
	buf_release(&err);
	free(pb);
	free(po);
	free(pt);
	return rc == 0;
}

/* Whether two texts of plan file f read as the same records. */
static bool same_meaning(enum store_file_id f, const struct buf *x, const struct buf *y)
{
	struct plan *px, *py;
	struct store *sx, *sy;
	struct diags d = DIAGS_INIT;
	bool same = false;
	if (store_load_file(f, "x", buf_str(x), x->len, &px, &sx, &d) == 0) {
		if (store_load_file(f, "y", buf_str(y), y->len, &py, &sy, &d) == 0) {
			char *diff = testplan_diff_lines(px, py);
			same = !*diff;
			free(diff);
			plan_free(&py);
			store_free(&sy);
		}
		plan_free(&px);
		store_free(&sx);
	}
	diags_clear(&d);
	return same;
}

/* The comment lines of a text, each "\n"-joined. */
static bool comments_kept(const char *base, const char *merged)
{
	for (const char *l = base; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *p = l;
		while (*p == ' ')
			p++;
		if (*p != '#')
			continue;
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) + 1 : strlen(l);
		char *line = xstrndup(l, n);
		bool there = strstr(merged, line) != NULL;
		free(line);
		if (!there)
			return false;
	}
	return true;
}

START_TEST(test_random_pairs)
{
	for (int f = 0; f < SF_COUNT; f++) {
		char *path = xasprintf("%s/data/orebro-2025/%s", top_srcdir(), schema_files[f].name);
		names[f] = schema_files[f].name;
		base_text[f] = testplan_read_file(path, &base_len[f]);
		free(path);
	}
	struct plan *base;
	struct store *bst;
	load_base(&base, &bst);
	char dir[] = "/tmp/samplan-merge-XXXXXX";
	ck_assert(mkdtemp(dir) != NULL);
	bool have_git = git_available();
	unsigned exact = 0, conflicts = 0, git_clean = 0, git_wrong = 0;
	for (int round = 0; round < 300; round++) {
		struct side a, b;
		make_side(&a, base);
		make_side(&b, base);
		/* what the two touch */
		bool same_record = false, both_structural = false, a_struct = false, b_struct = false;
		int clash_field = -1;
		enum kind clash_kind = K_NONE;
		const char *clash_id = NULL;
		for (size_t i = 0; i < a.n; i++)
			a_struct |= structural(&a.e[i]);
		for (size_t j = 0; j < b.n; j++)
			b_struct |= structural(&b.e[j]);
		both_structural = a_struct && b_struct;
		for (size_t i = 0; i < a.n; i++)
			for (size_t j = 0; j < b.n; j++) {
				if (edit_kind(&a.e[i]) != edit_kind(&b.e[j]) ||
				    strcmp(a.e[i].id, b.e[j].id) != 0)
					continue;
				/* deleted and edited, or changed as a whole by both:
				 * no one right answer (a move and an edit have one) */
				if (a.e[i].type == E_DELETE || b.e[j].type == E_DELETE ||
				    (structural(&a.e[i]) && structural(&b.e[j])))
					same_record = true;
				int fa = edit_field(&a.e[i]);
				if (fa >= 0 && fa == edit_field(&b.e[j]) && !structural(&a.e[i])) {
					clash_field = fa;
					clash_kind = edit_kind(&a.e[i]);
					clash_id = a.e[i].id;
					same_record = true;
				}
			}
		/* the oracle: A's edits, then those of B's that still apply, on
		 * one copy */
		struct plan *op;
		struct store *ost;
		load_base(&op, &ost);
		for (size_t i = 0; i < a.n; i++)
			ck_assert(make_edit(op, &a.e[i]));
		for (size_t j = 0; j < b.n; j++)
			make_edit(op, &b.e[j]);
		struct buf oracle[SF_COUNT];
		bool ochanged[SF_COUNT];
		struct diags od = DIAGS_INIT;
		for (int f = 0; f < SF_COUNT; f++)
			oracle[f] = (struct buf)BUF_INIT;
		ck_assert(store_render(ost, op, oracle, ochanged, &od) == 0);
		diags_clear(&od);
		/* merged, file by file, ours A and theirs B */
		struct buf merged[SF_COUNT];
		bool any_conflict = false;
		struct merge_points pts = { NULL, 0 };
		for (int f = 0; f < SF_COUNT; f++) {
			merged[f] = (struct buf)BUF_INIT;
			struct merge_input in = { .file = (enum store_file_id)f };
			const char *t[3] = { base_text[f], buf_str(&a.text[f]), buf_str(&b.text[f]) };
			size_t l[3] = { base_len[f], a.text[f].len, b.text[f].len };
			for (int s = 0; s < MERGE_SIDES; s++) {
				in.name[s] = names[f];
				in.text[s] = t[s];
				in.len[s] = l[s];
				in.label[s] = s == MERGE_OURS ? "ours" : s == MERGE_BASE ? "base" : "theirs";
			}
			struct buf said = BUF_INIT;
			struct diags d = DIAGS_INIT;
			int rc = merge_plan_file(&in, &merged[f], &said, &d);
			ck_assert_msg(rc >= 0, "round %d: %s does not merge: %s", round, names[f],
				      d.n ? d.v[0].msg : "");
			struct buf gres = BUF_INIT;
			bool gclean = have_git && git_merges(dir, t[0], l[0], &a.text[f], &b.text[f], &gres);
			if (gclean && !same_meaning((enum store_file_id)f, &gres, &oracle[f])) {
				/* git merged it cleanly, but not to both sides' edits
				 * (a deleted record's edit put on its neighbour) */
				git_wrong++;
			} else if (gclean) {
				git_clean++;
				if (rc != 0)
					for (size_t q = 0; q < a.n + b.n; q++) {
						const struct edit *e = q < a.n ? &a.e[q] : &b.e[q - a.n];
						fprintf(stderr, "%s: %d %s %s %d\n", q < a.n ? "ours" : "theirs",
							e->type, e->id, e->value, e->n);
					}
				ck_assert_msg(rc == 0, "round %d: git merges %s, the driver does not: %s",
					      round, names[f], buf_str(&said));
				if (!same_meaning((enum store_file_id)f, &gres, &merged[f])) {
					for (size_t q = 0; q < a.n + b.n; q++) {
						const struct edit *e = q < a.n ? &a.e[q] : &b.e[q - a.n];
						fprintf(stderr, "%s: %d %s %s %d\n", q < a.n ? "ours" : "theirs",
							e->type, e->id, e->value, e->n);
					}
				}
				ck_assert_msg(same_meaning((enum store_file_id)f, &gres, &merged[f]),
					      "round %d: git and the driver merge %s to different ends",
					      round, names[f]);
			}
			buf_release(&gres);
			struct plan *mp;
			struct store *ms;
			struct diags md = DIAGS_INIT;
			if (rc == 0) {
				ck_assert_msg(store_load_file((enum store_file_id)f, names[f],
							      buf_str(&merged[f]), merged[f].len, &mp,
							      &ms, &md) == 0,
					      "round %d: merged %s does not read", round, names[f]);
				plan_free(&mp);
				store_free(&ms);
			} else {
				any_conflict = true;
				struct merge_hunks h;
				ck_assert_int_eq(merge_hunks_read(buf_str(&merged[f]), merged[f].len, &h),
						 rc);
				ck_assert(merge_points_read((enum store_file_id)f, names[f],
							    buf_str(&merged[f]), merged[f].len, &h,
							    NULL, NULL, &pts, &md) == 0);
				merge_hunks_free(&h);
			}
			diags_clear(&md);
			diags_clear(&d);
			buf_release(&said);
		}
		if (!same_record && !both_structural) {
			/* the oracle: A's edits, then B's, on one copy */
			exact++;
			ck_assert_msg(!any_conflict, "round %d: a conflict where none is",
				      round);
			struct plan *mp;
			struct store *ms;
			struct diags md = DIAGS_INIT;
			const char *mt[SF_COUNT];
			size_t ml[SF_COUNT];
			for (int f = 0; f < SF_COUNT; f++) {
				mt[f] = buf_str(&merged[f]);
				ml[f] = merged[f].len;
			}
			ck_assert(store_load_texts(names, mt, ml, &mp, &ms, &md) == 0);
			char *diff = testplan_diff_lines(op, mp);
			ck_assert_msg(!*diff, "round %d: merged is not both edits:\n%s", round, diff);
			free(diff);
			for (int f = 0; f < SF_COUNT && !a_struct && !b_struct; f++)
				ck_assert_msg(comments_kept(base_text[f], mt[f]),
					      "round %d: a comment of %s was lost", round, names[f]);
			plan_free(&mp);
			store_free(&ms);
			diags_clear(&md);
		}
		plan_free(&op);
		store_free(&ost);
		for (int f = 0; f < SF_COUNT; f++)
			buf_release(&oracle[f]);
		if (clash_field >= 0) {
			const void *ra = plan_find(a.p, clash_kind, clash_id),
				   *rb = plan_find(b.p, clash_kind, clash_id);
			if (ra && rb && !rec_field_equal(clash_kind, clash_field, ra, rb)) {
				conflicts++;
				bool found = false;
				for (size_t i = 0; i < pts.n; i++)
					found |= pts.v[i].k == clash_kind && pts.v[i].field == clash_field &&
						 strcmp(pts.v[i].path, clash_id) == 0;
				ck_assert_msg(found, "round %d: %s %s set both ways is no conflict", round,
					      clash_id, kind_field(clash_kind, clash_field)->name);
			}
		}
		merge_points_free(&pts);
		for (int f = 0; f < SF_COUNT; f++)
			buf_release(&merged[f]);
		free_side(&a);
		free_side(&b);
	}
	/* the rounds did test something */
	ck_assert_uint_gt(exact, 30);
	ck_assert_uint_gt(conflicts, 5);
	if (have_git)
		ck_assert_uint_gt(git_clean, 100);
	fprintf(stderr, "merge: %u rounds, %u exact, %u conflicts, git clean %u, git clean but wrong %u\n",
		300u, exact, conflicts, git_clean, git_wrong);
	char *rm = xasprintf("rm -rf '%s'", dir);
	ck_assert(system(rm) == 0);
	free(rm);
	plan_free(&base);
	store_free(&bst);
	for (int f = 0; f < SF_COUNT; f++)
		free(base_text[f]);
}
END_TEST

static Suite *merge_suite(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("markers");
	tcase_add_test(tc, test_hunks_read);
	suite_add_tcase(s, tc);
	tc = tcase_create("random");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_random_pairs);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(merge_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
