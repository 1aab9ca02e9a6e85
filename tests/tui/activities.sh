#!/bin/sh
# The activity plan in the workbench, in Swedish at 80x24: view 6 lists
# the activities under the changes they serve; an activity is added to F1
# with its output, result and indicator in a form, followed up for 2025 by
# two parties, and saved: the exact git diff of activities.yaml.  F1's
# detail shows its programme logic, F2's that it is prioritised without
# an activity, the activity's how many parties have followed it up.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

TMUX_W=80
TMUX_H=24
swedish
TMUX_ENV="LOCPATH='$SV_LOCPATH' LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR='$SV_MESSAGES'"
START_MARK='? hjälp'

P=$(fresh_plan activities)
start "$P"
keys 6
expect view 'Aktiviteter (0) efter förändringen de bidrar till; prioriterade för 2025 först'
expect no-activity-mark '! prioriterad för 2025, men ingen aktivitet (a lägger till en)'
see no-activity-under-f2 "screen | grep -A1 '^ F2 ' | tail -1 | grep -q 'ingen aktivitet'"

# a new activity, from F1's row: F1 is given, the rest typed field by field
keys a
expect form 'Ny aktivitet'
see form-serves-f1 "screen | grep -q 'Förändringar: *F1'"
txt "Utbildningsdag om folkhälsovetenskap för förtroendevalda"
keys Enter Enter                     # the text; F1 as given
txt "fstod"
keys Enter                           # the group
txt "soder, norr"
keys Enter                           # the parties
txt "2025-03"
keys Enter
txt "2025-12"
keys Enter                           # the period
txt "Två utbildningsdagar"
keys Enter
txt "Beslutsfattare efterfrågar folkhälsoanalyser"
keys Enter
txt "Andel beslutsunderlag med folkhälsoanalys"
keys Enter
txt "10 %"
keys Enter
txt "50 %"
keys C-s
wait_gone 'Ny aktivitet'
expect added 'A1: tillagd "Utbildningsdag om folkhälsovetenskap för förtroendevalda"'
see a1-under-f1 "screen | grep -A1 '^ F1 ' | tail -1 | grep -q '^   A1 .*Ej påbörjad 0/2'"
see f1-mark-gone "! screen | grep -A1 '^ F1 ' | tail -1 | grep -q 'ingen aktivitet'"

# followed up for 2025 by two parties: the form offers the year shown and
# the first party that has not followed it up
keys o
expect followup-form 'Ny uppföljning för A1. Uppföljt för 2025 (0/2): soder –  norr –'
see followup-year "screen | grep -q 'År: *2025'"
see followup-party "screen | grep -q 'Part: *soder'"
keys Enter
txt "En utbildningsdag i Kumla"
keys Enter
txt "25 deltagare"
keys Enter Enter
txt "20 %"
keys C-s
wait_gone 'Ny uppföljning'
expect followed-up 'uppföljning A1/2025-soder tillagd'
keys o
expect followup-form-2 'Uppföljt för 2025 (1/2): soder ✓  norr –'
see followup-party-2 "screen | grep -q 'Part: *norr'"
keys Enter
txt "Planerad till hösten"
keys C-s
wait_gone 'Ny uppföljning'
see reported-2-of-2 "screen | grep -q '^   A1 .*2/2'"
keys w
expect saved 'sparade'

# the activity's detail: who has followed it up
keys 6 Home j
wait_for '── A1 ──'
expect reported-detail 'Uppföljt för 2025 (2/2): soder ✓  norr ✓'
# F1's detail in view 1: its programme logic; F2's: no activity
keys 1 Home
wait_for '── F1 ──'
expect chain 'Programlogik: A1 Utbildningsdag om folkhälsovetenskap för förtroendevalda →'
see chain-output-result "screen | tr -d '\\n' | grep -q 'Två utbildningsdagar → Beslutsfattare efterfrågar folkhälsoanalyser'"
keys j
wait_for '── F2 ──'
expect f2-no-activity '! prioriterad för 2025, men ingen aktivitet (vy 6: a lägger till en)'
keys q
check quit [ "$(wait_exit)" = 0 ]

# the file: the activity and its two follow-ups, nothing else
cat >"$TMPROOT/want" <<'EOF'
-activities: []
+activities:
+  - id: A1
+    text: Utbildningsdag om folkhälsovetenskap för förtroendevalda
+    changes: [F1]
+    group: fstod
+    parties: [soder, norr]
+    period: {from: 2025-03, to: 2025-12}
+    output: Två utbildningsdagar
+    result: Beslutsfattare efterfrågar folkhälsoanalyser
+    indicator: Andel beslutsunderlag med folkhälsoanalys
+    baseline: "10 %"
+    target: "50 %"
+    status: ej-paborjad
+    notes: ""
+    followup:
+      - year: 2025
+        party: soder
+        done: En utbildningsdag i Kumla
+        output: "25 deltagare"
+        result: ""
+        value: "20 %"
+        comment: ""
+      - year: 2025
+        party: norr
+        done: Planerad till hösten
+        output: ""
+        result: ""
+        value: ""
+        comment: ""
EOF
git -C "$P" diff -U0 | grep '^[-+]' | grep -v '^\(---\|+++\) ' >"$TMPROOT/diff"
if cmp -s "$TMPROOT/want" "$TMPROOT/diff"; then
	ok diff
else
	fail diff "$(diff "$TMPROOT/want" "$TMPROOT/diff")"
fi
check only-activities [ "$(git -C "$P" diff --name-only)" = activities.yaml ]

finish
