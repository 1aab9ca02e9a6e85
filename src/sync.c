/* sync.c — commit, fetch, merge, push (see sync.h). */
#include "config.h"

#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gitrun.h"
#include "history.h"
#include "atomicfile.h"
#include "i18n.h"
#include "lock.h"
#include "merge.h"
#include "model.h"
#include "ops.h"
#include "store.h"

/* How often a rejected push is fetched, merged and tried again. */
enum { PUSH_TRIES = 3 };
/* Incoming commits said edit by edit; more are counted. */
enum { SAID_COMMITS = 20 };

/* Runs git in dir; its stdout in `out` (trailing newline dropped), its
 * stderr in `err`; returns git's status. */
static int git(const char *dir, struct buf *out, struct buf *err, const char *const *args)
{
	struct buf o = BUF_INIT, e = BUF_INIT;
	int rc = git_run(dir, args, &o, &e);
	buf_chomp(&o);
	buf_chomp(&e);
	if (out)
		buf_adds(out, buf_str(&o));
	if (err)
		buf_adds(err, buf_str(&e));
	buf_release(&o);
	buf_release(&e);
	return rc;
}

/* git's words, one line: its last line of stderr. */
static const char *last_line(const struct buf *b)
{
	const char *nl = b->len ? strrchr(buf_str(b), '\n') : NULL;
	return nl ? nl + 1 : buf_str(b);
}

/* Says each edit commit `rev` made to the plan, as "from REMOTE: EDIT
 * (AUTHOR, DATE)". */
static size_t say_commit(const char *dir, const char *remote, const char *rev, const char *who,
			 struct buf *said)
{
	struct buf parent = BUF_INIT, err = BUF_INIT;
	buf_addf(&parent, "%s^", rev);
	struct plan *a = NULL, *b = NULL;
	size_t n = 0;
	if (history_load_rev(dir, buf_str(&parent), &a, &err) < 0)
		a = plan_new(); /* the first commit: every record came in */
	buf_reset(&err);
	if (history_load_rev(dir, rev, &b, &err) == 0) {
		struct oplist ops = OPLIST_INIT;
		plan_diff(a, b, &ops);
		struct buf line = BUF_INIT;
		for (size_t i = 0; i < ops.n;) {
			buf_reset(&line);
			i += op_describe_at(b, ops.v, ops.n, i, &line);
			/* TRANSLATORS: "from origin: F3: status Pågår → Klar (Söder, 2025-04-02)" */
			buf_addf(said, _("from %s: %s (%s)\n"), remote, buf_str(&line), who);
			n++;
		}
		buf_release(&line);
		oplist_clear(&ops);
	}
	plan_free(&a);
	plan_free(&b);
	buf_release(&parent);
	buf_release(&err);
	return n;
}

/* Says what the commits in `range` brought, oldest first. */
static size_t say_incoming(const char *dir, const char *remote, const char *range,
			   struct buf *said)
{
	size_t edits = 0;
	struct buf list = BUF_INIT;
	const char *args[] = { "log", "--reverse", "--no-merges", "--format=%H %an, %as", range,
			       NULL };
	if (git(dir, &list, NULL, args) != 0 || !list.len) {
		buf_release(&list);
		return 0;
	}
	size_t n = 0;
	char *save = NULL;
	for (char *l = strtok_r(list.s, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++) {
		if (n >= SAID_COMMITS)
			continue;
		char *sp = strchr(l, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		edits += say_commit(dir, remote, l, sp + 1, said);
	}
	if (n > SAID_COMMITS)
		buf_addf(said,
			 ngettext_("from %s: and %zu commit more (samplan log lists them)\n",
				   "from %s: and %zu commits more (samplan log lists them)\n",
				   n - SAID_COMMITS),
			 remote, n - SAID_COMMITS);
	buf_release(&list);
	return edits;
}

/* Says the commits in `range` as "to REMOTE: SUBJECT". */
static size_t say_outgoing(const char *dir, const char *remote, const char *range, struct buf *said)
{
	struct buf list = BUF_INIT;
	const char *args[] = { "log", "--reverse", "--no-merges", "--format=%s", range, NULL };
	size_t n = 0;
	if (git(dir, &list, NULL, args) == 0 && list.len) {
		char *save = NULL;
		for (char *l = strtok_r(list.s, "\n", &save); l; l = strtok_r(NULL, "\n", &save), n++)
			/* TRANSLATORS: "to origin: 1 status change" */
			buf_addf(said, _("to %s: %s\n"), remote, l);
	}
	buf_release(&list);
	return n;
}

/* The state of the plan's files in git, in one `git status`: whether any
 * is unmerged (a conflict git left) and whether any differs from the last
 * commit. */
static int git_plan_status(const char *dir, bool *unmerged, bool *dirty)
{
	const char *args[6 + SF_COUNT];
	history_with_files(dir, args, (const char *[]){ "status", "--porcelain",
						"--untracked-files=all", "--", NULL });
	struct buf out = BUF_INIT;
	int rc = git(dir, &out, NULL, args);
	*unmerged = *dirty = false;
	for (const char *l = buf_str(&out); rc == 0 && *l; l = strchr(l, '\n'), l = l ? l + 1 : "") {
		*dirty = true;
		/* git's codes of an unmerged path: DD AU UD UA DU AA UU */
		if (l[0] == 'U' || l[1] == 'U' || (l[0] == 'A' && l[1] == 'A') ||
		    (l[0] == 'D' && l[1] == 'D'))
			*unmerged = true;
	}
	buf_release(&out);
	return rc;
}

static void conflicts_left(struct buf *said)
{
	buf_adds(said, _("the merge left conflicts: 'samplan check' lists them, 'samplan resolve' "
			 "settles them; then 'samplan sync' again\n"));
}

/* Commits the plan's files (which differ from the last commit). */
static enum sync_result commit_saved(const char *dir, struct buf *said)
{
	struct plan *p;
	struct store *st;
	struct diags d = DIAGS_INIT;
	if (store_load(dir, &p, &st, &d) < 0) {
		buf_adds(said, _("the plan's files have problems ('samplan check' lists them): nothing "
				 "was committed or sent\n"));
		diags_clear(&d);
		return SYNC_REFUSED;
	}
	struct buf msg = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	history_draft_message(dir, p, &msg);
	int rc = history_commit(dir, buf_str(&msg), &out, &err);
	if (rc < 0)
		buf_addf(said, _("cannot commit: %s\n"), buf_str(&err));
	else if (rc == 0)
		/* TRANSLATORS: "committed: 1 status change" */
		buf_addf(said, _("committed: %.*s\n"), (int)strcspn(buf_str(&msg), "\n"),
			 buf_str(&msg));
	plan_free(&p);
	store_free(&st);
	buf_release(&msg);
	buf_release(&out);
	buf_release(&err);
	return rc < 0 ? SYNC_REFUSED : SYNC_DONE;
}

/* Counts the commits of `a` not in `b`, and of `b` not in `a`.  When `b`
 * does not exist (the upstream branch is not on the remote yet, as in a
 * clone of an empty shared repository), everything of `a` is ahead. */
static void ahead_behind(const char *dir, const char *a, const char *b, long *ahead, long *behind)
{
	struct buf range = BUF_INIT, out = BUF_INIT;
	buf_addf(&range, "%s...%s", a, b);
	const char *args[] = { "rev-list", "--left-right", "--count", buf_str(&range), NULL };
	*ahead = *behind = 0;
	if (git(dir, &out, NULL, args) == 0 && sscanf(buf_str(&out), "%ld %ld", ahead, behind) == 2) {
		buf_release(&range);
		buf_release(&out);
		return;
	}
	const char *all[] = { "rev-list", "--count", a, NULL };
	buf_reset(&out);
	if (git(dir, &out, NULL, all) == 0)
		*ahead = atol(buf_str(&out));
	buf_release(&range);
	buf_release(&out);
}

enum sync_result sync_run(const char *dir, struct buf *said, struct sync_report *rep)
{
	struct sync_report dummy;
	if (!rep)
		rep = &dummy;
	rep->edits_in = rep->commits_out = 0;
	struct buf gitdir = BUF_INIT, head = BUF_INIT, upinfo = BUF_INIT;
	enum sync_result r = SYNC_REFUSED;
	const char *where[] = { "rev-parse", "--is-inside-work-tree", "--absolute-git-dir", NULL };
	int rc = git(dir, &gitdir, NULL, where);
	if (rc == 127) {
		buf_adds(said, _("git is not installed (or cannot be run)\n"));
		goto out;
	}
	if (rc != 0 || strncmp(buf_str(&gitdir), "true\n", 5) != 0) {
		buf_addf(said, _("%s is not in a git repository\n"), dir);
		goto out;
	}
	const char *symref[] = { "symbolic-ref", "-q", "HEAD", NULL };
	if (git(dir, &head, NULL, symref) != 0 || strncmp(buf_str(&head), "refs/heads/", 11) != 0) {
		buf_adds(said, _("HEAD is detached (on no branch): switch to the plan's branch ('git "
				 "switch main') and sync again\n"));
		goto out;
	}
	const char *branch = buf_str(&head) + 11;
	bool conflicted, dirty;
	if (git_plan_status(dir, &conflicted, &dirty) != 0) {
		buf_addf(said, _("%s is not in a git repository\n"), dir);
		goto out;
	}
	if (conflicted) {
		conflicts_left(said);
		r = SYNC_CONFLICTS;
		goto out;
	}
	/* a merge whose conflicts were resolved: commit it, as git prepared it */
	char *merge_head = xasprintf("%s/MERGE_HEAD", buf_str(&gitdir) + 5);
	bool merging = access(merge_head, F_OK) == 0;
	free(merge_head);
	if (merging) {
		/* only what reads as a plan: a file staged with its markers (git
		 * add, as git suggests) is a conflict still */
		struct plan *p;
		struct store *st;
		struct diags d = DIAGS_INIT;
		bool reads = store_load(dir, &p, &st, &d) == 0;
		plan_free(&p);
		store_free(&st);
		diags_clear(&d);
		if (!reads) {
			buf_adds(said, _("the merge is not finished: the plan's files do not read ('samplan "
					 "check' lists the conflicts left); nothing was committed or sent\n"));
			r = SYNC_CONFLICTS;
			goto out;
		}
		const char *conclude[] = { "commit", "-q", "--no-edit", NULL };
		struct buf err = BUF_INIT;
		rc = git(dir, NULL, &err, conclude);
		if (rc != 0)
			buf_addf(said, _("cannot commit the merge: %s\n"), last_line(&err));
		else
			buf_adds(said, _("the merge is committed\n"));
		buf_release(&err);
		if (rc != 0)
			goto out;
		dirty = false;
	}
	if (dirty && commit_saved(dir, said) != SYNC_DONE)
		goto out;

	/* the upstream: its remote, its branch there, and its name here */
	struct buf ref = BUF_INIT;
	buf_addf(&ref, "refs/heads/%s", branch);
	const char *upstream[] = { "for-each-ref",
				   "--format=%(upstream:remotename)%09%(upstream:remoteref)%09%(upstream:short)",
				   buf_str(&ref), NULL };
	git(dir, &upinfo, NULL, upstream);
	buf_release(&ref);
	char *f1 = strchr(buf_str(&upinfo), '\t'), *f2 = f1 ? strchr(f1 + 1, '\t') : NULL;
	if (!f1 || !f2 || f1 == buf_str(&upinfo) || !f2[1]) {
		struct buf remotes = BUF_INIT;
		const char *list_args[] = { "remote", NULL };
		git(dir, &remotes, NULL, list_args);
		if (!remotes.len)
			buf_adds(said, _("no remote to send to: the edits are committed here (add one with "
					 "'git remote add origin URL', a server or a shared folder)\n"));
		else
			buf_addf(said, _("the branch %s has no upstream: send it once with 'git push -u %.*s "
					 "%s'\n"),
				 branch, (int)strcspn(buf_str(&remotes), "\n"), buf_str(&remotes), branch);
		buf_release(&remotes);
		r = SYNC_LOCAL;
		goto out;
	}
	*f1 = *f2 = '\0';
	const char *rname = buf_str(&upinfo), *rref = f1 + 1, *up = f2 + 1;
	struct buf range = BUF_INIT, err = BUF_INIT, refspec = BUF_INIT;
	buf_addf(&refspec, "HEAD:%s", rref);
	r = SYNC_DONE;
	for (int attempt = 0;; attempt++) {
		buf_reset(&err);
		const char *fetch[] = { "fetch", "-q", rname, NULL };
		if (git(dir, NULL, &err, fetch) != 0) {
			buf_addf(said, _("cannot reach %s (%s): the edits are committed here and are sent "
					 "at the next sync\n"),
				 rname, last_line(&err));
			r = SYNC_OFFLINE;
			break;
		}
		long ahead, behind;
		ahead_behind(dir, "HEAD", up, &ahead, &behind);
		if (behind) {
			buf_reset(&range);
			buf_addf(&range, "HEAD..%s", up);
			rep->edits_in += say_incoming(dir, rname, buf_str(&range), said);
			/* a merge, never a rebase: the history stays as the parties made it */
			const char *merge_up[] = { "merge", "-q", "--no-edit", up, NULL };
			buf_reset(&err);
			if (git(dir, NULL, &err, merge_up) != 0) {
				bool c = git_plan_status(dir, &conflicted, &dirty) == 0 && conflicted;
				if (c)
					conflicts_left(said);
				else
					buf_addf(said, _("cannot merge %s: %s\n"), up, last_line(&err));
				r = c ? SYNC_CONFLICTS : SYNC_REFUSED;
				break;
			}
			ahead_behind(dir, "HEAD", up, &ahead, &behind);
		}
		if (!ahead) {
			if (attempt == 0 && !behind)
				buf_addf(said, _("up to date with %s\n"), rname);
			break;
		}
		buf_reset(&range);
		const char *exists[] = { "rev-parse", "-q", "--verify", up, NULL };
		if (git(dir, NULL, NULL, exists) == 0)
			buf_addf(&range, "%s..HEAD", up);
		else
			buf_adds(&range, "HEAD"); /* the remote has none of it yet */
		struct buf sent = BUF_INIT;
		size_t nsent = say_outgoing(dir, rname, buf_str(&range), &sent);
		buf_reset(&err);
		const char *push[] = { "push", "-q", rname, buf_str(&refspec), NULL };
		if (git(dir, NULL, &err, push) == 0) {
			buf_adds(said, buf_str(&sent));
			rep->commits_out = nsent;
			buf_release(&sent);
			break;
		}
		buf_release(&sent);
		bool rejected = strstr(buf_str(&err), "rejected") || strstr(buf_str(&err), "fetch first") ||
				strstr(buf_str(&err), "non-fast-forward");
		if (!rejected || attempt + 1 == PUSH_TRIES) {
			buf_addf(said, _("cannot send to %s (%s): committed and merged here; sent at the "
					 "next sync\n"),
				 rname, last_line(&err));
			r = SYNC_OFFLINE;
			break;
		}
		/* someone sent meanwhile: theirs merged in, and sent again */
	}
	buf_release(&range);
	buf_release(&err);
	buf_release(&refspec);
out:
	buf_release(&gitdir);
	buf_release(&head);
	buf_release(&upinfo);
	return r;
}

int sync_write_settled(const char *dir, enum store_file_id f, const char *path,
		       const struct buf *text, struct buf *err)
{
	struct merge_hunks h;
	long left = merge_hunks_read(buf_str(text), text->len, &h);
	merge_hunks_free(&h);
	if (left == 0) {
		/* the last one: what is written, and staged, must read */
		struct plan *p;
		struct store *st;
		struct diags d = DIAGS_INIT;
		int rc = store_load_file(f, path, buf_str(text), text->len, &p, &st, &d);
		if (rc < 0) {
			struct buf why = BUF_INIT;
			if (d.n)
				diag_format(&d.v[0], &why);
			buf_addf(err, _("%s would not read as a plan file (%s); nothing was written"), path,
				 buf_str(&why));
			buf_release(&why);
		}
		plan_free(&p);
		store_free(&st);
		diags_clear(&d);
		if (rc < 0)
			return -1;
	}
	int wlock = lock_write_take(dir, 10000, err);
	if (wlock == -1)
		return -1;
	int wrc = write_file_atomic(path, buf_str(text), text->len), werr = errno;
	lock_write_release(&wlock);
	if (wrc < 0) {
		buf_addf(err, _("cannot write %s: %s"), path, strerror(werr));
		return -1;
	}
	if (left != 0 || !git_inside_work_tree(dir))
		return 0;
	const char *slash = strrchr(path, '/');
	char *d = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	const char *args[] = { "add", "--", slash ? slash + 1 : path, NULL };
	struct buf gerr = BUF_INIT;
	int rc = 0;
	if (git(d, NULL, &gerr, args) != 0) {
		buf_addf(err, _("%s is settled, but git could not stage it: %s"), path, last_line(&gerr));
		rc = 1;
	}
	buf_release(&gerr);
	free(d);
	return rc;
}
