# Benchmark: `make bench` measures samplan against the floor (one bare
# libyaml parse of the same files) on synthetic plans of 100 to 100,000
# changes and checks the performance targets; see bench/README.md.
# The helpers are EXTRA_PROGRAMS: built only by `make bench`, never installed.
EXTRA_PROGRAMS = bench/genplan bench/floor bench/measure bench/ptyrun bench/mergepairs
bench_genplan_SOURCES = bench/genplan.c
bench_measure_SOURCES = bench/measure.c bench/timing.c bench/timing.h
bench_floor_SOURCES = bench/floor.c
bench_floor_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
bench_floor_LDADD = $(YAML_LIBS)
bench_ptyrun_SOURCES = bench/ptyrun.c bench/timing.c bench/timing.h
# the merge driver against git's line merge on random pairs of edits
bench_mergepairs_SOURCES = bench/mergepairs.c tests/unit/pairs.c tests/unit/pairs.h
bench_mergepairs_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests/unit $(YAML_CFLAGS)
bench_mergepairs_LDADD = src/libsamplan.a $(YAML_LIBS) $(LIBINTL)
# forkpty lives in libutil (glibc; merged into libc from 2.34, where
# libutil is an empty stub, so linking it stays correct).
bench_ptyrun_LDADD = -lutil

EXTRA_DIST += bench/run.sh bench/tui.sh bench/crash.sh bench/stats.sh bench/README.md
CLEANFILES += $(EXTRA_PROGRAMS)

BENCH_TOOLS = bench/genplan$(EXEEXT) bench/floor$(EXEEXT) bench/measure$(EXEEXT) \
	bench/ptyrun$(EXEEXT) bench/mergepairs$(EXEEXT)

# The crash test (bench/crash.sh) seals journals with tests/tui/journal-seal,
# a check program that `make check` would build: built here too, so that
# `make bench` runs from a fresh build tree.
bench: $(BENCH_TOOLS) src/samplan$(EXEEXT) tests/tui/journal-seal$(EXEEXT)
	@st=0; \
	$(SHELL) $(srcdir)/bench/run.sh $(abs_builddir)/src/samplan$(EXEEXT) $(abs_builddir)/bench || st=$$?; \
	echo; \
	$(SHELL) $(srcdir)/bench/tui.sh $(abs_builddir)/src/samplan$(EXEEXT) $(abs_builddir)/bench || st=$$?; \
	echo; \
	$(SHELL) $(srcdir)/bench/crash.sh $(abs_builddir)/src/samplan$(EXEEXT) $(abs_builddir)/bench \
		$(abs_top_srcdir) $(abs_top_builddir) || st=$$?; \
	exit $$st

# The generated plans are a directory, which CLEANFILES cannot remove.
bench-clean:
	rm -rf bench/out

# Hook into `make clean` beside the top-level clean-local recipe (make joins
# the prerequisites of both rules; only one of them has a recipe).
clean-local: bench-clean

.PHONY: bench bench-clean
