/* userconf.h — the per-user settings file,
 * $XDG_CONFIG_HOME/samplan/config (default ~/.config/samplan/config).
 *
 * One setting per line, "name = value"; '#' starts a comment.  Known:
 *   auto_commit = true|false   commit the plan after every save (false)
 *   theme = contrast|colour|mono  the workbench's look (contrast: black,
 *                              white and bold, for a projector, colour but
 *                              for errors; colour; mono: no colour at all,
 *                              as NO_COLOR asks)
 * A missing file means the defaults. */
#ifndef SAMPLAN_USERCONF_H
#define SAMPLAN_USERCONF_H

#include <stdbool.h>

#include "util.h"

enum theme { THEME_CONTRAST, THEME_COLOUR, THEME_MONO };

struct userconf {
	bool auto_commit;
	enum theme theme;
};

/* Reads the file into *c (defaults first).  Returns 0, or -1 with every
 * problem in `d` as FILE:LINE:COLUMN (then *c holds the defaults for
 * what could not be read). */
int userconf_load(struct userconf *c, struct diags *d);

/* The file's path (caller owns), or NULL when neither XDG_CONFIG_HOME
 * nor HOME is set. */
char *userconf_path(void);

#endif
