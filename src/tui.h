/* tui.h — the full-screen workbench (ncursesw). */
#ifndef SAMPLAN_TUI_H
#define SAMPLAN_TUI_H

#include <stdbool.h>

/* Opens the plan in directory `dir` in the workbench and runs it until the
 * user quits.  When the plan fails to load, prints every problem as
 * FILE:LINE:COLUMN: message on standard error before the screen is touched,
 * writes nothing and returns 1.  Returns 0 otherwise (1 also when the
 * terminal cannot be used). */
int tui_main(const char *dir);

/* Like tui_main; with `read_only` every edit is refused and the plan's
 * lock is not taken.  Ends with 128 + the signal's number on SIGHUP or
 * SIGTERM (nothing saved; the journal of unsaved edits kept). */
int tui_open(const char *dir, bool read_only);

/* Like tui_open, on the meeting view of the meeting `meeting` (an id). */
int tui_open_meeting(const char *dir, bool read_only, const char *meeting);

/* The conflicts a merge left in the plan's files in `dir`, one screen
 * each: ours, the base's and theirs, a key to take one (the file written,
 * and staged when none is left in it).  Returns 0 when there are none it
 * can read, 1 when all are settled, 2 when the user quit with some left
 * (said on standard error), -1 when the terminal cannot be used. */
int tui_conflicts(const char *dir);

#endif
