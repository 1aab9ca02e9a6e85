# Workbench tests: unit tests of the width-aware text and the line editor,
# and end-to-end tests of the real binary in tmux (skipped without tmux).
check_PROGRAMS += tests/tui/check_textwidth
tests_tui_check_textwidth_SOURCES = tests/tui/check_textwidth.c
tests_tui_check_textwidth_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_tui_check_textwidth_LDADD = src/libsamplan.a $(CHECK_LIBS)
TESTS += tests/tui/check_textwidth tests/tui/tui.sh tests/tui/git.sh tests/tui/sync.sh
EXTRA_DIST += tests/tui/tui.sh tests/tui/tmux.sh tests/tui/git.sh tests/tui/sync.sh
# Never clobber, never lose: the lock, changed underneath, the crash journal
# (kill -9 at random points, 50 runs).
check_PROGRAMS += tests/tui/journal-seal
tests_tui_journal_seal_SOURCES = tests/tui/journal-seal.c
TESTS += tests/tui/safety.sh
EXTRA_DIST += tests/tui/safety.sh
# The management group's decision round at 80x24, English and Swedish: the
# exact diff, the commit message, at most 45 keys.
TESTS += tests/tui/meeting.sh tests/tui/agenda.sh tests/tui/walk.sh tests/tui/matrix.sh tests/tui/screens.sh
# The working groups (view 3): delete with unassign, the roster, the mandate
# with å ä ö, h and Y undone; on the screen and in the files.
TESTS += tests/tui/groups.sh
EXTRA_DIST += tests/tui/groups.sh
# A longer round in at most 50 keys (groups made in their forms, the
# matrix, next year's priorities, undo and redo); where the terminal's
# cursor stands for screen readers; the terminals and locales the
# workbench refuses or warns about.
TESTS += tests/tui/round.sh tests/tui/access.sh
EXTRA_DIST += tests/tui/round.sh tests/tui/round.diff tests/tui/access.sh
EXTRA_DIST += tests/tui/meeting.sh tests/tui/meeting.diff tests/tui/agenda.sh tests/tui/agenda.diff \
	tests/tui/walk.sh tests/tui/walk.diff \
	tests/tui/agenda.message tests/tui/agenda.minutes.txt tests/tui/agenda.minutes.md \
	tests/tui/agenda.minutes.html tests/tui/matrix.sh tests/tui/screens.sh tests/tui/screens
# the activity plan in view 6, in Swedish
TESTS += tests/tui/activities.sh
EXTRA_DIST += tests/tui/activities.sh
