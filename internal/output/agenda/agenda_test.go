package agenda_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	goics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/agenda"
	"github.com/cpcase/cpcase/internal/output/ics"
)

var monday = civil.MustParse("2026-11-23")

// build is the agenda of every case under root, and the rows closed in the last 28 days.
func build(t *testing.T, root string, day civil.Date, days int) (rows, closed []agenda.Row) {
	t.Helper()
	dirs, err := casefolder.Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	reg := policy.NewRegistry()
	for _, d := range dirs {
		c, diags := casefolder.Load(d, day)
		if diags.Errors() > 0 {
			t.Fatalf("%s: %v", d, diags)
		}
		p, _, err := reg.Resolve(c.Policy)
		if err != nil || p == nil {
			t.Fatalf("%s: %v", d, err)
		}
		r, cl := agenda.Case(c, p, agenda.Options{AsOf: day, Days: days}, 28)
		rows, closed = append(rows, r...), append(closed, cl...)
	}
	agenda.Sort(rows)
	return rows, closed
}

func lines(rows []agenda.Row, day civil.Date) []string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join([]string{r.Booked.String(), r.Case, r.Meeting, r.Chair, r.Rule, r.Detail, r.Due.String(), string(r.Status), agenda.Note(r, day)}, " | "))
	}
	return out
}

func check(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The examples' next four weeks as of Mon 23 Nov 2026 (to Mon 21 Dec), worked by hand from
// examples/README.md: five core groups are booked, each the next link of its case's cadence; the
// booking case's was moved from 26 Nov to 3 Dec, after its due date (26 Nov = 15 Oct + 6 weeks).
// The professionals' meeting booked in EX-CH7-0002 on 10 Dec is no conference team business and
// meets nothing: not listed. Nothing a meeting would meet falls due unbooked by 21 Dec.
func TestAgendaExamples(t *testing.T) {
	rows, _ := build(t, "../../../examples", monday, 0)
	check(t, lines(rows, monday), []string{
		// 15 Oct + 42 days = Thu 26 Nov; booked the day before.
		"2026-11-25 | EX-CH7-0001 | core group | sw1 | core-group-cadence | since 2026-10-15 | 2026-11-26 | due | ",
		// 15 Oct + 6 weeks = Thu 26 Nov; moved to Thu 3 Dec.
		"2026-12-03 | EX-BK-0001 | core group | sw1 | core-group-cadence | since 2026-10-15 | 2026-11-26 | due | booked after the due date; moved from Thu 26 Nov 2026",
		// 3 Nov + 42 days = Tue 15 Dec, booked on the day.
		"2026-12-15 | EX-CH7-0002 | core group | sw1 | core-group-cadence | since 2026-11-03 | 2026-12-15 | open | ",
		// 20 Oct + 2 months = Sun 20 Dec (after the first review).
		"2026-12-15 | EX-S9-0001 | core group | sw1 | core-group-cadence | since 2026-10-20 | 2026-12-20 | open | ",
		// 17 Nov + 4 weeks = Tue 15 Dec, booked on the day, chaired by sw2.
		"2026-12-15 | EX-W17-0001 | core group | sw2 | core-group-cadence | since 2026-11-17 | 2026-12-15 | open | ",
	})
	// Over 5 days (to Sat 28 Nov): the core group booked on 25 Nov, and the booking case's booked
	// on 3 Dec, after the window, because what it would meet is due on 26 Nov, within it.
	rows, _ = build(t, "../../../examples", monday, 5)
	check(t, lines(rows, monday), []string{
		"2026-11-25 | EX-CH7-0001 | core group | sw1 | core-group-cadence | since 2026-10-15 | 2026-11-26 | due | ",
		"2026-12-03 | EX-BK-0001 | core group | sw1 | core-group-cadence | since 2026-10-15 | 2026-11-26 | due | booked after the due date; moved from Thu 26 Nov 2026",
	})
	// Over 120 days (to Tue 23 Mar 2027) the s9 review conference, due 10 Sep + 6 months = Wed 10
	// Mar 2027, comes in with no booking.
	rows, _ = build(t, "../../../examples", monday, 120)
	got := lines(rows, monday)
	if len(got) != 6 {
		t.Fatalf("%d rows over 120 days, want 6:\n%s", len(got), strings.Join(got, "\n"))
	}
	check(t, got[5:], []string{" | EX-S9-0001 |  |  | review-conference | since 2026-09-10 | 2027-03-10 | open | not booked"})
}

func edit(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s does not hold %q", path, old)
	}
	if err := os.WriteFile(path, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func s9Copy(t *testing.T) (root, dir string) {
	root = t.TempDir()
	dir = filepath.Join(root, "s9")
	if err := os.CopyFS(dir, os.DirFS("../../../examples/s9-three-children")); err != nil {
		t.Fatal(err)
	}
	return root, dir
}

// Bookings in s9 over 120 days: the review conference booked on 18 Mar, after it is due (10 Mar),
// and a core group booked on 12 Jan after the one of 15 Dec, which meets nothing yet (its link
// starts at the 15 Dec meeting). The review keeps the calendar UID it had while unbooked.
func TestAgendaBookings(t *testing.T) {
	root, dir := s9Copy(t)
	before, _ := build(t, root, monday, 120)
	edit(t, filepath.Join(dir, "plan.yaml"), "core_assessment:", "  - kind: review\n    date: 2027-03-18\n    decision: continue\ncore_assessment:")
	edit(t, filepath.Join(dir, "meetings.yaml"), "# yaml-language-server", "  - date: 2027-01-12\n    kind: core-group\n    chair: sw1\n# yaml-language-server")
	rows, _ := build(t, root, monday, 120)
	check(t, lines(rows, monday), []string{
		"2026-12-15 | EX-S9-0001 | core group | sw1 | core-group-cadence | since 2026-10-20 | 2026-12-20 | open | ",
		"2027-01-12 | EX-S9-0001 | core group | sw1 |  |  |  |  | meets no obligation yet",
		"2027-03-18 | EX-S9-0001 | review conference |  | review-conference | since 2026-09-10 | 2027-03-10 | open | booked after the due date",
	})
	if before[1].Rule != "review-conference" || before[1].Key != rows[2].Key {
		t.Errorf("the review's key changed when it was booked: %q, now %q", before[1].Key, rows[2].Key)
	}
	// Within 28 days neither new booking is in the window, nor the review's due date.
	rows, _ = build(t, root, monday, 28)
	if len(rows) != 1 {
		t.Errorf("%d rows over 28 days, want the 15 Dec core group only", len(rows))
	}
}

// An overdue link with no booking: the s9 core group of 15 Dec called off, as of Tue 22 Dec the
// cadence link due Sun 20 Dec is 2 days overdue and not booked.
func TestAgendaOverdueUnbooked(t *testing.T) {
	root, dir := s9Copy(t)
	edit(t, filepath.Join(dir, "meetings.yaml"), "  - date: 2026-12-15            # booked; the 2-month link from 20 Oct is due 2026-12-20\n    kind: core-group\n",
		"  - date: 2026-12-15\n    kind: core-group\n    cancelled: true\n")
	day := civil.MustParse("2026-12-22")
	rows, _ := build(t, root, day, 28)
	check(t, lines(rows, day), []string{
		" | EX-S9-0001 |  |  | core-group-cadence | since 2026-10-20 | 2026-12-20 | overdue | overdue by 2 days, not booked",
	})
}

// JSON and CSV carry the same fields; null and empty for what a row has not.
func TestAgendaJSONAndCSV(t *testing.T) {
	rows, _ := build(t, "../../../examples", monday, 0)
	var b bytes.Buffer
	if err := agenda.JSON(&b, rows); err != nil {
		t.Fatal(err)
	}
	var recs []map[string]any
	if err := json.Unmarshal(b.Bytes(), &recs); err != nil {
		t.Fatal(err)
	}
	bk := recs[1]
	if len(recs) != 5 || bk["case"] != "EX-BK-0001" || bk["booked"] != "2026-12-03" || bk["moved_from"] != "2026-11-26" ||
		bk["due"] != "2026-11-26" || bk["booked_late"] != true || bk["status"] != "due" || bk["worker"] != "sw1" || bk["chair"] != "sw1" {
		t.Errorf("JSON record %v", bk)
	}
	if len(bk) != len(agenda.Fields) {
		t.Errorf("JSON has %d fields, CSV %d", len(bk), len(agenda.Fields))
	}
	if recs[0]["moved_from"] != nil {
		t.Errorf("moved_from %v, want null", recs[0]["moved_from"])
	}
	b.Reset()
	if err := agenda.CSV(&b, rows); err != nil {
		t.Fatal(err)
	}
	all, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 6 || !slices.Equal(all[0], agenda.Fields) || all[2][3] != "2026-12-03" || all[2][6] != "2026-11-26" || all[1][6] != "" {
		t.Errorf("CSV\n%v", all)
	}
	b.Reset()
	if err := agenda.JSON(&b, nil); err != nil || b.String() != "[]\n" {
		t.Errorf("no rows: %q %v", b.String(), err)
	}
}

// The agenda calendar: an event on each booking's date, one per unbooked obligation on its due
// date, and no names: the child's id unless labels put one in.
func TestAgendaICS(t *testing.T) {
	rows, closed := build(t, "../../../examples", monday, 120)
	var b bytes.Buffer
	if err := agenda.ICS(&b, rows, closed, ics.Options{AsOf: monday}); err != nil {
		t.Fatal(err)
	}
	cal, err := goics.ParseCalendar(&b)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range cal.Events() {
		if ev.GetProperty(goics.ComponentPropertyStatus).Value == "CANCELLED" {
			continue
		}
		got = append(got, ev.GetProperty(goics.ComponentPropertyDtStart).Value+" "+ev.GetProperty(goics.ComponentPropertySummary).Value)
	}
	check(t, got, []string{
		"20261125 EX-CH7-0001: core group",
		"20261203 EX-BK-0001: core group (booked after the due date)",
		"20261215 EX-CH7-0002: core group",
		"20261215 EX-S9-0001: core group",
		"20261215 EX-W17-0001: core group",
		"20270310 Not booked: EX-S9-0001: Review conference (since 2026-09-10), due Wed 10 Mar 2027",
	})
	desc := cal.Events()[1].GetProperty(goics.ComponentPropertyDescription).Value
	if want := "Booked: Thu 3 Dec 2026, core group\nChair: sw1\nMoved from: Thu 26 Nov 2026\nWould meet: Core group at the frequency the conference set (since 2026-10-15), due Thu 26 Nov 2026: booked after it"; !strings.HasPrefix(desc, want) {
		t.Errorf("DESCRIPTION\n%s\nwant it to start\n%s", desc, want)
	}
	// Cancellations: core groups held in the last four weeks met their links.
	if len(closed) == 0 {
		t.Error("no cancellations: the core groups held since 26 Oct met links")
	}
	for _, r := range closed {
		if r.Rule == "" || r.Due.IsZero() {
			t.Errorf("closed row %+v", r)
		}
	}
}

// agendaICS is the agenda calendar of the cases under root, as of day over 120 days.
func agendaICS(t *testing.T, root string, day civil.Date) string {
	t.Helper()
	rows, closed := build(t, root, day, 120)
	var b bytes.Buffer
	if err := agenda.ICS(&b, rows, closed, ics.Options{AsOf: day}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The agenda calendar re-imported converges too: import it as of Mon 23 Nov; then the booking
// case's late core group is moved forward to Tue 1 Dec, and the review of s9 is booked; import
// the calendar of Mon 30 Nov over it (UID and SEQUENCE update, CANCELLED removes). The moved
// booking keeps its event, now on 1 Dec; the core group EX-CH7-0001 held on 25 Nov is gone (it
// met its link); the s9 review's event moves from its due date to its booking; nothing is left
// that the new file does not hold.
func TestAgendaReimport(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	type ev struct{ start, summary string }
	store, seqs := map[string]ev{}, map[string]string{}
	apply := func(text string) map[string]ev {
		cal, err := goics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatal(err)
		}
		file := map[string]ev{}
		for _, e := range cal.Events() {
			uid, seq := e.Id(), e.GetProperty(goics.ComponentPropertySequence).Value
			x := ev{e.GetProperty(goics.ComponentPropertyDtStart).Value, e.GetProperty(goics.ComponentPropertySummary).Value}
			cancelled := e.GetProperty(goics.ComponentPropertyStatus).Value == "CANCELLED"
			if !cancelled {
				if _, dup := file[uid]; dup {
					t.Errorf("UID %s twice in one file", uid)
				}
				file[uid] = x
			}
			if old, ok := seqs[uid]; ok && seq <= old { // same length: minutes since 2000
				continue
			}
			seqs[uid] = seq
			if cancelled {
				delete(store, uid)
			} else {
				store[uid] = x
			}
		}
		return file
	}
	first := apply(agendaICS(t, root, monday))
	var bk, review string
	for uid, e := range first {
		switch {
		case strings.HasPrefix(e.summary, "EX-BK-0001: core group"):
			bk = uid
		case strings.HasPrefix(e.summary, "Not booked: EX-S9-0001: Review conference"):
			review = uid
		}
	}
	if bk == "" || review == "" || len(first) != 6 {
		t.Fatalf("first file: %d events %v", len(first), first)
	}
	edit(t, filepath.Join(root, "booking-cadence-set-by-conference", "meetings.yaml"), "  - date: 2026-12-03", "  - date: 2026-12-01")
	edit(t, filepath.Join(root, "s9-three-children", "plan.yaml"), "core_assessment:", "  - kind: review\n    date: 2027-03-04\n    decision: continue\ncore_assessment:")
	second := apply(agendaICS(t, root, civil.MustParse("2026-11-30")))
	if len(store) != len(second) {
		t.Errorf("%d events in the calendar, %d in the file", len(store), len(second))
	}
	for uid, e := range store {
		if second[uid] != e {
			t.Errorf("event %q on %s is not in the new file", e.summary, e.start)
		}
	}
	if store[bk].start != "20261201" {
		t.Errorf("the moved booking: %+v", store[bk])
	}
	if store[review] != (ev{"20270304", "EX-S9-0001: review conference"}) {
		t.Errorf("the booked review: %+v", store[review])
	}
	for _, e := range store {
		if strings.HasPrefix(e.summary, "EX-CH7-0001: core group") && e.start == "20261125" {
			t.Error("the core group held on 25 Nov is still booked in the calendar")
		}
	}
}

// No two events of the agenda calendar share a UID, over a generated tree of 300 cases with its
// many bookings on the same days in different cases.
func TestAgendaUIDsUniqueOverGeneratedTree(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the generator")
	}
	tree := filepath.Join(t.TempDir(), "tree")
	gen := exec.Command("go", "run", "./testdata/gen", "-n", "300", "-o", tree)
	gen.Dir = "../../.."
	if out, err := gen.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, out)
	}
	cal, err := goics.ParseCalendar(strings.NewReader(agendaICS(t, tree, monday)))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, e := range cal.Events() {
		s := e.GetProperty(goics.ComponentPropertySummary).Value
		if prev, dup := seen[e.Id()]; dup {
			t.Errorf("UID %s shared by %q and %q", e.Id(), prev, s)
		}
		seen[e.Id()] = s
	}
	if len(seen) < 300 {
		t.Errorf("only %d events", len(seen))
	}
}
