#!/bin/sh
# Every printed HTML in a real browser: the snapshot, both reports and the
# minutes
# printed to PDF by headless Chromium, read back with poppler's tools.
# Every section is in the PDF's text, the prioritised items are set in a
# bold font and the others not, and the page count stays within
# tests/print/pages.  Skipped where Chromium or poppler-utils are missing,
# unless SAMPLAN_REQUIRE_TOOLS is set (CI).
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
here=$top_srcdir/tests/print
out=$TMPROOT/out
SAMPLAN_PRINT_DATE=2025-03-19
SAMPLAN_PRINT_SOURCE='Source: tests/print'
export SAMPLAN_PRINT_DATE SAMPLAN_PRINT_SOURCE

browser=
for b in chromium chromium-browser google-chrome; do
	if command -v $b >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ] || ! command -v pdftotext >/dev/null 2>&1 ||
   ! command -v pdftohtml >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
	if [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
		fail tools "Chromium or poppler-utils is not installed, and this run requires them"
	else
		echo "# skipped: Chromium or poppler-utils is not installed"
	fi
	finish
fi

P=$(fresh_plan browser)
cp "$here/activities.yaml" "$P/activities.yaml"
chmod u+w "$P/activities.yaml"
D=$top_srcdir/data/orebro-2025
"$S" -C "$D" print --format=html >"$TMPROOT/snapshot.html"
check snapshot-printed [ $? -eq 0 ]
"$S" -C "$P" print --report=activities --format=html >"$TMPROOT/activities.html"
check activities-printed [ $? -eq 0 ]
"$S" -C "$P" print --report=followup --format=html >"$TMPROOT/followup.html"
check followup-printed [ $? -eq 0 ]
SAMPLAN_DATE=2025-01-23 "$S" -C "$D" minutes 2025-01-22 --format=html >"$TMPROOT/minutes.html"
check minutes-printed [ $? -eq 0 ]

# pdf NAME: prints NAME.html to NAME.pdf, its text (one line, spaces
# squeezed) to NAME.txt and the text set in bold, one run a line, to
# NAME.bold.
pdf() {
	timeout 180 "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--user-data-dir="$TMPROOT/profile" --print-to-pdf="$TMPROOT/$1.pdf" \
		"file://$TMPROOT/$1.html" >"$TMPROOT/$1.log" 2>&1
	[ -s "$TMPROOT/$1.pdf" ] || return 1
	pdftotext -enc UTF-8 "$TMPROOT/$1.pdf" - | tr '\n' ' ' | tr -s ' ' >"$TMPROOT/$1.txt"
	pdftohtml -xml -i -stdout "$TMPROOT/$1.pdf" |
		sed -n 's/.*<b>\(.*\)<\/b>.*/\1/p' >"$TMPROOT/$1.bold"
}

# sections NAME: every heading of NAME.html (there are some) is in the
# PDF's text.
sections() {
	grep -o '<h[1-3][^>]*>[^<]*' "$TMPROOT/$1.html" | sed 's/<[^>]*>//; s/&amp;/\&/g' \
		>"$TMPROOT/$1.heads"
	[ "$(grep -c . "$TMPROOT/$1.heads")" -ge 3 ] || { echo "too few headings"; return 1; }
	while IFS= read -r h; do
		[ -n "$h" ] || continue
		grep -qF -- "$h" "$TMPROOT/$1.txt" || { echo "missing: $h"; return 1; }
	done <"$TMPROOT/$1.heads"
}

# pages NAME: the PDF has no more pages than tests/print/pages allows.
pages() {
	n=$(pdfinfo "$TMPROOT/$1.pdf" | sed -n 's/^Pages: *//p')
	max=$(sed -n "s/^$1 //p" "$here/pages")
	[ -n "$n" ] && [ -n "$max" ] && [ "$n" -ge 1 ] && [ "$n" -le "$max" ]
}

for r in snapshot activities followup minutes; do
	check $r-pdf pdf $r
	check $r-sections sections $r
	check $r-pages pages $r
done

# the snapshot: F1-F4 (prioritised for 2025) bold in the list and in
# the matrix (twice each), F5 (not prioritised) in neither
B=$TMPROOT/snapshot.bold
for id in F1 F2 F3 F4; do
	check snapshot-$id-bold [ "$(grep -c "^$id\$" "$B")" -eq 2 ]
done
check snapshot-f5-plain sh -c "! grep -q '^F5' '$B' && grep -q 'F5' '$TMPROOT/snapshot.txt'"
check snapshot-changes sh -c "for i in 1 2 3 4 5 6 7 8 9 10 11 12; do grep -q \"F\$i:\\|F\$i \" '$TMPROOT/snapshot.txt' || exit 1; done"
# the activity plan: A1 (serves F1) in a bold row, A3 (serves F7) plain
B=$TMPROOT/activities.bold
check activities-a1-bold grep -q '^A1 Utbildningsdag' "$B"
check activities-a3-plain sh -c "! grep -q 'A3' '$B' && grep -q 'A3 Kartläggning' '$TMPROOT/activities.txt'"
check activities-f7-plain sh -c "! grep -q '^F7' '$B' && grep -q 'F7: Kommunen' '$TMPROOT/activities.txt'"
# the follow-up: the prioritised changes' headings bold, a row per party
B=$TMPROOT/followup.bold
check followup-f1-bold grep -q '^F1: Parternas' "$B"
check followup-party-rows sh -c "grep -qF 'Södra länsdelen En utbildningsdag i Kumla' '$TMPROOT/followup.txt' && grep -qF 'Norra länsdelen Planerad till hösten' '$TMPROOT/followup.txt'"
check followup-rate grep -qF '2 of 10 follow-ups reported' "$TMPROOT/followup.txt"
check followup-achieved grep -qF '25 deltagare' "$TMPROOT/followup.txt"
check followup-not-reported grep -qF 'not reported: Norra länsdelen' "$TMPROOT/followup.txt"
# the minutes: the points' decisions and the actions for the next meeting
check minutes-decision grep -qF 'I och med detta är planen antagen.' "$TMPROOT/minutes.txt"
check minutes-actions grep -qF 'T3 Se över hur man ska prioritera' "$TMPROOT/minutes.txt"

finish
