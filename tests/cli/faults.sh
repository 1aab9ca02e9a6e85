#!/bin/sh
# What must not pass silently: a snapshot printed over the plan's own
# files, a save that replaces a read-only file, output that never reached
# standard output.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
P=$(fresh_plan faults)
unchanged() { [ -z "$(git -C "$P" status --porcelain)" ]; }

# --- print --output never overwrites the plan ---
for f in changes.yaml plan.yaml groups.yaml .samplan.lock .samplan-journal; do
	"$S" -C "$P" print --output="$P/$f" >"$out" 2>"$err"; rc=$?
	check "print-refuses-$f" sh -c "[ $rc -eq 1 ] && grep -q \"is the plan's own $f\" '$err'"
done
check print-refused-writes-nothing unchanged
check print-refused-no-lock-made [ ! -e "$P/.samplan.lock" ]
ln -s "$P" "$TMPROOT/alias"
"$S" -C "$P" print --output="$TMPROOT/alias/changes.yaml" >"$out" 2>"$err"; rc=$?
check print-refuses-through-link sh -c "[ $rc -eq 1 ] && grep -q \"plan's own changes.yaml\" '$err'"
ln -s "$P/groups.yaml" "$TMPROOT/groups-link.yaml"
"$S" -C "$P" print --output="$TMPROOT/groups-link.yaml" >"$out" 2>"$err"; rc=$?
check print-refuses-link-to-file [ "$rc" -eq 1 ]
(cd "$P" && "$S" print --output=changes.yaml >"$out" 2>"$err"); rc=$?
check print-refuses-relative [ "$rc" -eq 1 ]
check print-refused-still-unchanged unchanged
"$S" -C "$P" print --output="$P/snapshot.txt" >"$out" 2>"$err"; rc=$?
check print-elsewhere-in-dir sh -c "[ $rc -eq 0 ] && [ -s '$P/snapshot.txt' ]"
rm -f "$P/snapshot.txt"

# --- a read-only file is not replaced ---
chmod 444 "$P/changes.yaml"
"$S" -C "$P" set F1 status=klar >"$out" 2>"$err"; rc=$?
check readonly-refused sh -c "[ $rc -eq 1 ] && grep -q 'changes.yaml is read-only' '$err'"
check readonly-untouched unchanged
check readonly-mode-kept [ "$(stat -c %a "$P/changes.yaml")" = 444 ]
# another file of the plan is still written
"$S" -C "$P" set group:fstod lead="Deepa Singhru" >"$out" 2>"$err"; rc=$?
check readonly-other-file-saved sh -c "[ $rc -eq 0 ] && [ \"\$(git -C '$P' diff --name-only)\" = groups.yaml ]"
chmod 644 "$P/changes.yaml"
git -C "$P" checkout -q -- .

# --- temporaries a killed save left behind are removed by the next edit ---
dead=$(sh -c 'echo $$')  # a pid that has ended
sleep 60 &
live=$!
: >"$P/.samplan-tmp-$dead-changes.yaml.AbCdEf"
: >"$P/.samplan-tmp-$live-changes.yaml.GhIjKl"
: >"$P/.changes.yaml.MnOpQr" # not ours: left alone
"$S" -C "$P" set F1 notes=x >"$out" 2>"$err"; rc=$?
check stale-temp-removed sh -c "[ $rc -eq 0 ] && [ ! -e '$P/.samplan-tmp-$dead-changes.yaml.AbCdEf' ]"
check live-temp-kept [ -e "$P/.samplan-tmp-$live-changes.yaml.GhIjKl" ]
check foreign-file-kept [ -e "$P/.changes.yaml.MnOpQr" ]
kill "$live"
rm -f "$P/.samplan-tmp-$live-changes.yaml.GhIjKl" "$P/.changes.yaml.MnOpQr"
git -C "$P" checkout -q -- .

# --- output that cannot be written is an error ---
if [ -w /dev/full ]; then
	for cmd in check help list "commit --dry-run" "show F1"; do
		# shellcheck disable=SC2086
		"$S" -C "$P" $cmd >/dev/full 2>"$err"; rc=$?
		check "full-$(echo "$cmd" | tr ' ' -)" sh -c "[ $rc -eq 1 ] && [ -s '$err' ]"
	done
	"$S" -C "$P" set F1 notes=x >/dev/full 2>"$err"; rc=$?
	check full-set-says sh -c "[ $rc -eq 1 ] && grep -q 'standard output' '$err'"
	"$S" --help >/dev/full 2>"$err"; rc=$?
	check full-help-option [ "$rc" -eq 1 ]
	git -C "$P" checkout -q -- .
fi

finish
