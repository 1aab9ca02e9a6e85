/* tui_term.c — whether this terminal can hold the workbench.  Apart from
 * the rest because <term.h> defines names such as `tab` and `lines` as
 * macros. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <curses.h>
#include <term.h>

#include "i18n.h"
#include "tui_term.h"

int tui_terminal_refused(void)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("samplan: the workbench needs a terminal on standard input and output; without one, use the command line (samplan list, show, set; samplan --help)"));
		return 1;
	}
	int err = 0;
	const char *term = getenv("TERM");
	bool usable = setupterm(NULL, STDOUT_FILENO, &err) == OK;
	if (usable) {
		const char *cup = tigetstr("cup");
		usable = cup && cup != (char *)-1;
		del_curterm(cur_term);
	}
	if (!usable) {
		fprintf(stderr, _("samplan: this terminal (TERM=%s) cannot place the cursor, which the workbench needs; use the command line instead (samplan list, show, set; samplan --help), or a terminal such as xterm\n"),
			term && *term ? term : "");
		return 1;
	}
	return -1;
}
