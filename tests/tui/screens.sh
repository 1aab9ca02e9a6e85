#!/bin/sh
# Whole-screen golden files of the workbench on the shipped plan, as tig's
# tests keep them: the saved screen compared with an expected one, with a
# fixed TERM, LANG, TZ and HOME (tmux.sh).  At 80x24 and at 60x20 every
# view and the dialogs, in English and Swedish; a read-only workbench.  `-e` checks where the
# attributes matter (bold, reverse).
#
# SAMPLAN_UPDATE_GOLDEN=1 writes the golden files instead (review them).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

golden=$top_srcdir/tests/tui/screens
TMUX_W=80
TMUX_H=24
# a fixed today: the since prompt offers the last meeting before it
SAMPLAN_DATE=2026-01-15
export SAMPLAN_DATE

# shot NAME: the screen, compared with (or written to) screens/NAME.txt:
# passes when the screen comes to be the golden one (polled, as see does);
# else fails with the diff of the last one.  Written, it is the screen once
# it has stayed the same for 0.3 s.
shot() {
	shot_got=$TMPROOT/$1.txt shot_want=$golden/$1.txt
	if [ -n "${SAMPLAN_UPDATE_GOLDEN-}" ]; then
		screen >"$shot_got"
		poll 'sleep 0.3; screen >"$shot_got.new"; cmp -s "$shot_got" "$shot_got.new" || { mv "$shot_got.new" "$shot_got"; false; }'
		cp "$shot_got" "$shot_want"
		ok "$1"
	elif poll 'screen >"$shot_got"; cmp -s "$shot_want" "$shot_got"'; then
		ok "$1"
	else
		fail "$1" "$(diff "$shot_want" "$shot_got")"
	fi
}
ids() { tr '\n' ' ' | sed 's/ $//'; }

# plan NAME: a fresh plan in which F5 and F9 are prioritised for 2026 too,
# so that the screens show another year's priorities beside the focus
# year's.
plan() {
	d=$(fresh_plan "$1")
	"$SAMPLAN" -C "$d" set F5 priority=+2026 >/dev/null 2>&1
	"$SAMPLAN" -C "$d" set F9 priority=+2026 >/dev/null 2>&1
	# an activity with a follow-up, for view 6 and F1's programme logic
	"$SAMPLAN" -C "$d" add activity text="Utbildningsdag om folkhälsovetenskap för förtroendevalda" \
		changes=F1 group=fstod parties=soder,norr period.from=2025-03 period.to=2025-12 \
		output="Två utbildningsdagar" result="Beslutsfattare efterfrågar folkhälsoanalyser" \
		status=pagar >/dev/null 2>&1
	"$SAMPLAN" -C "$d" add followup:A1 year=2025 party=soder done="En utbildningsdag i Kumla" \
		value="20 %" >/dev/null 2>&1
	git -C "$d" commit -q -am 2026
	echo "$d"
}

# views LANG: at the size TMUX_W x TMUX_H, every view (the meeting's too)
# and the dialogs:
# the status menu, the group picker, a new group's form, a new
# follow-up's form, the help, the
# since prompt, the commit dialog, and a message too long for one line;
# the keys clear the first message (it names the plan's temporary
# directory).
views() {
	lang=$1 size=${TMUX_W}x$TMUX_H
	P=$(plan "screens-$lang-$size")
	start "$P"
	keys j k
	wait_gone "$FIRST_MESSAGE"
	shot "$lang-$size-1-changes"
	keys 2
	wait_for "$V2"
	shot "$lang-$size-2-prioritised"
	keys 3
	wait_for '── fstod ──'
	shot "$lang-$size-3-groups"
	keys a
	wait_for "$FORM"
	shot "$lang-$size-group-form"
	keys Escape
	wait_gone "$FORM"
	keys 4
	wait_for "$V4"
	shot "$lang-$size-4-status"
	keys 5
	wait_for 'R1: '
	shot "$lang-$size-5-matrix"
	keys 6
	wait_for "$V6"
	shot "$lang-$size-6-activities"
	keys j o
	wait_for "$FOLLOWUP_FORM"
	shot "$lang-$size-followup-form"
	keys Escape
	wait_gone "$FOLLOWUP_FORM"
	keys 7
	wait_for "$V7"
	shot "$lang-$size-7-meeting"
	keys 1 s
	wait_for "$STATUS_MENU"
	shot "$lang-$size-status-menu"
	keys Escape
	wait_gone "$STATUS_MENU"
	keys g
	wait_for "$NEW_GROUP"
	shot "$lang-$size-group-picker"
	# a new group from the picker, in its form: made and assigned, a
	# message that wraps
	keys End Enter
	wait_for "$FORM"
	keys -l 'Hälsokunniga beslutsfattare'
	keys Enter
	keys -l 'Ida Broman'
	keys Enter Enter
	keys -l 'Anna Ek (Region Örebro län); Bo Åberg (Örebro kommun)'
	shot "$lang-$size-group-form-typed"
	keys C-s
	wait_gone "$FORM"
	shot "$lang-$size-long-message"
	keys u
	wait_gone '[+]'
	keys '?'
	wait_for "$HELP"
	shot "$lang-$size-help"
	keys Escape
	wait_gone "$HELP"
	keys m
	wait_for "$SINCE_PROMPT"
	shot "$lang-$size-since-prompt"
	keys Escape
	wait_gone "$SINCE_PROMPT"
	# the commit dialog, over a saved status change (cancelled)
	keys 1 s 2
	wait_for '[+]'
	keys w
	wait_gone '[+]'
	keys c
	wait_for "$COMMIT"
	shot "$lang-$size-commit"
	keys Escape
	wait_gone "$COMMIT"
	keys q
	check "$lang-$size-quit" [ "$(wait_exit)" = 0 ]
}

FIRST_MESSAGE='12 changes from'
V2='Prioritised in 2025'
V4='All changes (12)'
STATUS_MENU='Set status'
NEW_GROUP='New group…'
SINCE_PROMPT='Mark changes since'
FORM='New group'
HELP='Keys ('
COMMIT='Commit: edit'
V6='Activities (1) by'
V7='Open actions from earlier meetings'
FOLLOWUP_FORM='New follow-up of A1'
views en
TMUX_W=60 TMUX_H=20
views en
TMUX_W=80 TMUX_H=24

# the detail pane says when there is more; Enter shows it all, Esc closes
P=$(fresh_plan detail)
start "$P"
keys 3
wait_for '── fstod ──'
see detail-more "screen | grep -q '^── fstod ─.* Enter: all ──\$'"
see detail-cut "! screen | grep -qx ' ha.'"
keys Enter
wait_for 'fstod (j/k scroll; Esc closes)'
see detail-full "screen | grep -qx ' ha.'"
keys Escape
wait_for '── fstod ──'
see detail-closed "! screen | grep -q 'j/k scroll'"
keys q
wait_exit >/dev/null

# the look: contrast by default (no colour), colour when the settings say
colours() { screen_e | grep -q '\[3[0-7]m\|\[4[0-7]m\|;3[0-7]m\|;4[0-7]m'; }
P=$(fresh_plan theme)
start "$P"
see theme-contrast-default '! colours' 'screen_e | head -2'
keys q
wait_exit >/dev/null
mkdir -p "$HOME/.config/samplan"
echo 'theme = colour' >"$HOME/.config/samplan/config"
start "$P"
see theme-colour colours 'screen_e | head -2'
keys q
wait_exit >/dev/null
echo 'theme = mono' >"$HOME/.config/samplan/config"
start "$P"
see theme-mono '! colours' 'screen_e | head -2'
# an error, without colour, is reversed and bold (a question only reversed)
keys 3 s
wait_for 'no change selected'
see theme-mono-error "screen_e | grep 'no change selected' | grep -q '\[1m.*\[7m\|\[7m.*\[1m\|\[1;7m\|\[7;1m'" "screen_e | grep 'no change selected' | od -c | head -3"
keys q
wait_exit >/dev/null
rm -f "$HOME/.config/samplan/config"
# NO_COLOR is mono too, whatever the settings say
echo 'theme = colour' >"$HOME/.config/samplan/config"
NO_COLOR_TEST=1
start "$P"
NO_COLOR_TEST=
see theme-no-color '! colours' 'screen_e | head -2'
keys q
wait_exit >/dev/null
rm -f "$HOME/.config/samplan/config"

# the prioritised rows are bold, the selected one reverse too
P=$(fresh_plan attrs)
start "$P"
see attrs-bold '[ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]' 'bold_ids | ids'
see attrs-selected-reverse "reversed ' F1 '" 'screen_e | sed -n 3p'
keys q
wait_exit >/dev/null

# 60x20: no groups column, the detail down to the status and the text's
# start; every view still works (the screens: views above)
TMUX_W=60
TMUX_H=20
P=$(fresh_plan small)
start "$P"
keys j k
wait_gone "$FIRST_MESSAGE"
see small-detail-status "screen | grep -q '^ Status: Ej påbörjad  prioritised: 2025'"
see small-detail-text "screen | grep -q '^ Parternas beslutsfattare har en ökad'"
see small-detail-more "screen | grep -q '^── F1 ─.* Enter: all ──\$'"
see small-hints "screen | tail -1 | grep -q 'u undo.*w save.*? help.*q quit'"
keys 1 s
wait_for 'Set status'
keys 2
wait_for 'status Ej påbörjad → Pågår'
see small-edits "screen | grep -q '^ F1 *Pågår'"
keys u q
check small-quit [ "$(wait_exit)" = 0 ]

# read-only: the header says so, the hints leave out edits
TMUX_W=80
TMUX_H=24
P=$(fresh_plan readonly)
start "$P" tui -r
keys j k
wait_gone 'opened with'
shot en-read-only
see read-only-header "screen | head -1 | grep -q 'focus 2025 read-only'"
see read-only-no-edit-hints "! screen | tail -1 | grep -q 's status\|w save\|u undo'"
keys q
wait_exit >/dev/null

swedish
TMUX_ENV="LOCPATH='$SV_LOCPATH' LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR='$SV_MESSAGES'"
START_MARK='? hjälp'
FIRST_MESSAGE='12 förändringar från'
V2='Prioriterade för 2025'
V4='Alla förändringar (12)'
STATUS_MENU='Ange status'
NEW_GROUP='Ny grupp…'
SINCE_PROMPT='Markera förändringar sedan'
FORM='Ny grupp'
HELP='Tangenter ('
COMMIT='Incheckning: redigera'
V6='Aktiviteter (1) efter'
V7='Öppna uppgifter från tidigare möten'
FOLLOWUP_FORM='Ny uppföljning för A1'
views sv
TMUX_W=60 TMUX_H=20
views sv

finish
