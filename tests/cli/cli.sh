#!/bin/sh
# Command-line tests of the real binary on copies of the shipped plan:
# exit statuses, list output, and that every edit changes exactly the
# lines it should (checked with git diff).
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err

# --- help, version, usage errors ---
"$S" --help >"$out" 2>"$err"; rc=$?
check help-exit [ "$rc" -eq 0 ]
check help-lists-commands grep -q '^  set ' "$out"
"$S" --version >"$out"; check version grep -q '^samplan [0-9]' "$out"
"$S" help set >"$out"; rc=$?
check help-set sh -c "[ $rc -eq 0 ] && grep -q 'focus_year=2026' '$out'"
"$S" set --help >"$out"; check set-dash-help grep -q 'Usage: samplan \[-C DIR\] set' "$out"
"$S" frobnicate >"$out" 2>"$err"; rc=$?
check unknown-command sh -c "[ $rc -eq 2 ] && grep -q \"unknown command 'frobnicate'\" '$err'"
"$S" -C "$TMPROOT" set >"$out" 2>"$err"; rc=$?
check set-no-args-usage [ "$rc" -eq 2 ]
"$S" -C "$TMPROOT/nowhere" check >"$out" 2>"$err"; rc=$?
check missing-dir sh -c "[ $rc -eq 1 ] && grep -q 'nowhere/plan.yaml: cannot read plan.yaml' '$err'"

# --- check and list on the shipped plan ---
P=$(fresh_plan plan1)
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check shipped-plan-valid sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
"$S" -C "$P" list >"$out"
check list-twelve [ "$(wc -l <"$out")" -eq 12 ]
check list-first-line grep -q "^F1	ej-paborjad	2025	-	Parternas beslutsfattare har en ökad folkhälsovetenskaplig kompetens som tillämpas.$" "$out"
check list-tab-fields sh -c "awk -F'\t' 'NF != 5 { exit 1 }' '$out'"
"$S" -C "$P" list --prioritised >"$out"
check list-prioritised-four [ "$(cut -f1 "$out" | tr '\n' ' ')" = "F1 F2 F3 F4 " ]
"$S" -C "$P" list --prioritised=2026 >"$out"; rc=$?
check list-prioritised-2026-none sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
"$S" -C "$P" list --status=pagar >"$out"; rc=$?
check list-status-none sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
"$S" -C "$P" list --group=- >"$out"
check list-unassigned-all [ "$(wc -l <"$out")" -eq 12 ]
"$S" -C "$P" list --status=klart >"$out" 2>"$err"; rc=$?
check list-unknown-status sh -c "[ $rc -eq 1 ] && grep -q \"unknown status 'klart' (known: ej-paborjad, pagar, klar)\" '$err'"

# --- set: one-line diffs ---
"$S" -C "$P" set F5 status=pagar >"$out" 2>"$err"; rc=$?
check set-status-exit [ "$rc" -eq 0 ]
check set-status-says grep -q '^F5: status Ej påbörjad → Pågår$' "$out"
check set-status-one-line [ "$(git -C "$P" diff --numstat | tr '\t' ' ')" = "1 1 changes.yaml" ]
check set-status-right-line sh -c "git -C '$P' diff -U0 | grep '^+ ' | grep -q 'status: pagar'"
"$S" -C "$P" list --status=pagar >"$out"
check set-status-listed [ "$(cut -f1 "$out")" = "F5" ]
git -C "$P" checkout -q -- .

"$S" -C "$P" set F5 status=klart >"$out" 2>"$err"; rc=$?
check set-bad-status-exit [ "$rc" -eq 1 ]
check set-bad-status-msg grep -q "unknown status 'klart' (known: ej-paborjad, pagar, klar)" "$err"
check set-bad-status-nothing-written [ -z "$(git -C "$P" status --porcelain)" ]

# several fields at once, one of them invalid: nothing is written
"$S" -C "$P" set F6 status=klar groups=+nosuchgroup >"$out" 2>"$err"; rc=$?
check set-partly-invalid sh -c "[ $rc -eq 1 ] && [ -z \"\$(git -C '$P' status --porcelain)\" ]"

"$S" -C "$P" set F6 'text=Ny text med å, ä och ö' priority=+2026 >"$out" 2>"$err"; rc=$?
check set-text-priority [ "$rc" -eq 0 ]
check set-text-priority-two-lines [ "$(git -C "$P" diff --numstat | tr '\t' ' ')" = "2 2 changes.yaml" ]
"$S" -C "$P" list >"$out"
check set-text-listed grep -q "^F6	ej-paborjad	2026	-	Ny text med å, ä och ö$" "$out"
"$S" -C "$P" set F6 priority=-2026 >"$out"
"$S" -C "$P" list --prioritised=2026 >"$out"; rc=$?
check set-priority-removed sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
git -C "$P" checkout -q -- .

# values that would read as something else are quoted, and read back
for v in yes 2025 'a: b' 'x # y' ' lead' 'null' 'två
rader'; do
	if ! "$S" -C "$P" set F7 "notes=$v" >"$out" 2>"$err"; then
		fail "notes-roundtrip" "set notes='$v': $(cat "$err")"
	elif ! "$S" -C "$P" check -q 2>"$err"; then
		fail "notes-roundtrip" "after notes='$v': $(cat "$err")"
	else
		# the value must come back as written: set it again, nothing changes
		"$S" -C "$P" set F7 "notes=$v" >"$out" 2>"$err"
		if grep -q 'nothing to save' "$out"; then
			ok "notes-roundtrip '$v'"
		else
			fail "notes-roundtrip" "'$v' read back differently: $(cat "$out")"
		fi
	fi
done
git -C "$P" checkout -q -- .

# --- add, delete, move: undoing gives the same bytes ---
"$S" -C "$P" add 'En ny önskad förändring' >"$out" 2>"$err"; rc=$?
check add-exit [ "$rc" -eq 0 ]
check add-next-id [ "$(cat "$out")" = F13 ]
check add-says grep -q '^F13: added' "$err"
"$S" -C "$P" check -q 2>"$err"; check add-valid [ $? -eq 0 ]
"$S" -C "$P" delete F13 >"$out" 2>"$err"
check add-delete-identity [ -z "$(git -C "$P" status --porcelain)" ]
"$S" -C "$P" move F2 down >"$out" 2>"$err"
"$S" -C "$P" list >"$out"
check move-down-order [ "$(cut -f1 "$out" | head -3 | tr '\n' ' ')" = "F1 F3 F2 " ]
"$S" -C "$P" move F2 up >"$out" 2>"$err"
check move-back-identity [ -z "$(git -C "$P" status --porcelain)" ]
"$S" -C "$P" move F1 up >"$out" 2>"$err"; rc=$?
check move-first-up-refused sh -c "[ $rc -eq 1 ] && grep -q 'F1 is already first' '$err'"
"$S" -C "$P" delete F12 >"$out" 2>"$err"
"$S" -C "$P" list >"$out"
check delete-eleven [ "$(wc -l <"$out")" -eq 11 ]
check delete-only-removes sh -c "[ \"\$(git -C '$P' diff --numstat | cut -f1)\" = 0 ]"
git -C "$P" checkout -q -- .

# --- init ---
"$S" init "$TMPROOT/ny" >"$out" 2>"$err"; rc=$?
check init-exit [ "$rc" -eq 0 ]
check init-plan-file [ -f "$TMPROOT/ny/plan.yaml" ]
check init-changes-file [ -f "$TMPROOT/ny/changes.yaml" ]
check init-same-as-example cmp -s "$TMPROOT/ny/changes.yaml" "$top_srcdir/data/orebro-2025/changes.yaml"
if command -v git >/dev/null 2>&1; then
	check init-git-commit [ "$(git -C "$TMPROOT/ny" rev-list --count HEAD)" -eq 1 ]
fi
"$S" init "$TMPROOT/ny" >"$out" 2>"$err"; rc=$?
check init-refuses-existing sh -c "[ $rc -eq 1 ] && grep -q 'already holds a plan' '$err'"
# a build not installed yet finds the example in its source tree
env -u SAMPLAN_DATADIR "$S" init --no-git "$TMPROOT/ny2" >"$out" 2>"$err"; rc=$?
check init-without-datadir sh -c "[ $rc -eq 0 ] && cmp -s '$TMPROOT/ny2/plan.yaml' '$top_srcdir/data/orebro-2025/plan.yaml'"

finish
