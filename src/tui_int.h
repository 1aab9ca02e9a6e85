/* tui_int.h — what the workbench's files share.  The only header that
 * includes curses. */
#ifndef SAMPLAN_TUI_INT_H
#define SAMPLAN_TUI_INT_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "history.h"
#include "journal.h"
#include "session.h"
#include "lock.h"
#include "model.h"
#include "ops.h"
#include "store.h"
#include "tui_line.h"
#include "userconf.h"
#include "util.h"

/* The smallest screen the workbench works on; below the full size it
 * leaves out the detail pane and the groups column. */
#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 20
#define TUI_FULL_COLS 80
#define TUI_FULL_LINES 24

static inline bool tui_small(void)
{
	return COLS < TUI_FULL_COLS || LINES < TUI_FULL_LINES;
}

enum tui_view { V_CHANGES, V_PRIORITISED, V_GROUPS, V_STATUS, V_MATRIX, V_ACTIVITIES, V_MEETING,
		V_COUNT };

/* Every user action: one entry each in the command table (tui.c). */
enum cmd {
	CMD_NONE = -1,
	CMD_DOWN, CMD_UP, CMD_PGDN, CMD_PGUP, CMD_HOME, CMD_END,
	CMD_NEXT_VIEW, CMD_VIEW1, CMD_VIEW2, CMD_VIEW3, CMD_VIEW4, CMD_VIEW5, CMD_VIEW6, CMD_VIEW7,
	CMD_CELL_LEFT, CMD_CELL_RIGHT, CMD_CELL_TOGGLE,
	CMD_GROUP_ADD, CMD_GROUP_MEMBERS,
	CMD_STATUS, CMD_PRIORITY, CMD_GROUPS, CMD_UNDO, CMD_REDO, CMD_SAVE,
	CMD_EDIT_TEXT, CMD_EDIT_NOTES, CMD_ADD, CMD_FOLLOWUP, CMD_DELETE, CMD_MOVE_UP,
	CMD_MOVE_DOWN, CMD_SEARCH, CMD_NEXT_MATCH, CMD_PREV_MATCH,
	CMD_FILTER_STATUS, CMD_FILTER_GROUP,
	CMD_YEAR_PREV, CMD_YEAR_NEXT, CMD_PRIORITY_YEAR, CMD_FOCUS_YEAR, CMD_HORIZON,
	CMD_PRINT, CMD_COMMIT, CMD_SYNC, CMD_HISTORY, CMD_SINCE,
	CMD_TICK, CMD_MEETING_PREV, CMD_MEETING_NEXT, CMD_WALK, CMD_CLOSE_MEETING,
	CMD_OPEN, CMD_HELP, CMD_QUIT,
	CMD_COUNT
};

/* Function keys are kept apart from characters in one int. */
#define TUI_FKEY(k) (0x200000 + (k))
#define TUI_CTRL(c) ((c) & 0x1f)

struct tui_command {
	const char *name; /* short, for the hint line (N_) */
	const char *help; /* for the help screen (N_) */
	int keys[3];      /* 0-terminated */
	unsigned views;   /* views whose hint line shows it (bit per view) */
	int keep;         /* when the hint line is too narrow, the hints
			   * with the least `keep` give way first */
	/* views where its keys work (bit per view; 0: every view); a key
	 * may mean another command in another view */
	unsigned active;
};
extern const struct tui_command tui_commands[CMD_COUNT];
/* Writes a key's name ("j", "↓", "^R", "Tab") into out (at least 16). */
void tui_key_name(int key, char *out, size_t n);

/* What the keys do while a prompt or menu is open. */
enum tui_mode {
	M_NORMAL, M_STATUS_MENU, M_GROUP_PICKER, M_EDIT, M_CONFIRM_DELETE,
	M_FORM, M_ROSTER, M_DETAIL, M_RELOAD_ASK, M_CONFLICT,
	M_QUIT_ASK, M_HELP, M_PRINT_MENU, M_HISTORY, M_EFFECT_PICKER
};
enum edit_target {
	E_TEXT, E_NOTES, E_ADD, E_SEARCH, E_PRINT, E_COMMIT, E_SINCE,
	E_MEMBER,     /* a member of the roster: added at, or replacing, roster_sel */
	E_YEAR,       /* a year to prioritise the selected change in */
	E_SAVE_AS,    /* a directory to save the plan in (its own is gone) */
	E_ATTENDEE,   /* the name of someone at the meeting shown */
	E_COUNT
};

/* A line of a view that is built, not drawn from the plan directly.  A
 * row of a record is a (kind, record): a change, an activity, a
 * follow-up (R_RECORD), or a group's heading (R_GROUP). */
enum row_kind { R_BLANK, R_TITLE, R_INFO, R_BAR, R_RECORD, R_GROUP, R_TOTALS };
struct row {
	enum row_kind kind;
	const char *label;      /* R_TITLE, R_INFO, R_BAR */
	char *owned;            /* label when made for the row (owned) */
	const char *text;       /* R_INFO: the value */
	char *owned_text;       /* text when made for the row (owned) */
	int hang;               /* R_INFO without a label: columns before text */
	enum kind rk;           /* R_RECORD, R_GROUP: the record's kind */
	void *rec;              /* and the record (R_GROUP: NULL for the
				 * changes no group has) */
	size_t count, total;    /* R_BAR; R_GROUP: its changes */
	int status;             /* R_BAR: status index for the colour */
};

struct view_rows {
	struct row *v;
	size_t n, cap;
	bool valid;
};

struct tui;
/* A view of the plan: one entry per view in tui_views (tui_view.c).  The
 * code asks the table how a view behaves, not which view it is. */
struct tui_view_ops {
	const char *tab; /* on the tab line (N_) */
	/* appends the view's rows to an empty r */
	void (*build)(struct tui *t, struct view_rows *r);
	bool report;     /* every row can be selected; read from the top */
	bool headed;     /* headings above its first rows stay in sight */
	int indent;      /* column of a change row's id */
	bool matrix;     /* change rows are drawn as the effects matrix */
};
extern const struct tui_view_ops tui_views[V_COUNT];

/* Handlers say what must happen next; only the loop draws. */
enum { F_NONE = 0, F_REDRAW = 1, F_QUIT = 2 };

struct tui {
	const char *dir;
	/* the plan, its undo history and its crash journal (s.journal: NULL
	 * when read-only) */
	struct session s;
	enum tui_view view;
	enum tui_mode mode;
	size_t sel[V_COUNT], top[V_COUNT];
	int year; /* the focus year shown (the plan's, until switched) */
	/* the changes view's filter: a status index, a group index (or
	 * FILTER_UNASSIGNED); -1: none */
	long filter_status, filter_group;
	struct buf msg;
	bool msg_error;
	struct lineedit le;
	enum edit_target edit;
	char *search;
	/* What a search compares each change's id, text and notes as
	 * (tw_fold), folded once: a change's entry is folded again only when
	 * one of the three has changed since (a new string), and all of them
	 * when the plan is read again (session.gen).  The folds stand one
	 * after another in `text`, NUL between the fields; `live` bytes of it
	 * are in use, the rest is the old folds of edited changes. */
	struct search_folds {
		struct fold_slot {
			const struct change *c;
			const char *id, *text, *notes;
			size_t off, len;
		} *v;
		size_t cap, used, live;
		struct buf text;
		unsigned gen;
	} folds;
	size_t menu_sel;   /* status menu, group picker, print menu, field menu */
	size_t cell;       /* the matrix's column: an effect's index */
	size_t cell_left;  /* the matrix's first column shown */
	bool roster_new;   /* E_MEMBER: a new member, not the one at roster_sel */
	size_t roster_sel; /* M_ROSTER: the selected member */
	bool picker_toggled; /* M_GROUP_PICKER: a group toggled since it opened */
	struct tui_form *form; /* M_FORM: the record's fields (tui_form.c) */
	int print_format;  /* enum print_format, while asking for the file */
	size_t help_top, help_lines; /* M_HELP: the first line shown, all lines */
	bool colour;
	int theme;         /* enum theme (userconf.h) */
	int key_ctrl_left, key_ctrl_right; /* from terminfo; -1: none */
	struct view_rows rows[V_COUNT]; /* views 2-4; invalid after every op */
	/* which activities serve which change (tui_served): dropped with the
	 * rows after every op */
	struct ref_index served;
	bool served_valid;
	unsigned served_asked; /* since the last op, unanswered */
	/* the change or group selected when the rows were dropped */
	const void *keep[V_COUNT];
	int list_h;        /* rows of the list, set by the last draw */
	int cur_y, cur_x;  /* where a draw leaves the terminal's cursor (-1: none) */
	/* the detail: rows drawn only within [clip_top, clip_bottom); more:
	 * the last draw had more than fitted; top: M_DETAIL's scroll */
	int clip_top, clip_bottom;
	bool detail_more;
	int detail_top;
	struct buf scratch;
	/* never clobber, never lose (tui.c): the plan's lock, the crash
	 * journal and the edits it holds, the re-applying of edits */
	bool read_only;
	char *read_only_why;      /* why, for the refusal (owned) */
	char *notice;             /* said once the workbench is up (owned) */
	struct lock *lock;        /* NULL when read-only */
	struct tui_replay *replay; /* while re-applied edits are decided */
	struct tui_git *git; /* commit, history, marks (tui_git.c); NULL: none yet */
	/* the meeting view's meeting: its id (owned; NULL: the day's, else
	 * the next one) */
	char *meeting;
	/* the decision round (walk): one change at a time on the whole
	 * screen, in the changes view; each edit of the plan made in it is
	 * recorded in the agenda point walk_point (a path, owned) */
	bool walk;
	char *walk_point;
};

/* The meeting the meeting view shows (t->meeting, or when it names none
 * the day's meeting, else the next one, else the last); NULL when the
 * plan has none. */
struct meeting *tui_meeting(struct tui *t);

/* What the workbench knows of the plan's git history (tui_git.c). */
struct tui_git {
	char *commit_body;       /* while the commit message is edited */
	size_t commit_top;       /* its first line shown */
	bool detached;           /* HEAD on no branch: said above the message */
	struct timeline history; /* the selected change's history, M_HISTORY */
	char *history_id;
	size_t history_top;
	struct plan *since;      /* the plan at the revision marks compare with */
	char *since_label;       /* "2025-03-19 (1a2b3c4)" */
};

#define FILTER_UNASSIGNED (-2)

/* get_wch waits at most this long, so that the loop sees a signal's flag */
#define TUI_WAIT_MS 1000

/* Several ops as one edit, undone and redone together: each made against
 * the plan as the ones before left it, then applied with tui_edit_apply. */
struct tui_edit {
	size_t first, done;
	struct buf err, warn;
};
void tui_edit_begin(struct tui *t, struct tui_edit *e);
/* Applies the made op *op (taken over) as part of edit e; returns 0, or
 * -1 when refused (why in e->err; the edit is then undone whole). */
int tui_edit_apply(struct tui *t, struct tui_edit *e, struct op *op);
/* Ends edit e: says what it did, or (when something was refused, e->err)
 * undoes what it had done and says why. */
int tui_edit_end(struct tui *t, struct tui_edit *e);
/* The line editor's keys (t->le): true when the key edited the line. */
bool tui_le_key(struct tui *t, int r, wint_t w);
/* Alt-b, Alt-f: a word back, forward (the character read after Esc). */
bool tui_le_alt(struct tui *t, int a);
/* Reads what follows an Esc at once: Alt-b/Alt-f; -1 for a lone Esc (a
 * key read after it is read again next). */
int tui_read_alt(void);
/* Shows a record made in a form where it is listed, selected. */
void tui_show_record(struct tui *t, enum kind k, const char *id);

/* tui_form.c: every field of a record on one screen, one edit */
/* Opens the form on record k:id (a path; NULL: a new one; assign_to: the
 * change a new group goes to, from the picker: Esc goes back to the
 * picker, done closes both), the cursor on field `field`. */
int tui_form_open(struct tui *t, enum kind k, const char *id, const char *assign_to, int field);
/* A new record inside the record at `parent` (of k's parent kind): the
 * form opened on it, then its fields given beforehand (prefill). */
int tui_form_open_in(struct tui *t, enum kind k, const char *parent, int field);
/* Puts `value` in field f of the form (a new record's default). */
void tui_form_prefill(struct tui *t, int field, const char *value);
/* What a form's title says besides the record (tui_view.c): for a
 * follow-up, which parties have followed the activity up for the year
 * shown.  `path`: the record's, or the new one's parent's. */
void tui_form_title_more(struct tui *t, enum kind k, const char *path, struct buf *out);
int tui_form_key(struct tui *t, int r, wint_t w);
void tui_form_draw(struct tui *t);
void tui_form_close(struct tui *t);
void tui_form_free(struct tui *t);

/* tui_git.c: commit, a change's history, "since the last meeting" */
int tui_git_command(struct tui *t, enum cmd cmd);
/* The line editor closed with Enter on E_COMMIT or E_SINCE; takes `text`. */
int tui_git_finish_edit(struct tui *t, char *text);
int tui_git_history_key(struct tui *t, int key);
/* True when `c` changed since the marked revision. */
bool tui_git_marked(const struct tui *t, const struct change *c);
/* What changed in c since the marked revision, for people ("* since
 * 2025-03-19 (1a2b3c4): status Ej påbörjad → Pågår; text"); nothing
 * when it is not marked. */
void tui_git_changed(const struct tui *t, const struct change *c, struct buf *out);
/* After a successful save: commits when the user's settings ask for it. */
void tui_git_after_save(struct tui *t);
void tui_git_free(struct tui *t);
/* tui_view.c: the history box and the commit message's body */
void tui_draw_history(struct tui *t);
void tui_draw_commit_body(struct tui *t);
/* tui.c */
/* Whether the command edits the plan (refused, and not hinted, when
 * read-only). */
bool tui_cmd_edits(enum cmd cmd);
/* The line editor's prompt when its target's own says too little (a new
 * group's lead and members), NULL otherwise; the caller frees it. */
char *tui_edit_prompt(struct tui *t);
void tui_say(struct tui *t, bool error, const char *fmt, ...) ATTR_PRINTF(3, 4);

/* tui_view.c */
/* Draws file text safely at (y, x), clipped to `cols`; returns the
 * columns used. */
int tui_put_text(struct tui *t, int y, int x, const char *s, int cols);
void tui_fill_to(int y, int x, int end);
/* Where the draw leaves the terminal's cursor: the selected row's (or
 * item's) start, which screen readers follow. */
void tui_cursor_at(struct tui *t, int y, int x);
/* A dialog: a box sized to its title (wrapped when wider than the
 * screen) and to n rows of items `widest` columns wide.  Returns the
 * first item's row; *x0 and *iw: the items' column and width. */
int tui_draw_dialog(struct tui *t, const char *title, int n, int widest, int *x0, int *iw);
/* The changes view shows a filtered list (built rows). */
bool tui_filtered(const struct tui *t);
void tui_colours_init(struct tui *t);
void tui_draw(struct tui *t);
/* The rows of a built view, built when invalid. */
const struct view_rows *tui_rows(struct tui *t, enum tui_view v);
void tui_invalidate(struct tui *t);
/* Which activities serve which change, made once after each op: `now`,
 * or at the second time of asking (NULL the first time: one change's
 * activities are found faster by a scan than by making the index, so a
 * first paint does not make it). */
const struct ref_index *tui_served(struct tui *t, bool now);
/* Frees the rows of a view and what they own; r is empty and invalid after. */
void tui_rows_free(struct view_rows *r);
/* The shown view's rows are the plan's changes themselves, in order (the
 * changes view without a filter: nothing is built, row i is change i). */
bool tui_rows_are_plan(const struct tui *t);
size_t tui_nrows(struct tui *t);
struct change *tui_row_change(struct tui *t, size_t row);
/* The group of a group's heading row, NULL on any other row. */
struct group *tui_row_group(struct tui *t, size_t row);
/* The record of a row (a change, a group's heading, an activity, a
 * follow-up) and its kind; NULL on a row of no record. */
void *tui_row_record(struct tui *t, size_t row, enum kind *k);
/* Whether the cursor may stand on a row of the shown view. */
bool tui_row_selectable(struct tui *t, size_t row);
bool tui_modified(const struct tui *t);

#endif
