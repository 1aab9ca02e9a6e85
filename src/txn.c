/* txn.c — see txn.h. */
#include "config.h"

#include "txn.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "i18n.h"

/* Which file a name holds: its inode, size and time of last change of
 * contents, which together tell a file from another that got its inode
 * number after it (ino 0: no file). */
struct fid {
	unsigned long long ino, size;
	long long sec, nsec;
};

/* One file of a save in progress. */
struct ent {
	char *target; /* the real path written (a symlink followed) */
	char *tmp;    /* the new text until the exchange, the old after it */
	char *orig;   /* a second link to the original ("" when none) */
	struct fid new_id, old_id; /* old_id.ino 0: the target was absent */
	bool done;    /* exchanged (or renamed) into place */
	bool plain;   /* renamed, not exchanged: nothing kept to check */
};

static void ents_free(struct ent *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(e[i].target);
		free(e[i].tmp);
		free(e[i].orig);
	}
	free(e);
}

/* The directory of path p (malloc'd): "." for a bare name. */
static char *dir_of(const char *p)
{
	const char *slash = strrchr(p, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == p)
		return xstrdup("/");
	return xstrndup(p, (size_t)(slash - p));
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Syncs the directories of every target and `dir`, each once. */
static int sync_dirs(const char *dir, const struct ent *e, size_t n)
{
	char *real = realpath(dir, NULL);
	int rc = sync_dir(dir);
	for (size_t i = 0; i < n; i++) {
		if (!e[i].target) /* its new text was never written */
			continue;
		char *d = dir_of(e[i].target); /* a real path: atomicfile.h */
		bool seen = real && strcmp(real, d) == 0;
		for (size_t j = 0; j < i && !seen; j++) {
			if (!e[j].target)
				continue;
			char *o = dir_of(e[j].target);
			seen = strcmp(o, d) == 0;
			free(o);
		}
		if (!seen && sync_dir(d) < 0)
			rc = -1;
		free(d);
	}
	free(real);
	return rc;
}

static struct fid fid_of_stat(const struct stat *sb)
{
	return (struct fid){ (unsigned long long)sb->st_ino, (unsigned long long)sb->st_size,
			     (long long)sb->st_mtim.tv_sec, (long long)sb->st_mtim.tv_nsec };
}

static struct fid fid_of(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0 ? fid_of_stat(&sb) : (struct fid){ 0, 0, 0, 0 };
}

/* Whether path holds the file f (f.ino 0: no file there). */
static bool holds(const char *path, const struct fid *f)
{
	struct fid now = fid_of(path);
	return now.ino == f->ino && (!f->ino || (now.size == f->size && now.sec == f->sec &&
						 now.nsec == f->nsec));
}

/* Puts a into b's place and b into a's, at once; or, where the file
 * system cannot (an old kernel, some network file systems), renames a
 * over b (then *plain is set: what b held is gone). */
static int exchange(const char *a, const char *b, bool *plain)
{
	if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0) {
		*plain = false;
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
	*plain = true;
	return rename(a, b);
}

/* Whether the file that e's target held before the exchange (now at
 * e->tmp) is the original as it was read. */
static bool displaced_is_original(const struct ent *e, const struct txn_file *f)
{
	struct stat sb;
	if (lstat(e->tmp, &sb) < 0)
		return false;
	/* the same file, untouched: its inode, size and time of change of
	 * contents as read (another program's write in place moves them) */
	if (f->was_st && (unsigned long long)sb.st_ino == (unsigned long long)f->was_st->st_ino &&
	    sb.st_size == f->was_st->st_size && sb.st_mtim.tv_sec == f->was_st->st_mtim.tv_sec &&
	    sb.st_mtim.tv_nsec == f->was_st->st_mtim.tv_nsec)
		return true;
	return file_holds(e->tmp, f->was, f->was_len) == 1;
}

/* Undoes the exchanges made so far (in reverse), so that every target
 * holds again what it held before; false when one cannot be undone. */
static bool undo_exchanges(struct ent *e, size_t n)
{
	bool all = true;
	for (size_t i = n; i-- > 0;) {
		if (!e[i].done)
			continue;
		int rc;
		if (!e[i].old_id.ino) /* it was absent: take the new text out again */
			rc = rename(e[i].target, e[i].tmp);
		else if (e[i].plain) /* the original is only in its link */
			rc = *e[i].orig ? rename(e[i].orig, e[i].target) : -1;
		else
			rc = renameat2(AT_FDCWD, e[i].tmp, AT_FDCWD, e[i].target, RENAME_EXCHANGE);
		if (rc == 0)
			e[i].done = false;
		else
			all = false;
	}
	return all;
}

/* The intent record: a line per file, tab-separated, after a heading;
 * it is written whole or not at all (atomicfile.h). */
static int write_intent(const char *dir, const struct ent *e, size_t n)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "samplan-save 1\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s\t%s\t%s\t%llu:%llu:%lld.%lld\t%llu:%llu:%lld.%lld\n", e[i].target,
			 e[i].tmp, e[i].orig, e[i].new_id.ino, e[i].new_id.size, e[i].new_id.sec,
			 e[i].new_id.nsec, e[i].old_id.ino, e[i].old_id.size, e[i].old_id.sec,
			 e[i].old_id.nsec);
	buf_adds(&b, "end\n");
	char *path = xasprintf("%s/%s", dir, TXN_FILE_NAME);
	int rc = write_file_atomic(path, b.s, b.len);
	free(path);
	buf_release(&b);
	return rc;
}

static void remove_intent(const char *dir)
{
	char *path = xasprintf("%s/%s", dir, TXN_FILE_NAME);
	unlink(path);
	free(path);
	sync_dir(dir);
}

/* What is left when the save is over: the old texts under the
 * temporaries' names, the links to the originals. */
static void remove_leftovers(const struct ent *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i].tmp)
			unlink(e[i].tmp);
		if (e[i].orig && *e[i].orig)
			unlink(e[i].orig);
	}
}

/* A save that cannot go on (for `why`): every target back as it was, the
 * new texts and the links removed, the intent too; when that cannot be
 * done, the intent stays for the next opener and the message says so. */
static enum txn_result undo_save(const char *dir, struct ent *e, size_t n, bool intent,
				 enum txn_result why, bool *left, struct diags *d)
{
	if (!undo_exchanges(e, n)) {
		if (left)
			*left = true;
		diags_clear(d);
		diag_add(d, dir, 0, 0, "%s",
			 _("the save was cut off part way and could not be undone at once; the next samplan command here finishes or undoes it before it reads the plan"));
		return TXN_FAILED;
	}
	sync_dirs(dir, e, n);
	if (intent)
		remove_intent(dir);
	/* the new texts (none in place now) and the links go; after another
	 * program's write, its version is in its target again */
	for (size_t i = 0; i < n; i++) {
		if (e[i].tmp && (!e[i].old_id.ino || holds(e[i].tmp, &e[i].new_id)))
			unlink(e[i].tmp);
		if (e[i].orig && *e[i].orig)
			unlink(e[i].orig);
	}
	return why;
}

enum txn_result txn_save(const char *dir, const struct txn_file *files, size_t n, size_t *changed,
			 bool *left, struct diags *d)
{
	return txn_save_ex(dir, files, n, NULL, NULL, changed, left, d);
}

enum txn_result txn_save_ex(const char *dir, const struct txn_file *files, size_t n,
			    void (*ready)(void *ctx, const struct stat *new_st), void *ctx,
			    size_t *changed, bool *left, struct diags *d)
{
	if (left)
		*left = false;
	struct ent *e = xcalloc(n ? n : 1, sizeof(*e));
	enum txn_result res = TXN_DONE;
	/* 1. the new texts, synced, beside their targets */
	for (size_t i = 0; i < n && res == TXN_DONE; i++) {
		struct atomic_file af;
		if (atomic_prepare(&af, files[i].path, files[i].iov, files[i].niov, files[i].mode) < 0) {
			diag_add(d, files[i].path, 0, 0, _("not saved: cannot write: %s"), strerror(errno));
			res = TXN_FAILED;
			break;
		}
		e[i].target = af.target;
		e[i].tmp = af.tmp;
		af.target = af.tmp = NULL;
		e[i].new_id = fid_of(e[i].tmp);
		e[i].orig = xstrdup("");
	}
	/* 2. a way back to each original, which must still be as read */
	for (size_t i = 0; i < n && res == TXN_DONE; i++) {
		const struct txn_file *f = &files[i];
		struct stat sb;
		bool there = lstat(e[i].target, &sb) == 0;
		if (there != (f->was_st != NULL) ||
		    (there && !(sb.st_ino == f->was_st->st_ino && sb.st_size == f->was_st->st_size &&
				sb.st_mtim.tv_sec == f->was_st->st_mtim.tv_sec &&
				sb.st_mtim.tv_nsec == f->was_st->st_mtim.tv_nsec) &&
		     file_holds(e[i].target, f->was, f->was_len) != 1)) {
			if (changed)
				*changed = i;
			res = TXN_CHANGED;
			break;
		}
		if (!there)
			continue;
		e[i].old_id = fid_of_stat(&sb);
		free(e[i].orig);
		e[i].orig = xasprintf("%s-orig", e[i].tmp);
		if (link(e[i].target, e[i].orig) < 0) { /* a file system without hard links */
			free(e[i].orig);
			e[i].orig = xstrdup("");
		}
	}
	/* the new files as they will stand, for whoever must know them first */
	if (res == TXN_DONE && ready) {
		struct stat *sts = xcalloc(n ? n : 1, sizeof(*sts));
		for (size_t i = 0; i < n; i++)
			if (lstat(e[i].tmp, &sts[i]) < 0)
				memset(&sts[i], 0, sizeof(sts[i]));
		ready(ctx, sts);
		free(sts);
	}
	/* 3. the intent, when more than one file changes */
	bool intent = n > 1;
	if (res == TXN_DONE && intent && write_intent(dir, e, n) < 0) {
		diag_add(d, dir, 0, 0, _("not saved: cannot write %s: %s"), TXN_FILE_NAME, strerror(errno));
		res = TXN_FAILED;
		intent = false;
	}
	/* 4. each into place, and what it replaced checked */
	for (size_t i = 0; i < n && res == TXN_DONE; i++) {
		int rc = e[i].old_id.ino ? exchange(e[i].tmp, e[i].target, &e[i].plain)
				      : renameat2(AT_FDCWD, e[i].tmp, AT_FDCWD, e[i].target, RENAME_NOREPLACE);
		if (rc < 0 && !e[i].old_id.ino && (errno == EINVAL || errno == ENOSYS)) {
			/* no RENAME_NOREPLACE here: link fails as well when it is there */
			rc = link(e[i].tmp, e[i].target);
			if (rc == 0)
				unlink(e[i].tmp);
		}
		if (rc < 0 && errno == EEXIST) { /* created meanwhile by another program */
			if (changed)
				*changed = i;
			res = TXN_CHANGED;
			break;
		}
		if (rc < 0) {
			diag_add(d, files[i].path, 0, 0, _("not saved: cannot write: %s"), strerror(errno));
			res = TXN_FAILED;
			break;
		}
		e[i].done = true;
		if (e[i].old_id.ino && !e[i].plain && !displaced_is_original(&e[i], &files[i])) {
			if (changed)
				*changed = i;
			res = TXN_CHANGED;
		}
	}
	if (res != TXN_DONE) {
		res = undo_save(dir, e, n, intent, res, left, d);
		ents_free(e, n);
		return res;
	}
	/* 5. durable; then, once more, what each replaced is checked (a
	 * program that opened a target before its exchange has written by
	 * now: its write went to the file kept under the temporary's name,
	 * and the save is undone for it); the intent and the leftovers go */
	sync_dirs(dir, e, n);
	for (size_t i = 0; i < n; i++)
		if (e[i].old_id.ino && !e[i].plain && !displaced_is_original(&e[i], &files[i])) {
			if (changed)
				*changed = i;
			res = undo_save(dir, e, n, intent, TXN_CHANGED, left, d);
			ents_free(e, n);
			return res;
		}
	if (intent)
		remove_intent(dir);
	remove_leftovers(e, n);
	ents_free(e, n);
	return TXN_DONE;
}

/* ---- after a save was cut off ------------------------------------------ */

bool txn_pending(const char *dir)
{
	char *path = xasprintf("%s/%s", dir, TXN_FILE_NAME);
	struct stat sb;
	bool there = lstat(path, &sb) == 0;
	free(path);
	return there;
}

/* Reads the intent record; returns its entries (*n of them), or NULL
 * when it does not read (then nothing may be decided from it). */
static struct ent *read_intent(const char *path, size_t *n)
{
	*n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	struct ent *e = NULL;
	size_t cap = 0;
	char line[3 * 4096 + 64];
	bool head = false, end = false, bad = false;
	while (!bad && !end && fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);
		if (!len || line[len - 1] != '\n') {
			bad = true;
			break;
		}
		line[len - 1] = '\0';
		if (!head) {
			head = true;
			bad = strcmp(line, "samplan-save 1") != 0;
			continue;
		}
		if (strcmp(line, "end") == 0) {
			end = true;
			break;
		}
		/* five tab-separated fields, the link's empty when there is none */
		char *field[5], *p = line;
		int k = 0;
		while (p && k < 5) {
			field[k++] = p;
			p = strchr(p, '\t');
			if (p)
				*p++ = '\0';
		}
		if (k != 5 || p) {
			bad = true;
			break;
		}
		if (*n == cap)
			e = xrealloc(e, (cap = cap ? 2 * cap : 4) * sizeof(*e));
		struct ent *x = &e[(*n)++];
		memset(x, 0, sizeof(*x));
		x->target = xstrdup(field[0]);
		x->tmp = xstrdup(field[1]);
		x->orig = xstrdup(field[2]);
		if (sscanf(field[3], "%llu:%llu:%lld.%lld", &x->new_id.ino, &x->new_id.size,
			   &x->new_id.sec, &x->new_id.nsec) != 4 ||
		    sscanf(field[4], "%llu:%llu:%lld.%lld", &x->old_id.ino, &x->old_id.size,
			   &x->old_id.sec, &x->old_id.nsec) != 4) {
			bad = true;
			break;
		}
	}
	fclose(f);
	if (bad || !end || !*n) {
		ents_free(e, *n);
		*n = 0;
		return NULL;
	}
	return e;
}

int txn_recover(const char *dir, struct buf *said, struct diags *d)
{
	char *path = xasprintf("%s/%s", dir, TXN_FILE_NAME);
	struct stat sb;
	if (lstat(path, &sb) < 0) {
		free(path);
		return 0;
	}
	size_t n;
	struct ent *e = read_intent(path, &n);
	if (!e) {
		/* written whole or not at all: one that does not read is not
		 * ours, and nothing it names is touched */
		diag_add(d, path, 0, 0, "%s",
			 _("an interrupted save's record does not read; the plan's files are left as they are: check them, then remove this file"));
		free(path);
		return -1;
	}
	/* where each file stands: its new text in place, the original in
	 * place, the new text still in the temporary */
	bool forward = true, back = true;
	size_t in_place = 0;
	for (size_t i = 0; i < n; i++) {
		bool is_new = holds(e[i].target, &e[i].new_id);
		bool is_old = holds(e[i].target, &e[i].old_id);
		e[i].done = is_new;
		in_place += is_new;
		forward = forward && (is_new || (is_old && holds(e[i].tmp, &e[i].new_id)));
		back = back && (is_old || (is_new && (!e[i].old_id.ino || holds(e[i].orig, &e[i].old_id) ||
						      holds(e[i].tmp, &e[i].old_id))));
	}
	int rc = 0;
	if (forward) {
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (e[i].done)
				continue;
			bool plain;
			rc = e[i].old_id.ino ? exchange(e[i].tmp, e[i].target, &plain)
					  : rename(e[i].tmp, e[i].target);
		}
		if (rc == 0)
			buf_addf(said, ngettext_("a save that was cut off (%zu of its %zu file written) is finished",
						 "a save that was cut off (%zu of its %zu files written) is finished",
						 n),
				 in_place, n);
	} else if (back) {
		for (size_t i = 0; i < n && rc == 0; i++) {
			if (!e[i].done)
				continue;
			if (!e[i].old_id.ino)
				rc = unlink(e[i].target);
			else if (holds(e[i].tmp, &e[i].old_id)) { /* exchanged: back again */
				bool plain;
				rc = exchange(e[i].tmp, e[i].target, &plain);
			} else
				rc = rename(e[i].orig, e[i].target);
		}
		if (rc == 0)
			buf_addf(said, ngettext_("a save that was cut off (%zu file) is undone: the plan is as it was before it",
						 "a save that was cut off (%zu files) is undone: the plan is as it was before it",
						 n),
				 n);
	} else {
		diag_add(d, path, 0, 0, "%s",
			 _("a save was cut off, and the plan's files have changed since, so that it can be neither finished nor undone; check the files, then remove this file"));
		ents_free(e, n);
		free(path);
		return -1;
	}
	if (rc < 0) {
		diag_add(d, path, 0, 0, _("a save was cut off, and finishing it failed: %s"), strerror(errno));
		ents_free(e, n);
		free(path);
		return -1;
	}
	sync_dirs(dir, e, n);
	remove_intent(dir);
	remove_leftovers(e, n);
	ents_free(e, n);
	free(path);
	return 0;
}
