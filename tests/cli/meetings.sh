#!/bin/sh
# samplan meetings: the plan's meetings as a list and as an iCalendar file
# (RFC 5545).  The shipped 2025 calendar as the notes of 2025-01-22 give it;
# the file read by an independent parser (Debian's python3-icalendar) with
# the same events, the same UIDs in two exports, no line over 75 octets,
# and a place with å ä ö, a comma and a semicolon read back whole.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
P=$(fresh_plan meetings)
# DTSTAMP: midnight of SAMPLAN_DATE, so that the file is the same each run
SAMPLAN_DATE=2025-04-01
export SAMPLAN_DATE

# --- the list ---
"$S" -C "$P" meetings >"$out" 2>"$err"; rc=$?
cat >"$TMPROOT/want" <<'EOF'
2025-01-22 13.00–16.30 Chefsgrupp folkhälsa, Länsstyrelsen (held)
2025-02-07             Joint management group
2025-03-14             Follow-up day
2025-03-19 13.00–16.30 Chefsgrupp folkhälsa
2025-05-22 13.00–16.30 Chefsgrupp folkhälsa
2025-08-20 13.00–16.30 Chefsgrupp folkhälsa
2025-09-24             Collaboration meeting, Norra länsdelen
2025-09-30             Collaboration meeting, Örebro läns bildningsförbund (ÖLBF)
2025-10-07             Collaboration meeting, Västra länsdelen
2025-10-23 13.00–16.30 Chefsgrupp folkhälsa
2025-11-07             Joint management group
2025-11-25             Collaboration meeting, Södra länsdelen
2025-11-26             Collaboration meeting, Örebro
2025-12-02 13.00–16.30 Chefsgrupp folkhälsa
2025-12-02             Collaboration meeting, Norra länsdelen
EOF
check list-2025 sh -c "[ $rc -eq 0 ] && [ ! -s '$err' ] && cmp -s '$out' '$TMPROOT/want'"
"$S" -C "$P" meetings --year=2026 >"$out" 2>"$err"; rc=$?
check list-other-year-empty sh -c "[ $rc -eq 0 ] && [ ! -s '$out' ]"
# two meetings on one day are told apart by the party in the id
"$S" -C "$P" show meeting:2025-12-02-norr >"$out" 2>"$err"
check id-with-party grep -q '^part	norr$' "$out"
"$S" -C "$P" show meeting:2025-12-02 >"$out" 2>"$err"
check id-date-alone grep -q '^kind	chefsgrupp$' "$out"

# --- in Swedish ---
if (swedish) >/dev/null 2>&1; then
	swedish
	sv "$S" -C "$P" meetings >"$out" 2>"$err"
	check list-swedish sh -c "grep -qx '2025-01-22 13.00–16.30 Chefsgrupp folkhälsa, Länsstyrelsen (genomfört)' '$out' &&
		grep -qx '2025-02-07             Gemensam chefsgrupp' '$out' &&
		grep -qx '2025-03-14             Uppföljningsdag' '$out' &&
		grep -qx '2025-09-24             Samverkansmöte, Norra länsdelen' '$out'"
fi

# --- iCalendar ---
"$S" -C "$P" meetings --format=ics >"$TMPROOT/a.ics" 2>"$err"; rc=$?
check ics-golden sh -c "[ $rc -eq 0 ] && cmp -s '$TMPROOT/a.ics' '$top_srcdir/tests/cli/meetings.ics'"
check ics-crlf sh -c "[ \$(grep -c \"\$(printf '\\r')\$\" '$TMPROOT/a.ics') -eq \$(wc -l <'$TMPROOT/a.ics') ]"
# a place and a note that must be escaped and folded
"$S" -C "$P" set meeting:2025-03-19 'place=Rådhuset, Örebro; sal 3 \ plan 2' \
	'note=Dagordningen: årsplanen, föräldraskapsstödsstrategin och samverkansplanen; därefter övriga frågor' >/dev/null
"$S" -C "$P" meetings --format=ics --output="$TMPROOT/b.ics" 2>"$err"; rc=$?
check ics-output sh -c "[ $rc -eq 0 ] && [ -s '$TMPROOT/b.ics' ]"
check ics-75-octets sh -c "LC_ALL=C awk '{ sub(/\\r\$/, \"\"); if (length(\$0) > 75) bad++ } END { exit bad ? 1 : 0 }' '$TMPROOT/b.ics'"
check ics-folded grep -q '^ ' "$TMPROOT/b.ics"
# another day's export: another DTSTAMP, the same UIDs
SAMPLAN_DATE=2025-05-01 "$S" -C "$P" meetings --format=ics >"$TMPROOT/c.ics"
check ics-uids-stable sh -c "grep '^UID:' '$TMPROOT/b.ics' >'$TMPROOT/u1' && grep '^UID:' '$TMPROOT/c.ics' >'$TMPROOT/u2' &&
	cmp -s '$TMPROOT/u1' '$TMPROOT/u2' && ! cmp -s '$TMPROOT/b.ics' '$TMPROOT/c.ics'"

# the Python that has Debian's module (a python3 of its own, such as
# pyenv's, may come first on PATH)
PY=
for py in python3 /usr/bin/python3; do
	if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import icalendar' 2>/dev/null; then
		PY=$py
		break
	fi
done
if [ -n "$PY" ]; then
	check ics-parsed "$PY" - "$TMPROOT/b.ics" "$S" "$P" <<'EOF'
import subprocess, sys
import icalendar
path, samplan, plan = sys.argv[1:4]
cal = icalendar.Calendar.from_ical(open(path, "rb").read())
events = [c for c in cal.walk("VEVENT")]
ids = subprocess.run([samplan, "-C", plan, "list", "meetings"], capture_output=True,
                     check=True).stdout.decode().split()
ids = [i for i in ids if i[:4].isdigit() and len(i) >= 10 and i[4] == "-"]
uids = [str(e["UID"]) for e in events]
assert len(events) == 15, "%d events" % len(events)
assert len(set(uids)) == 15, "UIDs not unique"
for e in events:
    assert e.get("DTSTAMP") is not None
    assert e.get("DTSTART") is not None
tz = [c for c in cal.walk("VTIMEZONE")]
assert len(tz) == 1 and str(tz[0]["TZID"]) == "Europe/Stockholm"
by = {str(e["DTSTART"].dt)[:10] + ("-" + str(e["SUMMARY"]) if "Collaboration" in str(e["SUMMARY"]) else ""): e for e in events}
m = [e for e in events if str(e["DTSTART"].dt).startswith("2025-03-19")][0]
assert str(m["LOCATION"]) == "Rådhuset, Örebro; sal 3 \\ plan 2", repr(str(m["LOCATION"]))
assert str(m["DESCRIPTION"]).startswith("Dagordningen: årsplanen, föräldraskapsstödsstrategin")
assert str(m["DTSTART"].dt) == "2025-03-19 13:00:00+01:00", str(m["DTSTART"].dt)
assert str(m["DTEND"].dt) == "2025-03-19 16:30:00+01:00", str(m["DTEND"].dt)
d = [e for e in events if str(e["DTSTART"].dt) == "2025-02-07"]
assert len(d) == 1 and str(d[0]["DTEND"].dt) == "2025-02-08", "a whole day"
s = [e for e in events if str(e["DTSTART"].dt).startswith("2025-08-20")][0]
assert str(s["DTSTART"].dt) == "2025-08-20 13:00:00+02:00", "summer time: " + str(s["DTSTART"].dt)
EOF
elif [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
	fail ics-parsed "python3-icalendar is not installed, and this run requires it"
else
	echo "# skipped: python3-icalendar is not installed"
fi

# --- bad input: a message, exit 2, nothing written ---
"$S" -C "$P" meetings --format=pdf >"$out" 2>"$err"; rc=$?
check bad-format sh -c "[ $rc -eq 2 ] && grep -q \"unknown format 'pdf' (known: text, ics)\" '$err' && [ ! -s '$out' ]"
"$S" -C "$P" meetings --year=tjugo >"$out" 2>"$err"; rc=$?
check bad-year sh -c "[ $rc -eq 2 ] && grep -q \"'tjugo' is not a year\" '$err'"
cp "$P/plan.yaml" "$TMPROOT/plan.before"
"$S" -C "$P" meetings --format=ics --output="$P/plan.yaml" >"$out" 2>"$err"; rc=$?
check output-not-own-file sh -c "[ $rc -ne 0 ] && cmp -s '$P/plan.yaml' '$TMPROOT/plan.before'"
"$S" -C "$P" set meeting:2025-05-22 part=nowhere >"$out" 2>"$err"; rc=$?
check unknown-party sh -c "[ $rc -ne 0 ] && grep -q nowhere '$err'"

# two meetings known alike (the same day, no party): the place of the
# second, and nothing read
D=$(fresh_plan dup)
awk '/^  - date: 2025-03-19$/ { print "  - date: 2025-02-07"; next } { print }' "$P/plan.yaml" >"$D/plan.yaml"
line=$(grep -n '^  - date: 2025-02-07$' "$D/plan.yaml" | sed -n 2p | cut -d: -f1)
"$S" -C "$D" check >"$out" 2>"$err"; rc=$?
check duplicate-meeting sh -c "[ $rc -eq 1 ] && grep -q \"plan.yaml:$line:5: duplicate meeting '2025-02-07'\" '$err'"

finish
