/* check_store.c — the store on real files: load and save without churn,
 * byte-exact patches, atomic writes.
 *
 * Every test works on a copy of a fixture in its own temporary directory
 * (under one root made and removed by the test case's unchecked
 * fixture), so the source tree is never written. */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "history.h"
#include "model.h"
#include "ops.h"
#include "schema.h"
#include "store.h"
#include "store_int.h"
#include "testplan.h"
#include "util.h"

/* ---- files and directories ----------------------------------------------- */

static char *tmp_root;

/* The source tree: $top_srcdir (set by `make check`), else the first of a
 * few likely places that holds the fixtures. */
static const char *top_srcdir(void)
{
	static char found[4096];
	if (*found)
		return found;
	const char *env = getenv("top_srcdir");
	const char *cands[] = { env, "../..", ".", "..", NULL };
	for (size_t i = 0; i < sizeof(cands) / sizeof(*cands) - 1; i++) {
		if (!cands[i] || !*cands[i])
			continue;
		char probe[4200];
		snprintf(probe, sizeof(probe), "%s/tests/fixtures/commented/changes.yaml", cands[i]);
		if (access(probe, R_OK) == 0) {
			snprintf(found, sizeof(found), "%s", cands[i]);
			return found;
		}
	}
	ck_abort_msg("cannot find tests/fixtures: set top_srcdir to the source tree");
	return NULL;
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

static void write_all(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static const char *const plan_files[] = { "plan.yaml", "groups.yaml", "changes.yaml" };

static void copy_plan(const char *from, const char *to)
{
	for (size_t i = 0; i < 3; i++) {
		char *src = xasprintf("%s/%s", from, plan_files[i]);
		char *dst = xasprintf("%s/%s", to, plan_files[i]);
		size_t len;
		char *data = read_all(src, &len);
		ck_assert_msg(data != NULL, "cannot read %s", src);
		write_all(dst, data, len);
		free(data);
		free(src);
		free(dst);
	}
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_rf(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void root_setup(void)
{
	const char *t = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/samplan-check-store-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		abort();
	}
	tmp_root = tmpl;
}

static void root_teardown(void)
{
	if (tmp_root)
		rm_rf(tmp_root);
	free(tmp_root);
	tmp_root = NULL;
}

static char *new_dir(void)
{
	char *tmpl = xasprintf("%s/t-XXXXXX", tmp_root);
	ck_assert_msg(mkdtemp(tmpl) != NULL, "mkdtemp: %s", strerror(errno));
	return tmpl;
}

/* The names in `dir`, sorted, as "a b c". */
static char *dir_names(const char *dir)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);
	ck_assert_msg(n >= 0, "scandir %s: %s", dir, strerror(errno));
	struct buf b = BUF_INIT;
	for (int i = 0; i < n; i++) {
		if (strcmp(list[i]->d_name, ".") != 0 && strcmp(list[i]->d_name, "..") != 0)
			buf_addf(&b, "%s%s", b.len ? " " : "", list[i]->d_name);
		free(list[i]);
	}
	free(list);
	return buf_detach(&b);
}

static void assert_dir_holds(const char *dir, const char *names)
{
	char *got = dir_names(dir);
	ck_assert_msg(strcmp(got, names) == 0, "%s holds '%s', expected '%s' (a temporary file left?)",
		      dir, got, names);
	free(got);
}

/* ---- comparing texts --------------------------------------------------- */

/* Shows the first line where two texts differ. */
static void assert_text_eq(const char *got, size_t glen, const char *want, size_t wlen,
			   const char *what)
{
	if (glen == wlen && memcmp(got, want, glen) == 0)
		return;
	size_t i = 0, line = 1, ls = 0;
	while (i < glen && i < wlen && got[i] == want[i]) {
		if (got[i] == '\n') {
			line++;
			ls = i + 1;
		}
		i++;
	}
	const char *ge = memchr(got + ls, '\n', glen - ls), *we = memchr(want + ls, '\n', wlen - ls);
	int gl = (int)((ge ? (size_t)(ge - got) : glen) - ls);
	int wl = (int)((we ? (size_t)(we - want) : wlen) - ls);
	ck_abort_msg("%s: texts differ at line %zu (lengths %zu, %zu):\n got: '%.*s'\nwant: '%.*s'",
		     what, line, glen, wlen, gl, got + ls, wl, want + ls);
}

struct line {
	const char *p;
	size_t n; /* with its line break */
};

static size_t split_lines(const char *t, size_t len, struct line **out)
{
	size_t cap = 16, n = 0;
	struct line *v = xmalloc(cap * sizeof(*v));
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) + 1 : len;
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n++] = (struct line){ t + i, e - i };
		i = e;
	}
	*out = v;
	return n;
}

static bool line_eq(const struct line *a, const struct line *b)
{
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* Where two texts differ, in whole lines: `pre` equal lines at the start,
 * `suf` at the end, and the lines between (old_mid of `a`, new_mid of `b`)
 * as text. */
struct diff {
	size_t pre, suf, old_mid, new_mid;
	char *old_text, *new_text;
};

static void line_diff(const char *a, size_t alen, const char *b, size_t blen, struct diff *d)
{
	struct line *la, *lb;
	size_t na = split_lines(a, alen, &la), nb = split_lines(b, blen, &lb);
	size_t pre = 0, suf = 0;
	while (pre < na && pre < nb && line_eq(&la[pre], &lb[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre && line_eq(&la[na - 1 - suf], &lb[nb - 1 - suf]))
		suf++;
	d->pre = pre;
	d->suf = suf;
	d->old_mid = na - pre - suf;
	d->new_mid = nb - pre - suf;
	struct buf ob = BUF_INIT, nbuf = BUF_INIT;
	for (size_t i = pre; i < na - suf; i++)
		buf_add(&ob, la[i].p, la[i].n);
	for (size_t i = pre; i < nb - suf; i++)
		buf_add(&nbuf, lb[i].p, lb[i].n);
	d->old_text = buf_detach(&ob);
	d->new_text = buf_detach(&nbuf);
	free(la);
	free(lb);
}

static void diff_free(struct diff *d)
{
	free(d->old_text);
	free(d->new_text);
}

/* ---- a plan in a temporary directory ---------------------------------- */

struct env {
	char *dir, *path;     /* the directory and its changes.yaml */
	char *orig;           /* changes.yaml as copied */
	size_t orig_len;
	char *fpath[SF_COUNT]; /* every file of the plan, and its text as */
	char *forig[SF_COUNT]; /* loaded (changes.yaml's too) */
	size_t forig_len[SF_COUNT];
	const char *nl;       /* "\n" or "\r\n" */
	struct plan *p;
	struct store *st;
	struct buf err;
	struct op ops[32];    /* applied, for undo */
	size_t nops;
	char *owned[64];      /* strings to free with the env */
	size_t nowned;
	bool follow;          /* saves follow the new texts, as the workbench's do */
};

static const char *const fixtures[] = { "commented", "crlf" };

static const char *own(struct env *e, char *s)
{
	ck_assert_uint_lt(e->nowned, sizeof(e->owned) / sizeof(*e->owned));
	e->owned[e->nowned++] = s;
	return s;
}

/* `s` with its "\n" written as the fixture's line break. */
static const char *nl(struct env *e, const char *s)
{
	struct buf b = BUF_INIT;
	for (; *s; s++) {
		if (*s == '\n')
			buf_adds(&b, e->nl);
		else
			buf_addc(&b, *s);
	}
	return own(e, buf_detach(&b));
}

static void print_diags(const struct diags *d, struct buf *out)
{
	for (size_t i = 0; i < d->n; i++) {
		diag_format(&d->v[i], out);
		buf_addc(out, '\n');
	}
}

static struct plan *load_dir(const char *dir, struct store **st)
{
	struct plan *p = NULL;
	struct diags d = DIAGS_INIT;
	struct buf b = BUF_INIT;
	int rc = store_load(dir, &p, st, &d);
	print_diags(&d, &b);
	ck_assert_msg(rc == 0, "%s does not load:\n%s", dir, buf_str(&b));
	buf_release(&b);
	diags_clear(&d);
	return p;
}

/* Reads every file's text as it is now, as the originals to compare with. */
static void env_read_origs(struct env *e)
{
	for (int f = 0; f < SF_COUNT; f++) {
		free(e->forig[f]);
		if (!e->fpath[f])
			e->fpath[f] = xasprintf("%s/%s", e->dir,
						store_file_name((enum store_file_id)f));
		e->forig[f] = read_all(e->fpath[f], &e->forig_len[f]);
	}
}

static void env_open_dir(struct env *e, const char *src, const char *newline)
{
	memset(e, 0, sizeof(*e));
	e->dir = new_dir();
	copy_plan(src, e->dir);
	e->path = xasprintf("%s/changes.yaml", e->dir);
	e->orig = read_all(e->path, &e->orig_len);
	env_read_origs(e);
	e->nl = newline;
	e->p = load_dir(e->dir, &e->st);
}

static void env_open(struct env *e, const char *fixture)
{
	char *src = xasprintf("%s/tests/fixtures/%s", top_srcdir(), fixture);
	env_open_dir(e, src, strcmp(fixture, "crlf") == 0 ? "\r\n" : "\n");
	free(src);
}

static void env_close(struct env *e)
{
	for (size_t i = 0; i < e->nops; i++)
		op_clear(&e->ops[i]);
	for (size_t i = 0; i < e->nowned; i++)
		free(e->owned[i]);
	plan_free(&e->p);
	store_free(&e->st);
	buf_release(&e->err);
	for (int f = 0; f < SF_COUNT; f++) {
		free(e->fpath[f]);
		free(e->forig[f]);
	}
	free(e->dir);
	free(e->path);
	free(e->orig);
}

/* Reads the directory again, as after a restart. */
static void env_reload(struct env *e)
{
	for (size_t i = 0; i < e->nops; i++)
		op_clear(&e->ops[i]);
	e->nops = 0;
	plan_free(&e->p);
	store_free(&e->st);
	free(e->orig);
	e->orig = read_all(e->path, &e->orig_len);
	env_read_origs(e);
	e->p = load_dir(e->dir, &e->st);
}

static void push(struct env *e, int rc, struct op *op)
{
	ck_assert_msg(rc == 0, "making the op: %s", buf_str(&e->err));
	ck_assert_msg(op_apply(e->p, op, &e->err) == 0, "applying the op: %s", buf_str(&e->err));
	ck_assert_uint_lt(e->nops, sizeof(e->ops) / sizeof(*e->ops));
	e->ops[e->nops++] = *op;
}

/* Sets field f of record k:id ("" for the plan itself). */
static void do_set_rec(struct env *e, enum kind k, const char *id, int f, const char *v)
{
	struct op op;
	push(e, op_make_set(e->p, k, id, f, v, &op, &e->err), &op);
}

static void do_set(struct env *e, const char *id, enum change_field f, const char *v)
{
	do_set_rec(e, K_CHANGE, id, (int)f, v);
}

static void do_year(struct env *e, const char *id, int year, bool add)
{
	struct op op;
	push(e, op_make_year(e->p, id, year, add, &op, &e->err), &op);
}

static void do_item_rec(struct env *e, enum kind k, const char *id, int f, const char *item,
			bool add)
{
	struct op op;
	push(e, op_make_item(e->p, k, id, f, item, add, &op, &e->err), &op);
}

static void do_item(struct env *e, const char *id, enum change_field f, const char *item,
		    bool add)
{
	do_item_rec(e, K_CHANGE, id, (int)f, item, add);
}

/* Adds a new record of kind k at `at`, its fields set from the (field,
 * value) pairs; returns its id (the env's). */
static const char *do_add_rec(struct env *e, enum kind k, size_t at, const int *fields,
			      const char *const *values, size_t n)
{
	void *rec = op_new_record(e->p, k);
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(op_record_set(e->p, k, rec, fields[i], values[i], &e->err) == 0,
			      "setting the new record's %s: %s", kind_field(k, fields[i])->name,
			      buf_str(&e->err));
	struct op op;
	push(e, op_make_add(e->p, k, at, rec, &op, &e->err), &op);
	return op.id;
}

/* A new change of text `text` at `at`. */
static const char *do_add(struct env *e, size_t at, const char *text)
{
	return do_add_rec(e, K_CHANGE, at, (const int[]){ CF_TEXT }, &text, 1);
}

static void do_delete_rec(struct env *e, enum kind k, const char *id)
{
	struct op op;
	push(e, op_make_delete(e->p, k, id, &op, &e->err), &op);
}

static void do_delete(struct env *e, const char *id)
{
	do_delete_rec(e, K_CHANGE, id);
}

static void do_move(struct env *e, const char *id, int delta)
{
	struct op op;
	push(e, op_make_move(e->p, K_CHANGE, id, delta, &op, &e->err), &op);
}

/* Applies the inverses of all ops, last first. */
static void undo_all(struct env *e)
{
	while (e->nops) {
		struct op inv;
		op_invert(&e->ops[e->nops - 1], &inv);
		ck_assert_msg(op_apply(e->p, &inv, &e->err) == 0, "undo: %s", buf_str(&e->err));
		op_clear(&inv);
		op_clear(&e->ops[--e->nops]);
	}
}

static void assert_plans_equal(const struct plan *a, const struct plan *b, const char *what)
{
	size_t n = plan_count(a, K_CHANGE);
	ck_assert_msg(n == plan_count(b, K_CHANGE), "%s: %zu changes, expected %zu", what, n,
		      plan_count(b, K_CHANGE));
	for (size_t i = 0; i < n; i++) {
		const struct change *ca = plan_change(a, i), *cb = plan_change(b, i);
		ck_assert_msg(change_equal(ca, cb),
			      "%s: change %zu (%s) reads back differently (text '%s' vs '%s', "
			      "notes '%s' vs '%s', status %s vs %s)",
			      what, i, cb->id, ca->text, cb->text, ca->notes, cb->notes, ca->status,
			      cb->status);
	}
	/* and the records of every other kind (the plan's own among them) */
	for (int k = 0; k < K_COUNT; k++) {
		ck_assert_msg(plan_count(a, (enum kind)k) == plan_count(b, (enum kind)k),
			      "%s: %zu %s, expected %zu", what, plan_count(a, (enum kind)k),
			      kind_of((enum kind)k)->words->plural, plan_count(b, (enum kind)k));
		for (size_t i = 0; i < plan_count(a, (enum kind)k); i++)
			ck_assert_msg(rec_equal((enum kind)k, plan_rec(a, (enum kind)k, i),
						plan_rec(b, (enum kind)k, i)),
				      "%s: %s %zu ('%s') reads back differently", what,
				      kind_of((enum kind)k)->name, i,
				      rec_id((enum kind)k, plan_rec(b, (enum kind)k, i)));
	}
}

/* Checks every line break is the fixture's. */
static void assert_line_ends(struct env *e, const char *t, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (t[i] != '\n')
			continue;
		bool cr = i > 0 && t[i - 1] == '\r';
		ck_assert_msg(cr == (strcmp(e->nl, "\r\n") == 0), "line break at byte %zu is %s", i,
			      cr ? "CRLF" : "LF");
	}
}

/* The original text with each `from` (which must occur exactly once)
 * replaced by its `to`; both in LF form, converted to the fixture's. */
static const char *edited_text(struct env *e, const char *orig, size_t orig_len,
			       const char *const *pairs, size_t npairs)
{
	struct buf cur = BUF_INIT;
	buf_add(&cur, orig, orig_len);
	for (size_t i = 0; i + 1 < npairs * 2; i += 2) {
		const char *from = nl(e, pairs[i]), *to = nl(e, pairs[i + 1]);
		const char *at = strstr(buf_str(&cur), from);
		ck_assert_msg(at != NULL, "test bug: '%s' not in the fixture", pairs[i]);
		ck_assert_msg(strstr(at + 1, from) == NULL, "test bug: '%s' twice in the fixture",
			      pairs[i]);
		struct buf nb = BUF_INIT;
		buf_add(&nb, cur.s, (size_t)(at - cur.s));
		buf_adds(&nb, to);
		buf_adds(&nb, at + strlen(from));
		buf_release(&cur);
		cur = nb;
	}
	return own(e, buf_detach(&cur));
}

static const char *edited(struct env *e, const char *const *pairs, size_t npairs)
{
	return edited_text(e, e->orig, e->orig_len, pairs, npairs);
}

/* The same for file f of the plan, as loaded. */
static const char *edited_file(struct env *e, enum store_file_id f, const char *const *pairs,
			       size_t npairs)
{
	return edited_text(e, e->forig[f], e->forig_len[f], pairs, npairs);
}

/* Renders every file of the plan (store_render) into out[] (reset
 * first); returns its result. */
static int render_all(struct store *st, const struct plan *p, struct buf out[SF_COUNT],
		      bool changed[SF_COUNT], struct diags *d)
{
	for (int f = 0; f < SF_COUNT; f++)
		buf_reset(&out[f]);
	return store_render(st, p, out, changed, d);
}

/* Renders the plan and hands back changes.yaml's new text in `out` and
 * whether it changed; checks that no other file changes (the tests that
 * use it edit only changes). */
static int render_changes(struct store *st, const struct plan *p, struct buf *out,
			  bool *changed, struct diags *d)
{
	struct buf outs[SF_COUNT];
	bool ch[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++)
		outs[f] = (struct buf)BUF_INIT;
	int rc = render_all(st, p, outs, ch, d);
	if (rc == 0) {
		for (int f = 0; f < SF_COUNT; f++)
			ck_assert_msg(f == SF_CHANGES || !ch[f], "%s changes too",
				      store_file_name((enum store_file_id)f));
		*changed = ch[SF_CHANGES];
		buf_reset(out);
		buf_add(out, buf_str(&outs[SF_CHANGES]), outs[SF_CHANGES].len);
	}
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&outs[f]);
	return rc;
}

/* Saves, and checks: the text render gives is `want`; the save writes one
 * file holding exactly that; compared with the original, `old_mid` lines
 * gave way to `new_mid` new ones (each -1: not checked); no temporary file is
 * left; and the directory read again holds the plan's values. */
static void save_expect(struct env *e, const char *want, int old_mid, int new_mid)
{
	size_t wlen = strlen(want);
	struct diags d = DIAGS_INIT;
	struct buf out = BUF_INIT, why = BUF_INIT;
	bool changed = false;
	int rc = render_changes(e->st, e->p, &out, &changed, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "render failed:\n%s", buf_str(&why));
	ck_assert_msg(changed, "render says nothing changed");
	assert_text_eq(out.s, out.len, want, wlen, "rendered text");

	int written = -1;
	struct store_save_opts o = { .follow = e->follow };
	rc = store_save_ex(e->st, e->p, &o, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "save failed:\n%s", buf_str(&why));
	ck_assert_int_eq(written, 1);
	size_t len;
	char *now = read_all(e->path, &len);
	ck_assert_ptr_nonnull(now);
	assert_text_eq(now, len, want, wlen, "saved file");
	assert_line_ends(e, now, len);

	struct diff df;
	line_diff(e->orig, e->orig_len, now, len, &df);
	if (old_mid >= 0 || new_mid >= 0)
		ck_assert_msg((old_mid < 0 || df.old_mid == (size_t)old_mid) &&
			      (new_mid < 0 || df.new_mid == (size_t)new_mid),
			      "after line %zu, %zu lines:\n%s---\ngave way to %zu lines:\n%s---\n"
			      "expected %d and %d",
			      df.pre, df.old_mid, df.old_text, df.new_mid, df.new_text, old_mid,
			      new_mid);
	diff_free(&df);
	assert_dir_holds(e->dir, "changes.yaml groups.yaml plan.yaml");

	struct store *st2;
	struct plan *p2 = load_dir(e->dir, &st2);
	assert_plans_equal(p2, e->p, "the saved plan read again");
	plan_free(&p2);
	store_free(&st2);
	free(now);
	buf_release(&out);
	buf_release(&why);
	diags_clear(&d);
}

/* One edit: `from` becomes `to`, and `old_mid` lines give way to `new_mid`. */
static void expect_one(struct env *e, const char *from, const char *to, int old_mid, int new_mid)
{
	const char *pairs[2] = { from, to };
	save_expect(e, edited(e, pairs, 1), old_mid, new_mid);
}

/* ---- every file of the plan --------------------------------------------- */

/* How many lines of file f's original are not in `t` and how many of
 * t's are new (by a longest common subsequence of lines, so that edits
 * far apart count apart); fails unless they are old_mid and new_mid. */
static void assert_lines_changed(struct env *e, enum store_file_id f, const char *t, size_t len,
				 size_t old_mid, size_t new_mid)
{
	struct line *la, *lb;
	size_t na = split_lines(e->forig[f], e->forig_len[f], &la), nb = split_lines(t, len, &lb);
	/* lcs[i][j]: of la[i..] and lb[j..] */
	size_t *lcs = xcalloc((na + 1) * (nb + 1), sizeof(*lcs));
#define LCS(i, j) lcs[(i) * (nb + 1) + (j)]
	for (size_t i = na; i-- > 0;)
		for (size_t j = nb; j-- > 0;)
			LCS(i, j) = line_eq(&la[i], &lb[j]) ? LCS(i + 1, j + 1) + 1
			    : LCS(i + 1, j) > LCS(i, j + 1) ? LCS(i + 1, j) : LCS(i, j + 1);
	struct buf shown = BUF_INIT;
	for (size_t i = 0, j = 0; i < na || j < nb;) {
		if (i < na && j < nb && line_eq(&la[i], &lb[j])) {
			i++;
			j++;
		} else if (j < nb && (i == na || LCS(i, j + 1) >= LCS(i + 1, j))) {
			buf_addf(&shown, "+%.*s", (int)lb[j].n, lb[j].p);
			j++;
		} else {
			buf_addf(&shown, "-%.*s", (int)la[i].n, la[i].p);
			i++;
		}
	}
	size_t common = LCS(0, 0);
#undef LCS
	ck_assert_msg(na - common == old_mid && nb - common == new_mid,
		      "%s: %zu lines gave way to %zu, expected %zu and %zu:\n%s",
		      store_file_name(f), na - common, nb - common, old_mid, new_mid,
		      buf_str(&shown));
	buf_release(&shown);
	free(lcs);
	free(la);
	free(lb);
}

/* Saves, and checks for every file: a file whose want[f] is not NULL is
 * rendered and written with exactly that text (in the fixture's line
 * ends); every other file is neither changed by the render nor written
 * (same bytes, same inode); no temporary file is left; and the directory
 * read again holds the plan. */
static void save_expect_files(struct env *e, const char *const want[SF_COUNT])
{
	struct buf out[SF_COUNT], why = BUF_INIT;
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	struct stat before[SF_COUNT];
	int nwant = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		out[f] = (struct buf)BUF_INIT;
		/* a file that need not be there may be absent */
		ck_assert_int_eq(stat(e->fpath[f], &before[f]), e->forig[f] ? 0 : -1);
		nwant += want[f] != NULL;
	}
	int rc = render_all(e->st, e->p, out, changed, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "render failed:\n%s", buf_str(&why));
	for (int f = 0; f < SF_COUNT; f++) {
		const char *name = store_file_name((enum store_file_id)f);
		const char *w = want[f] ? want[f] : e->forig[f] ? e->forig[f] : "";
		size_t wlen = want[f] ? strlen(want[f]) : e->forig_len[f];
		ck_assert_msg(changed[f] == (want[f] != NULL), "render says %s %s", name,
			      changed[f] ? "changed" : "did not change");
		char *what = xasprintf("rendered %s", name);
		assert_text_eq(buf_str(&out[f]), out[f].len, w, wlen, what);
		free(what);
	}

	int written = -1;
	struct store_save_opts o = { .follow = e->follow };
	rc = store_save_ex(e->st, e->p, &o, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "save failed:\n%s", buf_str(&why));
	ck_assert_int_eq(written, nwant);
	struct buf files = BUF_INIT;
	for (int f = 0; f < SF_COUNT; f++) {
		const char *name = store_file_name((enum store_file_id)f);
		size_t len;
		char *now = read_all(e->fpath[f], &len);
		buf_release(&out[f]);
		if (!want[f] && !e->forig[f]) {
			ck_assert_msg(now == NULL, "%s was written", name);
			continue;
		}
		ck_assert_ptr_nonnull(now);
		char *what = xasprintf("saved %s", name);
		if (want[f]) {
			assert_text_eq(now, len, want[f], strlen(want[f]), what);
			assert_line_ends(e, now, len);
		} else {
			assert_text_eq(now, len, e->forig[f], e->forig_len[f], what);
			struct stat sb;
			ck_assert_int_eq(stat(e->fpath[f], &sb), 0);
			ck_assert_msg(sb.st_ino == before[f].st_ino, "%s was replaced", name);
		}
		free(what);
		free(now);
	}
	/* the files in the order ls gives them */
	static const char *const sorted[] = { "activities.yaml", "changes.yaml", "groups.yaml",
					      "plan.yaml" };
	for (size_t i = 0; i < sizeof(sorted) / sizeof(*sorted); i++) {
		char *path = xasprintf("%s/%s", e->dir, sorted[i]);
		if (access(path, F_OK) == 0)
			buf_addf(&files, "%s%s", files.len ? " " : "", sorted[i]);
		free(path);
	}
	assert_dir_holds(e->dir, buf_str(&files));
	buf_release(&files);

	struct store *st2;
	struct plan *p2 = load_dir(e->dir, &st2);
	assert_plans_equal(p2, e->p, "the saved plan read again");
	plan_free(&p2);
	store_free(&st2);
	buf_release(&why);
	diags_clear(&d);
}

/* Writes file f's text edited by the (from, to) pairs and reads the plan
 * again: the edited text is the test's original. */
static void env_edit_file(struct env *e, enum store_file_id f, const char *const *pairs,
			  size_t npairs)
{
	const char *t = edited_file(e, f, pairs, npairs);
	write_all(e->fpath[f], t, strlen(t));
	env_reload(e);
}

/* ---- round trip ---------------------------------------------------------- */

static const struct timespec old_time = { 1000000000, 123456789 }; /* 2001 */

static void set_old_mtime(const char *path)
{
	struct timespec ts[2] = { old_time, old_time };
	ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* Load, then save with no edit: nothing is written (not even the same
 * bytes: the files keep their inode and their old mtime), and the
 * rendered text is the original. */
static void check_no_churn(const char *src, const char *newline)
{
	struct env e;
	env_open_dir(&e, src, newline);
	struct stat before[3], after[3];
	char *paths[3];
	char *texts[3];
	size_t lens[3];
	plan_free(&e.p);
	store_free(&e.st);
	for (int i = 0; i < 3; i++) {
		paths[i] = xasprintf("%s/%s", e.dir, plan_files[i]);
		set_old_mtime(paths[i]);
		ck_assert_int_eq(stat(paths[i], &before[i]), 0);
		texts[i] = read_all(paths[i], &lens[i]);
	}
	e.p = load_dir(e.dir, &e.st);

	struct buf out = BUF_INIT;
	struct diags d = DIAGS_INIT;
	bool changed = true;
	ck_assert_int_eq(render_changes(e.st, e.p, &out, &changed, &d), 0);
	ck_assert(!changed);
	assert_text_eq(out.s, out.len, e.orig, e.orig_len, "rendered text");

	int written = -1;
	ck_assert_int_eq(store_save(e.st, e.p, &written, &d), 0);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_eq(d.n, 0);
	for (int i = 0; i < 3; i++) {
		ck_assert_int_eq(stat(paths[i], &after[i]), 0);
		ck_assert_msg(after[i].st_ino == before[i].st_ino, "%s was replaced", plan_files[i]);
		ck_assert_msg(after[i].st_mtim.tv_sec == old_time.tv_sec &&
			      after[i].st_mtim.tv_nsec == old_time.tv_nsec, "%s was touched",
			      plan_files[i]);
		size_t len;
		char *now = read_all(paths[i], &len);
		assert_text_eq(now, len, texts[i], lens[i], plan_files[i]);
		free(now);
		free(texts[i]);
		free(paths[i]);
	}
	assert_dir_holds(e.dir, "changes.yaml groups.yaml plan.yaml");

	/* and the plan read from the same text twice is the same plan */
	struct store *st2;
	struct plan *p2 = load_dir(e.dir, &st2);
	assert_plans_equal(p2, e.p, "read twice");
	plan_free(&p2);
	store_free(&st2);
	buf_release(&out);
	diags_clear(&d);
	env_close(&e);
}

START_TEST(test_no_churn_fixture)
{
	char *src = xasprintf("%s/tests/fixtures/%s", top_srcdir(), fixtures[_i]);
	check_no_churn(src, _i == 1 ? "\r\n" : "\n");
	free(src);
}
END_TEST

/* The shipped plan: $SAMPLAN_DATADIR/orebro-2025, else data/ in the
 * source tree. */
static char *shipped_plan_dir(void)
{
	const char *dd = getenv("SAMPLAN_DATADIR");
	char *dir = dd && *dd ? xasprintf("%s/orebro-2025", dd)
			      : xasprintf("%s/data/orebro-2025", top_srcdir());
	char *probe = xasprintf("%s/changes.yaml", dir);
	ck_assert_msg(access(probe, R_OK) == 0, "the shipped plan is missing: %s", probe);
	free(probe);
	return dir;
}

START_TEST(test_no_churn_shipped_plan)
{
	char *src = shipped_plan_dir();
	check_no_churn(src, "\n");
	free(src);
}
END_TEST

/* The key names of the item that starts at `item` ("  - id: ..."), in
 * order, as "id horizon text ..."; keys are lines at the item's key
 * column. */
static char *item_keys(const char *item)
{
	struct buf b = BUF_INIT;
	const char *dash = strchr(item, '-');
	size_t col = (size_t)(dash - item) + 2;
	for (const char *l = item; *l; ) {
		const char *k = l + col;
		if (l == item)
			k = dash + 2;
		else if (strspn(l, " ") != col)
			break;
		const char *colon = strchr(k, ':');
		buf_addf(&b, "%s%.*s", b.len ? " " : "", (int)(colon - k), k);
		const char *next = strchr(l, '\n');
		if (!next)
			break;
		l = next + 1;
		while (*l && strspn(l, " ") > col) { /* a block value's lines */
			next = strchr(l, '\n');
			l = next ? next + 1 : l + strlen(l);
		}
	}
	return buf_detach(&b);
}

START_TEST(test_shipped_plan_edits)
{
	char *src = shipped_plan_dir();
	struct env e;
	/* a status change is a one-line diff */
	env_open_dir(&e, src, "\n");
	ck_assert_uint_ge(plan_count(e.p, K_CHANGE), 2);
	struct change *c = plan_change(e.p, plan_count(e.p, K_CHANGE) - 1);
	const char *to = strcmp(c->status, plan_status(e.p, 0)->key) == 0
		? plan_status(e.p, plan_count(e.p, K_STATUS) - 1)->key : plan_status(e.p, 0)->key;
	char *id = xstrdup(c->id);
	do_set(&e, id, CF_STATUS, to);
	struct buf out = BUF_INIT;
	struct diags d = DIAGS_INIT;
	bool changed;
	ck_assert_int_eq(render_changes(e.st, e.p, &out, &changed, &d), 0);
	ck_assert(changed);
	struct diff df;
	line_diff(e.orig, e.orig_len, out.s, out.len, &df);
	ck_assert_msg(df.old_mid == 1 && df.new_mid == 1, "%zu lines gave way to %zu:\n%s",
		      df.old_mid, df.new_mid, df.new_text);
	char *want_line = xasprintf("status: %s\n", to);
	ck_assert_msg(strstr(df.new_text, want_line) != NULL, "not the status line: %s",
		      df.new_text);
	free(want_line);
	diff_free(&df);
	save_expect(&e, out.s, 1, 1);
	buf_release(&out);
	free(id);
	env_close(&e);

	/* prioritising the last change in the focus year: one line */
	env_open_dir(&e, src, "\n");
	c = plan_change(e.p, plan_count(e.p, K_CHANGE) - 1);
	id = xstrdup(c->id);
	do_year(&e, id, e.p->info->focus_year + 1, true);
	buf_reset(&out);
	ck_assert_int_eq(render_changes(e.st, e.p, &out, &changed, &d), 0);
	save_expect(&e, out.s, 1, 1);
	buf_release(&out);
	free(id);
	env_close(&e);

	/* a new change is written in the style of the shipped items: the same
	 * keys in the same order at the same columns, after the last item */
	env_open_dir(&e, src, "\n");
	const char *nid = do_add(&e, plan_count(e.p, K_CHANGE), "En ny förändring");
	buf_reset(&out);
	ck_assert_int_eq(render_changes(e.st, e.p, &out, &changed, &d), 0);
	save_expect(&e, out.s, 0, -1); /* only new lines */
	char *marker = xasprintf("- id: %s\n", nid);
	const char *mine = strstr(out.s, marker);
	ck_assert_ptr_nonnull(mine);
	while (mine > out.s && mine[-1] == ' ')
		mine--;
	const char *first = strstr(out.s, "- id: F1\n");
	ck_assert_ptr_nonnull(first);
	while (first > out.s && first[-1] == ' ')
		first--;
	char *k1 = item_keys(first), *k2 = item_keys(mine);
	ck_assert_str_eq(k2, k1);
	ck_assert_uint_eq(strspn(mine, " "), strspn(first, " "));
	free(k1);
	free(k2);
	free(marker);
	buf_release(&out);
	diags_clear(&d);
	env_close(&e);
	free(src);
}
END_TEST

/* The CRLF fixture is the commented one with CRLF line ends, so the same
 * expectations hold for both. */
START_TEST(test_crlf_twin)
{
	for (size_t i = 0; i < 3; i++) {
		char *a = xasprintf("%s/tests/fixtures/commented/%s", top_srcdir(), plan_files[i]);
		char *b = xasprintf("%s/tests/fixtures/crlf/%s", top_srcdir(), plan_files[i]);
		size_t alen, blen;
		char *ta = read_all(a, &alen), *tb = read_all(b, &blen);
		ck_assert_ptr_nonnull(ta);
		ck_assert_ptr_nonnull(tb);
		struct buf want = BUF_INIT;
		for (size_t k = 0; k < alen; k++) {
			if (ta[k] == '\n')
				buf_addc(&want, '\r');
			buf_addc(&want, ta[k]);
		}
		assert_text_eq(tb, blen, want.s, want.len, b);
		buf_release(&want);
		free(ta);
		free(tb);
		free(a);
		free(b);
	}
}
END_TEST

/* ---- one edit, one line ---------------------------------------------------- */

START_TEST(test_status_one_line)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_STATUS, "klar");
	expect_one(&e, "    status: pagar  # pågår sedan mars\n",
		   "    status: klar  # pågår sedan mars\n", 1, 1);
	env_close(&e);

	/* double quotes are kept */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F3", CF_STATUS, "pagar");
	expect_one(&e, "    status: \"klar\"\n", "    status: \"pagar\"\n", 1, 1);
	env_close(&e);

	/* the first item, whose status line is followed by a blank line */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F1", CF_STATUS, "pagar");
	expect_one(&e, "    status: ej-paborjad\n\n    # en tom rad",
		   "    status: pagar\n\n    # en tom rad", 1, 1);
	env_close(&e);

	/* an item written as a flow mapping */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F5", CF_STATUS, "klar");
	expect_one(&e, "status: pagar, groups: [halsa]}", "status: klar, groups: [halsa]}", 1, 1);
	env_close(&e);
}
END_TEST

START_TEST(test_text_one_line)
{
	struct env e;
	/* single quotes are kept */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F1", CF_TEXT, "Ny text för F1, med 'citat'");
	expect_one(&e,
		   "    text: 'Parternas beslutsfattare har en ökad folkhälsovetenskaplig kompetens.'\n",
		   "    text: 'Ny text för F1, med ''citat'''\n", 1, 1);
	env_close(&e);

	/* plain stays plain where it can */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F4", CF_TEXT, "Ny text på svenska");
	expect_one(&e, "    text: Plain text with 'quotes' inside\n",
		   "    text: Ny text på svenska\n", 1, 1);
	env_close(&e);

	/* and is quoted where it must */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F4", CF_TEXT, "Ny text: med kolon");
	expect_one(&e, "    text: Plain text with 'quotes' inside\n",
		   "    text: \"Ny text: med kolon\"\n", 1, 1);
	env_close(&e);

	/* a flow item's single-quoted text */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F5", CF_TEXT, "Ändrad i flow-stil");
	expect_one(&e, "text: 'Kort i flow-stil',", "text: 'Ändrad i flow-stil',", 1, 1);
	env_close(&e);
}
END_TEST

/* Block scalars (literal, folded) replaced, and written. */
START_TEST(test_text_block_scalars)
{
	struct env e;
	/* a folded block becomes one line */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F3", CF_TEXT, "Ny text");
	expect_one(&e, "    text: >\n      En text i folded stil\n      som fortsätter på nästa rad.\n",
		   "    text: Ny text\n", 3, 1);
	env_close(&e);

	/* a literal block keeps its lines' indentation */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_TEXT, "Rad ett\nRad två\n");
	expect_one(&e,
		   "      Föräldraskapsstöd erbjuds i alla kommuner,\n"
		   "      även på andra språk än svenska.\n",
		   "      Rad ett\n      Rad två\n", 2, 2);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_TEXT, "En rad");
	expect_one(&e,
		   "    text: |\n"
		   "      Föräldraskapsstöd erbjuds i alla kommuner,\n"
		   "      även på andra språk än svenska.\n",
		   "    text: En rad\n", 3, 1);
	env_close(&e);

	/* a one-line value becomes a literal block */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F4", CF_TEXT, "Rad ett\nRad två");
	expect_one(&e, "    text: Plain text with 'quotes' inside\n",
		   "    text: |-\n      Rad ett\n      Rad två\n", 1, 3);
	env_close(&e);
}
END_TEST

START_TEST(test_notes_and_horizon)
{
	struct env e;
	/* a key the item lacks: one line added, after its last */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F4", CF_NOTES, "Ny anteckning");
	expect_one(&e, "    priority: [2025, 2026]   # två år\n    status: ej-paborjad\n",
		   "    priority: [2025, 2026]   # två år\n    status: ej-paborjad\n"
		   "    notes: Ny anteckning\n", 0, 1);
	env_close(&e);

	/* ... in the schema's order: after the nearest field before it */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F4", CF_HORIZON, "lång");
	expect_one(&e, "  - id: F4\n    text: Plain",
		   "  - id: F4\n    horizon: lång\n    text: Plain", 0, 1);
	env_close(&e);

	/* in a flow item, the key goes in before the brace */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F5", CF_NOTES, "Ny");
	expect_one(&e, "groups: [halsa]}", "groups: [halsa], notes: Ny}", 1, 1);
	env_close(&e);

	/* existing notes in each quoting */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F1", CF_NOTES, "Hej");
	do_set(&e, "F2", CF_NOTES, "Ändrad anteckning");
	do_set(&e, "F3", CF_NOTES, "Ändrad");
	const char *pairs[] = {
		"    notes: \"\"\n    owner", "    notes: \"Hej\"\n    owner",
		"    notes: Följs upp på nästa möte.\n", "    notes: Ändrad anteckning\n",
		"    notes: 'En anteckning med ''citat'''\n", "    notes: 'Ändrad'\n",
	};
	save_expect(&e, edited(&e, pairs, 3), -1, -1);
	env_close(&e);

	/* emptied notes */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_NOTES, "");
	expect_one(&e, "    notes: Följs upp på nästa möte.\n", "    notes: \"\"\n", 1, 1);
	env_close(&e);

	/* double-quoted horizon keeps its quotes */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_HORIZON, "lång");
	expect_one(&e, "    horizon: \"kort\"\n", "    horizon: \"lång\"\n", 1, 1);
	env_close(&e);

	/* a value followed by a comment keeps the comment */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F1", CF_HORIZON, "lång");
	expect_one(&e, "    horizon: kort    # kort | lång\n", "    horizon: lång    # kort | lång\n",
		   1, 1);
	env_close(&e);
}
END_TEST

START_TEST(test_priority_flow)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	do_year(&e, "F1", 2026, true);
	expect_one(&e, "    priority: [2025]   # prioriterad i år\n",
		   "    priority: [2025, 2026]   # prioriterad i år\n", 1, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_year(&e, "F4", 2026, false);
	expect_one(&e, "    priority: [2025, 2026]   # två år\n", "    priority: [2025]   # två år\n",
		   1, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_year(&e, "F1", 2025, false);
	expect_one(&e, "    priority: [2025]   # prioriterad i år\n",
		   "    priority: []   # prioriterad i år\n", 1, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_year(&e, "F3", 2025, true);
	expect_one(&e, "    priority: []\n", "    priority: [2025]\n", 1, 1);
	env_close(&e);

	/* a key the item lacks, in a flow item */
	env_open(&e, fixtures[_i]);
	do_year(&e, "F5", 2025, true);
	expect_one(&e, "groups: [halsa]}", "groups: [halsa], priority: [2025]}", 1, 1);
	env_close(&e);
}
END_TEST

/* Checks the lines that differ are all list items ("- x") of a block list. */
static void assert_only_items(struct env *e, const char *want)
{
	struct diff df;
	line_diff(e->orig, e->orig_len, want, strlen(want), &df);
	const char *texts[2] = { df.old_text, df.new_text };
	for (int k = 0; k < 2; k++)
		for (const char *l = texts[k]; *l; l = strchr(l, '\n') + 1)
			ck_assert_msg(strncmp(l, "      - ", 8) == 0, "a line not of the list: %s", l);
	diff_free(&df);
}

START_TEST(test_block_lists)
{
	struct env e;
	/* priority, block list: remove the first, add at the end, add first */
	env_open(&e, fixtures[_i]);
	do_year(&e, "F2", 2025, false);
	const char *want = edited(&e, (const char *[]){ "      - 2025\n      - 2026\n",
							"      - 2026\n" }, 1);
	assert_only_items(&e, want);
	save_expect(&e, want, 1, 0);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_year(&e, "F2", 2027, true);
	want = edited(&e, (const char *[]){ "      - 2025\n      - 2026\n",
					    "      - 2025\n      - 2026\n      - 2027\n" }, 1);
	assert_only_items(&e, want);
	save_expect(&e, want, 0, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_year(&e, "F2", 2024, true);
	want = edited(&e, (const char *[]){ "      - 2025\n      - 2026\n",
					    "      - 2024\n      - 2025\n      - 2026\n" }, 1);
	save_expect(&e, want, 0, 1);
	env_close(&e);

	/* groups, block list: assign and unassign */
	env_open(&e, fixtures[_i]);
	do_item(&e, "F2", CF_GROUPS, "samverkan", true);
	want = edited(&e, (const char *[]){ "      - fstod\n      - halsa\n",
					    "      - fstod\n      - halsa\n      - samverkan\n" }, 1);
	assert_only_items(&e, want);
	save_expect(&e, want, 0, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_item(&e, "F2", CF_GROUPS, "fstod", false);
	want = edited(&e, (const char *[]){ "      - fstod\n      - halsa\n", "      - halsa\n" }, 1);
	assert_only_items(&e, want);
	save_expect(&e, want, 1, 0);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_item(&e, "F2", CF_GROUPS, "halsa", false);
	want = edited(&e, (const char *[]){ "      - fstod\n      - halsa\n", "      - fstod\n" }, 1);
	assert_only_items(&e, want);
	save_expect(&e, want, 1, 0);
	env_close(&e);

	/* effects, block list of one */
	env_open(&e, fixtures[_i]);
	do_item(&e, "F3", CF_EFFECTS, "nat-barn", true);
	want = edited(&e, (const char *[]){ "      - rus-folkhalsa\n    notes",
					    "      - rus-folkhalsa\n      - nat-barn\n    notes" },
		      1);
	assert_only_items(&e, want);
	save_expect(&e, want, 0, 1);
	env_close(&e);
}
END_TEST

START_TEST(test_list_empty_and_back)
{
	struct env e;
	/* a block list made empty becomes [] on the key's line */
	env_open(&e, fixtures[_i]);
	do_item(&e, "F2", CF_GROUPS, "fstod", false);
	do_item(&e, "F2", CF_GROUPS, "halsa", false);
	expect_one(&e, "    groups:\n      - fstod\n      - halsa\n", "    groups: []\n", 3, 1);
	/* and non-empty again after a restart: a flow list now */
	env_reload(&e);
	do_item(&e, "F2", CF_GROUPS, "halsa", true);
	expect_one(&e, "    groups: []\n    effects: []\n    notes: Följs",
		   "    groups: [halsa]\n    effects: []\n    notes: Följs", 1, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_item(&e, "F3", CF_EFFECTS, "rus-folkhalsa", false);
	expect_one(&e, "    effects:\n      - rus-folkhalsa\n", "    effects: []\n", 2, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_year(&e, "F2", 2025, false);
	do_year(&e, "F2", 2026, false);
	expect_one(&e, "    priority:\n      - 2025\n      - 2026\n", "    priority: []\n", 3, 1);
	env_close(&e);

	/* emptied and filled again in one session: still a block list */
	env_open(&e, fixtures[_i]);
	do_item(&e, "F2", CF_GROUPS, "fstod", false);
	do_item(&e, "F2", CF_GROUPS, "halsa", false);
	do_item(&e, "F2", CF_GROUPS, "samverkan", true);
	expect_one(&e, "      - fstod\n      - halsa\n", "      - samverkan\n", 2, 1);
	env_close(&e);

	/* flow lists: empty to non-empty and back */
	env_open(&e, fixtures[_i]);
	do_item(&e, "F1", CF_GROUPS, "fstod", true);
	do_item(&e, "F1", CF_GROUPS, "halsa", true);
	expect_one(&e, "    groups: []\n    effects: [rus", "    groups: [fstod, halsa]\n    effects: [rus",
		   1, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_item(&e, "F5", CF_GROUPS, "halsa", false);
	expect_one(&e, "groups: [halsa]}", "groups: []}", 1, 1);
	env_close(&e);

	env_open(&e, fixtures[_i]);
	do_item(&e, "F1", CF_EFFECTS, "rus-folkhalsa", false);
	expect_one(&e, "    effects: [rus-folkhalsa]\n", "    effects: []\n", 1, 1);
	env_close(&e);
}
END_TEST

/* Like env_open, with the fixture's changes.yaml first edited by the
 * (from, to) pairs; the edited text is the original of the test. */
static void env_open_edited(struct env *e, const char *fixture, const char *const *pairs,
			    size_t npairs)
{
	env_open(e, fixture);
	const char *t = edited(e, pairs, npairs);
	write_all(e->path, t, strlen(t));
	env_reload(e);
}

/* Comments inside a block list, and after its key, stay when the list
 * changes: only the lines of the items added or removed change. */
START_TEST(test_block_list_comments)
{
	static const char *const setup[] = {
		"      - 2025\n      - 2026\n", "      - 2025   # beslutat 2025-01-22\n      - 2026\n",
		"    groups:\n      - fstod\n      - halsa\n",
		"    groups:   # ansvariga grupper\n      - fstod\n      # halsa sedan mars\n"
		"      - halsa\n",
	};
	struct env e;
	env_open_edited(&e, "commented", setup, 2);
	if (_i == 0) {
		/* the item after a commented one goes: its line only */
		do_year(&e, "F2", 2026, false);
		expect_one(&e, "      - 2025   # beslutat 2025-01-22\n      - 2026\n",
			   "      - 2025   # beslutat 2025-01-22\n", 1, 0);
	} else if (_i == 1) {
		/* an item added: one new line; the comment line between items stays */
		do_item(&e, "F2", CF_GROUPS, "samverkan", true);
		expect_one(&e, "      - halsa\n    effects",
			   "      - halsa\n      - samverkan\n    effects", 0, 1);
	} else {
		/* emptied: the comment after the key stays on the key's line */
		do_item(&e, "F2", CF_GROUPS, "fstod", false);
		do_item(&e, "F2", CF_GROUPS, "halsa", false);
		struct buf out = BUF_INIT;
		struct diags d = DIAGS_INIT;
		bool changed;
		ck_assert_int_eq(render_changes(e.st, e.p, &out, &changed, &d), 0);
		struct diff df;
		line_diff(e.orig, e.orig_len, out.s, out.len, &df);
		ck_assert_msg(df.new_mid == 1 && strncmp(df.new_text, "    groups: []", 14) == 0 &&
			      strstr(df.new_text, "# ansvariga grupper") != NULL,
			      "the list's lines\n%sbecame\n%s", df.old_text, df.new_text);
		diff_free(&df);
		save_expect(&e, out.s, 4, 1);
		buf_release(&out);
		diags_clear(&d);
	}
	env_close(&e);
}
END_TEST

/* Several edits in several items, one save: each line as if alone. */
START_TEST(test_many_edits_one_save)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	do_set(&e, "F1", CF_STATUS, "klar");
	do_year(&e, "F1", 2026, true);
	do_set(&e, "F2", CF_STATUS, "ej-paborjad");
	do_item(&e, "F2", CF_GROUPS, "samverkan", true);
	do_set(&e, "F3", CF_NOTES, "Klar i mars");
	do_set(&e, "F4", CF_NOTES, "Ny");
	do_set(&e, "F5", CF_STATUS, "ej-paborjad");
	const char *pairs[] = {
		"    priority: [2025]   # prioriterad i år\n    status: ej-paborjad\n",
		"    priority: [2025, 2026]   # prioriterad i år\n    status: klar\n",
		"    status: pagar  # pågår sedan mars\n", "    status: ej-paborjad  # pågår sedan mars\n",
		"      - halsa\n", "      - halsa\n      - samverkan\n",
		"    notes: 'En anteckning med ''citat'''\n", "    notes: 'Klar i mars'\n",
		"    priority: [2025, 2026]   # två år\n    status: ej-paborjad\n",
		"    priority: [2025, 2026]   # två år\n    status: ej-paborjad\n    notes: Ny\n",
		"status: pagar, groups: [halsa]}", "status: ej-paborjad, groups: [halsa]}",
	};
	save_expect(&e, edited(&e, pairs, 6), -1, -1);
	/* the unknown keys are still there */
	size_t len;
	char *now = read_all(e.path, &len);
	ck_assert_ptr_nonnull(strstr(now, "    owner: Lisa      # okänd nyckel i en förändring"));
	ck_assert_ptr_nonnull(strstr(now, "    extra:"));
	ck_assert_ptr_nonnull(strstr(now, "      nested: [1, 2]   # okänd struktur"));
	ck_assert_ptr_nonnull(strstr(now, "schema: 1            # en okänd nyckel"));
	free(now);
	env_close(&e);
}
END_TEST

/* ---- adding, deleting and moving items --------------------------------- */

/* The blocks of the commented fixture: each item with the comment lines
 * right above it, up to and including its last line break. */
static const char F1_BLOCK[] =
	"  # F1: den första, med en kommentar ovanför\n"
	"  - id: F1\n"
	"    horizon: kort    # kort | lång\n"
	"    text: 'Parternas beslutsfattare har en ökad folkhälsovetenskaplig kompetens.'\n"
	"    priority: [2025]   # prioriterad i år\n"
	"    status: ej-paborjad\n"
	"\n"
	"    # en tom rad och en kommentar mellan nycklar\n"
	"    groups: []\n"
	"    effects: [rus-folkhalsa]\n"
	"    notes: \"\"\n"
	"    owner: Lisa      # okänd nyckel i en förändring\n";

static const char F2_BLOCK[] =
	"  # F2 har ett literal-block och blocklistor\n"
	"  - id: F2\n"
	"    horizon: \"kort\"\n"
	"    text: |\n"
	"      Föräldraskapsstöd erbjuds i alla kommuner,\n"
	"      även på andra språk än svenska.\n"
	"    priority:\n"
	"      - 2025\n"
	"      - 2026\n"
	"    status: pagar  # pågår sedan mars\n"
	"    groups:\n"
	"      - fstod\n"
	"      - halsa\n"
	"    effects: []\n"
	"    notes: Följs upp på nästa möte.\n";

static const char F3_BLOCK[] =
	"  - id: F3\n"
	"    horizon: lång\n"
	"    text: >\n"
	"      En text i folded stil\n"
	"      som fortsätter på nästa rad.\n"
	"    priority: []\n"
	"    status: \"klar\"\n"
	"    groups: [fstod]\n"
	"    effects:\n"
	"      - rus-folkhalsa\n"
	"    notes: 'En anteckning med ''citat'''\n"
	"    extra:\n"
	"      nested: [1, 2]   # okänd struktur\n";

static const char F4_BLOCK[] =
	"  # F4: utan horizon, groups, effects och notes\n"
	"  - id: F4\n"
	"    text: Plain text with 'quotes' inside\n"
	"    priority: [2025, 2026]   # två år\n"
	"    status: ej-paborjad\n";

static const char F5_BLOCK[] =
	"  - {id: F5, text: 'Kort i flow-stil', status: pagar, groups: [halsa]}\n";

/* A new item as the writer writes it. */
static const char *new_item(struct env *e, const char *id, const char *text)
{
	return own(e, xasprintf("  - id: %s\n"
				"    horizon: kort\n"
				"    text: %s\n"
				"    priority: []\n"
				"    status: ej-paborjad\n"
				"    groups: []\n"
				"    effects: []\n"
				"    notes: \"\"\n", id, text));
}

static void check_blocks_known(struct env *e)
{
	const char *blocks[] = { F1_BLOCK, F2_BLOCK, F3_BLOCK, F4_BLOCK, F5_BLOCK };
	for (size_t i = 0; i < 5; i++)
		ck_assert_msg(strstr(e->orig, nl(e, blocks[i])) != NULL,
			      "test bug: block %zu not in the fixture", i + 1);
}

START_TEST(test_add)
{
	struct env e;
	/* at the end: only new lines, after the last item */
	env_open(&e, fixtures[_i]);
	check_blocks_known(&e);
	ck_assert_str_eq(do_add(&e, 5, "Ny förändring"), "F6");
	const char *item = new_item(&e, "F6", "Ny förändring");
	save_expect(&e, edited(&e, (const char *[]){ F5_BLOCK, own(&e, xasprintf("%s\n%s", F5_BLOCK,
										 item)) }, 1),
		    0, 9);
	env_close(&e);

	/* first */
	env_open(&e, fixtures[_i]);
	do_add(&e, 0, "Först: med kolon");
	item = new_item(&e, "F6", "\"Först: med kolon\"");
	save_expect(&e, edited(&e, (const char *[]){ F1_BLOCK, own(&e, xasprintf("%s\n%s", item,
										 F1_BLOCK)) }, 1),
		    0, 9);
	env_close(&e);

	/* in the middle */
	env_open(&e, fixtures[_i]);
	do_add(&e, 2, "Mitt i");
	item = new_item(&e, "F6", "Mitt i");
	save_expect(&e, edited(&e, (const char *[]){ F3_BLOCK, own(&e, xasprintf("%s\n%s", item,
										 F3_BLOCK)) }, 1),
		    0, 9);
	env_close(&e);

}
END_TEST

/* Two at once, one with a multi-line text (a literal block). */
START_TEST(test_add_multiline)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	do_add(&e, 5, "Sist");
	do_add(&e, 5, "Två\nrader");
	const char *multi = own(&e, xasprintf("  - id: F7\n"
					      "    horizon: kort\n"
					      "    text: |-\n"
					      "      Två\n"
					      "      rader\n"
					      "    priority: []\n"
					      "    status: ej-paborjad\n"
					      "    groups: []\n"
					      "    effects: []\n"
					      "    notes: \"\"\n"));
	save_expect(&e, edited(&e, (const char *[]){ F5_BLOCK,
						     own(&e, xasprintf("%s\n%s\n%s", F5_BLOCK, multi,
								       new_item(&e, "F6", "Sist"))) },
			       1),
		    0, 20);
	env_close(&e);
}
END_TEST

START_TEST(test_delete)
{
	struct env e;
	/* the second: its block and one blank line go, nothing else */
	env_open(&e, fixtures[_i]);
	do_delete(&e, "F2");
	const char *gone = own(&e, xasprintf("%s\n", F2_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ gone, "" }, 1), 16, 0);
	env_close(&e);

	/* the first */
	env_open(&e, fixtures[_i]);
	do_delete(&e, "F1");
	gone = own(&e, xasprintf("%s\n", F1_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ gone, "" }, 1), 13, 0);
	env_close(&e);

	/* the last, a flow item */
	env_open(&e, fixtures[_i]);
	do_delete(&e, "F5");
	gone = own(&e, xasprintf("\n%s", F5_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ gone, "" }, 1), 2, 0);
	env_close(&e);

	/* two */
	env_open(&e, fixtures[_i]);
	do_delete(&e, "F3");
	do_delete(&e, "F4");
	gone = own(&e, xasprintf("%s\n%s\n", F3_BLOCK, F4_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ gone, "" }, 1), 20, 0);
	env_close(&e);
}
END_TEST

START_TEST(test_delete_all_then_add)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	const char *ids[] = { "F1", "F2", "F3", "F4", "F5" };
	for (size_t i = 0; i < 5; i++)
		do_delete(&e, ids[i]);
	save_expect(&e, edited(&e, (const char *[]){
				       own(&e, xasprintf("changes:\n%s\n%s\n%s\n%s\n%s", F1_BLOCK,
							 F2_BLOCK, F3_BLOCK, F4_BLOCK, F5_BLOCK)),
				       "changes: []\n" }, 1),
		    -1, -1);
	env_reload(&e);
	ck_assert_uint_eq(plan_count(e.p, K_CHANGE), 0);
	do_add(&e, 0, "Den enda");
	struct buf out = BUF_INIT;
	struct diags d = DIAGS_INIT;
	bool changed;
	ck_assert_int_eq(render_changes(e.st, e.p, &out, &changed, &d), 0);
	save_expect(&e, out.s, -1, -1);
	ck_assert_ptr_nonnull(strstr(out.s, "text: Den enda"));
	ck_assert_ptr_nonnull(strstr(out.s, "schema: 1"));
	ck_assert_ptr_nonnull(strstr(out.s, "# och en till"));
	buf_release(&out);
	diags_clear(&d);
	env_close(&e);
}
END_TEST

START_TEST(test_move)
{
	struct env e;
	/* F3 up: the blocks of F2 and F3 swap; the blank line between stays */
	env_open(&e, fixtures[_i]);
	do_move(&e, "F3", -1);
	const char *from = own(&e, xasprintf("%s\n%s", F2_BLOCK, F3_BLOCK));
	const char *to = own(&e, xasprintf("%s\n%s", F3_BLOCK, F2_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ from, to }, 1), -1, -1);
	env_close(&e);

	/* F1 down */
	env_open(&e, fixtures[_i]);
	do_move(&e, "F1", 1);
	from = own(&e, xasprintf("%s\n%s", F1_BLOCK, F2_BLOCK));
	to = own(&e, xasprintf("%s\n%s", F2_BLOCK, F1_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ from, to }, 1), -1, -1);
	env_close(&e);

	/* the flow item up past a block item */
	env_open(&e, fixtures[_i]);
	do_move(&e, "F5", -1);
	from = own(&e, xasprintf("%s\n%s", F4_BLOCK, F5_BLOCK));
	to = own(&e, xasprintf("%s\n%s", F5_BLOCK, F4_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ from, to }, 1), -1, -1);
	env_close(&e);

	/* down twice: F1 to the third place */
	env_open(&e, fixtures[_i]);
	do_move(&e, "F1", 1);
	do_move(&e, "F1", 1);
	from = own(&e, xasprintf("%s\n%s\n%s", F1_BLOCK, F2_BLOCK, F3_BLOCK));
	to = own(&e, xasprintf("%s\n%s\n%s", F2_BLOCK, F3_BLOCK, F1_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ from, to }, 1), -1, -1);
	env_close(&e);

	/* moved and edited */
	env_open(&e, fixtures[_i]);
	do_move(&e, "F4", -1);
	do_set(&e, "F4", CF_STATUS, "klar");
	const char *f4 = own(&e, xasprintf("%.*sklar\n", (int)(sizeof(F4_BLOCK) - 1 - 12),
					   F4_BLOCK));
	from = own(&e, xasprintf("%s\n%s", F3_BLOCK, F4_BLOCK));
	to = own(&e, xasprintf("%s\n%s", f4, F3_BLOCK));
	save_expect(&e, edited(&e, (const char *[]){ from, to }, 1), -1, -1);
	env_close(&e);
}
END_TEST

/* Every kind of op, done and undone before a save: the file is
 * byte-identical to the original. */
START_TEST(test_undo_then_save)
{
	for (int k = 0; k < 13; k++) {
		struct env e;
		env_open(&e, fixtures[_i]);
		switch (k) {
		case 0: do_set(&e, "F2", CF_STATUS, "klar"); break;
		case 1: do_set(&e, "F3", CF_TEXT, "Ny\ntext"); break;
		case 2: do_set(&e, "F4", CF_NOTES, "Ny"); break;
		case 3: do_set(&e, "F1", CF_HORIZON, "lång"); break;
		case 4: do_year(&e, "F2", 2025, false); break;
		case 5: do_year(&e, "F1", 2027, true); break;
		case 6: do_item(&e, "F2", CF_GROUPS, "halsa", false); break;
		case 7: do_item(&e, "F1", CF_EFFECTS, "nat-barn", true); break;
		case 8: do_add(&e, 1, "Ny"); break;
		case 9: do_delete(&e, "F3"); break;
		case 10: do_move(&e, "F2", 1); break;
		case 12: /* the first of two: undo must put it back first */
			do_item(&e, "F2", CF_GROUPS, "fstod", false);
			break;
		case 11:
			do_delete(&e, "F1");
			do_move(&e, "F5", -1);
			do_add(&e, 0, "Först");
			do_set(&e, "F2", CF_STATUS, "klar");
			break;
		}
		undo_all(&e);
		int written = -1;
		struct diags d = DIAGS_INIT;
		struct buf why = BUF_INIT;
		int rc = store_save(e.st, e.p, &written, &d);
		print_diags(&d, &why);
		ck_assert_msg(rc == 0, "case %d: %s", k, buf_str(&why));
		size_t len;
		char *now = read_all(e.path, &len);
		assert_text_eq(now, len, e.orig, e.orig_len, "undone and saved");
		assert_dir_holds(e.dir, "changes.yaml groups.yaml plan.yaml");
		free(now);
		buf_release(&why);
		diags_clear(&d);
		env_close(&e);
	}
}
END_TEST

/* Saved as the workbench saves (the store following the new texts),
 * edited and saved again in the same session; then undone (the ops made
 * before the first save too) and saved: the original bytes. */
static void followed(struct env *e)
{
	for (int k = 0; k < K_COUNT; k++)
		for (size_t i = 0; i < plan_count(e->p, (enum kind)k); i++)
			ck_assert_uint_eq(rec_head(plan_rec(e->p, (enum kind)k, i))->dirty, 0);
}

START_TEST(test_save_twice)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	e.follow = true;
	struct change *f2 = plan_find_change(e.p, "F2");
	do_set(&e, "F2", CF_STATUS, "klar");
	expect_one(&e, "    status: pagar  # pågår sedan mars\n",
		   "    status: klar  # pågår sedan mars\n", 1, 1);
	followed(&e);
	/* the plan's change objects are the same ones */
	ck_assert_ptr_eq(plan_find_change(e.p, "F2"), f2);
	/* a second edit after the save */
	do_set(&e, "F3", CF_STATUS, "pagar");
	do_move(&e, "F4", -1);
	const char *pairs[] = {
		"    status: pagar  # pågår sedan mars\n", "    status: klar  # pågår sedan mars\n",
		"    status: \"klar\"\n", "    status: \"pagar\"\n",
	};
	const char *want = edited(&e, pairs, 2);
	/* F3 and F4 swapped in what we expect */
	const char *f3 = own(&e, xasprintf("%.*s\"pagar\"%s", (int)(strstr(F3_BLOCK, "\"klar\"") - F3_BLOCK),
					   F3_BLOCK, strstr(F3_BLOCK, "\"klar\"") + 6));
	const char *swap[] = { own(&e, xasprintf("%s\n%s", f3, F4_BLOCK)),
			       own(&e, xasprintf("%s\n%s", F4_BLOCK, f3)) };
	struct buf w = BUF_INIT;
	const char *from = nl(&e, swap[0]), *to = nl(&e, swap[1]);
	const char *at = strstr(want, from);
	ck_assert_ptr_nonnull(at);
	buf_add(&w, want, (size_t)(at - want));
	buf_adds(&w, to);
	buf_adds(&w, at + strlen(from));
	free(e.orig);
	e.orig = read_all(e.path, &e.orig_len); /* the diff is to the first save */
	save_expect(&e, w.s, -1, -1);
	buf_release(&w);
	followed(&e);
	/* undo all three, save: the bytes first read */
	undo_all(&e);
	int written = -1;
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	int rc = store_save(e.st, e.p, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "a third save failed: %s", buf_str(&why));
	size_t len;
	char *now = read_all(e.path, &len);
	char *src = xasprintf("%s/tests/fixtures/%s/changes.yaml", top_srcdir(), fixtures[_i]);
	size_t olen;
	char *orig = read_all(src, &olen);
	assert_text_eq(now, len, orig, olen, "undone after saves");
	free(orig);
	free(src);
	free(now);
	buf_release(&why);
	diags_clear(&d);
	env_close(&e);
}
END_TEST

/* ---- a save the store follows (the workbench's) --------------------------- */

/* Saves as the workbench does (store_save_ex, following the new texts);
 * the store must then stand as one read afresh from the files. */
static void save_follow(struct env *e, const char *what)
{
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	int written = -1;
	struct store_save_opts o = { .follow = true };
	int rc = store_save_ex(e->st, e->p, &o, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "%s: not saved: %s", what, buf_str(&why));
	struct store *fst;
	struct plan *fresh = load_dir(e->dir, &fst);
	buf_reset(&why);
	ck_assert_msg(store_same_layout(e->st, e->p, fst, fresh, &why),
		      "%s: the store that followed its save stands otherwise than one read afresh: %s",
		      what, buf_str(&why));
	plan_free(&fresh);
	store_free(&fst);
	buf_release(&why);
	diags_clear(&d);
}

START_TEST(test_save_follows)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_STATUS, "klar");
	save_follow(&e, "a status");
	do_move(&e, "F4", -1);
	do_delete(&e, "F1");
	do_add(&e, 2, "Ny förändring");
	do_set(&e, "F3", CF_NOTES, "Ny anteckning\npå två rader");
	save_follow(&e, "moved, deleted, added");
	do_set_rec(&e, K_PLAN, "", PL_FOCUS_YEAR, "2026");
	do_set_rec(&e, K_GROUP, "halsa", GF_LEAD, "Ida Broman");
	save_follow(&e, "plan.yaml and groups.yaml");
	do_set(&e, "F5", CF_TEXT, "Sist i listan");
	do_set(&e, "F2", CF_NOTES, "");
	save_follow(&e, "the last one, a one-line mapping");
	env_close(&e);

	/* edits saved, then undone and saved: the bytes first read */
	env_open(&e, fixtures[_i]);
	do_set(&e, "F3", CF_STATUS, "pagar");
	do_move(&e, "F2", 1);
	do_set_rec(&e, K_PLAN, "", PL_FOCUS_YEAR, "2027");
	save_follow(&e, "before the undo");
	undo_all(&e);
	save_follow(&e, "undone");
	for (int f = 0; f < SF_COUNT; f++) {
		if (!e.forig[f])
			continue;
		size_t len;
		char *now = read_all(e.fpath[f], &len);
		assert_text_eq(now, len, e.forig[f], e.forig_len[f], "undone after saves");
		free(now);
	}
	env_close(&e);
}
END_TEST

/* ---- faults the saver's reading back must catch --------------------------- */

/* Each case turns a byte or two of the composed changes.yaml, as a faulty
 * writer might, without changing its length. */
enum fault {
	FAULT_WRONG_VALUE, /* the edited value is not what was asked */
	FAULT_NEIGHBOUR,   /* the record after the edited one changed */
	FAULT_COMMENT,     /* a comment line ate the line after it */
	FAULT_SPLIT,       /* a line of the edited record became an item */
	FAULT_COUNT
};
static enum fault fault_case;
static char *faulty; /* the text with the fault, for reading it whole */
static size_t faulty_len;

static char *find_in(char *text, size_t len, const char *what)
{
	char *at = memmem(text, len, what, strlen(what));
	ck_assert_msg(at != NULL, "no '%s' in the new text", what);
	return at;
}

static void put_fault(enum store_file_id f, char *text, size_t len)
{
	if (f != SF_CHANGES)
		return;
	char *at;
	switch (fault_case) {
	case FAULT_WRONG_VALUE:
		at = find_in(text, len, "i april");
		at[2] = 'A';
		break;
	case FAULT_NEIGHBOUR:
		at = find_in(text, len, "'En anteckning");
		at[1] = 'e';
		break;
	case FAULT_COMMENT:
		at = find_in(text, len, "blocklistor") + strlen("blocklistor");
		if (*at == '\r')
			*at++ = ' ';
		*at = ' ';
		break;
	case FAULT_SPLIT:
		at = find_in(text, len, "    status: pagar");
		memcpy(at, "  - ", 4);
		break;
	case FAULT_COUNT:
		break;
	}
	free(faulty);
	faulty = xmalloc(len + 1);
	memcpy(faulty, text, len);
	faulty[len] = '\0';
	faulty_len = len;
}

/* A patch of F2, and a fault put into the result: the save is refused and
 * nothing written, and the whole text read afresh does not read as the
 * plan either (the narrowed reading back catches what the whole one
 * would). */
START_TEST(test_faults_caught)
{
	struct env e;
	env_open(&e, fixtures[_i / FAULT_COUNT]);
	fault_case = (enum fault)(_i % FAULT_COUNT);
	do_set(&e, "F2", CF_NOTES, "Följs upp i april.");
	store_test_fault = put_fault;
	int written = -1;
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	struct store_save_opts o = { .follow = true };
	int rc = store_save_ex(e.st, e.p, &o, &written, &d);
	store_test_fault = NULL;
	print_diags(&d, &why);
	ck_assert_msg(rc == -1, "fault %d: saved", fault_case);
	ck_assert_int_eq(written, 0);
	ck_assert_msg(strstr(buf_str(&why), "would not read back") != NULL, "fault %d: %s",
		      fault_case, buf_str(&why));
	size_t len;
	char *now = read_all(e.path, &len);
	assert_text_eq(now, len, e.orig, e.orig_len, "after a refused save");
	free(now);

	/* read whole, the faulty text is not the plan either */
	const char *names[SF_COUNT], *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++) {
		names[f] = schema_files[f].name;
		texts[f] = f == SF_CHANGES ? faulty : e.forig[f];
		lens[f] = f == SF_CHANGES ? faulty_len : e.forig_len[f];
	}
	struct plan *q = NULL;
	struct store *sq = NULL;
	struct diags dq = DIAGS_INIT;
	if (store_load_texts(names, texts, lens, &q, &sq, &dq) == 0) {
		bool same = plan_count(q, K_CHANGE) == plan_count(e.p, K_CHANGE);
		for (size_t i = 0; same && i < plan_count(q, K_CHANGE); i++)
			same = change_equal(plan_change(q, i), plan_change(e.p, i));
		ck_assert_msg(!same, "fault %d: the whole text reads as the plan", fault_case);
	}
	plan_free(&q);
	store_free(&sq);
	diags_clear(&dq);
	free(faulty);
	faulty = NULL;

	/* without the fault, the same save goes through */
	diags_clear(&d);
	save_follow(&e, "without the fault");
	buf_release(&why);
	env_close(&e);
}
END_TEST

/* Without following its save, a second save is refused (the file is no longer
 * what the store read), and nothing is written. */
START_TEST(test_save_again_without_follow)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	do_set(&e, "F2", CF_STATUS, "klar");
	expect_one(&e, "    status: pagar  # pågår sedan mars\n",
		   "    status: klar  # pågår sedan mars\n", 1, 1);
	size_t len1;
	char *first = read_all(e.path, &len1);
	do_set(&e, "F3", CF_STATUS, "pagar");
	int written = -1;
	struct diags d = DIAGS_INIT;
	int rc = store_save(e.st, e.p, &written, &d);
	if (rc == 0) {
		/* brought up to date by store_save itself: then both edits are in */
		const char *pairs[] = {
			"    status: pagar  # pågår sedan mars\n", "    status: klar  # pågår sedan mars\n",
			"    status: \"klar\"\n", "    status: \"pagar\"\n",
		};
		const char *want = edited(&e, pairs, 2);
		size_t len;
		char *now = read_all(e.path, &len);
		assert_text_eq(now, len, want, strlen(want), "second save");
		free(now);
	} else {
		ck_assert_int_eq(written, 0);
		size_t len;
		char *now = read_all(e.path, &len);
		assert_text_eq(now, len, first, len1, "refused second save");
		free(now);
	}
	free(first);
	diags_clear(&d);
	env_close(&e);
}
END_TEST

/* ---- values that need quoting -------------------------------------------- */

static const char *const tricky[] = {
	"yes", "no", "2025", "-12", "a: b", "x # y", " lead", "trail ", "  both  ",
	"rad ett  \nrad två", "rad ett\nrad två", "rad\n", "slut med två\n\n",
	"\nbörjar med radbrytning", " indrag\nandra", "å ä ö Å Ä Ö", "emoji 😀 🇸🇪",
	"'q'", "\"q\"", "it's", "- x", "[x]", "{x}", "x, y", "#x", "null", "~",
	"tab\there", "back\\slash", "a:b", "@x", "%x", "line\n  indented\n", "}", "'",
	"Parternas beslutsfattare", "F1",
};

START_TEST(test_tricky_values)
{
	const char *v = tricky[_i];
	struct env e;
	env_open(&e, "commented");
	do_set(&e, "F1", CF_TEXT, v);  /* single-quoted */
	do_set(&e, "F4", CF_TEXT, v);  /* plain */
	do_set(&e, "F3", CF_TEXT, v);  /* folded */
	do_set(&e, "F2", CF_TEXT, v);  /* literal */
	do_set(&e, "F1", CF_NOTES, v); /* double-quoted */
	do_set(&e, "F2", CF_NOTES, v); /* plain */
	do_set(&e, "F3", CF_NOTES, v); /* single-quoted */
	do_set(&e, "F4", CF_NOTES, v); /* missing */
	do_set(&e, "F5", CF_NOTES, v); /* missing, flow item */
	const char *id = do_add(&e, 5, v);
	do_set(&e, id, CF_NOTES, v);
	int written = -1;
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	int rc = store_save(e.st, e.p, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "saving value %d failed:\n%s", _i, buf_str(&why));
	ck_assert_int_eq(written, 1);
	struct store *st2;
	struct plan *p2 = load_dir(e.dir, &st2);
	assert_plans_equal(p2, e.p, "read back");
	for (size_t i = 0; i < plan_count(p2, K_CHANGE); i++) {
		if (strcmp(plan_change(p2, i)->id, "F5") != 0)
			ck_assert_str_eq(plan_change(p2, i)->text, v);
		ck_assert_str_eq(plan_change(p2, i)->notes, v);
	}
	/* the other fields and the unknown keys are untouched */
	ck_assert_str_eq(plan_find_change(p2, "F2")->status, "pagar");
	ck_assert_uint_eq(plan_find_change(p2, "F2")->groups.n, 2);
	size_t len;
	char *now = read_all(e.path, &len);
	ck_assert_ptr_nonnull(strstr(now, "    owner: Lisa      # okänd nyckel i en förändring\n"));
	ck_assert_ptr_nonnull(strstr(now, "      nested: [1, 2]   # okänd struktur\n"));
	ck_assert_ptr_nonnull(strstr(now, "\n# en kommentar sist i filen\n# och en till\n"));
	free(now);
	plan_free(&p2);
	store_free(&st2);
	buf_release(&why);
	diags_clear(&d);
	env_close(&e);
}
END_TEST

/* The same values as the single-quoted text of an item written as a flow
 * mapping, where a literal block cannot stand. */
START_TEST(test_tricky_values_flow_item)
{
	const char *v = tricky[_i];
	struct env e;
	env_open(&e, "commented");
	do_set(&e, "F5", CF_TEXT, v);
	int written = -1;
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	int rc = store_save(e.st, e.p, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "saving value %d as F5's text failed:\n%s", _i, buf_str(&why));
	struct store *st2;
	struct plan *p2 = load_dir(e.dir, &st2);
	assert_plans_equal(p2, e.p, "read back");
	ck_assert_str_eq(plan_find_change(p2, "F5")->text, v);
	/* still one line: the other lines are untouched */
	size_t len;
	char *now = read_all(e.path, &len);
	struct diff df;
	line_diff(e.orig, e.orig_len, now, len, &df);
	ck_assert_uint_eq(df.old_mid, 1);
	ck_assert_uint_eq(df.new_mid, 1);
	diff_free(&df);
	free(now);
	plan_free(&p2);
	store_free(&st2);
	buf_release(&why);
	diags_clear(&d);
	env_close(&e);
}
END_TEST

/* ---- atomic writes ------------------------------------------------------------ */

START_TEST(test_mode_kept)
{
	mode_t modes[] = { 0640, 0600, 0664 };
	for (size_t i = 0; i < 3; i++) {
		struct env e;
		env_open(&e, "commented");
		plan_free(&e.p);
		store_free(&e.st);
		ck_assert_int_eq(chmod(e.path, modes[i]), 0);
		e.p = load_dir(e.dir, &e.st);
		do_set(&e, "F2", CF_STATUS, "klar");
		expect_one(&e, "    status: pagar  # pågår sedan mars\n",
			   "    status: klar  # pågår sedan mars\n", 1, 1);
		struct stat sb;
		ck_assert_int_eq(stat(e.path, &sb), 0);
		ck_assert_msg((sb.st_mode & 07777) == modes[i], "mode %o became %o",
			      (unsigned)modes[i], (unsigned)(sb.st_mode & 07777));
		env_close(&e);
	}
}
END_TEST

START_TEST(test_symlink_kept)
{
	/* dir/plan/changes.yaml -> ../shared/changes-real.yaml */
	char *dir = new_dir();
	char *plan = xasprintf("%s/plan", dir), *shared = xasprintf("%s/shared", dir);
	ck_assert_int_eq(mkdir(plan, 0755), 0);
	ck_assert_int_eq(mkdir(shared, 0755), 0);
	char *src = xasprintf("%s/tests/fixtures/commented", top_srcdir());
	copy_plan(src, plan);
	char *link = xasprintf("%s/changes.yaml", plan);
	char *real = xasprintf("%s/changes-real.yaml", shared);
	ck_assert_int_eq(rename(link, real), 0);
	ck_assert_int_eq(chmod(real, 0640), 0);
	ck_assert_int_eq(symlink("../shared/changes-real.yaml", link), 0);

	struct env e;
	memset(&e, 0, sizeof(e));
	e.dir = xstrdup(plan);
	e.path = xstrdup(link);
	e.nl = "\n";
	e.orig = read_all(real, &e.orig_len);
	e.p = load_dir(plan, &e.st);
	do_set(&e, "F2", CF_STATUS, "klar");
	int written = -1;
	struct diags d = DIAGS_INIT;
	struct buf why = BUF_INIT;
	int rc = store_save(e.st, e.p, &written, &d);
	print_diags(&d, &why);
	ck_assert_msg(rc == 0, "save through a symlink failed: %s", buf_str(&why));
	ck_assert_int_eq(written, 1);

	struct stat sb;
	ck_assert_int_eq(lstat(link, &sb), 0);
	ck_assert_msg(S_ISLNK(sb.st_mode), "changes.yaml is no longer a symlink");
	char target[256];
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	ck_assert_int_gt(n, 0);
	target[n] = '\0';
	ck_assert_str_eq(target, "../shared/changes-real.yaml");
	size_t len;
	char *now = read_all(real, &len);
	const char *want = edited(&e, (const char *[]){ "    status: pagar  # pågår sedan mars\n",
							"    status: klar  # pågår sedan mars\n" }, 1);
	assert_text_eq(now, len, want, strlen(want), "the link's target");
	ck_assert_int_eq(stat(real, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0640);
	assert_dir_holds(plan, "changes.yaml groups.yaml plan.yaml");
	assert_dir_holds(shared, "changes-real.yaml");
	free(now);
	buf_release(&why);
	diags_clear(&d);
	env_close(&e);
	free(dir);
	free(plan);
	free(shared);
	free(src);
	free(link);
	free(real);
}
END_TEST

/* A file changed on disk after load: the save is refused and nothing
 * is written.  Case 3: the file is rewritten in place (as editors that
 * truncate and write do) with a much shorter text; the plan's items stand
 * beyond the first pages of the original, behind a long comment. */
START_TEST(test_changed_on_disk)
{
	int how = _i;
	{
		struct env e;
		env_open(&e, "commented");
		if (how == 3) {
			struct buf big = BUF_INIT;
			for (int i = 0; i < 400; i++)
				buf_addf(&big, "# %03d En lång inledande kommentar om planen.\n", i);
			buf_add(&big, e.orig, e.orig_len);
			write_all(e.path, big.s, big.len);
			buf_release(&big);
			env_reload(&e);
			ck_assert_uint_gt(e.orig_len, 16384);
		}
		do_set(&e, "F2", CF_STATUS, "klar");
		struct buf theirs = BUF_INIT;
		buf_add(&theirs, e.orig, e.orig_len);
		if (how == 0) {
			/* someone else's edit, written in place */
			buf_adds(&theirs, "# tillagd av någon annan\n");
			write_all(e.path, theirs.s, theirs.len);
		} else if (how == 1) {
			/* replaced by rename, as git checkout does */
			char *tmp = xasprintf("%s/x.tmp", e.dir);
			theirs.s[theirs.len - 2] = '!';
			write_all(tmp, theirs.s, theirs.len);
			ck_assert_int_eq(rename(tmp, e.path), 0);
			free(tmp);
		} else if (how == 3) {
			buf_reset(&theirs);
			buf_adds(&theirs, "changes: []\n");
			write_all(e.path, theirs.s, theirs.len);
		} else {
			/* same size, same bytes but one, rewritten with another mtime */
			char *p = strstr(theirs.s, "status: pagar");
			memcpy(p, "status: klar ", 13);
			write_all(e.path, theirs.s, theirs.len);
			struct timespec ts[2] = { old_time, old_time };
			ck_assert_int_eq(utimensat(AT_FDCWD, e.path, ts, 0), 0);
		}
		int written = -1;
		struct diags d = DIAGS_INIT;
		ck_assert_msg(store_save(e.st, e.p, &written, &d) == -1, "case %d: saved", how);
		ck_assert_int_eq(written, 0);
		ck_assert_uint_ge(d.n, 1);
		ck_assert_msg(strstr(d.v[0].msg, "changed on disk") != NULL, "case %d: message: %s",
			      how, d.v[0].msg);
		size_t len;
		char *now = read_all(e.path, &len);
		assert_text_eq(now, len, theirs.s, theirs.len, "their file");
		assert_dir_holds(e.dir, "changes.yaml groups.yaml plan.yaml");
		free(now);
		buf_release(&theirs);
		diags_clear(&d);
		env_close(&e);
	}
}
END_TEST

START_TEST(test_write_file_atomic)
{
	char *dir = new_dir();
	char *path = xasprintf("%s/f.yaml", dir);
	/* a new file */
	ck_assert_int_eq(write_file_atomic(path, "a: 1\n", 5), 0);
	size_t len;
	char *t = read_all(path, &len);
	assert_text_eq(t, len, "a: 1\n", 5, "new file");
	free(t);
	/* an existing file keeps its mode */
	ck_assert_int_eq(chmod(path, 0604), 0);
	ck_assert_int_eq(write_file_atomic(path, "b: 2\nc: 3\n", 10), 0);
	t = read_all(path, &len);
	assert_text_eq(t, len, "b: 2\nc: 3\n", 10, "rewritten file");
	free(t);
	struct stat sb;
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_uint_eq(sb.st_mode & 07777, 0604);
	/* a symlink stays one */
	char *link = xasprintf("%s/l.yaml", dir);
	ck_assert_int_eq(symlink("f.yaml", link), 0);
	ck_assert_int_eq(write_file_atomic(link, "", 0), 0);
	ck_assert_int_eq(lstat(link, &sb), 0);
	ck_assert(S_ISLNK(sb.st_mode));
	t = read_all(path, &len);
	ck_assert_uint_eq(len, 0);
	free(t);
	assert_dir_holds(dir, "f.yaml l.yaml");
	/* a directory that does not exist: -1 with errno */
	char *bad = xasprintf("%s/nope/f.yaml", dir);
	errno = 0;
	ck_assert_int_eq(write_file_atomic(bad, "x", 1), -1);
	ck_assert_int_eq(errno, ENOENT);
	free(bad);
	free(link);
	free(path);
	free(dir);
}
END_TEST

/* ---- plans that fail to load ------------------------------------------------ */

static void assert_load_fails(const char *dir, const char *want_in_msg)
{
	struct plan *p = (struct plan *)1;
	struct store *st = (struct store *)1;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(store_load(dir, &p, &st, &d), -1);
	ck_assert_ptr_null(p);
	ck_assert_ptr_null(st);
	ck_assert_uint_ge(d.n, 1);
	struct buf b = BUF_INIT;
	print_diags(&d, &b);
	ck_assert_msg(strstr(buf_str(&b), want_in_msg) != NULL, "expected '%s' in:\n%s",
		      want_in_msg, buf_str(&b));
	buf_release(&b);
	diags_clear(&d);
}

static void replace_in_file(const char *path, const char *from, const char *to)
{
	size_t len;
	char *t = read_all(path, &len);
	char *at = strstr(t, from);
	ck_assert_msg(at != NULL, "test bug: '%s' not in %s", from, path);
	struct buf b = BUF_INIT;
	buf_add(&b, t, (size_t)(at - t));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	write_all(path, b.s, b.len);
	buf_release(&b);
	free(t);
}

START_TEST(test_load_failures)
{
	char *src = xasprintf("%s/tests/fixtures/commented", top_srcdir());
	char *dir = new_dir();
	char *missing = xasprintf("%s/no-such-plan", dir);
	assert_load_fails(missing, "cannot read plan.yaml");
	free(missing);

	copy_plan(src, dir);
	char *changes = xasprintf("%s/changes.yaml", dir);
	replace_in_file(changes, "status: pagar  #", "status: klart  #");
	char *msg = xasprintf("%s/changes.yaml:28:13: unknown status 'klart' (known: "
			      "ej-paborjad, pagar, klar)", dir);
	assert_load_fails(dir, msg);
	free(msg);

	copy_plan(src, dir);
	replace_in_file(changes, "      - halsa\n", "      - halsan\n");
	assert_load_fails(dir, "unknown group 'halsan' (known: fstod, halsa, samverkan)");

	copy_plan(src, dir);
	replace_in_file(changes, "  - id: F3\n", "  - id: F2\n");
	assert_load_fails(dir, "duplicate change id 'F2'");

	copy_plan(src, dir);
	replace_in_file(changes, "    text: Plain", "   text: Plain");
	assert_load_fails(dir, "syntax error");

	copy_plan(src, dir);
	replace_in_file(changes, "  - id: F3\n", "<<<<<<< HEAD\n  - id: F3\n");
	assert_load_fails(dir, "conflict");

	copy_plan(src, dir);
	replace_in_file(changes, "Plain text", "Plain \x07 text");
	assert_load_fails(dir, "control character");

	/* a bad plan.yaml fails the whole plan */
	copy_plan(src, dir);
	char *planf = xasprintf("%s/plan.yaml", dir);
	replace_in_file(planf, "focus_year: 2025\n", "");
	assert_load_fails(dir, "missing required key 'focus_year'");
	free(planf);

	/* and from texts in memory */
	const char *names[SF_COUNT] = { "plan.yaml", "groups.yaml", "changes.yaml" };
	const char *texts[SF_COUNT] = { "title: T\nfocus_year: 2025\nstatuses:\n  - {key: a, label: A}\n",
					"groups: []\n",
					"changes:\n  - {id: F1, text: x, status: b}\n" };
	size_t lens[SF_COUNT];
	for (int i = 0; i < SF_COUNT; i++)
		lens[i] = texts[i] ? strlen(texts[i]) : 0;
	struct plan *p = (struct plan *)1;
	struct store *st = (struct store *)1;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(store_load_texts(names, texts, lens, &p, &st, &d), -1);
	ck_assert_ptr_null(p);
	ck_assert_ptr_null(st);
	ck_assert_uint_eq(d.n, 1);
	struct buf b = BUF_INIT;
	diag_format(&d.v[0], &b);
	ck_assert_str_eq(buf_str(&b), "changes.yaml:2:31: unknown status 'b' (known: a)");
	buf_release(&b);
	diags_clear(&d);
	/* the same, valid, loads */
	texts[SF_CHANGES] = "changes:\n  - {id: F1, text: x, status: a}\n";
	lens[SF_CHANGES] = strlen(texts[SF_CHANGES]);
	ck_assert_int_eq(store_load_texts(names, texts, lens, &p, &st, &d), 0);
	ck_assert_uint_eq(plan_count(p, K_CHANGE), 1);
	/* a plan from texts has no files to save to */
	do {
		struct op op;
		struct buf err = BUF_INIT;
		ck_assert_int_eq(op_make_set(p, K_CHANGE, "F1", CF_TEXT, "y", &op, &err), 0);
		ck_assert_int_eq(op_apply(p, &op, &err), 0);
		op_clear(&op);
		buf_release(&err);
		int written = -1;
		ck_assert_int_eq(store_save(st, p, &written, &d), -1);
		ck_assert_int_eq(written, 0);
	} while (0);
	plan_free(&p);
	store_free(&st);
	diags_clear(&d);
	free(changes);
	free(dir);
	free(src);
}
END_TEST

/* ---- the plan's other files ------------------------------------------------ */

/* The blocks of the commented fixture's groups.yaml. */
static const char FSTOD_BLOCK[] =
	"  - id: fstod\n"
	"    name: Arbetsgrupp föräldraskapsstöd\n"
	"    lead: \"\"\n"
	"    mandate: \"\"\n"
	"    members: []\n";

static const char HALSA_BLOCK[] =
	"  - id: halsa\n"
	"    name: Arbetsgrupp hälsofrämjande skola\n"
	"    lead: \"\"\n"
	"    mandate: \"\"\n"
	"    members: []\n";

static const char SAMVERKAN_BLOCK[] =
	"  - id: samverkan\n"
	"    name: Arbetsgrupp samverkan\n"
	"    lead: \"\"\n"
	"    mandate: \"\"\n"
	"    members: []\n";

/* The texts a save should write: none (NULL: not written) until set. */
struct want {
	const char *t[SF_COUNT];
};

static void want_file(struct env *e, struct want *w, enum store_file_id f, const char *const *pairs,
		      size_t npairs, size_t old_mid, size_t new_mid)
{
	w->t[f] = edited_file(e, f, pairs, npairs);
	assert_lines_changed(e, f, w->t[f], strlen(w->t[f]), old_mid, new_mid);
}

/* A group's lead and the plan's focus year set: only those lines change,
 * in groups.yaml and plan.yaml; the comments above and beside them stay
 * byte for byte, and changes.yaml is not written. */
START_TEST(test_group_and_plan_fields)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	e.follow = true;
	env_edit_file(&e, SF_GROUPS, (const char *[]){
			      HALSA_BLOCK,
			      "  # halsa: ledaren utses i vår\n"
			      "  - id: halsa\n"
			      "    name: Arbetsgrupp hälsofrämjande skola\n"
			      "    lead: \"\"   # ingen ännu\n"
			      "    mandate: \"\"\n"
			      "    members: []\n" }, 1);
	env_edit_file(&e, SF_PLAN, (const char *[]){
			      "focus_year: 2025\n",
			      "# året i fokus\nfocus_year: 2025  # ändras varje år\n" }, 1);
	do_set_rec(&e, K_GROUP, "halsa", GF_LEAD, "Ida Broman");
	do_set_rec(&e, K_PLAN, "", PL_FOCUS_YEAR, "2026");
	ck_assert_str_eq(plan_find_group(e.p, "halsa")->lead, "Ida Broman");
	ck_assert_int_eq(e.p->info->focus_year, 2026);
	struct want w = { { NULL } };
	want_file(&e, &w, SF_GROUPS, (const char *[]){
			  "    lead: \"\"   # ingen ännu\n",
			  "    lead: \"Ida Broman\"   # ingen ännu\n" }, 1, 1, 1);
	want_file(&e, &w, SF_PLAN, (const char *[]){
			  "focus_year: 2025  # ändras varje år\n",
			  "focus_year: 2026  # ändras varje år\n" }, 1, 1, 1);
	save_expect_files(&e, w.t);

	/* saved again: the second edit patches the new text */
	followed(&e);
	env_read_origs(&e);
	do_set_rec(&e, K_GROUP, "fstod", GF_LEAD, "Per Ek");
	struct want w2 = { { NULL } };
	want_file(&e, &w2, SF_GROUPS, (const char *[]){
			  FSTOD_BLOCK,
			  "  - id: fstod\n"
			  "    name: Arbetsgrupp föräldraskapsstöd\n"
			  "    lead: \"Per Ek\"\n"
			  "    mandate: \"\"\n"
			  "    members: []\n" }, 1, 1, 1);
	save_expect_files(&e, w2.t);
	env_close(&e);

	/* a key of a flow mapping under a key (adopted.by), and a number */
	env_open(&e, fixtures[_i]);
	do_set_rec(&e, K_PLAN, "", PL_ADOPTED_BY, "Styrgrupp folkhälsa");
	do_set_rec(&e, K_PLAN, "", PL_VERSION, "4");
	struct want w3 = { { NULL } };
	want_file(&e, &w3, SF_PLAN, (const char *[]){
			  "version: 3\n", "version: 4\n",
			  "adopted: {by: Chefsgrupp folkhälsa, date:",
			  "adopted: {by: Styrgrupp folkhälsa, date:" }, 2, 2, 2);
	save_expect_files(&e, w3.t);
	env_close(&e);

	/* keys the records lack: a group's notes after its last key; a
	 * meeting's place inside its flow mapping */
	env_open(&e, fixtures[_i]);
	do_set_rec(&e, K_GROUP, "halsa", GF_NOTES, "Ny anteckning");
	do_set_rec(&e, K_MEETING, "2025-03-19", ME_PLACE, "Örebro");
	struct want w4 = { { NULL } };
	want_file(&e, &w4, SF_GROUPS, (const char *[]){
			  HALSA_BLOCK,
			  own(&e, xasprintf("%s    notes: Ny anteckning\n", HALSA_BLOCK)) }, 1, 0, 1);
	want_file(&e, &w4, SF_PLAN, (const char *[]){
			  "  - {date: 2025-03-19}\n", "  - {date: 2025-03-19, place: Örebro}\n" }, 1,
		  1, 1);
	save_expect_files(&e, w4.t);
	env_close(&e);

	/* set and set back (undone): nothing is written */
	env_open(&e, fixtures[_i]);
	do_set_rec(&e, K_GROUP, "halsa", GF_LEAD, "Ida Broman");
	do_set_rec(&e, K_PLAN, "", PL_FOCUS_YEAR, "2026");
	do_set_rec(&e, K_PLAN, "", PL_ADOPTED_BY, "Styrgrupp folkhälsa");
	undo_all(&e);
	struct want none = { { NULL } };
	save_expect_files(&e, none.t);
	env_close(&e);
}
END_TEST

/* A group added is written in the style of its siblings (the same
 * columns, the schema's keys), in its place; a group deleted takes its
 * lines with it, and nothing else. */
START_TEST(test_group_add_delete)
{
	struct env e;
	struct want w;
	/* at the end */
	env_open(&e, fixtures[_i]);
	const char *id = do_add_rec(&e, K_GROUP, 3, (const int[]){ GF_NAME, GF_LEAD },
				    (const char *[]){ "Arbetsgrupp psykisk hälsa", "Ida Broman" }, 2);
	ck_assert_str_eq(id, "arbetsgrupp-psykisk-halsa");
	w = (struct want){ { NULL } };
	want_file(&e, &w, SF_GROUPS, (const char *[]){
			  SAMVERKAN_BLOCK,
			  own(&e, xasprintf("%s"
					    "  - id: arbetsgrupp-psykisk-halsa\n"
					    "    name: Arbetsgrupp psykisk hälsa\n"
					    "    lead: Ida Broman\n"
					    "    mandate: \"\"\n"
					    "    members: []\n"
					    "    notes: \"\"\n", SAMVERKAN_BLOCK)) }, 1, 0, 6);
	save_expect_files(&e, w.t);
	env_close(&e);

	/* in the middle, with members (a block list under the key) */
	env_open(&e, fixtures[_i]);
	id = do_add_rec(&e, K_GROUP, 1, (const int[]){ GF_NAME, GF_MEMBERS },
			(const char *[]){ "Ny grupp", "Ida Broman, Per Ek" }, 2);
	ck_assert_str_eq(id, "ny-grupp");
	ck_assert_ptr_eq(plan_group(e.p, 1), plan_find_group(e.p, "ny-grupp"));
	w = (struct want){ { NULL } };
	want_file(&e, &w, SF_GROUPS, (const char *[]){
			  HALSA_BLOCK,
			  own(&e, xasprintf("  - id: ny-grupp\n"
					    "    name: Ny grupp\n"
					    "    lead: \"\"\n"
					    "    mandate: \"\"\n"
					    "    members:\n"
					    "      - Ida Broman\n"
					    "      - Per Ek\n"
					    "    notes: \"\"\n"
					    "%s", HALSA_BLOCK)) }, 1, 0, 8);
	save_expect_files(&e, w.t);
	env_close(&e);

	/* deleted: the last group's lines go */
	env_open(&e, fixtures[_i]);
	do_delete_rec(&e, K_GROUP, "samverkan");
	ck_assert_ptr_null(plan_find_group(e.p, "samverkan"));
	w = (struct want){ { NULL } };
	want_file(&e, &w, SF_GROUPS, (const char *[]){ SAMVERKAN_BLOCK, "" }, 1, 5, 0);
	save_expect_files(&e, w.t);
	env_close(&e);

	/* a group that changes still name is not deleted; once they no longer do,
	 * it is, and both files are written */
	env_open(&e, fixtures[_i]);
	struct op op;
	ck_assert_int_eq(op_make_delete(e.p, K_GROUP, "fstod", &op, &e.err), -1);
	ck_assert_msg(strstr(buf_str(&e.err), "F2") && strstr(buf_str(&e.err), "F3"),
		      "the refusal does not name F2 and F3: %s", buf_str(&e.err));
	buf_reset(&e.err);
	do_item(&e, "F2", CF_GROUPS, "fstod", false);
	do_item(&e, "F3", CF_GROUPS, "fstod", false);
	do_delete_rec(&e, K_GROUP, "fstod");
	w = (struct want){ { NULL } };
	want_file(&e, &w, SF_GROUPS, (const char *[]){ FSTOD_BLOCK, "" }, 1, 5, 0);
	want_file(&e, &w, SF_CHANGES, (const char *[]){
			  "      - fstod\n      - halsa\n", "      - halsa\n",
			  "    groups: [fstod]\n", "    groups: []\n" }, 2, 2, 1);
	save_expect_files(&e, w.t);
	env_close(&e);

	/* an effect added after effects written as flow mappings: one too */
	env_open(&e, fixtures[_i]);
	id = do_add_rec(&e, K_EFFECT, 2, (const int[]){ EF_NAME, EF_KIND },
			(const char *[]){ "Psykisk hälsa", "nationell" }, 2);
	w = (struct want){ { NULL } };
	want_file(&e, &w, SF_PLAN, (const char *[]){
			  "kind: nationell}\n",
			  own(&e, xasprintf("kind: nationell}\n"
					    "  - {id: %s, name: Psykisk hälsa, kind: nationell}\n",
					    id)) }, 1, 0, 1);
	save_expect_files(&e, w.t);
	env_close(&e);

	/* added, deleted and both undone: nothing is written */
	env_open(&e, fixtures[_i]);
	do_add_rec(&e, K_GROUP, 0, (const int[]){ GF_NAME }, (const char *[]){ "Först" }, 1);
	do_delete_rec(&e, K_GROUP, "samverkan");
	undo_all(&e);
	w = (struct want){ { NULL } };
	save_expect_files(&e, w.t);
	env_close(&e);
}
END_TEST

/* The shipped plan's groups.yaml and plan.yaml: a value set is a
 * one-line diff, and a new group has the keys of the first one at its
 * columns, after the last. */
START_TEST(test_shipped_plan_other_files)
{
	char *src = shipped_plan_dir();
	struct env e;
	env_open_dir(&e, src, "\n");
	ck_assert_uint_ge(plan_count(e.p, K_GROUP), 2);
	char *gid = xstrdup(plan_group(e.p, 0)->id);
	do_set_rec(&e, K_GROUP, gid, GF_LEAD, "Ida Broman");
	do_set_rec(&e, K_PLAN, "", PL_ADOPTED_BY, "Styrgrupp folkhälsa");
	do_set_rec(&e, K_PLAN, "", PL_FOCUS_YEAR, "2026");
	struct buf out[SF_COUNT];
	bool changed[SF_COUNT];
	struct diags d = DIAGS_INIT;
	for (int f = 0; f < SF_COUNT; f++)
		out[f] = (struct buf)BUF_INIT;
	ck_assert_int_eq(render_all(e.st, e.p, out, changed, &d), 0);
	ck_assert(changed[SF_GROUPS] && changed[SF_PLAN] && !changed[SF_CHANGES]);
	assert_lines_changed(&e, SF_GROUPS, out[SF_GROUPS].s, out[SF_GROUPS].len, 1, 1);
	assert_lines_changed(&e, SF_PLAN, out[SF_PLAN].s, out[SF_PLAN].len, 2, 2);
	ck_assert_ptr_nonnull(strstr(out[SF_GROUPS].s, "    lead: \"Ida Broman\"\n"));
	ck_assert_ptr_nonnull(strstr(out[SF_PLAN].s, "\n  by: Styrgrupp folkhälsa\n"));
	ck_assert_ptr_nonnull(strstr(out[SF_PLAN].s, "\nfocus_year: 2026\n"));
	struct want w = { { NULL } };
	w.t[SF_GROUPS] = own(&e, buf_detach(&out[SF_GROUPS]));
	w.t[SF_PLAN] = own(&e, buf_detach(&out[SF_PLAN]));
	save_expect_files(&e, w.t);
	env_close(&e);

	env_open_dir(&e, src, "\n");
	char *last = xasprintf("- id: %s\n", plan_group(e.p, plan_count(e.p, K_GROUP) - 1)->id);
	const char *nid = do_add_rec(&e, K_GROUP, plan_count(e.p, K_GROUP),
				     (const int[]){ GF_NAME }, (const char *[]){ "Ny arbetsgrupp" }, 1);
	ck_assert_int_eq(render_all(e.st, e.p, out, changed, &d), 0);
	ck_assert(changed[SF_GROUPS] && !changed[SF_PLAN] && !changed[SF_CHANGES]);
	struct diff df;
	line_diff(e.forig[SF_GROUPS], e.forig_len[SF_GROUPS], out[SF_GROUPS].s, out[SF_GROUPS].len,
		  &df);
	ck_assert_msg(df.old_mid == 0, "%zu lines gave way:\n%s", df.old_mid, df.old_text);
	diff_free(&df);
	const char *t = out[SF_GROUPS].s;
	char *marker = xasprintf("- id: %s\n", nid), *fmarker = xasprintf("- id: %s\n", gid);
	const char *mine = strstr(t, marker), *first = strstr(t, fmarker), *lastp = strstr(t, last);
	ck_assert_ptr_nonnull(mine);
	ck_assert_ptr_nonnull(first);
	ck_assert_ptr_nonnull(lastp);
	ck_assert_msg(mine > lastp, "the new group is not after the last one");
	while (mine > t && mine[-1] == ' ')
		mine--;
	while (first > t && first[-1] == ' ')
		first--;
	char *k1 = item_keys(first), *k2 = item_keys(mine);
	ck_assert_str_eq(k2, k1);
	ck_assert_uint_eq(strspn(mine, " "), strspn(first, " "));
	w = (struct want){ { NULL } };
	w.t[SF_GROUPS] = own(&e, buf_detach(&out[SF_GROUPS]));
	save_expect_files(&e, w.t);
	free(k1);
	free(k2);
	free(marker);
	free(fmarker);
	free(last);
	for (int f = 0; f < SF_COUNT; f++)
		buf_release(&out[f]);
	diags_clear(&d);
	env_close(&e);
	free(gid);
	free(src);
}
END_TEST

/* Only changes.yaml has an edit, but another file of the plan changed on
 * disk since load: the save is refused (the edit may rest on that file's
 * records) and nothing is written, to any file. */
START_TEST(test_changed_on_disk_unwritten)
{
	int how = _i;
	struct env e;
	env_open(&e, "commented");
	do_set(&e, "F2", CF_STATUS, "klar");
	enum store_file_id f = how == 1 ? SF_PLAN : SF_GROUPS;
	const char *path = e.fpath[f];
	struct buf theirs = BUF_INIT;
	buf_add(&theirs, e.forig[f], e.forig_len[f]);
	const char *names = "changes.yaml groups.yaml plan.yaml";
	if (how == 0) {
		/* a group added by someone else, written in place */
		buf_adds(&theirs, "  - id: ny\n    name: Ny grupp\n");
		write_all(path, theirs.s, theirs.len);
	} else if (how == 1) {
		/* plan.yaml replaced by rename, as git checkout does */
		char *tmp = xasprintf("%s/x.tmp", e.dir);
		char *at = strstr(theirs.s, "focus_year: 2025");
		memcpy(at, "focus_year: 2026", 16);
		write_all(tmp, theirs.s, theirs.len);
		ck_assert_int_eq(rename(tmp, path), 0);
		free(tmp);
	} else if (how == 2) {
		/* groups.yaml removed */
		ck_assert_int_eq(unlink(path), 0);
		names = "changes.yaml plan.yaml";
	} else {
		/* the same size, one byte other, the old time stamp put back */
		struct stat sb;
		ck_assert_int_eq(stat(path, &sb), 0);
		char *at = strstr(theirs.s, "samverkan\n");
		memcpy(at, "Samverkan", 9);
		write_all(path, theirs.s, theirs.len);
		struct timespec ts[2] = { sb.st_atim, sb.st_mtim };
		ck_assert_int_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
	}
	ck_assert(store_changed_on_disk(e.st, f));
	ck_assert(!store_changed_on_disk(e.st, SF_CHANGES));
	ck_assert_int_eq(store_first_changed(e.st), f);

	int written = -1;
	struct diags d = DIAGS_INIT;
	ck_assert_msg(store_save(e.st, e.p, &written, &d) == -1, "case %d: saved", how);
	ck_assert_int_eq(written, 0);
	ck_assert_uint_ge(d.n, 1);
	ck_assert_msg(strstr(d.v[0].msg, "changed on disk") != NULL, "case %d: message: %s", how,
		      d.v[0].msg);
	ck_assert_msg(strcmp(d.v[0].file, path) == 0, "case %d: the message names %s, not %s",
		      how, d.v[0].file, path);
	/* changes.yaml as it was, their file as they left it */
	size_t len;
	char *now = read_all(e.path, &len);
	assert_text_eq(now, len, e.orig, e.orig_len, "changes.yaml");
	free(now);
	if (how != 2) {
		now = read_all(path, &len);
		assert_text_eq(now, len, theirs.s, theirs.len, "their file");
		free(now);
	}
	assert_dir_holds(e.dir, names);
	buf_release(&theirs);
	diags_clear(&d);
	env_close(&e);
}
END_TEST

/* A plan directory made of the three texts. */
static char *plan_dir_of(const char *plan, const char *groups, const char *changes)
{
	char *dir = new_dir();
	const char *texts[SF_COUNT] = { plan, groups, changes };
	for (int f = 0; f < SF_COUNT; f++) {
		char *path = xasprintf("%s/%s", dir, store_file_name((enum store_file_id)f));
		if (texts[f])
			write_all(path, texts[f], strlen(texts[f]));
		free(path);
	}
	return dir;
}

static const char MIN_PLAN[] =
	"title: Minimal\n"
	"focus_year: 2025\n"
	"statuses:\n"
	"  - {key: ej-paborjad, label: Ej påbörjad}\n";
static const char MIN_GROUPS[] = "groups: []\n";
static const char MIN_CHANGES[] =
	"changes:\n"
	"  - id: F1\n"
	"    text: Den enda\n"
	"    status: ej-paborjad\n";

/* What a plan may leave out: every key that is not required (the plan's
 * subtitle, version and adoption; parties, effects and meetings; a
 * change's horizon, priority, groups, effects and notes).  Such a plan
 * loads, and what is set is written in: a new key where the schema puts
 * it, a new list at the end of its file (a date quoted, as yamlout
 * quotes what looks like a number).  (Every file of the plan is
 * required today: one missing fails the load; test_optional_file makes
 * one optional.) */
START_TEST(test_optional_parts)
{
	char *src = plan_dir_of(MIN_PLAN, MIN_GROUPS, MIN_CHANGES);
	struct env e;
	env_open_dir(&e, src, "\n");
	const struct plan *p = e.p;
	ck_assert_uint_eq(plan_count(p, K_PARTY), 0);
	ck_assert_uint_eq(plan_count(p, K_EFFECT), 0);
	ck_assert_uint_eq(plan_count(p, K_MEETING), 0);
	ck_assert_uint_eq(plan_count(p, K_GROUP), 0);
	ck_assert_uint_eq(plan_count(p, K_CHANGE), 1);
	ck_assert_str_eq(p->info->subtitle, "");
	ck_assert_str_eq(p->info->adopted_by, "");
	ck_assert_int_eq(p->info->version, 0);
	ck_assert_uint_eq(plan_change(p, 0)->groups.n, 0);
	ck_assert_str_eq(plan_change(p, 0)->notes, "");
	struct want w = { { NULL } };
	switch (_i) {
	case 0: /* a meeting: the list is added at the end of plan.yaml */
		do_add_rec(&e, K_MEETING, 0, (const int[]){ ME_DATE, ME_PLACE },
			   (const char *[]){ "2025-05-20", "Örebro" }, 2);
		w.t[SF_PLAN] = own(&e, xasprintf("%s"
						 "meetings:\n"
						 "  - date: 2025-05-20\n"
						 "    kind: chefsgrupp\n"
						 "    part: \"\"\n"
						 "    status: planerat\n"
						 "    time: \"\"\n"
						 "    place: Örebro\n"
						 "    note: \"\"\n"
						 "    chair: \"\"\n"
						 "    secretary: \"\"\n"
						 "    attendees: []\n"
						 "    guests: []\n"
						 "    points: []\n"
						 "    actions: []\n", MIN_PLAN));
		break;
	case 1: /* a subtitle: after the title, where the schema puts it */
		do_set_rec(&e, K_PLAN, "", PL_SUBTITLE, "Ny undertitel");
		w.t[SF_PLAN] = edited_file(&e, SF_PLAN, (const char *[]){
			"title: Minimal\n", "title: Minimal\nsubtitle: Ny undertitel\n" }, 1);
		break;
	case 2: /* a group, in the empty list; the change assigned to it */
		do_add_rec(&e, K_GROUP, 0, (const int[]){ GF_NAME }, (const char *[]){ "Grupp" }, 1);
		do_item(&e, "F1", CF_GROUPS, "grupp", true);
		w.t[SF_GROUPS] = "groups:\n"
				 "  - id: grupp\n"
				 "    name: Grupp\n"
				 "    lead: \"\"\n"
				 "    mandate: \"\"\n"
				 "    members: []\n"
				 "    notes: \"\"\n";
		w.t[SF_CHANGES] = own(&e, xasprintf("%s    groups: [grupp]\n", MIN_CHANGES));
		break;
	case 3: /* the mapping under a key that is not there (adopted.by) */
		do_set_rec(&e, K_PLAN, "", PL_ADOPTED_BY, "Chefsgruppen");
		do_set_rec(&e, K_PLAN, "", PL_ADOPTED_DATE, "2025-01-22");
		w.t[SF_PLAN] = edited_file(&e, SF_PLAN, (const char *[]){
			"title: Minimal\n",
			"title: Minimal\nadopted:\n  by: Chefsgruppen\n  date: 2025-01-22\n" }, 1);
		break;
	}
	save_expect_files(&e, w.t);
	env_close(&e);
	rm_rf(src);
	free(src);

	/* a file of the plan missing: the load fails and says which */
	char *dir = plan_dir_of(MIN_PLAN, MIN_GROUPS, MIN_CHANGES);
	char *gpath = xasprintf("%s/groups.yaml", dir);
	ck_assert_int_eq(unlink(gpath), 0);
	assert_load_fails(dir, "cannot read groups.yaml");
	free(gpath);
	free(dir);
	/* and from texts, a NULL text for it */
	const char *names[SF_COUNT] = { "plan.yaml", "groups.yaml", "changes.yaml" };
	const char *texts[SF_COUNT] = { MIN_PLAN, NULL, MIN_CHANGES };
	size_t lens[SF_COUNT] = { strlen(MIN_PLAN), 0, strlen(MIN_CHANGES) };
	struct plan *lp = (struct plan *)1;
	struct store *lst = (struct store *)1;
	struct diags d = DIAGS_INIT;
	ck_assert_int_eq(store_load_texts(names, texts, lens, &lp, &lst, &d), -1);
	ck_assert_ptr_null(lp);
	ck_assert_ptr_null(lst);
	struct buf b = BUF_INIT;
	print_diags(&d, &b);
	ck_assert_msg(strstr(buf_str(&b), "cannot read groups.yaml") != NULL, "messages:\n%s",
		      buf_str(&b));
	buf_release(&b);
	diags_clear(&d);
}
END_TEST

/* Runs a shell command line in `dir`; its exit status. */
static int sh_in(const char *dir, const char *script)
{
	char *cmd = xasprintf("cd '%s' && %s", dir, script);
	int rc = system(cmd);
	free(cmd);
	return rc;
}

/* A file that a later version adds is optional: older plans lack it (a
 * future activities.yaml).  No file is optional today, so groups.yaml is
 * made so here.  A plan without it loads, with no groups; an edit of
 * another file leaves it absent; a group added writes it; and in git, the
 * revision without it still loads and diffs to the group added. */
START_TEST(test_optional_file)
{
	schema_files[SF_GROUPS].required = false;
	char *dir = new_dir();
	for (int f = 0; f < SF_COUNT; f++) {
		if (f == SF_GROUPS)
			continue;
		char *src = xasprintf("%s/data/orebro-2025/%s", top_srcdir(), schema_files[f].name);
		char *dst = xasprintf("%s/%s", dir, schema_files[f].name);
		size_t len;
		char *data = read_all(src, &len);
		write_all(dst, data, len);
		free(data);
		free(src);
		free(dst);
	}
	bool git = sh_in(dir, "git init -q && git add -A && git -c user.name=t -c user.email=t@t "
			      "commit -q -m without-groups 2>/dev/null") == 0;

	struct store *st;
	struct plan *p = load_dir(dir, &st);
	ck_assert_uint_eq(plan_count(p, K_GROUP), 0);
	ck_assert_uint_eq(plan_count(p, K_CHANGE), 12);
	struct op op;
	struct buf err = BUF_INIT;
	struct diags d = DIAGS_INIT;
	int written = 0;
	ck_assert_int_eq(op_make_set(p, K_CHANGE, "F1", CF_STATUS, "pagar", &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	op_clear(&op);
	ck_assert_int_eq(store_save(st, p, &written, &d), 0);
	ck_assert_int_eq(written, 1);
	assert_dir_holds(dir, git ? ".git activities.yaml changes.yaml plan.yaml"
				  : "activities.yaml changes.yaml plan.yaml");
	plan_free(&p);
	store_free(&st);
	p = load_dir(dir, &st); /* as a session does after a save */
	ck_assert_str_eq(plan_find_change(p, "F1")->status, "pagar");

	void *g = op_new_record(p, K_GROUP);
	ck_assert_int_eq(op_record_set(p, K_GROUP, g, GF_NAME, "Hälsokunniga beslutsfattare", &err), 0);
	ck_assert_int_eq(op_make_add(p, K_GROUP, 0, g, &op, &err), 0);
	ck_assert_int_eq(op_apply(p, &op, &err), 0);
	op_clear(&op);
	{
		int rc = store_save(st, p, &written, &d);
		struct buf b = BUF_INIT;
		print_diags(&d, &b);
		ck_assert_msg(rc == 0, "saving the new group: %s", buf_str(&b));
		buf_release(&b);
	}
	assert_dir_holds(dir, git ? ".git activities.yaml changes.yaml groups.yaml plan.yaml"
				  : "activities.yaml changes.yaml groups.yaml plan.yaml");
	plan_free(&p);
	store_free(&st);
	p = load_dir(dir, &st);
	ck_assert_uint_eq(plan_count(p, K_GROUP), 1);
	ck_assert_str_eq(plan_group(p, 0)->name, "Hälsokunniga beslutsfattare");

	if (git) {
		ck_assert_int_eq(sh_in(dir, "git add -A && git -c user.name=t -c user.email=t@t "
					 "commit -q -m with-groups"), 0);
		struct plan *old = NULL;
		struct buf why = BUF_INIT;
		ck_assert_msg(history_load_rev(dir, "HEAD~1", &old, &why) == 0, "HEAD~1: %s",
			      buf_str(&why));
		ck_assert_uint_eq(plan_count(old, K_GROUP), 0);
		char *said = testplan_diff_lines(old, p);
		ck_assert_str_eq(said, "group Hälsokunniga beslutsfattare added\n"
				       "F1: status Ej påbörjad → Pågår\n");
		free(said);
		buf_release(&why);
		plan_free(&old);
	}
	plan_free(&p);
	store_free(&st);
	buf_release(&err);
	diags_clear(&d);
	free(dir);
	schema_files[SF_GROUPS].required = true;
}
END_TEST

/* Renaming a record (setting its id) renames every reference to it, in
 * the other files too; the save writes each file that holds one, a line
 * for each, and undone it writes the original bytes. */
START_TEST(test_rename_record)
{
	struct env e;
	env_open(&e, fixtures[_i]);
	e.follow = true;
	struct op op;
	ck_assert_int_eq(op_make_set(e.p, K_GROUP, "halsa", GF_ID, "fstod", &op, &e.err), -1);
	buf_reset(&e.err);
	do_set_rec(&e, K_GROUP, "halsa", GF_ID, "halsofr");
	ck_assert_ptr_null(plan_find_group(e.p, "halsa"));
	ck_assert_ptr_nonnull(plan_find_group(e.p, "halsofr"));
	ck_assert(rec_list_contains(plan_find_change(e.p, "F2"), K_CHANGE, CF_GROUPS, "halsofr"));
	ck_assert(rec_list_contains(plan_find_change(e.p, "F5"), K_CHANGE, CF_GROUPS, "halsofr"));
	struct want w = { { NULL } };
	want_file(&e, &w, SF_GROUPS, (const char *[]){ "  - id: halsa\n", "  - id: halsofr\n" }, 1,
		  1, 1);
	/* F2's block list keeps the order, F5's flow list stays one */
	want_file(&e, &w, SF_CHANGES, (const char *[]){
			  "      - fstod\n      - halsa\n", "      - fstod\n      - halsofr\n",
			  "groups: [halsa]}", "groups: [halsofr]}" }, 2, 2, 2);
	save_expect_files(&e, w.t);
	followed(&e);
	/* undone after the save: both files as first read */
	struct want orig = { { NULL } };
	for (int f = 0; f < SF_COUNT; f++)
		if (f == SF_GROUPS || f == SF_CHANGES)
			orig.t[f] = own(&e, xstrndup(e.forig[f], e.forig_len[f]));
	env_read_origs(&e);
	undo_all(&e);
	save_expect_files(&e, orig.t);
	env_close(&e);

	/* a status's key: plan.yaml and changes.yaml */
	env_open(&e, fixtures[_i]);
	do_set_rec(&e, K_STATUS, "pagar", ST_KEY, "pagaende");
	ck_assert_str_eq(plan_find_change(e.p, "F2")->status, "pagaende");
	w = (struct want){ { NULL } };
	want_file(&e, &w, SF_PLAN, (const char *[]){ "{key: pagar,", "{key: pagaende," }, 1, 1, 1);
	want_file(&e, &w, SF_CHANGES, (const char *[]){
			  "    status: pagar  # pågår", "    status: pagaende  # pågår",
			  "status: pagar, groups", "status: pagaende, groups" }, 2, 2, 2);
	save_expect_files(&e, w.t);
	env_close(&e);
}
END_TEST

static Suite *store_suite(void)
{
	Suite *s = suite_create("store");
	int nf = (int)(sizeof(fixtures) / sizeof(*fixtures));

	TCase *tc = tcase_create("round trip");
	tcase_add_unchecked_fixture(tc, root_setup, root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_no_churn_fixture, 0, nf);
	tcase_add_test(tc, test_no_churn_shipped_plan);
	tcase_add_test(tc, test_shipped_plan_edits);
	tcase_add_test(tc, test_crlf_twin);
	suite_add_tcase(s, tc);

	tc = tcase_create("one-line diffs");
	tcase_add_unchecked_fixture(tc, root_setup, root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_status_one_line, 0, nf);
	tcase_add_loop_test(tc, test_text_one_line, 0, nf);
	tcase_add_loop_test(tc, test_text_block_scalars, 0, nf);
	tcase_add_loop_test(tc, test_notes_and_horizon, 0, nf);
	tcase_add_loop_test(tc, test_priority_flow, 0, nf);
	tcase_add_loop_test(tc, test_block_lists, 0, nf);
	tcase_add_loop_test(tc, test_list_empty_and_back, 0, nf);
	tcase_add_loop_test(tc, test_many_edits_one_save, 0, nf);
	tcase_add_loop_test(tc, test_block_list_comments, 0, 3);
	suite_add_tcase(s, tc);

	tc = tcase_create("items");
	tcase_add_unchecked_fixture(tc, root_setup, root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_add, 0, nf);
	tcase_add_loop_test(tc, test_add_multiline, 0, nf);
	tcase_add_loop_test(tc, test_delete, 0, nf);
	tcase_add_loop_test(tc, test_delete_all_then_add, 0, nf);
	tcase_add_loop_test(tc, test_move, 0, nf);
	tcase_add_loop_test(tc, test_undo_then_save, 0, nf);
	tcase_add_loop_test(tc, test_save_twice, 0, nf);
	tcase_add_loop_test(tc, test_save_again_without_follow, 0, nf);
	tcase_add_loop_test(tc, test_save_follows, 0, nf);
	tcase_add_loop_test(tc, test_faults_caught, 0, nf * FAULT_COUNT);
	suite_add_tcase(s, tc);

	tc = tcase_create("values");
	tcase_add_unchecked_fixture(tc, root_setup, root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_tricky_values, 0, (int)(sizeof(tricky) / sizeof(*tricky)));
	tcase_add_loop_test(tc, test_tricky_values_flow_item, 0,
			    (int)(sizeof(tricky) / sizeof(*tricky)));
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, root_setup, root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_mode_kept);
	tcase_add_test(tc, test_symlink_kept);
	tcase_add_loop_test(tc, test_changed_on_disk, 0, 4);
	tcase_add_test(tc, test_write_file_atomic);
	tcase_add_test(tc, test_load_failures);
	suite_add_tcase(s, tc);

	tc = tcase_create("other files");
	tcase_add_unchecked_fixture(tc, root_setup, root_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_group_and_plan_fields, 0, nf);
	tcase_add_loop_test(tc, test_group_add_delete, 0, nf);
	tcase_add_test(tc, test_shipped_plan_other_files);
	tcase_add_loop_test(tc, test_changed_on_disk_unwritten, 0, 4);
	tcase_add_loop_test(tc, test_optional_parts, 0, 4);
	tcase_add_test(tc, test_optional_file);
	tcase_add_loop_test(tc, test_rename_record, 0, nf);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(store_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
