/* textwidth.c — safe, width-aware text for the screen (see textwidth.h). */
#include "config.h"

#include "textwidth.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>

/* Format characters that change direction, join or hide text, or break
 * lines without a control character. */
static bool is_format(uint32_t c)
{
	return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || (c >= 0x2060 && c <= 0x2064) ||
	       c == 0x2028 || c == 0x2029 || c == 0xFEFF || c == 0x061C || c == 0x00AD ||
	       (c >= 0xFFF9 && c <= 0xFFFB);
}

static size_t put_utf8(char show[8], uint32_t c)
{
	size_t n;
	if (c < 0x80) {
		show[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		show[0] = (char)(0xC0 | (c >> 6));
		show[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		show[0] = (char)(0xE0 | (c >> 12));
		show[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		show[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		show[0] = (char)(0xF0 | (c >> 18));
		show[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		show[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		show[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	show[n] = '\0';
	return n;
}

/* Printable ASCII: one column, shown as it is, no lookup. */
static inline bool is_plain(char c)
{
	return (unsigned char)c >= 0x20 && (unsigned char)c < 0x7f;
}

/* The length of the run of printable ASCII at the start of s[0..n). */
static size_t plain_run(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_plain(s[i]))
		i++;
	return i;
}

/* The length (2) of a Latin-1 or Latin Extended-A letter or sign at s,
 * U+00A0..U+017F but the soft hyphen, or 0 for anything else.  åäö and
 * the letters of most European text: in a UTF-8 locale every one is
 * assigned, one column wide and shown as it is, so it needs no lookup. */
static inline size_t latin_len(const char *s, size_t n)
{
	if (n < 2)
		return 0;
	unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
	if (a < 0xC2 || a > 0xC5 || (b & 0xC0) != 0x80 || (a == 0xC2 && (b < 0xA0 || b == 0xAD)))
		return 0;
	return 2;
}

/* The length of the run at the start of s[0..n) of characters one column
 * wide and shown as they are: printable ASCII and, in a UTF-8 locale
 * (utf8), the letters of latin_len.  Sets *cols to the run's columns. */
static size_t safe_run(const char *s, size_t n, bool utf8, size_t *cols)
{
	size_t i = 0, w = 0;
	for (;;) {
		size_t run = plain_run(s + i, n - i);
		i += run;
		w += run;
		size_t l = utf8 ? latin_len(s + i, n - i) : 0;
		if (!l)
			break;
		i += l;
		w++;
	}
	*cols = w;
	return i;
}

size_t tw_char(const char *s, size_t n, char show[8], int *width)
{
	/* printable ASCII, by far the most common, without any lookup */
	if (n && is_plain(s[0])) {
		show[0] = s[0];
		show[1] = '\0';
		*width = 1;
		return 1;
	}
	uint32_t c;
	size_t len = utf8_decode(s, n, &c);
	bool utf8 = MB_CUR_MAX > 1;
	*width = 1;
	if (!len) { /* not UTF-8: one byte, one mark */
		strcpy(show, utf8 ? TW_MARK_FORMAT : "?");
		return 1;
	}
	if (c < 0x20 || c == 0x7F) {
		if (!utf8)
			strcpy(show, "?");
		else if (c == '\n')
			strcpy(show, TW_MARK_NEWLINE);
		else /* the Control Pictures: ␉ ␍ ␛ ␈ ... ␡ */
			put_utf8(show, c == 0x7F ? 0x2421 : 0x2400 + c);
		return len;
	}
	if (c < 0x7F) {
		show[0] = (char)c;
		show[1] = '\0';
		return len;
	}
	if (!utf8) {
		strcpy(show, "?");
		return len;
	}
	if ((c >= 0x80 && c < 0xA0) || is_format(c)) {
		strcpy(show, TW_MARK_FORMAT);
		return len;
	}
	int w = wcwidth((wchar_t)c);
	if (w < 0) {
		strcpy(show, TW_MARK_FORMAT);
		return len;
	}
	*width = w;
	memcpy(show, s, len);
	show[len] = '\0';
	return len;
}

void tw_paragraph(const char *s, struct buf *out)
{
	size_t n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	while (n && strchr(" \t\r\n", *s)) {
		s++;
		n--;
	}
	if (!memchr(s, '\n', n)) {
		tw_sanitize(s, n, out);
		return;
	}
	for (size_t i = 0; i < n;) {
		size_t end = i;
		while (end < n && s[end] != '\n')
			end++;
		size_t e = end;
		while (e > i && strchr(" \t\r", s[e - 1]))
			e--;
		tw_sanitize(s + i, e - i, out);
		if (end == n)
			break;
		i = end + 1;
		while (i < n && strchr(" \t\r\n", s[i]))
			i++;
		buf_addc(out, ' ');
	}
}

void tw_sanitize(const char *s, size_t n, struct buf *out)
{
	char show[8];
	int w;
	size_t cols;
	bool utf8 = MB_CUR_MAX > 1;
	for (size_t i = 0; i < n;) {
		/* a run of text shown as it is goes in at once */
		size_t run = safe_run(s + i, n - i, utf8, &cols);
		if (run) {
			buf_add(out, s + i, run);
			i += run;
			continue;
		}
		i += tw_char(s + i, n - i, show, &w);
		buf_adds(out, show);
	}
}

void tw_escape(const char *s, size_t n, unsigned how, struct buf *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		bool control = c < 0x20 || c == 0x7f;
		/* off a terminal, a C1 control, a format character (bidi, zero
		 * width) or a byte that is not UTF-8 in the \uXXXX or \xHH form,
		 * never as it is */
		if (!(how & TW_TERMINAL) && c >= 0x80) {
			uint32_t cp;
			size_t len = utf8_decode(s + i, n - i, &cp);
			if (!len) {
				char x[5] = { '\\', 'x', hex[c >> 4], hex[c & 15], '\0' };
				buf_adds(out, x);
				i++;
				continue;
			}
			if (cp < 0xA0 || is_format(cp))
				buf_addf(out, "\\u%04x", (unsigned)cp);
			else
				buf_add(out, s + i, len);
			i += len;
			continue;
		}
		if ((how & TW_FIELD) && (control || c == '\\')) {
			const char *esc = c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
					: c == '\\' ? "\\\\" : NULL;
			if (esc) {
				buf_adds(out, esc);
			} else {
				char x[5] = { '\\', 'x', hex[c >> 4], hex[c & 15], '\0' };
				buf_adds(out, x);
			}
			i++;
		} else if ((how & TW_TERMINAL) && (c >= 0x80 || (control && c != '\t' && c != '\n'))) {
			char show[8];
			int w;
			i += tw_char(s + i, n - i, show, &w);
			buf_adds(out, show);
		} else if (control && c != '\t' && c != '\n') { /* off a terminal */
			char x[5] = { '\\', 'x', hex[c >> 4], hex[c & 15], '\0' };
			buf_adds(out, x);
			i++;
		} else {
			buf_addc(out, (char)c);
			i++;
		}
	}
}

int tw_width(const char *s, size_t n)
{
	char show[8];
	int w, total = 0;
	size_t cols;
	bool utf8 = MB_CUR_MAX > 1;
	for (size_t i = 0; i < n;) {
		size_t run = safe_run(s + i, n - i, utf8, &cols);
		if (run) {
			i += run;
			total += (int)cols;
			continue;
		}
		i += tw_char(s + i, n - i, show, &w);
		total += w;
	}
	return total;
}

int tw_clip(const char *s, size_t n, int cols, struct buf *out, size_t *taken)
{
	char show[8];
	int w, used = 0;
	size_t i = 0;
	while (i < n) {
		size_t run = plain_run(s + i, n - i);
		if (run) {
			size_t room = cols > used ? (size_t)(cols - used) : 0;
			if (run > room)
				run = room;
			if (!run)
				break;
			buf_add(out, s + i, run);
			used += (int)run;
			i += run;
			continue;
		}
		size_t l = tw_char(s + i, n - i, show, &w);
		if (used + w > cols)
			break;
		if (w == 0 && i == 0) /* a mark with nothing to combine with */
			buf_adds(out, " ");
		buf_adds(out, show);
		used += w;
		i += l;
	}
	if (taken)
		*taken = i;
	return used;
}

size_t tw_wrap_line(const char *s, size_t n, int cols, size_t *next)
{
	char show[8];
	int w, used = 0;
	size_t i = 0, brk = 0; /* brk: end of the line at the last space seen */
	bool utf8 = MB_CUR_MAX > 1;
	if (cols < 1)
		cols = 1;
	while (i < n) {
		size_t l = is_plain(s[i]) ? 1 : utf8 ? latin_len(s + i, n - i) : 0;
		if (l) { /* one column, no lookup */
			if (used >= cols)
				break;
			if (s[i] == ' ')
				brk = i;
			used++;
			i += l;
			continue;
		}
		l = tw_char(s + i, n - i, show, &w);
		if (used + w > cols)
			break;
		used += w;
		i += l;
	}
	size_t end = i;
	if (i < n && s[i] != ' ' && brk > 0)
		end = brk; /* break at the last space rather than inside a word */
	else if (i == 0 && n > 0) /* a character wider than the line */
		end = i = tw_char(s, n, show, &w);
	size_t nx = end;
	while (nx < n && s[nx] == ' ')
		nx++;
	*next = nx;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

/* Swedish letters (and a few neighbours) written as a base letter and a
 * combining mark, as text pasted from some programs is: the precomposed
 * character they stand for, so that a search for "ö" finds "o" + U+0308. */
static uint32_t compose(uint32_t base, uint32_t mark)
{
	static const struct { uint32_t base, mark, to; } pairs[] = {
		{ 'a', 0x030A, 0xE5 }, { 'a', 0x0308, 0xE4 }, { 'o', 0x0308, 0xF6 },
		{ 'e', 0x0301, 0xE9 }, { 'u', 0x0308, 0xFC }, { 'a', 0x0301, 0xE1 },
		{ 'e', 0x0300, 0xE8 }, { 'o', 0x0301, 0xF3 },
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(*pairs); i++)
		if (pairs[i].base == base && pairs[i].mark == mark)
			return pairs[i].to;
	return 0;
}

/* Reads one character of s[0..n) (n > 0) for comparing: lower case (in the
 * current locale), a composed pair as one.  Bytes that are not UTF-8 stand
 * for themselves, apart from every character.  Returns the bytes read. */
static size_t fold_char(const char *s, size_t n, uint32_t *out)
{
	uint32_t c;
	size_t len;
	unsigned char b = (unsigned char)s[0];
	if (b < 0x80) { /* ASCII, the most of plan text: no decoding, no lookup */
		c = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
		len = 1;
	} else if ((len = utf8_decode(s, n, &c)) != 0) {
		c = (uint32_t)towlower((wint_t)c);
	} else {
		*out = 0x110000u + b;
		return 1;
	}
	/* the combining marks compose() knows are U+0300..U+033F: 0xCC then
	 * a continuation byte */
	uint32_t mark, both;
	if (len + 1 < n && (unsigned char)s[len] == 0xCC &&
	    utf8_decode(s + len, n - len, &mark) == 2 && (both = compose(c, mark)) != 0) {
		c = both;
		len += 2;
	}
	*out = c;
	return len;
}

void tw_fold(const char *s, struct buf *out)
{
	size_t n = strlen(s);
	for (size_t k = 0; k < n;) {
		uint32_t c;
		k += fold_char(s + k, n - k, &c);
		if (c < 0x80) {
			buf_addc(out, (char)c);
		} else if (c < 0x110000u) {
			utf8_encode(out, c);
		} else { /* a byte that is not UTF-8: 0xFF, which UTF-8 never has, then it */
			buf_addc(out, (char)0xff);
			buf_addc(out, (char)(c - 0x110000u));
		}
	}
}

/* How common a byte is in (folded, Swedish) plan text, roughly: letters by
 * their frequency in Swedish, the space most of all; the lead byte of å, ä,
 * ö and é common; anything else rare. */
static int byte_commonness(unsigned char b)
{
	static const char order[] = " eanrtsildomkgvhfupbcyjxwzq";
	const char *at = b ? strchr(order, (int)b) : NULL;
	if (at)
		return 100 - (int)(at - order);
	if (b == 0xc3)
		return 90;
	if (b == 0xa4 || b == 0xa5 || b == 0xb6)
		return 60;
	if (b >= '0' && b <= '9')
		return 50;
	return 10;
}

void tw_needle_init(struct tw_needle *nd, const char *folded, size_t n)
{
	nd->s = folded;
	nd->n = n;
	nd->rare = 0;
	for (size_t i = 1; i < n; i++)
		if (byte_commonness((unsigned char)folded[i]) <
		    byte_commonness((unsigned char)folded[nd->rare]))
			nd->rare = i;
}

const char *tw_fold_find(const char *hay, size_t hn, const struct tw_needle *nd)
{
	size_t n = nd->n, r = nd->rare;
	if (n == 0)
		return hay;
	if (n > hn)
		return NULL;
	/* memchr for the needle's rarest byte, then the whole needle there */
	const char *last = hay + (hn - n), *p = hay;
	while (p <= last) {
		const char *q = memchr(p + r, nd->s[r], (size_t)(last - p) + 1);
		if (!q)
			return NULL;
		const char *start = q - r;
		if (memcmp(start, nd->s, n) == 0)
			return start;
		p = start + 1;
	}
	return NULL;
}

void tw_capitalize(struct buf *b, size_t at)
{
	unsigned char *s = (unsigned char *)b->s;
	if (at >= b->len)
		return;
	if (s[at] >= 'a' && s[at] <= 'z')
		s[at] = (unsigned char)(s[at] - 'a' + 'A');
	else if (s[at] == 0xc3 && at + 1 < b->len && s[at + 1] >= 0xa0 && s[at + 1] <= 0xbe &&
		 s[at + 1] != 0xb7) /* à..þ but ÷ */
		s[at + 1] = (unsigned char)(s[at + 1] - 0x20);
}

int tw_clip_mark(const char *s, size_t n, int cols, struct buf *out)
{
	size_t at = out->len, taken;
	int used = tw_clip(s, n, cols, out, &taken);
	size_t rest = taken;
	while (rest < n && (s[rest] == ' ' || s[rest] == '\t'))
		rest++;
	if (rest >= n || cols < 2)
		return used;
	/* cut: one column less, and the mark */
	out->len = at;
	out->s[at] = '\0';
	used = tw_clip(s, n, cols - 1, out, NULL);
	while (out->len > at && out->s[out->len - 1] == ' ') {
		out->s[--out->len] = '\0';
		used--;
	}
	buf_adds(out, MB_CUR_MAX > 1 ? "\xe2\x80\xa6" : "~");
	return used + 1;
}

/* ---- a safe standard error ------------------------------------------------ */

/* What was written but is not a whole UTF-8 character yet (a write that
 * ended inside one). */
struct safe_err {
	int fd;
	char carry[4];
	size_t ncarry;
};

static void write_all_fd(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

static ssize_t safe_err_write(void *cookie, const char *s, size_t n)
{
	struct safe_err *e = cookie;
	struct buf in = BUF_INIT, out = BUF_INIT;
	buf_add(&in, e->carry, e->ncarry);
	buf_add(&in, s, n);
	e->ncarry = 0;
	/* a character cut at the end waits for the next write */
	size_t end = in.len, start = end;
	while (start > 0 && end - start < 4 && ((unsigned char)in.s[start - 1] & 0xC0) == 0x80)
		start--;
	if (start > 0 && (unsigned char)in.s[start - 1] >= 0xC0 && end - start < 4) {
		uint32_t cp;
		if (!utf8_decode(in.s + start - 1, end - start + 1, &cp)) {
			e->ncarry = end - start + 1;
			memcpy(e->carry, in.s + start - 1, e->ncarry);
			end = start - 1;
		}
	}
	tw_escape(in.s, end, TW_TERMINAL, &out);
	write_all_fd(e->fd, out.s ? out.s : "", out.len);
	buf_release(&in);
	buf_release(&out);
	return (ssize_t)n;
}

/* The cookie lives until exit; glibc keeps it where a leak checker does
 * not look, so it is held here too. */
static struct safe_err *safe_err_cookie;

static int safe_err_close(void *cookie)
{
	struct safe_err *e = cookie;
	if (e->ncarry) { /* a character never finished: its marks */
		struct buf out = BUF_INIT;
		tw_escape(e->carry, e->ncarry, TW_TERMINAL, &out);
		write_all_fd(e->fd, out.s, out.len);
		buf_release(&out);
	}
	if (e == safe_err_cookie)
		safe_err_cookie = NULL;
	free(e);
	return 0;
}

void tw_safe_stderr(void)
{
	struct safe_err *e = xcalloc(1, sizeof(*e));
	e->fd = STDERR_FILENO;
	cookie_io_functions_t io = { .read = NULL, .write = safe_err_write, .seek = NULL,
				     .close = safe_err_close };
	FILE *f = fopencookie(e, "w", io);
	if (!f) {
		free(e);
		return;
	}
	setvbuf(f, NULL, _IOLBF, 0);
	fflush(stderr);
	stderr = f;
	safe_err_cookie = e;
}
