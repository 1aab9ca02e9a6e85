/* ops.h — every edit of a plan as a value: made (and checked) against the
 * plan, applied, inverted, described in the plan's words.  The command
 * line, the workbench's keys, undo/redo, the crash journal, commit
 * messages and the semantic diff all speak ops.
 *
 * One shape for every kind of record (schema.h): set a field of record
 * KIND:ID, add or remove an item of a list field, add, delete or move a
 * record.  Setting a record's id renames it, and every reference to it
 * follows in the same op. */
#ifndef SAMPLAN_OPS_H
#define SAMPLAN_OPS_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"
#include "util.h"

#define SCHEMA_OPS(_)                                 \
	_(OP_SET, "set")                              \
	_(OP_ADD_ITEM, "add-item")                    \
	_(OP_REMOVE_ITEM, "remove-item")              \
	_(OP_ADD, "add")                              \
	_(OP_DELETE, "delete")                        \
	_(OP_MOVE, "move")

enum op_kind {
#define OP_KIND_ENUM(e, name) e,
	SCHEMA_OPS(OP_KIND_ENUM)
#undef OP_KIND_ENUM
	OP_COUNT
};

/* The op kind's name in the journal ("set"). */
const char *op_kind_name(enum op_kind k);
/* The op kind named `name`, or OP_COUNT. */
enum op_kind op_kind_from_name(const char *name);

/* An op owns its strings (free with op_clear).  `rec` is a record in the
 * plan's arena, used by add and delete so that undoing a delete puts back
 * the very same record (and the writer its very same lines). */
struct op {
	enum op_kind kind;
	enum kind rk;         /* the kind of the record */
	char *id;             /* the record's id ("" for the plan itself) */
	int field;            /* OP_SET, OP_*_ITEM: the field */
	char *before, *after; /* OP_SET: old and new value as text (before NULL:
			       * not known); OP_*_ITEM: after = the item */
	size_t from, to;      /* OP_MOVE; OP_ADD/OP_DELETE and OP_*_ITEM: the
			       * position in `from` */
	void *rec;            /* OP_ADD, OP_DELETE */
	bool joined;          /* undone and redone with the op before it */
	/* OP_MOVE of a semantic diff (plan_diff): the record's place in the
	 * new plan, from 1, as people are told it (from and to are the
	 * places that make the ops apply in turn); 0: from and to say it */
	size_t place;
};

/* A list of ops; owns them (oplist_clear). */
struct oplist {
	struct op *v;
	size_t n, cap;
};
#define OPLIST_INIT { NULL, 0, 0 }
/* Appends *op, taking over its strings. */
void oplist_push(struct oplist *l, struct op *op);
void oplist_clear(struct oplist *l);

/* Makers: check the edit against the plan and fill *op.  Return 0, or -1
 * with a message in `err` (for people: what is wrong and what is known).
 * Values are given as text, as on the command line: a status by its key
 * or label in any case, a year in digits. */
int op_make_set(const struct plan *p, enum kind k, const char *id, int field,
		const char *value, struct op *op, struct buf *err);
int op_make_item(const struct plan *p, enum kind k, const char *id, int field,
		 const char *item, bool add, struct op *op, struct buf *err);
/* The ops that make list field `field` of record k:id hold exactly the n
 * `items`, appended to *out, to be applied in turn: what is not wanted
 * taken out, what stays put in the order given (a move each: out, and in
 * at its place, as the workbench's roster makes them; years keep their
 * own order), then what is missing added at its place.  Returns 0, or -1
 * with a message (an item that is not valid) and nothing appended. */
int op_make_list(const struct plan *p, enum kind k, const char *id, int field,
		 const char *const *items, size_t n, struct oplist *out, struct buf *err);
/* Prioritising change `id` in `year` (or no longer). */
int op_make_year(const struct plan *p, const char *id, int year, bool add, struct op *op,
		 struct buf *err);

/* A new record of kind k to fill before op_make_add: every field at its
 * default, in the plan's arena. */
void *op_new_record(struct plan *p, enum kind k);
/* Sets a field of a new record (not yet in the plan), checked as
 * op_make_set checks; a list field takes a comma-separated list.  Returns
 * 0, or -1 with a message in `err`. */
int op_record_set(struct plan *p, enum kind k, void *rec, int field, const char *value,
		  struct buf *err);
/* Sets list field `field` of a new record to the n `items`, each checked
 * as op_make_item checks an item.  Returns 0, or -1 with a message. */
int op_record_set_items(struct plan *p, enum kind k, void *rec, int field,
			const char *const *items, size_t n, struct buf *err);
/* Adds the new record `rec` at position `at` (appended when past the
 * end).  Its id is made by the kind's rule when it has none (the next
 * F-number, a word from its name); its required fields must be set. */
int op_make_add(struct plan *p, enum kind k, size_t at, void *rec, struct op *op,
		struct buf *err);
/* A new change with the next free id at position `at`, text `text`. */
int op_make_add_change(struct plan *p, size_t at, const char *text, struct op *op,
		       struct buf *err);
/* Refused while other records refer to it (the message names them). */
int op_make_delete(const struct plan *p, enum kind k, const char *id, struct op *op,
		   struct buf *err);
/* delta -1: up one place; +1: down one place. */
int op_make_move(const struct plan *p, enum kind k, const char *id, int delta, struct op *op,
		 struct buf *err);
/* An agenda's point moved up (delta -1) or down (+1): the points keep
 * their numbers, which say their order, and what the point holds (title,
 * presenter, notes, decision, what was decided) changes place with its
 * neighbour's, and the actions and guests that name the one number name
 * the other.  The ops, appended to *out, are applied in turn as one edit.
 * Returns 0, or -1 with why (the first or the last point). */
int op_make_point_move(const struct plan *p, const char *path, int delta, struct oplist *out,
		       struct buf *err);

/* Every reference to record k:id: calls fn for each record and field
 * that names it (FT_REF or FT_REFS); returns how many there are. */
typedef void (*referrer_fn)(void *ctx, enum kind rk, void *rec, int field);
size_t op_referrers(const struct plan *p, enum kind k, const char *id, referrer_fn fn,
		    void *ctx);

/* The record an op is about: the plan itself, or the one with its id. */
void *op_record(const struct plan *p, const struct op *op);

/* True when applying `op` would change nothing (the value is already so). */
bool op_is_noop(const struct plan *p, const struct op *op);

/* Whether `op` can be applied to plan p at all: its kind, record kind and
 * field exist, and its values are of the field's type (what the journal
 * must check of ops read back).  Returns 0, or -1 with a message. */
int op_check(const struct plan *p, const struct op *op, struct buf *err);

/* Applies `op`; refuses (-1, message) when the plan is not in the state the
 * op was made against, e.g. a value someone else changed. */
int op_apply(struct plan *p, const struct op *op, struct buf *err);
/* Fills *inv with the op that undoes `op` (inv owns its own copies). */
void op_invert(const struct op *op, struct op *inv);
void op_copy(const struct op *op, struct op *out);
/* One line in the plan's words, values whole, e.g. "F3: status Ej
 * påbörjad → Pågår", "group Hälsokunniga beslutsfattare added (lead Ida
 * Broman)", "focus year 2025 → 2026". */
void op_describe(const struct plan *p, const struct op *op, struct buf *out);
/* Describes ops[i] as op_describe does, or, when ops[i] and ops[i + 1]
 * take an item out of a record's list and put it back at another place
 * (a reorder, as the workbench's roster and the semantic diff make it),
 * the two as one move: "fstod: Cia moved to place 1 of the members".
 * Returns how many ops it said (1 or 2). */
size_t op_describe_at(const struct plan *p, const struct op *ops, size_t n, size_t i,
		      struct buf *out);
/* Whether a then b are such a move (one decision, not two). */
bool op_is_item_move(const struct op *a, const struct op *b);
/* "F3: ", "fstod: ", "party soder: " or "" (the plan): how a description
 * of the record's field starts. */
void op_describe_prefix(enum kind k, const char *id, struct buf *out);
void op_clear(struct op *op);

#endif
