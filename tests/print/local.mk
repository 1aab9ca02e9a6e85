# samplan print: golden snapshots and escaping.
TESTS += tests/print/print.sh
EXTRA_DIST += tests/print/print.sh tests/print/orebro-2025.txt \
	tests/print/orebro-2025.md tests/print/orebro-2025.html
