/* userconf.c — the per-user settings file.  See userconf.h. */
#include "config.h"

#include "userconf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomicfile.h"
#include "i18n.h"

char *userconf_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/samplan/config", xdg);
	const char *home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.config/samplan/config", home);
	return NULL;
}

static bool parse_bool(const char *s, bool *v)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (strcmp(s, yes[i]) == 0)
			return (*v = true);
		if (strcmp(s, no[i]) == 0)
			return !(*v = false);
	}
	return false;
}

/* Trims spaces and tabs at both ends, in place. */
static char *trim(char *s, char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	*end = '\0';
	return s;
}

int userconf_load(struct userconf *c, struct diags *d)
{
	c->auto_commit = false;
	c->theme = THEME_CONTRAST;
	char *path = userconf_path();
	if (!path)
		return 0;
	/* only a regular file: a FIFO there must not hang us, and a
	 * directory is said, not passed over */
	const char *kind;
	int fd = open_regular(path, &kind);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		int e = errno;
		int rc = 0;
		if (fd >= 0)
			close(fd);
		if (kind) {
			/* TRANSLATORS: "the settings file is a directory, not a file" */
			diag_add(d, path, 1, 1, _("the settings file is %s, not a file; remove it or put settings in a file there"),
				 kind);
			rc = -1;
		} else if (e != ENOENT && e != ENOTDIR) {
			diag_add(d, path, 0, 0, _("cannot read the settings: %s"), strerror(e));
			rc = -1;
		}
		free(path);
		return rc;
	}
	size_t before = d->n;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		size_t n = strcspn(line, "#\n");
		char *end = line + n;
		char *start = line;
		while (start < end && (*start == ' ' || *start == '\t' || *start == '\r'))
			start++;
		if (start == end)
			continue;
		char *eq = strchr(start, '=');
		if (eq && eq > end)
			eq = NULL;
		unsigned col = (unsigned)(start - line) + 1;
		if (!eq) {
			diag_add(d, path, lineno, col, _("expected 'name = value'"));
			continue;
		}
		char *name = trim(start, eq), *value = trim(eq + 1, end);
		unsigned vcol = (unsigned)(value - line) + 1;
		if (strcmp(name, "auto_commit") == 0) {
			if (!parse_bool(value, &c->auto_commit))
				diag_add(d, path, lineno, vcol,
					 _("auto_commit must be true or false, not '%s'"), value);
		} else if (strcmp(name, "theme") == 0) {
			if (strcmp(value, "contrast") == 0)
				c->theme = THEME_CONTRAST;
			else if (strcmp(value, "colour") == 0 || strcmp(value, "color") == 0)
				c->theme = THEME_COLOUR;
			else if (strcmp(value, "mono") == 0)
				c->theme = THEME_MONO;
			else
				diag_add(d, path, lineno, vcol,
					 _("theme must be contrast, colour or mono, not '%s'"), value);
		} else {
			diag_add(d, path, lineno, col, _("unknown setting '%s' (known: auto_commit, theme)"),
				 name);
		}
	}
	free(line);
	fclose(f);
	free(path);
	return d->n > before ? -1 : 0;
}
