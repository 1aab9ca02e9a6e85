/* yfast.h — a fast reader for the plain shape of YAML that plan files
 * have, giving the very events libyaml gives.  Internal to the store.
 *
 * Plan files are block mappings and sequences of one-line keys and
 * values: plain, quoted, or small flow lists and mappings.  libyaml reads
 * any YAML, one character at a time through a decoding buffer; this
 * reader takes a line at a time and is several times faster.  It does not
 * judge what it does not know: at the first thing outside its shape (a
 * block scalar, a tab, an anchor, a value over two lines, anything
 * libyaml might refuse) it stops and says so, and yparse carries on with
 * libyaml from the same event (see yparse_next).  So every event it gives
 * is the event libyaml gives at that place, marks (in characters, as
 * libyaml counts them) and all; tests/unit/check_yfast.c holds it to
 * that on every file of the test suite and on many mutations of them. */
#ifndef SAMPLAN_YFAST_H
#define SAMPLAN_YFAST_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "util.h"

enum { YFAST_DEPTH = 16 };

struct yfast {
	const char *t;
	size_t len;
	size_t pos;       /* where the next line starts */
	size_t line;      /* its number, from 0 */
	size_t cont;      /* UTF-8 continuation bytes before it */
	/* the line being read: where it starts, and its continuation bytes */
	size_t ls, lcont;
	bool lascii;      /* the line being read is ASCII */
	size_t mpos, mcont; /* continuation bytes on it up to mpos */
	bool began;       /* the stream's start has been given */
	bool started;     /* the document has begun */
	bool done;        /* the stream's end is queued */
	bool bailed;      /* outside the shape: give nothing more */
	/* the open block collections, outermost first */
	struct {
		int indent;
		bool map;
	} open[YFAST_DEPTH];
	int depth;
	/* a key whose value is on the lines below (or empty): where its
	 * empty value would stand */
	bool pending;
	yaml_mark_t pending_mark;
	/* the plain scalar last given ends a line: the next line must not
	 * continue it */
	bool plain_open;
	int plain_indent;
	/* events read ahead, and the bytes of their values */
	yaml_event_t *q;
	size_t nq, iq, capq;
	size_t ready; /* q[iq..ready) may be given */
	struct buf vals;
};

void yfast_init(struct yfast *f, const char *text, size_t len);
void yfast_done(struct yfast *f);
/* Gives the next event in `ev` (its value belongs to `f`, valid until the
 * next call: never yaml_event_delete it).  False when the text leaves the
 * shape this reader knows: nothing more is given then, and libyaml must
 * read on. */
bool yfast_next(struct yfast *f, yaml_event_t *ev);

#endif
