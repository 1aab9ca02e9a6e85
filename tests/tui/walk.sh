#!/bin/sh
# The decision round of a meeting (samplan meeting, W), at 80x24: the
# management group's round of tests/tui/meeting.sh (F1 and F3 to Pågår,
# F5 prioritised for 2025, F2 for 2026, the parenting-support group
# responsible for F4 and F9, a new working group for F1, a note on F7)
# walked one change at a time with a key per decision, then the meeting
# closed and its minutes printed: at most 35 keys apart from the text
# typed.  The plan's diff must be the same decisions exactly, each one
# recorded in words in the agenda point, undone with it, named in the
# commit message and in the minutes.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

MAX_KEYS=35
TMUX_W=80
TMUX_H=24
day=2025-03-19
TMUX_ENV="SAMPLAN_DATE=$day SAMPLAN_PRINT_DATE=$day GIT_AUTHOR_DATE=${day}T15:00:00 GIT_COMMITTER_DATE=${day}T15:00:00"

# on ID: the round shows change ID
on() { wait_for " $1 (" || echo "# not on $1: $(screen | head -1)"; }

P=$(fresh_plan walk)
git -C "$P" config user.name "Chefsgrupp folkhälsa"
git -C "$P" config user.email chefsgrupp@example.org
# the agenda, prepared before the meeting
"$SAMPLAN" -C "$P" add point:$day number=1 title=Samverkansplanen >/dev/null 2>&1
GIT_COMMITTER_DATE=2025-03-18T12:00:00 git -C "$P" commit -q -am agenda --date=2025-03-18T12:00:00
start "$P" meeting
nkeys=0
k W                          # the round, at point 1: F1 first
on F1
expect statuses '1 Ej påbörjad  2 Pågår  3 Klar'
k 2                          # F1: Pågår
expect f1-status 'F1: status Ej påbörjad → Pågår'
k g End Enter                # F1: a new group, from the picker: its form
txt "Hälsokunniga beslutsfattare"
k Enter
txt "Ida Broman"
k Enter Enter                # the lead; no mandate yet
txt "Anna Ek (Region Örebro län); Bo Åberg (Örebro kommun)"
k C-s                        # the members; done: made and assigned
wait_gone 'New group'
k j y                        # F2: the next year, 2026
on F2
expect f2-2026 'F2: prioritised 2026'
k j 2                        # F3: Pågår
on F3
k j g 1                      # F4: the parenting-support group, and done
on F4
expect f4-group 'F4: group Arbetsgrupp föräldraskapsstöd (fstod) assigned'
k j p                        # F5: the focus year
on F5
expect f5-2025 'F5: prioritised 2025'
# (not counted) a decision undone is undone in the point too
keys p
expect f5-unprioritised 'F5: no longer prioritised 2025'
keys u
expect undone 'undone: F5: no longer prioritised 2025'
k j j e                      # F7: a decision noted
on F7
txt "Beslut 2025-03-19: analysmall tas fram till nästa möte"
k Enter
k j j g 1                    # F9: the parenting-support group
on F9
expect f9-group 'F9: group Arbetsgrupp föräldraskapsstöd (fstod) assigned'
k C                          # closed: held, saved, the message shown
expect commit-shown 'Commit: Chefsgrupp folkhälsa 2025-03-19:'
k Enter
expect committed 'committed'
expect minutes-offered "P prints the meeting's minutes"
k P Enter Enter              # the minutes: Markdown, the default file
expect printed "printed to $P/minnesanteckningar-$day.md"
echo "# the decision round took $nkeys keys (at most $MAX_KEYS)"
check keys [ "$nkeys" -le "$MAX_KEYS" ]
keys q
check quit [ "$(wait_exit)" = 0 ]

# the plan's decisions, exactly as the workbench's own round makes them
git -C "$P" diff -U0 HEAD~1 HEAD -- changes.yaml groups.yaml | grep '^[-+] ' >"$TMPROOT/diff"
check same-decisions cmp "$top_srcdir/tests/tui/meeting.diff" "$TMPROOT/diff"
# and in plan.yaml: the meeting held, each decision in words in its point
git -C "$P" diff -U0 HEAD~1 HEAD -- plan.yaml | grep '^[-+] ' >"$TMPROOT/plan.diff"
check recorded-in-point cmp "$top_srcdir/tests/tui/walk.diff" "$TMPROOT/plan.diff"
check clean [ -z "$(git -C "$P" status --porcelain --untracked-files=no)" ]
git -C "$P" log -1 --format=%B | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  / /g' >"$TMPROOT/msg"
for want in "F1: status Ej påbörjad → Pågår" "F3: status Ej påbörjad → Pågår" \
	"F5: prioritised 2025" "F2: prioritised 2026" "F4: group Arbetsgrupp föräldraskapsstöd (fstod) assigned" \
	"F9: group Arbetsgrupp föräldraskapsstöd (fstod) assigned" 'analysmall tas fram till nästa möte' \
	'meeting 2025-03-19: meeting status planerat → genomfort'; do
	check "message-$want" grep -qF -- "$want" "$TMPROOT/msg"
done
check subject-fits [ "$(head -1 "$TMPROOT/msg" | wc -m)" -le 73 ]
# the minutes: under point 1, what was decided on the plan
M=$P/minnesanteckningar-$day.md
check minutes-point sh -c "sed -n '/^### 1. Samverkansplanen/,/^## /p' '$M' | grep -qF 'F5: prioritised 2025'"
check minutes-day sh -c "sed -n '/^## Decisions on the plan/,/^## /p' '$M' | grep -qF 'F2: prioritised 2026'"
check minutes-not-undone sh -c "! grep -qF 'no longer prioritised' '$M'"

finish
