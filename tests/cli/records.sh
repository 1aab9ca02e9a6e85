#!/bin/sh
# Every kind of record on the command line: KIND:ID addressing, show,
# list KIND, set, add, delete (--unassign), move; each edit changes
# exactly the lines it should (checked with git diff).
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
tab=$(printf '\t')
P=$(fresh_plan records)

# The changed lines of the working files against the last commit, "-old"
# and "+new", one per line, without the diff's headers.
changed_lines() {
	git -C "$P" diff -U0 -- "$@" | grep '^[-+]' | grep -v '^\(---\|+++\) '
}

# --- show ---
"$S" -C "$P" show group:fstod >"$out" 2>"$err"; rc=$?
check show-group-exit [ "$rc" -eq 0 ]
check show-group-fields [ "$(cut -f1 "$out" | tr '\n' ' ')" = "id name lead mandate members notes " ]
check show-group-name grep -qx "name${tab}Arbetsgrupp föräldraskapsstöd" "$out"
"$S" -C "$P" show plan >"$out"
check show-plan-focus grep -qx "focus_year${tab}2025" "$out"
check show-plan-adopted grep -qx "adopted_date${tab}2025-01-22" "$out"
"$S" -C "$P" show F3 >"$out"
check show-bare-id-is-change grep -qx "id${tab}F3" "$out"
"$S" -C "$P" show change:F3 >"$err"
check show-change-prefix cmp -s "$out" "$err"
"$S" -C "$P" show group:nope >"$out" 2>"$err"; rc=$?
check show-unknown-record sh -c "[ $rc -eq 1 ] && grep -q \"no group with id 'nope'\" '$err'"
"$S" -C "$P" show grp:x >"$out" 2>"$err"; rc=$?
check show-unknown-kind sh -c "[ $rc -eq 1 ] && grep -q \"unknown kind of record 'grp' (known: plan, status, party, effect, member, meeting, guest, point, action, topic, group, change, activity, followup)\" '$err'"

# --- list KIND ---
"$S" -C "$P" list groups >"$out"; rc=$?
check list-groups-exit [ "$rc" -eq 0 ]
check list-groups-rows [ "$(cut -f1 "$out" | tr '\n' ' ')" = "fstod lansdelsgrupper " ]
check list-groups-columns sh -c "awk -F'\t' 'NF != 5 { exit 1 }' '$out'"
"$S" -C "$P" list statuses >"$out"
check list-statuses [ "$(cat "$out")" = "$(printf 'ej-paborjad\tEj påbörjad\npagar\tPågår\nklar\tKlar')" ]
"$S" -C "$P" list effects >"$out"
check list-effects-sixteen [ "$(wc -l <"$out")" -eq 16 ]
"$S" -C "$P" list changes >"$out"
check list-changes-twelve [ "$(wc -l <"$out")" -eq 12 ]
"$S" -C "$P" list gruppen >"$out" 2>"$err"; rc=$?
check list-unknown-kind sh -c "[ $rc -eq 2 ] && grep -q \"unknown kind of record 'gruppen'\" '$err'"
"$S" -C "$P" list groups --status=klar >"$out" 2>"$err"; rc=$?
check list-filter-of-changes-only [ "$rc" -eq 2 ]
"$S" -C "$P" list --status=Pågår >"$out" 2>"$err"; rc=$?
check list-status-by-label sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"

# --- set: a group's fields, the plan's, a status by its label ---
"$S" -C "$P" set group:fstod lead="Deepa Singhru" members=+"Cecilia Ljung" >"$out" 2>"$err"; rc=$?
check set-group-exit [ "$rc" -eq 0 ]
check set-group-says grep -qx 'fstod: lead "" → "Deepa Singhru"' "$out"
# the value keeps its quotes; names become a list under the key, as the
# shipped plan writes them
check set-group-diff [ "$(changed_lines)" = "$(printf '%s\n' '-    lead: ""' '+    lead: "Deepa Singhru"' '-    members: []' '+    members:' '+      - Cecilia Ljung')" ]
"$S" -C "$P" list groups >"$out"
check list-groups-lead grep -q "^fstod${tab}Arbetsgrupp föräldraskapsstöd${tab}Deepa Singhru${tab}Cecilia Ljung${tab}-\$" "$out"
git -C "$P" checkout -q -- .
# the whole list in another order: what stays is moved, what is new put
# where it is given
"$S" -C "$P" set group:fstod members="Anna,Bo,Cia" >/dev/null
git -C "$P" commit -q -am members
"$S" -C "$P" set group:fstod members="Dan,Cia,Anna" >"$out" 2>"$err"; rc=$?
check set-list-order-says sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$out')\" = \"\$(printf '%s\n' 'fstod: Bo removed from the members' 'fstod: Cia moved to place 1 of the members' 'fstod: Dan added to the members')\" ]"
check set-list-order-file [ "$(changed_lines)" = "$(printf '%s\n' '-      - Anna' '-      - Bo' '+      - Dan' '+      - Anna')" ]
"$S" -C "$P" show group:fstod >"$out"
check set-list-order-show grep -qx "members${tab}Dan,Cia,Anna" "$out"
"$S" -C "$P" set F1 priority=2026,2025 >"$out" 2>"$err"
check set-years-stay-ascending sh -c "[ \"\$(cat '$out')\" = 'F1: prioritised 2026' ] && grep -qx '    priority: \[2025, 2026\]' '$P/changes.yaml'"
git -C "$P" reset -q --hard HEAD~1
"$S" -C "$P" set plan focus_year=2026 >"$out" 2>"$err"; rc=$?
check set-plan-says sh -c "[ $rc -eq 0 ] && grep -qx 'focus year 2025 → 2026' '$out'"
check set-plan-diff [ "$(changed_lines)" = "$(printf '%s\n' '-focus_year: 2025' '+focus_year: 2026')" ]
git -C "$P" checkout -q -- .
"$S" -C "$P" set F3 status=Pågår >"$out" 2>"$err"; rc=$?
check set-status-by-label sh -c "[ $rc -eq 0 ] && grep -q 'F3: status Ej påbörjad → Pågår' '$out'"
check set-status-key-written [ "$(changed_lines | tail -1)" = '+    status: pagar' ]
git -C "$P" checkout -q -- .
"$S" -C "$P" set group:fstod colour=red >"$out" 2>"$err"; rc=$?
check set-unknown-field sh -c "[ $rc -eq 2 ] && grep -q \"unknown field 'colour' of a group (known: id, name, lead, mandate, members, notes)\" '$err'"
"$S" -C "$P" set plan focus_year=tjugo >"$out" 2>"$err"; rc=$?
check set-plan-bad-year sh -c "[ $rc -eq 1 ] && [ -z \"\$(git -C '$P' status --porcelain)\" ]"

# --- no fixed limit on a list: 71 priority years ---
"$S" -C "$P" set F1 "priority=$(seq -s, 1930 2000)" >"$out" 2>"$err"; rc=$?
"$S" -C "$P" show F1 >"$out"
check many-years sh -c "[ $rc -eq 0 ] && grep -q '^priority	1930,1931,.*,1999,2000\$' '$out'"
"$S" -C "$P" check -q 2>"$err"; check many-years-valid [ $? -eq 0 ]
git -C "$P" checkout -q -- .

# --- tabs and line breaks stay one line in tab-separated output ---
"$S" -C "$P" set F1 notes="$(printf 'rad ett\tkolumn\nrad två\\slut')" >"$out" 2>"$err"
"$S" -C "$P" show F1 >"$out"
check show-escapes grep -qx "notes${tab}rad ett\\\\tkolumn\\\\nrad två\\\\\\\\slut" "$out"
check show-one-line-per-field [ "$(wc -l <"$out")" -eq 8 ]
git -C "$P" checkout -q -- .

# --- add: the new id on stdout, made from the name ---
"$S" -C "$P" add group name="Hälsokunniga beslutsfattare" lead="Ida Broman" \
	members="Anna Berg, Erik Öst" >"$out" 2>"$err"; rc=$?
check add-group-exit [ "$rc" -eq 0 ]
check add-group-id [ "$(cat "$out")" = halsokunniga-beslutsfattare ]
check add-group-says grep -qx 'group Hälsokunniga beslutsfattare added (lead Ida Broman; members Anna Berg, Erik Öst)' "$err"
check add-group-only-groups [ "$(git -C "$P" diff --name-only)" = groups.yaml ]
check add-group-appended [ "$(changed_lines | head -3 | tr '\n' '|')" = "+  - id: halsokunniga-beslutsfattare|+    name: Hälsokunniga beslutsfattare|+    lead: Ida Broman|" ]
# a second group of the same name (in any case) is refused, naming the first
cp "$P/groups.yaml" "$TMPROOT/groups.before"
"$S" -C "$P" add group name="HÄLSOKUNNIGA beslutsfattare" >"$out" 2>"$err"; rc=$?
check add-group-same-name-refused sh -c "[ $rc -eq 1 ] && [ ! -s '$out' ] && grep -qF \"there is already a group named 'Hälsokunniga beslutsfattare' (halsokunniga-beslutsfattare)\" '$err'"
check add-group-same-name-wrote-nothing cmp -s "$TMPROOT/groups.before" "$P/groups.yaml"
"$S" -C "$P" set group:fstod name="Hälsokunniga beslutsfattare" >"$out" 2>"$err"; rc=$?
check rename-group-same-name-refused sh -c "[ $rc -eq 1 ] && grep -qF 'already a group named' '$err' && cmp -s '$TMPROOT/groups.before' '$P/groups.yaml'"
"$S" -C "$P" set group:fstod name="Arbetsgrupp Föräldraskapsstöd" >"$out" 2>"$err"; rc=$?
check rename-group-own-name-case [ "$rc" -eq 0 ]
# a name whose id is taken: the next free id
"$S" -C "$P" add group name="Hälsokunniga beslutsfattare!" >"$out" 2>"$err"
check add-group-unique-id [ "$(cat "$out")" = halsokunniga-beslutsfattare-2 ]
"$S" -C "$P" check -q 2>"$err"; check add-group-valid [ $? -eq 0 ]
"$S" -C "$P" set F1 groups=+halsokunniga-beslutsfattare >"$out" 2>"$err"; rc=$?
check assign-new-group [ "$rc" -eq 0 ]
"$S" -C "$P" add group lead=x >"$out" 2>"$err"; rc=$?
check add-group-needs-name sh -c "[ $rc -eq 1 ] && [ ! -s '$out' ] && grep -q 'name' '$err'"
git -C "$P" checkout -q -- .
"$S" -C "$P" add 'En ny önskad förändring' status=pagar >"$out" 2>"$err"; rc=$?
check add-change-id sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$out')\" = F13 ]"
git -C "$P" checkout -q -- .
"$S" -C "$P" add change text='Via sin sort' >"$out" 2>"$err"; rc=$?
check add-change-kind-form sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$out')\" = F13 ]"
git -C "$P" checkout -q -- .
# every field as FIELD=VALUE: a change, text= its text
"$S" -C "$P" add text=Utbildning priority=2026 >"$out" 2>"$err"; rc=$?
check add-change-fields-only sh -c "[ $rc -eq 0 ] && [ \"\$(cat '$out')\" = F13 ]"
"$S" -C "$P" show F13 >"$out"
check add-change-fields-text sh -c "grep -qx 'text${tab}Utbildning' '$out' && grep -qx 'priority${tab}2026' '$out'"
git -C "$P" checkout -q -- .
# a word that is no kind with text=, and a slip of a kind's name: refused,
# the kinds named, nothing written
"$S" -C "$P" add aktivitet text="Utbildning" >"$out" 2>"$err"; rc=$?
check add-not-a-kind-refused sh -c "[ $rc -eq 2 ] && [ ! -s '$out' ] && grep -q 'given twice.*known: plan, status, party, effect, member, meeting, guest, point, action, topic, group, change, activity, followup' '$err'"
check add-not-a-kind-wrote-nothing [ -z "$(git -C "$P" status --porcelain)" ]
"$S" -C "$P" add gruop name=X >"$out" 2>"$err"; rc=$?
check add-kind-slip-refused sh -c "[ $rc -eq 2 ] && grep -qF \"did you mean 'group'?\" '$err'"
"$S" -C "$P" add Changes status=pagar >"$out" 2>"$err"; rc=$?
check add-kind-plural-slip-refused sh -c "[ $rc -eq 2 ] && grep -qF \"did you mean 'change'?\" '$err'"
check add-slips-wrote-nothing [ -z "$(git -C "$P" status --porcelain)" ]

# --- delete: refused while referred to, unless --unassign ---
"$S" -C "$P" set F4 groups=+fstod >/dev/null 2>&1
"$S" -C "$P" set F9 groups=+fstod >/dev/null 2>&1
git -C "$P" commit -q -a -m 'fstod for F4, F9'
"$S" -C "$P" delete group:fstod >"$out" 2>"$err"; rc=$?
check delete-referred-refused sh -c "[ $rc -eq 1 ] && grep -q \"group 'fstod' is responsible for F4, F9; unassign them first or use --unassign\" '$err'"
check delete-refused-writes-nothing [ -z "$(git -C "$P" status --porcelain)" ]
"$S" -C "$P" delete group:fstod --unassign >"$out" 2>"$err"; rc=$?
check delete-unassign-exit [ "$rc" -eq 0 ]
check delete-unassign-both-files [ "$(git -C "$P" diff --name-only | tr '\n' ' ')" = "changes.yaml groups.yaml " ]
check delete-unassign-says grep -q 'group Arbetsgrupp föräldraskapsstöd deleted' "$out"
"$S" -C "$P" check -q 2>"$err"; check delete-unassign-valid [ $? -eq 0 ]
check delete-unassign-no-reference sh -c "! grep -q fstod '$P/changes.yaml' && ! grep -q 'id: fstod' '$P/groups.yaml'"
git -C "$P" checkout -q -- .

# --- rename: every reference follows ---
"$S" -C "$P" set group:fstod id=foraldraskap >"$out" 2>"$err"; rc=$?
check rename-exit [ "$rc" -eq 0 ]
"$S" -C "$P" check -q 2>"$err"; check rename-valid [ $? -eq 0 ]
"$S" -C "$P" list --group=foraldraskap >"$out"
check rename-references [ "$(cut -f1 "$out" | tr '\n' ' ')" = "F4 F9 " ]
check rename-two-files [ "$(git -C "$P" diff --name-only | tr '\n' ' ')" = "changes.yaml groups.yaml " ]
git -C "$P" checkout -q -- .

# --- log: one record's history, KIND:ID as set takes it ---
"$S" -C "$P" log change:F4 >"$out" 2>"$err"; rc=$?
"$S" -C "$P" log F4 >"$TMPROOT/log2" 2>&1
check log-change-prefix sh -c "[ $rc -eq 0 ] && [ -s '$out' ] && cmp -s '$out' '$TMPROOT/log2'"
"$S" -C "$P" log group:fstod >"$out" 2>"$err"; rc=$?
check log-group-added sh -c "[ $rc -eq 0 ] && [ \"\$(cut -f3 '$out')\" = added ]"
"$S" -C "$P" log kund:x >"$out" 2>"$err"; rc=$?
check log-unknown-kind sh -c "[ $rc -eq 2 ] && grep -q \"unknown kind of record 'kund'\" '$err' && [ ! -s '$out' ]"
"$S" -C "$P" log plan:x >"$out" 2>"$err"; rc=$?
check log-plan-with-id sh -c "[ $rc -eq 2 ] && grep -q \"unexpected argument 'plan:x'\" '$err'"

# --- an id that looks like an option is edited after "--" ---
sed 's/^  - id: F2$/  - id: -h/' "$P/changes.yaml" >"$TMPROOT/dash.yaml" && cp "$TMPROOT/dash.yaml" "$P/changes.yaml"
"$S" -C "$P" set -- -h status=klar >"$out" 2>"$err"; rc=$?
check dashdash-set sh -c "[ $rc -eq 0 ] && grep -qx -- '-h: status Ej påbörjad → Klar' '$out'"
"$S" -C "$P" show -- -h >"$out" 2>"$err"; rc=$?
check dashdash-show sh -c "[ $rc -eq 0 ] && grep -qx 'status	klar' '$out'"
"$S" -C "$P" set -h >"$out" 2>"$err"; rc=$?
check dash-h-is-help sh -c "[ $rc -eq 0 ] && grep -q '^Usage: samplan' '$out'"
git -C "$P" checkout -q -- .

# --- move ---
"$S" -C "$P" move group:lansdelsgrupper up >"$out" 2>"$err"; rc=$?
"$S" -C "$P" list groups >"$out"
check move-group-up sh -c "[ $rc -eq 0 ] && [ \"\$(cut -f1 '$out' | tr '\n' ' ')\" = 'lansdelsgrupper fstod ' ]"
"$S" -C "$P" move group:lansdelsgrupper down >"$out" 2>"$err"
check move-group-back [ -z "$(git -C "$P" status --porcelain)" ]

finish
