#!/bin/sh
# For everyone in the room: the terminal's cursor stands at the start of
# the selected row after every move, in every view, menu, picker and form
# (screen readers and braille displays follow it); a terminal the
# workbench cannot use, or no terminal, gets a message naming the command
# line; a locale that is missing or not UTF-8 is said before the
# workbench starts, with the command that mends it.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tmux.sh"

TMUX_W=80
TMUX_H=24

# cursor: "x,y" of the terminal's cursor.
cursor() { TM display -p '#{cursor_x},#{cursor_y}'; }
# row_of TEXT: the screen row (from 0) of the first line holding TEXT.
row_of() { screen | grep -nF -- "$1" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }
# on NAME TEXT [X]: the cursor comes to stand at column X (0) of the row
# holding TEXT (polled: the screen may still be drawing).
on() {
	on_x=${3:-0} on_text=$2
	see "$1" '[ "$(cursor)" = "$on_x,$(row_of "$on_text")" ]' 'echo "cursor $(cursor), want column $on_x of: $on_text"; screen | tail -3'
}

P=$(fresh_plan access)
start "$P"
on view1-first ' F1    Ej påbörjad'
keys j j
on view1-down ' F3    Ej påbörjad'
keys End
on view1-end ' F12   Ej påbörjad'
keys 2
on view2-first '   F1    Ej påbörjad'
keys j
on view2-down '   F2    Ej påbörjad'
keys 3
on view3-group ' Arbetsgrupp föräldraskapsstöd (fstod)'
keys j
on view3-next-group ' Länsdelsgrupperna (lansdelsgrupper)'
keys j
on view3-change '   F1    Ej påbörjad'
keys 4
on view4-top ' All changes (12)'
keys j j
on view4-down '    Pågår'
keys 5
on view5-first '»F1 '
keys j
on view5-down '»F2 '
# menus and pickers: the selected item (inside the box)
keys 1 Home s
wait_for 'Set status'
see status-menu-item '[ "$(cursor | cut -d, -f2)" = "$(row_of "│ 1  Ej påbörjad")" ]' 'cursor'
keys j
see status-menu-moved '[ "$(cursor | cut -d, -f2)" = "$(row_of "│ 2  Pågår")" ]' 'cursor'
keys Escape g
wait_for 'New group…'
see picker-item '[ "$(cursor | cut -d, -f2)" = "$(row_of "[ ]  1 Arbetsgrupp")" ]' 'cursor'
keys End
see picker-end '[ "$(cursor | cut -d, -f2)" = "$(row_of "New group…")" ]' 'cursor'
keys Escape
wait_gone 'New group…'
# a form: where the typing goes, on the field's row
keys 3 a
wait_for 'New group'
see form-name-row '[ "$(cursor | cut -d, -f2)" = "$(row_of "│ Name:")" ]' 'cursor'
keys Down
see form-lead-row '[ "$(cursor | cut -d, -f2)" = "$(row_of "│ Lead:")" ]' 'cursor'
keys Escape
wait_gone 'New group'
keys '?'
wait_for 'Keys ('
keys End
see help-says-so "screen | grep -q 'braille displays'" 'screen | tail -3'
keys q
keys q
wait_exit >/dev/null

# --- no terminal, or one that cannot place the cursor: the command line
out=$TMPROOT/out
err=$TMPROOT/err
"$SAMPLAN" -C "$P" </dev/null >"$out" 2>"$err"; rc=$?
check no-tty-refused sh -c "[ $rc -eq 1 ] && grep -q 'needs a terminal.*samplan list' '$err'"
TMUX_ENV="TERM=dumb"
start_nowait "$P"
TMUX_ENV=
see dumb-exit '[ "$(cat "$TMPROOT/rc" 2>/dev/null)" = 1 ]' 'cat "$TMPROOT/stderr"'
check dumb-message grep -q 'TERM=dumb) cannot place the cursor.*command line' "$TMPROOT/stderr"

# --- the end of input (a terminal that went away without a hangup): the
# workbench ends at once, as after SIGHUP, rather than read nothing for
# ever; a pseudo-terminal that is not its controlling one, closed
if command -v python3 >/dev/null 2>&1; then
	cat >"$TMPROOT/eof.py" <<'PY'
import os, pty, subprocess, sys, time
m, s = pty.openpty()
p = subprocess.Popen([sys.argv[1], '-C', sys.argv[2]], stdin=s, stdout=s,
                     stderr=subprocess.DEVNULL, start_new_session=True,
                     env=dict(os.environ, TERM='xterm-256color', LC_ALL='C.UTF-8'))
os.close(s)
time.sleep(1)
os.read(m, 65536)
os.close(m)
try:
    print(p.wait(timeout=10))
except subprocess.TimeoutExpired:
    p.kill()
    print('still running')
PY
	python3 "$TMPROOT/eof.py" "$SAMPLAN" "$P" >"$TMPROOT/eof.out" 2>&1
	check eof-ends sh -c "grep -qx 129 '$TMPROOT/eof.out'"
else
	echo "skip eof: python3 is not installed"
fi

# --- a missing locale: said before the workbench starts, with the command
# that installs it; a key goes on, q quits.  (LOCPATH: an empty directory,
# where no locale but C's is found, whatever this machine has.)
mkdir -p "$TMPROOT/nolocale"
TMUX_ENV="LOCPATH='$TMPROOT/nolocale' LC_ALL=sv_SE.UTF-8"
START_MARK='opens the workbench'
start "$P"
# (said on standard error, which the test keeps in a file)
see locale-missing "grep -q 'the locale sv_SE.UTF-8 is not installed' '$TMPROOT/stderr'" 'cat "$TMPROOT/stderr"'
see locale-command "grep -q 'localedef -i sv_SE -f UTF-8 sv_SE.UTF-8' '$TMPROOT/stderr'" 'cat "$TMPROOT/stderr"'
see locale-asks "screen | grep -q 'Any key opens the workbench all the same; q quits'"
keys x
wait_for '? help'
see locale-then-workbench "screen | head -1 | grep -q 'Samverkansplan'"
keys q
check locale-quit [ "$(wait_exit)" = 0 ]
start "$P"
keys q
check locale-q-quits [ "$(wait_exit)" = 0 ]
see locale-q-no-workbench "! screen | grep -q '? help'"
# not UTF-8 (the C locale): said too
TMUX_ENV="LANG= LC_ALL=C"
start "$P"
see locale-not-utf8 "grep -q 'the locale C is not UTF-8' '$TMPROOT/stderr'" 'cat "$TMPROOT/stderr"'
keys q
wait_exit >/dev/null
# a good locale says nothing: the workbench at once
TMUX_ENV=
START_MARK='? help'
start "$P"
see locale-fine-silent "! screen | grep -q 'not installed\\|not UTF-8'"
keys q
wait_exit >/dev/null

finish
