#!/bin/sh
# The workbench and git: commit with the message shown for editing, a
# change's history, marks on what changed since the last meeting, and
# auto_commit after a save.  Throw-away repositories with fixed author and
# dates (lib.sh); the real binary in tmux.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

command -v git >/dev/null 2>&1 || skip "git is not installed"
quit_ok() {
	keys q
	rc=$(wait_exit)
	if [ "$rc" = 0 ] && [ ! -s "$TMPROOT/stderr" ]; then ok "$1"; else fail "$1" "exit '$rc': $(cat "$TMPROOT/stderr")"; fi
}
# marks: the ids marked as changed since (*F1), each followed by a space.
marks() { screen | grep -oE '^\*F[0-9]+' | tr '\n' ' '; }
# today is after the meeting of 2025-03-19; the plan was committed before it
SAMPLAN_DATE=2025-04-01
export SAMPLAN_DATE
P=$TMPROOT/plan
mkdir -p "$P"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$P"/
chmod u+w "$P"/*.yaml
git -C "$P" init -q
git -C "$P" add -A
GIT_COMMITTER_DATE=2025-03-01T10:00:00+01:00 GIT_AUTHOR_DATE=2025-03-01T10:00:00+01:00 \
	git -C "$P" commit -q -m start

start "$P"
# F3 to Pågår, F5 prioritised: commit refuses before the save
keys j j s 2
wait_for 'F3: status Ej påbörjad → Pågår'
keys j j p
wait_for 'F5: prioritised 2025'
keys c
expect commit-asks-save-first 'save first'
keys w
wait_for 'saved 2 edits'
keys c
expect commit-shows-subject 'Commit: 1 status change, F5 prioritised 2025'
expect commit-shows-body 'F3: status Ej påbörjad → Pågår'
see commit-shows-body-2 "screen | grep -q 'F5: prioritised 2025'"
keys Escape
wait_gone 'Commit:'
check commit-escape-commits-nothing [ "$(git -C "$P" rev-list --count HEAD)" -eq 1 ]
keys c
wait_for 'Commit: 1 status change'
keys ' – beslutat' Enter
expect commit-done 'committed: ['
check commit-subject-edited [ "$(git -C "$P" log -1 --format=%s)" = "1 status change, F5 prioritised 2025 – beslutat" ]
printf '1 status change, F5 prioritised 2025 – beslutat\n\nF3: status Ej påbörjad → Pågår\nF5: prioritised 2025\n' >"$TMPROOT/want"
git -C "$P" log -1 --format=%B | sed '$d' >"$TMPROOT/got"
check commit-body-kept cmp "$TMPROOT/want" "$TMPROOT/got"
check commit-plan-clean [ -z "$(git -C "$P" status --porcelain)" ]
keys c
expect commit-nothing-to-commit 'nothing to commit'


# the history of F3: its status over time
keys k k H
expect history-opens 'History of F3'
expect history-status-change 'status Ej påbörjad → Pågår'
see history-date-hash "screen | grep -q \"2025-03-19 $(git -C "$P" rev-parse --short=7 HEAD) Pågår\""
see history-added "screen | grep -q \"2025-03-01 $(git -C "$P" rev-parse --short=7 HEAD~1) Ej påbörjad .*added\""
keys q
wait_gone 'History of'

# since the last meeting (2025-03-19): the state at its end is the commit
# made that day, so its own decisions are not marked
keys m
expect since-prompt-default 'Mark changes since (date or revision): 2025-03-19'
keys Enter
expect since-count '0 changes changed since 2025-03-19'
see since-meeting-unmarked '[ -z "$(marks)" ]' marks
see since-header "screen | sed -n 2p | grep -qF '* since 2025-03-19'"
# an unsaved edit is marked at once, and the detail says what changed
keys j j j s 3
wait_for 'F6: status'
see since-marks-live '[ "$(marks)" = "*F6 " ]' marks
expect since-detail-says "* since 2025-03-19 ($(git -C "$P" rev-parse --short=7 HEAD)): status Ej påbörjad → Klar"
keys u
wait_for 'undone'
keys m
expect since-cleared 'marks cleared'
see since-no-marks '[ -z "$(marks)" ]' marks
# an earlier day: the plan as it was at its end, before F3 and F5 were decided
keys m C-w C-w C-w C-w C-w 2025-03-01 Enter
expect since-earlier '2 changes changed since 2025-03-01'
see since-marks '[ "$(marks)" = "*F3 *F5 " ]' marks
keys k k k
expect since-detail-status "* since 2025-03-01 ($(git -C "$P" rev-parse --short=7 HEAD~1)): status Ej påbörjad → Pågår"
keys j j
expect since-detail-priority "* since 2025-03-01 ($(git -C "$P" rev-parse --short=7 HEAD~1)): priority — → 2025"
keys m
wait_for 'marks cleared'
keys m C-w C-w C-w C-w HEAD Enter
expect since-revision '0 changes changed since HEAD'
quit_ok git-quit

# auto_commit: the save commits with the generated message
XDG_CONFIG_HOME=$TMPROOT/xdg
export XDG_CONFIG_HOME
mkdir -p "$XDG_CONFIG_HOME/samplan"
printf 'auto_commit = true\n' >"$XDG_CONFIG_HOME/samplan/config"
start "$P"
keys j j j j j j s 3 w
expect auto-commit-says 'committed: ['
check auto-commit-message [ "$(git -C "$P" log -1 --format=%s)" = "F7: status Ej påbörjad → Klar" ]
quit_ok auto-commit-quit
unset XDG_CONFIG_HOME

# a committed id is not given again: F12 deleted, the next added is F13
start "$P"
keys '>' D y
wait_for 'F12: deleted'
keys a
wait_for 'New change: '
keys -l 'Ny förändring'
keys Enter
expect add-skips-committed-id 'F13: added'
# a commit made meanwhile (here: one with an F20, made without touching the
# files the workbench has open) is read at the next add
idx=$TMPROOT/index
GIT_INDEX_FILE=$idx git -C "$P" read-tree HEAD
sed 's/^  - id: F11$/  - id: F20/' "$P/changes.yaml" >"$TMPROOT/changes-f20.yaml"
blob=$(git -C "$P" hash-object -w "$TMPROOT/changes-f20.yaml")
GIT_INDEX_FILE=$idx git -C "$P" update-index --cacheinfo "100644,$blob,changes.yaml"
tree=$(GIT_INDEX_FILE=$idx git -C "$P" write-tree)
git -C "$P" update-ref HEAD "$(git -C "$P" commit-tree "$tree" -p HEAD -m F20)"
keys a
wait_for 'New change: '
keys -l 'Tredje'
keys Enter
expect add-reads-new-commit 'F21: added'
keys u
wait_for 'undone'
git -C "$P" update-ref HEAD HEAD~1
keys u u
wait_for 'undone'
quit_ok add-id-quit

# outside a repository: saving works, commit says why
N=$TMPROOT/nogit
mkdir -p "$N"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$N"/
chmod u+w "$N"/*.yaml
GIT_CEILING_DIRECTORIES=$TMPROOT
export GIT_CEILING_DIRECTORIES
start "$N"
keys c
expect no-repo-commit 'is not in a git repository'
keys H
expect no-repo-history 'is not in a git repository'
keys s 2 w
expect no-repo-save 'saved 1 edit'
quit_ok no-repo-quit

# a message longer than the dialog: it scrolls, every line can be read
# before it is committed (PgDn, then PgUp), and says where it is
TMUX_W=80
TMUX_H=24
L=$(fresh_plan long)
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	"$SAMPLAN" -C "$L" set "F$i" status=pagar notes="Beslut nummer $i" >/dev/null 2>&1
done
start "$L"
keys c
expect commit-long-first 'F1: notes "" → "Beslut nummer 1"'
see commit-long-last-hidden "! screen | grep -q 'Beslut nummer 12'"
expect commit-long-says-where 'lines 1–16 of 24: PgDn/PgUp scroll'
keys NPage NPage
expect commit-long-last 'F12: notes "" → "Beslut nummer 12"'
see commit-long-first-scrolled "! screen | grep -q 'Beslut nummer 1\"'"
expect commit-long-says-end 'lines 9–24 of 24'
keys PPage PPage
expect commit-long-back 'F1: notes "" → "Beslut nummer 1"'
keys Escape
wait_gone 'Commit:'
check commit-long-nothing-committed [ "$(git -C "$L" rev-list --count HEAD)" -eq 1 ]
keys c
wait_for 'lines 1–16'
keys Enter
expect commit-long-committed 'committed: ['
check commit-long-whole-body sh -c "git -C '$L' log -1 --format=%B | grep -c 'Beslut nummer' | grep -qx 12"
quit_ok commit-long-quit

finish
