/* minutes.c — a meeting's minutes, drafted from the plan (see minutes.h). */
#include "config.h"

#include "minutes.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "ical.h"

const struct meeting *minutes_meeting(const struct plan *p, const char *date, const char *today)
{
	const struct meeting *any = NULL, *next = NULL, *last = NULL;
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *m = plan_meeting(p, i);
		const char *want = date ? date : today;
		if (strcmp(m->date, want) == 0) {
			if (meeting_is_own(m))
				return m;
			if (!any)
				any = m;
		}
		if (strcmp(m->date, today) > 0 && (!next || strcmp(m->date, next->date) < 0))
			next = m;
		if (!last || strcmp(m->date, last->date) > 0)
			last = m;
	}
	if (any || date)
		return any;
	return next ? next : last;
}

/* 0 for Monday .. 6 for Sunday, of a valid YYYY-MM-DD. */
static int weekday(const char *date)
{
	int y = atoi(date), m = atoi(date + 5), d = atoi(date + 8);
	/* days from civil (Howard Hinnant's algorithm) */
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = (long)era * 146097 + doe - 719468; /* 1970-01-01 was a Thursday */
	return (int)(((days % 7) + 7 + 3) % 7);
}

void minutes_long_date(const char *date, struct buf *out)
{
	static const char *const days[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"),
					    N_("Thursday"), N_("Friday"), N_("Saturday"),
					    N_("Sunday") };
	static const char *const months[] = { N_("January"), N_("February"), N_("March"),
					      N_("April"), N_("May"), N_("June"), N_("July"),
					      N_("August"), N_("September"), N_("October"),
					      N_("November"), N_("December") };
	if (!valid_date(date)) {
		buf_adds(out, date);
		return;
	}
	/* TRANSLATORS: a date: the weekday, the day, the month and the year,
	 * "Wednesday 22 January 2025" */
	buf_addf(out, _("%s %d %s %d"), _(days[weekday(date)]), atoi(date + 8),
		 _(months[atoi(date + 5) - 1]), atoi(date));
}

static const struct member *member_of(const struct plan *p, const char *id)
{
	return *id ? plan_find(p, K_MEMBER, id) : NULL;
}

/* "Name, role, chair" as the notes list a participant. */
static void participant(const struct plan *p, const struct meeting *m, const char *id,
			struct buf *out)
{
	const struct member *mb = member_of(p, id);
	buf_adds(out, mb ? mb->name : id);
	if (mb && *mb->role)
		buf_addf(out, ", %s", mb->role);
	if (strcmp(id, m->chair) == 0)
		buf_addf(out, ", %s", _("chair"));
	if (strcmp(id, m->secretary) == 0)
		buf_addf(out, ", %s", _("secretary"));
}

/* The names of `who` (members' ids), joined: "Ida Broman, Cecilia Ljung". */
static void names_of(const struct plan *p, const struct strlist *who, struct buf *out)
{
	for (size_t i = 0; i < who->n; i++) {
		const struct member *mb = member_of(p, who->v[i]);
		buf_addf(out, "%s%s", i ? ", " : "", mb ? mb->name : who->v[i]);
	}
}

/* "points 4, 5 and 6" / "point 4". */
static void points_words(const struct strlist *pts, struct buf *out)
{
	struct buf list = BUF_INIT;
	for (size_t i = 0; i < pts->n; i++) {
		if (i)
			buf_adds(&list, i + 1 == pts->n ? _(" and ") : ", ");
		buf_adds(&list, pts->v[i]);
	}
	buf_addf(out, ngettext_("point %s", "points %s", pts->n), buf_str(&list));
	buf_release(&list);
}

/* Each line of `text` a paragraph of its own. */
static void paras(struct doc *d, const char *text)
{
	struct buf line = BUF_INIT;
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		buf_reset(&line);
		buf_add(&line, s, n);
		if (n)
			doc_para(d, buf_str(&line), false);
		s += n + (nl != NULL);
	}
	buf_release(&line);
}

static void nothing(struct doc *d)
{
	doc_para(d, _("(nothing recorded)"), false);
}

/* The lines under an action: who, by when, whether it is done, and the
 * point it came from. */
static void action_item(struct doc *d, const struct plan *p, const char *id,
			const struct action *a)
{
	struct buf who = BUF_INIT, l[4] = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT };
	const char *lines[4];
	size_t n = 0;
	names_of(p, &a->who, &who);
	if (*a->party) {
		const struct party *pa = plan_find(p, K_PARTY, a->party);
		buf_addf(&who, "%s%s", who.len ? ", " : "", pa ? pa->name : a->party);
	}
	if (*a->group) {
		const struct group *g = plan_find(p, K_GROUP, a->group);
		buf_addf(&who, "%s%s", who.len ? ", " : "", g ? g->name : a->group);
	}
	if (who.len)
		buf_addf(&l[n++], _("Who: %s"), buf_str(&who));
	if (*a->due)
		buf_addf(&l[n++], _("By: %s"), a->due);
	if (*a->done)
		buf_addf(&l[n++], _("Done: %s"), a->done);
	if (a->point)
		buf_addf(&l[n++], _("From point %d"), a->point);
	for (size_t i = 0; i < n; i++)
		lines[i] = buf_str(&l[i]);
	doc_item(d, false, id, a->what, lines, n);
	buf_release(&who);
	for (size_t i = 0; i < 4; i++)
		buf_release(&l[i]);
}

/* The id column's width for the items of a section. */
enum { ITEM_ID_WIDTH = 16 };

static void agenda(struct doc *d, const struct meeting *m)
{
	struct buf b = BUF_INIT;
	doc_heading(d, 1, _("Agenda"), false);
	if (!m->points.n)
		nothing(d);
	for (size_t i = 0; i < m->points.n; i++) {
		const struct point *pt = m->points.v[i];
		buf_reset(&b);
		buf_addf(&b, "%d. %s", pt->number, pt->title);
		doc_heading(d, 2, buf_str(&b), false);
		if (*pt->presenter)
			doc_field(d, _("Presenter"), pt->presenter);
		paras(d, pt->notes);
		if (*pt->decision) {
			doc_para(d, _("Decision:"), true);
			paras(d, pt->decision);
		}
		if (pt->decided.n) /* the decision round's edits of the plan */
			doc_para(d, _("Decided on the plan:"), true);
		for (size_t k = 0; k < pt->decided.n; k++)
			doc_para(d, pt->decided.v[k], false);
	}
	buf_release(&b);
}

static void plan_decisions(struct doc *d, const struct minutes_opts *mo)
{
	doc_heading(d, 1, _("Decisions on the plan"), false);
	if (!mo->decided) {
		doc_para(d, mo->unknown ? mo->unknown : _("(not known)"), false);
		return;
	}
	struct buf b = BUF_INIT;
	size_t n = 0;
	for (size_t i = 0; i < mo->decided->n;) {
		if (kind_of_meetings(mo->decided->v[i].rk)) {
			i++;
			continue;
		}
		buf_reset(&b);
		i += op_describe_at(mo->decided_in, mo->decided->v, mo->decided->n, i, &b);
		doc_para(d, buf_str(&b), false);
		n++;
	}
	if (!n)
		doc_para(d, _("(no edit of the plan on the day)"), false);
	buf_release(&b);
}

static void open_actions(struct doc *d, const struct plan *p, const struct meeting *m)
{
	struct buf id = BUF_INIT;
	size_t n = 0;
	doc_heading(d, 1, _("Open actions from earlier meetings"), false);
	doc_items(d, ITEM_ID_WIDTH);
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *e = plan_meeting(p, i);
		for (size_t k = 0; k < e->actions.n; k++) {
			const struct action *a = e->actions.v[k];
			if (!action_open_at(a, m))
				continue;
			buf_reset(&id);
			buf_addf(&id, "%s/%s", e->id, a->id);
			action_item(d, p, buf_str(&id), a);
			n++;
		}
	}
	if (!n)
		doc_para(d, _("(none)"), false);
	buf_release(&id);
}

static void topics(struct doc *d, const struct plan *p, const struct meeting *m)
{
	size_t n = 0;
	doc_heading(d, 1, _("For coming meetings"), false);
	doc_items(d, 4);
	for (size_t i = 0; i < plan_count(p, K_TOPIC); i++) {
		const struct topic *t = plan_rec(p, K_TOPIC, i);
		const struct meeting *to = *t->meeting ? plan_find(p, K_MEETING, t->meeting) : NULL;
		if (to && strcmp(to->date, m->date) <= 0)
			continue; /* taken up by now */
		const char *note = t->note;
		doc_item(d, false, t->id, t->text, &note, *note ? 1 : 0);
		n++;
	}
	if (!n)
		nothing(d);
}

static void coming(struct doc *d, const struct plan *p, const struct meeting *m)
{
	struct buf b = BUF_INIT, title = BUF_INIT;
	size_t n = 0;
	doc_heading(d, 1, _("Coming meetings"), false);
	for (size_t i = 0; i < plan_count(p, K_MEETING); i++) {
		const struct meeting *e = plan_meeting(p, i);
		if (strcmp(e->date, m->date) <= 0)
			continue;
		buf_reset(&b);
		buf_reset(&title);
		minutes_long_date(e->date, &b);
		if (*e->time)
			/* TRANSLATORS: a date and a time: "Wednesday 19 March 2025,
			 * 13.00–16.30" */
			buf_addf(&b, _(", %s"), e->time);
		if (*e->place)
			buf_addf(&b, ", %s", e->place);
		meeting_title(p, e, &title);
		buf_addf(&b, " (%s)", buf_str(&title));
		doc_para(d, buf_str(&b), false);
		n++;
	}
	if (!n)
		doc_para(d, _("(none planned)"), false);
	buf_release(&b);
	buf_release(&title);
}

void minutes_print(const struct plan *p, const struct meeting *m, const struct minutes_opts *mo,
		   const struct print_opts *o, struct buf *out)
{
	struct buf b = BUF_INIT, title = BUF_INIT;
	meeting_title(p, m, &title);
	/* TRANSLATORS: the minutes' heading: "Minutes Chefsgrupp folkhälsa",
	 * as the group heads its own notes */
	buf_addf(&b, _("Minutes %s"), buf_str(&title));
	struct doc *d = doc_begin(buf_str(&b), p->info->title, o, out);
	buf_reset(&b);
	minutes_long_date(m->date, &b);
	if (*m->time)
		buf_addf(&b, _(", %s"), m->time);
	doc_meta(d, _("When"), buf_str(&b));
	doc_meta(d, _("Where"), *m->place ? m->place : "—");
	if (strcmp(m->status, "genomfort") != 0)
		doc_meta(d, _("Status"), _("planned; not yet held"));

	doc_heading(d, 1, _("Attendees"), false);
	if (!m->attendees.n)
		nothing(d);
	for (size_t i = 0; i < m->attendees.n; i++) {
		buf_reset(&b);
		participant(p, m, m->attendees.v[i], &b);
		doc_para(d, buf_str(&b), false);
	}
	/* a chair or secretary not marked present is still named */
	const char *roles[] = { m->chair, m->secretary };
	for (size_t r = 0; r < 2; r++)
		if (*roles[r] && !strlist_contains(&m->attendees, roles[r]) &&
		    (r == 0 || strcmp(roles[0], roles[1]) != 0)) {
			buf_reset(&b);
			participant(p, m, roles[r], &b);
			doc_para(d, buf_str(&b), false);
		}

	doc_heading(d, 1, _("Guests"), false);
	if (!m->guests.n)
		doc_para(d, _("(none)"), false);
	for (size_t i = 0; i < m->guests.n; i++) {
		const struct guest *g = m->guests.v[i];
		buf_reset(&b);
		buf_adds(&b, g->name);
		if (*g->note)
			buf_addf(&b, ", %s", g->note);
		if (g->points.n) {
			buf_adds(&b, ", ");
			points_words(&g->points, &b);
		}
		doc_para(d, buf_str(&b), false);
	}

	agenda(d, m);
	plan_decisions(d, mo);

	doc_heading(d, 1, _("For the next meeting"), false);
	doc_items(d, 4);
	if (!m->actions.n)
		nothing(d);
	for (size_t i = 0; i < m->actions.n; i++)
		action_item(d, p, ((const struct action *)m->actions.v[i])->id, m->actions.v[i]);

	open_actions(d, p, m);
	topics(d, p, m);
	coming(d, p, m);
	doc_end(&d, mo->source);
	buf_release(&b);
	buf_release(&title);
}
