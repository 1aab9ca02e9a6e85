#!/bin/sh
# The merge driver (samplan merge-file) through real git: a bare "remote"
# and two clones made from the shipped plan, the driver registered by
# `samplan git-setup` (as `samplan init` does); each case is a scripted
# pair of edits, A's pushed first, B's merged with A's by `git pull` (and
# by `git pull --rebase` and `git cherry-pick`).  The oracle for a pair
# that does not conflict: B's edits and then A's made by samplan on one
# copy of the plan, compared byte for byte with the merged files.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
command -v git >/dev/null 2>&1 || skip "git is not installed"
SAMPLAN_DATE=2025-04-01
export SAMPLAN_DATE
samplan_on_path
git config --global init.defaultBranch main
git config --global pull.rebase false

# The seed: the shipped plan with one activity (so that follow-ups, records
# inside records, can be merged too), committed with the driver set up.
SEED=$TMPROOT/seed
mkdir -p "$SEED"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$SEED/"
chmod u+w "$SEED"/*.yaml
"$S" -C "$SEED" add activity text="Utbildningsdag om föräldraskapsstöd" changes=F1 \
	period.from=2025 >/dev/null 2>&1
"$S" -C "$SEED" add followup:A1 year=2025 party=norr done="En dag i Lindesberg" \
	>/dev/null 2>&1
git -C "$SEED" init -q
"$S" -C "$SEED" git-setup >"$out" 2>"$err"; rc=$?
check git-setup-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check git-setup-attributes sh -c "grep -qx 'changes.yaml merge=samplan' '$SEED/.gitattributes' &&
	[ \$(grep -c merge=samplan '$SEED/.gitattributes') -eq 4 ]"
check git-setup-driver [ "$(git -C "$SEED" config merge.samplan.driver)" = \
	"samplan merge-file --marker-size=%L -L %X -L %S -L %Y %O %A %B %P" ]
cp "$SEED/.gitattributes" "$TMPROOT/attr"
"$S" -C "$SEED" git-setup >/dev/null 2>&1
check git-setup-twice-changes-nothing cmp "$TMPROOT/attr" "$SEED/.gitattributes"
git -C "$SEED" add -A
git -C "$SEED" commit -q -m start

# new_case NAME: $A and $B, two clones of a remote of their own, at the seed.
new_case() {
	C=$TMPROOT/case-$1
	mkdir -p "$C"
	git clone -q --bare "$SEED" "$C/remote.git"
	git clone -q "$C/remote.git" "$C/a"
	git clone -q "$C/remote.git" "$C/b"
	"$S" -C "$C/a" git-setup >/dev/null
	"$S" -C "$C/b" git-setup >/dev/null
	A=$C/a
	B=$C/b
	# the oracle: the seed with B's edits, then A's
	W=$C/want
	mkdir -p "$W"
	cp "$SEED"/*.yaml "$W/"
}

# edit DIR SAMPLAN-ARGS...: one edit, and a commit of it.
edit() {
	e_dir=$1
	shift
	"$S" -C "$e_dir" "$@" >/dev/null 2>"$TMPROOT/edit-err" ||
		{ echo "edit failed: $*"; cat "$TMPROOT/edit-err"; }
}
commit() {
	git -C "$1" add -A && git -C "$1" commit -q -m "${2:-edit}"
}

# same_plan NAME DIR WANT: every plan file of DIR is WANT's, byte for byte.
same_plan() {
	s_ok=0
	for f in plan.yaml groups.yaml changes.yaml activities.yaml; do
		cmp -s "$2/$f" "$3/$f" || { s_ok=1; diff -u "$3/$f" "$2/$f" | head -30; }
	done
	check "$1" [ $s_ok -eq 0 ]
}

# pair NAME 'A edits' 'B edits': A's edits pushed, B's then merged by
# `git pull`; the result is the oracle's and loads.  Each edits list is
# a list of samplan argument lists separated by ';'.
pair() {
	p_name=$1
	new_case "$p_name"
	run_edits "$A" "$2"
	run_edits "$W" "$3"
	run_edits "$W" "$2"
	commit "$A" "A"
	git -C "$A" push -q
	run_edits "$B" "$3"
	commit "$B" "B"
	git -C "$B" pull -q >"$out" 2>"$err"; rc=$?
	check "$p_name-pull-merges" [ $rc -eq 0 ]
	[ $rc -eq 0 ] || cat "$err"
	same_plan "$p_name-as-both-edits" "$B" "$W"
	"$S" -C "$B" check -q >/dev/null 2>&1
	check "$p_name-loads" [ $? -eq 0 ]
}

run_edits() {
	r_dir=$1
	echo "$2" | tr ';' '\n' | while IFS= read -r line; do
		[ -n "$line" ] || continue
		eval "edit \"\$r_dir\" $line"
	done
}

# --- pairs that git's line merge also merges (and some it does not) ---
pair neighbours 'set F3 status=klar' 'set F4 status=pagar'
pair one-record-two-fields 'set F3 status=klar' 'set F3 groups=+fstod'
pair plan-and-changes 'set plan focus_year=2026' 'set F2 status=klar'
pair groups-as-sets 'set F1 groups=+fstod' 'set F1 groups=+lansdelsgrupper'
pair years-as-sets 'set F5 priority=+2026' 'set F5 priority=+2027'
pair members-as-sets 'set group:fstod members=+Ada' 'set group:fstod members=+Bo'
pair deleted-and-untouched 'delete F12' 'set F11 status=klar'
pair moved-and-edited 'move F6 up' 'set F6 status=klar'
pair group-lead-and-change 'set group:fstod lead="Deepa"' 'set F7 status=klar'
# theirs moved several records, one after another: each lands after what
# it follows in theirs, though that moved too
pair moves-in-a-chain 'move F5 up;move F5 up;move F5 up;move F4 up;move F4 up' 'set F3 status=klar'
pair followups-both-added \
	'add followup:A1 year=2025 party=soder done="Två träffar"' \
	'add followup:A1 year=2025 party=vaster done="En enkät"'
pair followup-fields 'set followup:A1/2025-norr output="Tio deltagare"' \
	'set followup:A1/2025-norr comment="Bra dag"'

# a meeting's records: attendance as a set, a point and an action added
# on both sides, two fields of one action
pair attendance-as-sets 'set meeting:2025-03-19 attendees=+ingmar-angman' \
	'set meeting:2025-03-19 attendees=+anna-jakobsson'
pair attendance-and-point 'set meeting:2025-03-19 attendees=+ingmar-angman' \
	'add point:2025-03-19 number=1 title=Inledning'
pair points-both-added 'add point:2025-03-19 number=1 title=Inledning' \
	'add point:2025-03-19 number=2 title=Samverkansplan'
pair action-fields 'set action:2025-01-22/T1 done=2025-03-19' \
	'set action:2025-01-22/T1 who=+ida-broman'
pair topic-placed-and-action 'set topic:K6 meeting=2025-03-19' \
	'add action:2025-01-22 what="Uppdragsbeskrivning" group=fstod'

# --- a change added on both sides under the same id: both kept ---
pair both-added 'add "Förändring från A"' 'add "Förändring från B"'
check both-added-said grep -q 'F13 "Förändring från A" of theirs is now F14' "$err"
check both-added-ids sh -c "grep -q '^  - id: F13' '$B/changes.yaml' &&
	grep -q '^  - id: F14' '$B/changes.yaml'"

# theirs' activity names theirs' F13 (and git takes activities.yaml as
# theirs has it, ours having left it): theirs' F13 keeps its id, and ours'
# gets the next one
new_case renamed-refs
run_edits "$A" 'add "Förändring från A";add activity text="A:s aktivitet" changes=F13'
commit "$A"
git -C "$A" push -q
run_edits "$B" 'add "Förändring från B"'
commit "$B"
git -C "$B" pull -q >"$out" 2>"$err"; rc=$?
check renamed-refs-merge [ $rc -eq 0 ]
check renamed-refs-keep-named sh -c "'$S' -C '$B' show F13 | grep -qx 'text	Förändring från A' &&
	'$S' -C '$B' show F14 | grep -qx 'text	Förändring från B' &&
	'$S' -C '$B' list activity | grep 'A:s aktivitet' | grep -q 'F13'"
check renamed-refs-said grep -q 'F13 "Förändring från B" of ours is now F14' "$err"
check renamed-refs-loads "$S" -C "$B" check -q

# both sides name their own F13 in their activities: a conflict
new_case named-both
run_edits "$A" 'add "Från A";add activity text="A:s" changes=F13'
commit "$A"
git -C "$A" push -q
run_edits "$B" 'add "Från B";add activity text="B:s" changes=F13'
commit "$B"
git -C "$B" pull -q >"$out" 2>"$err"; rc=$?
check named-both-conflict sh -c "[ $rc -ne 0 ] && grep -q 'F13: added by both, with different content, each named in other files' '$err'"

# --- the same through a rebase and a cherry-pick ---
new_case rebase
run_edits "$A" 'set F3 status=klar;add "Från A"'
run_edits "$W" 'set F4 status=pagar;set F3 status=klar;add "Från A"'
commit "$A"
git -C "$A" push -q
run_edits "$B" 'set F4 status=pagar'
commit "$B"
git -C "$B" pull -q --rebase >"$out" 2>"$err"; rc=$?
check rebase-merges [ $rc -eq 0 ]
same_plan rebase-as-both-edits "$B" "$W"
check rebase-linear [ "$(git -C "$B" rev-list --count --merges HEAD)" -eq 0 ]

new_case cherry
run_edits "$A" 'set F9 status=klar'
commit "$A"
pick=$(git -C "$A" rev-parse HEAD)
git -C "$A" push -q
run_edits "$B" 'set F8 status=pagar'
commit "$B"
git -C "$B" fetch -q
git -C "$B" cherry-pick "$pick" >"$out" 2>"$err"; rc=$?
check cherry-pick-merges [ $rc -eq 0 ]
check cherry-pick-both sh -c "'$S' -C '$B' show F9 | grep -qx 'status	klar' && '$S' -C '$B' show F8 | grep -qx 'status	pagar'"

# --- ours' layout and comments stay; theirs' edit is patched in ---
new_case comments
run_edits "$A" 'set F10 status=klar'
commit "$A"
git -C "$A" push -q
sed 's/^  - id: F2$/  # a note of ours, by hand\n  - id: F2/' "$B/changes.yaml" >"$TMPROOT/c" &&
	cat "$TMPROOT/c" >"$B/changes.yaml"
commit "$B"
git -C "$B" pull -q >"$out" 2>"$err"; rc=$?
check comments-merge [ $rc -eq 0 ]
check comments-kept grep -q '^  # a note of ours, by hand$' "$B/changes.yaml"
git -C "$B" diff HEAD~1 HEAD -- changes.yaml | grep '^[-+] ' >"$TMPROOT/d"
printf '%s\n' '-    status: ej-paborjad' '+    status: klar' >"$TMPROOT/dw"
check comments-only-theirs-edit cmp "$TMPROOT/dw" "$TMPROOT/d"

# --- theirs' comments come along, above a record both edited, or one
# theirs added (and that got another id) ---
new_case theirs-comments
run_edits "$A" 'set F8 status=klar;add "Förändring från A"'
sed 's/^  - id: F8$/  # theirs: beslutat 2025-03-19\n  - id: F8/; s/^  - id: F13$/  # theirs: ny\n  - id: F13/' \
	"$A/changes.yaml" >"$TMPROOT/c" && cat "$TMPROOT/c" >"$A/changes.yaml"
commit "$A"
git -C "$A" push -q
run_edits "$B" 'set F8 notes="Vår anteckning";add "Förändring från B"'
commit "$B"
git -C "$B" pull -q >"$out" 2>"$err"; rc=$?
check theirs-comments-merge [ $rc -eq 0 ]
check theirs-comment-above-edited sh -c "grep -A1 '^  # theirs: beslutat 2025-03-19$' '$B/changes.yaml' | grep -qx '  - id: F8'"
check theirs-comment-above-added sh -c "grep -A1 '^  # theirs: ny$' '$B/changes.yaml' | grep -qx '  - id: F14'"
check theirs-comments-both-edits sh -c "'$S' -C '$B' show F8 | grep -qx 'status	klar' &&
	'$S' -C '$B' show F8 | grep -qx 'notes	Vår anteckning'"

# --- a conflict: said in words, marked around its value only, settled ---
# conflicted NAME 'A edits' 'B edits': the pair pulled, which stops
conflicted() {
	new_case "$1"
	run_edits "$A" "$2"
	commit "$A"
	git -C "$A" push -q
	run_edits "$B" "$3"
	commit "$B"
	git -C "$B" pull -q >"$out" 2>"$err"; rc=$?
	check "$1-pull-stops" [ $rc -ne 0 ]
}
conflicted conflict 'set F3 status=klar;set F5 status=klar' 'set F3 status=pagar;set F4 status=klar'
check conflict-said grep -q 'changes.yaml: F3 status: ours pagar, theirs klar, was ej-paborjad' "$err"
# only the value's line is marked; the other edits of both sides merged
sed -n '/^<<<<<<< /,/^>>>>>>> /p' "$B/changes.yaml" >"$TMPROOT/d"
cat >"$TMPROOT/dw" <<'WANT'
<<<<<<< ours
    status: pagar
||||||| base
    status: ej-paborjad
=======
    status: klar
>>>>>>> theirs
WANT
check conflict-marks-value-only cmp "$TMPROOT/dw" "$TMPROOT/d"
check conflict-others-merged sh -c "'$S' -C '$B' resolve --ours >/dev/null && '$S' -C '$B' show F5 |
	grep -qx 'status	klar' && '$S' -C '$B' show F4 | grep -qx 'status	klar'"
git -C "$B" checkout -q -m -- changes.yaml 2>/dev/null ||
	git -C "$B" checkout -q --conflict=merge -- changes.yaml
conflicted conflict2 'set F3 status=klar' 'set F3 status=pagar'
cp "$B/changes.yaml" "$TMPROOT/marked"
"$S" -C "$B" check >"$out" 2>"$err"; rc=$?
check conflict-check-exit [ $rc -eq 1 ]
check conflict-check-words grep -qx ".*/changes.yaml:[0-9]*:1: F3 status: ours Pågår, theirs Klar, was Ej påbörjad" "$err"
check conflict-check-hint grep -q "1 conflict to settle: 'samplan resolve --ours'" "$err"
"$S" -C "$B" resolve F3 status=ej-paborjad >"$out" 2>"$err"; rc=$?
check resolve-value-exit sh -c "[ $rc -eq 0 ] && grep -q 'F3 status settled' '$out'"
check resolve-value-set sh -c "'$S' -C '$B' show F3 | grep -qx 'status	ej-paborjad'"
check resolve-value-staged sh -c "git -C '$B' diff --name-only --diff-filter=U | grep -c . | grep -qx 0"
awk '/^<<<<<<< /{print "    status: ej-paborjad"; skip=1} !skip{print} /^>>>>>>> /{skip=0}' \
	"$TMPROOT/marked" >"$TMPROOT/settled"
check resolve-value-only-that cmp "$TMPROOT/settled" "$B/changes.yaml"
git -C "$B" commit -q -m merged
check resolve-value-committed [ "$(git -C "$B" rev-list --count --merges HEAD)" -eq 1 ]
cp "$TMPROOT/marked" "$B/changes.yaml"
"$S" -C "$B" resolve F3 status=okänd >"$out" 2>"$err"; rc=$?
check resolve-value-checked sh -c "[ $rc -ne 0 ] && cmp -s '$TMPROOT/marked' '$B/changes.yaml'"
"$S" -C "$B" resolve F4 status=klar >"$out" 2>"$err"; rc=$?
check resolve-value-no-such sh -c "[ $rc -ne 0 ] && grep -q 'no conflict about F4 status' '$err'"

# a rebase names the sides as they are there: the upstream, and yours
new_case rebase-conflict
run_edits "$A" 'set F3 status=klar'
commit "$A"
git -C "$A" push -q
run_edits "$B" 'set F3 status=pagar'
commit "$B"
git -C "$B" pull -q --rebase >"$out" 2>"$err"; rc=$?
check rebase-conflict-stops [ $rc -ne 0 ]
check rebase-conflict-said grep -q 'F3 status: upstream klar, yours pagar, was ej-paborjad' "$err"
check rebase-conflict-labels sh -c "grep -q '^<<<<<<< upstream$' '$B/changes.yaml' &&
	grep -q '^>>>>>>> yours$' '$B/changes.yaml'"
"$S" -C "$B" check >"$out" 2>"$err"
check rebase-conflict-check grep -q 'F3 status: upstream Klar, yours Pågår, was Ej påbörjad' "$err"
git -C "$B" rebase --abort

conflicted deleted-edited 'delete F12' 'set F12 status=klar'
check deleted-edited-said grep -q 'F12: deleted by theirs, changed by ours' "$err"
"$S" -C "$B" check >"$out" 2>"$err"
check deleted-edited-check grep -q ': F12: only ours has it' "$err"
"$S" -C "$B" resolve --theirs >"$out" 2>"$err"; rc=$?
check deleted-edited-theirs sh -c "[ $rc -eq 0 ] && ! grep -q 'id: F12$' '$B/changes.yaml' &&
	'$S' -C '$B' check -q"

conflicted moved-both 'move F6 up' 'move F6 down'
check moved-both-said grep -q ': moved by both, to different places' "$err"
"$S" -C "$B" resolve --ours >"$out" 2>"$err"; rc=$?
check moved-both-ours sh -c "[ $rc -eq 0 ] && '$S' -C '$B' list | sed -n 7p | grep -q '^F6	'"

conflicted added-both-group 'add group name="Ny grupp" lead=Ada' 'add group name="Ny grupp" lead=Bo'
check added-both-group-said grep -q 'ny-grupp: added by both, with different content' "$err"
"$S" -C "$B" resolve --theirs >"$out" 2>"$err"; rc=$?
check added-both-group-theirs sh -c "[ $rc -eq 0 ] && '$S' -C '$B' show group:ny-grupp | grep -qx 'lead	Ada'"

# markers that do not pair up are no conflict resolve can settle
B2=$TMPROOT/unpaired
mkdir -p "$B2"
cp "$SEED"/*.yaml "$B2/"
printf '<<<<<<< ours\nx\n=======\n' >>"$B2/changes.yaml"
"$S" -C "$B2" resolve --theirs >"$out" 2>"$err"; rc=$?
check resolve-unpaired-markers sh -c "[ $rc -eq 1 ] && grep -q 'conflict markers do not pair up' '$err'"

# --- merge-file by hand: outside git, other files, broken versions ---
M=$TMPROOT/hand
# version NAME 'edits': the seed's changes.yaml with the edits, as $M/NAME
version() {
	mkdir -p "$M/$1.d"
	cp "$SEED"/*.yaml "$M/$1.d/"
	run_edits "$M/$1.d" "$2"
	cp "$M/$1.d/changes.yaml" "$M/$1"
}
version base ''
version ours 'set F2 notes=ours'
version theirs 'set F3 status=klar'
"$S" merge-file "$M/base" "$M/ours" "$M/theirs" changes.yaml >"$out" 2>"$err"; rc=$?
check hand-merge-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
run_edits "$M/base.d" 'set F2 notes=ours;set F3 status=klar'
check hand-merge-both cmp "$M/base.d/changes.yaml" "$M/ours"

printf 'a\nb\nc\n' >"$M/t-base"
printf 'A\nb\nc\n' >"$M/t-ours"
printf 'a\nb\nC\n' >"$M/t-theirs"
"$S" merge-file "$M/t-base" "$M/t-ours" "$M/t-theirs" notes.txt >"$out" 2>"$err"; rc=$?
check not-a-plan-file-by-lines sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$M/t-ours')\" = \"\$(printf 'A\nb\nC')\" ]"
check not-a-plan-file-said grep -q 'notes.txt is not a plan file; merging it by lines' "$err"

version o2 'set F4 status=klar'
printf 'changes: [\n' >"$M/x2"
cp "$M/o2" "$M/o2-before"
"$S" merge-file "$M/base" "$M/o2" "$M/x2" changes.yaml >"$out" 2>"$err"; rc=$?
check broken-version-by-lines grep -q 'does not read as a plan file, or its conflicts share lines; merging it by lines' "$err"
check broken-version-exit [ $rc -eq 1 ]
check broken-version-where grep -q '^changes.yaml (theirs):2:1: ' "$err"
check broken-version-marked grep -q '^<<<<<<< ours' "$M/o2"

"$S" merge-file "$M/base" "$M/o2" >"$out" 2>"$err"; rc=$?
check merge-file-usage [ $rc -eq 2 ]
"$S" merge-file "$M/base" "$M/none" "$M/x2" changes.yaml >"$out" 2>"$err"; rc=$?
check merge-file-unreadable sh -c "[ $rc -eq 2 ] && grep -q 'cannot read' '$err'"

# --- a clone without the driver's config is told how to get it ---
git clone -q "$SEED" "$TMPROOT/bare-clone"
"$S" -C "$TMPROOT/bare-clone" check >"$out" 2>"$err"; rc=$?
check clone-without-driver-told sh -c "[ $rc -eq 0 ] && grep -q \"run 'samplan git-setup' once\" '$err'"
"$S" -C "$TMPROOT/bare-clone" git-setup >/dev/null
"$S" -C "$TMPROOT/bare-clone" check >"$out" 2>"$err"
check clone-with-driver-quiet [ ! -s "$err" ]

# --- init registers the driver ---
"$S" init "$TMPROOT/fresh" >"$out" 2>"$err"
check init-registers sh -c "grep -qx 'plan.yaml merge=samplan' '$TMPROOT/fresh/.gitattributes' &&
	[ -n \"\$(git -C '$TMPROOT/fresh' config merge.samplan.driver)\" ] &&
	git -C '$TMPROOT/fresh' ls-files | grep -qx .gitattributes"

finish
