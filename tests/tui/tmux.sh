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
screen() { TM capture-pane -p 2>/dev/null; }
screen_e() { TM capture-pane -p -e 2>/dev/null; }

# wait_for TEXT: polls the screen (up to 5 s) until it holds TEXT.
wait_for() {
	i=0
	while [ $i -lt 100 ]; do
		if screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.03
		i=$((i + 1))
	done
	return 1
}

# expect NAME TEXT: passes when TEXT comes on the screen.
expect() {
	if wait_for "$2"; then ok "$1"; else fail "$1" "no '$2' on: $(screen | tail -4 | tr '\n' '|')"; fi
}

# wait_gone TEXT: polls until the screen no longer holds TEXT.
wait_gone() {
	i=0
	while [ $i -lt 100 ]; do
		if ! screen | grep -qF -- "$1"; then
			return 0
		fi
		sleep 0.03
		i=$((i + 1))
	done
	return 1
}

# wait_exit: polls until samplan has ended; prints its exit status.
wait_exit() {
	i=0
	while [ $i -lt 300 ] && [ ! -s "$TMPROOT/rc" ]; do
		sleep 0.03
		i=$((i + 1))
	done
	cat "$TMPROOT/rc" 2>/dev/null
}

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
