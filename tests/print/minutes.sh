#!/bin/sh
# samplan minutes: the shipped meeting of 2025-01-22 drafted as golden
# files in text, Markdown and HTML (tests/print/sv.sh: in Swedish), checked line
# by line against the group's own notes (../shared/seeds' 004_…, kept as
# tests/print/minutes-source.txt); a meeting with nothing recorded; the
# plan's edits of a meeting's day from git; bad input, hand-edited or
# typed, with its position and nothing written.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
here=$top_srcdir/tests/print
out=$TMPROOT/out
err=$TMPROOT/err
SAMPLAN_DATE=2025-01-23
SAMPLAN_PRINT_SOURCE='Source: data/orebro-2025'
export SAMPLAN_DATE SAMPLAN_PRINT_SOURCE
P=$(fresh_plan minutes)

# --- golden files of 2025-01-22 -------------------------------------------
for f in txt md html; do
	case $f in txt) fmt=text ;; md) fmt=markdown ;; html) fmt=html ;; esac
	"$S" -C "$P" minutes 2025-01-22 --format=$fmt >"$out" 2>"$err"; rc=$?
	check $f-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
	check $f-golden cmp "$here/minutes-2025-01-22.$f" "$out"
	cp "$out" "$TMPROOT/m.$f"
done
T=$TMPROOT/m.txt
check text-80-columns sh -c "[ \$(wc -L <'$T') -le 80 ]"
check html-parses html_ok "$TMPROOT/m.html"
check html-self-contained sh -c "! grep -qi '<script\|<link\|src=\|url(\|@import' '$TMPROOT/m.html'"
check html-a4 grep -q 'size: A4' "$TMPROOT/m.html"
if command -v cmark >/dev/null 2>&1; then
	cmark "$TMPROOT/m.md" >"$TMPROOT/m.md.html"
	check md-renders sh -c "grep -c '<h2>' '$TMPROOT/m.md.html' | grep -qx 8 &&
		grep -q '<h3>5. Samverkansplan</h3>' '$TMPROOT/m.md.html'"
elif [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
	fail md-renders "cmark is not installed, and this run requires it"
fi

# --- line by line against the notes ---------------------------------------
# Every paragraph the draft quotes from the plan (the participants, each
# point's title, notes and decision, the actions and the topics), its
# lines joined, is in the notes as written, once their markup is taken
# away; the decisions are as many as the notes' "Beslut:", and point 5's
# decision and the three actions of "Till nästa möte" are whole.
quoted_ok() {
	python3 - "$here/minutes-source.txt" "$T" <<'PY'
import html, re, sys
def norm(t):
    t = re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', t)   # [text](mailto:...)
    t = html.unescape(re.sub(r'<[^>]+>', ' ', t))     # <b>, <p>, &amp;
    t = t.replace('**', '').replace('*', '')
    return re.sub(r'\s+', ' ', t).strip()
raw = open(sys.argv[1], encoding='utf-8').read()
src = norm(raw)
lines = open(sys.argv[2], encoding='utf-8').read().split('\n')
# paragraphs of the draft: runs of lines between blank lines; headings
# (a line underlined) stand alone; an item's id column is cut off
paras, cur, section = [], [], None
def flush():
    global cur
    if cur:
        paras.append((section, ' '.join(cur)))
    cur = []
for i, l in enumerate(lines):
    nxt = lines[i + 1] if i + 1 < len(lines) else ''
    if re.fullmatch(r'[=-]+', l):
        continue
    if nxt and re.fullmatch(r'[=-]+', nxt):
        flush()
        if nxt[0] == '=':
            section = l
        else:
            paras.append((section, l))
        continue
    if not l.strip():
        flush()
        continue
    m = re.match(r'^  (T\d+|K\d+) +(.*)', l)
    if m:
        flush()
        cur = [m.group(2)]
        continue
    if re.match(r'^ {8}From point', l):
        flush()
        continue
    cur.append(l.strip())
flush()
quoted = {'Attendees', 'Agenda', 'For the next meeting', 'For coming meetings'}
bad, n = 0, 0
for sec, p in paras:
    if sec not in quoted or p == 'Decision:':
        continue
    p = re.sub(r', (chair|secretary)$', '', p)
    p = re.sub(r'^\d+\. ', '', p)          # a point's number
    n += 1
    if norm(p) not in src:
        print('not in the notes:', p)
        bad += 1
decisions = sum(1 for s, p in paras if p == 'Decision:')
if decisions != len(re.findall(r'Beslut:', raw)):
    print('decisions: %d, the notes have %d' % (decisions, len(re.findall(r'Beslut:', raw))))
    bad += 1
whole = ['Uppföljning i samband med ÖK. Se över planen årligen även om den inte ändras '
         'Prioriteringarna som är gjorda för 2025 är bra Göra de sista redigeringarna innan '
         'utskick till gruppen. I och med detta är planen antagen.',
         'Resursätta och fördela arbetet', 'Utse ref.personer/arbetsgrupper',
         'Se över hur man ska prioritera i förhållande till det lokala arbetet.']
for w in whole:
    if not any(p == w for s, p in paras):
        print('not a whole paragraph:', w)
        bad += 1
if n < 150:
    print('only %d paragraphs quoted' % n)
    bad += 1
sys.exit(1 if bad else 0)
PY
}
if command -v python3 >/dev/null 2>&1; then
	check quoted-as-written quoted_ok
elif [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
	fail quoted-as-written "python3 is not installed, and this run requires it"
fi
check participants-twelve [ "$(sed -n '/^Attendees$/,/^Guests$/p' "$T" | grep -c ', ')" -eq 12 ]
check chair-named grep -qx 'Ingmar Ångman, områdeschef välfärd och folkhälsa, chair' "$T"
check secretary-named grep -qx 'Maria Lindborg, utvecklingsledare välfärd och folkhälsa, secretary' "$T"
check guest-points grep -qx 'Deepa Singhru, points 4, 5 and 6' "$T"
check sixteen-points [ "$(grep -c '^[0-9]*\. ' "$T")" -eq 16 ]
check when grep -qx 'When: Wednesday 22 January 2025, 13.00–16.30' "$T"
check coming-dates sh -c "grep -qx 'Wednesday 19 March 2025, 13.00–16.30 (Chefsgrupp folkhälsa)' '$T' &&
	grep -qx 'Tuesday 2 December 2025 (Collaboration meeting, Norra länsdelen)' '$T'"
check open-actions-none sh -c "sed -n '/^Open actions/,/^For coming/p' '$T' | grep -qx '(none)'"

# --- the next meeting: the actions still open, nothing recorded yet --------
SAMPLAN_DATE=2025-03-01 "$S" -C "$P" minutes >"$out" 2>"$err"; rc=$?
check empty-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check empty-is-next grep -qx 'When: Friday 14 March 2025' "$out"
SAMPLAN_DATE=2025-03-01 "$S" -C "$P" minutes 2025-03-19 >"$out" 2>"$err"; rc=$?
check empty-draft sh -c "[ $rc -eq 0 ] && [ \$(grep -cx '(nothing recorded)' '$out') -eq 3 ]"
check empty-not-held grep -qx 'Status: planned; not yet held' "$out"
check empty-decisions-to-come grep -qx '(not yet: the meeting is still to come)' "$out"
check carried-over sh -c "sed -n '/^Open actions/,/^For coming/p' '$out' | grep -q '2025-01-22/T1 *Resursätta'"
check topics-still-open grep -q 'K12 *Tema gemensam chefsgrupp' "$out"

# --- the plan's edits of the day, from git ---------------------------------
G=$(fresh_plan day)
GIT_COMMITTER_DATE=2025-03-18T12:00:00 git -C "$G" commit -q --amend --no-edit
"$S" -C "$G" set F5 status=pagar priority=+2025 >/dev/null 2>&1
GIT_AUTHOR_DATE=2025-03-19T15:00:00 GIT_COMMITTER_DATE=2025-03-19T15:00:00 \
	git -C "$G" commit -q -am 'Chefsgrupp folkhälsa 2025-03-19'
SAMPLAN_DATE=2025-03-20 "$S" -C "$G" minutes 2025-03-19 >"$out" 2>"$err"; rc=$?
check day-exit sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ]"
check day-decisions sh -c "sed -n '/^Decisions on the plan/,/^For the next/p' '$out' | grep -q 'F5.*Pågår' &&
	sed -n '/^Decisions on the plan/,/^For the next/p' '$out' | grep -q 'F5.*prioritised 2025'"
SAMPLAN_DATE=2025-03-20 "$S" -C "$G" minutes 2025-02-07 >"$out" 2>"$err"
check day-none grep -qx '(no edit of the plan on the day)' "$out"
mkdir -p "$TMPROOT/nogit" && cp "$P"/*.yaml "$TMPROOT/nogit/"
GIT_CEILING_DIRECTORIES=$TMPROOT "$S" -C "$TMPROOT/nogit" minutes 2025-01-22 >"$out" 2>"$err"; rc=$?
check nogit-still-drafts sh -c "[ $rc -eq 0 ] && grep -q '^(not known: .*not in a git repository)' '$out'"

# --- bad input: typed ------------------------------------------------------
"$S" -C "$P" minutes 2025-04-01 >"$out" 2>"$err"; rc=$?
check no-meeting sh -c "[ $rc -eq 1 ] && grep -q 'no meeting on 2025-04-01' '$err' &&
	grep -q 'samplan add meeting date=2025-04-01' '$err' && [ ! -s '$out' ]"
# samplan meeting: the same words for a day without a meeting, before
# any screen is opened
"$S" -C "$P" meeting 2025-04-01 >"$out" 2>"$err" </dev/null; rc=$?
check meeting-no-meeting sh -c "[ $rc -eq 1 ] && grep -q 'no meeting on 2025-04-01' '$err' &&
	grep -q 'samplan add meeting date=2025-04-01' '$err'"
"$S" -C "$P" meeting 2025-04-31 >"$out" 2>"$err" </dev/null; rc=$?
check meeting-bad-date sh -c "[ $rc -eq 2 ] && grep -q 'not a date' '$err'"
"$S" -C "$P" minutes 2025-02-30 >"$out" 2>"$err"; rc=$?
check bad-date sh -c "[ $rc -eq 2 ] && grep -q 'not a date' '$err'"
"$S" -C "$P" minutes 2025-01-22 --format=pdf >"$out" 2>"$err"; rc=$?
check bad-format sh -c "[ $rc -eq 2 ] && grep -q \"unknown format 'pdf'\" '$err'"
cp "$P/plan.yaml" "$TMPROOT/plan.before"
"$S" -C "$P" minutes 2025-01-22 --output="$P/plan.yaml" >"$out" 2>"$err"; rc=$?
check output-not-a-plan-file sh -c "[ $rc -ne 0 ] && cmp -s '$P/plan.yaml' '$TMPROOT/plan.before'"
"$S" -C "$P" minutes 2025-01-22 --output="$TMPROOT/m.out" >"$out" 2>"$err"; rc=$?
check output-file sh -c "[ $rc -eq 0 ] && cmp -s '$TMPROOT/m.out' '$T'"
# an action due before its meeting: refused, nothing written
"$S" -C "$P" set action:2025-01-22/T1 due=2025-01-10 >"$out" 2>"$err"; rc=$?
check due-before-refused sh -c "[ $rc -ne 0 ] && grep -q 'T1 is due 2025-01-10, before its meeting on 2025-01-22' '$err' &&
	cmp -s '$P/plan.yaml' '$TMPROOT/plan.before'"
"$S" -C "$P" set action:2025-01-22/T1 due=2025-03-19 >"$out" 2>"$err"; rc=$?
check due-after-taken sh -c "[ $rc -eq 0 ] && grep -q 'due: 2025-03-19' '$P/plan.yaml'"
cp "$TMPROOT/plan.before" "$P/plan.yaml"
# a point numbered out of order, by typing
"$S" -C "$P" set point:2025-01-22/5 number=20 >"$out" 2>"$err"; rc=$?
check point-order-refused sh -c "[ $rc -ne 0 ] && grep -q 'point 20 stands before point 6' '$err' &&
	cmp -s '$P/plan.yaml' '$TMPROOT/plan.before'"

# an action's working group (groups.yaml, read after plan.yaml): set, in
# the minutes, kept from being deleted, followed on a rename
cp "$P/groups.yaml" "$TMPROOT/groups.before"
"$S" -C "$P" set action:2025-01-22/T2 group=fstod >"$out" 2>"$err"; rc=$?
check action-group-set sh -c "[ $rc -eq 0 ] && grep -qx '        group: fstod' '$P/plan.yaml'"
"$S" -C "$P" minutes 2025-01-22 >"$out" 2>"$err"
check action-group-minutes sh -c "sed -n '/^For the next meeting/,/^Open actions/p' '$out' | grep -q 'Who: Arbetsgrupp föräldraskapsstöd'"
"$S" -C "$P" delete group:fstod >"$out" 2>"$err"; rc=$?
check action-group-kept sh -c "[ $rc -eq 1 ] && grep -q 'named by action 2025-01-22/T2' '$err'"
"$S" -C "$P" set group:fstod id=foraldraskap >"$out" 2>"$err"; rc=$?
check action-group-renamed sh -c "[ $rc -eq 0 ] && grep -qx '        group: foraldraskap' '$P/plan.yaml'"
cp "$TMPROOT/plan.before" "$P/plan.yaml"
cp "$TMPROOT/groups.before" "$P/groups.yaml"

# a point moved up: the numbers keep the order, what the point holds (and
# the actions and guests that name it) moves; back down, as it was
"$S" -C "$P" move point:2025-01-22/5 up >"$out" 2>"$err"; rc=$?
check point-moved sh -c "[ $rc -eq 0 ] && [ \"\$('$S' -C '$P' show point:2025-01-22/4 | sed -n 's/^title	//p')\" = Samverkansplan ] &&
	[ \"\$('$S' -C '$P' show point:2025-01-22/5 | sed -n 's/^title	//p')\" = Föräldraskapsstödsstrategin ]"
check point-moved-actions sh -c "'$S' -C '$P' list action:2025-01-22 | awk -F'	' '{ print \$NF }' | tr '\n' ' ' | grep -qx '4 4 4 '"
check point-moved-guest sh -c "'$S' -C '$P' show guest:2025-01-22/linn-karlsson | grep -qx 'points	5'"
"$S" -C "$P" move point:2025-01-22/4 down >"$out" 2>"$err"; rc=$?
check point-moved-back sh -c "[ $rc -eq 0 ] && cmp -s '$P/plan.yaml' '$TMPROOT/plan.before'"
"$S" -C "$P" move point:2025-01-22/1 up >"$out" 2>"$err"; rc=$?
check point-first-stays sh -c "[ $rc -eq 1 ] && grep -q 'it is the first point' '$err' && cmp -s '$P/plan.yaml' '$TMPROOT/plan.before'"

# --- bad input: hand-edited ------------------------------------------------
# line_col TEXT: the line and column of TEXT's first occurrence in plan.yaml
line_col() {
	awk -v t="$1" 'i = index($0, t) { print NR ":" i; exit }' "$P/plan.yaml"
}
# a meeting with a bad point: its one problem said, not again for each
# topic that names the meeting
sed 's/^      - number: 3$/      - number: tre/' "$TMPROOT/plan.before" >"$P/plan.yaml"
at=$(line_col '- number: tre' | awk -F: '{ print $1 ":" $2 + 10 }')
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check hand-one-problem sh -c "[ $rc -eq 1 ] && [ \$(wc -l <'$err') -eq 1 ] &&
	grep -q \"plan.yaml:$at: 'number' must be a whole number\" '$err'"
# an action's group that groups.yaml does not have, at its value
sed 's/^        point: 5$/        group: nisse\n        point: 5/' "$TMPROOT/plan.before" >"$P/plan.yaml"
at=$(line_col 'group: nisse' | awk -F: '{ print $1 ":" $2 + 7 }')
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check hand-action-group sh -c "[ $rc -eq 1 ] && grep -q \"plan.yaml:$at: unknown group 'nisse'\" '$err'"
# a point out of order: 7 numbered 30, so 8 comes after 30
sed 's/^      - number: 7$/      - number: 30/' "$TMPROOT/plan.before" >"$P/plan.yaml"
at=$(line_col '- number: 8' | awk -F: '{ print $1 ":" $2 + 10 }')
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check hand-point-order sh -c "[ $rc -eq 1 ] && grep -q 'plan.yaml:$at: point 8 stands after point 30' '$err'"
# an action due before its meeting
sed 's/^        point: 5$/        due: 2025-01-01\n        point: 5/' "$TMPROOT/plan.before" >"$P/plan.yaml"
at=$(line_col 'due: 2025-01-01' | awk -F: '{ print $1 ":" $2 + 5 }')
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check hand-due-before sh -c "[ $rc -eq 1 ] && grep -q 'plan.yaml:$at: action T1 is due 2025-01-01, before its meeting on 2025-01-22' '$err'"
# an attendee not on the roster, and a guest's point that is no number
sed 's/^      - madelene-larsson$/      - kalle-anka/' "$TMPROOT/plan.before" >"$P/plan.yaml"
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check hand-attendee-unknown sh -c "[ $rc -eq 1 ] && grep -q \"plan.yaml:[0-9]*:[0-9]*: .*kalle-anka\" '$err'"
sed 's/points: \["4"\]/points: ["fyra"]/' "$TMPROOT/plan.before" >"$P/plan.yaml"
"$S" -C "$P" check >"$out" 2>"$err"; rc=$?
check hand-guest-point sh -c "[ $rc -eq 1 ] && grep -q \"plan.yaml:[0-9]*:[0-9]*: .*not 'fyra'\" '$err'"
cp "$TMPROOT/plan.before" "$P/plan.yaml"

finish
