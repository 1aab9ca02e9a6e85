/* tui_git.c — the workbench's view of git: commit with a message shown
 * for editing, the selected change's history, and marks on what changed
 * since the last meeting (or any revision).  The work is history.c's;
 * this file asks and tells. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "sync.h"
#include "tui_int.h"

/* How many of the plan's last commits the history box looks through. */
#define HISTORY_COMMITS 200

static struct tui_git *git_state(struct tui *t)
{
	if (!t->git)
		t->git = xcalloc(1, sizeof(*t->git));
	return t->git;
}

static const char *dir_of(const struct tui *t)
{
	return t->dir ? t->dir : ".";
}

/* Says why git cannot serve this plan; false then.  *detached
 * (optional): whether HEAD is on no branch. */
static bool available(struct tui *t, bool *detached)
{
	struct buf why = BUF_INIT;
	bool ok = history_where(dir_of(t), detached, &why);
	if (!ok)
		tui_say(t, true, "%s", buf_str(&why));
	buf_release(&why);
	return ok;
}

static int start_commit(struct tui *t)
{
	if (tui_modified(t)) {
		tui_say(t, true, "%s", _("save first (w): a commit holds the saved files"));
		return F_REDRAW;
	}
	bool detached;
	if (!available(t, &detached))
		return F_REDRAW;
	struct buf err = BUF_INIT;
	int dirty = history_uncommitted(dir_of(t), &err);
	if (dirty <= 0) {
		if (dirty < 0)
			tui_say(t, true, _("not committed: %s"), buf_str(&err));
		else
			tui_say(t, false, "%s", _("nothing to commit: the plan's files are as in the last commit"));
		buf_release(&err);
		return F_REDRAW;
	}
	buf_release(&err);
	struct tui_git *g = git_state(t);
	struct buf msg = BUF_INIT;
	history_draft_message(dir_of(t), t->s.p, &msg);
	/* the subject is edited on the prompt line; the body is shown above */
	char *nl = strchr(msg.s, '\n');
	free(g->commit_body);
	g->commit_body = xstrdup(nl ? nl + 1 : "");
	g->commit_top = 0;
	g->detached = detached;
	if (nl)
		*nl = '\0';
	le_init(&t->le, buf_str(&msg));
	buf_release(&msg);
	t->edit = E_COMMIT;
	t->mode = M_EDIT;
	return F_REDRAW;
}

static int commit(struct tui *t, const char *subject)
{
	struct tui_git *g = git_state(t);
	if (!*subject) {
		tui_say(t, false, "%s", _("not committed: the message is empty"));
		return F_REDRAW;
	}
	struct buf msg = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	buf_adds(&msg, subject);
	buf_adds(&msg, "\n");
	buf_adds(&msg, g->commit_body ? g->commit_body : "");
	int r = history_commit(dir_of(t), buf_str(&msg), &out, &err);
	if (r < 0)
		tui_say(t, true, _("not committed: %s"), buf_str(&err));
	else if (r > 0)
		tui_say(t, false, "%s", _("nothing to commit: the plan's files are as in the last commit"));
	else if (t->view == V_MEETING) /* the meeting closed: its minutes next */
		tui_say(t, false, _("committed: %s; P prints the meeting's minutes"), buf_str(&out));
	else
		tui_say(t, false, _("committed: %s"), buf_str(&out));
	buf_release(&msg);
	buf_release(&out);
	buf_release(&err);
	return F_REDRAW;
}

static int start_history(struct tui *t)
{
	const struct change *c = tui_row_change(t, t->sel[t->view]);
	if (!c) {
		tui_say(t, true, "%s", _("no change selected"));
		return F_REDRAW;
	}
	if (!available(t, NULL))
		return F_REDRAW;
	struct tui_git *g = git_state(t);
	history_timeline_clear(&g->history);
	free(g->history_id);
	g->history_id = xstrdup(c->id);
	g->history_top = 0;
	struct buf err = BUF_INIT;
	if (history_timeline(dir_of(t), K_CHANGE, c->id, HISTORY_COMMITS, &g->history, &err) < 0) {
		tui_say(t, true, _("no history: %s"), buf_str(&err));
	} else {
		t->mode = M_HISTORY;
		buf_reset(&t->msg);
	}
	buf_release(&err);
	return F_REDRAW;
}

static int start_since(struct tui *t)
{
	struct tui_git *g = git_state(t);
	if (g->since) {
		/* a second press takes the marks away */
		plan_free(&g->since);
		free(g->since_label);
		g->since_label = NULL;
		tui_say(t, false, "%s", _("marks cleared"));
		return F_REDRAW;
	}
	if (!available(t, NULL))
		return F_REDRAW;
	char today[11];
	history_today(today);
	const char *last = history_last_meeting(t->s.p, today);
	le_init(&t->le, last ? last : "HEAD");
	t->edit = E_SINCE;
	t->mode = M_EDIT;
	return F_REDRAW;
}

/* Marks what changed since `what`: a date (the last commit on or before
 * that day: the state at the end of a meeting) or a revision. */
static int since(struct tui *t, const char *what)
{
	struct tui_git *g = git_state(t);
	if (!*what) {
		tui_say(t, false, "%s", _("no marks"));
		return F_REDRAW;
	}
	struct buf rev = BUF_INIT, err = BUF_INIT;
	struct plan *old = NULL;
	int rc = 0;
	if (valid_date(what))
		rc = history_rev_before(dir_of(t), what, &rev, &err);
	else
		buf_adds(&rev, what);
	if (rc == 0)
		rc = history_load_rev(dir_of(t), buf_str(&rev), &old, &err);
	if (rc < 0) {
		tui_say(t, true, _("no marks: %s"), buf_str(&err));
	} else {
		plan_free(&g->since);
		g->since = old;
		free(g->since_label);
		g->since_label = valid_date(what)
				 ? xasprintf("%s (%.7s)", what, buf_str(&rev)) : xstrdup(what);
		size_t n = 0;
		for (size_t i = 0; i < plan_count(t->s.p, K_CHANGE); i++)
			n += tui_git_marked(t, plan_change(t->s.p, i));
		tui_say(t, false, ngettext_("%zu change changed since %s (marked *)",
					    "%zu changes changed since %s (marked *)", n),
			n, g->since_label);
	}
	buf_release(&rev);
	buf_release(&err);
	return F_REDRAW;
}

/* Sends the saved plan and brings in the others' edits (sync.h); the
 * plan is read again when they came, the undo history kept. */
static int start_sync(struct tui *t)
{
	if (tui_modified(t)) {
		tui_say(t, true, "%s", _("save first (w): a sync sends the saved files"));
		return F_REDRAW;
	}
	if (!available(t, NULL))
		return F_REDRAW;
	tui_say(t, false, "%s", _("syncing…"));
	tui_draw(t);
	struct buf said = BUF_INIT;
	struct sync_report rep;
	enum sync_result r = sync_run(dir_of(t), &said, &rep);
	bool came = session_changed_underneath(&t->s) != SF_COUNT;
	struct diags d = DIAGS_INIT;
	if (came && r != SYNC_CONFLICTS) {
		tui_invalidate(t);
		if (session_reload_keep_history(&t->s, &d) < 0) {
			struct buf b = BUF_INIT;
			if (d.n)
				diag_format(&d.v[0], &b);
			tui_say(t, true, _("synced, but the plan does not read: %s"), buf_str(&b));
			buf_release(&b);
			diags_clear(&d);
			buf_release(&said);
			return F_REDRAW;
		}
	}
	diags_clear(&d);
	const char *rest = buf_str(&said);
	if (r == SYNC_DONE)
		tui_say(t, false, _("synced — edits in: %zu, commits out: %zu"), rep.edits_in,
			rep.commits_out);
	else
		tui_say(t, true, "%.*s", (int)(strlen(rest) && rest[strlen(rest) - 1] == '\n'
							? strlen(rest) - 1 : strlen(rest)),
			rest);
	buf_release(&said);
	return F_REDRAW;
}

int tui_git_command(struct tui *t, enum cmd cmd)
{
	switch (cmd) {
	case CMD_COMMIT:
		return start_commit(t);
	case CMD_SYNC:
		return start_sync(t);
	case CMD_HISTORY:
		return start_history(t);
	case CMD_SINCE:
		return start_since(t);
	default:
		return F_NONE;
	}
}

int tui_git_finish_edit(struct tui *t, char *text)
{
	int f = t->edit == E_COMMIT ? commit(t, text) : since(t, text);
	free(text);
	return f;
}

int tui_git_history_key(struct tui *t, int key)
{
	struct tui_git *g = git_state(t);
	if ((key == 'j' || key == TUI_FKEY(KEY_DOWN) || key == ' ') &&
	    g->history_top + 1 < g->history.n)
		g->history_top++;
	else if ((key == 'k' || key == TUI_FKEY(KEY_UP)) && g->history_top > 0)
		g->history_top--;
	else if (key == 'q' || key == 27 || key == 'H' || key == '\r' || key == '\n')
		t->mode = M_NORMAL;
	return F_REDRAW;
}

bool tui_git_marked(const struct tui *t, const struct change *c)
{
	if (!t->git || !t->git->since)
		return false;
	const struct change *old = plan_find_change(t->git->since, c->id);
	return !old || !change_equal(old, c);
}

/* A change's field as shown to people, "—" when it is empty. */
static void display_or_dash(const struct plan *p, const struct change *c, int f, struct buf *out)
{
	size_t at = out->len;
	rec_display(p, K_CHANGE, c, f, ", ", out);
	if (out->len == at)
		buf_adds(out, "—");
}

void tui_git_changed(const struct tui *t, const struct change *c, struct buf *out)
{
	if (!tui_git_marked(t, c))
		return;
	const struct plan *was = t->git->since;
	const struct change *old = plan_find_change(was, c->id);
	buf_addf(out, _("* since %s: "), t->git->since_label);
	if (!old) {
		buf_adds(out, _("added"));
		return;
	}
	size_t at = out->len;
	for (int f = 0; f < CF_COUNT; f++) {
		const struct field *fd = kind_field(K_CHANGE, f);
		if ((fd->flags & FF_ID) || rec_field_equal(K_CHANGE, f, old, c))
			continue;
		if (out->len > at)
			buf_adds(out, "; ");
		buf_adds(out, _(fd->label));
		if (fd->type == FT_REF || fd->type == FT_CHOICE || fd->type == FT_YEARS) {
			buf_adds(out, " ");
			display_or_dash(was, old, f, out);
			buf_adds(out, " → ");
			display_or_dash(t->s.p, c, f, out);
		}
	}
}

void tui_git_after_save(struct tui *t)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int r = session_auto_commit(&t->s, &out, &err);
	if (r < 0) {
		buf_addf(&t->msg, _("; not committed: %s"), buf_str(&err));
		t->msg_error = true;
	} else if (r > 0) {
		buf_addf(&t->msg, _("; committed: %s"), buf_str(&out));
	}
	buf_release(&out);
	buf_release(&err);
}

void tui_git_free(struct tui *t)
{
	struct tui_git *g = t->git;
	if (!g)
		return;
	free(g->commit_body);
	history_timeline_clear(&g->history);
	free(g->history_id);
	plan_free(&g->since);
	free(g->since_label);
	free(g);
	t->git = NULL;
}
