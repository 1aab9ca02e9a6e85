/* plansource.c — the footer's source line (see plansource.h). */
#include "config.h"

#include "plansource.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gitrun.h"
#include "history.h"
#include "i18n.h"

/* The last part of path[0..n): "orebro-2025" of "/srv/plans/orebro-2025". */
static void last_part(const char *path, size_t n, struct buf *out)
{
	size_t start = n;
	while (start > 0 && path[start - 1] != '/')
		start--;
	if (start == n) /* the root */
		buf_adds(out, "/");
	else
		buf_add(out, path + start, n - start);
}

void plan_source_line(const char *dir, struct buf *out)
{
	const char *fixed = getenv("SAMPLAN_PRINT_SOURCE");
	if (fixed) {
		buf_adds(out, fixed);
		return;
	}
	/* the plan by its name, not by the path this machine has it at (a
	 * "." says nothing on paper): its directory's name, or in git the
	 * repository's and the plan's place in it */
	char *path = realpath(dir, NULL);
	size_t top = path ? git_top(path) : 0;
	struct buf name = BUF_INIT;
	if (!path) {
		buf_adds(&name, dir);
	} else if (top) {
		last_part(path, top, &name);
		if (path[top])
			buf_adds(&name, path + top);
	} else {
		last_part(path, strlen(path), &name);
	}
	buf_addf(out, _("Source: %s"), buf_str(&name));
	buf_release(&name);
	bool maybe_git = !path || top;
	free(path);
	/* git_inside_work_tree is false too when git cannot be run at all */
	if (!maybe_git || !git_inside_work_tree(dir))
		return;
	static const char *const log_args[] = { "log", "-1", "--format=%h %cs", NULL };
	const char *status_args[8 + SF_COUNT];
	history_with_files(dir, status_args, (const char *[]){ "status", "--porcelain", "--", NULL });
	/* git's complaints (a repository without commits) would land on the
	 * workbench's screen; the line just goes without the commit */
	struct buf b = BUF_INIT, err = BUF_INIT;
	char hash[64], date[16];
	if (git_run(dir, log_args, &b, &err) == 0 &&
	    sscanf(buf_str(&b), "%63s %15s", hash, date) == 2) {
		buf_addf(out, _(", commit %s (%s)"), hash, date);
		buf_reset(&b);
		if (git_run(dir, status_args, &b, &err) == 0 && b.len)
			buf_addf(out, " %s", _("+ uncommitted changes"));
	}
	buf_release(&b);
	buf_release(&err);
}
