/* tui_form.c — every field of one record on one screen: a new record, or
 * one to edit, typed field after field and kept as one edit (one undo).
 * What the schema declares is what the form shows: the record's own
 * fields but its id, then the records of other kinds that name it in a
 * list (a group's changes), so that a group is made, staffed and put in
 * charge in one go. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "nfc.h"
#include "textwidth.h"
#include "tui_int.h"

/* A row of the form: field `field` of the record itself, or (`back`) the
 * records of kind `rk` whose list field `field` names it. */
struct form_row {
	enum kind rk;
	int field;
	bool back;
};

#define FORM_ROWS (FIELD_MAX + K_COUNT)

struct tui_form {
	enum kind k;
	char *id;        /* the record's path; NULL: a new record */
	char *parent;    /* a new record inside a record: that one's path */
	char *assign_to; /* a new record made from a picker: the change it goes to */
	struct form_row rows[FORM_ROWS];
	size_t n, cur;
	char *was[FORM_ROWS], *now[FORM_ROWS]; /* as text, list items joined by "; " */
	bool asking;     /* Esc with edits typed: discard them? */
};

/* How the items of a list are joined in the form, and split again: ids
 * and years by commas, as on the command line; names by semicolons, as
 * a name may hold a comma ("Anna Ek, Region Örebro län" is one). */
static bool row_names(const struct form_row *r)
{
	return kind_field(r->rk, r->field)->type == FT_NAMES && !r->back;
}

static const char *row_sep(const struct form_row *r)
{
	return row_names(r) ? "; " : ", ";
}

static void *form_record(const struct tui *t)
{
	const struct tui_form *fm = t->form;
	return fm->id ? plan_find(t->s.p, fm->k, fm->id) : NULL;
}

/* Row r's value in record `rec` (NULL: a new one, empty) as text. */
static void row_text(const struct tui *t, const struct form_row *r, const void *rec, struct buf *out)
{
	const struct tui_form *fm = t->form;
	if (!rec)
		return;
	if (!r->back) {
		rec_format(rec, fm->k, r->field, row_sep(r), out);
		return;
	}
	const char *id = rec_id(fm->k, rec);
	const struct field *fd = kind_field(r->rk, r->field);
	for (size_t i = 0; i < plan_count(t->s.p, r->rk); i++) {
		const void *x = plan_rec(t->s.p, r->rk, i);
		if (strlist_contains(rec_strs((void *)x, fd), id))
			buf_addf(out, "%s%s", out->len ? row_sep(r) : "", rec_id(r->rk, x));
	}
}

static void form_free(struct tui *t)
{
	struct tui_form *fm = t->form;
	if (!fm)
		return;
	for (size_t i = 0; i < fm->n; i++) {
		free(fm->was[i]);
		free(fm->now[i]);
	}
	free(fm->id);
	free(fm->parent);
	free(fm->assign_to);
	free(fm);
	t->form = NULL;
}

void tui_form_close(struct tui *t)
{
	form_free(t);
	le_free(&t->le);
	if (t->mode == M_FORM)
		t->mode = M_NORMAL;
}

/* Puts the line editor on row i. */
static void form_goto(struct tui *t, size_t i)
{
	struct tui_form *fm = t->form;
	free(fm->now[fm->cur]);
	fm->now[fm->cur] = buf_detach(&t->le.text);
	le_free(&t->le);
	fm->cur = i;
	le_init(&t->le, fm->now[i]);
}

int tui_form_open(struct tui *t, enum kind k, const char *id, const char *assign_to, int field)
{
	tui_form_close(t);
	struct tui_form *fm = xcalloc(1, sizeof(*fm));
	t->form = fm;
	fm->k = k;
	fm->id = id ? xstrdup(id) : NULL;
	fm->assign_to = assign_to ? xstrdup(assign_to) : NULL;
	const struct kind_info *kd = kind_of(k);
	/* its own fields but its id and the records inside it (those are
	 * records of their own, with forms of their own) */
	for (int f = 0; f < kd->nfields; f++)
		if (f != kd->id_field && kd->fields[f].type != FT_RECORDS)
			fm->rows[fm->n++] = (struct form_row){ k, f, false };
	/* then what names it in a list: a group's changes */
	for (int rk = 0; rk < K_COUNT && kd->id_field >= 0; rk++) {
		const struct kind_info *rd = kind_of((enum kind)rk);
		for (int f = 0; f < rd->nfields && fm->n < FORM_ROWS && !kind_is_nested((enum kind)rk); f++)
			if (rd->fields[f].type == FT_REFS && rd->fields[f].ref == k && rd->id_field >= 0)
				fm->rows[fm->n++] = (struct form_row){ (enum kind)rk, f, true };
	}
	const void *rec = form_record(t);
	for (size_t i = 0; i < fm->n; i++) {
		struct buf b = BUF_INIT;
		row_text(t, &fm->rows[i], rec, &b);
		if (!rec && fm->rows[i].back && assign_to && fm->rows[i].rk == K_CHANGE &&
		    fm->rows[i].field == CF_GROUPS)
			buf_adds(&b, assign_to);
		fm->was[i] = buf_detach(&b);
		fm->now[i] = xstrdup(fm->was[i]);
	}
	for (size_t i = 0; i < fm->n; i++)
		if (!fm->rows[i].back && fm->rows[i].field == field)
			fm->cur = i;
	le_init(&t->le, fm->now[fm->cur]);
	t->mode = M_FORM;
	return F_REDRAW;
}

int tui_form_open_in(struct tui *t, enum kind k, const char *parent, int field)
{
	int f = tui_form_open(t, k, NULL, NULL, field);
	if (t->form && parent)
		t->form->parent = xstrdup(parent);
	return f;
}

void tui_form_prefill(struct tui *t, int field, const char *value)
{
	struct tui_form *fm = t->form;
	for (size_t i = 0; fm && i < fm->n; i++) {
		if (fm->rows[i].back || fm->rows[i].field != field)
			continue;
		/* a default, not something typed: Esc closes without asking */
		free(fm->now[i]);
		free(fm->was[i]);
		fm->now[i] = xstrdup(value);
		fm->was[i] = xstrdup(value);
		if (i == fm->cur) {
			le_free(&t->le);
			le_init(&t->le, fm->now[i]);
		}
	}
}

/* Splits row r's text "a; b;c" (or "a, b") into trimmed items, empty ones
 * left out; the items point into `s`, which is changed.  The caller frees
 * *items. */
static size_t split_items(const struct form_row *r, char *s, char ***items)
{
	size_t n = 0, cap = 4;
	const char *seps = row_names(r) ? ";" : ",;";
	*items = xcalloc(cap, sizeof(**items));
	for (char *save = NULL, *p = strtok_r(s, seps, &save); p; p = strtok_r(NULL, seps, &save)) {
		while (*p == ' ' || *p == '\t')
			p++;
		size_t len = strlen(p);
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			p[--len] = '\0';
		if (!len)
			continue;
		if (n + 1 >= cap)
			*items = xrealloc(*items, (cap *= 2) * sizeof(**items));
		(*items)[n++] = p;
	}
	return n;
}

/* The typed text of row i, composed as the files are written (nfc.h). */
static char *typed(const struct tui_form *fm, size_t i)
{
	return nfc_dup(fm->now[i]);
}

/* The record of kind k whose id is `id` in any case, or NULL. */
static const void *find_any_case(const struct plan *p, enum kind k, const char *id)
{
	for (size_t i = 0; i < plan_count(p, k); i++)
		if (strcasecmp(rec_id(k, plan_rec(p, k, i)), id) == 0)
			return plan_rec(p, k, i);
	return NULL;
}

/* Applies what the form's back-reference row i says: the records of its
 * kind that should name record `id`, and no others. */
static int apply_back(struct tui *t, struct tui_edit *e, const struct form_row *r, const char *id,
		      char *text)
{
	struct plan *p = t->s.p;
	char **items;
	size_t n = split_items(r, text, &items);
	const struct field *fd = kind_field(r->rk, r->field);
	int rc = 0;
	/* every one named must exist, before anything is done ("f3" is F3) */
	for (size_t i = 0; i < n && rc == 0; i++)
		if (!plan_find(p, r->rk, items[i]) && !find_any_case(p, r->rk, items[i])) {
			struct buf known = BUF_INIT;
			plan_list_ids(p, r->rk, &known);
			buf_addf_table(&e->err, _(kind_of(r->rk)->words->unknown), items[i], buf_str(&known));
			buf_release(&known);
			rc = -1;
		}
	for (size_t i = 0; i < plan_count(p, r->rk) && rc == 0; i++) {
		void *x = plan_rec(p, r->rk, i);
		const char *xid = rec_id(r->rk, x);
		bool want = false;
		for (size_t j = 0; j < n && !want; j++)
			want = strcmp(items[j], xid) == 0 || strcasecmp(items[j], xid) == 0;
		bool has = strlist_contains(rec_strs(x, fd), id);
		struct op op;
		if (want != has) {
			char *keep = xstrdup(xid);
			if (op_make_item(p, r->rk, keep, r->field, id, want, &op, &e->err) < 0 ||
			    tui_edit_apply(t, e, &op) < 0)
				rc = -1;
			free(keep);
		}
	}
	free(items);
	return rc;
}

/* Makes the record the form holds: every field typed, then what names it. */
static int accept_new(struct tui *t, struct tui_edit *e, size_t *bad, char **made)
{
	struct tui_form *fm = t->form;
	struct plan *p = t->s.p;
	void *rec = op_new_record(p, fm->k);
	if (fm->parent && !(rec_head(rec)->parent = plan_find(p, kind_of(fm->k)->parent, fm->parent))) {
		buf_addf_table(&e->err, _(kind_of(kind_of(fm->k)->parent)->words->no_such), fm->parent);
		*bad = 0;
		return -1;
	}
	for (size_t i = 0; i < fm->n; i++) {
		const struct form_row *r = &fm->rows[i];
		if (r->back)
			continue;
		char *text = typed(fm, i);
		int rc = 0;
		if (field_is_list(kind_field(fm->k, r->field))) {
			char **items;
			size_t n = split_items(r, text, &items);
			rc = op_record_set_items(p, fm->k, rec, r->field, (const char *const *)items, n, &e->err);
			free(items);
		} else if (*text) {
			rc = op_record_set(p, fm->k, rec, r->field, text, &e->err);
		}
		free(text);
		if (rc < 0) {
			*bad = i;
			return -1;
		}
	}
	struct op op;
	if (op_make_add(p, fm->k, (size_t)-1, rec, &op, &e->err) < 0) {
		*bad = 0;
		return -1;
	}
	*made = xstrdup(op.id);
	if (tui_edit_apply(t, e, &op) < 0)
		return -1;
	for (size_t i = 0; i < fm->n; i++) {
		if (!fm->rows[i].back)
			continue;
		char *text = typed(fm, i);
		int rc = apply_back(t, e, &fm->rows[i], *made, text);
		free(text);
		if (rc < 0) {
			*bad = i;
			return -1;
		}
	}
	return 0;
}

/* Sets every field typed anew on the record the form edits. */
static int accept_edit(struct tui *t, struct tui_edit *e, size_t *bad)
{
	struct tui_form *fm = t->form;
	struct plan *p = t->s.p;
	for (size_t i = 0; i < fm->n; i++) {
		const struct form_row *r = &fm->rows[i];
		if (strcmp(fm->now[i], fm->was[i]) == 0)
			continue;
		char *text = typed(fm, i);
		int rc = 0;
		struct op op;
		if (r->back) {
			rc = apply_back(t, e, r, fm->id, text);
		} else if (field_is_list(kind_field(fm->k, r->field))) {
			char **items;
			size_t n = split_items(r, text, &items);
			struct oplist ops = OPLIST_INIT;
			rc = op_make_list(p, fm->k, fm->id, r->field, (const char *const *)items, n, &ops,
					  &e->err);
			for (size_t j = 0; j < ops.n && rc == 0; j++)
				rc = tui_edit_apply(t, e, &ops.v[j]);
			oplist_clear(&ops);
			free(items);
		} else if (op_make_set(p, fm->k, fm->id, r->field, text, &op, &e->err) < 0 ||
			   tui_edit_apply(t, e, &op) < 0) {
			rc = -1;
		}
		free(text);
		if (rc < 0) {
			*bad = i;
			return -1;
		}
	}
	return 0;
}

/* The form's Ctrl-S, or Enter on its last row: the record made or
 * changed, as one edit; on a refusal the form stays, on the row at
 * fault, and says why. */
static int form_accept(struct tui *t)
{
	struct tui_form *fm = t->form;
	form_goto(t, fm->cur); /* what is in the editor counts */
	if (fm->id && !form_record(t)) {
		tui_say(t, true, "%s", _("the record is gone (undone or deleted meanwhile): nothing was changed"));
		tui_form_close(t);
		return F_REDRAW;
	}
	struct tui_edit e;
	tui_edit_begin(t, &e);
	size_t bad = fm->cur;
	char *made = NULL;
	int rc = fm->id ? accept_edit(t, &e, &bad) : accept_new(t, &e, &bad, &made);
	bool refused = rc < 0 || e.err.len;
	tui_edit_end(t, &e);
	if (refused) {
		free(made);
		form_goto(t, bad);
		return F_REDRAW;
	}
	/* done: a new group from the picker is made and assigned, so the
	 * picker closes too */
	enum kind k = fm->k;
	char *id = made ? made : xstrdup(fm->id);
	bool from_picker = fm->assign_to != NULL;
	tui_form_close(t);
	if (made && !from_picker)
		tui_show_record(t, k, id);
	free(id);
	return F_REDRAW;
}

/* Whether anything was typed anew. */
static bool form_changed(struct tui *t)
{
	struct tui_form *fm = t->form;
	for (size_t i = 0; i < fm->n; i++)
		if (strcmp(i == fm->cur ? buf_str(&t->le.text) : fm->now[i], fm->was[i]) != 0)
			return true;
	return false;
}

int tui_form_key(struct tui *t, int r, wint_t w)
{
	struct tui_form *fm = t->form;
	if (!fm) {
		t->mode = M_NORMAL;
		return F_REDRAW;
	}
	int key = r == KEY_CODE_YES ? TUI_FKEY((int)w) : (int)w;
	if (fm->asking) {
		fm->asking = false;
		if (key == 'y' || key == 'Y' || key == 'j' || key == 'J') {
			bool from_picker = fm->assign_to != NULL;
			tui_form_close(t);
			t->mode = from_picker ? M_GROUP_PICKER : M_NORMAL;
			tui_say(t, false, "%s", _("cancelled: nothing was changed"));
		} else {
			buf_reset(&t->msg);
		}
		return F_REDRAW;
	}
	if (key == '\t' || key == TUI_FKEY(KEY_DOWN) ||
	    ((key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER)) && fm->cur + 1 < fm->n)) {
		form_goto(t, (fm->cur + 1) % fm->n);
		return F_REDRAW;
	}
	if (key == TUI_FKEY(KEY_BTAB) || key == TUI_FKEY(KEY_UP)) {
		form_goto(t, (fm->cur + fm->n - 1) % fm->n);
		return F_REDRAW;
	}
	if (key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER) || key == TUI_CTRL('s'))
		return form_accept(t);
	if (key == 27) {
		int a = tui_read_alt();
		if (a >= 0) {
			tui_le_alt(t, a);
			return F_REDRAW;
		}
		if (form_changed(t)) {
			fm->asking = true;
			tui_say(t, false, "%s", _("discard what you typed in the form? (y/n)"));
			return F_REDRAW;
		}
		bool from_picker = fm->assign_to != NULL;
		tui_form_close(t);
		t->mode = from_picker ? M_GROUP_PICKER : M_NORMAL;
		tui_say(t, false, "%s", _("cancelled"));
		return F_REDRAW;
	}
	tui_le_key(t, r, w);
	return F_REDRAW;
}

/* The form's row labels: a field's own, or the kind that names the record
 * ("Changes"). */
static void row_label(const struct form_row *r, struct buf *out)
{
	size_t at = out->len;
	if (r->back)
		buf_adds(out, _(kind_of(r->rk)->words->plural));
	else
		buf_adds(out, _(kind_field(r->rk, r->field)->label));
	tw_capitalize(out, at);
}

void tui_form_draw(struct tui *t)
{
	struct tui_form *fm = t->form;
	if (!fm)
		return;
	struct buf title = BUF_INIT, label = BUF_INIT;
	const char *what = _(kind_of(fm->k)->words->label);
	if (fm->id)
		buf_addf(&title, _("Edit %s %s"), what, fm->id);
	else if (fm->parent)
		/* TRANSLATORS: "New follow-up of A1" */
		buf_addf(&title, _("New %s of %s"), what, fm->parent);
	else
		buf_addf(&title, _("New %s"), what);
	tui_form_title_more(t, fm->k, fm->id ? fm->id : fm->parent, &title);
	int lw = 0;
	for (size_t i = 0; i < fm->n; i++) {
		buf_reset(&label);
		row_label(&fm->rows[i], &label);
		int w = tw_width(label.s, label.len);
		lw = w > lw ? w : lw;
	}
	int x, iw;
	int y = tui_draw_dialog(t, buf_str(&title), (int)fm->n, 60, &x, &iw);
	int vx = x + lw + 2, vw = x + iw - vx, cur_y = -1, cur_x = vx;
	for (size_t i = 0; i < fm->n && y + (int)i < LINES - 1; i++) {
		int yy = y + (int)i;
		buf_reset(&label);
		row_label(&fm->rows[i], &label);
		buf_adds(&label, ":");
		attrset(i == fm->cur ? A_BOLD : A_NORMAL);
		tui_put_text(t, yy, x, buf_str(&label), lw + 1);
		attrset(A_NORMAL);
		if (i == fm->cur) {
			int cx = le_view(&t->le, vw);
			attron(A_UNDERLINE);
			tui_fill_to(yy, vx, vx + vw);
			tui_put_text(t, yy, vx, buf_str(&t->le.text) + t->le.scroll, vw);
			attroff(A_UNDERLINE);
			if (t->le.scroll > 0) /* the start is out of sight */
				mvaddstr(yy, vx - 1, "<");
			cur_y = yy;
			cur_x = vx + cx;
		} else {
			const char *v = fm->now[i];
			tui_put_text(t, yy, vx, *v ? v : "—", vw);
		}
	}
	buf_release(&title);
	buf_release(&label);
	if (cur_y >= 0) { /* where the typing goes */
		tui_cursor_at(t, cur_y, cur_x);
		curs_set(1);
	}
}

void tui_form_free(struct tui *t)
{
	form_free(t);
}
