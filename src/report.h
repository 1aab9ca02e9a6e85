/* report.h — the reports built on the activity plan, as documents
 * (print.h): the activity plan, and the yearly follow-up in one common
 * template for every part of the county. */
#ifndef SAMPLAN_REPORT_H
#define SAMPLAN_REPORT_H

#include <stdbool.h>

#include "model.h"
#include "print.h"
#include "util.h"

enum report {
	REPORT_SNAPSHOT,   /* the plan (print_plan) */
	REPORT_ACTIVITIES, /* the activity plan, by change */
	REPORT_FOLLOWUP,   /* one year's follow-up */
};

/* Sets *r from "snapshot", "activities" or "followup"; false otherwise. */
bool report_from_name(const char *name, enum report *r);

struct report_opts {
	int year;          /* the year prioritised changes are bold in; the
			    * follow-up's year */
	const char *party; /* the follow-up of one party only (its id), or NULL */
	const char *date;  /* of the report, YYYY-MM-DD */
	const char *source; /* the footer's source line */
};

/* Writes report r of plan p (not REPORT_SNAPSHOT) as a document in
 * po->format into `out` (and on to po->stream, see doc_begin); or writes
 * nothing and returns false with the reason in `err` (an unknown party). */
bool report_print(const struct plan *p, enum report r, const struct report_opts *o,
		  const struct print_opts *po, struct buf *out, struct buf *err);

#endif
