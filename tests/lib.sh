# tests/lib.sh — shared helpers for the shell tests (sourced).
# Each test prints "ok NAME" or "FAIL NAME: why" and ends with the line
# "N passed, M failed"; the exit status is non-zero when any failed.

passed=0
failed=0
: "${SAMPLAN:?SAMPLAN must name the samplan binary}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
SAMPLAN_DATADIR=${SAMPLAN_DATADIR:-$top_srcdir/data}
export SAMPLAN_DATADIR

TMPROOT=$(mktemp -d "${TMPDIR:-/tmp}/samplan-test.XXXXXX")
trap 'rm -rf "$TMPROOT"' EXIT INT TERM
HOME=$TMPROOT/home
mkdir -p "$HOME"
export HOME
GIT_CONFIG_NOSYSTEM=1
GIT_AUTHOR_NAME='Test Sekreterare'
GIT_AUTHOR_EMAIL='sekreterare@example.org'
GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME
GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
GIT_AUTHOR_DATE='2025-03-19T13:00:00+01:00'
GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
export GIT_CONFIG_NOSYSTEM GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
	GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE

ok() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# check NAME COMMAND...: passes when the command succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "command failed: $*"; fi
}

# A fresh copy of the shipped plan, in a git repository of its own.
fresh_plan() {
	d=$TMPROOT/$1
	rm -rf "$d"
	mkdir -p "$d"
	cp "$top_srcdir"/data/orebro-2025/*.yaml "$d"/
	if command -v git >/dev/null 2>&1; then
		git -C "$d" init -q
		git -C "$d" add -A
		git -C "$d" commit -q -m start
	fi
	echo "$d"
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
