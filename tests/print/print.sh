#!/bin/sh
# samplan print: golden snapshots of the shipped plan (text, Markdown, HTML),
# 80-column text, hostile plan text escaped in every format, --output,
# usage errors.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
here=$top_srcdir/tests/print
out=$TMPROOT/out
err=$TMPROOT/err
SAMPLAN_PRINT_DATE=2025-03-19
SAMPLAN_PRINT_SOURCE='Source: data/orebro-2025'
export SAMPLAN_PRINT_DATE SAMPLAN_PRINT_SOURCE
D=$top_srcdir/data/orebro-2025

# --- golden files of the shipped plan ---
"$S" -C "$D" print >"$out" 2>"$err"; rc=$?
check text-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check text-golden cmp "$here/orebro-2025.txt" "$out"
check text-80-columns sh -c "[ \$(wc -L <'$out') -le 80 ]"
# four marked in the list of changes, the same four in the effects matrix
check text-four-marked [ "$(sed '/^Links to effects/,$d' "$out" | grep -c '^» F')" -eq 4 ]
check text-matrix-marked [ "$(sed -n '/^Links to effects/,$p' "$out" | grep -c '^» F[1-4] ')" -eq 4 ]
"$S" -C "$D" print --format=markdown >"$out" 2>"$err"; rc=$?
check md-exit [ "$rc" -eq 0 ]
check md-golden cmp "$here/orebro-2025.md" "$out"
# the matrix is a table (GitHub's Markdown): every row as many cells as the
# head, 16 effects and the sum
check md-matrix-rows [ "$(grep -c '^| ' "$out")" -eq 14 ]
check md-matrix-cells sh -c "grep '^|' '$out' | awk -F'|' '{ print NF }' | sort -u | tr '\n' ' ' | grep -qx '20 '"
if command -v cmark >/dev/null 2>&1; then
	cmark "$out" >"$out.html"
	check md-cmark-four-bold [ "$(grep -o '<strong>' "$out.html" | wc -l)" -eq 8 ]
	check md-cmark-bold-f1-f4 sh -c "[ \"\$(grep -o '<strong>F[0-9]*' '$out.html' | tr '\n' ' ')\" = '<strong>F1 <strong>F2 <strong>F3 <strong>F4 <strong>F1 <strong>F2 <strong>F3 <strong>F4 ' ]"
	:
else
	echo "skip md-cmark: cmark not installed"
fi
"$S" -C "$D" print --format=html >"$out" 2>"$err"; rc=$?
check html-exit [ "$rc" -eq 0 ]
check html-golden cmp "$here/orebro-2025.html" "$out"
# four bold in the list, the same four in the matrix
check html-four-bold [ "$(grep -o '<strong>' "$out" | wc -l)" -eq 8 ]
check html-no-script-or-resources sh -c "! grep -qi '<script\|<link\|src=\|url(\|@import' '$out'"
check html-parses html_ok "$out"
"$S" -C "$D" print --year=2026 >"$out"
check year-2026-none-marked [ "$(grep -c '^» ' "$out")" -eq 0 ]
check year-2026-explained grep -q 'prioritised for 2026' "$out"

# --- every year's priorities: F5 and F9 prioritised for 2026 as well; the
# focus year's marked (bold) as in the plan, the others with their year ---
Y=$(fresh_plan years)
"$S" -C "$Y" set F5 priority=+2026 >/dev/null 2>&1
"$S" -C "$Y" set F9 priority=+2026 >/dev/null 2>&1
for f in txt md html; do
	case $f in txt) fmt=text ;; md) fmt=markdown ;; html) fmt=html ;; esac
	"$S" -C "$Y" print --format=$fmt >"$out" 2>"$err"; rc=$?
	check years-$f-golden sh -c "[ $rc -eq 0 ] && cmp '$here/orebro-2025-2026.$f' '$out'"
	check years-$f-header grep -qF '2025: F1, F2, F3, F4; 2026: F5, F9' "$out"
	check years-$f-f5-year grep -qF 'Status: Ej påbörjad; Prioritised in: 2026; Groups: none' "$out"
done
"$S" -C "$Y" print >"$out"
check years-text-four-marked [ "$(grep -c '^» F' "$out")" -eq 8 ]
check years-text-f5-not-marked sh -c "! grep -q '^» F5' '$out'"
"$S" -C "$Y" print --format=html >"$out"
check years-html-f5-not-bold sh -c "! grep -q '<strong><span class=\"id\">F5<' '$out'"
"$S" -C "$D" print --bold=overstrike >"$out"
# struck twice: in the list of changes and in the matrix
check overstrike-four [ "$(grep -c "$(printf 'F\bF1\b1 ')" "$out")" -eq 2 ]
check overstrike-no-marker [ "$(grep -c '^» ' "$out")" -eq 0 ]

# --- footer from git ---
if command -v git >/dev/null 2>&1; then
	P=$(fresh_plan gitplan)
	(unset SAMPLAN_PRINT_SOURCE; "$S" -C "$P" print >"$out")
	h=$(git -C "$P" log -1 --format=%h)
	# the plan by its name, not this machine's path
	check footer-commit grep -q "^Source: $(basename "$P"), commit $h (2025-03-19)\$" "$out"
	(unset SAMPLAN_PRINT_SOURCE; cd "$P" && "$S" print >"$out")
	check footer-dot-named grep -q "^Source: $(basename "$P"), commit $h (2025-03-19)\$" "$out"
	mkdir -p "$P/plans/orebro"
	cp "$P"/*.yaml "$P/plans/orebro/"
	(unset SAMPLAN_PRINT_SOURCE; cd "$P/plans/orebro" && "$S" print >"$out")
	check footer-place-in-repository grep -q "^Source: $(basename "$P")/plans/orebro, commit $h (2025-03-19)" "$out"
	rm -rf "$P/plans"
	echo "# x" >>"$P/changes.yaml"
	(unset SAMPLAN_PRINT_SOURCE; "$S" -C "$P" print >"$out")
	# the footer wraps at 80 columns: join its lines
	footer=$(sed -n '/^--$/,$p' "$out" | tail -n +2 | tr '\n' ' ')
	check footer-uncommitted [ "$footer" = "Source: $(basename "$P"), commit $h (2025-03-19) + uncommitted changes " ]
fi

# --- hostile text ---
H=$(fresh_plan hostile)
"$S" -C "$H" set F1 'text=<script>alert(1)</script> & "q" '"'s'"' **bold** [x](y) `c` _u_ \ # h' >/dev/null 2>"$err"
check hostile-set [ "$?" -eq 0 ]
"$S" -C "$H" set F5 'text=1. **not a list** <b>x</b> &amp;' >/dev/null
"$S" -C "$H" print >"$out"
check hostile-text-verbatim grep -qF '<script>alert(1)</script> & "q"' "$out"
check hostile-text-80 sh -c "[ \$(wc -L <'$out') -le 80 ]"
"$S" -C "$H" print --format=markdown >"$out"
check hostile-md-escaped grep -qF '\<script\>alert(1)\</script\> \& "q" '"'s'"' \*\*bold\*\* \[x\](y) \`c\` \_u\_ \\ \# h' "$out"
if command -v cmark >/dev/null 2>&1; then
	cmark "$out" >"$out.html"
	check hostile-md-no-html sh -c "! grep -q '<script\|<b>\|<a \|<code>\|<em>' '$out.html'"
	check hostile-md-four-bold [ "$(grep -o '<strong>' "$out.html" | wc -l)" -eq 8 ]
	check hostile-md-shown grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;' "$out.html"
	check hostile-md-entity-shown grep -qF '&amp;amp;' "$out.html"
fi
"$S" -C "$H" print --format=html >"$out"
check hostile-html-parses html_ok "$out"
check hostile-html-escaped grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39; **bold** [x](y)' "$out"
check hostile-html-entity-escaped grep -qF '&amp;amp;' "$out"
check hostile-html-no-tags sh -c "! grep -q '<script\|<b>' '$out'"
check hostile-html-four-bold [ "$(grep -o '<strong>' "$out" | wc -l)" -eq 8 ]

# --- tabs and direction marks become visible marks; a value of several
# lines prints as one paragraph (a line break is a space) ---
C=$(fresh_plan controls)
sed 's/^    text: Parternas/    text: "a\\u202e red\\tb  \\n  c"\n    #/' "$C/changes.yaml" >"$out"
cp "$out" "$C/changes.yaml"
marked=$(printf 'a\357\277\275 red\342\220\211b c')
"$S" -C "$C" print >"$out"
check controls-marked-text grep -qF "» F1   $marked" "$out"
check controls-no-bidi-text sh -c "! grep -q \"\$(printf '\342\200\256')\" '$out'"
"$S" -C "$C" print --format=html >"$out"
check controls-marked-html grep -qF "$marked" "$out"
"$S" -C "$C" print --format=markdown >"$out"
check controls-marked-md grep -qF -e "- **F1: $marked**" "$out"

# --- a change's notes, a group's members and notes, in every format ---
N=$(fresh_plan notes)
"$S" -C "$N" set F2 'notes=Följs upp <i>nästa</i> möte' >/dev/null
sed 's/^    members: \[\]$/    members: [Anna Berg, Deepa]/; s/^    notes: "Föreslagen.*$/    notes: |\n      Två rader\n      om *gruppen*/' \
	"$N/groups.yaml" >"$out"
cp "$out" "$N/groups.yaml"
"$S" -C "$N" print >"$out" 2>"$err"
check notes-text-change grep -qx '       Notes: Följs upp <i>nästa</i> möte' "$out"
check notes-text-members grep -qx 'Members: Anna Berg, Deepa' "$out"
check notes-text-group grep -qx 'Notes: Två rader om \*gruppen\*' "$out"
"$S" -C "$N" print --format=markdown >"$out" 2>"$err"
check notes-md-change grep -qF 'Notes: Följs upp \<i\>nästa\</i\> möte' "$out"
check notes-md-group grep -qx -e '- Notes: Två rader om \\\*gruppen\\\*' "$out"
check notes-md-members grep -qx -e '- Members: Anna Berg, Deepa' "$out"
"$S" -C "$N" print --format=html >"$out" 2>"$err"
check notes-html-parses html_ok "$out"
check notes-html-change grep -qF 'Notes: Följs upp &lt;i&gt;nästa&lt;/i&gt; möte</span>' "$out"
check notes-html-group grep -qF '<dt>Notes</dt><dd>Två rader om *gruppen*</dd>' "$out"
check notes-html-members grep -qF '<dt>Members</dt><dd>Anna Berg, Deepa</dd>' "$out"
# notes of white space only are no notes: no empty field
"$S" -C "$N" set F2 'notes=  ' >/dev/null
"$S" -C "$N" print >"$out" 2>"$err"
check notes-blank-not-printed sh -c "! grep -q '^       Notes:' '$out'"

# --- --output, usage ---
"$S" -C "$D" print --output="$TMPROOT/snap.md" --format=markdown >"$out" 2>"$err"; rc=$?
check output-exit [ "$rc" -eq 0 ]
check output-stdout-empty [ ! -s "$out" ]
check output-file cmp "$here/orebro-2025.md" "$TMPROOT/snap.md"
"$S" -C "$D" print --format=pdf >"$out" 2>"$err"; rc=$?
check unknown-format sh -c "[ $rc -eq 2 ] && [ ! -s '$out' ] && grep -q \"unknown format 'pdf'\" '$err'"
"$S" -C "$D" print --year=next >"$out" 2>"$err"; rc=$?
check bad-year [ "$rc" -eq 2 ]
# a big plan (50 copies of the shipped changes, F101 to F5012) is written
# to standard output as it is made, in pieces: the same bytes as the whole
# print in a file, and a write error is still said
B=$TMPROOT/big
mkdir "$B"
cp "$D/plan.yaml" "$D/groups.yaml" "$B/"
repeat_list "$D/changes.yaml" changes F 50 >"$B/changes.yaml"
for f in text markdown html; do
	"$S" -C "$B" print --format=$f >"$out" 2>"$err"; rc=$?
	"$S" -C "$B" print --format=$f --output="$TMPROOT/big.$f" 2>>"$err"
	check "big-$f-streamed" sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ] && [ \$(wc -c <'$out') -gt 100000 ] && cmp '$TMPROOT/big.$f' '$out'"
done
check big-600-changes [ "$(grep -c '^» F\|^  F' "$TMPROOT/big.text")" -ge 600 ]
if [ -w /dev/full ]; then
	"$S" -C "$B" print >/dev/full 2>"$err"; rc=$?
	check big-write-error sh -c "[ $rc -eq 1 ] && grep -q 'cannot write the plan' '$err'"
fi
SAMPLAN_PRINT_DATE=igår "$S" -C "$D" print >"$out" 2>"$err"; rc=$?
check bad-date [ "$rc" -eq 2 ]
"$S" print --help >"$out"
check help-env sh -c "grep -q SAMPLAN_PRINT_DATE '$out' && grep -q SAMPLAN_PRINT_SOURCE '$out'"

finish
