/* cli.c — every command that does not open the full-screen workbench.
 * Commands are declared once, in the table at the end, from which the
 * usage text and `samplan help COMMAND` are made. */
#include "config.h"

#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "gitrun.h"
#include "export.h"
#include "history.h"
#include "i18n.h"
#include "ical.h"
#include "lock.h"
#include "merge.h"
#include "minutes.h"
#include "model.h"
#include "nfc.h"
#include "ops.h"
#include "plansource.h"
#include "print.h"
#include "report.h"
#include "session.h"
#include "store.h"
#include "sync.h"
#include "textwidth.h"
#include "tui.h"
#include "userconf.h"

struct cli {
	const char *dir; /* the plan directory */
	const char *prog;
	/* an edit's save found a plan file written by another program since
	 * it was read (or while it saved): the command runs again on the new
	 * files, this many times more at most */
	int retries_left;
};

/* A command's result when its save met another program's write and it
 * should run again on the new files (never an exit status). */
#define EXIT_RETRY (-1)
#define EDIT_RETRIES 3

struct command {
	const char *name;
	const char *args;    /* synopsis after the name */
	const char *summary; /* one line */
	const char *help;    /* the rest of `samplan help NAME` */
	int (*run)(struct cli *cli, int argc, char **argv);
};

static const struct command *find_command(const char *name);

/* gettext of "" is the catalogue's header, not "" */
static const char *tr(const char *s)
{
	return *s ? _(s) : s;
}
static void print_command_help(FILE *f, const struct command *c);

static void print_diags(const struct diags *d)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < d->n; i++) {
		buf_reset(&b);
		diag_format(&d->v[i], &b);
		fprintf(stderr, "%s\n", buf_str(&b));
	}
	buf_release(&b);
}

/* `msg` holds one %s, filled with `arg`. */
static int usage_error(const struct command *c, const char *msg, const char *arg)
{
	const char *at = strstr(msg, "%s");
	fprintf(stderr, "samplan: ");
	if (at)
		fprintf(stderr, "%.*s%s%s\n", (int)(at - msg), msg, arg, at + 2);
	else
		fprintf(stderr, "%s\n", msg);
	if (c)
		fprintf(stderr, _("Usage: samplan [-C DIR] %s %s\nTry 'samplan help %s'.\n"),
			c->name, tr(c->args), c->name);
	else
		fprintf(stderr, _("Try 'samplan --help'.\n"));
	return EXIT_USAGE;
}

/* Handles --help (and -h) for a command; true when it did. */
static bool wants_help(const struct command *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_command_help(stdout, c);
			return true;
		}
	}
	return false;
}

/* Takes out the first "--", which ends the options: what follows is an
 * id or an assignment even when it starts with '-' (an id "-h"). */
static void end_of_options(int *argc, char **argv)
{
	for (int i = 1; i < *argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof(*argv));
			(*argc)--;
			return;
		}
}

/* Says what was found when the plan was opened (a save that was cut off,
 * finished or undone). */
static void say_notice(const char *notice)
{
	if (notice && *notice)
		fprintf(stderr, "samplan: %s\n", notice);
}

static int load(struct cli *cli, struct plan **p, struct store **st)
{
	struct diags d = DIAGS_INIT;
	struct buf said = BUF_INIT;
	int rc = session_recover(cli->dir, false, &said, &d);
	say_notice(buf_str(&said));
	buf_release(&said);
	if (rc == 0)
		rc = store_load(cli->dir, p, st, &d);
	print_diags(&d);
	diags_clear(&d);
	return rc;
}

/* ---- check ------------------------------------------------------------ */

/* The plan's files as they are on disk now (absent: NULL text). */
struct plan_texts {
	struct buf t[SF_COUNT];
	const char *text[SF_COUNT];
	size_t len[SF_COUNT];
	char *path[SF_COUNT];
};


static void plan_texts_read(const char *dir, struct plan_texts *pt)
{
	for (int f = 0; f < SF_COUNT; f++) {
		pt->t[f] = (struct buf)BUF_INIT;
		pt->path[f] = strcmp(dir, ".") == 0 ? xstrdup(schema_files[f].name)
						    : xasprintf("%s/%s", dir, schema_files[f].name);
		bool ok = buf_read_file(&pt->t[f], pt->path[f], STORE_MAX_FILE_SIZE) == 0;
		pt->text[f] = ok ? buf_str(&pt->t[f]) : NULL;
		pt->len[f] = ok ? pt->t[f].len : 0;
	}
}

static void plan_texts_free(struct plan_texts *pt)
{
	for (int f = 0; f < SF_COUNT; f++) {
		buf_release(&pt->t[f]);
		free(pt->path[f]);
	}
}

/* Says the conflicts a merge left marked in the plan's files, by record
 * and field ("changes.yaml:41: F3 status: ours Pågår, theirs Klar, was Ej
 * påbörjad").  Returns how many were said (0: none, or none that reads). */
static size_t say_conflicts(const char *dir)
{
	struct plan_texts pt;
	plan_texts_read(dir, &pt);
	size_t n = 0;
	for (int f = 0; f < SF_COUNT; f++) {
		struct merge_hunks h;
		if (!pt.text[f] || merge_hunks_read(pt.text[f], pt.len[f], &h) <= 0)
			continue;
		struct merge_points pts;
		struct diags d = DIAGS_INIT;
		if (merge_points_read((enum store_file_id)f, pt.path[f], pt.text[f], pt.len[f], &h,
				      pt.text, pt.len, &pts, &d) == 0) {
			for (size_t i = 0; i < pts.n; i++)
				fprintf(stderr, "%s:%u:1: %s\n", pt.path[f], h.v[pts.v[i].hunk].line,
					pts.v[i].words);
			n += h.n;
			merge_points_free(&pts);
		}
		diags_clear(&d);
		merge_hunks_free(&h);
	}
	if (n)
		fprintf(stderr,
			ngettext_("samplan: %zu conflict to settle: 'samplan resolve --ours' or "
				  "'--theirs' takes one side, 'samplan resolve KIND:ID FIELD=VALUE' "
				  "sets a value\n",
				  "samplan: %zu conflicts to settle: 'samplan resolve --ours' or "
				  "'--theirs' takes one side, 'samplan resolve KIND:ID FIELD=VALUE' "
				  "sets a value\n",
				  n),
			n);
	plan_texts_free(&pt);
	return n;
}

/* A clone whose .gitattributes asks for samplan's merge driver, but
 * whose own config (which git does not share) lacks it, merges the plan
 * by lines: says so, and how to change it. */
static void merge_driver_hint(const char *dir)
{
	char *path = xasprintf("%s/.gitattributes", dir);
	struct buf attr = BUF_INIT;
	bool asks = buf_read_file(&attr, path, STORE_MAX_FILE_SIZE) == 0 && strstr(buf_str(&attr), "merge=samplan");
	if (asks && git_available() && !history_has_merge_driver(dir))
		fprintf(stderr, "%s",
			_("samplan: this clone merges the plan's files by lines, as git's config is "
			  "not shared: run 'samplan git-setup' once to merge them by records and "
			  "fields\n"));
	buf_release(&attr);
	free(path);
}

static int cmd_check(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("check");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool quiet = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
			quiet = true;
		else
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
	}
	struct plan *p;
	struct store *st;
	/* a plan that does not load may hold a merge's conflicts: then they
	 * are said by record and field instead of its markers' lines (looked
	 * for only then: a valid plan is read once) */
	struct diags d = DIAGS_INIT;
	struct buf said = BUF_INIT;
	int rc = session_recover(cli->dir, false, &said, &d);
	say_notice(buf_str(&said));
	buf_release(&said);
	if (rc == 0)
		rc = store_load(cli->dir, &p, &st, &d);
	if (rc < 0 && !say_conflicts(cli->dir))
		print_diags(&d);
	diags_clear(&d);
	if (rc < 0)
		return EXIT_PROBLEM;
	/* warnings: said, but the plan is valid */
	struct diags w = DIAGS_INIT;
	store_warnings(st, p, &w);
	print_diags(&w);
	diags_clear(&w);
	merge_driver_hint(cli->dir);
	if (!quiet && plan_count(p, K_ACTIVITY))
		printf(ngettext_("%s: valid plan, %zu changes, %zu groups, %zu activity\n",
				 "%s: valid plan, %zu changes, %zu groups, %zu activities\n",
				 plan_count(p, K_ACTIVITY)),
		       strcmp(cli->dir, ".") == 0 ? "." : cli->dir, plan_count(p, K_CHANGE),
		       plan_count(p, K_GROUP), plan_count(p, K_ACTIVITY));
	else if (!quiet)
		printf(_("%s: valid plan, %zu changes, %zu groups\n"),
		       strcmp(cli->dir, ".") == 0 ? "." : cli->dir, plan_count(p, K_CHANGE), plan_count(p, K_GROUP));
	plan_free(&p);
	store_free(&st);
	return EXIT_OK;
}

/* ---- list ------------------------------------------------------------- */

/* ---- records on the command line: KIND:ID ------------------------------ */

/* The kind called `s` (its first `len` bytes), singular or plural as the
 * schema spells it ("group", "groups"); K_NONE when none. */
static enum kind kind_named(const char *s, size_t len)
{
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		size_t n = strlen(kd->name);
		if ((n == len && strncmp(kd->name, s, len) == 0) ||
		    (strlen(kd->words->plural) == len && strncmp(kd->words->plural, s, len) == 0) ||
		    (n + 1 == len && strncmp(kd->name, s, n) == 0 && s[n] == 's')) /* followups */
			return (enum kind)k;
	}
	return K_NONE;
}

static void list_kind_names(struct buf *out)
{
	for (int k = 0; k < K_COUNT; k++)
		buf_addf(out, "%s%s", k ? ", " : "", kind_of((enum kind)k)->name);
}

static void unknown_kind(const char *s, size_t len, struct buf *err)
{
	struct buf known = BUF_INIT;
	list_kind_names(&known);
	char *name = xstrndup(s, len);
	buf_addf(err, _("unknown kind of record '%s' (known: %s)"), name, buf_str(&known));
	free(name);
	buf_release(&known);
}

/* The usage error for a KIND argument (its first `len` bytes) that names
 * no kind of list (k is K_NONE, or the plan's own record). */
static int kind_arg_error(const struct command *c, const char *a, size_t len, enum kind k)
{
	struct buf b = BUF_INIT;
	if (k == K_NONE)
		unknown_kind(a, len, &b);
	else
		buf_adds(&b, _("the plan is one record: see 'samplan show plan'"));
	int rc = usage_error(c, "%s", buf_str(&b));
	buf_release(&b);
	return rc;
}

/* The kind a bare id belongs to by the prefix of its kind's numbered ids
 * ("A1" an activity, "F3" a change); a change when none fits. */
static enum kind kind_of_bare_id(const char *id)
{
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		size_t n = kd->id_prefix ? strlen(kd->id_prefix) : 0;
		if (kind_is_nested((enum kind)k) || kd->id_rule != ID_NUMBERED || !n ||
		    strncmp(id, kd->id_prefix, n) != 0 || !id[n] || strspn(id + n, "0123456789") != strlen(id + n))
			continue;
		return (enum kind)k;
	}
	return K_CHANGE;
}

/* Reads the address of a record: "KIND:ID", "KIND:PARENT/ID" for a
 * record inside a record, a bare id (by its kind's prefix: "F3" is
 * "change:F3", "A1" is "activity:A1") or "plan".  Fills *k and *id (in
 * `a`, "" for the plan); false with a message for an unknown kind. */
static bool parse_address(const char *a, enum kind *k, const char **id, struct buf *err)
{
	const char *colon = strchr(a, ':');
	*k = kind_of_bare_id(a);
	*id = a;
	if (colon) {
		*k = kind_named(a, (size_t)(colon - a));
		*id = colon + 1;
		if (*k == K_NONE) {
			unknown_kind(a, (size_t)(colon - a), err);
			return false;
		}
	} else if (strcmp(a, "plan") == 0) {
		*k = K_PLAN;
		*id = "";
	}
	return true;
}

/* The record `a` names (see parse_address), or NULL with a message. */
static void *find_address(const struct plan *p, const char *a, enum kind *k, const char **id,
			  struct buf *err)
{
	if (!parse_address(a, k, id, err))
		return NULL;
	if (*k == K_PLAN) {
		*id = "";
		return p->info;
	}
	void *r = plan_find(p, *k, *id);
	if (!r && kind_is_nested(*k) && !plan_path_parent(p, *k, *id, NULL)) {
		/* the parent's own words: "no activity with id 'A9'" */
		const struct kind_info *pd = kind_of(kind_of(*k)->parent);
		const char *slash = strrchr(*id, '/');
		char *head = slash ? xstrndup(*id, (size_t)(slash - *id)) : NULL;
		if (head)
			buf_addf_table(err, _(pd->words->no_such), head);
		else
			/* TRANSLATORS: "a follow-up is named with its activity: followup:A1/2025-soder" */
			buf_addf(err, _("a %s is named with its %s: %s:%s/ID"), _(kind_of(*k)->words->label),
				 _(pd->words->label), kind_of(*k)->name, pd->id_prefix ? pd->id_prefix : "PARENT");
		free(head);
	} else if (!r) {
		buf_addf_table(err, _(kind_of(*k)->words->no_such), *id);
	}
	return r;
}

/* The fields a kind has, for messages: "id, name, lead, ...". */
static void list_field_names(enum kind k, struct buf *out)
{
	for (int f = 0; f < kind_of(k)->nfields; f++)
		buf_addf(out, "%s%s", f ? ", " : "", kind_field(k, f)->name);
}

/* How plan and git text goes to `f`: marked where a terminal would act
 * on it (tw_escape), as it is into a pipe or a file. */
static unsigned out_how(FILE *f)
{
	static int tty[3] = { -1, -1, -1 }; /* asked once per stream */
	int fd = fileno(f);
	if (fd < 0 || fd > 2)
		return isatty(fd) ? TW_TERMINAL : 0;
	if (tty[fd] < 0)
		tty[fd] = isatty(fd);
	return tty[fd] ? TW_TERMINAL : 0;
}

/* Writes s[0..n) to f as tw_escape does with `how` and out_how(f). */
static void put_escaped(FILE *f, const char *s, size_t n, unsigned how)
{
	struct buf b = BUF_INIT;
	tw_escape(s, n, how | out_how(f), &b);
	fwrite(b.s ? b.s : "", 1, b.len, f);
	buf_release(&b);
}

/* Writes a value for tab-separated output: a tab, a line break and a
 * backslash are written as \t, \n and \\, so that one record stays one
 * line of tab-separated fields; other control characters as \xHH; on a
 * terminal, format characters marked. */
static void put_field(FILE *f, const char *s)
{
	put_escaped(f, s, strlen(s), TW_FIELD);
}

/* A field's value as one tab-separated column: lists comma-separated,
 * `empty` for an empty list. */
static void put_value(FILE *f, enum kind k, const void *r, int field, const char *empty)
{
	const struct field *fd = kind_field(k, field);
	if (field_is_list(fd) && rec_list_len(r, k, field) == 0) {
		fputs(empty, f);
		return;
	}
	struct buf b = BUF_INIT;
	rec_format(r, k, field, ",", &b);
	put_field(f, buf_str(&b));
	buf_release(&b);
}

static int flush_stdout(const char *what)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* TRANSLATORS: %s is e.g. "the list" */
		fprintf(stderr, _("samplan: cannot write %s: %s\n"), what, strerror(errno));
		return EXIT_PROBLEM;
	}
	return EXIT_OK;
}

/* ---- show --------------------------------------------------------------- */

static int cmd_show(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("show");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	end_of_options(&argc, argv);
	if (argc != 2)
		return usage_error(c, "%s", argc < 2 ? _("missing the record (KIND:ID)") : _("too many arguments"));
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	struct buf err = BUF_INIT;
	enum kind k;
	const char *id;
	const void *r = find_address(p, argv[1], &k, &id, &err);
	int rc = EXIT_OK;
	if (!r) {
		fprintf(stderr, "samplan: %s\n", buf_str(&err));
		rc = EXIT_PROBLEM;
	}
	for (int f = 0; r && f < kind_of(k)->nfields; f++) {
		printf("%s\t", kind_field(k, f)->name);
		put_value(stdout, k, r, f, "");
		putchar('\n');
	}
	buf_release(&err);
	plan_free(&p);
	store_free(&st);
	return rc == EXIT_OK ? flush_stdout(_("the record")) : rc;
}

/* ---- list ------------------------------------------------------------- */

/* The changes a group is responsible for, "F1,F4", or "-". */
static void put_group_changes(const struct plan *p, const char *id)
{
	size_t n = 0;
	for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
		const struct change *ch = plan_change(p, i);
		if (strlist_contains(&ch->groups, id))
			printf("%s%s", n++ ? "," : "", ch->id);
	}
	if (!n)
		putchar('-');
}

/* A filter of `list`: --FIELD=VALUE. */
struct filter {
	int field;
	const char *value;
};

/* Whether record r of kind k passes every filter: the field holds the
 * value (a status by its key or label, in any case), or its list holds
 * it as an item. */
static bool passes(const struct plan *p, enum kind k, const void *r, const struct filter *fl,
		   size_t nfl)
{
	for (size_t i = 0; i < nfl; i++) {
		const struct field *fd = kind_field(k, fl[i].field);
		const char *want = fl[i].value;
		if (fd->type == FT_REF && fd->ref == K_STATUS) {
			const struct status *st = plan_status_by_word(p, want);
			if (st)
				want = st->key;
		}
		if (field_is_list(fd)) {
			if (!rec_list_contains(r, k, fl[i].field, want))
				return false;
			continue;
		}
		struct buf v = BUF_INIT;
		rec_format(r, k, fl[i].field, ",", &v);
		bool same = strcmp(buf_str(&v), want) == 0;
		buf_release(&v);
		if (!same)
			return false;
	}
	return true;
}

/* `list KIND` for a kind other than changes: groups as id, name, lead,
 * members, changes; every other kind as its fields in the schema's order,
 * a record inside a record after its path (A1/2025-soder).  `parent`:
 * only the records inside it; the filters: only those that pass. */
static void list_records(const struct plan *p, enum kind k, const void *parent,
			 const struct filter *fl, size_t nfl)
{
	struct rec_iter it;
	for (const void *r = rec_iter_first(&it, p, k); r; r = rec_iter_next(&it)) {
		if ((parent && rec_head((void *)r)->parent != parent) || !passes(p, k, r, fl, nfl))
			continue;
		if (kind_is_nested(k)) {
			struct buf path = BUF_INIT;
			rec_path(k, r, &path);
			put_field(stdout, buf_str(&path));
			putchar('\t');
			buf_release(&path);
		}
		if (k == K_GROUP) {
			const struct group *g = r;
			static const int cols[] = { GF_ID, GF_NAME, GF_LEAD, GF_MEMBERS };
			for (size_t c = 0; c < sizeof(cols) / sizeof(*cols); c++) {
				put_value(stdout, k, r, cols[c], "-");
				putchar('\t');
			}
			put_group_changes(p, g->id);
		} else {
			for (int f = 0; f < kind_of(k)->nfields; f++) {
				if (f)
					putchar('\t');
				put_value(stdout, k, r, f, "-");
			}
		}
		putchar('\n');
	}
}

static int cmd_list(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("list");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	const char *status = NULL, *group = NULL;
	bool prio = false;
	int prio_year = 0;
	bool prio_default = false;
	enum kind kind = K_CHANGE;
	const char *parent = NULL;
	struct filter fl[16];
	size_t nfl = 0;
	/* the kind first: its fields are the filters */
	if (argc > 1 && argv[1][0] != '-') {
		const char *colon = strchr(argv[1], ':');
		size_t len = colon ? (size_t)(colon - argv[1]) : strlen(argv[1]);
		kind = kind_named(argv[1], len);
		parent = colon && colon[1] ? colon + 1 : NULL;
		if (kind != K_NONE && parent && !kind_is_nested(kind)) {
			struct buf b = BUF_INIT;
			/* TRANSLATORS: "a group is not inside another record: list group" */
			buf_addf(&b, _("a %s is not inside another record: list %s"),
				 _(kind_of(kind)->words->label), kind_of(kind)->name);
			int rc = usage_error(c, "%s", buf_str(&b));
			buf_release(&b);
			return rc;
		}
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (kind != K_CHANGE && kind != K_NONE && strncmp(a, "--", 2) == 0 && strchr(a, '=')) {
			/* --FIELD=VALUE, any field of the kind */
			const char *eq = strchr(a, '=');
			char *name = xstrndup(a + 2, (size_t)(eq - a - 2));
			int f = kind_field_from_name(kind, name);
			free(name);
			if (f < 0 || nfl == sizeof(fl) / sizeof(*fl)) {
				struct buf known = BUF_INIT, b = BUF_INIT;
				list_field_names(kind, &known);
				/* TRANSLATORS: "unknown filter '--x=1' (the fields of a group: id, ...)" */
				buf_addf(&b, _("unknown filter '%s' (the fields of a %s: %s)"), a,
					 _(kind_of(kind)->words->label), buf_str(&known));
				int rc = usage_error(c, "%s", buf_str(&b));
				buf_release(&known);
				buf_release(&b);
				return rc;
			}
			fl[nfl++] = (struct filter){ f, eq + 1 };
		} else if (strcmp(a, "--prioritised") == 0 || strcmp(a, "-p") == 0) {
			prio = prio_default = true;
		} else if (strncmp(a, "--prioritised=", 14) == 0) {
			prio = true;
			if (!parse_year(a + 14, &prio_year))
				return usage_error(c, _("'%s' is not a year"), a + 14);
		} else if (strncmp(a, "--status=", 9) == 0) {
			status = a + 9;
		} else if (strncmp(a, "--group=", 8) == 0) {
			group = a + 8;
		} else if (i == 1 && a[0] != '-') {
			if (kind == K_NONE || kind == K_PLAN)
				return kind_arg_error(c, a, strcspn(a, ":"), kind);
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
	}
	if (kind != K_CHANGE && prio)
		return usage_error(c, "%s", _("--prioritised is a filter of changes"));
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	int rc = EXIT_OK;
	const void *in = NULL;
	if (parent && !(in = plan_find(p, kind_of(kind)->parent, parent))) {
		struct buf b = BUF_INIT;
		buf_addf_table(&b, _(kind_of(kind_of(kind)->parent)->words->no_such), parent);
		fprintf(stderr, "samplan: %s\n", buf_str(&b));
		buf_release(&b);
		plan_free(&p);
		store_free(&st);
		return EXIT_PROBLEM;
	}
	if (prio_default)
		prio_year = p->info->focus_year;
	const struct status *want = status ? plan_status_by_word(p, status) : NULL;
	if (status && !want) {
		struct buf b = BUF_INIT;
		plan_list_ids(p, K_STATUS, &b);
		fprintf(stderr, _("samplan: unknown status '%s' (known: %s)\n"), status, buf_str(&b));
		buf_release(&b);
		rc = EXIT_PROBLEM;
	} else if (group && strcmp(group, "-") != 0 && !plan_find_group(p, group)) {
		struct buf b = BUF_INIT;
		plan_list_ids(p, K_GROUP, &b);
		fprintf(stderr, _("samplan: unknown group '%s' (known: %s)\n"), group, buf_str(&b));
		buf_release(&b);
		rc = EXIT_PROBLEM;
	} else if (kind != K_CHANGE) {
		list_records(p, kind, in, fl, nfl);
	} else {
		for (size_t i = 0; i < plan_count(p, K_CHANGE); i++) {
			const struct change *ch = plan_change(p, i);
			if (prio && !change_is_prioritised(ch, prio_year))
				continue;
			if (want && strcmp(ch->status, want->key) != 0)
				continue;
			if (group && strcmp(group, "-") == 0 && ch->groups.n)
				continue;
			if (group && strcmp(group, "-") != 0 && !strlist_contains(&ch->groups, group))
				continue;
			static const int cols[] = { CF_ID, CF_STATUS, CF_PRIORITY, CF_GROUPS, CF_TEXT };
			for (size_t k = 0; k < sizeof(cols) / sizeof(*cols); k++) {
				if (k)
					putchar('\t');
				put_value(stdout, K_CHANGE, ch, cols[k], "-");
			}
			putchar('\n');
		}
	}
	plan_free(&p);
	store_free(&st);
	return rc == EXIT_OK ? flush_stdout(_("the list")) : rc;
}

/* ---- edits: set, add, delete, move ------------------------------------ */

/* A command-line edit: its ops are applied one by one through a session
 * (no journal: the command saves before it exits); on any problem nothing
 * is saved. */
struct edit_session {
	const char *dir;
	bool force; /* --force: save even while a workbench holds the lock */
	int retries_left; /* see struct cli */
	struct session s;
};

static int push_op(struct edit_session *es, struct op *op, struct buf *err)
{
	/* an op that changes nothing (already so) is neither done nor said */
	return session_apply(&es->s, op, err, NULL) < 0 ? -1 : 0;
}

static void session_end(struct edit_session *es)
{
	session_close(&es->s);
}

/* After a save, when the user's settings ask for it: commits the plan's
 * files with the generated message.  The save stands whatever happens. */
static int auto_commit(struct edit_session *es)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	int r = session_auto_commit(&es->s, &out, &err);
	if (r < 0)
		fprintf(stderr, _("samplan: saved, but not committed: %s\n"), buf_str(&err));
	else if (r > 0) { /* git's report quotes the subject */
		buf_addc(&out, '\n');
		put_escaped(stdout, out.s, out.len, 0);
	}
	buf_release(&out);
	buf_release(&err);
	return r < 0 ? EXIT_PROBLEM : EXIT_OK;
}

/* Takes `flag` ("--force") out of a command's arguments (before "--");
 * true when it was there. */
static bool take_flag(int *argc, char **argv, const char *flag)
{
	bool found = false;
	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], flag) == 0) {
			/* argv[*argc] is NULL and moves along */
			memmove(argv + i, argv + i + 1, (size_t)(*argc - i) * sizeof(*argv));
			(*argc)--;
			i--;
			found = true;
		}
	}
	return found;
}

/* One writer: while a workbench has the plan open for editing (its lock),
 * an edit from the command line is refused, naming who holds it; with
 * --force it is saved all the same (the workbench then finds the file
 * changed underneath when it saves, and offers to reload). */
static bool refused_by_lock(const struct edit_session *es)
{
	struct lock_info holder;
	if (es->force || lock_holder(es->dir, &holder) != 1)
		return false;
	struct buf b = BUF_INIT;
	lock_info_describe(&holder, &b);
	fprintf(stderr, _("samplan: not saved: the plan is %s; save your edit there, or run again with --force\n"),
		buf_str(&b));
	buf_release(&b);
	lock_info_clear(&holder);
	return true;
}

/* Saves and reports each op, one line each: on stdout, or (`id_out`, for
 * add) on standard error, with the new record's id alone on stdout for
 * scripts. */
static int save_edit(struct edit_session *es, bool id_out)
{
	struct diags d = DIAGS_INIT;
	int written = 0;
	const struct op *ops = es->s.ops;
	size_t nops = es->s.nundo;
	if (nops && refused_by_lock(es))
		return EXIT_PROBLEM;
	enum session_saved saved = session_save(&es->s, &written, &d, NULL);
	if (saved == SAVE_REFUSED) {
		/* another program wrote a plan file: its version stays, and the
		 * edit is made again on top of it */
		if (es->retries_left > 0 && store_first_changed(es->s.st) != SF_COUNT) {
			diags_clear(&d);
			return EXIT_RETRY;
		}
		print_diags(&d);
		diags_clear(&d);
		return EXIT_PROBLEM;
	}
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < nops;) {
		buf_reset(&b);
		i += op_describe_at(es->s.p, ops, nops, i, &b);
		buf_addc(&b, '\n');
		put_escaped(id_out ? stderr : stdout, b.s, b.len, 0);
	}
	/* an activity left with its period backwards: said, as check says it */
	for (size_t i = 0; i < nops; i++) {
		const struct activity *a =
			ops[i].rk == K_ACTIVITY ? plan_find(es->s.p, K_ACTIVITY, ops[i].id) : NULL;
		if (a && activity_period_reversed(a)) {
			buf_reset(&b);
			buf_addf(&b, _("warning: the period of %s ends before it starts (%s to %s)"),
				 a->id, a->period_from, a->period_to);
			fflush(stdout); /* after the lines of the edit */
			fprintf(stderr, "samplan: ");
			put_escaped(stderr, b.s, b.len, 0);
			fputc('\n', stderr);
			break;
		}
	}
	if (id_out && nops && ops[0].kind == OP_ADD) {
		/* what names it on the command line: its id, or KIND:PATH for
		 * a record inside a record */
		enum kind k = ops[0].rk;
		if (kind_is_nested(k))
			printf("%s:%s\n", kind_of(k)->name, ops[0].id);
		else
			printf("%s\n", ops[0].id);
	}
	if (!written)
		printf(_("(nothing to save: the plan already says so)\n"));
	buf_release(&b);
	if (saved == SAVE_NOT_REREAD) {
		fprintf(stderr, "%s\n", _("samplan: saved, but the files do not read back as saved:"));
		print_diags(&d);
		diags_clear(&d);
		return EXIT_PROBLEM;
	}
	diags_clear(&d);
	return written ? auto_commit(es) : EXIT_OK;
}

/* FIELD=A,B (the whole list) of record k:id, as op_make_list makes it. */
static int set_list(struct edit_session *es, enum kind k, const char *id, int f, char *value,
		    struct buf *err)
{
	char **items;
	size_t n = split_list(value, &items);
	struct oplist ops = OPLIST_INIT;
	int rc = op_make_list(es->s.p, k, id, f, (const char *const *)items, n, &ops, err);
	for (size_t i = 0; i < ops.n && rc == 0; i++)
		rc = push_op(es, &ops.v[i], err);
	oplist_clear(&ops);
	free(items);
	return rc;
}

/* Splits FIELD=VALUE; returns the field of kind k, or -1 with a message
 * (and *usage set: wrong usage rather than a wrong value). */
static int assignment_field(enum kind k, const char *arg, char **value, struct buf *err)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg) {
		buf_addf(err, _("expected FIELD=VALUE, got '%s'"), arg);
		return -1;
	}
	char *name = xstrndup(arg, (size_t)(eq - arg));
	int f = kind_field_from_name(k, name);
	if (f < 0) {
		struct buf known = BUF_INIT;
		list_field_names(k, &known);
		/* TRANSLATORS: "unknown field 'x' of a group (known: id, name, ...)" */
		buf_addf(err, _("unknown field '%s' of a %s (known: %s)"), name,
			 _(kind_of(k)->words->label), buf_str(&known));
		buf_release(&known);
	}
	free(name);
	*value = nfc_dup(eq + 1); /* composed, as the files are written: see nfc.h */
	return f;
}

/* Applies FIELD=VALUE assignments to record k:id, in order.  A list field
 * takes the whole list (A,B), +ITEM or -ITEM.  Setting the id renames the
 * record: what follows applies to it under its new id. */
static int apply_assignments(struct edit_session *es, enum kind k, const char *id, int argc,
			     char **argv, struct buf *err)
{
	char *cur = xstrdup(id);
	const void *r = plan_find(es->s.p, k, id);
	int rc = EXIT_OK;
	for (int i = 0; i < argc && rc == EXIT_OK; i++) {
		char *value = NULL;
		int f = assignment_field(k, argv[i], &value, err);
		struct op op;
		if (f < 0) {
			rc = EXIT_USAGE;
		} else if (!field_is_list(kind_field(k, f))) {
			if (op_make_set(es->s.p, k, cur, f, value, &op, err) < 0 || push_op(es, &op, err) < 0) {
				rc = EXIT_PROBLEM;
			} else if (r) {
				/* a new id (or a field it is made of): the path follows */
				struct buf path = BUF_INIT;
				rec_path(k, r, &path);
				free(cur);
				cur = buf_detach(&path);
			}
		} else if (value[0] == '+' || value[0] == '-') {
			if (op_make_item(es->s.p, k, cur, f, value + 1, value[0] == '+', &op, err) < 0 ||
			    push_op(es, &op, err) < 0)
				rc = EXIT_PROBLEM;
		} else if (set_list(es, k, cur, f, value, err) < 0) {
			rc = EXIT_PROBLEM;
		}
		free(value);
	}
	free(cur);
	return rc;
}

static int finish_edit(struct edit_session *es, int rc, struct buf *err, bool id_out)
{
	if (rc != EXIT_OK) {
		fprintf(stderr, "samplan: %s\n", buf_str(err));
		if (rc == EXIT_PROBLEM)
			fprintf(stderr, _("samplan: nothing was written\n"));
	} else {
		rc = save_edit(es, id_out);
	}
	buf_release(err);
	session_end(es);
	return rc;
}

static int begin_edit(struct cli *cli, struct edit_session *es, bool force)
{
	*es = (struct edit_session){ .dir = cli->dir, .force = force,
				     .retries_left = cli->retries_left };
	struct diags d = DIAGS_INIT;
	int rc = session_open(&es->s, cli->dir, true, &d);
	print_diags(&d);
	diags_clear(&d);
	if (rc == 0)
		say_notice(es->s.notice);
	return rc;
}

static int cmd_set(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("set");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool force = take_flag(&argc, argv, "--force");
	end_of_options(&argc, argv);
	if (argc < 3)
		return usage_error(c, "%s", argc < 2 ? _("missing the record (KIND:ID)") : _("missing FIELD=VALUE"));
	struct edit_session es;
	if (begin_edit(cli, &es, force) < 0)
		return EXIT_PROBLEM;
	struct buf err = BUF_INIT;
	int rc = EXIT_OK;
	enum kind k;
	const char *id;
	if (!find_address(es.s.p, argv[1], &k, &id, &err))
		rc = EXIT_PROBLEM;
	else
		rc = apply_assignments(&es, k, id, argc - 2, argv + 2, &err);
	return finish_edit(&es, rc, &err, false);
}

/* `add KIND[:PARENT] FIELD=VALUE...`: a new record made of the
 * assignments, inside the record `parent` names for a nested kind. */
static int add_record(struct edit_session *es, enum kind k, const char *parent, int argc,
		      char **argv, struct buf *err)
{
	void *rec = op_new_record(es->s.p, k);
	if (parent && kind_is_nested(k)) {
		void *pr = plan_find(es->s.p, kind_of(k)->parent, parent);
		if (!pr) {
			buf_addf_table(err, _(kind_of(kind_of(k)->parent)->words->no_such), parent);
			return EXIT_PROBLEM;
		}
		rec_head(rec)->parent = pr;
	} else if (parent) {
		/* TRANSLATORS: "a group is not inside another record: add group ..." */
		buf_addf(err, _("a %s is not inside another record: add %s ..."),
			 _(kind_of(k)->words->label), kind_of(k)->name);
		return EXIT_USAGE;
	}
	for (int i = 0; i < argc; i++) {
		char *value = NULL;
		int f = assignment_field(k, argv[i], &value, err);
		int rc = f < 0 ? EXIT_USAGE : EXIT_OK;
		if (f >= 0 && op_record_set(es->s.p, k, rec, f, value, err) < 0)
			rc = EXIT_PROBLEM;
		free(value);
		if (rc != EXIT_OK)
			return rc;
	}
	struct op op;
	if (op_make_add(es->s.p, k, (size_t)-1, rec, &op, err) < 0 || push_op(es, &op, err) < 0)
		return EXIT_PROBLEM;
	return EXIT_OK;
}

/* The edit distance of two short words, case aside (a letter added,
 * dropped, changed or two swapped count one each), at most 9. */
static size_t word_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	if (na > 16 || nb > 16)
		return 9;
	size_t d[17][17];
	for (size_t i = 0; i <= na; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= nb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= na; i++)
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			size_t best = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
			    d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[na][nb] < 9 ? d[na][nb] : 9;
}

/* The kind whose name `word` is a slip of ("gruop", "Change"), or K_NONE. */
static enum kind kind_near(const char *word)
{
	if (strlen(word) < 4 || strpbrk(word, " \t\n"))
		return K_NONE;
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		if (word_distance(word, kd->name) <= 2 || word_distance(word, kd->words->plural) <= 2)
			return (enum kind)k;
	}
	return K_NONE;
}

/* Whether `arg` is FIELD=VALUE for a field of kind k. */
static bool is_assignment(enum kind k, const char *arg)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return false;
	char *name = xstrndup(arg, (size_t)(eq - arg));
	bool is = kind_field_from_name(k, name) >= 0;
	free(name);
	return is;
}

static int cmd_add(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("add");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool force = take_flag(&argc, argv, "--force");
	end_of_options(&argc, argv);
	if (argc < 2)
		return usage_error(c, "%s", _("missing the text of the change, or KIND FIELD=VALUE..."));
	/* `add text=... status=...`: a change, every field given as such;
	 * `add followup:A1 ...`: a record inside the record A1 */
	int first = 2;
	const char *colon = strchr(argv[1], ':');
	const char *parent = colon && colon[1] ? colon + 1 : NULL;
	enum kind k = kind_named(argv[1], colon ? (size_t)(colon - argv[1]) : strlen(argv[1]));
	if (colon && k == K_NONE) {
		struct buf b = BUF_INIT;
		unknown_kind(argv[1], (size_t)(colon - argv[1]), &b);
		int rc = usage_error(c, "%s", buf_str(&b));
		buf_release(&b);
		return rc;
	}
	if (is_assignment(K_CHANGE, argv[1])) {
		k = K_CHANGE;
		first = 1;
	}
	if (k == K_PLAN)
		return usage_error(c, "%s", _("the plan is one record: change its fields with 'samplan set plan'"));
	if (k == K_NONE) {
		/* TEXT and text= at once, or a slip of a kind's name, is a
		 * mistake: nothing is added */
		for (int i = 2; i < argc; i++)
			if (strncmp(argv[i], "text=", 5) == 0) {
				struct buf known = BUF_INIT, msg = BUF_INIT;
				list_kind_names(&known);
				buf_addf(&msg, _("the change's text is given twice ('%s' and %s); to add another kind of record, name it first (known: %s)"),
					 argv[1], argv[i], buf_str(&known));
				int rc = usage_error(c, "%s", buf_str(&msg));
				buf_release(&known);
				buf_release(&msg);
				return rc;
			}
		enum kind near = kind_near(argv[1]);
		if (near != K_NONE) {
			struct buf known = BUF_INIT, msg = BUF_INIT;
			list_kind_names(&known);
			buf_addf(&msg, _("'%s' is not a kind of record: did you mean '%s'? (known: %s); a change whose text is this one word: add text=%s"),
				 argv[1], kind_of(near)->name, buf_str(&known), argv[1]);
			int rc = usage_error(c, "%s", buf_str(&msg));
			buf_release(&known);
			buf_release(&msg);
			return rc;
		}
	}
	struct edit_session es;
	if (begin_edit(cli, &es, force) < 0)
		return EXIT_PROBLEM;
	struct buf err = BUF_INIT;
	int rc = EXIT_OK;
	if (k == K_NONE || kind_of(k)->id_rule == ID_NUMBERED)
		history_reserve_ids(cli->dir, es.s.p);
	if (k != K_NONE) {
		rc = add_record(&es, k, parent, argc - first, argv + first, &err);
	} else {
		struct op op;
		char *text = nfc_dup(argv[1]);
		if (op_make_add_change(es.s.p, plan_count(es.s.p, K_CHANGE), text, &op, &err) < 0 ||
		    push_op(&es, &op, &err) < 0)
			rc = EXIT_PROBLEM;
		else
			rc = apply_assignments(&es, K_CHANGE, es.s.ops[0].id, argc - 2, argv + 2, &err);
		free(text);
	}
	return finish_edit(&es, rc, &err, true);
}

/* Collects what refers to a record, for --unassign. */
struct referrers {
	struct referrer {
		enum kind rk;
		void *rec;
		int field;
	} *v;
	size_t n;
};

static void collect_referrer(void *ctx, enum kind rk, void *rec, int field)
{
	struct referrers *l = ctx;
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = (struct referrer){ rk, rec, field };
}

/* Unassigns record k:id from every list that names it (a change's groups,
 * effects); a field that must name one record (a change's status) stays,
 * and the delete then says so. */
static int unassign(struct edit_session *es, enum kind k, const char *id, struct buf *err)
{
	struct referrers l = { 0 };
	op_referrers(es->s.p, k, id, collect_referrer, &l);
	int rc = 0;
	for (size_t i = 0; i < l.n && rc == 0; i++) {
		struct op op;
		if (!field_is_list(kind_field(l.v[i].rk, l.v[i].field)))
			continue;
		struct buf path = BUF_INIT;
		rec_path(l.v[i].rk, l.v[i].rec, &path);
		if (op_make_item(es->s.p, l.v[i].rk, buf_str(&path), l.v[i].field, id, false, &op,
				 err) < 0 ||
		    push_op(es, &op, err) < 0)
			rc = -1;
		buf_release(&path);
	}
	free(l.v);
	return rc;
}

static int cmd_delete(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("delete");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool force = take_flag(&argc, argv, "--force");
	end_of_options(&argc, argv);
	bool unassign_all = take_flag(&argc, argv, "--unassign");
	if (argc != 2)
		return usage_error(c, "%s", argc < 2 ? _("missing the record (KIND:ID)") : _("too many arguments"));
	struct edit_session es;
	if (begin_edit(cli, &es, force) < 0)
		return EXIT_PROBLEM;
	struct buf err = BUF_INIT;
	struct op op;
	int rc = EXIT_OK;
	enum kind k;
	const char *id;
	if (!find_address(es.s.p, argv[1], &k, &id, &err) ||
	    (unassign_all && unassign(&es, k, id, &err) < 0) ||
	    op_make_delete(es.s.p, k, id, &op, &err) < 0 || push_op(&es, &op, &err) < 0)
		rc = EXIT_PROBLEM;
	else
		for (size_t i = 1; i < es.s.nundo; i++)
			es.s.ops[i].joined = true; /* one edit: undone together */
	return finish_edit(&es, rc, &err, false);
}

static int cmd_move(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("move");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool force = take_flag(&argc, argv, "--force");
	end_of_options(&argc, argv);
	if (argc != 3 || (strcmp(argv[2], "up") != 0 && strcmp(argv[2], "down") != 0))
		return usage_error(c, "%s", _("expected a record (KIND:ID) and 'up' or 'down'"));
	struct edit_session es;
	if (begin_edit(cli, &es, force) < 0)
		return EXIT_PROBLEM;
	struct buf err = BUF_INIT;
	struct op op;
	int rc = EXIT_OK;
	enum kind k;
	const char *id;
	int delta = strcmp(argv[2], "up") == 0 ? -1 : 1;
	if (!find_address(es.s.p, argv[1], &k, &id, &err)) {
		rc = EXIT_PROBLEM;
	} else if (k == K_POINT) {
		/* the numbers keep the order: what the point holds moves */
		struct oplist ops = OPLIST_INIT;
		if (op_make_point_move(es.s.p, id, delta, &ops, &err) < 0)
			rc = EXIT_PROBLEM;
		for (size_t i = 0; i < ops.n && rc == EXIT_OK; i++)
			if (push_op(&es, &ops.v[i], &err) < 0)
				rc = EXIT_PROBLEM;
		oplist_clear(&ops);
	} else if (op_make_move(es.s.p, k, id, delta, &op, &err) < 0 || push_op(&es, &op, &err) < 0) {
		rc = EXIT_PROBLEM;
	}
	return finish_edit(&es, rc, &err, false);
}

/* ---- init ------------------------------------------------------------- */

/* The shipped example plan: in SAMPLAN_DATADIR when set, else where
 * `make install` put it, else (a build not installed yet) in the source
 * tree it was built from. */
static const char *example_dir(void)
{
	const char *env = getenv("SAMPLAN_DATADIR");
	static char path[4096];
	snprintf(path, sizeof(path), "%s/orebro-2025", env && *env ? env : PKGDATADIR);
	if (!(env && *env) && access(path, R_OK) != 0) {
		char src[4096];
		snprintf(src, sizeof(src), "%s/orebro-2025", SRCDATADIR);
		if (access(src, R_OK) == 0)
			snprintf(path, sizeof(path), "%s", src);
	}
	return path;
}

static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	if (!in)
		return -1;
	struct buf b = BUF_INIT;
	char tmp[8192];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), in)) > 0)
		buf_add(&b, tmp, n);
	int rc = ferror(in) ? -1 : 0;
	fclose(in);
	if (rc == 0)
		rc = write_file_atomic(to, buf_str(&b), b.len);
	buf_release(&b);
	return rc;
}

static int cmd_init(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("init");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool no_git = false;
	const char *dir = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-git") == 0)
			no_git = true;
		else if (!dir)
			dir = argv[i];
		else
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
	}
	if (!dir)
		return usage_error(c, "%s", _("missing the directory to create"));
	const char *src = example_dir();
	for (int i = 0; i < SF_COUNT; i++) {
		char *to = xasprintf("%s/%s", dir, schema_files[i].name);
		bool exists = access(to, F_OK) == 0;
		free(to);
		if (exists) {
			fprintf(stderr, _("samplan: %s already holds a plan (%s); nothing was written\n"),
				dir, schema_files[i].name);
			return EXIT_PROBLEM;
		}
	}
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, _("samplan: cannot create %s: %s\n"), dir, strerror(errno));
		return EXIT_PROBLEM;
	}
	for (int i = 0; i < SF_COUNT; i++) {
		char *from = xasprintf("%s/%s", src, schema_files[i].name);
		char *to = xasprintf("%s/%s", dir, schema_files[i].name);
		/* an optional file the example lacks is not made */
		int rc = schema_files[i].required || access(from, F_OK) == 0 ? copy_file(from, to) : 0;
		if (rc < 0)
			fprintf(stderr, _("samplan: cannot copy %s to %s: %s\n"), from, to,
				strerror(errno));
		free(from);
		free(to);
		if (rc < 0)
			return EXIT_PROBLEM;
	}
	printf(_("created the plan %s from the example plan\n"), dir);
	(void)cli;
	if (no_git || !git_available() || git_inside_work_tree(dir))
		return EXIT_OK;
	struct buf err = BUF_INIT;
	const char *init_args[] = { "init", "-q", NULL };
	const char *add_args[4 + SF_COUNT];
	history_with_files(dir, add_args, (const char *[]){ "add", "--", NULL });
	const char *commit_args[] = { "commit", "-q", "-m",
				      "Samverkansplan: ny plan från exemplet", NULL };
	const char *attr_args[] = { "add", "--", ".gitattributes", NULL };
	struct buf said = BUF_INIT;
	if (git_run(dir, init_args, NULL, &err) != 0 || history_git_setup(dir, &said, &err) < 0 ||
	    git_run(dir, add_args, NULL, &err) != 0 || git_run(dir, attr_args, NULL, &err) != 0 ||
	    git_run(dir, commit_args, NULL, &err) != 0) {
		buf_release(&said);
		fprintf(stderr, _("samplan: the plan was created, but git could not commit it:\n%s"),
			buf_str(&err));
		buf_release(&err);
		return EXIT_OK;
	}
	printf(_("made it a git repository with a first commit; git merges the plan's files by records and fields\n"));
	buf_release(&said);
	buf_release(&err);
	return EXIT_OK;
}

/* ---- merge-file, git-setup ------------------------------------------------ */

/* The plan file that `path` is by its name ("data/changes.yaml"), or
 * SF_COUNT. */
static enum store_file_id plan_file_named(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	for (int f = 0; f < SF_COUNT; f++)
		if (strcmp(name, schema_files[f].name) == 0)
			return (enum store_file_id)f;
	return SF_COUNT;
}

/* git's own line merge of the three files into `ours`: 0 merged, 1
 * conflicts left (marked in the file), 2 when git cannot do it. */
static int line_merge(const char *marker_size, const char *const labels[3], const char *base,
		      const char *ours, const char *theirs)
{
	struct buf opt = BUF_INIT;
	buf_addf(&opt, "--marker-size=%s", marker_size ? marker_size : "7");
	const char *args[] = { "merge-file", buf_str(&opt), "-L", labels[1], "-L", labels[0],
			       "-L", labels[2], ours, base, theirs, NULL };
	int rc = git_run(".", args, NULL, NULL);
	buf_release(&opt);
	/* its status counts the conflicts, up to 127 (git_run's "cannot run"
	 * too: then the file is as it was, and git said so) */
	if (rc < 0 || rc >= 128) {
		fprintf(stderr, "%s", _("samplan: git merge-file could not merge the files\n"));
		return EXIT_USAGE;
	}
	return rc ? EXIT_PROBLEM : EXIT_OK;
}

/* Whether git (run in the current directory, as for a merge driver) is
 * in the middle of a rebase. */
static bool rebase_in_progress(void)
{
	static const char *const dirs[] = { "rebase-merge", "rebase-apply" };
	bool in = false;
	for (size_t i = 0; i < 2 && !in; i++) {
		const char *args[] = { "rev-parse", "--git-path", dirs[i], NULL };
		struct buf out = BUF_INIT, err = BUF_INIT;
		if (git_run(".", args, &out, &err) == 0) {
			buf_chomp(&out);
			in = out.len && access(buf_str(&out), F_OK) == 0;
		}
		buf_release(&out);
		buf_release(&err);
	}
	return in;
}

/* git's stdout of `args` run in the current directory into `out`, its
 * last line break dropped; false when git fails. */
static bool git_out(const char *const *args, struct buf *out)
{
	struct buf err = BUF_INIT;
	bool ok = git_run(".", args, out, &err) == 0;
	buf_release(&err);
	return ok;
}

/* The commit git merges in (theirs) while it runs the merge driver: the
 * one git names in GITHEAD_<commit> (a merge, a pull), or REBASE_HEAD or
 * CHERRY_PICK_HEAD.  *merging: it is a merge (the base is the merge
 * base, not the commit's parent).  False when git is in none of these. */
static bool theirs_commit(struct buf *out, bool *merging)
{
	extern char **environ;
	for (char **e = environ; e && *e; e++)
		if (strncmp(*e, "GITHEAD_", 8) == 0 && strchr(*e, '=')) {
			buf_add(out, *e + 8, (size_t)(strchr(*e, '=') - *e - 8));
			*merging = true;
			return true;
		}
	static const char *const heads[] = { "REBASE_HEAD", "CHERRY_PICK_HEAD", "MERGE_HEAD" };
	for (size_t h = 0; h < 3; h++) {
		const char *args[] = { "rev-parse", "-q", "--verify", heads[h], NULL };
		buf_reset(out);
		if (git_out(args, out)) {
			buf_chomp(out);
			*merging = h == 2;
			return true;
		}
	}
	buf_reset(out);
	return false;
}

/* What the merge driver asks of the plan's other files (see
 * merge_input.named_elsewhere): each side's, read from git once. */
struct elsewhere {
	const char *path; /* the merged file, from the top of the work tree */
	enum store_file_id file;
	bool looked, have;
	struct buf rev[MERGE_SIDES];
	struct plan *p[MERGE_SIDES][SF_COUNT];
	struct store *st[MERGE_SIDES][SF_COUNT];
	struct buf text[MERGE_SIDES][SF_COUNT];
};

static bool named_elsewhere(void *ctx, enum merge_side side, enum kind k, const char *id)
{
	struct elsewhere *e = ctx;
	if (!e->looked) {
		e->looked = true;
		bool merging;
		e->have = theirs_commit(&e->rev[MERGE_THEIRS], &merging);
		buf_adds(&e->rev[MERGE_OURS], "HEAD");
	}
	if (!e->have)
		return false;
	const char *slash = strrchr(e->path, '/');
	for (int g = 0; g < SF_COUNT; g++) {
		if (g == (int)e->file)
			continue;
		if (!e->p[side][g] && !e->text[side][g].s) {
			char *obj = xasprintf("%s:%.*s%s", buf_str(&e->rev[side]),
					      slash ? (int)(slash - e->path + 1) : 0, e->path,
					      schema_files[g].name);
			const char *args[] = { "cat-file", "blob", obj, NULL };
			struct diags d = DIAGS_INIT;
			if (git_out(args, &e->text[side][g]))
				store_load_file((enum store_file_id)g, schema_files[g].name,
						buf_str(&e->text[side][g]), e->text[side][g].len,
						&e->p[side][g], &e->st[side][g], &d);
			else
				buf_adds(&e->text[side][g], ""); /* looked: not there */
			diags_clear(&d);
			free(obj);
		}
		const struct plan *p = e->p[side][g];
		for (int rk = 0; p && rk < K_COUNT; rk++) {
			const struct kind_info *kd = kind_of((enum kind)rk);
			if (kd->file != (enum store_file_id)g)
				continue;
			struct rec_iter it;
			for (void *r = rec_iter_first(&it, p, (enum kind)rk); r; r = rec_iter_next(&it))
				for (int f = 0; f < kd->nfields; f++) {
					const struct field *fd = &kd->fields[f];
					if (fd->ref != k)
						continue;
					if ((fd->type == FT_REF && strcmp(rec_str(r, fd), id) == 0) ||
					    (fd->type == FT_REFS && rec_list_contains(r, (enum kind)rk, f, id)))
						return true;
				}
		}
	}
	return false;
}

static void elsewhere_free(struct elsewhere *e)
{
	for (int s = 0; s < MERGE_SIDES; s++) {
		buf_release(&e->rev[s]);
		for (int g = 0; g < SF_COUNT; g++) {
			plan_free(&e->p[s][g]);
			store_free(&e->st[s][g]);
			buf_release(&e->text[s][g]);
		}
	}
}

/* The records of the plan's other files that this file's kinds name
 * (changes, by an activity's `changes`) and that the merge of those files
 * gives other ids (a change added on both sides under one id: theirs'
 * gets the next one).  Found by merging those files' three versions from
 * git as git merges them, before or after this one; nothing when git is
 * in no merge, cherry-pick or rebase. */
static void other_renames(const char *path, enum store_file_id f, struct merge_renames *out)
{
	bool want[SF_COUNT] = { false }, any = false;
	for (int k = 0; k < K_COUNT; k++) {
		const struct kind_info *kd = kind_of((enum kind)k);
		for (int i = 0; kd->file == f && i < kd->nfields; i++) {
			const struct field *fd = &kd->fields[i];
			if (fd->type != FT_REF && fd->type != FT_REFS)
				continue;
			const struct kind_info *td = kind_of(fd->ref);
			if (td->file != f && td->id_rule == ID_NUMBERED && !kind_is_nested(fd->ref))
				any = want[td->file] = true;
		}
	}
	if (!any)
		return;
	struct buf theirs = BUF_INIT, base = BUF_INIT;
	bool merging = false;
	bool ok = theirs_commit(&theirs, &merging);
	if (ok && merging) {
		const char *args[] = { "merge-base", "HEAD", buf_str(&theirs), NULL };
		ok = git_out(args, &base);
	} else if (ok) {
		buf_addf(&base, "%s^", buf_str(&theirs));
	}
	buf_chomp(&base);
	const char *slash = strrchr(path, '/');
	for (int g = 0; ok && g < SF_COUNT; g++) {
		if (!want[g])
			continue;
		const char *revs[MERGE_SIDES] = { buf_str(&base), "HEAD", buf_str(&theirs) };
		struct buf text[MERGE_SIDES] = { BUF_INIT, BUF_INIT, BUF_INIT };
		struct elsewhere ew = { .path = path, .file = (enum store_file_id)g };
		struct merge_input in = { .file = (enum store_file_id)g, .renamed = out,
					  .named_elsewhere = named_elsewhere, .named_ctx = &ew };
		bool have = true;
		for (int s = 0; s < MERGE_SIDES && have; s++) {
			char *obj = xasprintf("%s:%.*s%s", revs[s], slash ? (int)(slash - path + 1) : 0, path,
					      schema_files[g].name);
			const char *args[] = { "cat-file", "blob", obj, NULL };
			have = git_out(args, &text[s]);
			free(obj);
			in.name[s] = schema_files[g].name;
			in.text[s] = buf_str(&text[s]);
			in.len[s] = text[s].len;
		}
		if (have) {
			struct buf merged = BUF_INIT, said = BUF_INIT;
			struct diags d = DIAGS_INIT;
			merge_plan_file(&in, &merged, &said, &d);
			buf_release(&merged);
			buf_release(&said);
			diags_clear(&d);
		}
		for (int s = 0; s < MERGE_SIDES; s++)
			buf_release(&text[s]);
		elsewhere_free(&ew);
	}
	buf_release(&theirs);
	buf_release(&base);
}

static int cmd_merge_file(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("merge-file");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	(void)cli;
	const char *marker = NULL, *file[4] = { NULL };
	/* the labels of base, ours and theirs in a line merge's markers */
	const char *labels[3] = { "base", "ours", "theirs" };
	int nfile = 0, nlabel = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--marker-size=", 14) == 0 && a[14]) {
			marker = a + 14;
			if (strspn(marker, "0123456789") != strlen(marker))
				return usage_error(c, _("unexpected argument '%s'"), a);
		} else if (strcmp(a, "-L") == 0 && i + 1 < argc && nlabel < 3) {
			/* git merge-file's order: ours, base, theirs; a git before
			 * 2.44 passes %X, %S and %Y as they are: no label */
			static const int at[3] = { 1, 0, 2 };
			const char *l = argv[++i];
			if (l[0] == '%' && strlen(l) == 2)
				continue;
			labels[at[nlabel++]] = l;
		} else if (a[0] != '-' && nfile < 4) {
			file[nfile++] = a;
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
	}
	if (nfile < 3)
		return usage_error(c, "%s", _("missing BASE, OURS and THEIRS"));
	const char *path = file[3] ? file[3] : file[1];
	/* in a rebase, ours is the upstream and theirs the commit replayed
	 * onto it: yours */
	bool rebasing = nlabel == 0 && rebase_in_progress();
	if (rebasing) {
		labels[MERGE_OURS] = "upstream";
		labels[MERGE_THEIRS] = "yours";
	}
	enum store_file_id f = plan_file_named(path);
	if (f == SF_COUNT) {
		fprintf(stderr, _("samplan: %s is not a plan file; merging it by lines (git merge-file)\n"),
			path);
		return line_merge(marker, labels, file[0], file[1], file[2]);
	}
	struct buf text[MERGE_SIDES] = { BUF_INIT, BUF_INIT, BUF_INIT };
	for (int s = 0; s < MERGE_SIDES; s++)
		if (buf_read_file(&text[s], file[s], STORE_MAX_FILE_SIZE) < 0) {
			fprintf(stderr, _("samplan: cannot read %s: %s\n"), file[s], strerror(errno));
			for (int k = 0; k < MERGE_SIDES; k++)
				buf_release(&text[k]);
			return EXIT_USAGE;
		}
	struct merge_input in = { .file = f, .marker_size = marker ? atoi(marker) : 0 };
	char *names[MERGE_SIDES];
	for (int s = 0; s < MERGE_SIDES; s++) {
		/* "changes.yaml (theirs)": where a problem is, in the words of the merge */
		names[s] = xasprintf("%s (%s)", path, labels[s]);
		in.name[s] = names[s];
		in.text[s] = buf_str(&text[s]);
		in.len[s] = text[s].len;
		in.label[s] = labels[s];
	}
	if (rebasing) {
		in.word[MERGE_OURS] = _("upstream");
		in.word[MERGE_THEIRS] = _("yours");
	}
	/* theirs' references to records another file's merge renumbers, and
	 * what the other files name of this one's */
	struct merge_renames refs = { NULL, 0 };
	struct elsewhere ew = { .path = path, .file = f };
	if (file[3]) {
		other_renames(path, f, &refs);
		in.named_elsewhere = named_elsewhere;
		in.named_ctx = &ew;
	}
	in.refs = &refs;
	struct buf out = BUF_INIT, said = BUF_INIT;
	struct diags d = DIAGS_INIT;
	int rc = merge_plan_file(&in, &out, &said, &d);
	merge_renames_free(&refs);
	elsewhere_free(&ew);
	int status;
	if (rc >= 0) {
		fprintf(stderr, "%s", buf_str(&said));
		if (rc > 0)
			fprintf(stderr,
				ngettext_("samplan: %s: %d conflict left, marked in the file: 'samplan "
					  "check' lists it, 'samplan resolve' settles it\n",
					  "samplan: %s: %d conflicts left, marked in the file: 'samplan "
					  "check' lists them, 'samplan resolve' settles them\n",
					  (unsigned long)rc),
				path, rc);
		status = rc ? EXIT_PROBLEM : EXIT_OK;
		if (write_file_atomic(file[1], buf_str(&out), out.len) < 0) {
			fprintf(stderr, _("samplan: cannot write %s: %s\n"), file[1], strerror(errno));
			status = EXIT_USAGE;
		}
	} else {
		print_diags(&d);
		fprintf(stderr, "%s", buf_str(&said));
		fprintf(stderr, _("samplan: %s: a version does not read as a plan file, or its conflicts share lines; merging it by lines\n"),
			path);
		status = line_merge(marker, labels, file[0], file[1], file[2]);
	}
	for (int s = 0; s < MERGE_SIDES; s++) {
		buf_release(&text[s]);
		free(names[s]);
	}
	buf_release(&out);
	buf_release(&said);
	diags_clear(&d);
	return status;
}

/* Writes a settled file (sync_write_settled), saying what went wrong. */
static int write_settled(const char *dir, enum store_file_id f, const char *path,
			 const struct buf *text)
{
	struct buf err = BUF_INIT;
	int rc = sync_write_settled(dir, f, path, text, &err);
	if (err.len)
		fprintf(stderr, "samplan: %s\n", buf_str(&err));
	buf_release(&err);
	return rc < 0 ? -1 : 0;
}

/* resolve --ours|--theirs: every conflict of every file taken one way. */
static int resolve_side(struct cli *cli, struct plan_texts *pt, enum merge_side side)
{
	size_t files = 0;
	int rc = EXIT_OK;
	for (int f = 0; f < SF_COUNT; f++) {
		struct merge_hunks h;
		long nh = pt->text[f] ? merge_hunks_read(pt->text[f], pt->len[f], &h) : 0;
		if (nh < 0) {
			fprintf(stderr, _("samplan: %s: its conflict markers do not pair up; settle it by hand\n"),
				pt->path[f]);
			rc = EXIT_PROBLEM;
			continue;
		}
		if (nh == 0)
			continue;
		struct buf out = BUF_INIT;
		merge_hunks_side(pt->text[f], pt->len[f], &h, SIZE_MAX, side, &out, NULL);
		if (write_settled(cli->dir, (enum store_file_id)f, pt->path[f], &out) < 0) {
			rc = EXIT_PROBLEM;
		} else {
			printf(side == MERGE_OURS
				       ? ngettext_("%s: %zu conflict settled ours' way\n",
						   "%s: %zu conflicts settled ours' way\n", h.n)
				       : ngettext_("%s: %zu conflict settled theirs' way\n",
						   "%s: %zu conflicts settled theirs' way\n", h.n),
			       pt->path[f], h.n);
			files++;
		}
		buf_release(&out);
		merge_hunks_free(&h);
	}
	if (!files && rc == EXIT_OK)
		printf("%s", _("no conflicts to settle\n"));
	return rc;
}

/* resolve KIND:ID FIELD=VALUE: the conflict about that field settled with
 * that value (checked as `set` checks it), the others left marked. */
static int resolve_value(struct plan_texts *pt, const char *dir, const char *addr,
			 const char *assign)
{
	enum kind k;
	const char *id;
	struct buf err = BUF_INIT;
	char *value = NULL;
	int rc = EXIT_PROBLEM, field = -1;
	if (!parse_address(addr, &k, &id, &err))
		goto out;
	if ((field = assignment_field(k, assign, &value, &err)) < 0)
		goto out;
	enum store_file_id f = kind_of(k)->file;
	struct merge_hunks h;
	long nh = pt->text[f] ? merge_hunks_read(pt->text[f], pt->len[f], &h) : 0;
	if (nh < 0) {
		buf_addf(&err, _("%s: its conflict markers do not pair up; settle it by hand"),
			 pt->path[f]);
		goto out;
	}
	if (nh == 0) {
		buf_addf(&err, _("%s has no conflict to settle"), pt->path[f]);
		goto out;
	}
	struct merge_points pts;
	struct diags d = DIAGS_INIT;
	size_t which = SIZE_MAX;
	if (merge_points_read(f, pt->path[f], pt->text[f], pt->len[f], &h, pt->text, pt->len, &pts,
			      &d) == 0) {
		for (size_t i = 0; i < pts.n && which == SIZE_MAX; i++)
			if (pts.v[i].k == k && pts.v[i].field == field && strcmp(pts.v[i].path, id) == 0)
				which = pts.v[i].hunk;
		merge_points_free(&pts);
	}
	diags_clear(&d);
	if (which == SIZE_MAX) {
		/* TRANSLATORS: "no conflict about F3 status in changes.yaml" */
		buf_addf(&err, _("no conflict about %s %s in %s ('samplan check' lists them)"), addr,
			 kind_field(k, field)->name, pt->path[f]);
		merge_hunks_free(&h);
		goto out;
	}
	/* ours' way everywhere, then the value set as `set` sets it */
	size_t *at = xcalloc(2 * h.n, sizeof(*at));
	struct buf ours = BUF_INIT, settled = BUF_INIT, out = BUF_INIT;
	merge_hunks_side(pt->text[f], pt->len[f], &h, SIZE_MAX, MERGE_OURS, &ours, at);
	const char *names[SF_COUNT], *texts[SF_COUNT];
	size_t lens[SF_COUNT];
	for (int i = 0; i < SF_COUNT; i++) {
		names[i] = pt->path[i];
		texts[i] = i == (int)f ? buf_str(&ours) : pt->text[i];
		lens[i] = i == (int)f ? ours.len : pt->len[i];
	}
	struct plan *p = NULL;
	struct store *st = NULL;
	struct op op;
	memset(&op, 0, sizeof(op));
	if (store_load_texts(names, texts, lens, &p, &st, &d) < 0 &&
	    store_load_file(f, pt->path[f], buf_str(&ours), ours.len, &p, &st, &d) < 0) {
		print_diags(&d);
		buf_addf(&err, _("%s does not read as a plan file ours' way"), pt->path[f]);
	} else if (op_make_set(p, k, id, field, value, &op, &err) == 0 &&
		   op_apply(p, &op, &err) == 0) {
		diags_clear(&d);
		if (store_render_file(st, p, f, &settled, &d) < 0) {
			print_diags(&d);
		} else if (merge_hunk_settle(pt->text[f], pt->len[f], &h, which, &ours, at, &settled,
					     &out) < 0) {
			buf_addf(&err, _("setting %s %s would change more than its conflict; "
					 "use --ours or --theirs"),
				 addr, kind_field(k, field)->name);
		} else if (write_settled(dir, f, pt->path[f], &out) == 0) {
			printf(_("%s: %s %s settled\n"), pt->path[f], addr, kind_field(k, field)->name);
			rc = EXIT_OK;
		}
	}
	op_clear(&op);
	plan_free(&p);
	store_free(&st);
	diags_clear(&d);
	buf_release(&ours);
	buf_release(&settled);
	buf_release(&out);
	free(at);
	merge_hunks_free(&h);
out:
	if (err.len)
		fprintf(stderr, "samplan: %s\n", buf_str(&err));
	buf_release(&err);
	free(value);
	return rc;
}

static int cmd_resolve(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("resolve");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	int side = -1;
	if (argc == 2 && strcmp(argv[1], "--ours") == 0)
		side = MERGE_OURS;
	else if (argc == 2 && strcmp(argv[1], "--theirs") == 0)
		side = MERGE_THEIRS;
	else if (argc < 3)
		return usage_error(c, "%s", _("expected --ours, --theirs or KIND:ID FIELD=VALUE"));
	struct plan_texts pt;
	plan_texts_read(cli->dir, &pt);
	int rc = EXIT_OK;
	if (side >= 0)
		rc = resolve_side(cli, &pt, (enum merge_side)side);
	else
		for (int i = 2; i < argc && rc == EXIT_OK; i++) {
			/* each value settles against the file as the one before left it */
			plan_texts_free(&pt);
			plan_texts_read(cli->dir, &pt);
			rc = resolve_value(&pt, cli->dir, argv[1], argv[i]);
		}
	plan_texts_free(&pt);
	return rc;
}

static int cmd_sync(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("sync");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	if (argc > 1)
		return usage_error(c, _("unexpected argument '%s'"), argv[1]);
	struct lock_info who = { 0 };
	if (lock_holder(cli->dir, &who) == 1) {
		struct buf b = BUF_INIT;
		lock_info_describe(&who, &b);
		fprintf(stderr, _("samplan: the plan is open in a workbench (%s): sync from there, or "
				  "close it first\n"),
			buf_str(&b));
		buf_release(&b);
		lock_info_clear(&who);
		return EXIT_PROBLEM;
	}
	struct buf said = BUF_INIT;
	enum sync_result r = sync_run(cli->dir, &said, NULL);
	fputs(buf_str(&said), r == SYNC_DONE ? stdout : stderr);
	buf_release(&said);
	return r == SYNC_DONE ? EXIT_OK : EXIT_PROBLEM;
}

static int cmd_git_setup(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("git-setup");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	if (argc > 1)
		return usage_error(c, _("unexpected argument '%s'"), argv[1]);
	struct buf said = BUF_INIT, err = BUF_INIT;
	int rc = history_git_setup(cli->dir, &said, &err);
	printf("%s", buf_str(&said));
	if (rc < 0)
		fprintf(stderr, "samplan: %s\n", buf_str(&err));
	buf_release(&said);
	buf_release(&err);
	return rc < 0 ? EXIT_PROBLEM : EXIT_OK;
}

/* Whether --output names one of the plan's own files (said so; nothing
 * is written then). */
static bool output_is_own(const struct cli *cli, const char *output)
{
	const char *own = output ? session_own_file(cli->dir, output) : NULL;
	if (own)
		fprintf(stderr, _("samplan: not written: %s is the plan's own %s; give another file\n"),
			output, own);
	return own != NULL;
}

/* Writes `out` to FILE (replaced atomically), or to standard output
 * when output is NULL. */
static int put_out(const char *output, const struct buf *out)
{
	if (output) {
		if (write_file_atomic(output, buf_str(out), out->len) < 0) {
			fprintf(stderr, _("samplan: cannot write %s: %s\n"), output, strerror(errno));
			return EXIT_PROBLEM;
		}
	} else if (fwrite(out->s ? out->s : "", 1, out->len, stdout) != out->len ||
		   fflush(stdout) != 0) {
		fprintf(stderr, _("samplan: cannot write to standard output: %s\n"), strerror(errno));
		return EXIT_PROBLEM;
	}
	return EXIT_OK;
}

/* ---- export ------------------------------------------------------------- */

static int cmd_export(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("export");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	enum export_format f = EXPORT_CSV;
	const char *output = NULL;
	enum kind k = K_NONE;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--format=", 9) == 0) {
			if (!export_format_from_name(a + 9, &f))
				return usage_error(c, _("unknown format '%s' (known: csv, excel)"), a + 9);
		} else if (strncmp(a, "--output=", 9) == 0 && a[9]) {
			output = a + 9;
		} else if (a[0] != '-' && k == K_NONE) {
			k = kind_named(a, strlen(a));
			if (k == K_NONE || kind_is_own(k))
				return kind_arg_error(c, a, strlen(a), k);
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
	}
	if (k == K_NONE)
		return usage_error(c, "%s", _("missing the kind of record to export (changes, groups, activities, followup, ...)"));
	if (output_is_own(cli, output))
		return EXIT_PROBLEM;
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	struct buf out = BUF_INIT;
	export_records(p, k, f, &out);
	plan_free(&p);
	store_free(&st);
	int rc = put_out(output, &out);
	buf_release(&out);
	return rc;
}

/* ---- meetings ----------------------------------------------------------- */

static int cmd_meetings(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("meetings");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool ics = false;
	int year = 0;
	const char *output = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--format=ics") == 0 || strcmp(a, "--format=text") == 0) {
			ics = a[9] == 'i';
		} else if (strncmp(a, "--format=", 9) == 0) {
			return usage_error(c, _("unknown format '%s' (known: text, ics)"), a + 9);
		} else if (strncmp(a, "--year=", 7) == 0) {
			if (!parse_year(a + 7, &year))
				return usage_error(c, _("'%s' is not a year"), a + 7);
		} else if (strncmp(a, "--output=", 9) == 0 && a[9]) {
			output = a + 9;
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
	}
	if (output_is_own(cli, output))
		return EXIT_PROBLEM;
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	struct buf out = BUF_INIT;
	if (ics) {
		/* DTSTAMP: when the file is made (SAMPLAN_DATE's midnight, for
		 * tests), in UTC */
		char stamp[32];
		const char *fixed = getenv("SAMPLAN_DATE");
		time_t now = time(NULL);
		struct tm tm;
		if (fixed && valid_date(fixed))
			snprintf(stamp, sizeof(stamp), "%.4s%.2s%.2sT000000Z", fixed, fixed + 5, fixed + 8);
		else if (!gmtime_r(&now, &tm) || !strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm))
			snprintf(stamp, sizeof(stamp), "19700101T000000Z");
		ical_meetings(p, year, stamp, &out);
	} else {
		text_meetings(p, year, &out);
	}
	plan_free(&p);
	store_free(&st);
	int rc = put_out(output, &out);
	buf_release(&out);
	return rc;
}

/* ---- minutes ------------------------------------------------------------ */

/* Says that the plan has no meeting on `date` (NULL: none at all), and
 * how to add one. */
static void no_meeting(const char *date)
{
	if (date)
		/* TRANSLATORS: a date the plan has no meeting on */
		fprintf(stderr, _("samplan: the plan has no meeting on %s; add it with:\n"
				  "  samplan add meeting date=%s\n"),
			date, date);
	else
		fprintf(stderr, "%s\n", _("samplan: the plan has no meetings"));
}

static int cmd_minutes(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("minutes");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	struct print_opts o = { .format = PRINT_TEXT };
	const char *output = NULL, *date = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--format=", 9) == 0) {
			if (!print_format_from_name(a + 9, &o.format))
				return usage_error(c, _("unknown format '%s' (known: text, markdown, html)"),
						   a + 9);
		} else if (strncmp(a, "--output=", 9) == 0 && a[9]) {
			output = a + 9;
		} else if (a[0] != '-' && !date) {
			if (!valid_date(a))
				return usage_error(c, _("'%s' is not a date (YYYY-MM-DD)"), a);
			date = a;
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
	}
	if (output_is_own(cli, output))
		return EXIT_PROBLEM;
	char today[11];
	history_today(today);
	o.date = today;
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	const struct meeting *m = minutes_meeting(p, date, today);
	if (!m) {
		no_meeting(date);
		plan_free(&p);
		store_free(&st);
		return EXIT_PROBLEM;
	}
	struct oplist ops = OPLIST_INIT;
	struct plan *after = NULL;
	struct buf why = BUF_INIT, src = BUF_INIT, out = BUF_INIT;
	bool known = history_day_edits(cli->dir, m->date, &ops, &after, &why);
	plan_source_line(cli->dir, &src);
	struct minutes_opts mo = { .decided = known ? &ops : NULL, .decided_in = after ? after : p,
				   .unknown = buf_str(&why), .source = buf_str(&src) };
	minutes_print(p, m, &mo, &o, &out);
	oplist_clear(&ops);
	plan_free(&after);
	plan_free(&p);
	store_free(&st);
	int rc = put_out(output, &out);
	buf_release(&why);
	buf_release(&src);
	buf_release(&out);
	return rc;
}

/* ---- print -------------------------------------------------------------- */

static int cmd_print(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("print");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	struct print_opts o = { .format = PRINT_TEXT };
	const char *output = NULL, *party = NULL;
	enum report report = REPORT_SNAPSHOT;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--report=", 9) == 0) {
			if (!report_from_name(a + 9, &report))
				return usage_error(c, _("unknown report '%s' (known: snapshot, activities, followup)"),
						   a + 9);
		} else if (strncmp(a, "--party=", 8) == 0 && a[8]) {
			party = a + 8;
		} else if (strncmp(a, "--format=", 9) == 0) {
			if (!print_format_from_name(a + 9, &o.format))
				return usage_error(c, _("unknown format '%s' (known: text, markdown, html)"),
						   a + 9);
		} else if (strncmp(a, "--year=", 7) == 0) {
			if (!parse_year(a + 7, &o.year))
				return usage_error(c, _("'%s' is not a year"), a + 7);
		} else if (strncmp(a, "--output=", 9) == 0 && a[9]) {
			output = a + 9;
		} else if (strcmp(a, "--bold=overstrike") == 0) {
			o.overstrike = true;
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
	}
	if (party && report != REPORT_FOLLOWUP)
		return usage_error(c, "%s", _("--party is for --report=followup"));
	if (output_is_own(cli, output))
		return EXIT_PROBLEM;
	char today[16];
	const char *date = getenv("SAMPLAN_PRINT_DATE");
	if (date && !valid_date(date)) {
		fprintf(stderr, _("samplan: SAMPLAN_PRINT_DATE '%s' is not a date (YYYY-MM-DD)\n"),
			date);
		return EXIT_USAGE;
	}
	date_today(date, today);
	o.date = today;
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	if (!o.year)
		o.year = p->info->focus_year;
	struct buf src = BUF_INIT, out = BUF_INIT;
	plan_source_line(cli->dir, &src);
	o.source = buf_str(&src);
	int rc = EXIT_OK;
	if (report != REPORT_SNAPSHOT) {
		/* a report: one document, rendered in the format asked */
		struct report_opts ro = { .year = o.year, .party = party, .date = o.date,
					  .source = o.source };
		struct buf err = BUF_INIT;
		if (!output)
			o.stream = stdout;
		if (!report_print(p, report, &ro, &o, &out, &err)) {
			fprintf(stderr, "samplan: %s\n", buf_str(&err));
			rc = EXIT_PROBLEM;
		}
		buf_release(&err);
	} else {
		if (!output)
			o.stream = stdout;
		print_plan(p, &o, &out);
	}
	plan_free(&p);
	store_free(&st);
	if (rc != EXIT_OK) {
		buf_release(&src);
		buf_release(&out);
		return rc;
	}
	if (output) {
		if (write_file_atomic(output, buf_str(&out), out.len) < 0) {
			fprintf(stderr, _("samplan: cannot write %s: %s\n"), output, strerror(errno));
			rc = EXIT_PROBLEM;
		}
	} else if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, _("samplan: cannot write the plan: %s\n"), strerror(errno));
		rc = EXIT_PROBLEM;
	}
	buf_release(&src);
	buf_release(&out);
	return rc;
}

/* ---- git: commit, diff, log ---------------------------------------------- */

/* Loads the plan for a command that needs git; prints why not and returns
 * -1 when git cannot serve this plan. */
static int need_history(struct cli *cli, bool *detached)
{
	struct buf why = BUF_INIT;
	bool ok = history_where(cli->dir, detached, &why);
	if (!ok)
		fprintf(stderr, "samplan: %s\n", buf_str(&why));
	buf_release(&why);
	return ok ? 0 : -1;
}

static int cmd_commit(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("commit");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	const char *message = NULL;
	bool dry_run = false;
	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-m") == 0 || strcmp(argv[i], "--message") == 0) && i + 1 < argc)
			message = argv[++i];
		else if (strncmp(argv[i], "--message=", 10) == 0)
			message = argv[i] + 10;
		else if (strcmp(argv[i], "-n") == 0 || strcmp(argv[i], "--dry-run") == 0)
			dry_run = true;
		else if (strcmp(argv[i], "-m") == 0)
			return usage_error(c, "%s", _("-m needs a message"));
		else
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
	}
	if (message && !*message)
		return usage_error(c, "%s", _("the message is empty"));
	struct plan *p;
	struct store *st;
	/* never commit a plan that does not read */
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	bool detached;
	if (need_history(cli, &detached) < 0) {
		plan_free(&p);
		store_free(&st);
		return EXIT_PROBLEM;
	}
	struct buf msg = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	if (message)
		buf_adds(&msg, message);
	else
		history_draft_message(cli->dir, p, &msg);
	plan_free(&p);
	store_free(&st);
	int rc = EXIT_OK;
	if (dry_run) {
		put_escaped(stdout, buf_str(&msg), msg.len, 0);
	} else {
		if (detached)
			fprintf(stderr, "%s\n", _("samplan: HEAD is detached: the commit is made on no branch; 'git switch -c NAME' afterwards keeps it on one"));
		int r = history_commit(cli->dir, buf_str(&msg), &out, &err);
		if (r < 0) {
			fprintf(stderr, _("samplan: cannot commit: %s\n"), buf_str(&err));
			rc = EXIT_PROBLEM;
		} else if (r > 0) {
			printf("%s\n", _("nothing to commit: the plan's files are as in the last commit"));
		} else { /* git's report quotes the subject */
			buf_addc(&out, '\n');
			put_escaped(stdout, out.s, out.len, 0);
		}
	}
	buf_release(&msg);
	buf_release(&out);
	buf_release(&err);
	return rc;
}

static int cmd_diff(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("diff");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool markdown = false;
	const char *revs[2] = { NULL, NULL };
	int nrevs = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--format=markdown") == 0)
			markdown = true;
		else if (strcmp(argv[i], "--format=text") == 0)
			markdown = false;
		else if (strncmp(argv[i], "--format=", 9) == 0)
			return usage_error(c, _("unknown format '%s' (known: text, markdown)"), argv[i] + 9);
		else if (argv[i][0] == '-')
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
		else if (nrevs < 2)
			revs[nrevs++] = argv[i];
		else
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
	}
	if (!nrevs)
		return usage_error(c, "%s", _("missing the revision to compare with"));
	if (need_history(cli, NULL) < 0)
		return EXIT_PROBLEM;
	struct plan *a = NULL, *b = NULL;
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	int rc = EXIT_OK;
	if (history_load_rev(cli->dir, revs[0], &a, &err) < 0 ||
	    (revs[1] && history_load_rev(cli->dir, revs[1], &b, &err) < 0)) {
		fprintf(stderr, "samplan: %s\n", buf_str(&err));
		rc = EXIT_PROBLEM;
	} else if (!revs[1] && load(cli, &b, &st) < 0) {
		rc = EXIT_PROBLEM;
	}
	if (rc == EXIT_OK) {
		struct oplist ops = OPLIST_INIT;
		plan_diff(a, b, &ops);
		struct buf line = BUF_INIT, out = BUF_INIT;
		if (markdown) {
			buf_adds(&out, "## ");
			buf_reset(&line);
			buf_addf(&line, _("Changes from %s to %s"), revs[0],
				 revs[1] ? revs[1] : _("the working files"));
			print_markdown_text(buf_str(&line), false, &out);
			buf_adds(&out, "\n\n");
			if (!ops.n) {
				buf_addf(&out, "_%s_\n", _("No changes."));
			}
		}
		for (size_t i = 0; i < ops.n;) {
			buf_reset(&line);
			i += op_describe_at(b, ops.v, ops.n, i, &line);
			if (markdown) {
				buf_adds(&out, "- ");
				print_markdown_text(buf_str(&line), false, &out);
			} else {
				buf_add(&out, line.s, line.len);
			}
			buf_addc(&out, '\n');
		}
		put_escaped(stdout, buf_str(&out), out.len, 0);
		if (ferror(stdout) || fflush(stdout) != 0) {
			fprintf(stderr, _("samplan: cannot write the differences: %s\n"), strerror(errno));
			rc = EXIT_PROBLEM;
		}
		buf_release(&line);
		buf_release(&out);
		oplist_clear(&ops);
	}
	buf_release(&err);
	plan_free(&a);
	plan_free(&b);
	store_free(&st);
	return rc;
}

static int cmd_log(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("log");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	size_t max = 0;
	const char *id = NULL; /* the record's, "" for the plan */
	enum kind k = K_NONE;
	for (int i = 1; i < argc; i++) {
		const char *v = NULL, *a = argv[i];
		if (strcmp(a, "-n") == 0 && i + 1 < argc) {
			v = argv[++i];
		} else if (strncmp(a, "--max-count=", 12) == 0) {
			v = a + 12;
		} else if (a[0] != '-' && !id) {
			/* a record, as set and show take it */
			struct buf e = BUF_INIT;
			if (!parse_address(a, &k, &id, &e)) {
				int rc = usage_error(c, "%s", buf_str(&e));
				buf_release(&e);
				return rc;
			}
			if (k == K_PLAN ? *id != '\0' : !valid_kind_path(k, id))
				return usage_error(c, _("unexpected argument '%s'"), a);
		} else {
			return usage_error(c, _("unexpected argument '%s'"), a);
		}
		if (!v)
			continue;
		char *end;
		errno = 0;
		unsigned long n = strtoul(v, &end, 10);
		if (!*v || *end || errno || *v == '-' || n == 0)
			return usage_error(c, _("'%s' is not a positive number"), v);
		max = n;
	}
	if (need_history(cli, NULL) < 0)
		return EXIT_PROBLEM;
	struct buf out = BUF_INIT, err = BUF_INIT, raw = BUF_INIT;
	int rc = EXIT_OK;
	if (id) {
		struct timeline tl;
		if (history_timeline(cli->dir, k, id, max ? max : 1000, &tl, &err) == 0) {
			for (size_t i = 0; i < tl.n; i++) {
				const struct timeline_entry *e = &tl.v[i];
				const char *const cols[] = { e->status ? e->status : "-",
							     *e->priority ? e->priority : "-", e->what,
							     e->subject };
				buf_addf(&out, "%s %s ", e->hash, e->date);
				for (size_t col = 0; col < sizeof(cols) / sizeof(*cols); col++) {
					if (col)
						buf_addc(&out, '\t');
					tw_escape(cols[col], strlen(cols[col]), TW_FIELD | out_how(stdout),
						  &out);
				}
				buf_addc(&out, '\n');
			}
			history_timeline_clear(&tl);
		} else {
			rc = EXIT_PROBLEM;
		}
	} else if (history_log(cli->dir, max, &raw, &err) < 0) {
		rc = EXIT_PROBLEM;
	} else {
		/* "HASH DATE SUBJECT" lines: the subject is git's text */
		for (const char *l = buf_str(&raw); *l;) {
			size_t n = strcspn(l, "\n");
			tw_escape(l, n, TW_FIELD | out_how(stdout), &out);
			buf_addc(&out, '\n');
			l += n + (l[n] == '\n');
		}
	}
	buf_release(&raw);
	if (rc != EXIT_OK) {
		fprintf(stderr, "samplan: %s\n", buf_str(&err));
	} else if (fwrite(buf_str(&out), 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, _("samplan: cannot write the log: %s\n"), strerror(errno));
		rc = EXIT_PROBLEM;
	}
	buf_release(&out);
	buf_release(&err);
	return rc;
}

/* ---- tui ---------------------------------------------------------------- */

static int cmd_tui(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("tui");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool read_only = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--read-only") == 0)
			read_only = true;
		else
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
	}
	return tui_open(cli->dir, read_only);
}

/* The workbench on the meeting of DATE (the day's, else the next). */
static int cmd_meeting(struct cli *cli, int argc, char **argv)
{
	const struct command *c = find_command("meeting");
	if (wants_help(c, argc, argv))
		return EXIT_OK;
	bool read_only = false;
	const char *date = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--read-only") == 0)
			read_only = true;
		else if (argv[i][0] != '-' && !date && valid_date(argv[i]))
			date = argv[i];
		else if (argv[i][0] != '-' && !date)
			return usage_error(c, _("'%s' is not a date (YYYY-MM-DD)"), argv[i]);
		else
			return usage_error(c, _("unexpected argument '%s'"), argv[i]);
	}
	struct plan *p;
	struct store *st;
	if (load(cli, &p, &st) < 0)
		return EXIT_PROBLEM;
	char today[11];
	history_today(today);
	const struct meeting *m = minutes_meeting(p, date, today);
	char *id = m ? xstrdup(m->id) : NULL;
	plan_free(&p);
	store_free(&st);
	if (!id) {
		no_meeting(date);
		return EXIT_PROBLEM;
	}
	int rc = tui_open_meeting(cli->dir, read_only, id);
	free(id);
	return rc;
}

/* ---- help --------------------------------------------------------------- */

static int cmd_help(struct cli *cli, int argc, char **argv);

static const struct command commands[] = {
	{ "check", N_("[-q]"), N_("check the plan's files; report every problem"),
	  N_("Reads plan.yaml, groups.yaml, changes.yaml and activities.yaml (when there is\n"
	     "one) and reports every problem as FILE:LINE:COLUMN: message on standard error;\n"
	     "warnings (a follow-up for a year outside its activity's period) too.\n"
	     "Exit status: 0 valid (warnings or not), 1 problems found, 2 wrong usage.\n"
	     "  -q, --quiet   print nothing when the plan is valid\n"),
	  cmd_check },
	{ "list", N_("[KIND[:PARENT]] [--prioritised[=YEAR]] [--status=KEY] [--group=ID] [--FIELD=VALUE]"),
	  N_("list the desired changes (or other records), one per line"),
	  N_("Prints one change per line, tab-separated: id, status key, prioritised years\n"
	     "(comma-separated, '-' if none), group ids (comma-separated, '-' if none), text.\n"
	     "With KIND (groups, effects, statuses, meetings, members, topics, parties,\n"
	     "activities, changes, or inside records: followup, points, actions, guests),\n"
	     "that kind's records: groups as id, name, lead, members\n"
	     "and the changes the group is responsible for; the others with every field in\n"
	     "the order of samplan(5), a record inside a record after its path\n"
	     "(A1/2025-soder).  KIND:PARENT: only those inside PARENT (followup:A1).\n"
	     "In every column a tab, a line break and a backslash are written \\t, \\n, \\\\.\n"
	     "  --prioritised[=YEAR]  only changes prioritised in YEAR (default: the focus year)\n"
	     "  --status=KEY          only records with this status (its key or label)\n"
	     "  --group=ID            only changes this group is responsible for ('-': none)\n"
	     "  --FIELD=VALUE         other kinds: only records whose FIELD is VALUE, or whose\n"
	     "                        list FIELD holds it (list followup --year=2025)\n"),
	  cmd_list },
	{ "show", N_("KIND:ID"), N_("show every field of one record"),
	  N_("Prints one line per field: its name, a tab and its value (lists\n"
	     "comma-separated; tabs and line breaks written \\t and \\n).  A record is\n"
	     "named KIND:ID (group:fstod, effect:nat-1, meeting:2025-03-19, status:klar,\n"
	     "party:soder), a record inside a record KIND:PARENT/ID (followup:A1/2025-soder:\n"
	     "a follow-up's id is its year and party), a bare id by its kind's prefix (F3\n"
	     "is change:F3, A1 is activity:A1), and 'plan' is the plan's own record.\n"),
	  cmd_show },
	{ "set", N_("KIND:ID FIELD=VALUE..."), N_("change fields of a record and save"),
	  N_("A record is named as for 'show': F3, group:fstod, plan.  Any field of\n"
	     "samplan(5) can be set; 'samplan show KIND:ID' lists them.  A list field takes\n"
	     "the whole list in its order (A,B), +ITEM to add one or -ITEM to remove one:\n"
	     "  samplan set F3 status=pagar priority=+2026 groups=+fstod\n"
	     "  samplan set group:fstod lead=\"Deepa Singhru\" members=+\"Cecilia Ljung\"\n"
	     "  samplan set plan focus_year=2026\n"
	     "A status is given by its key or its label, in any case.  Setting a record's id\n"
	     "renames it, and every reference to it follows.\n"
	     "All assignments are checked first; if any is invalid nothing is written\n"
	     "and the exit status is 1.  Only the changed lines of the plan's files change.\n"
	     "While a workbench has the plan open for editing, set, add, delete and move\n"
	     "refuse to save and say who has it open; --force saves all the same.\n"),
	  cmd_set },
	{ "add", N_("TEXT [FIELD=VALUE...] | KIND[:PARENT] FIELD=VALUE..."),
	  N_("add a desired change (or another record) at the end"),
	  N_("Adds a change with the next free id (F<n>, above every id in use or in the\n"
	     "last commit), the first status and the given text; FIELD=VALUE as for 'set'.\n"
	     "With KIND (group, effect, meeting, member, topic, status, party, activity,\n"
	     "change), adds a record of that kind made of the assignments; a group's, a\n"
	     "member's or a party's id is made from its name (\"Hälsokunniga\n"
	     "beslutsfattare\" becomes halsokunniga-beslutsfattare), an activity's is the\n"
	     "next A<n>:\n"
	     "  samplan add group name=\"Hälsokunniga beslutsfattare\" lead=\"Ida Broman\"\n"
	     "  samplan add activity text=\"Utbildningsdag\" changes=F1 period.from=2025-03\n"
	     "A record inside a record (followup, point, action, guest) is added inside\n"
	     "the one PARENT names:\n"
	     "  samplan add followup:A1 year=2025 party=soder done=\"En utbildningsdag\"\n"
	     "  samplan add point:2025-03-19 number=1 title=Inledning\n"
	     "Prints the new record's id (KIND:PATH for one inside a record) on standard\n"
	     "output and what was added on standard error.\n"),
	  cmd_add },
	{ "delete", N_("KIND:ID [--unassign]"), N_("delete a record"),
	  N_("Removes the record and its lines from its file.  A record that others name\n"
	     "(a group changes are assigned to) is not deleted: the message says which\n"
	     "records name it.  --unassign removes it from their lists first, in the same\n"
	     "edit.\n"),
	  cmd_delete },
	{ "move", N_("KIND:ID up|down"), N_("move a record one place up or down"),
	  N_("Swaps the record with its neighbour in its list's order.\n"), cmd_move },
	{ "init", N_("[--no-git] DIR"), N_("create a new plan directory from the example"),
	  N_("Creates DIR with the shipped example plan (Region Örebro län 2025).  When git\n"
	     "is installed and DIR is not inside a repository, makes it one with a first\n"
	     "commit (--no-git: don't).\n"),
	  cmd_init },
	{ "print", N_("[--report=NAME] [--format=text|markdown|html] [--year=YEAR] [--party=ID] [--output=FILE] [--bold=overstrike]"),
	  N_("print a snapshot of the plan to send out or paste into minutes"),
	  N_("Prints the title, adoption, focus year and date, every year's priorities,\n"
	     "every desired change (those prioritised in the focus year marked, each with\n"
	     "the years it is prioritised in), each working group, the links to effects, a\n"
	     "status summary and where the plan came from (the directory's name, git\n"
	     "commit, uncommitted changes).\n"
	     "  --report=NAME      snapshot (the default: all of the above), activities\n"
	     "                     (the activity plan, by change: activity, responsible,\n"
	     "                     period, output, result, indicator, status) or followup\n"
	     "                     (the year's follow-up in one template: per prioritised\n"
	     "                     change its activities, planned and achieved, per party,\n"
	     "                     and who has not reported)\n"
	     "  --format=FORMAT    text (80 columns, the default), markdown (CommonMark)\n"
	     "                     or html (one self-contained file for A4 printing)\n"
	     "  --year=YEAR        mark the changes prioritised in YEAR (default: focus year);\n"
	     "                     the follow-up's year\n"
	     "  --party=ID         followup: only this party's follow-up\n"
	     "  --output=FILE      write to FILE (replaced atomically) instead of stdout\n"
	     "  --bold=overstrike  text: bold by overstriking (for lpr, less) not a marker\n"
	     "Environment, for reproducible output:\n"
	     "  SAMPLAN_PRINT_DATE=YYYY-MM-DD  the snapshot's date (default: today)\n"
	     "  SAMPLAN_PRINT_SOURCE=TEXT      the footer's whole source line\n"),
	  cmd_print },
	{ "export", N_("KIND [--format=csv|excel] [--output=FILE]"),
	  N_("the records of one kind as a spreadsheet"),
	  N_("Writes every record of KIND (changes, groups, activities, followup, ...) as\n"
	     "rows of a spreadsheet: a header row of the field names as samplan(5) spells\n"
	     "them (a follow-up's first column is its activity), then a row per record.\n"
	     "  --format=csv    RFC 4180 (the default): ',' between cells, CRLF, UTF-8,\n"
	     "                  lists joined by '; '\n"
	     "  --format=excel  what Excel in a Swedish locale opens directly: UTF-8 with a\n"
	     "                  byte order mark, ';' between cells, lists joined by ', '\n"
	     "  --output=FILE   write to FILE (replaced atomically) instead of stdout\n"
	     "A cell holding the separator, a quote or a line break is quoted (quotes\n"
	     "doubled).  A cell a spreadsheet would run as a formula (starting with =, +,\n"
	     "-, @, a tab or a carriage return) gets a leading ' so it stays text.\n"),
	  cmd_export },
	{ "meetings", N_("[--year=YEAR] [--format=text|ics] [--output=FILE]"),
	  N_("the plan's meetings, as a list or a calendar file"),
	  N_("Lists the plan's meetings (of YEAR only, with --year): the management\n"
	     "group's, the joint ones, the follow-up day and each part's collaboration\n"
	     "meetings, with their times and places.\n"
	     "  --format=text  one meeting a line (the default)\n"
	     "  --format=ics   an iCalendar file (RFC 5545) that a calendar program\n"
	     "                 imports: a meeting with a time (\"13.00-16.30\") at that\n"
	     "                 time in Europe/Stockholm, one without as a whole day; each\n"
	     "                 keeps its UID from one export to the next\n"
	     "  --output=FILE  write to FILE (replaced atomically) instead of stdout\n"),
	  cmd_meetings },
	{ "meeting", N_("[DATE] [-r]"), N_("run a meeting in the workbench"),
	  N_("Opens the workbench on the meeting of DATE (by default today's, else the\n"
	     "next one): the actions still open from earlier meetings first (space ticks\n"
	     "one done), who is here (the roster, ticked; a name not on it is added as a\n"
	     "guest), the guests, the agenda, the actions for the next meeting and the\n"
	     "topics waiting (space puts one on the agenda).  C closes the meeting: it is\n"
	     "marked held, saved and committed (the message is shown first), and P then\n"
	     "prints its minutes.  [ and ] show the meeting before and after.\n"
	     "A date with no meeting is an error that says how to add one.\n"
	     "  -r, --read-only  look, but change nothing\n"),
	  cmd_meeting },
	{ "minutes", N_("[DATE] [--format=text|markdown|html] [--output=FILE]"),
	  N_("a draft of a meeting's minutes"),
	  N_("Drafts the minutes of the meeting on DATE (by default today's, else the\n"
	     "next one): when and where, who took part, the guests, the agenda with\n"
	     "each point's notes and decision, the edits of the plan committed that\n"
	     "day, the actions for the next meeting, the actions of earlier meetings\n"
	     "still open, the topics for coming meetings and the coming dates.  A\n"
	     "section with nothing recorded says so.\n"
	     "  --format=text      text that fits 80 columns (the default)\n"
	     "  --format=markdown  Markdown\n"
	     "  --format=html      a print-ready A4 page\n"
	     "  --output=FILE      write to FILE (replaced atomically) instead of stdout\n"),
	  cmd_minutes },
	{ "commit", N_("[-m MESSAGE] [--dry-run]"),
	  N_("commit the plan's files to git with a message saying what was decided"),
	  N_("Stages only the plan's files (plan.yaml, groups.yaml, changes.yaml and\n"
	     "activities.yaml; nothing else in the repository) and commits exactly them.\n"
	     "Without -m the message is made from the differences from the last commit: a\n"
	     "summary line such as \"3 status changes, F5 prioritised 2025\" (starting with\n"
	     "the meeting when today is one of the plan's meeting days) and one line per\n"
	     "difference.\n"
	     "  -m, --message=TEXT  use TEXT as the whole message\n"
	     "  -n, --dry-run       print the message; commit nothing\n"
	     "Runs your own git: your identity, hooks and signing apply.\n"),
	  cmd_commit },
	{ "diff", N_("[--format=text|markdown] REV [REV2]"),
	  N_("what changed in the plan between two revisions"),
	  N_("Prints one line per difference between the plan at git revision REV and at\n"
	     "REV2 (default: the working files): changes added, deleted and moved; status\n"
	     "changes; priority years added or removed; groups assigned or unassigned;\n"
	     "text edits.  The words are those of commit messages.\n"
	     "  --format=markdown  a list for a follow-up report\n"),
	  cmd_diff },
	{ "log", N_("[-n N] [KIND:ID]"), N_("list the commits that changed the plan, or one record"),
	  N_("Prints the commits that changed the plan's files, newest first, one per\n"
	     "line: short hash, date and summary.\n"
	     "With a record (F3, group:fstod, status:pagar, plan), the commits that\n"
	     "changed that record, tab-separated: short hash and date with a change's\n"
	     "status then and its prioritised years ('-' if none, and for other kinds),\n"
	     "what changed, and the commit's summary (of the newest 1000 commits, or N).\n"
	     "  -n N, --max-count=N  only the newest N commits\n"),
	  cmd_log },
	{ "merge-file", N_("[--marker-size=N] [-L LABEL]... BASE OURS THEIRS [PATH]"),
	  N_("merge three versions of a plan file by records and fields (git's driver)"),
	  N_("Merges what THEIRS changed since BASE into OURS, and writes the result to\n"
	     "OURS, as 'git merge-file' does by lines; PATH (or OURS) names the plan file.\n"
	     "Ours' layout and comments stay.  A field changed on one side takes that\n"
	     "side's value; lists (groups, members, priority years) are merged as sets;\n"
	     "records added, deleted or moved on one side are so in the result; a change\n"
	     "added on both sides under the same id keeps both, theirs' with the next free\n"
	     "id (said on standard error).  What cannot be merged so (one field set to two\n"
	     "values, a record deleted on one side and changed on the other) is said in\n"
	     "words and marked in the file around only its lines ('samplan check' lists\n"
	     "it, 'samplan resolve' settles it).  A file that is no plan file or does not\n"
	     "read as one is merged by lines ('git merge-file').\n"
	     "Exit status: 0 merged, 1 conflicts left, 2 the files could not be merged.\n"
	     "Registered by 'samplan git-setup' as\n"
	     "  driver = samplan merge-file --marker-size=%L -L %X -L %S -L %Y %O %A %B %P\n"),
	  cmd_merge_file },
	{ "sync", "", N_("send the plan's edits and bring in the others' (git)"),
	  N_("Commits the plan's files when they differ from the last commit (the message\n"
	     "made as 'samplan commit' makes it), fetches the branch's upstream, merges it\n"
	     "(by records and fields once 'samplan git-setup' has run; never a rebase) and\n"
	     "pushes, merging again when someone pushed meanwhile.  Says each edit that\n"
	     "came in and each commit that went out.  Any remote serves: a forge, a\n"
	     "server, a shared folder.  Exit status 0 when everything was merged and sent;\n"
	     "1 otherwise, saying what is left: no remote (the edits are committed here),\n"
	     "no network (they are sent at the next sync), conflicts ('samplan check'\n"
	     "lists them, 'samplan resolve' settles them, then sync again), a detached\n"
	     "HEAD or a branch without upstream.  Refused while a workbench has the plan\n"
	     "open.\n"),
	  cmd_sync },
	{ "resolve", N_("--ours | --theirs | KIND:ID FIELD=VALUE..."),
	  N_("settle the conflicts a merge left in the plan's files"),
	  N_("After a merge that left conflicts ('samplan check' lists them by record and\n"
	     "field), settles them and stages each file with none left:\n"
	     "  --ours        every conflict ours' way\n"
	     "  --theirs      every conflict theirs' way\n"
	     "  KIND:ID FIELD=VALUE  the conflict about that field, with that value\n"
	     "                (checked as 'set' checks it), e.g. resolve F3 status=klar;\n"
	     "                the other conflicts stay marked\n"
	     "Nothing else of the files is touched.\n"),
	  cmd_resolve },
	{ "git-setup", "", N_("let git merge the plan's files by records and fields"),
	  N_("Adds \"FILE merge=samplan\" lines for the plan's files to the plan\n"
	     "directory's .gitattributes (commit it: every clone then knows) and sets\n"
	     "merge.samplan.driver and .name in the repository's own config, which git\n"
	     "does not share: run it once in every clone.  A clone without it merges the\n"
	     "files by lines, as git always does.  'samplan init' does this for a new\n"
	     "plan.  Running it again changes nothing.\n"),
	  cmd_git_setup },
	{ "tui", N_("[-r]"), N_("open the plan in the full-screen workbench (the default)"),
	  N_("Opens the plan for the meeting: every change, the prioritised ones in bold,\n"
	     "working groups and status.  Press ? in the workbench for every key.\n"
	     "One workbench edits a plan at a time (a lock file in the plan directory);\n"
	     "a second one is told who has it open and may open it read-only.\n"
	     "  -r, --read-only  open without editing: every edit is refused\n"),
	  cmd_tui },
	{ "help", N_("[COMMAND]"), N_("show help for a command"),
	  N_("Without COMMAND, lists the commands.\n"), cmd_help },
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void print_command_help(FILE *f, const struct command *c)
{
	fprintf(f, _("Usage: samplan [-C DIR] %s %s\n"), c->name, tr(c->args));
	fprintf(f, "%s.\n\n%s", _(c->summary), _(c->help));
}

static void print_usage(FILE *f)
{
	fprintf(f, _("Usage: samplan [-C DIR] [COMMAND [ARGS...]]\n"
		     "A workbench for the collaboration plan for public health.\n"
		     "Without a command, opens the plan in the full-screen workbench.\n\n"
		     "Options:\n"
		     "  -C DIR         the plan directory (default: the current directory)\n"
		     "  -h, --help     show this help\n"
		     "  -V, --version  show the version\n\n"
		     "Commands:\n"));
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(f, _("\nRun 'samplan help COMMAND' for a command's options.  See samplan(1) and\n"
		     "samplan(5) for the file format.\n"));
}

static int cmd_help(struct cli *cli, int argc, char **argv)
{
	(void)cli;
	if (argc < 2) {
		print_usage(stdout);
		return EXIT_OK;
	}
	const struct command *c = find_command(argv[1]);
	if (!c)
		return usage_error(NULL, _("unknown command '%s'"), argv[1]);
	print_command_help(stdout, c);
	return EXIT_OK;
}

/* What a command printed must have reached standard output: a full disk
 * or a closed pipe is an error (exit status 1), as in coreutils. */
static int close_stdout(int rc)
{
	bool bad = ferror(stdout) != 0;
	errno = 0;
	if (fclose(stdout) != 0)
		bad = true;
	if (bad && rc == EXIT_OK) { /* (a failing command has said why) */
		if (errno)
			fprintf(stderr, _("samplan: cannot write to standard output: %s\n"),
				strerror(errno));
		else
			fprintf(stderr, "%s\n", _("samplan: cannot write to standard output"));
		return EXIT_PROBLEM;
	}
	return rc;
}

int cli_main(int argc, char **argv)
{
	struct cli cli = { .dir = ".", .prog = argv[0] };
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	/* '+': stop at the command, whose own options follow it */
	while ((ch = getopt_long(argc, argv, "+C:hV", opts, NULL)) != -1) {
		switch (ch) {
		case 'C':
			cli.dir = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return close_stdout(EXIT_OK);
		case 'V':
			printf("samplan %s\n", PACKAGE_VERSION);
			return close_stdout(EXIT_OK);
		default:
			fprintf(stderr, _("Try 'samplan --help'.\n"));
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return tui_main(cli.dir);
	const struct command *c = find_command(argv[optind]);
	if (!c)
		return usage_error(NULL, _("unknown command '%s'"), argv[optind]);
	/* a command changes its arguments as it reads them: each run gets a
	 * fresh copy, so that an edit runs again the same way */
	int n = argc - optind, rc;
	char **args = xcalloc((size_t)n + 1, sizeof(*args));
	cli.retries_left = EDIT_RETRIES;
	do {
		memcpy(args, argv + optind, (size_t)n * sizeof(*args));
		rc = c->run(&cli, n, args);
		if (rc == EXIT_RETRY)
			fprintf(stderr, "%s\n", _("samplan: another program wrote the plan meanwhile; the edit is made again on its version"));
	} while (rc == EXIT_RETRY && cli.retries_left-- > 0);
	free(args);
	return close_stdout(rc == EXIT_RETRY ? EXIT_PROBLEM : rc);
}
