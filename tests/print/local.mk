# samplan print: golden snapshots and escaping; the workbench's printout;
# the Swedish translation in use; the activity plan's reports.
TESTS += tests/print/print.sh tests/print/tui.sh tests/print/sv.sh tests/print/reports.sh \
	tests/print/browser.sh tests/print/minutes.sh
EXTRA_DIST += tests/print/print.sh tests/print/tui.sh tests/print/sv.sh \
	tests/print/reports.sh tests/print/browser.sh tests/print/pages \
	tests/print/activities.yaml tests/print/minutes.sh tests/print/minutes-source.txt \
	tests/print/minutes-2025-01-22.txt tests/print/minutes-2025-01-22.md \
	tests/print/minutes-2025-01-22.html tests/print/minutes-2025-01-22.sv.txt \
	tests/print/report-activities.txt tests/print/report-activities.md \
	tests/print/report-activities.html tests/print/report-followup.txt \
	tests/print/report-followup.md tests/print/report-followup.html \
	tests/print/orebro-2025.txt tests/print/orebro-2025.md \
	tests/print/orebro-2025.html tests/print/orebro-2025.sv.txt \
	tests/print/orebro-2025-2026.txt tests/print/orebro-2025-2026.md \
	tests/print/orebro-2025-2026.html
