#!/bin/sh
# tests/busy.sh — runs a command on a busy machine: while it runs, one busy
# loop per CPU keeps every core at work, as make -j or a sanitizer build do.
# For tests that wait on what another process draws (the workbench's tmux
# tests): they must pass loaded as well.  The loops are this script's
# children, ended by their pids when it ends (also on ^C).
#
# Usage: tests/busy.sh [-n K] [-j N] COMMAND [ARG...]
#   -n K  runs COMMAND K times in a row (default 1) and says how many passed
#   -j N  N busy loops (default: the number of CPUs online)
# e.g.
#   tests/busy.sh -n 20 make check TESTS='tests/tui/tui.sh tests/tui/screens.sh'
# Exit status: 0 when every run passed, 1 when one failed, 2 on bad usage.

usage() {
	echo "usage: tests/busy.sh [-n RUNS] [-j LOOPS] COMMAND [ARG...]" >&2
	exit 2
}
runs=1
loops=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 2)
while getopts n:j: opt; do
	case $opt in
	n) runs=$OPTARG ;;
	j) loops=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || usage
case $runs$loops in '' | *[!0-9]*) usage ;; esac
[ "$runs" -ge 1 ] || usage

pids=
# stop: ends the busy loops (TERM; KILL for one that has not ended).
stop() {
	for pid in $pids; do
		kill "$pid" 2>/dev/null
	done
	for pid in $pids; do
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 10 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	pids=
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

i=0
while [ $i -lt "$loops" ]; do
	(
		trap - EXIT INT TERM HUP
		exec sh -c 'while :; do :; done'
	) &
	pids="$pids $!"
	i=$((i + 1))
done
echo "busy: $loops busy loops (pids$pids), $runs run(s) of: $*"

passed=0
run=1
status=0
while [ $run -le "$runs" ]; do
	"$@"
	status=$?
	if [ $status -eq 0 ]; then
		passed=$((passed + 1))
		echo "busy: run $run of $runs: passed"
	else
		echo "busy: run $run of $runs: FAILED (exit status $status)"
	fi
	run=$((run + 1))
done
echo "busy: $passed of $runs run(s) passed, with $loops busy loops"
[ "$passed" -eq "$runs" ]
