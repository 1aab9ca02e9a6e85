/* util.c — buffers, arena, diagnostics, UTF-8. */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"

static void die_oom(void)
{
	fputs(_("samplan: out of memory\n"), stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

bool str_has_text(const char *s)
{
	return s[strspn(s, " \t\r\n")] != '\0';
}

char *xasprintf(const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void buf_grow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = xrealloc(b->s, cap);
	b->cap = cap;
}

void buf_reserve(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	b->cap = b->len + extra + 1;
	b->s = xrealloc(b->s, b->cap);
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addint(struct buf *b, long v)
{
	char tmp[24];
	size_t n = sizeof(tmp);
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do
		tmp[--n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		tmp[--n] = '-';
	buf_add(b, tmp + n, sizeof(tmp) - n);
}

void buf_addf_table(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

char *buf_detach(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

size_t split_list(char *s, char ***items)
{
	size_t n = 0;
	*items = NULL;
	for (char *tok = s, *next; tok; tok = next) {
		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		while (*tok == ' ')
			tok++;
		size_t l = strlen(tok);
		while (l && tok[l - 1] == ' ')
			tok[--l] = '\0';
		if (!l)
			continue;
		*items = xrealloc(*items, (n + 1) * sizeof(**items));
		(*items)[n++] = tok;
	}
	return n;
}

void buf_release(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

/* Big blocks are mapped, with their pages populated in one go: taking
 * page faults one by one costs more than the work on small machines.  A
 * block of 2 MiB or more is aligned to 2 MiB and advised to take huge
 * pages where the kernel offers them (transparent huge pages in "madvise"
 * mode): one fault then maps 2 MiB where small pages take 512.  On a
 * virtual machine with shadow page tables every fault costs microseconds;
 * measured on one, touching 2.6 MB first took 5 ms in small pages and
 * 0.2 ms in huge ones.  The alignment costs address space, not memory. */
enum { BIG_MIN = 128 * 1024, HUGE_PAGE = 2 * 1024 * 1024 };

void *big_alloc(size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_PAGE) {
		char *m = mmap(NULL, n + HUGE_PAGE, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return NULL;
		char *a = (char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
		size_t page = (size_t)sysconf(_SC_PAGESIZE);
		char *end = a + ((n + page - 1) & ~(page - 1));
		if (a > m)
			munmap(m, (size_t)(a - m));
		if (m + n + HUGE_PAGE > end)
			munmap(end, (size_t)(m + n + HUGE_PAGE - end));
		(void)madvise(a, n, MADV_HUGEPAGE); /* only advice: fine if refused */
		return a;
	}
#endif
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE,
		       -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

void *big_alloc_lazy(size_t n)
{
	void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
#ifdef MADV_NOHUGEPAGE
	(void)madvise(p, n, MADV_NOHUGEPAGE); /* only advice: fine if refused */
#endif
	return p;
}

void big_free(void *p, size_t n)
{
	if (p)
		munmap(p, n);
}

void big_give_back(void *p, size_t from, size_t to)
{
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t a = ((uintptr_t)p + from + page - 1) & ~(page - 1);
	uintptr_t b = ((uintptr_t)p + to) & ~(page - 1);
	if (p && b > a)
		(void)madvise((void *)a, (size_t)(b - a), MADV_DONTNEED); /* only a saving */
}

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* of data[] */
	bool mapped; /* by big_alloc, else from malloc */
	max_align_t data[];
};

static struct arena_chunk *chunk_new(size_t bytes)
{
	struct arena_chunk *c = NULL;
	if (bytes >= BIG_MIN && (c = big_alloc(bytes)) != NULL) {
		c->mapped = true;
		return c;
	}
	c = xmalloc(bytes);
	c->mapped = false;
	return c;
}

static void chunk_free(struct arena_chunk *c)
{
	if (c->mapped)
		big_free(c, sizeof(*c) + c->size);
	else
		free(c);
}

void arena_init(struct arena *a, size_t chunk_size)
{
	a->head = NULL;
	a->chunk_size = chunk_size ? chunk_size : 64 * 1024;
	a->cur = a->end = NULL;
}

/* `n` is rounded already and does not fit the head chunk's free part. */
void *arena_alloc_slow(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t bytes = a->chunk_size;
	if (n > bytes - sizeof(*c)) {
		/* An oversized block goes behind the current chunk so the
		 * current chunk's free space is not wasted. */
		struct arena_chunk *big = chunk_new(sizeof(*big) + n);
		big->size = n;
		if (c) {
			big->next = c->next;
			c->next = big;
			return (char *)big->data;
		}
		big->next = NULL;
		a->head = big;
		a->cur = a->end = (char *)big->data + n;
		return (char *)big->data;
	}
	struct arena_chunk *nc = chunk_new(bytes);
	nc->size = bytes - sizeof(*nc);
	if (a->chunk_size < ARENA_CHUNK_MAX)
		a->chunk_size *= 2;
	nc->next = c;
	a->head = nc;
	a->cur = (char *)nc->data + n;
	a->end = (char *)nc->data + nc->size;
	return (char *)nc->data;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

void arena_reset(struct arena *a)
{
	struct arena_chunk *c = a->head;
	if (!c)
		return;
	struct arena_chunk *rest = c->next;
	while (rest) {
		struct arena_chunk *next = rest->next;
		chunk_free(rest);
		rest = next;
	}
	c->next = NULL;
	a->cur = (char *)c->data;
	a->end = (char *)c->data + c->size;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		chunk_free(c);
		c = next;
	}
	a->head = NULL;
	a->cur = a->end = NULL;
}

void arena_adopt(struct arena *a, struct arena *from)
{
	struct arena_chunk *c = from->head;
	if (!c)
		return;
	if (!a->head) {
		*a = *from;
	} else {
		/* behind the head chunk, whose free part stays in use */
		struct arena_chunk *last = c;
		while (last->next)
			last = last->next;
		last->next = a->head->next;
		a->head->next = c;
	}
	from->head = NULL;
	from->cur = from->end = NULL;
}

void diag_add(struct diags *d, const char *file, unsigned line, unsigned col,
	      const char *fmt, ...)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	struct diag *g = &d->v[d->n++];
	g->file = xstrdup(file ? file : "");
	g->line = line;
	g->col = col;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	g->msg = buf_detach(&b);
}

void diag_format(const struct diag *d, struct buf *out)
{
	if (d->line)
		buf_addf(out, "%s:%u:%u: %s", d->file, d->line, d->col ? d->col : 1, d->msg);
	else
		buf_addf(out, "%s: %s", d->file, d->msg);
}

void diags_clear(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if ((c & 0xe0) == 0xc0) {
		len = 2; v = c & 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3; v = c & 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

size_t utf8_valid_prefix(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (!l)
			break;
		i += l;
	}
	return i;
}

void utf8_encode(struct buf *b, uint32_t cp)
{
	char t[4];
	size_t n;
	if (cp < 0x80) {
		t[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xc0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3f)); n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xe0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[2] = (char)(0x80 | (cp & 0x3f)); n = 3;
	} else {
		t[0] = (char)(0xf0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		t[3] = (char)(0x80 | (cp & 0x3f)); n = 4;
	}
	buf_add(b, t, n);
}

void buf_chomp(struct buf *b)
{
	while (b->len && (b->s[b->len - 1] == '\n' || b->s[b->len - 1] == '\r'))
		b->s[--b->len] = '\0';
}

int buf_read_file(struct buf *out, const char *path, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : !S_ISREG(st.st_mode) ? EINVAL
					 : (size_t)st.st_size > max ? EFBIG : 0;
	if (e) {
		close(fd);
		errno = e;
		return -1;
	}
	char chunk[65536];
	size_t total = 0;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			break;
		if (n < 0 || (total += (size_t)n) > max) {
			e = n < 0 ? errno : EFBIG;
			close(fd);
			errno = e;
			return -1;
		}
		buf_add(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

void longest_increasing(const size_t *seq, size_t n, bool *keep)
{
	size_t *tail = xcalloc(n + 1, sizeof(*tail)); /* index in seq */
	size_t *prev = xcalloc(n + 1, sizeof(*prev));
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (seq[tail[mid]] < seq[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	for (size_t i = 0; i < n; i++)
		keep[i] = false;
	for (size_t i = len ? tail[len - 1] : SIZE_MAX; i != SIZE_MAX; i = prev[i])
		keep[i] = true;
	free(tail);
	free(prev);
}
