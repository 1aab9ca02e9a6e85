/* check_ops.c — edits as values: made against a loaded plan, applied,
 * inverted, described. */
#include "config.h"

#include <check.h>
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
	ck_assert_uint_eq(p->nchanges, 4);
	return p;
}

/* A second, independent copy of the plan as loaded, to compare with. */
struct fixture {
	struct plan *p, *orig;
	struct store *st, *orig_st;
	struct buf err;
};

static void fx_init(struct fixture *fx)
{
	fx->p = load_plan(&fx->st);
	fx->orig = load_plan(&fx->orig_st);
	fx->err = (struct buf)BUF_INIT;
}

static void fx_free(struct fixture *fx)
{
	plan_free(&fx->p);
	plan_free(&fx->orig);
	store_free(&fx->st);
	store_free(&fx->orig_st);
	buf_release(&fx->err);
}

/* The plan holds the same changes, in the same order, as when loaded. */
static void assert_plan_equal(const struct plan *a, const struct plan *b, const char *what)
{
	ck_assert_msg(a->nchanges == b->nchanges, "%s: %zu changes, expected %zu", what, a->nchanges,
		      b->nchanges);
	for (size_t i = 0; i < a->nchanges; i++) {
		ck_assert_msg(change_equal(a->changes[i], b->changes[i]),
			      "%s: change %zu (%s) differs from %s", what, i, a->changes[i]->id,
			      b->changes[i]->id);
		ck_assert_msg(plan_find_change(a, b->changes[i]->id) == a->changes[i],
			      "%s: %s not found by id", what, b->changes[i]->id);
	}
}

static void assert_plan_differs(const struct plan *a, const struct plan *b, const char *what)
{
	bool same = a->nchanges == b->nchanges;
	for (size_t i = 0; same && i < a->nchanges; i++)
		same = change_equal(a->changes[i], b->changes[i]);
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

START_TEST(test_set_status)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_set(fx.p, "F3", CF_STATUS, "pagar", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_SET);
	ck_assert_str_eq(op.id, "F3");
	ck_assert_str_eq(op.before, "ej-paborjad");
	ck_assert_str_eq(op.after, "pagar");
	describe(fx.p, &op, "F3: status Ej påbörjad → Pågår");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	struct change *c = plan_find_change(fx.p, "F3");
	ck_assert_str_eq(c->status, "pagar");
	/* the status shares the plan's key, as a loaded one does */
	ck_assert_ptr_eq(c->status, fx.p->statuses[1].key);
	ck_assert(c->dirty & (1u << CF_STATUS));
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
	ck_assert_int_eq(op_make_set(fx.p, "F3", CF_TEXT, "Ny text", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F3: text \"Kort text\" → \"Ny text\"",
		       "F3: text \"Ny text\" → \"Kort text\"");

	ck_assert_int_eq(op_make_set(fx.p, "F3", CF_TEXT, "Två\nrader", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F3: text \"Kort text\" → \"Två…\"", NULL);

	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_NOTES, "Ny anteckning", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: notes \"\" → \"Ny anteckning\"", NULL);

	ck_assert_int_eq(op_make_set(fx.p, "F2", CF_NOTES, "", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F2: notes \"En anteckning\" → \"\"", NULL);

	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_HORIZON, "lång", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: horizon kort → lång", "F1: horizon lång → kort");

	/* a long text is cut at 48 characters in the description */
	ck_assert_int_eq(op_make_set(fx.p, "F3", CF_TEXT,
				     "Åtta ord: åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö ÅÄÖ slut",
				     &op, &fx.err), 0);
	apply_and_undo(&fx, &op,
		       "F3: text \"Kort text\" → \"Åtta ord: åäö åäö åäö åäö åäö åäö åäö åäö åäö åä…\"",
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
	ck_assert_int_eq(op.kind, OP_ADD_YEAR);
	apply_and_undo(&fx, &op, "F1: prioritised 2026", "F1: no longer prioritised 2026");

	ck_assert_int_eq(op_make_year(fx.p, "F2", 2025, false, &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_REMOVE_YEAR);
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
	ck_assert_int_eq(op_make_item(fx.p, "F1", CF_GROUPS, "fstod", true, &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_ADD_ITEM);
	apply_and_undo(&fx, &op, "F1: group fstod assigned", "F1: group fstod unassigned");

	/* removing the only one */
	ck_assert_int_eq(op_make_item(fx.p, "F4", CF_GROUPS, "halsa", false, &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F4: group halsa unassigned", "F4: group halsa assigned");

	ck_assert_int_eq(op_make_item(fx.p, "F1", CF_EFFECTS, "nat-1", true, &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: effect nat-1 linked", "F1: effect nat-1 unlinked");

	ck_assert_int_eq(op_make_item(fx.p, "F1", CF_EFFECTS, "rus-folkhalsa", false, &op,
				      &fx.err), 0);
	apply_and_undo(&fx, &op, "F1: effect rus-folkhalsa unlinked",
		       "F1: effect rus-folkhalsa linked");
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
	ck_assert_int_eq(op_make_item(fx.p, "F2", CF_GROUPS, "fstod", false, &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F2: group fstod unassigned", "F2: group fstod assigned");
	fx_free(&fx);
}
END_TEST

START_TEST(test_add_change)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_add(fx.p, 1, "Ny förändring", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_ADD_CHANGE);
	ck_assert_str_eq(op.id, "F5");
	ck_assert_uint_eq(op.from, 1);
	ck_assert_ptr_nonnull(op.change);
	ck_assert_uint_eq(fx.p->nchanges, 4); /* made, not applied */
	describe(fx.p, &op, "F5: added \"Ny förändring\"");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_uint_eq(fx.p->nchanges, 5);
	const struct change *c = fx.p->changes[1];
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
	ck_assert_int_eq(inv.kind, OP_DELETE_CHANGE);
	describe(fx.p, &inv, "F5: deleted \"Ny förändring\"");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "add undone");
	ck_assert_ptr_null(plan_find_change(fx.p, "F5"));
	/* redo: the very same change comes back */
	struct op redo;
	op_invert(&inv, &redo);
	ck_assert_int_eq(op_apply(fx.p, &redo, &fx.err), 0);
	ck_assert_ptr_eq(fx.p->changes[1], op.change);
	op_clear(&op);
	op_clear(&inv);
	op_clear(&redo);

	/* past the end: appended */
	ck_assert_int_eq(op_make_add(fx.p, 1000, "Sist", &op, &fx.err), 0);
	ck_assert_str_eq(op.id, "F6");
	ck_assert_uint_eq(op.from, 5);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_str_eq(fx.p->changes[5]->id, "F6");
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
	ck_assert_int_eq(op_make_delete(fx.p, "F2", &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_DELETE_CHANGE);
	ck_assert_uint_eq(op.from, 1);
	ck_assert_ptr_eq(op.change, f2);
	/* the description shows the first line of the text */
	describe(fx.p, &op, "F2: deleted \"Barn och unga har goda uppväxtvillkor.…\"");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_ptr_null(plan_find_change(fx.p, "F2"));
	ck_assert_uint_eq(fx.p->nchanges, 3);
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	assert_plan_equal(fx.p, fx.orig, "delete undone");
	/* the very same change is back, so the writer can reuse its lines */
	ck_assert_ptr_eq(fx.p->changes[1], f2);
	op_clear(&op);
	op_clear(&inv);

	/* the first and the last */
	ck_assert_int_eq(op_make_delete(fx.p, "F1", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, NULL, NULL);
	ck_assert_int_eq(op_make_delete(fx.p, "F4", &op, &fx.err), 0);
	apply_and_undo(&fx, &op, NULL, NULL);
	fx_free(&fx);
}
END_TEST

START_TEST(test_move_change)
{
	struct fixture fx;
	fx_init(&fx);
	struct op op;
	ck_assert_int_eq(op_make_move(fx.p, "F2", -1, &op, &fx.err), 0);
	ck_assert_int_eq(op.kind, OP_MOVE_CHANGE);
	ck_assert_uint_eq(op.from, 1);
	ck_assert_uint_eq(op.to, 0);
	describe(fx.p, &op, "F2: moved up");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_str_eq(fx.p->changes[0]->id, "F2");
	ck_assert_str_eq(fx.p->changes[1]->id, "F1");
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

	ck_assert_int_eq(op_make_move(fx.p, "F3", 1, &op, &fx.err), 0);
	apply_and_undo(&fx, &op, "F3: moved down", "F3: moved up");
	ck_assert_int_eq(op_make_move(fx.p, "F4", -1, &op, &fx.err), 0);
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
	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_STATUS, "klar", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_add(fx.p, 0, "Först", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_move(fx.p, "F5", 1, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_delete(fx.p, "F3", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_year(fx.p, "F5", 2027, true, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_item(fx.p, "F5", CF_GROUPS, "halsa", true, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_set(fx.p, "F5", CF_TEXT, "Ändrad", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_delete(fx.p, "F5", &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_int_eq(op_make_move(fx.p, "F4", -1, &ops[n], &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &ops[n++], &fx.err), 0);
	ck_assert_uint_eq(fx.p->nchanges, 3);
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
		{ "link rus-folkhalsa to F1 (already)", 1, "F1", 0, CF_EFFECTS, "rus-folkhalsa", true },
		{ "set F2's status to pagar (already)", 2, "F2", 0, CF_STATUS, "pagar", true },
		{ "set F3's notes to \"\" (already)", 2, "F3", 0, CF_NOTES, "", true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int rc = cases[i].kind == 0
			? op_make_year(fx.p, cases[i].id, cases[i].year, cases[i].add, &op, &fx.err)
			: cases[i].kind == 1
			? op_make_item(fx.p, cases[i].id, cases[i].f, cases[i].item, cases[i].add, &op,
				       &fx.err)
			: op_make_set(fx.p, cases[i].id, cases[i].f, cases[i].item, &op, &fx.err);
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
	refused(op_make_set(fx.p, "F1", CF_STATUS, "klart", &op, e),
		e, "unknown status 'klart' (known: ej-paborjad, pagar, klar)");
	ck_assert_ptr_null(op.id); /* nothing to free after a refusal */
	refused(op_make_set(fx.p, "F1", CF_STATUS, "", &op, e),
		e, "unknown status '' (known: ej-paborjad, pagar, klar)");
	refused(op_make_set(fx.p, "F9", CF_STATUS, "klar", &op, e), e, "no change with id 'F9'");
	refused(op_make_set(fx.p, "F1", CF_TEXT, "", &op, e), e,
		"the text of a change cannot be empty");
	refused(op_make_set(fx.p, "F1", CF_TEXT, "bell \x07", &op, e), e,
		"control character U+0007 in the text");
	refused(op_make_set(fx.p, "F1", CF_TEXT, "esc \x1b[2J", &op, e), e,
		"control character U+001B in the text");
	refused(op_make_set(fx.p, "F1", CF_TEXT, "cr \r", &op, e), e,
		"control character U+000D in the text");
	refused(op_make_set(fx.p, "F1", CF_TEXT, "sep \u2028", &op, e), e,
		"control character U+2028 in the text");
	refused(op_make_set(fx.p, "F1", CF_TEXT, "bad \xff", &op, e), e,
		"the text is not valid UTF-8");
	refused(op_make_set(fx.p, "F1", CF_NOTES, "del \x7f", &op, e), e,
		"control character U+007F in the notes");
	refused(op_make_set(fx.p, "F1", CF_HORIZON, "lang", &op, e), e,
		"unknown horizon 'lang' (known: kort, lång)");
	refused(op_make_set(fx.p, "F1", CF_PRIORITY, "2025", &op, e), e,
		"the field 'priority' cannot be set this way");
	refused(op_make_set(fx.p, "F1", CF_ID, "F7", &op, e), e,
		"the field 'id' cannot be set this way");
	refused(op_make_item(fx.p, "F1", CF_GROUPS, "fstöd", true, &op, e), e,
		"unknown group 'fstöd' (known: fstod, halsa)");
	refused(op_make_item(fx.p, "F1", CF_EFFECTS, "rus", true, &op, e), e,
		"unknown effect 'rus' (known: rus-folkhalsa, nat-1)");
	refused(op_make_item(fx.p, "F1", CF_TEXT, "x", true, &op, e), e,
		"the field 'text' is not a list of ids");
	refused(op_make_item(fx.p, "F0", CF_GROUPS, "fstod", true, &op, e), e,
		"no change with id 'F0'");
	refused(op_make_year(fx.p, "F1", 1800, true, &op, e), e, "'1800' is not a year");
	refused(op_make_year(fx.p, "F1", 3000, true, &op, e), e, "'3000' is not a year");
	refused(op_make_year(fx.p, "F1", 2030, false, &op, e), e, "F1 is not prioritised in 2030");
	refused(op_make_item(fx.p, "F1", CF_GROUPS, "fstod", false, &op, e), e,
		"group 'fstod' is not assigned to F1");
	refused(op_make_item(fx.p, "F2", CF_EFFECTS, "nat-1", false, &op, e), e,
		"effect 'nat-1' is not linked to F2");
	refused(op_make_year(fx.p, "X", 2025, true, &op, e), e, "no change with id 'X'");
	refused(op_make_move(fx.p, "F1", -1, &op, e), e, "F1 is already first");
	refused(op_make_move(fx.p, "F4", 1, &op, e), e, "F4 is already last");
	refused(op_make_move(fx.p, "F5", 1, &op, e), e, "no change with id 'F5'");
	refused(op_make_delete(fx.p, "f1", &op, e), e, "no change with id 'f1'");
	refused(op_make_add(fx.p, 0, "", &op, e), e, "the text of a change cannot be empty");
	refused(op_make_add(fx.p, 0, "tab ok, bell not \x07", &op, e), e,
		"control character U+0007 in the text");
	ck_assert_uint_eq(fx.p->nchanges, 4);
	assert_plan_equal(fx.p, fx.orig, "after refusals");

	/* what is allowed */
	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_TEXT, "tab\there\nand a line", &op, e), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_NOTES, "", &op, e), 0);
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

START_TEST(test_stale_ops_refused)
{
	struct fixture fx;
	fx_init(&fx);
	struct op mine, theirs;
	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_STATUS, "pagar", &mine, &fx.err), 0);
	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_STATUS, "klar", &theirs, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &theirs, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &mine, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "F1: the status was changed meanwhile");
	buf_reset(&fx.err);
	ck_assert_str_eq(plan_find_change(fx.p, "F1")->status, "klar");

	/* the same for text */
	struct op t1, t2;
	ck_assert_int_eq(op_make_set(fx.p, "F3", CF_TEXT, "A", &t1, &fx.err), 0);
	ck_assert_int_eq(op_make_set(fx.p, "F3", CF_TEXT, "B", &t2, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &t1, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &t2, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "F3: the text was changed meanwhile");
	buf_reset(&fx.err);
	ck_assert_str_eq(plan_find_change(fx.p, "F3")->text, "A");

	/* an op on a change deleted meanwhile */
	struct op del, st;
	ck_assert_int_eq(op_make_set(fx.p, "F2", CF_STATUS, "klar", &st, &fx.err), 0);
	ck_assert_int_eq(op_make_delete(fx.p, "F2", &del, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &del, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &st, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "no change with id 'F2'");
	buf_reset(&fx.err);

	/* an op whose status no longer exists in the plan */
	struct op bogus = { .kind = OP_SET, .field = CF_STATUS };
	bogus.id = xstrdup("F1");
	bogus.before = xstrdup("klar");
	bogus.after = xstrdup("borta");
	ck_assert_int_eq(op_apply(fx.p, &bogus, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "unknown status 'borta'");
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
	ck_assert_int_eq(op_make_set(fx.p, "F1", CF_NOTES, "Hej", &op, &fx.err), 0);
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

static Suite *ops_suite(void)
{
	Suite *s = suite_create("ops");
	TCase *tc = tcase_create("undo");
	tcase_add_test(tc, test_set_status);
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
