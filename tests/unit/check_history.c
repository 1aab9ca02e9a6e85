/* check_history.c — the difference of two plans as ops (the words of
 * commit messages and `samplan diff`), summaries, meetings. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "model.h"
#include "ops.h"
#include "store.h"
#include "testplan.h"
#include "util.h"

static const char plan_yaml[] =
	"title: Testplan\n"
	"adopted:\n"
	"  by: Chefsgrupp folkhälsa\n"
	"  date: 2025-01-22\n"
	"focus_year: 2025\n"
	"statuses:\n"
	"  - {key: ej-paborjad, label: Ej påbörjad}\n"
	"  - {key: pagar, label: Pågår}\n"
	"  - {key: klar, label: Klar}\n"
	"effects:\n"
	"  - {id: rus-folkhalsa, name: God och jämlik folkhälsa, kind: rus}\n"
	"meetings:\n"
	"  - {date: 2025-01-22, time: '13.00', place: '', note: ''}\n"
	"  - {date: 2025-03-19, time: '13.00', place: '', note: ''}\n"
	"  - {date: 2025-05-22, time: '13.00', place: '', note: ''}\n";

static const char changes_yaml[] =
	"changes:\n"
	"  - id: F1\n"
	"    text: Första\n"
	"    priority: [2025]\n"
	"    status: ej-paborjad\n"
	"  - id: F2\n"
	"    text: Andra\n"
	"    status: pagar\n"
	"    groups: [fstod]\n"
	"  - id: F3\n"
	"    text: Tredje\n"
	"    status: ej-paborjad\n"
	"  - id: F4\n"
	"    text: Fjärde\n"
	"    status: klar\n"
	"  - id: F5\n"
	"    text: Femte\n"
	"    status: ej-paborjad\n";

static struct plan *load_plan(void)
{
	return testplan_load(plan_yaml, testplan_groups_yaml, changes_yaml, NULL);
}

/* Applies a made op to p; the op must be valid. */
static void apply(struct plan *p, int made, struct op *op)
{
	ck_assert_int_eq(made, 0);
	struct buf err = BUF_INIT;
	ck_assert_msg(op_apply(p, op, &err) == 0, "%s", buf_str(&err));
	buf_release(&err);
	op_clear(op);
}

START_TEST(test_same_plan_no_ops)
{
	struct plan *a = load_plan(), *b = load_plan();
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	ck_assert_uint_eq(ops.n, 0);
	oplist_clear(&ops);
	plan_free(&a);
	plan_free(&b);
}
END_TEST

START_TEST(test_fields_in_order)
{
	struct plan *a = load_plan(), *b = load_plan();
	struct op op;
	struct buf err = BUF_INIT;
	apply(b, op_make_set(b, K_CHANGE, "F3", CF_TEXT, "Tredje, omskriven", &op, &err), &op);
	apply(b, op_make_set(b, K_CHANGE, "F3", CF_STATUS, "klar", &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F3", CF_GROUPS, "halsa", true, &op, &err), &op);
	apply(b, op_make_year(b, "F3", 2026, true, &op, &err), &op);
	apply(b, op_make_year(b, "F1", 2025, false, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F2", CF_GROUPS, "fstod", false, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F2", CF_EFFECTS, "rus-folkhalsa", true, &op, &err), &op);
	apply(b, op_make_set(b, K_CHANGE, "F2", CF_NOTES, "Ny anteckning", &op, &err), &op);
	apply(b, op_make_set(b, K_CHANGE, "F2", CF_HORIZON, "lång", &op, &err), &op);
	char *got = testplan_diff_lines(a, b);
	/* per change in plan order: status, years, groups, effects, horizon,
	 * text, notes */
	ck_assert_str_eq(got,
			 "F1: no longer prioritised 2025\n"
			 "F2: group Arbetsgrupp föräldraskapsstöd (fstod) unassigned\n"
			 "F2: effect God och jämlik folkhälsa (R1) linked\n"
			 "F2: horizon kort → lång\n"
			 "F2: notes \"\" → \"Ny anteckning\"\n"
			 "F3: status Ej påbörjad → Klar\n"
			 "F3: prioritised 2026\n"
			 "F3: group Hälsofrämjande arbete (halsa) assigned\n"
			 "F3: text \"Tredje\" → \"Tredje, omskriven\"\n");
	free(got);
	/* and back: the same differences the other way */
	got = testplan_diff_lines(b, a);
	ck_assert_ptr_nonnull(strstr(got, "F3: status Klar → Ej påbörjad\n"));
	ck_assert_ptr_nonnull(strstr(got, "F1: prioritised 2025\n"));
	free(got);
	buf_release(&err);
	plan_free(&a);
	plan_free(&b);
}
END_TEST

/* Members as "A, B, C". */
static char *members_of(const struct plan *p, const char *id)
{
	struct buf b = BUF_INIT;
	strlist_join(&plan_find_group(p, id)->members, ", ", &b);
	return buf_detach(&b);
}

/* A group's members reordered, one removed and one added: the diff says
 * the reorder as a move (not as nothing, nor as a removal and an
 * addition), its ops applied to the old plan give the new order, and a
 * move counts as one edit in the commit's subject. */
START_TEST(test_member_order)
{
	struct plan *a = load_plan(), *b = load_plan();
	struct op op;
	struct buf err = BUF_INIT;
	static const char *const names[] = { "Anna", "Bo", "Cia", "Dan" };
	for (size_t i = 0; i < 4; i++) {
		apply(a, op_make_item(a, K_GROUP, "fstod", GF_MEMBERS, names[i], true, &op, &err), &op);
		apply(b, op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, names[i], true, &op, &err), &op);
	}
	/* Dan to the top, as the roster's K does: out, and in at place 1 */
	apply(b, op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Dan", false, &op, &err), &op);
	ck_assert_int_eq(op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Dan", true, &op, &err), 0);
	op.from = 0;
	apply(b, 0, &op);
	char *m = members_of(b, "fstod");
	ck_assert_str_eq(m, "Dan, Anna, Bo, Cia");
	free(m);

	char *got = testplan_diff_lines(a, b);
	ck_assert_str_eq(got, "fstod: Dan moved to place 1 of the members\n");
	free(got);
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	struct buf said = BUF_INIT;
	history_summary(b, &ops, NULL, &said);
	ck_assert_str_eq(buf_str(&said), "fstod: Dan moved to place 1 of the members");
	oplist_clear(&ops);

	/* and Bo out, Eva in, Cia before Anna */
	apply(b, op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Bo", false, &op, &err), &op);
	apply(b, op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Eva", true, &op, &err), &op);
	apply(b, op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Cia", false, &op, &err), &op);
	ck_assert_int_eq(op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Cia", true, &op, &err), 0);
	op.from = 1;
	apply(b, 0, &op);
	m = members_of(b, "fstod");
	ck_assert_str_eq(m, "Dan, Cia, Anna, Eva");
	free(m);
	got = testplan_diff_lines(a, b);
	ck_assert_str_eq(got, "fstod: Bo removed from the members\n"
					 "fstod: Dan moved to place 1 of the members\n"
					 "fstod: Cia moved to place 2 of the members\n"
					 "fstod: Eva added to the members\n");
	free(got);
	plan_diff(a, b, &ops);
	buf_reset(&said);
	history_summary(b, &ops, NULL, &said);
	ck_assert_str_eq(buf_str(&said), "4 edits of groups");
	/* the ops, applied to the old plan in turn, give the new one */
	for (size_t i = 0; i < ops.n; i++)
		ck_assert_msg(op_apply(a, &ops.v[i], &err) == 0, "op %zu: %s", i, buf_str(&err));
	m = members_of(a, "fstod");
	ck_assert_str_eq(m, "Dan, Cia, Anna, Eva");
	free(m);
	oplist_clear(&ops);
	buf_release(&said);
	buf_release(&err);
	plan_free(&a);
	plan_free(&b);
}
END_TEST

START_TEST(test_added_and_deleted)
{
	struct plan *a = load_plan(), *b = load_plan();
	struct op op;
	struct buf err = BUF_INIT;
	apply(b, op_make_delete(b, K_CHANGE, "F2", &op, &err), &op);
	apply(b, op_make_add_change(b, plan_count(b, K_CHANGE), "Sjätte förändringen", &op, &err), &op);
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	/* deleted first, then added at its place in b: they apply in turn */
	ck_assert_uint_eq(ops.n, 2);
	ck_assert_int_eq(ops.v[0].kind, OP_DELETE);
	ck_assert_str_eq(ops.v[0].id, "F2");
	ck_assert_ptr_eq(ops.v[0].rec, plan_find_change(a, "F2"));
	ck_assert_uint_eq(ops.v[0].from, 1);
	ck_assert_int_eq(ops.v[1].kind, OP_ADD);
	ck_assert_str_eq(ops.v[1].id, "F6");
	ck_assert_ptr_eq(ops.v[1].rec, plan_find_change(b, "F6"));
	ck_assert_uint_eq(ops.v[1].from, 4);
	oplist_clear(&ops);
	char *got = testplan_diff_lines(a, b);
	ck_assert_str_eq(got, "F2: deleted \"Andra\"\nF6: added \"Sjätte förändringen\"\n");
	free(got);
	buf_release(&err);
	plan_free(&a);
	plan_free(&b);
}
END_TEST

/* Moves: the fewest that give the new order. */
START_TEST(test_fewest_moves)
{
	struct plan *a = load_plan(), *b = load_plan();
	/* F5 to the top: one move, not four */
	plan_move(b, K_CHANGE, 4, 0);
	char *got = testplan_diff_lines(a, b);
	ck_assert_str_eq(got, "F5: moved to place 1\n");
	free(got);
	/* neighbours swapped: one move */
	plan_free(&b);
	b = load_plan();
	plan_move(b, K_CHANGE, 1, 2);
	got = testplan_diff_lines(a, b);
	ck_assert_str_eq(got, "F2: moved down\n");
	free(got);
	/* reversed: all but one moved */
	plan_free(&b);
	b = load_plan();
	for (size_t i = 0; i < 4; i++)
		plan_move(b, K_CHANGE, 4, i);
	ck_assert_str_eq(plan_change(b, 0)->id, "F5");
	ck_assert_str_eq(plan_change(b, 4)->id, "F1");
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	ck_assert_uint_eq(ops.n, 4);
	struct buf err = BUF_INIT;
	for (size_t i = 0; i < ops.n; i++) {
		ck_assert_int_eq(ops.v[i].kind, OP_MOVE);
		/* said as its place in b */
		size_t place = ops.v[i].place ? ops.v[i].place : ops.v[i].to + 1;
		ck_assert_int_eq((long)place - 1,
				 plan_index(b, K_CHANGE, plan_find_change(b, ops.v[i].id)));
		/* and applied in turn, they give b's order */
		ck_assert_msg(op_apply(a, &ops.v[i], &err) == 0, "%s", buf_str(&err));
	}
	for (size_t i = 0; i < plan_count(b, K_CHANGE); i++)
		ck_assert_str_eq(plan_change(a, i)->id, plan_change(b, i)->id);
	buf_release(&err);
	oplist_clear(&ops);
	plan_free(&a);
	plan_free(&b);
}
END_TEST

/* Random edits: the diff's field ops, applied to the old plan, give the
 * new one; and nothing is reported twice or missed. */
START_TEST(test_random_edits_round_trip)
{
	static const char *const statuses[] = { "ej-paborjad", "pagar", "klar" };
	static const char *const groups[] = { "fstod", "halsa" };
	unsigned seed = 12345;
	for (int round = 0; round < 200; round++) {
		struct plan *a = load_plan(), *b = load_plan();
		struct buf err = BUF_INIT;
		int edits = 1 + (int)(rand_r(&seed) % 8);
		for (int e = 0; e < edits; e++) {
			const char *id = plan_change(b, rand_r(&seed) % plan_count(b, K_CHANGE))->id;
			struct op op;
			int made = -1;
			switch (rand_r(&seed) % 11) {
			case 4:
				made = op_make_item(b, K_CHANGE, id, CF_EFFECTS, "rus-folkhalsa",
						    rand_r(&seed) % 2, &op, &err);
				break;
			case 5:
				made = op_make_set(b, K_CHANGE, id, CF_HORIZON,
						   rand_r(&seed) % 2 ? "lång" : "kort", &op, &err);
				break;
			case 6:
				made = op_make_set(b, K_CHANGE, id, CF_NOTES,
						   rand_r(&seed) % 2 ? "Rad ett\nrad två" : "", &op, &err);
				break;
			case 7:
				made = op_make_move(b, K_CHANGE, id, rand_r(&seed) % 2 ? 1 : -1, &op, &err);
				break;
			case 8:
				made = rand_r(&seed) % 2
					       ? op_make_add_change(b, rand_r(&seed) % (plan_count(b, K_CHANGE) + 1),
								    "Ny förändring", &op, &err)
					       : op_make_delete(b, K_CHANGE, id, &op, &err);
				break;
			case 9:
				made = op_make_set(b, K_GROUP, plan_group(b, rand_r(&seed) % 2)->id, GF_LEAD,
						   rand_r(&seed) % 2 ? "Åsa Öberg" : "", &op, &err);
				break;
			case 10: {
				/* a rename, which every reference follows */
				const char *g = plan_group(b, rand_r(&seed) % 2)->id;
				char to[32];
				snprintf(to, sizeof(to), "%s-%d", g[0] == 'f' ? "fs" : "ha", e);
				made = op_make_set(b, K_GROUP, g, GF_ID, to, &op, &err);
				break;
			}
			case 0:
				made = op_make_set(b, K_CHANGE, id, CF_STATUS, statuses[rand_r(&seed) % 3], &op, &err);
				break;
			case 1:
				made = op_make_year(b, id, 2025 + (int)(rand_r(&seed) % 3),
						    rand_r(&seed) % 2, &op, &err);
				break;
			case 2:
				made = op_make_item(b, K_CHANGE, id, CF_GROUPS, groups[rand_r(&seed) % 2],
						    rand_r(&seed) % 2, &op, &err);
				break;
			default:
				made = op_make_set(b, K_CHANGE, id, CF_TEXT, rand_r(&seed) % 2 ? "Ny text" : "Åter",
						   &op, &err);
				break;
			}
			buf_reset(&err);
			if (made == 0 && !op_is_noop(b, &op))
				apply(b, 0, &op);
			else if (made == 0)
				op_clear(&op);
		}
		struct oplist ops = OPLIST_INIT;
		plan_diff(a, b, &ops);
		for (size_t i = 0; i < ops.n; i++) {
			ck_assert_msg(!op_is_noop(a, &ops.v[i]), "round %d: a no-op in the diff", round);
			ck_assert_msg(op_apply(a, &ops.v[i], &err) == 0, "round %d: %s", round,
				      buf_str(&err));
		}
		for (int k = 0; k < K_COUNT; k++) {
			ck_assert_uint_eq(plan_count(a, (enum kind)k), plan_count(b, (enum kind)k));
			for (size_t i = 0; i < plan_count(b, (enum kind)k); i++)
				ck_assert_msg(rec_equal((enum kind)k, plan_rec(a, (enum kind)k, i),
							plan_rec(b, (enum kind)k, i)),
					      "round %d: %s %zu differs after the diff's ops", round,
					      kind_of((enum kind)k)->name, i);
		}
		oplist_clear(&ops);
		plan_diff(a, b, &ops);
		ck_assert_uint_eq(ops.n, 0);
		oplist_clear(&ops);
		buf_release(&err);
		plan_free(&a);
		plan_free(&b);
	}
}
END_TEST

/* Every kind of record is in the diff: groups added, removed, renamed,
 * their fields and members; the plan's own fields; meetings; statuses. */
START_TEST(test_every_kind)
{
	struct plan *a = load_plan(), *b = load_plan();
	struct op op;
	struct buf err = BUF_INIT;
	struct group *g = op_new_record(b, K_GROUP);
	ck_assert_int_eq(op_record_set(b, K_GROUP, g, GF_NAME, "Hälsokunniga beslutsfattare", &err), 0);
	ck_assert_int_eq(op_record_set(b, K_GROUP, g, GF_LEAD, "Ida Broman", &err), 0);
	apply(b, op_make_add(b, K_GROUP, plan_count(b, K_GROUP), g, &op, &err), &op);
	apply(b, op_make_set(b, K_GROUP, "fstod", GF_LEAD, "Deepa Singhru", &op, &err), &op);
	apply(b, op_make_item(b, K_GROUP, "fstod", GF_MEMBERS, "Cecilia Ljung", true, &op, &err), &op);
	apply(b, op_make_set(b, K_PLAN, "", PL_FOCUS_YEAR, "2026", &op, &err), &op);
	apply(b, op_make_set(b, K_MEETING, "2025-03-19", ME_NOTE, "Beslut om arbetsgrupper", &op, &err), &op);
	apply(b, op_make_set(b, K_STATUS, "klar", ST_LABEL, "Genomförd", &op, &err), &op);
	char *got = testplan_diff_lines(a, b);
	ck_assert_msg(strstr(got, "focus year 2025 → 2026\n"), "%s", got);
	ck_assert_msg(strstr(got, "group Hälsokunniga beslutsfattare added (lead Ida Broman)\n"), "%s", got);
	ck_assert_msg(strstr(got, "fstod: lead \"\" → \"Deepa Singhru\"\n"), "%s", got);
	ck_assert_msg(strstr(got, "fstod: ") && strstr(got, "Cecilia Ljung"), "%s", got);
	ck_assert_msg(strstr(got, "Beslut om arbetsgrupper"), "%s", got);
	ck_assert_msg(strstr(got, "Genomförd"), "%s", got);
	/* nothing else: one line per edit */
	size_t lines = 0;
	for (const char *c = got; *c; c++)
		lines += *c == '\n';
	ck_assert_uint_eq(lines, 6);
	free(got);

	/* deleted, and renamed (with every reference following) */
	struct plan *c = load_plan();
	apply(c, op_make_delete(c, K_GROUP, "halsa", &op, &err), &op);
	apply(c, op_make_set(c, K_GROUP, "fstod", GF_ID, "foraldraskap", &op, &err), &op);
	ck_assert_str_eq(plan_find_change(c, "F2")->groups.v[0], "foraldraskap");
	got = testplan_diff_lines(a, c);
	/* a rename is one edit: the changes that name it are not changed */
	ck_assert_str_eq(got, "fstod: renamed to foraldraskap\n"
			      "group Hälsofrämjande arbete deleted\n");
	free(got);
	/* and applied to the old plan, it gives the new one */
	struct plan *a2 = load_plan();
	struct oplist ro = OPLIST_INIT;
	plan_diff(a2, c, &ro);
	for (size_t i = 0; i < ro.n; i++)
		ck_assert_msg(op_apply(a2, &ro.v[i], &err) == 0, "%s", buf_str(&err));
	oplist_clear(&ro);
	ck_assert_str_eq(plan_find_change(a2, "F2")->groups.v[0], "foraldraskap");
	plan_diff(a2, c, &ro);
	ck_assert_uint_eq(ro.n, 0);
	oplist_clear(&ro);
	plan_free(&a2);
	/* a rename and an edit of the same record: deleted and added */
	struct plan *e = load_plan();
	apply(e, op_make_set(e, K_GROUP, "fstod", GF_ID, "foraldraskap", &op, &err), &op);
	apply(e, op_make_set(e, K_GROUP, "foraldraskap", GF_LEAD, "Ida", &op, &err), &op);
	got = testplan_diff_lines(a, e);
	ck_assert_ptr_nonnull(strstr(got, "group Arbetsgrupp föräldraskapsstöd deleted\n"));
	ck_assert_ptr_nonnull(strstr(got, "F2: group Arbetsgrupp föräldraskapsstöd (foraldraskap) assigned\n"));
	free(got);
	plan_free(&e);

	/* the diff's ops take the old plan to the new one, every kind */
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	for (size_t i = 0; i < ops.n; i++)
		ck_assert_msg(op_apply(a, &ops.v[i], &err) == 0, "%s", buf_str(&err));
	oplist_clear(&ops);
	for (int k = 0; k < K_COUNT; k++) {
		ck_assert_uint_eq(plan_count(a, (enum kind)k), plan_count(b, (enum kind)k));
		for (size_t i = 0; i < plan_count(a, (enum kind)k); i++)
			ck_assert_msg(rec_equal((enum kind)k, plan_rec(a, (enum kind)k, i),
						plan_rec(b, (enum kind)k, i)),
				      "%s %zu differs", kind_of((enum kind)k)->name, i);
	}
	plan_diff(a, b, &ops);
	ck_assert_uint_eq(ops.n, 0);
	oplist_clear(&ops);

	/* the summary names the group edits */
	struct plan *d = load_plan();
	plan_diff(d, b, &ops);
	struct buf sum = BUF_INIT;
	history_summary(b, &ops, NULL, &sum);
	ck_assert_msg(strlen(buf_str(&sum)) <= 72, "%s", buf_str(&sum));
	ck_assert_msg(strstr(buf_str(&sum), "group") || strstr(buf_str(&sum), "edits"), "%s",
		      buf_str(&sum));
	buf_release(&sum);
	oplist_clear(&ops);
	buf_release(&err);
	plan_free(&a);
	plan_free(&b);
	plan_free(&c);
	plan_free(&d);
}
END_TEST

START_TEST(test_summary)
{
	struct plan *a = load_plan(), *b = load_plan();
	struct op op;
	struct buf err = BUF_INIT, out = BUF_INIT;
	apply(b, op_make_set(b, K_CHANGE, "F3", CF_STATUS, "pagar", &op, &err), &op);
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	history_summary(b, &ops, NULL, &out);
	/* one op: its own words */
	ck_assert_str_eq(buf_str(&out), "F3: status Ej påbörjad → Pågår");
	oplist_clear(&ops);
	apply(b, op_make_set(b, K_CHANGE, "F1", CF_STATUS, "klar", &op, &err), &op);
	apply(b, op_make_set(b, K_CHANGE, "F4", CF_STATUS, "pagar", &op, &err), &op);
	apply(b, op_make_year(b, "F5", 2025, true, &op, &err), &op);
	plan_diff(a, b, &ops);
	buf_reset(&out);
	history_summary(b, &ops, "Chefsgrupp 2025-03-19", &out);
	ck_assert_str_eq(buf_str(&out), "Chefsgrupp 2025-03-19: 3 status changes, F5 prioritised 2025");
	buf_reset(&out);
	history_message(b, &ops, NULL, &out);
	ck_assert_str_eq(buf_str(&out),
			 "3 status changes, F5 prioritised 2025\n\n"
			 "F1: status Ej påbörjad → Klar\n"
			 "F3: status Ej påbörjad → Pågår\n"
			 "F4: status Klar → Pågår\n"
			 "F5: prioritised 2025\n");
	oplist_clear(&ops);
	/* many of a kind are counted */
	for (size_t i = 1; i < plan_count(b, K_CHANGE); i++)
		if (!change_is_prioritised(plan_change(b, i), 2026))
			apply(b, op_make_year(b, plan_change(b, i)->id, 2026, true, &op, &err), &op);
	plan_diff(a, b, &ops);
	buf_reset(&out);
	history_summary(b, &ops, NULL, &out);
	ck_assert_str_eq(buf_str(&out), "3 status changes, F5 prioritised 2025, 4 prioritised 2026");
	oplist_clear(&ops);
	buf_release(&err);
	buf_release(&out);
	plan_free(&a);
	plan_free(&b);
}
END_TEST

/* A meeting's round of many kinds of edit: the subject names every kind
 * (the groups made, their assignments, the effect links, the year of the
 * priorities, the status and the note) within 72 columns, not "13 more
 * edits". */
START_TEST(test_summary_names_kinds)
{
	static const char effects[] =
		"  - {id: rus-delaktighet, name: Delaktighet, kind: rus}\n"
		"  - {id: nat-1, name: Det tidiga livet, kind: nationell}\n";
	struct buf planx = BUF_INIT;
	buf_adds(&planx, plan_yaml);
	/* two more effects, after the first */
	char *at = strstr(planx.s, "meetings:");
	struct buf full = BUF_INIT;
	buf_add(&full, planx.s, (size_t)(at - planx.s));
	buf_adds(&full, effects);
	buf_adds(&full, at);
	struct plan *a = testplan_load(full.s, testplan_groups_yaml, changes_yaml, NULL);
	struct plan *b = testplan_load(full.s, testplan_groups_yaml, changes_yaml, NULL);
	struct op op;
	struct buf err = BUF_INIT, out = BUF_INIT;
	static const char *const names[] = { "Hälsokunniga beslutsfattare", "Samverkan civilsamhället" };
	for (size_t i = 0; i < 2; i++) {
		void *g = op_new_record(b, K_GROUP);
		ck_assert_int_eq(op_record_set(b, K_GROUP, g, GF_NAME, names[i], &err), 0);
		ck_assert_int_eq(op_record_set(b, K_GROUP, g, GF_LEAD, "Ida Broman", &err), 0);
		apply(b, op_make_add(b, K_GROUP, plan_count(b, K_GROUP), g, &op, &err), &op);
	}
	apply(b, op_make_item(b, K_CHANGE, "F1", CF_GROUPS, "halsokunniga-beslutsfattare", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F3", CF_GROUPS, "samverkan-civilsamhallet", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F4", CF_GROUPS, "fstod", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F5", CF_GROUPS, "fstod", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F1", CF_EFFECTS, "rus-folkhalsa", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F2", CF_EFFECTS, "rus-delaktighet", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F3", CF_EFFECTS, "nat-1", true, &op, &err), &op);
	apply(b, op_make_item(b, K_CHANGE, "F4", CF_EFFECTS, "nat-1", true, &op, &err), &op);
	apply(b, op_make_year(b, "F3", 2026, true, &op, &err), &op);
	apply(b, op_make_year(b, "F5", 2026, true, &op, &err), &op);
	apply(b, op_make_set(b, K_CHANGE, "F1", CF_STATUS, "pagar", &op, &err), &op);
	apply(b, op_make_set(b, K_CHANGE, "F1", CF_NOTES, "Beslut 2025-03-19", &op, &err), &op);
	struct oplist ops = OPLIST_INIT;
	plan_diff(a, b, &ops);
	history_summary(b, &ops, NULL, &out);
	const char *s = buf_str(&out);
	ck_assert_msg(strlen(s) <= 72, "%zu columns: %s", strlen(s), s);
	static const char *const kinds[] = { "1 status", "2 prio 2026", "+2 groups", "4 assigned",
					     "4 links", "1 note" };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		ck_assert_msg(strstr(s, kinds[i]), "no '%s' in: %s", kinds[i], s);
	ck_assert_msg(!strstr(s, "more"), "%s", s);
	/* and the message's lines name the groups and effects, not their ids */
	buf_reset(&out);
	history_message(b, &ops, NULL, &out);
	ck_assert_msg(strstr(buf_str(&out), "F1: effect God och jämlik folkhälsa (R1) linked\n"), "%s",
		      buf_str(&out));
	ck_assert_msg(strstr(buf_str(&out), "F3: effect Det tidiga livet (N1) linked\n"), "%s",
		      buf_str(&out));
	ck_assert_msg(strstr(buf_str(&out), "F4: group Arbetsgrupp föräldraskapsstöd (fstod) assigned\n"), "%s",
		      buf_str(&out));
	/* fewer kinds: in more words */
	oplist_clear(&ops);
	struct plan *c = testplan_load(full.s, testplan_groups_yaml, changes_yaml, NULL);
	apply(c, op_make_year(c, "F3", 2026, true, &op, &err), &op);
	apply(c, op_make_year(c, "F5", 2026, true, &op, &err), &op);
	apply(c, op_make_year(c, "F4", 2025, true, &op, &err), &op);
	apply(c, op_make_item(c, K_CHANGE, "F4", CF_EFFECTS, "nat-1", true, &op, &err), &op);
	plan_diff(a, c, &ops);
	buf_reset(&out);
	history_summary(c, &ops, NULL, &out);
	ck_assert_str_eq(buf_str(&out), "F4 prioritised 2025, F3, F5 prioritised 2026, 1 effect link");
	oplist_clear(&ops);
	buf_release(&err);
	buf_release(&out);
	buf_release(&planx);
	buf_release(&full);
	plan_free(&a);
	plan_free(&b);
	plan_free(&c);
}
END_TEST

START_TEST(test_meetings)
{
	struct plan *p = load_plan();
	struct buf out = BUF_INIT;
	ck_assert(history_meeting_on(p, "2025-03-19", &out));
	ck_assert_str_eq(buf_str(&out), "Chefsgrupp folkhälsa 2025-03-19");
	buf_reset(&out);
	ck_assert(!history_meeting_on(p, "2025-03-20", &out));
	ck_assert_uint_eq(out.len, 0);
	ck_assert_str_eq(history_last_meeting(p, "2025-04-01"), "2025-03-19");
	ck_assert_str_eq(history_last_meeting(p, "2025-03-19"), "2025-01-22");
	ck_assert_ptr_null(history_last_meeting(p, "2025-01-22"));
	buf_release(&out);
	plan_free(&p);
}
END_TEST

static Suite *history_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("diff");
	tcase_add_test(tc, test_same_plan_no_ops);
	tcase_add_test(tc, test_fields_in_order);
	tcase_add_test(tc, test_member_order);
	tcase_add_test(tc, test_added_and_deleted);
	tcase_add_test(tc, test_fewest_moves);
	tcase_add_test(tc, test_random_edits_round_trip);
	tcase_add_test(tc, test_every_kind);
	tcase_add_test(tc, test_summary);
	tcase_add_test(tc, test_summary_names_kinds);
	tcase_add_test(tc, test_meetings);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(history_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
