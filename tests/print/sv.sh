#!/bin/sh
# The Swedish translation is used: `samplan print` in a Swedish locale, with
# the catalogue from this tree (SAMPLAN_LOCALEDIR), against a golden file.
# The locale is compiled into a temporary directory (LOCPATH), so no
# system-wide Swedish locale is needed, only the sources of Debian's
# `locales` package.
. "$(dirname "$0")/../lib.sh"

skip() {
	echo "skip: $*"
	exit 77
}

: "${top_builddir:=$(cd "$(dirname "$SAMPLAN")/.." && pwd)}"
grep -q '^#define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null ||
	skip "built without NLS (configure --disable-nls)"
command -v localedef >/dev/null 2>&1 || skip "localedef not found (install locales)"
[ -f /usr/share/i18n/locales/sv_SE ] || skip "no locale sources in /usr/share/i18n (install locales)"

LOC=$TMPROOT/locale
MSG=$TMPROOT/messages
mkdir -p "$LOC" "$MSG/sv/LC_MESSAGES"
# exit status 1 is warnings only; the locale is written all the same
localedef -i sv_SE -f UTF-8 "$LOC/sv_SE.UTF-8" >"$TMPROOT/localedef.out" 2>&1
[ $? -le 1 ] && [ -d "$LOC/sv_SE.UTF-8" ] ||
	skip "localedef cannot build sv_SE.UTF-8: $(tail -1 "$TMPROOT/localedef.out")"

# The catalogue as built (gettext builds it beside sv.po); when sv.po has
# been edited since, compiled from sv.po, so the test sees the edit.
po=$top_srcdir/po/sv.po
gmo=
for g in "$top_builddir/po/sv.gmo" "$top_srcdir/po/sv.gmo"; do
	if [ -f "$g" ] && ! [ "$po" -nt "$g" ]; then
		gmo=$g
		break
	fi
done
if [ -n "$gmo" ]; then
	cp "$gmo" "$MSG/sv/LC_MESSAGES/samplan.mo"
elif command -v msgfmt >/dev/null 2>&1; then
	msgfmt -o "$MSG/sv/LC_MESSAGES/samplan.mo" "$po"
else
	skip "no po/sv.gmo up to date with po/sv.po, and no msgfmt"
fi

# A copy of the shipped plan outside git, printed from its parent, so the
# footer is the translated "Source: %s" with a fixed directory.
mkdir -p "$TMPROOT/plans/orebro-2025"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$TMPROOT/plans/orebro-2025/"
GIT_CEILING_DIRECTORIES=$TMPROOT
SAMPLAN_PRINT_DATE=2025-03-19
export GIT_CEILING_DIRECTORIES SAMPLAN_PRINT_DATE
unset SAMPLAN_PRINT_SOURCE LANG LC_MESSAGES || :
out=$TMPROOT/out
err=$TMPROOT/err
sv() {
	(cd "$TMPROOT/plans" && LOCPATH=$LOC LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR=$MSG \
		"$SAMPLAN" "$@")
}

sv -C orebro-2025 print >"$out" 2>"$err"; rc=$?
check sv-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check sv-golden cmp "$top_srcdir/tests/print/orebro-2025.sv.txt" "$out"
check sv-heading-changes grep -qx 'Önskade förändringar' "$out"
check sv-marked-prioritised grep -qF 'Markerade punkter är prioriterade för 2025' "$out"
check sv-heading-groups grep -qx 'Arbetsgrupper' "$out"
check sv-heading-summary grep -qx 'Statussammanställning' "$out"
check sv-footer grep -qx 'Källa: orebro-2025' "$out"
# åäö are one column each: still 80 columns
check sv-80-columns sh -c "[ \$(wc -L <'$out') -le 80 ]"
# and messages: a usage error in Swedish
sv -C orebro-2025 print --format=pdf >"$out" 2>"$err"; rc=$?
check sv-usage-error sh -c "[ $rc -eq 2 ] && ! grep -q 'unknown format' '$err'"
# without SAMPLAN_LOCALEDIR the test's catalogue is not found: English
(cd "$TMPROOT/plans" && LOCPATH=$LOC LC_ALL=sv_SE.UTF-8 LANGUAGE= SAMPLAN_LOCALEDIR=$TMPROOT/none \
	"$SAMPLAN" -C orebro-2025 print >"$out")
check localedir-honoured grep -qx 'Desired changes' "$out"

finish
