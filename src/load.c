/* load.c — reads the three plan files into the model, checking every
 * value, and records where each change stands for the writer. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "i18n.h"
#include "store_int.h"
#include "yamlout.h"

static const char *const file_names[SF_COUNT] = {
	[SF_PLAN] = "plan.yaml",
	[SF_GROUPS] = "groups.yaml",
	[SF_CHANGES] = "changes.yaml",
};

const char *store_file_name(enum store_file_id f)
{
	return file_names[f];
}

/* A growable array in malloc'd memory, copied into the plan's arena when
 * the file is read. */
struct vec {
	void *v;
	size_t n, cap, size;
};

static void *vec_push(struct vec *v)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->v = xrealloc(v->v, v->cap * v->size);
	}
	void *slot = (char *)v->v + v->n++ * v->size;
	memset(slot, 0, v->size);
	return slot;
}

static void *vec_to_arena(struct vec *v, struct arena *a, size_t *n)
{
	*n = v->n;
	void *out = arena_alloc(a, v->n ? v->n * v->size : 1);
	if (v->n)
		memcpy(out, v->v, v->n * v->size);
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	return out;
}

/* ---- typed values ---------------------------------------------------- */

/* What a value is, for "... not %s". */
static const char *kind_name(const struct ynode *n)
{
	if (n->type == YN_MAP)
		/* TRANSLATORS: this and the next two fill "..., not %s" */
		return _("a mapping");
	return n->type == YN_SEQ ? _("a list") : _("a value");
}

/* What a mapping in a plan file is, for "... is missing required key". */
enum item_kind { IK_CHANGE, IK_STATUS, IK_PARTY, IK_EFFECT, IK_MEETING, IK_GROUP };

static void missing_key(struct yparse *yp, const struct ynode *map, enum item_kind what,
			const char *key)
{
	/* whole sentences: how the subject is written differs by language */
	switch (what) {
	case IK_CHANGE:
		yparse_error(yp, map, _("change is missing required key '%s'"), key);
		break;
	case IK_STATUS:
		yparse_error(yp, map, _("status is missing required key '%s'"), key);
		break;
	case IK_PARTY:
		/* TRANSLATORS: one of the plan's parties (plan.yaml's 'parties') */
		yparse_error(yp, map, _("party is missing required key '%s'"), key);
		break;
	case IK_EFFECT:
		/* TRANSLATORS: one of the plan's effect goals ('effects') */
		yparse_error(yp, map, _("effect is missing required key '%s'"), key);
		break;
	case IK_MEETING:
		yparse_error(yp, map, _("meeting is missing required key '%s'"), key);
		break;
	case IK_GROUP:
		/* TRANSLATORS: a working group (groups.yaml) */
		yparse_error(yp, map, _("group is missing required key '%s'"), key);
		break;
	}
}

/* Reports that a line break stands in `key`, which must be one line. */
static void line_break_error(struct yparse *yp, const struct ynode *n, const char *key)
{
	yparse_error(yp, n, _("line break in '%s' (only text, notes and mandates may span lines)"),
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
	 * escapes in double quotes can bring them in; a line break can come
	 * from any multi-line style. */
	if (n->style != YS_DOUBLE) {
		if (!multiline && memchr(n->value, '\n', n->len)) {
			line_break_error(yp, n, key);
			return NULL;
		}
		return arena_strndup(&p->arena, n->value, n->len);
	}
	if (n->bad) /* reported where it was read */
		return NULL;
	if (!multiline && memchr(n->value, '\n', n->len)) {
		line_break_error(yp, n, key);
		return NULL;
	}
	return arena_strndup(&p->arena, n->value, n->len);
}

static const char *get_required_string(struct plan *p, struct yparse *yp, const struct ynode *map,
				 const char *key, enum item_kind what, bool multiline)
{
	const struct ynode *n = ynode_get(map, key);
	if (!n) {
		missing_key(yp, map, what, key);
		return NULL;
	}
	const char *s = get_string(p, yp, n, key, multiline);
	if (s && !*s) {
		empty_error(yp, n, key);
		return NULL;
	}
	return s;
}

static const char *get_optional_string(struct plan *p, struct yparse *yp, const struct ynode *map,
				 const char *key, bool multiline)
{
	const struct ynode *n = ynode_get(map, key);
	return n ? get_string(p, yp, n, key, multiline) : "";
}

/* The value of the mapping's key 'id'. */
static const char *get_id(struct plan *p, struct yparse *yp, const struct ynode *map,
			  enum item_kind what)
{
	const char *id = get_required_string(p, yp, map, "id", what, false);
	if (id && !valid_id(id)) {
		yparse_error(yp, ynode_get(map, "id"),
			     _("invalid id '%s': use letters, digits, '.', '_' and '-' only"), id);
		return NULL;
	}
	return id;
}

static bool get_year(struct yparse *yp, const struct ynode *n, const char *key, int *year)
{
	if (n->bad)
		return false;
	if (n->type != YN_SCALAR) {
		yparse_error(yp, n, _("'%s' must be a year such as 2025, not %s"), key, kind_name(n));
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

/* A list of strings; with `check`, each must name something known. */
typedef bool (*known_fn)(const struct plan *p, const char *s);

static bool get_strlist(struct plan *p, struct yparse *yp, const struct ynode *n,
			const char *key, bool ids, known_fn known, struct strlist *out)
{
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
		if (ids && !valid_id(s)) {
			yparse_error(yp, k, _("invalid id '%s' in '%s'"), s, key);
			ok = false;
			continue;
		}
		if (strlist_contains(out, s)) {
			yparse_error(yp, k, _("'%s' is listed twice in '%s'"), s, key);
			ok = false;
			continue;
		}
		if (known && !known(p, s)) {
			struct buf b = BUF_INIT;
			if (strcmp(key, "groups") == 0) {
				plan_list_group_ids(p, &b);
				yparse_error(yp, k, _("unknown group '%s' (known: %s)"), s,
					     buf_str(&b));
			} else {
				plan_list_effect_ids(p, &b);
				yparse_error(yp, k, _("unknown effect '%s' (known: %s)"), s,
					     buf_str(&b));
			}
			buf_release(&b);
			ok = false;
			continue;
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
		      struct yearlist *out)
{
	out->v = NULL;
	out->n = 0;
	if (ynode_is_null(n))
		return true;
	if (n->type != YN_SEQ) {
		yparse_error(yp, n, _("'priority' must be a list of years such as [2025], not %s"),
			     kind_name(n));
		return false;
	}
	bool ok = true;
	out->v = arena_alloc(&p->arena, (n->nkids ? n->nkids : 1) * sizeof(int));
	for (size_t i = 0; i < n->nkids; i++) {
		int y;
		if (!get_year(yp, n->kids[i], "priority", &y)) {
			ok = false;
			continue;
		}
		if (yearlist_contains(out, y)) {
			yparse_error(yp, n->kids[i], _("year %d is listed twice in 'priority'"), y);
			ok = false;
			continue;
		}
		out->v[out->n++] = y;
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(int), cmp_int);
	return ok;
}

static bool group_known(const struct plan *p, const char *id)
{
	return plan_find_group(p, id) != NULL;
}

static bool effect_known(const struct plan *p, const char *id)
{
	return plan_find_effect(p, id) != NULL;
}

static const char *intern_group(const struct plan *p, const char *id)
{
	const struct group *g = plan_find_group(p, id);
	return g ? g->id : id;
}

/* ---- changes --------------------------------------------------------- */

static enum change_field field_of(const char *k)
{
	/* the fields' first letters differ: one comparison finds the field
	 * (1 + the field, 0 for none) */
	static const unsigned char by_letter[] = {
		['i' - 'a'] = 1 + CF_ID, ['h' - 'a'] = 1 + CF_HORIZON, ['t' - 'a'] = 1 + CF_TEXT,
		['p' - 'a'] = 1 + CF_PRIORITY, ['s' - 'a'] = 1 + CF_STATUS,
		['g' - 'a'] = 1 + CF_GROUPS, ['e' - 'a'] = 1 + CF_EFFECTS, ['n' - 'a'] = 1 + CF_NOTES,
	};
	if (k[0] < 'a' || k[0] > 't' || !by_letter[k[0] - 'a'])
		return CF_COUNT;
	enum change_field f = (enum change_field)(by_letter[k[0] - 'a'] - 1);
	return strcmp(k, change_field_name(f)) == 0 ? f : CF_COUNT;
}

struct change *change_from_node(struct plan *p, struct yparse *yp, const struct ynode *n,
				bool xref)
{
	if (n->type != YN_MAP) {
		yparse_error(yp, n, _("each change must be a mapping (id:, text:, status: ...), not %s"),
			     /* TRANSLATORS: fills the %s of "..., not %s" like "a list" */
			     ynode_is_null(n) ? _("an empty item") : kind_name(n));
		return NULL;
	}
	/* one pass over the keys; unknown keys are kept in the file, not here */
	const struct ynode *fv[CF_COUNT] = { NULL };
	for (size_t i = 0; i + 1 < n->nkids; i += 2) {
		enum change_field f = field_of(n->kids[i]->value);
		if (f < CF_COUNT)
			fv[f] = n->kids[i + 1];
	}
	unsigned before = yp->errors;
	const char *id = NULL;
	if (!fv[CF_ID]) {
		missing_key(yp, n, IK_CHANGE, "id");
	} else if ((id = get_string(p, yp, fv[CF_ID], "id", false)) && !valid_id(id)) {
		if (*id)
			yparse_error(yp, fv[CF_ID],
				     _("invalid id '%s': use letters, digits, '.', '_' and '-' only"), id);
		else
			empty_error(yp, fv[CF_ID], "id");
		id = NULL;
	}
	struct change *c = arena_alloc(&p->arena, sizeof(*c));
	memset(c, 0, sizeof(*c));
	c->id = id ? id : "?";
	c->horizon = "kort";
	c->notes = "";
	c->text = "";
	const struct ynode *v;

	if ((v = fv[CF_HORIZON])) {
		const char *h = get_string(p, yp, v, "horizon", false);
		if (h && *h && !valid_horizon(h))
			yparse_error(yp, v, _("unknown horizon '%s' (known: kort, lång)"), h);
		else if (h && *h)
			c->horizon = strcmp(h, "kort") == 0 ? "kort" : "lång";
	}
	if (!(v = fv[CF_TEXT])) {
		missing_key(yp, n, IK_CHANGE, "text");
	} else {
		const char *text = get_string(p, yp, v, "text", true);
		if (text && !*text)
			empty_error(yp, v, "text");
		else if (text)
			c->text = text;
	}
	if ((v = fv[CF_PRIORITY]))
		get_years(p, yp, v, &c->priority);
	if (!(v = fv[CF_STATUS])) {
		missing_key(yp, n, IK_CHANGE, "status");
	} else if (v->bad) {
		/* reported where it was read */
	} else if (v->type == YN_SCALAR && memchr(v->value, '\n', v->len)) {
		line_break_error(yp, v, "status");
	} else if (v->type != YN_SCALAR) {
		yparse_error(yp, v, _("'status' must be a status key, not %s"), kind_name(v));
	} else if (ynode_is_null(v)) {
		empty_error(yp, v, "status");
	} else {
		long si = plan_find_status(p, v->value);
		if (si >= 0) {
			c->status = p->statuses[si].key;
		} else if (xref) {
			struct buf b = BUF_INIT;
			plan_list_status_keys(p, &b);
			yparse_error(yp, v, _("unknown status '%s' (known: %s)"), v->value, buf_str(&b));
			buf_release(&b);
		} else {
			c->status = get_string(p, yp, v, "status", false);
		}
	}
	if ((v = fv[CF_GROUPS])) {
		get_strlist(p, yp, v, "groups", true, xref ? group_known : NULL, &c->groups);
		for (size_t i = 0; i < c->groups.n; i++)
			c->groups.v[i] = intern_group(p, c->groups.v[i]);
	}
	if ((v = fv[CF_EFFECTS]))
		get_strlist(p, yp, v, "effects", true, xref ? effect_known : NULL, &c->effects);
	if ((v = fv[CF_NOTES])) {
		const char *notes = get_string(p, yp, v, "notes", true);
		if (notes)
			c->notes = notes;
	}
	return yp->errors == before ? c : NULL;
}

/* ---- the top-level driver ------------------------------------------- */

struct file_loader;
typedef void (*value_fn)(struct file_loader *fl, const char *key, const struct ynode *key_node,
			 const struct ynode *value);
typedef void (*item_fn)(struct file_loader *fl, const char *key, const struct ynode *item,
			size_t index);

struct file_loader {
	struct store *st;
	struct plan *p;
	struct diags *d;
	struct yparse yp;
	enum store_file_id f;
	bool xref;
	const char *const *required; /* top-level keys that must be there */
	const char *const *list_keys; /* top-level keys whose items stream */
	value_fn on_value;
	item_fn on_item;
	/* changes.yaml layout */
	uint32_t prev_end;
	struct vec statuses, parties, effects, meetings, groups;
	struct vec srcs;
};

static bool in_list(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

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

/* Characters YAML reads as line breaks though editors and git do not (a
 * lone carriage return, U+0085, U+2028, U+2029): they would make the file
 * mean something else than it shows.  Reports the first; true if any. */
static bool find_odd_breaks(const char *name, const char *t, size_t len, struct diags *d)
{
	size_t best = len;
	unsigned long cp = 0;
	for (const char *p = t; (p = memchr(p, '\r', (size_t)(t + len - p))) != NULL; p++)
		if (p + 1 >= t + len || p[1] != '\n') {
			best = (size_t)(p - t);
			cp = 0x0d;
			break;
		}
	for (const char *p = t; (p = memchr(p, '\xc2', (size_t)(t + best - p))) != NULL; p++)
		if (p + 1 < t + len && (unsigned char)p[1] == 0x85) {
			best = (size_t)(p - t);
			cp = 0x85;
			break;
		}
	for (const char *p = t; (p = memchr(p, '\xe2', (size_t)(t + best - p))) != NULL; p++)
		if (p + 2 < t + len && (unsigned char)p[1] == 0x80 &&
		    ((unsigned char)p[2] == 0xa8 || (unsigned char)p[2] == 0xa9)) {
			best = (size_t)(p - t);
			cp = (unsigned char)p[2] == 0xa8 ? 0x2028 : 0x2029;
			break;
		}
	for (const char *p = t + 1; p < t + best &&
	     (p = memchr(p, '\xef', (size_t)(t + best - p))) != NULL; p++)
		if (p + 2 < t + len && (unsigned char)p[1] == 0xbb && (unsigned char)p[2] == 0xbf) {
			best = (size_t)(p - t);
			cp = 0xfeff;
			break;
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

/* Reports an empty file at its start, saying what it should hold. */
static void empty_file(struct file_loader *fl, const char *name)
{
	const char *msg;
	if (fl->f == SF_PLAN)
		msg = _("the file is empty; expected the plan's title, focus_year and statuses");
	else if (fl->f == SF_GROUPS)
		msg = _("the file is empty; expected 'groups:' and a list");
	else
		msg = _("the file is empty; expected 'changes:' and a list");
	diag_add(fl->d, name, 1, 1, "%s", msg);
}

static void run_file(struct file_loader *fl, const char *name, const char *text, size_t len,
		     struct arena *scratch)
{
	if (find_odd_breaks(name, text, len, fl->d))
		return;
	struct yparse *yp = &fl->yp;
	yparse_init(yp, name, text, len, fl->d, scratch);
	yp->lazy = true;
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
		char *k = xstrdup(yparse_check_key(yp, key) ? key->value : "");
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
		if (!dup && *k) {
			seen = xrealloc(seen, (nseen + 1) * sizeof(*seen));
			seen[nseen++] = k;
		} else {
			free(k);
			k = NULL;
		}
		const char *word = k ? k : "";
		if (!dup && in_list(fl->list_keys, word) && yp->ev.type == YAML_SEQUENCE_START_EVENT) {
			const yaml_event_t *e = &yp->ev;
			bool flow = e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE;
			if (e->data.sequence_start.anchor ||
			    (e->data.sequence_start.tag && !e->data.sequence_start.implicit))
				yparse_error(yp, key, "%s", _("anchors and tags are not supported"));
			if (fl->f == SF_CHANGES) {
				fl->st->list_flow = flow;
				fl->st->list_key_end = text_colon_after(text, len,
					(uint32_t)yparse_char_byte(yp, key->cend));
				fl->st->list_start = (uint32_t)yparse_byte(yp, &e->start_mark);
				fl->prev_end = text_line_after(text, len, fl->st->list_key_end - 1);
			}
			if (!yparse_next(yp))
				goto done;
			size_t idx = 0;
			if (yp->ev.type == YAML_SEQUENCE_END_EVENT && fl->f == SF_PLAN &&
			    strcmp(word, "statuses") == 0)
				yparse_error(yp, key, "%s", _("'statuses' must list at least one status"));
			while (yp->ev.type != YAML_SEQUENCE_END_EVENT) {
				struct ynode *item = yparse_node(yp, 2, word);
				if (!item)
					goto done;
				fl->on_item(fl, word, item, idx++);
				arena_reset(scratch);
			}
			if (fl->f == SF_CHANGES)
				fl->st->list_end = (uint32_t)yparse_byte(yp, &yp->ev.end_mark);
			if (!yparse_next(yp))
				goto done;
		} else {
			struct ynode *val = yparse_node(yp, 1, word);
			if (!val)
				goto done;
			if (!dup)
				fl->on_value(fl, word, key, val);
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
	for (const char *const *r = fl->required; r && *r; r++) {
		bool have = false;
		for (size_t i = 0; i < nseen; i++)
			have |= strcmp(seen[i], *r) == 0;
		if (!have)
			diag_add(fl->d, name, 1, 1, _("missing required key '%s'"), *r);
	}
done:
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	yparse_done(yp);
}

/* ---- plan.yaml ------------------------------------------------------ */

static void date_error(struct yparse *yp, const struct ynode *n, const char *s)
{
	bool shape = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
	for (int i = 0; shape && i < 10; i++)
		shape = i == 4 || i == 7 || (s[i] >= '0' && s[i] <= '9');
	if (shape)
		yparse_error(yp, n, _("'date' must be a date that exists, not '%s'"), s);
	else
		yparse_error(yp, n, _("'date' must be a date written YYYY-MM-DD, not '%s'"), s);
}

static void plan_value(struct file_loader *fl, const char *key, const struct ynode *kn,
		       const struct ynode *v)
{
	struct plan *p = fl->p;
	struct yparse *yp = &fl->yp;
	const char *s;
	if (strcmp(key, "title") == 0) {
		if ((s = get_string(p, yp, v, key, false)) && !*s)
			empty_error(yp, v, "title");
		else if (s)
			p->title = s;
	} else if (strcmp(key, "subtitle") == 0) {
		if ((s = get_string(p, yp, v, key, false)))
			p->subtitle = s;
	} else if (strcmp(key, "version") == 0) {
		char *end;
		long n = v->type == YN_SCALAR ? strtol(v->value, &end, 10) : 0;
		if (v->type != YN_SCALAR || v->style != YS_PLAIN || !*v->value || *end || n < 0 ||
		    n > 1000000)
			yparse_error(yp, v, "%s", _("'version' must be a whole number such as 3"));
		else
			p->version = (int)n;
	} else if (strcmp(key, "focus_year") == 0) {
		get_year(yp, v, key, &p->focus_year);
	} else if (strcmp(key, "adopted") == 0) {
		if (ynode_is_null(v))
			return;
		if (v->type != YN_MAP) {
			yparse_error(yp, v, "%s", _("'adopted' must be a mapping with 'by' and 'date'"));
			return;
		}
		if ((s = get_optional_string(p, yp, v, "by", false)))
			p->adopted_by = s;
		const struct ynode *dn = ynode_get(v, "date");
		if (dn) {
			s = get_string(p, yp, dn, "date", false);
			if (s && *s && !valid_date(s))
				date_error(yp, dn, s);
			else if (s)
				p->adopted_date = s;
		}
	} else if (in_list(fl->list_keys, key)) {
		if (!ynode_is_null(v))
			yparse_error(yp, v, _("'%s' must be a list, not %s"), key, kind_name(v));
		else if (strcmp(key, "statuses") == 0)
			yparse_error(yp, kn, "%s", _("'statuses' must list at least one status"));
	}
}

static void plan_item(struct file_loader *fl, const char *key, const struct ynode *n,
		      size_t index)
{
	struct plan *p = fl->p;
	struct yparse *yp = &fl->yp;
	if (n->type != YN_MAP) {
		yparse_error(yp, n, _("each item of '%s' must be a mapping, not %s"), key, kind_name(n));
		return;
	}
	if (index >= (strcmp(key, "statuses") == 0 ? 64u : 10000u)) {
		if (index == (strcmp(key, "statuses") == 0 ? 64u : 10000u))
			yparse_error(yp, n, _("too many items in '%s' (more than %zu); a plan needs far fewer"),
				     key, index);
		return;
	}
	if (strcmp(key, "statuses") == 0) {
		const char *k = get_required_string(p, yp, n, "key", IK_STATUS, false);
		const char *label = get_required_string(p, yp, n, "label", IK_STATUS, false);
		if (k && !valid_status_key(k)) {
			yparse_error(yp, ynode_get(n, "key"),
				     _("invalid status key '%s': use a-z, 0-9 and '-' only"), k);
			return;
		}
		if (!k || !label)
			return;
		struct status *all = fl->statuses.v;
		for (size_t i = 0; i < fl->statuses.n; i++)
			if (strcmp(all[i].key, k) == 0) {
				yparse_error(yp, ynode_get(n, "key"), _("duplicate status key '%s'"), k);
				return;
			}
		struct status *s = vec_push(&fl->statuses);
		s->key = k;
		s->label = label;
	} else if (strcmp(key, "parties") == 0) {
		const char *id = get_id(p, yp, n, IK_PARTY);
		const char *name = get_required_string(p, yp, n, "name", IK_PARTY, false);
		const char *note = get_optional_string(p, yp, n, "note", true);
		struct strlist members = { NULL, 0 };
		const struct ynode *m = ynode_get(n, "members");
		if (m && !get_strlist(p, yp, m, "members", false, NULL, &members))
			return;
		if (!id || !name || !note)
			return;
		struct party *all = fl->parties.v;
		for (size_t i = 0; i < fl->parties.n; i++)
			if (strcmp(all[i].id, id) == 0) {
				yparse_error(yp, ynode_get(n, "id"), _("duplicate party id '%s'"), id);
				return;
			}
		struct party *pa = vec_push(&fl->parties);
		pa->id = id;
		pa->name = name;
		pa->note = note;
		pa->members = members;
	} else if (strcmp(key, "effects") == 0) {
		const char *id = get_id(p, yp, n, IK_EFFECT);
		const char *name = get_required_string(p, yp, n, "name", IK_EFFECT, false);
		const char *kind = get_required_string(p, yp, n, "kind", IK_EFFECT, false);
		if (kind && strcmp(kind, "rus") != 0 && strcmp(kind, "nationell") != 0) {
			yparse_error(yp, ynode_get(n, "kind"),
				     _("unknown effect kind '%s' (known: rus, nationell)"), kind);
			return;
		}
		if (!id || !name || !kind)
			return;
		struct effect *all = fl->effects.v;
		for (size_t i = 0; i < fl->effects.n; i++)
			if (strcmp(all[i].id, id) == 0) {
				yparse_error(yp, ynode_get(n, "id"), _("duplicate effect id '%s'"), id);
				return;
			}
		struct effect *e = vec_push(&fl->effects);
		e->id = id;
		e->name = name;
		e->kind = kind;
	} else if (strcmp(key, "meetings") == 0) {
		const char *date = get_required_string(p, yp, n, "date", IK_MEETING, false);
		if (date && !valid_date(date)) {
			date_error(yp, ynode_get(n, "date"), date);
			return;
		}
		const char *time = get_optional_string(p, yp, n, "time", false);
		const char *place = get_optional_string(p, yp, n, "place", false);
		const char *note = get_optional_string(p, yp, n, "note", true);
		if (!date || !time || !place || !note)
			return;
		struct meeting *m = vec_push(&fl->meetings);
		m->date = date;
		m->time = time;
		m->place = place;
		m->note = note;
	}
	(void)index;
}

/* ---- groups.yaml ---------------------------------------------------- */

static void groups_value(struct file_loader *fl, const char *key, const struct ynode *kn,
			 const struct ynode *v)
{
	if (strcmp(key, "groups") == 0 && !ynode_is_null(v))
		yparse_error(&fl->yp, v, _("'%s' must be a list, not %s"), key, kind_name(v));
}

static void groups_item(struct file_loader *fl, const char *key, const struct ynode *n,
			size_t index)
{
	struct plan *p = fl->p;
	struct yparse *yp = &fl->yp;
	if (index >= 10000) {
		if (index == 10000)
			yparse_error(yp, n, _("too many groups (more than %d); a plan needs far fewer"),
				     10000);
		return;
	}
	if (n->type != YN_MAP) {
		yparse_error(yp, n, _("each group must be a mapping (id:, name: ...), not %s"),
			     kind_name(n));
		return;
	}
	const char *id = get_id(p, yp, n, IK_GROUP);
	const char *name = get_required_string(p, yp, n, "name", IK_GROUP, false);
	const char *lead = get_optional_string(p, yp, n, "lead", false);
	const char *mandate = get_optional_string(p, yp, n, "mandate", true);
	const char *notes = get_optional_string(p, yp, n, "notes", true);
	struct strlist members = { NULL, 0 };
	const struct ynode *m = ynode_get(n, "members");
	if (m && !get_strlist(p, yp, m, "members", false, NULL, &members))
		return;
	if (!id || !name || !lead || !mandate || !notes)
		return;
	struct group *all = fl->groups.v;
	for (size_t i = 0; i < fl->groups.n; i++)
		if (strcmp(all[i].id, id) == 0) {
			yparse_error(yp, ynode_get(n, "id"), _("duplicate group id '%s'"), id);
			return;
		}
	struct group *g = vec_push(&fl->groups);
	g->id = id;
	g->name = name;
	g->lead = lead;
	g->mandate = mandate;
	g->notes = notes;
	g->members = members;
	(void)key;
}

/* ---- changes.yaml --------------------------------------------------- */

static void changes_value(struct file_loader *fl, const char *key, const struct ynode *kn,
			  const struct ynode *v)
{
	if (strcmp(key, "changes") != 0)
		return;
	if (!ynode_is_null(v)) {
		yparse_error(&fl->yp, v, _("'%s' must be a list, not %s"), key, kind_name(v));
		return;
	}
	/* "changes:" with nothing after it: an empty list. */
	fl->st->list_flow = true;
	fl->st->list_key_end = text_colon_after(fl->yp.text, fl->yp.len,
					   (uint32_t)yparse_char_byte(&fl->yp, kn->cend));
	fl->st->list_start = fl->st->list_end = (uint32_t)yparse_char_byte(&fl->yp, v->cend);
}

/* Finds where an item's block starts: the line of its '-', and the
 * comment lines right above it. */
static void item_layout(struct file_loader *fl, const struct ynode *n, struct change_src *s)
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

static void changes_item(struct file_loader *fl, const char *key, const struct ynode *n,
			 size_t index)
{
	struct store *st = fl->st;
	struct plan *p = fl->p;
	struct change *c = change_from_node(p, &fl->yp, n, fl->xref);
	struct change_src *s = arena_alloc(&st->arena, sizeof(*s));
	s->index = (uint32_t)index;
	s->line = n->line;
	if (!st->list_flow) {
		item_layout(fl, n, s);
		if (index == 0) {
			/* the column of '-': count from the line start */
			const char *t = fl->yp.text;
			uint32_t nstart = (uint32_t)yparse_char_byte(&fl->yp, n->cstart);
			uint32_t q = s->item_start;
			while (q < nstart && t[q] != '-')
				q++;
			st->item_indent = q - s->item_start;
			st->key_indent = nstart - text_line_start(t, nstart);
		}
	}
	*(struct change_src **)vec_push(&fl->srcs) = s;
	if (!c)
		return;
	struct change *dup = plan_find_change(p, c->id);
	if (dup) {
		yparse_error(&fl->yp, ynode_get(n, "id"), _("duplicate change id '%s' (first at line %u)"),
			     c->id, dup->src ? dup->src->line : 0u);
		return;
	}
	c->src = s;
	c->src_gen = st->gen;
	plan_insert_change(p, p->nchanges, c);
	(void)key;
}

/* ---- reading files --------------------------------------------------- */

static int read_file(struct store_file *sf, const char *name, struct diags *d)
{
	/* O_NONBLOCK: a FIFO in the plan's place must not hang us */
	int fd = open(sf->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		diag_add(d, sf->path, 0, 0, _("cannot read %s: %s"), name, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sf->st) < 0 || !S_ISREG(sf->st.st_mode)) {
		diag_add(d, sf->path, 0, 0, _("cannot read %s: not a regular file"), name);
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
	/* A private copy, not a mapping: a plan stays open for a whole
	 * meeting, and a file truncated under a mapping would crash us.  The
	 * buffer's pages are populated in one go, which is cheaper than
	 * faulting them in one by one on small machines. */
	size_t cap = sf->len + 1;
	char *m = mmap(NULL, cap, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (m == MAP_FAILED) {
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
			munmap(m, cap);
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

static void release_file(struct store_file *sf)
{
	if (sf->mapped)
		munmap(sf->text, sf->len + 1);
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
	arena_free(&st->arena);
	free(st->orig);
	free(st);
	*pst = NULL;
}

const char *store_file_path(const struct store *st, enum store_file_id f)
{
	return st->f[f].path;
}

const char *store_file_text(const struct store *st, enum store_file_id f, size_t *len)
{
	*len = st->f[f].len;
	return st->f[f].text;
}

static const char *const plan_required[] = { "title", "focus_year", "statuses", NULL };
static const char *const plan_lists[] = { "statuses", "parties", "effects", "meetings", NULL };
static const char *const groups_required[] = { "groups", NULL };
static const char *const groups_lists[] = { "groups", NULL };
static const char *const changes_required[] = { "changes", NULL };
static const char *const changes_lists[] = { "changes", NULL };

/* Parses the files already in st->f into a new plan. */
static int parse_all(struct store *st, struct plan **out, struct diags *d)
{
	struct plan *p = plan_new();
	struct arena scratch;
	arena_init(&scratch, 64 * 1024);
	size_t before = d->n;
	bool plan_ok = true;

	for (int f = 0; f < SF_COUNT; f++) {
		struct store_file *sf = &st->f[f];
		if (!sf->text) {
			plan_ok = false;
			continue;
		}
		size_t file_before = d->n;
		struct file_loader fl = {
			.st = st, .p = p, .d = d, .f = (enum store_file_id)f,
			.xref = plan_ok,
		};
		fl.statuses.size = sizeof(struct status);
		fl.parties.size = sizeof(struct party);
		fl.effects.size = sizeof(struct effect);
		fl.meetings.size = sizeof(struct meeting);
		fl.groups.size = sizeof(struct group);
		fl.srcs.size = sizeof(struct change_src *);
		switch (f) {
		case SF_PLAN:
			fl.required = plan_required;
			fl.list_keys = plan_lists;
			fl.on_value = plan_value;
			fl.on_item = plan_item;
			break;
		case SF_GROUPS:
			fl.required = groups_required;
			fl.list_keys = groups_lists;
			fl.on_value = groups_value;
			fl.on_item = groups_item;
			break;
		default:
			fl.required = changes_required;
			fl.list_keys = changes_lists;
			fl.on_value = changes_value;
			fl.on_item = changes_item;
			break;
		}
		run_file(&fl, sf->path, sf->text, sf->len, &scratch);
		/* A line starting with a conflict marker never reads as YAML a
		 * plan can hold, so the markers are looked for only in a file
		 * with problems; they are then the one thing worth saying. */
		if (d->n != file_before) {
			struct diags markers = DIAGS_INIT;
			if (find_conflict_markers(sf->path, sf->text, sf->len, &markers)) {
				while (d->n > file_before) {
					d->n--;
					free(d->v[d->n].file);
					free(d->v[d->n].msg);
				}
				for (size_t i = 0; i < markers.n; i++)
					diag_add(d, markers.v[i].file, markers.v[i].line, markers.v[i].col,
						 "%s", markers.v[i].msg);
			}
			diags_clear(&markers);
		}
		if (f == SF_PLAN) {
			p->statuses = vec_to_arena(&fl.statuses, &p->arena, &p->nstatuses);
			p->parties = vec_to_arena(&fl.parties, &p->arena, &p->nparties);
			p->effects = vec_to_arena(&fl.effects, &p->arena, &p->neffects);
			p->meetings = vec_to_arena(&fl.meetings, &p->arena, &p->nmeetings);
			if (d->n == file_before && !p->nstatuses)
				diag_add(d, sf->path, 1, 1, "%s",
					 _("'statuses' must list at least one status"));
		} else if (f == SF_GROUPS) {
			p->groups = vec_to_arena(&fl.groups, &p->arena, &p->ngroups);
		} else {
			st->orig = (struct change_src **)fl.srcs.v;
			st->norig = fl.srcs.n;
			fl.srcs.v = NULL;
		}
		free(fl.statuses.v);
		free(fl.parties.v);
		free(fl.effects.v);
		free(fl.meetings.v);
		free(fl.groups.v);
		free(fl.srcs.v);
		if (d->n != file_before)
			plan_ok = false;
	}
	arena_free(&scratch);
	if (d->n != before || !plan_ok) {
		plan_free(&p);
		return -1;
	}
	/* Files written on Windows keep their line ends in what we add. */
	const char *ct = st->f[SF_CHANGES].text;
	const char *nl = ct ? memchr(ct, '\n', st->f[SF_CHANGES].len) : NULL;
	st->newline = nl && nl > ct && nl[-1] == '\r' ? "\r\n" : "\n";
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

int store_load(const char *dir, struct plan **plan, struct store **store, struct diags *d)
{
	*plan = NULL;
	*store = NULL;
	struct store *st = xcalloc(1, sizeof(*st));
	arena_init(&st->arena, 64 * 1024);
	st->gen = 1;
	bool ok = true;
	for (int f = 0; f < SF_COUNT; f++) {
		st->f[f].path = join_path(dir, file_names[f]);
		if (read_file(&st->f[f], file_names[f], d) < 0)
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

int store_rebase(struct store *st, struct plan *plan, struct diags *d)
{
	char *dir = NULL;
	const char *path = st->f[SF_PLAN].path;
	const char *slash = strrchr(path, '/');
	dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	struct plan *fresh;
	struct store *ns;
	int rc = store_load(dir, &fresh, &ns, d);
	free(dir);
	if (rc < 0)
		return -1;
	if (fresh->nchanges != plan->nchanges) {
		diag_add(d, st->f[SF_CHANGES].path, 0, 0,
			 _("the saved file does not hold the plan's %zu changes"), plan->nchanges);
		plan_free(&fresh);
		store_free(&ns);
		return -1;
	}
	ns->gen = st->gen + 1;
	for (size_t i = 0; i < plan->nchanges; i++) {
		struct change *c = plan->changes[i];
		c->src = fresh->changes[i]->src;
		c->src_gen = ns->gen;
		c->dirty = 0;
	}
	plan_free(&fresh);
	/* swap the new store's contents into the old one */
	struct store old = *st;
	*st = *ns;
	*ns = old;
	store_free(&ns);
	return 0;
}

int store_load_texts(const char *const names[SF_COUNT], const char *const texts[SF_COUNT],
		     const size_t lens[SF_COUNT], struct plan **plan, struct store **store,
		     struct diags *d)
{
	*plan = NULL;
	*store = NULL;
	struct store *st = xcalloc(1, sizeof(*st));
	arena_init(&st->arena, 64 * 1024);
	st->gen = 1;
	for (int f = 0; f < SF_COUNT; f++) {
		st->f[f].path = xstrdup(names[f]);
		st->f[f].text = (char *)texts[f];
		st->f[f].len = lens[f];
		st->f[f].borrowed = true;
		if (lens[f] > STORE_MAX_FILE_SIZE) {
			diag_add(d, names[f], 1, 1, _("%s is too large (%zu bytes; the limit is %u MiB)"),
				 names[f], lens[f], STORE_MAX_FILE_SIZE / (1024 * 1024));
			st->f[f].text = NULL;
		}
	}
	if (parse_all(st, plan, d) < 0) {
		store_free(&st);
		return -1;
	}
	*store = st;
	return 0;
}

/* ---- reading a list of changes on its own (the writer's check) ------- */

long load_change_list(struct plan *p, const char *name, const char *text, size_t len,
		      change_item_fn fn, void *ctx, struct diags *d)
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
		diag_add(d, name, 1, 1, "%s", _("expected a list of changes"));
		goto done;
	}
	if (!yparse_next(&yp))
		goto done;
	long n = 0;
	while (yp.ev.type != YAML_SEQUENCE_END_EVENT) {
		struct ynode *item = yparse_node(&yp, 2, "changes");
		if (!item)
			goto done;
		struct change *c = change_from_node(p, &yp, item, true);
		if (c && fn)
			fn(ctx, c, item, &yp);
		if (!c)
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
