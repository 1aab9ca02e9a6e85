/* util.h — small shared infrastructure: growable buffers, an arena,
 * diagnostics.  No curses, no libyaml, no I/O beyond what is named. */
#ifndef SAMPLAN_UTIL_H
#define SAMPLAN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define ATTR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ATTR_PRINTF(f, a)
#endif

/* Allocation failure is not recoverable here: these abort with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Whether s holds anything besides spaces, tabs and line breaks. */
bool str_has_text(const char *s);
/* Returns a malloc'd string; the caller owns it. */
char *xasprintf(const char *fmt, ...) ATTR_PRINTF(1, 2);

/* A growable byte buffer, always NUL-terminated (like git's strbuf).
 * The buffer owns `s`; buf_release() frees it, buf_detach() hands it over. */
struct buf {
	char *s;
	size_t len, cap;
};
#define BUF_INIT { NULL, 0, 0 }
void buf_grow(struct buf *b, size_t extra);
/* Room for `extra` more bytes, and no more (buf_grow doubles). */
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
/* Appends v in decimal, as "%d" would, without printf's cost. */
void buf_addint(struct buf *b, long v);
void buf_addf(struct buf *b, const char *fmt, ...) ATTR_PRINTF(2, 3);
void buf_vaddf(struct buf *b, const char *fmt, va_list ap) ATTR_PRINTF(2, 0);
/* buf_addf for a format taken from a table of messages (the schema's
 * words, after gettext), which the compiler cannot check: the unit tests
 * check each table entry's conversions instead. */
void buf_addf_table(struct buf *b, const char *fmt, ...);
void buf_reset(struct buf *b);
/* Returns the string (never NULL); the caller owns it; `b` is emptied. */
char *buf_detach(struct buf *b);
/* Drops the line breaks at the end of b. */
void buf_chomp(struct buf *b);
/* Appends the regular file at `path` whole to `out`, at most `max` bytes:
 * 0, or -1 with errno set (EINVAL for what is no regular file: a FIFO
 * or a device is never waited on; EFBIG past `max`). */
int buf_read_file(struct buf *out, const char *path, size_t max);

/* Marks in keep[] a longest strictly increasing subsequence of
 * seq[0..n): the records that kept their order, so that every other one
 * counts as moved (the fewest moves).  O(n log n). */
void longest_increasing(const size_t *seq, size_t n, bool *keep);
void buf_release(struct buf *b);
/* Returns a view that is valid until the next change to `b`. */
static inline const char *buf_str(const struct buf *b) { return b->s ? b->s : ""; }

/* Splits "a, b,c" at its commas into *items (the caller frees the array,
 * not the items): each trimmed of spaces, empty ones skipped.  The items
 * point into `s`, which is changed.  Returns how many. */
size_t split_list(char *s, char ***items);

/* A big block of zeroed memory (a file's text, an arena's chunk), mapped
 * anonymously; NULL when the system has none.  big_free takes the size
 * given to big_alloc. */
void *big_alloc(size_t n);
/* The same, but its pages come one by one as they are first touched, in
 * small pages: for memory filled while other memory is given back
 * (big_give_back), so that the two are not held at once.  big_free frees
 * it. */
void *big_alloc_lazy(size_t n);
void big_free(void *p, size_t n);
/* Gives the whole pages within bytes [from, to) of big_alloc'd memory back
 * to the system; they read as zeros after.  For memory about to be freed
 * that is copied elsewhere piece by piece. */
void big_give_back(void *p, size_t from, size_t to);

/* An arena: many small allocations freed at once.  Memory handed out is
 * owned by the arena and lives until arena_free() or arena_reset().  Its
 * chunks start at chunk_size and double up to ARENA_CHUNK_MAX, so a small
 * plan takes little memory and a big one few chunks. */
enum { ARENA_CHUNK_MAX = 2 * 1024 * 1024 };
struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t chunk_size; /* the size of the next chunk, with its header */
	char *cur, *end; /* the free part of the head chunk */
};
void arena_init(struct arena *a, size_t chunk_size);
void *arena_alloc_slow(struct arena *a, size_t n);
/* 8-byte aligned; inline, as the loader takes a few allocations per value. */
static inline void *arena_alloc(struct arena *a, size_t n)
{
	n = n ? (n + 7) & ~(size_t)7 : 8;
	if ((size_t)(a->end - a->cur) >= n) {
		void *p = a->cur;
		a->cur += n;
		return p;
	}
	return arena_alloc_slow(a, n);
}
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* Frees all but the first chunk and makes it empty again. */
void arena_reset(struct arena *a);
/* Moves every allocation of `from` into `a` (freed with it); `from` is
 * left empty. */
void arena_adopt(struct arena *a, struct arena *from);
void arena_free(struct arena *a);

/* Diagnostics: problems found in plan files, each with its place.
 * `file` is the name to print (e.g. "changes.yaml"); line and col are
 * 1-based (col counts characters); line 0 means "the whole file". */
struct diag {
	char *file;
	unsigned line, col;
	char *msg;
};
struct diags {
	struct diag *v;
	size_t n, cap;
};
#define DIAGS_INIT { NULL, 0, 0 }
void diag_add(struct diags *d, const char *file, unsigned line, unsigned col,
	      const char *fmt, ...) ATTR_PRINTF(5, 6);
/* Formats one diagnostic as "FILE:LINE:COL: message" into `out`. */
void diag_format(const struct diag *d, struct buf *out);
void diags_clear(struct diags *d);

/* UTF-8 helpers. */
/* Decodes one character at s (at most n bytes).  Returns its length in
 * bytes and stores the code point in *cp, or returns 0 when the bytes are
 * not valid UTF-8 (overlong forms and surrogates are invalid). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Returns the length of the valid UTF-8 prefix of s[0..n). */
size_t utf8_valid_prefix(const char *s, size_t n);
/* Appends the UTF-8 encoding of cp to b. */
void utf8_encode(struct buf *b, uint32_t cp);

#endif
