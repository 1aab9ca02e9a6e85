#!/bin/sh
# bench/run.sh — what `make bench` runs: samplan against the floor.
#
# Usage: bench/run.sh SAMPLAN_BINARY BUILD_BENCH_DIR
#
# BUILD_BENCH_DIR holds the built genplan, floor and measure; the synthetic
# plans go to BUILD_BENCH_DIR/out/.  For each size the plan is generated anew
# (genplan is deterministic), the page cache warmed, every command run once
# untimed (so a failing command stops the bench with its own message), and
# then RUNS rounds are timed, each round:
#
#     floor, check, floor, list, floor, set
#
# so that every samplan run sits next to a floor run and machine noise falls
# on both alike.  `set` alternates pagar/klar on the middle change, so every
# run really changes and writes the file.  Per command the median wall time
# over the rounds is taken, and the ratio is median(command) / median(floor)
# of the same size and the same rounds.  Peak memory is the largest ru_maxrss
# of any run of that command.  The targets are checked at 10,000 changes.
#
# Environment (all optional):
#   BENCH_SIZES      sizes to measure         (default "100 1000 10000 100000")
#   BENCH_RUNS       rounds per size          (default 11)
#   BENCH_RUNS_BIG   rounds at >= 100,000     (default 5)
set -eu

LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE || :

TARGET_SIZE=10000
LIMIT_CHECK=1.3      # check <= 1.3 x floor
LIMIT_SET=1.5        # set   <= 1.5 x floor
LIMIT_PEAK_KB=12288  # every command's peak RSS <= 12 MiB

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

for prog in "$SAMPLAN" "$GENPLAN" "$FLOOR" "$MEASURE"; do
	[ -x "$prog" ] || die "$prog: no such program (run 'make bench' to build it)"
done

SIZES=${BENCH_SIZES:-"100 1000 10000 100000"}
RUNS=${BENCH_RUNS:-11}
RUNS_BIG=${BENCH_RUNS_BIG:-5}
case $RUNS$RUNS_BIG in *[!0-9]*) die "BENCH_RUNS and BENCH_RUNS_BIG must be numbers" ;; esac
if [ "$RUNS" -lt 1 ] || [ "$RUNS_BIG" -lt 1 ]; then
	die "BENCH_RUNS and BENCH_RUNS_BIG must be at least 1"
fi

mkdir -p "$OUT"

# timed NAME FILE PROG ARGS...: one timed run, appended to FILE as
# "NAME ms min_ms peak_kb".
timed() {
	t_name=$1
	t_file=$2
	shift 2
	t_line=$("$MEASURE" -n 1 -- "$@") || die "$t_name failed: $*"
	echo "$t_name $t_line" >>"$t_file"
}

# median_peak NAME FILE: prints "median_ms peak_kb" of NAME's runs in FILE.
median_peak() {
	awk -v name="$1" '$1 == name { print $2, $4 }' "$2" | sort -n | awk '
		{ ms[NR] = $1; if ($2 > peak) peak = $2 }
		END {
			if (NR == 0) exit 1
			med = NR % 2 ? ms[(NR + 1) / 2] : (ms[NR / 2] + ms[NR / 2 + 1]) / 2
			printf "%.3f %d\n", med, peak
		}'
}

echo "samplan bench: $(nproc 2>/dev/null || echo '?') cores, $(uname -sr), $(date -u +%Y-%m-%dT%H:%MZ)"
echo "samplan: $SAMPLAN"
echo "median wall time of $RUNS rounds ($RUNS_BIG from 100,000 changes), each: floor, check, floor, list, floor, set"
echo "(x fl) = median of the command / median of the floor, same size and rounds"
echo
printf '%8s %8s %9s %18s %18s %18s   %s\n' changes "files MB" "floor ms" "check ms (x fl)" "list ms (x fl)" \
	"set ms (x fl)" "peak MiB floor/check/list/set"

summary=""
for n in $SIZES; do
	case $n in '' | *[!0-9]*) die "BENCH_SIZES: '$n' is not a number" ;; esac
	dir=$OUT/plan-$n
	rm -rf "$dir"
	"$GENPLAN" "$n" "$dir" || die "genplan $n failed"
	bytes=$(cat "$dir/plan.yaml" "$dir/groups.yaml" "$dir/changes.yaml" | wc -c)
	mid=F$(((n + 1) / 2))

	# Warm the page cache (and the binaries), and make sure every command
	# works on this plan before timing it.  The untimed set leaves the middle
	# change at klar, so the first timed set (pagar) changes it.
	cat "$dir"/*.yaml "$SAMPLAN" "$FLOOR" >/dev/null
	"$FLOOR" "$dir" || die "floor fails on $dir"
	"$SAMPLAN" -C "$dir" check >/dev/null || die "'samplan -C $dir check' fails on the generated plan"
	"$SAMPLAN" -C "$dir" list >/dev/null || die "'samplan -C $dir list' fails on the generated plan"
	"$SAMPLAN" -C "$dir" set "$mid" status=klar >/dev/null ||
		die "'samplan -C $dir set $mid status=klar' fails on the generated plan"

	runs=$RUNS
	[ "$n" -lt 100000 ] || runs=$RUNS_BIG
	res=$OUT/times-$n.txt
	: >"$res"
	r=1
	while [ "$r" -le "$runs" ]; do
		if [ $((r % 2)) -eq 1 ]; then key=pagar; else key=klar; fi
		timed floor "$res" "$FLOOR" "$dir"
		timed check "$res" "$SAMPLAN" -C "$dir" check
		timed floor "$res" "$FLOOR" "$dir"
		timed list "$res" "$SAMPLAN" -C "$dir" list
		timed floor "$res" "$FLOOR" "$dir"
		timed set "$res" "$SAMPLAN" -C "$dir" set "$mid" "status=$key"
		r=$((r + 1))
	done

	line="$n $bytes $runs $(median_peak floor "$res") $(median_peak check "$res") $(median_peak list "$res") $(median_peak set "$res")"
	echo "$line" | awk '{
		fl = $4
		printf "%8d %8.2f %9.1f %10.1f (%4.2f) %10.1f (%4.2f) %10.1f (%4.2f)   %.1f/%.1f/%.1f/%.1f\n",
			$1, $2 / 1e6, fl, $6, $6 / fl, $8, $8 / fl, $10, $10 / fl,
			$5 / 1024, $7 / 1024, $9 / 1024, $11 / 1024
	}'
	[ "$n" -ne "$TARGET_SIZE" ] || summary=$line
done

echo
echo "raw times: $OUT/times-*.txt"
if [ -z "$summary" ]; then
	echo "targets: not checked ($TARGET_SIZE changes not among BENCH_SIZES)"
	exit 0
fi
echo "targets at $TARGET_SIZE changes:"
echo "$summary" | awk -v lc="$LIMIT_CHECK" -v ls="$LIMIT_SET" -v lp="$LIMIT_PEAK_KB" '
	function verdict(ok) { if (!ok) failed++; return ok ? "PASS" : "FAIL" }
	{
		fl = $4
		printf "  %-28s %6.2f x floor (%.1f / %.1f ms)  %s\n", "check <= " lc " x floor", $6 / fl, $6, fl, verdict($6 <= lc * fl)
		printf "  %-28s %6.2f x floor (%.1f / %.1f ms)  %s\n", "set <= " ls " x floor", $10 / fl, $10, fl, verdict($10 <= ls * fl)
		printf "  %-28s %6.1f MiB  %s\n", "check peak <= " lp / 1024 " MiB", $7 / 1024, verdict($7 <= lp)
		printf "  %-28s %6.1f MiB  %s\n", "list peak <= " lp / 1024 " MiB", $9 / 1024, verdict($9 <= lp)
		printf "  %-28s %6.1f MiB  %s\n", "set peak <= " lp / 1024 " MiB", $11 / 1024, verdict($11 <= lp)
	}
	END {
		if (failed) { print "bench: " failed " target(s) missed"; exit 1 }
		print "bench: all targets met"
	}'
