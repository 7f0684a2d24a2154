package root

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	goics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/redact"
)

// icsEvents parses a calendar with golang-ical and gives its events and tasks.
func icsEvents(t *testing.T, text string) ([]*goics.VEvent, []*goics.VTodo) {
	t.Helper()
	cal, err := goics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the output: %v", err)
	}
	return cal.Events(), cal.Todos()
}

func prop(c *goics.ComponentBase, p goics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// The calendar of the examples as of Mon 23 Nov 2026 has every obligation still to do that has a
// date, in the order of the JSON output of the same run: by hand from examples/README.md, 8
// overdue, 8 due and 11 not yet due = 27; the 8 overdue on the as-of date with their due date in
// X-CPCASE-DUE, the others on their due dates. The cancellations come after them: obligations met
// in the 28 days before, each with the UID of an obligation that was to do.
func TestICSExamples(t *testing.T) {
	t.Chdir("../../..")
	base := []string{"due", "examples", "--as-of", "2026-11-23"}
	js, _, _ := run(t, append(base, "--all", "--format", "json")...)
	var recs []render.Record
	if err := json.Unmarshal([]byte(js), &recs); err != nil {
		t.Fatal(err)
	}
	var wantDue []string
	counts := map[string]int{}
	for _, r := range recs {
		if r.Due != nil && (r.Status == "overdue" || r.Status == "due" || r.Status == "open") {
			counts[r.Status]++
			wantDue = append(wantDue, strings.ReplaceAll(*r.Due, "-", ""))
		}
	}
	if counts["overdue"] != 8 || counts["due"] != 8 || counts["open"] != 11 {
		t.Fatalf("JSON has %v, want 8 overdue, 8 due, 11 open", counts)
	}
	out, errOut, code := run(t, append(base, "--format", "ics")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if want := "2 obligations without a date (waiting or no timescale) not in the calendar; see cpcase due\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	events, todos := icsEvents(t, out)
	if len(todos) != 0 {
		t.Errorf("%d tasks without --todo", len(todos))
	}
	uids := map[string]bool{}
	open := 0
	for i, ev := range events {
		c := &ev.ComponentBase
		if uids[c.Id()] {
			t.Errorf("UID %s used twice", c.Id())
		}
		uids[c.Id()] = true
		if prop(c, goics.ComponentPropertyStatus) == "CANCELLED" {
			if i < 27 {
				t.Errorf("a cancellation (%s) before the open obligations", prop(c, goics.ComponentPropertySummary))
			}
			continue
		}
		if open >= len(wantDue) {
			t.Fatalf("more than %d open events", len(wantDue))
		}
		due := c.GetProperty("X-CPCASE-DUE").Value
		if due != wantDue[open] {
			t.Errorf("event %d: due %s, the JSON says %s", open, due, wantDue[open])
		}
		start := prop(c, goics.ComponentPropertyDtStart)
		if open < 8 && start != "20261123" || open >= 8 && start != due {
			t.Errorf("event %d (%s): on %s, due %s", open, prop(c, goics.ComponentPropertyCategories), start, due)
		}
		open++
	}
	if open != 27 || len(events) == 27 {
		t.Errorf("%d open events of %d, want 27 and some cancellations", open, len(events))
	}
	// --all changes nothing in a calendar: every date still to do is in it already.
	if all, _, _ := run(t, append(base, "--format", "ics", "--all")...); all != out {
		t.Error("--all changed the calendar")
	}
}

// Names: ids by default, initials with --redact, names with --names; --names and --redact
// together is a usage error, and so is --names without --format ics.
func TestICSNames(t *testing.T) {
	names := exampleNames(t)
	t.Chdir("../../..")
	base := []string{"due", "examples", "--as-of", "2026-11-23", "--format", "ics"}
	for _, c := range []struct {
		flag, want string
	}{{"", "EX-S9-0001 t: Child seen"}, {"--redact", "EX-S9-0001 " + redact.Label("Tia") + ": Child seen"}, {"--names", "EX-S9-0001 Tia: Child seen"}} {
		args := base
		if c.flag != "" {
			args = append(args[:len(args):len(args)], c.flag)
		}
		out, _, code := run(t, args...)
		if code != 0 || !strings.Contains(out, "SUMMARY:Overdue (due 12 Nov): "+c.want+"\r\n") {
			t.Errorf("%s: exit %d, no %q", c.flag, code, c.want)
		}
		if c.flag != "--names" {
			if l := leaks(out, names); len(l) > 0 {
				t.Errorf("%s: names in the calendar: %v", c.flag, l)
			}
		}
	}
	for _, args := range [][]string{append(base, "--names", "--redact"), {"due", "examples", "--names"}, {"due", "examples", "--cancelled", "7 days"},
		append(base, "--cancelled", "5 working days"), append(base, "--cancelled", "soon")} {
		if _, errOut, code := run(t, args...); code != ExitUsage || !strings.HasPrefix(errOut, "cpcase: --") {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	help, _, _ := run(t, "due", "--help")
	if !strings.Contains(help, "--names") || !strings.Contains(help, "WARNING: identifiable data about children") {
		t.Errorf("the help of --names has no warning:\n%s", help)
	}
}

// DTSTAMP and SEQUENCE: with --as-of, midnight UTC of that day (the same bytes each run); without
// it, the clock's moment, so that a second file made the same day still outranks the first.
func TestICSStamp(t *testing.T) {
	t.Chdir("../../..")
	var out, errOut bytes.Buffer
	now := func() time.Time { return time.Date(2026, 11, 23, 9, 30, 15, 0, time.UTC) }
	mainAt(now, []string{"due", "examples", "--format", "ics"}, &out, &errOut)
	if !strings.Contains(out.String(), "DTSTAMP:20261123T093015Z\r\nSEQUENCE:14145690\r\n") {
		t.Errorf("no DTSTAMP of the clock's moment:\n%.600s", out.String())
	}
	a, _, _ := run(t, "due", "examples", "--as-of", "2026-11-23", "--format", "ics")
	if !strings.Contains(a, "DTSTAMP:20261123T000000Z\r\nSEQUENCE:14145120\r\n") {
		t.Error("no DTSTAMP at midnight of --as-of")
	}
	if b, _, _ := run(t, "due", "examples", "--as-of", "2026-11-23", "--format", "ics"); a != b {
		t.Error("two runs with --as-of differ")
	}
}

// --cancelled "0 days" leaves the cancellations out; --todo writes tasks with their due dates.
func TestICSCancelledAndTodo(t *testing.T) {
	t.Chdir("../../..")
	base := []string{"due", "examples", "--as-of", "2026-11-23", "--format", "ics"}
	out, _, _ := run(t, append(base, "--cancelled", "0 days")...)
	if n := strings.Count(out, "BEGIN:VEVENT\r\n"); n != 27 || strings.Contains(out, "CANCELLED") {
		t.Errorf("--cancelled \"0 days\": %d events, cancelled: %v", n, strings.Contains(out, "CANCELLED"))
	}
	out, _, _ = run(t, append(base, "--todo")...)
	events, todos := icsEvents(t, out)
	if len(events) != 0 || len(todos) < 27 {
		t.Fatalf("--todo: %d events, %d tasks", len(events), len(todos))
	}
	if got := prop(&todos[0].ComponentBase, goics.ComponentPropertyDue); got != prop(&todos[0].ComponentBase, "X-CPCASE-DUE") {
		t.Errorf("a task's DUE %s is not its due date", got)
	}
}

// The examples' calendars, byte for byte: events, and redacted tasks.
func TestICSGolden(t *testing.T) {
	t.Chdir("../../..")
	for name, args := range map[string][]string{
		"report/due-examples.ics":               nil,
		"report/due-examples-todo-redacted.ics": {"--todo", "--redact"},
	} {
		t.Run(name, func(t *testing.T) {
			out, _, _ := run(t, append([]string{"due", "examples", "--as-of", "2026-11-23", "--format", "ics"}, args...)...)
			golden(t, name, out)
		})
	}
}

// The re-import test of internal/output/ics, through the command: a calendar imported on Mon 23
// Nov, then Tia seen on Wed 25 Nov, a comment at the top of every file, the booked review
// conference moved from 4 to 18 March and the s9 core group from 15 to 22 December, and the calendar of Mon 30 Nov imported over it, as RFC
// 5545 says (UID and SEQUENCE update, CANCELLED removes). It ends with one event per obligation
// still to do, on its current date, and none for the met one.
func TestICSReimportThroughCommand(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	s9 := filepath.Join(root, "s9-three-children")
	calendar := func(day string) string {
		out, errOut, code := run(t, "due", root, "--as-of", day, "--format", "ics")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		return out
	}
	replace := func(file, old, new string) {
		b, err := os.ReadFile(file)
		if err != nil || !bytes.Contains(b, []byte(old)) {
			t.Fatalf("%s: %v, or no %q", file, err, old)
		}
		if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type event struct{ start, summary string }
	store := map[string]event{}
	seqs := map[string]int{}
	apply := func(text string) {
		events, _ := icsEvents(t, text)
		for _, ev := range events {
			c := &ev.ComponentBase
			uid := c.Id()
			seq, err := strconv.Atoi(prop(c, goics.ComponentPropertySequence))
			if err != nil {
				t.Fatal(err)
			}
			if old, ok := seqs[uid]; ok && seq <= old {
				continue
			}
			seqs[uid] = seq
			if prop(c, goics.ComponentPropertyStatus) == "CANCELLED" {
				delete(store, uid)
				continue
			}
			store[uid] = event{prop(c, goics.ComponentPropertyDtStart), prop(c, goics.ComponentPropertySummary)}
		}
	}
	replace(filepath.Join(s9, "plan.yaml"), "core_assessment:", "  - kind: review\n    date: 2027-03-04\n    decision: continue\ncore_assessment:")
	apply(calendar("2026-11-23"))
	if len(store) != 27 {
		t.Fatalf("first import: %d events, want 27", len(store))
	}
	replace(filepath.Join(s9, "visits.yaml"), "# yaml-language-server", "  - {date: 2026-11-25, by: sw1, kind: home, seen: [t]}\n# yaml-language-server")
	replace(filepath.Join(s9, "plan.yaml"), "    date: 2027-03-04\n", "    date: 2027-03-18\n") // the review conference moved
	replace(filepath.Join(s9, "meetings.yaml"), "  - date: 2026-12-15 ", "  - date: 2026-12-22 ")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.yaml"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(f, append([]byte("# Checked by the team manager on 27 November.\n"), b...), 0o644)
	}
	second := calendar("2026-11-30")
	apply(second)
	want := map[string]event{}
	events, _ := icsEvents(t, second)
	for _, ev := range events {
		c := &ev.ComponentBase
		if prop(c, goics.ComponentPropertyStatus) != "CANCELLED" {
			want[c.Id()] = event{prop(c, goics.ComponentPropertyDtStart), prop(c, goics.ComponentPropertySummary)}
		}
	}
	if len(store) != len(want) {
		t.Errorf("%d events in the calendar, %d obligations to do", len(store), len(want))
	}
	for uid, ev := range store {
		if want[uid] != ev {
			t.Errorf("event %q on %s is not an obligation to do on that day", ev.summary, ev.start)
		}
		if strings.HasSuffix(ev.summary, "EX-S9-0001 t: Child seen") && ev.start != "20261223" {
			t.Errorf("Tia's child-seen on %s: the met one is still there, or the next (due 23 Dec) is missing", ev.start)
		}
	}
}

// A case that cannot be read is not hidden: it is an event on the as-of date, before the others,
// in the calendar of due and of agenda; the exit status is 1.
func TestICSNotChecked(t *testing.T) {
	t.Chdir("../../..")
	for _, cmd := range [][]string{{"due"}, {"agenda"}} {
		out, _, code := run(t, append(cmd, "examples", "testdata/malformed/unknown-key", "--as-of", "2026-11-23", "--format", "ics")...)
		events, _ := icsEvents(t, out)
		if code != ExitFindings || len(events) < 2 {
			t.Fatalf("%s: exit %d, %d events", cmd[0], code, len(events))
		}
		c := &events[0].ComponentBase
		if prop(c, goics.ComponentPropertySummary) != "MF-UNKNOWN-KEY-01: not checked: fix it to see what is due" || prop(c, goics.ComponentPropertyDtStart) != "20261123" {
			t.Errorf("%s: first event %q on %s", cmd[0], prop(c, goics.ComponentPropertySummary), prop(c, goics.ComponentPropertyDtStart))
		}
		if strings.Contains(out, "malformed/") || strings.Contains(out, "unknown-key/") {
			t.Errorf("%s: the folder is in the calendar", cmd[0])
		}
	}
}
