/* lock.c — the plan directory's lock file. */
#include "config.h"

#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"

struct lock {
	char *path;
	/* the plan's directory, to remove the lock from it wherever it has
	 * been moved meanwhile (-1: not open) */
	int dirfd;
	struct lock_info me;
};

void lock_info_clear(struct lock_info *info)
{
	free(info->user);
	free(info->host);
	free(info->since);
	info->user = info->host = info->since = NULL;
	info->pid = 0;
}

void lock_info_describe(const struct lock_info *info, struct buf *out)
{
	if (!info->user && !info->host && info->pid <= 0) {
		/* not a lock samplan wrote: a directory, an empty or damaged file */
		buf_addf(out, _("locked by %s, which samplan cannot read (remove it if no samplan has the plan open)"),
			 LOCK_FILE_NAME);
		return;
	}
	buf_addf(out, _("opened by %s on %s (pid %ld) since %s"),
		 info->user ? info->user : "?", info->host ? info->host : "?", info->pid,
		 info->since ? info->since : "?");
}

static char *lock_path(const char *dir)
{
	return xasprintf("%s/%s", dir && *dir ? dir : ".", LOCK_FILE_NAME);
}

static void my_info(struct lock_info *me)
{
	const struct passwd *pw = getpwuid(geteuid());
	const char *user = pw && pw->pw_name ? pw->pw_name : getenv("USER");
	char host[256];
	if (gethostname(host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "?");
	host[sizeof(host) - 1] = '\0';
	char since[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) || !strftime(since, sizeof(since), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(since, sizeof(since), "?");
	me->user = xstrdup(user ? user : "?");
	me->host = xstrdup(host);
	me->since = xstrdup(since);
	me->pid = (long)getpid();
}

/* Lock files are small; anything else is not ours to trust. */
static int read_small_at(int dirfd, const char *path, struct buf *out)
{
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	char tmp[1024];
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0 || out->len + (size_t)n > 4096)
			break;
		buf_add(out, tmp, (size_t)n);
	}
	close(fd);
	return 0;
}

static int read_small(const char *path, struct buf *out)
{
	return read_small_at(AT_FDCWD, path, out);
}

/* Parses "key=value" lines; unknown keys are ignored.  A value is cut at
 * the first control character, so a hostile file cannot fake a line on
 * screen. */
static void parse_info(const char *text, struct lock_info *info)
{
	memset(info, 0, sizeof(*info));
	for (const char *l = text; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		const char *eq = memchr(l, '=', n);
		if (eq) {
			size_t k = (size_t)(eq - l), vn = n - k - 1;
			const char *v = eq + 1;
			for (size_t i = 0; i < vn; i++)
				if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f) {
					vn = i;
					break;
				}
			char **slot = k == 4 && !memcmp(l, "user", 4) ? &info->user
				      : k == 4 && !memcmp(l, "host", 4) ? &info->host
				      : k == 5 && !memcmp(l, "since", 5) ? &info->since : NULL;
			if (slot) {
				free(*slot);
				*slot = xstrndup(v, vn);
			} else if (k == 3 && !memcmp(l, "pid", 3)) {
				info->pid = strtol(v, NULL, 10);
			}
		}
		l = nl ? nl + 1 : l + n;
	}
}

static void format_info(const struct lock_info *info, struct buf *out)
{
	buf_addf(out, "user=%s\nhost=%s\npid=%ld\nsince=%s\n", info->user, info->host,
		 info->pid, info->since);
}

/* True when the lock's process is known to be gone: it ran on this host
 * and no process has its pid. */
static bool is_stale(const struct lock_info *info)
{
	char host[256];
	if (!info->host || info->pid <= 0 || gethostname(host, sizeof(host)) < 0)
		return false;
	host[sizeof(host) - 1] = '\0';
	if (strcmp(host, info->host) != 0)
		return false;
	return kill((pid_t)info->pid, 0) < 0 && errno == ESRCH;
}

/* Writes `text` to a new file next to `path` and returns its name
 * (caller frees), or NULL with errno set. */
static char *write_temp(const char *path, const struct buf *text)
{
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST) { /* left by a dead process of our pid */
		unlink(tmp);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	}
	if (fd < 0) {
		free(tmp);
		return NULL;
	}
	size_t off = 0;
	while (off < text->len) {
		ssize_t n = write(fd, text->s + off, text->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			unlink(tmp);
			free(tmp);
			errno = e;
			return NULL;
		}
		off += (size_t)n;
	}
	if (fsync(fd) < 0 || close(fd) < 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		errno = e;
		return NULL;
	}
	return tmp;
}

/* Puts the complete lock in place unless one exists: link() of the
 * written temporary file, or on file systems without hard links an
 * O_CREAT|O_EXCL create and write.  Returns 0, or -1 with errno (EEXIST:
 * a lock is there). */
static int place(const char *path, const char *tmp, const struct buf *text)
{
	if (link(tmp, path) == 0)
		return 0;
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS && errno != EMLINK)
		return -1;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text->s, text->len);
	int e = errno;
	if (fsync(fd) < 0 || close(fd) < 0 || n != (ssize_t)text->len) {
		unlink(path);
		errno = n < 0 ? e : EIO;
		return -1;
	}
	return 0;
}

enum lock_result lock_take(const char *dir, struct lock **lk, struct lock_info *holder,
			   bool *took_over, struct buf *err)
{
	*lk = NULL;
	*took_over = false;
	memset(holder, 0, sizeof(*holder));
	struct lock *l = xcalloc(1, sizeof(*l));
	l->path = lock_path(dir);
	l->dirfd = open(dir && *dir ? dir : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	my_info(&l->me);
	struct buf text = BUF_INIT, found = BUF_INIT;
	format_info(&l->me, &text);
	enum lock_result res = LOCK_ERROR;
	char *tmp = write_temp(l->path, &text);
	if (!tmp) {
		buf_addf(err, _("cannot create the lock %s: %s"), l->path, strerror(errno));
		goto out;
	}
	/* Taking over a dead lock is done by one process at a time, under
	 * an flock of the plan directory: two that judged the same lock dead
	 * would otherwise each move aside what the other had just put in
	 * place, and both hold it.  (Where a filesystem has no flock, the
	 * rename check below is all there is.) */
	int guard = -1;
	for (int tries = 0; tries < 8; tries++) {
		if (place(l->path, tmp, &text) == 0) {
			res = LOCK_TAKEN;
			break;
		}
		if (errno != EEXIST) {
			buf_addf(err, _("cannot create the lock %s: %s"), l->path, strerror(errno));
			break;
		}
		if (guard < 0) {
			guard = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (guard >= 0 && flock(guard, LOCK_EX) < 0) {
				close(guard);
				guard = -1;
			}
			if (guard < 0)
				guard = -2; /* no flock here: do without */
			if (guard >= 0) {
				tries--; /* look again, now alone */
				continue;
			}
		}
		buf_reset(&found);
		lock_info_clear(holder);
		if (read_small(l->path, &found) < 0) {
			if (errno == ENOENT)
				continue; /* released meanwhile */
			buf_addf(err, _("cannot read the lock %s: %s"), l->path, strerror(errno));
			break;
		}
		parse_info(buf_str(&found), holder);
		if (!is_stale(holder)) {
			res = LOCK_HELD;
			break;
		}
		/* Take the dead lock aside; make sure it is the one we judged
		 * dead (another samplan may have replaced it meanwhile). */
		char *aside = xasprintf("%s.%ld.dead", l->path, (long)getpid());
		if (rename(l->path, aside) < 0) {
			free(aside);
			continue;
		}
		struct buf moved = BUF_INIT;
		int r = read_small(aside, &moved);
		bool same = r == 0 && moved.len == found.len &&
			    memcmp(buf_str(&moved), buf_str(&found), found.len) == 0;
		if (!same && link(aside, l->path) < 0 && errno == EEXIST) {
			/* a live lock we moved, and yet another one in place: the
			 * newer one wins; ours is only information */
		}
		unlink(aside);
		buf_release(&moved);
		free(aside);
		if (same)
			*took_over = true;
	}
	if (guard >= 0)
		close(guard); /* and with it the flock */
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	buf_release(&text);
	buf_release(&found);
	if (res == LOCK_TAKEN) {
		*lk = l;
		if (!*took_over)
			lock_info_clear(holder);
	} else {
		if (res != LOCK_HELD)
			lock_info_clear(holder);
		if (res == LOCK_ERROR && !err->len)
			buf_addf(err, _("cannot take the lock %s"), l->path);
		lock_info_clear(&l->me);
		if (l->dirfd >= 0)
			close(l->dirfd);
		free(l->path);
		free(l);
	}
	return res;
}

int lock_holder(const char *dir, struct lock_info *info)
{
	memset(info, 0, sizeof(*info));
	char *path = lock_path(dir);
	struct buf text = BUF_INIT;
	int r = read_small(path, &text), e = errno;
	free(path);
	if (r < 0) {
		buf_release(&text);
		/* there, but not readable (no permission, a link): it cannot be
		 * checked, so it counts as held */
		return e == ENOENT ? 0 : 1;
	}
	parse_info(buf_str(&text), info);
	buf_release(&text);
	if (is_stale(info)) {
		lock_info_clear(info);
		return 0;
	}
	return 1;
}

void lock_release(struct lock **lkp)
{
	struct lock *l = *lkp;
	if (!l)
		return;
	struct buf text = BUF_INIT;
	struct lock_info now;
	/* through the directory: where it is now, also when moved */
	int at = l->dirfd >= 0 ? l->dirfd : AT_FDCWD;
	const char *name = l->dirfd >= 0 ? LOCK_FILE_NAME : l->path;
	if (read_small_at(at, name, &text) == 0) {
		parse_info(buf_str(&text), &now);
		if (now.pid == l->me.pid && now.host && strcmp(now.host, l->me.host) == 0)
			unlinkat(at, name, 0);
		lock_info_clear(&now);
	}
	buf_release(&text);
	lock_info_clear(&l->me);
	if (l->dirfd >= 0)
		close(l->dirfd);
	free(l->path);
	free(l);
	*lkp = NULL;
}

int lock_write_take(const char *dir, unsigned wait_ms, struct buf *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		buf_addf(err, _("cannot open the plan directory %s: %s"), dir, strerror(errno));
		return -1;
	}
	for (unsigned waited = 0;; waited += 20) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return LOCK_WRITE_NONE;
		}
		if (waited >= wait_ms)
			break;
		struct timespec ts = { 0, 20 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	close(fd);
	buf_addf(err, _("another samplan has been writing the plan in %s for %u s; nothing was written, try again"),
		 dir, wait_ms / 1000);
	return -1;
}

void lock_write_release(int *fd)
{
	if (*fd >= 0)
		close(*fd); /* and with it the flock */
	*fd = LOCK_WRITE_NONE;
}
