/* minutes.h — a meeting's minutes (minnesanteckningar), drafted from the
 * plan: in the shape of the management group's own notes, as text,
 * Markdown or print-ready HTML through the document model (print.h).
 *
 * The draft says, in order: when and where; who took part, with their
 * roles, the chair and the secretary; the guests and the points they came
 * for; the agenda, each point with its notes and decision; the plan's
 * edits made on the day, in words; the actions decided (till nästa möte:
 * who, what, by when); the actions of earlier meetings still open; the
 * topics for coming meetings; and the dates of the meetings to come.  A
 * section with nothing recorded says so, so that a draft of a meeting
 * not yet written in is still a whole draft.  No curses, no I/O. */
#ifndef SAMPLAN_MINUTES_H
#define SAMPLAN_MINUTES_H

#include "model.h"
#include "ops.h"
#include "print.h"
#include "util.h"

/* The name minutes are printed to by default (then -DATE.EXT). */
#define MINUTES_DEFAULT_NAME "minnesanteckningar"

struct minutes_opts {
	/* The plan's edits made on the meeting's day (from its history),
	 * described against `decided_in` (the plan after them); NULL when
	 * they are not known, and `unknown` says why. */
	const struct oplist *decided;
	const struct plan *decided_in;
	const char *unknown;
	const char *source; /* the footer line, printed as given (NULL: none) */
};

/* The meeting a date names (YYYY-MM-DD; the management group's own, else
 * any that day); NULL when none.  With no date: the meeting of `today`,
 * else the next one after it, else the last one. */
const struct meeting *minutes_meeting(const struct plan *p, const char *date, const char *today);

/* The date as people read it in the UI's language: "Wednesday 22 January
 * 2025" ("Onsdag 22 januari 2025"), into `out`. */
void minutes_long_date(const char *date, struct buf *out);

/* The minutes of meeting m of plan p, into `out` (or o->stream). */
void minutes_print(const struct plan *p, const struct meeting *m, const struct minutes_opts *mo,
		   const struct print_opts *o, struct buf *out);

#endif
