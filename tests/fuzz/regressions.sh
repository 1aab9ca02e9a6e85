#!/bin/sh
# Replays every input kept in tests/fuzz/regressions/HARNESS/ through that
# harness built as a plain program: a crash or a violated property (abort)
# fails the test.
. "$top_srcdir/tests/lib.sh"
fail=0
n=0
for h in loader saver journal edits merge yaml; do
	prog="$top_builddir/tests/fuzz/replay_$h"
	for f in "$top_srcdir/tests/fuzz/regressions/$h"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		if ! "$prog" "$f" >"$TMPROOT/$h.out" 2>&1; then
			echo "FAIL: fuzz_$h on ${f##*/}:"
			cat "$TMPROOT/$h.out"
			fail=1
		fi
	done
done
echo "replayed $n regression inputs"
[ "$n" -gt 0 ] || { echo "FAIL: no regression inputs found"; fail=1; }
exit $fail
