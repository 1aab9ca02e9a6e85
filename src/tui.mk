# The full-screen workbench.  textwidth and the line editor's text have no
# curses, so they go into the internal library the unit tests link.
src_samplan_SOURCES += src/tui.c src/tui.h src/tui_int.h src/tui_view.c src/tui_git.c src/tui_conflict.c src/tui_form.c \
	src/tui_term.c src/tui_term.h
src_libsamplan_a_SOURCES += src/textwidth.c src/textwidth.h src/tui_line.c src/tui_line.h
