/* journal.c — the crash journal and the re-applying of pending ops. */
#include "config.h"

#include "journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomicfile.h"
#include "i18n.h"

#define JOURNAL_MAGIC "samplan-journal 3"
#define JOURNAL_MAGIC_2 "samplan-journal 2"
#define JOURNAL_MAGIC_1 "samplan-journal 1"

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

uint64_t journal_files_id(const struct stat *const st[], size_t n)
{
	/* each file as its device, inode, size and time of change: the tuple
	 * txn.c knows a file by, and git's index too */
	uint64_t w[6 * SF_COUNT];
	size_t k = 0;
	for (size_t i = 0; i < n && k + 6 <= sizeof(w) / sizeof(w[0]); i++) {
		w[k++] = st[i] != NULL;
		w[k++] = st[i] ? (uint64_t)st[i]->st_dev : 0;
		w[k++] = st[i] ? (uint64_t)st[i]->st_ino : 0;
		w[k++] = st[i] ? (uint64_t)st[i]->st_size : 0;
		w[k++] = st[i] ? (uint64_t)st[i]->st_mtim.tv_sec : 0;
		w[k++] = st[i] ? (uint64_t)st[i]->st_mtim.tv_nsec : 0;
	}
	const char *t[1] = { (const char *)w };
	size_t l[1] = { k * sizeof(w[0]) };
	return journal_hash(t, l, 1);
}

uint64_t journal_id_store(const struct store *st)
{
	const struct stat *sts[SF_COUNT];
	for (int f = 0; f < SF_COUNT; f++)
		sts[f] = store_file_stat(st, (enum store_file_id)f);
	return journal_files_id(sts, SF_COUNT);
}

uint64_t journal_files_now(const struct journal_log *log, const struct store *st)
{
	return log->version >= 3 ? journal_id_store(st) : journal_hash_store(st);
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

static void put_escaped_as(struct buf *out, const char *s, bool comma)
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
		else if (c < 0x20 || c == 0x7f || (comma && c == ',')) {
			buf_adds(out, "\\x");
			buf_addc(out, hex[c >> 4]);
			buf_addc(out, hex[c & 15]);
		} else
			buf_addc(out, (char)c);
	}
}

static void put_escaped(struct buf *out, const char *s)
{
	put_escaped_as(out, s, false);
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

/* A record's values, one "key=value" field each; a list's items are
 * separated by ',' (a ',' in an item is escaped); the records inside it
 * each as its own values (without the first tab), escaped, separated by
 * ','. */
static void put_record(struct buf *out, enum kind k, const void *rec)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		buf_addf(out, "\t%s=", fd->name);
		if (fd->type == FT_RECORDS) {
			const struct reclist *l = rec_recs((void *)rec, fd);
			for (size_t i = 0; i < l->n; i++) {
				struct buf one = BUF_INIT;
				put_record(&one, fd->ref, l->v[i]);
				if (i)
					buf_addc(out, ',');
				put_escaped_as(out, buf_str(&one) + 1, true);
				buf_release(&one);
			}
			continue;
		}
		if (!field_is_list(fd)) {
			struct buf v = BUF_INIT;
			rec_format(rec, k, f, ",", &v);
			put_escaped(out, buf_str(&v));
			buf_release(&v);
			continue;
		}
		char tmp[16];
		for (size_t i = 0; i < rec_list_len(rec, k, f); i++) {
			if (i)
				buf_addc(out, ',');
			put_escaped_as(out, rec_list_item(rec, k, f, i, tmp), true);
		}
	}
}

void journal_format_op(const struct op *op, struct buf *out)
{
	const struct kind_info *kd = kind_of(op->rk);
	buf_addf(out, "op\t%s\t%s", op_kind_name(op->kind), kd->name);
	put_field(out, op->id ? op->id : "");
	buf_addf(out, "\t%s", op->field >= 0 && op->field < kd->nfields ? kd->fields[op->field].name
								     : "-");
	put_opt(out, op->before);
	put_opt(out, op->after);
	buf_addf(out, "\t%zu\t%zu\t%d", op->from, op->to, op->joined ? 1 : 0);
	if ((op->kind == OP_ADD || op->kind == OP_DELETE) && op->rec)
		put_record(out, op->rk, op->rec);
}

static void end_record(struct buf *b, size_t start)
{
	buf_addf(b, "\t#%08x\n", (unsigned)line_sum(b->s + start, b->len - start));
}

/* ---- writing ------------------------------------------------------------------- */

struct journal {
	char *path;
	/* the plan's directory, to remove the journal from it wherever it
	 * has been moved meanwhile (-1: not open) */
	int dirfd;
	uint64_t base;
	int fd;      /* -1 until the file exists */
	bool failed;
};

/* Removes the journal's file through its directory: from where the
 * directory is now, also when it has been moved. */
static int remove_journal(const struct journal *j)
{
	if (j->dirfd >= 0)
		return unlinkat(j->dirfd, JOURNAL_FILE_NAME, 0);
	return unlink(j->path);
}

struct journal *journal_new(const char *dir, uint64_t base)
{
	struct journal *j = xcalloc(1, sizeof(*j));
	j->path = xasprintf("%s/%s", dir && *dir ? dir : ".", JOURNAL_FILE_NAME);
	j->dirfd = open(dir && *dir ? dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
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
	if (remove_journal(j) < 0 && errno != ENOENT) {
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
		if (remove_journal(j) < 0 && errno != ENOENT) {
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
	remove_journal(j);
}

void journal_close(struct journal **jp)
{
	struct journal *j = *jp;
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	if (j->dirfd >= 0)
		close(j->dirfd);
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

#define MAXF 64

/* Splits a line into tab-separated fields; returns their number (MAXF + 1
 * when there are more). */
static size_t split(const char *s, size_t n, const char *f[MAXF], size_t fl[MAXF])
{
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || s[i] == '\t') {
			if (k == MAXF)
				return MAXF + 1;
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
	if (tmp[0] == '-' || tmp[0] == '+' || tmp[0] == ' ')
		return false;
	errno = 0;
	*v = strtoull(tmp, &end, base);
	return *end == '\0' && errno == 0;
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

/* A new record of kind k in the log's arena, every field empty. */
static void *new_rec(struct arena *a, enum kind k)
{
	const struct kind_info *kd = kind_of(k);
	void *r = arena_alloc(a, kd->size);
	memset(r, 0, kd->size);
	for (int f = 0; f < kd->nfields; f++)
		if (field_repr(&kd->fields[f]) == VR_STR)
			*(const char **)((char *)r + kd->fields[f].off) = "";
	return r;
}

static void *parse_record(struct arena *a, enum kind k, const char *const f[], const size_t fl[],
			  size_t nf, int depth);

/* The records inside a record, as put_record writes them. */
static bool parse_records(struct arena *a, const struct field *fd, void *r, const char *s, size_t n,
			  int depth)
{
	struct reclist *l = rec_recs(r, fd);
	size_t cnt = n ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		cnt += s[i] == ',';
	l->v = arena_alloc(a, (cnt ? cnt : 1) * sizeof(void *));
	l->cap = cnt;
	for (size_t i = 0, from = 0; n && i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		char *one = unescape(a, s + from, i - from);
		from = i + 1;
		const char *f[MAXF];
		size_t fl[MAXF];
		size_t nf = one ? split(one, strlen(one), f, fl) : 0;
		void *c = one && nf <= MAXF ? parse_record(a, fd->ref, f, fl, nf, depth + 1) : NULL;
		if (!c)
			return false;
		rec_head(c)->parent = r;
		l->v[l->n++] = c;
	}
	return true;
}

/* One field's value as written by put_record (or by version 1). */
static bool parse_value(struct arena *a, enum kind k, void *r, int f, const char *s, size_t n,
			int depth)
{
	const struct field *fd = kind_field(k, f);
	char *slot = (char *)r + fd->off;
	switch (field_repr(fd)) {
	case VR_RECS:
		return depth < 4 && parse_records(a, fd, r, s, n, depth);
	case VR_STR: {
		char *v = unescape(a, s, n);
		if (!v)
			return false;
		*(const char **)slot = v;
		return true;
	}
	case VR_INT: {
		unsigned long long v = 0;
		if (n && (!parse_num(s, n, &v, 10) || v > 1000000))
			return false;
		*(int *)slot = (int)v;
		return true;
	}
	case VR_STRS:
	case VR_YEARS:
		break;
	}
	size_t cnt = n ? 1 : 0;
	for (size_t i = 0; i < n; i++)
		cnt += s[i] == ',';
	struct strlist *sl = (struct strlist *)slot;
	struct yearlist *yl = (struct yearlist *)slot;
	if (field_repr(fd) == VR_STRS)
		sl->v = arena_alloc(a, (cnt ? cnt : 1) * sizeof(char *));
	else
		yl->v = arena_alloc(a, (cnt ? cnt : 1) * sizeof(int));
	for (size_t i = 0, from = 0; n && i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		char *item = unescape(a, s + from, i - from);
		from = i + 1;
		if (!item)
			return false;
		if (field_repr(fd) == VR_STRS) {
			sl->v[sl->n++] = item;
		} else {
			int y;
			if (!parse_year(item, &y))
				return false;
			yl->v[yl->n++] = y;
		}
	}
	return true;
}

/* A record's values as put_record writes them, in fields f[0..nf). */
static void *parse_record(struct arena *a, enum kind k, const char *const f[], const size_t fl[],
			  size_t nf, int depth)
{
	const struct kind_info *kd = kind_of(k);
	if (nf != (size_t)kd->nfields)
		return NULL;
	void *r = new_rec(a, k);
	for (int i = 0; i < kd->nfields; i++) {
		const char *v = f[i];
		size_t n = fl[i], klen = strlen(kd->fields[i].name);
		if (n <= klen || memcmp(v, kd->fields[i].name, klen) != 0 || v[klen] != '=' ||
		    !parse_value(a, k, r, i, v + klen + 1, n - klen - 1, depth))
			return NULL;
	}
	if (kd->id_rule == ID_FROM_FIELDS) {
		/* its id, made of its values (rec_make_id, in the log's arena) */
		struct buf id = BUF_INIT;
		for (int i = 0; i < kd->nid_parts; i++) {
			if (i)
				buf_addc(&id, '-');
			rec_format(r, k, kd->id_parts[i], ",", &id);
		}
		*(const char **)((char *)r + kd->id_off) = arena_strdup(a, buf_str(&id));
		buf_release(&id);
	}
	return r;
}

/* A version 2 op: KIND RKIND ID FIELD BEFORE AFTER FROM TO JOINED
 * [name=value...]. */
static bool parse_op(struct journal_log *log, const char *f[], const size_t fl[], size_t nf,
		     struct journal_op *jo)
{
	memset(jo, 0, sizeof(*jo));
	if (nf < 10 || nf > MAXF)
		return false;
	char name[32];
	if (fl[1] >= sizeof(name) || fl[2] >= sizeof(name))
		return false;
	struct op *op = &jo->op;
	memcpy(name, f[1], fl[1]);
	name[fl[1]] = '\0';
	op->kind = op_kind_from_name(name);
	memcpy(name, f[2], fl[2]);
	name[fl[2]] = '\0';
	enum kind k = kind_from_name(name);
	if (op->kind == OP_COUNT || k == K_NONE)
		return false;
	op->rk = k;
	op->field = -1;
	if (!field_is(f[4], fl[4], "-")) {
		if (fl[4] >= sizeof(name))
			return false;
		memcpy(name, f[4], fl[4]);
		name[fl[4]] = '\0';
		op->field = kind_field_from_name(k, name);
		if (op->field < 0)
			return false;
	}
	bool needs_field = op->kind == OP_SET || op->kind == OP_ADD_ITEM ||
			   op->kind == OP_REMOVE_ITEM;
	if (needs_field != (op->field >= 0))
		return false;
	char *id = unescape(&log->arena, f[3], fl[3]);
	unsigned long long from, to, joined;
	if (!id || !parse_num(f[7], fl[7], &from, 10) || !parse_num(f[8], fl[8], &to, 10) ||
	    !parse_num(f[9], fl[9], &joined, 10) || joined > 1 || from > SIZE_MAX / 2 ||
	    to > SIZE_MAX / 2)
		return false;
	op->id = xstrdup(id);
	op->from = (size_t)from;
	op->to = (size_t)to;
	op->joined = joined == 1;
	if (!parse_opt(&log->arena, f[5], fl[5], &op->before) ||
	    !parse_opt(&log->arena, f[6], fl[6], &op->after)) {
		op_clear(op);
		return false;
	}
	bool whole = op->kind == OP_ADD || op->kind == OP_DELETE;
	if (!whole) {
		if (nf != 10) {
			op_clear(op);
			return false;
		}
		return true;
	}
	void *r = parse_record(&log->arena, k, f + 10, fl + 10, nf - 10, 0);
	if (!r) {
		op_clear(op);
		return false;
	}
	jo->rec = r;
	return true;
}

/* A version 1 op (the previous release: changes only): KIND ID FIELD
 * BEFORE AFTER YEAR FROM TO [the change's 8 values]. */
static bool parse_op_1(struct journal_log *log, const char *f[], const size_t fl[], size_t nf,
		       struct journal_op *jo)
{
	static const char *const kinds1[] = { "set", "add-year", "remove-year", "add-item",
					      "remove-item", "add-change", "delete-change",
					      "move-change" };
	static const enum op_kind as[] = { OP_SET, OP_ADD_ITEM, OP_REMOVE_ITEM, OP_ADD_ITEM,
					   OP_REMOVE_ITEM, OP_ADD, OP_DELETE, OP_MOVE };
	memset(jo, 0, sizeof(*jo));
	if (nf != 9 && nf != 17)
		return false;
	size_t k;
	for (k = 0; k < sizeof(kinds1) / sizeof(*kinds1); k++)
		if (field_is(f[1], fl[1], kinds1[k]))
			break;
	if (k == sizeof(kinds1) / sizeof(*kinds1))
		return false;
	struct op *op = &jo->op;
	op->kind = as[k];
	op->rk = K_CHANGE;
	char name[32];
	if (fl[3] >= sizeof(name))
		return false;
	memcpy(name, f[3], fl[3]);
	name[fl[3]] = '\0';
	int field = kind_field_from_name(K_CHANGE, name);
	char *id = unescape(&log->arena, f[2], fl[2]);
	unsigned long long year, from, to;
	if (!id || field < 0 || !parse_num(f[6], fl[6], &year, 10) || year > 9999 ||
	    !parse_num(f[7], fl[7], &from, 10) || !parse_num(f[8], fl[8], &to, 10) ||
	    from > SIZE_MAX / 2 || to > SIZE_MAX / 2)
		return false;
	bool item = op->kind == OP_ADD_ITEM || op->kind == OP_REMOVE_ITEM;
	op->field = op->kind == OP_SET || item ? field : -1;
	op->id = xstrdup(id);
	op->from = (size_t)from;
	op->to = (size_t)to;
	if (!parse_opt(&log->arena, f[4], fl[4], &op->before) ||
	    !parse_opt(&log->arena, f[5], fl[5], &op->after)) {
		op_clear(op);
		return false;
	}
	if (k == 1 || k == 2) { /* a year */
		free(op->after);
		op->after = xasprintf("%llu", year);
		op->field = CF_PRIORITY;
	}
	bool whole = op->kind == OP_ADD || op->kind == OP_DELETE;
	if (whole != (nf == 17)) {
		op_clear(op);
		return false;
	}
	if (whole) {
		/* id, horizon, text, status, notes, priority, groups, effects */
		static const int order[] = { CF_ID, CF_HORIZON, CF_TEXT, CF_STATUS, CF_NOTES,
					     CF_PRIORITY, CF_GROUPS, CF_EFFECTS };
		void *r = new_rec(&log->arena, K_CHANGE);
		for (size_t i = 0; i < 8; i++)
			if (!parse_value(&log->arena, K_CHANGE, r, order[i], f[9 + i], fl[9 + i], 0)) {
				op_clear(op);
				return false;
			}
		jo->rec = r;
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
			log->truncated = log->damaged = true;
			break;
		}
		n -= 10;
		const char *f[MAXF];
		size_t fl[MAXF];
		size_t nf = split(l, n, f, fl);
		unsigned long long h;
		if (first) {
			bool v1 = nf == 3 && field_is(f[0], fl[0], JOURNAL_MAGIC_1);
			bool v2 = nf == 3 && field_is(f[0], fl[0], JOURNAL_MAGIC_2);
			if (nf != 3 || (!v1 && !v2 && !field_is(f[0], fl[0], JOURNAL_MAGIC)) ||
			    !field_is(f[1], fl[1], "base") || !parse_num(f[2], fl[2], &h, 16)) {
				journal_log_free(log);
				return -1;
			}
			log->base = h;
			log->version = v1 ? 1 : v2 ? 2 : 3;
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
			if (!(log->version == 1 ? parse_op_1 : parse_op)(log, f, fl, nf,
									   &log->ops[log->nops])) {
				log->truncated = log->damaged = true;
				break;
			}
			log->nops++;
		} else {
			log->truncated = log->damaged = true;
			break;
		}
	}
	if (first) {
		journal_log_free(log);
		return -1;
	}
	return 0;
}

/* Moves the journal at `path` to a name of its own beside it, never
 * replacing a file; returns that name (caller frees), or NULL with a
 * message in `err`. */
static char *keep_aside(const char *path, struct buf *err)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm))
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	int e = EEXIST;
	for (int k = 0; k < 100 && e == EEXIST; k++) {
		char *to = k ? xasprintf("%s.damaged-%s-%d", path, stamp, k)
			     : xasprintf("%s.damaged-%s", path, stamp);
		struct stat st;
		if (link(path, to) == 0) {
			if (unlink(path) == 0)
				return to;
			e = errno;
			unlink(to);
		} else if ((e = errno) != EEXIST && lstat(to, &st) < 0 && errno == ENOENT &&
			   rename(path, to) == 0) {
			return to; /* a filesystem without hard links: a name that is free */
		}
		free(to);
	}
	buf_addf(err, _("cannot move the damaged journal %s aside: %s"), path, strerror(e));
	return NULL;
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
	if (rc == 0) {
		if (journal_parse(buf_str(&text), text.len, log) == 0) {
			rc = 1;
			if (log->damaged && !(log->kept_as = keep_aside(path, err))) {
				journal_log_free(log);
				rc = -1;
			}
		} else if (text.len) {
			/* not even a header: not a journal samplan can read */
			char *kept = keep_aside(path, err);
			if (kept)
				buf_addf(err, _("the journal %s does not read as one; it is kept as %s"),
					 path, kept);
			free(kept);
			rc = -1;
		}
	}
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
	free(log->kept_as);
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
		ops[i].rec = log->ops[from + i].rec;
	}
	return ops;
}

void journal_describe(const struct plan *p, const struct journal_op *jo, struct buf *out)
{
	struct op op = jo->op;
	op.rec = jo->rec;
	op_describe(p, &op, out);
}

/* ---- re-applying ----------------------------------------------------------- */

static const char *mapped_id(const struct replay *rp, enum kind k, const char *id)
{
	for (size_t i = rp->n; i-- > 0;)
		if (rp->kind[i] == k && strcmp(rp->from[i], id) == 0)
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
	free(rp->kind);
	memset(rp, 0, sizeof(*rp));
}

static void *find_rec_of(const struct plan *p, enum kind k, const char *id)
{
	struct op probe = { .rk = k, .id = (char *)id };
	return op_record(p, &probe);
}

static bool same_values(enum kind k, const void *a, const void *b)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++)
		if (f != kd->id_field && !rec_field_equal(k, f, a, b))
			return false;
	return true;
}

/* "F3 status: Klar" — what a record holds in the op's field. */
static void describe_value(const struct plan *p, enum kind k, const void *r, int f,
			   struct buf *out)
{
	const struct field *fd = kind_field(k, f);
	struct buf v = BUF_INIT;
	rec_format(r, k, f, ", ", &v);
	const char *shown = buf_str(&v);
	if (fd->type == FT_REF) {
		const void *to = plan_find(p, fd->ref, shown);
		if (to)
			shown = rec_name(fd->ref, to);
	}
	buf_addf(out, "%s %s: %s", rec_id(k, r), fd->name, shown);
	buf_release(&v);
}

/* "F3 [pagar] text", "group fstod (Arbetsgrupp föräldraskapsstöd)". */
static void describe_record(enum kind k, const void *r, struct buf *out)
{
	if (k == K_CHANGE) {
		const struct change *c = r;
		buf_addf(out, "%s [%s] %s", c->id, c->status, c->text);
		return;
	}
	buf_addf(out, "%s %s (%s)", _(kind_of(k)->words->label), rec_id(k, r), rec_name(k, r));
}

enum replay_result journal_replay_one(struct plan *p, struct replay *rp,
				      const struct journal_op *jo, struct op *applied,
				      struct buf *theirs, struct buf *mine)
{
	const struct op *op = &jo->op;
	enum kind k = op->rk;
	const char *id = mapped_id(rp, k, op->id ? op->id : "");
	struct buf err = BUF_INIT;
	memset(applied, 0, sizeof(*applied));
	op_copy(op, applied);
	free(applied->id);
	applied->id = xstrdup(id);
	applied->rec = NULL;
	void *r = op_record(p, applied);

	/* what the journal says is checked as strictly as what is typed */
	struct op probe = *applied;
	probe.rec = jo->rec;
	if (op_check(p, &probe, &err) < 0) {
		buf_add(theirs, err.s, err.len);
		op_describe(p, &probe, mine);
		goto conflict;
	}
	switch (op->kind) {
	case OP_ADD:
		if (r) {
			if (jo->rec && same_values(k, jo->rec, r))
				goto already;
			describe_record(k, r, theirs);
			buf_adds(mine, _("add "));
			if (jo->rec)
				describe_record(k, jo->rec, mine);
			goto conflict;
		}
		if (!jo->rec)
			goto conflict;
		{
			const char *last;
			void *parent = plan_path_parent(p, k, id, &last);
			const struct reclist *l = plan_list(p, k, parent);
			if (!l) {
				buf_addf(theirs, _("%s no longer exists"), id);
				op_describe(p, &probe, mine);
				goto conflict;
			}
			applied->rec = rec_copy(p, k, jo->rec, last);
			rec_head(applied->rec)->parent = parent;
			if (applied->from > l->n)
				applied->from = l->n;
		}
		break;
	case OP_DELETE:
		if (!r)
			goto already;
		if (jo->rec && !same_values(k, jo->rec, r)) {
			describe_record(k, r, theirs);
			buf_addf(mine, _("delete %s"), id);
			goto conflict;
		}
		applied->rec = r;
		applied->from = (size_t)plan_index(p, k, r);
		break;
	case OP_SET:
	case OP_ADD_ITEM:
	case OP_REMOVE_ITEM:
	case OP_MOVE:
		if (!r) {
			buf_addf(theirs, _("%s no longer exists"), id);
			op_describe(p, applied, mine);
			goto conflict;
		}
		if (op_is_noop(p, applied))
			goto already;
		if (op->kind == OP_SET && op->before) {
			struct buf now = BUF_INIT;
			rec_format(r, k, op->field, ",", &now);
			bool same = strcmp(buf_str(&now), op->before) == 0;
			buf_release(&now);
			if (!same) {
				describe_value(p, k, r, op->field, theirs);
				const struct field *fd = kind_field(k, op->field);
				const char *v = op->after ? op->after : "";
				if (fd->type == FT_REF) {
					const void *to = plan_find(p, fd->ref, v);
					if (to)
						v = rec_name(fd->ref, to);
				}
				buf_addf(mine, "%s %s: %s", id, fd->name, v);
				goto conflict;
			}
		}
		if (op->kind == OP_MOVE) {
			long at = plan_index(p, k, r);
			if ((size_t)at == op->to)
				goto already;
			if ((size_t)at != op->from ||
			    op->to >= plan_list(p, k, rec_head(r)->parent)->n) {
				buf_addf(theirs, _("%s is at place %ld"), id, at + 1);
				buf_addf(mine, _("%s moved from place %zu to %zu"), id, op->from + 1,
					 op->to + 1);
				goto conflict;
			}
		}
		break;
	case OP_COUNT:
		goto conflict;
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
	enum kind k = op->rk;
	const char *id = mapped_id(rp, k, op->id ? op->id : "");
	void *r = find_rec_of(p, k, id);
	int rc = -1;
	memset(applied, 0, sizeof(*applied));
	/* mine is checked as strictly as when it was tried */
	struct op probe = *op;
	probe.id = (char *)id;
	probe.rec = jo->rec;
	if (op_check(p, &probe, err) < 0)
		return -1;
	switch (op->kind) {
	case OP_SET:
		if (r)
			rc = op_make_set(p, k, id, op->field, op->after ? op->after : "", applied, err);
		break;
	case OP_ADD_ITEM:
	case OP_REMOVE_ITEM:
		if (r)
			rc = op_make_item(p, k, id, op->field, op->after ? op->after : "",
					  op->kind == OP_ADD_ITEM, applied, err);
		break;
	case OP_ADD: {
		if (!jo->rec) {
			buf_adds(err, _("the journal holds no values for the record"));
			return -1;
		}
		/* the other side took the id: add it again under the next free one
		 * (an id made of the record's values stays: it is its values) */
		void *copy = rec_copy(p, k, jo->rec, NULL);
		if (kind_of(k)->id_field >= 0)
			*(const char **)((char *)copy + kind_of(k)->id_off) = "";
		rec_head(copy)->parent = plan_path_parent(p, k, id, NULL);
		rc = op_make_add(p, k, op->from, copy, applied, err);
		if (rc == 0) {
			rp->from = xrealloc(rp->from, (rp->n + 1) * sizeof(*rp->from));
			rp->to = xrealloc(rp->to, (rp->n + 1) * sizeof(*rp->to));
			rp->kind = xrealloc(rp->kind, (rp->n + 1) * sizeof(*rp->kind));
			rp->from[rp->n] = xstrdup(op->id ? op->id : "");
			rp->to[rp->n] = xstrdup(applied->id);
			rp->kind[rp->n++] = k;
		}
		break;
	}
	case OP_DELETE:
		if (r)
			rc = op_make_delete(p, k, id, applied, err);
		break;
	case OP_MOVE:
		if (r)
			rc = op_make_move(p, k, id, op->to < op->from ? -1 : 1, applied, err);
		break;
	case OP_COUNT:
		break;
	}
	if (!r && op->kind != OP_ADD && !err->len)
		buf_addf(err, _("%s no longer exists"), id);
	if (rc == 0 && op_apply(p, applied, err) < 0)
		rc = -1;
	if (rc < 0)
		op_clear(applied);
	return rc;
}
