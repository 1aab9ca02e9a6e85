/* history.c — the plan in git: old revisions, semantic differences, commit
 * messages, commits and the log.  See history.h. */
#include "config.h"

#include "history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitrun.h"
#include "i18n.h"
#include "store.h"

static const char *const plan_files[SF_COUNT] = {
	[SF_PLAN] = "plan.yaml", [SF_GROUPS] = "groups.yaml", [SF_CHANGES] = "changes.yaml"
};

/* ---- op lists --------------------------------------------------------- */

void oplist_push(struct oplist *l, struct op *op)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = *op;
	memset(op, 0, sizeof(*op));
}

void oplist_clear(struct oplist *l)
{
	for (size_t i = 0; i < l->n; i++)
		op_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* ---- the difference of two plans -------------------------------------- */

static void push_new(struct oplist *l, enum op_kind kind, const char *id,
		     enum change_field f)
{
	struct op op;
	memset(&op, 0, sizeof(op));
	op.kind = kind;
	op.id = xstrdup(id);
	op.field = f;
	oplist_push(l, &op);
}

static void diff_string(struct oplist *l, const struct change *a, const struct change *b,
			enum change_field f)
{
	const char *x = change_get_string(a, f), *y = change_get_string(b, f);
	if (strcmp(x ? x : "", y ? y : "") == 0)
		return;
	push_new(l, OP_SET, b->id, f);
	l->v[l->n - 1].before = xstrdup(x ? x : "");
	l->v[l->n - 1].after = xstrdup(y ? y : "");
}

static void diff_years(struct oplist *l, const struct change *a, const struct change *b)
{
	for (size_t i = 0; i < a->priority.n; i++)
		if (!yearlist_contains(&b->priority, a->priority.v[i])) {
			push_new(l, OP_REMOVE_YEAR, b->id, CF_PRIORITY);
			l->v[l->n - 1].year = a->priority.v[i];
		}
	for (size_t i = 0; i < b->priority.n; i++)
		if (!yearlist_contains(&a->priority, b->priority.v[i])) {
			push_new(l, OP_ADD_YEAR, b->id, CF_PRIORITY);
			l->v[l->n - 1].year = b->priority.v[i];
		}
}

static void diff_items(struct oplist *l, const struct change *a, const struct change *b,
		       enum change_field f)
{
	const struct strlist *x = change_list((struct change *)a, f);
	const struct strlist *y = change_list((struct change *)b, f);
	for (size_t i = 0; i < x->n; i++)
		if (!strlist_contains(y, x->v[i])) {
			push_new(l, OP_REMOVE_ITEM, b->id, f);
			l->v[l->n - 1].after = xstrdup(x->v[i]);
			l->v[l->n - 1].from = i;
		}
	for (size_t i = 0; i < y->n; i++)
		if (!strlist_contains(x, y->v[i])) {
			push_new(l, OP_ADD_ITEM, b->id, f);
			l->v[l->n - 1].after = xstrdup(y->v[i]);
			l->v[l->n - 1].from = i;
		}
}

/* The fields of one change that differ, in the order commit messages
 * name them. */
static void diff_change(struct oplist *l, const struct change *a, const struct change *b)
{
	diff_string(l, a, b, CF_STATUS);
	diff_years(l, a, b);
	diff_items(l, a, b, CF_GROUPS);
	diff_items(l, a, b, CF_EFFECTS);
	diff_string(l, a, b, CF_HORIZON);
	diff_string(l, a, b, CF_TEXT);
	diff_string(l, a, b, CF_NOTES);
}

/* Marks in keep[] the longest increasing subsequence of seq[0..n): the
 * changes that kept their order, so that every other one counts as moved
 * (the fewest moves).  O(n log n). */
static void longest_increasing(const size_t *seq, size_t n, bool *keep)
{
	size_t *tail = xcalloc(n + 1, sizeof(*tail)); /* index in seq */
	size_t *prev = xcalloc(n + 1, sizeof(*prev));
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seq[tail[mid]] < seq[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (size_t i = 0; i < n; i++)
		keep[i] = false;
	for (size_t i = len ? tail[len - 1] : SIZE_MAX; i != SIZE_MAX; i = prev[i])
		keep[i] = true;
	free(tail);
	free(prev);
}

void plan_diff(const struct plan *a, const struct plan *b, struct oplist *out)
{
	for (size_t i = 0; i < b->nchanges; i++) {
		struct change *c = b->changes[i];
		if (plan_find_change(a, c->id))
			continue;
		push_new(out, OP_ADD_CHANGE, c->id, CF_ID);
		out->v[out->n - 1].from = i;
		out->v[out->n - 1].change = c;
	}
	for (size_t i = 0; i < a->nchanges; i++) {
		struct change *c = a->changes[i];
		if (plan_find_change(b, c->id))
			continue;
		push_new(out, OP_DELETE_CHANGE, c->id, CF_ID);
		out->v[out->n - 1].from = i;
		out->v[out->n - 1].change = c;
	}
	/* moves: the common changes in a's order, by their place in b */
	size_t n = 0, *seq = xcalloc(a->nchanges + 1, sizeof(*seq));
	size_t *from = xcalloc(a->nchanges + 1, sizeof(*from));
	for (size_t i = 0; i < a->nchanges; i++) {
		long at = plan_change_index(b, plan_find_change(b, a->changes[i]->id));
		if (at >= 0) {
			from[n] = i;
			seq[n++] = (size_t)at;
		}
	}
	bool *keep = xcalloc(n + 1, sizeof(*keep));
	longest_increasing(seq, n, keep);
	for (size_t i = 0; i < n; i++) {
		if (keep[i])
			continue;
		push_new(out, OP_MOVE_CHANGE, a->changes[from[i]]->id, CF_ID);
		out->v[out->n - 1].from = from[i];
		out->v[out->n - 1].to = seq[i];
	}
	free(keep);
	free(seq);
	free(from);
	for (size_t i = 0; i < b->nchanges; i++) {
		const struct change *y = b->changes[i], *x = plan_find_change(a, y->id);
		if (x)
			diff_change(out, x, y);
	}
}

/* ---- commit messages --------------------------------------------------- */

/* Up to this many ops of a kind are named one by one in a summary ("F5
 * prioritised 2025"); more are counted. */
#define NAMED_MAX 3

static void sep(struct buf *out, size_t start)
{
	if (out->len > start)
		buf_adds(out, ", ");
}

/* One op named in a summary, e.g. "F5 prioritised 2025". */
static void name_op(const struct op *op, struct buf *out)
{
	switch (op->kind) {
	case OP_ADD_YEAR:
		buf_addf(out, _("%s prioritised %d"), op->id, op->year);
		break;
	case OP_REMOVE_YEAR:
		buf_addf(out, _("%s no longer prioritised %d"), op->id, op->year);
		break;
	case OP_ADD_CHANGE:
		buf_addf(out, _("%s added"), op->id);
		break;
	case OP_DELETE_CHANGE:
		buf_addf(out, _("%s deleted"), op->id);
		break;
	default:
		buf_adds(out, op->id);
		break;
	}
}

/* The ops of one kind (n of them): named when few, else `counted`. */
static void summarise_kind(const struct oplist *ops, enum op_kind kind, size_t n,
			   const char *counted, struct buf *out, size_t start)
{
	if (!n)
		return;
	sep(out, start);
	if (n > NAMED_MAX) {
		buf_adds(out, counted);
		return;
	}
	bool first = true;
	for (size_t i = 0; i < ops->n; i++) {
		if (ops->v[i].kind != kind)
			continue;
		if (!first)
			buf_adds(out, ", ");
		first = false;
		name_op(&ops->v[i], out);
	}
}

void history_summary(const struct plan *p, const struct oplist *ops, const char *meeting,
		     struct buf *out)
{
	if (meeting)
		buf_addf(out, "%s: ", meeting);
	if (ops->n == 1) {
		op_describe(p, &ops->v[0], out);
		return;
	}
	size_t start = out->len, status = 0, groups = 0, text = 0, other = 0, moves = 0;
	size_t kinds[OP_MOVE_CHANGE + 1] = { 0 };
	for (size_t i = 0; i < ops->n; i++) {
		const struct op *op = &ops->v[i];
		kinds[op->kind]++;
		if (op->kind == OP_SET && op->field == CF_STATUS)
			status++;
		else if (op->kind == OP_SET && op->field == CF_TEXT)
			text++;
		else if ((op->kind == OP_ADD_ITEM || op->kind == OP_REMOVE_ITEM) &&
			 op->field == CF_GROUPS)
			groups++;
		else if (op->kind == OP_MOVE_CHANGE)
			moves++;
		else if (op->kind == OP_SET || op->kind == OP_ADD_ITEM || op->kind == OP_REMOVE_ITEM)
			other++;
	}
	struct buf c = BUF_INIT;
	if (status) {
		sep(out, start);
		buf_addf(out, ngettext_("%zu status change", "%zu status changes", status), status);
	}
	size_t n = kinds[OP_ADD_YEAR];
	buf_addf(&c, ngettext_("%zu priority added", "%zu priorities added", n), n);
	summarise_kind(ops, OP_ADD_YEAR, n, buf_str(&c), out, start);
	buf_reset(&c);
	n = kinds[OP_REMOVE_YEAR];
	buf_addf(&c, ngettext_("%zu priority removed", "%zu priorities removed", n), n);
	summarise_kind(ops, OP_REMOVE_YEAR, n, buf_str(&c), out, start);
	buf_reset(&c);
	n = kinds[OP_ADD_CHANGE];
	buf_addf(&c, ngettext_("%zu change added", "%zu changes added", n), n);
	summarise_kind(ops, OP_ADD_CHANGE, n, buf_str(&c), out, start);
	buf_reset(&c);
	n = kinds[OP_DELETE_CHANGE];
	buf_addf(&c, ngettext_("%zu change deleted", "%zu changes deleted", n), n);
	summarise_kind(ops, OP_DELETE_CHANGE, n, buf_str(&c), out, start);
	buf_release(&c);
	if (moves) {
		sep(out, start);
		buf_addf(out, ngettext_("%zu change moved", "%zu changes moved", moves), moves);
	}
	if (groups) {
		sep(out, start);
		buf_addf(out, ngettext_("%zu group change", "%zu group changes", groups), groups);
	}
	if (text) {
		sep(out, start);
		buf_addf(out, ngettext_("%zu text edit", "%zu text edits", text), text);
	}
	if (other) {
		sep(out, start);
		buf_addf(out, ngettext_("%zu other edit", "%zu other edits", other), other);
	}
	if (out->len == start)
		buf_adds(out, _("no changes"));
}

void history_message(const struct plan *p, const struct oplist *ops, const char *meeting,
		     struct buf *out)
{
	history_summary(p, ops, meeting, out);
	buf_adds(out, "\n");
	if (ops->n > 1) {
		buf_adds(out, "\n");
		for (size_t i = 0; i < ops->n; i++) {
			op_describe(p, &ops->v[i], out);
			buf_adds(out, "\n");
		}
	}
}

void history_draft_message(const char *dir, const struct plan *p, struct buf *out)
{
	struct plan *head = NULL;
	struct buf err = BUF_INIT;
	if (history_load_rev(dir, "HEAD", &head, &err) < 0)
		head = plan_new();
	buf_release(&err);
	struct oplist ops = OPLIST_INIT;
	plan_diff(head, p, &ops);
	char today[11];
	history_today(today);
	struct buf meeting = BUF_INIT;
	bool on = history_meeting_on(p, today, &meeting);
	if (ops.n) {
		history_message(p, &ops, on ? buf_str(&meeting) : NULL, out);
	} else {
		/* only what ops do not speak of: plan.yaml, groups, comments */
		if (on)
			buf_addf(out, "%s: ", buf_str(&meeting));
		buf_adds(out, _("Edit the plan's files"));
		buf_adds(out, "\n");
	}
	buf_release(&meeting);
	oplist_clear(&ops);
	plan_free(&head);
}

bool history_meeting_on(const struct plan *p, const char *date, struct buf *out)
{
	for (size_t i = 0; i < p->nmeetings; i++)
		if (strcmp(p->meetings[i].date, date) == 0) {
			buf_addf(out, "%s %s", *p->adopted_by ? p->adopted_by : _("Meeting"), date);
			return true;
		}
	return false;
}

const char *history_last_meeting(const struct plan *p, const char *date)
{
	const char *best = NULL;
	for (size_t i = 0; i < p->nmeetings; i++) {
		const char *d = p->meetings[i].date;
		if (strcmp(d, date) < 0 && (!best || strcmp(d, best) > 0))
			best = d;
	}
	return best;
}

void history_today(char out[11])
{
	date_today(getenv("SAMPLAN_DATE"), out);
}

/* ---- git ---------------------------------------------------------------- */

bool history_available(const char *dir, struct buf *why)
{
	if (!git_available()) {
		buf_adds(why, _("git is not installed (or cannot be run)"));
		return false;
	}
	if (!git_inside_work_tree(dir)) {
		buf_addf(why, _("%s is not in a git repository"), dir);
		return false;
	}
	return true;
}

/* A revision is passed to git only when it cannot be read as an option
 * or break the line-based input of git cat-file. */
static bool rev_ok(const char *rev, struct buf *err)
{
	if (!*rev || *rev == '-') {
		buf_addf(err, _("'%s' is not a revision"), rev);
		return false;
	}
	for (const char *s = rev; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			buf_adds(err, _("a revision cannot hold control characters"));
			return false;
		}
	return true;
}

static void git_words(int rc, struct buf *gerr, struct buf *err)
{
	if (rc == 127) {
		buf_adds(err, _("git is not installed (or cannot be run)"));
		return;
	}
	size_t n = gerr->len;
	while (n && (gerr->s[n - 1] == '\n' || gerr->s[n - 1] == ' '))
		n--;
	if (n)
		buf_add(err, gerr->s, n);
	else
		buf_addf(err, _("git failed (exit status %d)"), rc);
}

/* The plan files of `nrevs` revisions, fetched by one git cat-file: blob
 * texts in `store` (owned by the caller), with starts and lengths in
 * text[r][f] / len[r][f]; a missing file has text NULL. */
struct blobs {
	struct buf store;
	size_t (*off)[SF_COUNT], (*len)[SF_COUNT];
	bool (*present)[SF_COUNT];
};

static void blobs_clear(struct blobs *b)
{
	buf_release(&b->store);
	free(b->off);
	free(b->len);
	free(b->present);
}

static int fetch_blobs(const char *dir, const char *const *revs, size_t nrevs, struct blobs *b,
		       struct buf *err)
{
	memset(b, 0, sizeof(*b));
	b->off = xcalloc(nrevs + 1, sizeof(*b->off));
	b->len = xcalloc(nrevs + 1, sizeof(*b->len));
	b->present = xcalloc(nrevs + 1, sizeof(*b->present));
	struct buf in = BUF_INIT, gerr = BUF_INIT;
	for (size_t r = 0; r < nrevs; r++)
		for (int f = 0; f < SF_COUNT; f++)
			buf_addf(&in, "%s:./%s\n", revs[r], plan_files[f]);
	static const char *const args[] = { "cat-file", "--batch", NULL };
	int rc = git_run_input(dir, args, in.s, in.len, &b->store, &gerr);
	buf_release(&in);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		buf_release(&gerr);
		return -1;
	}
	buf_release(&gerr);
	/* "<oid> blob <size>\n<bytes>\n" or "<object> missing\n" per line of input */
	size_t at = 0;
	const char *s = buf_str(&b->store);
	for (size_t r = 0; r < nrevs; r++)
		for (int f = 0; f < SF_COUNT; f++) {
			const char *nl = memchr(s + at, '\n', b->store.len - at);
			if (!nl) {
				buf_adds(err, _("git cat-file: unexpected output"));
				return -1;
			}
			size_t line_end = (size_t)(nl - s);
			/* the header on its own: sscanf would measure the whole rest */
			char head[160] = "";
			size_t hn = line_end - at;
			memcpy(head, s + at, hn < sizeof(head) - 1 ? hn : sizeof(head) - 1);
			char *sp = strchr(head, ' ');
			unsigned long long size;
			char type[16];
			if (sp && sscanf(sp + 1, "%15s %llu", type, &size) == 2 &&
			    strcmp(type, "blob") == 0 && size <= b->store.len - line_end - 1) {
				b->present[r][f] = true;
				b->off[r][f] = line_end + 1;
				b->len[r][f] = (size_t)size;
				at = line_end + 1 + (size_t)size + 1;
			} else {
				at = line_end + 1;
			}
		}
	return 0;
}

/* Loads revision r of the fetched blobs as a plan. */
static int load_blobs(const struct blobs *b, size_t r, const char *rev, struct plan **p,
		      struct buf *err)
{
	const char *names[SF_COUNT], *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	char *owned[SF_COUNT] = { NULL };
	for (int f = 0; f < SF_COUNT; f++) {
		if (!b->present[r][f]) {
			buf_addf(err, _("%s has no %s"), rev, plan_files[f]);
			for (int g = 0; g < f; g++)
				free(owned[g]);
			return -1;
		}
		owned[f] = xasprintf("%s:%s", rev, plan_files[f]);
		names[f] = owned[f];
		texts[f] = b->store.s + b->off[r][f];
		lens[f] = b->len[r][f];
	}
	struct store *st = NULL;
	struct diags d = DIAGS_INIT;
	int rc = store_load_texts(names, texts, lens, p, &st, &d);
	if (rc < 0) {
		for (size_t i = 0; i < d.n; i++) {
			if (i)
				buf_adds(err, "\n");
			diag_format(&d.v[i], err);
		}
	} else {
		/* the plan outlives the store: drop its ties to the texts */
		for (size_t i = 0; i < (*p)->nchanges; i++)
			(*p)->changes[i]->src = NULL;
		store_free(&st);
	}
	diags_clear(&d);
	for (int f = 0; f < SF_COUNT; f++)
		free(owned[f]);
	return rc;
}

int history_load_rev(const char *dir, const char *rev, struct plan **p, struct buf *err)
{
	*p = NULL;
	if (!rev_ok(rev, err))
		return -1;
	/* cat-file --batch says "missing" for an unknown revision; tell the
	 * user which one it was before looking at files */
	const char *args[] = { "rev-parse", "--verify", "--quiet", NULL, NULL };
	char *commit = xasprintf("%s^{commit}", rev);
	args[3] = commit;
	struct buf o = BUF_INIT, e = BUF_INIT;
	int rc = git_run(dir, args, &o, &e);
	free(commit);
	buf_release(&e);
	if (rc != 0) {
		if (rc == 127)
			buf_adds(err, _("git is not installed (or cannot be run)"));
		else
			buf_addf(err, _("unknown revision '%s'"), rev);
		buf_release(&o);
		return -1;
	}
	buf_release(&o);
	struct blobs b;
	const char *revs[1] = { rev };
	rc = fetch_blobs(dir, revs, 1, &b, err);
	if (rc == 0)
		rc = load_blobs(&b, 0, rev, p, err);
	blobs_clear(&b);
	return rc;
}

void history_reserve_ids(const char *dir, struct plan *p)
{
	struct buf err = BUF_INIT, rev = BUF_INIT;
	struct plan *head = NULL;
	const char *args[] = { "rev-parse", "--verify", "--quiet", "HEAD^{commit}", NULL };
	if (!history_available(dir, &err) || git_run(dir, args, &rev, &err) != 0)
		goto done;
	while (rev.len && (rev.s[rev.len - 1] == '\n' || rev.s[rev.len - 1] == '\r'))
		rev.s[--rev.len] = '\0';
	if (rev.len >= sizeof(p->id_floor_rev) || strcmp(rev.s, p->id_floor_rev) == 0)
		goto done; /* read at this commit already */
	if (history_load_rev(dir, rev.s, &head, &err) == 0) {
		unsigned long n = plan_max_change_number(head);
		if (n > p->id_floor)
			p->id_floor = n;
		memcpy(p->id_floor_rev, rev.s, rev.len + 1);
	}
done:
	plan_free(&head);
	buf_release(&rev);
	buf_release(&err);
}

int history_commit(const char *dir, const char *message, struct buf *out, struct buf *err)
{
	struct buf gerr = BUF_INIT;
	const char *add[] = { "add", "--", plan_files[0], plan_files[1], plan_files[2], NULL };
	int rc = git_run(dir, add, NULL, &gerr);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		buf_release(&gerr);
		return -1;
	}
	const char *staged[] = { "diff", "--cached", "--quiet", "--", plan_files[0],
				 plan_files[1], plan_files[2], NULL };
	buf_reset(&gerr);
	rc = git_run(dir, staged, NULL, &gerr);
	if (rc == 0) {
		buf_release(&gerr);
		return 1;
	}
	if (rc != 1) {
		git_words(rc, &gerr, err);
		buf_release(&gerr);
		return -1;
	}
	/* Paths after "--" make git commit exactly these files, whatever
	 * else someone has staged. */
	const char *commit[] = { "commit", "-m", message, "--", plan_files[0], plan_files[1],
				 plan_files[2], NULL };
	buf_reset(&gerr);
	struct buf o = BUF_INIT;
	rc = git_run(dir, commit, &o, &gerr);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		if (o.len) {
			buf_adds(err, "\n");
			buf_add(err, o.s, o.len);
		}
		buf_release(&gerr);
		buf_release(&o);
		return -1;
	}
	/* git's first line: "[main 1a2b3c4] subject" */
	const char *nl = strchr(buf_str(&o), '\n');
	buf_add(out, buf_str(&o), nl ? (size_t)(nl - buf_str(&o)) : o.len);
	buf_release(&gerr);
	buf_release(&o);
	return 0;
}

int history_uncommitted(const char *dir, struct buf *err)
{
	const char *args[] = { "status", "--porcelain", "--untracked-files=all", "--",
			       plan_files[0], plan_files[1], plan_files[2], NULL };
	struct buf o = BUF_INIT, gerr = BUF_INIT;
	int rc = git_run(dir, args, &o, &gerr);
	if (rc != 0)
		git_words(rc, &gerr, err);
	int r = rc != 0 ? -1 : o.len > 0;
	buf_release(&o);
	buf_release(&gerr);
	return r;
}

int history_log(const char *dir, size_t max, struct buf *out, struct buf *err)
{
	char nmax[48];
	snprintf(nmax, sizeof(nmax), "--max-count=%zu", max ? max : (size_t)-1 / 2);
	const char *args[] = { "log", "--no-color", "--format=%h %cs %s", nmax, "--",
			       plan_files[0], plan_files[1], plan_files[2], NULL };
	struct buf gerr = BUF_INIT;
	int rc = git_run(dir, args, out, &gerr);
	if (rc != 0)
		git_words(rc, &gerr, err);
	buf_release(&gerr);
	return rc == 0 ? 0 : -1;
}

int history_rev_before(const char *dir, const char *date, struct buf *out, struct buf *err)
{
	if (!valid_date(date)) {
		buf_addf(err, _("'%s' is not a date (YYYY-MM-DD)"), date);
		return -1;
	}
	char *before = xasprintf("--before=%s 00:00", date);
	const char *args[] = { "rev-list", "-1", before, "HEAD", "--", NULL };
	struct buf o = BUF_INIT, gerr = BUF_INIT;
	int rc = git_run(dir, args, &o, &gerr);
	free(before);
	if (rc != 0) {
		git_words(rc, &gerr, err);
	} else if (o.len < 7) {
		buf_addf(err, _("no commit before %s"), date);
		rc = -1;
	} else {
		buf_add(out, o.s, strcspn(o.s, "\n"));
	}
	buf_release(&o);
	buf_release(&gerr);
	return rc == 0 ? 0 : -1;
}

/* ---- one change over time ------------------------------------------------ */

void history_timeline_clear(struct timeline *t)
{
	for (size_t i = 0; i < t->n; i++) {
		struct timeline_entry *e = &t->v[i];
		free(e->hash);
		free(e->date);
		free(e->subject);
		free(e->status);
		free(e->priority);
		free(e->what);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static char *years_text(const struct change *c)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < c->priority.n; i++)
		buf_addf(&b, "%s%d", i ? ", " : "", c->priority.v[i]);
	return buf_detach(&b);
}

/* What happened to the change between two plans, or NULL when nothing. */
static char *change_what(const struct plan *pa, const struct plan *pb, const char *id)
{
	const struct change *a = pa ? plan_find_change(pa, id) : NULL;
	const struct change *b = pb ? plan_find_change(pb, id) : NULL;
	struct buf w = BUF_INIT;
	if (!a && b) {
		buf_adds(&w, _("added"));
	} else if (a && !b) {
		buf_adds(&w, _("deleted"));
	} else if (a && b) {
		struct oplist ops = OPLIST_INIT;
		diff_change(&ops, a, b);
		long ia = plan_change_index(pa, a), ib = plan_change_index(pb, b);
		if (ia != ib)
			buf_addf(&w, _("place %ld → %ld"), ia + 1, ib + 1);
		for (size_t i = 0; i < ops.n; i++) {
			if (w.len)
				buf_adds(&w, "; ");
			size_t at = w.len;
			op_describe(pb, &ops.v[i], &w);
			/* drop the "F3: " that every line starts with */
			size_t idl = strlen(id) + 2;
			memmove(w.s + at, w.s + at + idl, w.len - at - idl + 1);
			w.len -= idl;
		}
		oplist_clear(&ops);
	}
	if (!w.len) {
		buf_release(&w);
		return NULL;
	}
	return buf_detach(&w);
}

/* Where a change's lines are in a text of changes.yaml, found without
 * parsing: only to tell that they did not change from one revision to the
 * next.  Anything unusual is BLOCK_UNKNOWN, which makes the caller parse. */
struct block_state {
	enum { BLOCK_UNKNOWN, BLOCK_ABSENT, BLOCK_AT } kind;
	const char *at;
	size_t len;
};

static bool id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

static struct block_state change_block(const char *text, size_t len, const char *id)
{
	struct block_state st = { BLOCK_UNKNOWN, NULL, 0 };
	size_t idn = strlen(id), found = 0;
	const char *line_at = NULL;
	for (const char *s = text, *end = text + len; s < end;) {
		const char *hit = memmem(s, (size_t)(end - s), id, idn);
		if (!hit)
			break;
		s = hit + idn;
		if ((hit > text && id_char(hit[-1])) || (s < end && id_char(*s)))
			continue;
		found++;
		/* the one form the store writes: "<indent>- id: ID" alone on its line */
		const char *ls = hit;
		while (ls > text && ls[-1] != '\n')
			ls--;
		const char *q = ls;
		while (q < hit && *q == ' ')
			q++;
		size_t rest = (size_t)(end - s);
		bool eol = !rest || *s == '\n' || (*s == '\r' && rest > 1 && s[1] == '\n');
		if (eol && hit - q == 6 && memcmp(q, "- id: ", 6) == 0)
			line_at = ls;
	}
	if (!found) {
		st.kind = BLOCK_ABSENT;
		return st;
	}
	if (found != 1 || !line_at)
		return st;
	/* to the next line at the same indent that starts an item, or one
	 * less indented (not blank, not a comment) */
	size_t indent = 0;
	while (line_at[indent] == ' ')
		indent++;
	const char *end = text + len, *p = memchr(line_at, '\n', (size_t)(end - line_at));
	p = p ? p + 1 : end;
	while (p < end) {
		size_t sp = 0;
		while (p + sp < end && p[sp] == ' ')
			sp++;
		char c = p + sp < end ? p[sp] : '\n';
		bool blank = c == '\n' || c == '\r' || c == '#';
		if (!blank && (sp < indent || (sp == indent && c == '-')))
			break;
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	st.kind = BLOCK_AT;
	st.at = line_at;
	st.len = (size_t)(p - line_at);
	return st;
}

static bool block_same(const struct block_state *a, const struct block_state *b)
{
	if (a->kind == BLOCK_UNKNOWN || a->kind != b->kind)
		return false;
	return a->kind == BLOCK_ABSENT ||
	       (a->len == b->len && memcmp(a->at, b->at, a->len) == 0);
}

int history_timeline(const char *dir, const char *id, size_t max, struct timeline *out,
		     struct buf *err)
{
	memset(out, 0, sizeof(*out));
	char nmax[48];
	snprintf(nmax, sizeof(nmax), "--max-count=%zu", max + 1);
	const char *args[] = { "log", "--no-color", "--format=%H%x09%cs%x09%s", nmax, "--",
			       plan_files[SF_CHANGES], NULL };
	struct buf o = BUF_INIT, gerr = BUF_INIT;
	int rc = git_run(dir, args, &o, &gerr);
	if (rc != 0) {
		git_words(rc, &gerr, err);
		buf_release(&o);
		buf_release(&gerr);
		return -1;
	}
	buf_release(&gerr);
	/* the commits, newest first: hash, date, subject split in place */
	size_t n = 0, cap = 16;
	char **hash = xcalloc(cap, sizeof(*hash)), **date = xcalloc(cap, sizeof(*date));
	char **subj = xcalloc(cap, sizeof(*subj));
	for (char *line = o.s, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2)
			continue;
		*t1 = *t2 = '\0';
		if (n == cap) {
			cap *= 2;
			hash = xrealloc(hash, cap * sizeof(*hash));
			date = xrealloc(date, cap * sizeof(*date));
			subj = xrealloc(subj, cap * sizeof(*subj));
		}
		hash[n] = line;
		date[n] = t1 + 1;
		subj[n++] = t2 + 1;
	}
	struct blobs b;
	rc = n ? fetch_blobs(dir, (const char *const *)hash, n, &b, err) : 0;
	if (rc == 0 && n) {
		/* oldest first, each against the one before it; the extra
		 * oldest commit (max + 1) only gives the starting state */
		struct plan *prev = NULL;
		bool have_base = n > max, parsed = false;
		struct block_state last = { BLOCK_UNKNOWN, NULL, 0 };
		for (size_t k = n; k-- > 0;) {
			/* most commits leave the change alone: when its lines are
			 * the bytes they were, there is nothing to parse */
			struct block_state now = change_block(b.store.s + b.off[k][SF_CHANGES],
							      b.len[k][SF_CHANGES], id);
			bool same = parsed && block_same(&last, &now);
			last = now;
			if (same)
				continue;
			struct plan *cur = NULL;
			struct buf lerr = BUF_INIT;
			int loaded = load_blobs(&b, k, hash[k], &cur, &lerr);
			buf_release(&lerr);
			if (loaded < 0) {
				/* a revision that does not read says nothing of the
				 * change: the next one is compared with the last read */
				last.kind = BLOCK_UNKNOWN;
				continue;
			}
			char *what = (k == n - 1 && have_base) ? NULL : change_what(prev, cur, id);
			parsed = true;
			if (what) {
				if (out->n == out->cap) {
					out->cap = out->cap ? 2 * out->cap : 16;
					out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
				}
				struct timeline_entry *e = &out->v[out->n++];
				const struct change *c = plan_find_change(cur, id);
				e->hash = xstrndup(hash[k], 7);
				e->date = xstrdup(date[k]);
				e->subject = xstrdup(subj[k]);
				e->status = c ? xstrdup(plan_status_label(cur, c->status)) : NULL;
				e->priority = c ? years_text(c) : xstrdup("");
				e->what = what;
			}
			plan_free(&prev);
			prev = cur;
		}
		plan_free(&prev);
		/* newest first */
		for (size_t i = 0; i < out->n / 2; i++) {
			struct timeline_entry tmp = out->v[i];
			out->v[i] = out->v[out->n - 1 - i];
			out->v[out->n - 1 - i] = tmp;
		}
	}
	if (n)
		blobs_clear(&b);
	free(hash);
	free(date);
	free(subj);
	buf_release(&o);
	return rc;
}
