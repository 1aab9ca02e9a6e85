/* ops.c — edits as values, for records of every kind. */
#include "config.h"

#include "ops.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "yamlout.h"

static const char *const op_names[OP_COUNT] = {
#define OP_KIND_NAME(e, name) [e] = name,
	SCHEMA_OPS(OP_KIND_NAME)
#undef OP_KIND_NAME
};

const char *op_kind_name(enum op_kind k)
{
	return (unsigned)k < OP_COUNT ? op_names[k] : "?";
}

enum op_kind op_kind_from_name(const char *name)
{
	for (int k = 0; k < OP_COUNT; k++)
		if (strcmp(op_names[k], name) == 0)
			return (enum op_kind)k;
	return OP_COUNT;
}

/* ---- finding records -------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void *find_rec(const struct plan *p, enum kind k, const char *id)
{
	if (kind_is_own(k))
		return p->info;
	return plan_find(p, k, id ? id : "");
}

/* The record's path, in a new string. */
static char *path_of(enum kind k, const void *r)
{
	struct buf b = BUF_INIT;
	rec_path(k, r, &b);
	return buf_detach(&b);
}

/* The path of the record set by `op` once it is applied, when the set
 * changes it (its id, or a field its id is made of); NULL otherwise. */
static char *renamed_path(const struct op *op)
{
	const struct kind_info *kd = kind_of(op->rk);
	if (op->kind != OP_SET || !op->id || !op->before || !op->after)
		return NULL;
	const char *slash = strrchr(op->id, '/');
	size_t head = slash ? (size_t)(slash + 1 - op->id) : 0;
	const char *old = op->id + head;
	struct buf b = BUF_INIT;
	buf_add(&b, op->id, head);
	if (op->field == kd->id_field) {
		buf_adds(&b, op->after);
		return buf_detach(&b);
	}
	int part = -1;
	for (int i = 0; i < kd->nid_parts; i++)
		if (kd->id_parts[i] == op->field)
			part = i;
	size_t nb = strlen(op->before), no = strlen(old);
	bool optional = part >= 0 && (kd->id_optional & (1u << part));
	if (part == 0 && strcmp(old, op->before) == 0) { /* the parts after it left out */
		buf_adds(&b, op->after);
		return buf_detach(&b);
	}
	if (optional && part == kd->nid_parts - 1 &&
	    (!nb || (no > nb && old[no - nb - 1] == '-' && strcmp(old + no - nb, op->before) == 0))) {
		/* an optional last part: added, changed or left out */
		buf_add(&b, old, nb ? no - nb - 1 : no);
		if (*op->after)
			buf_addf(&b, "-%s", op->after);
		return buf_detach(&b);
	}
	if (part == 0 && kd->nid_parts > 1 && strncmp(old, op->before, nb) == 0 && old[nb] == '-') {
		buf_addf(&b, "%s%s", op->after, old + nb);
		return buf_detach(&b);
	}
	if (part == kd->nid_parts - 1 && part > 0 && no > nb && old[no - nb - 1] == '-' &&
	    strcmp(old + no - nb, op->before) == 0) {
		buf_add(&b, old, no - nb);
		buf_adds(&b, op->after);
		return buf_detach(&b);
	}
	buf_release(&b);
	return NULL;
}

void *op_record(const struct plan *p, const struct op *op)
{
	return find_rec(p, op->rk, op->id);
}

static void *need_rec(const struct plan *p, enum kind k, const char *id, struct buf *err)
{
	void *r = find_rec(p, k, id);
	if (!r)
		buf_addf_table(err, _(kind_of(k)->words->no_such), id);
	return r;
}

static int check_kind_field(enum kind k, int field, struct buf *err)
{
	if (field < 0 || field >= kind_of(k)->nfields) {
		buf_addf(err, _("%s has no such field"), _(kind_of(k)->words->label));
		return -1;
	}
	return 0;
}

/* ---- checking values --------------------------------------------------- */

static int check_chars(const struct field *fd, const char *value, struct buf *err)
{
	long bad;
	size_t at;
	if (value_chars_ok(value, field_multiline(fd), &bad, &at))
		return 0;
	if (bad < 0)
		buf_addf(err, _("the %s is not valid UTF-8"), fd->name);
	else if (bad == '\n')
		buf_addf(err, _("the %s cannot span lines"), fd->name);
	else
		buf_addf(err, _("control character U+%04lX in the %s"), (unsigned long)bad, fd->name);
	return -1;
}

static void unknown(const struct plan *p, enum kind to, const char *s, struct buf *err)
{
	struct buf known = BUF_INIT;
	plan_list_ids(p, to, &known);
	buf_addf_table(err, _(kind_of(to)->words->unknown), s, buf_str(&known));
	buf_release(&known);
}

/* Checks a scalar value for field f of kind k.  *out is the text to store:
 * the value itself, or the id a reference is written with (a status given
 * by its label).  `self` is the record whose id this may be (a rename). */
static int check_scalar(const struct plan *p, enum kind k, int f, const char *value,
			const void *self, const char **out, struct buf *err)
{
	const struct field *fd = kind_field(k, f);
	*out = value;
	if (check_chars(fd, value, err) < 0)
		return -1;
	/* a year has no empty value; spaces alone are no text either */
	if ((!*value || ((fd->flags & FF_NONEMPTY) && !str_has_text(value))) &&
	    fd->type != FT_YEAR) {
		if (fd->flags & FF_NONEMPTY) {
			if (k == K_CHANGE && f == CF_TEXT)
				buf_adds(err, _("the text of a change cannot be empty"));
			else
				/* TRANSLATORS: "the name of a group cannot be empty" */
				buf_addf(err, _("the %s of a %s cannot be empty"), _(fd->label),
					 _(kind_of(k)->words->label));
			return -1;
		}
		return 0;
	}
	if (fd->flags & FF_ID) {
		if (!valid_kind_id(k, value)) {
			if (k == K_STATUS)
				buf_addf(err, _("invalid status key '%s': use a-z, 0-9 and '-' only"),
					 value);
			else if (fd->type == FT_DATE)
				buf_addf(err, _("'%s' is not a date (YYYY-MM-DD)"), value);
			else
				buf_addf(err, _("invalid id '%s': use letters, digits, '.', '_' and '-' only"),
					 value);
			return -1;
		}
		const void *other = plan_find_in(p, k, self ? rec_head((void *)self)->parent : NULL,
						 value);
		if (other && other != self) {
			buf_addf(err, _("the id '%s' is already in use"), value);
			return -1;
		}
		return 0;
	}
	if (fd->flags & FF_UNIQUE) {
		struct rec_iter it;
		for (const void *other = rec_iter_first(&it, p, k); other; other = rec_iter_next(&it)) {
			if (other != self && same_word(rec_str(other, fd), value)) {
				/* TRANSLATORS: "there is already a group named 'X' (fstod)" */
				buf_addf(err, _("there is already a %s named '%s' (%s)"),
					 _(kind_of(k)->words->label), rec_str(other, fd), rec_id(k, other));
				return -1;
			}
		}
	}
	switch (fd->type) {
	case FT_STRING:
	case FT_TEXT:
		return 0;
	case FT_CHOICE:
		if (!field_choice(fd, value)) {
			struct buf known = BUF_INIT;
			field_choices(fd, &known);
			buf_addf(err, _("unknown %s '%s' (known: %s)"), _(fd->label), value,
				 buf_str(&known));
			buf_release(&known);
			return -1;
		}
		*out = field_choice(fd, value);
		return 0;
	case FT_REF: {
		const void *to = fd->ref == K_STATUS ? (const void *)plan_status_by_word(p, value)
						      : plan_find(p, fd->ref, value);
		if (!to) {
			unknown(p, fd->ref, value, err);
			return -1;
		}
		*out = rec_id(fd->ref, to);
		return 0;
	}
	case FT_DATE:
		if (!valid_date(value)) {
			buf_addf(err, _("'%s' is not a date (YYYY-MM-DD)"), value);
			return -1;
		}
		return 0;
	case FT_PERIOD:
		if (!valid_period(value)) {
			buf_addf(err, _("'%s' is not a year, a month or a day (2025, 2025-03 or 2025-03-19)"),
				 value);
			return -1;
		}
		return 0;
	case FT_YEAR: {
		int y;
		if (!parse_year(value, &y)) {
			buf_addf(err, _("'%s' is not a year"), value);
			return -1;
		}
		return 0;
	}
	case FT_NUMBER: {
		size_t n = strlen(value);
		if (n > 7 || strspn(value, "0123456789") != n || atol(value) > 1000000) {
			buf_addf(err, _("'%s' is not a whole number such as 3"), value);
			return -1;
		}
		return 0;
	}
	case FT_RECORDS: {
		const struct kind_info *cd = kind_of(fd->ref);
		/* TRANSLATORS: "the follow-ups are records of their own: samplan add followup:A1 ..." */
		buf_addf(err, _("the %s are records of their own: samplan add %s:%s ..."),
			 _(fd->label), cd->name, self ? rec_id(k, self) : "PARENT");
		return -1;
	}
	case FT_REFS:
	case FT_NAMES:
	case FT_YEARS:
	case FT_COUNT:
		break;
	}
	buf_addf(err, _("the %s is a list: give +ITEM to add or -ITEM to remove"), fd->name);
	return -1;
}

/* Checks an item for list field f.  *out as for check_scalar. */
static int check_item(const struct plan *p, enum kind k, int f, const char *item,
		      const char **out, struct buf *err)
{
	const struct field *fd = kind_field(k, f);
	*out = item;
	switch (fd->type) {
	case FT_REFS: {
		const void *to = plan_find(p, fd->ref, item);
		if (!to) {
			unknown(p, fd->ref, item, err);
			return -1;
		}
		*out = rec_id(fd->ref, to);
		return 0;
	}
	case FT_YEARS: {
		int y;
		if (!parse_year(item, &y)) {
			buf_addf(err, _("'%s' is not a year"), item);
			return -1;
		}
		return 0;
	}
	case FT_NAMES:
		if (!str_has_text(item)) {
			buf_addf(err, _("an item of the %s cannot be empty"), fd->name);
			return -1;
		}
		return check_chars(fd, item, err);
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
	buf_addf(err, _("the field '%s' is not a list"), fd->name);
	return -1;
}

/* ---- lists of ops --------------------------------------------------------- */

void oplist_push(struct oplist *l, struct op *op)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = *op;
	memset(op, 0, sizeof(*op));
}

void oplist_clear(struct oplist *l)
{
	for (size_t i = 0; i < l->n; i++)
		op_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- makers ------------------------------------------------------------ */

static void fill(struct op *op, enum op_kind kind, enum kind k, const char *id, int field)
{
	memset(op, 0, sizeof(*op));
	op->kind = kind;
	op->rk = k;
	op->id = xstrdup(id ? id : "");
	op->field = field;
}

int op_make_set(const struct plan *p, enum kind k, const char *id, int field,
		const char *value, struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const void *r = need_rec(p, k, id, err);
	if (!r || check_kind_field(k, field, err) < 0)
		return -1;
	const char *v;
	if (check_scalar(p, k, field, value, r, &v, err) < 0)
		return -1;
	/* a field the id is made of: the id it makes must be free */
	struct buf made = BUF_INIT;
	if (rec_id_with(k, r, field, v, &made) && made.len) {
		const void *other = plan_find_in(p, k, rec_head((void *)r)->parent, buf_str(&made));
		if (other && other != r) {
			/* TRANSLATORS: "there is already a follow-up 2025-soder" */
			buf_addf(err, _("there is already a %s %s"), _(kind_of(k)->words->label),
				 buf_str(&made));
			buf_release(&made);
			return -1;
		}
	}
	buf_release(&made);
	struct buf before = BUF_INIT;
	rec_format(r, k, field, ",", &before);
	char *path = path_of(k, r);
	fill(op, OP_SET, k, path, field);
	free(path);
	op->before = buf_detach(&before);
	op->after = xstrdup(v);
	return 0;
}

/* op_make_item; `alone`: the op is not one of several that set the list
 * whole (op_make_list), so it may not leave a list that must name one
 * empty. */
static int make_item(const struct plan *p, enum kind k, const char *id, int field,
		     const char *item, bool add, bool alone, struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const void *r = need_rec(p, k, id, err);
	if (!r || check_kind_field(k, field, err) < 0)
		return -1;
	const char *v = item;
	if (!field_is_list(kind_field(k, field))) {
		buf_addf(err, _("the field '%s' is not a list"), kind_field(k, field)->name);
		return -1;
	}
	if (!add && !rec_list_contains(r, k, field, item)) {
		const struct field_words *w = field_words(k, field);
		if (w && w->not_there)
			buf_addf_table(err, _(w->not_there), rec_id(k, r), item);
		else
			/* TRANSLATORS: "'Ida' is not in the members of fstod" */
			buf_addf(err, _("'%s' is not in the %s of %s"), item,
				 _(kind_field(k, field)->label), rec_id(k, r));
		return -1;
	}
	if (!add && alone && (kind_field(k, field)->flags & FF_NONEMPTY) &&
	    rec_list_len(r, k, field) == 1) {
		/* TRANSLATORS: "activity A1 must name at least one of its changes" */
		buf_addf(err, _("%s %s must name at least one of its %s"), _(kind_of(k)->words->label),
			 rec_id(k, r), _(kind_field(k, field)->label));
		return -1;
	}
	if (add && check_item(p, k, field, item, &v, err) < 0)
		return -1;
	char *path = path_of(k, r);
	fill(op, add ? OP_ADD_ITEM : OP_REMOVE_ITEM, k, path, field);
	free(path);
	op->after = xstrdup(v);
	/* where it stands, so that undoing a removal puts it back there */
	op->from = rec_list_find(r, k, field, v);
	return 0;
}

int op_make_item(const struct plan *p, enum kind k, const char *id, int field,
		 const char *item, bool add, struct op *op, struct buf *err)
{
	return make_item(p, k, id, field, item, add, true, op, err);
}

/* Where `s` stands in v[0..n), or n. */
static size_t str_index(char *const *v, size_t n, const char *s)
{
	size_t i = 0;
	while (i < n && strcmp(v[i], s) != 0)
		i++;
	return i;
}

int op_make_list(const struct plan *p, enum kind k, const char *id, int field,
		 const char *const *items, size_t n, struct oplist *out, struct buf *err)
{
	const void *r = need_rec(p, k, id, err);
	if (!r || check_kind_field(k, field, err) < 0)
		return -1;
	if (!field_is_list(kind_field(k, field))) {
		buf_addf(err, _("the field '%s' is not a list"), kind_field(k, field)->name);
		return -1;
	}
	/* the wanted items as the list keeps them (a group by its id), once */
	char **want = xcalloc(n + 1, sizeof(*want));
	size_t nw = 0;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *v;
		if (check_item(p, k, field, items[i], &v, err) < 0)
			rc = -1;
		else if (str_index(want, nw, v) == nw)
			want[nw++] = xstrdup(v);
	}
	if (rc == 0 && !nw && (kind_field(k, field)->flags & FF_NONEMPTY)) {
		buf_addf(err, _("%s %s must name at least one of its %s"), _(kind_of(k)->words->label),
			 rec_id(k, r), _(kind_field(k, field)->label));
		rc = -1;
	}
	/* the list as the ops leave it, step by step */
	size_t nl = rec_list_len(r, k, field), cap = nl + nw + 1;
	char **list = xcalloc(cap, sizeof(*list));
	char tmp[16];
	for (size_t i = 0; i < nl; i++)
		list[i] = xstrdup(rec_list_item(r, k, field, i, tmp));
	struct oplist made = OPLIST_INIT;
	struct op op;
	/* out: what is not wanted */
	for (size_t i = 0; i < nl && rc == 0;) {
		if (str_index(want, nw, list[i]) < nw) {
			i++;
			continue;
		}
		if (make_item(p, k, id, field, list[i], false, false, &op, err) < 0) {
			rc = -1;
			break;
		}
		op.from = i;
		oplist_push(&made, &op);
		free(list[i]);
		memmove(&list[i], &list[i + 1], (nl - i - 1) * sizeof(*list));
		nl--;
	}
	bool ordered = kind_field(k, field)->type != FT_YEARS;
	/* in the order given: what stays, moved where it is not */
	for (size_t i = 0, j = 0; ordered && i < nw && rc == 0; i++) {
		size_t at = str_index(list, nl, want[i]);
		if (at == nl)
			continue; /* added below */
		if (at != j) {
			if (make_item(p, k, id, field, want[i], false, false, &op, err) < 0) {
				rc = -1;
				break;
			}
			op.from = at;
			oplist_push(&made, &op);
			if (make_item(p, k, id, field, want[i], true, false, &op, err) < 0) {
				rc = -1;
				break;
			}
			op.from = j;
			oplist_push(&made, &op);
			char *moved = list[at];
			memmove(&list[j + 1], &list[j], (at - j) * sizeof(*list));
			list[j] = moved;
		}
		j++;
	}
	/* what is missing, at its place */
	for (size_t i = 0; i < nw && rc == 0; i++) {
		if (str_index(list, nl, want[i]) < nl)
			continue;
		if (make_item(p, k, id, field, want[i], true, false, &op, err) < 0) {
			rc = -1;
			break;
		}
		size_t at = i < nl ? i : nl;
		if (!ordered) /* a year goes where its order puts it */
			for (at = 0; at < nl && atoi(list[at]) < atoi(want[i]); at++)
				;
		op.from = at;
		oplist_push(&made, &op);
		memmove(&list[at + 1], &list[at], (nl - at) * sizeof(*list));
		list[at] = xstrdup(want[i]);
		nl++;
	}
	for (size_t i = 0; i < made.n && rc == 0; i++)
		oplist_push(out, &made.v[i]);
	oplist_clear(&made);
	for (size_t i = 0; i < nl; i++)
		free(list[i]);
	free(list);
	for (size_t i = 0; i < nw; i++)
		free(want[i]);
	free(want);
	return rc;
}

int op_make_year(const struct plan *p, const char *id, int year, bool add, struct op *op,
		 struct buf *err)
{
	char y[16];
	snprintf(y, sizeof(y), "%d", year);
	return op_make_item(p, K_CHANGE, id, CF_PRIORITY, y, add, op, err);
}

void *op_new_record(struct plan *p, enum kind k)
{
	return plan_new_record(p, k, NULL);
}

int op_record_set(struct plan *p, enum kind k, void *rec, int field, const char *value,
		  struct buf *err)
{
	if (check_kind_field(k, field, err) < 0)
		return -1;
	const struct field *fd = kind_field(k, field);
	if (!field_is_list(fd)) {
		const char *v;
		if (check_scalar(p, k, field, value, NULL, &v, err) < 0)
			return -1;
		if (field_repr(fd) == VR_INT)
			rec_set_int(p, k, rec, field, *v ? atoi(v) : 0);
		else
			rec_set_str(p, k, rec, field, v);
		return 0;
	}
	/* a list, comma-separated */
	char *all = xstrdup(value), **items;
	size_t n = split_list(all, &items);
	int rc = op_record_set_items(p, k, rec, field, (const char *const *)items, n, err);
	free(items);
	free(all);
	return rc;
}

int op_record_set_items(struct plan *p, enum kind k, void *rec, int field,
			const char *const *items, size_t n, struct buf *err)
{
	if (check_kind_field(k, field, err) < 0)
		return -1;
	if (!field_is_list(kind_field(k, field))) {
		buf_addf(err, _("the field '%s' is not a list"), kind_field(k, field)->name);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *v;
		if (check_item(p, k, field, items[i], &v, err) < 0)
			return -1;
		rec_list_insert(p, k, rec, field, v, (size_t)-1);
	}
	return 0;
}

int op_make_add(struct plan *p, enum kind k, size_t at, void *rec, struct op *op,
		struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct kind_info *kd = kind_of(k);
	void *parent = rec_head(rec)->parent;
	if (!kind_has_id(k) || kind_is_own(k)) {
		buf_addf(err, _("a %s cannot be added"), _(kd->words->label));
		return -1;
	}
	if (kind_is_nested(k) && !parent) {
		const struct kind_info *pd = kind_of(kd->parent);
		/* TRANSLATORS: "a follow-up is added inside its activity: add
		 * followup:A1 ..." */
		buf_addf(err, _("a %s is added inside its %s: add %s:%s%s ..."), _(kd->words->label),
			 _(pd->words->label), kd->name, pd->id_prefix ? pd->id_prefix : "ID",
			 pd->id_prefix ? "1" : "");
		return -1;
	}
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (f == kd->id_field)
			continue;
		if (fd->type == FT_YEAR && (fd->flags & FF_REQUIRED) && !rec_int(rec, fd)) {
			buf_addf(err, _("the %s of a %s cannot be empty"), _(fd->label),
				 _(kd->words->label));
			return -1;
		}
		if (!(fd->flags & FF_NONEMPTY))
			continue;
		if (field_is_list(fd) && !rec_list_len(rec, k, f)) {
			/* TRANSLATORS: "a new activity must name at least one of its changes" */
			buf_addf(err, _("a new %s must name at least one of its %s"),
				 _(kd->words->label), _(fd->label));
			return -1;
		}
		if (field_repr(fd) == VR_STR && !*rec_str(rec, fd)) {
			if (fd->type == FT_REF && !plan_count(p, fd->ref))
				buf_addf(err, _("the plan has no %s"), _(kind_of(fd->ref)->words->plural));
			else if (k == K_CHANGE && f == CF_TEXT)
				buf_adds(err, _("the text of a change cannot be empty"));
			else
				buf_addf(err, _("the %s of a %s cannot be empty"), _(fd->label),
					 _(kd->words->label));
			return -1;
		}
	}
	rec_make_id(p, k, rec);
	const char *id = rec_id(k, rec);
	if (!*id) {
		char *made = plan_next_id_in(p, k, parent, rec_name(k, rec));
		if (!made) {
			buf_addf(err, _("the %s of the new %s is missing"),
				 kd->id_field >= 0 ? _(kd->fields[kd->id_field].label) : _("id"),
				 _(kd->words->label));
			return -1;
		}
		*(const char **)((char *)rec + kd->id_off) = made;
		id = made;
	} else if (plan_find_in(p, k, parent, id)) {
		if (kd->id_rule == ID_FROM_FIELDS)
			buf_addf(err, _("there is already a %s %s"), _(kd->words->label), id);
		else
			buf_addf(err, _("the id '%s' is already in use"), id);
		return -1;
	}
	char *path = path_of(k, rec);
	fill(op, OP_ADD, k, path, -1);
	free(path);
	size_t n = plan_list(p, k, parent)->n;
	op->from = at > n ? n : at;
	if (k == K_POINT && parent) {
		/* an agenda's order is its numbers': a point goes where its
		 * number says, wherever it was asked for */
		const struct reclist *l = plan_list(p, k, parent);
		int number = ((const struct point *)rec)->number;
		size_t i = 0;
		while (i < l->n && ((const struct point *)l->v[i])->number < number)
			i++;
		op->from = i;
	}
	op->rec = rec;
	return 0;
}

int op_make_add_change(struct plan *p, size_t at, const char *text, struct op *op,
		       struct buf *err)
{
	memset(op, 0, sizeof(*op));
	void *rec = op_new_record(p, K_CHANGE);
	if (!*text) {
		buf_adds(err, _("the text of a change cannot be empty"));
		return -1;
	}
	if (op_record_set(p, K_CHANGE, rec, CF_TEXT, text, err) < 0)
		return -1;
	return op_make_add(p, K_CHANGE, at, rec, op, err);
}

size_t op_referrers(const struct plan *p, enum kind k, const char *id, referrer_fn fn,
		    void *ctx)
{
	size_t n = 0;
	for (int rk = 0; rk < K_COUNT; rk++) {
		const struct kind_info *kd = kind_of((enum kind)rk);
		for (int f = 0; f < kd->nfields; f++) {
			const struct field *fd = &kd->fields[f];
			if ((fd->type != FT_REF && fd->type != FT_REFS) || fd->ref != k)
				continue;
			struct rec_iter it;
			for (void *r = rec_iter_first(&it, p, (enum kind)rk); r; r = rec_iter_next(&it)) {
				bool names = fd->type == FT_REF ? strcmp(rec_str(r, fd), id) == 0
								: strlist_contains(rec_strs(r, fd), id);
				if (!names)
					continue;
				n++;
				if (fn)
					fn(ctx, (enum kind)rk, r, f);
			}
		}
	}
	return n;
}

struct used_by {
	const struct field_words *w;
	int field;
	enum kind rk;
	struct buf ids;      /* "F2, activity A1": the first kind's sentence names it */
	struct buf labelled; /* "change F2, activity A1": for one that does not */
	size_t n;
};

static void note_referrer(void *ctx, enum kind rk, void *rec, int field)
{
	struct used_by *u = ctx;
	if (!u->n) {
		u->rk = rk;
		u->field = field;
	}
	u->n++;
	if (u->ids.len) {
		buf_adds(&u->ids, ", ");
		buf_adds(&u->labelled, ", ");
	}
	/* records of another kind than the first say theirs: "F2, activity A1" */
	if (rk != u->rk)
		buf_addf(&u->ids, "%s ", _(kind_of(rk)->words->label));
	buf_addf(&u->labelled, "%s ", _(kind_of(rk)->words->label));
	rec_path(rk, rec, &u->ids);
	rec_path(rk, rec, &u->labelled);
}

int op_make_delete(const struct plan *p, enum kind k, const char *id, struct op *op,
		   struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct kind_info *kd = kind_of(k);
	if (!kind_has_id(k) || kind_is_own(k)) {
		buf_addf(err, _("the %s cannot be deleted"), _(kd->words->label));
		return -1;
	}
	void *r = need_rec(p, k, id, err);
	if (!r)
		return -1;
	struct used_by u = { .ids = BUF_INIT, .labelled = BUF_INIT };
	if (op_referrers(p, k, id, note_referrer, &u)) {
		const struct field_words *w = field_words(u.rk, u.field);
		if (w && w->used_by)
			buf_addf_table(err, _(w->used_by), id, buf_str(&u.ids));
		else
			/* TRANSLATORS: "party 'soder' is named by meeting
			 * 2025-11-25-soder, activity A1" */
			buf_addf(err, _("%s '%s' is named by %s"), _(kd->words->label), id,
				 buf_str(&u.labelled));
		buf_release(&u.ids);
		buf_release(&u.labelled);
		return -1;
	}
	buf_release(&u.ids);
	buf_release(&u.labelled);
	char *path = path_of(k, r);
	fill(op, OP_DELETE, k, path, -1);
	free(path);
	op->from = (size_t)plan_index(p, k, r);
	op->rec = r;
	return 0;
}

int op_make_move(const struct plan *p, enum kind k, const char *id, int delta, struct op *op,
		 struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct kind_info *kd = kind_of(k);
	if (kind_is_own(k)) {
		buf_addf(err, _("the %s cannot be moved"), _(kd->words->label));
		return -1;
	}
	const void *r = need_rec(p, k, id, err);
	if (!r)
		return -1;
	long at = plan_index(p, k, r);
	long to = at + delta;
	if (to < 0 || to >= (long)plan_list(p, k, rec_head((void *)r)->parent)->n) {
		buf_addf(err, delta < 0 ? _("%s is already first") : _("%s is already last"), id);
		return -1;
	}
	char *path = path_of(k, r);
	fill(op, OP_MOVE, k, path, -1);
	free(path);
	op->from = (size_t)at;
	op->to = (size_t)to;
	return 0;
}

/* ---- applying ---------------------------------------------------------- */

int op_make_point_move(const struct plan *p, const char *path, int delta, struct oplist *out,
		       struct buf *err)
{
	const struct point *a = need_rec(p, K_POINT, path, err);
	if (!a)
		return -1;
	const struct meeting *m = rec_head((void *)a)->parent;
	long at = plan_index(p, K_POINT, a);
	long to = at + (delta < 0 ? -1 : 1);
	if (at < 0 || to < 0 || (size_t)to >= m->points.n) {
		op_describe_prefix(K_POINT, path, err);
		buf_adds(err, delta < 0 ? _("it is the first point") : _("it is the last point"));
		return -1;
	}
	const struct point *b = m->points.v[to];
	const struct point *pts[2] = { a, b };
	size_t first = out->n;
	struct op op;
	struct buf id = BUF_INIT;
	int rc = 0;
	/* what each holds, to the other */
	for (int i = 0; i < 2 && rc == 0; i++) {
		const struct point *here = pts[i], *there = pts[1 - i];
		buf_reset(&id);
		rec_path(K_POINT, here, &id);
		for (int f = 0; f < PO_COUNT && rc == 0; f++) {
			if (f == PO_NUMBER)
				continue;
			const struct field *fd = kind_field(K_POINT, f);
			if (field_is_list(fd)) {
				rc = op_make_list(p, K_POINT, buf_str(&id), f,
						  (const char *const *)there->decided.v, there->decided.n, out,
						  err);
				continue;
			}
			if (strcmp(rec_str(here, fd), rec_str(there, fd)) == 0)
				continue;
			rc = op_make_set(p, K_POINT, buf_str(&id), f, rec_str(there, fd), &op, err);
			if (rc == 0)
				oplist_push(out, &op);
		}
	}
	/* the actions and guests of the one point, to the other */
	char na[16], nb[16];
	snprintf(na, sizeof(na), "%d", a->number);
	snprintf(nb, sizeof(nb), "%d", b->number);
	for (size_t i = 0; i < m->actions.n && rc == 0; i++) {
		const struct action *x = m->actions.v[i];
		if (x->point != a->number && x->point != b->number)
			continue;
		buf_reset(&id);
		rec_path(K_ACTION, x, &id);
		rc = op_make_set(p, K_ACTION, buf_str(&id), AN_POINT, x->point == a->number ? nb : na, &op,
				 err);
		if (rc == 0)
			oplist_push(out, &op);
	}
	for (size_t i = 0; i < m->guests.n && rc == 0; i++) {
		const struct guest *g = m->guests.v[i];
		bool has_a = strlist_contains(&g->points, na), has_b = strlist_contains(&g->points, nb);
		if (has_a == has_b)
			continue;
		const char **items = xcalloc(g->points.n + 1, sizeof(*items));
		for (size_t k = 0; k < g->points.n; k++)
			items[k] = strcmp(g->points.v[k], na) == 0 ? nb
				   : strcmp(g->points.v[k], nb) == 0 ? na : g->points.v[k];
		buf_reset(&id);
		rec_path(K_GUEST, g, &id);
		rc = op_make_list(p, K_GUEST, buf_str(&id), GU_POINTS, items, g->points.n, out, err);
		free(items);
	}
	if (rc < 0) { /* nothing appended */
		while (out->n > first)
			op_clear(&out->v[--out->n]);
	}
	buf_release(&id);
	return rc < 0 ? -1 : 0;
}

bool op_is_noop(const struct plan *p, const struct op *op)
{
	if (op->kind == OP_ADD || op->kind == OP_DELETE || op->kind == OP_MOVE)
		return false;
	const void *r = op_record(p, op);
	if (!r || op->field < 0 || op->field >= kind_of(op->rk)->nfields)
		return false;
	switch (op->kind) {
	case OP_SET: {
		struct buf now = BUF_INIT;
		rec_format(r, op->rk, op->field, ",", &now);
		bool same = strcmp(buf_str(&now), op->after ? op->after : "") == 0;
		buf_release(&now);
		return same;
	}
	case OP_ADD_ITEM:
		return rec_list_contains(r, op->rk, op->field, op->after ? op->after : "");
	case OP_REMOVE_ITEM:
		return !rec_list_contains(r, op->rk, op->field, op->after ? op->after : "");
	case OP_ADD:
	case OP_DELETE:
	case OP_MOVE:
	case OP_COUNT:
		break;
	}
	return false;
}

/* The values of a record to be added, checked as op_record_set checks
 * them; its id is for the caller (whether it is free depends). */
static int check_record(const struct plan *p, enum kind k, const void *rec, struct buf *err)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		const char *v;
		if (f == kd->id_field)
			continue;
		if (fd->type == FT_RECORDS) {
			const struct reclist *l = rec_recs((void *)rec, fd);
			for (size_t i = 0; i < l->n; i++)
				if (check_record(p, fd->ref, l->v[i], err) < 0)
					return -1;
			continue;
		}
		if (field_is_list(fd)) {
			char tmp[16];
			for (size_t i = 0; i < rec_list_len(rec, k, f); i++)
				if (check_item(p, k, f, rec_list_item(rec, k, f, i, tmp), &v, err) < 0)
					return -1;
			continue;
		}
		struct buf now = BUF_INIT;
		rec_format(rec, k, f, ",", &now);
		int rc = check_scalar(p, k, f, buf_str(&now), NULL, &v, err);
		/* a reference is kept as written: a status's label would stay one */
		if (rc == 0 && fd->type == FT_REF && now.len && !plan_find(p, fd->ref, buf_str(&now))) {
			unknown(p, fd->ref, buf_str(&now), err);
			rc = -1;
		}
		buf_release(&now);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int op_check(const struct plan *p, const struct op *op, struct buf *err)
{
	if ((unsigned)op->kind >= OP_COUNT || (unsigned)op->rk >= K_COUNT) {
		buf_adds(err, _("an edit of an unknown kind"));
		return -1;
	}
	const char *v;
	switch (op->kind) {
	case OP_SET:
		if (check_kind_field(op->rk, op->field, err) < 0)
			return -1;
		if (!op->after) {
			buf_adds(err, _("an edit without its new value"));
			return -1;
		}
		return check_scalar(p, op->rk, op->field, op->after, op_record(p, op), &v, err);
	case OP_ADD_ITEM:
	case OP_REMOVE_ITEM:
		if (check_kind_field(op->rk, op->field, err) < 0)
			return -1;
		if (!op->after) {
			buf_adds(err, _("an edit without its item"));
			return -1;
		}
		if (!field_is_list(kind_field(op->rk, op->field))) {
			buf_addf(err, _("the field '%s' is not a list"), kind_field(op->rk, op->field)->name);
			return -1;
		}
		return op->kind == OP_REMOVE_ITEM ? 0 : check_item(p, op->rk, op->field, op->after, &v, err);
	case OP_ADD:
	case OP_DELETE:
		if (kind_is_own(op->rk) || !kind_has_id(op->rk) ||
		    !valid_kind_path(op->rk, op->id ? op->id : "")) {
			buf_adds(err, _("an edit of a record that cannot be added or deleted"));
			return -1;
		}
		if (op->kind == OP_ADD && !op->rec) {
			buf_adds(err, _("an added record without its values"));
			return -1;
		}
		return op->kind == OP_ADD ? check_record(p, op->rk, op->rec, err) : 0;
	case OP_MOVE:
		if (kind_is_own(op->rk)) {
			buf_adds(err, _("an edit of a record that cannot be moved"));
			return -1;
		}
		return 0;
	case OP_COUNT:
		break;
	}
	return -1;
}

/* Renames record k:from to `to`: every reference follows. */
static void rename_record(struct plan *p, enum kind k, void *r, int f, const char *to)
{
	char *old = plan_strdup(p, rec_id(k, r));
	rec_set_str(p, k, r, f, to);
	plan_reindex_in(p, k, rec_head(r)->parent);
	const char *now = rec_id(k, r);
	for (int rk = 0; rk < K_COUNT; rk++) {
		const struct kind_info *kd = kind_of((enum kind)rk);
		for (int g = 0; g < kd->nfields; g++) {
			const struct field *fd = &kd->fields[g];
			if ((fd->type != FT_REF && fd->type != FT_REFS) || fd->ref != k)
				continue;
			struct rec_iter it;
			for (void *x = rec_iter_first(&it, p, (enum kind)rk); x; x = rec_iter_next(&it)) {
				if (fd->type == FT_REF) {
					if (strcmp(rec_str(x, fd), old) == 0)
						rec_set_str(p, (enum kind)rk, x, g, now);
					continue;
				}
				size_t at = rec_list_find(x, (enum kind)rk, g, old);
				if (at < rec_strs(x, fd)->n) {
					rec_list_remove(p, (enum kind)rk, x, g, old);
					rec_list_insert(p, (enum kind)rk, x, g, now, at);
				}
			}
		}
	}
}

int op_apply(struct plan *p, const struct op *op, struct buf *err)
{
	void *r = NULL;
	if (op->kind != OP_ADD) {
		r = op_record(p, op);
		if (!r) {
			buf_addf_table(err, _(kind_of(op->rk)->words->no_such), op->id ? op->id : "");
			return -1;
		}
	}
	const struct kind_info *kd = kind_of(op->rk);
	switch (op->kind) {
	case OP_SET: {
		if (check_kind_field(op->rk, op->field, err) < 0)
			return -1;
		const struct field *fd = kind_field(op->rk, op->field);
		if (op->before) {
			struct buf now = BUF_INIT;
			rec_format(r, op->rk, op->field, ",", &now);
			bool same = strcmp(buf_str(&now), op->before) == 0;
			buf_release(&now);
			if (!same) {
				op_describe_prefix(op->rk, op->id, err);
				buf_addf(err, _("the %s was changed meanwhile"), fd->name);
				return -1;
			}
		}
		const char *after = op->after ? op->after : "";
		/* a reference to nothing: none ("" where it may be empty) */
		if (fd->type == FT_REF && !plan_find(p, fd->ref, after) &&
		    (*after || (fd->flags & FF_NONEMPTY))) {
			unknown(p, fd->ref, after, err);
			return -1;
		}
		void *parent = rec_head(r)->parent;
		if (rec_rules(p, op->rk, r, parent, (size_t)-1, op->field, after, err) >= 0)
			return -1;
		struct buf id = BUF_INIT;
		if (rec_id_with(op->rk, r, op->field, after, &id)) {
			/* a field the id is made of: the id it makes must be free */
			const void *other = id.len ? plan_find_in(p, op->rk, parent, buf_str(&id)) : NULL;
			bool taken = other && other != r;
			if (taken)
				buf_addf(err, _("there is already a %s %s"), _(kd->words->label),
					 buf_str(&id));
			buf_release(&id);
			if (taken)
				return -1;
		}
		if (op->field == kd->id_field) {
			const void *other = plan_find_in(p, op->rk, parent, after);
			if (other && other != r) {
				buf_addf(err, _("the id '%s' is already in use"), after);
				return -1;
			}
			rename_record(p, op->rk, r, op->field, after);
		} else if (field_repr(fd) == VR_INT) {
			rec_set_int(p, op->rk, r, op->field, atoi(after));
		} else if (field_repr(fd) == VR_STR) {
			rec_set_str(p, op->rk, r, op->field, after);
		} else {
			buf_addf(err, _("the field '%s' is a list"), fd->name);
			return -1;
		}
		if (kd->id_rule == ID_FROM_FIELDS)
			plan_reindex_in(p, op->rk, parent);
		return 0;
	}
	case OP_ADD_ITEM: {
		if (check_kind_field(op->rk, op->field, err) < 0)
			return -1;
		const struct field *fd = kind_field(op->rk, op->field);
		const char *item = op->after ? op->after : "";
		if (fd->type == FT_REFS && !plan_find(p, fd->ref, item)) {
			unknown(p, fd->ref, item, err);
			return -1;
		}
		if (fd->type == FT_YEARS) {
			int y;
			if (!parse_year(item, &y)) {
				buf_addf(err, _("'%s' is not a year"), item);
				return -1;
			}
		}
		if (rec_rules(p, op->rk, r, rec_head(r)->parent, (size_t)-1, op->field, item, err) >= 0)
			return -1;
		rec_list_insert(p, op->rk, r, op->field, item, op->from);
		return 0;
	}
	case OP_REMOVE_ITEM:
		if (check_kind_field(op->rk, op->field, err) < 0)
			return -1;
		rec_list_remove(p, op->rk, r, op->field, op->after ? op->after : "");
		return 0;
	case OP_ADD: {
		/* inside the record its path names (the same one, for an op
		 * made here; the one there now, for an op read back) */
		void *parent = NULL;
		if (kind_is_nested(op->rk) && op->rec &&
		    !(parent = plan_path_parent(p, op->rk, op->id ? op->id : "", NULL))) {
			buf_addf_table(err, _(kind_of(kd->parent)->words->no_such), op->id ? op->id : "");
			return -1;
		}
		void *rec = op->rec;
		if (rec && rec_head(rec)->parent != parent) {
			/* a record of another plan (a diff's) is copied, not
			 * taken from its parent there */
			if (rec_head(rec)->parent)
				rec = rec_copy(p, op->rk, rec, NULL);
			rec_head(rec)->parent = parent;
		}
		if (rec && rec_rules(p, op->rk, rec, parent, op->from, -1, NULL, err) >= 0)
			return -1;
		if (!rec || !plan_insert(p, op->rk, op->from, rec)) {
			buf_addf(err, _("the id '%s' is already in use"), op->id);
			return -1;
		}
		return 0;
	}
	case OP_DELETE: {
		long at = plan_index(p, op->rk, r);
		plan_remove_in(p, op->rk, rec_head(r)->parent, (size_t)at);
		return 0;
	}
	case OP_MOVE: {
		void *parent = rec_head(r)->parent;
		long at = plan_index(p, op->rk, r);
		if (at < 0 || (size_t)at != op->from || op->to >= plan_list(p, op->rk, parent)->n) {
			op_describe_prefix(op->rk, op->id, err);
			buf_adds(err, _("its place was changed meanwhile"));
			return -1;
		}
		if (op->rk == K_POINT && op->from != op->to) {
			/* the numbers say the order */
			op_describe_prefix(op->rk, op->id, err);
			buf_adds(err, _("an agenda's points stand in the order of their numbers; what a point holds moves instead"));
			return -1;
		}
		plan_move_in(p, op->rk, parent, op->from, op->to);
		return 0;
	}
	case OP_COUNT:
		break;
	}
	return -1;
}

void op_copy(const struct op *op, struct op *out)
{
	*out = *op;
	out->id = dup_or_null(op->id);
	out->before = dup_or_null(op->before);
	out->after = dup_or_null(op->after);
}

void op_invert(const struct op *op, struct op *inv)
{
	op_copy(op, inv);
	switch (op->kind) {
	case OP_SET: {
		char *t = inv->before;
		inv->before = inv->after;
		inv->after = t;
		char *now = renamed_path(op);
		if (now) {
			/* undoing a rename names the record by its new id */
			free(inv->id);
			inv->id = now;
		}
		break;
	}
	case OP_ADD_ITEM: inv->kind = OP_REMOVE_ITEM; break;
	case OP_REMOVE_ITEM: inv->kind = OP_ADD_ITEM; break;
	case OP_ADD: inv->kind = OP_DELETE; break;
	case OP_DELETE: inv->kind = OP_ADD; break;
	case OP_MOVE:
		inv->from = op->to;
		inv->to = op->from;
		inv->place = 0;
		break;
	case OP_COUNT:
		break;
	}
}

/* ---- describing ------------------------------------------------------- */

static void quoted(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	buf_adds(out, s ? s : "");
	buf_addc(out, '"');
}

void op_describe_prefix(enum kind k, const char *id, struct buf *out)
{
	if (kind_is_own(k))
		return;
	const struct kind_info *kd = kind_of(k);
	/* the ids the plan's readers know: a group's, and numbered ones
	 * whose prefix says their kind (F3, A1) */
	if (k == K_GROUP || (kd->id_rule == ID_NUMBERED && kd->id_prefix && !kind_is_nested(k)))
		buf_addf(out, "%s: ", id ? id : "");
	else
		buf_addf(out, "%s %s: ", _(kind_of(k)->words->label), id ? id : "");
}

/* A value of field fd as people read it: a status by its label, an empty
 * value as a dash, text in quotes. */
static void value_words(const struct plan *p, const struct field *fd, const char *v,
			struct buf *out)
{
	switch (fd->type) {
	case FT_STRING:
	case FT_TEXT:
		quoted(out, v);
		return;
	case FT_REF: {
		const void *to = v ? plan_find(p, fd->ref, v) : NULL;
		buf_adds(out, to ? rec_name(fd->ref, to) : v && *v ? v : "—");
		return;
	}
	case FT_CHOICE:
	case FT_DATE:
	case FT_PERIOD:
	case FT_YEAR:
	case FT_NUMBER:
	case FT_REFS:
	case FT_NAMES:
	case FT_YEARS:
	case FT_RECORDS:
	case FT_COUNT:
		break;
	}
	buf_adds(out, v && *v ? v : "—");
}

/* Record `to`:`id` as people say it: its name and, to tell it apart, its
 * short code ("God och jämlik folkhälsa (R1)", "Arbetsgrupp
 * föräldraskapsstöd (fstod)"); its id alone when it has no name or is
 * not in the plan. */
static void ref_words(const struct plan *p, enum kind to, const char *id, struct buf *out)
{
	const void *r = plan_find(p, to, id);
	const char *name = r ? rec_name(to, r) : id;
	if (!r || !*name || strcmp(name, id) == 0) {
		buf_adds(out, id);
		return;
	}
	buf_addf(out, "%s (", name);
	if (to == K_EFFECT) /* effects go by their code in the matrix */
		plan_effect_label(p, (size_t)plan_index(p, to, r), out);
	else
		buf_adds(out, id);
	buf_addc(out, ')');
}

/* What an added record brings besides its name, e.g. " (lead Ida Broman)". */
static void added_details(enum kind k, const void *rec, struct buf *out)
{
	if (k != K_GROUP)
		return;
	const struct group *g = rec;
	if (!*g->lead && !g->members.n)
		return;
	buf_adds(out, " (");
	if (*g->lead)
		buf_addf(out, _("lead %s"), g->lead);
	if (g->members.n) {
		struct buf m = BUF_INIT;
		strlist_join(&g->members, ", ", &m);
		buf_adds(out, *g->lead ? "; " : "");
		buf_addf(out, _("members %s"), buf_str(&m));
		buf_release(&m);
	}
	buf_adds(out, ")");
}

/* The records an added or deleted record holds, e.g. " (with 2
 * follow-ups)": they come and go with it. */
static void nested_details(enum kind k, const void *rec, struct buf *out)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		size_t n = fd->type == FT_RECORDS ? rec_recs((void *)rec, fd)->n : 0;
		if (!n)
			continue;
		const struct kind_words *w = kind_of(fd->ref)->words;
		/* TRANSLATORS: " (with 2 follow-ups)": the records inside it */
		buf_addf(out, _(" (with %zu %s)"), n, n == 1 ? _(w->label) : _(w->plural));
	}
}

void op_describe(const struct plan *p, const struct op *op, struct buf *out)
{
	const struct kind_info *kd = kind_of(op->rk);
	const char *id = op->id ? op->id : "";
	switch (op->kind) {
	case OP_SET: {
		if (op->field < 0 || op->field >= kd->nfields)
			break;
		const struct field *fd = &kd->fields[op->field];
		if (op->field == kd->id_field) {
			op_describe_prefix(op->rk, op->before ? op->before : id, out);
			buf_addf(out, _("renamed to %s"), op->after ? op->after : "");
			break;
		}
		op_describe_prefix(op->rk, id, out);
		buf_addf(out, "%s ", _(fd->label));
		value_words(p, fd, op->before, out);
		buf_adds(out, " → ");
		value_words(p, fd, op->after, out);
		break;
	}
	case OP_ADD_ITEM:
	case OP_REMOVE_ITEM: {
		if (op->field < 0 || op->field >= kd->nfields)
			break;
		const struct field_words *w = field_words(op->rk, op->field);
		const struct field *fd = &kd->fields[op->field];
		const char *item = op->after ? op->after : "";
		bool add = op->kind == OP_ADD_ITEM;
		struct buf said = BUF_INIT;
		if (fd->type == FT_REFS)
			ref_words(p, fd->ref, item, &said);
		else
			buf_adds(&said, item);
		item = buf_str(&said);
		op_describe_prefix(op->rk, id, out);
		if (w && w->added)
			buf_addf_table(out, _(add ? w->added : w->removed), item);
		else if (add)
			/* TRANSLATORS: "Cecilia Ljung added to the members" */
			buf_addf(out, _("%s added to the %s"), item, _(kd->fields[op->field].label));
		else
			buf_addf(out, _("%s removed from the %s"), item, _(kd->fields[op->field].label));
		buf_release(&said);
		break;
	}
	case OP_ADD:
	case OP_DELETE: {
		const void *rec = op->rec;
		if (kd->name_field >= 0 && kd->fields[kd->name_field].type == FT_TEXT) {
			/* a record named by its text: "F13: added "…"" */
			op_describe_prefix(op->rk, id, out);
			buf_adds(out, op->kind == OP_ADD ? _("added ") : _("deleted "));
			quoted(out, rec ? rec_name(op->rk, rec) : "");
			if (rec)
				nested_details(op->rk, rec, out);
			break;
		}
		/* a record without a name of its own by its path ("A1/2025-soder") */
		buf_addf_table(out, _(op->kind == OP_ADD ? kd->words->added : kd->words->deleted),
			       rec && kd->name_field >= 0 && kind_has_id(op->rk) && !kind_is_nested(op->rk)
				       ? rec_name(op->rk, rec) : id);
		if (rec && op->kind == OP_ADD)
			added_details(op->rk, rec, out);
		if (rec)
			nested_details(op->rk, rec, out);
		break;
	}
	case OP_MOVE:
		op_describe_prefix(op->rk, id, out);
		if (op->place)
			buf_addf(out, _("moved to place %zu"), op->place);
		else if (op->to + 1 == op->from)
			buf_adds(out, _("moved up"));
		else if (op->from + 1 == op->to)
			buf_adds(out, _("moved down"));
		else
			buf_addf(out, _("moved to place %zu"), op->to + 1);
		break;
	case OP_COUNT:
		break;
	}
}

bool op_is_item_move(const struct op *a, const struct op *b)
{
	return a->kind == OP_REMOVE_ITEM && b->kind == OP_ADD_ITEM && a->rk == b->rk &&
	       a->field == b->field && a->field >= 0 && a->from != b->from &&
	       strcmp(a->id ? a->id : "", b->id ? b->id : "") == 0 &&
	       strcmp(a->after ? a->after : "", b->after ? b->after : "") == 0;
}

size_t op_describe_at(const struct plan *p, const struct op *ops, size_t n, size_t i,
		      struct buf *out)
{
	if (i + 1 >= n || !op_is_item_move(&ops[i], &ops[i + 1])) {
		op_describe(p, &ops[i], out);
		return 1;
	}
	const struct op *b = &ops[i + 1];
	const struct kind_info *kd = kind_of(b->rk);
	if (b->field >= kd->nfields) {
		op_describe(p, &ops[i], out);
		return 1;
	}
	op_describe_prefix(b->rk, b->id, out);
	/* TRANSLATORS: "Cecilia Ljung moved to place 1 of the members" */
	buf_addf(out, _("%s moved to place %zu of the %s"), b->after ? b->after : "", b->from + 1,
		 _(kd->fields[b->field].label));
	return 2;
}

void op_clear(struct op *op)
{
	free(op->id);
	free(op->before);
	free(op->after);
	memset(op, 0, sizeof(*op));
}
