/* tui.h — the full-screen workbench (ncursesw). */
#ifndef SAMPLAN_TUI_H
#define SAMPLAN_TUI_H

/* Opens the plan in directory `dir` in the workbench and runs it until the
 * user quits.  When the plan fails to load, prints every problem as
 * FILE:LINE:COLUMN: message on standard error before the screen is touched,
 * writes nothing and returns 1.  Returns 0 otherwise (1 also when the
 * terminal cannot be used). */
int tui_main(const char *dir);

#endif
