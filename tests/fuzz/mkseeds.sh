#!/bin/sh
# mkseeds.sh SRCDIR OUT: builds the fuzz seed corpora in OUT/HARNESS/ from
# the shipped plan (data/) and the malformed-plan corpus (tests/corpus/),
# in the container format of tests/fuzz/fuzz_common.h.
set -e
src=$1
out=$2
rm -rf "$out"
mkdir -p "$out/loader" "$out/saver" "$out/journal" "$out/edits" "$out/merge" "$out/yaml"
files="plan.yaml groups.yaml changes.yaml activities.yaml"

# container DIR [REPLACED-FILE REPLACEMENT]
container() {
	for f in $files; do
		if [ "$f" = "${2-}" ]; then
			echo "#=== $f"
			cat "$3"
		elif [ -f "$1/$f" ]; then
			echo "#=== $f"
			cat "$1/$f"
		fi
	done
}

container "$src/data/orebro-2025" >"$out/loader/orebro-2025"
container "$src/tests/corpus/base" >"$out/loader/base"
# activities with follow-ups inside them (the reports' fixture)
container "$src/data/orebro-2025" activities.yaml "$src/tests/print/activities.yaml" \
	>"$out/loader/activities"
for c in "$src"/tests/corpus/cases/*.yaml; do
	name=${c##*/}
	file=${name#*.}
	container "$src/tests/corpus/base" "$file" "$c" >"$out/loader/${name%.yaml}"
done
# the saver: a valid plan and a few op sequences after "#=== end"
for ops in '\000\001\002\001\003\200\002\001\001' '\003\000\003\004\005\001\005\002\001' \
	   '\004\377\000\000\000\002\001\001\201\002\002\002'; do
	n=$((${n:-0} + 1))
	{ container "$src/data/orebro-2025"; echo "#=== end"; printf "$ops"; } \
		>"$out/saver/orebro-$n"
	{ container "$src/tests/corpus/base"; echo "#=== end"; printf "$ops"; } \
		>"$out/saver/base-$n"
done
cp "$src"/tests/fuzz/regressions/journal/* "$out/journal/" 2>/dev/null || :
cp "$src"/tests/fuzz/regressions/edits/* "$out/edits/" 2>/dev/null || :
cp "$src"/tests/fuzz/regressions/merge/* "$out/merge/" 2>/dev/null || :
cp "$out"/saver/* "$out/merge/"
# yfast against libyaml: the loader's plans and the texts kept for it
cp "$out"/loader/* "$out/yaml/"
cp "$src"/tests/fuzz/regressions/yaml/* "$out/yaml/" 2>/dev/null || :
