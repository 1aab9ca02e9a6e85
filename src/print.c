/* print.c — the plan as an 80-column text, CommonMark or print-ready HTML. */
#include "config.h"

#include "print.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "textwidth.h"

#define TEXT_MARKER "\xc2\xbb " /* "» " */

bool print_format_from_name(const char *name, enum print_format *f)
{
	if (strcmp(name, "text") == 0)
		*f = PRINT_TEXT;
	else if (strcmp(name, "markdown") == 0)
		*f = PRINT_MARKDOWN;
	else if (strcmp(name, "html") == 0)
		*f = PRINT_HTML;
	else
		return false;
	return true;
}

/* Plan text as one safe paragraph (tw_paragraph), into out. */
static void safe_text(const char *s, struct buf *out)
{
	buf_reset(out);
	tw_paragraph(s, out);
}

static const char *or_dash(const char *s)
{
	return s && str_has_text(s) ? s : "-";
}

/* What every format needs besides the plan: the words said on every
 * change, translated once (a gettext lookup per change costs as much as
 * the rest of its line), and each group's changes, found in one pass over
 * the changes rather than one pass per group. */
struct printing {
	const struct plan *p;
	const struct print_opts *o;
	const char *status, *groups, *none, *notes, *prioritised; /* _("Status") ... */
	struct buf *group_ids; /* [plan_count(p, K_GROUP)]: "F1, F2" or "none"; owned */
	struct buf ungrouped;  /* the changes in no group, likewise */
	/* every year's priorities, "2025: F1, F2; 2026: F5" ("" when none) */
	struct buf priorities;
};

/* Appends "2025: F1, F2; 2026: F5, F9": the changes prioritised in each
 * year that has any, the years in order. */
static void priorities_by_year(const struct plan *p, struct buf *out)
{
	for (int year = plan_next_priority_year(p, INT_MIN); year != INT_MAX;
	     year = plan_next_priority_year(p, year)) {
		buf_addf(out, "%s%d:", out->len ? "; " : "", year);
		bool first = true;
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
			if (change_is_prioritised(plan_change(p, i), year)) {
				buf_addf(out, "%s %s", first ? "" : ",", plan_change(p, i)->id);
				first = false;
			}
	}
}

/* The years change c is prioritised in, "2025, 2026". */
static void change_years(const struct change *c, struct buf *out)
{
	for (size_t k = 0; k < c->priority.n; k++)
		buf_addf(out, "%s%d", k ? ", " : "", c->priority.v[k]);
}

/* Writes what is printed so far to the stream, if there is one, once it
 * passes a size worth a write. */
enum { SPILL = 64 * 1024 };

static void spill(const struct printing *x, struct buf *out)
{
	if (x->o->stream && out->len >= SPILL) {
		fwrite(out->s, 1, out->len, x->o->stream);
		buf_reset(out);
	}
}

/* Appends id to a list of ids. */
static void add_id(struct buf *list, const char *id)
{
	if (list->len)
		buf_adds(list, ", ");
	buf_adds(list, id);
}

static void printing_init(struct printing *x, const struct plan *p, const struct print_opts *o)
{
	x->p = p;
	x->o = o;
	x->status = _("Status");
	x->groups = _("Groups");
	x->none = _("none");
	x->notes = _("Notes");
	x->prioritised = _("Prioritised in");
	x->priorities = (struct buf)BUF_INIT;
	priorities_by_year(p, &x->priorities);
	x->group_ids = xcalloc(plan_count(p, K_GROUP) ? plan_count(p, K_GROUP) : 1, sizeof *x->group_ids);
	x->ungrouped = (struct buf)BUF_INIT;
	/* same[i]: the first group with group i's id (ids are unique in a valid
	 * plan; a repeated one lists the same changes); last[i]: the change
	 * last listed under group i, so a group named twice lists it once */
	size_t *same = xcalloc(plan_count(p, K_GROUP) ? plan_count(p, K_GROUP) : 1, sizeof *same);
	size_t *last = xcalloc(plan_count(p, K_GROUP) ? plan_count(p, K_GROUP) : 1, sizeof *last);
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		const struct group *g = plan_find_group(p, plan_group(p, i)->id);
		same[i] = (size_t)plan_index(p, K_GROUP, g);
		last[i] = SIZE_MAX;
	}
	for (size_t k = 0; k < plan_count(p, K_CHANGE); k++) {
		const struct change *c = plan_change(p, k);
		if (!c->groups.n)
			add_id(&x->ungrouped, c->id);
		for (size_t j = 0; j < c->groups.n; j++) {
			const struct group *g = plan_find_group(p, c->groups.v[j]);
			size_t gi = g ? (size_t)plan_index(p, K_GROUP, g) : 0;
			if (!g || last[gi] == k)
				continue;
			last[gi] = k;
			add_id(&x->group_ids[gi], c->id);
		}
	}
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		if (same[i] != i)
			buf_adds(&x->group_ids[i], buf_str(&x->group_ids[same[i]]));
		if (!x->group_ids[i].len)
			buf_adds(&x->group_ids[i], x->none);
	}
	if (!x->ungrouped.len)
		buf_adds(&x->ungrouped, x->none);
	free(same);
	free(last);
}

static void printing_release(struct printing *x)
{
	for (size_t i = 0; i < plan_count(x->p, K_GROUP); i++)
		buf_release(&x->group_ids[i]);
	free(x->group_ids);
	x->group_ids = NULL;
	buf_release(&x->ungrouped);
	buf_release(&x->priorities);
}


/* The change's groups as "name, name" (ids of unknown groups as they are). */
static void group_names(const struct printing *x, const struct change *c, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; i < c->groups.n; i++) {
		const struct group *g = plan_find_group(x->p, c->groups.v[i]);
		if (i)
			buf_adds(out, ", ");
		buf_adds(out, g && *g->name ? g->name : c->groups.v[i]);
	}
	if (!c->groups.n)
		buf_adds(out, x->none);
}

/* "Status: Pågår; Prioritised: 2025, 2026; Groups: A, B": what is said of
 * change c under its text, plain (each format makes it safe). */
static void change_meta(const struct printing *x, const struct change *c, struct buf *out,
			struct buf *tmp)
{
	const char *label = plan_status_label(x->p, c->status);
	buf_reset(out);
	buf_addf(out, "%s: %s; ", x->status, label ? label : c->status);
	if (c->priority.n) {
		buf_addf(out, "%s: ", x->prioritised);
		change_years(c, out);
		buf_adds(out, "; ");
	}
	group_names(x, c, tmp);
	buf_addf(out, "%s: %s", x->groups, buf_str(tmp));
}

/* The group's members, "a, b" (into out, reset first). */
static void group_members(const struct group *g, struct buf *out)
{
	buf_reset(out);
	strlist_join(&g->members, ", ", out);
}

/* Appends n spaces. */
static void pad(struct buf *out, int n)
{
	static const char spaces[] = "                                ";
	while (n > 0) {
		int k = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		buf_add(out, spaces, (size_t)k);
		n -= k;
	}
}

/* ---- text ------------------------------------------------------------- */

/* Appends s[0..n); in bold, every character but a space is struck twice. */
static void text_put(struct buf *out, const char *s, size_t n, bool bold)
{
	if (!bold) {
		buf_add(out, s, n);
		return;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = utf8_decode(s + i, n - i, &cp);
		if (l == 0)
			l = 1;
		buf_add(out, s + i, l);
		if (s[i] != ' ') {
			buf_addc(out, '\b');
			buf_add(out, s + i, l);
		}
		i += l;
	}
}

/* Appends `first` (a prefix `indent` columns wide) and the safe text `s`
 * wrapped to the page, later lines indented by `indent` columns. */
static void text_wrapped(struct buf *out, const char *first, int indent, const char *s,
			 bool bold)
{
	size_t n = strlen(s), at = 0;
	int cols = PRINT_TEXT_WIDTH - indent;
	bool firstline = true;
	do {
		size_t next;
		size_t len = tw_wrap_line(s + at, n - at, cols, &next);
		if (firstline)
			text_put(out, first, strlen(first), bold);
		else
			pad(out, indent);
		text_put(out, s + at, len, bold);
		buf_addc(out, '\n');
		at += next;
		firstline = false;
	} while (at < n);
}

/* A label and a value: "Label: value", wrapped under the value. */
static void text_field(struct buf *out, int indent, const char *label, const char *value,
		       struct buf *tmp)
{
	struct buf first = BUF_INIT;
	buf_addf(&first, "%*s%s: ", indent, "", label);
	int w = tw_width(first.s, first.len);
	if (w > PRINT_TEXT_WIDTH / 2) {
		buf_reset(&first);
		buf_addf(&first, "%*s", indent, "");
		w = indent;
		buf_addf(out, "%*s%s:\n", indent, "", label);
	}
	safe_text(value, tmp);
	text_wrapped(out, first.s, w, buf_str(tmp), false);
	buf_release(&first);
}

static void text_heading(struct buf *out, const char *s, bool bold)
{
	buf_addc(out, '\n');
	text_put(out, s, strlen(s), bold);
	buf_addc(out, '\n');
	int w = tw_width(s, strlen(s));
	for (int i = 0; i < w && i < PRINT_TEXT_WIDTH; i++)
		buf_addc(out, '=');
	buf_adds(out, "\n\n");
}

static int id_width(const struct plan *p, struct buf *tmp)
{
	int w = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		safe_text(plan_change(p, i)->id, tmp);
		int cw = tw_width(tmp->s, tmp->len);
		if (cw > w)
			w = cw;
	}
	return w > 20 ? 20 : w;
}

/* Scratch buffers for text_change, reused from change to change. */
struct text_scratch {
	struct buf first, line, tmp;
};

static void text_change(const struct printing *x, const struct change *c, int idw,
			struct buf *out, struct text_scratch *sc)
{
	const struct print_opts *o = x->o;
	struct buf *first = &sc->first, *line = &sc->line, *tmp = &sc->tmp;
	bool prio = change_is_prioritised(c, o->year);
	buf_reset(first);
	buf_adds(first, prio && !o->overstrike ? TEXT_MARKER : "  ");
	safe_text(c->id, tmp);
	buf_adds(first, buf_str(tmp));
	int w = 2 + tw_width(tmp->s, tmp->len);
	int indent = 2 + idw + 2;
	if (w > idw + 2) { /* an id too long for the column: text on its own line */
		buf_addc(first, '\n');
		pad(first, indent);
	} else {
		pad(first, indent - w);
	}
	safe_text(c->text, tmp);
	text_wrapped(out, first->s, indent, buf_str(tmp), prio && o->overstrike);
	change_meta(x, c, line, tmp);
	safe_text(line->s, tmp);
	buf_reset(first);
	pad(first, indent);
	text_wrapped(out, first->s, indent, buf_str(tmp), false);
	if (str_has_text(c->notes)) {
		buf_reset(line);
		buf_adds(line, x->notes);
		buf_adds(line, ": ");
		safe_text(c->notes, tmp);
		buf_adds(line, buf_str(tmp));
		text_wrapped(out, first->s, indent, line->s, false);
	}
}

static size_t status_count(const struct plan *p, const char *key)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		n += strcmp(plan_change(p, i)->status, key) == 0;
	return n;
}

/* ---- the effects matrix (every format) -------------------------------- */

static void md_text(struct buf *out, const char *s, struct buf *tmp, bool line_start);
static void html_text(struct buf *out, const char *s, struct buf *tmp);
static void html_field(struct buf *out, const char *label, const char *value, struct buf *tmp);

static bool linked(const struct change *c, const struct effect *e)
{
	return strlist_contains(&c->effects, e->id);
}

static size_t effect_links(const struct plan *p, size_t e)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		n += linked(plan_change(p, i), plan_effect(p, e));
	return n;
}

static size_t all_links(const struct plan *p)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++)
		n += plan_change(p, i)->effects.n;
	return n;
}

/* "R3: Ökad grad av delaktighet och inflytande (RUS effect goal)" */
static void effect_legend(const struct plan *p, size_t e, struct buf *out)
{
	const struct effect *ef = plan_effect(p, e);
	plan_effect_label(p, e, out);
	buf_addf(out, ": %s (%s)", ef->name, _(field_choice_label(K_EFFECT, EF_KIND, ef->kind, false)));
}

#define TEXT_CELL 4 /* "R1  " */

/* The grid in slices of the columns that fit the page. */
static void text_matrix(const struct printing *x, struct buf *out)
{
	const struct plan *p = x->p;
	const struct print_opts *o = x->o;
	struct buf tmp = BUF_INIT, line = BUF_INIT;
	size_t ne = plan_count(p, K_EFFECT);
	text_heading(out, _("Links to effects"), o->overstrike);
	if (!ne) {
		text_wrapped(out, "", 0, _("The plan has no effects."), false);
		buf_release(&tmp);
		return;
	}
	/* the first column holds the ids and the word for the sum */
	int idw = id_width(p, &tmp), sumw = tw_width(_("Sum"), strlen(_("Sum")));
	if (sumw > idw)
		idw = sumw;
	int pre = 2 + idw + 2;
	size_t per = (size_t)((PRINT_TEXT_WIDTH - pre - 6) / TEXT_CELL);
	if (per < 1)
		per = 1;
	for (size_t from = 0; from < ne; from += per) {
		size_t to = from + per < ne ? from + per : ne;
		bool last = to == ne;
		buf_reset(&line);
		pad(&line, pre);
		for (size_t e = from; e < to; e++) {
			size_t at = line.len;
			plan_effect_label(p, e, &line);
			pad(&line, TEXT_CELL - (int)(line.len - at));
		}
		if (last)
			buf_adds(&line, _("Sum"));
		while (line.len && line.s[line.len - 1] == ' ')
			line.s[--line.len] = '\0';
		buf_adds(out, buf_str(&line));
		buf_addc(out, '\n');
		for (size_t i = 0; i <= plan_count(p, K_CHANGE); i++) {
			const struct change *c = i < plan_count(p, K_CHANGE) ? plan_change(p, i) : NULL;
			bool prio = c && change_is_prioritised(c, o->year);
			buf_reset(&line);
			buf_adds(&line, prio && !o->overstrike ? TEXT_MARKER : "  ");
			safe_text(c ? c->id : _("Sum"), &tmp);
			text_put(&line, tmp.s, tmp.len, prio && o->overstrike);
			int w = tw_width(tmp.s, tmp.len);
			pad(&line, idw + 2 - w);
			for (size_t e = from; e < to; e++) {
				if (c) /* a cell: the mark, padded to TEXT_CELL */
					buf_add(&line, c->effects.n && linked(c, plan_effect(p, e)) ? "x   " : ".   ",
						TEXT_CELL);
				else
					buf_addf(&line, "%-*zu", TEXT_CELL, effect_links(p, e));
			}
			if (last)
				buf_addf(&line, "%zu", c ? c->effects.n : all_links(p));
			while (line.len && line.s[line.len - 1] == ' ')
				line.s[--line.len] = '\0';
			buf_adds(out, buf_str(&line));
			buf_addc(out, '\n');
			spill(x, out);
		}
		buf_addc(out, '\n');
	}
	for (size_t e = 0; e < ne; e++) {
		buf_reset(&line);
		effect_legend(p, e, &line);
		safe_text(line.s, &tmp);
		text_wrapped(out, "", 4, buf_str(&tmp), false);
	}
	buf_release(&tmp);
	buf_release(&line);
}

static void md_matrix(const struct printing *x, struct buf *out, struct buf *tmp)
{
	const struct plan *p = x->p;
	size_t ne = plan_count(p, K_EFFECT);
	struct buf s = BUF_INIT;
	buf_addf(out, "\n## %s\n\n", _("Links to effects"));
	if (!ne) {
		buf_addf(out, "%s\n", _("The plan has no effects."));
		return;
	}
	buf_adds(out, "| |");
	for (size_t e = 0; e < ne; e++) {
		buf_reset(&s);
		plan_effect_label(p, e, &s);
		buf_addf(out, " %s |", s.s);
	}
	buf_addf(out, " %s |\n|---|", _("Sum"));
	for (size_t e = 0; e < ne; e++)
		buf_adds(out, ":-:|");
	buf_adds(out, "--:|\n");
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		bool prio = change_is_prioritised(c, x->o->year);
		buf_adds(out, prio ? "| **" : "| ");
		md_text(out, c->id, tmp, false);
		buf_adds(out, prio ? "** |" : " |");
		for (size_t e = 0; e < ne; e++)
			buf_adds(out, linked(c, plan_effect(p, e)) ? " x |" : " |");
		buf_addf(out, " %zu |\n", c->effects.n);
		spill(x, out);
	}
	buf_addf(out, "| %s |", _("Sum"));
	for (size_t e = 0; e < ne; e++)
		buf_addf(out, " %zu |", effect_links(p, e));
	buf_addf(out, " %zu |\n\n", all_links(p));
	for (size_t e = 0; e < ne; e++) {
		buf_reset(&s);
		effect_legend(p, e, &s);
		buf_adds(out, "- ");
		md_text(out, s.s, tmp, false);
		buf_addc(out, '\n');
	}
	buf_release(&s);
}

static void html_matrix(const struct printing *x, struct buf *out, struct buf *tmp)
{
	const struct plan *p = x->p;
	size_t ne = plan_count(p, K_EFFECT);
	struct buf s = BUF_INIT;
	buf_adds(out, "\n<h2>");
	html_text(out, _("Links to effects"), tmp);
	buf_adds(out, "</h2>\n");
	if (!ne) {
		buf_adds(out, "<p>");
		html_text(out, _("The plan has no effects."), tmp);
		buf_adds(out, "</p>\n");
		return;
	}
	buf_adds(out, "<table class=\"matrix\">\n<thead>\n<tr><th></th>");
	for (size_t e = 0; e < ne;) {
		size_t end = e + 1;
		while (end < ne && strcmp(plan_effect(p, end)->kind, plan_effect(p, e)->kind) == 0)
			end++;
		buf_addf(out, "<th colspan=\"%zu\">", end - e);
		html_text(out, _(field_choice_label(K_EFFECT, EF_KIND, plan_effect(p, e)->kind, true)), tmp);
		buf_adds(out, "</th>");
		e = end;
	}
	buf_adds(out, "<th></th></tr>\n<tr><th></th>");
	for (size_t e = 0; e < ne; e++) {
		buf_reset(&s);
		plan_effect_label(p, e, &s);
		buf_adds(out, "<th title=\"");
		html_text(out, plan_effect(p, e)->name, tmp);
		buf_addf(out, "\">%s</th>", s.s);
	}
	buf_adds(out, "<th>");
	html_text(out, _("Sum"), tmp);
	buf_adds(out, "</th></tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		bool prio = change_is_prioritised(c, x->o->year);
		buf_adds(out, prio ? "<tr><th><strong>" : "<tr><th>");
		html_text(out, c->id, tmp);
		buf_adds(out, prio ? "</strong></th>" : "</th>");
		for (size_t e = 0; e < ne; e++)
			buf_adds(out, linked(c, plan_effect(p, e)) ? "<td>x</td>" : "<td></td>");
		buf_addf(out, "<td>%zu</td></tr>\n", c->effects.n);
		spill(x, out);
	}
	buf_adds(out, "</tbody>\n<tfoot>\n<tr><th>");
	html_text(out, _("Sum"), tmp);
	buf_adds(out, "</th>");
	for (size_t e = 0; e < ne; e++)
		buf_addf(out, "<td>%zu</td>", effect_links(p, e));
	buf_addf(out, "<td>%zu</td></tr>\n</tfoot>\n</table>\n<dl>\n", all_links(p));
	for (size_t e = 0; e < ne; e++) {
		buf_reset(&s);
		plan_effect_label(p, e, &s);
		const struct effect *ef = plan_effect(p, e);
		struct buf v = BUF_INIT;
		buf_addf(&v, "%s (%s)", ef->name, _(field_choice_label(K_EFFECT, EF_KIND, ef->kind, false)));
		html_field(out, s.s, v.s, tmp);
		buf_release(&v);
	}
	buf_adds(out, "</dl>\n");
	buf_release(&s);
}

static void print_text(const struct printing *x, struct buf *out)
{
	const struct plan *p = x->p;
	const struct print_opts *o = x->o;
	struct buf tmp = BUF_INIT, s = BUF_INIT;
	struct text_scratch sc = { BUF_INIT, BUF_INIT, BUF_INIT };
	safe_text(p->info->title, &tmp);
	text_wrapped(out, "", 0, buf_str(&tmp), o->overstrike);
	if (*p->info->subtitle) {
		safe_text(p->info->subtitle, &tmp);
		text_wrapped(out, "", 0, buf_str(&tmp), false);
	}
	buf_addc(out, '\n');
	if (p->info->version) {
		buf_addf(&s, "%d", p->info->version);
		text_field(out, 0, _("Version"), s.s, &tmp);
	}
	if (*p->info->adopted_by || *p->info->adopted_date) {
		buf_reset(&s);
		buf_addf(&s, "%s %s", p->info->adopted_by, p->info->adopted_date);
		text_field(out, 0, _("Adopted by"), s.s, &tmp);
	}
	buf_reset(&s);
	buf_addf(&s, "%d", o->year);
	text_field(out, 0, _("Focus year"), s.s, &tmp);
	if (x->priorities.len)
		text_field(out, 0, _("Priorities"), x->priorities.s, &tmp);
	text_field(out, 0, _("Snapshot date"), o->date, &tmp);

	text_heading(out, _("Desired changes"), o->overstrike);
	buf_reset(&s);
	if (o->overstrike)
		buf_addf(&s, _("Items in bold are prioritised for %d."), o->year);
	else
		buf_addf(&s, _("Items marked %s are prioritised for %d."), "\xc2\xbb", o->year);
	text_wrapped(out, "", 0, s.s, false);
	buf_addc(out, '\n');
	int idw = id_width(p, &tmp);
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		text_change(x, plan_change(p, i), idw, out, &sc);
		spill(x, out);
	}

	text_heading(out, _("Working groups"), o->overstrike);
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		const struct group *g = plan_group(p, i);
		safe_text(*g->name ? g->name : g->id, &tmp);
		text_wrapped(out, "", 0, buf_str(&tmp), o->overstrike);
		text_field(out, 2, _("Lead"), or_dash(g->lead), &tmp);
		text_field(out, 2, _("Mandate"), or_dash(g->mandate), &tmp);
		if (g->members.n) {
			group_members(g, &s);
			text_field(out, 2, _("Members"), s.s, &tmp);
		}
		if (str_has_text(g->notes))
			text_field(out, 2, x->notes, g->notes, &tmp);
		text_field(out, 2, _("Changes"), x->group_ids[i].s, &tmp);
		buf_addc(out, '\n');
	}
	text_field(out, 0, _("Changes without a working group"), x->ungrouped.s, &tmp);

	text_matrix(x, out);

	text_heading(out, _("Status summary"), o->overstrike);
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++) {
		buf_reset(&s);
		buf_addf(&s, "%zu", status_count(p, plan_status(p, i)->key));
		text_field(out, 2, *plan_status(p, i)->label ? plan_status(p, i)->label
							 : plan_status(p, i)->key,
			   s.s, &tmp);
	}
	buf_reset(&s);
	buf_addf(&s, "%zu", plan_count(p, K_CHANGE));
	text_field(out, 2, _("Total"), s.s, &tmp);

	buf_addc(out, '\n');
	for (int i = 0; i < PRINT_TEXT_WIDTH; i++)
		buf_addc(out, '-');
	buf_addc(out, '\n');
	safe_text(o->source, &tmp);
	text_wrapped(out, "", 0, buf_str(&tmp), false);
	buf_release(&tmp);
	buf_release(&s);
	buf_release(&sc.first);
	buf_release(&sc.line);
	buf_release(&sc.tmp);
}

/* ---- Markdown --------------------------------------------------------- */

/* Appends plan text, safe and escaped so it is read as plain text:
 * nothing in it can start emphasis, code, a link, HTML, an entity or a
 * heading; at a line's start (line_start), nor a list or a rule. */
static bool md_special(char c)
{
	switch (c) {
	case '\\': case '`': case '*': case '_': case '[': case ']': case '<':
	case '>': case '#': case '&': case '!': case '|': case '~':
		return true;
	default:
		return false;
	}
}

static void md_text(struct buf *out, const char *s, struct buf *tmp, bool line_start)
{
	safe_text(s, tmp);
	bool leading_digits = true; /* "1." or "1)" would start a list */
	const char *start = buf_str(tmp), *run = start, *q;
	for (q = start; *q; q++) {
		bool at_start = q == start;
		if (md_special(*q) || (line_start && at_start && strchr("+-=", *q)) ||
		    (line_start && leading_digits && !at_start && strchr(".)", *q))) {
			buf_add(out, run, (size_t)(q - run)); /* the text before, as it is */
			buf_addc(out, '\\');
			run = q;
		}
		leading_digits = leading_digits && *q >= '0' && *q <= '9';
	}
	buf_add(out, run, (size_t)(q - run));
}

void print_markdown_text(const char *s, bool line_start, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	md_text(out, s, &tmp, line_start);
	buf_release(&tmp);
}

static void md_item(struct buf *out, const char *label, const char *value, struct buf *tmp)
{
	buf_addf(out, "- %s: ", label);
	md_text(out, value, tmp, false);
	buf_addc(out, '\n');
}

static void print_markdown(const struct printing *x, struct buf *out)
{
	const struct plan *p = x->p;
	const struct print_opts *o = x->o;
	struct buf tmp = BUF_INIT, s = BUF_INIT, meta = BUF_INIT;
	buf_adds(out, "# ");
	md_text(out, p->info->title, &tmp, false);
	buf_adds(out, "\n\n");
	if (*p->info->subtitle) {
		md_text(out, p->info->subtitle, &tmp, true);
		buf_adds(out, "\n\n");
	}
	if (p->info->version) {
		buf_addf(&s, "%d", p->info->version);
		md_item(out, _("Version"), s.s, &tmp);
	}
	if (*p->info->adopted_by || *p->info->adopted_date) {
		buf_reset(&s);
		buf_addf(&s, "%s %s", p->info->adopted_by, p->info->adopted_date);
		md_item(out, _("Adopted by"), s.s, &tmp);
	}
	buf_reset(&s);
	buf_addf(&s, "%d", o->year);
	md_item(out, _("Focus year"), s.s, &tmp);
	if (x->priorities.len)
		md_item(out, _("Priorities"), x->priorities.s, &tmp);
	md_item(out, _("Snapshot date"), o->date, &tmp);

	buf_addf(out, "\n## %s\n\n", _("Desired changes"));
	buf_addf(out, _("Items in bold are prioritised for %d."), o->year);
	buf_adds(out, "\n\n");
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		bool prio = change_is_prioritised(c, o->year);
		buf_adds(out, prio ? "- **" : "- ");
		md_text(out, c->id, &tmp, false);
		buf_adds(out, ": ");
		md_text(out, c->text, &tmp, false);
		buf_adds(out, prio ? "**\\\n  " : "\\\n  ");
		change_meta(x, c, &s, &meta);
		md_text(out, s.s, &tmp, false);
		if (str_has_text(c->notes)) {
			buf_adds(out, "\\\n  ");
			buf_adds(out, x->notes);
			buf_adds(out, ": ");
			md_text(out, c->notes, &tmp, false);
		}
		buf_addc(out, '\n');
		spill(x, out);
	}

	buf_addf(out, "\n## %s\n", _("Working groups"));
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		const struct group *g = plan_group(p, i);
		buf_adds(out, "\n### ");
		md_text(out, *g->name ? g->name : g->id, &tmp, false);
		buf_adds(out, "\n\n");
		md_item(out, _("Lead"), or_dash(g->lead), &tmp);
		md_item(out, _("Mandate"), or_dash(g->mandate), &tmp);
		if (g->members.n) {
			group_members(g, &s);
			md_item(out, _("Members"), s.s, &tmp);
		}
		if (str_has_text(g->notes))
			md_item(out, x->notes, g->notes, &tmp);
		md_item(out, _("Changes"), x->group_ids[i].s, &tmp);
	}
	buf_adds(out, "\n");
	buf_addf(out, "%s: ", _("Changes without a working group"));
	md_text(out, x->ungrouped.s, &tmp, false);
	buf_adds(out, "\n");
	md_matrix(x, out, &tmp);

	buf_addf(out, "\n## %s\n\n", _("Status summary"));
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++) {
		buf_reset(&s);
		buf_addf(&s, "%zu", status_count(p, plan_status(p, i)->key));
		buf_adds(out, "- ");
		md_text(out, *plan_status(p, i)->label ? plan_status(p, i)->label : plan_status(p, i)->key,
			&tmp, false);
		buf_addf(out, ": %s\n", s.s);
	}
	buf_addf(out, "- %s: %zu\n", _("Total"), plan_count(p, K_CHANGE));

	buf_adds(out, "\n---\n\n");
	md_text(out, o->source, &tmp, true);
	buf_addc(out, '\n');
	buf_release(&tmp);
	buf_release(&s);
	buf_release(&meta);
}

/* ---- HTML ------------------------------------------------------------- */

/* Appends plan text, safe and HTML-escaped. */
static void html_text(struct buf *out, const char *s, struct buf *tmp)
{
	safe_text(s, tmp);
	const char *run = buf_str(tmp), *q;
	for (q = run; *q; q++) {
		const char *entity;
		switch (*q) {
		case '&': entity = "&amp;"; break;
		case '<': entity = "&lt;"; break;
		case '>': entity = "&gt;"; break;
		case '"': entity = "&quot;"; break;
		case '\'': entity = "&#39;"; break;
		default: continue;
		}
		buf_add(out, run, (size_t)(q - run)); /* the text before, as it is */
		buf_adds(out, entity);
		run = q + 1;
	}
	buf_add(out, run, (size_t)(q - run));
}

static void html_field(struct buf *out, const char *label, const char *value, struct buf *tmp)
{
	buf_adds(out, "<dt>");
	html_text(out, label, tmp);
	buf_adds(out, "</dt><dd>");
	html_text(out, value, tmp);
	buf_adds(out, "</dd>\n");
}

static const char html_style[] =
	"@page { size: A4; margin: 20mm 18mm 22mm;\n"
	"  @bottom-center { content: counter(page) \" / \" counter(pages); } }\n"
	"body { font: 11pt/1.4 Georgia, 'DejaVu Serif', serif; max-width: 46em; margin: 2em auto;"
	" padding: 0 1em; color: #000; }\n"
	"h1 { font-size: 18pt; margin-bottom: 0.2em; }\n"
	"h2 { font-size: 14pt; border-bottom: 1px solid #888; break-after: avoid; }\n"
	"h3 { font-size: 12pt; break-after: avoid; }\n"
	"dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }\n"
	"dt { font-style: italic; } dd { margin: 0; }\n"
	"ol.changes { list-style: none; padding: 0; }\n"
	"ol.changes li, section, figure { break-inside: avoid; page-break-inside: avoid; }\n"
	"ol.changes li { margin: 0.5em 0; }\n"
	".id { display: inline-block; min-width: 3em; }\n"
	".meta { display: block; margin-left: 3em; font-size: 9.5pt; color: #333; }\n"
	"table.matrix { border-collapse: collapse; font-size: 9.5pt; break-inside: avoid; }\n"
	"table.matrix th, table.matrix td { border: 1px solid #888; padding: 0.1em 0.3em;"
	" text-align: center; }\n"
	"table.matrix tbody th { font-weight: normal; text-align: left; }\n"
	"footer { margin-top: 2em; border-top: 1px solid #888; font-size: 9pt; }\n"
	"@media print { body { margin: 0; max-width: none; } }\n";

static void print_html(const struct printing *x, struct buf *out)
{
	const struct plan *p = x->p;
	const struct print_opts *o = x->o;
	struct buf tmp = BUF_INIT, s = BUF_INIT, meta = BUF_INIT;
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_text(out, p->info->title, &tmp);
	buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", html_style);
	html_text(out, p->info->title, &tmp);
	buf_adds(out, "</h1>\n");
	if (*p->info->subtitle) {
		buf_adds(out, "<p class=\"subtitle\">");
		html_text(out, p->info->subtitle, &tmp);
		buf_adds(out, "</p>\n");
	}
	buf_adds(out, "<dl>\n");
	if (p->info->version) {
		buf_addf(&s, "%d", p->info->version);
		html_field(out, _("Version"), s.s, &tmp);
	}
	if (*p->info->adopted_by || *p->info->adopted_date) {
		buf_reset(&s);
		buf_addf(&s, "%s %s", p->info->adopted_by, p->info->adopted_date);
		html_field(out, _("Adopted by"), s.s, &tmp);
	}
	buf_reset(&s);
	buf_addf(&s, "%d", o->year);
	html_field(out, _("Focus year"), s.s, &tmp);
	if (x->priorities.len)
		html_field(out, _("Priorities"), x->priorities.s, &tmp);
	html_field(out, _("Snapshot date"), o->date, &tmp);
	buf_adds(out, "</dl>\n\n<h2>");
	html_text(out, _("Desired changes"), &tmp);
	buf_adds(out, "</h2>\n<p>");
	buf_reset(&s);
	buf_addf(&s, _("Items in bold are prioritised for %d."), o->year);
	html_text(out, s.s, &tmp);
	buf_adds(out, "</p>\n<ol class=\"changes\">\n");
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *c = plan_change(p, i);
		bool prio = change_is_prioritised(c, o->year);
		buf_adds(out, prio ? "<li><strong><span class=\"id\">" : "<li><span class=\"id\">");
		html_text(out, c->id, &tmp);
		buf_adds(out, "</span> ");
		html_text(out, c->text, &tmp);
		buf_adds(out, prio ? "</strong>\n<span class=\"meta\">" : "\n<span class=\"meta\">");
		change_meta(x, c, &s, &meta);
		html_text(out, s.s, &tmp);
		if (str_has_text(c->notes)) {
			buf_adds(out, "<br>\n");
			html_text(out, x->notes, &tmp);
			buf_adds(out, ": ");
			html_text(out, c->notes, &tmp);
		}
		buf_adds(out, "</span></li>\n");
		spill(x, out);
	}
	buf_adds(out, "</ol>\n\n<h2>");
	html_text(out, _("Working groups"), &tmp);
	buf_adds(out, "</h2>\n");
	for (size_t i = 0; i < plan_count(p, K_GROUP); i++) {
		const struct group *g = plan_group(p, i);
		buf_adds(out, "<section>\n<h3>");
		html_text(out, *g->name ? g->name : g->id, &tmp);
		buf_adds(out, "</h3>\n<dl>\n");
		html_field(out, _("Lead"), or_dash(g->lead), &tmp);
		html_field(out, _("Mandate"), or_dash(g->mandate), &tmp);
		if (g->members.n) {
			group_members(g, &s);
			html_field(out, _("Members"), s.s, &tmp);
		}
		if (str_has_text(g->notes))
			html_field(out, x->notes, g->notes, &tmp);
		html_field(out, _("Changes"), x->group_ids[i].s, &tmp);
		buf_adds(out, "</dl>\n</section>\n");
	}
	buf_adds(out, "<dl>\n");
	html_field(out, _("Changes without a working group"), x->ungrouped.s, &tmp);
	buf_adds(out, "</dl>\n");
	html_matrix(x, out, &tmp);
	buf_adds(out, "\n<h2>");
	html_text(out, _("Status summary"), &tmp);
	buf_adds(out, "</h2>\n<figure>\n");
	size_t max = 1;
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++) {
		size_t n = status_count(p, plan_status(p, i)->key);
		if (n > max)
			max = n;
	}
	buf_addf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"%zu\" "
		 "role=\"img\">\n", 24 * plan_count(p, K_STATUS) + 8);
	for (size_t i = 0; i < plan_count(p, K_STATUS); i++) {
		size_t n = status_count(p, plan_status(p, i)->key);
		size_t y = 4 + 24 * i;
		buf_addf(out, "<text x=\"0\" y=\"%zu\" font-size=\"12\">", y + 14);
		html_text(out, *plan_status(p, i)->label ? plan_status(p, i)->label : plan_status(p, i)->key,
			  &tmp);
		buf_addf(out, "</text><rect x=\"150\" y=\"%zu\" width=\"%zu\" height=\"18\" "
			 "fill=\"#4a6f8a\"/><text x=\"%zu\" y=\"%zu\" font-size=\"12\">%zu</text>\n",
			 y, n * 280 / max, 156 + n * 280 / max, y + 14, n);
	}
	buf_adds(out, "</svg>\n<figcaption>");
	buf_reset(&s);
	buf_addf(&s, "%s: %zu", _("Total"), plan_count(p, K_CHANGE));
	html_text(out, s.s, &tmp);
	buf_adds(out, "</figcaption>\n</figure>\n\n<footer>");
	html_text(out, o->source, &tmp);
	buf_adds(out, "</footer>\n</body>\n</html>\n");
	buf_release(&tmp);
	buf_release(&s);
	buf_release(&meta);
}

void print_plan(const struct plan *p, const struct print_opts *o, struct buf *out)
{
	struct printing x;
	printing_init(&x, p, o);
	if (o->format == PRINT_MARKDOWN)
		print_markdown(&x, out);
	else if (o->format == PRINT_HTML)
		print_html(&x, out);
	else
		print_text(&x, out);
	printing_release(&x);
	if (o->stream && out->len) {
		fwrite(out->s, 1, out->len, o->stream);
		buf_reset(out);
	}
}

/* ---- documents ------------------------------------------------------------ */

enum block_kind { B_NONE, B_META, B_HEADING, B_PARA, B_FIELD, B_TABLE, B_ROW };

/* One block as it is written: nothing of it is kept after. */
struct block {
	enum block_kind kind;
	int level;
	bool strong;
	const char *label, *text;  /* B_META, B_FIELD; B_HEADING, B_PARA: text */
	const char *const *cells;  /* B_TABLE: the headers; B_ROW: the cells */
	size_t ncells;
};

/* A document being written: each block is rendered as it comes, into
 * `out`, spilled to o->stream when that is set.  Kept of what came before:
 * the kind of the last block (where lists and tables end) and the current
 * table's headers (text labels its rows' cells with them). */
struct doc {
	const struct print_opts *o;
	struct buf *out;
	enum block_kind last;
	char **headers;
	size_t ncols;
	struct buf tmp;
};

static const char doc_style[] =
	"@page { size: A4; margin: 18mm 15mm 20mm;\n"
	"  @bottom-center { content: counter(page) \" / \" counter(pages); } }\n"
	"body { font: 10.5pt/1.35 Georgia, 'DejaVu Serif', serif; max-width: 60em; margin: 2em auto;"
	" padding: 0 1em; color: #000; }\n"
	"h1 { font-size: 18pt; margin-bottom: 0.2em; }\n"
	"h2 { font-size: 13pt; border-bottom: 1px solid #888; break-after: avoid; }\n"
	"h3 { font-size: 11.5pt; break-after: avoid; }\n"
	"h2.weak, h3.weak { font-weight: normal; }\n"
	"dl { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }\n"
	"dt { font-style: italic; } dd { margin: 0; }\n"
	"table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 0.5em 0 1em; }\n"
	"th, td { border: 1px solid #888; padding: 0.15em 0.35em; text-align: left;"
	" vertical-align: top; }\n"
	"th { background: #eee; } tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"footer { margin-top: 2em; border-top: 1px solid #888; font-size: 9pt; }\n"
	"@media print { body { margin: 0; max-width: none; } }\n";


/* Writes `out` to the stream once it holds enough (print_plan's rule). */
static void doc_spill(struct doc *d)
{
	if (d->o->stream && d->out->len >= SPILL) {
		fwrite(d->out->s, 1, d->out->len, d->o->stream);
		buf_reset(d->out);
	}
}

/* Text: a title, facts, headings underlined (= and -), a table's row as
 * a block of its own: its first cell (marked » when emphasised), then
 * each other cell as "Header: value" under it. */
static void text_block(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	bool bold = d->o->overstrike;
	switch (b->kind) {
	case B_NONE:
		break;
	case B_META:
		if (d->last != B_META)
			buf_addc(out, '\n');
		text_field(out, 0, b->label, b->text, tmp);
		break;
	case B_HEADING: {
		safe_text(b->text, tmp);
		buf_addc(out, '\n');
		struct buf head = BUF_INIT;
		if (b->strong && !bold)
			buf_adds(&head, MB_CUR_MAX > 1 ? "» " : "> ");
		buf_adds(&head, buf_str(tmp));
		text_wrapped(out, "", 0, buf_str(&head), bold && b->strong);
		int w = tw_width(head.s, head.len);
		for (int k = 0; k < w && k < PRINT_TEXT_WIDTH; k++)
			buf_addc(out, b->level <= 1 ? '=' : '-');
		buf_adds(out, "\n\n");
		buf_release(&head);
		break;
	}
	case B_PARA:
		safe_text(b->text, tmp);
		text_wrapped(out, "", 0, buf_str(tmp), bold && b->strong);
		buf_addc(out, '\n');
		break;
	case B_FIELD:
		text_field(out, 0, b->label, b->text, tmp);
		break;
	case B_TABLE:
		break;
	case B_ROW: {
		if (!b->ncells)
			break;
		safe_text(b->cells[0], tmp);
		const char *mark = b->strong && !bold ? (MB_CUR_MAX > 1 ? "» " : "> ") : "  ";
		text_wrapped(out, mark, 2, buf_str(tmp), bold && b->strong);
		for (size_t c = 1; c < b->ncells; c++)
			if (str_has_text(b->cells[c]))
				text_field(out, 4, d->headers[c], b->cells[c], tmp);
		buf_addc(out, '\n');
		break;
	}
	}
}

/* A cell of a Markdown table: its text escaped, a line break a space. */
static void md_cell(struct buf *out, const char *s, bool strong, struct buf *tmp)
{
	if (!str_has_text(s))
		return;
	if (strong)
		buf_adds(out, "**");
	md_text(out, s, tmp, false);
	if (strong)
		buf_adds(out, "**");
}

static void md_block(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	enum block_kind last = d->last;
	/* a list or a table ends with a blank line */
	if ((last == B_META || last == B_FIELD) && b->kind != last)
		buf_addc(out, '\n');
	if ((last == B_ROW || last == B_TABLE) && b->kind != B_ROW)
		buf_addc(out, '\n');
	switch (b->kind) {
	case B_NONE:
		break;
	case B_META:
	case B_FIELD:
		md_item(out, b->label, b->text, tmp);
		break;
	case B_HEADING:
		buf_adds(out, b->level <= 1 ? "## " : "### ");
		if (b->strong)
			buf_adds(out, "**");
		md_text(out, b->text, tmp, false);
		if (b->strong)
			buf_adds(out, "**");
		buf_adds(out, "\n\n");
		break;
	case B_PARA:
		if (b->strong)
			buf_adds(out, "**");
		md_text(out, b->text, tmp, !b->strong);
		if (b->strong)
			buf_adds(out, "**");
		buf_adds(out, "\n\n");
		break;
	case B_TABLE:
	case B_ROW:
		for (size_t c = 0; c < b->ncells; c++) {
			buf_adds(out, "| ");
			md_cell(out, b->cells[c], b->strong, tmp);
			buf_adds(out, " ");
		}
		buf_adds(out, "|\n");
		if (b->kind == B_TABLE) {
			for (size_t c = 0; c < b->ncells; c++)
				buf_adds(out, "| --- ");
			buf_adds(out, "|\n");
		}
		break;
	}
}

static void html_block(struct doc *d, const struct block *b)
{
	struct buf *out = d->out, *tmp = &d->tmp;
	enum block_kind last = d->last;
	bool list = b->kind == B_META || b->kind == B_FIELD;
	bool was_list = last == B_META || last == B_FIELD;
	if (was_list && !list)
		buf_adds(out, "</dl>\n");
	if ((last == B_ROW || last == B_TABLE) && b->kind != B_ROW)
		buf_adds(out, "</tbody></table>\n");
	if (list && !was_list)
		buf_adds(out, "<dl>\n");
	switch (b->kind) {
	case B_NONE:
		break;
	case B_META:
	case B_FIELD:
		html_field(out, b->label, b->text, tmp);
		break;
	case B_HEADING: {
		int h = b->level <= 1 ? 2 : 3;
		buf_addf(out, "<h%d%s>", h, b->strong ? "" : " class=\"weak\"");
		html_text(out, b->text, tmp);
		buf_addf(out, "</h%d>\n", h);
		break;
	}
	case B_PARA:
		buf_adds(out, b->strong ? "<p><strong>" : "<p>");
		html_text(out, b->text, tmp);
		buf_adds(out, b->strong ? "</strong></p>\n" : "</p>\n");
		break;
	case B_TABLE:
		buf_adds(out, "<table><thead><tr>");
		for (size_t c = 0; c < b->ncells; c++) {
			buf_adds(out, "<th>");
			html_text(out, b->cells[c], tmp);
			buf_adds(out, "</th>");
		}
		buf_adds(out, "</tr></thead><tbody>\n");
		break;
	case B_ROW:
		buf_adds(out, "<tr>");
		for (size_t c = 0; c < b->ncells; c++) {
			bool strong = b->strong && *b->cells[c];
			buf_adds(out, strong ? "<td><strong>" : "<td>");
			html_text(out, b->cells[c], tmp);
			buf_adds(out, strong ? "</strong></td>" : "</td>");
		}
		buf_adds(out, "</tr>\n");
		break;
	}
}

/* Writes block b in the document's format. */
static void doc_put(struct doc *d, const struct block *b)
{
	switch (d->o->format) {
	case PRINT_TEXT:
		text_block(d, b);
		break;
	case PRINT_MARKDOWN:
		md_block(d, b);
		break;
	case PRINT_HTML:
		html_block(d, b);
		break;
	}
	d->last = b->kind;
	doc_spill(d);
}

struct doc *doc_begin(const char *title, const char *subtitle, const struct print_opts *o,
		      struct buf *out)
{
	struct doc *d = xcalloc(1, sizeof(*d));
	d->o = o;
	d->out = out;
	d->last = B_NONE;
	d->tmp = (struct buf)BUF_INIT;
	struct buf *tmp = &d->tmp;
	title = title ? title : "";
	subtitle = subtitle ? subtitle : "";
	switch (o->format) {
	case PRINT_TEXT:
		safe_text(title, tmp);
		text_wrapped(out, "", 0, buf_str(tmp), o->overstrike);
		if (*subtitle) {
			safe_text(subtitle, tmp);
			text_wrapped(out, "", 0, buf_str(tmp), false);
		}
		break;
	case PRINT_MARKDOWN:
		buf_adds(out, "# ");
		md_text(out, title, tmp, false);
		buf_adds(out, "\n\n");
		if (*subtitle) {
			md_text(out, subtitle, tmp, true);
			buf_adds(out, "\n\n");
		}
		break;
	case PRINT_HTML:
		buf_adds(out, "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
		html_text(out, title, tmp);
		buf_addf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", doc_style);
		html_text(out, title, tmp);
		buf_adds(out, "</h1>\n");
		if (*subtitle) {
			buf_adds(out, "<p class=\"subtitle\">");
			html_text(out, subtitle, tmp);
			buf_adds(out, "</p>\n");
		}
		break;
	}
	doc_spill(d);
	return d;
}

static void free_headers(struct doc *d)
{
	for (size_t c = 0; c < d->ncols; c++)
		free(d->headers[c]);
	free(d->headers);
	d->headers = NULL;
	d->ncols = 0;
}

void doc_end(struct doc **dp, const char *footer)
{
	struct doc *d = *dp;
	if (!d)
		return;
	struct buf *out = d->out, *tmp = &d->tmp;
	enum block_kind last = d->last;
	switch (d->o->format) {
	case PRINT_TEXT:
		if (footer) {
			buf_adds(out, "--\n");
			safe_text(footer, tmp);
			text_wrapped(out, "", 0, buf_str(tmp), false);
		}
		break;
	case PRINT_MARKDOWN:
		if (last == B_META || last == B_FIELD || last == B_ROW || last == B_TABLE)
			buf_addc(out, '\n');
		if (footer) {
			buf_adds(out, "---\n\n");
			md_text(out, footer, tmp, true);
			buf_addc(out, '\n');
		}
		break;
	case PRINT_HTML:
		if (last == B_META || last == B_FIELD)
			buf_adds(out, "</dl>\n");
		if (last == B_ROW || last == B_TABLE)
			buf_adds(out, "</tbody></table>\n");
		if (footer) {
			buf_adds(out, "<footer><p>");
			html_text(out, footer, tmp);
			buf_adds(out, "</p></footer>\n");
		}
		buf_adds(out, "</body>\n</html>\n");
		break;
	}
	if (d->o->stream && out->len) {
		fwrite(out->s, 1, out->len, d->o->stream);
		buf_reset(out);
	}
	free_headers(d);
	buf_release(&d->tmp);
	free(d);
	*dp = NULL;
}

void doc_meta(struct doc *d, const char *label, const char *value)
{
	doc_put(d, &(struct block){ .kind = B_META, .label = label, .text = value ? value : "" });
}

void doc_heading(struct doc *d, int level, const char *text, bool strong)
{
	doc_put(d, &(struct block){ .kind = B_HEADING, .level = level, .strong = strong, .text = text });
}

void doc_para(struct doc *d, const char *text, bool strong)
{
	doc_put(d, &(struct block){ .kind = B_PARA, .strong = strong, .text = text });
}

void doc_field(struct doc *d, const char *label, const char *value)
{
	doc_put(d, &(struct block){ .kind = B_FIELD, .label = label, .text = value ? value : "" });
}

void doc_table(struct doc *d, size_t ncols, const char *const *headers)
{
	assert(ncols <= DOC_MAX_COLS);
	free_headers(d);
	d->headers = xcalloc(ncols ? ncols : 1, sizeof(*d->headers));
	for (size_t c = 0; c < ncols; c++)
		d->headers[c] = xstrdup(headers[c] ? headers[c] : "");
	d->ncols = ncols;
	doc_put(d, &(struct block){ .kind = B_TABLE, .cells = (const char *const *)d->headers,
				    .ncells = ncols });
}

void doc_row(struct doc *d, bool strong, const char *const *cells)
{
	/* as many cells as the table above has columns: a row stands right
	 * after its table or another row */
	assert(d->last == B_TABLE || d->last == B_ROW);
	const char *v[DOC_MAX_COLS];
	for (size_t c = 0; c < d->ncols; c++)
		v[c] = cells[c] ? cells[c] : "";
	doc_put(d, &(struct block){ .kind = B_ROW, .strong = strong, .cells = v, .ncells = d->ncols });
}
