package report

import (
	"bytes"
	"os"
	"sync"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
)

// pageSample is a report of three cases with every kind of status: overdue, due soon, missed,
// waiting, met, and a case with nothing left to do.
func pageSample() *Report {
	r := &Report{AsOf: asOf, Horizon: "14 days", HorizonEnd: civil.MustParse("2026-12-07"),
		NotRead: []NotRead{{Dir: "bad", Problem: "bad/plan.yaml:1:1: broken", Errors: 1}}}
	conf := []Event{{Kind: Conference, Date: civil.MustParse("2026-06-11"), Label: "Initial conference: plan", Short: "initial"},
		{Kind: Visit, Date: civil.MustParse("2026-11-16"), Label: "Home visit: no access", NoAccess: true}}
	met := ob("first-core-group", "", "2026-06-25", engine.Met)
	tie1, tie2 := ob("first-core-group", "", "2026-11-12", engine.Overdue), ob("first-core-group", "", "2026-11-12", engine.Overdue)
	tie1.Detail, tie2.Detail = "period 2", "period 1" // the same place in Less: listed as the case lists them
	met.Met = civil.MustParse("2026-06-20")
	r.Cases = []Case{
		{Ref: "A-1", Team: "North", Lead: "Sam", Dir: "cases/a", Policy: "p", Children: []Child{{Label: "Kit", Born: civil.MustParse("2015-01-02")}},
			Events: conf, Items: []render.Item{met, ob("child-seen", "k", "2026-11-12", engine.Overdue), ob("child-seen", "k", "2026-11-30", engine.Due)}},
		{Ref: "B-2", Team: "South", Dir: "cases/b", Policy: "p", Children: []Child{{Label: "Lee"}},
			Events: conf[:1], Items: []render.Item{ob("child-seen", "l", "2026-10-01", engine.Missed), ob("child-seen", "l", "", engine.Waiting),
				ob("first-core-group", "", "2026-11-20", engine.Overdue)}},
		{Ref: "C-3", Team: "North", Lead: "Sam", Dir: "cases/c", Policy: "p", Items: []render.Item{met, ob("child-seen", "m", "2026-11-12", engine.Overdue), tie1, tie2}},
	}
	return r
}

// A Page gives the bytes HTML and Markdown give for the same cases, whatever order they are
// added in (from several goroutines), with its overdue obligations held or sorted through runs
// on disk, a case added and then left out (a second folder of a reference) not shown, and
// leaves no temporary file behind.
func TestPageSameBytes(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	defer func(n int) { overdueBudget = n }(overdueBudget)
	for _, c := range []struct {
		markdown bool
		budget   int
	}{{false, 1 << 15}, {true, 1 << 15}, {false, 2}, {true, 1}} {
		markdown := c.markdown
		overdueBudget = c.budget
		r := pageSample()
		var want bytes.Buffer
		write := HTML
		if markdown {
			write = Markdown
		}
		if err := write(&want, r); err != nil {
			t.Fatal(err)
		}
		head := &Report{AsOf: r.AsOf, Horizon: r.Horizon, HorizonEnd: r.HorizonEnd}
		p := NewPage(head, markdown)
		sums := make([]Case, len(r.Cases))
		var wg sync.WaitGroup
		dropped := r.Cases[1]
		dropped.Ref = "dropped"
		if _, err := p.Add(&dropped); err != nil {
			t.Fatal(err)
		}
		for i := len(r.Cases) - 1; i >= 0; i-- {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := p.Add(&r.Cases[i])
				if err != nil {
					t.Error(err)
				}
				sums[i] = s
			}()
		}
		wg.Wait()
		for _, s := range sums {
			if len(s.Items) > 0 || len(s.Events) > 0 {
				t.Errorf("%s: the summary keeps %d obligations and %d events; the overview needs only counts", s.Ref, len(s.Items), len(s.Events))
			}
		}
		head.Cases, head.NotRead = sums, r.NotRead
		var got bytes.Buffer
		if err := p.Write(&got, head); err != nil {
			t.Fatal(err)
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("markdown %v, budget %d: the page differs from the one written whole:\n%s\n---\n%s", markdown, c.budget, got.String(), want.String())
		}
		if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) > 0 {
			t.Errorf("left in the temporary folder: %v", left)
		}
	}
}
