#!/bin/sh
# The diagnostics about a plan's files in Swedish: `samplan check` on broken
# plans from the corpus (base/ with a case's files over it) gives exactly
# these lines in a Swedish locale (lib.sh's `swedish`), FILE:LINE:COLUMN and
# exit status 1 included, and the same English lines as before in C.UTF-8.
# A message that loses its translation, or is put together from pieces that
# no longer fit, shows here as a difference.
. "$(dirname "$0")/../lib.sh"

swedish

corpus=$top_srcdir/tests/corpus
out=$TMPROOT/out
err=$TMPROOT/err

# expect NAME: copies the corpus's case NAME to TMPROOT/NAME and reads on
# stdin the English lines of `check`, a line "--", then the Swedish lines.
# The plan is named by its directory relative to TMPROOT, as in the lines.
expect() {
	name=$1
	d=$TMPROOT/$name
	mkdir -p "$d"
	cp "$corpus"/base/plan.yaml "$corpus"/base/groups.yaml "$corpus"/base/changes.yaml "$d"/
	for f in "$corpus/cases/$name".*.yaml; do
		[ -f "$f" ] && cp "$f" "$d/${f#"$corpus/cases/$name."}"
	done
	chmod u+w "$d"/*.yaml
	cat >"$TMPROOT/want"
	sed '/^--$/,$d' "$TMPROOT/want" >"$TMPROOT/want-en"
	sed '1,/^--$/d' "$TMPROOT/want" >"$TMPROOT/want-sv"
	for lang in en sv; do
		if [ "$lang" = sv ]; then
			(cd "$TMPROOT" && sv "$SAMPLAN" -C "$name" check) >"$out" 2>"$err"
		else
			(cd "$TMPROOT" && LC_ALL=C.UTF-8 LANGUAGE= "$SAMPLAN" -C "$name" check) \
				>"$out" 2>"$err"
		fi
		rc=$?
		if [ "$rc" -ne 1 ] || [ -s "$out" ]; then
			fail "$lang-$name" "expected exit status 1 and nothing on stdout, got $rc"
		elif ! cmp -s "$TMPROOT/want-$lang" "$err"; then
			fail "$lang-$name" "$(diff "$TMPROOT/want-$lang" "$err" | sed 1d | tr '\n' ' ')"
		else
			ok "$lang-$name"
		fi
	done
}

expect unknown-status <<'EOF'
unknown-status/changes.yaml:30:13: unknown status 'klart' (known: ej-paborjad, pagar, klar)
--
unknown-status/changes.yaml:30:13: okänd status ”klart” (giltiga: ej-paborjad, pagar, klar)
EOF

expect missing-change-text <<'EOF'
missing-change-text/changes.yaml:33:5: change is missing required key 'text'
--
missing-change-text/changes.yaml:33:5: förändringen saknar den obligatoriska nyckeln ”text”
EOF

expect missing-group-name <<'EOF'
missing-group-name/groups.yaml:3:5: group is missing required key 'name'
--
missing-group-name/groups.yaml:3:5: arbetsgruppen saknar den obligatoriska nyckeln ”name”
EOF

expect missing-plan-title <<'EOF'
missing-plan-title/plan.yaml:1:1: missing required key 'title'
--
missing-plan-title/plan.yaml:1:1: den obligatoriska nyckeln ”title” saknas
EOF

# a value of the wrong kind: "a list", "a value", "a mapping" fill "not %s"
expect type-text-list <<'EOF'
type-text-list/changes.yaml:28:11: 'text' must be a string, not a list
--
type-text-list/changes.yaml:28:11: ”text” måste vara en textsträng, inte en lista
EOF

expect type-priority-word <<'EOF'
type-priority-word/changes.yaml:29:15: 'priority' must be a list of years such as [2025], not a value
--
type-priority-word/changes.yaml:29:15: ”priority” måste vara en lista med årtal, till exempel [2025], inte ett enskilt värde
EOF

expect type-focus-year-list <<'EOF'
type-focus-year-list/plan.yaml:6:13: 'focus_year' must be a year such as 2025, not a list
--
type-focus-year-list/plan.yaml:6:13: ”focus_year” måste vara ett årtal, till exempel 2025, inte en lista
EOF

expect key-mapping <<'EOF'
key-mapping/changes.yaml:10:7: a key must be a plain word, not a mapping
--
key-mapping/changes.yaml:10:7: en nyckel måste vara ett enkelt ord, inte en mappning
EOF

expect empty-change-id <<'EOF'
empty-change-id/changes.yaml:12:9: 'id' must not be empty
--
empty-change-id/changes.yaml:12:9: ”id” får inte vara tomt
EOF

expect empty-file <<'EOF'
empty-file/groups.yaml:1:1: the file is empty; expected 'groups:' and a list
--
empty-file/groups.yaml:1:1: filen är tom; den ska innehålla ”groups:” och en lista
EOF

# libyaml's own words stay English inside the translated frame
expect syntax-bad-indent <<'EOF'
syntax-bad-indent/changes.yaml:20:6: syntax error: did not find expected key (while parsing a block mapping at line 12)
--
syntax-bad-indent/changes.yaml:20:6: syntaxfel: did not find expected key (while parsing a block mapping, rad 12)
EOF

# ': ' inside a plain value: the hint to quote it is ours, so it is Swedish
expect syntax-mapping-value <<'EOF'
syntax-mapping-value/changes.yaml:25:21: syntax error: mapping values are not allowed in this context (to write ': ' in a value, put the whole value in double quotes)
--
syntax-mapping-value/changes.yaml:25:21: syntaxfel: mapping values are not allowed in this context (för att skriva ”: ” i ett värde, sätt hela värdet inom dubbla citattecken)
EOF

# a merge's conflict, said by record and field, each side by its marker's
# label (git's own markers: branch names, no base)
expect conflict-markers <<'EOF'
conflict-markers/changes.yaml:20:1: F2 status: HEAD Pågår, origin/main Klar
samplan: 1 conflict to settle: 'samplan resolve --ours' or '--theirs' takes one side, 'samplan resolve KIND:ID FIELD=VALUE' sets a value
--
conflict-markers/changes.yaml:20:1: F2 status: HEAD Pågår, origin/main Klar
samplan: 1 konflikt att avgöra: 'samplan resolve --ours' eller '--theirs' tar en sida, 'samplan resolve SLAG:ID FÄLT=VÄRDE' sätter ett värde
EOF

# "unknown %s" once was one message for groups and effects
expect unknown-group <<'EOF'
unknown-group/changes.yaml:23:9: unknown group 'skola' (known: fstod, halsa)
--
unknown-group/changes.yaml:23:9: okänd arbetsgrupp ”skola” (giltiga: fstod, halsa)
EOF

# the list of known ids says so in Swedish when it is empty
expect no-groups-defined <<'EOF'
no-groups-defined/changes.yaml:8:14: unknown group 'fstod' (known: none defined)
no-groups-defined/changes.yaml:22:9: unknown group 'fstod' (known: none defined)
no-groups-defined/changes.yaml:23:9: unknown group 'halsa' (known: none defined)
--
no-groups-defined/changes.yaml:8:14: okänd arbetsgrupp ”fstod” (giltiga: inga definierade)
no-groups-defined/changes.yaml:22:9: okänd arbetsgrupp ”fstod” (giltiga: inga definierade)
no-groups-defined/changes.yaml:23:9: okänd arbetsgrupp ”halsa” (giltiga: inga definierade)
EOF

expect unknown-effect <<'EOF'
unknown-effect/changes.yaml:32:25: unknown effect 'rus-jamlikhet' (known: rus-folkhalsa, nat-barn)
--
unknown-effect/changes.yaml:32:25: okänt effektmål ”rus-jamlikhet” (giltiga: rus-folkhalsa, nat-barn)
EOF

expect dup-change-id <<'EOF'
dup-change-id/changes.yaml:26:9: duplicate change id 'F1' (first at line 3)
--
dup-change-id/changes.yaml:26:9: två förändringar har id ”F1” (den första på rad 3)
EOF

finish
