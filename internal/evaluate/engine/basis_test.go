package engine_test

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/cpcase/cpcase/internal/dates/civil"
	"github.com/cpcase/cpcase/internal/evaluate/engine"
	"github.com/cpcase/cpcase/internal/load/casefolder"
)

// Options.Explain only adds each obligation's Basis: every other field is the same, and without
// it there is none.
func TestExplainAddsOnlyTheBasis(t *testing.T) {
	asOf := civil.MustParse("2026-11-23")
	dirs, _ := filepath.Glob(filepath.Join("..", "..", "..", "examples", "*", "plan.yaml"))
	if len(dirs) < 6 {
		t.Fatalf("%d examples", len(dirs))
	}
	for _, plan := range dirs {
		c, d := casefolder.Load(filepath.Dir(plan), asOf)
		if d.Errors() > 0 {
			t.Fatal(d)
		}
		p := leadPolicy(t, c.Policy)
		plain := engine.Evaluate(c, p, engine.Options{AsOf: asOf})
		explained := engine.Evaluate(c, p, engine.Options{AsOf: asOf, Explain: true})
		if len(plain) != len(explained) {
			t.Fatalf("%s: %d obligations, %d with Explain", plan, len(plain), len(explained))
		}
		for i := range plain {
			if plain[i].Basis != nil || explained[i].Basis == nil {
				t.Errorf("%s %s: basis %v / %v", c.Ref, plain[i].Rule, plain[i].Basis, explained[i].Basis)
			}
			e := explained[i]
			e.Basis = nil
			if !reflect.DeepEqual(plain[i], e) {
				t.Errorf("%s %s: %+v\nwith Explain %+v", c.Ref, plain[i].Rule, plain[i], e)
			}
		}
	}
}
