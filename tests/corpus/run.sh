#!/bin/sh
# tests/corpus/run.sh — the malformed-plan corpus.
#
# Each case is a copy of base/ (a small valid plan) with one or more files
# replaced (cases/NAME.FILE.yaml, FILE = plan, groups or changes) and/or
# changed by a recipe (cases/NAME.gen: a POSIX sh snippet run in the case's
# directory, for bytes that are awkward in a text file).  cases/NAME.expect
# holds two lines: the exit status of `samplan check`, then the exact first
# line of its stderr with the plan directory written as @DIR@.
#
# For every case this checks that `check` gives that status and first line,
# and that `set F1 status=klar` exits 1 and writes nothing (every file's
# inode and checksum unchanged, no file added), and that neither run
# crashed or tripped a sanitizer.
#
# Env: SAMPLAN, the binary.  Optional: CORPUS_VERBOSE=1 prints all of stderr
# of failing cases; CORPUS_TIMEOUT, seconds each run may take (default 20).
# Usage: run.sh [NAME...] runs only the named cases.  POSIX sh and
# coreutils only.

: "${SAMPLAN:?SAMPLAN must name the samplan binary}"
here=$(cd "$(dirname "$0")" && pwd) || exit 99
cases=$here/cases
base=$here/base
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

root=$(mktemp -d "${TMPDIR:-/tmp}/samplan-corpus.XXXXXX") || exit 99
trap 'rm -rf "$root"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0

# Every run gets a time limit (coreutils timeout, when there is one), so a
# case that makes samplan hang fails instead of stopping the test suite.
if command -v timeout >/dev/null 2>&1; then
	limit="timeout ${CORPUS_TIMEOUT:-20}"
else
	limit=
fi

ok() {
	passed=$((passed + 1))
	echo "ok $1"
}

fail() {
	failed=$((failed + 1))
	echo "FAIL $1: $2"
	if [ -n "$CORPUS_VERBOSE" ] && [ -s "$root/err" ]; then
		visible <"$root/err" | while IFS= read -r l; do echo "    | $l"; done
	fi
}

# replace STRING FROM TO: STRING with every FROM replaced by TO.
replace() {
	r_s=$1
	r_out=
	while :; do
		case $r_s in
		*"$2"*)
			r_out=$r_out${r_s%%"$2"*}$3
			r_s=${r_s#*"$2"}
			;;
		*)
			break
			;;
		esac
	done
	printf '%s' "$r_out$r_s"
}

# visible: stdin with control characters shown as '?', so that a message
# holding an escape sequence cannot disturb the terminal or the log.
visible() {
	tr '\001-\010\013-\037\177' '?'
}

# snapshot DIR: every entry's inode and name, and each regular file's
# checksum, so that any write (even an atomic rename of the same bytes)
# shows.
snapshot() {
	(
		cd "$1" || exit 1
		ls -Ai
		for f in * .*; do
			case $f in . | ..) continue ;; esac
			if [ -L "$f" ]; then
				echo "link $f -> $(readlink "$f")"
			elif [ -f "$f" ]; then
				cksum "$f"
			fi
		done
	)
}

# sanitizer_or_crash RC FILE: a reason when the run crashed, else nothing.
sanitizer_or_crash() {
	if [ -n "$limit" ] && [ "$1" -eq 124 ]; then
		echo "timed out (no answer within ${CORPUS_TIMEOUT:-20} s)"
	elif [ "$1" -ge 128 ]; then
		echo "crashed (exit status $1)"
	else
		s_err=$(cat "$2")
		case $s_err in
		*AddressSanitizer* | *LeakSanitizer* | *"runtime error"*)
			echo "sanitizer report: $(head -n 3 "$2" | tr '\n' ' ')"
			;;
		esac
	fi
}

# The base plan itself must be valid, and `set` must work on it, or the
# cases below prove nothing.
run_base() {
	dir=$(mktemp -d "$root/case.XXXXXX") || return 1
	cp "$base/plan.yaml" "$base/groups.yaml" "$base/changes.yaml" "$dir/"
	chmod u+w "$dir"/*.yaml # copies of a read-only tree (distcheck) are writable
	$limit "$SAMPLAN" -C "$dir" check >"$root/out" 2>"$root/err"
	rc=$?
	if [ "$rc" -ne 0 ] || [ -s "$root/err" ]; then
		fail base "the base plan is not valid (exit $rc: $(head -n 1 "$root/err"))"
		rm -rf "$dir"
		return
	fi
	before=$(snapshot "$dir")
	$limit "$SAMPLAN" -C "$dir" set F1 status=klar >"$root/out" 2>"$root/err"
	rc=$?
	after=$(snapshot "$dir")
	why=$(sanitizer_or_crash "$rc" "$root/err")
	if [ -n "$why" ]; then
		fail base "$why"
	elif [ "$rc" -ne 0 ]; then
		fail base "set F1 status=klar on the base plan: exit $rc: $(head -n 1 "$root/err")"
	elif [ "$before" = "$after" ]; then
		fail base "set F1 status=klar on the base plan wrote nothing"
	else
		ok base
	fi
	rm -rf "$dir"
}

run_case() {
	name=$1
	expect=$cases/$name.expect
	if [ ! -f "$expect" ]; then
		fail "$name" "no such case ($expect)"
		return
	fi
	want_rc=
	want_line=
	{
		IFS= read -r want_rc
		IFS= read -r want_line
	} <"$expect"
	case $want_rc in
	'' | *[!0-9]*)
		fail "$name" "bad .expect file: first line must be an exit status"
		return
		;;
	esac

	dir=$(mktemp -d "$root/case.XXXXXX") || return 1
	cp "$base/plan.yaml" "$base/groups.yaml" "$base/changes.yaml" "$dir/"
	chmod u+w "$dir"/*.yaml # copies of a read-only tree (distcheck) are writable
	for f in "$cases/$name".*.yaml; do
		[ -f "$f" ] || continue
		file=${f#"$cases/$name."}
		case $file in
		plan.yaml | groups.yaml | changes.yaml) cp "$f" "$dir/$file" && chmod u+w "$dir/$file" ;;
		*)
			fail "$name" "overlay $f does not name plan, groups or changes"
			rm -rf "$dir"
			return
			;;
		esac
	done
	if [ -f "$cases/$name.gen" ]; then
		if ! (cd "$dir" && sh "$cases/$name.gen") >"$root/out" 2>&1; then
			fail "$name" "the recipe $name.gen failed: $(head -n 1 "$root/out")"
			rm -rf "$dir"
			return
		fi
	fi
	want_line=$(replace "$want_line" @DIR@ "$dir")

	before=$(snapshot "$dir")
	$limit "$SAMPLAN" -C "$dir" check >"$root/out" 2>"$root/err"
	rc=$?
	got_line=$(head -n 1 "$root/err")
	why=$(sanitizer_or_crash "$rc" "$root/err")
	if [ -z "$why" ] && { [ "$rc" != "$want_rc" ] || [ "$got_line" != "$want_line" ]; }; then
		why="expected $want_rc '$(replace "$want_line" "$dir" @DIR@ | visible)'"
		why="$why got $rc '$(replace "$got_line" "$dir" @DIR@ | visible)'"
	fi
	if [ -z "$why" ]; then
		$limit "$SAMPLAN" -C "$dir" set F1 status=klar >"$root/out" 2>"$root/err"
		rc=$?
		after=$(snapshot "$dir")
		why=$(sanitizer_or_crash "$rc" "$root/err")
		if [ -z "$why" ] && [ "$rc" -ne 1 ]; then
			why="set F1 status=klar: expected exit 1, got $rc"
		elif [ -z "$why" ] && [ "$before" != "$after" ]; then
			why="set F1 status=klar changed the directory"
		fi
	fi
	if [ -n "$why" ]; then
		fail "$name" "$why"
	else
		ok "$name"
	fi
	rm -rf "$dir"
}

if [ $# -gt 0 ]; then
	for name in "$@"; do
		run_case "$name"
	done
else
	run_base
	for expect in "$cases"/*.expect; do
		[ -f "$expect" ] || continue
		name=${expect##*/}
		run_case "${name%.expect}"
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
