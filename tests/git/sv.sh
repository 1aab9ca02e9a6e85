#!/bin/sh
# Commit messages and differences in Swedish, the words of the meeting: in a
# Swedish locale (lib.sh's `swedish`) the generated message is the one the
# secretary would write, "Chefsgrupp folkhälsa 2025-03-19: 3 statusändringar,
# F5 prioriterad 2025", and diff and the messages speak Swedish too.
. "$(dirname "$0")/../lib.sh"

command -v git >/dev/null 2>&1 || skip "git is not installed"
swedish

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
SAMPLAN_DATE=2025-03-19        # one of the plan's meeting days
export SAMPLAN_DATE

P=$(fresh_plan plan)
"$S" -C "$P" set F3 status=pagar >/dev/null
"$S" -C "$P" set F4 status=pagar >/dev/null
"$S" -C "$P" set F6 status=klar >/dev/null
"$S" -C "$P" set F5 priority=+2025 >/dev/null
cat >"$TMPROOT/want" <<'WANT'
Chefsgrupp folkhälsa 2025-03-19: 3 statusändringar, F5 prioriterad 2025

F3: status Ej påbörjad → Pågår
F4: status Ej påbörjad → Pågår
F5: prioriterad för 2025
F6: status Ej påbörjad → Klar
WANT
sv "$S" -C "$P" commit >"$out" 2>"$err"; rc=$?
check sv-commit-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
git -C "$P" log -1 --format=%B | sed '$d' >"$TMPROOT/msg"
check sv-commit-message cmp "$TMPROOT/want" "$TMPROOT/msg"

# diff speaks the same words, and its Markdown has a Swedish heading
sv "$S" -C "$P" diff HEAD~ HEAD >"$out" 2>"$err"; rc=$?
check sv-diff-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
sed '1,2d' "$TMPROOT/want" >"$TMPROOT/want-diff"
check sv-diff-lines cmp "$TMPROOT/want-diff" "$out"
sv "$S" -C "$P" diff --format=markdown HEAD~ HEAD >"$out" 2>"$err"
check sv-diff-markdown-heading grep -qx '## Ändringar från HEAD\\~ till HEAD' "$out"
sv "$S" -C "$P" diff --format=markdown HEAD >"$out" 2>"$err"
check sv-diff-markdown-none grep -qx '_Inga skillnader._' "$out"

# the summaries in the log, and the messages
sv "$S" -C "$P" log -n 1 >"$out" 2>"$err"
check sv-log grep -q ' 3 statusändringar, F5 prioriterad 2025$' "$out"
sv "$S" -C "$P" commit >"$out" 2>"$err"
check sv-nothing-to-commit grep -q '^inget att checka in' "$out"
sv "$S" -C "$P" diff no-such-rev >"$out" 2>"$err"; rc=$?
check sv-unknown-revision sh -c "[ $rc -ne 0 ] && grep -q 'okänd revision ”no-such-rev”' '$err'"
# several of a kind are counted, in Swedish plurals
"$S" -C "$P" set F1 priority=-2025 >/dev/null
"$S" -C "$P" set F2 priority=-2025 >/dev/null
"$S" -C "$P" set F3 priority=-2025 >/dev/null
"$S" -C "$P" set F4 priority=-2025 >/dev/null
"$S" -C "$P" set F3 status=klar >/dev/null
SAMPLAN_DATE=2025-04-01 sv "$S" -C "$P" commit --dry-run >"$out" 2>"$err"
check sv-counted-plurals grep -qx '1 statusändring, 4 inte längre prioriterade 2025' "$out"

finish
