/* ops.c — edits as values. */
#include "config.h"

#include "ops.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "yamlout.h"

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static const struct change *need_change(const struct plan *p, const char *id, struct buf *err)
{
	const struct change *c = plan_find_change(p, id);
	if (!c)
		buf_addf(err, _("no change with id '%s'"), id);
	return c;
}

static int check_value(enum change_field f, const char *value, struct buf *err)
{
	long bad;
	size_t at;
	bool multiline = f == CF_TEXT || f == CF_NOTES;
	if (!value_chars_ok(value, multiline, &bad, &at)) {
		if (bad < 0)
			buf_addf(err, _("the %s is not valid UTF-8"), change_field_name(f));
		else if (bad == '\n')
			buf_addf(err, _("the %s cannot span lines"), change_field_name(f));
		else
			buf_addf(err, _("control character U+%04lX in the %s"), (unsigned long)bad,
				 change_field_name(f));
		return -1;
	}
	return 0;
}

int op_make_set(const struct plan *p, const char *id, enum change_field f,
		const char *value, struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct change *c = need_change(p, id, err);
	if (!c)
		return -1;
	switch (f) {
	case CF_STATUS:
		if (plan_find_status(p, value) < 0) {
			buf_addf(err, _("unknown status '%s' (known: "), value);
			plan_list_status_keys(p, err);
			buf_adds(err, ")");
			return -1;
		}
		break;
	case CF_TEXT:
		if (!*value) {
			buf_adds(err, _("the text of a change cannot be empty"));
			return -1;
		}
		break;
	case CF_HORIZON:
		if (!valid_horizon(value)) {
			buf_addf(err, _("unknown horizon '%s' (known: kort, lång)"), value);
			return -1;
		}
		break;
	case CF_NOTES:
		break;
	default:
		buf_addf(err, _("the field '%s' cannot be set this way"), change_field_name(f));
		return -1;
	}
	if (check_value(f, value, err) < 0)
		return -1;
	op->kind = OP_SET;
	op->id = xstrdup(id);
	op->field = f;
	op->before = xstrdup(change_get_string(c, f));
	op->after = xstrdup(value);
	return 0;
}

int op_make_year(const struct plan *p, const char *id, int year, bool add,
		 struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct change *c = need_change(p, id, err);
	if (!c)
		return -1;
	if (!add && !change_is_prioritised(c, year)) {
		buf_addf(err, _("%s is not prioritised in %d"), id, year);
		return -1;
	}
	if (year < 1900 || year > 2999) {
		buf_addf(err, _("'%d' is not a year"), year);
		return -1;
	}
	op->kind = add ? OP_ADD_YEAR : OP_REMOVE_YEAR;
	op->id = xstrdup(id);
	op->field = CF_PRIORITY;
	op->year = year;
	return 0;
}

int op_make_item(const struct plan *p, const char *id, enum change_field f,
		 const char *item, bool add, struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct change *c = need_change(p, id, err);
	if (!c)
		return -1;
	if (f == CF_GROUPS && !add && !strlist_contains(&c->groups, item)) {
		buf_addf(err, _("group '%s' is not assigned to %s"), item, id);
		return -1;
	}
	if (f == CF_EFFECTS && !add && !strlist_contains(&c->effects, item)) {
		buf_addf(err, _("effect '%s' is not linked to %s"), item, id);
		return -1;
	}
	if (f == CF_GROUPS && add && !plan_find_group(p, item)) {
		buf_addf(err, _("unknown group '%s' (known: "), item);
		plan_list_group_ids(p, err);
		buf_adds(err, ")");
		return -1;
	}
	if (f == CF_EFFECTS && add && !plan_find_effect(p, item)) {
		buf_addf(err, _("unknown effect '%s' (known: "), item);
		plan_list_effect_ids(p, err);
		buf_adds(err, ")");
		return -1;
	}
	if (f != CF_GROUPS && f != CF_EFFECTS) {
		buf_addf(err, _("the field '%s' is not a list of ids"), change_field_name(f));
		return -1;
	}
	op->kind = add ? OP_ADD_ITEM : OP_REMOVE_ITEM;
	op->id = xstrdup(id);
	op->field = f;
	op->after = xstrdup(item);
	/* where it stands, so that undoing a removal puts it back there */
	const struct strlist *l = f == CF_GROUPS ? &c->groups : &c->effects;
	op->from = l->n;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], item) == 0)
			op->from = i;
	return 0;
}

int op_make_add(struct plan *p, size_t at, const char *text, struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	if (!*text) {
		buf_adds(err, _("the text of a change cannot be empty"));
		return -1;
	}
	if (check_value(CF_TEXT, text, err) < 0)
		return -1;
	if (!p->nstatuses) {
		buf_adds(err, _("the plan has no statuses"));
		return -1;
	}
	char *id = plan_next_change_id(p);
	struct change *c = plan_new_change(p, id);
	c->text = plan_strdup(p, text);
	op->kind = OP_ADD_CHANGE;
	op->id = xstrdup(id);
	op->from = at > p->nchanges ? p->nchanges : at;
	op->change = c;
	return 0;
}

int op_make_delete(const struct plan *p, const char *id, struct op *op, struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct change *c = need_change(p, id, err);
	if (!c)
		return -1;
	op->kind = OP_DELETE_CHANGE;
	op->id = xstrdup(id);
	op->from = (size_t)plan_change_index(p, c);
	op->change = (struct change *)c;
	return 0;
}

int op_make_move(const struct plan *p, const char *id, int delta, struct op *op,
		 struct buf *err)
{
	memset(op, 0, sizeof(*op));
	const struct change *c = need_change(p, id, err);
	if (!c)
		return -1;
	long at = plan_change_index(p, c);
	long to = at + delta;
	if (to < 0 || to >= (long)p->nchanges) {
		buf_addf(err, delta < 0 ? _("%s is already first") : _("%s is already last"), id);
		return -1;
	}
	op->kind = OP_MOVE_CHANGE;
	op->id = xstrdup(id);
	op->from = (size_t)at;
	op->to = (size_t)to;
	return 0;
}

bool op_is_noop(const struct plan *p, const struct op *op)
{
	const struct change *c = op->kind == OP_ADD_CHANGE ? NULL : plan_find_change(p, op->id);
	if (!c)
		return false;
	switch (op->kind) {
	case OP_SET: return strcmp(change_get_string(c, op->field), op->after) == 0;
	case OP_ADD_YEAR: return change_is_prioritised(c, op->year);
	case OP_REMOVE_YEAR: return !change_is_prioritised(c, op->year);
	case OP_ADD_ITEM:
		return strlist_contains(op->field == CF_GROUPS ? &c->groups : &c->effects, op->after);
	case OP_REMOVE_ITEM:
		return !strlist_contains(op->field == CF_GROUPS ? &c->groups : &c->effects, op->after);
	default: return false;
	}
}

int op_apply(struct plan *p, const struct op *op, struct buf *err)
{
	struct change *c = NULL;
	if (op->kind != OP_ADD_CHANGE) {
		c = plan_find_change(p, op->id);
		if (!c) {
			buf_addf(err, _("no change with id '%s'"), op->id);
			return -1;
		}
	}
	switch (op->kind) {
	case OP_SET:
		if (op->before && strcmp(change_get_string(c, op->field), op->before) != 0) {
			buf_addf(err, _("%s: the %s was changed meanwhile"), op->id,
				 change_field_name(op->field));
			return -1;
		}
		if (op->field == CF_STATUS && plan_find_status(p, op->after) < 0) {
			buf_addf(err, _("unknown status '%s'"), op->after);
			return -1;
		}
		change_set_string(p, c, op->field, op->after);
		if (op->field == CF_STATUS) /* share the plan's key, as the loader does */
			c->status = p->statuses[plan_find_status(p, op->after)].key;
		return 0;
	case OP_ADD_YEAR:
		change_add_year(p, c, op->year);
		return 0;
	case OP_REMOVE_YEAR:
		change_remove_year(p, c, op->year);
		return 0;
	case OP_ADD_ITEM:
		if (op->field == CF_GROUPS && !plan_find_group(p, op->after)) {
			buf_addf(err, _("unknown group '%s'"), op->after);
			return -1;
		}
		change_list_insert(p, c, op->field, op->after, op->from);
		return 0;
	case OP_REMOVE_ITEM:
		change_list_remove(p, c, op->field, op->after);
		return 0;
	case OP_ADD_CHANGE:
		if (!plan_insert_change(p, op->from, op->change)) {
			buf_addf(err, _("the id '%s' is already in use"), op->id);
			return -1;
		}
		return 0;
	case OP_DELETE_CHANGE: {
		long at = plan_change_index(p, c);
		plan_remove_change(p, (size_t)at);
		return 0;
	}
	case OP_MOVE_CHANGE: {
		long at = plan_change_index(p, c);
		if ((size_t)at != op->from) {
			buf_addf(err, _("%s: its place was changed meanwhile"), op->id);
			return -1;
		}
		plan_move_change(p, op->from, op->to);
		return 0;
	}
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
		break;
	}
	case OP_ADD_YEAR: inv->kind = OP_REMOVE_YEAR; break;
	case OP_REMOVE_YEAR: inv->kind = OP_ADD_YEAR; break;
	case OP_ADD_ITEM: inv->kind = OP_REMOVE_ITEM; break;
	case OP_REMOVE_ITEM: inv->kind = OP_ADD_ITEM; break;
	case OP_ADD_CHANGE: inv->kind = OP_DELETE_CHANGE; break;
	case OP_DELETE_CHANGE: inv->kind = OP_ADD_CHANGE; break;
	case OP_MOVE_CHANGE:
		inv->from = op->to;
		inv->to = op->from;
		break;
	}
}

/* A value cut to a readable length, in quotes. */
static void quote_short(struct buf *out, const char *s)
{
	size_t n = strlen(s), cut = 0, chars = 0;
	while (cut < n && chars < 48) {
		uint32_t cp;
		size_t l = utf8_decode(s + cut, n - cut, &cp);
		if (!l || cp == '\n')
			break;
		cut += l;
		chars++;
	}
	buf_addc(out, '"');
	buf_add(out, s, cut);
	if (cut < n)
		buf_adds(out, "…");
	buf_addc(out, '"');
}

void op_describe(const struct plan *p, const struct op *op, struct buf *out)
{
	buf_addf(out, "%s: ", op->id);
	switch (op->kind) {
	case OP_SET:
		if (op->field == CF_STATUS) {
			buf_addf(out, _("status %s → %s"), plan_status_label(p, op->before),
				 plan_status_label(p, op->after));
		} else if (op->field == CF_HORIZON) {
			buf_addf(out, _("horizon %s → %s"), op->before, op->after);
		} else {
			buf_addf(out, "%s ", op->field == CF_TEXT ? _("text") : _("notes"));
			quote_short(out, op->before ? op->before : "");
			buf_adds(out, " → ");
			quote_short(out, op->after);
		}
		break;
	case OP_ADD_YEAR:
		buf_addf(out, _("prioritised %d"), op->year);
		break;
	case OP_REMOVE_YEAR:
		buf_addf(out, _("no longer prioritised %d"), op->year);
		break;
	case OP_ADD_ITEM:
		buf_addf(out, op->field == CF_GROUPS ? _("group %s assigned") : _("effect %s linked"),
			 op->after);
		break;
	case OP_REMOVE_ITEM:
		buf_addf(out, op->field == CF_GROUPS ? _("group %s unassigned")
			 : _("effect %s unlinked"), op->after);
		break;
	case OP_ADD_CHANGE:
		buf_adds(out, _("added "));
		quote_short(out, op->change ? op->change->text : "");
		break;
	case OP_DELETE_CHANGE:
		buf_adds(out, _("deleted "));
		quote_short(out, op->change ? op->change->text : "");
		break;
	case OP_MOVE_CHANGE:
		if (op->to + 1 == op->from)
			buf_adds(out, _("moved up"));
		else if (op->from + 1 == op->to)
			buf_adds(out, _("moved down"));
		else
			buf_addf(out, _("moved to place %zu"), op->to + 1);
		break;
	}
}

void op_clear(struct op *op)
{
	free(op->id);
	free(op->before);
	free(op->after);
	memset(op, 0, sizeof(*op));
}
