#!/bin/sh
# The workbench's printout (P) has the footer of `samplan print`: in git,
# the plan's commit, then unsaved edits marked; outside git, the directory
# alone; SAMPLAN_PRINT_SOURCE replaces the source line.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../tui/tmux.sh"

command -v git >/dev/null 2>&1 || skip "git is not installed"
# Each session's tmux server passes this environment on to samplan.
SAMPLAN_PRINT_DATE=2025-03-19
GIT_CEILING_DIRECTORIES=$TMPROOT
export SAMPLAN_PRINT_DATE GIT_CEILING_DIRECTORIES
unset SAMPLAN_PRINT_SOURCE

# print_text FILE [DIR]: P, text, to the default file name (in the plan's
# directory, DIR or $P); moved to FILE.
print_text() {
	keys P
	wait_for 'Print format'
	keys 1
	wait_for 'Print to: '
	keys Enter
	wait_for 'printed to'
	mv "${2:-$P}/samverkansplan-2025-03-19.txt" "$1"
	keys Escape
	wait_gone 'printed to'
}
# footer FILE: the text footer, its lines joined (it wraps at 80 columns).
footer() {
	sed -n '/^--$/,$p' "$1" | tail -n +2 | tr '\n' ' ' | sed 's/ $//'
}
# quit NAME: q (after u, nothing is edited) quits with 0 and nothing on stderr.
quit() {
	keys q
	rc=$(wait_exit)
	if [ "$rc" = 0 ] && [ ! -s "$TMPROOT/stderr" ]; then ok "$1"; else fail "$1" "exit '$rc': $(cat "$TMPROOT/stderr")"; fi
}

# --- in git: the commit, as samplan print says it
P=$(fresh_plan plan)
h=$(git -C "$P" log -1 --format=%h)
start "$P"
print_text "$TMPROOT/saved.txt"
check git-footer-commit [ "$(footer "$TMPROOT/saved.txt")" = "Source: $(basename "$P"), commit $h (2025-03-19)" ]
"$SAMPLAN" -C "$P" print >"$TMPROOT/cli.txt"
check git-same-as-cli cmp "$TMPROOT/cli.txt" "$TMPROOT/saved.txt"
keys j p
wait_for '[+]'
print_text "$TMPROOT/unsaved.txt"
check git-footer-unsaved [ "$(footer "$TMPROOT/unsaved.txt")" = "Source: $(basename "$P"), commit $h (2025-03-19) + unsaved edits" ]
keys u
wait_for 'undone'
quit git-quit

# --- outside git: the directory alone, and no word from git on the screen
N=$TMPROOT/nogit
mkdir -p "$N"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$N"/
chmod u+w "$N"/*.yaml
start "$N"
print_text "$TMPROOT/nogit.txt" "$N"
check nogit-footer [ "$(footer "$TMPROOT/nogit.txt")" = "Source: $(basename "$N")" ]
see nogit-screen-clean "! screen | grep -qi 'fatal\|not a git'"
quit nogit-quit

# --- SAMPLAN_PRINT_SOURCE replaces the line
SAMPLAN_PRINT_SOURCE='Källa: protokoll 2025-03-19'
export SAMPLAN_PRINT_SOURCE
start "$P"
print_text "$TMPROOT/fixed.txt"
check fixed-footer [ "$(footer "$TMPROOT/fixed.txt")" = "Källa: protokoll 2025-03-19" ]
quit fixed-quit

finish
