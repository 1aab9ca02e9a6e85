/* tui.c — the workbench: the command table, the main loop and what each
 * command does.  Handlers change the state and return flags (F_REDRAW,
 * F_QUIT); only the loop draws (tui_view.c). */
#include "config.h"

#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "gitrun.h"
#include "history.h"
#include "atomicfile.h"
#include "i18n.h"
#include "journal.h"
#include "lock.h"
#include "minutes.h"
#include "nfc.h"
#include "plansource.h"
#include "print.h"
#include "store.h"
#include "textwidth.h"
#include "tui_int.h"
#include "tui_term.h"
#include "txn.h"

#define ALL_VIEWS ((1u << V_COUNT) - 1)
#define V1 (1u << V_CHANGES)
#define V2 (1u << V_PRIORITISED)
#define V3 (1u << V_GROUPS)
#define V5 (1u << V_MATRIX)
#define V6 (1u << V_ACTIVITIES)
#define V7 (1u << V_MEETING)
/* the views whose rows are changes: where p, g and y are hinted */
#define EDIT_VIEWS (ALL_VIEWS & ~(V6 | V7))

/* The one list of actions: hints, help screen and keymap come from it. */
const struct tui_command tui_commands[CMD_COUNT] = {
	[CMD_DOWN] = { N_("down"), N_("select the next change"), { 'j', TUI_FKEY(KEY_DOWN) }, 0 },
	[CMD_UP] = { N_("up"), N_("select the previous change"), { 'k', TUI_FKEY(KEY_UP) }, 0 },
	[CMD_PGDN] = { N_("page down"), N_("one page down"), { TUI_FKEY(KEY_NPAGE), TUI_CTRL('f') }, 0 },
	[CMD_PGUP] = { N_("page up"), N_("one page up"), { TUI_FKEY(KEY_PPAGE), TUI_CTRL('b') }, 0 },
	[CMD_HOME] = { N_("first"), N_("select the first change"), { TUI_FKEY(KEY_HOME), '<' }, 0 },
	[CMD_END] = { N_("last"), N_("select the last change"), { TUI_FKEY(KEY_END), '>' }, 0 },
	[CMD_NEXT_VIEW] = { N_("next view"), N_("switch to the next view"), { '\t' }, 0 },
	[CMD_VIEW1] = { N_("changes"), N_("view: all changes"), { '1' }, 0 },
	[CMD_VIEW2] = { N_("prioritised"), N_("view: changes prioritised in the focus year"), { '2' }, 0 },
	[CMD_VIEW3] = { N_("groups"), N_("view: working groups and their changes"), { '3' }, 0 },
	[CMD_VIEW4] = { N_("status"), N_("view: counts per status, overall and per group"), { '4' }, 0 },
	[CMD_VIEW5] = { N_("matrix"), N_("view: the matrix of changes and the effects they are linked to"), { '5' }, 0 },
	[CMD_VIEW6] = { N_("activities"), N_("view: the activities under the changes they serve, and their follow-ups"), { '6' }, 0 },
	[CMD_VIEW7] = { N_("meeting"), N_("view: the meeting of the day (else the next): open actions first, who is here, the agenda, the actions"), { '7' }, 0 },
	[CMD_CELL_LEFT] = { N_("left"), N_("the matrix's effect to the left"), { TUI_FKEY(KEY_LEFT), 'h' }, 0,
			    .active = V5 },
	[CMD_CELL_RIGHT] = { N_("right"), N_("the matrix's effect to the right"), { TUI_FKEY(KEY_RIGHT), 'l' }, 0,
			     .active = V5 },
	[CMD_CELL_TOGGLE] = { N_("link"), N_("link the change to the effect in the matrix, or unlink it"), { ' ' }, V5,
			      .active = V5, .keep = 2 },
	[CMD_STATUS] = { N_("status"), N_("set the status of the change or the activity (menu; then a digit)"), { 's' }, ALL_VIEWS & ~V7, .keep = 2 },
	[CMD_PRIORITY] = { N_("prioritise"), N_("toggle: prioritised in the focus year (bold)"), { 'p' }, EDIT_VIEWS, .keep = 2 },
	[CMD_GROUPS] = { N_("groups"), N_("assign or unassign working groups (picker)"), { 'g' }, EDIT_VIEWS, .keep = 1 },
	[CMD_EDIT_TEXT] = { N_("edit"), N_("edit the text of the change; on any other record: all its fields in a form"), { 'e' }, V1 | V3 | V6 | V7, .keep = 2 },
	[CMD_EDIT_NOTES] = { N_("notes"), N_("edit the notes of the change (on a group, an activity or a follow-up: its form, at the notes)"), { 'E' }, V1 },
	[CMD_ADD] = { N_("add"), N_("add a change at the end (next free id); in view 6 an activity, in view 7 what the cursor's part of the meeting holds, in a form"), { 'a' }, V1 | V6 | V7,
		      .active = ALL_VIEWS & ~V3, .keep = 1 },
	[CMD_FOLLOWUP] = { N_("follow up"), N_("view 6: follow the activity up for the year shown (a form: year, party, what was done)"), { 'o' }, V6,
			   .active = V6, .keep = 2 },
	[CMD_DELETE] = { N_("delete"), N_("delete the selected change, group or other record (asks first)"), { 'D' }, V3 | V6 | V7 },
	[CMD_MOVE_UP] = { N_("move up"), N_("move the change (or the group) one place up in the plan"), { 'K' }, 0 },
	[CMD_MOVE_DOWN] = { N_("move down"), N_("move the change (or the group) one place down in the plan"), { 'J' }, 0 },
	[CMD_UNDO] = { N_("undo"), N_("undo the last edit (any number of times)"), { 'u' }, ALL_VIEWS, .keep = 3 },
	[CMD_REDO] = { N_("redo"), N_("redo the edit undone last"), { TUI_CTRL('r') }, 0 },
	[CMD_SAVE] = { N_("save"), N_("save the plan's files (only what changed)"), { 'w', TUI_CTRL('s') }, ALL_VIEWS, .keep = 3 },
	[CMD_SEARCH] = { N_("search"), N_("search the changes' ids, text and notes"), { '/' }, 0 },
	[CMD_NEXT_MATCH] = { N_("next match"), N_("the next match of the search"), { 'n' }, 0 },
	[CMD_PREV_MATCH] = { N_("previous match"), N_("the previous match of the search"), { 'N' }, 0 },
	[CMD_FILTER_STATUS] = { N_("filter"), N_("changes view: show only one status (again: the next; then all)"), { 'f' }, V1 },
	[CMD_FILTER_GROUP] = { N_("filter group"), N_("changes view: show only one group's changes, then the unassigned (then all)"), { 'F' }, 0 },
	[CMD_YEAR_PREV] = { N_("year-1"), N_("show the year before as the focus year"), { '[' }, V2,
			    .active = ALL_VIEWS & ~V7 },
	[CMD_YEAR_NEXT] = { N_("year+1"), N_("show the year after as the focus year"), { ']' }, V2,
			    .active = ALL_VIEWS & ~V7 },
	[CMD_PRIORITY_YEAR] = { N_("year"), N_("prioritise the change in a year you give, or no longer (asks; the next year is offered)"), { 'y' }, V1 | V2 },
	[CMD_FOCUS_YEAR] = { N_("set focus"), N_("make the year shown the plan's focus year (saved in plan.yaml)"), { 'Y' }, V2 },
	[CMD_HORIZON] = { N_("horizon"), N_("switch the change's horizon: short or long term"), { 'h' }, 0,
			  .active = ALL_VIEWS & ~V5 },
	[CMD_GROUP_ADD] = { N_("new group"), N_("a new working group, every field in a form (its id is made from its name)"), { 'a' }, V3,
			    .active = V3, .keep = 1 },
	[CMD_GROUP_MEMBERS] = { N_("members"), N_("the members of the group (add, edit, remove, reorder)"), { 'M' }, V3,
				.active = V3 },
	[CMD_PRINT] = { N_("print"), N_("print a snapshot of the plan to a file (format menu, then file name)"), { 'P' }, 0 },
	[CMD_COMMIT] = { N_("commit"), N_("commit the saved plan to git (the message is shown for editing)"), { 'c' }, 0 },
	[CMD_SYNC] = { N_("sync"), N_("send the saved plan to the others and bring in theirs (git: commit, fetch, merge, push)"), { 'S' }, 0 },
	[CMD_HISTORY] = { N_("history"), N_("the change's history: its status over time, from git"), { 'H' }, 0 },
	[CMD_SINCE] = { N_("since"), N_("mark the changes changed since the last meeting or a revision (again: unmark)"), { 'm' }, 0 },
	[CMD_TICK] = { N_("tick"), N_("meeting view: here or not; an action done or open; a topic onto the agenda"), { ' ' }, V7,
		       .active = V7, .keep = 2 },
	[CMD_MEETING_PREV] = { N_("meeting-1"), N_("meeting view: the meeting before"), { '[' }, V7, .active = V7 },
	[CMD_MEETING_NEXT] = { N_("meeting+1"), N_("meeting view: the meeting after"), { ']' }, V7, .active = V7 },
	[CMD_WALK] = { N_("decide"), N_("meeting view: the decision round from the agenda point: one change at a time, a key per decision, each recorded in the point"), { 'W' }, V7,
		       .active = V7, .keep = 2 },
	[CMD_CLOSE_MEETING] = { N_("close"), N_("meeting view: the meeting is held; save, then commit (the message is shown), then P prints its minutes"), { 'C' }, V7,
				.active = V7, .keep = 1 },
	[CMD_OPEN] = { N_("open"), N_("the selected change (or group) on the whole screen, to read all of it (Esc closes)"), { '\r', TUI_FKEY(KEY_ENTER), '\n' }, 0 },
	[CMD_HELP] = { N_("help"), N_("show every key"), { '?', TUI_FKEY(KEY_F(1)) }, ALL_VIEWS, .keep = 4 },
	[CMD_QUIT] = { N_("quit"), N_("quit (asks when there are unsaved edits)"), { 'q', TUI_CTRL('c') }, ALL_VIEWS, .keep = 4 },
};

void tui_key_name(int key, char *out, size_t n)
{
	static const struct { int key; const char *name; } names[] = {
		{ '\r', "Enter" }, { '\n', "Enter" }, { TUI_FKEY(KEY_ENTER), "Enter" },
		{ 27, "Esc" }, { TUI_FKEY(KEY_BTAB), "Shift-Tab" }, { TUI_FKEY(KEY_DC), "Del" },
		{ TUI_FKEY(KEY_DOWN), "↓" }, { TUI_FKEY(KEY_UP), "↑" },
		{ TUI_FKEY(KEY_NPAGE), "PgDn" }, { TUI_FKEY(KEY_PPAGE), "PgUp" },
		{ TUI_FKEY(KEY_HOME), "Home" }, { TUI_FKEY(KEY_END), "End" },
		{ TUI_FKEY(KEY_F(1)), "F1" }, { '\t', "Tab" }, { ' ', "Space" },
		{ TUI_FKEY(KEY_LEFT), "←" }, { TUI_FKEY(KEY_RIGHT), "→" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (names[i].key == key) {
			snprintf(out, n, "%s", MB_CUR_MAX > 1 || (unsigned char)names[i].name[0] < 0x80 ? names[i].name
				 : key == TUI_FKEY(KEY_DOWN) ? "Down" : key == TUI_FKEY(KEY_UP) ? "Up"
				 : key == TUI_FKEY(KEY_LEFT) ? "Left" : "Right");
			return;
		}
	if (key > 0 && key < 0x20)
		snprintf(out, n, "^%c", key + '@');
	else if (key >= 0x20 && key < 0x7f)
		snprintf(out, n, "%c", key);
	else
		snprintf(out, n, "?");
}

/* The command of `key` in view v: a key may mean another command in
 * another view. */
static enum cmd key_to_cmd(int key, enum tui_view v)
{
	for (int i = 0; i < CMD_COUNT; i++) {
		const struct tui_command *c = &tui_commands[i];
		if (c->active && !(c->active & (1u << v)))
			continue;
		for (int k = 0; k < 3 && c->keys[k]; k++)
			if (c->keys[k] == key)
				return (enum cmd)i;
	}
	return CMD_NONE;
}

#define say tui_say
void tui_say(struct tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&t->msg);
	va_start(ap, fmt);
	buf_vaddf(&t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = error;
}

static struct change *selected(struct tui *t)
{
	return tui_row_change(t, t->sel[t->view]);
}

static struct group *selected_group(struct tui *t)
{
	return tui_row_group(t, t->sel[t->view]);
}

/* The selected record other than a change or a group (an activity, a
 * follow-up, a meeting's point...), its kind in *k; NULL on any other
 * row. */
static void *selected_record(struct tui *t, enum kind *k)
{
	void *r = tui_row_record(t, t->sel[t->view], k);
	return r && *k != K_CHANGE && *k != K_GROUP ? r : NULL;
}

/* A record's path, in t->scratch's place: valid till the next call. */
static const char *path_of(struct tui *t, enum kind k, const void *r)
{
	static struct buf b = BUF_INIT;
	buf_reset(&b);
	rec_path(k, r, &b);
	(void)t;
	return buf_str(&b);
}

/* The field of kind k that is a status (FT_REF to statuses), or -1. */
static int status_field(enum kind k)
{
	const struct kind_info *kd = kind_of(k);
	for (int f = 0; f < kd->nfields; f++)
		if (kd->fields[f].type == FT_REF && kd->fields[f].ref == K_STATUS)
			return f;
	return -1;
}

/* The field a form opens at for e (the text) or E (the notes): the
 * kind's name field, its last multi-line one. */
static int form_field(enum kind k, bool notes)
{
	const struct kind_info *kd = kind_of(k);
	int f = kd->name_field >= 0 ? kd->name_field : 0;
	for (int g = 0; notes && g < kd->nfields; g++)
		if (kd->fields[g].type == FT_TEXT)
			f = g;
	return f;
}

/* The activity a new follow-up goes in: the selected one, or the
 * selected follow-up's. */
static struct activity *selected_activity(struct tui *t)
{
	enum kind k;
	void *r = selected_record(t, &k);
	return !r ? NULL : k == K_ACTIVITY ? r : k == K_FOLLOWUP ? rec_head(r)->parent : NULL;
}

/* ---- edits through ops, with undo ---------------------------------------- */

static void select_change(struct tui *t, const struct change *c)
{
	if (!c)
		return;
	if (tui_rows_are_plan(t)) {
		long i = plan_change_index(t->s.p, c);
		if (i >= 0)
			t->sel[V_CHANGES] = (size_t)i;
	} else {
		t->keep[t->view] = c;
	}
}

static void select_group(struct tui *t, const struct group *g)
{
	if (g && t->view == V_GROUPS)
		t->keep[V_GROUPS] = g;
}

/* ---- never lose: the journal of unsaved edits; read-only ----------------- */

/* Records an op already applied in the undo history.  Takes over *op. */
/* Says the journal's trouble, after what the op did. */
static void say_warning(struct tui *t, struct buf *warn)
{
	if (session_dir_gone(&t->s)) { /* the journal's file went with it */
		if (warn->len)
			buf_adds(warn, "; ");
		buf_addf(warn, _("%s is gone: the edits are only here; w saves them elsewhere"),
			 t->dir);
	}
	if (warn->len) {
		buf_adds(&t->msg, " — ");
		buf_adds(&t->msg, buf_str(warn));
		t->msg_error = true;
	}
	buf_release(warn);
}

/* The user quits without the unsaved edits (or with none left): the
 * journal is no longer needed. */
static void forget_unsaved(struct tui *t)
{
	session_forget_unsaved(&t->s);
}

/* A save was refused.  When because the file changed on disk (another
 * program, a git pull), offers to reload it and re-apply the unsaved
 * edits; returns true when it did. */
static bool offer_reload(struct tui *t)
{
	enum store_file_id f = session_changed_underneath(&t->s);
	if (f == SF_COUNT)
		return false;
	say(t, true, ngettext_("%s changed on disk: nothing was written. Reload it and re-apply your %zu edit? (y/n)",
			       "%s changed on disk: nothing was written. Reload it and re-apply your %zu edits? (y/n)",
			       t->s.npend),
	    store_file_name(f), t->s.npend);
	t->mode = M_RELOAD_ASK;
	return true;
}

bool tui_cmd_edits(enum cmd cmd)
{
	/* every command listed, so that -Wswitch names a new one left out */
	switch (cmd) {
	case CMD_STATUS: case CMD_PRIORITY: case CMD_GROUPS: case CMD_EDIT_TEXT:
	case CMD_EDIT_NOTES: case CMD_ADD: case CMD_DELETE: case CMD_MOVE_UP:
	case CMD_MOVE_DOWN: case CMD_UNDO: case CMD_REDO: case CMD_SAVE: case CMD_CELL_TOGGLE:
	case CMD_PRIORITY_YEAR: case CMD_FOCUS_YEAR: case CMD_HORIZON: case CMD_GROUP_ADD:
	case CMD_GROUP_MEMBERS: case CMD_FOLLOWUP: case CMD_SYNC: case CMD_TICK:
	case CMD_CLOSE_MEETING: case CMD_WALK:
		return true;
	case CMD_NONE: case CMD_DOWN: case CMD_UP: case CMD_PGDN: case CMD_PGUP:
	case CMD_HOME: case CMD_END: case CMD_NEXT_VIEW: case CMD_VIEW1: case CMD_VIEW2:
	case CMD_VIEW3: case CMD_VIEW4: case CMD_VIEW5: case CMD_VIEW6: case CMD_VIEW7:
	case CMD_CELL_LEFT: case CMD_CELL_RIGHT: case CMD_MEETING_PREV: case CMD_MEETING_NEXT:
	case CMD_SEARCH: case CMD_NEXT_MATCH:
	case CMD_PREV_MATCH: case CMD_FILTER_STATUS: case CMD_FILTER_GROUP:
	case CMD_YEAR_PREV: case CMD_YEAR_NEXT: case CMD_PRINT: case CMD_COMMIT:
	case CMD_HISTORY: case CMD_SINCE: case CMD_OPEN: case CMD_HELP: case CMD_QUIT: case CMD_COUNT:
		return false;
	}
	return false;
}

static int refuse_read_only(struct tui *t)
{
	say(t, true, _("read-only: no edits here (%s)"),
	    t->read_only_why ? t->read_only_why : _("opened with --read-only"));
	return F_REDRAW;
}

/* In the decision round: the edit of the plan just applied (the last op)
 * is recorded in the agenda point, in words, as one edit with it. */
static void record_decision(struct tui *t)
{
	const struct op *last = &t->s.ops[t->s.nundo - 1];
	if (!t->walk || !t->walk_point || kind_of_meetings(last->rk))
		return;
	struct buf said = BUF_INIT, err = BUF_INIT, warn = BUF_INIT;
	op_describe(t->s.p, last, &said);
	for (char *c = said.s; c && *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	struct op op;
	if (said.len && op_make_item(t->s.p, K_POINT, t->walk_point, PO_DECIDED, buf_str(&said), true,
				     &op, &err) == 0) {
		op.joined = true;
		session_apply(&t->s, &op, &err, &warn);
	}
	buf_release(&said);
	buf_release(&err);
	buf_release(&warn);
}

/* Applies a made op, records it for undo and says what it did.  Takes
 * over *op. */
static int push(struct tui *t, struct op *op)
{
	struct buf err = BUF_INIT, warn = BUF_INIT;
	switch (session_apply(&t->s, op, &err, &warn)) {
	case 0:
		say(t, false, "%s", _("nothing to change: it already is so"));
		break;
	case -1:
		say(t, true, "%s", buf_str(&err));
		break;
	default:
		tui_invalidate(t);
		buf_reset(&t->msg);
		op_describe(t->s.p, &t->s.ops[t->s.nundo - 1], &t->msg);
		t->msg_error = false;
		say_warning(t, &warn);
		record_decision(t);
		break;
	}
	buf_release(&err);
	buf_release(&warn);
	return F_REDRAW;
}

/* Item `id` of list field `field` of change c: put in when it is not
 * there, taken out when it is (a group assigned, an effect linked). */
static int toggle_item(struct tui *t, struct change *c, int field, const char *id)
{
	struct op op;
	struct buf err = BUF_INIT;
	int f = F_REDRAW;
	bool add = rec_list_find(c, K_CHANGE, field, id) >= rec_list_len(c, K_CHANGE, field);
	if (op_make_item(t->s.p, K_CHANGE, c->id, field, id, add, &op, &err) == 0)
		f = push(t, &op);
	else
		say(t, true, "%s", buf_str(&err));
	buf_release(&err);
	return f;
}

void tui_edit_begin(struct tui *t, struct tui_edit *e)
{
	e->first = t->s.nundo;
	e->done = 0;
	e->err = (struct buf)BUF_INIT;
	e->warn = (struct buf)BUF_INIT;
}

int tui_edit_apply(struct tui *t, struct tui_edit *e, struct op *op)
{
	op->joined = e->done > 0;
	int rc = session_apply(&t->s, op, &e->err, &e->warn);
	e->done += rc > 0;
	if (rc > 0)
		record_decision(t);
	return rc < 0 ? -1 : 0;
}

int tui_edit_end(struct tui *t, struct tui_edit *e)
{
	tui_invalidate(t);
	if (e->err.len) {
		if (e->done && t->s.nundo > e->first) /* not half an edit */
			session_undo(&t->s, &e->err, &e->warn);
		say(t, true, "%s", buf_str(&e->err));
	} else if (!e->done) {
		say(t, false, "%s", _("nothing to change: it already is so"));
	} else {
		buf_reset(&t->msg);
		for (size_t i = e->first; i < t->s.nundo;) {
			if (i > e->first)
				buf_adds(&t->msg, "; ");
			i += op_describe_at(t->s.p, t->s.ops, t->s.nundo, i, &t->msg);
		}
		t->msg_error = false;
		say_warning(t, &e->warn);
	}
	buf_release(&e->err);
	buf_release(&e->warn);
	return F_REDRAW;
}

static const struct change *op_change(const struct tui *t, const struct op *op)
{
	if (op->rk != K_CHANGE)
		return NULL;
	return op->rec ? op->rec : plan_find_change(t->s.p, op->id);
}

/* Says the edit that starts with op (an op of the undo history): its first
 * op, or the move that it and the op joined to it make. */
static void describe_edit_of(const struct tui *t, const struct op *op, struct buf *out)
{
	size_t i = (size_t)(op - t->s.ops), end = i + 1;
	while (end < t->s.nops && t->s.ops[end].joined)
		end++;
	op_describe_at(t->s.p, t->s.ops, end, i, out);
}

static int undo(struct tui *t)
{
	struct buf err = BUF_INIT, warn = BUF_INIT;
	const struct op *op = session_undo(&t->s, &err, &warn);
	if (!op && !err.len) {
		say(t, false, "%s", _("nothing to undo"));
	} else if (!op) {
		say(t, true, _("cannot undo: %s"), buf_str(&err));
	} else {
		struct buf d = BUF_INIT;
		describe_edit_of(t, op, &d);
		say(t, false, _("undone: %s"), buf_str(&d));
		say_warning(t, &warn);
		buf_release(&d);
		tui_invalidate(t);
		if (op->kind != OP_ADD)
			select_change(t, op_change(t, op));
	}
	buf_release(&err);
	buf_release(&warn);
	return F_REDRAW;
}

static int redo(struct tui *t)
{
	struct buf err = BUF_INIT, warn = BUF_INIT;
	const struct op *op = session_redo(&t->s, &err, &warn);
	if (!op && !err.len) {
		say(t, false, "%s", _("nothing to redo"));
	} else if (!op) {
		say(t, true, _("cannot redo: %s"), buf_str(&err));
	} else {
		struct buf d = BUF_INIT;
		describe_edit_of(t, op, &d);
		say(t, false, _("redone: %s"), buf_str(&d));
		say_warning(t, &warn);
		buf_release(&d);
		tui_invalidate(t);
		if (op->kind != OP_DELETE)
			select_change(t, op_change(t, op));
	}
	buf_release(&err);
	buf_release(&warn);
	return F_REDRAW;
}

static void exclude_from_git(const char *dir);
static int start_edit(struct tui *t, enum edit_target what, const char *text);

/* The plan's directory is gone: asks where to save it instead. */
static int ask_save_elsewhere(struct tui *t)
{
	if (!tui_modified(t)) {
		say(t, true, _("%s is gone (deleted or moved): nothing to save"), t->dir);
		return F_REDRAW;
	}
	say(t, true, _("%s is gone (deleted or moved): nothing was written; your edits are kept here"),
	    t->dir);
	return start_edit(t, E_SAVE_AS, t->dir);
}

/* The plan was read anew: every view starts at its top. */
static void views_to_top(struct tui *t)
{
	for (int v = 0; v < V_COUNT; v++) {
		t->keep[v] = NULL;
		t->sel[v] = t->top[v] = 0;
	}
}

/* Says the first of d's problems (as a reload's when `reload`), and
 * clears d. */
static int refused_plan_read(struct tui *t, bool reload, struct diags *d)
{
	struct buf b = BUF_INIT;
	if (d->n)
		diag_format(&d->v[0], &b);
	say(t, true, reload ? _("cannot reload: %s") : "%s", buf_str(&b));
	buf_release(&b);
	diags_clear(d);
	return F_REDRAW;
}

/* Saves the whole plan in directory `dir` and goes on there. */
static int save_to(struct tui *t, const char *dir)
{
	if (!*dir) {
		say(t, false, "%s", _("not saved: your edits are kept here"));
		return F_REDRAW;
	}
	struct diags d = DIAGS_INIT;
	int written = 0;
	tui_invalidate(t); /* the views point into the plan read again */
	if (session_save_to(&t->s, dir, &written, &d) < 0)
		return refused_plan_read(t, false, &d);
	diags_clear(&d);
	views_to_top(t);
	tui_git_free(t); /* marks and history were of the old directory */
	t->dir = t->s.dir;
	/* the lock and the journal move with the plan: the old ones go from
	 * the old directory (through it, wherever it went) */
	if (t->s.journal)
		journal_discard(t->s.journal);
	journal_close(&t->s.journal);
	lock_release(&t->lock);
	struct lock_info holder;
	struct buf why = BUF_INIT;
	bool took_over;
	enum lock_result lr = lock_take(t->dir, &t->lock, &holder, &took_over, &why);
	if (lr == LOCK_HELD)
		lock_info_describe(&holder, &why);
	lock_info_clear(&holder);
	if (lr != LOCK_TAKEN) {
		t->read_only = true;
		free(t->read_only_why);
		t->read_only_why = xstrdup(buf_str(&why));
	} else {
		exclude_from_git(t->dir);
		t->s.journal = journal_new(t->dir, 0);
	}
	buf_release(&why);
	say(t, false, ngettext_("saved the plan in %s (%d file written)",
				"saved the plan in %s (%d files written)", (unsigned long)written),
	    t->dir, written);
	if (t->read_only)
		buf_addf(&t->msg, _("; read-only: %s"), t->read_only_why);
	return F_REDRAW;
}

static int save(struct tui *t)
{
	if (session_dir_gone(&t->s))
		return ask_save_elsewhere(t);
	struct diags d = DIAGS_INIT;
	struct buf warn = BUF_INIT, b = BUF_INIT;
	int written = 0;
	size_t edits = session_unsaved(&t->s);
	/* an edit of several ops (a new group and its members) counts once */
	size_t from = t->s.saved_at == SIZE_MAX ? 0 : t->s.saved_at;
	if (from <= t->s.nundo)
		for (size_t i = from; i < t->s.nundo; i++)
			edits -= t->s.ops[i].joined;
	enum session_saved saved = session_save(&t->s, &written, &d, &warn);
	if (d.n)
		diag_format(&d.v[0], &b);
	diags_clear(&d);
	switch (saved) {
	case SAVE_REFUSED:
		if (!offer_reload(t))
			say(t, true, _("not saved: %s"), buf_str(&b));
		break;
	case SAVE_NOT_REREAD:
		say(t, true, _("saved, but the files could not be read back (%s); quit and reopen before saving again"),
		    buf_str(&b));
		break;
	case SAVE_DONE:
		if (!written) {
			say(t, false, "%s", _("nothing to save: the files already say so"));
		} else {
			say(t, false, ngettext_("saved %zu edit", "saved %zu edits", edits), edits);
			buf_addf(&t->msg, ngettext_(" (%d file written)", " (%d files written)",
						    (unsigned long)written), written);
			tui_git_after_save(t);
		}
		if (warn.len) {
			buf_adds(&t->msg, "; ");
			buf_adds(&t->msg, buf_str(&warn));
			t->msg_error = true;
		}
		break;
	}
	buf_release(&b);
	buf_release(&warn);
	return F_REDRAW;
}

/* ---- moving ----------------------------------------------------------------- */

/* Selects the next row holding a change in direction dir, at most `steps`
 * change rows away (stopping at the last one found). */
static void move_sel(struct tui *t, long dir, size_t steps)
{
	size_t n = tui_nrows(t), *sel = &t->sel[t->view];
	if (tui_rows_are_plan(t)) {
		if (!n)
			return;
		if (dir > 0) /* (steps may be SIZE_MAX: End) */
			*sel = steps >= n - *sel ? n - 1 : *sel + steps;
		else
			*sel = *sel >= steps ? *sel - steps : 0;
		return;
	}
	size_t at = *sel;
	for (size_t i = (size_t)*sel; steps > 0;) {
		if (dir > 0 ? i + 1 >= n : i == 0)
			break;
		i = dir > 0 ? i + 1 : i - 1;
		if (tui_row_selectable(t, i)) {
			at = i;
			steps--;
		}
	}
	*sel = at;
}

static void folds_clear(struct search_folds *f)
{
	free(f->v);
	buf_release(&f->text);
	memset(f, 0, sizeof(*f));
}

static size_t fold_hash(const void *p)
{
	uintptr_t h = (uintptr_t)p;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h ^ (h >> 29));
}

/* The slot of change c in f (a free one when c has none). */
static struct fold_slot *fold_slot(struct search_folds *f, const struct change *c)
{
	size_t mask = f->cap - 1, i = fold_hash(c) & mask;
	while (f->v[i].c && f->v[i].c != c)
		i = (i + 1) & mask;
	return &f->v[i];
}

/* Change c's id, text and notes folded (tw_fold), NUL between them: in
 * *len bytes at the pointer returned, valid until the next call. */
static const char *folded(struct tui *t, const struct change *c, size_t *len)
{
	struct search_folds *f = &t->folds;
	if (f->gen != t->s.gen || f->text.len > 2 * f->live + (1u << 20)) {
		/* a plan read again (its records are new), or mostly old folds */
		folds_clear(f);
		f->gen = t->s.gen;
	}
	if ((f->used + 1) * 2 > f->cap) {
		struct search_folds grown = *f;
		grown.cap = f->cap ? 2 * f->cap : 1024;
		grown.v = xcalloc(grown.cap, sizeof(*grown.v));
		for (size_t i = 0; i < f->cap; i++)
			if (f->v[i].c)
				*fold_slot(&grown, f->v[i].c) = f->v[i];
		free(f->v);
		*f = grown;
	}
	struct fold_slot *s = fold_slot(f, c);
	const char *notes = c->notes ? c->notes : "";
	if (s->c != c || s->id != c->id || s->text != c->text || s->notes != notes) {
		if (s->c)
			f->live -= s->len;
		else
			f->used++;
		*s = (struct fold_slot){ .c = c, .id = c->id, .text = c->text, .notes = notes,
					 .off = f->text.len };
		tw_fold(c->id, &f->text);
		buf_addc(&f->text, '\0');
		tw_fold(c->text, &f->text);
		buf_addc(&f->text, '\0');
		tw_fold(notes, &f->text);
		s->len = f->text.len - s->off;
		f->live += s->len;
	}
	*len = s->len;
	return f->text.s + s->off;
}

static int search(struct tui *t, int dir)
{
	if (!t->search || !*t->search) {
		say(t, false, "%s", _("no search yet: press / to search"));
		return F_REDRAW;
	}
	size_t n = tui_nrows(t), from = t->sel[t->view];
	/* a change's id, as people say it ("f7"), goes to that change */
	struct buf want = BUF_INIT;
	buf_adds(&want, t->search);
	tw_capitalize(&want, 0);
	const struct change *named = plan_find(t->s.p, K_CHANGE, want.s);
	for (size_t i = 0; named && i < n; i++)
		if (tui_row_change(t, i) == named) {
			t->sel[t->view] = i;
			say(t, false, _("found %s"), named->id);
			buf_release(&want);
			return F_REDRAW;
		}
	buf_reset(&want);
	tw_fold(t->search, &want);
	struct tw_needle needle;
	tw_needle_init(&needle, want.s, want.len);
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n - (k % n)) % n;
		const struct change *c = tui_row_change(t, i);
		size_t len;
		const char *hay = c ? folded(t, c, &len) : NULL;
		if (hay && tw_fold_find(hay, len, &needle)) {
			t->sel[t->view] = i;
			say(t, false, _("found '%s' in %s"), t->search, c->id);
			buf_release(&want);
			return F_REDRAW;
		}
	}
	buf_release(&want);
	say(t, true, _("not found: '%s'"), t->search);
	return F_REDRAW;
}

static int start_edit(struct tui *t, enum edit_target what, const char *text)
{
	le_init(&t->le, text);
	t->edit = what;
	t->mode = M_EDIT;
	return F_REDRAW;
}

/* ---- print ------------------------------------------------------------------ */

static const char *const print_exts[] = { "txt", "md", "html" };

static void print_today(char out[11])
{
	date_today(getenv("SAMPLAN_PRINT_DATE"), out);
}

/* The default file: samverkansplan-DATE.EXT in the plan's directory (the
 * plan's git excludes leave such snapshots out of its commits); in the
 * meeting view, the meeting's minutes, minnesanteckningar-DATE.EXT. */
static void print_default_path(struct tui *t, int fmt, struct buf *out)
{
	char date[16];
	print_today(date);
	const struct meeting *m = t->view == V_MEETING ? tui_meeting(t) : NULL;
	const char *dir = t->dir ? t->dir : ".";
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (strcmp(dir, ".") != 0)
		buf_addf(out, "%.*s/", (int)n, dir);
	if (m)
		buf_addf(out, MINUTES_DEFAULT_NAME "-%s.%s", m->date, print_exts[fmt]);
	else
		buf_addf(out, PRINT_DEFAULT_NAME "-%s.%s", date, print_exts[fmt]);
}

static int print_menu_key(struct tui *t, int key)
{
	int pick = -1;
	if (key >= '1' && key <= '3')
		pick = key - '1';
	else if (key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER))
		pick = (int)t->menu_sel;
	else if ((key == 'j' || key == TUI_FKEY(KEY_DOWN)) && t->menu_sel + 1 < 3)
		t->menu_sel++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->menu_sel > 0)
		t->menu_sel--;
	else if (key == 27 || key == 'q')
		t->mode = M_NORMAL;
	if (pick < 0)
		return F_REDRAW;
	t->print_format = pick;
	struct buf path = BUF_INIT;
	print_default_path(t, pick, &path);
	le_init(&t->le, buf_str(&path));
	buf_release(&path);
	t->edit = E_PRINT;
	t->mode = M_EDIT;
	return F_REDRAW;
}

static int print_to(struct tui *t, const char *path)
{
	if (!*path) {
		say(t, false, "%s", _("nothing printed"));
		return F_REDRAW;
	}
	const char *own = session_own_file(t->dir ? t->dir : ".", path);
	if (own) {
		say(t, true, _("not printed: %s is the plan's own %s; give another file"), path, own);
		return F_REDRAW;
	}
	char date[16];
	print_today(date);
	struct print_opts o = { .format = (enum print_format)t->print_format,
				.year = t->s.p->info->focus_year, .date = date };
	struct buf src = BUF_INIT, out = BUF_INIT;
	plan_source_line(t->dir ? t->dir : ".", &src);
	if (tui_modified(t))
		buf_adds(&src, _(" + unsaved edits"));
	o.source = buf_str(&src);
	const struct meeting *m = t->view == V_MEETING ? tui_meeting(t) : NULL;
	if (m) {
		/* the minutes, with the plan's edits of the day as git has them */
		struct oplist ops = OPLIST_INIT;
		struct plan *after = NULL;
		struct buf why = BUF_INIT;
		bool known = history_day_edits(t->dir ? t->dir : ".", m->date, &ops, &after, &why);
		struct minutes_opts mo = { .decided = known ? &ops : NULL,
					   .decided_in = after ? after : t->s.p,
					   .unknown = buf_str(&why), .source = o.source };
		minutes_print(t->s.p, m, &mo, &o, &out);
		oplist_clear(&ops);
		plan_free(&after);
		buf_release(&why);
	} else {
		print_plan(t->s.p, &o, &out);
	}
	if (write_file_atomic(path, buf_str(&out), out.len) < 0)
		say(t, true, _("cannot write %s: %s"), path, strerror(errno));
	else
		say(t, false, _("printed to %s"), path);
	buf_release(&src);
	buf_release(&out);
	return F_REDRAW;
}

/* ---- commands --------------------------------------------------------------- */

static void add_referrer(void *ctx, enum kind rk, void *rec, int field)
{
	(void)field;
	struct buf *b = ctx;
	buf_addf(b, "%s%s", b->len ? ", " : "", rec_id(rk, rec));
}

/* Asks before deleting group g; names the changes it is responsible for
 * (they are unassigned with it). */
static int ask_delete_group(struct tui *t, const struct group *g)
{
	struct buf who = BUF_INIT;
	size_t n = op_referrers(t->s.p, K_GROUP, g->id, add_referrer, &who);
	if (n)
		say(t, false, ngettext_("delete group %s? It is responsible for %s, which is unassigned from it (y/n)",
					"delete group %s? It is responsible for %s, which are unassigned from it (y/n)", n),
		    g->id, buf_str(&who));
	else
		say(t, false, _("delete group %s? (y/n)"), g->id);
	buf_release(&who);
	t->mode = M_CONFIRM_DELETE;
	return F_REDRAW;
}

static int need_change(struct tui *t, struct change **c)
{
	*c = selected(t);
	if (!*c)
		say(t, true, "%s", _("no change selected"));
	return *c != NULL;
}

/* ---- the meeting view ------------------------------------------------------ */

/* A (in the meeting view): what the cursor's part of the meeting holds,
 * in a form; someone at the meeting, by name. */
static int meeting_add(struct tui *t)
{
	struct meeting *m = tui_meeting(t);
	if (!m) {
		say(t, true, "%s", _("the plan has no meetings: samplan add meeting date=YYYY-MM-DD adds one"));
		return F_REDRAW;
	}
	/* the kind of the cursor's row (an empty part's row too: it has one) */
	enum kind k = K_POINT;
	tui_row_record(t, t->sel[t->view], &k);
	char *id = xstrdup(m->id); /* the form may outlive the record */
	switch (k) {
	case K_MEMBER:
		free(id);
		return start_edit(t, E_ATTENDEE, "");
	case K_GUEST:
		tui_form_open_in(t, K_GUEST, id, GU_NAME);
		break;
	case K_ACTION:
		tui_form_open_in(t, K_ACTION, id, AN_WHAT);
		break;
	case K_TOPIC:
		tui_form_open(t, K_TOPIC, NULL, NULL, TO_TEXT);
		tui_form_prefill(t, TO_FROM, id);
		break;
	default: {
		char n[16];
		const struct point *last = m->points.n ? m->points.v[m->points.n - 1] : NULL;
		snprintf(n, sizeof(n), "%d", last ? last->number + 1 : 1);
		tui_form_open_in(t, K_POINT, id, PO_TITLE);
		tui_form_prefill(t, PO_NUMBER, n);
		break;
	}
	}
	free(id);
	return F_REDRAW;
}

/* Space (in the meeting view): a member here or not, an action done (on
 * the meeting's day) or open again, a topic onto the agenda as its next
 * point. */
static int meeting_tick(struct tui *t)
{
	struct plan *p = t->s.p;
	struct meeting *m = tui_meeting(t);
	enum kind k;
	void *r = tui_row_record(t, t->sel[t->view], &k);
	struct op op;
	struct buf err = BUF_INIT;
	int f = F_REDRAW;
	if (!m || !r) {
		say(t, false, "%s", _("space ticks who is here, an action done, or a topic onto the agenda"));
		return F_REDRAW;
	}
	t->keep[t->view] = r;
	if (k == K_MEMBER) {
		const char *id = ((struct member *)r)->id;
		if (op_make_item(p, K_MEETING, m->id, ME_ATTENDEES, id, !strlist_contains(&m->attendees, id),
				 &op, &err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
	} else if (k == K_ACTION) {
		const struct action *a = r;
		if (op_make_set(p, K_ACTION, path_of(t, k, r), AN_DONE, *a->done ? "" : m->date, &op,
				&err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
	} else if (k == K_TOPIC) {
		/* a point made of it, and the topic placed: one edit */
		struct topic *to = r;
		struct tui_edit e;
		char n[16], *mid = xstrdup(m->id), *tid = xstrdup(to->id);
		const struct point *last = m->points.n ? m->points.v[m->points.n - 1] : NULL;
		snprintf(n, sizeof(n), "%d", last ? last->number + 1 : 1);
		struct point *pt = op_new_record(p, K_POINT);
		rec_head(pt)->parent = m;
		size_t line = strcspn(to->text, "\n");
		char *title = xstrndup(to->text, line);
		tui_edit_begin(t, &e);
		if (op_record_set(p, K_POINT, pt, PO_NUMBER, n, &e.err) == 0 &&
		    op_record_set(p, K_POINT, pt, PO_TITLE, title, &e.err) == 0 &&
		    (!to->text[line] || op_record_set(p, K_POINT, pt, PO_NOTES, to->text + line + 1,
						      &e.err) == 0) &&
		    op_make_add(p, K_POINT, m->points.n, pt, &op, &e.err) == 0 &&
		    tui_edit_apply(t, &e, &op) == 0 &&
		    op_make_set(p, K_TOPIC, tid, TO_MEETING, mid, &op, &e.err) == 0)
			tui_edit_apply(t, &e, &op);
		free(title);
		free(mid);
		free(tid);
		f = tui_edit_end(t, &e);
		if (plan_index(p, K_POINT, pt) >= 0)
			t->keep[t->view] = pt; /* the new point selected */
	} else {
		say(t, false, "%s", _("space ticks who is here, an action done, or a topic onto the agenda"));
	}
	buf_release(&err);
	return f;
}

/* Someone at the meeting, named: a member of the roster marked here, or
 * anyone else added as a guest (and said so). */
static int attendee_finish(struct tui *t, const char *name)
{
	struct plan *p = t->s.p;
	struct meeting *m = tui_meeting(t);
	struct op op;
	struct buf err = BUF_INIT;
	int f = F_REDRAW;
	if (!*name || !m) {
		say(t, false, "%s", _("cancelled"));
		return F_REDRAW;
	}
	const struct member *mb = NULL;
	for (size_t i = 0; i < plan_count(p, K_MEMBER) && !mb; i++) {
		const struct member *x = plan_rec(p, K_MEMBER, i);
		if (strcasecmp(x->name, name) == 0 || strcmp(x->id, name) == 0)
			mb = x;
	}
	if (mb && strlist_contains(&m->attendees, mb->id)) {
		say(t, false, _("%s is already marked as here"), mb->name);
	} else if (mb) {
		if (op_make_item(p, K_MEETING, m->id, ME_ATTENDEES, mb->id, true, &op, &err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
	} else {
		struct guest *g = op_new_record(p, K_GUEST);
		rec_head(g)->parent = m;
		if (op_record_set(p, K_GUEST, g, GU_NAME, name, &err) == 0 &&
		    op_make_add(p, K_GUEST, m->guests.n, g, &op, &err) == 0) {
			f = push(t, &op);
			/* TRANSLATORS: someone at a meeting who is not one of the
			 * management group's members */
			say(t, false, _("%s is not on the roster: added as a guest"), name);
		} else {
			say(t, true, "%s", buf_str(&err));
		}
	}
	buf_release(&err);
	return f;
}

/* [ and ] (in the meeting view): the meeting before or after the one
 * shown, by date (then by their order in the plan). */
static int meeting_step(struct tui *t, int dir)
{
	struct plan *p = t->s.p;
	struct meeting *m = tui_meeting(t);
	if (!m)
		return F_REDRAW;
	long at = plan_index(p, K_MEETING, m);
	const struct meeting *best = NULL;
	long best_at = -1;
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *e = plan_meeting(p, i);
		int c = strcmp(e->date, m->date);
		if (!c)
			c = (long)i < at ? -1 : (long)i > at ? 1 : 0;
		if (c * dir <= 0)
			continue;
		int b = best ? strcmp(e->date, best->date) : 0;
		if (best && !b)
			b = (long)i < best_at ? -1 : 1;
		if (!best || b * dir < 0) {
			best = e;
			best_at = (long)i;
		}
	}
	if (!best) {
		say(t, false, "%s", dir < 0 ? _("no meeting before this one") : _("no meeting after this one"));
		return F_REDRAW;
	}
	free(t->meeting);
	t->meeting = xstrdup(best->id);
	tui_invalidate(t);
	t->keep[V_MEETING] = NULL;
	t->sel[V_MEETING] = t->top[V_MEETING] = 0;
	return F_REDRAW;
}

static int meeting_close(struct tui *t);
static int run_command(struct tui *t, enum cmd cmd);

/* K and J on an agenda point: what it holds changes place with its
 * neighbour's (the numbers keep the order), one edit; the cursor follows. */
static int move_point(struct tui *t, struct point *pt, int delta)
{
	struct oplist ops = OPLIST_INIT;
	struct tui_edit e;
	const struct meeting *m = rec_head(pt)->parent;
	long at = plan_index(t->s.p, K_POINT, pt);
	tui_edit_begin(t, &e);
	if (op_make_point_move(t->s.p, path_of(t, K_POINT, pt), delta, &ops, &e.err) == 0)
		for (size_t i = 0; i < ops.n && !e.err.len; i++)
			tui_edit_apply(t, &e, &ops.v[i]);
	oplist_clear(&ops);
	int f = tui_edit_end(t, &e);
	long to = at + (delta < 0 ? -1 : 1);
	if (to >= 0 && (size_t)to < m->points.n)
		t->keep[t->view] = m->points.v[to];
	return f;
}

/* W (in the meeting view): the decision round from the selected agenda
 * point (else the last one): the changes one at a time, from the first. */
static int walk_start(struct tui *t)
{
	struct meeting *m = tui_meeting(t);
	enum kind k;
	void *r = tui_row_record(t, t->sel[t->view], &k);
	struct point *pt = r && k == K_POINT ? r
			   : m && m->points.n ? m->points.v[m->points.n - 1] : NULL;
	if (!pt) {
		say(t, true, "%s", _("the decisions are recorded in an agenda point: add one first (a)"));
		return F_REDRAW;
	}
	struct buf path = BUF_INIT;
	rec_path(K_POINT, pt, &path);
	free(t->walk_point);
	t->walk_point = buf_detach(&path);
	t->walk = true;
	t->view = V_CHANGES;
	t->filter_status = t->filter_group = -1;
	tui_invalidate(t);
	t->keep[V_CHANGES] = NULL;
	t->sel[V_CHANGES] = 0;
	/* TRANSLATORS: the decision round began; %s is the agenda point */
	say(t, false, _("decision round at point %s: j/k the next or previous change, Esc ends it"),
	    t->walk_point);
	return F_REDRAW;
}

static int walk_end(struct tui *t)
{
	t->walk = false;
	t->view = V_MEETING;
	tui_invalidate(t);
	if (t->walk_point)
		t->keep[V_MEETING] = plan_find(t->s.p, K_POINT, t->walk_point);
	free(t->walk_point);
	t->walk_point = NULL;
	return F_REDRAW;
}

/* A key in the decision round: one key per decision on the change shown
 * (a status by its digit, prioritised in the focus year or the next, a
 * group from the picker, a note), the next or previous change, or the
 * workbench's own keys (undo, save, help). */
static int walk_key(struct tui *t, int key)
{
	struct change *c = selected(t);
	struct op op;
	struct buf err = BUF_INIT;
	int f = F_REDRAW;
	size_t n = plan_count(t->s.p, K_CHANGE);
	if (key == 27 || key == 'q') {
		f = walk_end(t);
	} else if (key == 'j' || key == ' ' || key == TUI_FKEY(KEY_DOWN) || key == TUI_FKEY(KEY_NPAGE)) {
		if (t->sel[V_CHANGES] + 1 < n)
			t->sel[V_CHANGES]++;
		else
			say(t, false, "%s", _("the last change: Esc ends the round"));
	} else if (key == 'k' || key == TUI_FKEY(KEY_UP) || key == TUI_FKEY(KEY_PPAGE)) {
		if (t->sel[V_CHANGES] > 0)
			t->sel[V_CHANGES]--;
	} else if (key >= '1' && key <= '9' && c) {
		size_t i = (size_t)(key - '1');
		if (i >= plan_count(t->s.p, K_STATUS))
			say(t, true, _("no status %c (the plan has %zu)"), key, plan_count(t->s.p, K_STATUS));
		else if (op_make_set(t->s.p, K_CHANGE, c->id, CF_STATUS, plan_status(t->s.p, i)->key, &op,
				     &err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
	} else if (key == 'y' && c) {
		/* the year after the one shown, at once */
		if (op_make_year(t->s.p, c->id, t->year + 1, !yearlist_contains(&c->priority, t->year + 1),
				 &op, &err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
	} else if ((key == 'e' || key == 'E') && c) {
		f = start_edit(t, E_NOTES, c->notes);
	} else if (key == 'l' && c) {
		t->menu_sel = 0;
		t->mode = M_EFFECT_PICKER;
	} else if (key == 'C') {
		walk_end(t);
		f = meeting_close(t);
	} else {
		enum cmd cmd = key_to_cmd(key, V_CHANGES);
		/* the views and what moves through them are the round's own */
		if (cmd == CMD_PRIORITY || cmd == CMD_GROUPS || cmd == CMD_UNDO || cmd == CMD_REDO ||
		    cmd == CMD_SAVE || cmd == CMD_HELP || cmd == CMD_OPEN || cmd == CMD_HISTORY)
			f = run_command(t, cmd);
		else if (cmd != CMD_NONE)
			say(t, false, "%s", _("in the decision round: a digit sets the status, p and y prioritise, g assigns a group, l links an effect, e notes; Esc ends it"));
	}
	buf_release(&err);
	return f;
}

/* C (in the meeting view): the meeting is held; saved; the commit's
 * message shown for editing; then P prints the minutes. */
static int meeting_close(struct tui *t)
{
	struct meeting *m = tui_meeting(t);
	struct op op;
	struct buf err = BUF_INIT;
	if (!m) {
		say(t, true, "%s", _("the plan has no meetings: samplan add meeting date=YYYY-MM-DD adds one"));
		return F_REDRAW;
	}
	free(t->meeting);
	t->meeting = xstrdup(m->id);
	if (strcmp(m->status, "genomfort") != 0) {
		if (op_make_set(t->s.p, K_MEETING, m->id, ME_STATUS, "genomfort", &op, &err) != 0) {
			say(t, true, "%s", buf_str(&err));
			buf_release(&err);
			return F_REDRAW;
		}
		push(t, &op);
	}
	buf_release(&err);
	int f = save(t);
	if (tui_modified(t))
		return f; /* not saved: said why */
	return tui_git_command(t, CMD_COMMIT);
}

static int run_command(struct tui *t, enum cmd cmd)
{
	struct change *c;
	struct op op;
	struct buf err = BUF_INIT;
	int page = t->list_h > 1 ? t->list_h - 1 : 1;
	buf_reset(&t->msg);
	if (t->read_only && tui_cmd_edits(cmd))
		return refuse_read_only(t);
	switch (cmd) {
	case CMD_NONE:
	case CMD_COUNT:
		return F_NONE;
	case CMD_DOWN: move_sel(t, 1, 1); break;
	case CMD_UP: move_sel(t, -1, 1); break;
	case CMD_PGDN: move_sel(t, 1, (size_t)page); break;
	case CMD_PGUP: move_sel(t, -1, (size_t)page); break;
	case CMD_HOME: move_sel(t, -1, SIZE_MAX); break;
	case CMD_END: move_sel(t, 1, SIZE_MAX); break;
	case CMD_NEXT_VIEW: t->view = (enum tui_view)((t->view + 1) % V_COUNT); break;
	case CMD_VIEW1: case CMD_VIEW2: case CMD_VIEW3: case CMD_VIEW4: case CMD_VIEW5: case CMD_VIEW6:
	case CMD_VIEW7:
		t->view = (enum tui_view)(cmd - CMD_VIEW1);
		break;
	case CMD_CELL_LEFT:
		if (t->cell > 0)
			t->cell--;
		break;
	case CMD_CELL_RIGHT:
		if (t->cell + 1 < plan_count(t->s.p, K_EFFECT))
			t->cell++;
		break;
	case CMD_CELL_TOGGLE:
		if (need_change(t, &c) && t->cell < plan_count(t->s.p, K_EFFECT))
			return toggle_item(t, c, CF_EFFECTS, plan_effect(t->s.p, t->cell)->id);
		break;
	case CMD_STATUS: {
		enum kind k;
		void *r = selected_record(t, &k);
		if (r && status_field(k) < 0) {
			say(t, true, _("a %s has no status"), _(kind_of(k)->words->label));
			break;
		}
		if (r || need_change(t, &c)) {
			enum kind sk = r ? k : K_CHANGE;
			const void *rec = r ? r : c;
			long s = plan_find_status(t->s.p, rec_str(rec, kind_field(sk, status_field(sk))));
			t->menu_sel = s >= 0 ? (size_t)s : 0;
			t->mode = M_STATUS_MENU;
		}
		break;
	}
	case CMD_PRIORITY:
		if (need_change(t, &c)) {
			bool add = !change_is_prioritised(c, t->year);
			if (op_make_year(t->s.p, c->id, t->year, add, &op, &err) == 0)
				return push(t, &op);
			say(t, true, "%s", buf_str(&err));
		}
		break;
	case CMD_GROUPS:
		if (need_change(t, &c)) {
			t->menu_sel = 0;
			t->picker_toggled = false;
			t->mode = M_GROUP_PICKER;
		}
		break;
	case CMD_EDIT_TEXT:
	case CMD_EDIT_NOTES: {
		enum kind k;
		void *r = selected_record(t, &k);
		bool notes = cmd == CMD_EDIT_NOTES;
		if (r)
			return tui_form_open(t, k, path_of(t, k, r), NULL, form_field(k, notes));
		if (selected_group(t))
			return tui_form_open(t, K_GROUP, selected_group(t)->id, NULL,
					     notes ? GF_NOTES : GF_NAME);
		if (need_change(t, &c))
			return start_edit(t, notes ? E_NOTES : E_TEXT, notes ? c->notes : c->text);
		break;
	}
	case CMD_ADD:
		if (t->view == V_MEETING)
			return meeting_add(t);
		if (t->view == V_ACTIVITIES) {
			/* a new activity, serving the change the cursor is under */
			enum kind k;
			void *r = tui_row_record(t, t->sel[t->view], &k);
			struct activity *a = selected_activity(t);
			const char *serves = a && a->changes.n ? a->changes.v[0]
					     : r && k == K_CHANGE ? ((struct change *)r)->id : NULL;
			tui_form_open(t, K_ACTIVITY, NULL, NULL, AC_TEXT);
			if (serves)
				tui_form_prefill(t, AC_CHANGES, serves);
			return F_REDRAW;
		}
		return start_edit(t, E_ADD, "");
	case CMD_FOLLOWUP: {
		struct activity *a = selected_activity(t);
		if (!a) {
			say(t, true, "%s", _("no activity selected: move to an activity or its follow-ups"));
			break;
		}
		char year[16];
		snprintf(year, sizeof(year), "%d", t->year);
		tui_form_open_in(t, K_FOLLOWUP, a->id, FU_PARTY);
		tui_form_prefill(t, FU_YEAR, year);
		/* the first party that has not reported for the year */
		for (size_t i = 0; i < a->parties.n; i++) {
			char id[80];
			snprintf(id, sizeof(id), "%s/%d-%s", a->id, t->year, a->parties.v[i]);
			if (!plan_find(t->s.p, K_FOLLOWUP, id)) {
				tui_form_prefill(t, FU_PARTY, a->parties.v[i]);
				break;
			}
		}
		return F_REDRAW;
	}
	case CMD_GROUP_ADD:
		return tui_form_open(t, K_GROUP, NULL, NULL, GF_NAME);
	case CMD_GROUP_MEMBERS:
		if (!selected_group(t)) {
			say(t, true, "%s", _("no group selected: move to a group's name"));
			break;
		}
		t->roster_sel = 0;
		t->mode = M_ROSTER;
		break;
	case CMD_DELETE: {
		enum kind k;
		void *r = selected_record(t, &k);
		if (r) {
			say(t, false, _("delete %s %s? (y/n)"), _(kind_of(k)->words->label), path_of(t, k, r));
			t->mode = M_CONFIRM_DELETE;
			break;
		}
		if (selected_group(t))
			return ask_delete_group(t, selected_group(t));
		if (need_change(t, &c)) {
			say(t, false, _("delete %s? (y/n)"), c->id);
			t->mode = M_CONFIRM_DELETE;
		}
		break;
	}
	case CMD_MOVE_UP:
	case CMD_MOVE_DOWN: {
		enum kind k;
		void *r = selected_record(t, &k);
		if (r && k == K_POINT)
			return move_point(t, r, cmd == CMD_MOVE_UP ? -1 : 1);
		if (r) {
			if (op_make_move(t->s.p, k, path_of(t, k, r), cmd == CMD_MOVE_UP ? -1 : 1, &op, &err) == 0) {
				t->keep[t->view] = r;
				int f = push(t, &op);
				t->keep[t->view] = r;
				return f;
			}
			say(t, true, "%s", buf_str(&err));
		} else if (selected_group(t)) {
			struct group *g = selected_group(t);
			if (op_make_move(t->s.p, K_GROUP, g->id, cmd == CMD_MOVE_UP ? -1 : 1, &op, &err) == 0) {
				int f = push(t, &op);
				select_group(t, g);
				return f;
			}
			say(t, true, "%s", buf_str(&err));
		} else if (need_change(t, &c)) {
			if (op_make_move(t->s.p, K_CHANGE, c->id, cmd == CMD_MOVE_UP ? -1 : 1, &op, &err) == 0) {
				int f = push(t, &op);
				select_change(t, c);
				return f;
			}
			say(t, true, "%s", buf_str(&err));
		}
		break;
	}
	case CMD_UNDO: return undo(t);
	case CMD_REDO: return redo(t);
	case CMD_SAVE: return save(t);
	case CMD_SEARCH:
		le_init_selected(&t->le, t->search ? t->search : "");
		t->edit = E_SEARCH;
		t->mode = M_EDIT;
		return F_REDRAW;
	case CMD_NEXT_MATCH: return search(t, 1);
	case CMD_PREV_MATCH: return search(t, -1);
	case CMD_FILTER_STATUS:
	case CMD_FILTER_GROUP: {
		struct change *was = selected(t);
		long *f = cmd == CMD_FILTER_STATUS ? &t->filter_status : &t->filter_group;
		long n = cmd == CMD_FILTER_STATUS ? (long)plan_count(t->s.p, K_STATUS) : (long)plan_count(t->s.p, K_GROUP);
		if (cmd == CMD_FILTER_GROUP && *f == FILTER_UNASSIGNED)
			*f = -1;
		else if (cmd == CMD_FILTER_GROUP && *f + 1 >= n)
			*f = FILTER_UNASSIGNED;
		else
			*f = *f + 1 >= n ? -1 : *f + 1;
		t->view = V_CHANGES;
		tui_invalidate(t);
		t->rows[V_CHANGES].valid = false;
		t->keep[V_CHANGES] = NULL;
		t->sel[V_CHANGES] = 0;
		select_change(t, was);
		if (!tui_filtered(t))
			say(t, false, "%s", _("no filter: all changes"));
		break;
	}
	case CMD_YEAR_PREV:
	case CMD_YEAR_NEXT:
		t->year += cmd == CMD_YEAR_PREV ? -1 : 1;
		tui_invalidate(t);
		say(t, false, _("showing the priorities of %d"), t->year);
		break;
	case CMD_PRIORITY_YEAR:
		if (need_change(t, &c)) {
			char y[16];
			snprintf(y, sizeof(y), "%d", t->year + 1);
			return start_edit(t, E_YEAR, y);
		}
		break;
	case CMD_FOCUS_YEAR: {
		char y[16];
		snprintf(y, sizeof(y), "%d", t->year);
		if (op_make_set(t->s.p, K_PLAN, "", PL_FOCUS_YEAR, y, &op, &err) == 0)
			return push(t, &op);
		say(t, true, "%s", buf_str(&err));
		break;
	}
	case CMD_HORIZON:
		if (need_change(t, &c)) {
			const char *const *ch = kind_field(K_CHANGE, CF_HORIZON)->choices;
			const char *next = strcmp(c->horizon, ch[0]) == 0 ? ch[1] : ch[0];
			if (op_make_set(t->s.p, K_CHANGE, c->id, CF_HORIZON, next, &op, &err) == 0)
				return push(t, &op);
			say(t, true, "%s", buf_str(&err));
		}
		break;
	case CMD_PRINT:
		t->menu_sel = 1;
		t->mode = M_PRINT_MENU;
		break;
	case CMD_COMMIT:
	case CMD_SYNC:
	case CMD_HISTORY:
	case CMD_SINCE:
		return tui_git_command(t, cmd);
	case CMD_TICK: return meeting_tick(t);
	case CMD_MEETING_PREV: return meeting_step(t, -1);
	case CMD_MEETING_NEXT: return meeting_step(t, 1);
	case CMD_CLOSE_MEETING: return meeting_close(t);
	case CMD_WALK: return walk_start(t);
	case CMD_OPEN: {
		enum kind k;
		if (tui_row_record(t, t->sel[t->view], &k)) {
			t->detail_top = 0;
			t->mode = M_DETAIL;
		}
		break;
	}
	case CMD_HELP:
		t->help_top = 0;
		t->mode = M_HELP;
		break;
	case CMD_QUIT:
		if (!tui_modified(t))
			return F_QUIT;
		say(t, false, "%s", _("unsaved edits: s save and quit, d discard and quit, c cancel"));
		t->mode = M_QUIT_ASK;
		break;
	}
	buf_release(&err);
	return F_REDRAW;
}

/* ---- modes: menus, prompts, the line editor ------------------------------ */

/* A record made in a form is shown where it is listed: a new group in
 * the groups view, selected. */
void tui_show_record(struct tui *t, enum kind k, const char *id)
{
	if (k == K_ACTIVITY || k == K_FOLLOWUP) {
		/* where the activity plan is: the record selected there */
		t->view = V_ACTIVITIES;
		tui_invalidate(t);
		t->keep[V_ACTIVITIES] = plan_find(t->s.p, k, id);
		return;
	}
	if (k == K_MEMBER || kind_of(k)->file == SF_PLAN) {
		/* a meeting's records and the topics: where the meeting is */
		if (t->view != V_MEETING)
			return;
		tui_invalidate(t);
		t->keep[V_MEETING] = plan_find(t->s.p, k, id);
		return;
	}
	if (k != K_GROUP)
		return;
	t->view = V_GROUPS;
	select_group(t, plan_find_group(t->s.p, id));
}

/* The prompt of the line editor when the target's own does not say enough
 * (the flow of a new group); NULL otherwise.  Owned by the caller. */
char *tui_edit_prompt(struct tui *t)
{
	if (t->edit == E_SAVE_AS)
		return xasprintf(_("%s is gone; save the plan in the directory"), t->dir);
	return NULL;
}

/* The roster's line editor closed: a new member, or the selected one
 * changed (removed and put back at its place, one edit). */
static int roster_finish(struct tui *t, const char *name)
{
	struct group *g = selected_group(t);
	t->mode = M_ROSTER;
	if (!g)
		return F_REDRAW;
	if (!*name) {
		say(t, false, "%s", _("cancelled"));
		return F_REDRAW;
	}
	struct plan *p = t->s.p;
	struct tui_edit e;
	struct op op;
	size_t at = t->roster_sel;
	tui_edit_begin(t, &e);
	if (t->roster_new) {
		at = g->members.n ? at + 1 : 0;
	} else if (at < g->members.n && strcmp(g->members.v[at], name) != 0) {
		char *was = xstrdup(g->members.v[at]);
		if (op_make_item(p, K_GROUP, g->id, GF_MEMBERS, was, false, &op, &e.err) == 0)
			tui_edit_apply(t, &e, &op);
		free(was);
	} else {
		return tui_edit_end(t, &e);
	}
	if (!e.err.len && op_make_item(p, K_GROUP, g->id, GF_MEMBERS, name, true, &op, &e.err) == 0) {
		op.from = at;
		tui_edit_apply(t, &e, &op);
	}
	if (!e.err.len)
		t->roster_sel = at;
	return tui_edit_end(t, &e);
}

static int finish_edit(struct tui *t)
{
	/* composed, as the files are written: see nfc.h */
	char *typed = buf_detach(&t->le.text);
	char *text = nfc_dup(typed);
	free(typed);
	le_free(&t->le);
	t->mode = M_NORMAL;
	struct op op;
	struct buf err = BUF_INIT;
	struct change *c = selected(t);
	int f = F_REDRAW;
	switch (t->edit) {
	case E_TEXT:
	case E_NOTES:
		if (!c)
			break;
		if (op_make_set(t->s.p, K_CHANGE, c->id, t->edit == E_TEXT ? CF_TEXT : CF_NOTES, text, &op, &err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
		break;
	case E_ADD:
		if (!*text) {
			say(t, false, "%s", _("nothing added"));
			break;
		}
		history_reserve_ids(t->dir, t->s.p);
		if (op_make_add_change(t->s.p, plan_count(t->s.p, K_CHANGE), text, &op, &err) == 0) {
			char *id = xstrdup(op.id);
			f = push(t, &op);
			t->view = V_CHANGES;
			select_change(t, plan_find_change(t->s.p, id));
			free(id);
		} else {
			say(t, true, "%s", buf_str(&err));
		}
		break;
	case E_MEMBER:
		f = roster_finish(t, text);
		break;
	case E_ATTENDEE:
		f = attendee_finish(t, text);
		break;
	case E_YEAR: {
		int year;
		if (!c)
			break;
		if (!*text) {
			say(t, false, "%s", _("cancelled"));
		} else if (!parse_year(text, &year)) {
			say(t, true, _("'%s' is not a year"), text);
		} else if (op_make_year(t->s.p, c->id, year,
					!yearlist_contains(&c->priority, year), &op, &err) == 0) {
			f = push(t, &op);
		} else {
			say(t, true, "%s", buf_str(&err));
		}
		break;
	}
	case E_COUNT:
		break;
	case E_SAVE_AS:
		f = save_to(t, text);
		break;
	case E_PRINT:
		f = print_to(t, text);
		break;
	case E_COMMIT:
	case E_SINCE:
		f = tui_git_finish_edit(t, text);
		text = NULL;
		break;
	case E_SEARCH:
		free(t->search);
		t->search = text;
		text = NULL;
		f = search(t, 1);
		break;
	}
	free(text);
	buf_release(&err);
	return f;
}

/* Reads what follows an ESC at once: Alt-b/Alt-f; -1 for a lone Esc. */
int tui_read_alt(void)
{
	wint_t w;
	timeout(0);
	int r = get_wch(&w);
	timeout(TUI_WAIT_MS);
	if (r == OK && (w == 'b' || w == 'f'))
		return (int)w;
	/* a lone Esc, and a key typed quickly after it: that key is read
	 * next, as itself */
	if (r == OK)
		unget_wch(w);
	else if (r == KEY_CODE_YES)
		ungetch((int)w);
	return -1;
}

bool tui_le_alt(struct tui *t, int a)
{
	if (a == 'b')
		le_word_left(&t->le);
	else if (a == 'f')
		le_word_right(&t->le);
	else
		return false;
	return true;
}

bool tui_le_key(struct tui *t, int r, wint_t w)
{
	int ctrl_left = t->key_ctrl_left, ctrl_right = t->key_ctrl_right;
	struct lineedit *le = &t->le;
	if (r == KEY_CODE_YES) {
		int k = (int)w;
		if (k == KEY_LEFT) le_left(le);
		else if (k == KEY_RIGHT) le_right(le);
		else if (k == KEY_HOME) le_home(le);
		else if (k == KEY_END) le_end(le);
		else if (k == KEY_BACKSPACE) le_backspace(le);
		else if (k == KEY_DC) le_delete(le);
		else if (k == ctrl_left && k > 0) le_word_left(le);
		else if (k == ctrl_right && k > 0) le_word_right(le);
		else return false;
		return true;
	}
	switch (w) {
	case 127: case 8: le_backspace(le); return true;
	case TUI_CTRL('a'): le_home(le); return true;
	case TUI_CTRL('e'): le_end(le); return true;
	case TUI_CTRL('d'): le_delete(le); return true;
	case TUI_CTRL('w'): le_kill_word(le); return true;
	case TUI_CTRL('u'): le_kill_start(le); return true;
	default:
		break;
	}
	if (w >= 0x20 && w != 0x7f) {
		struct buf b = BUF_INIT;
		utf8_encode(&b, (uint32_t)w);
		le_insert(le, buf_str(&b), b.len);
		buf_release(&b);
		return true;
	}
	return false;
}

static int edit_key(struct tui *t, int r, wint_t w)
{
	/* the commit message's body scrolls while its summary is edited */
	if (t->edit == E_COMMIT && t->git && r == KEY_CODE_YES) {
		size_t page = LINES > 10 ? (size_t)LINES - 10 : 1, *top = &t->git->commit_top;
		if ((int)w == KEY_NPAGE || (int)w == KEY_DOWN) {
			*top += (int)w == KEY_DOWN ? 1 : page; /* the draw stops it at the end */
			return F_REDRAW;
		}
		if ((int)w == KEY_PPAGE || (int)w == KEY_UP) {
			size_t by = (int)w == KEY_UP ? 1 : page;
			*top = *top > by ? *top - by : 0;
			return F_REDRAW;
		}
	}
	if (r == KEY_CODE_YES && (int)w == KEY_ENTER)
		return finish_edit(t);
	if (r != KEY_CODE_YES && (w == '\r' || w == '\n'))
		return finish_edit(t);
	if (r != KEY_CODE_YES && w == 27) {
		int a = tui_read_alt();
		if (a >= 0) {
			tui_le_alt(t, a);
			return F_REDRAW;
		}
		le_free(&t->le);
		t->mode = t->edit == E_MEMBER ? M_ROSTER : M_NORMAL;
		say(t, false, "%s", t->edit == E_SAVE_AS ? _("not saved: your edits are kept here")
							 : _("cancelled"));
		return F_REDRAW;
	}
	tui_le_key(t, r, w);
	return F_REDRAW;
}

static int status_menu_key(struct tui *t, int key)
{
	const struct plan *p = t->s.p;
	enum kind k = K_CHANGE;
	void *c = selected_record(t, &k);
	if (!c) {
		k = K_CHANGE;
		c = selected(t);
	}
	size_t pick = SIZE_MAX;
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < plan_count(p, K_STATUS))
		pick = (size_t)(key - '1');
	else if (key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER))
		pick = t->menu_sel;
	else if ((key == 'j' || key == TUI_FKEY(KEY_DOWN)) && t->menu_sel + 1 < plan_count(p, K_STATUS))
		t->menu_sel++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->menu_sel > 0)
		t->menu_sel--;
	else if (key == 27 || key == 'q')
		t->mode = M_NORMAL;
	if (pick < plan_count(p, K_STATUS) && c) {
		t->mode = M_NORMAL;
		struct op op;
		struct buf err = BUF_INIT;
		if (op_make_set(p, k, path_of(t, k, c), status_field(k), plan_status(p, pick)->key, &op,
				&err) == 0) {
			buf_release(&err);
			return push(t, &op);
		}
		say(t, true, "%s", buf_str(&err));
		buf_release(&err);
	}
	return F_REDRAW;
}

/* The picker's rows: every group, then "New group…". */
static int group_picker_key(struct tui *t, int key)
{
	const struct plan *p = t->s.p;
	struct change *c = selected(t);
	size_t n = plan_count(p, K_GROUP) + 1, pick = SIZE_MAX;
	/* a group's digit toggles it, as the picker's "[ ]  3" invites */
	if (key >= '1' && key <= '9' && (size_t)(key - '1') + 1 < n) {
		t->menu_sel = (size_t)(key - '1');
		pick = t->menu_sel;
		if (t->walk) /* one decision a key: the group, and done */
			t->mode = M_NORMAL;
	} else if (key == ' ') {
		pick = t->menu_sel;
	} else if (key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER)) {
		/* done; the group at the cursor toggled too, unless one was
		 * toggled already (then Enter only closes) */
		if (!t->picker_toggled || t->menu_sel == n - 1)
			pick = t->menu_sel;
		t->mode = M_NORMAL;
	} else if ((key == 'j' || key == TUI_FKEY(KEY_DOWN)) && t->menu_sel + 1 < n)
		t->menu_sel++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->menu_sel > 0)
		t->menu_sel--;
	else if (key == TUI_FKEY(KEY_HOME))
		t->menu_sel = 0;
	else if (key == TUI_FKEY(KEY_END))
		t->menu_sel = n - 1;
	else if (key == 27 || key == 'q' || key == 'g')
		t->mode = M_NORMAL;
	if (pick == SIZE_MAX || !c)
		return F_REDRAW;
	if (pick == n - 1)
		return tui_form_open(t, K_GROUP, NULL, c->id, GF_NAME);
	t->picker_toggled = true;
	return toggle_item(t, c, CF_GROUPS, plan_group(p, pick)->id);
}

/* The effects the selected change is linked to: Space links the one at
 * the cursor or unlinks it, Enter does so and closes, Esc closes. */
static int effect_picker_key(struct tui *t, int key)
{
	const struct plan *p = t->s.p;
	struct change *c = selected(t);
	size_t n = plan_count(p, K_EFFECT);
	bool pick = false;
	if (key == ' ') {
		pick = true;
	} else if (key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER)) {
		pick = true;
		t->mode = M_NORMAL;
	} else if ((key == 'j' || key == TUI_FKEY(KEY_DOWN)) && t->menu_sel + 1 < n) {
		t->menu_sel++;
	} else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->menu_sel > 0) {
		t->menu_sel--;
	} else if (key == TUI_FKEY(KEY_HOME)) {
		t->menu_sel = 0;
	} else if (key == TUI_FKEY(KEY_END) && n) {
		t->menu_sel = n - 1;
	} else if (key == 27 || key == 'q' || key == 'l') {
		t->mode = M_NORMAL;
	}
	if (!pick || !c || t->menu_sel >= n)
		return F_REDRAW;
	return toggle_item(t, c, CF_EFFECTS, plan_effect(p, t->menu_sel)->id);
}

/* The roster of the selected group's members: a cursor over them, and
 * keys to add, edit, remove and reorder. */
static int roster_key(struct tui *t, int key)
{
	struct group *g = selected_group(t);
	if (!g) {
		t->mode = M_NORMAL;
		return F_REDRAW;
	}
	size_t n = g->members.n, *sel = &t->roster_sel;
	if (*sel >= n)
		*sel = n ? n - 1 : 0;
	struct op op;
	struct tui_edit e;
	switch (key) {
	case 'j': case TUI_FKEY(KEY_DOWN):
		if (*sel + 1 < n)
			(*sel)++;
		return F_REDRAW;
	case 'k': case TUI_FKEY(KEY_UP):
		if (*sel > 0)
			(*sel)--;
		return F_REDRAW;
	case 'a': case 'o':
		t->roster_new = true;
		return start_edit(t, E_MEMBER, "");
	case 'e': case '\r': case '\n': case TUI_FKEY(KEY_ENTER):
		if (!n)
			break;
		t->roster_new = false;
		return start_edit(t, E_MEMBER, g->members.v[*sel]);
	case 'D': case 'x': case TUI_FKEY(KEY_DC):
		if (!n)
			break;
		tui_edit_begin(t, &e);
		if (op_make_item(t->s.p, K_GROUP, g->id, GF_MEMBERS, g->members.v[*sel], false, &op,
				 &e.err) == 0)
			tui_edit_apply(t, &e, &op);
		return tui_edit_end(t, &e);
	case 'K': case 'J': {
		size_t to = key == 'K' ? *sel - 1 : *sel + 1;
		if (!n || (key == 'K' && *sel == 0) || to >= n)
			break;
		char *name = xstrdup(g->members.v[*sel]);
		tui_edit_begin(t, &e);
		if (op_make_item(t->s.p, K_GROUP, g->id, GF_MEMBERS, name, false, &op, &e.err) == 0 &&
		    tui_edit_apply(t, &e, &op) == 0 &&
		    op_make_item(t->s.p, K_GROUP, g->id, GF_MEMBERS, name, true, &op, &e.err) == 0) {
			op.from = to;
			tui_edit_apply(t, &e, &op);
		}
		free(name);
		if (!e.err.len)
			*sel = to;
		return tui_edit_end(t, &e);
	}
	case 27: case 'q': case 'M':
		t->mode = M_NORMAL;
		return F_REDRAW;
	default:
		break;
	}
	return F_REDRAW;
}

/* Deletes group g, unassigning it from every change first (one edit). */
static int delete_group(struct tui *t, struct group *g)
{
	struct plan *p = t->s.p;
	struct tui_edit e;
	struct op op;
	char *id = xstrdup(g->id);
	tui_edit_begin(t, &e);
	for (size_t i = 0; i < plan_count(p, K_CHANGE) && !e.err.len; i++)
		if (strlist_contains(&plan_change(p, i)->groups, id) &&
		    op_make_item(p, K_CHANGE, plan_change(p, i)->id, CF_GROUPS, id, false, &op, &e.err) == 0)
			tui_edit_apply(t, &e, &op);
	if (!e.err.len && op_make_delete(p, K_GROUP, id, &op, &e.err) == 0)
		tui_edit_apply(t, &e, &op);
	free(id);
	return tui_edit_end(t, &e);
}

static int confirm_delete_key(struct tui *t, int key)
{
	t->mode = M_NORMAL;
	struct change *c = selected(t);
	struct group *g = selected_group(t);
	enum kind k = K_CHANGE;
	void *r = selected_record(t, &k);
	if ((key != 'y' && key != 'Y' && key != 'j' && key != 'J') || (!c && !g && !r)) {
		say(t, false, "%s", _("not deleted"));
		return F_REDRAW;
	}
	if (g)
		return delete_group(t, g);
	struct op op;
	struct buf err = BUF_INIT;
	int f = F_REDRAW;
	if (op_make_delete(t->s.p, r ? k : K_CHANGE, r ? path_of(t, k, r) : c->id, &op, &err) == 0)
		f = push(t, &op);
	else
		say(t, true, "%s", buf_str(&err));
	buf_release(&err);
	return f;
}

static int quit_ask_key(struct tui *t, int key)
{
	t->mode = M_NORMAL;
	if (key == 'd' || key == 'D') {
		forget_unsaved(t);
		return F_QUIT;
	}
	if (key == 's' || key == 'S') {
		save(t);
		return tui_modified(t) ? F_REDRAW : F_QUIT;
	}
	say(t, false, "%s", _("not quitting"));
	return F_REDRAW;
}

static int help_key(struct tui *t, int key)
{
	size_t page = LINES > 3 ? (size_t)LINES - 2 : 1;
	if (key == 'j' || key == TUI_FKEY(KEY_DOWN))
		t->help_top++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->help_top > 0)
		t->help_top--;
	else if (key == ' ' || key == TUI_FKEY(KEY_NPAGE) || key == TUI_CTRL('f'))
		t->help_top += page;
	else if (key == TUI_FKEY(KEY_PPAGE) || key == TUI_CTRL('b'))
		t->help_top = t->help_top > page ? t->help_top - page : 0;
	else if (key == TUI_FKEY(KEY_HOME) || key == '<')
		t->help_top = 0;
	else if (key == TUI_FKEY(KEY_END) || key == '>')
		t->help_top = t->help_lines; /* the draw stops it at the end */
	else if (key == 'q' || key == 27 || key == '?' || key == TUI_FKEY(KEY_F(1)) ||
		 key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER))
		t->mode = M_NORMAL;
	return F_REDRAW;
}

/* The full-screen detail: j/k and the page keys scroll; any other key
 * closes it. */
static int detail_key(struct tui *t, int key)
{
	int page = LINES - 3 > 1 ? LINES - 3 : 1;
	if (key == 'j' || key == TUI_FKEY(KEY_DOWN) || key == ' ')
		t->detail_top += key == ' ' ? page : 1;
	else if (key == 'k' || key == TUI_FKEY(KEY_UP))
		t->detail_top -= t->detail_top > 0;
	else if (key == TUI_FKEY(KEY_NPAGE))
		t->detail_top += page;
	else if (key == TUI_FKEY(KEY_PPAGE))
		t->detail_top = t->detail_top > page ? t->detail_top - page : 0;
	else if (key == TUI_FKEY(KEY_HOME))
		t->detail_top = 0;
	else
		t->mode = M_NORMAL;
	return F_REDRAW;
}

static int handle_mouse(struct tui *t)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return F_NONE;
	int row = ev.y - 2;
	if (t->mode != M_NORMAL || row < 0 || row >= t->list_h)
		return F_NONE;
	size_t i = t->top[t->view] + (size_t)row;
	if (tui_row_selectable(t, i))
		t->sel[t->view] = i;
	return F_REDRAW;
}

/* ---- never clobber: reload, and re-apply the unsaved edits --------------- */

/* Edits being re-applied to files read afresh (after a crash, or when the
 * files changed underneath), one conflict at a time. */
struct tui_replay {
	struct journal_log log;
	size_t start, next;    /* log.ops[start..): to re-apply; next: the one at hand */
	struct replay rp;
	size_t applied, already, dropped;
	bool restoring;        /* after a crash, not a reload */
	struct buf failed;     /* what went wrong on the way (said at the end) */
};

static void replay_free_all(struct tui_replay **rp)
{
	struct tui_replay *r = *rp;
	if (!r)
		return;
	journal_log_free(&r->log);
	replay_free(&r->rp);
	buf_release(&r->failed);
	free(r);
	*rp = NULL;
}

/* Starts re-applying log->ops[from..) (takes over *log).  The journal is
 * replaced at once by one holding them, on the new files, so that a crash
 * while conflicts are decided loses none. */
static void replay_start(struct tui *t, struct journal_log *log, size_t from, bool restoring)
{
	struct tui_replay *r = xcalloc(1, sizeof(*r));
	r->log = *log;
	memset(log, 0, sizeof(*log));
	r->start = r->next = from;
	r->restoring = restoring;
	t->s.replaying = true;
	if (t->s.journal) {
		struct op *ops = journal_log_ops(&r->log, from);
		if (journal_rewrite(t->s.journal, journal_id_store(t->s.st), ops, r->log.nops - from,
				    &r->failed) < 0)
			buf_adds(&r->failed, "");
		free(ops);
	}
	t->replay = r;
}

static void replay_finish(struct tui *t)
{
	struct tui_replay *r = t->replay;
	t->replay = NULL;
	t->s.replaying = false;
	t->mode = M_NORMAL;
	struct buf err = BUF_INIT;
	if (t->s.journal)
		journal_rewrite(t->s.journal, journal_id_store(t->s.st), t->s.pend, t->s.npend, &err);
	say(t, r->failed.len || err.len,
	    r->restoring ? _("restored: %zu of the unsaved edits re-applied, %zu already in the files, %zu dropped")
	    : _("reloaded the files: %zu of your edits re-applied, %zu already in them, %zu dropped (theirs kept)"),
	    r->applied, r->already, r->dropped);
	if (r->failed.len) {
		buf_adds(&t->msg, "; ");
		buf_adds(&t->msg, buf_str(&r->failed));
	}
	if (err.len) {
		buf_adds(&t->msg, "; ");
		buf_adds(&t->msg, buf_str(&err));
	}
	buf_release(&err);
	tui_invalidate(t);
	replay_free_all(&r);
}

static void replay_record(struct tui *t, struct op *applied)
{
	t->replay->applied++;
	session_record(&t->s, applied, NULL); /* journaled when the replay ends */
	tui_invalidate(t);
}

/* Re-applies edits until one conflicts (then asks) or all are done. */
static int replay_step(struct tui *t)
{
	struct tui_replay *r = t->replay;
	struct buf theirs = BUF_INIT, mine = BUF_INIT;
	while (r->next < r->log.nops) {
		struct op applied;
		buf_reset(&theirs);
		buf_reset(&mine);
		enum replay_result res = journal_replay_one(t->s.p, &r->rp, &r->log.ops[r->next], &applied,
							    &theirs, &mine);
		if (res == REPLAY_CONFLICT) {
			say(t, true, _("conflict %zu of %zu: theirs %s, yours %s — t keep theirs, m use mine"),
			    r->next - r->start + 1, r->log.nops - r->start, buf_str(&theirs), buf_str(&mine));
			t->mode = M_CONFLICT;
			buf_release(&theirs);
			buf_release(&mine);
			tui_invalidate(t);
			return F_REDRAW;
		}
		r->next++;
		if (res == REPLAY_ALREADY)
			r->already++;
		else
			replay_record(t, &applied);
	}
	buf_release(&theirs);
	buf_release(&mine);
	replay_finish(t);
	return F_REDRAW;
}

static int conflict_key(struct tui *t, int key)
{
	struct tui_replay *r = t->replay;
	if (!r) {
		t->mode = M_NORMAL;
		return F_REDRAW;
	}
	if (key == 't' || key == 'T') {
		r->dropped++;
		r->next++;
		return replay_step(t);
	}
	if (key == 'm' || key == 'M') {
		struct op applied;
		struct buf err = BUF_INIT;
		if (journal_replay_mine(t->s.p, &r->rp, &r->log.ops[r->next], &applied, &err) == 0) {
			replay_record(t, &applied);
		} else {
			r->dropped++;
			if (r->failed.len)
				buf_adds(&r->failed, "; ");
			buf_adds(&r->failed, buf_str(&err));
		}
		buf_release(&err);
		r->next++;
		return replay_step(t);
	}
	return F_NONE;
}

/* Reads the files again and re-applies the unsaved edits to them. */
static int reload(struct tui *t)
{
	struct diags d = DIAGS_INIT;
	struct journal_log log;
	/* the views point into the old plan */
	tui_invalidate(t);
	if (session_reload(&t->s, &log, &d) < 0)
		return refused_plan_read(t, true, &d);
	diags_clear(&d);
	views_to_top(t);
	t->filter_status = t->filter_group = -1;
	replay_start(t, &log, 0, false);
	return replay_step(t);
}

static int reload_ask_key(struct tui *t, int key)
{
	t->mode = M_NORMAL;
	if (key == 'y' || key == 'Y' || key == 'j' || key == 'J')
		return reload(t);
	say(t, false, "%s", _("not reloaded: your edits are kept, not saved"));
	return F_REDRAW;
}

static int handle_key(struct tui *t, int r, wint_t w)
{
	if (r == KEY_CODE_YES && w == KEY_RESIZE) {
		tui_invalidate(t); /* views wrap text to the width */
		return F_REDRAW;
	}
	if (t->mode == M_EDIT)
		return edit_key(t, r, w);
	if (t->mode == M_FORM)
		return tui_form_key(t, r, w);
	int key = r == KEY_CODE_YES ? TUI_FKEY((int)w) : (int)w;
	if (key == TUI_FKEY(KEY_MOUSE))
		return handle_mouse(t);
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES)
		return key == 'q' && !tui_modified(t) ? F_QUIT : F_REDRAW;
	switch (t->mode) {
	case M_STATUS_MENU: return status_menu_key(t, key);
	case M_GROUP_PICKER: return group_picker_key(t, key);
	case M_EFFECT_PICKER: return effect_picker_key(t, key);
	case M_ROSTER: return roster_key(t, key);
	case M_DETAIL: return detail_key(t, key);
	case M_CONFIRM_DELETE: return confirm_delete_key(t, key);
	case M_QUIT_ASK: return quit_ask_key(t, key);
	case M_HELP: return help_key(t, key);
	case M_PRINT_MENU: return print_menu_key(t, key);
	case M_RELOAD_ASK: return reload_ask_key(t, key);
	case M_CONFLICT: return conflict_key(t, key);
	case M_HISTORY: return tui_git_history_key(t, key);
	case M_NORMAL:
	case M_EDIT:
	case M_FORM:
		break;
	}
	if (t->walk)
		return walk_key(t, key);
	return run_command(t, key_to_cmd(key, t->view));
}

/* ---- opening and closing safely ------------------------------------------ */

/* SIGHUP (the terminal went away) and SIGTERM end the loop: nothing is
 * saved, the journal is kept.  The handler only sets the flag. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

static void catch_stop_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: the waiting read returns */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static const char *const exclude_patterns[] = { LOCK_FILE_NAME "*", "*" JOURNAL_FILE_NAME "*",
						 ATOMIC_TEMP_PREFIX "*", PRINT_DEFAULT_NAME "-*",
						 TXN_FILE_NAME };

static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t ln = nl ? (size_t)(nl - l) : strlen(l);
		if (ln == n && memcmp(l, line, n) == 0)
			return true;
		l += ln + (nl != NULL);
	}
	return false;
}

static void read_text(const char *path, struct buf *text)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		buf_add(text, tmp, n);
	fclose(f);
}

/* True when `path` is one of the colon-separated `list`. */
static bool is_listed(const char *list, const char *path)
{
	size_t n = strlen(path);
	for (const char *p = list; *p;) {
		const char *colon = strchr(p, ':');
		size_t ln = colon ? (size_t)(colon - p) : strlen(p);
		while (ln > 1 && p[ln - 1] == '/')
			ln--;
		if (ln == n && memcmp(p, path, n) == 0)
			return true;
		p += ln;
		while (*p && *p != ':')
			p++;
		if (*p == ':')
			p++;
	}
	return false;
}

/* Most starts need no git at all: true when no repository holds `dir`,
 * or when its .git/info/exclude has the names already.  (Running git
 * costs milliseconds of the start; a .git file, GIT_DIR and the like are
 * left to git.) */
static bool exclude_known_done(const char *dir)
{
	if (getenv("GIT_DIR"))
		return false;
	char *at = realpath(dir, NULL);
	if (!at)
		return false;
	bool done = false;
	const char *ceiling = getenv("GIT_CEILING_DIRECTORIES");
	for (bool first = true;; first = false) {
		if (!first && ceiling && *ceiling && is_listed(ceiling, at)) {
			done = true; /* git looks no further up: no repository */
			break;
		}
		char *git = xasprintf("%s/.git", strcmp(at, "/") ? at : "");
		struct stat sb;
		int r = lstat(git, &sb);
		if (r == 0 && S_ISDIR(sb.st_mode)) {
			char *ex = xasprintf("%s/info/exclude", git);
			struct buf text = BUF_INIT;
			read_text(ex, &text);
			done = true;
			for (size_t i = 0; i < sizeof(exclude_patterns) / sizeof(*exclude_patterns); i++)
				done = done && has_line(buf_str(&text), exclude_patterns[i]);
			buf_release(&text);
			free(ex);
		}
		free(git);
		if (r == 0 || strcmp(at, "/") == 0) {
			done = done || r != 0; /* no repository above: nothing to do */
			break;
		}
		char *slash = strrchr(at, '/');
		slash[slash == at] = '\0';
	}
	free(at);
	return done;
}

/* Keeps the lock and the journal out of git: adds their names to the
 * repository's info/exclude unless there already. */
static void exclude_from_git(const char *dir)
{
	const char *const *patterns = exclude_patterns;
	const char *const args[] = { "rev-parse", "--git-path", "info/exclude", NULL };
	struct buf out = BUF_INIT, err = BUF_INIT, text = BUF_INIT, add = BUF_INIT;
	if (exclude_known_done(dir))
		return;
	if (git_run(dir, args, &out, &err) != 0 || !out.len)
		goto done;
	while (out.len && (out.s[out.len - 1] == '\n' || out.s[out.len - 1] == '\r'))
		out.s[--out.len] = '\0';
	char *path = out.s[0] == '/' ? xstrdup(out.s) : xasprintf("%s/%s", dir, out.s);
	read_text(path, &text);
	for (size_t i = 0; i < sizeof(exclude_patterns) / sizeof(*exclude_patterns); i++)
		if (!has_line(buf_str(&text), patterns[i]))
			buf_addf(&add, "%s\n", patterns[i]);
	if (add.len) {
		char *slash = strrchr(path, '/');
		if (slash) { /* info/ may not exist yet */
			*slash = '\0';
			mkdir(path, 0777);
			*slash = '/';
		}
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
		if (fd >= 0) {
			struct buf all = BUF_INIT;
			if (text.len && text.s[text.len - 1] != '\n')
				buf_addc(&all, '\n');
			buf_adds(&all, "# samplan's lock, crash journal and temporary files\n");
			buf_add(&all, add.s, add.len);
			if (write(fd, all.s, all.len) < 0) {
				/* not fatal: git then only shows the files as untracked */
			}
			buf_release(&all);
			close(fd);
		}
	}
	free(path);
done:
	buf_release(&out);
	buf_release(&err);
	buf_release(&text);
	buf_release(&add);
}

/* Asks on the terminal, before the screen is set up; returns the first
 * character of the answer (0 at the end of input or on a signal).  On a
 * terminal one key answers, as in the workbench (an Enter typed right
 * after it is taken with it); from a pipe, a line. */
static int ask_line(const char *question)
{
	/* a key typed right after an answer answers the next question */
	static int pending = -1;
	fputs(question, stdout);
	fflush(stdout);
	struct termios was;
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &was) == 0) {
		struct termios raw = was;
		raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
		raw.c_cc[VMIN] = 1;
		raw.c_cc[VTIME] = 0;
		unsigned char c = 0;
		if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
			if (pending >= 0) {
				c = (unsigned char)pending;
				pending = -1;
			} else {
				while (read(STDIN_FILENO, &c, 1) == 1 && (c == ' ' || c == '\t') &&
				       !stop_signal)
					;
			}
			/* an Enter after the key, within a tenth of a second, goes
			 * with it */
			raw.c_cc[VMIN] = 0;
			raw.c_cc[VTIME] = 1;
			unsigned char next;
			if (c != '\r' && c != '\n' && tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 &&
			    read(STDIN_FILENO, &next, 1) == 1 && next != '\r' && next != '\n')
				pending = next;
			tcsetattr(STDIN_FILENO, TCSANOW, &was);
			if (stop_signal)
				return 0;
			printf("%c\n", c >= 0x20 && c < 0x7f ? c : ' ');
			fflush(stdout);
			return c == '\r' || c == '\n' ? 0 : c;
		}
	}
	char line[128];
	if (!fgets(line, sizeof(line), stdin) || stop_signal)
		return 0;
	const char *s = line;
	while (*s == ' ' || *s == '\t')
		s++;
	return (unsigned char)*s;
}

/* Prints file text on the terminal with control characters made visible. */
static void put_safe(FILE *f, const char *s)
{
	for (; *s; s++)
		putc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, f);
}

/* Adds `text` (taken over) to what is said once the workbench is up. */
static void add_notice(struct tui *t, char *text)
{
	if (!t->notice) {
		t->notice = text;
		return;
	}
	char *both = xasprintf("%s; %s", t->notice, text);
	free(t->notice);
	free(text);
	t->notice = both;
}

/* Read-only, the journal is not offered back; but say that it is there
 * (unless another workbench, which holds the lock, is writing it). */
static void journal_left_notice(struct tui *t)
{
	struct lock_info holder;
	char *path = xasprintf("%s/%s", t->dir, JOURNAL_FILE_NAME);
	if (access(path, F_OK) == 0) {
		if (lock_holder(t->dir, &holder) == 0)
			add_notice(t, xstrdup(_("read-only: a samplan that ended left unsaved edits in the journal; open without -r to restore them")));
		lock_info_clear(&holder);
	}
	free(path);
}

/* Another samplan holds the plan, or the lock cannot be taken: says so and
 * asks whether to open read-only.  Returns -1 to go on, or the exit status. */
static int lock_refused(struct tui *t, const char *why)
{
	fprintf(stderr, _("samplan: the plan in %s is %s\n"), t->dir, why);
	int c = isatty(STDIN_FILENO) ? ask_line(_("Open it read-only? [y/N] ")) : 0;
	if (c != 'y' && c != 'Y' && c != 'j' && c != 'J') {
		fprintf(stderr, "%s", _("samplan: not opened (samplan -r opens it read-only)\n"));
		return stop_signal ? 128 + (int)stop_signal : 1;
	}
	t->read_only = true;
	t->read_only_why = xstrdup(why);
	journal_left_notice(t);
	return -1;
}

/* The journal of a session that ended without saving: shows its edits and
 * asks to restore or discard them.  Returns -1 to go on, or 0 to quit. */
static int offer_restore(struct tui *t)
{
	struct journal_log log;
	struct buf err = BUF_INIT;
	int jr = journal_read(t->dir, &log, &err);
	if (jr <= 0) {
		if (jr < 0)
			add_notice(t, buf_detach(&err));
		buf_release(&err);
		return -1;
	}
	uint64_t now = journal_files_now(&log, t->s.st);
	size_t from = journal_unsaved_from(&log, now);
	if (from >= log.nops) { /* all saved: only the clean-up was missed */
		if (log.kept_as)
			add_notice(t, xasprintf(_("the journal was damaged and is kept as %s; it has no unsaved edit that reads"),
					      log.kept_as));
		journal_log_free(&log);
		journal_discard(t->s.journal);
		return -1;
	}
	size_t n = log.nops - from;
	printf(ngettext_("samplan: %zu edit was not saved when samplan last ended (%s):\n",
			 "samplan: %zu edits were not saved when samplan last ended (%s):\n", n),
	       n, journal_path(t->s.journal));
	struct buf d = BUF_INIT;
	for (size_t i = from; i < log.nops; i++) {
		buf_reset(&d);
		journal_describe(t->s.p, &log.ops[i], &d);
		fputs("  ", stdout);
		put_safe(stdout, buf_str(&d));
		putchar('\n');
	}
	buf_release(&d);
	if (log.kept_as)
		printf(_("(the journal is damaged: what follows the edits above does not read and is left out; the whole journal is kept as %s)\n"),
		       log.kept_as);
	else if (log.truncated)
		printf("%s", _("(the journal's last record was cut short and is left out)\n"));
	if (log.base != now && from == 0)
		printf("%s", _("The files changed since: the edits are re-applied to them, and you decide each conflict.\n"));
	for (;;) {
		int c = ask_line(_("r restore them as unsaved edits, d discard them, q quit [r/d/q] "));
		if (c == 'r' || c == 'R' || c == 'a' || c == 'A') {
			replay_start(t, &log, from, true);
			return -1;
		}
		if (c == 'd' || c == 'D' || c == 'k' || c == 'K') {
			char *q = xasprintf(ngettext_("Discard %zu edit for good? [y/N] ",
						      "Discard %zu edits for good? [y/N] ", n), n);
			c = ask_line(q);
			free(q);
			if (c == 'y' || c == 'Y' || c == 'j' || c == 'J') {
				journal_log_free(&log);
				journal_discard(t->s.journal);
				return -1;
			}
			continue;
		}
		if (c == 0 || c == 'q' || c == 'Q') {
			journal_log_free(&log);
			return stop_signal ? 128 + (int)stop_signal : 0;
		}
	}
}

/* Before the screen is set up: takes the plan's lock (or asks to open
 * read-only when another samplan holds it), keeps the lock and the journal
 * out of git, and offers back what a session that ended without saving
 * left in the journal.  Returns -1 to go on, or the exit status. */
static int safety_start(struct tui *t)
{
	catch_stop_signals();
	if (t->read_only) {
		t->read_only_why = xstrdup(_("opened with --read-only"));
		journal_left_notice(t);
		return -1;
	}
	struct lock_info holder;
	struct buf why = BUF_INIT;
	bool took_over;
	enum lock_result lr = lock_take(t->dir, &t->lock, &holder, &took_over, &why);
	if (lr == LOCK_ERROR) {
		/* no lock can be made here (a read-only filesystem, a lock file
		 * that is not one): nobody can edit, and reading is safe */
		t->read_only = true;
		t->read_only_why = buf_detach(&why);
		add_notice(t, xasprintf(_("read-only: %s"), t->read_only_why));
		lock_info_clear(&holder);
		return -1;
	}
	if (lr == LOCK_HELD)
		lock_info_describe(&holder, &why);
	if (lr != LOCK_TAKEN) {
		int rc = lock_refused(t, buf_str(&why));
		lock_info_clear(&holder);
		buf_release(&why);
		return rc;
	}
	if (took_over) {
		buf_reset(&why);
		lock_info_describe(&holder, &why);
		add_notice(t, xasprintf(_("lock taken over: the samplan %s is gone"), buf_str(&why)));
		lock_info_clear(&holder);
	}
	buf_release(&why);
	exclude_from_git(t->dir);
	t->s.journal = journal_new(t->dir, 0);
	return offer_restore(t);
}

/* Once the workbench is up: what the start has to say, and the restored
 * edits re-applied (asking about conflicts). */
static void safety_started(struct tui *t)
{
	timeout(TUI_WAIT_MS);
	/* these matter more than the count of changes */
	if (t->notice)
		say(t, false, "%s", t->notice);
	else if (t->read_only)
		say(t, false, _("read-only: %s"), t->read_only_why);
	if (t->replay)
		replay_step(t);
}

/* A normal quit: with nothing unsaved the journal goes. */
static void safety_quit(struct tui *t)
{
	if (!tui_modified(t) && !t->replay)
		forget_unsaved(t);
}

static void safety_free(struct tui *t)
{
	replay_free_all(&t->replay);
	journal_close(&t->s.journal);
	lock_release(&t->lock);
	free(t->read_only_why);
	free(t->notice);
}

/* ---- the terminal --------------------------------------------------------- */

/* Says, before the screen is set up, when the locale keeps å, ä and ö
 * from showing (and the screen from being in Swedish), with the command
 * that mends it, and waits for a key: the screen would hide the words.
 * Returns -1 to go on, or the exit status. */
static int locale_notice(void)
{
	struct buf why = BUF_INIT;
	i18n_problem(&why);
	if (!why.len)
		return -1;
	fprintf(stderr, "samplan: %s\n", buf_str(&why));
	buf_release(&why);
	int c = ask_line(_("Any key opens the workbench all the same; q quits: "));
	if (c == 'q' || c == 'Q' || stop_signal)
		return stop_signal ? 128 + (int)stop_signal : 0;
	return -1;
}

/* ---- the loop ------------------------------------------------------------- */

static void tui_free(struct tui *t)
{
	for (int v = 0; v < V_COUNT; v++)
		tui_rows_free(&t->rows[v]);
	ref_index_free(&t->served);
	buf_release(&t->msg);
	buf_release(&t->scratch);
	tui_git_free(t);
	le_free(&t->le);
	free(t->search);
	folds_clear(&t->folds);
	tui_form_free(t);
	safety_free(t);
	session_close(&t->s);
	free(t->meeting);
	free(t->walk_point);
}

int tui_main(const char *dir)
{
	return tui_open(dir, false);
}

int tui_open(const char *dir, bool read_only)
{
	return tui_open_meeting(dir, read_only, NULL);
}

int tui_open_meeting(const char *dir, bool read_only, const char *meeting)
{
	struct tui t;
	memset(&t, 0, sizeof(t));
	t.dir = dir;
	t.read_only = read_only;
	if (meeting) {
		t.meeting = xstrdup(meeting);
		t.view = V_MEETING;
	}
	struct diags d = DIAGS_INIT;
	int settled = -1;
	while (session_open(&t.s, dir, false, &d) < 0) {
		/* a merge's conflicts: settled one screen each, then the plan */
		if (!read_only && settled < 0 && (settled = tui_conflicts(dir)) == 1) {
			diags_clear(&d);
			continue;
		}
		if (settled == 2) {
			diags_clear(&d);
			return 1;
		}
		struct buf b = BUF_INIT;
		for (size_t i = 0; i < d.n; i++) {
			buf_reset(&b);
			diag_format(&d.v[i], &b);
			fprintf(stderr, "%s\n", buf_str(&b));
		}
		buf_release(&b);
		diags_clear(&d);
		return 1;
	}
	diags_clear(&d);
	if (t.s.notice) /* a save that was cut off, finished or undone */
		add_notice(&t, xstrdup(t.s.notice));
	int rc = tui_terminal_refused();
	if (rc < 0)
		rc = locale_notice();
	if (rc < 0)
		rc = safety_start(&t);
	if (rc >= 0) {
		tui_free(&t);
		return rc;
	}
	t.year = t.s.p->info->focus_year;
	t.filter_status = t.filter_group = -1;
	if (!initscr()) {
		fprintf(stderr, _("samplan: cannot use this terminal\n"));
		tui_free(&t);
		return 1;
	}
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	/* Home and End as terminals other than the one named in TERM send
	 * them (tmux, screen, rxvt, the console), when TERM does not know. */
	static const struct { const char *seq; int key; } alt_keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END }, { "\033[7~", KEY_HOME },
		{ "\033[8~", KEY_END }, { "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
	};
	for (size_t i = 0; i < sizeof(alt_keys) / sizeof(*alt_keys); i++)
		if (key_defined(alt_keys[i].seq) == 0)
			define_key(alt_keys[i].seq, alt_keys[i].key);
	{
		/* the look (a bad settings file is said when saving commits) */
		struct userconf uc;
		struct diags ud = DIAGS_INIT;
		userconf_load(&uc, &ud);
		diags_clear(&ud);
		t.theme = uc.theme;
	}
	tui_colours_init(&t);
	/* Ctrl-Left/Right have no KEY_ name; terminfo names their strings */
	const char *kl = tigetstr("kLFT5"), *kr = tigetstr("kRIT5");
	t.key_ctrl_left = kl && kl != (char *)-1 ? key_defined(kl) : -1;
	t.key_ctrl_right = kr && kr != (char *)-1 ? key_defined(kr) : -1;
	say(&t, false, _("%zu changes from %s; ? shows every key"), plan_count(t.s.p, K_CHANGE), dir);
	safety_started(&t);

	/* Benchmark hook: `make bench` (bench/tui.sh) times start to first full
	 * paint under a pseudo-terminal without sleeps; with this variable set
	 * (non-empty) the workbench leaves cleanly right after that paint. */
	const char *bench_exit = getenv("SAMPLAN_BENCH_EXIT_AFTER_PAINT");
	bool exit_after_paint = bench_exit && *bench_exit;
	int flags = F_REDRAW;
	int quick_errs = 0; /* get_wch failing at once, not after its wait */
	while (!(flags & F_QUIT)) {
		if (flags & F_REDRAW) {
			tui_draw(&t); /* ends with refresh() of the whole screen */
			if (exit_after_paint)
				break;
		}
		wint_t w;
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int r = get_wch(&w);
		if (stop_signal)
			break;
		if (r == ERR) {
			/* the end of input (the terminal gone without a hangup):
			 * every read fails at once; as after SIGHUP, nothing is
			 * saved and the journal is kept */
			clock_gettime(CLOCK_MONOTONIC, &t1);
			long ms = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
			quick_errs = ms < TUI_WAIT_MS / 2 ? quick_errs + 1 : 0;
			if (quick_errs >= 100) {
				stop_signal = SIGHUP;
				break;
			}
			continue;
		}
		quick_errs = 0;
		flags = handle_key(&t, r, w);
	}
	endwin();
	int status = stop_signal ? 128 + (int)stop_signal : 0;
	if (!stop_signal)
		safety_quit(&t);
	tui_free(&t);
	return status;
}
