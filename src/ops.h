/* ops.h — every edit of a plan as a value: made (and checked) against the
 * plan, applied, inverted, described in one line.  The command line, the
 * TUI's keys, undo/redo and commit messages all speak ops. */
#ifndef SAMPLAN_OPS_H
#define SAMPLAN_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "util.h"

enum op_kind {
	OP_SET,          /* a string field: status, text, notes, horizon */
	OP_ADD_YEAR,     /* prioritise in a year */
	OP_REMOVE_YEAR,
	OP_ADD_ITEM,     /* add a group or effect id (field CF_GROUPS/CF_EFFECTS) */
	OP_REMOVE_ITEM,
	OP_ADD_CHANGE,
	OP_DELETE_CHANGE,
	OP_MOVE_CHANGE,
};

/* An op owns its strings (free with op_clear).  `change` is a change in
 * the plan's arena, used by add/delete so that undoing a delete puts back
 * the very same change (and the writer its very same lines). */
struct op {
	enum op_kind kind;
	char *id;             /* the change's id */
	enum change_field field;
	char *before, *after; /* OP_SET: old and new value; ADD/REMOVE_ITEM: after = the id */
	int year;
	size_t from, to;      /* OP_MOVE_CHANGE; OP_ADD/DELETE_CHANGE and
			       * OP_ADD/REMOVE_ITEM: the position in `from` */
	struct change *change;
};

/* Makers: check the edit against the plan and fill *op.  Return 0, or -1
 * with a message in `err` (for people: what is wrong and what is known). */
int op_make_set(const struct plan *p, const char *id, enum change_field f,
		const char *value, struct op *op, struct buf *err);
int op_make_year(const struct plan *p, const char *id, int year, bool add,
		 struct op *op, struct buf *err);
int op_make_item(const struct plan *p, const char *id, enum change_field f,
		 const char *item, bool add, struct op *op, struct buf *err);
/* A new change with the next free id at position `at` (appended when
 * at >= nchanges), text `text`. */
int op_make_add(struct plan *p, size_t at, const char *text, struct op *op,
		struct buf *err);
int op_make_delete(const struct plan *p, const char *id, struct op *op, struct buf *err);
/* delta -1: up one place; +1: down one place. */
int op_make_move(const struct plan *p, const char *id, int delta, struct op *op,
		 struct buf *err);

/* True when applying `op` would change nothing (the value is already so). */
bool op_is_noop(const struct plan *p, const struct op *op);

/* Applies `op`; refuses (-1, message) when the plan is not in the state the
 * op was made against, e.g. a value someone else changed. */
int op_apply(struct plan *p, const struct op *op, struct buf *err);
/* Fills *inv with the op that undoes `op` (inv owns its own copies). */
void op_invert(const struct op *op, struct op *inv);
void op_copy(const struct op *op, struct op *out);
/* One line in plain words, e.g. "F3: status Ej påbörjad → Pågår". */
void op_describe(const struct plan *p, const struct op *op, struct buf *out);
void op_clear(struct op *op);

#endif
