#!/bin/sh
# Text from files and from git never reaches a terminal or a pipe raw, and
# nothing in the plan's directory or the settings can hang samplan or be
# passed over in silence:
#  - diagnostics quoting a hostile id, status, group, horizon or year show
#    a bidi override (U+202E) as a mark, as do messages about the settings;
#    under LANG=C, '?' for what the locale cannot show;
#  - `samplan log` into a pipe writes C1 controls and format characters
#    from a commit subject as \uXXXX;
#  - a FIFO or a directory as the settings file, or in a plan file's
#    place, is said with what it is (and never waited on);
#  - a temporary beside a symlinked plan file's target, left by a save
#    killed at its rename, is removed by the next command;
#  - a commit on a detached HEAD is said before it is made;
#  - git ends when samplan is killed.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
RLO=$(printf '\342\200\256')   # U+202E RIGHT-TO-LEFT OVERRIDE
C1=$(printf '\302\233')        # U+009B CSI
NEL=$(printf '\302\205')       # U+0085 NEXT LINE

# --- diagnostics quoting file text: every kind of message ---------------
# hostile PLACE SED: a plan with SED applied to changes.yaml, checked
hostile() {
	hname=$1
	P=$(fresh_plan "hostile-$hname")
	sed -i "$2" "$P/changes.yaml"
	"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
	check "$hname-refused" [ "$rc" -ne 0 ]
	check "$hname-said" grep -q 'changes.yaml:[0-9]*:[0-9]*: ' "$err"
	check "$hname-no-raw-bidi" sh -c "! LC_ALL=C grep -q '$RLO' '$err'"
	check "$hname-mark" grep -q "$(printf '\357\277\275')" "$err"
}
hostile id "0,/^  - id: F1\$/s//  - id: F${RLO}1/"
hostile status "0,/^    status: ej-paborjad\$/s//    status: ej${RLO}paborjad/"
hostile group "0,/^    groups: \\[\\]\$/s//    groups: [fs${RLO}tod]/"
hostile horizon "0,/^    horizon: kort\$/s//    horizon: ko${RLO}rt/"
hostile year "0,/^    priority: \\[2025\\]\$/s//    priority: [20${RLO}25]/"
# under LANG=C: '?', as show prints it
P=$TMPROOT/hostile-status
LANG=C LC_ALL=C "$S" -C "$P" check >"$out" 2>"$err"
check c-locale-question grep -q "unknown status 'ej?paborjad'" "$err"
check c-locale-no-raw sh -c "! LC_ALL=C grep -q '$RLO' '$err'"
# a command line's own words quoted back, too
P=$(fresh_plan args)
"$S" -C "$P" set F1 "status=x${RLO}y" >"$out" 2>"$err"
check args-no-raw-bidi sh -c "grep -q 'unknown status' '$err' && ! LC_ALL=C grep -q '$RLO' '$err'"
# the settings file's messages
mkdir -p "$HOME/.config/samplan"
printf 'the%sme = mono\n' "$RLO" >"$HOME/.config/samplan/config"
printf 'auto_commit = true\n' >>"$HOME/.config/samplan/config"
"$S" -C "$P" set F2 status=klar >"$out" 2>"$err"
check config-said grep -q 'samplan/config:1:1: unknown setting' "$err"
check config-no-raw-bidi sh -c "! LC_ALL=C grep -q '$RLO' '$err'"
rm -f "$HOME/.config/samplan/config"

# --- git text into a pipe: log ------------------------------------------
P=$(fresh_plan log)
"$S" -C "$P" set F3 status=pagar >/dev/null 2>&1
git -C "$P" commit -q -am "Norr${C1}[2J: F3${NEL}p${RLO}gar"
"$S" -C "$P" log >"$out" 2>"$err"; rc=$?
check log-exit [ "$rc" -eq 0 ]
check log-no-raw sh -c "! LC_ALL=C grep -q -e '$RLO' -e '$C1' -e '$NEL' '$out'"
check log-escaped grep -qF 'Norr\u009b[2J: F3\u0085p\u202egar' "$out"
"$S" -C "$P" set F4 "notes=a${RLO}b" >"$out" 2>"$err"
check set-report-escaped grep -qF 'a\u202eb' "$out"

# --- a FIFO or a directory where a file should be -------------------------
P=$(fresh_plan fifo)
mkfifo "$HOME/.config/samplan/config"
timeout 10 "$S" -C "$P" set F1 status=klar >"$out" 2>"$err"; rc=$?
check config-fifo-no-hang [ "$rc" -ne 124 ]
check config-fifo-said grep -q 'settings file is a FIFO (named pipe), not a file' "$err"
rm -f "$HOME/.config/samplan/config"
mkdir "$HOME/.config/samplan/config"
"$S" -C "$P" set F2 status=klar >"$out" 2>"$err"
check config-dir-said grep -q 'settings file is a directory, not a file' "$err"
rmdir "$HOME/.config/samplan/config"
rm -f "$P/groups.yaml"
mkfifo "$P/groups.yaml"
timeout 10 "$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check plan-fifo-said sh -c "[ $rc -eq 1 ] && grep -q 'groups.yaml:1:1: groups.yaml is a FIFO (named pipe), not a plan file' '$err'"
rm -f "$P/groups.yaml"
mkdir "$P/groups.yaml"
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check plan-dir-said sh -c "[ $rc -eq 1 ] && grep -q 'groups.yaml:1:1: groups.yaml is a directory, not a plan file' '$err'"

# --- a temporary beside a symlinked file's target ------------------------
if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null -e inject=getpid:error=EIO:when=1 true 2>/dev/null; then
	P=$(fresh_plan link)
	mkdir -p "$TMPROOT/elsewhere"
	mv "$P/changes.yaml" "$TMPROOT/elsewhere/changes.yaml"
	ln -s "$TMPROOT/elsewhere/changes.yaml" "$P/changes.yaml"
	strace -f -qq -o /dev/null -e inject=rename,renameat2:signal=SIGKILL:when=1 \
		"$S" -C "$P" set F1 status=klar >/dev/null 2>&1
	check link-temporary-left sh -c "ls -A '$TMPROOT/elsewhere' | grep -q '^\\.samplan-tmp-'"
	"$S" -C "$P" check -q >/dev/null 2>&1
	check link-temporary-removed sh -c "! ls -A '$TMPROOT/elsewhere' | grep -q '^\\.samplan-tmp-'"
	check link-still-link [ -L "$P/changes.yaml" ]
else
	echo "skip link: strace with --inject is not installed"
fi

# --- a commit on a detached HEAD is said before it is made --------------
P=$(fresh_plan detached)
git -C "$P" checkout -q --detach
"$S" -C "$P" set F5 status=klar >/dev/null 2>&1
"$S" -C "$P" commit >"$out" 2>"$err"; rc=$?
check detached-said sh -c "[ $rc -eq 0 ] && grep -q 'HEAD is detached: the commit is made on no branch' '$err'"
P=$(fresh_plan attached)
"$S" -C "$P" set F5 status=klar >/dev/null 2>&1
"$S" -C "$P" commit >"$out" 2>"$err"
check attached-silent sh -c "! grep -q 'detached' '$err'"

# --- git ends when samplan is killed ------------------------------------
# a git that waits: its pid written where the test finds it
mkdir -p "$TMPROOT/bin"
cat >"$TMPROOT/bin/git" <<EOF
#!/bin/sh
echo \$\$ >"$TMPROOT/git.pid"
exec sleep 30
EOF
chmod +x "$TMPROOT/bin/git"
P=$(fresh_plan killgit)
PATH=$TMPROOT/bin:$PATH "$S" -C "$P" commit >/dev/null 2>&1 &
spid=$!
i=0
while [ ! -s "$TMPROOT/git.pid" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
gpid=$(cat "$TMPROOT/git.pid" 2>/dev/null)
kill -9 "$spid" 2>/dev/null
wait "$spid" 2>/dev/null
i=0
while [ -n "$gpid" ] && kill -0 "$gpid" 2>/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
check git-child-started [ -n "$gpid" ]
check git-child-ended sh -c "! kill -0 '$gpid' 2>/dev/null"
[ -n "$gpid" ] && kill "$gpid" 2>/dev/null

finish
