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

#endif
