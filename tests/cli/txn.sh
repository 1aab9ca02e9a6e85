#!/bin/sh
# Nothing lost between two files or against another program (txn.h):
#  - fault injection (strace --inject) at every write, fsync, link,
#    rename, renameat2 and unlink of edits that rewrite two files (a group
#    renamed, a group deleted with --unassign, a status key renamed), with
#    an EIO and with a kill: after each, the plan is old or new, never
#    mixed, and what samplan said is true (exit 0: new; "nothing was
#    written": old, before anything else runs); the next command finishes
#    or undoes a save that was cut off, and leaves no intent or temporary;
#  - kill -9 at random moments of such edits (SAMPLAN_KILLS, 100 here;
#    tests/cli/txn.sh run with SAMPLAN_KILLS=1000 for the long loop);
#  - another program writing a plan file in place, or by a rename, at
#    random moments of a `set` (SAMPLAN_RACES, 100 here): its write is
#    never lost, and samplan's exit status says what happened.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
KILLS=${SAMPLAN_KILLS:-100}
RACES=${SAMPLAN_RACES:-100}

# A plan in which fstod is responsible for F1, lansdelsgrupper for F3,
# and F2 is Pågår: every edit below rewrites two files.
BASE=$TMPROOT/base
mkdir -p "$BASE"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$BASE"/
chmod u+w "$BASE"/*.yaml
"$S" -C "$BASE" set F1 groups=+fstod >/dev/null 2>&1
"$S" -C "$BASE" set F3 groups=+lansdelsgrupper >/dev/null 2>&1
"$S" -C "$BASE" set F2 status=pagar >/dev/null 2>&1

# the plan's three files, as one text, for comparing
files() { cat "$1/plan.yaml" "$1/groups.yaml" "$1/changes.yaml"; }
# state DIR: old, new or torn (against the edit's OLD and NEW)
state() {
	files "$1" >"$TMPROOT/now"
	if cmp -s "$TMPROOT/now" "$TMPROOT/old"; then echo old
	elif cmp -s "$TMPROOT/now" "$TMPROOT/new"; then echo new
	else echo torn
	fi
}
# leftovers DIR: the intent and temporaries found there (none is right)
leftovers() { ls -A "$1" | grep -E '^\.samplan-(save|tmp-)' | tr '\n' ' '; }

# edit N: the Nth edit's arguments
edit() {
	case $1 in
	1) echo "set group:fstod id=fstod2" ;;
	2) echo "delete group:lansdelsgrupper --unassign" ;;
	3) echo "set status:pagar key=pagaende" ;;
	esac
}

# prepare N: OLD and NEW of edit N, from a clean run
prepare() {
	files "$BASE" >"$TMPROOT/old"
	rm -rf "$TMPROOT/clean"
	cp -a "$BASE" "$TMPROOT/clean"
	# shellcheck disable=SC2046
	"$S" -C "$TMPROOT/clean" $(edit "$1") >/dev/null 2>&1
	files "$TMPROOT/clean" >"$TMPROOT/new"
	cmp -s "$TMPROOT/old" "$TMPROOT/new" && echo "# edit $1 changes nothing?"
	# two files, as the test means
	nfiles=0
	for f in plan.yaml groups.yaml changes.yaml; do
		cmp -s "$BASE/$f" "$TMPROOT/clean/$f" || nfiles=$((nfiles + 1))
	done
	[ "$nfiles" -eq 2 ] || echo "# edit $1 changes $nfiles files, not 2"
}

W=$TMPROOT/work
torn=0 lies=0 stuck=0 runs=0
# try N SYSCALL ACTION K: edit N with the Kth SYSCALL failing (ACTION:
# error=EIO or signal=KILL); returns 1 when no Kth call came.
try() {
	rm -rf "$W"
	cp -a "$BASE" "$W"
	# shellcheck disable=SC2046
	strace -f -qq -o "$TMPROOT/strace" -e trace="$2" -e inject="$2:$3:when=$4" \
		"$S" -C "$W" $(edit "$1") >"$TMPROOT/out" 2>"$TMPROOT/err"
	rc=$?
	grep -q 'INJECTED\|killed by SIGKILL' "$TMPROOT/strace" || return 1
	runs=$((runs + 1))
	[ -n "${SAMPLAN_TXN_VERBOSE-}" ] && echo "# edit $1 $2 $3 when=$4: exit $rc, $(state "$W")"
	st=$(state "$W")
	# what samplan said is true, before anything else touches the files
	if [ "$rc" -eq 0 ] && [ "$st" != new ]; then
		lies=$((lies + 1)); echo "# edit $1 $2 $3 when=$4: exit 0, but the plan is $st"
	fi
	if grep -q 'nothing was written' "$TMPROOT/err" && [ "$st" != old ]; then
		lies=$((lies + 1)); echo "# edit $1 $2 $3 when=$4: 'nothing was written', but the plan is $st"
	fi
	# the next command finds the plan whole
	"$S" -C "$W" check -q >"$TMPROOT/out2" 2>"$TMPROOT/err2"
	crc=$?
	st=$(state "$W")
	if [ "$crc" -ne 0 ] || [ "$st" = torn ]; then
		torn=$((torn + 1)); echo "# edit $1 $2 $3 when=$4: after it, check says $crc and the plan is $st: $(head -c 300 "$TMPROOT/err2")"
	fi
	left=$(leftovers "$W")
	if [ -n "$left" ]; then
		stuck=$((stuck + 1)); echo "# edit $1 $2 $3 when=$4: left behind: $left"
	fi
	return 0
}

if command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null -e inject=getpid:error=EIO:when=1 true 2>/dev/null; then
	for n in 1 2 3; do
		prepare "$n"
		for sc in write writev fsync link renameat2 rename unlink; do
			for action in error=EIO signal=SIGKILL; do
				k=1
				while [ $k -le 40 ] && try "$n" "$sc" "$action" "$k"; do
					k=$((k + 1))
				done
			done
		done
	done
	echo "# fault injection: $runs runs, $torn torn, $lies untrue, $stuck left behind"
	check faults-ran [ "$runs" -gt 60 ]
	check faults-never-torn [ "$torn" -eq 0 ]
	check faults-said-true [ "$lies" -eq 0 ]
	check faults-nothing-left [ "$stuck" -eq 0 ]
else
	echo "skip faults: strace with --inject is not installed"
fi

# --- kill -9 at random moments: 0 torn --------------------------------------
# The moments are spread over a whole run of the edit (measured first), so
# that kills land in its reading, its writing and its renames; only the
# kills that found samplan still running count.
for n in 1 2 3; do
	prepare "$n"
	cp "$TMPROOT/old" "$TMPROOT/old.$n"
	cp "$TMPROOT/new" "$TMPROOT/new.$n"
done
rm -rf "$W"
cp -a "$BASE" "$W"
t0=$(date +%s%N)
"$S" -C "$W" $(edit 1) >/dev/null 2>&1
span=$((($(date +%s%N) - t0) / 1000))  # microseconds
[ "$span" -gt 0 ] || span=20000
torn=0 stuck=0 killed=0 i=0
while [ "$killed" -lt "$KILLS" ] && [ $i -lt $((KILLS * 20)) ]; do
	n=$((i % 3 + 1))
	cp "$TMPROOT/old.$n" "$TMPROOT/old"
	cp "$TMPROOT/new.$n" "$TMPROOT/new"
	rm -rf "$W"
	cp -a "$BASE" "$W"
	# shellcheck disable=SC2046
	"$S" -C "$W" $(edit "$n") >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v s="$i" -v span="$span" 'BEGIN { srand(s); printf "%.6f", rand() * span / 1e6 }')"
	kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
	wait "$pid" 2>/dev/null
	"$S" -C "$W" check -q >/dev/null 2>"$TMPROOT/err2"
	crc=$?
	st=$(state "$W")
	if [ "$crc" -ne 0 ] || [ "$st" = torn ]; then
		torn=$((torn + 1)); echo "# kill $i (edit $n): check $crc, the plan $st: $(head -c 300 "$TMPROOT/err2")"
	fi
	left=$(leftovers "$W")
	if [ -n "$left" ]; then
		stuck=$((stuck + 1)); echo "# kill $i: left behind: $left"
	fi
	i=$((i + 1))
done
echo "# kill -9: $killed kills in $i runs (a run takes ${span} µs), $torn torn, $stuck left behind"
check kills-enough [ "$killed" -ge "$KILLS" ]
check kills-never-torn [ "$torn" -eq 0 ]
check kills-nothing-left [ "$stuck" -eq 0 ]

# --- another program writes while samplan saves: its write is never lost -
lost=0 wrong=0 i=0 retried=0
while [ $i -lt "$RACES" ]; do
	rm -rf "$W"
	cp -a "$BASE" "$W"
	mode=inplace
	[ $((i % 2)) -eq 1 ] && mode=rename
	"$S" -C "$W" set F5 status=klar >"$TMPROOT/out" 2>"$TMPROOT/err" &
	pid=$!
	sleep "0.0$(awk -v s="$i" 'BEGIN { srand(s + 7); printf "%02d", int(rand() * 20) }')"
	if [ $mode = inplace ]; then
		printf '# writer %s\n' "$i" >>"$W/changes.yaml"
	else
		cp "$W/changes.yaml" "$W/theirs.tmp"
		printf '# writer %s\n' "$i" >>"$W/theirs.tmp"
		mv "$W/theirs.tmp" "$W/changes.yaml"
	fi
	wait "$pid"
	rc=$?
	grep -q 'made again' "$TMPROOT/err" && retried=$((retried + 1))
	if ! grep -qx "# writer $i" "$W/changes.yaml"; then
		lost=$((lost + 1)); echo "# race $i ($mode): the other write is lost (samplan: $rc)"
	fi
	# samplan's exit status says what happened: 0, its edit is in the file
	# (when the other program wrote in place, on top of the file samplan
	# wrote); else it says it wrote nothing, and nothing of it is there
	has=$(sed -n '/^  - id: F5$/,/^  - id: F6$/p' "$W/changes.yaml" | grep -c '^    status: klar$')
	if [ "$rc" -eq 0 ] && [ $mode = inplace ] && [ "$has" -ne 1 ]; then
		wrong=$((wrong + 1)); echo "# race $i ($mode): exit 0 but the edit is not there"
	fi
	if [ "$rc" -ne 0 ] && { [ "$has" -ne 0 ] || ! grep -q 'nothing was written' "$TMPROOT/err"; }; then
		wrong=$((wrong + 1)); echo "# race $i ($mode): exit $rc: $(cat "$TMPROOT/err")"
	fi
	"$S" -C "$W" check -q >/dev/null 2>&1 || { wrong=$((wrong + 1)); echo "# race $i: the plan does not load"; }
	i=$((i + 1))
done
echo "# another program's writes: $RACES races, $lost lost, $wrong misreported, $retried edits made again"
check races-none-lost [ "$lost" -eq 0 ]
check races-status-true [ "$wrong" -eq 0 ]

finish
