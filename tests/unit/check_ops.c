/* check_ops.c — edits as values: made against a loaded plan, applied,
 * inverted, described. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "ops.h"
#include "store.h"
#include "testplan.h"
#include "util.h"

static const char changes_yaml[] =
	"changes:\n"
	"  - id: F1\n"
	"    horizon: kort\n"
	"    text: Parternas beslutsfattare har en ökad folkhälsovetenskaplig kompetens som tillämpas.\n"
	"    priority: [2025]\n"
	"    status: ej-paborjad\n"
	"    groups: []\n"
	"    effects: [rus-folkhalsa]\n"
	"    notes: \"\"\n"
	"  - id: F2\n"
	"    horizon: lång\n"
	"    text: |\n"
	"      Barn och unga har goda uppväxtvillkor.\n"
	"      Andra raden.\n"
	"    priority: [2025, 2026]\n"
	"    status: pagar\n"
	"    groups: [fstod, halsa]\n"
	"    effects: []\n"
	"    notes: En anteckning\n"
	"  - id: F3\n"
	"    text: Kort text\n"
	"    status: ej-paborjad\n"
	"  - id: F4\n"
	"    text: Sista förändringen\n"
	"    status: klar\n"
	"    groups: [halsa]\n";

static struct plan *load_plan(struct store **stp)
{
	struct plan *p = testplan_load(testplan_plan_yaml, testplan_groups_yaml, changes_yaml, stp);
	ck_assert_uint_eq(plan_count(p, K_CHANGE), 4);
	return p;
}

/* A second, independent copy of the plan as loaded, to compare with. */
struct fixture {
	struct plan *p, *orig;
	struct store *st, *orig_st;
	struct buf err;
	int renamed_referred; /* renames of records something named */
};

static void fx_init(struct fixture *fx)
{
	fx->p = load_plan(&fx->st);
	fx->orig = load_plan(&fx->orig_st);
	fx->err = (struct buf)BUF_INIT;
	fx->renamed_referred = 0;
}

static void fx_free(struct fixture *fx)
{
	plan_free(&fx->p);
	plan_free(&fx->orig);
	store_free(&fx->st);
	store_free(&fx->orig_st);
	buf_release(&fx->err);
}

/* The plan holds the same records of every kind, in the same order, as
 * when loaded, each found by its id. */
static void assert_plan_equal(const struct plan *a, const struct plan *b, const char *what)
{
	for (int k = 0; k < K_COUNT; k++) {
		const char *kname = kind_of((enum kind)k)->name;
		size_t n = plan_count(a, (enum kind)k);
		ck_assert_msg(n == plan_count(b, (enum kind)k), "%s: %zu %s records, expected %zu",
			      what, n, kname, plan_count(b, (enum kind)k));
		for (size_t i = 0; i < n; i++) {
			const void *ra = plan_rec(a, (enum kind)k, i);
			const void *rb = plan_rec(b, (enum kind)k, i);
			const char *id = rec_id((enum kind)k, rb);
			ck_assert_msg(rec_equal((enum kind)k, ra, rb),
				      "%s: %s %zu (%s) differs from %s",
				      what, kname, i, rec_id((enum kind)k, ra), id);
			if (kind_of((enum kind)k)->id_field >= 0)
				ck_assert_msg(plan_find(a, (enum kind)k, id) == ra,
					      "%s: %s %s not found by id", what, kname, id);
		}
	}
}

static void assert_plan_differs(const struct plan *a, const struct plan *b, const char *what)
{
	bool same = true;
	for (int k = 0; same && k < K_COUNT; k++) {
		same = plan_count(a, (enum kind)k) == plan_count(b, (enum kind)k);
		for (size_t i = 0; same && i < plan_count(a, (enum kind)k); i++)
			same = rec_equal((enum kind)k, plan_rec(a, (enum kind)k, i),
					 plan_rec(b, (enum kind)k, i));
	}
	ck_assert_msg(!same, "%s: the op changed nothing", what);
}

static void describe(const struct plan *p, const struct op *op, const char *want)
{
	struct buf b = BUF_INIT;
	op_describe(p, op, &b);
	ck_assert_str_eq(buf_str(&b), want);
	buf_release(&b);
}

/* Applies `op`, checks the plan changed and the description, then
 * applies the inverse and checks the plan is as loaded again. */
static void apply_and_undo(struct fixture *fx, struct op *op, const char *desc,
			   const char *inv_desc)
{
	if (desc)
		describe(fx->p, op, desc);
	ck_assert_msg(!op_is_noop(fx->p, op), "%s: op_is_noop says it changes nothing", desc);
	ck_assert_msg(op_apply(fx->p, op, &fx->err) == 0, "%s: %s", desc, buf_str(&fx->err));
	assert_plan_differs(fx->p, fx->orig, desc);
	struct op inv;
	op_invert(op, &inv);
	if (inv_desc)
		describe(fx->p, &inv, inv_desc);
	op_clear(op);
	ck_assert_msg(op_apply(fx->p, &inv, &fx->err) == 0, "undo %s: %s", desc,
		      buf_str(&fx->err));
	op_clear(&inv);
	assert_plan_equal(fx->p, fx->orig, desc);
}

/* ---- each kind, done and undone --------------------------------------- */

/* A list field set whole: the ops op_make_list makes, applied in turn,
 * leave exactly the items wanted in the order wanted (years in their
 * own order); undone in reverse they give the list back as it was. */
static void list_of(const struct plan *p, enum kind k, const char *id, int f, struct buf *out)
{
	const void *r = plan_find(p, k, id);
	buf_reset(out);
	char tmp[16];
	for (size_t i = 0; i < rec_list_len(r, k, f); i++)
		buf_addf(out, "%s%s", i ? "," : "", rec_list_item(r, k, f, i, tmp));
}

static void set_list_and_undo(struct fixture *fx, enum kind k, const char *id, int f,
			      const char *const *items, size_t n, const char *want, size_t nops)
{
	struct buf before = BUF_INIT, now = BUF_INIT;
	list_of(fx->p, k, id, f, &before);
	struct oplist ops = OPLIST_INIT;
	ck_assert_msg(op_make_list(fx->p, k, id, f, items, n, &ops, &fx->err) == 0, "%s",
		      buf_str(&fx->err));
	ck_assert_uint_eq(ops.n, nops);
	for (size_t i = 0; i < ops.n; i++)
		ck_assert_msg(op_apply(fx->p, &ops.v[i], &fx->err) == 0, "op %zu: %s", i,
			      buf_str(&fx->err));
	list_of(fx->p, k, id, f, &now);
	ck_assert_str_eq(buf_str(&now), want);
	for (size_t i = ops.n; i-- > 0;) {
		struct op inv;
		op_invert(&ops.v[i], &inv);
		ck_assert_msg(op_apply(fx->p, &inv, &fx->err) == 0, "undo %zu: %s", i, buf_str(&fx->err));
		op_clear(&inv);
	}
	list_of(fx->p, k, id, f, &now);
	ck_assert_str_eq(buf_str(&now), buf_str(&before));
	oplist_clear(&ops);
	buf_release(&before);
	buf_release(&now);
}

START_TEST(test_make_list)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	static const char *const abc[] = { "Anna", "Bo", "Cia" };
	for (size_t i = 0; i < 3; i++) {
		ck_assert_int_eq(op_make_item(fx.p, K_GROUP, "fstod", GF_MEMBERS, abc[i], true, &op, &fx.err), 0);
		ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
		op_clear(&op);
	}
	/* Bo out, Cia first, Dan in at the end: one out, a move (two), one in */
	static const char *const want1[] = { "Cia", "Anna", "Dan" };
	set_list_and_undo(&fx, K_GROUP, "fstod", GF_MEMBERS, want1, 3, "Cia,Anna,Dan", 4);
	/* the same list: nothing to do */
	set_list_and_undo(&fx, K_GROUP, "fstod", GF_MEMBERS, abc, 3, "Anna,Bo,Cia", 0);
	/* emptied */
	set_list_and_undo(&fx, K_GROUP, "fstod", GF_MEMBERS, NULL, 0, "", 3);
	/* a new one between, a repeat said once */
	static const char *const want2[] = { "Anna", "Eva", "Bo", "Cia", "Eva" };
	set_list_and_undo(&fx, K_GROUP, "fstod", GF_MEMBERS, want2, 5, "Anna,Eva,Bo,Cia", 1);
	/* years keep their order, whatever order they are given in */
	static const char *const years[] = { "2027", "2024", "2026" };
	set_list_and_undo(&fx, K_CHANGE, "F1", CF_PRIORITY, years, 3, "2024,2026,2027", 4);
	/* references by what they are known as; an unknown one is refused
	 * and nothing made */
	static const char *const groups[] = { "halsa", "fstod" };
	set_list_and_undo(&fx, K_CHANGE, "F1", CF_GROUPS, groups, 2, "halsa,fstod", 2);
	static const char *const bad[] = { "halsa", "nope" };
	struct oplist ops = OPLIST_INIT;
	ck_assert_int_eq(op_make_list(fx.p, K_CHANGE, "F1", CF_GROUPS, bad, 2, &ops, &fx.err), -1);
	ck_assert_uint_eq(ops.n, 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "unknown group 'nope'"));
	fx_free(&fx);
}
END_TEST

START_TEST(test_set_status)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F3", CF_STATUS, "pagar", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_SET);
	ck_assert_int_eq(op.rk, K_CHANGE);
	ck_assert_int_eq(op.field, CF_STATUS);
	ck_assert_str_eq(op.id, "F3");
	ck_assert_str_eq(op.before, "ej-paborjad");
	ck_assert_str_eq(op.after, "pagar");
	describe(fx.p, &op, "F3: status Ej påbörjad → Pågår");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	struct change *c = plan_find_change(fx.p, "F3");
	ck_assert_str_eq(c->status, "pagar");
	/* the status shares the plan's key, as a loaded one does */
	ck_assert_ptr_eq(c->status, plan_status(fx.p, 1)->key);
	ck_assert(c->rec.dirty & (1u << CF_STATUS));
	struct op inv;
	op_invert(&op, &inv);
	describe(fx.p, &inv, "F3: status Pågår → Ej påbörjad");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "status undone");
	op_clear(&op);
	op_clear(&inv);
	ck_assert_ptr_null(op.id);
	fx_free(&fx);
}
END_TEST

START_TEST(test_set_text_notes_horizon)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F3", CF_TEXT, "Ny text", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F3: text \"Kort text\" → \"Ny text\"",
		       "F3: text \"Ny text\" → \"Kort text\"");

	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F3", CF_TEXT, "Två\nrader", &op, &fx.err),
			 0);
	/* values are described whole, line breaks included */
	apply_and_undo(&fx, &op, "F3: text \"Kort text\" → \"Två\nrader\"", NULL);

	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_NOTES, "Ny anteckning", &op,
				     &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: notes \"\" → \"Ny anteckning\"", NULL);

	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F2", CF_NOTES, "", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F2: notes \"En anteckning\" → \"\"", NULL);

	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_HORIZON, "lång", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: horizon kort → lång", "F1: horizon lång → kort");

	/* a long text is described whole, not cut */
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F3", CF_TEXT,
				     "Åtta ord: åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö ÅÄÖ slut", &op,
				     &fx.err), 0);
	apply_and_undo(&fx, &op,
		       "F3: text \"Kort text\" → "
		       "\"Åtta ord: åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö ÅÄÖ slut\"",
		       NULL);
	fx_free(&fx);
}
END_TEST

START_TEST(test_years)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_year(fx.p, "F1", 2026, true, &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_ADD_ITEM);
	ck_assert_int_eq(op.field, CF_PRIORITY);
	ck_assert_str_eq(op.after, "2026");
	apply_and_undo(&fx, &op, "F1: prioritised 2026", "F1: no longer prioritised 2026");

	ck_assert_int_eq(op_make_year(fx.p, "F2", 2025, false, &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_REMOVE_ITEM);
	ck_assert_int_eq(op.field, CF_PRIORITY);
	ck_assert_str_eq(op.after, "2025");
	apply_and_undo(&fx, &op, "F2: no longer prioritised 2025", "F2: prioritised 2025");

	/* a year before the others: the list stays ascending, and so after undo */
	ck_assert_int_eq(op_make_year(fx.p, "F2", 2024, true, &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	const struct change *c = plan_find_change(fx.p, "F2");
	ck_assert_uint_eq(c->priority.n, 3);
	ck_assert_int_eq(c->priority.v[0], 2024);
	ck_assert_int_eq(c->priority.v[1], 2025);
	ck_assert_int_eq(c->priority.v[2], 2026);
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "year 2024 undone");
	op_clear(&op);
	op_clear(&inv);
	fx_free(&fx);
}
END_TEST

START_TEST(test_items)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_item(fx.p, K_CHANGE, "F1", CF_GROUPS, "fstod", true, &op,
				      &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_ADD_ITEM);
	apply_and_undo(&fx, &op, "F1: group Arbetsgrupp föräldraskapsstöd (fstod) assigned",
		       "F1: group Arbetsgrupp föräldraskapsstöd (fstod) unassigned");

	/* removing the only one */
	ck_assert_int_eq(op_make_item(fx.p, K_CHANGE, "F4", CF_GROUPS, "halsa", false, &op,
				      &fx.err), 0);
	apply_and_undo(&fx, &op, "F4: group Hälsofrämjande arbete (halsa) unassigned",
		       "F4: group Hälsofrämjande arbete (halsa) assigned");

	ck_assert_int_eq(op_make_item(fx.p, K_CHANGE, "F1", CF_EFFECTS, "nat-1", true, &op,
				      &fx.err), 0);
	/* by name and code, as the matrix says it */
	apply_and_undo(&fx, &op, "F1: effect Det tidiga livets villkor (N1) linked",
		       "F1: effect Det tidiga livets villkor (N1) unlinked");

	ck_assert_int_eq(op_make_item(fx.p, K_CHANGE, "F1", CF_EFFECTS, "rus-folkhalsa", false, &op,
				      &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: effect God och jämlik folkhälsa (R1) unlinked",
		       "F1: effect God och jämlik folkhälsa (R1) linked");
	fx_free(&fx);
}
END_TEST

/* Unassigning the first of several groups and undoing it must give the
 * list back in its original order (the file's order, and what
 * change_equal compares). */
START_TEST(test_item_undo_keeps_order)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_item(fx.p, K_CHANGE, "F2", CF_GROUPS, "fstod", false, &op,
				      &fx.err), 0);
	apply_and_undo(&fx, &op, "F2: group Arbetsgrupp föräldraskapsstöd (fstod) unassigned",
		       "F2: group Arbetsgrupp föräldraskapsstöd (fstod) assigned");
	fx_free(&fx);
}
END_TEST

START_TEST(test_add_change)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_add_change(fx.p, 1, "Ny förändring", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_ADD);
	ck_assert_int_eq(op.rk, K_CHANGE);
	ck_assert_str_eq(op.id, "F5");
	ck_assert_uint_eq(op.from, 1);
	ck_assert_ptr_nonnull(op.rec);
	ck_assert_uint_eq(plan_count(fx.p, K_CHANGE), 4); /* made, not applied */
	describe(fx.p, &op, "F5: added \"Ny förändring\"");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_uint_eq(plan_count(fx.p, K_CHANGE), 5);
	const struct change *c = plan_change(fx.p, 1);
	ck_assert_str_eq(c->id, "F5");
	ck_assert_str_eq(c->text, "Ny förändring");
	ck_assert_str_eq(c->status, "ej-paborjad");
	ck_assert_str_eq(c->horizon, "kort");
	ck_assert_ptr_eq(plan_find_change(fx.p, "F5"), c);
	/* applying it again is refused */
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "the id 'F5' is already in use");
	buf_reset(&fx.err);
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_int_eq(inv.kind, OP_DELETE);
	describe(fx.p, &inv, "F5: deleted \"Ny förändring\"");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "add undone");
	ck_assert_ptr_null(plan_find_change(fx.p, "F5"));
	/* redo: the very same change comes back */
	struct op redo;
	op_invert(&inv, &redo);
	ck_assert_int_eq(op_apply(fx.p, &redo, &fx.err), 0);
	ck_assert_ptr_eq(plan_change(fx.p, 1), op.rec);
	op_clear(&op);
	op_clear(&inv);
	op_clear(&redo);

	/* past the end: appended */
	ck_assert_int_eq(op_make_add_change(fx.p, 1000, "Sist", &op, &fx.err), 0);
	ck_assert_str_eq(op.id, "F6");
	ck_assert_uint_eq(op.from, 5);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_str_eq(plan_change(fx.p, 5)->id, "F6");
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

START_TEST(test_delete_change)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	struct change *f2 = plan_find_change(fx.p, "F2");
	ck_assert_int_eq(op_make_delete(fx.p, K_CHANGE, "F2", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_DELETE);
	ck_assert_uint_eq(op.from, 1);
	ck_assert_ptr_eq(op.rec, f2);
	/* the description shows the whole text */
	describe(fx.p, &op,
		 "F2: deleted \"Barn och unga har goda uppväxtvillkor.\nAndra raden.\n\"");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_ptr_null(plan_find_change(fx.p, "F2"));
	ck_assert_uint_eq(plan_count(fx.p, K_CHANGE), 3);
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "delete undone");
	/* the very same change is back, so the writer can reuse its lines */
	ck_assert_ptr_eq(plan_change(fx.p, 1), f2);
	op_clear(&op);
	op_clear(&inv);

	/* the first and the last */
	ck_assert_int_eq(op_make_delete(fx.p, K_CHANGE, "F1", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, NULL, NULL);
	ck_assert_int_eq(op_make_delete(fx.p, K_CHANGE, "F4", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, NULL, NULL);
	fx_free(&fx);
}
END_TEST

START_TEST(test_move_change)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_move(fx.p, K_CHANGE, "F2", -1, &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_MOVE);
	ck_assert_uint_eq(op.from, 1);
	ck_assert_uint_eq(op.to, 0);
	describe(fx.p, &op, "F2: moved up");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_str_eq(plan_change(fx.p, 0)->id, "F2");
	ck_assert_str_eq(plan_change(fx.p, 1)->id, "F1");
	/* applying it again is refused: F2 is no longer where it was */
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "F2: its place was changed meanwhile");
	buf_reset(&fx.err);
	struct op inv;
	op_invert(&op, &inv);
	describe(fx.p, &inv, "F2: moved down");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "move up undone");
	op_clear(&op);
	op_clear(&inv);

	ck_assert_int_eq(op_make_move(fx.p, K_CHANGE, "F3", 1, &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F3: moved down", "F3: moved up");
	ck_assert_int_eq(op_make_move(fx.p, K_CHANGE, "F4", -1, &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F4: moved up", "F4: moved down");
	fx_free(&fx);
}
END_TEST

/* A sequence of many ops, undone in reverse order, gives the plan back. */
START_TEST(test_undo_sequence)
{
	struct fixture fx;
	fx_init(&fx);
	struct op ops[16];
	size_t n = 0;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_STATUS, "klar", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_add_change(fx.p, 0, "Först", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_move(fx.p, K_CHANGE, "F5", 1, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_delete(fx.p, K_CHANGE, "F3", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_year(fx.p, "F5", 2027, true, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_item(fx.p, K_CHANGE, "F5", CF_GROUPS, "halsa", true, &ops[n],
				      &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F5", CF_TEXT, "Ändrad", &ops[n], &fx.err),
			 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_delete(fx.p, K_CHANGE, "F5", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_move(fx.p, K_CHANGE, "F4", -1, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_uint_eq(plan_count(fx.p, K_CHANGE), 3);
	while (n--) {
		struct op inv;
		op_invert(&ops[n], &inv);
		ck_assert_msg(op_apply(fx.p, &inv, &fx.err) == 0, "undo of op %zu: %s", n,
			      buf_str(&fx.err));
		op_clear(&inv);
		op_clear(&ops[n]);
	}
	assert_plan_equal(fx.p, fx.orig, "sequence undone");
	fx_free(&fx);
}
END_TEST

/* An op that changes nothing (a year already prioritised, a group
 * already assigned, a value set to what it is) must not break undo: the
 * maker refuses it, or op_is_noop says so (callers then keep it out of
 * the undo history), or undoing it leaves the plan as it was. */
START_TEST(test_redundant_op_undo)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	struct {
		const char *what;
		int kind; /* 0 year, 1 item, 2 set */
		const char *id;
		int year;
		enum change_field f;
		const char *item;
		bool add;
	} cases[] = {
		{ "prioritise F1 in 2025 (already)", 0, "F1", 2025, CF_PRIORITY, NULL, true },
		{ "unprioritise F1 in 2027 (never was)", 0, "F1", 2027, CF_PRIORITY, NULL, false },
		{ "assign fstod to F2 (already)", 1, "F2", 0, CF_GROUPS, "fstod", true },
		{ "unassign fstod from F1 (never was)", 1, "F1", 0, CF_GROUPS, "fstod", false },
		{ "link rus-folkhalsa to F1 (already)", 1, "F1", 0, CF_EFFECTS, "rus-folkhalsa",
		  true },
		{ "set F2's status to pagar (already)", 2, "F2", 0, CF_STATUS, "pagar", true },
		{ "set F3's notes to \"\" (already)", 2, "F3", 0, CF_NOTES, "", true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int rc = cases[i].kind == 0
			? op_make_year(fx.p, cases[i].id, cases[i].year, cases[i].add, &op, &fx.err)
			: cases[i].kind == 1
			? op_make_item(fx.p, K_CHANGE, cases[i].id, cases[i].f, cases[i].item,
				       cases[i].add, &op, &fx.err)
			: op_make_set(fx.p, K_CHANGE, cases[i].id, cases[i].f, cases[i].item, &op,
				      &fx.err);
		buf_reset(&fx.err);
		if (rc < 0)
			continue; /* refused: fine */
		if (op_is_noop(fx.p, &op)) {
			op_clear(&op);
			continue; /* known to change nothing: fine */
		}
		ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
		assert_plan_equal(fx.p, fx.orig, cases[i].what);
		struct op inv;
		op_invert(&op, &inv);
		int arc = op_apply(fx.p, &inv, &fx.err);
		buf_reset(&fx.err);
		op_clear(&op);
		op_clear(&inv);
		if (arc == 0) /* undone: then it must have undone nothing */
			assert_plan_equal(fx.p, fx.orig, cases[i].what);
	}
	fx_free(&fx);
}
END_TEST

/* ---- refusals ------------------------------------------------------------- */

static void refused(int rc, struct buf *err, const char *want)
{
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(buf_str(err), want);
	buf_reset(err);
}

START_TEST(test_validation)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	struct buf *e = &fx.err;
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_STATUS, "klart", &op, e),
		e, "unknown status 'klart' (known: ej-paborjad, pagar, klar)");
	ck_assert_ptr_null(op.id); /* nothing to free after a refusal */
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_STATUS, "", &op, e),
		e, "the status of a change cannot be empty");
	refused(op_make_set(fx.p, K_CHANGE, "F9", CF_STATUS, "klar", &op, e), e,
		"no change with id 'F9'");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "", &op, e), e,
		"the text of a change cannot be empty");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "bell \x07", &op, e), e,
		"control character U+0007 in the text");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "esc \x1b[2J", &op, e), e,
		"control character U+001B in the text");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "cr \r", &op, e), e,
		"control character U+000D in the text");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "sep \u2028", &op, e), e,
		"control character U+2028 in the text");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "bad \xff", &op, e), e,
		"the text is not valid UTF-8");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_NOTES, "del \x7f", &op, e), e,
		"control character U+007F in the notes");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_HORIZON, "lang", &op, e), e,
		"unknown horizon 'lang' (known: kort, lång)");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_PRIORITY, "2025", &op, e), e,
		"the priority is a list: give +ITEM to add or -ITEM to remove");
	/* an id can be set now (a rename), but not to one in use or not an id */
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_ID, "F2", &op, e), e,
		"the id 'F2' is already in use");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_ID, "F 7", &op, e), e,
		"invalid id 'F 7': use letters, digits, '.', '_' and '-' only");
	refused(op_make_set(fx.p, K_CHANGE, "F1", CF_ID, "", &op, e), e,
		"the id of a change cannot be empty");
	refused(op_make_item(fx.p, K_CHANGE, "F1", CF_GROUPS, "fstöd", true, &op, e), e,
		"unknown group 'fstöd' (known: fstod, halsa)");
	refused(op_make_item(fx.p, K_CHANGE, "F1", CF_EFFECTS, "rus", true, &op, e), e,
		"unknown effect 'rus' (known: rus-folkhalsa, nat-1)");
	refused(op_make_item(fx.p, K_CHANGE, "F1", CF_TEXT, "x", true, &op, e), e,
		"the field 'text' is not a list");
	refused(op_make_item(fx.p, K_CHANGE, "F0", CF_GROUPS, "fstod", true, &op, e), e,
		"no change with id 'F0'");
	refused(op_make_year(fx.p, "F1", 1800, true, &op, e), e, "'1800' is not a year");
	refused(op_make_year(fx.p, "F1", 3000, true, &op, e), e, "'3000' is not a year");
	refused(op_make_year(fx.p, "F1", 2030, false, &op, e), e, "F1 is not prioritised in 2030");
	refused(op_make_item(fx.p, K_CHANGE, "F1", CF_GROUPS, "fstod", false, &op, e), e,
		"group 'fstod' is not assigned to F1");
	refused(op_make_item(fx.p, K_CHANGE, "F2", CF_EFFECTS, "nat-1", false, &op, e), e,
		"effect 'nat-1' is not linked to F2");
	refused(op_make_year(fx.p, "X", 2025, true, &op, e), e, "no change with id 'X'");
	refused(op_make_move(fx.p, K_CHANGE, "F1", -1, &op, e), e, "F1 is already first");
	refused(op_make_move(fx.p, K_CHANGE, "F4", 1, &op, e), e, "F4 is already last");
	refused(op_make_move(fx.p, K_CHANGE, "F5", 1, &op, e), e, "no change with id 'F5'");
	refused(op_make_delete(fx.p, K_CHANGE, "f1", &op, e), e, "no change with id 'f1'");
	refused(op_make_add_change(fx.p, 0, "", &op, e), e, "the text of a change cannot be empty");
	refused(op_make_add_change(fx.p, 0, "tab ok, bell not \x07", &op, e), e,
		"control character U+0007 in the text");
	ck_assert_uint_eq(plan_count(fx.p, K_CHANGE), 4);
	assert_plan_equal(fx.p, fx.orig, "after refusals");

	/* what is allowed */
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_TEXT, "tab\there\nand a line", &op,
				     e), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_NOTES, "", &op, e), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_ID, "F7", &op, e), 0);
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

START_TEST(test_stale_ops_refused)
{
	struct fixture fx;
	fx_init(&fx);
	struct op mine, theirs;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_STATUS, "pagar", &mine, &fx.err), 0);
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_STATUS, "klar", &theirs, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &theirs, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &mine, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "F1: the status was changed meanwhile");
	buf_reset(&fx.err);
	ck_assert_str_eq(plan_find_change(fx.p, "F1")->status, "klar");

	/* the same for text */
	struct op t1, t2;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F3", CF_TEXT, "A", &t1, &fx.err), 0);
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F3", CF_TEXT, "B", &t2, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &t1, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &t2, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "F3: the text was changed meanwhile");
	buf_reset(&fx.err);
	ck_assert_str_eq(plan_find_change(fx.p, "F3")->text, "A");

	/* an op on a change deleted meanwhile */
	struct op del, st;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F2", CF_STATUS, "klar", &st, &fx.err), 0);
	ck_assert_int_eq(op_make_delete(fx.p, K_CHANGE, "F2", &del, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &del, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &st, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "no change with id 'F2'");
	buf_reset(&fx.err);

	/* an op whose status no longer exists in the plan */
	struct op bogus = { .kind = OP_SET, .rk = K_CHANGE, .field = CF_STATUS };
	bogus.id = xstrdup("F1");
	bogus.before = xstrdup("klar");
	bogus.after = xstrdup("borta");
	ck_assert_int_eq(op_apply(fx.p, &bogus, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err),
			 "unknown status 'borta' (known: ej-paborjad, pagar, klar)");
	ck_assert_str_eq(plan_find_change(fx.p, "F1")->status, "klar");
	op_clear(&bogus);
	op_clear(&mine);
	op_clear(&theirs);
	op_clear(&t1);
	op_clear(&t2);
	op_clear(&del);
	op_clear(&st);
	fx_free(&fx);
}
END_TEST

START_TEST(test_copy_owns_strings)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op, copy;
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F1", CF_NOTES, "Hej", &op, &fx.err), 0);
	op_copy(&op, &copy);
	ck_assert_ptr_ne(copy.id, op.id);
	ck_assert_ptr_ne(copy.before, op.before);
	ck_assert_ptr_ne(copy.after, op.after);
	op_clear(&op);
	ck_assert_str_eq(copy.id, "F1");
	ck_assert_str_eq(copy.before, "");
	ck_assert_str_eq(copy.after, "Hej");
	ck_assert_int_eq(op_apply(fx.p, &copy, &fx.err), 0);
	ck_assert_str_eq(plan_find_change(fx.p, "F1")->notes, "Hej");
	op_clear(&copy);
	fx_free(&fx);
}
END_TEST

/* Plain null, ~, Null and NULL read as empty; anything else, or a quoted
 * "null", is text (the loader, which the ops work on). */
START_TEST(test_null_values)
{
	static const char changes[] =
		"changes:\n"
		"  - {id: F1, text: a, status: pagar, notes: ~, groups: null, effects: NULL,"
		" priority: Null}\n"
		"  - {id: F2, text: b, status: pagar, notes: , groups: []}\n"
		"  - {id: F3, text: c, status: pagar, notes: nullish}\n"
		"  - {id: F4, text: d, status: pagar, notes: \"null\"}\n"
		"  - {id: F5, text: e, status: pagar, notes: '~'}\n"
		"  - {id: F6, text: f, status: pagar, notes: ~~}\n"
		"  - {id: F7, text: g, status: pagar, notes: nULL}\n";
	struct plan *p = testplan_load(testplan_plan_yaml, testplan_groups_yaml, changes, NULL);
	const struct change *c = plan_find_change(p, "F1");
	ck_assert_str_eq(c->notes, "");
	ck_assert_uint_eq(c->groups.n, 0);
	ck_assert_uint_eq(c->effects.n, 0);
	ck_assert_uint_eq(c->priority.n, 0);
	ck_assert_str_eq(plan_find_change(p, "F2")->notes, "");
	ck_assert_str_eq(plan_find_change(p, "F3")->notes, "nullish");
	ck_assert_str_eq(plan_find_change(p, "F4")->notes, "null");
	ck_assert_str_eq(plan_find_change(p, "F5")->notes, "~");
	ck_assert_str_eq(plan_find_change(p, "F6")->notes, "~~");
	ck_assert_str_eq(plan_find_change(p, "F7")->notes, "nULL");
	plan_free(&p);
}
END_TEST

/* ---- every kind of record ------------------------------------------------ */

/* A plan with records of every kind and a value in every field, and a
 * third group, samverkan, that no change names. */
static const char full_plan_yaml[] =
	"title: Testplan\n"
	"subtitle: Med alla slag av poster\n"
	"version: 3\n"
	"adopted: {by: Chefsgrupp folkhälsa, date: 2025-01-22}\n"
	"focus_year: 2025\n"
	"statuses:\n"
	"  - {key: ej-paborjad, label: Ej påbörjad}\n"
	"  - {key: pagar, label: Pågår}\n"
	"  - {key: klar, label: Klar}\n"
	"parties:\n"
	"  - id: soder\n"
	"    name: Södra länsdelen\n"
	"    members: [Askersunds kommun, Hallsbergs kommun]\n"
	"    note: Två kommuner\n"
	"  - {id: norr, name: Norra länsdelen}\n"
	"effects:\n"
	"  - {id: rus-folkhalsa, name: God och jämlik folkhälsa, kind: rus}\n"
	"  - {id: nat-1, name: Det tidiga livets villkor, kind: nationell}\n"
	"roster:\n"
	"  - {id: ida-broman, name: Ida Broman, role: folkhälsochef, org: Region, part: norr}\n"
	"  - {id: cecilia-ljung, name: Cecilia Ljung}\n"
	"meetings:\n"
	"  - date: 2025-03-19\n"
	"    time: \"13:00\"\n"
	"    place: Örebro\n"
	"    note: Första mötet\n"
	"    chair: ida-broman\n"
	"    secretary: cecilia-ljung\n"
	"    attendees: [ida-broman]\n"
	"    guests:\n"
	"      - {id: deepa-singhru, name: Deepa Singhru, note: forskare, points: [\"1\"]}\n"
	"    points:\n"
	"      - {number: 1, title: Inledning, presenter: Ida Broman, notes: Välkommen, decision: Inget}\n"
	"    actions:\n"
	"      - id: T1\n"
	"        what: Utse en arbetsgrupp\n"
	"        who: [ida-broman]\n"
	"        party: soder\n"
	"        due: 2025-05-22\n"
	"        done: 2025-04-01\n"
	"        point: 1\n"
	"  - {date: 2025-05-22}\n"
	"topics:\n"
	"  - {id: K1, text: Hälsokunniga beslutsfattare, note: Till hösten, from: 2025-03-19, meeting: 2025-05-22}\n";

static const char full_groups_yaml[] =
	"groups:\n"
	"  - id: fstod\n"
	"    name: Arbetsgrupp föräldraskapsstöd\n"
	"    lead: \"\"\n"
	"    mandate: Samordna stödet\n"
	"    members: [Ida Broman, Cecilia Ljung]\n"
	"    notes: Träffas varje månad\n"
	"  - id: samverkan\n"
	"    name: Arbetsgrupp samverkan\n"
	"    lead: Ida Broman\n"
	"  - id: halsa\n"
	"    name: Hälsofrämjande arbete\n";

static const char full_activities_yaml[] =
	"activities:\n"
	"  - id: A1\n"
	"    text: Utbildningsdag om folkhälsovetenskap\n"
	"    changes: [F1]\n"
	"    group: halsa\n"
	"    parties: [soder]\n"
	"    period: {from: 2025-03, to: 2025-12}\n"
	"    output: Två utbildningsdagar\n"
	"    result: Beslutsfattare efterfrågar analyser\n"
	"    indicator: Andel beslutsunderlag med analys\n"
	"    baseline: \"10 %\"\n"
	"    target: \"50 %\"\n"
	"    status: pagar\n"
	"    notes: Första året\n"
	"    followup:\n"
	"      - year: 2025\n"
	"        party: soder\n"
	"        done: En utbildningsdag i Kumla\n"
	"        output: 25 deltagare\n"
	"        result: Fler frågor om analyser\n"
	"        value: \"20 %\"\n"
	"        comment: Bra början\n";

static void fx_init_full(struct fixture *fx)
{
	fx->p = testplan_load4(full_plan_yaml, full_groups_yaml, changes_yaml, full_activities_yaml,
			       &fx->st);
	fx->orig = testplan_load4(full_plan_yaml, full_groups_yaml, changes_yaml,
				  full_activities_yaml, &fx->orig_st);
	fx->err = (struct buf)BUF_INIT;
	fx->renamed_referred = 0;
}

/* A value of field f of kind k, other than what record r holds, that
 * op_make_set accepts. */
static const char *other_value(const struct plan *p, enum kind k, const void *r, int f)
{
	const struct field *fd = kind_field(k, f);
	struct buf now = BUF_INIT;
	rec_format(r, k, f, ",", &now);
	const char *v = NULL;
	if (f == kind_of(k)->id_field)
		v = k == K_MEETING ? "2026-01-15" : k == K_STATUS ? "ny-nyckel" : "nytt-id";
	else
		switch (fd->type) {
		case FT_STRING:
			v = "Nytt värde";
			break;
		case FT_TEXT:
			v = "Ny text\npå två rader";
			break;
		case FT_CHOICE:
			for (size_t i = 0; fd->choices[i] && !v; i++)
				if (strcmp(fd->choices[i], buf_str(&now)) != 0)
					v = fd->choices[i];
			break;
		case FT_REF:
			for (size_t i = 0; i < plan_count(p, fd->ref) && !v; i++) {
				const char *id = rec_id(fd->ref, plan_rec(p, fd->ref, i));
				if (strcmp(id, buf_str(&now)) != 0)
					v = id;
			}
			break;
		case FT_YEAR:
			v = strcmp(buf_str(&now), "2026") == 0 ? "2027" : "2026";
			break;
		case FT_NUMBER:
			v = "7";
			break;
		case FT_DATE: /* an action is due on or after its meeting's day */
			v = k == K_ACTION ? "2028-02-29" : "2024-02-29";
			break;
		case FT_PERIOD:
			v = strcmp(buf_str(&now), "2026-03") == 0 ? "2027" : "2026-03";
			break;
		case FT_REFS:
		case FT_NAMES:
		case FT_YEARS:
		case FT_RECORDS:
		case FT_COUNT:
			break;
		}
	buf_release(&now);
	return v;
}

/* An item that list field f of record r does not hold yet. */
static const char *new_item(const struct plan *p, enum kind k, const void *r, int f)
{
	const struct field *fd = kind_field(k, f);
	switch (fd->type) {
	case FT_REFS:
		for (size_t i = 0; i < plan_count(p, fd->ref); i++) {
			const char *id = rec_id(fd->ref, plan_rec(p, fd->ref, i));
			if (!rec_list_contains(r, k, f, id))
				return id;
		}
		return NULL;
	case FT_NAMES: /* a guest's points are numbers */
		return k == K_GUEST ? "2" : "Ny Person";
	case FT_YEARS:
		return "2029";
	case FT_STRING:
	case FT_TEXT:
	case FT_CHOICE:
	case FT_REF:
	case FT_YEAR:
	case FT_NUMBER:
	case FT_DATE:
	case FT_PERIOD:
	case FT_RECORDS:
	case FT_COUNT:
		break;
	}
	return NULL;
}

/* Applies `op` to the record `r` of kind k, checks that it changed it,
 * then applies the inverse: the record equals the loaded one again. */
static void done_and_undone(struct fixture *fx, struct op *op, enum kind k, const char *what)
{
	void *r = op_record(fx->p, op);
	ck_assert_ptr_nonnull(r);
	const void *orig = op_record(fx->orig, op);
	ck_assert_ptr_nonnull(orig);
	ck_assert_msg(rec_equal(k, r, orig), "%s: the record differs before", what);
	bool rename = op->kind == OP_SET && op->field == kind_of(k)->id_field;
	size_t named = rename ? op_referrers(fx->p, k, op->before, NULL, NULL) : 0;
	ck_assert_msg(op_apply(fx->p, op, &fx->err) == 0, "%s: %s", what, buf_str(&fx->err));
	ck_assert_msg(!rec_equal(k, r, orig), "%s: the record is unchanged", what);
	if (rename) { /* what named it names it by its new id */
		ck_assert_msg(op_referrers(fx->p, k, op->before, NULL, NULL) == 0,
			      "%s: the old id is still named", what);
		ck_assert_msg(op_referrers(fx->p, k, op->after, NULL, NULL) == named,
			      "%s: the new id is not named where the old one was", what);
		fx->renamed_referred += named > 0;
	}
	struct op inv;
	op_invert(op, &inv);
	ck_assert_msg(op_apply(fx->p, &inv, &fx->err) == 0, "undo %s: %s", what, buf_str(&fx->err));
	ck_assert_msg(rec_equal(k, r, orig), "%s: the record differs after undo", what);
	op_clear(&inv);
	op_clear(op);
	assert_plan_equal(fx->p, fx->orig, what);
}

/* A meeting's rules, kept by every op: an action is due on or after its
 * meeting (and the meeting is not moved past it), the agenda's points stand
 * in the order of their numbers (a point is not moved, an added one is
 * numbered above the last), a guest's points are numbers.  Each refused op
 * leaves the plan as it was. */
START_TEST(test_meeting_rules)
{
	struct fixture fx;
	fx_init_full(&fx);
	struct op op;
	/* refused when applied: a set made by hand, as a journal's would be */
	const struct {
		enum kind k;
		const char *id;
		int field;
		const char *value, *says;
	} refused[] = {
		{ K_ACTION, "2025-03-19/T1", AN_DUE, "2025-03-18", "due 2025-03-18, before its meeting on 2025-03-19" },
		{ K_MEETING, "2025-03-19", ME_DATE, "2025-06-01", "T1 of the meeting is due 2025-05-22, before 2025-06-01" },
		{ K_POINT, "2025-03-19/1", PO_NUMBER, "0", "1 or more" },
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		memset(&op, 0, sizeof(op));
		op.kind = OP_SET;
		op.rk = refused[i].k;
		op.id = xstrdup(refused[i].id);
		op.field = refused[i].field;
		op.after = xstrdup(refused[i].value);
		buf_reset(&fx.err);
		ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), -1);
		ck_assert_msg(strstr(buf_str(&fx.err), refused[i].says), "%s: '%s'", refused[i].id,
			      buf_str(&fx.err));
		assert_plan_equal(fx.p, fx.orig, refused[i].id);
		op_clear(&op);
	}
	/* the same day is not before it */
	ck_assert_int_eq(op_make_set(fx.p, K_ACTION, "2025-03-19/T1", AN_DUE, "2025-03-19", &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	op_clear(&op);
	/* points: a second one below 1 is refused, above it taken; neither moves */
	struct meeting *m = plan_find(fx.p, K_MEETING, "2025-03-19");
	for (int n = 0; n < 2; n++) {
		struct point *pt = op_new_record(fx.p, K_POINT);
		rec_head(pt)->parent = m;
		ck_assert_int_eq(op_record_set(fx.p, K_POINT, pt, PO_NUMBER, n ? "2" : "1", &fx.err), 0);
		ck_assert_int_eq(op_record_set(fx.p, K_POINT, pt, PO_TITLE, "Ny punkt", &fx.err), 0);
		buf_reset(&fx.err);
		int rc = op_make_add(fx.p, K_POINT, m->points.n, pt, &op, &fx.err);
		if (rc == 0)
			rc = op_apply(fx.p, &op, &fx.err);
		if (!n) { /* 1 is taken: its id */
			ck_assert_int_eq(rc, -1);
		} else {
			ck_assert_msg(rc == 0, "%s", buf_str(&fx.err));
			op_clear(&op);
		}
	}
	ck_assert_uint_eq(m->points.n, 2);
	ck_assert_int_eq(op_make_set(fx.p, K_POINT, "2025-03-19/2", PO_NUMBER, "0", &op, &fx.err) == 0 &&
			 op_apply(fx.p, &op, &fx.err) == 0, 0);
	op_clear(&op);
	buf_reset(&fx.err);
	ck_assert_int_eq(op_make_move(fx.p, K_POINT, "2025-03-19/2", -1, &op, &fx.err) == 0 &&
			 op_apply(fx.p, &op, &fx.err) == 0, 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "order of their numbers"));
	op_clear(&op);
	/* a point asked for at the top goes where its number says; one put
	 * there all the same (an op read back) is refused */
	struct point *top = op_new_record(fx.p, K_POINT);
	rec_head(top)->parent = m;
	op_record_set(fx.p, K_POINT, top, PO_NUMBER, "3", &fx.err);
	op_record_set(fx.p, K_POINT, top, PO_TITLE, "Först", &fx.err);
	buf_reset(&fx.err);
	ck_assert_int_eq(op_make_add(fx.p, K_POINT, 0, top, &op, &fx.err), 0);
	ck_assert_uint_eq(op.from, 2);
	op.from = 0;
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), -1);
	ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "point 3 stands before point 1"));
	op_clear(&op);
	/* a guest's point: a number */
	buf_reset(&fx.err);
	ck_assert_int_eq(op_make_item(fx.p, K_GUEST, "2025-03-19/deepa-singhru", GU_POINTS, "fyra", true,
				      &op, &fx.err) == 0 && op_apply(fx.p, &op, &fx.err) == 0, 0);
	ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "not 'fyra'"));
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

/* Every field of a record of every kind: set (or an item added and
 * removed), applied, inverted, the inverse applied, and the record is as
 * loaded. */
START_TEST(test_every_field_undone)
{
	struct fixture fx;
	fx_init_full(&fx);
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		struct rec_iter it;
		const void *r = rec_iter_first(&it, fx.p, (enum kind)k);
		ck_assert_msg(r != NULL, "the test plan has no %s", kd->name);
		struct buf path = BUF_INIT;
		rec_path((enum kind)k, r, &path);
		const char *id = buf_str(&path);
		int done = 0;
		for (int f = 0; f < kd->nfields; f++) {
			char what[128];
			snprintf(what, sizeof(what), "%s %s: %s", kd->name, id, kd->fields[f].name);
			struct op op;
			if (kd->fields[f].type == FT_RECORDS) { /* records of their own */
				ck_assert_int_eq(op_make_set(fx.p, (enum kind)k, id, f, "x", &op,
							     &fx.err), -1);
				done++;
				continue;
			}
			if (!field_is_list(&kd->fields[f])) {
				const char *v = other_value(fx.p, (enum kind)k, r, f);
				ck_assert_msg(v != NULL, "%s: no other value", what);
				ck_assert_msg(op_make_set(fx.p, (enum kind)k, id, f, v, &op,
							  &fx.err) == 0,
					      "%s: %s", what, buf_str(&fx.err));
				ck_assert_int_eq(op.kind, OP_SET);
				done_and_undone(&fx, &op, (enum kind)k, what);
				done++;
				continue;
			}
			const char *item = new_item(fx.p, (enum kind)k, r, f);
			ck_assert_msg(item != NULL, "%s: no new item", what);
			ck_assert_msg(op_make_item(fx.p, (enum kind)k, id, f, item, true, &op,
						   &fx.err) == 0,
				      "%s: %s", what, buf_str(&fx.err));
			done_and_undone(&fx, &op, (enum kind)k, what);
			done++;
			if (!rec_list_len(r, (enum kind)k, f))
				continue;
			char tmp[16];
			const char *first = rec_list_item(r, (enum kind)k, f, 0, tmp);
			if ((kd->fields[f].flags & FF_NONEMPTY) && rec_list_len(r, (enum kind)k, f) == 1) {
				/* a list that must name one keeps its last */
				ck_assert_int_eq(op_make_item(fx.p, (enum kind)k, id, f, first, false,
							      &op, &fx.err), -1);
				ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "at least one"));
				buf_reset(&fx.err);
				continue;
			}
			ck_assert_msg(op_make_item(fx.p, (enum kind)k, id, f, first, false, &op,
						   &fx.err) == 0,
				      "%s: %s", what, buf_str(&fx.err));
			done_and_undone(&fx, &op, (enum kind)k, what);
		}
		ck_assert_int_eq(done, kd->nfields);
		buf_release(&path);
	}
	/* the first status, group and effect are named by changes; the first
	 * party and change by the activity and its follow-up; the first
	 * member by the meeting and its action */
	ck_assert_int_eq(fx.renamed_referred, 6);
	fx_free(&fx);
}
END_TEST

/* Renaming a group renames it in every change that names it, in the same
 * place; undoing the rename gives the old id back everywhere. */
START_TEST(test_rename_group)
{
	struct fixture fx;
	fx_init_full(&fx);
	struct group *g = plan_find_group(fx.p, "fstod");
	struct op op;
	ck_assert_int_eq(op_make_set(fx.p, K_GROUP, "fstod", GF_ID, "foralder", &op, &fx.err), 0);
	ck_assert_str_eq(op.before, "fstod");
	ck_assert_str_eq(op.after, "foralder");
	describe(fx.p, &op, "fstod: renamed to foralder");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_ptr_eq(plan_find_group(fx.p, "foralder"), g);
	ck_assert_ptr_null(plan_find_group(fx.p, "fstod"));
	const struct change *f2 = plan_find_change(fx.p, "F2");
	ck_assert_uint_eq(f2->groups.n, 2);
	ck_assert_str_eq(f2->groups.v[0], "foralder");
	ck_assert_str_eq(f2->groups.v[1], "halsa");
	/* the reference is the group's own id, as a loaded one is */
	ck_assert_ptr_eq(f2->groups.v[0], g->id);
	ck_assert_uint_eq(op_referrers(fx.p, K_GROUP, "fstod", NULL, NULL), 0);
	ck_assert_uint_eq(op_referrers(fx.p, K_GROUP, "foralder", NULL, NULL), 1);
	for (size_t i = 0; i < plan_count(fx.p, K_CHANGE); i++)
		ck_assert(!strlist_contains(&plan_change(fx.p, i)->groups, "fstod"));
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_str_eq(inv.id, "foralder");
	describe(fx.p, &inv, "foralder: renamed to fstod");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	ck_assert_ptr_eq(plan_find_group(fx.p, "fstod"), g);
	ck_assert_ptr_null(plan_find_group(fx.p, "foralder"));
	ck_assert_str_eq(f2->groups.v[0], "fstod");
	ck_assert_ptr_eq(f2->groups.v[0], g->id);
	assert_plan_equal(fx.p, fx.orig, "group rename undone");
	/* to an id in use: refused */
	op_clear(&op);
	op_clear(&inv);
	refused(op_make_set(fx.p, K_GROUP, "fstod", GF_ID, "halsa", &op, &fx.err), &fx.err,
		"the id 'halsa' is already in use");
	fx_free(&fx);
}
END_TEST

/* A group that changes name cannot be deleted, and the message says
 * which changes do; one that none names is deleted, and undone to its
 * place. */
START_TEST(test_delete_group)
{
	struct fixture fx;
	fx_init_full(&fx);
	struct op op;
	ck_assert_int_eq(op_make_delete(fx.p, K_GROUP, "halsa", &op, &fx.err), -1);
	ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "F2"));
	ck_assert_ptr_nonnull(strstr(buf_str(&fx.err), "F4"));
	ck_assert_ptr_null(strstr(buf_str(&fx.err), "F1"));
	ck_assert_str_eq(buf_str(&fx.err),
			 "group 'halsa' is responsible for F2, F4, activity A1; "
			 "unassign them first or use --unassign");
	ck_assert_ptr_null(op.id);
	buf_reset(&fx.err);
	ck_assert_int_eq(op_make_delete(fx.p, K_GROUP, "fstod", &op, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err),
			 "group 'fstod' is responsible for F2; "
			 "unassign them first or use --unassign");
	buf_reset(&fx.err);
	assert_plan_equal(fx.p, fx.orig, "refused deletes");

	struct group *g = plan_find_group(fx.p, "samverkan");
	ck_assert_int_eq(op_make_delete(fx.p, K_GROUP, "samverkan", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_DELETE);
	ck_assert_int_eq(op.rk, K_GROUP);
	ck_assert_uint_eq(op.from, 1);
	ck_assert_ptr_eq(op.rec, g);
	describe(fx.p, &op, "group Arbetsgrupp samverkan deleted");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_uint_eq(plan_count(fx.p, K_GROUP), 2);
	ck_assert_ptr_null(plan_find_group(fx.p, "samverkan"));
	ck_assert_str_eq(plan_group(fx.p, 1)->id, "halsa");
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_int_eq(inv.kind, OP_ADD);
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	ck_assert_ptr_eq(plan_group(fx.p, 1), g); /* the very same, in its place */
	ck_assert_ptr_eq(plan_find_group(fx.p, "samverkan"), g);
	assert_plan_equal(fx.p, fx.orig, "group delete undone");
	op_clear(&op);
	op_clear(&inv);
	fx_free(&fx);
}
END_TEST

/* Who names whom: every activity that serves a change, in plan order,
 * for a list field and for a single reference; a change no one serves. */
START_TEST(test_ref_index)
{
	static const char acts[] = "activities:\n"
				   "  - {id: A1, text: Ett, changes: [F1, F2], status: pagar}\n"
				   "  - {id: A2, text: Två, changes: [F2], status: pagar}\n"
				   "  - {id: A3, text: Tre, changes: [F3], status: pagar}\n"
				   "  - {id: A4, text: Fyra, changes: [F2, F1], group: halsa, status: pagar}\n";
	struct plan *p = testplan_load4(full_plan_yaml, full_groups_yaml, changes_yaml, acts, NULL);
	struct ref_index ix;
	ref_index_build(&ix, p, K_ACTIVITY, AC_CHANGES);
	const struct ref_pair *first;
	const char *want[][4] = { { "F1", "A1", "A4", NULL }, { "F2", "A1", "A2", "A4" },
				  { "F3", "A3", NULL, NULL }, { "F4", NULL, NULL, NULL } };
	for (size_t w = 0; w < 4; w++) {
		size_t n = ref_index_find(&ix, plan_find(p, K_CHANGE, want[w][0]), &first);
		size_t expect = 0;
		while (expect < 3 && want[w][expect + 1])
			expect++;
		ck_assert_uint_eq(n, expect);
		for (size_t i = 0; i < n; i++)
			ck_assert_str_eq(((struct activity *)first[i].rec)->id, want[w][i + 1]);
		ck_assert(n || !first);
	}
	ck_assert_uint_eq(ref_index_find(&ix, p, &first), 0); /* not a change at all */
	ref_index_free(&ix);
	ref_index_build(&ix, p, K_ACTIVITY, AC_GROUP);
	ck_assert_uint_eq(ref_index_find(&ix, plan_find(p, K_GROUP, "halsa"), &first), 1);
	ck_assert_str_eq(((struct activity *)first[0].rec)->id, "A4");
	ck_assert_uint_eq(ref_index_find(&ix, plan_find(p, K_GROUP, "fstod"), &first), 0);
	ref_index_free(&ix);
	plan_free(&p);
}
END_TEST

START_TEST(test_describe_groups_and_plan)
{
	struct fixture fx;
	fx_init_full(&fx);
	struct op op;
	/* a group added, with its lead and without */
	void *rec = op_new_record(fx.p, K_GROUP);
	ck_assert_int_eq(op_record_set(fx.p, K_GROUP, rec, GF_NAME, "Hälsokunniga beslutsfattare",
				       &fx.err), 0);
	ck_assert_int_eq(op_record_set(fx.p, K_GROUP, rec, GF_LEAD, "Ida Broman", &fx.err), 0);
	ck_assert_int_eq(op_make_add(fx.p, K_GROUP, 1000, rec, &op, &fx.err), 0);
	ck_assert_str_eq(op.id, "halsokunniga-beslutsfattare");
	ck_assert_uint_eq(op.from, 3);
	describe(fx.p, &op, "group Hälsokunniga beslutsfattare added (lead Ida Broman)");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_ptr_eq(plan_find_group(fx.p, "halsokunniga-beslutsfattare"), rec);
	struct op inv;
	op_invert(&op, &inv);
	describe(fx.p, &inv, "group Hälsokunniga beslutsfattare deleted");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "group add undone");
	op_clear(&op);
	op_clear(&inv);
	rec = op_new_record(fx.p, K_GROUP);
	ck_assert_int_eq(op_record_set(fx.p, K_GROUP, rec, GF_NAME, "Utan ledare", &fx.err), 0);
	ck_assert_int_eq(op_make_add(fx.p, K_GROUP, 0, rec, &op, &fx.err), 0);
	describe(fx.p, &op, "group Utan ledare added");
	op_clear(&op);

	/* a group's lead set */
	ck_assert_int_eq(op_make_set(fx.p, K_GROUP, "fstod", GF_LEAD, "Deepa Singhru", &op,
				     &fx.err), 0);
	apply_and_undo(&fx, &op, "fstod: lead \"\" → \"Deepa Singhru\"",
		       "fstod: lead \"Deepa Singhru\" → \"\"");
	/* a member added */
	ck_assert_int_eq(op_make_item(fx.p, K_GROUP, "fstod", GF_MEMBERS, "Deepa Singhru", true,
				      &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "fstod: Deepa Singhru added to the members",
		       "fstod: Deepa Singhru removed from the members");

	/* the plan's focus year: the plan's own fields have no prefix */
	ck_assert_int_eq(op_make_set(fx.p, K_PLAN, NULL, PL_FOCUS_YEAR, "2026", &op, &fx.err), 0);
	ck_assert_str_eq(op.id, "");
	apply_and_undo(&fx, &op, "focus year 2025 → 2026", "focus year 2026 → 2025");
	ck_assert_int_eq(fx.p->info->focus_year, 2025);
	refused(op_make_set(fx.p, K_PLAN, NULL, PL_FOCUS_YEAR, "20x6", &op, &fx.err), &fx.err,
		"'20x6' is not a year");

	/* a long value is described whole */
	struct buf longv = BUF_INIT, want = BUF_INIT;
	for (int i = 0; i < 20; i++)
		buf_addf(&longv, "Anteckning %d om förändringen, åäö. ", i);
	ck_assert_int_eq(op_make_set(fx.p, K_CHANGE, "F2", CF_NOTES, buf_str(&longv), &op,
				     &fx.err), 0);
	buf_addf(&want, "F2: notes \"En anteckning\" → \"%s\"", buf_str(&longv));
	struct buf got = BUF_INIT;
	op_describe(fx.p, &op, &got);
	ck_assert_ptr_null(strstr(buf_str(&got), "…"));
	ck_assert_str_eq(buf_str(&got), buf_str(&want));
	apply_and_undo(&fx, &op, buf_str(&want), NULL);
	buf_release(&got);
	buf_release(&want);
	buf_release(&longv);
	fx_free(&fx);
}
END_TEST

static Suite *ops_suite(void)
{
	Suite *s = suite_create("ops");
	TCase *tc = tcase_create("undo");
	tcase_add_test(tc, test_set_status);
	tcase_add_test(tc, test_make_list);
	tcase_add_test(tc, test_set_text_notes_horizon);
	tcase_add_test(tc, test_years);
	tcase_add_test(tc, test_items);
	tcase_add_test(tc, test_item_undo_keeps_order);
	tcase_add_test(tc, test_add_change);
	tcase_add_test(tc, test_delete_change);
	tcase_add_test(tc, test_move_change);
	tcase_add_test(tc, test_undo_sequence);
	tcase_add_test(tc, test_redundant_op_undo);
	suite_add_tcase(s, tc);

	tc = tcase_create("refusals");
	tcase_add_test(tc, test_validation);
	tcase_add_test(tc, test_stale_ops_refused);
	tcase_add_test(tc, test_copy_owns_strings);
	tcase_add_test(tc, test_null_values);
	suite_add_tcase(s, tc);

	tc = tcase_create("kinds");
	tcase_add_test(tc, test_every_field_undone);
	tcase_add_test(tc, test_meeting_rules);
	tcase_add_test(tc, test_rename_group);
	tcase_add_test(tc, test_delete_group);
	tcase_add_test(tc, test_describe_groups_and_plan);
	tcase_add_test(tc, test_ref_index);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(ops_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
