package ics_test

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	goics "github.com/arran4/golang-ical"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/evaluate/track"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/ics"
)

// window is the cancellation window the calendars of these tests carry.
const window = 28

// export is the calendar of every case under root as of day, as `cpcase due --format ics` makes
// it: what is still to do, then what closed in the last four weeks as cancellations. It also
// returns the UID and date each open obligation must have, for the assertions.
func export(t *testing.T, root string, day civil.Date) (string, map[string]civil.Date) {
	t.Helper()
	dirs, err := casefolder.Find([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	reg := policy.NewRegistry()
	var entries []ics.Entry
	want := map[string]civil.Date{}
	for _, dir := range dirs {
		c, diags := casefolder.Load(dir, day)
		if diags.Errors() > 0 {
			t.Fatalf("%s: %v", dir, diags)
		}
		p, _, err := reg.Resolve(c.Policy)
		if err != nil || p == nil {
			t.Fatalf("%s: %v", dir, err)
		}
		es, _ := ics.CaseEntries(c, p, ics.CaseOptions{AsOf: day, Window: window})
		// What the calendar must hold, from the engine itself: each obligation still to do with
		// a date, on its due date, or on the as-of date when overdue.
		anchors := track.AnchorsOf(c)
		for _, o := range engine.Evaluate(c, p, engine.Options{AsOf: day}) {
			if o.Due.IsZero() || (o.Status != engine.Overdue && o.Status != engine.Due && o.Status != engine.Open) {
				continue
			}
			uid := ics.UID(anchors.Key(o))
			if _, dup := want[uid]; dup {
				t.Fatalf("two open obligations share UID %s", uid)
			}
			want[uid] = o.Due
			if o.Status == engine.Overdue {
				want[uid] = day
			}
		}
		entries = append(entries, es...)
	}
	slices.SortStableFunc(entries, func(a, b ics.Entry) int {
		switch {
		case ics.Less(a, b):
			return -1
		case ics.Less(b, a):
			return 1
		}
		return 0
	})
	var b bytes.Buffer
	if err := ics.Write(&b, entries, ics.Options{AsOf: day}); err != nil {
		t.Fatal(err)
	}
	return b.String(), want
}

// stored is one event in the client's calendar.
type stored struct {
	seq                 int
	stamp               string
	start               civil.Date
	summary, desc, xdue string
}

// client is a calendar that imports files as RFC 5545 and 5546 say a PUBLISH is applied: a
// component updates the stored one with its UID only when its SEQUENCE is higher (or equal with
// a later DTSTAMP); STATUS:CANCELLED removes it; a new UID is added unless it is cancelled.
type client map[string]stored

func (cl client) importFile(t *testing.T, text string) {
	t.Helper()
	cal, err := goics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatalf("golang-ical cannot parse the calendar: %v", err)
	}
	if n := len(cal.Todos()); n != 0 {
		t.Fatalf("%d VTODOs in an events calendar", n)
	}
	for _, ev := range cal.Events() {
		prop := func(p goics.ComponentProperty) string {
			if v := ev.GetProperty(p); v != nil {
				return v.Value
			}
			t.Fatalf("event %s has no %s", ev.Id(), p)
			return ""
		}
		uid := ev.Id()
		seq, err := strconv.Atoi(prop(goics.ComponentPropertySequence))
		if err != nil {
			t.Fatal(err)
		}
		stamp := prop(goics.ComponentPropertyDtstamp)
		if old, ok := cl[uid]; ok && (seq < old.seq || seq == old.seq && stamp <= old.stamp) {
			continue // not newer than what the calendar holds
		}
		if prop(goics.ComponentPropertyStatus) == "CANCELLED" {
			delete(cl, uid)
			continue
		}
		start, err := time.Parse("20060102", prop(goics.ComponentPropertyDtStart))
		if err != nil {
			t.Fatal(err)
		}
		xdue := ""
		if p := ev.GetProperty("X-CPCASE-DUE"); p != nil {
			xdue = p.Value
		}
		cl[uid] = stored{seq, stamp, civil.Of(start), prop(goics.ComponentPropertySummary), prop(goics.ComponentPropertyDescription), xdue}
	}
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

// The calendar a worker imports every week stays true. Import the examples' calendar as of Mon
// 23 Nov; then Tia is seen on Wed 25 Nov (meeting her overdue child-seen), a comment line goes
// at the top of every file, the booked review conference moves from 4 to 18 March (after its
// due date) and the booked core group from 15 to 22 December; import the calendar of Mon 30 Nov
// over the first. The calendar then holds exactly one event for each obligation still to do, on
// its current date, none for the met one, no copies; and the moved bookings show in the events.
func TestReimportConverges(t *testing.T) {
	root := t.TempDir()
	if err := os.CopyFS(root, os.DirFS("../../../examples")); err != nil {
		t.Fatal(err)
	}
	s9 := filepath.Join(root, "s9-three-children")
	// The review conference is booked before the first import.
	edit(t, filepath.Join(s9, "plan.yaml"), "core_assessment:", "  - kind: review\n    date: 2027-03-04\n    decision: continue\ncore_assessment:")

	first, want1 := export(t, root, civil.MustParse("2026-11-23"))
	cl := client{}
	cl.importFile(t, first)
	if len(cl) != len(want1) || len(want1) != 27 {
		t.Fatalf("first import: %d events for %d open obligations, want 27 (8 overdue, 8 due, 11 open)", len(cl), len(want1))
	}
	var tia string
	for uid, ev := range cl {
		if strings.HasSuffix(ev.summary, "EX-S9-0001 t: Child seen") {
			tia = uid
			if ev.start != civil.MustParse("2026-11-23") || ev.xdue != "20261112" || !strings.HasPrefix(ev.summary, "Overdue (due 12 Nov): ") {
				t.Errorf("Tia's overdue child-seen: on %s, due %s, %q; want on the as-of date, due 12 Nov", ev.start, ev.xdue, ev.summary)
			}
		}
	}
	if tia == "" {
		t.Fatal("no event for Tia's child-seen")
	}

	// The edits.
	edit(t, filepath.Join(s9, "visits.yaml"), "# yaml-language-server", "  - {date: 2026-11-25, by: sw1, kind: home, seen: [t]}\n# yaml-language-server")
	edit(t, filepath.Join(s9, "plan.yaml"), "    date: 2027-03-04\n", "    date: 2027-03-18\n")
	edit(t, filepath.Join(s9, "meetings.yaml"), "  - date: 2026-12-15 ", "  - date: 2026-12-22 ")
	files, _ := filepath.Glob(filepath.Join(root, "*", "*.yaml"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(f, append([]byte("# Checked by the team manager on 27 November.\n"), b...), 0o644)
	}

	second, want2 := export(t, root, civil.MustParse("2026-11-30"))
	cl.importFile(t, second)
	for uid, day := range want2 {
		ev, ok := cl[uid]
		switch {
		case !ok:
			t.Errorf("open obligation %s has no event", uid)
		case ev.start != day:
			t.Errorf("%q on %s, want %s", ev.summary, ev.start, day)
		}
	}
	for uid, ev := range cl {
		if _, ok := want2[uid]; !ok {
			t.Errorf("event %q (%s) is for no open obligation", ev.summary, uid)
		}
	}
	if _, ok := cl[tia]; ok {
		t.Error("Tia's met child-seen is still in the calendar")
	}
	// One event per obligation: no two with the same title on the same day.
	seen := map[string]bool{}
	for _, ev := range cl {
		k := ev.start.String() + " " + ev.summary
		if seen[k] {
			t.Errorf("two events %q", k)
		}
		seen[k] = true
	}
	var review, group, newTia bool
	for _, ev := range cl {
		switch {
		case strings.Contains(ev.summary, "EX-S9-0001: Review conference"):
			review = strings.Contains(ev.desc, "Booked: Thu 18 Mar 2027 (after the due date: a foreseeable breach)")
		case strings.Contains(ev.summary, "EX-S9-0001: Core group within six weeks"):
			group = strings.Contains(ev.desc, "Booked: Tue 22 Dec 2026 (after the due date")
		case strings.HasSuffix(ev.summary, "EX-S9-0001 t: Child seen"):
			newTia = ev.start == civil.MustParse("2026-12-23") // 4 weeks after 25 Nov (the review set visit_every)
		}
	}
	if !review || !group {
		t.Errorf("the moved bookings are not in the events: review %v, core group %v", review, group)
	}
	if !newTia {
		t.Error("no event for Tia's next child-seen, due Wed 23 Dec")
	}
	if len(cl) != len(want2) {
		t.Errorf("%d events for %d open obligations", len(cl), len(want2))
	}

	// The same file imported again changes nothing.
	before := maps(cl)
	cl.importFile(t, second)
	if !equal(before, cl) {
		t.Error("importing the same file again changed the calendar")
	}
}

func maps(c client) client {
	out := client{}
	for k, v := range c {
		out[k] = v
	}
	return out
}

func equal(a, b client) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
