# samplan print: golden snapshots and escaping; the workbench's printout;
# the Swedish translation in use.
TESTS += tests/print/print.sh tests/print/tui.sh tests/print/sv.sh
EXTRA_DIST += tests/print/print.sh tests/print/tui.sh tests/print/sv.sh \
	tests/print/orebro-2025.txt tests/print/orebro-2025.md \
	tests/print/orebro-2025.html tests/print/orebro-2025.sv.txt \
	tests/print/orebro-2025-2026.txt tests/print/orebro-2025-2026.md \
	tests/print/orebro-2025-2026.html
