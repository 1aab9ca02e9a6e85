# samplan print: golden snapshots and escaping; the workbench's printout.
TESTS += tests/print/print.sh tests/print/tui.sh
EXTRA_DIST += tests/print/print.sh tests/print/tui.sh tests/print/orebro-2025.txt \
	tests/print/orebro-2025.md tests/print/orebro-2025.html
