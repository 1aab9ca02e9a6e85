/* store_int.h — what the store's loader and writer share.  Not for other
 * modules. */
#ifndef SAMPLAN_STORE_INT_H
#define SAMPLAN_STORE_INT_H

#include <sys/stat.h>

#include "store.h"
#include "yparse.h"

/* Where a change's lines stand in changes.yaml.  Its block is
 * [block_start, content_end): the comment lines right above the item, the
 * item's own lines, up to and including the line break after its last
 * value.  The text between one block and the next is a gap, which stays in
 * place when items move. */
struct change_src {
	uint32_t block_start, item_start, content_end;
	uint32_t index; /* position in the file's list */
	uint32_t line;  /* line of the item, for messages */
};

struct store_file {
	char *path;    /* as given: DIR/name, or name when DIR is "." */
	char *text;    /* the bytes as read (owned unless borrowed) */
	size_t len;
	bool borrowed; /* text belongs to the caller (store_load_texts) */
	bool mapped;   /* text is an mmap of the file */
	bool on_disk;
	struct stat st; /* at load, to notice changes underneath */
};

struct store {
	struct store_file f[SF_COUNT];
	struct arena arena; /* change_src records */
	unsigned gen;
	/* The layout of the list in changes.yaml. */
	bool list_flow;          /* written as [ ... ] */
	uint32_t list_key_end;   /* just after the ':' of "changes:" */
	uint32_t list_start, list_end;
	unsigned item_indent;    /* column of an item's '-' (bytes) */
	unsigned key_indent;     /* column of an item's keys */
	const char *newline;     /* "\n", or "\r\n" for files that use it */
	struct change_src **orig; /* the items as read, in file order */
	size_t norig;
};

/* Reads a sequence of change items from `text` whose top level is a list
 * (a block or a part of changes.yaml): for each item calls `fn` with the
 * change built from it and the item's node.  Cross-references are checked
 * against `p` (statuses, groups, effects).  Changes are allocated in `p`'s
 * arena but not added to it.  Returns the number of items, or -1 on a
 * problem (reported in `d`). */
typedef void (*change_item_fn)(void *ctx, struct change *c, const struct ynode *item,
			       struct yparse *yp);
long load_change_list(struct plan *p, const char *name, const char *text, size_t len,
		      change_item_fn fn, void *ctx, struct diags *d);

/* Reads a change from an item node (shared by the loader and the writer's
 * check).  Returns NULL after reporting problems. */
struct change *change_from_node(struct plan *p, struct yparse *yp, const struct ynode *n,
				bool xref);

#endif
