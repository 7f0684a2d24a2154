package annexa

import (
	"bytes"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/interop/ssd"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/redact"
)

var update = flag.Bool("update", false, "rewrite the expected List 7 of the synthetic authority")

var asOf = civil.MustParse("2026-11-23")

func loadAll(t *testing.T, root string) []Case {
	t.Helper()
	dirs, err := casefolder.Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	reg := policy.NewRegistry()
	var out []Case
	for _, d := range dirs {
		c, diags := casefolder.Load(d, asOf)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", d, diags)
		}
		p, _, err := reg.Resolve(c.Policy)
		if err != nil || p == nil {
			t.Fatalf("%s: policy %s: %v", d, c.Policy, err)
		}
		out = append(out, Case{C: c, P: p})
	}
	return out
}

// memCase loads a case from its plan.yaml, members.yaml and visits.yaml held in memory.
func memCase(t *testing.T, plan, members, visits string) Case {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{casefolder.PlanFile: plan, casefolder.MembersFile: members, casefolder.VisitsFile: visits} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, d := casefolder.Load(dir, asOf)
	if len(d) > 0 {
		t.Fatalf("findings: %v", d)
	}
	p, _, err := policy.NewRegistry().Resolve(c.Policy)
	if err != nil {
		t.Fatal(err)
	}
	return Case{C: c, P: p}
}

func csvOf(t *testing.T, cases []Case, o Options) [][]string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteList7(&b, cases, o, CSV); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// The hand-made family of the import's tests, imported and listed: each cell worked by hand.
func TestRoundTripFamily(t *testing.T) {
	src := filepath.Join("..", "ssd", "testdata", "family")
	out := filepath.Join(t.TempDir(), "cases")
	res, err := ssd.Import(src, out, ssd.Options{Policy: "core-groups-s9", AsOf: asOf})
	if err != nil || len(res.Refused) > 0 {
		t.Fatalf("import: %v %v", err, res.Refused)
	}
	rows := csvOf(t, loadAll(t, out), Options{AsOf: asOf})
	want := [][]string{
		Headers,
		// P1: on the plan since 01/06/2026; 7 on 23/11/2026 (born 02/04/2019); NONE in
		// ssd_disability; latest category EMO; last seen 10/11/2026 (V3, seen alone not held: not
		// alone); last review 28/08/2026; police protection 18-20/05/2026 ended before the six
		// months from 23/05/2026; allocated to W2 in Team South since 01/09/2026.
		{"p1", "b) Female", "a) WBRI", "02/04/2019", "7", "b) No", "01/06/2026", "a) Neglect", "d) Emotional abuse",
			"10/11/2026", "b) No", "28/08/2026", "", "b) No", "0", "Team South", "Jo Bloggs"},
		// P2: the plan ended at the review of 01/09/2026, within six months; 5 (born 01/06/2021);
		// AUT; Pakistani is APKN, the 11th code; seen 03/06/2026 not alone (V2, N); V4 on 10/11 is
		// after the plan. On 01/09/2026 no allocation covers P2 (W1 ended 31/08): the case's team
		// and its lead social worker that day, W2.
		{"p2", "a) Male", "k) APKN", "01/06/2021", "5", "a) Yes", "01/06/2026", "b) Physical abuse", "b) Physical abuse",
			"03/06/2026", "b) No", "01/09/2026", "01/09/2026", "b) No", "0", "Team South", "Jo Bloggs"},
		// P3: unborn (expected 15/01/2027): no date of birth, no age, gender and ethnicity not
		// recorded, never visited; reviewed with P1 on 28/08/2026.
		{"p3", "c) Not stated/recorded", "u) UNKNOWN", "", "", "", "01/06/2026", "a) Neglect", "a) Neglect",
			"", "", "28/08/2026", "", "b) No", "0", "Team South", "Jo Bloggs"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("List 7:\n got %q\nwant %q", rows, want)
	}
	// Redacted: the worker's initials; no name of anyone in the file.
	var b bytes.Buffer
	if err := WriteList7(&b, loadAll(t, out), Options{AsOf: asOf, Redact: true}, CSV); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Jo", "Bloggs", "Sam", "Okafor", "Ada", "Ben", "Moss"} {
		if strings.Contains(b.String(), name) {
			t.Errorf("the redacted list holds %q", name)
		}
	}
	if !strings.Contains(b.String(), ",Team South,"+redact.Label("Jo Bloggs")+"\n") || !strings.HasPrefix(redact.Label("Jo Bloggs"), "J.B.~") {
		t.Errorf("the redacted list does not give the worker as initials:\n%s", b.String())
	}
}

const lone = `case: L-1
policy: core-groups-s9
team: Team North
children:
  - {id: a, born: 2010-11-24, gender: neither, ethnicity: NOBT, previous_plans: 2}
  - {id: b, born: 2012-01-01}
  - {id: c, born: 2013-01-01}
conferences:
  - {kind: initial, date: 2025-01-06, decision: plan, categories: {a: sexual, b: neglect, c: neglect}}
  - {kind: review, date: 2025-04-01, decision: end, children: [a]}
  - {kind: initial, date: 2025-09-01, decision: plan, children: [a], categories: {a: multiple}}
  - {kind: review, date: 2025-12-01, decision: continue}
  - {kind: review, date: 2026-05-22, decision: end, children: [b]}
  - {kind: review, date: 2026-05-23, decision: end, children: [c]}
  - {kind: review, date: 2027-01-10, decision: end}
orders:
  - {kind: epo, from: 2026-05-16, to: 2026-05-23, children: [c]}
  - {kind: police-protection, from: 2025-01-01, children: [b]}
allocations:
  - {from: 2025-01-01, team: "=cmd|'/c calc'!A1", worker: sw1}
`

const loneMembers = `members:
  - {id: sw1, name: "@Sam Okafor", role: lead-social-worker}
`

const loneVisits = `visits:
  - {date: 2025-10-01, by: sw1, kind: home, seen: [a], alone: [a]}
  - {date: 2025-10-02, by: sw1, kind: school, seen: [b]}
  - {date: 2026-11-30, by: sw1, kind: home, seen: [a]}
`

// Plans left and started again, the six months, orders, and cells a spreadsheet would run.
func TestList7Rules(t *testing.T) {
	rows := csvOf(t, []Case{memCase(t, lone, loneMembers, loneVisits)}, Options{AsOf: asOf})
	want := [][]string{
		Headers,
		// a: 16 on 23/11/2026 (born 24/11/2010, birthday tomorrow: still 15)... see below.
		{"a", "d) Neither", "t) NOBT", "24/11/2010", "15", "", "01/09/2025", "e) Multiple/not recommended", "e) Multiple/not recommended",
			"01/10/2025", "a) Yes", "01/12/2025", "", "b) No", "3", "'=cmd|'/c calc'!A1", "'@Sam Okafor"},
		// b: left on 22/05/2026, six months and a day before 23/11/2026: not listed.
		// c: left on 23/05/2026, exactly six months before: listed; the EPO of 16-23/05/2026
		// overlaps the six months from 23/05/2026.
		{"c", "c) Not stated/recorded", "u) UNKNOWN", "01/01/2013", "13", "", "06/01/2025", "a) Neglect", "a) Neglect",
			"", "", "23/05/2026", "23/05/2026", "a) Yes", "0", "'=cmd|'/c calc'!A1", "'@Sam Okafor"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("List 7:\n got %q\nwant %q", rows, want)
	}
}

func TestAge(t *testing.T) {
	for _, tc := range []struct {
		born, on string
		want     int
	}{
		{"2010-11-24", "2026-11-23", 15}, {"2010-11-23", "2026-11-23", 16}, {"2008-02-29", "2026-02-28", 17},
		{"2008-02-29", "2026-03-01", 18}, {"2026-11-23", "2026-11-23", 0},
	} {
		if got := age(civil.MustParse(tc.born), civil.MustParse(tc.on)); got != tc.want {
			t.Errorf("age(%s, %s) = %d, want %d", tc.born, tc.on, got, tc.want)
		}
	}
}

// The synthetic authority: imported, then listed, against the expected file; the workbook, opened
// by a spreadsheet library, holds the same cells, with real dates.
func TestRoundTripAuthority(t *testing.T) {
	out := filepath.Join(t.TempDir(), "cases")
	res, err := ssd.Import(filepath.Join("..", "..", "..", "testdata", "ssd", "authority"), out, ssd.Options{Policy: "core-groups-s9", AsOf: asOf})
	if err != nil || len(res.Refused) > 0 {
		t.Fatalf("import: %v %v", err, res.Refused)
	}
	cases := loadAll(t, out)
	var got bytes.Buffer
	if err := WriteList7(&got, cases, Options{AsOf: asOf}, CSV); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("..", "..", "..", "testdata", "ssd", "authority-list7.csv")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("List 7 differs from %s (run with -update after checking the change)", golden)
	}
	rows, err := csv.NewReader(bytes.NewReader(want)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string][]string{}
	for _, r := range rows[1:] {
		byID[r[0]] = r
	}
	for id, w := range handWorked {
		if !reflect.DeepEqual(byID[id], w) {
			t.Errorf("child %s:\n got %q\nwant %q", id, byID[id], w)
		}
	}

	var x bytes.Buffer
	if err := WriteList7(&x, cases, Options{AsOf: asOf}, XLSX); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer f.Close()
	sheet, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(sheet) != len(rows) {
		t.Fatalf("the workbook has %d rows, the CSV %d", len(sheet), len(rows))
	}
	for i := range rows {
		cells := append([]string(nil), sheet[i]...)
		for len(cells) < len(Headers) {
			cells = append(cells, "") // excelize leaves out trailing blank cells
		}
		if !reflect.DeepEqual(cells, rows[i]) {
			t.Errorf("row %d: workbook %q, CSV %q", i+1, cells, rows[i])
		}
	}
	// Dates are date cells: a serial number shown with a date format.
	raw, _ := f.GetCellValue(SheetName, "G2", excelize.Options{RawCellValue: true})
	if strings.Contains(raw, "/") || raw == "" {
		t.Errorf("G2 holds %q, not a date serial", raw)
	}
}

// handWorked are rows of the synthetic authority worked out by hand from the extract's rows
// (testdata/ssd/authority), as of 23/11/2026, under core-groups-s9.
var handWorked = map[string][]string{
	// 100220: pers_gender 1, WBRI, born 27/10/2017 (9), NONE; plan P57 from 2025-07-07, Neglect
	// both; review CR189 of 13/06/2026 did not continue (NO): the plan ended then, within the six
	// months from 23/05/2026; the last visit in the plan, V2140 of 11/06/2026, seen alone (YES);
	// L1 of June 2025 is older than six months; on 13/06/2026 W024 (Dee Birch) of T04 (Team
	// West) was allocated, to 2026-06-13.
	"100220": {"100220", "a) Male", "a) WBRI", "27/10/2017", "9", "b) No", "07/07/2025", "a) Neglect", "a) Neglect",
		"11/06/2026", "a) Yes", "13/06/2026", "13/06/2026", "b) No", "0", "Team West", "Dee Birch"},
	// 100290: F and 2, MWBC (the 6th code, f), born 13/08/2015 (11), no disability row (blank);
	// P72 ran 2024-05-07 to 2025-06-07 (one previous plan); P73 from 2026-08-07, MUL both; last
	// seen 20/11/2026, not alone (n); review CR237 on 08/11/2026; L2 (an EPO) 13-21/07/2026 is
	// within six months; W005 (Eli Moss) of T02 (Team South) from 07/08/2026.
	"100290": {"100290", "b) Female", "f) MWBC", "13/08/2015", "11", "", "07/08/2026", "e) Multiple/not recommended", "e) Multiple/not recommended",
		"20/11/2026", "b) No", "08/11/2026", "", "a) Yes", "1", "Team South", "Eli Moss"},
	// 100040: unborn (pers_gender 0, no pers_dob, expected 2026-02-14): gender not recorded, no
	// date of birth or age; NOBT (t); COMM (a disability); pre-birth plan P11 from 27/11/2025,
	// MUL and Multiple; no visit; reviews 27/02/2026 and 25/08/2026 (CR42 not held yet); W001
	// (Ada Abbot) of T03 (Team East) since 2025-11-11.
	"100040": {"100040", "c) Not stated/recorded", "t) NOBT", "", "", "a) Yes", "27/11/2025", "e) Multiple/not recommended", "e) Multiple/not recommended",
		"", "", "25/08/2026", "", "b) No", "0", "Team East", "Ada Abbot"},
}

// Two cases that both call a child "a" give each row its case reference, so each row still names
// one child; a child id used once stays as it is.
func TestChildIDsStayUnique(t *testing.T) {
	plan := func(ref, kid string) string {
		return "case: " + ref + "\npolicy: core-group-booking\nchildren:\n  - {id: a}\n  - {id: " + kid + "}\nconferences:\n  - {kind: initial, date: 2026-10-01, decision: plan}\n"
	}
	rows := List7([]Case{memCase(t, plan("Z-2", "c"), "members: []\n", "visits: []\n"), memCase(t, plan("Y-1", "b"), "members: []\n", "visits: []\n")}, Options{AsOf: asOf})
	var ids []string
	for _, r := range rows {
		ids = append(ids, r.ChildID)
	}
	if want := []string{"Y-1/a", "b", "Z-2/a", "c"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
}

// Which visits count: a policy whose visit rules ask neither seen nor alone counts the visits
// that met them (and a child it does not record as seen is "c) Unknown" for seen alone); a
// policy with no visit rule counts every visit that saw the child; a visit with no access never.
func TestCountedVisits(t *testing.T) {
	dir := t.TempDir()
	pol := filepath.Join(dir, "homes.yaml")
	if err := os.WriteFile(pol, []byte(`id: homes
title: Home visits
source: test
jurisdiction: england-and-wales
rules:
  - id: home-visit
    title: Home visit
    cite: "1"
    kind: chain
    for: child
    starts_at: on-plan
    event: visit
    visit: {kind: home}
    every: 4 weeks
`), 0o644); err != nil {
		t.Fatal(err)
	}
	plan := func(p string) string {
		return "case: V-1\npolicy: " + p + "\nchildren:\n  - {id: a, born: 2015-01-01}\n  - {id: b, born: 2016-01-01}\nconferences:\n  - {kind: initial, date: 2026-10-01, decision: plan}\n"
	}
	visits := `visits:
  - {date: 2026-10-05, by: sw1, kind: home, seen: [a]}
  - {date: 2026-10-20, by: sw1, kind: school, seen: [a, b], alone: [b]}
  - {date: 2026-11-02, by: sw1, kind: home, seen: [b]}
  - {date: 2026-11-10, by: sw1, kind: home, no_access: true}
`
	members := "members:\n  - {id: sw1, role: lead-social-worker}\n"
	for _, tc := range []struct {
		policy string
		want   [][2]string // per child: last visit, seen alone
	}{
		// home visits only: a's last is 02/11 (a not seen there: Unknown), b's 02/11 (seen, not alone)
		{pol, [][2]string{{"02/11/2026", "c) Unknown"}, {"02/11/2026", "b) No"}}},
		// no visit rule: every visit that saw the child
		{"core-group-booking", [][2]string{{"20/10/2026", "b) No"}, {"02/11/2026", "b) No"}}},
		// core-groups-s9 counts visits that saw the child
		{"core-groups-s9", [][2]string{{"20/10/2026", "b) No"}, {"02/11/2026", "b) No"}}},
	} {
		rows := csvOf(t, []Case{memCase(t, plan(tc.policy), members, visits)}, Options{AsOf: asOf})
		for i, w := range tc.want {
			if got := [2]string{rows[i+1][9], rows[i+1][10]}; got != w {
				t.Errorf("%s, child %s: last visit and seen alone %q, want %q", filepath.Base(tc.policy), rows[i+1][0], got, w)
			}
		}
	}
}
