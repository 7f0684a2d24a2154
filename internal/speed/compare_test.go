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
