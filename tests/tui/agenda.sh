#!/bin/sh
# A whole meeting in the workbench, in Swedish at 80x24 (samplan meeting):
# the actions still open from the last meeting come first and one is
# ticked done; attendance from the roster, and a name not on it added as
# a guest; a topic waiting for a meeting put on the agenda, and a second
# point added, each with a decision; the decision round at it (a status,
# a priority and an effect for F5, recorded in the point); a new action;
# and the meeting closed: marked held, saved and committed.  The
# exact git diff, the commit's message and the minutes in all three
# formats are compared with golden files (tests/tui/agenda.*).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

here=$top_srcdir/tests/tui
TMUX_W=80
TMUX_H=24
swedish
# the meeting's day, and git's clock on it: the commit is the day's
day=2025-03-19
TMUX_ENV="LOCPATH='$SV_LOCPATH' LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR='$SV_MESSAGES' \
SAMPLAN_DATE=$day GIT_AUTHOR_DATE=${day}T15:00:00 GIT_COMMITTER_DATE=${day}T15:00:00"
START_MARK='? hjälp'

P=$(fresh_plan agenda)
# the plan as it stood before the meeting's day
GIT_COMMITTER_DATE=2025-03-18T12:00:00 git -C "$P" commit -q --amend --no-edit --date=2025-03-18T12:00:00
start "$P" meeting
expect named 'Chefsgrupp folkhälsa Onsdag 19 mars 2025 kl. 13.00–16.30 (planerat)'
# the open actions of 2025-01-22 first, the cursor on the first
see open-first "screen | sed -n 5,6p | tr '\\n' '|' | grep -q '^ Öppna uppgifter från tidigare möten (3; mellanslag: klar)|   \\[ \\] 2025-01-22/T1 Resursätta och fördela arbetet|'"
see cursor-on-t1 "reversed '2025-01-22/T1'"
keys Space
expect t1-done '[x] 2025-01-22/T1 Resursätta och fördela arbetet'

# attendance: the chair and the secretary of the roster, and a visitor
keys j j j
wait_for '── ingmar-angman ──'
keys Space
expect ingmar-here '[x] Ingmar Ångman, områdeschef välfärd och folkhälsa'
keys j
wait_for '── anna-jakobsson ──'
keys Space
expect anna-here '[x] Anna Jakobsson, chef staben för hållbar utveckling'
expect attendance-count 'Närvaro (2 av 12;'
keys a
expect ask-name 'Vem är här (ett namn; inte i medlemslistan: en gäst):'
txt 'Deepa Singhru'
keys Enter
expect guest-said 'Deepa Singhru finns inte i medlemslistan: tillagd som gäst'

# a topic waiting since 2025-01-22 onto the agenda: point 1
keys End k k k k k k
wait_for '── K6 ──'
keys Space
wait_for '── 2025-03-19/1 ──'
expect point-from-topic ' 1. Hälsokunniga beslutsfattare'
keys e
expect point-form 'Redigera punkt 2025-03-19/1'
keys Enter
txt 'Ida Broman'
keys Enter
txt 'Underlag finns från Norr.'
keys Enter
txt 'Ida Broman tar fram en uppdragsbeskrivning till nästa möte.'
keys C-s
wait_gone 'Redigera punkt 2025-03-19/1'
expect decision-1 ' 1. Hälsokunniga beslutsfattare — Beslut: Ida Broman tar fram'

# a second point, numbered next
keys a
expect new-point 'Ny punkt för 2025-03-19'
see numbered-2 "screen | grep -q 'Nummer: *2'"
txt 'Samverkansplanen – prioriteringar'
keys Enter Enter Enter
txt 'F5 prioriteras för 2025 och arbetet pågår.'
keys C-s
wait_gone 'Ny punkt'
expect decision-2 ' 2. Samverkansplanen – prioriteringar — Beslut: F5 prioriteras'
# K moves what point 2 holds up (the numbers keep the order), J back down
keys K
expect moved-up ' 1. Samverkansplanen – prioriteringar — Beslut: F5 prioriteras'
expect moved-cursor '── 2025-03-19/1 ──'
keys J
expect moved-down ' 2. Samverkansplanen – prioriteringar — Beslut: F5 prioriteras'
see moved-back "screen | grep -q ' 1. Hälsokunniga beslutsfattare — Beslut: Ida Broman'"

# the decision round at point 2: F5 prioritised for 2025, its status
# Pågår, linked to an effect; each recorded in the point
keys W
expect round 'F1 (1 av 12) — beslutsrunda, punkt 2025-03-19/2 Samverkansplanen'
keys j j j j
wait_for 'F5 (5 av 12) — '
keys p
expect prioritised 'F5: prioriterad för 2025'
keys 2
expect status-set 'F5: status Ej påbörjad → Pågår'
keys l
expect effect-picker 'Effekter (mellanslag'
keys Enter
expect effect-linked 'F5: effektmål Goda uppväxtvillkor (R1) kopplat'
keys Escape
expect back-to-meeting '── 2025-03-19/2 ──'

# a new action for the next meeting, from point 1
keys End
wait_for '── K12 ──'
for i in 1 2 3 4 5 6 7 8 9 10 11; do keys k; done
wait_for '(inga uppgifter ännu: a lägger till en)'
keys a
expect action-form 'Ny uppgift för 2025-03-19'
txt 'Uppdragsbeskrivning för arbetsgruppen Hälsokunniga beslutsfattare'
keys Enter
txt 'ida-broman'
keys Enter Enter Enter               # who; no party, no group
txt '2025-05-22'
keys Enter Enter                     # by when; not done yet
txt '1'
keys C-s
wait_gone 'Ny uppgift'
expect action-added '[ ] T1 Uppdragsbeskrivning för arbetsgruppen Hälsokunniga beslutsfattare'

# closed: held, saved, the commit's message shown, Enter commits
keys C
expect commit-shown 'Chefsgrupp folkhälsa 2025-03-19: 1 status, 1 prio 2025, 1 länk'
keys Enter
expect committed 'incheckat'
expect minutes-offered 'P skriver ut mötets minnesanteckningar'
# P prints the minutes
keys P 1
expect minutes-path "minnesanteckningar-$day.txt"
keys Enter
expect minutes-printed 'utskrivet till'
keys q
check quit [ "$(wait_exit)" = 0 ]

# --- what the meeting left: one commit, its message, its diff ---------------
git -C "$P" log -1 --format=%B >"$TMPROOT/message"
check message-golden cmp "$here/agenda.message" "$TMPROOT/message"
git -C "$P" show HEAD --format= -U0 | grep '^[-+]' | grep -v '^\(---\|+++\) ' >"$TMPROOT/diff"
check diff-golden cmp "$here/agenda.diff" "$TMPROOT/diff"
check commit-files [ "$(git -C "$P" show HEAD --format= --name-only | tr '\n' ' ')" = 'changes.yaml plan.yaml ' ]
check nothing-uncommitted [ -z "$(git -C "$P" status --porcelain --untracked-files=no)" ]
check minutes-file-printed [ -s "$P/minnesanteckningar-$day.txt" ]

# --- the minutes of the meeting, in three formats ----------------------------
for f in txt md html; do
	case $f in txt) fmt=text ;; md) fmt=markdown ;; html) fmt=html ;; esac
	SAMPLAN_DATE=$day SAMPLAN_PRINT_SOURCE='Källa: agenda' sv "$SAMPLAN" -C "$P" minutes $day --format=$fmt \
		>"$TMPROOT/minutes.$f" 2>"$TMPROOT/err"
	check minutes-$f-golden cmp "$here/agenda.minutes.$f" "$TMPROOT/minutes.$f"
done
# what P printed is the same draft (but for the footer's source line)
sed '$d' "$P/minnesanteckningar-$day.txt" >"$TMPROOT/printed"
sed '$d' "$TMPROOT/minutes.txt" >"$TMPROOT/made"
check minutes-same-as-printed cmp "$TMPROOT/printed" "$TMPROOT/made"
check minutes-html-parses html_ok "$TMPROOT/minutes.html"

finish
