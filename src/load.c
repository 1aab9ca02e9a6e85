/* load.c — reads every plan file into the model, checking every value
 * against the schema, and records where each record stands for the
 * writer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "i18n.h"
#include "store_int.h"
#include "yamlout.h"

/* ---- typed values ---------------------------------------------------- */

/* What a value is, for "... not %s". */
static const char *kind_name(const struct ynode *n)
{
	if (n->type == YN_MAP)
		/* TRANSLATORS: this and the next two fill "..., not %s" */
		return _("a mapping");
	return n->type == YN_SEQ ? _("a list") : _("a value");
}

/* Reports that a line break stands in `key`, which must be one line. */
static void line_break_error(struct yparse *yp, const struct ynode *n, const char *key)
{
	yparse_error(yp, n, _("line break in '%s' (it is one line; only texts, notes and the like may span lines)"),
		     key);
}

static void empty_error(struct yparse *yp, const struct ynode *n, const char *key)
{
	yparse_error(yp, n, _("'%s' must not be empty"), key);
}

/* A string value; multi-line only where `multiline`.  NULL on a problem
 * (reported).  Null reads as "". */
static const char *get_string(struct plan *p, struct yparse *yp, const struct ynode *n,
			      const char *key, bool multiline)
{
	if (n->type != YN_SCALAR) {
		yparse_error(yp, n, _("'%s' must be a string, not %s"), key, kind_name(n));
		return NULL;
	}
	if (ynode_is_null(n))
		return "";
	/* libyaml refuses control characters in the text itself, so only
	 * escapes in double quotes can bring them in (reported where they
	 * were read); a line break can come from any multi-line style. */
	if (n->style == YS_DOUBLE && n->bad)
		return NULL;
	if (!multiline && memchr(n->value, '\n', n->len)) {
		line_break_error(yp, n, key);
		return NULL;
	}
	if (n->in_values && yp->values == &p->arena)
		return n->value; /* read straight into the plan */
	return arena_strndup(&p->arena, n->value, n->len);
}

static void date_error(struct yparse *yp, const struct ynode *n, const char *key, const char *s)
{
	bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		shape = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
	if (shape)
		yparse_error(yp, n, _("'%s' must be a date that exists, not '%s'"), key, s);
	else
		yparse_error(yp, n, _("'%s' must be a date written YYYY-MM-DD, not '%s'"), key, s);
}

static bool get_year(struct yparse *yp, const struct ynode *n, const char *key, int *year)
{
	if (n->bad)
		return false;
	if (n->type != YN_SCALAR) {
		yparse_error(yp, n, _("'%s' must be a year such as 2025, not %s"), key, kind_name(n));
		return false;
	}
	if (n->style != YS_PLAIN && parse_year(n->value, year)) {
		/* samplan(5): a year is written unquoted; quoted, YAML reads text */
		yparse_error(yp, n, _("'%s' must be a year written without quotes, such as 2025"), key);
		return false;
	}
	if (parse_year(n->value, year))
		return true;
	if (strlen(n->value) == 4 && strspn(n->value, "0123456789") == 4)
		yparse_error(yp, n, _("'%s' must be a year between 1900 and 2999, not '%s'"), key,
			     n->value);
	else
		yparse_error(yp, n, _("'%s' must be a year such as 2025, not '%s'"), key, n->value);
	return false;
}

/* What a file's loader keeps while it reads (yp->owner): the records it
 * dropped for a problem already said, so that a reference to one of them
 * (a topic's meeting, when the meeting had a bad point) is not said again. */
struct load_state {
	struct dropped {
		enum kind k;
		const char *id;
	} *v;
	size_t n, cap;
};

static bool was_dropped(const struct yparse *yp, enum kind k, const char *id)
{
	const struct load_state *ls = yp->owner;
	for (size_t i = 0; ls && i < ls->n; i++)
		if (ls->v[i].k == k && strcmp(ls->v[i].id, id) == 0)
			return true;
	return false;
}

/* "unknown group 'x' (known: a, b)": a reference to nothing (or to a
 * record dropped for a problem already said: then nothing more). */
static void unknown_ref(struct plan *p, struct yparse *yp, const struct ynode *n, enum kind to,
			const char *s)
{
	if (was_dropped(yp, to, s)) {
		yp->errors++; /* the reference does not hold all the same */
		return;
	}
	struct buf b = BUF_INIT;
	plan_list_ids(p, to, &b);
	yparse_error_table(yp, n, _(kind_of(to)->words->unknown), s, buf_str(&b));
	buf_release(&b);
}

/* Whether field fd of kind k refers forward, to a kind of a file read
 * after k's: its value is kept as written, and checked once every file is
 * read (forward_refs_hold). */
static bool ref_forward(enum kind k, const struct field *fd)
{
	return fd->type == FT_REF && kind_of(fd->ref)->file > kind_of(k)->file;
}

/* A list of strings (FT_REFS: ids that must name records of fd->ref). */
static bool get_strlist(struct plan *p, struct yparse *yp, const struct ynode *n,
			const struct field *fd, bool xref, struct strlist *out)
{
	const char *key = fd->name;
	bool ids = fd->type == FT_REFS;
	out->v = NULL;
	out->n = 0;
	if (ynode_is_null(n))
		return true;
	if (n->type != YN_SEQ) {
		yparse_error(yp, n, _("'%s' must be a list, not %s"), key, kind_name(n));
		return false;
	}
	bool ok = true;
	out->v = arena_alloc(&p->arena, (n->nkids ? n->nkids : 1) * sizeof(char *));
	for (size_t i = 0; i < n->nkids; i++) {
		const struct ynode *k = n->kids[i];
		if (k->type != YN_SCALAR) {
			yparse_error(yp, k, _("each item of '%s' must be a string, not %s"), key,
				     kind_name(k));
			ok = false;
			continue;
		}
		const char *s = get_string(p, yp, k, key, false);
		if (!s) {
			ok = false;
			continue;
		}
		if (ids && !valid_kind_id(fd->ref, s)) {
			yparse_error(yp, k, _("invalid id '%s' in '%s'"), s, key);
			ok = false;
			continue;
		}
		if (strlist_contains(out, s)) {
			yparse_error(yp, k, _("'%s' is listed twice in '%s'"), s, key);
			ok = false;
			continue;
		}
		if (ids) {
			const void *to = plan_find(p, fd->ref, s);
			if (to) {
				s = rec_id(fd->ref, to); /* shared with the record, as ops do */
			} else if (xref) {
				unknown_ref(p, yp, k, fd->ref, s);
				ok = false;
				continue;
			}
		}
		out->v[out->n++] = s;
	}
	return ok;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static bool get_years(struct plan *p, struct yparse *yp, const struct ynode *n,
		      const char *key, struct yearlist *out)
{
	out->v = NULL;
	out->n = 0;
	if (ynode_is_null(n))
		return true;
	if (n->type != YN_SEQ) {
		yparse_error(yp, n, _("'%s' must be a list of years such as [2025], not %s"), key,
			     kind_name(n));
		return false;
	}
	bool ok = true;
	out->v = arena_alloc(&p->arena, (n->nkids ? n->nkids : 1) * sizeof(int));
	for (size_t i = 0; i < n->nkids; i++) {
		int y;
		if (!get_year(yp, n->kids[i], key, &y)) {
			ok = false;
			continue;
		}
		if (yearlist_contains(out, y)) {
			yparse_error(yp, n->kids[i], _("year %d is listed twice in '%s'"), y, key);
			ok = false;
			continue;
		}
		out->v[out->n++] = y;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(int), cmp_int);
	return ok;
}

static void *record_from(struct plan *p, enum kind k, struct yparse *yp, const struct ynode *n,
			 bool xref);

/* The records inside record r: the list `v` of field fd, each item a
 * record of kind fd->ref whose parent is r.  Problems are reported; what
 * reads well is kept. */
static void get_records(struct plan *p, struct yparse *yp, const struct field *fd,
			const struct ynode *v, bool xref, void *r)
{
	enum kind k = fd->ref;
	const struct kind_info *kd = kind_of(k);
	if (ynode_is_null(v))
		return;
	if (v->type != YN_SEQ) {
		yparse_error(yp, v, _("'%s' must be a list, not %s"), fd->key, kind_name(v));
		return;
	}
	unsigned *lines = xcalloc(v->nkids ? v->nkids : 1, sizeof(*lines));
	void **made = xcalloc(v->nkids ? v->nkids : 1, sizeof(*made));
	for (size_t i = 0; i < v->nkids; i++) {
		const struct ynode *item = v->kids[i];
		if (kd->max_items && i >= kd->max_items) {
			yparse_error_table(yp, item, _(kd->words->too_many), (size_t)kd->max_items);
			break;
		}
		void *c = record_from(p, k, yp, item, xref);
		if (!c)
			continue;
		made[i] = c;
		lines[i] = item->line;
		const char *id = rec_id(k, c);
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			if (made[j] && strcmp(rec_id(k, made[j]), id) == 0) {
				const struct ynode *at = kd->id_field >= 0
					? ynode_get(item, kd->fields[kd->id_field].key) : item;
				yparse_error_table(yp, at ? at : item, _(kd->words->duplicate), id,
						   lines[j]);
				dup = true;
			}
		if (dup) {
			made[i] = NULL;
			continue;
		}
		rec_head(c)->parent = r;
		plan_insert(p, k, (size_t)-1, c);
		struct buf why = BUF_INIT;
		int broken = rec_rules(p, k, c, r, (size_t)-1, -1, NULL, &why);
		if (broken >= 0) {
			const struct ynode *at = ynode_get(item, kd->fields[broken].key);
			yparse_error(yp, at ? at : item, "%s", buf_str(&why));
		}
		buf_release(&why);
	}
	free(lines);
	free(made);
}

/* Reads the value `v` of field fd (of a record of kind k) into the record
 * `r`.  Problems are reported; the record keeps the field's default. */
static void get_field(struct plan *p, struct yparse *yp, enum kind k, const struct field *fd,
		      const struct ynode *v, bool xref, void *r)
{
	const char *key = field_sub_key(fd) ? field_sub_key(fd) : fd->key;
	char *slot = (char *)r + fd->off;
	switch (fd->type) {
	case FT_STRING:
	case FT_TEXT:
	case FT_DATE:
	case FT_PERIOD:
	case FT_CHOICE: {
		const char *s = get_string(p, yp, v, key, fd->type == FT_TEXT);
		if (!s)
			return;
		if (!*s && (fd->flags & FF_NONEMPTY)) {
			empty_error(yp, v, key);
			return;
		}
		if (*s && !str_has_text(s) && (fd->flags & FF_NONEMPTY)) {
			yparse_error(yp, v, _("'%s' must not be empty or only spaces"), key);
			return;
		}
		if (!*s && fd->type == FT_CHOICE) /* the default stays */
			return;
		if (*s && (fd->flags & FF_ID) && !valid_kind_id(k, s)) {
			if (k == K_STATUS)
				yparse_error(yp, v, _("invalid status key '%s': use a-z, 0-9 and '-' only"),
					     s);
			else if (fd->type == FT_DATE)
				date_error(yp, v, key, s);
			else
				yparse_error(yp, v,
					     _("invalid id '%s': use letters, digits, '.', '_' and '-' only"),
					     s);
			return;
		}
		if (*s && fd->type == FT_DATE && !valid_date(s)) {
			date_error(yp, v, key, s);
			return;
		}
		if (*s && fd->type == FT_PERIOD && !valid_period(s)) {
			yparse_error(yp, v,
				     _("'%s' must be a year, a month or a day (2025, 2025-03 or 2025-03-19), not '%s'"),
				     key, s);
			return;
		}
		if (fd->type == FT_CHOICE) {
			const char *c = field_choice(fd, s);
			if (!c) {
				struct buf b = BUF_INIT;
				field_choices(fd, &b);
				/* TRANSLATORS: "unknown horizon 'x' (known: kort, lång)" */
				yparse_error(yp, v, _("unknown %s '%s' (known: %s)"), _(fd->label), s,
					     buf_str(&b));
				buf_release(&b);
				return;
			}
			s = c;
		}
		*(const char **)slot = s;
		return;
	}
	case FT_REF: {
		const struct kind_info *to = kind_of(fd->ref);
		if (v->bad)
			return; /* reported where it was read */
		if (v->type == YN_SCALAR && memchr(v->value, '\n', v->len)) {
			line_break_error(yp, v, key);
		} else if (v->type != YN_SCALAR) {
			/* TRANSLATORS: "'status' must be a status key, not a list" */
			yparse_error(yp, v, _("'%s' must be a %s key, not %s"), key, _(to->words->label),
				     kind_name(v));
		} else if (ynode_is_null(v) || !v->len) {
			/* none: "" as much as nothing ("group: \"\"", as written) */
			if (fd->flags & FF_NONEMPTY)
				empty_error(yp, v, key);
		} else {
			const void *target = plan_find(p, fd->ref, v->value);
			if (target)
				*(const char **)slot = rec_id(fd->ref, target);
			else if (xref && !ref_forward(k, fd))
				unknown_ref(p, yp, v, fd->ref, v->value);
			else if ((target = get_string(p, yp, v, key, false)))
				*(const char **)slot = target;
		}
		return;
	}
	case FT_REFS:
	case FT_NAMES:
		if (get_strlist(p, yp, v, fd, xref, (struct strlist *)slot) &&
		    (fd->flags & FF_NONEMPTY) && !((struct strlist *)slot)->n)
			/* TRANSLATORS: "'changes' must name at least one" */
			yparse_error(yp, v, _("'%s' must name at least one"), key);
		return;
	case FT_RECORDS:
		get_records(p, yp, fd, v, xref, r);
		return;
	case FT_YEARS:
		get_years(p, yp, v, key, (struct yearlist *)slot);
		return;
	case FT_YEAR:
		/* none: 0, where one may be left out */
		if (ynode_is_null(v) || (v->type == YN_SCALAR && !v->len && !v->bad)) {
			if (fd->flags & FF_REQUIRED)
				empty_error(yp, v, key);
			return;
		}
		get_year(yp, v, key, (int *)slot);
		return;
	case FT_NUMBER: {
		/* digits only: strtol would take "+3", "-0" and " 3" too */
		bool digits = v->type == YN_SCALAR && v->len && v->len <= 7 &&
			      strspn(v->value, "0123456789") == v->len;
		long n = digits ? strtol(v->value, NULL, 10) : 0;
		if (!digits || v->style != YS_PLAIN || n > 1000000)
			yparse_error(yp, v, _("'%s' must be a whole number such as 3"), key);
		else
			*(int *)slot = (int)n;
		return;
	}
	case FT_COUNT:
		break;
	}
}

/* The value of field fd in the mapping `map` (its key, or its key under
 * the mapping it stands in), or NULL; `top` is the key's own node. */
static const struct ynode *field_node(struct yparse *yp, const struct ynode *map,
				      const struct field *fd, const struct ynode *top)
{
	const char *sub = field_sub_key(fd);
	if (!sub)
		return top;
	if (!top || ynode_is_null(top))
		return NULL;
	if (top->type != YN_MAP)
		return NULL; /* reported once for the mapping, by the caller */
	(void)yp;
	(void)map;
	return ynode_get(top, sub);
}

/* Whether `key` is the (top-level part of the) key of field fd. */
static bool key_is(const struct field *fd, const struct ynode *key)
{
	return fd->key[0] == key->value[0] && field_top_len(fd) == key->len &&
	       memcmp(fd->key, key->value, key->len) == 0;
}

/* Reads the fields of kind k from mapping `n` into record r: the values
 * found, the keys missing.  `xref`: references must name records. */
static void fields_from_map(struct plan *p, enum kind k, struct yparse *yp, const struct ynode *n,
			    bool xref, void *r)
{
	const struct kind_info *kd = kind_of(k);
	/* one pass over the keys; unknown keys are kept in the file, not here */
	const struct ynode *top[FIELD_MAX] = { NULL };
	int next = 0; /* keys mostly come in the schema's order: try it first */
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		const struct ynode *key = n->kids[i];
		if (key->type != YN_SCALAR || !key->len)
			continue;
		if (next < kd->nfields && !field_sub_key(&kd->fields[next]) &&
		    key_is(&kd->fields[next], key)) {
			top[next++] = n->kids[i + 1];
			continue;
		}
		for (int f = 0; f < kd->nfields; f++)
			if (key_is(&kd->fields[f], key)) {
				top[f] = n->kids[i + 1];
				next = f + 1;
			}
	}
	const struct ynode *reported = NULL;
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (field_sub_key(fd) && top[f] && !ynode_is_null(top[f]) && top[f]->type != YN_MAP) {
			if (top[f] != reported)
				/* TRANSLATORS: "'adopted' must be a mapping (by:, date:), not a list" */
				yparse_error(yp, top[f], _("'%.*s' must be a mapping, not %s"),
					     (int)field_top_len(fd), fd->key, kind_name(top[f]));
			reported = top[f];
			continue;
		}
		const struct ynode *v = field_node(yp, n, fd, top[f]);
		if (!v) {
			if (fd->flags & FF_REQUIRED)
				yparse_error_table(yp, n, _(kd->words->missing_key), fd->key);
			continue;
		}
		get_field(p, yp, k, fd, v, xref, r);
	}
}

static void *record_from(struct plan *p, enum kind k, struct yparse *yp, const struct ynode *n,
			 bool xref)
{
	const struct kind_info *kd = kind_of(k);
	if (n->type != YN_MAP) {
		yparse_error_table(yp, n, _(kd->words->not_mapping),
			     /* TRANSLATORS: fills the %s of "..., not %s" like "a list" */
			     ynode_is_null(n) ? _("an empty item") : kind_name(n));
		return NULL;
	}
	unsigned before = yp->errors;
	void *r = plan_new_record(p, k, NULL);
	fields_from_map(p, k, yp, n, xref, r);
	rec_make_id(p, k, r);
	if (yp->errors == before)
		return r;
	struct load_state *ls = yp->owner;
	if (ls && !kind_is_nested(k) && kind_has_id(k) && *rec_id(k, r)) {
		if (ls->n == ls->cap) {
			ls->cap = ls->cap ? 2 * ls->cap : 8;
			ls->v = xrealloc(ls->v, ls->cap * sizeof(*ls->v));
		}
		ls->v[ls->n++] = (struct dropped){ k, rec_id(k, r) };
	}
	return NULL;
}

void *record_from_node(struct plan *p, enum kind k, struct yparse *yp, const struct ynode *n,
		       bool xref)
{
	void *r = record_from(p, k, yp, n, xref);
	if (r) /* its records were put in it, which marks it */
		rec_clear_dirty(k, r);
	return r;
}

/* ---- the top-level driver ------------------------------------------- */

struct file_loader {
	struct store *st; /* NULL: no layout to record */
	struct plan *p;
	struct diags *d;
	struct yparse yp;
	enum store_file_id f;
	bool xref;
	enum kind own;    /* the file's own record, or K_NONE */
	/* while a list is read */
	enum kind list;
	struct store_list *layout;
	uint32_t prev_end;
	struct rec_src **srcs;
	size_t nsrcs, capsrcs;
};

static bool comment_line(const char *t, uint32_t start, uint32_t end)
{
	while (start < end && (t[start] == ' ' || t[start] == '\t'))
		start++;
	return start < end && t[start] == '#';
}

/* Reports lines that begin with a git conflict marker; true if any. */
static bool find_conflict_markers(const char *name, const char *t, size_t len,
				  struct diags *d)
{
	static const char *const markers[] = { "<<<<<<<", "=======", ">>>>>>>", "|||||||" };
	bool found = false;
	for (size_t m = 0; m < 4; m++) {
		char pat[9];
		pat[0] = '\n';
		memcpy(pat + 1, markers[m], 8);
		const char *p = t;
		if (len >= 7 && memcmp(t, markers[m], 7) == 0)
			p = t - 1; /* a marker on the first line */
		else
			p = memmem(t, len, pat, 8);
		while (p) {
			size_t off = (size_t)(p + 1 - t);
			char after = off + 7 < len ? t[off + 7] : '\n';
			if (after == ' ' || after == '\n' || after == '\r') {
				unsigned line, col;
				text_line_col(t, len, off, &line, &col);
				diag_add(d, name, line, 1,
					 _("unresolved merge conflict (git conflict marker '%s'); "
					   "resolve the conflict and commit before using samplan"),
					 markers[m]);
				found = true;
			}
			size_t from = off + 7;
			p = from < len ? memmem(t + from, len - from, pat, 8) : NULL;
		}
	}
	return found;
}

/* Whether the byte at `p` starts a character YAML reads as a line break
 * though editors and git do not (see find_odd_breaks); sets *cp to it. */
static bool odd_break_at(const char *t, size_t len, const char *p, unsigned long *cp)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t left = len - (size_t)(p - t);
	switch (u[0]) {
	case '\r':
		*cp = 0x0d;
		return left < 2 || u[1] != '\n';
	case 0xc2:
		*cp = 0x85;
		return left >= 2 && u[1] == 0x85;
	case 0xe2:
		*cp = left >= 3 && u[2] == 0xa8 ? 0x2028 : 0x2029;
		return left >= 3 && u[1] == 0x80 && (u[2] == 0xa8 || u[2] == 0xa9);
	case 0xef: /* a byte order mark anywhere but at the start */
		*cp = 0xfeff;
		return p > t && left >= 3 && u[1] == 0xbb && u[2] == 0xbf;
	}
	return false;
}

/* Characters YAML reads as line breaks though editors and git do not (a
 * lone carriage return, U+0085, U+2028, U+2029), and a byte order mark
 * inside the text: they would make the file mean something else than it
 * shows.  Reports the first; true if any.  The text is searched a block
 * at a time for each byte that can start one, so that a big file is read
 * from memory once, not once per byte. */
static bool find_odd_breaks(const char *name, const char *t, size_t len, struct diags *d)
{
	enum { BLOCK = 16 * 1024 };
	static const char leads[] = { '\r', '\xc2', '\xe2', '\xef' };
	size_t best = len;
	unsigned long cp = 0;
	for (size_t from = 0; from < len && best == len; from += BLOCK) {
		size_t to = len - from > BLOCK ? from + BLOCK : len;
		for (size_t b = 0; b < sizeof(leads); b++) {
			size_t end = best < to ? best : to;
			for (const char *p = t + from; p < t + end &&
			     (p = memchr(p, leads[b], (size_t)(t + end - p))) != NULL; p++) {
				unsigned long c;
				if (odd_break_at(t, len, p, &c)) {
					best = (size_t)(p - t);
					cp = c;
					break;
				}
			}
		}
	}
	if (best == len)
		return false;
	unsigned line, col;
	text_line_col(t, len, best, &line, &col);
	if (cp == 0xfeff)
		diag_add(d, name, line, col, "%s",
			 _("invisible character U+FEFF (byte order mark) in the middle of the file; remove it"));
	else
		diag_add(d, name, line, col, _("control character U+%04lX is not allowed"), cp);
	return true;
}

static int read_file(struct store_file *sf, const char *name, struct diags *d)
{
	/* a FIFO in the plan's place must not hang us */
	const char *kind;
	int fd = open_regular(sf->path, &kind);
	if (fd < 0 && kind) {
		/* TRANSLATORS: "groups.yaml is a directory, not a plan file" */
		diag_add(d, sf->path, 1, 1, _("%s is %s, not a plan file"), name, kind);
		return -1;
	}
	if (fd < 0) {
		diag_add(d, sf->path, 0, 0, _("cannot read %s: %s"), name, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sf->st) < 0) {
		diag_add(d, sf->path, 0, 0, _("cannot read %s: %s"), name, strerror(errno));
		close(fd);
		return -1;
	}
	if ((uint64_t)sf->st.st_size > STORE_MAX_FILE_SIZE) {
		diag_add(d, sf->path, 1, 1, _("%s is too large (%lld bytes; the limit is %u MiB)"),
			 name, (long long)sf->st.st_size, STORE_MAX_FILE_SIZE / (1024 * 1024));
		close(fd);
		return -1;
	}
	sf->len = (size_t)sf->st.st_size;
	sf->on_disk = true;
	if (sf->len == 0) {
		sf->text = xstrdup("");
		close(fd);
		return 0;
	}
	/* A private copy, not a mapping of the file: a plan stays open for a
	 * whole meeting, and a file truncated under a mapping would crash us.
	 * big_alloc's memory is zeroed, so the text ends in a NUL. */
	size_t cap = sf->len + 1;
	char *m = big_alloc(cap);
	if (!m) {
		diag_add(d, sf->path, 0, 0, _("cannot read %s: %s"), name, strerror(errno));
		close(fd);
		return -1;
	}
	size_t got = 0;
	while (got < sf->len) {
		ssize_t n = read(fd, m + got, sf->len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0)
				diag_add(d, sf->path, 0, 0, _("cannot read %s: %s"), name,
					 strerror(errno));
			else
				diag_add(d, sf->path, 0, 0,
					 _("cannot read %s: the file shrank while being read"), name);
			big_free(m, cap);
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	sf->text = m;
	sf->mapped = true;
	return 0;
}

/* Finds where an item's block starts: the line of its '-', and the
 * comment lines right above it. */
static void item_layout(struct file_loader *fl, const struct ynode *n, struct rec_src *s)
{
	const char *t = fl->yp.text;
	size_t len = fl->yp.len;
	uint32_t nstart = (uint32_t)yparse_char_byte(&fl->yp, n->cstart);
	uint32_t last = (uint32_t)yparse_char_byte(&fl->yp, n->clast);
	if (n->last_block)
		last = yparse_block_end(t, nstart, last);
	uint32_t p = nstart;
	while (p > fl->prev_end && (t[p - 1] == ' ' || t[p - 1] == '\t'))
		p--;
	if (!(p > fl->prev_end && t[p - 1] == '-')) {
		/* "-" alone on its line, the item below it */
		uint32_t q = p;
		while (q > fl->prev_end && strchr(" \t\r\n", t[q - 1]))
			q--;
		if (q > fl->prev_end && t[q - 1] == '-')
			p = q;
	}
	s->item_start = text_line_start(t, p > 0 ? p - 1 : 0);
	if (s->item_start < fl->prev_end)
		s->item_start = fl->prev_end;
	uint32_t b = s->item_start;
	while (b > fl->prev_end) {
		uint32_t prev = text_line_start(t, b - 1);
		if (prev < fl->prev_end || !comment_line(t, prev, b))
			break;
		b = prev;
	}
	s->block_start = b;
	s->content_end = text_line_after(t, len, last > nstart ? last - 1 : nstart);
	fl->prev_end = s->content_end;
}

/* Each record inside record r (read from item node n) gets its place in
 * its list, so that the writer knows it again when it patches r. */
static void nested_srcs(struct file_loader *fl, enum kind k, void *r, const struct ynode *n)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->type != FT_RECORDS)
			continue;
		const struct reclist *l = rec_recs(r, fd);
		const struct ynode *v = l->n ? ynode_get(n, fd->key) : NULL;
		for (size_t i = 0; i < l->n; i++) {
			struct rec_src *s = arena_alloc(&fl->st->arena, sizeof(*s));
			memset(s, 0, sizeof(*s));
			s->index = (uint32_t)i;
			const struct ynode *item = v && v->type == YN_SEQ && i < v->nkids ? v->kids[i]
											: NULL;
			s->line = item ? item->line : n->line;
			struct record *h = l->v[i];
			h->src = s;
			h->src_gen = fl->st->gen;
			if (item)
				nested_srcs(fl, fd->ref, l->v[i], item);
		}
	}
}

static void list_item(struct file_loader *fl, const struct ynode *n, size_t index)
{
	enum kind k = fl->list;
	const struct kind_info *kd = kind_of(k);
	struct plan *p = fl->p;
	struct yparse *yp = &fl->yp;
	if (kd->max_items && index >= kd->max_items) {
		if (index == kd->max_items)
			yparse_error_table(yp, n, _(kd->words->too_many), (size_t)kd->max_items);
		return;
	}
	void *r = record_from_node(p, k, yp, n, fl->xref);
	struct rec_src *s = NULL;
	if (fl->st) {
		struct store_list *L = fl->layout;
		s = arena_alloc(&fl->st->arena, sizeof(*s));
		s->index = (uint32_t)index;
		s->line = n->line;
		if (L->flow) {
			/* an item of "[{...}, {...}]": its own bytes, the commas
			 * and comments between items being the gaps */
			s->block_start = s->item_start = (uint32_t)yparse_char_byte(yp, n->cstart);
			s->content_end = (uint32_t)yparse_char_byte(yp, n->cend);
		} else {
			item_layout(fl, n, s);
			if (index == 0) {
				/* the column of '-': count from the line start */
				const char *t = fl->yp.text;
				uint32_t nstart = (uint32_t)yparse_char_byte(yp, n->cstart);
				uint32_t q = s->item_start;
				while (q < nstart && t[q] != '-')
					q++;
				L->item_indent = q - s->item_start;
				L->key_indent = nstart - text_line_start(t, nstart);
			}
		}
		if (fl->nsrcs == fl->capsrcs) {
			fl->capsrcs = fl->capsrcs ? 2 * fl->capsrcs : 16;
			fl->srcs = xrealloc(fl->srcs, fl->capsrcs * sizeof(*fl->srcs));
		}
		fl->srcs[fl->nsrcs++] = s;
	}
	if (!r)
		return;
	if (kind_has_id(k)) { /* a given id, or one made of fields (a meeting's) */
		const void *dup = plan_find(p, k, rec_id(k, r));
		if (dup) {
			const struct record *h = dup;
			const struct ynode *at = kd->id_field >= 0
				? ynode_get(n, kd->fields[kd->id_field].key) : n;
			yparse_error_table(yp, at ? at : n, _(kd->words->duplicate), rec_id(k, r),
					   h->src ? h->src->line : 0u);
			return;
		}
	}
	if (s) {
		rec_head(r)->src = s;
		rec_head(r)->src_gen = fl->st->gen;
		nested_srcs(fl, k, r, n);
	}
	plan_insert(p, k, plan_count(p, k), r);
}

/* The file's own record: a top-level key that holds one or more of its
 * fields ("title", or "adopted" for adopted.by and adopted.date). */
static void own_value(struct file_loader *fl, const char *key, const struct ynode *v)
{
	const struct kind_info *kd = kind_of(fl->own);
	size_t len = strlen(key);
	bool reported = false;
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (field_top_len(fd) != len || memcmp(fd->key, key, len) != 0)
			continue;
		if (field_sub_key(fd) && !ynode_is_null(v) && v->type != YN_MAP) {
			if (!reported)
				yparse_error(&fl->yp, v, _("'%.*s' must be a mapping, not %s"), (int)len,
					     key, kind_name(v));
			reported = true;
			continue;
		}
		const struct ynode *n = field_node(&fl->yp, NULL, fd, v);
		if (n)
			get_field(fl->p, &fl->yp, fl->own, fd, n, fl->xref, fl->p->info);
	}
}

/* Reports an empty file at its start, saying what it should hold; a
 * file that need not be there may be empty too (it holds no records). */
static void empty_file(struct file_loader *fl, const char *name)
{
	if (!schema_files[fl->f].required)
		return;
	if (fl->own != K_NONE) {
		diag_add(fl->d, name, 1, 1, "%s",
			 _("the file is empty; expected the plan's title, focus_year and statuses"));
		return;
	}
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file == fl->f && !kind_is_nested((enum kind)k)) {
			diag_add(fl->d, name, 1, 1, _("the file is empty; expected '%s:' and a list"),
				 kd->list_key);
			return;
		}
	}
}

/* A list whose key has no value ("changes:"): an empty list, written
 * anew when items come. */
static void empty_list(struct file_loader *fl, struct store_list *L, const struct ynode *kn,
		       const struct ynode *v)
{
	L->present = true;
	L->flow = true;
	L->key_end = text_colon_after(fl->yp.text, fl->yp.len,
				      (uint32_t)yparse_char_byte(&fl->yp, kn->cend));
	L->start = L->end = (uint32_t)yparse_char_byte(&fl->yp, v->cend);
}

/* Streams the items of the list under `key` (the parser is at its
 * SEQUENCE-START).  False after a syntax error. */
static bool read_list(struct file_loader *fl, enum kind k, const struct ynode *key,
		      struct arena *scratch)
{
	struct yparse *yp = &fl->yp;
	const yaml_event_t *e = &yp->ev;
	const struct kind_info *kd = kind_of(k);
	bool flow = e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
	if (e->data.sequence_start.anchor ||
	    (e->data.sequence_start.tag && !e->data.sequence_start.implicit))
		yparse_error(yp, key, "%s", _("anchors and tags are not supported"));
	struct store_list *L = fl->st ? &fl->st->lists[k] : NULL;
	fl->list = k;
	fl->layout = L;
	fl->nsrcs = 0;
	if (L) {
		L->present = true;
		L->flow = flow;
		L->key_end = text_colon_after(yp->text, yp->len,
					      (uint32_t)yparse_char_byte(yp, key->cend));
		L->start = (uint32_t)yparse_byte(yp, &e->start_mark);
		fl->prev_end = text_line_after(yp->text, yp->len, L->key_end - 1);
	}
	/* Room for the items the file's size suggests, so that the list and
	 * its index are not rebuilt at every doubling while the plan loads
	 * (a change takes some 260 to 400 bytes; a wrong guess costs only
	 * memory, or the doublings). */
	size_t guess = yp->len / 256;
	if (kd->max_items && guess > kd->max_items)
		guess = kd->max_items;
	plan_reserve(fl->p, k, plan_count(fl->p, k) + guess);
	if (!yparse_next(yp))
		return false;
	size_t idx = 0;
	if (yp->ev.type == YAML_SEQUENCE_END_EVENT && kd->min_items)
		yparse_error(yp, key, "%s", _("'statuses' must list at least one status"));
	while (yp->ev.type != YAML_SEQUENCE_END_EVENT) {
		struct ynode *item = yparse_node(yp, 2, kd->list_key);
		if (!item)
			return false;
		list_item(fl, item, idx++);
		arena_reset(scratch);
	}
	if (L) {
		L->end = (uint32_t)yparse_byte(yp, &yp->ev.end_mark);
		L->orig = fl->srcs;
		L->norig = fl->nsrcs;
		fl->srcs = NULL;
		fl->nsrcs = fl->capsrcs = 0;
	}
	return yparse_next(yp);
}

static void run_file(struct file_loader *fl, const char *name, const char *text, size_t len,
		     struct arena *scratch)
{
	if (find_odd_breaks(name, text, len, fl->d))
		return;
	struct yparse *yp = &fl->yp;
	yparse_init(yp, name, text, len, fl->d, scratch);
	yp->lazy = true;
	yp->values = &fl->p->arena;
	struct load_state dropped = { NULL, 0, 0 };
	yp->owner = &dropped;
	char **seen = NULL;
	size_t nseen = 0;

	if (!yparse_next(yp) || !yparse_next(yp))
		goto done;
	if (yp->ev.type == YAML_STREAM_END_EVENT) {
		empty_file(fl, name);
		goto done;
	}
	if (!yparse_next(yp)) /* past DOCUMENT-START */
		goto done;
	if (yp->ev.type != YAML_MAPPING_START_EVENT) {
		struct ynode *n = yparse_node(yp, 0, NULL);
		if (n && ynode_is_null(n))
			empty_file(fl, name);
		else if (n)
			yparse_error(yp, n, _("the top level must be a mapping of keys (key: value), not %s"),
				     kind_name(n));
		goto done;
	}
	{
		const yaml_event_t *e = &yp->ev;
		if (e->data.mapping_start.anchor || (e->data.mapping_start.tag && !e->data.mapping_start.implicit))
			diag_add(fl->d, name, (unsigned)e->start_mark.line + 1,
				 (unsigned)e->start_mark.column + 1, "%s",
				 _("anchors and tags are not supported"));
	}
	if (!yparse_next(yp))
		goto done;
	while (yp->ev.type != YAML_MAPPING_END_EVENT) {
		struct ynode *key = yparse_node(yp, 1, NULL);
		if (!key)
			goto done;
		/* the key's node goes with the scratch arena: keep its word */
		bool scalar_key = yparse_check_key(yp, key);
		char *k = xstrdup(scalar_key ? key->value : "");
		if (nseen >= 256) {
			yparse_error(yp, key, _("too many keys in one mapping (more than %d)"), 256);
			free(k);
			goto done;
		}
		bool dup = false;
		for (size_t i = 0; i < nseen; i++)
			if (strcmp(seen[i], k) == 0) {
				yparse_error(yp, key, _("duplicate key '%s'"), k);
				dup = true;
			}
		/* an empty key ("": x) is a key too, and may not come twice */
		if (!dup && scalar_key) {
			seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
			seen[nseen++] = k;
		} else {
			free(k);
			k = NULL;
		}
		const char *word = k ? k : "";
		enum kind lk = dup ? K_NONE : schema_list_kind(fl->f, word);
		if (lk != K_NONE && yp->ev.type == YAML_SEQUENCE_START_EVENT) {
			if (!read_list(fl, lk, key, scratch))
				goto done;
		} else {
			struct ynode *val = yparse_node(yp, 1, word);
			if (!val)
				goto done;
			if (lk != K_NONE && !ynode_is_null(val))
				yparse_error(yp, val, _("'%s' must be a list, not %s"), word, kind_name(val));
			else if (lk != K_NONE && kind_of(lk)->min_items)
				yparse_error(yp, key, "%s", _("'statuses' must list at least one status"));
			else if (lk != K_NONE && fl->st)
				empty_list(fl, &fl->st->lists[lk], key, val);
			else if (lk == K_NONE && !dup && fl->own != K_NONE)
				own_value(fl, word, val);
		}
		arena_reset(scratch);
	}
	if (!yparse_next(yp) || !yparse_next(yp)) /* MAPPING-END, DOCUMENT-END */
		goto done;
	if (yp->ev.type == YAML_DOCUMENT_START_EVENT) {
		diag_add(fl->d, name, (unsigned)yp->ev.start_mark.line + 1,
			 (unsigned)yp->ev.start_mark.column + 1,
			 "%s", _("more than one YAML document in the file ('---'); a plan file holds one"));
		goto done;
	}
	/* what must be there: the file's own required fields, then its
	 * lists that must be there */
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file != fl->f)
			continue;
		for (int f = 0; !kd->list_key && f < kd->nfields; f++) {
			const struct field *fd = &kd->fields[f];
			if (!(fd->flags & FF_REQUIRED))
				continue;
			bool have = false;
			for (size_t i = 0; i < nseen && !have; i++)
				have = strlen(seen[i]) == field_top_len(fd) &&
				       memcmp(seen[i], fd->key, field_top_len(fd)) == 0;
			if (!have)
				diag_add(fl->d, name, 1, 1, _("missing required key '%s'"), fd->key);
		}
	}
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kd->file != fl->f || !kd->list_key || !kd->list_required)
			continue;
		bool have = false;
		for (size_t i = 0; i < nseen && !have; i++)
			have = strcmp(seen[i], kd->list_key) == 0;
		if (!have)
			diag_add(fl->d, name, 1, 1, _("missing required key '%s'"), kd->list_key);
	}
done:
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(fl->srcs);
	fl->srcs = NULL;
	fl->nsrcs = fl->capsrcs = 0;
	free(dropped.v);
	yparse_done(yp);
}

int load_file_text(struct store *st, struct plan *p, enum store_file_id f, const char *name,
		   const char *text, size_t len, bool xref, struct diags *d)
{
	struct arena scratch;
	arena_init(&scratch, 64 * 1024);
	size_t before = d->n;
	struct file_loader fl = {
		.st = st, .p = p, .d = d, .f = f, .xref = xref, .own = schema_file_record(f),
	};
	run_file(&fl, name, text, len, &scratch);
	arena_free(&scratch);
	if (d->n != before) {
		/* A line starting with a conflict marker never reads as YAML a
		 * plan can hold, so the markers are looked for only in a file
		 * with problems; they are then the one thing worth saying. */
		struct diags markers = DIAGS_INIT;
		if (find_conflict_markers(name, text, len, &markers)) {
			while (d->n > before) {
				d->n--;
				free(d->v[d->n].file);
				free(d->v[d->n].msg);
			}
			for (size_t i = 0; i < markers.n; i++)
				diag_add(d, markers.v[i].file, markers.v[i].line, markers.v[i].col, "%s",
					 markers.v[i].msg);
		}
		diags_clear(&markers);
		return -1;
	}
	return 0;
}

static void release_file(struct store_file *sf)
{
	if (sf->mapped)
		big_free(sf->text, sf->len + 1);
	else if (!sf->borrowed)
		free(sf->text);
	sf->text = NULL;
	sf->mapped = sf->borrowed = false;
	free(sf->path);
	sf->path = NULL;
}

void store_free(struct store **pst)
{
	struct store *st = *pst;
	if (!st)
		return;
	for (int i = 0; i < SF_COUNT; i++)
		release_file(&st->f[i]);
	for (int k = 0; k < K_COUNT; k++)
		free(st->lists[k].orig);
	arena_free(&st->arena);
	free(st->dir);
	free(st);
	*pst = NULL;
}

size_t store_warnings(const struct store *st, const struct plan *p, struct diags *d)
{
	size_t n = 0;
	struct rec_iter it;
	for (const struct activity *a = rec_iter_first(&it, p, K_ACTIVITY); a;
	     a = rec_iter_next(&it)) {
		if (!activity_period_reversed(a))
			continue;
		const struct record *h = &a->rec;
		unsigned line = h->src && h->src_gen == st->gen ? h->src->line : 0;
		/* TRANSLATORS: "warning: the period of A1 ends before it starts
		 * (2026 to 2025-03)" */
		diag_add(d, st->f[SF_ACTIVITIES].path, line, line ? 1 : 0,
			 _("warning: the period of %s ends before it starts (%s to %s)"), a->id,
			 a->period_from, a->period_to);
		n++;
	}
	for (const struct followup *fu = rec_iter_first(&it, p, K_FOLLOWUP); fu;
	     fu = rec_iter_next(&it)) {
		if (!followup_outside_period(fu))
			continue;
		const struct activity *a = fu->rec.parent;
		const struct record *h = &fu->rec;
		unsigned line = h->src && h->src_gen == st->gen ? h->src->line : 0;
		/* TRANSLATORS: "warning: the follow-up 2027-soder of A1 is for a
		 * year outside the activity's period (2025-03 to 2025-12)" */
		diag_add(d, st->f[SF_ACTIVITIES].path, line, line ? 1 : 0,
			 _("warning: the follow-up %s of %s is for a year outside the activity's period (%s to %s)"),
			 fu->id, a->id, *a->period_from ? a->period_from : "…",
			 *a->period_to ? a->period_to : "…");
		n++;
	}
	return n;
}

const char *store_file_path(const struct store *st, enum store_file_id f)
{
	return st->f[f].path;
}

/* ---- comparing layouts (tests) -------------------------------------------- */

/* The line of byte `at` of t, counted. */
static unsigned line_at(const char *t, uint32_t at)
{
	unsigned line = 1;
	for (const char *p = t, *end = t + at; (p = memchr(p, '\n', (size_t)(end - p))); p++)
		line++;
	return line;
}

static bool same_src(const struct rec_src *x, const char *tx, const struct rec_src *y,
		     const char *ty, bool offsets)
{
	if (x->index != y->index)
		return false;
	if (!offsets)
		return true;
	unsigned lx = x->line ? x->line : line_at(tx, x->item_start);
	unsigned ly = y->line ? y->line : line_at(ty, y->item_start);
	return x->block_start == y->block_start && x->item_start == y->item_start &&
	       x->content_end == y->content_end && lx == ly;
}

/* The records inside records ra (of store a) and rb: their places. */
static bool same_inside(enum kind k, const void *ra, const struct store *a, const void *rb,
			const struct store *b)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; kd->holds_records && f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->type != FT_RECORDS)
			continue;
		const struct reclist *la = rec_recs((void *)ra, fd), *lb = rec_recs((void *)rb, fd);
		if (la->n != lb->n)
			return false;
		for (size_t i = 0; i < la->n; i++) {
			const struct record *x = la->v[i], *y = lb->v[i];
			bool vx = x->src && x->src_gen == a->gen, vy = y->src && y->src_gen == b->gen;
			if (vx != vy || (vx && !same_src(x->src, NULL, y->src, NULL, false)) ||
			    !same_inside(fd->ref, x, a, y, b))
				return false;
		}
	}
	return true;
}

bool store_same_layout(const struct store *a, const struct plan *pa, const struct store *b,
		       const struct plan *pb, struct buf *why)
{
	for (int f = 0; f < SF_COUNT; f++) {
		const struct store_file *x = &a->f[f], *y = &b->f[f];
		if (x->absent != y->absent || !x->text != !y->text || x->len != y->len ||
		    (x->text && memcmp(x->text, y->text, x->len) != 0)) {
			buf_addf(why, "%s: the texts differ", schema_files[f].name);
			return false;
		}
	}
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (kind_is_nested((enum kind)k) || !kd->list_key)
			continue;
		const struct store_list *x = &a->lists[k], *y = &b->lists[k];
		const char *tx = a->f[kd->file].text, *ty = b->f[kd->file].text;
		if (x->present != y->present || x->flow != y->flow || x->key_end != y->key_end ||
		    x->start != y->start || x->end != y->end || x->norig != y->norig ||
		    (x->norig && (x->item_indent != y->item_indent || x->key_indent != y->key_indent))) {
			buf_addf(why, "%s: the list's layout differs (key_end %u/%u, start %u/%u, end %u/%u, items %zu/%zu, indents %u,%u/%u,%u)",
				 kd->list_key, x->key_end, y->key_end, x->start, y->start, x->end, y->end,
				 x->norig, y->norig, x->item_indent, x->key_indent, y->item_indent,
				 y->key_indent);
			return false;
		}
		for (size_t i = 0; i < x->norig; i++)
			if (!same_src(x->orig[i], tx, y->orig[i], ty, true)) {
				buf_addf(why, "%s: item %zu stands elsewhere (%u-%u-%u/%u-%u-%u)", kd->list_key, i,
					 x->orig[i]->block_start, x->orig[i]->item_start,
					 x->orig[i]->content_end, y->orig[i]->block_start,
					 y->orig[i]->item_start, y->orig[i]->content_end);
				return false;
			}
		if (plan_count(pa, (enum kind)k) != plan_count(pb, (enum kind)k)) {
			buf_addf(why, "%s: the plans differ", kd->list_key);
			return false;
		}
		for (size_t i = 0; i < plan_count(pa, (enum kind)k); i++) {
			const struct record *ra = plan_rec(pa, (enum kind)k, i);
			const struct record *rb = plan_rec(pb, (enum kind)k, i);
			bool va = ra->src && ra->src_gen == a->gen, vb = rb->src && rb->src_gen == b->gen;
			if (va != vb || (va && (ra->src != x->orig[ra->src->index] ||
						rb->src != y->orig[rb->src->index] ||
						ra->src->index != rb->src->index)) ||
			    ra->dirty != rb->dirty || !same_inside((enum kind)k, ra, a, rb, b)) {
				buf_addf(why, "%s: record %zu is tied differently", kd->list_key, i);
				return false;
			}
		}
	}
	return true;
}

const struct stat *store_file_stat(const struct store *st, enum store_file_id f)
{
	const struct store_file *sf = &st->f[f];
	return sf->on_disk && !sf->absent ? &sf->st : NULL;
}

const char *store_file_text(const struct store *st, enum store_file_id f, size_t *len)
{
	*len = st->f[f].len;
	return st->f[f].text;
}

/* Files written on Windows keep their line ends in what we add. */
static const char *newline_of(const char *t, size_t len)
{
	const char *nl = t ? memchr(t, '\n', len) : NULL;
	return nl && nl > t && nl[-1] == '\r' ? "\r\n" : "\n";
}

/* The references forward (ref_forward), once every file is read: each
 * must name a record, else a problem at its value, found in the text of
 * the top-level record it stands in ("group: x"). */
static void forward_refs_hold(const struct store *st, const struct plan *p, struct diags *d)
{
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		for (int f = 0; f < kd->nfields; f++) {
			const struct field *fd = &kd->fields[f];
			if (!ref_forward((enum kind)k, fd))
				continue;
			struct rec_iter it;
			for (const void *r = rec_iter_first(&it, p, (enum kind)k); r; r = rec_iter_next(&it)) {
				const char *v = rec_str(r, fd);
				if (!*v || plan_find(p, fd->ref, v))
					continue;
				const void *top = r;
				while (((const struct record *)top)->parent)
					top = ((const struct record *)top)->parent;
				const struct store_file *sf = &st->f[kd->file];
				uint32_t start = 0, end = 0;
				unsigned line = 0, col = 0;
				if (store_rec_span(st, top, &start, NULL, &end)) {
					/* the key, then its value */
					char *key = xasprintf("%s:", fd->key);
					const char *at = sf->text + start, *stop = sf->text + end;
					while ((at = memmem(at, (size_t)(stop - at), key, strlen(key)))) {
						const char *val = at + strlen(key);
						while (val < stop && (*val == ' ' || *val == '"' || *val == '\''))
							val++;
						if ((size_t)(stop - val) >= strlen(v) && memcmp(val, v, strlen(v)) == 0) {
							text_line_col(sf->text, sf->len, (size_t)(val - sf->text), &line,
								      &col);
							break;
						}
						at = val;
					}
					free(key);
				}
				struct buf known = BUF_INIT, msg = BUF_INIT;
				plan_list_ids(p, fd->ref, &known);
				buf_addf_table(&msg, _(kind_of(fd->ref)->words->unknown), v, buf_str(&known));
				diag_add(d, sf->path, line, col, "%s", buf_str(&msg));
				buf_release(&known);
				buf_release(&msg);
			}
		}
	}
}

/* Parses the files already in st->f into a new plan, in the schema's
 * order: references go to kinds of files read before (or forward, checked
 * after every file, forward_refs_hold). */
static int parse_all(struct store *st, struct plan **out, struct diags *d)
{
	struct plan *p = plan_new();
	size_t before = d->n;
	bool plan_ok = true;
	for (int f = 0; f < SF_COUNT; f++) {
		struct store_file *sf = &st->f[f];
		sf->newline = newline_of(sf->text, sf->len);
		if (sf->absent)
			continue;
		if (!sf->text) {
			plan_ok = false;
			continue;
		}
		if (load_file_text(st, p, (enum store_file_id)f, sf->path, sf->text, sf->len, plan_ok,
				   d) < 0)
			plan_ok = false;
	}
	if (plan_ok && d->n == before)
		forward_refs_hold(st, p, d);
	if (d->n != before || !plan_ok) {
		plan_free(&p);
		return -1;
	}
	*out = p;
	return 0;
}

static char *join_path(const char *dir, const char *name)
{
	if (!dir || !*dir || strcmp(dir, ".") == 0)
		return xstrdup(name);
	size_t n = strlen(dir);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

struct store *store_new(void)
{
	struct store *st = xcalloc(1, sizeof(*st));
	arena_init(&st->arena, 64 * 1024);
	st->gen = 1;
	return st;
}

int store_load(const char *dir, struct plan **plan, struct store **store, struct diags *d)
{
	*plan = NULL;
	*store = NULL;
	struct store *st = store_new();
	st->dir = xstrdup(dir);
	bool ok = true;
	for (int f = 0; f < SF_COUNT; f++) {
		struct store_file *sf = &st->f[f];
		sf->path = join_path(dir, schema_files[f].name);
		if (!schema_files[f].required && access(sf->path, F_OK) < 0 && errno == ENOENT) {
			sf->absent = sf->on_disk = true; /* an older plan, without it */
			continue;
		}
		if (read_file(sf, schema_files[f].name, d) < 0)
			ok = false;
	}
	/* Parse what could be read anyway, to report all problems at once. */
	if (parse_all(st, plan, d) < 0 || !ok) {
		plan_free(plan);
		store_free(&st);
		return -1;
	}
	*store = st;
	return 0;
}

void store_tie(enum kind k, void *mine, const void *fresh, unsigned gen)
{
	const struct kind_info *kd = kind_of(k);
	struct record *h = mine;
	h->src = ((const struct record *)fresh)->src;
	h->src_gen = gen;
	h->dirty = 0;
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->type != FT_RECORDS)
			continue;
		const struct reclist *a = rec_recs(mine, fd), *b = rec_recs((void *)fresh, fd);
		for (size_t i = 0; i < a->n && i < b->n; i++)
			store_tie(fd->ref, a->v[i], b->v[i], gen);
	}
}

int store_load_texts(const char *const names[SF_COUNT], const char *const texts[SF_COUNT],
		     const size_t lens[SF_COUNT], struct plan **plan, struct store **store,
		     struct diags *d)
{
	*plan = NULL;
	*store = NULL;
	struct store *st = store_new();
	for (int f = 0; f < SF_COUNT; f++) {
		struct store_file *sf = &st->f[f];
		sf->path = xstrdup(names[f] ? names[f] : schema_files[f].name);
		sf->text = (char *)texts[f];
		sf->len = lens[f];
		sf->borrowed = true;
		if (!texts[f] && !schema_files[f].required) {
			sf->absent = true;
		} else if (!texts[f]) {
			diag_add(d, sf->path, 0, 0, _("cannot read %s: %s"), schema_files[f].name,
				 strerror(ENOENT));
		} else if (lens[f] > STORE_MAX_FILE_SIZE) {
			diag_add(d, sf->path, 1, 1, _("%s is too large (%zu bytes; the limit is %u MiB)"),
				 sf->path, lens[f], STORE_MAX_FILE_SIZE / (1024 * 1024));
			sf->text = NULL;
		}
	}
	if (parse_all(st, plan, d) < 0) {
		store_free(&st);
		return -1;
	}
	*store = st;
	return 0;
}

int store_load_file(enum store_file_id f, const char *name, const char *text, size_t len,
		    struct plan **plan, struct store **store, struct diags *d)
{
	*plan = NULL;
	*store = NULL;
	if (len > STORE_MAX_FILE_SIZE) {
		diag_add(d, name, 1, 1, _("%s is too large (%zu bytes; the limit is %u MiB)"), name,
			 len, STORE_MAX_FILE_SIZE / (1024 * 1024));
		return -1;
	}
	struct store *st = store_new();
	st->alone = true;
	for (int i = 0; i < SF_COUNT; i++) {
		struct store_file *sf = &st->f[i];
		sf->path = xstrdup(i == (int)f ? name : schema_files[i].name);
		sf->borrowed = true;
		sf->absent = i != (int)f;
	}
	struct store_file *sf = &st->f[f];
	sf->text = (char *)text;
	sf->len = len;
	sf->newline = newline_of(text, len);
	struct plan *p = plan_new();
	size_t before = d->n;
	/* alone: what it names in the other files is not there to check */
	if (load_file_text(st, p, f, name, text, len, false, d) < 0 || d->n != before) {
		plan_free(&p);
		store_free(&st);
		return -1;
	}
	*plan = p;
	*store = st;
	return 0;
}

static int span_cmp(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

bool store_rec_span(const struct store *st, const void *rec, uint32_t *start, uint32_t *item,
		    uint32_t *end)
{
	const struct record *h = rec;
	if (!h->src || h->src_gen != st->gen || h->parent)
		return false;
	*start = h->src->block_start;
	if (item)
		*item = h->src->item_start;
	*end = h->src->content_end;
	return true;
}

size_t store_item_spans(const struct store *st, enum store_file_id f, uint32_t (**spans)[2])
{
	size_t n = 0;
	*spans = NULL;
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		const struct store_list *L = &st->lists[k];
		if (kd->file != f || kind_is_nested((enum kind)k) || !kd->list_key || !L->present)
			continue;
		*spans = xrealloc(*spans, (n + L->norig + 1) * sizeof(**spans));
		for (size_t i = 0; i < L->norig; i++) {
			(*spans)[n][0] = L->orig[i]->block_start;
			(*spans)[n++][1] = L->orig[i]->content_end;
		}
	}
	if (n)
		qsort(*spans, n, sizeof(**spans), span_cmp);
	return n;
}

/* ---- reading a list of records on its own (the writer's check) ------- */

long load_record_list(struct plan *p, enum kind k, const char *name, const char *text,
		      size_t len, bool xref, record_item_fn fn, void *ctx, struct diags *d)
{
	struct arena scratch;
	arena_init(&scratch, 16 * 1024);
	struct yparse yp;
	yparse_init(&yp, name, text, len, d, &scratch);
	long count = -1;
	if (!yparse_next(&yp) || !yparse_next(&yp) || yp.ev.type != YAML_DOCUMENT_START_EVENT ||
	    !yparse_next(&yp))
		goto done;
	if (yp.ev.type != YAML_SEQUENCE_START_EVENT) {
		diag_add(d, name, 1, 1, _("expected a list of %s"), _(kind_of(k)->words->plural));
		goto done;
	}
	if (!yparse_next(&yp))
		goto done;
	long n = 0;
	while (yp.ev.type != YAML_SEQUENCE_END_EVENT) {
		struct ynode *item = yparse_node(&yp, 2, kind_of(k)->list_key);
		if (!item)
			goto done;
		void *r = record_from_node(p, k, &yp, item, xref);
		if (r && fn)
			fn(ctx, r, item, &yp);
		if (!r)
			goto done;
		n++;
		arena_reset(&scratch);
	}
	if (!yparse_next(&yp) || !yparse_next(&yp))
		goto done;
	if (yp.ev.type != YAML_STREAM_END_EVENT) {
		diag_add(d, name, 1, 1, "%s", _("more than one document"));
		goto done;
	}
	if (yp.errors == 0)
		count = n;
done:
	yparse_done(&yp);
	arena_free(&scratch);
	return count;
}
