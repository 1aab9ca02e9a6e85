/* tui_line.h — the line editor's text and cursor, without curses (the
 * screen part is in tui.c; the unit tests link this).  The text is UTF-8;
 * the cursor moves by character (a combining mark goes with the character
 * before it) and by word, and the view scrolls sideways to keep the cursor
 * on screen. */
#ifndef SAMPLAN_TUI_LINE_H
#define SAMPLAN_TUI_LINE_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct lineedit {
	struct buf text; /* owned */
	size_t cur;      /* byte offset of the cursor, on a character boundary */
	size_t scroll;   /* byte offset of the first character shown */
	bool all;        /* the whole text is selected: typing replaces it */
};

/* Starts editing a copy of `s` with the cursor at the end. */
void le_init(struct lineedit *le, const char *s);
/* The same with the whole text selected (a search's last term): the first
 * character typed, or a deletion, replaces it; a move unselects it. */
void le_init_selected(struct lineedit *le, const char *s);
void le_free(struct lineedit *le);

/* Inserts n bytes of UTF-8 at the cursor (invalid bytes are dropped). */
void le_insert(struct lineedit *le, const char *s, size_t n);
void le_left(struct lineedit *le);
void le_right(struct lineedit *le);
void le_word_left(struct lineedit *le);
void le_word_right(struct lineedit *le);
void le_home(struct lineedit *le);
void le_end(struct lineedit *le);
void le_backspace(struct lineedit *le);
void le_delete(struct lineedit *le);
void le_kill_word(struct lineedit *le); /* Ctrl-W: the word before the cursor */
void le_kill_start(struct lineedit *le); /* Ctrl-U: all before the cursor */

/* Brings the cursor into a field of `cols` columns: adjusts le->scroll and
 * returns the cursor's column in the field. */
int le_view(struct lineedit *le, int cols);

#endif
