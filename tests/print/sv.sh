#!/bin/sh
# The Swedish translation is used: `samplan print` in a Swedish locale with
# the catalogue from this tree (lib.sh's `swedish`), against a golden file.
. "$(dirname "$0")/../lib.sh"

swedish

# A copy of the shipped plan outside git, printed from its parent, so the
# footer is the translated "Source: %s" with a fixed directory.
mkdir -p "$TMPROOT/plans/orebro-2025"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$TMPROOT/plans/orebro-2025/"
chmod u+w "$TMPROOT/plans/orebro-2025/"*.yaml
GIT_CEILING_DIRECTORIES=$TMPROOT
SAMPLAN_PRINT_DATE=2025-03-19
export GIT_CEILING_DIRECTORIES SAMPLAN_PRINT_DATE
unset SAMPLAN_PRINT_SOURCE || :
out=$TMPROOT/out
err=$TMPROOT/err
svp() {
	(cd "$TMPROOT/plans" && sv "$SAMPLAN" "$@")
}

svp -C orebro-2025 print >"$out" 2>"$err"; rc=$?
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
svp -C orebro-2025 print --format=pdf >"$out" 2>"$err"; rc=$?
check sv-usage-error sh -c "[ $rc -eq 2 ] && ! grep -q 'unknown format' '$err'"
# the build tree's binary finds the build's own catalogue, as a newcomer
# runs it before `make install` (no SAMPLAN_LOCALEDIR)
(cd "$TMPROOT/plans" && LOCPATH=$SV_LOCPATH LC_ALL=sv_SE.UTF-8 LANGUAGE= \
	env -u SAMPLAN_LOCALEDIR "$SAMPLAN" -C orebro-2025 print >"$out")
check build-tree-speaks-swedish grep -qx 'Önskade förändringar' "$out"
# the minutes of the shipped meeting: the group's own headings and words
SAMPLAN_DATE=2025-01-23 svp -C orebro-2025 minutes 2025-01-22 >"$out" 2>"$err"; rc=$?
check sv-minutes-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check sv-minutes-golden cmp "$top_srcdir/tests/print/minutes-2025-01-22.sv.txt" "$out"
check sv-minutes-80-columns sh -c "[ \$(wc -L <'$out') -le 80 ]"
for h in 'Minnesanteckningar Chefsgrupp folkhälsa' 'När: Onsdag 22 januari 2025 kl. 13.00–16.30' \
	'Var: Länsstyrelsen' Deltagare Gäster Dagordning 'Beslut:' 'Till nästa möte' \
	'Till kommande möten' 'Ingmar Ångman, områdeschef välfärd och folkhälsa, ordförande' \
	'Deepa Singhru, punkt 4, 5 och 6' 'Onsdag 19 mars 2025 kl. 13.00–16.30 (Chefsgrupp folkhälsa)'; do
	check "sv-minutes-$h" grep -qxF "$h" "$out"
done

# without SAMPLAN_LOCALEDIR the test's catalogue is not found: English
(cd "$TMPROOT/plans" && SV_MESSAGES=$TMPROOT/none sv "$SAMPLAN" -C orebro-2025 print >"$out")
check localedir-honoured grep -qx 'Desired changes' "$out"

finish
