/* session.c — see session.h. */
#include "config.h"

#include "session.h"

#include "txn.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomicfile.h"
#include "history.h"
#include "i18n.h"
#include "lock.h"
#include "userconf.h"

/* Takes the write lock (see session_open); a refusal goes into d. */
static int take_write_lock(struct session *s, struct diags *d)
{
	struct buf err = BUF_INIT;
	s->wlock = lock_write_take(s->dir, SESSION_WRITE_WAIT_MS, &err);
	if (s->wlock == -1)
		diag_add(d, s->dir, 0, 0, "%s", buf_str(&err));
	buf_release(&err);
	return s->wlock == -1 ? -1 : 0;
}

/* The temporaries a killed samplan left: beside the plan, and beside the
 * files its plan files are symlinks to. */
static void remove_stale(const char *dir)
{
	atomic_remove_stale(dir);
	char *real_dir = realpath(dir, NULL);
	for (int f = 0; f < SF_COUNT; f++) {
		char *path = xasprintf("%s/%s", dir, schema_files[f].name);
		char *real = realpath(path, NULL);
		char *slash = real ? strrchr(real, '/') : NULL;
		if (slash) {
			*slash = '\0';
			if (!real_dir || strcmp(real, real_dir) != 0)
				atomic_remove_stale(*real ? real : "/");
		}
		free(real);
		free(path);
	}
	free(real_dir);
}

int session_recover(const char *dir, bool locked, struct buf *said, struct diags *d)
{
	int rc = 0;
	if (txn_pending(dir)) {
		int fd = LOCK_WRITE_NONE;
		struct buf err = BUF_INIT;
		if (!locked)
			fd = lock_write_take(dir, SESSION_WRITE_WAIT_MS, &err);
		if (fd == -1) {
			diag_add(d, dir, 0, 0, "%s", buf_str(&err));
			rc = -1;
		} else {
			rc = txn_recover(dir, said, d);
		}
		buf_release(&err);
		lock_write_release(&fd);
	}
	if (rc == 0)
		remove_stale(dir);
	return rc;
}

int session_open(struct session *s, const char *dir, bool once, struct diags *d)
{
	memset(s, 0, sizeof(*s));
	s->dir = dir;
	s->once = once;
	s->wlock = LOCK_WRITE_NONE;
	if (once && take_write_lock(s, d) < 0)
		return -1;
	/* a save cut off is finished or undone before anything is read */
	struct buf said = BUF_INIT;
	if (session_recover(dir, once, &said, d) < 0) {
		buf_release(&said);
		lock_write_release(&s->wlock);
		return -1;
	}
	s->notice = said.len ? buf_detach(&said) : NULL;
	buf_release(&said);
	struct stat sb;
	if (stat(dir, &sb) == 0) {
		s->dir_dev = (unsigned long long)sb.st_dev;
		s->dir_ino = (unsigned long long)sb.st_ino;
		s->dir_known = true;
	}
	if (store_load(dir, &s->p, &s->st, d) < 0) {
		lock_write_release(&s->wlock);
		return -1;
	}
	return 0;
}

static void clear_history(struct session *s)
{
	for (size_t i = 0; i < s->nops; i++)
		op_clear(&s->ops[i]);
	s->nops = s->nundo = s->saved_at = 0;
}

static void pend_clear(struct session *s)
{
	for (size_t i = 0; i < s->npend; i++)
		op_clear(&s->pend[i]);
	s->npend = 0;
}

void session_close(struct session *s)
{
	clear_history(s);
	free(s->ops);
	pend_clear(s);
	free(s->pend);
	plan_free(&s->p);
	store_free(&s->st);
	lock_write_release(&s->wlock);
	free(s->dir_own);
	free(s->notice);
	memset(s, 0, sizeof(*s));
	s->wlock = LOCK_WRITE_NONE;
}

/* An op was applied (an edit, an undo's inverse, a redo): keeps it with
 * the unsaved edits and appends it to the journal. */
static void journal_applied(struct session *s, const struct op *op, struct buf *warn)
{
	if (s->npend == s->cappend) {
		s->cappend = s->cappend ? 2 * s->cappend : 32;
		s->pend = xrealloc(s->pend, s->cappend * sizeof(*s->pend));
	}
	op_copy(op, &s->pend[s->npend++]);
	/* while edits are re-applied the journal holds them all already; it
	 * is rewritten when that ends */
	if (!s->journal || s->replaying)
		return;
	if (!journal_base(s->journal)) /* the files as read, or as last saved */
		journal_set_base(s->journal, journal_id_store(s->st));
	struct buf err = BUF_INIT;
	if (journal_append(s->journal, op, &err) < 0 && warn)
		buf_addf(warn, _("not safe from a crash: %s"), buf_str(&err));
	buf_release(&err);
}

/* Keeps an applied op for undo; what was undone can no longer be redone. */
static void keep_applied(struct session *s, struct op *op)
{
	for (size_t i = s->nundo; i < s->nops; i++)
		op_clear(&s->ops[i]);
	if (s->saved_at > s->nundo && s->saved_at != SIZE_MAX)
		s->saved_at = SIZE_MAX;
	s->nops = s->nundo;
	if (s->nops == s->capops) {
		s->capops = s->capops ? 2 * s->capops : 32;
		s->ops = xrealloc(s->ops, s->capops * sizeof(*s->ops));
	}
	s->ops[s->nops++] = *op;
	s->nundo = s->nops;
}

void session_record(struct session *s, struct op *op, struct buf *warn)
{
	journal_applied(s, op, warn);
	keep_applied(s, op);
}

int session_apply(struct session *s, struct op *op, struct buf *err, struct buf *warn)
{
	if (op_is_noop(s->p, op)) {
		op_clear(op);
		return 0;
	}
	if (op_apply(s->p, op, err) < 0) {
		op_clear(op);
		return -1;
	}
	session_record(s, op, warn);
	memset(op, 0, sizeof(*op)); /* the session's now */
	return 1;
}

/* Undoes the op at nundo - 1; returns 0, or -1 (why in err). */
static int undo_one(struct session *s, struct buf *err, struct buf *warn)
{
	struct op inv;
	op_invert(&s->ops[s->nundo - 1], &inv);
	int rc = op_apply(s->p, &inv, err);
	if (rc == 0) {
		s->nundo--;
		journal_applied(s, &inv, warn);
	}
	op_clear(&inv);
	return rc;
}

static int redo_one(struct session *s, struct buf *err, struct buf *warn)
{
	if (op_apply(s->p, &s->ops[s->nundo], err) < 0)
		return -1;
	journal_applied(s, &s->ops[s->nundo], warn);
	s->nundo++;
	return 0;
}

/* An edit is an op and the ops joined to it: undone and redone whole, or
 * (when one of them is refused) not at all. */
const struct op *session_undo(struct session *s, struct buf *err, struct buf *warn)
{
	size_t was = s->nundo;
	while (s->nundo) {
		bool joined = s->ops[s->nundo - 1].joined;
		if (undo_one(s, err, warn) < 0) {
			while (s->nundo < was && redo_one(s, err, warn) == 0)
				;
			return NULL;
		}
		if (!joined)
			return &s->ops[s->nundo];
	}
	return was ? &s->ops[0] : NULL;
}

const struct op *session_redo(struct session *s, struct buf *err, struct buf *warn)
{
	size_t was = s->nundo;
	if (was == s->nops)
		return NULL;
	do {
		if (redo_one(s, err, warn) < 0) {
			while (s->nundo > was && undo_one(s, err, warn) == 0)
				;
			return NULL;
		}
	} while (s->nundo < s->nops && s->ops[s->nundo].joined);
	return &s->ops[was];
}

size_t session_unsaved(const struct session *s)
{
	if (s->saved_at == SIZE_MAX)
		return s->nundo;
	return s->nundo > s->saved_at ? s->nundo - s->saved_at : s->saved_at - s->nundo;
}

/* Just before a save writes: the journal notes what the files will hold.
 * (Should the note fail, such edits are offered after a crash, and found
 * already so.) */
struct before_save {
	struct session *s;
	uint64_t hash; /* of the files as saved; 0 while not known */
};

static void journal_before_write(void *ctx, const struct stat *const after[SF_COUNT])
{
	struct before_save *bs = ctx;
	struct buf err = BUF_INIT;
	bs->hash = journal_files_id(after, SF_COUNT);
	journal_mark_save(bs->s->journal, bs->hash, &err);
	buf_release(&err);
}

/* After a save: nothing is unsaved; the journal starts again from the
 * files as saved (whose hash, when known, spares hashing them at the next
 * edit). */
static void journal_after_save(struct session *s, uint64_t hash, struct buf *warn)
{
	pend_clear(s);
	if (!s->journal)
		return;
	struct buf err = BUF_INIT;
	if (journal_saved(s->journal, hash, &err) < 0 && warn)
		buf_adds(warn, buf_str(&err));
	buf_release(&err);
}

enum session_saved session_save(struct session *s, int *written, struct diags *d,
				struct buf *warn)
{
	*written = 0;
	bool locked_here = s->wlock < 0;
	if (locked_here && take_write_lock(s, d) < 0)
		return SAVE_REFUSED;
	enum session_saved r = SAVE_DONE;
	struct before_save bs = { .s = s };
	/* the command line's session ends with the save: its store need not
	 * follow the new texts */
	struct store_save_opts o = { .follow = !s->once,
				     .before_write = s->journal ? journal_before_write : NULL,
				     .ctx = &bs };
	int rc = store_save_ex(s->st, s->p, &o, written, d);
	if (rc == -1) {
		r = SAVE_REFUSED;
	} else {
		s->saved_at = s->nundo;
		if (rc < 0)
			r = SAVE_NOT_REREAD; /* the files are written; later saves are in doubt */
		else
			journal_after_save(s, bs.hash, warn);
	}
	if (locked_here)
		lock_write_release(&s->wlock);
	return r;
}

bool session_dir_gone(const struct session *s)
{
	struct stat sb;
	if (stat(s->dir, &sb) != 0)
		return errno == ENOENT || errno == ENOTDIR;
	return !S_ISDIR(sb.st_mode) ||
	       (s->dir_known && ((unsigned long long)sb.st_dev != s->dir_dev ||
				 (unsigned long long)sb.st_ino != s->dir_ino));
}

/* The plan read again takes the old one's place; the history and the
 * unsaved edits pointed into the old one and go with it. */
static void replace_plan(struct session *s, struct plan *p, struct store *st)
{
	clear_history(s);
	pend_clear(s);
	plan_free(&s->p);
	store_free(&s->st);
	s->p = p;
	s->st = st;
	s->gen++;
}

int session_save_to(struct session *s, const char *dir, int *written, struct diags *d)
{
	*written = 0;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
		diag_add(d, dir, 0, 0, _("not saved: cannot make the directory: %s"), strerror(errno));
		return -1;
	}
	struct stat sb;
	if (stat(dir, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
		diag_add(d, dir, 0, 0, "%s", _("not saved: not a directory"));
		return -1;
	}
	struct buf err = BUF_INIT;
	int wlock = lock_write_take(dir, SESSION_WRITE_WAIT_MS, &err);
	if (wlock == -1) {
		diag_add(d, dir, 0, 0, "%s", buf_str(&err));
		buf_release(&err);
		return -1;
	}
	buf_release(&err);
	struct plan *p = NULL;
	struct store *st = NULL;
	int rc = store_save_to(s->st, s->p, dir, written, d);
	if (rc == 0)
		rc = store_load(dir, &p, &st, d);
	lock_write_release(&wlock);
	if (rc < 0)
		return -1;
	replace_plan(s, p, st);
	char *own = xstrdup(dir);
	free(s->dir_own);
	s->dir = s->dir_own = own;
	s->dir_dev = (unsigned long long)sb.st_dev;
	s->dir_ino = (unsigned long long)sb.st_ino;
	s->dir_known = true;
	return 0;
}

enum store_file_id session_changed_underneath(const struct session *s)
{
	return store_first_changed(s->st);
}

int session_reload(struct session *s, struct journal_log *log, struct diags *d)
{
	struct plan *p;
	struct store *st;
	if (store_load(s->dir, &p, &st, d) < 0)
		return -1;
	journal_log_from_ops(s->pend, s->npend, log);
	replace_plan(s, p, st);
	return 0;
}

int session_reload_keep_history(struct session *s, struct diags *d)
{
	struct plan *p;
	struct store *st;
	if (store_load(s->dir, &p, &st, d) < 0)
		return -1;
	/* the records of adds and deletes live in the old plan's arena */
	for (size_t i = 0; i < s->nops; i++)
		if (s->ops[i].rec)
			s->ops[i].rec = rec_copy(p, s->ops[i].rk, s->ops[i].rec, NULL);
	pend_clear(s);
	plan_free(&s->p);
	store_free(&s->st);
	s->p = p;
	s->st = st;
	s->gen++;
	s->saved_at = s->nundo;
	return 0;
}

void session_forget_unsaved(struct session *s)
{
	pend_clear(s);
	if (s->journal)
		journal_discard(s->journal);
}

int session_auto_commit(struct session *s, struct buf *out, struct buf *err)
{
	struct userconf uc;
	struct diags d = DIAGS_INIT;
	if (userconf_load(&uc, &d) < 0) {
		if (d.n)
			diag_format(&d.v[0], err);
		diags_clear(&d);
		return -1;
	}
	diags_clear(&d);
	if (!uc.auto_commit)
		return 0;
	struct buf msg = BUF_INIT;
	int rc = 0;
	if (!history_available(s->dir, err)) {
		rc = -1;
	} else {
		history_draft_message(s->dir, s->p, &msg);
		int r = history_commit(s->dir, buf_str(&msg), out, err);
		rc = r < 0 ? -1 : r == 0 ? 1 : 0;
	}
	buf_release(&msg);
	return rc;
}

/* Whether `path` is DIR/NAME by another spelling: its directory, links
 * resolved, is dir's, and its last part is `name`. */
static bool same_entry(const char *dir, const char *path, const char *name)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (strcmp(base, name) != 0)
		return false;
	char *pdir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	char a[PATH_MAX], b[PATH_MAX];
	bool same = realpath(pdir, a) && realpath(dir, b) && strcmp(a, b) == 0;
	free(pdir);
	return same;
}

const char *session_own_file(const char *dir, const char *path)
{
	const char *names[SF_COUNT + 2];
	int n = 0;
	for (int f = 0; f < SF_COUNT; f++)
		names[n++] = store_file_name((enum store_file_id)f);
	names[n++] = JOURNAL_FILE_NAME;
	names[n++] = LOCK_FILE_NAME;
	struct stat ps;
	bool exists = stat(path, &ps) == 0;
	for (int i = 0; i < n; i++) {
		char *full = xasprintf("%s/%s", dir, names[i]);
		struct stat fs;
		bool same = (exists && stat(full, &fs) == 0 && fs.st_dev == ps.st_dev &&
			     fs.st_ino == ps.st_ino) ||
			    same_entry(dir, path, names[i]);
		free(full);
		if (same)
			return names[i];
	}
	return NULL;
}

