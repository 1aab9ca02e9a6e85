#!/bin/sh
# Whole-screen golden files of the workbench on the shipped plan, as tig's
# tests keep them: the saved screen compared with an expected one, with a
# fixed TERM, LANG, TZ and HOME (tmux.sh).  At 80x24 every view, a dialog
# and the line editor with a long prompt, in English and Swedish; the
# reduced layout at 60x20; a read-only workbench.  `-e` checks where the
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

# shot NAME: the screen, compared with (or written to) screens/NAME.txt.
shot() {
	screen >"$TMPROOT/$1.txt"
	if [ -n "${SAMPLAN_UPDATE_GOLDEN-}" ]; then
		cp "$TMPROOT/$1.txt" "$golden/$1.txt"
		ok "$1"
	elif cmp -s "$golden/$1.txt" "$TMPROOT/$1.txt"; then
		ok "$1"
	else
		fail "$1" "$(diff "$golden/$1.txt" "$TMPROOT/$1.txt")"
	fi
}
ids() { tr '\n' ' ' | sed 's/ $//'; }
# the row of TEXT shown in reverse video
reversed() { screen_e | grep -F -- "$1" | grep -qE "$(printf '\033')\\[([0-9]+;)*7m"; }

# views LANG: every view and two dialogs; the keys clear the first message
# (it names the plan's temporary directory).
views() {
	lang=$1
	P=$(fresh_plan "screens-$lang")
	start "$P"
	keys j k
	wait_gone "$FIRST_MESSAGE"
	shot "$lang-1-changes"
	keys 2
	wait_for "$V2"
	shot "$lang-2-prioritised"
	keys 3
	wait_for '── fstod ──'
	shot "$lang-3-groups"
	keys 4
	wait_for "$V4"
	shot "$lang-4-status"
	keys 5
	wait_for 'R1: '
	shot "$lang-5-matrix"
	keys 1 s
	wait_for "$STATUS_MENU"
	shot "$lang-status-menu"
	keys Escape
	wait_gone "$STATUS_MENU"
	keys g
	wait_for "$NEW_GROUP"
	shot "$lang-group-picker"
	keys Escape
	wait_gone "$NEW_GROUP"
	keys m
	wait_for "$SINCE_PROMPT"
	shot "$lang-since-prompt"
	keys Escape
	wait_gone "$SINCE_PROMPT"
	keys q
	check "$lang-quit" [ "$(wait_exit)" = 0 ]
}

FIRST_MESSAGE='12 changes from'
V2='Prioritised in 2025'
V4='All changes (12)'
STATUS_MENU='Set status'
NEW_GROUP='New group…'
SINCE_PROMPT='Mark changes since'
views en

# the detail pane says when there is more; Enter shows it all, Esc closes
P=$(fresh_plan detail)
start "$P"
keys 3
wait_for '── fstod ──'
check detail-more sh -c "tmux -L '$TMUX_SOCK' capture-pane -p | grep -q '^── fstod ─.* Enter: all ──\$'"
check detail-cut sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p | grep -qx ' ha.'"
keys Enter
wait_for 'fstod (j/k scroll; Esc closes)'
check detail-full sh -c "tmux -L '$TMUX_SOCK' capture-pane -p | grep -qx ' ha.'"
keys Escape
wait_for '── fstod ──'
check detail-closed sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p | grep -q 'j/k scroll'"
keys q
wait_exit >/dev/null

# the look: contrast by default (no colour), colour when the settings say
colours() { screen_e | grep -q '\[3[0-7]m\|\[4[0-7]m\|;3[0-7]m\|;4[0-7]m'; }
P=$(fresh_plan theme)
start "$P"
if colours; then fail theme-contrast-default "$(screen_e | head -2)"; else ok theme-contrast-default; fi
keys q
wait_exit >/dev/null
mkdir -p "$HOME/.config/samplan"
echo 'theme = colour' >"$HOME/.config/samplan/config"
start "$P"
if colours; then ok theme-colour; else fail theme-colour "$(screen_e | head -2)"; fi
keys q
wait_exit >/dev/null
rm -f "$HOME/.config/samplan/config"

# the prioritised rows are bold, the selected one reverse too
P=$(fresh_plan attrs)
start "$P"
check attrs-bold [ "$(bold_ids | ids)" = "F1 F2 F3 F4" ]
if reversed ' F1 '; then ok attrs-selected-reverse; else fail attrs-selected-reverse "$(screen_e | sed -n 3p)"; fi
keys q
wait_exit >/dev/null

# 60x20: no detail pane, no groups column; every view still works
TMUX_W=60
TMUX_H=20
P=$(fresh_plan small)
start "$P"
keys j k
wait_gone "$FIRST_MESSAGE"
shot en-small-changes
keys 3
wait_for 'Unassigned'
shot en-small-groups
keys 1 s
wait_for 'Set status'
keys 2
wait_for 'status Ej påbörjad → Pågår'
check small-edits sh -c "tmux -L '$TMUX_SOCK' capture-pane -p | grep -q '^ F1 *Pågår'"
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
check read-only-header sh -c "tmux -L '$TMUX_SOCK' capture-pane -p | head -1 | grep -q 'focus 2025 read-only'"
check read-only-no-edit-hints sh -c "! tmux -L '$TMUX_SOCK' capture-pane -p | tail -1 | grep -q 's status\|w save\|u undo'"
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
views sv

finish
