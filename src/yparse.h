/* yparse.h — YAML events (yfast's where the text has a plan file's plain
 * shape, libyaml's elsewhere) turned into small node trees that know their
 * place in the source text in bytes.  Internal to the store.
 *
 * A file is read one top-level value at a time, and a top-level sequence
 * one item at a time, so a plan of any size needs only one item's nodes in
 * memory at once. */
#ifndef SAMPLAN_YPARSE_H
#define SAMPLAN_YPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

#include "util.h"
#include "yfast.h"

enum ynode_type { YN_SCALAR, YN_SEQ, YN_MAP };

enum ynode_style {
	YS_PLAIN,
	YS_SINGLE,
	YS_DOUBLE,
	YS_LITERAL,
	YS_FOLDED,
	YS_BLOCK, /* a block sequence or mapping */
	YS_FLOW,  /* a flow sequence or mapping */
};

struct ynode {
	enum ynode_type type;
	enum ynode_style style;
	/* Scalars: the value, NUL-terminated; len may exceed strlen when the
	 * value holds a NUL (written as "\0"). */
	const char *value;
	size_t len;
	/* Byte offsets in the text: [start, end).  For block scalars `end`
	 * is the end of the last line that holds content, before its line
	 * break (libyaml's own end runs over trailing blank lines). */
	uint32_t start, end;
	/* Where the node starts, 1-based; col counts characters. */
	unsigned line, col;
	/* For sequences the items; for mappings keys and values alternate. */
	struct ynode **kids;
	size_t nkids;
	/* The last byte of content in this subtree (end of the last scalar or
	 * flow collection), for finding where an item's lines end. */
	uint32_t last;
	/* The same places as character indexes (libyaml's marks), always
	 * set; the byte offsets above are set only when the parser is not
	 * `lazy`.  last_block: the last content is a block scalar, whose
	 * end runs over trailing blank lines. */
	uint32_t cstart, cend, clast;
	bool last_block;
	bool bad;    /* a problem in the value itself (reported) */
	bool in_values; /* `value` is in the parser's `values` arena */
	long bad_cp; /* the control character in a quoted scalar, or -1 */
};

struct yparse {
	yaml_parser_t parser;
	const char *name; /* file name for messages */
	const char *text;
	size_t len;
	struct diags *diags;
	struct arena *scratch; /* nodes live here */
	/* When set, the values of scalars under a key or in a list (not the
	 * keys) are put here instead, where they outlive the nodes: the
	 * loader gives the plan's arena, so a value is copied once. */
	struct arena *values;
	/* The reader's own state while it reads (the loader's, load.c), or
	 * NULL. */
	void *owner;
	int max_depth;
	/* char index -> byte offset cursor (libyaml counts characters) */
	size_t cur_char, cur_byte, base;
	yaml_event_t ev; /* the current event */
	bool have_ev;
	/* Events come from yfast while the text keeps to its shape, then
	 * from libyaml, which is started only then and skips the `given`
	 * events yfast gave.  ev_owned: ev is libyaml's, to be deleted. */
	struct yfast fast;
	bool use_fast, parser_on, ev_owned;
	size_t given;
	bool failed; /* a syntax error: nothing more can be read */
	bool lazy;   /* skip byte offsets in nodes (see struct ynode) */
	unsigned errors;
};

/* Whether yparse reads with yfast where it can (the default; the tests
 * turn it off to compare). */
extern bool yparse_use_fast;

/* Starts reading `text` (not copied; must outlive the parser). */
void yparse_init(struct yparse *yp, const char *name, const char *text, size_t len,
		 struct diags *d, struct arena *scratch);
void yparse_done(struct yparse *yp);

/* Advances to the next event; false after a syntax error (reported). */
bool yparse_next(struct yparse *yp);
/* Builds the node that starts at the current event (depth = nesting of the
 * container it stands in; key = the key it is the value of, NULL for a key) and leaves the parser on the event after it.
 * NULL after a syntax error.  Anchors, aliases and tags are reported and
 * the node is still built so later problems are found too. */
struct ynode *yparse_node(struct yparse *yp, int depth, const char *key);
/* Reports a control character in a quoted scalar: as a key, or as the
 * value of `key`.  yparse_node does this itself for values (`key` given
 * to it: the key the node stands under) and for keys inside mappings. */
void yparse_report_bad(struct yparse *yp, const struct ynode *n, const char *key, bool is_key);
/* Reports what is wrong with a mapping's key itself (a control character,
 * a mapping or list in a key's place); true when it is a scalar. */
bool yparse_check_key(struct yparse *yp, const struct ynode *k);

/* Converts a libyaml mark, or a character index, to a byte offset. */
size_t yparse_byte(struct yparse *yp, const yaml_mark_t *m);
size_t yparse_char_byte(struct yparse *yp, size_t index);
/* The end of a block scalar's content given its raw end: see ynode.end. */
uint32_t yparse_block_end(const char *text, uint32_t start, uint32_t end);
/* Computes 1-based line and column (in characters) of byte offset `off`. */
void text_line_col(const char *text, size_t len, size_t off, unsigned *line,
		   unsigned *col);

/* Line helpers on a text: the start of the line holding `off`; just past
 * the line break that ends it (or the text's end); just past the ':' that
 * follows a key ending at `off`. */
uint32_t text_line_start(const char *t, uint32_t off);
uint32_t text_line_after(const char *t, size_t len, uint32_t off);
uint32_t text_colon_after(const char *t, size_t len, uint32_t off);

/* Reports a problem at a node. */
void yparse_error(struct yparse *yp, const struct ynode *n, const char *fmt, ...)
	ATTR_PRINTF(3, 4);
/* The same with a format from a table of messages (see buf_addf_table). */
void yparse_error_table(struct yparse *yp, const struct ynode *n, const char *fmt, ...);

/* In a mapping node: the value for key `key`, or NULL. */
struct ynode *ynode_get(const struct ynode *map, const char *key);
/* A plain scalar that YAML reads as null: "", "~", "null", "Null", "NULL". */
bool ynode_is_null(const struct ynode *n);

#endif
