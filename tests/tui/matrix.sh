#!/bin/sh
# The effects matrix (view 5) at 80x24: the changes against the plan's 16
# effects, a cell cursor, Space links and unlinks (an op: undone with u),
# totals per change and per effect; the file gets exactly the expected
# `effects:` lines.  The detail pane names RUS effect goals and national
# target areas apart.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

TMUX_W=80
TMUX_H=24
P=$(fresh_plan matrix)
start "$P"
keys 5
wait_for 'RUS effect goals'
see matrix-fits-80 "screen | grep -q '^ F12 .* 0\$'"
see matrix-kinds "screen | grep -q '│RUS effect goals *│National target areas'"
see matrix-columns "screen | grep -q '│R1 R2 R3 R4 R5 R6 R7 R8 │N1 N2 N3 N4 N5 N6 N7 N8  sum'"
see matrix-totals-row "screen | grep -q 'Changes linked'"
expect matrix-head-first 'R1: Goda uppväxtvillkor (RUS effect goal)'
keys l l
expect matrix-head-moved 'R3: Ökad grad av delaktighet och inflytande (RUS effect goal)'
keys Space
expect matrix-linked 'F1: effect Ökad grad av delaktighet och inflytande (R3) linked'
keys j Space Right Right Right Right Right Right Right
expect matrix-head-n2 'N2: Kunskaper, kompetenser och utbildning (national target area)'
keys Space
expect matrix-linked-n2 'F2: effect Kunskaper, kompetenser och utbildning (N2) linked'
# the row totals, and the column totals of R3 (2) and N2 (1)
see matrix-row-total "screen | grep -q '^»F2 .* 2\$'"
see matrix-column-totals "screen | grep 'Changes linked' | grep -q '│ 0  0  2  0  0  0  0  0 │ 0  1  0  0  0  0  0  0    3\$'"
# a third link, undone
keys k Space
expect matrix-third 'F1: effect Kunskaper, kompetenser och utbildning (N2) linked'
keys u
expect matrix-undone 'undone: F1: effect Kunskaper, kompetenser och utbildning (N2) linked'
# the detail pane names the kinds apart
keys 1 j
wait_for '── F2 ──'
see detail-rus "screen | grep -qx ' RUS effect goals: Ökad grad av delaktighet och inflytande'"
see detail-national "screen | grep -qx ' National target areas: Kunskaper, kompetenser och utbildning'"
keys w
expect matrix-saved 'saved 3 edits'
keys q
check matrix-quit [ "$(wait_exit)" = 0 ]
git -C "$P" diff -U0 | grep '^[-+] ' >"$TMPROOT/diff"
cat >"$TMPROOT/want" <<'WANT'
-    effects: []
+    effects: [rus-delaktighet]
-    effects: []
+    effects: [rus-delaktighet, mal-2-kunskaper]
WANT
if cmp -s "$TMPROOT/want" "$TMPROOT/diff"; then ok matrix-diff; else fail matrix-diff "$(cat "$TMPROOT/diff")"; fi
check matrix-numstat [ "$(git -C "$P" diff --numstat)" = "2	2	changes.yaml" ]

finish
