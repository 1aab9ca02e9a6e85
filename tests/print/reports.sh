#!/bin/sh
# samplan print --report=activities and --report=followup: golden files
# in text, Markdown and HTML of a plan with activities and follow-ups
# (tests/print/activities.yaml); Markdown parsed by cmark-gfm (GitHub's
# tables), HTML by xmllint; the reporting rate, --party, hostile text, usage errors.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
here=$top_srcdir/tests/print
out=$TMPROOT/out
err=$TMPROOT/err
SAMPLAN_PRINT_DATE=2025-03-19
SAMPLAN_PRINT_SOURCE='Source: tests/print/activities.yaml'
export SAMPLAN_PRINT_DATE SAMPLAN_PRINT_SOURCE
P=$(fresh_plan reports)
cp "$here/activities.yaml" "$P/activities.yaml"
chmod u+w "$P/activities.yaml"

# --- golden files: both reports in every format ---
for r in activities followup; do
	for f in txt md html; do
		case $f in txt) fmt=text ;; md) fmt=markdown ;; html) fmt=html ;; esac
		"$S" -C "$P" print --report=$r --format=$fmt >"$out" 2>"$err"; rc=$?
		check $r-$f-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
		check $r-$f-golden cmp "$here/report-$r.$f" "$out"
		cp "$out" "$TMPROOT/$r.$f"
	done
	check $r-text-80-columns sh -c "[ \$(wc -L <'$TMPROOT/$r.txt') -le 80 ]"
	check $r-html-parses html_ok "$TMPROOT/$r.html"
	check $r-html-self-contained sh -c "! grep -qi '<script\|<link\|src=\|url(\|@import' '$TMPROOT/$r.html'"
done

# --- the activity plan: by change, the year's prioritised first and bold ---
A=$TMPROOT/activities.txt
check act-order sh -c "[ \"\$(sed -n 's/^\(» \)\{0,1\}\(F[0-9]*\): .*/\2/p' '$A' | tr '\n' ' ')\" = 'F1 F2 F3 F7 ' ]"
check act-prioritised-marked grep -q '^» A1 Utbildningsdag' "$A"
check act-other-unmarked grep -q '^  A3 Kartläggning' "$A"
check act-responsible grep -q 'Responsible: Arbetsgrupp' "$A"
check act-period grep -q 'Period: 2025-03–2025-12' "$A"
check act-indicator grep -q 'Andel beslutsunderlag med folkhälsoanalys: 10' "$A"
if command -v cmark-gfm >/dev/null 2>&1; then
	gfm() { cmark-gfm -e table "$1"; }
	gfm "$TMPROOT/activities.md" >"$out.html"
	# the three prioritised changes and their rows bold; F7 and A3 not
	check act-md-bold-headings sh -c "[ \"\$(grep -o '<h2><strong>F[0-9]*' '$out.html' | tr '\n' ' ')\" = '<h2><strong>F1 <h2><strong>F2 <h2><strong>F3 ' ]"
	check act-md-bold-cell grep -q '<td><strong>A1 Utbildningsdag' "$out.html"
	check act-md-plain-cell grep -q '<td>A3 Kartläggning' "$out.html"
	check act-md-tables [ "$(grep -c '<table>' "$out.html")" -eq 4 ]
	check act-md-cells [ "$(grep -c '<td' "$out.html")" -eq 28 ]
	gfm "$TMPROOT/followup.md" >"$out.html"
	check fu-md-tables [ "$(grep -c '<table>' "$out.html")" -eq 3 ]
	check fu-md-reported-row grep -q '<td>Södra länsdelen</td>' "$out.html"
elif [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
	fail md-gfm "cmark-gfm is not installed, and this run requires it"
else
	echo "# skipped: cmark-gfm is not installed"
fi
check act-html-bold-rows [ "$(grep -c "^<tr><td><strong>A" "$TMPROOT/activities.html")" -eq 3 ]

# --- the follow-up: the prioritised changes, their activities planned and
# achieved per party, who has not reported, the rate ---
F=$TMPROOT/followup.txt
check fu-rate grep -q 'Reported: 2 of 10 follow-ups reported' "$F"
check fu-changes sh -c "[ \"\$(grep -o '^» F[0-9]*:' '$F' | tr '\n' ' ')\" = '» F1: » F2: » F3: » F4: ' ]"
check fu-no-f7 sh -c "! grep -q 'A3 Kartläggning' '$F'"
check fu-achieved grep -q 'Output achieved: 25 deltagare' "$F"
check fu-a1-rate grep -q '^2 of 2 parties reported$' "$F"
check fu-a2-missing grep -q '^0 of 8 parties reported; not reported: Norra länsdelen' "$F"
check fu-no-activity grep -q 'No activity serves this change.' "$F"
"$S" -C "$P" print --report=followup --party=soder >"$out" 2>"$err"; rc=$?
check fu-party-exit [ "$rc" -eq 0 ]
check fu-party-rate grep -q 'Reported: 1 of 2 follow-ups reported' "$out"
check fu-party-only sh -c "! grep -q 'Norra länsdelen' '$out'"
check fu-party-named grep -q 'Party: Södra länsdelen' "$out"
"$S" -C "$P" print --report=followup --year=2026 >"$out" 2>"$err"; rc=$?
check fu-year-none sh -c "[ $rc -eq 0 ] && grep -q 'No change is prioritised for 2026.' '$out'"
"$S" -C "$P" print --report=followup --year=2026 --format=html >"$out" 2>"$err"
check fu-year-none-html html_ok "$out"

# --- hostile text: escaped in every format ---
H=$(fresh_plan hostile)
cp "$here/activities.yaml" "$H/activities.yaml"
chmod u+w "$H/activities.yaml"
"$S" -C "$H" set A1 'text=<script>x</script> | *a* & `b`' >/dev/null 2>&1
"$S" -C "$H" set followup:A1/2025-soder 'done=<b>|' >/dev/null 2>&1
"$S" -C "$H" print --report=followup --format=html >"$out"
check hostile-html-escaped sh -c "grep -qF '&lt;script&gt;x&lt;/script&gt; | *a* &amp; \`b\`' '$out' && ! grep -q '<script>' '$out' && grep -qF '&lt;b&gt;|' '$out'"
"$S" -C "$H" print --report=activities --format=markdown >"$out"
check hostile-md-escaped grep -qF '\<script\>x\</script\> \| \*a\* \& \`b\`' "$out"
if command -v cmark-gfm >/dev/null 2>&1; then
	gfm "$out" >"$out.html"
	# one cell, the pipe and the stars as typed
	check hostile-md-one-cell grep -qF '<td><strong>A1 &lt;script&gt;x&lt;/script&gt; | *a* &amp; `b`</strong></td>' "$out.html"
fi

# --- who is due: a party that followed an activity up without being
# named by it is shown and counted; --party leaves out the activities the
# party has no part in; an activity whose period does not cover the year
# is not due (unless followed up all the same) ---
W=$(fresh_plan who)
cp "$here/activities.yaml" "$W/activities.yaml"
chmod u+w "$W/activities.yaml"
"$S" -C "$W" add followup:A1 year=2025 party=vaster done="Gjort av väster" >/dev/null 2>&1
"$S" -C "$W" print --report=followup >"$out" 2>"$err"
check due-unnamed-counted grep -q 'Reported: 3 of 11 follow-ups reported' "$out"
check due-unnamed-shown sh -c "grep -A1 '^  Västra länsdelen' '$out' | grep -q 'Done: Gjort av väster' && grep -q '^3 of 3 parties reported$' '$out'"
"$S" -C "$W" print --report=followup --party=soder >"$out" 2>"$err"
check party-rate grep -q 'Reported: 1 of 2 follow-ups reported' "$out"
"$S" -C "$W" set A2 parties=norr >/dev/null 2>&1
"$S" -C "$W" print --report=followup --party=soder >"$out" 2>"$err"
check party-leaves-out sh -c "grep -q '^A1 ' '$out' && ! grep -q '^A2 ' '$out' && grep -q 'Reported: 1 of 1 follow-up reported' '$out'"
check party-none-due grep -q '^No activity of this change is followed up in 2025.$' "$out"
"$S" -C "$W" set A2 parties= period.from=2027 period.to=2028 >/dev/null 2>&1
"$S" -C "$W" print --report=followup >"$out" 2>"$err"
check period-not-due sh -c "! grep -q '^A2 ' '$out' && grep -q 'Reported: 3 of 3 follow-ups reported' '$out'"
"$S" -C "$W" add followup:A2 year=2025 party=orebro done="Förstudie" >/dev/null 2>&1
"$S" -C "$W" print --report=followup >"$out" 2>"$err"
# A2 serves F2 and F3: counted once
check period-followed-up-anyway sh -c "grep -q '^A2 ' '$out' && grep -q '^1 of 1 party reported$' '$out' && grep -q 'Reported: 4 of 4 follow-ups reported' '$out'"

# --- hostile text in the text format: a line break and a tab made
# visible or flattened, wide characters within 80 columns ---
"$S" -C "$H" set A1 "text=Första raden
andra	raden 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字" >/dev/null 2>&1
"$S" -C "$H" print --report=activities >"$out" 2>"$err"; rc=$?
check hostile-text-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check hostile-text-80-columns sh -c "[ \$(wc -L <'$out') -le 80 ]"
check hostile-text-no-tab sh -c "! grep -q \"\$(printf '\t')\" '$out'"
check hostile-text-kept grep -q 'Första raden' "$out"

# --- a big activity plan (300 copies of the fixture's, A1 to A30003):
# standard output, written in pieces as the report is made, holds the
# same bytes as the file --output writes at once, and a write error is
# still said (that it is never all in memory is make bench's to measure:
# the follow-up's peak memory against the files' size) ---
B=$(fresh_plan big)
repeat_list "$here/activities.yaml" activities A 300 >"$B/activities.yaml"
for r in activities followup; do
	for f in text markdown html; do
		"$S" -C "$B" print --report=$r --format=$f >"$out" 2>"$err"; rc=$?
		"$S" -C "$B" print --report=$r --format=$f --output="$TMPROOT/big.$f" 2>>"$err"
		check "big-$r-$f-same-bytes" sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ] && [ \$(wc -c <'$out') -gt 100000 ] && cmp '$TMPROOT/big.$f' '$out'"
	done
	if [ -w /dev/full ]; then
		"$S" -C "$B" print --report=$r >/dev/full 2>"$err"; rc=$?
		check big-$r-write-error sh -c "[ $rc -eq 1 ] && grep -q 'cannot write the plan' '$err'"
	fi
done
# the follow-up: 300 x A1 (under F1) and 300 x A2 (under F2 and F3)
check big-900-followed-up [ "$(grep -c '^A[0-9]* ' "$TMPROOT/big.text")" -eq 900 ]

# --- usage ---
"$S" -C "$P" print --report=bogus >"$out" 2>"$err"; rc=$?
check unknown-report sh -c "[ $rc -eq 2 ] && [ ! -s '$out' ] && grep -q \"unknown report 'bogus' (known: snapshot, activities, followup)\" '$err'"
"$S" -C "$P" print --report=followup --party=nosuch >"$out" 2>"$err"; rc=$?
check unknown-party sh -c "[ $rc -eq 1 ] && [ ! -s '$out' ] && grep -q \"unknown party 'nosuch'\" '$err'"
"$S" -C "$P" print --party=soder >"$out" 2>"$err"; rc=$?
check party-not-for-snapshot sh -c "[ $rc -eq 2 ] && grep -q -- '--party is for --report=followup' '$err'"
"$S" -C "$top_srcdir/data/orebro-2025" print --report=activities >"$out" 2>"$err"; rc=$?
check shipped-no-activities sh -c "[ $rc -eq 0 ] && grep -q 'The plan has no activities yet.' '$out'"

finish
