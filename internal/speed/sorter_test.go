package speed_test

import (
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"testing"

	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// sortedExamples is every example obligation (with a few that are held whole), case order
// reversed as the workers might add them, and what a stable sort by engine.Less of them in
// path order gives.
func sortedExamples(t *testing.T, budget int, drop int) (*speed.Sorter, []render.Item) {
	items, pols := exampleItems(t)
	items[1] = slices.Clone(items[1])
	items[1][0].Rule = "no-such-rule" // held whole
	items[1][1].Detail = "a detail"
	s := speed.NewSorter(budget)
	t.Cleanup(func() { s.Close() })
	var want []render.Item
	for c := range items {
		if c != drop {
			want = append(want, items[c]...)
		}
	}
	sort.SliceStable(want, func(i, j int) bool { return engine.Less(want[i].Obligation, want[j].Obligation) })
	for c := len(items) - 1; c >= 0; c-- {
		id := s.Add(c, items[c], pols[c])
		if c == drop {
			s.Drop(id)
		}
	}
	return s, want
}

// In memory and spilled in runs of every size, read once or twice, the order is the stable sort's
// and every obligation comes back exactly.
func TestSorterSortsLikeAStableSort(t *testing.T) {
	for _, budget := range []int{1, 2, 7, 50, 1 << 20} {
		s, want := sortedExamples(t, budget, -1)
		for read := 0; read < 2; read++ {
			if got := s.Items(); !slices.Equal(got, want) {
				t.Fatalf("budget %d, read %d: %d items, want %d, or in another order", budget, read, len(got), len(want))
			}
		}
		if s.Len() != len(want) || s.Err() != nil {
			t.Errorf("budget %d: Len %d, want %d; Err %v", budget, s.Len(), len(want), s.Err())
		}
	}
}

// A dropped case's obligations are left out, whether still in memory or already on disk.
func TestSorterDropsACase(t *testing.T) {
	for _, budget := range []int{3, 1 << 20} {
		s, want := sortedExamples(t, budget, 2)
		if got := s.Items(); !slices.Equal(got, want) || s.Len() != len(want) {
			t.Errorf("budget %d: %d items (Len %d), want %d", budget, len(got), s.Len(), len(want))
		}
	}
}

// The runs live in a private file that is gone once the Sorter is closed (on Linux at once: it
// is unlinked as soon as it is open).
func TestSorterLeavesNoFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	s, _ := sortedExamples(t, 5, -1)
	s.Items()
	s.Close()
	left, err := filepath.Glob(filepath.Join(tmp, "*"))
	if err != nil || len(left) != 0 {
		t.Errorf("left behind: %v %v", left, err)
	}
}

// The Sorter writes every field of an item to disk by name: a field added to render.Item,
// engine.Obligation or Kept must be added to its codec (encode, decode) and counted here.
func TestSorterCodecKnowsEveryField(t *testing.T) {
	if n := reflect.TypeOf(speed.Kept{}).NumField(); n != 22 {
		t.Errorf("speed.Kept has %d fields: add the new ones to the Sorter's codec", n)
	}
	if n := reflect.TypeOf(render.Item{}).NumField(); n != 9 {
		t.Errorf("render.Item has %d fields: add the new ones to the Sorter's codec", n)
	}
	if n := reflect.TypeOf(engine.Obligation{}).NumField(); n != 23 {
		t.Errorf("engine.Obligation has %d fields: add the new ones to the Sorter's codec (and the cache's obligations)", n)
	}
}

// Grouped, in memory and spilled in runs of every size, read twice: a stable sort of the
// Sorter's order by group (as render.GroupByWorker does in memory), every obligation exact.
func TestSorterGroup(t *testing.T) {
	ranks := map[string]func() func(render.Item) int{
		"worker": func() func(render.Item) int { var g render.WorkerGroups; return g.Rank },
		"rule":   func() func(render.Item) int { return func(it render.Item) int { return len(it.Rule) % 4 } },
	}
	for name, rank := range ranks {
		for _, budget := range []int{1, 4, 50, 1 << 20} {
			s, want := sortedExamples(t, budget, 2)
			r := rank()
			byRank := make([]int, len(want))
			for i, it := range want {
				byRank[i] = r(it)
			}
			order := make([]int, len(want))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int { return byRank[a] - byRank[b] })
			var wantGrouped []render.Item
			for _, i := range order {
				wantGrouped = append(wantGrouped, want[i])
			}
			g := s.Group(rank())
			for read := 0; read < 2; read++ {
				if got := slices.Collect(g.All); !slices.Equal(got, wantGrouped) {
					t.Fatalf("%s, budget %d, read %d: %d items, want %d, or in another order", name, budget, read, len(got), len(wantGrouped))
				}
			}
			if ix, ok := g.Indexed(); ok != (budget == 1<<20) {
				t.Errorf("%s, budget %d: read by place %v, want it only when held in memory", name, budget, ok)
			} else if ok {
				var got []render.Item
				for i := range ix.Len() {
					got = append(got, ix.At(i))
				}
				if !slices.Equal(got, wantGrouped) {
					t.Errorf("%s, budget %d: read by place, %d items, want %d, or in another order", name, budget, len(got), len(wantGrouped))
				}
			}
			if g.Err() != nil || g.Close() != nil {
				t.Errorf("%s, budget %d: %v", name, budget, g.Err())
			}
			if name == "worker" {
				// The due table's grouping, worked out once a case, is the same.
				byWorker := s.GroupByWorker()
				if got := slices.Collect(byWorker.All); !slices.Equal(got, wantGrouped) {
					t.Fatalf("GroupByWorker, budget %d: %d items, want %d, or in another order", budget, len(got), len(wantGrouped))
				}
				byWorker.Close()
			}
		}
	}
}

// The text kept beside each obligation (--explain's) comes back with it, from memory or disk.
func TestSorterExplained(t *testing.T) {
	items, pols := exampleItems(t)
	for _, budget := range []int{1, 7, 1 << 20} {
		s := speed.NewSorter(budget)
		t.Cleanup(func() { s.Close() })
		for c := len(items) - 1; c >= 0; c-- {
			why := make([]string, len(items[c]))
			for i, it := range items[c] {
				why[i] = it.Case + " " + it.Rule + " " + it.Due.String()
			}
			s.AddExplained(c, items[c], why, pols[c])
		}
		n := 0
		for it, why := range s.Explained {
			if want := it.Case + " " + it.Rule + " " + it.Due.String(); why != want {
				t.Fatalf("budget %d: %q beside %s %s, want %q", budget, why, it.Case, it.Rule, want)
			}
			n++
		}
		if n != s.Len() || s.Err() != nil {
			t.Errorf("budget %d: %d explained, want %d; %v", budget, n, s.Len(), s.Err())
		}
	}
}
