/* atomicfile.c — see atomicfile.h. */
#include "config.h"

#include "atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

/* Writes every piece, however much writev takes at a time. */
static int write_all(int fd, const struct iovec *iov, size_t n)
{
	size_t i = 0, off = 0; /* off: bytes of iov[i] already written */
	while (i < n) {
		struct iovec part[64];
		int k = 0;
		for (size_t j = i; j < n && k < 64; j++, k++) {
			part[k] = iov[j];
			if (j == i) {
				part[k].iov_base = (char *)part[k].iov_base + off;
				part[k].iov_len -= off;
			}
		}
		ssize_t w = writev(fd, part, k);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		size_t left = (size_t)w;
		while (i < n && left >= iov[i].iov_len - off) {
			left -= iov[i].iov_len - off;
			off = 0;
			i++;
		}
		off += left;
	}
	return 0;
}

/* Where to write: the target of a symlink, so the link stays a link. */
static char *write_target(const char *path)
{
	char *real = realpath(path, NULL);
	return real ? real : xstrdup(path);
}

static int open_temp(const char *target, char **tmp_path)
{
	const char *slash = strrchr(target, '/');
	long pid = (long)getpid();
	if (slash)
		*tmp_path = xasprintf("%.*s/" ATOMIC_TEMP_PREFIX "%ld-%s.XXXXXX", (int)(slash - target),
				      target, pid, slash + 1);
	else
		*tmp_path = xasprintf(ATOMIC_TEMP_PREFIX "%ld-%s.XXXXXX", pid, target);
	int fd = mkstemp(*tmp_path);
	if (fd < 0) {
		free(*tmp_path);
		*tmp_path = NULL;
	}
	return fd;
}

static int sync_dir_of(const char *target)
{
	const char *slash = strrchr(target, '/');
	char *dir = slash ? xstrndup(target, (size_t)(slash - target)) : xstrdup(".");
	if (!*dir) {
		free(dir);
		dir = xstrdup("/");
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(dir);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

int atomic_prepare(struct atomic_file *af, const char *path, const struct iovec *iov, size_t n,
		   mode_t mode)
{
	af->target = write_target(path);
	af->tmp = NULL;
	int fd = open_temp(af->target, &af->tmp);
	if (fd < 0) {
		int e = errno;
		atomic_abort(af);
		errno = e;
		return -1;
	}
	int e = 0;
	if (fchmod(fd, mode & 07777) < 0 || write_all(fd, iov, n) < 0 || fsync(fd) < 0)
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (e) {
		atomic_abort(af);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_commit(struct atomic_file *af)
{
	if (!af->tmp) {
		errno = EINVAL;
		return -1;
	}
	if (rename(af->tmp, af->target) < 0)
		return -1;
	free(af->tmp);
	af->tmp = NULL;
	sync_dir_of(af->target);
	return 0;
}

void atomic_abort(struct atomic_file *af)
{
	if (af->tmp) {
		int e = errno;
		unlink(af->tmp);
		errno = e;
	}
	free(af->tmp);
	free(af->target);
	af->tmp = af->target = NULL;
}

int atomic_write_iov(const char *path, const struct iovec *iov, size_t n, mode_t mode)
{
	struct atomic_file af;
	if (atomic_prepare(&af, path, iov, n, mode) < 0)
		return -1;
	int rc = atomic_commit(&af);
	atomic_abort(&af);
	return rc;
}

int write_file_atomic(const char *path, const char *data, size_t len)
{
	struct stat st;
	mode_t mode = stat(path, &st) == 0 ? st.st_mode : 0644;
	struct iovec iov = { .iov_base = (void *)data, .iov_len = len };
	return atomic_write_iov(path, &iov, 1, mode);
}

int atomic_remove_stale(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int removed = 0;
	const size_t plen = strlen(ATOMIC_TEMP_PREFIX);
	for (struct dirent *e; (e = readdir(d));) {
		if (strncmp(e->d_name, ATOMIC_TEMP_PREFIX, plen) != 0)
			continue;
		char *end;
		long pid = strtol(e->d_name + plen, &end, 10);
		if (pid <= 0 || *end != '-')
			continue;
		/* a live process's (ours, or another samplan's saving now) stays */
		if (pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		char *path = xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0)
			removed++;
		free(path);
	}
	closedir(d);
	return removed;
}

int file_holds(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0 && errno == ELOOP) /* a symlink: what it points to */
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size != len) {
		close(fd);
		return 0;
	}
	char tmp[65536];
	size_t pos = 0;
	int same = 1;
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			same = -1;
			break;
		}
		if (n == 0) {
			same = pos == len;
			break;
		}
		if (pos + (size_t)n > len || memcmp(data + pos, tmp, (size_t)n) != 0) {
			same = 0;
			break;
		}
		pos += (size_t)n;
	}
	close(fd);
	return same;
}

const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return _("a directory");
	if (S_ISFIFO(mode))
		return _("a FIFO (named pipe)");
	if (S_ISSOCK(mode))
		return _("a socket");
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return _("a device");
	return _("not a regular file");
}

int open_regular(const char *path, const char **kind)
{
	if (kind)
		*kind = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	struct stat sb;
	if (fstat(fd, &sb) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		if (kind)
			*kind = file_kind(sb.st_mode);
		close(fd);
		errno = EINVAL;
		return -1;
	}
	/* reads block again, as a regular file's always do */
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}
