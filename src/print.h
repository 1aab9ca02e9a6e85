/* print.h — a snapshot of the plan as text, Markdown or HTML, for sending out
 * after a meeting and pasting into minutes.  No curses, no I/O: the
 * renderers append to a buffer; the caller writes it. */
#ifndef SAMPLAN_PRINT_H
#define SAMPLAN_PRINT_H

/* The name a snapshot is printed to by default (then -DATE.EXT). */
#define PRINT_DEFAULT_NAME "samverkansplan"

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "util.h"

enum print_format { PRINT_TEXT, PRINT_MARKDOWN, PRINT_HTML };

#define PRINT_TEXT_WIDTH 80

struct print_opts {
	enum print_format format;
	int year;           /* the focus year: its prioritised changes are marked */
	const char *date;   /* the snapshot's date, YYYY-MM-DD */
	const char *source; /* the footer's source line, printed as given */
	bool overstrike;    /* text: bold by c\bc instead of a marker */
	/* When set, the print is written here as it is made, and the `out`
	 * of print_plan is left empty: a big plan's print is then never all in
	 * memory.  A write error shows in ferror(stream). */
	FILE *stream;
};

/* Sets *f from "text", "markdown" or "html"; false for any other name. */
bool print_format_from_name(const char *name, enum print_format *f);

/* Appends `s` to `out` as Markdown that reads as the plain text it is
 * (control characters made visible, formatting characters escaped), for
 * a line's start when `line_start`. */
void print_markdown_text(const char *s, bool line_start, struct buf *out);

/* Appends the snapshot of `p` to `out` (the caller owns `out`).  Plan text
 * is made safe for the format: control characters become visible marks,
 * in Markdown every character that could start formatting, a link or
 * HTML is backslash-escaped, and in HTML every & < > " ' is escaped. */
void print_plan(const struct plan *p, const struct print_opts *o, struct buf *out);

/* ---- documents -----------------------------------------------------------
 *
 * Everything printed (the snapshot, the activity plan, the yearly
 * follow-up) is written as a document, in the order it is read: a title, labelled facts
 * under it, sections and subsections with paragraphs, labelled rows and
 * tables, a footer; a heading or a table row may be emphasised (a
 * prioritised change, bold as in the plan).  Each part is rendered as it
 * comes, as text, Markdown or print-ready HTML (o->format), with the
 * snapshot's safety rules for plan text, into `out` and, when o->stream is
 * set, on to the stream as print_plan does: a document is never all in
 * memory.  A new section is written once, not three times. */
struct doc;
/* Starts a document in `out` (the caller's; o and out outlive the doc). */
struct doc *doc_begin(const char *title, const char *subtitle, const struct print_opts *o,
		      struct buf *out);
/* "Label: value" under the title. */
void doc_meta(struct doc *d, const char *label, const char *value);
/* A section (level 1) or a subsection (level 2). */
void doc_heading(struct doc *d, int level, const char *text, bool strong);
void doc_para(struct doc *d, const char *text, bool strong);
/* A labelled row: "Label: value". */
void doc_field(struct doc *d, const char *label, const char *value);
/* A table of `ncols` columns (at most DOC_MAX_COLS) under `headers`, then
 * its rows, each of as many cells, right after it (a heading, a paragraph
 * or a field ends the table). */
enum { DOC_MAX_COLS = 16 };
void doc_table(struct doc *d, size_t ncols, const char *const *headers);
void doc_row(struct doc *d, bool strong, const char *const *cells);
/* Whether emphasis shows as a mark (» in text without overstrike) rather
 * than in bold: for a sentence that says which. */
bool doc_marks_strong(const struct doc *d);
/* A list of items (the plan's desired changes): an id in a column
 * `id_width` wide in text, the item's text beside it, emphasised or not,
 * and under it `nlines` lines (what is said of it). */
void doc_items(struct doc *d, int id_width);
void doc_item(struct doc *d, bool strong, const char *id, const char *text,
	      const char *const *lines, size_t nlines);
/* A grid of marks (the links to effects): `ncols` columns (at most
 * DOC_MAX_GRID) under short `heads` (`titles`, their long names, and
 * `groups`, the group each is in, NULL for none) and a last column under
 * `total`; its rows, each a head, a cell per column (a mark, or "" for
 * none) and a total; then its sums, which end it.  Text shows it in slices
 * of the columns that fit the page, so it keeps the rows until the sums. */
enum { DOC_MAX_GRID = 256 };
void doc_grid(struct doc *d, size_t ncols, const char *const *heads, const char *const *titles,
	      const char *const *groups, const char *total);
void doc_grid_row(struct doc *d, bool strong, const char *head, const char *const *cells,
		  const char *total);
void doc_grid_foot(struct doc *d, const char *head, const char *const *cells, const char *total);
/* Counts with their labels (the changes by status), as bars in HTML, and
 * counts[n], the total, under `total`. */
void doc_bars(struct doc *d, size_t n, const char *const *labels, const size_t *counts,
	      const char *total);
/* Ends the document with `footer` (NULL: none), writes what is left to
 * the stream, and frees it. */
void doc_end(struct doc **d, const char *footer);

#endif
