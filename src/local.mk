# The internal library: model, store and ops, without curses; the unit
# tests link it.
noinst_LIBRARIES += src/libsamplan.a
src_libsamplan_a_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS)
src_libsamplan_a_SOURCES = \
	src/util.c src/util.h \
	src/nfc.c src/nfc.h src/nfc_table.c \
	src/schema.c src/schema.h \
	src/atomicfile.c src/atomicfile.h \
	src/txn.c src/txn.h \
	src/model.c src/model.h \
	src/yamlout.c src/yamlout.h \
	src/yparse.c src/yparse.h \
	src/yfast.c src/yfast.h \
	src/load.c src/save.c src/store.h src/store_int.h \
	src/ops.c src/ops.h \
	src/export.c src/export.h \
	src/ical.c src/ical.h \
	src/minutes.c src/minutes.h \
	src/report.c src/report.h \
	src/gitrun.c src/gitrun.h \
	src/plansource.c src/plansource.h \
	src/lock.c src/lock.h \
	src/journal.c src/journal.h \
	src/history.c src/history.h \
	src/merge.c src/merge.h \
	src/sync.c src/sync.h \
	src/session.c src/session.h \
	src/userconf.c src/userconf.h \
	src/print.c src/print.h \
	src/i18n.c src/i18n.h

bin_PROGRAMS += src/samplan
src_samplan_SOURCES = src/main.c src/cli.c src/cli.h
src_samplan_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(NCURSES_CFLAGS)
src_samplan_LDADD = src/libsamplan.a $(YAML_LIBS) $(NCURSES_LIBS) $(LIBINTL)
