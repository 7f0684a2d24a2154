package speed

import (
	"math/rand/v2"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/policy"
	"github.com/cpcase/cpcase/internal/output/render"
)

// TestCompareKeptIsLess holds compareKept, which reads the packed fields in place, to engine.Less
// over obligations that tie on each field in turn, packed and held whole.
func TestCompareKeptIsLess(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	refs, rules, children := []string{"A-1", "A-2", "B-1"}, []string{"r.visit", "r.core", "r.review"}, []string{"", "c1", "c2"}
	make1 := func() Kept {
		st := rng.IntN(len(engine.Statuses))
		due := civil.Date(0)
		if rng.IntN(4) > 0 {
			due = civil.Date(20000 + rng.IntN(3))
		}
		k := Kept{c: &keptCase{ref: refs[rng.IntN(3)]}, rule: &policy.Rule{ID: rules[rng.IntN(3)]},
			status: uint8(st), due: due, child: children[rng.IntN(3)], line: int32(rng.IntN(3))}
		if rng.IntN(5) == 0 {
			it := render.Item{Obligation: k.sortKey()}
			return Kept{whole: &it}
		}
		return k
	}
	sign := func(a, b *Kept) int {
		switch ka, kb := a.sortKey(), b.sortKey(); {
		case engine.Less(ka, kb):
			return -1
		case engine.Less(kb, ka):
			return 1
		}
		return 0
	}
	for range 20000 {
		a, b := make1(), make1()
		want, got := sign(&a, &b), compareKept(&a, &b)
		if got != want {
			t.Fatalf("compareKept(%+v, %+v) = %d, engine.Less says %d", a.sortKey(), b.sortKey(), got, want)
		}
	}
}

// TestSortKeysAgreeWithCompareKept holds the sort's keys (Sorter.sortKeys) to compareKept: a
// smaller key only where compareKept puts the row first, over rows that tie on each field in
// turn, packed, held whole and of cases that could not be evaluated, with no due date, and a
// reference shared by two cases.
func TestSortKeysAgreeWithCompareKept(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	refs := []string{"A-1", "A-2", "B-1", "A-1"}
	cases := make([]*keptCase, len(refs))
	for i, r := range refs {
		cases[i] = &keptCase{ref: r}
	}
	rules, children := []string{"r.visit", "r.core", "r.review"}, []string{"", "c1", "c2"}
	for round := range 200 {
		vals := make([]sorted, 60)
		for i := range vals {
			due := civil.Date(0)
			if rng.IntN(4) > 0 {
				due = civil.Date(20000 + rng.IntN(3))
			}
			k := Kept{c: cases[rng.IntN(len(cases))], rule: &policy.Rule{ID: rules[rng.IntN(3)]},
				status: uint8(rng.IntN(len(engine.Statuses))), due: due, child: children[rng.IntN(3)], line: int32(rng.IntN(3))}
			switch rng.IntN(6) {
			case 0:
				it := render.Item{Obligation: k.sortKey()}
				k = Kept{whole: &it}
			case 1:
				it := render.Item{Obligation: k.sortKey()}
				it.Status = render.NotEvaluated
				k = Kept{whole: &it}
			}
			vals[i] = sorted{k: k, seq: uint64(i)}
		}
		s := NewSorter(0)
		keys := make([]uint64, len(vals))
		s.sortKeys(func(i int32) *sorted { return &vals[i] }, keys)
		for i := range vals {
			for j := range vals {
				if keys[i] < keys[j] && compareKept(&vals[i].k, &vals[j].k) >= 0 {
					t.Fatalf("round %d: key of %+v below that of %+v, which compareKept does not put after it", round, vals[i].k.sortKey(), vals[j].k.sortKey())
				}
			}
		}
	}
}
