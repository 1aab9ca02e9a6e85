#!/bin/sh
# Edits of plans written in ways the shipped data does not use, from
# issue 12: values checked like the loader checks them, flow-style lists
# patched in place, files that end in a block scalar or without a line
# break.  Each edit writes only what it changes; each refusal writes
# nothing.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err

# same_file PATH STAMP: the file's inode and mtime are still STAMP.
stamp() { stat -c '%i %Y.%y' "$1"; }

# --- values from the command line are checked as the files' are ---
P=$(fresh_plan values)
before=$(stamp "$P/changes.yaml")
"$S" -C "$P" set F1 text='   ' >"$out" 2>"$err"; rc=$?
check spaces-only-text-refused sh -c "[ $rc -eq 1 ] && grep -q 'the text of a change cannot be empty' '$err'"
check spaces-only-text-writes-nothing [ "$(stamp "$P/changes.yaml")" = "$before" ]

# --- a file that ends in a block scalar, or without a line break ---
# Each plan's changes.yaml is one change whose notes end the file; every
# edit must save, keep the notes as they read, and change only the lines
# it must (a new item: its own lines, the old last line and, for a block
# that keeps or clips its final line break, the header).
P=$(fresh_plan tails)
git -C "$P" config core.autocrlf false
n=0
for nl in lf crlf; do
	for notes in '|' '>' '|-' '|+' '>+' '|2' 'plain' 'quoted'; do
		for edit in 'add change text=Ny' 'set F1 groups=+fstod' 'set F1 priority=+2025' \
			'set F1 status=klar' 'set F1 notes=Nytt'; do
			n=$((n + 1))
			case $notes in
			plain) body='notes: rad ett' ;;
			quoted) body='notes: "rad ett"' ;;
			*) body="notes: $notes
  rad ett
  rad två" ;;
			esac
			printf 'changes:\t\n  - id: F1   \n    text: Ett\t\n    status: ej-paborjad\n    %s' \
				"$(printf '%s' "$body" | sed '2,$s/^/    /')" >"$P/changes.yaml"
			[ $nl = crlf ] && sed -i 's/$/\r/; $s/\r$//' "$P/changes.yaml"
			git -C "$P" add changes.yaml && git -C "$P" commit -q --allow-empty -m "case $n"
			"$S" -C "$P" show F1 >"$TMPROOT/before" 2>&1
			name="tail-$nl-$notes-$(echo "$edit" | tr ' =+' '_')"
			# shellcheck disable=SC2086
			"$S" -C "$P" $edit >"$out" 2>"$err"; rc=$?
			if [ $rc -ne 0 ]; then
				fail "$name" "exit $rc: $(head -1 "$err")"
				continue
			fi
			"$S" -C "$P" show F1 >"$TMPROOT/after" 2>&1
			case $edit in
			*notes=*) want=$(grep -v '^notes' "$TMPROOT/before") got=$(grep -v '^notes' "$TMPROOT/after") ;;
			*) want=$(grep '^notes' "$TMPROOT/before") got=$(grep '^notes' "$TMPROOT/after") ;;
			esac
			dels=$(git -C "$P" diff --numstat -- changes.yaml | cut -f2)
			crs=$(tr -cd '\r' <"$P/changes.yaml" | wc -c)
			lfs=$(tr -cd '\n' <"$P/changes.yaml" | wc -c)
			if [ "$want" != "$got" ]; then
				fail "$name" "the notes read back differently: $got"
			elif [ "$dels" -gt "$(case $edit in *notes=*) echo 3 ;; *) echo 2 ;; esac)" ]; then
				fail "$name" "$dels lines removed"
			elif [ $nl = crlf ] && [ "$crs" -ne "$lfs" ]; then
				fail "$name" "$crs CR for $lfs LF"
			else
				ok "$name"
			fi
		done
	done
done

# --- lists in flow style are patched in place ---
P=$(fresh_plan flow)
cat >"$P/changes.yaml" <<'YAML'
# Förändringarna, i flow-stil.
changes: [{id: F1, horizon: kort, text: Ett, priority: [2025], status: ej-paborjad, groups: [], effects: [], notes: "", owner: Anna, budget: {sek: 50000}},  # F1
  {id: F2, horizon: kort, text: Två, priority: [2025, 2027], status: ej-paborjad, groups: ['fstod'], effects: []}]  # slut
YAML
git -C "$P" commit -q -am 'flow changes'
changed_lines() {
	git -C "$P" diff -U0 -- "$@" | grep '^[-+]' | grep -v '^\(---\|+++\) '
}
before=$(stamp "$P/changes.yaml")
"$S" -C "$P" set F1 status=ej-paborjad >"$out" 2>"$err"; rc=$?
check flow-noop-exit [ "$rc" -eq 0 ]
check flow-noop-says grep -q 'nothing to save: the plan already says so' "$out"
check flow-noop-writes-nothing [ "$(stamp "$P/changes.yaml")" = "$before" ]
"$S" -C "$P" set F1 status=klar >"$out" 2>"$err"; rc=$?
check flow-set-exit [ "$rc" -eq 0 ]
check flow-set-one-value [ "$(changed_lines)" = "$(printf '%s\n' \
	'-changes: [{id: F1, horizon: kort, text: Ett, priority: [2025], status: ej-paborjad, groups: [], effects: [], notes: "", owner: Anna, budget: {sek: 50000}},  # F1' \
	'+changes: [{id: F1, horizon: kort, text: Ett, priority: [2025], status: klar, groups: [], effects: [], notes: "", owner: Anna, budget: {sek: 50000}},  # F1')" ]
git -C "$P" commit -q -am 'F1 klar'
# a list of values in flow style: items added and removed in place, the
# others as they are written ('fstod' keeps its quotes)
"$S" -C "$P" set F2 priority=+2026 priority=-2027 groups=+lansdelsgrupper >"$out" 2>"$err"; rc=$?
check flow-values-exit [ "$rc" -eq 0 ]
check flow-values-in-place grep -qF "{id: F2, horizon: kort, text: Två, priority: [2025, 2026], status: ej-paborjad, groups: ['fstod', lansdelsgrupper], effects: []}]  # slut" "$P/changes.yaml"
git -C "$P" commit -q -am 'F2'
"$S" -C "$P" add 'Tre, fyra' >"$out" 2>"$err"; rc=$?
check flow-add-exit [ "$rc" -eq 0 ]
# on a line of its own, as the items before it are
check flow-add-before-bracket [ "$(changed_lines)" = "$(printf '%s\n' \
	"-  {id: F2, horizon: kort, text: Två, priority: [2025, 2026], status: ej-paborjad, groups: ['fstod', lansdelsgrupper], effects: []}]  # slut" \
	"+  {id: F2, horizon: kort, text: Två, priority: [2025, 2026], status: ej-paborjad, groups: ['fstod', lansdelsgrupper], effects: []}," \
	'+  {id: F3, horizon: kort, text: "Tre, fyra", priority: [], status: ej-paborjad, groups: [], effects: [], notes: ""}]  # slut')" ]
git -C "$P" commit -q -am 'F3'
"$S" -C "$P" delete F2 >"$out" 2>"$err"; rc=$?
check flow-delete-exit [ "$rc" -eq 0 ]
check flow-delete-item-and-comma grep -qxF '  {id: F3, horizon: kort, text: "Tre, fyra", priority: [], status: ej-paborjad, groups: [], effects: [], notes: ""}]  # slut' "$P/changes.yaml"
check flow-keeps-unknown-keys grep -qF 'owner: Anna, budget: {sek: 50000}},  # F1' "$P/changes.yaml"
check flow-keeps-comment grep -qx '# Förändringarna, i flow-stil.' "$P/changes.yaml"
"$S" -C "$P" check >"$out" 2>"$err"
check flow-reads-back grep -q 'valid plan, 2 changes' "$out"

# plan.yaml's and groups.yaml's lists in flow style, too
cat >"$P/plan.yaml" <<'YAML'
title: Plan
focus_year: 2025
statuses: [{key: ej-paborjad, label: Ej påbörjad}, {key: klar, label: Klar}]  # flödet
parties: [{id: soder, name: Söder, members: [Kumla kommun]}]
effects: []
meetings: [{date: 2025-03-19}]
YAML
cat >"$P/groups.yaml" <<'YAML'
groups: [
  {id: fstod, name: Föräldraskapsstöd, members: [Anna]},  # först
  {id: lansdelsgrupper, name: Länsdelsgrupperna},
]
YAML
git -C "$P" commit -q -am 'flow plan and groups'
"$S" -C "$P" set status:klar label=Avslutad >"$out" 2>"$err"; rc=$?
check flow-status-label sh -c "[ $rc -eq 0 ] && grep -qxF 'statuses: [{key: ej-paborjad, label: Ej påbörjad}, {key: klar, label: Avslutad}]  # flödet' '$P/plan.yaml'"
"$S" -C "$P" set party:soder members=+"Laxå kommun" >"$out" 2>"$err"; rc=$?
check flow-party-members sh -c "[ $rc -eq 0 ] && grep -qxF 'parties: [{id: soder, name: Söder, members: [Kumla kommun, Laxå kommun]}]' '$P/plan.yaml'"
"$S" -C "$P" add meeting date=2025-05-20 >"$out" 2>"$err"; rc=$?
check flow-add-meeting sh -c "[ $rc -eq 0 ] && grep -qxF 'meetings: [{date: 2025-03-19}, {date: 2025-05-20, kind: chefsgrupp, part: \"\", status: planerat, time: \"\", place: \"\", note: \"\", chair: \"\", secretary: \"\", attendees: [], guests: [], points: [], actions: []}]' '$P/plan.yaml'"
"$S" -C "$P" add group name=Ny >"$out" 2>"$err"; rc=$?
check flow-add-group sh -c "[ $rc -eq 0 ] && grep -qxF '  {id: lansdelsgrupper, name: Länsdelsgrupperna},' '$P/groups.yaml' && grep -qxF '  {id: ny, name: Ny, lead: \"\", mandate: \"\", members: [], notes: \"\"},' '$P/groups.yaml' && tail -1 '$P/groups.yaml' | grep -qx ']'"
check flow-group-comment grep -qxF '  {id: fstod, name: Föräldraskapsstöd, members: [Anna]},  # först' "$P/groups.yaml"
"$S" -C "$P" check >"$out" 2>"$err"
check flow-plan-reads-back grep -q 'valid plan, 2 changes, 3 groups' "$out"

# a list key with no value stays as it is when other files are saved
P=$(fresh_plan emptylist)
printf 'changes:\n' >"$P/changes.yaml"
before=$(stamp "$P/changes.yaml")
"$S" -C "$P" set group:fstod lead=Anna >"$out" 2>"$err"; rc=$?
check empty-list-untouched sh -c "[ $rc -eq 0 ] && [ '$(stamp "$P/changes.yaml")' = \"\$(stat -c '%i %Y.%y' '$P/changes.yaml')\" ] && [ \"\$(cat '$P/changes.yaml')\" = 'changes:' ]"

# --- what is typed is composed (NFC) before it is compared or stored ---
P=$(fresh_plan nfc)
ring=$(printf 'la\314\212ng')       # "lång": a, then U+030A COMBINING RING ABOVE
composed=$(printf 'l\303\245ng')    # "lång": U+00E5
"$S" -C "$P" set F1 horizon="$ring" >"$out" 2>"$err"; rc=$?
check nfc-choice-from-command-line sh -c "[ $rc -eq 0 ] && grep -qx '    horizon: $composed' '$P/changes.yaml'"
# text too: Latin, Greek and Cyrillic letters with their marks apart
"$S" -C "$P" add "$(printf 'Cafe\314\201 \316\261\314\201 \320\225\314\210')" >"$out" 2>"$err"; rc=$?
check nfc-text-composed sh -c "[ $rc -eq 0 ] && grep -qx \"    text: $(printf 'Caf\303\251 \316\254 \320\201')\" '$P/changes.yaml'"
# a file may hold the marks apart: it reads, and its bytes stay
git -C "$P" checkout -q -- changes.yaml
sed -i "0,/horizon: kort/s//horizon: $ring/" "$P/changes.yaml"
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check nfc-file-choice-reads [ "$rc" -eq 0 ]
"$S" -C "$P" set F1 status=klar >"$out" 2>"$err"; rc=$?
check nfc-file-bytes-kept sh -c "[ $rc -eq 0 ] && grep -qx '    horizon: $ring' '$P/changes.yaml'"

# --- a record deleted or moved takes only its own lines: blank lines and
# comments that open a section stay with the record after them ---
P=$(fresh_plan sections)
git -C "$P" config core.autocrlf false
# a section before F6 (a blank line and a comment), none before F7
sed 's/^  - id: F6$/\n  # Avsnitt 2\n  - id: F6/' "$P/changes.yaml" >"$TMPROOT/c" &&
	cat "$TMPROOT/c" >"$P/changes.yaml"
git -C "$P" add -A && git -C "$P" commit -q -m sections
"$S" -C "$P" delete F5 >"$out" 2>"$err"; rc=$?
git -C "$P" diff -U0 -- changes.yaml | grep '^[-+]' | grep -v '^[-+][-+]' >"$TMPROOT/d"
sed -n '/^  # "regionalpolitisk" as in the document.$/,/^    notes: ""$/p' "$TMPROOT/c" |
	sed 's/^/-/' >"$TMPROOT/dw"
check delete-takes-own-lines sh -c "[ $rc -eq 0 ] && cmp '$TMPROOT/dw' '$TMPROOT/d'"
check delete-section-stays sh -c "grep -B2 '^  - id: F6$' '$P/changes.yaml' | head -2 | grep -qx '' &&
	grep -B1 '^  - id: F6$' '$P/changes.yaml' | grep -qx '  # Avsnitt 2'"
git -C "$P" commit -qam deleted
# a move takes the record's comment and the blank line before it along
"$S" -C "$P" move F7 up >"$out" 2>"$err"; rc=$?
check move-takes-its-section sh -c "[ $rc -eq 0 ] && '$S' -C '$P' check -q &&
	grep -B2 '^  - id: F6$' '$P/changes.yaml' | head -2 | grep -qx '' &&
	grep -B1 '^  - id: F7$' '$P/changes.yaml' | grep -qx '    notes: \"\"'"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
