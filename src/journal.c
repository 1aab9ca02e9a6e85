/* journal.c — the crash journal and the re-applying of pending ops. */
#include "config.h"

#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

#define JOURNAL_MAGIC "samplan-journal 1"

/* ---- hashing ---------------------------------------------------------------- */

/* Eight bytes a step: the files are hashed at every save, and a plan may
 * be megabytes.  Not cryptographic: it tells versions of a file apart. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h ^= w;
	h *= 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}

uint64_t journal_hash(const char *const texts[], const size_t lens[], size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		const char *s = texts[i];
		size_t len = lens[i], k = 0;
		h = mix(h, (uint64_t)len);
		for (; k + 8 <= len; k += 8) {
			uint64_t w;
			memcpy(&w, s + k, 8);
			h = mix(h, w);
		}
		uint64_t tail = 0;
		if (len > k)
			memcpy(&tail, s + k, len - k);
		h = mix(h, tail);
	}
	return h ? h : 1; /* 0 means "not known" to the journal */
}

uint64_t journal_hash_store(const struct store *st)
{
	const char *t[SF_COUNT];
	size_t l[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++) {
		t[f] = store_file_text(st, (enum store_file_id)f, &l[f]);
		if (!t[f]) {
			t[f] = "";
			l[f] = 0;
		}
	}
	return journal_hash(t, l, SF_COUNT);
}

static uint32_t line_sum(const char *s, size_t n)
{
	uint32_t h = 0x811c9dc5u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x01000193u;
	}
	return h;
}

/* ---- records ------------------------------------------------------------------ */

static const char *const kind_names[] = {
	[OP_SET] = "set",
	[OP_ADD_YEAR] = "add-year",
	[OP_REMOVE_YEAR] = "remove-year",
	[OP_ADD_ITEM] = "add-item",
	[OP_REMOVE_ITEM] = "remove-item",
	[OP_ADD_CHANGE] = "add-change",
	[OP_DELETE_CHANGE] = "delete-change",
	[OP_MOVE_CHANGE] = "move-change",
};
#define NKINDS (sizeof(kind_names) / sizeof(*kind_names))

static void put_escaped(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			buf_adds(out, "\\\\");
		else if (c == '\t')
			buf_adds(out, "\\t");
		else if (c == '\n')
			buf_adds(out, "\\n");
		else if (c == '\r')
			buf_adds(out, "\\r");
		else if (c < 0x20 || c == 0x7f) {
			buf_adds(out, "\\x");
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 15]);
		} else
			buf_addc(out, (char)c);
	}
}

static void put_field(struct buf *out, const char *s)
{
	buf_addc(out, '\t');
	put_escaped(out, s);
}

/* A string that may be missing: "-" or "=" and the value. */
static void put_opt(struct buf *out, const char *s)
{
	buf_adds(out, s ? "\t=" : "\t-");
	if (s)
		put_escaped(out, s);
}

static void put_strlist(struct buf *out, const struct strlist *l)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addc(&b, ',');
		buf_adds(&b, l->v[i]);
	}
	put_field(out, buf_str(&b));
	buf_release(&b);
}

void journal_format_op(const struct op *op, struct buf *out)
{
	buf_addf(out, "op\t%s", kind_names[op->kind]);
	put_field(out, op->id ? op->id : "");
	buf_addf(out, "\t%s", change_field_name(op->field));
	put_opt(out, op->before);
	put_opt(out, op->after);
	buf_addf(out, "\t%d\t%zu\t%zu", op->year, op->from, op->to);
	const struct change *c = op->change;
	if ((op->kind == OP_ADD_CHANGE || op->kind == OP_DELETE_CHANGE) && c) {
		put_field(out, c->id);
		put_field(out, c->horizon ? c->horizon : "");
		put_field(out, c->text ? c->text : "");
		put_field(out, c->status ? c->status : "");
		put_field(out, c->notes ? c->notes : "");
		buf_addc(out, '\t');
		for (size_t i = 0; i < c->priority.n; i++)
			buf_addf(out, "%s%d", i ? "," : "", c->priority.v[i]);
		put_strlist(out, &c->groups);
		put_strlist(out, &c->effects);
	}
}

static void end_record(struct buf *b, size_t start)
{
	buf_addf(b, "\t#%08x\n", (unsigned)line_sum(b->s + start, b->len - start));
}

/* ---- writing ------------------------------------------------------------------- */

struct journal {
	char *path;
	uint64_t base;
	int fd;      /* -1 until the file exists */
	bool failed;
};

struct journal *journal_new(const char *dir, uint64_t base)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	j->path = xasprintf("%s/%s", dir && *dir ? dir : ".", JOURNAL_FILE_NAME);
	j->base = base;
	j->fd = -1;
	return j;
}

uint64_t journal_base(const struct journal *j)
{
	return j->base;
}

void journal_set_base(struct journal *j, uint64_t base)
{
	j->base = base;
}

const char *journal_path(const struct journal *j)
{
	return j->path;
}

static void header(struct buf *b, uint64_t base)
{
	size_t start = b->len;
	buf_addf(b, JOURNAL_MAGIC "\tbase\t%016llx", (unsigned long long)base);
	end_record(b, start);
}

/* Appends a whole record (with a header first when the file is new). */
static int append_line(struct journal *j, struct buf *rec, struct buf *err)
{
	if (j->failed) {
		buf_addf(err, _("the journal %s could not be written before"), j->path);
		return -1;
	}
	if (j->fd < 0) {
		/* the first record replaces any old journal in one step */
		struct buf all = BUF_INIT;
		header(&all, j->base);
		buf_add(&all, rec->s, rec->len);
		int r = write_file_atomic(j->path, all.s, all.len);
		buf_release(&all);
		if (r == 0)
			j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC);
		if (r < 0 || j->fd < 0)
			goto fail;
		return 0;
	}
	size_t off = 0;
	while (off < rec->len) {
		ssize_t n = write(j->fd, rec->s + off, rec->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		off += (size_t)n;
	}
	if (fdatasync(j->fd) < 0)
		goto fail;
	return 0;
fail:
	buf_addf(err, _("cannot write the journal %s: %s"), j->path, strerror(errno));
	j->failed = true;
	return -1;
}

int journal_append(struct journal *j, const struct op *op, struct buf *err)
{
	struct buf rec = BUF_INIT;
	journal_format_op(op, &rec);
	end_record(&rec, 0);
	int r = append_line(j, &rec, err);
	buf_release(&rec);
	return r;
}

int journal_mark_save(struct journal *j, uint64_t after, struct buf *err)
{
	if (j->fd < 0)
		return 0; /* no ops since the last save: nothing to guard */
	struct buf rec = BUF_INIT;
	buf_addf(&rec, "save\t%016llx", (unsigned long long)after);
	end_record(&rec, 0);
	int r = append_line(j, &rec, err);
	buf_release(&rec);
	return r;
}

int journal_saved(struct journal *j, uint64_t base, struct buf *err)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	j->base = base;
	j->failed = false;
	if (unlink(j->path) < 0 && errno != ENOENT) {
		buf_addf(err, _("cannot remove the journal %s: %s"), j->path, strerror(errno));
		return -1;
	}
	return 0;
}

static void add_records(struct buf *b, const struct op *ops, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t start = b->len;
		journal_format_op(&ops[i], b);
		end_record(b, start);
	}
}

int journal_rewrite(struct journal *j, uint64_t base, const struct op *ops, size_t n,
		    struct buf *err)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	j->base = base;
	j->failed = false;
	if (!n) {
		if (unlink(j->path) < 0 && errno != ENOENT) {
			buf_addf(err, _("cannot remove the journal %s: %s"), j->path, strerror(errno));
			return -1;
		}
		return 0;
	}
	struct buf all = BUF_INIT;
	header(&all, base);
	add_records(&all, ops, n);
	int r = write_file_atomic(j->path, all.s, all.len);
	buf_release(&all);
	if (r == 0)
		j->fd = open(j->path, O_WRONLY | O_APPEND | O_CLOEXEC);
	if (r < 0 || j->fd < 0) {
		buf_addf(err, _("cannot write the journal %s: %s"), j->path, strerror(errno));
		j->failed = true;
		return -1;
	}
	return 0;
}

void journal_discard(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	unlink(j->path);
}

void journal_close(struct journal **jp)
{
	struct journal *j = *jp;
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j);
	*jp = NULL;
}

/* ---- reading ------------------------------------------------------------------- */

static int unhex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Unescapes s[0..n) into the arena; NULL when the escapes are bad. */
static char *unescape(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			*o++ = s[i];
			continue;
		}
		if (++i >= n)
			return NULL;
		switch (s[i]) {
		case '\\': *o++ = '\\'; break;
		case 't': *o++ = '\t'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 'x': {
			int h = i + 2 < n ? unhex(s[i + 1]) : -1, l = i + 2 < n ? unhex(s[i + 2]) : -1;
			if (h < 0 || l < 0 || (h == 0 && l == 0))
				return NULL;
			*o++ = (char)(h * 16 + l);
			i += 2;
			break;
		}
		default:
			return NULL;
		}
	}
	*o = '\0';
	return out;
}

#define MAXF 20

/* Splits a line into tab-separated fields; returns their number. */
static size_t split(const char *s, size_t n, const char *f[MAXF], size_t fl[MAXF])
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n && k < MAXF; i++)
		if (i == n || s[i] == '\t') {
			f[k] = s + start;
			fl[k++] = i - start;
			start = i + 1;
		}
	return k;
}

static bool field_is(const char *f, size_t n, const char *s)
{
	return strlen(s) == n && memcmp(f, s, n) == 0;
}

static bool parse_num(const char *f, size_t n, unsigned long long *v, int base)
{
	if (!n || n > 20)
		return false;
	char tmp[24], *end;
	memcpy(tmp, f, n);
	tmp[n] = '\0';
	errno = 0;
	*v = strtoull(tmp, &end, base);
	return *end == '\0' && errno == 0;
}

static char *dup_field(const char *f, size_t n)
{
	return xstrndup(f, n);
}

static bool parse_strlist(struct arena *a, const char *f, size_t n, struct strlist *l)
{
	char *s = unescape(a, f, n);
	if (!s)
		return false;
	l->n = 0;
	l->v = NULL;
	if (!*s)
		return true;
	size_t cnt = 1;
	for (const char *p = s; *p; p++)
		cnt += *p == ',';
	l->v = arena_alloc(a, cnt * sizeof(*l->v));
	for (char *tok = s;;) {
		char *comma = strchr(tok, ',');
		if (comma)
			*comma = '\0';
		l->v[l->n++] = tok;
		if (!comma)
			break;
		tok = comma + 1;
	}
	return true;
}

static bool parse_change(struct arena *a, const char *f[], const size_t fl[], struct change **out)
{
	struct change *c = arena_alloc(a, sizeof(*c));
	memset(c, 0, sizeof(*c));
	const char **strs[] = { &c->id, &c->horizon, &c->text, &c->status, &c->notes };
	for (size_t i = 0; i < 5; i++)
		if (!(*strs[i] = unescape(a, f[i], fl[i])))
			return false;
	if (fl[5]) {
		size_t cnt = 1;
		for (size_t i = 0; i < fl[5]; i++)
			cnt += f[5][i] == ',';
		c->priority.v = arena_alloc(a, cnt * sizeof(int));
		for (size_t i = 0, s = 0; i <= fl[5]; i++)
			if (i == fl[5] || f[5][i] == ',') {
				unsigned long long y;
				if (!parse_num(f[5] + s, i - s, &y, 10) || y > 9999)
					return false;
				c->priority.v[c->priority.n++] = (int)y;
				s = i + 1;
			}
	}
	if (!parse_strlist(a, f[6], fl[6], &c->groups) || !parse_strlist(a, f[7], fl[7], &c->effects))
		return false;
	*out = c;
	return true;
}

static bool parse_opt(struct arena *a, const char *f, size_t n, char **out)
{
	*out = NULL;
	if (field_is(f, n, "-"))
		return true;
	if (!n || f[0] != '=')
		return false;
	char *s = unescape(a, f + 1, n - 1);
	if (!s)
		return false;
	*out = xstrdup(s);
	return true;
}

static bool parse_op(struct journal_log *log, const char *f[], const size_t fl[], size_t nf,
		     struct journal_op *jo)
{
	memset(jo, 0, sizeof(*jo));
	if (nf != 9 && nf != 17)
		return false;
	size_t k;
	for (k = 0; k < NKINDS; k++)
		if (field_is(f[1], fl[1], kind_names[k]))
			break;
	if (k == NKINDS)
		return false;
	struct op *op = &jo->op;
	op->kind = (enum op_kind)k;
	char *id = unescape(&log->arena, f[2], fl[2]);
	char *fname = dup_field(f[3], fl[3]);
	op->field = change_field_from_name(fname);
	free(fname);
	unsigned long long year, from, to;
	if (!id || op->field == CF_COUNT || !parse_num(f[6], fl[6], &year, 10) || year > 9999 ||
	    !parse_num(f[7], fl[7], &from, 10) || !parse_num(f[8], fl[8], &to, 10))
		return false;
	op->id = xstrdup(id);
	op->year = (int)year;
	op->from = (size_t)from;
	op->to = (size_t)to;
	if (!parse_opt(&log->arena, f[4], fl[4], &op->before) ||
	    !parse_opt(&log->arena, f[5], fl[5], &op->after)) {
		op_clear(op);
		return false;
	}
	bool whole = op->kind == OP_ADD_CHANGE || op->kind == OP_DELETE_CHANGE;
	if (whole != (nf == 17) || (whole && !parse_change(&log->arena, f + 9, fl + 9, &jo->change))) {
		op_clear(op);
		return false;
	}
	return true;
}

int journal_parse(const char *text, size_t len, struct journal_log *log)
{
	memset(log, 0, sizeof(*log));
	arena_init(&log->arena, 4096);
	size_t capops = 0, capsaves = 0;
	bool first = true;
	for (size_t pos = 0; pos < len;) {
		const char *l = text + pos;
		const char *nl = memchr(l, '\n', len - pos);
		if (!nl) { /* the last record was cut short */
			log->truncated = true;
			break;
		}
		size_t n = (size_t)(nl - l);
		pos += n + 1;
		/* "...\t#xxxxxxxx" */
		unsigned long long sum;
		if (n < 10 || l[n - 10] != '\t' || l[n - 9] != '#' ||
		    !parse_num(l + n - 8, 8, &sum, 16) || sum != line_sum(l, n - 10)) {
			log->truncated = true;
			break;
		}
		n -= 10;
		const char *f[MAXF];
		size_t fl[MAXF];
		size_t nf = split(l, n, f, fl);
		unsigned long long h;
		if (first) {
			if (nf != 3 || !field_is(f[0], fl[0], JOURNAL_MAGIC) || !field_is(f[1], fl[1], "base") ||
			    !parse_num(f[2], fl[2], &h, 16)) {
				journal_log_free(log);
				return -1;
			}
			log->base = h;
			first = false;
		} else if (nf == 2 && field_is(f[0], fl[0], "save") && parse_num(f[1], fl[1], &h, 16)) {
			if (log->nsaves == capsaves) {
				capsaves = capsaves ? 2 * capsaves : 4;
				log->save_hash = xrealloc(log->save_hash, capsaves * sizeof(*log->save_hash));
				log->saved = xrealloc(log->saved, capsaves * sizeof(*log->saved));
			}
			log->save_hash[log->nsaves] = h;
			log->saved[log->nsaves++] = log->nops;
		} else if (nf >= 1 && field_is(f[0], fl[0], "op")) {
			if (log->nops == capops) {
				capops = capops ? 2 * capops : 16;
				log->ops = xrealloc(log->ops, capops * sizeof(*log->ops));
			}
			if (!parse_op(log, f, fl, nf, &log->ops[log->nops])) {
				log->truncated = true;
				break;
			}
			log->nops++;
		} else {
			log->truncated = true;
			break;
		}
	}
	if (first) {
		journal_log_free(log);
		return -1;
	}
	return 0;
}

int journal_read(const char *dir, struct journal_log *log, struct buf *err)
{
	memset(log, 0, sizeof(*log));
	char *path = xasprintf("%s/%s", dir && *dir ? dir : ".", JOURNAL_FILE_NAME);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		if (e != ENOENT)
			buf_addf(err, _("cannot read the journal %s: %s"), path, strerror(e));
		free(path);
		return e == ENOENT ? 0 : -1;
	}
	struct buf text = BUF_INIT;
	char tmp[65536];
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			buf_addf(err, _("cannot read the journal %s: %s"), path, strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		buf_add(&text, tmp, (size_t)n);
	}
	close(fd);
	if (rc == 0)
		rc = journal_parse(buf_str(&text), text.len, log) == 0 ? 1 : 0;
	buf_release(&text);
	free(path);
	return rc;
}

size_t journal_unsaved_from(const struct journal_log *log, uint64_t current)
{
	for (size_t k = log->nsaves; k-- > 0;)
		if (log->save_hash[k] == current)
			return log->saved[k];
	return 0;
}

void journal_log_free(struct journal_log *log)
{
	for (size_t i = 0; i < log->nops; i++)
		op_clear(&log->ops[i].op);
	free(log->ops);
	free(log->save_hash);
	free(log->saved);
	arena_free(&log->arena);
	memset(log, 0, sizeof(*log));
}

void journal_log_from_ops(const struct op *ops, size_t n, struct journal_log *log)
{
	struct buf all = BUF_INIT;
	header(&all, 0);
	add_records(&all, ops, n);
	if (journal_parse(all.s, all.len, log) < 0) /* cannot be: we wrote it */
		abort();
	buf_release(&all);
}

struct op *journal_log_ops(const struct journal_log *log, size_t from)
{
	size_t n = from < log->nops ? log->nops - from : 0;
	struct op *ops = xcalloc(n ? n : 1, sizeof(*ops));
	for (size_t i = 0; i < n; i++) {
		ops[i] = log->ops[from + i].op;
		ops[i].change = log->ops[from + i].change;
	}
	return ops;
}

void journal_describe(const struct plan *p, const struct journal_op *jo, struct buf *out)
{
	struct op op = jo->op;
	op.change = jo->change;
	op_describe(p, &op, out);
}

/* ---- re-applying ----------------------------------------------------------- */

static const char *mapped_id(const struct replay *rp, const char *id)
{
	for (size_t i = rp->n; i-- > 0;)
		if (strcmp(rp->from[i], id) == 0)
			return rp->to[i];
	return id;
}

void replay_free(struct replay *rp)
{
	for (size_t i = 0; i < rp->n; i++) {
		free(rp->from[i]);
		free(rp->to[i]);
	}
	free(rp->from);
	free(rp->to);
	memset(rp, 0, sizeof(*rp));
}

/* A copy of `src` with id `id` in the plan's arena, not yet in the plan. */
static struct change *change_into(struct plan *p, const struct change *src, const char *id)
{
	struct change *c = plan_new_change(p, id);
	c->horizon = plan_strdup(p, src->horizon);
	c->text = plan_strdup(p, src->text);
	long s = plan_find_status(p, src->status);
	c->status = s >= 0 ? p->statuses[s].key : plan_strdup(p, src->status);
	c->notes = plan_strdup(p, src->notes);
	if (src->priority.n) {
		c->priority.v = arena_alloc(&p->arena, src->priority.n * sizeof(int));
		memcpy(c->priority.v, src->priority.v, src->priority.n * sizeof(int));
		c->priority.n = src->priority.n;
	}
	const struct strlist *from[] = { &src->groups, &src->effects };
	struct strlist *to[] = { &c->groups, &c->effects };
	for (int k = 0; k < 2; k++) {
		if (!from[k]->n)
			continue;
		to[k]->v = arena_alloc(&p->arena, from[k]->n * sizeof(char *));
		for (size_t i = 0; i < from[k]->n; i++)
			to[k]->v[i] = plan_strdup(p, from[k]->v[i]);
		to[k]->n = from[k]->n;
	}
	return c;
}

static bool same_values(const struct change *a, const struct change *b)
{
	struct change tmp = *a;
	tmp.id = b->id;
	return change_equal(&tmp, b);
}

/* "F3 status: Klar" — what a change holds in the op's field. */
static void describe_value(const struct plan *p, const struct change *c, enum change_field f,
			   struct buf *out)
{
	const char *v = change_get_string(c, f);
	if (f == CF_STATUS)
		v = plan_status_label(p, v);
	buf_addf(out, "%s %s: %s", c->id, change_field_name(f), v ? v : "");
}

static void describe_change(const struct change *c, struct buf *out)
{
	buf_addf(out, "%s [%s] %s", c->id, c->status, c->text);
}

enum replay_result journal_replay_one(struct plan *p, struct replay *rp,
				      const struct journal_op *jo, struct op *applied,
				      struct buf *theirs, struct buf *mine)
{
	const struct op *op = &jo->op;
	const char *id = mapped_id(rp, op->id);
	struct change *c = plan_find_change(p, id);
	struct buf err = BUF_INIT;
	memset(applied, 0, sizeof(*applied));
	op_copy(op, applied);
	free(applied->id);
	applied->id = xstrdup(id);
	applied->change = NULL;

	switch (op->kind) {
	case OP_ADD_CHANGE:
		if (c) {
			if (jo->change && same_values(jo->change, c))
				goto already;
			describe_change(c, theirs);
			buf_adds(mine, _("add "));
			if (jo->change)
				describe_change(jo->change, mine);
			goto conflict;
		}
		if (!jo->change)
			goto conflict;
		applied->change = change_into(p, jo->change, id);
		if (applied->from > p->nchanges)
			applied->from = p->nchanges;
		break;
	case OP_DELETE_CHANGE:
		if (!c)
			goto already;
		if (jo->change && !same_values(jo->change, c)) {
			describe_change(c, theirs);
			buf_addf(mine, _("delete %s"), id);
			goto conflict;
		}
		applied->change = c;
		applied->from = (size_t)plan_change_index(p, c);
		break;
	default:
		if (!c) {
			buf_addf(theirs, _("%s no longer exists"), id);
			struct op tmp = *op;
			tmp.change = NULL;
			op_describe(p, &tmp, mine);
			goto conflict;
		}
		if (op_is_noop(p, applied))
			goto already;
		if (op->kind == OP_SET && op->before &&
		    strcmp(change_get_string(c, op->field), op->before) != 0) {
			describe_value(p, c, op->field, theirs);
			buf_addf(mine, "%s %s: %s", id, change_field_name(op->field),
				 op->field == CF_STATUS ? plan_status_label(p, op->after) : op->after);
			goto conflict;
		}
		if (op->kind == OP_MOVE_CHANGE) {
			long at = plan_change_index(p, c);
			if ((size_t)at == op->to)
				goto already;
			if ((size_t)at != op->from || op->to >= p->nchanges) {
				buf_addf(theirs, _("%s is at place %ld"), id, at + 1);
				buf_addf(mine, _("%s moved from place %zu to %zu"), id, op->from + 1,
					 op->to + 1);
				goto conflict;
			}
		}
		break;
	}
	if (op_apply(p, applied, &err) < 0) {
		buf_add(theirs, err.s, err.len);
		op_describe(p, applied, mine);
		goto conflict;
	}
	buf_release(&err);
	return REPLAY_APPLIED;
already:
	op_clear(applied);
	buf_release(&err);
	return REPLAY_ALREADY;
conflict:
	op_clear(applied);
	buf_release(&err);
	return REPLAY_CONFLICT;
}

int journal_replay_mine(struct plan *p, struct replay *rp, const struct journal_op *jo,
			struct op *applied, struct buf *err)
{
	const struct op *op = &jo->op;
	const char *id = mapped_id(rp, op->id);
	struct change *c = plan_find_change(p, id);
	int r = -1;
	memset(applied, 0, sizeof(*applied));
	switch (op->kind) {
	case OP_SET:
		if (c)
			r = op_make_set(p, id, op->field, op->after, applied, err);
		break;
	case OP_ADD_YEAR:
	case OP_REMOVE_YEAR:
		if (c)
			r = op_make_year(p, id, op->year, op->kind == OP_ADD_YEAR, applied, err);
		break;
	case OP_ADD_ITEM:
	case OP_REMOVE_ITEM:
		if (c)
			r = op_make_item(p, id, op->field, op->after, op->kind == OP_ADD_ITEM, applied, err);
		break;
	case OP_ADD_CHANGE: {
		if (!jo->change) {
			buf_adds(err, _("the journal holds no values for the change"));
			return -1;
		}
		/* the other side took the id: add it again under the next free one */
		char *nid = plan_next_change_id(p);
		applied->kind = OP_ADD_CHANGE;
		applied->id = xstrdup(nid);
		applied->from = op->from > p->nchanges ? p->nchanges : op->from;
		applied->change = change_into(p, jo->change, nid);
		rp->from = xrealloc(rp->from, (rp->n + 1) * sizeof(*rp->from));
		rp->to = xrealloc(rp->to, (rp->n + 1) * sizeof(*rp->to));
		rp->from[rp->n] = xstrdup(op->id);
		rp->to[rp->n++] = xstrdup(nid);
		r = 0;
		break;
	}
	case OP_DELETE_CHANGE:
		if (c)
			r = op_make_delete(p, id, applied, err);
		break;
	case OP_MOVE_CHANGE:
		if (c)
			r = op_make_move(p, id, op->to < op->from ? -1 : 1, applied, err);
		break;
	}
	if (!c && op->kind != OP_ADD_CHANGE && !err->len)
		buf_addf(err, _("%s no longer exists"), id);
	if (r == 0 && op_apply(p, applied, err) < 0)
		r = -1;
	if (r < 0)
		op_clear(applied);
	return r;
}
