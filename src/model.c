/* model.c — the plan in memory: records of every kind, reached through
 * the schema. */
#include "config.h"

#include "model.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>

#include "i18n.h"

struct plan *plan_new(void)
{
	struct plan *p = xcalloc(1, sizeof(*p));
	arena_init(&p->arena, 256 * 1024);
	p->info = plan_new_record(p, K_PLAN, NULL);
	plan_insert(p, K_PLAN, 0, p->info);
	return p;
}

void plan_free(struct plan **pp)
{
	struct plan *p = *pp;
	if (!p)
		return;
	arena_free(&p->arena);
	for (int k = 0; k < K_COUNT; k++) {
		free(p->recs[k].v);
		free(p->recs[k].index);
	}
	free(p);
	*pp = NULL;
}

char *plan_strdup(struct plan *p, const char *s)
{
	return arena_strdup(&p->arena, s);
}

/* ---- records of any kind ------------------------------------------------ */

const char *rec_id(enum kind k, const void *r)
{
	const struct kind_info *kd = kind_of(k);
	if (kd->id_off < 0)
		return "";
	const char *id = *(const char *const *)((const char *)r + kd->id_off);
	return id ? id : "";
}

const char *rec_name(enum kind k, const void *r)
{
	const struct kind_info *kd = kind_of(k);
	if (kd->name_field >= 0) {
		const char *s = rec_str(r, &kd->fields[kd->name_field]);
		if (s && *s)
			return s;
	}
	return rec_id(k, r);
}

void rec_path(enum kind k, const void *r, struct buf *out)
{
	const struct record *h = r;
	if (kind_is_nested(k) && h->parent) {
		rec_path(kind_of(k)->parent, h->parent, out);
		buf_addc(out, '/');
	}
	buf_adds(out, rec_id(k, r));
}

/* FNV-1a: ids are short. */
static size_t hash_id(const char *s)
{
	size_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A list this short is searched from end to end, without an index: most
 * lists inside records are. */
enum { SHORT_LIST = 8 };

static size_t index_slot(const struct reclist *l, enum kind k, const char *id, size_t h)
{
	size_t mask = l->index_cap - 1;
	size_t i = h & mask;
	while (l->index[i].rec &&
	       (l->index[i].hash != h || strcmp(rec_id(k, l->index[i].rec), id) != 0))
		i = (i + 1) & mask;
	return i;
}

/* Arrays of a list inside a record are in the plan's arena (a record
 * taken out of the plan keeps its list, to be put back by undo); a
 * top-level list's are the heap's. */
static void *list_grow(struct plan *p, enum kind k, void *old, size_t old_bytes, size_t bytes,
		       bool zero)
{
	if (!kind_is_nested(k)) {
		if (zero) {
			free(old);
			return xcalloc(1, bytes);
		}
		return xrealloc(old, bytes);
	}
	void *v = arena_alloc(&p->arena, bytes);
	if (zero)
		memset(v, 0, bytes);
	else if (old_bytes)
		memcpy(v, old, old_bytes);
	return v;
}

static void index_rebuild(struct plan *p, struct reclist *l, enum kind k, size_t cap)
{
	l->index = list_grow(p, k, l->index, 0, cap * sizeof(*l->index), true);
	l->index_cap = cap;
	l->index_used = 0;
	for (size_t i = 0; i < l->n; i++) {
		const char *id = rec_id(k, l->v[i]);
		size_t h = hash_id(id), s = index_slot(l, k, id, h);
		if (!l->index[s].rec) {
			l->index[s] = (struct id_slot){ l->v[i], h };
			l->index_used++;
		}
	}
}

struct reclist *plan_list(const struct plan *p, enum kind k, const void *parent)
{
	const struct kind_info *kd = kind_of(k);
	if (!kind_is_nested(k))
		return (struct reclist *)&p->recs[k];
	if (!parent)
		return NULL;
	const struct field *fd = &kind_of(kd->parent)->fields[kd->parent_field];
	return (struct reclist *)((const char *)parent + fd->off);
}

static void *list_find(const struct reclist *l, enum kind k, const char *id)
{
	if (l->index_cap)
		return l->index[index_slot(l, k, id, hash_id(id))].rec;
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(rec_id(k, l->v[i]), id) == 0)
			return l->v[i];
	return NULL;
}

void *plan_find_in(const struct plan *p, enum kind k, const void *parent, const char *id)
{
	const struct reclist *l = plan_list(p, k, parent);
	if (!l || !kind_has_id(k))
		return NULL;
	return list_find(l, k, id);
}

void *plan_path_parent(const struct plan *p, enum kind k, const char *path, const char **id)
{
	const char *slash = strrchr(path, '/');
	if (id)
		*id = slash ? slash + 1 : path;
	if (!kind_is_nested(k) || !slash || slash == path)
		return NULL;
	char buf[256];
	size_t n = (size_t)(slash - path);
	if (n >= sizeof(buf))
		return NULL;
	memcpy(buf, path, n);
	buf[n] = '\0';
	return plan_find(p, kind_of(k)->parent, buf);
}

void *plan_find(const struct plan *p, enum kind k, const char *path)
{
	if (!kind_has_id(k))
		return NULL;
	if (!kind_is_nested(k))
		return strchr(path, '/') ? NULL : list_find(&p->recs[k], k, path);
	const char *id;
	void *parent = plan_path_parent(p, k, path, &id);
	return parent ? plan_find_in(p, k, parent, id) : NULL;
}

long plan_index(const struct plan *p, enum kind k, const void *r)
{
	const struct reclist *l = plan_list(p, k, ((const struct record *)r)->parent);
	for (size_t i = 0; l && i < l->n; i++)
		if (l->v[i] == r)
			return (long)i;
	return -1;
}

void plan_list_ids(const struct plan *p, enum kind k, struct buf *out)
{
	struct rec_iter it;
	size_t n = 0;
	for (void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it), n++) {
		if (n)
			buf_adds(out, ", ");
		rec_path(k, r, out);
	}
	if (!n)
		buf_adds(out, _("none defined"));
}

/* ---- walking every record of a kind ------------------------------------ */

/* The record at it->at[level] or after, and below it down to k's level;
 * NULL when there is none left. */
static void *iter_fill(struct rec_iter *it, int level)
{
	for (;;) {
		const struct reclist *l = plan_list(it->p, it->chain[level],
						    level ? it->rec[level - 1] : NULL);
		if (l && it->at[level] < l->n) {
			it->rec[level] = l->v[it->at[level]];
			if (level == it->depth)
				return it->rec[level];
			it->at[++level] = 0;
			continue;
		}
		if (level == 0)
			return NULL;
		it->at[--level]++;
	}
}

void *rec_iter_first(struct rec_iter *it, const struct plan *p, enum kind k)
{
	memset(it, 0, sizeof(*it));
	it->p = p;
	int depth = kind_of(k)->depth;
	if (depth >= 4)
		return NULL;
	it->depth = depth;
	for (int d = depth; d >= 0; d--) {
		it->chain[d] = k;
		k = kind_of(k)->parent;
	}
	return iter_fill(it, 0);
}

void *rec_iter_next(struct rec_iter *it)
{
	it->at[it->depth]++;
	return iter_fill(it, it->depth);
}

size_t plan_count_all(const struct plan *p, enum kind k)
{
	if (!kind_is_nested(k))
		return plan_count(p, k);
	struct rec_iter it;
	size_t n = 0;
	for (void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it))
		n++;
	return n;
}

void *plan_new_record(struct plan *p, enum kind k, const char *id)
{
	const struct kind_info *kd = kind_of(k);
	void *r = arena_alloc(&p->arena, kd->size);
	memset(r, 0, kd->size);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (field_repr(fd) != VR_STR)
			continue;
		const char *v = "";
		if (fd->type == FT_CHOICE && fd->choices)
			v = fd->choices[0];
		else if (fd->type == FT_REF && (fd->flags & FF_REQUIRED) && plan_count(p, fd->ref))
			v = rec_id(fd->ref, plan_rec(p, fd->ref, 0));
		*(const char **)((char *)r + fd->off) = v;
	}
	if (kd->id_off >= 0)
		*(const char **)((char *)r + kd->id_off) = id ? plan_strdup(p, id) : "";
	return r;
}

/* The index's size for `n` records: at most half full. */
static size_t index_cap_for(size_t n)
{
	size_t cap = 16;
	while ((n + 1) * 2 > cap)
		cap *= 2;
	return cap;
}

void plan_reserve(struct plan *p, enum kind k, size_t n)
{
	struct reclist *l = &p->recs[k];
	if (kind_is_nested(k))
		return;
	if (n > l->cap) {
		l->cap = n;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	if (kind_has_id(k) && index_cap_for(n) > l->index_cap)
		index_rebuild(p, l, k, index_cap_for(n));
}

/* Marks field f of record r set, and the field that holds r's list in
 * its parent, and so on up: the writer patches every record on the way. */
static void mark(enum kind k, void *r, int f)
{
	struct record *h = r;
	h->dirty |= 1u << f;
	while (h->parent && kind_is_nested(k)) {
		const struct kind_info *kd = kind_of(k);
		h = h->parent;
		h->dirty |= 1u << kd->parent_field;
		k = kd->parent;
	}
}

/* A list inside a parent was changed: its parent is marked. */
static void mark_list(enum kind k, void *parent)
{
	if (parent)
		mark(kind_of(k)->parent, parent, kind_of(k)->parent_field);
}

bool plan_insert(struct plan *p, enum kind k, size_t at, void *r)
{
	void *parent = rec_head(r)->parent;
	struct reclist *l = plan_list(p, k, parent);
	if (!l)
		return false;
	bool has_id = kind_has_id(k);
	size_t slot = 0, h = 0; /* where its id goes in the index, found once */
	if (has_id && l->index_cap) {
		h = hash_id(rec_id(k, r));
		slot = index_slot(l, k, rec_id(k, r), h);
		if (l->index[slot].rec)
			return false;
	} else if (has_id && list_find(l, k, rec_id(k, r))) {
		return false;
	}
	if (at > l->n)
		at = l->n;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : kind_is_nested(k) ? 4 : 16;
		l->v = list_grow(p, k, l->v, l->n * sizeof(*l->v), cap * sizeof(*l->v), false);
		l->cap = cap;
	}
	memmove(l->v + at + 1, l->v + at, (l->n - at) * sizeof(*l->v));
	l->v[at] = r;
	l->n++;
	mark_list(k, parent);
	if (!has_id)
		return true;
	if (!l->index_cap) {
		/* a top-level list always has an index; one inside a record
		 * once it is no longer short */
		if (!kind_is_nested(k) || l->n > SHORT_LIST)
			index_rebuild(p, l, k, index_cap_for(l->n));
	} else if ((l->index_used + 1) * 2 > l->index_cap) {
		index_rebuild(p, l, k, index_cap_for(l->n));
	} else {
		l->index[slot] = (struct id_slot){ r, h };
		l->index_used++;
	}
	return true;
}

void *plan_remove_in(struct plan *p, enum kind k, void *parent, size_t at)
{
	struct reclist *l = plan_list(p, k, parent);
	if (!l || at >= l->n)
		return NULL;
	void *r = l->v[at];
	memmove(l->v + at, l->v + at + 1, (l->n - at - 1) * sizeof(*l->v));
	l->n--;
	mark_list(k, parent);
	/* Linear probing: deleting needs the cluster re-inserted; a rebuild at
	 * the same size is simplest and deletions are rare. */
	if (l->index_cap)
		index_rebuild(p, l, k, l->index_cap);
	return r;
}

void plan_move_in(struct plan *p, enum kind k, void *parent, size_t from, size_t to)
{
	struct reclist *l = plan_list(p, k, parent);
	if (!l || from == to || from >= l->n || to >= l->n)
		return;
	void *r = l->v[from];
	if (from < to)
		memmove(l->v + from, l->v + from + 1, (to - from) * sizeof(*l->v));
	else
		memmove(l->v + to + 1, l->v + to, (from - to) * sizeof(*l->v));
	l->v[to] = r;
	mark_list(k, parent);
}

void plan_reindex_in(struct plan *p, enum kind k, void *parent)
{
	struct reclist *l = plan_list(p, k, parent);
	if (l && l->index_cap)
		index_rebuild(p, l, k, l->index_cap);
}

unsigned long plan_max_change_number(const struct plan *p)
{
	unsigned long max = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const char *id = plan_change(p, i)->id;
		if (id[0] != 'F' || id[1] < '0' || id[1] > '9')
			continue;
		char *end;
		unsigned long n = strtoul(id + 1, &end, 10);
		if (*end == '\0' && n > max)
			max = n;
	}
	return max;
}

/* The ASCII letter a Swedish (or other Latin) letter is written with in
 * an id: å, ä, à → a; ö, ø → o; é → e; 0 for none. */
static char ascii_of(uint32_t cp)
{
	static const struct { uint32_t from, to; char c; } ranges[] = {
		{ 0xc0, 0xc5, 'a' }, { 0xe0, 0xe5, 'a' }, { 0xc7, 0xc7, 'c' }, { 0xe7, 0xe7, 'c' },
		{ 0xc8, 0xcb, 'e' }, { 0xe8, 0xeb, 'e' }, { 0xcc, 0xcf, 'i' }, { 0xec, 0xef, 'i' },
		{ 0xd1, 0xd1, 'n' }, { 0xf1, 0xf1, 'n' }, { 0xd2, 0xd6, 'o' }, { 0xf2, 0xf6, 'o' },
		{ 0xd8, 0xd8, 'o' }, { 0xf8, 0xf8, 'o' }, { 0xd9, 0xdc, 'u' }, { 0xf9, 0xfc, 'u' },
		{ 0xdd, 0xdd, 'y' }, { 0xfd, 0xfd, 'y' }, { 0xff, 0xff, 'y' }, { 0xc6, 0xc6, 'a' },
		{ 0xe6, 0xe6, 'a' },
	};
	if (cp < 0x80) {
		char c = (char)cp;
		if (c >= 'A' && c <= 'Z')
			return (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			return c;
		return 0;
	}
	for (size_t i = 0; i < sizeof(ranges) / sizeof(*ranges); i++)
		if (cp >= ranges[i].from && cp <= ranges[i].to)
			return ranges[i].c;
	return 0;
}

void plan_slug(const char *name, struct buf *out)
{
	size_t n = strlen(name);
	bool dash = false;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(name + i, n - i, &cp);
		if (!l) {
			l = 1;
			cp = 0;
		}
		i += l;
		if (cp >= 0x300 && cp <= 0x36f) /* a combining accent: the letter stays */
			continue;
		char c = ascii_of(cp);
		if (!c) {
			dash = out->len > 0;
			continue;
		}
		if (dash)
			buf_addc(out, '-');
		dash = false;
		buf_addc(out, c);
		if (out->len >= 40)
			break;
	}
	while (out->len && out->s[out->len - 1] == '-')
		out->s[--out->len] = '\0';
}

/* The largest n of the ids "<prefix><n>" in list l (0 when none). */
static unsigned long max_number(const struct reclist *l, enum kind k, const char *prefix)
{
	unsigned long max = 0;
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < l->n; i++) {
		const char *id = rec_id(k, l->v[i]);
		if (strncmp(id, prefix, plen) != 0 || id[plen] < '0' || id[plen] > '9')
			continue;
		char *end;
		unsigned long n = strtoul(id + plen, &end, 10);
		if (*end == '\0' && n > max)
			max = n;
	}
	return max;
}

unsigned long plan_max_number(const struct plan *p, enum kind k)
{
	const struct kind_info *kd = kind_of(k);
	if (kind_is_nested(k) || kd->id_rule != ID_NUMBERED || !kd->id_prefix)
		return 0;
	return max_number(&p->recs[k], k, kd->id_prefix);
}

char *plan_next_id_in(struct plan *p, enum kind k, const void *parent, const char *name)
{
	const struct kind_info *kd = kind_of(k);
	const struct reclist *l = plan_list(p, k, parent);
	char tmp[64];
	if (!l)
		return NULL;
	switch (kd->id_rule) {
	case ID_NUMBERED: {
		unsigned long max = max_number(l, k, kd->id_prefix);
		if (!parent && p->id_floor[k] > max)
			max = p->id_floor[k];
		do
			snprintf(tmp, sizeof(tmp), "%s%lu", kd->id_prefix, ++max);
		while (list_find(l, k, tmp));
		return plan_strdup(p, tmp);
	}
	case ID_FROM_NAME: {
		struct buf b = BUF_INIT;
		plan_slug(name ? name : "", &b);
		if (!b.len)
			buf_adds(&b, kd->name);
		char *id = NULL;
		for (unsigned n = 1; !id; n++) {
			if (n == 1)
				snprintf(tmp, sizeof(tmp), "%s", buf_str(&b));
			else
				snprintf(tmp, sizeof(tmp), "%s-%u", buf_str(&b), n);
			if (!list_find(l, k, tmp))
				id = plan_strdup(p, tmp);
		}
		buf_release(&b);
		return id;
	}
	case ID_NONE:
	case ID_FROM_FIELDS:
		break;
	}
	return NULL;
}

/* Appends the id made of record r's fields, with field `f` taken as
 * `value` (f < 0: none); false when a part is empty. */
static bool made_id(enum kind k, const void *r, int f, const char *value, struct buf *out)
{
	const struct kind_info *kd = kind_of(k);
	for (int i = 0; i < kd->nid_parts; i++) {
		size_t at = out->len;
		if (i)
			buf_addc(out, '-');
		const struct field *fd = kind_field(k, kd->id_parts[i]);
		if (kd->id_parts[i] == f)
			buf_adds(out, value);
		else if (field_repr(fd) != VR_INT || rec_int(r, fd)) /* a year 0 is none */
			rec_format(r, k, kd->id_parts[i], ",", out);
		if (out->len == at + (i ? 1u : 0u) && (kd->id_optional & (1u << i)) && i) {
			out->len = at; /* left out, with its '-' */
			out->s[at] = '\0';
		} else if (out->len == at + (i ? 1u : 0u)) {
			return false;
		}
	}
	return true;
}

void rec_make_id(struct plan *p, enum kind k, void *r)
{
	const struct kind_info *kd = kind_of(k);
	if (kd->id_rule != ID_FROM_FIELDS)
		return;
	struct buf b = BUF_INIT;
	const char *id = made_id(k, r, -1, NULL, &b) ? plan_strdup(p, buf_str(&b)) : "";
	*(const char **)((char *)r + kd->id_off) = id;
	buf_release(&b);
}

bool rec_id_with(enum kind k, const void *r, int f, const char *value, struct buf *out)
{
	const struct kind_info *kd = kind_of(k);
	bool part = false;
	for (int i = 0; i < kd->nid_parts; i++)
		part |= kd->id_parts[i] == f;
	if (kd->id_rule != ID_FROM_FIELDS || !part)
		return false;
	if (!made_id(k, r, f, value, out))
		buf_reset(out);
	return true;
}

/* Whether field f of kind k is one its records' ids are made of. */
static bool id_part(enum kind k, int f)
{
	const struct kind_info *kd = kind_of(k);
	for (int i = 0; kd->id_rule == ID_FROM_FIELDS && i < kd->nid_parts; i++)
		if (kd->id_parts[i] == f)
			return true;
	return false;
}

/* ---- fields of any record --------------------------------------------- */

void rec_set_str(struct plan *p, enum kind k, void *r, int f, const char *value)
{
	const struct field *fd = kind_field(k, f);
	if (field_repr(fd) != VR_STR)
		return; /* not a text field: lists and numbers have their own */
	const char *v = NULL;
	if (fd->type == FT_CHOICE)
		v = field_choice(fd, value);
	else if (fd->type == FT_REF) {
		const void *to = plan_find(p, fd->ref, value);
		v = to ? rec_id(fd->ref, to) : NULL;
	}
	*(const char **)((char *)r + fd->off) = v ? v : plan_strdup(p, value);
	mark(k, r, f);
	if (id_part(k, f))
		rec_make_id(p, k, r);
}

void rec_set_int(struct plan *p, enum kind k, void *r, int f, int value)
{
	*(int *)((char *)r + kind_field(k, f)->off) = value;
	mark(k, r, f);
	if (id_part(k, f))
		rec_make_id(p, k, r);
}

size_t rec_list_len(const void *r, enum kind k, int f)
{
	const struct field *fd = kind_field(k, f);
	if (field_repr(fd) == VR_YEARS)
		return rec_years((void *)r, fd)->n;
	if (field_repr(fd) == VR_STRS)
		return rec_strs((void *)r, fd)->n;
	return 0;
}

const char *rec_list_item(const void *r, enum kind k, int f, size_t i, char tmp[16])
{
	const struct field *fd = kind_field(k, f);
	if (field_repr(fd) == VR_YEARS) {
		snprintf(tmp, 16, "%d", rec_years((void *)r, fd)->v[i]);
		return tmp;
	}
	return rec_strs((void *)r, fd)->v[i];
}

size_t rec_list_find(const void *r, enum kind k, int f, const char *item)
{
	size_t n = rec_list_len(r, k, f);
	char tmp[16];
	for (size_t i = 0; i < n; i++)
		if (strcmp(rec_list_item(r, k, f, i, tmp), item) == 0)
			return i;
	return n;
}

bool rec_list_contains(const void *r, enum kind k, int f, const char *item)
{
	return rec_list_find(r, k, f, item) < rec_list_len(r, k, f);
}

void rec_list_insert(struct plan *p, enum kind k, void *r, int f, const char *item, size_t at)
{
	const struct field *fd = kind_field(k, f);
	if (rec_list_contains(r, k, f, item))
		return;
	if (field_repr(fd) == VR_YEARS) {
		int year;
		if (!parse_year(item, &year))
			return;
		struct yearlist *l = rec_years(r, fd);
		int *v = arena_alloc(&p->arena, (l->n + 1) * sizeof(int));
		size_t j = 0;
		bool put = false;
		for (size_t i = 0; i < l->n; i++) {
			if (!put && year < l->v[i]) {
				v[j++] = year;
				put = true;
			}
			v[j++] = l->v[i];
		}
		if (!put)
			v[j++] = year;
		l->v = v;
		l->n = j;
		mark(k, r, f);
		return;
	}
	if (field_repr(fd) != VR_STRS)
		return;
	struct strlist *l = rec_strs(r, fd);
	if (at > l->n)
		at = l->n;
	const char **v = arena_alloc(&p->arena, (l->n + 1) * sizeof(char *));
	if (at)
		memcpy(v, l->v, at * sizeof(char *));
	const void *to = fd->type == FT_REFS ? plan_find(p, fd->ref, item) : NULL;
	v[at] = to ? rec_id(fd->ref, to) : plan_strdup(p, item);
	if (l->n > at)
		memcpy(v + at + 1, l->v + at, (l->n - at) * sizeof(char *));
	l->v = v;
	l->n++;
	mark(k, r, f);
}

void rec_list_remove(struct plan *p, enum kind k, void *r, int f, const char *item)
{
	const struct field *fd = kind_field(k, f);
	size_t at = rec_list_find(r, k, f, item), n = rec_list_len(r, k, f);
	if (at >= n)
		return;
	if (field_repr(fd) == VR_YEARS) {
		struct yearlist *l = rec_years(r, fd);
		int *v = arena_alloc(&p->arena, l->n * sizeof(int));
		memcpy(v, l->v, at * sizeof(int));
		memcpy(v + at, l->v + at + 1, (l->n - at - 1) * sizeof(int));
		l->v = v;
		l->n--;
	} else {
		struct strlist *l = rec_strs(r, fd);
		const char **v = arena_alloc(&p->arena, l->n * sizeof(char *));
		memcpy(v, l->v, at * sizeof(char *));
		memcpy(v + at, l->v + at + 1, (l->n - at - 1) * sizeof(char *));
		l->v = v;
		l->n--;
	}
	mark(k, r, f);
}

void rec_format(const void *r, enum kind k, int f, const char *sep, struct buf *out)
{
	const struct field *fd = kind_field(k, f);
	switch (field_repr(fd)) {
	case VR_STR: {
		const char *s = rec_str(r, fd);
		buf_adds(out, s ? s : "");
		break;
	}
	case VR_INT: {
		int v = rec_int(r, fd);
		if (v || (fd->type != FT_NUMBER && fd->type != FT_YEAR))
			buf_addint(out, v);
		break;
	}
	case VR_STRS:
		strlist_join(rec_strs((void *)r, fd), sep, out);
		break;
	case VR_YEARS: {
		const struct yearlist *l = rec_years((void *)r, fd);
		for (size_t i = 0; i < l->n; i++) {
			if (i)
				buf_adds(out, sep);
			buf_addint(out, l->v[i]);
		}
		break;
	}
	case VR_RECS: {
		const struct reclist *l = rec_recs((void *)r, fd);
		for (size_t i = 0; i < l->n; i++)
			buf_addf(out, "%s%s", i ? sep : "", rec_id(fd->ref, l->v[i]));
		break;
	}
	}
}

void rec_display(const struct plan *p, enum kind k, const void *r, int f, const char *sep,
		 struct buf *out)
{
	const struct field *fd = kind_field(k, f);
	if (fd->type != FT_REF && fd->type != FT_REFS) {
		rec_format(r, k, f, sep, out);
		return;
	}
	char tmp[16];
	bool one = fd->type == FT_REF;
	for (size_t i = 0, n = one ? 1 : rec_list_len(r, k, f); i < n; i++) {
		const char *id = one ? rec_str(r, fd) : rec_list_item(r, k, f, i, tmp);
		if (!id || !*id)
			continue;
		const void *to = plan_find(p, fd->ref, id);
		buf_adds(out, i ? sep : "");
		buf_adds(out, to ? rec_name(fd->ref, to) : id);
	}
}

bool rec_field_equal(enum kind k, int f, const void *a, const void *b)
{
	const struct field *fd = kind_field(k, f);
	switch (field_repr(fd)) {
	case VR_STR: {
		const char *x = rec_str(a, fd), *y = rec_str(b, fd);
		return strcmp(x ? x : "", y ? y : "") == 0;
	}
	case VR_INT:
		return rec_int(a, fd) == rec_int(b, fd);
	case VR_STRS:
		return strlist_equal(rec_strs((void *)a, fd), rec_strs((void *)b, fd));
	case VR_YEARS:
		return yearlist_equal(rec_years((void *)a, fd), rec_years((void *)b, fd));
	case VR_RECS: {
		const struct reclist *x = rec_recs((void *)a, fd), *y = rec_recs((void *)b, fd);
		if (x->n != y->n)
			return false;
		for (size_t i = 0; i < x->n; i++)
			if (!rec_equal(fd->ref, x->v[i], y->v[i]))
				return false;
		return true;
	}
	}
	return false;
}

bool rec_equal(enum kind k, const void *a, const void *b)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++)
		if (!rec_field_equal(k, f, a, b))
			return false;
	return strcmp(rec_id(k, a), rec_id(k, b)) == 0;
}

void plan_forget_srcs(struct plan *p)
{
	for (int k = 0; k < K_COUNT; k++) {
		struct rec_iter it;
		for (void *r = rec_iter_first(&it, p, (enum kind)k); r; r = rec_iter_next(&it))
			rec_head(r)->src = NULL;
	}
}

void rec_clear_dirty(enum kind k, void *r)
{
	const struct kind_info *kd = kind_of(k);
	rec_head(r)->dirty = 0;
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->type != FT_RECORDS)
			continue;
		const struct reclist *l = rec_recs(r, fd);
		for (size_t i = 0; i < l->n; i++)
			rec_clear_dirty(fd->ref, l->v[i]);
	}
}

void *rec_copy(struct plan *p, enum kind k, const void *src, const char *id)
{
	const struct kind_info *kd = kind_of(k);
	void *r = plan_new_record(p, k, NULL);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		char *dst = (char *)r + fd->off;
		switch (field_repr(fd)) {
		case VR_STR: {
			const char *s = rec_str(src, fd);
			const char *v = NULL;
			if (fd->type == FT_CHOICE)
				v = field_choice(fd, s ? s : "");
			else if (fd->type == FT_REF && s) {
				const void *to = plan_find(p, fd->ref, s);
				v = to ? rec_id(fd->ref, to) : NULL;
			}
			*(const char **)dst = v ? v : plan_strdup(p, s ? s : "");
			break;
		}
		case VR_INT:
			*(int *)dst = rec_int(src, fd);
			break;
		case VR_STRS: {
			const struct strlist *from = rec_strs((void *)src, fd);
			struct strlist *to = (struct strlist *)dst;
			to->n = 0;
			to->v = arena_alloc(&p->arena, (from->n ? from->n : 1) * sizeof(char *));
			for (size_t i = 0; i < from->n; i++) {
				const void *ref = fd->type == FT_REFS ? plan_find(p, fd->ref, from->v[i])
								       : NULL;
				to->v[to->n++] = ref ? rec_id(fd->ref, ref) : plan_strdup(p, from->v[i]);
			}
			break;
		}
		case VR_YEARS: {
			const struct yearlist *from = rec_years((void *)src, fd);
			struct yearlist *to = (struct yearlist *)dst;
			to->n = from->n;
			to->v = arena_alloc(&p->arena, (from->n ? from->n : 1) * sizeof(int));
			if (from->n)
				memcpy(to->v, from->v, from->n * sizeof(int));
			break;
		}
		case VR_RECS: {
			const struct reclist *from = rec_recs((void *)src, fd);
			memset(dst, 0, sizeof(struct reclist));
			for (size_t i = 0; i < from->n; i++) {
				void *c = rec_copy(p, fd->ref, from->v[i], NULL);
				rec_head(c)->parent = r;
				plan_insert(p, fd->ref, (size_t)-1, c);
			}
			break;
		}
		}
	}
	if (kd->id_rule == ID_FROM_FIELDS)
		rec_make_id(p, k, r);
	else if (kd->id_off >= 0)
		*(const char **)((char *)r + kd->id_off) = plan_strdup(p, id ? id : rec_id(k, src));
	rec_head(r)->dirty = 0;
	return r;
}

/* ---- the parts that are specific -------------------------------------- */

long plan_find_status(const struct plan *p, const char *key)
{
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++)
		if (strcmp(plan_status(p, i)->key, key) == 0)
			return (long)i;
	return -1;
}

const char *plan_status_label(const struct plan *p, const char *key)
{
	long i = plan_find_status(p, key);
	return i < 0 ? key : plan_status(p, (size_t)i)->label;
}

/* Lower case without depending on the locale for the letters of Swedish
 * (Latin-1): "PÅGÅR" is "pågår" even under LANG=C. */
static uint32_t fold(uint32_t c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 0x20;
	return (uint32_t)towlower((wint_t)c);
}

bool same_word(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), i = 0, j = 0;
	while (i < na && j < nb) {
		uint32_t x, y;
		size_t la = utf8_decode(a + i, na - i, &x), lb = utf8_decode(b + j, nb - j, &y);
		if (!la || !lb)
			return false;
		if (x != y && fold(x) != fold(y))
			return false;
		i += la;
		j += lb;
	}
	return i == na && j == nb;
}

const struct status *plan_status_by_word(const struct plan *p, const char *s)
{
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++) {
		const struct status *st = plan_status(p, i);
		if (strcmp(st->key, s) == 0)
			return st;
	}
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++) {
		const struct status *st = plan_status(p, i);
		if (same_word(st->key, s) || same_word(st->label, s))
			return st;
	}
	return NULL;
}

enum change_field change_field_from_name(const char *name)
{
	int f = kind_field_from_name(K_CHANGE, name);
	return f < 0 ? CF_COUNT : (enum change_field)f;
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

int plan_next_priority_year(const struct plan *p, int after)
{
	int next = INT_MAX;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct yearlist *y = &plan_change(p, i)->priority;
		for (size_t k = 0; k < y->n; k++)
			if (y->v[k] > after && y->v[k] < next)
				next = y->v[k];
	}
	return next;
}

/* ---- who names whom -------------------------------------------------- */

static size_t ref_slot(const struct ref_index *ix, const void *target)
{
	size_t mask = ix->cap - 1;
	size_t i = (size_t)(((uintptr_t)target >> 4) * 0x9e3779b97f4a7c15ull >> 20) & mask;
	while (ix->groups[i].target && ix->groups[i].target != target)
		i = (i + 1) & mask;
	return i;
}

void ref_index_build(struct ref_index *ix, const struct plan *p, enum kind k, int field)
{
	const struct field *fd = kind_field(k, field);
	bool many = field_repr(fd) == VR_STRS;
	/* the pairs in plan order */
	size_t cap = 0;
	struct rec_iter it;
	for (void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it))
		cap += many ? rec_strs(r, fd)->n : 1;
	struct ref_pair *tmp = xcalloc(cap ? cap : 1, sizeof(*tmp));
	size_t n = 0;
	for (void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it)) {
		size_t m = many ? rec_strs(r, fd)->n : 1;
		for (size_t i = 0; i < m; i++) {
			const char *id = many ? rec_strs(r, fd)->v[i] : rec_str(r, fd);
			const void *t = id && *id ? plan_find(p, fd->ref, id) : NULL;
			if (t)
				tmp[n++] = (struct ref_pair){ t, r };
		}
	}
	/* a group per target: counted, placed after the ones before it, then
	 * filled in plan order */
	ix->cap = 16;
	while (ix->cap < 2 * n)
		ix->cap *= 2;
	ix->groups = xcalloc(ix->cap, sizeof(*ix->groups));
	for (size_t i = 0; i < n; i++) {
		struct ref_group *g = &ix->groups[ref_slot(ix, tmp[i].target)];
		g->target = tmp[i].target;
		g->count++;
	}
	size_t at = 0;
	for (size_t i = 0; i < ix->cap; i++) {
		ix->groups[i].start = at;
		at += ix->groups[i].count;
		ix->groups[i].count = 0;
	}
	ix->v = xcalloc(n ? n : 1, sizeof(*ix->v));
	ix->n = n;
	for (size_t i = 0; i < n; i++) {
		struct ref_group *g = &ix->groups[ref_slot(ix, tmp[i].target)];
		ix->v[g->start + g->count++] = tmp[i];
	}
	free(tmp);
}

size_t ref_index_find(const struct ref_index *ix, const void *target,
		      const struct ref_pair **first)
{
	const struct ref_group *g = ix->cap ? &ix->groups[ref_slot(ix, target)] : NULL;
	if (!g || !g->target || !g->count) {
		*first = NULL;
		return 0;
	}
	*first = &ix->v[g->start];
	return g->count;
}

void ref_index_free(struct ref_index *ix)
{
	free(ix->v);
	free(ix->groups);
	memset(ix, 0, sizeof(*ix));
}

void activity_years(const struct activity *a, int *from, int *to)
{
	*from = *to = 0;
	if (a->period_from && strlen(a->period_from) >= 4)
		*from = atoi(a->period_from);
	if (a->period_to && strlen(a->period_to) >= 4)
		*to = atoi(a->period_to);
}

bool activity_period_reversed(const struct activity *a)
{
	const char *from = a->period_from ? a->period_from : "";
	const char *to = a->period_to ? a->period_to : "";
	if (!*from || !*to)
		return false;
	size_t n = strlen(from) < strlen(to) ? strlen(from) : strlen(to);
	return strncmp(from, to, n) > 0;
}

bool followup_outside_period(const struct followup *fu)
{
	const struct activity *a = fu->rec.parent;
	int from, to;
	if (!a || !fu->year)
		return false;
	activity_years(a, &from, &to);
	return (from && fu->year < from) || (to && fu->year > to);
}

/* Point `pt`'s neighbours in its meeting's agenda, were it at index `at`
 * (see rec_rules): the numbers before and after it, 0 where none. */
static void point_neighbours(const struct meeting *m, const void *pt, size_t at, int *before,
			     int *after)
{
	const struct reclist *l = &m->points;
	size_t i = at > l->n && at != (size_t)-1 ? l->n : at;
	bool in = false;
	if (at == (size_t)-1)
		for (i = 0; i < l->n && !in; i++)
			in = l->v[i] == pt;
	if (in)
		i--; /* its own index */
	*before = i > 0 && i - 1 < l->n ? ((const struct point *)l->v[i - 1])->number : 0;
	size_t next = in ? i + 1 : i;
	*after = next < l->n ? ((const struct point *)l->v[next])->number : 0;
}

int rec_rules(const struct plan *p, enum kind k, const void *r, const void *parent, size_t at,
	      int f, const char *value, struct buf *why)
{
	(void)p;
	if (k == K_POINT && parent && (f < 0 || f == PO_NUMBER)) {
		int n = f < 0 ? ((const struct point *)r)->number : atoi(value);
		int before, after;
		point_neighbours(parent, r, at, &before, &after);
		if (n < 1) {
			buf_adds(why, _("a point's number is 1 or more"));
			return PO_NUMBER;
		}
		if (before >= n) {
			buf_addf(why, _("point %d stands after point %d: an agenda's points are numbered in order"),
				 n, before);
			return PO_NUMBER;
		}
		if (after && after <= n) {
			buf_addf(why, _("point %d stands before point %d: an agenda's points are numbered in order"),
				 n, after);
			return PO_NUMBER;
		}
	}
	if (k == K_ACTION && parent && (f < 0 || f == AN_DUE)) {
		const struct meeting *m = parent;
		const char *due = f < 0 ? ((const struct action *)r)->due : value;
		if (*due && *m->date && strcmp(due, m->date) < 0) {
			/* TRANSLATORS: "action T1 is due 2025-01-10, before its
			 * meeting on 2025-01-22" */
			buf_addf(why, _("action %s is due %s, before its meeting on %s"),
				 ((const struct action *)r)->id, due, m->date);
			return AN_DUE;
		}
	}
	if (k == K_GUEST && (f < 0 || f == GU_POINTS)) {
		const struct strlist *pts = &((const struct guest *)r)->points;
		for (size_t i = 0; i < (f < 0 ? pts->n : 1); i++) {
			const char *n = f < 0 ? pts->v[i] : value;
			if (!*n || strspn(n, "0123456789") != strlen(n) || atoi(n) < 1) {
				buf_addf(why, _("a guest's points are numbers of the agenda's points, not '%s'"), n);
				return GU_POINTS;
			}
		}
	}
	if (k == K_MEETING && f == ME_DATE) {
		const struct meeting *m = r;
		for (size_t i = 0; i < m->actions.n; i++) {
			const struct action *a = m->actions.v[i];
			if (*a->due && strcmp(a->due, value) < 0) {
				/* TRANSLATORS: "action T1 of the meeting is due
				 * 2025-03-01, before 2025-03-19" */
				buf_addf(why, _("action %s of the meeting is due %s, before %s"), a->id,
					 a->due, value);
				return ME_DATE;
			}
		}
	}
	return -1;
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

bool valid_kind_id(enum kind k, const char *s)
{
	if (k == K_STATUS)
		return valid_status_key(s);
	if (k == K_MEETING) { /* a date, and maybe a party's id after it */
		char date[11];
		if (strlen(s) < 10 || (s[10] && (s[10] != '-' || !valid_id(s + 11))))
			return false;
		memcpy(date, s, 10);
		date[10] = '\0';
		return valid_date(date);
	}
	return valid_id(s);
}

bool valid_kind_path(enum kind k, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!kind_is_nested(k))
		return !slash && valid_kind_id(k, path);
	if (!slash)
		return false;
	char *head = xstrndup(path, (size_t)(slash - path));
	bool ok = valid_kind_id(k, slash + 1) && valid_kind_path(kind_of(k)->parent, head);
	free(head);
	return ok;
}

static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

bool valid_date(const char *s)
{
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
	if (m == 2 && d == 29 && !leap_year(y))
		return false;
	return true;
}

void date_next_day(const char *date, char out[11])
{
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8) + 1;
	if (d > mdays[m - 1] || (m == 2 && d == 29 && !leap_year(y))) {
		d = 1;
		if (++m > 12) {
			m = 1;
			y++;
		}
	}
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

void date_prev_day(const char *date, char out[11])
{
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8) - 1;
	if (d < 1) {
		if (--m < 1) {
			m = 12;
			y--;
		}
		d = m == 2 && !leap_year(y) ? 28 : mdays[m - 1];
	}
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

bool valid_period(const char *s)
{
	int y;
	char year[5];
	if (strlen(s) < 4)
		return false;
	memcpy(year, s, 4);
	year[4] = '\0';
	if (!parse_year(year, &y))
		return false;
	if (!s[4])
		return true;
	if (strlen(s) == 7) {
		char d[11];
		memcpy(d, s, 7);
		memcpy(d + 7, "-01", 4);
		return valid_date(d);
	}
	return valid_date(s);
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

void plan_effect_label(const struct plan *p, size_t e, struct buf *out)
{
	const struct effect *ef = plan_effect(p, e);
	size_t n = 1;
	for (size_t i = e; i > 0 && strcmp(plan_effect(p, i - 1)->kind, ef->kind) == 0; i--)
		n++;
	char c = ef->kind[0] >= 'a' && ef->kind[0] <= 'z' ? (char)(ef->kind[0] - 'a' + 'A') : ef->kind[0];
	buf_addf(out, "%c%zu", c, n);
}
