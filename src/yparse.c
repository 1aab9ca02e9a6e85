/* yparse.c — node trees from libyaml events, with byte positions. */
#include "config.h"

#include "yparse.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

enum { MAX_MAP_KEYS = 256 };

bool yparse_use_fast = true;

void yparse_init(struct yparse *yp, const char *name, const char *text, size_t len,
		 struct diags *d, struct arena *scratch)
{
	memset(yp, 0, sizeof(*yp));
	yfast_init(&yp->fast, text, len);
	yp->use_fast = yparse_use_fast;
	yp->name = name;
	yp->text = text;
	yp->len = len;
	yp->diags = d;
	yp->scratch = scratch;
	yp->max_depth = 6;
	/* libyaml skips a byte order mark without counting it. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		yp->base = 3;
	yp->cur_byte = yp->base;
}

void yparse_done(struct yparse *yp)
{
	if (yp->ev_owned)
		yaml_event_delete(&yp->ev);
	yp->have_ev = yp->ev_owned = false;
	if (yp->parser_on)
		yaml_parser_delete(&yp->parser);
	yp->parser_on = false;
	yfast_done(&yp->fast);
}

size_t yparse_byte(struct yparse *yp, const yaml_mark_t *m)
{
	return yparse_char_byte(yp, m->index);
}

size_t yparse_char_byte(struct yparse *yp, size_t target)
{
	if (target < yp->cur_char) {
		yp->cur_char = 0;
		yp->cur_byte = yp->base;
	}
	const unsigned char *t = (const unsigned char *)yp->text;
	size_t ci = yp->cur_char, bi = yp->cur_byte, len = yp->len;
	/* Eight bytes at a time: characters are the bytes that are not UTF-8
	 * continuation bytes (10xxxxxx).  The text is valid UTF-8 here, as
	 * libyaml has read up to the mark. */
	while (bi + 8 <= len && ci + 8 <= target) {
		uint64_t w;
		memcpy(&w, t + bi, 8);
		uint64_t cont = ((w & ~(w << 1)) & 0x8080808080808080ull) >> 7;
		/* the sum of the eight 0/1 bytes ends up in the top byte */
		size_t chars = 8 - (size_t)((cont * 0x0101010101010101ull) >> 56);
		/* a character split at the word's end is finished below */
		if (ci + chars > target)
			break;
		ci += chars;
		bi += 8;
	}
	while (bi < len && (t[bi] & 0xc0) == 0x80)
		bi++;
	while (ci < target && bi < len) {
		unsigned char c = t[bi];
		bi += c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		ci++;
	}
	if (bi > len)
		bi = len;
	yp->cur_char = ci;
	yp->cur_byte = bi;
	return bi;
}

void text_line_col(const char *text, size_t len, size_t off, unsigned *line,
		   unsigned *col)
{
	unsigned l = 1;
	size_t ls = 0;
	if (off > len)
		off = len;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + off - p))) != NULL; p++) {
		l++;
		ls = (size_t)(p - text) + 1;
	}
	unsigned c = 1;
	if (ls == 0 && len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		ls = off >= 3 ? 3 : off; /* a byte order mark is no column */
	for (size_t i = ls; i < off; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			c++;
	*line = l;
	*col = c;
}

uint32_t text_line_start(const char *t, uint32_t off)
{
	while (off > 0 && t[off - 1] != '\n')
		off--;
	return off;
}

uint32_t text_line_after(const char *t, size_t len, uint32_t off)
{
	const char *nl = memchr(t + off, '\n', len - off);
	return nl ? (uint32_t)(nl - t) + 1 : (uint32_t)len;
}

/* Just after the ':' that follows a key ending at `off`. */
uint32_t text_colon_after(const char *t, size_t len, uint32_t off)
{
	while (off < len && t[off] != ':')
		off++;
	return off < len ? off + 1 : off;
}

static void verror(struct yparse *yp, const struct ynode *n, const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vaddf(&b, fmt, ap);
	diag_add(yp->diags, yp->name, n ? n->line : 1, n ? n->col : 1, "%s", buf_str(&b));
	buf_release(&b);
	yp->errors++;
}

void yparse_error(struct yparse *yp, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(yp, n, fmt, ap);
	va_end(ap);
}

void yparse_error_table(struct yparse *yp, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(yp, n, fmt, ap);
	va_end(ap);
}

/* Where the first byte that is not valid UTF-8, or the first character
 * YAML does not allow, stands: libyaml's own offset for these is not
 * always the character's (it can be past it, e.g. after a BOM). */
static bool find_bad_char(const char *t, size_t len, size_t *at, long *cp)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)t[i];
		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		uint32_t u;
		size_t l = utf8_decode(t + i, len - i, &u);
		if (!l) {
			*at = i;
			*cp = -1;
			return true;
		}
		bool ok = u == '\t' || u == '\n' || u == '\r' || (u >= 0xa0 && u <= 0xd7ff) ||
			  (u >= 0xe000 && u <= 0xfffd) || u >= 0x10000 || u == 0x85;
		if (!ok && !(i == 0 && u == 0xfeff)) {
			*at = i;
			*cp = (long)u;
			return true;
		}
		i += l;
	}
	return false;
}

/* Whether the colon libyaml stopped at follows another "key: " on its line:
 * then the likely mistake is a plain value that holds ': ' (notes: Följs
 * upp: nästa möte), not a key out of place. */
static bool colon_inside_value(struct yparse *yp)
{
	size_t at = yparse_byte(yp, &yp->parser.problem_mark);
	size_t start = at;
	while (start > yp->base && yp->text[start - 1] != '\n')
		start--;
	for (size_t i = start; i + 1 < at; i++)
		if (yp->text[i] == ':' && (yp->text[i + 1] == ' ' || yp->text[i + 1] == '\t'))
			return true;
	return false;
}

static void report_syntax_error(struct yparse *yp)
{
	yaml_parser_t *p = &yp->parser;
	unsigned line, col;
	/* libyaml's own words (problem, context) are English: they are quoted
	 * as they are, inside our translated messages. */
	const char *problem = p->problem ? p->problem : _("unreadable YAML");
	yp->errors++;
	if (p->error == YAML_READER_ERROR) {
		size_t at = p->problem_offset;
		long cp = -2;
		if (find_bad_char(yp->text, yp->len, &at, &cp)) {
			text_line_col(yp->text, yp->len, at, &line, &col);
			if (cp < 0)
				diag_add(yp->diags, yp->name, line, col,
					 _("invalid UTF-8 (byte 0x%02X); save the file as UTF-8"),
					 (unsigned char)yp->text[at]);
			else if (cp == 0)
				diag_add(yp->diags, yp->name, line, col, "%s", _("NUL byte in the file"));
			else
				diag_add(yp->diags, yp->name, line, col,
					 _("control character U+%04lX is not allowed"), (unsigned long)cp);
			return;
		}
		text_line_col(yp->text, yp->len, at, &line, &col);
		diag_add(yp->diags, yp->name, line, col, "%s", problem);
		return;
	}
	line = (unsigned)p->problem_mark.line + 1;
	col = (unsigned)p->problem_mark.column + 1;
	/* An unclosed quote or bracket fails only at the end of the file:
	 * where it opened is the place to look. */
	if (p->context && p->problem && strstr(p->problem, "end of stream")) {
		line = (unsigned)p->context_mark.line + 1;
		col = (unsigned)p->context_mark.column + 1;
	}
	if (!p->context && p->problem &&
	    strcmp(p->problem, "mapping values are not allowed in this context") == 0 &&
	    colon_inside_value(yp))
		diag_add(yp->diags, yp->name, line, col,
			 /* TRANSLATORS: %s is libyaml's problem, in English. */
			 _("syntax error: %s (to write ': ' in a value, put the whole value in "
			   "double quotes)"), problem);
	else if (p->context)
		diag_add(yp->diags, yp->name, line, col,
			 /* TRANSLATORS: libyaml's problem and context, in English */
			 _("syntax error: %s (%s at line %u)"), problem, p->context,
			 (unsigned)p->context_mark.line + 1);
	else
		diag_add(yp->diags, yp->name, line, col,
			 /* TRANSLATORS: %s is libyaml's problem, in English. */
			 _("syntax error: %s"), problem);
}

bool yparse_next(struct yparse *yp)
{
	if (yp->failed)
		return false;
	if (yp->ev_owned)
		yaml_event_delete(&yp->ev);
	yp->have_ev = yp->ev_owned = false;
	if (yp->use_fast) {
		if (yfast_next(&yp->fast, &yp->ev)) {
			yp->given++;
			yp->have_ev = true;
			return true;
		}
		/* Past the shape yfast reads: libyaml reads from the start,
		 * and the events yfast gave, which are libyaml's own, are
		 * skipped. */
		yp->use_fast = false;
	}
	if (!yp->parser_on) {
		yaml_parser_initialize(&yp->parser);
		yaml_parser_set_input_string(&yp->parser, (const unsigned char *)yp->text, yp->len);
		yp->parser_on = true;
		for (; yp->given; yp->given--) {
			if (!yaml_parser_parse(&yp->parser, &yp->ev))
				goto fail;
			yaml_event_delete(&yp->ev);
		}
	}
	if (!yaml_parser_parse(&yp->parser, &yp->ev))
		goto fail;
	yp->have_ev = yp->ev_owned = true;
	return true;
fail:
	report_syntax_error(yp);
	yp->failed = true;
	return false;
}

static struct ynode *new_node(struct yparse *yp, enum ynode_type type)
{
	struct ynode *n = arena_alloc(yp->scratch, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->value = "";
	const yaml_mark_t *m = &yp->ev.start_mark;
	n->cstart = (uint32_t)m->index;
	if (!yp->lazy)
		n->start = (uint32_t)yparse_byte(yp, m);
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	return n;
}

/* Refuses what a plan never needs and would make patching unsafe. */
static void check_props(struct yparse *yp, struct ynode *n, const yaml_char_t *anchor,
			const yaml_char_t *tag, bool implicit)
{
	if (anchor)
		yparse_error(yp, n, _("anchors are not supported ('&%s'); write the value out in full"),
			     (const char *)anchor);
	if (tag && !implicit) {
		const char *t = (const char *)tag;
		bool core = strncmp(t, "tag:yaml.org,2002:", 18) == 0;
		yparse_error(yp, n, _("tags are not supported ('%s%s')"), core ? "!!" : "",
			     core ? t + 18 : t);
	}
}

/* Where a block scalar's content really ends: the end of its last line
 * that holds anything but blanks. */
uint32_t yparse_block_end(const char *text, uint32_t start, uint32_t end)
{
	uint32_t p = end;
	while (p > start && strchr(" \t\r\n", text[p - 1]))
		p--;
	while (p < end && (text[p] == ' ' || text[p] == '\t'))
		p++;
	return p;
}

/* `is_value`: a value under a key or a list item, not a key. */
static struct ynode *build_scalar(struct yparse *yp, bool is_value)
{
	yaml_event_t *e = &yp->ev;
	struct ynode *n = new_node(yp, YN_SCALAR);
	n->in_values = is_value && yp->values;
	n->value = arena_strndup(n->in_values ? yp->values : yp->scratch,
				 (const char *)e->data.scalar.value, e->data.scalar.length);
	n->len = e->data.scalar.length;
	switch (e->data.scalar.style) {
	case YAML_SINGLE_QUOTED_SCALAR_STYLE: n->style = YS_SINGLE; break;
	case YAML_DOUBLE_QUOTED_SCALAR_STYLE: n->style = YS_DOUBLE; break;
	case YAML_LITERAL_SCALAR_STYLE: n->style = YS_LITERAL; break;
	case YAML_FOLDED_SCALAR_STYLE: n->style = YS_FOLDED; break;
	default: n->style = YS_PLAIN; break;
	}
	n->cend = n->clast = (uint32_t)e->end_mark.index;
	n->last_block = n->style == YS_LITERAL || n->style == YS_FOLDED;
	if (!yp->lazy) {
		n->end = (uint32_t)yparse_byte(yp, &e->end_mark);
		if (n->last_block)
			n->end = yparse_block_end(yp->text, n->start, n->end);
		n->last = n->end;
	}
	bool implicit = e->data.scalar.plain_implicit || e->data.scalar.quoted_implicit;
	check_props(yp, n, e->data.scalar.anchor, e->data.scalar.tag, implicit);
	/* Escapes in double quotes are the one way to write a control
	 * character that libyaml's reader lets through; reported by
	 * report_bad() with the key it belongs to. */
	n->bad_cp = -1;
	if (n->style == YS_DOUBLE) {
		for (size_t i = 0; i < n->len;) {
			uint32_t u;
			size_t l = utf8_decode(n->value + i, n->len - i, &u);
			if (!l)
				break;
			if ((u < 0x20 && u != '\t' && u != '\n') || (u >= 0x7f && u < 0xa0) ||
			    u == 0x2028 || u == 0x2029 || u == 0xfeff || (u >= 0xfffe && u <= 0xffff)) {
				n->bad_cp = (long)u;
				n->bad = true;
				break;
			}
			i += l;
		}
	}
	return n;
}

bool yparse_check_key(struct yparse *yp, const struct ynode *k)
{
	yparse_report_bad(yp, k, NULL, true);
	if (k->type == YN_SCALAR)
		return true;
	yparse_error(yp, k, "%s", k->type == YN_MAP ? _("a key must be a plain word, not a mapping")
				  : _("a key must be a plain word, not a list"));
	return false;
}

/* Reports a control character found in a quoted scalar. */
void yparse_report_bad(struct yparse *yp, const struct ynode *n, const char *key, bool is_key)
{
	if (n->type != YN_SCALAR || n->bad_cp < 0)
		return;
	if ((is_key || !key) && n->bad_cp == 0)
		yparse_error(yp, n, "%s", _("NUL character in a key"));
	else if (is_key || !key)
		yparse_error(yp, n, _("control character U+%04lX in a key"),
			     (unsigned long)n->bad_cp);
	else if (n->bad_cp == 0)
		yparse_error(yp, n, _("NUL character in the value of '%s'"), key);
	else
		yparse_error(yp, n, _("control character U+%04lX in the value of '%s'"),
			     (unsigned long)n->bad_cp, key);
}

static bool same_key(const struct ynode *a, const struct ynode *b)
{
	return a->type == YN_SCALAR && b->type == YN_SCALAR && a->len == b->len &&
	       a->value[0] == b->value[0] && memcmp(a->value, b->value, a->len) == 0;
}

struct ynode *yparse_node(struct yparse *yp, int depth, const char *key)
{
	if (!yp->have_ev)
		return NULL;
	yaml_event_t *e = &yp->ev;
	struct ynode *n;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		n = build_scalar(yp, key != NULL);
		yparse_next(yp);
		if (key)
			yparse_report_bad(yp, n, key, false);
		return n;
	case YAML_ALIAS_EVENT:
		n = new_node(yp, YN_SCALAR);
		n->value = "";
		n->cend = n->clast = (uint32_t)e->end_mark.index;
		if (!yp->lazy)
			n->end = n->last = (uint32_t)yparse_byte(yp, &e->end_mark);
		yparse_error(yp, n, _("aliases are not supported ('*%s'); write the value out in full"),
			     (const char *)e->data.alias.anchor);
		yparse_next(yp);
		return n;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		break;
	default:
		n = new_node(yp, YN_SCALAR);
		n->value = "";
		yparse_error(yp, n, "%s", _("unexpected YAML structure"));
		yparse_next(yp);
		return n;
	}

	bool is_map = e->type == YAML_MAPPING_START_EVENT;
	n = new_node(yp, is_map ? YN_MAP : YN_SEQ);
	if (is_map) {
		n->style = e->data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? YS_FLOW : YS_BLOCK;
		check_props(yp, n, e->data.mapping_start.anchor, e->data.mapping_start.tag,
			    e->data.mapping_start.implicit);
	} else {
		n->style = e->data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? YS_FLOW : YS_BLOCK;
		check_props(yp, n, e->data.sequence_start.anchor, e->data.sequence_start.tag,
			    e->data.sequence_start.implicit);
	}
	if (depth + 1 > yp->max_depth) {
		/* Stop reading the file here: going on would cost libyaml time
		 * that grows with the square of the depth. */
		yparse_error(yp, n, _("nesting deeper than a plan needs (more than %d levels)"),
			     yp->max_depth);
		yp->failed = true;
		return NULL;
	}
	if (!yparse_next(yp))
		return NULL;

	struct ynode *stack_kids[32];
	struct ynode **kids = stack_kids;
	size_t nk = 0, cap = 32;
	yaml_event_type_t end_type = is_map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT;
	bool too_many = false;
	while (yp->have_ev && yp->ev.type != end_type) {
		/* a value knows its key, a list item its list's key; a key is
		 * reported as a key */
		const char *under = !is_map ? (key ? key : "?") : nk % 2 ? kids[nk - 1]->value : NULL;
		struct ynode *k = yparse_node(yp, depth + 1, under);
		if (!k)
			goto fail;
		if (is_map && nk % 2 == 0 && yparse_check_key(yp, k)) {
			if (nk / 2 < MAX_MAP_KEYS) {
				for (size_t i = 0; i < nk; i += 2)
					if (same_key(kids[i], k)) {
						yparse_error(yp, k, _("duplicate key '%s' (first at line %u)"),
							     k->value, kids[i]->line);
						break;
					}
			} else if (!too_many) {
				yparse_error(yp, k, _("too many keys in one mapping (more than %d)"),
					     MAX_MAP_KEYS);
				too_many = true;
			}
		}
		if (nk == cap) {
			cap *= 2;
			if (kids == stack_kids) {
				kids = xmalloc(cap * sizeof(*kids));
				memcpy(kids, stack_kids, sizeof(stack_kids));
			} else {
				kids = xrealloc(kids, cap * sizeof(*kids));
			}
		}
		kids[nk++] = k;
		if (k->last > n->last)
			n->last = k->last;
		if (k->clast >= n->clast) {
			n->clast = k->clast;
			n->last_block = k->last_block;
		}
	}
	if (!yp->have_ev)
		goto fail;
	n->cend = (uint32_t)yp->ev.end_mark.index;
	if (n->style == YS_FLOW) {
		n->clast = n->cend;
		n->last_block = false;
	} else if (n->clast < n->cstart) {
		n->clast = n->cstart;
	}
	if (!yp->lazy) {
		n->end = (uint32_t)yparse_byte(yp, &yp->ev.end_mark);
		if (n->style == YS_FLOW)
			n->last = n->end;
		else if (n->last < n->start)
			n->last = n->start;
	}
	n->kids = arena_alloc(yp->scratch, (nk ? nk : 1) * sizeof(*kids));
	if (nk)
		memcpy(n->kids, kids, nk * sizeof(*kids));
	n->nkids = nk;
	if (kids != stack_kids)
		free(kids);
	yparse_next(yp);
	return n;
fail:
	if (kids != stack_kids)
		free(kids);
	return NULL;
}

struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->type != YN_MAP)
		return NULL;
	for (size_t i = 0; i + 1 < map->nkids; i += 2)
		if (map->kids[i]->type == YN_SCALAR && strcmp(map->kids[i]->value, key) == 0)
			return map->kids[i + 1];
	return NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	if (n->type != YN_SCALAR || n->style != YS_PLAIN)
		return false;
	const char *v = n->value;
	switch (v[0]) { /* most values are not null: decide on the first byte */
	case '\0': return true;
	case '~': return v[1] == '\0';
	case 'n': return !strcmp(v, "null");
	case 'N': return !strcmp(v, "Null") || !strcmp(v, "NULL");
	default: return false;
	}
}
