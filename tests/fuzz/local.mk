# Fuzzing (issue 12): libFuzzer harnesses of the loader, the saver, the
# crash journal, and edit sequences saved to a real plan directory.  `make check` replays every input in
# tests/fuzz/regressions/HARNESS/ through each harness built as a plain
# program (replay.c) with the normal compiler; `make fuzz` builds the
# harnesses with libFuzzer (when configure found it) and runs each for
# FUZZ_SECONDS on a seed corpus made from data/ and tests/corpus/.
FUZZ_HARNESSES = loader saver journal edits merge yaml
FUZZ_SECONDS = 60
FUZZ_CPPFLAGS = -I$(top_builddir) -I$(top_srcdir)/src \
	-DFUZZ_BASE_DIR='"$(abs_top_srcdir)/tests/corpus/base"'

check_PROGRAMS += tests/fuzz/replay_loader tests/fuzz/replay_saver tests/fuzz/replay_journal \
	tests/fuzz/replay_edits tests/fuzz/replay_merge tests/fuzz/replay_yaml
tests_fuzz_replay_loader_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_loader.c
tests_fuzz_replay_saver_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_saver.c
tests_fuzz_replay_journal_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_journal.c
tests_fuzz_replay_edits_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_edits.c
tests_fuzz_replay_merge_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_merge.c
tests_fuzz_replay_yaml_SOURCES = tests/fuzz/replay.c tests/fuzz/fuzz_yaml.c
tests_fuzz_replay_loader_CPPFLAGS = $(AM_CPPFLAGS) $(FUZZ_CPPFLAGS) $(YAML_CFLAGS)
tests_fuzz_replay_saver_CPPFLAGS = $(tests_fuzz_replay_loader_CPPFLAGS)
tests_fuzz_replay_journal_CPPFLAGS = $(tests_fuzz_replay_loader_CPPFLAGS)
tests_fuzz_replay_edits_CPPFLAGS = $(tests_fuzz_replay_loader_CPPFLAGS)
tests_fuzz_replay_merge_CPPFLAGS = $(tests_fuzz_replay_loader_CPPFLAGS)
tests_fuzz_replay_yaml_CPPFLAGS = $(tests_fuzz_replay_loader_CPPFLAGS)
tests_fuzz_replay_loader_LDADD = src/libsamplan.a $(YAML_LIBS) $(LIBINTL)
tests_fuzz_replay_saver_LDADD = $(tests_fuzz_replay_loader_LDADD)
tests_fuzz_replay_journal_LDADD = $(tests_fuzz_replay_loader_LDADD)
tests_fuzz_replay_edits_LDADD = $(tests_fuzz_replay_loader_LDADD)
tests_fuzz_replay_merge_LDADD = $(tests_fuzz_replay_loader_LDADD)
tests_fuzz_replay_yaml_LDADD = $(tests_fuzz_replay_loader_LDADD)

TESTS += tests/fuzz/regressions.sh
EXTRA_DIST += tests/fuzz/regressions.sh tests/fuzz/mkseeds.sh tests/fuzz/fuzz_common.h \
	tests/fuzz/yaml_same.h \
	tests/fuzz/yaml.dict tests/fuzz/plan.dict tests/fuzz/regressions

FUZZ_BIN = tests/fuzz/fuzz_loader tests/fuzz/fuzz_saver tests/fuzz/fuzz_journal \
	tests/fuzz/fuzz_edits tests/fuzz/fuzz_merge tests/fuzz/fuzz_yaml
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
# One compile of the library's sources per harness: simple, and the
# harnesses are built only for `make fuzz`.
FUZZ_BUILD = $(MKDIR_P) tests/fuzz && srcs= && \
	for f in $(src_libsamplan_a_SOURCES); do \
	  case $$f in *.c) srcs="$$srcs $(srcdir)/$$f";; esac; done && \
	$(FUZZ_CC) $(FUZZ_FLAGS) $(DEFS) $(DEFAULT_INCLUDES) $(AM_CPPFLAGS) $(FUZZ_CPPFLAGS) $(YAML_CFLAGS) \
	  -o $@ $(srcdir)/tests/fuzz/$(@F).c $$srcs $(YAML_LIBS) $(LIBINTL)
FUZZ_DEPS = $(srcdir)/tests/fuzz/fuzz_common.h src/libsamplan.a

tests/fuzz/fuzz_loader: $(srcdir)/tests/fuzz/fuzz_loader.c $(FUZZ_DEPS)
	$(FUZZ_BUILD)
tests/fuzz/fuzz_saver: $(srcdir)/tests/fuzz/fuzz_saver.c $(FUZZ_DEPS)
	$(FUZZ_BUILD)
tests/fuzz/fuzz_journal: $(srcdir)/tests/fuzz/fuzz_journal.c $(FUZZ_DEPS)
	$(FUZZ_BUILD)
tests/fuzz/fuzz_edits: $(srcdir)/tests/fuzz/fuzz_edits.c $(FUZZ_DEPS)
	$(FUZZ_BUILD)
tests/fuzz/fuzz_merge: $(srcdir)/tests/fuzz/fuzz_merge.c $(FUZZ_DEPS)
	$(FUZZ_BUILD)
tests/fuzz/fuzz_yaml: $(srcdir)/tests/fuzz/fuzz_yaml.c $(srcdir)/tests/fuzz/yaml_same.h $(FUZZ_DEPS)
	$(FUZZ_BUILD)

tests/fuzz/seeds.stamp: $(srcdir)/tests/fuzz/mkseeds.sh
	$(SHELL) $(srcdir)/tests/fuzz/mkseeds.sh '$(srcdir)' tests/fuzz/seeds
	@touch $@

if HAVE_LIBFUZZER
fuzz: $(FUZZ_BIN) tests/fuzz/seeds.stamp
	@rm -f tests/fuzz/fuzz-report.txt; status=0; \
	for h in $(FUZZ_HARNESSES); do \
	  mkdir -p tests/fuzz/corpus-$$h tests/fuzz/crashes-$$h; \
	  cat $(srcdir)/tests/fuzz/yaml.dict $(srcdir)/tests/fuzz/plan.dict > tests/fuzz/all.dict; \
	  echo "fuzzing $$h for $(FUZZ_SECONDS) s"; \
	  ./tests/fuzz/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    -dict=tests/fuzz/all.dict -max_len=65536 -timeout=10 -rss_limit_mb=1536 \
	    -artifact_prefix=tests/fuzz/crashes-$$h/ \
	    tests/fuzz/corpus-$$h tests/fuzz/seeds/$$h $(srcdir)/tests/fuzz/regressions/$$h \
	    > tests/fuzz/fuzz-$$h.log 2>&1 || { status=1; tail -40 tests/fuzz/fuzz-$$h.log; \
	    echo "fuzz_$$h failed: input kept in tests/fuzz/crashes-$$h/"; }; \
	  fstat() { sed -n "s/^stat::$$1: *//p" tests/fuzz/fuzz-$$h.log; }; \
	  printf '%-10s %10s %8s\n' "$$h" "`fstat number_of_executed_units`" \
	    "`fstat average_exec_per_sec`" >> tests/fuzz/fuzz-report.txt; \
	done; \
	echo; printf "%-10s %10s %8s\n" harness runs exec/s; echo "(each for $(FUZZ_SECONDS) s)"; \
	cat tests/fuzz/fuzz-report.txt; exit $$status
else
fuzz:
	@echo "make fuzz: clang with -fsanitize=fuzzer (libFuzzer) was not found by configure;" >&2
	@echo "install clang and run ./configure again" >&2
	@exit 1
endif

CLEANFILES += $(FUZZ_BIN) tests/fuzz/seeds.stamp tests/fuzz/fuzz-report.txt \
	tests/fuzz/all.dict tests/fuzz/fuzz-*.log
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/seeds tests/fuzz/corpus-* tests/fuzz/crashes-*
.PHONY: fuzz clean-fuzz
