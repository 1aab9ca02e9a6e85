/* tui_line.c — the line editor's text and cursor (see tui_line.h). */
#include "config.h"

#include "tui_line.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "textwidth.h"

void le_init(struct lineedit *le, const char *s)
{
	struct buf b = BUF_INIT;
	le->text = b;
	buf_adds(&le->text, s ? s : "");
	le->cur = le->text.len;
	le->scroll = 0;
	le->all = false;
}

void le_init_selected(struct lineedit *le, const char *s)
{
	le_init(le, s);
	le->all = le->text.len > 0;
}

/* Typing or deleting over the selected text replaces it: true when it
 * was (the text is then empty). */
static bool drop_selected(struct lineedit *le)
{
	if (!le->all)
		return false;
	le->all = false;
	buf_reset(&le->text);
	le->cur = le->scroll = 0;
	return true;
}

void le_free(struct lineedit *le)
{
	buf_release(&le->text);
	le->cur = le->scroll = 0;
}

static int width_at(const struct lineedit *le, size_t at)
{
	char show[8];
	int w;
	tw_char(le->text.s + at, le->text.len - at, show, &w);
	return w;
}

/* The start of the character before `at` (by code point). */
static size_t prev_cp(const struct lineedit *le, size_t at)
{
	while (at > 0) {
		at--;
		if (((unsigned char)le->text.s[at] & 0xC0) != 0x80)
			break;
	}
	return at;
}

static size_t next_cp(const struct lineedit *le, size_t at)
{
	uint32_t c;
	size_t l = utf8_decode(le->text.s + at, le->text.len - at, &c);
	return at + (l ? l : 1);
}

/* Characters: a code point and the combining marks after it. */
static size_t prev_char(const struct lineedit *le, size_t at)
{
	while (at > 0) {
		at = prev_cp(le, at);
		if (at == 0 || width_at(le, at) != 0)
			break;
	}
	return at;
}

static size_t next_char(const struct lineedit *le, size_t at)
{
	if (at >= le->text.len)
		return le->text.len;
	at = next_cp(le, at);
	while (at < le->text.len && width_at(le, at) == 0)
		at = next_cp(le, at);
	return at;
}

static bool is_space_at(const struct lineedit *le, size_t at)
{
	unsigned char c = (unsigned char)le->text.s[at];
	return c == ' ' || c == '\t' || c == '\n' ||
	       (c < 0x80 && c != '_' && c != '-' && (c < '0' || (c > '9' && c < 'A') ||
						     (c > 'Z' && c < 'a') || c > 'z'));
}

void le_insert(struct lineedit *le, const char *s, size_t n)
{
	drop_selected(le);
	struct buf clean = BUF_INIT;
	for (size_t i = 0; i < n;) {
		uint32_t c;
		size_t l = utf8_decode(s + i, n - i, &c);
		if (!l) {
			i++;
			continue;
		}
		buf_add(&clean, s + i, l);
		i += l;
	}
	if (clean.len) {
		buf_grow(&le->text, clean.len);
		char *t = le->text.s;
		memmove(t + le->cur + clean.len, t + le->cur, le->text.len - le->cur + 1);
		memcpy(t + le->cur, clean.s, clean.len);
		le->text.len += clean.len;
		le->cur += clean.len;
	}
	buf_release(&clean);
}

void le_left(struct lineedit *le)
{
	le->all = false;
	le->cur = prev_char(le, le->cur);
}

void le_right(struct lineedit *le)
{
	le->all = false;
	le->cur = next_char(le, le->cur);
}

void le_word_left(struct lineedit *le)
{
	le->all = false;
	size_t at = le->cur;
	while (at > 0 && is_space_at(le, prev_cp(le, at)))
		at = prev_cp(le, at);
	while (at > 0 && !is_space_at(le, prev_cp(le, at)))
		at = prev_cp(le, at);
	le->cur = at;
}

void le_word_right(struct lineedit *le)
{
	le->all = false;
	size_t at = le->cur, n = le->text.len;
	while (at < n && is_space_at(le, at))
		at = next_cp(le, at);
	while (at < n && !is_space_at(le, at))
		at = next_cp(le, at);
	le->cur = at;
}

void le_home(struct lineedit *le)
{
	le->all = false;
	le->cur = 0;
}

void le_end(struct lineedit *le)
{
	le->all = false;
	le->cur = le->text.len;
}

static void cut(struct lineedit *le, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(le->text.s + from, le->text.s + to, le->text.len - to + 1);
	le->text.len -= to - from;
	le->cur = from;
	if (le->scroll > from)
		le->scroll = from;
}

void le_backspace(struct lineedit *le)
{
	if (drop_selected(le))
		return;
	/* by code point, so a combining mark typed last goes first */
	if (le->cur > 0)
		cut(le, prev_cp(le, le->cur), le->cur);
}

void le_delete(struct lineedit *le)
{
	if (drop_selected(le))
		return;
	if (le->cur < le->text.len)
		cut(le, le->cur, next_char(le, le->cur));
}

void le_kill_word(struct lineedit *le)
{
	if (drop_selected(le))
		return;
	size_t end = le->cur;
	le_word_left(le);
	cut(le, le->cur, end);
}

void le_kill_start(struct lineedit *le)
{
	if (drop_selected(le))
		return;
	cut(le, 0, le->cur);
}

int le_view(struct lineedit *le, int cols)
{
	if (cols < 2)
		cols = 2;
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	/* keep one column free after the cursor for it to stand on */
	const char *s = le->text.s ? le->text.s : "";
	while (tw_width(s + le->scroll, le->cur - le->scroll) > cols - 1)
		le->scroll = next_char(le, le->scroll);
	return tw_width(s + le->scroll, le->cur - le->scroll);
}
