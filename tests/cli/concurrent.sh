#!/bin/sh
# Concurrent writers on the command line: many `set` and `add` at once on
# one plan, and (with tmux) a workbench saving its own edit among them.
# Every command that exited 0 has its edit in the final files, every other
# said why on standard error, the workbench's saved edit is there too, and
# the plan still loads.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
P=$(fresh_plan concurrent)
R=$TMPROOT/runs
mkdir -p "$R"

# The workbench holds the plan open, so the command line needs --force.
FORCE=
if command -v tmux >/dev/null 2>&1; then
	. "$(dirname "$0")/../tui/tmux.sh"
	start "$P"
	keys s 3 # F1: Klar, which no command below sets
	wait_for 'F1: status Ej påbörjad → Klar' || fail workbench-edit "$(screen | tail -2)"
	FORCE=--force
fi

# 48 sets of a priority year each (a year of its own, on the 12 changes in
# turn, four writers per change) and 10 adds, all started at once
i=0
while [ $i -lt 48 ]; do
	id=F$((i % 12 + 1))
	year=$((2100 + i))
	("$S" -C "$P" set "$id" "priority=+$year" $FORCE >"$R/set.$i.out" 2>"$R/set.$i.err"
	 echo $? >"$R/set.$i.rc") &
	i=$((i + 1))
done
i=0
while [ $i -lt 10 ]; do
	("$S" -C "$P" add "Samtidig förändring $i" $FORCE >"$R/add.$i.out" 2>"$R/add.$i.err"
	 echo $? >"$R/add.$i.rc") &
	i=$((i + 1))
done
[ -n "$FORCE" ] && keys w # the workbench saves while they write
wait

if [ -n "$FORCE" ]; then
	# saved among them, or refused because they changed the files: then
	# reloaded, its edit re-applied to their files, and saved
	n=0 how='among them'
	while ! screen | grep -q 'saved 1 edit' && [ $n -lt 5 ]; do
		if screen | grep -q 'Reload it and re-apply your 1 edit'; then
			keys y
			how='after a reload'
			wait_for 'reloaded the files: 1 of your edits re-applied'
			keys w
		fi
		wait_for 'saved 1 edit'
		n=$((n + 1))
	done
	expect concurrent-workbench-saved 'saved 1 edit'
	echo "# the workbench saved $how"
	keys q
	check concurrent-workbench-quits [ "$(wait_exit)" = 0 ]
	"$S" -C "$P" show F1 >"$TMPROOT/f1"
	check concurrent-workbench-edit-kept grep -q '^status	klar$' "$TMPROOT/f1"
fi

"$S" -C "$P" check -q 2>"$TMPROOT/check.err"
check concurrent-plan-loads [ $? -eq 0 ]

lost=0 ok_sets=0 said=0
i=0
while [ $i -lt 48 ]; do
	id=F$((i % 12 + 1))
	year=$((2100 + i))
	rc=$(cat "$R/set.$i.rc")
	if [ "$rc" -eq 0 ]; then
		ok_sets=$((ok_sets + 1))
		"$S" -C "$P" show "$id" | grep -q "^priority	.*$year" || lost=$((lost + 1))
	elif [ -s "$R/set.$i.err" ]; then
		said=$((said + 1))
	fi
	i=$((i + 1))
done
echo "sets: $ok_sets of 48 saved, $said refused with a message, $lost lost"
check concurrent-sets-none-lost [ "$lost" -eq 0 ]
check concurrent-sets-all-accounted [ $((ok_sets + said)) -eq 48 ]
check concurrent-sets-saved [ "$ok_sets" -gt 0 ]

"$S" -C "$P" list >"$TMPROOT/list"
lost=0 ok_adds=0 said=0
: >"$TMPROOT/ids"
i=0
while [ $i -lt 10 ]; do
	rc=$(cat "$R/add.$i.rc")
	if [ "$rc" -eq 0 ]; then
		ok_adds=$((ok_adds + 1))
		id=$(cat "$R/add.$i.out")
		echo "$id" >>"$TMPROOT/ids"
		grep -q "^$id	.*	Samtidig förändring $i\$" "$TMPROOT/list" || lost=$((lost + 1))
	elif [ -s "$R/add.$i.err" ]; then
		said=$((said + 1))
	fi
	i=$((i + 1))
done
echo "adds: $ok_adds of 10 saved, $said refused with a message, $lost lost"
check concurrent-adds-none-lost [ "$lost" -eq 0 ]
check concurrent-adds-all-accounted [ $((ok_adds + said)) -eq 10 ]
check concurrent-adds-ids-distinct [ "$(sort -u "$TMPROOT/ids" | wc -l)" -eq "$ok_adds" ]
check concurrent-adds-in-plan [ "$(wc -l <"$TMPROOT/list")" -eq $((12 + ok_adds)) ]

finish
