package due

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	goics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/cmd/cmdutil"
	"github.com/cpcase/cpcase/internal/history/gittest"
	"github.com/cpcase/cpcase/internal/iostreams"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/redact"
	"github.com/cpcase/cpcase/internal/testutil"
)

// calendar runs `cpcase due --format ics` on the examples as of 23 Nov 2026, changed by mod.
func calendar(t *testing.T, mod func(*Options)) (string, string, error) {
	t.Helper()
	ios, _, out, errOut := iostreams.Test()
	o := options(ios)
	o.Format, o.AsOf = "ics", "2026-11-23"
	if mod != nil {
		mod(o)
	}
	err := Run(o)
	return out.String(), errOut.String(), err
}

func parse(t *testing.T, text string) ([]*goics.VEvent, []*goics.VTodo) {
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
// in the 28 days before, each with its own UID.
func TestICSExamples(t *testing.T) {
	js, _, err := calendar(t, func(o *Options) { o.Format, o.All = "json", true })
	if err != nil {
		t.Fatal(err)
	}
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
	out, errOut, err := calendar(t, nil)
	if err != nil {
		t.Fatalf("%v: %s", err, errOut)
	}
	if want := "2 obligations without a date (waiting or no timescale) not in the calendar; see cpcase due\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	events, todos := parse(t, out)
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
	if all, _, _ := calendar(t, func(o *Options) { o.All = true }); all != out {
		t.Error("--all changed the calendar")
	}
}

// exampleNames are the children's names of the examples.
func exampleNames(t *testing.T) []string {
	var names []string
	for _, f := range []string{"s9-three-children", "ch7-pre-birth-born", "ch7-pre-birth-waiting", "booking-cadence-set-by-conference", "scotland-plan-ended", "working-2017-restarted"} {
		b, err := os.ReadFile(filepath.Join("../../../examples", f, "plan.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if n, ok := strings.CutPrefix(strings.TrimSpace(line), "name: "); ok {
				names = append(names, strings.Fields(n)[0])
			}
		}
	}
	if len(names) < 6 {
		t.Fatalf("%d children's names in the examples", len(names))
	}
	return names
}

// Names: ids by default, initials (with their tag) with --redact, names with --names; --names and
// --redact together is a usage error, and so are --names and --cancelled without --format ics.
// The help of --names warns.
func TestICSNames(t *testing.T) {
	names := exampleNames(t)
	for _, c := range []struct {
		names, redact bool
		want          string
	}{{false, false, "EX-S9-0001 t: Child seen"}, {false, true, "EX-S9-0001 " + redact.Label("Tia") + ": Child seen"}, {true, false, "EX-S9-0001 Tia: Child seen"}} {
		out, _, err := calendar(t, func(o *Options) { o.Names, o.Redact = c.names, c.redact })
		if err != nil || !strings.Contains(out, "SUMMARY:Overdue (due 12 Nov): "+c.want+"\r\n") {
			t.Errorf("names %v redact %v: %v, no %q", c.names, c.redact, err, c.want)
		}
		if !c.names {
			for _, n := range names {
				if strings.Contains(out, n) {
					t.Errorf("redact %v: %s is in the calendar", c.redact, n)
				}
			}
		}
	}
	for name, mod := range map[string]func(*Options){
		"--names --redact":           func(o *Options) { o.Names, o.Redact = true, true },
		"--names, a table":           func(o *Options) { o.Names, o.Format = true, "table" },
		"--cancelled, a table":       func(o *Options) { o.Cancelled, o.Format = "7 days", "table" },
		"--cancelled working days":   func(o *Options) { o.Cancelled = "5 working days" },
		"--cancelled not a duration": func(o *Options) { o.Cancelled = "soon" },
	} {
		if _, _, err := calendar(t, mod); !cmdutil.IsUsage(err) {
			t.Errorf("%s: %v, want a usage error", name, err)
		}
	}
	var out, errOut bytes.Buffer
	cmd := NewCmdDue(cmdutil.NewFor(&out, &errOut), nil)
	if u := cmd.Flags().Lookup("names").Usage; !strings.Contains(u, "WARNING: identifiable data about children") {
		t.Errorf("--names: %q has no warning", u)
	}
}

// DTSTAMP and SEQUENCE: with --as-of, midnight UTC of that day (the same bytes each run); without
// it, the clock's moment, so that a second file made the same day still outranks the first.
func TestICSStamp(t *testing.T) {
	out, _, _ := calendar(t, func(o *Options) {
		o.AsOf, o.Now = "", func() time.Time { return time.Date(2026, 11, 23, 9, 30, 15, 0, time.UTC) }
	})
	if !strings.Contains(out, "DTSTAMP:20261123T093015Z\r\nSEQUENCE:14145690\r\n") {
		t.Errorf("no DTSTAMP of the clock's moment:\n%.600s", out)
	}
	a, _, _ := calendar(t, nil)
	if !strings.Contains(a, "DTSTAMP:20261123T000000Z\r\nSEQUENCE:14145120\r\n") {
		t.Error("no DTSTAMP at midnight of --as-of")
	}
	if b, _, _ := calendar(t, nil); a != b {
		t.Error("two runs with --as-of differ")
	}
}

// --cancelled "0 days" leaves the cancellations out; --todo writes tasks with their due dates;
// --fail-on still counts what the calendar holds.
func TestICSCancelledTodoFailOn(t *testing.T) {
	out, _, _ := calendar(t, func(o *Options) { o.Cancelled = "0 days" })
	if n := strings.Count(out, "BEGIN:VEVENT\r\n"); n != 27 || strings.Contains(out, "CANCELLED") {
		t.Errorf("--cancelled \"0 days\": %d events, cancelled: %v", n, strings.Contains(out, "CANCELLED"))
	}
	out, _, _ = calendar(t, func(o *Options) { o.Todo = true })
	events, todos := parse(t, out)
	if len(events) != 0 || len(todos) < 27 {
		t.Fatalf("--todo: %d events, %d tasks", len(events), len(todos))
	}
	if got := prop(&todos[0].ComponentBase, goics.ComponentPropertyDue); got != prop(&todos[0].ComponentBase, "X-CPCASE-DUE") {
		t.Errorf("a task's DUE %s is not its due date", got)
	}
	if _, _, err := calendar(t, func(o *Options) { o.FailOn = "overdue" }); !errors.Is(err, cmdutil.ErrFindings) {
		t.Errorf("--fail-on overdue: %v, want findings", err)
	}
}

// The examples' calendars, byte for byte: events, and redacted tasks.
func TestICSGolden(t *testing.T) {
	for name, mod := range map[string]func(*Options){
		"report/due-examples.ics":               nil,
		"report/due-examples-todo-redacted.ics": func(o *Options) { o.Todo, o.Redact = true, true },
	} {
		out, _, err := calendar(t, mod)
		if err != nil {
			t.Fatal(err)
		}
		testutil.Golden(t, name, out)
	}
}

// A case that cannot be read is not hidden: it is an event on the as-of date, before the others,
// naming neither its folder nor the error's words; the run ends with findings (exit 1).
func TestICSNotChecked(t *testing.T) {
	out, _, err := calendar(t, func(o *Options) { o.Paths = append(o.Paths, "../../../testdata/malformed/unknown-key") })
	events, _ := parse(t, out)
	if !errors.Is(err, cmdutil.ErrFindings) || len(events) < 2 {
		t.Fatalf("%v, %d events", err, len(events))
	}
	c := &events[0].ComponentBase
	if prop(c, goics.ComponentPropertySummary) != "MF-UNKNOWN-KEY-01: not checked: fix it to see what is due" || prop(c, goics.ComponentPropertyDtStart) != "20261123" {
		t.Errorf("first event %q on %s", prop(c, goics.ComponentPropertySummary), prop(c, goics.ComponentPropertyDtStart))
	}
	if strings.Contains(out, "malformed") || strings.Contains(out, "unknown-key") {
		t.Error("the folder is in the calendar")
	}
}

// The re-import test of internal/output/ics, through the command: a calendar imported on Mon 23
// Nov, then Tia seen on Wed 25 Nov, a comment at the top of every file, the booked review
// conference moved from 4 to 18 March and the s9 core group from 15 to 22 December, and the
// calendar of Mon 30 Nov imported over it, as RFC 5545 says (UID and SEQUENCE update, CANCELLED
// removes). It ends with one event per obligation still to do, on its current date, and none for
// the met one.
func TestICSReimportThroughCommand(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	s9 := filepath.Join(root, "s9-three-children")
	export := func(day string) string {
		out, errOut, err := calendar(t, func(o *Options) { o.Paths, o.AsOf = []string{root}, day })
		if err != nil {
			t.Fatalf("%v: %s", err, errOut)
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
	store, seqs := map[string]event{}, map[string]int{}
	apply := func(text string) {
		events, _ := parse(t, text)
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
	apply(export("2026-11-23"))
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
	second := export("2026-11-30")
	apply(second)
	want := map[string]event{}
	events, _ := parse(t, second)
	for _, ev := range events {
		c := &ev.ComponentBase
		if prop(c, goics.ComponentPropertyStatus) != "CANCELLED" {
			want[c.Id()] = event{prop(c, goics.ComponentPropertyDtStart), prop(c, goics.ComponentPropertySummary)}
		}
	}
	if len(store) != len(want) {
		t.Errorf("%d events in the calendar, %d obligations to do", len(store), len(want))
	}
	tia := 0
	for uid, ev := range store {
		if want[uid] != ev {
			t.Errorf("event %q on %s is not an obligation to do on that day", ev.summary, ev.start)
		}
		if strings.HasSuffix(ev.summary, "EX-S9-0001 t: Child seen") {
			tia++
			if ev.start != "20261223" {
				t.Errorf("Tia's child-seen on %s: want the next link only, due 23 Dec", ev.start)
			}
		}
	}
	if tia != 1 {
		t.Errorf("%d events for Tia's child-seen, want 1", tia)
	}
}

// --since REV: a record's date corrected after a calendar was imported gives the obligations
// counted from it new UIDs, which today's files cannot tie to the old events; the calendar of the
// tree at REV can. The s9 visit of Tue 10 Nov, entered with the wrong date, is corrected to Mon 9
// Nov after the calendar of Mon 23 Nov was imported: Leo's and Remy's child-seen and seen-alone
// links counted from it change UIDs. The calendar of Mon 30 Nov made with --since 2026-11-23
// cancels the four old events, and the calendar converges; made without it, they are left.
func TestICSSinceCancelsCorrectedRecords(t *testing.T) {
	r := gittest.New(t)
	files := map[string]string{}
	err := filepath.WalkDir("../../../examples", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel("../../../examples", p)
		files["cases/"+filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Write(files)
	r.Commit("2026-11-20T10:00:00Z", "Cases")
	visits := "cases/s9-three-children/visits.yaml"
	old := "{date: 2026-11-10, by: sw1, kind: home, seen: [l, r], alone: [l, r]}"
	if !strings.Contains(files[visits], old) {
		t.Fatalf("no %q in %s", old, visits)
	}
	r.Write(map[string]string{visits: strings.Replace(files[visits], old, strings.Replace(old, "2026-11-10", "2026-11-09", 1), 1)})
	r.Commit("2026-11-27T10:00:00Z", "Correct the date of a visit")
	cases := filepath.Join(r.Dir, "cases")
	export := func(mod func(*Options)) string {
		out, errOut, err := calendar(t, func(o *Options) { o.Paths = []string{cases}; mod(o) })
		if err != nil {
			t.Fatalf("%v: %s", err, errOut)
		}
		return out
	}
	type event struct{ start, summary string }
	importInto := func(store map[string]event, seqs map[string]int, text string) map[string]event {
		events, _ := parse(t, text)
		open := map[string]event{}
		for _, ev := range events {
			c := &ev.ComponentBase
			seq, _ := strconv.Atoi(prop(c, goics.ComponentPropertySequence))
			x := event{prop(c, goics.ComponentPropertyDtStart), prop(c, goics.ComponentPropertySummary)}
			cancelled := prop(c, goics.ComponentPropertyStatus) == "CANCELLED"
			if !cancelled {
				open[c.Id()] = x
			}
			if s, ok := seqs[c.Id()]; ok && seq <= s {
				continue
			}
			seqs[c.Id()] = seq
			if cancelled {
				delete(store, c.Id())
			} else {
				store[c.Id()] = x
			}
		}
		return open
	}
	// The calendar of 23 Nov, of the tree as it was then (--at).
	first := export(func(o *Options) { o.At, o.AsOf = "2026-11-23", "2026-11-23" })
	for name, s := range map[string]string{"with --since": "2026-11-23", "without --since": ""} {
		store, seqs := map[string]event{}, map[string]int{}
		importInto(store, seqs, first)
		open := importInto(store, seqs, export(func(o *Options) { o.AsOf, o.Since = "2026-11-30", s }))
		stale := 0
		for uid, ev := range store {
			if open[uid] != ev {
				stale++
			}
		}
		if want := map[bool]int{true: 0, false: 4}[s != ""]; stale != want || len(store) != len(open)+stale {
			t.Errorf("%s: %d events left that the new file does not hold, want %d (%d events, %d open)", name, stale, want, len(store), len(open))
		}
	}
	if _, _, err := calendar(t, func(o *Options) { o.Paths, o.Since = []string{cases}, "no-such-rev" }); err == nil || !strings.HasPrefix(err.Error(), "--since: ") {
		t.Errorf("a revision that does not exist: %v", err)
	}
}

// The calendar sorted through a Spill's runs on disk is the calendar sorted in memory, byte for
// byte, in every form: with cancellations or without, tasks, names, a filter, a case that cannot
// be read, a case reference two folders use (the second's records, added as it was evaluated,
// are left out), and --since of a revision where a visit's date was corrected, a case removed and
// a reference renamed (the old calendar's events are held in a Spill of their own).
func TestICSSpilledToDisk(t *testing.T) {
	r := gittest.New(t)
	files := map[string]string{}
	err := filepath.WalkDir("../../../examples", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel("../../../examples", p)
		files["cases/"+filepath.ToSlash(rel)] = string(b)
		if dir, ok := strings.CutPrefix(filepath.ToSlash(rel), "s9-three-children/"); ok {
			files["cases/zz-copy-of-s9/"+dir] = string(b) // the same case reference again
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Write(files)
	r.Commit("2026-11-16T10:00:00Z", "Cases")
	visits, plan := "cases/s9-three-children/visits.yaml", "cases/working-2017-restarted/plan.yaml"
	old := "{date: 2026-11-10, by: sw1, kind: home, seen: [l, r], alone: [l, r]}"
	ref := "case: EX-W17-0001"
	if !strings.Contains(files[visits], old) || !strings.Contains(files[plan], ref) {
		t.Fatalf("no %q in %s or %q in %s", old, visits, ref, plan)
	}
	r.Write(map[string]string{visits: strings.Replace(files[visits], old, strings.Replace(old, "2026-11-10", "2026-11-09", 1), 1),
		plan: strings.Replace(files[plan], ref, ref+"-R", 1)})
	r.Git("rm", "-rq", "cases/ch7-pre-birth-born")
	r.Commit("2026-11-20T10:00:00Z", "Correct a visit, rename a case, remove one")
	cases := filepath.Join(r.Dir, "cases")
	defer func(b int) { icsBudget = b }(icsBudget)
	for name, mod := range map[string]func(*Options){
		"default":        func(*Options) {},
		"no cancelled":   func(o *Options) { o.Cancelled = "0 days" },
		"todo, names":    func(o *Options) { o.Todo, o.Names, o.All = true, true, true },
		"one team":       func(o *Options) { o.Filter.Teams = []string{"Team North (example)"} },
		"not checked":    func(o *Options) { o.Paths = append(o.Paths, "../../../testdata/malformed/unknown-key") },
		"since":          func(o *Options) { o.Since = "HEAD~1" },
		"since, overdue": func(o *Options) { o.Since, o.Filter.Statuses = "2026-11-18", []string{"overdue"} },
	} {
		run := func(budget int) (string, string) {
			icsBudget = budget
			out, errOut, err := calendar(t, func(o *Options) { o.Paths = []string{cases}; mod(o) })
			if !errors.Is(err, cmdutil.ErrFindings) { // the second folder of EX-S9-0001 is an error
				t.Fatalf("%s: %v: %s", name, err, errOut)
			}
			return out, errOut
		}
		memOut, memErr := run(16 << 20)
		n := strings.Count(memOut, "BEGIN:V")
		if n < 3 || !strings.Contains(memOut, "SUMMARY:EX-S9-0001: not checked") {
			t.Fatalf("%s: %d components, or no event for the second EX-S9-0001:\n%s", name, n, memOut)
		}
		uids := map[string]bool{}
		for _, line := range strings.Split(memOut, "\r\n") {
			if uid, ok := strings.CutPrefix(line, "UID:"); ok {
				if uids[uid] {
					t.Errorf("%s: UID %s twice (the second folder's events?)", name, uid)
				}
				uids[uid] = true
			}
		}
		if strings.HasPrefix(name, "since") && !strings.Contains(memOut, "SUMMARY:Removed: ") {
			t.Errorf("%s: nothing removed", name)
		}
		for _, budget := range []int{1, 3000} { // one record in each run, or a few
			if out, errOut := run(budget); out != memOut || errOut != memErr {
				t.Errorf("%s: with %d bytes of records in memory the calendar differs from the one sorted in memory (%d and %d bytes)", name, budget, len(out), len(memOut))
			}
		}
	}
}
