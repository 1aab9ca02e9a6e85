/* ical.h — the plan's meetings as a calendar: an iCalendar file (RFC 5545)
 * that a calendar program imports, and the same list as text.
 *
 * Each meeting is an event whose UID stays the same from one export to the
 * next (it is made of the meeting's id and the plan's title), at local
 * times in Europe/Stockholm (the VTIMEZONE is given) when the meeting's
 * time reads as "13.00–16.30", else a whole day.  Lines end in CRLF and
 * are folded at 75 octets, never inside a UTF-8 character; text values
 * are escaped (\\ \; \, \n). */
#ifndef SAMPLAN_ICAL_H
#define SAMPLAN_ICAL_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

/* What a meeting is called: the management group's name (the plan's
 * adopted.by) for its own meetings, else the kind's (with the party's
 * name for a collaboration meeting), into `out`. */
void meeting_title(const struct plan *p, const struct meeting *m, struct buf *out);

/* The start and end of a meeting's time as written ("13.00–16.30",
 * "kl. 13:00-16:30"; the end may be missing): hours and minutes, the end
 * -1 when not given.  False when it does not read as a time. */
bool meeting_times(const char *time, int *h1, int *m1, int *h2, int *m2);

/* The meetings of `year` (0: all) as iCalendar, stamped `stamp` (the
 * DTSTAMP, "YYYYMMDDTHHMMSSZ"), into `out`. */
void ical_meetings(const struct plan *p, int year, const char *stamp, struct buf *out);

/* The same meetings as text, one a line, into `out`. */
void text_meetings(const struct plan *p, int year, struct buf *out);

/* One content line NAME:VALUE (or NAME;PARAM:VALUE), folded at 75 octets
 * without splitting a UTF-8 character, ended with CRLF (for tests). */
void ical_line(struct buf *out, const char *line, size_t n);
/* `s` escaped as an iCalendar TEXT value (for tests). */
void ical_text(struct buf *out, const char *s);

#endif
