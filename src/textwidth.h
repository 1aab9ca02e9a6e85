/* textwidth.h — text from plan files made safe and measured for a
 * character-cell screen.  No curses: the unit tests link this.
 *
 * Every string from a file is drawn through these functions.  Control
 * characters, line breaks, tabs, ESC, and the Unicode direction and
 * zero-width format characters become visible marks (width 1), so no file
 * can move the cursor, fake a line or reorder what is shown.  Widths come
 * from wcwidth() in the current locale (set it with setlocale first): åäö
 * take one column, CJK two, combining marks none.  Outside a UTF-8 locale
 * every mark and every non-ASCII character is shown as '?'. */
#ifndef SAMPLAN_TEXTWIDTH_H
#define SAMPLAN_TEXTWIDTH_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* The marks shown in place of unsafe characters (UTF-8 locale). */
#define TW_MARK_NEWLINE "\xe2\x90\xa4" /* U+2424 ␤ */
#define TW_MARK_FORMAT "\xef\xbf\xbd"  /* U+FFFD � (format, bidi, invalid) */

/* Reads one character of s[0..n) (n > 0).  Writes what to show in its
 * place, NUL-terminated, into show (at most 8 bytes with the NUL), sets
 * *width to its columns (0 for a combining mark) and returns how many
 * bytes of s it stands for (at least 1). */
size_t tw_char(const char *s, size_t n, char show[8], int *width);

/* Appends the safe form of s[0..n) to out. */
void tw_sanitize(const char *s, size_t n, struct buf *out);

/* How tw_escape writes text from the plan or from git to an output. */
enum {
	/* one field of tab-separated output: a tab, a line break, a carriage
	 * return and a backslash as \t, \n, \r and \\, other control
	 * characters as \xHH, so that a record stays one line; off a
	 * terminal also C1 controls and format characters (bidi, zero width)
	 * as \uXXXX and bytes that are not UTF-8 as \xHH */
	TW_FIELD = 1,
	/* to a terminal: besides, every character a terminal would act on
	 * or show misleadingly (controls, bidi and other format characters,
	 * bytes that are not UTF-8) is shown as its mark, as tw_sanitize
	 * does.  Off a terminal (into a pipe or a file), those are written
	 * \xHH (controls but tab and line break; bytes that are not UTF-8)
	 * and \uXXXX (C1 controls, format characters), and everything else
	 * as it is */
	TW_TERMINAL = 2,
};
/* Appends s[0..n) to out as `how` (TW_FIELD | TW_TERMINAL) says.  Without
 * TW_FIELD, tabs and line breaks are kept. */
void tw_escape(const char *s, size_t n, unsigned how, struct buf *out);

/* From here on, everything written to standard error is made safe as a
 * terminal needs it (TW_TERMINAL: tabs and line breaks kept, every other
 * control, format character and stray byte as its mark; under a locale
 * that is not UTF-8, '?'), whether it goes to a terminal, a pipe or a
 * file: messages quote file and git text, and no message may carry it
 * raw.  Line buffered. */
void tw_safe_stderr(void);

/* Appends the safe form of the NUL-terminated s as one paragraph: without
 * the white space around it, and each line break (with the spaces around
 * it) made one space, for a value of several lines (text, notes, a
 * mandate) shown where there is no room for its lines. */
void tw_paragraph(const char *s, struct buf *out);

/* The columns s[0..n) takes once made safe. */
int tw_width(const char *s, size_t n);

/* Appends to out the safe form of the longest prefix of s[0..n) that fits
 * in `cols` columns (combining marks that follow the last character that
 * fits are kept; a wide character that would stand half outside is not).
 * Returns the columns used (<= cols).  *taken (optional) is set to the
 * number of bytes of s consumed. */
int tw_clip(const char *s, size_t n, int cols, struct buf *out, size_t *taken);
/* As tw_clip, but when s does not fit, the last column shows that it was
 * cut: "…" ("~" without UTF-8).  Returns the columns used. */
int tw_clip_mark(const char *s, size_t n, int cols, struct buf *out);

/* Word wrapping of safe text (the output of tw_sanitize): returns how many
 * bytes of s[0..n) go on a line of `cols` columns (breaking after the last
 * space that lets the line fit, or inside a word longer than the line) and
 * sets *next to where the following line starts (spaces at the break are
 * skipped).  Returns 0 with *next = n when s is empty. */
size_t tw_wrap_line(const char *s, size_t n, int cols, size_t *next);

/* Appends s as a search compares it, so that "örebro" finds "Örebro" and
 * å, ä, ö and a few other letters match whether they are written as one
 * character or as a letter and a combining mark: each character lower case
 * (any letter the locale knows), a composed pair as one, UTF-8 again (a
 * byte that is not UTF-8 as 0xFF and it).  A needle is found in a text when
 * its fold is found in the text's fold (tw_fold_find), so a text searched
 * often is folded once. */
void tw_fold(const char *s, struct buf *out);
/* A folded needle, and where tw_fold_find looks for it first: its byte
 * least common in plan text. */
struct tw_needle {
	const char *s;
	size_t n, rare;
};
void tw_needle_init(struct tw_needle *nd, const char *folded, size_t n);
/* Where the needle stands in hay[0..hn) (both folded), or NULL. */
const char *tw_fold_find(const char *hay, size_t hn, const struct tw_needle *nd);
/* Makes the character at byte `at` of b upper case when it is a lower
 * case letter of ASCII or Latin-1 (å → Å). */
void tw_capitalize(struct buf *b, size_t at);

#endif
