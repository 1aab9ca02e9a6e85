/* fuzz_edits — real edit sequences on a real plan directory, as the
 * command line makes them (through a session, saved to files): sets of
 * any field of any kind of record (an id set renames the record and
 * rewrites what names it, in other files too), list items added and
 * removed, records added, deleted (with their references removed first,
 * as --unassign does, or refused), moved; saves between them.  After
 * every save: a save that succeeded leaves files that load and hold
 * exactly the plan in memory (every record, every field, in order); a
 * refused edit changes nothing, and a refused save leaves every file
 * byte-identical.
 *
 * The plan is the base plan of the corpus (FUZZ_BASE_DIR), copied to a
 * throw-away directory for each input.  Each edit is 4 bytes: WHAT KIND
 * A B.  WHAT % 8: set a field, add an item, remove an item, add a record,
 * delete, delete after unassigning, move, save; KIND % K_COUNT the kind;
 * A picks the record (and the field), B the value from a small table of
 * awkward ones (empty, quotes, a colon, a line break, å ä ö, an id in
 * use, a status's label).  A record inside a record (a follow-up) is
 * picked among those inside every parent, and added inside one. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomicfile.h"
#include "ops.h"
#include "session.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n);

/* The texts of the plan's files now (absent: NULL). */
struct texts {
	char *t[SF_COUNT];
	size_t n[SF_COUNT];
};

static void read_all(const char *dir, struct texts *x)
{
	for (int f = 0; f < SF_COUNT; f++) {
		char *path = xasprintf("%s/%s", dir, schema_files[f].name);
		FILE *fp = fopen(path, "rb");
		x->t[f] = NULL;
		x->n[f] = 0;
		if (fp) {
			struct buf b = BUF_INIT;
			char tmp[8192];
			size_t k;
			while ((k = fread(tmp, 1, sizeof(tmp), fp)) > 0)
				buf_add(&b, tmp, k);
			fclose(fp);
			x->n[f] = b.len;
			x->t[f] = buf_detach(&b);
		}
		free(path);
	}
}

static void texts_free(struct texts *x)
{
	for (int f = 0; f < SF_COUNT; f++)
		free(x->t[f]);
}

static bool texts_equal(const struct texts *a, const struct texts *b)
{
	for (int f = 0; f < SF_COUNT; f++) {
		if (!a->t[f] != !b->t[f] || a->n[f] != b->n[f])
			return false;
		if (a->t[f] && memcmp(a->t[f], b->t[f], a->n[f]) != 0)
			return false;
	}
	return true;
}

/* Every record of every kind the same, in the same order. */
static bool plans_equal(const struct plan *a, const struct plan *b)
{
	for (int k = 0; k < K_COUNT; k++) {
		if (plan_count(a, (enum kind)k) != plan_count(b, (enum kind)k))
			return false;
		for (size_t i = 0; i < plan_count(a, (enum kind)k); i++)
			if (!rec_equal((enum kind)k, plan_rec(a, (enum kind)k, i), plan_rec(b, (enum kind)k, i)))
				return false;
	}
	return true;
}

/* The record of kind k that i picks, inside every parent for a nested
 * kind (a follow-up in any activity); NULL when there is none. */
static void *pick_rec(const struct plan *p, enum kind k, uint8_t i)
{
	size_t c = plan_count_all(p, k);
	if (!c)
		return NULL;
	struct rec_iter it;
	void *r = rec_iter_first(&it, p, k);
	for (size_t n = i % c; r && n > 0; n--)
		r = rec_iter_next(&it);
	return r;
}

/* The path of the record i picks ("F3", "A1/2025-soder"), or NULL; valid
 * until the next call. */
static const char *pick_id(const struct plan *p, enum kind k, uint8_t i)
{
	static struct buf path = BUF_INIT;
	void *r = pick_rec(p, k, i);
	if (!r)
		return NULL;
	buf_reset(&path);
	rec_path(k, r, &path);
	return buf_str(&path);
}

/* A value for field fd from b: awkward text, or something the field
 * takes (an id of what it refers to, a choice, a year, a date). */
static const char *pick_value(const struct plan *p, const struct field *fd, uint8_t b, char tmp[32])
{
	static const char *const texts[] = { "", "Ny text", "a: b", "x\ny", "\"q\"", "- z", "ö å ä",
					     "  ", "#c", "[1, 2]", "{a: b}", "'s'", "F1", "fstod" };
	if (b & 0x80) /* something awkward */
		return texts[b % (sizeof(texts) / sizeof(*texts))];
	switch (fd->type) {
	case FT_REF:
	case FT_REFS:
		if (fd->ref == K_STATUS && (b & 1))
			return plan_count(p, K_STATUS) ? plan_status(p, b % plan_count(p, K_STATUS))->label : "x";
		return pick_id(p, fd->ref, b) ? pick_id(p, fd->ref, b) : "x";
	case FT_CHOICE:
		return fd->choices[b % 2 && fd->choices[1] ? 1 : 0];
	case FT_YEAR:
	case FT_YEARS:
		snprintf(tmp, 32, "%d", 2020 + b % 12);
		return tmp;
	case FT_NUMBER:
		snprintf(tmp, 32, "%d", b % 5);
		return tmp;
	case FT_DATE:
		snprintf(tmp, 32, "2025-%02d-%02d", 1 + b % 12, 1 + b % 28);
		return tmp;
	case FT_PERIOD:
		snprintf(tmp, 32, b & 4 ? "%d" : "%d-%02d", 2024 + b % 3, 1 + b % 12);
		return tmp;
	case FT_STRING:
	case FT_TEXT:
	case FT_NAMES:
	case FT_RECORDS:
	case FT_COUNT:
		break;
	}
	/* an id-like word (a rename's new id), or text */
	static const char *const words[] = { "ny-grupp", "F99", "klar", "soder", "a.b_c", "Hälsa" };
	return (b & 2) ? words[b % (sizeof(words) / sizeof(*words))] : texts[b % 8];
}

/* Removes every reference to record k:id, as --unassign does (one op per
 * list that names it; a required single reference cannot be removed). */
static void unassign(struct session *s, enum kind k, const char *id)
{
	for (int rk = 0; rk < K_COUNT; rk++) {
		const struct kind_info *kd = kind_of((enum kind)rk);
		for (int f = 0; f < kd->nfields; f++) {
			const struct field *fd = &kd->fields[f];
			if (fd->type != FT_REFS || fd->ref != k)
				continue;
			for (size_t i = 0; i < plan_count(s->p, (enum kind)rk); i++) {
				void *r = plan_rec(s->p, (enum kind)rk, i);
				if (!strlist_contains(rec_strs(r, fd), id))
					continue;
				struct op op;
				struct buf err = BUF_INIT;
				char *rid = xstrdup(rec_id((enum kind)rk, r));
				if (op_make_item(s->p, (enum kind)rk, rid, f, id, false, &op, &err) == 0)
					session_apply(s, &op, &err, NULL);
				free(rid);
				buf_release(&err);
			}
		}
	}
}

/* One edit from 4 bytes; returns -1 for a save that failed (the files are
 * checked by the caller), else 0. */
static int edit(struct session *s, const uint8_t b[4])
{
	struct plan *p = s->p;
	enum kind k = (enum kind)(b[1] % K_COUNT);
	const struct kind_info *kd = kind_of(k);
	const char *id = !kind_has_id(k) ? "" : pick_id(p, k, b[2]);
	int f = kd->nfields ? b[2] % kd->nfields : 0;
	const struct field *fd = kd->nfields ? &kd->fields[f] : NULL;
	char tmp[32];
	struct op op;
	struct buf err = BUF_INIT;
	int made = -1;
	char *keep = id ? xstrdup(id) : NULL; /* ids move in the arena's records */
	switch (b[0] % 8) {
	case 0: /* set a field (the id: a rename) */
		if (keep && fd && !field_is_list(fd))
			made = op_make_set(p, k, keep, f, pick_value(p, fd, b[3], tmp), &op, &err);
		break;
	case 1:
	case 2: /* an item of a list */
		if (keep && fd && field_is_list(fd))
			made = op_make_item(p, k, keep, f, pick_value(p, fd, b[3], tmp), b[0] % 8 == 1, &op,
					    &err);
		break;
	case 3: { /* a new record: its name or text, and one more field */
		if (!kind_has_id(k) || !kd->list_key)
			break;
		void *parent = NULL;
		if (kind_is_nested(k) && !(parent = pick_rec(p, kd->parent, b[3])))
			break; /* nothing to add it inside */
		void *rec = op_new_record(p, k);
		if (parent)
			rec_head(rec)->parent = parent;
		for (int g = 0; g < kd->nfields; g++) {
			const struct field *gd = &kd->fields[g];
			if ((gd->flags & (FF_NONEMPTY | FF_REQUIRED)) && g != kd->id_field && !field_is_list(gd))
				op_record_set(p, k, rec, g, pick_value(p, gd, (uint8_t)(b[3] & 0x7f), tmp), &err);
		}
		buf_reset(&err);
		made = op_make_add(p, k, b[2], rec, &op, &err);
		break;
	}
	case 4:
	case 5: /* delete; after unassigning what names it */
		if (!keep || !kind_has_id(k))
			break;
		if (b[0] % 8 == 5)
			unassign(s, k, keep);
		made = op_make_delete(p, k, keep, &op, &err);
		break;
	case 6:
		if (keep && kind_has_id(k))
			made = op_make_move(p, k, keep, b[3] & 1 ? 1 : -1, &op, &err);
		break;
	case 7: { /* save, and go on editing the saved files */
		struct diags d = DIAGS_INIT;
		int written = 0;
		enum session_saved sv = session_save(s, &written, &d, NULL);
		diags_clear(&d);
		free(keep);
		buf_release(&err);
		return sv == SAVE_DONE ? 0 : -1;
	}
	}
	if (made == 0 && err.len)
		abort(); /* a message for an edit that was made */
	if (made == 0) {
		buf_reset(&err);
		if (session_apply(s, &op, &err, NULL) < 0 && !err.len)
			abort(); /* refused without a word */
	}
	free(keep);
	buf_release(&err);
	return 0;
}

/* Puts the base plan's files into dir, as they are in the corpus (read
 * once), and nothing else. */
static void fresh(const char *dir)
{
	static struct texts base;
	static bool read;
	if (!read) {
		read_all(FUZZ_BASE_DIR, &base);
		read = true;
	}
	DIR *dp = opendir(dir);
	for (struct dirent *e; dp && (e = readdir(dp));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		unlink(path);
		free(path);
	}
	if (dp)
		closedir(dp);
	for (int f = 0; f < SF_COUNT; f++) {
		if (!base.t[f])
			continue;
		char *path = xasprintf("%s/%s", dir, schema_files[f].name);
		FILE *fp = fopen(path, "wb");
		if (!fp || fwrite(base.t[f], 1, base.n[f], fp) != base.n[f] || fclose(fp) != 0)
			abort();
		free(path);
	}
}

static char dir[64];

/* The throw-away directory goes with the process. */
static void remove_dir(void)
{
	fresh(dir);
	for (int f = 0; f < SF_COUNT; f++) {
		char *path = xasprintf("%s/%s", dir, schema_files[f].name);
		unlink(path);
		free(path);
	}
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	if (!*dir) { /* in memory where there is a tmpfs: a save syncs */
		struct stat sb;
		snprintf(dir, sizeof(dir), "%s/samplan-fuzz-edits-%ld",
			 stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) ? "/dev/shm" : "/tmp",
			 (long)getpid());
		if (mkdir(dir, 0700) < 0 && errno != EEXIST)
			abort();
		atexit(remove_dir);
	}
	fresh(dir);
	struct session s;
	struct diags d = DIAGS_INIT;
	if (session_open(&s, dir, false, &d) < 0)
		abort(); /* the base plan loads */
	diags_clear(&d);
	for (size_t i = 0; i + 4 <= n && i < 4 * 64; i += 4) {
		struct texts before, after;
		read_all(dir, &before);
		bool saving = data[i] % 8 == 7;
		int rc = edit(&s, data + i);
		read_all(dir, &after);
		if (!saving && !texts_equal(&before, &after))
			abort(); /* an edit wrote before it was saved */
		if (saving && rc < 0 && !texts_equal(&before, &after))
			abort(); /* a refused save changed a file */
		if (saving && rc == 0) {
			/* what is on disk is the plan in memory */
			struct plan *q = NULL;
			struct store *st = NULL;
			if (store_load(dir, &q, &st, &d) < 0) {
				for (size_t k = 0; k < d.n; k++)
					fprintf(stderr, "%s: %s\n", d.v[k].file, d.v[k].msg);
				abort(); /* a save left a plan that does not load */
			}
			if (!plans_equal(q, s.p))
				abort(); /* the files do not mean what the edits say */
			plan_free(&q);
			store_free(&st);
			/* and nothing of the save is left behind */
			DIR *dp = opendir(dir);
			for (struct dirent *e; dp && (e = readdir(dp));)
				if (strncmp(e->d_name, ".samplan-", 9) == 0)
					abort();
			if (dp)
				closedir(dp);
		}
		texts_free(&before);
		texts_free(&after);
	}
	/* a last save: the whole sequence on disk */
	struct texts before, after;
	read_all(dir, &before);
	int written = 0;
	enum session_saved sv = session_save(&s, &written, &d, NULL);
	diags_clear(&d);
	read_all(dir, &after);
	if (sv == SAVE_REFUSED && !texts_equal(&before, &after))
		abort();
	if (sv == SAVE_DONE) {
		struct plan *q = NULL;
		struct store *st = NULL;
		if (store_load(dir, &q, &st, &d) < 0 || !plans_equal(q, s.p))
			abort();
		plan_free(&q);
		store_free(&st);
	}
	diags_clear(&d);
	texts_free(&before);
	texts_free(&after);
	session_close(&s);
	return 0;
}
