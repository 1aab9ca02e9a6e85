# data/local.mk — included from the top-level Makefile.am (non-recursive
# build; paths are relative to the top directory).
#
# The shipped example plan: the real Samverkansplan of Region Örebro län and
# its partners, adopted 2025-01-22.  `samplan init DIR` copies these
# files from $(pkgdatadir)/orebro-2025 (or $SAMPLAN_DATADIR/orebro-2025).
orebro2025dir = $(pkgdatadir)/orebro-2025
dist_orebro2025_DATA = \
	data/orebro-2025/plan.yaml \
	data/orebro-2025/changes.yaml \
	data/orebro-2025/groups.yaml \
	data/orebro-2025/activities.yaml
