#!/bin/sh
# bench/run.sh — what `make bench` runs: samplan against the floor.
#
# Usage: bench/run.sh SAMPLAN_BINARY BUILD_BENCH_DIR
#
# BUILD_BENCH_DIR holds the built genplan, floor and measure; the synthetic
# plans go to BUILD_BENCH_DIR/out/.  For each size the plan is generated anew
# (genplan is deterministic), the page cache warmed, every command run once
# untimed (so a failing command stops the bench with its own message), and
# then RUNS rounds are timed, each round every command of COMMANDS right
# after a floor run of its own:
#
#     floor, check, floor, list, floor, set, floor, set-group,
#     floor, print-text, floor, print-markdown, floor, print-html
#
# so that every samplan run sits next to a floor run and machine noise falls
# on both alike.  `set` alternates pagar/klar on the middle change, so every
# run really changes and writes the file.  Per command the median wall time
# over the rounds is shown, and the ratio is the median over the rounds of
# (the command's time / the time of the floor run just before it): a machine
# that runs fast for a while and slow for a while (seen here: the same
# binary 65 ms, then 98 ms) then changes both of a pair alike, where a ratio
# of two medians would mix the two speeds.  Peak memory is the largest
# ru_maxrss of any run of that command.  The targets are checked at 10,000
# changes.
#
# Then the activity plan: a plan of 10,000 changes and ACTIVITIES
# activities with 3 follow-ups each, in rounds of
#
#     floor, check, floor, set-followup, floor, print-followup
#
# (set-followup: `set followup:A<ACTIVITIES/2>/2025-soder done=...`,
# persisted; print-followup: `print --report=followup --year=2025`), with
# its own targets, peak memory against the files' size.
#
# Environment (all optional):
#   BENCH_SIZES      sizes to measure         (default "100 1000 10000 100000")
#   BENCH_RUNS       rounds per size          (default 11)
#   BENCH_RUNS_BIG   rounds at >= 100,000     (default 5)
#   BENCH_ACTIVITIES activities in the activity plan (default 30000; 0: not
#                    measured)
set -eu

LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE || :

# The commands timed, in the order of a round (see run_command).
COMMANDS="check list set set-group delete add print-text print-markdown print-html"

# The targets at TARGET_SIZE changes: "command:limit", the limit a multiple
# of the floor's time, or of LIMIT_PEAK_KB for "command:peak".
TARGET_SIZE=10000
LIMIT_PEAK_KB=12288 # 12 MiB
TARGETS="check:1.3 set:1.4 set-group:1.5 delete:1.5 add:1.5 print-text:2.0 print-markdown:2.0
print-html:2.0 check:peak list:peak set:peak set-group:peak"
# Targets at other sizes, as N=COMMAND:LIMIT,...: an edit costs in
# proportion to the edit, at any size.  (At 1,000 changes an edit's safe
# write, two fsyncs among it, is a quarter of a 4.2 ms floor: add there
# runs 1.25 to 1.35 x on a quiet machine, more while another program
# compiles.)
MORE_TARGETS="1000=add:1.5 100000=set:1.4,delete:1.5,add:1.5"
# The activity plan's commands and targets; peak memory as a multiple of
# the files' size.
ACT_COMMANDS="check set-followup print-followup"
ACT_FOLLOWUPS=3
ACT_TARGETS="check:1.3 set-followup:1.5 print-followup:2.0 check:files4 set-followup:files4
print-followup:files4"
# The merge driver: one merge-file of changes.yaml at TARGET_SIZE changes
# with one edit on each side, against the floor of that plan (which its
# changes.yaml is nearly all of); the driver reads three versions.
MERGE_COMMANDS="merge-file"
MERGE_TARGETS="merge-file:3.5"
# sync with nothing to do, against git's own fetch of the same remote (its
# "floor"): at most 50 ms more.
SYNC_TARGETS="sync:50ms"
# One change's history: log F3 on HIST_SIZE changes and HIST_COMMITS
# commits (one in four edits F3), against git cat-file --batch of the same
# revisions' files (its "floor"); and its peak memory.
HIST_SIZE=1000
HIST_COMMITS=400
HIST_TARGETS="log:1.5 log:peak"
LIMIT_HIST_HEAP=3 # log's own heap <= 3 x one plan's files

die() {
	echo "bench: $*" >&2
	exit 2
}

[ $# -eq 2 ] || die "usage: run.sh SAMPLAN_BINARY BUILD_BENCH_DIR"
SAMPLAN=$1
BENCH=$2
GENPLAN=$BENCH/genplan
FLOOR=$BENCH/floor
MEASURE=$BENCH/measure
OUT=$BENCH/out
. "$(dirname "$0")/stats.sh"

for prog in "$SAMPLAN" "$GENPLAN" "$FLOOR" "$MEASURE" "$BENCH/mergepairs"; do
	[ -x "$prog" ] || die "$prog: no such program (run 'make bench' to build it)"
done

SIZES=${BENCH_SIZES:-"100 1000 10000 100000"}
RUNS=${BENCH_RUNS:-11}
RUNS_BIG=${BENCH_RUNS_BIG:-5}
ACTIVITIES=${BENCH_ACTIVITIES:-30000}
case $RUNS$RUNS_BIG$ACTIVITIES in
*[!0-9]*) die "BENCH_RUNS, BENCH_RUNS_BIG and BENCH_ACTIVITIES must be numbers" ;;
esac
# in decimal, whatever leading zeros they have ("010" is ten, not eight)
RUNS=$(echo "$RUNS" | sed 's/^0*\(.\)/\1/')
RUNS_BIG=$(echo "$RUNS_BIG" | sed 's/^0*\(.\)/\1/')
ACTIVITIES=$(echo "$ACTIVITIES" | sed 's/^0*\(.\)/\1/')
if [ "$RUNS" -lt 1 ] || [ "$RUNS_BIG" -lt 1 ]; then
	die "BENCH_RUNS and BENCH_RUNS_BIG must be at least 1"
fi

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd -P) # absolute: git takes no relative ceiling (below)

# The plans are no git repository; neither is any directory above them, so a
# build tree inside a checkout does not make print's footer ask git more.
GIT_CEILING_DIRECTORIES=$OUT
export GIT_CEILING_DIRECTORIES

# timed NAME FILE PROG ARGS...: one timed run, appended to FILE as
# "NAME ms min_ms peak_kb".
timed() {
	t_name=$1
	t_file=$2
	shift 2
	t_line=$("$MEASURE" -n 1 -- "$@") || die "$t_name failed: $*"
	echo "$t_name $t_line" >>"$t_file"
}

# run_command NAME [PREFIX...]: runs command NAME of COMMANDS on the plan in
# $dir as "PREFIX... samplan ARGS" (no prefix: just runs it).  `set` sets
# the middle change $mid to status $key; `set-group` a group's lead (in
# groups.yaml) to a name with $key in it, so that it too changes every run;
# `delete` deletes F$del, the next one each time (F1, F2, ...; never the
# middle one), and `add` adds a change at the end.
run_command() {
	r_name=$1
	shift
	case $r_name in
	check | list) "$@" "$SAMPLAN" -C "$dir" "$r_name" ;;
	set) "$@" "$SAMPLAN" -C "$dir" set "$mid" "status=$key" ;;
	set-group) "$@" "$SAMPLAN" -C "$dir" set group:g2 "lead=Lead $key" ;;
	delete)
		"$@" "$SAMPLAN" -C "$dir" delete "F$del"
		del=$((del + 1))
		;;
	add) "$@" "$SAMPLAN" -C "$dir" add "text=Ny förändring $key" 2>/dev/null ;;
	set-followup) "$@" "$SAMPLAN" -C "$dir" set "followup:$amid/2025-soder" "done=Genomfört $key" ;;
	print-followup) "$@" "$SAMPLAN" -C "$dir" print --report=followup --year=2025 ;;
	print-*) "$@" "$SAMPLAN" -C "$dir" print "--format=${r_name#print-}" ;;
	merge-file)
		cp "$MERGE/ours0" "$MERGE/ours" &&
			"$@" "$SAMPLAN" merge-file "$MERGE/base" "$MERGE/ours" "$MERGE/theirs" changes.yaml
		;;
	*) die "unknown command $r_name" ;;
	esac
}

echo "samplan bench: $(nproc 2>/dev/null || echo '?') cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "samplan: $SAMPLAN"
echo "median wall time of $RUNS rounds ($RUNS_BIG from 100,000 changes), each: floor before every one of"
echo "  $COMMANDS"
echo "(x fl) = median over the rounds of the command's time / the floor run's just before"
echo
printf '%8s %8s  %-15s %9s %7s %9s\n' changes "files MB" command ms "(x fl)" "peak MiB"

# summarize LABEL N BYTES FLOOR_WORD NAMES: the medians of the runs in
# $res for the floor and NAMES into $OUT/medians-LABEL.txt, one line
# "size bytes name median_ms peak_kb ratio" each, and printed as lines of
# the table (the floor named FLOOR_WORD).
summarize() {
	s_sum=$OUT/medians-$1.txt
	s_n=$2
	s_bytes=$3
	s_floor=$4
	shift 4
	: >"$s_sum"
	for c in floor "$@"; do
		echo "$s_n $s_bytes $c $(median_peak "$c" "$res")" >>"$s_sum"
	done
	awk -v fw="$s_floor" '
		{
			ratio = $3 == "floor" ? "" : sprintf("(%4.2f)", $6)
			printf "%8d %8.2f  %-15s %9.1f %7s %9.1f\n", $1, $2 / 1e6, $3 == "floor" ? fw : $3,
				$4, ratio, $5 / 1024
		}' "$s_sum"
}

# measure N LABEL COMMANDS: times COMMANDS (a list of run_command's names)
# on the plan in $dir of N changes, $runs rounds; writes the medians to
# $OUT/medians-LABEL.txt and prints them as lines of the table.
measure() {
	m_n=$1
	m_label=$2
	m_commands=$3
	bytes=$(cat "$dir"/*.yaml | wc -c)
	mid=F$(((m_n + 1) / 2))
	del=1

	# Warm the page cache (and the binaries), and make sure every command
	# works on this plan before timing it.  The untimed set leaves the middle
	# change at klar, so the first timed set (pagar) changes it.
	cat "$dir"/*.yaml "$SAMPLAN" "$FLOOR" >/dev/null
	"$FLOOR" "$dir" || die "floor fails on $dir"
	key=klar
	for c in $m_commands; do
		run_command "$c" >/dev/null || die "'$c' fails on the generated plan $dir"
	done

	res=$OUT/times-$m_label.txt
	: >"$res"
	r=1
	while [ "$r" -le "$runs" ]; do
		if [ $((r % 2)) -eq 1 ]; then key=pagar; else key=klar; fi
		for c in $m_commands; do
			timed floor "$res" "$FLOOR" "$dir"
			run_command "$c" timed "$c" "$res"
		done
		r=$((r + 1))
	done

	# shellcheck disable=SC2086 # the commands are words
	summarize "$m_label" "$m_n" "$bytes" floor $m_commands
}

for n in $SIZES; do
	case $n in '' | *[!0-9]*) die "BENCH_SIZES: '$n' is not a number" ;; esac
	dir=$OUT/plan-$n
	rm -rf "$dir"
	"$GENPLAN" "$n" "$dir" || die "genplan $n failed"
	runs=$RUNS
	[ "$n" -lt 100000 ] || runs=$RUNS_BIG
	measure "$n" "$n" "$COMMANDS"
done

if [ "$ACTIVITIES" -gt 0 ]; then
	echo
	echo "the activity plan: $TARGET_SIZE changes, $ACTIVITIES activities with $ACT_FOLLOWUPS follow-ups each"
	dir=$OUT/plan-activities
	rm -rf "$dir"
	"$GENPLAN" "$TARGET_SIZE" "$dir" "$ACTIVITIES" "$ACT_FOLLOWUPS" || die "genplan of the activity plan failed"
	amid=A$(((ACTIVITIES + 1) / 2))
	runs=$RUNS
	measure "$TARGET_SIZE" activities "$ACT_COMMANDS"
fi

case " $SIZES " in
*" $TARGET_SIZE "*)
	echo
	echo "the merge driver: changes.yaml of $TARGET_SIZE changes, F$((TARGET_SIZE / 3)) edited by ours, F$((2 * TARGET_SIZE / 3)) by theirs"
	dir=$OUT/plan-$TARGET_SIZE
	MERGE=$OUT/merge
	rm -rf "$MERGE"
	mkdir -p "$MERGE/o" "$MERGE/t"
	cp "$dir"/*.yaml "$MERGE/o/"
	cp "$dir"/*.yaml "$MERGE/t/"
	cp "$dir/changes.yaml" "$MERGE/base"
	"$SAMPLAN" -C "$MERGE/o" set "F$((TARGET_SIZE / 3))" "notes=Ours" >/dev/null 2>&1 &&
		"$SAMPLAN" -C "$MERGE/t" set "F$((2 * TARGET_SIZE / 3))" "notes=Theirs" >/dev/null 2>&1 &&
		! cmp -s "$MERGE/o/changes.yaml" "$dir/changes.yaml" && ! cmp -s "$MERGE/t/changes.yaml" "$dir/changes.yaml" ||
		die "the merge's two edits failed"
	cp "$MERGE/o/changes.yaml" "$MERGE/ours0"
	cp "$MERGE/t/changes.yaml" "$MERGE/theirs"
	runs=$RUNS
	measure "$TARGET_SIZE" merge "$MERGE_COMMANDS"
	grep -q '^    notes: "\{0,1\}Ours"\{0,1\}$' "$MERGE/ours" &&
		grep -q '^    notes: "\{0,1\}Theirs"\{0,1\}$' "$MERGE/ours" ||
		die "merge-file did not merge the two edits"

	echo
	echo "random pairs of edit sequences on the shipped plan (tests/unit/pairs.h), each merged by"
	echo "git's line merge and by the driver: pairs left in conflict"
	PAIRS_LINE=$("$BENCH/mergepairs" "$(cd "$(dirname "$0")/.." && pwd)" "${BENCH_PAIRS:-1000}") ||
		[ -n "$PAIRS_LINE" ] || die "mergepairs failed"
	echo "$PAIRS_LINE" | awk '{ printf "  %d pairs: git %d, the driver %d (%d set one field two ways; the rest\n  deleted or moved what the other edited, or added one record two ways)\n", $2, $4, $6, $8 }'
	echo
	echo "sync with nothing to do: the $TARGET_SIZE-change plan in a clone of a bare remote, against git fetch"
	SYNC=$OUT/sync
	rm -rf "$SYNC"
	mkdir -p "$SYNC/seed"
	cp "$dir"/*.yaml "$SYNC/seed/"
	(
		cd "$SYNC/seed" && git init -q && git add -A &&
			git -c user.name=bench -c user.email=bench@example.org commit -q -m plan &&
			git clone -q --bare . ../remote.git && git clone -q ../remote.git ../clone
	) >/dev/null 2>&1 || die "cannot make the sync's repositories (is git installed?)"
	"$SAMPLAN" -C "$SYNC/clone" sync >/dev/null 2>&1 || die "sync fails on $SYNC/clone"
	res=$OUT/times-sync.txt
	: >"$res"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		timed floor "$res" git -C "$SYNC/clone" fetch -q origin
		timed sync "$res" "$SAMPLAN" -C "$SYNC/clone" sync
		r=$((r + 1))
	done
	summarize sync "$TARGET_SIZE" "$(cat "$dir"/*.yaml | wc -c)" "git fetch" sync

	echo
	echo "one change's history: log F3 on $HIST_SIZE changes and $HIST_COMMITS commits, against git cat-file --batch of their files"
	HIST=$OUT/history
	rm -rf "$HIST"
	"$GENPLAN" "$HIST_SIZE" "$HIST" >/dev/null || die "genplan $HIST_SIZE failed"
	(
		cd "$HIST" && git init -q && git add -A &&
			git -c user.name=bench -c user.email=bench@example.org commit -q -m plan
	) >/dev/null 2>&1 || die "cannot make the history's repository (is git installed?)"
	i=1
	while [ "$i" -le "$HIST_COMMITS" ]; do
		# every fourth commit edits F3; the others its neighbours
		if [ $((i % 4)) -eq 0 ]; then c=F3; else c=F$((i % 50 + 1)); fi
		"$SAMPLAN" -C "$HIST" set "$c" "notes=Runda $i" >/dev/null 2>&1 &&
			git -C "$HIST" -c user.name=bench -c user.email=bench@example.org \
				commit -q -am "round $i" >/dev/null 2>&1 || die "cannot make commit $i of the history"
		i=$((i + 1))
	done
	git -C "$HIST" log --format=%H -- changes.yaml |
		awk '{ print $1 ":./plan.yaml"; print $1 ":./groups.yaml"; print $1 ":./changes.yaml";
			print $1 ":./activities.yaml" }' >"$OUT/history-blobs.in"
	"$SAMPLAN" -C "$HIST" log F3 >/dev/null || die "log fails on $HIST"
	res=$OUT/times-history.txt
	: >"$res"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		timed floor "$res" sh -c "git -C '$HIST' cat-file --batch <'$OUT/history-blobs.in' >/dev/null"
		timed log "$res" "$SAMPLAN" -C "$HIST" log F3
		r=$((r + 1))
	done
	summarize history "$HIST_SIZE" "$(cat "$HIST"/*.yaml | wc -c)" "git cat-file" log
	;;
esac

echo
echo "raw times: $OUT/times-*.txt"
# targets SUMFILE TARGETS: checks "command:limit" entries against the
# medians in SUMFILE; the limit a multiple of the floor, "peak" (at most
# LIMIT_PEAK_KB) or "files4" (at most 4 times the files' size).  Prints a
# line per target; status 1 when any is missed.
targets() {
	echo "$2" | tr ' ' '\n' | awk -v lp="$LIMIT_PEAK_KB" -v sum="$1" '
	function verdict(ok) { if (!ok) failed++; return ok ? "PASS" : "FAIL" }
	BEGIN {
		while ((getline line < sum) > 0) {
			split(line, f, " ")
			ms[f[3]] = f[4]
			peak[f[3]] = f[5]
			ratio[f[3]] = f[6]
			bytes = f[2]
		}
		fl = ms["floor"]
	}
	NF {
		split($0, t, ":")
		c = t[1]
		if (!(c in ms)) {
			printf "  %-32s no figures  FAIL\n", c
			failed++
		} else if (t[2] == "peak")
			printf "  %-32s %6.1f MiB  %s\n", c " peak <= " lp / 1024 " MiB", peak[c] / 1024,
				verdict(peak[c] <= lp)
		else if (t[2] ~ /ms$/)
			printf "  %-32s %6.1f ms more (medians %.1f / %.1f ms)  %s\n",
				c " <= fetch + " t[2] + 0 " ms", ms[c] - fl, ms[c], fl, verdict(ms[c] - fl <= t[2] + 0)
		else if (t[2] == "files4")
			printf "  %-32s %6.1f MiB, %.2f x the files (%.1f MB)  %s\n", c " peak <= 4 x files",
				peak[c] / 1024, peak[c] * 1024 / bytes, bytes / 1e6,
				verdict(peak[c] * 1024 <= 4 * bytes)
		else
			printf "  %-32s %6.2f x floor (medians %.1f / %.1f ms)  %s\n",
				c " <= " t[2] " x floor", ratio[c], ms[c], fl, verdict(ratio[c] <= t[2])
	}
	END { exit failed ? 1 : 0 }'
}

missed=0
case " $SIZES " in
*" $TARGET_SIZE "*)
	echo "targets at $TARGET_SIZE changes:"
	targets "$OUT/medians-$TARGET_SIZE.txt" "$TARGETS" || missed=1
	;;
*) echo "targets: not checked ($TARGET_SIZE changes not among BENCH_SIZES)" ;;
esac
for spec in $MORE_TARGETS; do
	n=${spec%%=*}
	case " $SIZES " in
	*" $n "*)
		echo "targets at $n changes:"
		targets "$OUT/medians-$n.txt" "$(echo "${spec#*=}" | tr ',' ' ')" || missed=1
		;;
	esac
done
if [ "$ACTIVITIES" -gt 0 ]; then
	echo "targets of the activity plan ($ACTIVITIES activities):"
	targets "$OUT/medians-activities.txt" "$ACT_TARGETS" || missed=1
fi
case " $SIZES " in
*" $TARGET_SIZE "*)
	echo "targets of the merge driver:"
	targets "$OUT/medians-merge.txt" "$MERGE_TARGETS" || missed=1
	echo "targets of the random pairs:"
	echo "$PAIRS_LINE" | awk '
		function verdict(ok) { if (!ok) failed++; return ok ? "PASS" : "FAIL" }
		{
			printf "  %-32s %6d  %s\n", "pairs apart in conflict == 0", $10, verdict($10 == 0)
			printf "  %-32s %6d  %s\n", "promises broken == 0", $12, verdict($12 == 0)
			printf "  %-32s %6d  %s\n", "driver conflicts <= git'"'"'s", $6, verdict($6 <= $4)
		}
		END { exit failed ? 1 : 0 }' || missed=1
	echo "targets of sync:"
	targets "$OUT/medians-sync.txt" "$SYNC_TARGETS" || missed=1
	echo "targets of one change's history:"
	targets "$OUT/medians-history.txt" "$HIST_TARGETS" || missed=1
	# what samplan itself holds (its git processes' memory, which wait4's
	# peak above includes, apart): valgrind's massif, heap and its
	# overhead at the peak, against one plan's files
	if command -v valgrind >/dev/null 2>&1; then
		valgrind --tool=massif --massif-out-file="$OUT/massif-history.out" -- \
			"$SAMPLAN" -C "$OUT/history" log F3 >/dev/null 2>&1 || die "log under massif failed"
		bytes=$(cat "$OUT"/history/*.yaml | wc -c)
		awk -F= -v b="$bytes" -v l="$LIMIT_HIST_HEAP" '
			$1 == "mem_heap_B" { h = $2 } $1 == "mem_heap_extra_B" { if (h + $2 > peak) peak = h + $2 }
			END {
				ok = peak <= l * b
				printf "  %-32s %6.2f x (%d of %d bytes)  %s\n", "log heap <= " l " x one plan'"'"'s files",
					peak / b, peak, b, ok ? "PASS" : "FAIL"
				exit ok ? 0 : 1
			}' "$OUT/massif-history.out" || missed=1
	else
		printf '  %-32s %s\n' "log heap <= $LIMIT_HIST_HEAP x files" "SKIP (no valgrind)"
	fi
	;;
esac
if [ "$missed" -ne 0 ]; then
	echo "bench: target(s) missed"
	exit 1
fi
echo "bench: all targets met"
