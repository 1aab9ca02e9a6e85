# Benchmark: `make bench` measures samplan against the floor (one bare
# libyaml parse of the same files) on synthetic plans of 100 to 100,000
# changes and checks the performance targets; see bench/README.md.
# The helpers are EXTRA_PROGRAMS: built only by `make bench`, never installed.
EXTRA_PROGRAMS = bench/genplan bench/floor bench/measure
bench_genplan_SOURCES = bench/genplan.c
bench_measure_SOURCES = bench/measure.c
bench_floor_SOURCES = bench/floor.c
bench_floor_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
bench_floor_LDADD = $(YAML_LIBS)

EXTRA_DIST += bench/run.sh bench/README.md
CLEANFILES += $(EXTRA_PROGRAMS)

BENCH_TOOLS = bench/genplan$(EXEEXT) bench/floor$(EXEEXT) bench/measure$(EXEEXT)

bench: $(BENCH_TOOLS) src/samplan$(EXEEXT)
	$(SHELL) $(srcdir)/bench/run.sh $(abs_builddir)/src/samplan$(EXEEXT) $(abs_builddir)/bench

# The generated plans are a directory, which CLEANFILES cannot remove.
bench-clean:
	rm -rf bench/out

# Hook into `make clean` beside the top-level clean-local recipe (make joins
# the prerequisites of both rules; only one of them has a recipe).
clean-local: bench-clean

.PHONY: bench bench-clean
