#!/bin/sh
# The workbench's sync (S): the saved plan sent to a bare remote, the
# others' edits brought in and shown, and the user's own edits still
# undoable after it.  Throw-away repositories (lib.sh); the real binary in
# tmux.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v git >/dev/null 2>&1 || skip "git is not installed"
samplan_on_path
SAMPLAN_DATE=2025-04-01
export SAMPLAN_DATE
git config --global init.defaultBranch main
SEED=$TMPROOT/seed
mkdir -p "$SEED"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$SEED/"
chmod u+w "$SEED"/*.yaml
git -C "$SEED" init -q
git -C "$SEED" add -A
git -C "$SEED" commit -q -m start
git clone -q --bare "$SEED" "$TMPROOT/remote.git"
A=$TMPROOT/a
B=$TMPROOT/b
git clone -q "$TMPROOT/remote.git" "$A"
git clone -q "$TMPROOT/remote.git" "$B"
# the others: F4 to Pågår, sent
"$SAMPLAN" -C "$B" set F4 status=pagar >/dev/null 2>&1
"$SAMPLAN" -C "$B" sync >/dev/null 2>&1

start "$A"
# F3 to Klar: the sync asks for the save first
keys j j s 3
wait_for 'F3: status Ej påbörjad → Klar'
keys S
expect sync-asks-save-first 'save first (w): a sync sends the saved files'
keys w
wait_for 'saved 1 edit'
keys S
expect sync-done 'synced — edits in: 1, commits out: 1'
see sync-shows-theirs "screen | grep -E '^ *F4 ' | grep -q 'Pågår'"
see sync-keeps-ours "screen | grep -E '^ *F3 ' | grep -q 'Klar'"
check sync-sent [ "$(git -C "$TMPROOT/remote.git" rev-parse main)" = "$(git -C "$A" rev-parse HEAD)" ]
# the user's own edit, made before the sync, is still undone by u
keys u
expect sync-undo-works 'undone: F3: status Ej påbörjad → Klar'
see sync-undo-shown "screen | grep -E '^ *F3 ' | grep -q 'Ej påbörjad'"
see sync-theirs-stays "screen | grep -E '^ *F4 ' | grep -q 'Pågår'"
keys w
wait_for 'saved 1 edit'
check sync-undo-saved sh -c "'$SAMPLAN' -C '$A' show F3 | grep -qx 'status	ej-paborjad' &&
	'$SAMPLAN' -C '$A' show F4 | grep -qx 'status	pagar'"
# nothing to send now but the undo, once committed: the next sync sends it
keys S
expect sync-again 'synced — edits in: 0, commits out: 1'
keys q
rc=$(wait_exit)
check sync-quits [ "$rc" = 0 ]

# no remote: said on the status line, the edits committed here
L=$TMPROOT/local
mkdir -p "$L"
cp "$SEED"/*.yaml "$L/"
git -C "$L" init -q
git -C "$L" add -A
git -C "$L" commit -q -m start
start "$L"
keys S
expect sync-no-remote 'no remote to send to'
keys q
wait_exit >/dev/null

# --- a merge's conflicts: one screen each, a side taken by a key ---
git -C "$A" pull -q >/dev/null 2>&1
git -C "$B" pull -q >/dev/null 2>&1
"$SAMPLAN" -C "$A" git-setup >/dev/null
"$SAMPLAN" -C "$B" git-setup >/dev/null
"$SAMPLAN" -C "$B" set F9 status=klar F10 status=klar >/dev/null 2>&1 ||
	{ "$SAMPLAN" -C "$B" set F9 status=klar >/dev/null 2>&1; "$SAMPLAN" -C "$B" set F10 status=klar >/dev/null 2>&1; }
"$SAMPLAN" -C "$B" sync >/dev/null 2>&1
"$SAMPLAN" -C "$A" set F9 status=pagar >/dev/null 2>&1
"$SAMPLAN" -C "$A" set F10 status=pagar >/dev/null 2>&1
"$SAMPLAN" -C "$A" sync >/dev/null 2>&1
check conflicts-made sh -c "grep -c '^<<<<<<< ours$' '$A/changes.yaml' | grep -qx 2"
cp "$A/changes.yaml" "$TMPROOT/marked"
START_MARK='Conflict 1 of 2' start "$A"
expect conflict-screen 'Conflict 1 of 2: '
see conflict-words "screen | grep -q 'F9 status: ours Pågår, theirs Klar, was Ej påbörjad'"
see conflict-sides "screen | grep -q '^ *status: pagar$' && screen | grep -q '^ *status: klar$' &&
	screen | grep -q '^ *status: ej-paborjad$'"
keys q
rc=$(wait_exit)
check conflict-quit-keeps sh -c "[ '$rc' = 1 ] && cmp -s '$TMPROOT/marked' '$A/changes.yaml' &&
	grep -q '2 conflicts left' '$TMPROOT/stderr'"
START_MARK='Conflict 1 of 2' start "$A"
keys t
expect conflict-next 'Conflict 1 of 1: '
see conflict-next-is-f10 "screen | grep -q 'F10 status: ours Pågår, theirs Klar'"
keys o
expect conflict-settled-opens '? help'
keys q
wait_exit >/dev/null
check conflict-taken sh -c "'$SAMPLAN' -C '$A' show F9 | grep -qx 'status	klar' &&
	'$SAMPLAN' -C '$A' show F10 | grep -qx 'status	pagar'"
check conflict-staged [ -z "$(git -C "$A" diff --name-only --diff-filter=U)" ]
"$SAMPLAN" -C "$A" sync >"$TMPROOT/out" 2>"$TMPROOT/err"
check conflict-then-sync grep -qx 'the merge is committed' "$TMPROOT/out"

finish
