package ics_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	goics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/ics"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/output/safe"
)

var monday = civil.MustParse("2026-11-23")

func entry(o engine.Obligation, child string) ics.Entry {
	return ics.Entry{Item: render.Item{Obligation: o, ChildLabel: child}, Key: o.Case + o.Rule}
}

func parse(t *testing.T, es []ics.Entry, o ics.Options) (string, []*goics.VEvent) {
	t.Helper()
	var b bytes.Buffer
	if err := ics.Write(&b, es, o); err != nil {
		t.Fatal(err)
	}
	cal, err := goics.ParseCalendar(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	return b.String(), cal.Events()
}

func value(ev *goics.VEvent, p goics.ComponentProperty) string {
	if v := ev.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// Text that iCalendar must escape, and lines longer than 75 octets with multi-byte characters,
// come back from the parser unchanged, and every physical line is at most 75 octets plus CRLF.
func TestEscapingAndFolding(t *testing.T) {
	o := engine.Obligation{
		Case: "NR-1", Policy: "p", Rule: "r", Title: `Visit; seen, "alone" \ with a backslash`,
		Cite: "§ 9.4.6; Working Together, chapter 1 — “seeing the child” (ÆØÅ ÿ 😀 ünïcödé text that runs on and on)",
		Due:  civil.MustParse("2026-12-01"), Status: engine.Due, Days: 8, HasDays: true,
		Anchor: casefolder.Pos{File: "cases/smith-family/plan.yaml", Line: 7},
	}
	text, ev := parse(t, []ics.Entry{entry(o, "z")}, ics.Options{AsOf: monday})
	for _, line := range strings.SplitAfter(text, "\r\n") {
		if line == "" {
			continue
		}
		if !strings.HasSuffix(line, "\r\n") || strings.Contains(strings.TrimSuffix(line, "\r\n"), "\n") {
			t.Errorf("line not ended by CRLF alone: %q", line)
		}
		if n := len(line) - 2; n > 75 {
			t.Errorf("line of %d octets: %q", n, line)
		}
	}
	if len(ev) != 1 {
		t.Fatalf("%d events", len(ev))
	}
	if got, want := value(ev[0], goics.ComponentPropertySummary), `NR-1 z: Visit; seen, "alone" \ with a backslash`; got != want {
		t.Errorf("SUMMARY %q, want %q", got, want)
	}
	// The folder (often a family's name) is not in the event, only the file in it.
	want := "Status: due in 8 days\nDue: Tue 1 Dec 2026\nRule: r\nCitation: " + o.Cite + "\nPolicy: p\nCounted from: plan.yaml line 7"
	if got := value(ev[0], goics.ComponentPropertyDescription); got != want {
		t.Errorf("DESCRIPTION\n%q\nwant\n%q", got, want)
	}
	if strings.Contains(text, "smith") {
		t.Error("the case folder's name is in the calendar")
	}
}

// An overdue obligation is an all-day event on the as-of date, its title and text saying the
// due date, which X-CPCASE-DUE carries too; one due or open is on its due date. DTSTAMP is the
// as-of date at midnight UTC unless a stamp is given, and SEQUENCE counts minutes since 2000.
func TestEventDatesAndVersions(t *testing.T) {
	over := engine.Obligation{Case: "NR-1", Rule: "child-seen", Title: "Child seen", Child: "t", Due: civil.MustParse("2026-11-12"),
		Status: engine.Overdue, Days: 11, HasDays: true}
	open := engine.Obligation{Case: "NR-1", Rule: "review", Title: "Review conference", Due: civil.MustParse("2027-03-10"),
		Status: engine.Open, Days: 107, HasDays: true, Booked: civil.MustParse("2027-03-18"), BookedLate: true}
	es := []ics.Entry{entry(over, "t"), entry(open, "")}
	es[0].WorkingDays = 7
	_, ev := parse(t, es, ics.Options{AsOf: monday})
	for i, want := range []struct{ start, end, due, summary, status string }{
		{"20261123", "20261124", "20261112", "Overdue (due 12 Nov): NR-1 t: Child seen", "Status: 11 days overdue\nDue: Thu 12 Nov 2026"},
		{"20270310", "20270311", "20270310", "NR-1: Review conference", "Status: due in 107 days\nDue: Wed 10 Mar 2027\nBooked: Thu 18 Mar 2027 (after the due date: a foreseeable breach)"},
	} {
		e := ev[i]
		if got := value(e, goics.ComponentPropertyDtStart); got != want.start {
			t.Errorf("%d: DTSTART %s, want %s", i, got, want.start)
		}
		if got := value(e, goics.ComponentPropertyDtEnd); got != want.end {
			t.Errorf("%d: DTEND %s, want %s", i, got, want.end)
		}
		if got := e.GetProperty("X-CPCASE-DUE"); got == nil || got.Value != want.due {
			t.Errorf("%d: X-CPCASE-DUE %v, want %s", i, got, want.due)
		}
		if got := value(e, goics.ComponentPropertySummary); got != want.summary {
			t.Errorf("%d: SUMMARY %q, want %q", i, got, want.summary)
		}
		if got := value(e, goics.ComponentPropertyDescription); !strings.HasPrefix(got, want.status) {
			t.Errorf("%d: DESCRIPTION %q, want it to start %q", i, got, want.status)
		}
		if value(e, goics.ComponentPropertyDtstamp) != "20261123T000000Z" || value(e, goics.ComponentPropertySequence) != "14145120" {
			t.Errorf("%d: DTSTAMP %s SEQUENCE %s, want 20261123T000000Z and 14145120 (9823 days of 1440 minutes: 26 years with 7 leap days, and 326 days of 2026)", i,
				value(e, goics.ComponentPropertyDtstamp), value(e, goics.ComponentPropertySequence))
		}
		if value(e, goics.ComponentPropertyStatus) != "CONFIRMED" || value(e, goics.ComponentPropertyClass) != "CONFIDENTIAL" || value(e, goics.ComponentPropertyTransp) != "TRANSPARENT" {
			t.Errorf("%d: STATUS, CLASS or TRANSP wrong", i)
		}
	}
	// A stamp of the moment the file is made, 9:30 the same day: 570 minutes more.
	_, ev = parse(t, es, ics.Options{AsOf: monday, Stamp: time.Date(2026, 11, 23, 9, 30, 15, 500, time.UTC)})
	if value(ev[0], goics.ComponentPropertyDtstamp) != "20261123T093015Z" || value(ev[0], goics.ComponentPropertySequence) != "14145690" {
		t.Errorf("DTSTAMP %s SEQUENCE %s", value(ev[0], goics.ComponentPropertyDtstamp), value(ev[0], goics.ComponentPropertySequence))
	}
	for _, d := range []string{"1990-06-01", "2000-01-01", "2026-11-23", "2026-11-24", "5999-12-31"} {
		s := ics.Sequence(civil.MustParse(d).Time())
		if s < 0 || s > 1<<31-1 {
			t.Errorf("SEQUENCE %d on %s is not a 31-bit integer", s, d)
		}
	}
	if a, b := ics.Sequence(civil.MustParse("2400-01-01").Time()), ics.Sequence(civil.MustParse("2400-01-02").Time()); b-a != 1440 {
		t.Errorf("SEQUENCE %d on 2 Jan 2400, %d the day before: want 1440 minutes more", b, a)
	}
	if a, b := ics.Sequence(monday.Time()), ics.Sequence(monday.AddDays(1).Time()); b <= a {
		t.Errorf("SEQUENCE %d the next day, %d today", b, a)
	}
}

// Cancellations: the same UID as the event they remove, STATUS:CANCELLED, on the due date, with
// a title that says why.
func TestCancellations(t *testing.T) {
	met := engine.Obligation{Case: "NR-1", Rule: "child-seen", Title: "Child seen", Child: "t", Due: civil.MustParse("2026-11-12"),
		Status: engine.Late, Met: civil.MustParse("2026-11-25"), Days: 13, HasDays: true}
	dropped := engine.Obligation{Case: "NR-1", Rule: "review", Title: "Review conference", Due: civil.MustParse("2026-12-10"),
		Status: engine.Due, Days: 10, HasDays: true}
	missed := engine.Obligation{Case: "NR-1", Rule: "cadence", Title: "Core group", Due: civil.MustParse("2026-11-01"),
		Status: engine.Missed, End: civil.MustParse("2026-11-20"), Days: 19, HasDays: true}
	var es []ics.Entry
	for _, o := range []engine.Obligation{met, dropped, missed} {
		e := entry(o, o.Child)
		e.Cancelled = true
		es = append(es, e)
	}
	_, ev := parse(t, es, ics.Options{AsOf: civil.MustParse("2026-11-30")})
	for i, want := range []struct{ start, summary, category, status string }{
		{"20261112", "Done: NR-1 t: Child seen", "late", "Status: met late, by 13 days Wed 25 Nov 2026: no longer to do"},
		{"20261210", "No longer due: NR-1: Review conference", "dropped", "Status: no longer due: the plan ended, or the record it was counted from was changed or removed"},
		{"20261101", "Missed: NR-1: Core group", "missed", "Status: missed when the plan ended Fri 20 Nov 2026: no longer to do"},
	} {
		e := ev[i]
		if e.Id() != ics.UID(es[i].Key) || value(e, goics.ComponentPropertyStatus) != "CANCELLED" {
			t.Errorf("%d: UID %s STATUS %s", i, e.Id(), value(e, goics.ComponentPropertyStatus))
		}
		if got := value(e, goics.ComponentPropertyDtStart); got != want.start {
			t.Errorf("%d: DTSTART %s, want %s", i, got, want.start)
		}
		if got := value(e, goics.ComponentPropertySummary); got != want.summary {
			t.Errorf("%d: SUMMARY %q, want %q", i, got, want.summary)
		}
		if got := value(e, goics.ComponentPropertyCategories); got != want.category {
			t.Errorf("%d: CATEGORIES %q, want %q", i, got, want.category)
		}
		if got := value(e, goics.ComponentPropertyDescription); !strings.HasPrefix(got, want.status) {
			t.Errorf("%d: DESCRIPTION %q, want it to start %q", i, got, want.status)
		}
	}
}

// Tasks: VTODO with the real due date (a task list shows overdue itself), NEEDS-ACTION, or
// CANCELLED for a cancellation.
func TestTodo(t *testing.T) {
	over := engine.Obligation{Case: "NR-1", Rule: "r", Title: "T", Due: civil.MustParse("2026-11-12"), Status: engine.Overdue, Days: 11, HasDays: true}
	done := over
	done.Rule, done.Status, done.Met = "s", engine.Late, civil.MustParse("2026-11-20")
	es := []ics.Entry{entry(over, ""), entry(done, "")}
	es[1].Cancelled = true
	var b bytes.Buffer
	if err := ics.Write(&b, es, ics.Options{AsOf: monday, Todo: true}); err != nil {
		t.Fatal(err)
	}
	cal, err := goics.ParseCalendar(&b)
	if err != nil {
		t.Fatal(err)
	}
	todos := cal.Todos()
	if len(todos) != 2 || len(cal.Events()) != 0 {
		t.Fatalf("%d todos, %d events", len(todos), len(cal.Events()))
	}
	for i, want := range []string{"NEEDS-ACTION", "CANCELLED"} {
		if got := todos[i].GetProperty(goics.ComponentPropertyDue).Value; got != "20261112" {
			t.Errorf("%d: DUE %s", i, got)
		}
		if got := todos[i].GetProperty(goics.ComponentPropertyStatus).Value; got != want {
			t.Errorf("%d: STATUS %s, want %s", i, got, want)
		}
	}
}

// A UID is a hash of the key: 32 hex digits @cpcase, different keys different UIDs, and nothing
// of the key (a case reference, a date) readable in it.
func TestUID(t *testing.T) {
	a, b := ics.UID("EX-1\x00child-seen\x00t"), ics.UID("EX-1\x00child-seen\x00l")
	if a == b || len(a) != 32+len("@cpcase") || !strings.HasSuffix(a, "@cpcase") || strings.Contains(a, "EX") {
		t.Errorf("UIDs %q %q", a, b)
	}
	if ics.UID("k") != ics.UID("k") {
		t.Error("UID is not a function of the key")
	}
}

// normalText is what a TEXT value holds after the round trip: a CRLF is a newline, and what a
// calendar would obey or that hides text (other controls, bidirectional overrides) is shown as
// an escape, as safe.TermLines writes it.
func normalText(s string) string {
	return safe.TermLines(strings.ReplaceAll(s, "\r\n", "\n"))
}

// Whatever text a case file holds, the calendar's lines stay within 75 octets of valid UTF-8 and
// golang-ical's parser (which unfolds and unescapes TEXT values) gives the text back: the escaping
// and folding are ours, so they are checked against an independent parser on arbitrary input.
func FuzzText(f *testing.F) {
	for _, s := range []string{"plain", `a;b,c\d`, "line one\nline two\r\nthree", "tab\there\x00nul\x7f", strings.Repeat("é😀", 60), strings.Repeat(`\,;`, 40), " leading and trailing ", ""} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, title, cite string) {
		if !utf8.ValidString(title) || !utf8.ValidString(cite) {
			t.Skip("case files are UTF-8")
		}
		o := engine.Obligation{Case: "NR-1", Policy: "p", Rule: "r", Title: title, Cite: cite,
			Due: civil.MustParse("2026-12-01"), Status: engine.Open, Days: 8, HasDays: true}
		e := entry(o, "")
		var b bytes.Buffer
		if err := ics.Write(&b, []ics.Entry{e}, ics.Options{AsOf: monday}); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.SplitAfter(b.String(), "\r\n") {
			if line == "" {
				continue
			}
			body, ok := strings.CutSuffix(line, "\r\n")
			if !ok || len(body) > 75 || !utf8.ValidString(body) || strings.ContainsAny(body, "\r\n") {
				t.Fatalf("bad line %q", line)
			}
		}
		cal, err := goics.ParseCalendar(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		ev := cal.Events()
		if len(ev) != 1 {
			t.Fatalf("%d events", len(ev))
		}
		if got, want := value(ev[0], goics.ComponentPropertySummary), normalText(ics.Summary(e, monday)); got != want {
			t.Errorf("SUMMARY %q, want %q", got, want)
		}
		if got, want := value(ev[0], goics.ComponentPropertyDescription), normalText("Status: due in 8 days\nDue: Tue 1 Dec 2026\nRule: r\nCitation: "+cite+"\nPolicy: p"); cite != "" && got != want {
			t.Errorf("DESCRIPTION %q, want %q", got, want)
		}
	})
}

// A case that could not be checked is an event on the as-of date that says so and where, by the
// file within its folder: not the folder (a family's name, often), not the error's words (they
// may quote the file). Its UID does not depend on the path typed to reach the folder.
func TestNotChecked(t *testing.T) {
	e := ics.NotChecked("NR-1", "cases/smith-family/members.yaml", 3, 2, monday)
	if e.Day != monday || e.Summary != "NR-1: not checked: fix it to see what is due" || e.Cancelled {
		t.Errorf("event %+v", e)
	}
	if want := "Status: not checked: its obligations cannot be worked out until it is fixed\nFirst error: members.yaml line 3 (2 errors)\nRun cpcase check on the case folder to see them."; e.Text != want {
		t.Errorf("text %q, want %q", e.Text, want)
	}
	if ics.NotChecked("NR-1", "/srv/cases/smith-family/members.yaml", 3, 2, monday).UID != e.UID {
		t.Error("the UID depends on the path typed")
	}
	if ics.NotChecked("", "cases/other/plan.yaml", 1, 1, monday).Summary != "A case folder: not checked: fix it to see what is due" {
		t.Error("a case without a reference")
	}
	_, ev := parse(t, []ics.Entry{}, ics.Options{AsOf: monday})
	if len(ev) != 0 {
		t.Error("events from nothing")
	}
}

// Text a case file chooses cannot steer a calendar: a bidirectional override in a team's name
// and an escape character in a child's label come through as visible escapes.
func TestHostileText(t *testing.T) {
	o := engine.Obligation{Case: "NR-1", Rule: "r", Title: "Child seen", Team: "North\u202eTEAM", Child: "a",
		Due: civil.MustParse("2026-12-01"), Status: engine.Due, Days: 8, HasDays: true}
	_, ev := parse(t, []ics.Entry{entry(o, "x\x1b]52;c;AAAA\a")}, ics.Options{AsOf: monday})
	if got, want := value(ev[0], goics.ComponentPropertySummary), `NR-1 x\x1b]52;c;AAAA\x07: Child seen`; got != want {
		t.Errorf("SUMMARY %q, want %q", got, want)
	}
	if got := value(ev[0], goics.ComponentPropertyDescription); !strings.HasSuffix(got, `Team: North\u202eTEAM`) {
		t.Errorf("DESCRIPTION %q", got)
	}
}
