/* model.h — the plan: its changes, groups, statuses, parties, effects and
 * meetings; lookups and validation.  No curses, no libyaml, no I/O.
 *
 * Every string and array reachable from a struct plan is owned by the
 * plan's arena and lives until plan_free().  Values are replaced, never
 * freed, so a pointer taken from the plan stays valid while the plan does. */
#ifndef SAMPLAN_MODEL_H
#define SAMPLAN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct strlist {
	const char **v;
	size_t n;
};

struct yearlist {
	int *v;
	size_t n;
};

struct status {
	const char *key;   /* ASCII, e.g. "pagar" */
	const char *label; /* shown to people, e.g. "Pågår" */
};

struct party {
	const char *id, *name, *note;
	struct strlist members;
};

struct effect {
	const char *id, *name, *kind; /* kind: "rus" or "nationell" */
};

struct meeting {
	const char *date, *time, *place, *note;
};

struct group {
	const char *id, *name, *lead, *mandate, *notes;
	struct strlist members;
};

/* The fields of a change, in the order the writer puts them. */
enum change_field {
	CF_ID,
	CF_HORIZON,
	CF_TEXT,
	CF_PRIORITY,
	CF_STATUS,
	CF_GROUPS,
	CF_EFFECTS,
	CF_NOTES,
	CF_COUNT
};

struct change_src; /* where the change stands in its file: the store's */

struct change {
	const char *id, *horizon, *text, *status, *notes;
	struct yearlist priority; /* ascending, no duplicates */
	struct strlist groups, effects;
	/* Set by the store: the change's place in the loaded file, valid only
	 * while src_gen equals the store's generation.  NULL for a change
	 * added since the file was read. */
	const struct change_src *src;
	unsigned src_gen;
	unsigned dirty; /* (1u << CF_x) for every field set since load */
};

struct plan {
	struct arena arena;
	const char *title, *subtitle;
	const char *adopted_by, *adopted_date; /* "" when absent */
	int version;                     /* 0 when absent */
	int focus_year;
	struct status *statuses;
	size_t nstatuses;
	struct party *parties;
	size_t nparties;
	struct effect *effects;
	size_t neffects;
	struct meeting *meetings;
	size_t nmeetings;
	struct group *groups;
	size_t ngroups;
	struct change **changes; /* in plan order; the plan owns the array */
	size_t nchanges, capchanges;
	/* id -> change, open addressing; kept in step by the functions below */
	struct change **index;
	size_t index_cap, index_used;
	/* New ids are numbered above this too: the largest F-number of the
	 * last commit (history_reserve_ids), so that an id deleted since is
	 * not given to another change.  0 when unknown. */
	unsigned long id_floor;
	/* The commit id_floor was read from ("" when none): a workbench adds
	 * many changes, and the last commit is read again only when it moved. */
	char id_floor_rev[41];
};

/* Returns a new empty plan; the caller owns it (plan_free). */
struct plan *plan_new(void);
void plan_free(struct plan **p);

/* Copies `s` into the plan's arena. */
char *plan_strdup(struct plan *p, const char *s);

const char *change_field_name(enum change_field f);
/* Returns the field named `name` ("status", "text", ...) or CF_COUNT. */
enum change_field change_field_from_name(const char *name);

/* Lookups: NULL or -1 when absent. */
struct change *plan_find_change(const struct plan *p, const char *id);
long plan_change_index(const struct plan *p, const struct change *c);
long plan_find_status(const struct plan *p, const char *key);
const char *plan_status_label(const struct plan *p, const char *key);
struct group *plan_find_group(const struct plan *p, const char *id);
struct effect *plan_find_effect(const struct plan *p, const char *id);

/* Appends the plan's status keys as "a, b, c" (for error messages). */
void plan_list_status_keys(const struct plan *p, struct buf *out);
void plan_list_group_ids(const struct plan *p, struct buf *out);
void plan_list_effect_ids(const struct plan *p, struct buf *out);

/* Returns a new change with the given id and default values, allocated in
 * the plan's arena but not yet in the plan. */
struct change *plan_new_change(struct plan *p, const char *id);
/* The largest n of the ids "F<n>" in the plan (0 when none). */
unsigned long plan_max_change_number(const struct plan *p);
/* Returns the next free id "F<n>" (n = 1 + the largest F-number in use or
 * p->id_floor); the string is in the plan's arena. */
char *plan_next_change_id(struct plan *p);

/* Puts `c` (an arena change of this plan) at position `at` (0..nchanges).
 * Returns false when its id is already in use. */
bool plan_insert_change(struct plan *p, size_t at, struct change *c);
/* Takes the change at `at` out of the plan and returns it (it stays in the
 * arena, so it can be put back). */
struct change *plan_remove_change(struct plan *p, size_t at);
/* Moves the change at `from` to position `to`. */
void plan_move_change(struct plan *p, size_t from, size_t to);

bool strlist_contains(const struct strlist *l, const char *s);
bool yearlist_contains(const struct yearlist *l, int year);
/* The same items in the same order. */
bool strlist_equal(const struct strlist *a, const struct strlist *b);
/* Appends the items to out, `sep` between them. */
void strlist_join(const struct strlist *l, const char *sep, struct buf *out);
bool yearlist_equal(const struct yearlist *a, const struct yearlist *b);
bool change_is_prioritised(const struct change *c, int year);

/* Setters: copy the value into the arena and mark the field dirty. */
void change_set_string(struct plan *p, struct change *c, enum change_field f,
		       const char *value);
const char *change_get_string(const struct change *c, enum change_field f);
void change_add_year(struct plan *p, struct change *c, int year);
void change_remove_year(struct plan *p, struct change *c, int year);
/* f is CF_GROUPS or CF_EFFECTS. */
struct strlist *change_list(struct change *c, enum change_field f);
void change_list_add(struct plan *p, struct change *c, enum change_field f,
		     const char *id);
void change_list_remove(struct plan *p, struct change *c, enum change_field f,
			const char *id);
/* Adds `id` at position `at` (appended when past the end). */
void change_list_insert(struct plan *p, struct change *c, enum change_field f,
			const char *id, size_t at);

/* Value rules shared by the store and the command line. */
bool valid_id(const char *s);         /* [A-Za-z0-9._-]+ */
bool valid_status_key(const char *s); /* [a-z0-9][a-z0-9-]* */
bool valid_horizon(const char *s);    /* "kort" or "lång" */
bool valid_date(const char *s);       /* YYYY-MM-DD, a real date */
/* Writes `fixed` to out when it is a valid date (a test's fixed day, from
 * the environment), else today's local date; YYYY-MM-DD. */
void date_today(const char *fixed, char out[11]);
/* Parses a year 1900..2999 given as decimal digits; false otherwise. */
bool parse_year(const char *s, int *year);

/* Two changes hold the same values (ids included). */
bool change_equal(const struct change *a, const struct change *b);

#endif
