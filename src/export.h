/* export.h — a kind's records as a spreadsheet: CSV (RFC 4180) or the
 * flavour Swedish-locale Excel opens directly.  No I/O: appends to a
 * buffer. */
#ifndef SAMPLAN_EXPORT_H
#define SAMPLAN_EXPORT_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

enum export_format {
	EXPORT_CSV,   /* RFC 4180: ',' between cells, CRLF, UTF-8, lists "a; b" */
	EXPORT_EXCEL, /* UTF-8 with a byte order mark, ';' between cells, CRLF,
		       * lists "a, b": what Excel in a Swedish locale opens */
};

/* Sets *f from "csv" or "excel"; false for any other name. */
bool export_format_from_name(const char *name, enum export_format *f);

/* Appends the records of kind k (every one, inside every parent) to
 * `out`: a header row of the field names as samplan(5) spells them
 * (a record inside a record first names its parent's path: "activity"),
 * then one row per record.  A cell is quoted when it holds the separator,
 * a quote or a line break (quotes doubled); a cell that a spreadsheet
 * would take for a formula (starting with = + - @, a tab or a carriage
 * return) is made inert with a leading ' (OWASP's rule). */
void export_records(const struct plan *p, enum kind k, enum export_format f, struct buf *out);

#endif
