#!/bin/sh
# The management group's decision round, in the workbench at 80x24, in
# English and in Swedish: F1 and F3 to Pågår, F5 prioritised for 2025, F2
# for 2026, the parenting-support group made responsible for F4 and F9, a
# new working group with a lead and two members made responsible for F1, a
# decision noted on F7; save, commit, print.  The plan's diff must be
# exactly the decisions, the commit message must name each, and the round
# must take at most 43 keys apart from the text typed (counted here).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

MAX_KEYS=43
TMUX_W=80
TMUX_H=24
SAMPLAN_PRINT_DATE=2025-03-19
export SAMPLAN_PRINT_DATE

# go ID: the search goes straight to a change by its id (/, the id, Enter).
go() {
	k /
	txt "$1"
	k Enter
	wait_for "── $1 ──" || echo "# did not reach $1: $(screen | tail -2)"
}

# round NAME: the round on a fresh plan; TMUX_ENV and START_MARK say the
# language.
round() {
	lang=$1
	P=$(fresh_plan "meeting-$lang")
	git -C "$P" config user.name "Chefsgrupp folkhälsa"
	git -C "$P" config user.email chefsgrupp@example.org
	start "$P"
	nkeys=0
	k s 2                        # F1: Pågår
	go F3
	k s 2                        # F3: Pågår
	go F5
	k p                          # F5: prioritised in the focus year
	go F2
	k y Enter                    # F2: the next year, 2026, as offered
	go F4
	k g 1 Enter                  # F4: the parenting-support group
	go F9
	k g 1 Enter                  # F9: the same
	go F1
	k g End Enter                # F1: a new group, from the picker: its form
	txt "Hälsokunniga beslutsfattare"
	k Enter
	txt "Ida Broman"
	k Enter Enter                # the lead; no mandate yet
	txt "Anna Ek (Region Örebro län); Bo Åberg (Örebro kommun)"
	k C-s                        # the members; done: made and assigned
	go F7
	k E
	txt "Beslut 2025-03-19: analysmall tas fram till nästa möte"
	k Enter
	k w
	wait_for "$SAVED" || fail "$lang-saved" "$(screen | tail -2)"
	k c
	wait_for "$COMMIT_PROMPT" || fail "$lang-commit-prompt" "$(screen | tail -2)"
	k Enter
	wait_for "$COMMITTED" || fail "$lang-committed" "$(screen | tail -2)"
	k P Enter Enter              # print: Markdown, the default file
	wait_for "$PRINTED" || fail "$lang-printed" "$(screen | tail -2)"
	echo "# the decision round ($lang) took $nkeys keys (at most $MAX_KEYS)"
	check "$lang-keys" [ "$nkeys" -le "$MAX_KEYS" ]
	keys q
	check "$lang-quit" [ "$(wait_exit)" = 0 ]

	# the diff: the decisions, and nothing else
	git -C "$P" diff --numstat HEAD~1 HEAD >"$TMPROOT/numstat"
	printf '8\t8\tchanges.yaml\n8\t0\tgroups.yaml\n' >"$TMPROOT/want"
	check "$lang-numstat" cmp "$TMPROOT/want" "$TMPROOT/numstat"
	git -C "$P" diff -U0 HEAD~1 HEAD -- changes.yaml groups.yaml | grep '^[-+] ' >"$TMPROOT/diff"
	if cmp -s "$TMPROOT/diff" "$top_srcdir/tests/tui/meeting.diff"; then
		ok "$lang-diff"
	else
		fail "$lang-diff" "$(diff "$top_srcdir/tests/tui/meeting.diff" "$TMPROOT/diff")"
	fi
	check "$lang-clean" [ -z "$(git -C "$P" status --porcelain)" ]
	# the commit message names every decision
	# (its body wrapped: a line that goes on is indented by two)
	git -C "$P" log -1 --format=%B | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  / /g' >"$TMPROOT/msg"
	for want in "F1: status Ej påbörjad → Pågår" "F3: status Ej påbörjad → Pågår" \
		"F5: $PRIORITISED 2025" "F2: $PRIORITISED 2026" "F4: $ASSIGNED" "F9: $ASSIGNED" \
		"F1: $ASSIGNED_NEW" "$GROUP_ADDED" 'F7: ' 'analysmall tas fram till nästa möte'; do
		check "$lang-message-$want" grep -qF -- "$want" "$TMPROOT/msg"
	done
	check "$lang-subject-fits" [ "$(head -1 "$TMPROOT/msg" | wc -m)" -le 73 ]
	# the printed snapshot
	check "$lang-print" grep -qF 'Hälsokunniga beslutsfattare' "$P/samverkansplan-2025-03-19.md"
	rm -f "$P/samverkansplan-2025-03-19.md"
}

SAVED='saved 8 edits'
COMMIT_PROMPT='Commit: '
COMMITTED='committed'
PRINTED='printed to'
PRIORITISED='prioritised'
ASSIGNED='group Arbetsgrupp föräldraskapsstöd (fstod) assigned'
ASSIGNED_NEW='group Hälsokunniga beslutsfattare (halsokunniga-beslutsfattare) assigned'
GROUP_ADDED='group Hälsokunniga beslutsfattare added (lead Ida Broman; members Anna Ek (Region Örebro län), Bo Åberg (Örebro kommun))'
round en

swedish
TMUX_ENV="LOCPATH='$SV_LOCPATH' LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR='$SV_MESSAGES'"
START_MARK='? hjälp'
SAVED='sparade 8 ändringar'
COMMIT_PROMPT='Checka in:'
COMMITTED='incheckat'
PRINTED='utskrivet till'
PRIORITISED='prioriterad för'
ASSIGNED='arbetsgrupp Arbetsgrupp föräldraskapsstöd (fstod) tilldelad'
ASSIGNED_NEW='arbetsgrupp Hälsokunniga beslutsfattare (halsokunniga-beslutsfattare) tilldelad'
GROUP_ADDED='arbetsgrupp Hälsokunniga beslutsfattare tillagd (ansvarig Ida Broman; medlemmar Anna Ek (Region Örebro län), Bo Åberg (Örebro kommun))'
round sv

finish
