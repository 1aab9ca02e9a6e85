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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
