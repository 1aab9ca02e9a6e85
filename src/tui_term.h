/* tui_term.h — whether this terminal can hold the workbench. */
#ifndef SAMPLAN_TUI_TERM_H
#define SAMPLAN_TUI_TERM_H

/* Without a terminal on standard input and output, or with one that
 * cannot place the cursor (TERM=dumb), says on standard error what works
 * instead and returns the exit status (1); returns -1 to go on. */
int tui_terminal_refused(void);

#endif
