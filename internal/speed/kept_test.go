package speed_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/cpcase/cpcase/internal/app"
	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/dates/duration"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
	"github.com/cpcase/cpcase/internal/speed"
)

// exampleItems are every obligation of the examples as `due --all` makes them, case by case.
func exampleItems(t testing.TB) (items [][]render.Item, pols []*policy.Policy) {
	t.Helper()
	day := civil.MustParse("2026-11-23")
	type evaluated struct {
		items []render.Item
		p     *policy.Policy
	}
	res, err := app.Each(app.Options{Paths: []string{"../../examples"}, AsOf: day, NeedPolicy: true}, func(c *app.Case) evaluated {
		return evaluated{app.Items(c, day, duration.Duration{N: 14, Unit: duration.Days}, app.ItemOptions{All: true, Names: true}), c.Policy}
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		items = append(items, r.Value.items)
		pols = append(pols, r.Value.p)
	}
	return items, pols
}

// Every example obligation packs compactly and unpacks to exactly itself.
func TestKeptItemsUnpackToThemselves(t *testing.T) {
	items, pols := exampleItems(t)
	n := 0
	for c, its := range items {
		for i, k := range speed.Keep(its, pols[c]) {
			if k.Whole() {
				t.Errorf("%s %s: held whole, want it packed", its[i].Case, its[i].Rule)
			}
			if got := k.Item(); got != its[i] {
				t.Errorf("unpacked\n %+v\nwant\n %+v", got, its[i])
			}
			n++
		}
	}
	if n < 150 {
		t.Errorf("only %d obligations looked at", n)
	}
}

// An item the compact form cannot hold (a rule the policy does not have, a status it does not
// know, another case's reference) is held whole and comes back unchanged.
func TestKeptItemsThatDoNotFitAreHeldWhole(t *testing.T) {
	items, pols := exampleItems(t)
	its, p := slices.Clone(items[0]), pols[0]
	its[1].Rule = "no-such-rule"
	its[2].Status = "unheard-of"
	its[3].Case = "ANOTHER-CASE"
	its[4].Days = 1 << 40
	for i, k := range speed.Keep(its, p) {
		if (k.Whole()) != (i >= 1 && i <= 4) {
			t.Errorf("item %d: held whole %v", i, k.Whole())
		}
		if k.Item() != its[i] {
			t.Errorf("item %d does not come back unchanged", i)
		}
	}
}

// The order is a stable sort by engine.Less, as due has always printed.
func TestShownItemsSortLikeAStableSort(t *testing.T) {
	items, pols := exampleItems(t)
	var flat []render.Item
	var s speed.Shown
	for i, its := range items {
		flat = append(flat, its...)
		s.All = append(s.All, speed.Keep(its, pols[i])...)
	}
	s.Sort()
	sort.SliceStable(flat, func(i, j int) bool { return engine.Less(flat[i].Obligation, flat[j].Obligation) })
	if got := s.Items(); !slices.Equal(got, flat) {
		t.Error("Shown.Sort differs from sort.SliceStable by engine.Less")
	}
}

// A case that could not be evaluated is held whole and sorts before every obligation.
func TestShownUnevaluatedFirst(t *testing.T) {
	items, pols := exampleItems(t)
	var s speed.Shown
	s.All = speed.Keep(items[0], pols[0])
	broken := render.Unevaluated("X-1", "cases/x", render.Pos("cases/x/plan.yaml", 3, 1), "unknown member", 1)
	s.All = append(s.All, speed.KeepWhole(broken))
	s.Sort()
	if s.At(0) != broken || s.Len() != len(items[0])+1 {
		t.Errorf("first %+v", s.At(0))
	}
}

// Permute reorders what At gives back, and nothing else.
func TestShownPermute(t *testing.T) {
	items, pols := exampleItems(t)
	var s speed.Shown
	s.All = speed.Keep(items[0], pols[0])
	s.Sort()
	before := s.Items()
	rev := make([]int, s.Len())
	for i := range rev {
		rev[i] = len(rev) - 1 - i
	}
	s.Permute(rev)
	for i := range rev {
		if s.At(i) != before[len(rev)-1-i] {
			t.Fatalf("row %d is not the %d-th of before", i, len(rev)-1-i)
		}
	}
}
