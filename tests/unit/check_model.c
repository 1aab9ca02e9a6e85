/* check_model.c — the plan in memory: order, the id index, ids, years,
 * lists and the value rules. */
#include "config.h"

#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "model.h"
#include "util.h"

/* A plan with statuses but no changes. */
static struct plan *new_plan(void)
{
	struct plan *p = plan_new();
	static const char *const st[][2] = {
		{ "ej-paborjad", "Ej påbörjad" }, { "pagar", "Pågår" }, { "klar", "Klar" },
	};
	for (size_t i = 0; i < 3; i++) {
		struct status *s = plan_new_record(p, K_STATUS, st[i][0]);
		rec_set_str(p, K_STATUS, s, ST_LABEL, st[i][1]);
		ck_assert(plan_insert(p, K_STATUS, i, s));
	}
	return p;
}

static struct change *add(struct plan *p, size_t at, const char *id)
{
	struct change *c = plan_new_change(p, id);
	ck_assert_msg(plan_insert_change(p, at, c), "inserting %s failed", id);
	return c;
}

/* The plan's order as "A B C". */
static char *order(const struct plan *p)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		buf_addf(&b, "%s%s", i ? " " : "", plan_change(p, i)->id);
	return buf_detach(&b);
}

static void assert_order(const struct plan *p, const char *want)
{
	char *got = order(p);
	ck_assert_str_eq(got, want);
	free(got);
}

/* Every change is found by its id at its place, and nothing else is. */
static void assert_index(const struct plan *p)
{
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		ck_assert_msg(plan_find_change(p, c->id) == c, "%s not found at %zu", c->id, i);
		ck_assert_int_eq(plan_change_index(p, c), (long)i);
	}
	ck_assert_uint_eq(p->recs[K_CHANGE].index_used, plan_count(p, K_CHANGE));
}

START_TEST(test_new_change_defaults)
{
	struct plan *p = new_plan();
	struct change *c = plan_new_change(p, "F1");
	ck_assert_str_eq(c->id, "F1");
	ck_assert_str_eq(c->horizon, "kort");
	ck_assert_str_eq(c->text, "");
	ck_assert_str_eq(c->status, "ej-paborjad");
	ck_assert_str_eq(c->notes, "");
	ck_assert_uint_eq(c->priority.n, 0);
	ck_assert_uint_eq(c->groups.n, 0);
	ck_assert_uint_eq(c->effects.n, 0);
	ck_assert_ptr_null(c->rec.src);
	ck_assert_uint_eq(c->rec.dirty, 0);
	/* not in the plan until inserted */
	ck_assert_uint_eq(plan_count(p, K_CHANGE), 0);
	ck_assert_ptr_null(plan_find_change(p, "F1"));
	ck_assert_int_eq(plan_change_index(p, c), -1);
	plan_free(&p);
	ck_assert_ptr_null(p);
	plan_free(&p); /* freeing NULL is harmless */
}
END_TEST

START_TEST(test_insert_remove_move_order)
{
	struct plan *p = new_plan();
	add(p, 0, "B");
	add(p, 0, "A");
	add(p, 2, "D");
	add(p, 2, "C");
	add(p, 99, "E"); /* past the end: appended */
	assert_order(p, "A B C D E");
	assert_index(p);

	/* an id in use is refused and nothing changes */
	struct change *dup = plan_new_change(p, "C");
	ck_assert(!plan_insert_change(p, 0, dup));
	assert_order(p, "A B C D E");
	assert_index(p);

	struct change *c = (struct change *)plan_remove(p, K_CHANGE, 2);
	ck_assert_str_eq(c->id, "C");
	assert_order(p, "A B D E");
	ck_assert_ptr_null(plan_find_change(p, "C"));
	assert_index(p);
	/* the removed change can be put back, anywhere */
	ck_assert(plan_insert_change(p, 4, c));
	assert_order(p, "A B D E C");
	assert_index(p);

	plan_move(p, K_CHANGE, 4, 0);
	assert_order(p, "C A B D E");
	plan_move(p, K_CHANGE, 0, 4);
	assert_order(p, "A B D E C");
	plan_move(p, K_CHANGE, 1, 2);
	assert_order(p, "A D B E C");
	plan_move(p, K_CHANGE, 2, 1);
	assert_order(p, "A B D E C");
	plan_move(p, K_CHANGE, 3, 3);
	assert_order(p, "A B D E C");
	plan_move(p, K_CHANGE, 0, 5); /* out of range: nothing happens */
	plan_move(p, K_CHANGE, 7, 0);
	assert_order(p, "A B D E C");
	assert_index(p);

	ck_assert_str_eq(((struct change *)plan_remove(p, K_CHANGE, 0))->id, "A");
	ck_assert_str_eq(((struct change *)plan_remove(p, K_CHANGE, 3))->id, "C");
	assert_order(p, "B D E");
	assert_index(p);
	ck_assert_ptr_null(plan_find_change(p, "A"));
	ck_assert_ptr_null(plan_find_change(p, "nope"));
	plan_free(&p);
}
END_TEST

/* Thousands of random inserts, removes and moves, mirrored in a plain
 * array of ids; after every step the plan's order and its index agree
 * with the mirror. */
START_TEST(test_many_changes_index)
{
	struct plan *p = new_plan();
	enum { N = 3000 };
	char **mirror = xcalloc(N + 1, sizeof(char *));
	size_t n = 0;
	unsigned seed = 12345;
	int next = 1, inserts = 0, removes = 0, moves = 0;
	for (int step = 0; step < 6000; step++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = (seed >> 16) & 0x7fff;
		int what = n == 0 ? 0 : (int)(r % 10);
		if (what < 5 && n < N) {
			char id[16];
			snprintf(id, sizeof(id), "F%d", next++);
			size_t at = n ? (r / 10) % (n + 1) : 0;
			add(p, at, id);
			memmove(mirror + at + 1, mirror + at, (n - at) * sizeof(char *));
			mirror[at] = xstrdup(id);
			n++;
			inserts++;
		} else if (what < 8) {
			size_t at = (r / 10) % n;
			struct change *c = (struct change *)plan_remove(p, K_CHANGE, at);
			ck_assert_str_eq(c->id, mirror[at]);
			free(mirror[at]);
			memmove(mirror + at, mirror + at + 1, (n - at - 1) * sizeof(char *));
			n--;
			removes++;
		} else {
			size_t from = (r / 10) % n, to = (r / 7) % n;
			plan_move(p, K_CHANGE, from, to);
			char *m = mirror[from];
			if (from < to)
				memmove(mirror + from, mirror + from + 1, (to - from) * sizeof(char *));
			else
				memmove(mirror + to + 1, mirror + to, (from - to) * sizeof(char *));
			mirror[to] = m;
			moves++;
		}
		ck_assert_uint_eq(plan_count(p, K_CHANGE), n);
		if (step % 97 == 0 || step > 5900) {
			for (size_t i = 0; i < n; i++)
				ck_assert_str_eq(plan_change(p, i)->id, mirror[i]);
			assert_index(p);
		}
	}
	ck_assert_int_gt(inserts, 1000);
	ck_assert_int_gt(removes, 500);
	ck_assert_int_gt(moves, 200);
	/* every id ever used and no longer in the plan is not found */
	for (int i = 1; i < next; i++) {
		char id[16];
		snprintf(id, sizeof(id), "F%d", i);
		bool in_mirror = false;
		for (size_t k = 0; k < n; k++)
			in_mirror |= strcmp(mirror[k], id) == 0;
		struct change *c = plan_find_change(p, id);
		ck_assert_msg((c != NULL) == in_mirror, "%s: found %d, in plan %d", id, c != NULL,
			      in_mirror);
		if (c)
			ck_assert_str_eq(c->id, id);
	}
	for (size_t i = 0; i < n; i++)
		free(mirror[i]);
	free(mirror);
	plan_free(&p);
}
END_TEST

/* Grows to many changes, then empties the plan entirely and fills it
 * again: the index never loses track. */
START_TEST(test_empty_and_refill)
{
	struct plan *p = new_plan();
	char id[16];
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 1200; i++) {
			snprintf(id, sizeof(id), "G%d", i);
			add(p, plan_count(p, K_CHANGE), id);
		}
		assert_index(p);
		for (int i = 0; i < 1200; i++) {
			snprintf(id, sizeof(id), "G%d", i);
			ck_assert_ptr_nonnull(plan_find_change(p, id));
		}
		while (plan_count(p, K_CHANGE))
			(struct change *)plan_remove(p, K_CHANGE, plan_count(p, K_CHANGE) / 2);
		for (int i = 0; i < 1200; i++) {
			snprintf(id, sizeof(id), "G%d", i);
			ck_assert_ptr_null(plan_find_change(p, id));
		}
	}
	plan_free(&p);
}
END_TEST

/* plan_reserve makes room once: filling up to the reservation moves
 * nothing, and past it the plan grows as before; the index stays right
 * and a duplicate id is still refused. */
START_TEST(test_reserve_then_fill)
{
	struct plan *p = new_plan();
	char id[16];
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "F%d", i);
		add(p, plan_count(p, K_CHANGE), id);
	}
	plan_reserve(p, K_CHANGE, 1000);
	const struct reclist *l = &p->recs[K_CHANGE];
	void **v = l->v;
	struct id_slot *index = l->index;
	ck_assert_uint_ge(l->cap, 1000);
	ck_assert_uint_ge(l->index_cap, 2 * 1001);
	assert_index(p);
	for (int i = 10; i < 1000; i++) {
		snprintf(id, sizeof(id), "F%d", i);
		add(p, i % 2 ? plan_count(p, K_CHANGE) : 0, id);
	}
	ck_assert_ptr_eq(l->v, v);
	ck_assert_ptr_eq(l->index, index);
	assert_index(p);
	struct change *dup = plan_new_change(p, "F500");
	ck_assert(!plan_insert_change(p, 0, dup));
	for (int i = 1000; i < 1500; i++) {
		snprintf(id, sizeof(id), "F%d", i);
		add(p, plan_count(p, K_CHANGE), id);
	}
	assert_index(p);
	plan_reserve(p, K_CHANGE, 10); /* never shrinks */
	ck_assert_uint_ge(l->cap, 1500);
	assert_index(p);
	plan_free(&p);
}
END_TEST

/* An arena's chunks double up to ARENA_CHUNK_MAX; every block keeps its
 * bytes, oversized ones too, through growth and a reset. */
START_TEST(test_arena_growth)
{
	struct arena a;
	arena_init(&a, 1024);
	enum { N = 4000 };
	unsigned char **blocks = xcalloc(N, sizeof(*blocks));
	size_t *sizes = xcalloc(N, sizeof(*sizes));
	unsigned seed = 7;
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < N; i++) {
			seed = seed * 1103515245u + 12345u;
			sizes[i] = i % 997 == 5 ? 300000 + i : (seed >> 16) % 3000;
			blocks[i] = arena_alloc(&a, sizes[i]);
			ck_assert_uint_eq((uintptr_t)blocks[i] % 8, 0);
			memset(blocks[i], (int)(i & 0xff), sizes[i]);
		}
		for (size_t i = 0; i < N; i++)
			for (size_t j = 0; j < sizes[i]; j += 61)
				ck_assert_uint_eq(blocks[i][j], i & 0xff);
		ck_assert_uint_eq(a.chunk_size, ARENA_CHUNK_MAX);
		arena_reset(&a);
	}
	arena_free(&a);
	free(blocks);
	free(sizes);
}
END_TEST

/* big_alloc gives zeroed, writable memory; a block of 2 MiB or more is
 * aligned to 2 MiB where huge pages can be asked for. */
START_TEST(test_big_alloc)
{
	static const size_t sizes[] = { 1, 4096, 200000, 2u << 20, (5u << 20) + 123 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		size_t n = sizes[i];
		unsigned char *m = big_alloc(n);
		ck_assert_ptr_nonnull(m);
		for (size_t j = 0; j < n; j += 509)
			ck_assert_uint_eq(m[j], 0);
		ck_assert_uint_eq(m[n - 1], 0);
		memset(m, 0xa5, n);
		ck_assert_uint_eq(m[n - 1], 0xa5);
#ifdef MADV_HUGEPAGE
		if (n >= (2u << 20))
			ck_assert_uint_eq((uintptr_t)m % (2u << 20), 0);
#endif
		big_free(m, n);
	}
}
END_TEST

START_TEST(test_next_change_id)
{
	struct plan *p = new_plan();
	char *id = plan_next_id(p, K_CHANGE, NULL);
	ck_assert_str_eq(id, "F1");
	char buf[16];
	for (int i = 1; i <= 12; i++) {
		snprintf(buf, sizeof(buf), "F%d", i);
		add(p, plan_count(p, K_CHANGE), buf);
	}
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F13");
	/* asking twice without adding gives the same id */
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F13");

	/* gaps are not filled: the next is after the largest */
	(struct change *)plan_remove(p, K_CHANGE, 4);  /* F5 */
	(struct change *)plan_remove(p, K_CHANGE, 10); /* F12 */
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F12");
	add(p, 0, "F40");
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F41");
	/* the place in the plan does not matter */
	plan_move(p, K_CHANGE, 0, plan_count(p, K_CHANGE) - 1);
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F41");

	/* ids not of the form F<digits> are ignored */
	add(p, 0, "G100");
	add(p, 0, "F100x");
	add(p, 0, "f200");
	add(p, 0, "F");
	add(p, 0, "X-F300");
	add(p, 0, "Fx9");
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F41");
	plan_free(&p);

	p = new_plan();
	add(p, 0, "A1");
	add(p, 0, "intro");
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F1");
	add(p, 0, "F007");
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F8");

	/* the ids of the last commit (id_floor) are not given again ... */
	p->id_floor[K_CHANGE] = 50;
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F51");
	/* ... and a floor below the largest id in use changes nothing */
	p->id_floor[K_CHANGE] = 3;
	ck_assert_str_eq(plan_next_id(p, K_CHANGE, NULL), "F8");
	plan_free(&p);
}
END_TEST

static char *years(const struct change *c)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->priority.n; i++)
		buf_addf(&b, "%s%d", i ? "," : "", c->priority.v[i]);
	return buf_detach(&b);
}

static void assert_years(const struct change *c, const char *want)
{
	char *got = years(c);
	ck_assert_str_eq(got, want);
	free(got);
}

static void add_year(struct plan *p, struct change *c, int year)
{
	char tmp[16];
	snprintf(tmp, sizeof(tmp), "%d", year);
	rec_list_insert(p, K_CHANGE, c, CF_PRIORITY, tmp, 0);
}

static void remove_year(struct plan *p, struct change *c, int year)
{
	char tmp[16];
	snprintf(tmp, sizeof(tmp), "%d", year);
	rec_list_remove(p, K_CHANGE, c, CF_PRIORITY, tmp);
}

START_TEST(test_years)
{
	struct plan *p = new_plan();
	struct change *c = add(p, 0, "F1");
	ck_assert(!change_is_prioritised(c, 2025));
	add_year(p, c, 2026);
	ck_assert(c->rec.dirty & (1u << CF_PRIORITY));
	add_year(p, c, 2024);
	add_year(p, c, 2025);
	add_year(p, c, 2025);
	add_year(p, c, 2030);
	add_year(p, c, 2024);
	add_year(p, c, 2000);
	assert_years(c, "2000,2024,2025,2026,2030");
	ck_assert(change_is_prioritised(c, 2025));
	ck_assert(!change_is_prioritised(c, 2027));
	ck_assert(rec_list_contains(c, K_CHANGE, CF_PRIORITY, "2026"));
	ck_assert(!rec_list_contains(c, K_CHANGE, CF_PRIORITY, "2027"));
	ck_assert_uint_eq(rec_list_len(c, K_CHANGE, CF_PRIORITY), 5);
	char tmp[16];
	ck_assert_str_eq(rec_list_item(c, K_CHANGE, CF_PRIORITY, 1, tmp), "2024");
	/* not a year: nothing happens */
	rec_list_insert(p, K_CHANGE, c, CF_PRIORITY, "20x5", 0);
	assert_years(c, "2000,2024,2025,2026,2030");

	/* the old array stays as it was (pointers taken stay valid) */
	const int *old = c->priority.v;
	remove_year(p, c, 2025);
	assert_years(c, "2000,2024,2026,2030");
	ck_assert_int_eq(old[2], 2025);
	remove_year(p, c, 1999); /* absent: nothing happens */
	assert_years(c, "2000,2024,2026,2030");
	remove_year(p, c, 2000);
	remove_year(p, c, 2030);
	assert_years(c, "2024,2026");
	remove_year(p, c, 2024);
	remove_year(p, c, 2026);
	assert_years(c, "");
	ck_assert(!change_is_prioritised(c, 2026));
	add_year(p, c, 2025);
	assert_years(c, "2025");
	plan_free(&p);
}
END_TEST

static char *items(const struct strlist *l)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l->n; i++)
		buf_addf(&b, "%s%s", i ? "," : "", l->v[i]);
	return buf_detach(&b);
}

static void assert_items(const struct strlist *l, const char *want)
{
	char *got = items(l);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_lists)
{
	struct plan *p = new_plan();
	struct change *c = add(p, 0, "F1");
	ck_assert(field_is_list(kind_field(K_CHANGE, CF_GROUPS)));
	ck_assert(field_is_list(kind_field(K_CHANGE, CF_EFFECTS)));
	ck_assert(field_is_list(kind_field(K_CHANGE, CF_PRIORITY)));
	ck_assert(!field_is_list(kind_field(K_CHANGE, CF_TEXT)));

	rec_list_insert(p, K_CHANGE, c, CF_GROUPS, "fstod", SIZE_MAX);
	ck_assert(c->rec.dirty & (1u << CF_GROUPS));
	ck_assert(!(c->rec.dirty & (1u << CF_EFFECTS)));
	rec_list_insert(p, K_CHANGE, c, CF_GROUPS, "halsa", SIZE_MAX);
	rec_list_insert(p, K_CHANGE, c, CF_GROUPS, "fstod", SIZE_MAX); /* already there */
	rec_list_insert(p, K_CHANGE, c, CF_GROUPS, "alkohol", SIZE_MAX);
	assert_items(&c->groups, "fstod,halsa,alkohol"); /* in the order added */
	rec_list_insert(p, K_CHANGE, c, CF_GROUPS, "forst", 0); /* at a place */
	assert_items(&c->groups, "forst,fstod,halsa,alkohol");
	ck_assert_uint_eq(rec_list_find(c, K_CHANGE, CF_GROUPS, "halsa"), 2);
	ck_assert_uint_eq(rec_list_find(c, K_CHANGE, CF_GROUPS, "nope"), 4);
	rec_list_remove(p, K_CHANGE, c, CF_GROUPS, "forst");
	assert_items(&c->effects, "");
	ck_assert(strlist_contains(&c->groups, "halsa"));
	ck_assert(!strlist_contains(&c->groups, "hals"));

	char idbuf[8] = "temp";
	rec_list_insert(p, K_CHANGE, c, CF_EFFECTS, idbuf, SIZE_MAX);
	strcpy(idbuf, "XXXX"); /* the list holds its own copy */
	assert_items(&c->effects, "temp");
	ck_assert(c->rec.dirty & (1u << CF_EFFECTS));

	struct buf b = BUF_INIT;
	rec_format(c, K_CHANGE, CF_GROUPS, ", ", &b);
	ck_assert_str_eq(buf_str(&b), "fstod, halsa, alkohol");
	buf_release(&b);

	rec_list_remove(p, K_CHANGE, c, CF_GROUPS, "halsa");
	assert_items(&c->groups, "fstod,alkohol");
	rec_list_remove(p, K_CHANGE, c, CF_GROUPS, "nope");
	assert_items(&c->groups, "fstod,alkohol");
	rec_list_remove(p, K_CHANGE, c, CF_GROUPS, "fstod");
	rec_list_remove(p, K_CHANGE, c, CF_GROUPS, "alkohol");
	assert_items(&c->groups, "");
	rec_list_remove(p, K_CHANGE, c, CF_EFFECTS, "temp");
	assert_items(&c->effects, "");

	/* not a list: nothing happens */
	uint32_t dirty = c->rec.dirty;
	rec_list_insert(p, K_CHANGE, c, CF_TEXT, "x", 0);
	ck_assert_str_eq(c->text, "");
	ck_assert_uint_eq(c->rec.dirty, dirty);

	/* a group's members are a list of names, with spaces and å ä ö */
	struct group *g = plan_new_record(p, K_GROUP, "fstod");
	rec_list_insert(p, K_GROUP, g, GF_MEMBERS, "Åsa Öberg", SIZE_MAX);
	rec_list_insert(p, K_GROUP, g, GF_MEMBERS, "Cecilia Ljung", SIZE_MAX);
	assert_items(&g->members, "Åsa Öberg,Cecilia Ljung");
	ck_assert(g->rec.dirty & (1u << GF_MEMBERS));
	plan_free(&p);
}
END_TEST

START_TEST(test_strings)
{
	struct plan *p = new_plan();
	struct change *c = add(p, 0, "F1");
	char text[32] = "Ny text";
	rec_set_str(p, K_CHANGE, c, CF_TEXT, text);
	text[0] = 'X';
	ck_assert_str_eq(c->text, "Ny text");
	ck_assert_str_eq(rec_str(c, kind_field(K_CHANGE, CF_TEXT)), "Ny text");
	ck_assert_uint_eq(c->rec.dirty, 1u << CF_TEXT);
	rec_set_str(p, K_CHANGE, c, CF_STATUS, "pagar");
	rec_set_str(p, K_CHANGE, c, CF_NOTES, "anteckning");
	rec_set_str(p, K_CHANGE, c, CF_HORIZON, "lång");
	/* a reference is kept as the referred record's own string */
	ck_assert_ptr_eq(c->status, ((struct status *)plan_find(p, K_STATUS, "pagar"))->key);
	ck_assert_str_eq(c->notes, "anteckning");
	ck_assert_str_eq(c->horizon, "lång");
	ck_assert_uint_eq(c->rec.dirty, (1u << CF_TEXT) | (1u << CF_STATUS) | (1u << CF_NOTES) |
						(1u << CF_HORIZON));
	rec_set_str(p, K_CHANGE, c, CF_GROUPS, "x"); /* not a string field */
	ck_assert(!(c->rec.dirty & (1u << CF_GROUPS)));
	ck_assert_uint_eq(c->groups.n, 0);

	/* the plan's own record: a number */
	rec_set_int(p, K_PLAN, p->info, PL_FOCUS_YEAR, 2026);
	ck_assert_int_eq(p->info->focus_year, 2026);
	ck_assert_int_eq(rec_int(p->info, kind_field(K_PLAN, PL_FOCUS_YEAR)), 2026);
	ck_assert(p->info->rec.dirty & (1u << PL_FOCUS_YEAR));

	for (int f = 0; f < CF_COUNT; f++)
		ck_assert_int_eq(change_field_from_name(change_field_name((enum change_field)f)), f);
	ck_assert_str_eq(change_field_name(CF_STATUS), "status");
	ck_assert_str_eq(change_field_name(CF_NOTES), "notes");
	ck_assert_int_eq(change_field_from_name("Status"), CF_COUNT);
	ck_assert_int_eq(change_field_from_name(""), CF_COUNT);
	plan_free(&p);
}
END_TEST

START_TEST(test_lookups)
{
	struct plan *p = new_plan();
	struct group *g1 = plan_new_record(p, K_GROUP, "fstod");
	rec_set_str(p, K_GROUP, g1, GF_NAME, "Arbetsgrupp föräldraskapsstöd");
	struct group *g2 = plan_new_record(p, K_GROUP, "halsa");
	rec_set_str(p, K_GROUP, g2, GF_NAME, "Hälsa");
	ck_assert(plan_insert(p, K_GROUP, 0, g1));
	ck_assert(plan_insert(p, K_GROUP, 1, g2));
	struct effect *e = plan_new_record(p, K_EFFECT, "rus-folkhalsa");
	rec_set_str(p, K_EFFECT, e, EF_NAME, "God och jämlik folkhälsa");
	ck_assert(plan_insert(p, K_EFFECT, 0, e));
	ck_assert_int_eq(plan_find_status(p, "pagar"), 1);
	ck_assert_int_eq(plan_find_status(p, "Pagar"), -1);
	ck_assert_str_eq(plan_status_label(p, "pagar"), "Pågår");
	ck_assert_str_eq(plan_status_label(p, "okand"), "okand");
	/* a status by its key or its label, in any case */
	ck_assert_str_eq(plan_status_by_word(p, "PÅGÅR")->key, "pagar");
	ck_assert_str_eq(plan_status_by_word(p, "ej påbörjad")->key, "ej-paborjad");
	ck_assert_str_eq(plan_status_by_word(p, "Klar")->key, "klar");
	ck_assert_ptr_null(plan_status_by_word(p, "pågå"));
	ck_assert_ptr_eq(plan_find_group(p, "halsa"), g2);
	ck_assert_ptr_null(plan_find_group(p, "hals"));
	ck_assert_ptr_eq(plan_find_effect(p, "rus-folkhalsa"), e);
	ck_assert_ptr_null(plan_find_effect(p, "rus"));
	ck_assert_str_eq(rec_name(K_GROUP, g1), "Arbetsgrupp föräldraskapsstöd");
	ck_assert_str_eq(rec_id(K_STATUS, plan_rec(p, K_STATUS, 2)), "klar");

	struct buf b = BUF_INIT;
	plan_list_ids(p, K_STATUS, &b);
	ck_assert_str_eq(buf_str(&b), "ej-paborjad, pagar, klar");
	buf_reset(&b);
	plan_list_ids(p, K_GROUP, &b);
	ck_assert_str_eq(buf_str(&b), "fstod, halsa");
	buf_reset(&b);
	plan_list_ids(p, K_EFFECT, &b);
	ck_assert_str_eq(buf_str(&b), "rus-folkhalsa");
	plan_remove(p, K_GROUP, 0);
	plan_remove(p, K_GROUP, 0);
	buf_reset(&b);
	plan_list_ids(p, K_GROUP, &b);
	ck_assert_str_eq(buf_str(&b), "none defined");
	buf_release(&b);
	plan_free(&p);
}
END_TEST

START_TEST(test_valid_id)
{
	ck_assert(valid_id("F1"));
	ck_assert(valid_id("a.b_c-D9"));
	ck_assert(valid_id("2025"));
	ck_assert(valid_id("-"));
	ck_assert(!valid_id(""));
	ck_assert(!valid_id("a b"));
	ck_assert(!valid_id("a/b"));
	ck_assert(!valid_id("hälsa"));
	ck_assert(!valid_id("a:b"));
	ck_assert(!valid_id("F1\n"));
	ck_assert(!valid_id("a,b"));
}
END_TEST

START_TEST(test_valid_status_key)
{
	ck_assert(valid_status_key("pagar"));
	ck_assert(valid_status_key("ej-paborjad"));
	ck_assert(valid_status_key("0klar"));
	ck_assert(valid_status_key("a"));
	ck_assert(valid_status_key("a-"));
	ck_assert(!valid_status_key(""));
	ck_assert(!valid_status_key("-a"));
	ck_assert(!valid_status_key("Pagar"));
	ck_assert(!valid_status_key("pa_gar"));
	ck_assert(!valid_status_key("på"));
	ck_assert(!valid_status_key("ej paborjad"));
	ck_assert(!valid_status_key("klar."));
}
END_TEST

START_TEST(test_valid_horizon)
{
	const struct field *fd = kind_field(K_CHANGE, CF_HORIZON);
	ck_assert_ptr_nonnull(field_choice(fd, "kort"));
	ck_assert_str_eq(field_choice(fd, "lång"), "lång");
	ck_assert_ptr_null(field_choice(fd, "lang"));
	ck_assert_ptr_null(field_choice(fd, "Kort"));
	ck_assert_ptr_null(field_choice(fd, ""));
}
END_TEST

START_TEST(test_valid_date)
{
	ck_assert(valid_date("2025-01-22"));
	ck_assert(valid_date("2024-02-29"));
	ck_assert(!valid_date("2025-02-29"));
	ck_assert(valid_date("2000-02-29"));
	ck_assert(!valid_date("1900-02-29"));
	ck_assert(!valid_date("2100-02-29"));
	ck_assert(valid_date("2025-02-28"));
	ck_assert(valid_date("2025-12-31"));
	ck_assert(valid_date("2025-01-31"));
	ck_assert(!valid_date("2025-04-31"));
	ck_assert(!valid_date("2025-06-31"));
	ck_assert(!valid_date("2025-02-30"));
	ck_assert(!valid_date("2025-13-01"));
	ck_assert(!valid_date("2025-00-10"));
	ck_assert(!valid_date("2025-01-00"));
	ck_assert(!valid_date("2025-01-32"));
	ck_assert(!valid_date("2025-1-22"));
	ck_assert(!valid_date("2025/01/22"));
	ck_assert(!valid_date("2025-01-22x"));
	ck_assert(!valid_date("2025-01-2"));
	ck_assert(!valid_date("2025"));
	ck_assert(!valid_date(""));
	ck_assert(!valid_date("25-01-22"));
	ck_assert(!valid_date("2025-01-22 "));
	ck_assert(!valid_date("+025-01-22"));
}
END_TEST

START_TEST(test_parse_year)
{
	int y = -1;
	ck_assert(parse_year("2025", &y));
	ck_assert_int_eq(y, 2025);
	ck_assert(parse_year("1900", &y));
	ck_assert_int_eq(y, 1900);
	ck_assert(parse_year("2999", &y));
	ck_assert_int_eq(y, 2999);
	y = 7;
	ck_assert(!parse_year("1899", &y));
	ck_assert(!parse_year("3000", &y));
	ck_assert(!parse_year("202", &y));
	ck_assert(!parse_year("20250", &y));
	ck_assert(!parse_year("", &y));
	ck_assert(!parse_year("+202", &y));
	ck_assert(!parse_year(" 2025", &y));
	ck_assert(!parse_year("2025 ", &y));
	ck_assert(!parse_year("20x5", &y));
	ck_assert(!parse_year("-202", &y));
	ck_assert_int_eq(y, 7); /* untouched on failure */
}
END_TEST

START_TEST(test_change_equal)
{
	struct plan *p = new_plan();
	struct change *a = plan_new_change(p, "F1"), *b = plan_new_change(p, "F1");
	ck_assert(change_equal(a, b));
	ck_assert(change_equal(a, a));

	/* each field on its own makes a difference: a value of its type */
	for (int f = 0; f < CF_COUNT; f++) {
		struct change *x = plan_new_change(p, "F1");
		switch ((enum change_field)f) {
		case CF_ID: rec_set_str(p, K_CHANGE, x, f, "F2"); break;
		case CF_HORIZON: rec_set_str(p, K_CHANGE, x, f, "lång"); break;
		case CF_TEXT:
		case CF_NOTES: rec_set_str(p, K_CHANGE, x, f, "t"); break;
		case CF_STATUS: rec_set_str(p, K_CHANGE, x, f, "pagar"); break;
		case CF_PRIORITY: add_year(p, x, 2025); break;
		case CF_GROUPS:
		case CF_EFFECTS: rec_list_insert(p, K_CHANGE, x, f, "fstod", 0); break;
		case CF_COUNT: break;
		}
		ck_assert_msg(!change_equal(a, x), "field %s not compared",
			      change_field_name((enum change_field)f));
		ck_assert_msg(!change_equal(x, a), "field %s not compared (reversed)",
			      change_field_name((enum change_field)f));
		ck_assert_msg(!rec_field_equal(K_CHANGE, f, a, x), "field %s equal",
			      change_field_name((enum change_field)f));
	}

	/* equal values in different memory are equal; dirty bits do not count */
	rec_set_str(p, K_CHANGE, a, CF_TEXT, "Samma text");
	b->text = "Samma text";
	add_year(p, a, 2025);
	add_year(p, a, 2026);
	add_year(p, b, 2026);
	add_year(p, b, 2025);
	rec_list_insert(p, K_CHANGE, a, CF_GROUPS, "g1", SIZE_MAX);
	rec_list_insert(p, K_CHANGE, b, CF_GROUPS, "g1", SIZE_MAX);
	ck_assert(change_equal(a, b));
	/* a copy is equal, under its own id when asked */
	struct change *cp = rec_copy(p, K_CHANGE, a, NULL);
	ck_assert(change_equal(a, cp));
	cp = rec_copy(p, K_CHANGE, a, "F9");
	ck_assert_str_eq(cp->id, "F9");
	ck_assert(!change_equal(a, cp));
	/* list order matters */
	rec_list_insert(p, K_CHANGE, a, CF_GROUPS, "g2", SIZE_MAX);
	rec_list_insert(p, K_CHANGE, a, CF_GROUPS, "g3", SIZE_MAX);
	rec_list_insert(p, K_CHANGE, b, CF_GROUPS, "g3", SIZE_MAX);
	rec_list_insert(p, K_CHANGE, b, CF_GROUPS, "g2", SIZE_MAX);
	ck_assert(!change_equal(a, b));
	/* years: same count, different values */
	struct change *c = plan_new_change(p, "F1"), *d = plan_new_change(p, "F1");
	add_year(p, c, 2025);
	add_year(p, d, 2026);
	ck_assert(!change_equal(c, d));
	plan_free(&p);
}
END_TEST

/* buf_addint writes what "%ld" writes, for every edge. */
START_TEST(test_buf_addint)
{
	const long v[] = { 0, 7, -7, 10, 2025, -2147483648L, 2147483647L, LONG_MIN, LONG_MAX };
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct buf b = BUF_INIT;
		char want[32];
		buf_adds(&b, "x");
		buf_addint(&b, v[i]);
		snprintf(want, sizeof(want), "x%ld", v[i]);
		ck_assert_str_eq(buf_str(&b), want);
		ck_assert_uint_eq(b.len, strlen(want));
		buf_release(&b);
	}
}
END_TEST

static Suite *model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("order");
	tcase_add_test(tc, test_new_change_defaults);
	tcase_add_test(tc, test_insert_remove_move_order);
	tcase_add_test(tc, test_many_changes_index);
	tcase_add_test(tc, test_empty_and_refill);
	tcase_add_test(tc, test_next_change_id);
	tcase_add_test(tc, test_reserve_then_fill);
	tcase_add_test(tc, test_arena_growth);
	tcase_add_test(tc, test_big_alloc);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_test(tc, test_years);
	tcase_add_test(tc, test_lists);
	tcase_add_test(tc, test_strings);
	tcase_add_test(tc, test_lookups);
	tcase_add_test(tc, test_change_equal);
	tcase_add_test(tc, test_buf_addint);
	suite_add_tcase(s, tc);

	tc = tcase_create("rules");
	tcase_add_test(tc, test_valid_id);
	tcase_add_test(tc, test_valid_status_key);
	tcase_add_test(tc, test_valid_horizon);
	tcase_add_test(tc, test_valid_date);
	tcase_add_test(tc, test_parse_year);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(model_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
