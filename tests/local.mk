# Tests: Check unit tests of the library, the malformed-plan corpus, and
# command-line tests of the real binary.  `make check` runs them all.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	SAMPLAN='$(abs_top_builddir)/src/samplan'; export SAMPLAN; \
	SAMPLAN_DATADIR='$(abs_top_srcdir)/data'; export SAMPLAN_DATADIR; \
	LC_ALL=C.UTF-8; export LC_ALL; LANGUAGE=; export LANGUAGE; \
	TZ=UTC; export TZ;

include tests/unit/local.mk
include tests/corpus/local.mk
include tests/tui/local.mk
include tests/print/local.mk
include tests/git/local.mk

TESTS += tests/cli/cli.sh tests/cli/records.sh tests/cli/concurrent.sh tests/cli/faults.sh \
	tests/cli/edits.sh tests/cli/txn.sh tests/cli/activities.sh tests/cli/export.sh \
	tests/cli/meetings.sh
EXTRA_DIST += tests/cli/cli.sh tests/cli/records.sh tests/cli/concurrent.sh tests/cli/faults.sh \
	tests/cli/edits.sh tests/cli/txn.sh tests/cli/activities.sh tests/cli/export.sh \
	tests/cli/meetings.sh tests/cli/meetings.ics tests/lib.sh tests/lsan.supp tests/busy.sh
include tests/fuzz/local.mk
