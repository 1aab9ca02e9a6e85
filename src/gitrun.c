/* gitrun.c — fork/exec of git with pipes; no shell is ever involved, so
 * no text from a plan can be read as a command. */
#include "config.h"

#include "gitrun.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int git_run(const char *dir, const char *const *args, struct buf *out, struct buf *err)
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

	int po[2] = { -1, -1 }, pe[2] = { -1, -1 };
	if (pipe2(po, O_CLOEXEC) < 0 || (err && pipe2(pe, O_CLOEXEC) < 0)) {
		free(argv);
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		free(argv);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(po[1], 1);
		if (err)
			dup2(pe[1], 2);
		execvp("git", (char *const *)argv);
		_exit(127);
	}
	free(argv);
	close(po[1]);
	if (err)
		close(pe[1]);
	/* Read both pipes without letting either fill up. */
	struct pollfd fds[2] = { { po[0], POLLIN, 0 }, { err ? pe[0] : -1, POLLIN, 0 } };
	int open_fds = err ? 2 : 1;
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char tmp[4096];
			ssize_t r = read(fds[i].fd, tmp, sizeof(tmp));
			if (r > 0) {
				struct buf *into = i == 0 ? out : err;
				if (into)
					buf_add(into, tmp, (size_t)r);
			} else if (r == 0 || errno != EINTR) {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool git_available(void)
{
	const char *args[] = { "--version", NULL };
	struct buf e = BUF_INIT;
	int rc = git_run(".", args, NULL, &e);
	buf_release(&e);
	return rc == 0;
}

bool git_inside_work_tree(const char *dir)
{
	const char *args[] = { "rev-parse", "--is-inside-work-tree", NULL };
	struct buf o = BUF_INIT, e = BUF_INIT;
	int rc = git_run(dir, args, &o, &e);
	bool inside = rc == 0 && strncmp(buf_str(&o), "true", 4) == 0;
	buf_release(&o);
	buf_release(&e);
	return inside;
}
