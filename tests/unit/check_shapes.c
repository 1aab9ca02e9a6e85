/* check_shapes.c — every shape the schema can declare, before a kind
 * needs it.
 *
 * This test is built with SAMPLAN_SHAPES (tests/unit/local.mk), which
 * gives the schema an optional file, shapes.yaml, and two test-only kinds
 * (schema.h): `shape`, which has a field of every type and flag (an
 * optional reference, a dotted key, a list of records inside it), and
 * `part`, the records inside a shape.  For every shape: load and save is
 * byte-identical; each field set changes only its own lines of that one
 * file, and undone gives the file back byte for byte; records are added,
 * deleted and moved, inside block, flow, empty and absent lists; the
 * journal and the semantic diff give the same plan back.  And the five
 * slips such shapes once hid (see each test). */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "history.h"
#include "journal.h"
#include "model.h"
#include "ops.h"
#include "schema.h"
#include "store.h"
#include "util.h"

static const char plan_yaml[] =
	"title: Former\n"
	"focus_year: 2025\n"
	"statuses:\n"
	"  - {key: ej-paborjad, label: Ej påbörjad}\n"
	"  - {key: pagar, label: Pågår}\n"
	"parties:\n"
	"  - {id: soder, name: Södra länsdelen}\n"
	"  - {id: norr, name: Norra länsdelen}\n";

static const char groups_yaml[] =
	"groups:\n"
	"  - {id: fstod, name: Föräldraskapsstöd}\n"
	"  - {id: halsa, name: Hälsa}\n";

static const char changes_yaml[] =
	"changes:\n"
	"  - {id: F1, text: Ett, status: ej-paborjad}\n"
	"  - {id: F2, text: Två, status: pagar}\n";

/* Block and flow, comments, a block scalar, a nested list in block and in
 * flow style, an empty one and none; keys missing. */
static const char shapes_yaml[] =
	"# shapes.yaml — every shape\n"
	"shapes:\n"
	"  # the first shape\n"
	"  - id: S1\n"
	"    name: Ett\n"
	"    text: |\n"
	"      Två rader\n"
	"      text\n"
	"    choice: två\n"
	"    owner: fstod\n"
	"    links: [F1]\n"
	"    people:\n"
	"      - Anna Ek\n"
	"      - Bo Åberg\n"
	"    years: [2025, 2026]\n"
	"    year: 2025\n"
	"    count: 3\n"
	"    day: 2025-03-19\n"
	"    period: {from: 2025, to: 2026-06}\n"
	"    parts:\n"
	"      # the first part\n"
	"      - id: P1\n"
	"        text: Del ett\n"
	"        who: soder\n"
	"        note: \"\"\n"
	"\n"
	"      - id: P2\n"
	"        text: Del två   # a comment\n"
	"        who: \"\"\n"
	"        note: |\n"
	"          Anteckning\n"
	"  - id: S2\n"
	"    name: Två\n"
	"    owner: \"\"\n"
	"    period:\n"
	"      from: 2025-01\n"
	"    parts: [{id: P1, text: Flow del}, {id: P2, text: Andra, who: norr}]\n"
	"  - {id: S3, name: Tre, parts: []}\n"
	"  - id: S4\n"
	"    name: Fyra\n";

struct fx {
	const char *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	struct plan *p;
	struct store *st;
	struct buf err;
};

static void say_diags(const struct diags *d, struct buf *out)
{
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->v[i], out);
		buf_addc(out, '\n');
	}
}

/* Loads the plan with shapes.yaml `shapes` (NULL: absent). */
static void fx_load(struct fx *fx, const char *shapes)
{
	static const char *const names[SF_COUNT] = { NULL };
	memset(fx, 0, sizeof(*fx));
	fx->texts[SF_PLAN] = plan_yaml;
	fx->texts[SF_GROUPS] = groups_yaml;
	fx->texts[SF_CHANGES] = changes_yaml;
	fx->texts[SF_SHAPES] = shapes;
	for (int f = 0; f < SF_COUNT; f++)
		fx->lens[f] = fx->texts[f] ? strlen(fx->texts[f]) : 0;
	struct diags d = DIAGS_INIT;
	int rc = store_load_texts(names, fx->texts, fx->lens, &fx->p, &fx->st, &d);
	struct buf b = BUF_INIT;
	say_diags(&d, &b);
	ck_assert_msg(rc == 0, "the shapes do not load:\n%s", buf_str(&b));
	buf_release(&b);
	diags_clear(&d);
}

static void fx_free(struct fx *fx)
{
	plan_free(&fx->p);
	store_free(&fx->st);
	buf_release(&fx->err);
}

/* The texts the plan saves as; only shapes.yaml may change.  Returns the
 * new shapes.yaml (caller frees). */
static char *render_shapes(struct fx *fx, const char *what)
{
	struct buf out[SF_COUNT];
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	for (int f = 0; f < SF_COUNT; f++)
		out[f] = (struct buf)BUF_INIT;
	int rc = store_render(fx->st, fx->p, out, changed, &d);
	struct buf b = BUF_INIT;
	say_diags(&d, &b);
	ck_assert_msg(rc == 0, "%s: not rendered: %s", what, buf_str(&b));
	buf_release(&b);
	diags_clear(&d);
	for (int f = 0; f < SF_COUNT; f++)
		if (f != SF_SHAPES) {
			ck_assert_msg(!changed[f], "%s: %s changed", what, schema_files[f].name);
			buf_release(&out[f]);
		}
	return buf_detach(&out[SF_SHAPES]);
}

/* Line `i` (from 0) of `t` and its length; NULL past the end. */
static const char *line_at(const char *t, size_t i, size_t *len)
{
	for (; i && *t; i--) {
		const char *nl = strchr(t, '\n');
		if (!nl)
			return NULL;
		t = nl + 1;
	}
	if (!*t)
		return NULL;
	*len = strcspn(t, "\n");
	return t;
}

static size_t count_lines(const char *t)
{
	size_t n = 0;
	for (; *t; t++)
		n += *t == '\n';
	return n;
}

/* The lines of `a` and `b` that differ, after their common first and
 * last lines: a[from, a_to) became b[from, b_to). */
static void changed_lines(const char *a, const char *b, size_t *from, size_t *a_to, size_t *b_to)
{
	size_t na = count_lines(a), nb = count_lines(b), i = 0, j = 0;
	size_t la, lb;
	const char *x, *y;
	while (i < na && i < nb && (x = line_at(a, i, &la)) && (y = line_at(b, i, &lb)) && la == lb &&
	       memcmp(x, y, la) == 0)
		i++;
	while (j < na - i && j < nb - i && (x = line_at(a, na - 1 - j, &la)) &&
	       (y = line_at(b, nb - 1 - j, &lb)) && la == lb && memcmp(x, y, la) == 0)
		j++;
	*from = i;
	*a_to = na - j;
	*b_to = nb - j;
}

/* The line (from 0) of the first line of `t` that holds `needle`, or
 * the number of lines. */
static size_t line_of(const char *t, const char *needle)
{
	const char *at = strstr(t, needle);
	size_t n = 0;
	for (const char *c = t; *c && (!at || c < at); c++)
		n += *c == '\n';
	return n;
}

/* The lines (from 0) of the top-level record that holds record r of kind
 * k in the original: [start, end), up to the next one. */
static void record_lines(const struct fx *fx, enum kind k, const void *r, size_t *start,
			 size_t *end)
{
	const void *top = r;
	while (kind_is_nested(k)) {
		top = rec_head((void *)top)->parent;
		k = kind_of(k)->parent;
	}
	const char *t = fx->texts[SF_SHAPES];
	long at = plan_index(fx->p, k, top);
	char needle[64];
	snprintf(needle, sizeof(needle), "id: %s", rec_id(k, top));
	*start = line_of(t, needle);
	*end = count_lines(t);
	if (at >= 0 && (size_t)at + 1 < plan_count(fx->p, k)) {
		snprintf(needle, sizeof(needle), "id: %s", rec_id(k, plan_rec(fx->p, k, (size_t)at + 1)));
		*end = line_of(t, needle);
	}
}

/* A value of field f that record r does not hold. */
static const char *other_value(enum kind k, const void *r, int f)
{
	const struct field *fd = kind_field(k, f);
	struct buf now = BUF_INIT;
	rec_format(r, k, f, ",", &now);
	const char *v = NULL;
	switch (fd->type) {
	case FT_STRING:
		v = strcmp(buf_str(&now), "Nytt namn") ? "Nytt namn" : "Annat namn";
		break;
	case FT_TEXT:
		v = "Ny text\npå två rader";
		break;
	case FT_CHOICE:
		v = strcmp(buf_str(&now), "ett") ? "ett" : "två";
		break;
	case FT_REF:
		v = fd->ref == K_GROUP ? (strcmp(buf_str(&now), "halsa") ? "halsa" : "fstod")
				       : (strcmp(buf_str(&now), "norr") ? "norr" : "soder");
		break;
	case FT_YEAR:
		v = strcmp(buf_str(&now), "2027") ? "2027" : "2028";
		break;
	case FT_NUMBER:
		v = strcmp(buf_str(&now), "7") ? "7" : "8";
		break;
	case FT_DATE:
		v = "2024-02-29";
		break;
	case FT_PERIOD:
		v = strcmp(buf_str(&now), "2027-05") ? "2027-05" : "2028";
		break;
	case FT_REFS:
		v = rec_list_contains(r, k, f, "F2") ? "F1" : "F2";
		break;
	case FT_NAMES:
		v = "Cia Öst";
		break;
	case FT_YEARS:
		v = "2029";
		break;
	case FT_RECORDS:
	case FT_COUNT:
		break;
	}
	buf_release(&now);
	return v;
}

/* Sets field f of record `path` to another value (or adds an item),
 * checks that only its own lines changed, undoes it and checks that the
 * file is the original again, byte for byte. */
static void set_and_undo(struct fx *fx, enum kind k, const char *path, int f)
{
	const struct field *fd = kind_field(k, f);
	char what[160];
	snprintf(what, sizeof(what), "%s %s: %s", kind_of(k)->name, path, fd->name);
	void *r = plan_find(fx->p, k, path);
	ck_assert_msg(r != NULL, "%s: not found", what);
	const char *v = other_value(k, r, f);
	ck_assert_msg(v != NULL, "%s: no other value", what);
	struct op op;
	int rc = field_is_list(fd) ? op_make_item(fx->p, k, path, f, v, true, &op, &fx->err)
				   : op_make_set(fx->p, k, path, f, v, &op, &fx->err);
	ck_assert_msg(rc == 0, "%s: %s", what, buf_str(&fx->err));
	ck_assert_msg(op_apply(fx->p, &op, &fx->err) == 0, "%s: %s", what, buf_str(&fx->err));
	char *t = render_shapes(fx, what);
	const char *orig = fx->texts[SF_SHAPES];
	size_t from, a_to, b_to, start, end;
	changed_lines(orig, t, &from, &a_to, &b_to);
	record_lines(fx, k, r, &start, &end);
	ck_assert_msg(b_to > from || a_to > from, "%s: nothing changed:\n%s", what, t);
	/* its own lines, and few: a value of two lines, or a key new with
	 * the mapping it stands in */
	ck_assert_msg(from >= start && a_to <= end, "%s: lines %zu..%zu changed, outside %zu..%zu:\n%s",
		      what, from + 1, a_to, start + 1, end, t);
	ck_assert_msg(a_to - from <= 4 && b_to - from <= 4,
		      "%s: %zu lines became %zu:\n%s", what, a_to - from, b_to - from, t);
	free(t);
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_msg(op_apply(fx->p, &inv, &fx->err) == 0, "undo %s: %s", what, buf_str(&fx->err));
	t = render_shapes(fx, what);
	ck_assert_msg(strcmp(t, orig) == 0, "%s: undone, the file differs:\n%s", what, t);
	free(t);
	op_clear(&inv);
	op_clear(&op);
}

/* ---- round trip and fields ----------------------------------------- */

START_TEST(test_no_churn)
{
	struct fx fx;
	fx_load(&fx, shapes_yaml);
	ck_assert_uint_eq(plan_count(fx.p, K_SHAPE), 4);
	const struct shape *s1 = plan_rec(fx.p, K_SHAPE, 0), *s2 = plan_rec(fx.p, K_SHAPE, 1);
	ck_assert_uint_eq(s1->parts.n, 2);
	ck_assert_uint_eq(s2->parts.n, 2);
	ck_assert_str_eq(s1->from, "2025");
	ck_assert_str_eq(s1->to, "2026-06");
	ck_assert_str_eq(s2->from, "2025-01");
	ck_assert_str_eq(s2->owner, ""); /* an empty optional reference */
	ck_assert_str_eq(((const struct shape_part *)s2->parts.v[1])->who, "norr");
	ck_assert_ptr_eq(rec_head(s2->parts.v[1])->parent, s2);
	ck_assert_ptr_eq(plan_find(fx.p, K_PART, "S2/P2"), s2->parts.v[1]);
	ck_assert_ptr_null(plan_find(fx.p, K_PART, "S3/P1"));
	ck_assert_ptr_null(plan_find(fx.p, K_PART, "P1"));
	ck_assert_uint_eq(plan_count_all(fx.p, K_PART), 4);
	char *t = render_shapes(&fx, "no edit");
	ck_assert_str_eq(t, shapes_yaml);
	free(t);
	fx_free(&fx);
}
END_TEST

/* Every field of every shape, and of the parts in a block and in a flow
 * list. */
START_TEST(test_every_field)
{
	static const char *const shapes[] = { "S1", "S2", "S3", "S4" };
	static const char *const parts[] = { "S1/P1", "S1/P2", "S2/P1", "S2/P2" };
	struct fx fx;
	fx_load(&fx, shapes_yaml);
	int done = 0;
	for (size_t i = 0; i < 4; i++)
		for (int f = 0; f < SH_COUNT; f++)
			if (f != SH_ID && f != SH_PARTS) {
				set_and_undo(&fx, K_SHAPE, shapes[i], f);
				done++;
			}
	for (size_t i = 0; i < 4; i++)
		for (int f = 0; f < PT_COUNT; f++)
			if (f != PT_ID) {
				set_and_undo(&fx, K_PART, parts[i], f);
				done++;
			}
	ck_assert_int_eq(done, 4 * (SH_COUNT - 2) + 4 * (PT_COUNT - 1));
	fx_free(&fx);
}
END_TEST

/* An id set renames the record; a part's id is its own parent's. */
START_TEST(test_rename)
{
	struct fx fx;
	fx_load(&fx, shapes_yaml);
	struct op op;
	ck_assert_int_eq(op_make_set(fx.p, K_PART, "S1/P2", PT_ID, "P1", &op, &fx.err), -1);
	ck_assert_str_eq(buf_str(&fx.err), "the id 'P1' is already in use");
	buf_reset(&fx.err);
	ck_assert_int_eq(op_make_set(fx.p, K_PART, "S1/P2", PT_ID, "P9", &op, &fx.err), 0);
	ck_assert_str_eq(op.id, "S1/P2");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	ck_assert_ptr_nonnull(plan_find(fx.p, K_PART, "S1/P9"));
	ck_assert_ptr_nonnull(plan_find(fx.p, K_PART, "S2/P2"));
	char *t = render_shapes(&fx, "a part renamed");
	ck_assert_ptr_nonnull(strstr(t, "      - id: P9\n        text: Del två   # a comment\n"));
	free(t);
	struct op inv;
	op_invert(&op, &inv);
	ck_assert_str_eq(inv.id, "S1/P9");
	ck_assert_int_eq(op_apply(fx.p, &inv, &fx.err), 0);
	t = render_shapes(&fx, "the rename undone");
	ck_assert_str_eq(t, shapes_yaml);
	free(t);
	op_clear(&op);
	op_clear(&inv);
	fx_free(&fx);
}
END_TEST

/* ---- records added, deleted, moved ----------------------------------- */

/* Adds a part with text `text` inside `parent`; returns the new text. */
static char *add_part(struct fx *fx, const char *parent, const char *text, struct op *op)
{
	void *rec = op_new_record(fx->p, K_PART);
	rec_head(rec)->parent = plan_find(fx->p, K_SHAPE, parent);
	ck_assert_int_eq(op_record_set(fx->p, K_PART, rec, PT_TEXT, text, &fx->err), 0);
	ck_assert_msg(op_make_add(fx->p, K_PART, (size_t)-1, rec, op, &fx->err) == 0, "%s",
		      buf_str(&fx->err));
	ck_assert_int_eq(op_apply(fx->p, op, &fx->err), 0);
	return render_shapes(fx, "a part added");
}

/* `t` is the original with `from` replaced by `to`. */
static void assert_edited(const char *t, const char *from, const char *to, const char *what)
{
	const char *at = strstr(shapes_yaml, from);
	ck_assert_msg(at != NULL, "%s: the fixture lacks '%s'", what, from);
	struct buf want = BUF_INIT;
	buf_add(&want, shapes_yaml, (size_t)(at - shapes_yaml));
	buf_adds(&want, to);
	buf_adds(&want, at + strlen(from));
	ck_assert_msg(strcmp(t, buf_str(&want)) == 0, "%s: got\n%s\nwanted\n%s", what, t,
		      buf_str(&want));
	buf_release(&want);
}

START_TEST(test_add_parts)
{
	struct fx fx;
	struct op op;
	char *t;
	/* in a block list: after the last, in its style; numbered in it */
	fx_load(&fx, shapes_yaml);
	t = add_part(&fx, "S1", "Ny del", &op);
	ck_assert_str_eq(op.id, "S1/P3");
	assert_edited(t, "          Anteckning\n",
		      "          Anteckning\n"
		      "\n"
		      "      - id: P3\n"
		      "        text: Ny del\n"
		      "        who: \"\"\n"
		      "        note: \"\"\n", "block");
	free(t);
	op_clear(&op);
	fx_free(&fx);
	/* in a flow list: a flow mapping */
	fx_load(&fx, shapes_yaml);
	t = add_part(&fx, "S2", "Ny del", &op);
	assert_edited(t, "{id: P2, text: Andra, who: norr}]",
		      "{id: P2, text: Andra, who: norr}, {id: P3, text: Ny del, who: \"\", note: \"\"}]",
		      "flow");
	free(t);
	op_clear(&op);
	fx_free(&fx);
	/* in an empty list ("parts: []" in a flow mapping) */
	fx_load(&fx, shapes_yaml);
	t = add_part(&fx, "S3", "Ny del", &op);
	ck_assert_str_eq(op.id, "S3/P1");
	assert_edited(t, "parts: []}", "parts: [{id: P1, text: Ny del, who: \"\", note: \"\"}]}",
		      "empty");
	free(t);
	op_clear(&op);
	fx_free(&fx);
	/* where there is no list yet: a block list under a new key */
	fx_load(&fx, shapes_yaml);
	t = add_part(&fx, "S4", "Ny del", &op);
	assert_edited(t, "    name: Fyra\n",
		      "    name: Fyra\n"
		      "    parts:\n"
		      "      - id: P1\n"
		      "        text: Ny del\n"
		      "        who: \"\"\n"
		      "        note: \"\"\n", "absent");
	free(t);
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

START_TEST(test_delete_and_move_parts)
{
	struct fx fx;
	struct op op;
	char *t;
	/* a block item goes with the comment above it; the gap stays */
	fx_load(&fx, shapes_yaml);
	ck_assert_int_eq(op_make_delete(fx.p, K_PART, "S1/P1", &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	t = render_shapes(&fx, "a part deleted");
	assert_edited(t, "      # the first part\n"
			 "      - id: P1\n"
			 "        text: Del ett\n"
			 "        who: soder\n"
			 "        note: \"\"\n"
			 "\n", "", "block delete");
	free(t);
	/* and the last one: an empty list */
	op_clear(&op);
	ck_assert_int_eq(op_make_delete(fx.p, K_PART, "S1/P2", &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	t = render_shapes(&fx, "every part deleted");
	ck_assert_msg(strstr(t, "    period: {from: 2025, to: 2026-06}\n    parts: []\n  - id: S2\n"),
		      "%s", t);
	free(t);
	op_clear(&op);
	fx_free(&fx);
	/* a flow item with its comma */
	fx_load(&fx, shapes_yaml);
	ck_assert_int_eq(op_make_delete(fx.p, K_PART, "S2/P1", &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	t = render_shapes(&fx, "a flow part deleted");
	assert_edited(t, "[{id: P1, text: Flow del}, {id: P2", "[{id: P2", "flow delete");
	free(t);
	op_clear(&op);
	fx_free(&fx);
	/* moved: the blocks swap, the gap between them stays */
	fx_load(&fx, shapes_yaml);
	ck_assert_int_eq(op_make_move(fx.p, K_PART, "S1/P2", -1, &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	t = render_shapes(&fx, "a part moved");
	assert_edited(t,
		      "      # the first part\n"
		      "      - id: P1\n"
		      "        text: Del ett\n"
		      "        who: soder\n"
		      "        note: \"\"\n"
		      "\n"
		      "      - id: P2\n"
		      "        text: Del två   # a comment\n"
		      "        who: \"\"\n"
		      "        note: |\n"
		      "          Anteckning\n",
		      "      - id: P2\n"
		      "        text: Del två   # a comment\n"
		      "        who: \"\"\n"
		      "        note: |\n"
		      "          Anteckning\n"
		      "\n"
		      "      # the first part\n"
		      "      - id: P1\n"
		      "        text: Del ett\n"
		      "        who: soder\n"
		      "        note: \"\"\n", "block move");
	free(t);
	op_clear(&op);
	ck_assert_int_eq(op_make_move(fx.p, K_PART, "S2/P1", 1, &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	t = render_shapes(&fx, "a flow part moved");
	ck_assert_ptr_nonnull(strstr(t, "parts: [{id: P2, text: Andra, who: norr}, {id: P1, text: Flow del}]"));
	free(t);
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

/* Shapes themselves: added (a dotted key in its mapping; an empty
 * optional reference as ""), deleted, moved. */
START_TEST(test_shapes_added_deleted_moved)
{
	struct fx fx;
	struct op op;
	fx_load(&fx, shapes_yaml);
	void *rec = op_new_record(fx.p, K_SHAPE);
	ck_assert_int_eq(op_record_set(fx.p, K_SHAPE, rec, SH_NAME, "Fem", &fx.err), 0);
	ck_assert_int_eq(op_record_set(fx.p, K_SHAPE, rec, SH_FROM, "2025", &fx.err), 0);
	ck_assert_int_eq(op_make_add(fx.p, K_SHAPE, 1, rec, &op, &fx.err), 0);
	ck_assert_str_eq(op.id, "S5");
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	char *t = render_shapes(&fx, "a shape added");
	assert_edited(t, "  - id: S2\n",
		      "  - id: S5\n"
		      "    name: Fem\n"
		      "    text: \"\"\n"
		      "    choice: ett\n"
		      "    owner: \"\"\n"
		      "    links: []\n"
		      "    people: []\n"
		      "    years: []\n"
		      "    year: \"\"\n"
		      "    count: 0\n"
		      "    day: \"\"\n"
		      "    period: {from: 2025, to: \"\"}\n"
		      "    parts: []\n"
		      "  - id: S2\n", "added");
	free(t);
	op_clear(&op);
	ck_assert_int_eq(op_make_delete(fx.p, K_SHAPE, "S3", &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	op_clear(&op);
	ck_assert_int_eq(op_make_move(fx.p, K_SHAPE, "S4", -1, &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	op_clear(&op);
	t = render_shapes(&fx, "deleted and moved");
	ck_assert_ptr_null(strstr(t, "S3"));
	ck_assert_msg(strstr(t, "    parts: []\n"
				"  - id: S4\n"
				"    name: Fyra\n"
				"  - id: S2\n") != NULL, "%s", t);
	ck_assert_msg(strstr(t, "{id: P2, text: Andra, who: norr}]\n") == t + strlen(t) - 34, "%s", t);
	free(t);
	fx_free(&fx);
}
END_TEST

/* ---- the five slips ---------------------------------------------------- */

/* An empty optional file, or one of comments only, is a file with no
 * records (it was "shapes.yaml:1:1: (null)"); a record added to it is
 * written under its list's key. */
START_TEST(test_empty_optional_file)
{
	static const char *const empties[] = { "", "# nothing yet\n", "shapes:\n", "shapes: []\n" };
	for (size_t i = 0; i < 4; i++) {
		struct fx fx;
		fx_load(&fx, empties[i]);
		ck_assert_uint_eq(plan_count(fx.p, K_SHAPE), 0);
		void *rec = op_new_record(fx.p, K_SHAPE);
		ck_assert_int_eq(op_record_set(fx.p, K_SHAPE, rec, SH_NAME, "Ett", &fx.err), 0);
		struct op op;
		ck_assert_int_eq(op_make_add(fx.p, K_SHAPE, 0, rec, &op, &fx.err), 0);
		ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
		char *t = render_shapes(&fx, empties[i]);
		ck_assert_msg(strstr(t, "shapes:\n  - id: S1\n    name: Ett\n") != NULL, "%s", t);
		ck_assert_msg(strncmp(t, empties[i], strcspn(empties[i], "s")) == 0, "%s", t);
		free(t);
		op_clear(&op);
		fx_free(&fx);
	}
	/* an empty file that must be there still says what it should hold */
	const char *names[SF_COUNT] = { NULL };
	const char *texts[SF_COUNT] = { plan_yaml, "", changes_yaml };
	size_t lens[SF_COUNT] = { strlen(plan_yaml), 0, strlen(changes_yaml) };
	struct plan *p;
	struct store *st;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(store_load_texts(names, texts, lens, &p, &st, &d), -1);
	struct buf b = BUF_INIT;
	say_diags(&d, &b);
	ck_assert_str_eq(buf_str(&b), "groups.yaml:1:1: the file is empty; expected 'groups:' and a list\n");
	buf_release(&b);
	diags_clear(&d);
}
END_TEST

/* An empty optional reference is written "" and read back as none (it
 * was refused: "unknown group ''"); a dotted key of a new record is
 * written as a mapping under its key (it was written "period.from: ...",
 * and a real "period:" later duplicated it). */
START_TEST(test_new_record_reads_back)
{
	struct fx fx;
	fx_load(&fx, shapes_yaml);
	void *rec = op_new_record(fx.p, K_SHAPE);
	ck_assert_int_eq(op_record_set(fx.p, K_SHAPE, rec, SH_NAME, "Fem", &fx.err), 0);
	ck_assert_int_eq(op_record_set(fx.p, K_SHAPE, rec, SH_TO, "2026-12-31", &fx.err), 0);
	struct op op;
	ck_assert_int_eq(op_make_add(fx.p, K_SHAPE, 9, rec, &op, &fx.err), 0);
	ck_assert_int_eq(op_apply(fx.p, &op, &fx.err), 0);
	char *t = render_shapes(&fx, "a new record");
	ck_assert_ptr_null(strstr(t, "period.from"));
	ck_assert_ptr_nonnull(strstr(t, "    owner: \"\"\n"));
	ck_assert_ptr_nonnull(strstr(t, "    period: {from: \"\", to: 2026-12-31}\n"));
	/* read as a file of its own: the same record */
	const char *names[SF_COUNT] = { NULL };
	const char *texts[SF_COUNT] = { plan_yaml, groups_yaml, changes_yaml, NULL, t };
	size_t lens[SF_COUNT] = { strlen(plan_yaml), strlen(groups_yaml), strlen(changes_yaml), 0,
				  strlen(t) };
	struct plan *p;
	struct store *st;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(store_load_texts(names, texts, lens, &p, &st, &d), 0);
	ck_assert(rec_equal(K_SHAPE, plan_find(p, K_SHAPE, "S5"), rec));
	ck_assert_str_eq(((struct shape *)plan_find(p, K_SHAPE, "S5"))->owner, "");
	/* and then edited: the mapping gets the key, not a second mapping */
	struct op set;
	ck_assert_int_eq(op_make_set(p, K_SHAPE, "S5", SH_FROM, "2025", &set, &fx.err), 0);
	ck_assert_int_eq(op_apply(p, &set, &fx.err), 0);
	struct buf out[SF_COUNT];
	bool changed[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++)
		out[f] = (struct buf)BUF_INIT;
	ck_assert_int_eq(store_render(st, p, out, changed, &d), 0);
	/* (a value keeps its quotes) */
	ck_assert_ptr_nonnull(strstr(buf_str(&out[SF_SHAPES]), "    period: {from: \"2025\", to: 2026-12-31}\n"));
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&out[f]);
	op_clear(&set);
	plan_free(&p);
	store_free(&st);
	free(t);
	op_clear(&op);
	fx_free(&fx);
}
END_TEST

/* The semantic diff of two plans whose records are inside records (it
 * crashed on a kind without an id field, taking it for the plan's own
 * record): the ops it gives turn the one into the other. */
START_TEST(test_diff_round_trip)
{
	struct fx a, b;
	fx_load(&a, shapes_yaml);
	fx_load(&b, shapes_yaml);
	struct op op;
	struct buf *err = &b.err;
#define DO(make)                                                               \
	do {                                                                   \
		ck_assert_msg((make) == 0, "%s", buf_str(err));                   \
		ck_assert_msg(op_apply(b.p, &op, err) == 0, "%s", buf_str(err));  \
		op_clear(&op);                                                 \
	} while (0)
	DO(op_make_set(b.p, K_PART, "S1/P2", PT_WHO, "norr", &op, err));
	DO(op_make_delete(b.p, K_PART, "S1/P1", &op, err));
	DO(op_make_move(b.p, K_PART, "S2/P2", -1, &op, err));
	DO(op_make_set(b.p, K_SHAPE, "S2", SH_FROM, "2024", &op, err));
	DO(op_make_delete(b.p, K_SHAPE, "S3", &op, err));
	void *rec = op_new_record(b.p, K_PART);
	rec_head(rec)->parent = plan_find(b.p, K_SHAPE, "S4");
	ck_assert_int_eq(op_record_set(b.p, K_PART, rec, PT_TEXT, "Ny", err), 0);
	DO(op_make_add(b.p, K_PART, 0, rec, &op, err));
#undef DO
	struct oplist ops = OPLIST_INIT;
	plan_diff(a.p, b.p, &ops);
	ck_assert_uint_ge(ops.n, 6);
	for (size_t i = 0; i < ops.n; i++)
		ck_assert_msg(op_apply(a.p, &ops.v[i], &a.err) == 0, "op %zu: %s", i, buf_str(&a.err));
	for (int k = 0; k < K_COUNT; k++) {
		if (kind_is_nested((enum kind)k))
			continue;
		ck_assert_uint_eq(plan_count(a.p, (enum kind)k), plan_count(b.p, (enum kind)k));
		for (size_t i = 0; i < plan_count(a.p, (enum kind)k); i++)
			ck_assert_msg(rec_equal((enum kind)k, plan_rec(a.p, (enum kind)k, i),
						plan_rec(b.p, (enum kind)k, i)),
				      "%s %zu differs", kind_of((enum kind)k)->name, i);
	}
	/* and the text saved from the one is the other's */
	char *ta = render_shapes(&a, "diffed"), *tb = render_shapes(&b, "edited");
	ck_assert_str_eq(ta, tb);
	free(ta);
	free(tb);
	oplist_clear(&ops);
	fx_free(&a);
	fx_free(&b);
}
END_TEST

/* Ops on records inside records, journaled and read back, re-applied to
 * the plan as loaded: the same plan, the same text. */
START_TEST(test_journal_round_trip)
{
	char tmpl[] = "/tmp/samplan-shapes-XXXXXX";
	char *dir = mkdtemp(tmpl);
	ck_assert_ptr_nonnull(dir);
	struct fx a, b;
	fx_load(&a, shapes_yaml);
	fx_load(&b, shapes_yaml);
	struct journal *j = journal_new(dir, 1);
	struct op op;
	struct buf *err = &a.err;
#define DO(make)                                                                \
	do {                                                                    \
		ck_assert_msg((make) == 0, "%s", buf_str(err));                    \
		ck_assert_msg(op_apply(a.p, &op, err) == 0, "%s", buf_str(err));   \
		ck_assert_msg(journal_append(j, &op, err) == 0, "%s", buf_str(err)); \
		op_clear(&op);                                                  \
	} while (0)
	DO(op_make_set(a.p, K_PART, "S1/P1", PT_NOTE, "rad ett\nrad\ttvå, med komma", &op, err));
	DO(op_make_move(a.p, K_PART, "S1/P1", 1, &op, err));
	DO(op_make_set(a.p, K_PART, "S2/P2", PT_ID, "P7", &op, err));
	void *rec = op_new_record(a.p, K_PART);
	rec_head(rec)->parent = plan_find(a.p, K_SHAPE, "S3");
	ck_assert_int_eq(op_record_set(a.p, K_PART, rec, PT_TEXT, "Ny, med komma", err), 0);
	DO(op_make_add(a.p, K_PART, 0, rec, &op, err));
	/* a shape deleted with its parts, and put back (an add that carries
	 * them) */
	struct op del, inv;
	ck_assert_int_eq(op_make_delete(a.p, K_SHAPE, "S1", &del, err), 0);
	ck_assert_int_eq(op_apply(a.p, &del, err), 0);
	ck_assert_int_eq(journal_append(j, &del, err), 0);
	op_invert(&del, &inv);
	ck_assert_int_eq(op_apply(a.p, &inv, err), 0);
	ck_assert_int_eq(journal_append(j, &inv, err), 0);
	op_clear(&del);
	op_clear(&inv);
#undef DO
	journal_close(&j);
	struct journal_log log;
	ck_assert_int_eq(journal_read(dir, &log, err), 1);
	ck_assert_uint_eq(log.nops, 6);
	struct replay rp = { 0 };
	for (size_t i = 0; i < log.nops; i++) {
		struct op applied;
		struct buf theirs = BUF_INIT, mine = BUF_INIT;
		ck_assert_msg(journal_replay_one(b.p, &rp, &log.ops[i], &applied, &theirs, &mine) ==
				      REPLAY_APPLIED,
			      "op %zu: %s / %s", i, buf_str(&theirs), buf_str(&mine));
		op_clear(&applied);
		buf_release(&theirs);
		buf_release(&mine);
	}
	replay_free(&rp);
	journal_log_free(&log);
	/* the same records; the shape put back by the replay is written anew
	 * (the one put back by undo keeps its lines) */
	for (int k = 0; k < K_COUNT; k++) {
		if (kind_is_nested((enum kind)k))
			continue;
		ck_assert_uint_eq(plan_count(a.p, (enum kind)k), plan_count(b.p, (enum kind)k));
		for (size_t i = 0; i < plan_count(a.p, (enum kind)k); i++)
			ck_assert_msg(rec_equal((enum kind)k, plan_rec(a.p, (enum kind)k, i),
						plan_rec(b.p, (enum kind)k, i)),
				      "%s %zu differs", kind_of((enum kind)k)->name, i);
	}
	char *ta = render_shapes(&a, "edited"), *tb = render_shapes(&b, "replayed");
	ck_assert_ptr_nonnull(strstr(ta, "  # the first shape\n  - id: S1\n"));
	ck_assert_ptr_null(strstr(tb, "# the first shape"));
	ck_assert_ptr_nonnull(strstr(tb, "          rad\ttvå, med komma\n"));
	free(ta);
	free(tb);
	fx_free(&a);
	fx_free(&b);
	char *path = xasprintf("%s/%s", dir, JOURNAL_FILE_NAME);
	unlink(path);
	free(path);
	rmdir(dir);
}
END_TEST

/* Bad records inside records: each with its first error line. */
START_TEST(test_malformed)
{
	static const struct {
		const char *from, *to, *msg;
	} cases[] = {
		{ "      - id: P2\n", "      - id: P1\n",
		  "shapes.yaml:27:13: duplicate part id 'P1' (first at line 22)" },
		{ "        who: soder\n", "        who: ost\n",
		  "shapes.yaml:24:14: unknown party 'ost' (known: soder, norr)" },
		{ "    parts: [{id: P1, text: Flow del}", "    parts: [{id: P1}",
		  "shapes.yaml:37:13: part is missing required key 'text'" },
		{ " parts: []}", " parts: x}", "shapes.yaml:38:32: 'parts' must be a list, not a value" },
		{ "    period: {from: 2025, to: 2026-06}", "    period: {from: 2025, to: 2026-13}",
		  "shapes.yaml:19:30: 'to' must be a year, a month or a day (2025, 2025-03 or "
		  "2025-03-19), not '2026-13'" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct buf text = BUF_INIT;
		const char *at = strstr(shapes_yaml, cases[i].from);
		ck_assert_ptr_nonnull(at);
		buf_add(&text, shapes_yaml, (size_t)(at - shapes_yaml));
		buf_adds(&text, cases[i].to);
		buf_adds(&text, at + strlen(cases[i].from));
		const char *names[SF_COUNT] = { NULL };
		const char *texts[SF_COUNT] = { plan_yaml, groups_yaml, changes_yaml, NULL, text.s };
		size_t lens[SF_COUNT] = { strlen(plan_yaml), strlen(groups_yaml), strlen(changes_yaml),
					  0, text.len };
		struct plan *p;
		struct store *st;
		struct diags d = DIAGS_INIT;
		ck_assert_int_eq(store_load_texts(names, texts, lens, &p, &st, &d), -1);
		ck_assert_uint_ge(d.n, 1);
		struct buf b = BUF_INIT;
		diag_format(&d.v[0], &b);
		ck_assert_str_eq(buf_str(&b), cases[i].msg);
		buf_release(&b);
		buf_release(&text);
		diags_clear(&d);
	}
}
END_TEST

static Suite *shapes_suite(void)
{
	Suite *s = suite_create("shapes");
	TCase *tc = tcase_create("shapes");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_no_churn);
	tcase_add_test(tc, test_every_field);
	tcase_add_test(tc, test_rename);
	tcase_add_test(tc, test_add_parts);
	tcase_add_test(tc, test_delete_and_move_parts);
	tcase_add_test(tc, test_shapes_added_deleted_moved);
	tcase_add_test(tc, test_empty_optional_file);
	tcase_add_test(tc, test_new_record_reads_back);
	tcase_add_test(tc, test_diff_round_trip);
	tcase_add_test(tc, test_journal_round_trip);
	tcase_add_test(tc, test_malformed);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(shapes_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
