/* model.c — the plan in memory. */
#include "config.h"

#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"

static const char *const field_names[CF_COUNT] = {
	[CF_ID] = "id",
	[CF_HORIZON] = "horizon",
	[CF_TEXT] = "text",
	[CF_PRIORITY] = "priority",
	[CF_STATUS] = "status",
	[CF_GROUPS] = "groups",
	[CF_EFFECTS] = "effects",
	[CF_NOTES] = "notes",
};

const char *change_field_name(enum change_field f)
{
	return f < CF_COUNT ? field_names[f] : "?";
}

enum change_field change_field_from_name(const char *name)
{
	for (int f = 0; f < CF_COUNT; f++)
		if (strcmp(field_names[f], name) == 0)
			return (enum change_field)f;
	return CF_COUNT;
}

struct plan *plan_new(void)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena, 256 * 1024);
	p->title = p->subtitle = p->adopted_by = p->adopted_date = "";
	return p;
}

void plan_free(struct plan **pp)
{
	struct plan *p = *pp;
	if (!p)
		return;
	arena_free(&p->arena);
	free(p->changes);
	free(p->index);
	free(p);
	*pp = NULL;
}

char *plan_strdup(struct plan *p, const char *s)
{
	return arena_strdup(&p->arena, s);
}

/* FNV-1a: ids are short. */
static size_t hash_id(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static size_t index_slot(const struct plan *p, const char *id)
{
	size_t mask = p->index_cap - 1;
	size_t i = hash_id(id) & mask;
	while (p->index[i] && strcmp(p->index[i]->id, id) != 0)
		i = (i + 1) & mask;
	return i;
}

static void index_rebuild(struct plan *p, size_t cap)
{
	free(p->index);
	p->index = xcalloc(cap, sizeof(*p->index));
	p->index_cap = cap;
	p->index_used = 0;
	for (size_t i = 0; i < p->nchanges; i++) {
		p->index[index_slot(p, p->changes[i]->id)] = p->changes[i];
		p->index_used++;
	}
}

struct change *plan_find_change(const struct plan *p, const char *id)
{
	if (!p->index_cap)
		return NULL;
	return p->index[index_slot(p, id)];
}

long plan_change_index(const struct plan *p, const struct change *c)
{
	for (size_t i = 0; i < p->nchanges; i++)
		if (p->changes[i] == c)
			return (long)i;
	return -1;
}

long plan_find_status(const struct plan *p, const char *key)
{
	for (size_t i = 0; i < p->nstatuses; i++)
		if (strcmp(p->statuses[i].key, key) == 0)
			return (long)i;
	return -1;
}

const char *plan_status_label(const struct plan *p, const char *key)
{
	long i = plan_find_status(p, key);
	return i < 0 ? key : p->statuses[i].label;
}

struct group *plan_find_group(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->ngroups; i++)
		if (strcmp(p->groups[i].id, id) == 0)
			return &p->groups[i];
	return NULL;
}

struct effect *plan_find_effect(const struct plan *p, const char *id)
{
	for (size_t i = 0; i < p->neffects; i++)
		if (strcmp(p->effects[i].id, id) == 0)
			return &p->effects[i];
	return NULL;
}

void plan_list_status_keys(const struct plan *p, struct buf *out)
{
	for (size_t i = 0; i < p->nstatuses; i++)
		buf_addf(out, "%s%s", i ? ", " : "", p->statuses[i].key);
}

void plan_list_group_ids(const struct plan *p, struct buf *out)
{
	if (!p->ngroups)
		buf_adds(out, _("none defined"));
	for (size_t i = 0; i < p->ngroups; i++)
		buf_addf(out, "%s%s", i ? ", " : "", p->groups[i].id);
}

void plan_list_effect_ids(const struct plan *p, struct buf *out)
{
	if (!p->neffects)
		buf_adds(out, _("none defined"));
	for (size_t i = 0; i < p->neffects; i++)
		buf_addf(out, "%s%s", i ? ", " : "", p->effects[i].id);
}

struct change *plan_new_change(struct plan *p, const char *id)
{
	struct change *c = arena_alloc(&p->arena, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->id = plan_strdup(p, id);
	c->horizon = "kort";
	c->text = "";
	c->status = p->nstatuses ? p->statuses[0].key : "";
	c->notes = "";
	return c;
}

unsigned long plan_max_change_number(const struct plan *p)
{
	unsigned long max = 0;
	for (size_t i = 0; i < p->nchanges; i++) {
		const char *id = p->changes[i]->id;
		if (id[0] != 'F' || id[1] < '0' || id[1] > '9')
			continue;
		char *end;
		unsigned long n = strtoul(id + 1, &end, 10);
		if (*end == '\0' && n > max)
			max = n;
	}
	return max;
}

char *plan_next_change_id(struct plan *p)
{
	unsigned long max = plan_max_change_number(p);
	if (p->id_floor > max)
		max = p->id_floor;
	char tmp[32];
	do
		snprintf(tmp, sizeof(tmp), "F%lu", ++max);
	while (plan_find_change(p, tmp));
	return plan_strdup(p, tmp);
}

bool plan_insert_change(struct plan *p, size_t at, struct change *c)
{
	if (plan_find_change(p, c->id))
		return false;
	if (at > p->nchanges)
		at = p->nchanges;
	if (p->nchanges == p->capchanges) {
		p->capchanges = p->capchanges ? p->capchanges * 2 : 64;
		p->changes = xrealloc(p->changes, p->capchanges * sizeof(*p->changes));
	}
	memmove(p->changes + at + 1, p->changes + at,
		(p->nchanges - at) * sizeof(*p->changes));
	p->changes[at] = c;
	p->nchanges++;
	if ((p->index_used + 1) * 2 > p->index_cap) {
		size_t cap = p->index_cap ? p->index_cap : 64;
		while ((p->nchanges + 1) * 2 > cap)
			cap *= 2;
		index_rebuild(p, cap);
	} else {
		p->index[index_slot(p, c->id)] = c;
		p->index_used++;
	}
	return true;
}

struct change *plan_remove_change(struct plan *p, size_t at)
{
	struct change *c = p->changes[at];
	memmove(p->changes + at, p->changes + at + 1,
		(p->nchanges - at - 1) * sizeof(*p->changes));
	p->nchanges--;
	/* Linear probing: deleting needs the cluster re-inserted; a rebuild at
	 * the same size is simplest and deletions are rare. */
	index_rebuild(p, p->index_cap);
	return c;
}

void plan_move_change(struct plan *p, size_t from, size_t to)
{
	if (from == to || from >= p->nchanges || to >= p->nchanges)
		return;
	struct change *c = p->changes[from];
	if (from < to)
		memmove(p->changes + from, p->changes + from + 1,
			(to - from) * sizeof(*p->changes));
	else
		memmove(p->changes + to + 1, p->changes + to,
			(from - to) * sizeof(*p->changes));
	p->changes[to] = c;
}

bool strlist_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

bool yearlist_contains(const struct yearlist *l, int year)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == year)
			return true;
	return false;
}

bool change_is_prioritised(const struct change *c, int year)
{
	return yearlist_contains(&c->priority, year);
}

static const char **string_slot(struct change *c, enum change_field f)
{
	switch (f) {
	case CF_ID: return &c->id;
	case CF_HORIZON: return &c->horizon;
	case CF_TEXT: return &c->text;
	case CF_STATUS: return &c->status;
	case CF_NOTES: return &c->notes;
	default: return NULL;
	}
}

void change_set_string(struct plan *p, struct change *c, enum change_field f,
		       const char *value)
{
	const char **slot = string_slot(c, f);
	if (!slot)
		return;
	*slot = plan_strdup(p, value);
	c->dirty |= 1u << f;
}

const char *change_get_string(const struct change *c, enum change_field f)
{
	const char **slot = string_slot((struct change *)c, f);
	return slot ? *slot : "";
}

void change_add_year(struct plan *p, struct change *c, int year)
{
	if (yearlist_contains(&c->priority, year))
		return;
	int *v = arena_alloc(&p->arena, (c->priority.n + 1) * sizeof(int));
	size_t j = 0;
	bool put = false;
	for (size_t i = 0; i < c->priority.n; i++) {
		if (!put && year < c->priority.v[i]) {
			v[j++] = year;
			put = true;
		}
		v[j++] = c->priority.v[i];
	}
	if (!put)
		v[j++] = year;
	c->priority.v = v;
	c->priority.n = j;
	c->dirty |= 1u << CF_PRIORITY;
}

void change_remove_year(struct plan *p, struct change *c, int year)
{
	if (!yearlist_contains(&c->priority, year))
		return;
	int *v = arena_alloc(&p->arena, c->priority.n * sizeof(int));
	size_t j = 0;
	for (size_t i = 0; i < c->priority.n; i++)
		if (c->priority.v[i] != year)
			v[j++] = c->priority.v[i];
	c->priority.v = v;
	c->priority.n = j;
	c->dirty |= 1u << CF_PRIORITY;
}

struct strlist *change_list(struct change *c, enum change_field f)
{
	return f == CF_GROUPS ? &c->groups : f == CF_EFFECTS ? &c->effects : NULL;
}

void change_list_add(struct plan *p, struct change *c, enum change_field f,
		     const char *id)
{
	change_list_insert(p, c, f, id, (size_t)-1);
}

void change_list_insert(struct plan *p, struct change *c, enum change_field f,
			const char *id, size_t at)
{
	struct strlist *l = change_list(c, f);
	if (!l || strlist_contains(l, id))
		return;
	if (at > l->n)
		at = l->n;
	const char **v = arena_alloc(&p->arena, (l->n + 1) * sizeof(char *));
	if (at)
		memcpy(v, l->v, at * sizeof(char *));
	const struct group *g = f == CF_GROUPS ? plan_find_group(p, id) : NULL;
	v[at] = g ? g->id : plan_strdup(p, id);
	if (l->n > at)
		memcpy(v + at + 1, l->v + at, (l->n - at) * sizeof(char *));
	l->v = v;
	l->n++;
	c->dirty |= 1u << f;
}

void change_list_remove(struct plan *p, struct change *c, enum change_field f,
			const char *id)
{
	struct strlist *l = change_list(c, f);
	if (!l || !strlist_contains(l, id))
		return;
	const char **v = arena_alloc(&p->arena, l->n * sizeof(char *));
	size_t j = 0;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], id) != 0)
			v[j++] = l->v[i];
	l->v = v;
	l->n = j;
	c->dirty |= 1u << f;
}

bool valid_id(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		char ch = *s;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-'))
			return false;
	}
	return true;
}

bool valid_status_key(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

bool valid_horizon(const char *s)
{
	return strcmp(s, "kort") == 0 || strcmp(s, "lång") == 0;
}

bool valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return false;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	if (s[10])
		return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return false;
	return true;
}

void date_today(const char *fixed, char out[11])
{
	if (fixed && valid_date(fixed)) {
		memcpy(out, fixed, 11);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || !strftime(out, 11, "%Y-%m-%d", &tm))
		strcpy(out, "1970-01-01");
}

bool parse_year(const char *s, int *year)
{
	if (strlen(s) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	int y = atoi(s);
	if (y < 1900 || y > 2999)
		return false;
	*year = y;
	return true;
}

bool strlist_equal(const struct strlist *a, const struct strlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return false;
	return true;
}

void strlist_join(const struct strlist *l, const char *sep, struct buf *out)
{
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_adds(out, sep);
		buf_adds(out, l->v[i]);
	}
}

bool yearlist_equal(const struct yearlist *a, const struct yearlist *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i] != b->v[i])
			return false;
	return true;
}

bool change_equal(const struct change *a, const struct change *b)
{
	return yearlist_equal(&a->priority, &b->priority) && strcmp(a->id, b->id) == 0 &&
	       strcmp(a->horizon, b->horizon) == 0 && strcmp(a->text, b->text) == 0 &&
	       strcmp(a->status, b->status) == 0 && strcmp(a->notes, b->notes) == 0 &&
	       strlist_equal(&a->groups, &b->groups) &&
	       strlist_equal(&a->effects, &b->effects);
}
