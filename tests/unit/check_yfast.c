/* check_yfast — the fast YAML reader (src/yfast.c) against libyaml:
 *
 *  - on every YAML file of the source tree, on mutations of each, and on
 *    generated texts of the shapes plan files take and many they do not,
 *    every event yfast gives is libyaml's (tests/fuzz/yaml_same.h);
 *  - it reads the shipped plan and a plan as samplan writes it to the end
 *    (else the speed it is for is gone without a word);
 *  - loading a plan whose text leaves yfast's shape part-way, so that
 *    libyaml takes over, gives the same plan and the same messages as
 *    libyaml alone. */
#include <config.h>

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../fuzz/yaml_same.h"
#include "model.h"
#include "store.h"
#include "util.h"

static const char *top_srcdir(void)
{
	const char *s = getenv("top_srcdir");
	return s && *s ? s : ".";
}

/* ---- the texts --------------------------------------------------------- */

struct texts {
	char **name, **text;
	size_t *len, n, cap;
};

static void texts_add(struct texts *t, const char *name, char *text, size_t len)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->name = xrealloc(t->name, t->cap * sizeof(*t->name));
		t->text = xrealloc(t->text, t->cap * sizeof(*t->text));
		t->len = xrealloc(t->len, t->cap * sizeof(*t->len));
	}
	t->name[t->n] = xstrdup(name);
	t->text[t->n] = text;
	t->len[t->n] = len;
	t->n++;
}

static void texts_free(struct texts *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->name[i]);
		free(t->text[i]);
	}
	free(t->name);
	free(t->text);
	free(t->len);
}

/* Every *.yaml under DIR, and the fuzz inputs kept for yfast. */
static void find_yaml(struct texts *t, const char *dir, bool all)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		size_t nl = strlen(e->d_name);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			find_yaml(t, path, all || strcmp(e->d_name, "yaml") == 0);
		} else if (all || (nl > 5 && strcmp(e->d_name + nl - 5, ".yaml") == 0)) {
			struct buf b = BUF_INIT;
			if (buf_read_file(&b, path, 1 << 24) == 0)
				texts_add(t, path, buf_detach(&b), b.len);
			buf_release(&b);
		}
		free(path);
	}
	closedir(d);
}

static void tree_texts(struct texts *t)
{
	char *tests = xasprintf("%s/tests", top_srcdir());
	char *data = xasprintf("%s/data", top_srcdir());
	find_yaml(t, tests, false);
	find_yaml(t, data, false);
	free(tests);
	free(data);
}

/* Checks one text; counts those read to the end in *whole. */
static void same(const char *name, const char *text, size_t len, size_t *whole)
{
	bool w;
	long k = yaml_same(text, len, &w);
	ck_assert_msg(k >= 0, "%s: yfast and libyaml differ (see above); the text:\n%.*s", name,
		      (int)(len < 2000 ? len : 2000), text);
	*whole += w;
}

/* ---- the tree's files and their mutations ------------------------------ */

START_TEST(test_tree_files)
{
	struct texts t = { 0 };
	tree_texts(&t);
	ck_assert_msg(t.n >= 100, "only %zu YAML files found under %s", t.n, top_srcdir());
	size_t whole = 0;
	for (size_t i = 0; i < t.n; i++)
		same(t.name[i], t.text[i], t.len[i], &whole);
	/* the corpus is mostly broken plans, which are libyaml's to read */
	ck_assert_msg(whole >= 30, "yfast read only %zu of %zu files to the end", whole, t.n);
	texts_free(&t);
}
END_TEST

static unsigned rnd(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

START_TEST(test_mutations)
{
	/* bytes that matter to YAML, and some that do not */
	static const char alphabet[] = " \n\n  -:#\"'[]{},|>&*!%?@`\\\tabc1";
	static const char *const utf8[] = { "é", "\xc3", "\xe2\x80\xa8", "\xc2\x85", "\xef\xbb\xbf" };
	struct texts t = { 0 };
	tree_texts(&t);
	unsigned s = 4711;
	size_t whole = 0, n = 0;
	struct buf m = BUF_INIT;
	for (size_t i = 0; i < t.n; i++) {
		if (t.len[i] > 20000)
			continue;
		for (int r = 0; r < 150; r++) {
			buf_reset(&m);
			buf_add(&m, t.text[i], t.len[i]);
			int edits = 1 + (int)(rnd(&s) % 3);
			for (int e = 0; e < edits; e++) {
				size_t at = m.len ? rnd(&s) % m.len : 0;
				unsigned op = rnd(&s) % 8;
				char ins[8];
				size_t il = 1;
				if (op == 7) {
					const char *u = utf8[rnd(&s) % 5];
					il = strlen(u);
					memcpy(ins, u, il);
				} else {
					ins[0] = alphabet[rnd(&s) % (sizeof(alphabet) - 1)];
				}
				if (op < 3 && m.len) { /* replace */
					m.s[at] = ins[0];
				} else if (op < 5 && m.len) { /* delete */
					memmove(m.s + at, m.s + at + 1, m.len - at - 1);
					m.len--;
				} else { /* insert */
					buf_grow(&m, il);
					memmove(m.s + at + il, m.s + at, m.len - at);
					memcpy(m.s + at, ins, il);
					m.len += il;
				}
			}
			same(t.name[i], m.s, m.len, &whole);
			n++;
		}
	}
	ck_assert_msg(whole >= n / 20, "yfast read only %zu of %zu mutations to the end", whole,
		      n);
	buf_release(&m);
	texts_free(&t);
}
END_TEST

/* ---- generated texts --------------------------------------------------- */

/* Values yfast takes, and values it leaves to libyaml (or that are no
 * YAML at all); the second kind are drawn one time in twenty. */
static const char *const scalars[] = {
	"x", "Pågår", "a b c", "F12", "2025", "ej-paborjad", "\"\"", "''", "\"a: b\"",
	"'it''s'", "\"q\\\"uote\\\\\"", "\"tab\\tnl\\n\"", "\"é ö\"", "a:b", "a # c",
	"a#c", "[]", "[a, b]", "[a,b]", "[ a , b ]", "[\"x\", 'y']", "{}",
	"{from: 2025, to: 2027}", "{a: b}", "|", "|-", "|+", "~", "null", "x  ", "ÅÄÖ åäö",
	"日本語", "e\xcc\x81", "x\xc2\xa0y", "long long long long long long value",
};
static const char *const odd_scalars[] = {
	"\"\\x41\"", "a #c", "[a, ]", "{a:b}", "[{a: b}]", "[[a]]", ">", "|2", "- x", "-x",
	"-", "?x", ":x", "!x", "&a x", "*a", "%x", "@x", "`x`", ",x", "  x", "a: b", "a:", "#",
	"'unclosed", "\"unclosed", "[unclosed",
};
#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static const char *const keys[] = { "id", "text", "status", "notes", "groups", "a", "b b",
				    "key-x", "k_1", "é" };
static const char *const odd_keys[] = { "-k", "\"q\"", "?", "a:b", "x#y", "k " };

static const char *pick(unsigned *s, const char *const *good, size_t ngood,
			const char *const *odd, size_t nodd)
{
	if (rnd(s) % 20 == 0)
		return odd[rnd(s) % nodd];
	return good[rnd(s) % ngood];
}

static void gen_block(struct buf *b, unsigned *s, int indent, int depth);

static void gen_indent(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_addc(b, ' ');
}

/* Something between the lines: nothing mostly, or a blank line, a
 * comment, or blanks. */
static void gen_between(struct buf *b, unsigned *s, int indent)
{
	switch (rnd(s) % 12) {
	case 0: buf_addc(b, '\n'); break;
	case 1: gen_indent(b, (int)(rnd(s) % 6)); buf_adds(b, "# a comment: with - things\n"); break;
	case 2: gen_indent(b, indent + 2); buf_adds(b, "\n"); break;
	default: break;
	}
}

/* After "key:" or "- ": a scalar on the line, or a block below. */
static void gen_value(struct buf *b, unsigned *s, int indent, int depth)
{
	unsigned r = rnd(s) % 10;
	if (depth < 4 && r < 3) {
		if (rnd(s) % 4 == 0)
			buf_adds(b, " # here");
		buf_addc(b, '\n');
		gen_block(b, s, indent + 1 + (int)(rnd(s) % 3), depth + 1);
		return;
	}
	if (r == 3) { /* nothing */
		buf_addc(b, '\n');
		return;
	}
	const char *v = pick(s, scalars, COUNT(scalars), odd_scalars, COUNT(odd_scalars));
	buf_addc(b, ' ');
	buf_adds(b, v);
	if (rnd(s) % 8 == 0)
		buf_adds(b, rnd(s) % 2 ? "  # note" : "   ");
	buf_addc(b, '\n');
	if (v[0] == '|' || v[0] == '>') {
		int li = indent + 1 + (int)(rnd(s) % 3);
		int lines = (int)(rnd(s) % 4);
		for (int i = 0; i < lines; i++) {
			switch (rnd(s) % 6) {
			case 0: buf_addc(b, '\n'); break;
			case 1: gen_indent(b, li + 1); buf_adds(b, "more in\n"); break;
			case 2: gen_indent(b, li); buf_adds(b, "# not a comment\n"); break;
			case 3: gen_indent(b, li + (int)(rnd(s) % 3)); buf_addc(b, '\n'); break;
			default: gen_indent(b, li); buf_adds(b, "rad med å\n"); break;
			}
		}
	} else if (rnd(s) % 40 == 0) {
		/* a line that goes on with the value, or is a mistake */
		gen_indent(b, indent + (int)(rnd(s) % 3));
		buf_adds(b, "more words\n");
	}
}

/* A block mapping or sequence at column `indent`. */
static void gen_block(struct buf *b, unsigned *s, int indent, int depth)
{
	bool seq = rnd(s) % 3 == 0;
	int n = 1 + (int)(rnd(s) % 4);
	for (int i = 0; i < n; i++) {
		gen_between(b, s, indent);
		gen_indent(b, indent);
		if (seq) {
			buf_adds(b, "-");
			if (depth < 4 && rnd(s) % 2) {
				/* "- key: value" and the keys below it */
				int kn = 1 + (int)(rnd(s) % 3);
				for (int k = 0; k < kn; k++) {
					if (k)
						gen_indent(b, indent + 2);
					else
						buf_addc(b, ' ');
					buf_adds(b, keys[rnd(s) % 5]);
					buf_addc(b, ':');
					gen_value(b, s, indent + 2, depth + 1);
				}
			} else {
				gen_value(b, s, indent, depth);
			}
		} else {
			const char *k = pick(s, keys, COUNT(keys), odd_keys, COUNT(odd_keys));
			buf_adds(b, k);
			buf_addc(b, ':');
			gen_value(b, s, indent, depth);
		}
	}
}

START_TEST(test_generated)
{
	unsigned s = 20261206;
	struct buf b = BUF_INIT;
	size_t whole = 0, n = 4000;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&b);
		if (rnd(&s) % 5 == 0)
			buf_adds(&b, "# a file\n\n");
		gen_block(&b, &s, (int)(rnd(&s) % 3 == 0 ? rnd(&s) % 3 : 0), 0);
		switch (rnd(&s) % 12) {
		case 0: /* no last line break */
		case 1:
			if (b.len)
				b.len--;
			break;
		case 2: /* and blanks, or a comment, on a last line without one */
			gen_indent(&b, 1 + (int)(rnd(&s) % 4));
			if (rnd(&s) % 2)
				buf_adds(&b, "# the end");
			break;
		default:
			break;
		}
		same("generated", b.s, b.len, &whole);
	}
	/* most are in the shape: a reader that gave up on everything would
	 * pass the comparison and fail here */
	ck_assert_msg(whole >= n / 5, "yfast read only %zu of %zu generated texts to the end",
		      whole, n);
	buf_release(&b);
}
END_TEST

/* ---- plans it must read to the end ------------------------------------- */

START_TEST(test_reads_plans)
{
	static const char *const files[] = { "plan.yaml", "groups.yaml", "changes.yaml",
					     "activities.yaml" };
	for (size_t i = 0; i < 4; i++) {
		char *path = xasprintf("%s/data/orebro-2025/%s", top_srcdir(), files[i]);
		struct buf b = BUF_INIT;
		ck_assert_int_eq(buf_read_file(&b, path, 1 << 24), 0);
		bool w;
		ck_assert_int_ge(yaml_same(b.s, b.len, &w), 0);
		ck_assert_msg(w, "%s is not read to the end", path);
		buf_release(&b);
		free(path);
	}
	/* what samplan writes: block lists and mappings, quoted and literal
	 * values, flow lists and mappings, comments, blank lines */
	const char *t = "# changes.yaml\n"
			"changes:\n"
			"  # Avsnitt 1\n"
			"  - id: F1\n"
			"    text: Föräldraskapsstöd erbjuds i alla kommuner.\n"
			"    priority: [2025, 2026]\n"
			"    status: pagar\n"
			"    groups: []\n"
			"    notes: \"Följs upp: nästa möte\"\n"
			"\n"
			"  - id: F2\n"
			"    text: 'Det är ''viktigt'''\n"
			"    notes: |\n"
			"      Första raden.\n"
			"\n"
			"        Indragen rad.\n"
			"    period: {from: 2025, to: 2027}\n"
			"    effects:\n"
			"      - rus-folkhalsa\n"
			"      - nat-barn # a comment\n";
	bool w;
	ck_assert_int_ge(yaml_same(t, strlen(t), &w), 0);
	ck_assert_msg(w, "a plan as samplan writes it is not read to the end");
}
END_TEST

/* ---- libyaml taking over ----------------------------------------------- */

/* Loads the base plan with one file replaced by `text`, both ways. */
static void same_load(const char *file, const char *text, size_t len)
{
	const char *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	struct buf keep[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++) {
		keep[f] = (struct buf)BUF_INIT;
		char *path = xasprintf("%s/tests/corpus/base/%s", top_srcdir(), schema_files[f].name);
		texts[f] = NULL;
		lens[f] = 0;
		if (strcmp(schema_files[f].name, file) == 0) {
			texts[f] = text;
			lens[f] = len;
		} else if (buf_read_file(&keep[f], path, 1 << 24) == 0) {
			texts[f] = buf_str(&keep[f]);
			lens[f] = keep[f].len;
		}
		free(path);
	}
	struct buf why = BUF_INIT;
	ck_assert_msg(yaml_same_load(texts, lens, &why), "%s: %s", file, buf_str(&why));
	buf_release(&why);
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&keep[f]);
}

START_TEST(test_takeover)
{
	/* every case of the corpus (most leave the shape somewhere) */
	char *dir = xasprintf("%s/tests/corpus/cases", top_srcdir());
	struct texts t = { 0 };
	find_yaml(&t, dir, false);
	ck_assert_uint_ge(t.n, 50);
	for (size_t i = 0; i < t.n; i++) {
		/* NAME.FILE.yaml replaces FILE.yaml of the base plan */
		const char *base = strrchr(t.name[i], '/') + 1;
		const char *dot = strchr(base, '.');
		ck_assert_ptr_nonnull(dot);
		same_load(dot + 1, t.text[i], t.len[i]);
	}
	texts_free(&t);
	free(dir);

	/* a plan that leaves the shape after many records: a folded value
	 * in the last change, a tab in one, a duplicate id after it */
	struct buf b = BUF_INIT;
	buf_adds(&b, "changes:\n");
	for (int i = 1; i <= 60; i++)
		buf_addf(&b, "  - id: F%d\n    text: Förändring %d\n    status: pagar\n", i, i);
	size_t mid = b.len;
	buf_adds(&b, "  - id: F61\n    text: >\n      vikt\n      text\n");
	same_load("changes.yaml", b.s, b.len);
	b.len = mid;
	buf_adds(&b, "  - id: F61\n    text:\tmed tab\n  - id: F1\n    text: igen\n");
	same_load("changes.yaml", b.s, b.len);
	buf_release(&b);
}
END_TEST

static Suite *yfast_suite(void)
{
	Suite *s = suite_create("yfast");
	TCase *tc = tcase_create("core");
	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_tree_files);
	tcase_add_test(tc, test_reads_plans);
	tcase_add_test(tc, test_generated);
	tcase_add_test(tc, test_mutations);
	tcase_add_test(tc, test_takeover);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(yfast_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
