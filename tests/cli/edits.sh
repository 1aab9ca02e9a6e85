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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
