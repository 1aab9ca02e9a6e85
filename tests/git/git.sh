#!/bin/sh
# samplan commit, diff and log in throw-away repositories (fixed author,
# date, HOME and GIT_CONFIG_NOSYSTEM from lib.sh): only the plan's files
# are committed, the message says what was decided, hostile plan text runs
# nothing, diff of a scripted history gives exactly the expected lines.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
here=$top_srcdir/tests/git
out=$TMPROOT/out
err=$TMPROOT/err
command -v git >/dev/null 2>&1 || skip "git is not installed"
# a day that is not one of the plan's meetings, unless a test says so
SAMPLAN_DATE=2025-04-01
export SAMPLAN_DATE

# --- commit: only the plan's files, the generated message ---
R=$TMPROOT/repo
mkdir -p "$R"
git -C "$R" init -q
cp -r "$top_srcdir/data/orebro-2025" "$R/plan"
chmod -R u+w "$R/plan"
echo "minnesanteckningar" >"$R/notes.txt"
git -C "$R" add -A
git -C "$R" commit -q -m start
P=$R/plan
"$S" -C "$P" set F3 status=pagar >/dev/null
"$S" -C "$P" set F5 priority=+2025 >/dev/null
"$S" -C "$P" set F1 status=klar groups=+fstod >/dev/null
echo "ändrad" >>"$R/notes.txt"           # unrelated, modified, unstaged
echo "annat" >"$R/staged.txt"
git -C "$R" add staged.txt               # unrelated, staged by someone
"$S" -C "$P" commit --dry-run >"$out" 2>"$err"; rc=$?
check dry-run-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check dry-run-commits-nothing [ "$(git -C "$R" rev-list --count HEAD)" -eq 1 ]
cat >"$TMPROOT/want" <<'WANT'
2 status changes, F5 prioritised 2025, 1 group assignment

F1: status Ej påbörjad → Klar
F1: group Arbetsgrupp föräldraskapsstöd (fstod) assigned
F3: status Ej påbörjad → Pågår
F5: prioritised 2025
WANT
check dry-run-message cmp "$TMPROOT/want" "$out"
# a day of another meeting (Norr's collaboration meeting) is not the
# management group's: its decisions are not the group's, and not said so
SAMPLAN_DATE=2025-09-24 "$S" -C "$P" commit --dry-run >"$out" 2>"$err"
check dry-run-other-meeting cmp "$TMPROOT/want" "$out"
SAMPLAN_DATE=2025-03-19 "$S" -C "$P" commit >"$out" 2>"$err"; rc=$?
check commit-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check commit-reports grep -q '^\[.* [0-9a-f]*\] Chefsgrupp folkhälsa 2025-03-19: 2 statuses' "$out"
git -C "$R" log -1 --format=%B >"$TMPROOT/msg"
# with the meeting in front the named edits do not fit 72 columns: the
# subject counts them in few words, every kind still named; the body
# names each edit
{ printf 'Chefsgrupp folkhälsa 2025-03-19: 2 statuses, 1 prio 2025, 1 assigned\n'; sed 1d "$TMPROOT/want"; echo; } >"$TMPROOT/want2"
check commit-message cmp "$TMPROOT/want2" "$TMPROOT/msg"
check commit-subject-fits-72 [ "$(git -C "$R" log -1 --format=%s | wc -m)" -le 73 ]
check commit-only-plan-files [ "$(git -C "$R" show --name-only --format= HEAD)" = "plan/changes.yaml" ]
git -C "$R" status --porcelain >"$TMPROOT/status"
check unrelated-modified-left-unstaged grep -qx ' M notes.txt' "$TMPROOT/status"
check unrelated-staged-left-staged grep -qx 'A  staged.txt' "$TMPROOT/status"
check plan-clean-after-commit sh -c "! grep -q plan/ '$TMPROOT/status'"
"$S" -C "$P" commit >"$out" 2>"$err"; rc=$?
check nothing-to-commit sh -c "[ $rc -eq 0 ] && grep -q 'nothing to commit' '$out'"
check nothing-to-commit-no-commit [ "$(git -C "$R" rev-list --count HEAD)" -eq 2 ]
"$S" -C "$P" set F4 status=pagar >/dev/null
"$S" -C "$P" commit -m "Beslut: F4 påbörjad" >"$out" 2>"$err"; rc=$?
check commit-m-exit [ "$rc" -eq 0 ]
check commit-m-message [ "$(git -C "$R" log -1 --format=%B)" = "Beslut: F4 påbörjad" ]
"$S" -C "$P" set F4 status=klar >/dev/null
"$S" -C "$P" commit >"$out" 2>"$err"
check commit-single-op-subject [ "$(git -C "$R" log -1 --format=%s)" = "F4: status Pågår → Klar" ]
"$S" -C "$P" commit -m "" >"$out" 2>"$err"; rc=$?
check commit-empty-message-usage [ "$rc" -eq 2 ]

# --- a plan that does not read is never committed ---
cp "$P/changes.yaml" "$TMPROOT/changes.bak"
printf '  - id: F99\n    status: [\n' >>"$P/changes.yaml"
"$S" -C "$P" commit -m x >"$out" 2>"$err"; rc=$?
check broken-plan-refused sh -c "[ $rc -eq 1 ] && grep -q '^.*changes.yaml:[0-9]*:[0-9]*: ' '$err'"
check broken-plan-not-committed [ "$(git -C "$R" log -1 --format=%s)" = "F4: status Pågår → Klar" ]
cp "$TMPROOT/changes.bak" "$P/changes.yaml"

# --- hostile plan text is data, never a command ---
H=$(fresh_plan hostile)
cd "$TMPROOT" || exit 1
"$S" -C "$H" set F2 'text=$(touch pwned1) `touch pwned2`; touch pwned3 && touch pwned4 | touch pwned5' >/dev/null
"$S" -C "$H" add '"; touch pwned6; echo "' >/dev/null
"$S" -C "$H" commit >"$out" 2>"$err"; rc=$?
"$S" -C "$H" diff HEAD~1 >>"$out" 2>>"$err"
"$S" -C "$H" log >>"$out" 2>>"$err"
check hostile-commit-exit [ "$rc" -eq 0 ]
check hostile-runs-nothing sh -c "! ls '$TMPROOT' '$H' '$HOME' | grep -q pwned"
check hostile-text-in-message sh -c "git -C '$H' log -1 --format=%B | grep -qF 'F2: text' && git -C '$H' log -1 --format=%B | grep -qF '\$(touch pwned1)'"
"$S" -C "$H" diff -- HEAD >"$out" 2>"$err"; rc=$?
check rev-option-refused [ "$rc" -eq 2 ]
"$S" -C "$H" diff '--upload-pack=touch pwned7' >"$out" 2>"$err"; rc=$?
check rev-option-refused-2 sh -c "[ $rc -eq 2 ] && ! ls '$TMPROOT' | grep -q pwned"
"$S" -C "$H" diff 'HEAD
--output=x' >"$out" 2>"$err"; rc=$?
check rev-with-newline-refused sh -c "[ $rc -eq 1 ] && grep -q 'control characters' '$err'"

# --- without git, or outside a repository: saving works, commit says why ---
N=$TMPROOT/nogit
mkdir -p "$N"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$N"/
chmod u+w "$N"/*.yaml
"$S" -C "$N" set F3 status=pagar >"$out" 2>"$err"; rc=$?
check no-repo-save-works sh -c "[ $rc -eq 0 ] && grep -q 'status: pagar' '$N/changes.yaml'"
GIT_CEILING_DIRECTORIES=$TMPROOT "$S" -C "$N" commit >"$out" 2>"$err"; rc=$?
check no-repo-commit-says-why sh -c "[ $rc -eq 1 ] && grep -q 'not in a git repository' '$err'"
PATH=/nonexistent "$S" -C "$N" commit >"$out" 2>"$err"; rc=$?
check no-git-commit-says-why sh -c "[ $rc -eq 1 ] && grep -q 'git is not installed' '$err'"
PATH=/nonexistent "$S" -C "$N" set F3 status=klar >"$out" 2>"$err"; rc=$?
check no-git-save-works sh -c "[ $rc -eq 0 ] && grep -q 'status: klar' '$N/changes.yaml'"

# --- auto_commit from the user's settings ---
A=$(fresh_plan auto)
XDG_CONFIG_HOME=$TMPROOT/xdg
export XDG_CONFIG_HOME
mkdir -p "$XDG_CONFIG_HOME/samplan"
"$S" -C "$A" set F6 status=pagar >"$out" 2>"$err"
check auto-commit-off-by-default [ "$(git -C "$A" rev-list --count HEAD)" -eq 1 ]
printf '# samplan\nauto_commit = true\n' >"$XDG_CONFIG_HOME/samplan/config"
"$S" -C "$A" set F7 status=klar >"$out" 2>"$err"; rc=$?
check auto-commit-exit [ "$rc" -eq 0 ]
check auto-commit-commits [ "$(git -C "$A" rev-list --count HEAD)" -eq 2 ]
check auto-commit-message [ "$(git -C "$A" log -1 --format=%s)" = "2 status changes" ]
check auto-commit-clean sh -c "[ -z \"\$(git -C '$A' status --porcelain)\" ]"
printf 'auto_commit = kanske\n' >"$XDG_CONFIG_HOME/samplan/config"
"$S" -C "$A" set F8 status=klar >"$out" 2>"$err"; rc=$?
check bad-config-position sh -c "[ $rc -eq 1 ] && grep -q 'samplan/config:1:15: auto_commit must be true or false' '$err'"
check bad-config-save-stands grep -q 'status: klar' "$A/changes.yaml"
unset XDG_CONFIG_HOME

# --- diff of a scripted history, exactly ---
D=$(fresh_plan history)
"$S" -C "$D" set F3 status=pagar >/dev/null
"$S" -C "$D" set F5 priority=+2025 groups=+fstod >/dev/null
git -C "$D" commit -q -am "second"
"$S" -C "$D" set F1 priority=-2025 'text=Beslutsfattare tillämpar folkhälsovetenskaplig kompetens.' >/dev/null
"$S" -C "$D" delete F11 >/dev/null
"$S" -C "$D" add 'Fler mötesplatser för äldre' status=pagar >/dev/null
"$S" -C "$D" move F2 down >/dev/null
"$S" -C "$D" move F2 down >/dev/null
"$S" -C "$D" set F3 status=klar notes='Klart i maj' horizon=lång >/dev/null
git -C "$D" commit -q -am "third"
"$S" -C "$D" diff HEAD~2 HEAD >"$out" 2>"$err"; rc=$?
check diff-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check diff-golden cmp "$here/history.diff" "$out"
"$S" -C "$D" diff --format=markdown HEAD~2 HEAD >"$out" 2>"$err"
check diff-markdown-golden cmp "$here/history.md" "$out"
if command -v cmark >/dev/null 2>&1; then
	check diff-markdown-renders [ "$(cmark "$out" | grep -c '<li>')" -eq "$(wc -l <"$here/history.diff")" ]
fi
"$S" -C "$D" diff HEAD >"$out" 2>"$err"; rc=$?
check diff-working-none sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
"$S" -C "$D" set F6 status=klar >/dev/null
"$S" -C "$D" diff HEAD >"$out" 2>"$err"
check diff-working-files [ "$(cat "$out")" = "F6: status Ej påbörjad → Klar" ]
"$S" -C "$D" diff HEAD~1 HEAD~1 >"$out" 2>"$err"
check diff-same-revision-empty [ ! -s "$out" ]
"$S" -C "$D" diff nosuchrev >"$out" 2>"$err"; rc=$?
check diff-unknown-rev sh -c "[ $rc -eq 1 ] && grep -q \"unknown revision 'nosuchrev'\" '$err'"
"$S" -C "$D" diff >"$out" 2>"$err"; rc=$?
check diff-missing-rev-usage [ "$rc" -eq 2 ]

# --- one change's history: only the commits that changed it ---
sed -i 's/^  - id: F4$/  # F4 was discussed 2025-03-19.\n  - id: F4/' "$D/changes.yaml"
git -C "$D" commit -q -am "comment above F4"
"$S" -C "$D" set F8 status=klar >/dev/null
git -C "$D" commit -q -am "fourth"
"$S" -C "$D" set F3 priority=+2026 >/dev/null
git -C "$D" commit -q -am "fifth"
"$S" -C "$D" log F3 >"$out" 2>"$err"; rc=$?
check log-change-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
cut -d' ' -f2- "$out" >"$TMPROOT/got"
check log-change-golden cmp "$here/history-f3.txt" "$TMPROOT/got"
check log-change-hash grep -q "^$(git -C "$D" rev-parse --short=7 HEAD) " "$out"
"$S" -C "$D" log -n 2 F3 >"$out" 2>"$err"
check log-change-max [ "$(wc -l <"$out")" -eq 1 ]
"$S" -C "$D" log F99 >"$out" 2>"$err"; rc=$?
check log-change-unknown-empty sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
"$S" -C "$D" log F13 >"$out" 2>"$err"
check log-change-added [ "$(cut -f3 "$out")" = "added" ]
"$S" -C "$D" log F11 >"$out" 2>"$err"
check log-change-deleted sh -c "head -1 '$out' | grep -q '^[0-9a-f]* 2025-03-19 -	-	deleted	third'"

# a change's story where only its own lines are read: a notes text over
# lines, moves, a neighbour deleted (its place moves, its lines do not), a
# status, and its deletion
H=$(fresh_plan history-alone)
"$S" -C "$H" set F3 "$(printf 'notes=Första raden\nandra raden')" >/dev/null
git -C "$H" commit -q -am "notes"
"$S" -C "$H" move F3 down >/dev/null
"$S" -C "$H" move F3 down >/dev/null
git -C "$H" commit -q -am "moved"
"$S" -C "$H" delete F1 >/dev/null
git -C "$H" commit -q -am "F1 gone"
"$S" -C "$H" set F3 status=klar >/dev/null
git -C "$H" commit -q -am "klar"
"$S" -C "$H" set F2 status=klar >/dev/null
git -C "$H" commit -q -am "F2 klar"
"$S" -C "$H" delete F3 >/dev/null
git -C "$H" commit -q -am "F3 gone"
"$S" -C "$H" log F3 >"$out" 2>"$err"; rc=$?
cut -d' ' -f2- "$out" >"$TMPROOT/got"
# the golden file is what reading every revision's whole plan gives
check log-alone-golden sh -c "[ $rc -eq 0 ] && cmp '$here/history-f3-alone.txt' '$TMPROOT/got'"

# --- one record of another kind: a group, a status, the plan ---
G=$(fresh_plan kinds-history)
"$S" -C "$G" set group:fstod "lead=Deepa Åström" >/dev/null
git -C "$G" commit -q -am "lead"
"$S" -C "$G" set group:lansdelsgrupper "name=Länsdelarna" >/dev/null
git -C "$G" commit -q -am "the other group"
"$S" -C "$G" set status:pagar "label=Pågår nu" >/dev/null
git -C "$G" commit -q -am "label"
"$S" -C "$G" set group:fstod "members=+Ida Broman (Region Örebro län)" >/dev/null
git -C "$G" commit -q -am "member"
"$S" -C "$G" delete group:fstod >/dev/null
git -C "$G" commit -q -am "gone"
"$S" -C "$G" log group:fstod >"$out" 2>"$err"; rc=$?
cut -d' ' -f2- "$out" >"$TMPROOT/got"
printf '%s\t%s\t%s\t%s\n' \
	"2025-03-19 -" - deleted gone \
	"2025-03-19 -" - "Ida Broman (Region Örebro län) added to the members" member \
	"2025-03-19 -" - 'lead "" → "Deepa Åström"' lead \
	"2025-03-19 -" - added start >"$TMPROOT/want"
check log-group sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ] && cmp '$TMPROOT/want' '$TMPROOT/got'"
"$S" -C "$G" log -n 2 groups:fstod >"$out" 2>"$err"
check log-group-plural-max [ "$(cut -f4 "$out" | tr '\n' ' ')" = "gone member " ]
"$S" -C "$G" log status:pagar >"$out" 2>"$err"
check log-status [ "$(cut -f3,4 "$out" | tr '\t\n' '| ')" = 'label "Pågår" → "Pågår nu"|label added|start ' ]
"$S" -C "$G" set plan focus_year=2026 >/dev/null
git -C "$G" commit -q -am "next year"
"$S" -C "$G" log plan >"$out" 2>"$err"
check log-plan [ "$(cut -f3,4 "$out" | tr '\t\n' '| ')" = 'focus year 2025 → 2026|next year added|start ' ]
"$S" -C "$G" log group:lansdelsgrupper >"$out" 2>"$err"
check log-other-group [ "$(cut -f3 "$out" | tr '\n' '|')" = 'name "Länsdelsgrupperna" → "Länsdelarna"|added|' ]

# --- log ---
"$S" -C "$D" log >"$out" 2>"$err"; rc=$?
check log-exit [ "$rc" -eq 0 ]
check log-lines [ "$(cut -d' ' -f2- "$out")" = "$(printf '2025-03-19 fifth\n2025-03-19 fourth\n2025-03-19 comment above F4\n2025-03-19 third\n2025-03-19 second\n2025-03-19 start')" ]
check log-short-hash grep -qx "$(git -C "$D" rev-parse --short HEAD) 2025-03-19 fifth" "$out"
"$S" -C "$D" log -n 1 >"$out" 2>"$err"
check log-max [ "$(wc -l <"$out")" -eq 1 ]
"$S" -C "$D" log -n x >"$out" 2>"$err"; rc=$?
check log-bad-n [ "$rc" -eq 2 ]

# --- git's text and plan text never reach a terminal raw: escape sequences
# in a commit subject, a tab that would break log ID's columns, U+202E
E=$(fresh_plan escapes)
esc=$(printf '\033')
"$S" -C "$E" set F2 "text=före$(printf '\342\200\256')efter" >/dev/null
git -C "$E" commit -q -am "$(printf 'evil \033]0;pwned\007 \033[31mred\tTAB')"
"$S" -C "$E" log -n 1 >"$out" 2>"$err"
check log-subject-escaped [ "$(cut -d' ' -f3- "$out")" = 'evil \x1b]0;pwned\x07 \x1b[31mred\tTAB' ]
"$S" -C "$E" log -n 1 F2 >"$out" 2>"$err"
check log-id-columns sh -c "[ \"\$(awk -F'\t' '{ print NF }' '$out')\" = 4 ] && [ \"\$(cut -f4 '$out')\" = 'evil \\x1b]0;pwned\\x07 \\x1b[31mred\\tTAB' ]"
"$S" -C "$E" list >"$out" 2>"$err"
# into a pipe the text as it is, but a format character (bidi) as \uXXXX
check list-pipe-keeps-text grep -qF 'före\u202eefter' "$out"
"$S" -C "$E" show F2 >"$out" 2>"$err"
check show-pipe-keeps-text grep -qF "$(printf 'text\tföre\\u202eefter')" "$out"
if command -v script >/dev/null 2>&1; then
	# on a terminal (script(1) gives one): the same, and U+202E marked as print marks it
	tty_out() { script -qec "$*" /dev/null </dev/null | tr -d '\r'; }
	tty_out "'$S' -C '$E' log -n 1" >"$out"
	check log-tty-no-escape sh -c "! grep -qF '$esc' '$out' && grep -qF 'evil \\x1b]0;pwned' '$out'"
	tty_out "'$S' -C '$E' show F2" >"$out"
	check show-tty-marks-bidi grep -qF "$(printf 'text\tföre\357\277\275efter')" "$out"
	tty_out "'$S' -C '$E' list" >"$out"
	check list-tty-marks-bidi sh -c "grep -qF 'före$(printf '\357\277\275')efter' '$out' && ! grep -qF '$(printf '\342\200\256')' '$out'"
	tty_out "'$S' -C '$E' set F2 'notes=x$(printf '\342\200\256')y'" >"$out"
	check set-tty-marks-bidi grep -qF "→ \"x$(printf '\357\277\275')y\"" "$out"
	tty_out "'$S' -C '$E' diff HEAD" >"$out"
	check diff-tty-marks-bidi sh -c "grep -qF 'x$(printf '\357\277\275')y' '$out' && ! grep -qF '$(printf '\342\200\256')' '$out'"
fi

# --- a committed id is not given again: delete F13 (in HEAD), add -> F14,
# so the difference says what was decided, not an edit of F13
I=$(fresh_plan ids)
"$S" -C "$I" add "Ny förändring" >/dev/null 2>&1
git -C "$I" commit -q -am "F13 added"
"$S" -C "$I" delete F13 >/dev/null
"$S" -C "$I" add "En annan förändring" >"$out" 2>"$err"
check add-skips-committed-id sh -c "[ \"\$(cat '$out')\" = F14 ] && grep -qx 'F14: added \"En annan förändring\"' '$err'"
"$S" -C "$I" diff HEAD >"$out" 2>"$err"
check add-after-delete-diff [ "$(cat "$out")" = "$(printf 'F13: deleted "Ny förändring"\nF14: added "En annan förändring"')" ]
# an id never committed is free again
"$S" -C "$I" delete F14 >/dev/null
"$S" -C "$I" add "Tredje" >"$out" 2>"$err"
check add-reuses-uncommitted-id sh -c "[ \"\$(cat '$out')\" = F14 ] && grep -qx 'F14: added \"Tredje\"' '$err'"

# --- print's source line: the commit, unless git would not look there ---
# A git on PATH that notes each run: above a GIT_CEILING_DIRECTORIES entry
# samplan does not ask git at all, as git would not find the repository;
# an entry that is the plan's own directory is no ceiling, as for git.
mkdir -p "$TMPROOT/bin"
real_git=$(command -v git)
printf '#!/bin/sh\necho run >>"%s"\nexec "%s" "$@"\n' "$TMPROOT/git-runs" "$real_git" >"$TMPROOT/bin/git"
chmod +x "$TMPROOT/bin/git"
head=$(git -C "$R" rev-parse --short HEAD)
# print_source NAME CEILING WANT: WANT "commit" or "none"
print_source() {
	rm -f "$TMPROOT/git-runs"
	PATH=$TMPROOT/bin:$PATH GIT_CEILING_DIRECTORIES=$2 "$S" -C "$P" print >"$out" 2>"$err"
	foot=$(tail -n 1 "$out")
	if [ "$3" = commit ]; then
		# the repository's name and the plan's place in it
		check "$1" sh -c "echo '$foot' | grep -q '^Source: $(basename "$R")/plan, commit $head ' && [ -e '$TMPROOT/git-runs' ]"
	else
		check "$1" sh -c "[ '$foot' = 'Source: plan' ] && [ ! -e '$TMPROOT/git-runs' ]"
	fi
}
print_source print-source-commit "" commit
print_source print-source-ceiling "$R" none
print_source print-source-ceiling-in-list "/nowhere:$R/" none
print_source print-source-own-dir-no-ceiling "$P" commit

# add asks git for the ids taken at HEAD only where git could find a
# repository: above a ceiling it starts no git at all
rm -f "$TMPROOT/git-runs"
PATH=$TMPROOT/bin:$PATH GIT_CEILING_DIRECTORIES=$R "$S" -C "$P" add 'text=Utan git' >"$out" 2>"$err"
check add-outside-no-git sh -c "grep -q '^F[0-9]*\$' '$out' && [ ! -e '$TMPROOT/git-runs' ]"
PATH=$TMPROOT/bin:$PATH "$S" -C "$P" add 'text=Med git' >"$out" 2>"$err"
check add-inside-asks-git sh -c "grep -q '^F[0-9]*\$' '$out' && [ -e '$TMPROOT/git-runs' ]"
# diff asks git twice: whether the plan is in a work tree, then the
# revision's commit and files in one cat-file
rm -f "$TMPROOT/git-runs"
PATH=$TMPROOT/bin:$PATH "$S" -C "$P" diff HEAD >"$out" 2>"$err"
check diff-two-gits sh -c "[ \$(wc -l <'$TMPROOT/git-runs') -eq 2 ] && grep -q 'added' '$out'"
rm -f "$TMPROOT/git-runs"
PATH=$TMPROOT/bin:$PATH "$S" -C "$P" diff nosuchrev >"$out" 2>"$err"
check diff-unknown-two-gits sh -c "[ \$(wc -l <'$TMPROOT/git-runs') -eq 2 ] && grep -q \"unknown revision 'nosuchrev'\" '$err'"

# commit asks git five things, each once: the work tree and its branch
# (one rev-parse), the last commit's files (for the message), then add,
# whether anything is staged, commit
rm -f "$TMPROOT/git-runs"
PATH=$TMPROOT/bin:$PATH "$S" -C "$P" commit >"$out" 2>"$err"
check commit-five-gits sh -c "[ \$(wc -l <'$TMPROOT/git-runs') -eq 5 ] && [ ! -s '$err' ] && [ -z \"\$(git -C '$R' status --porcelain -- plan)\" ]"
# on no branch it says so, and commits all the same
git -C "$R" checkout -q --detach
"$S" -C "$P" set F2 status=klar >/dev/null
"$S" -C "$P" commit >"$out" 2>"$err"
check commit-detached-said sh -c "grep -q 'HEAD is detached' '$err' && [ -z \"\$(git -C '$R' status --porcelain -- plan)\" ]"
# the first commit of a new repository is on a branch with no commit yet
U=$TMPROOT/unborn
mkdir -p "$U"
git -C "$U" init -q
cp -r "$top_srcdir/data/orebro-2025/." "$U/"
chmod -R u+w "$U"
"$S" -C "$U" commit -m "Planen" >"$out" 2>"$err"
check commit-first-on-a-branch sh -c "[ ! -s '$err' ] && [ \"\$(git -C '$U' log --format=%s)\" = Planen ]"

finish
