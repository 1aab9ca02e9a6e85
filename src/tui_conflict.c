/* tui_conflict.c — the workbench's screen for the conflicts a merge left
 * in the plan's files: one conflict at a time, what it is about in the
 * plan's words and the lines of ours, the base's and theirs, and a key to
 * take one of them.  A file with none left is staged; when none is left
 * anywhere the plan opens as usual.  The work is merge.c's (the markers)
 * and sync's idea of staging; this file asks and tells. */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "merge.h"
#include "sync.h"
#include "store.h"
#include "textwidth.h"
#include "tui.h"

/* The plan's files and the conflicts marked in them. */
struct cfile {
	char *path;
	struct buf text;
	struct merge_hunks h;
	struct merge_points pts;
	bool readable; /* its conflicts read by record and field */
};

struct cstate {
	const char *dir;
	struct cfile f[SF_COUNT];
	size_t total;
	struct buf msg;
};

static void read_files(struct cstate *c)
{
	const char *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	c->total = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		struct cfile *cf = &c->f[f];
		buf_release(&cf->text);
		merge_hunks_free(&cf->h);
		merge_points_free(&cf->pts);
		if (!cf->path)
			cf->path = strcmp(c->dir, ".") == 0
					   ? xstrdup(schema_files[f].name)
					   : xasprintf("%s/%s", c->dir, schema_files[f].name);
		/* never waits on a FIFO in a plan file's place */
		bool read = buf_read_file(&cf->text, cf->path, STORE_MAX_FILE_SIZE) == 0;
		texts[f] = read ? buf_str(&cf->text) : NULL;
		lens[f] = cf->text.len;
	}
	for (int f = 0; f < SF_COUNT; f++) {
		struct cfile *cf = &c->f[f];
		cf->readable = false;
		if (!texts[f] || merge_hunks_read(texts[f], lens[f], &cf->h) <= 0)
			continue;
		struct diags d = DIAGS_INIT;
		cf->readable = merge_points_read((enum store_file_id)f, cf->path, texts[f], lens[f],
						 &cf->h, texts, lens, &cf->pts, &d) == 0;
		diags_clear(&d);
		if (cf->readable)
			c->total += cf->h.n;
	}
}

static void free_files(struct cstate *c)
{
	for (int f = 0; f < SF_COUNT; f++) {
		free(c->f[f].path);
		buf_release(&c->f[f].text);
		merge_hunks_free(&c->f[f].h);
		merge_points_free(&c->f[f].pts);
	}
	buf_release(&c->msg);
}

/* Conflict number `at` (from 0, over every file): its file and hunk. */
static bool find_conflict(const struct cstate *c, size_t at, int *file, size_t *hunk)
{
	for (int f = 0; f < SF_COUNT; f++) {
		if (!c->f[f].readable)
			continue;
		if (at < c->f[f].h.n) {
			*file = f;
			*hunk = at;
			return true;
		}
		at -= c->f[f].h.n;
	}
	return false;
}

/* Writes text s[0..n) line by line from row *y, each line clipped to the
 * screen, at most `max` lines and above row `bottom`. */
static void put_lines(int *y, int bottom, int indent, const char *s, size_t n, int max)
{
	struct buf line = BUF_INIT;
	int shown = 0;
	for (size_t at = 0; at < n && *y < bottom;) {
		const char *nl = memchr(s + at, '\n', n - at);
		size_t e = nl ? (size_t)(nl - s) : n;
		if (shown == max) {
			mvaddstr((*y)++, indent, "…");
			break;
		}
		buf_reset(&line);
		tw_clip_mark(s + at, e - at, COLS - indent > 1 ? COLS - indent : 1, &line);
		mvaddstr((*y)++, indent, buf_str(&line));
		shown++;
		at = nl ? e + 1 : n;
	}
	buf_release(&line);
}

static void draw(const struct cstate *c, size_t at)
{
	erase();
	int f;
	size_t h;
	if (!find_conflict(c, at, &f, &h))
		return;
	const struct cfile *cf = &c->f[f];
	const struct merge_hunk *x = &cf->h.v[h];
	int y = 0, bottom = LINES - 2;
	struct buf b = BUF_INIT;
	/* TRANSLATORS: "Conflict 1 of 2: changes.yaml, line 20" */
	buf_addf(&b, _("Conflict %zu of %zu: %s, line %u"), at + 1, c->total, cf->path, x->line);
	attron(A_BOLD);
	put_lines(&y, bottom, 0, buf_str(&b), b.len, 1);
	attroff(A_BOLD);
	y++;
	for (size_t i = 0; i < cf->pts.n; i++)
		if (cf->pts.v[i].hunk == h)
			put_lines(&y, bottom, 0, cf->pts.v[i].words, strlen(cf->pts.v[i].words), 2);
	int room = (LINES - y - 8) / 3;
	if (room < 1)
		room = 1;
	static const enum merge_side order[] = { MERGE_OURS, MERGE_BASE, MERGE_THEIRS };
	const char *heads[] = { _("o  ours:"), _("b  the base (before both):"), _("t  theirs:") };
	for (int s = 0; s < 3 && y < bottom; s++) {
		enum merge_side side = order[s];
		if (side == MERGE_BASE && !x->has_base)
			continue;
		y++;
		attron(A_BOLD);
		put_lines(&y, bottom, 0, heads[s], strlen(heads[s]), 1);
		attroff(A_BOLD);
		size_t from = x->from[side], to = x->to[side];
		if (from == to)
			put_lines(&y, bottom, 4, _("(nothing)"), strlen(_("(nothing)")), 1);
		else
			put_lines(&y, bottom, 4, cf->text.s + from, to - from, room);
	}
	int my = LINES - 2, ky = LINES - 1;
	if (c->msg.len)
		put_lines(&my, LINES - 1, 0, buf_str(&c->msg), c->msg.len, 1);
	const char *keys = _("o ours  t theirs  b base  n next  p previous  q quit (the conflicts stay)");
	put_lines(&ky, LINES, 0, keys, strlen(keys), 1);
	buf_release(&b);
	refresh();
}

/* Takes side s of conflict `at`: the file written with it, and staged
 * when none is left in it. */
static void take(struct cstate *c, size_t at, enum merge_side s)
{
	int f;
	size_t h;
	buf_reset(&c->msg);
	if (!find_conflict(c, at, &f, &h))
		return;
	struct cfile *cf = &c->f[f];
	const struct merge_hunk *x = &cf->h.v[h];
	if (s == MERGE_BASE && !x->has_base) {
		buf_adds(&c->msg, _("this conflict has no base's lines: take ours or theirs"));
		return;
	}
	struct buf out = BUF_INIT;
	buf_add(&out, cf->text.s, x->start);
	buf_add(&out, cf->text.s + x->from[s], x->to[s] - x->from[s]);
	buf_add(&out, cf->text.s + x->end, cf->text.len - x->end);
	if (sync_write_settled(c->dir, (enum store_file_id)f, cf->path, &out, &c->msg) < 0) {
		buf_release(&out);
		return;
	}
	buf_release(&out);
	read_files(c);
}

int tui_conflicts(const char *dir)
{
	struct cstate c;
	memset(&c, 0, sizeof(c));
	c.dir = dir;
	read_files(&c);
	if (!c.total) {
		free_files(&c);
		return 0;
	}
	/* a screen of its own, deleted after: the workbench's initscr then
	 * makes its own (initscr may be called once) */
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		free_files(&c);
		return -1;
	}
	set_term(scr);
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	size_t at = 0;
	int rc = 1;
	while (c.total) {
		if (at >= c.total)
			at = c.total - 1;
		draw(&c, at);
		int key = getch();
		switch (key) {
		case 'o': take(&c, at, MERGE_OURS); break;
		case 't': take(&c, at, MERGE_THEIRS); break;
		case 'b': take(&c, at, MERGE_BASE); break;
		case 'n': case 'j': case KEY_DOWN: case ' ':
			at = at + 1 < c.total ? at + 1 : at;
			break;
		case 'p': case 'k': case KEY_UP:
			at = at ? at - 1 : 0;
			break;
		case 'q': case 27: case 3:
			rc = 2;
			goto out;
		default:
			break;
		}
	}
out:
	endwin();
	delscreen(scr);
	if (rc == 2)
		fprintf(stderr, ngettext_("samplan: %zu conflict left: 'samplan check' lists it, "
					  "'samplan resolve' settles it\n",
					  "samplan: %zu conflicts left: 'samplan check' lists them, "
					  "'samplan resolve' settles them\n",
					  c.total),
			c.total);
	free_files(&c);
	return rc;
}
