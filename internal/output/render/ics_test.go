package render_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/cmd/root"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/redact"
	"github.com/cpcase/cpcase/internal/testutil"
)

func cpcase(t *testing.T, args ...string) string {
	t.Helper()
	var out, errOut bytes.Buffer
	if code := root.Main(cmdutil.NewFor(&out, &errOut), args); code != 0 {
		t.Fatalf("cpcase %s: exit %d\n%s", strings.Join(args, " "), code, errOut.String())
	}
	return out.String()
}

// icsDate is the civil date of an all-day DATE value as golang-ical parses it.
func icsDate(t *testing.T, p *ics.IANAProperty) civil.Date {
	t.Helper()
	if p == nil {
		t.Fatal("missing date property")
	}
	if got := p.ICalParameters["VALUE"]; len(got) != 1 || got[0] != "DATE" {
		t.Errorf("%s has VALUE=%v, want DATE (an all-day date)", p.IANAToken, got)
	}
	d, err := time.Parse("20060102", p.Value)
	if err != nil {
		t.Fatalf("%s: %v", p.IANAToken, err)
	}
	return civil.Of(d)
}

// The calendar round-trips through a real parser with the dates of the JSON output of the same
// run: every overdue, due and open obligation that has a date, in the same order, and nothing
// else. By hand from examples/README.md as of 2026-11-23: 8 overdue, 8 due, 11 open = 27.
func TestICSRoundTripExamples(t *testing.T) {
	t.Chdir("../../..")
	for _, todo := range []bool{false, true} {
		args := []string{"due", "examples", "--as-of", "2026-11-23", "--all"}
		var recs []render.Record
		if err := json.Unmarshal([]byte(cpcase(t, append(args, "--format", "json")...)), &recs); err != nil {
			t.Fatal(err)
		}
		type want struct {
			summary string
			due     civil.Date
		}
		var wants []want
		counts := map[string]int{}
		for _, r := range recs {
			if r.Due == nil || (r.Status != "overdue" && r.Status != "due" && r.Status != "open") {
				continue
			}
			counts[r.Status]++
			s := r.Case + ": " + r.Title
			if r.Child != "" {
				s = "" // per-child summaries carry the child's name, checked below by date only
			}
			wants = append(wants, want{s, civil.MustParse(*r.Due)})
		}
		if counts["overdue"] != 8 || counts["due"] != 8 || counts["open"] != 11 {
			t.Fatalf("JSON has %v, want 8 overdue, 8 due, 11 open", counts)
		}
		icsArgs := append(args, "--format", "ics")
		if todo {
			icsArgs = append(icsArgs, "--todo")
		}
		text := cpcase(t, icsArgs...)
		cal, err := ics.ParseCalendar(strings.NewReader(text))
		if err != nil {
			t.Fatalf("golang-ical cannot parse the output: %v", err)
		}
		var comps []*ics.ComponentBase
		if todo {
			if n := len(cal.Events()); n != 0 {
				t.Errorf("--todo wrote %d events", n)
			}
			for _, c := range cal.Todos() {
				comps = append(comps, &c.ComponentBase)
			}
		} else {
			if n := len(cal.Todos()); n != 0 {
				t.Errorf("wrote %d todos without --todo", n)
			}
			for _, e := range cal.Events() {
				comps = append(comps, &e.ComponentBase)
			}
		}
		if len(comps) != len(wants) {
			t.Fatalf("todo=%v: %d components, want %d", todo, len(comps), len(wants))
		}
		uids := map[string]bool{}
		for i, c := range comps {
			var due civil.Date
			if todo {
				due = icsDate(t, c.GetProperty(ics.ComponentPropertyDue))
			} else {
				due = icsDate(t, c.GetProperty(ics.ComponentPropertyDtStart))
				if end := icsDate(t, c.GetProperty(ics.ComponentPropertyDtEnd)); end != due.AddDays(1) {
					t.Errorf("event %d: DTEND %s, want the day after DTSTART %s", i, end, due)
				}
			}
			if due != wants[i].due {
				t.Errorf("todo=%v component %d: due %s, JSON says %s", todo, i, due, wants[i].due)
			}
			sum := c.GetProperty(ics.ComponentPropertySummary).Value
			if wants[i].summary != "" && !strings.HasPrefix(sum, wants[i].summary) {
				t.Errorf("component %d: SUMMARY %q, want it to start %q", i, sum, wants[i].summary)
			}
			uid := c.Id()
			if uids[uid] {
				t.Errorf("UID %s used twice", uid)
			}
			uids[uid] = true
			if st := c.GetProperty(ics.ComponentPropertyDtstamp).Value; st != "20261123T000000Z" {
				t.Errorf("DTSTAMP %s, want the as-of date at midnight UTC", st)
			}
		}
	}
}

// Without --all the calendar holds what `due` shows that has a date: 8 overdue and 8 due; the
// two waiting/no-timescale rows (the unborn child, the booking case's uncirculated minutes) are
// left out and counted on stderr.
func TestICSDefaultLeavesOutUndated(t *testing.T) {
	t.Chdir("../../..")
	var out, errOut bytes.Buffer
	code := root.Main(cmdutil.NewFor(&out, &errOut), []string{"due", "examples", "--as-of", "2026-11-23", "--format", "ics"})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	if n := strings.Count(out.String(), "BEGIN:VEVENT\r\n"); n != 16 {
		t.Errorf("%d events, want 16", n)
	}
	if want := "2 obligations without a date (waiting or no timescale) not in the calendar; see cpcase due\n"; errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut.String(), want)
	}
}

func TestICSTodoNeedsICS(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := root.Main(cmdutil.NewFor(&out, &errOut), []string{"due", "--todo", "--format", "json", "."}); code != 2 {
		t.Errorf("--todo with json: exit %d, want 2 (%s)", code, errOut.String())
	}
}

// The examples' calendars, byte for byte: events (with --all) and redacted tasks.
func TestICSGolden(t *testing.T) {
	t.Chdir("../../..")
	for name, args := range map[string][]string{
		"due-examples.ics":               {"--all"},
		"due-examples-todo-redacted.ics": {"--todo", "--redact"},
	} {
		got := cpcase(t, append([]string{"due", "examples", "--as-of", "2026-11-23", "--format", "ics"}, args...)...)
		path := filepath.Join("testdata", "golden", "report", name)
		if testutil.Update() {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./internal/output/render -run TestICSGolden -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs (go test ./internal/output/render -run TestICSGolden -update rewrites it)\n--- got\n%s", path, got)
		}
	}
}

// --redact keeps children's names out of the calendar: the s9 children appear as initials.
func TestICSRedact(t *testing.T) {
	t.Chdir("../../..")
	plain := cpcase(t, "due", "examples", "--as-of", "2026-11-23", "--format", "ics")
	red := cpcase(t, "due", "examples", "--as-of", "2026-11-23", "--format", "ics", "--redact")
	if !strings.Contains(plain, "SUMMARY:EX-S9-0001 Tia: Child seen\r\n") {
		t.Fatalf("plain calendar lacks Tia's child-seen event:\n%s", plain)
	}
	if strings.Contains(red, "Tia") || !strings.Contains(red, "SUMMARY:EX-S9-0001 "+redact.Label("Tia")+": Child seen\r\n") {
		t.Errorf("redacted calendar still names Tia or lacks her initial:\n%s", red)
	}
}

func item(o engine.Obligation, child string) render.Item {
	return render.Item{Obligation: o, ChildLabel: child}
}

// Text that iCalendar must escape, and lines longer than 75 octets with multi-byte characters,
// come back from the parser unchanged, and every physical line is at most 75 octets plus CRLF.
func TestICSEscapingAndFolding(t *testing.T) {
	o := engine.Obligation{
		Case: "NR-1", Policy: "p", Rule: "r", Title: `Visit; seen, "alone" \ with a backslash`,
		Cite: "§ 9.4.6; Working Together, chapter 1 — “seeing the child” (ÆØÅ ÿ 😀 ünïcödé text that runs on and on)",
		Due:  civil.MustParse("2026-12-01"), Status: engine.Due, Days: 8, HasDays: true,
		Anchor: casefolder.Pos{File: "cases/x/plan.yaml", Line: 7},
	}
	var b bytes.Buffer
	if err := render.ICS(&b, []render.Item{item(o, "Zoë")}, render.ICSOptions{AsOf: civil.MustParse("2026-11-23")}); err != nil {
		t.Fatal(err)
	}
	text := b.String()
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
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	ev := cal.Events()
	if len(ev) != 1 {
		t.Fatalf("%d events", len(ev))
	}
	if got, want := ev[0].GetProperty(ics.ComponentPropertySummary).Value, `NR-1 Zoë: Visit; seen, "alone" \ with a backslash`; got != want {
		t.Errorf("SUMMARY %q, want %q", got, want)
	}
	desc := ev[0].GetProperty(ics.ComponentPropertyDescription).Value
	want := "Status: due in 8 days\nDue: Tue 1 Dec 2026\nRule: r\nCitation: " + o.Cite + "\nPolicy: p\nAnchor: cases/x/plan.yaml:7"
	if desc != want {
		t.Errorf("DESCRIPTION\n%q\nwant\n%q", desc, want)
	}
}

// A UID names the obligation, not its state: the due date and status may change between runs
// (a re-import then updates the event); the folder the cases were read through does not count.
// Case, rule, child, anchor line and period each tell obligations apart.
func TestUID(t *testing.T) {
	base := engine.Obligation{Case: "NR-1", Rule: "child-seen", Child: "a", Period: 1,
		Anchor: casefolder.Pos{File: "cases/nr-1/visits.yaml", Line: 12}, Due: civil.MustParse("2026-12-01"), Status: engine.Open}
	later := base
	later.Due, later.Status, later.Booked = civil.MustParse("2026-12-04"), engine.Overdue, civil.MustParse("2026-12-09")
	later.Anchor.File = "/srv/other/checkout/nr-1/visits.yaml"
	if render.UID(base) != render.UID(later) {
		t.Error("UID changed with the due date, status or the path typed")
	}
	for name, change := range map[string]func(*engine.Obligation){
		"case":   func(o *engine.Obligation) { o.Case = "NR-2" },
		"rule":   func(o *engine.Obligation) { o.Rule = "seen-alone" },
		"child":  func(o *engine.Obligation) { o.Child = "b" },
		"line":   func(o *engine.Obligation) { o.Anchor.Line = 13 },
		"file":   func(o *engine.Obligation) { o.Anchor.File = "cases/nr-1/meetings.yaml" },
		"period": func(o *engine.Obligation) { o.Period = 2 },
	} {
		o := base
		change(&o)
		if render.UID(o) == render.UID(base) {
			t.Errorf("changing the %s kept the UID", name)
		}
	}
	if got := render.UID(base); !strings.HasSuffix(got, "@cpcase") || len(got) != 32+len("@cpcase") {
		t.Errorf("UID %q: want 32 hex digits @cpcase", got)
	}
}

// Every obligation of the examples, whatever its status, has its own UID: two sharing one would
// overwrite each other in a calendar. There are 165 as of 2026-11-23 (the --all JSON has 165).
func TestUIDUniqueOverExamples(t *testing.T) {
	t.Chdir("../../..")
	day := civil.MustParse("2026-11-23")
	dirs, err := casefolder.Find([]string{"examples"})
	if err != nil {
		t.Fatal(err)
	}
	reg := policy.NewRegistry()
	seen := map[string]engine.Obligation{}
	n := 0
	for _, dir := range dirs {
		c, diags := casefolder.Load(dir, day)
		if diags.Errors() > 0 {
			t.Fatalf("%s: %v", dir, diags)
		}
		p, _, err := reg.Resolve(c.Policy)
		if err != nil || p == nil {
			t.Fatalf("%s: policy %s: %v", dir, c.Policy, err)
		}
		for _, o := range engine.Evaluate(c, p, engine.Options{AsOf: day}) {
			n++
			uid := render.UID(o)
			if prev, dup := seen[uid]; dup {
				t.Errorf("UID %s shared by %s %s %s and %s %s %s", uid, prev.Case, prev.Rule, prev.Anchor, o.Case, o.Rule, o.Anchor)
			}
			seen[uid] = o
		}
	}
	if n != 165 {
		t.Errorf("%d obligations, want 165", n)
	}
}

// normalText is what a TEXT value holds after the round trip: a CRLF is a newline, and any other
// control character but tab and newline (not allowed in TEXT) a space.
func normalText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// Whatever text a case file holds, the calendar's lines stay within 75 octets of valid UTF-8 and
// golang-ical's parser (which unfolds and unescapes TEXT values) gives the text back: the escaping
// and folding are ours, so they are checked against an independent parser on arbitrary input.
func FuzzICSText(f *testing.F) {
	for _, s := range []string{"plain", `a;b,c\d`, "line one\nline two\r\nthree", "tab\there\x00nul\x7f", strings.Repeat("é😀", 60), strings.Repeat(`\,;`, 40), " leading and trailing ", ""} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, title, cite string) {
		if !utf8.ValidString(title) || !utf8.ValidString(cite) {
			t.Skip("case files are UTF-8")
		}
		o := engine.Obligation{Case: "NR-1", Policy: "p", Rule: "r", Title: title, Cite: cite,
			Due: civil.MustParse("2026-12-01"), Status: engine.Open, Days: 8, HasDays: true}
		it := item(o, "")
		var b bytes.Buffer
		if err := render.ICS(&b, []render.Item{it}, render.ICSOptions{AsOf: civil.MustParse("2026-11-23")}); err != nil {
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
		cal, err := ics.ParseCalendar(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		ev := cal.Events()
		if len(ev) != 1 {
			t.Fatalf("%d events", len(ev))
		}
		if got, want := ev[0].GetProperty(ics.ComponentPropertySummary).Value, normalText(render.ICSSummary(it)); got != want {
			t.Errorf("SUMMARY %q, want %q", got, want)
		}
		if got, want := ev[0].GetProperty(ics.ComponentPropertyDescription).Value, normalText("Status: due in 8 days\nDue: Tue 1 Dec 2026\nRule: r\nCitation: "+cite+"\nPolicy: p"); cite != "" && got != want {
			t.Errorf("DESCRIPTION %q, want %q", got, want)
		}
	})
}
