/* gitrun.c — fork/exec of git with pipes; no shell is ever involved, so
 * no text from a plan can be read as a command. */
#include "config.h"

#include "gitrun.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The child's side: stdin from `in` (a pipe) or /dev/null, stdout and
 * stderr into the pipes, an environment that points git at `dir` and at
 * nothing else, and git itself.  Never returns. */
static void exec_git(const char *const *argv, int in, int out, int err, pid_t parent)
{
	if (in < 0)
		in = open("/dev/null", O_RDONLY);
	if (in >= 0)
		dup2(in, 0);
	dup2(out, 1);
	if (err >= 0)
		dup2(err, 2);
	/* A samplan started from a git hook inherits that hook's repository;
	 * -C must decide instead.  No prompt can wait for a password. */
	unsetenv("GIT_DIR");
	unsetenv("GIT_WORK_TREE");
	unsetenv("GIT_INDEX_FILE");
	unsetenv("GIT_PREFIX");
	setenv("GIT_TERMINAL_PROMPT", "0", 1);
	setenv("GIT_PAGER", "cat", 1);
	/* git ends with samplan, however samplan ends (a kill -9 too): on
	 * SIGTERM it removes its lock files as it goes */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) /* samplan was gone before that */
		_exit(127);
	execvp("git", (char *const *)argv);
	_exit(127);
}

/* Whether git can be run: -1 not known yet, else 0 or 1.  Learnt from the
 * runs whose 127 can only mean that git cannot run (--version, rev-parse;
 * git merge-file, for one, counts conflicts up to 127), so that asking
 * costs a process at most once, and none after git_inside_work_tree (which
 * starts none where no repository can be). */
static int can_run = -1;

static void learn(int rc)
{
	if (rc >= 0)
		can_run = rc != 127;
}

/* git_run_input, and with `sink` set, git_run_sink: stdout goes into
 * `out`, and after each read sink(ctx, out) takes what it can use from
 * its start (the bytes taken are dropped). */
static int run(const char *dir, const char *const *args, const char *in, size_t inlen,
	       struct buf *out, size_t (*sink)(void *ctx, const char *data, size_t n), void *ctx,
	       struct buf *err)
{
	size_t n = 0;
	while (args[n])
		n++;
	const char **argv = xcalloc(n + 4, sizeof(*argv));
	argv[0] = "git";
	argv[1] = "-C";
	argv[2] = dir;
	for (size_t i = 0; i < n; i++)
		argv[3 + i] = args[i];
	argv[3 + n] = NULL;

	int pi[2] = { -1, -1 }, po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	if ((in && pipe2(pi, O_CLOEXEC) < 0) || pipe2(po, O_CLOEXEC) < 0 ||
	    (err && pipe2(pe, O_CLOEXEC) < 0)) {
		int e = errno;
		for (int i = 0; i < 2; i++) {
			if (pi[i] >= 0)
				close(pi[i]);
			if (po[i] >= 0)
				close(po[i]);
		}
		free(argv);
		errno = e;
		return -1;
	}
	/* Writing to a git that has exited must fail with EPIPE, not kill us. */
	struct sigaction ign = { .sa_handler = SIG_IGN }, old_pipe;
	sigemptyset(&ign.sa_mask);
	if (in)
		sigaction(SIGPIPE, &ign, &old_pipe);
	pid_t parent = getpid(), pid = fork();
	if (pid == 0)
		exec_git(argv, pi[0], po[1], pe[1], parent);
	free(argv);
	if (in)
		close(pi[0]);
	close(po[1]);
	if (err)
		close(pe[1]);
	if (pid < 0) {
		int e = errno;
		if (in) {
			close(pi[1]);
			sigaction(SIGPIPE, &old_pipe, NULL);
		}
		close(po[0]);
		if (err)
			close(pe[0]);
		errno = e;
		return -1;
	}
	if (in) {
		fcntl(pi[1], F_SETFL, O_NONBLOCK);
		if (!inlen) {
			close(pi[1]);
			pi[1] = -1;
		}
	}
	/* Feed stdin and read stdout and stderr without letting any pipe fill
	 * up and stall the other side. */
	struct pollfd fds[3] = {
		{ po[0], POLLIN, 0 }, { err ? pe[0] : -1, POLLIN, 0 }, { pi[1], POLLOUT, 0 }
	};
	size_t sent = 0;
	while (fds[0].fd >= 0 || fds[1].fd >= 0 || fds[2].fd >= 0) {
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[2].fd >= 0 && fds[2].revents) {
			ssize_t w = (fds[2].revents & POLLOUT)
				    ? write(fds[2].fd, in + sent, inlen - sent) : -1;
			if (w > 0)
				sent += (size_t)w;
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || sent == inlen) {
				close(fds[2].fd);
				fds[2].fd = -1;
			}
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char tmp[65536];
			ssize_t r = read(fds[i].fd, tmp, sizeof(tmp));
			if (r > 0) {
				struct buf *into = i == 0 ? out : err;
				if (into)
					buf_add(into, tmp, (size_t)r);
				if (i == 0 && sink && out->len) {
					size_t used = sink(ctx, out->s, out->len);
					memmove(out->s, out->s + used, out->len - used);
					out->len -= used;
					out->s[out->len] = '\0';
				}
			} else if (r == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
		}
	}
	if (in)
		sigaction(SIGPIPE, &old_pipe, NULL);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int git_run_input(const char *dir, const char *const *args, const char *in, size_t inlen,
		  struct buf *out, struct buf *err)
{
	return run(dir, args, in, inlen, out, NULL, NULL, err);
}

int git_run_sink(const char *dir, const char *const *args, const char *in, size_t inlen,
		 size_t (*sink)(void *ctx, const char *data, size_t n), void *ctx, struct buf *err)
{
	struct buf out = BUF_INIT;
	int rc = run(dir, args, in, inlen, &out, sink, ctx, err);
	buf_release(&out);
	return rc;
}

int git_run(const char *dir, const char *const *args, struct buf *out, struct buf *err)
{
	return git_run_input(dir, args, NULL, 0, out, err);
}

bool git_available(void)
{
	if (can_run < 0) {
		const char *args[] = { "--version", NULL };
		struct buf e = BUF_INIT;
		learn(git_run(".", args, NULL, &e));
		buf_release(&e);
	}
	return can_run == 1;
}

/* The directories of GIT_CEILING_DIRECTORIES, which git does not go up
 * into while it looks for a repository (git(1)), as real paths without a
 * trailing slash, appended to `out` each followed by a NUL. */
static void ceilings(struct buf *out)
{
	const char *list = getenv("GIT_CEILING_DIRECTORIES");
	char *copy = xstrdup(list ? list : "");
	for (char *save = NULL, *e = strtok_r(copy, ":", &save); e; e = strtok_r(NULL, ":", &save)) {
		if (e[0] != '/')
			continue; /* git takes absolute paths only */
		char *real = realpath(e, NULL);
		const char *c = real ? real : e;
		size_t len = strlen(c);
		while (len > 1 && c[len - 1] == '/')
			len--;
		buf_add(out, c, len);
		buf_addc(out, '\0');
		free(real);
	}
	free(copy);
}

/* Whether path[0..n) is one of the NUL-separated paths in c[0..clen). */
static bool is_ceiling(const char *c, size_t clen, const char *path, size_t n)
{
	for (size_t at = 0; at < clen; at += strlen(c + at) + 1)
		if (strlen(c + at) == n && memcmp(c + at, path, n) == 0)
			return true;
	return false;
}

size_t git_top(const char *path)
{
	struct buf b = BUF_INIT, ceil = BUF_INIT;
	ceilings(&ceil);
	size_t top = 0;
	for (size_t n = strlen(path); !top; ) {
		struct stat st;
		buf_reset(&b);
		buf_add(&b, path, n);
		buf_adds(&b, n > 1 ? "/.git" : ".git");
		if (lstat(buf_str(&b), &st) == 0)
			top = n;
		if (n <= 1)
			break;
		while (n > 1 && path[n - 1] != '/')
			n--;
		if (n > 1)
			n--; /* the slash, but for the root's */
		if (is_ceiling(ceil.s, ceil.len, path, n))
			break;
	}
	buf_release(&b);
	buf_release(&ceil);
	return top;
}

bool git_where(const char *dir, bool *detached)
{
	if (detached)
		*detached = false;
	/* where no .git is, git would find no repository: no process */
	char *path = realpath(dir, NULL);
	size_t top = path ? git_top(path) : 1;
	free(path);
	if (!top)
		return false;
	/* "true" and then HEAD's ref: "HEAD" itself when detached; nothing
	 * (and exit 128) for a branch with no commit yet */
	const char *args[] = { "rev-parse", "--is-inside-work-tree", "--symbolic-full-name", "HEAD",
			       NULL };
	struct buf o = BUF_INIT, e = BUF_INIT;
	int rc = git_run(dir, args, &o, &e);
	learn(rc); /* rev-parse exits 127 only when git cannot run */
	bool inside = (rc == 0 || rc == 128) && strncmp(buf_str(&o), "true\n", 5) == 0;
	if (inside && detached)
		*detached = rc == 0 && strcmp(buf_str(&o) + 5, "HEAD\n") == 0;
	buf_release(&o);
	buf_release(&e);
	return inside;
}

bool git_inside_work_tree(const char *dir)
{
	return git_where(dir, NULL);
}
