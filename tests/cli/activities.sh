#!/bin/sh
# The activity plan on the command line: activities (a bare A1 is one),
# their follow-ups inside them (followup:A1/2025-soder), each edit
# exactly the lines it should change (git diff); references checked both
# ways; the warnings and errors a follow-up can get.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
tab=$(printf '\t')
P=$(fresh_plan activities)

# The changed lines of the working files against the last commit, "-old"
# and "+new", one per line, without the diff's headers.
changed_lines() {
	git -C "$P" diff -U0 -- "$@" | grep '^[-+]' | grep -v '^\(---\|+++\) '
}
commit() { git -C "$P" commit -q -am "$1"; }

# --- the shipped plan: an activities.yaml without activities ---
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check shipped-valid sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
"$S" -C "$P" list activities >"$out"
check shipped-no-activities [ ! -s "$out" ]

# --- an activity added: every field, in the plan's style ---
"$S" -C "$P" add activity text="Utbildningsdag om folkhälsovetenskap för förtroendevalda" \
	changes=F1 group=fstod parties=soder,norr period.from=2025-03 period.to=2025-12 \
	output="Två utbildningsdagar" result="Beslutsfattare efterfrågar folkhälsoanalyser" \
	indicator="Andel beslutsunderlag med folkhälsoanalys" baseline="10 %" target="50 %" \
	>"$out" 2>"$err"; rc=$?
check add-activity-id sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$out')\" = A1 ]"
check add-activity-said grep -qx 'A1: added "Utbildningsdag om folkhälsovetenskap för förtroendevalda"' "$err"
cat >"$TMPROOT/want" <<'EOF'
-activities: []
+activities:
+  - id: A1
+    text: Utbildningsdag om folkhälsovetenskap för förtroendevalda
+    changes: [F1]
+    group: fstod
+    parties: [soder, norr]
+    period: {from: 2025-03, to: 2025-12}
+    output: Två utbildningsdagar
+    result: Beslutsfattare efterfrågar folkhälsoanalyser
+    indicator: Andel beslutsunderlag med folkhälsoanalys
+    baseline: "10 %"
+    target: "50 %"
+    status: ej-paborjad
+    notes: ""
+    followup: []
EOF
changed_lines >"$out"
check add-activity-diff diff -u "$TMPROOT/want" "$out"
commit "A1"

# a bare A1 is the activity, as a bare F1 is the change
"$S" -C "$P" set A1 status=pagar >"$out" 2>"$err"; rc=$?
check set-bare-activity sh -c "[ $rc -eq 0 ] && grep -qx 'A1: status Ej påbörjad → Pågår' '$out'"
changed_lines >"$out"
check set-activity-one-line sh -c "[ \"\$(cat '$out')\" = \"\$(printf -- '-    status: ej-paborjad\n+    status: pagar')\" ]"
"$S" -C "$P" set A1 period.to=2026 >/dev/null
changed_lines >"$out"
check set-period-to grep -qx '+    period: {from: 2025-03, to: 2026}' "$out"
"$S" -C "$P" set A1 period.to=2025-13 >"$out" 2>"$err"; rc=$?
check set-period-bad sh -c "[ $rc -eq 1 ] && grep -q \"'2025-13' is not a year, a month or a day\" '$err'"
commit "status"

# --- follow-ups inside it ---
"$S" -C "$P" add followup:A1 year=2025 party=soder done="En utbildningsdag i Kumla" \
	output="25 deltagare" value="20 %" >"$out" 2>"$err"; rc=$?
check add-followup-address sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$out')\" = followup:A1/2025-soder ]"
check add-followup-said grep -qx 'follow-up A1/2025-soder added' "$err"
cat >"$TMPROOT/want" <<'EOF'
-    followup: []
+    followup:
+      - year: 2025
+        party: soder
+        done: En utbildningsdag i Kumla
+        output: "25 deltagare"
+        result: ""
+        value: "20 %"
+        comment: ""
EOF
changed_lines >"$out"
check add-followup-diff diff -u "$TMPROOT/want" "$out"
"$S" -C "$P" add followup:A1 year=2025 party=norr done="Planerad" >/dev/null 2>&1
commit "follow-ups"
# a second one for the same year and party: refused
"$S" -C "$P" add followup:A1 year=2025 party=soder >"$out" 2>"$err"; rc=$?
check add-followup-twice sh -c "[ $rc -eq 1 ] && grep -qx 'samplan: there is already a follow-up 2025-soder' '$err' && [ -z \"\$(git -C '$P' status --porcelain)\" ]"
# one that names no activity, or one that is not there
"$S" -C "$P" add followup year=2025 party=soder >"$out" 2>"$err"; rc=$?
check add-followup-no-parent sh -c "[ $rc -eq 1 ] && grep -q 'a follow-up is added inside its activity: add followup:A1' '$err'"
"$S" -C "$P" add followup:A9 year=2025 party=soder >"$out" 2>"$err"; rc=$?
check add-followup-no-activity sh -c "[ $rc -eq 1 ] && grep -q \"no activity with id 'A9'\" '$err'"
"$S" -C "$P" add followup:A1 party=soder >"$out" 2>"$err"; rc=$?
check add-followup-no-year sh -c "[ $rc -eq 1 ] && grep -q 'the year of a follow-up cannot be empty' '$err'"

# listed: inside one activity, or across them by any field
"$S" -C "$P" list followup:A1 >"$out"
check list-followups-of-a1 [ "$(cut -f1 "$out" | tr '\n' ' ')" = "A1/2025-soder A1/2025-norr " ]
"$S" -C "$P" list followup --party=norr >"$out"
check list-followups-filtered [ "$(cut -f1,4 "$out")" = "A1/2025-norr${tab}Planerad" ]
"$S" -C "$P" list followup --year=2024 >"$out"
check list-followups-none [ ! -s "$out" ]
"$S" -C "$P" list followup --colour=x >"$out" 2>"$err"; rc=$?
check list-filter-unknown sh -c "[ $rc -eq 2 ] && grep -q \"unknown filter '--colour=x' (the fields of a follow-up: year, party, done\" '$err'"
"$S" -C "$P" show followup:A1/2025-soder >"$out"
check show-followup grep -qx "value${tab}20 %" "$out"

# set: one line; the year renames it (and the path follows in one call)
"$S" -C "$P" set followup:A1/2025-soder value="25 %" >"$out"
check set-followup-said grep -qx 'follow-up A1/2025-soder: value "20 %" → "25 %"' "$out"
changed_lines >"$out"
check set-followup-one-line sh -c "[ \"\$(cat '$out')\" = \"\$(printf -- '-        value: \"20 %%\"\n+        value: \"25 %%\"')\" ]"
"$S" -C "$P" set followup:A1/2025-norr year=2027 comment="Flyttad" >"$out"
check set-followup-renamed sh -c "grep -qx 'follow-up A1/2025-norr: year 2025 → 2027' '$out' && grep -qx 'follow-up A1/2027-norr: comment \"\" → \"Flyttad\"' '$out'"
# outside its activity's period (2025-03 to 2026): said, but valid
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check check-warning sh -c "[ $rc -eq 0 ] && grep -qx \"$P/activities.yaml:$(grep -n 'year: 2027' "$P/activities.yaml" | cut -d: -f1):1: warning: the follow-up 2027-norr of A1 is for a year outside the activity's period (2025-03 to 2026)\" '$err'"
commit "set"
# a period that ends before it starts: said on set and by check, valid
"$S" -C "$P" set A1 period.from=2027 >"$out" 2>"$err"; rc=$?
check set-period-reversed sh -c "[ $rc -eq 0 ] && grep -qx 'samplan: warning: the period of A1 ends before it starts (2027 to 2026)' '$err'"
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check check-period-reversed sh -c "[ $rc -eq 0 ] && grep -qx \"$P/activities.yaml:$(grep -n '  - id: A1' "$P/activities.yaml" | cut -d: -f1):1: warning: the period of A1 ends before it starts (2027 to 2026)\" '$err'"
"$S" -C "$P" set A1 period.from=2026-02 >"$out" 2>"$err"; rc=$?
check set-period-same-year sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
git -C "$P" checkout -q -- activities.yaml

# --- references, both ways ---
"$S" -C "$P" delete F1 >"$out" 2>"$err"; rc=$?
check delete-served-change sh -c "[ $rc -eq 1 ] && grep -q \"change 'F1' is served by activity A1\" '$err'"
"$S" -C "$P" delete --unassign F1 >"$out" 2>"$err"; rc=$?
check unassign-last-change sh -c "[ $rc -eq 1 ] && grep -q 'activity A1 must name at least one of its changes' '$err' && [ -z \"\$(git -C '$P' status --porcelain)\" ]"
"$S" -C "$P" delete party:soder >"$out" 2>"$err"; rc=$?
# (the first to name it, a member, has no sentence of its own: all are labelled)
check delete-party-named sh -c "[ $rc -eq 1 ] && grep -q \"party 'soder' is named by member cathrine-bohlin, meeting 2025-11-25-soder, activity A1, follow-up A1/2025-soder\" '$err'"
"$S" -C "$P" set group:fstod id=foralder >/dev/null
changed_lines >"$out"
check rename-group-follows sh -c "grep -qx '+    group: foralder' '$out' && grep -qx '+  - id: foralder' '$out'"
commit "rename"
"$S" -C "$P" set party:norr id=nord >/dev/null
changed_lines activities.yaml >"$out"
check rename-party-in-followups sh -c "grep -qx '+    parties: \[soder, nord\]' '$out' && grep -qx '+        party: nord' '$out'"
"$S" -C "$P" show followup:A1/2027-nord >/dev/null 2>&1
check renamed-party-renames-followup [ $? -eq 0 ]
commit "rename party"

# --- move and delete inside the activity; the activity with them ---
"$S" -C "$P" move followup:A1/2027-nord up >"$out" 2>"$err"; rc=$?
check move-followup sh -c "[ $rc -eq 0 ] && [ \"\$(\"$S\" -C \"$P\" list followup:A1 | cut -f1 | tr '\n' ' ')\" = 'A1/2027-nord A1/2025-soder ' ]"
git -C "$P" checkout -q .
"$S" -C "$P" delete followup:A1/2025-soder >"$out"
changed_lines >"$out"
check delete-followup-lines [ "$(grep -c '^-' "$out")" -eq 7 ]
check delete-followup-only-removes [ "$(grep -c '^+' "$out")" -eq 0 ]
git -C "$P" checkout -q .
"$S" -C "$P" add activity text="Andra" changes=F2 >/dev/null 2>&1
"$S" -C "$P" move A2 up >"$out"
check move-activity grep -qx 'A2: moved up' "$out"
"$S" -C "$P" delete A1 >"$out" 2>"$err"; rc=$?
check delete-activity sh -c "[ $rc -eq 0 ] && grep -qx 'A1: deleted \"Utbildningsdag om folkhälsovetenskap för förtroendevalda\" (with 2 follow-ups)' '$out'"
"$S" -C "$P" check >/dev/null 2>&1
check deleted-plan-valid [ $? -eq 0 ]
git -C "$P" checkout -q .

# --- the history: commits and the log name the activity plan's records ---
"$S" -C "$P" add followup:A1 year=2026 party=soder done="Planerat" >/dev/null 2>&1
"$S" -C "$P" commit --dry-run >"$out"
check commit-names-followup grep -qx 'follow-up A1/2026-soder added' "$out"
"$S" -C "$P" log A1 >"$out"
check log-activity-has-followups grep -q 'follow-up A1/2025-soder: value "20 %" → "25 %"' "$out"
"$S" -C "$P" log followup:A1/2025-soder >"$out" 2>"$err"; rc=$?
check log-followup sh -c "[ $rc -eq 0 ] && grep -q 'value \"20 %\" → \"25 %\"' '$out'"
"$S" -C "$P" diff HEAD~3 >"$out"
check diff-followups grep -qx 'follow-up A1/2025-soder: value "20 %" → "25 %"' "$out"
git -C "$P" checkout -q .

# --- what a file with activities may not say: its first error ---
bad() {
	name=$1 script=$2
	B=$(fresh_plan "bad-$name")
	want="$B/activities.yaml:$3"
	cp "$P/activities.yaml" "$P/plan.yaml" "$P/groups.yaml" "$B/"
	sed -i "$script" "$B/activities.yaml"
	"$S" -C "$B" check >"$out" 2>"$err"; rc=$?
	check "bad-$name" sh -c "[ $rc -eq 1 ] && [ \"\$(head -1 '$err')\" = \"$want\" ]" ||
		cat "$err"
}
n=$(grep -n '      - year: 2025' "$P/activities.yaml" | cut -d: -f1)
bad followup-no-year 's/      - year: 2025/      - when: 2025/' \
	"$n:9: follow-up is missing required key 'year'"
bad unknown-party 's/        party: soder/        party: ost/' \
	"$((n + 1)):16: unknown party 'ost' (known: nord, soder, vaster, orebro, region, rf-sisu, olbf, lansstyrelsen)"
m=$(grep -n '      - year: 2027' "$P/activities.yaml" | cut -d: -f1)
bad duplicate-followup 's/      - year: 2027/      - year: 2025/; s/        party: nord/        party: soder/' \
	"$m:9: a second follow-up for 2025-soder (year and party; the first at line $n)"
bad no-change 's/    changes: \[F1\]/    changes: []/' \
	"$(grep -n 'changes: \[F1\]' "$P/activities.yaml" | cut -d: -f1):14: 'changes' must name at least one"
# a change the activity serves, deleted from changes.yaml by hand
B=$(fresh_plan bad-deleted-change)
cp "$P/activities.yaml" "$P/plan.yaml" "$P/groups.yaml" "$B/"
sed -i 's/  - id: F1$/  - id: F0/' "$B/changes.yaml"
"$S" -C "$B" check >"$out" 2>"$err"; rc=$?
check bad-deleted-change sh -c "[ $rc -eq 1 ] && grep -q \"activities.yaml:.*: unknown change 'F1' (known: F0, F2\" '$err'"

finish
