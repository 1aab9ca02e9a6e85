/* tui.c — the workbench: the command table, the main loop and what each
 * command does.  Handlers change the state and return flags (F_REDRAW,
 * F_QUIT); only the loop draws (tui_view.c). */
#include "config.h"

#include "tui.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "i18n.h"
#include "plansource.h"
#include "print.h"
#include "store.h"
#include "tui_int.h"

#define ALL_VIEWS 0xFu
#define V1 (1u << V_CHANGES)
#define V2 (1u << V_PRIORITISED)
#define EDIT_VIEWS ALL_VIEWS

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
	[CMD_STATUS] = { N_("status"), N_("set the status of the change (menu; then a digit)"), { 's' }, EDIT_VIEWS },
	[CMD_PRIORITY] = { N_("prioritise"), N_("toggle: prioritised in the focus year (bold)"), { 'p' }, EDIT_VIEWS },
	[CMD_GROUPS] = { N_("groups"), N_("assign or unassign working groups (picker)"), { 'g' }, EDIT_VIEWS },
	[CMD_EDIT_TEXT] = { N_("text"), N_("edit the text of the change"), { 'e' }, V1 },
	[CMD_EDIT_NOTES] = { N_("notes"), N_("edit the notes of the change"), { 'E' }, V1 },
	[CMD_ADD] = { N_("add"), N_("add a change at the end (next free id)"), { 'a' }, V1 },
	[CMD_DELETE] = { N_("delete"), N_("delete the change (asks first)"), { 'D' }, 0 },
	[CMD_MOVE_UP] = { N_("move up"), N_("move the change one place up in the plan"), { 'K' }, 0 },
	[CMD_MOVE_DOWN] = { N_("move down"), N_("move the change one place down in the plan"), { 'J' }, 0 },
	[CMD_UNDO] = { N_("undo"), N_("undo the last edit (any number of times)"), { 'u' }, ALL_VIEWS },
	[CMD_REDO] = { N_("redo"), N_("redo the edit undone last"), { TUI_CTRL('r') }, 0 },
	[CMD_SAVE] = { N_("save"), N_("save the plan's files (only what changed)"), { 'w', TUI_CTRL('s') }, ALL_VIEWS },
	[CMD_SEARCH] = { N_("search"), N_("search the changes' ids, text and notes"), { '/' }, 0 },
	[CMD_NEXT_MATCH] = { N_("next match"), N_("the next match of the search"), { 'n' }, 0 },
	[CMD_PREV_MATCH] = { N_("previous match"), N_("the previous match of the search"), { 'N' }, 0 },
	[CMD_FILTER_STATUS] = { N_("filter"), N_("changes view: show only one status (again: the next; then all)"), { 'f' }, V1 },
	[CMD_FILTER_GROUP] = { N_("filter group"), N_("changes view: show only one group's changes, then the unassigned (then all)"), { 'F' }, 0 },
	[CMD_YEAR_PREV] = { N_("year-1"), N_("show the year before as the focus year"), { '[' }, V2 },
	[CMD_YEAR_NEXT] = { N_("year+1"), N_("show the year after as the focus year"), { ']' }, V2 },
	[CMD_PRINT] = { N_("print"), N_("print a snapshot of the plan to a file (format menu, then file name)"), { 'P' }, 0 },
	[CMD_COMMIT] = { N_("commit"), N_("commit the saved plan to git (the message is shown for editing)"), { 'c' }, 0 },
	[CMD_HISTORY] = { N_("history"), N_("the change's history: its status over time, from git"), { 'H' }, 0 },
	[CMD_SINCE] = { N_("since"), N_("mark the changes changed since the last meeting or a revision (again: unmark)"), { 'm' }, 0 },
	[CMD_HELP] = { N_("help"), N_("show every key"), { '?', TUI_FKEY(KEY_F(1)) }, ALL_VIEWS },
	[CMD_QUIT] = { N_("quit"), N_("quit (asks when there are unsaved edits)"), { 'q', TUI_CTRL('c') }, ALL_VIEWS },
};

void tui_key_name(int key, char *out, size_t n)
{
	static const struct { int key; const char *name; } names[] = {
		{ TUI_FKEY(KEY_DOWN), "↓" }, { TUI_FKEY(KEY_UP), "↑" },
		{ TUI_FKEY(KEY_NPAGE), "PgDn" }, { TUI_FKEY(KEY_PPAGE), "PgUp" },
		{ TUI_FKEY(KEY_HOME), "Home" }, { TUI_FKEY(KEY_END), "End" },
		{ TUI_FKEY(KEY_F(1)), "F1" }, { '\t', "Tab" },
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (names[i].key == key) {
			snprintf(out, n, "%s", MB_CUR_MAX > 1 || (unsigned char)names[i].name[0] < 0x80 ? names[i].name
				 : key == TUI_FKEY(KEY_DOWN) ? "Down" : "Up");
			return;
		}
	if (key > 0 && key < 0x20)
		snprintf(out, n, "^%c", key + '@');
	else if (key >= 0x20 && key < 0x7f)
		snprintf(out, n, "%c", key);
	else
		snprintf(out, n, "?");
}

static enum cmd key_to_cmd(int key)
{
	for (int i = 0; i < CMD_COUNT; i++)
		for (int k = 0; k < 3 && tui_commands[i].keys[k]; k++)
			if (tui_commands[i].keys[k] == key)
				return (enum cmd)i;
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

/* ---- edits through ops, with undo ---------------------------------------- */

static void select_change(struct tui *t, const struct change *c)
{
	if (!c)
		return;
	if (t->view == V_CHANGES && !tui_filtered(t)) {
		long i = plan_change_index(t->p, c);
		if (i >= 0)
			t->sel[V_CHANGES] = (size_t)i;
	} else {
		t->keep[t->view] = (struct change *)c;
	}
}

/* Applies a made op, records it for undo and says what it did.  Takes
 * over *op. */
static int push(struct tui *t, struct op *op)
{
	struct buf err = BUF_INIT;
	if (op_is_noop(t->p, op)) {
		op_clear(op);
		say(t, false, "%s", _("nothing to change: it already is so"));
		return F_REDRAW;
	}
	if (op_apply(t->p, op, &err) < 0) {
		say(t, true, "%s", buf_str(&err));
		buf_release(&err);
		op_clear(op);
		return F_REDRAW;
	}
	for (size_t i = t->nundo; i < t->nops; i++)
		op_clear(&t->ops[i]);
	if (t->saved_at > t->nundo && t->saved_at != SIZE_MAX)
		t->saved_at = SIZE_MAX;
	t->nops = t->nundo;
	if (t->nops == t->capops) {
		t->capops = t->capops ? 2 * t->capops : 32;
		t->ops = xrealloc(t->ops, t->capops * sizeof(*t->ops));
	}
	t->ops[t->nops++] = *op;
	t->nundo = t->nops;
	buf_reset(&t->msg);
	op_describe(t->p, op, &t->msg);
	t->msg_error = false;
	tui_invalidate(t);
	return F_REDRAW;
}

static const struct change *op_change(const struct tui *t, const struct op *op)
{
	return op->change ? op->change : plan_find_change(t->p, op->id);
}

static int undo(struct tui *t)
{
	if (!t->nundo) {
		say(t, false, "%s", _("nothing to undo"));
		return F_REDRAW;
	}
	struct op *op = &t->ops[t->nundo - 1], inv;
	struct buf err = BUF_INIT;
	op_invert(op, &inv);
	if (op_apply(t->p, &inv, &err) < 0) {
		say(t, true, _("cannot undo: %s"), buf_str(&err));
	} else {
		t->nundo--;
		struct buf d = BUF_INIT;
		op_describe(t->p, op, &d);
		say(t, false, _("undone: %s"), buf_str(&d));
		buf_release(&d);
		tui_invalidate(t);
		if (op->kind != OP_ADD_CHANGE)
			select_change(t, op_change(t, op));
	}
	op_clear(&inv);
	buf_release(&err);
	return F_REDRAW;
}

static int redo(struct tui *t)
{
	if (t->nundo == t->nops) {
		say(t, false, "%s", _("nothing to redo"));
		return F_REDRAW;
	}
	struct op *op = &t->ops[t->nundo];
	struct buf err = BUF_INIT;
	if (op_apply(t->p, op, &err) < 0) {
		say(t, true, _("cannot redo: %s"), buf_str(&err));
	} else {
		t->nundo++;
		struct buf d = BUF_INIT;
		op_describe(t->p, op, &d);
		say(t, false, _("redone: %s"), buf_str(&d));
		buf_release(&d);
		tui_invalidate(t);
		if (op->kind != OP_DELETE_CHANGE)
			select_change(t, op_change(t, op));
	}
	buf_release(&err);
	return F_REDRAW;
}

static int save(struct tui *t)
{
	struct diags d = DIAGS_INIT;
	int written = 0;
	size_t edits = t->saved_at == SIZE_MAX ? t->nundo
		       : t->nundo > t->saved_at ? t->nundo - t->saved_at : t->saved_at - t->nundo;
	if (store_save(t->st, t->p, &written, &d) < 0) {
		struct buf b = BUF_INIT;
		if (d.n)
			diag_format(&d.v[0], &b);
		say(t, true, _("not saved: %s"), buf_str(&b));
		buf_release(&b);
		diags_clear(&d);
		return F_REDRAW;
	}
	if (store_rebase(t->st, t->p, &d) < 0) {
		/* the files are written; only later saves are in doubt */
		struct buf b = BUF_INIT;
		if (d.n)
			diag_format(&d.v[0], &b);
		t->saved_at = t->nundo;
		say(t, true, _("saved, but the files could not be read back (%s); quit and reopen before saving again"),
		    buf_str(&b));
		buf_release(&b);
		diags_clear(&d);
		return F_REDRAW;
	}
	diags_clear(&d);
	t->saved_at = t->nundo;
	if (!written)
		say(t, false, "%s", _("nothing to save: the files already say so"));
	else {
		say(t, false, ngettext_("saved %zu edit", "saved %zu edits", edits), edits);
		buf_addf(&t->msg, ngettext_(" (%d file written)", " (%d files written)",
					    (unsigned long)written), written);
		tui_git_after_save(t);
	}
	return F_REDRAW;
}

/* ---- moving ----------------------------------------------------------------- */

/* Selects the next row holding a change in direction dir, at most `steps`
 * change rows away (stopping at the last one found). */
static void move_sel(struct tui *t, long dir, size_t steps)
{
	size_t n = tui_nrows(t), *sel = &t->sel[t->view];
	if (t->view == V_CHANGES && !tui_filtered(t)) {
		if (!n)
			return;
		if (dir > 0)
			*sel = *sel + steps >= n ? n - 1 : *sel + steps;
		else
			*sel = *sel >= steps ? *sel - steps : 0;
		return;
	}
	size_t at = *sel;
	for (size_t i = (size_t)*sel; steps > 0;) {
		if (dir > 0 ? i + 1 >= n : i == 0)
			break;
		i = dir > 0 ? i + 1 : i - 1;
		/* the status view is a report: every row can be selected */
		if (t->view == V_STATUS || tui_row_change(t, i)) {
			at = i;
			steps--;
		}
	}
	*sel = at;
}

static int search(struct tui *t, int dir)
{
	if (!t->search || !*t->search) {
		say(t, false, "%s", _("no search yet: press / to search"));
		return F_REDRAW;
	}
	size_t n = tui_nrows(t), from = t->sel[t->view];
	for (size_t k = 1; k <= n; k++) {
		size_t i = dir > 0 ? (from + k) % n : (from + n - (k % n)) % n;
		const struct change *c = tui_row_change(t, i);
		if (c && (strcasestr(c->id, t->search) || strcasestr(c->text, t->search) ||
			  (c->notes && strcasestr(c->notes, t->search)))) {
			t->sel[t->view] = i;
			say(t, false, _("found '%s' in %s"), t->search, c->id);
			return F_REDRAW;
		}
	}
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

static void print_today(char *out, size_t n)
{
	const char *date = getenv("SAMPLAN_PRINT_DATE");
	if (date && strlen(date) == 10) {
		snprintf(out, n, "%s", date);
		return;
	}
	time_t now = time(NULL);
	struct tm tm;
	if (!localtime_r(&now, &tm) || !strftime(out, n, "%Y-%m-%d", &tm))
		snprintf(out, n, "?");
}

/* The default file: samverkansplan-DATE.EXT in the plan directory's parent,
 * or the current directory when the plan directory has no parent part. */
static void print_default_path(const struct tui *t, int fmt, struct buf *out)
{
	char date[16];
	print_today(date, sizeof date);
	const char *dir = t->dir ? t->dir : ".";
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	const char *slash = NULL;
	for (size_t i = 0; i < n; i++)
		if (dir[i] == '/')
			slash = dir + i;
	if (slash)
		buf_addf(out, "%.*s/", (int)(slash - dir), dir);
	buf_addf(out, "samverkansplan-%s.%s", date, print_exts[fmt]);
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
	char date[16];
	print_today(date, sizeof date);
	struct print_opts o = { .format = (enum print_format)t->print_format,
				.year = t->p->focus_year, .date = date };
	struct buf src = BUF_INIT, out = BUF_INIT;
	plan_source_line(t->dir ? t->dir : ".", &src);
	if (tui_modified(t))
		buf_adds(&src, _(" + unsaved edits"));
	o.source = buf_str(&src);
	print_plan(t->p, &o, &out);
	if (write_file_atomic(path, buf_str(&out), out.len) < 0)
		say(t, true, _("cannot write %s: %s"), path, strerror(errno));
	else
		say(t, false, _("printed to %s"), path);
	buf_release(&src);
	buf_release(&out);
	return F_REDRAW;
}

/* ---- commands --------------------------------------------------------------- */

static int need_change(struct tui *t, struct change **c)
{
	*c = selected(t);
	if (!*c)
		say(t, true, "%s", _("no change selected"));
	return *c != NULL;
}

static int run_command(struct tui *t, enum cmd cmd)
{
	struct change *c;
	struct op op;
	struct buf err = BUF_INIT;
	int page = t->list_h > 1 ? t->list_h - 1 : 1;
	buf_reset(&t->msg);
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
	case CMD_VIEW1: case CMD_VIEW2: case CMD_VIEW3: case CMD_VIEW4:
		t->view = (enum tui_view)(cmd - CMD_VIEW1);
		break;
	case CMD_STATUS:
		if (need_change(t, &c)) {
			long s = plan_find_status(t->p, c->status);
			t->menu_sel = s >= 0 ? (size_t)s : 0;
			t->mode = M_STATUS_MENU;
		}
		break;
	case CMD_PRIORITY:
		if (need_change(t, &c)) {
			bool add = !change_is_prioritised(c, t->year);
			if (op_make_year(t->p, c->id, t->year, add, &op, &err) == 0)
				return push(t, &op);
			say(t, true, "%s", buf_str(&err));
		}
		break;
	case CMD_GROUPS:
		if (need_change(t, &c)) {
			t->menu_sel = 0;
			t->mode = M_GROUP_PICKER;
		}
		break;
	case CMD_EDIT_TEXT:
		if (need_change(t, &c))
			return start_edit(t, E_TEXT, c->text);
		break;
	case CMD_EDIT_NOTES:
		if (need_change(t, &c))
			return start_edit(t, E_NOTES, c->notes);
		break;
	case CMD_ADD:
		return start_edit(t, E_ADD, "");
	case CMD_DELETE:
		if (need_change(t, &c)) {
			say(t, false, _("delete %s? (y/n)"), c->id);
			t->mode = M_CONFIRM_DELETE;
		}
		break;
	case CMD_MOVE_UP:
	case CMD_MOVE_DOWN:
		if (need_change(t, &c)) {
			if (op_make_move(t->p, c->id, cmd == CMD_MOVE_UP ? -1 : 1, &op, &err) == 0) {
				int f = push(t, &op);
				select_change(t, c);
				return f;
			}
			say(t, true, "%s", buf_str(&err));
		}
		break;
	case CMD_UNDO: return undo(t);
	case CMD_REDO: return redo(t);
	case CMD_SAVE: return save(t);
	case CMD_SEARCH: return start_edit(t, E_SEARCH, t->search ? t->search : "");
	case CMD_NEXT_MATCH: return search(t, 1);
	case CMD_PREV_MATCH: return search(t, -1);
	case CMD_FILTER_STATUS:
	case CMD_FILTER_GROUP: {
		struct change *was = selected(t);
		long *f = cmd == CMD_FILTER_STATUS ? &t->filter_status : &t->filter_group;
		long n = cmd == CMD_FILTER_STATUS ? (long)t->p->nstatuses : (long)t->p->ngroups;
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
	case CMD_PRINT:
		t->menu_sel = 1;
		t->mode = M_PRINT_MENU;
		break;
	case CMD_COMMIT:
	case CMD_HISTORY:
	case CMD_SINCE:
		return tui_git_command(t, cmd);
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

static int finish_edit(struct tui *t)
{
	char *text = buf_detach(&t->le.text);
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
		if (op_make_set(t->p, c->id, t->edit == E_TEXT ? CF_TEXT : CF_NOTES, text, &op, &err) == 0)
			f = push(t, &op);
		else
			say(t, true, "%s", buf_str(&err));
		break;
	case E_ADD:
		if (!*text) {
			say(t, false, "%s", _("nothing added"));
			break;
		}
		if (op_make_add(t->p, t->p->nchanges, text, &op, &err) == 0) {
			char *id = xstrdup(op.id);
			f = push(t, &op);
			t->view = V_CHANGES;
			select_change(t, plan_find_change(t->p, id));
			free(id);
		} else {
			say(t, true, "%s", buf_str(&err));
		}
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
static int read_alt(void)
{
	wint_t w;
	timeout(0);
	int r = get_wch(&w);
	timeout(-1);
	return r == OK ? (int)w : -1;
}

static int edit_key(struct tui *t, int r, wint_t w)
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
		else if (k == KEY_ENTER) return finish_edit(t);
		else if (k == ctrl_left && k > 0) le_word_left(le);
		else if (k == ctrl_right && k > 0) le_word_right(le);
		return F_REDRAW;
	}
	switch (w) {
	case '\r': case '\n': return finish_edit(t);
	case 27: {
		int a = read_alt();
		if (a == 'b') le_word_left(le);
		else if (a == 'f') le_word_right(le);
		else {
			le_free(le);
			t->mode = M_NORMAL;
			say(t, false, "%s", _("cancelled"));
		}
		return F_REDRAW;
	}
	case 127: case 8: le_backspace(le); return F_REDRAW;
	case TUI_CTRL('a'): le_home(le); return F_REDRAW;
	case TUI_CTRL('e'): le_end(le); return F_REDRAW;
	case TUI_CTRL('d'): le_delete(le); return F_REDRAW;
	case TUI_CTRL('w'): le_kill_word(le); return F_REDRAW;
	default:
		break;
	}
	if (w >= 0x20 && w != 0x7f) {
		struct buf b = BUF_INIT;
		utf8_encode(&b, (uint32_t)w);
		le_insert(le, buf_str(&b), b.len);
		buf_release(&b);
	}
	return F_REDRAW;
}

static int status_menu_key(struct tui *t, int key)
{
	const struct plan *p = t->p;
	struct change *c = selected(t);
	size_t pick = SIZE_MAX;
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < p->nstatuses)
		pick = (size_t)(key - '1');
	else if (key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER))
		pick = t->menu_sel;
	else if ((key == 'j' || key == TUI_FKEY(KEY_DOWN)) && t->menu_sel + 1 < p->nstatuses)
		t->menu_sel++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->menu_sel > 0)
		t->menu_sel--;
	else if (key == 27 || key == 'q')
		t->mode = M_NORMAL;
	if (pick < p->nstatuses && c) {
		t->mode = M_NORMAL;
		struct op op;
		struct buf err = BUF_INIT;
		if (op_make_set(p, c->id, CF_STATUS, p->statuses[pick].key, &op, &err) == 0) {
			buf_release(&err);
			return push(t, &op);
		}
		say(t, true, "%s", buf_str(&err));
		buf_release(&err);
	}
	return F_REDRAW;
}

static int group_picker_key(struct tui *t, int key)
{
	const struct plan *p = t->p;
	struct change *c = selected(t);
	size_t pick = SIZE_MAX;
	if (key >= '1' && key <= '9' && (size_t)(key - '1') < p->ngroups)
		pick = t->menu_sel = (size_t)(key - '1');
	else if (key == ' ' || key == '\r' || key == '\n' || key == TUI_FKEY(KEY_ENTER))
		pick = t->menu_sel;
	else if ((key == 'j' || key == TUI_FKEY(KEY_DOWN)) && t->menu_sel + 1 < p->ngroups)
		t->menu_sel++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->menu_sel > 0)
		t->menu_sel--;
	else if (key == 27 || key == 'q' || key == 'g')
		t->mode = M_NORMAL;
	if (pick != SIZE_MAX && pick < p->ngroups && c) {
		struct op op;
		struct buf err = BUF_INIT;
		const char *gid = p->groups[pick].id;
		if (op_make_item(p, c->id, CF_GROUPS, gid, !strlist_contains(&c->groups, gid), &op,
				 &err) == 0) {
			buf_release(&err);
			return push(t, &op);
		}
		say(t, true, "%s", buf_str(&err));
		buf_release(&err);
	}
	return F_REDRAW;
}

static int confirm_delete_key(struct tui *t, int key)
{
	t->mode = M_NORMAL;
	struct change *c = selected(t);
	if ((key != 'y' && key != 'Y' && key != 'j' && key != 'J') || !c) {
		say(t, false, "%s", _("not deleted"));
		return F_REDRAW;
	}
	struct op op;
	struct buf err = BUF_INIT;
	int f = F_REDRAW;
	if (op_make_delete(t->p, c->id, &op, &err) == 0)
		f = push(t, &op);
	else
		say(t, true, "%s", buf_str(&err));
	buf_release(&err);
	return f;
}

static int quit_ask_key(struct tui *t, int key)
{
	t->mode = M_NORMAL;
	if (key == 'd' || key == 'D')
		return F_QUIT;
	if (key == 's' || key == 'S') {
		save(t);
		return tui_modified(t) ? F_REDRAW : F_QUIT;
	}
	say(t, false, "%s", _("not quitting"));
	return F_REDRAW;
}

static int help_key(struct tui *t, int key)
{
	if (key == 'j' || key == TUI_FKEY(KEY_DOWN) || key == ' ')
		t->help_top++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && t->help_top > 0)
		t->help_top--;
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
	if (i < tui_nrows(t) && (t->view == V_STATUS || tui_row_change(t, i)))
		t->sel[t->view] = i;
	return F_REDRAW;
}

static int handle_key(struct tui *t, int r, wint_t w)
{
	if (r == KEY_CODE_YES && w == KEY_RESIZE)
		return F_REDRAW;
	if (t->mode == M_EDIT)
		return edit_key(t, r, w);
	int key = r == KEY_CODE_YES ? TUI_FKEY((int)w) : (int)w;
	if (key == TUI_FKEY(KEY_MOUSE))
		return handle_mouse(t);
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES)
		return key == 'q' && !tui_modified(t) ? F_QUIT : F_REDRAW;
	switch (t->mode) {
	case M_STATUS_MENU: return status_menu_key(t, key);
	case M_GROUP_PICKER: return group_picker_key(t, key);
	case M_CONFIRM_DELETE: return confirm_delete_key(t, key);
	case M_QUIT_ASK: return quit_ask_key(t, key);
	case M_HELP: return help_key(t, key);
	case M_PRINT_MENU: return print_menu_key(t, key);
	case M_HISTORY: return tui_git_history_key(t, key);
	case M_NORMAL:
	case M_EDIT:
		break;
	}
	return run_command(t, key_to_cmd(key));
}

/* ---- the loop ------------------------------------------------------------- */

static void tui_free(struct tui *t)
{
	for (size_t i = 0; i < t->nops; i++)
		op_clear(&t->ops[i]);
	free(t->ops);
	for (int v = 0; v < V_COUNT; v++) {
		for (size_t i = 0; i < t->rows[v].n; i++)
			free(t->rows[v].v[i].owned);
		free(t->rows[v].v);
	}
	buf_release(&t->msg);
	buf_release(&t->scratch);
	tui_git_free(t);
	le_free(&t->le);
	free(t->search);
	plan_free(&t->p);
	store_free(&t->st);
}

int tui_main(const char *dir)
{
	struct tui t;
	memset(&t, 0, sizeof(t));
	t.dir = dir;
	struct diags d = DIAGS_INIT;
	if (store_load(dir, &t.p, &t.st, &d) < 0) {
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
	t.year = t.p->focus_year;
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
	tui_colours_init(&t);
	/* Ctrl-Left/Right have no KEY_ name; terminfo names their strings */
	const char *kl = tigetstr("kLFT5"), *kr = tigetstr("kRIT5");
	t.key_ctrl_left = kl && kl != (char *)-1 ? key_defined(kl) : -1;
	t.key_ctrl_right = kr && kr != (char *)-1 ? key_defined(kr) : -1;
	say(&t, false, _("%zu changes from %s; ? shows every key"), t.p->nchanges, dir);

	/* Benchmark hook: `make bench` (bench/tui.sh) times start to first full
	 * paint under a pseudo-terminal without sleeps; with this variable set
	 * (non-empty) the workbench leaves cleanly right after that paint. */
	const char *bench_exit = getenv("SAMPLAN_BENCH_EXIT_AFTER_PAINT");
	bool exit_after_paint = bench_exit && *bench_exit;
	int flags = F_REDRAW;
	while (!(flags & F_QUIT)) {
		if (flags & F_REDRAW) {
			tui_draw(&t); /* ends with refresh() of the whole screen */
			if (exit_after_paint)
				break;
		}
		wint_t w;
		int r = get_wch(&w);
		if (r == ERR)
			continue;
		flags = handle_key(&t, r, w);
	}
	endwin();
	tui_free(&t);
	return 0;
}
