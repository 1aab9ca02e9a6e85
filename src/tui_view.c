/* tui_view.c — the workbench's views and drawing.  Only the main loop
 * calls tui_draw; everything here reads the state and paints it.  The
 * changes view draws straight from the plan (cost: the visible rows); the
 * other views are lists of rows built once after each edit. */
#include "config.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ical.h"
#include "minutes.h"
#include "textwidth.h"
#include "tui_int.h"

enum { P_HEADER = 1, P_STATUS0 = 2, P_BAR = 5, P_ERROR = 6, P_TITLE = 7 };

/* Two looks: contrast (the default: black, white, reverse and bold, which
 * a washed-out projector keeps; no colour but for errors) and colour
 * (no blue on black, no yellow on white; the status labels stay, so
 * red and green are never the only difference).  NO_COLOR: attributes
 * only. */
void tui_colours_init(struct tui *t)
{
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		t->theme = THEME_MONO;
	t->colour = has_colors() && t->theme != THEME_MONO;
	if (!t->colour)
		return;
	start_color();
	use_default_colors();
	if (t->theme == THEME_CONTRAST) {
		init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
		return;
	}
	init_pair(P_HEADER, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_STATUS0, COLOR_RED, -1);
	init_pair(P_STATUS0 + 1, COLOR_MAGENTA, -1);
	init_pair(P_STATUS0 + 2, COLOR_GREEN, -1);
	init_pair(P_BAR, COLOR_CYAN, -1);
	init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(P_TITLE, COLOR_CYAN, -1);
}

/* The pair's colours, or (without colour, or in the contrast theme but
 * for errors) the attribute `plain`; an error without colour is bold as
 * well as reversed, so that it still stands out from a question. */
static attr_t pair_or(const struct tui *t, int pair, attr_t plain)
{
	if (!t->colour && pair == P_ERROR)
		return plain | A_BOLD;
	if (!t->colour || (t->theme == THEME_CONTRAST && pair != P_ERROR))
		return plain;
	return (attr_t)COLOR_PAIR(pair);
}

static attr_t status_attr(const struct tui *t, long idx)
{
	if (!t->colour || t->theme == THEME_CONTRAST || idx < 0)
		return A_NORMAL;
	return (attr_t)COLOR_PAIR(P_STATUS0 + (int)(idx % 3));
}

bool tui_modified(const struct tui *t)
{
	return t->s.nundo != t->s.saved_at;
}

int tui_put_text(struct tui *t, int y, int x, const char *s, int cols)
{
	if (cols <= 0 || !s)
		return 0;
	buf_reset(&t->scratch);
	int used = tw_clip_mark(s, strlen(s), cols, &t->scratch);
	mvaddstr(y, x, buf_str(&t->scratch));
	return used;
}

void tui_fill_to(int y, int x, int end)
{
	for (; x < end; x++)
		mvaddch(y, x, ' ');
}

/* ---- built views -------------------------------------------------------- */

static void rows_clear(struct view_rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].owned);
		free(r->v[i].owned_text);
	}
	r->n = 0;
}

void tui_rows_free(struct view_rows *r)
{
	rows_clear(r);
	free(r->v);
	r->v = NULL;
	r->cap = 0;
	r->valid = false;
}

static struct row *row_add(struct view_rows *r, enum row_kind kind)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	struct row *w = &r->v[r->n++];
	memset(w, 0, sizeof(*w));
	w->kind = kind;
	w->status = -1;
	return w;
}

static struct row *row_record(struct view_rows *r, enum kind k, void *rec)
{
	struct row *w = row_add(r, R_RECORD);
	w->rk = k;
	w->rec = rec;
	return w;
}

static void row_change(struct view_rows *r, struct change *c)
{
	row_record(r, K_CHANGE, c);
}

static void rows_bars(const struct plan *p, struct view_rows *r, const size_t *counts,
		      size_t total)
{
	for (size_t s = 0; s < plan_count(p, K_STATUS); s++) {
		struct row *w = row_add(r, R_BAR);
		w->label = plan_status(p, s)->label;
		w->count = counts[s];
		w->total = total;
		w->status = (int)s;
	}
}

/* ---- the views: how each builds its rows --------------------------------- */

/* Changes: the plan's order, through the status and group filters (without
 * a filter the rows are the plan itself and this is not called). */
static void build_changes(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		struct change *c = plan_change(p, i);
		if (t->filter_status >= 0 &&
		    strcmp(c->status, plan_status(p, t->filter_status)->key) != 0)
			continue;
		if (t->filter_group == FILTER_UNASSIGNED && c->groups.n)
			continue;
		if (t->filter_group >= 0 &&
		    !strlist_contains(&c->groups, plan_group(p, t->filter_group)->id))
			continue;
		row_change(r, c);
	}
}

/* Prioritised: a count, then the changes prioritised in the shown year. */
static void build_prioritised(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	size_t n = 0;
	row_add(r, R_TITLE); /* filled below: row_change may move r->v */
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		if (change_is_prioritised(plan_change(p, i), t->year)) {
			row_change(r, plan_change(p, i));
			n++;
		}
	r->v[0].owned = xasprintf(_("Prioritised in %d: %zu of %zu  ([ ] other years)"), t->year, n,
				  plan_count(p, K_CHANGE));
	/* and which years have priorities at all: other years' are not
	 * hidden behind ] */
	struct buf years = BUF_INIT;
	for (int year = plan_next_priority_year(p, INT_MIN); year != INT_MAX;
	     year = plan_next_priority_year(p, year)) {
		size_t count = 0;
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
			count += change_is_prioritised(plan_change(p, i), year);
		buf_addf(&years, "%s%s%d (%zu)", years.len ? ", " : "",
			 year == t->year ? (MB_CUR_MAX > 1 ? "»" : ">") : "", year, count);
	}
	struct row *w = row_add(r, R_INFO);
	w->label = _("Years with priorities");
	w->owned_text = buf_detach(&years);
	if (!*w->owned_text) {
		free(w->owned_text);
		w->owned_text = xstrdup(_("none"));
	}
	w->text = w->owned_text;
	/* the info row after the changes would be out of sight: before them */
	struct row info = r->v[r->n - 1];
	memmove(&r->v[2], &r->v[1], (r->n - 2) * sizeof(*r->v));
	r->v[1] = info;
}

/* Working groups: each group's heading (what the detail pane shows of it
 * is the group's own fields), its changes under it, then the changes no
 * group has.  The cursor stands on headings and changes. */
static void build_groups(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	for (size_t g = 0; g <= plan_count(p, K_GROUP); g++) {
		struct group *gr = g < plan_count(p, K_GROUP) ? plan_group(p, g) : NULL;
		struct row *title = row_add(r, R_GROUP);
		title->rk = K_GROUP;
		title->rec = gr;
		size_t n = 0;
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
			struct change *c = plan_change(p, i);
			if (gr ? strlist_contains(&c->groups, gr->id) : c->groups.n == 0)
				n++;
		}
		if (gr)
			title->owned = xasprintf("%s (%s)", gr->name, gr->id);
		else
			title->label = _("Unassigned (no working group)");
		title->count = n;
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
			struct change *c = plan_change(p, i);
			if (gr ? strlist_contains(&c->groups, gr->id) : c->groups.n == 0)
				row_change(r, c);
		}
		if (!n)
			row_add(r, R_INFO)->label = _("(no changes)");
		row_add(r, R_BLANK);
	}
}

/* Status: bars of the counts per status, overall and per group, then the
 * changes under each status. */
static void build_status(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	size_t ns = plan_count(p, K_STATUS), ng = plan_count(p, K_GROUP);
	/* counts[g * ns + s]; row g = ng: overall, g = ng + 1: unassigned */
	size_t *counts = xcalloc((ng + 2) * ns, sizeof(*counts));
	size_t *totals = xcalloc(ng + 2, sizeof(*totals));
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		long s = plan_find_status(p, c->status);
		if (s < 0)
			continue;
		counts[ng * ns + (size_t)s]++;
		totals[ng]++;
		if (!c->groups.n) {
			counts[(ng + 1) * ns + (size_t)s]++;
			totals[ng + 1]++;
		}
		for (size_t k = 0; k < c->groups.n; k++)
			for (size_t g = 0; g < ng; g++)
				if (strcmp(plan_group(p, g)->id, c->groups.v[k]) == 0) {
					counts[g * ns + (size_t)s]++;
					totals[g]++;
				}
	}
	row_add(r, R_TITLE)->owned = xasprintf(_("All changes (%zu)"), totals[ng]);
	rows_bars(p, r, counts + ng * ns, totals[ng]);
	for (size_t g = 0; g <= ng; g++) {
		size_t gi = g < ng ? g : ng + 1;
		row_add(r, R_BLANK);
		if (g < ng)
			row_add(r, R_TITLE)->owned = xasprintf("%s (%zu)", plan_group(p, g)->name, totals[gi]);
		else
			row_add(r, R_TITLE)->owned = xasprintf(_("Unassigned (%zu)"), totals[gi]);
		/* one scale for every bar on the screen: all the changes */
		rows_bars(p, r, counts + gi * ns, totals[ng]);
	}
	for (size_t s = 0; s < ns; s++) {
		row_add(r, R_BLANK);
		row_add(r, R_TITLE)->owned = xasprintf("%s (%zu)", plan_status(p, s)->label,
						    counts[ng * ns + s]);
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
			if (strcmp(plan_change(p, i)->status, plan_status(p, s)->key) == 0)
				row_change(r, plan_change(p, i));
	}
	free(counts);
	free(totals);
}

/* The effects matrix: every change, then the totals of each effect. */
static void build_matrix(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		row_change(r, plan_change(p, i));
	row_add(r, R_TOTALS);
}

/* A change's activities under it, each with its follow-ups; a change
 * prioritised in the year shown without any is marked. */
static void rows_of_change(struct tui *t, struct view_rows *r, struct change *c,
			   const struct ref_index *served)
{
	row_change(r, c);
	const struct ref_pair *first;
	size_t n = ref_index_find(served, c, &first);
	for (size_t k = 0; k < n; k++) {
		struct activity *a = first[k].rec;
		row_record(r, K_ACTIVITY, a);
		for (size_t f = 0; f < a->followup.n; f++)
			row_record(r, K_FOLLOWUP, a->followup.v[f]);
	}
	if (!n && change_is_prioritised(c, t->year)) {
		struct row *w = row_add(r, R_INFO);
		/* TRANSLATORS: under a change prioritised in the year shown */
		w->owned = xasprintf(_("! prioritised in %d, but no activity (a adds one)"), t->year);
	}
}

/* Activities: under the change they serve (one that serves several under
 * each), the changes prioritised in the year shown first, then the
 * others in the plan's order; each activity's follow-ups under it. */
static void build_activities(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	const struct ref_index *served = tui_served(t, true);
	row_add(r, R_TITLE)->owned = xasprintf(_("Activities (%zu) by the change they serve; prioritised in %d first"),
					    plan_count(p, K_ACTIVITY), t->year);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
			struct change *c = plan_change(p, i);
			if (change_is_prioritised(c, t->year) == (pass == 0))
				rows_of_change(t, r, c, served);
		}
}

/* ---- the meeting view ------------------------------------------------------ */

struct meeting *tui_meeting(struct tui *t)
{
	struct meeting *m = t->meeting ? plan_find(t->s.p, K_MEETING, t->meeting) : NULL;
	if (!m) {
		char today[11];
		date_today(getenv("SAMPLAN_DATE"), today);
		m = (struct meeting *)minutes_meeting(t->s.p, NULL, today);
	}
	return m;
}

/* A section's heading, and a row to stand on when it has nothing yet (a
 * record row of its kind without a record: a adds one there). */
static void section(struct view_rows *r, char *title)
{
	row_add(r, R_BLANK);
	row_add(r, R_TITLE)->owned = title;
}

static void empty_section(struct view_rows *r, enum kind k)
{
	row_record(r, k, NULL);
}

/* The meeting shown: the actions still open from earlier meetings first,
 * then who is here (the roster, ticked), the guests, the agenda, the
 * actions decided and the topics waiting for a meeting. */
static void build_meeting(struct tui *t, struct view_rows *r)
{
	struct plan *p = t->s.p;
	struct meeting *m = tui_meeting(t);
	if (!m) {
		row_add(r, R_INFO)->owned =
			xstrdup(_("(the plan has no meetings: samplan add meeting date=YYYY-MM-DD adds one)"));
		return;
	}
	struct buf b = BUF_INIT;
	meeting_title(p, m, &b);
	buf_adds(&b, " ");
	minutes_long_date(m->date, &b);
	if (*m->time)
		buf_addf(&b, _(", %s"), m->time);
	buf_addf(&b, " (%s)", strcmp(m->status, "genomfort") == 0 ? _("held") : _("planned"));
	row_add(r, R_TITLE)->owned = buf_detach(&b);
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *e = plan_meeting(p, i);
		for (size_t k = 0; k < e->actions.n; k++)
			n += action_open_at(e->actions.v[k], m);
	}
	section(r, xasprintf(_("Open actions from earlier meetings (%zu; space: done)"), n));
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		struct meeting *e = plan_meeting(p, i);
		for (size_t k = 0; k < e->actions.n; k++)
			if (action_open_at(e->actions.v[k], m))
				row_record(r, K_ACTION, e->actions.v[k]);
	}
	if (!n)
		row_add(r, R_INFO)->owned = xstrdup(_("(none)"));
	section(r, xasprintf(_("Attendance (%zu of %zu; space: here or not; a: someone else)"),
			     m->attendees.n, plan_count(p, K_MEMBER)));
	for (size_t i = 0; i < plan_count(p, K_MEMBER); i++)
		row_record(r, K_MEMBER, plan_rec(p, K_MEMBER, i));
	if (!plan_count(p, K_MEMBER))
		empty_section(r, K_MEMBER);
	section(r, xasprintf(_("Guests (%zu)"), m->guests.n));
	for (size_t i = 0; i < m->guests.n; i++)
		row_record(r, K_GUEST, m->guests.v[i]);
	if (!m->guests.n)
		empty_section(r, K_GUEST);
	section(r, xasprintf(_("Agenda (%zu)"), m->points.n));
	for (size_t i = 0; i < m->points.n; i++)
		row_record(r, K_POINT, m->points.v[i]);
	if (!m->points.n)
		empty_section(r, K_POINT);
	section(r, xasprintf(_("For the next meeting (%zu)"), m->actions.n));
	for (size_t i = 0; i < m->actions.n; i++)
		row_record(r, K_ACTION, m->actions.v[i]);
	if (!m->actions.n)
		empty_section(r, K_ACTION);
	n = 0;
	for (size_t i = 0; i < plan_count(p, K_TOPIC); i++)
		n += !*((const struct topic *)plan_rec(p, K_TOPIC, i))->meeting;
	section(r, xasprintf(_("For coming meetings (%zu; space: onto the agenda)"), n));
	for (size_t i = 0; i < plan_count(p, K_TOPIC); i++) {
		struct topic *to = plan_rec(p, K_TOPIC, i);
		if (!*to->meeting)
			row_record(r, K_TOPIC, to);
	}
	if (!n)
		empty_section(r, K_TOPIC);
}

/* A row of the meeting view: a box ticked for who is here and what is
 * done, what it is, and who and when. */
static void draw_meeting_row(struct tui *t, int y, const struct row *w, bool selected)
{
	const struct plan *p = t->s.p;
	const struct meeting *m = tui_meeting(t);
	struct buf b = BUF_INIT;
	attrset(selected ? A_REVERSE : A_NORMAL);
	tui_fill_to(y, 0, COLS);
	if (!w->rec) {
		static const char *const none[K_COUNT] = {
			[K_MEMBER] = N_("(no roster: a adds who is here)"),
			[K_GUEST] = N_("(no guests: a adds one)"),
			[K_POINT] = N_("(no points yet: a adds one)"),
			[K_ACTION] = N_("(no actions yet: a adds one)"),
			[K_TOPIC] = N_("(none waiting: a adds one)"),
		};
		tui_put_text(t, y, 3, none[w->rk] ? _(none[w->rk]) : "", COLS - 4);
		attrset(A_NORMAL);
		return;
	}
	switch (w->rk) {
	case K_MEMBER: {
		const struct member *mb = w->rec;
		buf_addf(&b, "[%s] %s", m && strlist_contains(&m->attendees, mb->id) ? "x" : " ",
			 mb->name);
		if (*mb->role)
			buf_addf(&b, ", %s", mb->role);
		if (m && strcmp(m->chair, mb->id) == 0)
			buf_addf(&b, " (%s)", _("chair"));
		if (m && strcmp(m->secretary, mb->id) == 0)
			buf_addf(&b, " (%s)", _("secretary"));
		break;
	}
	case K_ACTION: {
		const struct action *a = w->rec;
		const struct meeting *of = ((const struct record *)a)->parent;
		buf_addf(&b, "[%s] ", *a->done ? "x" : " ");
		if (of != m)
			buf_addf(&b, "%s/", of->id);
		buf_addf(&b, "%s %s", a->id, a->what);
		for (size_t i = 0; i < a->who.n; i++) {
			const struct member *mb = plan_find(p, K_MEMBER, a->who.v[i]);
			buf_addf(&b, "%s%s", i ? ", " : " — ", mb ? mb->name : a->who.v[i]);
		}
		if (*a->group) {
			const struct group *g = plan_find(p, K_GROUP, a->group);
			buf_addf(&b, "%s%s", a->who.n ? ", " : " — ", g ? g->name : a->group);
		}
		if (*a->due)
			buf_addf(&b, " (%s)", a->due);
		break;
	}
	case K_GUEST: {
		const struct guest *g = w->rec;
		buf_adds(&b, g->name);
		if (*g->note)
			buf_addf(&b, ", %s", g->note);
		for (size_t i = 0; i < g->points.n; i++)
			buf_addf(&b, "%s%s", i ? ", " : _(", point "), g->points.v[i]);
		break;
	}
	case K_POINT: {
		const struct point *pt = w->rec;
		buf_addf(&b, "%2d. %s", pt->number, pt->title);
		if (*pt->decision)
			buf_addf(&b, " — %s %s", _("Decision:"), pt->decision);
		break;
	}
	case K_TOPIC: {
		const struct topic *to = w->rec;
		buf_addf(&b, "%s %s", to->id, to->text);
		break;
	}
	default:
		buf_adds(&b, rec_name(w->rk, w->rec));
		break;
	}
	tui_put_text(t, y, 3, buf_str(&b), COLS - 4);
	attrset(A_NORMAL);
	buf_release(&b);
}

const struct tui_view_ops tui_views[V_COUNT] = {
	[V_CHANGES] = { .tab = N_("Changes"), .build = build_changes, .indent = 1 },
	[V_PRIORITISED] = { .tab = N_("Prioritised"), .build = build_prioritised,
			    .headed = true, .indent = 3 },
	[V_GROUPS] = { .tab = N_("Groups"), .build = build_groups,
		       .headed = true, .indent = 3 },
	[V_STATUS] = { .tab = N_("Status"), .build = build_status,
		       .report = true, .headed = true, .indent = 3 },
	[V_MATRIX] = { .tab = N_("Matrix"), .build = build_matrix, .indent = 1, .matrix = true },
	[V_ACTIVITIES] = { .tab = N_("Activities"), .build = build_activities, .headed = true,
			   .indent = 1 },
	[V_MEETING] = { .tab = N_("Meeting"), .build = build_meeting, .headed = true, .indent = 1 },
};

/* Where the cursor may stand outside a report: a change, a group. */
static bool row_selectable(const struct row *w)
{
	return w->kind == R_RECORD || (w->kind == R_GROUP && w->rec);
}

static void build(struct tui *t, enum tui_view v)
{
	struct view_rows *r = &t->rows[v];
	rows_clear(r);
	tui_views[v].build(t, r);
	r->valid = true;
	/* keep the change or group that was selected selected; else the
	 * first row the cursor may stand on */
	size_t first = SIZE_MAX, found = SIZE_MAX;
	for (size_t i = 0; i < r->n; i++) {
		if (!row_selectable(&r->v[i]))
			continue;
		if (first == SIZE_MAX)
			first = i;
		if (t->keep[v] && r->v[i].rec == t->keep[v]) {
			found = i;
			break;
		}
	}
	if (found != SIZE_MAX)
		t->sel[v] = found;
	else if (tui_views[v].report) /* read from the top */
		t->sel[v] = t->sel[v] < r->n ? t->sel[v] : 0;
	else if (t->sel[v] >= r->n || !row_selectable(&r->v[t->sel[v]]))
		t->sel[v] = first != SIZE_MAX ? first : 0;
	t->keep[v] = NULL;
}

const struct view_rows *tui_rows(struct tui *t, enum tui_view v)
{
	if (!t->rows[v].valid)
		build(t, v);
	return &t->rows[v];
}

const struct ref_index *tui_served(struct tui *t, bool now)
{
	if (!t->served_valid && !now && t->served_asked++ == 0)
		return NULL;
	if (!t->served_valid) {
		ref_index_free(&t->served);
		ref_index_build(&t->served, t->s.p, K_ACTIVITY, AC_CHANGES);
		t->served_valid = true;
	}
	return &t->served;
}

void tui_invalidate(struct tui *t)
{
	t->served_valid = false;
	t->served_asked = 0;
	for (int v = 0; v < V_COUNT; v++) {
		if (t->rows[v].valid && t->sel[v] < t->rows[v].n) {
			const struct row *w = &t->rows[v].v[t->sel[v]];
			t->keep[v] = w->rec;
		}
		t->rows[v].valid = false;
	}
}

bool tui_filtered(const struct tui *t)
{
	return t->filter_status != -1 || t->filter_group != -1;
}

bool tui_rows_are_plan(const struct tui *t)
{
	return t->view == V_CHANGES && !tui_filtered(t);
}

bool tui_row_selectable(struct tui *t, size_t row)
{
	if (tui_views[t->view].report)
		return row < tui_nrows(t);
	if (tui_rows_are_plan(t))
		return row < plan_count(t->s.p, K_CHANGE);
	const struct view_rows *r = tui_rows(t, t->view);
	return row < r->n && row_selectable(&r->v[row]);
}

struct group *tui_row_group(struct tui *t, size_t row)
{
	if (tui_rows_are_plan(t))
		return NULL;
	const struct view_rows *r = tui_rows(t, t->view);
	return row < r->n && r->v[row].kind == R_GROUP ? r->v[row].rec : NULL;
}

void *tui_row_record(struct tui *t, size_t row, enum kind *k)
{
	if (tui_rows_are_plan(t)) {
		*k = K_CHANGE;
		return row < plan_count(t->s.p, K_CHANGE) ? plan_change(t->s.p, row) : NULL;
	}
	const struct view_rows *r = tui_rows(t, t->view);
	if (row >= r->n || (r->v[row].kind != R_RECORD && r->v[row].kind != R_GROUP))
		return NULL;
	*k = r->v[row].rk;
	return r->v[row].rec;
}

size_t tui_nrows(struct tui *t)
{
	if (tui_rows_are_plan(t))
		return plan_count(t->s.p, K_CHANGE);
	return tui_rows(t, t->view)->n;
}

struct change *tui_row_change(struct tui *t, size_t row)
{
	if (tui_rows_are_plan(t))
		return row < plan_count(t->s.p, K_CHANGE) ? plan_change(t->s.p, row) : NULL;
	const struct view_rows *r = tui_rows(t, t->view);
	return row < r->n && r->v[row].kind == R_RECORD && r->v[row].rk == K_CHANGE ? r->v[row].rec
										   : NULL;
}

/* ---- drawing -------------------------------------------------------------- */

static void draw_header(struct tui *t)
{
	const struct plan *p = t->s.p;
	attr_t a = pair_or(t, P_HEADER, A_REVERSE);
	attron(a);
	tui_fill_to(0, 0, COLS);
	/* the title whole when it fits: the version and year say less */
	char tail[160], mark[64] = "";
	if (t->read_only)
		snprintf(mark, sizeof(mark), " %s", _("read-only"));
	else if (tui_modified(t))
		snprintf(mark, sizeof(mark), " [+]");
	int mw = tw_width(mark, strlen(mark));
	/* the meeting view names the meeting before the plan */
	struct buf heading = BUF_INIT;
	const struct meeting *m = t->view == V_MEETING && !t->walk ? tui_meeting(t) : NULL;
	if (m) {
		meeting_title(p, m, &heading);
		buf_addf(&heading, " %s — ", m->date);
	}
	buf_adds(&heading, p->info->title);
	const char *title = buf_str(&heading);
	int title_w = tw_width(title, strlen(title));
	if (t->year == p->info->focus_year)
		snprintf(tail, sizeof(tail), _("  version %d  focus year %d"), p->info->version, t->year);
	else
		snprintf(tail, sizeof(tail), _("  version %d  year %d (plan: %d)"), p->info->version,
			 t->year, p->info->focus_year);
	if (1 + title_w + tw_width(tail, strlen(tail)) + mw + 1 > COLS) {
		if (t->year == p->info->focus_year)
			snprintf(tail, sizeof(tail), _("  v%d  focus %d"), p->info->version, t->year);
		else
			snprintf(tail, sizeof(tail), _("  v%d  %d (plan: %d)"), p->info->version, t->year,
				 p->info->focus_year);
	}
	int tw = tw_width(tail, strlen(tail));
	int x = 1 + tui_put_text(t, 0, 1, title, COLS - 2 - tw - mw);
	buf_release(&heading);
	x += tui_put_text(t, 0, x, tail, COLS - x - 1 - mw);
	if (*mark) {
		attron(A_BOLD);
		tui_put_text(t, 0, x, mark, mw);
		attroff(A_BOLD);
	}
	attroff(a);

	/* the filter, when there is one: it must be seen */
	char f[200] = "";
	if (tui_filtered(t)) {
		const char *g = t->filter_group == FILTER_UNASSIGNED ? _("unassigned")
			: t->filter_group >= 0 ? plan_group(p, t->filter_group)->id : NULL;
		snprintf(f, sizeof(f), _("filter: %s%s%s (%zu)"),
			 t->filter_status >= 0 ? plan_status(p, t->filter_status)->label : "",
			 t->filter_status >= 0 && g ? ", " : "", g ? g : "",
			 tui_rows(t, V_CHANGES)->n);
	}
	/* the tabs by name; when they do not fit (with the filter), those
	 * farthest from the shown one give their names up first ("6" for
	 * "6 Activities") */
	/* the filter and the since mark whole, each with its spaces around */
	int tx = 1, all = *f ? 4 + tw_width(f, strlen(f)) : 0, wname[V_COUNT];
	char since[160] = "";
	if (t->git && t->git->since_label) {
		snprintf(since, sizeof(since), _("* since %s"), t->git->since_label);
		all += 5 + tw_width(since, strlen(since));
	}
	bool named[V_COUNT];
	for (int v = 0; v < V_COUNT; v++) {
		const char *name = _(tui_views[v].tab);
		wname[v] = 1 + tw_width(name, strlen(name));
		all += 4 + wname[v];
		named[v] = true;
	}
	/* from column 1, a space between tabs, the last one's own space spare */
	for (int d = V_COUNT; all - 1 > COLS && d > 0; d--)
		for (int v = 0; v < V_COUNT && all - 1 > COLS; v++) {
			int dist = v > (int)t->view ? v - (int)t->view : (int)t->view - v;
			if (dist == d && named[v]) {
				named[v] = false;
				all -= wname[v];
			}
		}
	for (int v = 0; v < V_COUNT; v++) {
		char tab[80];
		if (!named[v])
			snprintf(tab, sizeof(tab), " %d ", v + 1);
		else
			snprintf(tab, sizeof(tab), " %d %s ", v + 1, _(tui_views[v].tab));
		attr_t ta = v == (int)t->view ? A_REVERSE : A_NORMAL;
		attron(ta);
		tx += tui_put_text(t, 1, tx, tab, COLS - tx);
		attroff(ta);
		tx++;
	}
	if (*f) {
		attron(A_REVERSE);
		tx += 1 + tui_put_text(t, 1, tx + 1, f, COLS - tx - 2);
		attroff(A_REVERSE);
	}
	if (*since) {
		int sw = tw_width(since, strlen(since));
		int sx = COLS - sw - 1 > tx + 1 ? COLS - sw - 1 : tx + 1;
		tui_put_text(t, 1, sx, since, COLS - sx - 1);
	}
}

static int status_width(const struct plan *p)
{
	int w = 6;
	for (size_t s = 0; s < plan_count(p, K_STATUS); s++) {
		const char *l = plan_status(p, s)->label;
		int lw = tw_width(l, strlen(l));
		if (lw > w)
			w = lw;
	}
	return w > 14 ? 14 : w;
}

/* The priority years' column: two years ("»25 26"). */
#define YEARS_W 6

/* The years change c is prioritised in, as "»25 26": the year shown is
 * marked, as well as bold, for a washed-out projector. */
static void years_text(const struct tui *t, const struct change *c, struct buf *out)
{
	for (size_t k = 0; k < c->priority.n; k++)
		buf_addf(out, "%s%s%02d", k ? " " : "",
			 c->priority.v[k] == t->year ? (MB_CUR_MAX > 1 ? "»" : ">") : "",
			 c->priority.v[k] % 100);
}

static void draw_change_row(struct tui *t, int y, const struct change *c, bool selected,
			    int sw, int indent)
{
	attr_t base = A_NORMAL;
	if (change_is_prioritised(c, t->year))
		base |= A_BOLD;
	if (selected)
		base |= A_REVERSE;
	attrset(base);
	tui_fill_to(y, 0, COLS);
	int x = indent;
	if (x > 0 && tui_git_marked(t, c))
		tui_put_text(t, y, x - 1, "*", 1);
	tui_put_text(t, y, x, c->id, 5);
	x += 6;
	long si = plan_find_status(t->s.p, c->status);
	attron(status_attr(t, si));
	tui_put_text(t, y, x, plan_status_label(t->s.p, c->status), sw);
	attrset(base);
	x += sw + 1;
	struct buf g = BUF_INIT;
	years_text(t, c, &g);
	tui_put_text(t, y, x, g.len ? buf_str(&g) : "-", YEARS_W);
	x += YEARS_W + 1;
	/* the groups by name, as people say them ("Hälsokunniga…") */
	buf_reset(&g);
	for (size_t k = 0; k < c->groups.n; k++) {
		const struct group *gr = plan_find_group(t->s.p, c->groups.v[k]);
		if (k)
			buf_addc(&g, ',');
		buf_adds(&g, gr && *gr->name ? gr->name : c->groups.v[k]);
	}
	if (!tui_small()) { /* the groups' column */
		tui_put_text(t, y, x, c->groups.n ? buf_str(&g) : "-", 14);
		x += 15;
	}
	buf_release(&g);
	tui_put_text(t, y, x, c->text, COLS - x - 1);
	attrset(A_NORMAL);
}

static void draw_bar(struct tui *t, int y, const struct row *r)
{
	tui_put_text(t, y, 4, r->label, 16);
	int room = COLS - 4 - 17 - 10;
	int len = r->total ? (int)((double)room * (double)r->count / (double)r->total + 0.5) : 0;
	if (r->count && len == 0)
		len = 1;
	attron(t->colour ? status_attr(t, r->status) : A_REVERSE);
	const char *block = MB_CUR_MAX > 1 ? "\xe2\x96\x88" : "#";
	for (int i = 0; i < len; i++)
		mvaddstr(y, 21 + i, block);
	attrset(A_NORMAL);
	mvprintw(y, 22 + room, "%5zu", r->count);
}

/* ---- the effects matrix ---- */

/* Its columns: a cell of MATRIX_CW columns per effect, a rule before the
 * first effect of each kind; the changes' own columns to the left, a
 * total to the right. */
#define MATRIX_CW 3
#define MATRIX_TEXT_MIN 14
/* The total's column: its word ("sum", "summa") and the numbers. */
static int matrix_total_w(void)
{
	const char *w = _("sum");
	int n = 1 + tw_width(w, strlen(w));
	return n < 4 ? 4 : n;
}

struct matrix_geom {
	size_t first, n; /* the effects shown: first..first+n */
	int x[64 + 1];   /* where each shown cell starts (x[n]: the end) */
	int grid;        /* where the grid starts */
	size_t total;    /* effects in all */
};

static bool kind_starts(const struct plan *p, size_t e)
{
	return e == 0 || strcmp(plan_effect(p, e)->kind, plan_effect(p, e - 1)->kind) != 0;
}

/* Lays the grid out; scrolls sideways so that the cursor's column shows. */
static void matrix_layout(struct tui *t, struct matrix_geom *g)
{
	const struct plan *p = t->s.p;
	g->total = plan_count(p, K_EFFECT);
	if (t->cell >= g->total)
		t->cell = g->total ? g->total - 1 : 0;
	int room = COLS - 1 - matrix_total_w() - 7 - MATRIX_TEXT_MIN;
	/* how many fit from `from` on */
	size_t fit;
	for (;;) {
		int w = 0;
		fit = 0;
		for (size_t e = t->cell_left; e < g->total && fit < 64; e++) {
			int cw = MATRIX_CW + (kind_starts(p, e) || e == t->cell_left);
			if (w + cw > room)
				break;
			w += cw;
			fit++;
		}
		if (t->cell < t->cell_left)
			t->cell_left = t->cell;
		else if (fit && t->cell >= t->cell_left + fit)
			t->cell_left++;
		else
			break;
	}
	g->first = t->cell_left;
	g->n = fit;
	int w = 0;
	for (size_t i = 0; i < fit; i++)
		w += MATRIX_CW + (kind_starts(p, g->first + i) || i == 0);
	g->grid = COLS - 1 - matrix_total_w() - w;
	int x = g->grid;
	for (size_t i = 0; i < fit; i++) {
		x += kind_starts(p, g->first + i) || i == 0;
		g->x[i] = x;
		x += MATRIX_CW;
	}
	g->x[fit] = x;
}

static void matrix_rules(const struct plan *p, const struct matrix_geom *g, int y)
{
	const char *v = MB_CUR_MAX > 1 ? "\xe2\x94\x82" : "|";
	for (size_t i = 0; i < g->n; i++)
		if (kind_starts(p, g->first + i) || i == 0)
			mvaddstr(y, g->x[i] - 1, v);
}

/* Above the grid: the selected effect's full name, each kind's name over
 * its columns, the columns' numbers. */
static void draw_matrix_head(struct tui *t, int y)
{
	const struct plan *p = t->s.p;
	struct matrix_geom g;
	matrix_layout(t, &g);
	if (!g.total) {
		tui_put_text(t, y, 1, _("(the plan has no effects: add them to plan.yaml)"), COLS - 2);
		return;
	}
	const struct effect *sel = plan_effect(p, t->cell);
	struct buf b = BUF_INIT;
	plan_effect_label(p, t->cell, &b);
	buf_addf(&b, ": %s (%s)", sel->name, _(field_choice_label(K_EFFECT, EF_KIND, sel->kind, false)));
	attron(A_BOLD);
	tui_put_text(t, y, 1, buf_str(&b), COLS - 2);
	attroff(A_BOLD);
	if (g.first > 0)
		tui_put_text(t, y + 2, g.grid - 2, "<", 1);
	if (g.first + g.n < g.total)
		tui_put_text(t, y + 2, g.x[g.n] - 1, ">", 1);
	if (g.n < g.total) { /* what is cut, and how to see it */
		buf_reset(&b);
		/* TRANSLATORS: "10/16 ←/→ more": 10 of the 16 effects shown */
		buf_addf(&b, _("%zu/%zu ←/→ more"), g.n, g.total);
		tui_put_text(t, y + 1, 1, buf_str(&b), g.grid - 3);
	}
	for (size_t i = 0; i < g.n; i++) {
		size_t e = g.first + i;
		if (kind_starts(p, e) || i == 0) {
			size_t end = i + 1;
			while (end < g.n && !kind_starts(p, g.first + end))
				end++;
			tui_put_text(t, y + 1, g.x[i], _(field_choice_label(K_EFFECT, EF_KIND, plan_effect(p, e)->kind, true)),
				 g.x[end] - g.x[i] - 1);
		}
		buf_reset(&b);
		plan_effect_label(p, e, &b);
		attrset(e == t->cell ? A_REVERSE : A_NORMAL);
		tui_put_text(t, y + 2, g.x[i], buf_str(&b), MATRIX_CW);
		attrset(A_NORMAL);
	}
	matrix_rules(p, &g, y + 1);
	matrix_rules(p, &g, y + 2);
	tui_put_text(t, y + 2, g.x[g.n] + 1, _("sum"), matrix_total_w() - 1);
	buf_release(&b);
}

static void draw_matrix_row(struct tui *t, int y, const struct change *c, bool selected)
{
	const struct plan *p = t->s.p;
	struct matrix_geom g;
	matrix_layout(t, &g);
	attr_t base = change_is_prioritised(c, t->year) ? A_BOLD : A_NORMAL;
	attrset(base | (selected ? A_REVERSE : 0));
	tui_fill_to(y, 0, g.grid - 1);
	if (change_is_prioritised(c, t->year)) /* marked, as well as bold */
		tui_put_text(t, y, 0, MB_CUR_MAX > 1 ? "»" : ">", 1);
	tui_put_text(t, y, 1, c->id, 5);
	/* the other years it is prioritised in, as in view 1 */
	struct buf yrs = BUF_INIT;
	for (size_t k = 0; k < c->priority.n; k++)
		if (c->priority.v[k] != t->year)
			buf_addf(&yrs, "%s%02d", yrs.len ? " " : "", c->priority.v[k] % 100);
	int x = 7;
	if (yrs.len)
		x += tui_put_text(t, y, x, buf_str(&yrs), 5) + 1;
	buf_release(&yrs);
	tui_put_text(t, y, x, c->text, g.grid - 1 - x);
	attrset(base);
	const char *dot = MB_CUR_MAX > 1 ? "\xc2\xb7" : ".";
	for (size_t i = 0; i < g.n; i++) {
		size_t e = g.first + i;
		bool on = strlist_contains(&c->effects, plan_effect(p, e)->id);
		attrset(base | (selected && e == t->cell ? A_REVERSE : 0));
		mvaddstr(y, g.x[i], " ");
		mvaddstr(y, g.x[i] + 1, on ? "x" : dot);
		mvaddstr(y, g.x[i] + 2, " ");
	}
	attrset(A_NORMAL);
	matrix_rules(p, &g, y);
	mvprintw(y, g.x[g.n] + 1, "%*zu", matrix_total_w() - 1, c->effects.n);
}

static void draw_matrix_totals(struct tui *t, int y)
{
	const struct plan *p = t->s.p;
	struct matrix_geom g;
	matrix_layout(t, &g);
	attron(A_BOLD);
	tui_put_text(t, y, 1, _("Changes linked"), g.grid - 2);
	size_t all = 0;
	for (size_t i = 0; i < g.total; i++) {
		size_t n = 0;
		for (size_t k = 0; k < plan_count(p, K_CHANGE); k++)
			n += strlist_contains(&plan_change(p, k)->effects, plan_effect(p, i)->id);
		all += n;
		if (i >= g.first && i < g.first + g.n)
			mvprintw(y, g.x[i - g.first], "%*zu", MATRIX_CW - 1, n);
	}
	attroff(A_BOLD);
	matrix_rules(p, &g, y);
	mvprintw(y, g.x[g.n] + 1, "%*zu", matrix_total_w() - 1, all);
}

/* A group's heading: its name and id, then its lead and counts. */
static void draw_group_row(struct tui *t, int y, const struct row *w, bool selected)
{
	const char *label = w->owned ? w->owned : w->label;
	attrset(selected ? A_REVERSE | A_BOLD : pair_or(t, P_TITLE, A_UNDERLINE) | A_BOLD);
	if (selected)
		tui_fill_to(y, 0, COLS);
	int x = 1 + tui_put_text(t, y, 1, label, COLS - 2);
	attrset(selected ? A_REVERSE : A_NORMAL);
	struct buf b = BUF_INIT;
	const struct group *g = w->rec;
	if (g && *g->lead)
		buf_addf(&b, "  %s: %s ·", _("lead"), g->lead);
	else
		buf_adds(&b, " ");
	if (g)
		buf_addf(&b, ngettext_(" %zu member ·", " %zu members ·", g->members.n), g->members.n);
	buf_addf(&b, ngettext_(" %zu change", " %zu changes", w->count), w->count);
	tui_put_text(t, y, x, buf_str(&b), COLS - x - 1);
	buf_release(&b);
	attrset(A_NORMAL);
}

/* How many of the parties an activity names (all the plan's when it
 * names none) have followed it up for `year`, in *done of *of; with
 * `said`, "soder ✓ norr –" for each. */
static void activity_reported(const struct plan *p, const struct activity *a, int year,
			      size_t *done, size_t *of, struct buf *said)
{
	*done = *of = 0;
	size_t n = a->parties.n ? a->parties.n : plan_count(p, K_PARTY);
	for (size_t i = 0; i < n; i++) {
		const char *party = a->parties.n ? a->parties.v[i] : plan_party(p, i)->id;
		bool has = false;
		for (size_t f = 0; f < a->followup.n && !has; f++) {
			const struct followup *fu = a->followup.v[f];
			has = fu->year == year && strcmp(fu->party, party) == 0;
		}
		(*of)++;
		*done += has;
		if (said)
			buf_addf(said, "%s%s %s", said->len ? "  " : "", party,
				 has ? (MB_CUR_MAX > 1 ? "✓" : "+") : (MB_CUR_MAX > 1 ? "–" : "-"));
	}
}

void tui_form_title_more(struct tui *t, enum kind k, const char *path, struct buf *out)
{
	if (k != K_FOLLOWUP || !path)
		return;
	const struct plan *p = t->s.p;
	const struct activity *a = plan_find(p, K_ACTIVITY, path);
	if (!a) {
		const struct followup *fu = plan_find(p, K_FOLLOWUP, path);
		a = fu ? fu->rec.parent : NULL;
	}
	if (!a)
		return;
	size_t done, of;
	struct buf said = BUF_INIT;
	activity_reported(p, a, t->year, &done, &of, &said);
	/* TRANSLATORS: ". Followed up for 2025 (1/2): soder ✓  norr –" */
	buf_addf(out, _(". Followed up for %d (%zu/%zu): %s"), t->year, done, of, buf_str(&said));
	buf_release(&said);
}

/* An activity under its change: id, status, how many parties have
 * followed it up for the year shown, its period and group, its text. */
static void draw_activity_row(struct tui *t, int y, const struct activity *a, bool selected,
			      int sw)
{
	const struct plan *p = t->s.p;
	attrset(selected ? A_REVERSE : A_NORMAL);
	tui_fill_to(y, 0, COLS);
	int x = 3;
	tui_put_text(t, y, x, a->id, 5);
	x += 6;
	long si = plan_find_status(p, a->status);
	attron(status_attr(t, si));
	tui_put_text(t, y, x, plan_status_label(p, a->status), sw);
	attrset(selected ? A_REVERSE : A_NORMAL);
	x += sw + 1;
	size_t done, of;
	activity_reported(p, a, t->year, &done, &of, NULL);
	char rate[32];
	snprintf(rate, sizeof(rate), "%zu/%zu", done, of);
	tui_put_text(t, y, x, rate, 5);
	x += 6;
	if (!tui_small()) {
		struct buf b = BUF_INIT;
		if (*a->period_from || *a->period_to)
			buf_addf(&b, "%s–%s", a->period_from, a->period_to);
		tui_put_text(t, y, x, b.len ? buf_str(&b) : "-", 15);
		x += 16;
		buf_reset(&b);
		const struct group *g = *a->group ? plan_find_group(p, a->group) : NULL;
		tui_put_text(t, y, x, g ? g->name : *a->group ? a->group : "-", 12);
		x += 13;
		buf_release(&b);
	}
	tui_put_text(t, y, x, a->text, COLS - x - 1);
	attrset(A_NORMAL);
}

/* A follow-up under its activity: year, party, the indicator's value,
 * what was done; "!" before one for a year outside the period. */
static void draw_followup_row(struct tui *t, int y, const struct followup *fu, bool selected)
{
	const struct plan *p = t->s.p;
	attrset((selected ? A_REVERSE : A_NORMAL) | (fu->year == t->year ? A_BOLD : 0));
	tui_fill_to(y, 0, COLS);
	if (followup_outside_period(fu))
		tui_put_text(t, y, 7, "!", 1);
	char year[16];
	snprintf(year, sizeof(year), "%d", fu->year);
	int x = 9;
	tui_put_text(t, y, x, year, 4);
	x += 5;
	const struct party *pa = plan_find(p, K_PARTY, fu->party);
	tui_put_text(t, y, x, pa ? pa->name : fu->party, 16);
	x += 17;
	tui_put_text(t, y, x, *fu->value ? fu->value : "-", 8);
	x += 9;
	tui_put_text(t, y, x, *fu->done ? fu->done : "—", COLS - x - 1);
	attrset(A_NORMAL);
}

/* A row of a record, drawn as its kind is. */
static void draw_record_row(struct tui *t, int y, const struct row *w, bool selected, int sw)
{
	switch (w->rk) {
	case K_CHANGE:
		if (tui_views[t->view].matrix)
			draw_matrix_row(t, y, w->rec, selected);
		else
			draw_change_row(t, y, w->rec, selected, sw, tui_views[t->view].indent);
		return;
	case K_ACTIVITY:
		draw_activity_row(t, y, w->rec, selected, sw);
		return;
	case K_FOLLOWUP:
		draw_followup_row(t, y, w->rec, selected);
		return;
	default:
		draw_meeting_row(t, y, w, selected);
		return;
	}
}

static void draw_list(struct tui *t, int y0, int h)
{
	size_t n = tui_nrows(t);
	size_t *sel = &t->sel[t->view], *top = &t->top[t->view];
	if (*sel >= n)
		*sel = n ? n - 1 : 0;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + (size_t)h)
		*top = *sel - (size_t)h + 1;
	if (*top + (size_t)h > n)
		*top = n > (size_t)h ? n - (size_t)h : 0;
	if (tui_views[t->view].headed && *sel > 0 && *sel < (size_t)h) {
		/* show the headings above the first rows */
		*top = 0;
	}
	if (n && *sel >= *top && *sel < *top + (size_t)h)
		tui_cursor_at(t, y0 + (int)(*sel - *top), 0);
	int sw = status_width(t->s.p);
	if (tui_rows_are_plan(t)) {
		if (n == 0)
			tui_put_text(t, y0, 2, _("(the plan has no changes yet; press a to add one)"), COLS - 4);
		for (int i = 0; i < h && *top + (size_t)i < n; i++)
			draw_change_row(t, y0 + i, plan_change(t->s.p, *top + (size_t)i),
					*top + (size_t)i == *sel, sw, 1);
		return;
	}
	const struct view_rows *r = tui_rows(t, t->view);
	for (int i = 0; i < h && *top + (size_t)i < r->n; i++) {
		const struct row *w = &r->v[*top + (size_t)i];
		int y = y0 + i;
		const char *label = w->owned ? w->owned : w->label;
		switch (w->kind) {
		case R_BLANK:
			break;
		case R_TITLE:
			attron(pair_or(t, P_TITLE, A_UNDERLINE));
			tui_put_text(t, y, 1, label, COLS - 2);
			attrset(A_NORMAL);
			break;
		case R_INFO: {
			if (!label) { /* a wrapped value's next line */
				tui_put_text(t, y, 3 + w->hang, w->text, COLS - 4 - w->hang);
				break;
			}
			int x = 3 + tui_put_text(t, y, 3, label, COLS - 6);
			if (w->text) {
				x += tui_put_text(t, y, x, ": ", 2);
				tui_put_text(t, y, x, w->text, COLS - x - 1);
			}
			break;
		}
		case R_BAR:
			draw_bar(t, y, w);
			break;
		case R_GROUP:
			draw_group_row(t, y, w, *top + (size_t)i == *sel);
			break;
		case R_TOTALS:
			draw_matrix_totals(t, y);
			break;
		case R_RECORD:
			draw_record_row(t, y, w, *top + (size_t)i == *sel, sw);
			break;
		}
		/* in a report the cursor may stand on any row: show where */
		if (w->kind != R_RECORD && w->kind != R_GROUP && w->kind != R_TOTALS &&
		    *top + (size_t)i == *sel)
			mvchgat(y, 0, -1, A_REVERSE, 0, NULL);
	}
}

/* Wrapped, safe text in rows y..ymax; returns the next free row. */
static int put_wrapped(struct tui *t, int y, int ymax, int x, const char *label, const char *s)
{
	struct buf safe = BUF_INIT;
	if (label)
		buf_addf(&safe, "%s: ", label);
	tw_sanitize(s, strlen(s), &safe);
	const char *p = buf_str(&safe);
	size_t n = safe.len, at = 0;
	while (at < n && y < ymax) {
		size_t next;
		size_t len = tw_wrap_line(p + at, n - at, COLS - x - 1, &next);
		if (y >= t->clip_top && y < t->clip_bottom)
			mvaddnstr(y, x, p + at, (int)len);
		y++;
		at += next;
	}
	if (at < n)
		t->detail_more = true;
	buf_release(&safe);
	return y;
}

/* "Label" of a field for people, its first letter upper case. */
static void field_label(const struct field *fd, struct buf *out)
{
	const char *l = _(fd->label);
	size_t at = out->len;
	buf_adds(out, l);
	tw_capitalize(out, at);
}

/* A record's fields from the schema, in its order, each "Label: value"
 * wrapped (its id is on the separator line above). */
static int draw_record(struct tui *t, enum kind k, const void *rec, int y, int ymax)
{
	const struct kind_info *kd = kind_of(k);
	struct buf label = BUF_INIT, value = BUF_INIT;
	for (int f = 0; f < kd->nfields; f++) {
		const struct field *fd = &kd->fields[f];
		if (fd->flags & FF_ID)
			continue;
		if (y >= ymax) { /* more than there is room for: Enter shows it */
			t->detail_more = true;
			break;
		}
		buf_reset(&label);
		buf_reset(&value);
		field_label(fd, &label);
		rec_display(t->s.p, k, rec, f, "; ", &value);
		y = put_wrapped(t, y, ymax, 1, buf_str(&label), value.len ? buf_str(&value) : "—");
	}
	buf_release(&label);
	buf_release(&value);
	return y;
}

/* The change's effects, RUS effect goals and national target areas apart
 * (the kinds of effect, in plan.yaml). */
static int draw_effects(struct tui *t, const struct change *c, int y, int ymax)
{
	const struct plan *p = t->s.p;
	const struct field *kind = kind_field(K_EFFECT, EF_KIND);
	struct buf b = BUF_INIT;
	for (size_t ch = 0; kind->choices[ch]; ch++) {
		buf_reset(&b);
		for (size_t k = 0; k < c->effects.n; k++) {
			const struct effect *e = plan_find_effect(p, c->effects.v[k]);
			if (strcmp(e ? e->kind : kind->choices[0], kind->choices[ch]) != 0)
				continue;
			buf_addf(&b, "%s%s", b.len ? "; " : "", e ? e->name : c->effects.v[k]);
		}
		if (b.len)
			y = put_wrapped(t, y, ymax, 1, _(field_choice_label(K_EFFECT, EF_KIND, kind->choices[ch], true)), buf_str(&b));
	}
	buf_release(&b);
	return y;
}

/* A change's programme logic (figure 3 of the plan): each activity that
 * serves it, its output and result, and the effects the change is
 * linked to; a change prioritised in the year shown without an
 * activity is marked so the meeting sees it. */
static int draw_chain(struct tui *t, const struct change *c, int y, int ymax)
{
	const struct plan *p = t->s.p;
	struct buf b = BUF_INIT, fx = BUF_INIT;
	for (size_t k = 0; k < c->effects.n; k++) {
		const struct effect *e = plan_find_effect(p, c->effects.v[k]);
		if (k)
			buf_adds(&fx, ", ");
		if (e)
			plan_effect_label(p, (size_t)plan_index(p, K_EFFECT, e), &fx);
		else
			buf_adds(&fx, c->effects.v[k]);
	}
	/* its activities: from the index, or by a scan when there is none */
	const struct ref_index *ix = tui_served(t, false);
	const struct ref_pair *first = NULL;
	size_t nserve = ix ? ref_index_find(ix, c, &first) : plan_count(p, K_ACTIVITY), n = 0;
	for (size_t i = 0; i < nserve; i++) {
		const struct activity *a = ix ? first[i].rec : plan_rec(p, K_ACTIVITY, i);
		if (!ix && !strlist_contains(&a->changes, c->id))
			continue;
		if (y >= ymax) { /* the rest would not show: drawn only up to here */
			t->detail_more = true;
			break;
		}
		buf_reset(&b);
		/* activity → output → result → effects */
		buf_addf(&b, "%s %s → %s → %s → %s", a->id, a->text, *a->output ? a->output : "—",
			 *a->result ? a->result : "—", fx.len ? buf_str(&fx) : "—");
		y = put_wrapped(t, y, ymax, 1, n ? NULL : _("Programme logic"), buf_str(&b));
		n++;
	}
	if (!n && y < ymax && change_is_prioritised(c, t->year)) {
		buf_reset(&b);
		buf_addf(&b, _("! prioritised in %d, but no activity (view 6: a adds one)"), t->year);
		attron(A_BOLD);
		y = put_wrapped(t, y, ymax, 1, NULL, buf_str(&b));
		attroff(A_BOLD);
	}
	buf_release(&b);
	buf_release(&fx);
	return y;
}

/* An activity's or a follow-up's fields, and for an activity which
 * parties have followed it up for the year shown. */
static int draw_planned(struct tui *t, enum kind k, const void *rec, int y, int ymax)
{
	if (k == K_ACTIVITY) {
		size_t done, of;
		struct buf said = BUF_INIT, line = BUF_INIT;
		activity_reported(t->s.p, rec, t->year, &done, &of, &said);
		/* TRANSLATORS: "Followed up for 2025 (1/2): soder ✓  norr –" */
		buf_addf(&line, _("Followed up for %d (%zu/%zu): %s"), t->year, done, of, buf_str(&said));
		attron(A_BOLD);
		y = put_wrapped(t, y, ymax, 1, NULL, buf_str(&line));
		attroff(A_BOLD);
		buf_release(&said);
		buf_release(&line);
	} else if (k == K_FOLLOWUP && followup_outside_period(rec)) {
		y = put_wrapped(t, y, ymax, 1, NULL, _("! for a year outside the activity's period"));
	}
	return draw_record(t, k, rec, y, ymax);
}

/* The selected record's fields from row y0 to ymax (drawn in the clip
 * rows); returns the row after the last. */
static int draw_detail(struct tui *t, int y0, int unused, int h)
{
	(void)unused;
	const struct plan *p = t->s.p;
	const struct change *c = tui_row_change(t, t->sel[t->view]);
	const struct group *gr = tui_row_group(t, t->sel[t->view]);
	int ymax = y0 + h;
	enum kind rk;
	const void *any = tui_row_record(t, t->sel[t->view], &rk);
	if (any && rk != K_CHANGE && rk != K_GROUP)
		return draw_planned(t, rk, any, y0, ymax);
	if (gr)
		return draw_record(t, K_GROUP, gr, y0, ymax);
	if (!c) {
		if (y0 >= t->clip_top && y0 < t->clip_bottom)
			tui_put_text(t, y0, 1, _("(no change selected)"), COLS - 2);
		return y0 + 1;
	}
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s: %s  %s: ", _("Status"), plan_status_label(p, c->status),
		 _("prioritised"));
	for (size_t k = 0; k < c->priority.n; k++)
		buf_addf(&b, "%s%d", k ? ", " : "", c->priority.v[k]);
	if (!c->priority.n)
		buf_adds(&b, "—");
	buf_addf(&b, "  %s: %s", _("horizon"), c->horizon);
	attron(A_BOLD);
	if (y0 >= t->clip_top && y0 < t->clip_bottom)
		tui_put_text(t, y0, 1, buf_str(&b), COLS - 2);
	attroff(A_BOLD);
	buf_reset(&b);
	for (size_t k = 0; k < c->groups.n; k++) {
		const struct group *g = plan_find_group(p, c->groups.v[k]);
		buf_addf(&b, "%s%s", k ? "; " : "", g ? g->name : c->groups.v[k]);
	}
	/* the text first: on a small screen it is all there is room for */
	int y = put_wrapped(t, y0 + 1, ymax, 1, NULL, c->text);
	y = put_wrapped(t, y, ymax, 1, _("Groups"), c->groups.n ? buf_str(&b) : "—");
	buf_reset(&b);
	tui_git_changed(t, c, &b);
	if (b.len)
		y = put_wrapped(t, y, ymax, 1, NULL, buf_str(&b));
	buf_release(&b);
	y = draw_effects(t, c, y, ymax);
	y = draw_chain(t, c, y, ymax);
	if (c->notes && *c->notes)
		y = put_wrapped(t, y, ymax, 1, _("Notes"), c->notes);
	return y;
}

/* The selected change or group on the whole screen, scrolled by
 * detail_top rows. */
static void draw_full_detail(struct tui *t)
{
	erase();
	const struct change *c = tui_row_change(t, t->sel[t->view]);
	enum kind k = K_CHANGE;
	const void *r = tui_row_record(t, t->sel[t->view], &k);
	struct buf path = BUF_INIT;
	if (r)
		rec_path(k, r, &path);
	attron(pair_or(t, P_HEADER, A_REVERSE));
	tui_fill_to(0, 0, COLS);
	char title[200];
	if (c)
		snprintf(title, sizeof(title), _("%s (j/k scroll; Esc closes; H its history)"), c->id);
	else
		snprintf(title, sizeof(title), _("%s (j/k scroll; Esc closes)"), buf_str(&path));
	buf_release(&path);
	tui_put_text(t, 0, 1, title, COLS - 2);
	attrset(A_NORMAL);
	/* measure first, so the scroll stops at the end */
	t->clip_top = t->clip_bottom = -1;
	int end = draw_detail(t, 0, 0, 1 << 20);
	int h = LINES - 2;
	if (t->detail_top > end - h)
		t->detail_top = end - h > 0 ? end - h : 0;
	t->clip_top = 2;
	t->clip_bottom = LINES - 1;
	draw_detail(t, 2 - t->detail_top, 2 - t->detail_top, 1 << 20);
	t->clip_top = 0;
	t->clip_bottom = LINES;
	if (t->detail_top + h < end)
		tui_put_text(t, LINES - 1, COLS - 2, "↓", 1);
}

/* The hint line at row y, saying `text`. */
static void draw_hint_line(struct tui *t, int y, const char *text)
{
	attron(pair_or(t, P_HEADER, A_REVERSE));
	tui_fill_to(y, 0, COLS);
	tui_put_text(t, y, 0, text, COLS);
	attrset(A_NORMAL);
}

/* The hint line: the focused view's commands from the table, in its
 * order; when they do not fit, the ones that matter least give way. */
static void draw_hints(struct tui *t, int y)
{
	struct buf b = BUF_INIT;
	char key[16];
	int cmds[CMD_COUNT], n = 0, width = 0, widths[CMD_COUNT];
	for (int i = 0; i < CMD_COUNT; i++) {
		const struct tui_command *c = &tui_commands[i];
		if (!(c->views & (1u << t->view)) || (t->read_only && tui_cmd_edits((enum cmd)i)))
			continue;
		tui_key_name(c->keys[0], key, sizeof(key));
		buf_reset(&b);
		buf_addf(&b, "%s %s", key, _(c->name));
		widths[n] = tw_width(b.s, b.len);
		width += widths[n];
		cmds[n++] = i;
	}
	/* too wide: first the hints that matter least give way; then the
	 * hints stand one space apart, not two; then others give way, the
	 * last of those that matter least first (help and quit stay) */
	int gap = 2;
	for (int phase = 0; phase < 3 && width + gap * (n - 1) > COLS && n > 1;) {
		if (phase == 1) {
			gap = 1;
			phase++;
			continue;
		}
		int drop = -1;
		for (int k = 0; k < n; k++)
			if ((phase == 2 || tui_commands[cmds[k]].keep == 0) &&
			    (drop < 0 || tui_commands[cmds[k]].keep <= tui_commands[cmds[drop]].keep))
				drop = k;
		if (drop < 0) {
			phase++;
			continue;
		}
		width -= widths[drop];
		memmove(&cmds[drop], &cmds[drop + 1], (size_t)(n - drop - 1) * sizeof(*cmds));
		memmove(&widths[drop], &widths[drop + 1], (size_t)(n - drop - 1) * sizeof(*widths));
		n--;
	}
	buf_reset(&b);
	for (int k = 0; k < n; k++) {
		const struct tui_command *c = &tui_commands[cmds[k]];
		tui_key_name(c->keys[0], key, sizeof(key));
		buf_addf(&b, "%s%s %s", k ? (gap == 2 ? "  " : " ") : "", key, _(c->name));
	}
	draw_hint_line(t, y, buf_str(&b));
	buf_release(&b);
}

/* Lines are drawn as characters, not the alternate character set, so
 * what a terminal (or tmux's capture) holds is what is shown. */
static void draw_hline(int y, int x, int w)
{
	const char *s = MB_CUR_MAX > 1 ? "\xe2\x94\x80" : "-";
	for (int i = 0; i < w; i++)
		mvaddstr(y, x + i, s);
}

/* A box's width for a title and items of the given widths (the frame and
 * a margin each side), at most the screen's. */
static int box_width(int widest)
{
	int w = widest + 4;
	if (w < 30)
		w = 30;
	return w > COLS - 2 ? COLS - 2 : w;
}

/* A framed box of h rows and w columns, with corners: over the list when
 * it fits there (the separator and the detail stay in sight), else in
 * the middle of the screen.  Returns its first inner row; *x0 its first
 * inner column. */
static int draw_box(struct tui *t, int h, int w, int *x0)
{
	int y = h <= t->list_h ? 2 + (t->list_h - h) / 2 : (LINES - h) / 2, x = (COLS - w) / 2;
	bool utf8 = MB_CUR_MAX > 1;
	const char *v = utf8 ? "\xe2\x94\x82" : "|";
	if (y < 0)
		y = 0;
	for (int i = 0; i < h; i++) {
		tui_fill_to(y + i, x, x + w);
		mvaddstr(y + i, x, v);
		mvaddstr(y + i, x + w - 1, v);
	}
	draw_hline(y, x, w);
	draw_hline(y + h - 1, x, w);
	mvaddstr(y, x, utf8 ? "\xe2\x94\x8c" : "+");
	mvaddstr(y, x + w - 1, utf8 ? "\xe2\x94\x90" : "+");
	mvaddstr(y + h - 1, x, utf8 ? "\xe2\x94\x94" : "+");
	mvaddstr(y + h - 1, x + w - 1, utf8 ? "\xe2\x94\x98" : "+");
	*x0 = x + 2;
	return y + 1;
}

int tui_draw_dialog(struct tui *t, const char *title, int n, int widest, int *x0, int *iw)
{
	int tw = tw_width(title, strlen(title));
	int w = box_width(tw > widest ? tw : widest), inner = w - 4;
	size_t len = strlen(title), at = 0, next;
	int lines = 0;
	do {
		tw_wrap_line(title + at, len - at, inner, &next);
		at += next;
		lines++;
	} while (at < len);
	int h = lines + n + 2;
	if (h > LINES)
		h = LINES;
	int y = draw_box(t, h, w, x0);
	attron(A_BOLD);
	for (at = 0; at < len && lines-- > 0; y++) {
		size_t l = tw_wrap_line(title + at, len - at, inner, &next);
		buf_reset(&t->scratch);
		tw_clip(title + at, l, inner, &t->scratch, NULL);
		mvaddstr(y, *x0, buf_str(&t->scratch));
		at += next;
	}
	attroff(A_BOLD);
	*iw = inner;
	return y;
}

static void draw_status_menu(struct tui *t)
{
	const struct plan *p = t->s.p;
	int widest = 0, x, iw;
	for (size_t s = 0; s < plan_count(p, K_STATUS); s++) {
		int lw = 3 + tw_width(plan_status(p, s)->label, strlen(plan_status(p, s)->label));
		widest = lw > widest ? lw : widest;
	}
	int y = tui_draw_dialog(t, _("Set status (a digit, or Enter; Esc cancels)"),
			    (int)plan_count(p, K_STATUS), widest, &x, &iw);
	for (size_t s = 0; s < plan_count(p, K_STATUS) && y < LINES - 1; s++, y++) {
		char num[24];
		snprintf(num, sizeof(num), "%zu ", s + 1);
		if (s == t->menu_sel)
			tui_cursor_at(t, y, x);
		attrset(s == t->menu_sel ? A_REVERSE : A_NORMAL);
		tui_fill_to(y, x, x + iw);
		tui_put_text(t, y, x, num, 3);
		attron(status_attr(t, (long)s));
		tui_put_text(t, y, x + 3, plan_status(p, s)->label, iw - 3);
		attrset(A_NORMAL);
	}
}

static void draw_print_menu(struct tui *t)
{
	static const char *const names[] = { N_("text"), N_("Markdown"), N_("HTML") };
	int x, iw;
	int y = tui_draw_dialog(t, _("Print format (a digit, or Enter; Esc cancels)"), 3, 12, &x, &iw);
	for (size_t s = 0; s < 3; s++, y++) {
		char num[24];
		snprintf(num, sizeof(num), "%zu ", s + 1);
		if (s == t->menu_sel)
			tui_cursor_at(t, y, x);
		attrset(s == t->menu_sel ? A_REVERSE : A_NORMAL);
		tui_fill_to(y, x, x + iw);
		tui_put_text(t, y, x, num, 3);
		tui_put_text(t, y, x + 3, _(names[s]), iw - 3);
		attrset(A_NORMAL);
	}
}

/* The effects, each marked when the selected change is linked to it. */
static void draw_effect_picker(struct tui *t)
{
	const struct plan *p = t->s.p;
	const struct change *c = tui_row_change(t, t->sel[t->view]);
	size_t n = plan_count(p, K_EFFECT);
	int x, inner = (int)n;
	if (inner > LINES - 8)
		inner = LINES - 8;
	if (inner < 1)
		inner = 1;
	const char *title = _("Effects (Space links or unlinks; Enter does so and closes; Esc closes)");
	int widest = tw_width(title, strlen(title));
	for (size_t e = 0; e < n; e++) {
		const struct effect *ef = plan_effect(p, e);
		int ew = 4 + tw_width(ef->name, strlen(ef->name));
		widest = ew > widest ? ew : widest;
	}
	int iw;
	int y = tui_draw_dialog(t, title, inner, widest, &x, &iw), w = iw + 4;
	size_t first = t->menu_sel >= (size_t)inner ? t->menu_sel - (size_t)inner + 1 : 0;
	if (!n)
		tui_put_text(t, y, x, _("(the plan has no effects)"), w - 4);
	for (int i = 0; i < inner && first + (size_t)i < n; i++) {
		size_t e = first + (size_t)i;
		const struct effect *ef = plan_effect(p, e);
		if (e == t->menu_sel)
			tui_cursor_at(t, y + i, x);
		attrset(e == t->menu_sel ? A_REVERSE : A_NORMAL);
		tui_fill_to(y + i, x, x + w - 4);
		bool on = c && strlist_contains(&c->effects, ef->id);
		int cx = x + tui_put_text(t, y + i, x, on ? "[x] " : "[ ] ", 4);
		tui_put_text(t, y + i, cx, ef->name, x + w - 4 - cx);
		attrset(A_NORMAL);
	}
}

static void draw_group_picker(struct tui *t)
{
	const struct plan *p = t->s.p;
	const struct change *c = tui_row_change(t, t->sel[t->view]);
	size_t n = plan_count(p, K_GROUP) + 1; /* and "New group…" */
	int x, inner = (int)n;
	if (inner > LINES - 8)
		inner = LINES - 8;
	const char *title = _("Working groups (a digit or Space toggles; Enter or Esc closes)");
	int widest = tw_width(title, strlen(title));
	struct buf line = BUF_INIT;
	for (size_t g = 0; g + 1 < n; g++) {
		const struct group *gr = plan_group(p, g);
		int gw = 8 + tw_width(gr->id, strlen(gr->id)) + 3 + tw_width(gr->name, strlen(gr->name));
		widest = gw > widest ? gw : widest;
	}
	int iw;
	int y = tui_draw_dialog(t, title, inner, widest, &x, &iw), w = iw + 4;
	size_t first = t->menu_sel >= (size_t)inner ? t->menu_sel - (size_t)inner + 1 : 0;
	for (int i = 0; i < inner && first + (size_t)i < n; i++) {
		size_t g = first + (size_t)i;
		if (g == t->menu_sel)
			tui_cursor_at(t, y + i, x);
		attrset(g == t->menu_sel ? A_REVERSE : A_NORMAL);
		tui_fill_to(y + i, x, x + w - 4);
		if (g + 1 == n) {
			tui_put_text(t, y + i, x + 4, _("New group…"), w - 8);
			attrset(A_NORMAL);
			continue;
		}
		bool on = c && strlist_contains(&c->groups, plan_group(p, g)->id);
		char lead[40];
		snprintf(lead, sizeof(lead), "[%c] %2zu ", on ? 'x' : ' ', g + 1);
		int cx = x + tui_put_text(t, y + i, x, lead, 8);
		cx += tui_put_text(t, y + i, cx, plan_group(p, g)->name, x + w - 4 - cx) + 1;
		attron(A_DIM);
		buf_reset(&line);
		buf_addf(&line, "(%s)", plan_group(p, g)->id);
		tui_put_text(t, y + i, cx, buf_str(&line), x + w - 4 - cx);
		attrset(A_NORMAL);
	}
	buf_release(&line);
}

/* The selected group's members, one a row, the cursor on one. */
static void draw_roster(struct tui *t)
{
	const struct group *g = tui_row_group(t, t->sel[t->view]);
	if (!g)
		return;
	struct buf title = BUF_INIT;
	buf_addf(&title, _("Members of %s"), g->name);
	const char *keys = _("a add  e edit  D remove  K/J move  Esc closes");
	int widest = tw_width(title.s, title.len), kw = tw_width(keys, strlen(keys));
	widest = kw > widest ? kw : widest;
	for (size_t i = 0; i < g->members.n; i++) {
		int mw = 4 + tw_width(g->members.v[i], strlen(g->members.v[i]));
		widest = mw > widest ? mw : widest;
	}
	int inner = g->members.n ? (int)g->members.n : 1, x;
	if (inner > LINES - 10)
		inner = LINES - 10;
	int iw;
	int y = tui_draw_dialog(t, buf_str(&title), inner + 1, widest, &x, &iw), w = iw + 4;
	if (!g->members.n)
		tui_put_text(t, y, x, _("(no members yet: a adds one)"), w - 4);
	size_t sel = t->roster_sel < g->members.n ? t->roster_sel : 0;
	size_t first = sel >= (size_t)inner ? sel - (size_t)inner + 1 : 0;
	for (int i = 0; i < inner && first + (size_t)i < g->members.n; i++) {
		size_t m = first + (size_t)i;
		char num[32];
		snprintf(num, sizeof(num), "%2zu ", m + 1);
		if (m == sel)
			tui_cursor_at(t, y + i, x);
		attrset(m == sel ? A_REVERSE : A_NORMAL);
		tui_fill_to(y + i, x, x + w - 4);
		int cx = x + tui_put_text(t, y + i, x, num, 4);
		tui_put_text(t, y + i, cx, g->members.v[m], x + w - 4 - cx);
		attrset(A_NORMAL);
	}
	attron(A_DIM);
	tui_put_text(t, y + inner, x, keys, w - 4);
	attrset(A_NORMAL);
	buf_release(&title);
}

/* " (view 5)", " (views 1–4)", " (views 1, 2, 4)": where a key means its
 * command, when not in every view. */
static void views_words(unsigned mask, struct buf *out)
{
	unsigned all = (1u << V_COUNT) - 1;
	if (!mask || (mask & all) == all)
		return;
	int n = 0, first = -1, last = -1;
	bool run = true;
	for (int v = 0; v < V_COUNT; v++)
		if (mask & (1u << v)) {
			if (first < 0)
				first = v;
			else if (v != last + 1)
				run = false;
			last = v;
			n++;
		}
	if (n == 1) {
		buf_addf(out, _(" (view %d)"), first + 1);
		return;
	}
	if (run && n > 2) {
		buf_addf(out, _(" (views %d–%d)"), first + 1, last + 1);
		return;
	}
	buf_adds(out, _(" (views "));
	for (int v = 0, k = 0; v < V_COUNT; v++)
		if (mask & (1u << v))
			buf_addf(out, "%s%d", k++ ? ", " : "", v + 1);
	buf_addc(out, ')');
}

/* Help entry i: a command's keys and words, where they apply; after the
 * commands, a word on where the terminal's cursor stands. */
static void help_entry(size_t i, struct buf *keys, struct buf *text)
{
	buf_reset(keys);
	buf_reset(text);
	if (i == CMD_COUNT) {
		buf_adds(text, _("The terminal's cursor stands at the start of the selected row, and of the selected item in a menu, for screen readers and braille displays."));
		return;
	}
	const struct tui_command *c = &tui_commands[i];
	char key[16], was[16] = "";
	for (int k = 0; k < 3 && c->keys[k]; k++) {
		tui_key_name(c->keys[k], key, sizeof(key));
		if (strcmp(key, was) == 0) /* Enter, as two terminals send it */
			continue;
		buf_addf(keys, "%s%s", keys->len ? " " : "", key);
		snprintf(was, sizeof(was), "%s", key);
	}
	buf_adds(text, _(c->help));
	views_words(c->active, text);
}

#define HELP_ENTRIES (CMD_COUNT + 1)

/* The key list: one entry per command, its help wrapped to the screen's
 * width; help_top is the first screen line shown. */
static void draw_help(struct tui *t)
{
	erase();
	attron(pair_or(t, P_HEADER, A_REVERSE));
	tui_fill_to(0, 0, COLS);
	tui_put_text(t, 0, 1, _("Keys (j/k, PgDn/PgUp scroll; q, Esc or ? closes)"), COLS - 2);
	attrset(A_NORMAL);
	int h = LINES - 1, w = COLS - 22 > 10 ? COLS - 22 : 10;
	struct buf keys = BUF_INIT, text = BUF_INIT;
	size_t total = 0;
	for (size_t i = 0; i < HELP_ENTRIES; i++) {
		help_entry(i, &keys, &text);
		size_t n = text.len, at = 0, next;
		do {
			tw_wrap_line(text.s + at, n - at, w, &next);
			at += next;
			total++;
		} while (at < n);
	}
	t->help_lines = total;
	if (t->help_top + (size_t)h > total)
		t->help_top = total > (size_t)h ? total - (size_t)h : 0;
	size_t line = 0;
	for (size_t i = 0; i < HELP_ENTRIES && line < t->help_top + (size_t)h; i++) {
		help_entry(i, &keys, &text);
		size_t n = text.len, at = 0, next;
		do {
			size_t len = tw_wrap_line(text.s + at, n - at, w, &next);
			int y = 1 + (int)(line - t->help_top);
			if (line >= t->help_top && y <= h) {
				if (at == 0)
					tui_put_text(t, y, 2, buf_str(&keys), 16);
				buf_reset(&t->scratch);
				tw_clip(text.s + at, len, w, &t->scratch, NULL);
				mvaddstr(y, 20, buf_str(&t->scratch));
			}
			at += next;
			line++;
		} while (at < n);
	}
	buf_release(&keys);
	buf_release(&text);
}

/* The body of the commit message above the prompt line that edits its
 * subject. */
void tui_draw_commit_body(struct tui *t)
{
	struct tui_git *g = t->git;
	const char *body = g && g->commit_body ? g->commit_body : "";
	while (*body == '\n')
		body++;
	size_t lines = 0;
	for (const char *s = body; *s; s++)
		lines += *s == '\n';
	lines += *body && body[strlen(body) - 1] != '\n';
	int n = (int)lines, maxn = LINES - 8;
	if (n > maxn)
		n = maxn;
	if (n < 1)
		n = 1;
	/* a body longer than the box scrolls (PgDn/PgUp): every line of what
	 * is committed can be read before Enter */
	size_t top = g ? g->commit_top : 0;
	if (top + (size_t)n > lines)
		top = lines > (size_t)n ? lines - (size_t)n : 0;
	if (g)
		g->commit_top = top;
	int x, iw;
	struct buf title = BUF_INIT;
	buf_adds(&title, _("Commit: edit the summary below; these lines follow it (Enter commits, Esc cancels)"));
	if (g && g->detached)
		buf_addf(&title, " %s", _("HEAD is detached: the commit is made on no branch."));
	int y = tui_draw_dialog(t, buf_str(&title), n, COLS - 8, &x, &iw), ymax = y + n;
	buf_release(&title);
	struct buf line = BUF_INIT;
	const char *s = body;
	for (size_t skip = 0; skip < top && *s; skip++)
		s += strcspn(s, "\n") + (s[strcspn(s, "\n")] == '\n');
	if (!lines)
		tui_put_text(t, y, x, _("(no more lines)"), iw);
	for (size_t i = top; *s && y < ymax; y++, i++) {
		size_t len = strcspn(s, "\n");
		buf_reset(&line);
		buf_add(&line, s, len);
		tui_put_text(t, y, x, buf_str(&line), iw);
		s += len + (s[len] == '\n');
	}
	/* the box's frame says what is above and below, and the keys */
	buf_reset(&line);
	if (top > 0 || top + (size_t)n < lines)
		buf_addf(&line, _(" lines %zu–%zu of %zu: PgDn/PgUp scroll "), top + 1, top + (size_t)n, lines);
	if (line.len)
		tui_put_text(t, ymax, x, buf_str(&line), iw);
	buf_release(&line);
}

/* The selected change's history: one commit per line, newest first. */
void tui_draw_history(struct tui *t)
{
	erase();
	const struct tui_git *g = t->git;
	attron(pair_or(t, P_HEADER, A_REVERSE));
	tui_fill_to(0, 0, COLS);
	char title[200];
	snprintf(title, sizeof(title), _("History of %s (j/k scroll; q or Esc closes)"),
		 g && g->history_id ? g->history_id : "");
	tui_put_text(t, 0, 1, title, COLS - 2);
	attrset(A_NORMAL);
	if (!g || !g->history.n) {
		tui_put_text(t, 2, 2, _("(no commit has changed this change)"), COLS - 4);
		return;
	}
	int sw = status_width(t->s.p), y = 1;
	for (size_t i = g->history_top; i < g->history.n && y < LINES - 1; i++) {
		const struct timeline_entry *e = &g->history.v[i];
		int x = 1;
		x += tui_put_text(t, y, x, e->date, 10) + 1;
		x += tui_put_text(t, y, x, e->hash, 7) + 1;
		tui_put_text(t, y, x, e->status ? e->status : _("(absent)"), sw);
		x += sw + 1;
		x += tui_put_text(t, y, x, *e->priority ? e->priority : "-", 12) + 1;
		tui_put_text(t, y, x, e->what, COLS - x - 1);
		y++;
		if (y < LINES - 1) {
			attron(A_DIM);
			tui_put_text(t, y, 20, e->subject, COLS - 21);
			attrset(A_NORMAL);
			y++;
		}
	}
}

static void draw_too_small(struct tui *t)
{
	erase();
	char m[200];
	snprintf(m, sizeof(m), _("The terminal is %dx%d; samplan needs at least %dx%d. Make the window bigger (q quits)."),
		 COLS, LINES, TUI_MIN_COLS, TUI_MIN_LINES);
	size_t n = strlen(m), at = 0;
	for (int y = 0; y < LINES && at < n; y++) {
		size_t next, len = tw_wrap_line(m + at, n - at, COLS - 1, &next);
		mvaddnstr(y, 0, m + at, (int)len);
		at += next;
	}
	(void)t;
}

/* The message's lines: wrapped to the screen's width (a message is never
 * cut at its edge), at most a quarter of the screen; into out when not
 * NULL, each line's length.  Returns how many. */
static int message_lines(struct tui *t, const char *s, size_t n, size_t *len, size_t *next, int max)
{
	int lines = 0;
	for (size_t at = 0; at < n && lines < max; lines++) {
		size_t nx;
		size_t l = tw_wrap_line(s + at, n - at, COLS - 1, &nx);
		if (len) {
			len[lines] = l;
			next[lines] = at;
		}
		at += nx ? nx : n - at;
	}
	(void)t;
	return lines ? lines : 1;
}

static int message_max(void)
{
	int max = LINES / 4;
	return max < 2 ? 2 : max > 8 ? 8 : max;
}

static int message_rows(struct tui *t)
{
	if (!t->msg.len || t->mode == M_CONFLICT || t->mode == M_EDIT)
		return 1;
	struct buf safe = BUF_INIT;
	tw_sanitize(t->msg.s, t->msg.len, &safe);
	int n = message_lines(t, safe.s, safe.len, NULL, NULL, message_max());
	buf_release(&safe);
	return n;
}

/* The message in rows y .. y + h - 1; the last ends with "…" when even
 * they do not hold it. */
static void draw_message(struct tui *t, int y, int h)
{
	struct buf safe = BUF_INIT;
	tw_sanitize(t->msg.s, t->msg.len, &safe);
	size_t len[8], start[8];
	int n = message_lines(t, safe.s, safe.len, len, start, h);
	for (int i = 0; i < n; i++) {
		tui_fill_to(y + i, 0, COLS);
		if (i == n - 1) /* the rest, cut with a mark if need be */
			tui_put_text(t, y + i, 0, safe.s + start[i], COLS);
		else
			mvaddnstr(y + i, 0, safe.s + start[i], (int)len[i]);
	}
	buf_release(&safe);
}

void tui_cursor_at(struct tui *t, int y, int x)
{
	t->cur_y = y;
	t->cur_x = x;
}

/* Ends a draw: the terminal's cursor where tui_cursor_at put it (the
 * selected row's start), for screen readers and braille displays, which
 * follow it; it stays hidden but where text is typed. */
static void draw_done(struct tui *t)
{
	if (t->cur_y >= 0)
		move(t->cur_y, t->cur_x);
	refresh();
}

/* The decision round: the change shown on the whole screen, in bold for
 * the back of the room, under a line that says the point its decisions
 * go to, which change of how many it is, and the status digits. */
static void draw_walk(struct tui *t, int msg_h)
{
	const struct plan *p = t->s.p;
	const struct point *pt = t->walk_point ? plan_find(p, K_POINT, t->walk_point) : NULL;
	const struct change *c = tui_row_change(t, t->sel[V_CHANGES]);
	struct buf b = BUF_INIT;
	attron(pair_or(t, P_HEADER, A_REVERSE));
	tui_fill_to(0, 0, COLS);
	/* TRANSLATORS: "F3 (3 of 12) — decision round, point 2025-03-19/2
	 * Samverkansplanen" */
	buf_addf(&b, _("%s (%zu of %zu) — decision round, point %s %s"), c ? c->id : "—",
		 t->sel[V_CHANGES] + 1, plan_count(p, K_CHANGE), t->walk_point ? t->walk_point : "",
		 pt ? pt->title : "");
	tui_put_text(t, 0, 1, buf_str(&b), COLS - 2);
	attrset(A_NORMAL);
	buf_reset(&b);
	for (size_t i = 0; i < plan_count(p, K_STATUS) && i < 9; i++)
		buf_addf(&b, "%s%zu %s", i ? "  " : "", i + 1, plan_status(p, i)->label);
	tui_put_text(t, 1, 1, buf_str(&b), COLS - 2);
	buf_release(&b);
	if (c) {
		tui_cursor_at(t, 3, 0);
		attron(A_BOLD);
		tui_put_text(t, 3, 1, c->id, COLS - 2);
		draw_detail(t, 4, 0, LINES - 6 - msg_h);
		attroff(A_BOLD);
	}
}

void tui_draw(struct tui *t)
{
	curs_set(0);
	t->cur_y = t->cur_x = -1;
	t->clip_top = 0;
	t->clip_bottom = LINES;
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		draw_too_small(t);
		refresh();
		return;
	}
	if (t->mode == M_HELP) {
		draw_help(t);
		tui_cursor_at(t, 1, 0);
		draw_done(t);
		return;
	}
	if (t->mode == M_HISTORY) {
		tui_draw_history(t);
		tui_cursor_at(t, 1, 0);
		draw_done(t);
		return;
	}
	if (t->mode == M_DETAIL) {
		draw_full_detail(t);
		tui_cursor_at(t, 2, 0);
		draw_done(t);
		return;
	}
	erase();
	/* the rows between the tabs and the message: the list, a separator
	 * and the detail; a long message takes rows from them */
	int msg_h = message_rows(t), body = LINES - 4 - msg_h;
	if (t->walk) {
		draw_walk(t, msg_h);
		goto below;
	}
	int detail_h = body / 3;
	if (detail_h < 7)
		detail_h = 7;
	/* the matrix needs the rows: its cell's change, in two lines; a
	 * small screen has room for the selected change's status and the
	 * start of its text */
	if (tui_views[t->view].matrix || tui_small())
		detail_h = 2;
	/* the rows the list leaves free go to the detail */
	size_t rows = tui_nrows(t);
	if (!tui_views[t->view].matrix && rows < (size_t)(body - detail_h))
		detail_h = body - (int)rows;
	/* a report is read whole */
	if (tui_views[t->view].report)
		detail_h = 0;
	if (detail_h > body - 3)
		detail_h = body - 3 > 0 ? body - 3 : 0;
	int list_h = body - detail_h;
	t->list_h = list_h;
	draw_header(t);
	if (tui_views[t->view].matrix) {
		draw_matrix_head(t, 2);
		t->list_h = list_h - 3;
		draw_list(t, 5, list_h - 3);
	} else {
		draw_list(t, 2, list_h);
	}
	draw_hline(2 + list_h, 0, COLS);
	enum kind sk;
	const void *sr = tui_row_record(t, t->sel[t->view], &sk);
	if (sr) { /* the selected record's path: F1, fstod, A1/2025-soder */
		struct buf id = BUF_INIT;
		buf_addc(&id, ' ');
		rec_path(sk, sr, &id);
		buf_addc(&id, ' ');
		tui_put_text(t, 2 + list_h, 2, buf_str(&id), 40);
		buf_release(&id);
	}
	/* on the separator, what is cut and how to see it: the list's rows
	 * below (PgDn), the rest of the detail (Enter) */
	int sx = COLS - 2;
	if (detail_h > 0) {
		t->detail_more = false;
		draw_detail(t, 3 + list_h, 0, detail_h);
		if (t->detail_more) {
			const char *all = _(" Enter: all ");
			sx -= tw_width(all, strlen(all));
			tui_put_text(t, 2 + list_h, sx, all, COLS - 2 - sx);
		}
	}
	if (t->top[t->view] + (size_t)t->list_h < tui_nrows(t)) {
		char more[80];
		snprintf(more, sizeof(more), _(" ↓ %zu more: PgDn "),
			 tui_nrows(t) - t->top[t->view] - (size_t)t->list_h);
		int w = tw_width(more, strlen(more));
		if (sx - w > 16)
			tui_put_text(t, 2 + list_h, sx - w, more, w);
	}
below:;
	int my = LINES - 2;
	if (t->mode == M_EDIT) {
		static const char *const prompts[E_COUNT] = {
			[E_TEXT] = N_("Text"), [E_NOTES] = N_("Notes"), [E_ADD] = N_("New change"),
			[E_SEARCH] = N_("Search"), [E_PRINT] = N_("Print to"), [E_COMMIT] = N_("Commit"),
			[E_SINCE] = N_("Mark changes since (date or revision)"),
			[E_MEMBER] = N_("Member"),
			[E_ATTENDEE] = N_("Who is here (a name; not on the roster: a guest)"),
			[E_YEAR] = N_("Prioritise in the year (again: no longer)"),
		};
		struct buf label = BUF_INIT;
		char *own = tui_edit_prompt(t);
		if (own)
			buf_adds(&label, own);
		else
			buf_adds(&label, _(prompts[t->edit]));
		free(own);
		if (t->edit == E_COMMIT)
			tui_draw_commit_body(t);
		char pr[160];
		snprintf(pr, sizeof(pr), "%s: ", buf_str(&label));
		buf_release(&label);
		/* a long prompt (Swedish ones are) gets a line of its own */
		int x;
		if (tw_width(pr, strlen(pr)) > COLS / 2) {
			tui_fill_to(my - 1, 0, COLS);
			attron(A_BOLD);
			tui_put_text(t, my - 1, 0, pr, COLS);
			attroff(A_BOLD);
			tui_fill_to(my, 0, COLS);
			x = 1;
		} else {
			x = tui_put_text(t, my, 0, pr, COLS / 2);
		}
		int field = COLS - x - 1;
		int cx = le_view(&t->le, field);
		const char *s = buf_str(&t->le.text) + t->le.scroll;
		if (t->le.all) /* typing replaces it */
			attron(A_REVERSE);
		tui_put_text(t, my, x, s, field);
		attroff(A_REVERSE);
		if (t->le.scroll > 0)
			mvaddstr(my, x - 1, "<");
		draw_hint_line(t, LINES - 1, _("Enter accept  Esc cancel  ←/→ character  Ctrl-←/→ or Alt-b/f word  Home/End"));
		move(my, x + cx);
		curs_set(1);
		refresh();
		return;
	}
	if (t->msg.len && t->mode != M_CONFLICT) {
		attr_t a = t->msg_error ? pair_or(t, P_ERROR, A_REVERSE) : A_NORMAL;
		if (t->mode == M_CONFIRM_DELETE || t->mode == M_QUIT_ASK)
			a = A_REVERSE;
		attron(a);
		draw_message(t, LINES - 1 - msg_h, msg_h);
		attroff(a);
	}
	if (t->mode == M_CONFLICT) {
		/* the question whole, however long, and its two answers */
		int x, iw;
		tui_draw_dialog(t, buf_str(&t->msg), 0, 50, &x, &iw);
		draw_hint_line(t, LINES - 1, _("t keep theirs  m use mine"));
	} else if (t->mode == M_FORM) {
		draw_hint_line(t, LINES - 1, _("Enter/Tab next field  ↑ back  Ctrl-S done  Esc cancel"));
	} else if (t->walk) {
		char h[200];
		snprintf(h, sizeof(h),
			 _("1-%zu status  p %d  y %d  g group  l effect  e note  j/k next/previous  u undo  C close  Esc end"),
			 plan_count(t->s.p, K_STATUS), t->year, t->year + 1);
		draw_hint_line(t, LINES - 1, h);
	} else {
		draw_hints(t, LINES - 1);
	}
	if (t->mode == M_STATUS_MENU)
		draw_status_menu(t);
	else if (t->mode == M_GROUP_PICKER)
		draw_group_picker(t);
	else if (t->mode == M_EFFECT_PICKER)
		draw_effect_picker(t);
	else if (t->mode == M_FORM)
		tui_form_draw(t);
	else if (t->mode == M_ROSTER)
		draw_roster(t);
	else if (t->mode == M_PRINT_MENU)
		draw_print_menu(t);
	draw_done(t);
}
