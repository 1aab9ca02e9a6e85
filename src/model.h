/* model.h — the plan's records (schema.h declares their kinds and
 * fields); lookups, generic access to any field, validation.  No curses,
 * no libyaml, no I/O.
 *
 * Every string and array reachable from a struct plan is owned by the
 * plan's arena and lives until plan_free().  Values are replaced, never
 * freed, so a pointer taken from the plan stays valid while the plan does. */
#ifndef SAMPLAN_MODEL_H
#define SAMPLAN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "schema.h"
#include "util.h"

struct strlist {
	const char **v;
	size_t n;
};

struct yearlist {
	int *v;
	size_t n;
};

struct rec_src; /* where a record stands in its file: the store's */

/* What every record begins with (so a pointer to any record is a pointer
 * to its struct record). */
struct record {
	/* Set by the store: the record's place in the loaded file, valid only
	 * while src_gen equals the store's generation.  NULL for a record
	 * added since the file was read.  (For a record inside a record:
	 * its place in its parent's list as read.) */
	const struct rec_src *src;
	unsigned src_gen;
	uint32_t dirty; /* (1u << field) for every field set since load; a
			 * parent's FT_RECORDS field when a record in it
			 * was added, deleted, moved or set */
	void *parent;   /* the record whose list holds it (NULL at the top) */
};

/* Records of one kind in one list, in plan order, with an index by id:
 * a top-level kind's (struct plan's recs) or a list inside a record (an
 * FT_RECORDS field, e.g. an activity's follow-ups). */
struct reclist {
	void **v;
	size_t n, cap;
	/* id -> record, open addressing; kept in step by the functions below.
	 * Each slot keeps its id's hash, so a probe reads the record only
	 * when the hashes agree. */
	struct id_slot {
		void *rec;
		size_t hash;
	} *index;
	size_t index_cap, index_used;
};

/* The plan's own record: plan.yaml's top level. */
struct plan_info {
	struct record rec;
	const char *title, *subtitle;
	const char *adopted_by, *adopted_date; /* "" when absent */
	int version;                           /* 0 when absent */
	int focus_year;
};

struct status {
	struct record rec;
	const char *key;   /* ASCII, e.g. "pagar" */
	const char *label; /* shown to people, e.g. "Pågår" */
};

struct party {
	struct record rec;
	const char *id, *name, *note;
	struct strlist members;
};

struct effect {
	struct record rec;
	const char *id, *name, *kind; /* kind: "rus" or "nationell" */
};

struct member {
	struct record rec;
	const char *id, *name, *role, *org, *part;
};

struct guest {
	struct record rec;
	const char *id, *name, *note;
	struct strlist points; /* numbers, as written: "4" */
};

struct point {
	struct record rec;
	const char *id; /* made: its number */
	int number;
	const char *title, *presenter, *notes, *decision;
	struct strlist decided;
};

struct action {
	struct record rec;
	const char *id, *what, *party, *group, *due, *done; /* done: "" while open */
	struct strlist who;
	int point; /* 0: none */
};

struct meeting {
	struct record rec;
	const char *id; /* made: its date, or "2025-12-02-norr" */
	const char *date, *kind, *part, *status, *time, *place, *note, *chair, *secretary;
	struct strlist attendees;
	struct reclist guests, points, actions;
};

struct topic {
	struct record rec;
	const char *id, *text, *note, *from, *meeting;
};

struct group {
	struct record rec;
	const char *id, *name, *lead, *mandate, *notes;
	struct strlist members;
};

struct change {
	struct record rec;
	const char *id, *horizon, *text, *status, *notes;
	struct yearlist priority; /* ascending, no duplicates */
	struct strlist groups, effects;
};


struct followup {
	struct record rec;
	const char *id; /* made: "2025-soder" */
	int year;
	const char *party, *done, *output, *result, *value, *comment;
};

struct activity {
	struct record rec;
	const char *id, *text, *group, *period_from, *period_to, *output, *result, *indicator,
		*baseline, *target, *status, *notes;
	struct strlist changes, parties;
	struct reclist followup;
};

#ifdef SAMPLAN_SHAPES
struct shape_part {
	struct record rec;
	const char *id, *text, *who, *note;
};

struct shape {
	struct record rec;
	const char *id, *name, *text, *choice, *owner, *day, *from, *to;
	struct strlist links, people;
	struct yearlist years;
	int year, count;
	struct reclist parts;
};
#endif

struct plan {
	struct arena arena;
	struct plan_info *info;           /* also recs[K_PLAN].v[0] */
	struct reclist recs[K_COUNT];
	/* New ids of a numbered kind are numbered above this too: the largest
	 * number of the kind's ids in the last commit (history_reserve_ids),
	 * so that an id deleted since is not given to another record (F13,
	 * A2).  0 when unknown. */
	unsigned long id_floor[K_COUNT];
	/* The commit id_floor was read from ("" when none): a workbench adds
	 * many changes, and the last commit is read again only when it moved. */
	char id_floor_rev[41];
};

/* Returns a new plan with an empty plan record and no other records; the
 * caller owns it (plan_free). */
struct plan *plan_new(void);
void plan_free(struct plan **p);

/* Copies `s` into the plan's arena. */
char *plan_strdup(struct plan *p, const char *s);

/* ---- records of any kind ----------------------------------------------- */

static inline size_t plan_count(const struct plan *p, enum kind k)
{
	return p->recs[k].n;
}

static inline void *plan_rec(const struct plan *p, enum kind k, size_t i)
{
	return p->recs[k].v[i];
}

static inline struct change *plan_change(const struct plan *p, size_t i)
{
	return p->recs[K_CHANGE].v[i];
}

static inline struct group *plan_group(const struct plan *p, size_t i)
{
	return p->recs[K_GROUP].v[i];
}

static inline struct status *plan_status(const struct plan *p, size_t i)
{
	return p->recs[K_STATUS].v[i];
}

static inline struct effect *plan_effect(const struct plan *p, size_t i)
{
	return p->recs[K_EFFECT].v[i];
}

static inline struct party *plan_party(const struct plan *p, size_t i)
{
	return p->recs[K_PARTY].v[i];
}

static inline struct meeting *plan_meeting(const struct plan *p, size_t i)
{
	return p->recs[K_MEETING].v[i];
}

/* The record's id ("" for the plan itself). */
const char *rec_id(enum kind k, const void *r);
/* What people call the record: its name field, or its id. */
const char *rec_name(enum kind k, const void *r);
/* The record's path, how the command line, ops, the journal and messages
 * name it: its id, after its parent's path and a '/' for a record inside
 * a record ("F3", "A1/2025-soder"). */
void rec_path(enum kind k, const void *r, struct buf *out);

/* ---- lists: a top-level kind's, or one inside a record ---------------- */

/* The list of kind k's records: the plan's for a top-level kind, the one
 * inside `parent` (a record of k's parent kind) for a nested one (NULL
 * for a nested kind without a parent). */
struct reclist *plan_list(const struct plan *p, enum kind k, const void *parent);
/* The record of kind k with id `id` in the list inside `parent`. */
void *plan_find_in(const struct plan *p, enum kind k, const void *parent, const char *id);
/* The record of kind k at `path` (see rec_path): for a top-level kind
 * its id; or NULL.  The one way to find a record by kind and id. */
void *plan_find(const struct plan *p, enum kind k, const char *path);
/* The parent named by `path`'s first part (all but its last '/' part),
 * for a record of nested kind k; NULL when there is none (or k is not
 * nested).  *id (optional) is set to the last part. */
void *plan_path_parent(const struct plan *p, enum kind k, const char *path, const char **id);
/* The record's place in its list, or -1. */
long plan_index(const struct plan *p, enum kind k, const void *r);
/* Appends the ids of kind k as "a, b, c", or "none defined". */
void plan_list_ids(const struct plan *p, enum kind k, struct buf *out);

/* Every record of kind k in plan order, inside every parent:
 *	for (void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it))
 * Nothing may be added to or taken from the lists while it runs. */
struct rec_iter {
	const struct plan *p;
	int depth;
	enum kind chain[4]; /* the top-level kind ... k */
	size_t at[4];
	void *rec[4];
};
void *rec_iter_first(struct rec_iter *it, const struct plan *p, enum kind k);
void *rec_iter_next(struct rec_iter *it);
/* How many records of kind k there are, inside every parent. */
size_t plan_count_all(const struct plan *p, enum kind k);

/* Returns a new record of kind k with id `id` (NULL: none yet) and every
 * field at its default, in the plan's arena but not yet in the plan. */
void *plan_new_record(struct plan *p, enum kind k, const char *id);
/* Puts `r` (an arena record of this plan) at position `at` of the list
 * inside its parent (r->rec.parent; the plan's for a top-level kind),
 * appended when past the end.  Returns false when its id is already in
 * use there. */
bool plan_insert(struct plan *p, enum kind k, size_t at, void *r);
/* Makes room for `n` records of top-level kind `k` in all, so that
 * adding that many grows nothing: the loader's guess from a list's size.
 * Never shrinks. */
void plan_reserve(struct plan *p, enum kind k, size_t n);
/* Takes the record at `at` of the list inside `parent` out of the plan
 * and returns it (it stays in the arena, so it can be put back). */
void *plan_remove_in(struct plan *p, enum kind k, void *parent, size_t at);
/* Moves the record at `from` to position `to`. */
void plan_move_in(struct plan *p, enum kind k, void *parent, size_t from, size_t to);
/* After a record's id changed (rec_set_str of its id field, or of a
 * field its id is made of): the index of its list follows. */
void plan_reindex_in(struct plan *p, enum kind k, void *parent);
static inline void *plan_remove(struct plan *p, enum kind k, size_t at)
{
	return plan_remove_in(p, k, NULL, at);
}
static inline void plan_move(struct plan *p, enum kind k, size_t from, size_t to)
{
	plan_move_in(p, k, NULL, from, to);
}
static inline void plan_reindex(struct plan *p, enum kind k)
{
	plan_reindex_in(p, k, NULL);
}

/* The next free id of kind k in the list inside `parent` for a record
 * called `name`: "F<n>" for changes (n above every F-number in use and
 * p->id_floor), the prefix and the next number for other numbered kinds
 * ("A3"), an ASCII word made from the name for words ("Hälsokunniga
 * beslutsfattare" → "halsokunniga-beslutsfattare", "-2" and so on when
 * taken).  In the plan's arena; NULL when the kind's ids are not made
 * this way (given, made of fields, or none). */
char *plan_next_id_in(struct plan *p, enum kind k, const void *parent, const char *name);
static inline char *plan_next_id(struct plan *p, enum kind k, const char *name)
{
	return plan_next_id_in(p, k, NULL, name);
}
/* An ID_FROM_FIELDS record's id made again from its fields ("" while one
 * of them is empty); for other kinds nothing happens. */
void rec_make_id(struct plan *p, enum kind k, void *r);
/* The id record r would have with field f set to `value` (text, as
 * rec_format writes it), in `out`: what a set of one of the fields an id
 * is made of renames it to.  False when f is not such a field. */
bool rec_id_with(enum kind k, const void *r, int f, const char *value, struct buf *out);
/* The largest n of the ids "F<n>" in the plan (0 when none). */
unsigned long plan_max_change_number(const struct plan *p);
/* The same for the ids "<prefix><n>" of numbered top-level kind k. */
unsigned long plan_max_number(const struct plan *p, enum kind k);

/* ---- fields of any record ---------------------------------------------- */

static inline const char *rec_str(const void *r, const struct field *fd)
{
	return *(const char *const *)((const char *)r + fd->off);
}

static inline struct strlist *rec_strs(void *r, const struct field *fd)
{
	return (struct strlist *)((char *)r + fd->off);
}

static inline struct yearlist *rec_years(void *r, const struct field *fd)
{
	return (struct yearlist *)((char *)r + fd->off);
}

static inline struct reclist *rec_recs(void *r, const struct field *fd)
{
	return (struct reclist *)((char *)r + fd->off);
}

static inline int rec_int(const void *r, const struct field *fd)
{
	return *(const int *)((const char *)r + fd->off);
}

static inline struct record *rec_head(void *r)
{
	return r;
}

/* Setters: copy the value into the arena and mark the field dirty.  A
 * reference is kept as the referred record's own id string. */
void rec_set_str(struct plan *p, enum kind k, void *r, int f, const char *value);
void rec_set_int(struct plan *p, enum kind k, void *r, int f, int value);
/* Lists (FT_REFS, FT_NAMES, FT_YEARS; a year as its digits): adds `item`
 * at `at` (appended when past the end; years go in order), removes it.
 * Nothing happens when it is already so. */
void rec_list_insert(struct plan *p, enum kind k, void *r, int f, const char *item, size_t at);
void rec_list_remove(struct plan *p, enum kind k, void *r, int f, const char *item);
bool rec_list_contains(const void *r, enum kind k, int f, const char *item);
/* Where `item` stands in the list, or the list's length when absent. */
size_t rec_list_find(const void *r, enum kind k, int f, const char *item);
size_t rec_list_len(const void *r, enum kind k, int f);
/* Item i of a list as text (a year as digits, into tmp). */
const char *rec_list_item(const void *r, enum kind k, int f, size_t i, char tmp[16]);

/* The field's value as text: a string as it is, a number in digits ("" for
 * an absent 0 version or year), a list's items with `sep` between them (records
 * inside the record by their ids). */
void rec_format(const void *r, enum kind k, int f, const char *sep, struct buf *out);
/* The field holds the same value in both records. */
/* Field f of record r as people read it, appended to out: references by
 * the names of what they refer to (a status by its label), lists joined
 * with `sep`. */
void rec_display(const struct plan *p, enum kind k, const void *r, int f, const char *sep,
		 struct buf *out);
bool rec_field_equal(enum kind k, int f, const void *a, const void *b);
/* Two records hold the same values (ids included, and the records inside
 * them). */
bool rec_equal(enum kind k, const void *a, const void *b);
/* Unties every record of the plan, the records inside records too, from
 * the store that read it (src NULL): for a plan that outlives its store. */
void plan_forget_srcs(struct plan *p);
/* Clears the dirty marks of record r and of the records inside it. */
void rec_clear_dirty(enum kind k, void *r);
/* A copy of `src` (a record of kind k from any plan) in p's arena, with
 * id `id` (NULL: src's), references resolved in p, and copies of the
 * records inside it; not yet in the plan (its parent is src's parent's
 * counterpart in p, or NULL: set it before plan_insert). */
void *rec_copy(struct plan *p, enum kind k, const void *src, const char *id);

/* ---- the parts that are specific ---------------------------------------- */

static inline struct change *plan_find_change(const struct plan *p, const char *id)
{
	return plan_find(p, K_CHANGE, id);
}

static inline struct group *plan_find_group(const struct plan *p, const char *id)
{
	return plan_find(p, K_GROUP, id);
}

static inline struct effect *plan_find_effect(const struct plan *p, const char *id)
{
	return plan_find(p, K_EFFECT, id);
}

static inline long plan_change_index(const struct plan *p, const struct change *c)
{
	return plan_index(p, K_CHANGE, c);
}

/* The status's place in the workflow, or -1. */
long plan_find_status(const struct plan *p, const char *key);
/* The status's label (the key itself when unknown). */
const char *plan_status_label(const struct plan *p, const char *key);
/* The status whose key or label is `s`, in any case ("Pågår", "pagar"),
 * or NULL. */
const struct status *plan_status_by_word(const struct plan *p, const char *s);

static inline const char *change_field_name(enum change_field f)
{
	return (unsigned)f < CF_COUNT ? schema_kinds[K_CHANGE].fields[f].name : "?";
}

/* Returns the field named `name` ("status", "text", ...) or CF_COUNT. */
enum change_field change_field_from_name(const char *name);

static inline struct change *plan_new_change(struct plan *p, const char *id)
{
	return plan_new_record(p, K_CHANGE, id);
}

static inline bool plan_insert_change(struct plan *p, size_t at, struct change *c)
{
	return plan_insert(p, K_CHANGE, at, c);
}

/* Two words (or names) are the same without regard to case, for the
 * letters of Swedish whatever the locale and any other the locale knows:
 * "Pågår" is "PÅGÅR". */
bool same_word(const char *a, const char *b);
bool strlist_contains(const struct strlist *l, const char *s);
bool yearlist_contains(const struct yearlist *l, int year);
/* The same items in the same order. */
bool strlist_equal(const struct strlist *a, const struct strlist *b);
/* Appends the items to out, `sep` between them. */
void strlist_join(const struct strlist *l, const char *sep, struct buf *out);
bool yearlist_equal(const struct yearlist *a, const struct yearlist *b);
bool change_is_prioritised(const struct change *c, int year);
/* The first year after `after` that any change is prioritised in, or
 * INT_MAX when there is none (INT_MIN for `after` gives the first). */
int plan_next_priority_year(const struct plan *p, int after);
/* Who names whom, for every record at once: for reference field `field`
 * (FT_REF or FT_REFS) of kind k, each pair of a named record and a record
 * of kind k that names it, grouped by the named record (in plan order
 * within), found through a hash of the named record's address.  Made in
 * time linear in the references, for one report or one view's rows;
 * stale after any edit. */
struct ref_pair {
	const void *target; /* the named record */
	void *rec;          /* the record that names it */
};
struct ref_index {
	struct ref_pair *v; /* grouped by target */
	size_t n;
	struct ref_group {
		const void *target; /* NULL: a free slot */
		size_t start, count; /* in v */
	} *groups;
	size_t cap; /* of groups: a power of two */
};
void ref_index_build(struct ref_index *ix, const struct plan *p, enum kind k, int field);
/* The pairs of the records that name `target`: *first (NULL when none)
 * and how many there are. */
size_t ref_index_find(const struct ref_index *ix, const void *target,
		      const struct ref_pair **first);
void ref_index_free(struct ref_index *ix);
/* The years an activity's period covers, from its from and to (a year, a
 * month or a day each; 0 where one is not given). */
void activity_years(const struct activity *a, int *from, int *to);
/* Whether the activity's period ends before it starts ("2026" to
 * "2025-03"), comparing as far as both are written. */
bool activity_period_reversed(const struct activity *a);
/* Whether a follow-up's year falls outside its activity's period (a
 * warning, not an error: plans change). */
bool followup_outside_period(const struct followup *fu);

/* Whether action a (inside its meeting) is still open at meeting m: from
 * an earlier meeting, and not done before m's day. */
static inline bool action_open_at(const struct action *a, const struct meeting *m)
{
	const struct meeting *of = a->rec.parent;
	return strcmp(of->date, m->date) < 0 && (!*a->done || strcmp(a->done, m->date) >= 0);
}

/* Whether meeting m is one of the management group's own (not a joint
 * one, the follow-up day or a part's collaboration meeting). */
static inline bool meeting_is_own(const struct meeting *m)
{
	/* "chefsgrupp": the first of the kinds, the default */
	return strcmp(m->kind, kind_field(K_MEETING, ME_KIND)->choices[0]) == 0;
}

/* The rules that tie a record to the records around it, beyond its own
 * fields: an agenda's points stand in the order of their numbers, from
 * 1; an action is due on or after the day of its meeting; a meeting is
 * not moved past the day its actions are due.  Whether record r of kind
 * k keeps them, inside `parent` at index `at` of its list ((size_t)-1:
 * where it stands; past the end: added there), with field f's value
 * taken as `value` (f < 0: every field as it is).  Returns the field
 * that breaks a rule, its words in *why; -1 when none is broken. */
int rec_rules(const struct plan *p, enum kind k, const void *r, const void *parent, size_t at,
	      int f, const char *value, struct buf *why);
/* Effect e's short label, its kind's first letter (upper case) and its
 * number among the effects of that kind in a row: "R3", "N1". */
void plan_effect_label(const struct plan *p, size_t e, struct buf *out);

/* Value rules shared by the store and the command line. */
bool valid_id(const char *s);         /* [A-Za-z0-9._-]+ */
bool valid_status_key(const char *s); /* [a-z0-9][a-z0-9-]* */
bool valid_date(const char *s);       /* YYYY-MM-DD, a real date */
/* The day after `date` (a valid YYYY-MM-DD), into `out`. */
void date_next_day(const char *date, char out[11]);
/* The day before it. */
void date_prev_day(const char *date, char out[11]);
/* "Hälsokunniga beslutsfattare" → "halsokunniga-beslutsfattare": ASCII
 * letters and digits, one '-' for every run of anything else. */
void plan_slug(const char *name, struct buf *out);
bool valid_period(const char *s);     /* YYYY, YYYY-MM or a valid date */
/* Whether `s` is a valid id for a record of kind k. */
bool valid_kind_id(enum kind k, const char *s);
/* Whether `path` can name a record of kind k (rec_path): as many parts
 * as k is deep, each a valid id of its kind. */
bool valid_kind_path(enum kind k, const char *path);
/* Writes `fixed` to out when it is a valid date (a test's fixed day, from
 * the environment), else today's local date; YYYY-MM-DD. */
void date_today(const char *fixed, char out[11]);
/* Parses a year 1900..2999 given as decimal digits; false otherwise. */
bool parse_year(const char *s, int *year);

static inline bool change_equal(const struct change *a, const struct change *b)
{
	return rec_equal(K_CHANGE, a, b);
}

#endif
