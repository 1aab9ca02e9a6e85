#!/bin/sh
# A longer decision round, at 80x24 in English and Swedish, in at most 50
# keys apart from the text typed (counted here): two working groups made
# in their forms, staffed and put in charge of changes; the parenting-
# support group given two more; four changes linked to effects in the
# matrix; two changes prioritised for next year; a status with a note;
# one undo and one redo; save; commit.  The plan's diff must be exactly
# these decisions, and the commit message must name each; its subject
# names every kind of edit within 72 columns.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"
command -v git >/dev/null 2>&1 || skip "git is not installed"

MAX_KEYS=50
TMUX_W=80
TMUX_H=24

# go ID: the search goes straight to a change by its id (/, the id, Enter).
go() {
	k /
	txt "$1"
	k Enter
	wait_for "── $1 ──" || echo "# did not reach $1: $(screen | tail -2)"
}

round() {
	lang=$1
	P=$(fresh_plan "round-$lang")
	git -C "$P" config user.name "Chefsgrupp folkhälsa"
	git -C "$P" config user.email chefsgrupp@example.org
	start "$P"
	nkeys=0
	k 3 a                             # a group, in its form
	wait_for "$NEW_GROUP"
	txt "Hälsokunniga beslutsfattare"
	k Enter
	txt "Ida Broman"
	k Enter Enter                     # lead; no mandate yet
	txt "Anna Ek (Region Örebro län); Bo Åberg (Örebro kommun)"
	k Enter Enter                     # members; no notes
	txt "F1, F2"
	k Enter                           # in charge of F1 and F2: done
	wait_gone "$NEW_GROUP"
	k a                               # another
	wait_for "$NEW_GROUP"
	txt "Samverkan med civilsamhället"
	k Enter
	txt "Cecilia Ljung"
	k Enter Enter
	txt "Dan Berg (RF-SISU)"
	k Enter Enter
	txt "F3"
	k Enter
	wait_gone "$NEW_GROUP"
	k Home e Up                       # the parenting-support group's form, at its changes
	wait_for "$EDIT_FSTOD"
	txt "F4, F9"
	k C-s
	wait_gone "$EDIT_FSTOD"
	k 5 Space                         # the matrix: F1 and R1
	wait_for "$LINKED"
	k j l Space j l Space j l Space   # F2 R2, F3 R3, F4 R4
	go F5
	k y Enter                         # prioritised for next year, as offered
	go F9
	k y Enter
	go F7
	k s 3                             # Klar
	k E
	txt "Beslut: analysmallen är klar"
	k Enter
	k u C-r                           # the note undone, and done again
	wait_for "$REDONE"
	k w
	wait_for "$SAVED" || fail "$lang-saved" "$(screen | tail -3)"
	k c
	wait_for "$COMMIT_PROMPT" || fail "$lang-commit-prompt" "$(screen | tail -2)"
	k Enter
	wait_for "$COMMITTED" || fail "$lang-committed" "$(screen | tail -3)"
	echo "# the longer round ($lang) took $nkeys keys (at most $MAX_KEYS)"
	check "$lang-keys" [ "$nkeys" -le "$MAX_KEYS" ]
	keys q
	check "$lang-quit" [ "$(wait_exit)" = 0 ]

	# the diff: the decisions, and nothing else
	git -C "$P" diff --numstat HEAD~1 HEAD >"$TMPROOT/numstat"
	printf '13\t13\tchanges.yaml\n15\t0\tgroups.yaml\n' >"$TMPROOT/want"
	if cmp -s "$TMPROOT/want" "$TMPROOT/numstat"; then ok "$lang-numstat"; else fail "$lang-numstat" "$(tr '\n' '|' <"$TMPROOT/numstat")"; fi
	git -C "$P" diff -U0 HEAD~1 HEAD -- changes.yaml groups.yaml | grep '^[-+] ' >"$TMPROOT/diff"
	if cmp -s "$TMPROOT/diff" "$top_srcdir/tests/tui/round.diff"; then
		ok "$lang-diff"
	else
		fail "$lang-diff" "$(diff "$top_srcdir/tests/tui/round.diff" "$TMPROOT/diff")"
	fi
	check "$lang-clean" [ -z "$(git -C "$P" status --porcelain)" ]
	# the message: every decision in its body, every kind in its subject
	git -C "$P" log -1 --format=%B | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  / /g' >"$TMPROOT/msg"
	for want in "$STATUS" "F5: $PRIORITISED 2026" "F9: $PRIORITISED 2026" "F4: $ASSIGNED" \
		"F9: $ASSIGNED" "F1: $ASSIGNED_NEW" "F3: $ASSIGNED_OTHER" "$LINK" \
		"$GROUP_ADDED" 'analysmallen är klar'; do
		check "$lang-message-$want" grep -qF -- "$want" "$TMPROOT/msg"
	done
	head -1 "$TMPROOT/msg" >"$TMPROOT/subject"
	check "$lang-subject-fits" [ "$(wc -m <"$TMPROOT/subject")" -le 73 ]
	for want in $SUBJECT_WORDS; do
		check "$lang-subject-$want" grep -qF -- "$want" "$TMPROOT/subject"
	done
	check "$lang-subject-no-more" sh -c "! grep -q '$MORE' '$TMPROOT/subject'"
}

NEW_GROUP='New group'
EDIT_FSTOD='Edit group fstod'
LINKED='F1: effect Goda uppväxtvillkor (R1) linked'
REDONE='redone: F7: notes'
SAVED='saved 11 edits'
COMMIT_PROMPT='Commit: '
COMMITTED='committed'
STATUS='F7: status Ej påbörjad → Klar'
PRIORITISED='prioritised'
ASSIGNED='group Arbetsgrupp föräldraskapsstöd (fstod) assigned'
ASSIGNED_NEW='group Hälsokunniga beslutsfattare (halsokunniga-beslutsfattare) assigned'
ASSIGNED_OTHER='group Samverkan med civilsamhället (samverkan-med-civilsamhallet) assigned'
LINK='F4: effect Attraktiv boende- och närmiljö (R4) linked'
GROUP_ADDED='group Hälsokunniga beslutsfattare added (lead Ida Broman; members Anna Ek (Region Örebro län), Bo Åberg (Örebro kommun))'
SUBJECT_WORDS='status prio +2 assigned links note'
MORE='more'
round en

swedish
TMUX_ENV="LOCPATH='$SV_LOCPATH' LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR='$SV_MESSAGES'"
START_MARK='? hjälp'
NEW_GROUP='Ny grupp'
EDIT_FSTOD='Redigera grupp fstod'
LINKED='F1: effektmål Goda uppväxtvillkor (R1) kopplat'
REDONE='gjort om: F7: anteckningar'
SAVED='sparade 11 ändringar'
COMMIT_PROMPT='Checka in:'
COMMITTED='incheckat'
STATUS='F7: status Ej påbörjad → Klar'
PRIORITISED='prioriterad för'
ASSIGNED='arbetsgrupp Arbetsgrupp föräldraskapsstöd (fstod) tilldelad'
ASSIGNED_NEW='arbetsgrupp Hälsokunniga beslutsfattare (halsokunniga-beslutsfattare) tilldelad'
ASSIGNED_OTHER='arbetsgrupp Samverkan med civilsamhället (samverkan-med-civilsamhallet) tilldelad'
LINK='F4: effektmål Attraktiv boende- och närmiljö (R4) kopplat'
GROUP_ADDED='arbetsgrupp Hälsokunniga beslutsfattare tillagd (ansvarig Ida Broman; medlemmar Anna Ek (Region Örebro län), Bo Åberg (Örebro kommun))'
SUBJECT_WORDS='status prio +2 tilldelade länkar anteckning'
MORE='till$'
round sv

finish
