#!/bin/sh
# Never clobber, never lose: the workbench's lock (a second one is told who
# has the plan and may open it read-only; a dead one's lock is taken over),
# a save refused when the file changed underneath (an outside edit, a real
# git pull) and the reload that re-applies the edits and asks about
# conflicts, SIGTERM/SIGHUP, and the crash journal: kill -9 at random
# points, again and again, and every applied edit is offered back while
# the files are always the old or the new version, never half-written.
#
# Its time (under a minute, as the issue asks) is checked by `make bench`
# (bench/crash.sh), not here.  One tmux server for the whole script, a
# short session per run.  The random points come from SAFETY_SEED
# (printed, to repeat a run).
. "$(dirname "$0")/../lib.sh"
TUI_STEP=0.0125 # polls (tmux.sh's poll) often: the crash runs are timed
. "$(dirname "$0")/tmux.sh"

TMUX_SOCK=samplan-safety-$$ # tmux.sh's trap ends this server
T() { tmux -L "$TMUX_SOCK" -f /dev/null "$@"; }

# The session runs samplan through this script, which notes samplan's pid
# (the shell's, kept by exec) and its exit status.
cat >"$TMPROOT/run.sh" <<'EOF'
samplan=$1 root=$2 name=$3 dir=$4
shift 4
sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$root/$name.pid" \
	"$samplan" -C "$dir" "$@" 2>"$root/$name.err"
echo $? >"$root/$name.rc"
exec sleep 60
EOF

# launch NAME DIR [ARGS...]: samplan on DIR in a new 100x30 session NAME.
launch() {
	name=$1 dir=$2
	shift 2
	rm -f "$TMPROOT/$name.rc" "$TMPROOT/$name.pid" "$TMPROOT/$name.err"
	T new-session -d -s "$name" -x 100 -y 30 \
		"env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC HOME='$HOME' \
		sh '$TMPROOT/run.sh' '$SAMPLAN' '$TMPROOT' $name '$dir' $*"
}
scr() { T capture-pane -p -J -t "$1" 2>/dev/null; }
k() { ks=$1; shift; T send-keys -t "$ks" "$@"; }
# waitfor SESSION TEXT: polls the screen until it holds TEXT.
waitfor() {
	wf_s=$1 wf_text=$2
	poll 'scr "$wf_s" | grep -qF -- "$wf_text"'
}
# tail_of SESSION: the last lines of its screen, for a failure.
tail_of() { scr "$1" | grep -v '^$' | tail -3 | tr '\n' '|'; }
# expect NAME SESSION TEXT: a check that the screen comes to hold TEXT.
expect() {
	if waitfor "$2" "$3"; then ok "$1"; else fail "$1" "no '$3' on: $(tail_of "$2")"; fi
}
# rc SESSION: waits for samplan to end there; prints its exit status.
rc() {
	wf_s=$1
	poll '[ -s "$TMPROOT/$wf_s.rc" ]'
	cat "$TMPROOT/$1.rc" 2>/dev/null
}
pidof_s() {
	wf_s=$1
	poll '[ -s "$TMPROOT/$wf_s.pid" ]'
	cat "$TMPROOT/$1.pid"
}
done_s() { T kill-session -t "$1" 2>/dev/null; }
sum() { cksum <"$1" | cut -d' ' -f1-2; }
host=$(uname -n)
# One server for the whole script, kept while no session is open: by
# default tmux ends it with the last session, and a new-session that
# reaches it while it exits fails ("server exited unexpectedly")
T start-server \; set-option -g exit-empty off

# --- lock: a second workbench is told who holds the plan; read-only on request
P=$(fresh_plan lock)
launch one "$P"
waitfor one '? help'
pid1=$(pidof_s one)
check lock-file [ -f "$P/.samplan.lock" ]
check lock-names-pid grep -qx "pid=$pid1" "$P/.samplan.lock"
check lock-names-host grep -qx "host=$host" "$P/.samplan.lock"
launch two "$P"
expect lock-second-asks two 'Open it read-only? [y/N]'
check lock-second-told grep -q "the plan in $P is opened by $(id -un) on $host (pid $pid1) since 20" "$TMPROOT/two.err"
k two n Enter
check lock-second-refused-exits [ "$(rc two)" = 1 ]
check lock-second-says-how grep -q 'samplan -r opens it read-only' "$TMPROOT/two.err"
done_s two
launch two "$P"
waitfor two 'Open it read-only?'
k two y Enter
expect lock-read-only-opens two "read-only: opened by $(id -un) on $host (pid $pid1)"
k two s
expect lock-read-only-refuses-status two 'read-only: no edits here (opened by'
k two p
waitfor two 'read-only: no edits here'
k two w
waitfor two 'read-only: no edits here'
check lock-read-only-no-journal [ ! -e "$P/.samplan-journal" ]
k two q
check lock-read-only-quits [ "$(rc two)" = 0 ]
check lock-read-only-left-lock grep -qx "pid=$pid1" "$P/.samplan.lock"
done_s two
# samplan tui -r: read-only without asking
launch two "$P" tui -r
expect lock-option-r two 'read-only: opened with --read-only'
k two e
expect lock-option-r-refuses two 'read-only: no edits here (opened with --read-only)'
k two q
check lock-option-r-quits [ "$(rc two)" = 0 ]
done_s two
# the command line: refused while the workbench holds the plan, unless --force
before=$(sum "$P/changes.yaml")
"$SAMPLAN" -C "$P" set F1 status=klar >"$TMPROOT/out" 2>"$TMPROOT/err"
check cli-refused-status [ $? -eq 1 ]
check cli-refused-names-holder grep -q "not saved: the plan is opened by .* (pid $pid1) since .*--force" "$TMPROOT/err"
check cli-refused-wrote-nothing [ "$(sum "$P/changes.yaml")" = "$before" ]
check cli-read-only-commands-work "$SAMPLAN" -C "$P" check -q
# the lock and journal stay out of git while the workbench edits
k one s 2
waitfor one 'F1: status Ej påbörjad → Pågår'
check git-ignores-lock-and-journal [ -z "$(git -C "$P" status --porcelain)" ]
check git-exclude-once [ "$(grep -c 'samplan-journal' "$P/.git/info/exclude")" = 1 ]
check git-exclude-temporaries grep -qx '.samplan-tmp-\*' "$P/.git/info/exclude"
k one q
waitfor one 'unsaved edits'
k one d
check quit-discard-rc [ "$(rc one)" = 0 ]
check lock-released-on-quit [ ! -e "$P/.samplan.lock" ]
check discard-removes-journal [ ! -e "$P/.samplan-journal" ]
done_s one
# a second start adds nothing to info/exclude
launch one "$P"
waitfor one '? help'
k one q
rc one >/dev/null
done_s one
check git-exclude-still-once [ "$(grep -c 'samplan-journal' "$P/.git/info/exclude")" = 1 ]

# --- a lock file samplan cannot read, or cannot replace: said in words
P=$(fresh_plan badlock)
printf 'garbage\n' >"$P/.samplan.lock"
launch bad "$P"
expect badlock-asks bad 'Open it read-only? [y/N]'
check badlock-says-what grep -q "locked by .samplan.lock, which samplan cannot read (remove it if no samplan has the plan open)" "$TMPROOT/bad.err"
k bad n Enter
check badlock-exits [ "$(rc bad)" = 1 ]
done_s bad
rm -f "$P/.samplan.lock"
ln -s nowhere "$P/.samplan.lock" # no lock can be made: opened read-only, saying why
launch bad "$P"
expect badlock-link-read-only bad 'read-only: cannot read the lock'
k bad s
expect badlock-link-refuses-edit bad 'read-only: no edits here (cannot read the lock'
k bad q
check badlock-link-quits [ "$(rc bad)" = 0 ]
check badlock-link-kept [ -L "$P/.samplan.lock" ]
done_s bad
rm -f "$P/.samplan.lock"

# --- a stale lock: its process is gone, so the lock is taken over
P=$(fresh_plan stale)
sh -c 'exit 0' &
dead=$!
wait $dead
printf 'user=gone\nhost=%s\npid=%s\nsince=2025-03-19T12:00:00Z\n' "$host" "$dead" >"$P/.samplan.lock"
launch one "$P"
expect stale-taken-over one "lock taken over: the samplan opened by gone on $host (pid $dead) since 2025-03-19T12:00:00Z is gone"
pid1=$(pidof_s one)
check stale-lock-now-ours grep -qx "pid=$pid1" "$P/.samplan.lock"
k one q
check stale-quit [ "$(rc one)" = 0 ]
done_s one
# on another host the lock cannot be judged: it holds
printf 'user=annan\nhost=another-host.invalid\npid=%s\nsince=2025-03-19T12:00:00Z\n' "$dead" >"$P/.samplan.lock"
launch one "$P"
waitfor one 'Open it read-only?'
check stale-other-host-holds grep -q 'opened by annan on another-host.invalid' "$TMPROOT/one.err"
k one Enter
check stale-other-host-rc [ "$(rc one)" = 1 ]
done_s one
rm -f "$P/.samplan.lock"

# --- SIGTERM and SIGHUP: nothing saved, the journal kept, the screen restored
for sig in TERM HUP; do
	P=$(fresh_plan sig$sig)
	launch one "$P"
	waitfor one '? help'
	k one s 3
	waitfor one 'F1: status Ej påbörjad → Klar'
	kill -$sig "$(pidof_s one)"
	n=$(rc one)
	[ $sig = TERM ] && want=143 || want=129
	check sig$sig-exit-status [ "$n" = $want ]
	check sig$sig-saved-nothing [ -z "$(git -C "$P" status --porcelain)" ]
	check sig$sig-journal-kept grep -q '^op	set	change	F1	status	=ej-paborjad	=klar	' "$P/.samplan-journal"
	check sig$sig-lock-removed [ ! -e "$P/.samplan.lock" ]
	see sig$sig-screen-restored '[ "$(T display -p -t one "#{alternate_on}")" = 0 ]' 'T display -p -t one "alternate_on=#{alternate_on}"'
	done_s one
done
# ... and the next start offers the edit back; restored, it can be saved
launch one "$P"
expect restore-offered one '  F1: status Ej påbörjad → Klar'
expect restore-asks one 'r restore them as unsaved edits, d discard them, q quit [r/d/q]'
# one key answers, as everywhere in the workbench
k one r
expect restore-restored one 'restored: 1 of the unsaved edits re-applied, 0 already in the files, 0 dropped'
k one w
expect restore-saved one 'saved 1 edit'
check restore-save-removes-journal [ ! -e "$P/.samplan-journal" ]
check restore-saved-file [ "$(git -C "$P" diff -U0 | grep '^[-+] ')" = "$(printf '%s\n' '-    status: ej-paborjad' '+    status: klar')" ]
k one u
waitfor one 'undone'
k one q
waitfor one 'unsaved edits'
k one d
check restore-quit [ "$(rc one)" = 0 ]
done_s one
# q at the question quits and keeps the journal
P=$(fresh_plan keep)
launch one "$P"
waitfor one '? help'
k one j p
waitfor one 'F2: no longer prioritised'
pid=$(pidof_s one)
kill -9 "$pid"
# gone (reaped), so that its lock is seen stale, not held
while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
done_s one
launch one "$P"
waitfor one 'r restore them'
k one d
expect restore-discard-confirms one 'Discard 1 edit for good? [y/N]'
k one n
waitfor one 'r restore them'
k one q
check restore-q-rc [ "$(rc one)" = 0 ]
check restore-q-keeps-journal grep -q 'remove-item	change	F2	priority	' "$P/.samplan-journal"
check restore-q-no-lock [ ! -e "$P/.samplan.lock" ]
done_s one
# read-only, the journal is not offered, but it is said to be there
launch one "$P" tui -r
expect read-only-says-journal one 'read-only: a samplan that ended left unsaved edits in the journal'
k one q
check read-only-journal-rc [ "$(rc one)" = 0 ]
check read-only-journal-kept [ -e "$P/.samplan-journal" ]
done_s one

# --- a journal that cannot be written is said, not ignored
P=$(fresh_plan nojournal)
mkdir "$P/.samplan-journal" # a directory: neither read nor replaced
launch one "$P"
expect journal-unreadable-said one 'cannot read the journal'
k one s 2
expect journal-failure-said one 'F1: status Ej påbörjad → Pågår — not safe from a crash: cannot write the journal'
k one j p
expect journal-failure-said-again one 'F2: no longer prioritised 2025 — not safe from a crash'
k one w
expect journal-failure-save-works one 'saved 2 edits'
k one q
check journal-failure-quit [ "$(rc one)" = 0 ]
done_s one

# --- a crafted or damaged journal: the start never crashes on it, a value
# that does not validate is a conflict "use mine" cannot force, and the
# journal is kept aside whole, since what follows the damage is not read
P=$(fresh_plan crafted)
SEAL=$(cd "$(dirname "$SAMPLAN")/.." && pwd)/tests/tui/journal-seal
printf 'samplan-journal 2\tbase\t0000000000000001\n%s\n%s\n%s\n' \
	'op	set	change	F2	status	=ej-paborjad	=klar	0	0	0' \
	'op	set	change	F1	status	=ej-paborjad	-	0	0	0' \
	'op	set	change	F3	status	=ej-paborjad	=klartext	0	0	0' | "$SEAL" >"$P/.samplan-journal"
# a whole line whose check does not match, then one that would be fine
printf 'op\tset\tchange\tF4\tstatus\t=ej-paborjad\t=pagar\t0\t0\t0\t#00000000\n' >>"$P/.samplan-journal"
printf 'op\tset\tchange\tF5\tstatus\t=ej-paborjad\t=pagar\t0\t0\t0\n' | "$SEAL" >>"$P/.samplan-journal"
cp "$P/.samplan-journal" "$TMPROOT/crafted-journal"
launch one "$P"
expect crafted-offered one '3 edits were not saved'
expect crafted-damage-said one '(the journal is damaged: what follows the edits above does not read and is left out; the whole journal is kept as'
check crafted-kept-whole cmp "$TMPROOT/crafted-journal" "$(ls "$P"/.samplan-journal.damaged-*)"
k one r
expect crafted-no-value one 'conflict 2 of 3: theirs an edit without its new value, yours F1: status Ej påbörjad'
expect crafted-conflict-keys one 't keep theirs  m use mine'
k one m
expect crafted-bad-status one "conflict 3 of 3: theirs unknown status 'klartext'"
k one m
expect crafted-restored one 'restored: 1 of the unsaved edits re-applied, 0 already in the files, 2 dropped'
k one w
expect crafted-saved one 'saved 1 edit'
check crafted-diff [ "$(git -C "$P" diff -U0 | grep '^[-+] ')" = "$(printf '%s\n' '-    status: ej-paborjad' '+    status: klar')" ]
k one q
check crafted-quit [ "$(rc one)" = 0 ]
check crafted-no-lock [ ! -e "$P/.samplan.lock" ]
check crafted-git-ignores-kept [ "$(git -C "$P" status --porcelain --untracked-files=all)" = " M changes.yaml" ]
done_s one
# not even a header: said, kept aside, and the workbench opens
P=$(fresh_plan garbage)
printf 'not a journal\n' >"$P/.samplan-journal"
launch one "$P"
expect garbage-said one 'does not read as one; it is kept as'
check garbage-kept [ "$(cat "$P"/.samplan-journal.damaged-*)" = 'not a journal' ]
k one q
check garbage-quit [ "$(rc one)" = 0 ]
done_s one

# --- changed underneath by an outside edit: nothing written; reload re-applies
P=$(fresh_plan outside)
launch one "$P"
waitfor one '? help'
k one s 2
waitfor one 'F1: status Ej påbörjad → Pågår'
k one j j j j p
waitfor one 'F5: prioritised 2025'
# someone edits F2's status by hand
awk '/^  - id: F2$/ { f = 1 } f && /status: ej-paborjad/ { sub(/ej-paborjad/, "klar"); f = 0 } { print }' \
	"$P/changes.yaml" >"$TMPROOT/outside.yaml"
cp "$TMPROOT/outside.yaml" "$P/changes.yaml"
theirs=$(sum "$P/changes.yaml")
k one w
expect outside-save-refused one 'changes.yaml changed on disk: nothing was written. Reload it and re-apply your 2 edits? (y/n)'
check outside-nothing-written [ "$(sum "$P/changes.yaml")" = "$theirs" ]
k one n
expect outside-not-reloaded one 'not reloaded: your edits are kept, not saved'
check outside-still-nothing-written [ "$(sum "$P/changes.yaml")" = "$theirs" ]
k one w
waitfor one 'Reload it and re-apply'
k one y
expect outside-reloaded one 'reloaded the files: 2 of your edits re-applied, 0 already in them, 0 dropped'
k one w
expect outside-saved one 'saved 2 edits'
"$SAMPLAN" -C "$P" list | cut -f1-3 | head -5 >"$TMPROOT/list"
printf 'F1\tpagar\t2025\nF2\tklar\t2025\nF3\tej-paborjad\t2025\nF4\tej-paborjad\t2025\nF5\tej-paborjad\t2025\n' >"$TMPROOT/want"
check outside-both-kept cmp -s "$TMPROOT/list" "$TMPROOT/want"
# a conflict: both sides set F3's status; keep theirs, then (on F4) use mine
k one j j s 2
waitfor one 'F3: status Ej påbörjad → Pågår'
k one j s 3
waitfor one 'F4: status Ej påbörjad → Klar'
"$SAMPLAN" -C "$P" set F3 status=klar --force >/dev/null
"$SAMPLAN" -C "$P" set F4 status=pagar --force >/dev/null
k one w
waitfor one 'Reload it and re-apply your 2 edits?'
k one y
expect conflict-shown one 'conflict 1 of 2: theirs F3 status: Klar, yours F3 status: Pågår — t keep theirs, m use mine'
k one t
expect conflict-next one 'conflict 2 of 2: theirs F4 status: Pågår, yours F4 status: Klar'
k one m
expect conflict-done one 'reloaded the files: 1 of your edits re-applied, 0 already in them, 1 dropped (theirs kept)'
k one w
expect conflict-saved one 'saved 1 edit'
"$SAMPLAN" -C "$P" list | cut -f1-2 | sed -n 3,4p | tr '\n' ' ' >"$TMPROOT/list"
check conflict-result [ "$(cat "$TMPROOT/list")" = "F3	klar F4	klar " ]
k one q
check outside-quit [ "$(rc one)" = 0 ]
done_s one

# --- changed underneath by a real git pull from a second clone
O=$TMPROOT/origin.git
git clone -q --bare "$(fresh_plan seed)" "$O"
git clone -q "$O" "$TMPROOT/mine"
git clone -q "$O" "$TMPROOT/theirs"
"$SAMPLAN" -C "$TMPROOT/theirs" set F2 status=klar >/dev/null
"$SAMPLAN" -C "$TMPROOT/theirs" set F3 notes='Från Norr' >/dev/null
git -C "$TMPROOT/theirs" commit -q -am 'Norr: F2 klar'
git -C "$TMPROOT/theirs" push -q origin HEAD 2>/dev/null
P=$TMPROOT/mine
launch one "$P"
waitfor one '? help'
k one s 2
waitfor one 'F1: status Ej påbörjad → Pågår'
k one j s 2
waitfor one 'F2: status Ej påbörjad → Pågår'
check pull-tree-clean-before [ -z "$(git -C "$P" status --porcelain)" ]
git -C "$P" pull -q --ff-only >/dev/null 2>&1
check pull-pulled [ "$(git -C "$P" log -1 --format=%s)" = 'Norr: F2 klar' ]
k one w
expect pull-save-refused one 'changes.yaml changed on disk: nothing was written'
check pull-nothing-written [ -z "$(git -C "$P" status --porcelain)" ]
k one y
expect pull-conflict-shown one 'conflict 2 of 2: theirs F2 status: Klar, yours F2 status: Pågår'
k one m
expect pull-reloaded one 'reloaded the files: 2 of your edits re-applied, 0 already in them, 0 dropped'
k one w
expect pull-saved one 'saved 2 edits'
git -C "$P" diff -U0 | grep '^[-+] ' >"$TMPROOT/diff"
printf '%s\n' '-    status: ej-paborjad' '+    status: pagar' '-    status: klar' '+    status: pagar' >"$TMPROOT/want"
check pull-diff-mine-on-theirs cmp -s "$TMPROOT/diff" "$TMPROOT/want"
check pull-their-notes-kept sh -c "'$SAMPLAN' -C '$P' list >/dev/null && grep -q 'notes: \"Från Norr\"' '$P/changes.yaml'"
k one q
check pull-quit [ "$(rc one)" = 0 ]
done_s one

# --- the plan's directory deleted under the workbench: said at the next
# edit and at the save, the edits kept, and saved elsewhere on request
P=$(fresh_plan gone)
launch one "$P"
waitfor one '? help'
k one s 3
waitfor one 'F1: status Ej påbörjad → Klar'
rm -rf "$P"
k one j s 2
expect gone-edit-warns one "F2: status Ej påbörjad → Pågår — $P is gone: the edits are only here"
k one w
expect gone-save-asks one "$P is gone; save the plan in the directory:"
# the old path, offered in the line editor (its own line: the prompt is long)
see gone-save-offers-same "scr one | grep -qxE ' $P *'" 'tail_of one'
see gone-save-no-changed-file "! scr one | grep -q 'changed on disk'" 'tail_of one' # not a changed file
check gone-nothing-written [ ! -e "$P" ]
k one Escape
expect gone-cancel-keeps one 'not saved: your edits are kept here'
k one w
waitfor one 'save the plan in the directory'
# a directory holding a plan is not overwritten
Q=$(fresh_plan gone-other)
q_before=$(sum "$Q/changes.yaml")
k one C-u "$Q" Enter
expect gone-refuses-plan one "$Q: not saved: the directory holds a plan already (plan.yaml)"
check gone-other-untouched [ "$(sum "$Q/changes.yaml")" = "$q_before" ]
k one w
waitfor one 'save the plan in the directory'
k one C-u "$TMPROOT/gone-new" Enter
expect gone-saved-elsewhere one "saved the plan in $TMPROOT/gone-new (4 files written)"
"$SAMPLAN" -C "$TMPROOT/gone-new" list | cut -f1-2 | head -3 | tr '\n' ' ' >"$TMPROOT/list"
check gone-new-has-edits [ "$(cat "$TMPROOT/list")" = "F1	klar F2	pagar F3	ej-paborjad " ]
for f in plan.yaml groups.yaml; do
	check gone-new-$f cmp -s "$top_srcdir/data/orebro-2025/$f" "$TMPROOT/gone-new/$f"
done
diff "$top_srcdir/data/orebro-2025/changes.yaml" "$TMPROOT/gone-new/changes.yaml" | grep -c '^[<>]' >"$TMPROOT/n"
check gone-new-only-edits [ "$(cat "$TMPROOT/n")" = 4 ]
# the workbench goes on in the new directory: its lock, journal and saves
check gone-new-locked grep -qx "pid=$(pidof_s one)" "$TMPROOT/gone-new/.samplan.lock"
k one j j s 2
waitfor one 'F3: status Ej påbörjad → Pågår'
check gone-new-journal grep -q 'F3	status' "$TMPROOT/gone-new/.samplan-journal"
k one w
expect gone-new-saves one 'saved 1 edit'
check gone-new-saved grep -c 'status: pagar' "$TMPROOT/gone-new/changes.yaml"
k one q
check gone-quit [ "$(rc one)" = 0 ]
check gone-new-unlocked [ ! -e "$TMPROOT/gone-new/.samplan.lock" ]
done_s one

# --- the plan's directory moved under the workbench, the plan saved to the
# old path: the moved directory keeps no stale lock or journal
P=$(fresh_plan moved)
launch one "$P"
waitfor one '? help'
k one s 3
waitfor one 'F1: status Ej påbörjad → Klar'
check moved-journal-before [ -e "$P/.samplan-journal" ]
mv "$P" "$P.moved"
k one w
waitfor one 'save the plan in the directory'
k one Enter
expect moved-saved-at-old-path one "saved the plan in $P (4 files written)"
check moved-no-stale-lock [ ! -e "$P.moved/.samplan.lock" ]
check moved-no-stale-journal [ ! -e "$P.moved/.samplan-journal" ]
check moved-new-locked [ -e "$P/.samplan.lock" ]
k one q
check moved-quit [ "$(rc one)" = 0 ]
done_s one

# --- crash: kill -9 at random points; every applied edit is offered back,
# and changes.yaml is always the old or the new version
#
# A run follows script A (F1 to Pågår, F2 no longer prioritised, save, ...)
# on the shipped file, or script B (F1 back, F2 prioritised again, save:
# the shipped file again, ...) on A's saved file; so the restart that
# checks a run goes on as the next one, and a run costs one start.
P=$(fresh_plan crash)
mkdir "$TMPROOT/new"
cp "$P"/*.yaml "$TMPROOT/new/"
"$SAMPLAN" -C "$TMPROOT/new" set F1 status=pagar >/dev/null
"$SAMPLAN" -C "$TMPROOT/new" set F2 priority=-2025 >/dev/null
h0=$(sum "$P/changes.yaml")
h1=$(sum "$TMPROOT/new/changes.yaml")
other=$(cat "$P/plan.yaml" "$P/groups.yaml" | cksum)
script=A old=$h0 new=$h1
# the steps: keys, what the status line says when done, and the edit the
# journal must offer for it ("=" for the save)
NSTEPS=7
step_keys() {
	case $script$1 in
	A1) k c s 2 ;;
	B1) k c s 1 ;;
	?2) k c j p ;;
	?3) k c w ;;
	?4) k c j s 3 ;;
	?5) k c u ;;
	?6) k c j p ;;
	?7) k c a; k c -l 'Ny "åtgärd" – ö'; k c Enter ;;
	esac
}
step_done() {
	case $script$1 in
	A1) echo 'F1: status Ej påbörjad → Pågår' ;;
	B1) echo 'F1: status Pågår → Ej påbörjad' ;;
	A2) echo 'F2: no longer prioritised 2025' ;;
	B2) echo 'F2: prioritised 2025' ;;
	?3) echo 'saved 2 edits' ;;
	?4) echo 'F3: status Ej påbörjad → Klar' ;;
	?5) echo 'undone: F3: status Ej påbörjad → Klar' ;;
	?6) echo 'F4: no longer prioritised 2025' ;;
	?7) echo 'F13: added "Ny "åtgärd" – ö"' ;;
	esac
}
step_op() {
	case $1 in
	3) echo '=' ;;
	5) echo 'F3: status Klar → Ej påbörjad' ;;
	*) step_done "$1" ;;
	esac
}
# offered_as_wanted: the restarted samplan (session r) shows the question
# with the edits offered (into TMPROOT/offered), or the workbench (nothing
# offered), and what it offers is TMPROOT/want or want2.
offered_as_wanted() {
	scr r >"$TMPROOT/screen"
	if grep -qF 'r restore them' "$TMPROOT/screen"; then
		sed -n 's/^  //p' "$TMPROOT/screen" >"$TMPROOT/offered"
	elif grep -qF '? help' "$TMPROOT/screen"; then
		: >"$TMPROOT/offered"
	else
		: >"$TMPROOT/offered"
		return 1
	fi
	cmp -s "$TMPROOT/offered" "$TMPROOT/want" || cmp -s "$TMPROOT/offered" "$TMPROOT/want2"
}
seed=${SAFETY_SEED:-$(date +%s)}
echo "# crash runs with SAFETY_SEED=$seed"
# rnd N: sets R to a number 0..N-1 (not in a subshell, so the seed moves on)
rnd() { seed=$(( (seed * 1103515245 + 12345) % 2147483648 )); R=$(( (seed / 65536) % $1 )); }
RUNS=${SAFETY_RUNS:-50}
n_new=0 n_inflight=0 n_restored=0 n_offered=0
t0=$(date +%s)
bad=0
reuse=
for run in $(seq 1 $RUNS); do
	if [ -n "$reuse" ]; then # the last run's restart goes on
		T rename-session -t r c
		mv "$TMPROOT/r.pid" "$TMPROOT/c.pid"
		reuse=
	else
		launch c "$P"
	fi
	if ! waitfor c '? help'; then
		fail crash-$run-start "$(scr c | grep -v '^$' | tail -3 | tr '\n' '|')"
		bad=1
		break
	fi
	rnd $((NSTEPS + 1))
	upto=$R # steps done and seen on screen
	: >"$TMPROOT/applied"
	# the keys of those steps at once (a terminal keeps their order), then
	# the last one's message: all are done
	s=1
	while [ $s -le $upto ]; do
		step_keys $s
		step_op $s >>"$TMPROOT/applied"
		s=$((s + 1))
	done
	[ $upto -gt 0 ] && ! waitfor c "$(step_done $upto)" && echo "# run $run: step $upto not seen"
	inflight=
	if [ $upto -lt $NSTEPS ]; then # one more step on its way when killed
		inflight=$s
		step_keys $s
		rnd 4
		[ $R -gt 0 ] && sleep 0.0$((R * 2))
	fi
	pid=$(pidof_s c)
	kill -9 "$pid"
	while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
	done_s c
	# the files: old or new, never anything else
	now=$(sum "$P/changes.yaml")
	if [ "$now" = "$old" ]; then state=old
	elif [ "$now" = "$new" ]; then state=new
	else
		fail crash-$run-files "changes.yaml is neither the old nor the new version"
		bad=1
		break
	fi
	if [ "$(cat "$P/plan.yaml" "$P/groups.yaml" | cksum)" != "$other" ]; then
		fail crash-$run-other-files "plan.yaml or groups.yaml changed"
		bad=1
		break
	fi
	if [ $upto -ge 3 ] && [ $state = old ]; then
		fail crash-$run-saved-lost "the save was seen but the file is old"
		bad=1
		break
	fi
	# what the journal must offer: the edits since the save the files hold
	if [ $state = new ]; then
		sed '1,/^=$/d' "$TMPROOT/applied" >"$TMPROOT/want"
	else
		grep -v '^=$' "$TMPROOT/applied" >"$TMPROOT/want"
	fi
	[ $state = new ] && n_new=$((n_new + 1))
	cp "$TMPROOT/want" "$TMPROOT/want2"
	[ -n "$inflight" ] && [ "$(step_op $inflight)" != = ] && step_op $inflight >>"$TMPROOT/want2"
	launch r "$P"
	# the restart offers the edits (their question) or opens the workbench;
	# polled until it offers what it should, as the screen may be half drawn
	if ! poll offered_as_wanted; then
		fail crash-$run-offered "steps done $upto, in flight '$inflight', files $state; offered: $(tr '\n' '|' <"$TMPROOT/offered") wanted: $(tr '\n' '|' <"$TMPROOT/want2")"
		bad=1
		break
	fi
	n=$(wc -l <"$TMPROOT/offered")
	cmp -s "$TMPROOT/want" "$TMPROOT/want2" || ! cmp -s "$TMPROOT/offered" "$TMPROOT/want2" ||
		n_inflight=$((n_inflight + 1))
	[ "$n" -gt 0 ] && n_offered=$((n_offered + 1))
	if [ "$n" -gt 0 ]; then
		if [ $((run % 4)) = 0 ]; then # restore, then throw away on quit
			k r r Enter
			waitfor r "restored: " || { fail crash-$run-restore "$(scr r | tail -2)"; bad=1; break; }
			poll 'scr r | grep -q "restored: [0-9]* of the unsaved edits re-applied, [0-9]* already in the files, 0 dropped"' ||
				{ fail crash-$run-restore-counts "$(scr r | grep restored)"; bad=1; break; }
			n_restored=$((n_restored + 1))
			k r q
			waitfor r 'unsaved edits' && k r d
		else
			k r d Enter y Enter # the second line waits for the second question
			waitfor r '? help'
			reuse=r
		fi
	else
		reuse=r
	fi
	# the next run starts from the files as they are now
	if [ $state = new ]; then
		[ $script = A ] && script=B old=$h1 new=$h0 || script=A old=$h0 new=$h1
	fi
	if [ -n "$reuse" ]; then
		if ! poll '[ ! -e "$P/.samplan-journal" ] && scr r | grep -qF "? help"'; then
			fail crash-$run-restart "journal left: $([ -e "$P/.samplan-journal" ] && echo yes), $(scr r | tail -2)"
			bad=1
			break
		fi
		continue
	fi
	if [ "$(rc r)" != 0 ] || [ -e "$P/.samplan-journal" ] || [ -s "$TMPROOT/r.err" ]; then
		fail crash-$run-restart "exit '$(cat "$TMPROOT/r.rc" 2>/dev/null)', journal left: $([ -e "$P/.samplan-journal" ] && echo yes), $(cat "$TMPROOT/r.err")"
		bad=1
		break
	fi
	done_s r
done
t1=$(date +%s)
if [ -n "$reuse" ]; then # the last restart ends as any workbench
	k r q
	check crash-last-quit [ "$(rc r)" = 0 ]
	check crash-last-quit-stderr [ ! -s "$TMPROOT/r.err" ]
fi
echo "# $run crash runs in $((t1 - t0)) s: files saved (new) in $n_new, edits offered in $n_offered" \
	"(the edit in flight among them in $n_inflight), restored in $n_restored"
if [ $bad = 0 ]; then ok "crash-$RUNS-runs-every-edit-offered-files-whole"; fi

finish
