#!/bin/sh
# End-to-end tests of the workbench: the real binary in tmux on a private
# socket, keys typed with send-keys, the screen read with capture-pane.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

ids() { tr '\n' ' ' | sed 's/ $//'; }
# rows REGEX: the ids of the rows on the screen that match REGEX, in a line.
rows() { screen | grep -E -- "$1" | awk '{print $1}' | ids; }
# quit_ok NAME: q quits at once, with status 0 and nothing on stderr
# (where the sanitizers report).
quit_ok() {
	keys q
	rc=$(wait_exit)
	if [ "$rc" = 0 ] && [ ! -s "$TMPROOT/stderr" ]; then ok "$1"; else fail "$1" "exit '$rc': $(cat "$TMPROOT/stderr")"; fi
}
# expect NAME TEXT: passes when the screen comes to hold TEXT.

# --- open the shipped plan: twelve changes, exactly the four prioritised bold
P=$(fresh_plan open)
start "$P"
see open-twelve-changes '[ "$(screen | grep -cE "^ F[0-9]+ ")" -eq 12 ]'
see open-header "screen | head -1 | grep -q 'Samverkansplan.*version 3.*2025'"
see open-tabs "screen | sed -n 2p | grep -q '1 Changes.*2 Prioritised.*3 Groups.*4 Status.*5 Matrix'"
see open-bold-exactly-f1-f4 '[ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]' 'bold_ids | ids'
see open-hints-from-table "screen | tail -1 | grep -q 's status.*? help.*q quit'"
see open-not-modified "! screen | head -1 | grep -qF '[+]'"
# p toggles bold at once, on that row only
keys j j j j j p
wait_for '[+]'
see prioritise-bold-appears '[ "$(bold_ids | ids)" = "F1 F2 F3 F4 F6" ]' 'bold_ids | ids'
keys p
wait_for 'no longer prioritised'
see prioritise-bold-goes '[ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]' 'bold_ids | ids'
keys u u
wait_for 'undone: F6: prioritised 2025'
see undo-to-saved-state "! screen | head -1 | grep -qF '[+]'"
# help screen generated from the command table
keys '?'
wait_for 'Keys ('
see help-lists-keys "screen | grep -q '\\^R .*redo'"
# at the narrowest terminal (80 columns) a long help wraps under its column
resize 80 30 '                    linked to' # a help line wrapped
keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
keys j j j j j j j j j j j j j j j j j j j j
wait_for 'unmark)'
see help-wraps-in-column "screen | grep -qx '                    revision (again: unmark)'"
see help-wrapped-key-once '[ "$(screen | grep -c "^  m ")" -eq 1 ]'
see help-scrolls-to-last-line "screen | tail -1 | grep -q 'braille displays\\.\$'"
see help-quit-key "screen | grep -q '^  q \\^C'"
# Enter is named (once), not shown as a control character; where a key
# means another command in another view, the help says which view
see help-enter-named "screen | grep -q '^  Enter  *the selected change'"
see help-no-control-enter "! screen | grep -q '\\^M\\|\\^J'"
keys Home
see help-h-view "screen | tr '\\n' ' ' | grep -q 'the matrix.s effect to the left (view 5)'"
# PgDn and PgUp scroll; only Esc, q, ? or Enter close
keys NPage
see help-pgdn-scrolls "screen | grep -q 'Keys (' && ! screen | grep -q '^  j '"
resize 100 30
keys Escape
wait_gone 'Keys ('
# the views
keys 2
wait_for 'Prioritised in 2025: 4 of 12'
see view2-four '[ "$(screen | grep -cE "^   F[0-9]+ ")" -eq 4 ]'
keys ']'
expect view2-switch-year 'Prioritised in 2026: 0 of 12'
keys '[' 3
wait_for 'Unassigned (no working group)'
see view3-groups "screen | grep -q 'Arbetsgrupp föräldraskapsstöd (fstod)'"
# the selected group's fields in the detail pane, from the schema: its
# notes wrapped, and wrapped anew to a narrower screen
see view3-detail-id "screen | grep -q '^── fstod ──'"
see view3-detail-name "screen | grep -qx ' Name: Arbetsgrupp föräldraskapsstöd'"
see view3-notes "screen | grep -qx ' Notes: Föreslagen 2025-01-22 (punkt 4, Föräldraskapsstödsstrategin). Beslut: Deepa får fortsatt'"
see view3-notes-wrapped "screen | grep -qx ' vilket uppdrag som en arbetsgrupp bör ha.'"
resize 80 30 'v3  focus 2025' # the header at 80 columns
expect view3-notes-rewrapped ' Deepa får fortsatt uppdrag att återkomma med ett förslag kring vilka som ska'
resize 100 30
wait_for 'Beslut: Deepa får fortsatt'
# the cursor stands on groups and changes, not on lines of text: from the
# first group (no changes) j goes to the next group
see view3-cursor-on-title "reversed 'Arbetsgrupp föräldraskapsstöd (fstod)'" 'screen_e | sed -n 3p'
keys j
wait_for '── lansdelsgrupper ──'
see view3-cursor-moved "reversed 'Länsdelsgrupperna (lansdelsgrupper)' && ! reversed 'Arbetsgrupp föräldraskapsstöd (fstod)'" \
	'screen_e | sed -n 3,6p'
keys j
wait_for '── F1 ──'
see view3-cursor-to-change "reversed '   F1 '" 'screen_e | sed -n 9,10p'
keys k
wait_for '── lansdelsgrupper ──'
see view3-message-before '[ "$(screen | tail -2 | head -1)" != "no change selected" ]' 'screen | tail -2 | head -1'
keys s
see view3-no-change-edit '[ "$(screen | tail -2 | head -1)" = "no change selected" ]' 'screen | tail -2 | head -1'
see view3-no-status-menu "! screen | grep -q 'Set status'"
keys 4
wait_for 'All changes (12)'
see view4-status "screen | grep -q 'Ej påbörjad.*12'"
keys 1
quit_ok quit-unmodified
check open-wrote-nothing [ -z "$(git -C "$P" status --porcelain)" ]

# --- NO_COLOR: attributes only, the same bold rows
P=$(fresh_plan nocolor)
NO_COLOR_TEST=1
start "$P"
NO_COLOR_TEST=
see nocolor-bold '[ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]' 'bold_ids | ids'
see nocolor-no-colours "! screen_e | grep -q '\[3[0-7]m\|\[4[0-7]m\|;3[0-7]m'"
quit_ok nocolor-quit

# --- print: P, markdown, the default name in the plan's parent; unsaved edits marked
P=$(fresh_plan print)
start "$P"
keys j j j j j p
wait_for '[+]'
keys P
wait_for 'Print format'
keys 2
wait_for 'Print to: '
want="$P/samverkansplan-$(date +%Y-%m-%d).md"
see print-default-name "screen | grep -qF 'samverkansplan-$(date +%Y-%m-%d).md'"
keys Enter
expect print-message "printed to"
check print-file-exists [ -s "$want" ]
check print-bold-f1 grep -qF -- '- **F1: ' "$want"
check print-bold-unsaved-f6 grep -qF -- '- **F6: ' "$want"
check print-unsaved-marked grep -qF '+ unsaved edits' "$want"
keys u
wait_for 'undone'
quit_ok print-quit
check print-plan-untouched [ -z "$(git -C "$P" status --porcelain)" ]

# --- the meeting: F5 gets a status, priority, a group and a new text; save
P=$(fresh_plan meeting)
start "$P"
keys j Down j Down s
wait_for 'Set status'
keys 2
wait_for 'status Ej påbörjad → Pågår'
keys p
wait_for 'prioritised 2025'
keys g
wait_for '[ ]  1 Arbetsgrupp föräldraskapsstöd (fstod)'
# a digit toggles its group (the cursor goes there); again, it is off
keys 2
see picker-digit-toggles "screen | grep -qF '[x]  2 Länsdelsgrupperna'"
see picker-digit-cursor "reversed '[x]  2 Länsdelsgrupperna'"
keys 2
see picker-digit-toggles-off "screen | grep -qF '[ ]  2 Länsdelsgrupperna'"
keys 1
wait_for '[x]  1 Arbetsgrupp föräldraskapsstöd (fstod)'
# Enter after a toggle only closes: the group at the cursor stays as it is
keys Enter
wait_gone '[x]  1 Arbetsgrupp'
see picker-enter-closes "screen | grep -q '^ F5 .*Arbetsgrupp f'"
keys e
wait_for 'Text: '
keys -l ' – åäö'
keys Enter
wait_gone 'Text: '
see meeting-modified-marker "screen | head -1 | grep -qF '[+]'"
keys w
if wait_for 'saved 6 edits'; then ok meeting-saved-message; else fail meeting-saved-message "$(screen | tail -2)"; fi
see meeting-marker-gone "! screen | head -1 | grep -qF '[+]'"
quit_ok meeting-quit
check meeting-numstat [ "$(git -C "$P" diff --numstat)" = "4	4	changes.yaml" ]
git -C "$P" diff -U0 | grep '^[-+] ' >"$TMPROOT/diff"
cat >"$TMPROOT/want" <<'WANT'
-    text: Det finns en välfungerande samverkan mellan lokal och regionalpolitisk nivå i folkhälsofrågor
-    priority: []
-    status: ej-paborjad
-    groups: []
+    text: Det finns en välfungerande samverkan mellan lokal och regionalpolitisk nivå i folkhälsofrågor – åäö
+    priority: [2025]
+    status: pagar
+    groups: [fstod]
WANT
if cmp -s "$TMPROOT/diff" "$TMPROOT/want"; then ok meeting-diff-lines; else fail meeting-diff-lines "$(cat "$TMPROOT/diff")"; fi
check meeting-cli-agrees sh -c "'$SAMPLAN' -C '$P' list | grep -q '^F5	pagar	2025	fstod	.*åäö\$'"

# --- undo and redo, any number of steps; quitting with unsaved edits asks
P=$(fresh_plan undo)
start "$P"
keys s 3
wait_for 'status Ej påbörjad → Klar'
keys j p
wait_for 'no longer prioritised 2025'
keys u
wait_for 'undone: F2: no longer prioritised 2025'
see undo-restores-bold '[ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]' 'bold_ids | ids'
keys u
wait_for 'undone: F1: status Ej påbörjad → Klar'
see undo-twice-status '[ "$(screen | grep -c "Klar ")" -eq 0 ]'
keys u
expect undo-nothing-left 'nothing to undo'
keys C-r
wait_for 'redone: F1: status Ej påbörjad → Klar'
keys C-r
wait_for 'redone: F2: no longer prioritised 2025'
see redo-both '[ "$(bold_ids | ids)" = "F1 F3 F4" ]' 'bold_ids | ids'
keys q
if wait_for 'unsaved edits: s save and quit, d discard and quit, c cancel'; then ok quit-asks; else fail quit-asks "$(screen | tail -2)"; fi
keys c
wait_for 'not quitting'
check quit-cancel-stays [ ! -s "$TMPROOT/rc" ]
keys q
wait_for 'unsaved edits'
keys d
check quit-discard-exits [ "$(wait_exit)" = 0 ]
check quit-discard-stderr [ ! -s "$TMPROOT/stderr" ]
check quit-discard-wrote-nothing [ -z "$(git -C "$P" status --porcelain)" ]
# save and quit from the question
P=$(fresh_plan quitsave)
start "$P"
keys s 2 q
wait_for 'unsaved edits'
keys s
check quit-save-exits [ "$(wait_exit)" = 0 ]
check quit-save-wrote [ "$(git -C "$P" diff --numstat)" = "1	1	changes.yaml" ]

# --- the line editor: by word (Ctrl-Left, Alt-b), Backspace, Esc cancels
P=$(fresh_plan lineedit)
start "$P"
keys e
wait_for 'Text: '
keys C-Left C-Left BSpace M-b
keys -l 'Ä'
keys Home Delete End
keys -l '!'
keys Enter
wait_gone 'Text: '
keys e
wait_for 'Text: '
keys -l 'zzz'
keys Escape
expect edit-esc-cancels 'cancelled'
keys w
expect edit-saved 'saved 1 edit'
quit_ok edit-quit
check edit-result grep -q '^    text: arternas beslutsfattare har en ökad folkhälsovetenskaplig Äkompetenssom tillämpas\.!$' "$P/changes.yaml"
check edit-one-line [ "$(git -C "$P" diff --numstat)" = "1	1	changes.yaml" ]

# --- filters: by status (f cycles), by group (F cycles, then unassigned)
P=$(fresh_plan filter)
start "$P"
keys s 2 j j s 2
wait_for 'F3: status'
keys f f
expect filter-status 'filter: Pågår (2)'
see filter-status-rows '[ "$(rows "^ F[0-9]+ ")" = "F1 F3" ]'
keys F
expect filter-group 'filter: Pågår, fstod (0)'
keys F F
expect filter-unassigned 'filter: Pågår, unassigned (2)'
keys F f f
expect filter-off 'no filter: all changes'
see filter-off-rows '[ "$(screen | grep -cE "^ F[0-9]+ ")" -eq 12 ]'
keys q d
check filter-quit [ "$(wait_exit)" = 0 ]

# --- add, move, delete (with confirmation), search
P=$(fresh_plan addmove)
start "$P"
keys a
wait_for 'New change: '
keys -l 'Ny förändring'
keys Enter
wait_for 'F13: added'
see add-selected "screen | grep -q '^ F13 .*Ny förändring'"
keys K
wait_for 'F13: moved'
see move-up '[ "$(rows "^ F1[123] ")" = "F11 F13 F12" ]'
keys D
wait_for 'delete F13? (y/n)'
keys n
wait_for 'not deleted'
keys D y
wait_for 'F13: deleted'
see delete-gone '[ "$(screen | grep -cE "^ F13 ")" -eq 0 ]'
keys / 
wait_for 'Search: '
keys -l 'civilsamhälle'
keys Enter
expect search-finds "found 'civilsamhälle' in F3"
# case does not matter, for å, ä and ö too: Ö finds 'ökad' (F1), then 'Ökad'
keys /
wait_for "Search: civilsamhälle"
keys C-u
keys -l 'ÖKAD'
keys Enter
expect search-folds-case "found 'ÖKAD' in F1"
keys n
expect search-next "found 'ÖKAD' in F2"
# the search's folded texts follow an edit, and its undo
keys e
wait_for 'Text: '
keys End
keys -l ' Zebror'
keys Enter
wait_gone 'Text: '
keys /
wait_for "Search: ÖKAD"
keys C-u
keys -l 'zebror'
keys Enter
expect search-after-edit "found 'zebror' in F2"
keys u
wait_for 'undone'
keys n
expect search-after-undo "not found: 'zebror'"
# a change's id, as people say it, goes to that change
keys /
wait_for "Search: zebror"
keys C-u
keys -l 'f7'
keys Enter
expect search-id "found F7"
see search-id-selected "reversed ' F7 '"
keys w
wait_for 'nothing to save'
check add-delete-nets-nothing [ -z "$(git -C "$P" status --porcelain)" ]
quit_ok addmove-quit

# --- a plan longer than the screen: paging, and views built over many rows
P=$(fresh_plan long)
i=13
while [ $i -le 90 ]; do
	printf '  - id: F%d\n    horizon: kort\n    text: Förändring nummer %d\n    priority: [2025]\n    status: pagar\n    groups: []\n    effects: []\n    notes: ""\n' $i $i
	i=$((i + 1))
done >>"$P/changes.yaml"
git -C "$P" commit -qam long
start "$P"
keys End
expect long-end ' F90 ──'
keys PPage
wait_gone ' F90 ──'
see long-page-up "screen | grep -q '^ F90 '"
keys Home
expect long-home ' F1 ──'
keys 2
expect long-view2 'Prioritised in 2025: 82 of 90'
keys 4
keys Home
expect long-view4 'All changes (90)'
see long-view4-bars "screen | grep -q 'Pågår .* 78\$'"
quit_ok long-quit

# --- a tiny terminal says how big it must be; back to 100x30 redraws
P=$(fresh_plan resize)
start "$P"
resize 40 10 'is 40x10'
if wait_for 'is 40x10' && wait_for '60x20'; then ok resize-too-small; else fail resize-too-small "$(screen)"; fi
resize 100 30
if wait_for 'q quit'; then ok resize-back; else fail resize-back "$(screen)"; fi
see resize-back-rows '[ "$(screen | grep -cE "^ F[0-9]+ ")" -eq 12 ]'
see resize-back-bold '[ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]' 'bold_ids | ids'
quit_ok resize-quit

# --- hostile text: what the loader lets through is shown as marks and
# cannot break rows; what it refuses (ESC, CR, BS) never reaches the screen
P=$(fresh_plan hostile)
printf '%s\n' '  - id: F13' '    horizon: kort' \
	'    text: "A\u202eB\u2066C\u200bD\tE\n F99   Ej påbörjad -  fake row"' \
	'    priority: []' '    status: ej-paborjad' '    groups: []' '    effects: []' \
	'    notes: "x\ny"' >>"$P/changes.yaml"
git -C "$P" commit -qam hostile
start "$P"
see hostile-rows-intact '[ "$(screen | grep -cE "^ F[0-9]+ ")" -eq 13 ]'
see hostile-no-fake-row '[ "$(screen | grep -cE "^ F99 ")" -eq 0 ]'
see hostile-marks "screen | grep -q '^ F13 .*A�B�C�D␉E␤ F99'"
keys End
wait_for ' F13 ──'
see hostile-detail-rows '[ "$(screen | grep -c "fake row")" -eq 2 ]'
quit_ok hostile-quit
check hostile-wrote-nothing [ -z "$(git -C "$P" status --porcelain)" ]

# --- a plan that fails to load: FILE:LINE:COLUMN, exit 1, no file touched
P=$(fresh_plan broken)
sed -i 's/^    status: ej-paborjad$/    status: klart/; 0,/text: Parternas/s/text: Parternas/text: "\\e[2J\\rParternas/; 0,/kompetens som tillämpas\.$/s//kompetens som tillämpas."/' "$P/changes.yaml"
git -C "$P" commit -qam broken
before=$(ls -l --time-style=full-iso "$P")
"$SAMPLAN" -C "$P" >"$TMPROOT/out" 2>"$TMPROOT/err" </dev/null; rc=$?
check broken-exit-1 [ "$rc" -eq 1 ]
check broken-file-line-col grep -qE '^[^:]*changes\.yaml:[0-9]+:[0-9]+: ' "$TMPROOT/err"
check broken-no-screen [ ! -s "$TMPROOT/out" ]
check broken-untouched sh -c "[ -z \"\$(git -C '$P' status --porcelain)\" ] && [ \"\$(ls -l --time-style=full-iso '$P')\" = '$before' ]"
start_nowait "$P"
check broken-in-tmux-exit-1 [ "$(wait_exit)" = 1 ]
check broken-in-tmux-message grep -qE 'changes\.yaml:[0-9]+:[0-9]+: ' "$TMPROOT/stderr"

finish
