package changes_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/load/casefolder"
	"github.com/cpcase/cpcase/internal/output/changes"
	"github.com/cpcase/cpcase/internal/output/render"
)

// viaEarlier compares the snapshots as `cpcase changes` does at scale: the earlier one kept in
// an Earlier, each case of now compared on its own (from several goroutines), then the cases
// gone.
func viaEarlier(t *testing.T, from history.Commit, before, after changes.Snapshot, log *history.Log) *changes.Report {
	t.Helper()
	e := changes.NewEarlier(before.AsOf, before.Rel)
	defer e.Close()
	for _, c := range before.Cases {
		at, err := e.Keep(c.Obligations)
		if err != nil {
			t.Fatal(err)
		}
		e.Index(c.Ref, c.Folder, c.Failed, c.OnPlan, at)
	}
	last := map[string]int{}
	for i, c := range after.Cases {
		last[c.Ref] = i
	}
	got := make([]*changes.CaseChanges, len(after.Cases))
	var wg sync.WaitGroup
	for i := range after.Cases {
		if last[after.Cases[i].Ref] != i {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			cc, ok, err := e.CompareCase(&after.Cases[i], after.Rel, log)
			if err != nil {
				t.Error(err)
			}
			if ok {
				got[i] = &cc
			}
		}()
	}
	wg.Wait()
	var cs []changes.CaseChanges
	now := map[string]bool{}
	for i, c := range after.Cases {
		now[c.Ref] = true
		if got[i] != nil {
			cs = append(cs, *got[i])
		}
	}
	gone, err := e.Gone(now, after.Rel, log)
	if err != nil {
		t.Fatal(err)
	}
	return changes.NewReport(from, before.AsOf, after.AsOf, append(cs, gone...))
}

// outputs are the report in every format.
func outputs(t *testing.T, r *changes.Report, before, after changes.Snapshot) string {
	t.Helper()
	var b bytes.Buffer
	if err := changes.JSON(&b, r, before.Rel, after.Rel, changes.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := changes.CSV(&b, r, changes.Options{}); err != nil {
		t.Fatal(err)
	}
	b.WriteString(changes.Summary(r) + "\n")
	if err := render.WriteTable(&b, changes.Table(r, changes.Options{}), render.Style{}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Comparing case by case through the temporary file gives the report Compare gives, in every
// format: on the test repository (commits behind each movement, read through the positions
// kept in the file), and with cases failed, fixed, added, removed and a reference used twice.
func TestEarlierSameAsCompare(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	r, _ := build(t)
	h, err := history.Open(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	from, err := h.ResolveSpec("2026-11-16")
	if err != nil {
		t.Fatal(err)
	}
	k, err := h.Copy(from, []string{"cases", "policy.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	log, err := h.Changes(from, []string{"cases"})
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, k.Dir, civil.MustParse("2026-11-16"))
	after := snapshot(t, h.Root, civil.MustParse("2026-11-23"))
	want := changes.New(from, before, after, log)
	if len(want.Cases) == 0 || len(want.Cases[0].Movements[0].Commits) == 0 {
		t.Fatalf("the test repository shows no movement with commits: %+v", want.Cases)
	}
	got := viaEarlier(t, from, before, after, log)
	if g, w := outputs(t, got, before, after), outputs(t, want, before, after); g != w {
		t.Errorf("case by case:\n%s\nwhole:\n%s", g, w)
	}

	due := engine.Obligation{Case: "A", Rule: "r", Due: civil.MustParse("2026-11-30"), Status: engine.Due, Anchor: casefolder.Pos{File: "a/plan.yaml", Line: 3, Col: 5}}
	met := engine.Obligation{Case: "A", Rule: "q", Due: civil.MustParse("2026-11-01"), Status: engine.Met, Met: civil.MustParse("2026-10-30"),
		Basis: &engine.Basis{MetAt: casefolder.Pos{File: "a/visits.yaml", Line: 2, Col: 3}, Override: &casefolder.Conference{Pos: casefolder.Pos{File: "a/plan.yaml", Line: 9, Col: 5}}}}
	late := met
	moved := due
	moved.Basis = &engine.Basis{Override: &casefolder.Conference{Pos: casefolder.Pos{File: "h/conferences.yaml", Line: 4, Col: 5}}, BookedAt: casefolder.Pos{File: "h/meetings.yaml", Line: 7, Col: 5}}
	late.Status, late.Met, late.Days, late.HasDays, late.OverLimit, late.BookedLate = engine.Late, civil.MustParse("2026-11-04"), 3, true, true, true
	then := changes.Snapshot{AsOf: civil.MustParse("2026-11-16"), Cases: []changes.Case{
		{Ref: "A", Failed: true}, {Ref: "B", Folder: "b"}, {Ref: "C", Folder: "c", OnPlan: true, Obligations: []engine.Obligation{due, met}},
		{Ref: "D", Folder: "d", Obligations: []engine.Obligation{due}}, {Ref: "D", Folder: "d2", Failed: true}, {Ref: "E", Folder: "e", Failed: true},
		{Ref: "F", Folder: "f", Obligations: []engine.Obligation{due, late}}, {Ref: "H", Folder: "h", Obligations: []engine.Obligation{moved}}}}
	now := changes.Snapshot{AsOf: civil.MustParse("2026-11-23"), Cases: []changes.Case{
		{Ref: "A", Obligations: []engine.Obligation{due, met}}, {Ref: "B", Failed: true}, {Ref: "C", Folder: "c", Obligations: []engine.Obligation{late}},
		{Ref: "D", Folder: "d", Obligations: []engine.Obligation{met}}, {Ref: "G", Folder: "g", Obligations: []engine.Obligation{due, met}},
		{Ref: "F", Folder: "f", Obligations: []engine.Obligation{met, due}}, {Ref: "F", Folder: "f2", Failed: true}, {Ref: "H", Folder: "h"}}}
	booked := due
	booked.Basis = &engine.Basis{BookedAt: casefolder.Pos{File: "i/meetings.yaml", Line: 2, Col: 5}, MetAt: casefolder.Pos{File: "i/visits.yaml", Line: 3, Col: 5}}
	over := booked
	over.Status = engine.Overdue
	then.Cases = append(then.Cases, changes.Case{Ref: "I", Folder: "i", Obligations: []engine.Obligation{booked}})
	now.Cases = append(now.Cases, changes.Case{Ref: "I", Folder: "i", Obligations: []engine.Obligation{over}})
	same := func(f string) string { return f }
	then.Rel, now.Rel = same, same
	want = changes.New(history.Commit{}, then, now, nil)
	got = viaEarlier(t, history.Commit{}, then, now, nil)
	if g, w := outputs(t, got, then, now), outputs(t, want, then, now); g != w {
		t.Errorf("case by case:\n%s\nwhole:\n%s", g, w)
	}
	// Through runs on disk (a budget of one byte), the same bytes.
	inMemory := outputs(t, want, then, now)
	defer func(b int) { changes.MoveBudget = b }(changes.MoveBudget)
	changes.MoveBudget = 1
	if g := outputs(t, got, then, now); g != inMemory {
		t.Errorf("through the disk:\n%s\nin memory:\n%s", g, inMemory)
	}
	if len(want.Cases) < 6 {
		t.Errorf("only %d cases with movement: the sample does not exercise what it should", len(want.Cases))
	}
	for _, glob := range []string{"cpcase-changes-*", "cpcase-sort-*"} {
		if left, _ := filepath.Glob(filepath.Join(os.Getenv("TMPDIR"), glob)); len(left) > 0 {
			t.Errorf("left in the temporary folder: %v", left)
		}
	}
}
