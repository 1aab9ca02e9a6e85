/* yfast.c — the events of plan-shaped YAML, a line at a time (see yfast.h). */
#include "config.h"

#include "yfast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A queued event's value is kept as its offset in f->vals, which may
 * still grow and move; it becomes a pointer when the event is given. */
#define VAL_AT(off) ((yaml_char_t *)(uintptr_t)(off))

void yfast_init(struct yfast *f, const char *text, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->t = text;
	f->len = len;
	f->vals = (struct buf)BUF_INIT;
}

void yfast_done(struct yfast *f)
{
	free(f->q);
	buf_release(&f->vals);
	f->q = NULL;
}

/* Says the text leaves the shape: false, for returning at once. */
static bool bail(struct yfast *f)
{
	f->bailed = true;
	return false;
}

/* The mark of byte `p` on the line being read.  On a line that is not
 * ASCII the continuation bytes before `p` are counted from the last mark
 * asked for, as marks are mostly asked for in order. */
static yaml_mark_t mark_at(struct yfast *f, size_t p)
{
	size_t cont = 0;
	if (!f->lascii) {
		if (p < f->mpos) {
			f->mpos = f->ls;
			f->mcont = 0;
		}
		for (size_t i = f->mpos; i < p; i++)
			f->mcont += ((unsigned char)f->t[i] & 0xc0) == 0x80;
		f->mpos = p;
		cont = f->mcont;
	}
	return (yaml_mark_t){ .index = p - f->lcont - cont, .line = f->line - 1,
			      .column = p - f->ls - cont };
}

/* The mark of the end of the text.  libyaml closes there the blocks more
 * indented than the last line is long (when it has no line break), then
 * moves the mark to the start of a new line and closes the rest: the
 * second mark, which is the first when the text ends with a line break. */
static void marks_end(const struct yfast *f, yaml_mark_t *eol, yaml_mark_t *end)
{
	/* f->pos is the text's end here, past its last line */
	size_t index = f->len - f->cont;
	*end = (yaml_mark_t){ .index = index, .line = f->line, .column = 0 };
	*eol = *end;
	if (f->len && f->t[f->len - 1] != '\n')
		*eol = (yaml_mark_t){ .index = index, .line = f->line - 1,
				      .column = f->len - f->ls - (f->cont - f->lcont) };
}

static yaml_event_t *push(struct yfast *f, yaml_event_type_t type, yaml_mark_t start,
			  yaml_mark_t end)
{
	if (f->nq == f->capq) {
		f->capq = f->capq ? 2 * f->capq : 64;
		f->q = xrealloc(f->q, f->capq * sizeof(*f->q));
	}
	yaml_event_t *e = &f->q[f->nq++];
	memset(e, 0, sizeof(*e));
	e->type = type;
	e->start_mark = start;
	e->end_mark = end;
	return e;
}

static void push_collection(struct yfast *f, bool map, bool flow, size_t from, size_t to)
{
	yaml_event_t *e = push(f, map ? YAML_MAPPING_START_EVENT : YAML_SEQUENCE_START_EVENT,
			       mark_at(f, from), mark_at(f, to));
	if (map) {
		e->data.mapping_start.implicit = 1;
		e->data.mapping_start.style = flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE;
	} else {
		e->data.sequence_start.implicit = 1;
		e->data.sequence_start.style = flow ? YAML_FLOW_SEQUENCE_STYLE
						    : YAML_BLOCK_SEQUENCE_STYLE;
	}
}

/* A scalar from `from` to `to` in the text whose value is the `n` bytes
 * at `off` in f->vals (a NUL is added after them). */
static void push_value(struct yfast *f, yaml_scalar_style_t style, size_t from, size_t to,
		       size_t off, size_t n)
{
	yaml_event_t *e = push(f, YAML_SCALAR_EVENT, mark_at(f, from), mark_at(f, to));
	buf_addc(&f->vals, '\0');
	e->data.scalar.value = VAL_AT(off);
	e->data.scalar.length = n;
	e->data.scalar.style = style;
	e->data.scalar.plain_implicit = style == YAML_PLAIN_SCALAR_STYLE;
	e->data.scalar.quoted_implicit = style != YAML_PLAIN_SCALAR_STYLE;
}

/* A plain scalar: the text from `from` to `to` as it stands. */
static void push_plain(struct yfast *f, size_t from, size_t to)
{
	size_t off = f->vals.len;
	buf_add(&f->vals, f->t + from, to - from);
	push_value(f, YAML_PLAIN_SCALAR_STYLE, from, to, off, to - from);
}

static void push_empty(struct yfast *f, yaml_mark_t at)
{
	yaml_event_t *e = push(f, YAML_SCALAR_EVENT, at, at);
	size_t off = f->vals.len;
	buf_addc(&f->vals, '\0');
	e->data.scalar.value = VAL_AT(off);
	e->data.scalar.style = YAML_PLAIN_SCALAR_STYLE;
	e->data.scalar.plain_implicit = 1;
}

/* What may not begin a plain scalar (or may, in ways not followed here). */
static bool plain_first_ok(unsigned char c)
{
	return !strchr("-?:,[]{}#&*!|>'\"%@`", c) && c != ' ';
}

/* The end of a plain key starting at `p` on the line ending at `e`: the
 * offset of its ':', or 0 when the line holds no key there. */
static size_t key_colon(const struct yfast *f, size_t p, size_t e)
{
	const char *t = f->t;
	for (size_t i = p; i < e; i++) {
		if (t[i] == ':' && (i + 1 == e || t[i + 1] == ' '))
			return i;
		if (t[i] == ' ' && i + 1 < e && t[i + 1] == '#')
			return 0;
	}
	return 0;
}

/* After a quoted scalar or a flow collection ending at `r`: only blanks
 * and a comment may follow on its line. */
static bool rest_blank(const struct yfast *f, size_t r, size_t e)
{
	size_t i = r;
	while (i < e && f->t[i] == ' ')
		i++;
	return i == e || (f->t[i] == '#' && i > r);
}

/* A quoted scalar from the quote at `q`, closed on the same line; the
 * offset past its closing quote, or 0. */
static size_t quoted(struct yfast *f, size_t q, size_t e)
{
	const char *t = f->t;
	char quote = t[q];
	struct buf *v = &f->vals;
	size_t off = v->len;
	size_t i = q + 1;
	for (;;) {
		size_t run = i;
		while (i < e && t[i] != quote && t[i] != '\\')
			i++;
		if (i == e)
			return 0; /* goes on over the line */
		buf_add(v, t + run, i - run);
		if (quote == '\'') {
			if (t[i] == '\\') {
				buf_addc(v, '\\');
				i++;
				continue;
			}
			if (i + 1 < e && t[i + 1] == '\'') {
				buf_addc(v, '\'');
				i += 2;
				continue;
			}
			break;
		}
		if (t[i] == '"')
			break;
		if (i + 1 == e)
			return 0;
		switch (t[i + 1]) {
		case '\\': buf_addc(v, '\\'); break;
		case '"': buf_addc(v, '"'); break;
		case 'n': buf_addc(v, '\n'); break;
		case 't': buf_addc(v, '\t'); break;
		default: return 0; /* other escapes: libyaml's own business */
		}
		i += 2;
	}
	push_value(f, quote == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
				   : YAML_SINGLE_QUOTED_SCALAR_STYLE,
		   q, i + 1, off, v->len - off);
	return i + 1;
}

/* A plain scalar inside a flow collection at `p`: its end (trailing blanks
 * left out) in *end, and where reading goes on; 0 when outside the shape. */
static size_t flow_plain(const struct yfast *f, size_t p, size_t e, size_t *end)
{
	const char *t = f->t;
	if (p >= e || !plain_first_ok((unsigned char)t[p]))
		return 0;
	size_t i = p, last = p;
	while (i < e && t[i] != ',' && t[i] != ']' && t[i] != '}') {
		char c = t[i];
		if (c == '[' || c == '{' || c == ':' || c == '#' || c == '"' || c == '\'')
			return 0;
		if (c != ' ')
			last = i + 1;
		i++;
	}
	if (i == e)
		return 0;
	*end = last;
	return i;
}

/* A flow item (a plain or quoted scalar) at `p`; where reading goes on
 * (at ',' or the closing bracket), or 0. */
static size_t flow_item(struct yfast *f, size_t p, size_t e)
{
	const char *t = f->t;
	size_t i, end;
	if (t[p] == '"' || t[p] == '\'') {
		if (!(i = quoted(f, p, e)))
			return 0;
	} else {
		if (!(i = flow_plain(f, p, e, &end)))
			return 0;
		push_plain(f, p, end);
	}
	while (i < e && t[i] == ' ')
		i++;
	return i;
}

/* A flow mapping's key at `p`, up to its ':' (which a blank follows);
 * where its value starts, or 0. */
static size_t flow_key(struct yfast *f, size_t p, size_t e)
{
	const char *t = f->t;
	if (!plain_first_ok((unsigned char)t[p]))
		return 0;
	size_t i = p;
	while (i < e && t[i] != ':') {
		if (strchr(",[]{}#\"' ", t[i]))
			return 0;
		i++;
	}
	if (i + 1 >= e || t[i + 1] != ' ')
		return 0;
	push_plain(f, p, i);
	i++;
	while (i < e && t[i] == ' ')
		i++;
	return i;
}

/* A flow list or mapping on one line from its bracket at `p`; the offset
 * past its closing bracket, or 0. */
static size_t flow(struct yfast *f, size_t p, size_t e)
{
	const char *t = f->t;
	bool map = t[p] == '{';
	char close = map ? '}' : ']';
	push_collection(f, map, true, p, p + 1);
	size_t i = p + 1;
	while (i < e && t[i] == ' ')
		i++;
	if (i < e && t[i] != close) {
		for (;;) {
			if (i >= e)
				return 0;
			if (map && !(i = flow_key(f, i, e)))
				return 0;
			if (i >= e || !(i = flow_item(f, i, e)))
				return 0;
			if (i < e && t[i] == ',') {
				i++;
				while (i < e && t[i] == ' ')
					i++;
				if (i < e && t[i] == close)
					return 0; /* a comma before the end */
				continue;
			}
			if (i < e && t[i] == close)
				break;
			return 0;
		}
	}
	if (i >= e)
		return 0;
	push(f, map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, mark_at(f, i),
	     mark_at(f, i + 1));
	return i + 1;
}

static bool literal(struct yfast *f, size_t h, size_t e, int indent);

/* A value at `v` (after "key: " or "- "), standing in a block collection
 * at column `indent`. */
static bool value(struct yfast *f, size_t v, size_t e, int indent)
{
	const char *t = f->t;
	size_t r;
	switch (t[v]) {
	case '"':
	case '\'':
		r = quoted(f, v, e);
		break;
	case '[':
	case '{':
		r = flow(f, v, e);
		break;
	case '|':
		return literal(f, v, e, indent);
	default:
		if (!plain_first_ok((unsigned char)t[v]))
			return bail(f);
		size_t i = v, last = v;
		for (; i < e; i++) {
			if (t[i] == ':' && (i + 1 == e || t[i + 1] == ' '))
				return bail(f); /* a mapping where a value stands */
			if (t[i] == ' ') {
				if (i + 1 < e && t[i + 1] == '#')
					break;
			} else {
				last = i + 1;
			}
		}
		push_plain(f, v, last);
		/* the next line must not go on with it */
		f->plain_open = true;
		f->plain_indent = indent;
		return true;
	}
	if (!r || !rest_blank(f, r, e))
		return bail(f);
	return true;
}

/* "key: value" or "key:" at `p`, in the mapping at column `indent`. */
static bool key_value(struct yfast *f, size_t p, size_t e, int indent)
{
	const char *t = f->t;
	if (!plain_first_ok((unsigned char)t[p]))
		return bail(f);
	size_t c = key_colon(f, p, e);
	if (!c || t[c - 1] == ' ' || c - p > 1000)
		return bail(f);
	push_plain(f, p, c);
	size_t v = c + 1;
	while (v < e && t[v] == ' ')
		v++;
	if (v == e || t[v] == '#') {
		f->pending = true;
		f->pending_mark = mark_at(f, c + 1);
		return true;
	}
	return value(f, v, e, indent);
}

static bool open_block(struct yfast *f, int col, bool map, size_t p)
{
	if (f->depth == YFAST_DEPTH)
		return bail(f);
	f->open[f->depth].indent = col;
	f->open[f->depth].map = map;
	f->depth++;
	push_collection(f, map, false, p, p);
	return true;
}

static void close_block(struct yfast *f, yaml_mark_t at)
{
	f->depth--;
	push(f, f->open[f->depth].map ? YAML_MAPPING_END_EVENT : YAML_SEQUENCE_END_EVENT, at, at);
}

/* Whether t[0..len) is all characters this reader takes: what libyaml's
 * reader takes as printable (and a line break), less the tab, the CR,
 * what libyaml takes for a line break (U+0085, U+2028, U+2029) and U+FEFF. */
static bool chars_ok(const unsigned char *t, size_t len)
{
	size_t i = 0;
	while (i < len) {
		/* eight bytes at a time while all are printable ASCII */
		while (i + 8 <= len) {
			uint64_t w;
			memcpy(&w, t + i, 8);
			/* bytes below 0x20 or from 0x7f up */
			uint64_t low = (w - 0x2020202020202020ull) & ~w;
			uint64_t high = (w + 0x0101010101010101ull) | w;
			if ((low | high) & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= len)
			break;
		unsigned char c = t[i];
		if ((c >= 0x20 && c < 0x7f) || c == '\n') {
			i++;
		} else if (c >= 0xc3 && c <= 0xdf && i + 1 < len && (t[i + 1] & 0xc0) == 0x80) {
			i += 2; /* U+00C0..U+07FF: å, ä, ö and their kin, the most of it */
		} else if (c < 0x80) {
			return false; /* tab, CR, other controls, DEL */
		} else {
			uint32_t u;
			size_t l = utf8_decode((const char *)t + i, len - i, &u);
			if (!l || u < 0xa0 || u == 0x2028 || u == 0x2029 || u == 0xfeff || u == 0xfffe ||
			    u == 0xffff)
				return false;
			i += l;
		}
	}
	return true;
}

/* Reads the line starting at f->pos; the offset of its end (its '\n', or
 * the text's end).  Its characters were checked with the whole text's (in
 * yfast_next): only its continuation bytes are counted here, eight bytes
 * at a time. */
static size_t take_line(struct yfast *f)
{
	const unsigned char *t = (const unsigned char *)f->t;
	const unsigned char *nl = memchr(t + f->pos, '\n', f->len - f->pos);
	size_t e = nl ? (size_t)(nl - t) : f->len, i = f->pos, cont = 0;
	uint64_t high = 0;
	for (; i + 8 <= e; i += 8) {
		uint64_t w;
		memcpy(&w, t + i, 8);
		high |= w;
		/* 10xxxxxx: the top bit set and the next one clear */
		cont += (size_t)__builtin_popcountll(w & ~(w << 1) & 0x8080808080808080ull);
	}
	for (; i < e; i++) {
		high |= t[i];
		cont += (t[i] & 0xc0) == 0x80;
	}
	f->ls = f->pos;
	f->lcont = f->cont;
	f->lascii = !(high & 0x8080808080808080ull);
	f->mpos = f->ls;
	f->mcont = 0;
	f->cont += cont;
	f->line++;
	f->pos = nl ? e + 1 : f->len;
	return e;
}

/* A literal block scalar ("|", "|-" or "|+") whose header is at `h`, the
 * value of a collection at column `indent`: reads its lines and leaves
 * f->pos at the line that ends it. */
static bool literal(struct yfast *f, size_t h, size_t e, int indent)
{
	const char *t = f->t;
	char chomp = h + 1 < e && (t[h + 1] == '-' || t[h + 1] == '+') ? t[h + 1] : 0;
	size_t r = h + 1 + (chomp != 0);
	if (r < e && t[r] != ' ')
		return bail(f); /* an indentation indicator, or more */
	if (!rest_blank(f, r, e) || e == f->len)
		return bail(f); /* more on the line, or no line break after it */
	yaml_mark_t start = mark_at(f, h);
	size_t off = f->vals.len;
	size_t breaks = 0; /* line breaks not yet added: empty lines */
	bool content = false;
	size_t li = 0;     /* the indentation of the content */
	for (;;) {
		/* where the next line starts, to go back there */
		size_t pos = f->pos, line = f->line, cont = f->cont;
		if (pos >= f->len)
			break;
		size_t le = take_line(f);
		if (le == f->len)
			return bail(f); /* the text's last line has no line break */
		size_t sp = f->ls;
		while (sp < le && t[sp] == ' ')
			sp++;
		size_t n = sp - f->ls;
		if (n > 1000)
			return bail(f);
		if (!content) {
			/* the first line sets the indentation: blank lines
			 * before it (libyaml weighs their blanks) are left to
			 * libyaml */
			if (sp == le || (int)n <= indent)
				return bail(f);
			li = n;
		}
		if (sp == le && n <= li) {
			breaks++; /* an empty line */
			continue;
		}
		if (n < li) {
			/* this line ends the block: read it again */
			f->pos = pos;
			f->line = line;
			f->cont = cont;
			break;
		}
		while (breaks) {
			buf_addc(&f->vals, '\n');
			breaks--;
		}
		buf_add(&f->vals, t + f->ls + li, le - f->ls - li);
		content = true;
		breaks = 1; /* this line's own break */
	}
	/* the block ends where the next line starts (or the text ends) */
	yaml_mark_t end = { .index = f->pos - f->cont, .line = f->line, .column = 0 };
	if (chomp == '+')
		while (breaks--)
			buf_addc(&f->vals, '\n');
	else if (chomp == 0 && content)
		buf_addc(&f->vals, '\n');
	yaml_event_t *ev = push(f, YAML_SCALAR_EVENT, start, end);
	size_t n = f->vals.len - off;
	buf_addc(&f->vals, '\0');
	ev->data.scalar.value = VAL_AT(off);
	ev->data.scalar.length = n;
	ev->data.scalar.style = YAML_LITERAL_SCALAR_STYLE;
	ev->data.scalar.quoted_implicit = 1;
	return true;
}

/* What one line gives: nothing (a blank or comment line), its events, or
 * a stop outside the shape. */
enum line_kind { LINE_BLANK, LINE_READ, LINE_OUT };

/* Reads the line at f->pos. */
static enum line_kind one_line(struct yfast *f)
{
	const char *t = f->t;
	size_t e = take_line(f);
	size_t p = f->ls;
	while (p < e && t[p] == ' ')
		p++;
	if (p == e)
		return LINE_BLANK;
	if (p - f->ls > 1000)
		return LINE_OUT;
	int col = (int)(p - f->ls);
	if (col == 0 && (t[p] == '%' || (e - p >= 3 && (!memcmp(t + p, "---", 3) ||
							!memcmp(t + p, "...", 3)))))
		return LINE_OUT; /* a directive or a document marker, maybe */
	if (t[p] == '#')
		return LINE_BLANK; /* a comment line */
	if (f->plain_open && col > f->plain_indent)
		return LINE_OUT; /* the plain value goes on over this line */
	f->plain_open = false;
	bool seq = t[p] == '-' && (p + 1 == e || t[p + 1] == ' ');
	bool nested = false;
	if (f->pending) {
		f->pending = false;
		if (col > f->open[f->depth - 1].indent)
			nested = true;
		else
			push_empty(f, f->pending_mark);
	}
	if (!nested) {
		yaml_mark_t at = mark_at(f, p);
		while (f->depth && f->open[f->depth - 1].indent > col)
			close_block(f, at);
		if (!f->depth) {
			if (f->started)
				return LINE_OUT; /* a second top-level value */
			f->started = true;
			push(f, YAML_DOCUMENT_START_EVENT, at, at)->data.document_start.implicit = 1;
			nested = true;
		} else if (f->open[f->depth - 1].indent != col ||
			   f->open[f->depth - 1].map == seq) {
			return LINE_OUT;
		}
	}
	if (nested && !open_block(f, col, !seq, p))
		return LINE_OUT;
	if (!seq)
		return key_value(f, p, e, col) ? LINE_READ : LINE_OUT;
	/* "- item" */
	size_t q = p + 1;
	while (q < e && t[q] == ' ')
		q++;
	if (q == e || t[q] == '#' || (t[q] == '-' && (q + 1 == e || t[q + 1] == ' ')))
		return LINE_OUT; /* an empty item, or a list in a list */
	if (t[q] != '"' && t[q] != '\'' && t[q] != '[' && t[q] != '{' && t[q] != '|' &&
	    key_colon(f, q, e)) {
		/* "- key: value": a mapping starts here */
		if (q - f->ls > 1000)
			return LINE_OUT;
		int kcol = (int)(q - f->ls);
		return open_block(f, kcol, true, q) && key_value(f, q, e, kcol) ? LINE_READ
										 : LINE_OUT;
	}
	return value(f, q, e, col) ? LINE_READ : LINE_OUT;
}

/* Reads lines until events stand ready: those of every line before the
 * last one read, as libyaml, reading one token ahead, may refuse the next
 * line before it gives the events of this one.  False outside the shape. */
static bool fill(struct yfast *f)
{
	while (f->ready == 0) {
		if (f->pos >= f->len) {
			/* the end: every block closes there */
			yaml_mark_t eol, end;
			marks_end(f, &eol, &end);
			if (f->pending) {
				push_empty(f, f->pending_mark);
				f->pending = false;
			}
			while (f->depth && (size_t)f->open[f->depth - 1].indent > eol.column)
				close_block(f, eol);
			while (f->depth)
				close_block(f, end);
			if (f->started)
				push(f, YAML_DOCUMENT_END_EVENT, end, end)->data.document_end.implicit = 1;
			push(f, YAML_STREAM_END_EVENT, end, end);
			f->done = true;
			f->ready = f->nq;
			break;
		}
		size_t before = f->nq;
		switch (one_line(f)) {
		case LINE_OUT: return bail(f);
		case LINE_BLANK: break;
		case LINE_READ: f->ready = before; break;
		}
	}
	return true;
}

bool yfast_next(struct yfast *f, yaml_event_t *ev)
{
	if (f->bailed)
		return false;
	if (f->iq == f->ready) {
		if (f->done && f->iq == f->nq) {
			memset(ev, 0, sizeof(*ev)); /* as libyaml after the end */
			return true;
		}
		/* The events given are dropped; those still to come move to
		 * the front, and so do their values, which follow each other
		 * at the end of f->vals. */
		size_t keep = f->nq - f->iq, base = f->vals.len;
		for (size_t i = f->iq; i < f->nq; i++)
			if (f->q[i].type == YAML_SCALAR_EVENT) {
				base = (uintptr_t)f->q[i].data.scalar.value;
				break;
			}
		for (size_t i = f->iq; i < f->nq; i++)
			if (f->q[i].type == YAML_SCALAR_EVENT)
				f->q[i].data.scalar.value =
					VAL_AT((uintptr_t)f->q[i].data.scalar.value - base);
		if (keep)
			memmove(f->q, f->q + f->iq, keep * sizeof(*f->q));
		if (base) {
			memmove(f->vals.s, f->vals.s + base, f->vals.len - base);
			f->vals.len -= base;
		}
		f->nq = keep;
		f->iq = f->ready = 0;
		if (!f->began) {
			/* libyaml's reader checks the characters well ahead of
			 * what it parses: any it refuses, and any this reader
			 * leaves to it, are found before anything is given */
			if (!chars_ok((const unsigned char *)f->t, f->len))
				return bail(f);
			yaml_event_t *e = push(f, YAML_STREAM_START_EVENT, (yaml_mark_t){ 0 },
					       (yaml_mark_t){ 0 });
			e->data.stream_start.encoding = YAML_UTF8_ENCODING;
			f->began = true;
		}
		if (!fill(f))
			return false;
	}
	*ev = f->q[f->iq++];
	if (ev->type == YAML_SCALAR_EVENT)
		ev->data.scalar.value = (yaml_char_t *)f->vals.s + (uintptr_t)ev->data.scalar.value;
	return true;
}
