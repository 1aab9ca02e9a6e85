#!/bin/sh
# bench/tui.sh — what `make bench` runs after run.sh: the workbench's speed
# (the "Speed" targets of the TUI issue), always under a pseudo-terminal
# (bench/ptyrun, 100x30, TERM=xterm-256color), never with sleeps.
#
# Usage: bench/tui.sh SAMPLAN_BINARY BUILD_BENCH_DIR
#
# 1. First paint: at 10,000 changes, RUNS rounds of
#        floor, samplan -C DIR  (SAMPLAN_BENCH_EXIT_AFTER_PAINT=1)
#    where the workbench leaves right after its first full paint; the ratio
#    is the median of paint / the floor run before it (stats.sh).
# 2. Instructions per keystroke: under valgrind's callgrind (repeatable,
#    unlike time), the workbench is started on plans of 100 and 100,000
#    changes and typed 'q' alone, and KEYS times 'j' then 'q'.  The
#    difference of the two instruction counts (Ir), divided by KEYS, is what
#    one 'j' (move down one line and repaint) costs.  The ratio of the
#    figures at 100,000 and at 100 changes is checked.  Without valgrind
#    this target is SKIPped, not failed.
# 2b. A search that finds nothing: the Ir per 'n' (search again) at 100,000
#    changes is within twice that at 100 plus one per byte of changes.yaml.
# 3. The activity plan: the first paint at 10,000 changes and 30,000
#    activities with 3 follow-ups each, as in 1; and the Ir per 'j' in the
#    Activities view (typed '6' first) on plans of 100 changes with 100 and
#    with 100,000 activities (one follow-up each), as in 2.
# 4. A status set and saved ('s3w': F1's status to the third, then save):
#    its Ir (that of 's3w' then 'q', less that of 'q' alone) at 100,000
#    changes within 3 x that at 100; and at 10,000 and 100,000 changes, over
#    RUNS rounds each on a fresh copy of the plan, the median of its CPU
#    time (that of 's3wq' less that of 'q') over the CPU time of the command
#    line's `samplan set F1 status=klar`, which must read the plan first,
#    at most 0.4, and the peak memory of 's3wq' at most 1.2 x that of 'q'.
#
# Environment (all optional):
#   BENCH_RUNS   rounds of the first-paint target  (default 11)
#   BENCH_KEYS   keystrokes for callgrind          (default 90; keep it below
#                100, so every j at 100 changes really moves)
set -eu

LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE || :

PAINT_SIZE=10000
LIMIT_PAINT=1.5    # first paint <= 1.5 x floor
KEY_SMALL=100
KEY_BIG=100000
LIMIT_KEY=1.1      # Ir per 'j' at 100,000 <= 1.1 x the same at 100
PAINT_ACTIVITIES=30000

die() {
	echo "bench: $*" >&2
	exit 2
}

[ $# -eq 2 ] || die "usage: tui.sh SAMPLAN_BINARY BUILD_BENCH_DIR"
SAMPLAN=$1
BENCH=$2
GENPLAN=$BENCH/genplan
FLOOR=$BENCH/floor
MEASURE=$BENCH/measure
PTYRUN=$BENCH/ptyrun
OUT=$BENCH/out
. "$(dirname "$0")/stats.sh"

for prog in "$SAMPLAN" "$GENPLAN" "$FLOOR" "$MEASURE" "$PTYRUN"; do
	[ -x "$prog" ] || die "$prog: no such program (run 'make bench' to build it)"
done

RUNS=${BENCH_RUNS:-11}
KEYS=${BENCH_KEYS:-90}
case $RUNS$KEYS in *[!0-9]*) die "BENCH_RUNS and BENCH_KEYS must be numbers" ;; esac
if [ "$RUNS" -lt 1 ] || [ "$KEYS" -lt 1 ]; then
	die "BENCH_RUNS and BENCH_KEYS must be at least 1"
fi
mkdir -p "$OUT"

# plan N [ACTIVITIES FOLLOWUPS]: generates the workbench's own copy of the
# N-change plan (run.sh's copies have had their middle change set), with
# that many activities, and prints its directory.
plan() {
	p_dir=$OUT/tui-plan-$1${2:+-$2-$3}
	rm -rf "$p_dir"
	"$GENPLAN" "$1" "$p_dir" ${2:+"$2" "$3"} >/dev/null || die "genplan $* failed"
	echo "$p_dir"
}

failed=0

echo "samplan workbench bench: under a pty of 100x30, TERM=xterm-256color"

# --- 1. start to first full paint -------------------------------------------
# paint DIR WHAT: the first-paint target on the plan in DIR (WHAT names it).
paint() {
	dir=$1
	cat "$dir"/*.yaml "$SAMPLAN" "$FLOOR" >/dev/null
	"$FLOOR" "$dir" || die "floor fails on $dir"
	SAMPLAN_BENCH_EXIT_AFTER_PAINT=1 "$PTYRUN" -- "$SAMPLAN" -C "$dir" ||
		die "the workbench fails on $dir (SAMPLAN_BENCH_EXIT_AFTER_PAINT=1)"
	res=$OUT/times-tui-paint-$(basename "$dir").txt
	: >"$res"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		t=$("$MEASURE" -n 1 -- "$FLOOR" "$dir") || die "floor failed"
		echo "floor $t" >>"$res"
		t=$(SAMPLAN_BENCH_EXIT_AFTER_PAINT=1 "$PTYRUN" -n 1 -- "$SAMPLAN" -C "$dir") ||
			die "the workbench failed on $dir"
		echo "paint $t" >>"$res"
		r=$((r + 1))
	done
	fl=$(median_peak floor "$res" | cut -d' ' -f1)
	pt=$(median_peak paint "$res")
	ratio=${pt##* }
	pt=${pt%% *}
	ok=$(awk -v r="$ratio" -v l="$LIMIT_PAINT" 'BEGIN { print (r <= l) ? "PASS" : "FAIL" }')
	echo "first paint at $2, median of $RUNS rounds (floor, paint):"
	printf '  %-38s %6.2f x floor (medians %.1f / %.1f ms)  %s\n' "first paint <= $LIMIT_PAINT x floor" \
		"$ratio" "$pt" "$fl" "$ok"
	[ "$ok" = PASS ] || failed=$((failed + 1))
}
dir=$(plan "$PAINT_SIZE") # not inside paint's arguments: a failure stops here
paint "$dir" "$PAINT_SIZE changes"

# --- 2. instructions per keystroke --------------------------------------------
# ir DIR INPUT NAME: samplan's total instruction count (callgrind's Ir) when
# typed INPUT on DIR.
ir() {
	i_out=$OUT/callgrind-$3.out
	rm -f "$i_out"
	"$PTYRUN" -i "$2" -- valgrind --tool=callgrind --callgrind-out-file="$i_out" \
		-- "$SAMPLAN" -C "$1" >/dev/null 2>&1 || die "samplan under callgrind failed on $1 (see $i_out)"
	awk '/^(summary|totals):/ { print $2; exit }' "$i_out"
}

# per_key WHAT PREFIX SMALL BIG: the Ir-per-'j' target, typed PREFIX
# first (a view's number), on the plans genplan makes from the arguments
# SMALL and BIG ("N [ACTIVITIES FOLLOWUPS]"; WHAT says what they have
# KEY_SMALL and KEY_BIG of).  The plans are made only when valgrind is
# there to measure them.
per_key() {
	if ! command -v valgrind >/dev/null 2>&1; then
		printf '  %-38s %s\n' "Ir per 'j' at $KEY_BIG <= $LIMIT_KEY x at $KEY_SMALL" "SKIP (no valgrind)"
		return
	fi
	# shellcheck disable=SC2086 # the arguments are words
	small=$(plan $3)
	# shellcheck disable=SC2086
	big=$(plan $4)
	keys=$2$(awk -v k="$KEYS" 'BEGIN { while (k-- > 0) printf "j" }')q
	echo "instructions (callgrind Ir) per 'j'${2:+ after '$2'}, from '${2}q' alone and $KEYS x 'j' then 'q':"
	per_small=
	for dir in "$small" "$big"; do
		n=$KEY_SMALL
		[ -z "$per_small" ] || n=$KEY_BIG
		name=$(basename "$dir")
		i0=$(ir "$dir" "${2}q" "$name-0")
		ik=$(ir "$dir" "$keys" "$name-$KEYS")
		if [ -z "$i0" ] || [ -z "$ik" ]; then die "no Ir total in $OUT/callgrind-$name-*.out"; fi
		per=$(awk -v a="$i0" -v b="$ik" -v k="$KEYS" 'BEGIN { printf "%.0f", (b - a) / k }')
		printf '  %8d %s: %12s Ir per keystroke (%s Ir start+quit, %s with keys)\n' "$n" "$1" "$per" "$i0" "$ik"
		[ -n "$per_small" ] || per_small=$per
		per_big=$per
	done
	ok=$(awk -v b="$per_big" -v s="$per_small" -v l="$LIMIT_KEY" 'BEGIN { print (b <= l * s) ? "PASS" : "FAIL" }')
	printf '  %-38s %6.2f x (%s / %s Ir)  %s\n' "Ir per 'j' at $KEY_BIG <= $LIMIT_KEY x at $KEY_SMALL" \
		"$(awk -v b="$per_big" -v s="$per_small" 'BEGIN { print b / s }')" "$per_big" "$per_small" "$ok"
	[ "$ok" = PASS ] || failed=$((failed + 1))
}
per_key changes "" "$KEY_SMALL" "$KEY_BIG"

# --- 2b. a search that finds nothing ------------------------------------------
# The search folds each change's text once; a search again ('n') only
# compares the folded texts.  Its Ir per 'n' at 100,000 changes must stay
# within twice that at 100 (the repaint) plus one instruction per byte of
# the plan's changes.yaml (the folded texts are a part of it).
search_key() {
	if ! command -v valgrind >/dev/null 2>&1; then
		printf '  %-38s %s\n' "Ir per search at $KEY_BIG" "SKIP (no valgrind)"
		return
	fi
	small=$(plan "$KEY_SMALL")
	big=$(plan "$KEY_BIG")
	start=$(printf '/zzzz\r')
	keys=$start$(awk -v k="$KEYS" 'BEGIN { while (k-- > 0) printf "n" }')q
	echo "instructions (callgrind Ir) per search that finds nothing ('n' after '/zzzz'):"
	per_small=
	for dir in "$small" "$big"; do
		n=$KEY_SMALL
		[ -z "$per_small" ] || n=$KEY_BIG
		name=$(basename "$dir")-search
		i0=$(ir "$dir" "${start}q" "$name-0")
		ik=$(ir "$dir" "$keys" "$name-$KEYS")
		if [ -z "$i0" ] || [ -z "$ik" ]; then die "no Ir total in $OUT/callgrind-$name-*.out"; fi
		per=$(awk -v a="$i0" -v b="$ik" -v k="$KEYS" 'BEGIN { printf "%.0f", (b - a) / k }')
		printf '  %8d changes: %12s Ir per search\n' "$n" "$per"
		[ -n "$per_small" ] || per_small=$per
		per_big=$per
	done
	bytes=$(wc -c <"$big/changes.yaml")
	limit=$(awk -v s="$per_small" -v b="$bytes" 'BEGIN { printf "%.0f", 2 * s + b }')
	ok=$(awk -v b="$per_big" -v l="$limit" 'BEGIN { print (b <= l) ? "PASS" : "FAIL" }')
	printf '  %-38s %12s Ir <= 2 x %s + %s bytes = %s  %s\n' "search at $KEY_BIG" "$per_big" \
		"$per_small" "$bytes" "$limit" "$ok"
	[ "$ok" = PASS ] || failed=$((failed + 1))
}
search_key

# --- 3. the activity plan ------------------------------------------------------
dir=$(plan "$PAINT_SIZE" "$PAINT_ACTIVITIES" 3)
paint "$dir" "$PAINT_SIZE changes and $PAINT_ACTIVITIES activities with 3 follow-ups each"
per_key activities 6 "100 $KEY_SMALL 1" "100 $KEY_BIG 1"

# --- 4. a status set and saved ---------------------------------------------------
LIMIT_SAVE_IR=3    # Ir of 's3w' at 100,000 <= 3 x at 100
LIMIT_SAVE_CPU=0.4 # CPU of the save <= 0.4 x the command line's set
LIMIT_SAVE_PEAK=1.2
# fresh N: a new copy of the N-change plan made for this target, whose
# original stays in DIR.orig; prints the copy's directory.
fresh() {
	f_dir=$OUT/tui-save-$1
	if [ ! -d "$f_dir.orig" ]; then
		"$GENPLAN" "$1" "$f_dir.orig" >/dev/null || die "genplan $1 failed"
	fi
	rm -rf "$f_dir"
	cp -R "$f_dir.orig" "$f_dir"
	echo "$f_dir"
}
save_ir() {
	if ! command -v valgrind >/dev/null 2>&1; then
		printf '  %-38s %s\n' "Ir of a save at $KEY_BIG" "SKIP (no valgrind)"
		return
	fi
	echo "instructions (callgrind Ir) of a status set and saved ('s3w'), from 'q' alone and 's3wq':"
	per_small=
	for n in "$KEY_SMALL" "$KEY_BIG"; do
		i0=$(ir "$(fresh "$n")" q "tui-save-$n-0")
		d=$(fresh "$n")
		ik=$(ir "$d" s3wq "tui-save-$n-s3w")
		if [ -z "$i0" ] || [ -z "$ik" ]; then die "no Ir total in $OUT/callgrind-tui-save-$n-*.out"; fi
		sed -n '1,12p' "$d/changes.yaml" | grep -q 'status: klar' || die "the save at $n changes wrote no status"
		per=$(awk -v a="$i0" -v b="$ik" 'BEGIN { printf "%.0f", b - a }')
		printf '  %8d changes: %12s Ir (%s Ir start+quit, %s with the save)\n' "$n" "$per" "$i0" "$ik"
		[ -n "$per_small" ] || per_small=$per
		per_big=$per
	done
	ok=$(awk -v b="$per_big" -v s="$per_small" -v l="$LIMIT_SAVE_IR" 'BEGIN { print (b <= l * s) ? "PASS" : "FAIL" }')
	printf '  %-38s %6.2f x (%s / %s Ir)  %s\n' "save at $KEY_BIG <= $LIMIT_SAVE_IR x at $KEY_SMALL" \
		"$(awk -v b="$per_big" -v s="$per_small" 'BEGIN { print b / s }')" "$per_big" "$per_small" "$ok"
	[ "$ok" = PASS ] || failed=$((failed + 1))
}
save_ir
# save_cpu N: the CPU and memory targets at N changes.
save_cpu() {
	d=$(fresh "$1")
	restore="rm -rf '$d' && cp -R '$d.orig' '$d'"
	res=$OUT/times-tui-save-$1.txt
	: >"$res"
	r=1
	while [ "$r" -le "$RUNS" ]; do
		q=$("$PTYRUN" -u -n 1 --setup "$restore" -i q -- "$SAMPLAN" -C "$d") || die "samplan failed on $d"
		w=$("$PTYRUN" -u -n 1 --setup "$restore" -i s3wq -- "$SAMPLAN" -C "$d") || die "samplan failed on $d"
		sed -n '1,12p' "$d/changes.yaml" | grep -q 'status: klar' || die "the save at $1 changes wrote no status"
		c=$("$PTYRUN" -u -n 1 --setup "$restore" -- "$SAMPLAN" -C "$d" set F1 status=klar) ||
			die "samplan set failed on $d"
		echo "$q $w $c" >>"$res"
		r=$((r + 1))
	done
	# fields: q (wall cpu peak), s3wq (wall cpu peak), set (wall cpu peak)
	cpu=$(awk '{ print ($5 - $2) / $8 }' "$res" | median_of)
	ms=$(awk '{ print $5 - $2 }' "$res" | median_of)
	setms=$(awk '{ print $8 }' "$res" | median_of)
	peak=$(awk '{ print $6 / $3 }' "$res" | median_of)
	echo "a status set and saved at $1 changes, median of $RUNS rounds (q, s3wq, set):"
	ok=$(awk -v r="$cpu" -v l="$LIMIT_SAVE_CPU" 'BEGIN { print (r <= l) ? "PASS" : "FAIL" }')
	printf '  %-38s %6.2f x (%.1f ms of CPU against %.1f ms)  %s\n' "CPU <= $LIMIT_SAVE_CPU x the command line's set" \
		"$cpu" "$ms" "$setms" "$ok"
	[ "$ok" = PASS ] || failed=$((failed + 1))
	ok=$(awk -v r="$peak" -v l="$LIMIT_SAVE_PEAK" 'BEGIN { print (r <= l) ? "PASS" : "FAIL" }')
	printf '  %-38s %6.2f x  %s\n' "peak <= $LIMIT_SAVE_PEAK x without the save" "$peak" "$ok"
	[ "$ok" = PASS ] || failed=$((failed + 1))
}
save_cpu "$PAINT_SIZE"
save_cpu "$KEY_BIG"

echo "raw: $OUT/times-tui-paint-*.txt, $OUT/times-tui-save-*.txt, $OUT/callgrind-*.out"
if [ "$failed" -gt 0 ]; then
	echo "bench: $failed workbench target(s) missed"
	exit 1
fi
echo "bench: all workbench targets met"
