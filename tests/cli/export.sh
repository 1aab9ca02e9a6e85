#!/bin/sh
# samplan export: a kind's records as CSV (RFC 4180) and in the flavour
# Swedish-locale Excel opens.  Hostile text (the separators, quotes, line
# breaks, formulas, å ä ö) read back by Python's csv module equals what
# samplan show says, cell by cell; a formula stays text; LibreOffice opens
# the excel flavour with the same cells and no formula.
. "$(dirname "$0")/../lib.sh"

S=$SAMPLAN
out=$TMPROOT/out
err=$TMPROOT/err
P=$(fresh_plan export)
command -v python3 >/dev/null 2>&1 || skip "python3 is not installed"

"$S" -C "$P" set F1 text='Tre; "citat", och åäö' notes='rad ett
rad två' >/dev/null
"$S" -C "$P" set F2 text='=HYPERLINK("http://example.org","klicka")' >/dev/null
"$S" -C "$P" set F3 text='@SUM(1+1)' notes='-2+3' >/dev/null
"$S" -C "$P" set F4 text='+46 19 602 10 00' >/dev/null
"$S" -C "$P" add activity text='Utbildning; "dag"' changes=F1,F2 parties=soder,norr >/dev/null 2>&1
"$S" -C "$P" add followup:A1 year=2025 party=soder done='=1+1' value='20 %' >/dev/null 2>&1

# cells: what `show` says of every field, the way the export joins lists;
# a formula's cell with a leading '
cat >"$TMPROOT/cells.py" <<'EOF'
import csv, subprocess, sys
samplan, plan, kind, flavour, path = sys.argv[1:6]
enc, delim, joiner = ("utf-8-sig", ";", ", ") if flavour == "excel" else ("utf-8", ",", "; ")
raw = open(path, "rb").read()
if flavour == "excel":
    assert raw.startswith(b"\xef\xbb\xbf"), "no byte order mark"
else:
    assert not raw.startswith(b"\xef\xbb\xbf"), "a byte order mark in CSV"
body = raw.decode(enc)
# every record ends CRLF; a line break inside a cell stays what it is
assert body.endswith("\r\n"), "not CRLF"
rows = list(csv.reader(body.splitlines(keepends=True), delimiter=delim, strict=True))
head, rows = rows[0], rows[1:]
def show(addr):
    r = subprocess.run([samplan, "-C", plan, "show", addr], capture_output=True, check=True)
    vals = {}
    for line in r.stdout.decode().split("\n"):
        if "\t" in line:
            k, v = line.split("\t", 1)
            vals[k] = v.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")
    return vals
bad = 0
for row in rows:
    assert len(row) == len(head), "a row of %d cells under %d names" % (len(row), len(head))
    rec = dict(zip(head, row))
    addr = ("followup:%s/%s-%s" % (rec["activity"], rec["year"], rec["party"])
            if kind == "followup" else "%s:%s" % (kind, rec["id"]))
    want = show(addr)
    for name, value in rec.items():
        if name == "activity":
            continue
        field = {"period.from": "period_from", "period.to": "period_to"}.get(name, name)
        w = want[field].replace(",", joiner) if field in ("changes", "parties", "groups", "effects", "priority", "followup") else want[field]
        if w[:1] in ("=", "+", "-", "@", "\t", "\r"):
            w = "'" + w
        if value != w:
            print("%s %s: %r, expected %r" % (addr, name, value, w))
            bad += 1
print("%d rows, %d cells differ" % (len(rows), bad))
sys.exit(1 if bad else 0)
EOF

for kind in change activity followup; do
	for flavour in csv excel; do
		"$S" -C "$P" export "$kind" --format="$flavour" --output="$TMPROOT/$kind.$flavour" 2>"$err"
		check "export-$kind-$flavour" python3 "$TMPROOT/cells.py" "$S" "$P" "$kind" "$flavour" \
			"$TMPROOT/$kind.$flavour"
	done
done
"$S" -C "$P" export changes >"$out"
check stdout-is-file cmp -s "$out" "$TMPROOT/change.csv"
check csv-quotes-doubled grep -q '"Tre; ""citat"", och åäö"' "$out"
check csv-formula-inert grep -q "^F2,kort,\"'=HYPERLINK(\"\"http://example.org\"\",\"\"klicka\"\")\"" "$out"
check csv-at-inert grep -q "^F3,kort,'@SUM(1+1),2025,ej-paborjad,,,'-2+3" "$out"
check csv-plus-inert grep -q "^F4,kort,'+46 19 602 10 00" "$out"
check csv-header [ "$(head -1 "$out")" = "$(printf 'id,horizon,text,priority,status,groups,effects,notes\r')" ]
check excel-header [ "$(head -1 "$TMPROOT/activity.excel")" = "$(printf '\357\273\277id;text;changes;group;parties;period.from;period.to;output;result;indicator;baseline;target;status;notes;followup\r')" ]
check excel-lists grep -q '^A1;"Utbildning; ""dag""";F1, F2;;soder, norr;' "$TMPROOT/activity.excel"
"$S" -C "$P" export followup >"$out"
check followup-parent grep -q "^A1,2025,soder,'=1+1,,,20 %," "$out"

# what is refused
"$S" -C "$P" export >"$out" 2>"$err"; rc=$?
check export-no-kind sh -c "[ $rc -eq 2 ] && grep -q 'missing the kind of record' '$err'"
"$S" -C "$P" export plan >"$out" 2>"$err"; rc=$?
check export-plan sh -c "[ $rc -eq 2 ] && grep -q 'the plan is one record' '$err'"
"$S" -C "$P" export changes --format=xlsx >"$out" 2>"$err"; rc=$?
check export-format sh -c "[ $rc -eq 2 ] && grep -q \"unknown format 'xlsx' (known: csv, excel)\" '$err'"
cp "$P/changes.yaml" "$TMPROOT/before.yaml"
"$S" -C "$P" export changes --output="$P/changes.yaml" >"$out" 2>"$err"; rc=$?
check export-not-over-plan sh -c "[ $rc -eq 1 ] && cmp -s '$P/changes.yaml' '$TMPROOT/before.yaml'"

# LibreOffice opens the excel flavour (';', UTF-8 with BOM): the same cells,
# and no cell a formula
if command -v soffice >/dev/null 2>&1; then
	L=$TMPROOT/lo
	mkdir -p "$L"
	cp "$TMPROOT/change.excel" "$L/changes.csv"
	# 59: ';', 34: '"', 76: UTF-8; first line 1
	(cd "$L" && HOME=$L timeout 180 soffice --headless --norestore \
		--infilter='CSV:59,34,76,1' --convert-to ods changes.csv >"$L/log" 2>&1)
	check lo-ods [ -s "$L/changes.ods" ]
	(cd "$L" && python3 -c "import zipfile; print(zipfile.ZipFile('changes.ods').read('content.xml').decode())" >"$L/content.xml")
	check lo-no-formula sh -c "! grep -q 'table:formula' '$L/content.xml'"
	check lo-hyperlink-text grep -q "=HYPERLINK(&quot;http://example.org&quot;,&quot;klicka&quot;)" "$L/content.xml"
	(cd "$L" && HOME=$L timeout 180 soffice --headless --norestore \
		--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1' --outdir back changes.ods >>"$L/log" 2>&1)
	check lo-back python3 -c "
import csv, sys
a = list(csv.reader(open('$TMPROOT/change.excel', encoding='utf-8-sig', newline=''), delimiter=';'))
b = list(csv.reader(open('$L/back/changes.csv', encoding='utf-8', newline='')))
bad = [(i, j, x, y) for i, (ra, rb) in enumerate(zip(a, b)) for j, (x, y) in enumerate(zip(ra, rb)) if x != y]
print(len(a), len(b), bad[:3])
sys.exit(0 if len(a) == len(b) and not bad else 1)"
elif [ -n "${SAMPLAN_REQUIRE_TOOLS-}" ]; then
	fail lo "LibreOffice (soffice) is not installed, and this run requires it"
else
	echo "# skipped: LibreOffice (soffice) is not installed"
fi

finish
