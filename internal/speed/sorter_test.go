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
	if n := reflect.TypeOf(render.Item{}).NumField(); n != 9 {
		t.Errorf("render.Item has %d fields: add the new ones to the Sorter's codec", n)
	}
	if n := reflect.TypeOf(engine.Obligation{}).NumField(); n != 23 {
		t.Errorf("engine.Obligation has %d fields: add the new ones to the Sorter's codec (and the cache's obligations)", n)
	}
}
