/* report.c — see report.h.  Each report is built once as a document; the
 * text, Markdown and HTML writers of print.c render it. */
#include "config.h"

#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"

bool report_from_name(const char *name, enum report *r)
{
	if (strcmp(name, "snapshot") == 0)
		*r = REPORT_SNAPSHOT;
	else if (strcmp(name, "activities") == 0)
		*r = REPORT_ACTIVITIES;
	else if (strcmp(name, "followup") == 0)
		*r = REPORT_FOLLOWUP;
	else
		return false;
	return true;
}

/* "F1: Parternas beslutsfattare ..." */
static void change_title(const struct change *c, struct buf *out)
{
	buf_reset(out);
	buf_addf(out, "%s: %s", c->id, c->text);
}

/* Whether the activity serves a change prioritised in the year. */
static bool serves_priority(const struct plan *p, const struct activity *a, int year)
{
	for (size_t k = 0; k < a->changes.n; k++) {
		const struct change *c = plan_find_change(p, a->changes.v[k]);
		if (c && change_is_prioritised(c, year))
			return true;
	}
	return false;
}

/* "2025-03–2025-12", "2025-03–", "–2025-12", or "" */
static void period_text(const struct activity *a, struct buf *out)
{
	buf_reset(out);
	if (*a->period_from || *a->period_to)
		buf_addf(out, "%s–%s", a->period_from, a->period_to);
}

/* "10 % → 50 %" (baseline → target), with the indicator before it. */
static void indicator_text(const struct activity *a, struct buf *out)
{
	buf_reset(out);
	buf_adds(out, a->indicator);
	if (*a->baseline || *a->target)
		buf_addf(out, "%s%s → %s", out->len ? ": " : "", *a->baseline ? a->baseline : "?",
			 *a->target ? a->target : "?");
}

static const char *group_name(const struct plan *p, const char *id)
{
	const struct group *g = *id ? plan_find(p, K_GROUP, id) : NULL;
	return g ? g->name : id;
}

static void head_meta(const struct plan *p, const struct report_opts *o, struct doc *d)
{
	char year[16];
	snprintf(year, sizeof(year), "%d", o->year);
	if (p->info->version) {
		char v[16];
		snprintf(v, sizeof(v), "%d", p->info->version);
		doc_meta(d, _("Version"), v);
	}
	doc_meta(d, _("Year"), year);
	doc_meta(d, _("Date"), o->date ? o->date : "");
}

/* The activity plan: for each change that has activities (prioritised in
 * the year first, in bold), a table of them. */
static void build_activities(const struct plan *p, const struct report_opts *o, struct doc *d)
{
	struct ref_index served;
	ref_index_build(&served, p, K_ACTIVITY, AC_CHANGES);
	struct buf title = BUF_INIT, period = BUF_INIT, ind = BUF_INIT;
	head_meta(p, o, d);
	char note[200];
	snprintf(note, sizeof(note), _("Changes prioritised for %d are in bold, first."), o->year);
	doc_para(d, note, false);
	size_t shown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
			const struct change *c = plan_change(p, i);
			bool prio = change_is_prioritised(c, o->year);
			if (prio != (pass == 0))
				continue;
			const struct ref_pair *acts; /* the activities that serve c */
			size_t n = ref_index_find(&served, c, &acts);
			if (!n)
				continue;
			change_title(c, &title);
			doc_heading(d, 1, buf_str(&title), prio);
			const char *head[] = { _("Activity"), _("Responsible"), _("Period"), _("Output"),
					       _("Result"), _("Indicator (baseline → target)"), _("Status") };
			doc_table(d, 7, head);
			for (size_t k = 0; k < n; k++) {
				const struct activity *a = acts[k].rec;
				struct buf act = BUF_INIT;
				buf_addf(&act, "%s %s", a->id, a->text);
				period_text(a, &period);
				indicator_text(a, &ind);
				const char *cells[] = { buf_str(&act), group_name(p, a->group), buf_str(&period),
							a->output, a->result, buf_str(&ind),
							plan_status_label(p, a->status) };
				doc_row(d, prio, cells);
				buf_release(&act);
				shown++;
			}
		}
	if (!shown)
		doc_para(d, _("The plan has no activities yet."), false);
	ref_index_free(&served);
	buf_release(&title);
	buf_release(&period);
	buf_release(&ind);
}

/* Whether the activity runs in the year: its period covers it, or it
 * has none. */
static bool runs_in(const struct activity *a, int year)
{
	int from, to;
	activity_years(a, &from, &to);
	return (!from || year >= from) && (!to || year <= to);
}

static bool has_id(const char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

/* The parties that follow activity a up in the year, into ids (room for
 * every party and every follow-up of a): while it runs, the parties it
 * names, or every party when it names none; and any party that has
 * followed it up for the year all the same.  Only `party` when that is
 * set.  Returns how many. */
static size_t due_parties(const struct plan *p, const struct activity *a, int year,
			  const char *party, const char **ids)
{
	size_t n = 0;
	if (runs_in(a, year)) {
		size_t named = a->parties.n ? a->parties.n : plan_count(p, K_PARTY);
		for (size_t i = 0; i < named; i++) {
			const char *id = a->parties.n ? a->parties.v[i] : plan_party(p, i)->id;
			if ((!party || strcmp(id, party) == 0) && !has_id(ids, n, id))
				ids[n++] = id;
		}
	}
	for (size_t f = 0; f < a->followup.n; f++) {
		const struct followup *fu = a->followup.v[f];
		if (fu->year == year && (!party || strcmp(fu->party, party) == 0) &&
		    !has_id(ids, n, fu->party))
			ids[n++] = fu->party;
	}
	return n;
}

static const struct followup *followup_of(const struct activity *a, int year, const char *party)
{
	for (size_t f = 0; f < a->followup.n; f++) {
		const struct followup *fu = a->followup.v[f];
		if (fu->year == year && strcmp(fu->party, party) == 0)
			return fu;
	}
	return NULL;
}

static const char *party_name(const struct plan *p, const char *id)
{
	const struct party *pa = plan_find(p, K_PARTY, id);
	return pa ? pa->name : id;
}

/* One year's follow-up in one template: for each change prioritised in
 * the year, its activities, each with what was planned and, per party,
 * what was done and seen; who has not reported; the reporting rate. */
static void build_followup(const struct plan *p, const struct report_opts *o, struct doc *d)
{
	struct ref_index served;
	ref_index_build(&served, p, K_ACTIVITY, AC_CHANGES);
	struct buf b = BUF_INIT, missing = BUF_INIT, ind = BUF_INIT;
	head_meta(p, o, d);
	if (o->party)
		doc_meta(d, _("Party"), party_name(p, o->party));
	/* the reporting rate of the whole year first: of the activities
	 * the report shows, each once */
	const char **ids = xcalloc(plan_count(p, K_PARTY) + 1, sizeof(*ids));
	size_t nids_cap = plan_count(p, K_PARTY) + 1;
	size_t due = 0, done = 0;
	for (size_t i = 0; i < plan_count(p, K_ACTIVITY); i++) {
		const struct activity *a = plan_rec(p, K_ACTIVITY, i);
		if (!serves_priority(p, a, o->year))
			continue;
		if (nids_cap < plan_count(p, K_PARTY) + a->followup.n + 1) {
			nids_cap = plan_count(p, K_PARTY) + a->followup.n + 1;
			ids = xrealloc(ids, nids_cap * sizeof(*ids));
		}
		size_t n = due_parties(p, a, o->year, o->party, ids);
		for (size_t k = 0; k < n; k++)
			done += followup_of(a, o->year, ids[k]) != NULL;
		due += n;
	}
	buf_addf(&b, ngettext_("%zu of %zu follow-up reported", "%zu of %zu follow-ups reported", due),
		 done, due);
	doc_meta(d, _("Reported"), buf_str(&b));
	size_t nchanges = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		if (!change_is_prioritised(c, o->year))
			continue;
		nchanges++;
		change_title(c, &b);
		doc_heading(d, 1, buf_str(&b), true);
		const struct ref_pair *acts; /* the activities that serve c */
		size_t n = ref_index_find(&served, c, &acts);
		if (!n)
			doc_para(d, _("No activity serves this change."), true);
		size_t shown = 0;
		for (size_t k = 0; k < n; k++) {
			const struct activity *a = acts[k].rec;
			if (nids_cap < plan_count(p, K_PARTY) + a->followup.n + 1) {
				nids_cap = plan_count(p, K_PARTY) + a->followup.n + 1;
				ids = xrealloc(ids, nids_cap * sizeof(*ids));
			}
			size_t of = due_parties(p, a, o->year, o->party, ids);
			if (!of)
				continue; /* not running, or not this party's */
			shown++;
			buf_reset(&b);
			buf_addf(&b, "%s %s", a->id, a->text);
			doc_heading(d, 2, buf_str(&b), false);
			doc_field(d, _("Planned output"), *a->output ? a->output : "—");
			doc_field(d, _("Expected result"), *a->result ? a->result : "—");
			indicator_text(a, &ind);
			doc_field(d, _("Indicator (baseline → target)"), ind.len ? buf_str(&ind) : "—");
			const char *head[] = { _("Party"), _("Done"), _("Output achieved"),
					       _("Result seen"), _("Value"), _("Comment") };
			doc_table(d, 6, head);
			size_t rep = 0;
			buf_reset(&missing);
			for (size_t q = 0; q < of; q++) {
				const char *party = ids[q];
				const struct followup *fu = followup_of(a, o->year, party);
				if (!fu) {
					buf_addf(&missing, "%s%s", missing.len ? ", " : "", party_name(p, party));
					const char *cells[] = { party_name(p, party), _("(not reported)"), "", "",
								"", "" };
					doc_row(d, false, cells);
					continue;
				}
				rep++;
				const char *cells[] = { party_name(p, party), fu->done, fu->output, fu->result,
							fu->value, fu->comment };
				doc_row(d, false, cells);
			}
			buf_reset(&b);
			buf_addf(&b, ngettext_("%zu of %zu party reported", "%zu of %zu parties reported", of),
				 rep, of);
			if (missing.len)
				buf_addf(&b, _("; not reported: %s"), buf_str(&missing));
			doc_para(d, buf_str(&b), false);
		}
		if (n && !shown) {
			buf_reset(&b);
			buf_addf(&b, _("No activity of this change is followed up in %d."), o->year);
			doc_para(d, buf_str(&b), false);
		}
	}
	if (!nchanges) {
		buf_reset(&b);
		buf_addf(&b, _("No change is prioritised for %d."), o->year);
		doc_para(d, buf_str(&b), false);
	}
	free(ids);
	ref_index_free(&served);
	buf_release(&b);
	buf_release(&missing);
	buf_release(&ind);
}

bool report_print(const struct plan *p, enum report r, const struct report_opts *o,
		  const struct print_opts *po, struct buf *out, struct buf *err)
{
	if (o->party && !plan_find(p, K_PARTY, o->party)) {
		struct buf known = BUF_INIT;
		plan_list_ids(p, K_PARTY, &known);
		buf_addf_table(err, _(kind_of(K_PARTY)->words->unknown), o->party, buf_str(&known));
		buf_release(&known);
		return false;
	}
	struct buf sub = BUF_INIT;
	if (r == REPORT_ACTIVITIES)
		buf_adds(&sub, _("Activity plan"));
	else
		buf_addf(&sub, _("Follow-up %d"), o->year);
	struct doc *d = doc_begin(p->info->title, buf_str(&sub), po, out);
	buf_release(&sub);
	if (r == REPORT_ACTIVITIES)
		build_activities(p, o, d);
	else
		build_followup(p, o, d);
	doc_end(&d, o->source);
	return true;
}
