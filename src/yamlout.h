/* yamlout.h — writes YAML scalars and short lists that read back as
 * exactly the value given.  Used for every value the store writes. */
#ifndef SAMPLAN_YAMLOUT_H
#define SAMPLAN_YAMLOUT_H

#include <stdbool.h>

#include "model.h"
#include "util.h"

enum yq_style {
	YQ_ANY,    /* choose: plain when safe, else double quotes */
	YQ_SINGLE, /* the value was single-quoted: keep that if possible */
	YQ_DOUBLE, /* the value was double-quoted: keep that */
};

/* True when `s` may be written without quotes: it would otherwise read as
 * a number, boolean, null or date, or contains ": ", " #", leading or
 * trailing space, an indicator, a line break or a non-printable. `flow`:
 * the scalar stands inside [ ] or { }, where , [ ] { } also need quotes. */
bool yamlout_plain_ok(const char *s, bool flow);

/* Appends `s` as a scalar in block context.  A multi-line value becomes a
 * literal block whose lines are indented by `indent` spaces (the value's
 * key column + 2); no line break is written after the value. */
void yamlout_scalar(struct buf *out, const char *s, int indent, enum yq_style prefer);
/* Appends `s` quoted with double quotes, escaping what needs it. */
void yamlout_double_quoted(struct buf *out, const char *s);

/* Appends "[a, b]" (flow sequence) of strings or years. */
void yamlout_flow_strings(struct buf *out, const struct strlist *l);
void yamlout_flow_years(struct buf *out, const struct yearlist *l);

/* True when the value holds only characters a plan may hold: valid UTF-8
 * without NUL or control characters (tab and, when `multiline`, line feed
 * allowed).  On failure *bad is the offending code point (or -1 for
 * invalid UTF-8) and *at its byte offset. */
bool value_chars_ok(const char *s, bool multiline, long *bad, size_t *at);

#endif
