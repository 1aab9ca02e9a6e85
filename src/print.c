/* print.c — the plan as an 80-column text, CommonMark or print-ready HTML. */
#include "config.h"

#include "print.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "textwidth.h"

#define TEXT_MARKER "\xc2\xbb " /* "» " */

bool print_format_from_name(const char *name, enum print_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = PRINT_TEXT;
	else if (strcmp(name, "markdown") == 0)
		*f = PRINT_MARKDOWN;
	else if (strcmp(name, "html") == 0)
		*f = PRINT_HTML;
	else
		return false;
	return true;
}

/* Plan text as one safe paragraph (tw_paragraph), into out. */
static void safe_text(const char *s, struct buf *out)
{
	buf_reset(out);
	tw_paragraph(s, out);
}

static const char *or_dash(const char *s)
{
	return s && str_has_text(s) ? s : "-";
}

/* What every format needs besides the plan: the words said on every
 * change, translated once (a gettext lookup per change costs as much as
 * the rest of its line), and each group's changes, found in one pass over
 * the changes rather than one pass per group. */
struct printing {
	const struct plan *p;
	const struct print_opts *o;
	const char *status, *groups, *none, *notes, *prioritised; /* _("Status") ... */
	struct buf *group_ids; /* [plan_count(p, K_GROUP)]: "F1, F2" or "none"; owned */
	struct buf ungrouped;  /* the changes in no group, likewise */
	/* every year's priorities, "2025: F1, F2; 2026: F5" ("" when none) */
	struct buf priorities;
};

/* Appends "2025: F1, F2; 2026: F5, F9": the changes prioritised in each
 * year that has any, the years in order. */
static void priorities_by_year(const struct plan *p, struct buf *out)
{
	for (int year = plan_next_priority_year(p, INT_MIN); year != INT_MAX;
	     year = plan_next_priority_year(p, year)) {
		buf_addf(out, "%s%d:", out->len ? "; " : "", year);
		bool first = true;
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
			if (change_is_prioritised(plan_change(p, i), year)) {
				buf_addf(out, "%s %s", first ? "" : ",", plan_change(p, i)->id);
				first = false;
			}
	}
}

/* The years change c is prioritised in, "2025, 2026". */
static void change_years(const struct change *c, struct buf *out)
{
	for (size_t k = 0; k < c->priority.n; k++)
		buf_addf(out, "%s%d", k ? ", " : "", c->priority.v[k]);
}

/* Printed text is written to the stream, when there is one, in pieces
 * of this size. */
enum { SPILL = 64 * 1024 };

/* Appends id to a list of ids. */
static void add_id(struct buf *list, const char *id)
{
	if (list->len)
		buf_adds(list, ", ");
	buf_adds(list, id);
}

static void printing_init(struct printing *x, const struct plan *p, const struct print_opts *o)
{
	x->p = p;
	x->o = o;
	x->status = _("Status");
	x->groups = _("Groups");
	x->none = _("none");
	x->notes = _("Notes");
	x->prioritised = _("Prioritised in");
	x->priorities = (struct buf)BUF_INIT;
	priorities_by_year(p, &x->priorities);
	x->group_ids = xcalloc(plan_count(p, K_GROUP) ? plan_count(p, K_GROUP) : 1, sizeof *x->group_ids);
	x->ungrouped = (struct buf)BUF_INIT;
	/* same[i]: the first group with group i's id (ids are unique in a valid
	 * plan; a repeated one lists the same changes); last[i]: the change
	 * last listed under group i, so a group named twice lists it once */
	size_t *same = xcalloc(plan_count(p, K_GROUP) ? plan_count(p, K_GROUP) : 1, sizeof *same);
	size_t *last = xcalloc(plan_count(p, K_GROUP) ? plan_count(p, K_GROUP) : 1, sizeof *last);
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		const struct group *g = plan_find_group(p, plan_group(p, i)->id);
		same[i] = (size_t)plan_index(p, K_GROUP, g);
		last[i] = SIZE_MAX;
	}
	for (size_t k = 0; k < plan_count(p, K_CHANGE); k++) {
		const struct change *c = plan_change(p, k);
		if (!c->groups.n)
			add_id(&x->ungrouped, c->id);
		for (size_t j = 0; j < c->groups.n; j++) {
			const struct group *g = plan_find_group(p, c->groups.v[j]);
			size_t gi = g ? (size_t)plan_index(p, K_GROUP, g) : 0;
			if (!g || last[gi] == k)
				continue;
			last[gi] = k;
			add_id(&x->group_ids[gi], c->id);
		}
	}
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		if (same[i] != i)
			buf_adds(&x->group_ids[i], buf_str(&x->group_ids[same[i]]));
		if (!x->group_ids[i].len)
			buf_adds(&x->group_ids[i], x->none);
	}
	if (!x->ungrouped.len)
		buf_adds(&x->ungrouped, x->none);
	free(same);
	free(last);
}

static void printing_release(struct printing *x)
{
	for (size_t i = 0; i < plan_count(x->p, K_GROUP); i++)
		buf_release(&x->group_ids[i]);
	free(x->group_ids);
	x->group_ids = NULL;
	buf_release(&x->ungrouped);
	buf_release(&x->priorities);
}


/* The change's groups as "name, name" (ids of unknown groups as they are). */
static void group_names(const struct printing *x, const struct change *c, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < c->groups.n; i++) {
		const struct group *g = plan_find_group(x->p, c->groups.v[i]);
		if (i)
			buf_adds(out, ", ");
		buf_adds(out, g && *g->name ? g->name : c->groups.v[i]);
	}
	if (!c->groups.n)
		buf_adds(out, x->none);
}

/* "Status: Pågår; Prioritised: 2025, 2026; Groups: A, B": what is said of
 * change c under its text, plain (each format makes it safe). */
static void change_meta(const struct printing *x, const struct change *c, struct buf *out,
			struct buf *tmp)
{
	const char *label = plan_status_label(x->p, c->status);
	buf_reset(out);
	buf_addf(out, "%s: %s; ", x->status, label ? label : c->status);
	if (c->priority.n) {
		buf_addf(out, "%s: ", x->prioritised);
		change_years(c, out);
		buf_adds(out, "; ");
	}
	group_names(x, c, tmp);
	buf_addf(out, "%s: %s", x->groups, buf_str(tmp));
}

/* The group's members, "a, b" (into out, reset first). */
static void group_members(const struct group *g, struct buf *out)
{
	buf_reset(out);
	strlist_join(&g->members, ", ", out);
}

/* Appends n spaces. */
static void pad(struct buf *out, int n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		buf_add(out, spaces, (size_t)k);
		n -= k;
	}
}

/* ---- text ------------------------------------------------------------- */

/* Appends s[0..n); in bold, every character but a space is struck twice. */
static void text_put(struct buf *out, const char *s, size_t n, bool bold)
{
	if (!bold) {
		buf_add(out, s, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0)
			l = 1;
		buf_add(out, s + i, l);
		if (s[i] != ' ') {
			buf_addc(out, '\b');
			buf_add(out, s + i, l);
		}
		i += l;
	}
}

/* Appends `first` (a prefix `indent` columns wide) and the safe text `s`
 * wrapped to the page, later lines indented by `indent` columns. */
static void text_wrapped(struct buf *out, const char *first, int indent, const char *s,
			 bool bold)
{
	size_t n = strlen(s), at = 0;
	int cols = PRINT_TEXT_WIDTH - indent;
	bool firstline = true;
	do {
		size_t next;
		size_t len = tw_wrap_line(s + at, n - at, cols, &next);
		if (firstline)
			text_put(out, first, strlen(first), bold);
		else
			pad(out, indent);
		text_put(out, s + at, len, bold);
		buf_addc(out, '\n');
		at += next;
		firstline = false;
	} while (at < n);
}

/* A label and a value: "Label: value", wrapped under the value. */
static void text_field(struct buf *out, int indent, const char *label, const char *value,
		       struct buf *tmp)
{
	struct buf first = BUF_INIT;
	buf_addf(&first, "%*s%s: ", indent, "", label);
	int w = tw_width(first.s, first.len);
	if (w > PRINT_TEXT_WIDTH / 2) {
		buf_reset(&first);
		buf_addf(&first, "%*s", indent, "");
		w = indent;
		buf_addf(out, "%*s%s:\n", indent, "", label);
	}
	safe_text(value, tmp);
	text_wrapped(out, first.s, w, buf_str(tmp), false);
	buf_release(&first);
}

static int id_width(const struct plan *p, struct buf *tmp)
{
	int w = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		safe_text(plan_change(p, i)->id, tmp);
		int cw = tw_width(tmp->s, tmp->len);
		if (cw > w)
			w = cw;
	}
	return w > 20 ? 20 : w;
}

static size_t status_count(const struct plan *p, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		n += strcmp(plan_change(p, i)->status, key) == 0;
	return n;
}

/* ---- the effects matrix (every format) -------------------------------- */

static void md_text(struct buf *out, const char *s, struct buf *tmp, bool line_start);
static void html_text(struct buf *out, const char *s, struct buf *tmp);
static void html_field(struct buf *out, const char *label, const char *value, struct buf *tmp);

static bool linked(const struct change *c, const struct effect *e)
{
	return strlist_contains(&c->effects, e->id);
}

static size_t effect_links(const struct plan *p, size_t e)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		n += linked(plan_change(p, i), plan_effect(p, e));
	return n;
}

static size_t all_links(const struct plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		n += plan_change(p, i)->effects.n;
	return n;
}

#define TEXT_CELL 4 /* "R1  " */

/* ---- Markdown --------------------------------------------------------- */

/* Appends plan text, safe and escaped so it is read as plain text:
 * nothing in it can start emphasis, code, a link, HTML, an entity or a
 * heading; at a line's start (line_start), nor a list or a rule. */
static bool md_special(char c)
{
	switch (c) {
	case '\\': case '`': case '*': case '_': case '[': case ']': case '<':
	case '>': case '#': case '&': case '!': case '|': case '~':
		return true;
	default:
		return false;
	}
}

static void md_text(struct buf *out, const char *s, struct buf *tmp, bool line_start)
{
	safe_text(s, tmp);
	bool leading_digits = true; /* "1." or "1)" would start a list */
	const char *start = buf_str(tmp), *run = start, *q;
	for (q = start; *q; q++) {
		bool at_start = q == start;
		if (md_special(*q) || (line_start && at_start && strchr("+-=", *q)) ||
		    (line_start && leading_digits && !at_start && strchr(".)", *q))) {
			buf_add(out, run, (size_t)(q - run)); /* the text before, as it is */
			buf_addc(out, '\\');
			run = q;
		}
		leading_digits = leading_digits && *q >= '0' && *q <= '9';
	}
	buf_add(out, run, (size_t)(q - run));
}

void print_markdown_text(const char *s, bool line_start, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	md_text(out, s, &tmp, line_start);
	buf_release(&tmp);
}

static void md_item(struct buf *out, const char *label, const char *value, struct buf *tmp)
{
	buf_addf(out, "- %s: ", label);
	md_text(out, value, tmp, false);
	buf_addc(out, '\n');
}

/* ---- HTML ------------------------------------------------------------- */

/* Appends plan text, safe and HTML-escaped. */
static void html_text(struct buf *out, const char *s, struct buf *tmp)
{
	safe_text(s, tmp);
	const char *run = buf_str(tmp), *q;
	for (q = run; *q; q++) {
		const char *entity;
		switch (*q) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: continue;
		}
		buf_add(out, run, (size_t)(q - run)); /* the text before, as it is */
		buf_adds(out, entity);
		run = q + 1;
	}
	buf_add(out, run, (size_t)(q - run));
}

static void html_field(struct buf *out, const char *label, const char *value, struct buf *tmp)
{
	buf_adds(out, "<dt>");
	html_text(out, label, tmp);
	buf_adds(out, "</dt><dd>");
	html_text(out, value, tmp);
	buf_adds(out, "</dd>\n");
}

/* ---- documents ------------------------------------------------------------ */

enum block_kind {
	B_NONE, B_META, B_HEADING, B_PARA, B_FIELD, B_TABLE, B_ROW,
	B_ITEM,                          /* an entry of a list of items */
	B_GRID, B_GRID_ROW, B_GRID_FOOT, /* a grid of marks, its rows and its sums */
	B_BARS,                          /* counts, drawn as bars where that can be */
};

/* One block as it is written: nothing of it is kept after. */
struct block {
	enum block_kind kind;
	int level;
	bool strong;
	const char *label, *text;  /* B_META, B_FIELD; B_HEADING, B_PARA, B_ITEM: text */
	const char *const *cells;  /* B_TABLE: the headers; B_ROW, B_GRID_*: the cells;
				    * B_ITEM: the lines under it; B_BARS: the labels */
	size_t ncells;
	const char *id;            /* B_ITEM: its id; B_GRID_*: the row's head */
	const char *total;         /* B_GRID_*: the last column; B_BARS: its caption */
	const size_t *counts;      /* B_BARS */
};

/* The grid being written: its columns, and (text, which shows it in
 * slices of the columns that fit the page) its rows until its sums. */
struct grid {
	size_t ncols;
	char **heads, **titles, **groups;
	char *total;
	const char **cellv; /* room for a row's cells */
	/* each row: 's' (emphasised), 'n' or 'f' (the sums), then its head,
	 * its cells and its total, each ended by a NUL */
	struct buf rows;
};

/* A document being written: each block is rendered as it comes, into
 * `out`, spilled to o->stream when that is set.  Kept of what came before:
 * the kind of the last block (where lists and tables end) and the current
 * table's headers (text labels its rows' cells with them). */
struct doc {
	const struct print_opts *o;
	struct buf *out;
	enum block_kind last;
	char **headers;
	size_t ncols;
	int idw; /* text: the width of the items' ids (doc_items) */
	struct grid grid;
	struct buf tmp, line;
};

/* Where text shows emphasis by a mark: the mark. */
static const char *strong_mark(void)
{
	return MB_CUR_MAX > 1 ? TEXT_MARKER : "> ";
}

static const char doc_style[] =
	"@page { size: A4; margin: 18mm 15mm 20mm;\n"
	"  @bottom-center { content: counter(page) \" / \" counter(pages); } }\n"
	"body { font: 10.5pt/1.35 Georgia, 'DejaVu Serif', serif; max-width: 60em; margin: 2em auto;"
	" padding: 0 1em; color: #000; }\n"
	"h1 { font-size: 18pt; margin-bottom: 0.2em; }\n"
	"h2 { font-size: 13pt; border-bottom: 1px solid #888; break-after: avoid; }\n"
	"h3 { font-size: 11.5pt; break-after: avoid; }\n"
	"h2.weak, h3.weak { font-weight: normal; }\n"
	"dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }\n"
	"dt { font-style: italic; } dd { margin: 0; }\n"
	"table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 0.5em 0 1em; }\n"
	"th, td { border: 1px solid #888; padding: 0.15em 0.35em; text-align: left;"
	" vertical-align: top; }\n"
	"th { background: #eee; } tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"footer { margin-top: 2em; border-top: 1px solid #888; font-size: 9pt; }\n"
	"ol.items { list-style: none; padding: 0; }\n"
	"ol.items li, figure { break-inside: avoid; page-break-inside: avoid; }\n"
	"ol.items li { margin: 0.5em 0; }\n"
	".id { display: inline-block; min-width: 3em; }\n"
	".meta { display: block; margin-left: 3em; font-size: 9pt; color: #333; }\n"
	"table.grid { width: auto; break-inside: avoid; }\n"
	"table.grid th, table.grid td { text-align: center; background: none; }\n"
	"table.grid tbody th { font-weight: normal; text-align: left; }\n"
	"@media print { body { margin: 0; max-width: none; } }\n";


/* Writes `out` to the stream once it holds enough (print_plan's rule). */
static void doc_spill(struct doc *d)
{
	if (d->o->stream && d->out->len >= SPILL) {
		fwrite(d->out->s, 1, d->out->len, d->o->stream);
		buf_reset(d->out);
	}
}

/* Text: an item's id in a column, its text wrapped beside it, each of
 * its lines under the text. */
static void text_item(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp, *first = &d->line;
	bool bold = d->o->overstrike;
	buf_reset(first);
	buf_adds(first, b->strong && !bold ? strong_mark() : "  ");
	safe_text(b->id, tmp);
	buf_adds(first, buf_str(tmp));
	int w = 2 + tw_width(tmp->s, tmp->len);
	int indent = 2 + d->idw + 2;
	if (w > d->idw + 2) { /* an id too long for the column: text on its own line */
		buf_addc(first, '\n');
		pad(first, indent);
	} else {
		pad(first, indent - w);
	}
	safe_text(b->text, tmp);
	text_wrapped(out, first->s, indent, buf_str(tmp), b->strong && bold);
	buf_reset(first);
	pad(first, indent);
	for (size_t i = 0; i < b->ncells; i++) {
		safe_text(b->cells[i], tmp);
		text_wrapped(out, first->s, indent, buf_str(tmp), false);
	}
}

/* The next of the NUL-ended strings at *at in the grid's rows. */
static const char *grid_str(const struct grid *g, size_t *at)
{
	const char *s = g->rows.s + *at;
	*at += strlen(s) + 1;
	return s;
}

/* Ends a text line: its trailing blanks cut. */
static void line_out(struct buf *out, struct buf *line)
{
	while (line->len && line->s[line->len - 1] == ' ')
		line->s[--line->len] = '\0';
	buf_add(out, line->s, line->len);
	buf_addc(out, '\n');
}

/* Text: the grid kept so far, in slices of the columns that fit the page,
 * each under its columns' heads; an empty cell of a row is a dot. */
static void text_grid(struct doc *d)
{
	const struct grid *g = &d->grid;
	struct buf *out = d->out, *tmp = &d->tmp, *line = &d->line;
	bool bold = d->o->overstrike;
	/* the first column: the rows' heads, at most 20 wide, and the sums' */
	int idw = 0, footw = 0;
	for (size_t at = 0; at < g->rows.len;) {
		bool foot = g->rows.s[at++] == 'f';
		safe_text(grid_str(g, &at), tmp);
		int w = tw_width(tmp->s, tmp->len);
		if (foot && w > footw)
			footw = w;
		else if (!foot && w > idw)
			idw = w;
		for (size_t c = 0; c <= g->ncols; c++)
			grid_str(g, &at);
	}
	idw = idw > 20 ? 20 : idw;
	idw = footw > idw ? footw : idw;
	int pre = 2 + idw + 2;
	size_t per = (size_t)((PRINT_TEXT_WIDTH - pre - 6) / TEXT_CELL);
	per = per < 1 ? 1 : per;
	for (size_t from = 0; from < g->ncols; from += per) {
		size_t to = from + per < g->ncols ? from + per : g->ncols;
		bool last = to == g->ncols;
		buf_reset(line);
		pad(line, pre);
		for (size_t c = from; c < to; c++) {
			size_t n = strlen(g->heads[c]);
			buf_add(line, g->heads[c], n);
			pad(line, TEXT_CELL - (int)n);
		}
		if (last)
			buf_adds(line, g->total);
		line_out(out, line);
		for (size_t at = 0; at < g->rows.len;) {
			char kind = g->rows.s[at++];
			bool strong = kind == 's';
			buf_reset(line);
			buf_adds(line, strong && !bold ? strong_mark() : "  ");
			safe_text(grid_str(g, &at), tmp);
			text_put(line, tmp->s, tmp->len, strong && bold);
			pad(line, idw + 2 - tw_width(tmp->s, tmp->len));
			for (size_t c = 0; c < g->ncols; c++) {
				const char *cell = grid_str(g, &at);
				if (c < from || c >= to)
					continue;
				if (kind == 'f') {
					size_t n = strlen(cell);
					buf_add(line, cell, n);
					pad(line, TEXT_CELL - (int)n);
				} else {
					buf_add(line, *cell ? "x   " : ".   ", TEXT_CELL);
				}
			}
			const char *total = grid_str(g, &at);
			if (last)
				buf_adds(line, total);
			line_out(out, line);
			doc_spill(d);
		}
		buf_addc(out, '\n');
	}
}

/* Text: a count a line, "Label: 3", and the total under them. */
static void text_bars(struct doc *d, const struct block *b)
{
	char n[32];
	for (size_t i = 0; i <= b->ncells; i++) {
		snprintf(n, sizeof(n), "%zu", b->counts[i]);
		text_field(d->out, 2, i < b->ncells ? b->cells[i] : b->total, n, &d->tmp);
	}
	buf_addc(d->out, '\n');
}

/* Text: a title, facts, headings underlined (= and -), a table's row as
 * a block of its own: its first cell (marked » when emphasised), then
 * each other cell as "Header: value" under it. */
static void text_block(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	bool bold = d->o->overstrike;
	switch (b->kind) {
	case B_NONE:
		break;
	case B_META:
		if (d->last != B_META)
			buf_addc(out, '\n');
		text_field(out, 0, b->label, b->text, tmp);
		break;
	case B_HEADING: {
		safe_text(b->text, tmp);
		if (d->last != B_HEADING) /* one ends with a blank line already */
			buf_addc(out, '\n');
		struct buf head = BUF_INIT;
		if (b->strong && !bold)
			buf_adds(&head, MB_CUR_MAX > 1 ? "» " : "> ");
		buf_adds(&head, buf_str(tmp));
		text_wrapped(out, "", 0, buf_str(&head), bold && b->strong);
		int w = tw_width(head.s, head.len);
		for (int k = 0; k < w && k < PRINT_TEXT_WIDTH; k++)
			buf_addc(out, b->level <= 1 ? '=' : '-');
		buf_adds(out, "\n\n");
		buf_release(&head);
		break;
	}
	case B_PARA:
		safe_text(b->text, tmp);
		text_wrapped(out, "", 0, buf_str(tmp), bold && b->strong);
		buf_addc(out, '\n');
		break;
	case B_FIELD:
		text_field(out, 0, b->label, b->text, tmp);
		break;
	case B_TABLE:
		break;
	case B_ROW: {
		if (!b->ncells)
			break;
		safe_text(b->cells[0], tmp);
		const char *mark = b->strong && !bold ? (MB_CUR_MAX > 1 ? "» " : "> ") : "  ";
		text_wrapped(out, mark, 2, buf_str(tmp), bold && b->strong);
		for (size_t c = 1; c < b->ncells; c++)
			if (str_has_text(b->cells[c]))
				text_field(out, 4, d->headers[c], b->cells[c], tmp);
		buf_addc(out, '\n');
		break;
	}
	case B_ITEM:
		text_item(d, b);
		break;
	case B_GRID:
	case B_GRID_ROW:
		break; /* kept until the sums (doc_grid_row) */
	case B_GRID_FOOT:
		text_grid(d);
		break;
	case B_BARS:
		text_bars(d, b);
		break;
	}
}

/* A cell of a Markdown table: its text escaped, a line break a space. */
static void md_cell(struct buf *out, const char *s, bool strong, struct buf *tmp)
{
	if (!str_has_text(s))
		return;
	if (strong)
		buf_adds(out, "**");
	md_text(out, s, tmp, false);
	if (strong)
		buf_adds(out, "**");
}

static void md_block(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	enum block_kind last = d->last;
	/* a list or a table ends with a blank line */
	if ((last == B_META || last == B_FIELD) && b->kind != last)
		buf_addc(out, '\n');
	if ((last == B_ROW || last == B_TABLE) && b->kind != B_ROW)
		buf_addc(out, '\n');
	if ((last == B_ITEM && b->kind != B_ITEM) || last == B_GRID_FOOT || last == B_BARS)
		buf_addc(out, '\n');
	switch (b->kind) {
	case B_NONE:
		break;
	case B_META:
	case B_FIELD:
		md_item(out, b->label, b->text, tmp);
		break;
	case B_ITEM:
		buf_adds(out, b->strong ? "- **" : "- ");
		md_text(out, b->id, tmp, false);
		buf_adds(out, ": ");
		md_text(out, b->text, tmp, false);
		if (b->strong)
			buf_adds(out, "**");
		for (size_t i = 0; i < b->ncells; i++) {
			buf_adds(out, "\\\n  ");
			md_text(out, b->cells[i], tmp, false);
		}
		buf_addc(out, '\n');
		break;
	case B_GRID: {
		const struct grid *g = &d->grid;
		buf_adds(out, "| |");
		for (size_t c = 0; c < g->ncols; c++) {
			buf_addc(out, ' ');
			md_text(out, g->heads[c], tmp, false);
			buf_adds(out, " |");
		}
		buf_addc(out, ' ');
		md_text(out, g->total, tmp, false);
		buf_adds(out, " |\n|---|");
		for (size_t c = 0; c < g->ncols; c++)
			buf_adds(out, ":-:|");
		buf_adds(out, "--:|\n");
		break;
	}
	case B_GRID_ROW:
	case B_GRID_FOOT:
		buf_adds(out, b->strong ? "| **" : "| ");
		md_text(out, b->id, tmp, false);
		buf_adds(out, b->strong ? "** |" : " |");
		for (size_t c = 0; c < b->ncells; c++) {
			if (*b->cells[c]) {
				buf_addc(out, ' ');
				md_text(out, b->cells[c], tmp, false);
			}
			buf_adds(out, " |");
		}
		buf_addc(out, ' ');
		md_text(out, b->total, tmp, false);
		buf_adds(out, " |\n");
		break;
	case B_BARS:
		for (size_t i = 0; i <= b->ncells; i++) {
			buf_adds(out, "- ");
			md_text(out, i < b->ncells ? b->cells[i] : b->total, tmp, false);
			buf_addf(out, ": %zu\n", b->counts[i]);
		}
		break;
	case B_HEADING:
		buf_adds(out, b->level <= 1 ? "## " : "### ");
		if (b->strong)
			buf_adds(out, "**");
		md_text(out, b->text, tmp, false);
		if (b->strong)
			buf_adds(out, "**");
		buf_adds(out, "\n\n");
		break;
	case B_PARA:
		if (b->strong)
			buf_adds(out, "**");
		md_text(out, b->text, tmp, !b->strong);
		if (b->strong)
			buf_adds(out, "**");
		buf_adds(out, "\n\n");
		break;
	case B_TABLE:
	case B_ROW:
		for (size_t c = 0; c < b->ncells; c++) {
			buf_adds(out, "| ");
			md_cell(out, b->cells[c], b->strong, tmp);
			buf_adds(out, " ");
		}
		buf_adds(out, "|\n");
		if (b->kind == B_TABLE) {
			for (size_t c = 0; c < b->ncells; c++)
				buf_adds(out, "| --- ");
			buf_adds(out, "|\n");
		}
		break;
	}
}

/* HTML: a grid's head: the groups of its columns, then the columns, each
 * with its title to show on hovering. */
static void html_grid_head(struct doc *d)
{
	const struct grid *g = &d->grid;
	struct buf *out = d->out, *tmp = &d->tmp;
	buf_adds(out, "<table class=\"grid\">\n<thead>\n");
	if (g->groups) {
		buf_adds(out, "<tr><th></th>");
		for (size_t c = 0; c < g->ncols;) {
			size_t end = c + 1;
			while (end < g->ncols && strcmp(g->groups[end], g->groups[c]) == 0)
				end++;
			buf_addf(out, "<th colspan=\"%zu\">", end - c);
			html_text(out, g->groups[c], tmp);
			buf_adds(out, "</th>");
			c = end;
		}
		buf_adds(out, "<th></th></tr>\n");
	}
	buf_adds(out, "<tr><th></th>");
	for (size_t c = 0; c < g->ncols; c++) {
		if (g->titles) {
			buf_adds(out, "<th title=\"");
			html_text(out, g->titles[c], tmp);
			buf_adds(out, "\">");
		} else {
			buf_adds(out, "<th>");
		}
		html_text(out, g->heads[c], tmp);
		buf_adds(out, "</th>");
	}
	buf_adds(out, "<th>");
	html_text(out, g->total, tmp);
	buf_adds(out, "</th></tr>\n</thead>\n<tbody>\n");
}

/* HTML: the counts as bars of a picture, the total under it. */
static void html_bars(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	size_t max = 1;
	for (size_t i = 0; i < b->ncells; i++)
		max = b->counts[i] > max ? b->counts[i] : max;
	buf_addf(out, "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" "
		 "height=\"%zu\" role=\"img\">\n", 24 * b->ncells + 8);
	for (size_t i = 0; i < b->ncells; i++) {
		size_t n = b->counts[i], y = 4 + 24 * i;
		buf_addf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">", y + 14);
		html_text(out, b->cells[i], tmp);
		buf_addf(out, "</text><rect x=\"150\" y=\"%zu\" width=\"%zu\" height=\"18\" "
			 "fill=\"#4a6f8a\"/><text x=\"%zu\" y=\"%zu\" font-size=\"12\">%zu</text>\n",
			 y, n * 280 / max, 156 + n * 280 / max, y + 14, n);
	}
	buf_adds(out, "</svg>\n<figcaption>");
	html_text(out, b->total, tmp);
	buf_addf(out, ": %zu</figcaption>\n</figure>\n", b->counts[b->ncells]);
}

static void html_block(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	enum block_kind last = d->last;
	bool list = b->kind == B_META || b->kind == B_FIELD;
	bool was_list = last == B_META || last == B_FIELD;
	if (was_list && !list)
		buf_adds(out, "</dl>\n");
	if ((last == B_ROW || last == B_TABLE) && b->kind != B_ROW)
		buf_adds(out, "</tbody></table>\n");
	if (last == B_ITEM && b->kind != B_ITEM)
		buf_adds(out, "</ol>\n");
	if (list && !was_list)
		buf_adds(out, "<dl>\n");
	if (b->kind == B_ITEM && last != B_ITEM)
		buf_adds(out, "<ol class=\"items\">\n");
	switch (b->kind) {
	case B_NONE:
		break;
	case B_ITEM:
		buf_adds(out, b->strong ? "<li><strong><span class=\"id\">" : "<li><span class=\"id\">");
		html_text(out, b->id, tmp);
		buf_adds(out, "</span> ");
		html_text(out, b->text, tmp);
		buf_adds(out, b->strong ? "</strong>\n<span class=\"meta\">" : "\n<span class=\"meta\">");
		for (size_t i = 0; i < b->ncells; i++) {
			if (i)
				buf_adds(out, "<br>\n");
			html_text(out, b->cells[i], tmp);
		}
		buf_adds(out, "</span></li>\n");
		break;
	case B_GRID:
		html_grid_head(d);
		break;
	case B_GRID_ROW:
	case B_GRID_FOOT:
		if (b->kind == B_GRID_FOOT)
			buf_adds(out, "</tbody>\n<tfoot>\n");
		buf_adds(out, b->strong ? "<tr><th><strong>" : "<tr><th>");
		html_text(out, b->id, tmp);
		buf_adds(out, b->strong ? "</strong></th>" : "</th>");
		for (size_t c = 0; c < b->ncells; c++) {
			buf_adds(out, "<td>");
			html_text(out, b->cells[c], tmp);
			buf_adds(out, "</td>");
		}
		buf_adds(out, "<td>");
		html_text(out, b->total, tmp);
		buf_adds(out, "</td></tr>\n");
		if (b->kind == B_GRID_FOOT)
			buf_adds(out, "</tfoot>\n</table>\n");
		break;
	case B_BARS:
		html_bars(d, b);
		break;
	case B_META:
	case B_FIELD:
		html_field(out, b->label, b->text, tmp);
		break;
	case B_HEADING: {
		int h = b->level <= 1 ? 2 : 3;
		buf_addf(out, "<h%d%s>", h, b->strong ? "" : " class=\"weak\"");
		html_text(out, b->text, tmp);
		buf_addf(out, "</h%d>\n", h);
		break;
	}
	case B_PARA:
		buf_adds(out, b->strong ? "<p><strong>" : "<p>");
		html_text(out, b->text, tmp);
		buf_adds(out, b->strong ? "</strong></p>\n" : "</p>\n");
		break;
	case B_TABLE:
		buf_adds(out, "<table><thead><tr>");
		for (size_t c = 0; c < b->ncells; c++) {
			buf_adds(out, "<th>");
			html_text(out, b->cells[c], tmp);
			buf_adds(out, "</th>");
		}
		buf_adds(out, "</tr></thead><tbody>\n");
		break;
	case B_ROW:
		buf_adds(out, "<tr>");
		for (size_t c = 0; c < b->ncells; c++) {
			bool strong = b->strong && *b->cells[c];
			buf_adds(out, strong ? "<td><strong>" : "<td>");
			html_text(out, b->cells[c], tmp);
			buf_adds(out, strong ? "</strong></td>" : "</td>");
		}
		buf_adds(out, "</tr>\n");
		break;
	}
}

/* Writes block b in the document's format. */
static void doc_put(struct doc *d, const struct block *b)
{
	switch (d->o->format) {
	case PRINT_TEXT:
		text_block(d, b);
		break;
	case PRINT_MARKDOWN:
		md_block(d, b);
		break;
	case PRINT_HTML:
		html_block(d, b);
		break;
	}
	d->last = b->kind;
	doc_spill(d);
}

struct doc *doc_begin(const char *title, const char *subtitle, const struct print_opts *o,
		      struct buf *out)
{
	struct doc *d = xcalloc(1, sizeof(*d));
	d->o = o;
	d->out = out;
	d->last = B_NONE;
	d->tmp = (struct buf)BUF_INIT;
	struct buf *tmp = &d->tmp;
	title = title ? title : "";
	subtitle = subtitle ? subtitle : "";
	switch (o->format) {
	case PRINT_TEXT:
		safe_text(title, tmp);
		text_wrapped(out, "", 0, buf_str(tmp), o->overstrike);
		if (*subtitle) {
			safe_text(subtitle, tmp);
			text_wrapped(out, "", 0, buf_str(tmp), false);
		}
		break;
	case PRINT_MARKDOWN:
		buf_adds(out, "# ");
		md_text(out, title, tmp, false);
		buf_adds(out, "\n\n");
		if (*subtitle) {
			md_text(out, subtitle, tmp, true);
			buf_adds(out, "\n\n");
		}
		break;
	case PRINT_HTML:
		buf_adds(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
		html_text(out, title, tmp);
		buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", doc_style);
		html_text(out, title, tmp);
		buf_adds(out, "</h1>\n");
		if (*subtitle) {
			buf_adds(out, "<p class=\"subtitle\">");
			html_text(out, subtitle, tmp);
			buf_adds(out, "</p>\n");
		}
		break;
	}
	doc_spill(d);
	return d;
}

static void free_headers(struct doc *d)
{
	for (size_t c = 0; c < d->ncols; c++)
		free(d->headers[c]);
	free(d->headers);
	d->headers = NULL;
	d->ncols = 0;
}

static void free_strs(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void free_grid(struct doc *d)
{
	struct grid *g = &d->grid;
	free_strs(g->heads, g->ncols);
	free_strs(g->titles, g->ncols);
	free_strs(g->groups, g->ncols);
	free(g->total);
	free(g->cellv);
	buf_release(&g->rows);
	memset(g, 0, sizeof(*g));
}

void doc_end(struct doc **dp, const char *footer)
{
	struct doc *d = *dp;
	if (!d)
		return;
	struct buf *out = d->out, *tmp = &d->tmp;
	enum block_kind last = d->last;
	switch (d->o->format) {
	case PRINT_TEXT:
		if (footer) {
			buf_adds(out, "--\n");
			safe_text(footer, tmp);
			text_wrapped(out, "", 0, buf_str(tmp), false);
		}
		break;
	case PRINT_MARKDOWN:
		if (last == B_META || last == B_FIELD || last == B_ROW || last == B_TABLE ||
		    last == B_ITEM || last == B_GRID_FOOT || last == B_BARS)
			buf_addc(out, '\n');
		if (footer) {
			buf_adds(out, "---\n\n");
			md_text(out, footer, tmp, true);
			buf_addc(out, '\n');
		}
		break;
	case PRINT_HTML:
		if (last == B_META || last == B_FIELD)
			buf_adds(out, "</dl>\n");
		if (last == B_ROW || last == B_TABLE)
			buf_adds(out, "</tbody></table>\n");
		if (last == B_ITEM)
			buf_adds(out, "</ol>\n");
		if (footer) {
			buf_adds(out, "<footer><p>");
			html_text(out, footer, tmp);
			buf_adds(out, "</p></footer>\n");
		}
		buf_adds(out, "</body>\n</html>\n");
		break;
	}
	if (d->o->stream && out->len) {
		fwrite(out->s, 1, out->len, d->o->stream);
		buf_reset(out);
	}
	free_headers(d);
	free_grid(d);
	buf_release(&d->tmp);
	buf_release(&d->line);
	free(d);
	*dp = NULL;
}

void doc_meta(struct doc *d, const char *label, const char *value)
{
	doc_put(d, &(struct block){ .kind = B_META, .label = label, .text = value ? value : "" });
}

void doc_heading(struct doc *d, int level, const char *text, bool strong)
{
	doc_put(d, &(struct block){ .kind = B_HEADING, .level = level, .strong = strong, .text = text });
}

void doc_para(struct doc *d, const char *text, bool strong)
{
	doc_put(d, &(struct block){ .kind = B_PARA, .strong = strong, .text = text });
}

void doc_field(struct doc *d, const char *label, const char *value)
{
	doc_put(d, &(struct block){ .kind = B_FIELD, .label = label, .text = value ? value : "" });
}

void doc_table(struct doc *d, size_t ncols, const char *const *headers)
{
	assert(ncols <= DOC_MAX_COLS);
	free_headers(d);
	d->headers = xcalloc(ncols ? ncols : 1, sizeof(*d->headers));
	for (size_t c = 0; c < ncols; c++)
		d->headers[c] = xstrdup(headers[c] ? headers[c] : "");
	d->ncols = ncols;
	doc_put(d, &(struct block){ .kind = B_TABLE, .cells = (const char *const *)d->headers,
				    .ncells = ncols });
}

void doc_row(struct doc *d, bool strong, const char *const *cells)
{
	/* as many cells as the table above has columns: a row stands right
	 * after its table or another row */
	assert(d->last == B_TABLE || d->last == B_ROW);
	const char *v[DOC_MAX_COLS];
	for (size_t c = 0; c < d->ncols; c++)
		v[c] = cells[c] ? cells[c] : "";
	doc_put(d, &(struct block){ .kind = B_ROW, .strong = strong, .cells = v, .ncells = d->ncols });
}

bool doc_marks_strong(const struct doc *d)
{
	return d->o->format == PRINT_TEXT && !d->o->overstrike;
}

void doc_items(struct doc *d, int id_width)
{
	d->idw = id_width;
}

void doc_item(struct doc *d, bool strong, const char *id, const char *text,
	      const char *const *lines, size_t nlines)
{
	doc_put(d, &(struct block){ .kind = B_ITEM, .strong = strong, .id = id, .text = text,
				    .cells = lines, .ncells = nlines });
}

/* Copies of n strings, or NULL for NULL. */
static char **dup_strs(const char *const *v, size_t n)
{
	if (!v)
		return NULL;
	char **c = xcalloc(n ? n : 1, sizeof(*c));
	for (size_t i = 0; i < n; i++)
		c[i] = xstrdup(v[i] ? v[i] : "");
	return c;
}

void doc_grid(struct doc *d, size_t ncols, const char *const *heads, const char *const *titles,
	      const char *const *groups, const char *total)
{
	free_grid(d);
	struct grid *g = &d->grid;
	g->ncols = ncols;
	g->heads = dup_strs(heads, ncols);
	g->titles = dup_strs(titles, ncols);
	g->groups = dup_strs(groups, ncols);
	g->total = xstrdup(total ? total : "");
	g->cellv = xcalloc(ncols ? ncols : 1, sizeof(*g->cellv));
	doc_put(d, &(struct block){ .kind = B_GRID });
}

/* A row of the grid (the sums when `foot`). */
static void grid_row(struct doc *d, enum block_kind kind, bool strong, const char *head,
		     const char *const *cells, const char *total)
{
	assert(d->last == B_GRID || d->last == B_GRID_ROW);
	struct grid *g = &d->grid;
	const char **v = g->cellv;
	size_t n = g->ncols;
	for (size_t c = 0; c < n; c++)
		v[c] = cells[c] ? cells[c] : "";
	head = head ? head : "";
	total = total ? total : "";
	if (d->o->format == PRINT_TEXT) {
		/* kept: text shows the grid in slices, once it is all here */
		buf_addc(&g->rows, kind == B_GRID_FOOT ? 'f' : strong ? 's' : 'n');
		buf_add(&g->rows, head, strlen(head) + 1);
		for (size_t c = 0; c < n; c++)
			buf_add(&g->rows, v[c], strlen(v[c]) + 1);
		buf_add(&g->rows, total, strlen(total) + 1);
	}
	doc_put(d, &(struct block){ .kind = kind, .strong = strong, .id = head, .cells = v,
				    .ncells = n, .total = total });
}

void doc_grid_row(struct doc *d, bool strong, const char *head, const char *const *cells,
		  const char *total)
{
	grid_row(d, B_GRID_ROW, strong, head, cells, total);
}

void doc_grid_foot(struct doc *d, const char *head, const char *const *cells, const char *total)
{
	grid_row(d, B_GRID_FOOT, false, head, cells, total);
	free_grid(d);
}

void doc_bars(struct doc *d, size_t n, const char *const *labels, const size_t *counts,
	      const char *total)
{
	doc_put(d, &(struct block){ .kind = B_BARS, .cells = labels, .ncells = n, .counts = counts,
				    .total = total });
}

/* ---- the snapshot --------------------------------------------------------- */

/* The desired changes: each with what is said of it under it. */
static void snapshot_changes(const struct printing *x, struct doc *d)
{
	const struct plan *p = x->p;
	struct buf meta = BUF_INIT, notes = BUF_INIT, tmp = BUF_INIT;
	doc_heading(d, 1, _("Desired changes"), false);
	buf_reset(&tmp);
	if (doc_marks_strong(d)) {
		char mark[8]; /* the items' mark ("» "), without its space */
		snprintf(mark, sizeof(mark), "%s", strong_mark());
		mark[strlen(mark) - 1] = '\0';
		buf_addf(&tmp, _("Items marked %s are prioritised for %d."), mark, x->o->year);
	} else {
		buf_addf(&tmp, _("Items in bold are prioritised for %d."), x->o->year);
	}
	doc_para(d, tmp.s, false);
	doc_items(d, id_width(p, &tmp));
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		change_meta(x, c, &meta, &tmp);
		const char *lines[2] = { buf_str(&meta), NULL };
		size_t n = 1;
		if (str_has_text(c->notes)) {
			buf_reset(&notes);
			buf_addf(&notes, "%s: %s", x->notes, c->notes);
			lines[n++] = notes.s;
		}
		doc_item(d, change_is_prioritised(c, x->o->year), c->id, c->text, lines, n);
	}
	buf_release(&meta);
	buf_release(&notes);
	buf_release(&tmp);
}

static void snapshot_groups(const struct printing *x, struct doc *d)
{
	const struct plan *p = x->p;
	struct buf s = BUF_INIT;
	doc_heading(d, 1, _("Working groups"), false);
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		const struct group *g = plan_group(p, i);
		doc_heading(d, 2, *g->name ? g->name : g->id, false);
		doc_field(d, _("Lead"), or_dash(g->lead));
		doc_field(d, _("Mandate"), or_dash(g->mandate));
		if (g->members.n) {
			group_members(g, &s);
			doc_field(d, _("Members"), s.s);
		}
		if (str_has_text(g->notes))
			doc_field(d, x->notes, g->notes);
		doc_field(d, _("Changes"), x->group_ids[i].s);
	}
	doc_heading(d, 2, _("Changes without a working group"), false);
	doc_para(d, x->ungrouped.s, false);
	buf_release(&s);
}

/* The links to effects: a grid of the changes by the effects, the sums,
 * and what each effect's short code stands for. */
static void snapshot_matrix(const struct printing *x, struct doc *d)
{
	const struct plan *p = x->p;
	size_t ne = plan_count(p, K_EFFECT);
	doc_heading(d, 1, _("Links to effects"), false);
	if (!ne) {
		doc_para(d, _("The plan has no effects."), false);
		return;
	}
	struct buf *heads = xcalloc(ne, sizeof(*heads)), n = BUF_INIT, total = BUF_INIT;
	const char **h = xcalloc(ne, sizeof(*h)), **titles = xcalloc(ne, sizeof(*titles));
	const char **groups = xcalloc(ne, sizeof(*groups)), **cells = xcalloc(ne, sizeof(*cells));
	char (*sums)[24] = xcalloc(ne, sizeof(*sums));
	for (size_t e = 0; e < ne; e++) {
		const struct effect *ef = plan_effect(p, e);
		heads[e] = (struct buf)BUF_INIT;
		plan_effect_label(p, e, &heads[e]);
		h[e] = heads[e].s;
		titles[e] = ef->name;
		groups[e] = _(field_choice_label(K_EFFECT, EF_KIND, ef->kind, true));
	}
	doc_grid(d, ne, h, titles, groups, _("Sum"));
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		for (size_t e = 0; e < ne; e++)
			cells[e] = c->effects.n && linked(c, plan_effect(p, e)) ? "x" : "";
		buf_reset(&n);
		buf_addf(&n, "%zu", c->effects.n);
		doc_grid_row(d, change_is_prioritised(c, x->o->year), c->id, cells, n.s);
	}
	for (size_t e = 0; e < ne; e++) {
		snprintf(sums[e], sizeof(sums[e]), "%zu", effect_links(p, e));
		cells[e] = sums[e];
	}
	buf_addf(&total, "%zu", all_links(p));
	doc_grid_foot(d, _("Sum"), cells, total.s);
	for (size_t e = 0; e < ne; e++) {
		const struct effect *ef = plan_effect(p, e);
		buf_reset(&n);
		buf_addf(&n, "%s (%s)", ef->name,
			 _(field_choice_label(K_EFFECT, EF_KIND, ef->kind, false)));
		doc_field(d, h[e], n.s);
	}
	for (size_t e = 0; e < ne; e++)
		buf_release(&heads[e]);
	free(heads);
	free(h);
	free(titles);
	free(groups);
	free(cells);
	free(sums);
	buf_release(&n);
	buf_release(&total);
}

static void snapshot_status(const struct printing *x, struct doc *d)
{
	const struct plan *p = x->p;
	size_t ns = plan_count(p, K_STATUS);
	const char **labels = xcalloc(ns ? ns : 1, sizeof(*labels));
	size_t *counts = xcalloc(ns + 1, sizeof(*counts));
	for (size_t i = 0; i < ns; i++) {
		const struct status *st = plan_status(p, i);
		labels[i] = *st->label ? st->label : st->key;
		counts[i] = status_count(p, st->key);
	}
	counts[ns] = plan_count(p, K_CHANGE);
	doc_heading(d, 1, _("Status summary"), false);
	doc_bars(d, ns, labels, counts, _("Total"));
	free(labels);
	free(counts);
}

void print_plan(const struct plan *p, const struct print_opts *o, struct buf *out)
{
	struct printing x;
	struct buf s = BUF_INIT;
	printing_init(&x, p, o);
	struct doc *d = doc_begin(p->info->title, p->info->subtitle, o, out);
	if (p->info->version) {
		buf_addf(&s, "%d", p->info->version);
		doc_meta(d, _("Version"), s.s);
	}
	if (*p->info->adopted_by || *p->info->adopted_date) {
		buf_reset(&s);
		buf_addf(&s, "%s %s", p->info->adopted_by, p->info->adopted_date);
		doc_meta(d, _("Adopted by"), s.s);
	}
	buf_reset(&s);
	buf_addf(&s, "%d", o->year);
	doc_meta(d, _("Focus year"), s.s);
	if (x.priorities.len)
		doc_meta(d, _("Priorities"), x.priorities.s);
	doc_meta(d, _("Snapshot date"), o->date);
	snapshot_changes(&x, d);
	snapshot_groups(&x, d);
	snapshot_matrix(&x, d);
	snapshot_status(&x, d);
	doc_end(&d, o->source);
	printing_release(&x);
	buf_release(&s);
}
