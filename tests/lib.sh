# tests/lib.sh — shared helpers for the shell tests (sourced).
# Each test prints "ok NAME" or "FAIL NAME: why" and ends with the line
# "N passed, M failed"; the exit status is non-zero when any failed.

passed=0
failed=0
: "${SAMPLAN:?SAMPLAN must name the samplan binary}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
SAMPLAN_DATADIR=${SAMPLAN_DATADIR:-$top_srcdir/data}
export SAMPLAN_DATADIR
# the sanitizer build: leaks in the C library only (tests/lsan.supp)
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top_srcdir/tests/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS

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

# samplan_on_path: this build's samplan first on PATH, as "samplan" (git
# runs the merge driver by that name).
samplan_on_path() {
	mkdir -p "$TMPROOT/bin"
	ln -sf "$SAMPLAN" "$TMPROOT/bin/samplan"
	PATH=$TMPROOT/bin:$PATH
	export PATH
}

ok() { passed=$((passed + 1)); echo "ok $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# check NAME COMMAND...: passes when the command succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else fail "$name" "command failed: $*"; fi
}

# A fresh copy of the shipped plan, in a git repository of its own.
# repeat_list FILE KEY PREFIX COPIES: FILE with the items of its list KEY:
# written COPIES times over, each copy's ids PREFIXn renumbered to
# PREFIX(k*100+n) (k = 1..COPIES), for a big plan made of a small one.
repeat_list() {
	awk -v key="$2:" -v prefix="$3" -v copies="$4" '
		$0 == key { print; body = 1; next }
		body { item[n++] = $0 }
		!body { print }
		END {
			pat = "^  - id: " prefix "[0-9]+$"
			for (k = 1; k <= copies; k++)
				for (i = 0; i < n; i++) {
					line = item[i]
					if (line ~ pat)
						line = sprintf("  - id: %s%d", prefix,
							       k * 100 + substr(line, 9 + length(prefix)))
					print line
				}
		}' "$1"
}

fresh_plan() {
	d=$TMPROOT/$1
	rm -rf "$d"
	mkdir -p "$d"
	cp "$top_srcdir"/data/orebro-2025/*.yaml "$d"/
	# writable, as a user's plan is, also when the sources are not
	# (make distcheck): samplan does not replace a read-only file
	chmod u+w "$d"/*.yaml
	if command -v git >/dev/null 2>&1; then
		git -C "$d" init -q
		git -C "$d" add -A
		git -C "$d" commit -q -m start
	fi
	echo "$d"
}

# skip WHY: the test cannot run here (exit status 77: SKIP for automake).
skip() {
	echo "skip: $*"
	exit 77
}

# swedish: after it, `sv CMD...` runs CMD in a Swedish locale with this
# tree's catalogue (SAMPLAN_LOCALEDIR), or the test is skipped.  The locale is
# compiled into TMPROOT (LOCPATH), so no system-wide Swedish locale is
# needed, only the sources of Debian's `locales` package.
swedish() {
	: "${top_builddir:=$(cd "$(dirname "$SAMPLAN")/.." && pwd)}"
	grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null ||
		skip "built without NLS (configure --disable-nls)"
	command -v localedef >/dev/null 2>&1 || skip "localedef not found (install locales)"
	[ -f /usr/share/i18n/locales/sv_SE ] ||
		skip "no locale sources in /usr/share/i18n (install locales)"
	SV_LOCPATH=$TMPROOT/locale
	SV_MESSAGES=$TMPROOT/messages
	mkdir -p "$SV_LOCPATH" "$SV_MESSAGES/sv/LC_MESSAGES"
	# exit status 1 is warnings only; the locale is written all the same
	localedef -i sv_SE -f UTF-8 "$SV_LOCPATH/sv_SE.UTF-8" >"$TMPROOT/localedef.out" 2>&1
	[ $? -le 1 ] && [ -d "$SV_LOCPATH/sv_SE.UTF-8" ] ||
		skip "localedef cannot build sv_SE.UTF-8: $(tail -1 "$TMPROOT/localedef.out")"
	# The catalogue as built (gettext builds it beside sv.po); when sv.po
	# has been edited since, compiled from sv.po, so the test sees the edit.
	po=$top_srcdir/po/sv.po
	gmo=
	for g in "$top_builddir/po/sv.gmo" "$top_srcdir/po/sv.gmo"; do
		if [ -f "$g" ] && ! [ "$po" -nt "$g" ]; then
			gmo=$g
			break
		fi
	done
	if [ -n "$gmo" ]; then
		cp "$gmo" "$SV_MESSAGES/sv/LC_MESSAGES/samplan.mo"
	elif command -v msgfmt >/dev/null 2>&1; then
		msgfmt -o "$SV_MESSAGES/sv/LC_MESSAGES/samplan.mo" "$po"
	else
		skip "no po/sv.gmo up to date with po/sv.po, and no msgfmt"
	fi
	unset LANG LC_MESSAGES || :
}

sv() {
	LOCPATH=$SV_LOCPATH LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR=$SV_MESSAGES "$@"
}

# html_ok FILE: the HTML is well formed: every element that is opened is
# closed, in order (Python's html.parser; void elements aside), and
# xmllint has no complaint but its HTML 4 parser's unknown HTML 5 tags.
html_ok() {
	if command -v python3 >/dev/null 2>&1; then
		python3 - "$1" <<'PY' || return 1
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "link", "input", "col", "area", "base", "wbr"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack = []
        self.bad = []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append("</%s> at %s, open: %s" % (tag, self.getpos(), self.stack[-3:]))
        else:
            self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
if p.bad or p.stack:
    print("not well formed:", p.bad[:3], "left open:", p.stack)
    sys.exit(1)
PY
	elif [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
		echo "python3 is not installed, and this run requires it"
		return 1
	fi
	command -v xmllint >/dev/null 2>&1 || return 0
	xmllint --html --noout "$1" 2>"$TMPROOT/html_ok.err"
	! grep 'parser error' "$TMPROOT/html_ok.err" | grep -v 'Tag [a-z]* invalid' | grep -q .
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
