# tests/unit — Check unit tests of the internal library (the scalar writer,
# the model, ops and the store), linked without ncurses.  Included from
# tests/local.mk; paths are from the top directory.  The tests find their
# fixtures through $top_srcdir (exported by AM_TESTS_ENVIRONMENT), so they
# run from any directory.
UNIT_TESTS = \
	tests/unit/check_yamlout \
	tests/unit/check_model \
	tests/unit/check_ops \
	tests/unit/check_store \
	tests/unit/check_history \
	tests/unit/check_lock \
	tests/unit/check_journal \
	tests/unit/check_session \
	tests/unit/check_txn \
	tests/unit/check_shapes \
	tests/unit/check_merge \
	tests/unit/check_yfast \
	tests/unit/check_ical
check_PROGRAMS += $(UNIT_TESTS)
# the tests that load plans from texts in memory
TESTPLAN = tests/unit/testplan.c tests/unit/testplan.h
TESTS += $(UNIT_TESTS)

tests_unit_check_yamlout_SOURCES = tests/unit/check_yamlout.c
tests_unit_check_yamlout_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_yamlout_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_model_SOURCES = tests/unit/check_model.c
tests_unit_check_model_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_model_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_ops_SOURCES = tests/unit/check_ops.c $(TESTPLAN)
tests_unit_check_ops_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ops_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_store_SOURCES = tests/unit/check_store.c $(TESTPLAN)
tests_unit_check_store_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_store_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_history_SOURCES = tests/unit/check_history.c $(TESTPLAN)
tests_unit_check_history_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_history_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_lock_SOURCES = tests/unit/check_lock.c
tests_unit_check_lock_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_lock_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_journal_SOURCES = tests/unit/check_journal.c $(TESTPLAN)
tests_unit_check_journal_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_journal_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_session_SOURCES = tests/unit/check_session.c $(TESTPLAN)
tests_unit_check_session_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_session_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

# Fixtures: crlf/ is commented/ with CRLF line ends (check_store checks
# that they stay twins).
EXTRA_DIST += \
	tests/fixtures/commented/changes.yaml \
	tests/fixtures/commented/groups.yaml \
	tests/fixtures/commented/plan.yaml \
	tests/fixtures/crlf/changes.yaml \
	tests/fixtures/crlf/groups.yaml \
	tests/fixtures/crlf/plan.yaml

tests_unit_check_txn_SOURCES = tests/unit/check_txn.c
tests_unit_check_txn_CPPFLAGS = $(AM_CPPFLAGS) $(CHECK_CFLAGS)
tests_unit_check_txn_LDADD = src/libsamplan.a $(CHECK_LIBS) $(LIBINTL)

# The library built again with the shapes test's kinds (schema.h:
# SAMPLAN_SHAPES): its own objects, so the shipped library has none.
tests_unit_check_shapes_SOURCES = tests/unit/check_shapes.c $(src_libsamplan_a_SOURCES)
tests_unit_check_shapes_CPPFLAGS = $(AM_CPPFLAGS) -DSAMPLAN_SHAPES $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_shapes_LDADD = $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_merge_SOURCES = tests/unit/check_merge.c tests/unit/pairs.c tests/unit/pairs.h $(TESTPLAN)
tests_unit_check_merge_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_merge_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_yfast_SOURCES = tests/unit/check_yfast.c tests/fuzz/yaml_same.h
tests_unit_check_yfast_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_yfast_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)

tests_unit_check_ical_SOURCES = tests/unit/check_ical.c
tests_unit_check_ical_CPPFLAGS = $(AM_CPPFLAGS) $(YAML_CFLAGS) $(CHECK_CFLAGS)
tests_unit_check_ical_LDADD = src/libsamplan.a $(CHECK_LIBS) $(YAML_LIBS) $(LIBINTL)
