# tests/tui/tmux.sh — drive the real binary in tmux (sourced after lib.sh).
# A private tmux server per test script (-L), a fixed window size and a
# fixed environment; screens are polled, never waited for with sleeps.

command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"

# One server per session, so a new one never meets the last one dying.
unset TMUX
TMUX_N=0
TMUX_SOCK=samplan-test-$$-0
TM() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }
trap 'TM kill-server >/dev/null 2>&1; rm -rf "$TMPROOT"' EXIT INT TERM

# start DIR [ARGS...]: opens the workbench on DIR in a 100x30 window
# (TMUX_W x TMUX_H when set), with TMUX_ENV's assignments added to its
# environment (a Swedish locale: see meeting.sh).
# The exit status of samplan is written to $TMPROOT/rc when it ends.
start() {
	start_nowait "$@"
	wait_for "${START_MARK:-? help}" || echo "# the workbench did not start: $(screen | head -3)"
}

start_nowait() {
	dir=$1
	shift
	TM kill-server >/dev/null 2>&1
	TMUX_N=$((TMUX_N + 1))
	TMUX_SOCK=samplan-test-$$-$TMUX_N
	rm -f "$TMPROOT/rc"
	TM new-session -d -x "${TMUX_W:-100}" -y "${TMUX_H:-30}" \
		"env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME='$HOME' NO_COLOR=${NO_COLOR_TEST-} \
		${TMUX_ENV-} '$SAMPLAN' -C '$dir' $* 2>'$TMPROOT/stderr'; echo \$? >'$TMPROOT/rc'; sleep 30"
}

keys() { TM send-keys "$@"; }
# k KEY...: keys of a round, counted in nkeys; txt TEXT: typed text, not
# counted (a round is measured in keys apart from what is typed).
k() {
	for key in "$@"; do
		keys "$key"
		nkeys=$((nkeys + 1))
	done
}
txt() { keys -l "$1"; }
screen() { TM capture-pane -p 2>/dev/null; }
screen_e() { TM capture-pane -p -e 2>/dev/null; }

# How long a poll waits (whole seconds; SAMPLAN_TUI_WAIT overrides): long
# enough for a busy machine or a sanitizer build.  A passing test never
# waits it out; only a failing one does.
TUI_WAIT=${SAMPLAN_TUI_WAIT:-10}
case $TUI_WAIT in '' | *[!0-9]*) TUI_WAIT=10 ;; esac
TUI_STEP=${TUI_STEP:-0.03}

# poll EXPR: evaluates the shell expression EXPR (quote it) every TUI_STEP s
# until it succeeds (status 0), or TUI_WAIT s have passed (status 1).  What
# is on the screen is read anew each time: tmux draws what the workbench
# writes when it gets it, so a screen read once may be from before the key
# was handled, half drawn, or at the old size after a resize (resize).
poll() {
	poll_end=$(($(date +%s) + TUI_WAIT))
	while :; do
		eval "$1" && return 0
		[ "$(date +%s)" -le "$poll_end" ] || return 1
		sleep "$TUI_STEP"
	done
}

# see NAME EXPR [WHAT]: a check of the screen: passes when EXPR (as poll
# has it) comes to succeed; else fails with WHAT's output (eval'd; by
# default the screen's last lines, as expect shows them).  A check that
# something is NOT on the screen (EXPR begins with !) is only worth it
# after a wait for what the action it follows draws.
see() {
	if poll "$2"; then
		ok "$1"
	else
		fail "$1" "not so: $2; on: $(eval "${3:-screen | tail -4}" | tr '\n' '|')"
	fi
}

# wait_for TEXT: polls the screen until it holds TEXT.
wait_for() {
	wait_text=$1
	poll 'screen | grep -qF -- "$wait_text"'
}

# expect NAME TEXT: passes when TEXT comes on the screen.
expect() {
	if wait_for "$2"; then ok "$1"; else fail "$1" "no '$2' on: $(screen | tail -4 | tr '\n' '|')"; fi
}

# wait_gone TEXT: polls until the screen no longer holds TEXT.
wait_gone() {
	wait_text=$1
	poll '! screen | grep -qF -- "$wait_text"'
}

# wait_exit: polls until samplan has ended; prints its exit status.
wait_exit() {
	poll '[ -s "$TMPROOT/rc" ]'
	cat "$TMPROOT/rc" 2>/dev/null
}

# resize W H [TEXT]: makes the window W x H, then waits until the workbench
# has redrawn at that size.  tmux passes a new size on to the program at
# most every 250 ms (later on a busy machine), while capture-pane has the
# new size at once and shows the old screen, cut or padded, until the
# program redraws.  So it waits until the pane's terminal (what samplan
# gets) says W x H, then until the screen is drawn at it: without TEXT,
# the first line (the header, or the help's title: a bar across the whole
# width) is W columns wide (capture-pane -N) and line H is not empty; with
# TEXT, until TEXT is on the screen.  A smaller window needs TEXT, drawn
# only at the new size, since tmux cuts the old lines to the new width.
# Status 1, and a # line saying so, when that does not come.
resize() {
	resize_w=$1 resize_h=$2 resize_text=${3-}
	if [ -z "$resize_text" ] &&
		{ [ "$resize_w" -lt "$(TM display -p '#{window_width}')" ] ||
			[ "$resize_h" -lt "$(TM display -p '#{window_height}')" ]; }; then
		echo "# resize $resize_w $resize_h: a smaller window needs the TEXT drawn at its size"
		return 1
	fi
	TM resize-window -x "$resize_w" -y "$resize_h" 2>/dev/null ||
		TM resize-pane -x "$resize_w" -y "$resize_h"
	resize_tty=$(TM display -p '#{pane_tty}')
	if ! poll '[ "$(tty_size)" = "$resize_h $resize_w" ]'; then
		echo "# resize $resize_w $resize_h: the terminal is still $(tty_size)"
		return 1
	fi
	if [ -n "$resize_text" ]; then
		wait_for "$resize_text"
	else
		poll '[ "$(line1_width)" -eq "$resize_w" ] && [ -n "$(screen | sed -n "${resize_h}p")" ]'
	fi || {
		echo "# resize $resize_w $resize_h: not drawn at that size: $(screen | head -1)"
		return 1
	}
}
# tty_size: the pane's terminal's ROWS COLUMNS, as samplan gets them (when
# stty cannot tell, what resize waits for).
tty_size() { stty size 2>/dev/null <"$resize_tty" || echo "$resize_h $resize_w"; }
# line1_width: the columns of the first line with its trailing blanks
# (characters: UTF-8 bytes less the continuation bytes).
line1_width() { TM capture-pane -p -N 2>/dev/null | sed -n 1p | tr -d '\n' | LC_ALL=C tr -d '\200-\277' | wc -c | tr -d ' '; }

# reversed TEXT: a line holding TEXT is shown in reverse video.
reversed() { screen_e | grep -F -- "$1" | grep -qE "$(printf '\033')\\[([0-9]+;)*7m"; }

# bold_ids: the change ids whose rows are drawn bold, one per line.  Follows
# the SGR state through `capture-pane -e` and looks at the id's first cell.
bold_ids() {
	screen_e | awk '
	{
		line = $0; out = ""; 
		while (length(line) > 0) {
			if (substr(line, 1, 2) == "\033[") {
				m = match(line, /^\033\[[0-9;]*m/)
				if (m) {
					p = substr(line, 3, RLENGTH - 3)
					n = split(p, a, ";")
					if (n == 0) { bold = 0 }
					for (i = 1; i <= n; i++) {
						if (a[i] == "" || a[i] == "0" || a[i] == "22") bold = 0
						else if (a[i] == "1") bold = 1
					}
					line = substr(line, RLENGTH + 1)
					continue
				}
			}
			c = substr(line, 1, 1)
			out = out (bold ? "B" : "n") 
			txt = txt c
			line = substr(line, 2)
		}
		if (match(txt, /^ +F[0-9]+ /)) {
			s = txt; sub(/^ +/, "", s); id = s; sub(/ .*/, "", id)
			pos = index(txt, id)
			if (substr(out, pos, 1) == "B") print id
		}
		txt = ""
	}'
}
