/* store_int.h — what the store's loader and writer share.  Not for other
 * modules. */
#ifndef SAMPLAN_STORE_INT_H
#define SAMPLAN_STORE_INT_H

#include <sys/stat.h>

#include "store.h"
#include "yparse.h"

/* Where a record's lines stand in its file.  Its block is
 * [block_start, content_end): the comment lines right above the item, the
 * item's own lines, up to and including the line break after its last
 * value.  The text between one block and the next is a gap, which stays in
 * place when items move. */
struct rec_src {
	uint32_t block_start, item_start, content_end;
	uint32_t index; /* position in the file's list */
	uint32_t line;  /* line of the item, for messages; 0 after a save
			 * that moved it (count it from item_start then) */
};

struct store_file {
	char *path;    /* as given: DIR/name, or name when DIR is "." */
	char *text;    /* the bytes as read (owned unless borrowed); NULL when
			* the file is absent */
	size_t len;
	bool borrowed; /* text belongs to the caller (store_load_texts) */
	bool mapped;   /* text is from big_alloc (else malloc or borrowed) */
	bool on_disk;  /* read from disk (or found absent there) */
	bool absent;   /* an optional file that is not there */
	struct stat st; /* at load, to notice changes underneath */
	const char *newline; /* "\n", or "\r\n" for files that use it */
};

/* The layout of one kind's list in its file. */
struct store_list {
	bool present;            /* the list's key is in the file */
	bool flow;               /* written as [ ... ], or empty after its key */
	uint32_t key_end;        /* just after the ':' of "changes:" */
	uint32_t start, end;     /* the list's value */
	unsigned item_indent;    /* column of an item's '-' (bytes) */
	unsigned key_indent;     /* column of an item's keys */
	struct rec_src **orig;   /* the items as read, in file order */
	size_t norig;
};

struct store {
	char *dir; /* the plan's directory as given (NULL: texts in memory) */
	struct store_file f[SF_COUNT];
	struct store_list lists[K_COUNT];
	struct arena arena; /* rec_src records */
	unsigned gen;
	bool alone; /* one file read on its own (store_load_file): what it
		     * names in the other files is not checked */
	bool stale; /* saved, but the layout could not follow the new
		     * texts: no save till the plan is read again */
};

/* An empty store (generation 1) with no files. */
struct store *store_new(void);

/* Ties record `mine` and the records inside it to the places of their
 * equals in a plan read afresh (`fresh`), with generation `gen`, and
 * clears their dirty marks. */
void store_tie(enum kind k, void *mine, const void *fresh, unsigned gen);

/* For tests: whether store a, holding plan pa, has the same texts and the
 * same layout as store b holding pb (records equal to pa's): every list's
 * places and every record's, and the records tied to them alike.  If not,
 * what differs first, in `why`. */
bool store_same_layout(const struct store *a, const struct plan *pa, const struct store *b,
		       const struct plan *pb, struct buf *why);

/* For tests and the fuzzer: a store read from texts in memory
 * (store_load_texts) takes its renders as if they were saved, as
 * store_save_ex's `follow` does after a write.  Returns 0, or -1 with the
 * reason in `d`. */
int store_follow_texts(struct store *st, struct plan *plan, struct diags *d);

/* For tests: when set, called with every new text the writer composes,
 * before it is read back, to put a fault into it (same length). */
extern void (*store_test_fault)(enum store_file_id f, char *text, size_t len);

/* For tests and the fuzzer: file f rendered without reading the result
 * back (what store_render would refuse to give).  0, or -1 when it cannot
 * even be composed. */
int store_render_unchecked(struct store *st, const struct plan *plan, enum store_file_id f,
			   struct buf *out, struct diags *d);

/* Reads a sequence of records of kind k from `text` whose top level is a
 * list (a block or a part of a plan file): for each item calls `fn` with
 * the record built from it and the item's node.  With `xref`,
 * cross-references are checked against `p` (not when reading a record's
 * old text to patch it: what it named may have been renamed since).  Records are allocated in `p`'s arena but not added
 * to it.  Returns the number of items, or -1 on a problem (reported in
 * `d`). */
typedef void (*record_item_fn)(void *ctx, void *rec, const struct ynode *item,
			       struct yparse *yp);
long load_record_list(struct plan *p, enum kind k, const char *name, const char *text,
		      size_t len, bool xref, record_item_fn fn, void *ctx, struct diags *d);

/* Reads a record of kind k from an item node (shared by the loader and
 * the writer's check).  Returns NULL after reporting problems. */
void *record_from_node(struct plan *p, enum kind k, struct yparse *yp, const struct ynode *n,
		       bool xref);

/* Reads file f's text into `p` (which holds the records of the other
 * files, for references): its own record's fields and its lists.  With
 * `st`, records the layout there.  Returns 0, or -1 with problems in `d`. */
int load_file_text(struct store *st, struct plan *p, enum store_file_id f, const char *name,
		   const char *text, size_t len, bool xref, struct diags *d);

#endif
