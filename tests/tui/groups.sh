#!/bin/sh
# The working groups (view 3): deleting a group that changes use (the
# question names them; yes unassigns them and deletes the group, Esc and n
# change nothing), the roster (add with an organisation, edit, reorder,
# remove; a move said as one, also undone and redone), the mandate typed
# with å ä ö (saved composed, also when typed decomposed), and h (horizon)
# and Y (focus year) undone.  Each is checked
# on the screen and in the saved files: exactly the expected lines, and
# nothing else changed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
command -v git >/dev/null 2>&1 || skip "git is not installed"

# fixture NAME: a fresh plan in which fstod is responsible for F1, F3 and
# F4 (F3 shares it with lansdelsgrupper), committed.
fixture() {
	d=$(fresh_plan "$1")
	awk '/^  - id: F/ { id = $3 }
	/^    groups: \[\]$/ {
		if (id == "F1" || id == "F4") $0 = "    groups: [fstod]"
		else if (id == "F3") $0 = "    groups: [lansdelsgrupper, fstod]"
	}
	{ print }' "$d/changes.yaml" >"$d/changes.new" && mv "$d/changes.new" "$d/changes.yaml"
	git -C "$d" commit -q -a -m fixture
	echo "$d"
}

# line NAME LINE: passes when LINE is a whole line of the screen (polled).
line() {
	line_want=$2
	if poll 'screen | grep -qxF -- "$line_want"'; then
		ok "$1"
	else
		fail "$1" "no line '$2' on: $(screen | tr '\n' '|')"
	fi
}

# header NAME TEXT: passes when the screen's first line is TEXT (polled).
header() {
	line_want=$2
	if poll '[ "$(screen | head -1)" = "$line_want" ]'; then
		ok "$1"
	else
		fail "$1" "the first line is '$(screen | head -1)'"
	fi
}

# no_text NAME TEXT: passes when TEXT is nowhere on the screen (polled: the
# screen may be half drawn; what the action draws is waited for before).
no_text() {
	line_want=$2
	if poll '! screen | grep -qF -- "$line_want"'; then ok "$1"; else fail "$1" "'$2' still on the screen"; fi
}

# diff_is NAME DIR: passes when the changed lines of DIR's plan against its
# last commit are exactly those on stdin.
diff_is() {
	cat >"$TMPROOT/want"
	git -C "$2" diff -U0 | grep '^[-+]' | grep -Ev '^(---|\+\+\+) (a/|b/|/dev/null)' >"$TMPROOT/diff"
	if cmp -s "$TMPROOT/want" "$TMPROOT/diff"; then
		ok "$1"
	else
		fail "$1" "$(diff "$TMPROOT/want" "$TMPROOT/diff" | tr '\n' '|')"
	fi
}

# numstat_is NAME DIR TEXT: git diff --numstat of DIR is TEXT.
numstat_is() {
	got=$(git -C "$2" diff --numstat)
	if [ "$got" = "$3" ]; then ok "$1"; else fail "$1" "numstat: $(echo "$got" | tr '\n' '|')"; fi
}

# quit NAME: q ends the workbench with nothing unsaved (exit status 0).
quit() {
	keys q
	check "$1" [ "$(wait_exit)" = 0 ]
}

# ---- 1. D on a group that changes use: the question, then yes ----------
P=$(fixture delete)
start "$P"
keys 3
expect delete-view ' Arbetsgrupp föräldraskapsstöd (fstod)  0 members · 3 changes'
expect delete-selected '── fstod ──'
keys D
line delete-question 'delete group fstod? It is responsible for F1, F3, F4, which are unassigned from it (y/n)'
keys y
expect delete-done 'F1: group fstod unassigned; F3: group fstod unassigned; F4: group fstod unassigned; group'
no_text delete-gone-screen '(fstod)'
expect delete-unassigned ' Unassigned (no working group)  11 changes'
expect delete-shared ' Länsdelsgrupperna (lansdelsgrupper)  0 members · 1 change'
keys w
expect delete-saved 'saved 1 edit (2 files written)'
quit delete-quit
diff_is delete-diff "$P" <<'WANT'
-    groups: [fstod]
+    groups: []
-    groups: [lansdelsgrupper, fstod]
+    groups: [lansdelsgrupper]
-    groups: [fstod]
+    groups: []
-  # Source: [MA] punkt 4, Föräldraskapsstödsstrategin: "Behov skapa en
-  # operativ arbetsgrupp?" and the decision quoted in notes. Neither its
-  # members nor its mandate (uppdrag) is decided yet.
-  - id: fstod
-    name: Arbetsgrupp föräldraskapsstöd
-    lead: ""
-    mandate: ""
-    members: []
-    notes: "Föreslagen 2025-01-22 (punkt 4, Föräldraskapsstödsstrategin). Beslut: Deepa får fortsatt uppdrag att återkomma med ett förslag kring vilka som ska ingå i en arbetsgrupp. Alla funderar på vilket uppdrag som en arbetsgrupp bör ha."
WANT
numstat_is delete-numstat "$P" "3	3	changes.yaml
0	9	groups.yaml"
check delete-no-id-left sh -c "! grep -qw fstod '$P/groups.yaml' '$P/changes.yaml'"
check delete-check sh -c "'$SAMPLAN' -C '$P' check >/dev/null"

# ---- 1b. the question cancelled with Esc, then with n -------------------
P=$(fixture keep)
cp -p "$P/groups.yaml" "$P/changes.yaml" "$P/plan.yaml" "$TMPROOT/"
start "$P"
keys 3
expect keep-view ' Arbetsgrupp föräldraskapsstöd (fstod)  0 members · 3 changes'
keys D
line keep-question-1 'delete group fstod? It is responsible for F1, F3, F4, which are unassigned from it (y/n)'
keys Escape
line keep-esc 'not deleted'
keys D
line keep-question-2 'delete group fstod? It is responsible for F1, F3, F4, which are unassigned from it (y/n)'
keys n
line keep-n 'not deleted'
expect keep-still-there ' Arbetsgrupp föräldraskapsstöd (fstod)  0 members · 3 changes'
no_text keep-not-modified '[+]'
keys w
line keep-nothing-saved 'nothing to save: the files already say so'
quit keep-quit
check keep-groups-bytes cmp "$TMPROOT/groups.yaml" "$P/groups.yaml"
check keep-changes-bytes cmp "$TMPROOT/changes.yaml" "$P/changes.yaml"
check keep-plan-bytes cmp "$TMPROOT/plan.yaml" "$P/plan.yaml"
check keep-git-clean git -C "$P" diff --quiet

# ---- 2. the roster: add, edit, reorder, remove --------------------------
P=$(fresh_plan roster)
start "$P"
keys 3 M
expect roster-open 'Members of Arbetsgrupp föräldraskapsstöd'
expect roster-empty '(no members yet: a adds one)'
keys a
line roster-prompt 'Member:'
keys -l 'Anna Åberg (Kumla kommun)'
keys Enter
expect roster-added 'fstod: Anna Åberg (Kumla kommun) added to the members'
for m in 'Örjan Älv' 'Cecilia Ljung (Region Örebro län)' 'Bo Ek'; do
	keys a
	wait_for 'Member:'
	keys -l "$m"
	keys Enter
	wait_for "fstod: $m added to the members"
done
expect roster-four '│  4 Bo Ek  '
# Bo Ek up one, then Örjan Älv down one: Anna, Bo, Örjan, Cecilia
keys K
expect roster-up '│  3 Bo Ek  '
expect roster-up-said 'fstod: Bo Ek moved to place 3 of the members'
keys k J
expect roster-down '│  3 Örjan Älv  '
expect roster-down-said 'fstod: Örjan Älv moved to place 3 of the members'
# Bo Ek (now 2) gets his organisation
keys k e
line roster-edit-prompt 'Member: Bo Ek'
keys End
keys -l ' (Laxå kommun)'
keys Enter
expect roster-edited '│  2 Bo Ek (Laxå kommun)  '
# Anna Åberg removed
keys k D
expect roster-removed 'fstod: Anna Åberg (Kumla kommun) removed from the members'
expect roster-row-1 '│  1 Bo Ek (Laxå kommun)  '
expect roster-row-2 '│  2 Örjan Älv  '
expect roster-row-3 '│  3 Cecilia Ljung (Region Örebro län)  '
no_text roster-no-row-4 '│  4 '
keys Escape
wait_gone 'Members of Arbetsgrupp'
line roster-detail ' Members: Bo Ek (Laxå kommun); Örjan Älv; Cecilia Ljung (Region Örebro län)'
expect roster-count ' Arbetsgrupp föräldraskapsstöd (fstod)  3 members · 0 changes'
keys w
expect roster-saved 'saved '
quit roster-quit
diff_is roster-diff "$P" <<'WANT'
-    members: []
+    members:
+      - Bo Ek (Laxå kommun)
+      - Örjan Älv
+      - Cecilia Ljung (Region Örebro län)
WANT
numstat_is roster-numstat "$P" "4	1	groups.yaml"
awk '/^  - id: fstod$/ { on = 1 } on && /^    notes:/ { exit } on' "$P/groups.yaml" >"$TMPROOT/got"
cat >"$TMPROOT/want" <<'WANT'
  - id: fstod
    name: Arbetsgrupp föräldraskapsstöd
    lead: ""
    mandate: ""
    members:
      - Bo Ek (Laxå kommun)
      - Örjan Älv
      - Cecilia Ljung (Region Örebro län)
WANT
check roster-members-in-order cmp -s "$TMPROOT/want" "$TMPROOT/got"
check roster-check sh -c "'$SAMPLAN' -C '$P' check >/dev/null"
# a move undone and redone is said as the move
start "$P"
keys 3 M
expect roster-reopen '│  3 Cecilia Ljung (Region Örebro län)  '
keys j j K
expect roster-move-said 'fstod: Cecilia Ljung (Region Örebro län) moved to place 2 of the members'
keys Escape u
expect roster-move-undone 'undone: fstod: Cecilia Ljung (Region Örebro län) moved to place 2 of the members'
keys C-r
expect roster-move-redone 'redone: fstod: Cecilia Ljung (Region Örebro län) moved to place 2 of the members'
keys u
quit roster-move-quit

# ---- 3. the mandate, typed with å ä ö -----------------------------------
MANDATE='Stödja föräldrar i länet, även på lördagar'
P=$(fresh_plan mandate)
start "$P"
keys 3 e
# the group's form: every field, the cursor on the name; two rows down to
# the mandate
expect mandate-form 'Edit group fstod'
expect mandate-form-name 'Name:    Arbetsgrupp föräldraskapsstöd'
expect mandate-form-changes 'Changes: —'
keys Down Down
see mandate-form-cursor "[ \"\$(TM display -p '#{cursor_y}')\" = \"\$(screen | grep -n '│ Mandate:' | cut -d: -f1 | awk '{ print \$1 - 1 }')\" ]"
# the last ö typed as o and a combining diaeresis (U+0308), as some
# keyboards send it: the editor shows what was typed, the file gets it
# composed
COMBINING=$(printf '\314\210')
keys -l 'Stödja föräldrar i länet, även på lo'
keys -l "$COMBINING"
keys -l 'rdagar'
expect mandate-typed "Mandate: Stödja föräldrar i länet, även på lo${COMBINING}rdagar"
keys C-s
expect mandate-said "fstod: mandate \"\" → \"$MANDATE\""
line mandate-detail " Mandate: $MANDATE"
keys w
expect mandate-saved 'saved 1 edit (1 file written)'
quit mandate-quit
check mandate-yaml grep -qxF "    mandate: \"$MANDATE\"" "$P/groups.yaml"
diff_is mandate-diff "$P" <<WANT
-    mandate: ""
+    mandate: "$MANDATE"
WANT
numstat_is mandate-numstat "$P" "1	1	groups.yaml"
# UTF-8, composed: ö is c3 b6, ä c3 a4, å c3 a5 (no combining marks)
check mandate-bytes grep -qxF "    mandate: \"$(printf 'St\303\266dja f\303\266r\303\244ldrar i l\303\244net, \303\244ven p\303\245 l\303\266rdagar')\"" "$P/groups.yaml"
no_combining() { ! LC_ALL=C grep -q -e "$(printf '\314\210')" -e "$(printf '\314\212')" "$1"; }
check mandate-no-combining no_combining "$P/groups.yaml"
# read back: a new workbench shows it
start "$P"
keys 3
line mandate-reread " Mandate: $MANDATE"
quit mandate-reread-quit

# ---- 4. h (horizon) and Y (focus year), then undone ---------------------
TITLE=' Samverkansplan för en god, jämlik och jämställd hälsa  version 3  '
P=$(fixture horizon)
cp -p "$P/changes.yaml" "$P/plan.yaml" "$TMPROOT/"
start "$P"
keys 3 j
expect horizon-on-f1 '── F1 ──'
expect horizon-before ' Status: Ej påbörjad  prioritised: 2025  horizon: kort'
keys h
expect horizon-said 'F1: horizon kort → lång'
line horizon-after ' Status: Ej påbörjad  prioritised: 2025  horizon: lång'
keys ']'
header year-shown "${TITLE}year 2026 (plan: 2025) [+]"
keys Y
expect year-said 'focus year 2025 → 2026'
header year-header "${TITLE}focus year 2026 [+]"
keys w
expect horizon-year-saved 'saved 2 edits (2 files written)'
diff_is horizon-year-diff "$P" <<'WANT'
-    horizon: kort
+    horizon: lång
-focus_year: 2025
+focus_year: 2026
WANT
numstat_is horizon-year-numstat "$P" "1	1	changes.yaml
1	1	plan.yaml"
check horizon-yaml sh -c "sed -n '/^  - id: F1\$/,/^  - id: F2\$/p' '$P/changes.yaml' | grep -qx '    horizon: lång'"
check year-yaml grep -qx 'focus_year: 2026' "$P/plan.yaml"
keys u
expect year-undone 'undone: focus year 2025 → 2026'
# the year shown stays 2026; the plan's is 2025 again (unsaved: the
# files say 2026 now)
header year-header-back "${TITLE}year 2026 (plan: 2025) [+]"
keys u
expect horizon-undone 'undone: F1: horizon kort → lång'
line horizon-back ' Status: Ej påbörjad  prioritised: 2025  horizon: kort'
keys w
expect undone-saved 'saved 2 edits (2 files written)'
quit undone-quit
check undone-changes-bytes cmp "$TMPROOT/changes.yaml" "$P/changes.yaml"
check undone-plan-bytes cmp "$TMPROOT/plan.yaml" "$P/plan.yaml"
check undone-git-clean git -C "$P" diff --quiet

# ---- 5. the form: a name another group has is refused, the form stays;
# Esc asks before it drops what was typed; an existing group's changes
# edited in its form -------------------------------------------------------
P=$(fresh_plan form)
cp -p "$P/groups.yaml" "$P/changes.yaml" "$TMPROOT/"
start "$P"
keys 3 a
expect form-new 'New group'
keys -l 'ARBETSGRUPP Föräldraskapsstöd'
keys C-s
expect form-same-name "there is already a group named 'Arbetsgrupp föräldraskapsstöd' (fstod)"
expect form-stays 'New group'
keys Escape
expect form-asks 'discard what you typed in the form? (y/n)'
keys n
expect form-kept 'ARBETSGRUPP Föräldraskapsstöd'
keys Escape y
expect form-discarded 'cancelled: nothing was changed'
no_text form-gone 'New group'
header form-unmodified "${TITLE}focus year 2025"
# fstod's form, its changes: F2 and f7 (as people type them)
keys Home e Up
expect form-edit 'Edit group fstod'
keys -l 'F2, f7'
keys Enter
expect form-assigned 'F2: group Arbetsgrupp föräldraskapsstöd (fstod) assigned; F7: group'
expect form-view ' Arbetsgrupp föräldraskapsstöd (fstod)  0 members · 2 changes'
# and one of them taken off again, and the other undone with u: one edit each
keys e Up C-u
keys -l 'F7'
keys C-s
expect form-unassigned 'F2: group Arbetsgrupp föräldraskapsstöd (fstod) unassigned'
keys u u
expect form-undone 'undone: F2: group'
keys w
expect form-saved 'nothing to save: the files already say so'
quit form-quit
check form-files-unchanged sh -c "cmp '$TMPROOT/groups.yaml' '$P/groups.yaml' && cmp '$TMPROOT/changes.yaml' '$P/changes.yaml'"

finish
