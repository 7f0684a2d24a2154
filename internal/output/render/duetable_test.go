package render_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/testutil"
)

var asOf = civil.MustParse("2026-11-23")

// exampleItems are the obligations `cpcase due` lists for the examples as of 2026-11-23 with
// the default horizon, described as the command describes them, in its order.
func exampleItems(t *testing.T, redact bool) []render.Item {
	t.Helper()
	plans, _ := filepath.Glob(filepath.Join("..", "..", "..", "examples", "*", casefolder.PlanFile))
	reg := policy.NewRegistry()
	var items []render.Item
	for _, plan := range plans {
		c, d := casefolder.Load(filepath.Dir(plan), asOf)
		if d.Errors() > 0 {
			t.Fatalf("%s: %v", plan, d)
		}
		p, pd, err := reg.Resolve(c.Policy)
		if err != nil || pd.Errors() > 0 {
			t.Fatalf("%s: %v %v", c.Policy, err, pd)
		}
		for _, o := range engine.Evaluate(c, p, engine.Options{AsOf: asOf}) {
			switch o.Status {
			case engine.Overdue, engine.Due, engine.Waiting, engine.NoTimescale:
				it := render.Item{Obligation: o}
				render.Describe(&it, c, p.Calendar, redact)
				items = append(items, it)
			}
		}
	}
	slices.SortStableFunc(items, func(a, b render.Item) int {
		switch {
		case engine.Less(a.Obligation, b.Obligation):
			return -1
		case engine.Less(b.Obligation, a.Obligation):
			return 1
		}
		return 0
	})
	return items
}

// The table at 80, 100 and 200 columns: golden files, and the promises of each width checked
// on the lines themselves.
func TestDueTableWidths(t *testing.T) {
	for _, width := range []int{80, 100, 200} {
		items := exampleItems(t, false)
		render.GroupByWorker(items)
		var b bytes.Buffer
		o := render.DueOptions{Width: width, Terminal: true, Unit: render.WorkingDays}
		if err := render.WriteDue(&b, render.Items(items), o); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
		for _, l := range lines {
			if n := runewidth.StringWidth(l); n > width {
				t.Errorf("%d columns: a line of %d: %q", width, n, l)
			}
		}
		if width >= 100 && len(lines) != len(items)+1 {
			t.Errorf("%d columns: %d lines for %d obligations and a header; want one line each", width, len(lines), len(items))
		}
		testutil.Golden(t, "due/table-"+strconv.Itoa(width)+".txt", b.String())
	}
}

// At 80 columns nothing is broken inside a word: every word of every wrapped obligation is one
// of the words of that obligation's text (or a shortened one, marked with "…").
func TestDueTableNoWordBroken(t *testing.T) {
	items := exampleItems(t, false)
	render.GroupByWorker(items)
	var b bytes.Buffer
	if err := render.WriteDue(&b, render.Items(items), render.DueOptions{Width: 80, Terminal: true}); err != nil {
		t.Fatal(err)
	}
	words := map[string]bool{}
	for _, it := range items {
		words[it.WorkerLabel+":"] = true
		for _, s := range []string{render.ObligationText(it), it.ActionText + " (" + it.ActionOwner + ")", it.Case, it.ChildLabel, it.WorkerLabel, it.Cite, render.DaysText(it, render.CalendarDays), render.DateText(it.Due), render.DateText(it.Booked), "(after", "due)", "(late)"} {
			for _, w := range strings.Fields(s) {
				words[w] = true
			}
		}
	}
	for _, h := range []string{"Worker", "Case", "Child", "Obligation", "Due", "Status", "Booked", "Cite"} {
		words[h] = true
	}
	for _, l := range strings.Split(b.String(), "\n") {
		for _, w := range strings.Fields(l) {
			if !words[w] && !strings.HasSuffix(w, "…") {
				t.Errorf("80 columns: %q is not a whole word of any cell, in %q", w, l)
			}
		}
	}
}

// --wide keeps every cell whole whatever the width; a pipe (width 0) too.
func TestDueTableWide(t *testing.T) {
	items := exampleItems(t, false)
	for _, o := range []render.DueOptions{{Width: 80, Wide: true, Terminal: true}, {}} {
		var b bytes.Buffer
		if err := render.WriteDue(&b, render.Items(items), o); err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if !strings.Contains(b.String(), render.ObligationText(it)) || !strings.Contains(b.String(), it.Cite) {
				t.Errorf("%+v: %q or its citation is not whole", o, render.ObligationText(it))
			}
		}
		if strings.Contains(b.String(), "…") {
			t.Errorf("%+v: something shortened", o)
		}
	}
}

// Action rows say what the action is and whose it is; with redaction the text is left out and
// the owner is initials.
func TestDueTableActions(t *testing.T) {
	for _, redact := range []bool{false, true} {
		var texts []string
		for _, it := range exampleItems(t, redact) {
			if it.Rule == "action-due" && it.Case == "EX-S9-0001" {
				texts = append(texts, render.ObligationText(it))
			}
		}
		want := []string{"Agreed action done: Kris to confirm his alcohol service appointments (owner Kris)", "Agreed action done: School nurse to complete health assessments for Leo and Remy (owner Joy)"}
		if redact {
			want = []string{"Agreed action done: " + render.Redacted + " (owner " + render.Initials("Kris") + ")", "Agreed action done: " + render.Redacted + " (owner " + render.Initials("Joy") + ")"}
		}
		if !slices.Equal(texts, want) {
			t.Errorf("redact %v: action rows %q, want %q", redact, texts, want)
		}
	}
}

// One unit: every count in the Status column is in the unit the heading names.
func TestDaysTextOneUnit(t *testing.T) {
	o := engine.Obligation{Status: engine.Overdue, Days: 27, HasDays: true}
	it := render.Item{Obligation: o, WorkingDays: 19}
	if got := render.DaysText(it, render.WorkingDays); got != "overdue by 19" {
		t.Errorf("working: %q", got)
	}
	if got := render.DaysText(it, render.CalendarDays); got != "overdue by 27" {
		t.Errorf("calendar: %q", got)
	}
	it.Status, it.Days, it.WorkingDays = engine.Due, 3, 2
	if got := render.DaysText(it, render.WorkingDays); got != "due in 2" {
		t.Errorf("due: %q", got)
	}
	if got := render.UnitHeading(render.WorkingDays); got != "Overdue by, due in and late by count working days." {
		t.Errorf("heading: %q", got)
	}
}

// Each worker's rows are together, in the order of their first row; a case that could not be
// checked comes first; the same member id in two cases is two people, one staff id is one.
func TestGroupByWorker(t *testing.T) {
	mk := func(ref, worker, staff string) render.Item {
		return render.Item{Obligation: engine.Obligation{Case: ref, Worker: worker}, Staff: staff}
	}
	items := []render.Item{mk("A", "sw1", ""), mk("B", "sw1", ""), mk("C", "sw2", "e1"), mk("A", "sw1", ""), mk("D", "sw9", "e1"),
		render.Unevaluated("", "cases/E", casefolder.Pos{}, "plan.yaml: cannot read", 1)}
	render.GroupByWorker(items)
	var got []string
	for _, it := range items {
		got = append(got, it.Case)
	}
	if want := []string{"cases/E", "A", "A", "B", "C", "D"}; !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

// passes are Rows that count how often they are read.
// passes are rows read only in order (not render.Indexed), counting the passes over them.
type passes struct {
	items render.Items
	n     int
}

func (p *passes) All(yield func(render.Item) bool) {
	p.n++
	p.items.All(yield)
}

// The table reads its rows a few times, never holding them: into a file or with --wide twice
// (measure, print); on a narrow terminal once more for each column a fitting step changes, at
// most 9 in all. Rows read by place (render.Items) make the same table.
func TestDueTablePasses(t *testing.T) {
	items := exampleItems(t, false)
	render.GroupByWorker(items)
	for _, c := range []struct {
		width    int
		wide     bool
		min, max int
	}{{0, false, 2, 2}, {80, true, 2, 2}, {80, false, 3, 9}, {40, false, 3, 9}} {
		p := &passes{items: items}
		var got, want bytes.Buffer
		o := render.DueOptions{Width: c.width, Wide: c.wide, Terminal: c.width > 0}
		if err := render.WriteDue(&got, p, o); err != nil {
			t.Fatal(err)
		}
		if err := render.WriteDue(&want, render.Items(items), o); err != nil {
			t.Fatal(err)
		}
		if p.n < c.min || p.n > c.max || got.String() != want.String() {
			t.Errorf("width %d: %d passes, want %d to %d (same table: %v)", c.width, p.n, c.min, c.max, got.String() == want.String())
		}
	}
}

// Read by place, a table of more rows than a batch holds is the same as read in order: a batch
// that starts within a worker's rows continues the worker's group.
func TestDueTableByPlaceAcrossBatches(t *testing.T) {
	var items render.Items
	for range 40 {
		items = append(items, exampleItems(t, false)...)
	}
	render.GroupByWorker(items)
	for _, o := range []render.DueOptions{{}, {Width: 40, Terminal: true}, {Width: 200, Terminal: true}} {
		var inOrder, byPlace bytes.Buffer
		if err := render.WriteDue(&inOrder, &passes{items: items}, o); err != nil {
			t.Fatal(err)
		}
		if err := render.WriteDue(&byPlace, items, o); err != nil {
			t.Fatal(err)
		}
		if inOrder.String() != byPlace.String() {
			t.Errorf("width %d, terminal %v: the table read by place differs from the table read in order", o.Width, o.Terminal)
		}
	}
}

// Two rows are in one worker group exactly when their WorkerKey is the same, numbered in the
// order the groups first come; a case not checked is group 0.
func TestWorkerGroupsRankByWorkerKey(t *testing.T) {
	row := func(staff, ref, worker string) render.Item {
		return render.Item{Staff: staff, Obligation: engine.Obligation{Case: ref, Worker: worker, Status: engine.Due}}
	}
	rows := []render.Item{
		row("S1", "A", "m1"), row("", "A", "m1"), row("S1", "B", "m9"), row("", "B", "m1"),
		row("", "A", ""), row("", "B", ""), row("", "A", "m1"), row("S2", "A", "m1"),
		render.Unevaluated("C", "c", casefolder.Pos{}, "bad", 1),
	}
	want := []int{1, 2, 1, 3, 4, 4, 2, 5, 0}
	var g render.WorkerGroups
	for i, it := range rows {
		if got := g.Rank(it); got != want[i] {
			t.Errorf("row %d (%q): group %d, want %d", i, render.WorkerKey(it), got, want[i])
		}
	}
}

// A table that starts from the widths measured as its rows were made (DueWidths) is the table
// that measures its rows itself, in a file or on a terminal (where it measures its own: a row
// that continues a worker's group shows no name, and the order says which); widths of other
// rows are not used.
func TestDueTableFromWidthsMeasuredAsTheRowsWereMade(t *testing.T) {
	items := render.Items(exampleItems(t, false))
	wide := items[0]
	wide.WorkerLabel, wide.ActionText = "漢字の名前 Worker", "A very long action text\nover two lines" // in another's group
	items = append(items, wide, render.Unevaluated("BAD-1", "bad", casefolder.Pos{File: "bad/plan.yaml", Line: 3, Col: 1}, "cannot be read", 1))
	render.GroupByWorker(items)
	for _, o := range []render.DueOptions{{}, {Width: 60, Terminal: true}, {Width: 250, Terminal: true, Color: true}, {OneWorker: true}, {Unit: render.WorkingDays}} {
		var measured, fromWidths, fromOthers bytes.Buffer
		if err := render.WriteDue(&measured, items, o); err != nil {
			t.Fatal(err)
		}
		w := render.NewDueWidths(o.Unit)
		w.Add(items[:3]) // as the cases come, in any order
		w.Add(items[3:])
		with := o
		with.Widths = w
		if err := render.WriteDue(&fromWidths, items, with); err != nil {
			t.Fatal(err)
		}
		if fromWidths.String() != measured.String() {
			t.Errorf("%+v: the table from the widths measured as the rows were made differs:\n%s\nwant\n%s", o, fromWidths.String(), measured.String())
		}
		// Widths of fewer rows (a case dropped after) or of another unit are not used.
		fewer, otherUnit := render.NewDueWidths(o.Unit), render.NewDueWidths(render.WorkingDays+render.CalendarDays-o.Unit)
		fewer.Add(items[:2])
		otherUnit.Add(items)
		for _, other := range []*render.DueWidths{fewer, otherUnit} {
			with.Widths = other
			fromOthers.Reset()
			if err := render.WriteDue(&fromOthers, items, with); err != nil {
				t.Fatal(err)
			}
			if fromOthers.String() != measured.String() {
				t.Errorf("%+v: widths of other rows were used", o)
			}
		}
	}
}
