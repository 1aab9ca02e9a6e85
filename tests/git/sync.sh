#!/bin/sh
# samplan sync between clones of a bare remote (a shared folder): what is
# saved is committed, the others' edits come in (merged by records and
# fields), ours go out, each said in words; and nothing committed is lost
# when there is no remote, no network, a push someone beat, conflicts, a
# detached HEAD, a branch without upstream, or a workbench holding the
# plan.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
command -v git >/dev/null 2>&1 || skip "git is not installed"
SAMPLAN_DATE=2025-04-01
export SAMPLAN_DATE
samplan_on_path
git config --global init.defaultBranch main

SEED=$TMPROOT/seed
mkdir -p "$SEED"
cp "$top_srcdir"/data/orebro-2025/*.yaml "$SEED/"
chmod u+w "$SEED"/*.yaml
git -C "$SEED" init -q
"$S" -C "$SEED" git-setup >/dev/null
git -C "$SEED" add -A
git -C "$SEED" commit -q -m start
REMOTE=$TMPROOT/remote.git
git clone -q --bare "$SEED" "$REMOTE"
A=$TMPROOT/a
B=$TMPROOT/b
git clone -q "$REMOTE" "$A"
git clone -q "$REMOTE" "$B"
"$S" -C "$A" git-setup >/dev/null
"$S" -C "$B" git-setup >/dev/null

# --- A sends an edit; B brings it in with its own, and sends both ---
"$S" -C "$A" set F3 status=klar >/dev/null 2>&1
GIT_AUTHOR_NAME=Söder "$S" -C "$A" sync >"$out" 2>"$err"; rc=$?
check sync-sends-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check sync-says-committed grep -qx 'committed: F3: status Ej påbörjad → Klar' "$out"
check sync-says-sent grep -qx 'to origin: F3: status Ej påbörjad → Klar' "$out"
check sync-remote-has-it [ "$(git -C "$REMOTE" rev-parse main)" = "$(git -C "$A" rev-parse HEAD)" ]
"$S" -C "$B" set F4 status=pagar >/dev/null 2>&1
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-merges-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check sync-says-incoming grep -qx 'from origin: F3: status Ej påbörjad → Klar (Söder, 2025-03-19)' "$out"
check sync-says-outgoing sh -c "grep -qx 'to origin: F4: status Ej påbörjad → Pågår' '$out' && ! grep -q '^to origin: Merge' '$out'"
check sync-both-edits sh -c "'$S' -C '$B' show F3 | grep -qx 'status	klar' &&
	'$S' -C '$B' show F4 | grep -qx 'status	pagar'"
check sync-no-rebase [ "$(git -C "$B" rev-list --count --merges HEAD)" -eq 1 ]
"$S" -C "$A" sync >"$out" 2>"$err"; rc=$?
check sync-a-gets-b sh -c "[ $rc -eq 0 ] && '$S' -C '$A' show F4 | grep -qx 'status	pagar'"
"$S" -C "$A" sync >"$out" 2>"$err"; rc=$?
check sync-nothing-to-do sh -c "[ $rc -eq 0 ] && grep -qx 'up to date with origin' '$out'"

# --- a push someone beat: merged again and sent ---
"$S" -C "$A" set F5 status=klar >/dev/null 2>&1
"$S" -C "$A" commit >/dev/null 2>&1
# B's pre-push hook lets A push first, once
cat >"$B/.git/hooks/pre-push" <<HOOK
#!/bin/sh
[ -e "$TMPROOT/raced" ] && exit 0
: >"$TMPROOT/raced"
git -C "$A" push -q origin main
HOOK
chmod +x "$B/.git/hooks/pre-push"
"$S" -C "$B" set F6 status=pagar >/dev/null 2>&1
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-race-exit [ $rc -eq 0 ]
check sync-race-raced [ -e "$TMPROOT/raced" ]
check sync-race-both-sent sh -c "git -C '$REMOTE' show main:changes.yaml >'$TMPROOT/r.yaml' &&
	grep -c 'status: klar' '$TMPROOT/r.yaml' | grep -qx 2 && grep -c 'status: pagar' '$TMPROOT/r.yaml' | grep -qx 2"
rm -f "$B/.git/hooks/pre-push"
"$S" -C "$A" sync >/dev/null 2>&1

# --- conflicts: said, resolved, synced ---
"$S" -C "$A" set F7 status=klar >/dev/null 2>&1
"$S" -C "$A" sync >/dev/null 2>&1
"$S" -C "$B" set F7 status=pagar >/dev/null 2>&1
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-conflict-exit [ $rc -eq 1 ]
check sync-conflict-says grep -q "the merge left conflicts: 'samplan check' lists them" "$err"
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-conflict-still [ $rc -eq 1 ]
# staged with its markers (git add, as git suggests): still a conflict
git -C "$B" add changes.yaml
before_remote=$(git -C "$REMOTE" rev-parse main)
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-markers-staged-refused sh -c "[ $rc -eq 1 ] && grep -q 'the merge is not finished' '$err' &&
	[ \"\$(git -C '$REMOTE' rev-parse main)\" = '$before_remote' ]"
git -C "$B" checkout -q -m -- changes.yaml 2>/dev/null || git -C "$B" checkout -q --conflict=diff3 -- changes.yaml
"$S" -C "$B" resolve F7 status=klar >/dev/null 2>&1
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-after-resolve sh -c "[ $rc -eq 0 ] && grep -qx 'the merge is committed' '$out'"
check sync-after-resolve-sent [ "$(git -C "$REMOTE" rev-parse main)" = "$(git -C "$B" rev-parse HEAD)" ]

# --- no network: committed here, sent next time ---
git -C "$B" remote set-url origin "$TMPROOT/gone.git"
"$S" -C "$B" set F8 status=klar >/dev/null 2>&1
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-offline-exit [ $rc -eq 1 ]
check sync-offline-says grep -q '^cannot reach origin (.*): the edits are committed here and are sent at the next sync$' "$err"
check sync-offline-committed sh -c "git -C '$B' log -1 --format=%s | grep -qx 'F8: status Ej påbörjad → Klar'"
git -C "$B" remote set-url origin "$REMOTE"
"$S" -C "$B" sync >"$out" 2>"$err"; rc=$?
check sync-offline-sent-later sh -c "[ $rc -eq 0 ] && [ \"\$(git -C '$REMOTE' rev-parse main)\" = \"\$(git -C '$B' rev-parse HEAD)\" ]"

# --- a shared folder that is still empty: the first sync fills it ---
E=$TMPROOT/empty.git
git init -q --bare "$E"
git clone -q "$E" "$TMPROOT/first" 2>/dev/null
cp "$SEED"/*.yaml "$TMPROOT/first/"
git -C "$TMPROOT/first" add -A
git -C "$TMPROOT/first" commit -q -m start
check sync-empty-clone-tracks [ "$(git -C "$TMPROOT/first" config branch.main.merge)" = refs/heads/main ]
"$S" -C "$TMPROOT/first" set F2 status=klar >/dev/null 2>&1
"$S" -C "$TMPROOT/first" sync >"$out" 2>"$err"; rc=$?
check sync-to-new-remote sh -c "[ $rc -eq 0 ] && [ \"\$(git -C '$E' rev-parse main)\" = \"\$(git -C '$TMPROOT/first' rev-parse HEAD)\" ]"

# --- no remote; a branch without upstream; a detached HEAD ---
L=$TMPROOT/local
mkdir -p "$L"
cp "$SEED"/*.yaml "$L/"
git -C "$L" init -q
git -C "$L" add -A
git -C "$L" commit -q -m start
"$S" -C "$L" set F2 status=klar >/dev/null 2>&1
"$S" -C "$L" sync >"$out" 2>"$err"; rc=$?
check sync-no-remote sh -c "[ $rc -eq 1 ] && grep -q '^no remote to send to: the edits are committed here' '$err' &&
	[ \"\$(git -C '$L' rev-list --count HEAD)\" -eq 2 ]"
git -C "$L" remote add origin "$REMOTE"
"$S" -C "$L" sync >"$out" 2>"$err"; rc=$?
check sync-no-upstream sh -c "[ $rc -eq 1 ] && grep -q 'has no upstream: send it once with .git push -u origin main.' '$err'"
git -C "$L" checkout -q --detach HEAD
"$S" -C "$L" sync >"$out" 2>"$err"; rc=$?
check sync-detached sh -c "[ $rc -eq 1 ] && grep -q '^HEAD is detached' '$err'"

# --- a workbench holds the plan: refused, nothing done ---
printf 'user=sekreterare\nhost=%s\npid=%s\nsince=2025-03-19T12:00:00Z\n' "$(uname -n)" $$ \
	>"$A/.samplan.lock"
"$S" -C "$A" set F9 status=klar --force >/dev/null 2>&1
before=$(git -C "$A" rev-parse HEAD)
"$S" -C "$A" sync >"$out" 2>"$err"; rc=$?
check sync-locked sh -c "[ $rc -eq 1 ] && grep -q 'open in a workbench' '$err' &&
	[ \"\$(git -C '$A' rev-parse HEAD)\" = '$before' ]"
rm -f "$A/.samplan.lock"

finish
