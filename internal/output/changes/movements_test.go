package changes

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/history"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// A movement's record reads back exactly from a run on disk, and a record cut short anywhere is
// an error, never a panic or a wrong record.
func TestRecordCodec(t *testing.T) {
	m := NewMovements(history.Commit{}, civil.MustParse("2026-11-16"), civil.MustParse("2026-11-23"))
	defer m.Close()
	before := engine.Obligation{Rule: "child-seen", Title: "Child seen", Child: "a", Detail: "since 2026-10-20", Period: 2, Status: engine.Due,
		Due: civil.MustParse("2026-11-19"), Anchor: casefolder.Pos{File: "cases/a/visits.yaml", Line: 3, Col: 5}}
	after := before
	after.Status, after.Met, after.Booked = engine.Late, civil.MustParse("2026-11-20"), civil.MustParse("2026-11-18")
	c := history.Commit{Hash: "0123456789abcdef", Author: "Ann", When: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC), Subject: "Visit"}
	m.Add(4, CaseChanges{Ref: "NR-1", Folder: "cases/a", PlanEnded: true, FixedSince: true, Movements: []Movement{
		{Kind: WasMet, Before: &before, After: &after, Files: []string{"cases/a/visits.yaml", "cases/a/plan.yaml"}, Commits: []history.Commit{c, c}, Uncommitted: true},
		{Kind: Appeared, After: &after},
	}}, nil, func(f string) string { return "top/" + f })
	var recs []Record
	for r := range m.Each {
		recs = append(recs, *r)
	}
	if len(recs) != 3 || recs[1].After.Anchor != "top/cases/a/visits.yaml:3" || recs[1].Before.Anchor != before.Anchor.String() || recs[2].Before.Has {
		t.Fatalf("records %+v", recs)
	}
	for _, want := range recs {
		b, err := m.encode(nil, &want)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.decode(b)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("read back %+v, %v; want %+v", got, err, want)
		}
		for n := range len(b) {
			if got, err := m.decode(b[:n]); err == nil {
				t.Fatalf("a record cut at %d of %d bytes read as %+v", n, len(b), got)
			}
		}
	}
}

// Through runs on disk the records come in the order they do in memory, a dropped case's left
// out of them and of the counts.
func TestMovementsSpilled(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	list := func(budget int) ([]string, *Movements) {
		defer func(b int) { MoveBudget = b }(MoveBudget)
		MoveBudget = budget
		m := NewMovements(history.Commit{}, 0, 0)
		for i := range 300 {
			ref := fmt.Sprintf("R-%d", (i*7)%100) // each reference three times, at three places
			var ms []Movement
			for k := range i % 4 {
				o := engine.Obligation{Rule: fmt.Sprint("r", k), Title: "T", Status: engine.Overdue}
				ms = append(ms, Movement{Kind: BecameOverdue, Before: &engine.Obligation{Status: engine.Due}, After: &o})
			}
			m.Add(i, CaseChanges{Ref: ref, Folder: fmt.Sprint("f", i), Movements: ms}, nil, nil)
			if i%3 != 0 {
				m.Drop(i)
			}
		}
		var out []string
		for r := range m.Each {
			out = append(out, fmt.Sprint(r.Ref, " ", r.Index, " ", r.Seq, " ", r.Folder, " ", r.Rule))
		}
		if err := m.Err(); err != nil {
			t.Fatal(err)
		}
		return out, m
	}
	want, held := list(1 << 30)
	got, spilled := list(1)
	defer spilled.Close()
	if held.Spilled() || !spilled.Spilled() {
		t.Fatalf("spilled: %v with the default budget, %v with a budget of 1", held.Spilled(), spilled.Spilled())
	}
	if !slices.Equal(got, want) {
		t.Errorf("through the disk:\n%v\nin memory:\n%v", got, want)
	}
	// 100 cases kept (every third folder), of which i%4 movements each, all newly overdue.
	moves := 0
	for i := 0; i < 300; i += 3 {
		moves += i % 4
	}
	if spilled.Cases() != 100 || spilled.Changes() != moves || spilled.NewlyOverdue() != moves || len(want) != 100+moves {
		t.Errorf("counts %d cases, %d changes, %d newly overdue, %d records; want 100, %d", spilled.Cases(), spilled.Changes(), spilled.NewlyOverdue(), len(want), moves)
	}
	// R-0 is at 0 (kept, no movement), 100 and 200; R-1 at 43, 143 and 243 (kept, three).
	if want[0] != "R-0 0 0 f0 " || want[1] != "R-1 243 0 f243 " || want[3] != "R-1 243 2  r1" {
		t.Errorf("first records %q", want[:4])
	}
}
